"""`checktrans fix SOURCE TARGET` (or `fix FILE.xlf`): the translation with every safe fix applied.

The corrected text goes to ``-o OUT`` or stdout, or, with ``--diff``, a unified diff that ``patch -p0`` applies
(its file names are TARGET as given). ``--unsafe-fixes`` also applies the fixes marked for review, taking each
finding's first suggestion. Which fixes apply, and why others are left, is ``checker.fixes``; what is left with a
fix it could have had (an overlap, a span over two units) is named on stderr, one line each, the rest counted in
the last line. Exit codes as ``check``'s, on what is left: 1 when a finding not fixed reaches ``--fail-on``.

A text file is written back in its own encoding (a byte-order mark kept), so that every byte outside the fixed
spans is as it was. An XLIFF, TMX or PO file is read and written through translate-toolkit, each fix placed in
the text of its unit's target element: only targets change. A fix that would cut through an inline code or
through spacing the reader collapsed is left. ``batch --fix`` writes the same corrected copies (``fixed_copy``).
"""
from __future__ import annotations

import codecs
import difflib
import re
import sys
from pathlib import Path

import click

from ..errors import InputError, UsageError
from ..fixes import FOR_REVIEW, NO_FIX, Edit, FixResult, apply_fixes, apply_fixes_in_units, edited
from ..model import DocumentPair, Severity
from ..record import Record
from .options import build_options, common_options, suppression_options

WRITABLE_SUFFIXES = (".xlf", ".xliff", ".xlf2", ".sdlxliff", ".tmx", ".po")
# A fixed copy is named so that batch discovery never reads it as a new story: a text story's language code is
# no longer the last part of its name (story.en.fixed.txt), a bilingual file no longer ends in its format's
# suffix (story.xlf.fixed: rename it to open it in a CAT tool).
FIXED = "fixed"
NOT_PLACED = "would cut through an inline code or collapsed spacing of the file"
NO_TARGET = "its unit has no target in the file"
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


# -- text files ------------------------------------------------------------------------------------------------


def text_encoding(path: str | Path) -> tuple[str, bytes]:
    """(encoding, byte-order mark) of a text file as ``read_text`` decoded it: UTF-8 unless a BOM says else."""
    if str(path) == "-":
        return "utf-8", b""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
    except OSError:
        return "utf-8", b""
    return next(((enc, bom) for bom, enc in _BOMS if head.startswith(bom)), ("utf-8", b""))


def encoded_like(text: str, path: str | Path) -> bytes:
    encoding, bom = text_encoding(path)
    return bom + text.encode(encoding)


def unified_diff(old: str, new: str, name: str) -> str:
    """A diff that `patch` applies: lines split at "\\n" only (a CR stays in its line), and a last line without
    a newline marked as diff marks it."""
    def lines(text: str) -> list[str]:
        return re.findall(r"[^\n]*\n|[^\n]+", text)

    out = []
    for line in difflib.unified_diff(lines(old), lines(new), fromfile=name, tofile=name):
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


# -- bilingual files -------------------------------------------------------------------------------------------


def _pieces(node) -> list[list]:
    """The text pieces of an element in the reader's order (``checker.read.formats._collect``): [element, "text"
    or "tail", string], an inline code as [None, None, PLACEHOLDER]."""
    from ..read.formats import _CODES, _MARKERS, PLACEHOLDER

    out: list[list] = []

    def walk(element) -> None:
        if element.text:
            out.append([element, "text", element.text])
        for child in element:
            if isinstance(child.tag, str):
                name = child.tag.rsplit("}", 1)[-1]
                if name in _CODES:
                    out.append([None, None, PLACEHOLDER])
                elif name not in _MARKERS:
                    walk(child)
            if child.tail:
                out.append([child, "tail", child.tail])

    walk(node)
    return out


def _char_map(text: str, pieces: list[list]) -> list[tuple[int, int] | None] | None:
    """For each character of the reader's text, the (piece, offset) it was read from; None for a space the reader
    added beside an inline code or made of collapsed white space. None when the two do not line up."""
    raw = [(p, i) for p, piece in enumerate(pieces) for i in range(len(piece[2]))]
    chars = "".join(piece[2] for piece in pieces)
    out: list[tuple[int, int] | None] = []
    j = 0
    for ch in text:
        while j < len(chars) and ch != chars[j] and chars[j] in " \t\r\n":
            j += 1  # white space the reader collapsed or trimmed
        if j < len(chars) and ch == chars[j]:
            out.append(raw[j] if pieces[raw[j][0]][0] is not None else None)
            j += 1
        elif ch == " ":
            out.append(None)  # a space the reader put beside an inline code
        else:
            return None
    return out


def _place(node, space: str, unit_text: str, edits: list[Edit], inline_text) -> list[Edit]:
    """Make the edits in the element's text nodes; return those that could not be placed (the others are in)."""
    pieces = _pieces(node)
    mapping = _char_map(unit_text, pieces)
    if mapping is None:
        return list(edits)
    placed: list[tuple[int, int, int, str]] = []  # piece, start, end, text
    failed: list[Edit] = []
    for edit in edits:
        spot = None
        if edit.start == edit.end:  # an insertion: before the next character read, or after the previous one
            after = mapping[edit.start] if edit.start < len(mapping) else None
            before = mapping[edit.start - 1] if edit.start > 0 else None
            spot = ((after[0], after[1], after[1]) if after
                    else (before[0], before[1] + 1, before[1] + 1) if before else None)
        else:
            span = mapping[edit.start : edit.end]
            if all(span) and len({p for p, _ in span}) == 1 and span[-1][1] - span[0][1] == len(span) - 1:
                spot = (span[0][0], span[0][1], span[-1][1] + 1)
        if spot is None:
            failed.append(edit)
        else:
            placed.append((*spot, edit.text))
    before = [piece[2] for piece in pieces]
    for p, start, end, text in sorted(placed, key=lambda e: (e[0], e[1]), reverse=True):
        pieces[p][2] = pieces[p][2][:start] + text + pieces[p][2][end:]
    for piece in pieces:
        if piece[0] is not None:
            setattr(piece[0], piece[1], piece[2])
    expected = edited(unit_text, [e for e in edits if e not in failed])
    if inline_text(node, space) != expected:  # the reader would not read back what we meant: undo the unit
        for piece, text in zip(pieces, before, strict=False):
            if piece[0] is not None:
                setattr(piece[0], piece[1], text)
        return list(edits)
    return failed


def write_back(path: Path, record: Record, edits: dict[int, list[Edit]], target_lang: str) -> tuple[bytes, list[Edit]]:
    """The bilingual file with the edits made in its units' targets (by the index of ``record.units``), through
    translate-toolkit; and the edits that could not be placed."""
    from ..read import formats

    data = formats.read_bytes(path)
    suffix = path.suffix.lower()
    targets: list = []  # per unit of the record: (element, xml:space) or (po unit, plural form), or None
    if suffix == ".po":
        from translate.storage.po import pofile

        store = pofile.parsestring(data)
        for unit in store.units:
            if unit.isheader() or unit.isobsolete():
                continue
            if not unit.hasplural():
                targets.append(("po", unit, None))
                continue
            forms = max(len(formats._forms(unit.source)), len(formats._forms(unit.target)))
            targets += [("po", unit, n) for n in range(forms)]
    elif suffix == ".tmx":
        from translate.storage.tmx import tmxfile

        store = tmxfile.parsestring(data)
        xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
        for unit in store.units:
            variants = [(tuv.get(xml_lang) or tuv.get("lang") or "", tuv)
                        for tuv in unit.xmlelement.iter("{*}tuv", "tuv")]
            tuv = next((t for lang, t in variants if formats.same_language(lang, target_lang)), None)
            seg = None if tuv is None else next(tuv.iter("{*}seg", "seg"), None)
            targets.append(("xml", seg, "preserve"))
    else:
        from translate.misc.xml_helpers import getXMLspace

        _, version = formats._root_tag_and_version(data)
        if version.startswith("2"):
            from translate.storage.xliff2 import Xliff2File as store_class
        else:
            from translate.storage.xliff import xlifffile as store_class
        store = store_class.parsestring(data)
        for unit in store.units:
            if unit.isheader() or not unit.istranslatable():
                continue
            targets.append(("xml", unit.target_dom, getXMLspace(unit.xmlelement, unit._default_xml_space)))
    if len(targets) != len(record.units):
        raise InputError(f"{path.name}: its units changed while it was being checked")
    failed: list[Edit] = []
    joined = record.target
    for index, unit_edits in sorted(edits.items()):
        kind, where, detail = targets[index]
        unit = record.units[index]
        unit_text = joined[unit.target_start : unit.target_end]
        if kind == "po":
            from translate.misc.multistring import multistring

            if detail is None:
                where.target = edited(unit_text, unit_edits)
            else:
                forms = formats._forms(where.target)
                forms += [""] * (detail + 1 - len(forms))
                forms[detail] = edited(unit_text, unit_edits)
                where.target = multistring(forms)
        elif where is None:
            failed += unit_edits
        else:
            failed += _place(where, detail, unit_text, unit_edits, formats.inline_text)
    return bytes(store), failed


# -- one story ---------------------------------------------------------------------------------------------------


def fix_pair(pair: DocumentPair, *, unsafe: bool, record: Record | None = None, path: Path | None = None,
             target_lang: str = "en") -> tuple[FixResult, bytes | str]:
    """Apply a checked story's fixes: (what was applied and left, the corrected text or file). With a record of
    a bilingual file and its path, the file is written back through translate-toolkit (bytes); else the text."""
    if record is None or not record.units or path is None or path.suffix.lower() not in WRITABLE_SUFFIXES:
        result = apply_fixes(pair.target.text, pair.findings, unsafe=unsafe)
        return result, result.text
    result, edits = apply_fixes_in_units(pair.target.text, pair.findings, record.units, unsafe=unsafe)
    data, failed = write_back(path, record, edits, target_lang)
    if failed:
        kept = {id(f) for edit in failed for f in edit.findings}
        result.left = sorted(result.left + [(f, NOT_PLACED) for f in result.applied if id(f) in kept],
                             key=lambda item: item[0].sort_key())
        result.applied = [f for f in result.applied if id(f) not in kept]
    return result, data


def fixed_copy(folder: Path, story_id: str, target_lang: str, bilingual: Path | None = None) -> Path:
    """Where ``batch --fix`` writes a story's corrected copy: story.en.fixed.txt, or story.xlf.fixed for a
    bilingual file written back (see FIXED); a story id's folders become folders under ``folder``."""
    if bilingual is not None:
        return folder / Path(story_id).parent / f"{bilingual.name}.{FIXED}"
    return folder / f"{story_id}.{target_lang}.{FIXED}.txt"


def describe(result: FixResult, pair: DocumentPair) -> list[str]:
    """stderr lines: each fix that was offered and could not be applied, then one line of counts."""
    lines = []
    counts = {NO_FIX: 0, FOR_REVIEW: 0}
    for finding, reason in result.left:
        if reason in counts:
            counts[reason] += 1
            continue
        flagged = " ".join(pair.target.text[finding.target_start : finding.target_end].split())
        lines.append(f"checktrans: {pair.id}: left {finding.code} at {finding.target_start}-{finding.target_end} "
                     f"\"{flagged}\": {reason}")
    others = len(result.left) - counts[NO_FIX] - counts[FOR_REVIEW]
    parts = [f"{n} {what}" for n, what in ((counts[NO_FIX], "with no fix"),
                                             (counts[FOR_REVIEW], "for review: --unsafe-fixes applies them"),
                                             (others, "named above")) if n]
    fixes, left = len(result.applied), len(result.left)
    lines.append(f"checktrans: {pair.id}: {fixes} {'fix' if fixes == 1 else 'fixes'} applied, "
                 f"{left} {'finding' if left == 1 else 'findings'} left" + (f" ({'; '.join(parts)})" if parts else ""))
    return lines


def left_at_gate(result: FixResult, fail_on: str) -> bool:
    level = Severity.parse(fail_on)
    return any(finding.severity >= level for finding, _ in result.left)


@click.command("fix")
@click.argument("files", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the corrected file (or the diff) here, atomically, instead of stdout.")
@click.option("--diff", is_flag=True, help="Print a unified diff (for `patch -p0`) instead of the corrected text.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply the fixes marked for review (first suggestion).")
@suppression_options(since=False)
@common_options
def fix(files, output, diff, unsafe_fixes, baseline, **common) -> None:
    """Apply the safe fixes to TARGET (checked against SOURCE), or to the targets of FILE.xlf / .tmx / .po.

    FILES: SOURCE TARGET (text files; - for stdin), or one XLIFF, TMX or PO file."""
    from ..baseline import Suppressions
    from ..outfile import check_output, output_stream
    from ..pipeline import Checker
    from ..read.text import read_text
    from ..record import unit_of

    if len(files) > 2:
        raise UsageError("give SOURCE TARGET, or one XLIFF, TMX or PO file")
    check_output(output, tuple(files))
    options = build_options(**common)
    suppressions = Suppressions.from_options(common.get("config_path"), baseline)
    record, path = None, None
    if len(files) == 1:
        path = Path(files[0])
        if path.suffix.lower() not in WRITABLE_SUFFIXES:
            raise UsageError(f"{path}: fix takes SOURCE TARGET, or one XLIFF, TMX or PO file")
        from ..read.formats import read_bilingual

        (record,) = list(read_bilingual(path, options.target_lang, options.source_lang, explicit=True))
        if not isinstance(record, Record):
            raise InputError(record.message)
        name = str(path)
    else:
        source, target = files
        if source == "-" and target == "-":
            raise UsageError("only one of SOURCE and TARGET can be stdin")
        src_text, doc_id = read_text(source)
        tgt_text, _ = read_text(target)
        record = Record(doc_id, src_text, tgt_text)
        name = target
    checker = Checker(options)
    pair = checker.check_texts(record.source, record.target, id=record.id, source_lang=record.source_lang,
                               target_lang=record.target_lang)
    for finding in pair.findings:
        finding.unit = unit_of(record.units, finding)
    suppressions.apply(pair)
    result, fixed = fix_pair(pair, unsafe=unsafe_fixes, record=record if path else None, path=path,
                             target_lang=options.target_lang)
    if isinstance(fixed, bytes):
        original = formats_bytes(path)
        if diff:
            out = unified_diff(original.decode("utf-8", "replace"), fixed.decode("utf-8", "replace"), name).encode()
        else:
            out = fixed
    else:
        out = unified_diff(record.target, fixed, name).encode("utf-8") if diff else encoded_like(fixed, name)
    with output_stream(output, tuple(files)) as stream:
        stream.flush()
        stream.buffer.write(out)
        stream.buffer.flush()
    for line in describe(result, pair):
        click.echo(line, err=True)
    sys.exit(1 if left_at_gate(result, options.fail_on) else 0)


def formats_bytes(path: Path) -> bytes:
    from ..read.formats import read_bytes

    return read_bytes(path)


# -- batch --fix -------------------------------------------------------------------------------------------------


class FixedCopies:
    """``batch --fix``: each story's corrected copy in ``folder`` (the report's), named by ``fixed_copy``; only
    stories with at least one fix applied get one. Written atomically, never over an input of the batch."""

    def __init__(self, folder: Path, inputs: tuple[str, ...], unsafe: bool, target_lang: str):
        self.folder, self.inputs, self.unsafe, self.target_lang = folder, inputs, unsafe, target_lang
        self.written: set[Path] = set()
        self.stories = self.fixes = 0

    def write(self, pair: DocumentPair, item, units: tuple, echo) -> None:
        """Fix ``pair``, read from the plan's ``item`` (a StoryFiles or Bilingual) with these units."""
        from ..outfile import output_stream

        path = getattr(item, "path", None)
        bilingual = path if path is not None and path.suffix.lower() in WRITABLE_SUFFIXES and units else None
        record = Record(pair.id, pair.source.text, pair.target.text, units=units)
        try:
            result, fixed = fix_pair(pair, unsafe=self.unsafe, record=record, path=bilingual,
                                     target_lang=self.target_lang)
        except (InputError, OSError) as err:
            echo(f"checktrans: {pair.id}: no fixed copy ({err})")
            return
        for line in describe(result, pair)[:-1]:
            echo(line)
        if not result.applied:
            return
        dest = fixed_copy(self.folder, _safe_id(pair.id), pair.target.lang or self.target_lang, bilingual)
        if dest.resolve() in self.written:
            echo(f"checktrans: {pair.id}: no fixed copy ({dest} was written for another story of this batch)")
            return
        target_file = getattr(item, "target", None)
        data = fixed if isinstance(fixed, bytes) else encoded_like(fixed, target_file or "-")
        dest.parent.mkdir(parents=True, exist_ok=True)
        with output_stream(str(dest), self.inputs) as stream:
            stream.flush()
            stream.buffer.write(data)
            stream.buffer.flush()
        self.written.add(dest.resolve())
        self.stories += 1
        self.fixes += len(result.applied)

    def summary(self) -> str:
        stories = f"{self.stories} {'story' if self.stories == 1 else 'stories'}"
        fixes = f"{self.fixes} {'fix' if self.fixes == 1 else 'fixes'}"
        return f"fixed copies: {stories}, {fixes} applied, in {self.folder}"


def _safe_id(story_id: str) -> str:
    """A story id as a relative path that stays in the folder (a manifest's ids are anyone's)."""
    from pathlib import PurePosixPath

    parts = [p for p in PurePosixPath(story_id.replace("\\", "/")).parts if p not in ("/", ".", "..")]
    return "/".join(parts) or "story"
