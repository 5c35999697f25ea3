"""Checking in several processes: each loads the model once and runs its encoder on its share of the cores.

On the 2-core machine, two processes with one encoder thread each checked 1,200 newstest2014 pairs in ~21 s, one
process with a two-thread encoder in ~29 s (3,003 pairs in scripts/bench.py: 48.0 against 41.8 pairs/s):
onnxruntime's threads meet at every operator of these small matrices, and one process's Python checks run while
the other process encodes. Results come back in input order, with a bounded number of tasks in flight so that
memory stays flat on a long run.
"""
from __future__ import annotations

import os
import sys
import threading
from collections import deque
from typing import Any, Callable, Iterable, Iterator

# Characters of source and target text per task. Small tasks keep the workers finishing close together (the last
# task of a run leaves the other workers idle); one process ran newstest2014 at the same speed with 25,000 to
# 200,000 characters per encoder chunk, so little sorting by length is lost.
TASK_CHARS = 40_000

_checker = None  # this worker's Checker
_started = None  # a Barrier every worker meets once its model is loaded


def _init(options, threads: int, started) -> None:
    global _checker, _started
    os.environ["CHECKTRANS_THREADS"] = str(threads)  # read by the encoder back-ends
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    from .pipeline import Checker

    _checker = Checker(options)
    _started = started


def checker():
    """The Checker of the worker process this runs in (for task functions)."""
    return _checker


def _loaded() -> str:
    """The signature, once this worker's model is loaded and every other worker's too: waiting at the barrier
    keeps each worker to one of these tasks, so that all start, and a load error surfaces before any work."""
    try:
        signature = _checker.signature
    except BaseException:
        _started.abort()  # the others stop waiting
        raise
    try:
        _started.wait(timeout=600)
    except threading.BrokenBarrierError:
        pass  # another worker failed to load: its own task reports why
    return signature


def run_ordered(options, jobs: int, items: Iterable, task: Callable[[Any], Any],
                passes: Callable[[Any], bool] = lambda item: False) -> tuple[str, Iterator]:
    """(signature, results of `task(item)` in input order), run in `jobs` processes; items for which `passes`
    is true are yielded as they are. `task` must be a module-level function (it is pickled by name)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    threads = max(1, (os.cpu_count() or 1) // jobs)
    # spawn, not fork: forking a process whose math libraries already started threads can deadlock.
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(jobs, context, _init, (options, threads, context.Barrier(jobs)))
    try:
        loaded = [pool.submit(_loaded) for _ in range(jobs)]
        signature = [f.result() for f in loaded][-1]  # every worker's, so that any load error surfaces
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise

    def results() -> Iterator:
        pending: deque = deque()
        try:
            for item in items:
                pending.append(item if passes(item) else pool.submit(task, item))
                while len(pending) > 2 * jobs:
                    yield _resolved(pending.popleft())
            while pending:
                yield _resolved(pending.popleft())
        finally:
            pool.shutdown(cancel_futures=True)

    return signature, results()


def _resolved(entry):
    from concurrent.futures import Future

    return entry.result() if isinstance(entry, Future) else entry


def slim(pair):
    """Drop what only the pipeline needs (vectors, token states) before a result travels or is spooled."""
    for side in (pair.source, pair.target):
        side.embeddings = None
        side.token_states = None
    return pair


def _check_records(records: list[tuple]) -> list:
    results = _checker.check_many(records, chunk_chars=sys.maxsize)  # the task is one chunk
    return [r if isinstance(r, Exception) else slim(r) for r in results]


def check_many(options, records: Iterable[tuple], jobs: int, chunk_chars: int | None = None) -> tuple[str, Iterator]:
    """Checker.check_many spread over `jobs` processes, a chunk of `chunk_chars` characters (default TASK_CHARS)
    per task."""
    from .pipeline import chunks

    tasks = chunks(records, chunk_chars or TASK_CHARS)
    signature, results = run_ordered(options, jobs, tasks, _check_records)

    def flat() -> Iterator:
        for chunk_results in results:
            yield from chunk_results

    return signature, flat()
