"""What a batch run sums up, whichever engine ran it: stories passed, failed at the gate and not checked, and
sacrebleu's corpus scores over the stories that came with a reference."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import DocumentPair

# Bad records named in the summary line; the rest are counted (each has its own line above it).
SUMMARY_NAMES = 3


@dataclass
class Tally:
    passed: int = 0
    failed: int = 0
    bad: list[str] = field(default_factory=list)
    # Line-aligned (hypothesis, reference) pairs of the stories that came with a reference, for batch scores.
    hypotheses: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    with_reference: int = 0

    def add_reference(self, pair: DocumentPair) -> None:
        if pair.reference and pair.reference.strip():
            from ..reference import lines_for_scoring

            hyp, ref = lines_for_scoring(pair.target.text, pair.reference)
            self.hypotheses += hyp
            self.references += ref
            self.with_reference += 1

    def reference_line(self) -> str | None:
        """sacrebleu's corpus scores over every story that had a reference, as one line."""
        if not self.with_reference:
            return None
        from ..reference import reference_scores

        scores = reference_scores(self.hypotheses, self.references, segments=False)
        return reference_scores_line(self.with_reference, scores)

    @property
    def total(self) -> int:
        return self.passed + self.failed + len(self.bad)

    def summary(self, fail_on: str) -> str:
        stories = f"{self.total} {'story' if self.total == 1 else 'stories'}"
        line = f"{stories}: {self.passed} passed, {self.failed} failed the gate ({fail_on})"
        if self.bad:
            named = "; ".join(self.bad[:SUMMARY_NAMES])
            more = f"; and {len(self.bad) - SUMMARY_NAMES} more" if len(self.bad) > SUMMARY_NAMES else ""
            line += f", {len(self.bad)} could not be checked ({named}{more})"
        return line

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or self.bad else 0


def reference_scores_line(stories: int, scores: dict) -> str:
    """sacrebleu's corpus scores as the one line a batch prints."""
    return (f"reference scores over {stories} {'story' if stories == 1 else 'stories'}: BLEU {scores['bleu']:.1f}, "
            f"chrF {scores['chrf']:.1f}, TER {scores['ter']:.1f} ({scores['signatures']['bleu']})")
