"""CT113 courtesy-title: every entry of each pair's courtesy_titles.toml runs its own examples; WMT text besides."""
from __future__ import annotations

from pathlib import Path

import pytest

from checker.checks.base import Context
from checker.checks.courtesy_title import CourtesyTitle, load_titles
from checker.lexicons import load_lexicons
from tests.helpers import WMT, assert_example, one_segment, wmt_lines

PAIRS = ("fr", "es")
CTX = {lang: Context(lexicons=load_lexicons(lang, "en")) for lang in PAIRS}
EXAMPLES = [(lang, e) for lang in PAIRS for e in CourtesyTitle().all_examples(CTX[lang])
            if e.source_lang == lang or lang == "fr"]


@pytest.mark.parametrize("lang,example", EXAMPLES, ids=[f"{lang}{i}" for i, (lang, _) in enumerate(EXAMPLES)])
def test_examples(lang, example):
    pair = one_segment(example.source, example.target, src_lang=lang)
    assert_example(example, list(CourtesyTitle().run(pair, CTX[lang])))


@pytest.mark.parametrize("lang", PAIRS)
def test_every_title_has_an_incorrect_and_a_correct_example(lang):
    titles = load_titles(str(CTX[lang].lexicons.pair_dir))
    assert titles
    for title in titles:
        assert {e.flagged is not None for e in title.examples} == {True, False}, title.id


@pytest.mark.parametrize("src,tgt,flagged,first", [
    # an initial, a given name before "M.": part of the name on both sides
    ("Jean M. Dupont a été élu.", "Jean M. Dupont was elected.", None, None),
    # the title before another name than the source's: not this rule's business
    ("Mme Dupont a parlé.", "Mme Durand spoke.", None, None),
    # lower case after the title: the English pronoun
    ("Me Ruby a dit : « Appelez-moi ».", "Me Ruby said: \"Call me maybe\".", "Me Ruby", "Lawyer Ruby"),
    # a sentence after a full stop starts with a capital
    ("Il est arrivé. M. Dupont a parlé.", "He arrived. M. Dupont spoke.", "M. Dupont", "Mr Dupont"),
])
def test_titles_in_sentences(src, tgt, flagged, first):
    found = list(CourtesyTitle().run(one_segment(src, tgt), CTX["fr"]))
    assert [tgt[f.target_start : f.target_end] for f in found] == ([] if flagged is None else [flagged])
    assert [f.suggestions[0] for f in found] == ([] if first is None else [first])


def test_silent_on_human_references_and_finds_the_titles_mt_left():
    src, ref = wmt_lines()
    assert not [t for s, t in zip(src, ref, strict=True) if list(CourtesyTitle().run(one_segment(s, t), CTX["fr"]))]
    # rbmt4 leaves "M." and "Mme" before names throughout newstest2014; every one of its 56 findings is such a title
    rbmt4 = Path(WMT).parent / "systems" / "newstest2014.rbmt4.0.fr-en"
    if not rbmt4.exists():
        pytest.skip("WMT newstest2014 system outputs not found under ../shared/corpora")
    mt = rbmt4.read_text(encoding="utf-8").splitlines()
    found = [(t, f) for s, t in zip(src, mt, strict=True) for f in CourtesyTitle().run(one_segment(s, t), CTX["fr"])]
    assert len(found) >= 50
    assert all(t[f.target_start : f.target_end].split()[0] in ("M.", "Mme", "Me") for t, f in found)
