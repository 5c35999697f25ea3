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
from collections import deque
from typing import Any, Callable, Iterable, Iterator

_checker = None  # this worker's Checker


def _init(options, threads: int) -> None:
    global _checker
    os.environ["CHECKTRANS_THREADS"] = str(threads)  # read by the encoder back-ends
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    from .pipeline import Checker

    _checker = Checker(options)


def checker():
    """The Checker of the worker process this runs in (for task functions)."""
    return _checker


def _signature() -> str:
    return _checker.signature


def run_ordered(options, jobs: int, items: Iterable, task: Callable[[Any], Any],
                passes: Callable[[Any], bool] = lambda item: False) -> tuple[str, Iterator]:
    """(signature, results of `task(item)` in input order), run in `jobs` processes; items for which `passes`
    is true are yielded as they are. `task` must be a module-level function (it is pickled by name)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    threads = max(1, (os.cpu_count() or 1) // jobs)
    # spawn, not fork: forking a process whose math libraries already started threads can deadlock.
    pool = ProcessPoolExecutor(jobs, multiprocessing.get_context("spawn"), _init, (options, threads))
    try:
        signature = pool.submit(_signature).result()
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
    """Checker.check_many spread over `jobs` processes, a chunk of `chunk_chars` characters per task (default:
    half of one process's chunk, so that the workers finish close together)."""
    from .pipeline import CHUNK_CHARS, chunks

    tasks = chunks(records, chunk_chars or CHUNK_CHARS // 2)
    signature, results = run_ordered(options, jobs, tasks, _check_records)

    def flat() -> Iterator:
        for chunk_results in results:
            yield from chunk_results

    return signature, flat()
