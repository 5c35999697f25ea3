"""Leave-one-out probes: does deleting a word bring one side closer to the other?

If the English never rendered a French word, deleting that word from the French makes the French a better
match for the English, so the cosine rises; deleting a word the English did render makes it fall. The same
holds the other way round for a word the English added.

Only the sentence that loses the word is encoded again: the segment's other sentences and the other side
keep the embeddings of the pipeline's sentence pass, and a segment's embedding is the normalised mean of
its sentences', as in sentence alignment. One encoder call per document serves every probe.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model import DocumentPair, Segment
from .base import Check, Context


@dataclass
class Probe:
    segment: Segment
    side: str  # "source" or "target": the side that loses the word
    start: int  # the word, offsets into that side's text
    end: int


def unit(v: np.ndarray) -> np.ndarray:
    """v scaled to length 1 (a zero vector stays zero)."""
    return v / (np.linalg.norm(v) or 1.0)


def _plan(pair: DocumentPair, p: Probe):
    side = getattr(pair, p.side)
    other = pair.target if p.side == "source" else pair.source
    own_idx = p.segment.source_sentences if p.side == "source" else p.segment.target_sentences
    other_idx = p.segment.target_sentences if p.side == "source" else p.segment.source_sentences
    k = next(i for i in own_idx if side.sentences[i].start <= p.start < side.sentences[i].end)
    sent = side.sentences[k]
    text = side.text[sent.start : sent.end]
    a, b = p.start - sent.start, p.end - sent.start
    without = (text[:a].rstrip() + " " + text[b:].lstrip()).strip()
    other_vec = unit(other.embeddings[list(other_idx)].mean(axis=0))
    return without, side.embeddings, list(own_idx), own_idx.index(k), other_vec


def probe_texts(pair: DocumentPair, probes: list[Probe]) -> list[str]:
    """The texts `deletion_gains` will encode: each probed sentence without its word."""
    return [_plan(pair, p)[0] for p in probes]


def deletion_gains(encoder, pair: DocumentPair, probes: list[Probe]) -> list[float]:
    """For each probe, cos(segment without the word, other segment) − cos(segment, other segment)."""
    if not probes:
        return []
    plans = [_plan(pair, p) for p in probes]
    new = encoder.encode([plan[0] for plan in plans]).embeddings
    gains = []
    for (_, emb, idx, pos, other_vec), replacement in zip(plans, new):
        rows = emb[idx].copy()
        before = float(unit(rows.mean(axis=0)) @ other_vec)
        rows[pos] = replacement
        gains.append(float(unit(rows.mean(axis=0)) @ other_vec) - before)
    return gains


class ProbingCheck(Check):
    """A check whose candidate words are confirmed by probes. A subclass finds its candidates (tuples whose last
    item is the Probe) in `_find_candidates`; they are found once per document, their probe texts are encoded
    with the whole chunk's (`prefetch`), and `probed` pairs each with its deletion gain."""

    def _find_candidates(self, pair: DocumentPair, ctx: Context) -> list[tuple]:
        raise NotImplementedError

    def _candidates(self, pair: DocumentPair, ctx: Context) -> list[tuple]:
        return ctx.once(f"{self.code}:candidates", lambda: self._find_candidates(pair, ctx))

    def prefetch(self, pair: DocumentPair, ctx: Context) -> list[str]:
        return probe_texts(pair, [c[-1] for c in self._candidates(pair, ctx)])

    def probed(self, pair: DocumentPair, ctx: Context) -> list[tuple[tuple, float]]:
        """(candidate, gain) for every candidate; none without an encoder."""
        if ctx.encoder is None:
            return []
        candidates = self._candidates(pair, ctx)
        return list(zip(candidates, deletion_gains(ctx.encoder, pair, [c[-1] for c in candidates])))
