"""CT202 repeated-word: a word written twice in a row in the translation."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import DocumentPair, Finding, FixAvailability, FixSafety, Severity
from .base import Check, Context, Example

_DOUBLED = re.compile(r"\b(\w+)(\s+)(\1)\b", re.IGNORECASE | re.UNICODE)


class RepeatedWord(Check):
    """A word written twice in a row in the translation.

    What it does
        Finds a word immediately repeated in the target ("the the", "said said"), unless the target language
        allows that doubling (English "had had", "that that": `typography.repetition.allowed` in its data file)
        or the source repeats the same way.

        Harper's rule for repeated words (the grammar checker behind CT204–CT206) is not used instead: on
        newstest2014 (3,003 lines) it missed what this rule finds in online-B's MT ("States States", "lawyer
        lawyer") and in the human references ("and and"), and it reports "had had", which English allows
        (twice in rbmt1's MT: "if we had had enough money").

    Why is this bad?
        MT and post-editing leave stutters that a spell checker passes and a tired reader skips; in print they
        look careless.

    Example
        Source: « Le président a quitté la réunion. »
        Target: "The president left the the meeting."

    Use instead
        "The president left the meeting."

    Fix safety
        Safe. The suggestion is the word written once.
    """

    code = "CT202"
    name = "repeated-word"
    category = "fluency/grammar"
    severity = Severity.MINOR
    fix = FixAvailability.ALWAYS
    examples = (
        Example(
            "Le président a quitté la réunion avant la fin des débats.",
            "The president left <marker>the the</marker> meeting before the end of the debate.",
            correction="the",
        ),
        Example(
            "Il avait eu assez de temps pour préparer sa réponse.",
            "He had had enough time to prepare his answer.",
        ),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        rules = ctx.lexicons.target.section("typography", "repetition")
        allowed = {w.lower() for w in rules.get("allowed", [])}
        for seg in pair.segments:
            if not seg.target_sentences:
                continue
            target = pair.target.text[seg.target_start : seg.target_end]
            source = pair.source.text[seg.source_start : seg.source_end].lower()
            for m in _DOUBLED.finditer(target):
                word = m.group(1)
                if word.lower() in allowed or word.isdigit() or f"{word} {word}".lower() in source:
                    continue
                start = seg.target_start + m.start()
                yield self.finding(
                    seg,
                    (start, seg.target_start + m.end()),
                    None,
                    f"'{word}' is written twice",
                    suggestions=[word],
                    fix=FixSafety.SAFE,
                    confidence=0.9,
                )
