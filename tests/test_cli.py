"""The command line as a user meets it: exit codes, one-line errors, nothing half-written."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo"
FR, EN = DEMO / "wire-xi-putin.fr.txt", DEMO / "wire-xi-putin.en.txt"


def run(*args, stdin: bytes | None = None, env: dict | None = None):
    proc = subprocess.run(
        [sys.executable, "-m", "checker", *map(str, args)],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        timeout=300,
    )
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def one_error_line(stderr: str) -> bool:
    lines = [line for line in stderr.splitlines() if line.strip()]
    return len(lines) == 1 and lines[0].startswith("checktrans: ") and "Traceback" not in stderr


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    (d / "binary.en.txt").write_bytes(bytes(range(256)) * 8)
    (d / "latin1.en.txt").write_bytes("Le président a déclaré".encode("latin-1"))
    (d / "empty.en.txt").write_text("  \n\n", encoding="utf-8")
    (d / "big.en.txt").write_text("The minister spoke. " * 2000, encoding="utf-8")
    (d / "pairs-bad.jsonl").write_text('{"id": "a", "source": "x", "target": "y"}\n{not json\n', encoding="utf-8")
    (d / "pairs-shape.jsonl").write_text('{"id": "a", "source": 3}\n', encoding="utf-8")
    return d


@pytest.mark.parametrize(
    "target, env, words",
    [
        ("missing.en.txt", {}, "no such file"),
        ("binary.en.txt", {}, "binary"),
        ("latin1.en.txt", {}, "UTF-8"),
        ("empty.en.txt", {}, "empty"),
        ("big.en.txt", {"CHECKTRANS_MAX_BYTES": "1000"}, "limit"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(bad_files, tmp_path, target, env, words):
    out = tmp_path / "report.json"
    code, stdout, stderr = run("check", FR, bad_files / target, "--format", "json", "-o", out, env=env)
    assert code == 2
    assert one_error_line(stderr), stderr
    assert words.lower() in stderr.lower()
    assert stdout == ""
    assert not out.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["pairs-bad.jsonl", "pairs-shape.jsonl"])
def test_malformed_pairs_file_exits_2(bad_files, tmp_path, name):
    out = tmp_path / "out.jsonl"
    code, stdout, stderr = run("check", "--pairs", bad_files / name, "-o", out)
    assert code == 2 and one_error_line(stderr), stderr
    assert not out.exists()


def test_usage_errors_exit_2():
    assert run("check", FR)[0] == 2
    assert run("check", "-", "-")[0] == 2
    code, _, stderr = run("check", FR, EN, "--extend-select", "CT999")
    assert code == 2 and one_error_line(stderr)
    code, _, stderr = run("check", FR, EN, "--select", "CT999")
    assert code == 2 and one_error_line(stderr)


@pytest.mark.parametrize("args, message", [
    (["check", FR, EN, "--format", "nope"], "Invalid value for '--format'"),
    (["check", FR, EN, "--no-such-option"], "No such option"),
    (["no-such-command"], "No such command"),
    (["batch"], "Missing argument"),
])
def test_click_usage_errors_are_one_line_too(args, message):
    code, out, stderr = run(*args)
    assert code == 2 and one_error_line(stderr) and message in stderr and "--help" in stderr, stderr
    assert out == ""


def test_help_and_version_still_work():
    code, out, _ = run("check", "--help")
    assert code == 0 and out.startswith("Usage:") and "--format" in out
    code, out, _ = run("--version")
    assert code == 0 and "0.1" in out


def test_output_never_overwrites_an_input(tmp_path):
    copy = tmp_path / "story.en.txt"
    copy.write_bytes(EN.read_bytes())
    code, _, stderr = run("check", FR, copy, "-o", copy)
    assert code == 2 and one_error_line(stderr)
    assert copy.read_bytes() == EN.read_bytes()


def test_demo_json_to_file_and_gate(tmp_path):
    out = tmp_path / "demo.json"
    code, stdout, stderr = run("check", FR, EN, "--format", "json", "-o", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["version"] == 1 and doc["id"] == "wire-xi-putin"
    severities = {f["severity"] for f in doc["findings"]}
    # exit 1 exactly when a finding reaches the default gate (major)
    assert code == (1 if severities & {"major", "critical"} else 0)
    code_minor_gate, _, _ = run("check", FR, EN, "--format", "json", "--fail-on", "critical", "-o", tmp_path / "c.json")
    assert code_minor_gate == (1 if "critical" in severities else 0)


def test_extend_select_runs_a_rule_that_is_off_by_default_beside_the_others(tmp_path):
    fr, en = tmp_path / "s.fr.txt", tmp_path / "s.en.txt"
    fr.write_text("Le parti a perdu les élections législatives. Vladimir Poutine a voté.\n", encoding="utf-8")
    en.write_text("The party won the parliamentary elections. Vladimir Poutine voted.\n", encoding="utf-8")
    codes = {}
    for extra in ((), ("--extend-select", "CT171")):
        run("check", fr, en, "--format", "json", "-o", tmp_path / "r.json", *extra)
        doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
        codes[extra] = {f["code"] for f in doc["findings"]}
    assert "CT171" not in codes[()] and "CT110" in codes[()]  # « Poutine » left in French: a default rule
    assert codes[("--extend-select", "CT171")] == codes[()] | {"CT171"}


def test_text_report_without_colour_and_stdin(tmp_path):
    code, stdout, stderr = run("check", FR, "-", stdin=EN.read_bytes())
    assert code in (0, 1)
    assert "\x1b[" not in stdout  # NO_COLOR and a pipe: plain text
    assert "segment 0 (1-1" in stdout
    assert "checktrans:" in stdout.splitlines()[-1]


def test_pairs_jsonl_one_result_per_line(tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    rows = [
        {"id": "a", "source": "Le président a quitté Paris jeudi.", "target": "The president left Paris on Thursday."},
        {"id": "b", "source": "Il n'a fait aucun commentaire.", "target": ""},
        {"id": "c", "source": "Les prix ont augmenté de 1,5 %.", "target": "Prices rose by 1.5%."},
    ]
    pairs.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    code, stdout, stderr = run("check", "--pairs", pairs)
    lines = [json.loads(line) for line in stdout.splitlines()]
    assert [row["id"] for row in lines] == ["a", "b", "c"]
    assert "error" in lines[1] and "empty" in lines[1]["error"]
    assert code == 1  # a record could not be checked
    assert "record b" in stderr


def test_pairs_in_two_processes_give_the_same_lines(tmp_path):
    """--jobs 2 spreads the pairs over two worker processes; the report is the same, in the same order."""
    pairs = tmp_path / "pairs.jsonl"
    fr = [p for p in FR.read_text(encoding="utf-8").split("\n") if p.strip()]
    en = [p for p in EN.read_text(encoding="utf-8").split("\n") if p.strip()]
    rows = [{"id": f"p{i}", "source": s, "target": t} for i, (s, t) in enumerate(zip(fr, en, strict=False))]
    rows.insert(3, {"id": "bad", "source": "Il n'a fait aucun commentaire.", "target": ""})
    pairs.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    one = run("check", "--pairs", pairs)
    two = run("check", "--pairs", pairs, "--jobs", "2")
    assert one[0] == two[0] == 1 and one[1] == two[1]
    assert [json.loads(line)["id"] for line in two[1].splitlines()] == [r["id"] for r in rows]
    code, _, stderr = run("check", FR, EN, "--jobs", "2")
    assert code == 2 and "--jobs applies to --pairs" in stderr


def test_rules_lists_codes_and_prints_docs():
    code, stdout, _ = run("rules")
    assert code == 0
    codes = [line.split()[0] for line in stdout.splitlines()]
    assert codes == sorted(codes) and "CT001" in codes
    code, stdout, _ = run("rules", "CT001")
    assert code == 0
    for part in ("What it does", "Why is this bad?", "Example", "Use instead"):
        assert part in stdout


def test_a_model_that_cannot_be_loaded_is_one_line(tmp_path):
    code, stdout, stderr = run("check", FR, EN, "--model", tmp_path / "no-such-model")
    assert code == 2 and one_error_line(stderr), stderr
    assert "cannot load" in stderr and stdout == ""
