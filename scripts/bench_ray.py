"""`scripts/bench.py --engine ray`: the Ray engine against the local engine on the same newstest2014 pairs.

    python scripts/bench.py --engine ray [--limit 1000] [--json out/bench-ray.json]

- local: `checker.engines.local` with 1 and 2 processes, each in a fresh process (bench.end_to_end_process);
  pairs/s after the model is loaded;
- ray: `checker.engines.ray.Run` on a Ray cluster started here (the cores + 1 logical CPU, as the engine starts
  one), with 1 and 2 actors, the pairs as one JSONL in blocks of BLOCK_ROWS; pairs/s from the start of the first check
  to the last result (after Ray's start and the model loads), pairs per second an actor is busy checking, and
  wall time including Ray's start and the loads; each actor's peak RSS (VmHWM, as the actor reports it);
- overhead per block: the same pipeline (read tasks → actor pool → driver → shards) with an actor that checks
  nothing, in blocks of 10 and of 200 pairs: what a block costs beyond its checking.
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


class NoCheck:
    """An actor that checks nothing: returns each record's id as a result line, so only the engine's own cost of a
    block remains (read, hand to an actor, return, write)."""

    def __init__(self, options, threads):
        self.signature = "bench"

    def __call__(self, batch):
        from checker.engines.ray import RESULT_COLUMNS, _table

        ids = batch.column("id").to_pylist()
        return _table([{"id": i, "line": json.dumps({"version": 1, "id": i}), "error": None, "scoring": None,
                        "signature": "bench", "pid": 0, "peak_mb": None, "seconds": None} for i in ids],
                      RESULT_COLUMNS)


def ray_run(story: Path, actors: int, block_rows: int, check=None) -> dict:
    from checker.engines import ray as engine
    from checker.pipeline import Options

    times: list[float] = []
    counts: list[int] = []
    busy: list[float] = []  # seconds an actor spent in each call

    def seen(rows):
        times.append(time.perf_counter())
        counts.append(len(rows))
        busy.append(sum(row["seconds"] or 0.0 for row in rows))

    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        run = engine.Run([story], Path(out), Options(source_lang="fr", target_lang="en"), actors=actors,
                         block_rows=block_rows, on_results=seen)
        if check is not None:
            original = engine.CheckBlocks
            engine.CheckBlocks = check
        try:
            summary = run.run()
        finally:
            if check is not None:
                engine.CheckBlocks = original
        wall = time.perf_counter() - t0
    # From the start of the first check (its result's time less its call's) to the last result: after Ray's start
    # and the model loads, as the local engine's pairs/s are after its load.
    checking = times[-1] - (times[0] - busy[0]) if times else 0.0
    return {"actors": actors, "block_rows": block_rows, "pairs": sum(counts), "blocks": len(counts),
            "wall_s": round(wall, 1), "first_block_s": round(times[0] - t0, 1) if times else None,
            "pairs_per_s": round(sum(counts) / checking, 2) if checking else None,
            "wall_pairs_per_s": round(sum(counts) / wall, 2),
            "actor_pairs_per_busy_s": round(sum(counts) / sum(busy), 2) if sum(busy) else None,
            "actor_peak_rss_mb": summary["this_run"]["actor_peak_rss_mb"], "stories": summary["stories"]}


def main(limit: int | None, out_json: Path | None) -> int:
    import bench
    import ray
    from eval import data
    from eval.common import table, write_json

    from checker.engines.local import usable_cores
    from checker.engines.ray import BLOCK_ROWS

    limit = limit or 1000
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # NoCheck travels to actors without scripts/
    try:
        sources, targets = bench.newstest(limit)
    except data.Missing as missing:
        print(f"bench: {missing}")
        return 0
    result: dict = {"pairs": len(sources), "local": {}, "ray": {}}
    for jobs in (1, 2):
        result["local"][jobs] = bench.end_to_end_process("int8", jobs, limit)
    with tempfile.TemporaryDirectory() as tmp:
        story = Path(tmp) / "newstest2014.jsonl"
        lines = (json.dumps({"id": f"l{i:05d}", "source": s, "target": t}, ensure_ascii=False) + "\n"
                 for i, (s, t) in enumerate(zip(sources, targets, strict=True)))
        story.write_text("".join(lines), encoding="utf-8")
        ray.init(address="local", num_cpus=usable_cores() + 1, include_dashboard=False,  # as the engine's own
                 object_store_memory=512 * 2**20, log_to_driver=False)
        try:
            for actors in (1, 2):
                result["ray"][actors] = r = ray_run(story, actors, BLOCK_ROWS)
                print(f"[ray {actors} actor(s): {json.dumps(r)}]", flush=True)
            small, large = (ray_run(story, 2, rows, check=NoCheck) for rows in (10, 200))
        finally:
            ray.shutdown()
    per_block = (small["wall_s"] - large["wall_s"]) / max(1, small["blocks"] - large["blocks"])
    result["overhead"] = {"blocks_of_10": small, "blocks_of_200": large,
                          "per_block_ms": round(1000 * per_block, 1),
                          "no_check_pairs_per_s": large["wall_pairs_per_s"]}
    rows = []
    for jobs, r in result["local"].items():
        rows.append([f"local engine, {jobs} process{'es' if jobs > 1 else ''}", f"{r['pairs_per_s']:.1f} pairs/s",
                     f"peak RSS {r['rss_self_mb']:.0f} MB"])
    for actors, r in result["ray"].items():
        peak = max(r["actor_peak_rss_mb"].values(), default=0)
        rows.append([f"ray engine, {actors} actor{'s' if actors > 1 else ''}, blocks of {BLOCK_ROWS}",
                     f"{r['pairs_per_s']:.1f} pairs/s ({r['actor_pairs_per_busy_s']:.1f} per actor-second busy; "
                     f"wall {r['wall_pairs_per_s']:.1f} with Ray's start and the loads)",
                     f"peak RSS per actor {peak:.0f} MB"])
    rows.append(["ray engine, overhead per block (no checking; 10 vs 200 pairs a block)",
                 f"{1000 * per_block:.0f} ms", f"{large['wall_pairs_per_s']:.0f} pairs/s without checking"])
    table(["engine", "newstest2014 fr→en, every check", "memory"], rows,
          title=f"bench --engine ray — {len(sources)} pairs, {usable_cores()} cores")
    write_json(out_json, result)
    return 0
