"""`checktrans batch PATH...`: every story under the paths, one model load, a gate for CI.

Stories are found without being read (``checker.read.discover``), then read, checked and written a chunk at a
time, so a large archive runs in bounded memory: the formats that stream write each story as it comes; HTML
spools its own pages to disk and writes them worst first at the end. An output file is written to a temporary
file and renamed into place at the end, and is refused when it would overwrite an input.

A story that cannot be read or checked is reported (stderr, and in every report format) and the batch carries
on; so does a story whose worker died twice. Paths that resolve outside the folders given are refused for that
story unless ``--allow-outside``; the report being written is never read as input. Exit 0 when every story
passed, 1 when one failed the gate or could not be checked, 2 for a usage error (one line on stderr, nothing
written). The last stderr line sums it up:

    12 stories: 9 passed, 2 failed the gate (major), 1 could not be checked (story3.fr.txt: binary file, not text)

Every story goes through the one multi-story path (``checker.engines.local.run`` → ``Checker.check_many``), so
many short stories share each encoder call. ``--jobs N`` checks in N processes, each loading the model once and
running its encoder on its share of the cores. The default is 1, which needs half the memory. Earlier, when each
worker's encoder still used every core, --jobs 2 was slower on 2 cores (12 demo stories: --jobs 1 84 s, --jobs 2
111 s); with one encoder thread per worker two processes checked newstest2014 pairs 1.15–1.4× faster than one
(``scripts/bench.py``). ``--engine ray`` runs the same checker on a Ray cluster (``checker.engines.ray``).
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

from ..engines.tally import Tally
from ..errors import UsageError
from ..model import DocumentPair, Severity
from ..record import BadRecord
from .options import (
    Progress,
    build_options,
    common_options,
    format_option,
    jobs_option,
    progress_option,
    suppression_options,
)

# -- the run --------------------------------------------------------------------------------------------------


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


def run_batch(paths: tuple[Path, ...], fmt: str, output: str | None, jobs: int, progress: bool | None, options,
              allow_outside: bool = False, suppressions=None, fix: bool = False, unsafe_fixes: bool = False) -> int:
    from ..engines.local import bounded_jobs, run
    from ..outfile import check_output, output_stream
    from ..read.discover import plan, records
    from ..report import get_format, render

    report = get_format(fmt)
    if not report.available():  # fail before checking anything, not after an hour of it
        raise UsageError(f"--format {fmt} is not available in this installation")
    exclude = {Path(output).resolve()} if output not in (None, "-") else set()
    the_plan = plan(list(paths), options.target_lang, options.source_lang, allow_outside=allow_outside,
                    exclude=exclude)
    if not the_plan.items:
        raise UsageError(f"no stories found in {', '.join(str(p) for p in paths)} "
                         f"(expected story.xx.txt + story.{options.target_lang}.txt, language folders, "
                         f"TMX, XLIFF, PO, TSV, JSONL or a manifest)")
    inputs = tuple(sorted({str(p) for p in the_plan.inputs} | {str(p) for p in paths}))
    check_output(output, inputs)
    total = _count(the_plan)
    meter = Progress(progress, total, "stories")
    jobs, lowered = bounded_jobs(jobs, total)
    if lowered:
        meter.echo(f"checktrans: {lowered}")
    gate = Severity.parse(options.fail_on)
    tally = Tally()
    read = records(the_plan, options.target_lang, options.source_lang, allow_outside=allow_outside)
    fixed = origins = None
    if fix:  # each result's plan item (results come one per record, in input order) and units, for its copy
        from collections import deque
        from dataclasses import replace

        from .fix import FixedCopies

        fixed = FixedCopies(Path(output).resolve().parent if output not in (None, "-") else Path.cwd(),
                            inputs, unsafe_fixes, options.target_lang)
        origins = deque()

        def read_one_by_one() -> Iterator:
            for item in the_plan.items:
                for record in records(replace(the_plan, items=[item]), options.target_lang, options.source_lang,
                                      allow_outside=allow_outside):
                    origins.append((item, getattr(record, "units", ())))
                    yield record

        read = read_one_by_one()
    signature, results = run(options, read, jobs)

    def tallied() -> Iterator[DocumentPair | BadRecord]:
        for result in meter.track(results):
            origin = origins.popleft() if origins is not None else None
            if isinstance(result, BadRecord):
                tally.bad.append(result.message)
                meter.echo(f"checktrans: {result.message}")
            else:
                if suppressions is not None:
                    suppressions.apply(result)
                if fixed is not None:
                    fixed.write(result, *origin, meter.echo)
                tally.add_reference(result)
                worst = result.worst_severity()
                if worst is not None and worst >= gate:
                    tally.failed += 1
                else:
                    tally.passed += 1
            yield result

    with meter, output_stream(output, inputs) as stream:
        render(tallied(), report.name, signature, stream)
        stream.flush()
    if suppressions is not None:
        suppressions.finish()
    if fixed is not None:
        click.echo(fixed.summary(), err=True)
    scores = tally.reference_line()
    if scores:
        click.echo(scores, err=True)
    click.echo(tally.summary(options.fail_on), err=True)  # last, where a gate's log is read
    return tally.exit_code


@click.command("batch")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option("text", "text")
@click.option("-o", "--output", type=click.Path(),
              help="Write the report here (atomically), never over an input; --engine ray: a folder of shards.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: processes on this machine; ray: actors on a Ray cluster, JSONL shards in -o FOLDER, "
                   "resumable.")
@click.option("--address", help="--engine ray: the cluster to join (HOST:PORT, ray://HOST:PORT); default: start "
                                "one on this machine.")
@jobs_option("Worker processes, each loading the model once.")
@click.option("--allow-outside", is_flag=True,
              help="Read manifest paths and symlinks that lead outside the folders given (refused by default).")
@click.option("--fix", is_flag=True,
              help="Also write each story's safe fixes applied beside the report (story.en.fixed.txt, "
                   "story.xlf.fixed).")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix: also the fixes marked for review.")
@progress_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar (as --no-progress).")
@suppression_options()
@common_options
def batch(paths, fmt, output, jobs, allow_outside, fix, unsafe_fixes, progress, quiet, baseline, update_baseline,
          since, **common) -> None:
    """Check every story under PATH... (files or folders) and fail when one reaches --fail-on."""
    engine, address = common.pop("engine"), common.pop("address")
    if engine != "local" or address:  # checker/engines/ray.py checks what goes with it, then runs
        from ..engines.ray import batch_command

        sys.exit(batch_command(click.get_current_context(), engine, address, paths, output, jobs,
                               False if quiet else progress, build_options(**common), allow_outside))
    from ..baseline import Suppressions

    if unsafe_fixes and not fix:
        raise UsageError("--unsafe-fixes goes with --fix")
    options = build_options(**common)
    suppressions = Suppressions.from_options(common["config_path"], baseline, update_baseline, since)
    sys.exit(run_batch(tuple(paths), fmt, output, jobs, False if quiet else progress, options, allow_outside,
                       suppressions, fix, unsafe_fixes))
