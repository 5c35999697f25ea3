"""A batch folder reads what is in it and nothing else, and one odd file fails its own story, never the batch.

Hostile or broken input as a CMS export or an archive brings it: symlink loops, broken symlinks, a manifest row or
a symlink leading to /etc/passwd, folders and files without permission, FIFOs, binary and undecodable files, and
this run's own report written inside the folder. ``plan``/``records`` are exercised directly; the last tests go
through ``checktrans batch``.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.read.discover import plan, records
from checker.read.formats import BadRecord, Record

SECRET = "root:x:0:0:SECRET-OUTSIDE-THE-FOLDER\n"


def permissions_bind(folder: Path) -> bool:
    """Does chmod 000 stop this process? Not for root (os.geteuid() == 0) with its usual capabilities."""
    probe = folder / "probe"
    probe.write_text("x", encoding="utf-8")
    probe.chmod(0)
    try:
        probe.read_bytes()
    except PermissionError:
        return True
    finally:
        probe.chmod(0o644)
        probe.unlink()
    return False


def story(folder: Path, name: str, fr: str = "Le maire a parlé.\n", en: str = "The mayor spoke.\n") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.fr.txt").write_text(fr, encoding="utf-8")
    (folder / f"{name}.en.txt").write_text(en, encoding="utf-8")


@pytest.fixture()
def outside(tmp_path) -> Path:
    """A file beside the batch folder, not in it: what a hostile input would reach for."""
    secret = tmp_path / "elsewhere" / "passwd"
    secret.parent.mkdir()
    secret.write_text(SECRET, encoding="utf-8")
    return secret


@pytest.fixture()
def batch(tmp_path) -> Path:
    folder = tmp_path / "batch"
    story(folder, "good")
    return folder


def read(*paths, **kwargs) -> tuple[dict[str, Record], dict[str, BadRecord]]:
    out = list(records(plan(list(paths), **kwargs)))
    good = {r.id: r for r in out if isinstance(r, Record)}
    bad = {r.id: r for r in out if isinstance(r, BadRecord)}
    assert len(good) + len(bad) == len(out), "ids are unique"
    return good, bad


def no_secret(good: dict[str, Record]) -> None:
    for record in good.values():
        assert "SECRET" not in record.source + record.target + (record.reference or "")


# -- symlinks and other things that cannot be followed ---------------------------------------------------------------


def test_two_story_files_symlinked_to_each_other_fail_that_story_alone(batch):
    os.symlink("loop.en.txt", batch / "loop.fr.txt")
    os.symlink("loop.fr.txt", batch / "loop.en.txt")
    good, bad = read(batch)
    assert list(good) == ["good"]
    assert bad["loop"].message == "loop.fr.txt: symlink loop"


def test_a_folder_symlinked_into_itself_is_not_walked_forever(batch):
    os.symlink("..", batch / "sub")
    (batch / "deeper").mkdir()
    os.symlink("../deeper", batch / "deeper" / "again")
    good, bad = read(batch)
    assert list(good) == ["good"] and not bad


def test_a_broken_symlink_names_where_it_points(batch):
    (batch / "gone.fr.txt").write_text("Parti.\n", encoding="utf-8")
    os.symlink("nowhere.txt", batch / "gone.en.txt")
    good, bad = read(batch)
    assert list(good) == ["good"]
    assert bad["gone"].message == "gone.en.txt: broken symlink (to nowhere.txt, which does not exist)"


def test_a_path_on_the_command_line_that_loops_is_a_bad_record_and_a_missing_one_an_input_error(batch, tmp_path):
    os.symlink("b", tmp_path / "a")
    os.symlink("a", tmp_path / "b")
    good, bad = read(batch, tmp_path / "a")
    assert list(good) == ["good"]
    assert bad["a"].message == f"{tmp_path / 'a'}: symlink loop"
    with pytest.raises(InputError, match="no such file or folder"):
        plan([tmp_path / "no-such-folder"])


def test_a_fifo_is_not_opened(batch):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    (batch / "pipe.fr.txt").write_text("Un tube.\n", encoding="utf-8")
    os.mkfifo(batch / "pipe.en.txt")  # opening it to read would wait for a writer forever
    os.mkfifo(batch / "wire.jsonl")
    good, bad = read(batch)
    assert list(good) == ["good"]
    assert bad["pipe"].message == "pipe.en.txt: not a regular file (a FIFO, socket or device), not read"
    assert bad["wire"].message == "wire.jsonl: not a regular file (a FIFO, socket or device), not read"


# -- confined to the batch folder ------------------------------------------------------------------------------------


def test_a_symlink_out_of_the_batch_folder_is_refused_unless_allowed(batch, outside):
    (batch / "leak.fr.txt").write_text("Une fuite.\n", encoding="utf-8")
    os.symlink(outside, batch / "leak.en.txt")
    os.symlink(outside, batch / "dump.tsv")
    the_plan = plan([batch])
    assert outside not in the_plan.inputs
    good, bad = read(batch)
    assert list(good) == ["good"]
    no_secret(good)
    assert bad["leak"].message == "leak.en.txt: outside the batch folder (refused; --allow-outside reads it)"
    assert bad["dump"].message == "dump.tsv: outside the batch folder (refused; --allow-outside reads it)"

    good, bad = read(batch, allow_outside=True)
    assert good["leak"].target == SECRET
    assert "dump" in bad and "outside" not in bad["dump"].message  # read, and refused as a TSV for what it is
    # records() follows the plan, unless told otherwise
    out = {r.id: r for r in records(plan([batch], allow_outside=True), allow_outside=False)}
    assert "outside the batch folder" in out["leak"].message


@pytest.mark.parametrize("row", ["../elsewhere/passwd", "sub/../../elsewhere/passwd", "{outside}"])
def test_a_manifest_row_out_of_the_batch_folder_is_refused_before_it_is_read(batch, outside, row, monkeypatch):
    row = row.format(outside=outside)
    (batch / "manifest.csv").write_text(
        f"id,source,target\nok,good.fr.txt,good.en.txt\nleak,good.fr.txt,{row}\n", encoding="utf-8")
    opened = []
    import checker.read.discover as discover

    real_read_bytes = discover.read_bytes
    monkeypatch.setattr(discover, "read_bytes", lambda path, *a: opened.append(Path(path)) or real_read_bytes(path, *a))
    good, bad = read(batch)
    assert list(good) == ["ok"]
    assert bad["leak"].message == (f"manifest.csv line 3: {batch / row}: outside the batch folder "
                                   f"(refused; --allow-outside reads it)")
    assert outside not in opened
    good, _ = read(batch, allow_outside=True)
    assert good["leak"].target == SECRET


def test_etc_passwd_by_any_path_is_outside(batch):
    rows = ["/etc/passwd", "../../../../../../../../etc/passwd", "../" * 40 + "etc/passwd"]
    lines = "".join(json.dumps({"id": f"r{i}", "source": "m.source", "target": row}) + "\n"
                    for i, row in enumerate(rows))
    (batch / "m.source").write_text("Une source.\n", encoding="utf-8")
    (batch / "desk.manifest.jsonl").write_text(lines, encoding="utf-8")
    os.symlink("/etc/passwd", batch / "passwd.en.txt")
    (batch / "passwd.fr.txt").write_text("Mot de passe.\n", encoding="utf-8")
    good, bad = read(batch)
    assert list(good) == ["good"] and sorted(bad) == ["passwd", "r0", "r1", "r2"]
    assert all("outside the batch folder" in b.message for b in bad.values())


def test_paths_that_stay_inside_are_read_however_they_are_written(tmp_path):
    real = tmp_path / "real"
    story(real / "texts", "inner")
    (real / "desk").mkdir()
    (real / "desk" / "manifest.csv").write_text(
        "id,source,target\nup,../texts/inner.fr.txt,../texts/./inner.en.txt\n", encoding="utf-8")
    os.symlink(real, tmp_path / "link")  # the folder given may itself be a symlink
    story(real / "texts", "other")
    (real / "alias.fr.txt").symlink_to(real / "texts" / "other.fr.txt")
    (real / "alias.en.txt").symlink_to(Path("texts") / "other.en.txt")
    good, bad = read(tmp_path / "link")
    # texts/other is read once, as the alias found first (files are told apart by where they really are).
    assert sorted(good) == ["alias", "up"] and not bad


def test_a_parallel_language_folder_symlinked_outside_is_refused_file_by_file(tmp_path):
    batch = tmp_path / "batch"
    (batch / "fr").mkdir(parents=True)
    (batch / "fr" / "a.txt").write_text("Un.\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere" / "en"
    elsewhere.mkdir(parents=True)
    (elsewhere / "a.txt").write_text(SECRET, encoding="utf-8")
    os.symlink(elsewhere, batch / "en")
    good, bad = read(batch)
    assert not good
    assert bad["a"].message == "en/a.txt: outside the batch folder (refused; --allow-outside reads it)"
    good, _ = read(batch, allow_outside=True)
    assert good["a"].target == SECRET


def test_a_path_on_the_command_line_is_its_own_root(tmp_path, outside):
    desk = tmp_path / "desk"
    desk.mkdir()
    # The file named is read wherever it leads; what sits beside it must stay in its folder.
    os.symlink(outside, desk / "named.en.txt")
    (desk / "named.fr.txt").write_text("Nommé.\n", encoding="utf-8")
    good, bad = read(desk / "named.en.txt", desk / "named.fr.txt")
    assert good["named"].target == SECRET and not bad
    good, bad = read(desk / "named.fr.txt")
    assert not good and bad["named"].message == (
        "named.en.txt: outside the batch folder (refused; --allow-outside reads it)")
    # A manifest named on the command line: its rows stay in the manifest's folder.
    story(desk, "mine")
    (desk / "list.csv").write_text(
        f"id,source,target\nmine,mine.fr.txt,mine.en.txt\nleak,mine.fr.txt,{outside}\n", encoding="utf-8")
    good, bad = read(desk / "list.csv")
    assert list(good) == ["mine"] and "outside the batch folder" in bad["leak"].message


def test_a_file_swapped_for_a_symlink_after_planning_is_refused_when_read(batch, outside):
    the_plan = plan([batch])
    (batch / "good.en.txt").unlink()
    os.symlink(outside, batch / "good.en.txt")
    (out,) = records(the_plan)
    assert isinstance(out, BadRecord) and "outside the batch folder" in out.message


def test_a_nul_byte_in_a_manifest_row_is_that_row_alone(batch):
    (batch / "x.manifest.jsonl").write_text(
        json.dumps({"id": "nul", "source": "good.fr.txt", "target": "good.en.txt\u0000.png"}) + "\n"
        + json.dumps({"id": "fine", "source": "good.fr.txt", "target": "good.en.txt"}) + "\n", encoding="utf-8")
    good, bad = read(batch)
    assert list(good) == ["fine"]
    assert "NUL" in bad["nul"].message


# -- this run's outputs and temporary files --------------------------------------------------------------------------


SIGNATURE = "checktrans:0.1.0|model:multilingual-e5-small-q4:int8|lexicons:2026.11|fail-on:major"


def test_this_runs_earlier_report_and_the_atomic_writers_temp_files_are_not_inputs(batch):
    report = batch / "report.jsonl"  # what the last `batch --format jsonl --output report.jsonl` left
    report.write_text(json.dumps({"version": 1, "id": "good", "signature": SIGNATURE, "findings": []}) + "\n",
                      encoding="utf-8")
    (batch / ".report.jsonl.k2x9_a1").write_text("half-written", encoding="utf-8")  # mkstemp(prefix=".report.jsonl.")
    (batch / ".report.en.txt.abc123").write_text("half-written", encoding="utf-8")
    assert "report:1" in read(batch)[1]  # a JSON Lines file in the folder is an input, unless it is this run's output
    the_plan = plan([batch], exclude={report.resolve()})
    assert report.resolve() not in the_plan.inputs
    assert [r.id for r in records(the_plan)] == ["good"]
    assert sorted(r.id for r in records(plan([batch], exclude={batch / "not-there.jsonl"}))) == ["good", "report:1"]
    # A manifest that names the output is refused that row.
    (batch / "manifest.csv").write_text("id,source,target\nloop,good.fr.txt,report.jsonl\n", encoding="utf-8")
    good, bad = read(batch, exclude={report})
    assert bad["loop"].message.endswith("report.jsonl: an output of this run, not an input")


def test_a_text_report_named_like_a_story_is_not_paired(batch):
    summary = batch / "summary.en.txt"
    text = "good  fr→en  score 81.8/100  no findings\n" + "·\n" * 40000 + SIGNATURE + "\n"  # signed at the end
    summary.write_text(text, encoding="utf-8")
    assert "summary" in read(batch)[1]  # without exclude: a target with no source, one bad record
    good, bad = read(batch, exclude={summary})
    assert list(good) == ["good"] and not bad


@pytest.mark.parametrize("name", ["good.en.txt", "wire.jsonl"])
def test_a_story_at_the_output_path_stays_an_input_so_that_it_is_not_written_over(batch, name):
    (batch / "wire.jsonl").write_text(json.dumps({"id": "w", "source": "Un.", "target": "One."}) + "\n",
                                      encoding="utf-8")
    the_plan = plan([batch], exclude={batch / name})
    assert (batch / name).resolve() in the_plan.inputs  # so `batch` refuses: "is one of the inputs"
    assert sorted(r.id for r in records(the_plan)) == ["good", "w"]


# -- unreadable and undecodable files --------------------------------------------------------------------------------


def test_five_unreadable_stories_of_seven_fail_alone_each_with_its_reason(batch, monkeypatch):
    story(batch, "also-good")
    (batch / "binary.fr.txt").write_bytes(bytes(range(256)) * 4)
    (batch / "latin.fr.txt").write_bytes("Le président a déclaré.".encode("latin-1"))
    (batch / "utf16.fr.txt").write_bytes("Sans marque d'ordre.".encode("utf-16-le"))
    (batch / "empty.fr.txt").write_bytes(b"")
    (batch / "locked.fr.txt").write_text("Fermé.\n", encoding="utf-8")
    for name in ("binary", "latin", "utf16", "empty", "locked"):
        (batch / f"{name}.en.txt").write_text("Fine.\n", encoding="utf-8")
    real_open = open

    def denied(path, *args, **kwargs):  # chmod 000 as root reads anyway: the kernel's answer, simulated
        if str(path).endswith("locked.fr.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("checker.read.text.open", denied, raising=False)
    good, bad = read(batch)
    assert sorted(good) == ["also-good", "good"]
    assert sorted(bad) == ["binary", "empty", "latin", "locked", "utf16"]
    assert bad["binary"].message.endswith("binary.fr.txt: binary file, not text")
    assert "latin.fr.txt: not valid UTF-8 at byte" in bad["latin"].message
    assert "utf16.fr.txt: binary file, not text (it looks like UTF-16 without a byte-order mark" in bad["utf16"].message
    assert bad["empty"].message.endswith("empty.fr.txt is empty")
    assert bad["locked"].message.endswith("locked.fr.txt: permission denied")


def test_chmod_000_file_and_folder(batch, tmp_path):
    if not permissions_bind(tmp_path):
        pytest.skip(f"chmod 000 does not stop this process (euid {os.geteuid()}): root reads and lists anyway")
    story(batch / "closed", "hidden-away")
    (batch / "locked.fr.txt").write_text("Fermé.\n", encoding="utf-8")
    (batch / "locked.en.txt").write_text("Locked.\n", encoding="utf-8")
    os.chmod(batch / "locked.fr.txt", 0)
    os.chmod(batch / "closed", 0)
    try:
        good, bad = read(batch)
    finally:
        os.chmod(batch / "closed", 0o755)
        os.chmod(batch / "locked.fr.txt", 0o644)
    assert list(good) == ["good"]
    assert bad["locked"].message.endswith("locked.fr.txt: permission denied")
    assert bad["closed"].message == "closed: cannot be listed (permission denied)"


def test_a_folder_that_cannot_be_listed_is_one_bad_record(batch, monkeypatch):
    story(batch / "closed", "hidden-away")
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path).name == "closed":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    good, bad = read(batch)
    assert list(good) == ["good"]
    assert bad["closed"].message == "closed: cannot be listed (permission denied)"


# -- through the command line ----------------------------------------------------------------------------------------


@pytest.fixture()
def one_model(encoder, monkeypatch):
    import checker.encoder

    monkeypatch.setattr(checker.encoder, "load_encoder", lambda *args, **kwargs: encoder)


def batch_cli(*args):
    from click.testing import CliRunner

    from checker.cli import main

    result = CliRunner().invoke(main, ["batch", *map(str, args)], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback is a failure in itself
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", ["html", "csv"])
def test_batch_reports_hostile_files_one_line_each_and_never_prints_what_is_outside(
        one_model, batch, outside, tmp_path, fmt):
    os.symlink("loop.en.txt", batch / "loop.fr.txt")
    os.symlink("loop.fr.txt", batch / "loop.en.txt")
    (batch / "leak.fr.txt").write_text("Une fuite.\n", encoding="utf-8")
    os.symlink(outside, batch / "leak.en.txt")
    (batch / "row.fr.txt").write_text("Une ligne.\n", encoding="utf-8")
    (batch / "manifest.csv").write_text(
        "id,source,target\nrow,row.fr.txt,../elsewhere/passwd\n", encoding="utf-8")
    (batch / "binary.fr.txt").write_bytes(bytes(range(256)) * 4)
    (batch / "binary.en.txt").write_text("Fine.\n", encoding="utf-8")
    report = tmp_path / f"report.{fmt}"
    code, out, err = batch_cli(batch, "--format", fmt, "--output", report)
    assert code == 1, err
    assert "Traceback" not in err
    for line in ("loop.fr.txt: symlink loop",
                 "leak.en.txt: outside the batch folder",
                 "manifest.csv line 2: ",
                 "binary.fr.txt: binary file, not text"):
        assert any(line in e for e in err.splitlines()), (line, err)
    assert err.strip().splitlines()[-1].startswith("5 stories: ")
    assert "SECRET" not in report.read_text(encoding="utf-8") + out + err


def test_batch_does_not_read_its_own_report_back_and_allow_outside_reads_what_is_outside(one_model, batch, outside):
    (batch / "leak.fr.txt").write_text("Une fuite.\n", encoding="utf-8")
    os.symlink(outside, batch / "leak.en.txt")
    report = batch / "report.jsonl"
    for _ in range(2):  # the second run finds the first one's report in the folder
        code, _, err = batch_cli(batch, "--format", "jsonl", "--output", report, "--select", "CT120")
        assert code == 1 and "Traceback" not in err, err
        docs = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
        by_id = {d["id"]: d for d in docs}
        assert sorted(by_id) == ["good", "leak"] and "error" not in by_id["good"]
        assert "outside the batch folder" in by_id["leak"]["error"]
    code, _, err = batch_cli(batch, "--format", "jsonl", "--output", report, "--select", "CT120", "--allow-outside")
    assert code == 0, err
    docs = {d["id"]: d for d in map(json.loads, report.read_text(encoding="utf-8").splitlines())}
    assert "error" not in docs["leak"] and docs["leak"]["segments"][-1]["target_end"] == len(SECRET.rstrip())
