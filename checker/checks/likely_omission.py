"""CT401 likely-omission: source words whose meaning the learned quality model expects to be missing."""
from __future__ import annotations

from collections.abc import Iterator

from ..model import DocumentPair, Finding, FixAvailability, Segment, Severity
from .base import Check, Context, Example
from .wordstats import FUNCTION_WORD_ZIPF, zipf


def insertion_point(seg: Segment, start: int) -> int:
    """Where the translation of the source text at `start` belongs in the target: right after the target word
    linked to the nearest source word before it, else at the start of the segment."""
    before = [link for link in seg.links or [] if link.source_end <= start]
    if not before:
        return seg.target_start
    return max(before, key=lambda link: link.source_end).target_end


class LikelyOmission(Check):
    """Source words whose meaning the quality model expects to be missing from the translation.

    What it does
        The quality model gives every source word the probability that a post-editor would have to add its
        translation (trained on human post-edits of news MT). Runs of content words at or above the model's
        reporting threshold (a budget of about 2 per 100 segments of clean human translation), which no other
        rule reports, become one minor finding placed where the missing text belongs: right after the
        translation of the nearest source word before them. Minor: LIG's source tags are sparse (a post-editor
        added the translation of about one source word in thirty), so the model is less sure of them.

    Why is this bad?
        A dropped verb, subject or qualifier changes what the story says and leaves no trace in the English:
        the editor only sees it against the source.

    Example
        Source: « Le gouvernement a annoncé une hausse des impôts locaux. »
        Target: "The government announced a rise in taxes."

    Use instead
        "The government announced a rise in local taxes."

    Fix safety
        No fix is offered: the model says that something is missing near this point, not what.
    """

    code = "CT401"
    name = "likely-omission"
    category = "accuracy/omission"
    severity = Severity.MINOR
    fix = FixAvailability.NEVER
    examples = (
        # A clause-long run is CT152's, confirmed by a probe ("de leur école primaire"); a dropped word that a
        # probe confirms is CT150's, with the dictionary's translations.
        Example(
            "Le gouvernement a annoncé une hausse des impôts locaux.",
            "The government announced a rise in taxes<marker></marker>.",
        ),
        Example(
            "Le gouvernement a annoncé une hausse des impôts locaux.",
            "The government announced a rise in local taxes.",
        ),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        reported = [(f.source_start, f.source_end) for f in pair.findings if f.source_start is not None]
        text, lang = pair.source.text, pair.source.lang
        for seg in pair.segments:
            if seg.quality is None or not seg.target_sentences:
                continue
            runs: list[list[tuple[int, int, float]]] = []
            for word in seg.quality.source:
                start, end, p = word
                w = text[start:end]
                if p < seg.quality.source_report or not w.isalpha() or zipf(w.lower(), lang) >= FUNCTION_WORD_ZIPF:
                    continue
                if runs and _adjacent(seg, runs[-1][-1], word):
                    runs[-1].append(word)
                else:
                    runs.append([word])
            for run in runs:
                start, end = run[0][0], run[-1][1]
                if any(a < end and start < b for a, b in reported):
                    continue
                p = max(x[2] for x in run)
                at = insertion_point(seg, start)
                yield self.finding(
                    seg,
                    (at, at),
                    (start, end),
                    f"'{text[start:end]}' seems to have no counterpart in the translation "
                    f"(the quality model gives {p:.0%})",
                    confidence=p,
                )


def _adjacent(seg: Segment, a: tuple[int, int, float], b: tuple[int, int, float]) -> bool:
    """Whether b follows a with at most one source word between them."""
    words = [w[:2] for w in seg.quality.source]
    return words.index(b[:2]) - words.index(a[:2]) <= 2
