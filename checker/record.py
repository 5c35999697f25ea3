"""The one record type: a document pair to check, as every front end hands it to ``Checker.check_many``.

The readers (``checker.read``) make Records from files, the commands and the service from their arguments; a
record that could not be read is a ``BadRecord``, which travels the same path and is reported, not checked.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

# Units become paragraphs: a blank line is a paragraph break under any segmentation convention.
UNIT_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Unit:
    """One unit of a bilingual file: its id and where it sits in the joined texts ([start, end))."""

    id: str
    source_start: int
    source_end: int
    target_start: int
    target_end: int


def unit_of(units: tuple[Unit, ...], finding) -> str | None:
    """The id of the unit a finding sits in: by its flagged target text, else by its source text (an omission),
    else by where the missing text belongs. None when the span runs over several units (a whole-story finding)."""
    if not units:
        return None
    if finding.target_end > finding.target_start or finding.source_start is None:
        starts, start, end = [u.target_start for u in units], finding.target_start, finding.target_end
    else:
        starts, start, end = [u.source_start for u in units], finding.source_start, finding.source_end
    first = max(bisect_right(starts, start) - 1, 0)
    last = max(bisect_right(starts, max(start, end - 1)) - 1, 0)
    return units[first].id if first == last else None


@dataclass(frozen=True)
class Record:
    """One document pair to check. ``origin`` names the file(s) it came from, for messages."""

    id: str
    source: str
    target: str
    reference: str | None = None
    origin: str = ""
    source_lang: str | None = None  # as the file declares it, when it does
    target_lang: str | None = None
    units: tuple[Unit, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class BadRecord:
    """A record that could not be read; the batch reports it and carries on."""

    id: str
    origin: str
    message: str
