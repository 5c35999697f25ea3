"""Project settings: ``checktrans.toml``, or ``[tool.checktrans]`` in ``pyproject.toml``, found as ruff finds its own.

Searched upward from the working directory; in each folder ``checktrans.toml`` wins over ``pyproject.toml``, and
a ``pyproject.toml`` without a ``[tool.checktrans]`` table does not stop the search. Command-line options
override what the file says. An unknown key is a UsageError naming it, so that a typo never passes silently.

    fail_on = "major"              # minor | major | critical
    select = ["CT1"]               # rule codes or prefixes, as ruff's --select
    extend_select = ["CT171"]      # more rules beside the selected ones (those off by default too), as ruff's
    ignore = ["CT104"]
    glossary = "house-glossary.csv"   # relative to the file that names it
    baseline = "checktrans-baseline.json"   # accepted findings (--baseline), relative to this file
    source_lang = "fr"
    target_lang = "en"
    model = "/models/labse"        # any sentence-transformers name or path
    [thresholds]                   # numbers that rules declare (`checktrans rules CODE` shows them); any other
    similarity = 0.82              # name is a usage error, so that a typo never passes silently
    quality_threshold = 0.22       # CT400 from this probability (default: the model's false-alarm budget;
                                   # `checktrans model info` lists the threshold of each budget)
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .errors import UsageError
from .model import Severity

CONFIG_NAME = "checktrans.toml"
SEVERITIES = tuple(str(s) for s in sorted(Severity))
_CODE = re.compile(r"^[A-Z]+[0-9]*$")
_LANG = re.compile(r"^[a-z]{2}(?:[-_][A-Za-z]{2}|[-_]\d{3})?$")


@dataclass(frozen=True)
class Config:
    """Settings read from a file; None (or empty) means "not set here", so a default or the CLI decides."""

    fail_on: str | None = None
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    glossary: Path | None = None
    baseline: Path | None = None  # the baseline file of accepted findings (checker.baseline)
    thresholds: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    source_lang: str | None = None
    target_lang: str | None = None
    model: str | None = None
    path: Path | None = None  # the file these came from, for messages; None when no file was found

    def merged(self, **cli: Any) -> Config:
        """A copy where every CLI value that was given (not None, not empty) replaces the file's."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(cli) - known)
        if unknown:
            raise UsageError(f"unknown setting {unknown[0]!r}")
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for key, value in cli.items():
            if value is None or value == () or value == []:
                continue
            values[key] = value
        raw = {k: v for k, v in values.items() if k != "path"}
        return _validated(raw, values["path"], base=Path.cwd(), from_cli=True)


def find_config(start: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The nearest settings file at or above ``start`` (default: the working directory) and its table."""
    folder = (start or Path.cwd()).resolve()
    if folder.is_file():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_NAME
        if own.is_file():
            return own, _read_toml(own)
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            table = _read_toml(pyproject).get("tool", {}).get("checktrans")
            if table is not None:
                if not isinstance(table, dict):
                    raise UsageError(f"{pyproject}: [tool.checktrans] must be a table")
                return pyproject, table
    return None


def load_config(path: str | Path | None = None, *, start: Path | None = None) -> Config:
    """Settings from ``path`` when it names a file (``--config``), else found upward from ``start`` (or from
    ``path`` when it is a folder, or from the working directory). No file found: an empty Config."""
    if path is not None and not Path(path).is_dir():
        file = Path(path)
        if not file.is_file():
            raise UsageError(f"--config {path}: no such file")
        table = _read_toml(file)
        if file.name == "pyproject.toml":
            table = table.get("tool", {}).get("checktrans", {})
        return _validated(table, file.resolve(), base=file.resolve().parent)
    found = find_config(Path(path) if path is not None else start)
    if found is None:
        return Config()
    file, table = found
    return _validated(table, file, base=file.parent)


def code_selected(code: str, select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> bool:
    """ruff's rule: the longest matching prefix decides; with no --select every rule is selected."""
    code = code.upper()
    best_select = max((len(p) for p in select if code.startswith(p)), default=-1 if select else 0)
    best_ignore = max((len(p) for p in ignore if code.startswith(p)), default=-1)
    return best_select >= 0 and best_select > best_ignore  # a tie between --select and --ignore: ignored


def _read_toml(file: Path) -> dict[str, Any]:
    try:
        with open(file, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as err:
        raise UsageError(f"{file}: not valid TOML ({err})") from None
    except OSError as err:
        raise UsageError(f"{file}: cannot be read ({err.strerror})") from None


def _codes(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{where}: {key} must be a list of rule codes")
    codes = tuple(sorted({c.strip().upper() for v in value for c in v.split(",") if c.strip()}))
    for code in codes:
        if not _CODE.match(code):
            raise UsageError(f"{where}: {key}: {code!r} is not a rule code or prefix (like CT1 or CT101)")
    return codes


def _validated(table: Mapping[str, Any], file: Path | None, base: Path, from_cli: bool = False) -> Config:
    where = str(file) if file and not from_cli else "options"
    known = {f.name for f in fields(Config)} - {"path"}
    for key in sorted(table):
        if key.replace("-", "_") not in known:
            raise UsageError(f"{where}: unknown key {key!r} (known: {', '.join(sorted(known))})")
    values = {key.replace("-", "_"): value for key, value in table.items()}

    fail_on = values.get("fail_on")
    if fail_on is not None and (not isinstance(fail_on, str) or fail_on.lower() not in SEVERITIES):
        raise UsageError(f"{where}: fail_on must be one of {', '.join(SEVERITIES)}, not {fail_on!r}")

    for key in ("source_lang", "target_lang"):
        lang = values.get(key)
        if lang is not None and (not isinstance(lang, str) or not _LANG.match(lang)):
            raise UsageError(f"{where}: {key} must be a language code like 'fr' or 'pt-BR', not {lang!r}")

    glossary = values.get("glossary")
    if glossary is not None:
        if not isinstance(glossary, (str, Path)):
            raise UsageError(f"{where}: glossary must be a path")
        glossary = Path(glossary) if Path(glossary).is_absolute() else base / glossary

    baseline = values.get("baseline")
    if baseline is not None:
        if not isinstance(baseline, (str, Path)) or not str(baseline):
            raise UsageError(f"{where}: baseline must be a path")
        baseline = Path(baseline) if Path(baseline).is_absolute() else base / baseline

    thresholds = values.get("thresholds") or {}
    if not isinstance(thresholds, Mapping):
        raise UsageError(f"{where}: thresholds must be a table of named numbers")
    for name, number in thresholds.items():
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            raise UsageError(f"{where}: thresholds.{name} must be a number, not {number!r}")

    model = values.get("model")
    if model is not None and not isinstance(model, str):
        raise UsageError(f"{where}: model must be a name or a path")

    return Config(
        fail_on=fail_on.lower() if fail_on else None,
        select=_codes(values.get("select", ()), "select", where),
        extend_select=_codes(values.get("extend_select", ()), "extend_select", where),
        ignore=_codes(values.get("ignore", ()), "ignore", where),
        glossary=glossary,
        baseline=baseline,
        thresholds=MappingProxyType({k: float(v) for k, v in sorted(thresholds.items())}),
        source_lang=values.get("source_lang"),
        target_lang=values.get("target_lang"),
        model=model,
        path=file,
    )
