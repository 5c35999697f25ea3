"""The learned quality model: its labels (TER tags of post-edits), its features, the shipped weights and their
reproducibility from a clean clone."""
import json
import sys
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from qe.labels import Casing, restore, ter_tags, tokenise  # noqa: E402

LIG = REPO.parent / "shared" / "corpora" / "postedit"


# -- labels ----------------------------------------------------------------------------------------------------


def test_ter_tags_mark_substitutions_deletions_and_insertions():
    hyp = ["the", "minister", "has", "refused", "the", "the", "proposal"]
    ref = ["the", "minister", "firmly", "rejected", "the", "proposal"]
    tags = ter_tags(hyp, ref)
    assert [w for w, b in zip(hyp, tags.words, strict=False) if b] == ["has", "refused", "the"]
    assert tags.inserted == [0] * 6  # two substitutions and a deletion: nothing inserted
    assert tags.hter == pytest.approx(tags.edits / len(ref))


def test_ter_tags_keep_a_moved_word_ok_and_count_one_shift():
    hyp = ["will", "test", "the", "resolve", "and", "western", "unity"]
    ref = ["will", "test", "western", "resolve", "and", "unity"]
    tags = ter_tags(hyp, ref)
    assert dict(zip(hyp, tags.words, strict=False))["western"] == 0  # moved, not wrong
    assert dict(zip(hyp, tags.words, strict=False))["the"] == 1  # deleted by the post-editor
    assert tags.edits == 2  # one shift, one deletion


def test_ter_tags_gap_where_the_post_editor_inserted():
    tags = ter_tags(["he", "left", "the", "meeting"], ["he", "suddenly", "left", "the", "meeting"])
    assert tags.words == [0, 0, 0, 0]
    assert tags.gaps == [0, 1, 0, 0, 0]
    assert tags.inserted == [0, 1, 0, 0, 0]


def test_restore_detokenises_recases_and_keeps_spans():
    casing = Casing(["Kosovo's future is in Serbia's hands.", "The EU and Kosovo ( again )."])
    tokens = ["the", "future", "of", "kosovo", "'s", "people", ",", "says", "the", "eu", ",", "is",
              '"', "uncertain", '"', "(", "again", ")", "."]
    text, spans = restore(tokens, casing)
    assert text == 'The future of Kosovo \'s people, says the EU, is "uncertain" (again).'.replace(" 's", "'s")
    assert [text[a:b].lower() for a, b in spans] == tokens


def test_casing_leaves_the_line_out():
    casing = Casing(["In the Balkans.", "To the Balkans.", "Leave the balkans"])
    assert casing.form("balkans", leave_out=None) == "Balkans"
    assert casing.form("balkans", leave_out=0) == "balkans"  # a tie without line 0 keeps the word as it is


def test_tokenise_splits_like_the_mt_and_keeps_offsets():
    text = "Serbia's ties, won't last."
    tokens, spans = tokenise(text)
    assert tokens == ["serbia", "'s", "ties", ",", "wo", "n't", "last", "."]
    assert [text[a:b].lower() for a, b in spans] == tokens


# -- the shipped model in the pipeline --------------------------------------------------------------------------


def test_the_model_ships_with_its_provenance():
    from checker.quality import load_quality_model, provenance

    assert load_quality_model() is not None
    info = provenance()
    assert info["data"]["sha256"] and info["commit"] and info["command"].startswith("python scripts/train_qe.py")
    assert info["metrics"]["word"]["model"]["mcc"] > info["metrics"]["word"]["link_strength"]["mcc"]


def test_estimates_rank_a_wrong_word_above_its_right_translation(checker):
    source = "La réforme a été adoptée en catimini par le conseil municipal."
    bad = checker.check_texts(source, "The reform was adopted in catimini by the municipal advice.")
    good = checker.check_texts(source, "The reform was quietly adopted by the city council.")

    def p(result, word):
        seg = result.segments[0]
        return next(p for a, b, p in seg.quality.target if result.target.text[a:b] == word)

    assert p(bad, "catimini") > p(good, "quietly") + 0.5
    assert good.segments[0].quality.edit_rate < bad.segments[0].quality.edit_rate
    assert good.score > bad.score
    assert all(0.0 <= x <= 1.0 for *_, x in bad.segments[0].quality.target + bad.segments[0].quality.source)


def test_source_estimates_point_at_the_dropped_words(checker):
    source = "Les habitants du village ont manifesté contre la fermeture de leur école primaire."
    result = checker.check_texts(source, "The inhabitants demonstrated against the closure.")
    probs = {source[a:b]: p for a, b, p in result.segments[0].quality.source}
    assert min(probs["école"], probs["primaire"]) > max(probs["habitants"], probs["manifesté"], probs["fermeture"])


def test_segment_score_follows_the_estimated_edit_rate(checker):
    result = checker.check_texts("Le président est arrivé à Paris jeudi.",
                                 "The president arrived in Paris on Thursday.")
    seg = result.segments[0]
    assert seg.score == pytest.approx(100 * (1 - seg.quality.edit_rate), abs=0.05)


# -- reproducibility: a small slice retrained from scratch gives the recorded weights ---------------------------


@pytest.mark.skipif(not (LIG / "tgt-pe-all.en").exists(), reason="LIG post-edits (../shared/corpora/postedit) absent")
def test_retraining_a_slice_reproduces_the_recorded_weights(tmp_path):
    import train_qe

    recorded = json.loads((REPO / "checker" / "quality" / "provenance.json").read_text())["slice"]
    args = recorded["command"].split()[2:]  # "python scripts/train_qe.py --limit N …"
    assert train_qe.main([*args, "--no-cache", "--out", str(tmp_path)]) == 0
    made = json.loads((tmp_path / "provenance.json").read_text())
    assert made["metrics"] == recorded["metrics"]
    assert made["weights_sha256"] == recorded["weights_sha256"]
    with np.load(tmp_path / "weights.npz") as w:
        assert w["target.w1"].shape[1] == train_qe.HIDDEN
