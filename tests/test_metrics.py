"""The evaluation metrics on small hand-checked cases (the figures themselves come from scripts/evaluate.py)."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from eval.metrics import (  # noqa: E402
    FoundSpan,
    GoldError,
    aer,
    binary_prf,
    corpus_aer,
    fixes_in_place,
    kendall_tau_like,
    locate,
    match_gold,
    ranges_overlap,
    span_prf,
    top1_accuracy,
)


def test_ranges_overlap_half_open_and_points():
    assert ranges_overlap((0, 5), (4, 8))
    assert not ranges_overlap((0, 5), (5, 8))  # half-open: they only touch
    assert ranges_overlap((3, 3), (0, 5))  # a point inside a range
    assert not ranges_overlap((5, 5), (0, 5))
    assert ranges_overlap((2, 2), (2, 2))
    assert not ranges_overlap((2, 2), (3, 3))


def test_locate_nth_occurrence():
    text = "the cat and the dog and the end"
    assert locate(text, "the", 1) == (0, 3)
    assert locate(text, "the", 3) == (24, 27)
    assert locate(text, "the", 4) is None
    assert locate(text, "bird") is None


def test_gold_overlap_rule_with_omission():
    wrong_word = GoldError("G1", target=(10, 15), source=(12, 18), category="accuracy", severity="major",
                           fix_any=("summit",))
    omission = GoldError("G2", target=None, source=(40, 60), category="accuracy/omission", severity="major")
    found = [
        FoundSpan(target=(12, 14), source=None, suggestions=("the summit",)),  # inside G1, right fix
        FoundSpan(target=(30, 30), source=(55, 70)),  # an omission point; its source overlaps G2's
        FoundSpan(target=(80, 90), source=(10, 20)),  # source overlaps G1's but target does not: false
    ]
    m = match_gold(found, [wrong_word, omission])
    assert m.detected == [True, True]
    assert m.fixed == [True, False]
    assert m.true_findings == [True, True, False]
    # A finding on the omission's source must not count when it lies elsewhere.
    m2 = match_gold([FoundSpan(target=(30, 30), source=(0, 39))], [omission])
    assert m2.detected == [False] and m2.true_findings == [False]


def test_fix_put_in_place_must_make_the_gold_string_with_the_inserted_text():
    text = "which always gets what it wants, he said."
    gold = GoldError("G", target=(6, 31), source=None, category="accuracy/pronoun", severity="major",
                     fix_any=("she wants",))
    it = text.index("it wants")
    assert fixes_in_place(FoundSpan(target=(it, it + 2), source=None, suggestions=("she",)), gold, text)
    assert not fixes_in_place(FoundSpan(target=(it, it + 2), source=None, suggestions=("he",)), gold, text)
    # the string elsewhere in the text, untouched by the suggestion, does not count
    said = GoldError("G2", target=(0, 5), source=None, category="c", severity="minor", fix_any=("he said",))
    assert not fixes_in_place(FoundSpan(target=(0, 5), source=None, suggestions=("who",)), said, text)
    # a mechanical fix shorter than the string: the quotation mark's space removed
    quote = "He said: “ We will.”"
    mark = quote.index("“")
    gold_q = GoldError("Q", target=(mark, mark + 4), source=None, category="fluency/punctuation", severity="minor",
                       fix_any=("“we",))
    found = FoundSpan(target=(mark, mark + 2), source=None, suggestions=("“",))
    assert fixes_in_place(found, gold_q, quote)
    assert match_gold([found], [gold_q], quote).fixed_in_place == [True]
    assert match_gold([found], [gold_q], quote).fixed == [False]  # the suggestion alone holds no "“we"
    assert match_gold([found], [gold_q]).fixed_in_place is None


def test_fix_needs_a_detecting_finding():
    gold = GoldError("G", target=(0, 4), source=None, category="c", severity="minor", fix_any=("Putin",))
    elsewhere = FoundSpan(target=(10, 12), source=None, suggestions=("Putin",))
    assert match_gold([elsewhere], [gold]).fixed == [False]


def test_span_prf_characters():
    # predicted chars 0..9 (10), gold chars 5..14 (10), overlap 5..9 (5)
    prf = span_prf([(0, 6), (4, 10)], [(5, 15)])
    assert (prf.tp_p, prf.n_pred, prf.n_gold) == (5, 10, 10)
    assert prf.precision == pytest.approx(0.5) and prf.recall == pytest.approx(0.5)
    assert prf.f1 == pytest.approx(0.5)
    empty = span_prf([], [(0, 3)])
    assert empty.precision == 0.0 and empty.recall == 0.0 and empty.f1 == 0.0


def test_binary_prf_segments():
    prf = binary_prf([True, True, False, False], [True, False, True, False])
    assert prf.precision == pytest.approx(0.5)
    assert prf.recall == pytest.approx(0.5)
    prf2 = binary_prf([True, False, False], [True, True, False])
    assert prf2.precision == 1.0 and prf2.recall == pytest.approx(0.5) and prf2.f1 == pytest.approx(2 / 3)


def test_aer_three_links():
    sure = {(0, 0), (1, 1)}
    possible = {(2, 3)}
    predicted = {(0, 0), (2, 3), (2, 2)}
    r = aer(predicted, sure, possible)
    # |A∩S| = 1, |A∩P| = 2 (P includes S), |A| = 3, |S| = 2 → 1 − 3/5
    assert r["aer"] == pytest.approx(0.4)
    assert r["precision"] == pytest.approx(2 / 3)
    assert r["recall"] == pytest.approx(0.5)
    assert aer(sure, sure, possible)["aer"] == 0.0
    # corpus AER sums counts: a perfect pair plus the pair above → 1 − (3 + 4) / (5 + 4)
    assert corpus_aer([(predicted, sure, possible), (sure, sure, set())])["aer"] == pytest.approx(1 - 7 / 9, abs=1e-4)


def test_kendall_tau_like_hand_ranking():
    # ranks (1 best) and metric scores for three systems: pairs (A,B) concordant, (A,C) discordant, (B,C) human tie
    judgment = [(1, 0.9), (2, 0.5), (2, 0.95)]
    r = kendall_tau_like([judgment])
    assert (r["concordant"], r["discordant"]) == (1, 1)
    assert r["tau"] == 0.0
    perfect = kendall_tau_like([[(1, 3.0), (2, 2.0), (3, 1.0)]])
    assert perfect["tau"] == 1.0
    inverse = kendall_tau_like([[(1, 1.0), (2, 2.0), (3, 3.0)]])
    assert inverse["tau"] == -1.0
    tied = [[(1, 0.5), (2, 0.5)]]
    assert kendall_tau_like(tied)["tau"] == -1.0  # a metric tie is penalised
    assert kendall_tau_like(tied, metric_ties="skip")["concordant"] == 0


def test_top1_accuracy():
    sim = [[0.9, 0.1, 0.0], [0.2, 0.3, 0.8], [0.0, 0.1, 0.7]]
    assert top1_accuracy(sim) == pytest.approx(2 / 3)


def test_perturbations_are_seeded_and_change_the_text():
    from eval.data import read_lines, shared_corpora, wmt_paths
    from perturb import KINDS, make_items

    src, ref, _ = wmt_paths(2014)
    if not ref.exists():
        pytest.skip(f"WMT data absent at {shared_corpora()}")
    sources, refs = read_lines(src, 400), read_lines(ref, 400)
    first = make_items(sources, refs, per_kind=3, seed=7)
    again = make_items(sources, refs, per_kind=3, seed=7)
    other = make_items(sources, refs, per_kind=3, seed=8)
    assert [(i.id, i.perturbed) for i in first] == [(i.id, i.perturbed) for i in again]
    assert [i.id for i in first] != [i.id for i in other]
    assert {i.kind for i in first} >= set(KINDS) - {"false-friend"}  # false friends are rare in 400 lines
    for item in first:
        assert item.perturbed != item.clean, item
        if item.kind == "sentence-drop":
            assert len(item.perturbed) < len(item.clean) and len(item.lines) == 3
        if item.kind == "untranslated-clause":
            assert any(clause in item.source for clause in item.perturbed.split(", "))
        if item.kind == "antonym":  # one word swapped for its opposite, in its case, the rest intact
            before, after = item.note.split(" → ")
            assert item.perturbed == item.clean.replace(before, after, 1) and before[0].isupper() == after[0].isupper()
