"""Controlled errors in real English references, the kinds a news desk cares about (evaluation only).

    python scripts/perturb.py --per-kind 5          # print a few examples of every kind

Each perturbation takes a (French source, clean English) pair and returns the damaged English and a note, or
None when it does not apply to that pair. Everything is seeded: the same seed gives the same items.
Language knowledge comes from data: scripts/eval/perturb_rules.en.toml and the project's own false-friend
lexicon (corpora/pairs/fr-en/false_friends.toml), falling back to LanguageTool's list in the shared corpora.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RULES = REPO / "scripts" / "eval" / "perturb_rules.en.toml"
KINDS = ("negation", "number", "entity", "sentence-drop", "untranslated-clause", "false-friend", "repetition",
         "punctuation", "gender", "antonym")


@dataclass
class Item:
    kind: str
    id: str
    source: str
    clean: str
    perturbed: str
    note: str
    lines: tuple[int, ...]  # line indices of the test set the item is made of


@dataclass(frozen=True)
class FalseFriendPair:
    source: re.Pattern  # French cue
    right: str
    wrong: str


def load_rules(path: Path = RULES) -> dict:
    with path.open("rb") as f:
        return tomllib.load(f)


def load_false_friends() -> list[FalseFriendPair]:
    """(French cue, right English, wrong English) from the project's lexicon, else LanguageTool's shared list."""
    pairs: list[FalseFriendPair] = []
    lexicon = REPO / "corpora" / "pairs" / "fr-en" / "false_friends.toml"
    if lexicon.exists():
        with lexicon.open("rb") as f:
            entries = tomllib.load(f).get("entry", [])
        for entry in entries:
            for wrong, right in sorted((entry.get("wrong") or {}).items()):
                if "{" in wrong or "{" in right:
                    continue  # templated entries ({weekday}) need the lexicon's own expansion
                for cue in entry.get("source", []):
                    try:
                        pattern = re.compile(r"(?<!\w)(?:" + cue.replace("'", "['’]") + r")(?!\w)", re.I)
                    except re.error:
                        continue
                    pairs.append(FalseFriendPair(pattern, right, wrong))
    shared = REPO / ".." / "shared" / "corpora" / "lexicons" / "false_friends_fr_en.json"
    if not pairs and shared.exists():
        # LanguageTool groups an English false friend with the French word it resembles; when the group also
        # has a French entry, its English translations are the right renderings.
        groups: dict[str, dict] = {}
        for e in json.loads(shared.read_text(encoding="utf-8")):
            groups.setdefault(e["group"], {}).setdefault(e["pattern_lang"], []).append(e)
        for group in groups.values():
            for fr in group.get("fr", []):
                for en in group.get("en", []):
                    for right in fr["translations"]:
                        pattern = re.compile(r"(?<!\w)" + fr["pattern"] + r"\w*", re.I)
                        pairs.append(FalseFriendPair(pattern, right, en["pattern"].split("|")[0]))
    return pairs


ENTITY_RE = re.compile(r"(?<![.!?\"“‘(]\s)(?<!^)\b([A-Z][a-zà-ÿ]+(?:[ -][A-Z][a-zà-ÿ]+)*)\b")


def entities(text: str, not_names: set[str]) -> list[str]:
    """Capitalised word sequences that do not open a sentence: a rough but data-free name finder."""
    found = []
    for m in ENTITY_RE.finditer(text):
        words = [w for w in re.split(r"[ -]", m.group(1)) if w not in not_names]
        if words and m.start() > 0 and text[m.start() - 2 : m.start()].strip() not in {".", "!", "?", '"', "“"}:
            found.append(m.group(1) if len(words) == len(re.split(r"[ -]", m.group(1))) else " ".join(words))
    return [e for e in found if e not in not_names]


class Perturber:
    def __init__(self, rules: dict, entity_pool: list[str], false_friends: list[FalseFriendPair]):
        self.rules = rules
        self.not_names = set(rules["entities"]["not_names"])
        self.entity_pool = sorted(set(entity_pool))
        self.false_friends = false_friends
        self.opposite: dict[str, str] = {}  # each antonym pair both ways, the first listing of a word kept
        for x, y in rules["antonyms"]["pairs"]:
            self.opposite.setdefault(x, y)
            self.opposite.setdefault(y, x)
        words = sorted(self.opposite, key=len, reverse=True)
        self.opposites = re.compile(rf"\b({'|'.join(map(re.escape, words))})\b", re.I)

    def apply(self, kind: str, source: str, target: str, rng: random.Random) -> tuple[str, str] | None:
        return getattr(self, "_" + kind.replace("-", "_"))(source, target, rng)

    def _negation(self, source, target, rng):
        for pattern, repl in self.rules["negation"]["remove"]:
            new, n = re.subn(pattern, repl, target, count=1, flags=re.I)
            if n and new != target:
                return new, f"negation removed ({pattern})"
        matches = [m for p, _ in self.rules["negation"]["add"] for m in re.finditer(p, target)]
        if not matches:
            return None
        m = rng.choice(matches)
        return target[: m.end()] + " not" + target[m.end() :], f"negation added after '{m.group()}'"

    def _number(self, source, target, rng):
        for a, b in self.rules["numbers"]["magnitudes"]:
            m = re.search(rf"\b{a}\b", target)
            if m:
                return target[: m.start()] + b + target[m.end() :], f"{a} → {b}"
        numbers = list(re.finditer(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])", target))
        if not numbers:
            return None
        m = rng.choice(numbers)
        old = m.group()
        lo, hi = self.rules["numbers"]["year_range"]
        if "." in old and re.fullmatch(r"\d+\.\d+", old):
            new = old.replace(".", "")  # 1.5 → 15
        elif re.fullmatch(r"\d{4}", old) and lo <= int(old) <= hi:
            new = str(int(old) + 1)
        else:
            new = old + "0"
        return target[: m.start()] + new + target[m.end() :], f"{old} → {new}"

    def _entity(self, source, target, rng):
        names = entities(target, self.not_names)
        if not names:
            return None
        old = rng.choice(sorted(set(names)))
        size = len(old.split())
        candidates = [e for e in self.entity_pool if e != old and len(e.split()) == size
                      and e.lower() not in target.lower() and e.lower() not in source.lower()]
        if not candidates:
            return None
        new = rng.choice(candidates)
        return re.sub(rf"\b{re.escape(old)}\b", new, target, count=1), f"{old} → {new}"

    def _sentence_drop(self, source, target, rng):
        raise ValueError("sentence-drop is built from three consecutive lines by make_items")

    def _untranslated_clause(self, source, target, rng):
        src_clauses, tgt_clauses = source.split(", "), target.split(", ")
        if len(src_clauses) < 2 or len(src_clauses) != len(tgt_clauses):
            return None
        options = [i for i in range(len(src_clauses))
                   if len(src_clauses[i].split()) >= 3 and len(tgt_clauses[i].split()) >= 3]
        if not options:
            return None
        i = rng.choice(options)
        french = src_clauses[i]
        if i == 0 and french[:1].isupper() is False:
            french = french[:1].upper() + french[1:]
        tgt_clauses[i] = french
        return ", ".join(tgt_clauses), f"clause {i} left in French"

    def _false_friend(self, source, target, rng):
        options = []
        for ff in self.false_friends:
            if not ff.source.search(source):
                continue
            m = re.search(rf"\b{re.escape(ff.right)}\b", target, flags=re.I)
            if m:
                options.append((ff, m))
        if not options:
            return None
        ff, m = rng.choice(sorted(options, key=lambda o: (o[0].right, o[0].wrong, o[1].start())))
        wrong = _capital_like(m.group(), ff.wrong)
        return target[: m.start()] + wrong + target[m.end() :], f"{m.group()} → {wrong}"

    def _repetition(self, source, target, rng):
        words = [m for m in re.finditer(r"\b[^\W\d_]+\b", target)
                 if len(m.group()) >= self.rules["repetition"]["min_letters"]]
        if not words:
            return None
        m = rng.choice(words)
        return target[: m.end()] + " " + m.group() + target[m.end() :], f"'{m.group()}' repeated"

    def _antonym(self, source, target, rng):
        opposite = self.opposite
        matches = [m for m in self.opposites.finditer(target) if m.group().lower() in opposite
                   and not m.group()[1:2].isupper()
                   and not (m.start() > 0 and m.group()[0].isupper())]  # not a name: "North Korea"
        if not matches:
            return None
        m = rng.choice(matches)
        new = _capital_like(m.group(), opposite[m.group().lower()])
        return target[: m.start()] + new + target[m.end() :], f"{m.group()} → {new}"

    def _gender(self, source, target, rng):
        rules = self.rules["gender"]
        if not re.search(rules["source_cue"], source):
            return None
        swaps = dict(rules["swaps"])
        m = re.search(rf"\b({'|'.join(swaps)})\b", target, flags=re.I)
        if m is None:
            return None
        word = m.group()
        new = _capital_like(word, swaps[word.lower()])
        return target[: m.start()] + new + target[m.end() :], f"{word} → {new}"

    def _punctuation(self, source, target, rng):
        for opening, closing in self.rules["punctuation"]["quotes"]:
            if opening == closing:
                positions = [i for i, c in enumerate(target) if c == closing]
                if len(positions) >= 2:
                    i = positions[1]  # the closing one of the first pair becomes a curly opening quote
                    return target[:i] + "“" + target[i + 1 :], "closing quote reversed"
            else:
                i = target.find(closing)
                if i > 0 and opening in target[:i]:
                    return target[:i] + opening + target[i + 1 :], "closing quote reversed"
        commas = [i for i, c in enumerate(target) if c == ","]
        if not commas:
            return None
        i = rng.choice(commas)
        return target[:i] + target[i + 1 :], "comma dropped"


def _capital_like(old: str, new: str) -> str:
    """`new` with a capital first letter when `old` has one: a replacement keeps the sentence's case."""
    return new[:1].upper() + new[1:] if old[:1].isupper() else new


def make_items(sources: list[str], references: list[str], kinds=KINDS, per_kind: int = 100, seed: int = 13,
               prefix: str = "") -> list[Item]:
    """Up to per_kind items of each kind, from lines visited in a seeded order; sorted by kind, then id."""
    rules = load_rules()
    not_names = set(rules["entities"]["not_names"])
    pool = [e for ref in references for e in entities(ref, not_names)]
    perturber = Perturber(rules, pool, load_false_friends())
    items: list[Item] = []
    for kind in kinds:
        rng = random.Random(f"{seed}:{kind}")
        order = list(range(len(sources) - 2 if kind == "sentence-drop" else len(sources)))
        rng.shuffle(order)
        made = 0
        for i in order:
            if made >= per_kind:
                break
            if kind == "sentence-drop":
                lines = (i, i + 1, i + 2)
                if any(not references[j].strip() for j in lines):
                    continue
                source = " ".join(sources[j] for j in lines)
                clean = " ".join(references[j] for j in lines)
                perturbed, note = references[i] + " " + references[i + 2], "middle sentence dropped"
            else:
                lines = (i,)
                source, clean = sources[i], references[i]
                result = perturber.apply(kind, source, clean, rng)
                if result is None or result[0] == clean:
                    continue
                perturbed, note = result
            items.append(Item(kind, f"{prefix}{kind}:{i}", source, clean, perturbed, note, lines))
            made += 1
    return sorted(items, key=lambda it: (KINDS.index(it.kind), it.id))


def main() -> int:
    sys.path.insert(0, str(REPO / "scripts"))
    from eval.data import read_lines, wmt_paths

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--year", type=int, default=2014)
    ap.add_argument("--per-kind", type=int, default=3)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    src, ref, _ = wmt_paths(args.year)
    for item in make_items(read_lines(src), read_lines(ref), per_kind=args.per_kind, seed=args.seed):
        print(json.dumps(asdict(item), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
