"""Word alignment inside aligned segments, from the encoder's token states (the SimAlign idea).

Sub-word states of one intermediate layer (the encoder's alignment layer) are mean-pooled into words; a
source word and a target word are linked when each is the other's most similar word (mutual argmax), after
centring and with a mild preference for the diagonal. No training, no extra encoder pass: the
states come from the sentence pass the pipeline already made.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

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
    """Mean of the token states overlapping each word. `pieces`: (offsets, states, base) per sentence, in text
    order, offsets relative to the sentence that starts at `base` in the text. Each word sums its tokens in
    text order (the (token, word) pairs, stably sorted by word, are added in rounds: every word's first token,
    then every word's second …), so a word's vector is the same whichever other words are pooled with it, and
    many segments can be pooled in one call. np.add.at did the same, unbuffered and several times slower (0.4 ms
    a newstest2014 pair); reduceat would not: it does not add a group's rows one after another."""
    out = np.zeros((len(words), dim), dtype=np.float32)
    pieces = [(offsets, states, base) for offsets, states, base in pieces if len(offsets)]
    if not words or not pieces:
        return out
    starts = np.array([w[0] for w in words])
    ends = np.array([w[1] for w in words])
    offsets = np.concatenate([offsets + base for offsets, _, base in pieces]).reshape(-1, 2)
    all_states = np.concatenate([states for _, states, _ in pieces])
    ts, te = offsets[:, 0], offsets[:, 1]
    # the words overlapping each token [ts, te): sorted spans, so binary searches bound them
    lo = np.searchsorted(ends, ts, side="right")
    n = np.maximum(np.searchsorted(starts, te, side="left") - lo, 0)
    if not n.any():
        return out
    token = np.repeat(np.arange(len(ts)), n)
    word = np.repeat(lo - np.cumsum(n) + n, n) + np.arange(int(n.sum()))  # lo, lo + 1, … per token
    order = np.argsort(word, kind="stable")  # each word's tokens stay in text order
    word, states = word[order], all_states[token[order]]
    new = np.r_[True, word[1:] != word[:-1]]
    first = np.flatnonzero(new)
    rank = np.arange(len(word)) - first[np.cumsum(new) - 1]  # a pair's place among its word's tokens
    for r in range(int(rank.max()) + 1):
        at = rank == r  # at most one pair per word: a plain indexed add
        out[word[at]] += states[at]
    counts = np.diff(np.r_[first, len(word)])
    out[word[first]] /= counts[:, None]  # as `out /= counts` with integer counts: in float64, rounded once
    return out


# Measured on ALIBI fr–en (522 literary sentence pairs, layer 6; scripts/evaluate.py alignment):
# mutual argmax alone AER 0.116; centring the word vectors of each side 0.097; plus a distortion prior
# of 0.2 0.092. SimAlign's itermax raised recall but cost more precision (AER 0.18), so it is not used.
DISTORTION = 0.2
MIN_WORDS_TO_CENTRE = 3
WEAK_LINK = 0.5


def align_words(
    source: np.ndarray, target: np.ndarray, distortion: float = DISTORTION, centre: bool = True
) -> list[tuple[int, int, float]]:
    """Links (i, j, cosine) between rows of two word-vector matrices, by mutual argmax.

    Centring removes what all words of a sentence share (topic, language), which otherwise dominates the
    cosine; the distortion prior prefers links near the diagonal, since news translation keeps word order
    roughly. The reported score is the plain cosine of the two word vectors."""
    if len(source) == 0 or len(target) == 0:
        return []

    def unit(x: np.ndarray) -> np.ndarray:
        return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)

    plain = unit(source) @ unit(target).T
    if centre and min(len(source), len(target)) >= MIN_WORDS_TO_CENTRE:
        sim = unit(source - source.mean(axis=0)) @ unit(target - target.mean(axis=0)).T
    else:
        sim = plain.copy()
    n, m = sim.shape
    sim -= distortion * np.abs(np.arange(n)[:, None] / n - np.arange(m)[None, :] / m)
    fwd = sim.argmax(axis=1)
    bwd = sim.argmax(axis=0)
    return [(i, int(fwd[i]), float(plain[i, fwd[i]])) for i in range(n) if bwd[fwd[i]] == i]


# A segment's word-by-word matrices stay under this many cells: beyond, its words are aligned window by window
# along the diagonal. Sentences are at most 1,000 characters (checker/segment.py) and a link joins at most four
# on a side, so real text stays far below (about 700 words a side); unpunctuated filler may not.
MAX_WORD_CELLS = 4_000_000


def windows(n: int, m: int, cells: int = MAX_WORD_CELLS) -> list[tuple[int, int, int, int]]:
    """[i0, i1) × [j0, j1) pieces of an n × m word grid along its diagonal, each of at most about `cells` cells:
    the whole grid when it is small enough."""
    k = max(1, int(np.ceil(np.sqrt(n * m / cells))))
    si = np.linspace(0, n, k + 1).round().astype(int)
    sj = np.linspace(0, m, k + 1).round().astype(int)
    return [(int(si[w]), int(si[w + 1]), int(sj[w]), int(sj[w + 1])) for w in range(k)]


def align_words_windowed(source: np.ndarray, target: np.ndarray) -> list[tuple[int, int, float]]:
    """align_words in diagonal windows (one window, i.e. align_words itself, for any real segment)."""
    links = []
    for i0, i1, j0, j1 in windows(len(source), len(target)):
        links += [(i0 + i, j0 + j, score) for i, j, score in align_words(source[i0:i1], target[j0:j1])]
    return links


def best_match_windowed(source: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """best_match in the same diagonal windows."""
    s_best, t_best = np.zeros(len(source)), np.zeros(len(target))
    for i0, i1, j0, j1 in windows(len(source), len(target)):
        s_best[i0:i1], t_best[j0:j1] = best_match(source[i0:i1], target[j0:j1])
    return s_best, t_best


def best_match(source: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each source word's and each target word's best plain cosine to any word of the other side."""
    if len(source) == 0 or len(target) == 0:
        return np.zeros(len(source)), np.zeros(len(target))
    s = source / np.maximum(np.linalg.norm(source, axis=1, keepdims=True), 1e-9)
    t = target / np.maximum(np.linalg.norm(target, axis=1, keepdims=True), 1e-9)
    sim = s @ t.T
    return sim.max(axis=1), sim.max(axis=0)


def word_vectors(side, sentences: tuple[int, ...], words: Sequence[tuple[int, int]]) -> np.ndarray:
    """The vectors of `words` (sorted spans of side.text) in the given sentences, from their token states."""
    return _pooled_runs(side, [(sentences, words)])[0]


# Segments pooled together, up to about this many words a side: one numpy pass instead of one per segment
# (10,000 short lines: 37,774 calls took 3.4 s), while a spilled side reads back only a run's token states.
POOL_WORDS = 4096


def _pooled_runs(side, items: Sequence[tuple[tuple[int, ...], Sequence[tuple[int, int]]]]) -> list[np.ndarray]:
    """word_vectors of each (sentences, words) item, pooled in one call: the same numbers, since a word's
    vector does not depend on the words pooled with it. An item whose sentences have no token states gets a
    (words, 0) array."""
    held = {k: (side.token_states[k], side.sentences[k].start)
            for sentences, _ in items for k in sentences}  # a spilled side reads each once
    pieces = [(t.offsets, t.states, start) for t, start in held.values()]
    dim = next((states.shape[1] for _, states, _ in pieces if len(states)), 0)
    everything = pool_words([w for _, words in items for w in words], pieces, dim) if dim else None
    out, at = [], 0
    for sentences, words in items:
        if everything is None or not any(len(held[k][0].states) for k in sentences):
            out.append(np.zeros((len(words), 0), np.float32))
        else:
            out.append(everything[at : at + len(words)])
        at += len(words)
    return out


def pooled_by_segment(side, items: Sequence[tuple[tuple[int, ...], Sequence[tuple[int, int]]]]):
    """word_vectors of each (sentences, words) item, in order, runs of about POOL_WORDS words at a time; the
    items' sentences and words in text order, as segments' are."""
    run, size = [], 0
    for item in items:
        run.append(item)
        size += len(item[1])
        if size >= POOL_WORDS:
            yield from _pooled_runs(side, run)
            run, size = [], 0
    if run:
        yield from _pooled_runs(side, run)


@dataclass
class SegmentWords:
    """A segment's words on both sides (spans into the full texts), their vectors and the mutual-argmax links
    (source index, target index, plain cosine): what alignment computed, kept for the quality model."""

    source: list[tuple[int, int]]
    target: list[tuple[int, int]]
    source_vectors: np.ndarray | None  # None when not kept (see link_segments): `with_vectors` makes them again
    target_vectors: np.ndarray | None
    links: list[tuple[int, int, float]]


def with_vectors(pair: DocumentPair, segments: Sequence):
    """Each segment's words with their vectors, in order: those kept, else made again from the token states
    (the same numbers: each word pools the same tokens in the same order), a run of segments at a time."""
    missing = [seg for seg in segments if seg.words.source_vectors is None]
    made = zip(pooled_by_segment(pair.source, [(seg.source_sentences, seg.words.source) for seg in missing]),
               pooled_by_segment(pair.target, [(seg.target_sentences, seg.words.target) for seg in missing]),
               strict=True)
    for seg in segments:
        if seg.words.source_vectors is not None:
            yield seg.words
        else:
            s_vecs, t_vecs = next(made)
            yield replace(seg.words, source_vectors=s_vecs, target_vectors=t_vecs)


def link_segments(pair: DocumentPair, keep_vectors: bool = True) -> None:
    """Fill `segment.links` for every segment with both sides, from the token states of the sentence pass.
    Without `keep_vectors`, a segment's word vectors are dropped once linked (a long story's take about as much
    memory as its token states)."""
    src, tgt = pair.source, pair.target
    both = [seg for seg in pair.segments if seg.source_sentences and seg.target_sentences]
    for seg in pair.segments:
        seg.links = []
    source_words = [words_of(src.text, seg.source_start, seg.source_end) for seg in both]
    target_words = [words_of(tgt.text, seg.target_start, seg.target_end) for seg in both]
    for seg, s_words, t_words, s_vecs, t_vecs in zip(
        both, source_words, target_words,
        pooled_by_segment(src, [(seg.source_sentences, w) for seg, w in zip(both, source_words, strict=True)]),
        pooled_by_segment(tgt, [(seg.target_sentences, w) for seg, w in zip(both, target_words, strict=True)]),
        strict=True,
    ):
        if not s_vecs.size or not t_vecs.size:
            seg.links = []
            continue
        links = align_words_windowed(s_vecs, t_vecs)
        seg.words = SegmentWords(s_words, t_words, *((s_vecs, t_vecs) if keep_vectors else (None, None)), links)
        seg.links = [WordLink(s_words[i][0], s_words[i][1], t_words[j][0], t_words[j][1], score)
                     for i, j, score in links]
        s_best, t_best = best_match_windowed(s_vecs, t_vecs)
        # A link under WEAK_LINK is often a leftover word paired with whatever remained ("brutally" with the
        # auxiliary "a"): such words count as unlinked for the omission and addition probes.
        s_linked = {i for i, _, score in links if score >= WEAK_LINK}
        t_linked = {j for _, j, score in links if score >= WEAK_LINK}
        seg.unlinked_source = [(*s_words[i], float(s_best[i])) for i in range(len(s_words)) if i not in s_linked]
        seg.unlinked_target = [(*t_words[j], float(t_best[j])) for j in range(len(t_words)) if j not in t_linked]
