"""CT112 title-form: every entry of titles.toml runs its own examples; real-world sentences besides."""
from __future__ import annotations

import pytest

from checker.checks.base import Context
from checker.checks.title_form import TitleForm, load_titles
from checker.lexicons import load_lexicons
from tests.helpers import assert_example, one_segment, wmt_lines

CTX = Context(lexicons=load_lexicons("fr", "en"))
EXAMPLES = list(TitleForm().all_examples(CTX))


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"ex{i}" for i in range(len(EXAMPLES))])
def test_examples(example):
    assert_example(example, list(TitleForm().run(one_segment(example.source, example.target), CTX)))


def test_every_title_has_an_incorrect_and_a_correct_example():
    for title in load_titles(str(CTX.lexicons.pair_dir)):
        assert {e.flagged is not None for e in title.examples} == {True, False}, title.id


@pytest.mark.parametrize("src,tgt,flagged", [
    ("Le premier ministre québécois rencontrera lundi le premier ministre Trudeau.",
     "The Quebec Prime Minister will meet Prime Minister Trudeau on Monday.", "Prime Minister"),
    ("Le premier ministre québécois rencontrera lundi le premier ministre Trudeau.",
     "The Quebec Premier will meet Prime Minister Trudeau on Monday.", None),
    ("Les juges d'instruction ont mis en examen deux élus.", "The instruction judges charged two elected officials.",
     "instruction judges"),
    ("La garde des Sceaux s'est exprimée devant les sénateurs.", "The Minister of Justice spoke to senators.", None),
])
def test_titles_in_sentences(src, tgt, flagged):
    found = list(TitleForm().run(one_segment(src, tgt), CTX))
    assert [tgt[f.target_start : f.target_end] for f in found] == ([] if flagged is None else [flagged])


def test_silent_on_human_references():
    src, ref = wmt_lines()
    assert sum(1 for s, t in zip(src, ref, strict=False) if list(TitleForm().run(one_segment(s, t), CTX))) == 0
