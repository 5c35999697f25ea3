"""End to end on real text with the real encoder: segmentation, alignment, segment findings, the JSON contract."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from checker.record import Record
from checker.report.json_report import to_dict
from checker.segment import segment

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "checker" / "report" / "contract-v1.schema.json").read_text())


def sentences_of(text, lang):
    return [text[s.start : s.end] for s in segment(text, lang)]


def test_seed_paragraphs_and_sentences_align_as_a_translator_would(seed_result):
    # The seed's 11 paragraphs hold 2, 1, 1, 6, 1, 5, 1, 5, 1, 10 and 1 sentences on both sides, and the
    # translator rendered each French sentence by one English sentence, in order: 34 one-to-one pairs.
    per_paragraph = [2, 1, 1, 6, 1, 5, 1, 5, 1, 10, 1]
    src = seed_result.source
    assert [sum(1 for s in src.sentences if s.paragraph == p) for p in range(11)] == per_paragraph
    assert [(seg.source_sentences, seg.target_sentences) for seg in seed_result.segments] == [
        ((i,), (i,)) for i in range(34)
    ]
    # e.g. the question of paragraph 4 and its answer's first sentence
    fr, en = seed_result.source, seed_result.target
    seg = seed_result.segments[10]
    assert fr.text[seg.source_start : seg.source_end].startswith("Mais ce sommet n'est-il pas")
    assert en.text[seg.target_start : seg.target_end].startswith("But isn’t this summit there")


def test_seed_has_no_segment_level_alarm(seed_result):
    codes = {f.code for f in seed_result.findings}
    assert not codes & {"CT001", "CT002", "CT003", "CT005"}


def test_every_sentence_of_the_seed_dropped_in_turn_is_an_omission_at_its_offsets(checker, seed, seed_result):
    # A dropped sentence often merges into its neighbour's block (2-1) rather than standing alone (1-0); CT001
    # then needs the block's cosine or the sentence's missing word links to give it away (the cosine alone missed
    # one of the 34)
    fr, en = seed
    records = [Record(str(k), fr, en[: t.start] + en[t.end :].lstrip(" "))
               for k, t in enumerate(seed_result.target.sentences)]
    missed = []
    for k, result in enumerate(checker.check_many(records)):
        s = seed_result.source.sentences[k]
        if not [f for f in result.findings if f.code == "CT001" and (f.source_start, f.source_end) == (s.start, s.end)]:
            missed.append(fr[s.start : s.end])
    assert len(records) == 34 and not missed, missed


def test_a_sentence_from_another_story_is_an_addition(checker, seed, seed_result):
    # Inserted after each sentence of the seed in turn, mostly merged into a 1-2 block: its words link to no word
    # of the source (the block's cosine alone found 28 of the 34)
    fr, en = seed
    inserted = ("The concerts planned in Munich and Milan will be postponed until the summer.",
                "Unemployment fell to 11.8%, its lowest level since 2008.",
                "The Madrid concert drew 2,500 people despite the rain.")
    records, spans = [], []
    for k, t in enumerate(seed_result.target.sentences):
        text = inserted[k % len(inserted)]
        records.append(Record(str(k), fr, en[: t.end] + " " + text + en[t.end :]))
        spans.append((t.end + 1, t.end + 1 + len(text)))
    found = sum(any(f.code == "CT002" and f.target_start < end and start < f.target_end for f in result.findings)
                for (start, end), result in zip(spans, checker.check_many(records), strict=True))
    assert found >= 32, found


def test_deleted_sentence_is_an_omission_at_the_right_offsets(checker, seed):
    fr, en = seed
    en_sents = sentences_of(en, "en")
    fr_sents = sentences_of(fr, "fr")
    k = 5  # "This is the message he is trying to sell, …" in paragraph 3
    assert fr_sents[k].startswith("C'est le message qu'il essaie de vendre")
    cut_at = en.index(en_sents[k])
    damaged = en[:cut_at] + en[cut_at + len(en_sents[k]) + 1 :]
    result = checker.check_texts(fr, damaged, id="cut")
    omissions = [f for f in result.findings if f.code == "CT001"]
    assert len(omissions) == 1
    f = omissions[0]
    assert fr[f.source_start : f.source_end] == fr_sents[k]
    assert f.target_start == f.target_end
    # the missing text belongs between the previous English sentence and the next one
    assert damaged[: f.target_start].rstrip().endswith(en_sents[k - 1])
    assert damaged[f.target_start :].lstrip().startswith(en_sents[k + 1])


def test_sentence_left_in_french_is_flagged_untranslated(checker, seed):
    fr, en = seed
    en_sents, fr_sents = sentences_of(en, "en"), sentences_of(fr, "fr")
    k = 7  # "Mais, militairement, les choses ne se passent pas bien."
    assert fr_sents[k].startswith("Mais, militairement")
    damaged = en.replace(en_sents[k], fr_sents[k], 1)
    result = checker.check_texts(fr, damaged, id="left")
    found = [f for f in result.findings if f.code == "CT003"]
    assert len(found) == 1
    start = damaged.index(fr_sents[k])
    assert (found[0].target_start, found[0].target_end) == (start, start + len(fr_sents[k]))
    assert str(found[0].severity) == "critical"


def test_json_follows_the_contract_and_offsets_slice_the_text(seed_result, checker, seed):
    doc = to_dict(seed_result, checker.signature, links=True)
    jsonschema.validate(doc, SCHEMA)
    fr, en = seed
    for seg in doc["segments"]:
        assert fr[seg["source_start"] : seg["source_end"]].strip()
        assert en[seg["target_start"] : seg["target_end"]].strip()
    for f in doc["findings"]:
        assert 0 <= f["target_start"] <= f["target_end"] <= len(en)
        if f["source_start"] is not None:
            assert 0 <= f["source_start"] <= f["source_end"] <= len(fr)


def test_same_input_same_output(checker, seed, seed_result):
    again = checker.check_texts(*seed, id="wire-xi-putin")
    assert json.dumps(to_dict(again, "s")) == json.dumps(to_dict(seed_result, "s"))


def test_findings_do_not_depend_on_what_a_document_is_checked_with(checker, seed, seed_result):
    """check_many encodes a chunk of documents together; a document's report is the same as when it is alone."""
    from tests.helpers import wmt_lines

    src, ref = wmt_lines()
    records = [Record(f"wmt{i}", s, t) for i, (s, t) in enumerate(zip(src[:12], ref[:12], strict=False))]
    records.insert(5, Record("wire-xi-putin", *seed))
    together = list(checker.check_many(records))
    one_by_one = [r for rec in records for r in checker.check_many([rec], chunk_chars=1)]
    assert [to_dict(d, "s") for d in together] == [to_dict(d, "s") for d in one_by_one]
    assert to_dict(together[5], "s") == to_dict(seed_result, "s")


def test_a_long_story_spills_its_token_states_to_a_file_with_the_same_report(checker, seed, seed_result,
                                                                              monkeypatch, tmp_path):
    """Past SPILL_CHARS the token states go to a file and word vectors are made again when the quality model
    needs them: the report must not change by a single number."""
    import checker.pipeline as pipeline
    from checker.encoder import SpilledTokens

    made = []

    class Watched(SpilledTokens):
        def __init__(self, n, folder=None):
            super().__init__(n, tmp_path)
            made.append(self)

    monkeypatch.setattr(pipeline, "SPILL_CHARS", 0)
    monkeypatch.setattr("checker.encoder.SpilledTokens", Watched)
    spilled = checker.check_texts(*seed, id="wire-xi-putin")
    assert made and made[0].bytes_written > 100_000  # the demo's states: ~1.5 kB a token
    assert list(tmp_path.iterdir()) == []  # unnamed: nothing to clean up, whatever the exit
    assert json.dumps(to_dict(spilled, "s")) == json.dumps(to_dict(seed_result, "s"))


@pytest.mark.parametrize("n,jobs,task_chars,sizes", [
    (10, 2, 40_000, [5, 5]),  # less than one task per worker: shared out evenly
    (1, 2, 40_000, [1]),
    (0, 2, 40_000, []),
    (10, 2, 500, [3, 3, 3, 1]),  # enough for every worker: tasks of task_chars
])
def test_worker_tasks_cover_the_input_in_order(n, jobs, task_chars, sizes):
    from checker.engines.local import _tasks

    records = [Record(f"r{i}", "a" * 100, "b" * 100) for i in range(n)]
    tasks = list(_tasks(iter(records), jobs, task_chars))
    assert [len(t) for t in tasks] == sizes
    assert [r for t in tasks for r in t] == records


def test_a_target_in_the_wrong_language_is_one_critical_finding(checker):
    fr = "Le président a quitté Paris jeudi soir pour se rendre à Berlin, où il rencontrera le chancelier."
    es = "El presidente salió de París el jueves por la noche para viajar a Berlín, donde se reunirá con el canciller."
    result = checker.check_texts(fr, es, id="es")
    assert [f.code for f in result.findings] == ["CT005"]
    assert str(result.findings[0].severity) == "critical"
    assert result.target.lang == "es"


def test_spanish_source_is_detected_and_checked(checker):
    es = "El presidente salió de Madrid el jueves. No hizo ningún comentario sobre las acusaciones."
    en = "The president left Madrid on Thursday. He made no comment on the accusations."
    result = checker.check_texts(es, en, id="es-en")
    assert result.source.lang == "es"
    assert [seg.kind for seg in result.segments] == ["1-1", "1-1"]


def test_a_finding_inside_a_reported_omission_is_its_consequence():
    from checker.model import Finding, Severity
    from checker.pipeline import _without_consequences

    def finding(code, source):
        return Finding(code, code, "accuracy/omission", Severity.MINOR, 0, 5, 5, *source, code, [])

    sentence, phrase = finding("CT001", (0, 100)), finding("CT152", (10, 40))
    word_in_phrase, word_in_sentence = finding("CT150", (12, 20)), finding("CT120", (60, 62))
    elsewhere, phrase_elsewhere = finding("CT150", (120, 130)), finding("CT152", (140, 170))
    word_in_other_phrase, no_source = finding("CT401", (150, 160)), finding("CT204", (None, None))
    kept = _without_consequences([sentence, phrase, word_in_phrase, word_in_sentence, elsewhere, phrase_elsewhere,
                                  word_in_other_phrase, no_source])
    # the dropped sentence says it all inside it; a dropped phrase elsewhere keeps itself and drops what it holds
    assert kept == [sentence, elsewhere, phrase_elsewhere, no_source]


def test_clauses_of_the_seed_dropped_in_turn_are_found_by_the_phrase_probe(checker, seed, seed_result):
    # Every comma-separated clause of three words or more that the English renders as its own clause, dropped
    # from the English one at a time (28 of them): CT152 reports 10 (before it, CT150 and CT401 found 4 of those
    # as single words). The intact story has no CT152 finding.
    fr, en = seed
    records, spans = [], []
    for seg in seed_result.segments:
        fr_clauses = fr[seg.source_start : seg.source_end].split(", ")
        en_clauses = en[seg.target_start : seg.target_end].split(", ")
        if len(fr_clauses) != len(en_clauses):
            continue
        for k in range(1, len(fr_clauses)):
            if min(len(fr_clauses[k].split()), len(en_clauses[k].split())) < 3:
                continue
            damaged = ", ".join(en_clauses[:k] + en_clauses[k + 1 :])
            start = seg.source_start + len(", ".join(fr_clauses[:k])) + 2
            records.append(Record(f"{seg.index}-{k}", fr, en[: seg.target_start] + damaged + en[seg.target_end :]))
            spans.append((start, start + len(fr_clauses[k])))
    found = sum(any(f.code == "CT152" and f.source_start < end and start < f.source_end for f in result.findings)
                for (start, end), result in zip(spans, checker.check_many(records), strict=True))
    assert len(records) == 28 and found >= 9, found
    assert not [f for f in seed_result.findings if f.code == "CT152"]


def test_the_demo_story_against_its_gold(seed, seed_result):
    """Every gold error found, ten of them with the right fix, and few findings off the gold: a rule that starts
    flagging correct copy on the demo fails here, not only in `scripts/evaluate.py detection`."""
    import sys

    from tests.helpers import REPO

    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from eval.detection import found_spans, load_gold
        from eval.metrics import match_gold
    finally:
        sys.path.pop(0)
    golds = load_gold(REPO / "corpora" / "demo" / "wire-xi-putin.gold.jsonl", *seed)
    found = found_spans(seed_result.findings)
    m = match_gold(found, golds)
    assert sum(m.detected) == len(golds) == 12
    assert sum(m.fixed) >= 10
    off_gold = [seed[1][f.target[0] : f.target[1]] for f, true in zip(found, m.true_findings, strict=True) if not true]
    # "on the occasion of the" (CT101), "nor does it" (CT400) and the brand "franceinfo" copied from the source
    # (CT400: on LIG's held-out fold, 22 of the 23 copied words it flags that no lexicon knows in either language
    # were edited, SMT's untranslated words and typos, and none is flagged in 1,500 newstest2014 references)
    assert len(off_gold) <= 3, off_gold
