"""CT170 wrong-sense: a look-alike that the dictionary never gives for the word, unless the encoder finds every
sense it does give clearly worse in the sentence."""
from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

from ..align.words import words_of
from ..model import DocumentPair, Finding, FixAvailability, Segment, Severity
from ..suggest import Guard, inflect_like
from .base import Check, Context, Example
from .probe import unit
from .wordstats import zipf

COGNATE_RATIO = 0.72  # SequenceMatcher ratio of the accent-folded words, with the same first three letters
MIN_LEN = 4
MAX_OPTIONS = 4  # listed senses tried in the sentence, the commonest English words first
# The encoder's say: a suspect is dropped when every listed sense, put in its place, lowers the cosine of the
# segment to its source by more than this. Not a required rise, as first planned: multilingual-e5-small prefers
# the look-alike itself (shared sub-words), so a listed sense seldom raises the cosine even where it is right —
# "Sa déception était grande." / "His deception was great.": "disappointment" scores 0.020 below "deception".
# On 1,000 lines of WMT newstest2014 fr-en human references the 16 suspects left by the dictionary test had
# best gains from -0.012 to +0.003; a required rise would keep 11 of those false alarms and lose every false
# friend tried (déception, sensibel, decepción: -0.002 to -0.020).
MIN_GAIN = -0.01


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def looks_alike(source_word: str, target_word: str) -> bool:
    a, b = _fold(source_word), _fold(target_word)
    if a == b:
        return True
    return a[:3] == b[:3] and SequenceMatcher(None, a, b).ratio() >= COGNATE_RATIO


@dataclass
class _Candidate:
    segment: Segment
    link: object
    source_word: str
    target_word: str
    options: list[str]
    texts: list[str]  # the target sentence with each option in place of the word
    sentence: int  # index of that sentence in the target side


class WrongSense(Check):
    """A look-alike word that the dictionary never gives for its source word ("déception" → "deception").

    What it does
        For every word link inside an aligned pair whose English word looks like the source word (a cognate:
        "déception" → "deception") while no sense the bilingual dictionary gives for the source word's lemma,
        loosely listed ones included, is that word or looks like it (a derivation: "diplomatie" → "diplomatic"),
        and no other source word of the segment translates to it either, the English word is a suspect. Each
        suspect is then put to the encoder: the dictionary's commonest senses (inflected as the English word is)
        are substituted into the English sentence and the pair is re-scored; the word is reported unless every
        listed sense fits clearly worse than the look-alike (a fall of the segment's cosine beyond MIN_GAIN),
        with the senses that fit best as fixes. A sense that would change a number's magnitude, add or drop a
        negation, or bring in a name is never suggested.

        Off by default (`--extend-select CT170` runs it beside the others). Measured on news-mt-errors (real MT: 100
        pairs and a 34-line story, 361 annotated errors) it makes no finding at all: the look-alike errors there are
        other senses that the complete dictionary does list ("actions" for shares, "reserves" for reservations,
        "unities" for units), which is CT101's work with context rules. On 1,000 lines of WMT newstest2014 human
        references it fires on 15 lines (1.5 %, every one a false alarm: "faciale" rendered "face", "capacités"
        rendered "capabilities"). With no precision to show, it stays out of the default set.

    Why is this bad?
        Look-alike renderings read naturally and pass a spell checker, yet say something else: a deception is
        a lie, a déception a disappointment.

    Example
        Source: « Le ministre n'a pas caché sa déception. »
        Target: "The minister did not hide his deception."

    Use instead
        "The minister did not hide his disappointment."

    Fix safety
        For review. The suggestions are up to three of the dictionary's senses, inflected like the flagged word,
        the best fitting first; another sense is another meaning.
    """

    code = "CT170"
    name = "wrong-sense"
    category = "accuracy/mistranslation"
    # Minor: a general dictionary and an encoder's preference, not a curated entry (curated false friends are
    # CT101).
    severity = Severity.MINOR
    fix = FixAvailability.SOMETIMES
    default = False  # no finding on news-mt-errors, 1.5 % of lines of human translation: see the doc
    examples = (
        # The senses are ranked by the encoder, which is sensitive to the sentence around them: after "le vote
        # des députés" it puts "disillusionment" first.
        Example(
            "Le ministre n'a pas caché sa déception.",
            "The minister did not hide his <marker>deception</marker>.",
            correction="disappointment",
        ),
        Example("Le ministre n'a pas caché sa déception.", "The minister did not hide his disappointment."),
    )

    # -- suspects ------------------------------------------------------------------------------------------------

    def _candidates(self, pair: DocumentPair, ctx: Context) -> list[_Candidate]:
        return ctx.once(f"{self.code}:candidates", lambda: self._find(pair, ctx))

    def _find(self, pair: DocumentPair, ctx: Context) -> list[_Candidate]:
        dictionary = ctx.lexicons.dictionary
        if not len(dictionary) or ctx.encoder is None:
            return []
        guard, source_guard = Guard.for_language(ctx.lexicons.target), Guard.for_language(ctx.lexicons.source)
        src_text, tgt = pair.source.text, pair.target
        found: list[_Candidate] = []
        for seg in pair.segments:
            if not seg.links or not seg.target_sentences:
                continue
            source_words = None
            for link in seg.links:
                s_word = src_text[link.source_start : link.source_end]
                t_word = tgt.text[link.target_start : link.target_end]
                if len(t_word) < MIN_LEN or not t_word.isalpha() or len(s_word) < MIN_LEN:
                    continue
                if t_word[0].isupper() and link.target_start != seg.target_start:
                    continue  # a name
                if s_word.lower() == t_word.lower() or not looks_alike(s_word, t_word):
                    continue  # a copied word is CT140's; only a look-alike is suspect here
                senses = dictionary.senses(s_word)
                if not senses or dictionary.covers(s_word, [t_word]):
                    continue
                # A derivation of a listed sense ("diplomatic" for "diplomacy") is a rewording, not a wrong sense.
                if any(looks_alike(variant, t_word) for sense in senses for variant in sense.split("/")):
                    continue
                if source_words is None:
                    source_words = [src_text[s:e] for s, e in words_of(src_text, seg.source_start, seg.source_end)]
                if any(w != s_word and dictionary.covers(w, [t_word]) for w in source_words):
                    continue  # the English word renders another source word
                options = self._options(dictionary.translations(s_word), t_word, guard, pair.target.lang,
                                        source_guard.weak_at(src_text, link.source_start, link.source_end))
                if not options:
                    continue
                k = next(i for i in seg.target_sentences
                         if tgt.sentences[i].start <= link.target_start < tgt.sentences[i].end)
                sent = tgt.sentences[k]
                text = tgt.text[sent.start : sent.end]
                a, b = link.target_start - sent.start, link.target_end - sent.start
                found.append(_Candidate(seg, link, s_word, t_word, options,
                                        [text[:a] + o + text[b:] for o in options], k))
        return found

    @staticmethod
    def _options(translations: list[str], t_word: str, guard: Guard, lang: str,
                 source_weak: bool | None = None) -> list[str]:
        """The senses to try: words and two-word phrases, no names, nothing that changes a number, a negation or
        a name (`source_weak`: see Guard.same); the commonest English words first (the dictionary's order breaks
        ties)."""
        usable = [t for t in translations if guard.allows(t, t_word, source_weak)]
        usable.sort(key=lambda t: (len(t.split()) > 1, -round(zipf(t, lang), 1)))
        out: list[str] = []
        for t in usable[:MAX_OPTIONS]:
            form = inflect_like(t, t_word)
            if t_word[0].isupper():
                form = form[0].upper() + form[1:]
            if form not in out:
                out.append(form)
        return out

    def prefetch(self, pair: DocumentPair, ctx: Context) -> list[str]:
        return [t for c in self._candidates(pair, ctx) for t in c.texts]

    # -- the encoder's preference ----------------------------------------------------------------------------------

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        candidates = self._candidates(pair, ctx)
        if not candidates:
            return
        embedded = ctx.encoder.encode([t for c in candidates for t in c.texts]).embeddings
        row = 0
        for c in candidates:
            gains = self._gains(pair, c, embedded[row : row + len(c.texts)])
            row += len(c.texts)
            best = max(gains)
            if best < MIN_GAIN:
                continue
            order = sorted(range(len(c.options)), key=lambda i: -gains[i])
            preferred = [c.options[i] for i in order if gains[i] >= MIN_GAIN]
            yield self.finding(
                c.segment,
                (c.link.target_start, c.link.target_end),
                (c.link.source_start, c.link.source_end),
                f"'{c.source_word}' looks like '{c.target_word}' but does not mean it; the dictionary gives "
                + ", ".join(f"'{o}'" for o in preferred[:3]),
                suggestions=preferred[:3],
                confidence=min(0.7, 0.4 + 5 * best),
            )

    @staticmethod
    def _gains(pair: DocumentPair, c: _Candidate, replacements: np.ndarray) -> list[float]:
        seg = c.segment
        src_vec = unit(pair.source.embeddings[list(seg.source_sentences)].mean(axis=0))
        rows = pair.target.embeddings[list(seg.target_sentences)].copy()
        pos = list(seg.target_sentences).index(c.sentence)
        before = float(unit(rows.mean(axis=0)) @ src_vec)
        gains = []
        for vec in replacements:
            rows[pos] = vec
            gains.append(float(unit(rows.mean(axis=0)) @ src_vec) - before)
        return gains
