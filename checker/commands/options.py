"""What every command shares: the option set, config merging, the gate, progress, and how a run ends.

Exit codes, as Unix tools and linters use them:
    0    nothing at or above --fail-on
    1    findings at or above --fail-on (or, in a batch, a story that could not be checked)
    2    a usage or input error: one line on stderr, nothing half-written
    3    an internal error (a bug): one line naming the log file that holds the traceback (--debug: on stderr)
    130  interrupted (SIGINT, Ctrl-C); 143 terminated (SIGTERM); 141 stdout closed early (a pipe to `head`)
"""
from __future__ import annotations

import os
import signal
import sys
import time
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path

import click

from ..errors import InputError, UsageError
from ..model import DocumentPair, Severity

SEVERITY_NAMES = tuple(str(s) for s in sorted(Severity))
EXIT_INTERNAL, EXIT_SIGINT, EXIT_SIGPIPE, EXIT_SIGTERM = 3, 130, 141, 143
# Without a terminal, --progress writes one line per this many records.
PROGRESS_EVERY = 1_000


def fail(message: str, code: int = 2) -> None:
    click.echo(f"checktrans: {message}", err=True)
    sys.exit(code)


class OneLineGroup(click.Group):
    """Every way a command can end goes through here: click's own usage errors (an unknown option, a bad choice)
    and ours end in one line on stderr and exit 2, not click's three-line usage block; signals, a closed pipe and
    bugs end with the codes in this module's doc."""

    def main(self, *args, **kwargs):
        kwargs["standalone_mode"] = False  # click raises its errors to us instead of printing them
        # SIGTERM unwinds like Ctrl-C does (SystemExit through every `finally`): no temporary file is left behind.
        signal.signal(signal.SIGTERM, _terminated)
        try:
            code = super().main(*args, **kwargs)
        except SystemExit as done:  # a command's own exit code (the gate), or SIGTERM's
            code = done.code
        except click.exceptions.NoArgsIsHelpError as err:  # a bare `checktrans`: the help, as click shows it
            err.show()
            sys.exit(err.exit_code)
        except click.ClickException as err:
            ctx = getattr(err, "ctx", None)
            fail(err.format_message().rstrip(".") + (f"; see '{ctx.command_path} --help'" if ctx else ""))
        except (InputError, UsageError) as err:
            fail(str(err))
        except (click.Abort, KeyboardInterrupt):
            fail("interrupted", EXIT_SIGINT)
        except BrokenPipeError:
            _quiet_stdout()
            sys.exit(EXIT_SIGPIPE)
        except Exception:  # noqa: BLE001 - a bug: one line for the user, the traceback kept for the report
            fail(_internal_error(), EXIT_INTERNAL)
        try:  # what is still buffered for a pipe: its reader may be gone (`| head`)
            sys.stdout.flush()
        except BrokenPipeError:
            _quiet_stdout()
            sys.exit(EXIT_SIGPIPE)
        sys.exit(code if isinstance(code, int) else 0)  # --help and --version end here with 0


DEBUG = False  # --debug: set by the `checktrans` group before a command runs


def _terminated(signum, frame) -> None:
    raise SystemExit(EXIT_SIGTERM)


def _quiet_stdout() -> None:
    """The reader went away: point stdout at /dev/null so that the interpreter's final flush cannot fail loudly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _internal_error() -> str:
    """The one line shown for a bug; the traceback goes to a log file, or to stderr with --debug."""
    text = traceback.format_exc()
    kind = sys.exc_info()[0].__name__
    if debug_enabled():
        click.echo(text, err=True, nl=False)
        return f"internal error ({kind}); please report it with the traceback above"
    from ..cache import cache_dir

    folder = Path(os.environ.get("CHECKTRANS_CRASH_DIR") or cache_dir() / "crash")
    log = folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(f"checktrans {' '.join(sys.argv[1:])}\n\n{text}", encoding="utf-8")
    except OSError:
        click.echo(text, err=True, nl=False)
        return f"internal error ({kind}); please report it with the traceback above"
    return f"internal error ({kind}); please report it with {log}"


def debug_enabled() -> bool:
    return DEBUG or bool(os.environ.get("CHECKTRANS_DEBUG"))


# -- the option set ----------------------------------------------------------------------------------------------


def common_options(func):
    """Options every checking command shares (check, batch, and the ones built on them)."""
    for decorator in reversed(
        [
            click.option("--source-lang", help="Source language (ISO 639-1); detected when omitted."),
            click.option("--target-lang", help="The language the translation must be in.  [default: en]"),
            click.option("--model", "model",
                         help="Any sentence-transformers model name or path instead of the default."),
            click.option("--select", multiple=True, help="Only these rule codes or prefixes (comma-separated)."),
            click.option("--extend-select", multiple=True,
                         help="These rules too, beside the selected ones; a rule off by default among them."),
            click.option("--ignore", multiple=True, help="Skip these rule codes or prefixes (comma-separated)."),
            click.option("--fail-on", type=click.Choice(SEVERITY_NAMES),
                         help="Exit 1 at or above this severity.  [default: major]"),
            click.option("--glossary", type=click.Path(dir_okay=False), help="House glossary (CSV or TBX)."),
            click.option("--config", "config_path", type=click.Path(dir_okay=False),
                         help="A checktrans.toml to use."),
        ]
    ):
        func = decorator(func)
    return func


def suppression_options(since: bool = True):
    """--baseline FILE (checker.baseline); with ``since``, also --update-baseline and --since REPORT.json."""
    def decorate(func):
        decorators = [click.option("--baseline", type=click.Path(dir_okay=False),
                                   help="Hide the findings this baseline file accepts (default: the baseline "
                                        "key of checktrans.toml).")]
        if since:
            decorators += [
                click.option("--update-baseline", is_flag=True,
                             help="Write this run's findings into the baseline file (they are then hidden)."),
                click.option("--since", type=click.Path(dir_okay=False),
                             help="Report only the findings that are new since this earlier JSON/JSONL report."),
            ]
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return decorate


def format_option(default: str | None, help_default: str):
    from ..report import FORMATS

    return click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default=default,
                        help=f"Report format: {', '.join(FORMATS)}.  [default: {help_default}]")


def jobs_option(help_text: str):
    return click.option("--jobs", "-j", type=click.IntRange(0, 64), default=1, show_default=True,
                        help=help_text + " 0: as many as the cores and memory allow.")


def progress_option(func):
    return click.option("--progress/--no-progress", default=None,
                        help="Progress on stderr: a bar on a terminal (the default there), else a line per "
                             f"{PROGRESS_EVERY:,} records.")(func)


def split_codes(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c.strip().upper() for v in values for c in v.split(",") if c.strip())


def build_options(source_lang, target_lang, model, select, ignore, fail_on, glossary, config_path,
                  extend_select=()):
    """The pipeline's Options: the config file's settings, overridden by what was given on the command line."""
    from ..checks import declared_thresholds
    from ..config import load_config
    from ..pipeline import Options

    config = load_config(config_path).merged(
        source_lang=source_lang, target_lang=target_lang, model=model, select=split_codes(select),
        extend_select=split_codes(extend_select), ignore=split_codes(ignore), fail_on=fail_on, glossary=glossary,
    )
    declared = declared_thresholds()
    for name in config.thresholds:
        if name not in declared:
            where = config.path or "[thresholds]"
            raise UsageError(f"{where}: no rule reads the threshold {name!r} (known: {', '.join(sorted(declared))})")
    loaded_glossary = None
    if config.glossary:
        from ..lexicons.glossary import load_glossary

        loaded_glossary = load_glossary(config.glossary)
    return Options(
        source_lang=config.source_lang,
        target_lang=config.target_lang or "en",
        model=config.model,
        select=config.select,
        ignore=config.ignore,
        extend_select=config.extend_select,
        fail_on=config.fail_on or "major",
        glossary=loaded_glossary,
        thresholds=dict(config.thresholds),
    )


def gate(pairs: Iterable[DocumentPair], fail_on: str) -> bool:
    """True when a finding reaches the gate."""
    level = Severity.parse(fail_on)
    return any(f.severity >= level for p in pairs for f in p.findings)


# -- progress ----------------------------------------------------------------------------------------------------


class Progress:
    """A rich bar on a terminal; with --progress and no terminal, one line per PROGRESS_EVERY records; else
    nothing. Messages printed through it go above the bar, not through it."""

    def __init__(self, enabled: bool | None, total: int | None, what: str = "records"):
        terminal = sys.stderr.isatty()
        self.bar = terminal and enabled is not False
        self.lines = not terminal and bool(enabled)
        self.total, self.what, self.done = total, what, 0
        self._progress = None
        if self.bar:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as Bar

            self._progress = Bar(TextColumn("[progress.description]{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TimeRemainingColumn(), console=Console(stderr=True),
                                 transient=True)
            self._task = self._progress.add_task("checking", total=total)

    def __enter__(self) -> Progress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self) -> None:
        self.done += 1
        if self._progress is not None:
            self._progress.advance(self._task)
        elif self.lines and self.done % PROGRESS_EVERY == 0:
            of = f" of {self.total:,}" if self.total else ""
            click.echo(f"checktrans: {self.done:,}{of} {self.what} checked", err=True)

    def echo(self, line: str) -> None:
        if self._progress is not None and self._progress.live.is_started:
            self._progress.console.print(line, markup=False, highlight=False)
        else:
            click.echo(line, err=True)

    def track(self, items: Iterable) -> Iterator:
        for item in items:
            yield item
            self.advance()


def regular_file_or_pipe(path: str, what: str) -> Path:
    """Refuse a device, socket or folder before reading from it (`/dev/zero` would never end)."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror})") from None
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
        kind = "a directory" if stat.S_ISDIR(mode) else "a device or socket"
        raise InputError(f"{what} {path}: is {kind}, not a file")
    return Path(path)
