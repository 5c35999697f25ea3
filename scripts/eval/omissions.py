"""omissions: sentences and clauses dropped from or added to a translation (CT001, CT002, CT152), in news and in
literature.

- WMT newstest2013 and 2012 human references, six consecutive lines glued into a story (stories that touch a
  line news-mt-errors uses are left out): one line dropped from the English (a CT001 must cover its French), an
  English line from elsewhere in the test set inserted (a CT002 must cover it), and the story intact (every
  CT001 or CT002 there is a false alarm). 2013 is where CT001's link share was chosen; 2012 is held out.
- The same test sets, five-line stories around a line whose French and English split into the same number (3 or
  more) of comma-separated clauses: one clause of that line dropped from the English (a CT001, CT150, CT152 or
  CT401 finding must cover the French clause), and every CT152 finding on the intact stories above counted as a
  false alarm. CT152's thresholds were chosen on 2013.
- TransRead's novels in the shared corpora, twelve gold links to a story: human literary translations whose gold
  alignment leaves some French sentences untranslated (0-1) and some English ones without a source (1-0); a
  finding elsewhere is a false alarm.

The baseline, in the same run, is the same checker as it was before these two mechanisms: the link-share test
off (MAX_LINKED = 0), so CT001 and CT002 use the block cosine test alone, and no CT152.
"""
from __future__ import annotations

import random
from collections import Counter
from typing import Any

from checker.model import Severity
from checker.record import Record

from . import data
from .common import get_checker, table

STORY_LINES = 6
TRANSREAD_LINKS = 12
YEARS = (2013, 2012)


def _excluded(year: int) -> set[int]:
    from qe.synthetic import excluded_lines

    return excluded_lines(data.shared_corpora() / "news-mt-errors" / "pairs.jsonl", prefix=f"nt{year % 100}-")


def news_items(year: int, stories: int, seed: int) -> list[tuple[str, Record, tuple[int, int] | None]]:
    """(kind, record, the damaged span: French for "dropped", English for "inserted", None for "intact")."""
    src_path, ref_path, _ = data.wmt_paths(year)
    src, ref = data.read_lines(data.need(src_path)), data.read_lines(data.need(ref_path))
    skip = _excluded(year)
    rng = random.Random(seed + year)
    starts = [i for i in range(len(src) - STORY_LINES) if not skip & set(range(i, i + STORY_LINES))]
    items = []
    for i in sorted(rng.sample(starts, min(stories, len(starts)))):
        s, t = src[i : i + STORY_LINES], ref[i : i + STORY_LINES]
        k = rng.randrange(1, STORY_LINES - 1)
        french = " ".join(s)
        at = len(" ".join(s[:k])) + 1
        items.append(("dropped", Record(f"{year}-d{i}", french, " ".join(t[:k] + t[k + 1 :])), (at, at + len(s[k]))))
        j = rng.choice([j for j in range(len(ref)) if abs(j - i) > 50])
        at = len(" ".join(t[:k])) + 1
        items.append(("inserted", Record(f"{year}-a{i}", french, " ".join(t[:k] + [ref[j]] + t[k:])),
                      (at, at + len(ref[j]))))
        items.append(("intact", Record(f"{year}-i{i}", french, " ".join(t)), None))
    return items


def clause_items(year: int, stories: int, seed: int) -> list[tuple[str, Record, tuple[int, int]]]:
    """("clause", record, the French clause's span) for stories whose middle line lost one clause in English."""
    src_path, ref_path, _ = data.wmt_paths(year)
    src, ref = data.read_lines(data.need(src_path)), data.read_lines(data.need(ref_path))
    skip = _excluded(year)
    rng = random.Random(seed + year + 1)
    lines = [i for i in range(2, len(src) - 3)
             if len(src[i].split(", ")) == len(ref[i].split(", ")) >= 3 and not skip & set(range(i - 2, i + 3))]
    items = []
    for i in sorted(rng.sample(lines, min(stories, len(lines)))):
        fr, en = src[i].split(", "), ref[i].split(", ")
        k = rng.randrange(1, len(fr))
        if len(fr[k].split()) < 3 or len(en[k].split()) < 3:
            continue
        damaged = ", ".join(en[:k] + en[k + 1 :])
        at = len(" ".join(src[i - 2 : i])) + 1 + len(", ".join(fr[:k])) + 2
        items.append(("clause", Record(f"{year}-c{i}", " ".join(src[i - 2 : i + 3]),
                                       " ".join(ref[i - 2 : i] + [damaged] + ref[i + 1 : i + 3])),
                      (at, at + len(fr[k]))))
    return items


def transread_items() -> list[tuple[Record, list[tuple[int, int]], list[tuple[int, int]]]]:
    """(record, French spans the gold leaves untranslated, English spans it leaves without a source)."""
    from eval_sentence_alignment import read_gold, read_sentences  # the sentence-alignment measure's reader

    root = data.need(data.shared_corpora() / "alignment" / "sentence-transread")
    items = []
    for novel in sorted(p for p in root.iterdir() if p.is_dir() and (p / f"{p.name}_links.tsv").exists()):
        fr = dict(zip(*read_sentences(novel / f"{novel.name}_fr.sentences.tsv"), strict=True))
        en = dict(zip(*read_sentences(novel / f"{novel.name}_en.sentences.tsv"), strict=True))
        links = read_gold(novel / f"{novel.name}_links.tsv")
        for k in range(0, len(links), TRANSREAD_LINKS):
            texts: dict[str, list[str]] = {"en": [], "fr": []}
            alone: dict[str, list[tuple[int, int]]] = {"en": [], "fr": []}
            for fr_ids, en_ids in links[k : k + TRANSREAD_LINKS]:
                for lang, ids, other, sentences in (("en", en_ids, fr_ids, en), ("fr", fr_ids, en_ids, fr)):
                    for sid in ids:
                        at = sum(len(x) + 1 for x in texts[lang])
                        texts[lang].append(sentences[sid])
                        if not other:
                            alone[lang].append((at, at + len(sentences[sid])))
            if texts["en"] and texts["fr"]:
                items.append((Record(f"{novel.name}-{k}", " ".join(texts["fr"]), " ".join(texts["en"])),
                              alone["fr"], alone["en"]))
    return items


def _covers(finding, side: str, span: tuple[int, int]) -> bool:
    start, end = (finding.source_start, finding.source_end) if side == "source" else (
        finding.target_start, finding.target_end)
    return start is not None and start < span[1] and span[0] < end


def _score_news(items, results) -> Counter:
    c: Counter = Counter()
    for (kind, _, span), result in zip(items, results, strict=True):
        c[kind] += 1
        if kind == "dropped":
            c["dropped found"] += any(f.code == "CT001" and _covers(f, "source", span) for f in result.findings)
        elif kind == "inserted":
            c["inserted found"] += any(f.code == "CT002" and _covers(f, "target", span) for f in result.findings)
        elif kind == "clause":
            c["clause found"] += any(f.code in _WORD_OMISSIONS and _covers(f, "source", span) for f in result.findings)
        else:
            c["intact alarms"] += sum(f.code in ("CT001", "CT002") for f in result.findings)
            c["intact CT152"] += sum(f.code == "CT152" for f in result.findings)
            c["intact CT152 major"] += sum(f.code == "CT152" and f.severity >= Severity.MAJOR for f in result.findings)
    return c


_WORD_OMISSIONS = ("CT001", "CT150", "CT152", "CT401")


def _score_transread(items, results) -> Counter:
    c: Counter = Counter()
    for (_, fr_alone, en_alone), result in zip(items, results, strict=True):
        c["gold omitted"] += len(fr_alone)
        c["gold added"] += len(en_alone)
        for f in result.findings:
            if f.code == "CT001":
                c["CT001 true" if any(_covers(f, "source", s) for s in fr_alone) else "CT001 false"] += 1
            elif f.code == "CT002":
                c["CT002 true" if any(_covers(f, "target", s) for s in en_alone) else "CT002 false"] += 1
    return c


def _both(checker, records) -> tuple[list, list]:
    """The checker's results as shipped, then without the link-share test and CT152."""
    from checker.checks import omission, phrase_omission

    shipped = list(checker.check_many(records))
    kept = omission.MAX_LINKED, phrase_omission.MIN_GAIN
    omission.MAX_LINKED, phrase_omission.MIN_GAIN = 0.0, float("inf")
    try:
        baseline = list(checker.check_many(records))
    finally:
        omission.MAX_LINKED, phrase_omission.MIN_GAIN = kept
    return shipped, baseline


def _rate(n: int, d: int) -> str:
    return f"{n / d:.3f} ({n}/{d})" if d else "—"


def run(args) -> dict[str, Any]:
    checker = get_checker(args.model)
    stories = args.limit or 200
    out: dict[str, Any] = {}
    rows = []
    for year in YEARS:
        items = news_items(year, stories, args.seed) + clause_items(year, stories, args.seed)
        shipped, baseline = (_score_news(items, r) for r in _both(checker, [rec for _, rec, _ in items]))
        out[f"newstest{year}"] = {"checker": dict(shipped), "baseline": dict(baseline)}
        for label, key, d in (("dropped sentence found (CT001)", "dropped found", "dropped"),
                              ("inserted sentence found (CT002)", "inserted found", "inserted")):
            rows.append([f"newstest{year}: {label}", _rate(shipped[key], shipped[d]),
                         _rate(baseline[key], baseline[d])])
        rows.append([f"newstest{year}: a clause dropped, found (CT001, CT150, CT152 or CT401)",
                     _rate(shipped["clause found"], shipped["clause"]),
                     _rate(baseline["clause found"], baseline["clause"])])
        rows.append([f"newstest{year}: CT001/CT002 on intact stories, per 100",
                     f"{100 * shipped['intact alarms'] / shipped['intact']:.1f}",
                     f"{100 * baseline['intact alarms'] / baseline['intact']:.1f}"])
        rows.append([f"newstest{year}: CT152 on intact stories, per 100 (major)",
                     f"{100 * shipped['intact CT152'] / shipped['intact']:.1f} "
                     f"({100 * shipped['intact CT152 major'] / shipped['intact']:.1f})", "—"])
    try:
        items = transread_items()
    except data.Missing as missing:
        print(f"omissions: TransRead skipped ({missing})")
    else:
        shipped, baseline = (_score_transread(items, r) for r in _both(checker, [rec for rec, _, _ in items]))
        out["transread"] = {"checker": dict(shipped), "baseline": dict(baseline)}
        for code, gold in (("CT001", "gold omitted"), ("CT002", "gold added")):
            cells = []
            for c in (shipped, baseline):
                found = c[f"{code} true"] + c[f"{code} false"]
                cells.append(f"precision {_rate(c[f'{code} true'], found)}, {c[f'{code} true']} of {c[gold]} gold")
            rows.append([f"TransRead novels ({len(items)} stories): {code}", *cells])
    table(["measure", "checker", "baseline (the block cosine alone, no CT152)"], rows,
          title=f"omissions: sentences dropped and added, clauses dropped, {stories} news stories a year")
    return out
