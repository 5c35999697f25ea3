"""CT003 untranslated-segment: a target sentence is still in the source language."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import DocumentPair, Finding, FixAvailability, Severity
from ..read.language import looks_like
from .base import WORD, Check, Context, Example, excerpt

# A word with its hyphenated or elided parts: a place name such as "Pont-de-Buis" or "Val-d'Oise" is one.
_WORD_OR_COMPOUND = re.compile(r"[^\W\d_]\w*(?:[-'’][^\W\d_]\w*)*")
_NAME = "\x00"  # stands for a blanked word of a name while the words between are found
_INSIDE_NAME = re.compile(r"(?<=\x00)(?:[\s'’]+[^\W\d_]{1,3})+[\s'’]+(?=\x00)")


def _without_copied_names(target: str, source_words: set[str]) -> str:
    """The target with the capitalised words it shares with the source blanked out. A name kept as it is says
    nothing about the language a sentence is written in, yet its parts are source-language words: the English
    headline "Pont-de-Buis Portico Dismantled" read as French (0.98) on "pont" and "de" alone. A headline in
    title case capitalises what the source writes in lower case ('Parti de la Banlieue'), so case is ignored."""
    blanked = _WORD_OR_COMPOUND.sub(
        lambda m: _NAME if m.group()[:1].isupper() and m.group().lower() in source_words else m.group(), target)
    # The short words between two words of one name belong to it: "Mouvement de la Ruralité et des Villages".
    return _INSIDE_NAME.sub(" ", blanked).replace(_NAME, " ")


class UntranslatedSegment(Check):
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

    Fix safety
        No fix is offered: the sentence has to be translated.
    """

    code = "CT003"
    name = "untranslated-segment"
    category = "accuracy/untranslated"
    severity = Severity.CRITICAL
    fix = FixAvailability.NEVER
    examples = (
        Example(
            "Le président a quitté Paris jeudi soir. Il se rendra ensuite à Berlin pour rencontrer le "
            "chancelier.",
            "The president left Paris on Thursday evening. <marker>Il se rendra ensuite à Berlin pour "
            "rencontrer le chancelier.</marker>",
        ),
        Example(
            "Le président a quitté Paris jeudi soir. Il se rendra ensuite à Berlin pour rencontrer le chancelier.",
            "The president left Paris on Thursday evening. He will then travel to Berlin to meet the chancellor.",
        ),
        Example(  # a place name kept as it is, in an English headline
            "La gare de Château-du-Loir fermée\n\nLa SNCF a fermé la gare jeudi.",
            "Château-du-Loir Station Closed\n\nThe SNCF closed the station on Thursday.",
        ),
        Example(  # a French name in a title-case headline
            "Un maire lance le Mouvement de la ruralité et des villages\n\nIl veut défendre les campagnes.",
            "Mayor Launches \"Mouvement de la Ruralité et des Villages\"\n\nHe wants to defend the countryside.",
        ),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        if pair.source.lang == pair.target.lang:
            return
        source_words = {w.lower() for w in _WORD_OR_COMPOUND.findall(pair.source.text)}
        for seg in pair.segments:
            if not seg.target_sentences:
                continue
            tgt = pair.target.text[seg.target_start : seg.target_end]
            if len(WORD.findall(tgt)) < 3:
                continue
            evidence = _without_copied_names(tgt, source_words)
            # Only two candidates matter here, the source and the target language: a two-way decision by word
            # frequencies is far more reliable on short lines than open-set language identification.
            prob = looks_like(evidence, pair.source.lang, (pair.source.lang, pair.target.lang))
            if prob >= 0.9:
                yield self.finding(
                    seg,
                    (seg.target_start, seg.target_end),
                    None if not seg.source_sentences else (seg.source_start, seg.source_end),
                    f"Still in the source language ({pair.source.lang}): «{excerpt(tgt)}»",
                    confidence=prob,
                )
