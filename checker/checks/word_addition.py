"""CT151 word-addition: a target content word with no counterpart in the source."""
from __future__ import annotations

from collections.abc import Iterator

from ..align.words import words_of
from ..model import DocumentPair, Finding, FixAvailability, Severity
from .base import Context, Example
from .probe import Probe, ProbingCheck
from .wordstats import is_content_word


class WordAddition(ProbingCheck):
    """A target content word has no counterpart in the source.

    What it does
        After word alignment, takes the target content words that no source word is linked to and that are no
        dictionary translation of any word of the aligned source. A word that pairs off with such a leftover
        source word (each the other's nearest, "stronghold" and "fief") is a translation the dictionary lacks,
        and is dropped. Each of the rest that the quality model also doubts (its probability that an editor
        would change the word, at least 0.08) is probed: when deleting it from the translation brings the
        translation closer to the source, it was most likely added. As with CT150, recall is modest and false
        alarms are few (about 6 % of lines of human translation), so findings are minor.

    Why is this bad?
        An added qualifier ("allegedly", "violent") puts words in a source's mouth.

    Example
        Source: « La police a dispersé les manifestants. »
        Target: "Police violently dispersed the protesters."

    Use instead
        "Police dispersed the protesters."

    Fix safety
        No fix is offered: deleting the word is the likely remedy, but only an editor can tell an addition from
        a translation the dictionary lacks.
    """

    code = "CT151"
    name = "word-addition"
    category = "accuracy/addition"
    severity = Severity.MINOR
    fix = FixAvailability.NEVER
    side = "target"
    # Measured by scripts/probe_gate.py (WMT newstest2013 lines 1500-2299: the human reference, then an adjective
    # added after "the"): lines with a finding, reference / added word, 65 / 189 with no gate; 45 / 159 gated at
    # 0.08, from 0.73 of the probes. A third fewer false alarms for a sixth of the finds. With the model retrained
    # on the 7-bit encoder (2026-12-01): 62 / 196 with no gate, 48 / 174 at 0.08 from 0.80 of the probes: kept.
    gate = 0.08
    min_gain = 0.008
    examples = (
        Example(
            "La police a dispersé les manifestants devant la préfecture jeudi soir.",
            "Police <marker>brutally</marker> dispersed the protesters outside the prefecture on Thursday evening.",
        ),
        Example(
            "La police a dispersé les manifestants devant la préfecture jeudi soir.",
            "Police dispersed the protesters outside the prefecture on Thursday evening.",
        ),
        Example(
            "La ville reste le fief du parti depuis quarante ans.",
            "The town has been the party's stronghold for forty years.",
        ),
    )

    @classmethod
    def _find_candidates(cls, pair: DocumentPair, ctx: Context) -> list[tuple]:
        dictionary = ctx.lexicons.dictionary
        if not len(dictionary):
            return []  # without a dictionary an unlinked word is no evidence of an addition
        src, tgt = pair.source, pair.target
        candidates = []
        for seg in pair.segments:
            if not seg.unlinked_target:
                continue
            source_words = [src.text[s:e] for s, e in words_of(src.text, seg.source_start, seg.source_end)]
            for start, end, _ in seg.unlinked_target:
                word = tgt.text[start:end]
                if not is_content_word(word, tgt.lang):
                    continue
                if any(dictionary.covers(s, [word]) or _in_a_phrase(word, dictionary.translation_words(s))
                       for s in source_words):
                    continue
                candidates.append((seg, start, end, word, Probe(seg, "target", start, end)))
        return candidates

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        for (seg, start, end, word, _), gain in self.confirmed(pair, ctx):
            yield self.finding(
                seg,
                (start, end),
                None,
                f"'{word}' has no counterpart in the source: delete it, or check the source",
                confidence=min(0.6, 0.3 + 10 * float(gain)),
            )


def _in_a_phrase(word: str, translation_words: frozenset[str]) -> bool:
    """Whether `word` (or its singular) is a word of some translation of a source word: "lecture" in "lecture
    halls" for « amphithéâtres », which the dictionary gives as "lecture theatre". Part of a several-word
    rendering of a word that is there is no addition, even when the rest of the phrase differs."""
    low = word.lower()
    return low in translation_words or (low.endswith("s") and low[:-1] in translation_words)
