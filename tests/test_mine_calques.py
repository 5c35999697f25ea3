"""scripts/mine_calques.py: the n-grams it counts, a clean skip without the shared corpora, and, with them, the
CT211 entries among its candidates (the entries were read off this list)."""
import subprocess
import sys

import pytest
from helpers import REPO

sys.path.insert(0, str(REPO / "scripts"))

import mine_calques as mine  # noqa: E402
from eval import data  # noqa: E402


def test_grams_are_the_lower_cased_word_pairs_and_triples():
    assert mine.grams("He lived there Since ten years.") == {
        "he lived", "lived there", "there since", "since ten", "ten years",
        "he lived there", "lived there since", "there since ten", "since ten years"}


def _run(env_shared: str | None = None) -> subprocess.CompletedProcess:
    env = None
    if env_shared is not None:
        import os

        env = {**os.environ, "CHECKTRANS_SHARED": env_shared}
    return subprocess.run([sys.executable, str(REPO / "scripts" / "mine_calques.py"), "--top", "2000"],
                          capture_output=True, text=True, env=env, timeout=600)


def test_without_the_shared_corpora_it_says_so_and_exits_cleanly(tmp_path):
    done = _run(str(tmp_path))
    assert done.returncode == 0 and "not found" in done.stderr and done.stdout == ""


def test_the_calque_entries_are_among_the_mined_candidates():
    if not (data.shared_corpora() / "wmt" / "newstest2012").exists():
        pytest.skip("the shared WMT corpora are absent")
    done = _run()
    assert done.returncode == 0, done.stderr
    known = {line.split("CT211 ")[1] for line in done.stdout.splitlines() if "CT211 " in line}
    assert {"in-end-of", "said-me", "a-such", "of-here-to", "all-what"} <= known, known
