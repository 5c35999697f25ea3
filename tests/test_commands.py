"""The command layer as one path: no import cycle, one record type through every entry point, a table of formats,
typed settings and an honest signature; exit codes and signals as Unix tools use them."""
from __future__ import annotations

import ast
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.pipeline import Checker, Options
from checker.record import BadRecord, Record

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "checker"
DEMO = ROOT / "corpora" / "demo" / "wire-xi-putin"
CLI = [sys.executable, "-m", "checker"]
GOOD = ("Le sommet s'ouvre jeudi à Pékin.", "The summit opens on Thursday in Beijing.")
WRONG = ("Le sommet s'ouvre jeudi à Pékin.", "The top opens on Thursday in Peking.")


def _module_of(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, module: str) -> set[str]:
    """Every checker module `path` imports, at the top or inside a function (a lazy import is still an arrow)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                parent = parent[: len(parent) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names}
    return {name for name in found if name.startswith("checker")}


def test_no_import_cycle_in_the_package():
    modules = {_module_of(p): p for p in PACKAGE.rglob("*.py")}
    graph = {m: {i for i in _imports(p, m) if i in modules and i != m} for m, p in modules.items()}
    # A package's __init__ is imported on the way to any of its modules: that edge is Python's, not ours.
    graph = {m: {i for i in deps if not m.startswith(i + ".")} for m, deps in graph.items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, " ; ".join(" → ".join(c) for c in cycles)


def test_the_cycle_finder_finds_a_cycle(tmp_path):
    a = tmp_path / "checker" / "a.py"
    a.parent.mkdir()
    a.write_text("from .b import x\n", encoding="utf-8")
    assert "checker.b" in _imports(a, "checker.a")


# -- one record type, one path ---------------------------------------------------------------------------------


def test_check_many_passes_bad_records_through_in_order(encoder):
    checker = Checker(Options(), encoder=encoder)
    records = [Record("a", *GOOD), BadRecord("b", "b.txt", "b.txt: binary file"), Record("c", GOOD[0], " "),
               Record("d", *WRONG)]
    results = list(checker.check_many(records))
    assert [r.id for r in results] == ["a", "b", "c", "d"]
    assert isinstance(results[1], BadRecord) and results[1].message == "b.txt: binary file"
    assert isinstance(results[2], BadRecord) and "empty" in results[2].message
    assert any(f.code == "CT101" for f in results[3].findings)


def test_a_bug_in_one_record_fails_that_record_alone(encoder, monkeypatch):
    checker = Checker(Options(), encoder=encoder)
    real = Checker._prepare

    def buggy(self, id, *args, **kwargs):
        if id == "boom":
            raise ZeroDivisionError("a bug")
        return real(self, id, *args, **kwargs)

    monkeypatch.setattr(Checker, "_prepare", buggy)
    results = list(checker.check_many([Record("a", *GOOD), Record("boom", *GOOD), Record("c", *WRONG)]))
    assert [type(r).__name__ for r in results] == ["DocumentPair", "BadRecord", "DocumentPair"]
    assert "internal error: ZeroDivisionError: a bug" in results[1].message


def test_batch_and_pairs_report_the_same_findings(tmp_path):
    """The same pairs as a batch of stories (a JSONL file) and through check --pairs: the same JSON lines."""
    fr = [p for p in DEMO.with_suffix(".fr.txt").read_text(encoding="utf-8").split("\n") if p.strip()][:8]
    en = [p for p in DEMO.with_suffix(".en.txt").read_text(encoding="utf-8").split("\n") if p.strip()][:8]
    pairs = tmp_path / "stories.jsonl"
    pairs.write_text("".join(json.dumps({"id": f"s{i}", "source": s, "target": t}, ensure_ascii=False) + "\n"
                             for i, (s, t) in enumerate(zip(fr, en, strict=False))), encoding="utf-8")
    runner = CliRunner()
    one = runner.invoke(main, ["check", "--pairs", str(pairs), "--format", "jsonl"])
    many = runner.invoke(main, ["batch", str(pairs), "--format", "jsonl", "-q"])
    assert one.exit_code == many.exit_code == 1
    def by_id(out: str) -> dict:
        return {d["id"]: d for d in map(json.loads, out.splitlines())}

    assert by_id(one.stdout) == by_id(many.stdout) and len(by_id(one.stdout)) == 8


# -- formats -----------------------------------------------------------------------------------------------------


def test_every_format_writes_a_story_that_could_not_be_checked(encoder):
    import io

    from checker.report import FORMATS, render

    checker = Checker(Options(), encoder=encoder)
    good = checker.check_texts(*GOOD, id="good-story")
    bad = BadRecord("lost-story", "lost.fr.txt", "lost.fr.txt: binary file, not text")
    for name, fmt in FORMATS.items():
        stream = io.StringIO()
        render([good, bad], name, "sig", stream)
        out = stream.getvalue()
        assert "good-story" in out and "lost-story" in out and "binary file, not text" in out, name
        assert fmt.errors and fmt.summary


# -- settings and the signature --------------------------------------------------------------------------------


def test_a_misspelt_threshold_is_a_usage_error(tmp_path):
    config = tmp_path / "checktrans.toml"
    config.write_text("[thresholds]\nquality_treshold = 0.3\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(DEMO.with_suffix(".fr.txt")), str(DEMO.with_suffix(".en.txt")),
                                       "--config", str(config)])
    assert result.exit_code == 2
    assert "quality_treshold" in result.stderr and "quality_threshold" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_two_runs_with_different_thresholds_print_different_signatures(encoder, tmp_path):
    plain = Checker(Options(), encoder=encoder).signature
    strict = Checker(Options(thresholds={"quality_threshold": 0.3}), encoder=encoder).signature
    stricter = Checker(Options(thresholds={"quality_threshold": 0.2}), encoder=encoder).signature
    assert len({plain, strict, stricter}) == 3
    assert "thresholds:quality_threshold=0.3" in strict


def test_the_signature_names_the_effective_settings(encoder):
    from checker.lexicons.glossary import Glossary, Term

    def sig(**options):
        return Checker(Options(**options), encoder=encoder).signature_of()

    base = sig()
    assert base.format().startswith("checktrans:") and "|langs:auto-en|" in base.format()
    assert base.format(short=True).startswith("ct:") and len(base.format(short=True)) < len(base.format())
    assert sig(source_lang="fr").format() != base.format()
    assert sig(word_links=False).format() != base.format()
    assert sig(select=("CT1",)).format() != base.format()
    assert sig(fail_on="critical").format() != base.format()
    one = Glossary("house.csv", [Term("sommet", ("summit",), ())])
    other = Glossary("house.csv", [Term("sommet", ("summit meeting",), ())])
    assert sig(glossary=one).glossary != sig(glossary=other).glossary  # same file name, other contents


# -- exit codes and signals --------------------------------------------------------------------------------------


def test_an_internal_error_is_one_line_naming_the_log_and_exit_3(monkeypatch, tmp_path):
    monkeypatch.setenv("CHECKTRANS_CRASH_DIR", str(tmp_path / "crash"))
    monkeypatch.delenv("CHECKTRANS_DEBUG", raising=False)

    def buggy(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(Checker, "check_texts", buggy)
    result = CliRunner().invoke(main, ["check", str(DEMO.with_suffix(".fr.txt")), str(DEMO.with_suffix(".en.txt"))])
    assert result.exit_code == 3
    (line,) = result.stderr.strip().splitlines()
    log = Path(line.rsplit(" ", 1)[-1])
    assert line.startswith("checktrans: internal error (ZeroDivisionError)") and log.is_file()
    assert "Traceback" in log.read_text(encoding="utf-8") and "a bug" in log.read_text(encoding="utf-8")
    debug = CliRunner().invoke(main, ["--debug", "check", str(DEMO.with_suffix(".fr.txt")),
                                      str(DEMO.with_suffix(".en.txt"))])
    assert debug.exit_code == 3 and "Traceback" in debug.stderr


def test_a_closed_stdout_pipe_exits_quietly():
    process = subprocess.Popen(CLI + ["check", str(DEMO.with_suffix(".fr.txt")), str(DEMO.with_suffix(".en.txt"))],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    process.stdout.close()  # the reader is gone before the report is written
    _, err = process.communicate(timeout=300)
    assert process.returncode == 141 and err == b""


def _start_batch(tmp_path: Path, output: Path) -> subprocess.Popen:
    stories = tmp_path / "stories"
    stories.mkdir()
    for i in range(4):
        (stories / f"s{i}.fr.txt").write_text(DEMO.with_suffix(".fr.txt").read_text(encoding="utf-8"), encoding="utf-8")
        (stories / f"s{i}.en.txt").write_text(DEMO.with_suffix(".en.txt").read_text(encoding="utf-8"), encoding="utf-8")
    # A shell's background job inherits SIGINT ignored, and Python then keeps it ignored: restore the default.
    return subprocess.Popen(CLI + ["batch", str(stories), "-o", str(output), "--format", "html", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.default_int_handler))


def _wait_for_temp_file(folder: Path, process: subprocess.Popen) -> list[Path]:
    """The report's temporary file appears once the run is writing."""
    for _ in range(600):
        temps = [p for p in folder.iterdir() if p.name.startswith(".report.html.")]
        if temps or process.poll() is not None:
            return temps
        time.sleep(0.1)
    return []


@pytest.mark.parametrize("sig,code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_mid_write_leaves_the_previous_report_and_no_temp_file(tmp_path, sig, code):
    output = tmp_path / "report.html"
    output.write_text("yesterday's report", encoding="utf-8")
    process = _start_batch(tmp_path, output)
    assert _wait_for_temp_file(tmp_path, process), process.communicate()
    process.send_signal(sig)
    _, err = process.communicate(timeout=120)
    assert process.returncode == code, err
    assert output.read_text(encoding="utf-8") == "yesterday's report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_file_size_limit_fails_the_write_and_keeps_the_previous_report(tmp_path):
    import resource

    output = tmp_path / "report.txt"
    output.write_text("yesterday's report", encoding="utf-8")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2_000, 2_000))

    result = subprocess.run(CLI + ["check", str(DEMO.with_suffix(".fr.txt")), str(DEMO.with_suffix(".en.txt")),
                                   "-o", str(output)], capture_output=True, text=True, cwd=ROOT, preexec_fn=limit)
    assert result.returncode == 2, result.stderr
    assert "cannot write" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert output.read_text(encoding="utf-8") == "yesterday's report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_an_unwritable_output_folder_fails_before_any_work(tmp_path):
    folder = Path("/sys") if os.geteuid() == 0 else tmp_path / "locked"
    if folder != Path("/sys"):
        folder.mkdir()
        folder.chmod(0o555)
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["batch", str(DEMO.parent), "-o", str(folder / "report.html")])
    assert result.exit_code == 2 and "cannot write in" in result.stderr
    assert time.perf_counter() - started < 10  # no model was loaded: it fails in well under a second


def test_pairs_refuses_a_device():
    result = CliRunner().invoke(main, ["check", "--pairs", "/dev/zero"])
    assert result.exit_code == 2 and "device" in result.stderr


def test_jobs_are_bounded_by_records_and_cores():
    from checker.engines.local import bounded_jobs, usable_cores

    assert bounded_jobs(64, 2)[0] <= 2 and "lowered" in bounded_jobs(64, 2)[1]
    assert bounded_jobs(0, 1000)[0] <= usable_cores() and bounded_jobs(0, 1000)[1] is None
    assert bounded_jobs(1, 1000) == (1, None)


def test_progress_without_a_terminal_is_a_line_per_thousand_records_when_asked(capsys):
    from checker.commands.options import PROGRESS_EVERY, Progress

    with Progress(True, 2_500, "pairs") as meter:
        assert list(meter.track(range(2_500))) == list(range(2_500))
    lines = capsys.readouterr().err.splitlines()
    assert lines == [f"checktrans: {n:,} of 2,500 pairs checked" for n in (PROGRESS_EVERY, 2 * PROGRESS_EVERY)]
    with Progress(None, 2_500) as quiet:  # not asked, no terminal: nothing
        list(quiet.track(range(2_500)))
    assert capsys.readouterr().err == ""


def test_jobs_beyond_the_records_are_lowered_with_one_line(tmp_path):
    (tmp_path / "s.fr.txt").write_text(GOOD[0], encoding="utf-8")
    (tmp_path / "s.en.txt").write_text(GOOD[1], encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(tmp_path), "--jobs", "64", "-q"])
    assert result.exit_code == 0, result.stderr
    assert "checktrans: --jobs 64 lowered to 1" in result.stderr
