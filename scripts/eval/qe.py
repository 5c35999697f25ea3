"""qe: the learned quality model on LIG's held-out fold, through the whole pipeline, beside its baselines.

Lines of LIG (French news, SMT, human post-edit) that training never saw (scripts/qe/dataset.split): each MT is
restored to cased text and tagged against its post-edit by TER, then checked by the full checker. Word level:
F1-BAD, F1-OK and MCC of the model's flags (its own threshold, set on the dev fold), against all-BAD, link
strength alone (threshold set on the dev fold too) and the rules alone (a word inside any rule's finding).
Sentence level: Pearson of (100 − segment score) with HTER, against sentence cosine.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from checker.record import Record

from . import data
from .common import get_checker, table
from .metrics import best_threshold, ranked_auc, tag_scores


def _words(results, tagged) -> dict[str, np.ndarray]:
    from qe.dataset import overlapping

    cols: dict[str, list] = {"label": [], "model": [], "flag": [], "strength": [], "rules": []}
    sentence: dict[str, list] = {"hter": [], "badness": [], "cosine": []}
    for k, pair in results:
        if isinstance(pair, Exception):
            continue
        line = tagged[k]
        rule_spans = [(f.target_start, f.target_end) for f in pair.findings if not f.code.startswith("CT4")]
        for seg in pair.segments:
            if seg.quality is None:
                continue
            spans = [(a, b) for a, b, _ in seg.quality.target]
            linked = {(link.target_start, link.target_end): link.score for link in seg.links or []}
            cols["label"] += list(overlapping(spans, line.bad))
            cols["model"] += [p for *_, p in seg.quality.target]
            cols["flag"] += [p >= seg.quality.threshold for *_, p in seg.quality.target]
            cols["strength"] += [-linked.get(s, 0.0) for s in spans]
            cols["rules"] += list(overlapping(spans, rule_spans))
        sims = [s.similarity for s in pair.segments if s.similarity is not None]
        sentence["hter"].append(line.hter)
        sentence["badness"].append(100.0 - pair.score)
        sentence["cosine"].append(-float(np.mean(sims)) if sims else 0.0)
    return {k: np.array(v) for k, v in {**cols, **sentence}.items()}


def run(args) -> dict[str, Any]:
    from qe.dataset import read_lig, split, tag_lines

    folder = data.shared_corpora() / "postedit"
    rows = read_lig(data.need(folder / "tgt-pe-all.en").parent)
    _, dev, test = split(len(rows))
    if args.limit:
        dev, test = dev[: args.limit // 2], test[: args.limit]
    checker = get_checker(args.model)
    if checker.quality is None:
        raise data.Missing("no quality model in the package (scripts/train_qe.py builds it)")
    figures = {}
    for name, lines in (("dev", dev), ("test", test)):
        tagged = tag_lines(rows, lines)
        results = checker.check_many(Record(str(k), rows[k][0], tagged[k].mt, source_lang="fr", target_lang="en")
                                     for k in lines)
        figures[name] = _words(zip(lines, results, strict=True), tagged)
    d, t = figures["dev"], figures["test"]
    strength_threshold = best_threshold(d["label"], d["strength"])
    y = t["label"]
    word = {
        "quality model": {**tag_scores(y, t["flag"]), "auc": ranked_auc(y, t["model"])},
        "link strength alone": {**tag_scores(y, t["strength"] >= strength_threshold),
                                "auc": ranked_auc(y, t["strength"])},
        "rules alone": tag_scores(y, t["rules"]),
        "all-BAD": tag_scores(y, np.ones_like(y, dtype=bool)),
    }
    pearson = {
        "checker score": float(np.corrcoef(t["badness"], t["hter"])[0, 1]),
        "sentence cosine": float(np.corrcoef(t["cosine"], t["hter"])[0, 1]),
    }
    print(table(["LIG held-out words", "F1-BAD", "F1-OK", "MCC", "AUC"],
                [[name, f"{r['f1_bad']:.3f}", f"{r['f1_ok']:.3f}", f"{r['mcc']:.3f}",
                  f"{r['auc']:.3f}" if "auc" in r else "–"] for name, r in word.items()],
                title=f"{len(test)} lines, {len(y)} words, {y.mean():.1%} BAD"))
    print(table(["LIG held-out lines", "Pearson with HTER"], [[k, f"{v:.3f}"] for k, v in pearson.items()]))
    return {"lines": len(test), "words": int(len(y)), "bad_share": float(y.mean()), "word": word,
            "sentence_pearson": pearson}
