"""CT170 wrong-sense: off by default, its suspects, its guard on suggestions and the inflection of its fixes."""
from __future__ import annotations

from checker.checks import select_checks
from checker.checks.wrong_sense import WrongSense, looks_alike
from checker.lexicons import load_lexicons
from checker.suggest import Guard, inflect_like


def test_off_by_default_and_on_when_selected():
    assert "CT170" not in [c.code for c in select_checks()]
    assert "CT170" in [c.code for c in select_checks(select=("CT170",))]
    assert "CT170" in [c.code for c in select_checks(select=("CT1",))]
    assert "CT170" not in [c.code for c in select_checks(select=("CT170",), ignore=("CT170",))]


def test_no_suggestion_changes_a_magnitude_a_negation_or_a_name():
    guard = Guard.for_language(load_lexicons("fr", "en").target)
    options = WrongSense._options(["thousand", "billion", "million", "quadrillion"], "millions", guard, "en")
    assert options == ["millions"]  # only the same magnitude survives (inflected as the English word)
    assert WrongSense._options(["not allowed", "forbidden", "authorised"], "permitted", guard, "en") == ["authorised"]
    assert WrongSense._options(["Creator", "author"], "creation", guard, "en") == ["author"]


def test_a_weak_negative_follows_the_source_word_not_the_word_it_replaces():
    lexicons = load_lexicons("fr", "en")
    guard, source = Guard.for_language(lexicons.target), Guard.for_language(lexicons.source)

    def options(source_text, source_word, senses, word):
        at = source_text.index(source_word)
        return WrongSense._options(senses, word, guard, "en",
                                   source.weak_at(source_text, at, at + len(source_word)))

    # "stop" and "deny" read as negatives; the source words do not, so the fix may drop them and may not add one
    assert options("Il a été arrêté mardi.", "arrêté", ["stop", "arrest"], "stopped") == ["arrested"]
    assert options("Il défend sa réforme.", "défend", ["defend", "forbid"], "denies") == ["defends"]
    assert sorted(options("Il nie les faits.", "nie", ["deny", "refuse"], "admits")) == ["denies", "refuses"]
    # read in context: "faute de" is a lack, "faute" alone is not
    assert source.weak_at("Faute de moyens, il part.", 0, 5) and not source.weak_at("Une faute grave.", 4, 9)
    # a grammatical negation stays as the original has it, whatever the source
    assert "never" not in options("Il ne dort jamais.", "jamais", ["never", "ever"], "always")


def test_fixes_are_inflected_like_the_word_they_replace():
    assert inflect_like("evaluation", "evaluations") == "evaluations"
    assert inflect_like("disappoint", "deceived") == "disappointed"
    assert inflect_like("take hold", "seized") == "took hold"
    assert inflect_like("arrival", "arrived") == "arrival"  # a noun is not put in the past


def test_look_alikes():
    assert looks_alike("déception", "deception")
    assert not looks_alike("déception", "disappointment")


def test_a_plural_source_noun_gets_plural_english():
    from checker.suggest import plural

    assert plural("goal") == "goals"
    assert plural("frequency counter") == "frequency counters"  # the head is the last word
    assert plural("point of view") == "points of view"  # or the one before "of"
    assert plural("Horse") == "Horses"
    assert plural("person from Île-de-France") == "persons from Île-de-France"  # the head, before a preposition
    assert plural("Man") == "Men"
    assert plural("goals") == "goals"  # a plural already
    assert plural("people") == "people"
    assert plural("restarting") == "restarting"  # a gerund stays


def test_a_name_gloss_is_no_fix():
    from checker.suggest import word_options

    dictionary = load_lexicons("fr", "en").dictionary
    assert "male given name" in dictionary.translations("Valentin")  # what the dictionary gives
    assert all("given name" not in o for o in word_options(dictionary, "Valentin", dictionary.translations("Valentin"),
                                                            "en"))
    assert set(word_options(dictionary, "vestiges", ["vestiges", "relics"], "en")) == {"relics", "vestiges"}


def test_dictionary_senses_commonest_first():
    from checker.suggest import commonest_first

    assert commonest_first(["mutton", "sheep", "beggar's velvet"], "en") == ["sheep", "mutton", "beggar's velvet"]
    assert commonest_first(["piscina", "swimming pool"], "en")[0] == "swimming pool"


def test_plurals_come_from_the_cached_table_as_lemminflect_makes_them_without_loading_it():
    import random
    import subprocess
    import sys

    from checker.lexicons.word_classes import _plurals, plural_of

    table = _plurals("en")
    assert len(table) > 60_000
    for word in random.Random(7).sample(sorted(table), 300) + ["goal", "people", "restarting", "sheep"]:
        assert table[word] == plural_of(word), word
    code = ("import sys; from checker.suggest import plural; "
            "print(plural('frequency counter'), plural('Horse'), plural('goals'), 'lemminflect' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["frequency", "counters", "Horses", "goals", "False"], out
