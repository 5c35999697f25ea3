"""gate: how often a newsroom gate fails a story, on human translations and on machine translations.

WMT newstest2014 fr→en, consecutive lines glued into 10-line stories. Human references are good translations:
every story they fail at a gate is a false alarm, and that rate is what a desk pays for gating on `major`.
The same stories as translated by a 2014 online MT system (online-B) show what the gate does catch. The
baseline in the same run fails a story when any of its sentence pairs has a cosine below the document mean
− 2 std, the cheapest gate an encoder offers.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from checker.record import Record

from . import data
from .common import get_checker, pair_cosines, table

STORY_LINES = 10
LEVELS = ("minor", "major", "critical")


def _stories(lines: list[str], n: int) -> list[str]:
    return ["\n".join(lines[i : i + STORY_LINES]) for i in range(0, n, STORY_LINES)]


def lines_checked(limit: int | None) -> int:
    """WMT lines a run reads: --limit (default 500), whole stories only."""
    return (limit or 500) // STORY_LINES * STORY_LINES


def check_stories(checker, src: list[str], tgt: list[str]) -> list:
    """The checker's results on parallel lines glued into stories of STORY_LINES lines, in order."""
    n = len(src) // STORY_LINES * STORY_LINES
    stories = zip(_stories(src, n), _stories(tgt, n), strict=False)
    return list(checker.check_many(Record(str(i), s, t) for i, (s, t) in enumerate(stories)))


def run(args) -> dict[str, Any]:
    src_path, ref_path, _ = data.wmt_paths(2014)
    n = lines_checked(args.limit)
    src = data.read_lines(data.need(src_path), n)
    versions = {"human reference": data.read_lines(ref_path, n),
                "online-B MT": data.read_lines(data.wmt_system_file(2014, "onlineB"), n)}
    checker = get_checker(args.model)
    rows, out = [], {}
    for name, tgt in versions.items():
        results = check_stories(checker, src, tgt)
        worst, rules = [], Counter()
        for result in results:
            sev = result.worst_severity()
            worst.append(0 if sev is None else int(sev))
            rules.update(f.code for f in result.findings if int(f.severity) >= 2)
        cos = pair_cosines(src, tgt, args.model)
        groups = [i // STORY_LINES for i in range(n)]
        base_fail = []
        for g in sorted(set(groups)):
            vals = cos[[i for i, x in enumerate(groups) if x == g]]
            base_fail.append(bool((vals < vals.mean() - 2 * vals.std()).any()))
        fails = {lvl: float(np.mean([w >= k for w in worst])) for k, lvl in enumerate(LEVELS, 1)}
        out[name] = {"stories": len(results), "fail_rate": fails, "baseline_fail_rate": float(np.mean(base_fail)),
                     "major_findings_by_rule": dict(rules.most_common())}
        rows.append([name, len(results), *(f"{fails[lvl]:.2f}" for lvl in LEVELS), f"{np.mean(base_fail):.2f}",
                     ", ".join(f"{c} {k}" for c, k in rules.most_common(5))])
    table(["translation", "stories", "fail@minor", "fail@major", "fail@critical", "baseline fail",
           "major+ findings by rule"],
          rows, title=f"gate: WMT newstest2014 fr→en, stories of {STORY_LINES} lines")
    return out
