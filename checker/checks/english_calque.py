"""CT211 english-calque: a phrase that is not English whatever the source, copied from a source construction."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..model import DocumentPair, Finding, FixAvailability, FixSafety, Severity
from .base import Check, Context, Example, keep_case, target_matches


@dataclass(frozen=True)
class Calque:
    """One entry of the target language's ``[[calques]]``, compiled."""

    id: str
    pattern: re.Pattern
    use: str
    words: dict
    note: str
    examples: tuple

    def replacement(self, m: re.Match) -> str:
        groups = {k: self.words.get(v.lower(), v) for k, v in m.groupdict().items() if v is not None}
        fixed = self.use.format(**groups)
        return keep_case(m.group(0), fixed)


@lru_cache(maxsize=8)  # once per language pair: a Context lives for one document
def _calques(lexicons) -> tuple[Calque, ...]:
    target = lexicons.target
    return tuple(Calque(entry["id"], re.compile(entry["pattern"], re.IGNORECASE), entry["use"],
                        entry.get("words", {}), entry["note"], tuple(entry.get("examples", ())))
                 for entry in target.data.get("calques", ()))


class EnglishCalque(Check):
    """A phrase that is not English whatever the source ("since ten years", "these last years", "a dozen of people").

    What it does
        Matches the patterns of ``[[calques]]`` in the target language's data file (``en.toml``) in the
        translation: constructions MT copies from French, Spanish or Italian that English never uses. "since" with
        a length of time ("depuis dix ans" → "since ten years": "for ten years"), "these last years" ("recent
        years"), "these two last years" ("the last two years"), "a dozen of people", "a twenty of" ("une
        vingtaine de": "about twenty"), "despite of", "according to me" ("in my view"). Each entry states what
        English uses, and the fix writes it. An entry's pattern leaves out the English uses that look alike
        ("since ten years ago", "the last years of his life", "a dozen of these people"); each carries an
        incorrect and a correct example, which the tests run.

        Entries come from n-grams that WMT 2012–2014 system outputs (42 systems) share and that no human
        reference nor LIG post-edit has (``scripts/mine_calques.py``), each read in its lines and then written as a
        pattern. Measured through the pipeline in ten-line stories: WMT newstest2012–2014 human references (9,006
        lines) 3 findings, all slips of the reference ("despite of", "responsible of"); newstest2014's MT (3,003
        lines each) online-B 1, uedin 2, rbmt1 18, onlineA 10, onlineC 70, rbmt4 46, all real but one doubtful
        fix ("took 24% in the same time": "over the same period"); LIG's 10,881 SMT lines 8 findings, 7 of them
        changed by the post-editor; its post-edits keep 8 ("the last weeks", "responsible of"). "whose a" was
        left out: "around whose a demonstration" needs "around which", not "whose".

    Why is this bad?
        The reader sees at once that the text is a translation, and "since ten years" can be misread as a point
        in time.

    Example
        Source: « Il vit à Paris depuis dix ans. »
        Target: "He has lived in Paris since ten years."

    Use instead
        "He has lived in Paris for ten years."

    Fix safety
        Safe: each entry's replacement says the same in English.
    """

    code = "CT211"
    name = "english-calque"
    category = "fluency/grammar"
    severity = Severity.MINOR
    fix = FixAvailability.ALWAYS
    examples = (
        Example("Il vit à Paris depuis dix ans.", "He has lived in Paris <marker>since ten years</marker>.",
                correction="for ten years"),
        Example("Il vit à Paris depuis 2010.", "He has lived in Paris since 2010."),
        Example("Vive en Madrid desde hace diez años.", "He has lived in Madrid <marker>since ten years</marker>.",
                correction="for ten years", source_lang="es"),  # the English is wrong whatever the source
    )

    def all_examples(self, ctx: Context) -> Iterable[Example]:
        examples = list(self.examples)
        for calque in _calques(ctx.lexicons):
            examples.extend(Example.flagging(ex["source"], ex["target"], ex.get("flagged"), ex.get("correction"))
                            for ex in calque.examples)
        return examples

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        for calque in _calques(ctx.lexicons):
            for seg, m in target_matches(pair, calque.pattern):
                fixed = calque.replacement(m)
                yield self.finding(
                    seg, (m.start(), m.end()), None, f"'{m.group(0)}': {calque.note}; write '{fixed}'",
                    suggestions=[fixed], fix=FixSafety.SAFE, confidence=0.75,
                )
