"""An archive-sized input for `checktrans batch --engine ray`, made from the shared WMT data (never shipped).

    python scripts/make_archive.py OUT_DIR [--pairs 100000] [--shards 50] [--format jsonl|parquet] [--reference]

Every system output of WMT newstest2012–2014 fr→en beside its French source line is one pair: 15, 19 and 8
systems over 3,003, 3,000 and 3,003 lines make 126,069 real MT pairs, each French sentence translated by many
systems. They are shuffled (seed 0, so that a block of the archive holds few repeats of one source sentence, which
the encoder would meet only once) and cut to --pairs, then written as shards of one story a line:
{"id": "wmt13-DCU-0042", "source": …, "target": …[, "reference": …]}. Ids are stable from one run to the next.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from eval import data  # noqa: E402


def system_name(path: Path, year: int) -> str:
    """'newstest2013.fr-en.DCU__primary.2828' → 'DCU__primary'; 'newstest2014.kit.3112.fr-en' → 'kit'."""
    name = path.name.replace(f"newstest{year}.", "").replace("fr-en.", "").replace(".fr-en", "")
    name = re.sub(r"\.\d+$", "", name)
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")


def pairs(reference: bool) -> list[dict]:
    out = []
    for year in (2012, 2013, 2014):
        src, ref, systems = data.wmt_paths(year)
        sources, references = data.read_lines(src), data.read_lines(ref)
        for path in sorted(data.need(systems).iterdir()):
            name = system_name(path, year)
            for k, (s, t) in enumerate(zip(sources, data.read_lines(path), strict=False)):
                if not s.strip() or not t.strip():
                    continue
                row = {"id": f"wmt{year % 100}-{name}-{k:04d}", "source": s, "target": t}
                if reference:
                    row["reference"] = references[k]
                out.append(row)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--pairs", type=int, default=100_000)
    ap.add_argument("--shards", type=int, default=50)
    ap.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl")
    ap.add_argument("--reference", action="store_true", help="add each line's human reference")
    args = ap.parse_args()
    try:
        rows = pairs(args.reference)
    except data.Missing as missing:
        print(f"make_archive: {missing}", file=sys.stderr)
        return 2
    random.Random(0).shuffle(rows)
    rows = rows[: args.pairs]
    args.out.mkdir(parents=True, exist_ok=True)
    for shard in range(args.shards):
        part = rows[shard :: args.shards]
        path = args.out / f"archive-{shard:03d}.{args.format}"
        if args.format == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.Table.from_pylist(part), path)
        else:
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part), encoding="utf-8")
    print(f"make_archive: {len(rows):,} pairs in {args.shards} {args.format} shards in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
