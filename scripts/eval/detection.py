"""Detection: does the checker find the errors humans marked, and only those? Beside it, a cosine baseline.

(a) Seed-format gold (the demo story): gold error detected when a finding's target range overlaps its target
    span (for an omission: source ranges overlap); precision counts findings overlapping no gold error as false;
    fix accuracy = share of detected errors where a detecting finding's suggestion contains a `fix_any` string.
(b) Bio-MQM fr→en dev split: character-level span P/R/F1 and segment-level P/R/F1 (flagged vs humans flagged),
    over errors with a penalty (Minor/Major/Critical; MQM "Neutral" marks carry none).
Baseline in both: flag a whole segment whose plain sentence cosine is below its document's mean − 1 std.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from checker.record import Record

from . import data
from .common import get_checker, low_cosine_flags, pair_cosines, table
from .metrics import PRF, FoundSpan, GoldError, binary_prf, locate, match_gold, span_prf

PENALISED = {"minor", "major", "critical"}


def found_spans(findings) -> list[FoundSpan]:
    return [
        FoundSpan(
            target=(f.target_start, f.target_end),
            source=None if f.source_start is None else (f.source_start, f.source_end),
            suggestions=tuple(f.suggestions),
        )
        for f in findings
    ]


def load_gold(path, source: str, target: str) -> list[GoldError]:
    return gold_errors(data.read_jsonl(path), source, target, where=str(path))


def gold_errors(rows, source: str, target: str, where: str = "gold") -> list[GoldError]:
    """Seed-format gold rows located in their texts (spans by occurrence, as the gold files give them)."""
    golds = []
    for row in rows:
        tgt = None
        if row.get("target_span") is not None:
            tgt = locate(target, row["target_span"], int(row.get("occurrence") or 1))
            if tgt is None:
                raise ValueError(f"{where}: {row['id']}: target span not found in the text")
        src = (locate(source, row["source_span"], int(row.get("source_occurrence") or 1))
               if row.get("source_span") else None)
        golds.append(GoldError(row["id"], tgt, src, row["category"], row["severity"], tuple(row.get("fix_any") or ())))
    return golds


def _paragraph_segments(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def _baseline_seed(source: str, target: str, pair, model: str | None = None) -> list[FoundSpan]:
    """Whole segments with low cosine: paragraphs when both sides have as many, else the checker's segments."""
    sp, tp = _paragraph_segments(source), _paragraph_segments(target)
    if len(sp) != len(tp):
        sp = [(s.source_start, s.source_end) for s in pair.segments]
        tp = [(s.target_start, s.target_end) for s in pair.segments]
    cos = pair_cosines([source[a:b] for a, b in sp], [target[a:b] for a, b in tp], model)
    flags = low_cosine_flags(cos)
    return [FoundSpan(target=t, source=s) for s, t, f in zip(sp, tp, flags, strict=False) if f]


def _seed_rows(name: str, golds: list[GoldError], found: list[FoundSpan]) -> dict[str, Any]:
    m = match_gold(found, golds)
    groups: dict[str, dict[str, list[int]]] = {"category": defaultdict(lambda: [0, 0, 0]),
                                               "severity": defaultdict(lambda: [0, 0, 0])}
    for g, det, fix in zip(golds, m.detected, m.fixed, strict=False):
        for key, value in (("category", g.category), ("severity", g.severity)):
            c = groups[key][value]
            c[0] += 1
            c[1] += det
            c[2] += fix
    n_det = sum(m.detected)
    return {
        "system": name,
        "gold": len(golds),
        "detected": n_det,
        "recall": n_det / len(golds) if golds else 0.0,
        "findings": len(found),
        "true_findings": sum(m.true_findings),
        "precision": sum(m.true_findings) / len(found) if found else 0.0,
        "fixed": sum(m.fixed),
        "fix_accuracy": sum(m.fixed) / n_det if n_det else 0.0,
        "by": {k: {v: {"gold": c[0], "detected": c[1], "fixed": c[2]} for v, c in sorted(d.items())}
               for k, d in groups.items()},
        "per_gold": {g.id: {"detected": d, "fixed": f} for g, d, f in zip(golds, m.detected, m.fixed, strict=False)},
    }


def seed(args) -> dict[str, Any]:
    docs = data.seed_documents()
    if not docs:
        raise data.Missing("no *.gold.jsonl beside a .fr.txt/.en.txt pair; skipped")
    checker = get_checker(args.model)
    results: dict[str, Any] = {}
    for doc_id, src_path, tgt_path, gold_path in docs:
        source, target = src_path.read_text(encoding="utf-8"), tgt_path.read_text(encoding="utf-8")
        golds = load_gold(gold_path, source, target)
        pair = checker.check_texts(source, target, id=doc_id, source_lang="fr")
        ours = _seed_rows("checker", golds, found_spans(pair.findings))
        base = _seed_rows("cosine baseline", golds, _baseline_seed(source, target, pair, args.model))
        results[doc_id] = {"checker": ours, "baseline": base, "score": pair.score}
        table(["system", "gold", "detected", "recall", "findings", "precision", "fix acc.", "fixed"],
              [[r["system"], r["gold"], r["detected"], r["recall"], r["findings"], r["precision"],
                r["fix_accuracy"], r["fixed"]] for r in (ours, base)],
              title=f"detection / seed gold: {doc_id} (document score {pair.score:.1f})")
        for key in ("category", "severity"):
            table([key, "gold", "checker det.", "checker fixed", "baseline det."],
                  [[v, c["gold"], c["detected"], c["fixed"], base["by"][key][v]["detected"]]
                   for v, c in ours["by"][key].items()])
    return results


def bio_mqm(args) -> dict[str, Any]:
    rows = data.bio_mqm_dev(args.limit)
    checker = get_checker(args.model)
    pairs = list(checker.check_many(Record(r["id"], r["source"], r["target"]) for r in rows))
    cos = pair_cosines([r["source"] for r in rows], [r["target"] for r in rows], args.model)
    base_flags = low_cosine_flags(cos, groups=[(r["system"], r["doc"]) for r in rows])

    from checker.model import Severity

    systems: dict[str, dict[str, PRF]] = {
        name: {"span": PRF(), "segment_any": PRF(), "segment_major": PRF()} for name in ("checker", "baseline")
    }
    seg = {name: {"pred_any": [], "pred_major": []} for name in systems}
    gold_any, gold_major = [], []
    for row, pair, flag in zip(rows, pairs, base_flags, strict=False):
        findings = [] if isinstance(pair, Exception) else pair.findings  # an input error flags nothing
        errors = [e for e in row["errors"] if e["severity"].lower() in PENALISED]
        gold_ranges = [(e["start"], e["end"]) for e in errors]
        gold_any.append(bool(errors))
        gold_major.append(any(e["severity"].lower() != "minor" for e in errors))
        ours = [(f.target_start, f.target_end) for f in findings]
        systems["checker"]["span"].add(span_prf(ours, gold_ranges))
        seg["checker"]["pred_any"].append(bool(findings))
        seg["checker"]["pred_major"].append(any(f.severity >= Severity.MAJOR for f in findings))
        whole = [(0, len(row["target"]))] if flag else []
        systems["baseline"]["span"].add(span_prf(whole, gold_ranges))
        seg["baseline"]["pred_any"].append(bool(flag))
        seg["baseline"]["pred_major"].append(bool(flag))
    for name in systems:
        systems[name]["segment_any"] = binary_prf(seg[name]["pred_any"], gold_any)
        systems[name]["segment_major"] = binary_prf(seg[name]["pred_major"], gold_major)
    out = {name: {k: v.as_dict() for k, v in figs.items()} for name, figs in systems.items()}
    out["segments"] = len(rows)
    out["segments_flagged_by_humans"] = sum(gold_any)
    table(["system", "measure", "precision", "recall", "F1", "predicted", "gold"],
          [[name, k, v.precision, v.recall, v.f1, v.n_pred, v.n_gold]
           for name, figs in systems.items() for k, v in figs.items()],
          title=f"detection / Bio-MQM fr-en dev ({len(rows)} segments; span = characters, segment_major = "
                f"major+ findings vs major+ errors; baseline flags whole segments, same flag for both rows)")
    return out


def run(args) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for name, fn in (("seed", seed), ("bio_mqm_dev", bio_mqm)):
        try:
            results[name] = fn(args)
        except data.Missing as missing:
            print(f"detection/{name}: {missing}")
            results[name] = {"skipped": str(missing)}
    return results
