"""Renderers: they lay out what the pipeline computed and compute nothing themselves."""
from __future__ import annotations

from typing import Iterable, TextIO

from ..errors import UsageError
from ..model import DocumentPair

FORMATS = ("text", "json", "jsonl", "csv", "html")


def render(pairs: Iterable[DocumentPair], fmt: str, signature: str, stream: TextIO, **options) -> None:
    if fmt == "text":
        from .text import render_text as renderer
    elif fmt == "json":
        from .json_report import render_json as renderer
    elif fmt == "jsonl":
        from .json_report import render_jsonl as renderer
    elif fmt == "csv":
        from .csv_report import render_csv as renderer
    elif fmt == "html":
        from .html import render_html as renderer
    else:
        raise UsageError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    renderer(pairs, signature, stream, **options)
