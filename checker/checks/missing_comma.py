"""CT203 missing-comma: the source has a comma where the target language requires one, and the translation none."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from ..model import DocumentPair, Finding, FixAvailability, FixSafety, Severity
from .base import Check, Context, Example

_SPACE = re.compile(r"[ \u00a0\u202f\u2009]*")


class MissingComma(Check):
    """A comma the target language requires is missing where the source has one.

    What it does
        Looks at the source's commas that follow a word linked to a target word. When the translation puts
        nothing between that word and the next one, it reports the gap where the target language requires a
        comma: after a sentence-opening connective its data lists (`typography.comma.after`: "However", "For
        example"; not before a preposition, "In addition to") and between a quotation's last word and its
        attribution ("humiliating" he said; not before a conjunction, "dubbed "MUSCULAR" and"). Elsewhere a
        comma is often a matter of style (English drops many French commas), so nothing is said. On WMT
        reference lines with one comma dropped, it finds 7 % of the drops (newstest2013, 948 lines) and 3 %
        (newstest2012, 811); on the same lines intact it fires on 1.2 % and 0.2 %, nearly all real missing
        commas of the references ("humiliating" he confided).

    Why is this bad?
        "However the government refused" reads as "in whatever way the government refused"; a quotation run
        into its attribution blurs where the quoted words end.

    Example
        Source: « Cependant, le gouvernement a refusé. »
        Target: "However the government refused."

    Use instead
        "However, the government refused."

    Fix safety
        Safe. The suggestion is the flagged words with the comma added.
    """

    code = "CT203"
    name = "missing-comma"
    category = "fluency/punctuation"
    severity = Severity.MINOR
    fix = FixAvailability.ALWAYS
    examples = (
        Example("Cependant, le gouvernement a refusé de commenter ces informations.",
                "<marker>However</marker> the government refused to comment on the reports.",
                correction="However,"),
        Example("Cependant, le gouvernement a refusé de commenter ces informations.",
                "However, the government refused to comment on the reports."),
        Example("« Je veux surtout guérir, c'est humiliant », a-t-il confié.",
                "\"Above all I want to be cured, it's <marker>humiliating\"</marker> he confided.",
                correction="humiliating,\""),
        Example("« Je veux surtout guérir, c'est humiliant », a-t-il confié.",
                "\"Above all I want to be cured, it's humiliating,\" he confided."),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        data = ctx.lexicons.target.section("typography", "comma")
        openers = {o.lower() for o in data.get("after", [])}
        not_before = {w.lower() for w in data.get("not_before", [])}
        src_quotes = _closing_quotes(ctx.lexicons.source.typography)  # none for a language without data
        quote = f"[{re.escape(src_quotes)}]?" if src_quotes else ""
        comma_after = re.compile(rf"{_SPACE.pattern}({quote}){_SPACE.pattern},")
        tgt_quotes = _closing_quotes(ctx.lexicons.target.typography)
        inside = bool(data.get("inside_quotes", True))
        src, tgt = pair.source.text, pair.target.text
        starts = sorted(s.start for s in pair.target.sentences)
        findings = []
        for seg in pair.segments:
            for link in seg.links or []:
                m = comma_after.match(src, link.source_end, link.source_end + 4)
                if not m:
                    continue
                gap = _SPACE.match(tgt, link.target_end).end()
                if m.group(1):  # the source closes a quotation, then its comma: « … humiliant », a-t-il dit
                    if gap < len(tgt) and tgt[gap] in tgt_quotes and _word_follows(tgt, gap + 1, not_before):
                        word, mark = tgt[link.target_start : link.target_end], tgt[gap]
                        fixed = word + ("," + mark if inside else mark + ",")
                        findings.append(self.finding(
                            seg, (link.target_start, gap + 1), (link.source_start, m.end()),
                            "No comma between the quotation and its attribution", suggestions=[fixed],
                            fix=FixSafety.SAFE, confidence=0.7))
                elif _word_follows(tgt, link.target_end, not_before):
                    k = bisect_right(starts, link.target_start)  # the sentence the word is in
                    sentence = starts[k - 1] if k else 0
                    lead = tgt[sentence : link.target_end].lstrip(" \"“‘«'")
                    if lead.lower() in openers:
                        findings.append(self.finding(
                            seg, (link.target_end - len(lead), link.target_end), (link.source_start, link.source_end),
                            f"'{lead}' opens the sentence: a comma follows it", suggestions=[lead + ","],
                            fix=FixSafety.SAFE, confidence=0.7))
        yield from sorted(findings, key=Finding.sort_key)


def _closing_quotes(typography: dict) -> str:
    return "".join(dict.fromkeys([c for _, c in typography.get("quotes", [])] + typography.get("straight_quotes", [])))


def _word_follows(text: str, pos: int, not_before: set[str]) -> bool:
    """Only spaces, then a word that is none of `not_before`, at pos: no punctuation of any kind in between."""
    at = _SPACE.match(text, pos).end()
    word = re.match(r"\w+", text[at:]) if at > pos else None
    return word is not None and word.group().lower() not in not_before
