"""CT114 translated-name: a person's surname translated as a word ("Laurent Blanc" → "Laurent White")."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import DocumentPair, Finding, FixAvailability, Severity
from .base import Check, Context, Example
from .courtesy_title import load_titles
from .wordstats import fold

# A word that may open a name, then the next word ("Laurent Blanc", "Marine Le", "M. Blanc"); the next word is
# matched ahead, so that it may open the next pair ("Coach Laurent", then "Laurent White").
_PAIR = re.compile(r"(?<![\w'’-])(?P<first>[^\W\d_][\w'’-]*\.?)(?=\s+(?P<second>[^\W\d_][\w'’-]*))")
_PLACES = {"city", "country", "region"}


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


class TranslatedName(Check):
    """A person's surname translated as a common word ("Laurent White" for "Laurent Blanc").

    What it does
        Finds the persons of each source segment: a capitalised word after a given name (the shipped list of
        about 8,500, corpora/languages/given_names.txt, less those the pair's name list has as places: Florence, Milan)
        or after a courtesy title of the pair's list (M., Mme). Where the translation keeps the given name or
        the title (or its English form) but puts, in place of the surname, a capitalised word the dictionary
        gives as a translation of it ("Holland" for Hollande, "The" for the Le of Marine Le Pen), that word is
        flagged, with the surname as the fix. A name the pair's name list translates as a whole is left alone.

    Why is this bad?
        A translated surname names someone else, or no one: "François Holland", "Vladimir Mute", "Stéphanie
        Valley". MT systems do it to surnames that are also words, and a reader cannot recover the real name.

    Example
        Source: « L'entraîneur Laurent Blanc a fixé son objectif. »
        Target: "Coach Laurent White set his goal."

    Use instead
        "Coach Laurent Blanc set his goal."

    Fix safety
        For review: the suggestion restores the surname as the source writes it.
    """

    # WMT newstest 2012-2014 (9,006 lines): no finding on the human references; 57 on the 42 systems' outputs
    # ("François Holland", "Pierre White", "Marine The Pen", "Mr. Of Beer glass", "Jake Quickly Prekop"), each
    # a name translated (tests/test_translated_name.py).
    code = "CT114"
    name = "translated-name"
    category = "accuracy/named-entity"
    severity = Severity.MAJOR
    fix = FixAvailability.ALWAYS
    examples = (
        Example(
            "L'entraîneur Laurent Blanc a fixé son objectif.",
            "Coach Laurent <marker>White</marker> set his goal.",
            correction="Blanc",
        ),
        Example(
            "Marine Le Pen a réagi jeudi.",
            "Marine <marker>The</marker> Pen reacted on Thursday.",
            correction="Le",
        ),
        Example(
            "M. Blanc a démissionné.",
            "Mr <marker>White</marker> resigned.",
            correction="Blanc",
        ),
        Example("L'entraîneur Laurent Blanc a fixé son objectif.", "Coach Laurent Blanc set his goal."),
        Example("La Maison Blanche a réagi.", "The White House reacted."),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        given, names, dictionary = ctx.lexicons.given_names, ctx.lexicons.names, ctx.lexicons.dictionary
        if not given or not len(dictionary):
            return
        titles = {t.source: {fold(e).rstrip(".") for e in (t.source, *t.english)}
                  for t in load_titles(str(ctx.lexicons.pair_dir))}
        for seg in pair.segments:
            if not seg.source_sentences or not seg.target_sentences:
                continue
            source = pair.source.text[seg.source_start : seg.source_end]
            target = pair.target.text[seg.target_start : seg.target_end]
            for m in _PAIR.finditer(source):
                first, second = m.group("first"), m.group("second")
                if first in titles:
                    openers = titles[first]
                elif first in given and not first.endswith(".") and not self._place(names, first):
                    openers = {fold(first)}
                else:
                    continue
                if not _capitalised(second) or fold(second) in openers:
                    continue
                whole = names.entry(f"{first} {second}") if len(names) else None
                for found in self._rendered(target, openers, second, dictionary):
                    if whole is not None and f"{found.group('first')} {found.group('second')}" in whole.targets:
                        continue  # the name list's own English form of the name
                    start = seg.target_start + found.start("second")
                    yield self.finding(
                        seg,
                        (start, start + len(found.group("second"))),
                        (seg.source_start + m.start("second"), seg.source_start + m.end("second")),
                        f"'{found.group('second')}' translates the name «{second}» ({first} {second}); a "
                        f"name stays as it is",
                        suggestions=[second],
                        confidence=0.85,
                    )

    @staticmethod
    def _place(names, word: str) -> bool:
        entry = names.entry(word) if len(names) else None
        return entry is not None and entry.kind in _PLACES

    @staticmethod
    def _rendered(target: str, openers: set[str], surname: str, dictionary) -> Iterator[re.Match[str]]:
        """Where the target has an opener, then a capitalised word the dictionary gives for the surname."""
        translations = {fold(t) for t in dictionary.translations(surname.lower()) if " " not in t}
        translations.discard(fold(surname))
        if not translations:
            return
        for found in _PAIR.finditer(target):
            word = found.group("second")
            if (fold(found.group("first")).rstrip(".") in openers and _capitalised(word)
                    and fold(word) in translations):
                yield found
