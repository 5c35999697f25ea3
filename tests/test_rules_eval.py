"""The per-rule precision measure on LIG's post-edits (scripts/eval/rules.py): its random baseline, and a short
real run whose figures hold together."""
import sys
from types import SimpleNamespace

import pytest
from helpers import REPO, SHARED

sys.path.insert(0, str(REPO / "scripts"))

from eval import rules  # noqa: E402


def test_a_span_is_confirmed_by_a_changed_token_or_words_inserted_in_it_or_at_its_edges():
    none = [0, 0, 0, 0, 0]
    assert rules._confirmed([0, 1, 0, 0], none, 1, 1) and not rules._confirmed([0, 1, 0, 0], none, 2, 3)
    assert rules._confirmed([0, 0, 0, 0], [0, 0, 1, 0, 0], 2, 2)  # words inserted before token 2
    assert rules._confirmed([0, 0, 0, 0], [0, 0, 0, 1, 0], 2, 2)  # … or right after it
    assert not rules._confirmed([0, 0, 0, 0], [1, 0, 0, 0, 1], 2, 2)


def test_the_random_baseline_is_the_share_of_spans_that_would_be_confirmed():
    none = [0, 0, 0, 0, 0]
    assert rules._random_hit([0, 1, 0, 0], none, 1) == 0.25
    assert rules._random_hit([0, 1, 0, 0], none, 2) == 2 / 3  # [0 1] and [1 0] of three windows
    assert rules._random_hit([0, 0], [0, 0, 0], 5) == 0.0 and rules._random_hit([1, 0], [0, 0, 0], 5) == 1.0
    assert rules._random_hit([0, 0, 0, 0], [1, 0, 0, 0, 0], 1) == 0.25  # only the first token's span


@pytest.mark.skipif(not (SHARED / "postedit" / "tgt-pe-all.en").exists(), reason="LIG post-edits absent")
def test_a_short_run_counts_confirmed_findings_within_the_findings():
    result = rules.run(SimpleNamespace(limit=40, model=None))
    assert result["lines"] == 40 and 0.05 < result["changed_share"] < 0.5
    assert result["rules"], "40 lines of SMT give the rules something to find"
    for code, r in result["rules"].items():
        assert 0 <= r["confirmed"] <= r["findings"], code
        assert 0.0 <= r["chance"] <= 1.0 and r["precision"] == r["confirmed"] / r["findings"], code
