"""`checktrans check SOURCE TARGET`: one story, as the desk runs it; `--pairs FILE.jsonl` for many pairs."""
from __future__ import annotations

import sys

import click

from ..errors import InputError, UsageError
from ..record import BadRecord, Record
from .options import (
    Progress,
    build_options,
    common_options,
    format_option,
    gate,
    jobs_option,
    progress_option,
    regular_file_or_pipe,
    suppression_options,
)


def read_pairs_file(path: str) -> list[Record]:
    """Read a whole --pairs JSONL file up front (batch's JSONL reader, streamed line by line), so that a
    malformed line writes nothing at all: its first bad line is the one error."""
    from ..read.formats import read_jsonl

    records = []
    for record in read_jsonl(regular_file_or_pipe(path, "--pairs")):
        if isinstance(record, BadRecord):
            raise InputError(record.message)
        records.append(record)
    if not records:
        raise InputError(f"{path}: no pairs in the file")
    return records


@click.command()
@click.argument("source", required=False)
@click.argument("target", required=False)
@click.option("--pairs", "pairs_path", type=click.Path(dir_okay=False),
              help="JSONL of {id, source, target}: many pairs, one model load.")
@format_option(None, "text; jsonl with --pairs")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the report here (atomically) instead of stdout.")
@click.option("--links/--no-links", default=False, help="Include word links per segment in JSON output.")
@jobs_option("With --pairs: check in N processes, each with its own model (2 on 2 cores: 1.15-1.4x faster, "
             "twice the memory).")
@progress_option
@suppression_options()
@common_options
def check(source, target, pairs_path, fmt, output, links, jobs, progress, baseline, update_baseline, since,
          **common) -> None:
    """Check TARGET (a translation) against SOURCE. Use - for stdin."""
    from ..baseline import Suppressions
    from ..engines.local import bounded_jobs, run
    from ..outfile import check_output, output_stream
    from ..read.text import read_text
    from ..report import get_format, render

    if pairs_path and (source or target):
        raise UsageError("give either SOURCE TARGET or --pairs, not both")
    if not pairs_path and not (source and target):
        raise UsageError("give SOURCE and TARGET files (or --pairs FILE.jsonl)")
    if source == "-" and target == "-":
        raise UsageError("only one of SOURCE and TARGET can be stdin")
    if jobs != 1 and not pairs_path:
        raise UsageError("--jobs applies to --pairs; one story is checked in one process")
    inputs = tuple(p for p in (source, target, pairs_path) if p)
    check_output(output, inputs)
    options = build_options(**common)
    suppressions = Suppressions.from_options(common["config_path"], baseline, update_baseline, since,
                                             single=not pairs_path)
    fmt = get_format(fmt or ("jsonl" if pairs_path else "text"))
    extra = {"links": links} if fmt.links else {}

    if pairs_path:
        records = read_pairs_file(pairs_path)
    else:
        src_text, doc_id = read_text(source)
        tgt_text, _ = read_text(target)
        records = [Record(doc_id, src_text, tgt_text)]
    if not pairs_path:
        # One story: its bad input is the run's error (exit 2), and a bug is a bug (exit 3), not a failed record.
        from ..pipeline import Checker

        checker = Checker(options)
        (record,) = records
        pair = checker.check_texts(record.source, record.target, id=record.id)
        suppressions.apply(pair)
        with output_stream(output, inputs) as stream:
            render([pair], fmt.name, checker.signature, stream, **extra)
        suppressions.finish()
        sys.exit(1 if gate([pair], options.fail_on) else 0)

    jobs, lowered = bounded_jobs(jobs, len(records))
    if lowered:
        click.echo(f"checktrans: {lowered}", err=True)
    signature, results = run(options, records, jobs)
    failed: list[BadRecord] = []
    gated = False
    meter = Progress(progress, len(records), "pairs")

    def tallied():
        nonlocal gated
        for result in meter.track(results):
            if isinstance(result, BadRecord):
                failed.append(result)
            else:
                suppressions.apply(result)
                gated = gated or gate([result], options.fail_on)
            yield result

    with meter, output_stream(output, inputs) as stream:
        render(tallied(), fmt.name, signature, stream, **extra)
    suppressions.finish()
    for bad in failed:
        click.echo(f"checktrans: record {bad.id}: {bad.message}", err=True)
    sys.exit(1 if gated or failed else 0)

