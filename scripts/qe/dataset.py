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

from checker.record import Record

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
    rows = list(zip(*columns, strict=False))
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

    def add(self, pair, line: int, bad_target: list[tuple[int, int]], bad_source: list[tuple[int, int]], hter) -> None:
        """Every aligned segment of `pair`: its encoder features, words tagged BAD where they overlap the given
        spans, and `hter(words)`."""
        from checker.align.words import with_vectors
        from checker.quality.features import encoder_features

        segments = [seg for seg in pair.segments if seg.words is not None and seg.words.source and seg.words.target]
        for seg, words in zip(segments, with_vectors(pair, segments), strict=True):
            t_rows, s_rows, text = encoder_features(words, (pair.source.text, "fr"),
                                                    (pair.target.text, "en"), float(seg.similarity or 0.0))
            self.text.append(text)
            self.target.append(t_rows)
            self.target_tags.append(overlapping(words.target, bad_target))
            self.source.append(s_rows)
            self.source_tags.append(overlapping(words.source, bad_source))
            self.similarity.append(float(seg.similarity or 0.0))
            self.hter.append(hter(words))
            self.line.append(line)

    def extend(self, other: Examples) -> None:
        """Add the words of `other` (the per-line columns that training reads)."""
        for side in ("target", "target_tags", "source", "source_tags"):
            getattr(self, side).extend(getattr(other, side))

    def refresh_knowledge(self, dictionary) -> None:
        from checker.quality.features import KNOWLEDGE, knowledge_columns

        for t_rows, s_rows, text in zip(self.target, self.source, self.text, strict=True):
            t_rows[:, KNOWLEDGE], s_rows[:, KNOWLEDGE] = knowledge_columns(text, dictionary)


def overlapping(spans: list[tuple[int, int]], marked: list[tuple[int, int]]) -> np.ndarray:
    return np.array([int(any(a < me and ms < b for ms, me in marked)) for a, b in spans], dtype=np.int8)


@dataclass
class TaggedLine:
    mt: str  # the MT, restored to cased, spaced text
    bad: list[tuple[int, int]]  # spans of its edited tokens
    inserted: list[tuple[int, int]]  # spans of the post-edit's inserted tokens
    hter: float
    tokens: list[tuple[int, int]] = field(default_factory=list)  # spans of every MT token
    gaps: list[int] = field(default_factory=list)  # per gap before token k (and after the last): words inserted


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
        out[k] = TaggedLine(text, [s for s, b in zip(spans, t.words, strict=False) if b],
                            [s for s, b in zip(pe_spans, t.inserted, strict=False) if b], t.hter, spans, t.gaps)
    return out


def build(checker, rows: list[tuple[str, str, str]], lines: list[int], progress=None) -> tuple[Examples, Examples]:
    """Feature rows and tags for the given line numbers of `rows` (source, MT, post-edit): the MT tagged against
    its post-edit, and the post-edit itself with every word OK (what an editor let through: fluent, faithful
    copy that the model must leave alone, in the same sentences as the MT it learns to flag)."""
    tagged = tag_lines(rows, lines)
    out, accepted = Examples(), Examples()
    # Each line's MT and post-edit side by side in one stream: the source sentence is encoded once for both.
    records = (Record(f"{k}:{kind}", rows[k][0], text, source_lang="fr", target_lang="en")
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
        out.add(pair, k, line.bad, sorted(omitted_src), lambda words, line=line: line.hter)
        accepted.add(pe_pair, k, [], [], lambda words: 0.0)
        if progress and n % 500 == 0:
            progress(n)
    return out, accepted


def build_synthetic(checker, items) -> Examples:
    """Examples from synthetic errors (scripts/qe/synthetic.perturb): the damaged word BAD on the target side,
    a dropped word's source BAD on the source side, everything else OK."""
    items = list(items)
    out = Examples()
    pairs = checker.aligned(Record(str(k), src, tgt, source_lang="fr", target_lang="en")
                            for k, _, src, tgt, _, _ in items)
    for (k, kind, _, _, bad_target, bad_source), pair in zip(items, pairs, strict=True):
        if isinstance(pair, Exception):
            continue
        # one edit in the segment's words (none in an intact reference): the damage's edit rate
        out.add(pair, k, bad_target, bad_source,
                lambda words, kind=kind: 0.0 if kind == "intact" else 1.0 / max(len(words.target), 1))
    return out
