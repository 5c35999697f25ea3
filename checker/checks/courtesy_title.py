"""CT113 courtesy-title: a source-language courtesy title left before a name ("M. Dupont", "Me Ruby" in English)."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..model import DocumentPair, Finding, FixAvailability, FixSafety, Severity
from .base import Check, Context, Example, text_before, whole_word
from .title_form import read_titles
from .wordstats import FUNCTION_WORD_ZIPF, fold, zipf

TITLES_FILE = "courtesy_titles.toml"
TITLE_KEYS = ("id", "source", "english", "examples")
# The word after a title, which must be a name (`_is_name`): "I'm" in "Lick Me I'm Delicious" is none.
_NAME = r"\s+(?P<name>[^\W\d_][\w'’-]+)"
# Before these a word starts a sentence, a quotation or a list item: a suggestion there is capitalised.
_OPENERS = set(".!?:;«»\"“”—–-•(")
# An initial ("J. M. Coetzee") or a capitalised word other than a function word ("Jean M. Dupont", not "El Sr.
# García") just before a title that ends in a full stop makes it an initial of the name.
_LAST_WORD = re.compile(r"(?:^|[^\w.'’-])(?P<word>[^\W\d_]\.|[^\W\d_][\w'’-]*)$")


@dataclass(frozen=True)
class Title:
    id: str
    source: str
    english: tuple[str, ...]
    pattern: re.Pattern[str]  # the title, case and full stop as written, then a name
    examples: tuple[Example, ...]


@cache
def load_titles(pair_dir: str) -> tuple[Title, ...]:
    def title(t: dict, examples: tuple[Example, ...]) -> Title:
        return Title(id=t["id"], source=t["source"], english=tuple(t["english"]),
                     pattern=re.compile(rf"(?<![\w.]){re.escape(t['source'])}(?![\w]){_NAME}"), examples=examples)

    return read_titles(Path(pair_dir) / TITLES_FILE, TITLE_KEYS, title)


def _named(title: Title, text: str, lang: str) -> Iterator[re.Match[str]]:
    """The title's uses before a name in `text`: not a pronoun before a lower-case word, not an initial."""
    for m in title.pattern.finditer(text):
        if _is_name(m.group("name")) and not (title.source.endswith(".") and _initial(text, m.start(), lang)):
            yield m


def _is_name(word: str) -> bool:
    """A capitalised word of two letters or more before any apostrophe ("Ruby", "O'Neill"; not "I'm")."""
    head = re.match(r"[^\W\d_]+", word).group()
    return word[:1].isupper() and (len(head) >= 2 or word[2:3].isupper())


def _initial(text: str, at: int, lang: str) -> bool:
    """An initial or a capitalised word just before `at`, not a function word ("El Sr. García")."""
    before = _LAST_WORD.search(text_before(text, at))
    if before is None or not before.group("word")[:1].isupper():
        return False
    return before.group("word").endswith(".") or zipf(before.group("word").lower(), lang) < FUNCTION_WORD_ZIPF


class CourtesyTitle(Check):
    """A courtesy title of the source left before a name in the translation ("M. Dupont", "Mme Corteen", "Me Ruby").

    What it does
        Looks, in each aligned segment, for a title of the pair's list (corpora/pairs/<pair>/courtesy_titles.toml:
        M., Mme, Mlle, Me, Pr for French) written before the same name in the source and in the translation,
        exactly as the source writes it. The title is flagged, with the English form as the fix (Mr, Ms,
        lawyer, Professor). A title that is part of a name ("J. M. Coetzee") or of a quoted English title ("Lick
        Me I'm Delicious") is left alone: the word after it must be the same capitalised name on both sides.

    Why is this bad?
        English readers do not know the French abbreviations: "Me Ruby" reads as the pronoun "me", "M. Dupont" as
        an initial. Machine translation copies them, and they show the copy was not edited.

    Example
        Source: « Me Clayton Ruby a dit croire en la justice canadienne. »
        Target: "Me Clayton Ruby said he believed in Canadian justice."

    Use instead
        "Lawyer Clayton Ruby said he believed in Canadian justice."

    Fix safety
        Safe: only the title changes. The suggestions are the list's English forms before the name (capitalised
        at the start of a sentence), then the name alone, for a desk whose style drops courtesy titles; the name
        alone comes first where the English already says the title's meaning just before ("the brothers'
        lawyer, Me Émile Perrin").
    """

    # WMT newstest2014 (3,003 lines): no finding on the human references; 78 on the eight systems' output (56 of
    # them rbmt4's), each a title left before a name. newstest2013: none on the references, 9 on 17 systems'.
    # newstest2012's references keep 10 ("M. Monti", "Me Deschamps"): reported, as an editor would change them.
    code = "CT113"
    name = "courtesy-title"
    category = "accuracy/untranslated"
    severity = Severity.MINOR
    fix = FixAvailability.ALWAYS
    examples = (
        Example(
            "Me Clayton Ruby a dit croire en la justice canadienne.",
            "<marker>Me Clayton</marker> Ruby said he believed in Canadian justice.",
            correction="Lawyer Clayton",
        ),
        Example(
            "« C'est une tentative désespérée », a déclaré Me Ruby.",
            "\"It is a desperate attempt,\" said <marker>Me Ruby</marker>.",
            correction="lawyer Ruby",
        ),
        Example("Me Clayton Ruby a dit croire en la justice canadienne.",
                "Lawyer Clayton Ruby said he believed in Canadian justice."),
        Example("Le ministre m'a dit de venir.", "The minister told me to come."),
    )

    def all_examples(self, ctx: Context) -> Iterable[Example]:
        yield from self.examples
        for title in load_titles(str(ctx.lexicons.pair_dir)):
            yield from title.examples

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        titles = [t for t in load_titles(str(ctx.lexicons.pair_dir)) if t.source in pair.source.text]
        for seg in pair.segments:
            if not titles or not seg.source_sentences or not seg.target_sentences:
                continue
            source = pair.source.text[seg.source_start : seg.source_end]
            target = pair.target.text[seg.target_start : seg.target_end]
            for title in titles:
                if title.source not in target:
                    continue
                names = {fold(m.group("name")): m for m in _named(title, source, pair.source.lang)}
                for m in _named(title, target, pair.target.lang):
                    src = names.get(fold(m.group("name")))
                    if src is None:
                        continue  # not the source's title and name: an initial, an English word
                    yield self._finding(pair, seg, title, m, (seg.source_start + src.start(),
                                                              seg.source_start + src.end("name")))

    def _finding(self, pair: DocumentPair, seg, title: Title, m: re.Match[str], source: tuple[int, int]) -> Finding:
        target = pair.target.text[seg.target_start : seg.target_end]
        name, before = m.group("name"), text_before(target, m.start(), keep=60)
        initial = not before or before[-1] in _OPENERS
        english = [(e[:1].upper() + e[1:] if initial else e) + " " + name for e in title.english]
        # The name alone is the fix where the English already says what the title did ("the brothers' lawyer,
        # Me Émile Perrin"), and the last choice elsewhere (a desk that drops courtesy titles).
        said = any(whole_word(e.lower()).search(before.lower()) for e in title.english)
        start = seg.target_start + m.start()
        return self.finding(
            seg,
            (start, start + m.end("name") - m.start()),
            source,
            f"'{title.source}' is the {pair.source.lang} courtesy title; {pair.target.lang} writes "
            f"'{title.english[0]}', or the name alone",
            suggestions=[name, *english] if said else [*english, name],
            fix=FixSafety.SAFE,  # one form of a title for another (or none): the order above is the house's
            confidence=0.9,
        )
