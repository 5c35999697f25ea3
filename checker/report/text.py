"""The editor's view: aligned segments, source above translation, flagged spans highlighted, reason and fix.

rich decides on colour: none when NO_COLOR is set or stdout is not a terminal, so a pipe or a file gets
plain text; each finding line also quotes its flagged text, so nothing depends on colour.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from rich.console import Console
from rich.text import Text

from ..baseline import suppressed
from ..model import DocumentPair, Finding, Segment, Severity
from ..record import BadRecord

STYLE = {Severity.MINOR: "yellow", Severity.MAJOR: "bold dark_orange", Severity.CRITICAL: "bold red"}
HIGHLIGHT = {Severity.MINOR: "black on yellow", Severity.MAJOR: "black on dark_orange",
             Severity.CRITICAL: "white on red"}
MARK = {Severity.MINOR: "·", Severity.MAJOR: "▲", Severity.CRITICAL: "✖"}


def _highlighted(text: str, start: int, end: int, findings: list[Finding], target: bool) -> Text:
    out = Text(" ".join(text[start:end].split("\n")))
    for f in findings:
        lo, hi = (f.target_start, f.target_end) if target else (f.source_start, f.source_end)
        if lo is None or hi is None or hi <= lo:
            continue
        lo, hi = max(lo, start), min(hi, end)
        if lo < hi:
            out.stylize(HIGHLIGHT[f.severity] if target else "underline", lo - start, hi - start)
    return out


def _finding_lines(pair: DocumentPair, f: Finding) -> list[Text]:
    flagged = pair.target.text[f.target_start : f.target_end]
    head = Text("    ")
    head.append(f"{MARK[f.severity]} {f.severity} ", style=STYLE[f.severity])
    head.append(f"{f.code} {f.check}", style="bold")
    if f.unit is not None:
        head.append(f" (unit {f.unit})", style="dim")
    if flagged:
        head.append(f'  "{" ".join(flagged.split())}"', style="italic")
    head.append(f": {f.message}")
    lines = [head]
    if f.suggestions:
        fix = Text("      → ")
        fix.append(" | ".join(s or "(delete)" for s in f.suggestions[:3]), style="bold green")
        fix.append(f"   ({f.fix}, confidence {f.confidence:.2f})", style="dim")
        lines.append(fix)
    return lines


def _segment_block(pair: DocumentPair, seg: Segment, findings: list[Finding]) -> list[Text]:
    sim = "" if seg.similarity is None else f", similarity {seg.similarity:.2f}"
    title = Text(f"─ {pair.id} · segment {seg.index} ({seg.kind}{sim}) · score {seg.score:.0f} ", style="dim")
    lines = [title]
    src_lang, tgt_lang = pair.source.lang.upper(), pair.target.lang.upper()
    src = _highlighted(pair.source.text, seg.source_start, seg.source_end, findings, target=False)
    tgt = _highlighted(pair.target.text, seg.target_start, seg.target_end, findings, target=True)
    lines.append(Text(f"{src_lang}  ", style="cyan")
                 + (src if seg.source_sentences else Text("(nothing)", style="dim")))
    lines.append(Text(f"{tgt_lang}  ", style="cyan")
                 + (tgt if seg.target_sentences else Text("(missing)", style="bold red")))
    for f in findings:
        lines.extend(_finding_lines(pair, f))
    return lines


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """rich exits 1 when stdout's reader goes away, the code of "findings at the gate": let the command
        decide (checker.commands.options exits 141, as a tool killed by SIGPIPE)."""
        raise BrokenPipeError


def render_text(
    pairs: Iterable[DocumentPair | BadRecord], signature: str, stream: TextIO, *, all_segments: bool = True
) -> None:
    console = _Console(file=stream, highlight=False, soft_wrap=False, emoji=False)
    failed = 0
    for pair in pairs:
        if isinstance(pair, BadRecord):
            failed += 1
            console.print(Text(f"{pair.id}  could not be checked: {pair.message}", style="bold red"))
            continue
        findings = pair.sorted_findings()
        counts = {s: sum(f.severity == s for f in findings) for s in Severity}
        header = Text(f"{pair.id}  ", style="bold")
        header.append(f"{pair.source.lang}→{pair.target.lang}  score {pair.score:.1f}/100  ")
        header.append(
            ", ".join(f"{n} {s}" for s, n in sorted(counts.items(), reverse=True) if n) or "no findings",
            style="bold",
        )
        if suppressed(pair):
            header.append(f", {suppressed(pair)} suppressed", style="dim")
        console.print(header)
        for f in (f for f in findings if f.segment is None):
            for line in _finding_lines(pair, f):
                console.print(line)
        by_seg: dict[int, list[Finding]] = {}
        for f in findings:
            if f.segment is not None:
                by_seg.setdefault(f.segment, []).append(f)
        for seg in pair.segments:
            if all_segments or seg.index in by_seg:
                for line in _segment_block(pair, seg, by_seg.get(seg.index, [])):
                    console.print(line)
        console.print(Text(signature, style="dim"), soft_wrap=True)  # one line, for grep and copy
    if failed:
        console.print(Text(f"{failed} {'story' if failed == 1 else 'stories'} could not be checked", style="bold red"))
