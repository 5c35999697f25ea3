"""Reference-based scores (BLEU, chrF, TER) for when a human translation or post-edit is at hand.

These measure distance to one reference, not correctness: a good translation worded differently scores low.
They sit beside the checker's own reference-free score so that an editor can compare the two. sacrebleu's
signature travels with every figure so it can be reproduced; only its offline tokenizer (13a) is used —
the flores/spm tokenizers download a model.
"""
from __future__ import annotations

from typing import Any

from sacrebleu.metrics import BLEU, CHRF, TER

TOKENIZE = "13a"


def _check_lengths(hypotheses: list[str], references: list[str]) -> None:
    if len(hypotheses) != len(references):
        raise ValueError(
            f"{len(hypotheses)} hypothesis lines but {len(references)} reference lines: they must be line-aligned"
        )


def sentence_scores(hypotheses: list[str], references: list[str]) -> list[dict[str, float]]:
    """Per segment BLEU (effective order, as sentence BLEU must be), chrF and TER; in input order."""
    _check_lengths(hypotheses, references)
    bleu = BLEU(tokenize=TOKENIZE, effective_order=True)
    chrf = CHRF()
    ter = TER()
    return [
        {
            "bleu": round(bleu.sentence_score(h, [r]).score, 2),
            "chrf": round(chrf.sentence_score(h, [r]).score, 2),
            "ter": round(ter.sentence_score(h, [r]).score, 2),
        }
        for h, r in zip(hypotheses, references, strict=True)
    ]


def reference_scores(hypotheses: list[str], references: list[str], segments: bool = True) -> dict[str, Any]:
    """Document-level BLEU, chrF and TER of line-aligned hypotheses against one reference each.

    Returns {"bleu", "chrf", "ter", "signatures": {metric: sacrebleu signature}, "segments": [...]}; TER is an
    edit rate (lower is better), the two others are higher-is-better, all on 0–100.
    """
    _check_lengths(hypotheses, references)
    refs = [list(references)]
    bleu, chrf, ter = BLEU(tokenize=TOKENIZE), CHRF(), TER()
    result: dict[str, Any] = {
        "bleu": round(bleu.corpus_score(hypotheses, refs).score, 2),
        "chrf": round(chrf.corpus_score(hypotheses, refs).score, 2),
        "ter": round(ter.corpus_score(hypotheses, refs).score, 2),
    }
    # A signature is only complete once the metric has seen the references (it records their number).
    result["signatures"] = {
        "bleu": str(bleu.get_signature()),
        "chrf": str(chrf.get_signature()),
        "ter": str(ter.get_signature()),
    }
    if segments:
        result["segments"] = sentence_scores(hypotheses, references)
    return result


def document_scores(hypothesis: str, reference: str) -> dict[str, Any]:
    """One story against its reference: paragraph by paragraph when both have as many non-empty lines, else
    as one segment (a post-editor may have merged or split paragraphs)."""
    hyp, ref = lines_for_scoring(hypothesis, reference)
    result = reference_scores(hyp, ref, segments=False)
    result["segments_scored"] = len(hyp)
    return result


def lines_for_scoring(hypothesis: str, reference: str) -> tuple[list[str], list[str]]:
    hyp = [line.strip() for line in hypothesis.splitlines() if line.strip()]
    ref = [line.strip() for line in reference.splitlines() if line.strip()]
    if len(hyp) != len(ref):
        return [" ".join(hyp)], [" ".join(ref)]
    return hyp, ref
