"""CT210 country-article beyond its documented examples (tests/test_rules.py runs those): the names it reads from
CLDR, the ones English writes with "the", and what makes a name more than a country on its own."""
from __future__ import annotations

import pytest
from babel import Locale

from checker.lexicons import load_lexicons
from checker.pipeline import Checker, Options

SOURCE = "Le taux de chômage a baissé au Canada."


@pytest.fixture(scope="module")
def checker(encoder):
    return Checker(Options(source_lang="fr", target_lang="en", select=("CT210",)), encoder=encoder)


def ct210(checker, target: str, source: str = SOURCE) -> list[tuple[str, list[str]]]:
    pair = checker.check_texts(source, target)
    return [(pair.target.text[f.target_start : f.target_end], f.suggestions) for f in pair.findings]


def test_the_names_english_writes_with_the_article_are_cldr_names():
    names = load_lexicons("fr", "en").target.section("names")
    cldr = set(Locale.parse("en").territories.values())
    assert names["article"] == "the"
    assert set(names["with_article"]) <= cldr, set(names["with_article"]) - cldr  # a typo would keep nothing out


@pytest.mark.parametrize("target,found", [
    ("Unemployment fell in the Canada, the France and the Italy.",
     [("the Canada", ["Canada"]), ("the France", ["France"]), ("the Italy", ["Italy"])]),
    ("The Germany is worried.", [("The Germany", ["Germany"])]),
    ("Unemployment fell in the Syria, Egypt and Iran.", [("the Syria", ["Syria"])]),
    ("He was born in the Vietnam", [("the Vietnam", ["Vietnam"])]),  # the end of the text
])
def test_a_country_given_the_source_article_is_reported(checker, target, found):
    assert ct210(checker, target) == found


@pytest.mark.parametrize("target", [
    "Unemployment fell in the Netherlands and the Philippines.",  # English writes these with "the"
    "The boat sailed up the Niger to the Jordan.",  # rivers
    "Veterans of the Iraq war marched.",  # a name modifying a noun
    "Shares fell on the Singapore stock exchange.",
    "Veterans of the Iraq and Afghanistan wars marched.",
    "Troops patrol the Afghanistan-Pakistan border.",
    "The Canada Pension Plan is solvent.",  # a longer name
    "Pressure grows on the Syria of Bashar al-Assad.",
    "Unemployment fell in Canada.",
    "The canada goose is a bird.",  # no name: lower case
])
def test_a_name_that_is_more_than_the_country_alone_is_left_alone(checker, target):
    assert ct210(checker, target) == []


def test_a_target_language_whose_data_names_no_article_has_no_finding(encoder):
    checker = Checker(Options(source_lang="en", target_lang="fr", select=("CT210",)), encoder=encoder)
    assert ct210(checker, "Le chômage a baissé au Canada et en France.", "Unemployment fell in Canada.") == []
