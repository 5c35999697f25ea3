"""Sentence alignment: dynamic programming over embedding similarity (the Vecalign / Bertalign family).

A link joins up to three consecutive sentences on each side (1-1, 1-2, 2-1, 2-2, 1-3, 3-1), or leaves a
sentence unmatched (1-0, 0-1) at a fixed skip cost. Why each piece is there:

* Margin scoring. e5 similarities are compressed (unrelated pairs ~0.78, translations ~0.93), so raw cosine
  barely separates a right link from a shifted or merged one. Each candidate's cosine is measured against the
  mean cosine of its k nearest neighbours on both sides (Artetxe & Schwenk 2019), which puts every sentence on
  its own scale.
* Blocks are the normalised mean of their sentence embeddings, so the caller's single encoder pass is enough.
* Two passes: a 1-1-only DP over the whole similarity matrix finds the rough path (cheap, vectorised by row);
  the full DP then runs only in a band around it, so a long document costs little beyond its embeddings.
* Paragraphs, when both sides have as many and they match one to one, are hard anchors: the DP runs inside
  each paragraph pair and nothing is linked across them.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

# Block shapes (source sentences, target sentences) the DP may use; skips are handled apart.
LINK_SHAPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1))
EXTRA_SHAPES: tuple[tuple[int, int], ...] = ((2, 3), (3, 2), (1, 4), (4, 1))
MAX_BLOCK = 4


@dataclass(frozen=True)
class AlignedBlock:
    source: tuple[int, ...]  # sentence indices, consecutive, possibly empty (0-1)
    target: tuple[int, ...]  # possibly empty (1-0)
    similarity: float | None  # cosine of the block embeddings (None when a side is empty)

    @property
    def kind(self) -> str:
        return f"{len(self.source)}-{len(self.target)}"


@dataclass(frozen=True)
class AlignParams:
    """Tuned on TransRead (see scripts/eval_sentence_alignment.py); every figure is a score in margin units."""

    knn: int = 4  # neighbours for the margin
    skip: float = 0.1  # cost of leaving one sentence unmatched
    extra_sentence: float = 0.05  # penalty per sentence beyond the first on each side of a link
    length_weight: float = 0.02  # penalty per unit of |log(character ratio)| beyond the document's ratio
    band: int = 10  # half-width of the second-pass band around the first-pass path, in sentences
    first_pass_skip: float = 0.03
    mode: str = "margin"  # "margin" (sentence knn), "shape" (knn against same-shape blocks), "ratio" (Vecalign)
    samples: int = 40
    shapes: tuple[tuple[int, int], ...] = LINK_SHAPES + EXTRA_SHAPES


def _normalise(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.maximum(norms, 1e-12)


def _block_embeddings(emb: np.ndarray) -> list[np.ndarray]:
    """blocks[a][e] = normalised mean of emb[e-a:e] (indexed by the block's end; rows e < a are zero)."""
    n, d = emb.shape
    csum = np.vstack([np.zeros((1, d), dtype=np.float64), np.cumsum(emb, axis=0, dtype=np.float64)])
    blocks = [np.zeros((n + 1, d))]
    for a in range(1, MAX_BLOCK + 1):
        b = np.zeros((n + 1, d))
        if n >= a:
            b[a:] = csum[a:] - csum[:-a]
        blocks.append(_normalise(b))
    return blocks


def _block_lengths(lengths: np.ndarray) -> list[np.ndarray]:
    n = len(lengths)
    csum = np.concatenate([[0.0], np.cumsum(lengths, dtype=np.float64)])
    out = [np.zeros(n + 1)]
    for a in range(1, MAX_BLOCK + 1):
        b = np.zeros(n + 1)
        if n >= a:
            b[a:] = csum[a:] - csum[:-a]
        out.append(b)
    return out


def _knn_mean(blocks: np.ndarray, other: np.ndarray, k: int) -> np.ndarray:
    """Mean cosine of each block's k nearest sentences on the other side."""
    if other.shape[0] == 0:
        return np.zeros(blocks.shape[0])
    sims = blocks @ other.T
    k = min(k, sims.shape[1])
    top = np.partition(sims, sims.shape[1] - k, axis=1)[:, sims.shape[1] - k :]
    return top.mean(axis=1)


class _Scorer:
    """Everything the DP needs about one document pair, computed once."""

    def __init__(self, src: np.ndarray, tgt: np.ndarray, src_len: np.ndarray, tgt_len: np.ndarray,
                 params: AlignParams):
        self.p = params
        self.src_blocks = _block_embeddings(src)
        self.tgt_blocks = _block_embeddings(tgt)
        self.src_blen = _block_lengths(src_len)
        self.tgt_blen = _block_lengths(tgt_len)
        total_src, total_tgt = float(src_len.sum()), float(tgt_len.sum())
        self.char_ratio = (total_tgt / total_src) if total_src > 0 and total_tgt > 0 else 1.0
        # Margin denominators for every block, against the other side's single sentences.
        self.src_knn = [np.zeros(len(src) + 1)] + [
            _knn_mean(self.src_blocks[a], tgt, params.knn) for a in range(1, MAX_BLOCK + 1)]
        self.tgt_knn = [np.zeros(len(tgt) + 1)] + [
            _knn_mean(self.tgt_blocks[b], src, params.knn) for b in range(1, MAX_BLOCK + 1)]

        if params.mode in ("shape", "ratio"):
            self.pair_src, self.pair_tgt = {}, {}
            rng = np.random.default_rng(0)
            for a in range(1, MAX_BLOCK + 1):
                for b in range(1, MAX_BLOCK + 1):
                    sb, tb = self.src_blocks[a][a:], self.tgt_blocks[b][b:]
                    if len(sb) == 0 or len(tb) == 0:
                        continue
                    if params.mode == "shape":
                        ks = _knn_mean(sb, tb, params.knn); kt = _knn_mean(tb, sb, params.knn)
                    else:
                        rt = tb[rng.integers(0, len(tb), params.samples)]
                        rs = sb[rng.integers(0, len(sb), params.samples)]
                        ks = (1 - sb @ rt.T).mean(axis=1); kt = (1 - tb @ rs.T).mean(axis=1)
                    self.pair_src[a, b] = np.concatenate([np.zeros(a), ks])
                    self.pair_tgt[a, b] = np.concatenate([np.zeros(b), kt])

    def link_scores(self, a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        """Score of linking source block (i-a, i] with each target block (j-b, j], j in js."""
        p = self.p
        cos = self.tgt_blocks[b][js] @ self.src_blocks[a][i]
        if p.mode == "margin":
            margin = cos - 0.5 * (self.src_knn[a][i] + self.tgt_knn[b][js])
        elif p.mode == "shape":
            margin = cos - 0.5 * (self.pair_src[a, b][i] + self.pair_tgt[a, b][js])
        else:
            margin = -(1 - cos) * (a * b) / (0.5 * (self.pair_src[a, b][i] + self.pair_tgt[a, b][js]))
        ls = self.src_blen[a][i] * self.char_ratio
        lt = self.tgt_blen[b][js]
        length = np.abs(np.log((ls + 1.0) / (lt + 1.0)))
        return margin - p.length_weight * length - p.extra_sentence * (a + b - 2)

    def cosine(self, src_ids: tuple[int, ...], tgt_ids: tuple[int, ...]) -> float | None:
        if not src_ids or not tgt_ids:
            return None
        s = self.src_blocks[len(src_ids)][src_ids[-1] + 1] if len(src_ids) <= MAX_BLOCK else None
        t = self.tgt_blocks[len(tgt_ids)][tgt_ids[-1] + 1] if len(tgt_ids) <= MAX_BLOCK else None
        return float(np.clip(s @ t, -1.0, 1.0))


def _first_pass(sim: np.ndarray, skip: float) -> list[tuple[int, int]]:
    """1-1/1-0/0-1 DP over a full (n, m) score matrix; returns the path's grid points (i, j)."""
    n, m = sim.shape
    dp = np.full((n + 1, m + 1), -np.inf)
    back = np.zeros((n + 1, m + 1), dtype=np.int8)  # 0 diag, 1 up (1-0), 2 left (0-1)
    ramp = skip * np.arange(m + 1)
    dp[0] = -ramp
    back[0, 1:] = 2
    for i in range(1, n + 1):
        base = np.full(m + 1, -np.inf)
        base[1:] = dp[i - 1, :-1] + sim[i - 1]
        up = dp[i - 1] - skip
        use_up = up > base
        base = np.where(use_up, up, base)
        row_back = np.where(use_up, 1, 0).astype(np.int8)
        # 0-1 moves chain along the row: dp[j] = max(base[j], dp[j-1] - skip), i.e. a running max.
        shifted = base + ramp
        run = np.maximum.accumulate(shifted)
        from_left = run > shifted
        dp[i] = run - ramp
        row_back[from_left] = 2
        back[i] = row_back
    path = [(n, m)]
    i, j = n, m
    while i > 0 or j > 0:
        mv = back[i, j]
        if mv == 0:
            i, j = i - 1, j - 1
        elif mv == 1:
            i -= 1
        else:
            j -= 1
        path.append((i, j))
    return path[::-1]


def _band(path: list[tuple[int, int]], n: int, m: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for i, j in path:
        for ii in range(max(0, i - width), min(n, i + width) + 1):
            lo[ii] = min(lo[ii], j - width)
            hi[ii] = max(hi[ii], j + width)
    return np.clip(lo, 0, m), np.clip(hi, 0, m)


def _align_span(scorer: _Scorer, i0: int, i1: int, j0: int, j1: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Align source [i0, i1) with target [j0, j1); returns (source ids, target ids) links in order."""
    n, m = i1 - i0, j1 - j0
    if n == 0 or m == 0:
        return [((i,), ()) for i in range(i0, i1)] + [((), (j,)) for j in range(j0, j1)]
    p = scorer.p
    s1 = scorer.src_blocks[1][i0 + 1 : i1 + 1]
    t1 = scorer.tgt_blocks[1][j0 + 1 : j1 + 1]
    first = (s1 @ t1.T) - 0.5 * (scorer.src_knn[1][i0 + 1 : i1 + 1, None] + scorer.tgt_knn[1][None, j0 + 1 : j1 + 1])
    lo, hi = _band(_first_pass(first, p.first_pass_skip), n, m, p.band)

    # Local grid: dp[i, j] aligns source [i0, i0+i) with target [j0, j0+j).
    dp = np.full((n + 1, m + 1), -np.inf)
    back_a = np.zeros((n + 1, m + 1), dtype=np.int8)
    back_b = np.zeros((n + 1, m + 1), dtype=np.int8)
    ramp = p.skip * np.arange(m + 1)
    dp[0, : hi[0] + 1] = -ramp[: hi[0] + 1]
    back_b[0, 1 : hi[0] + 1] = 1
    for i in range(1, n + 1):
        js = np.arange(lo[i], hi[i] + 1)
        best = dp[i - 1, js] - p.skip  # 1-0
        ba = np.ones(len(js), dtype=np.int8)
        bb = np.zeros(len(js), dtype=np.int8)
        for a, b in p.shapes:
            if a > i:
                continue
            ok = js >= b
            if not ok.any():
                continue
            jj = js[ok]
            cand = dp[i - a, jj - b] + scorer.link_scores(a, b, i0 + i, j0 + jj)
            cur = best[ok]
            better = cand > cur
            if better.any():
                idx = np.nonzero(ok)[0][better]
                best[idx] = cand[better]
                ba[idx] = a
                bb[idx] = b
        # 0-1 moves chain along the row (running max trick, see _first_pass).
        r = ramp[js]
        shifted = best + r
        run = np.maximum.accumulate(shifted)
        from_left = run > shifted
        dp[i, js] = run - r
        ba[from_left] = 0
        bb[from_left] = 1
        back_a[i, js] = ba
        back_b[i, js] = bb
    links: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = int(back_a[i, j]), int(back_b[i, j])
        if a == 0 and b == 0:  # unreachable cell: cannot happen while the band holds the first-pass path
            raise AssertionError("sentence alignment band lost the path")
        links.append((tuple(range(i0 + i - a, i0 + i)), tuple(range(j0 + j - b, j0 + j))))
        i, j = i - a, j - b
    return links[::-1]


def _paragraph_spans(paragraphs: Sequence[int]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for k in range(1, len(paragraphs) + 1):
        if k == len(paragraphs) or paragraphs[k] != paragraphs[k - 1]:
            spans.append((start, k))
            start = k
    return spans


def _paragraphs_correspond(src: np.ndarray, tgt: np.ndarray, sp: list[tuple[int, int]],
                           tp: list[tuple[int, int]]) -> bool:
    """Same count, and each paragraph is closer to its counterpart than to the neighbours of it, both ways."""
    if len(sp) != len(tp) or len(sp) < 2:
        return False
    ps = _normalise(np.stack([src[a:b].sum(axis=0) for a, b in sp]))
    pt = _normalise(np.stack([tgt[a:b].sum(axis=0) for a, b in tp]))
    sims = ps @ pt.T
    k = len(sp)
    for p in range(k):
        window = range(max(0, p - 1), min(k, p + 2))
        if any(sims[p, q] > sims[p, p] for q in window) or any(sims[q, p] > sims[p, p] for q in window):
            return False
    return True


def align_sentences(
    source_emb: np.ndarray,
    target_emb: np.ndarray,
    source_lengths: Sequence[int],
    target_lengths: Sequence[int],
    source_paragraphs: Sequence[int] | None = None,
    target_paragraphs: Sequence[int] | None = None,
    *,
    embed: Callable[[list[str]], np.ndarray] | None = None,
    params: AlignParams | None = None,
) -> list[AlignedBlock]:
    """Align the sentences of a source and a target document.

    ``*_emb`` are L2-normalised rows (one per sentence), ``*_lengths`` characters per sentence, ``*_paragraphs``
    the paragraph number of each sentence. The result covers every sentence of both sides once, in order.
    ``embed`` is accepted for API stability; block embeddings are means of sentence embeddings (measured as
    good as re-encoding the concatenated text on TransRead, for no extra encoder pass).
    """
    del embed
    p = params or AlignParams()
    src = np.asarray(source_emb, dtype=np.float64).reshape(len(source_lengths), -1) if len(source_lengths) else np.zeros((0, 1))
    tgt = np.asarray(target_emb, dtype=np.float64).reshape(len(target_lengths), -1) if len(target_lengths) else np.zeros((0, src.shape[1]))
    if src.shape[0] == 0:
        src = np.zeros((0, tgt.shape[1]))
    n, m = src.shape[0], tgt.shape[0]
    scorer = _Scorer(src, tgt, np.asarray(source_lengths, dtype=np.float64), np.asarray(target_lengths, dtype=np.float64), p)

    spans = [((0, n), (0, m))]
    if source_paragraphs is not None and target_paragraphs is not None and n and m:
        sp, tp = _paragraph_spans(source_paragraphs), _paragraph_spans(target_paragraphs)
        if _paragraphs_correspond(src, tgt, sp, tp):
            spans = list(zip(sp, tp))
    blocks: list[AlignedBlock] = []
    for (i0, i1), (j0, j1) in spans:
        for s_ids, t_ids in _align_span(scorer, i0, i1, j0, j1):
            blocks.append(AlignedBlock(s_ids, t_ids, scorer.cosine(s_ids, t_ids)))
    return blocks
