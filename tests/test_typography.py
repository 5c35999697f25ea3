"""CT200 quotes and CT201 spacing."""
from __future__ import annotations

import re

import pytest

from checker.checks.base import Context
from checker.checks.quotes import Quotes
from checker.checks.spacing import Spacing
from checker.lexicons import load_lexicons
from tests.helpers import assert_example, one_segment, paragraphs_pair, wmt_lines

EXAMPLES = [(cls, ex) for cls in (Quotes, Spacing) for ex in cls.examples]


@pytest.mark.parametrize("cls,ex", EXAMPLES, ids=[f"{c.code}-{i}" for i, (c, _e) in enumerate(EXAMPLES)])
def test_examples(cls, ex):
    ctx = Context(lexicons=load_lexicons(ex.source_lang, "en"))
    found = list(cls().run(one_segment(ex.source, ex.target, ex.source_lang), ctx))
    assert_example(ex, found)
    assert all(f.fix == "safe" for f in found if (f.target_start, f.target_end) == ex.span)


def test_demo_reversed_quote_and_glued_word():
    ctx = Context(lexicons=load_lexicons("fr", "en"))
    pair = paragraphs_pair()
    en = pair.target.text
    quotes = list(Quotes().run(pair, ctx))
    start = en.index("“an opportunity “")
    assert [(f.target_start, f.target_end) for f in quotes] == [(start, start + len("“an opportunity “"))]
    assert quotes[0].suggestions[0] == "“an opportunity”"
    assert quotes[0].segment == 0
    spacing = list(Spacing().run(pair, ctx))
    glued = en.index("Beijing”a") + len("Beijing")
    assert [(f.target_start, f.target_end) for f in spacing] == [(glued, glued + 2)]
    # the French has "», un" there: the comma fix comes first, the minimal one is offered too
    assert spacing[0].suggestions == ["”, a", "” a"]


def test_false_positive_rate_on_human_references():
    src, ref = wmt_lines()
    ctx = Context(lexicons=load_lexicons("fr", "en"))
    checks = (Quotes(), Spacing())
    flagged = sum(1 for s, t in zip(src[:500], ref[:500], strict=False)
                  if any(True for c in checks for _f in c.run(one_segment(s, t), ctx)))
    assert flagged / 500 < 0.03, flagged


def test_real_quotations_turned_round():
    """Curl the straight quotes of real references, then turn the closing mark round: each must be flagged."""
    src, ref = wmt_lines()
    ctx = Context(lexicons=load_lexicons("fr", "en"))
    tried = hit = 0
    for s, t in zip(src, ref, strict=False):
        m = re.search(r'(?<![\w])"([^"\n]{3,80}?[\w.,!?])"', t)
        if not m:
            continue
        broken = t[: m.start()] + "“" + m.group(1) + " “" + t[m.end() :]
        tried += 1
        found = list(Quotes().run(one_segment(s, broken), ctx))
        want = (m.start(), m.end() + 1)
        if any((f.target_start, f.target_end) == want and f.suggestions == ["“" + m.group(1) + "”"] for f in found):
            hit += 1
        if tried == 50:
            break
    assert tried == 50
    assert hit / tried >= 0.95, hit


def test_french_spacing_leaking_into_english_real_lines():
    src, ref = wmt_lines()
    ctx = Context(lexicons=load_lexicons("fr", "en"))
    tried = hit = 0
    for s, t in zip(src, ref, strict=False):
        m = re.search(r"\w([?!;:])", t)
        if not m or list(Spacing().run(one_segment(s, t), ctx)):
            continue
        broken = t[: m.start(1)] + " " + t[m.start(1) :]
        tried += 1
        found = list(Spacing().run(one_segment(s, broken), ctx))
        # the finding takes in the inserted space, and its suggestion in place gives the reference back
        if any(f.target_start <= m.start(1) < f.target_end
               and broken[: f.target_start] + f.suggestions[0] + broken[f.target_end :] == t for f in found):
            hit += 1
        if tried == 50:
            break
    assert tried == 50 and hit == tried, hit


def test_spanish_source_quotes_left_in_english():
    src = "El ministro habló de «una oportunidad histórica» para el país."
    tgt = "The minister spoke of «a historic opportunity» for the country."
    ctx = Context(lexicons=load_lexicons("es", "en"))
    found = list(Quotes().run(one_segment(src, tgt, "es"), ctx))
    assert [tgt[f.target_start : f.target_end] for f in found] == ["«a historic opportunity»"]
    assert found[0].suggestions == ["“a historic opportunity”"]
