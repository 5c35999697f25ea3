"""Spanish, Italian and German get the dictionary-based checks by data alone (corpora/pairs/<xx>-en/dictionary.tsv,
corpora/languages/<xx>.toml): the source is recognised, and a word dropped from or added to the translation is
found with the dictionary's help, while the faithful translation of the same sentence passes. Sentences written
for this test."""
from __future__ import annotations

import pytest

from checker.lexicons import data_languages
from checker.pipeline import Checker, Options

CASES = [
    # (language, source, faithful translation, damaged translation, code, flagged text, a fix)
    ("es", "El ministro desmintió firmemente esas informaciones.",
     "The minister firmly denied the reports.", "The minister denied the reports.", "CT150", "", "firmly"),
    ("es", "La policía dispersó a los manifestantes delante de la prefectura el jueves por la noche.",
     "Police dispersed the protesters outside the prefecture on Thursday evening.",
     "Police brutally dispersed the protesters outside the prefecture on Thursday evening.", "CT151", "brutally", None),
    ("it", "Il sindaco si è dimesso improvvisamente martedì.",
     "The mayor suddenly resigned on Tuesday.", "The mayor resigned on Tuesday.", "CT150", "", "suddenly"),
    ("de", "Der Minister hat diese Berichte energisch dementiert.",
     "The minister vigorously denied these reports.", "The minister denied these reports.", "CT150", "", "forceful"),
]


@pytest.fixture(scope="module")
def checker(encoder):
    return Checker(Options(), encoder=encoder)


def test_languages_with_data():
    assert {"es", "it", "de"} <= set(data_languages())


@pytest.mark.parametrize("lang, source, right, wrong, code, flagged, fix", CASES, ids=[f"{c[0]}-{c[4]}" for c in CASES])
def test_dictionary_check_fires_on_the_wrong_word_only(checker, lang, source, right, wrong, code, flagged, fix):
    good = checker.check_texts(source, right)
    assert good.source.lang == lang
    assert not [f for f in good.findings if f.code in ("CT150", "CT151", "CT170")], good.findings
    bad = checker.check_texts(source, wrong)
    hits = [f for f in bad.findings if f.code == code]
    assert hits, bad.findings
    hit = hits[0]
    if flagged:
        assert wrong[hit.target_start:hit.target_end] == flagged
    else:
        assert hit.target_start == hit.target_end  # an omission: where the word belongs
    if fix:
        assert any(fix in s for s in hit.suggestions), hit.suggestions


def test_italian_is_recognised_as_italian(checker):
    # before it had a data file, the word-frequency test among the languages with data called this Spanish
    pair = checker.check_texts("La sua delusione era evidente dopo il voto dei deputati.",
                               "His delusion was evident after the vote of the deputies.")
    assert pair.source.lang == "it"


def test_wrong_sense_runs_for_spanish_when_selected(encoder):
    # CT170 is off by default (see its doc); selected, it reads the es-en dictionary by lemma
    checker = Checker(Options(select=("CT170",)), encoder=encoder)
    source = "Su decepción era evidente después de la votación de los diputados."
    bad = checker.check_texts(source, "His deception was evident after the vote of the deputies.")
    assert bad.source.lang == "es"
    hits = [f for f in bad.findings if f.code == "CT170"]
    assert hits and "disappointment" in hits[0].suggestions, bad.findings
    good = checker.check_texts(source, "His disappointment was evident after the vote of the deputies.")
    assert not good.findings
