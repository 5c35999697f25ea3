"""CT209 verb-complement beyond its documented examples (tests/test_rules.py runs those): the data it reads, what it
takes for a noun or a passive, and the fixes it writes."""
from __future__ import annotations

import re

import pytest

from checker.lexicons import load_lexicons
from checker.pipeline import Checker, Options


@pytest.fixture(scope="module")
def checker(encoder):
    return Checker(Options(source_lang="fr", target_lang="en", select=("CT209",)), encoder=encoder)


def ct209(checker, source: str, target: str) -> list[tuple[str, list[str], str]]:
    pair = checker.check_texts(source, target)
    return [(pair.target.text[f.target_start : f.target_end], f.suggestions, str(f.fix)) for f in pair.findings]


def test_every_entry_lists_its_four_forms_and_a_usable_template():
    section = load_lexicons("fr", "en").target.section("verb_complements")
    assert len(section["verbs"]) >= 20
    for lemma, entry in section["verbs"].items():
        assert entry["forms"][0] == lemma and len(entry["forms"]) == 4, lemma
        assert entry["forms"][3].endswith("ing"), lemma
        use = entry["use"]
        assert re.fullmatch(r"(\{verb\}|[a-z]+)( [a-z]+)* (\{ing\}|\{inf\})", use), (lemma, use)
        assert (use.startswith("{verb}")) == ("{ing}" in use), (lemma, use)  # a kept verb takes a gerund
    assert {"the", "his"} <= set(section["noun_markers"]) and {"he", "they"} <= set(section["subjects"])


@pytest.mark.parametrize("target,found", [
    ("They succeeded to convince the judges.", ("succeeded to convince", ["succeeded in convincing"], "safe")),
    ("He denies to have lied.", ("denies to have", ["denies having"], "safe")),
    ("The insurer considers to sell its assets.", ("considers to sell", ["considers selling"], "safe")),
    ("Avoid to answer!", ("Avoid to answer", ["Avoid answering"], "safe")),
    ("It refrained to comment.", ("refrained to comment", ["refrained from commenting"], "safe")),
    ("Accepting to pay was a mistake.", ("Accepting to pay", ["Agreeing to pay"], "review")),
    ("This reform enables to hire more staff.", ("enables to hire", ["makes it possible to hire"], "review")),
    ("They accept indeed to talk.", ("accept indeed to talk", ["indeed agree to talk"], "review")),
    ("We risk not to be heard.", ("risk not to be", ["risk not being"], "safe")),  # the negation stays put
    ("They accept never to talk.", ("accept never to talk", ["agree never to talk"], "review")),
])
def test_the_fix_writes_what_english_uses(checker, target, found):
    assert ct209(checker, "Ils ont réussi à convaincre les juges.", target) == [found]


@pytest.mark.parametrize("target", [
    "The prisoners were allowed to vote.",  # a passive
    "The measures recommended to cut costs were adopted.",  # a participle after a noun
    "The government takes the risk to lose its majority.",  # "risk" after an article is a noun
    "Nothing will set anyone's mind to rest.",  # after a possessive
    "Nothing will set anyone’s mind to rest.",  # the typographic apostrophe (inflection/en.toml possessives)
    "He warned of the high risks to price stability.",  # after an adjective
    "It is a risk to people's health.",  # "to" before a noun, not an infinitive
    "They avoided, to be fair, any comment.",  # punctuation between
    "He decided to leave.",  # a verb English follows with a to-infinitive
    "We must allow Europe to grow.",  # "to" after the object: English
    "He avoided answering the questions.",
    "The team risks to Paris.",  # a name is no infinitive
])
def test_english_uses_are_left_alone(checker, target):
    assert ct209(checker, "Il a évité de répondre aux questions.", target) == []


def test_a_past_form_of_a_verb_with_a_passive_needs_a_subject_pronoun(checker):
    assert ct209(checker, "Elle a permis de réduire les coûts.", "It allowed to reduce costs.") == \
        [("allowed to reduce", ["made it possible to reduce"], "review")]
    assert ct209(checker, "Le plan a permis de réduire les coûts.", "The plan allowed to reduce costs.") == []
    # a verb without such a passive is read in the past after a noun too
    assert ct209(checker, "Le ministre a évité de répondre.", "The minister avoided to answer.") == \
        [("avoided to answer", ["avoided answering"], "safe")]


def test_the_finding_points_at_the_source_verb_it_is_linked_to(checker):
    pair = checker.check_texts("Le ministre a évité de répondre aux questions.",
                               "The minister avoided to answer the questions.")
    (finding,) = pair.findings
    assert finding.source_start is not None
    assert "évité" in pair.source.text[finding.source_start : finding.source_end]


def test_a_target_language_without_the_table_has_no_finding(encoder):
    checker = Checker(Options(source_lang="en", target_lang="fr", select=("CT209",)), encoder=encoder)
    assert checker.check_texts("He avoided to answer.", "Il a évité de répondre.").findings == []


def test_verb_forms_come_from_the_cached_table_without_loading_lemminflect():
    import subprocess
    import sys

    code = ("import sys; from checker.lexicons.word_classes import verb_forms; "
            "print(verb_forms('die', 'en')['VBG'], verb_forms('Agree', 'en')['VBZ'], verb_forms('schools', 'en'), "
            "verb_forms('mourir', 'fr'), 'lemminflect' in sys.modules)")
    build = "from checker.lexicons.word_classes import verb_forms; verb_forms('x', 'en')"
    subprocess.run([sys.executable, "-c", build], check=True)  # the table built into the user cache, if it was not
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["dying", "agrees", "None", "None", "False"], out
