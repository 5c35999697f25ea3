"""The helpers that keep the pipeline fast and linear in a story's length give the answers, to the bit, of the plain
scans they replace."""
from __future__ import annotations

import re
import unicodedata

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from checker.align.words import pool_words
from checker.checks.base import SpanSet, contains_word, text_before, whole_word
from checker.checks.wordstats import fold

spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda p: (p[0], p[0] + p[1])), max_size=25)


@given(spans, st.integers(0, 80), st.integers(0, 20))
def test_span_set_overlaps_as_a_scan_of_every_span_says(taken, start, length):
    end = start + length
    assert SpanSet(taken).overlaps(start, end) == any(a < end and start < b for a, b in taken)


@given(st.text(alphabet="ab. \n\u00a0«", max_size=200), st.integers(0, 200), st.sampled_from([None, " \u00a0"]))
def test_text_before_ends_as_the_stripped_prefix_does(text, pos, strip):
    pos = min(pos, len(text))
    whole = text[:pos].rstrip(strip)
    got = text_before(text, pos, strip, keep=10)
    assert got == whole[-10:]
    assert (got == "") == (whole == "")


@given(st.text(alphabet="ab-é. s", min_size=1, max_size=4), st.text(alphabet="ab-é. s", max_size=60),
       st.sampled_from([r"\w", r"\w-"]), st.sampled_from(["", "s?"]))
def test_whole_word_matches_as_the_pattern_built_each_time_did(word, text, inside, suffix):
    built = re.compile(rf"(?<![{inside}])" + re.escape(word) + suffix + rf"(?![{inside}])")
    assert [m.span() for m in whole_word(word, inside, suffix).finditer(text)] == \
        [m.span() for m in built.finditer(text)]


@given(st.text(alphabet="ab_-é. 2", max_size=4), st.text(alphabet="ab_-é. 2\n", max_size=60))
def test_contains_word_answers_as_the_whole_word_pattern_does(word, text):
    assert contains_word(text, word) == (bool(word) and whole_word(word).search(text) is not None)


@given(st.text(alphabet="aAzZ09 -'’éÉçñß\u0301İ", max_size=30))
def test_fold_lowers_and_drops_accents_as_the_decomposition_does(text):
    decomposed = unicodedata.normalize("NFD", text.lower())
    assert fold(text) == "".join(c for c in decomposed if not unicodedata.combining(c))


def _pool_by_loop(words, pieces, dim):
    out, counts = np.zeros((len(words), dim), np.float32), np.zeros(len(words), np.int32)
    for offsets, states, base in pieces:
        for (ts, te), vec in zip(offsets, states, strict=True):
            for w, (ws, we) in enumerate(words):
                if ws < te + base and ts + base < we:
                    out[w] += vec
                    counts[w] += 1
    out[counts > 0] /= counts[counts > 0, None]
    return out


@given(st.integers(0, 2**32 - 1))
def test_pool_words_sums_each_words_tokens_in_text_order(seed):
    rng = np.random.default_rng(seed)
    cuts = np.sort(rng.choice(np.arange(1, 400), size=2 * int(rng.integers(1, 30)), replace=False))
    words = [(int(a), int(b)) for a, b in zip(cuts[::2], cuts[1::2], strict=True)]
    pieces = []
    for base in (0, 200):  # two sentences; tokens may straddle word edges or fall between words
        ends = np.sort(rng.choice(np.arange(0, 200), size=2 * int(rng.integers(0, 25)), replace=False))
        offsets = ends.reshape(-1, 2)
        pieces.append((offsets, rng.standard_normal((len(offsets), 8)).astype(np.float32), base))
    assert np.array_equal(pool_words(words, pieces, 8), _pool_by_loop(words, pieces, 8))


def test_unlinked_sentences_are_those_with_almost_no_word_link():
    from checker.checks.omission import MAX_LINKED, unlinked
    from checker.model import Sentence, Side

    text = "Tout va bien ici. Personne ne sait encore ce qui a bien pu se passer ce soir-là. Oui."
    ends = [m.end() for m in re.finditer(r"\.", text)]
    side = Side(text, "fr", [Sentence(a, b, 0) for a, b in zip([0, ends[0] + 1, ends[1] + 1], ends, strict=True)])
    second = [(m.start() + side.sentences[1].start, m.end() + side.sentences[1].start, 0.3)
              for m in re.finditer(r"\w+", side.sentence_text(1))]
    # every word of the second sentence alone, one of the first: only the second goes; "Oui." is too short
    # to judge even with no link at all
    alone = second + [(0, 4, 0.4), (text.rindex("Oui"), len(text) - 1, 0.2)]
    assert unlinked(side, (0, 1, 2), alone) == {1}
    # a link for MAX_LINKED of its words keeps it
    keep = int(MAX_LINKED * len(second)) + 1
    assert unlinked(side, (0, 1, 2), second[keep:]) == set()
    assert unlinked(side, (0, 1, 2), None) == set()  # no word alignment, nothing to judge


@given(st.integers(0, 2**32 - 1), st.integers(1, 12))
def test_segments_pooled_together_get_the_vectors_each_gets_alone(seed, pool_words_per_run):
    from types import SimpleNamespace

    from checker.align import words as aligned
    from checker.encoder import TokenStates
    from checker.model import Sentence

    rng = np.random.default_rng(seed)
    sentences, states, items, at = [], [], [], 0
    for k in range(int(rng.integers(1, 8))):  # sentences of 40 characters, a few tokens each (or none)
        sentences.append(Sentence(at, at + 40, k))
        ends = np.sort(rng.choice(np.arange(0, 40), size=2 * int(rng.integers(0, 6)), replace=False))
        offsets = ends.reshape(-1, 2)
        states.append(TokenStates(offsets, rng.standard_normal((len(offsets), 8)).astype(np.float32)))
        at += 41
    side = SimpleNamespace(sentences=sentences, token_states=states)
    k = 0
    while k < len(sentences):  # segments of one or two sentences, words anywhere in them
        group = tuple(range(k, min(k + int(rng.integers(1, 3)), len(sentences))))
        lo, hi = sentences[group[0]].start, sentences[group[-1]].end
        cuts = np.sort(rng.choice(np.arange(lo, hi), size=2 * int(rng.integers(0, 6)), replace=False))
        items.append((group, [(int(a), int(b)) for a, b in zip(cuts[::2], cuts[1::2], strict=True)]))
        k = group[-1] + 1
    alone = [aligned.word_vectors(side, group, words) for group, words in items]
    aligned_pool = aligned.POOL_WORDS
    try:
        aligned.POOL_WORDS = pool_words_per_run
        together = list(aligned.pooled_by_segment(side, items))
    finally:
        aligned.POOL_WORDS = aligned_pool
    for mine, other, (group, words) in zip(together, alone, items, strict=True):
        assert mine.shape == other.shape
        assert np.array_equal(mine, other)
        pieces = [(states[s].offsets, states[s].states, sentences[s].start) for s in group]
        if mine.shape[1]:
            assert np.array_equal(mine, _pool_by_loop(words, pieces, 8))
        else:  # no token states in the segment's sentences
            assert not any(len(states[s].states) for s in group)
