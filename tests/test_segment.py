"""Paragraphs and sentences: the seed story, tricky news sentences, and invariants on random text."""
from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import segment as segmentation
from checker.model import Sentence
from checker.segment import (
    MAX_SENTENCE_CHARS,
    PIECE_CHARS,
    overlong_note,
    rules_for,
    segment,
    split_paragraphs,
    split_sentences,
)

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "corpora" / "demo"
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def sentences(text: str, lang: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, lang)]


# --- the seed story -------------------------------------------------------------------------------------------
# Counted by hand. The lone "–" closing both files is a paragraph (and a sentence) of its own: every non-space
# character must belong to a sentence, and both sides carry it, so the paragraph counts agree (11 and 11).
SEED_SENTENCES_PER_PARAGRAPH = [2, 1, 1, 6, 1, 5, 1, 5, 1, 10, 1]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_seed_story_paragraphs_and_sentences(lang):
    text = (DEMO / f"wire-xi-putin.{lang}.txt").read_text(encoding="utf-8")
    paragraphs = split_paragraphs(text)
    assert len(paragraphs) == 11
    assert text[slice(*paragraphs[-1])] == "–"
    assert text[slice(*paragraphs[1])].startswith(">> ")
    sents = segment(text, lang)
    counts = Counter(s.paragraph for s in sents)
    assert [counts[p] for p in range(len(paragraphs))] == SEED_SENTENCES_PER_PARAGRAPH
    # The first paragraph ends its first sentence on the broadcaster's name, in both languages.
    assert text[sents[0].start : sents[0].end].endswith("franceinfo.")


def test_seed_story_sides_have_the_same_shape():
    fr = (DEMO / "wire-xi-putin.fr.txt").read_text(encoding="utf-8")
    en = (DEMO / "wire-xi-putin.en.txt").read_text(encoding="utf-8")
    shape = lambda text, lang: [s.paragraph for s in segment(text, lang)]  # noqa: E731
    assert shape(fr, "fr") == shape(en, "en")


# --- tricky news sentences ------------------------------------------------------------------------------------
NBSP = "\u00a0"
CASES = [
    # French: titles with and without a period, decimals, quotations, ellipses, initials, questions
    ("fr", "M. Macron a rencontré Mme Merkel à Berlin. Ils ont parlé d'Europe.",
     ["M. Macron a rencontré Mme Merkel à Berlin.", "Ils ont parlé d'Europe."]),
    ("fr", "Mlle Dupuis a rencontré M. Martin et Mme Durand. Ils ont discuté.",
     ["Mlle Dupuis a rencontré M. Martin et Mme Durand.", "Ils ont discuté."]),
    ("fr", "Le Dr. Martin et le Pr. Durand étaient présents. La séance a duré une heure.",
     ["Le Dr. Martin et le Pr. Durand étaient présents.", "La séance a duré une heure."]),
    ("fr", "Le PIB a progressé de 1,5 % au deuxième trimestre. La croissance ralentit.",
     ["Le PIB a progressé de 1,5 % au deuxième trimestre.", "La croissance ralentit."]),
    ("fr", "Le taux est passé de 3.5 à 4.2 points. C'est un record.",
     ["Le taux est passé de 3.5 à 4.2 points.", "C'est un record."]),
    ("fr", "« Nous ne céderons pas », a déclaré le Pr Dupont. Il a ajouté : « C'est inacceptable. »",
     ["« Nous ne céderons pas », a déclaré le Pr Dupont.", "Il a ajouté : « C'est inacceptable. »"]),
    ("fr", "« Êtes-vous prêt ? » a-t-il demandé.", ["« Êtes-vous prêt ? » a-t-il demandé."]),
    ("fr", "« Qui va payer ? Personne ne le sait », s'inquiète un élu.",
     ["« Qui va payer ? Personne ne le sait », s'inquiète un élu."]),
    ("fr", "« C'est fini. » Le président a quitté la salle.",
     ["« C'est fini. »", "Le président a quitté la salle."]),
    ("fr", f"« C'est fini.{NBSP}» Le président part. Pourquoi{NBSP}? Parce que.",
     [f"« C'est fini.{NBSP}»", "Le président part.", f"Pourquoi{NBSP}?", "Parce que."]),
    ("fr", "Il a dit : « Je pars. Je reviendrai demain. » Puis il est parti.",
     ["Il a dit : « Je pars.", "Je reviendrai demain. »", "Puis il est parti."]),
    ("fr", "Le ministre a déclaré : « Nous n'avons pas le choix ». Les syndicats protestent.",
     ["Le ministre a déclaré : « Nous n'avons pas le choix ».", "Les syndicats protestent."]),
    ("fr", "Selon le Dr Martin, la situation est grave... Mais rien n'est perdu.",
     ["Selon le Dr Martin, la situation est grave...", "Mais rien n'est perdu."]),
    ("fr", "Il hésita… puis repartit vers Paris.", ["Il hésita… puis repartit vers Paris."]),
    ("fr", "J. K. Rowling publiera un nouveau livre. Son éditeur l'a confirmé.",
     ["J. K. Rowling publiera un nouveau livre.", "Son éditeur l'a confirmé."]),
    ("fr", "George W. Bush a visité Paris en 2003.", ["George W. Bush a visité Paris en 2003."]),
    ("fr", "Pourquoi ? Parce que la loi l'interdit.", ["Pourquoi ?", "Parce que la loi l'interdit."]),
    ("fr", "L'entreprise (cf. rapport p. 12) a perdu 2,3 millions d'euros.",
     ["L'entreprise (cf. rapport p. 12) a perdu 2,3 millions d'euros."]),
    ("fr", "Rendez-vous à 20 h. Entrée libre.", ["Rendez-vous à 20 h.", "Entrée libre."]),
    ("fr", "Il est arrivé à St. Louis hier. Il repart demain.",
     ["Il est arrivé à St. Louis hier.", "Il repart demain."]),
    ("fr", "Il est né le 1er janv. 1950 à Lyon. Il est mort en 2020.",
     ["Il est né le 1er janv. 1950 à Lyon.", "Il est mort en 2020."]),
    ("fr", "Le LHC est un anneau de 27 km de circonférence! - pour atteindre de telles énergies.",
     ["Le LHC est un anneau de 27 km de circonférence! - pour atteindre de telles énergies."]),
    ("fr", "Incendie à Marseille : trois blessés\n>> Les pompiers sont intervenus vers 3 h du matin",
     ["Incendie à Marseille : trois blessés", ">> Les pompiers sont intervenus vers 3 h du matin"]),
    # English
    ("en", "Mr. Smith met Mrs. Jones in Washington. They discussed trade.",
     ["Mr. Smith met Mrs. Jones in Washington.", "They discussed trade."]),
    ("en", "The U.S. economy grew 3.5% in the second quarter. Analysts were surprised.",
     ["The U.S. economy grew 3.5% in the second quarter.", "Analysts were surprised."]),
    ("en", "“We will not give in,” said Dr. Brown. “This is unacceptable.”",
     ["“We will not give in,” said Dr. Brown.", "“This is unacceptable.”"]),
    ("en", "He said: “I'm leaving. I'll be back tomorrow.” Then he left.",
     ["He said: “I'm leaving.", "I'll be back tomorrow.”", "Then he left."]),
    ("en", "“Are you ready?” he asked.", ["“Are you ready?” he asked."]),
    ("en", "“Who will pay? Nobody knows,” a lawmaker said.", ["“Who will pay? Nobody knows,” a lawmaker said."]),
    ("en", "“It's over.” The president left the room.", ["“It's over.”", "The president left the room."]),
    ("en", "George W. Bush visited Paris in 2003.", ["George W. Bush visited Paris in 2003."]),
    ("en", "J. K. Rowling will publish a new book. Her publisher confirmed it.",
     ["J. K. Rowling will publish a new book.", "Her publisher confirmed it."]),
    ("en", "Shares fell 1.5 per cent... Then they recovered.", ["Shares fell 1.5 per cent...", "Then they recovered."]),
    ("en", "He waited… and then left.", ["He waited… and then left."]),
    ("en", "Is this the end? Not yet, officials say.", ["Is this the end?", "Not yet, officials say."]),
    ("en", "The meeting is at 3 p.m. The president will speak.",
     ["The meeting is at 3 p.m.", "The president will speak."]),
    ("en", "Gen. Mark Milley met Sen. Elizabeth Warren on Tuesday.",
     ["Gen. Mark Milley met Sen. Elizabeth Warren on Tuesday."]),
    ("en", "The vote is set for Jan. 15, officials said. It could be delayed.",
     ["The vote is set for Jan. 15, officials said.", "It could be delayed."]),
    ("en", "Rep. John Lewis, D-Ga., spoke first. He was applauded.",
     ["Rep. John Lewis, D-Ga., spoke first.", "He was applauded."]),
    ("en", "Prof. Smith (see p. 12) disagreed with the report.",
     ["Prof. Smith (see p. 12) disagreed with the report."]),
    ("en", '"The day after tomorrow I might meet President Ortega" Santos said.',
     ['"The day after tomorrow I might meet President Ortega" Santos said.']),
    ("en", "His number is six hundred and sixty six.\"", ["His number is six hundred and sixty six.\""]),
    ("en", "Fire kills three in Marseille\r\nFirefighters arrived at 3 a.m. on Sunday.",
     ["Fire kills three in Marseille", "Firefighters arrived at 3 a.m. on Sunday."]),
    # Spanish
    ("es", "El Sr. García y la Sra. López llegaron. Hablaron de economía.",
     ["El Sr. García y la Sra. López llegaron.", "Hablaron de economía."]),
    ("es", "¿Qué pasa? Nadie lo sabe.", ["¿Qué pasa?", "Nadie lo sabe."]),
    ("es", "«No vamos a ceder», dijo el Dr. Pérez. Luego se fue.",
     ["«No vamos a ceder», dijo el Dr. Pérez.", "Luego se fue."]),
]


@pytest.mark.parametrize("lang,text,expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_tricky_news_sentences(lang, text, expected):
    assert sentences(text, lang) == expected


def test_unknown_language_falls_back_to_default_data():
    rules = rules_for("de-DE")
    assert rules.lang == "de" and "." in rules.terminals
    assert sentences("Das ist gut. Wir gehen jetzt.", "de") == ["Das ist gut.", "Wir gehen jetzt."]


def test_abbreviation_lists_are_data():
    fr, en = rules_for("fr"), rules_for("en")
    assert "M" in fr.always and "Mme" in fr.always and "Mr" in en.always
    assert "p" in en.before_number and "M" not in en.always  # "M." is a French title only


# --- offsets, CRLF, BOM ---------------------------------------------------------------------------------------
def test_crlf_offsets_index_the_original_text():
    lf = "Titre du jour\n\nM. Durand est arrivé. Il repart demain.\n–\n"
    crlf = lf.replace("\n", "\r\n")
    for text in (lf, crlf):
        assert [text[a:b] for a, b in split_paragraphs(text)] == [
            "Titre du jour", "M. Durand est arrivé. Il repart demain.", "–"]
        got = segment(text, "fr")
        assert [text[s.start : s.end] for s in got] == [
            "Titre du jour", "M. Durand est arrivé.", "Il repart demain.", "–"]
        assert [s.paragraph for s in got] == [0, 1, 1, 2]
    # a lone CR (old Mac files) is a line break too
    assert sentences("Un titre\rUne phrase.", "fr") == ["Un titre", "Une phrase."]


def test_bom_decoded_text_segments_from_offset_zero():
    from checker.read.text import decode

    text = decode(b"\xef\xbb\xbfM. Durand est arriv\xc3\xa9. Il repart.\r\n", "a.fr.txt")
    assert split_sentences(text, "fr") == [(0, 21), (22, 32)]
    assert text[22:32] == "Il repart." and text[0] == "M"


def test_start_end_restricts_to_a_range():
    text = "Premier. Deuxième phrase. Troisième."
    start = text.index("Deuxième")
    spans = split_sentences(text, "fr", start, len(text))
    assert [text[a:b] for a, b in spans] == ["Deuxième phrase.", "Troisième."]


def test_long_line_is_chunked_without_losing_boundaries():
    para = "M. Durand a parlé pendant 2,5 heures. « C'est fini. » Le président part. "
    line = para * 200  # one 15,000-character line, cut into pieces before pysbd sees it
    got = sentences(line.strip(), "fr")
    assert len(got) == 600
    assert got[:3] == ["M. Durand a parlé pendant 2,5 heures.", "« C'est fini. »", "Le président part."]


def test_five_hundred_sentences_in_well_under_a_second():
    text = (DEMO / "wire-xi-putin.fr.txt").read_text(encoding="utf-8")
    doc = "\n".join([text] * 15)
    segment(text[:300], "fr")  # data files and pysbd's regexes are loaded once per process
    t0 = time.perf_counter()
    got = segment(doc, "fr")
    elapsed = time.perf_counter() - t0
    assert len(got) == 15 * sum(SEED_SENTENCES_PER_PARAGRAPH)
    assert elapsed < 1.0, f"{len(got)} sentences took {elapsed:.2f} s"


# --- invariants on random text --------------------------------------------------------------------------------
TOKENS = [
    "M.", "Mme", "Dr.", "p.", "12", "3.5", "1,5", "%", "J.", "W.", "U.S.", "le", "Le", "président", "Paris",
    "a", "dit", "Il", "mot", ".", ",", "?", "!", "…", "...", "«", "»", "“", "”", '"', "(", ")", ">>", "-", "–",
    " ", " ", " ", " ", "\n", "\r\n", "\r", "\n\n", "\t", "\u00a0", "\u202f", "\u2028", "é", "É", "x",
]
text_strategy = st.lists(st.sampled_from(TOKENS), max_size=80).map(lambda parts: "".join(
    p if p.isspace() or i == 0 else (" " + p if len(p) > 1 and p[0].isalnum() else p) for i, p in enumerate(parts)
)) | st.text(max_size=120)


def check_invariants(text: str, lang: str) -> None:
    spans = split_sentences(text, lang)
    covered = set()
    previous_end = 0
    for a, b in spans:
        assert previous_end <= a < b <= len(text)
        assert not text[a].isspace() and not text[b - 1].isspace()
        assert not any(ch in LINE_BREAKS for ch in text[a:b])
        assert b - a <= segmentation.MAX_SENTENCE_CHARS
        covered.update(range(a, b))
        previous_end = b
    non_space = {i for i, ch in enumerate(text) if not ch.isspace()}
    assert non_space <= covered
    sents = segment(text, lang)
    assert [(s.start, s.end) for s in sents] == spans
    paragraphs = split_paragraphs(text)
    for s in sents:
        assert isinstance(s, Sentence)
        p_start, p_end = paragraphs[s.paragraph]
        assert p_start <= s.start and s.end <= p_end
    assert [s.paragraph for s in sents] == sorted(s.paragraph for s in sents)
    assert {s.paragraph for s in sents} == set(range(len(paragraphs)))


@settings(max_examples=300, deadline=None)
@given(text=text_strategy, lang=st.sampled_from(["fr", "en", "es", "de"]))
def test_invariants_on_random_text(text, lang):
    check_invariants(text, lang)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_invariants_on_the_seed_story(lang):
    check_invariants((DEMO / f"wire-xi-putin.{lang}.txt").read_text(encoding="utf-8"), lang)


# --- overlong sentences ---------------------------------------------------------------------------------------
NO_STOP = str.maketrans("", "", ".!?…")


def no_stop_line(lang: str, chars: int) -> str:
    """The demo story as one line of about `chars` characters without a full stop (its paragraphs joined by
    commas, repeated)."""
    text = (DEMO / f"wire-xi-putin.{lang}.txt").read_text(encoding="utf-8").translate(NO_STOP)
    line = ", ".join(p.strip() for p in text.splitlines() if p.strip())
    return ", ".join([line] * (chars // len(line) + 1))[:chars].rstrip(" ,")


def test_a_sixty_kilobyte_line_without_a_full_stop_is_cut_at_clause_punctuation():
    line = no_stop_line("fr", 60_000)
    sents = segment(line, "fr")
    assert all(s.end - s.start <= PIECE_CHARS for s in sents)
    assert all(s.cut_from == (0, len(line)) for s in sents)
    assert len(sents) >= len(line) // PIECE_CHARS
    # Nearly every piece ends at a clause mark (the others between two words), and none is shorter than half the
    # limit but the last.
    assert sum(line[s.end - 1] in ",;:" for s in sents[:-1]) >= 0.9 * (len(sents) - 1)
    assert all(line[s.end] == " " for s in sents[:-1])
    assert all(s.end - s.start > PIECE_CHARS // 2 for s in sents[:-1])
    check_invariants(line, "fr")
    assert overlong_note(sents, "source") == (
        f"1 overlong source sentence was split for checking (longest {len(line):,} characters; "
        f"at most {MAX_SENTENCE_CHARS:,} are checked as one)")


def test_an_overlong_sentence_without_punctuation_is_cut_between_words():
    words = [f"mot{k}" for k in range(3000)]
    run = MAX_SENTENCE_CHARS + PIECE_CHARS + 100  # characters without a space
    text = "Titre court.\n" + " ".join(words) + "\nFin. " + "x" * run
    sents = segment(text, "fr")
    pieces = [text[s.start : s.end] for s in sents]
    assert pieces[0] == "Titre court." and sents[0].cut_from is None
    middle = [p for p, s in zip(pieces, sents, strict=True) if s.paragraph == 1]
    assert " ".join(middle).split() == words  # no word is cut
    assert all(len(p) <= PIECE_CHARS for p in pieces)
    # A run without any space is cut where the limit falls.
    xs = [len(p) for p in pieces if p.startswith("x")]
    assert sum(xs) == run and set(xs[:-1]) == {PIECE_CHARS} and xs[-1] == run % PIECE_CHARS
    assert overlong_note(sents, "target").startswith("2 overlong target sentences were split for checking (longest")
    assert overlong_note(segment("Deux phrases. Courtes.", "fr"), "source") is None


def test_a_long_line_with_stops_but_no_likely_sentence_end_reaches_pysbd_in_pieces():
    line = " ".join(["il a dit. et puis il est parti. ensuite"] * 500)  # 20,000 characters, no capital after a stop
    pieces = segmentation._word_windows(line, 0, len(line), 2 * segmentation._CHUNK_CHARS)
    assert len(pieces) >= 5 and all(b - a <= 4000 for a, b in pieces)
    assert "".join(line[a:b] for a, b in pieces) == line
    check_invariants(line, "fr")


def test_a_1_9_megabyte_line_is_cut_into_pieces():
    line = no_stop_line("en", 1_900_000)
    sents = segment(line, "en")
    assert len(sents) >= len(line) // PIECE_CHARS
    assert max(s.end - s.start for s in sents) <= PIECE_CHARS
    assert "".join(line[s.start : s.end] for s in sents).replace(" ", "") == line.replace(" ", "")


@settings(max_examples=200, deadline=None)
@given(text=text_strategy, lang=st.sampled_from(["fr", "en"]))
def test_invariants_on_random_text_with_a_small_limit(text, lang):
    from unittest import mock

    with mock.patch.object(segmentation, "MAX_SENTENCE_CHARS", 12):
        check_invariants(text, lang)


def test_an_ordinary_story_has_no_notes(seed_result):
    assert seed_result.notes == []


def test_a_sixty_kilobyte_line_checks_with_a_note(checker):
    source, target = no_stop_line("fr", 60_000), no_stop_line("en", 56_000)
    pair = checker.check_texts(source, target, id="long-line")
    assert len(pair.notes) == 2 and pair.notes[0].startswith("1 overlong source sentence was split")
    assert pair.segments and all(s.target_end - s.target_start <= 4 * PIECE_CHARS + 3 for s in pair.segments)
    covered = [i for s in pair.segments for i in s.source_sentences]
    assert covered == list(range(len(pair.source.sentences)))
