"""Robustness: does a controlled error in a real reference lower the score and raise a finding?

Items come from scripts/perturb.py over WMT newstest2012–2014 fr→en (French source, English reference). For each
item the clean English (the human reference) and the perturbed English are checked against the same source.

Ranking accuracy, per kind, for three signals side by side:
- checker: the perturbed version gets a new finding (its multiset of codes grows) AND a lower document score;
  "new finding" and "lower score" are also given apart;
- cosine: plain sentence cosine (source, target) is lower for the perturbed version (ties count as failures);
- chrF vs pseudo-reference: reference-based scores need a reference other than the clean text (chrF of the clean
  text against itself is 100 by construction). We use a WMT system output (online-B, a strong commercial system
  of each year) as an independent pseudo-reference: correct when chrF(perturbed, sys) < chrF(clean, sys). Ties
  count as failures. This measures what a reference-based metric sees of the damage, not the checker.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from checker.record import Record

from . import data
from .common import get_checker, pair_cosines, table

PSEUDO_REFERENCE = {2012: "onlineB", 2013: "online-B", 2014: "onlineB"}


def _items(args):
    import sys

    sys.path.insert(0, str(data.REPO / "scripts"))
    from perturb import KINDS, make_items

    per_kind = args.limit or 100
    kinds = tuple(k for k in (getattr(args, "kinds", None) or ",".join(KINDS)).split(",") if k)
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise SystemExit(f"unknown perturbation kind {', '.join(unknown)}: choose among {', '.join(KINDS)}")
    items, pseudo = [], {}
    years = (2012, 2013, 2014)
    # Spread each kind over the three years, seeded per year; the remainder goes to the latest year.
    shares = {y: per_kind // len(years) + (per_kind % len(years) if y == 2014 else 0) for y in years}
    for year in years:
        src_path, ref_path, _ = data.wmt_paths(year)
        sources, refs = data.read_lines(src_path), data.read_lines(ref_path)
        system = data.read_lines(data.wmt_system_file(year, PSEUDO_REFERENCE[year]))
        made = make_items(sources, refs, kinds=kinds, per_kind=shares[year], seed=args.seed, prefix=f"{year}:")
        for it in made:
            pseudo[it.id] = " ".join(system[i] for i in it.lines)
        items.extend(made)
    return kinds, items, pseudo


def run(args) -> dict[str, Any]:
    from sacrebleu.metrics import CHRF

    kinds, items, pseudo = _items(args)
    checker = get_checker(args.model)
    chrf = CHRF()

    # Check every distinct (source, text) once: clean versions are shared by several kinds.
    texts: dict[tuple[str, str], Any] = {}
    for it in items:
        texts.setdefault((it.source, it.clean), None)
        texts.setdefault((it.source, it.perturbed), None)
    keys = sorted(texts)
    records = (Record(f"r{i}", s, t) for i, (s, t) in enumerate(keys))
    for key, pair in zip(keys, checker.check_many(records), strict=True):
        texts[key] = pair
    cos = dict(zip(keys, pair_cosines([k[0] for k in keys], [k[1] for k in keys], args.model), strict=True))

    counts: dict[str, Counter] = defaultdict(Counter)
    examples: dict[str, list] = defaultdict(list)
    for it in items:
        c = counts[it.kind]
        clean, bad = texts[(it.source, it.clean)], texts[(it.source, it.perturbed)]
        if isinstance(clean, Exception) or isinstance(bad, Exception):
            c["errors"] += 1
            continue
        new = Counter(f.code for f in bad.findings) - Counter(f.code for f in clean.findings)
        lower = bad.score < clean.score
        c["n"] += 1
        c["new_finding"] += bool(new)
        c["lower_score"] += lower
        c["checker"] += bool(new) and lower
        c["cosine"] += bool(cos[(it.source, it.perturbed)] < cos[(it.source, it.clean)])
        ref = pseudo[it.id]
        c["chrf"] += chrf.sentence_score(it.perturbed, [ref]).score < chrf.sentence_score(it.clean, [ref]).score
        c["clean_flagged"] += bool(clean.findings)
        if len(examples[it.kind]) < 3 and not (new and lower):
            examples[it.kind].append({"id": it.id, "note": it.note, "perturbed": it.perturbed[:300],
                                      "clean_score": clean.score, "perturbed_score": bad.score})
    rows, out = [], {}
    for kind in kinds:
        c = counts[kind]
        n = c["n"] or 1
        figs = {k: round(c[k] / n, 4) for k in ("checker", "new_finding", "lower_score", "cosine", "chrf",
                                                 "clean_flagged")}
        out[kind] = {"items": c["n"], "errors": c["errors"], **figs, "missed_examples": examples[kind]}
        rows.append([kind, c["n"], figs["checker"], figs["new_finding"], figs["lower_score"], figs["cosine"],
                     figs["chrf"], figs["clean_flagged"]])
    total = sum(counts[k]["n"] for k in kinds) or 1
    macro = {k: round(sum(out[kind][k] for kind in kinds) / len(kinds), 4) for k in ("checker", "cosine", "chrf")}
    rows.append(["(macro mean)", total, macro["checker"], "", "", macro["cosine"], macro["chrf"], ""])
    out["macro"] = macro
    out["protocol"] = {"pseudo_reference": PSEUDO_REFERENCE, "seed": args.seed, "per_kind": args.limit or 100}
    table(["kind", "items", "checker (new finding & lower)", "new finding", "lower score", "cosine", "chrF vs sys",
           "clean flagged"], rows,
          title="robustness: ranking accuracy clean > perturbed (WMT newstest2012–14 references)")
    return out
