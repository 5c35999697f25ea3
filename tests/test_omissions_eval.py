"""The omissions measure (scripts/eval/omissions.py) builds its damaged stories and scores them as it says."""
import sys

import pytest
from helpers import REPO, SHARED

sys.path.insert(0, str(REPO / "scripts"))

from eval import omissions  # noqa: E402

from checker.model import Finding, Severity  # noqa: E402

pytestmark = pytest.mark.skipif(not (SHARED / "wmt" / "newstest2012").is_dir(),
                                reason="WMT newstest (../shared/corpora) not available")


def _finding(code, source=(None, None), target=(None, None)):
    return Finding(code, "x", "accuracy/omission", Severity.MAJOR, 0, *target, *source, "x", [])


def test_each_story_comes_dropped_inserted_and_intact():
    items = omissions.news_items(2012, 3, seed=13)
    assert [kind for kind, _, _ in items] == ["dropped", "inserted", "intact"] * 3
    for (_, dropped, fr_span), (_, inserted, en_span), (_, intact, _) in zip(items[::3], items[1::3], items[2::3],
                                                                             strict=True):
        assert dropped.source == inserted.source == intact.source
        lost = dropped.source[fr_span[0] : fr_span[1]]
        # the French of the dropped line is whole in the source; the English lost one line, which the intact
        # story has and the inserted one keeps beside a line from elsewhere
        assert lost and lost in intact.source and len(dropped.target) < len(intact.target)
        added = inserted.target[en_span[0] : en_span[1]]
        assert added and added not in intact.target
        assert inserted.target.replace(added + " ", "", 1) == intact.target


def test_a_finding_counts_only_on_the_damaged_sentence():
    items = omissions.news_items(2012, 1, seed=13)
    (_, _, fr_span), (_, _, en_span), _ = items

    class Result:
        def __init__(self, findings):
            self.findings = findings

    results = [Result([_finding("CT001", source=fr_span)]),
               Result([_finding("CT002", target=(0, en_span[0]))]),  # the sentence before the inserted one
               Result([_finding("CT001", source=(0, 5)), _finding("CT002", target=(0, 5))])]
    c = omissions._score_news(items, results)
    assert (c["dropped found"], c["inserted found"], c["intact alarms"]) == (1, 0, 2)


def test_a_clause_story_lost_one_clause_of_its_middle_line():
    from eval import data

    ref = data.read_lines(data.wmt_paths(2012)[1])
    items = omissions.clause_items(2012, 5, seed=13)
    assert items
    for _, record, (start, end) in items:
        i = int(record.id.rsplit("-c", 1)[1])
        clause = record.source[start:end]
        # the French clause sits after a ", " separator and has three words or more
        assert record.source[start - 2 : start] == ", " and len(clause.split()) >= 3
        # the English: five reference lines, one ", "-separated clause of the middle one gone
        en = ref[i].split(", ")
        assert any(record.target == " ".join(ref[i - 2 : i] + [", ".join(en[:k] + en[k + 1 :])] + ref[i + 1 : i + 3])
                   for k in range(1, len(en)))
