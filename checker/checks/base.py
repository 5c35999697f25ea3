"""What every check is: a stable code, a five-part doc, marked examples the tests run, and a ``run`` yielding Findings.

Checks never print, never read files and never know about output formats. They get the aligned
``DocumentPair`` and a ``Context`` holding what was loaded once (lexicons, encoder, options).
"""
from __future__ import annotations

import inspect
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar

from ..model import DocumentPair, Finding, FixAvailability, FixSafety, Segment, Severity

if TYPE_CHECKING:  # pragma: no cover
    from ..lexicons import PairLexicons


MARKER = re.compile(r"<marker>(.*?)</marker>", re.DOTALL)


@dataclass(frozen=True, init=False)
class Example:
    """A source and its translation, marked as LanguageTool marks its examples: the target text the rule must
    flag, exactly, between ``<marker>`` and ``</marker>`` ("this <marker>top</marker> is good"; an empty marker
    is where missing text belongs), and ``correction`` the finding's first suggestion. A target without a marker
    is a correct translation: the rule must flag nothing in it.

    ``marked`` keeps the target as written; ``target`` is the clean text, ``span`` and ``flagged`` the marked part.
    """

    source: str
    marked: str
    correction: str | None = None
    source_lang: str = "fr"

    def __init__(self, source: str, target: str, correction: str | None = None, source_lang: str = "fr") -> None:
        outside = MARKER.sub("", target)
        if len(MARKER.findall(target)) > 1 or "<marker>" in outside or "</marker>" in outside:
            raise ValueError(f"an example marks one span with <marker>…</marker>: {target!r}")
        if correction is not None and not MARKER.search(target):
            raise ValueError(f"a correction needs a <marker> span to correct: {target!r}")
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "marked", target)
        object.__setattr__(self, "correction", correction)
        object.__setattr__(self, "source_lang", source_lang)

    @classmethod
    def flagging(cls, source: str, target: str, flagged: str | None, correction: str | None = None,
                 source_lang: str = "fr") -> Example:
        """An example from data that names the flagged words instead of marking them: their first occurrence is
        marked (ValueError when the target does not contain them)."""
        if flagged is None:
            return cls(source, target, correction, source_lang)
        at = target.index(flagged)
        marked = f"{target[:at]}<marker>{flagged}</marker>{target[at + len(flagged):]}"
        return cls(source, marked, correction, source_lang)

    @property
    def target(self) -> str:
        return MARKER.sub(r"\1", self.marked)

    @property
    def span(self) -> tuple[int, int] | None:
        """[start, end) of the marked text in ``target``; None for a correct example."""
        m = MARKER.search(self.marked)
        return None if m is None else (m.start(), m.start() + len(m.group(1)))

    @property
    def flagged(self) -> str | None:
        """The marked text ("" for an omission), None for a correct example."""
        m = MARKER.search(self.marked)
        return None if m is None else m.group(1)


@dataclass(frozen=True)
class Threshold:
    """A named number a check reads from ``[thresholds]`` in checktrans.toml (``ctx.options`` or the pipeline's
    document statistics). ``default`` None: the check works it out itself (per document, or from the model)."""

    name: str
    default: float | None
    doc: str


@dataclass
class Context:
    """What checks may use, loaded once per run."""

    lexicons: PairLexicons
    encoder: Any = None  # checker.encoder.Encoder, for ranking suggestions
    options: dict[str, Any] = field(default_factory=dict)
    # document-level facts computed once by the pipeline (e.g. the similarity distribution)
    stats: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, compute):
        """`compute()` the first time `key` is asked for in this document, the stored value after: what a
        check's `prefetch` found, its `run` reuses."""
        if key not in self.stats:
            self.stats[key] = compute()
        return self.stats[key]


class Check:
    """Base class. Subclasses set the class attributes and implement ``run``.

    ``fix`` says whether a fix is always, sometimes or never available (a FixAvailability); each Finding then
    says whether its own fix is safe (mechanical) or for review (a change of meaning): a FixSafety.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[str]
    severity: ClassVar[Severity] = Severity.MAJOR
    fix: ClassVar[FixAvailability] = FixAvailability.SOMETIMES
    examples: ClassVar[tuple[Example, ...]] = ()
    # The [thresholds] names this check reads; a name no check declares is a usage error in a config.
    thresholds: ClassVar[tuple[Threshold, ...]] = ()
    # False: the rule runs only when a --select or --extend-select pattern names it (its code or a prefix), as a
    # rule whose measured precision is below what a newsroom gate can take.
    default: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not isinstance(cls.fix, FixAvailability):  # a typo or a bare string must fail at import, not in a report
            raise TypeError(f"{cls.__name__}.fix must be a FixAvailability, not {cls.fix!r}")

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.doc().splitlines()[0] if cls.doc() else cls.name

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        raise NotImplementedError

    def prefetch(self, pair: DocumentPair, ctx: Context) -> list[str]:
        """Texts `run` will ask `ctx.encoder` to embed: the pipeline encodes those of a whole chunk of
        documents in one call, which is much faster than one small call per document."""
        return []

    def all_examples(self, ctx: Context) -> Iterable[Example]:
        """The examples in the class plus any a check draws from its data (lexicon entries)."""
        return self.examples

    def finding(
        self,
        segment: Segment | None,
        target: tuple[int, int],
        source: tuple[int, int] | None,
        message: str,
        *,
        suggestions: Iterable[str] = (),
        severity: Severity | None = None,
        category: str | None = None,
        fix: FixSafety = FixSafety.REVIEW,
        confidence: float = 0.5,
    ) -> Finding:
        return Finding(
            code=self.code,
            check=self.name,
            category=category or self.category,
            severity=severity or self.severity,
            segment=None if segment is None else segment.index,
            target_start=target[0],
            target_end=target[1],
            source_start=None if source is None else source[0],
            source_end=None if source is None else source[1],
            message=message,
            suggestions=list(dict.fromkeys(s for s in suggestions if s)),
            fix=fix,
            confidence=max(0.0, min(1.0, confidence)),
        )


WORD = re.compile(r"\w+", re.UNICODE)


def target_matches(pair: DocumentPair, pattern: re.Pattern) -> Iterator[tuple[Segment, re.Match]]:
    """Every match of `pattern` in the translation, with its segment (segments without English skipped): what
    the rules that read the English alone go through."""
    for seg in pair.segments:
        if seg.target_sentences:
            for m in pattern.finditer(pair.target.text, seg.target_start, seg.target_end):
                yield seg, m


def keep_case(model: str, text: str) -> str:
    """`text` with an initial capital when `model` has one: a fix for words that open a sentence opens it too."""
    return text[:1].upper() + text[1:] if model[:1].isupper() else text


def excerpt(text: str, limit: int = 60) -> str:
    """A one-line excerpt for messages."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def text_before(text: str, pos: int, strip: str | None = None, keep: int = 80) -> str:
    """The last `keep` characters of ``text[:pos].rstrip(strip)``, and "" when that is empty. Checks ask what
    comes just before a word (a full stop, an opening quote, a title); copying the whole prefix instead made
    them quadratic in the length of a story."""
    i = pos
    while i > 0 and (text[i - 1].isspace() if strip is None else text[i - 1] in strip):
        i -= 1
    return text[max(0, i - keep) : i]


@lru_cache(maxsize=4096)
def whole_word(word: str, inside: str = r"\w", suffix: str = "") -> re.Pattern:
    """`word` (taken literally, optionally followed by the regex `suffix`) not touching a character of class
    `inside` on either side, compiled once. Checks test hundreds of titles, nouns and names per window; built
    afresh each time they overflowed the `re` module's cache of 512 and were compiled again and again (1,900
    compilations on 400 newstest2014 pairs, 4 % of the run)."""
    return re.compile(rf"(?<![{inside}]){re.escape(word)}{suffix}(?![{inside}])")


def contains_word(text: str, word: str) -> bool:
    """Whether `word` occurs in `text` touching no word character (letter, digit, "_") on either side: what
    `whole_word(word).search(text)` answers, without compiling a pattern. Names differ from sentence to
    sentence, so their patterns were compiled once each and seldom used again (630 compilations on 600
    newstest2014 pairs)."""
    size = len(word)
    i = text.find(word) if size else -1
    while i >= 0:
        before, after = text[i - 1 : i], text[i + size : i + size + 1]
        if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
            return True
        i = text.find(word, i + 1)
    return False


class SpanSet:
    """Spans that others are tested against for overlap, in logarithmic time: a check that asks, for each of
    its candidates, whether any finding of the story already covers it must not scan them all each time."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        self._spans = sorted(spans)
        self._starts = [a for a, _ in self._spans]
        self._reach: list[int] = []  # the furthest end among the spans up to each, in start order
        for _, b in self._spans:
            self._reach.append(max(b, self._reach[-1]) if self._reach else b)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span [a, b) of the set has a < end and start < b."""
        i = bisect_left(self._starts, end)
        return i > 0 and self._reach[i - 1] > start
