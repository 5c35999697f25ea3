"""Scores: 0–100, higher is better, per segment and per document.

A segment's score is 100 × (1 − the share of its words an editor is expected to change). The quality model
gives that share (checker.quality: its expected edit rate); each rule's finding adds the words it says need an
editor, at its confidence, beyond what the model already expects of them, and an omission the source words to
put back. So a finding counts as the edits it asks for: severity decides the gate and the order of the report,
not the score. Scored that way, 100 minus the score follows LIG's post-editing effort (HTER) at Pearson 0.487 on
the held-out fold, against 0.417 with the flat 5/20/45 points per minor/major/critical finding this replaced (the
model's edit rate alone: 0.50; the rules' findings on that fold's old SMT say little about its edit rate). Nothing
is fitted: a finding's words count as edits at its confidence.

Without the model (another encoder, no word links) a segment starts from its cross-lingual similarity instead,
mapped so that a typical faithful pair of this encoder scores ~98 and an unrelated pair ~2, and loses a flat
number of points per finding by severity and confidence, as do documents for findings on the whole document.
The document score is the length-weighted mean of its segments.
"""
from __future__ import annotations

import numpy as np

from .model import DocumentPair, Severity

# e5-small's cosines are compressed: faithful news pairs sit at 0.93 ± 0.015, unrelated pairs near 0.78
# (shared/notes/encoder-facts.md). Other encoders spread differently; the document's own median adapts.
FAITHFUL = 0.93
UNRELATED = 0.78
MODEL_CODES = ("CT4",)  # findings of the quality model, whose evidence the edit rate already counts
# Points a finding costs where no edit rate is estimated (a segment without the model, the whole document).
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


def _words_to_edit(pair: DocumentPair, finding) -> float:
    """The words a rule's finding says an editor will change, beyond the model's own expectation for them: in its
    span, each word's shortfall of the model's probability from the finding's confidence; for an insertion point
    (a dropped word or clause, a missing comma), the source words to put back, at least one edit. A finding that
    spans the whole segment for a part of its source ("the source's '2 heures 40' has no counterpart") asks for
    that part, not for every word."""
    seg = pair.segments[finding.segment]
    conf = finding.confidence
    dropped = 0
    if finding.source_start is not None:
        dropped = len(pair.source.text[finding.source_start : finding.source_end].split())
    whole = finding.target_start <= seg.target_start and finding.target_end >= seg.target_end
    part = finding.source_start is not None and (finding.source_start > seg.source_start
                                                 or finding.source_end < seg.source_end)
    inside = [p for a, b, p in seg.quality.target if a < finding.target_end and b > finding.target_start]
    if inside and not (whole and part):
        return sum(max(0.0, conf - p) for p in inside)
    return conf * max(1, dropped)


def score_document(pair: DocumentPair) -> None:
    points: dict[int | None, float] = {}  # flat points: without the model's estimate, and for the whole document
    edits: dict[int, float] = {}  # words to edit that rules add to the model's estimate
    for f in pair.findings:
        if f.code.startswith(MODEL_CODES):
            continue
        if f.segment is not None and pair.segments[f.segment].quality is not None:
            edits[f.segment] = edits.get(f.segment, 0.0) + _words_to_edit(pair, f)
        else:
            points[f.segment] = points.get(f.segment, 0.0) + PENALTY[f.severity] * (0.5 + 0.5 * f.confidence)
    total = weight_sum = 0.0
    for seg in pair.segments:
        if seg.quality is None:
            seg.score = max(0.0, similarity_score(seg.similarity) - points.get(seg.index, 0.0))
        else:
            words = max(len(seg.quality.target), 1)
            seg.score = max(0.0, 100.0 * (1.0 - seg.quality.edit_rate - edits.get(seg.index, 0.0) / words))
        weight = (seg.source_end - seg.source_start) + (seg.target_end - seg.target_start)
        total += seg.score * weight
        weight_sum += weight
    doc = total / weight_sum if weight_sum else 0.0
    pair.score = round(max(0.0, doc - points.get(None, 0.0)), 1)
