"""Evaluate checktrans on real reference data, each measure beside a baseline in the same run.

    python scripts/evaluate.py detection  [--limit N] [--json out/detection.json]
    python scripts/evaluate.py robustness [--limit N]   # N = items per perturbation kind (default 100)
    python scripts/evaluate.py alignment  [--limit N]
    python scripts/evaluate.py human      [--limit N]   # N = WMT12 judgments (default all 1,395)
    python scripts/evaluate.py gate       [--limit N]   # N = WMT lines (default 500), in stories of 10
    python scripts/evaluate.py news       [--limit N]   # N = news-mt-errors pairs (default all, and the story)
                                                        #     and WMT reference lines (default 500)
    python scripts/evaluate.py grammar    [--limit N]   # N = WMT lines (default 500), in stories of 10: the
                                                        #     fluency rules' firing rates, references vs MT
    python scripts/evaluate.py fixes      [--limit N]   # N = LIG dev lines (default all 1,088): suggestions
                                                        #     against what the post-editors wrote
    python scripts/evaluate.py omissions  [--limit N]   # N = newstest stories a year (default 200): sentences
                                                        #     dropped and inserted, clauses dropped (CT001,
                                                        #     CT002, CT152), and TransRead's gold omissions
    python scripts/evaluate.py rules      [--limit N]   # N = LIG held-out lines (default 1,500): each rule's
                                                        #     findings the post-editor confirmed, vs at random
    python scripts/evaluate.py all        [--limit N]

Data are read in place from ../shared/corpora (or $CHECKTRANS_SHARED/corpora); a measure whose data are absent is
skipped with a message. Each measure prints markdown tables and writes JSON (default out/eval-<measure>.json,
git-ignored) with the checker's signature, so that a figure can be reproduced.
"""
from __future__ import annotations

import argparse
import contextlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval import data  # noqa: E402
from eval.common import get_checker, write_json  # noqa: E402

MEASURES = ("detection", "robustness", "alignment", "human", "gate", "news", "qe", "grammar", "fixes", "omissions",
            "rules")


def _run(measure: str, args) -> dict:
    import importlib

    module = importlib.import_module(f"eval.{measure}")
    t0 = time.perf_counter()
    try:
        result = module.run(args)
    except data.Missing as missing:
        print(f"{measure}: {missing}")
        result = {"skipped": str(missing)}
    result["seconds"] = round(time.perf_counter() - t0, 1)
    with contextlib.suppress(data.Missing):
        result["signature"] = get_checker(args.model).signature
    result["limit"] = args.limit
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("measure", choices=MEASURES + ("all",))
    ap.add_argument("--limit", type=int, default=None, help="keep the run short: fewer items (see above)")
    ap.add_argument("--json", type=Path, default=None,
                    help="where to write the figures (default out/eval-<measure>.json)")
    ap.add_argument("--model", default=None, help="sentence-transformers model name or path (default: the e5 encoder)")
    ap.add_argument("--seed", type=int, default=13, help="seed of the perturbation generator")
    ap.add_argument("--kinds", default=None, metavar="KIND,KIND",
                    help="robustness: only these perturbation kinds (default: all of scripts/perturb.py)")
    ap.add_argument("--threshold", action="append", default=[], metavar="NAME=VALUE",
                    help="a named threshold, as in checktrans.toml's [thresholds] (e.g. quality_threshold=0.3)")
    ap.add_argument("--also", action="append", default=[], metavar="CODE",
                    help="a rule that is off by default, run beside the default set (e.g. CT171)")
    args = ap.parse_args(argv)
    from eval import common

    common.ALSO.extend(code.upper() for code in args.also)

    for item in args.threshold:
        name, _, value = item.partition("=")
        common.THRESHOLDS[name.strip()] = float(value)

    if not data.shared_corpora().is_dir():
        print(f"shared corpora not found at {data.shared_corpora()}; nothing to evaluate "
              "(set CHECKTRANS_SHARED to the folder holding corpora/)")
        return 0
    measures = MEASURES if args.measure == "all" else (args.measure,)
    results = {m: _run(m, args) for m in measures}
    default = data.REPO / "out" / f"eval-{args.measure}.json"
    write_json(args.json or default, results if args.measure == "all" else results[args.measure])
    return 0


if __name__ == "__main__":
    sys.exit(main())
