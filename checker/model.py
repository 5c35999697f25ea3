"""The one data model the pipeline carries: texts with their segments and alignment, and Findings.

Offsets are Python string indices into the text exactly as it was read and decoded, so that
``text[start:end]`` is always the span a user sees. Nothing here computes; it only holds.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, IntEnum
from typing import Any

import numpy as np


class Severity(IntEnum):
    """Ordered so that a gate can compare: ``finding.severity >= Severity.MAJOR``."""

    MINOR = 1
    MAJOR = 2
    CRITICAL = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name.strip().upper()]

    def __str__(self) -> str:
        return self.name.lower()


class _Word(str, Enum):
    """An enum whose members are their own lowercase word: equal to it, printed and serialised as it."""

    __str__ = str.__str__
    __format__ = str.__format__


class FixAvailability(_Word):
    """Whether a rule can offer a fix: always, for some of its findings, or never (as ruff says of its rules)."""

    ALWAYS = "always"
    SOMETIMES = "sometimes"
    NEVER = "never"


class FixSafety(_Word):
    """Whether a finding's fix may be applied mechanically (an exonym, a number format, a quote) or needs an
    editor's review (a change of meaning). The JSON contract's ``"fix"``."""

    SAFE = "safe"
    REVIEW = "review"


@dataclass(frozen=True)
class Sentence:
    """A sentence of one side: its [start, end) in the text and the paragraph it belongs to."""

    start: int
    end: int
    paragraph: int
    # A piece of an overlong sentence (see checker/segment.py): the [start, end) of the sentence it was cut from.
    cut_from: tuple[int, int] | None = None


@dataclass
class Side:
    """One side of a pair: the decoded text, its language and its sentences, with what the encoder made of them."""

    text: str
    lang: str
    sentences: list[Sentence] = field(default_factory=list)
    embeddings: np.ndarray | None = None  # (n_sentences, dim), L2-normalised
    token_states: list[Any] | None = None  # per sentence: checker.encoder.TokenStates

    def sentence_text(self, i: int) -> str:
        s = self.sentences[i]
        return self.text[s.start : s.end]

    def span(self, indices: tuple[int, ...], at: int = 0) -> tuple[int, int]:
        """[start, end) covering the given sentences; an empty side sits at offset ``at``."""
        if not indices:
            return at, at
        return self.sentences[indices[0]].start, self.sentences[indices[-1]].end


@dataclass
class WordLink:
    """A link between a source word and a target word, offsets into the full texts."""

    source_start: int
    source_end: int
    target_start: int
    target_end: int
    score: float


@dataclass
class Segment:
    """An aligned unit: source sentences paired with target sentences (either side may be empty)."""

    index: int
    source_sentences: tuple[int, ...]
    target_sentences: tuple[int, ...]
    source_start: int
    source_end: int
    target_start: int
    target_end: int
    similarity: float | None = None
    score: float = 100.0
    links: list[WordLink] | None = None
    # Words left without a (confident) link, with their best cosine to any word of the other side: (start, end, best).
    # Kept for the word-level omission and addition checks; not part of the JSON contract.
    unlinked_source: list[tuple[int, int, float]] | None = None
    unlinked_target: list[tuple[int, int, float]] | None = None
    # The word vectors the links came from (checker.align.words.SegmentWords), kept from alignment until the
    # quality model has read them; transient, never reported.
    words: Any = None
    # The quality model's estimates (checker.quality.Estimate): per-word probabilities that an editor would
    # change the word, and the segment's expected edit rate. Not part of the JSON contract.
    quality: Any = None

    @property
    def kind(self) -> str:
        return f"{len(self.source_sentences)}-{len(self.target_sentences)}"

    def to_dict(self, with_links: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "index": self.index,
            "kind": self.kind,
            "source_start": self.source_start,
            "source_end": self.source_end,
            "target_start": self.target_start,
            "target_end": self.target_end,
            "similarity": None if self.similarity is None else round(float(self.similarity), 4),
            "score": round(float(self.score), 1),
        }
        if with_links and self.links is not None:
            d["links"] = [
                [link.source_start, link.source_end, link.target_start, link.target_end, round(link.score, 3)]
                for link in self.links
            ]
        return d


@dataclass
class Finding:
    """One suspected error. ``target_start == target_end`` marks an omission (where the text belongs)."""

    code: str
    check: str
    category: str
    severity: Severity
    segment: int | None
    target_start: int
    target_end: int
    source_start: int | None
    source_end: int | None
    message: str
    suggestions: list[str] = field(default_factory=list)
    fix: FixSafety = FixSafety.REVIEW
    confidence: float = 0.5
    unit: str | None = None  # the id of the unit of a bilingual file (XLIFF, TMX, PO, TSV) the finding sits in

    def __post_init__(self) -> None:
        self.fix = FixSafety(self.fix)  # "safe" or "review" from a caller are accepted; anything else is a ValueError

    def sort_key(self) -> tuple:
        return (self.target_start, self.target_end, -int(self.severity), self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        d = {
            "code": self.code,
            "check": self.check,
            "category": self.category,
            "severity": str(self.severity),
            "segment": self.segment,
            "target_start": self.target_start,
            "target_end": self.target_end,
            "source_start": self.source_start,
            "source_end": self.source_end,
            "message": self.message,
            "suggestions": list(self.suggestions),
            "fix": self.fix.value,
            "confidence": round(float(self.confidence), 3),
        }
        if self.unit is not None:  # only findings read from a bilingual file have one
            d["unit"] = self.unit
        return d


@dataclass
class DocumentPair:
    """A source document and its translation, as they travel through the pipeline."""

    id: str
    source: Side
    target: Side
    segments: list[Segment] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    score: float = 100.0
    reference: str | None = None  # a post-edited or human reference, when one is known
    metrics: dict[str, Any] = field(default_factory=dict)  # reference-based scores (BLEU, chrF, TER)
    # What the reader must know about how the pair was checked (e.g. overlong sentences split); plain sentences.
    # Reported only when there are some, so that the JSON of an ordinary story does not change.
    notes: list[str] = field(default_factory=list)

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=Finding.sort_key)

    def worst_severity(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)
