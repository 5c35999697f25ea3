"""Reading stories from every input layout: bilingual files, naming convention, language folders, manifests.

No encoder here: these tests read files only. Fixtures are small files written for these tests (tests/data).
"""
from __future__ import annotations

import http.server
import os
import threading
import time
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.read import formats
from checker.read.discover import language_code, plan, records
from checker.read.formats import UNIT_SEPARATOR, BadRecord, Record, read_bilingual, read_bytes, screen_xml

DATA = Path(__file__).resolve().parent / "data"
FORMATS, UNSAFE = DATA / "formats", DATA / "unsafe"


def read_one(path: Path, **kwargs) -> Record | BadRecord:
    out = list(read_bilingual(path, **kwargs))
    assert len(out) == 1, out
    return out[0]


def units_text(record: Record) -> list[tuple[str, str, str]]:
    return [(u.id, record.source[u.source_start : u.source_end], record.target[u.target_start : u.target_end])
            for u in record.units]


# -- bilingual files: one story each, units as paragraphs ----------------------------------------------------------


def test_xliff_12_units_become_paragraphs_with_their_ids():
    rec = read_one(FORMATS / "summit.xlf")
    assert (rec.id, rec.source_lang, rec.target_lang, rec.origin) == ("summit", "fr", "en", "summit.xlf")
    assert [u[0] for u in units_text(rec)] == ["p1", "p2", "p3"]
    assert units_text(rec)[2][1:] == ("Le sommet se termine vendredi.", "The summit ends on Friday.")
    assert rec.source.split(UNIT_SEPARATOR)[0] == "Le président a rencontré son homologue jeudi à Samarcande."
    assert rec.target.count(UNIT_SEPARATOR) == 2 and rec.reference is None


def test_xliff_20_is_read_by_the_version_2_parser():
    rec = read_one(FORMATS / "rates.xlf")
    assert (rec.source_lang, rec.target_lang) == ("fr", "en")
    assert units_text(rec) == [
        ("u1", "La Banque centrale européenne a relevé ses taux.", "The European Central Bank raised its rates."),
        ("u2", "L'inflation reste élevée, selon la librairie.", "Inflation remains high, according to the bookshop."),
    ]


def test_tmx_picks_source_and_target_variants_by_language():
    rec = read_one(FORMATS / "protest.tmx")
    assert [u[0] for u in units_text(rec)] == ["a1", "a2"]
    assert units_text(rec)[1][1:] == ("La police a compté 12 000 personnes.", "Police counted 12,000 people.")
    # The languages decide, not the order of the variants: asking for French as the target swaps the sides.
    swapped = read_one(FORMATS / "protest.tmx", target_lang="fr", source_lang="en")
    assert units_text(swapped)[1][1:] == ("Police counted 12,000 people.", "La police a compté 12 000 personnes.")


def test_a_doctype_naming_an_external_dtd_is_allowed_but_the_dtd_is_never_loaded():
    rec = read_one(FORMATS / "doctype.tmx")
    assert isinstance(rec, Record) and len(rec.units) == 2


def test_po_skips_the_header_and_uses_locations_as_ids():
    rec = read_one(FORMATS / "budget.po")
    assert rec.target_lang == "en"
    assert units_text(rec) == [
        ("story:1", "Le gouvernement a présenté son budget mercredi.",
         "The government presented its budget on Wednesday."),
        ("story:2", "Le déficit atteindra 4,4 % du PIB.", "The deficit will reach 4.4% of GDP."),
    ]


def test_tsv_lines_are_units_and_a_third_column_is_the_reference():
    rec = read_one(FORMATS / "markets.tsv")
    assert [u[0] for u in units_text(rec)] == ["1", "2"]
    assert units_text(rec)[1][1:] == ("Le CAC 40 gagnait 1,2 % à la mi-journée.", "The CAC 40 was up 1.2% at midday.")
    assert rec.reference == ("European markets opened higher on Monday." + UNIT_SEPARATOR
                             + "The CAC 40 gained 1.2% by midday.")


def test_tsv_line_without_a_target_is_a_bad_record_naming_the_line(tmp_path):
    path = tmp_path / "cut.tsv"
    path.write_text("Une phrase.\tA sentence.\nUne phrase sans traduction.\n", encoding="utf-8")
    bad = read_one(path)
    assert isinstance(bad, BadRecord)
    assert bad.message == "cut.tsv: line 2 has 1 column(s), expected source<TAB>target"


def test_untranslated_unit_stays_an_empty_paragraph_so_the_omission_is_seen(tmp_path):
    text = (FORMATS / "summit.xlf").read_text(encoding="utf-8")
    path = tmp_path / "partial.xlf"
    path.write_text(text.replace("<target>The two leaders discussed the war in Ukraine.</target>", ""),
                    encoding="utf-8")
    rec = read_one(path)
    assert [t for _, _, t in units_text(rec)] == ["The president met his counterpart on Thursday in Samarkand.", "",
                                                  "The summit ends on Friday."]


def test_jsonl_one_story_a_line_and_bad_lines_do_not_stop_the_file():
    out = list(read_bilingual(FORMATS / "wire.jsonl"))
    good = [r for r in out if isinstance(r, Record)]
    bad = [r for r in out if isinstance(r, BadRecord)]
    assert [r.id for r in good] == ["wire-001", "wire-002", "wire-005"]
    assert good[1].reference == "Firefighters got the blaze under control after six hours."
    assert good[0].reference is None and good[0].units == ()
    assert [b.message for b in bad] == ["wire.jsonl line 4: missing 'target'",
                                        "wire.jsonl line 5: not JSON (Expecting value)"]


def test_jsonl_line_over_the_limit_is_skipped_and_the_next_line_read(tmp_path, monkeypatch):
    monkeypatch.setattr(formats, "MAX_FILE_BYTES", 200)
    path = tmp_path / "big.jsonl"
    long = '{"id": "long", "source": "' + "mot " * 100 + '", "target": "word"}'
    path.write_text(long + "\n" + '{"id": "short", "source": "Bonjour.", "target": "Hello."}\n', encoding="utf-8")
    out = list(read_bilingual(path))
    assert isinstance(out[0], BadRecord) and "line 1: larger than the" in out[0].message
    assert isinstance(out[1], Record) and out[1].id == "short"


@pytest.mark.parametrize("name", ["summit.xlf", "rates.xlf", "protest.tmx", "budget.po", "markets.tsv"])
def test_unit_offsets_index_the_joined_texts(name):
    rec = read_one(FORMATS / name)
    pieces = [(rec.source[u.source_start : u.source_end], rec.target[u.target_start : u.target_end]) for u in rec.units]
    assert UNIT_SEPARATOR.join(s for s, _ in pieces) == rec.source
    assert UNIT_SEPARATOR.join(t for _, t in pieces) == rec.target


# -- PO plural forms and XLIFF / TMX inline codes: read completely, never as prose ----------------------------------

PLURAL_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: en\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#: story:1
msgid "Le président a quitté Paris jeudi."
msgstr "The president left Paris on Thursday."

#: story:2
msgid "Un blessé a été transporté à l'hôpital."
msgid_plural "Les 12 blessés ont été transportés à l'hôpital."
msgstr[0] "One injured person was taken to hospital."
msgstr[1] "The 12 injured were taken to hospital."

#: story:3
msgid "Une victime"
msgid_plural "Des victimes"
msgstr[0] ""
msgstr[1] ""
"""
# Inline codes as a CMS exports them: bold as <bpt>/<ept>, a link as <ph>, a line break as <x/>, italics opened
# in this unit only (<it>), a span over a comma as <bx/>/<ex/>; <g> wraps translatable text.
INLINE_XLIFF = """\
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="cms/story-7" source-language="fr" target-language="en" datatype="html">
    <body>
      <trans-unit id="p1">
        <source>La rencontre entre <bpt id="1">&lt;span class="nom-propre"&gt;</bpt>Xi Jinping<ept id="1">&lt;/span&gt;</ept> et Vladimir<x id="2"/>Poutine, jeudi 15 septembre, à Samarcande, est une opportunité pour le président russe.</source>
        <target>The meeting between <bpt id="1">&lt;span class="nom-propre"&gt;</bpt>Xi Jinping<ept id="1">&lt;/span&gt;</ept> and Vladimir<x id="2"/>Putin on Thursday, 15 September, in Samarkand, is an opportunity for the Russian president.</target>
      </trans-unit>
      <trans-unit id="p2">
        <source>Selon lui, la Russie est <ph id="3">&lt;a href="/actualites/russie-chine" title="Lire l'analyse du Kremlin en 2022"&gt;</ph>avant tout un embarras pour Pékin<ph id="4">&lt;/a&gt;</ph>, un partenaire économique nécessaire.</source>
        <target>According to him, Russia is <ph id="3">&lt;a href="/actualites/russie-chine" title="Lire l'analyse du Kremlin en 2022"&gt;</ph>above all an embarrassment for Beijing<ph id="4">&lt;/a&gt;</ph>, a necessary economic partner.</target>
      </trans-unit>
      <trans-unit id="p3">
        <source>Le sommet réunit <ph id="5">{nombre_de_dirigeants}</ph> dirigeants à Samarcande <it id="6" pos="open">&lt;i class="italique"&gt;</it>jusqu'à vendredi.</source>
        <target>The summit brings together <ph id="5">{nombre_de_dirigeants}</ph> leaders in Samarkand <it id="6" pos="open">&lt;i class="italique"&gt;</it>until Friday.</target>
      </trans-unit>
      <trans-unit id="p4">
        <source>Les sanctions vont causer des dégâts <g id="7">considérables</g> à moyen terme<bx id="8"/>, selon <ex id="8"/>l'économiste.</source>
        <target>The sanctions will cause <g id="7">considerable</g> damage in the medium term<bx id="8"/>, according to <ex id="8"/>the economist.</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""  # noqa: E501 -- a fixture: a line break inside <source>/<seg> would change the text under test
INLINE_XLIFF_2 = """\
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="fr" trgLang="en">
  <file id="f1">
    <unit id="u1">
      <segment>
        <source>Vladimir<ph id="1" disp="&lt;br/&gt;"/>Poutine a rencontré <pc id="2" dispStart="&lt;b&gt;">Xi Jinping</pc> à <sc id="3"/>Samarcande<ec startRef="3"/>.</source>
        <target>Vladimir<ph id="1" disp="&lt;br/&gt;"/>Putin met <pc id="2" dispStart="&lt;b&gt;">Xi Jinping</pc> in <sc id="3"/>Samarkand<ec startRef="3"/>.</target>
      </segment>
    </unit>
  </file>
</xliff>
"""  # noqa: E501 -- a fixture: a line break inside <source>/<seg> would change the text under test
INLINE_TMX = """\
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header srclang="fr" datatype="html" segtype="paragraph" adminlang="en" creationtool="cms" creationtoolversion="1" o-tmf="cms"/>
  <body>
    <tu tuid="t1">
      <tuv xml:lang="fr"><seg>Le président <bpt i="1">&lt;b&gt;</bpt>Vladimir Poutine<ept i="1">&lt;/b&gt;</ept> est arrivé<ph>&lt;br/&gt;</ph>jeudi à <hi type="place">Samarcande</hi>.</seg></tuv>
      <tuv xml:lang="en"><seg>President <bpt i="1">&lt;b&gt;</bpt>Vladimir Putin<ept i="1">&lt;/b&gt;</ept> arrived<ph>&lt;br/&gt;</ph>on Thursday in <hi type="place">Samarkand</hi>.</seg></tuv>
    </tu>
    <tu tuid="t2">
      <tuv xml:lang="fr"><seg>Il repart <it pos="begin">&lt;i&gt;</it>vendredi<ut>&lt;/i&gt;</ut>.</seg></tuv>
      <tuv xml:lang="en"><seg>He leaves again <it pos="begin">&lt;i&gt;</it>on Friday<ut>&lt;/i&gt;</ut>.</seg></tuv>
    </tu>
  </body>
</tmx>
"""  # noqa: E501 -- a fixture: a line break inside <source>/<seg> would change the text under test
P = formats.PLACEHOLDER


def written(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_po_plural_form_is_a_unit_of_its_own(tmp_path):
    rec = read_one(written(tmp_path, "injured.po", PLURAL_PO))
    assert units_text(rec) == [
        ("story:1", "Le président a quitté Paris jeudi.", "The president left Paris on Thursday."),
        ("story:2[0]", "Un blessé a été transporté à l'hôpital.", "One injured person was taken to hospital."),
        ("story:2[1]", "Les 12 blessés ont été transportés à l'hôpital.", "The 12 injured were taken to hospital."),
        # untranslated: both forms are there, empty, so that both omissions are seen
        ("story:3[0]", "Une victime", ""),
        ("story:3[1]", "Des victimes", ""),
    ]


def test_a_language_with_more_plural_forms_pairs_each_extra_form_with_msgid_plural(tmp_path):
    po = PLURAL_PO.replace('msgstr[1] "The 12 injured were taken to hospital."',
                           'msgstr[1] "The 12 injured were taken to hospital."\nmsgstr[2] "All 12 injured were taken."')
    rec = read_one(written(tmp_path, "three.po", po))
    assert units_text(rec)[3] == ("story:2[2]", "Les 12 blessés ont été transportés à l'hôpital.",
                                  "All 12 injured were taken.")


def test_xliff_inline_codes_are_placeholders_and_no_words_are_glued(tmp_path):
    rec = read_one(written(tmp_path, "story.xlf", INLINE_XLIFF))
    units = units_text(rec)
    assert units[0][2] == (f"The meeting between {P} Xi Jinping {P} and Vladimir {P} Putin on Thursday, 15 September, "
                           "in Samarkand, is an opportunity for the Russian president.")
    assert units[1][2] == (f"According to him, Russia is {P} above all an embarrassment for Beijing {P}, "
                           "a necessary economic partner.")
    assert units[2][2] == f"The summit brings together {P} leaders in Samarkand {P} until Friday."
    # <g> holds text; <bx/> and <ex/> are codes
    assert units[3][2] == (f"The sanctions will cause considerable damage in the medium term {P}, "
                           f"according to {P} the economist.")
    assert units[0][1].startswith(f"La rencontre entre {P} Xi Jinping {P} et Vladimir {P} Poutine,")
    for text in (rec.source, rec.target):
        assert not {"VladimirPoutine", "VladimirPutin", "span", "href", "nom-propre", "italique", "Kremlin",
                    "nombre_de_dirigeants", "<", "&lt;"} & set(text.replace(",", " ").split()), text
        assert "  " not in text


def test_xliff_2_and_tmx_inline_codes_too(tmp_path):
    v2 = read_one(written(tmp_path, "v2.xlf", INLINE_XLIFF_2))
    assert units_text(v2) == [("u1", f"Vladimir {P} Poutine a rencontré Xi Jinping à {P} Samarcande {P}.",
                               f"Vladimir {P} Putin met Xi Jinping in {P} Samarkand {P}.")]
    tmx = read_one(written(tmp_path, "inline.tmx", INLINE_TMX))
    assert units_text(tmx) == [
        ("t1", f"Le président {P} Vladimir Poutine {P} est arrivé {P} jeudi à Samarcande.",
         f"President {P} Vladimir Putin {P} arrived {P} on Thursday in Samarkand."),
        ("t2", f"Il repart {P} vendredi {P}.", f"He leaves again {P} on Friday {P}."),
    ]


def test_placeholders_follow_xliffs_white_space_rules(tmp_path):
    # XLIFF's default xml:space folds runs of white space, around codes too; "preserve" keeps them as they are.
    unit = ('<trans-unit id="a"{space}><source>Le  sommet <x id="1"/>\n  commence.</source>'
            '<target>The  summit <x id="1"/>\n  begins.</target></trans-unit>')
    body = INLINE_XLIFF.split("<body>")[0] + "<body>{}</body></file></xliff>"
    default = read_one(written(tmp_path, "default.xlf", body.format(unit.format(space=""))))
    assert units_text(default) == [("a", f"Le sommet {P} commence.", f"The summit {P} begins.")]
    kept = read_one(written(tmp_path, "kept.xlf", body.format(unit.format(space=' xml:space="preserve"'))))
    assert units_text(kept) == [("a", f"Le  sommet {P}\n  commence.", f"The  summit {P}\n  begins.")]


# -- untrusted XML ---------------------------------------------------------------------------------------------------


def test_xxe_is_refused_in_one_line_and_nothing_is_read():
    bad = read_one(UNSAFE / "xxe.xlf")
    assert isinstance(bad, BadRecord)
    assert bad.message == "xxe.xlf: unsafe XML: it declares an external entity 'secret' (refused, nothing fetched)"
    assert "\n" not in bad.message and "root:" not in bad.message


def test_billion_laughs_is_refused_before_any_expansion():
    started = time.perf_counter()
    bad = read_one(UNSAFE / "laughs.tmx")
    assert isinstance(bad, BadRecord)
    assert bad.message == "laughs.tmx: unsafe XML: it declares the entity 'lol' (refused, nothing expanded)"
    assert time.perf_counter() - started < 2.0  # 10^9 "lol"s expanded would take far longer and gigabytes


def test_translate_toolkits_own_parser_does_not_resolve_entities_either():
    # Defence in depth: were the screen bypassed, the lxml parser translate-toolkit uses must not read the file.
    from translate.storage.xliff import xlifffile

    store = xlifffile.parsestring((UNSAFE / "xxe.xlf").read_bytes())  # it parses, leaving the entity unresolved
    assert store.units and all("root:" not in str(u.source) + str(u.target) for u in store.units)


def test_external_dtd_is_never_fetched(tmp_path):
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the stdlib's name
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'<!ENTITY hello "pwned">')

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/evil.dtd"
        text = (UNSAFE / "external-dtd.xlf").read_text(encoding="utf-8").replace("http://127.0.0.1:9/evil.dtd", url)
        path = tmp_path / "story.xlf"
        path.write_text(text, encoding="utf-8")
        rec = read_one(path)
    finally:
        server.shutdown()
        server.server_close()
    assert hits == []
    assert isinstance(rec, Record) and rec.target == "Hello"


def test_malformed_xml_names_the_line():
    bad = read_one(UNSAFE / "malformed.xlf")
    assert isinstance(bad, BadRecord)
    assert bad.message == "malformed.xlf: malformed XML at line 4: mismatched tag"


def test_xml_of_the_wrong_kind_is_named(tmp_path):
    path = tmp_path / "feed.xlf"
    path.write_text("<rss><channel/></rss>", encoding="utf-8")
    assert read_one(path).message == "feed.xlf: not XLIFF (the root element is <rss>)"
    with pytest.raises(InputError, match="malformed XML at line 1"):
        screen_xml(b"<a><b></a>", "x.tmx")


def test_a_huge_file_is_refused_without_being_read_whole(tmp_path):
    path = tmp_path / "archive.xlf"
    with open(path, "wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50 * 1024 * 1024)
    bad = read_one(path)
    assert bad.message == "archive.xlf: larger than the 20 MB limit (set CHECKTRANS_MAX_BYTES to raise it)"
    with pytest.raises(InputError, match="empty file"):
        read_bytes(_write(tmp_path / "blank.tsv", b"  \n"))


def test_a_50_mb_text_story_is_refused_by_read_text_and_the_others_still_read(tmp_path):
    with open(tmp_path / "huge.fr.txt", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (tmp_path / "huge.en.txt").write_text("A short translation.\n", encoding="utf-8")
    (tmp_path / "small.fr.txt").write_text("Une brève.\n", encoding="utf-8")
    (tmp_path / "small.en.txt").write_text("A brief.\n", encoding="utf-8")
    huge, small = records(plan([tmp_path]))
    assert isinstance(huge, BadRecord) and "huge.fr.txt: larger than the 20 MB limit" in huge.message
    assert isinstance(small, Record) and small.target == "A brief.\n"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# -- plain-text layouts ----------------------------------------------------------------------------------------------


def test_language_codes_come_from_cldr_not_from_any_two_letters():
    assert [language_code(c) for c in ("fr", "en", "pt-BR", "pt_BR", "es")] == ["fr", "en", "pt-BR", "pt_BR", "es"]
    assert [language_code(c) for c in ("md", "v2", "ref", "xx", "FR", "txt")] == [None] * 6


def test_naming_convention_pairs_references_and_reports_orphans():
    out = list(records(plan([DATA / "convention"])))
    good = {r.id: r for r in out if isinstance(r, Record)}
    bad = sorted(r.message for r in out if isinstance(r, BadRecord))
    assert sorted(good) == ["2024/bridge", "museum", "summit"]
    assert good["summit"].reference.endswith("The two leaders discussed trade.\n")  # story.ref.en.txt
    assert good["museum"].reference == "The museum will reopen its doors in spring.\n"  # story.en.ref.txt
    assert (good["2024/bridge"].source_lang, good["2024/bridge"].origin) == (
        "es", "2024/bridge.es.txt + 2024/bridge.en.txt")
    assert good["museum"].source == "Le musée rouvrira ses portes au printemps.\n"
    assert bad == ["2024/orphan.es.txt: no matching orphan.en.txt beside it",
                   "strike.fr.txt: no matching strike.en.txt beside it"]


def test_source_lang_limits_which_sources_are_paired():
    out = list(records(plan([DATA / "convention"], source_lang="es")))
    assert sorted(r.id for r in out if isinstance(r, Record)) == ["2024/bridge"]


def test_target_without_source_is_reported(tmp_path):
    (tmp_path / "lonely.en.txt").write_text("Only the English.\n", encoding="utf-8")
    (out,) = records(plan([tmp_path]))
    assert out.message == "lonely.en.txt: no source text (lonely.xx.txt) beside it"


def test_parallel_language_folders():
    out = list(records(plan([DATA / "parallel"])))
    good = {r.id: r for r in out if isinstance(r, Record)}
    assert sorted(good) == ["assembly", "politics/pensions"]
    assert good["politics/pensions"].target == "The Senate passed the pension reform.\n"
    assert good["assembly"].origin == "fr/assembly.txt + en/assembly.txt"
    assert [r.message for r in out if isinstance(r, BadRecord)] == [
        "fr/untranslated.txt: no matching en/untranslated.txt"]


def test_csv_manifest_paths_are_relative_to_it_and_a_missing_file_is_one_bad_row():
    out = list(records(plan([DATA / "manifest"])))
    good = {r.id: r for r in out if isinstance(r, Record)}
    assert sorted(good) == ["bread", "court"]
    assert good["bread"].reference == "The price of bread went up 8%.\n" and good["court"].reference is None
    (bad,) = [r for r in out if isinstance(r, BadRecord)]
    assert bad.id == "missing" and bad.message.startswith("manifest.csv line 4: ") and "no such file" in bad.message


def test_files_a_manifest_names_are_not_paired_again_by_name(tmp_path):
    (tmp_path / "a.fr.txt").write_text("Bonjour.\n", encoding="utf-8")
    (tmp_path / "a.en.txt").write_text("Hello.\n", encoding="utf-8")
    (tmp_path / "desk.manifest.jsonl").write_text(
        '{"id": "greeting", "source": "a.fr.txt", "target": "a.en.txt"}\n', encoding="utf-8")
    out = list(records(plan([tmp_path])))
    assert [(r.id, r.origin) for r in out] == [("greeting", "desk.manifest.jsonl line 1")]


def test_a_folders_other_csv_and_hidden_files_are_not_inputs(tmp_path):
    (tmp_path / "report.csv").write_text("id,code\nx,CT101\n", encoding="utf-8")
    (tmp_path / ".a.fr.txt").write_text("Caché.\n", encoding="utf-8")
    (tmp_path / "b.fr.txt").write_text("Visible.\n", encoding="utf-8")
    (tmp_path / "b.en.txt").write_text("Visible.\n", encoding="utf-8")
    the_plan = plan([tmp_path])
    assert [r.id for r in records(the_plan)] == ["b"]
    assert (tmp_path / "report.csv").resolve() not in the_plan.inputs


def test_files_named_on_the_command_line_pair_once(tmp_path):
    conv = DATA / "convention"
    the_plan = plan([conv / "summit.fr.txt", conv / "summit.en.txt", conv / "README.txt"])
    out = list(records(the_plan))
    assert [r.id for r in out] == ["summit", "README"]
    assert out[1].message.startswith("README.txt: cannot tell its language")
    assert (conv / "summit.ref.en.txt").resolve() in the_plan.inputs


def test_unreadable_text_files_become_bad_records_with_read_texts_message(tmp_path):
    (tmp_path / "bin.fr.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "bin.en.txt").write_text("Fine.\n", encoding="utf-8")
    (tmp_path / "latin.fr.txt").write_bytes("Le président a déclaré.".encode("latin-1"))
    (tmp_path / "latin.en.txt").write_text("The president said.\n", encoding="utf-8")
    (tmp_path / "void.fr.txt").write_text("Rien.\n", encoding="utf-8")
    (tmp_path / "void.en.txt").write_text("\n  \n", encoding="utf-8")
    out = {r.id: r for r in records(plan([tmp_path]))}
    assert all(isinstance(r, BadRecord) for r in out.values())
    assert out["bin"].message.endswith("bin.fr.txt: binary file, not text")
    assert "latin.fr.txt: not valid UTF-8 at byte" in out["latin"].message
    assert "void.en.txt" in out["void"].message and "empty" in out["void"].message


def test_missing_path_is_an_input_error():
    with pytest.raises(InputError, match="no such file or folder"):
        plan([DATA / "no-such-folder"])


def test_plan_lists_without_reading(tmp_path, monkeypatch):
    (tmp_path / "x.fr.txt").write_text("Un.\n", encoding="utf-8")
    (tmp_path / "x.en.txt").write_text("One.\n", encoding="utf-8")
    the_plan = plan([tmp_path])
    os.unlink(tmp_path / "x.en.txt")  # gone between planning and reading: reported then, not a crash
    (out,) = records(the_plan)
    assert isinstance(out, BadRecord) and "no such file" in out.message
