"""CSV report: one row per finding from the real pipeline, round-trips through csv.reader, injection-safe, streamed."""
from __future__ import annotations

import csv
import io

import pytest

from checker.model import Finding, Severity
from checker.pipeline import Checker, Options
from checker.report import render
from checker.report.csv_report import COLUMNS, render_csv

SIGNATURE = "checktrans:test|model:e5"


def neutral(text: str) -> str:
    """What a spreadsheet must receive: formula-like text behind an apostrophe, the rest unchanged."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _rows(pairs) -> list[dict[str, str]]:
    out = io.StringIO()
    render(pairs, "csv", SIGNATURE, out)
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert all(len(r) == len(COLUMNS) for r in rows)
    return [dict(zip(COLUMNS, r, strict=True)) for r in rows[1:]]


def test_demo_round_trips_one_row_per_finding(seed_result):
    rows = _rows([seed_result])
    findings = seed_result.sorted_findings()
    assert len(findings) >= 5 and len(rows) == len(findings)
    for row, f in zip(rows, findings, strict=True):
        assert row["id"] == "wire-xi-putin" and row["code"] == f.code and row["severity"] == str(f.severity)
        assert (int(row["target_start"]), int(row["target_end"])) == (f.target_start, f.target_end)
        flagged = seed_result.target.text[f.target_start : f.target_end]
        assert row["flagged"] == neutral(flagged)
        if f.source_start is not None:
            assert row["source_text"] == neutral(seed_result.source.text[f.source_start : f.source_end])
        assert row["message"] == neutral(f.message)
        assert row["suggestions"].split(" | ") == f.suggestions if f.suggestions else row["suggestions"] == ""
        assert row["fix"] in ("safe", "review") and float(row["confidence"]) == pytest.approx(f.confidence, abs=1e-3)
        assert float(row["score"]) == pytest.approx(seed_result.score, abs=0.05) and row["signature"] == SIGNATURE


def test_story_without_findings_gets_one_empty_row(checker, seed_result):
    clean = Checker(Options(source_lang="fr", select=("CT120",)), encoder=checker.encoder).check_texts(
        "Il pleut sur Paris.", "It is raining on Paris.", id="clean"
    )
    assert clean.findings == []
    rows = _rows([clean, seed_result])
    first = rows[0]
    assert first["id"] == "clean" and first["score"] != ""
    assert all(first[c] == "" for c in ("segment", "code", "severity", "flagged", "message", "suggestions"))
    assert sum(r["id"] == "wire-xi-putin" for r in rows) == len(seed_result.findings)


def test_formula_cells_are_neutralised_and_multiline_text_survives(checker):
    source = "=1+1 a dit le ministre.\n@ici, « on verra »."
    target = "=1+1 said the minister.\n@here, \"we'll see\"."
    pair = Checker(Options(source_lang="fr", select=("CT120",)), encoder=checker.encoder).check_texts(
        source, target, id="-injected"
    )
    for start, message, suggestion in ((0, "+cmd|' /C calc'!A0", "=HYPERLINK(\"http://x\")"), (24, "\tTab", "-2")):
        pair.findings.append(
            Finding("CT999", "test", "test/x", Severity.MINOR, 0, start, start + 4, 0, 4, message, [suggestion])
        )
    pair.findings.append(
        Finding("CT998", "test", "test/x", Severity.MAJOR, 0, 0, len(target), None, None, "line one\nline two", [])
    )
    rows = _rows([pair])
    by_code = {}
    for r in rows:
        by_code.setdefault(r["code"], []).append(r)
    assert rows[0]["id"] == "'-injected"
    a, b = sorted(by_code["CT999"], key=lambda r: int(r["target_start"]))
    assert a["flagged"] == "'=1+1" and a["message"].startswith("'+cmd") and a["suggestions"] == "'=HYPERLINK(\"http://x\")"
    assert a["source_text"] == "'=1+1"
    assert b["flagged"] == "'@her" and b["message"] == "'\tTab" and b["suggestions"] == "'-2"
    whole = by_code["CT998"][0]
    assert whole["flagged"] == "'" + target and whole["message"] == "line one\nline two"
    for r in rows:
        for column in COLUMNS:
            assert not r[column].startswith(("=", "+", "-", "@", "\t", "\r")), (column, r[column])


def test_rows_stream_before_the_next_story_is_checked(seed_result):
    out = io.StringIO()
    seen = []

    def stories():
        yield seed_result
        seen.append(out.getvalue().count("wire-xi-putin"))  # rows written so far when the second is asked for
        yield seed_result

    render_csv(stories(), SIGNATURE, out)
    assert seen == [len(seed_result.findings)]
