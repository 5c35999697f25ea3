"""rules: each rule's precision on real MT with post-edits, beside what flagging at random would reach.

LIG's held-out fold (every fifth line: the quality model never trained on it), SMT output of French news with a
human post-edit. The MT is detokenised and recased as the quality model's data are (scripts/qe/labels.py), each MT
token tagged by TER against the post-edit. A finding is *confirmed* when a token it covers was substituted or
deleted by the post-editor, or when the post-editor inserted words inside it or at one of its edges (a "not" put
back before a verb). The baseline, per finding: the share of the line's spans of the same number of tokens that
would be confirmed so, i.e. what a rule flagging spans of that size at random in the same lines would reach.

Two limits to read the figures with: a token TER only moves counts as kept, so a rule about word order (CT208) is
confirmed only where the editor also changed a word; and a post-editor leaves some errors, so precision is a
lower bound. news-mt-errors stays the development set for recall; this measure is the precision budget's.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from . import data
from .common import get_checker, table

DEFAULT_LINES = 1500


def _confirmed(tags: list[int], gaps: list[int], first: int, last: int) -> bool:
    """Tokens first..last: one changed, or words inserted inside the span or at its edges (gap k is before token k)."""
    return any(tags[first : last + 1]) or any(gaps[first : last + 2])


def _random_hit(tags: list[int], gaps: list[int], size: int) -> float:
    """Share of the spans of `size` consecutive tokens that `_confirmed` would accept."""
    windows = len(tags) - size + 1
    if windows <= 0:
        return float(any(tags) or any(gaps))
    return sum(_confirmed(tags, gaps, k, k + size - 1) for k in range(windows)) / windows


def run(args) -> dict[str, Any]:
    from qe.dataset import read_lig, split, tag_lines

    from checker.record import Record

    rows = read_lig(data.need(data.shared_corpora() / "postedit"))
    test = split(len(rows))[2][: args.limit or DEFAULT_LINES]
    tagged = tag_lines(rows, test)
    checker = get_checker(args.model)
    results = checker.check_many(Record(f"lig-{k}", rows[k][0], tagged[k].mt, source_lang="fr", target_lang="en")
                                 for k in test)
    found: dict[str, dict[str, float]] = defaultdict(lambda: {"findings": 0, "confirmed": 0, "chance": 0.0})
    examples: dict[str, list[str]] = defaultdict(list)
    changed = words = 0
    for k, pair in zip(test, results, strict=True):
        line = tagged[k]
        bad = set(line.bad)
        tags = [int(span in bad) for span in line.tokens]
        words += len(tags)
        changed += sum(tags)
        for f in getattr(pair, "findings", ()):
            covered = [i for i, (a, b) in enumerate(line.tokens) if a < f.target_end and f.target_start < b]
            if not covered:
                continue  # an omission: no MT token to confirm it
            r = found[f.code]
            r["findings"] += 1
            hit = _confirmed(tags, line.gaps, covered[0], covered[-1])
            r["confirmed"] += hit
            r["chance"] += _random_hit(tags, line.gaps, len(covered))
            if not hit and len(examples[f.code]) < 3:
                examples[f.code].append(line.mt[f.target_start : f.target_end])
    rows_out = []
    for code in sorted(found):
        r = found[code]
        n = int(r["findings"])
        r["precision"] = r["confirmed"] / n
        r["chance"] = r["chance"] / n
        rows_out.append([code, n, f"{r['precision']:.2f}", f"{r['chance']:.2f}", "; ".join(examples[code])])
    table(["rule", "findings", "confirmed by the post-edit", "at random", "unconfirmed, e.g."], rows_out,
          title=f"rules: LIG held-out fold, {len(test)} lines of SMT with post-edits "
                f"({changed / max(1, words):.3f} of MT tokens changed)")
    return {"lines": len(test), "changed_share": changed / max(1, words), "rules": dict(found)}
