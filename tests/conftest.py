"""Shared fixtures: the real default encoder, one Checker and the demo story's result, each made once per session."""

from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo"


@pytest.fixture(scope="session")
def encoder():
    from checker.encoder import load_encoder

    return load_encoder()


@pytest.fixture(scope="session")
def checker(encoder):
    from checker.pipeline import Checker, Options

    return Checker(Options(), encoder=encoder)


@pytest.fixture(scope="session")
def seed():
    """The demo story: (French source, English MT)."""
    return tuple((DEMO / f"wire-xi-putin.{lang}.txt").read_text(encoding="utf-8") for lang in ("fr", "en"))


@pytest.fixture(scope="session")
def seed_result(checker, seed):
    """The demo story checked by the real pipeline. Shared: tests read it and must not change it."""
    return checker.check_texts(*seed, id="wire-xi-putin")
