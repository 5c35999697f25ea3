"""The checks: one module each, discovered here so that adding a check is adding a file.

A rule's module and class are named after it, as ruff names its rules: repeated-word is ``RepeatedWord`` in
``repeated_word.py``. A helper two rules share lives in one of their modules and the other imports it
(``quotes.segment_at``, ``number_format.format_like``); the bases of families of rules (``fluency.GrammarCheck``,
``probe.ProbingCheck``) and ``wordstats`` are modules of their own.

Codes are stable (they appear in configs, `--select`/`--ignore` and the desk's tools):
    CT0xx  segment level: omission, addition, untranslated, low similarity, wrong target language
    CT1xx  word level accuracy: false friends, names, numbers, negation, pronouns, untranslated words …
    CT2xx  fluency: typography, punctuation, grammar and spelling (CT204–CT207 and CT212 on Harper, checker/grammar.py)
    CT3xx  terminology: house glossary, consistency
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from ..config import code_selected
from ..errors import UsageError
from .base import Check, Context, Example, Threshold

__all__ = [
    "Check", "Context", "Example", "Threshold", "all_checks", "select_checks", "check_by_code", "declared_thresholds",
]


@lru_cache(maxsize=1)
def all_checks() -> tuple[type[Check], ...]:
    """Every Check subclass defined in this package, sorted by code."""
    for info in pkgutil.iter_modules(__path__):
        if info.name != "base":
            importlib.import_module(f"{__name__}.{info.name}")
    found: dict[str, type[Check]] = {}
    stack = list(Check.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        code = getattr(cls, "code", None)
        if code and cls.__module__.startswith(__name__):
            if code in found and found[code] is not cls:
                raise RuntimeError(f"two checks share the code {code}: {found[code].__name__}, {cls.__name__}")
            found[code] = cls
    return tuple(found[c] for c in sorted(found))


def declared_thresholds() -> dict[str, tuple[Threshold, str]]:
    """Every threshold name a check declares → (the declaration, the code of the rule that reads it)."""
    declared: dict[str, tuple[Threshold, str]] = {}
    for cls in all_checks():
        for threshold in cls.thresholds:
            if threshold.name in declared:
                raise RuntimeError(f"two checks declare the threshold {threshold.name!r}: "
                                   f"{declared[threshold.name][1]}, {cls.code}")
            declared[threshold.name] = (threshold, cls.code)
    return declared


def check_by_code(code: str) -> type[Check]:
    for cls in all_checks():
        if cls.code.upper() == code.upper():
            return cls
    raise UsageError(f"unknown rule code {code!r} (see `checktrans rules`)")


def select_checks(select: tuple[str, ...] = (), ignore: tuple[str, ...] = (),
                  extend: tuple[str, ...] = ()) -> list[Check]:
    """ruff's selection: `select` narrows to what it names (a rule off by default runs only when named), `extend`
    adds rules beside them, `ignore` removes (the longest matching prefix decides)."""
    codes = [cls.code for cls in all_checks()]
    for pattern in (*select, *ignore, *extend):
        if not any(c.upper().startswith(pattern.upper()) for c in codes):
            raise UsageError(f"no rule matches {pattern!r} (see `checktrans rules`)")
    select, ignore, extend = (tuple(p.upper() for p in group) for group in (select, ignore, extend))

    def named(cls) -> bool:  # selected, and on by default or named by a --select prefix
        return code_selected(cls.code, select, ignore) and (cls.default or any(cls.code.startswith(p) for p in select))

    return [cls() for cls in all_checks() if named(cls) or (extend and code_selected(cls.code, extend, ignore))]
