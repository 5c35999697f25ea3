"""Renderers: they lay out what the pipeline computed and compute nothing themselves.

Every format is one entry of ``FORMATS``: the commands read their choices, defaults and options from it, so that
a new format is one module (a ``render(results, signature, stream, **options)`` function) and one entry here.
Each renderer is given the results in input order — checked stories (``DocumentPair``) and stories that could
not be checked (``BadRecord``) — and must write both: a report that leaves a failure out reads as clean.
"""
from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from ..errors import UsageError
from ..model import DocumentPair
from ..record import BadRecord


@dataclass(frozen=True)
class Format:
    name: str
    renderer: str  # "module:function" under checker.report
    # True: each story is written as it comes (a long batch shows progress in the file, memory stays flat).
    # False: the renderer needs every story first (HTML orders them worst first) and spools to disk itself.
    streams: bool
    links: bool  # takes --links (each segment's word links)
    errors: str  # how a story that could not be checked is written
    summary: str  # one line for --help

    def load(self):
        module, function = self.renderer.split(":")
        return getattr(importlib.import_module(f"{__name__}.{module}"), function)

    def available(self) -> bool:
        """False when the renderer's module cannot be imported in this installation."""
        try:
            self.load()
        except ImportError:
            return False
        return True


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("text", "text:render_text", True, False, "a red line in place of the story, counted at the end",
               "segments side by side with the findings, for a terminal"),
        Format("json", "json_report:render_json", False, True, "an error object in the list",
               "the JSON contract, version 1: one object, or a list for several stories"),
        Format("jsonl", "json_report:render_jsonl", True, True, "an error object on its line",
               "the JSON contract, one story per line"),
        Format("csv", "csv_report:render_csv", True, False, "one row with the reason in the error column",
               "one row per finding, for a spreadsheet"),
        Format("html", "html:render_html", False, False, "a 'could not be checked' section, counted in the summary",
               "one self-contained page for the desk"),
    )
}


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise UsageError(f"unknown format {name!r} (one of {', '.join(FORMATS)})") from None


def render(pairs: Iterable[DocumentPair | BadRecord], fmt: str, signature: str, stream: TextIO, **options) -> None:
    get_format(fmt).load()(pairs, signature, stream, **options)
