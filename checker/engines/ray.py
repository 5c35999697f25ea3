"""The Ray engine: `checktrans batch INPUT --engine ray -o FOLDER [--address ADDR]`, an archive on a cluster.

    read (Ray Data tasks: the batch's own readers, or read_parquet)  →  skip the ids already in FOLDER
      →  a pool of actors, each holding one loaded Checker, checks blocks with Checker.check_many
      →  the driver writes sharded JSONL (checker/engines/shards.py) and, at the end, summary.json

Inputs are those of `batch` (folders, text pairs, manifests, JSONL, TMX, XLIFF, PO, TSV), read by the same
discovery and readers in Ray tasks, plus Parquet files (columns id, source, target[, reference]) read with
`ray.data.read_parquet`; a quoted glob (`'shards/*.jsonl'`) is expanded here. Files must be readable from every
node (a shared file system); the output folder is written by the driver alone.

Each actor loads the model and lexicons once (~1.3 GB) and checks blocks of BLOCK_ROWS records; the results are
the local engine's, line for line (the encoder's vectors of a text do not depend on what it is batched with).
A killed actor is restarted and its block retried (max_restarts, max_task_retries); a block that still fails is
skipped by Ray Data, and its records are found missing at the end of the pass: they run again one at a time, and
one that kills its actor even alone is written as an error line, as the local engine does. A killed job restarted
with the same folder checks only what is not there yet.

The module is longer than most (~500 lines) because it is the whole engine in the order a block travels: records
as table rows, the read tasks, the actor, the driver and the command; the output folder is shards.py's.
"""
from __future__ import annotations

import glob
import json
import os
import pickle
import time
from dataclasses import replace
from pathlib import Path

from ..errors import UsageError
from ..record import BadRecord, Record, Unit
from . import shards
from .local import WORKER_BYTES, slim, usable_cores

# Records per actor call. A block costs the engine ~20 ms (scripts/bench.py --engine ray: 18 ms without checking)
# against the ~7 s an actor takes to check 100 one-line pairs; larger blocks batch the encoder a little better but
# raise an actor's peak memory (~75 MB over its resident size for 100 pairs). check_many cuts a block of long stories
# into chunks of its own.
BLOCK_ROWS = 100
ITEMS_PER_READ = 64  # planned stories (files) per read task
TASK_RETRIES = 2  # a block whose actor dies is retried this many times on the restarted actor
# An actor past RECYCLE_MB before a block is replaced by a fresh one (one model load, ~20 s), so that none goes past
# 1,500 MB with a block of 100 pairs. A safeguard now: actors grew 40-80 MB per 1,000 archive pairs while the
# encoder's word-embedding rows were read through a memory map (every row touched stayed resident); read with
# pread, two actors checking 4,000 archive pairs each without replacement peaked at 1,252 and 1,195 MB (2026-11-30).
RECYCLE_MB = 1_400
COLUMNS = ("id", "source", "target", "reference", "origin", "source_lang", "target_lang", "units", "error")
RESULT_COLUMNS = ("id", "line", "error", "scoring", "signature", "pid", "peak_mb", "seconds")


def available() -> bool:
    # Ray Data logs every operator's progress at INFO on stderr, where the batch's own lines go: errors only
    # (its full log stays in the Ray session's folder).
    os.environ.setdefault("RAY_DATA_LOG_LEVEL", "ERROR")
    try:
        import ray  # noqa: F401
        import ray.data  # noqa: F401
    except ImportError:
        return False
    return True


def require():
    if not available():
        raise UsageError("--engine ray needs Ray: pip install 'checktrans[ray]'")
    import ray

    return ray


# -- records as table rows -------------------------------------------------------------------------------------


def to_row(record: Record | BadRecord) -> dict:
    if isinstance(record, BadRecord):
        return {"id": record.id, "source": "", "target": "", "reference": None, "origin": record.origin,
                "source_lang": None, "target_lang": None, "units": None, "error": record.message}
    units = json.dumps([[u.id, u.source_start, u.source_end, u.target_start, u.target_end] for u in record.units],
                       ensure_ascii=False) if record.units else None
    return {"id": record.id, "source": record.source, "target": record.target, "reference": record.reference,
            "origin": record.origin, "source_lang": record.source_lang, "target_lang": record.target_lang,
            "units": units, "error": None}


def from_row(row: dict) -> Record | BadRecord:
    if row.get("error") is not None:
        return BadRecord(row["id"], row.get("origin") or "", row["error"])
    units = tuple(Unit(*u) for u in json.loads(row["units"])) if row.get("units") else ()
    return Record(row["id"], row["source"], row["target"], row.get("reference"), row.get("origin") or "",
                  row.get("source_lang"), row.get("target_lang"), units)


def _table(rows: list[dict], columns=COLUMNS):
    import pyarrow as pa

    types = {"pid": pa.int64(), "peak_mb": pa.float64(), "seconds": pa.float64()}
    schema = pa.schema([(c, types.get(c, pa.string())) for c in columns])
    return pa.Table.from_pylist(rows, schema=schema)


_fetched: dict = {}  # this worker's copies of the objects a task was handed by reference


def _deref(ref):
    import ray

    key = ref.hex()
    if key not in _fetched:
        _fetched.clear()
        _fetched[key] = ray.get(ref)
    return _fetched[key]


# -- reading (Ray tasks) ---------------------------------------------------------------------------------------


def _read_items(batch, refs, target_lang, source_lang, block_rows):
    """The stories of some planned items, read by the batch's own readers, less those already written, in blocks
    of `block_rows`: one block is one actor call, so a single large file still feeds every actor."""
    from ..read.discover import records

    the_plan, skip = _deref(refs[0]), _deref(refs[1])
    items = [pickle.loads(b) for b in batch.column("item").to_pylist()]
    rows = []
    for record in records(replace(the_plan, items=items), target_lang, source_lang):
        if record.id in skip:
            continue
        rows.append(to_row(record))
        if len(rows) >= block_rows:
            yield _table(rows)
            rows = []
    if rows:
        yield _table(rows)


def _from_parquet(batch, refs):
    """Parquet rows (id, source, target[, reference]) as records; a row without an id is named by its file and
    text (stable from run to run, so that a resumed run skips it), a row with non-text values is an error line."""
    import hashlib

    skip = _deref(refs[0])
    rows = []
    for obj in batch.to_pylist():
        name = Path(obj.get("path") or "parquet").name
        rec_id = obj.get("id")
        if rec_id is None or rec_id == "":
            digest = hashlib.sha1(f"{obj.get('source')}\x00{obj.get('target')}".encode("utf-8", "replace"))
            rec_id = f"{Path(name).stem}:{digest.hexdigest()[:12]}"
        rec_id = str(rec_id)
        if rec_id in skip:
            continue
        problem = next((f"{key!r} must be a string" for key in ("source", "target", "reference")
                        if obj.get(key) is not None and not isinstance(obj.get(key), str)), None)
        if obj.get("source") is None or obj.get("target") is None:
            problem = "missing " + " and ".join(repr(k) for k in ("source", "target") if obj.get(k) is None)
        if problem:
            rows.append(to_row(BadRecord(rec_id, name, f"{name} id {rec_id}: {problem}")))
        else:
            rows.append(to_row(Record(rec_id, obj["source"], obj["target"], obj.get("reference"), name,
                                      obj.get("source_lang"), obj.get("target_lang"))))
    return _table(rows)


# -- checking (the actors) -------------------------------------------------------------------------------------


def peak_mb(field: str = "VmHWM") -> float | None:
    """This process's peak resident memory (VmHWM), or its resident memory now (VmRSS), in MB."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return None


def _release_memory() -> None:
    """Give back to the system what a block freed: glibc keeps freed heap pages for reuse, and an actor's resident
    memory would grow block after block (~80 MB less after 1,000 pairs; checker/engines/ray.py's bench figures)."""
    import ctypes
    import gc
    from contextlib import suppress

    gc.collect()
    with suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL("libc.so.6").malloc_trim(0)


class CheckBlocks:
    """One actor of the pool: loads a Checker once, then checks every block it is handed."""

    def __init__(self, options, threads: int, recycle_mb: float = RECYCLE_MB):
        self.recycle_mb = recycle_mb
        os.environ["CHECKTRANS_THREADS"] = str(threads)  # read by the encoder back-ends
        os.environ["OMP_NUM_THREADS"] = str(threads)
        from ..pipeline import Checker

        self.checker = Checker(options)
        self.signature = self.checker.signature  # loads the model now, before the first block
        self.blocks = 0

    def __call__(self, batch):
        from ..report.json_report import as_dict

        rss = peak_mb("VmRSS")
        if self.blocks and rss is not None and rss > self.recycle_mb:
            # Past the budget before a block: this actor ends itself, and Ray starts a fresh one (max_restarts),
            # which checks this block (max_task_retries). A new actor is never recycled before its first block.
            os._exit(75)
        self.blocks += 1
        started = time.perf_counter()
        records = [from_row(row) for row in batch.to_pylist()]
        try:
            results = list(self.checker.check_many(records))
        except UsageError:
            raise
        except Exception as err:  # noqa: BLE001 - a bug outside check_many's own isolation: this block's records fail
            results = [r if isinstance(r, BadRecord) else
                       BadRecord(r.id, r.origin, f"{r.origin or r.id}: internal error: {type(err).__name__}: {err}")
                       for r in records]
        rows = []
        pid, peak = os.getpid(), peak_mb()
        for result in results:
            result = slim(result)
            scoring = None
            if not isinstance(result, BadRecord) and result.reference and result.reference.strip():
                from ..reference import lines_for_scoring

                scoring = shards.scoring_line(result.id, *lines_for_scoring(result.target.text, result.reference))
            rows.append({"id": result.id, "line": json.dumps(as_dict(result, self.signature), ensure_ascii=False),
                         "error": result.message if isinstance(result, BadRecord) else None, "scoring": scoring,
                         "signature": self.signature, "pid": pid, "peak_mb": peak, "seconds": None})
        if rows:
            rows[0]["seconds"] = time.perf_counter() - started
        _release_memory()
        return _table(rows, RESULT_COLUMNS)


def _usage_error(err: BaseException | None) -> UsageError | None:
    """The UsageError behind a Ray error (an actor's Checker could not load its model), if that is what it is."""
    seen = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        if isinstance(err, UsageError):
            return UsageError(str(err))
        for line in str(err).splitlines():
            if "checker.errors.UsageError: " in line:
                return UsageError(line.split("checker.errors.UsageError: ", 1)[1].strip())
        err = getattr(err, "cause", None) or err.__cause__ or err.__context__
    return None


def _signature(options) -> str:
    from ..pipeline import Checker

    return Checker(options).signature


# -- the driver ------------------------------------------------------------------------------------------------


def expand(paths) -> tuple[list[Path], list[str]]:
    """(paths for batch discovery, Parquet files): quoted globs expanded, Parquet files set apart."""
    found: list[str] = []
    for path in map(str, paths):
        if glob.has_magic(path) and not os.path.lexists(path):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                raise UsageError(f"{path}: no file matches")
            found += matches
        else:
            found.append(path)
    parquet = [os.path.abspath(p) for p in found if p.lower().endswith(".parquet")]
    for path in parquet:
        if not os.path.isfile(path):
            raise UsageError(f"{path}: no such file")
    return [Path(p) for p in found if not p.lower().endswith(".parquet")], parquet


def _check_folder(output: Path, inputs: list[Path]) -> None:
    if output.exists() and not output.is_dir():
        raise UsageError(f"-o {output}: is a file; --engine ray writes a folder of JSONL shards")
    out = output.resolve()
    for item in inputs:
        real = Path(item).resolve()
        if out == real or (real.is_dir() and out.is_relative_to(real)) or real.is_relative_to(out):
            raise UsageError(f"-o {output}: the output folder and the input {item} must not contain each other")


class Run:
    """One run of the engine over some inputs into one output folder."""

    def __init__(self, paths, output: Path, options, *, actors: int = 0, address: str | None = None,
                 allow_outside: bool = False, block_rows: int = BLOCK_ROWS, shard_lines: int = shards.SHARD_LINES,
                 shard_seconds: float = shards.SHARD_SECONDS, recycle_mb: float = RECYCLE_MB, on_results=None,
                 echo=None, meter=None):
        self.ray = require()
        self.output, self.options = Path(output), options
        self.requested, self.address, self.allow_outside = actors, address, allow_outside
        self.block_rows, self.recycle_mb, self.on_results = block_rows, recycle_mb, on_results
        self.echo = echo or (lambda line: None)
        self.meter = meter
        self.discover, self.parquet = expand(paths)
        _check_folder(self.output, [*self.discover, *map(Path, self.parquet)])
        self.plan = None
        if self.discover:
            from ..read.discover import plan

            self.plan = plan(self.discover, options.target_lang, options.source_lang, allow_outside=allow_outside)
        if not self.parquet and (self.plan is None or not self.plan.items):
            raise UsageError(f"no stories found in {', '.join(str(p) for p in paths)}")
        self.existing = shards.open_folder(self.output)
        self.writer = shards.ShardWriter(self.output, self.existing.last_run + 1, shard_lines, shard_seconds)
        self.done = set(self.existing.ids)
        self.signature = self.existing.signature
        self.pids: dict[int, float] = {}  # actor pid → its peak memory (MB)
        self.busy = 0.0  # seconds the actors spent in their calls
        self.blocks = 0

    # -- Ray ---------------------------------------------------------------------------------------------------

    def _init(self) -> bool:
        """Connect to the cluster at --address (else $RAY_ADDRESS), or start one on this machine; True when this
        run connected or started it (and so disconnects or stops it at the end)."""
        ray = self.ray
        if ray.is_initialized():
            return False
        import logging

        kwargs = dict(include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR,
                      configure_logging=True)
        address = self.address or os.environ.get("RAY_ADDRESS")
        if address:
            try:
                ray.init(address=address, **kwargs)
            except (ConnectionError, ValueError, RuntimeError) as err:
                first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
                raise UsageError(f"cannot join the Ray cluster at {address}: {first}") from None
        else:  # "local": a new cluster, never one that someone else started on this machine with `ray start`;
            # one logical CPU more than the cores, for Ray Data's own light tasks (see _pool)
            ray.init(address="local", num_cpus=usable_cores() + 1, object_store_memory=512 * 2**20, **kwargs)
        return True

    def _pool(self) -> tuple[int, int]:
        """(actors, CPUs per actor): as many as asked, within the cluster's CPUs and memory. One CPU is left to
        Ray Data's own tasks (re-blocking the input, listing Parquet files), which take a whole CPU each: with
        every CPU held by an actor they would wait forever, and so would the run."""
        resources = self.ray.cluster_resources()
        cpus = max(1, int(resources.get("CPU", 1)) - 1)
        memory = int(resources.get("memory", WORKER_BYTES))
        cap = max(1, min(cpus, memory // WORKER_BYTES))
        actors = cap if self.requested <= 0 else min(self.requested, cap)
        if self.requested > cap:
            self.echo(f"checktrans: --jobs {self.requested} lowered to {cap}: the cluster has {cpus} CPUs for actors "
                      f"and {memory / 2**30:.1f} GiB for models")
        return actors, max(1, cpus // actors)

    def _dataset(self):
        """The records not written yet, as a Ray Dataset."""
        ray = self.ray
        ray.data.DataContext.get_current().enable_progress_bars = False
        skip = ray.put(frozenset(self.done))
        parts = []
        if self.plan is not None and self.plan.items:
            # The plan travels without its list of inputs (only locate() is used in the tasks), items one a row.
            bare = ray.put(replace(self.plan, items=[], inputs=set()))
            items = ray.data.from_items([{"item": pickle.dumps(item)} for item in self.plan.items])
            parts.append(items.map_batches(
                _read_items, batch_size=ITEMS_PER_READ, batch_format="pyarrow", num_cpus=0,
                fn_kwargs={"refs": [bare, skip], "target_lang": self.options.target_lang,
                           "source_lang": self.options.source_lang, "block_rows": self.block_rows}))
        if self.parquet:
            # Ray Data's V2 Parquet reader lists the files in a task that takes a whole CPU, which the actor pool
            # may hold every one of (the run would wait forever); the V1 reader lists them here, and its read
            # tasks take the num_cpus given.
            context = ray.data.DataContext.get_current()
            v2, context.use_datasource_v2 = context.use_datasource_v2, False
            try:
                table = ray.data.read_parquet(self.parquet, include_paths=True, num_cpus=0)
            finally:
                context.use_datasource_v2 = v2
            parts.append(table.map_batches(_from_parquet, batch_size=self.block_rows, batch_format="pyarrow",
                                           num_cpus=0, fn_kwargs={"refs": [skip]}))
        dataset = parts[0] if len(parts) == 1 else parts[0].union(*parts[1:])
        # Ray Data joins small blocks up to 128 MB: without this, a small input is one block, one task, one actor.
        return dataset.repartition(target_num_rows_per_block=self.block_rows)

    def _check(self, dataset, actors: int, cpus: int, block_rows: int, retries: int):
        import warnings

        from ray.data import ActorPoolStrategy

        context = dataset.context
        context.max_errored_blocks = -1  # a block that killed its actor every time: found missing later
        context.max_consecutive_actor_init_deaths = 3  # an actor killed while loading its model is replaced
        with warnings.catch_warnings():
            # Retries have no named parameter yet; Ray Data's own default retries a block forever, and a block
            # that kills its actor every time would then never end the run.
            warnings.filterwarnings("ignore", "`ray_remote_args` is deprecated")
            return dataset.map_batches(
                CheckBlocks, batch_size=block_rows, batch_format="pyarrow", compute=ActorPoolStrategy(size=actors),
                fn_constructor_args=(self.options, cpus, self.recycle_mb), num_cpus=cpus, memory=WORKER_BYTES,
                max_restarts=-1, max_task_retries=retries)

    # -- the run -----------------------------------------------------------------------------------------------

    def _take(self, batch) -> None:
        rows = batch.to_pylist()
        if not rows:
            return
        signature = rows[0]["signature"]
        if self.signature is None:
            self.signature = signature
        elif signature != self.signature:
            raise UsageError(f"-o {self.output} holds results signed {self.signature}; this run is signed "
                             f"{signature}: use another output folder")
        self.blocks += 1
        for row in rows:
            self.writer.add(row["id"], row["line"], row["scoring"])
            self.done.add(row["id"])
            if row["peak_mb"] is not None:
                self.pids[row["pid"]] = max(self.pids.get(row["pid"], 0.0), row["peak_mb"])
            self.busy += row["seconds"] or 0.0
            if self.meter is not None:
                self.meter.advance()
                if row["error"]:
                    self.meter.echo(f"checktrans: {row['error']}")
        if self.on_results is not None:
            self.on_results(rows)

    def _left(self) -> int:
        return self._dataset().count()

    def _passes(self) -> None:
        """Blocks of what is missing; what is still missing (its block failed every time) one record at a time;
        then what killed its actor even alone, as an error line each, as the local engine writes it."""
        actors, cpus = self._pool()
        self.actors = actors
        left = self._left() if self.existing.ids else None
        for block_rows, retries in ((self.block_rows, TASK_RETRIES), (1, 1)):
            if left == 0:
                return
            if left is not None and block_rows == 1:
                self.echo(f"checktrans: {left} stories were not checked (a worker died); again, one at a time")
            checked = self._check(self._dataset(), actors, cpus, block_rows, retries)
            for batch in checked.iter_batches(batch_size=None, batch_format="pyarrow"):
                self._take(batch)
            self.writer.flush()
            left = self._left()
        if not left:
            return
        from ..report.json_report import error_dict

        signature = self.signature = self.signature or self.ray.get(self.ray.remote(_signature).remote(self.options))
        for batch in self._dataset().iter_batches(batch_size=None, batch_format="pyarrow"):
            for row in batch.to_pylist():
                message = f"{row['origin'] or row['id']}: the worker checking it died (out of memory?)"
                self.writer.add(row["id"], json.dumps(error_dict(row["id"], message, signature), ensure_ascii=False))
                self.done.add(row["id"])
                if self.meter is not None:
                    self.meter.advance()
                    self.meter.echo(f"checktrans: {message}")

    def run(self) -> dict:
        started_here = self._init()
        t0 = time.perf_counter()
        try:
            self._passes()
        except UsageError:
            raise
        except Exception as err:
            usage = _usage_error(err)  # an actor could not load the model: one line, as `batch` says it
            if usage is None:
                raise
            raise usage from None
        finally:
            self.writer.flush()  # whole results already here are kept, even on Ctrl-C or SIGTERM
            if started_here:
                self.ray.shutdown()
        seconds = time.perf_counter() - t0
        summary = shards.summarise(self.output, self.options.fail_on)
        this_run = {
            "engine": "ray", "address": self.address, "actors": self.actors,
            "already_written": len(self.existing.ids), "repaired_shards": self.existing.repaired,
            "written": self.writer.written, "blocks": self.blocks, "seconds": round(seconds, 1),
            "pairs_per_s": round(self.writer.written / seconds, 2) if seconds else None,
            "actor_peak_rss_mb": {str(pid): round(mb) for pid, mb in sorted(self.pids.items())},
        }
        summary["this_run"] = this_run
        shards.write_summary(self.output, summary, {})
        return summary


def run_batch(paths, output: str | None, jobs: int, progress: bool | None, options, allow_outside: bool = False,
              address: str | None = None) -> int:
    """`checktrans batch --engine ray`: the run, its messages on stderr, the summary line last; the exit code."""
    import click

    from ..commands.options import Progress

    if not output or output == "-":
        raise UsageError("--engine ray writes JSONL shards and summary.json to a folder: give -o FOLDER")
    require()
    meter = Progress(progress, None, "stories")
    with meter:
        run = Run(paths, Path(output), options, actors=jobs, address=address, allow_outside=allow_outside,
                  echo=meter.echo, meter=meter)
        if run.existing.ids:
            meter.echo(f"checktrans: {len(run.existing.ids):,} stories already in {output}: resuming")
        for name in run.existing.repaired:
            meter.echo(f"checktrans: {output}/{name} had a broken line: kept its whole lines, the rest runs again")
        summary = run.run()
    line = shards.reference_line(summary)
    if line:
        click.echo(line, err=True)
    click.echo(shards.summary_line(summary), err=True)  # last, where a gate's log is read
    return 1 if summary["failed"] or summary["errors"] else 0


def batch_command(ctx, engine: str, address: str | None, paths, output, jobs: int, progress, options,
                  allow_outside: bool) -> int:
    """`batch --engine ray` from the command line: what does not go with it is refused before any work."""
    from click.core import ParameterSource

    if engine != "ray":
        raise UsageError("--address goes with --engine ray")
    given = {name for name in ctx.params if ctx.get_parameter_source(name) is not ParameterSource.DEFAULT}
    if "fmt" in given and ctx.params["fmt"] != "jsonl":
        raise UsageError("--engine ray writes JSONL shards: give no --format, or --format jsonl")
    refused = sorted(f"--{name.replace('_', '-')}" for name in given & {"fix", "unsafe_fixes", "baseline",
                                                                        "update_baseline", "since"})
    if refused:
        raise UsageError(f"--engine ray does not take {', '.join(refused)}")
    if "jobs" not in given:
        jobs = 0  # as many actors as the cluster's CPUs and memory allow
    return run_batch(paths, output, jobs, progress, options, allow_outside, address)
