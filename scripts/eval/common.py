"""What every measure shares: one Checker per run, plain sentence cosine, tables and JSON output."""
from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .data import REPO, Missing

sys.path.insert(0, str(REPO))

_CHECKER: dict[str, Any] = {}
# Named thresholds for every checker of the run, as a checktrans.toml [thresholds] table gives them
# (scripts/evaluate.py --threshold NAME=VALUE).
THRESHOLDS: dict[str, float] = {}
# Rules that are off by default, run beside the default set (scripts/evaluate.py --also CODE).
ALSO: list[str] = []


def get_checker(model: str | None = None):
    """The pipeline's Checker (encoder and lexicons load once per process)."""
    if model not in _CHECKER:
        try:
            from checker.pipeline import Checker, Options
        except ImportError as error:
            raise Missing(f"checker.pipeline is not importable yet ({error}); skipped") from error
        t0 = time.perf_counter()
        _CHECKER[model] = Checker(Options(source_lang="fr", target_lang="en", model=model, extend_select=tuple(ALSO),
                                          thresholds=dict(THRESHOLDS)))
        print(f"[checker loaded in {time.perf_counter() - t0:.1f} s: {_CHECKER[model].signature}]", flush=True)
    return _CHECKER[model]


def get_encoder(model: str | None = None):
    return get_checker(model).encoder


def embed(texts: Sequence[str], model: str | None = None, batch: int = 256) -> np.ndarray:
    """L2-normalised sentence embeddings from the checker's encoder, in order."""
    enc = get_encoder(model)
    out = [np.asarray(enc.encode(list(texts[i : i + batch])).embeddings, dtype=np.float32)
           for i in range(0, len(texts), batch)]
    return np.concatenate(out) if out else np.zeros((0, 0), dtype=np.float32)


def pair_cosines(sources: Sequence[str], targets: Sequence[str], model: str | None = None) -> np.ndarray:
    """Plain sentence cosine of each (source, target) pair: the baseline signal."""
    s, t = embed(sources, model), embed(targets, model)
    return (s * t).sum(axis=1)


def low_cosine_flags(cosines: np.ndarray, groups: Sequence[Any] | None = None, k: float = 1.0) -> np.ndarray:
    """Flag a segment whose cosine is below its document's mean − k·std (the whole set when no groups)."""
    cosines = np.asarray(cosines, dtype=np.float64)
    groups = list(groups) if groups is not None else [0] * len(cosines)
    flags = np.zeros(len(cosines), dtype=bool)
    for g in sorted(set(groups), key=str):
        idx = np.array([i for i, x in enumerate(groups) if x == g])
        vals = cosines[idx]
        flags[idx] = vals < vals.mean() - k * vals.std()
    return flags


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str | None = None) -> str:
    def fmt(x: Any) -> str:
        if isinstance(x, float):
            return f"{x:.3f}"
        return str(x)

    rows = [[fmt(c) for c in r] for r in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in rows)) if rows else len(str(h)) for i, h in enumerate(headers)]
    lines = []
    if title:
        lines.append(f"\n## {title}")
    lines.append("| " + " | ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=False)) + " |")
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)) + " |")
    text = "\n".join(lines)
    print(text, flush=True)
    return text


def write_json(path: Path | None, data: dict) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n",
                    encoding="utf-8")
    print(f"[wrote {path}]")
