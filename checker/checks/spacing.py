"""CT201 spacing: spaces where the target language puts none, or none where it needs one."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import DocumentPair, Finding, FixAvailability, FixSafety, Severity
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
        source has one: only spacing and punctuation change.
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
            "What is the purpose of this summit<marker> ?</marker>",
            correction="?",
        ),
        Example("Quel est l'enjeu de ce sommet ?", "What is the purpose of this summit?"),
        Example("« Nous partirons », a-t-il dit.", "<marker>“ </marker>We will leave”, he said.", correction="“"),
        Example("« Nous partirons », a-t-il dit.", "“We will leave<marker> ”</marker>, he said.", correction="”"),
        Example("Il est parti , puis revenu.", "He left<marker> ,</marker> then came back.", correction=","),
        Example("Il est parti puis revenu.", "He left<marker>  </marker>and came back.", correction=" "),
        Example(
            "¿Cuál es el objetivo de esta cumbre?",
            "What is the purpose of this summit<marker> ?</marker>",
            correction="?", source_lang="es",
        ),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        tgt_typo = ctx.lexicons.target.typography
        src_typo = ctx.lexicons.source.typography
        text = pair.target.text
        found: dict[tuple[int, int], tuple[str, list[str]]] = {}
        closers = "".join(c for _o, c in quote_pairs(tgt_typo))
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
        for (s, e), (message, suggestions) in sorted(found.items()):
            seg = segment_at(pair, s)
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
