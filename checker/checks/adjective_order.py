"""CT208 adjective-order: the source's noun–adjective order kept in English ("a commentator intelligent")."""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..align.words import words_of
from ..lexicons.word_classes import has_word_classes, word_classes
from ..model import DocumentPair, Finding, FixAvailability, FixSafety, Severity
from .base import Check, Context, Example
from .wordstats import FUNCTION_WORD_ZIPF, zipf

# The source adjective may stand one word further from its noun than the English pair ("caractères sexuels
# primaires" → "characters primary"), not more: further away it is seldom the noun's own adjective.
MAX_SOURCE_GAP = 2
# Adjectives already before the English noun that the moved adjective goes in front of ("economic risks
# unnecessary" → "unnecessary economic risks"), at most.
MAX_PREMODIFIERS = 2
# Source parts of speech that make a word something else than a plain noun or adjective ("peu" is a noun, an
# adverb and a determiner; "principale" an adjective and a noun): such a word is left alone.
_NOT_NOUN = {"adj", "adv", "det", "pron", "num"}
_NOT_ADJECTIVE = {"adv", "det", "pron", "num"}
_NEXT_WORD = re.compile(r"\s*([\w'’-]+)")
_PREVIOUS_WORDS = re.compile(r"[\w'’-]+")


@lru_cache(maxsize=8)  # once per language pair: a Context lives for one document
def _english(lexicons) -> dict | None:
    """The target language's word_order section as sets, or None when it has no table of word classes."""
    target = lexicons.target
    order = target.section("word_order")
    if not order or order.get("adjective_after_noun", True) or not has_word_classes(target.lang):
        return None
    return {key: frozenset(w.lower() for w in order.get(key, ())) for key in
            ("postpositive", "indefinites", "complement_verbs", "complement_words")} | {
        "suffixes": tuple(order.get("postpositive_suffixes", ()))}


def _opens_sentence(text: str, at: int, segment_start: int) -> bool:
    before = text[segment_start:at].rstrip()
    return not before or before[-1] in ".!?:«“\"(—–"


class AdjectiveOrder(Check):
    """A source adjective that follows its noun, left after the noun in English ("a commentator intelligent").

    What it does
        Looks at every two neighbouring English words linked to a source noun and, after it, one of its
        adjectives (the pair's dictionary gives the parts of speech), in a source language whose adjectives
        mostly follow their noun (``word_order.adjective_after_noun`` in ``languages/<xx>.toml``: French,
        Spanish, Italian). The English pair is reported when the first word can only be a noun and the second
        only an adjective (lemminflect's lexicon; "classic" may be a noun, so "configuration classic" is not
        reported) and nothing makes the order English: an adjective English puts after a noun ("the people
        concerned", "the funds available", "Secretary General": ``word_order.postpositive`` in ``en.toml``), an
        adjective with a complement ("investors reticent to buy"), an object complement ("declared the law
        unconstitutional"), an indefinite pronoun ("something new"), a name ("Front National").

        The fix puts the adjective first, before any adjective already in front of the noun ("economic risks
        unnecessary" → "unnecessary economic risks"), unless a word that can only be a noun follows ("an experiment
        pleasant passenger"): there the right order needs more than a swap, and none is offered.

        Measured on the first 1,500 lines of WMT newstest2014 in ten-line stories: no finding on the human
        reference; 2 on online-B's MT ("objects sexy", "trader crazy"), 3 on uedin's ("purpose dangerous", "image
        uncertain"), 8 on the rule-based rbmt1's ("commentator intelligent", "identity sexual", "attempt
        obvious"), every one a real error. On 1,500 lines of LIG's held-out fold (SMT output with post-edits) it
        made 21 findings; on reading, 20 are orders the post-editor put right ("the feelings regional", "blackmail
        diplomatic") and one was a verb ("Taiwan remains independent", no longer reported). On news-mt-errors it
        finds one ("club musical"), an error other rules had found already.

    Why is this bad?
        French puts most adjectives after the noun; MT that keeps that order reads as a translation at once,
        and a reader may take the adjective for the start of a new clause.

    Example
        Source: « Le débat a été présenté par un commentateur intelligent. »
        Target: "The debate was presented by a commentator intelligent."

    Use instead
        "The debate was presented by an intelligent commentator."

    Fix safety
        For review: the swap keeps every word (an article before the pair changes with it, "a" → "an").
    """

    code = "CT208"
    name = "adjective-order"
    category = "fluency/grammar"
    severity = Severity.MINOR
    fix = FixAvailability.SOMETIMES
    examples = (
        Example("Le débat a été présenté par un commentateur intelligent.",
                "The debate was presented by <marker>a commentator intelligent</marker>.",
                correction="an intelligent commentator"),  # the pipeline widens a fix over the article it changes
        Example("Le débat a été présenté par un commentateur intelligent.",
                "The debate was presented by an intelligent commentator."),
        Example("Les photos disponibles sur Facebook ont été retirées.",
                "The photos available on Facebook have been removed."),
        Example("Le juge a déclaré la loi inconstitutionnelle.", "The judge declared the law unconstitutional."),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        english = _english(ctx.lexicons)
        dictionary = ctx.lexicons.dictionary
        if english is None or not ctx.lexicons.source.section("word_order").get("adjective_after_noun") \
                or not len(dictionary):
            return
        src, tgt = pair.source.text, pair.target.text
        lang = pair.target.lang

        for seg in pair.segments:
            if not seg.links:
                continue
            s_words = words_of(src, seg.source_start, seg.source_end)
            t_words = words_of(tgt, seg.target_start, seg.target_end)
            s_index = {start: i for i, (start, _) in enumerate(s_words)}
            t_index = {start: i for i, (start, _) in enumerate(t_words)}
            linked = {t_index[k.target_start]: s_index[k.source_start] for k in seg.links
                      if k.target_start in t_index and k.source_start in s_index}
            for i in range(len(t_words) - 1):
                a, b = linked.get(i), linked.get(i + 1)
                if a is None or b is None or not 0 < b - a <= MAX_SOURCE_GAP:
                    continue
                (n0, n1), (j0, j1) = t_words[i], t_words[i + 1]
                if tgt[n1:j0].strip():
                    continue  # not neighbours: punctuation between
                noun, adjective = tgt[n0:n1], tgt[j0:j1]
                s_noun, s_adjective = src[slice(*s_words[a])], src[slice(*s_words[b])]
                noun_pos = dictionary.word_parts_of_speech(s_noun)
                adjective_pos = dictionary.word_parts_of_speech(s_adjective)
                if "noun" not in noun_pos or noun_pos & _NOT_NOUN:
                    continue
                if "adj" not in adjective_pos or adjective_pos & _NOT_ADJECTIVE:
                    continue
                if not self._copied_order(tgt, t_words, i, noun, adjective, "noun" in adjective_pos, english, lang):
                    continue
                after = _NEXT_WORD.match(tgt, j1)
                # a word that can only be a noun continues the phrase ("experiment pleasant passenger"); one that
                # may be a verb most often starts the predicate ("objects sexy rage", "commentator intelligent spoke")
                continues = after is not None and word_classes(after.group(1), lang) == {"NOUN"} \
                    and zipf(after.group(1).lower(), lang) < FUNCTION_WORD_ZIPF
                # The adjective goes before the whole noun phrase: "economic risks unnecessary" → "unnecessary
                # economic risks", not "economic unnecessary risks".
                start = n0
                for k in range(i - 1, max(-1, i - 1 - MAX_PREMODIFIERS), -1):
                    w0, w1 = t_words[k]
                    word = tgt[w0:w1]
                    if tgt[w1:start].strip() or word_classes(word, lang) != {"ADJ"} or word[0].isupper() \
                            or zipf(word.lower(), lang) >= FUNCTION_WORD_ZIPF:
                        break
                    start = w0
                phrase = tgt[start:n1]
                swapped = adjective + " " + phrase
                if phrase[0].isupper() and _opens_sentence(tgt, start, seg.target_start):  # so does the adjective
                    swapped = adjective[0].upper() + adjective[1:] + " " + phrase[0].lower() + phrase[1:]
                yield self.finding(
                    seg, (start, j1), (s_words[a][0], s_words[b][1]),
                    f"'{noun} {adjective}' keeps the order of '{src[s_words[a][0]:s_words[b][1]]}': in English the "
                    f"adjective comes first" + ("" if not continues else
                                                  f" (the phrase goes on with '{after.group(1)}': reorder it whole)"),
                    suggestions=() if continues else (swapped,),
                    fix=FixSafety.REVIEW,
                    confidence=0.6,
                )

    @staticmethod
    def _copied_order(text: str, words: list[tuple[int, int]], i: int, noun: str, adjective: str,
                      source_may_be_noun: bool, english: dict, lang: str) -> bool:
        """Whether the English noun and adjective stand in an order English does not use itself."""
        n_classes, a_classes = word_classes(noun, lang), word_classes(adjective, lang)
        if "NOUN" not in n_classes or "ADJ" in n_classes or "ADJ" not in a_classes or a_classes - {"ADJ", "NOUN"}:
            return False  # not surely a noun, then surely an adjective (a verb form, a participle, an adverb)
        if "VERB" in n_classes and (noun.lower().endswith("ing") or noun.lower() in english["complement_verbs"]):
            return False  # a gerund or a preposition ("following new revelations"), a verb ("Taiwan remains free")
        if source_may_be_noun and "NOUN" in a_classes:
            return False  # two nouns may be a compound
        if adjective[0].isupper() or zipf(noun.lower(), lang) >= FUNCTION_WORD_ZIPF:
            return False  # a name or a title ("Front National"); a function word
        low = adjective.lower()
        if low in english["postpositive"] or low.endswith(english["suffixes"]):
            return False  # "the people concerned", "the funds available"
        if noun.lower() in english["indefinites"]:
            return False  # "something new"
        after = _NEXT_WORD.match(text, words[i + 1][1])
        if after is not None and after.group(1).lower() in english["complement_words"]:
            return False  # the adjective's own complement follows: "investors reticent to buy"
        before = _PREVIOUS_WORDS.findall(text[max(0, words[i][0] - 60) : words[i][0]])[-3:]
        return not any(w.lower() in english["complement_verbs"] for w in before)
