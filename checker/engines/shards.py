"""An output folder of sharded JSONL results, which a killed run resumes without losing or repeating a story.

    out/part-001-00001.jsonl   contract v1, one line per story, sorted by id; written whole or not at all
    out/part-002-00001.jsonl   the second run (a resumed one) numbers its shards after the first's
    out/scoring/part-….jsonl   each shard's target/reference lines, for corpus scores (only when references exist)
    out/summary.json           written at the end, from every shard in the folder

A shard is written to a hidden temporary file, flushed to disk and renamed into place: a kill leaves either the
whole shard or none of it (and a temporary file that the next run removes). Its scoring file is renamed first, so a
shard never exists without it. A run reads the ids already in the folder and skips them; a shard that is damaged
all the same (a truncated last line after a copy, a disk that lost a write) keeps its whole lines and is rewritten,
and the stories of its broken lines are checked again. Nothing here knows about Ray: the engine hands it lines.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

SHARD = re.compile(r"^part-(\d{3,})-(\d{5,})\.jsonl$")
SCORING = "scoring"
SUMMARY = "summary.json"
# A shard is written every SHARD_LINES results or SHARD_SECONDS, whichever comes first: a kill costs at most that
# much work again, and 100,000 stories make about a hundred files.
SHARD_LINES = 1_000
SHARD_SECONDS = 60.0


@dataclass
class Existing:
    """What an output folder already holds."""

    ids: set[str] = field(default_factory=set)
    signature: str | None = None
    shards: int = 0
    last_run: int = 0
    repaired: list[str] = field(default_factory=list)  # shards rewritten without their broken lines


def shard_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if SHARD.match(p.name)) if folder.is_dir() else []


def open_folder(folder: Path) -> Existing:
    """Make the folder, clear what a killed run left half-written, and read the ids of the results in it."""
    folder.mkdir(parents=True, exist_ok=True)
    scoring = folder / SCORING
    for place in (folder, scoring):
        if place.is_dir():
            for pattern in (".part-*.tmp", ".summary.*.tmp"):
                for leftover in place.glob(pattern):
                    leftover.unlink(missing_ok=True)
    existing = Existing()
    shards = shard_files(folder)
    names = {p.name for p in shards}
    if scoring.is_dir():
        for orphan in scoring.glob("part-*.jsonl"):
            if orphan.name not in names:  # killed between the scoring file's rename and the shard's
                orphan.unlink(missing_ok=True)
    for shard in shards:
        existing.shards += 1
        existing.last_run = max(existing.last_run, int(SHARD.match(shard.name).group(1)))
        raw = shard.read_bytes()
        whole = []
        for line in raw.splitlines():
            try:
                obj = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError):
                continue
            if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
                continue
            whole.append(line)
            existing.ids.add(obj["id"])
            existing.signature = existing.signature or obj.get("signature")
        if len(whole) != raw.count(b"\n") or (raw and not raw.endswith(b"\n")):
            atomic_write(shard, b"".join(line + b"\n" for line in whole))
            existing.repaired.append(shard.name)
    return existing


def atomic_write(path: Path, data: bytes) -> None:
    """The file whole or not at all: a hidden temporary file beside it, flushed to disk, then renamed."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class ShardWriter:
    """Results of one run, written as shards of that run's number."""

    def __init__(self, folder: Path, run: int, lines: int = SHARD_LINES, seconds: float = SHARD_SECONDS):
        self.folder, self.run, self.lines, self.seconds = folder, run, lines, seconds
        self.pending: list[tuple[str, str, str | None]] = []  # (id, JSON line, scoring line or None)
        self.started = time.monotonic()
        self.shards = 0
        self.written = 0

    def add(self, rec_id: str, line: str, scoring: str | None = None) -> None:
        self.pending.append((rec_id, line, scoring))
        if len(self.pending) >= self.lines or time.monotonic() - self.started >= self.seconds:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            self.started = time.monotonic()
            return
        self.shards += 1
        name = f"part-{self.run:03d}-{self.shards:05d}.jsonl"
        rows = sorted(self.pending, key=lambda row: (row[0], row[1]))
        scoring = [row[2] for row in rows if row[2]]
        if scoring:
            (self.folder / SCORING).mkdir(exist_ok=True)
            atomic_write(self.folder / SCORING / name, "".join(s + "\n" for s in scoring).encode("utf-8"))
        atomic_write(self.folder / name, "".join(row[1] + "\n" for row in rows).encode("utf-8"))
        self.written += len(rows)
        self.pending = []
        self.started = time.monotonic()


def scoring_line(rec_id: str, hypotheses: list[str], references: list[str]) -> str:
    return json.dumps({"id": rec_id, "hyp": hypotheses, "ref": references}, ensure_ascii=False)


def summarise(folder: Path, fail_on: str) -> dict:
    """Counts over every shard in the folder (this run's and the earlier ones'), as summary.json holds them."""
    from ..model import Severity

    gate = Severity.parse(fail_on)
    names = [str(s) for s in sorted(Severity)]
    stories_by_worst = Counter({name: 0 for name in ["none", *names]})
    findings = Counter({name: 0 for name in names})
    ids: Counter = Counter()
    errors: list[str] = []
    passed = failed = 0
    signature = None
    shards = shard_files(folder)
    for shard in shards:
        with open(shard, encoding="utf-8") as handle:
            for line in handle:
                obj = json.loads(line)
                ids[obj["id"]] += 1
                signature = signature or obj.get("signature")
                if "error" in obj:
                    errors.append(obj["error"])
                    continue
                severities = [Severity.parse(f["severity"]) for f in obj.get("findings", ())]
                findings.update(str(s) for s in severities)
                worst = max(severities, default=None)
                stories_by_worst[str(worst) if worst else "none"] += 1
                if worst is not None and worst >= gate:
                    failed += 1
                else:
                    passed += 1
    hypotheses: list[str] = []
    references: list[str] = []
    with_reference = 0
    for shard in shards:
        scoring = folder / SCORING / shard.name
        if scoring.exists():
            with open(scoring, encoding="utf-8") as handle:
                for line in handle:
                    obj = json.loads(line)
                    hypotheses += obj["hyp"]
                    references += obj["ref"]
                    with_reference += 1
    scores = None
    if with_reference:
        from ..reference import reference_scores

        scores = reference_scores(hypotheses, references, segments=False)
        scores = {"stories": with_reference, **scores}
    duplicates = sorted(i for i, n in ids.items() if n > 1)
    return {
        "version": 1,
        "signature": signature,
        "stories": sum(ids.values()),
        "checked": passed + failed,
        "errors": len(errors),
        "fail_on": str(gate),
        "passed": passed,
        "failed": failed,
        "gate": "fail" if failed or errors else "pass",
        "stories_by_worst_severity": dict(stories_by_worst),
        "findings_by_severity": dict(findings),
        "reference_scores": scores,
        "shards": len(shards),
        "duplicate_ids": duplicates[:20],
        "duplicate_id_count": len(duplicates),
        "error_messages": errors[:20],
        "_errors": errors,  # every message, for the summary line; dropped before writing
    }


def summary_line(summary: dict) -> str:
    """The last stderr line, as `batch` prints it (Tally.summary)."""
    from .tally import Tally

    tally = Tally(passed=summary["passed"], failed=summary["failed"], bad=list(summary["_errors"]))
    return tally.summary(summary["fail_on"])


def reference_line(summary: dict) -> str | None:
    """The corpus-scores line, as `batch` prints it (Tally.reference_line)."""
    scores = summary["reference_scores"]
    if not scores:
        return None
    from .tally import reference_scores_line

    return reference_scores_line(scores["stories"], scores)


def write_summary(folder: Path, summary: dict, extra: dict) -> Path:
    public = {k: v for k, v in summary.items() if not k.startswith("_")}
    path = folder / SUMMARY
    atomic_write(path, (json.dumps({**public, **extra}, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return path
