"""The `checktrans` command: it only assembles the commands of ``checker/commands/`` (one module each; what they
share, from the option set to the exit codes, is in ``checker/commands/options.py``)."""
from __future__ import annotations

import click

from . import __version__
from .commands import options
from .commands.batch import batch
from .commands.check import check
from .commands.fix import fix
from .commands.model import model
from .commands.rules import rules
from .commands.score import score
from .commands.serve import serve


@click.group(cls=options.OneLineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="checktrans")
@click.option("--debug", is_flag=True, help="On an internal error, print the traceback instead of logging it.")
def main(debug: bool) -> None:
    """Check machine translations of news copy against their source."""
    options.DEBUG = debug


for command in (check, batch, fix, rules, score, model, serve):
    main.add_command(command)
