"""`checktrans rules [CODE]`: every rule, or one rule's doc and the examples the tests run."""
from __future__ import annotations

import click


@click.command()
@click.argument("code", required=False)
def rules(code: str | None) -> None:
    """List every rule, or print one rule's full doc and examples."""
    from ..checks import all_checks, check_by_code

    if code is None:
        for cls in all_checks():
            off = "" if cls.default else " (off by default: --extend-select it)"
            click.echo(f"{cls.code}  {cls.name:<24} {cls.summary()}{off}")
        return
    cls = check_by_code(code)
    off = "" if cls.default else f"; off by default: --extend-select {cls.code}"
    click.echo(f"{cls.code} {cls.name}  [{cls.category}; default severity {cls.severity}; fix {cls.fix}{off}]\n")
    click.echo(cls.doc())
    if cls.thresholds:
        click.echo("\nThresholds ([thresholds] in checktrans.toml)")
        for threshold in cls.thresholds:
            default = "set per document" if threshold.default is None else f"{threshold.default:g}"
            click.echo(f"  {threshold.name} (default: {default}): {threshold.doc}")
    from ..checks import Context
    from ..lexicons import load_lexicons

    # Rules driven by a lexicon draw their examples from its entries: show a few.
    examples = list(cls().all_examples(Context(load_lexicons("fr", "en"))))[:6]
    if examples:
        click.echo("\nExamples (the test suite runs them)")
        for ex in examples:
            verdict = f'flags "{ex.flagged}"' if ex.flagged is not None else "nothing flagged"
            fix = f', fix "{ex.correction}"' if ex.correction else ""
            click.echo(f"  {ex.source_lang}: {ex.source}\n  en: {ex.target}\n    → {verdict}{fix}\n")
