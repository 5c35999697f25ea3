"""The local engine under faults: a worker killed mid-batch, a task that kills its worker every time."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker.pipeline import Options

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo" / "wire-xi-putin"

pytestmark = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="two worker processes need two cores")


def _children(pid: int) -> list[int]:
    """Worker processes of `pid` (multiprocessing's spawn children, not its resource tracker)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return sorted(found)


def test_a_worker_killed_mid_batch_loses_no_story(tmp_path):
    stories = tmp_path / "stories"
    stories.mkdir()
    fr = [p for p in DEMO.with_suffix(".fr.txt").read_text(encoding="utf-8").split("\n") if p.strip()]
    en = [p for p in DEMO.with_suffix(".en.txt").read_text(encoding="utf-8").split("\n") if p.strip()]
    n = 60
    for i in range(n):  # one- and two-paragraph stories from the demo
        (stories / f"s{i:02d}.fr.txt").write_text("\n\n".join(fr[i % len(fr): i % len(fr) + 2]), encoding="utf-8")
        (stories / f"s{i:02d}.en.txt").write_text("\n\n".join(en[i % len(en): i % len(en) + 2]), encoding="utf-8")
    output = tmp_path / "report.jsonl"
    process = subprocess.Popen([sys.executable, "-m", "checker", "batch", str(stories), "--jobs", "2", "-q",
                                "--format", "jsonl", "-o", str(output)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    killed = None
    for _ in range(1200):  # the report's temporary file appears once every worker has loaded its model
        if process.poll() is not None:
            break
        if any(p.name.startswith(".report.jsonl.") for p in tmp_path.iterdir()):
            workers = _children(process.pid)
            if workers:
                killed = workers[0]
                os.kill(killed, signal.SIGKILL)
                break
        time.sleep(0.05)
    _, err = process.communicate(timeout=600)
    assert killed is not None, "no worker to kill: " + err.decode()
    assert process.returncode in (0, 1), err.decode()
    lines = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert sorted(d["id"] for d in lines) == sorted(f"s{i:02d}" for i in range(n))  # every story once
    assert not [d for d in lines if "error" in d], "a killed worker's stories are retried, not failed"


def _dies_on_boom(item):
    if item == "boom":
        os._exit(9)  # what the out-of-memory killer does to a worker
    return item.upper()


def _failed(item):
    return f"failed:{item}"


def test_a_task_that_kills_its_worker_twice_is_failed_and_the_rest_complete(encoder):
    from checker.engines.local import run_ordered

    items = ["a", "b", "boom", "c", "d", "e"]
    _, results = run_ordered(Options(), 2, iter(items), _dies_on_boom, on_death=_failed)
    assert list(results) == ["A", "B", "failed:boom", "C", "D", "E"]
