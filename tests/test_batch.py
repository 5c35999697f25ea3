"""`checktrans batch` as a newsroom script meets it: gate, exit codes, the summary line, bad records, output safety.

The real encoder checks the stories; it is loaded once for the module (each CliRunner call would otherwise load
it again), and `--jobs 2` workers load their own.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.cli import main
from checker.engines.tally import Tally

DATA = Path(__file__).resolve().parent / "data"
SUMMARY = re.compile(r"^(\d+) stor(?:y|ies): (\d+) passed, (\d+) failed the gate \((\w+)\)"
                     r"(?:, (\d+) could not be checked \((.+)\))?$")

# Numbers are a check whose verdict a reader can verify: 12 000 rendered 15,000 is a major finding.
GOOD = ("Le budget atteint 300 millions d'euros cette année.\n", "The budget reaches 300 million euros this year.\n")
WRONG = ("La police a compté 12 000 manifestants samedi à Paris.\n",
         "Police counted 15,000 protesters in Paris on Saturday.\n")


@pytest.fixture(scope="module", autouse=True)
def one_model(request):
    """The real encoder, loaded once and handed to every Checker the command builds in this process."""
    import checker.encoder

    try:
        encoder = request.getfixturevalue("encoder")  # tests/conftest.py's session fixture, when there is one
    except pytest.FixtureLookupError:
        encoder = checker.encoder.load_encoder()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(checker.encoder, "load_encoder", lambda *args, **kwargs: encoder)
        yield encoder


def run(*args, cwd: Path | None = None):
    runner = CliRunner()
    if cwd is not None:
        import os

        old = os.getcwd()
        os.chdir(cwd)
    try:
        result = runner.invoke(main, ["batch", *map(str, args)], catch_exceptions=True)
    finally:
        if cwd is not None:
            os.chdir(old)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback is a failure in itself
    return result.exit_code, result.stdout, result.stderr


def summary(stderr: str) -> re.Match:
    last = stderr.strip().splitlines()[-1]
    match = SUMMARY.match(last)
    assert match, f"no summary line: {last!r}"
    return match


def story(folder: Path, name: str, pair: tuple[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.fr.txt").write_text(pair[0], encoding="utf-8")
    (folder / f"{name}.en.txt").write_text(pair[1], encoding="utf-8")


@pytest.fixture()
def desk(tmp_path):
    story(tmp_path / "desk", "budget", GOOD)
    story(tmp_path / "desk", "protest", WRONG)
    return tmp_path / "desk"


def test_gate_exit_codes_follow_the_findings(desk):
    code, out, err = run(desk / "budget.fr.txt", desk / "budget.en.txt", "--select", "CT120", "--format", "jsonl")
    assert code == 0, err
    assert summary(err).group(0) == "1 story: 1 passed, 0 failed the gate (major)"
    assert json.loads(out)["findings"] == []

    code, out, err = run(desk, "--select", "CT120", "--format", "jsonl")
    docs = {d["id"]: d for d in map(json.loads, out.splitlines())}
    assert [f["severity"] for f in docs["protest"]["findings"]] == ["major"]
    assert code == 1
    assert summary(err).group(0) == "2 stories: 1 passed, 1 failed the gate (major)"

    code, _, err = run(desk, "--select", "CT120", "--fail-on", "critical")
    assert code == 0 and summary(err).group(0) == "2 stories: 2 passed, 0 failed the gate (critical)"


def test_config_file_sets_the_gate_and_the_command_line_overrides_it(desk):
    (desk / "checktrans.toml").write_text('fail_on = "critical"\nselect = ["CT120"]\n', encoding="utf-8")
    code, _, err = run(desk, cwd=desk)
    assert code == 0 and summary(err).group(4) == "critical"
    code, _, err = run(desk, "--fail-on", "major", cwd=desk)
    assert code == 1 and summary(err).group(3) == "1"


def test_a_bad_record_is_reported_and_the_batch_carries_on(desk, tmp_path):
    (desk / "wire.fr.txt").write_bytes(bytes(range(256)) * 4)
    (desk / "wire.en.txt").write_text("A wire story.\n", encoding="utf-8")
    (desk / "orphan.fr.txt").write_text("Une dépêche sans traduction.\n", encoding="utf-8")
    code, out, err = run(desk, "--select", "CT120", "--format", "jsonl")
    assert code == 1
    match = summary(err)
    assert match.group(1, 2, 3, 5) == ("4", "1", "1", "2")
    assert "orphan.fr.txt: no matching orphan.en.txt beside it" in match.group(6)
    assert "wire.fr.txt: binary file, not text" in match.group(6)
    assert "checktrans: orphan.fr.txt: no matching orphan.en.txt beside it" in err.splitlines()
    docs = [json.loads(line) for line in out.splitlines()]
    assert sorted(d["id"] for d in docs) == ["budget", "orphan", "protest", "wire"]
    assert sorted(d["id"] for d in docs if "error" in d) == ["orphan", "wire"]
    assert "Traceback" not in err


def test_every_format_file_is_checked_and_the_exit_code_matches_the_report(tmp_path):
    code, out, err = run(DATA / "formats", "--format", "jsonl", "--fail-on", "critical")
    docs = [json.loads(line) for line in out.splitlines()]
    checked = [d for d in docs if "error" not in d]
    assert sorted(d["id"] for d in checked) == [
        "budget", "doctype", "markets", "protest", "rates", "summit", "wire-001", "wire-002", "wire-005"]
    failed = sum(any(f["severity"] == "critical" for f in d["findings"]) for d in checked)
    match = summary(err)
    assert int(match.group(3)) == failed and int(match.group(5)) == 2  # wire.jsonl's two bad lines
    assert code == 1
    markets = next(d for d in checked if d["id"] == "markets")
    assert markets["segments"][-1]["target_end"] <= len(
        "European markets opened higher on Monday.\n\nThe CAC 40 was up 1.2% at midday.")


def test_unsafe_xml_is_one_line_each_and_nothing_else_breaks():
    code, out, err = run(DATA / "unsafe", DATA / "formats" / "summit.xlf", "--format", "jsonl")
    lines = [line for line in err.splitlines() if line.startswith("checktrans: ")]
    assert lines == [
        "checktrans: laughs.tmx: unsafe XML: it declares the entity 'lol' (refused, nothing expanded)",
        "checktrans: malformed.xlf: malformed XML at line 4: mismatched tag",
        "checktrans: xxe.xlf: unsafe XML: it declares an external entity 'secret' (refused, nothing fetched)",
    ]
    assert code == 1 and "root:" not in out
    ids = {json.loads(line)["id"] for line in out.splitlines() if "error" not in json.loads(line)}
    assert ids == {"external-dtd", "summit"}


def test_output_equal_to_an_input_is_refused_and_nothing_is_written(desk):
    before = (desk / "budget.en.txt").read_bytes()
    code, out, err = run(desk, "--output", desk / "budget.en.txt")
    assert code == 2 and out == ""
    assert err.strip() == (f"checktrans: --output {desk / 'budget.en.txt'} is one of the inputs: "
                           "refusing to overwrite it")
    assert (desk / "budget.en.txt").read_bytes() == before
    assert sorted(p.name for p in desk.iterdir()) == [
        "budget.en.txt", "budget.fr.txt", "protest.en.txt", "protest.fr.txt"]


def test_output_beside_the_inputs_is_written_whole_and_not_read_back(desk):
    report = desk / "report.jsonl.txt"  # not a story name: never mistaken for an input
    for _ in range(2):
        code, out, err = run(desk, "--select", "CT120", "--format", "jsonl", "--output", report)
        assert code == 1 and out == ""
        assert summary(err).group(1) == "2"
    ids = sorted(json.loads(line)["id"] for line in report.read_text(encoding="utf-8").splitlines())
    assert ids == ["budget", "protest"]
    assert not [p for p in desk.iterdir() if p.name.startswith(".")]  # no temp file left


@pytest.mark.parametrize(
    "args, message",
    [
        (["{tmp}/no-such-folder"], "no such file or folder"),
        (["{tmp}/empty"], "no stories found in"),
        (["{tmp}/desk", "--config", "{tmp}/bad.toml"], "unknown key 'colour'"),
    ],
)
def test_usage_errors_exit_2_with_one_line_and_write_nothing(desk, tmp_path, args, message):
    (tmp_path / "empty").mkdir()
    (tmp_path / "bad.toml").write_text('colour = "red"\n', encoding="utf-8")
    output = tmp_path / "out.jsonl"
    code, out, err = run(*[a.format(tmp=tmp_path) for a in args], "--output", output)
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and err.startswith("checktrans: ") and message in err
    assert not output.exists() and out == ""


def test_text_report_streams_to_stdout_without_a_progress_bar_when_not_a_terminal(desk):
    code, out, err = run(desk, "--select", "CT120")
    assert code == 1
    assert out.index("budget") < out.index("protest")  # in plan order
    assert "checking" not in err and len(err.strip().splitlines()) == 1


def test_two_jobs_give_the_same_report_as_one(desk):
    story(desk, "museum", ("Le musée rouvrira ses portes au printemps.\n", "The museum will reopen in the spring.\n"))
    _, one, _ = run(desk, "--format", "jsonl")
    code, two, err = run(desk, "--format", "jsonl", "--jobs", "2")
    assert code in (0, 1) and summary(err).group(1) == "3"
    assert [json.loads(line) for line in one.splitlines()] == [json.loads(line) for line in two.splitlines()]


def test_summary_names_three_bad_records_and_counts_the_rest():
    tally = Tally(passed=9, failed=2, bad=[f"s{i}.fr.txt: binary file, not text" for i in range(5)])
    assert tally.summary("major") == (
        "16 stories: 9 passed, 2 failed the gate (major), 5 could not be checked (s0.fr.txt: binary file, not text; "
        "s1.fr.txt: binary file, not text; s2.fr.txt: binary file, not text; and 2 more)")
    assert tally.exit_code == 1 and Tally(passed=3).exit_code == 0


words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=st.lists(st.tuples(words, words), min_size=1, max_size=3))
def test_random_text_pairs_never_end_in_a_traceback(tmp_path_factory, pairs):
    folder = tmp_path_factory.mktemp("random")
    lines = [json.dumps({"id": f"r{i}", "source": s, "target": t}) for i, (s, t) in enumerate(pairs)]
    (folder / "random.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(folder, "--format", "jsonl")  # run() re-raises anything but a clean exit
    assert code in (0, 1), err
    match = summary(err)
    assert int(match.group(1)) == len(pairs) == len(out.splitlines())


def test_an_unexpected_error_in_one_story_is_reported_and_the_others_are_checked(desk, monkeypatch):
    from checker.pipeline import Checker

    original = Checker._prepare

    def flaky(self, id, *args, **kwargs):
        if id == "protest":
            raise ValueError("a bug in some check\nwith a second line")
        return original(self, id, *args, **kwargs)

    monkeypatch.setattr(Checker, "_prepare", flaky)
    code, out, err = run(desk, "--select", "CT120", "--format", "jsonl")
    assert code == 1
    assert summary(err).group(6) == "protest.fr.txt + protest.en.txt: internal error: ValueError: a bug in some check"
    assert [json.loads(line)["id"] for line in out.splitlines() if "error" not in json.loads(line)] == ["budget"]


@pytest.mark.parametrize("fmt, module", [("html", "checker.report.html"), ("csv", "checker.report.csv_report")])
def test_html_and_csv_are_written_whole_at_the_end_or_refused_up_front(desk, fmt, module):
    import importlib.util

    output = desk.parent / f"report.{fmt}"
    code, out, err = run(desk, "--select", "CT120", "--format", fmt, "--output", output)
    if importlib.util.find_spec(module) is None:
        assert code == 2 and err.strip() == f"checktrans: --format {fmt} is not available in this installation"
        assert not output.exists()
    else:
        assert code == 1 and summary(err).group(1) == "2"
        text = output.read_text(encoding="utf-8")
        assert "budget" in text and "protest" in text


def test_findings_in_a_bilingual_file_name_their_unit(tmp_path):
    """An XLIFF story's findings name the trans-unit they sit in, in every report, so a CAT tool can find them."""
    text = (DATA / "formats" / "summit.xlf").read_text(encoding="utf-8")
    text = text.replace("<source>Les deux dirigeants ont évoqué la guerre en Ukraine.</source>",
                        "<source>Les échanges ont progressé de 1,5 % en un an.</source>")
    text = text.replace("<target>The two leaders discussed the war in Ukraine.</target>",
                        "<target>Trade grew by 15% in one year.</target>")
    text = text.replace("<target>The summit ends on Friday.</target>", "<target>The top ends on Friday.</target>")
    story = tmp_path / "summit.xlf"
    story.write_text(text, encoding="utf-8")
    code, out, err = run(story, "--format", "jsonl")
    findings = json.loads(out)["findings"]
    by_unit = {f["unit"] for f in findings}
    assert {"p2", "p3"} <= by_unit and "p1" not in by_unit, findings
    assert {(f["unit"], f["code"]) for f in findings} >= {("p2", "CT120"), ("p3", "CT101")}, findings
    code, out, err = run(story, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["unit"] for r in rows} == by_unit
    code, out, err = run(story, "--format", "text")
    assert "(unit p2)" in out and "(unit p3)" in out
    code, out, err = run(story, "--format", "html")
    assert "unit p2" in out and "unit p3" in out and "unit p1" not in out


def test_unit_of_places_a_finding_by_its_text():
    from checker.model import Finding, Severity
    from checker.read.formats import Unit, unit_of

    units = (Unit("a", 0, 10, 0, 12), Unit("b", 12, 30, 14, 20), Unit("c", 32, 40, 22, 30))

    def finding(target, source=(None, None)):
        return Finding("CT000", "x", "accuracy/x", Severity.MINOR, 0, *target, *source, "m")

    assert unit_of(units, finding((15, 18))) == "b"
    assert unit_of(units, finding((14, 14), (33, 39))) == "c"  # an omission: its source text
    assert unit_of(units, finding((21, 21))) == "b"  # no source text: where the missing text belongs
    assert unit_of(units, finding((0, 30))) is None  # the whole story
    assert unit_of((), finding((0, 3))) is None
