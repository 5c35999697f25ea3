"""Where CT150 and CT151 probe: the quality-model gate and the deletion gain, measured on synthetic errors.

    python scripts/probe_gate.py [--lines 1500:2300] [--json out/probe-gate.json]

WMT newstest2013 lines from 1500 on (never news-mt-errors, never the quality model's synthetic data or its
reporting budget, which take newstest2014 and newstest2013's first 1,500 lines), checked three ways:
- intact: the French source and its human reference, where a finding is a false alarm;
- one word deleted: a linked English content word of the reference removed at random (CT150 should fire);
- one word added: an adjective inserted after a "the" (CT151 should fire).
Every candidate of both rules is probed with the gate open, and its deletion gain and the quality model's
probability for the word are recorded; the table then counts, for each gate and minimum gain, the lines where the
rule fires in the intact and in the damaged text, and the share of probes the gate leaves. The shipped settings
are marked. The two numbers belong to the shipped quality model: re-run this after retraining it.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO))

from eval import data  # noqa: E402
from eval.common import table, write_json  # noqa: E402

from checker.checks.probe import ProbingCheck, model_doubt  # noqa: E402
from checker.checks.word_addition import WordAddition  # noqa: E402
from checker.checks.word_omission import WordOmission  # noqa: E402
from checker.checks.wordstats import is_content_word  # noqa: E402

ADJECTIVES = ("violent", "secret", "major", "senior", "local", "former", "official", "alleged", "massive", "recent")
GATES = (0.0, 0.05, 0.08, 0.1, 0.15, 0.2)
GAINS = (0.004, 0.006, 0.008, 0.01)
RULES = ((WordOmission, "deleted"), (WordAddition, "added"))


def damaged(references: list[str], intact: list, seed: int = 7) -> tuple[list[str], list[str]]:
    """Each reference with one linked content word deleted, and with one adjective added (unchanged where the
    line has no such word or no "the")."""
    rng = random.Random(seed)
    deleted, added = [], []
    for text, result in zip(references, intact, strict=True):
        words = [(link.target_start, link.target_end) for seg in result.segments for link in seg.links or []]
        words = [(a, b) for a, b in words if is_content_word(text[a:b], "en")]
        if words:
            a, b = rng.choice(words)
            deleted.append((text[:a].rstrip() + " " + text[b:].lstrip()).strip())
        else:
            deleted.append(text)
        spots = [m.end() for m in re.finditer(r"\bthe (?=[a-z]{4,})", text)]
        k = rng.choice(spots) if spots else None
        added.append(text if k is None else text[:k] + rng.choice(ADJECTIVES) + " " + text[k:])
    return deleted, added


def measure(lo: int, hi: int) -> list[dict]:
    """Every probed candidate, gate open: (case, line, rule, model probability, deletion gain)."""
    from checker.pipeline import Checker, Options
    from checker.record import Record

    src_path, ref_path, _ = data.wmt_paths(2013)
    sources = data.read_lines(src_path, hi)[lo:]
    references = data.read_lines(ref_path, hi)[lo:]
    rows: list[dict] = []
    case = [""]
    probed = ProbingCheck.probed

    def recording(self, pair, ctx):
        out = probed(self, pair, ctx)
        rows.extend({"case": case[0], "line": pair.id, "code": self.code, "prob": model_doubt(c[-1]), "gain": g}
                    for c, g in out)
        return out

    ProbingCheck.probed = recording
    for rule, _ in RULES:
        rule.gate = 0.0
    checker = Checker(Options(source_lang="fr", target_lang="en"))

    def run(name: str, targets: list[str]) -> list:
        case[0] = name
        return list(checker.check_many(Record(str(i), s, t) for i, (s, t) in enumerate(zip(sources, targets,
                                                                                         strict=True))))

    deleted, added = damaged(references, run("intact", references))
    run("deleted", deleted)
    run("added", added)
    return rows


def grid(rows: list[dict], shipped: dict[str, tuple[float, float]]) -> dict[str, list[dict]]:
    out = {}
    for rule, damage in RULES:
        mine = [r for r in rows if r["code"] == rule.code]
        cells = []
        for gate in GATES:
            for gain in GAINS:
                firing = {case: len({r["line"] for r in mine if r["case"] == case and r["prob"] >= gate
                                     and r["gain"] >= gain}) for case in ("intact", damage)}
                cells.append({"gate": gate, "min_gain": gain, **firing,
                              "probes": sum(r["prob"] >= gate for r in mine) / max(1, len(mine)),
                              "shipped": (gate, gain) == shipped[rule.code]})
        out[rule.code] = cells
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", default="1500:2300", help="newstest2013 lines, from:to (default 1500:2300)")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    lo, hi = (int(x) for x in args.lines.split(":"))
    shipped = {rule.code: (rule.gate, rule.min_gain) for rule, _ in RULES}
    result = grid(measure(lo, hi), shipped)
    for (rule, damage), cells in zip(RULES, result.values(), strict=True):
        table(["gate", "min gain", "probes kept", "lines firing: intact (false alarms)", f"{damage} (found)"],
              [[c["gate"], c["min_gain"], f"{c['probes']:.2f}", c["intact"],
                f"{c[damage]}{'  ← shipped' if c['shipped'] else ''}"] for c in cells],
              title=f"{rule.code} {rule.name}, newstest2013 lines {lo}-{hi - 1}")
    write_json(args.json, {"lines": [lo, hi], "shipped": shipped, "grid": result})


if __name__ == "__main__":
    main()
