"""CT400's suggestions: which dictionary senses may stand in for a flagged word (real dictionary, real data)."""
import re

import pytest

from checker.checks.likely_mistranslation import usable_senses
from checker.lexicons import load_lexicons
from checker.suggest import Guard


@pytest.fixture(scope="module")
def senses():
    lexicons = load_lexicons("fr", "en")
    guard = Guard.for_language(lexicons.target)
    return lambda source_word, word: usable_senses(source_word, lexicons.dictionary.translations(source_word), word,
                                                   "fr", guard)


def test_a_sense_never_brings_in_a_negation(senses):
    assert "not" not in senses("pas", "plenty") and senses("pas", "plenty")  # "step", "pace" … stay


def test_a_sense_that_reads_as_the_source_language_is_not_offered(senses):
    assert senses("politisation", "politicisation") == ["politicization"]  # not "politisation"
    assert senses("syndrome", "theme") == ["syndrome"]  # a cognate English uses as much stays


def test_weighing_senses_loads_no_lemminflect_and_no_large_source_word_list():
    # lemminflect: 67 MB and 0.4 s; wordfreq's large French list: 30 MB; no default rule needs either at check time
    import subprocess
    import sys

    code = ("import sys, wordfreq; lists = set(); real = wordfreq.get_frequency_dict\n"
            "def recorded(lang, wordlist='best', *a):\n"
            "    lists.add((lang, wordlist)); return real(lang, wordlist, *a)\n"
            "wordfreq.get_frequency_dict = recorded\n"
            "from checker.pipeline import Checker, Options\n"
            "pair = ('Le ministre a vivement critiqué le rapport publié mardi.', "
            "'The minister sharply criticised the relation published on Tuesday.')\n"
            "for options in (Options(), Options(thresholds={'sense_gain': 0.01})):\n"
            "    p = Checker(options).check_texts(*pair)\n"
            "    print([f.suggestions for f in p.findings if f.code == 'CT400'], end=' ')\n"
            "print('lemminflect' in sys.modules, ('fr', 'large') in lists, ('en', 'large') in lists)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    # flagged either way; a sense weighed and offered only with sense_gain set
    assert out.split() == ["[[]]", "[['report']]", "False", "False", "True"]


def test_a_capitalised_word_gets_a_capitalised_sense_and_never_itself(senses):
    assert senses("rue", "Street") == ["Road"]


def test_what_another_rule_reports_is_cut_out_of_a_phrase_and_the_rest_stays():
    from checker.checks.base import SpanSet
    from checker.checks.likely_mistranslation import uncovered_runs

    # words 0-6 at 10-character steps; the phrase runs over 0-6 with an unflagged gap word at 2
    words = [(10 * k, 10 * k + 8, 0.5) for k in range(7)]
    run = [0, 1, 3, 4, 5, 6]
    assert uncovered_runs(words, run, SpanSet([])) == [run]
    assert uncovered_runs(words, run, SpanSet([(40, 48)])) == [[0, 1, 3], [5, 6]]  # word 4 reported elsewhere
    assert uncovered_runs(words, run, SpanSet([(20, 28)])) == [[0, 1], [3, 4, 5, 6]]  # never across the gap word
    assert uncovered_runs(words, run, SpanSet([(0, 70)])) == []


def test_a_run_of_figures_or_function_words_alone_is_not_reported():
    from checker.checks.likely_mistranslation import reportable

    assert not reportable(["3,698"], "en") and not reportable(["0.5"], "en") and not reportable(["28"], "en")
    assert not reportable(["of", "the"], "en")
    assert reportable(["15", "millions"], "en") and reportable(["putsch"], "en") and reportable(["of", "tender"], "en")


# A story that renders « rapport » as "relation" three times (the real pipeline and model below).
REPORT_FR = ("Le ministre a vivement critiqué le rapport publié mardi. Selon le rapport, les dépenses ont doublé "
             "en dix ans. Les auteurs du rapport demandent une enquête indépendante.")
REPORT_EN = ("The minister sharply criticised the relation published on Tuesday. According to the relation, spending "
             "has doubled in ten years. The authors of the relation are calling for an independent inquiry.")


@pytest.fixture(scope="module")
def report_story(checker):
    return checker.check_texts(REPORT_FR, REPORT_EN, id="report", source_lang="fr")


def _occurrences(text: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(rf"\b{word}\b", text)]


def test_a_rendering_flagged_once_is_reported_wherever_it_recurs_in_the_story(report_story):
    ct400 = [f for f in report_story.findings if f.code == "CT400"]
    covered = [any(f.target_start <= at < f.target_end for f in ct400) for at in _occurrences(REPORT_EN, "relation")]
    assert covered == [True, True, True]
    echoed = [f for f in ct400 if "elsewhere in the story" in f.message]
    # each echo names the source word and the doubt at the occurrence that lifted it, above its own
    assert all("« rapport »" in f.message for f in echoed)
    for f in echoed:
        own, other = (int(x) for x in re.findall(r"(\d+)%", f.message)[:2])
        assert own < other


def test_only_content_words_linked_to_the_same_source_word_are_echoed(report_story):
    import copy

    from checker.checks.likely_mistranslation import renderings

    pair = copy.deepcopy(report_story)
    at = _occurrences(REPORT_EN, "relation")
    has = REPORT_EN.index(" has ") + 1

    def set_doubts(high: set[int]):
        for seg in pair.segments:
            seg.quality.target = [(a, b, 0.9 if a in high else 0.01) for a, b, _ in seg.quality.target]

    set_doubts({at[1], has})  # the second "relation" and the function word "has" flagged
    echoes = [(pair.segments[i].quality.target[k][0], v)
              for i, words in renderings(pair, lambda s: 0.3).items() for k, v in words.items()]
    # the other two occurrences, lifted to the flagged one's doubt; nothing for "has"
    assert sorted(echoes) == [(at[0], (0.9, "rapport")), (at[2], (0.9, "rapport"))]
    set_doubts(set())
    assert renderings(pair, lambda s: 0.3) == {}


def test_a_run_says_it_was_lifted_only_when_none_of_its_words_is_flagged_on_its_own():
    from checker.checks.likely_mistranslation import _echo

    echoed = {1: (0.4, "rapport"), 2: (0.5, "bilan")}
    assert _echo(echoed, [1, 2]) == (0.5, "bilan")  # the strongest occurrence names it
    assert _echo(echoed, [1]) == (0.4, "rapport")
    assert _echo(echoed, [0, 1]) is None and _echo(echoed, []) is None  # word 0 is flagged on its own
