"""CT140 untranslated-words: source-language words or phrases left inside a translated sentence."""
from __future__ import annotations

import unicodedata
from typing import Iterator

from ..align.words import words_of
from ..model import DocumentPair, Finding, Severity
from .base import Check, Context, Example
from .wordstats import zipf

# A word "belongs" to the source language when it is much more frequent there than in the target language
# (wordfreq's Zipf scale: 3 = once per million words). Names are left to the name checks.
MARGIN = 1.5
MIN_SOURCE_ZIPF = 2.5


def _fold(word: str) -> str:
    return unicodedata.normalize("NFC", word).lower().replace("’", "'")


def source_looking(word: str, source_lang: str, target_lang: str) -> bool:
    w = _fold(word)
    src, tgt = zipf(w, source_lang), zipf(w, target_lang)
    return src >= MIN_SOURCE_ZIPF and src - tgt >= MARGIN


class UntranslatedWords(Check):
    """Source-language words left inside a translated sentence.

    What it does
        Finds runs of target words that are copied verbatim from the aligned source segment and are words of
        the source language rather than of the target language (by their frequency in each language). Proper
        names and shared words ("Paris", "taxi") do not count; a run needs a content word.

    Why is this bad?
        MT leaves rare or ambiguous words as they were ("déception", "y compris"); a reader of the English
        cannot understand them and the desk rarely spots a single foreign word in a long paragraph.

    Example
        Source: « Le gouvernement a annoncé la réforme des retraites. »
        Target: "The government announced the réforme des retraites."

    Use instead
        "The government announced the pension reform."
    """

    code = "CT140"
    name = "untranslated-words"
    category = "accuracy/untranslated"
    severity = Severity.MAJOR
    fix = "sometimes"
    examples = (
        Example(
            "Le gouvernement a annoncé jeudi la réforme des retraites.",
            "The government announced the réforme des retraites on Thursday.",
            flagged="réforme des retraites",
        ),
        Example(
            "Sa déception était visible après le vote.",
            "His déception was visible after the vote.",
            flagged="déception",
            correction="disappointment",
        ),
        Example(
            "Le gouvernement a annoncé jeudi la réforme des retraites à Paris.",
            "The government announced the pension reform in Paris on Thursday.",
        ),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        src_lang, tgt_lang = pair.source.lang, pair.target.lang
        if src_lang == tgt_lang:
            return
        for seg in pair.segments:
            if not seg.source_sentences or not seg.target_sentences:
                continue
            src_words = {_fold(pair.source.text[s:e]) for s, e in words_of(pair.source.text, seg.source_start, seg.source_end)}
            run: list[tuple[int, int]] = []
            for s, e in [*words_of(pair.target.text, seg.target_start, seg.target_end), (None, None)]:
                word = pair.target.text[s:e] if s is not None else ""
                copied = s is not None and _fold(word) in src_words
                # A capitalised word copied as is starts no run: it is a name (the name checks judge those),
                # or a sentence start that a lowercase left-over word will show anyway.
                name_like = word[:1].isupper() and not run
                if copied and not name_like and source_looking(word, src_lang, tgt_lang):
                    run.append((s, e))
                    continue
                if run:
                    yield from self._report(pair, seg, run, ctx)
                run = []

    def _report(self, pair, seg, run, ctx) -> Iterator[Finding]:
        start, end = run[0][0], run[-1][1]
        text = pair.target.text[start:end]
        # One short function word alone ("de", "la") is more likely an artefact than a left-over phrase.
        if len(run) == 1 and len(text) < 4:
            return
        suggestions = []
        if len(run) == 1:
            dictionary = ctx.lexicons.dictionary
            suggestions = [t for t in dictionary.translations(text) if t.lower() != text.lower()][:3]
        src_at = pair.source.text.lower().find(text.lower(), seg.source_start, seg.source_end)
        yield self.finding(
            seg,
            (start, end),
            None if src_at < 0 else (src_at, src_at + len(text)),
            f"'{text}' is left in the source language",
            suggestions=suggestions,
            # One word may be a loanword English uses too ("hamburgers", "d'Orsay"); a phrase never is.
            severity=Severity.MAJOR if len(run) > 1 else Severity.MINOR,
            confidence=0.8 if len(run) > 1 or len(text) >= 6 else 0.6,
        )
