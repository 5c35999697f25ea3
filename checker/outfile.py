"""Output files are written whole or not at all, and never over an input."""
from __future__ import annotations

import errno
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO

from .errors import UsageError

_WRITE_ERRORS = {errno.EFBIG, errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}


def check_output(path: str | None, inputs: tuple[str, ...] = ()) -> None:
    """Refuse an output path that is an input, a directory, or in no directory. Callers also run it before
    any work, so that a bad --output costs no model load."""
    if path in (None, "-"):
        return
    target = Path(path).resolve()
    for item in inputs:
        if item != "-" and Path(item).exists() and Path(item).resolve() == target:
            raise UsageError(f"--output {path} is one of the inputs: refusing to overwrite it")
    if target.is_dir():
        raise UsageError(f"--output {path} is a directory")
    if not target.parent.is_dir():
        raise UsageError(f"--output {path}: no such directory {target.parent}")
    try:  # the report is written as a new file beside the target, then renamed: the folder must take one
        fd, probe = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        raise UsageError(f"--output {path}: cannot write in {target.parent} ({err.strerror})") from None


@contextmanager
def output_stream(path: str | None, inputs: tuple[str, ...] = ()) -> Iterator[TextIO]:
    """Yield a stream: stdout for None or "-", else a temp file renamed over `path` only on success."""
    check_output(path, inputs)
    if path in (None, "-"):
        yield sys.stdout
        return
    target = Path(path).resolve()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
        # mkstemp makes the file private (0600); a report is an ordinary file, readable as the umask allows.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as err:
        # A full disk, a file-size limit, a folder made read-only meanwhile: the previous report stays as it was.
        _remove(tmp)
        if err.errno in _WRITE_ERRORS:
            raise UsageError(f"cannot write {path}: {err.strerror}") from None
        raise
    except BaseException:  # Ctrl-C, SIGTERM (a SystemExit, see checker.commands.options), a bug
        _remove(tmp)
        raise


def _remove(path: str) -> None:
    with suppress(FileNotFoundError):
        os.unlink(path)
