"""CT130 negation-mismatch and the per-language negation cues it rests on."""
from __future__ import annotations

import re

import pytest

from checker.checks.base import Context
from checker.checks.negation_mismatch import NegationMismatch
from checker.lexicons import load_lexicons
from tests.helpers import one_segment, paragraphs_pair, wmt_lines


@pytest.mark.parametrize("ex", NegationMismatch.examples, ids=[f"ex{i}" for i in range(len(NegationMismatch.examples))])
def test_examples(ex):
    ctx = Context(lexicons=load_lexicons(ex.source_lang, "en"))
    found = list(NegationMismatch().run(one_segment(ex.source, ex.target, ex.source_lang), ctx))
    if ex.flagged is None:
        assert found == []
    else:
        # Without word links the span is the clause or segment holding the flagged words (tests/test_rules.py runs
        # the examples through the pipeline, whose word links give the exact span).
        start, end = ex.span
        assert len(found) == 1
        assert found[0].target_start <= start and end <= found[0].target_end
        # an added negation is minor (no evidence on WMT references against MT); a lost or reversed one critical
        # as is a lost one the English rewords (the negated verb not rendered word for word); one that English may
        # say positively ("ne … plus"), lost with its verb rendered word for word, major
        minor = "adds a negation" in found[0].message or "rewords it" in found[0].message
        major = "with no negation at all" in found[0].message
        assert str(found[0].severity) == ("minor" if minor else "major" if major else "critical")
        if ex.correction:
            assert any(ex.correction in s for s in found[0].suggestions)


CUES = [
    # lang, text, strong cues expected (as written), any cue at all expected
    ("fr", "Il n'est pas seul.", ["n'est pas"], True),
    ("fr", "Il ne l'a jamais dit.", ["ne l'a jamais"], True),
    ("fr", "Rien n'a changé.", ["Rien n'"], True),
    ("fr", "Il n'a que deux semaines.", [], False),  # ne … que: only
    ("fr", "Non seulement il a menti.", [], False),
    ("fr", "Il viendra sans doute.", [], False),
    ("fr", "C'est pas mal.", [], False),
    ("fr", "Ce sommet n'est-il pas là pour cela ?", [], True),  # rhetorical: weak
    ("fr", "Il part avant qu'il ne soit trop tard.", [], False),  # expletive ne
    ("fr", "Il craint que la situation ne s'aggrave.", [], False),  # expletive ne, an elided word after it
    ("fr", "Il a dit qu'il ne l'a pas vu.", ["ne l'a pas"], True),  # « que … ne » closed after an elided word
    ("fr", "Il a prévenu que son parti ne s'engagerait pas.", ["ne s'engagerait pas"], True),
    ("fr", "Il a reconnu que personne ne lui avait ordonné.", ["personne ne"], True),  # closed before « ne »
    ("fr", "Aucun d'entre eux n'a été blessé.", ["Aucun d'entre eux n'"], True),
    ("fr", "Elle n'aurait pu être écrite sans eux.", ["n'aurait pu"], True),  # literary « ne », an auxiliary
    ("fr", "Le gouvernement n'a aucunement réagi.", ["n'a aucunement"], True),
    ("fr", "Ils ne cessent de se disputer.", [], False),  # keep on
    ("fr", "Il n'y a ni pain ni eau.", ["n'y a ni"], True),
    ("fr", "Il est parti sans payer.", [], True),  # sans: weak
    ("fr", "Cela ne dépend pas seulement du prix.", [], True),  # not only: "more than"
    ("fr", "Il n'y a pas que des avantages.", [], True),  # pas que: not only
    ("fr", "Il ne croit pas que l'Ontario suivra.", ["ne croit pas"], True),  # a plain negation before a clause
    ("fr", "Il a disparu sans qu'on ne retrouve jamais sa trace.", [], True),  # without anyone ever
    ("fr", "Il ne doit pas fumer et ne pas boire.", ["ne doit pas"], True),  # the second shares the first's "not"
    ("fr", "Les miroirs n'ont pas cessé de grossir.", [], False),  # keep on
    ("fr", "Est-ce que votre succès n'est pas dû à cela ?", [], True),  # rhetorical
    ("en", "Their research is inconclusive.", [], True),
    ("en", "Did anyone ever see it?", [], False),  # "any", "ever": no negation of their own
    ("en", "He is not alone.", ["not"], True),
    ("en", "Things don't seem to be going well.", ["don't"], True),
    ("en", "No, the West has not isolated us.", ["No", "not"], True),
    ("en", "He has never said that.", ["never"], True),
    ("en", "Not only did he lie.", [], True),
    ("en", "There is no doubt about it.", ["no"], True),  # "il n'y a pas de doute"
    ("en", "It is no doubt true.", [], False),  # the adverb: probably
    ("en", "The attack was unsophisticated.", [], True),  # a negation carried by a word: weak
    ("en", "The plan was unveiled.", [], False),  # a reversal, not a negation
    ("en", "The bankers fired a missile.", [], False),  # not "ban", not "miss"
    ("en", "I saw Miss Dupont.", [], False),  # a courtesy title
    ("en", "Demand shot up from almost nothing; more often than not, it is a never-ending story.", [], True),
    ("en", "Nobody reads books anymore.", ["Nobody"], True),  # "anymore" needs a negation: it is none itself
    ("en", "They banned it and missed the point.", [], True),
    ("en", "He cannot help laughing.", [], True),
    ("en", "Isn't it obvious?", [], True),
    ("es", "No ha dimitido.", ["No"], True),
    ("es", "Nunca lo dijo.", ["Nunca"], True),
    ("es", "No solo mintió.", [], False),
    ("es", "Vendrá sin duda.", [], False),
    ("es", "Nadie vino.", ["Nadie"], True),
]


@pytest.mark.parametrize("lang,text,strong,any_cue", CUES)
def test_negations_in(lang, text, strong, any_cue):
    data = load_lexicons(lang, "en").source
    cues = data.negations_in(text)
    assert [text[c.start : c.end] for c in cues if c.strong] == strong
    assert bool(cues) == any_cue


@pytest.mark.parametrize("text,literal", [
    ("Il ne travaille plus pour le groupe.", True),  # "no longer": "he quit", not "he works"
    ("Ce n'est pas une crise, mais une transition.", True),  # "a transition rather than a crisis"
    ("Il ne travaille pas pour le groupe.", False),  # a strong negation: never weak
    ("Ne travaille-t-il plus pour le groupe ?", False),  # a rhetorical question: weak whatever the English
    ("Il travaille sans relâche.", False),  # a weak cue of its own
])
def test_a_negation_weakened_for_a_rewording_only_is_literal(text, literal):
    cues = load_lexicons("fr", "en").source.negations_in(text)
    assert any(c.literal for c in cues) == literal
    assert not any(c.strong for c in cues if c.literal)


@pytest.mark.parametrize("text,coordinated,strong", [
    # the first negation is strong, the second coordinated with it (« pas et qu'il » is no « pas … que »)
    ("Il a dit qu'il ne démissionnerait pas et qu'il ne quitterait pas le parti.", ["ne quitterait pas"], 1),
    ("Le gouvernement ne baissera pas les impôts ni ne réduira les dépenses.", ["ni ne"], 1),
    ("Il ne démissionnera pas. Il ne quittera pas le parti.", [], 2),  # two sentences: two negations
    ("Il a dit qu'il viendrait lundi et qu'il ne resterait pas.", [], 1),  # no first negation to share a "not"
    ("Il viendra sans compter les frais et qu'il ne restera pas.", [], 1),  # « sans » is no "not" to share
])
def test_a_second_coordinated_negation_is_weak_and_marked(text, coordinated, strong):
    cues = load_lexicons("fr", "en").source.negations_in(text)
    assert [text[c.start : c.end] for c in cues if c.coordinated] == coordinated
    assert len([c for c in cues if c.strong]) == strong


@pytest.mark.parametrize("tgt,flagged", [
    ("He said he would not resign and that he would leave the party.", "leave"),
    ("He said he would not resign or leave the party.", None),
    ("He said he would not resign and that he would not leave the party.", None),
    ("He said he would not resign or leave the party, and he has said so twice.", None),  # "or" carries it
])
def test_a_coordinated_negation_is_lost_where_the_english_restates_the_auxiliary(tgt, flagged):
    src = "Il a dit qu'il ne démissionnerait pas et qu'il ne quitterait pas le parti."
    findings = list(NegationMismatch().run(one_segment(src, tgt), Context(lexicons=load_lexicons("fr", "en"))))
    assert len(findings) == bool(flagged)
    assert all(flagged in tgt[f.target_start : f.target_end] and "not" not in tgt[f.target_start : f.target_end]
               for f in findings)  # the words after the "not" (the word itself where words are linked)


@pytest.mark.parametrize("src,tgt,flagged", [
    # the restated second verb holds the only "not": the first negation is the lost one
    ("Il ne mourra pas et ne partira pas en retraite.", "He will die and will not retire.", "die"),
    ("Il ne mourra pas et ne partira pas en retraite.", "He won't die and won't retire.", None),
    ("Il ne mourra pas et ne partira pas en retraite.", "He will neither die nor retire.", None),
    # an "only", "until", "before" renders a negation unless the dictionary has it render the source's own word
    ("Il ne partira pas avant lundi.", "He will only leave on Monday.", None),
    ("Il ne partira pas avant lundi.", "He will leave before Monday.", "leave"),
    ("Seul le maire l'a vu, et il ne l'a pas dit à la presse.", "Only the mayor saw it, and he told the press.",
     "told"),
    # a "not" added where the source's weak cue has its own rendering
    ("Qu'est-ce qui manque à la ville ?", "What is not the city missing?", "not"),
    ("Le conducteur est sorti indemne.", "The driver was not hurt.", None),
    ("L'entrée est gratuite et les dons sont interdits.", "Entry is free of charge and gifts are not allowed.", None),
    ("Pas encore à l'école, le tout-petit a gagné.", "Not yet in school, the toddler won.", None),
])
def test_weak_and_coordinated_cues_are_paired_with_their_renderings(src, tgt, flagged):
    findings = list(NegationMismatch().run(one_segment(src, tgt), Context(lexicons=load_lexicons("fr", "en"))))
    assert len(findings) == bool(flagged)  # without word links the span is the clause holding the flagged words
    assert all(flagged in tgt[f.target_start : f.target_end] for f in findings)


def test_false_positive_rate_on_human_references():
    src, ref = wmt_lines()
    ctx = Context(lexicons=load_lexicons("fr", "en"))
    flagged = sum(1 for s, t in zip(src[:500], ref[:500], strict=False)
                  if list(NegationMismatch().run(one_segment(s, t), ctx)))
    assert flagged / 500 < 0.03, flagged


CONTRACTED = {"don't": "do", "doesn't": "does", "didn't": "did", "can't": "can", "won't": "will", "isn't": "is",
              "aren't": "are", "wasn't": "was", "weren't": "were", "hasn't": "has", "haven't": "have",
              "wouldn't": "would", "couldn't": "could", "shouldn't": "should"}


def _delete(text: str, start: int, end: int) -> str | None:
    word = text[start:end].lower().replace("’", "'")
    if word in CONTRACTED:
        rep = CONTRACTED[word]
        return text[:start] + (rep.capitalize() if text[start].isupper() else rep) + text[end:]
    if word in ("not", "never"):
        return text[:start] + text[end:].lstrip(" ")
    return None


def test_dropped_and_added_negations_in_real_lines():
    src, ref = wmt_lines()
    ctx = Context(lexicons=load_lexicons("fr", "en"))
    fr, en, check = ctx.lexicons.source, ctx.lexicons.target, NegationMismatch()
    dropped, added = [], []
    for s, t in zip(src, ref, strict=False):
        if list(check.run(one_segment(s, t), ctx)):
            continue
        sc, tc = fr.negations_in(s), en.negations_in(t)
        if len(dropped) < 100 and len(tc) == 1 and tc[0].strong and any(c.strong for c in sc):
            changed = _delete(t, tc[0].start, tc[0].end)
            if changed:
                dropped.append((s, changed, tc[0].start))
        elif len(added) < 100 and not sc and not tc:
            m = re.search(r"\b(is|are|was|were|has|have|had|will|would|can|could|should)\b", t)
            if m:
                added.append((s, t[: m.end()] + " not" + t[m.end() :], m.end() + 1))
    assert len(dropped) >= 50 and len(added) == 100
    # a dropped negation: flagged on the English clause where the "not" was
    results = [list(check.run(one_segment(s, t), ctx)) for s, t, _pos in dropped]
    detected = sum(1 for r in results if r)
    placed = sum(1 for r, (_s, _t, pos) in zip(results, dropped, strict=True)
                 if any(f.target_start <= pos <= f.target_end for f in r))
    assert detected / len(dropped) >= 0.95, (detected, len(dropped))
    # without word links the clause is placed by relative position: most land on the right clause
    assert placed / len(dropped) >= 0.75, (placed, len(dropped))
    # an added negation: flagged exactly on the added word
    exact = [any((f.target_start, f.target_end) == (pos, pos + 3) for f in check.run(one_segment(s, t), ctx))
             for s, t, pos in added]
    assert sum(exact) / len(exact) >= 0.95, sum(exact)


def test_demo_story_has_no_negation_findings():
    ctx = Context(lexicons=load_lexicons("fr", "en"))
    assert list(NegationMismatch().run(paragraphs_pair(), ctx)) == []


def test_spanish_dropped_negation_in_a_longer_sentence():
    src = "El ministro no ha dimitido, según fuentes cercanas al Gobierno, y seguirá en el cargo."
    tgt = "The minister has resigned, according to sources close to the government, and will stay in office."
    ctx = Context(lexicons=load_lexicons("es", "en"))
    found = list(NegationMismatch().run(one_segment(src, tgt, "es"), ctx))
    assert [tgt[f.target_start : f.target_end] for f in found] == ["The minister has resigned"]
    assert found[0].suggestions == ["The minister has not resigned"]
    assert src[found[0].source_start : found[0].source_end] == "no"


# Polarity beyond counting cues: lexically negative verbs under a negation (litotes), "ne … que", quantifiers.
POLARITY = [
    # source, target, flagged target text (None: silent)
    ("La porte-parole n'a pas démenti l'information.", "The spokeswoman did not deny the report.", None),
    ("La porte-parole n'a pas démenti l'information.", "The spokeswoman denied the report.", "denied"),
    ("La porte-parole a démenti l'information.", "The spokeswoman did not deny the report.", "not"),
    ("La porte-parole a démenti l'information.", "The spokeswoman denied the report.", None),
    ("Le syndicat ne conteste pas les chiffres du ministère.", "The union does not dispute the ministry's figures.",
     None),
    ("Le syndicat ne conteste pas les chiffres du ministère.", "The union disputes the ministry's figures.",
     "disputes"),
    ("L'opposition ne manquera pas de dénoncer ce recul.", "The opposition is sure to denounce this retreat.", None),
    ("L'opposition ne manquera pas de dénoncer ce recul.", "The opposition will not denounce this retreat.", "not"),
    ("Il n'a jamais hésité à critiquer le gouvernement.", "He never hesitated to criticise the government.", None),
    ("Il n'a jamais hésité à critiquer le gouvernement.", "He has always been quick to criticise the government.",
     None),
    ("Il n'est pas exclu que le scrutin soit reporté.", "The vote may be postponed.", None),
    ("Il a quitté la salle sans nier les accusations.", "He left the room without denying the accusations.", None),
    ("Il a quitté la salle sans nier les accusations.", "He left the room and did not deny the accusations.", None),
    ("Les électeurs ne sont pas tous convaincus.", "Not all voters are convinced.", None),
    # "no" + noun: not a quantifier entry
    ("Les électeurs ne sont pas tous convaincus.", "No voters are convinced.", None),
    ("Les électeurs ne sont pas tous convaincus.", "None of the voters are convinced.", "None"),
    ("Tous les magasins n'ont pas rouvert lundi.", "Not every shop reopened on Monday.", None),
    ("Tous les magasins n'ont pas rouvert lundi.", "Nothing reopened on Monday.", "Nothing"),
    ("Aucun magasin n'a rouvert lundi.", "Not all shops reopened on Monday.", "Not all"),
    ("Aucun magasin n'a rouvert lundi.", "No shop reopened on Monday.", None),
    ("Le musée n'ouvrira qu'en 2027.", "The museum will not open until 2027.", None),
    ("Le musée n'ouvrira qu'en 2027.", "The museum will only open in 2027.", None),
    ("Le juge n'a entendu que trois témoins.", "The judge did not hear three witnesses.", "not"),
    ("Rien ne prouve que le virus circule encore.", "There is no evidence that the virus is still circulating.", None),
]


@pytest.mark.parametrize("src,tgt,flagged", POLARITY)
def test_polarity(src, tgt, flagged):
    ctx = Context(lexicons=load_lexicons("fr", "en"))
    found = list(NegationMismatch().run(one_segment(src, tgt), ctx))
    if flagged is None:
        assert found == [], [f.message for f in found]
    else:
        assert [tgt[f.target_start : f.target_end] for f in found] == [flagged], [f.message for f in found]


def test_polarity_words_carry_the_negation_that_scopes_over_them():
    fr, en = load_lexicons("fr", "en").source, load_lexicons("fr", "en").target
    (w,) = fr.polarity_words("Elle ne manquera pas de le rappeler.")
    assert (w.group, w.litotes, w.negated_by is not None) == ("fail", "positive", True)
    (w,) = fr.polarity_words("Elle a nié.")
    assert (w.group, w.negated_by) == ("deny", None)
    (w,) = en.polarity_words("She never failed to remind them.")
    assert (w.group, w.negated_by is not None) == ("fail", True)
    assert [r.reading for r in fr.restrictives_in("Il n'a que deux semaines.")] == ["only"]
    assert fr.restrictives_in("Rien n'indique que la loi change.") == []
