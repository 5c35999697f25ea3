"""The bilingual dictionaries (corpora/pairs/<xx>-en/dictionary.tsv): lemma lookup, loose rows, coverage, load time."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker.lexicons import corpora_path, load_lexicons
from checker.lexicons.dictionary import load_dictionary, possessive_endings
from tests.helpers import SHARED

REPO = Path(__file__).resolve().parents[1]
SOURCE = SHARED / "lexicons" / "wiktionary-2015"


@pytest.fixture(scope="module")
def fr():
    return load_lexicons("fr", "en").dictionary


def test_load_time_from_the_cache():
    pair_dir = corpora_path() / "pairs" / "fr-en"
    load_dictionary(pair_dir)  # builds the cache when absent
    t = time.perf_counter()
    d = load_dictionary(pair_dir)
    elapsed = time.perf_counter() - t
    # ~0.1 s on an idle core of this machine; the margin is for a loaded one
    assert elapsed < 0.5, elapsed
    assert len(d) > 60000


@pytest.mark.parametrize("form, lemma", [
    ("millions", "million"), ("rivières", "rivière"), ("évaluations", "évaluation"), ("industries", "industrie"),
    ("qualifie", "qualifier"), ("soutenu", "soutenir"), ("étaient", "être"), ("commission", "commission"),
])
def test_lemma_lookup(fr, form, lemma):
    assert lemma in fr.lemmas(form)
    assert fr.lemmas(form)[0] == lemma  # the lemma first: keys and suggestions follow it


def test_a_forms_parts_of_speech_are_its_lemmas(fr):
    assert fr.word_parts_of_speech("suprêmes") == {"adj"}  # through its lemma "suprême"
    assert "noun" in fr.word_parts_of_speech("Cour")
    assert fr.word_parts_of_speech("zzqx") == set()


def test_an_elided_word_is_looked_up_without_its_elision(fr):
    # the aligner keeps "l'amphithéâtre" one word (either apostrophe); a headword with an apostrophe stays itself
    assert fr.lemmas("l'amphithéâtre") == fr.lemmas("L’Amphithéâtre") == ["amphithéâtre"]
    assert fr.covers("d'euros", ["euros"]) and "lecture theatre" in fr.translations("l'amphithéâtre")
    assert fr.lemmas("aujourd'hui") == fr.lemmas("Aujourd’hui") == ["aujourd'hui"]
    assert "moreover" in fr.translations("d’ailleurs")
    assert fr.lemmas("l'") == ["l'"] and not fr.lemmas("l'xqzt")
    # so is a pronoun hyphened onto a verb ("a-t-il", "dit-elle") or "-là" onto a noun
    assert fr.lemmas("a-t-il") == fr.lemmas("a") and "say" in fr.translations("dit-elle")
    assert fr.lemmas("jour-là") == ["jour"] and fr.lemmas("celui-ci") == ["celui-ci"]
    # an object pronoun after an imperative, "ce" after an inverted verb
    assert fr.lemmas("Permettez-moi") == ["permettre"] and fr.lemmas("qu'est-ce")[0] == "être"


def test_headwords_from_ci_to_cz_are_present(fr):
    # the 2014 export lacked every headword from "ci" to "cz"
    for word in ("commission", "conseil", "cour", "crise", "contrôler"):
        assert word in fr and fr.translations(word), word
    assert "committee" in fr.senses("commission")
    assert fr.covers("conseils", ["the", "councils"])


def test_translations_are_cleaned_and_loose_rows_are_not_suggested(fr):
    assert "summit" in fr.translations("sommet")
    assert "qualify" in fr.translations("qualifie")
    assert all(not t.startswith("to ") and "(" not in t and "|" not in t for t in fr.translations("retrouver"))
    # "millions" → "billion" and "million" → "quadrillion" come only from inverted English entries ("any very
    # large number"): coverage, never a suggestion
    assert fr.translations("millions") == ["million"]
    assert "quadrillion" not in fr.translations("million") and "quadrillion" in fr.senses("million")
    # no definition rows ("quality of inventiveness …" is a def row of industrie)
    assert not any("inventiveness" in t for t in fr.translations("industrie"))


def test_covers_with_english_inflection(fr):
    assert fr.covers("partenaires", ["two", "partners"])
    assert fr.covers("gouvernement", ["the", "government's"]) and fr.covers("Canada", ["Canada’s"])  # possessives
    assert fr.target_key("Government's") == "government" and fr.target_key("'s") == "'s"
    # the same endings, read without a dictionary, for the rules on English text (CT209)
    assert set(possessive_endings("en")) == set(fr.target_possessives) and possessive_endings("xx") == ()
    assert fr.covers("rivières", ["rivers"])
    assert fr.covers("allé", ["went"])  # lemminflect: an irregular form
    assert not fr.covers("sommet", ["this", "roof", "is", "good"])
    assert not fr.covers("déception", ["deception"])


def test_english_forms_are_made_once_and_are_what_the_endings_and_lemminflect_give(fr):
    from checker.lexicons.dictionary import _SEP, regular_forms

    for word in ("go", "river", "study", "child", "the"):
        expected = regular_forms(word, fr.target_suffixes, fr.target_y_suffixes)
        expected |= set(fr.irregular.get(word, "").split(_SEP)) - {""}
        forms = fr._word_forms(word)
        assert forms == expected and fr._word_forms(word) is forms  # memoised, and frozen: shared by every sense
    assert {"went", "gone"} <= fr._word_forms("go") and "studies" in fr._word_forms("study")


def test_parts_of_speech(fr):
    assert "noun" in fr.parts_of_speech("commission")
    assert "verb" in fr.parts_of_speech("contrôler")


@pytest.mark.parametrize("lang, form, lemma, english", [
    ("es", "millones", "millón", "million"),
    ("es", "ríos", "río", "river"),
    ("it", "fiumi", "fiume", "river"),
    ("it", "milioni", "milione", "million"),
    ("it", "l'amministrazione", "amministrazione", "administration"),  # elided: corpora/languages/inflection/it.toml
    ("de", "Häuser", "haus", "house"),
    ("de", "Städte", "stadt", "city"),
])
def test_other_languages_by_lemma(lang, form, lemma, english):
    d = load_lexicons(lang, "en").dictionary
    assert d.lemmas(form)[0] == lemma
    assert english in d.translations(form)
    assert d.covers(form, [english + "s"]) or d.covers(form, [english[:-1] + "ies"])


@pytest.mark.skipif(not SOURCE.is_dir(), reason="the Wiktionary TSVs are not here")
def test_build_script_regenerates_the_shipped_files_bit_for_bit():
    run = subprocess.run([sys.executable, str(REPO / "scripts" / "build_dictionaries.py"), "--check"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.count("identical") == 4


def test_plural_nouns_by_the_ending_rules(fr):
    assert fr.plural_noun("ordinateurs") and fr.plural_noun("chevaux") and fr.plural_noun("jeux")
    assert not fr.plural_noun("pays")  # the same form in both numbers: no number to tell
    assert not fr.plural_noun("ordinateur")
    assert not fr.plural_noun("zoologiques")  # an adjective
