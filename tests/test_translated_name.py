"""CT114 translated-name: its examples, sentences around them, WMT systems' translated names, and the given-name
list rebuilt from its source."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from checker.checks.base import Context
from checker.checks.translated_name import TranslatedName
from checker.lexicons import corpora_path, load_lexicons
from tests.helpers import SHARED, assert_example, one_segment

CTX = Context(lexicons=load_lexicons("fr", "en"))
REPO = Path(__file__).resolve().parents[1]


EXAMPLES = TranslatedName.examples


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"ex{i}" for i in range(len(EXAMPLES))])
def test_examples(example):
    assert_example(example, list(TranslatedName().run(one_segment(example.source, example.target), CTX)))


@pytest.mark.parametrize("src,tgt,flagged", [
    ("François Hollande a parlé.", "François Holland spoke.", "Holland"),
    ("« Non », a dit Mme Vallée.", "\"No,\" said Mrs Valley.", "Valley"),
    ("Le train pour Milan Nord est parti.", "The train to Milan North left.", None),  # Milan is a place too
    ("Le Grand Palais ouvre.", "The Grand Palace opens.", None),  # no given name, no title
    ("Laurent Blanc a parlé.", "Laurent Blanc spoke.", None),
    ("« Fontaine a ensuite quitté la salle », dit-il.", "\"Fountain then left the room,\" he said.", "Fountain"),
    ("Fontaine a ensuite quitté la salle.", "Fontaine then left the room.", None),
    ("Bosnie avait déjà échoué.", "Bosnia had already failed.", None),  # a proper noun alone: rendered
    ("Justice est faite.", "Justice is done.", None),  # the word is its own English
    ("Reste à savoir qui paiera.", "It remains to be seen who pays.", None),
])
def test_names_in_sentences(src, tgt, flagged):
    found = list(TranslatedName().run(one_segment(src, tgt), CTX))
    assert [tgt[f.target_start : f.target_end] for f in found] == ([] if flagged is None else [flagged])


@pytest.mark.parametrize("lang,src,tgt,flagged", [
    # other sources by data alone: the given names are shared, the dictionary and the titles are the pair's
    ("es", "Juan Blanco ganó la carrera.", "Juan White won the race.", "White"),
    ("es", "El Sr. Blanco dimitió.", "Mr White resigned.", "White"),
    ("es", "Juan Blanco ganó la carrera.", "Juan Blanco won the race.", None),
    ("de", "Angela Schwarz sprach am Montag.", "Angela Black spoke on Monday.", "Black"),
])
def test_other_source_languages(lang, src, tgt, flagged):
    ctx = Context(lexicons=load_lexicons(lang, "en"))
    found = list(TranslatedName().run(one_segment(src, tgt, src_lang=lang), ctx))
    assert [tgt[f.target_start : f.target_end] for f in found] == ([] if flagged is None else [flagged])


WMT_FILES = {
    2012: ("newstest2012/newstest2012.src.fr", "newstest2012/newstest2012.ref.en"),
    2013: ("newstest2013/newstest2013.src.fr", "newstest2013/newstest2013.ref.en"),
    2014: ("newstest2014/newstest2014-fren.src.fr", "newstest2014/newstest2014-fren.ref.en"),
}


def _findings(src: list[str], tgt: list[str]) -> list[str]:
    return [t[f.target_start : f.target_end] for s, t in zip(src, tgt, strict=True)
            for f in TranslatedName().run(one_segment(s, t), CTX)]


def test_silent_on_human_references_and_finds_the_names_systems_translated():
    wmt = SHARED / "wmt"
    if not (wmt / WMT_FILES[2014][0]).exists():
        pytest.skip("WMT newstest 2012-2014 not found under ../shared/corpora")
    on_systems = []
    for year, (src_name, ref_name) in WMT_FILES.items():
        src = (wmt / src_name).read_text(encoding="utf-8").splitlines()
        assert _findings(src, (wmt / ref_name).read_text(encoding="utf-8").splitlines()) == [], year
        for system in sorted((wmt / f"newstest{year}" / "systems").iterdir()):
            on_systems += _findings(src, system.read_text(encoding="utf-8").splitlines())
    # 57 when written: Holland (Hollande), White (Blanc), Mute (Sourdine), Leap (Bond), The (Le) …; 82 with bare
    # subjects ("Blanc avait atteint" → "White had reached", "Carrefour a émis" → "Crossroads has issued")
    assert len(on_systems) >= 70
    assert {"Holland", "White", "Crossroads", "Bomber"} <= set(on_systems)


def test_given_names_rebuild_byte_for_byte():
    if importlib.util.find_spec("faker") is None:
        pytest.skip("faker is not installed (pip install -e '.[test]')")
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import build_given_names
    finally:
        sys.path.pop(0)
    import faker

    if faker.VERSION != build_given_names.FAKER_VERSION:
        pytest.skip(f"faker {faker.VERSION} installed, the list is built from {build_given_names.FAKER_VERSION}")
    shipped = (corpora_path() / "languages" / "given_names.txt").read_text(encoding="utf-8")
    assert build_given_names.render() == shipped
    assert len(CTX.lexicons.given_names) == shipped.count("\n") - 3  # a name a line after the 3-line header


@pytest.mark.slow
def test_the_surname_alone_later_in_the_story_through_its_word_link(checker):
    src = ("L'entraîneur Laurent Blanc a été reconduit jusqu'en 2016. Blanc avait atteint son objectif en nous "
           "qualifiant pour l'Euro.")
    for tgt, flagged in [
        ("Coach Laurent Blanc was kept on until 2016. White had reached its target by qualifying us for the Euro.",
         ["White"]),
        ("Coach Laurent White was kept on until 2016. White had reached its target by qualifying us for the Euro.",
         ["White", "White"]),
        ("Coach Laurent Blanc was kept on until 2016. Blanc had reached his goal by qualifying us for the Euro.", []),
    ]:
        pair = checker.check_texts(src, tgt, id="t", source_lang="fr")
        found = [f for f in pair.findings if f.code == "CT114"]
        assert [tgt[f.target_start : f.target_end] for f in found] == flagged
        assert all(f.suggestions[:1] == ["Blanc"] for f in found)


@pytest.mark.slow
def test_a_surname_that_is_a_function_word_or_a_name_the_translation_drops_is_not_followed(checker):
    """"Le" of Marine Le Pen is no person's name when a sentence starts with it; "Reine Mère" translated as
    "Queen Mother" names no person in the translation."""
    src = ("Marine Le Pen a réagi jeudi. Le gouvernement a répondu vendredi. La Reine Mère est arrivée. "
           "Mère et fille ont salué la foule.")
    tgt = ("Marine Le Pen reacted on Thursday. The government replied on Friday. The Queen Mother arrived. "
           "Mother and daughter greeted the crowd.")
    pair = checker.check_texts(src, tgt, id="t", source_lang="fr")
    assert [f for f in pair.findings if f.code == "CT114"] == []
