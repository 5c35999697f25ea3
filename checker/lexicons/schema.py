"""The keys a lexicon file may use: any other is an error naming the file and the line, so that a typo ("wrng",
"antipattern") never silently drops a rule's data.

tomllib gives values without their lines, so the line is found by scanning the text: the n-th ``[[entry]]``
header, then the first assignment of the key in that entry's block (``key =`` opening a line, or inside an
inline table: ``{ source = …, flaged = … }``).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any


class LexiconError(ValueError):
    """A malformed lexicon file; the message names the file, the line when it is known, and what is wrong."""


_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]?\s*(?:#.*)?$")


class TomlText:
    """A TOML file's text, for finding the line of a table or a key that tomllib has parsed."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self._headers = [(i, m.group(1).strip("\"' ")) for i, line in enumerate(self.lines)
                         if (m := _HEADER.match(line))]

    def table_line(self, name: str, n: int = 0) -> int | None:
        """0-based line of the n-th ``[name]`` or ``[[name]]`` header."""
        found = [i for i, header in self._headers if header == name]
        return found[n] if n < len(found) else None

    def key_line(self, key: str, start: int | None = None) -> int | None:
        """0-based line of the first assignment of ``key`` in the block that begins at line ``start`` (the top of
        the file, before any table, when None)."""
        first = 0 if start is None else start + 1
        ends = [i for i, _ in self._headers if i >= first]
        last = ends[0] if ends else len(self.lines)
        pattern = re.compile(rf"(?:^|[{{,])\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=")
        return next((i for i in range(first, last) if pattern.search(self.lines[i])), None)

    def where(self, line: int | None) -> str:
        return f"{self.path}" if line is None else f"{self.path}:{line + 1}"


def check_tables(data: Mapping[str, Any], allowed: Iterable[str], text: TomlText,
                 error: type[LexiconError] = LexiconError) -> None:
    """Raise ``error`` for a top-level table or key of the file that is not in ``allowed``."""
    allowed = tuple(allowed)
    for key in data:
        if key not in allowed:
            line = text.table_line(key)
            line = text.key_line(key) if line is None else line
            raise error(f"{text.where(line)}: unknown table or key {key!r} (known: {', '.join(allowed)})")


def check_keys(table: Mapping[str, Any], allowed: Iterable[str], text: TomlText, what: str,
               start: int | None = None, error: type[LexiconError] = LexiconError) -> None:
    """Raise ``error`` for the first key of ``table`` not in ``allowed``, at its line in the block that begins
    at line ``start`` (see TomlText.key_line); ``what`` names the table in the message ("entry 'sommet'")."""
    allowed = tuple(allowed)
    for key in table:
        if key not in allowed:
            line = text.key_line(key, start)
            raise error(f"{text.where(line)}: {what}: unknown key {key!r} (known: {', '.join(allowed)})")
