"""What the grammar rules on Harper's lints share (CT204 agreement, CT205 verb form, CT206 article): one pass of
Harper over the target document, paragraph by paragraph, shared by every rule through the Context, each lint
placed in its segment. This module is no rule itself (it has no code).

Harper lints the document's paragraphs apart by a blank line: a headline has no full stop, and linted with the
line after it, it ran into that line's sentence ("Xi visits Moscow / They is …" lost its suggestion). Many
paragraphs go in one call (of about HARPER_CHARS), rather than one per paragraph: Harper's parse costs per call.
Each rule takes the lints of the Harper rules it names (`harper_rules`); the union of all rules' names is what
Harper runs, nothing else (its ~900 rules, style and capitalisation included, would cost ~6 ms a sentence and
fire on every other reference).
A lint with no suggestion is dropped: on WMT references those were false alarms ("What I can tell you is that").
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from ..model import DocumentPair, Finding, FixAvailability, FixSafety, Segment, Severity
from .base import Check, Context

if TYPE_CHECKING:  # pragma: no cover
    from ..grammar import GrammarLint


class GrammarCheck(Check):
    """Base of the rules that report Harper's lints; subclasses name the Harper rules they report."""

    category = "fluency/grammar"
    severity = Severity.MINOR
    fix = FixAvailability.ALWAYS
    harper_rules: ClassVar[tuple[str, ...]] = ()
    uses_grammar: ClassVar[bool] = True  # the pipeline starts loading Harper when such a check is selected
    safe: ClassVar[bool] = False  # a lone suggestion of this rule is a mechanical fix (an inflection, a/an)
    confidence: ClassVar[float] = 0.6

    def accept(self, text: str, lint: GrammarLint, suggestions: tuple[str, ...]) -> bool:
        """A rule's own test of one lint (offsets into `text`, the whole target)."""
        return True

    def corrected(self, text: str, lint: GrammarLint, suggestions: tuple[str, ...]) -> tuple[str, ...]:
        """A rule's own suggestions for one lint, in place of Harper's (by default Harper's)."""
        return suggestions

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        text = pair.target.text
        for seg, lint in document_lints(pair, ctx):
            if lint.rule not in self.harper_rules:
                continue
            flagged = text[lint.start : lint.end]
            suggestions = tuple(s for s in lint.suggestions if s.strip() and s != flagged)
            if not suggestions or not self.accept(text, lint, suggestions):
                continue
            suggestions = self.corrected(text, lint, suggestions)
            safe = self.safe and len(suggestions) == 1 and mechanical(flagged, suggestions[0], ctx)
            yield self.finding(
                seg,
                (lint.start, lint.end),
                None,
                f"'{flagged}': {lint.message}",
                suggestions=suggestions,
                fix=FixSafety.SAFE if safe else FixSafety.REVIEW,
                confidence=self.confidence,
            )


def mechanical(flagged: str, correction: str, ctx: Context) -> bool:
    """Whether a correction is a form of the flagged word (the target language's [grammar] data): the same first
    letters, or another word of one closed group ("is" → "are", "me" → "I")."""
    data = ctx.lexicons.target.section("grammar")
    old, new = flagged.strip().lower(), correction.strip().lower()
    if " " in old or " " in new:
        return False
    prefix = int(data.get("inflection_prefix", 3))
    if len(old) >= prefix and len(new) >= prefix and old[:prefix] == new[:prefix]:
        return True
    return any(old in group and new in group for group in data.get("word_groups", []))


def harper_rules() -> frozenset[str]:
    """Every Harper rule some grammar check reports: what Harper is asked to run."""
    found: set[str] = set()
    stack = list(GrammarCheck.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        found.update(cls.harper_rules)
    return frozenset(found)


def document_lints(pair: DocumentPair, ctx: Context) -> list[tuple[Segment, GrammarLint]]:
    """Harper's lints of the target text, offsets into it, each with the segment it starts in; computed once per
    document (every grammar rule shares them). Empty when Harper is not available."""
    if pair.target.lang != "en":  # Harper knows English only
        return []
    return ctx.once("grammar.lints", lambda: _lint(pair))


# Paragraphs go to Harper in calls of about this many characters: a call costs ~20 ms however short, and more
# than linearly with its length (10,000 one-line paragraphs: 1.0 s in one call, 0.28 s in calls of 20,000
# characters, 1.2 s in calls of 5,000; a 1 MB story: 6.1 s, 0.8 s, 4.4 s), with the same lints.
HARPER_CHARS = 20_000


def _lint(pair: DocumentPair) -> list[tuple[Segment, GrammarLint]]:
    from bisect import bisect_right
    from dataclasses import replace

    from .. import grammar

    checker = grammar.get()
    if checker is None:
        return []
    text = pair.target.text
    segments = [s for s in pair.segments if s.target_sentences]
    segment_starts = [s.target_start for s in segments]
    rules = harper_rules()
    out = []
    for paragraphs in _calls(_paragraphs(pair)):
        # Paragraphs apart by a blank line, which Harper reads as a break: offsets map back paragraph by paragraph.
        joined, starts, at = [], [], 0
        for start, end in paragraphs:
            starts.append(at)
            joined.append(text[start:end])
            at += end - start + 2
        for lint in checker.lint("\n\n".join(joined), rules):
            i = bisect_right(starts, lint.start) - 1
            shift = paragraphs[i][0] - starts[i]
            begin, end = lint.start + shift, lint.end + shift
            if end > paragraphs[i][1]:  # across a paragraph break
                continue
            k = bisect_right(segment_starts, begin) - 1
            if k >= 0 and begin < segments[k].target_end:
                out.append((segments[k], replace(lint, start=begin, end=end)))
    return out


def _calls(paragraphs: list[tuple[int, int]], chars: int = HARPER_CHARS) -> list[list[tuple[int, int]]]:
    """The paragraphs in runs of about `chars` characters (a longer paragraph alone), in order."""
    runs: list[list[tuple[int, int]]] = []
    size = 0
    for start, end in paragraphs:
        if not runs or size + end - start > chars:
            runs.append([])
            size = 0
        runs[-1].append((start, end))
        size += end - start + 2
    return runs


def _paragraphs(pair: DocumentPair) -> list[tuple[int, int]]:
    """[start, end) of each paragraph of the target, from its sentences."""
    spans: list[list[int]] = []
    last = None
    for s in pair.target.sentences:
        if spans and s.paragraph == last:
            spans[-1][1] = s.end
        else:
            spans.append([s.start, s.end])
        last = s.paragraph
    return [(a, b) for a, b in spans]
