"""`checktrans fix` and checker.fixes: safe fixes applied, overlaps never both, text outside the fixes untouched."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.commands.fix import fixed_copy, unified_diff, write_back
from checker.fixes import FOR_REVIEW, NO_FIX, SPANS_UNITS, Edit, apply_fixes, apply_fixes_in_units, placed
from checker.model import Finding, Severity
from checker.read.discover import plan
from checker.read.formats import PLACEHOLDER, read_xliff
from checker.record import Unit

DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo"

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="cms/story-2077" source-language="fr" target-language="en" datatype="plaintext">
    <body>
      <trans-unit id="p1">
        <source>La rencontre entre Xi Jinping et Vladimir Poutine a eu lieu jeudi à Samarcande.</source>
        <target>The meeting between Xi Jinping and Vladimir Poutine took place on Thursday in Samarkand.</target>
      </trans-unit>
      <trans-unit id="p2">
        <source>Les deux dirigeants ont évoqué la guerre en <x id="1"/>Ukraine.</source>
        <target>The two leaders discussed the war in <x id="1"/>Ukraine.</target>
      </trans-unit>
      <trans-unit id="p3">
        <source>Le sommet se termine vendredi.</source>
        <target>The summit ends on Friday.</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


def finding(start: int, end: int, suggestion: str | None, fix: str = "safe", code: str = "CT110",
            severity: Severity = Severity.MAJOR) -> Finding:
    return Finding(code, "test", "accuracy/test", severity, 0, start, end, None, None, "test",
                   [] if suggestion is None else [suggestion], fix)


@pytest.fixture()
def cli(encoder, monkeypatch):
    """The command line, with the session's encoder instead of a fresh load per command."""
    import checker.encoder

    monkeypatch.setattr(checker.encoder, "load_encoder", lambda *args, **kwargs: encoder)
    runner = CliRunner()
    return lambda *args: runner.invoke(main, [str(a) for a in args])


def assert_only_spans_changed(original: str, fixed: str, edits: list[tuple[int, int, str]]) -> None:
    """Every character outside the edited spans is where the edits' length changes put it, and the same."""
    shift, at = 0, 0
    for start, end, new in sorted(set(edits)):
        assert start >= at, "overlapping edits"
        assert fixed[at + shift : start + shift] == original[at:start]
        assert fixed[start + shift : start + shift + len(new)] == new
        shift += len(new) - (end - start)
        at = end
    assert fixed[at + shift :] == original[at:]
    assert len(fixed) == len(original) + shift


# -- the pure logic --------------------------------------------------------------------------------------------


def test_overlapping_fixes_are_never_both_applied_and_the_first_by_position_wins():
    text = "Hello Pekin and the top of it."
    first, overlapping = finding(6, 11, "Beijing"), finding(8, 15, "zz", code="CT200")
    twin = finding(6, 11, "Beijing", code="CT111")  # the very same edit from another rule: in the text once
    result = apply_fixes(text, [overlapping, twin, first])
    assert result.text == "Hello Beijing and the top of it."
    assert {f.code for f in result.applied} == {"CT110", "CT111"}
    ((left, reason),) = result.left
    assert left is overlapping and reason.startswith("overlaps the fix of CT110 at 6-11")


def test_review_fixes_need_unsafe_and_findings_without_a_suggestion_are_left():
    text = "this top is good"
    review, none = finding(5, 8, "summit", fix="review", code="CT101"), finding(9, 16, None, code="CT400")
    safe = apply_fixes(text, [review, none])
    assert safe.text == text and not safe.applied
    assert sorted(reason for _, reason in safe.left) == sorted([FOR_REVIEW, NO_FIX])
    unsafe = apply_fixes(text, [review, none], unsafe=True)
    assert unsafe.text == "this summit is good" and unsafe.applied == [review]


def test_touching_spans_and_insertions_apply_but_two_insertions_at_one_point_do_not():
    text = "abcdef"
    result = apply_fixes(text, [finding(0, 2, "X"), finding(2, 4, "Y"), finding(6, 6, "!"), finding(6, 6, "?")])
    assert result.text == "XYef!"
    assert [reason for _, reason in result.left] == ["overlaps the fix of CT110 at 6-6"]


def test_an_inserted_word_is_spaced_from_its_neighbours_and_a_mark_is_not():
    text = "Rendezvous : the river.\nSaid it."
    # an omission's point is the end of the word before it; one at a segment's start comes before a word
    result = apply_fixes(text, [finding(10, 10, "unmissable"), finding(22, 22, "!"), finding(24, 24, "He")])
    assert result.text == "Rendezvous unmissable : the river!.\nHe Said it."
    # after a comma a space comes first; after a space, one goes after the word; a replacement is left alone
    assert placed("a, b", 2, 2, "c") == " c" and placed("a, b", 3, 3, "c") == "c " and placed("ab", 0, 1, "c") == "c"


def test_a_fix_spanning_two_units_is_left():
    text = "one two\n\nthree four"
    units = (Unit("a", 0, 7, 0, 7), Unit("b", 9, 19, 9, 19))
    across, inside = finding(4, 14, "x"), finding(15, 19, "FOUR")
    result, edits = apply_fixes_in_units(text, [across, inside], units)
    assert result.text == "one two\n\nthree FOUR"
    assert result.left == [(across, SPANS_UNITS)]
    assert [(e.start, e.end, e.text) for e in edits[1]] == [(6, 10, "FOUR")] and 0 not in edits


def test_a_diff_of_a_file_without_a_final_newline_says_so():
    diff = unified_diff("a\r\nb", "a\r\nc", "story.en.txt")
    assert diff.endswith("+c\n\\ No newline at end of file\n") and "-a" not in diff


# -- the real pipeline on the demo story -----------------------------------------------------------------------


def test_fixing_the_demo_changes_nothing_outside_the_fixed_spans(seed, seed_result):
    _, english = seed
    for unsafe in (False, True):
        result = apply_fixes(english, seed_result.findings, unsafe=unsafe)
        assert result.applied, "the demo story has fixes to apply"
        edits = [(f.target_start, f.target_end, placed(english, f.target_start, f.target_end, f.suggestions[0]))
                 for f in result.applied]
        assert_only_spans_changed(english, result.text, edits)
        spans = sorted({(s, e) for s, e, _ in edits})
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)), "two applied fixes overlap"
        assert len(result.applied) + len(result.left) == len(seed_result.findings)
    assert "Vladimir Putin, Thursday 15 September" in apply_fixes(english, seed_result.findings).text


def test_fix_command_output_diff_and_exit_code_on_the_demo(cli, tmp_path, monkeypatch):
    for lang in ("fr", "en"):
        shutil.copy(DEMO / f"wire-xi-putin.{lang}.txt", tmp_path / f"story.{lang}.txt")
    monkeypatch.chdir(tmp_path)
    original = Path("story.en.txt").read_bytes()

    fixed = cli("fix", "story.fr.txt", "story.en.txt", "-o", "fixed.en.txt")
    assert fixed.exit_code == 1, fixed.output  # findings for review are left, some major
    assert "fixes applied" in fixed.stderr
    corrected = Path("fixed.en.txt").read_bytes()
    assert corrected != original and b"Vladimir Putin, Thursday" in corrected
    assert corrected.count(b"\n") == original.count(b"\n")

    diff = cli("fix", "story.fr.txt", "story.en.txt", "--diff", "-o", "fix.diff")
    assert Path("fix.diff").read_text(encoding="utf-8").startswith("--- story.en.txt\n+++ story.en.txt\n")
    if shutil.which("patch"):
        done = subprocess.run(["patch", "-p0", "--batch", "-i", "fix.diff"], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        assert Path("story.en.txt").read_bytes() == corrected
    assert diff.exit_code == 1

    # Exit 0 when every finding at the gate was fixed: here the rules whose fixes are safe.
    only_safe = cli("fix", DEMO / "wire-xi-putin.fr.txt", DEMO / "wire-xi-putin.en.txt", "--select",
                    "CT110,CT200,CT201", "--fail-on", "minor", "-o", "again.en.txt")
    assert only_safe.exit_code == 0, only_safe.output
    assert "3 fixes applied, 0 findings left" in only_safe.stderr


@pytest.mark.skipif(not shutil.which("patch"), reason="no patch binary")
def test_the_diff_applies_with_patch_to_crlf_text_without_a_final_newline(tmp_path):
    old = "The meeting with Vladimir Poutine.\r\nSecond line.\r\nLast line, no newline"
    new = "The meeting with Vladimir Putin.\r\nSecond line.\r\nLast line, no newline!"
    (tmp_path / "story.en.txt").write_bytes(old.encode())
    (tmp_path / "fix.diff").write_bytes(unified_diff(old, new, "story.en.txt").encode())
    done = subprocess.run(["patch", "-p0", "--batch", "-i", "fix.diff"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "story.en.txt").read_bytes() == new.encode()


# -- bilingual files ---------------------------------------------------------------------------------------------


def test_fix_an_xliff_changes_its_targets_only_at_the_fixed_spans(cli, tmp_path):
    from translate.storage.xliff import xlifffile

    path = tmp_path / "story.xlf"
    path.write_text(XLIFF, encoding="utf-8")
    result = cli("fix", path, "-o", tmp_path / "out.xlf")
    assert result.exit_code in (0, 1), result.output
    before, after = read_xliff(path), read_xliff(tmp_path / "out.xlf")
    assert after.source == before.source and [u.id for u in after.units] == [u.id for u in before.units]
    start = before.target.index("Vladimir Poutine") + len("Vladimir ")
    assert after.target == before.target[:start] + "Putin" + before.target[start + len("Poutine"):]
    assert PLACEHOLDER in after.target  # the inline code is still there
    # Byte for byte: translate-toolkit's own round trip of the file, but for the one fixed target.
    roundtrip = bytes(xlifffile.parsestring(path.read_bytes())).decode().splitlines()
    written = (tmp_path / "out.xlf").read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(roundtrip, written, strict=False) if a != b]
    assert len(roundtrip) == len(written) and len(changed) == 1
    assert "<target>" in changed[0][0] and changed[0][1] == changed[0][0].replace("Poutine", "Putin")


def test_a_fix_through_an_inline_code_is_left_and_the_code_kept(tmp_path):
    path = tmp_path / "story.xlf"
    path.write_text(XLIFF, encoding="utf-8")
    record = read_xliff(path)
    unit = record.units[1]
    text = record.target[unit.target_start : unit.target_end]  # "The two leaders discussed the war in ￼ Ukraine."
    code = text.index(PLACEHOLDER)
    through = Edit(code - 3, code + 2, "in Kyiv,")
    after = Edit(text.index("Ukraine"), text.index("Ukraine") + 7, "Ukraine's east")
    data, failed = write_back(path, record, {1: [through, after]}, "en")
    assert failed == [through]
    xml = data.decode()
    assert '<x id="1"/>Ukraine\'s east.</target>' in xml
    out = tmp_path / "out.xlf"
    out.write_bytes(data)
    assert read_xliff(out).source == record.source


# -- batch --fix -------------------------------------------------------------------------------------------------


def test_batch_fix_writes_copies_that_the_next_batch_does_not_take_for_stories(cli, tmp_path):
    stories = tmp_path / "stories"
    stories.mkdir()
    for lang in ("fr", "en"):
        shutil.copy(DEMO / f"wire-xi-putin.{lang}.txt", stories / f"wire.{lang}.txt")
    (stories / "story.xlf").write_text(XLIFF, encoding="utf-8")
    before = plan([stories])
    report = stories / "report.json"
    result = cli("batch", stories, "--fix", "--format", "json", "-o", report, "-q")
    assert result.exit_code == 1, result.output
    copy = fixed_copy(stories, "wire", "en")
    assert copy.name == "wire.en.fixed.txt" and copy.is_file()
    assert "Vladimir Putin, Thursday" in copy.read_text(encoding="utf-8")
    xliff_copy = fixed_copy(stories, "story", "en", stories / "story.xlf")
    assert xliff_copy.name == "story.xlf.fixed" and "Vladimir Putin took place" in xliff_copy.read_text("utf-8")
    assert "fixed copies: 2 stories" in result.stderr
    after = plan([stories], exclude=[report])
    assert [getattr(i, "id", None) or i.path for i in after.items] == \
           [getattr(i, "id", None) or i.path for i in before.items]


@pytest.mark.parametrize("name", ["budget.po", "protest.tmx"])
def test_po_and_tmx_are_written_back_with_only_the_edited_target_changed(name):
    from checker.read.formats import read_po, read_tmx

    path = Path(__file__).parent / "data" / "formats" / name
    record = read_po(path) if name.endswith(".po") else read_tmx(path, "en")
    last = len(record.units) - 1
    unit = record.units[last]
    text = record.target[unit.target_start : unit.target_end]
    word = text.split()[1]
    at = text.index(word)
    data, failed = write_back(path, record, {last: [Edit(at, at + len(word), word.upper())]}, "en")
    assert not failed
    old, new = path.read_text(encoding="utf-8").splitlines(), data.decode("utf-8").splitlines()
    changed = [(a, b) for a, b in zip(old, new, strict=False) if a != b]
    assert len(old) == len(new) and changed == [(changed[0][0], changed[0][0].replace(word, word.upper(), 1))]


def test_a_fix_lands_in_xliff_text_whose_spacing_the_reader_collapsed(tmp_path):
    path = tmp_path / "story.xlf"
    path.write_text(XLIFF.replace("<target>The summit ends on Friday.</target>",
                                  "<target>The summit\n          ends  on Friday.</target>"), encoding="utf-8")
    record = read_xliff(path)
    unit = record.units[2]
    text = record.target[unit.target_start : unit.target_end]
    assert text == "The summit ends on Friday."
    at = text.index("Friday")
    data, failed = write_back(path, record, {2: [Edit(at, at + 6, "Saturday")]}, "en")
    assert not failed and "<target>The summit\n          ends  on Saturday.</target>" in data.decode()
