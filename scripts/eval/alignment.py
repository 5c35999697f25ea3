"""Alignment quality of the encoder-based aligners, each beside a plainer baseline.

- sentence: TransRead novels, strict/lax F1, through scripts/eval_sentence_alignment.py (its own baseline);
- word: ALIBI fr–en sure/possible links, AER, precision, sure recall, F1 (counts summed over the corpus),
  for checker.align.words (mutual argmax on centred word vectors pooled from the encoder's alignment layer, with
  a distortion prior) and the plain mutual argmax on the same vectors; ALIBI's own tokens are the words;
- retrieval: Tatoeba fra–eng top-1 accuracy by cosine, both directions.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from . import data
from .common import embed, get_encoder, table
from .metrics import corpus_aer, top1_accuracy


def sentence(args) -> dict[str, Any]:
    script = data.REPO / "scripts" / "eval_sentence_alignment.py"
    if not script.exists():
        raise data.Missing(f"{script} not found; sentence alignment skipped")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sent.json"
        # Embeddings are cached under out/ (git-ignored): the novels are long and the figures do not need them anew.
        cache = data.REPO / "out" / "cache" / "transread"
        proc = subprocess.run([sys.executable, str(script), "--json", str(out), "--cache", str(cache)],
                              capture_output=True, text=True)
        if proc.returncode != 0 or not out.exists():
            raise data.Missing(f"{script.name} failed: {proc.stderr.strip().splitlines()[-1:]}")
        result = json.loads(out.read_text(encoding="utf-8"))
    overall = result.get("overall", {})
    table(["aligner", "strict P", "strict R", "strict F1", "lax F1"],
          [[name, f["strict_precision"], f["strict_recall"], f["strict_f1"], f["lax_f1"]]
           for name, f in sorted(overall.items())],
          title="alignment / sentences: TransRead, 7 novels, fr→en")
    return overall


def _spans(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    spans, at = [], 0
    for tok in tokens:
        spans.append((at, at + len(tok)))
        at += len(tok) + 1
    return " ".join(tokens), spans


def word(args) -> dict[str, Any]:
    from checker.align.words import align_words, pool_words

    pairs = data.alibi(args.limit)
    encoder = get_encoder(args.model)
    vectors = {}
    for side in ("fr", "en"):
        joined = [_spans(p[side]) for p in pairs]
        encoded = encoder.encode([t for t, _ in joined], tokens=True).tokens
        vectors[side] = [pool_words(spans, [(tok.offsets, tok.states, 0)], tok.states.shape[1])
                         for (_, spans), tok in zip(joined, encoded, strict=False)]
    results = {}
    variants = (("checker.align.words (centred, distortion 0.2)", {}),
                ("baseline: plain mutual argmax", {"distortion": 0.0, "centre": False}))
    for name, kwargs in variants:
        items = []
        for p, fr, en in zip(pairs, vectors["fr"], vectors["en"], strict=False):
            links = {(i, j) for i, j, _ in align_words(fr, en, **kwargs)}
            items.append((links, p["sure"], p["possible"]))
        results[name] = corpus_aer(items)
    table(["aligner", "AER", "precision", "sure recall", "F1", "links", "sure links"],
          [[n, r["aer"], r["precision"], r["recall"], r["f1"], r["links"], r["sure"]] for n, r in results.items()],
          title=f"alignment / words: ALIBI fr–en, {len(pairs)} sentence pairs, layer {encoder.alignment_layer}")
    results["pairs"] = len(pairs)
    results["layer"] = encoder.alignment_layer
    return results


def retrieval(args) -> dict[str, Any]:
    fr, en = data.tatoeba(args.limit)
    f, e = embed(fr, args.model), embed(en, args.model)
    sim = f @ e.T
    out = {"pairs": len(fr), "fra->eng": round(top1_accuracy(sim), 4), "eng->fra": round(top1_accuracy(sim.T), 4)}
    table(["direction", "top-1 accuracy", "pairs"],
          [["fra→eng", out["fra->eng"], len(fr)], ["eng→fra", out["eng->fra"], len(fr)]],
          title="alignment / retrieval: Tatoeba fra–eng (LASER test pairs)")
    return out


def run(args) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for name, fn in (("sentence", sentence), ("word", word), ("retrieval", retrieval)):
        try:
            results[name] = fn(args)
        except (data.Missing, ImportError) as missing:
            print(f"alignment/{name}: {missing}")
            results[name] = {"skipped": str(missing)}
    return results
