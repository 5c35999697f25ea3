"""Leave-one-out probes: does deleting a word bring one side closer to the other?

If the English never rendered a French word, deleting that word from the French makes the French a better
match for the English, so the cosine rises; deleting a word the English did render makes it fall. The same
holds the other way round for a word the English added. One encoder batch per document serves every probe.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Probe:
    text: str  # the side that loses a word, whole segment
    start: int  # the word, relative to `text`
    end: int
    other: str  # the other side's segment text


def deletion_gains(encoder, probes: list[Probe]) -> list[float]:
    """For each probe, cos(text without the word, other) − cos(text, other)."""
    if not probes:
        return []
    # The whole segment and the other side repeat across the probes of one segment: encode each text once.
    index: dict[str, int] = {}
    rows = []
    for p in probes:
        without = (p.text[: p.start].rstrip() + " " + p.text[p.end :].lstrip()).strip()
        rows.append([index.setdefault(t, len(index)) for t in (p.text, without, p.other)])
    emb = encoder.encode(list(index)).embeddings
    rows_ = np.array(rows)
    full, without, other = emb[rows_[:, 0]], emb[rows_[:, 1]], emb[rows_[:, 2]]
    return list(np.einsum("nd,nd->n", without, other) - np.einsum("nd,nd->n", full, other))
