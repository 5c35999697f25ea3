"""The installed package must hold every subpackage and the shipped data, not only the source checkout."""
from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_subpackage_is_declared():
    declared = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "checker").rglob("__init__.py")
    }
    assert found <= declared, f"not in pyproject.toml's packages: {sorted(found - declared)}"
    assert "checker.corpora" in declared


def test_the_data_the_checks_read_is_in_corpora():
    from checker.lexicons import corpora_path

    root = corpora_path()
    for rel in ("languages/fr.toml", "languages/en.toml", "pairs/fr-en/false_friends.toml", "pairs/fr-en/names.tsv",
                "pairs/fr-en/dictionary.tsv", "demo/wire-xi-putin.fr.txt"):
        assert (root / rel).is_file(), rel
