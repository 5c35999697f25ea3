"""CT004 low-similarity: an aligned pair whose meaning is far from the rest of the document's."""
from __future__ import annotations

from collections.abc import Iterator

from ..model import DocumentPair, Finding, FixAvailability, Severity
from ..score import CEILING, Z_LIMIT
from .base import Check, Context, Example, Threshold


class LowSimilarity(Check):
    """An aligned pair whose meaning is far from the rest of the document's.

    What it does
        Compares each aligned pair's cross-lingual similarity with the document's own distribution and flags
        pairs far below it (a robust z-score, with an absolute floor).

    Why is this bad?
        When a sentence's translation says something else altogether (a hallucination, a garbled
        sentence, the wrong sentence pasted), its similarity to the source falls well below its neighbours'.
        Single wrong words barely move it: those are the word-level checks' job.

    Example
        Source: « Les négociations reprendront lundi à Genève. »
        Target: "The weather will be sunny on the coast."

    Use instead
        Retranslate the sentence from the source.

    Fix safety
        No fix is offered: the rule knows that the meaning is off, not how; the sentence has to be retranslated.
    """

    code = "CT004"
    name = "low-similarity"
    category = "accuracy/mistranslation"
    severity = Severity.MAJOR
    fix = FixAvailability.NEVER
    # Read by checker.score.similarity_threshold, which the pipeline runs once per document for this rule.
    thresholds = (
        Threshold("similarity", None, "The similarity under which an aligned pair is flagged; by default set per "
                  f"document, {Z_LIMIT:g} robust deviations below its median and never above similarity_ceiling."),
        Threshold("similarity_ceiling", CEILING, "The highest the per-document similarity threshold may be (it alone "
                  "decides in a document of fewer than five aligned pairs)."),
    )
    examples = (
        Example(
            "Le gouvernement a présenté son budget mercredi. Les négociations reprendront lundi à Genève avec "
            "les représentants des deux pays. Le texte sera voté en décembre.",
            "The government presented its budget on Wednesday. <marker>The weather will be sunny and warm on the "
            "Atlantic coast this weekend.</marker> The bill will be voted on in December.",
        ),
        Example(
            "Le gouvernement a présenté son budget mercredi. Les négociations reprendront lundi à Genève avec "
            "les représentants des deux pays. Le texte sera voté en décembre.",
            "The government presented its budget on Wednesday. Negotiations will resume on Monday in Geneva with "
            "representatives of both countries. The bill will be voted on in December.",
        ),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        threshold = ctx.stats.get("similarity_threshold")
        if threshold is None:
            return
        for seg in pair.segments:
            if seg.similarity is None or seg.similarity >= threshold:
                continue
            gap = threshold - seg.similarity
            yield self.finding(
                seg,
                (seg.target_start, seg.target_end),
                (seg.source_start, seg.source_end),
                f"This translation's meaning is far from its source (similarity {seg.similarity:.2f}, "
                f"document threshold {threshold:.2f})",
                severity=Severity.CRITICAL if gap > 0.08 else Severity.MAJOR,
                confidence=min(0.95, 0.55 + 4 * gap),
            )
