"""`checktrans batch --engine ray`: a real local Ray cluster, the same answers as the local engine, a killed actor
replaced with nothing lost, a killed job resumed with nothing lost or repeated; and the output folder's shards
(written whole or not at all, a damaged one repaired), which need no Ray.

The cluster is started once for the module (2 CPUs, no dashboard); each actor loads the model (~1.1 GB).
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import DEMO, REPO, SHARED

from checker.engines import shards

DATA = Path(__file__).resolve().parent / "data"
WMT = SHARED / "wmt" / "newstest2014"

try:
    import ray  # noqa: F401
    import ray.data  # noqa: F401

    HAVE_RAY = True
except ImportError:
    HAVE_RAY = False
needs_ray = pytest.mark.skipif(not HAVE_RAY, reason="Ray is not installed: pip install 'checktrans[ray]'")


# -- the output folder (no Ray) --------------------------------------------------------------------------------


def _line(rec_id: str, severity: str | None = None) -> str:
    findings = [{"code": "CT101", "severity": severity}] if severity else []
    return json.dumps({"version": 1, "id": rec_id, "signature": "sig", "score": 90.0, "segments": [],
                       "findings": findings})


def test_shards_are_sorted_by_id_and_written_whole(tmp_path):
    writer = shards.ShardWriter(tmp_path, run=1, lines=3, seconds=1e9)
    for rec_id in ("c", "a", "b", "e", "d"):
        writer.add(rec_id, _line(rec_id))
    assert [p.name for p in shards.shard_files(tmp_path)] == ["part-001-00001.jsonl"]
    writer.flush()
    first, second = shards.shard_files(tmp_path)
    assert [json.loads(x)["id"] for x in first.read_text().splitlines()] == ["a", "b", "c"]
    assert [json.loads(x)["id"] for x in second.read_text().splitlines()] == ["d", "e"]
    assert not list(tmp_path.glob(".*"))  # no temporary file left


def test_a_resumed_folder_skips_what_is_written_and_repairs_a_truncated_shard(tmp_path):
    whole = tmp_path / "part-001-00001.jsonl"
    whole.write_text(_line("a") + "\n" + _line("b", "major") + "\n")
    truncated = tmp_path / "part-001-00002.jsonl"
    truncated.write_text(_line("c") + "\n" + _line("d")[:40])  # killed mid-line (not by our atomic writes)
    (tmp_path / ".part-001-00003.x1.tmp").write_text(_line("e")[:10])  # a kill before the rename
    (tmp_path / shards.SCORING).mkdir()
    (tmp_path / shards.SCORING / "part-001-00003.jsonl").write_text("{}\n")  # its scoring file, renamed first
    existing = shards.open_folder(tmp_path)
    assert existing.ids == {"a", "b", "c"} and existing.last_run == 1 and existing.signature == "sig"
    assert existing.repaired == ["part-001-00002.jsonl"]
    assert truncated.read_text() == _line("c") + "\n"
    assert not list(tmp_path.glob(".*.tmp")) and not list((tmp_path / shards.SCORING).iterdir())
    summary = shards.summarise(tmp_path, "major")
    assert (summary["stories"], summary["passed"], summary["failed"], summary["errors"]) == (3, 2, 1, 0)
    assert summary["findings_by_severity"]["major"] == 1 and summary["duplicate_id_count"] == 0
    assert shards.summary_line(summary) == "3 stories: 2 passed, 1 failed the gate (major)"


# -- the engine on a real cluster -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster():
    if not HAVE_RAY:
        pytest.skip("Ray is not installed: pip install 'checktrans[ray]'")
    import ray

    os.environ.setdefault("RAY_DATA_LOG_LEVEL", "ERROR")
    # Three logical CPUs on two cores, as the engine starts its own: two actors and Ray Data's own small tasks.
    ray.init(address="local", num_cpus=3, include_dashboard=False, object_store_memory=256 * 2**20,
             log_to_driver=False)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def one_model():
    """The real encoder, loaded once for the local engine's runs in this process."""
    import checker.encoder

    encoder = checker.encoder.load_encoder()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(checker.encoder, "load_encoder", lambda *args, **kwargs: encoder)
        yield encoder


def batch(*args):
    from checker.cli import main

    result = CliRunner().invoke(main, ["batch", *map(str, args)], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def local_lines(one_model, *inputs) -> tuple[int, list[str], str]:
    code, out, err = batch(*inputs, "--format", "jsonl")
    return code, sorted(out.splitlines(), key=_key), err


def _key(line: str):
    return json.loads(line)["id"], line


def folder_lines(folder: Path) -> list[str]:
    lines = [line for shard in shards.shard_files(folder) for line in shard.read_text(encoding="utf-8").splitlines()]
    return sorted(lines, key=_key)


def demo_jsonl(path: Path, copies: int = 1) -> Path:
    """The demo story's paragraphs, one pair a line (`copies` times, each copy its own ids), and two bad lines."""
    fr, en = ([p for p in DEMO.with_suffix(f".{lang}.txt").read_text(encoding="utf-8").split("\n") if p.strip()]
              for lang in ("fr", "en"))
    with open(path, "w", encoding="utf-8") as out:
        for copy in range(copies):
            for k, (s, t) in enumerate(zip(fr, en, strict=True)):
                out.write(json.dumps({"id": f"c{copy:02d}-p{k:02d}", "source": s, "target": t}, ensure_ascii=False)
                          + "\n")
        out.write('{"id": "no-target", "source": "Une ligne sans traduction."}\n')
        out.write("not json\n")
    return path


@needs_ray
def test_ray_engine_gives_the_local_engines_answers_on_every_bundled_format(cluster, one_model, tmp_path):
    """The demo as JSONL, with TMX, XLIFF, PO, TSV and a JSONL with bad lines: the sorted shards equal `batch
    --format jsonl` byte for byte (same signature), the summary line is the same, bad records are error lines."""
    inputs = (demo_jsonl(tmp_path / "demo.jsonl"), DATA / "formats")
    code, expected, err = local_lines(one_model, *inputs)
    out = tmp_path / "out"
    ray_code, stdout, ray_err = batch(*inputs, "--engine", "ray", "-o", out, "--jobs", "2")
    assert folder_lines(out) == expected
    assert ray_err.strip().splitlines()[-2:] == err.strip().splitlines()[-2:]  # reference scores, summary
    assert ray_code == code == 1 and stdout == ""
    summary = json.loads((out / "summary.json").read_text())
    assert summary["errors"] == 4 and summary["stories"] == len(expected)  # two bad lines in each JSONL
    assert summary["reference_scores"]["stories"] >= 1  # wire-002 has a reference
    assert summary["this_run"]["actors"] == 2
    assert all(mb < 1536 for mb in summary["this_run"]["actor_peak_rss_mb"].values())
    # Run again on the same folder: everything is there, nothing is checked or written twice.
    again_code, _, again_err = batch(*inputs, "--engine", "ray", "-o", out, "--jobs", "2")
    assert folder_lines(out) == expected and again_code == code
    assert f"{len(expected)} stories already in" in again_err


@needs_ray
def test_ray_engine_refuses_what_does_not_go_with_it(cluster, tmp_path):
    story = demo_jsonl(tmp_path / "demo.jsonl")
    for args, message in (((), "give -o FOLDER"), (("-o", tmp_path / "x", "--format", "html"), "--format jsonl"),
                          (("-o", story), "is a file"), (("-o", tmp_path), "must not contain each other")):
        code, _, err = batch(story, "--engine", "ray", *args)
        assert code == 2 and message in err, err
    code, _, err = batch(story, "--address", "127.0.0.1:1")
    assert code == 2 and "--address goes with --engine ray" in err


def _newstest(limit: int) -> list[dict]:
    root = WMT
    if not (root / "newstest2014-fren.src.fr").exists():
        pytest.skip(f"{root} not found: newstest2014 is in the team's shared corpora (../shared/corpora)")
    src = (root / "newstest2014-fren.src.fr").read_text(encoding="utf-8").splitlines()[:limit]
    ref = (root / "newstest2014-fren.ref.en").read_text(encoding="utf-8").splitlines()[:limit]
    system = sorted((root / "systems").glob("*onlineB*"))[0].read_text(encoding="utf-8").splitlines()[:limit]
    return [{"id": f"nt14-{i:04d}", "source": s, "target": t, "reference": r}
            for i, (s, t, r) in enumerate(zip(src, system, ref, strict=True))]


@needs_ray
def test_ray_engine_on_newstest2014_parquet_equals_the_local_engine_on_jsonl(cluster, one_model, tmp_path):
    """300 real pairs with references: Parquet through Ray Data against the same pairs as JSONL, locally."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = _newstest(300)
    jsonl = tmp_path / "nt14.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    (tmp_path / "shards").mkdir()
    for k in range(3):  # three shards, read by a glob
        pq.write_table(pa.Table.from_pylist(rows[k::3]), tmp_path / "shards" / f"nt14-{k}.parquet")
    code, expected, err = local_lines(one_model, jsonl)
    out = tmp_path / "out"
    ray_code, _, ray_err = batch(str(tmp_path / "shards" / "*.parquet"), "--engine", "ray", "-o", out)
    assert folder_lines(out) == expected and len(expected) == 300
    this_run = json.loads((out / "summary.json").read_text())["this_run"]
    assert this_run["actors"] == 2 and all(mb < 1536 for mb in this_run["actor_peak_rss_mb"].values())
    assert ray_err.strip().splitlines()[-2:] == err.strip().splitlines()[-2:]  # reference scores, summary
    assert ray_code == code


@needs_ray
def test_a_killed_actor_is_replaced_and_every_id_is_written_once(cluster, tmp_path):
    """SIGKILL one actor as soon as it has returned a block: Ray restarts it and retries what it held."""
    from checker.engines.ray import Run
    from checker.pipeline import Options

    story = demo_jsonl(tmp_path / "demo.jsonl", copies=6)  # 66 pairs, 2 bad lines
    killed: list[int] = []

    def kill_once(rows):
        if not killed:
            killed.append(rows[0]["pid"])
            os.kill(rows[0]["pid"], signal.SIGKILL)

    out = tmp_path / "out"
    summary = Run([story], out, Options(), actors=2, block_rows=3, shard_lines=6,
                  on_results=kill_once).run()
    ids = [json.loads(line)["id"] for line in folder_lines(out)]
    assert len(ids) == len(set(ids)) == 68 and summary["stories"] == 68
    assert summary["errors"] == 2 and summary["duplicate_id_count"] == 0  # only the two bad lines failed
    assert killed and len(summary["this_run"]["actor_peak_rss_mb"]) >= 2


@needs_ray
def test_an_actor_past_its_memory_budget_is_replaced_before_its_next_block(cluster, tmp_path):
    """With a budget of 1 MB every actor ends itself before its second block; each block runs on a fresh one."""
    from checker.engines.ray import Run
    from checker.pipeline import Options

    story = demo_jsonl(tmp_path / "demo.jsonl", copies=2)  # 22 pairs, 2 bad lines: 3 blocks of 8
    out = tmp_path / "out"
    summary = Run([story], out, Options(), actors=1, block_rows=8, recycle_mb=1).run()
    ids = [json.loads(line)["id"] for line in folder_lines(out)]
    assert len(ids) == len(set(ids)) == 24 and summary["errors"] == 2
    assert len(summary["this_run"]["actor_peak_rss_mb"]) == 3  # three processes, one block each


_DRIVER = """
import sys
from pathlib import Path
from checker.engines.ray import Run
from checker.pipeline import Options
Run([Path(sys.argv[1])], Path(sys.argv[2]), Options(), actors=1, block_rows=2, shard_lines=2).run()
"""


@needs_ray
def test_a_killed_job_resumes_with_nothing_lost_or_repeated(cluster, one_model, tmp_path):
    """The whole job (driver and its own Ray cluster) killed with SIGKILL after its first shard; a second run on
    the same folder checks only the rest, and the folder then equals the local engine's output."""
    from checker.engines.ray import Run
    from checker.pipeline import Options

    story = demo_jsonl(tmp_path / "demo.jsonl", copies=3)
    out = tmp_path / "out"
    job = subprocess.Popen([sys.executable, "-c", _DRIVER, str(story), str(out)], cwd=REPO,
                           env={**{k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"},
                                "PYTHONPATH": str(REPO)}, start_new_session=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 600
        while not shards.shard_files(out) and job.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        os.killpg(job.pid, signal.SIGKILL)  # the driver and the processes of the cluster it started
        job.wait()
    first = {json.loads(line)["id"] for line in folder_lines(out)}
    assert first, "the job wrote no shard before it was killed"
    summary = Run([story], out, Options(), actors=2).run()
    code, expected, _ = local_lines(one_model, story)
    assert folder_lines(out) == expected
    assert summary["this_run"]["already_written"] == len(first) < len(expected) == summary["stories"]
    assert summary["this_run"]["written"] == len(expected) - len(first)
