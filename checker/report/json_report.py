"""JSON and JSONL: the contract of DESIGN.md, version 1."""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from ..baseline import fingerprint, suppressed
from ..model import DocumentPair
from ..record import BadRecord

CONTRACT_VERSION = 1


def to_dict(pair: DocumentPair, signature: str, *, links: bool = False) -> dict[str, Any]:
    d: dict[str, Any] = {
        "version": CONTRACT_VERSION,
        "id": pair.id,
        "source_lang": pair.source.lang,
        "target_lang": pair.target.lang,
        "signature": signature,
        "score": round(float(pair.score), 1),
        "segments": [s.to_dict(with_links=links) for s in pair.segments],
        # Each finding's fingerprint (checker.baseline): additive to the contract, what --since matches on.
        "findings": [{**f.to_dict(), "fingerprint": fingerprint(pair, f)} for f in pair.sorted_findings()],
    }
    if suppressed(pair):  # only when a baseline or --since hid some, so that a normal run's JSON is unchanged
        d["suppressed"] = suppressed(pair)
    if pair.metrics:
        d["reference"] = pair.metrics
    return d


def error_dict(record_id: str, message: str, signature: str) -> dict[str, Any]:
    """A record that could not be checked, in a JSONL stream: the stream stays one object per input."""
    return {"version": CONTRACT_VERSION, "id": record_id, "signature": signature, "error": message}


def as_dict(item: DocumentPair | BadRecord, signature: str, *, links: bool = False) -> dict[str, Any]:
    """A checked story, or the error object of one that could not be checked."""
    if isinstance(item, BadRecord):
        return error_dict(item.id, item.message, signature)
    return to_dict(item, signature, links=links)


def render_json(pairs: Iterable[DocumentPair | BadRecord], signature: str, stream: TextIO, *,
                links: bool = False) -> None:
    """One object for one pair; a list when there are several."""
    docs = [as_dict(p, signature, links=links) for p in pairs]
    json.dump(docs[0] if len(docs) == 1 else docs, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def render_jsonl(pairs: Iterable[DocumentPair | BadRecord], signature: str, stream: TextIO, *,
                 links: bool = False) -> None:
    for p in pairs:
        stream.write(json.dumps(as_dict(p, signature, links=links), ensure_ascii=False) + "\n")
