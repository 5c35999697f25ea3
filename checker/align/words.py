"""Word alignment inside aligned segments, from the encoder's token states (the SimAlign idea).

Sub-word states of one intermediate layer (the encoder's alignment layer) are mean-pooled into words; a
source word and a target word are linked when each is the other's most similar word (mutual argmax), then
"itermax" rounds link words still unaligned among themselves. No training, no extra encoder pass: the
states come from the sentence pass the pipeline already made.
"""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from ..model import DocumentPair, WordLink

# Words (with inner hyphens and apostrophes: aujourd'hui, pro-Kremlin) or single punctuation marks.
WORD = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]", re.UNICODE)


def words_of(text: str, start: int = 0, end: int | None = None, punctuation: bool = False) -> list[tuple[int, int]]:
    """[start, end) spans of the words of text[start:end], in text coordinates."""
    spans = [(m.start() + start, m.end() + start) for m in WORD.finditer(text[start:end])]
    if not punctuation:
        spans = [(s, e) for s, e in spans if text[s].isalnum() or text[s] == "_"]
    return spans


def pool_words(
    words: Sequence[tuple[int, int]], pieces: Sequence[tuple[np.ndarray, np.ndarray, int]], dim: int
) -> np.ndarray:
    """Mean of the token states overlapping each word. `pieces`: (offsets, states, base) per sentence,
    offsets relative to the sentence that starts at `base` in the text."""
    out = np.zeros((len(words), dim), dtype=np.float32)
    counts = np.zeros(len(words), dtype=np.int32)
    if not words:
        return out
    starts = np.array([w[0] for w in words])
    ends = np.array([w[1] for w in words])
    for offsets, states, base in pieces:
        for (ts, te), vec in zip(offsets, states):
            ts, te = ts + base, te + base
            # words overlapping [ts, te): sorted spans, so a binary search bounds the candidates
            lo = np.searchsorted(ends, ts, side="right")
            hi = np.searchsorted(starts, te, side="left")
            for w in range(lo, hi):
                out[w] += vec
                counts[w] += 1
    nonzero = counts > 0
    out[nonzero] /= counts[nonzero, None]
    return out


def align_words(source: np.ndarray, target: np.ndarray, itermax: int = 1) -> list[tuple[int, int, float]]:
    """Links (i, j, cosine) between rows of two word-vector matrices: mutual argmax, then itermax rounds."""
    if len(source) == 0 or len(target) == 0:
        return []
    s = source / np.maximum(np.linalg.norm(source, axis=1, keepdims=True), 1e-9)
    t = target / np.maximum(np.linalg.norm(target, axis=1, keepdims=True), 1e-9)
    sim = s @ t.T
    fwd = sim.argmax(axis=1)
    bwd = sim.argmax(axis=0)
    links = {(i, int(fwd[i])) for i in range(len(s)) if bwd[fwd[i]] == i}
    for _ in range(itermax):
        # SimAlign's itermax: among words both still unaligned, link mutual best matches again; a word
        # already aligned on one side may take a second partner only if the pair is a mutual best among
        # the remaining candidates (this recovers 1-n links such as "ne … pas" → "not").
        src_done = {i for i, _ in links}
        tgt_done = {j for _, j in links}
        mask = np.full(sim.shape, -np.inf)
        free_rows = [i for i in range(len(s)) if i not in src_done]
        free_cols = [j for j in range(len(t)) if j not in tgt_done]
        if not free_rows and not free_cols:
            break
        for i in free_rows:
            mask[i, :] = sim[i, :]
        for j in free_cols:
            mask[:, j] = sim[:, j]
        for i, j in links:
            mask[i, j] = -np.inf
        f2 = mask.argmax(axis=1)
        b2 = mask.argmax(axis=0)
        added = {
            (i, int(f2[i]))
            for i in range(len(s))
            if np.isfinite(mask[i, f2[i]]) and b2[f2[i]] == i and (i in free_rows and int(f2[i]) in free_cols)
        }
        if not added:
            break
        links |= added
    return sorted((i, j, float(sim[i, j])) for i, j in links)


def _side_pieces(side, indices: tuple[int, ...]) -> list[tuple[np.ndarray, np.ndarray, int]]:
    return [
        (side.token_states[k].offsets, side.token_states[k].states, side.sentences[k].start) for k in indices
    ]


def link_segments(pair: DocumentPair) -> None:
    """Fill `segment.links` for every segment with both sides, from the token states of the sentence pass."""
    src, tgt = pair.source, pair.target
    for seg in pair.segments:
        if not seg.source_sentences or not seg.target_sentences:
            seg.links = []
            continue
        s_words = words_of(src.text, seg.source_start, seg.source_end)
        t_words = words_of(tgt.text, seg.target_start, seg.target_end)
        s_pieces = _side_pieces(src, seg.source_sentences)
        t_pieces = _side_pieces(tgt, seg.target_sentences)
        dim = s_pieces[0][1].shape[1] if len(s_pieces[0][1]) else 0
        if not dim or not s_words or not t_words:
            seg.links = []
            continue
        s_vecs = pool_words(s_words, s_pieces, dim)
        t_vecs = pool_words(t_words, t_pieces, dim)
        seg.links = [
            WordLink(s_words[i][0], s_words[i][1], t_words[j][0], t_words[j][1], score)
            for i, j, score in align_words(s_vecs, t_vecs)
        ]
