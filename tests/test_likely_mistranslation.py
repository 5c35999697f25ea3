"""CT400's suggestions: which dictionary senses may stand in for a flagged word (real dictionary, real data)."""
import pytest

from checker.checks.likely_mistranslation import usable_senses
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


def test_checking_loads_no_lemminflect():
    # 67 MB and 0.4 s that no default rule needs at check time (the dictionary's cache holds the English forms)
    import subprocess
    import sys

    code = ("import sys; from checker.pipeline import Checker, Options; c = Checker(Options()); "
            "p = c.check_texts('Le ministre a vivement critiqué le rapport publié mardi.', "
            "'The minister sharply criticised the relation published on Tuesday.'); "
            "print([f.suggestions for f in p.findings if f.code == 'CT400'], 'lemminflect' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["[['report']]", "False"]  # a sense was weighed and offered, without lemminflect


def test_a_capitalised_word_gets_a_capitalised_sense_and_never_itself(senses):
    assert senses("rue", "Street") == ["Road"]
