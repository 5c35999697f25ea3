"""CT101: a source word rendered by its false friend or a word-for-word calque (sommet → "top")."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..lexicons.false_friends import FalseFriend as Entry
from ..lexicons.false_friends import FalseFriends, at_sentence_start, finditer, normalise
from ..model import DocumentPair, Finding, FixAvailability, FixSafety, Segment, Severity
from .base import Check, Context, Example

Span = tuple[int, int]


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _centre(span: Span, length: int) -> float:
    return (span[0] + span[1]) / 2 / max(1, length)


_WORDS = re.compile(r"\w+")
_NAME_GAP = re.compile(r"[\s\u00ad]+")  # spaces or soft hyphens between the words of one name


def _copied_names(source: str, target: str) -> list[Span]:
    """Source spans of names or titles of two or more capitalised words that the target copies word for word
    ("Old Habits Die Hard", "Stage Entertainment"): they are not translated, so none of their words is a false
    friend."""
    target_words = " " + " ".join(_WORDS.findall(target)) + " "
    runs: list[list[re.Match]] = []
    for w in _WORDS.finditer(source):
        if not w.group()[0].isupper():
            continue
        if runs and _NAME_GAP.fullmatch(source[runs[-1][-1].end() : w.start()]):
            runs[-1].append(w)
        else:
            runs.append([w])
    return [(run[0].start(), run[-1].end()) for run in runs
            if len(run) >= 2 and f" {' '.join(w.group() for w in run)} " in target_words]


def _match_case(model: str, text: str) -> str:
    if len(model) > 1 and model.isupper():
        return text.upper()
    if model[:1].isupper():
        return text[:1].upper() + text[1:]
    return text


class FalseFriend(Check):
    """A word rendered by its false friend, in a sense it does not have here, or calqued word for word.

    What it does
        Looks up every source word or phrase of the pair's false-friends lexicon (sommet, qualifier,
        effectivement, y compris, se fâcher avec, ce jeudi …) and, in the aligned target segment, the
        renderings that are wrong in that sense. Antipatterns keep the literal rendering where it is right
        ("au sommet de la colline" is "the top of the hill"). Word links, when the aligner made them,
        tell which occurrence belongs to the source word.

    Why is this bad?
        A false friend reads fluently and so survives a quick proofread, yet it changes the meaning:
        a summit of leaders becomes a "top", "effectivement" (indeed) becomes "in fact".

    Example
        Source: « Non, mais ce sommet tombe bien. »
        Target: "No, but this top is good."

    Use instead
        "No, but this summit comes at the right time."

    Fix safety
        For review. The suggestions are the lexicon's right renderings in that sense, inflected like the flagged
        words and ranked by how close each brings the sentence to its source; choosing a sense changes the
        meaning, so an editor confirms it.
    """

    code = "CT101"
    name = "false-friend"
    category = "accuracy/false-friend"
    severity = Severity.MAJOR
    fix = FixAvailability.SOMETIMES

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        lexicon: FalseFriends = ctx.lexicons.false_friends
        if not lexicon:
            return
        findings = []
        for segment in pair.segments:
            findings.extend(self._segment(pair, segment, lexicon))
        yield from sorted(findings, key=Finding.sort_key)

    def _segment(self, pair: DocumentPair, segment: Segment, lexicon: FalseFriends) -> list[Finding]:
        source = pair.source.text[segment.source_start : segment.source_end]
        target = pair.target.text[segment.target_start : segment.target_end]
        matches = lexicon.match_source(source) if source.strip() and target.strip() else []
        if matches:
            copied = _copied_names(source, target)
            matches = [(e, a, b) for e, a, b in matches if not any(c0 <= a and b <= c1 for c0, c1 in copied)]
        if not matches:
            return []
        tnorm, tindex = normalise(target)
        claimed = self._claims(source, tnorm, matches, lexicon)
        used: list[Span] = []
        out = []
        for entry, s, e in matches:
            best = self._pick(entry, (s, e), source, tnorm, tindex, segment, claimed, used)
            if best is None:
                continue
            m, linked = best
            used.append(m.span())
            out.append(self._finding(entry, m, linked, (s, e), source, tindex, segment))
        return out

    @staticmethod
    def _claims(source: str, tnorm: str, matches, lexicon: FalseFriends) -> list[Span]:
        """Target spans that are the right rendering of some source word here, so are not wrong for another."""
        snorm, _ = normalise(source)
        wanted: list[tuple[float, list[Span]]] = []
        for entry, s, e in matches:
            wanted.append((_centre((s, e), len(source)), [m.span() for m in entry.right_pattern.finditer(tnorm)]))
        for claim in lexicon.claims:
            spans = [m.span() for m in claim.target.finditer(tnorm)]
            seen: list[Span] = []
            for m in sorted(finditer(claim.source, snorm), key=lambda m: (m.start(), -m.end())):
                if not any(_overlaps(m.span(), sp) for sp in seen):  # "même si" is one claim, not two
                    seen.append(m.span())
                    wanted.append((_centre(m.span(), len(snorm)), spans))
        claimed: list[Span] = []
        for where, spans in sorted(wanted, key=lambda w: w[0]):
            free = [sp for sp in spans if not any(_overlaps(sp, c) for c in claimed)]
            if free:
                claimed.append(min(free, key=lambda sp: (abs(_centre(sp, len(tnorm)) - where), sp)))
        return claimed

    @staticmethod
    def _pick(entry: Entry, src: Span, source: str, tnorm: str, tindex: list[int], segment: Segment,
              claimed: list[Span], used: list[Span]):
        """The wrong occurrence that belongs to this source match: a linked one, else the nearest."""
        rights = [m.span() for m in entry.right_pattern.finditer(tnorm)]
        anti = [m.span() for m in finditer(entry.target_antipatterns, tnorm)]
        candidates = []
        for m in entry.wrong_pattern.finditer(tnorm):
            span = m.span()
            # a claimed right rendering blocks only a wrong occurrence it covers whole ("in fact" = "in fact"),
            # not one it merely touches (the "in" of "in the frame of")
            if any(t[0] <= span[0] and span[1] <= t[1] for t in claimed) or any(_overlaps(span, u) for u in used):
                continue
            if any(r[0] <= span[0] and span[1] <= r[1] for r in rights):
                continue
            if any(_overlaps(span, a) for a in anti):
                continue
            if entry.target_initial and not at_sentence_start(tnorm, span[0]):
                continue
            candidates.append(m)
        if not candidates:
            return None
        links = segment.links
        if links:
            s0, s1 = segment.source_start + src[0], segment.source_start + src[1]
            linked = [
                m for m in candidates
                if any(
                    link.source_start < s1 and s0 < link.source_end
                    and link.target_start < segment.target_start + tindex[m.end()]
                    and segment.target_start + tindex[m.start()] < link.target_end
                    for link in links
                )
            ]
            if linked:
                return linked[0], True
        where = _centre(src, len(source))
        return min(candidates, key=lambda m: (abs(_centre(m.span(), len(tnorm)) - where), m.start())), False

    def _finding(self, entry: Entry, m, linked: bool, src: Span, source: str, tindex: list[int],
                 segment: Segment) -> Finding:
        text = m.group(0)
        adverb = next((v for k, v in m.groupdict().items() if k.startswith("adv") and v), None)
        key = " ".join(w for w in text.split() if w != adverb) if adverb else text
        suggestions = [_match_case(text, (adverb + " " + s) if adverb else s) for s in entry.suggestions(key)]
        src_word = source[src[0] : src[1]]
        message = entry.note or f"'{src_word}' means '{entry.right[0]}' here, not '{key}'"
        confidence = entry.confidence
        if segment.links is None:
            confidence *= 0.85
        elif linked:
            confidence = min(0.95, confidence + 0.15)
        else:
            confidence *= 0.7
        return self.finding(
            segment,
            (segment.target_start + tindex[m.start()], segment.target_start + tindex[m.end()]),
            (segment.source_start + src[0], segment.source_start + src[1]),
            message,
            suggestions=suggestions,
            severity=Severity.parse(entry.severity),
            category=entry.category,
            fix=FixSafety.REVIEW,
            confidence=confidence,
        )

    def all_examples(self, ctx: Context) -> Iterable[Example]:
        examples = list(self.examples)
        seen: set[str] = set()
        for entry in ctx.lexicons.false_friends.entries:
            if entry.id in seen:
                continue
            seen.add(entry.id)
            for ex in entry.examples:
                examples.append(Example.flagging(ex["source"], ex["target"], ex.get("flagged"), ex.get("correction"),
                                                 ctx.lexicons.source_lang))
        return examples
