"""`checktrans score HYPOTHESIS REFERENCE`: BLEU, chrF and TER against a reference, line by line.

For when a post-edit or a human translation exists; the reference-free `check` is what the desk runs day to day.
"""
from __future__ import annotations

import json

import click

from ..errors import InputError


def _lines(text: str) -> list[str]:
    """Lines of a line-aligned file; a final newline does not open one more (empty) line."""
    text = text.replace("\r\n", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    return text.split("\n")


@click.command("score")
@click.argument("hypothesis", type=click.Path(dir_okay=False))
@click.argument("reference", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--segments", is_flag=True, help="Also give BLEU, chrF and TER for every line.")
def score(hypothesis: str, reference: str, fmt: str, segments: bool) -> None:
    """Score HYPOTHESIS against REFERENCE (one segment per line, same number of lines)."""
    from ..read.text import read_text
    from ..reference import reference_scores

    hyp_text, _ = read_text(hypothesis)
    ref_text, _ = read_text(reference)
    hyps, refs = _lines(hyp_text), _lines(ref_text)
    if len(hyps) != len(refs):
        raise InputError(f"{hypothesis} has {len(hyps)} lines but {reference} has {len(refs)}: "
                         "they must be line-aligned")

    result = reference_scores(hyps, refs, segments=segments)
    if fmt == "json":
        click.echo(json.dumps({"version": 1, "lines": len(hyps), **result}, ensure_ascii=False, sort_keys=True))
        return
    click.echo(f"BLEU {result['bleu']:6.2f}   chrF {result['chrf']:6.2f}   TER {result['ter']:6.2f}   "
               f"({len(hyps)} lines)")
    for name in ("bleu", "chrf", "ter"):
        click.echo(f"  {name}: {result['signatures'][name]}")
    if segments:
        click.echo(f"{'line':>6} {'BLEU':>7} {'chrF':>7} {'TER':>7}")
        for i, seg in enumerate(result["segments"], start=1):
            click.echo(f"{i:>6} {seg['bleu']:7.2f} {seg['chrf']:7.2f} {seg['ter']:7.2f}")
