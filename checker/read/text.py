"""Plain-text input: bytes → str, strictly, with one clear line for anything that is not a text file.

The decoded text is returned exactly as decoded (a byte-order mark removed, CRLF kept) because every offset the
checker reports indexes that string. There is no silent Latin-1 fallback: a wrong guess would shift nothing but
quietly corrupt accented letters, which is worse for a translation checker than refusing the file.
"""
from __future__ import annotations

import codecs
import os
import re
import sys
import unicodedata
from pathlib import Path

from checker.errors import InputError, UsageError

MAX_BYTES = 20 * 1024 * 1024  # default; CHECKTRANS_MAX_BYTES overrides it per call
MAX_BYTES_ENV = "CHECKTRANS_MAX_BYTES"

# Longest BOMs first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
# Control characters a text file may hold; any other C0/C1 control counts towards "binary".
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b\x85")
_MAX_CONTROL_RATIO = 0.01
# "story.fr.txt" → "story": a trailing text extension, then a trailing language tag (fr, en-GB, pt_BR).
_TEXT_EXTENSIONS = frozenset({".txt", ".text"})
_LANG_SUFFIX = re.compile(r"\.[a-z]{2}(?:[-_][A-Za-z]{2,4})?$")


def max_bytes() -> int:
    """The size limit in force: CHECKTRANS_MAX_BYTES when set, else MAX_BYTES."""
    raw = os.environ.get(MAX_BYTES_ENV)
    if raw is None or not raw.strip():
        return MAX_BYTES
    try:
        value = int(raw.strip())
    except ValueError:
        value = 0
    if value <= 0:
        raise UsageError(f"{MAX_BYTES_ENV} must be a positive number of bytes, not {raw!r}")
    return value


def _format_size(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MB"
    return f"{n:,} bytes"


def decode(data: bytes, name: str) -> str:
    """Decode a text file's bytes: UTF-8 (BOM optional), or UTF-16/UTF-32 with a BOM.

    Raises InputError for binary data, undecodable bytes (with the byte offset) and empty text.
    """
    encoding, label, skip = "utf-8", "UTF-8", 0
    for bom, enc, lab in _BOMS:
        if data.startswith(bom):
            encoding, label, skip = enc, lab, len(bom)
            break
    if label == "UTF-8" and b"\x00" in data:
        raise InputError(_nul_message(data, name))
    try:
        text = data[skip:].decode(encoding)
    except UnicodeDecodeError as e:
        where = e.start + skip
        hint = "; save it as UTF-8" if label == "UTF-8" else ""
        raise InputError(f"{name}: not valid {label} at byte {where}{hint}") from None
    if text.startswith("\ufeff"):  # a second BOM (a file concatenated or saved twice) is still not content
        text = text[1:]
    if _looks_binary(text):
        raise InputError(f"{name}: binary file, not text")
    if not text.strip():
        raise InputError(f"{name} is empty")
    return text


def _nul_message(data: bytes, name: str) -> str:
    # A BOM-less UTF-16 file has NULs at every other byte of its ASCII text: say so, it is fixable.
    sample = data[:4096]
    if len(sample) >= 8:
        even = sample[0::2].count(0) / len(sample[0::2])
        odd = sample[1::2].count(0) / len(sample[1::2])
        if max(even, odd) > 0.6 and min(even, odd) < 0.05:
            return f"{name}: binary file, not text (it looks like UTF-16 without a byte-order mark; save it as UTF-8)"
    return f"{name}: binary file, not text"


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    controls = sum(
        1 for ch in sample if ch not in _TEXT_CONTROLS and unicodedata.category(ch) == "Cc"
    )
    return "\x00" in sample or controls > max(2, _MAX_CONTROL_RATIO * len(sample))


def text_id(path: str) -> str:
    """The document id of a file: its name without a text extension and language suffix."""
    name = Path(path).name
    stem, ext = os.path.splitext(name)
    if ext.lower() in _TEXT_EXTENSIONS and stem:
        name = stem
    stripped = _LANG_SUFFIX.sub("", name)
    return stripped or name


def too_large(name: str, limit: int) -> InputError:
    return InputError(f"{name}: larger than the {_format_size(limit)} limit (set {MAX_BYTES_ENV} to raise it)")


def read_bytes(path: str | Path, limit: int | None = None, name: str | None = None) -> bytes:
    """A file's bytes, refused past ``limit`` (default: max_bytes()) having read at most limit + 1 of them.

    Every way a file can fail to be read ends in one InputError line naming it as ``name``."""
    limit = limit or max_bytes()
    name = name or str(path)
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{name}: is a directory, not a text file")
    try:
        with open(p, "rb") as f:
            data = f.read(limit + 1)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not a text file") from None
    except OSError as e:
        raise InputError(f"{name}: cannot be read ({e.strerror or e})") from None
    if len(data) > limit:
        raise too_large(name, limit)
    return data


def read_text(path: str) -> tuple[str, str]:
    """Read and decode a text file (``-`` is stdin); return (text, id).

    Raises InputError with one line for a missing, unreadable, oversized, binary, undecodable or empty file.
    """
    limit = max_bytes()
    if path == "-":
        name, doc_id = "stdin", "stdin"
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise InputError("stdin: cannot be read as bytes")
        data = stream.read(limit + 1)
    else:
        name, doc_id = path, text_id(path)
        data = read_bytes(path, limit, name)
    if len(data) > limit:
        raise too_large(name, limit)
    return decode(data, name), doc_id
