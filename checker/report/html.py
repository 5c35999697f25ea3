"""HTML: one self-contained file for the desk (CSS and JS inlined, no external URL).

A summary (stories, findings by severity, worst stories first, the signature), then each story with its
aligned segments side by side, flagged spans highlighted, and the reason and fix beside each finding. A
severity filter runs in the page (``#severity=major`` in the URL applies it at load).

Worst stories first needs every story before the first is written, so each story's HTML goes to a temporary
file as it comes and only (id, score, counts, offset) stays in memory; the report is then the summary followed
by the stories copied from that file in worst-first order. A batch of thousands of stories stays in bounded
memory. Like every renderer this computes nothing but layout: offsets become highlighted, escaped HTML.
"""
from __future__ import annotations

import codecs
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TextIO

from ..baseline import suppressed
from ..model import DocumentPair, Finding, Segment, Severity
from ..record import BadRecord

ASSETS = Path(__file__).resolve().parent / "assets"
SEVERITIES = (Severity.CRITICAL, Severity.MAJOR, Severity.MINOR)
_COPY_CHUNK = 1 << 16


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


@dataclass(frozen=True)
class _StoryIndex:
    """What the summary needs of a story, and where its HTML sits in the spool file."""

    number: int
    id: str
    score: float
    counts: tuple[int, int, int]  # critical, major, minor
    worst: Severity | None
    offset: int
    length: int
    suppressed: int = 0  # findings hidden by a baseline or --since

    def order(self) -> tuple:
        return (-(int(self.worst) if self.worst else 0), *(-n for n in self.counts), self.score, self.id, self.number)


# -- highlighting: offsets → non-overlapping <mark> runs ---------------------------------------------------------


def _highlight(
    text: str, start: int, end: int, spans: list[tuple[int, int, str, str]], *, source: bool
) -> str:
    """``text[start:end]`` with spans (lo, hi, finding id, severity) marked.

    Overlapping spans are cut at every boundary, so each piece is one flat <mark> listing every finding that
    covers it (data-refs): the markup never nests and never breaks, whatever overlaps. An empty span (an
    omission) becomes a caret at its point.
    """
    clipped = []
    points = {start, end}
    for lo, hi, ref, sev in spans:
        if lo is None or hi is None or hi < start or lo > end:
            continue
        lo, hi = max(lo, start), min(hi, end)
        clipped.append((lo, hi, ref, sev))
        points.update((lo, hi))
    cuts = sorted(points)
    out: list[str] = []
    rank = {str(s): int(s) for s in Severity}
    for a, b in zip(cuts, cuts[1:] + [None], strict=False):
        if not source:
            for lo, hi, ref, sev in clipped:
                if lo == hi == a:
                    out.append(
                        f'<span class="gap {sev}" data-refs="{_e(ref)}" title="something is missing here">‸</span>'
                    )
        if b is None:
            break
        piece = _e(text[a:b])
        covering = [(ref, sev) for lo, hi, ref, sev in clipped if lo <= a and b <= hi and lo < hi]
        if not covering:
            out.append(piece)
            continue
        refs = " ".join(ref for ref, _ in covering)
        cls = "src" if source else max((sev for _, sev in covering), key=rank.__getitem__)
        out.append(f'<mark class="{cls}" data-refs="{_e(refs)}">{piece}</mark>')
    return "".join(out)


# -- one story -----------------------------------------------------------------------------------------------------


def _finding_html(pair: DocumentPair, f: Finding, ref: str) -> str:
    sev = str(f.severity)
    flagged = pair.target.text[f.target_start : f.target_end]
    quoted = (f' <span class="flagged">“{_e(flagged)}”</span>' if flagged
              else ' <span class="small">(missing text)</span>')
    suggestions = ", ".join(f'<span class="suggestion">{_e(s) if s else "(delete)"}</span>' for s in f.suggestions)
    fix = f'<div class="fixline">→ {suggestions}</div>' if suggestions else ""
    unit = "" if f.unit is None else f" · unit {_e(f.unit)}"
    return (
        f'<li class="finding {sev}" id="{ref}" data-finding="{ref}" data-severity="{sev}">'
        f'<span class="badge {sev}">{sev}</span> <code>{_e(f.code)}</code> {_e(f.check)}{quoted}'
        f'<div class="message">{_e(f.message)}</div>{fix}'
        f'<div class="small"><span class="badge {_e(f.fix)}">{_e(f.fix)}</span> '
        f"confidence {f.confidence:.2f} · {_e(f.category)}{unit}</div></li>"
    )


def _segment_row(pair: DocumentPair, seg: Segment, findings: list[tuple[str, Finding]]) -> str:
    tgt_spans = [(f.target_start, f.target_end, ref, str(f.severity)) for ref, f in findings]
    src_spans = [(f.source_start, f.source_end, ref, str(f.severity)) for ref, f in findings
                 if f.source_start is not None]
    if seg.source_sentences:
        source = _highlight(pair.source.text, seg.source_start, seg.source_end, src_spans, source=True)
    else:
        source = '<span class="missing">(nothing in the source: added in the translation)</span>'
    if seg.target_sentences:
        target = _highlight(pair.target.text, seg.target_start, seg.target_end, tgt_spans, source=False)
    else:
        target = '<span class="missing">(not translated)</span>'
    gap = not seg.source_sentences or not seg.target_sentences
    kind = f'<span class="badge {"gapkind" if gap else "kind"}">{_e(seg.kind)}</span>'
    sim = "" if seg.similarity is None else f"<br>sim {seg.similarity:.2f}"
    notes = "".join(_finding_html(pair, f, ref) for ref, f in findings)
    classes = "segment" + (" kind-gap" if gap else "") + ("" if findings else " clean")
    return (
        f'<tr class="{classes}" id="{_e(pair.id)}-seg-{seg.index}"><td class="info">#{seg.index} {kind}'
        f'<br><span class="small">score {seg.score:.0f}{sim}</span></td>'
        f'<td class="text" lang="{_e(pair.source.lang)}">{source}</td>'
        f'<td class="text" lang="{_e(pair.target.lang)}">{target}</td>'
        f'<td><ul class="findings">{notes}</ul></td></tr>'
    )


def _metrics_html(metrics: dict) -> str:
    if not metrics:
        return ""
    cells = []
    for key in sorted(metrics):
        value = metrics[key]
        if isinstance(value, (int, float, str)):
            cells.append(f"<tr><th>{_e(key)}</th><td class=\"num\">{_e(value)}</td></tr>")
        elif isinstance(value, dict):
            inner = "; ".join(f"{_e(k)}: {_e(v)}" for k, v in sorted(value.items()))
            cells.append(f'<tr><th>{_e(key)}</th><td class="small">{inner}</td></tr>')
        elif isinstance(value, list):
            cells.append(f'<tr><th>{_e(key)}</th><td class="small">{len(value)} per-line scores</td></tr>')
    return f'<h3>Reference scores</h3><table class="summary metrics">{"".join(cells)}</table>'


def _story_html(pair: DocumentPair, number: int, counts: tuple[int, int, int]) -> str:
    findings = pair.sorted_findings()
    refs = [(f"s{number}-f{i}", f) for i, f in enumerate(findings)]
    by_seg: dict[int | None, list[tuple[str, Finding]]] = {}
    for ref, f in refs:
        by_seg.setdefault(f.segment, []).append((ref, f))
    worst = pair.worst_severity()
    tally = ", ".join(f"{n} {s}" for s, n in zip(SEVERITIES, counts, strict=True) if n) or "no findings"
    if suppressed(pair):
        tally += f", {suppressed(pair)} suppressed"
    doc_level = by_seg.get(None, [])
    doc_html = (
        '<ul class="findings document">' + "".join(_finding_html(pair, f, r) for r, f in doc_level) + "</ul>"
        if doc_level
        else ""
    )
    rows = "".join(_segment_row(pair, seg, by_seg.get(seg.index, [])) for seg in pair.segments)
    return (
        f'<section class="story" id="story-{number}" data-story-worst="{worst or "none"}">'
        f"<h2>{_e(pair.id)}</h2>"
        f'<div class="meta">{_e(pair.source.lang)} → {_e(pair.target.lang)} · score <b>{pair.score:.1f}</b>/100 · '
        f"{tally} · {len(pair.segments)} segments</div>"
        f"{_metrics_html(pair.metrics)}{doc_html}"
        '<table class="segments"><colgroup><col class="c-info"><col><col><col class="c-notes"></colgroup>'
        f"<thead><tr><th>segment</th><th>source ({_e(pair.source.lang)})</th>"
        f"<th>translation ({_e(pair.target.lang)})</th><th>findings</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>\n"
    )


# -- the page ------------------------------------------------------------------------------------------------------


def _asset(name: str) -> str:
    text = (ASSETS / name).read_text(encoding="utf-8")
    return text.replace("</", "<\\/")  # an inlined asset must never close its own element


def _failed_html(failed: list[BadRecord]) -> str:
    """Stories that could not be checked, with the reason: a report that leaves them out would read as clean."""
    if not failed:
        return ""
    items = "".join(f"<li><strong>{_e(bad.id)}</strong>: {_e(bad.message)}</li>" for bad in failed)
    return (f'<section class="summary-block failed"><h2>Could not be checked ({len(failed)})</h2>'
            f"<ul>{items}</ul></section>\n")


def _summary_html(index: list[_StoryIndex], signature: str, failed: int = 0) -> str:
    totals = [sum(s.counts[i] for s in index) for i in range(3)]
    badges = " ".join(f'<span class="badge {s}">{n} {s}</span>' for s, n in zip(SEVERITIES, totals, strict=True))
    rows = []
    for s in index:
        worst = (f'<span class="badge {s.worst}">{s.worst}</span>' if s.worst
                 else '<span class="badge none">clean</span>')
        rows.append(
            f'<tr data-story-worst="{s.worst or "none"}"><td><a href="#story-{s.number}">{_e(s.id)}</a></td>'
            f'<td>{worst}</td><td class="num">{s.score:.1f}</td>'
            + "".join(f'<td class="num">{n}</td>' for n in s.counts)
            + "</tr>"
        )
    return (
        f'<section class="summary-block"><h2>Summary</h2><p>{len(index)} '
        f'{"story" if len(index) == 1 else "stories"} · {sum(totals)} findings: {badges}'
        + (f' · <span class="badge critical">{failed} could not be checked</span>' if failed else "")
        + (f" · {hidden} suppressed" if (hidden := sum(s.suppressed for s in index)) else "")
        + "</p>"
        '<table class="summary"><thead><tr><th>story (worst first)</th><th>worst</th><th class="num">score</th>'
        + "".join(f'<th class="num">{s}</th>' for s in SEVERITIES)
        + f'</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        f'<p class="signature">{_e(signature)}</p></section>\n'
    )


def render_html(pairs: Iterable[DocumentPair | BadRecord], signature: str, stream: TextIO) -> None:
    index: list[_StoryIndex] = []
    failed: list[BadRecord] = []
    with tempfile.TemporaryFile() as spool:
        for number, pair in enumerate(pairs):
            if isinstance(pair, BadRecord):
                failed.append(pair)
                continue
            counts = tuple(sum(f.severity == s for f in pair.findings) for s in SEVERITIES)
            data = _story_html(pair, number, counts).encode("utf-8")
            index.append(
                _StoryIndex(number, pair.id, float(pair.score), counts, pair.worst_severity(), spool.tell(), len(data),
                            suppressed(pair))
            )
            spool.write(data)
        index.sort(key=_StoryIndex.order)
        options = "".join(f'<option value="{s}">{s} and above</option>' for s in reversed(SEVERITIES))
        stream.write(
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>checktrans report · {len(index)} {'story' if len(index) == 1 else 'stories'}</title>"
            f"<style>{_asset('report.css')}</style></head>\n<body data-min-severity=\"minor\">"
            '<header class="top"><h1>checktrans report</h1><div class="filter">'
            f'<label for="severity-filter">Show</label><select id="severity-filter">{options}</select> '
            '<label><input type="checkbox" id="only-flagged"> only flagged segments</label></div></header>\n'
        )
        stream.write(_summary_html(index, signature, len(failed)))
        stream.write(_failed_html(failed))
        for story in index:
            spool.seek(story.offset)
            left = story.length
            # Copy in chunks; a chunk may end inside a UTF-8 sequence, so decode incrementally.
            decoder = codecs.getincrementaldecoder("utf-8")()
            while left:
                chunk = spool.read(min(_COPY_CHUNK, left))
                left -= len(chunk)
                stream.write(decoder.decode(chunk, final=not left))
        stream.write(f"<script>{_asset('report.js')}</script>\n</body></html>\n")
