"""Metric code, kept free of I/O and of the checker's pipeline so that it can be tested on hand-checked cases
(it takes only `checker.fixes.placed`, pure text: the in-place measure spaces an insertion as `fix` does).

Ranges are half-open [start, end) character offsets, as in the JSON contract; an empty range (start == end) is a
point, as the checker gives for an omission.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from checker.fixes import placed

# --- ranges and gold matching -------------------------------------------------------------------------------


def ranges_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two ranges share a character; a point (empty range) overlaps a range that contains it."""
    (a0, a1), (b0, b1) = a, b
    if a0 == a1 and b0 == b1:
        return a0 == b0
    if a0 == a1:
        return b0 <= a0 < b1
    if b0 == b1:
        return a0 <= b0 < a1
    return max(a0, b0) < min(a1, b1)


def locate(text: str, span: str, occurrence: int = 1) -> tuple[int, int] | None:
    """[start, end) of the occurrence-th (1-based) occurrence of span in text, or None."""
    start = -1
    for _ in range(max(occurrence, 1)):
        start = text.find(span, start + 1)
        if start < 0:
            return None
    return start, start + len(span)


@dataclass
class GoldError:
    """A gold error located in the texts: target range (None for an omission) and source range."""

    id: str
    target: tuple[int, int] | None
    source: tuple[int, int] | None
    category: str
    severity: str
    fix_any: tuple[str, ...] = ()


@dataclass
class FoundSpan:
    """What of a finding the measures need (kept apart from checker.model so tests need no checker)."""

    target: tuple[int, int]
    source: tuple[int, int] | None
    suggestions: tuple[str, ...] = ()


def detects(found: FoundSpan, gold: GoldError) -> bool:
    """The seed gold rule: target ranges overlap; for an omission with no target span, source ranges overlap.

    An omission annotated on the words next to where the missing text belongs (news-mt-errors) is found either
    way: an omission finding is an insertion point, which may sit just outside those words but names the same
    source text.
    """
    if gold.target is not None and ranges_overlap(found.target, gold.target):
        return True
    if gold.target is not None and not gold.category.endswith("omission"):
        return False
    if gold.source is None or found.source is None:
        return False
    return ranges_overlap(found.source, gold.source)


def fixes(found: FoundSpan, gold: GoldError) -> bool:
    """Any one of the gold's acceptable strings appears in any suggestion (case aside, as the gold files say)."""
    return any(fix.casefold() in s.casefold() for fix in gold.fix_any for s in found.suggestions)


def fixes_in_place(found: FoundSpan, gold: GoldError, text: str) -> bool:
    """Whether a suggestion, put in place of the finding's span as `checktrans fix` does, makes one of the gold's
    acceptable strings, an occurrence that takes in the inserted text (case aside): "she" for "it" in "what it
    wants" makes "she wants"; "“" for "“ " before "We" makes "“We". Whatever `fixes` counts counts here too (a
    suggestion holding the string makes it in place); beyond that, a fix shorter than the string counts when the
    text it makes is the gold's."""
    a, b = found.target
    for s in found.suggestions:
        if not s:
            continue
        s = placed(text, a, b, s)  # an inserted word spaced as `fix` spaces it
        fixed = (text[:a] + s + text[b:]).lower()
        for want in (f.lower() for f in gold.fix_any if f):
            at = fixed.find(want, max(0, a - len(want)))
            while 0 <= at < a + len(s):
                if at + len(want) > a:  # the occurrence takes in the inserted text
                    return True
                at = fixed.find(want, at + 1)
    return False


@dataclass
class GoldMatch:
    detected: list[bool]  # per gold error
    fixed: list[bool]  # per gold error
    true_findings: list[bool]  # per finding: overlaps at least one gold error
    fixed_in_place: list[bool] | None = None  # per gold error, when the target text is given


def match_gold(found: Sequence[FoundSpan], golds: Sequence[GoldError], text: str | None = None) -> GoldMatch:
    detected, fixed, in_place = [], [], []
    for g in golds:
        hits = [f for f in found if detects(f, g)]
        detected.append(bool(hits))
        fixed.append(any(fixes(f, g) for f in hits))
        if text is not None:
            in_place.append(any(fixes_in_place(f, g, text) for f in hits))
    true_findings = [any(detects(f, g) for g in golds) for f in found]
    return GoldMatch(detected, fixed, true_findings, in_place if text is not None else None)


# --- precision, recall, F1 ----------------------------------------------------------------------------------


@dataclass
class PRF:
    tp_p: int = 0  # true among predicted (precision numerator)
    n_pred: int = 0
    tp_r: int = 0  # found among gold (recall numerator)
    n_gold: int = 0

    def add(self, other: PRF) -> None:
        self.tp_p += other.tp_p
        self.n_pred += other.n_pred
        self.tp_r += other.tp_r
        self.n_gold += other.n_gold

    @property
    def precision(self) -> float:
        return self.tp_p / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_r / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "predicted": self.n_pred,
            "gold": self.n_gold,
        }


def char_set(ranges: Iterable[tuple[int, int]]) -> set[int]:
    return {i for start, end in ranges for i in range(start, end)}


def span_prf(predicted: Iterable[tuple[int, int]], gold: Iterable[tuple[int, int]]) -> PRF:
    """Character-level overlap of two sets of ranges (overlaps within a side count once)."""
    p, g = char_set(predicted), char_set(gold)
    inter = len(p & g)
    return PRF(tp_p=inter, n_pred=len(p), tp_r=inter, n_gold=len(g))


def binary_prf(predicted: Sequence[bool], gold: Sequence[bool]) -> PRF:
    """Segment-level: does the system flag the segments that humans flagged."""
    tp = sum(1 for p, g in zip(predicted, gold, strict=False) if p and g)
    return PRF(tp_p=tp, n_pred=sum(map(bool, predicted)), tp_r=tp, n_gold=sum(map(bool, gold)))


# --- word alignment -----------------------------------------------------------------------------------------


def aer(predicted: set[tuple[int, int]], sure: set[tuple[int, int]], possible: set[tuple[int, int]]) -> dict:
    """Och & Ney's alignment error rate; possible links include the sure ones (added here if missing)."""
    possible = possible | sure
    a_s, a_p = len(predicted & sure), len(predicted & possible)
    denom = len(predicted) + len(sure)
    precision = a_p / len(predicted) if predicted else 0.0
    recall = a_s / len(sure) if sure else 0.0
    return {
        "aer": 1 - (a_s + a_p) / denom if denom else 0.0,
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "counts": (a_s, a_p, len(predicted), len(sure)),
    }


def corpus_aer(items: Iterable[tuple[set, set, set]]) -> dict:
    """AER over a corpus: link counts are summed before the ratio, as the shared tasks compute it."""
    a_s = a_p = n_a = n_s = 0
    for predicted, sure, possible in items:
        c = aer(predicted, sure, possible)["counts"]
        a_s, a_p, n_a, n_s = a_s + c[0], a_p + c[1], n_a + c[2], n_s + c[3]
    precision = a_p / n_a if n_a else 0.0
    recall = a_s / n_s if n_s else 0.0
    return {
        "aer": round(1 - (a_s + a_p) / (n_a + n_s), 4) if n_a + n_s else 0.0,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
        "links": n_a,
        "sure": n_s,
    }


# --- correlation with human rankings ------------------------------------------------------------------------


def kendall_tau_like(judgments: Iterable[Sequence[tuple[int, float]]], metric_ties: str = "discordant") -> dict:
    """WMT's tau over pairwise judgments: (concordant − discordant) / (concordant + discordant).

    Each judgment lists (human rank, metric score) for the systems one annotator ranked: lower rank is better,
    higher score is better. Pairs the human tied are left out. A metric tie on a pair the human separated counts
    as discordant by default (WMT12 penalised metric ties); "skip" leaves such pairs out instead.
    """
    concordant = discordant = ties = 0
    for judgment in judgments:
        for i in range(len(judgment)):
            for j in range(i + 1, len(judgment)):
                (ri, si), (rj, sj) = judgment[i], judgment[j]
                if ri == rj:
                    continue
                if si == sj:
                    ties += 1
                    if metric_ties == "discordant":
                        discordant += 1
                    continue
                # Human prefers i when its rank is lower; the metric agrees when i's score is higher.
                if (ri < rj) == (si > sj):
                    concordant += 1
                else:
                    discordant += 1
    total = concordant + discordant
    return {
        "tau": round((concordant - discordant) / total, 4) if total else 0.0,
        "concordant": concordant,
        "discordant": discordant,
        "metric_ties": ties,
    }


# --- retrieval ----------------------------------------------------------------------------------------------


def top1_accuracy(similarity) -> float:
    """Share of rows whose highest-scoring column is the diagonal (row i's true pair is column i)."""
    import numpy as np

    sim = np.asarray(similarity)
    return float((sim.argmax(axis=1) == np.arange(sim.shape[0])).mean()) if sim.size else 0.0


# --- ranking ------------------------------------------------------------------------------------------------


def auc(higher: Sequence[float], lower: Sequence[float]) -> float:
    """Area under the ROC curve: the chance that an item of `higher` scores above one of `lower` (ties half)."""
    if not higher or not lower:
        return 0.0
    wins = sum((h > lo) + 0.5 * (h == lo) for h in higher for lo in lower)
    return wins / (len(higher) * len(lower))


def ranked_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """`auc` for many items by ranks (Mann–Whitney; ties half): labels 1 are the items expected higher."""
    from scipy.stats import rankdata

    labels = np.asarray(labels).astype(bool)
    n_pos, n_neg = int(labels.sum()), int((~labels).sum())
    if not n_pos or not n_neg:
        return 0.5
    ranks = rankdata(scores)
    return float((ranks[labels].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def tag_scores(labels: np.ndarray, flagged: np.ndarray) -> dict[str, float]:
    """Word-level quality-estimation figures as the WMT QE tasks report them: F1 of the BAD and OK classes, MCC."""
    y, f = np.asarray(labels).astype(bool), np.asarray(flagged).astype(bool)
    tp, fp, fn, tn = (float(x) for x in ((y & f).sum(), (~y & f).sum(), (y & ~f).sum(), (~y & ~f).sum()))
    denom = np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return {
        "f1_bad": 2 * tp / (2 * tp + fp + fn) if tp else 0.0,
        "f1_ok": 2 * tn / (2 * tn + fn + fp) if tn else 0.0,
        "mcc": float((tp * tn - fp * fn) / denom) if denom else 0.0,
    }


def best_threshold(labels: np.ndarray, scores: np.ndarray) -> float:
    """The threshold on `scores` (higher: more likely label 1) with the best MCC, among quantiles 0.5–0.98."""
    candidates = np.unique(np.quantile(scores, np.linspace(0.5, 0.98, 49)))
    return float(max(candidates, key=lambda t: tag_scores(labels, scores >= t)["mcc"]))
