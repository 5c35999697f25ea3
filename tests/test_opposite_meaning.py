"""CT171 opposite-meaning: the antonym table, its build from WordNet's files, and the rule on real pairs."""
from __future__ import annotations

import pytest

from checker.lexicons import load_lexicons


def test_the_table_reads_wordnets_antonyms_both_ways_with_their_part_of_speech():
    en = load_lexicons("fr", "en").target
    assert ("decrease", "v") in en.antonyms("increase") and ("increase", "v") in en.antonyms("decrease")
    assert ("lose", "v") in en.antonyms("win") and ("illegal", "a") in en.antonyms("legal")
    assert ("dead", "a") in en.antonyms("live") and ("dead", "v") not in en.antonyms("live")
    assert en.antonyms("Legal") == en.antonyms("legal")
    assert en.antonyms("table") == () and en.antonyms("up") == ()  # no antonym; two-letter particles left out


def test_a_language_without_a_table_has_no_antonyms():
    assert load_lexicons("fr", "en").source.antonyms("bon") == ()


def test_an_inflected_word_counts_only_in_the_part_of_speech_of_its_antonym():
    from checker.checks.opposite_meaning import _form_of

    dictionary = load_lexicons("fr", "en").dictionary
    assert _form_of("lower", "low", "a", dictionary) and _form_of("fell", "fall", "v", dictionary)
    assert not _form_of("lives", "live", "a", dictionary)  # "claimed 50 lives": a noun, not the opposite of dead
    assert not _form_of("nearly", "near", "a", dictionary) and not _form_of("makers", "make", "v", dictionary)


def test_build_reads_direct_antonyms_from_wordnet_files(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from build_antonyms import antonyms

    # Two adjective synsets in WordNet's data format: "legal" (word 1 of 00000001) is the antonym of "illegal"
    # (word 1 of 00000002), marked from both sides; "lawful", a synonym of "legal", only with --synsets.
    (tmp_path / "data.adj").write_text(
        "  1 This is a licence header line\n"
        "00000001 00 a 02 legal 0 lawful 0 001 ! 00000002 a 0101 | allowed by law\n"
        "00000002 00 a 01 illegal 0 001 ! 00000001 a 0101 | prohibited by law\n", encoding="utf-8")
    for pos in ("adv", "noun", "verb"):
        (tmp_path / f"data.{pos}").write_text("", encoding="utf-8")
    assert antonyms(tmp_path) == {("legal", "a"): {"illegal"}, ("illegal", "a"): {"legal"}}
    assert antonyms(tmp_path, synsets=True)["illegal", "a"] == {"legal", "lawful"}


@pytest.fixture(scope="module")
def opposites(encoder):
    """The default rules and CT171, which is off by default."""
    from checker.pipeline import Checker, Options

    return Checker(Options(extend_select=("CT171",)), encoder=encoder)


def test_the_rule_is_off_by_default_and_runs_when_selected():
    from checker.checks import select_checks

    assert "CT171" not in [c.code for c in select_checks()]  # far below the precision budget on real MT
    assert "CT171" in [c.code for c in select_checks(select=("CT171",))]


FLAGGED = [
    # source, target, the flagged word, the first suggestion
    ("Le parti a perdu les élections législatives.", "The party won the parliamentary elections.", "won", "lost"),
    ("Le chômage a augmenté de 2 % en un an.", "Unemployment fell by 2% in a year.", "fell", "rose"),
    ("Le gouvernement a accepté la proposition.", "The government rejected the proposal.", "rejected", "accepted"),
    ("Le club a gagné la finale.", "The club lost the final.", "lost", "won"),
    ("Cette mesure est illégale.", "This measure is legal.", "legal", "illegal"),  # the negative in the source word
]

NOT_FLAGGED = [
    ("Il n'est pas possible de vérifier ces chiffres.", "It is impossible to verify these figures."),  # negation moved
    ("Les produits y sont 8 % moins chers qu'ailleurs.", "Products there are 8% cheaper than elsewhere."),  # « moins »
    ("Il a refusé de payer par mauvaise volonté.", "He refused to pay out of unwillingness."),  # « mauvaise »
    ("Il a critiqué le manque de volonté du gouvernement.", "He criticised the government's unwillingness."),
    ("Cette mesure est illégale.", "This measure is not, in our view, legal."),  # a negation moved out of the word
    ("On vend de l'alcool aux mineurs.", "Minors can buy alcohol."),  # a converse: the sentence turned around
    ("Les prix ont augmenté et les ventes ont baissé.", "Prices rose and sales fell."),  # both words of a contrast
    ("Il a perdu son emploi en mars.", "He failed to keep his job in March."),  # a negative just before the word
    ("Il a mis fin à la grève.", "He stopped the strike."),  # a light verb: « mettre fin à »
    # « manque à » turns the word after it around: a shortfall of gain is a loss
    ("Cela représente 9 milliards d'euros de manque à gagner fiscal par an.",
     "That represents 9 billion euros of tax loss per year."),
    # pairs WordNet calls opposites that translators render for each other (en.toml opposites.interchangeable)
    ("Assoiffés de croissance, les investisseurs ont pris des risques.",
     "Hungry for growth, the investors took risks."),
    ("Les immigrés complètent les salariés nationaux.", "Immigrants complement local workers."),
    # the English word renders another source word: the first verb was dropped (an omission), none turned around
    ("Il a d'abord refusé, puis accepté l'offre.", "He accepted the offer."),
    ("Le club a perdu puis gagné.", "The club won."),
    # a negative just before the English word: "without any specific data" (newstest2013, line 1028)
    ("Je ne voudrais pas faire de comparaison générale sans données concrètes.",
     "Overall, I would not like to make a comparison without any specific data."),
    # the source word's sense is in the English elsewhere ("end-of-the-world"): "begin" is no rendering of « fin »
    # (newstest2013, line 2960)
    ("Mais le professeur Charmé n'avait aucune idée de ce qui l'attendait au cours des mois suivants: un conflit "
     "croissant impliquant Israël, le lieu où les théoriciens chrétiens de la fin des temps pensaient que se "
     "déclencherait l'apocalypse.", "But Charmé had no idea what awaited him over the next couple of months: a "
     "growing conflict involving Israel, where end-of-the-world Christians theorists think the Apocalypse will begin."),
]


@pytest.mark.parametrize("source,target,word,fix", FLAGGED, ids=[f[2] for f in FLAGGED])
def test_an_opposite_is_reported_with_the_listed_sense_inflected(opposites, source, target, word, fix):
    found = [f for f in opposites.check_texts(source, target, id="t").findings if f.code == "CT171"]
    assert [target[f.target_start : f.target_end] for f in found] == [word]
    assert found[0].suggestions == [fix] and str(found[0].severity) == "minor"  # below the budget on real MT


@pytest.mark.parametrize("source,target", NOT_FLAGGED, ids=[t[:24] for _, t in NOT_FLAGGED])
def test_a_rewording_that_keeps_the_meaning_is_left_alone(opposites, source, target):
    assert [f for f in opposites.check_texts(source, target, id="t").findings if f.code == "CT171"] == []


def test_spanish_has_the_data_and_german_does_not(opposites):
    # « perdió » → "won": the es-en dictionary gives "lose"; es.toml has the [opposites] data
    found = [f for f in opposites.check_texts("El partido perdió las elecciones.", "The party won the elections.",
                                            id="es", source_lang="es").findings if f.code == "CT171"]
    assert [(f.suggestions, str(f.severity)) for f in found] == [(["lost"], "minor")]
    # German has a dictionary but no [opposites] data (inverters, light verbs): the rule stays out
    found = [f for f in opposites.check_texts("Die Partei hat die Wahlen verloren.", "The party won the elections.",
                                            id="de", source_lang="de").findings if f.code == "CT171"]
    assert found == []
