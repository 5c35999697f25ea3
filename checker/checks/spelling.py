"""CT207 spelling: a word of the translation that no English dictionary knows and that the source does not explain."""
from __future__ import annotations

import re
from collections.abc import Iterator
from difflib import SequenceMatcher

from ..model import DocumentPair, Finding, FixAvailability, FixSafety, Severity
from .base import Check, Context, Example, text_before
from .wordstats import fold, zipf

# A word: letters, with inner apostrophes (qu'occupa, Renamo's); hyphens and digits split words.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_APOSTROPHES = frozenset("'’")
# Just before a word these make it part of a handle, a tag, a path or an address, not prose.
_NOT_PROSE = set("@#/\\_=&%$€£")
_SENTENCE_OPENERS = set(".!?:;\"“”«»‘’'([{—–…")
# wordfreq's large English list (zipf ≥ 1, one per 100 million words) knows the commonest misspellings of people
# ("goverment" 2.7), not the non-words MT makes from French ("nonurgent", "obstinated", "injureds": 0). A word it
# knows at all is taken as English. Measured on newstest2014 (3,003 lines, words per 50 lines, line by line and
# before the British and near-copy tests): human references 0.25 at < 1 (a word wordfreq does not have), 0.35
# at < 1.5, 0.60 at < 2; online-B MT 0.11 / 0.25 / 0.30; rbmt1 1.32 / 1.97 / 2.18. Between 1 and 2 the
# references' words are British spellings and rare real words ("unfalsifiable", "mayorship").
MIN_KNOWN_ZIPF = 1.0
# A word this close to a source word (difflib ratio, accents folded) is the source word adapted ("écotaxe" →
# "ecotax"), a copy for CT140 (untranslated words) to judge, not a misspelling.
COPY_RATIO = 0.85


class Spelling(Check):
    """A word of the translation that is in no English dictionary and is not copied from the source.

    What it does
        Looks at each word of the translation that is not a name (capitalised inside a sentence, or a name form
        of the pair's lexicon), not an acronym, not part of a number, a handle or an address, and written with
        the letters of the target language (`[spelling] letters`: "pojišťovna" is a foreign word). A word is
        reported when wordfreq's large English word list has never seen it, no source word of its segment
        explains it (the same word, or nearly: "écotaxe" → "ecotax", which is for CT140 to judge), and Harper's
        dictionaries, American and British, do not know it either. Harper's corrections are the suggestions,
        for an editor to choose. On 3,003 WMT newstest2014 human references it reports 10 words (0.16 per 50
        sentences: rare coinages, "planemaker", "subliminated", and one typo, "Btitish"); on online-B's MT of
        the same lines 2; on a rule-based MT's (rbmt1) 65 ("nonunscathed", "obstinated", "anecdotic",
        "injureds"; `scripts/evaluate.py grammar --limit 3003`).

    Why is this bad?
        MT systems make non-words from French morphology ("nonlucrative", "paludism" for "paludisme"); a
        reader stops at them, and a spell checker in the CMS may not run on copy pasted from a translation tool.

    Example
        Source: « Le ministre a refusé de commenter les négociations. »
        Target: "The minister refuzed to comment on the negotiations."

    Use instead
        "The minister refused to comment on the negotiations."

    Fix safety
        For review. Harper's corrections are the suggestions (up to three); a word no dictionary knows may still
        be a name or a coinage the story needs.
    """

    code = "CT207"
    name = "spelling"
    category = "fluency/spelling"
    severity = Severity.MINOR
    fix = FixAvailability.SOMETIMES
    uses_grammar = True  # the pipeline starts loading Harper when this check is selected
    examples = (
        Example("Le ministre a refusé de commenter les négociations.",
                "The minister <marker>refuzed</marker> to comment on the negotiations.", correction="refused"),
        Example("Le ministre a refusé de commenter les négociations.",
                "The minister refused to comment on the negotiations."),
        # a name, a source word kept as it is (CT140's business) and a British spelling are no misspellings
        Example("Le maire de Trifouilly a inauguré la médiathèque et salué ses bénévoles.",
                "The mayor of Trifouilly opened the médiathèque and honoured its volunteers."),
        # a foreign term the translation adds, in letters English does not write
        Example("L'assureur a soutenu la campagne.",
                "The insurer, the zdravotní pojišťovna, supported the campaign."),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        lang = pair.target.lang
        if lang != "en":  # Harper's dictionaries are English
            return
        names = ctx.lexicons.names
        letters = frozenset(ctx.lexicons.target.section("spelling", "letters"))
        src, tgt = pair.source.text, pair.target.text
        starts = {s.start for s in pair.target.sentences}
        grammar = None
        for seg in pair.segments:
            if not seg.target_sentences:
                continue
            source_words: set[str] | None = None
            for m in _WORD.finditer(tgt, seg.target_start, seg.target_end):
                word, start, end = m.group(), m.start(), m.end()
                if not self._candidate(tgt, word, start, end, starts, lang):
                    continue
                if letters and not set(word.lower()) <= letters | _APOSTROPHES:
                    continue  # a letter English does not write: a foreign word or name kept as it is
                if source_words is None:
                    source_words = {fold(p) for w in _WORD.findall(src[seg.source_start : seg.source_end])
                                    for p in (w, *re.split(r"['’]", w))}  # l'écotaxe: also écotaxe
                bare = _POSSESSIVE.sub("", word)
                if _copied(bare, source_words) or names.is_target_form(bare) or names.entry(bare) is not None:
                    continue
                if grammar is None:
                    from .. import grammar as harper_grammar

                    grammar = harper_grammar.get()
                    if grammar is None:  # Harper is missing: said once on stderr; nothing to check against
                        return
                verdict = grammar.spell(bare)
                if verdict.known:
                    continue
                yield self.finding(
                    seg,
                    (start, start + len(bare)),
                    None,
                    f"'{bare}' is not an English word"
                    + ("" if verdict.suggestions else " (no dictionary suggestion)"),
                    suggestions=verdict.suggestions[:3],
                    fix=FixSafety.REVIEW,
                    confidence=0.5 if verdict.decided else 0.4,
                )

    @staticmethod
    def _candidate(text: str, word: str, start: int, end: int, sentence_starts: set[int], lang: str) -> bool:
        """The cheap tests: a prose word, not a name, an acronym or a known word."""
        if len(word) < 3 or any(c.isupper() for c in word[1:]):  # too short to judge; IAEA, McDonald, iPhone
            return False
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if before in _NOT_PROSE or after in _NOT_PROSE or before.isdigit() or after.isdigit():
            return False
        if after == "." and end + 1 < len(text) and text[end + 1].isalpha():  # a domain: example.com
            return False
        if word[0].isupper() and not _opens_sentence(text, start, sentence_starts):
            return False  # a name
        bare = _POSSESSIVE.sub("", word)
        return zipf(bare.lower(), lang, "large") < MIN_KNOWN_ZIPF and zipf(word.lower(), lang, "large") < MIN_KNOWN_ZIPF


def _opens_sentence(text: str, start: int, sentence_starts: set[int]) -> bool:
    if start in sentence_starts:
        return True
    before = text_before(text, start, " \u00a0")
    return not before or before[-1] in _SENTENCE_OPENERS or before.endswith("\n")


def _copied(word: str, source_words: set[str]) -> bool:
    """The word, or every piece of an elision (qu'occupa), is a source word or nearly one."""
    pieces = [fold(p) for p in re.split(r"['’]", word) if p]
    return all(p in source_words or (len(p) >= 5 and any(
        len(s) >= 5 and abs(len(s) - len(p)) <= 2 and SequenceMatcher(None, p, s).ratio() >= COPY_RATIO
        for s in source_words)) for p in pieces)
