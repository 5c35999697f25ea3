"""Reference-based scores (sacrebleu) and the `score` command's output and exit codes."""
import json

import pytest
from click.testing import CliRunner

from checker.reference import reference_scores, sentence_scores


def test_identical_strings_score_100():
    lines = ["The summit opens on Thursday in Samarkand.", "Putin met Xi for the first time since February."]
    r = reference_scores(lines, lines)
    assert r["bleu"] == pytest.approx(100.0)
    assert r["chrf"] == pytest.approx(100.0)
    assert r["ter"] == pytest.approx(0.0)
    assert "tok:13a" in r["signatures"]["bleu"]
    assert r["signatures"]["chrf"].startswith("nrefs:1")
    assert [s["bleu"] for s in r["segments"]] == [pytest.approx(100.0)] * 2


def test_a_wrong_word_lowers_every_score():
    ref = ["The summit opens on Thursday in Samarkand."]
    hyp = ["The top opens on Thursday in Samarkand."]
    r = reference_scores(hyp, ref)
    assert r["bleu"] < 100 and r["chrf"] < 100 and r["ter"] > 0
    # one substitution among 7 words (TER's default tokenization keeps "Samarkand." whole)
    assert sentence_scores(hyp, ref)[0]["ter"] == pytest.approx(100 / 7, abs=0.01)


def test_line_count_mismatch_is_an_error():
    with pytest.raises(ValueError):
        reference_scores(["a", "b"], ["a"])


@pytest.fixture
def score_command():
    """`checktrans score`, through the group that turns errors into exit codes."""
    from checker.cli import main

    return main


def test_score_command_json_and_exit_0(tmp_path, score_command):
    hyp = tmp_path / "hyp.txt"
    ref = tmp_path / "ref.txt"
    hyp.write_text("The summit opens on Thursday.\nPutin met Xi.\n", encoding="utf-8")
    ref.write_text("The summit opens on Thursday.\nPutin met Xi.\n", encoding="utf-8")
    result = CliRunner().invoke(score_command, ["score", str(hyp), str(ref), "--format", "json", "--segments"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["lines"] == 2 and data["chrf"] == pytest.approx(100.0) and len(data["segments"]) == 2


def test_score_command_line_mismatch_exits_2(tmp_path, score_command):
    hyp = tmp_path / "hyp.txt"
    ref = tmp_path / "ref.txt"
    hyp.write_text("one line\ntwo lines\n", encoding="utf-8")
    ref.write_text("one line\n", encoding="utf-8")
    result = CliRunner().invoke(score_command, ["score", str(hyp), str(ref)])
    assert result.exit_code == 2
    assert "line-aligned" in result.output
    assert "Traceback" not in result.output


def test_score_command_missing_file_exits_2(tmp_path, score_command):
    ref = tmp_path / "ref.txt"
    ref.write_text("a line\n", encoding="utf-8")
    result = CliRunner().invoke(score_command, ["score", str(tmp_path / "absent.txt"), str(ref)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
