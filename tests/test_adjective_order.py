"""CT208 adjective-order beyond its documented examples (tests/test_rules.py runs those): which source languages it
reads, when it withholds its swap, and the English word-class table it stands on."""
from __future__ import annotations

import pytest

from checker.lexicons.word_classes import has_word_classes, word_classes
from checker.pipeline import Checker, Options

SAID = "The commentator intelligent spoke yesterday."


@pytest.fixture(scope="module")
def checkers(encoder):
    return {lang: Checker(Options(source_lang=lang, target_lang="en"), encoder=encoder) for lang in ("fr", "es", "de")}


def ct208(checker, source: str, target: str) -> list[tuple[str, list[str]]]:
    pair = checker.check_texts(source, target)
    return [(pair.target.text[f.target_start : f.target_end], f.suggestions) for f in pair.findings
            if f.code == "CT208"]


def test_word_classes_are_lemminflects_read_from_the_cache():
    assert word_classes("trader", "en") == {"NOUN"}
    assert word_classes("Intelligent", "en") == {"ADJ"}
    assert {"ADJ", "NOUN"} <= word_classes("classic", "en")  # may be a noun: CT208 then leaves it alone
    assert word_classes("qzxv", "en") == frozenset()
    assert not has_word_classes("fr") and word_classes("rapide", "fr") == frozenset()


@pytest.mark.parametrize("lang,source,flagged", [
    ("fr", "Le commentateur intelligent a parlé hier.", True),
    ("es", "El comentarista inteligente habló ayer.", True),  # Spanish adjectives follow their noun too
    ("de", "Der intelligente Kommentator sprach gestern.", False),  # German ones precede it, as English
])
def test_only_a_source_whose_adjectives_follow_the_noun_is_read(checkers, lang, source, flagged):
    found = ct208(checkers[lang], source, SAID)
    assert found == ([("commentator intelligent", ["intelligent commentator"])] if flagged else []), found


def test_the_swap_is_withheld_before_a_noun_and_capitalised_at_a_sentence_start(checkers):
    # "passenger" can only be a noun: the phrase goes on, and a swap of two words would not mend it
    assert ct208(checkers["fr"], "Une expérience passager agréable.", "An experiment pleasant passenger.") \
        == [("experiment pleasant", [])]
    assert ct208(checkers["fr"], "Les commentateurs intelligents ont parlé.", "Commentators intelligent spoke.") \
        == [("Commentators intelligent", ["Intelligent commentators"])]


def test_the_adjective_goes_before_the_adjectives_already_in_front_of_the_noun(checkers):
    found = ct208(checkers["fr"], "Nul ne devrait accepter les risques économiques inutiles imposés par d'autres.",
                  "Nobody should accept the economic risks unnecessary imposed by others.")
    assert found == [("economic risks unnecessary", ["unnecessary economic risks"])], found


@pytest.mark.parametrize("source,target", [
    ("Des investisseurs réticents à acheter attendent.", "Investors reticent to buy are waiting."),  # complement
    ("Les fonds disponibles ont été versés hier.", "The funds available were paid out yesterday."),  # -able
    ("Le Front National progresse.", "The Front National is gaining ground."),  # a name
    ("Les Européens craignent que Taïwan reste indépendant.", "Europeans fear that Taiwan remains independent."),
])
def test_orders_english_uses_itself_are_left_alone(checkers, source, target):
    assert ct208(checkers["fr"], source, target) == []
