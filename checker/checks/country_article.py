"""CT210 country-article: "the" before a country name English writes without one ("in the Canada")."""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from babel import Locale

from ..lexicons.word_classes import word_classes
from ..model import DocumentPair, Finding, FixAvailability, FixSafety, Severity
from .base import Check, Context, Example, target_matches

# CLDR territory codes that are no country: groupings, test regions, the unknown region.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
_NEXT = re.compile(r"([-‐–'’]?)\s*([\w'’]+|[^\w\s]|$)")


@lru_cache(maxsize=8)  # once per language pair: a Context lives for one document
def _countries(lexicons) -> dict | None:
    """A pattern for "the" before a one-word country name (CLDR's, in the target language, via Babel) that the
    language writes without its article; None when its data names no article."""
    target = lexicons.target
    names = target.section("names")
    article = names.get("article")
    if not article:
        return None
    try:
        territories = Locale.parse(target.data.get("babel_locale") or target.lang).territories
    except (ValueError, LookupError):  # pragma: no cover - a locale Babel lacks
        return None
    keep = set(names.get("with_article", ()))
    countries = sorted((n for code, n in territories.items()
                        if not code.isdigit() and code not in _NOT_COUNTRIES and n not in keep
                        and re.fullmatch(r"[^\W\d_]+", n)), key=len, reverse=True)
    alternation = "|".join(re.escape(n) for n in countries)
    article = f"{re.escape(article)}|{re.escape(article.capitalize())}"
    return {"pattern": re.compile(rf"\b({article})\s+({alternation})\b"),
            "kept_before": frozenset(names.get("article_kept_before", ())),
            "joiners": frozenset(names.get("article_joiners", ()))}


class CountryArticle(Check):
    """The source's article before a country name, kept in English ("in the Canada", "the France has").

    What it does
        Finds "the" before a one-word country name (CLDR's English names, through Babel) that English writes
        bare, as French, Spanish and Italian do not ("au Canada", "la France", "l'Italia"). Names that take
        "the" (the Netherlands, the Philippines, the Gambia) and those that are also rivers (the Jordan, the
        Niger) are listed in ``names.with_article`` of ``en.toml`` and left alone. So is a name that modifies a
        noun ("the Iraq war", "the Singapore stock exchange", "the Iraq and Afghanistan wars"), starts a longer
        name ("the Canada Pension Plan"), or is followed by "of" or a relative pronoun ("the Syria of Bashar
        al-Assad", "the France that I love": ``names.article_kept_before``).

        Measured through the pipeline in ten-line stories. WMT newstest2012–2014 human references (9,006 lines):
        5 findings, 4 of them a literary use ("a portrait of the France on the way out", "the France in the
        making") and one a slip ("in the Syria, Egypt and Iran"). newstest2014's MT (3,003 lines each): online-B,
        uedin and rbmt1 none; onlineA 63, onlineC 45, rbmt4 9 ("the democracy to the Kenya", "Vale of the
        Brazil"; a sample read, all errors). LIG's 10,881 post-edits: 2, both slips ("the Ethiopia is"); its SMT
        output none.

    Why is this bad?
        The article reads as a translation at once, and a careful reader wonders whether a region or a team of
        that name is meant.

    Example
        Source: « Le taux de chômage a baissé au Canada. »
        Target: "The unemployment rate fell in the Canada."

    Use instead
        "The unemployment rate fell in Canada."

    Fix safety
        Safe: the article goes, the name stays.
    """

    code = "CT210"
    name = "country-article"
    category = "fluency/grammar"
    severity = Severity.MINOR
    fix = FixAvailability.ALWAYS
    examples = (
        Example("Le taux de chômage a baissé au Canada.", "The unemployment rate fell in <marker>the Canada</marker>.",
                correction="Canada"),
        Example("La France a voté contre.", "<marker>The France</marker> voted against.", correction="France"),
        Example("L'Italia ha votato contro.", "<marker>The Italy</marker> voted against.", correction="Italy",
                source_lang="it"),
        Example("Le taux de chômage a baissé aux Pays-Bas.", "The unemployment rate fell in the Netherlands."),
        Example("Les vétérans de la guerre d'Irak manifestent.", "Veterans of the Iraq war are demonstrating."),
        Example("La pression s'accroît sur la Syrie de Bachar al-Assad.",
                "Pressure grows on the Syria of Bashar al-Assad."),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        countries = _countries(ctx.lexicons)
        if countries is None:
            return
        for seg, m in target_matches(pair, countries["pattern"]):
            if self._bare(pair.target.text, m.end(), pair.target.lang, countries):
                yield self.finding(
                    seg, (m.start(), m.end()), None,
                    f"'{m.group(0)}': the country is '{m.group(2)}', without an article (the source's article kept)",
                    suggestions=[m.group(2)], fix=FixSafety.SAFE, confidence=0.7,
                )

    @staticmethod
    def _bare(text: str, at: int, lang: str, countries: dict) -> bool:
        """Whether what follows the name leaves it a country on its own: not a compound ("Afghanistan-Pakistan"),
        a possessive, a longer name, a noun it modifies, a word that keeps the article, or a name it is joined to."""
        m = _NEXT.match(text, at)
        joined, word = m.group(1), m.group(2)
        if joined:
            return False  # "the Afghanistan-Pakistan border", "the France's"
        if not word:
            return True  # the end of the text
        if word[:1].isupper() or word.lower() in countries["kept_before"]:
            return False  # "the Canada Pension Plan", "the Syria of Bashar al-Assad"
        if word[:1].isalpha() and "NOUN" in word_classes(word, lang):
            return False  # "the Iraq war"
        if word.lower() in countries["joiners"]:
            after = _NEXT.match(text, m.end())
            return not after.group(2)[:1].isupper()  # "the Iraq and Afghanistan wars"
        return True
