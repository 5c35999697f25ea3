"""Word statistics the word-level checks share: frequencies per language (wordfreq) and what a content word is."""
from __future__ import annotations

import unicodedata
from functools import lru_cache


def fold(word: str) -> str:
    """Lower case without accents: 'Écotaxe' → 'ecotaxe'."""
    if word.isascii():  # most of an English text: nothing to decompose (entity checks fold 70 texts a pair)
        return word.lower()
    return "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))


# Function words sit above ~5.5 on wordfreq's Zipf scale in every language it covers (de, the, pour, with);
# content words below. A frequency threshold keeps this language-independent.
FUNCTION_WORD_ZIPF = 5.5


@lru_cache(maxsize=200_000)
def zipf(word: str, lang: str, wordlist: str = "small") -> float:
    """wordfreq's Zipf frequency; the "large" list also knows rare words (what a spelling check needs)."""
    from wordfreq import zipf_frequency

    try:
        return zipf_frequency(word, lang, wordlist=wordlist)
    except (LookupError, ImportError):
        # a language wordfreq does not know, or one it cuts into words only with jieba / MeCab: no evidence
        return 0.0


def is_content_word(word: str, lang: str, min_len: int = 4) -> bool:
    """A lowercase alphabetic word that is not a function word (names and numbers have their own checks)."""
    return (
        len(word) >= min_len
        and word.isalpha()
        and not word[0].isupper()
        and zipf(word.lower(), lang) < FUNCTION_WORD_ZIPF
    )
