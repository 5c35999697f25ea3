"""Candidate English calques for CT211: word n-grams that machine translations share and human translations lack.

    python scripts/mine_calques.py [--min-lines 6] [--min-systems 4] [--top 300]

Reads WMT newstest2012–2014 fr→en (../shared/corpora/wmt: every system's output and the human references) and
LIG's post-edits (../shared/corpora/postedit/tgt-pe-all.en), in place. A word 2- or 3-gram is a candidate when
no human text has it (the references and the post-edits, 20,000 lines of news English) and the systems write it
in at least --min-lines distinct source lines (the systems translate the same lines, so a line counts once) and
in at least --min-systems systems. Candidates are printed most frequent first, each marked when an entry of
`en.toml`'s [[calques]] already matches it in a system line.

Most candidates are odd but English ("the boss of", "it says") or garbage of one system; the calques among them
("since ten years", "in end of", "of here 2017", "said me", "a such") were read in their lines and written as
CT211 entries with patterns that leave the English look-alikes out ("lead by example"). The patterns are then
measured through the pipeline on references and systems (CT211's doc): the list is a reading aid, not a lexicon.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval import data  # noqa: E402

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def grams(line: str) -> set[str]:
    words = _WORD.findall(line.lower())
    return {" ".join(words[i : i + n]) for n in (2, 3) for i in range(len(words) - n + 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-lines", type=int, default=6)
    parser.add_argument("--min-systems", type=int, default=4)
    parser.add_argument("--top", type=int, default=300)
    args = parser.parse_args()
    try:
        human_files = [data.need(data.wmt_paths(year)[1]) for year in (2012, 2013, 2014)]
        human_files.append(data.need(data.shared_corpora() / "postedit" / "tgt-pe-all.en"))
        systems = {year: sorted(data.need(data.wmt_paths(year)[2]).iterdir()) for year in (2012, 2013, 2014)}
    except data.Missing as missing:
        print(f"mine_calques: {missing}", file=sys.stderr)
        return 0
    human: set[str] = set()
    for path in human_files:
        for line in data.read_lines(path):
            human |= grams(line)
    lines: dict[str, set[tuple[int, int]]] = defaultdict(set)
    writers: dict[str, set[str]] = defaultdict(set)
    examples: dict[str, str] = {}
    for year, files in systems.items():
        for path in files:
            for k, line in enumerate(data.read_lines(path)):
                for g in grams(line) - human:
                    lines[g].add((year, k))
                    writers[g].add(path.name)
                    examples.setdefault(g, line)
    candidates = sorted(((len(lines[g]), len(writers[g]), g) for g in lines
                         if len(lines[g]) >= args.min_lines and len(writers[g]) >= args.min_systems), reverse=True)
    from checker.checks.english_calque import _calques
    from checker.lexicons import load_lexicons

    calques = _calques(load_lexicons("fr", "en"))
    print(f"{len(candidates)} candidates (in >= {args.min_lines} source lines and >= {args.min_systems} systems, "
          f"in no human reference or post-edit); the first {args.top}:")
    for n_lines, n_systems, g in candidates[: args.top]:
        known = next((c.id for c in calques for m in c.pattern.finditer(examples[g])
                      if g in " ".join(_WORD.findall(m.group(0).lower()))), "")
        print(f"{n_lines:4d} lines {n_systems:3d} systems  {g!r:28}  {('CT211 ' + known) if known else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
