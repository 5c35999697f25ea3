"""Training examples for the quality model, made by the pipeline itself from LIG's post-edited MT.

For each line: the MT is restored to cased, spaced text (labels.restore), tagged against its post-edit by TER
(labels.ter_tags), and run through the checker's own reading, encoding and alignment (Checker.aligned), so the
features are exactly those the pipeline computes at check time. A target word is BAD when any MT token inside
it was edited. A source word is BAD (its meaning is missing from the MT) when the post-editor had to insert its
translation: it is linked, in a second alignment of the source with the post-edit, to an inserted word.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .labels import Casing, restore, ter_tags, tokenise

FILES = ("src-ref-all.fr", "tgt-mt-all.en", "tgt-pe-all.en")
# A source word counts as aligned to an inserted post-edit word only through a confident link (the aligner's
# own weak-link bound, checker.align.words.WEAK_LINK).
SOURCE_LINK = 0.5


def lig_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for name in FILES:
        h.update((folder / name).read_bytes())
    return h.hexdigest()


def split(n: int) -> tuple[list[int], list[int], list[int]]:
    """(train, dev, test) line numbers: every fifth line is held out for evaluation, one in eight of the rest
    (dev) chooses the epoch, the thresholds and the edit-rate map."""
    test = [k for k in range(n) if k % 5 == 0]
    rest = [k for k in range(n) if k % 5 != 0]
    dev = [k for i, k in enumerate(rest) if i % 8 == 0]
    train = [k for i, k in enumerate(rest) if i % 8 != 0]
    return train, dev, test


def read_lig(folder: Path, limit: int | None = None) -> list[tuple[str, str, str]]:
    columns = [(folder / name).read_text(encoding="utf-8").splitlines() for name in FILES]
    rows = list(zip(*columns))
    return rows[:limit] if limit else rows


@dataclass
class Examples:
    target: list[np.ndarray] = field(default_factory=list)  # feature rows per line
    target_tags: list[np.ndarray] = field(default_factory=list)
    source: list[np.ndarray] = field(default_factory=list)
    source_tags: list[np.ndarray] = field(default_factory=list)
    similarity: list[float] = field(default_factory=list)
    hter: list[float] = field(default_factory=list)
    line: list[int] = field(default_factory=list)
    # Words and partners of each segment: the knowledge columns are computed from them after loading, so a
    # changed dictionary needs no new encoder pass (checker.quality.features.knowledge_columns).
    text: list = field(default_factory=list)

    def refresh_knowledge(self, dictionary) -> None:
        from checker.quality.features import KNOWLEDGE, knowledge_columns

        for t_rows, s_rows, text in zip(self.target, self.source, self.text):
            t_rows[:, KNOWLEDGE], s_rows[:, KNOWLEDGE] = knowledge_columns(text, dictionary)


def overlapping(spans: list[tuple[int, int]], marked: list[tuple[int, int]]) -> np.ndarray:
    return np.array([int(any(a < me and ms < b for ms, me in marked)) for a, b in spans], dtype=np.int8)


@dataclass
class TaggedLine:
    mt: str  # the MT, restored to cased, spaced text
    bad: list[tuple[int, int]]  # spans of its edited tokens
    inserted: list[tuple[int, int]]  # spans of the post-edit's inserted tokens
    hter: float


def tag_lines(rows: list[tuple[str, str, str]], lines: list[int]) -> dict[int, TaggedLine]:
    """The MT of each line restored and tagged against its post-edit."""
    casing = Casing([pe for _, _, pe in rows])
    out = {}
    for k in lines:
        _, mt, pe = rows[k]
        tokens = mt.split()
        text, spans = restore(tokens, casing, k)
        pe_tokens, pe_spans = tokenise(pe)
        t = ter_tags(tokens, pe_tokens)
        out[k] = TaggedLine(text, [s for s, b in zip(spans, t.words) if b],
                            [s for s, b in zip(pe_spans, t.inserted) if b], t.hter)
    return out


def build(checker, rows: list[tuple[str, str, str]], lines: list[int], progress=None) -> Examples:
    """Feature rows and tags for the given line numbers of `rows` (source, MT, post-edit)."""
    from checker.quality.features import encoder_features

    tagged = tag_lines(rows, lines)
    out = Examples()
    # Each line's MT and post-edit side by side in one stream: the source sentence is encoded once for both.
    records = ((f"{k}:{kind}", rows[k][0], text, None, "fr", "en")
               for k in lines for kind, text in (("mt", tagged[k].mt), ("pe", rows[k][2])))
    aligned = checker.aligned(records)
    for n, k in enumerate(lines):
        pair, pe_pair = next(aligned), next(aligned)
        if isinstance(pair, Exception) or isinstance(pe_pair, Exception):
            continue
        line = tagged[k]
        omitted_src = set()
        for seg in pe_pair.segments:
            if seg.words is None:
                continue
            for i, j, score in seg.words.links:
                a, b = seg.words.target[j]
                if score >= SOURCE_LINK and any(a < me and ms < b for ms, me in line.inserted):
                    omitted_src.add(seg.words.source[i])
        for seg in pair.segments:
            words = seg.words
            if words is None or not words.source or not words.target:
                continue
            t_rows, s_rows, text = encoder_features(words, (pair.source.text, "fr"), (pair.target.text, "en"),
                                                    float(seg.similarity or 0.0))
            out.text.append(text)
            out.target.append(t_rows)
            out.target_tags.append(overlapping(words.target, line.bad))
            out.source.append(s_rows)
            out.source_tags.append(np.array([int(w in omitted_src) for w in words.source], dtype=np.int8))
            out.similarity.append(float(seg.similarity or 0.0))
            out.hter.append(line.hter)
            out.line.append(k)
        if progress and n % 500 == 0:
            progress(n)
    return out


def build_synthetic(checker, items) -> Examples:
    """Examples from synthetic errors (scripts/qe/synthetic.perturb): the damaged word BAD on the target side,
    a dropped word's source BAD on the source side, everything else OK."""
    from checker.quality.features import encoder_features

    items = list(items)
    out = Examples()
    pairs = checker.aligned((str(k), src, tgt, None, "fr", "en") for k, _, src, tgt, _, _ in items)
    for (k, kind, _, _, bad_target, bad_source), pair in zip(items, pairs):
        if isinstance(pair, Exception):
            continue
        for seg in pair.segments:
            words = seg.words
            if words is None or not words.source or not words.target:
                continue
            t_rows, s_rows, text = encoder_features(words, (pair.source.text, "fr"), (pair.target.text, "en"),
                                                    float(seg.similarity or 0.0))
            out.text.append(text)
            out.target.append(t_rows)
            out.target_tags.append(overlapping(words.target, bad_target))
            out.source.append(s_rows)
            out.source_tags.append(overlapping(words.source, bad_source))
            out.similarity.append(float(seg.similarity or 0.0))
            out.hter.append(0.0 if kind == "intact" else 1.0 / max(len(words.target), 1))
            out.line.append(k)
    return out
