"""The local engine: `Checker.check_many` in this process, or spread over worker processes that each load the model
once and run their encoder on their share of the cores.

On the 2-core machine, two processes with one encoder thread each checked newstest2014 at 65–67 pairs/s, one
process with a two-thread encoder at 48–51 (scripts/bench.py, 3,003 pairs): onnxruntime's threads meet at every
operator of these small matrices, and one process's Python checks run while the other process encodes. Results
come back in input order, with a bounded number of tasks in flight so that memory stays flat on a long run.

A worker that dies (the out-of-memory killer, a crash in a native library) breaks the whole process pool. The
tasks it held are then run again, one at a time, in a fresh pool; a task that kills its worker a second time is
reported record by record as failed, and the run goes on.
"""
from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from itertools import islice

from ..record import BadRecord, Record

# Characters of source and target text per task. Small tasks keep the workers finishing close together (the last
# task of a run leaves the other workers idle); one process ran newstest2014 at the same speed with 25,000 to
# 200,000 characters per encoder chunk, so little sorting by length is lost.
TASK_CHARS = 40_000
# Peak memory of one worker with its model loaded, checking newstest2014 (scripts/bench.py: 1,308 MB), rounded up:
# --jobs is lowered so that the workers fit in the memory available.
WORKER_BYTES = 1_500 * 2**20

_checker = None  # this worker's Checker
_started = None  # a Barrier every worker meets once its model is loaded


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def available_memory() -> int | None:
    """Bytes of memory available to new processes (Linux's MemAvailable), or None when unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None


def bounded_jobs(requested: int, records: int | None = None) -> tuple[int, str | None]:
    """(jobs, why it was lowered or None). Capped by the cores, the records (when known) and the memory that
    one more model takes; 0 asks for as many as fit. Never below 1."""
    limits = [("cores", usable_cores())]
    if records is not None:
        limits.append(("records", max(1, records)))
    memory = available_memory()
    if memory is not None:
        limits.append(("memory", max(1, memory // WORKER_BYTES)))
    cap, reason = min((value, name) for name, value in limits)
    if requested == 0:
        return cap, None
    if requested <= cap:
        return requested, None
    detail = {"cores": f"{cap} usable cores", "records": f"{cap} records",
              "memory": f"memory for {cap} models ({(memory or 0) / 2**30:.1f} GiB available)"}[reason]
    return cap, f"--jobs {requested} lowered to {cap}: {detail}"


def run(options, records: Iterable[Record | BadRecord], jobs: int = 1,
        task_chars: int = TASK_CHARS) -> tuple[str, Iterator]:
    """(signature, results in input order): `Checker.check_many` over the records, in this process (jobs 1) or
    in `jobs` worker processes. Results are DocumentPairs, and BadRecords for what could not be read or checked."""
    if jobs <= 1:
        from ..pipeline import Checker

        checker = Checker(options)
        signature = checker.signature  # loads the model once, before the first record
        return signature, (slim(r) for r in checker.check_many(records))
    signature, results = run_ordered(options, jobs, _tasks(records, jobs, task_chars), _check_records,
                                     on_death=_failed_task)

    def flat() -> Iterator:
        for chunk_results in results:
            yield from chunk_results

    return signature, flat()


# -- in the worker ---------------------------------------------------------------------------------------------


def _init(options, threads: int, started) -> None:
    global _checker, _started
    os.environ["CHECKTRANS_THREADS"] = str(threads)  # read by the encoder back-ends
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    from ..pipeline import Checker

    _checker = Checker(options)
    _started = started


def _loaded() -> str:
    """The signature, once this worker's model is loaded and every other worker's too: waiting at the barrier
    keeps each worker to one of these tasks, so that all start, and a load error surfaces before any work."""
    try:
        signature = _checker.signature
    except BaseException:
        _started.abort()  # the others stop waiting
        raise
    with contextlib.suppress(threading.BrokenBarrierError):  # another worker failed to load: its own task says why
        _started.wait(timeout=600)
    return signature


def _check_records(records: list[Record | BadRecord]) -> list:
    results = _checker.check_many(records, chunk_chars=sys.maxsize)  # the task is one chunk
    return [slim(r) for r in results]


def _failed_task(records: list[Record | BadRecord]) -> list:
    """What a task that killed its worker twice yields: each of its records, failed with the reason."""
    return [r if isinstance(r, BadRecord) else
            BadRecord(r.id, r.origin, f"{r.origin or r.id}: the worker checking it died twice (out of memory?)")
            for r in records]


# -- in the parent ---------------------------------------------------------------------------------------------


class _Pool:
    """A spawn-context process pool whose workers have each loaded the model; remade after a worker dies."""

    def __init__(self, options, jobs: int):
        import multiprocessing

        self.options, self.jobs = options, jobs
        self.threads = max(1, usable_cores() // jobs)
        # spawn, not fork: forking a process whose math libraries already started threads can deadlock.
        self.context = multiprocessing.get_context("spawn")
        self.executor = None
        self.signature = self.start()

    def start(self) -> str:
        from concurrent.futures import ProcessPoolExecutor

        self.executor = ProcessPoolExecutor(self.jobs, self.context, _init,
                                            (self.options, self.threads, self.context.Barrier(self.jobs)))
        try:
            loaded = [self.executor.submit(_loaded) for _ in range(self.jobs)]
            return [f.result() for f in loaded][-1]  # every worker's, so that any load error surfaces
        except BaseException:
            self.shutdown()
            raise

    def submit(self, task, item) -> Future:
        try:
            return self.executor.submit(task, item)
        except BrokenProcessPool as broken:
            # A worker died before its future was read: this item fails the same way, and is retried in turn.
            failed: Future = Future()
            failed.set_exception(broken)
            return failed

    def restart(self) -> None:
        self.shutdown()
        self.start()

    def shutdown(self) -> None:
        if self.executor is not None:
            # Workers are terminated, not waited for: after Ctrl-C or a dead sibling nothing they do is wanted.
            for process in list(getattr(self.executor, "_processes", {}).values()):
                process.terminate()
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None


def run_ordered(options, jobs: int, items: Iterable, task: Callable, on_death: Callable | None = None,
                passes: Callable = lambda item: False) -> tuple[str, Iterator]:
    """(signature, results of `task(item)` in input order), run in `jobs` processes; items for which `passes`
    is true are yielded as they are. `task` must be a module-level function (it is pickled by name). When a
    worker dies, the items in flight are retried one at a time in a fresh pool; an item that kills a worker
    again yields `on_death(item)` (or raises, without `on_death`)."""
    pool = _Pool(options, jobs)

    def retried(item):
        """`task(item)` alone in the (fresh) pool: a second death is this item's own doing."""
        try:
            return pool.submit(task, item).result()
        except BrokenProcessPool:
            pool.restart()
            if on_death is None:
                raise
            return on_death(item)

    def results() -> Iterator:
        pending: deque = deque()  # (item, future or None for a passed item)
        try:
            for item in items:
                pending.append((item, None if passes(item) else pool.submit(task, item)))
                while len(pending) > 2 * jobs:
                    yield from _resolve(pending, pool, retried, upto=len(pending) - 2 * jobs)
            while pending:
                yield from _resolve(pending, pool, retried, upto=len(pending))
        finally:
            pool.shutdown()

    return pool.signature, results()


def _resolve(pending: deque, pool: _Pool, retried: Callable, upto: int) -> Iterator:
    """Yield the results of the first `upto` pending entries, in order. A broken pool fails every future in
    flight, including ones that had nothing to do with the death: all of them are retried alone."""
    for _ in range(upto):
        item, future = pending.popleft()
        if future is None:
            yield item
            continue
        try:
            yield future.result()
        except BrokenProcessPool:
            rest = list(pending)
            pending.clear()
            pool.restart()
            yield retried(item)
            # The other entries in flight died with the pool: each runs again alone when its turn comes.
            for entry, other in rest:
                pending.append((entry, None if other is None else _Later(retried, entry)))
            return


class _Later:
    """A retried entry: resolved when its turn comes, alone in the pool."""

    def __init__(self, retried: Callable, item):
        self.retried, self.item = retried, item

    def result(self):
        return self.retried(self.item)


def _tasks(records: Iterable[Record | BadRecord], jobs: int, task_chars: int) -> Iterator[list]:
    """Chunks of `task_chars` characters; an input of fewer than `jobs` such chunks is shared out evenly instead,
    so that no worker sits idle on a small input (100 pairs would otherwise be one task for one worker)."""
    from ..pipeline import chunks, record_size

    stream = chunks(records, task_chars)
    head = list(islice(stream, jobs))
    if len(head) < jobs:  # that was the whole input
        whole = [record for chunk in head for record in chunk]
        size = sum(record_size(record) for record in whole)
        head = list(chunks(whole, max(1, -(-size // jobs))))
    yield from head
    yield from stream


def slim(pair):
    """Drop what only the pipeline needs (vectors, token states) before a result travels or is kept."""
    if isinstance(pair, BadRecord):
        return pair
    for side in (pair.source, pair.target):
        side.embeddings = None
        side.token_states = None
    return pair
