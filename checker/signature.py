"""The signature printed with every report, built from the effective settings as sacrebleu builds its own: two
runs that can give different findings never print the same signature.

    long:  checktrans:0.1.0|model:multilingual-e5-small-q4:int8|lexicons:2026.11|fail-on:major|langs:auto-en|links:yes
    short: ct:0.1.0|m:multilingual-e5-small-q4:int8|lex:2026.11|f:major|l:auto-en|wl:yes

The first four parts keep the order of the JSON contract's first signatures, which scripts may match.

Optional parts follow only when set: select, extend-select, ignore, thresholds that differ from their defaults, and a
short hash of the glossary's contents (a glossary edited under the same file name is another glossary).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

# (long name, short name) of each part, in the order they are printed.
_PARTS = (
    ("checktrans", "ct"), ("model", "m"), ("lexicons", "lex"), ("fail-on", "f"), ("langs", "l"), ("links", "wl"),
    ("select", "sel"), ("extend-select", "ext"), ("ignore", "ign"), ("thresholds", "t"), ("glossary", "g"),
)


@dataclass(frozen=True)
class Signature:
    version: str
    model: str
    lexicons: str
    source_lang: str | None
    target_lang: str
    fail_on: str
    word_links: bool
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    thresholds: tuple[tuple[str, float], ...] = ()  # only those that differ from the declared default
    glossary: str | None = None  # "name@hash"

    def _values(self) -> list[str | None]:
        return [
            self.version,
            self.model,
            self.lexicons,
            self.fail_on,
            f"{self.source_lang or 'auto'}-{self.target_lang}",
            "yes" if self.word_links else "no",
            ",".join(self.select) or None,
            ",".join(self.extend_select) or None,
            ",".join(self.ignore) or None,
            ",".join(f"{name}={value:g}" for name, value in self.thresholds) or None,
            self.glossary,
        ]

    def format(self, short: bool = False) -> str:
        return "|".join(f"{names[short]}:{value}" for names, value in zip(_PARTS, self._values(), strict=True)
                        if value is not None)

    def __str__(self) -> str:
        return self.format()


def glossary_fingerprint(glossary) -> str:
    """'house.csv@1a2b3c4d': the file's name for people, a hash of what was loaded from it for reproducibility."""
    content = repr((glossary.source_lang, glossary.target_lang, glossary.terms)).encode("utf-8")
    return f"{glossary.name}@{hashlib.sha256(content).hexdigest()[:8]}"
