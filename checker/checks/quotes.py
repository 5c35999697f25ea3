"""CT200 quotes: quotation marks reversed, unbalanced, mixed or foreign, by the target language's typography data."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import DocumentPair, Finding, FixAvailability, FixSafety, Segment, Severity
from .base import Check, Context, Example

# a space of any width between a mark and a word (CT201 spacing reads it too)
GAP = "[ \u00a0\u202f\u2009]"


def segment_at(pair: DocumentPair, pos: int) -> Segment | None:
    """The segment whose target holds the offset (an empty target counts at its start)."""
    for seg in pair.segments:
        if seg.target_start <= pos < max(seg.target_end, seg.target_start + 1):
            return seg
    return None


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line)
        start += len(line) + 1


def quote_pairs(typo: dict) -> list[tuple[str, str]]:
    """A language's (opening, closing) quotation marks that can be balanced."""
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

    Fix safety
        Safe for a reversed, mixed or foreign mark: the suggestion is the quotation with the target language's
        marks, a mechanical swap. A quotation never closed gets no suggestion and is for review: where it ends
        is not known.
    """

    code = "CT200"
    name = "quotes"
    category = "fluency/punctuation"
    severity = Severity.MINOR
    fix = FixAvailability.SOMETIMES
    examples = (
        Example("C'est « une opportunité » pour la Russie.", "It is <marker>“an opportunity “</marker> for Russia.",
                correction="“an opportunity”"),
        Example("C'est « une opportunité » pour la Russie.", "It is “an opportunity” for Russia."),
        Example("C'est « une opportunité » pour la Russie.", "It is <marker>« an opportunity »</marker> for Russia.",
                correction="“an opportunity”"),
        Example("C'est « une opportunité » pour la Russie.", "It is <marker>“an opportunity\"</marker> for Russia.",
                correction="“an opportunity”"),
        Example("Il a dit « non ».", "He said \"no\"."),
        Example("Es « una oportunidad » para Rusia.", "It is <marker>“an opportunity “</marker> for Russia.",
                correction="“an opportunity”", source_lang="es"),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        tgt_typo = ctx.lexicons.target.typography
        src_typo = ctx.lexicons.source.typography
        pairs = quote_pairs(tgt_typo)
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
        seg = segment_at(pair, span[0])
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
            quoted = rf"{re.escape(o)}{GAP}*([^{re.escape(o + c)}\n]*?){GAP}*{re.escape(c)}"
            for m in re.finditer(quoted, text[start:end]):
                yield self._emit(pair, (start + m.start(), start + m.end()),
                                 f"{o} {c} are the source language's quotation marks",
                                 preferred[0] + m.group(1) + preferred[1])
