"""news: real machine translation of French news, every error annotated (news-mt-errors), and each rule's cost.

(a) news-mt-errors (a development set: never tune a threshold on it alone): 100 one-sentence MT pairs from five
    systems (2012-2014) and a 34-line online-MT story, 361 errors annotated by a bilingual editor. A finding
    detects an error when its target range overlaps the error's span (an omission also by its source text);
    precision counts findings overlapping no annotated error as false; right fix = a detected error with a
    suggestion containing one of its `fix_any` words; beside it, the same with the suggestion put in place (the
    text `checktrans fix` would make must hold the word, taking in the inserted text). Printed beside the overall
    figures, so that a lenient measure fools nobody: precision against major spans only, recall of single-word
    major errors, precision on the newest system's pairs (online-B 2014), and the segment score's AUC separating
    the 93 flawed pairs from the 7 clean ones.
(b) Per rule: findings and precision on news-mt-errors, and findings per 100 sentences of WMT newstest2014 human
    references checked in ten-line stories as the gate measure does (every one a false alarm), with the stories
    each rule fails at `--fail-on major`. A rule below 0.5 precision that fires on human references is a rule a
    desk learns to ignore.
Baseline in the same run: the cosine gate of the detection measure (a whole pair, or a story's segment, flagged
when its cosine is below the mean − 1 std), and plain cosine as the segment score for the AUC.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from checker.record import Record

from . import data, gate
from .common import get_checker, low_cosine_flags, pair_cosines, table
from .detection import _baseline_seed, found_spans, gold_errors, load_gold
from .metrics import FoundSpan, GoldError, auc, match_gold

FOLDER = "news-mt-errors"
STORY = "story-ledevoir-2011-11-15-74354-html"
NEWEST = "nt14-onlineB-"  # the newest system in the set
MAJOR = ("major", "critical")
BASELINE_CODE = "cosine"


@dataclass
class NewsDoc:
    id: str
    source: str
    target: str
    golds: list[GoldError]
    clean: bool = False  # listed in clean.txt: nothing to correct
    pair: bool = True  # one sentence pair (False: the story)


@dataclass
class Flag:
    """A finding as the scoring needs it: where, with what suggestions, from which rule, at major or above."""

    span: FoundSpan
    code: str
    major: bool


def load(limit: int | None = None) -> list[NewsDoc]:
    """The pairs (the first `limit` of them) and, on a full run, the story, with their gold errors located."""
    root = data.need(data.shared_corpora() / FOLDER)
    rows = defaultdict(list)
    for row in data.read_jsonl(root / "gold.pairs.jsonl"):
        rows[row["pair_id"]].append(row)
    clean = set(data.read_lines(root / "clean.txt"))
    docs = [NewsDoc(p["id"], p["source"], p["target"], gold_errors(rows[p["id"]], p["source"], p["target"], p["id"]),
                    clean=p["id"] in clean)
            for p in data.read_jsonl(root / "pairs.jsonl", limit)]
    if not limit:
        source, target = ((root / f"{STORY}.{lang}.txt").read_text(encoding="utf-8") for lang in ("fr", "en"))
        docs.append(NewsDoc(STORY, source, target, load_gold(root / f"{STORY}.gold.jsonl", source, target), pair=False))
    return docs


def checker_flags(pair) -> list[Flag]:
    from checker.model import Severity

    return [Flag(span, f.code, f.severity >= Severity.MAJOR)
            for f, span in zip(pair.findings, found_spans(pair.findings), strict=False)]


def _is_major(gold: GoldError) -> bool:
    return gold.severity in MAJOR


def _one_word(doc: NewsDoc, gold: GoldError) -> bool:
    return gold.target is not None and len(doc.target[gold.target[0] : gold.target[1]].split()) == 1


def _rate(n: int, d: int) -> float:
    return n / d if d else 0.0


def _add(counter: Counter, **counts: int | bool) -> None:
    counter.update({k: int(v) for k, v in counts.items()})  # Counter.update keeps a first bool as it is


def score(docs: Sequence[NewsDoc], flags: Sequence[Sequence[Flag]]) -> dict[str, Any]:
    """Detection figures of one system's flags (one list per document) against the gold errors."""
    c: Counter = Counter()
    rules: dict[str, Counter] = defaultdict(Counter)
    by_category: dict[str, Counter] = defaultdict(Counter)
    for doc, doc_flags in zip(docs, flags, strict=False):
        found = [f.span for f in doc_flags]
        m = match_gold(found, doc.golds, doc.target)
        on_major = match_gold(found, [g for g in doc.golds if _is_major(g)]).true_findings
        for g, det, fix, put in zip(doc.golds, m.detected, m.fixed, m.fixed_in_place, strict=False):
            major, single = _is_major(g), _is_major(g) and _one_word(doc, g)
            _add(c, gold=1, detected=det, fixed=fix, fixed_in_place=put, major=major, major_detected=major and det,
                     major_fixed=major and fix, single=single, single_detected=single and det)
            _add(by_category[g.category], gold=1, detected=det)
        newest = doc.id.startswith(NEWEST)
        for f, true, true_major in zip(doc_flags, m.true_findings, on_major, strict=False):
            _add(c, findings=1, true=true, true_on_major=true_major, major_findings=f.major,
                     major_true=f.major and true, newest_findings=newest, newest_true=newest and true)
            _add(rules[f.code], findings=1, true=true, major_findings=f.major, major_true=f.major and true)
    return {
        "gold": c["gold"], "detected": c["detected"], "recall": _rate(c["detected"], c["gold"]),
        "major_gold": c["major"], "major_detected": c["major_detected"],
        "major_recall": _rate(c["major_detected"], c["major"]),
        "single_word_major_gold": c["single"], "single_word_major_detected": c["single_detected"],
        "single_word_major_recall": _rate(c["single_detected"], c["single"]),
        "findings": c["findings"], "true_findings": c["true"], "precision": _rate(c["true"], c["findings"]),
        "major_findings": c["major_findings"], "major_true_findings": c["major_true"],
        "major_precision": _rate(c["major_true"], c["major_findings"]),
        "true_on_major_spans": c["true_on_major"], "precision_on_major_spans": _rate(c["true_on_major"], c["findings"]),
        "newest_findings": c["newest_findings"], "newest_true_findings": c["newest_true"],
        "newest_precision": _rate(c["newest_true"], c["newest_findings"]),
        "fixed": c["fixed"], "right_fix": _rate(c["fixed"], c["detected"]),
        "fixed_in_place": c["fixed_in_place"], "right_fix_in_place": _rate(c["fixed_in_place"], c["detected"]),
        "major_fixed": c["major_fixed"], "major_right_fix": _rate(c["major_fixed"], c["major_detected"]),
        "rules": {code: {**r, "precision": _rate(r["true"], r["findings"])} for code, r in sorted(rules.items())},
        "by_category": {k: dict(v) for k, v in sorted(by_category.items())},
    }


def separation(docs: Sequence[NewsDoc], scores: Sequence[float | None]) -> dict[str, Any]:
    """AUC of a segment score (higher = better) separating clean pairs from flawed ones (pairs with gold)."""
    clean = [s for d, s in zip(docs, scores, strict=False) if d.pair and d.clean and s is not None]
    flawed = [s for d, s in zip(docs, scores, strict=False) if d.pair and d.golds and s is not None]
    return {"auc": auc(clean, flawed), "clean": len(clean), "flawed": len(flawed)}


@dataclass
class ReferenceRates:
    """What each rule does on human translations (every finding a false alarm)."""

    sentences: int
    stories: int
    findings: Counter = field(default_factory=Counter)
    major_findings: Counter = field(default_factory=Counter)
    failed_stories: Counter = field(default_factory=Counter)  # stories with a major+ finding of the rule
    failing: int = 0  # stories with any major+ finding

    def per_100(self, code: str, major: bool = False) -> float:
        return 100 * _rate((self.major_findings if major else self.findings)[code], self.sentences)


def reference_rates(checker, limit: int | None) -> ReferenceRates:
    """Rules' findings on newstest2014 human references, in the gate measure's ten-line stories."""
    src_path, ref_path, _ = data.wmt_paths(2014)
    n = gate.lines_checked(limit)
    results = [r for r in gate.check_stories(checker, data.read_lines(src_path, n), data.read_lines(ref_path, n))
               if not isinstance(r, Exception)]
    rates = ReferenceRates(sentences=n, stories=len(results))
    for result in results:
        flags = checker_flags(result)
        rates.findings.update(f.code for f in flags)
        rates.major_findings.update(f.code for f in flags if f.major)
        rates.failed_stories.update({f.code for f in flags if f.major})
        rates.failing += any(f.major for f in flags)
    return rates


def _baseline(docs: Sequence[NewsDoc], pairs, model: str | None) -> tuple[list[list[Flag]], list[float]]:
    """The cosine gate's flags (whole segments) for every document, and each pair's cosine as its score."""
    idx = [i for i, d in enumerate(docs) if d.pair]
    cos = pair_cosines([docs[i].source for i in idx], [docs[i].target for i in idx], model)
    flags: list[list[Flag]] = [[] for _ in docs]
    scores: list[float | None] = [None] * len(docs)
    for i, c, flagged in zip(idx, cos, low_cosine_flags(cos), strict=False):
        scores[i] = float(c)
        if flagged:
            d = docs[i]
            flags[i] = [Flag(FoundSpan((0, len(d.target)), (0, len(d.source))), BASELINE_CODE, True)]
    for i, d in enumerate(docs):
        if not d.pair and not isinstance(pairs[i], Exception):
            flags[i] = [Flag(s, BASELINE_CODE, True) for s in _baseline_seed(d.source, d.target, pairs[i], model)]
    return flags, scores


def _summary_rows(ours: dict, base: dict, auc_ours: dict, auc_base: dict) -> list[list[Any]]:
    def pair(key: str, n: str | None = None, d: str | None = None) -> list[Any]:
        def cell(r: dict) -> str:
            return f"{r[key]:.3f}" + (f" ({r[n]}/{r[d]})" if n else "")
        return [cell(ours), cell(base)]

    return [
        ["recall of major errors", *pair("major_recall", "major_detected", "major_gold")],
        ["recall of all errors", *pair("recall", "detected", "gold")],
        ["precision of findings", *pair("precision", "true_findings", "findings")],
        ["precision of major+ findings", *pair("major_precision", "major_true_findings", "major_findings")],
        ["right fix, share of errors found", *pair("right_fix", "fixed", "detected")],
        ["right fix, share of major errors found", *pair("major_right_fix", "major_fixed", "major_detected")],
        ["right fix put in place (as `checktrans fix` would), share of errors found",
         *pair("right_fix_in_place", "fixed_in_place", "detected")],
        ["precision against major spans only", *pair("precision_on_major_spans", "true_on_major_spans", "findings")],
        ["recall of single-word major errors", *pair("single_word_major_recall", "single_word_major_detected",
                                                     "single_word_major_gold")],
        [f"precision on the newest system ({NEWEST}*)", *pair("newest_precision", "newest_true_findings",
                                                              "newest_findings")],
        ["segment score AUC, clean vs flawed pairs",
         f"{auc_ours['auc']:.3f} ({auc_ours['clean']} clean, {auc_ours['flawed']} flawed)",
         f"{auc_base['auc']:.3f} (plain cosine)"],
    ]


def run(args) -> dict[str, Any]:
    docs = load(args.limit)
    checker = get_checker(args.model)
    pairs = list(checker.check_many(Record(d.id, d.source, d.target) for d in docs))
    ours_flags = [[] if isinstance(p, Exception) else checker_flags(p) for p in pairs]
    ours = score(docs, ours_flags)
    auc_ours = separation(docs, [None if isinstance(p, Exception) else p.score for p in pairs])
    base_flags, base_scores = _baseline(docs, pairs, args.model)
    base = score(docs, base_flags)
    auc_base = separation(docs, base_scores)
    table(["measure", "checker", "baseline (cosine gate)"], _summary_rows(ours, base, auc_ours, auc_base),
          title=f"news: news-mt-errors, {sum(d.pair for d in docs)} pairs"
                + (" and a 34-line story" if any(not d.pair for d in docs) else "")
                + f" ({ours['gold']} errors, {ours['major_gold']} major)")
    table(["category", "gold", "checker det.", "baseline det."],
          [[k, v["gold"], v.get("detected", 0), base["by_category"].get(k, {}).get("detected", 0)]
           for k, v in ours["by_category"].items()])

    try:
        refs = reference_rates(checker, args.limit)
    except data.Missing as missing:  # the news figures stand without the references' column
        print(f"news/references: {missing}")
        refs = ReferenceRates(sentences=0, stories=0)
    codes = sorted(set(ours["rules"]) | set(refs.findings))
    rule_rows, rules_out = [], {}
    for code in codes:
        r = ours["rules"].get(code, {})
        rules_out[code] = {
            "news_findings": r.get("findings", 0), "news_true": r.get("true", 0), "news_precision": r.get("precision"),
            "news_major_findings": r.get("major_findings", 0), "news_major_true": r.get("major_true", 0),
            "references_per_100": round(refs.per_100(code), 2),
            "references_major_per_100": round(refs.per_100(code, major=True), 2),
            "references_stories_failed": refs.failed_stories[code],
        }
        o = rules_out[code]
        rule_rows.append([code, o["news_findings"], o["news_true"],
                          "—" if o["news_precision"] is None else f"{o['news_precision']:.2f}",
                          f"{o['news_major_true']}/{o['news_major_findings']}",
                          f"{o['references_per_100']:.1f}", f"{o['references_major_per_100']:.1f}",
                          f"{o['references_stories_failed']}/{refs.stories}"])
    table(["rule", "news findings", "true", "precision", "major+ true/all", "refs /100 sent.",
           "refs major+ /100", "ref stories failed"], rule_rows,
          title=f"news: per rule, news-mt-errors and WMT newstest2014 human references ({refs.sentences} sentences "
                f"in {refs.stories} ten-line stories; {refs.failing} fail --fail-on major)")
    return {
        "checker": {**ours, **auc_ours}, "baseline": {**base, **auc_base}, "rules": rules_out,
        "references": {"sentences": refs.sentences, "stories": refs.stories, "stories_failing_major": refs.failing},
    }
