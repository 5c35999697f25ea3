"""The user cache: built models and parsed data, rebuilt when their inputs change.

$CHECKTRANS_CACHE, else $XDG_CACHE_HOME/checktrans, else ~/.cache/checktrans. Entries are written whole (temp
file, then rename) and keyed by a hash of what they were built from, so a stale or broken entry is rebuilt,
never trusted.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    if os.environ.get("CHECKTRANS_CACHE"):
        return Path(os.environ["CHECKTRANS_CACHE"]).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "checktrans"


def cached(name: str, inputs: bytes, build: Callable[[], T]) -> T:
    """`build()`'s result, pickled under `name` and the hash of `inputs` (data bytes plus a format version)."""
    path = cache_dir() / "data" / f"{name}-{hashlib.sha256(inputs).hexdigest()[:24]}.pickle"
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, ImportError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:  # a read-only cache only costs speed
        pass
    return value
