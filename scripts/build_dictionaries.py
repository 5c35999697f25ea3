"""Build the shipped bilingual dictionaries, corpora/pairs/<xx>-en/dictionary.tsv, from the Wiktionary exports.

    python scripts/build_dictionaries.py [--source DIR] [--out corpora/pairs] [--check]

Reads ../shared/corpora/lexicons/wiktionary-2015/{fr,es,it,de}-en.tsv (see the SOURCE.md there: headword, pos,
translation, provenance and glosses, one translation a line) and writes what the checks read: one line per
headword and part of speech,

    headword <TAB> pos <TAB> translations <TAB> loose translations

translations joined by "; ", in the source's order (its own sources first: the X→English export, then the
French Wiktionary's translation tables). A translation is *loose* when only an inverted English→X row gives it
(an English entry that lists the word among its translations: "millions" → "billion", "million" → "quadrillion"
in the sense "any very large number"): it counts as coverage, never as a suggestion.

Left out, because no check reads them: the glosses and labels (column 4); `def` rows (a definition, not a
translation) and `xref` rows (no translation); translations of more than four words or without a letter
("10^6"); headwords of several words (every lookup is one word), headwords that do not start with a letter (German
"1" → "John"), and affixes and symbols. The output is a pure function of the input files: `--check` rebuilds in memory
and fails when a shipped file differs.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval.data import shared_corpora  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = shared_corpora() / "lexicons" / "wiktionary-2015"  # CHECKTRANS_SHARED, else ../shared
PAIRS = ("fr-en", "es-en", "it-en", "de-en")
MAX_WORDS = 4  # longer translations are definitions: no sentence contains them word for word
SKIP_POS = frozenset({"prefix", "suffix", "affix", "symbol"})
HEADER = (
    "# {pair} dictionary for checktrans, built by scripts/build_dictionaries.py from {name} (Wiktionary, "
    "CC BY-SA 3.0: see dictionary.SOURCE.md)\n"
    "# headword<TAB>pos<TAB>translations<TAB>loose translations (only an inverted English entry gives them)\n"
)
_LETTER = re.compile(r"[^\W\d_]")


def _translation(raw: str) -> str:
    # A few rows keep a template argument ("toss|gloss=to throw"): the translation is what comes before it.
    text = raw.split("|", 1)[0]
    return " ".join(text.split()).strip(" .;:")


def build(tsv_text: str) -> tuple[str, dict[str, int]]:
    """The shipped file's text (without its header) and counts for the SOURCE.md."""
    groups: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    seen: dict[tuple[str, str], dict[str, bool]] = {}  # casefolded translation -> loose?
    counts = {"rows": 0, "kept": 0, "loose": 0, "def": 0, "phrase_headword": 0}
    for line in tsv_text.splitlines():
        head, pos, raw, notes = line.split("\t", 3)
        counts["rows"] += 1
        provenance = notes.split(" | ", 1)[0]
        flags = provenance.split(",")
        sources = flags[0].removeprefix("src=").split("+")
        if "def" in flags:
            counts["def"] += 1
            continue
        if " " in head.strip():
            counts["phrase_headword"] += 1
            continue
        if pos in SKIP_POS or not _LETTER.match(head):
            continue
        translation = _translation(raw)
        if not translation or len(translation.split()) > MAX_WORDS or not _LETTER.search(translation):
            continue
        loose = all(s.endswith("-inv") for s in sources)
        key = (head.strip(), pos)
        strict_list, loose_list = groups.setdefault(key, ([], []))
        known = seen.setdefault(key, {})
        folded = translation.casefold()
        if folded in known:
            if known[folded] and not loose:  # a strict source also gives it: promote
                loose_list.remove(next(t for t in loose_list if t.casefold() == folded))
                strict_list.append(translation)
                known[folded] = False
            continue
        known[folded] = loose
        (loose_list if loose else strict_list).append(translation)
    lines = []
    for (head, pos), (strict_list, loose_list) in groups.items():
        counts["kept"] += len(strict_list) + len(loose_list)
        counts["loose"] += len(loose_list)
        lines.append(f"{head}\t{pos}\t{'; '.join(strict_list)}\t{'; '.join(loose_list)}\n")
    counts["lines"] = len(lines)
    counts["headwords"] = len({h.lower() for h, _ in groups})
    return "".join(lines), counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--out", type=Path, default=REPO / "corpora" / "pairs")
    ap.add_argument("--check", action="store_true", help="compare with the shipped files instead of writing")
    args = ap.parse_args(argv)
    status = 0
    for pair in PAIRS:
        src = args.source / f"{pair}.tsv"
        if not src.exists():
            print(f"{pair}: {src} not found, skipped")
            continue
        body, counts = build(src.read_text(encoding="utf-8"))
        text = HEADER.format(pair=pair, name=f"wiktionary-2015/{pair}.tsv") + body
        out = args.out / pair / "dictionary.tsv"
        if args.check:
            same = out.exists() and out.read_text(encoding="utf-8") == text
            status |= not same
            print(f"{pair}: {'identical' if same else 'DIFFERS'}")
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8", newline="\n")
        print(f"{pair}: {counts} -> {out.relative_to(REPO) if out.is_relative_to(REPO) else out} "
              f"({out.stat().st_size:,} bytes)")
    return status


if __name__ == "__main__":
    sys.exit(main())
