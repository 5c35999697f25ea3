"""CT211 english-calque: every [[calques]] entry of en.toml, its shape and its examples through the whole pipeline."""
from __future__ import annotations

import re

import pytest

from checker.checks.base import Context
from checker.checks.english_calque import EnglishCalque, _calques
from checker.lexicons import load_lexicons
from checker.pipeline import Checker, Options
from tests.helpers import assert_example

CTX = Context(lexicons=load_lexicons("fr", "en"))
CALQUES = _calques(CTX.lexicons)


@pytest.fixture(scope="module")
def checker(encoder):
    return Checker(Options(source_lang="fr", target_lang="en", select=("CT211",)), encoder=encoder)


def test_every_entry_has_a_unique_id_its_groups_and_both_kinds_of_example():
    assert len(CALQUES) >= 20
    assert len({c.id for c in CALQUES}) == len(CALQUES)
    for calque in CALQUES:
        assert set(re.findall(r"\{(\w+)\}", calque.use)) <= set(calque.pattern.groupindex), calque.id
        assert {bool(ex.get("flagged")) for ex in calque.examples} == {True, False}, calque.id


@pytest.mark.parametrize("example", [pytest.param(e, id=f"{i}-{'bad' if e.flagged else 'good'}")
                                     for i, e in enumerate(EnglishCalque().all_examples(CTX))])
def test_entry_example(checker, example):
    pair = checker.check_texts(example.source, example.target)
    assert_example(example, [f for f in pair.findings if f.code == "CT211"])


def test_a_target_language_without_calques_has_no_finding(encoder):
    checker = Checker(Options(source_lang="en", target_lang="fr", select=("CT211",)), encoder=encoder)
    assert checker.check_texts("He has lived here since ten years.", "Il vit ici depuis dix ans.").findings == []
