"""Baselines and --since: findings recognised by fingerprint across edits of the story, never by offsets."""
from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.baseline import Baseline, Since, fingerprint, fingerprint_parts
from checker.cli import main
from checker.errors import UsageError
from checker.model import DocumentPair, Finding, Segment, Sentence, Severity, Side
from checker.report import render

DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo"

# Edits of the demo story (source, target): replace the first by the second on that side.
UNRELATED = {  # the question before "No, but this top is good." and the title line: offsets after them all move
    "fr": [("n'est-il pas là pour afficher", "n'est-il pas organisé pour afficher"),
           (">> Vladimir Poutine en déplacement", ">> Vladimir Poutine, en déplacement,")],
    "en": [("summit there to show", "summit organised to show"),
           (">> Vladimir Putin traveling", ">> Vladimir Putin, travelling")],
}
OWN_SOURCE = {"fr": [("Non, mais ce sommet tombe bien.", "Non, mais ce sommet-là tombe bien.")], "en": []}
SAME_SENTENCE = {"fr": [], "en": [("No, but this top is good.", "No, but then this top is good.")]}
NEW_ERROR = {"fr": [], "en": [("opportunity that Vladimir Putin can try", "opportunity that Vladimir Poutine can try")]}


def edit(seed: tuple[str, str], edits: dict) -> tuple[str, str]:
    texts = []
    for text, lang in zip(seed, ("fr", "en"), strict=False):
        for old, new in edits[lang]:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        texts.append(text)
    return texts[0], texts[1]


def flagged(pair: DocumentPair, f: Finding) -> str:
    return pair.target.text[f.target_start : f.target_end]


def top(pair: DocumentPair) -> list[Finding]:
    return [f for f in pair.findings if f.code == "CT101" and flagged(pair, f) == "top"]


def segments_touched(pair: DocumentPair, words: list[str]) -> set[int]:
    return {s.index for s in pair.segments for w in words
            if w in pair.target.text[s.target_start : s.target_end]
            or w in pair.source.text[s.source_start : s.source_end]}


@pytest.fixture()
def cli(encoder, monkeypatch):
    import checker.encoder

    monkeypatch.setattr(checker.encoder, "load_encoder", lambda *args, **kwargs: encoder)
    runner = CliRunner()
    return lambda *args: runner.invoke(main, [str(a) for a in args])


def report_json(pair: DocumentPair) -> str:
    stream = io.StringIO()
    render([pair], "json", "checktrans:test|model:test|lexicons:test|fail-on:major", stream)
    return stream.getvalue()


# -- the fingerprint -----------------------------------------------------------------------------------------------


def toy_pair(source: str, target: str, flagged_word: str, nth: int = 0) -> tuple[DocumentPair, Finding]:
    src, tgt = Side(source, "fr", [Sentence(0, len(source), 0)]), Side(target, "en", [Sentence(0, len(target), 0)])
    pair = DocumentPair("toy", src, tgt, [Segment(0, (0,), (0,), 0, len(source), 0, len(target))])
    start = -1
    for _ in range(nth + 1):
        start = target.index(flagged_word, start + 1)
    finding = Finding("CT101", "false-friend", "accuracy/mistranslation", Severity.MAJOR, 0, start,
                      start + len(flagged_word), None, None, "m")
    pair.findings = [finding]
    return pair, finding


def test_the_fingerprint_is_the_occurrence_of_the_flagged_text_not_its_offset():
    pair, f = toy_pair("Non, mais ce sommet tombe bien.", "No, but this top is good.", "top")
    longer, g = toy_pair("Non,  mais CE sommet tombe bien.", "No, but then this top is good.", "top")
    assert fingerprint_parts(pair, f) == ("CT101", "non, mais ce sommet tombe bien.", "top", 0)
    assert g.target_start != f.target_start and fingerprint(longer, g) == fingerprint(pair, f)
    other_sentence, h = toy_pair("Non, mais ce sommet tombe mal.", "No, but this top is good.", "top")
    assert fingerprint(other_sentence, h) != fingerprint(pair, f)
    two, first = toy_pair("Le sommet, le sommet.", "The top, the top.", "top")
    _, second = toy_pair("Le sommet, le sommet.", "The top, the top.", "top", nth=1)
    assert fingerprint(two, first) != fingerprint(two, second)


# -- with the real pipeline on the demo story ----------------------------------------------------------------------


def test_a_suppressed_finding_stays_suppressed_when_an_unrelated_sentence_is_edited(checker, seed, seed_result):
    baseline = Baseline()
    baseline.add(seed_result, seed_result.findings)
    edited = checker.check_texts(*edit(seed, UNRELATED), id="wire-xi-putin")
    before = len(edited.findings)
    (was,), (now,) = top(seed_result), top(edited)
    assert now.target_start != was.target_start  # every offset after the edits moved
    hidden = baseline.suppress(edited)
    assert not top(edited) and hidden == before - len(edited.findings) and hidden >= len(seed_result.findings) - 1
    touched = segments_touched(edited, ["organis", "travelling"])
    assert all(f.segment in touched for f in edited.findings), [flagged(edited, f) for f in edited.findings]


def test_a_suppressed_finding_comes_back_when_its_own_sentence_changes(checker, seed, seed_result):
    baseline = Baseline()
    baseline.add(seed_result, seed_result.findings)
    edited = checker.check_texts(*edit(seed, OWN_SOURCE), id="wire-xi-putin")
    baseline.suppress(edited)
    assert top(edited), "the finding of the changed sentence is new"
    touched = segments_touched(edited, ["sommet-là"])
    assert all(f.segment in touched for f in edited.findings)


def test_an_edit_of_the_same_sentence_that_leaves_the_flagged_word_keeps_it_suppressed(checker, seed, seed_result):
    baseline = Baseline()
    baseline.add(seed_result, top(seed_result))
    edited = checker.check_texts(*edit(seed, SAME_SENTENCE), id="wire-xi-putin")
    assert top(edited)
    baseline.suppress(edited)
    assert not top(edited)


def test_since_reports_only_the_new_finding(cli, seed, seed_result, tmp_path):
    old = tmp_path / "old.json"
    old.write_text(report_json(seed_result), encoding="utf-8")
    french, english = edit(seed, NEW_ERROR)
    (tmp_path / "v2.fr.txt").write_text(french, encoding="utf-8")
    (tmp_path / "v2.en.txt").write_text(english, encoding="utf-8")
    result = cli("check", tmp_path / "v2.fr.txt", tmp_path / "v2.en.txt", "--since", old, "--format", "json")
    report = json.loads(result.stdout)
    assert [(f["code"], english[f["target_start"] : f["target_end"]]) for f in report["findings"]] == \
           [("CT110", "Vladimir Poutine")]
    assert report["suppressed"] == len(seed_result.findings)
    assert result.exit_code == 1  # the new finding is major


def test_since_refuses_a_report_without_fingerprints(cli, tmp_path):
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"version": 1, "id": "s", "findings": [{"code": "CT101"}]}), encoding="utf-8")
    with pytest.raises(UsageError, match="no fingerprints"):
        Since.load(old)
    result = cli("check", DEMO / "wire-xi-putin.fr.txt", DEMO / "wire-xi-putin.en.txt", "--since", old)
    assert result.exit_code == 2 and "no fingerprints" in result.stderr


def test_check_update_baseline_then_baseline_from_the_config(cli, tmp_path, monkeypatch):
    for lang in ("fr", "en"):
        shutil.copy(DEMO / f"wire-xi-putin.{lang}.txt", tmp_path / f"story.{lang}.txt")
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "checktrans.toml").write_text('baseline = "accepted.json"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "desk")
    story = (tmp_path / "story.fr.txt", tmp_path / "story.en.txt")

    plain = cli("check", *story, "--format", "json")
    assert plain.exit_code == 1 and "suppressed" not in json.loads(plain.stdout)  # nothing accepted yet
    written = cli("check", *story, "--update-baseline", "--format", "json")
    assert written.exit_code == 0, written.output
    text = (tmp_path / "desk" / "accepted.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["version"] == 1 and len(data["findings"]) == len(json.loads(plain.stdout)["findings"])
    assert text.count("\n") == len(data["findings"]) + 5  # one entry a line
    assert [e["fingerprint"] for e in data["findings"]] and all(e["story"] == "story" for e in data["findings"])

    again = cli("check", *story)
    assert again.exit_code == 0, again.output
    assert f"{len(data['findings'])} suppressed" in again.stdout


# -- the file ------------------------------------------------------------------------------------------------------


def test_the_baseline_file_is_stable_sorted_json_and_a_missing_one_is_empty(seed_result, tmp_path):
    path = tmp_path / "baseline.json"
    assert len(Baseline.load(path)) == 0
    baseline = Baseline()
    baseline.add(seed_result, reversed(seed_result.findings))
    baseline.save(path)
    first = path.read_bytes()
    again = Baseline.load(path)
    again.add(seed_result, seed_result.findings)
    again.save(path)
    assert path.read_bytes() == first and list(tmp_path.iterdir()) == [path]
    entries = json.loads(first)["findings"]
    assert all(set(e) == {"code", "excerpt", "fingerprint", "story"} for e in entries)
    assert entries == sorted(entries, key=lambda e: (e["story"], e["code"], e["excerpt"], e["fingerprint"]))
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(UsageError, match="not a checktrans baseline"):
        Baseline.load(path)


# -- batch -------------------------------------------------------------------------------------------------------


def test_batch_since_baseline_and_update_baseline(cli, seed, seed_result, tmp_path):
    stories = tmp_path / "stories"
    stories.mkdir()
    french, english = edit(seed, NEW_ERROR)
    (stories / "wire-xi-putin.fr.txt").write_text(french, encoding="utf-8")
    (stories / "wire-xi-putin.en.txt").write_text(english, encoding="utf-8")
    old = tmp_path / "old.json"
    old.write_text(report_json(seed_result), encoding="utf-8")

    since = cli("batch", stories, "--since", old, "--format", "json", "-q")
    report = json.loads(since.stdout)
    assert [f["code"] for f in report["findings"]] == ["CT110"] and since.exit_code == 1

    baseline = tmp_path / "baseline.json"
    updated = cli("batch", stories, "--update-baseline", "--baseline", baseline, "-q")
    assert updated.exit_code == 0 and len(Baseline.load(baseline)) > 0
    html = tmp_path / "report.html"
    quiet = cli("batch", stories, "--baseline", baseline, "--format", "html", "-o", html, "-q")
    assert quiet.exit_code == 0, quiet.output
    every = report["suppressed"] + len(report["findings"])  # what the story has, as --since counted it
    assert f"{every} suppressed" in html.read_text(encoding="utf-8")
