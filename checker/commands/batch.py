"""`checktrans batch PATH...`: every story under the paths, one model load, a gate for CI.

Stories are found without being read (``checker.read.discover``), then read, checked and written one at a
time, so a large archive runs in bounded memory: text, JSON Lines and CSV stream to the output as results come;
HTML is written at the end from a spool file of results. An output file is written to a temporary file and
renamed into place at the end, and is refused when it would overwrite an input.

A story that cannot be read or checked is reported (stderr, and an ``error`` object in JSON Lines) and the
batch carries on. Exit 0 when every story passed, 1 when one failed the gate or could not be checked, 2 for a
usage error (one line on stderr, nothing written). The last stderr line sums it up:

    12 stories: 9 passed, 2 failed the gate (major), 1 could not be checked (story3.fr.txt: binary file, not text)

``--jobs N`` checks in N processes (``checker.workers``), each loading the model once and running its encoder on
its share of the cores. The default is 1, which needs half the memory. Earlier, when each worker's encoder
still used every core, --jobs 2 was slower on 2 cores (12 demo stories: --jobs 1 84 s, --jobs 2 111 s); with one encoder
thread per worker two processes checked newstest2014 pairs 1.15–1.4× faster than one (``scripts/bench.py``).
"""
from __future__ import annotations

import pickle
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import click

from ..errors import InputError, UsageError
from ..model import DocumentPair, Severity
from ..read.formats import BadRecord, Record, unit_of
from ..workers import slim

FORMATS = ("text", "json", "jsonl", "csv", "html")
SEVERITIES = ("minor", "major", "critical")
# Bad records named in the summary line; the rest are counted (each has its own line above it).
SUMMARY_NAMES = 3


@dataclass
class Tally:
    passed: int = 0
    failed: int = 0
    bad: list[str] = field(default_factory=list)
    # Line-aligned (hypothesis, reference) pairs of the stories that came with a reference, for batch scores.
    hypotheses: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    with_reference: int = 0

    def add_reference(self, pair: DocumentPair) -> None:
        if pair.reference and pair.reference.strip():
            from ..reference import lines_for_scoring

            hyp, ref = lines_for_scoring(pair.target.text, pair.reference)
            self.hypotheses += hyp
            self.references += ref
            self.with_reference += 1

    def reference_line(self) -> str | None:
        """sacrebleu's corpus scores over every story that had a reference, as one line."""
        if not self.with_reference:
            return None
        from ..reference import reference_scores

        scores = reference_scores(self.hypotheses, self.references, segments=False)
        n = self.with_reference
        return (f"reference scores over {n} {'story' if n == 1 else 'stories'}: BLEU {scores['bleu']:.1f}, "
                f"chrF {scores['chrf']:.1f}, TER {scores['ter']:.1f} ({scores['signatures']['bleu']})")

    @property
    def total(self) -> int:
        return self.passed + self.failed + len(self.bad)

    def summary(self, fail_on: str) -> str:
        stories = f"{self.total} {'story' if self.total == 1 else 'stories'}"
        line = f"{stories}: {self.passed} passed, {self.failed} failed the gate ({fail_on})"
        if self.bad:
            named = "; ".join(self.bad[:SUMMARY_NAMES])
            more = f"; and {len(self.bad) - SUMMARY_NAMES} more" if len(self.bad) > SUMMARY_NAMES else ""
            line += f", {len(self.bad)} could not be checked ({named}{more})"
        return line

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or self.bad else 0


# -- checking, in this process or in workers ----------------------------------------------------------------------

def _check_record(checker, record: Record) -> DocumentPair | BadRecord:
    try:
        pair = checker.check_texts(
            record.source, record.target, id=record.id,
            source_lang=_primary(options_source_lang(checker) or record.source_lang), reference=record.reference,
        )
    except InputError as err:
        return BadRecord(record.id, record.origin, str(err))
    except Exception as err:  # noqa: BLE001 - one story's bug must not sink an overnight archive run
        # Still exit 1 for the batch, with the error named: hidden from no one, fatal to no other story.
        detail = str(err).strip().splitlines()[0][:200] if str(err).strip() else ""
        return BadRecord(record.id, record.origin, f"{record.origin}: internal error: {type(err).__name__}: {detail}")
    for finding in pair.findings:  # an XLIFF, TMX or PO story: name the unit, which a CAT tool can find
        finding.unit = unit_of(record.units, finding)
    return slim(pair)


def options_source_lang(checker) -> str | None:
    """--source-lang (or the config's) wins over what a file declares: the CMS may label it wrong."""
    return getattr(checker.options, "source_lang", None)


def _primary(lang: str | None) -> str | None:
    """'fr-FR' → 'fr': lexicons and the language check key on the primary subtag."""
    return lang.replace("_", "-").split("-")[0].lower() if lang else None


def _worker_check(record: Record) -> DocumentPair | BadRecord:
    from ..workers import checker

    return _check_record(checker(), record)


def _in_process(options, items: Iterable[Record | BadRecord]) -> tuple[str, Iterator[DocumentPair | BadRecord]]:
    from ..pipeline import Checker

    checker = Checker(options)
    signature = checker.signature  # loads the model once, before the first story

    def run() -> Iterator[DocumentPair | BadRecord]:
        for item in items:
            yield item if isinstance(item, BadRecord) else _check_record(checker, item)

    return signature, run()


def _in_workers(options, items: Iterable[Record | BadRecord], jobs: int):
    """Results in input order, with at most 2 × jobs stories in flight (bounded memory)."""
    from ..workers import run_ordered

    return run_ordered(options, jobs, items, _worker_check, passes=lambda item: isinstance(item, BadRecord))


# -- output ----------------------------------------------------------------------------------------------------------


def _spooled(results: Iterable[DocumentPair]) -> Iterator[DocumentPair]:
    """Every result pickled to a temporary file first, then read back one at a time: the HTML report is
    written whole at the end without holding the whole batch in memory while it is checked."""
    with tempfile.TemporaryFile() as spool:
        count = 0
        for pair in results:
            pickle.dump(pair, spool, protocol=pickle.HIGHEST_PROTOCOL)
            count += 1
        spool.seek(0)
        for _ in range(count):
            yield pickle.load(spool)


def _progress(enabled: bool):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    return Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeRemainingColumn(), console=console, transient=True, disable=not enabled,
    )


def _count(the_plan) -> int | None:
    """Stories in the plan: one per item, except JSONL files and manifests (one per non-empty line)."""
    from ..read.discover import Bilingual
    from ..read.formats import is_manifest

    total = 0
    for item in the_plan.items:
        path = getattr(item, "path", None)
        if isinstance(item, Bilingual) and (path.suffix.lower() == ".jsonl" or is_manifest(path, item.explicit)):
            try:
                with open(path, "rb") as handle:
                    lines = sum(1 for line in handle if line.strip())
            except OSError:
                lines = 1
            total += max(1, lines - (1 if path.suffix.lower() == ".csv" else 0))
        else:
            total += 1
    return total


def _require_renderer(fmt: str) -> None:
    """Fail before checking anything, not after an hour of it, when a format's renderer is not installed."""
    import importlib.util

    module = {"csv": "checker.report.csv_report", "html": "checker.report.html"}.get(fmt)
    if module and importlib.util.find_spec(module) is None:
        raise UsageError(f"--format {fmt} is not available in this installation")


def run_batch(
    paths: tuple[Path, ...], fmt: str, output: str | None, jobs: int, quiet: bool, options,
    echo: Callable[[str], None], stderr_is_terminal: bool,
) -> int:
    from ..outfile import check_output, output_stream
    from ..read.discover import plan, records
    from ..report import render
    from ..report.json_report import error_dict

    _require_renderer(fmt)
    the_plan = plan(list(paths), options.target_lang, options.source_lang)
    if not the_plan.items:
        raise UsageError(f"no stories found in {', '.join(str(p) for p in paths)} "
                         f"(expected story.xx.txt + story.{options.target_lang}.txt, language folders, "
                         f"TMX, XLIFF, PO, TSV, JSONL or a manifest)")
    inputs = tuple(sorted({str(p) for p in the_plan.inputs} | {str(p) for p in paths}))
    check_output(output, inputs)
    gate = Severity.parse(options.fail_on)
    tally = Tally()
    items = records(the_plan, options.target_lang, options.source_lang)
    if jobs > 1:
        signature, results = _in_workers(options, items, jobs)
    else:
        signature, results = _in_process(options, items)
    progress = _progress(enabled=stderr_is_terminal and not quiet)
    task = progress.add_task("checking", total=_count(the_plan))

    def checked(stream) -> Iterator[DocumentPair]:
        for result in results:
            progress.advance(task)
            if isinstance(result, BadRecord):
                tally.bad.append(result.message)
                if progress.live.is_started:  # above the bar, not through it
                    progress.console.print(f"checktrans: {result.message}", markup=False, highlight=False)
                else:
                    echo(f"checktrans: {result.message}")
                if fmt == "jsonl":
                    import json

                    stream.write(json.dumps(error_dict(result.id, result.message, signature), ensure_ascii=False) + "\n")
                continue
            tally.add_reference(result)
            worst = result.worst_severity()
            if worst is not None and worst >= gate:
                tally.failed += 1
            else:
                tally.passed += 1
            yield result

    with progress:
        with output_stream(output, inputs) as stream:
            pairs = checked(stream)
            render(_spooled(pairs) if fmt == "html" else pairs, fmt, signature, stream)
            stream.flush()
    scores = tally.reference_line()
    if scores:
        echo(scores)
    echo(tally.summary(options.fail_on))  # last, where a gate's log is read
    return tally.exit_code


@click.command("batch")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report here (atomically), never over an input.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), help="A story fails at or above this severity.  [default: major]")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes, each loading the model once (1 is fastest on 2 cores).")
@click.option("--model", help="Any sentence-transformers model name or path instead of the default.")
@click.option("--select", multiple=True, help="Only these rule codes or prefixes (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rule codes or prefixes (comma-separated).")
@click.option("--glossary", type=click.Path(dir_okay=False), help="House glossary (CSV or TBX).")
@click.option("--source-lang", help="Source language (ISO 639-1); detected when omitted.")
@click.option("--target-lang", help="The language the translations must be in.  [default: en]")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="A checktrans.toml to use.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def batch(paths, fmt, output, fail_on, jobs, model, select, ignore, glossary, source_lang, target_lang,
          config_path, quiet) -> None:
    """Check every story under PATH... (files or folders) and fail when one reaches --fail-on."""
    def echo(line: str) -> None:
        click.echo(line, err=True)

    try:
        from ..cli import build_options  # the same options and config merge as `check`

        options = build_options(source_lang, target_lang, model, select, ignore, fail_on, glossary, config_path)
        code = run_batch(tuple(paths), fmt, output, jobs, quiet, options, echo, sys.stderr.isatty())
    except (InputError, UsageError) as err:
        echo(f"checktrans: {err}")
        sys.exit(2)
    except KeyboardInterrupt:
        echo("checktrans: interrupted")
        sys.exit(2)
    sys.exit(code)
