"""Fingerprints of findings, and the baseline file of the findings a desk has accepted.

A fingerprint names a finding so that it is recognised again in a later version of the story, whatever was
edited elsewhere in it. It is made of, and only of:

- the rule code;
- the segment's source text, whitespace collapsed and casefolded (the French sentence the finding is about;
  for an added "0-1" segment, which has none, its target text stands in; a whole-story finding has neither);
- the flagged target text, whitespace collapsed (for an omission, where the flagged text is empty, the source
  text it flags stands in: what is missing);
- which occurrence of that text in the segment it is (0 for the first), not its offset.

Absolute offsets would change with any edit before the finding. The occurrence index is also kept by an edit to
the same sentence that does not touch the flagged word ("The summit ends" → "The big summit ends": "summit" is
still the first "summit"), where an offset relative to the segment's start would move; it changes only when an
occurrence of the same text is added or removed before it. So a finding stays recognised across edits to other
sentences and to the rest of its own translation, and comes back as new when its source sentence changes (the
sentence is not the one that was accepted) or the flagged text does.

The story's id is not in the fingerprint: a story checked again under another file name (story-v2) keeps its
suppressions. The same fingerprint twice in one story (a repeated sentence) is suppressed in both places.

The baseline file is JSON, written atomically, sorted and one entry per line so that it diffs well in git:

    {
      "version": 1,
      "findings": [
        {"code": "CT101", "excerpt": "top ← sommet", "fingerprint": "3f0c…", "story": "wire-xi-putin"},
        …
      ]
    }

``excerpt`` (the flagged text, and the source text it flags) and ``story`` are for the people reading the file;
matching uses ``fingerprint`` alone.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError
from .model import DocumentPair, Finding

BASELINE_VERSION = 1
_SPACE = re.compile(r"\s+")
EXCERPT_CHARS = 60


def _normal(text: str, fold: bool = False) -> str:
    text = _SPACE.sub(" ", text).strip()
    return text.casefold() if fold else text


def _segment(pair: DocumentPair, finding: Finding):
    if finding.segment is None:
        return None
    if 0 <= finding.segment < len(pair.segments) and pair.segments[finding.segment].index == finding.segment:
        return pair.segments[finding.segment]
    return next((s for s in pair.segments if s.index == finding.segment), None)


def _occurrence(text: str, part: str, at: int) -> int:
    """How many times ``part`` starts in ``text`` before ``at`` (0: the first occurrence)."""
    if not part:
        return 0
    count, i = 0, text.find(part)
    while 0 <= i < at:
        count += 1
        i = text.find(part, i + 1)
    return count


def _within(span: tuple[int, int] | None, start: int, end: int, length: int) -> tuple[int, int]:
    """The segment's span when the flagged text lies in it, else the whole text."""
    if span and span[0] <= start and end <= span[1]:
        return span
    return 0, length


def fingerprint_parts(pair: DocumentPair, finding: Finding) -> tuple[str, str, str, int]:
    """(code, sentence, flagged, occurrence): what the fingerprint hashes (see the module doc)."""
    source, target = pair.source.text, pair.target.text
    seg = _segment(pair, finding)
    if seg is not None:
        sentence = source[seg.source_start : seg.source_end] or "\x00" + target[seg.target_start : seg.target_end]
    else:  # a whole-story finding
        sentence = ""
    flagged = target[finding.target_start : finding.target_end]
    if flagged:
        lo, hi = _within(seg and (seg.target_start, seg.target_end), finding.target_start, finding.target_end,
                         len(target))
        occurrence = _occurrence(target[lo:hi], flagged, finding.target_start - lo)
    elif finding.source_start is not None and finding.source_end is not None:
        flagged = "\x00" + source[finding.source_start : finding.source_end]  # an omission: what is missing
        lo, hi = _within(seg and (seg.source_start, seg.source_end), finding.source_start, finding.source_end,
                         len(source))
        occurrence = _occurrence(source[lo:hi], flagged[1:], finding.source_start - lo)
    else:
        occurrence = 0
    return finding.code, _normal(sentence, fold=True), _normal(flagged), occurrence


def fingerprint(pair: DocumentPair, finding: Finding) -> str:
    """A finding's fingerprint: 20 hex digits, the same for the same finding in an edited story."""
    code, sentence, flagged, occurrence = fingerprint_parts(pair, finding)
    key = "\x1f".join((code, sentence, flagged, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def excerpt(pair: DocumentPair, finding: Finding) -> str:
    """A short line for people reading the baseline: the flagged text, and the source text it flags."""
    flagged = _normal(pair.target.text[finding.target_start : finding.target_end])
    source = ""
    if finding.source_start is not None and finding.source_end is not None:
        source = _normal(pair.source.text[finding.source_start : finding.source_end])
    text = f"{flagged or '(missing)'} ← {source}" if source else flagged or "(whole story)"
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"


def mark_suppressed(pair: DocumentPair, count: int) -> None:
    """Add to the count of findings hidden from a pair's report (by a baseline or --since), which the renderers
    print ("3 suppressed"); a pair that never had one hidden has no count, and its JSON no ``suppressed``."""
    if count:
        pair.suppressed = getattr(pair, "suppressed", 0) + count


def suppressed(pair: DocumentPair) -> int:
    """How many findings were hidden from a pair's report."""
    return int(getattr(pair, "suppressed", 0) or 0)


@dataclass
class Baseline:
    """The findings accepted as they are, by fingerprint. ``entries`` maps each to its human-readable entry."""

    entries: dict[str, dict] = field(default_factory=dict)
    path: Path | None = None

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        """The baseline at ``path``; a missing file is an empty baseline (``--update-baseline`` creates it)."""
        path = Path(path)
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path=path)
        except OSError as err:
            raise UsageError(f"baseline {path}: cannot be read ({err.strerror})") from None
        try:
            data = json.loads(raw)
            version = data.get("version")
            items = data["findings"]
            if version != BASELINE_VERSION or not isinstance(items, list):
                raise ValueError(f"version {version!r}")
            entries = {str(item["fingerprint"]): dict(item) for item in items}
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise UsageError(f"baseline {path}: not a checktrans baseline ({err})") from None
        return cls(entries, path)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, fingerprint_: str) -> bool:
        return fingerprint_ in self.entries

    def add(self, pair: DocumentPair, findings: Iterable[Finding]) -> None:
        """Accept these findings of ``pair``."""
        for finding in findings:
            key = fingerprint(pair, finding)
            self.entries[key] = {"code": finding.code, "excerpt": excerpt(pair, finding), "fingerprint": key,
                                 "story": pair.id}

    def forget(self, story_id: str) -> None:
        """Drop the entries recorded for a story (before its current findings are added again)."""
        self.entries = {k: v for k, v in self.entries.items() if v.get("story") != story_id}

    def suppress(self, pair: DocumentPair) -> int:
        """Remove from ``pair.findings`` those the baseline lists; return how many (also counted on the pair)."""
        kept = [f for f in pair.findings if fingerprint(pair, f) not in self.entries]
        count = len(pair.findings) - len(kept)
        pair.findings = kept
        mark_suppressed(pair, count)
        return count

    def dumps(self) -> str:
        """The file's text: sorted entries, one a line, keys sorted: a stable, diffable file."""
        order = sorted(self.entries.values(), key=lambda e: (e.get("story", ""), e["code"], e.get("excerpt", ""),
                                                             e["fingerprint"]))
        lines = [json.dumps(e, ensure_ascii=False, sort_keys=True) for e in order]
        body = ",\n    ".join(lines)
        findings = f"[\n    {body}\n  ]" if lines else "[]"
        return f'{{\n  "version": {BASELINE_VERSION},\n  "findings": {findings}\n}}\n'

    def save(self, path: str | Path | None = None) -> None:
        """Write the baseline atomically (a temporary file renamed into place)."""
        from .outfile import output_stream

        target = Path(path) if path is not None else self.path
        if target is None:
            raise UsageError("no baseline file to write")
        with output_stream(str(target)) as stream:
            stream.write(self.dumps())


# -- --since: the fingerprints of an earlier report -----------------------------------------------------------------


@dataclass
class Since:
    """The fingerprints of the findings of an earlier JSON or JSONL report (``--since``), per story id. They are
    the report's own ``fingerprint`` fields: the earlier texts are not in the report, and need not be anywhere."""

    stories: dict[str, set[str]]
    path: Path

    @classmethod
    def load(cls, path: str | Path) -> Since:
        path = Path(path)
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise UsageError(f"--since {path}: no such file") from None
        except (OSError, UnicodeDecodeError) as err:
            raise UsageError(f"--since {path}: cannot be read ({getattr(err, 'strerror', None) or err})") from None
        try:
            data = json.loads(raw)
            docs = data if isinstance(data, list) else [data]
        except ValueError:
            try:
                docs = [json.loads(line) for line in raw.splitlines() if line.strip()]
            except ValueError:
                raise UsageError(f"--since {path}: not a JSON or JSONL report of checktrans") from None
        stories: dict[str, set[str]] = {}
        for doc in docs:
            if not isinstance(doc, dict) or "error" in doc:
                continue  # a story that could not be checked then: nothing of it is known
            if not isinstance(doc.get("findings"), list) or "id" not in doc:
                raise UsageError(f"--since {path}: not a JSON or JSONL report of checktrans")
            known = stories.setdefault(str(doc["id"]), set())
            for finding in doc["findings"]:
                if not isinstance(finding, dict) or not finding.get("fingerprint"):
                    raise UsageError(f"--since {path}: its findings have no fingerprints (an older checktrans "
                                     f"made it): check the earlier version again with --format json")
                known.add(str(finding["fingerprint"]))
        return cls(stories, path)

    def known(self, story_id: str, single: bool = False) -> set[str]:
        """The earlier fingerprints of a story: by its id, or (``single``: one story checked against a report of
        one story, as ``check`` does) whatever the one story of the report was called, since an updated story
        often comes under a new file name."""
        if story_id in self.stories:
            return self.stories[story_id]
        if single and len(self.stories) == 1:
            return next(iter(self.stories.values()))
        return set()

    def suppress(self, pair: DocumentPair, single: bool = False) -> int:
        """Remove from ``pair.findings`` those the earlier report had; return how many (also counted on the pair)."""
        known = self.known(pair.id, single)
        kept = [f for f in pair.findings if fingerprint(pair, f) not in known]
        count = len(pair.findings) - len(kept)
        pair.findings = kept
        mark_suppressed(pair, count)
        return count


@dataclass
class Suppressions:
    """What a command does with --baseline, --update-baseline and --since, story by story, then at the end."""

    baseline: Baseline | None = None
    update: bool = False
    since: Since | None = None
    single: bool = False  # one story checked: --since matches the report's one story whatever its id

    @classmethod
    def from_options(cls, config_path: str | None, baseline: str | None, update_baseline: bool = False,
                     since: str | None = None, single: bool = False) -> Suppressions:
        """From the command line, with the baseline file of checktrans.toml's ``baseline`` key when --baseline is
        not given; every file is read (and a bad one refused) before any work."""
        from .config import load_config

        path = load_config(config_path).merged(baseline=baseline).baseline
        if update_baseline and path is None:
            raise UsageError("--update-baseline needs a baseline file: --baseline FILE, or baseline in checktrans.toml")
        return cls(Baseline.load(path) if path is not None else None, update_baseline,
                   Since.load(since) if since else None, single)

    def apply(self, pair: DocumentPair) -> int:
        """Record (--update-baseline) or hide (--baseline, --since) a checked story's findings; how many hidden."""
        hidden = 0
        if self.baseline is not None:
            if self.update:
                self.baseline.forget(pair.id)
                self.baseline.add(pair, pair.findings)
            hidden += self.baseline.suppress(pair)
        if self.since is not None:
            hidden += self.since.suppress(pair, self.single)
        return hidden

    def finish(self) -> None:
        """Write the baseline when asked to update it."""
        if self.update and self.baseline is not None:
            self.baseline.save()
