"""What the service does, apart from HTTP: one Checker loaded at startup, every piece of work on one worker thread.

The encoder and the checks were written for one caller at a time, and on a small machine two stories encoded at
once are no faster than one after the other, only each slower. So every request's work (checking, fixing,
reading and writing the baseline) is a job for a single worker thread, in arrival order; the event loop only
reads requests and writes answers, and stays free to answer /healthz while a long batch runs. A streamed
/v1/check-many is many small jobs (one result each), so a single story sent meanwhile waits for one chunk, not
for the whole batch.
"""
from __future__ import annotations

import asyncio
import dataclasses
import functools
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ..commands.options import gate
from ..model import DocumentPair, Finding
from ..pipeline import Checker, Options
from ..record import BadRecord, Record
from ..report.json_report import CONTRACT_VERSION, error_dict, to_dict
from .memo import DEFAULT_BUDGET, MemoEncoder
from .requests import ApiError

# Bodies past this are refused with 413; a 2,000,000-character story on each side (the pipeline's limit) fits.
DEFAULT_MAX_BYTES = 16 * 2**20
# /v1/check-many encodes this many characters together (the CLI: pipeline.CHUNK_CHARS, 200,000): about a hundred
# one-line pairs, most of the batching's gain, and a couple of seconds of work, so that the first lines come back
# soon and a story sent by another client meanwhile waits for one chunk.
STREAM_CHUNK_CHARS = 20_000


def load_checker(options: Options, memo_bytes: int = DEFAULT_BUDGET) -> Checker:
    """The service's one Checker, its model loaded now (a model that cannot load stops the command before the
    port opens, with the Checker's own one-line error), remembering encodings within `memo_bytes` (0: not)."""
    checker = Checker(options)
    encoder = checker.encoder
    return Checker(options, encoder=MemoEncoder(encoder, memo_bytes)) if memo_bytes > 0 else checker


class Service:
    def __init__(self, checker: Checker, *, baseline_path: Path | None = None, max_bytes: int = DEFAULT_MAX_BYTES):
        self.checker = checker
        self.options = checker.options
        self.max_bytes = max_bytes
        self.memo = checker.encoder if isinstance(checker.encoder, MemoEncoder) else None
        self._signature = checker.signature_of()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="checktrans-worker")
        self.baseline_path = baseline_path
        self.baseline = None
        if baseline_path is not None:
            from ..baseline import Baseline

            self.baseline = Baseline.load(baseline_path)
        self.in_flight = 0
        self._count = threading.Lock()

    # -- running work ------------------------------------------------------------------------------------------

    async def run(self, fn: Callable, *args: Any) -> Any:
        """`fn(*args)` on the worker thread, awaited."""
        return await asyncio.get_running_loop().run_in_executor(self._worker, functools.partial(fn, *args))

    def warm_up(self) -> None:
        """One small check, so that the first request does not pay for lazy loading (lexicons, grammar)."""
        self.checker.check_texts("Le président a parlé hier soir à Paris.", "The president spoke last night in Paris.",
                                 id="warm-up", source_lang="fr")

    def close(self) -> None:
        self._worker.shutdown(wait=True)

    def enter(self) -> None:
        with self._count:
            self.in_flight += 1

    def leave(self) -> None:
        with self._count:
            self.in_flight -= 1

    def signature(self, fail_on: str | None = None) -> str:
        fail_on = fail_on or self.options.fail_on
        return dataclasses.replace(self._signature, fail_on=str(fail_on)).format()

    # -- jobs (each runs on the worker thread) ------------------------------------------------------------------

    def check(self, record: Record, fail_on: str | None) -> tuple[int, dict]:
        """(HTTP status, body) of one pair: the contract's object and the gate, or its error object (422)."""
        fail_on = fail_on or self.options.fail_on
        (result,) = self.checker.check_many([record])
        return self._answer(result, fail_on)

    def check_lines(self, items: list[tuple[Record | BadRecord, str | None]]) -> Iterator[bytes]:
        """One JSONL line per input line, in order, through Checker.check_many (a generator: the caller advances
        it one result at a time on the worker thread)."""
        import json

        results = self.checker.check_many((record for record, _ in items), STREAM_CHUNK_CHARS)
        for (_, fail_on), result in zip(items, results, strict=True):
            _, body = self._answer(result, fail_on or self.options.fail_on)
            yield (json.dumps(body, ensure_ascii=False) + "\n").encode("utf-8")

    def _answer(self, result: DocumentPair | BadRecord, fail_on: str) -> tuple[int, dict]:
        signature = self.signature(fail_on)
        if isinstance(result, BadRecord):
            return 422, error_dict(result.id, result.message, signature)
        if self.baseline is not None:
            self.baseline.suppress(result)
        body = to_dict(result, signature)
        body["gate"] = "fail" if gate([result], fail_on) else "pass"
        return 200, body

    def fix(self, record: Record, findings: list[Finding] | None, unsafe: bool) -> tuple[int, dict]:
        """The target with fixes applied: the given findings' (the review page sends those the editor accepted),
        or, without them, those of a fresh check of the pair (safe ones only unless `unsafe`)."""
        from ..fixes import apply_fixes

        signature = self.signature()
        if findings is None:
            (result,) = self.checker.check_many([record])
            if isinstance(result, BadRecord):
                return 422, error_dict(result.id, result.message, signature)
            if self.baseline is not None:
                self.baseline.suppress(result)
            findings = result.findings
        fixed = apply_fixes(record.target, findings, unsafe=unsafe)
        return 200, {
            "version": CONTRACT_VERSION, "id": record.id, "signature": signature, "target": fixed.text,
            "applied": [f.to_dict() for f in fixed.applied],
            "left": [{**f.to_dict(), "reason": reason} for f, reason in fixed.left],
        }

    def reject(self, record: Record, finding: Finding) -> tuple[int, dict]:
        """Add a finding the editor rejected to the baseline file, so that it is not reported again. The pair is
        checked again here and the finding must be one of its findings: the baseline holds only what the
        checker itself reported, whatever a client sends."""
        from ..baseline import fingerprint

        if self.baseline is None:
            raise ApiError(409, "no baseline file is configured (start the service with --baseline FILE)")
        (result,) = self.checker.check_many([record])
        if isinstance(result, BadRecord):
            return 422, error_dict(result.id, result.message, self.signature())
        match = _same_finding(result.findings, finding, record.target)
        if match is None:
            raise ApiError(409, f"{finding.code} at [{finding.target_start}, {finding.target_end}) is not among "
                                "the findings of this pair (was the text changed since it was checked?)")
        self.baseline.add(result, [match])
        self.baseline.save(self.baseline_path)
        return 200, {"version": CONTRACT_VERSION, "id": record.id, "added": fingerprint(result, match),
                     "baseline": self.baseline_path.name}

    def health(self) -> dict:
        return {
            "status": "ok", "signature": self.signature(), "fail_on": str(self.options.fail_on),
            "max_bytes": self.max_bytes, "in_flight": self.in_flight,
            "baseline": self.baseline_path.name if self.baseline_path else None,
            "memo": self.memo.stats() if self.memo else None,
        }


def _same_finding(findings: Iterable[Finding], wanted: Finding, target: str) -> Finding | None:
    """The checker's own finding that `wanted` describes: the same code and span, else the same code and flagged
    text (offsets that moved with an edit elsewhere)."""
    findings = list(findings)
    for f in findings:
        if (f.code, f.target_start, f.target_end) == (wanted.code, wanted.target_start, wanted.target_end):
            return f
    flagged = target[wanted.target_start : wanted.target_end]
    same = [f for f in findings if f.code == wanted.code and target[f.target_start : f.target_end] == flagged
            and f.message == wanted.message]
    return same[0] if len(same) == 1 else None
