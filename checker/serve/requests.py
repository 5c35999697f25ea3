"""What a request may carry, read defensively: a bounded body, strict JSON, known fields only.

No field names a file: texts are texts, a language is a language tag (so it can never become a path inside the
lexicon loader), and an unknown field is refused rather than ignored, so that a client that thinks it can send
``"source_file"`` learns at once that it cannot.
"""
from __future__ import annotations

import json
import re
from typing import Any

from starlette.requests import Request

from ..commands.options import SEVERITY_NAMES
from ..model import Finding, Severity
from ..record import BadRecord, Record

LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3}")
PAIR_FIELDS = {"id": (str, int), "source": str, "target": str, "source_lang": str, "target_lang": str,
               "fail_on": str}
# Content types a web page may send to another origin without asking first (CORS "simple" requests): a site
# open in the desk's browser must not be able to make this local service check, fix or write the baseline.
_SIMPLE_TYPES = ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data")


class ApiError(Exception):
    """An error answered with its status and a one-line JSON body: {"error": message}."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = " ".join(message.split())  # one line, whatever the message held


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 past `limit` bytes: by its declared Content-Length before anything is read,
    and by the bytes actually received (a chunked body declares nothing; a declared length may lie)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in _SIMPLE_TYPES:
        raise ApiError(415, f"Content-Type {content_type} is not accepted: send application/json "
                            "(application/x-ndjson for /v1/check-many)")
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise ApiError(400, "Content-Length is not a number")
        if int(declared) > limit:
            raise ApiError(413, f"request body of {int(declared):,} bytes is over the limit of {limit:,}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"request body is over the limit of {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_json(data: bytes) -> Any:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ApiError(400, f"not UTF-8 (byte {err.start})") from None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        raise ApiError(400, f"malformed JSON: {err.msg} at line {err.lineno} column {err.colno}") from None
    except (ValueError, RecursionError) as err:
        raise ApiError(400, f"malformed JSON: {str(err) or type(err).__name__}") from None


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def pair_request(obj: Any, extra: dict[str, Any] | None = None, default_id: str = "story") -> tuple[Record, str | None]:
    """(Record, fail_on or None) from one pair object; ApiError(400) naming the first problem. `extra` are the
    endpoint's own fields and their types; they are checked here and read by the caller."""
    problem = pair_problem(obj, extra)
    if problem:
        raise ApiError(400, problem)
    return to_record(obj, default_id), obj.get("fail_on")


def pair_problem(obj: Any, extra: dict[str, Any] | None = None) -> str | None:
    fields = {**PAIR_FIELDS, **(extra or {})}
    if not isinstance(obj, dict):
        return "expected a JSON object with source and target"
    unknown = sorted(set(obj) - set(fields))
    if unknown:
        return f"unknown field {unknown[0]!r} (known: {', '.join(sorted(fields))})"
    missing = [key for key in ("source", "target") if key not in obj]
    if missing:
        return "missing " + " and ".join(repr(k) for k in missing)
    for key, kind in fields.items():
        value = obj.get(key)
        if value is None and key not in ("source", "target"):
            continue
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            names = " or ".join(t.__name__ for t in (kind if isinstance(kind, tuple) else (kind,)))
            return f"{key!r} must be a {names.replace('str', 'string').replace('int', 'number')}"
    for key in ("source_lang", "target_lang"):
        if obj.get(key) is not None and not LANGUAGE_TAG.fullmatch(obj[key]):
            return f"{key!r} must be a language tag such as 'fr' or 'en-GB'"
    if obj.get("fail_on") is not None and obj["fail_on"] not in SEVERITY_NAMES:
        return f"'fail_on' must be one of {', '.join(SEVERITY_NAMES)}"
    return None


def to_record(obj: dict, default_id: str) -> Record:
    raw_id = obj.get("id")
    return Record(str(raw_id) if raw_id is not None and str(raw_id) else default_id, obj["source"], obj["target"],
                  source_lang=obj.get("source_lang"), target_lang=obj.get("target_lang"))


def jsonl_records(data: bytes) -> list[tuple[Record | BadRecord, str | None]]:
    """Each non-blank line of a JSONL body as (Record, fail_on), or a BadRecord saying what is wrong with it."""
    out: list[tuple[Record | BadRecord, str | None]] = []
    seen: set[str] = set()
    for number, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        origin = f"line {number}"
        try:
            obj = parse_json(raw)
            problem = pair_problem(obj)
        except ApiError as err:
            problem = err.message
        if problem:
            out.append((BadRecord(origin, origin, f"{origin}: {problem}"), None))
            continue
        record = to_record(obj, origin)
        if record.id in seen:
            out.append((BadRecord(record.id, origin, f"{origin}: id {record.id!r} already used in this request"), None))
            continue
        seen.add(record.id)
        out.append((record, obj.get("fail_on")))
    return out


FINDING_FIELDS = {"code": str, "check": str, "category": str, "severity": str, "segment": (int, type(None)),
                  "target_start": int, "target_end": int, "source_start": (int, type(None)),
                  "source_end": (int, type(None)), "message": str, "suggestions": list, "fix": str,
                  "confidence": (int, float), "unit": (str, type(None)), "fingerprint": str}


def finding_from(obj: Any, target: str) -> Finding:
    """A Finding from its contract-v1 dict (as /v1/check gave it), its span checked against the target text."""
    if not isinstance(obj, dict):
        raise ApiError(400, "'finding' must be a JSON object as /v1/check returns it")
    unknown = sorted(set(obj) - set(FINDING_FIELDS))
    if unknown:
        raise ApiError(400, f"unknown finding field {unknown[0]!r}")
    for key in ("code", "target_start", "target_end"):
        if key not in obj:
            raise ApiError(400, f"the finding has no {key!r}")
    for key, kind in FINDING_FIELDS.items():
        if key in obj and (not isinstance(obj[key], kind) or isinstance(obj[key], bool)):
            raise ApiError(400, f"the finding's {key!r} has the wrong type")
    if not all(isinstance(s, str) for s in obj.get("suggestions", [])):
        raise ApiError(400, "the finding's suggestions must be strings")
    start, end = obj["target_start"], obj["target_end"]
    if not 0 <= start <= end <= len(target):
        raise ApiError(400, f"the finding's span [{start}, {end}) is outside the target text")
    try:
        return Finding(
            obj["code"], obj.get("check", ""), obj.get("category", ""),
            Severity.parse(obj.get("severity", "minor")), obj.get("segment"), start, end,
            obj.get("source_start"), obj.get("source_end"), obj.get("message", ""),
            list(obj.get("suggestions", [])), obj.get("fix", "review"), float(obj.get("confidence", 0.5)),
            obj.get("unit"),
        )
    except (KeyError, ValueError) as err:
        raise ApiError(400, f"the finding is not valid: {err}") from None
