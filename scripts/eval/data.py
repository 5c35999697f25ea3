"""Loaders for the shared reference data (read in place from ../shared/corpora, never copied into the repo)."""
from __future__ import annotations

import csv
import json
import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def shared_corpora() -> Path:
    return Path(os.environ.get("CHECKTRANS_SHARED", REPO / ".." / "shared")).resolve() / "corpora"


class Missing(Exception):
    """A data set is absent: the measure is skipped with this message."""


def need(path: Path) -> Path:
    if not path.exists():
        raise Missing(f"{path} not found; skipped (set CHECKTRANS_SHARED to the folder holding corpora/)")
    return path


def read_lines(path: Path, limit: int | None = None) -> list[str]:
    with need(path).open(encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f]
    return lines[:limit] if limit else lines


def read_jsonl(path: Path, limit: int | None = None) -> list[dict]:
    with need(path).open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return rows[:limit] if limit else rows


# --- seed-format gold (demo story) --------------------------------------------------------------------------


def seed_documents() -> list[tuple[str, Path, Path, Path]]:
    """(id, source, target, gold) for each document with a gold file: the repo's demo plus the shared seed."""
    found: dict[str, tuple[str, Path, Path, Path]] = {}
    for folder in (REPO / "corpora" / "demo", shared_corpora() / "seed"):
        for gold in sorted(folder.glob("*.gold.jsonl")):
            stem = gold.name[: -len(".gold.jsonl")]
            src, tgt = folder / f"{stem}.fr.txt", folder / f"{stem}.en.txt"
            if src.exists() and tgt.exists() and stem not in found:
                found[stem] = (stem, src, tgt, gold)
    return [found[k] for k in sorted(found)]


# --- Bio-MQM dev (never the test split) ---------------------------------------------------------------------


def bio_mqm_dev(limit: int | None = None) -> list[dict]:
    return read_jsonl(shared_corpora() / "bio-mqm-dev" / "fr-en.dev.jsonl", limit)


# --- WMT news -----------------------------------------------------------------------------------------------


def wmt_paths(year: int) -> tuple[Path, Path, Path]:
    """(French source, English reference, systems folder) of newstest<year> fr-en."""
    root = shared_corpora() / "wmt" / f"newstest{year}"
    if year == 2014:
        return root / "newstest2014-fren.src.fr", root / "newstest2014-fren.ref.en", root / "systems"
    return root / f"newstest{year}.src.fr", root / f"newstest{year}.ref.en", root / "systems"


def wmt_system_file(year: int, system: str) -> Path:
    """The output file of one system; names differ by year (newstest2012.fr-en.NAME, newstest2014.NAME.N.fr-en)."""
    folder = wmt_paths(year)[2]
    exact = folder / f"newstest{year}.fr-en.{system}"
    if exact.exists():
        return exact
    matches = sorted(p for p in need(folder).iterdir() if f".{system}." in p.name or p.name.endswith(f".{system}"))
    if not matches:
        raise Missing(f"no output of system {system} in {folder}")
    return matches[0]


def wmt12_rankings() -> list[dict]:
    """WMT12 fr-en 5-way rankings: {"src_index": 0-based line, "ranks": [(system, rank)]}, blanks (-1) dropped."""
    path = need(shared_corpora() / "wmt" / "wmt12_manual_eval" / "wmt12.RNK_results.fr-en.csv")
    out = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            ranks = []
            for k in range(1, 6):
                rank = int(row[f"system{k}rank"])
                if rank > 0:
                    ranks.append((row[f"system{k}Id"], rank))
            out.append({"src_index": int(row["srcIndex"]) - 1, "judge": row["judgeId"], "ranks": ranks})
    return out


# --- alignment and retrieval --------------------------------------------------------------------------------


def alibi(limit: int | None = None) -> list[dict]:
    """ALIBI pairs: {"fr": tokens, "en": tokens, "sure": {(i, j)}, "possible": {(i, j)}} (French index first).

    Extended Pharaoh: "i-j" is a sure link, "ipj" a possible one; indices are 0-based tokens of the tokenized
    sentence files (French first, as the folder names give the pair).
    """
    root = need(shared_corpora() / "alignment" / "word-alibi" / "ali")
    pairs = []
    for book in sorted(p for p in root.iterdir() if p.is_dir()):
        ali = next(iter(sorted(book.glob("ali_w2w_*.txt"))), None)
        if ali is None:
            continue
        fr_name, en_name = book.name.split("_", 1)
        fr = _id_lines(book / f"{fr_name}_sents.txt")
        en = _id_lines(book / f"{en_name}_sents.txt")
        for sid, links in sorted(_id_lines(ali).items(), key=lambda kv: int(kv[0])):
            if sid not in fr or sid not in en:
                continue
            sure, possible = set(), set()
            for link in links.split():
                sep = "p" if "p" in link else "-"
                i, j = link.split(sep)
                (possible if sep == "p" else sure).add((int(i), int(j)))
            pairs.append({"id": f"{book.name}:{sid}", "fr": fr[sid].split(), "en": en[sid].split(),
                          "sure": sure, "possible": possible})
    return pairs[:limit] if limit else pairs


def _id_lines(path: Path) -> dict[str, str]:
    out = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            sid, _, text = line.rstrip("\n").partition("\t")
            out[sid] = text
    return out


def tatoeba(limit: int | None = None) -> tuple[list[str], list[str]]:
    root = shared_corpora() / "tatoeba"
    return read_lines(root / "tatoeba.fra-eng.fra", limit), read_lines(root / "tatoeba.fra-eng.eng", limit)
