"""scripts/mine_postedits.py: the edit alignment it counts, and a mined lexicon file read beside the hand-written
one."""
import sys

import pytest
from helpers import REPO

sys.path.insert(0, str(REPO / "scripts"))

import mine_postedits as mine  # noqa: E402

from checker.lexicons.false_friends import MINED, FalseFriendsError, load_false_friends  # noqa: E402


def test_substitutions_and_kept_words():
    mt = ["the", "deception", "of", "the", "voters", "is", "large"]
    pe = ["the", "disappointment", "of", "voters", "is", "great"]
    subs, kept = mine.substitutions(mt, pe)
    assert subs == [(1, "disappointment"), (6, "great")]
    assert [mt[i] for i in kept] == ["the", "of", "voters", "is"]  # "the" before "voters" was deleted


def test_a_change_of_form_or_spelling_is_no_change_of_word():
    assert mine.same_word("decision", "decisions") and mine.same_word("ageing", "aging")
    assert not mine.same_word("deception", "disappointment")
    assert mine.look_alike("déception", "deception") and not mine.look_alike("déception", "sadness")
    assert not mine.look_alike("hérissons", "hérissons")  # a word left untranslated is CT140's, not a look-alike


def test_a_mined_file_is_read_beside_the_hand_written_one(tmp_path, monkeypatch):
    monkeypatch.setenv("CHECKTRANS_CACHE", str(tmp_path / "cache"))
    pair_dir = tmp_path / "fr-en"
    pair_dir.mkdir()
    entry = {"fr": "déception", "mt": "deception", "pe": "disappointment", "changed": 7, "kept": 1, "agree": 6,
             "ref_lines": 3, "ref_mt": 0, "look_alike": True}
    (pair_dir / MINED).write_text(mine.HEADER + "\n" + mine.toml_entry(entry) + "\n", encoding="utf-8")
    lexicon = load_false_friends(pair_dir)
    (found,) = lexicon.entries
    assert found.category == "accuracy/false-friend" and found.severity == "minor"
    assert [e for e, _, _ in lexicon.match_source("Une grande déception pour les électeurs.")] == [found]
    # ids are unique across both files
    (pair_dir / "false_friends.toml").write_text((pair_dir / MINED).read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(FalseFriendsError, match="duplicate id"):
        load_false_friends(pair_dir)
