"""CT003 untranslated-segment: a target sentence is still in the source language."""
from __future__ import annotations

from typing import Iterator

from ..model import DocumentPair, Finding, Severity
from ..read.language import looks_like
from .base import Check, Context, Example, WORD, excerpt


class Untranslated(Check):
    """A target sentence is still in the source language.

    What it does
        Detects the language of each aligned target segment and flags those written in the source language
        (a sentence MT skipped, or a paragraph pasted from the original).

    Why is this bad?
        A French sentence in an English story is published as is by a hurried desk.

    Example
        Source: « Le président a quitté Paris jeudi. »
        Target: "Le président a quitté Paris jeudi."

    Use instead
        Translate it: "The president left Paris on Thursday."
    """

    code = "CT003"
    name = "untranslated-segment"
    category = "accuracy/untranslated"
    severity = Severity.CRITICAL
    fix = "never"
    examples = (
        Example(
            "Le président a quitté Paris jeudi soir. Il se rendra ensuite à Berlin pour rencontrer le chancelier.",
            "The president left Paris on Thursday evening. Il se rendra ensuite à Berlin pour rencontrer le chancelier.",
            flagged="Il se rendra ensuite à Berlin pour rencontrer le chancelier.",
        ),
        Example(
            "Le président a quitté Paris jeudi soir. Il se rendra ensuite à Berlin pour rencontrer le chancelier.",
            "The president left Paris on Thursday evening. He will then travel to Berlin to meet the chancellor.",
        ),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        if pair.source.lang == pair.target.lang:
            return
        for seg in pair.segments:
            if not seg.target_sentences:
                continue
            tgt = pair.target.text[seg.target_start : seg.target_end]
            if len(WORD.findall(tgt)) < 3:
                continue
            # Only two candidates matter here, the source and the target language: a two-way decision by word
            # frequencies is far more reliable on short lines than open-set language identification.
            prob = looks_like(tgt, pair.source.lang, (pair.source.lang, pair.target.lang))
            if prob >= 0.9:
                yield self.finding(
                    seg,
                    (seg.target_start, seg.target_end),
                    None if not seg.source_sentences else (seg.source_start, seg.source_end),
                    f"Still in the source language ({pair.source.lang}): «{excerpt(tgt)}»",
                    confidence=prob,
                )
