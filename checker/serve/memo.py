"""The encoder, remembering what it computed for each text across requests.

A desk checks the same story again and again: after each fix, on each save in the CMS, before publication. Most
of its sentences have not changed, and a text's vectors do not depend on what it is batched with (the pipeline
relies on that too), so the service keeps the sentence embeddings and token states it computed, least recently
used first out, within a memory budget. Results are the same with or without it (tests/test_serve.py).
"""
from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from ..encoder import Encoded, TokenStates

# ~100 MB: a news sentence costs ~60 kB with its token states (40 tokens × 384 floats), so a few hundred stories.
DEFAULT_BUDGET = 100 * 2**20


class MemoEncoder:
    """Wraps an encoder (name, dim, alignment_layer, encode). Arrays handed out are read-only: the memory is
    shared by every request, so a caller that tried to change one in place would fail loudly, not corrupt it."""

    def __init__(self, encoder, budget_bytes: int = DEFAULT_BUDGET):
        self.encoder = encoder
        self.name, self.dim = encoder.name, encoder.dim
        self.alignment_layer = getattr(encoder, "alignment_layer", None)
        self.variant = getattr(encoder, "variant", None)
        self.budget = budget_bytes
        self._rows: OrderedDict[str, tuple[np.ndarray, TokenStates | None, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def encode(self, texts: list[str], *, tokens: bool = False, **kwargs) -> Encoded:
        if kwargs.get("spill") is not None:  # a document too long to keep in memory is not kept in the memo either
            return self.encoder.encode(texts, tokens=tokens, **kwargs)
        texts = list(texts)
        with self._lock:
            known = {t: self._rows[t] for t in dict.fromkeys(texts) if t in self._rows
                     and (not tokens or self._rows[t][1] is not None)}
            for t in known:
                self._rows.move_to_end(t)
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        self.hits += len(texts) - len(missing)
        self.misses += len(missing)
        fresh: dict[str, tuple[np.ndarray, TokenStates | None, int]] = {}
        if missing:
            encoded = self.encoder.encode(missing, tokens=tokens, **kwargs)
            for k, text in enumerate(missing):
                row = _frozen(encoded.embeddings[k].copy())
                states = None
                if encoded.tokens is not None and encoded.tokens[k] is not None:
                    t = encoded.tokens[k]
                    states = TokenStates(_frozen(np.asarray(t.offsets)), _frozen(np.asarray(t.states)))
                size = row.nbytes + (0 if states is None else states.offsets.nbytes + states.states.nbytes) + 200
                fresh[text] = (row, states, size)
            self._remember(fresh)
        entries = {**known, **fresh}
        embeddings = np.array([entries[t][0] for t in texts], dtype=np.float32).reshape(len(texts), self.dim)
        return Encoded(embeddings, [entries[t][1] for t in texts] if tokens else None)

    def _remember(self, fresh: dict) -> None:
        with self._lock:
            for text, entry in fresh.items():
                old = self._rows.pop(text, None)
                if old is not None:
                    self._bytes -= old[2]
                if entry[2] > self.budget:
                    continue
                self._rows[text] = entry
                self._bytes += entry[2]
            while self._bytes > self.budget and self._rows:
                _, (_, _, size) = self._rows.popitem(last=False)
                self._bytes -= size

    def stats(self) -> dict:
        return {"texts": len(self._rows), "bytes": self._bytes, "hits": self.hits, "misses": self.misses}


def _frozen(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array
