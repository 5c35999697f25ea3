"""The learned quality model: which words an editor would change, and how much of a segment needs editing.

Trained on post-edited MT (LIG: French news, SMT output, human post-edits; `scripts/train_qe.py`), over features
the pipeline already has (checker.quality.features). It sits between alignment and the checks: the checks read
its estimates (CT400 reports the words it flags that no specific rule explains; CT150 omissions may use the
source-side estimates) and the score is its expected edit rate.

The weights ship in `weights.npz` with `provenance.json` (data and hash, commit, command, metrics);
`checktrans model info` shows them. Inference is numpy only: two small ensembles of window perceptrons and a
linear map.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..align.words import with_vectors
from ..model import DocumentPair
from .features import segment_features

HERE = Path(__file__).resolve().parent
WEIGHTS = HERE / "weights.npz"
PROVENANCE = HERE / "provenance.json"
# Words (both sides) whose features go through the heads in one product: large enough that a product is not
# dominated by its call overhead, small enough that a huge document's feature rows are never all in memory.
GROUP_WORDS = 8192


@dataclass
class Estimate:
    """A segment's estimates: per target and source word, [start, end) and the probability that an editor
    would change it (source: that its meaning is missing from the translation); `edit_rate`, the expected
    share of words to edit (HTER)."""

    target: list[tuple[int, int, float]]
    source: list[tuple[int, int, float]]
    edit_rate: float
    threshold: float  # the target probability of best MCC on LIG's dev fold (the evaluation's operating point)
    source_threshold: float
    # Reporting thresholds, set on clean human references to a false-alarm budget (scripts/train_qe.py): a
    # target word is reported from `report`, as major from `major`; a source word from `source_report`.
    report: float
    major: float
    source_report: float


class WindowPerceptron:
    """Each word through one hidden layer, then a second layer over the word and its two neighbours (a word
    is judged in its context: a garbled phrase is several odd words in a row), then a logistic output.

    Several such perceptrons, trained alike from different seeds, are averaged (their probabilities): on LIG's
    held-out fold four of them reach word MCC 0.333 where one alone reached 0.321 (scripts/train_qe.py)."""

    def __init__(self, weights: dict[str, np.ndarray], prefix: str):
        self.mean = weights[f"{prefix}.mean"]
        self.scale = weights[f"{prefix}.scale"]
        members = []
        while f"{prefix}.{len(members)}.w1" in weights:
            members.append({k: weights[f"{prefix}.{len(members)}.{k}"] for k in ("w1", "b1", "w2", "b2", "w3", "b3")})
        self.members = members
        # Every member's first layer in one product: the rows are read once.
        self.w1 = np.concatenate([m["w1"] for m in members], axis=1)
        self.b1 = np.concatenate([m["b1"] for m in members])

    def __call__(self, parts: list[np.ndarray]) -> list[np.ndarray]:
        """Probabilities for the words of each segment (one matrix of rows per segment, words in order). All
        segments go through each layer in one product: many tiny products cost far more, above all when BLAS
        threads wait on a busy machine (25 words took 10 ms instead of 0.4)."""
        if not parts:
            return []
        x = np.concatenate(parts)
        hidden = np.maximum(((x - self.mean) / self.scale) @ self.w1 + self.b1, 0.0)
        hidden = np.concatenate([hidden, np.zeros((1, hidden.shape[1]), dtype=hidden.dtype)])  # row -1: no neighbour
        prev, nxt = neighbours(parts)
        p = np.zeros(len(x), dtype=np.float64)
        width = hidden.shape[1] // len(self.members)
        for k, m in enumerate(self.members):
            h = hidden[:, k * width : (k + 1) * width]  # this member's columns (a view)
            window = np.concatenate([h[prev], h[:-1], h[nxt]], axis=1)
            z = np.maximum(window @ m["w2"] + m["b2"], 0.0) @ m["w3"] + m["b3"]
            p += 0.5 * (1.0 + np.tanh(0.5 * z.reshape(-1)))  # the logistic function, without overflow
        p /= len(self.members)
        return np.split(p.astype(np.float32), np.cumsum([len(part) for part in parts])[:-1])


def neighbours(parts: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """For rows stacked from per-segment matrices: each row's previous and next row in its segment, or -1."""
    prev, nxt = [], []
    at = 0
    for part in parts:
        idx = np.arange(at, at + len(part))
        prev.append(np.where(idx > at, idx - 1, -1))
        nxt.append(np.where(idx < at + len(part) - 1, idx + 1, -1))
        at += len(part)
    return (np.concatenate(prev), np.concatenate(nxt)) if parts else (np.zeros(0, int), np.zeros(0, int))


def sentence_features(target_probs: np.ndarray, source_probs: np.ndarray, similarity: float) -> np.ndarray:
    """What the edit-rate map reads: the word probabilities summarised, and the sentence similarity."""
    def summary(p: np.ndarray) -> list[float]:
        if len(p) == 0:
            return [0.0, 0.0, 0.0]
        return [float(p.mean()), float(p.max()), float((p > 0.5).mean())]

    return np.array([*summary(target_probs), *summary(source_probs), similarity, 1.0], dtype=np.float64)


class QualityModel:
    def __init__(self, path: Path = WEIGHTS):
        with np.load(path) as data:
            weights = {k: data[k] for k in data.files}
        self.target_head = WindowPerceptron(weights, "target")
        self.source_head = WindowPerceptron(weights, "source")
        self.edit_rate_weights = weights["sentence.w"]
        self.thresholds = tuple(float(weights[k]) for k in ("target.threshold", "source.threshold", "target.report",
                                                             "target.major", "source.report"))

    def estimate(self, pairs: list[tuple[DocumentPair, object]]) -> None:
        """Fill `segment.quality` for every segment whose words were aligned, for (pair, dictionary) items:
        features per segment, then each head once over a group of segments. A group holds about GROUP_WORDS
        words: each word's feature row is 4.7 kB, so a 10,000-line document made at once took 850 MB."""
        group: list[tuple[object, np.ndarray, np.ndarray]] = []
        words_in_group = 0
        for pair, dictionary in pairs:
            segments = [seg for seg in pair.segments if seg.words is not None and seg.words.source
                        and seg.words.target]
            for seg, words in zip(segments, with_vectors(pair, segments), strict=True):
                t, s = segment_features(words, (pair.source.text, pair.source.lang),
                                        (pair.target.text, pair.target.lang), dictionary, float(seg.similarity or 0.0))
                group.append((seg, t, s))
                words_in_group += len(t) + len(s)
                if words_in_group >= GROUP_WORDS:
                    self._estimate_group(group)
                    group, words_in_group = [], 0
        self._estimate_group(group)

    def _estimate_group(self, group: list[tuple[object, np.ndarray, np.ndarray]]) -> None:
        segments = [seg for seg, _, _ in group]
        t_probs = self.target_head([t for _, t, _ in group])
        s_probs = self.source_head([s for _, _, s in group])
        for seg, t_p, s_p in zip(segments, t_probs, s_probs, strict=True):
            similarity = float(seg.similarity or 0.0)
            rate = float(np.clip(sentence_features(t_p, s_p, similarity) @ self.edit_rate_weights, 0, 1))
            seg.quality = Estimate(
                [(a, b, float(p)) for (a, b), p in zip(seg.words.target, t_p, strict=False)],
                [(a, b, float(p)) for (a, b), p in zip(seg.words.source, s_p, strict=False)],
                rate,
                *self.thresholds,
            )


@lru_cache(maxsize=1)
def load_quality_model() -> QualityModel | None:
    """The shipped model, or None when the package has none (the checks that need it then stay silent)."""
    return QualityModel() if WEIGHTS.exists() else None


def provenance() -> dict:
    return json.loads(PROVENANCE.read_text()) if PROVENANCE.exists() else {}
