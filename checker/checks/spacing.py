"""CT201 spacing: spaces where the target language puts none, or none where it needs one."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import DocumentPair, Finding, FixAvailability, FixSafety, Segment, Severity
from .base import Check, Context, Example
from .quotes import GAP, quote_pairs, segment_at


class Spacing(Check):
    """Spaces where the target language puts none, or none where it needs one.

    What it does
        Flags, from the target language's data: a word glued to a closing quotation mark (”a), a space before
        ; : ! ? or inside quotation marks (“ We ”) where the source language's convention leaked into English,
        a space before a comma or a full stop, and doubled spaces inside a sentence.

    Why is this bad?
        These are the marks of unedited machine output; in print they break lines in the wrong place
        (a lone "?" at the start of a line).

    Example
        It is “an embarrassment for Beijing”a necessary partner . What is the aim ?

    Use instead
        It is “an embarrassment for Beijing”, a necessary partner. What is the aim?

    Fix safety
        Safe. The suggestion removes or adds a space, or adds a comma after a closing quotation mark where the
        source has one: only spacing and punctuation change. The finding spans the words the space touches
        ("summit ?" → "summit?": a lone mark or space would be invisible in a report), and edits on one word
        are one finding.
    """

    code = "CT201"
    name = "spacing"
    category = "fluency/punctuation"
    severity = Severity.MINOR
    fix = FixAvailability.ALWAYS
    examples = (
        Example(
            "Un embarras pour « Pékin », un partenaire.",
            "An embarrassment for “Beijing<marker>”a</marker> partner.",
            correction="”, a",
        ),
        Example(
            "Quel est l'enjeu de ce sommet ?",
            "What is the purpose of this <marker>summit ?</marker>",
            correction="summit?",
        ),
        Example("Quel est l'enjeu de ce sommet ?", "What is the purpose of this summit?"),
        Example("« Nous partirons », a-t-il dit.", "<marker>“ We</marker> will leave”, he said.", correction="“We"),
        Example("« Nous partirons », a-t-il dit.", "“We will <marker>leave ”,</marker> he said.",
                correction="leave”,"),
        # both marks of a one-word quotation: one finding, so that `fix` makes both edits
        Example("Il faut « briller ».", "We must <marker>“ shine. ”</marker>", correction="“shine.”"),
        Example("Il est parti , puis revenu.", "He <marker>left ,</marker> then came back.", correction="left,"),
        Example("Il est parti puis revenu.", "He <marker>left  and</marker> came back.", correction="left and"),
        Example(
            "¿Cuál es el objetivo de esta cumbre?",
            "What is the purpose of this <marker>summit ?</marker>",
            correction="summit?", source_lang="es",
        ),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        tgt_typo = ctx.lexicons.target.typography
        src_typo = ctx.lexicons.source.typography
        text = pair.target.text
        found: dict[tuple[int, int], tuple[str, list[str]]] = {}
        glued: set[tuple[int, int]] = set()  # a word glued to a closing mark: its span shows the word already
        closers = "".join(c for _o, c in quote_pairs(tgt_typo))
        if closers:
            for m in re.finditer(rf"(?:(?<=\w)|(?<=\w[.,!?]))([{re.escape(closers)}])(\w)", text):
                found[m.span()] = ("No space after the closing quotation mark",
                                   self._after_quote(pair, m.start(), m.group(1), m.group(2), src_typo, tgt_typo))
                glued.add(m.span())
        tight = "".join(p for p in tgt_typo.get("no_space_before", []) if p in ",.;:!?")
        if tight:
            for m in re.finditer(rf"(?<=[\w\"”’)]){GAP}+([{re.escape(tight)}])(?=\s|$|[\"”’)])", text):
                mark = m.group(1)
                why = ("French spacing before" if mark in src_typo.get("space_before", []) else "Space before")
                found.setdefault(m.span(), (f"{why} '{mark}': no space in {ctx.lexicons.target.lang}", [mark]))
        if not tgt_typo.get("space_inside_quotes", True):
            why = ("French spacing inside quotation marks" if src_typo.get("space_inside_quotes")
                   else "Space inside quotation marks")
            for opening, closing in quote_pairs(tgt_typo):
                # Only where the marks pair up: a quotation opened earlier in the segment and not closed makes
                # this opening mark a reversed closing one ("an opportunity “ for": CT200's), and a closing
                # mark with nothing open a reversed opening one.
                def is_open(pos: int, opening=opening, closing=closing) -> bool:
                    seg = segment_at(pair, pos)
                    start = 0 if seg is None else seg.target_start
                    return text.count(opening, start, pos) > text.count(closing, start, pos)

                for m in re.finditer(rf"{re.escape(opening)}{GAP}+(?=\w)", text):
                    if not is_open(m.start()):
                        found.setdefault(m.span(), (f"{why}: no space after '{opening}' in "
                                                    f"{ctx.lexicons.target.lang}", [opening]))
                for m in re.finditer(rf"(?<=[\w.,;:!?…]){GAP}+{re.escape(closing)}(?!\w)", text):
                    if is_open(m.start()):
                        found.setdefault(m.span(), (f"{why}: no space before '{closing}' in "
                                                    f"{ctx.lexicons.target.lang}", [closing]))
        for m in re.finditer(r"(?<=[^\s.!?:;\"”])( {2,})(?=\S)", text):
            found.setdefault(m.span(), ("Doubled space", [" "]))
        for seg, (s, e), message, suggestions in _legible(text, pair, found, glued):
            yield self.finding(seg, (s, e), None if seg is None else (seg.source_start, seg.source_end), message,
                               suggestions=suggestions, fix=FixSafety.SAFE, confidence=0.8)

    @staticmethod
    def _after_quote(pair, pos, mark, letter, src_typo, tgt_typo) -> list[str]:
        """Minimal fix first; with a comma after the matching source quotation, the comma fix first."""
        minimal, comma = f"{mark} {letter}", f"{mark}, {letter}"
        seg = segment_at(pair, pos)
        if seg is None:
            return [minimal, comma]
        tgt = pair.target.text[seg.target_start : pos]
        src = pair.source.text[seg.source_start : seg.source_end]
        k = sum(tgt.count(c) for _o, c in quote_pairs(tgt_typo))
        src_closes = [m for _o, c in quote_pairs(src_typo) for m in re.finditer(rf"{re.escape(c)}{GAP}*(,?)", src)]
        src_closes.sort(key=lambda m: m.start())
        if k < len(src_closes) and src_closes[k].group(1):
            return [comma, minimal]
        return [minimal, comma]


# A space or a mark alone is invisible in a report ("“" for "“ "): the span takes in the word it touches, up to this
# many characters a side ("“ We" → "“We", "summit ?" → "summit?").
_WORD_REACH = 30


def _widened(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """[start, end) grown over the non-space characters on each side, inside [lo, hi); a side longer than
    _WORD_REACH (a URL) is left as it was."""
    a = start
    while a > lo and start - a <= _WORD_REACH and not text[a - 1].isspace():
        a -= 1
    b = end
    while b < hi and b - end <= _WORD_REACH and not text[b].isspace():
        b += 1
    return (start if start - a > _WORD_REACH else a), (end if b - end > _WORD_REACH else b)


def _legible(text: str, pair: DocumentPair, found: dict[tuple[int, int], tuple[str, list[str]]],
             glued: set[tuple[int, int]]) -> Iterator[tuple[Segment | None, tuple[int, int], str, list[str]]]:
    """The edits as findings an editor can read, each with its segment: each over the words it touches, and edits
    whose words overlap ("“ shine. ”") as one finding whose suggestions make them all, so that `fix` never has to
    choose."""
    groups: list[tuple[Segment | None, int, int, list[tuple[int, int]]]] = []
    for s, e in sorted(found, key=lambda span: (span[0], -span[1])):  # of two edits at one place, the longer
        if groups and s < groups[-1][3][-1][1]:
            continue  # inside the edit before ("summit  ?": the doubled space within the space before "?")
        seg = segment_at(pair, s)
        lo, hi = (0, len(text)) if seg is None else (seg.target_start, seg.target_end)
        a, b = (s, e) if (s, e) in glued else _widened(text, s, e, lo, hi)
        if groups and a < groups[-1][2]:
            first_seg, first, last, edits = groups[-1]
            groups[-1] = (first_seg, min(first, a), max(last, b), [*edits, (s, e)])
        else:
            groups.append((seg, a, b, [(s, e)]))
    for seg, a, b, edits in groups:
        messages = list(dict.fromkeys(found[edit][0] for edit in edits))
        options = []
        for first in found[edits[0]][1]:  # the first edit's alternatives, each with the others' best
            piece, at = [], a
            for k, (s, e) in enumerate(edits):
                piece += [text[at:s], first if k == 0 else found[(s, e)][1][0]]
                at = e
            options.append("".join(piece) + text[at:b])
        yield seg, (a, b), "; ".join(messages), list(dict.fromkeys(options))
