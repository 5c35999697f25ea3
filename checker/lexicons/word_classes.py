"""The parts of speech an English word can have (lemminflect's lexicon of 69,980 forms), without loading lemminflect.

A rule that asks whether a word can be a noun or an adjective needs a lexicon, not a tagger: it asks about words
out of context, and answers "it may be" / "it cannot be". lemminflect (MIT, a dependency already, for inflecting
suggestions) knows every form it can lemmatise with its universal POS tags. Loading it costs 0.4 s and 67 MB,
which no default rule pays at check time; the table it gives, one string of tag letters per form, is built once
into the user cache (0.5 s, 1 MB) and read back in about 30 ms. The forms of each verb given in its base form
(6,811 verbs: "answer" → "answers", "answered", "answering") are a second table built the same way, for rules
that rewrite a verb (CT209), and the plural of every form a third, for suggestions in the plural (CT140, CT150).
"""
from __future__ import annotations

from functools import lru_cache

from ..cache import cached

# lemminflect is a dependency with settled English: a change of its pin, or of the table's shape, bumps this.
_VERSION = 1
# One letter per universal POS tag lemminflect uses.
_LETTERS = {"NOUN": "N", "VERB": "V", "ADJ": "A", "ADV": "R", "AUX": "X", "PROPN": "P"}
_TAGS = {letter: tag for tag, letter in _LETTERS.items()}


def _build() -> dict[str, str]:
    try:
        from lemminflect import Lemmatizer
    except ImportError:  # pragma: no cover - a dependency
        return {}
    lemmatizer = Lemmatizer()
    words = sorted({*lemmatizer._getLemmaDict(), *lemmatizer._getOverridesDict()})  # its forms: no public list
    return {word: "".join(sorted(_LETTERS[tag] for tag in lemmatizer.getAllLemmas(word) if tag in _LETTERS))
            for word in words}


@lru_cache(maxsize=4)
def _table(lang: str) -> dict[str, str]:
    if lang != "en":  # lemminflect is English only
        return {}
    return cached("word-classes-en", f"lemminflect|{_VERSION}".encode(), _build)


def word_classes(word: str, lang: str) -> frozenset[str]:
    """The universal POS tags (NOUN, VERB, ADJ, ADV, AUX, PROPN) the lower-cased word can have; empty when the
    lexicon does not know it or the language has none."""
    return frozenset(_TAGS[c] for c in _table(lang).get(word.lower(), ""))


def has_word_classes(lang: str) -> bool:
    return bool(_table(lang))


# A verb's forms in lemminflect's tags: base, third person singular, past, past participle, -ing.
VERB_TAGS = ("VB", "VBZ", "VBD", "VBN", "VBG")


def _build_verbs() -> dict[str, tuple[str, ...]]:
    try:
        from lemminflect import getAllLemmas, getInflection
    except ImportError:  # pragma: no cover - a dependency
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for word, letters in _table("en").items():
        if "V" in letters and word in getAllLemmas(word).get("VERB", ()):
            out[word] = tuple((getInflection(word, tag=tag) or (word,))[0] for tag in VERB_TAGS)
    return out


@lru_cache(maxsize=4)
def _verbs(lang: str) -> dict[str, tuple[str, ...]]:
    if lang != "en":
        return {}
    return cached("verb-forms-en", f"lemminflect|{_VERSION}".encode(), _build_verbs)


def verb_forms(word: str, lang: str) -> dict[str, str] | None:
    """The forms of a verb given in its base form ("answer" → {"VB": "answer", "VBG": "answering", …}), by
    lemminflect's tags; None when the lower-cased word is no verb's base form (or the language has no table).
    Built once into the user cache from lemminflect, so that a check never loads it."""
    forms = _verbs(lang).get(word.lower())
    return None if forms is None else dict(zip(VERB_TAGS, forms, strict=True))


def plural_of(word: str) -> str:
    """The plural of a lower-case English word read as a noun head, by lemminflect, or the word itself when it is
    a plural already ("goals", "people") or a gerund with no noun forms ("restarting"). Loads lemminflect."""
    from lemminflect import getAllInflections, getAllLemmas, getInflection

    if any(word != lemma for lemma in getAllLemmas(word, upos="NOUN").get("NOUN", ())):
        return word
    if word.endswith("ing") and not getAllInflections(word, upos="NOUN"):
        return word
    made = getInflection(word, tag="NNS")
    return made[0] if made else word


def _build_plurals() -> dict[str, str]:
    try:
        import lemminflect  # noqa: F401
    except ImportError:  # pragma: no cover - a dependency
        return {}
    return {word: plural_of(word) for word in _table("en")}


@lru_cache(maxsize=4)
def _plurals(lang: str) -> dict[str, str]:
    if lang != "en":
        return {}
    return cached("plurals-en", f"lemminflect|{_VERSION}".encode(), _build_plurals)


def noun_plural(word: str, lang: str = "en") -> str:
    """plural_of(word) for a lower-case word, from the table built once into the user cache for every form
    lemminflect knows (a check then never loads lemminflect: 0.6 s on first use); a word it does not know is
    inflected by lemminflect itself."""
    known = _plurals(lang).get(word)
    return known if known is not None else plural_of(word)
