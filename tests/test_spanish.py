"""Spanish → English through the real pipeline: the checker is multilingual by data, not by code.

Short wire stories written for this test, each with a faithful English translation, then damaged one error at a
time; every damage must be found with the right code at the right offsets, with the language detected (no
source_lang) and given. A pair with no language data at all (German → English) must still run the
language-independent checks without crashing.
"""
from __future__ import annotations

import pytest

from checker.model import Severity
from checker.pipeline import Checker, Options

STORIES = {
    "economy": (
        "El Gobierno español anunció este martes que la economía creció un 1,5 % en el tercer trimestre. "
        "Según el Instituto Nacional de Estadística, el paro bajó hasta el 11,8 %, su nivel más bajo desde 2008. "
        "La ministra de Economía no descartó nuevas medidas para contener la inflación. "
        "Actualmente, el país tiene cerca de 2,7 millones de desempleados.",
        "The Spanish government announced on Tuesday that the economy grew by 1.5% in the third quarter. "
        "According to the National Statistics Institute, unemployment fell to 11.8%, its lowest level since 2008. "
        "The economy minister did not rule out new measures to curb inflation. "
        "The country currently has about 2.7 million unemployed.",
    ),
    "visit": (
        "El presidente chino, Xi Jinping, llegará a Moscú el próximo lunes para una visita de tres días. "
        "Es su primer viaje a Rusia desde el inicio de la guerra en Ucrania. "
        "Pekín y Moscú firmarán una veintena de acuerdos comerciales, según fuentes diplomáticas. "
        "Londres ha pedido a China que no envíe armas a Rusia.",
        "Chinese President Xi Jinping will arrive in Moscow next Monday for a three-day visit. "
        "It is his first trip to Russia since the start of the war in Ukraine. "
        "Beijing and Moscow will sign some twenty trade agreements, according to diplomatic sources. "
        "London has asked China not to send weapons to Russia.",
    ),
    "singer": (
        "La cantante, que está embarazada de cinco meses, suspendió ayer su gira europea. "
        "Los conciertos previstos en Múnich y Milán se aplazarán hasta el verano. "
        "Su último disco ha sido un gran éxito en toda América Latina. "
        "El concierto de Madrid reunió a 2.500 personas pese a la lluvia. "
        "La artista firmará ejemplares de su libro el sábado en una librería del centro.",
        "The singer, who is five months pregnant, cancelled her European tour yesterday. "
        "The concerts planned in Munich and Milan will be postponed until the summer. "
        "Her latest album has been a great success throughout Latin America. "
        "The Madrid concert drew 2,500 people despite the rain. "
        "The artist will sign copies of her book on Saturday at a bookshop in the city centre.",
    ),
    "bus": (
        "Al menos 14 personas murieron el domingo en un accidente de autobús en el norte de México. "
        "El vehículo, que transportaba a 40 pasajeros, cayó por un barranco cerca de la ciudad de Monterrey. "
        "Las autoridades locales no han identificado todavía a las víctimas. "
        "Los heridos fueron trasladados a tres hospitales de la región.",
        "At least 14 people died on Sunday in a bus accident in northern Mexico. "
        "The vehicle, which was carrying 40 passengers, fell into a ravine near the city of Monterrey. "
        "Local authorities have not yet identified the victims. "
        "The injured were taken to three hospitals in the region.",
    ),
}

# German has only a dictionary (corpora/pairs/de-en/) and a bare corpora/languages/de.toml: no number words,
# negation cues or name forms.
GERMAN = (
    "Bei einem Zugunglück in Bayern sind am Mittwoch 37 Menschen verletzt worden. "
    "Der Regionalzug stieß mit einem Lastwagen zusammen, der auf den Gleisen stand. "
    "Die Polizei sagte, der Fahrer des Lastwagens sei unverletzt geblieben. "
    "Die Strecke bleibt bis 2026 gesperrt.",
    "37 people were injured in a train accident in Bavaria on Wednesday. "
    "The regional train collided with a lorry that was standing on the tracks. "
    "Police said the lorry driver was unhurt. "
    "The line will remain closed until 2026.",
)

LANGS = pytest.mark.parametrize("lang", [None, "es"], ids=["detected", "given"])


@pytest.fixture(scope="module")
def checker(encoder):
    return Checker(Options(), encoder=encoder)


def damage(text: str, old: str, new: str) -> tuple[str, int]:
    """Replace the one occurrence of ``old``; return the new text and where the replacement starts."""
    assert text.count(old) == 1, f"{old!r} must occur once"
    at = text.index(old)
    return text[:at] + new + text[at + len(old):], at


def sentence(text: str, start_words: str) -> tuple[int, int]:
    """[start, end) of the sentence of ``text`` that begins with ``start_words`` (ends at its full stop)."""
    start = text.index(start_words)
    return start, text.index(".", start) + 1


def found(pair, code: str, start: int, end: int):
    hits = [f for f in pair.findings if f.code == code and (f.target_start, f.target_end) == (start, end)]
    assert hits, f"no {code} at [{start}, {end}) {pair.target.text[start:end]!r}; findings: " + "; ".join(
        f"{f.code} [{f.target_start},{f.target_end}] {f.message}" for f in pair.findings
    )
    return hits[0]


# -- the faithful translations ------------------------------------------------------------------------------------

@LANGS
@pytest.mark.parametrize("story", sorted(STORIES))
def test_faithful_translation_is_clean_and_source_is_spanish(checker, story, lang):
    source, target = STORIES[story]
    pair = checker.check_texts(source, target, id=story, source_lang=lang)
    assert pair.source.lang == "es" and pair.target.lang == "en"
    assert [s.kind for s in pair.segments] == ["1-1"] * (target.count(". ") + 1)
    serious = [(f.code, f.message) for f in pair.findings if f.severity >= Severity.MAJOR]
    assert serious == []


# -- one error at a time -----------------------------------------------------------------------------------------

@LANGS
@pytest.mark.parametrize(
    "story, faithful, damaged, opening, cue",
    [
        ("economy", "did not rule out", "ruled out", "The economy minister", "no descartó"),
        ("bus", "have not yet identified", "have identified", "Local authorities", "no han"),
    ],
)
def test_dropped_negation_is_critical(checker, lang, story, faithful, damaged, opening, cue):
    source, target = STORIES[story]
    bad, at = damage(target, faithful, damaged)
    pair = checker.check_texts(source, bad, source_lang=lang)
    hits = [f for f in pair.findings if f.code == "CT130"]
    assert len(hits) == 1, pair.findings
    hit = hits[0]
    assert hit.severity == Severity.CRITICAL
    sent_start, sent_end = sentence(bad, opening)
    assert sent_start <= hit.target_start < hit.target_end <= sent_end
    no = source.index(cue)
    assert (hit.source_start, hit.source_end) == (no, no + 2)


def test_dropped_negation_points_at_the_verb_after_no(checker):
    source, target = STORIES["bus"]
    bad, at = damage(target, "have not yet identified", "have identified")
    pair = checker.check_texts(source, bad, source_lang="es")
    hit = found(pair, "CT130", at, at + len("have"))
    assert hit.suggestions and hit.suggestions[0].startswith("have not")


@LANGS
def test_changed_number_and_spanish_decimal_format(checker, lang):
    source, target = STORIES["economy"]
    bad, changed = damage(target, "1.5%", "2.5%")
    bad, leaked = damage(bad, "11.8%", "11,8 %")
    pair = checker.check_texts(source, bad, source_lang=lang)
    wrong = found(pair, "CT120", changed, changed + len("2.5%"))
    assert wrong.suggestions[0] == "1.5%" and wrong.severity >= Severity.MAJOR
    assert source[wrong.source_start:wrong.source_end] == "1,5 %"
    fmt = found(pair, "CT121", leaked, leaked + len("11,8 %"))
    assert fmt.suggestions[0] == "11.8%" and fmt.fix == "safe"
    # the leaked format is not a different figure
    assert not [f for f in pair.findings if f.code == "CT120" and f.target_start == leaked]


@LANGS
def test_spanish_thousands_point_left_in_english(checker, lang):
    source, target = STORIES["singer"]
    bad, at = damage(target, "2,500 people", "2.500 people")
    pair = checker.check_texts(source, bad, source_lang=lang)
    hits = [f for f in pair.findings if f.code in ("CT120", "CT121") and (f.target_start, f.target_end) == (at, at + 5)]
    assert hits, pair.findings
    assert hits[0].suggestions[0] == "2,500" and hits[0].fix == "safe"


@LANGS
@pytest.mark.parametrize(
    "story, english, spanish",
    [
        ("visit", "in Moscow", "in Moscú"),
        ("visit", "Beijing", "Pekín"),
        ("visit", "London", "Londres"),
        ("singer", "Munich", "Múnich"),
        ("singer", "Milan", "Milán"),
    ],
)
def test_spanish_exonym_left_in_english(checker, lang, story, english, spanish):
    source, target = STORIES[story]
    bad, at = damage(target, english, spanish)
    # "in Moscow" → "in Moscú": the name itself starts after the preposition
    lead = len(spanish) - len(spanish.split()[-1])
    pair = checker.check_texts(source, bad, source_lang=lang)
    hit = found(pair, "CT110", at + lead, at + len(spanish))
    assert hit.suggestions[0] == english.split()[-1] and hit.fix == "safe"
    assert source[hit.source_start:hit.source_end] == spanish.split()[-1]


@LANGS
@pytest.mark.parametrize(
    "story, right, wrong, spanish",
    [
        ("economy", "currently", "actually", "Actualmente"),
        ("singer", "pregnant", "embarrassed", "embarazada"),
        ("singer", "success", "exit", "éxito"),
        ("singer", "bookshop", "library", "librería"),
    ],
)
def test_spanish_false_friend(checker, lang, story, right, wrong, spanish):
    source, target = STORIES[story]
    bad, at = damage(target, right, wrong)
    pair = checker.check_texts(source, bad, source_lang=lang)
    hit = found(pair, "CT101", at, at + len(wrong))
    assert hit.suggestions[0] == right and hit.severity >= Severity.MAJOR
    assert source[hit.source_start:hit.source_end] == spanish


@LANGS
@pytest.mark.parametrize(
    "story, dropped_en, dropped_es",
    [
        ("visit", "It is his first trip", "Es su primer viaje"),
        ("bus", "Local authorities", "Las autoridades locales"),
    ],
)
def test_dropped_sentence_is_an_omission(checker, lang, story, dropped_en, dropped_es):
    source, target = STORIES[story]
    start, end = sentence(target, dropped_en)
    bad = target[:start] + target[end + 1:]
    pair = checker.check_texts(source, bad, source_lang=lang)
    hits = [f for f in pair.findings if f.code == "CT001"]
    assert len(hits) == 1, pair.findings
    hit = hits[0]
    assert (hit.source_start, hit.source_end) == sentence(source, dropped_es)
    # empty on the target side, where the sentence belongs: between the previous sentence and the next
    assert hit.target_start == hit.target_end and start - 1 <= hit.target_start <= start


@LANGS
@pytest.mark.parametrize(
    "story, left_en, left_es",
    [
        ("singer", "Her latest album", "Su último disco"),
        ("bus", "Local authorities", "Las autoridades locales"),
    ],
)
def test_sentence_left_in_spanish(checker, lang, story, left_en, left_es):
    source, target = STORIES[story]
    start, end = sentence(target, left_en)
    s_start, s_end = sentence(source, left_es)
    bad = target[:start] + source[s_start:s_end] + target[end:]
    pair = checker.check_texts(source, bad, source_lang=lang)
    assert pair.target.lang == "en"  # one sentence in Spanish does not make the document Spanish
    hit = found(pair, "CT003", start, start + (s_end - s_start))
    assert (hit.source_start, hit.source_end) == (s_start, s_end)
    assert hit.severity >= Severity.MAJOR


def test_dropped_negative_sentence_is_not_also_a_lost_negation(checker):
    source, target = STORIES["bus"]
    start, end = sentence(target, "Local authorities")
    pair = checker.check_texts(source, target[:start] + target[end + 1:], source_lang="es")
    assert [f.code for f in pair.findings if f.code == "CT001"] == ["CT001"]
    assert not [f.message for f in pair.findings if f.code == "CT130"]


# -- a pair without any language data ------------------------------------------------------------------------------

def test_pair_without_data_runs_the_language_independent_checks(checker):
    source, target = GERMAN
    pair = checker.check_texts(source, target)
    assert pair.source.lang == "de"
    assert [s.kind for s in pair.segments] == ["1-1"] * 4
    assert not [f for f in pair.findings if f.severity >= Severity.CRITICAL]
    assert not [f for f in pair.findings if f.code in ("CT001", "CT003", "CT005", "CT120", "CT130")]


def test_pair_without_data_flags_changed_digits(checker):
    source, target = GERMAN
    bad, first = damage(target, "37 people", "27 people")
    bad, second = damage(bad, "until 2026", "until 2025")
    pair = checker.check_texts(source, bad)
    assert found(pair, "CT120", first, first + 2).suggestions[0] == "37"
    assert found(pair, "CT120", second + 6, second + 10).suggestions[0] == "2026"


def test_pair_without_data_flags_a_sentence_left_in_german(checker):
    source, target = GERMAN
    start, end = sentence(target, "Police said")
    s_start, s_end = sentence(source, "Die Polizei")
    bad = target[:start] + source[s_start:s_end] + target[end:]
    pair = checker.check_texts(source, bad)
    flagged = [f for f in pair.findings
               if f.code == "CT003" and (f.target_start, f.target_end) == (start, start + s_end - s_start)]
    assert flagged or [f for f in pair.findings if f.code == "CT005"], pair.findings


@pytest.mark.parametrize("opening, source_opening", [
    ("The regional train", "Der Regionalzug"),
    ("The line", "Die Strecke"),
    # Dropping it merges 'Die Polizei sagte …' into the block of the sentence before (2-1), which the block's
    # cosine does not give away (it gains -0.0025 without it); its words have almost no word link (CT001's
    # second test)
    ("Police said", "Die Polizei"),
])
def test_pair_without_data_flags_a_dropped_sentence(checker, opening, source_opening):
    source, target = GERMAN
    start, end = sentence(target, opening)
    pair = checker.check_texts(source, (target[:start] + target[end + 1:]).strip())
    hit = [f for f in pair.findings if f.code == "CT001"]
    assert hit and (hit[0].source_start, hit[0].source_end) == sentence(source, source_opening)


def test_pair_without_data_has_no_major_false_alarm(checker):
    # German capitalises every noun; the de-en dictionary (looked up by lemma) tells CT111 that 'Zugunglück',
    # 'Lastwagen', 'Gleisen' are words, not names missing from the translation
    source, target = GERMAN
    pair = checker.check_texts(source, target)
    assert not [(f.code, f.message) for f in pair.findings if f.severity >= Severity.MAJOR]


def test_pair_without_data_reads_the_decimal_comma(checker):
    pair = checker.check_texts(
        "Die Ausgaben sollen im kommenden Jahr um 3,2 Prozent steigen. Die Opposition kritisierte den Entwurf.",
        "Spending is set to rise by 3.2 percent next year. The opposition criticised the draft.",
    )
    assert pair.source.lang == "de"
    assert not [f.message for f in pair.findings if f.code == "CT120"]


def test_pair_without_data_does_not_invent_an_added_negation(checker):
    pair = checker.check_texts(
        "Der Finanzminister sagte, es werde keine Steuererhöhungen geben. Die Opposition kritisierte den Entwurf.",
        "The finance minister said there would be no tax increases. The opposition criticised the draft.",
    )
    assert pair.source.lang == "de"
    assert not [f.message for f in pair.findings if f.code == "CT130"]
