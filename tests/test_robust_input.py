"""Odd input through the whole pipeline: a translation in the wrong language, a source already in the target
language, PO plural forms and XLIFF / TMX inline codes (the readers' side is in test_read.py and test_formats.py)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.read.formats import PLACEHOLDER
from tests.test_formats import INLINE_TMX, INLINE_XLIFF, INLINE_XLIFF_2, PLURAL_PO
from tests.test_read import ENGLISH_THAT_LOOKS_FOREIGN

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo"
FR, EN = DEMO / "wire-xi-putin.fr.txt", DEMO / "wire-xi-putin.en.txt"

# The demo story's first two paragraphs, in German: what an editor gets when the wrong file is attached.
GERMAN = (
    "Das Treffen zwischen Xi Jinping und Wladimir Putin am Donnerstag, dem 15. September, anlässlich des regionalen "
    "Gipfels, der in Usbekistan beginnt, ist „eine Gelegenheit“ für den russischen Präsidenten, „zu beweisen, dass er "
    "nicht allein ist“, erklärt Frédéric Charillon, Professor für internationale Beziehungen an der Essec und an "
    "Sciences Po, an diesem Donnerstag bei franceinfo. Ihm zufolge ist Russland „vor allem eine Verlegenheit für "
    "Peking“, ein notwendiger Wirtschaftspartner, der zugleich ein Partner ist, „der an Boden verliert“.\n"
    ">> Wladimir Putin im russischen Fernen Osten, um an Militärmanövern unter Beteiligung Chinas teilzunehmen\n"
)


def first_lines(path: Path, n: int) -> str:
    return "\n".join(path.read_text(encoding="utf-8").split("\n")[:n]) + "\n"


def run(*args):
    proc = subprocess.run([sys.executable, "-m", "checker", *map(str, args)], capture_output=True, cwd=ROOT,
                          env={**os.environ, "NO_COLOR": "1"}, timeout=300)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


# -- 6. the target language, really checked -------------------------------------------------------------------------


def test_a_german_translation_is_one_critical_finding(checker):
    result = checker.check_texts(first_lines(FR, 2), GERMAN, id="de")
    assert result.target.lang == "de"
    assert [(f.code, str(f.severity)) for f in result.findings] == [("CT005", "critical")]
    assert "German" in result.findings[0].message


@pytest.mark.parametrize("headline", ["Xi Jinping meets Putin in Samarkand", "Macron at the Élysée",
                                      "Fête de la Musique in Paris"])
def test_a_short_english_headline_is_checked_as_english(checker, headline):
    result = checker.check_texts("Xi Jinping rencontre Poutine à Samarcande", headline)
    assert result.target.lang == "en"
    assert "CT005" not in {f.code for f in result.findings}


def test_english_quoting_french_names_is_checked_as_english(checker):
    source = ("Frédéric Charillon, professeur de relations internationales à l'Essec et à Sciences Po, a parlé à "
              "franceinfo. Le Monde, Les Échos et Libération ont repris l'histoire.")
    target = " ".join(ENGLISH_THAT_LOOKS_FOREIGN[-4:])
    result = checker.check_texts(source, target)
    assert result.target.lang == "en"
    assert "CT005" not in {f.code for f in result.findings}


def test_a_source_already_in_english_is_refused_unless_the_source_language_is_given(checker):
    english = first_lines(EN, 3)
    with pytest.raises(InputError, match=r"^en-en: the source is already in English \("):
        checker.check_texts(english, english, id="en-en")
    given = checker.check_texts(english, english, id="en-en", source_lang="en")  # the user says so: checked
    assert given.source.lang == "en" and given.segments


def test_cli_source_already_in_english_exits_2_with_one_line():
    code, stdout, stderr = run("check", EN, EN)
    assert code == 2 and stdout == ""
    assert stderr.splitlines() == [
        "checktrans: wire-xi-putin: the source is already in English (give --source-lang if it is not)"]


# -- 7. formats read completely: one batch over real files --------------------------------------------------------


@pytest.fixture(scope="module")
def batch_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stories")
    po_bad = PLURAL_PO.replace("The 12 injured", "The 13 injured")  # the plural form's number changed
    files = {"injured.po": PLURAL_PO, "injured-bad.po": po_bad, "story.xlf": INLINE_XLIFF,
             "story2.xlf": INLINE_XLIFF_2, "inline.tmx": INLINE_TMX}
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    english = EN.read_text(encoding="utf-8").split("\n")[0]
    (folder / "copies.jsonl").write_text(json.dumps({"id": "copy", "source": english, "target": english}) + "\n",
                                         encoding="utf-8")
    code, stdout, stderr = run("batch", folder, "--format", "jsonl", "-q")
    return code, {doc["id"]: doc for doc in map(json.loads, stdout.splitlines())}


def test_a_changed_number_in_a_plural_form_is_found_in_that_form(batch_run):
    _, docs = batch_run
    bad = [f for f in docs["injured-bad"]["findings"] if f["code"] == "CT120"]
    assert [(f["unit"], f["suggestions"][:1]) for f in bad] == [("story:2[1]", ["12"])]
    assert not [f for f in docs["injured"]["findings"] if f["code"] == "CT120"]
    # the untranslated plural entry: both of its forms are omissions
    assert {f["unit"] for f in docs["injured"]["findings"] if f["code"] == "CT001"} >= {"story:3[0]", "story:3[1]"}


@pytest.mark.parametrize("story", ["story", "story2", "inline"])
def test_inline_codes_are_never_prose_and_never_glue_words(batch_run, story):
    _, docs = batch_run
    doc = docs[story]
    assert doc["target_lang"] == "en" and doc["source_lang"] == "fr"
    markup = ("span", "href", "nom-propre", "italique", "nombre_de_dirigeants", "Kremlin", "VladimirPutin",
              "VladimirPoutine", "actualites", PLACEHOLDER)
    for finding in doc["findings"]:
        text = " ".join([finding["message"], *finding["suggestions"]])
        assert not [m for m in markup if m in text], finding
        assert finding["code"] not in ("CT005", "CT140", "CT207", "CT110", "CT111", "CT120", "CT121", "CT200",
                                       "CT201"), finding
        assert finding["unit"] is not None or finding["segment"] is None, finding


def test_offsets_index_the_text_the_checker_read(batch_run):
    _, docs = batch_run
    doc = docs["injured-bad"]
    finding = next(f for f in doc["findings"] if f["code"] == "CT120")
    # the report's offsets index the joined units: the changed number sits in the second plural form
    joined = "\n\n".join(["The president left Paris on Thursday.", "One injured person was taken to hospital.",
                          "The 13 injured were taken to hospital.", "", ""])
    assert joined[finding["target_start"] : finding["target_end"]] == "13"


def test_a_batch_record_whose_source_is_already_english_fails_with_the_reason(batch_run):
    code, docs = batch_run
    assert docs["copy"]["error"] == "copy: the source is already in English (give --source-lang if it is not)"
    assert code == 1


def test_findings_in_a_unit_with_inline_codes_keep_the_codes_in_their_fixes(checker, tmp_path):
    from checker.read.formats import read_bilingual, unit_of

    damaged = (INLINE_XLIFF
               .replace("on Thursday, 15 September", "on Thursday, 16 September")
               .replace('According to him, Russia is <ph id="3">', 'Selon lui, la Russie est <ph id="3">')
               .replace("above all an embarrassment for Beijing<ph", "avant tout un embarras pour Pékin<ph")
               .replace("a necessary economic partner.", "un partenaire économique nécessaire."))
    path = tmp_path / "damaged.xlf"
    path.write_text(damaged, encoding="utf-8")
    (record,) = read_bilingual(path)
    pair = checker.check_texts(record.source, record.target, source_lang="fr")
    found = {(f.code, unit_of(record.units, f)) for f in pair.findings}
    assert {("CT120", "p1"), ("CT003", "p2")} <= found, found
    for f in pair.findings:
        span = record.target[f.target_start : f.target_end]
        # a fix replaces the span by a suggestion: it must carry the span's codes over, one for one
        assert all(s.count(PLACEHOLDER) == span.count(PLACEHOLDER) for s in f.suggestions), (f, span)
