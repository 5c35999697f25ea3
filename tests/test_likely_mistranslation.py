"""CT400's suggestions: which dictionary senses may stand in for a flagged word (real dictionary, real data)."""
import pytest

from checker.checks.likely_mistranslation import usable_senses, word_classes
from checker.lexicons import load_lexicons
from checker.suggest import Guard


@pytest.fixture(scope="module")
def senses():
    lexicons = load_lexicons("fr", "en")
    guard = Guard.for_language(lexicons.target)
    return lambda source_word, word: usable_senses(lexicons.dictionary.translations(source_word), word, "fr", guard)


def test_a_sense_never_brings_in_a_negation(senses):
    assert "not" not in senses("pas", "plenty") and senses("pas", "plenty")  # "step", "pace" … stay


def test_a_sense_that_reads_as_the_source_language_is_not_offered(senses):
    assert senses("politisation", "politicisation") == ["politicization"]  # not "politisation"
    assert senses("syndrome", "theme") == ["syndrome"]  # a cognate English uses as much stays


def test_a_sense_must_fit_the_word_s_slot_and_takes_its_form(senses):
    assert word_classes("risen") == {"VERB"} and word_classes("extremely") == {"ADV"}
    assert senses("fortement", "risen") == []  # adverbs for a verb: the link was wrong
    assert senses("établissements", "schools")[0] == "establishments"


def test_a_capitalised_word_gets_a_capitalised_sense_and_never_itself(senses):
    assert senses("rue", "Street") == ["Road"]
