"""CT005 wrong-target-language: the translation is not in the expected target language."""
from __future__ import annotations

from collections.abc import Iterator

from ..model import DocumentPair, Finding, FixAvailability, Severity
from .base import Check, Context, Example


class WrongTargetLanguage(Check):
    """The translation is not in the expected target language.

    What it does
        Detects the language of the whole target document and flags it when it is not the expected target
        language (English unless `--target-lang` says otherwise).

    Why is this bad?
        The wrong file was attached, or MT was never run: nothing in it can be published as a translation.

    Example
        Expected English, got: "El presidente salió de París el jueves."

    Use instead
        Attach the translation into the expected language.

    Fix safety
        No fix is offered: the document has to be translated, or the right file attached.
    """

    code = "CT005"
    name = "wrong-target-language"
    category = "accuracy/untranslated"
    severity = Severity.CRITICAL
    fix = FixAvailability.NEVER
    examples = (
        Example(
            "Le président a quitté Paris jeudi soir pour se rendre à Berlin.",
            "<marker>El presidente salió de París el jueves por la noche para viajar a Berlín.</marker>",
        ),
        Example(
            "Le président a quitté Paris jeudi soir pour se rendre à Berlin.",
            "The president left Paris on Thursday evening to travel to Berlin.",
        ),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        from ..read.language import language_name

        expected = ctx.options.get("target_lang", "en")
        if pair.target.lang != expected:
            text = pair.target.text
            stripped = text.strip()
            start = text.find(stripped[:1]) if stripped else 0
            yield self.finding(
                None,
                (start, start + len(stripped)),
                None,
                f"The translation is in {language_name(pair.target.lang)} ('{pair.target.lang}'), not in "
                f"{language_name(expected)} ('{expected}'), the expected language",
                confidence=ctx.stats.get("target_lang_prob", 0.9),
            )
