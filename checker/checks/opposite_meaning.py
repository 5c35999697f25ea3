"""CT171 opposite-meaning: a word rendered by the opposite of what the dictionary gives for it (« a perdu » →
"won")."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..align.words import words_of
from ..model import DocumentPair, Finding, FixAvailability, FixSafety, Segment, Severity
from ..suggest import inflect_like
from .base import Check, Context, Example, keep_case
from .wordstats import zipf

PLACE = 0.2  # how far apart, as shares of their sides, an unlinked target word and a source word may be


def _senses(dictionary, word: str) -> list[str]:
    """The strict senses of the word's lemmas; of its other readings only when the lemmatiser gives no headword
    (it keeps « baissé » as an adjective of its own, the dictionary has « baisser »), since a further reading is
    often another word (« élevés », high, read as « élever », to raise, whose opposite is "lower")."""
    out: list[str] = []
    for lemma in dictionary.lemmas(word) or dictionary.readings(word):
        out += [t for t in dictionary.translations(lemma) if t not in out]
    return out


_UPOS = {"a": "ADJ", "r": "ADV", "n": "NOUN", "v": "VERB"}


def _form_of(key: str, lemma: str, pos: str, dictionary) -> bool:
    """Whether the English word is the lemma or one of its forms in the part of speech it has an antonym in:
    "lower" is the adjective "low" (high / low), "lives" is not the adjective "live" (dead / live), "nearly" not
    "near"."""
    if key == lemma:
        return True
    if key not in dictionary.forms(lemma):  # the cheap test first: lemminflect is loaded only for a candidate
        return False
    from lemminflect import getAllLemmas

    return lemma in getAllLemmas(key).get(_UPOS[pos], ())


def _fix(sense: str, opposite: str, t_word: str, dictionary) -> str | None:
    """The sense in the English word's inflection and case; none when the word is inflected and the sense cannot
    be put in that inflection (a wrong form is a worse fix than none)."""
    form = sense
    if dictionary.target_key(t_word) != opposite:
        form = inflect_like(sense, t_word)
        if form == sense:
            return None
    return keep_case(t_word, form)


class OppositeMeaning(Check):
    """A word rendered by the opposite of its meaning: an antonym of what the dictionary gives for it.

    What it does
        For every word link inside an aligned pair (and, since an opposite often breaks the link, for a source
        word left unlinked near it), looks up the source word's lemma in the bilingual dictionary. When the
        English word is none of the listed senses, but is an antonym of one of them in the part of speech it has
        there (the target language's `languages/antonyms/<lang>.tsv`, WordNet's direct antonyms: "increase" /
        "decrease", "win" / "lose", "legal" / "illegal"; "lives" the noun is no opposite of "dead"), it reports
        the word, with that sense as the fix. It stays silent where a translator turns a phrase around on
        purpose: when the source and the translation do not have as many grammatical negations (« pas possible »
        → "impossible"), when a negative stands just before the English word ("without any specific data") or on
        both sides (« manque de volonté » → "unwillingness"), after a word that turns the source word around (the
        source language's `opposites.inverters`: « moins cher » → "cheaper"), for light verbs, quantifiers and
        discourse words (`opposites.not_judged`: « mettre fin à », « tous », « alors que »), for converses, one
        event told from the other side (buy / sell), and pairs translators render for each other (national /
        local, hungry / thirsty: `opposites.interchangeable`), when another source word translates to the
        English word or the source word's sense is in the English too (a contrast of both, or a bad link), and
        for a name. It runs where both languages have the data (French and Spanish into English).

        Off by default (`--extend-select CT171` runs it beside the others). Measured on controlled
        antonyms in 100 WMT reference lines (`scripts/evaluate.py robustness --kinds antonym --also CT171`, pairs
        written by hand apart from WordNet), the checker raises a new finding for 0.48 of them with it, 0.18
        without; most misses are senses the dictionary lacks (« baisser » lists "fall" and "drop", not
        "decrease") or a link the aligner did not make. On the 9,003 lines of WMT newstest2012–2014 human
        references it makes 12 findings (0.13 per 100 lines) in 9 of 900 ten-line stories: one is the
        reference's own error (« en fin de semaine » → "at the start of the week"); the others are rewordings
        WordNet calls opposites ("local" for « nationaux », "overhead" for « supérieurs » four times in one
        story, "digital" for « coupure analogique »). Real MT seldom says the opposite, so its precision there is
        far below the budget of 0.5: on four WMT systems of 2012 and 2014 one finding in about eighteen was right
        ("Remember" for « Oubliez »), on four of 2012 and 2013 none of fifteen ("18-year old" for « un jeune de
        18 ans », "upper and lower" for « basse et haute », "stands" for « se range »). Hence off by default,
        and minor with a moderate confidence when selected: it catches the error that costs most, at the price
        of a glance about once in 750 lines, mostly wasted.

    Why is this bad?
        An opposite reads fluently and is the worst error a translation can make: "prices rose" for « les prix
        ont baissé » says the contrary of the wire.

    Example
        Source: « Le chômage a fortement augmenté en mars. »
        Target: "Unemployment fell sharply in March."

    Use instead
        "Unemployment rose sharply in March."

    Fix safety
        For review. The suggestion is the commonest of the dictionary's senses whose opposite the English word
        is, inflected like it (none when it cannot be put in that form); the sentence around it may need rewording.
    """

    code = "CT171"
    name = "opposite-meaning"
    category = "accuracy/mistranslation"
    # Off, and minor when selected: far below the precision budget on real MT (see the doc), though an opposite,
    # when right, is major.
    default = False
    severity = Severity.MINOR
    fix = FixAvailability.SOMETIMES
    examples = (
        Example("Le chômage a fortement augmenté en mars.",
                "Unemployment <marker>fell</marker> sharply in March.", correction="rose"),
        Example("Le chômage a fortement augmenté en mars.", "Unemployment rose sharply in March."),
        Example("Le parti a perdu les élections législatives.",
                "The party <marker>won</marker> the parliamentary elections.", correction="lost"),
        # the negation moved into the word: a rewording, not an opposite
        Example("Il n'est pas possible de vérifier ces chiffres.", "It is impossible to verify these figures."),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        dictionary, target_lang = ctx.lexicons.dictionary, ctx.lexicons.target
        # Only where both languages have the data: the target's antonyms, the source's inverters and light verbs.
        if not len(dictionary) or not target_lang.antonyms("good") or not ctx.lexicons.source.section("opposites"):
            return
        data = _Data.of(ctx.lexicons.source, target_lang)
        findings = []
        for seg in pair.segments:
            if seg.links:
                findings.extend(self._segment(pair, seg, ctx, data))
        yield from sorted(findings, key=Finding.sort_key)

    def _segment(self, pair: DocumentPair, seg: Segment, ctx: Context, data: _Data) -> list[Finding]:
        dictionary, source_lang, target_lang = ctx.lexicons.dictionary, ctx.lexicons.source, ctx.lexicons.target
        src, tgt = pair.source.text, pair.target.text
        sentence_starts = {pair.target.sentences[i].start for i in seg.target_sentences}
        source_words = words_of(src, seg.source_start, seg.source_end)
        position = {w: i for i, w in enumerate(source_words)}
        # The source word a target word renders: the one linked to it, or one the aligner left without a link near
        # it (an opposite is often left so: "increased" linked to the auxiliary « ont », « baissé » two words on).
        unlinked = [(s, e) for s, e, _best in seg.unlinked_source or () if (s, e) in position]
        linked_to: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for link in seg.links:
            linked_to.setdefault((link.target_start, link.target_end), []).append((link.source_start, link.source_end))
        # A target word left without a link may render an unlinked source word at about the same place in the pair.
        target_words = words_of(tgt, seg.target_start, seg.target_end)
        where = {w: i / max(1, len(target_words) - 1) for i, w in enumerate(target_words)}
        placed = {u: position[u] / max(1, len(source_words) - 1) for u in unlinked}
        for t_span in sorted({(s, e) for s, e, _best in seg.unlinked_target or ()} & where.keys()):
            linked_to.setdefault(t_span, []).extend(u for u in unlinked if abs(placed[u] - where[t_span]) <= PLACE)
        suspects = []
        for t_span, s_spans in sorted(linked_to.items()):
            t_word = tgt[t_span[0] : t_span[1]]
            key = dictionary.target_key(t_word)
            if not t_word.isalpha() or len(t_word) < 3 or key in data.not_judged:
                continue
            if t_word[0].isupper() and t_span[0] not in sentence_starts:
                continue  # a name
            near = [position[s] for s in s_spans if s in position]
            nearby = [u for u in unlinked if u not in s_spans and any(abs(position[u] - i) <= 3 for i in near)]
            for s_span in s_spans + nearby:
                s_word = src[s_span[0] : s_span[1]]
                if not s_word.isalpha() or dictionary.covers_word(s_word, t_word):
                    continue
                if data.source_not_judged & set(dictionary.lemmas(s_word)):
                    continue
                opposed = [(sense, a) for sense in _senses(dictionary, s_word) if sense.isalpha()
                           for a, pos in target_lang.antonyms(sense)
                           if frozenset((sense, a)) not in data.not_opposites and _form_of(key, a, pos, dictionary)]
                if opposed:
                    suspects.append((t_span, s_span, s_word, t_word, key, opposed))
                    break
        if not suspects:
            return []
        source_text, target_text = src[seg.source_start : seg.source_end], tgt[seg.target_start : seg.target_end]
        source_cues = source_lang.negations_in(source_text)
        target_cues = target_lang.negations_in(target_text)
        if sum(c.strong for c in source_cues) != sum(c.strong for c in target_cues):
            return []  # a negation moved into a word or out of one: « pas possible » → "impossible"
        target_keys = [part for s, e in target_words
                       for part in dictionary.target_key(tgt[s:e]).split("-")]  # "end-of-the-world" says "end"
        out = []
        for t_span, s_span, s_word, t_word, key, opposed in suspects:
            if any(w != s_span and src[w[0] : w[1]].lower() != s_word.lower()
                   and dictionary.covers_word(src[w[0] : w[1]], t_word) for w in source_words):
                continue  # the English word renders another source word
            if dictionary.covers(s_word, target_keys):
                continue  # the source word is rendered elsewhere in the pair: a contrast of both, or a bad link
            t_at = (t_span[0] - seg.target_start, t_span[1] - seg.target_start)
            if any(t_at[0] - 12 < c.end <= t_at[0] for c in target_cues):
                # a negative or restrictive word just before the English word ("failed to win", "before the
                # start"): it may turn the word around; on WMT references this keeps out 3 false alarms in 15
                continue
            negated = _cue_at(target_cues, *t_at, reach=0) or any(
                key.startswith(p) and key[len(p):] in dictionary.forms(sense) for p in data.prefixes
                for sense, _ in opposed)
            if negated and _cue_at(source_cues, s_span[0] - seg.source_start, s_span[1] - seg.source_start):
                continue  # a negative on both sides: « manque de volonté » → "unwillingness"
            at = position.get(s_span, 0)
            if any(src[w[0] : w[1]].lower() in data.inverters for w in source_words[max(0, at - 2) : at]):
                continue  # « moins cher » → "cheaper"
            opposed.sort(key=lambda o: -zipf(o[0], pair.target.lang))
            # one fix, the commonest sense: the others are rarer senses ("profited" beside "won" for « gagné »)
            fix = _fix(*opposed[0], t_word, dictionary)
            out.append(self.finding(
                seg, t_span, s_span,
                f"'{t_word}' may say the opposite of '{s_word}' ('{opposed[0][0]}')",
                suggestions=[fix] if fix else [], fix=FixSafety.REVIEW, confidence=0.5))
        return out


@dataclass(frozen=True)
class _Data:
    """The rule's word lists, read once per document: `[opposites]` of the target and of the source language."""

    not_judged: frozenset[str]  # target words never judged; auxiliaries too: "has" for « manquait » renders none
    not_opposites: frozenset[frozenset[str]]  # converses (buy / sell), pairs rendered for each other (national / local)
    prefixes: tuple[str, ...]  # negative prefixes of the target ("un": "unwillingness")
    source_not_judged: frozenset[str]  # source lemmas: light verbs, quantifiers, discourse words
    inverters: frozenset[str]  # source words that turn the next one around (« moins cher »)

    @classmethod
    def of(cls, source_lang, target_lang) -> _Data:
        target, source = target_lang.section("opposites"), source_lang.section("opposites")
        auxiliaries = target_lang.negation_grammar.get("auxiliaries", [])
        pairs = target.get("converses", []) + target.get("interchangeable", [])
        return cls(frozenset(target.get("not_judged", [])) | frozenset(auxiliaries),
                   frozenset(frozenset(p) for p in pairs),
                   tuple(target.get("negative_prefixes", [])),
                   frozenset(source.get("not_judged", [])), frozenset(source.get("inverters", [])))


def _cue_at(cues, start: int, end: int, reach: int = 25) -> bool:
    """A negation cue, strong or weak, on the word or ending at most `reach` characters before it."""
    return any(c.start < end and start - reach < c.end for c in cues)
