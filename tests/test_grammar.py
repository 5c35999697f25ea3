"""The fluency rules on Harper (CT204–CT207, CT212): real Harper on real sentences, the filters that keep human
translations quiet, and the path where Harper is missing. No encoder: the checks run on hand-built pairs."""
from __future__ import annotations

import sys
import time

import pytest

from checker import grammar
from checker.checks import Context
from checker.checks.agreement import Agreement
from checker.checks.article import Article
from checker.checks.capitalisation import Capitalisation
from checker.checks.fluency import GrammarCheck, harper_rules, mechanical
from checker.checks.spelling import Spelling
from checker.checks.verb_form import VerbForm
from checker.lexicons import load_lexicons
from tests.helpers import one_segment

pytest.importorskip("harper")


def findings(check, src: str, tgt: str) -> list[tuple[str, list[str], str]]:
    pair = one_segment(src, tgt)
    return [(tgt[f.target_start : f.target_end], f.suggestions, f.fix)
            for f in check.run(pair, Context(load_lexicons("fr", "en")))]


@pytest.mark.parametrize("check, src, tgt, flagged, fix", [
    (Agreement(), "Ils sont bon marché.", "They is cheap.", ("is", "are"), "safe"),
    (Agreement(), "Il prêche.", "He preach every day.", ("preach", "preaches"), "safe"),
    (Article(), "C'est un test.", "This is an test.", ("an", "a"), "safe"),
    (VerbForm(), "Il n'a pas répondu.", "He did not answered.", ("answered", "answer"), "review"),
])
def test_harper_finds_the_error_and_its_fix(check, src, tgt, flagged, fix):
    assert [(flagged[0], [flagged[1]], fix)] == [(t, s[:1], x) for t, s, x in findings(check, src, tgt)]


@pytest.mark.parametrize("check, tgt", [
    (Agreement(), "They are cheap."),
    (Agreement(), "Among those pressing for a relaxation of restrictions are airlines."),  # MassNouns on "a X"
    (Article(), "The vehicle, an SUV, raced towards the crowd."),  # an acronym read letter by letter
    (Article(), "He knows that such an honour cannot replace it."),  # "an" before h is written
    (VerbForm(), "He had run into the quarry."),
])
def test_fluent_english_is_left_alone(check, tgt):
    assert findings(check, "Une phrase.", tgt) == []


def test_only_a_form_of_the_flagged_word_is_a_safe_fix():
    ctx = Context(load_lexicons("fr", "en"))
    assert all(mechanical(a, b, ctx) for a, b in (("is", "are"), ("preach", "preaches"), ("me", "I"), ("a", "an"),
                                                  ("criteria", "criterion"), ("cars", "car")))
    # Harper's whole-phrase or other-word corrections are for review (online-B: "are sellers" → "is a sellers")
    assert not any(mechanical(a, b, ctx) for a, b in (("patterns", "thing"), ("are sellers", "is a sellers"),
                                                      ("is", "them")))


def test_a_plural_mass_noun_is_reported():
    assert findings(Agreement(), "La violence a tué 964 personnes.",
                    "In October 964 people died in violences.") == [("violences", ["violence"], "safe")]


def test_every_harper_rule_named_by_a_check_exists_in_the_pinned_harper():
    # a rule renamed or removed by a Harper release would silently stop reporting
    assert harper_rules() <= grammar.get().known_rules()
    assert all(cls.harper_rules for cls in GrammarCheck.__subclasses__())


def test_spelling_reports_a_non_word_with_harper_suggestions():
    found = findings(Spelling(), "Le ministre a refusé de commenter.", "The minister refuzed to comment.")
    assert [(t, x) for t, _, x in found] == [("refuzed", "review")]
    assert "refused" in found[0][1]


@pytest.mark.parametrize("src, tgt", [
    ("Le maire de Trifouilly a parlé.", "The mayor of Trifouilly spoke."),  # a name, mid-sentence
    ("La médiathèque a ouvert.", "The médiathèque opened."),  # copied from the source
    ("L'écotaxe a été suspendue.", "The ecotax was suspended."),  # the source word adapted
    ("Il a honoré ses engagements.", "He honoured his commitments and neutralised the threat."),  # British
    ("Voir le site.", "See www.exampleness.com or #watchthisspacenow for details."),  # an address, a tag
    ("Le groupe BTPXQ a signé.", "The BTPXQ group signed."),  # an acronym
])
def test_spelling_leaves_names_copies_and_british_spellings(src, tgt):
    assert findings(Spelling(), src, tgt) == []


def test_capitalisation_reports_each_lower_case_proper_word_with_its_form():
    found = findings(Capitalisation(), "Les islamistes et les chiites ont rencontré le président russe lundi.",
                     "The islamists and the shiites met the russian president on monday in the eurozone.")
    assert found == [("islamists", ["Islamists"], "safe"), ("shiites", ["Shiites"], "safe"),
                     ("russian", ["Russian"], "safe"), ("monday", ["Monday"], "safe")]


@pytest.mark.parametrize("src, tgt", [
    ("Le président russe a parlé.", "The Russian president spoke."),
    ("Le président russe a parlé.", "russian officials spoke first."),  # opens a sentence: another matter
    ("Il a vu « les Amants de la Bastille ».", "He saw \"les Amants de la Bastille\"."),  # copied from the source
    ("Ils ont rempli des jerricans.", "They filled jerry cans in the eurozone."),  # lower case by en.toml
    ("Voir le site.", "See www.monday.com for details."),  # an address
])
def test_capitalisation_leaves_capitals_sentence_starts_copies_and_listed_words(src, tgt):
    assert findings(Capitalisation(), src, tgt) == []


def test_a_reordered_name_with_its_capital_left_on_the_noun_is_reported_with_both_readings():
    assert findings(Capitalisation(), "Le Parlement a modifié le Code criminel.",
                    "Parliament amended the criminal Code.") == [
        ("criminal Code", ["Criminal Code", "criminal code"], "review")]
    # the source's name not noun-then-adjective, or the English noun a name in any case: nothing
    assert findings(Capitalisation(), "Il a parlé au Code.", "He spoke to the criminal Code.") == []
    assert findings(Capitalisation(), "La France moderne est née.", "Modern France was born in modern France.") == []


def test_capitalised_asks_harper_once_and_keeps_its_verdicts(monkeypatch):
    g = grammar.get()
    assert g.capitalised(["taliban", "table", "march", "Russian"]) == {"taliban": "Taliban"}
    calls = []
    monkeypatch.setattr(g, "_take_speller", lambda dialect: calls.append(dialect))  # no speller: no verdict
    assert g.capitalised(["taliban", "table"]) == {"taliban": "Taliban"}  # kept: Harper not asked again
    assert calls == []
    assert g.capitalised(["kalashnikov"]) == {}  # a new word and no speller free: no verdict, no finding
    assert calls != []


def _spend_cpu(seconds: float) -> None:
    """As Harper's suggestion search does on a few odd words (which ones depends on what Harper has already built,
    so none is named here): the thread's own CPU time."""
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


class _Slowed:
    """A speller that pauses 0.3 s before each word: `pause` spends CPU time (a costly word) or sleeps (a thread
    that loses the CPU, as on a loaded machine)."""

    def __init__(self, speller, pause):
        self.speller, self.pause = speller, pause

    def lint(self, text, **kwargs):
        self.pause(0.3)
        return self.speller.lint(text, **kwargs)


def test_a_word_harper_is_too_slow_on_is_reported_without_its_verdict(monkeypatch):
    g = grammar.get()
    grammar.Grammar._spell.cache_clear()
    monkeypatch.setattr(g, "_idle", {d: [_Slowed(g._new_speller(d), _spend_cpu)] for d in g._dialects})
    monkeypatch.setattr(g, "_made", dict.fromkeys(g._dialects, 1))
    monkeypatch.setattr(grammar, "SPELLERS_PER_DIALECT", 1)  # no fresh (quick) speller stands in
    monkeypatch.setattr(grammar, "SPELL_CPU_BUDGET", 0.05)
    verdict = g.spell("recieve")
    assert not verdict.decided and not verdict.known
    for word in ("zqxwva", "zqxwvb", "zqxwvc"):  # costly words in a row: the one speller is waited for, reused
        assert not g.spell(word).decided
    assert max(g._made.values()) <= grammar.SPELLERS_PER_DIALECT
    monkeypatch.setattr(grammar, "SPELL_CPU_BUDGET", 5.0)
    assert g.spell("house").known  # waits for a busy speller to come back rather than leave the word undecided
    assert not g.spell("qzxvw").known
    grammar.Grammar._spell.cache_clear()


def _deschedule_spellers(g, monkeypatch) -> None:
    for dialect in g._dialects:
        while g._made[dialect] < grammar.SPELLERS_PER_DIALECT:  # every speller made, then each one slowed
            g._made[dialect] += 1
            g._idle[dialect].append(g._new_speller(dialect))
        monkeypatch.setitem(g._idle, dialect, [_Slowed(s, time.sleep) for s in g._idle[dialect]])


@pytest.mark.skipif(not hasattr(time, "pthread_getcpuclockid"), reason="no thread CPU clock on this platform")
def test_harpers_verdict_does_not_depend_on_the_machines_load(monkeypatch):
    g = grammar.get()
    grammar.Grammar._spell.cache_clear()
    monkeypatch.setattr(grammar, "SPELL_CPU_BUDGET", 0.1)  # far above the word's own cost, below the wait
    _deschedule_spellers(g, monkeypatch)
    verdict = g.spell("recieve")
    assert verdict.decided and not verdict.known and "receive" in verdict.suggestions
    grammar.Grammar._spell.cache_clear()


def test_without_a_thread_cpu_clock_the_wall_clock_bounds_harper(monkeypatch):
    monkeypatch.delattr(time, "pthread_getcpuclockid", raising=False)  # as on macOS
    g = grammar.get()
    grammar.Grammar._spell.cache_clear()
    assert g.spell("recieve").decided
    grammar.Grammar._spell.cache_clear()
    monkeypatch.setattr(grammar, "SPELL_CPU_BUDGET", 0.1)
    _deschedule_spellers(g, monkeypatch)
    assert not g.spell("recieve").decided  # the wait counts: the speller's lost time is the wall clock's
    grammar.Grammar._spell.cache_clear()
    deadline = time.monotonic() + 10  # the slowed speller comes back before the real ones are put back
    while any(len(g._idle[d]) < g._made[d] for d in g._made) and time.monotonic() < deadline:
        time.sleep(0.01)


def test_a_missing_harper_turns_the_rules_off_with_one_warning(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "harper", None)  # `import harper` now raises ImportError
    monkeypatch.setattr(grammar, "_loading", None)
    monkeypatch.setattr(grammar, "_warned", False)
    for _ in range(2):
        for check in (Agreement(), VerbForm(), Article(), Spelling(), Capitalisation()):
            assert findings(check, "Ils sont bon marché.", "They is cheap and refuzed it on monday.") == []
    err = capsys.readouterr().err
    assert err.count("checktrans: the grammar rules") == 1, err
    assert "harper-py" in err


def test_a_translation_into_another_language_is_not_linted_as_english():
    pair = one_segment("They is cheap.", "Ils est bon marché et refuzed.", src_lang="en")
    pair.target.lang = "fr"
    ctx = Context(load_lexicons("en", "fr"))
    assert [f for check in (Agreement(), Spelling()) for f in check.run(pair, ctx)] == []


def test_harper_lints_a_long_story_in_runs_of_paragraphs_with_the_lints_of_one_call(monkeypatch):
    from checker.checks import fluency
    from checker.model import DocumentPair, Segment, Sentence, Side

    lines = ["They is cheap.", "Xi visits Moscow", "He preach every day.", "This is an test.", "It rains."] * 6
    text = "\n".join(lines)
    starts = [sum(len(x) + 1 for x in lines[:k]) for k in range(len(lines))]
    sentences = [Sentence(a, a + len(x), k) for k, (a, x) in enumerate(zip(starts, lines, strict=True))]
    pair = DocumentPair("t", Side(text, "fr", sentences), Side(text, "en", sentences),
                        [Segment(k, (k,), (k,), s.start, s.end, s.start, s.end) for k, s in enumerate(sentences)])

    def lints(chars):
        monkeypatch.setattr(fluency, "HARPER_CHARS", chars)
        return [(seg.index, lint) for seg, lint in fluency._lint(pair)]

    assert len(fluency._calls(fluency._paragraphs(pair), 40)) > 5
    whole = lints(10**9)
    assert len(whole) == 18  # three errors in each of six runs of lines
    assert lints(40) == whole
