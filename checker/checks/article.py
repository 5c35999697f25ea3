"""CT206 article: "a" before a vowel sound, "an" before a consonant, and other article slips (Harper)."""
from __future__ import annotations

import re

from .base import Example
from .fluency import GrammarCheck

_NEXT_WORD = re.compile(r"\s+([\w’'-]+)")


class Article(GrammarCheck):
    """An indefinite article that does not fit the next word, or an article doubled with another determiner.

    What it does
        Reports what Harper (the offline English grammar checker) finds with its article rules: "a" before a
        vowel sound and "an" before a consonant ("a innate sense", "an university"), "an another", "the
        another", "their the", "a some time". The other article is a safe fix.

        Two readings are left alone, because both articles are written: before an acronym or a number read
        letter by letter ("an SUV", "a UN envoy", "a A350") and "an" before an h ("an honour", "an historic").
        On 3,003 WMT newstest2014 human references Harper's a/an rule fired 3 times, all on these ("such an
        honour", "An Henri Michaux ink drawing", "an SUV"): with them left alone, no finding; on online-B's
        MT of the same lines 2, on a rule-based MT's (rbmt1) 15 (`scripts/evaluate.py grammar --limit 3003`).

    Why is this bad?
        MT picks the article before it picks the noun, and the noun it picks may start with the other sound.

    Example
        Source: « Le maire a dévoilé un nouveau plan pour le centre-ville. »
        Target: "The mayor unveiled an new plan for the city centre."

    Use instead
        "The mayor unveiled a new plan for the city centre."

    Fix safety
        Safe when Harper gives a single correction (the other article); for review when it gives several.
    """

    code = "CT206"
    name = "article"
    safe = True
    harper_rules = (
        "AnA",  # a innate, an university; refs 3 → 0 (see accept), rbmt1 12
        "AnAnother",
        "AnotherAn",
        "TheAnother",
        "TheMy",  # their the; rbmt1 1
        "ASomeTime",
        "SomeWithoutArticle",
    )
    examples = (
        Example("Le maire a dévoilé un nouveau plan pour le centre-ville.",
                "The mayor unveiled <marker>an</marker> new plan for the city centre.", correction="a"),
        Example("Le maire a dévoilé un nouveau plan pour le centre-ville.",
                "The mayor unveiled a new plan for the city centre."),
        Example("Un SUV a foncé sur la foule ; c'était un honneur de le recevoir.",
                "An SUV drove into the crowd; it was an honour to receive him."),
    )

    def accept(self, text, lint, suggestions) -> bool:
        if lint.rule != "AnA":
            return True
        m = _NEXT_WORD.match(text, lint.end)
        if m is None:
            return True
        word = m.group(1)
        acronym = any(c.isdigit() for c in word) or (len(word) > 1 and word.replace("-", "").isupper())
        silent_h = text[lint.start : lint.end].lower() == "an" and word[:1].lower() == "h"
        return not (acronym or silent_h)
