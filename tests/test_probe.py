"""CT150/CT151 probe only the words the quality model also doubts (checks/probe.py), with the real pipeline."""
import pytest

from checker.checks.probe import UNGATED_MIN_GAIN, model_doubt
from checker.checks.word_addition import WordAddition
from checker.checks.word_omission import WordOmission

ADDED = ("La police a dispersé les manifestants devant la préfecture jeudi soir.",
         "Police brutally dispersed the protesters outside the prefecture on Thursday evening.")
OMITTED = ("Le président a vivement condamné l'attaque.", "The president condemned the attack.")


def _probe_texts(checker, pair):
    """The document after alignment and the quality estimate, its Context, and what each probing rule asks the
    encoder for."""
    prepared = checker._analyse_chunk([_record(*pair)])
    (doc, stats), = prepared
    ctx = checker._context(doc, stats)
    checker._estimate([(doc, ctx)])
    rules = {c.code: c for c in checker.checks}
    return doc, ctx, {code: rules[code].prefetch(doc, ctx) for code in ("CT150", "CT151")}


def _record(source, target):
    from checker.record import Record

    return Record("probe", source, target)


@pytest.mark.parametrize(("pair", "rule", "code", "word"), [
    (ADDED, WordAddition, "CT151", "brutally"), (OMITTED, WordOmission, "CT150", "vivement")])
def test_a_word_the_model_doubts_is_probed_and_reported(checker, pair, rule, code, word):
    doc, ctx, texts = _probe_texts(checker, pair)
    candidate, = rule._found(doc, ctx)
    doubt = model_doubt(candidate[-1])
    assert rule.gate <= doubt < 1.0  # a real estimate, above the gate
    assert len(texts[code]) == 1 and word not in texts[code][0]  # the sentence without the word
    assert [f.code for f in checker.check_texts(*pair).findings if f.code == code] == [code]


@pytest.mark.parametrize(("pair", "rule", "code"), [(ADDED, WordAddition, "CT151"), (OMITTED, WordOmission, "CT150")])
def test_a_word_the_model_trusts_is_neither_probed_nor_reported(checker, monkeypatch, pair, rule, code):
    monkeypatch.setattr(rule, "gate", 0.99)
    _, _, texts = _probe_texts(checker, pair)
    assert texts[code] == []
    assert not [f for f in checker.check_texts(*pair).findings if f.code == code]


def test_a_word_of_a_several_word_translation_is_no_added_word(checker):
    # « l'amphithéâtre »: the dictionary gives "lecture theatre", so "lecture" is part of a translation of a
    # word that is there; "hall" is not, and stays a candidate for the probe to judge.
    pair = ("Les étudiants attendent depuis une heure dans l'amphithéâtre.",
            "The students have been waiting in the lecture hall for an hour.")
    (doc, stats), = checker._analyse_chunk([_record(*pair)])
    ctx = checker._context(doc, stats)
    unlinked = [pair[1][a:b] for seg in doc.segments for a, b, _ in seg.unlinked_target]
    assert {"lecture", "hall"} <= set(unlinked)
    assert [c[3] for c in WordAddition._find_candidates(doc, ctx)] == ["hall"]


def test_without_estimates_every_candidate_is_probed_at_the_ungated_gain(checker, monkeypatch):
    doc, ctx, _ = _probe_texts(checker, ADDED)
    candidate, = WordAddition._found(doc, ctx)
    for seg in doc.segments:
        seg.quality = None
    ctx.stats.pop("CT151:candidates")
    assert model_doubt(candidate[-1]) == 1.0
    rule = next(c for c in checker.checks if c.code == "CT151")
    (_, gain), = rule.probed(doc, ctx)
    assert gain >= UNGATED_MIN_GAIN
    # The ungated bar applies, whatever the gated one says.
    monkeypatch.setattr(WordAddition, "min_gain", gain + 1.0)
    assert [c[3] for c, _ in rule.confirmed(doc, ctx)] == ["brutally"]
    monkeypatch.setattr("checker.checks.probe.UNGATED_MIN_GAIN", gain + 1.0)
    assert rule.confirmed(doc, ctx) == []


def test_the_gate_grid_counts_lines_and_probes_as_the_rules_would():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from probe_gate import grid

    rows = [  # two candidates on intact line 1 (one weak), one found deletion on line 2, one below the gate
        {"case": "intact", "line": "1", "code": "CT150", "prob": 0.5, "gain": 0.02},
        {"case": "intact", "line": "1", "code": "CT150", "prob": 0.5, "gain": 0.001},
        {"case": "deleted", "line": "2", "code": "CT150", "prob": 0.2, "gain": 0.009},
        {"case": "deleted", "line": "3", "code": "CT150", "prob": 0.01, "gain": 0.05},
    ]
    shipped = {"CT150": (0.08, 0.006), "CT151": (0.08, 0.008)}
    cells = {(c["gate"], c["min_gain"]): c for c in grid(rows, shipped)["CT150"]}
    assert (cells[(0.0, 0.008)]["intact"], cells[(0.0, 0.008)]["deleted"], cells[(0.0, 0.008)]["probes"]) == (1, 2, 1.0)
    assert (cells[(0.08, 0.008)]["deleted"], cells[(0.08, 0.008)]["probes"]) == (1, 0.75)
    assert cells[(0.08, 0.01)]["deleted"] == 0 and cells[(0.08, 0.006)]["shipped"]
