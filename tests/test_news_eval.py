"""The news measure's scoring (scripts/eval/news.py) on a small real slice of news-mt-errors, checked by hand."""
import sys

import pytest
from helpers import REPO, SHARED

sys.path.insert(0, str(REPO / "scripts"))

from eval import news  # noqa: E402
from eval.metrics import FoundSpan, GoldError, auc, match_gold  # noqa: E402

from checker.record import Record

pytestmark = pytest.mark.skipif(not (SHARED / "news-mt-errors" / "pairs.jsonl").exists(),
                                reason="news-mt-errors (../shared/corpora) not available")


@pytest.fixture(scope="module")
def docs():
    return news.load(limit=5)


def test_auc_on_a_hand_checked_toy():
    # clean 3 beats both flawed; clean 2 beats 1, ties 2: (1 + 1 + 1 + 0.5) / 4
    assert auc([3.0, 2.0], [1.0, 2.0]) == pytest.approx(0.875)
    assert auc([1.0], [2.0]) == 0.0


def test_a_finding_on_a_gold_span_is_true_and_one_elsewhere_false(docs):
    assert len(docs) == 5 and all(d.pair for d in docs)  # a limited run leaves the story out
    doc = next(d for d in docs if any(g.severity == "major" for g in d.golds))
    gold = next(g for g in doc.golds if g.severity == "major")
    inside = FoundSpan((gold.target[0], gold.target[0] + 1), None, (gold.fix_any[0].upper(),))
    # a point past the end of the text overlaps no gold span
    outside = FoundSpan((len(doc.target), len(doc.target)), None)
    flags = [[] for _ in docs]
    flags[docs.index(doc)] = [news.Flag(inside, "CT999", True), news.Flag(outside, "CT998", False)]
    figs = news.score(docs, flags)
    assert figs["findings"] == 2 and figs["true_findings"] == 1
    assert figs["major_findings"] == 1 and figs["major_true_findings"] == 1
    assert figs["major_detected"] >= 1 and figs["fixed"] == 1  # fix_any matches whatever its case
    assert figs["rules"]["CT999"]["precision"] == 1.0 and figs["rules"]["CT998"]["precision"] == 0.0
    assert figs["major_gold"] == sum(g.severity in news.MAJOR for d in docs for g in d.golds)


def test_an_omission_is_found_by_its_source_text():
    omission = GoldError("O", target=(10, 20), source=(30, 40), category="accuracy/omission", severity="major")
    wrong = GoldError("W", target=(10, 20), source=(30, 40), category="accuracy/mistranslation", severity="major")
    point = FoundSpan((21, 21), (32, 35))  # an insertion point just after the words, naming the same French
    assert match_gold([point], [omission]).detected == [True]
    assert match_gold([point], [wrong]).detected == [False]


def test_checker_on_five_real_pairs(checker, docs):
    pairs = list(checker.check_many(Record(d.id, d.source, d.target) for d in docs))
    flags = [news.checker_flags(p) for p in pairs]
    figs = news.score(docs, flags)
    assert figs["findings"] == sum(len(f) for f in flags)
    assert sum(r["findings"] for r in figs["rules"].values()) == figs["findings"]
    assert 0 <= figs["true_findings"] <= figs["findings"]
    sep = news.separation(docs, [p.score for p in pairs])
    assert sep["clean"] + sep["flawed"] == sum(bool(d.clean or d.golds) for d in docs)
