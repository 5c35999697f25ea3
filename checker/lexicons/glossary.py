"""A house glossary: source terms with the target terms the desk requires and those it forbids.

Two formats:
    CSV  header ``source_term,required_target,forbidden_target,note``; alternatives separated by ``|``
         (``sommet,summit,top|peak,a meeting of leaders``).
    TBX  read through translate-toolkit's TBX storage (XML screened first: no entities, nothing external).
         A concept's source-language terms are the source terms; its target-language terms are required,
         except those whose administrativeStatus is deprecated, superseded or not recommended: forbidden.

Matching is by whole words, case-insensitive, with the ends of words free to inflect (see ``Term.pattern``), so
"sommets" finds "sommet" and "summits" satisfies "summit". A bad file is an InputError with one line.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import InputError
from ..read.text import read_bytes

HEADER = ("source_term", "required_target", "forbidden_target", "note")
# TBX administrativeStatus values (ISO 30042) that mark a term the desk must not use.
_FORBIDDEN_STATUS = ("deprecatedterm", "supersededterm", "notrecommended")
# A word may grow by an inflectional ending (sommet/sommets, summit/summits, relation/relations): up to
# _FREE_END letters for a word of _MIN_FREE letters or more; a shorter word only a plural s/es/x, since
# "top" + two free letters would be "topic".
_MIN_FREE = 5
_FREE_END = 2
_SHORT_ENDING = r"(?:e?s|x)?"


def _alternatives(cell: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.strip() for p in (cell or "").split("|") if p.strip()))


def term_pattern(term: str) -> re.Pattern:
    """Whole words of ``term``, case-insensitive, apostrophes and spaces loose, each word free to inflect."""
    parts = []
    for word in re.findall(r"\w+|[^\w\s]", term):
        if word in ("'", "’"):
            parts.append("[’']")
        elif not word[0].isalnum():
            parts.append(re.escape(word))
        elif word.isalpha() and len(word) >= _MIN_FREE:
            parts.append(re.escape(word) + rf"\w{{0,{_FREE_END}}}")
        elif word.isalpha() and len(word) > 1:
            parts.append(re.escape(word) + _SHORT_ENDING)
        else:
            parts.append(re.escape(word))
    body = ""
    for i, part in enumerate(parts):
        if i and parts[i - 1] != "[’']" and part != "[’']":
            body += r"[\s\-]+"
        body += part
    return re.compile(r"(?<!\w)" + body + r"(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Term:
    source: str
    required: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    note: str = ""

    @cached_property
    def pattern(self) -> re.Pattern:
        return term_pattern(self.source)

    @cached_property
    def required_patterns(self) -> tuple[re.Pattern, ...]:
        return tuple(term_pattern(t) for t in self.required)

    @cached_property
    def forbidden_patterns(self) -> tuple[re.Pattern, ...]:
        return tuple(term_pattern(t) for t in self.forbidden)


@dataclass
class Glossary:
    name: str
    terms: list[Term] = field(default_factory=list)
    source_lang: str | None = None
    target_lang: str | None = None

    def __len__(self) -> int:
        return len(self.terms)

    def applies_to(self, source_lang: str, target_lang: str) -> bool:
        """A glossary without declared languages applies to any pair."""
        return (self.source_lang in (None, source_lang)) and (self.target_lang in (None, target_lang))


def _read(path: Path) -> bytes:
    data = read_bytes(path, name=f"glossary {path.name}")
    if not data.strip():
        raise InputError(f"glossary {path.name}: empty file")
    return data


def _load_csv(path: Path, data: bytes) -> Glossary:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"glossary {path.name}: not UTF-8 text (byte {err.start})") from None
    if "\x00" in text:
        raise InputError(f"glossary {path.name}: binary file, not CSV")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    if "source_term" not in fields or not {"required_target", "forbidden_target"} & set(fields):
        raise InputError(
            f"glossary {path.name}: the header must name source_term and required_target and/or forbidden_target"
        )
    reader.fieldnames = fields
    terms = []
    try:
        for row in reader:
            source = (row.get("source_term") or "").strip()
            required = _alternatives(row.get("required_target"))
            forbidden = _alternatives(row.get("forbidden_target"))
            if not source and not required and not forbidden:
                continue  # a blank line
            if not source or not (required or forbidden):
                raise InputError(
                    f"glossary {path.name}: line {reader.line_num} needs a source_term "
                    "and a required or forbidden target"
                )
            terms.append(Term(source, required, forbidden, (row.get("note") or "").strip()))
    except csv.Error as err:
        raise InputError(f"glossary {path.name}: malformed CSV at line {reader.line_num} ({err})") from None
    if not terms:
        raise InputError(f"glossary {path.name}: no terms")
    return Glossary(path.name, terms)


def _load_tbx(path: Path, data: bytes, source_lang: str | None, target_lang: str) -> Glossary:
    from translate.storage.tbx import tbxfile

    from ..read.formats import same_language, screen_xml

    screen_xml(data, f"glossary {path.name}")
    try:
        store = tbxfile.parsestring(data)
    except Exception as err:  # translate-toolkit raises lxml's and its own errors
        raise InputError(f"glossary {path.name}: not a valid TBX file ({str(err).splitlines()[0][:80]})") from None
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    terms = []
    langs_seen: set[str] = set()
    for unit in store.units:
        by_lang: dict[str, list[tuple[str, bool]]] = {}
        for lang_set in unit.xmlelement.iter("{*}langSet", "langSet"):
            lang = lang_set.get(xml_lang) or lang_set.get("lang") or ""
            langs_seen.add(lang)
            for holder in lang_set.iter("{*}tig", "{*}ntig", "tig", "ntig"):
                term_el = next(holder.iter("{*}term", "term"), None)
                text = "".join(term_el.itertext()).strip() if term_el is not None else ""
                status = " ".join(
                    "".join(n.itertext()).lower().replace("-", "").replace(" ", "")
                    for n in holder.iter("{*}termNote", "termNote")
                    if (n.get("type") or "").lower() == "administrativestatus"
                )
                if text:
                    by_lang.setdefault(lang, []).append((text, any(s in status for s in _FORBIDDEN_STATUS)))
        targets = [t for lang, ts in by_lang.items() if same_language(lang, target_lang) for t in ts]
        sources = [
            t
            for lang, ts in by_lang.items()
            if not same_language(lang, target_lang) and (source_lang is None or same_language(lang, source_lang))
            for t, _ in ts
        ]
        required = tuple(dict.fromkeys(t for t, bad in targets if not bad))
        forbidden = tuple(dict.fromkeys(t for t, bad in targets if bad))
        if not (required or forbidden):
            continue
        definition = next(
            ("".join(d.itertext()).strip() for d in unit.xmlelement.iter("{*}descrip", "descrip")), ""
        )
        terms.extend(Term(s, required, forbidden, definition) for s in dict.fromkeys(sources))
    if not terms:
        raise InputError(
            f"glossary {path.name}: no concept with a source term and a {target_lang} term "
            f"(languages found: {', '.join(sorted(langs_seen)) or 'none'})"
        )
    src = {lang for lang in langs_seen if not same_language(lang, target_lang)}
    found_lang = src.pop().split("-")[0].lower() if len(src) == 1 else None
    return Glossary(path.name, terms, source_lang or found_lang, target_lang)


def load_glossary(path: str | Path, target_lang: str = "en", source_lang: str | None = None) -> Glossary:
    """The glossary at ``path``: TBX by its extension or its XML content, CSV otherwise."""
    path = Path(path)
    data = _read(path)
    head = data.lstrip()[:200].lower()
    if path.suffix.lower() in (".tbx", ".xml") or head.startswith(b"<?xml") or b"<martif" in head or b"<tbx" in head:
        return _load_tbx(path, data, source_lang, target_lang)
    return _load_csv(path, data)
