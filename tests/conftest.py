"""Shared fixtures: the real default encoder, loaded once per test session."""

import pytest


@pytest.fixture(scope="session")
def encoder():
    from checker.encoder import load_encoder

    return load_encoder()
