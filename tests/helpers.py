"""Helpers the tests share: where the evaluation data live, and hand-built document pairs."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker.model import DocumentPair, Segment, Sentence, Side

REPO = Path(__file__).resolve().parents[1]
# $CHECKTRANS_SHARED names the folder that holds corpora/ (as scripts/eval/data.py reads it); by default the
# team's ../shared beside the checkout. A user's fresh clone has neither: tests that need it skip.
SHARED = Path(os.environ.get("CHECKTRANS_SHARED", REPO / ".." / "shared")) / "corpora"
WMT = SHARED / "wmt" / "newstest2014" / "newstest2014-fren"
DEMO = REPO / "corpora" / "demo" / "wire-xi-putin"


def one_segment(src: str, tgt: str, src_lang: str = "fr") -> DocumentPair:
    return DocumentPair(
        "t", Side(src, src_lang, [Sentence(0, len(src), 0)]), Side(tgt, "en", [Sentence(0, len(tgt), 0)]),
        [Segment(0, (0,), (0,), 0, len(src), 0, len(tgt))],
    )


def paragraphs_pair() -> DocumentPair:
    fr, en = (DEMO.with_suffix(f".{lang}.txt").read_text(encoding="utf-8") for lang in ("fr", "en"))

    def spans(text):
        out, start = [], 0
        for line in text.split("\n"):
            if line.strip():
                out.append((start, start + len(line)))
            start += len(line) + 1
        return out

    p, q = spans(fr), spans(en)
    assert len(p) == len(q) == 11
    return DocumentPair(
        "demo", Side(fr, "fr", [Sentence(a, b, i) for i, (a, b) in enumerate(p)]),
        Side(en, "en", [Sentence(a, b, i) for i, (a, b) in enumerate(q)]),
        [Segment(i, (i,), (i,), p[i][0], p[i][1], q[i][0], q[i][1]) for i in range(11)],
    )


def wmt_lines():
    if not WMT.with_suffix(".src.fr").exists():
        pytest.skip("WMT newstest2014 not found under ../shared/corpora (set CHECKTRANS_SHARED)")
    src = WMT.with_suffix(".src.fr").read_text(encoding="utf-8").splitlines()
    ref = WMT.with_suffix(".ref.en").read_text(encoding="utf-8").splitlines()
    return src, ref


def assert_example(example, findings, *, first_suggestion: bool = True) -> None:
    """Judge a rule's Example against the findings of that rule, as LanguageTool judges its examples: a correct
    example (no marker) gets none; a marked one gets a finding over exactly the marked span (an empty one for an
    omission) whose first suggestion is the correction, when the example gives one (``first_suggestion=False``:
    one of its suggestions, for a caller that runs a rule without the pipeline's ranking of suggestions)."""
    target = example.target
    if example.span is None:
        assert not findings, [(target[f.target_start : f.target_end], f.message) for f in findings]
        return
    hits = [f for f in findings if (f.target_start, f.target_end) == example.span]
    assert hits, (f"expected a finding over {example.flagged!r} {example.span}, got",
                  [(f.target_start, f.target_end, target[f.target_start : f.target_end]) for f in findings])
    if example.correction is not None:
        if first_suggestion:
            assert any(f.suggestions[:1] == [example.correction] for f in hits), [f.suggestions for f in hits]
        else:
            assert any(example.correction in f.suggestions for f in hits), [f.suggestions for f in hits]
