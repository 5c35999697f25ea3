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


def test_fixes_are_inflected_like_the_word_they_replace():
    assert inflect_like("evaluation", "evaluations") == "evaluations"
    assert inflect_like("disappoint", "deceived") == "disappointed"
    assert inflect_like("take hold", "seized") == "took hold"
    assert inflect_like("arrival", "arrived") == "arrival"  # a noun is not put in the past


def test_look_alikes():
    assert looks_alike("déception", "deception")
    assert not looks_alike("déception", "disappointment")
