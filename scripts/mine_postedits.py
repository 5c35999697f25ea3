"""Mine systematic MT errors from LIG's post-edits: French word → MT rendering → the post-editor's rendering.

    python scripts/mine_postedits.py [--limit N] [--out corpora/pairs/fr-en/false_friends.mined.toml]

For each of LIG's 10,881 lines (../shared/corpora/postedit, read in place): the MT (tokenised, lower-cased) and
its post-edit, tokenised the same way (scripts/qe/labels.tokenise), are aligned by a minimum edit alignment
(difflib's opcodes); a single MT word replaced by one or two post-edit words is a substitution, an MT word in an
unchanged run was accepted. The French word behind a replaced MT word is a source word it is spelt like (a
look-alike: a false-friend candidate), else a source word the dictionary translates by the post-edit's words; a
word the dictionary gives the MT word for is never one (that rendering is right somewhere). Counted over the
corpus, a (French word, MT word) pair becomes an entry when it is
- frequent: changed at least MIN_CHANGED times;
- consistent: the post-editors changed it in at least MIN_CHANGE_RATE of the times the MT wrote it, and the
  commonest replacement is at least MIN_AGREEMENT of those changes;
- a change of word, not of form: not an inflection of the same word (decision → decisions), not a function word;
- not what human translators write: in WMT newstest2012–2014 (source lines holding the French word, news-mt-errors'
  own lines left out), the references use the MT word for it in under MAX_REFERENCE_USE of the lines.
Entries are written in CT101's lexicon format (checker/lexicons/false_friends.py) with their counts and
provenance; their examples are the bare word pair (no corpus sentence is copied: the post-edits are evaluation
data). The French word is matched as the forms seen in the corpus.

What it finds (2026-11-29, complete Wiktionary dictionary): no entry. LIG has 5,459 single content-word
substitutions in 4,867 distinct pairs; the frequent ones are the post-editors' American spelling (programme →
program 20, defence → defense 14, centre → center 10) and senses right elsewhere (sociétés → companies/societies
changed 6 times, kept 42; actions → shares 4, kept 28; sécurité → safety/security 4, kept 20). No French word
is rendered one way that the post-editors consistently change, so context-free entries would be false alarms:
these errors need context (CT101 antipatterns) or the learned model, not a word list.
"""
from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval import data  # noqa: E402
from qe.dataset import read_lig  # noqa: E402
from qe.labels import tokenise  # noqa: E402
from qe.synthetic import excluded_lines  # noqa: E402

sys.path.insert(0, str(data.REPO))

MIN_CHANGED = 5
MIN_CHANGE_RATE = 0.6
MIN_AGREEMENT = 0.5
MAX_REFERENCE_USE = 0.2
MIN_REFERENCE_LINES = 2  # fewer WMT lines with the French word: the references cannot speak for it
LOOK_ALIKE = 0.75  # as scripts/qe/synthetic.look_alike draws its look-alikes
SAME_SPELLING = 0.85  # ageing/aging 0.91, organisers/organizers 0.9; fear/shy, cuts/reductions far below
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
OUT = data.REPO / "corpora" / "pairs" / "fr-en" / "false_friends.mined.toml"


def fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


def same_word(a: str, b: str) -> bool:
    """Two forms of one word (decision/decisions, said/says), or one spelling of it (ageing/aging): not a change
    of word."""
    a, b = fold(a), fold(b)
    if SequenceMatcher(None, a, b).ratio() >= SAME_SPELLING:
        return True
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= min(4, len(a), len(b)) and abs(len(a) - len(b)) <= 3


def look_alike(fr: str, en: str) -> bool:
    """Spelt alike (difflib ratio of the accent-folded words), yet not the same word left untranslated."""
    return fr.lower() != en.lower() and SequenceMatcher(None, fold(fr), fold(en)).ratio() >= LOOK_ALIKE


def content(word: str, lang: str) -> bool:
    from checker.checks.wordstats import FUNCTION_WORD_ZIPF, zipf

    return word.isalpha() and len(word) >= 3 and zipf(word, lang) < FUNCTION_WORD_ZIPF


def substitutions(mt_tokens: list[str], pe_tokens: list[str]) -> tuple[list[tuple[int, str]], list[int]]:
    """(MT index, post-edit words) of each single MT word replaced by one or two words, and the indices of MT
    words the post-editor kept, by a minimum edit alignment."""
    subs, kept = [], []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, mt_tokens, pe_tokens, autojunk=False).get_opcodes():
        if op == "equal":
            kept.extend(range(i1, i2))
        elif op == "replace" and i2 - i1 == 1 and 1 <= j2 - j1 <= 2:
            subs.append((i1, " ".join(pe_tokens[j1:j2])))
    return subs, kept


def mine(rows, dictionary, progress=print):
    """changed[(fr, mt)]: Counter of the post-edit renderings that replaced MT word `mt` where the French word
    `fr` is what they translate (the dictionary gives them for `fr`, and never `mt`); kept[(fr, mt)]: lines
    where `mt` stood in the MT of a source holding `fr` and the post-editor left it."""
    changed: dict[tuple[str, str], Counter] = defaultdict(Counter)
    lines = []
    for k, (src, mt, pe) in enumerate(rows):
        if progress and k % 2000 == 0:
            progress(f"[{k} lines]")
        french = {w.lower() for w in _WORD.findall(src) if content(w.lower(), "fr")}
        mt_tokens = mt.split()
        subs, keep = substitutions(mt_tokens, tokenise(pe)[0])
        for i, pe_words in subs:
            mt_word = mt_tokens[i]
            if not content(mt_word, "en"):
                continue
            # The French word behind it: one the MT word is spelt like (a look-alike), else one whose
            # translations the dictionary gives as the post-edit's; never one it gives the MT word for.
            behind = [fr for fr in french if look_alike(fr, mt_word)] or [
                fr for fr in french if dictionary.covers(fr, pe_words.split())]
            for fr in behind:
                if not dictionary.covers(fr, [mt_word]):
                    changed[(fr, mt_word)][pe_words] += 1
        lines.append((french, {mt_tokens[i] for i in keep}))
    renderings = defaultdict(set)
    for fr, mt in changed:
        renderings[fr].add(mt)
    kept: Counter = Counter()
    for french, kept_words in lines:
        for fr in french & renderings.keys():
            kept.update((fr, mt) for mt in renderings[fr] & kept_words)
    return changed, kept


def wmt_pairs() -> list[tuple[str, str]]:
    """WMT newstest2012–2014 (source, reference) lines, without the lines news-mt-errors is made of."""
    root = data.shared_corpora() / "news-mt-errors" / "pairs.jsonl"
    used = {pid for pid in (r["id"] for r in data.read_jsonl(root))} if root.exists() else set()
    out = []
    for year in (2012, 2013, 2014):
        src, ref, _ = data.wmt_paths(year)
        skip = excluded_lines(root) if year == 2014 else {
            int(p.rsplit("-", 1)[1]) - 1 for p in used if p.startswith(f"nt{year % 100}-")}
        out += [p for n, p in enumerate(zip(data.read_lines(src), data.read_lines(ref), strict=False)) if n not in skip]
    return out


def reference_use(fr: str, mt: str, pairs: list[tuple[str, str]]) -> tuple[int, int]:
    """(lines whose source has the French word, of them lines whose reference has the MT word)."""
    f = re.compile(rf"(?<!\w){re.escape(fr)}(?!\w)", re.IGNORECASE)
    m = re.compile(rf"(?<!\w){re.escape(mt)}(?!\w)", re.IGNORECASE)
    hits = [ref for src, ref in pairs if f.search(src)]
    return len(hits), sum(bool(m.search(ref)) for ref in hits)


def select(changed, kept, pairs) -> list[dict]:
    entries = []
    for (fr, mt), renderings in changed.items():
        n_changed = sum(renderings.values())
        if n_changed < MIN_CHANGED:
            continue
        n_kept = kept[(fr, mt)]
        rate = n_changed / (n_changed + n_kept)
        (pe, n_pe), = renderings.most_common(1)
        if rate < MIN_CHANGE_RATE or n_pe / n_changed < MIN_AGREEMENT:
            continue
        if mt == fr or same_word(mt, pe.split()[-1]) or same_word(mt, pe.split()[0]) \
                or not all(w.isalpha() for w in pe.split()):
            continue
        n_ref, n_ref_mt = reference_use(fr, mt, pairs)
        if n_ref >= MIN_REFERENCE_LINES and n_ref_mt / n_ref >= MAX_REFERENCE_USE:
            continue
        entries.append({"fr": fr, "mt": mt, "pe": pe, "changed": n_changed, "kept": n_kept, "agree": n_pe,
                        "ref_lines": n_ref, "ref_mt": n_ref_mt,
                        "look_alike": SequenceMatcher(None, fold(fr), fold(mt)).ratio() >= 0.75})
    return sorted(entries, key=lambda e: (-e["changed"], e["fr"], e["mt"]))


def toml_entry(e: dict) -> str:
    def q(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

    ident = f"lig-{fold(e['fr'])}-{e['mt']}".replace(" ", "-")
    category = "accuracy/false-friend" if e["look_alike"] else "accuracy/mistranslation"
    note = f"'{e['fr']}' is usually '{e['pe']}' here, not '{e['mt']}' (post-editors changed it {e['changed']} times)"
    return "\n".join([
        "[[entry]]",
        f"id = {q(ident)}",
        f"source = [{q(re.escape(e['fr']))}]",
        f"wrong = {{ {q(e['mt'])} = {q(e['pe'])} }}",
        f"right = [{q(e['pe'])}]",
        f'category = "{category}"',
        'severity = "minor"',
        "confidence = 0.5",
        f"note = {q(note)}",
        f"# LIG: changed {e['changed']} times (to '{e['pe']}' {e['agree']}), kept {e['kept']}; "
        f"WMT references: '{e['mt']}' in {e['ref_mt']} of {e['ref_lines']} lines with '{e['fr']}'",
        "examples = [",
        f"  {{ source = {q(e['fr'])}, target = {q(e['mt'])}, flagged = {q(e['mt'])}, correction = {q(e['pe'])} }},",
        f"  {{ source = {q(e['fr'])}, target = {q(e['pe'])} }},",
        "]",
    ])


HEADER = """# GENERATED by scripts/mine_postedits.py: edit that script's thresholds, not this file.
# Systematic substitutions of LIG's post-editors (Potet et al., LREC 2012: French news, SMT output, human
# post-edit; ../shared/corpora/postedit/SOURCE.md), in CT101's lexicon format (false_friends.toml explains it).
# Counts are given per entry; no corpus sentence is copied.
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="first N lines only (a quick look; writes nothing "
                                                               "unless --out is given)")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    folder = data.shared_corpora() / "postedit"
    if not folder.is_dir():
        print(f"{folder} not found; nothing to mine")
        return 0
    from checker.lexicons import load_lexicons

    rows = read_lig(folder, args.limit)
    changed, kept = mine(rows, load_lexicons("fr", "en").dictionary)
    entries = select(changed, kept, wmt_pairs())
    for e in entries:
        print(f"{e['fr']:>16} → {e['mt']:<14} → {e['pe']:<18} changed {e['changed']:>3} kept {e['kept']:>3} "
              f"agree {e['agree']:>3}  refs {e['ref_mt']}/{e['ref_lines']}")
    print(f"{len(entries)} entries from {len(rows)} lines")
    out = args.out or (None if args.limit else OUT)
    if out and entries:
        out.write_text(HEADER + "\n" + "\n\n".join(toml_entry(e) for e in entries) + "\n", encoding="utf-8")
        print(f"[wrote {out}]")
    elif out and out.exists():
        out.unlink()
        print(f"[removed {out}: no entry]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
