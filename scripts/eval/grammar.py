"""grammar: how often the fluency rules fire on human translations, against machine translations of the same lines.

WMT newstest2014 fr→en, consecutive lines glued into 10-line stories (as `gate` does). A human reference is
fluent English: every grammar or spelling finding on it is a false alarm or a slip of the reference itself, and
the budget is at most 1 finding per 50 sentences over the grammar and spelling rules together (CT204–CT212). The
same lines as translated by online-B (a 2014 online MT system, fluent) and rbmt1 (a rule-based one, often not)
are the contrast. CT202 (repeated word) is printed beside them.

news-mt-errors (real MT, every error annotated) is printed for information only: a finding counts as right when
it overlaps an annotated error; it is a development set, never one to set a threshold on alone.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from checker.record import Record

from . import data
from .common import get_checker, table

STORY_LINES = 10
CODES = ("CT202", "CT204", "CT205", "CT206", "CT207", "CT208", "CT209", "CT210", "CT211", "CT212")
BUDGET = CODES[1:]  # the grammar rules' budget: ≤ 1 finding per 50 sentences
PER = 50
EXAMPLES = 12


def _checker(model):
    from checker.pipeline import Checker, Options

    # Only the fluency rules: their figures do not depend on the other checks.
    return Checker(Options(source_lang="fr", target_lang="en", model=model, select=CODES),
                   encoder=get_checker(model).encoder)


def _stories(lines: list[str], n: int) -> list[str]:
    return ["\n".join(lines[i : i + STORY_LINES]) for i in range(0, n, STORY_LINES)]


def run(args) -> dict[str, Any]:
    src_path, ref_path, _ = data.wmt_paths(2014)
    n = (args.limit or 500) // STORY_LINES * STORY_LINES
    src = data.read_lines(data.need(src_path), n)
    versions = {"human reference": data.read_lines(ref_path, n),
                "online-B MT": data.read_lines(data.wmt_system_file(2014, "onlineB"), n),
                "rbmt1 MT": data.read_lines(data.wmt_system_file(2014, "rbmt1"), n)}
    checker = _checker(args.model)
    out: dict[str, Any] = {}
    rows = []
    for name, tgt in versions.items():
        counts, sentences, examples = Counter(), 0, []
        records = (Record(str(i), s, t)
                   for i, (s, t) in enumerate(zip(_stories(src, n), _stories(tgt, n), strict=False)))
        for result in checker.check_many(records):
            sentences += len(result.target.sentences)
            for f in result.findings:
                counts[f.code] += 1
                if f.code in BUDGET and len(examples) < EXAMPLES:
                    flagged = result.target.text[f.target_start:f.target_end]
                    examples.append(f"{f.code} {flagged!r} → {f.suggestions[:2]}")
        budget = sum(counts[c] for c in BUDGET)
        rate = {c: counts[c] / sentences * PER for c in CODES}
        out[name] = {"sentences": sentences, "findings": dict(counts), f"per_{PER}_sentences": rate,
                     "budget_rules_per_50": budget / sentences * PER, "examples": examples}
        rows.append([name, sentences, *(f"{counts[c]} ({rate[c]:.2f})" for c in CODES),
                     f"{budget / sentences * PER:.2f}"])
    table(["translation", "sentences", *CODES, f"{BUDGET[0]}–{BUDGET[-1]} per {PER}"], rows,
          title=f"grammar: findings (per {PER} sentences) on WMT newstest2014 fr→en, {n} lines in stories of "
                f"{STORY_LINES}; budget on human references ≤ 1.00")
    for name in versions:
        print(f"\n{name}: " + ("; ".join(out[name]["examples"]) or "no finding"))
    ref_rate = out["human reference"]["budget_rules_per_50"]
    print(f"\nbudget: {ref_rate:.2f} per {PER} sentences on human references — "
          + ("within" if ref_rate <= 1.0 else "OVER") + " the budget of 1.00")
    out["news-mt-errors"] = _news_mt_errors(checker)
    return out


def _news_mt_errors(checker) -> dict[str, Any]:
    """Per rule: findings on news-mt-errors and how many overlap an annotated error (printed, not tuned on)."""
    root = data.shared_corpora() / "news-mt-errors"
    try:
        pairs = data.read_jsonl(root / "pairs.jsonl")
        gold_rows = data.read_jsonl(root / "gold.pairs.jsonl")
    except data.Missing as missing:
        print(f"news-mt-errors: {missing}")
        return {"skipped": str(missing)}
    gold: dict[str, list[tuple[int, int, str]]] = {}
    by_id = {p["id"]: p["target"] for p in pairs}
    for g in gold_rows:
        text, at = by_id.get(g["pair_id"], ""), -1
        for _ in range(g["occurrence"]):
            at = text.find(g["target_span"], at + 1)
        if at >= 0:
            gold.setdefault(g["pair_id"], []).append((at, at + len(g["target_span"]), g["category"]))
    found, right, fluency = Counter(), Counter(), Counter()
    for result in checker.check_many(Record(p["id"], p["source"], p["target"]) for p in pairs):
        for f in result.findings:
            hits = [cat for a, b, cat in gold.get(result.id, []) if f.target_start < b and a < f.target_end]
            found[f.code] += 1
            right[f.code] += bool(hits)
            fluency[f.code] += any(c.startswith("fluency/") for c in hits)
    rows = [[c, found[c], right[c], fluency[c], f"{right[c] / found[c]:.2f}" if found[c] else "–"] for c in CODES]
    table(["rule", "findings", "on an annotated error", "on a fluency error", "precision"], rows,
          title=f"grammar: news-mt-errors ({len(pairs)} MT pairs; for information, never tuned on)")
    return {c: {"findings": found[c], "right": right[c], "fluency": fluency[c]} for c in CODES}
