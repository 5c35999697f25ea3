"""CT131 reported-as-fact: the reportative conditional and what keeps a report a report in English."""
from __future__ import annotations

import pytest

from checker.checks.base import Context
from checker.checks.reported_as_fact import ReportedAsFact, _frozen, _source_rules, conditionals_in
from checker.lexicons import load_lexicons
from tests.helpers import one_segment, wmt_lines

CASES = [
    # source, target, severity of the one finding (None: silent)
    ("L'ancien ministre aurait touché des pots-de-vin pendant dix ans.",
     "The former minister took bribes for ten years.", "critical"),
    ("L'ancien ministre aurait touché des pots-de-vin pendant dix ans.",
     "The former minister allegedly took bribes for ten years.", None),
    ("L'ancien ministre aurait touché des pots-de-vin pendant dix ans.",
     "The former minister is said to have taken bribes for ten years.", None),
    ("L'ancien ministre aurait touché des pots-de-vin pendant dix ans.",
     "The former minister would have taken bribes for ten years.", "critical"),
    ("Le navire aurait sombré au large de la Crète.", "The ship sank off Crete.", "major"),
    ("Le navire aurait sombré au large de la Crète.", "The ship reportedly sank off Crete.", None),
    ("Le navire aurait sombré au large de la Crète.", "The ship may have sunk off Crete.", None),
    ("Le navire aurait sombré au large de la Crète.", "The ship is believed to have sunk off Crete.", None),
    ("Selon les secours, une dizaine de personnes seraient encore bloquées.",
     "About ten people are still trapped.", "major"),
    ("Selon les secours, une dizaine de personnes seraient encore bloquées.",
     "According to rescuers, about ten people are still trapped.", None),
    ("Selon les secours, une dizaine de personnes seraient encore bloquées.",
     "About ten people are still trapped, rescuers said.", None),
    ("Le chanteur serait mort d'une overdose.", "The singer apparently died of an overdose.", None),
    # a full verb's present conditional may be a hypothesis: minor, unless a source is named or it accuses
    ("Cette découverte répondrait à l'une des grandes énigmes.", "This discovery solves one of the great mysteries.",
     "minor"),
    ("Selon la police, cette piste répondrait à l'énigme.", "This lead solves the mystery.", "major"),
    ("Le bilan serait de vingt morts.", "The death toll is twenty.", "major"),
    # a compound conditional read as a counterfactual stays major beside a full verb's present conditional
    ("Cette piste répondrait à l'énigme : le navire aurait sombré au large.",
     "This lead solves the mystery: the ship would have sunk offshore.", "major"),
    # not a report: a hypothesis, a future in the past, a modal's counterfactual, an imperfect
    ("Si la loi passait, le gouvernement serait renversé.", "If the law passed, the government would fall.", None),
    ("Le maire a annoncé qu'il serait candidat en mars.", "The mayor announced he would run in March.", None),
    ("Le gouvernement aurait dû agir plus tôt.", "The government should have acted sooner.", None),
    ("Le club préparait ce match depuis des semaines.", "The club had been preparing for this game for weeks.", None),
    ("Les deux hommes souffraient de brûlures.", "The two men were suffering from burns.", None),
    ("Le texte pourrait être adopté dès lundi.", "The text faces a vote as early as Monday.", None),
    ("Le portrait du président a été décroché.", "The president's portrait was taken down.", None),
]


@pytest.mark.parametrize("src,tgt,severity", CASES)
def test_reported_as_fact(src, tgt, severity):
    ctx = Context(lexicons=load_lexicons("fr", "en"))
    found = list(ReportedAsFact().run(one_segment(src, tgt), ctx))
    if severity is None:
        assert found == [], [f.message for f in found]
    else:
        assert [str(f.severity) for f in found] == [severity], [f.message for f in found]


def test_conditionals_by_morphology():
    fr = load_lexicons("fr", "en").source
    rules = _source_rules(0, _frozen(fr.section("modality")))
    text = "Il aurait ensuite été arrêté, puis relâché; l'enquête établirait les faits, qui préparait la suite."
    found = [(text[c.start : c.end], c.compound) for c in conditionals_in(text, rules, "fr")]
    assert found == [("aurait ensuite été arrêté", True), ("établirait", False)]


def test_rarely_fires_on_human_references():
    src, ref = wmt_lines()
    ctx = Context(lexicons=load_lexicons("fr", "en"))
    check = ReportedAsFact()
    fired = sum(1 for s, t in zip(src, ref, strict=False) if list(check.run(one_segment(s, t), ctx)))
    assert fired <= 10, fired  # 7 of 3,003 when written, about half of them the reference's own dropped hedge


def test_a_quoted_conditional_is_the_speakers_own():
    ctx = Context(lexicons=load_lexicons("fr", "en"))
    src = "« Le maire aurait menti », insiste l'opposition."
    assert list(ReportedAsFact().run(one_segment(src, "“The mayor lied,” the opposition insists."), ctx)) == []
    src = "« Il a menti », insiste-t-elle, et le ministre aurait menti aussi."
    found = list(ReportedAsFact().run(one_segment(src, "“He lied,” she insists, and the minister lied too."), ctx))
    assert len(found) == 1
