"""Applying findings' fixes to the translation: pure text in, text out, nothing read or written here.

A fix replaces a finding's flagged span, ``text[target_start:target_end]``, by its first suggestion (an empty
suggestion deletes the span; an omission, start == end, inserts there, with a space on a side where the inserted
word would otherwise run into a word: "Rendezvous" + "unmissable" is "Rendezvous unmissable"). The offsets are
the JSON contract's, so every character outside the fixed spans is kept exactly as it was read: the corrected
text differs from the original only where a fix was applied.

Which fixes are applied:
- ``safe`` fixes always; ``review`` fixes only with ``unsafe=True`` (the command's ``--unsafe-fixes``);
- two fixes that overlap are never both applied: the first by position (``Finding.sort_key``) wins, the other
  is left, naming the one it collides with. Spans that only touch (one ends where the next starts) do not
  overlap; two insertions at the same point, or an insertion strictly inside a replaced span, do;
- a fix identical to one already applied (same span, same replacement: two rules flagging one word alike) is
  counted as applied, since its edit is in the text.

Every finding that is not applied is in ``FixResult.left`` with the reason, so that a caller can gate on what
is left (the ``fix`` command exits 1 when a left finding reaches ``--fail-on``) and tell the user why.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from .model import Finding, FixSafety
from .record import Unit

# Reasons a finding is left (the first words are stable: callers may group on them).
NO_FIX = "no fix offered"
FOR_REVIEW = "fix is for review (use --unsafe-fixes)"
OUT_OF_TEXT = "offsets outside the text"
SPANS_UNITS = "spans more than one unit of the file"


@dataclass
class Edit:
    """One change to a text: [start, end), the new text (spaced as ``placed`` spaces it), and the findings it
    fixes (one, or several asking for the very same change)."""

    start: int
    end: int
    text: str
    findings: list[Finding] = field(default_factory=list)


@dataclass
class FixResult:
    """The corrected text, the findings whose fix is in it (in text order), the others with why, and the edits
    that made the text (in text order; offsets into the original)."""

    text: str
    applied: list[Finding] = field(default_factory=list)
    left: list[tuple[Finding, str]] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)


def replacement(finding: Finding, *, unsafe: bool = False) -> str | None:
    """The text a finding's fix puts in place of its span, or None when it offers no fix it may apply."""
    if not finding.suggestions:
        return None
    if finding.fix != FixSafety.SAFE and not unsafe:
        return None
    return finding.suggestions[0]


def placed(text: str, start: int, end: int, new: str) -> str:
    """What goes into text[start:end]: `new`, and for an inserted word a space where it would touch a word or
    follow a mark that a space follows (suggestions name the missing word alone, "unmissable", and an omission's
    point is the end of the word before it); an inserted mark ("!") is put as it is."""
    if start != end or not new.strip():
        return new
    before, after = text[start - 1 : start], text[start : start + 1]
    if (before.isalnum() or before in ".,;:!?)]”’") and new[0].isalnum():
        new = " " + new
    if after.isalnum() and new[-1].isalnum():
        new += " "
    return new


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    (s1, e1), (s2, e2) = a, b
    if s1 == e1 and s2 == e2:  # two insertions: only at the same point
        return s1 == s2
    if s1 == e1:  # an insertion inside a replaced span (not at its edges)
        return s2 < s1 < e2
    if s2 == e2:
        return s1 < s2 < e1
    return s1 < e2 and s2 < e1


def _where(finding: Finding) -> str:
    return f"{finding.code} at {finding.target_start}-{finding.target_end}"


def apply_fixes(text: str, findings: list[Finding], *, unsafe: bool = False) -> FixResult:
    """Apply the findings' fixes to ``text`` (the target text their offsets index); see the module doc."""
    applied: list[tuple[Finding, str]] = []
    left: list[tuple[Finding, str]] = []
    for finding in sorted(findings, key=Finding.sort_key):
        new = replacement(finding, unsafe=unsafe)
        if new is None:
            left.append((finding, NO_FIX if not finding.suggestions else FOR_REVIEW))
            continue
        span = (finding.target_start, finding.target_end)
        if not 0 <= span[0] <= span[1] <= len(text):
            left.append((finding, OUT_OF_TEXT))
            continue
        clash = next(((f, r) for f, r in applied if _overlaps(span, (f.target_start, f.target_end))), None)
        if clash is None:
            applied.append((finding, new))
        elif (clash[0].target_start, clash[0].target_end) == span and clash[1] == new:
            applied.append((finding, new))  # the same edit twice: it is in the text once, and fixes both
        else:
            left.append((finding, f"overlaps the fix of {_where(clash[0])}"))

    edits: dict[tuple[int, int, str], Edit] = {}  # in text order, and no two overlap but identical ones
    for finding, new in applied:
        start, end = finding.target_start, finding.target_end
        edit = edits.setdefault((start, end, new), Edit(start, end, placed(text, start, end, new)))
        edit.findings.append(finding)
    return FixResult(edited(text, list(edits.values())), [f for f, _ in applied], left, list(edits.values()))


# -- fixes in the units of a bilingual file ------------------------------------------------------------------------


def unit_index(units: tuple[Unit, ...], start: int, end: int) -> int | None:
    """The index of the unit whose target holds [start, end) (an insertion may sit at either edge), or None
    when the span runs over the blank line between units or over more than one."""
    if not units:
        return None
    i = bisect_right([u.target_start for u in units], start) - 1
    if i < 0:
        return None
    unit = units[i]
    return i if unit.target_start <= start <= end <= unit.target_end else None


def apply_fixes_in_units(text: str, findings: list[Finding], units: tuple[Unit, ...], *,
                         unsafe: bool = False) -> tuple[FixResult, dict[int, list[Edit]]]:
    """``apply_fixes`` on the joined target text of a bilingual file (``Record.units``), where a fix must stay in
    one unit: one that spans two units (or the blank line between them) is left. Also returns each changed unit's
    edits (by unit index, in text order, offsets into the unit's target), for writing the file back unit by
    unit."""
    inside: list[Finding] = []
    spanning: list[Finding] = []
    for finding in findings:
        fixable = replacement(finding, unsafe=unsafe) is not None
        if fixable and unit_index(units, finding.target_start, finding.target_end) is None:
            spanning.append(finding)
        else:
            inside.append(finding)
    result = apply_fixes(text, inside, unsafe=unsafe)
    result.left = sorted(result.left + [(f, SPANS_UNITS) for f in spanning], key=lambda item: item[0].sort_key())
    edits: dict[int, list[Edit]] = {}
    for edit in result.edits:
        i = unit_index(units, edit.start, edit.end)
        base = units[i].target_start
        edits.setdefault(i, []).append(Edit(edit.start - base, edit.end - base, edit.text, edit.findings))
    return result, edits


def edited(text: str, edits: list[Edit]) -> str:
    """``text`` with non-overlapping edits (offsets into it) made."""
    pieces, at = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces += [text[at : edit.start], edit.text]
        at = edit.end
    pieces.append(text[at:])
    return "".join(pieces)
