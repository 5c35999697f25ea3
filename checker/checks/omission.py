"""CT001 omission: a source sentence has no translation."""
from __future__ import annotations

from typing import Iterator

from ..model import DocumentPair, Finding, Severity
from .base import Check, Context, Example, WORD, excerpt


class Omission(Check):
    """A source sentence has no translation.

    What it does
        Flags source sentences that sentence alignment left without any target counterpart (a "1-0" segment).

    Why is this bad?
        A dropped sentence is the hardest error to see when reading the translation alone: the English still
        reads well. In news copy the dropped sentence is often an attribution, a number or a denial.

    Example
        Source: « Le ministre a démissionné. Il n'a fait aucun commentaire. »
        Target: "The minister resigned."

    Use instead
        Translate the missing sentence: "The minister resigned. He made no comment."
    """

    code = "CT001"
    name = "omission"
    category = "accuracy/omission"
    severity = Severity.MAJOR
    fix = "never"
    examples = (
        Example(
            "Le ministre a démissionné jeudi. Il n'a fait aucun commentaire sur les accusations portées contre lui. "
            "Son successeur sera nommé la semaine prochaine.",
            "The minister resigned on Thursday. His successor will be appointed next week.",
            flagged="",
        ),
        Example(
            "Le ministre a démissionné jeudi. Son successeur sera nommé la semaine prochaine.",
            "The minister resigned on Thursday. His successor will be appointed next week.",
        ),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        for seg in pair.segments:
            if seg.source_sentences and not seg.target_sentences:
                src = pair.source.text[seg.source_start : seg.source_end]
                words = len(WORD.findall(src))
                yield self.finding(
                    seg,
                    (seg.target_start, seg.target_end),
                    (seg.source_start, seg.source_end),
                    f"Not translated: the source sentence «{excerpt(src)}» has no counterpart in the translation",
                    # A short heading or a dash is a lesser loss than a sentence of content.
                    severity=Severity.MAJOR if words >= 4 else Severity.MINOR,
                    confidence=0.8 if words >= 4 else 0.5,
                )
