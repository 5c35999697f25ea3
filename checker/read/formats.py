"""Bilingual inputs, read into Records: one Record is one document pair (a story and its translation).

A TMX, XLIFF (1.2 or 2.0), PO or TSV file is one story, as a CMS exports one: its units become paragraphs,
joined by a blank line, and each unit keeps its id and offsets in ``Record.units``, so that a finding can name
its unit (``unit_of``). A JSONL file holds one story per line. A CSV manifest (or ``manifest.jsonl`` /
``*.manifest.jsonl``) names text files to pair.

Inline codes of XLIFF and TMX (``<ph>``, ``<bpt>``, ``<ept>``, ``<it>``, ``<x/>``, ``<bx/>``, ``<ex/>`` …: a tag,
a variable, an image of the original document) are not text: each becomes one PLACEHOLDER, while the content of
``<g>``, ``<pc>``, ``<mrk>`` and ``<hi>`` stays text. A PO entry with plural forms gives one unit per form.

XML is untrusted: it is screened with defusedxml first (no entity declaration, nothing external: refused
before anything is expanded or fetched), then handed to translate-toolkit, whose lxml parser is itself built with
``resolve_entities=False, no_network=True``.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.etree.ElementTree import ParseError

from ..errors import InputError
from ..record import UNIT_SEPARATOR, BadRecord, Record, Unit, unit_of  # noqa: F401 - read here, defined there
from .text import decode, max_bytes, read_text, too_large
from .text import read_bytes as read_file_bytes

# A bilingual file (or a JSONL line) is one story: it has the same size limit as a text file, read_text's
# (CHECKTRANS_MAX_BYTES overrides it), and is refused past it without being read whole. None: that limit.
MAX_FILE_BYTES: int | None = None
XML_SUFFIXES = (".tmx", ".xlf", ".xliff", ".xlf2", ".sdlxliff")
# Each inline code stands in the text as U+FFFC OBJECT REPLACEMENT CHARACTER, Unicode's own "an object stands
# here": a symbol (category So), neither letter, digit nor space, so that no check reads it as a word or a number,
# `\w` patterns stop at it and str.split() leaves it a token of its own; one character, so a fix that keeps the
# text around a finding keeps the code. A space separates it from a letter or digit it touches, so that
# "Vladimir<x/>Poutine" reads "Vladimir \ufffc Poutine", never the one word "VladimirPoutine".
PLACEHOLDER = "\ufffc"
# Inline elements by what they hold (XLIFF 1.2, XLIFF 2.0, TMX 1.4): native code, replaced by one PLACEHOLDER;
# markers of an annotation's start and end, dropped; anything else (<g>, <pc>, <mrk>, <hi> …) keeps its text.
_CODES = frozenset({"x", "bx", "ex", "ph", "bpt", "ept", "it", "ut", "sc", "ec", "cp"})
_MARKERS = frozenset({"sm", "em"})
_XML_SPACE = re.compile(r"[ \t\r\n]+")
_TOUCHES_WORD = re.compile(r"\w")
BILINGUAL_SUFFIXES = XML_SUFFIXES + (".po", ".tsv", ".jsonl")


def same_language(a: str | None, b: str | None) -> bool:
    """'en', 'EN', 'en-GB' and 'en_US' all name English."""
    if not a or not b:
        return False
    return a.replace("_", "-").split("-")[0].lower() == b.replace("_", "-").split("-")[0].lower()


def story_limit() -> int:
    return MAX_FILE_BYTES or max_bytes()


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The file's bytes, refused past ``limit`` without reading more than limit + 1 bytes; empty is refused."""
    data = read_file_bytes(path, limit or story_limit(), path.name)
    if not data.strip():
        raise InputError(f"{path.name}: empty file")
    return data


# -- XML --------------------------------------------------------------------------------------------------------


def screen_xml(data: bytes, name: str) -> None:
    """Refuse entity declarations and external references, and report malformed XML with its line.

    A DOCTYPE alone is allowed (TMX exports often name tmx14.dtd); the DTD itself is never loaded.
    """
    import defusedxml.ElementTree as safe_et
    from defusedxml import DefusedXmlException, EntitiesForbidden

    try:
        safe_et.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except EntitiesForbidden as err:
        if err.sysid or err.pubid:
            why = f"declares an external entity {err.name!r} (refused, nothing fetched)"
        else:
            why = f"declares the entity {err.name!r} (refused, nothing expanded)"
        raise InputError(f"{name}: unsafe XML: it {why}") from None
    except DefusedXmlException as err:
        raise InputError(f"{name}: unsafe XML: {type(err).__name__} (refused, nothing fetched)") from None
    except ParseError as err:
        line = err.position[0] if getattr(err, "position", None) else "?"
        reason = str(err).split(":")[0]
        raise InputError(f"{name}: malformed XML at line {line}: {reason}") from None


def _root_tag_and_version(data: bytes) -> tuple[str, str]:
    import defusedxml.ElementTree as safe_et

    root = safe_et.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    return root.tag.rsplit("}", 1)[-1], root.get("version", "")


def inline_text(node, space: str | None = "preserve") -> str:
    """The text of an XLIFF <source>/<target> or a TMX <seg>, each inline code one PLACEHOLDER, spaced off the
    words it touches; with xml:space "default", runs of white space are one space and the ends are trimmed."""
    if node is None:
        return ""
    from translate.misc.xml_helpers import getXMLspaceInherited

    parts: list[str] = []
    _collect(node, parts)
    text = "".join(parts)
    if getXMLspaceInherited(node, space) == "default":
        text = _XML_SPACE.sub(" ", text).strip(" \t\r\n")
    if PLACEHOLDER not in text:
        return text
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch == PLACEHOLDER:
            if out and _TOUCHES_WORD.match(out[-1]):
                out.append(" ")
            out.append(ch)
            if i + 1 < len(text) and _TOUCHES_WORD.match(text[i + 1]):
                out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def _collect(node, parts: list[str]) -> None:
    if node.text:
        parts.append(node.text)
    for child in node:
        if isinstance(child.tag, str):  # not a comment or a processing instruction, which hold no text
            name = child.tag.rsplit("}", 1)[-1]
            if name in _CODES:
                parts.append(PLACEHOLDER)  # its content is native code (or, in <sub>, text of another flow)
            elif name not in _MARKERS:
                _collect(child, parts)
        if child.tail:
            parts.append(child.tail)


def _tuv_text(tuv) -> str:
    seg = next(tuv.iter("{*}seg", "seg"), None)
    return inline_text(seg, "preserve")


def _forms(text) -> list[str]:
    """A PO entry's forms: multistring.strings holds the first form (as the multistring itself) and the rest."""
    strings = getattr(text, "strings", None)
    return [str(s) for s in strings] if strings else [str(text or "")]


def _joined(path: Path, triples: list[tuple[str, str, str]], source_lang, target_lang) -> Record:
    """A Record from (unit id, source, target) triples; a unit with no translation stays an empty paragraph."""
    if not triples:
        raise InputError(f"{path.name}: no translation units")
    units: list[Unit] = []
    src_parts: list[str] = []
    tgt_parts: list[str] = []
    s_at = t_at = 0
    for unit_id, src, tgt in triples:
        units.append(Unit(unit_id, s_at, s_at + len(src), t_at, t_at + len(tgt)))
        src_parts.append(src)
        tgt_parts.append(tgt)
        s_at += len(src) + len(UNIT_SEPARATOR)
        t_at += len(tgt) + len(UNIT_SEPARATOR)
    return Record(
        id=path.stem,
        source=UNIT_SEPARATOR.join(src_parts),
        target=UNIT_SEPARATOR.join(tgt_parts),
        origin=path.name,
        source_lang=source_lang or None,
        target_lang=target_lang or None,
        units=tuple(units),
    )


def read_xliff(path: Path) -> Record:
    data = read_bytes(path)
    screen_xml(data, path.name)
    tag, version = _root_tag_and_version(data)
    if tag != "xliff":
        raise InputError(f"{path.name}: not XLIFF (the root element is <{tag}>)")
    if version.startswith("2"):
        from translate.storage.xliff2 import Xliff2File as store_class
    else:
        from translate.storage.xliff import xlifffile as store_class
    try:
        store = store_class.parsestring(data)
    except Exception as err:  # translate-toolkit raises ValueError, AssertionError, lxml errors …
        raise InputError(f"{path.name}: not a valid XLIFF {version or '1.2'} file ({_short(err)})") from None
    from translate.misc.xml_helpers import getXMLspace

    triples = []
    for i, unit in enumerate(store.units):
        if unit.isheader() or not unit.istranslatable():
            continue
        # XLIFF 1.2 ids come as "original\x04id": the file's part only repeats the <file> name.
        unit_id = (unit.getid() or str(i + 1)).rsplit("\x04", 1)[-1]
        space = getXMLspace(unit.xmlelement, unit._default_xml_space)  # XLIFF's default: normalise spaces
        triples.append((unit_id, inline_text(unit.source_dom, space), inline_text(unit.target_dom, space)))
    return _joined(path, triples, store.getsourcelanguage(), store.gettargetlanguage())


def read_tmx(path: Path, target_lang: str = "en", source_lang: str | None = None) -> Record:
    """Each <tu> is a unit: the source is the header's srclang (or ``source_lang``), the target ``target_lang``."""
    from translate.storage.tmx import tmxfile

    data = read_bytes(path)
    screen_xml(data, path.name)
    tag, _ = _root_tag_and_version(data)
    if tag != "tmx":
        raise InputError(f"{path.name}: not TMX (the root element is <{tag}>)")
    try:
        store = tmxfile.parsestring(data)
    except Exception as err:
        raise InputError(f"{path.name}: not a valid TMX file ({_short(err)})") from None
    header_lang = store.getsourcelanguage()
    src_lang = source_lang or (header_lang if header_lang and header_lang != "*all*" else None)
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    triples = []
    for i, unit in enumerate(store.units):
        variants = [(tuv.get(xml_lang) or tuv.get("lang") or "", tuv) for tuv in unit.xmlelement.iter("{*}tuv", "tuv")]
        src = next((_tuv_text(t) for lang, t in variants if same_language(lang, src_lang)), None)
        if src is None:  # no declared source language: the first variant that is not the target
            src = next((_tuv_text(t) for lang, t in variants if not same_language(lang, target_lang)), None)
        if src is None:
            raise InputError(f"{path.name}: unit {i + 1} has no source-language variant")
        tgt = next((_tuv_text(t) for lang, t in variants if same_language(lang, target_lang)), "")
        triples.append((unit.getid() or str(i + 1), src, tgt))
    return _joined(path, triples, src_lang, target_lang)


def read_po(path: Path) -> Record:
    from translate.storage.po import pofile

    data = read_bytes(path)
    try:
        store = pofile.parsestring(data)
    except Exception as err:
        raise InputError(f"{path.name}: not a valid PO file ({_short(err)})") from None
    triples = []
    for i, unit in enumerate(store.units):
        if unit.isheader() or unit.isobsolete():
            continue
        locations = unit.getlocations()
        unit_id = unit.getcontext() or (locations[0] if locations else str(i + 1))
        if not unit.hasplural():
            triples.append((unit_id, str(unit.source or ""), str(unit.target or "")))
            continue
        # Every plural form is a pair of its own, named like its msgstr: [0] translates msgid, [1] (and any
        # further form of a language with more) msgid_plural. A form missing from the file is an empty one.
        sources = _forms(unit.source)
        targets = _forms(unit.target)
        for n in range(max(len(sources), len(targets))):
            src = sources[min(n, len(sources) - 1)]
            triples.append((f"{unit_id}[{n}]", src, targets[n] if n < len(targets) else ""))
    return _joined(path, triples, None, store.gettargetlanguage())


def read_tsv(path: Path) -> Record:
    """source<TAB>target[<TAB>reference], one unit a line; a reference column must be filled on every line."""
    text = decode(read_bytes(path), path.name)
    triples = []
    references: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) < 2 or len(cells) > 3:
            raise InputError(f"{path.name}: line {number} has {len(cells)} column(s), expected source<TAB>target")
        triples.append((str(number), cells[0], cells[1]))
        if len(cells) == 3:
            references.append(cells[2])
    if references and len(references) != len(triples):
        raise InputError(f"{path.name}: {len(references)} of {len(triples)} lines have a reference column")
    record = _joined(path, triples, None, None)
    if references:
        record = _replace(record, reference=UNIT_SEPARATOR.join(references))
    return record


# -- JSONL and manifests ----------------------------------------------------------------------------------------


def is_manifest(path: Path, explicit: bool = False) -> bool:
    """``manifest.csv``, ``x.manifest.jsonl`` …; any CSV named on the command line. A folder's other CSV files
    are not read, so that a CSV report written beside the stories is never mistaken for an input."""
    name = path.name.lower()
    if explicit and name.endswith(".csv"):
        return True
    return any(name == f"manifest{ext}" or name.endswith(f".manifest{ext}") for ext in (".csv", ".jsonl"))


def _lines(path: Path) -> Iterator[tuple[int, str | InputError]]:
    """Lines of a (possibly large) file, streamed; a line is one story, so it has the per-file limit.

    A line that is too large or undecodable comes as its InputError, so that the lines after it are still read.
    """
    try:
        handle = open(path, "rb")  # noqa: SIM115 -- `with handle:` below; apart so only open's OSError is caught
    except OSError as err:
        raise InputError(f"{path.name}: cannot be read ({err.strerror})") from None
    limit = story_limit()
    with handle:
        number = 0
        while raw := handle.readline(limit + 1):
            number += 1
            name = f"{path.name} line {number}"
            if len(raw) > limit and not raw.endswith(b"\n"):
                while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass  # skip the rest of the oversized line without holding it
                yield number, too_large(name, limit)
                continue
            if raw.strip():
                try:
                    yield number, decode(raw, name)
                except InputError as err:
                    yield number, err


def read_jsonl(path: Path) -> Iterator[Record | BadRecord]:
    """One story a line: {"id", "source", "target"[, "reference"]}. A bad line is a BadRecord, not the end."""
    seen: set[str] = set()
    for number, line in _lines(path):
        origin = f"{path.name} line {number}"
        if isinstance(line, InputError):
            yield BadRecord(f"{path.stem}:{number}", origin, str(line))
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            yield BadRecord(f"{path.stem}:{number}", origin, f"{origin}: not JSON ({err.msg})")
            continue
        problem = _record_problem(obj, ("source", "target"))
        if problem:
            yield BadRecord(f"{path.stem}:{number}", origin, f"{origin}: {problem}")
            continue
        rec_id = str(obj.get("id") or f"{path.stem}:{number}")
        if rec_id in seen:
            yield BadRecord(rec_id, origin, f"{origin}: id {rec_id!r} already used in this file")
            continue
        seen.add(rec_id)
        yield Record(
            rec_id, obj["source"], obj["target"], obj.get("reference"), origin,
            obj.get("source_lang"), obj.get("target_lang"),
        )


def _record_problem(obj, required: tuple[str, ...]) -> str | None:
    if not isinstance(obj, dict):
        return "expected a JSON object"
    missing = [key for key in required if key not in obj]
    if missing:
        return "missing " + ", ".join(repr(k) for k in missing)
    for key in required + ("reference", "id", "source_lang", "target_lang"):
        value = obj.get(key)
        if value is not None and not isinstance(value, (str, int) if key == "id" else str):
            return f"{key!r} must be a string"
    return None


def manifest_rows(path: Path) -> Iterator[tuple[int, dict]]:
    """(line number, row) of a CSV (with a header) or JSONL manifest."""
    if path.name.lower().endswith(".csv"):
        text = decode(read_bytes(path), path.name)
        reader = csv.DictReader(io.StringIO(text, newline=""))
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        missing = [k for k in ("source", "target") if k not in fields]
        if missing:
            raise InputError(f"{path.name}: the header has no {' or '.join(missing)} column")
        for row in reader:
            clean = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k is not None}
            yield reader.line_num, {k: v for k, v in clean.items() if v}
    else:
        for number, line in _lines(path):
            if isinstance(line, InputError):
                yield number, {"error": str(line).split(": ", 1)[-1]}
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                yield number, {"error": f"not JSON ({err.msg})"}
                continue
            yield number, obj if isinstance(obj, dict) else {"error": "expected a JSON object"}


def read_manifest(path: Path, read: Callable[[Path], str] | None = None) -> Iterator[Record | BadRecord]:
    """Records of a manifest: id, source, target[, reference] are paths relative to the manifest's folder.
    `read` reads one named file (default: read_text); batch discovery passes one that first checks where the
    path leads."""
    read = read or (lambda file: read_text(file)[0])
    base = path.parent
    seen: set[str] = set()
    for number, row in manifest_rows(path):
        origin = f"{path.name} line {number}"
        rec_id = str(row.get("id") or Path(str(row.get("source", number))).stem)
        problem = row.get("error") or _record_problem(row, ("source", "target"))
        if problem:
            yield BadRecord(rec_id, origin, f"{origin}: {problem}")
            continue
        if rec_id in seen:
            yield BadRecord(rec_id, origin, f"{origin}: id {rec_id!r} already used in this manifest")
            continue
        seen.add(rec_id)
        try:
            source = read(base / row["source"])
            target = read(base / row["target"])
            reference = read(base / row["reference"]) if row.get("reference") else None
        except InputError as err:
            yield BadRecord(rec_id, origin, f"{origin}: {err}")
            continue
        yield Record(rec_id, source, target, reference, origin, row.get("source_lang"), row.get("target_lang"))


def read_bilingual(
    path: Path, target_lang: str = "en", source_lang: str | None = None, explicit: bool = False
) -> Iterator[Record | BadRecord]:
    """Records of one bilingual file or manifest, chosen by its name; an unreadable file is one BadRecord."""
    suffix = path.suffix.lower()
    try:
        if is_manifest(path, explicit):
            yield from read_manifest(path)
        elif suffix == ".jsonl":
            yield from read_jsonl(path)
        elif suffix == ".tmx":
            yield read_tmx(path, target_lang, source_lang)
        elif suffix in XML_SUFFIXES:
            yield read_xliff(path)
        elif suffix == ".po":
            yield read_po(path)
        elif suffix == ".tsv":
            yield read_tsv(path)
        else:
            raise InputError(f"{path.name}: not a bilingual format (expected {', '.join(BILINGUAL_SUFFIXES)})")
    except InputError as err:
        yield BadRecord(path.stem, path.name, str(err))


def _replace(record: Record, **changes) -> Record:
    from dataclasses import replace

    return replace(record, **changes)


def _short(err: Exception) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return text[:160]
