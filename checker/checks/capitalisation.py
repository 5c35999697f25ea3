"""CT212 capitalisation: a word English writes with a capital letter (a nationality, a language, a faith, a
month, a day, a holiday), written in lower case as the source language writes it; and a name whose words were
reordered with the capital left on the noun ("the supreme Court" for « la Cour suprême »)."""
from __future__ import annotations

from collections.abc import Iterator

from ..model import DocumentPair, Finding, FixAvailability, FixSafety, Severity
from .base import Check, Context, Example, keep_case
from .spelling import _NOT_PROSE, _WORD, MIN_KNOWN_ZIPF, _opens_sentence
from .wordstats import fold, zipf

# A reordered name's adjective is a content word (not "of", "the": Zipf below this), its noun a common one
# (Zipf at least this: "court", "code", "bank"), in wordfreq's English list.
FUNCTION_ZIPF = 6.0
COMMON_NOUN_ZIPF = 3.5


class Capitalisation(Check):
    """A word English writes with a capital letter, written in lower case.

    What it does
        French (like Spanish and Italian) writes nationalities, languages, faiths, months and days in lower case
        ("le président russe", "lundi", "les islamistes"); English capitalises them, and MT that copies the
        source's case leaves "the russian president", "on monday", "the islamists". The rule asks Harper's
        English dictionary, which holds the case of every word, about each lower-case word of the translation
        that wordfreq knows (words it does not know are CT207's): a word Harper knows only with a capital is
        reported, with that form as the fix.

        A name of the source written noun first with the capital on the noun (« la Cour suprême », « le Code
        criminel ») comes out in English with its words swapped and its capital still on the noun: "the supreme
        Court", "the criminal Code". Reported when the two English words are neighbours, the source has the
        capitalised noun followed by the adjective, the dictionary gives each English word for its source word,
        and the noun is a common word Harper knows in lower case (not "modern France"). The suggestions are the
        name ("Supreme Court") and the description ("supreme court"), for the editor to choose.

        Left alone (lower-case words): a word that opens a sentence, a word copied from the source (a French
        title: "les Amants de la Bastille"), and the words of the target language's data file that style guides
        write in lower case although Harper capitalises them (`capitals.lowercase_ok`: "eurozone", the "jerry"
        of "jerry can").

        Measured on WMT newstest2014, 3,003 lines in ten-line stories (`scripts/evaluate.py grammar --limit
        3003`): human references 0 findings, online-B's MT 2, a rule-based MT's (rbmt1) 17 ("islamist",
        "taliban", "catholics", "kalashnikov"; 9 of them lower-case words). Reordered names alone, line by line
        on 2013 and 2014: newstest2014's references none, newstest2013's two ("archaeological Delegation",
        "incoming President"), each system's MT 1 to 22 ("supreme Court", "central Bank", "communist Party"). On
        news-mt-errors 7 findings, all on annotated errors ("the russian", "islamists", "criminal Code").

    Why is this bad?
        A lower-case "russian" or "monday" is a spelling error in English copy, and the mark of unedited
        machine output.

    Example
        Source: « Le président russe s'est exprimé lundi devant la Cour suprême. »
        Target: "The russian president spoke on Monday before the supreme Court."

    Use instead
        "The Russian president spoke on Monday before the Supreme Court."

    Fix safety
        Safe for a single word: only the case of its first letter changes, to the form the dictionary knows. For
        review for a reordered name: the name or the description, as the story needs.
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
        Example("La Cour suprême a tranché.", "The <marker>supreme Court</marker> has ruled.",
                correction="Supreme Court"),
        Example("La Cour suprême a tranché.", "The Supreme Court has ruled in modern France."),
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
        yield from self._reordered_names(pair, ctx, grammar)

    def _reordered_names(self, pair: DocumentPair, ctx: Context, grammar) -> Iterator[Finding]:
        dictionary = ctx.lexicons.dictionary
        if not len(dictionary):
            return
        src, tgt = pair.source.text, pair.target.text
        src_starts = {s.start for s in pair.source.sentences}
        tgt_starts = {s.start for s in pair.target.sentences}

        for seg in pair.segments:
            if not seg.target_sentences or not seg.source_sentences:
                continue
            words = list(_WORD.finditer(src, seg.source_start, seg.source_end))
            names = [(n.group(), a.group()) for n, a in zip(words, words[1:], strict=False)
                     if _title(n.group()) and a.group().islower() and src[n.end() : a.start()] == " "
                     and not _opens_sentence(src, n.start(), src_starts)
                     and "adj" in dictionary.word_parts_of_speech(a.group())]
            if not names:
                continue
            words = list(_WORD.finditer(tgt, seg.target_start, seg.target_end))
            for adj, noun in zip(words, words[1:], strict=False):
                a, n = adj.group(), noun.group()
                if (not a.islower() or not _title(n) or tgt[adj.end() : noun.start()] != " "
                        or _opens_sentence(tgt, adj.start(), tgt_starts)
                        or zipf(a, "en") >= FUNCTION_ZIPF or zipf(n.lower(), "en") < COMMON_NOUN_ZIPF):
                    continue
                if not any(dictionary.covers(s_adj, [a]) and dictionary.covers(s_noun.lower(), [n])
                           for s_noun, s_adj in names):
                    continue
                if grammar.capitalised([n.lower()]):  # a name in any case ("modern France"), not a common noun
                    continue
                name, description = f"{keep_case(n, a)} {n}", f"{a} {n.lower()}"
                yield self.finding(
                    seg, (adj.start(), noun.end()), None,
                    f"'{a} {n}': the words of a name were swapped and its capital left on the noun: "
                    f"'{name}' as a name, '{description}' as a description",
                    suggestions=[name, description], fix=FixSafety.REVIEW, confidence=0.6)


def _title(word: str) -> bool:
    """Capitalised, the rest in lower case ("Cour", not "BCE" or "McDonald")."""
    return len(word) > 1 and word[0].isupper() and word[1:].islower()
