"""Scores: 0–100, higher is better, per segment and per document.

A segment starts from the quality model's estimate of how much of it an editor would change: 100 × (1 − the
expected edit rate), 100 meaning nothing to edit (checker.quality). Without the model (another encoder, no word
links) it starts from its cross-lingual similarity instead, mapped so that a typical faithful pair of this
encoder scores ~98 and an unrelated pair ~2. It then loses points for each rule's finding in it, weighted by
severity and confidence; the model's own findings (CT4xx) are already in its estimate and cost nothing more.
The document score is the length-weighted mean of its segments, less document-level findings.
"""
from __future__ import annotations

import numpy as np

from .model import DocumentPair, Severity

# e5-small's cosines are compressed: faithful news pairs sit at 0.93 ± 0.015, unrelated pairs near 0.78
# (shared/notes/encoder-facts.md). Other encoders spread differently; the document's own median adapts.
FAITHFUL = 0.93
UNRELATED = 0.78
MODEL_CODES = ("CT4",)  # findings of the quality model, whose evidence the edit rate already counts
PENALTY = {Severity.MINOR: 5.0, Severity.MAJOR: 20.0, Severity.CRITICAL: 45.0}

# A pair is "far below the document" when it sits this many robust standard deviations under the median,
# and never above the absolute ceiling (true pairs rarely fall below 0.86 with e5-small).
Z_LIMIT = 4.0
MIN_SIGMA = 0.015
CEILING = 0.85
# Below this many aligned pairs the median is no baseline. On 400 WMT newstest2014 lines, every human
# translation scored above 0.868, and 96 % of pairs of unrelated news sentences below 0.85.
MIN_FOR_STATS = 5


def similarity_threshold(sims: np.ndarray, overrides: dict[str, float] | None = None) -> float | None:
    """The similarity under which a segment is flagged as a likely mistranslation (CT004)."""
    overrides = overrides or {}
    if "similarity" in overrides:
        return float(overrides["similarity"])
    if len(sims) == 0:
        return None
    if len(sims) < MIN_FOR_STATS:
        # Too few pairs to know the document's own spread: the absolute ceiling alone decides.
        return overrides.get("similarity_ceiling", CEILING)
    median = float(np.median(sims))
    sigma = max(1.4826 * float(np.median(np.abs(sims - median))), MIN_SIGMA)
    return min(median - Z_LIMIT * sigma, overrides.get("similarity_ceiling", CEILING))


def similarity_score(sim: float | None) -> float:
    """A logistic map: ~98 for a typical faithful pair, ~2 for an unrelated one. Unlike a clipped line it
    never saturates, so two good translations of one sentence are still ranked (no ties at 100)."""
    if sim is None:
        return 0.0
    mid, scale = (FAITHFUL + UNRELATED) / 2, (FAITHFUL - UNRELATED) / 7.5
    return float(100.0 / (1.0 + np.exp(-(sim - mid) / scale)))


def score_document(pair: DocumentPair) -> None:
    by_segment: dict[int | None, float] = {}
    for f in pair.findings:
        if f.code.startswith(MODEL_CODES):
            continue
        by_segment[f.segment] = by_segment.get(f.segment, 0.0) + PENALTY[f.severity] * (0.5 + 0.5 * f.confidence)
    total = weight_sum = 0.0
    for seg in pair.segments:
        start = similarity_score(seg.similarity) if seg.quality is None else 100.0 * (1.0 - seg.quality.edit_rate)
        seg.score = max(0.0, start - by_segment.get(seg.index, 0.0))
        weight = (seg.source_end - seg.source_start) + (seg.target_end - seg.target_start)
        total += seg.score * weight
        weight_sum += weight
    doc = total / weight_sum if weight_sum else 0.0
    pair.score = round(max(0.0, doc - by_segment.get(None, 0.0)), 1)
