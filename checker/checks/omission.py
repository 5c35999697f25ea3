"""CT001 omission: a source sentence has no translation."""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ..model import DocumentPair, Finding, FixAvailability, Severity
from .base import WORD, Check, Context, Example, excerpt
from .probe import unit


class Omission(Check):
    """A source sentence has no translation.

    What it does
        Flags source sentences that sentence alignment left without any target counterpart (a "1-0" segment),
        and, inside a block that alignment merged ("2-1"), a sentence the block matches its translation clearly
        better without while matching it poorly itself.

    Why is this bad?
        A dropped sentence is the hardest error to see when reading the translation alone: the English still
        reads well. In news copy the dropped sentence is often an attribution, a number or a denial.

    Example
        Source: « Le ministre a démissionné. Il n'a fait aucun commentaire. »
        Target: "The minister resigned."

    Use instead
        Translate the missing sentence: "The minister resigned. He made no comment."

    Fix safety
        No fix is offered: the missing sentence has to be translated from the source.
    """

    code = "CT001"
    name = "omission"
    category = "accuracy/omission"
    severity = Severity.MAJOR
    fix = FixAvailability.NEVER
    examples = (
        Example(
            "Le ministre a démissionné jeudi. Il n'a fait aucun commentaire sur les accusations portées contre lui. "
            "Son successeur sera nommé la semaine prochaine.",
            "The minister resigned on Thursday.<marker></marker> His successor will be appointed next week.",
        ),
        Example(
            "Le ministre a démissionné jeudi. Son successeur sera nommé la semaine prochaine.",
            "The minister resigned on Thursday. His successor will be appointed next week.",
        ),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        src = pair.source
        for seg in pair.segments:
            if seg.source_sentences and not seg.target_sentences:
                yield self._omitted(pair, seg, seg.source_start, seg.source_end, (seg.target_start, seg.target_end))
            elif len(seg.source_sentences) > 1 and seg.target_sentences:
                # Alignment may merge an untranslated sentence into its neighbour's block (2-1) rather than
                # leave it alone (1-0): catch the sentence the block is better without.
                for k in superfluous(src.embeddings, seg.source_sentences,
                                     pair.target.embeddings, seg.target_sentences):
                    sentence = src.sentences[k]
                    before = [i for i in seg.source_sentences if i < k]
                    # The missing text belongs after the target text of the sentences before it, or first.
                    at = seg.target_end if before else seg.target_start
                    yield self._omitted(pair, seg, sentence.start, sentence.end, (at, at))

    def _omitted(self, pair: DocumentPair, seg, start: int, end: int, target: tuple[int, int]) -> Finding:
        src = pair.source.text[start:end]
        words = len(WORD.findall(src))
        return self.finding(
            seg,
            target,
            (start, end),
            f"Not translated: the source sentence «{excerpt(src)}» has no counterpart in the translation",
            # A short heading or a dash is a lesser loss than a sentence of content.
            severity=Severity.MAJOR if words >= 4 else Severity.MINOR,
            confidence=0.8 if words >= 4 else 0.5,
        )


# A sentence of a many-to-one block is "superfluous" when the block matches the other side clearly better
# without it and the sentence itself matches the other side poorly. A translator's genuine merge of two
# sentences fails both tests: each sentence carries part of the meaning.
MIN_GAIN = 0.01
MAX_OWN = 0.86


def superfluous(
    side: np.ndarray, indices: tuple[int, ...], other: np.ndarray, other_indices: tuple[int, ...]
) -> list[int]:
    """Sentences of a block (indices into `side`) that the block is better off without."""
    target = unit(other[list(other_indices)].mean(axis=0))
    whole = float(unit(side[list(indices)].mean(axis=0)) @ target)
    out = []
    for k in indices:
        rest = [i for i in indices if i != k]
        gain = float(unit(side[rest].mean(axis=0)) @ target) - whole
        if gain >= MIN_GAIN and float(side[k] @ target) < MAX_OWN:
            out.append(k)
    return out
