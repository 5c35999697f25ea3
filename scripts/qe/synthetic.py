"""Synthetic single-word errors in human translations, for the errors post-edits of old SMT rarely show.

WMT newstest2014 references are good translations of their French sources. In each chosen line one linked
content word is damaged the way modern MT fails, and that word is tagged BAD (the rest OK):
- look-alike: the English word is replaced by an English word spelt like its French source word that the
  dictionary does not give for it (a false friend: "déception" → "deception");
- wrong word: replaced by a dictionary translation of another French word of the corpus (a wrong sense or a
  garbled choice that still reads as English);
- name: a capitalised name replaced by another name of the corpus;
- drop: the word is deleted, and its source word is tagged BAD on the source side (an omission).
Some lines stay intact (every word OK), so that the model also sees fluent, faithful copy.

Lines: newstest2014 from line 1,000 on (the gate and news measures read the first 500 as clean references),
never a line that news-mt-errors uses.
"""
from __future__ import annotations

import json
import random
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

from checker.record import Record

FIRST_LINE = 1000
KINDS = ("look-alike", "wrong-word", "name", "drop", "intact")


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _english_by_prefix() -> dict[str, list[str]]:
    from wordfreq import top_n_list

    index: dict[str, list[str]] = {}
    for w in top_n_list("en", 60000):
        if w.isalpha() and len(w) >= 4:
            index.setdefault(w[:3], []).append(w)
    return index


def look_alike(source_word: str, dictionary) -> str | None:
    """The English word spelt most like `source_word` that the dictionary never gives for it."""
    from checker.checks.wordstats import zipf

    folded = _fold(source_word)
    best, best_ratio = None, 0.75
    for w in _english_by_prefix().get(folded[:3], ()):
        if w == folded:
            continue
        # A common English word, not a word of the source language that English lists borrow ("enfant").
        if zipf(w, "en") < 3.0 or zipf(w, "fr") >= zipf(w, "en"):
            continue
        ratio = SequenceMatcher(None, folded, w).ratio()
        if ratio > best_ratio and not dictionary.covers(source_word, [w]):
            best, best_ratio = w, ratio
    return best


def excluded_lines(news_pairs_path, prefix: str = "nt14-") -> set[int]:
    """newstest line numbers (0-based) that news-mt-errors uses (ids nt14-*-N for newstest2014, nt13-… for
    2013; N 1-based)."""
    out = set()
    if news_pairs_path.exists():
        for line in news_pairs_path.read_text(encoding="utf-8").splitlines():
            pid = json.loads(line)["id"]
            if pid.startswith(prefix):
                out.add(int(pid.rsplit("-", 1)[1]) - 1)
    return out


def perturb(checker, sources: list[str], references: list[str], lines: list[int], seed: int = 13):
    """Yield (line, kind, source, damaged target, BAD target spans, BAD source spans) for each line."""
    from checker.align.words import words_of
    from checker.checks.wordstats import FUNCTION_WORD_ZIPF, zipf
    from checker.lexicons import load_lexicons

    dictionary = load_lexicons("fr", "en").dictionary
    rng = random.Random(seed)
    # A pool of English renderings of French content words and of capitalised names, for "wrong word" and "name".
    pool_words: list[str] = []
    pool_names: list[str] = []
    for k in lines[:400]:
        for a, b in words_of(references[k]):
            w = references[k][a:b]
            if w[:1].isupper() and a > 0 and w.isalpha() and zipf(w.lower(), "en") < 4:
                pool_names.append(w)
            elif w.isalpha() and len(w) >= 4 and zipf(w, "en") < FUNCTION_WORD_ZIPF:
                pool_words.append(w)
    pool_words, pool_names = sorted(set(pool_words)), sorted(set(pool_names))
    aligned = checker.aligned(Record(str(k), sources[k], references[k], source_lang="fr", target_lang="en")
                              for k in lines)
    for k, pair in zip(lines, aligned, strict=True):
        if isinstance(pair, Exception):
            continue
        kind = KINDS[rng.randrange(len(KINDS))]
        src, tgt = pair.source.text, pair.target.text
        if kind == "intact":
            yield k, kind, src, tgt, [], []
            continue
        options = []
        for seg in pair.segments:
            for link in seg.links or []:
                s_word, t_word = src[link.source_start : link.source_end], tgt[link.target_start : link.target_end]
                if link.score < 0.5 or not t_word.isalpha() or len(t_word) < 4:
                    continue
                is_name = t_word[:1].isupper() and link.target_start > seg.target_start
                if (kind == "name") != is_name or (not is_name and zipf(t_word.lower(), "en") >= FUNCTION_WORD_ZIPF):
                    continue
                options.append((link, s_word, t_word))
        rng.shuffle(options)
        for link, s_word, t_word in options:
            if kind == "look-alike":
                new = look_alike(s_word, dictionary)
            elif kind == "wrong-word":
                new = rng.choice(pool_words)
                new = None if new.lower() == t_word.lower() or dictionary.covers(s_word, [new]) else new
            elif kind == "name":
                new = rng.choice(pool_names)
                new = None if new == t_word else new
            else:
                new = ""
            if new is None:
                continue
            if new and t_word[:1].isupper():
                new = new[:1].upper() + new[1:]
            a, b = link.target_start, link.target_end
            if kind == "drop":
                damaged = (tgt[:a].rstrip() + " " + tgt[b:].lstrip()).strip()
                yield k, kind, src, damaged, [], [(link.source_start, link.source_end)]
            else:
                yield k, kind, src, tgt[:a] + new + tgt[b:], [(a, a + len(new))], []
            break
