"""CSV: one row per finding, for a spreadsheet or a desk tool; streamed, one story at a time.

A story with no findings still gets one row (finding fields empty) so that the batch is complete in the sheet, and
so does a story that could not be checked (its reason in the ``error`` column).
Cells that a spreadsheet would read as a formula (= + - @ tab CR at the start) get a leading apostrophe:
the texts come from wire copy and machine output, which nobody vetted for CSV injection.
"""
from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from ..model import DocumentPair
from ..record import BadRecord

COLUMNS = (
    "id", "segment", "code", "check", "category", "severity", "target_start", "target_end",
    "flagged", "source_text", "message", "suggestions", "fix", "confidence", "score", "signature", "unit", "error",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def rows(pair: DocumentPair | BadRecord, signature: str) -> Iterable[list]:
    if isinstance(pair, BadRecord):  # a story that could not be checked: one row with the reason
        yield [pair.id] + [""] * (len(COLUMNS) - 4) + [signature, "", pair.message]
        return
    score = f"{pair.score:.1f}"
    findings = pair.sorted_findings()
    if not findings:
        yield [pair.id] + [""] * (len(COLUMNS) - 5) + [score, signature, "", ""]
        return
    for f in findings:
        source_span = (
            pair.source.text[f.source_start : f.source_end]
            if f.source_start is not None and f.source_end is not None
            else ""
        )
        yield [
            pair.id,
            "" if f.segment is None else f.segment,
            f.code,
            f.check,
            f.category,
            str(f.severity),
            f.target_start,
            f.target_end,
            pair.target.text[f.target_start : f.target_end],
            source_span,
            f.message,
            " | ".join(f.suggestions),
            f.fix,
            f"{f.confidence:.3f}",
            score,
            signature,
            f.unit or "",
            "",
        ]


def render_csv(pairs: Iterable[DocumentPair | BadRecord], signature: str, stream: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    for pair in pairs:
        writer.writerows([safe_cell(c) for c in row] for row in rows(pair, signature))
