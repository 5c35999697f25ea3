"""CT300 glossary: a house glossary term not translated as the glossary requires."""
from __future__ import annotations

from collections.abc import Iterator

from ..model import DocumentPair, Finding, FixAvailability, Segment, Severity
from .base import Check, Context, Example


def glossary_for(ctx: Context, pair: DocumentPair):
    """The run's house glossary when it has terms for this language pair, else None (CT301 reads it too)."""
    glossary = ctx.options.get("glossary")
    if glossary is None or not getattr(glossary, "terms", None):
        return None
    return glossary if glossary.applies_to(pair.source.lang, pair.target.lang) else None


def _linked_target(seg: Segment, lo: int, hi: int) -> tuple[int, int] | None:
    """The target span linked to source words inside [lo, hi), when word links exist."""
    spans = [(link.target_start, link.target_end) for link in seg.links or ()
             if lo <= link.source_start and link.source_end <= hi]
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


class Glossary(Check):
    """A house glossary term is not translated as the glossary requires.

    What it does
        For each glossary entry whose source term occurs in a segment, checks that one of the required target
        terms occurs in the aligned target segment, and that no forbidden target term does. Words match whole,
        case-insensitively, with inflected endings ("sommets" matches "sommet", "summits" satisfies "summit").
        Without a glossary (`--glossary` or `glossary` in checktrans.toml) the check does nothing.

    Why is this bad?
        A desk fixes its terms once (titles, institutions, recurring stories) so that every story reads the
        same; MT knows nothing of those choices and renders a term however its training data did.

    Example
        With the glossary row `sommet,summit,top,a meeting of leaders`:
        Source: « Non, mais ce sommet tombe bien. »
        Target: "No, but this top is good."

    Use instead
        "No, but this summit comes at the right time."

    Fix safety
        For review. The suggestions are the glossary's required terms; the words around them may need rewording.
    """

    code = "CT300"
    name = "glossary"
    category = "terminology/glossary"
    severity = Severity.MAJOR
    fix = FixAvailability.SOMETIMES
    # These examples assume the glossary of tests/data/glossary.csv (sommet → summit, not top; ...).
    examples = (
        Example("Non, mais ce sommet tombe bien.", "No, but this <marker>top</marker> is good.", correction="summit"),
        Example(
            "Le ministre de l'Intérieur a démenti.",
            "The <marker>Minister of the Interior</marker> denied it.",
            correction="Interior Minister",
        ),
        Example("Les deux sommets ont eu lieu à Samarcande.", "Both summits took place in Samarkand."),
        Example("Le ministre de l'Intérieur a démenti.", "The interior minister denied it."),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        glossary = glossary_for(ctx, pair)
        if glossary is None:
            return
        src, tgt = pair.source.text, pair.target.text
        for seg in pair.segments:
            if not seg.source_sentences or not seg.target_sentences:
                continue
            source = src[seg.source_start : seg.source_end]
            target = tgt[seg.target_start : seg.target_end]
            for term in glossary.terms:
                m = term.pattern.search(source)
                if m is None:
                    continue
                source_span = (seg.source_start + m.start(), seg.source_start + m.end())
                note = f" ({term.note})" if term.note else ""
                bad = [(seg.target_start + b.start(), seg.target_start + b.end())
                       for p in term.forbidden_patterns for b in p.finditer(target)]
                for span in sorted(set(bad)):
                    yield self.finding(
                        seg, span, source_span,
                        f"the house glossary forbids '{tgt[span[0]:span[1]]}' for '{m.group()}'"
                        + (f"; use '{term.required[0]}'" if term.required else "") + note,
                        suggestions=term.required, confidence=0.9,
                    )
                if bad or not term.required or any(p.search(target) for p in term.required_patterns):
                    continue
                span = _linked_target(seg, *source_span) or (seg.target_start, seg.target_end)
                yield self.finding(
                    seg, span, source_span,
                    f"the house glossary renders '{m.group()}' as '{' or '.join(term.required)}'{note}",
                    suggestions=term.required, confidence=0.8 if seg.links else 0.6,
                )
