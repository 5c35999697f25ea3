"""Language knowledge as data: everything here is read from files under corpora/, never Python literals.

Layout of corpora/:
    languages/<lang>.toml        one language: negation cues, number words and formats, typography, pronouns …
    pairs/<src>-<tgt>/           one direction: false friends and calques, exonyms and name forms, dictionary
Each part loads on first use (a check that is not run costs nothing) and once per process.
"""
from __future__ import annotations

from functools import cache, cached_property, lru_cache
from importlib import resources
from pathlib import Path

LEXICON_VERSION = "2026.11"


def corpora_path() -> Path:
    """The shipped data folder: checker/corpora when installed, the repo's corpora/ in a checkout."""
    try:
        path = Path(str(resources.files("checker.corpora")))
        if path.is_dir():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parents[2] / "corpora"


class PairLexicons:
    """All data for one direction (e.g. fr→en). Attributes load lazily; a missing file gives an empty part."""

    version = LEXICON_VERSION

    def __init__(self, source_lang: str, target_lang: str):
        self.source_lang = source_lang
        self.target_lang = target_lang
        self.root = corpora_path()

    @property
    def pair_dir(self) -> Path:
        return self.root / "pairs" / f"{self.source_lang}-{self.target_lang}"

    @cached_property
    def false_friends(self):
        from .false_friends import load_false_friends

        return load_false_friends(self.pair_dir)

    @cached_property
    def names(self):
        from .names import load_names

        return load_names(self.pair_dir, self.source_lang, self.target_lang)

    @cached_property
    def given_names(self) -> frozenset[str]:
        """Given names of many countries (languages/given_names.txt), for telling a person's name."""
        return frozenset(self.given_name_sex)

    @cached_property
    def given_name_sex(self) -> dict[str, str]:
        """Given name → "f" or "m" when the name is a woman's or a man's everywhere, else ""."""
        from .names import load_given_names

        return load_given_names(self.root / "languages" / "given_names.txt")

    @cached_property
    def dictionary(self):
        from .dictionary import load_dictionary

        return load_dictionary(self.pair_dir)

    @cached_property
    def source(self):
        from .language import load_language

        return load_language(self.root / "languages", self.source_lang)

    @cached_property
    def target(self):
        from .language import load_language

        return load_language(self.root / "languages", self.target_lang)


@lru_cache(maxsize=1)
def data_languages() -> tuple[str, ...]:
    """Languages with a data file (corpora/languages/<lang>.toml)."""
    return tuple(sorted(p.stem for p in (corpora_path() / "languages").glob("*.toml")))


@cache
def load_lexicons(source_lang: str, target_lang: str) -> PairLexicons:
    return PairLexicons(source_lang, target_lang)
