"""Sentence alignment on a real story with the real encoder, plus invariants on random embeddings.

The demo story's 11 paragraphs correspond one to one, and (read by hand) every French sentence is translated by
exactly one English sentence, in order: paragraph 0 has 2 + 2, paragraph 3 has 6 + 6, paragraph 9 has 10 + 10.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.align.sentences import AlignedBlock, align_sentences
from checker.segment import segment

DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo"


def _split(text: str, lang: str) -> list[tuple[str, int]]:
    """(sentence, paragraph) pairs, as the pipeline segments them."""
    return [(text[s.start : s.end], s.paragraph) for s in segment(text, lang)]


@pytest.fixture(scope="module")
def embed(encoder):
    return lambda texts: np.asarray(encoder.encode(texts).embeddings, dtype=np.float64)


@pytest.fixture(scope="module")
def story(embed):
    sides = {}
    for lang in ("fr", "en"):
        pairs = _split((DEMO / f"wire-xi-putin.{lang}.txt").read_text(encoding="utf-8"), lang)
        texts = [s for s, _ in pairs]
        sides[lang] = (texts, [p for _, p in pairs], embed(texts))
    return sides


def _align(fr, en, paragraphs=True):
    (ft, fp, fe), (et, ep, ee) = fr, en
    return align_sentences(fe, ee, [len(t) for t in ft], [len(t) for t in et],
                           fp if paragraphs else None, ep if paragraphs else None)


def _first_of_paragraph(paragraphs: list[int], p: int) -> int:
    return paragraphs.index(p)


def _assert_covers(blocks: list[AlignedBlock], n: int, m: int) -> None:
    assert [i for b in blocks for i in b.source] == list(range(n))
    assert [j for b in blocks for j in b.target] == list(range(m))


def test_story_aligns_one_to_one_within_paragraphs(story):
    fr, en = story["fr"], story["en"]
    blocks = _align(fr, en)
    _assert_covers(blocks, len(fr[0]), len(en[0]))
    pairs = {(b.source, b.target) for b in blocks}
    for p, count in ((0, 2), (3, 6), (9, 10)):
        fs, es = _first_of_paragraph(fr[1], p), _first_of_paragraph(en[1], p)
        for k in range(count):
            assert ((fs + k,), (es + k,)) in pairs, (p, k)
    assert all(b.similarity is not None and b.similarity > 0.8 for b in blocks)


@pytest.mark.parametrize("paragraphs", [True, False])
def test_deleted_english_sentence_gives_a_one_to_zero_block(story, embed, paragraphs):
    (ft, fp, fe), (et, ep, ee) = story["fr"], story["en"]
    gone = _first_of_paragraph(ep, 9) + 4  # "It is a foreign policy that does not make many mistakes ..."
    en = ([t for k, t in enumerate(et) if k != gone], [p for k, p in enumerate(ep) if k != gone],
          np.delete(ee, gone, axis=0))
    blocks = _align(story["fr"], en, paragraphs)
    _assert_covers(blocks, len(ft), len(et) - 1)
    missing = _first_of_paragraph(fp, 9) + 4
    assert AlignedBlock((missing,), (), None) in blocks
    assert [b for b in blocks if b.kind != "1-1"] == [AlignedBlock((missing,), (), None)]


def test_two_english_sentences_merged_give_a_two_to_one_block(story, embed):
    (ft, fp, fe), (et, ep, ee) = story["fr"], story["en"]
    first = _first_of_paragraph(ep, 7) + 1  # "A partner, that's for sure, ..." + "One can imagine that if ..."
    merged = et[first].rstrip(".") + "; " + et[first + 1][0].lower() + et[first + 1][1:]
    texts = et[:first] + [merged] + et[first + 2 :]
    en = (texts, ep[:first] + ep[first + 1 :], embed(texts))
    blocks = _align(story["fr"], en)
    _assert_covers(blocks, len(ft), len(texts))
    fs = _first_of_paragraph(fp, 7) + 1
    assert [(b.source, b.target) for b in blocks if b.kind != "1-1"] == [((fs, fs + 1), (first,))]


def test_shuffled_paragraph_is_not_aligned_across_paragraph_anchors(story):
    (ft, fp, fe), (et, ep, ee) = story["fr"], story["en"]
    start = _first_of_paragraph(ep, 9)
    order = list(range(start)) + list(range(start, start + 10))[::-1] + list(range(start + 10, len(et)))
    en = ([et[k] for k in order], [ep[k] for k in order], ee[order])
    blocks = _align(story["fr"], en)
    _assert_covers(blocks, len(ft), len(et))
    for b in blocks:
        paras = {fp[i] for i in b.source} | {en[1][j] for j in b.target}
        assert len(paras) == 1, b
    # Paragraphs left alone keep their one-to-one links.
    fs = _first_of_paragraph(fp, 7)
    assert ((fs,), (_first_of_paragraph(ep, 7),)) in {(b.source, b.target) for b in blocks}


def test_mismatched_paragraph_counts_fall_back_to_the_whole_document(story):
    (ft, fp, fe), (et, ep, ee) = story["fr"], story["en"]
    en = (et, [max(p - 1, 0) for p in ep], ee)  # English paragraphs 0 and 1 run together
    blocks = _align(story["fr"], en)
    _assert_covers(blocks, len(ft), len(et))
    assert all(b.source == b.target for b in blocks)


def test_same_paragraph_count_that_does_not_correspond_is_no_anchor(story):
    """English drops paragraph 4 (a one-sentence question) and splits paragraph 9 in two: 11 paragraphs each,
    shifted. Anchoring paragraph k to paragraph k would force wrong links; the whole document is aligned instead."""
    (ft, fp, fe), (et, ep, ee) = story["fr"], story["en"]
    gone = _first_of_paragraph(ep, 4)
    split_at = _first_of_paragraph(ep, 9) + 5
    keep = [k for k in range(len(et)) if k != gone]
    paras = [ep[k] - (ep[k] > 4) + (k >= split_at) for k in keep]
    en = ([et[k] for k in keep], paras, ee[keep])
    assert len(set(paras)) == len(set(fp))
    blocks = _align(story["fr"], en)
    _assert_covers(blocks, len(ft), len(keep))
    missing = _first_of_paragraph(fp, 4)
    assert [b for b in blocks if b.kind != "1-1"] == [AlignedBlock((missing,), (), None)]


@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 40), m=st.integers(0, 40), seed=st.integers(0, 2**16), paras=st.booleans())
def test_output_covers_every_sentence_once_in_order(n, m, seed, paras):
    rng = np.random.default_rng(seed)
    src = rng.normal(size=(n, 16))
    tgt = rng.normal(size=(m, 16))
    src /= np.linalg.norm(src, axis=1, keepdims=True) if n else 1
    tgt /= np.linalg.norm(tgt, axis=1, keepdims=True) if m else 1
    sp = np.sort(rng.integers(0, 4, n)).tolist() if paras else None
    tp = np.sort(rng.integers(0, 4, m)).tolist() if paras else None
    blocks = align_sentences(src, tgt, rng.integers(1, 200, n).tolist(), rng.integers(1, 200, m).tolist(), sp, tp)
    _assert_covers(blocks, n, m)
    for b in blocks:
        assert b.source or b.target
        assert (b.similarity is None) == (not b.source or not b.target)
