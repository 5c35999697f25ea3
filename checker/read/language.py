"""Which language a text is in, with langdetect, deterministically and cheaply.

langdetect samples n-grams at random: ``DetectorFactory.seed = 0`` and a fresh detector per call make every
answer reproducible. Its 55 profiles take ~0.3 s to load, so they load on the first call only.

Reliability, measured on Tatoeba fra–eng (the 578 French and 684 English sentences of 3–7 words; checked again
by tests/test_read.py): ``detect_sentence_language``, which may answer any of 55 languages, is right for 91.5 % of
the French and 83.8 % of the English lines (it drifts to Italian, Welsh, Afrikaans, Norwegian …). ``looks_like(s, "fr",
("en", "fr"))``, from word frequencies, puts the right language above 0.5 for all of them (langdetect restricted
to the two languages: ~97 %), at ~0.2 ms a line against ~5 ms. Names, numbers and cognates ("Xi Jinping",
"restaurant") carry no evidence, so a line made only of them scores near 0.5: read 0.5 as "cannot tell".

``target_language`` says whether a translation is in the language it must be in. Against the source language
alone, the word test is blind to a third language: German words (in, an, die, so, Professor) are English rather
than French, so a German translation scored 1.0 "English". The share of the words that are common words of the
expected language closes that gap cheaply (English news 0.95, German prose 0.46), and open-set detection, run
only when that test fails, names the language. On the 33,030 English lines of WMT newstest2012–2014 (references
and eight systems' outputs) it names another language once, for a line a system left in French; the former test
(English against French, then langdetect when unsure) named 16, such as "Pont-de-Buis Portico Dismantled"
(Portuguese). All 1,000 English Tatoeba lines stay English.
"""
from __future__ import annotations

import functools
import math
import re
import threading
from dataclasses import dataclass

# Fewer letters than this and langdetect's answer is noise.
MIN_LETTERS = 3
# Whole-document detection reads at most this many characters, taken from a few places spread through the text,
# so that a title or a quotation at the start does not decide alone and a long file costs no more than a short one.
SAMPLE_CHARS = 3000
SAMPLE_PIECES = 3
# In looks_like, how far (in Zipf units, log10 per billion words) one word can pull towards a language.
WORD_VOTE_CAP = 3.0
# clearly_in: the word-frequency test prefers the language by this much, and this share of the words are common
# words of it (in wordfreq's small list). Measured on English news lines (500 newstest2014 references): a share of
# 0.95 on average, 11 lines below 0.8 (headlines of names: 3 once capitalised words are set aside); German,
# Spanish, Italian, Portuguese, Dutch, Danish, Catalan and French prose 0.44–0.58, Polish, Finnish, Turkish,
# Indonesian 0.17–0.29; without their capitalised words at most 0.6.
CLEAR_PROB = 0.9
CLEAR_SHARE = 0.8
# target_language: another language than the expected one is named only when langdetect is this sure that the
# text is not in the expected one, the words other than capitalised ones prefer it this much, fewer than this share
# of them are common words of the expected language, and at least this many of them carry evidence.
DETECT_PROB = 0.9
FOREIGN_PROB = 0.9
FOREIGN_SHARE = 0.65
FOREIGN_WORDS = 4
FOREIGN_LETTERS = 20  # the same, in letters, where words cannot be counted (no word list, or no tokeniser)

_WORD = re.compile(r"\w+")
_lock = threading.Lock()
_loaded = False


def _factory():
    """Load langdetect's profiles once (lazily: importing this module costs nothing)."""
    global _loaded
    from langdetect import DetectorFactory, detector_factory

    if not _loaded:
        with _lock:
            if not _loaded:
                DetectorFactory.seed = 0
                detector_factory.init_factory()
                _loaded = True
    return detector_factory._factory


def _iso(code: str) -> str:
    # langdetect says zh-cn / zh-tw; the rest of the checker speaks ISO 639-1.
    return code.split("-")[0]


def _letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def _sample(text: str) -> str:
    if len(text) <= SAMPLE_CHARS:
        return text
    piece = SAMPLE_CHARS // SAMPLE_PIECES
    out = []
    for i in range(SAMPLE_PIECES):
        start = (len(text) - piece) * i // (SAMPLE_PIECES - 1)
        chunk = text[start : start + piece]
        # Cut at spaces so that no piece starts or ends inside a word (a broken word is a false n-gram).
        if i:
            chunk = chunk.split(None, 1)[-1] if " " in chunk else chunk
        if i < SAMPLE_PIECES - 1:
            chunk = chunk.rsplit(None, 1)[0] if " " in chunk else chunk
        out.append(chunk)
    return "\n".join(out)


def _probabilities(text: str, priors: dict[str, float] | None = None) -> list[tuple[str, float]]:
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    if priors:
        detector.set_prior_map(priors)
    detector.append(text)
    try:
        found = detector.get_probabilities()
    except LangDetectException:
        return []
    merged: dict[str, float] = {}
    for lang in found:
        code = _iso(lang.lang)
        merged[code] = merged.get(code, 0.0) + lang.prob
    return sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))


def detect_language(text: str) -> tuple[str, float]:
    """The language of a whole document: (ISO 639-1 code, probability); ("und", 0.0) when there is no text."""
    sample = _sample(text)
    if _letters(sample) < MIN_LETTERS:
        return "und", 0.0
    found = _probabilities(sample)
    if not found:
        return "und", 0.0
    return found[0][0], round(found[0][1], 4)


def detect_sentence_language(text: str) -> tuple[str, float]:
    """The language of a short span (a sentence or a line); ("und", 0.0) when it has too few letters to tell."""
    if _letters(text) < MIN_LETTERS:
        return "und", 0.0
    found = _probabilities(text[:SAMPLE_CHARS])
    if not found:
        return "und", 0.0
    return found[0][0], round(found[0][1], 4)


def looks_like(text: str, lang: str, candidates: tuple[str, ...] = ("en", "fr")) -> float:
    """Probability that ``text`` is in ``lang`` rather than in one of the other candidates (0.5: cannot tell).

    Word frequencies (wordfreq) decide when every candidate has a word list: each word votes for the languages
    where it is common, its vote capped so that one rare name cannot outweigh the rest. Otherwise langdetect,
    restricted to the candidates by a prior map, decides. See the module docstring for measured accuracy.
    """
    langs = tuple(sorted(set(candidates) | {lang}))
    if len(langs) < 2 or _letters(text) < MIN_LETTERS:
        return 0.5
    evidence = _word_evidence(text[:SAMPLE_CHARS], lang, langs)
    if evidence is not None:
        return evidence.prob[lang]
    known = set(_factory().langlist)
    priors = {c: 1.0 for c in langs if c in known}
    if lang not in priors or len(priors) < 2:
        return 0.5
    found = dict(_probabilities(text[:SAMPLE_CHARS], priors))
    if not found:
        return 0.5
    return round(found.get(lang, 0.0), 4)


def clearly_in(text: str, lang: str, rivals: tuple[str, ...] = ()) -> bool:
    """Whether the words of ``text`` alone say it is in ``lang``: the word-frequency test prefers ``lang`` to every
    rival (CLEAR_PROB) and most of its words are common words of ``lang`` (CLEAR_SHARE). Cheap (~0.5 ms a line);
    False means "not clear", never "not in it": a rival outside ``rivals`` (German, when English is tested
    against French) or a line made of names fails the share, and open-set detection then has to decide."""
    lang = primary(lang)
    sample = _sample(text)
    return _enough_letters(sample) and _clear(_word_evidence(sample, lang, _languages(lang, rivals)), lang)


def target_language(text: str, expected: str, rivals: tuple[str, ...] = ()) -> tuple[str, float]:
    """The language a translation is in, and how sure that is: ``expected`` unless the text is shown to be in
    another language.

    Cheap first: a text whose words clearly say ``expected`` (``clearly_in``, against ``rivals``: the source
    language), or do so once capitalised words are set aside (a headline of names: "Tripodi denies being
    influenced by Obeid"), is settled without langdetect. Anything else goes to open-set detection, and another
    language is named only when langdetect is sure the text is not in ``expected`` (DETECT_PROB) and the words
    other than capitalised ones agree: they prefer that language (FOREIGN_PROB, when it has a word list), few of
    them are common words of ``expected`` (FOREIGN_SHARE), and there are enough of them (FOREIGN_WORDS). So a
    short headline, or English quoting French names, stays in ``expected``.
    """
    expected = primary(expected)
    langs = _languages(expected, rivals)
    sample = _sample(text)
    if not _enough_letters(sample):
        return expected, 0.5
    evidence = _word_evidence(sample, expected, langs)
    if _clear(evidence, expected):
        return expected, evidence.prob[expected]
    # Capitalised words may be names (Valentino, Charillon, Bwelle), which English quotes from any language.
    lowered = _WORD.sub(lambda m: " " if m.group()[0].isupper() else m.group(), sample)
    names_aside = _word_evidence(lowered, expected, langs)
    if _clear(names_aside, expected) and names_aside.evidence >= FOREIGN_WORDS:
        return expected, names_aside.prob[expected]
    found = _probabilities(sample)
    others = [(lang, p) for lang, p in found if lang != expected]
    # Sure that it is not ``expected`` (however the rest is shared out: Danish and Norwegian split it), then
    # the likeliest of the others.
    if not others or sum(p for _, p in others) < DETECT_PROB:
        said = dict(found).get(expected, 0.0)
        return expected, round(said, 4) if said >= DETECT_PROB else 0.5
    detected, prob = others[0][0], round(sum(p for _, p in others), 4)
    versus = _word_evidence(lowered, detected, _languages(expected, (detected,)))
    if versus is not None:
        foreign = (versus.prob[detected] >= FOREIGN_PROB and versus.share[expected] < FOREIGN_SHARE
                   and versus.evidence >= FOREIGN_WORDS)
    else:  # no word list for the detected language (or no way to cut it into words): the expected one's share
        versus = _word_evidence(lowered, expected, (expected,))
        if versus is None:
            return detected, prob  # no word list for the expected language either: langdetect decides
        # Words are no measure of length here: Japanese and Chinese, cut without their tokenisers, make few.
        foreign = versus.share[expected] < FOREIGN_SHARE and _letters(lowered) >= FOREIGN_LETTERS
    return (detected, prob) if foreign else (expected, 0.5)


def language_name(code: str) -> str:
    """'de' → 'German' (CLDR names through Babel); the code itself when it has no name."""
    try:
        from babel import Locale

        return Locale("en").languages.get(primary(code), code)
    except Exception:  # noqa: BLE001 - a name is a courtesy: never fail a message over it
        return code


def primary(code: str) -> str:
    """'en-GB', 'en_US', 'EN' → 'en'."""
    return code.replace("_", "-").split("-")[0].lower()


def _languages(lang: str, others) -> tuple[str, ...]:
    return tuple(sorted({lang, *(primary(o) for o in others if o)}))


def _enough_letters(text: str) -> bool:
    count = 0
    for ch in text:
        if ch.isalpha():
            count += 1
            if count >= MIN_LETTERS:
                return True
    return False


def _clear(evidence: _Evidence | None, lang: str) -> bool:
    return evidence is not None and evidence.prob[lang] >= CLEAR_PROB and evidence.share[lang] >= CLEAR_SHARE


@dataclass(frozen=True)
class _Evidence:
    prob: dict[str, float]  # each language's probability against the others, from the capped votes
    share: dict[str, float]  # the share of the words that are common words of each language (in its small list)
    words: int  # words (tokens with a letter)
    evidence: int  # words that are common in at least one of the languages: how much evidence there is


@functools.lru_cache(maxsize=1)
def _wordfreq_languages() -> frozenset[str]:
    from wordfreq import available_languages  # globs its data folder on every call: once is enough

    return frozenset(available_languages())


def _word_evidence(text: str, lang: str, langs: tuple[str, ...]) -> _Evidence | None:
    """Word-frequency evidence for each of ``langs`` (tokenised as ``lang``); None when one has no word list."""
    if not all(c in _wordfreq_languages() for c in langs):
        return None
    from wordfreq import tokenize

    logits = [0.0] * len(langs)
    common = [0] * len(langs)
    words = evidence = 0
    try:
        for word in tokenize(text, lang, include_punctuation=False):
            if not any(ch.isalpha() for ch in word):
                continue
            words += 1
            zipfs = _zipfs(word, langs)
            top = max(zipfs)
            evidence += top > 0
            for i, zipf in enumerate(zipfs):
                logits[i] += max(-WORD_VOTE_CAP, zipf - top)
                common[i] += zipf > 0
    except (ImportError, LookupError):
        return None  # wordfreq needs jieba / MeCab to cut Chinese, Japanese, Korean: langdetect decides instead
    best = max(logits)
    weights = [math.exp(v - best) for v in logits]
    total = sum(weights)
    return _Evidence(
        prob={c: round(w / total, 4) for c, w in zip(langs, weights, strict=True)},
        share={c: n / words if words else 0.0 for c, n in zip(langs, common, strict=True)},
        words=words,
        evidence=evidence,
    )


@functools.lru_cache(maxsize=1 << 16)
def _zipfs(word: str, langs: tuple[str, ...]) -> tuple[float, ...]:
    """A word's frequency in each language (Zipf; 0 when not in the small list, which loads in ~0.1 s): news
    repeats its words, and a lookup costs more than the rest of the vote."""
    return tuple(_zipf(word, c) for c in langs)


def _zipf(word: str, lang: str) -> float:
    """wordfreq's zipf_frequency(word, lang, "small") for one of its own tokens, read straight from the frequency
    table: zipf_frequency tokenises its argument again (0.4 ms a call, most of the cost of a cold line). A token
    with digits goes through wordfreq itself, which folds digits together before the lookup."""
    from wordfreq import zipf_frequency

    if any(ch.isdigit() for ch in word) or lang not in _FREQUENCY_TABLE_LANGUAGES:
        return zipf_frequency(word, lang, wordlist="small")
    frequency = _frequency_table(lang).get(word, 0.0)
    return round(math.log10(frequency) + 9, 2) if frequency > 0 else 0.0


# Languages whose tokens are plain words (wordfreq treats CJK and a few others specially: leave those to it).
_FREQUENCY_TABLE_LANGUAGES = frozenset({"en", "fr", "de", "es", "it", "pt", "nl", "ca", "da", "sv", "nb", "fi", "pl",
                                        "cs", "ro", "hu", "tr", "ru", "uk", "bg", "el", "id", "ms", "lt", "lv", "sk",
                                        "sl", "hr", "sr", "et"})


@functools.cache
def _frequency_table(lang: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict(lang, wordlist="small")
