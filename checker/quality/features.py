"""Features of each target word for the quality model, from what the pipeline already computed.

Everything comes from the one encoder pass and the word alignment (checker.align.words.SegmentWords) plus the
pair's dictionary: no extra encoding. Per target word:
- its layer-6 vector, the vector of its source partner (the linked word, else the most similar one) and their
  element-wise product: the probe of shared/notes/qe-probe.md found the product carries most of the signal
  (AUC 0.694 for the word alone, 0.741 with the product);
- link numbers: plain and centred cosine to the partner, whether the link is mutual, the margin over the
  second-best source word, the neighbours' link strengths, the distance from the diagonal;
- knowledge: whether the dictionary lists the word among its partner's translations (or any source word's),
  whether the partner has an entry at all, whether the word is copied from the source, its frequency;
- the segment: sentence similarity and lengths.
Source words get the mirror image (their best target partner), for omissions.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..align.words import SegmentWords
from ..checks.wordstats import zipf

N_NUMBERS = 20


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)


def _side_features(
    own: np.ndarray,
    other: np.ndarray,
    own_words: list[str],
    other_words: list[str],
    mutual: dict[int, int],
    lang: str,
    similarity: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Rows for the words of `own` against the words of `other` (either direction), with the knowledge columns
    left at zero, and each word's partner (index into `other`)."""
    n, m = len(own), len(other)
    u, v = _unit(own), _unit(other)
    plain = u @ v.T
    centred = _unit(own - own.mean(axis=0)) @ _unit(other - other.mean(axis=0)).T if min(n, m) >= 3 else plain
    best = plain.argmax(axis=1)
    partner = np.array([mutual.get(i, int(best[i])) for i in range(n)])
    rows = np.arange(n)
    strength = plain[rows, partner]
    top2 = np.sort(plain, axis=1)[:, -2:] if m > 1 else np.concatenate([plain, plain], axis=1)
    other_lower = {w.lower() for w in other_words}
    lexical = np.array(
        [
            (
                float(word.lower() in other_lower),
                float(word[:1].isupper() and i > 0),
                float(any(ch.isdigit() for ch in word)),
                zipf(word.lower(), lang) / 8.0,
                0.0, 0.0, 0.0,  # knowledge: filled by knowledge_columns
                float(len(word) <= 3),
            )
            for i, word in enumerate(own_words)
        ],
        dtype=np.float32,
    ).reshape(n, 8)
    position = rows / n
    numbers = np.column_stack([
        strength,
        centred[rows, partner],
        [float(i in mutual) for i in range(n)],
        top2[:, 1] - top2[:, 0],
        np.concatenate([[1.0], strength[:-1]]),  # the neighbours' link strengths
        np.concatenate([strength[1:], [1.0]]),
        np.abs(position - partner / m),
        position,
        lexical,
        np.full(n, similarity),
        np.full(n, np.log1p(n) / 4),
        np.full(n, np.log1p(m) / 4),
        np.full(n, np.log((m + 1) / (n + 1))),
    ])
    assert numbers.shape[1] == N_NUMBERS
    return np.concatenate([u, v[partner], u * v[partner], numbers], axis=1).astype(np.float32), partner


# Where the knowledge columns sit in a row: after the three vectors, numbers 12–14.
KNOWLEDGE = slice(3 * 384 + 12, 3 * 384 + 15)


@dataclass
class SegmentText:
    """What the knowledge columns are computed from: the words of both sides and each word's partner."""

    source_words: list[str]
    target_words: list[str]
    source_partner: np.ndarray
    target_partner: np.ndarray


def knowledge_columns(text: SegmentText, dictionary) -> tuple[np.ndarray, np.ndarray]:
    """Per target word: does its partner have a dictionary entry, does the entry give this word, does any
    source word's entry list it; per source word: entry, does it give its partner, does it give any target
    word. Kept apart from the encoder's features so that a new dictionary needs no new encoder pass."""
    s_words, t_words = text.source_words, text.target_words
    t_cols = np.zeros((len(t_words), 3), dtype=np.float32)
    s_cols = np.zeros((len(s_words), 3), dtype=np.float32)
    if not len(dictionary):
        return t_cols, s_cols
    # Every listed translation word of the segment's source words, lower-cased: "is this target word one of
    # them at all", whichever source word it came from. covers() with inflections decides for the partner.
    listed: set[str] = set()
    for w in s_words:
        listed |= dictionary.translation_words(w)
    t_lower = [w.lower() for w in t_words]
    has_entry = [bool(dictionary.translations(w)) for w in s_words]
    for j, i in enumerate(text.target_partner):
        covered = has_entry[i] and dictionary.covers_word(s_words[i], t_words[j])
        word = t_lower[j]
        t_cols[j] = (has_entry[i], covered, covered or word in listed or word.rstrip("s") in listed)
    for i, j in enumerate(text.source_partner):
        if has_entry[i]:
            partner = dictionary.covers_word(s_words[i], t_words[j])
            # the partner is among the target words: no need to look further when it is covered
            s_cols[i] = (1.0, partner, partner or dictionary.covers(s_words[i], t_lower))
    return t_cols, s_cols


def encoder_features(
    words: SegmentWords, source: tuple[str, str], target: tuple[str, str], similarity: float
) -> tuple[np.ndarray, np.ndarray, SegmentText]:
    """(target rows, source rows, words and partners) for one aligned segment, the knowledge columns at zero;
    `source` and `target` are (text, lang)."""
    (source_text, source_lang), (target_text, target_lang) = source, target
    s_words = [source_text[a:b] for a, b in words.source]
    t_words = [target_text[a:b] for a, b in words.target]
    t_to_s = {j: i for i, j, _ in words.links}
    s_to_t = {i: j for i, j, _ in words.links}
    t_rows, t_partner = _side_features(words.target_vectors, words.source_vectors, t_words, s_words, t_to_s,
                                       target_lang, similarity)
    s_rows, s_partner = _side_features(words.source_vectors, words.target_vectors, s_words, t_words, s_to_t,
                                       source_lang, similarity)
    return t_rows, s_rows, SegmentText(s_words, t_words, s_partner, t_partner)


def segment_features(
    words: SegmentWords, source: tuple[str, str], target: tuple[str, str], dictionary, similarity: float
) -> tuple[np.ndarray, np.ndarray]:
    """(target rows, source rows) of features for one aligned segment; `source` and `target` are (text, lang)."""
    t_rows, s_rows, text = encoder_features(words, source, target, similarity)
    t_rows[:, KNOWLEDGE], s_rows[:, KNOWLEDGE] = knowledge_columns(text, dictionary)
    return t_rows, s_rows
