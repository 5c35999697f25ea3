"""CT212 capitalisation: a word English writes with a capital letter (a nationality, a language, a faith, a
month, a day, a holiday), written in lower case as the source language writes it."""
from __future__ import annotations

from collections.abc import Iterator

from ..model import DocumentPair, Finding, FixAvailability, FixSafety, Severity
from .base import Check, Context, Example
from .spelling import _NOT_PROSE, _WORD, MIN_KNOWN_ZIPF, _opens_sentence
from .wordstats import fold, zipf


class Capitalisation(Check):
    """A word English writes with a capital letter, written in lower case.

    What it does
        French (like Spanish and Italian) writes nationalities, languages, faiths, months and days in lower case
        ("le président russe", "lundi", "les islamistes"); English capitalises them, and MT that copies the
        source's case leaves "the russian president", "on monday", "the islamists". The rule asks Harper's
        English dictionary, which holds the case of every word, about each lower-case word of the translation
        that wordfreq knows (words it does not know are CT207's): a word Harper knows only with a capital is
        reported, with that form as the fix. Left alone: a word that opens a sentence, a word copied from the
        source (a French title: "les Amants de la Bastille"), and the words of the target language's data file
        that style guides write in lower case although Harper capitalises them (`capitals.lowercase_ok`:
        "eurozone", the "jerry" of "jerry can"). On WMT newstest2014 (3,003 lines in ten-line stories,
        `scripts/evaluate.py grammar --limit 3003`) it reports nothing in the human references or in online-B's
        MT and 9 words in a rule-based MT's (rbmt1: "islamist", "taliban", "catholics", "kalashnikov"); on
        news-mt-errors 3 findings, all on annotated errors ("the russian", "islamists", "frenchmen").

    Why is this bad?
        A lower-case "russian" or "monday" is a spelling error in English copy, and the mark of unedited
        machine output.

    Example
        Source: « Le président russe s'est exprimé lundi. »
        Target: "The russian president spoke on Monday."

    Use instead
        "The Russian president spoke on Monday."

    Fix safety
        Safe: only the case of the word's first letter changes, to the form the dictionary knows.
    """

    code = "CT212"
    name = "capitalisation"
    category = "fluency/spelling"
    severity = Severity.MINOR
    fix = FixAvailability.ALWAYS
    uses_grammar = True  # the pipeline starts loading Harper when this check is selected
    examples = (
        Example("Le président russe s'est exprimé lundi.",
                "The <marker>russian</marker> president spoke on Monday.", correction="Russian"),
        Example("Il s'est exprimé lundi devant les islamistes.",
                "He spoke on <marker>monday</marker> to the Islamists.", correction="Monday"),
        Example("Le président russe s'est exprimé lundi.", "The Russian president spoke on Monday."),
        # a style guide's lower case, and a French title kept as it is
        Example("La croissance a ralenti dans la zone euro.", "Growth slowed in the eurozone."),
        Example("Il a vu « les Amants de la Bastille » hier.", "He saw \"les Amants de la Bastille\" yesterday."),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        if pair.target.lang != "en":  # Harper's dictionaries are English
            return
        lang = pair.target.lang
        allowed = set(ctx.lexicons.target.section("capitals").get("lowercase_ok", []))
        src, tgt = pair.source.text, pair.target.text
        starts = {s.start for s in pair.target.sentences}
        candidates: list[tuple[object, str, int, int]] = []
        for seg in pair.segments:
            if not seg.target_sentences:
                continue
            source_words = {fold(w) for w in _WORD.findall(src[seg.source_start : seg.source_end])}
            for m in _WORD.finditer(tgt, seg.target_start, seg.target_end):
                word, start, end = m.group(), m.start(), m.end()
                if (not word.islower() or len(word) < 3 or not word.isalpha() or word in allowed
                        or fold(word) in source_words):
                    continue
                before = tgt[start - 1] if start else " "
                after = tgt[end] if end < len(tgt) else " "
                if before in _NOT_PROSE or after in _NOT_PROSE or _opens_sentence(tgt, start, starts):
                    continue
                if zipf(word, lang, "large") >= MIN_KNOWN_ZIPF:
                    candidates.append((seg, word, start, end))
        if not candidates:
            return
        from .. import grammar as harper_grammar

        grammar = harper_grammar.get()
        if grammar is None:  # Harper is missing: said once on stderr
            return
        capitals = grammar.capitalised(word for _seg, word, _s, _e in candidates)
        for seg, word, start, end in candidates:
            form = capitals.get(word)
            if form:
                yield self.finding(seg, (start, end), None, f"English writes '{form}' with a capital letter",
                                   suggestions=[form], fix=FixSafety.SAFE, confidence=0.7)
