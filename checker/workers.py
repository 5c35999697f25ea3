"""Checking in several processes: each loads the model once and runs its encoder on its share of the cores.

On the 2-core machine, two processes with one encoder thread each checked newstest2014 at 65–67 pairs/s, one
process with a two-thread encoder at 48–51 (scripts/bench.py, 3,003 pairs): onnxruntime's threads meet at every
operator of these small matrices, and one process's Python checks run while the other process encodes. Results
come back in input order, with a bounded number of tasks in flight so that memory stays flat on a long run.
"""
from __future__ import annotations

import os
import sys
import threading
from collections import deque
from itertools import islice
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


def _tasks(records: Iterable[tuple], jobs: int, task_chars: int) -> Iterator[list[tuple]]:
    """Chunks of `task_chars` characters; an input of fewer than `jobs` such chunks is shared out evenly instead,
    so that no worker sits idle on a small input (100 pairs would otherwise be one task for one worker)."""
    from .pipeline import chunks

    stream = chunks(records, task_chars)
    head = list(islice(stream, jobs))
    if len(head) < jobs:  # that was the whole input
        whole = [record for chunk in head for record in chunk]
        size = sum(len(x) for record in whole for x in record[1:3] if isinstance(x, str))
        head = list(chunks(whole, max(1, -(-size // jobs))))
    yield from head
    yield from stream


def check_many(options, records: Iterable[tuple], jobs: int, chunk_chars: int | None = None) -> tuple[str, Iterator]:
    """Checker.check_many spread over `jobs` processes, a chunk of `chunk_chars` characters (default TASK_CHARS)
    per task."""
    signature, results = run_ordered(options, jobs, _tasks(records, jobs, chunk_chars or TASK_CHARS), _check_records)

    def flat() -> Iterator:
        for chunk_results in results:
            yield from chunk_results

    return signature, flat()
