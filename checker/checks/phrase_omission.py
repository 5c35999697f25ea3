"""CT152 phrase-omission: a run of source words with no counterpart in the translation."""
from __future__ import annotations

from collections.abc import Iterator

from ..align.words import words_of
from ..model import DocumentPair, Finding, FixAvailability, Severity
from .base import Check, Context, Example, excerpt
from .likely_omission import insertion_point
from .probe import Probe, deletion_gains, probe_texts
from .wordstats import is_content_word

# A candidate is a run of at least MIN_WORDS consecutive source words of one sentence, none with a confident word
# link, at least MIN_CONTENT of them content words. It is reported when deleting it from the source raises the
# pair's cosine by MIN_GAIN (a paraphrase the links missed makes the cosine fall). Chosen on newstest2013
# references with one comma-separated clause of a line deleted from the English (scripts/evaluate.py omissions;
# 2012 held out). Findings stay minor: in a first probe of the same data, a major tier from a gain of 0.015 had 1
# false alarm in 253 intact five-line 2013 stories but 9 in 251 of 2012.
MIN_WORDS = 3
MIN_CONTENT = 2
MIN_GAIN = 0.005


class PhraseOmission(Check):
    """A run of source words has no counterpart in the translation.

    What it does
        After word alignment, takes each run of at least three consecutive source words of one sentence that no
        target word links to, two or more of them content words, and probes it: when deleting the run from the
        source brings the source closer to the translation (the pair's cosine rises by at least 0.005), the
        translation most likely lacks it. A sentence with no translation at all is CT001's; single words are
        CT150's, and a word inside a reported run is not reported again. Minor: human translators also leave
        runs of words unlinked and closer to the source without them (about 2 findings per 100 sentences of
        WMT human references).

    Why is this bad?
        MT drops clauses as well as words: a relative clause, an attribution ("selon la police"), a
        qualification. The English still reads well, so only the source shows it.

    Example
        Source: « Le ministre, qui avait été arrêté mardi à son domicile, a démissionné jeudi. »
        Target: "The minister resigned on Thursday."

    Use instead
        "The minister, who had been arrested at his home on Tuesday, resigned on Thursday."

    Fix safety
        No fix is offered: the missing words have to be translated from the source.
    """

    code = "CT152"
    name = "phrase-omission"
    category = "accuracy/omission"
    severity = Severity.MINOR
    fix = FixAvailability.NEVER
    examples = (
        Example(
            "Le ministre de la Santé, qui avait été arrêté mardi à son domicile par la police financière, a "
            "démissionné jeudi soir.",
            "The Minister of Health<marker></marker> resigned on Thursday evening.",
        ),
        Example(
            "Le ministre de la Santé, qui avait été arrêté mardi à son domicile par la police financière, a "
            "démissionné jeudi soir.",
            "The Minister of Health, who had been arrested at his home by the financial police on Tuesday, "
            "resigned on Thursday evening.",
        ),
    )

    def _candidates(self, pair: DocumentPair, ctx: Context) -> list[Probe]:
        return ctx.once(f"{self.code}:candidates", lambda: list(_runs(pair)))

    def prefetch(self, pair: DocumentPair, ctx: Context) -> list[str]:
        return probe_texts(pair, self._candidates(pair, ctx))

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        if ctx.encoder is None:
            return
        probes = self._candidates(pair, ctx)
        for probe, gain in zip(probes, deletion_gains(ctx.encoder, pair, probes), strict=True):
            if gain < MIN_GAIN:
                continue
            at = insertion_point(probe.segment, probe.start)
            yield self.finding(
                probe.segment,
                (at, at),
                (probe.start, probe.end),
                f"Not translated: «{excerpt(pair.source.text[probe.start : probe.end])}» has no counterpart in "
                "the translation",
                confidence=min(0.6, 0.3 + 10 * float(gain)),
            )


def _runs(pair: DocumentPair) -> Iterator[Probe]:
    """Runs of consecutive unlinked source words, one sentence at a time, long and contentful enough to probe."""
    src = pair.source
    for seg in pair.segments:
        if not seg.target_sentences or not seg.unlinked_source:
            continue
        alone = {start for start, _, _ in seg.unlinked_source}
        for k in seg.source_sentences:
            sentence = src.sentences[k]
            run: list[tuple[int, int]] = []
            for word in [*words_of(src.text, sentence.start, sentence.end), None]:
                if word is not None and word[0] in alone:
                    run.append(word)
                    continue
                if len(run) >= MIN_WORDS:
                    content = [i for i, (a, b) in enumerate(run) if is_content_word(src.text[a:b], src.lang)]
                    if len(content) >= MIN_CONTENT:
                        # ends on its last content word: "…par la police financière, a démissionné" lost the
                        # clause, not the auxiliary "a" that the linked "démissionné" leaves alone
                        yield Probe(seg, "source", run[0][0], run[content[-1]][1])
                run = []
