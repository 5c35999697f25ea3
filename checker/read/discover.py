"""Finding the stories in the paths a batch is given, then reading them one at a time.

Three ways to lay out plain-text stories, besides the bilingual files of ``formats``:

- naming convention, in one folder: ``story.fr.txt`` + ``story.en.txt`` (any ISO 639-1 code, region allowed:
  ``story.pt-BR.txt``), with an optional reference ``story.ref.en.txt`` or ``story.en.ref.txt``;
- parallel folders: ``fr/story.txt`` + ``en/story.txt`` (sub-folders named by language code);
- a manifest (``manifest.csv``, ``*.manifest.jsonl``, or any CSV named on the command line).

``plan`` only lists (cheap, so that the output path can be checked against every input before anything is
written); ``records`` reads lazily, one story at a time, so that a large archive runs in bounded memory.
Files and folders whose names start with a dot are skipped (temporary and hidden files).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from .formats import BILINGUAL_SUFFIXES, BadRecord, Record, is_manifest, manifest_rows, read_bilingual
from .text import read_text

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
class TextPair:
    """Two (or three) plain-text files that make one story."""

    id: str
    source: Path
    target: Path
    reference: Path | None = None
    source_lang: str | None = None
    target_lang: str | None = None
    origin: str = ""  # "fr/story.txt + en/story.txt", relative to the path given, for messages


@dataclass(frozen=True)
class Bilingual:
    """A bilingual file or a manifest: one or more stories."""

    path: Path
    explicit: bool = False


@dataclass
class Plan:
    items: list[TextPair | Bilingual | BadRecord] = field(default_factory=list)
    inputs: set[Path] = field(default_factory=set)  # every file that will be read, resolved


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
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def _id(root: Path, folder: Path, stem: str) -> str:
    """Ids relative to the path given, so that two folders' story.fr.txt stay apart."""
    try:
        rel = folder.relative_to(root)
    except ValueError:
        rel = Path()
    return (rel / stem).as_posix()


class _Planner:
    def __init__(self, target_lang: str, source_lang: str | None):
        self.target_lang = target_lang
        self.source_lang = source_lang
        self.plan = Plan()
        self.seen: set[tuple] = set()

    def add(self, item: TextPair | Bilingual | BadRecord, key: tuple, *paths: Path) -> None:
        if key in self.seen:
            return
        self.seen.add(key)
        self.plan.items.append(item)
        self.plan.inputs.update(p.resolve() for p in paths if p is not None)

    # -- naming convention ------------------------------------------------------------------------------------

    def group(self, root: Path, folder: Path, names: list[str], only_stem: str | None = None) -> None:
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
            self._pair_group(root, folder, stem, *groups[stem])

    def _pair_group(self, root: Path, folder: Path, stem: str, texts: dict[str, str], refs: dict[str, str]) -> None:
        from .formats import same_language

        target = next((name for lang, name in texts.items() if same_language(lang, self.target_lang)), None)
        sources = {
            lang: name for lang, name in texts.items()
            if not same_language(lang, self.target_lang)
            and (self.source_lang is None or same_language(lang, self.source_lang))
        }
        rec_id = _id(root, folder, stem)
        if target is None:
            for lang, name in sorted(sources.items()) or sorted(texts.items()):
                shown = _shown(root, folder / name)
                message = f"{shown}: no matching {stem}.{self.target_lang}.txt beside it"
                self.add(BadRecord(rec_id, shown, message), ("bad", (folder / name).resolve()), folder / name)
            return
        if not sources:
            shown = _shown(root, folder / target)
            message = f"{shown}: no source text ({stem}.xx.txt) beside it"
            self.add(BadRecord(rec_id, shown, message), ("bad", (folder / target).resolve()), folder / target)
            return
        ref_name = next((name for lang, name in refs.items() if same_language(lang, self.target_lang)), None)
        reference = folder / ref_name if ref_name else None
        for lang, name in sorted(sources.items()):
            pair_id = rec_id if len(sources) == 1 else f"{rec_id}.{lang}"
            origin = f"{_shown(root, folder / name)} + {_shown(root, folder / target)}"
            item = TextPair(pair_id, folder / name, folder / target, reference, lang, self.target_lang, origin)
            self.add(item, ("pair", (folder / name).resolve(), (folder / target).resolve()),
                     item.source, item.target, reference)

    # -- folders ------------------------------------------------------------------------------------------------

    def folder(self, root: Path) -> None:
        claimed: set[Path] = set()
        # Manifests first: the files they name are theirs, not paired again by name.
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if _visible(d))
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if _visible(name) and is_manifest(path):
                    claimed.update(_manifest_files(path))
        for dirpath, dirnames, filenames in os.walk(root):
            folder = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if _visible(d))
            lang_dirs = {d: language_code(d) for d in dirnames if language_code(d)}
            if any(_same(code, self.target_lang) for code in lang_dirs.values()) and len(lang_dirs) >= 2:
                self._parallel(root, folder, lang_dirs)
                dirnames[:] = [d for d in dirnames if d not in lang_dirs]
            names = [n for n in sorted(filenames) if _visible(n) and (folder / n).resolve() not in claimed]
            for name in names:
                path = folder / name
                if is_manifest(path) or path.suffix.lower() in BILINGUAL_SUFFIXES:
                    self.add(Bilingual(path), ("bilingual", path.resolve()), path, *_manifest_files(path))
            self.group(root, folder, names)

    def _parallel(self, root: Path, folder: Path, lang_dirs: dict[str, str]) -> None:
        """fr/a/story.txt pairs with en/a/story.txt: same relative path under each language folder."""
        target_dir = next(d for d, code in sorted(lang_dirs.items()) if _same(code, self.target_lang))
        target_files = _relative_files(folder / target_dir)
        matched: set[Path] = set()
        for src_dir, code in sorted(lang_dirs.items()):
            if src_dir == target_dir or (self.source_lang and not _same(code, self.source_lang)):
                continue
            several = sum(1 for c in lang_dirs.values() if not _same(c, self.target_lang)) > 1
            for rel in sorted(_relative_files(folder / src_dir)):
                source = folder / src_dir / rel
                rec_id = _id(root, folder, rel.with_suffix("").as_posix()) + (f".{code}" if several else "")
                target = folder / target_dir / rel
                if rel not in target_files:
                    message = f"{_shown(root, source)}: no matching {_shown(root, target)}"
                    self.add(BadRecord(rec_id, _shown(root, source), message), ("bad", source.resolve()), source)
                    continue
                matched.add(rel)
                origin = f"{_shown(root, source)} + {_shown(root, target)}"
                item = TextPair(rec_id, source, target, None, code, lang_dirs[target_dir], origin)
                self.add(item, ("pair", source.resolve(), target.resolve()), source, target)
        for rel in sorted(target_files - matched):
            target = folder / target_dir / rel
            message = f"{_shown(root, target)}: no source text in another language folder"
            rec_id = _id(root, folder, rel.with_suffix("").as_posix())
            self.add(BadRecord(rec_id, _shown(root, target), message), ("bad", target.resolve()), target)

    # -- single files -------------------------------------------------------------------------------------------

    def file(self, path: Path) -> None:
        if is_manifest(path, explicit=True) or path.suffix.lower() in BILINGUAL_SUFFIXES:
            self.add(Bilingual(path, explicit=True), ("bilingual", path.resolve()), path, *_manifest_files(path))
            return
        parsed = _convention(path.name)
        if parsed is None:
            message = (f"{path.name}: cannot tell its language: name the files story.fr.txt and "
                       f"story.{self.target_lang}.txt, or give a TMX, XLIFF, PO, TSV, JSONL file or a manifest")
            self.add(BadRecord(path.stem, path.name, message), ("bad", path.resolve()), path)
            return
        folder = path.parent
        # Two files named on the command line pair as if their folder had been given (ids from the stem).
        names = sorted(n for n in os.listdir(folder) if _visible(n)) if folder.is_dir() else [path.name]
        self.group(folder, folder, names, only_stem=parsed[0])


def _same(a: str, b: str | None) -> bool:
    from .formats import same_language

    return same_language(a, b)


def _relative_files(folder: Path) -> set[Path]:
    out = set()
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if _visible(d)]
        out.update((Path(dirpath) / n).relative_to(folder) for n in filenames if _visible(n))
    return out


def _manifest_files(path: Path) -> list[Path]:
    """The files a manifest names (a bad manifest names none: reading it later reports why)."""
    if not is_manifest(path, explicit=True):
        return []
    try:
        rows = list(manifest_rows(path))
    except InputError:
        return []
    return [
        (path.parent / row[key]).resolve()
        for _, row in rows
        for key in ("source", "target", "reference")
        if isinstance(row.get(key), str) and row.get(key)
    ]


def plan(paths: list[Path], target_lang: str = "en", source_lang: str | None = None) -> Plan:
    """List the stories under ``paths`` (files or folders) without reading them. Missing paths raise InputError."""
    planner = _Planner(target_lang, source_lang)
    for path in paths:
        if path.is_dir():
            planner.folder(path)
        elif path.exists():
            planner.file(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return planner.plan


def records(the_plan: Plan, target_lang: str = "en", source_lang: str | None = None) -> Iterator[Record | BadRecord]:
    """Read the planned stories one at a time; whatever cannot be read becomes a BadRecord."""
    for item in the_plan.items:
        if isinstance(item, BadRecord):
            yield item
        elif isinstance(item, Bilingual):
            yield from read_bilingual(item.path, target_lang, source_lang, explicit=item.explicit)
        else:
            try:
                source, _ = read_text(item.source)
                target, _ = read_text(item.target)
                reference = read_text(item.reference)[0] if item.reference else None
            except InputError as err:
                yield BadRecord(item.id, item.origin, str(err))
                continue
            yield Record(item.id, source, target, reference, item.origin, item.source_lang, item.target_lang)
