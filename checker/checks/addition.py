"""CT002 addition: a target sentence has no counterpart in the source."""
from __future__ import annotations

from collections.abc import Iterator

from ..model import DocumentPair, Finding, FixAvailability, Severity
from .base import WORD, Check, Context, Example, excerpt
from .omission import superfluous, unlinked


class Addition(Check):
    """A target sentence has no counterpart in the source.

    What it does
        Flags target sentences that sentence alignment left without any source counterpart (a "0-1" segment),
        and, inside a merged block ("1-2"), a sentence the block matches its source clearly better without, or
        whose words are almost all left without a word link into the source.

    Why is this bad?
        Text the source does not contain is either an MT hallucination or an editor's insertion that nobody
        checked against the original: a quote or a figure nobody said.

    Example
        Source: « Le ministre a démissionné. »
        Target: "The minister resigned. Police said three people were arrested."

    Use instead
        Remove the added sentence, or check it against the original story.

    Fix safety
        No fix is offered: whether the sentence goes, or stays because the source was cut, is for an editor to
        decide against the original story.
    """

    code = "CT002"
    name = "addition"
    category = "accuracy/addition"
    severity = Severity.MAJOR
    fix = FixAvailability.NEVER
    examples = (
        Example(
            "Le ministre a démissionné jeudi. Son successeur sera nommé la semaine prochaine.",
            "The minister resigned on Thursday. <marker>Police said three people had been arrested at the "
            "airport.</marker> His successor will be appointed next week.",
        ),
        Example(
            "Le ministre a démissionné jeudi. Son successeur sera nommé la semaine prochaine.",
            "The minister resigned on Thursday. His successor will be appointed next week.",
        ),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        tgt = pair.target
        for seg in pair.segments:
            if seg.target_sentences and not seg.source_sentences:
                yield self._added(pair, seg, seg.target_start, seg.target_end)
            elif len(seg.target_sentences) > 1 and seg.source_sentences:
                # The mirror of CT001: a sentence merged into a 1-2 block that the block is better without, or
                # that no word of the source links to.
                added = superfluous(tgt.embeddings, seg.target_sentences, pair.source.embeddings, seg.source_sentences)
                added |= unlinked(tgt, seg.target_sentences, seg.unlinked_target)
                for k in sorted(added):
                    sentence = tgt.sentences[k]
                    yield self._added(pair, seg, sentence.start, sentence.end)

    def _added(self, pair: DocumentPair, seg, start: int, end: int) -> Finding:
        tgt = pair.target.text[start:end]
        words = len(WORD.findall(tgt))
        return self.finding(
            seg,
            (start, end),
            None,
            f"Added: «{excerpt(tgt)}» has no counterpart in the source",
            severity=Severity.MAJOR if words >= 4 else Severity.MINOR,
            confidence=0.75 if words >= 4 else 0.45,
        )
