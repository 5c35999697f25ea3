"""A story with a reference or post-edit gets sacrebleu's BLEU, chrF and TER; a batch gets them over all stories."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from checker.cli import main
from checker.reference import document_scores

DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo"


def post_edit(text: str) -> str:
    # What a desk's post-editor did to the demo's worst lines: a real reference, close but not identical.
    return (text.replace("Vladimir Poutine,", "Vladimir Putin,")
            .replace("this top is good", "this summit is well timed")
            .replace("she finds herself", "it finds itself"))


def test_document_scores_line_by_line_or_whole():
    en = (DEMO / "wire-xi-putin.en.txt").read_text(encoding="utf-8")
    same = document_scores(en, en)
    assert same["bleu"] == 100.0 and same["chrf"] == 100.0 and same["ter"] == 0.0
    assert same["segments_scored"] == 11  # one per paragraph
    edited = document_scores(en, post_edit(en))
    assert 50 < edited["bleu"] < 100 and 0 < edited["ter"] < 10
    merged = document_scores(en, post_edit(en).replace("\n", " ", 1))  # paragraphs no longer line up
    assert merged["segments_scored"] == 1 and merged["bleu"] < 100
    assert "nrefs:1" in edited["signatures"]["bleu"]


def test_batch_reports_reference_scores_per_story_and_for_the_batch(tmp_path):
    for lang in ("fr", "en"):
        shutil.copy(DEMO / f"wire-xi-putin.{lang}.txt", tmp_path / f"story.{lang}.txt")
    en = (DEMO / "wire-xi-putin.en.txt").read_text(encoding="utf-8")
    (tmp_path / "story.ref.en.txt").write_text(post_edit(en), encoding="utf-8")
    out = tmp_path / "out" / "report.json"
    out.parent.mkdir()
    result = CliRunner().invoke(main, ["batch", str(tmp_path), "--format", "json", "-o", str(out), "--quiet"])
    assert result.exit_code == 1, result.output  # the demo story fails the gate
    doc = json.loads(out.read_text(encoding="utf-8"))
    doc = doc[0] if isinstance(doc, list) else doc
    assert doc["reference"]["bleu"] == document_scores(en, post_edit(en))["bleu"]
    assert "reference scores over 1 story: BLEU" in result.output
