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

from checker.align.sentences import AlignedBlock, AlignParams, align_sentences
from checker.segment import segment
from tests.helpers import SHARED

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
    (ft, fp, _), (et, ep, ee) = story["fr"], story["en"]
    gone = _first_of_paragraph(ep, 9) + 4  # "It is a foreign policy that does not make many mistakes ..."
    en = ([t for k, t in enumerate(et) if k != gone], [p for k, p in enumerate(ep) if k != gone],
          np.delete(ee, gone, axis=0))
    blocks = _align(story["fr"], en, paragraphs)
    _assert_covers(blocks, len(ft), len(et) - 1)
    missing = _first_of_paragraph(fp, 9) + 4
    assert AlignedBlock((missing,), (), None) in blocks
    assert [b for b in blocks if b.kind != "1-1"] == [AlignedBlock((missing,), (), None)]


def test_two_english_sentences_merged_give_a_two_to_one_block(story, embed):
    (ft, fp, _), (et, ep, _) = story["fr"], story["en"]
    first = _first_of_paragraph(ep, 7) + 1  # "A partner, that's for sure, ..." + "One can imagine that if ..."
    merged = et[first].rstrip(".") + "; " + et[first + 1][0].lower() + et[first + 1][1:]
    texts = et[:first] + [merged] + et[first + 2 :]
    en = (texts, ep[:first] + ep[first + 1 :], embed(texts))
    blocks = _align(story["fr"], en)
    _assert_covers(blocks, len(ft), len(texts))
    fs = _first_of_paragraph(fp, 7) + 1
    assert [(b.source, b.target) for b in blocks if b.kind != "1-1"] == [((fs, fs + 1), (first,))]


def test_shuffled_paragraph_is_not_aligned_across_paragraph_anchors(story):
    (ft, fp, _), (et, ep, ee) = story["fr"], story["en"]
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
    (ft, _, _), (et, ep, ee) = story["fr"], story["en"]
    en = (et, [max(p - 1, 0) for p in ep], ee)  # English paragraphs 0 and 1 run together
    blocks = _align(story["fr"], en)
    _assert_covers(blocks, len(ft), len(et))
    assert all(b.source == b.target for b in blocks)


def test_same_paragraph_count_that_does_not_correspond_is_no_anchor(story):
    """English drops paragraph 4 (a one-sentence question) and splits paragraph 9 in two: 11 paragraphs each,
    shifted. Anchoring paragraph k to paragraph k would force wrong links; the whole document is aligned instead."""
    (ft, fp, _), (et, ep, ee) = story["fr"], story["en"]
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


# --- the band: the same alignment as over the whole matrix, in memory linear in the sentences ------------------
# The first pass runs in a band around the diagonal, widened while its path runs along the edge; a narrow start
# (2 sentences instead of 64) makes every real case below go through the widening.
FULL = AlignParams(first_pass_band=None)
NARROW = AlignParams(first_pass_band=2)


def _links(blocks: list[AlignedBlock]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.source, b.target) for b in blocks]


def _assert_band_is_full(fe, ee, fl, el, fp=None, ep=None):
    full = align_sentences(fe, ee, fl, el, fp, ep, params=FULL)
    for params in (NARROW, AlignParams()):
        banded = align_sentences(fe, ee, fl, el, fp, ep, params=params)
        assert _links(banded) == _links(full)
        assert [b.similarity for b in banded] == pytest.approx([b.similarity for b in full], abs=1e-9)


def _without_paragraph(side, p):
    texts, paras, emb = side
    keep = [k for k in range(len(texts)) if paras[k] != p]
    return [texts[k] for k in keep], [paras[k] - (paras[k] > p) for k in keep], emb[keep]


@pytest.mark.parametrize("paragraphs", [True, False])
def test_banded_alignment_is_the_full_one_on_the_demo_story(story, embed, paragraphs):
    """The demo as it is, with a paragraph dropped on either side, and with a foreign paragraph added."""
    fr, en = story["fr"], story["en"]
    variants = [(fr, en)]
    for p in (2, 5, 9):
        variants += [(fr, _without_paragraph(en, p)), (_without_paragraph(fr, p), en)]
    (et, ep, ee) = en
    at = _first_of_paragraph(ep, 6)
    extra = ["The weather will be sunny on Sunday.", "Football: Lyon beat Marseille two goals to one.",
             "The museum reopens in May after two years of work."]
    texts = et[:at] + extra + et[at:]
    variants.append((fr, (texts, ep[:at] + [6] * 3 + [p + 1 for p in ep[at:]], embed(texts))))
    for (ft, fp, fe), (et, ep, ee) in variants:
        _assert_band_is_full(fe, ee, [len(t) for t in ft], [len(t) for t in et],
                             fp if paragraphs else None, ep if paragraphs else None)


NEWSTEST = SHARED / "wmt" / "newstest2014"


def _newstest_documents(count: int) -> list[tuple[list[str], list[str]]]:
    """The first `count` newstest2014 fr–en documents of at least 25 lines (French source, English reference)."""
    import html
    import re

    docs = {}
    for lang, name in (("fr", "newstest2014-fren-src.fr.sgm"), ("en", "newstest2014-fren-ref.en.sgm")):
        current = None
        for line in (NEWSTEST / name).read_text(encoding="utf-8").splitlines():
            if line.startswith("<doc"):
                current = docs.setdefault(re.search(r'docid="([^"]+)"', line).group(1), {}).setdefault(lang, [])
            elif seg := re.match(r'\s*<seg id="\d+">(.*)</seg>', line):
                current.append(html.unescape(seg.group(1)))
    pairs = [(d["fr"], d["en"]) for d in docs.values() if len(d["fr"]) >= 25]
    return pairs[:count]


@pytest.mark.skipif(not NEWSTEST.is_dir(), reason="../shared/corpora/wmt/newstest2014 is absent")
def test_banded_alignment_is_the_full_one_on_newstest_documents(embed):
    """Real news documents (one sentence a line): whole, with a run of English lines dropped, and with a run of
    another story's lines inserted, with and without line paragraphs."""
    docs = _newstest_documents(4)
    assert len(docs) == 4
    for d, (fr, en) in enumerate(docs):
        fe, ee = embed(fr), embed(en)
        other = docs[(d + 1) % len(docs)][1][:6]
        at = len(en) // 3
        variants = [
            (en, ee),
            (en[:at] + en[at + 6 :], np.delete(ee, range(at, at + 6), axis=0)),
            (en[:at] + other + en[at:], np.concatenate([ee[:at], embed(other), ee[at:]])),
        ]
        for texts, emb in variants:
            lengths = [len(t) for t in fr], [len(t) for t in texts]
            _assert_band_is_full(fe, emb, *lengths)
            _assert_band_is_full(fe, emb, *lengths, list(range(len(fr))), list(range(len(texts))))


def _noisy_copy(n: int, m_extra: int = 0, seed: int = 0, dim: int = 32):
    """Random unit 'source' embeddings and a 'target' that translates them (the same vectors plus noise), with
    `m_extra` unrelated target sentences inserted in the middle."""
    rng = np.random.default_rng(seed)
    src = rng.normal(size=(n, dim))
    tgt = src + 0.4 * rng.normal(size=(n, dim))
    tgt = np.concatenate([tgt[: n // 2], rng.normal(size=(m_extra, dim)), tgt[n // 2 :]])
    unit = lambda x: x / np.linalg.norm(x, axis=1, keepdims=True)  # noqa: E731
    return unit(src), unit(tgt), rng.integers(40, 200, n).tolist(), rng.integers(40, 200, len(tgt)).tolist()


def test_a_large_document_aligns_in_tiles_and_a_band():
    """3,000 × 3,090 sentences: more cells than the whole-matrix limit, so the cosines come in tiles; 90 added
    sentences (a shift wider than the first band) make the band widen. The answer is the full alignment."""
    from checker.align import sentences

    src, tgt, sl, tl = _noisy_copy(3000, m_extra=90)
    assert len(src) * len(tgt) > sentences.FULL_CELLS
    blocks = align_sentences(src, tgt, sl, tl)
    _assert_covers(blocks, len(src), len(tgt))
    added = [b for b in blocks if b.kind == "0-1"]
    assert [j for b in added for j in b.target] == list(range(1500, 1590))
    assert all(b.source == (b.target[0] - 90 * (b.target[0] >= 1590),) for b in blocks if b.kind == "1-1")
    assert _links(align_sentences(src, tgt, sl, tl, params=FULL)) == _links(blocks)


def test_tiles_give_the_cosines_of_the_whole_matrix(monkeypatch):
    from checker.align import sentences

    rng = np.random.default_rng(1)
    src, tgt = (rng.normal(size=(k, 64)).astype(np.float32) for k in (700, 650))
    full = (src @ tgt.T).astype(np.float64)
    monkeypatch.setattr(sentences, "FULL_CELLS", 0)
    cosines = sentences._Cosines(src, tgt)
    assert cosines.full is None
    r, c = rng.integers(0, 700, 5000), rng.integers(0, 650, 5000)
    # float32 rounding: BLAS may block a tile's product otherwise than the whole matrix's (bit-equal on some CPUs,
    # a few units in the last place of the summands on others: norms near 8 here, so 1e-5)
    np.testing.assert_allclose(cosines.get(r, c), full[r, c], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(cosines.rows(690, 700), full[690:700], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(cosines.rows(3, 40, transpose=True), full.T[3:40], rtol=1e-5, atol=1e-5)
    assert len(cosines.tiles) <= 9


def test_word_alignment_of_a_huge_segment_goes_window_by_window():
    """A 1.9 MB line once asked for a 300,000 × 300,000 word matrix; now no window is over MAX_WORD_CELLS."""
    from checker.align import words

    for n, m in ((300_000, 280_000), (5, 2_000_000), (1200, 900), (0, 10)):
        wins = words.windows(n, m)
        assert all((i1 - i0) * (j1 - j0) <= words.MAX_WORD_CELLS for i0, i1, j0, j1 in wins)
        assert [w[0] for w in wins[1:]] == [w[1] for w in wins[:-1]] and wins[0][0] == 0 and wins[-1][1] == n
        assert [w[2] for w in wins[1:]] == [w[3] for w in wins[:-1]] and wins[0][2] == 0 and wins[-1][3] == m
    assert len(words.windows(1200, 900)) == 1  # any real segment is aligned whole
    rng = np.random.default_rng(0)
    src = rng.normal(size=(6000, 16)).astype(np.float32)
    tgt = src + 0.3 * rng.normal(size=src.shape).astype(np.float32)
    links = words.align_words_windowed(src, tgt)
    assert sum(i == j for i, j, _ in links) > 0.95 * len(src)
    s_best, t_best = words.best_match_windowed(src, tgt)
    assert s_best.shape == (6000,) and t_best.shape == (6000,) and s_best.min() > 0.5
