"""CT200 quotes and CT201 spacing: the target language's typography, as its data describes it."""
from __future__ import annotations

import re
from typing import Iterator

from ..model import DocumentPair, Finding, FixAvailability, FixSafety, Segment, Severity
from .base import Check, Context, Example

GAP = "[ \u00a0\u202f\u2009]"


def _segment_at(pair: DocumentPair, pos: int) -> Segment | None:
    for seg in pair.segments:
        if seg.target_start <= pos < max(seg.target_end, seg.target_start + 1):
            return seg
    return None


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line)
        start += len(line) + 1


def _quote_pairs(typo: dict) -> list[tuple[str, str]]:
    # a closing mark that is also the apostrophe (’) cannot be told apart from it: balance only the others
    return [(o, c) for o, c in typo.get("quotes", []) if c not in ("’", "'")]


class Quotes(Check):
    """Quotation marks are reversed, unbalanced, mixed or foreign to the target language.

    What it does
        Walks each paragraph of the translation with the target language's quotation marks (English “ ”):
        an opening mark where a closing one belongs (“an opportunity “), a closing mark that opens, a quotation
        never closed (unless the next paragraph reopens it, as English does for a quote running over
        paragraphs), a quotation opened curly and closed straight, and the source language's marks (« »)
        left in the translation.

    Why is this bad?
        Quotation marks carry attribution: a reader must see exactly where the quoted words end. MT often
        copies the source's spacing and turns a closing mark round.

    Example
        He called it “an opportunity “ for Russia.

    Use instead
        He called it “an opportunity” for Russia.
    """

    code = "CT200"
    name = "quotes"
    category = "fluency/punctuation"
    severity = Severity.MINOR
    fix = FixAvailability.SOMETIMES
    examples = (
        Example("C'est « une opportunité » pour la Russie.", "It is “an opportunity “ for Russia.",
                flagged="“an opportunity “", correction="“an opportunity”"),
        Example("C'est « une opportunité » pour la Russie.", "It is “an opportunity” for Russia."),
        Example("C'est « une opportunité » pour la Russie.", "It is « an opportunity » for Russia.",
                flagged="« an opportunity »", correction="“an opportunity”"),
        Example("C'est « une opportunité » pour la Russie.", "It is “an opportunity\" for Russia.",
                flagged="“an opportunity\"", correction="“an opportunity”"),
        Example("Il a dit « non ».", "He said \"no\"."),
        Example("Es « una oportunidad » para Rusia.", "It is “an opportunity “ for Russia.",
                flagged="“an opportunity “", correction="“an opportunity”", source_lang="es"),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        tgt_typo = ctx.lexicons.target.typography
        src_typo = ctx.lexicons.source.typography
        pairs = _quote_pairs(tgt_typo)
        if not pairs:
            return
        text = pair.target.text
        paragraphs = list(_paragraphs(text))
        for k, (start, end) in enumerate(paragraphs):
            nxt = text[paragraphs[k + 1][0] : paragraphs[k + 1][1]].lstrip() if k + 1 < len(paragraphs) else ""
            for o, c in pairs:
                yield from self._walk(pair, start, end, o, c, tgt_typo.get("straight_quotes", []), nxt)
            yield from self._foreign(pair, start, end, src_typo, tgt_typo, pairs[0])

    def _emit(self, pair, span, message, suggestion=None, fix=FixSafety.SAFE, confidence=0.8):
        seg = _segment_at(pair, span[0])
        src = None if seg is None else (seg.source_start, seg.source_end)
        return self.finding(seg, span, src, message, suggestions=[suggestion] if suggestion else [], fix=fix,
                            confidence=confidence)

    def _walk(self, pair, start, end, o, c, straight, next_paragraph) -> Iterator[Finding]:
        text = pair.target.text
        is_gap = lambda j: j >= end or text[j].isspace() or (not text[j].isalnum() and text[j] not in (o, "(", "[")) # noqa: E731
        opened: int | None = None
        for i in range(start, end):
            ch = text[i]
            if ch == o:
                closes_here = is_gap(i + 1) and i > start and (opened is not None or not text[i - 1].isspace())
                if opened is not None and closes_here:
                    quoted = text[opened:i].rstrip()
                    yield self._emit(pair, (opened, i + 1), f"Opening mark {o} used to close the quotation; write {c}",
                                     quoted + c)
                    opened = None
                elif opened is not None:
                    yield self._emit(pair, (opened, opened + 1), f"Quotation opened with {o} is never closed",
                                     fix=FixSafety.REVIEW, confidence=0.5)
                    opened = i
                else:
                    opened = i
            elif ch == c:
                if opened is not None:
                    opened = None
                elif (i == start or text[i - 1].isspace()) and i + 1 < end and text[i + 1].isalnum():
                    opened = i  # turned round: a closing mark opening a quotation
                    yield self._emit(pair, (i, i + 1), f"Closing mark {c} used to open the quotation; write {o}", o)
            elif ch in straight and opened is not None and is_gap(i + 1) and not text[i - 1].isspace():
                yield self._emit(pair, (opened, i + 1), f"Quotation opened with {o} and closed with {ch}",
                                 text[opened:i] + c, confidence=0.7)
                opened = None
        if opened is not None and not next_paragraph.startswith(o):
            yield self._emit(pair, (opened, opened + 1), f"Quotation opened with {o} is never closed",
                             fix=FixSafety.REVIEW, confidence=0.5)

    def _foreign(self, pair, start, end, src_typo, tgt_typo, preferred) -> Iterator[Finding]:
        own = {m for q in tgt_typo.get("quotes", []) for m in q}
        text = pair.target.text
        for o, c in src_typo.get("quotes", []):
            if o in own or c in own:
                continue
            for m in re.finditer(rf"{re.escape(o)}{GAP}*([^{re.escape(o + c)}\n]*?){GAP}*{re.escape(c)}", text[start:end]):
                yield self._emit(pair, (start + m.start(), start + m.end()),
                                 f"{o} {c} are the source language's quotation marks",
                                 preferred[0] + m.group(1) + preferred[1])


class Spacing(Check):
    """Spaces where the target language puts none, or none where it needs one.

    What it does
        Flags, from the target language's data: a word glued to a closing quotation mark (”a), a space before
        ; : ! ? where the source language's convention leaked into English, a space before a comma or a
        full stop, and doubled spaces inside a sentence.

    Why is this bad?
        These are the marks of unedited machine output; in print they break lines in the wrong place
        (a lone "?" at the start of a line).

    Example
        It is “an embarrassment for Beijing”a necessary partner . What is the aim ?

    Use instead
        It is “an embarrassment for Beijing”, a necessary partner. What is the aim?
    """

    code = "CT201"
    name = "spacing"
    category = "fluency/punctuation"
    severity = Severity.MINOR
    fix = FixAvailability.ALWAYS
    examples = (
        Example("Un embarras pour « Pékin », un partenaire.", "An embarrassment for “Beijing”a partner.",
                flagged="”a", correction="”, a"),
        Example("Quel est l'enjeu de ce sommet ?", "What is the purpose of this summit ?", flagged=" ?",
                correction="?"),
        Example("Quel est l'enjeu de ce sommet ?", "What is the purpose of this summit?"),
        Example("Il est parti , puis revenu.", "He left , then came back.", flagged=" ,", correction=","),
        Example("Il est parti puis revenu.", "He left  and came back.", flagged="  ", correction=" "),
        Example("¿Cuál es el objetivo de esta cumbre?", "What is the purpose of this summit ?", flagged=" ?",
                correction="?", source_lang="es"),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        tgt_typo = ctx.lexicons.target.typography
        src_typo = ctx.lexicons.source.typography
        text = pair.target.text
        found: dict[tuple[int, int], tuple[str, list[str]]] = {}
        closers = "".join(c for _o, c in _quote_pairs(tgt_typo))
        if closers:
            for m in re.finditer(rf"(?:(?<=\w)|(?<=\w[.,!?]))([{re.escape(closers)}])(\w)", text):
                found[m.span()] = ("No space after the closing quotation mark",
                                   self._after_quote(pair, m.start(), m.group(1), m.group(2), src_typo, tgt_typo))
        tight = "".join(p for p in tgt_typo.get("no_space_before", []) if p in ",.;:!?")
        if tight:
            for m in re.finditer(rf"(?<=[\w\"”’)]){GAP}+([{re.escape(tight)}])(?=\s|$|[\"”’)])", text):
                mark = m.group(1)
                why = ("French spacing before" if mark in src_typo.get("space_before", []) else "Space before")
                found.setdefault(m.span(), (f"{why} '{mark}': no space in {ctx.lexicons.target.lang}", [mark]))
        for m in re.finditer(r"(?<=[^\s.!?:;\"”])( {2,})(?=\S)", text):
            found.setdefault(m.span(), ("Doubled space", [" "]))
        for (s, e), (message, suggestions) in sorted(found.items()):
            seg = _segment_at(pair, s)
            yield self.finding(seg, (s, e), None if seg is None else (seg.source_start, seg.source_end), message,
                               suggestions=suggestions, fix=FixSafety.SAFE, confidence=0.8)

    @staticmethod
    def _after_quote(pair, pos, mark, letter, src_typo, tgt_typo) -> list[str]:
        """Minimal fix first; with a comma after the matching source quotation, the comma fix first."""
        minimal, comma = f"{mark} {letter}", f"{mark}, {letter}"
        seg = _segment_at(pair, pos)
        if seg is None:
            return [minimal, comma]
        tgt = pair.target.text[seg.target_start : pos]
        src = pair.source.text[seg.source_start : seg.source_end]
        k = sum(tgt.count(c) for _o, c in _quote_pairs(tgt_typo))
        src_closes = [m for _o, c in _quote_pairs(src_typo) for m in re.finditer(rf"{re.escape(c)}{GAP}*(,?)", src)]
        src_closes.sort(key=lambda m: m.start())
        if k < len(src_closes) and src_closes[k].group(1):
            return [comma, minimal]
        return [minimal, comma]
