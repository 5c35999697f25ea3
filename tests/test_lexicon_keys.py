"""Lexicon TOML files take only their schema's keys: any other is an error naming the file and the line."""
from __future__ import annotations

import pytest

from checker.checks.title_form import load_titles
from checker.lexicons.false_friends import FalseFriendsError, load_false_friends
from checker.lexicons.names import PronounData
from checker.lexicons.schema import LexiconError

ENTRY = """\
[[claim]]
source = ['même']
target = ['even']

[[entry]]
id = "other"
source = ['autre']
wrong = {{ "other" = "another" }}
right = ["another"]
note = "a note"
examples = [
  {{ source = "Un autre", target = "An other", flagged = "other", correction = "another" }},
  {{ source = "Un autre", target = "Another" }},
]

[[entry]]
id = "sommet"
source = ['sommet']
wrong = {{ "top" = "summit" }}
right = ["summit"]
{extra}
note = "a note"
examples = [
  {{ source = "Le sommet", target = "The top", flagged = "top", correction = "summit" }},
  {{ source = "Le sommet", target = "The summit"{example_extra} }},
]
"""


def _false_friends(tmp_path, text):
    pair_dir = tmp_path / "fr-en"
    pair_dir.mkdir(parents=True)
    (pair_dir / "false_friends.toml").write_text(text, encoding="utf-8")
    return pair_dir


@pytest.mark.parametrize("extra, example_extra, line, needle", [
    ('antipattern = ["au sommet de"]', "", 21, "entry sommet: unknown key 'antipattern'"),
    ('context = { require = ["g20"] }', "", 21, "entry sommet context: unknown key 'require'"),
    ("", ', flaged = "summit"', 25, "entry sommet example: unknown key 'flaged'"),
])
def test_false_friends_entry_with_an_unknown_key_names_the_file_and_line(tmp_path, extra, example_extra, line, needle):
    pair_dir = _false_friends(tmp_path, ENTRY.format(extra=extra, example_extra=example_extra))
    with pytest.raises(FalseFriendsError) as error:
        load_false_friends(pair_dir)
    assert f"false_friends.toml:{line}: {needle}" in str(error.value)


def test_false_friends_unknown_table_and_claim_key(tmp_path):
    text = ENTRY.format(extra="", example_extra="")
    with pytest.raises(FalseFriendsError, match=r"false_friends.toml:3: claim #1: unknown key 'targets'"):
        load_false_friends(_false_friends(tmp_path / "a", text.replace("target = ['even']", "targets = ['even']")))
    with pytest.raises(FalseFriendsError, match=r"false_friends.toml:16: unknown table or key 'entyr'"):
        load_false_friends(_false_friends(tmp_path / "b", text.replace("[[entry]]\nid = \"sommet\"",
                                                                       "[[entyr]]\nid = \"sommet\"")))


def test_the_schema_takes_the_shipped_file(tmp_path):
    assert len(load_false_friends(_false_friends(tmp_path, ENTRY.format(extra="", example_extra="")))) == 2


TITLES = """\
[[title]]
id = "garde-des-sceaux"
source = "garde des Sceaux"
right = ["Justice Minister"]
wrong = ["guard of the Seals"]
examples = [
  { source = "Le garde des Sceaux.", target = "The guard of the Seals.", flagged = "guard of the Seals" },
  { source = "Le garde des Sceaux.", target = "The Justice Minister.", note = "right" },
]
"""


def test_titles_with_an_unknown_key_name_the_file_and_line(tmp_path):
    (tmp_path / "titles.toml").write_text(TITLES, encoding="utf-8")
    with pytest.raises(LexiconError, match=r"titles.toml:8: title garde-des-sceaux example: unknown key 'note'"):
        load_titles(str(tmp_path))


def test_pronouns_with_an_unknown_key_name_the_file_and_line(tmp_path):
    path = tmp_path / "pronouns.toml"
    path.write_text('[source]\npronouns = { elle = "f" }\n\n[target]\nneuter = { she = "it" }\nnueter = {}\n',
                    encoding="utf-8")
    with pytest.raises(LexiconError, match=r"pronouns.toml:6: \[target\]: unknown key 'nueter'"):
        PronounData.read(path)
