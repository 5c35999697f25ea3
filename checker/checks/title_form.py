"""CT112 title-form: a title or an institution rendered word for word ("garde des Sceaux" → "guard of the Seals")."""
from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

from ..lexicons.schema import TomlText, check_keys, check_tables
from ..model import DocumentPair, Finding, FixAvailability, Severity
from .base import Check, Context, Example

TITLES_FILE = "titles.toml"
TITLE_KEYS = ("id", "source", "right", "wrong", "severity", "category", "examples")
EXAMPLE_KEYS = ("source", "target", "flagged", "correction")
T = TypeVar("T")


@dataclass(frozen=True)
class Title:
    id: str
    source: re.Pattern[str]
    right: re.Pattern[str] | None
    wrong: re.Pattern[str]
    suggestion: str
    severity: Severity
    category: str
    examples: tuple[Example, ...]


def _phrase(text: str) -> str:
    """A literal phrase as a regex: any whitespace between words, either apostrophe."""
    return r"\s+".join(re.escape(w).replace("'", "['’]") for w in text.split())


def _source_regex(pattern: str) -> str:
    return pattern.replace(" ", r"\s+").replace("'", "['’]")


@cache
def any_title(pair_dir: str) -> re.Pattern[str] | None:
    """One pass that says whether a segment names any title at all (most name none)."""
    titles = load_titles(pair_dir)
    return re.compile("|".join(f"(?:{t.source.pattern})" for t in titles), re.I) if titles else None


@cache
def load_titles(pair_dir: str) -> tuple[Title, ...]:
    def title(t: dict, examples: tuple[Example, ...]) -> Title:
        right = t.get("right", [])
        return Title(
            id=t["id"],
            source=re.compile(rf"(?<![\w-])(?:{_source_regex(t['source'])})(?![\w-])", re.I),
            right=re.compile(rf"(?<![\w-])(?:{'|'.join(_phrase(r) for r in right)})(?![\w-])", re.I) if right else None,
            wrong=re.compile(rf"(?<![\w-])(?:{'|'.join(_phrase(w) for w in t['wrong'])})s?(?![\w-])", re.I),
            suggestion=right[0] if right else "",
            severity=Severity.parse(t.get("severity", "major")),
            category=t.get("category", "accuracy/mistranslation"),
            examples=examples,
        )

    return read_titles(Path(pair_dir) / TITLES_FILE, TITLE_KEYS, title)


def read_titles(path: Path, keys: tuple[str, ...], make: Callable[[dict, tuple[Example, ...]], T]) -> tuple[T, ...]:
    """The [[title]] tables of a pair's TOML file (titles.toml, courtesy_titles.toml), each made by `make` from
    the table and its examples; an unknown key is a LexiconError with its line. A missing file gives none."""
    if not path.is_file():
        return ()
    content = path.read_text(encoding="utf-8")
    data, text = tomllib.loads(content), TomlText(path, content)
    check_tables(data, ("title",), text)
    source_lang = path.parent.name.partition("-")[0]
    out = []
    for n, t in enumerate(data.get("title", [])):
        start, what = text.table_line("title", n), f"title {t.get('id') or '#' + str(n + 1)}"
        check_keys(t, keys, text, what, start)
        for e in t.get("examples", []):
            check_keys(e, EXAMPLE_KEYS, text, f"{what} example", start)
        out.append(make(t, tuple(Example.flagging(e["source"], e["target"], e.get("flagged"), e.get("correction"),
                                                  source_lang) for e in t.get("examples", []))))
    return tuple(out)


class TitleForm(Check):
    """A title or an institution of the source rendered word for word instead of by its English name.

    What it does
        Looks up the titles and institutions of the pair's list (corpora/pairs/<pair>/titles.toml: "ministre
        des Armées", "garde des Sceaux", "premier ministre du Québec", "juge d'instruction" …). Where the source
        names one and the translation has none of its English names ("Armed Forces Minister", "Justice
        Minister", "Premier", "investigating judge") but one of the word-for-word renderings machine translation
        produces ("Minister of the Armies", "guard of the Seals", "Prime Minister", "instruction judge"), that
        rendering is flagged, with the English name as the fix.

    Why is this bad?
        A calqued title reads as a joke or names an office that does not exist; "Quebec's Prime Minister"
        promotes a provincial Premier to head of a state. Readers and the people named notice.

    Example
        Source: « Le garde des Sceaux a présenté sa réforme. »
        Target: "The guard of the Seals presented his reform."

    Use instead
        "The Justice Minister presented his reform."

    Fix safety
        For review. The suggestion is the list's English name of the title or institution (Justice Minister for
        "guard of the Seals"); the words around it may need rewording (an article, a possessive).
    """

    # On WMT newstest2014's 3,003 human references (one segment a line, every finding a false alarm): none.
    code = "CT112"
    name = "title-form"
    category = "accuracy/mistranslation"
    severity = Severity.MAJOR
    fix = FixAvailability.SOMETIMES
    examples = (
        Example(
            "Le garde des Sceaux a présenté sa réforme.",
            "The <marker>guard of the Seals</marker> presented his reform.",
            correction="Justice Minister",
        ),
        Example("Le garde des Sceaux a présenté sa réforme.", "The Justice Minister presented his reform."),
        Example(
            "La première ministre de l'Ontario a démissionné.",
            "Ontario's <marker>Prime Minister</marker> resigned.",
            correction="Premier",
        ),
        Example("La première ministre de l'Ontario a démissionné.", "Ontario's Premier resigned."),
    )

    def all_examples(self, ctx: Context) -> Iterable[Example]:
        yield from self.examples
        for title in load_titles(str(ctx.lexicons.pair_dir)):
            yield from title.examples

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        titles, anywhere = load_titles(str(ctx.lexicons.pair_dir)), any_title(str(ctx.lexicons.pair_dir))
        if anywhere is None or not anywhere.search(pair.source.text):
            return
        for seg in pair.segments:
            if not seg.source_sentences or not seg.target_sentences:
                continue
            src = pair.source.text[seg.source_start : seg.source_end]
            if not anywhere.search(src):
                continue
            tgt = None
            for title in titles:
                s = title.source.search(src)
                if s is None:
                    continue
                tgt = pair.target.text[seg.target_start : seg.target_end] if tgt is None else tgt
                wrong = list(title.wrong.finditer(tgt))
                if not wrong:
                    continue  # paraphrased, or left out: no evidence of a calque
                # a right name outside the wrong renderings ("prosecutor" alone, not in "prosecutor of the Republic")
                if title.right is not None and any(not any(w.start() <= r.start() < w.end() for w in wrong)
                                                   for r in title.right.finditer(tgt)):
                    continue
                rel = s.start() / max(1, len(src))
                w = min(wrong, key=lambda m: abs(m.start() / max(1, len(tgt)) - rel))
                yield self.finding(
                    seg, (seg.target_start + w.start(), seg.target_start + w.end()),
                    (seg.source_start + s.start(), seg.source_start + s.end()),
                    f"«{s.group()}» is '{title.suggestion}' in English; '{w.group()}' is a word-for-word rendering",
                    suggestions=[title.suggestion], severity=title.severity, category=title.category,
                    confidence=0.8,
                )
