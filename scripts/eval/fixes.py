"""fixes: are the suggestions what a post-editor wrote? LIG's dev fold (never news-mt-errors).

Each line of LIG's dev fold (French news, SMT, human post-edit; scripts/qe/dataset.split) is checked as the MT
restored to cased text. A suggestion is *right* when the post-edit contains it word for word (case-insensitive)
and the MT's flagged text does not equal it: a strict proxy (a post-editor may choose another good word), the same
for every system compared. Per rule: findings, findings on words the post-editor changed, findings with a
suggestion, right first suggestion, right among all suggestions.

For CT400's one-word findings linked to a source word, beside the shipped rule in the same run: the dictionary's
first other sense, the encoder's best sense with no gain required (what the rule would offer without its bar), and
the ceiling: a right word among all the dictionary's senses at all.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import numpy as np

from checker.record import Record

from . import data
from .common import get_checker, table


def _phrase(text: str) -> str:
    return " " + " ".join(text.lower().split()) + " "


def _senses(dictionary, source_word: str, word: str) -> list[str]:
    """The candidates CT400 draws from: the dictionary's translations of the linked source word, one or two words,
    not a name, other than the word written."""
    return [t for t in dictionary.translations(source_word)
            if len(t.split()) <= 2 and not t[:1].isupper() and t.lower() != word.lower()]


def _alternatives(checker, pair, finding, post_edit: str) -> dict[str, bool] | None:
    """For a one-word CT400 finding linked to a source word: whether the dictionary's first sense, the encoder's
    best sense and any sense are right; None when the word has no linked source word or no sense."""
    from checker.checks.probe import unit
    from checker.lexicons import load_lexicons

    seg = pair.segments[finding.segment]
    links = {(link.target_start, link.target_end): (link.source_start, link.source_end) for link in seg.links or []}
    source = links.get((finding.target_start, finding.target_end))
    if source is None:
        return None
    text = pair.target.text
    word = text[finding.target_start : finding.target_end]
    senses = _senses(load_lexicons(pair.source.lang, "en").dictionary, pair.source.text[source[0] : source[1]], word)
    if not senses:
        return None
    before, after = text[seg.target_start : finding.target_start], text[finding.target_end : seg.target_end]
    src = unit(pair.source.embeddings[list(seg.source_sentences)].mean(axis=0))
    sims = checker.encoder.encode([before + s + after for s in senses]).embeddings @ src
    right = [_phrase(s) in post_edit for s in senses]
    return {"dictionary first": right[0], "encoder best": right[int(np.argmax(sims))], "any sense": any(right)}


def run(args) -> dict[str, Any]:
    from qe.dataset import overlapping, read_lig, split, tag_lines
    from qe.labels import tokenise

    folder = data.shared_corpora() / "postedit"
    rows = read_lig(data.need(folder / "tgt-pe-all.en").parent)
    _, dev, _ = split(len(rows))
    dev = dev[: args.limit] if args.limit else dev
    tagged = tag_lines(rows, dev)
    checker = get_checker(args.model)
    results = checker.check_many(Record(str(k), rows[k][0], tagged[k].mt, source_lang="fr", target_lang="en")
                                 for k in dev)
    rules: dict[str, Counter] = defaultdict(Counter)
    single: Counter = Counter()
    for k, pair in zip(dev, results, strict=True):
        if not hasattr(pair, "findings"):
            continue
        post_edit = _phrase(" ".join(tokenise(rows[k][2])[0]))
        for f in pair.findings:
            c = rules[f.code]
            flagged = pair.target.text[f.target_start : f.target_end]
            right = [_phrase(s) in post_edit and s.lower() != flagged.lower() for s in f.suggestions]
            changed = f.target_end > f.target_start and overlapping([(f.target_start, f.target_end)], tagged[k].bad)[0]
            # ints: Counter.update keeps a first bool as it is, and True + True is not a count to print
            c.update(findings=1, changed=int(bool(changed)), suggested=int(bool(right)),
                     right_first=int(bool(right and right[0])), right_any=int(any(right)))
            if f.code == "CT400" and f.segment is not None:
                alternatives = _alternatives(checker, pair, f, post_edit)
                if alternatives is not None:
                    single.update(findings=1, shipped_offered=int(bool(f.suggestions)),
                                  shipped_right=int(bool(right and right[0])),
                                  **{name: int(v) for name, v in alternatives.items()})
    table(["rule", "findings", "on changed words", "with a suggestion", "right first", "right among all"],
          [[code, c["findings"], c["changed"], c["suggested"], c["right_first"], c["right_any"]]
           for code, c in sorted(rules.items())],
          title=f"fixes: suggestions against LIG's post-edits, dev fold ({len(dev)} lines)")
    n = single["findings"]
    table(["CT400 one-word findings with a linked source word", "offered", "right", "share right of all"],
          [["shipped (no sense offered by default: sense_gain off)", single["shipped_offered"],
            single["shipped_right"], f"{single['shipped_right'] / max(n, 1):.3f}"],
           *([name, n, single[name], f"{single[name] / max(n, 1):.3f}"]
             for name in ("dictionary first", "encoder best", "any sense"))],
          title=f"fixes: CT400's candidates, {n} one-word findings linked to a source word")
    return {"lines": len(dev), "rules": {code: dict(c) for code, c in sorted(rules.items())},
            "ct400_one_word": dict(single)}
