"""Finding the stories in the paths a batch is given, then reading them one at a time.

Three ways to lay out plain-text stories, besides the bilingual files of ``formats``:

- naming convention, in one folder: ``story.fr.txt`` + ``story.en.txt`` (any ISO 639-1 code, region allowed:
  ``story.pt-BR.txt``), with an optional reference ``story.ref.en.txt`` or ``story.en.ref.txt``;
- parallel folders: ``fr/story.txt`` + ``en/story.txt`` (sub-folders named by language code);
- a manifest (``manifest.csv``, ``*.manifest.jsonl``, or any CSV named on the command line).

``plan`` only lists (cheap, so that the output path can be checked against every input before anything is
written); ``records`` reads lazily, one story at a time, so that a large archive runs in bounded memory.
Files and folders whose names start with a dot are skipped (temporary and hidden files, such as the
``.report.html.x8k2`` an output file is written to before it is renamed into place), and so are the files in
``exclude`` (this run's own outputs, so that a report written inside the batch folder is never read back; a
story already at an output path stays an input, for the command to refuse to write over it).

A batch folder may come from anywhere (a CMS export, an archive), so what it holds is confined to it: a file
that resolves outside the folder given — a symlink, a manifest row ``../../../etc/passwd`` or ``/etc/passwd`` —
is refused for that story alone, before anything is read, unless ``allow_outside=True``. A path named on the
command line is its own root: the file itself is read wherever it is; what sits beside it or a manifest names
must stay in its folder. Whatever cannot be found, resolved or read (a symlink loop, a broken symlink, a folder
or file without permission, a FIFO) fails that story or that folder alone, as a BadRecord saying why.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from ..errors import InputError
from .formats import (
    BILINGUAL_SUFFIXES,
    BadRecord,
    Record,
    is_manifest,
    manifest_rows,
    read_bilingual,
    read_manifest,
)
from .text import decode, max_bytes, read_bytes

TEXT_SUFFIX = ".txt"
_CODE = re.compile(r"^([a-z]{2})(?:[-_]([A-Za-z]{2}|\d{3}))?$")


@lru_cache(maxsize=1)
def _iso639_1() -> frozenset[str]:
    """Two-letter language codes, from CLDR (through Babel): data, not a list kept here."""
    from babel import Locale

    return frozenset(code for code in Locale("en").languages if len(code) == 2)


def language_code(part: str) -> str | None:
    """'fr', 'pt-BR', 'pt_BR' → the code as written; anything else (a word, 'v2', 'md') → None."""
    match = _CODE.match(part)
    if match and match.group(1) in _iso639_1():
        return part
    return None


@dataclass(frozen=True)
class StoryFiles:
    """Two (or three) plain-text files that make one story."""

    id: str
    source: Path
    target: Path
    reference: Path | None = None
    source_lang: str | None = None
    target_lang: str | None = None
    origin: str = ""  # "fr/story.txt + en/story.txt", relative to the path given, for messages
    root: Path | None = None  # the real folder its files must resolve into (None: anywhere)


@dataclass(frozen=True)
class Bilingual:
    """A bilingual file or a manifest: one or more stories."""

    path: Path
    explicit: bool = False
    root: Path | None = None  # the real folder it and the files a manifest names must resolve into


@dataclass
class Plan:
    items: list[StoryFiles | Bilingual | BadRecord] = field(default_factory=list)
    inputs: set[Path] = field(default_factory=set)  # every file that will be read, resolved
    explicit: set[Path] = field(default_factory=set)  # files named on the command line (absolute): read anywhere
    exclude: frozenset[Path] = frozenset()  # this run's outputs (resolved) that are not inputs: see _outputs
    allow_outside: bool = False

    def locate(self, path: Path, root: Path | None, name: str) -> Path:
        """Where to read ``path`` from in this batch (``locate``): a file named on the command line is read
        wherever it is and whatever it is (``<(zcat story.gz)`` is a pipe); any other must resolve into ``root``
        (unless the batch allows outside), be no output of this run, and be a regular file."""
        named = Path(os.path.abspath(path)) in self.explicit
        return locate(path, None if named or self.allow_outside else root, name,
                      exclude=() if named else self.exclude, regular=not named)


# -- where a file really is -------------------------------------------------------------------------------------


def _real(path: Path) -> Path:
    """The path with every symlink followed, as far as they lead; never raises (a loop stays where it loops)."""
    try:
        return Path(os.path.realpath(path))
    except (OSError, ValueError):  # a NUL byte in a manifest row: no such file anywhere
        return Path(os.path.abspath(path))


# Every report carries the run's signature ("checktrans:0.1.0|model:…"): at the top of JSON, JSONL and CSV, on the
# last line of a text report.
_SIGNATURE = re.compile(rb"checktrans:\d+\.\d+")


def _outputs(paths: Iterable[Path]) -> frozenset[Path]:
    """The output paths a batch may skip as inputs: those with nothing there yet or an earlier report there.

    A story or a JSONL of stories at an output path stays an input, so that the command refuses to write over it
    ("is one of the inputs") instead of dropping it from the batch and then replacing it with the report."""
    return frozenset(real for real in map(_real, map(Path, paths)) if _nothing_or_a_report(real))


def _nothing_or_a_report(path: Path) -> bool:
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            return False
        with open(path, "rb") as handle:
            head = handle.read(1 << 16)
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(len(head), size - 4096))
            tail = handle.read()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return not head.strip() or bool(_SIGNATURE.search(head) or _SIGNATURE.search(tail))


def _why(path: Path, err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "symlink loop"
    if err.errno in (errno.ENOENT, errno.ENOTDIR):
        if os.path.islink(path):
            try:
                return f"broken symlink (to {os.readlink(path)}, which does not exist)"
            except OSError:
                return "broken symlink"
        return "no such file"
    if err.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return f"cannot be read ({err.strerror or err})"


def locate(path: Path, root: Path | None, name: str, *, exclude: Iterable[Path] = (), regular: bool = True) -> Path:
    """The real file behind ``path``, to be read in its place; an InputError naming ``name`` says why not.

    ``root``: the real folder the file must resolve into (None: anywhere). Containment is decided before
    anything else, so that a refused path never tells whether something exists outside the folder.
    ``regular``: refuse FIFOs, sockets and devices (a FIFO nobody writes to would hang the batch)."""
    if "\0" in str(path):
        raise InputError(f"{name}: not a usable file name (it holds a NUL character)")
    real = _real(path)
    if root is not None and not real.is_relative_to(root):
        raise InputError(f"{name}: outside the batch folder (refused; --allow-outside reads it)")
    if real in exclude:
        raise InputError(f"{name}: an output of this run, not an input")
    try:
        mode = os.stat(real).st_mode
    except OSError as err:
        raise InputError(f"{name}: {_why(path, err)}") from None
    if stat.S_ISDIR(mode):
        raise InputError(f"{name}: is a directory, not a text file")
    if regular and not stat.S_ISREG(mode):
        raise InputError(f"{name}: not a regular file (a FIFO, socket or device), not read")
    return real


def _read_text(path: Path, root: Path | None, plan: Plan) -> str:
    """A story file's text, read from where it really is, once it is known to be allowed there."""
    name = str(path)
    real = plan.locate(path, root, name)
    return decode(read_bytes(real, max_bytes(), name), name)


# -- finding the stories ----------------------------------------------------------------------------------------


def _convention(name: str) -> tuple[str, str, bool] | None:
    """'story.fr.txt' → ('story', 'fr', False); 'story.ref.en.txt' / 'story.en.ref.txt' → ('story', 'en', True)."""
    if not name.lower().endswith(TEXT_SUFFIX):
        return None
    parts = name[: -len(TEXT_SUFFIX)].split(".")
    if len(parts) >= 3 and parts[-1] == "ref" and language_code(parts[-2]):
        return ".".join(parts[:-2]), parts[-2], True
    if len(parts) >= 3 and parts[-2] == "ref" and language_code(parts[-1]):
        return ".".join(parts[:-2]), parts[-1], True
    if len(parts) >= 2 and language_code(parts[-1]):
        return ".".join(parts[:-1]), parts[-1], False
    return None


# Files that sit beside stories but are not stories: hidden files, and gold annotations of errors
# (``story.gold.jsonl``, the evaluation format of scripts/evaluate.py).
NOT_STORIES = (".gold.jsonl",)


def _visible(name: str) -> bool:
    return not name.startswith(".") and not name.endswith(NOT_STORIES)


def _shown(root: Path, path: Path) -> str:
    """A path as messages show it: relative to the folder the user named."""
    try:
        shown = path.relative_to(root).as_posix()
    except ValueError:
        return path.name
    return str(path) if shown == "." else shown


def _id(root: Path, folder: Path, stem: str) -> str:
    """Ids relative to the path given, so that two folders' story.fr.txt stay apart."""
    try:
        rel = folder.relative_to(root)
    except ValueError:
        rel = Path()
    return (rel / stem).as_posix()


class _Planner:
    def __init__(self, target_lang: str, source_lang: str | None, allow_outside: bool, exclude: frozenset[Path]):
        self.target_lang = target_lang
        self.source_lang = source_lang
        self.plan = Plan(exclude=exclude, allow_outside=allow_outside)
        self.seen: set[tuple] = set()

    def add(self, item: StoryFiles | Bilingual | BadRecord, key: tuple, *paths: Path) -> None:
        if key in self.seen:
            return
        self.seen.add(key)
        self.plan.items.append(item)
        self.plan.inputs.update(_real(p) for p in paths if p is not None)

    def readable(self, paths: Iterable[Path], root: Path) -> list[Path]:
        """Those of ``paths`` (resolved) that this batch may read: in ``root`` unless allowed, no output of it."""
        return [p for p in paths if (self.plan.allow_outside or p.is_relative_to(root)) and p not in self.plan.exclude]

    def refused(self, root: Path, path: Path, confined: Path | None) -> str | None:
        """Why a file found under ``root`` may not be read (one line), or None."""
        try:
            self.plan.locate(path, confined, _shown(root, path))
        except InputError as err:
            return str(err)
        return None

    def excluded(self, path: Path) -> bool:
        return bool(self.plan.exclude) and _real(path) in self.plan.exclude

    def walk(self, root: Path, top: Path, report: bool = True) -> Iterator[tuple[str, list[str], list[str]]]:
        """os.walk without following symlinked folders; a folder that cannot be listed is one BadRecord."""
        def failed(err: OSError) -> None:
            if report:
                where = Path(err.filename) if err.filename else top
                shown = _shown(root, where)
                message = f"{shown}: cannot be listed ({_why(where, err)})"
                self.add(BadRecord(shown, shown, message), ("unlisted", _real(where)))

        yield from os.walk(top, onerror=failed)

    def pair(self, item: StoryFiles, root: Path, key: tuple) -> None:
        """A pair of files, or the first reason one of them may not be read (the story alone fails)."""
        files = [p for p in (item.source, item.target, item.reference) if p is not None]
        problem = next(filter(None, (self.refused(root, p, item.root) for p in files)), None)
        if problem:
            self.add(BadRecord(item.id, item.origin, problem), key)
        else:
            self.add(item, key, *files)

    # -- naming convention ------------------------------------------------------------------------------------

    def group(self, root: Path, folder: Path, names: list[str], confined: Path, only_stem: str | None = None) -> None:
        groups: dict[str, tuple[dict[str, str], dict[str, str]]] = {}
        for name in names:
            parsed = _convention(name)
            if parsed is None:
                continue
            stem, lang, is_ref = parsed
            if only_stem is not None and stem != only_stem:
                continue
            texts, refs = groups.setdefault(stem, ({}, {}))
            (refs if is_ref else texts)[lang] = name
        for stem in sorted(groups):
            self._pair_group(root, folder, stem, *groups[stem], confined)

    def _pair_group(self, root: Path, folder: Path, stem: str, texts: dict[str, str], refs: dict[str, str],
                    confined: Path) -> None:
        from .formats import same_language

        target = next((name for lang, name in texts.items() if same_language(lang, self.target_lang)), None)
        sources = {
            lang: name for lang, name in texts.items()
            if not same_language(lang, self.target_lang)
            and (self.source_lang is None or same_language(lang, self.source_lang))
        }
        rec_id = _id(root, folder, stem)
        if target is None:
            for _lang, name in sorted(sources.items()) or sorted(texts.items()):
                shown = _shown(root, folder / name)
                message = f"{shown}: no matching {stem}.{self.target_lang}.txt beside it"
                self.add(BadRecord(rec_id, shown, message), ("bad", _real(folder / name)))
            return
        if not sources:
            shown = _shown(root, folder / target)
            message = f"{shown}: no source text ({stem}.xx.txt) beside it"
            self.add(BadRecord(rec_id, shown, message), ("bad", _real(folder / target)))
            return
        ref_name = next((name for lang, name in refs.items() if same_language(lang, self.target_lang)), None)
        reference = folder / ref_name if ref_name else None
        for lang, name in sorted(sources.items()):
            pair_id = rec_id if len(sources) == 1 else f"{rec_id}.{lang}"
            origin = f"{_shown(root, folder / name)} + {_shown(root, folder / target)}"
            item = StoryFiles(pair_id, folder / name, folder / target, reference, lang, self.target_lang, origin,
                            confined)
            self.pair(item, root, ("pair", _real(folder / name), _real(folder / target)))

    # -- folders ------------------------------------------------------------------------------------------------

    def folder(self, root: Path) -> None:
        confined = _real(root)  # what is found under root must stay in it
        claimed: set[Path] = set()
        # Manifests first: the files they name are theirs, not paired again by name.
        for dirpath, dirnames, filenames in self.walk(root, root, report=False):
            dirnames[:] = sorted(d for d in dirnames if _visible(d))
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if _visible(name) and is_manifest(path) and not self.refused(root, path, confined):
                    claimed.update(self.readable(_manifest_files(path), confined))
        for dirpath, dirnames, filenames in self.walk(root, root):
            folder = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if _visible(d))
            lang_dirs = {d: language_code(d) for d in dirnames if language_code(d)}
            if any(_same(code, self.target_lang) for code in lang_dirs.values()) and len(lang_dirs) >= 2:
                self._parallel(root, folder, lang_dirs, confined)
                dirnames[:] = [d for d in dirnames if d not in lang_dirs]
            names = [n for n in sorted(filenames)
                     if _visible(n) and _real(folder / n) not in claimed and not self.excluded(folder / n)]
            for name in names:
                path = folder / name
                if is_manifest(path) or path.suffix.lower() in BILINGUAL_SUFFIXES:
                    self.bilingual(Bilingual(path, root=confined), root)
            self.group(root, folder, names, confined)

    def bilingual(self, item: Bilingual, root: Path) -> None:
        key = ("bilingual", _real(item.path))
        problem = self.refused(root, item.path, item.root)
        if problem:
            self.add(BadRecord(item.path.stem, _shown(root, item.path), problem), key)
        else:
            self.add(item, key, item.path, *self.readable(_manifest_files(item.path), item.root))

    def _parallel(self, root: Path, folder: Path, lang_dirs: dict[str, str], confined: Path) -> None:
        """fr/a/story.txt pairs with en/a/story.txt: same relative path under each language folder."""
        target_dir = next(d for d, code in sorted(lang_dirs.items()) if _same(code, self.target_lang))
        target_files = self._relative_files(root, folder / target_dir)
        matched: set[Path] = set()
        for src_dir, code in sorted(lang_dirs.items()):
            if src_dir == target_dir or (self.source_lang and not _same(code, self.source_lang)):
                continue
            several = sum(1 for c in lang_dirs.values() if not _same(c, self.target_lang)) > 1
            for rel in sorted(self._relative_files(root, folder / src_dir)):
                source = folder / src_dir / rel
                rec_id = _id(root, folder, rel.with_suffix("").as_posix()) + (f".{code}" if several else "")
                target = folder / target_dir / rel
                if rel not in target_files:
                    message = f"{_shown(root, source)}: no matching {_shown(root, target)}"
                    self.add(BadRecord(rec_id, _shown(root, source), message), ("bad", _real(source)))
                    continue
                matched.add(rel)
                origin = f"{_shown(root, source)} + {_shown(root, target)}"
                item = StoryFiles(rec_id, source, target, None, code, lang_dirs[target_dir], origin, confined)
                self.pair(item, root, ("pair", _real(source), _real(target)))
        for rel in sorted(target_files - matched):
            target = folder / target_dir / rel
            message = f"{_shown(root, target)}: no source text in another language folder"
            rec_id = _id(root, folder, rel.with_suffix("").as_posix())
            self.add(BadRecord(rec_id, _shown(root, target), message), ("bad", _real(target)))

    def _relative_files(self, root: Path, folder: Path) -> set[Path]:
        out = set()
        for dirpath, dirnames, filenames in self.walk(root, folder):
            dirnames[:] = [d for d in dirnames if _visible(d)]
            out.update((Path(dirpath) / n).relative_to(folder) for n in filenames
                       if _visible(n) and not self.excluded(Path(dirpath) / n))
        return out

    # -- single files -------------------------------------------------------------------------------------------

    def file(self, path: Path) -> None:
        self.plan.explicit.add(Path(os.path.abspath(path)))
        folder = path.parent
        confined = _real(folder)  # the file named may be anywhere; what is beside it may not
        if is_manifest(path, explicit=True) or path.suffix.lower() in BILINGUAL_SUFFIXES:
            self.bilingual(Bilingual(path, explicit=True, root=confined), folder)
            return
        parsed = _convention(path.name)
        if parsed is None:
            message = (f"{path.name}: cannot tell its language: name the files story.fr.txt and "
                       f"story.{self.target_lang}.txt, or give a TMX, XLIFF, PO, TSV, JSONL file or a manifest")
            self.add(BadRecord(path.stem, path.name, message), ("bad", _real(path)), path)
            return
        # Two files named on the command line pair as if their folder had been given (ids from the stem).
        try:
            names = sorted(n for n in os.listdir(folder) if _visible(n) and not self.excluded(folder / n))
        except OSError:  # a folder that can be entered but not listed: the file named is still there
            names = []
        if path.name not in names:
            names.append(path.name)
        self.group(folder, folder, names, confined, only_stem=parsed[0])

    def broken(self, path: Path, err: OSError) -> None:
        """A path on the command line that is there but cannot be followed (a loop, a broken link, no access)."""
        message = f"{path}: {_why(path, err)}"
        self.add(BadRecord(path.stem or str(path), str(path), message), ("bad", _real(path)))


def _same(a: str, b: str | None) -> bool:
    from .formats import same_language

    return same_language(a, b)


def _manifest_files(path: Path) -> list[Path]:
    """The files a manifest names, resolved (a bad manifest names none: reading it later reports why)."""
    if not is_manifest(path, explicit=True):
        return []
    try:
        rows = list(manifest_rows(path))
    except InputError:
        return []
    return [
        _real(path.parent / row[key])
        for _, row in rows
        for key in ("source", "target", "reference")
        if isinstance(row.get(key), str) and row.get(key)
    ]


def plan(paths: list[Path], target_lang: str = "en", source_lang: str | None = None, *,
         allow_outside: bool = False, exclude: Iterable[Path] = ()) -> Plan:
    """List the stories under ``paths`` (files or folders) without reading them. Missing paths raise InputError.

    ``allow_outside``: read files that resolve outside the folder given (symlinks, manifest rows); refused by
    default. ``exclude``: this run's output files, not taken as inputs when there is nothing there yet or an
    earlier report (a story there stays an input: see ``_outputs``).
    """
    planner = _Planner(target_lang, source_lang, allow_outside, _outputs(exclude))
    for path in map(Path, paths):
        try:
            mode = os.stat(path).st_mode
        except OSError as err:
            if err.errno in (errno.ENOENT, errno.ENOTDIR) and not os.path.lexists(path):
                raise InputError(f"{path}: no such file or folder") from None
            planner.broken(path, err)
            continue
        except ValueError:
            raise InputError(f"{path!r}: not a usable path") from None
        if stat.S_ISDIR(mode):
            planner.folder(path)
        else:
            planner.file(path)
    return planner.plan


# -- reading them -----------------------------------------------------------------------------------------------


def records(the_plan: Plan, target_lang: str = "en", source_lang: str | None = None, *,
            allow_outside: bool | None = None, exclude: Iterable[Path] | None = None) -> Iterator[Record | BadRecord]:
    """Read the planned stories one at a time; whatever cannot be read becomes a BadRecord.

    Each file is located again just before it is read (the folder may have changed since it was planned) and read
    from where it really is. ``allow_outside`` and ``exclude`` default to the plan's; given here, they replace them
    for what is read now (a story the plan already refused stays refused).
    """
    if allow_outside is not None:
        the_plan = replace(the_plan, allow_outside=allow_outside)
    if exclude is not None:
        the_plan = replace(the_plan, exclude=_outputs(exclude))
    for item in the_plan.items:
        if isinstance(item, BadRecord):
            yield item
            continue
        try:
            yield from _read(item, the_plan, target_lang, source_lang)
        except (OSError, ValueError, RuntimeError) as err:  # nothing one file does may end the batch
            path = getattr(item, "path", None) or item.source
            yield BadRecord(getattr(item, "id", path.stem), str(path), f"{path}: cannot be read ({err})")


def _read(item: StoryFiles | Bilingual, the_plan: Plan, target_lang: str, source_lang: str | None
          ) -> Iterator[Record | BadRecord]:
    if isinstance(item, Bilingual):
        try:
            the_plan.locate(item.path, item.root, item.path.name)
        except InputError as err:
            yield BadRecord(item.path.stem, item.path.name, str(err))
            return
        if is_manifest(item.path, item.explicit):
            yield from _read_manifest(item.path, item.root, the_plan)
        else:
            yield from read_bilingual(item.path, target_lang, source_lang, explicit=item.explicit)
        return
    try:
        source = _read_text(item.source, item.root, the_plan)
        target = _read_text(item.target, item.root, the_plan)
        reference = _read_text(item.reference, item.root, the_plan) if item.reference else None
    except InputError as err:
        yield BadRecord(item.id, item.origin, str(err))
        return
    yield Record(item.id, source, target, reference, item.origin, item.source_lang, item.target_lang)


def _read_manifest(path: Path, root: Path | None, the_plan: Plan) -> Iterator[Record | BadRecord]:
    """A manifest's stories (formats.read_manifest), each named file checked to resolve into ``root`` before
    it is read."""
    try:
        yield from read_manifest(path, read=lambda file: _read_text(file, root, the_plan))
    except InputError as err:
        yield BadRecord(path.stem, path.name, str(err))
