"""The bilingual dictionary of a pair (Wiktionary 2015: fr, es, it, de → en), looked up by lemma.

``corpora/pairs/<xx>-en/dictionary.tsv`` (built by ``scripts/build_dictionaries.py``) holds one line per headword
and part of speech: ``headword, pos, translations, loose translations``. Loose translations come only from an
inverted English entry ("millions" → "billion"): they count as coverage (`covers`), and are suggested
(`translations`) only for a word that has no other (German, whose file is all inverted rows).

Source words are looked up by lemma. The lemmatiser is simplemma (PyPI, MIT), chosen by measurement on the 3,003
French sources of WMT newstest2014 (67,209 alphabetic tokens as spaCy cuts them; share whose lemma is a headword
of fr-en.tsv; speed on this machine's shared 2 cores):

    surface form only                   0.784                      —
    the former hand-written suffix rules 0.930 (a guess: a rule takes any headword it reaches) 457,000 words/s
    spaCy fr_core_news_sm 3.8 (context) 0.950 (lemma or form 0.953)   3,600 words/s (tagger, no parser/NER)
    simplemma 2.0.0                     0.948 (lemma or form 0.948) 126,000 words/s (940,000 memoised)

spaCy's edge is 0.2 points at 1/35 the speed; it has no current small models for Spanish (es 3.1 needs spaCy 3.1)
and none on PyPI for Italian or German, and it needs the sentence. simplemma covers all four languages. Its
word → lemma table is read once per language, kept only for forms whose lemma is a headword and that wordfreq
knows (fr: 64,279 of 249,548 forms; the coverage of newstest2014 words, 0.9166 against 0.9168 with every form),
and cached with the parsed dictionary: a run after the first imports neither simplemma nor wordfreq's lists.

`covers` is generous: it also accepts the translations of the headwords that the former hand-written suffix rules
reach (``languages/inflection/fr.toml``, a backup: simplemma gives one lemma per form, "secondes" → "seconder");
`translations`, which feeds suggestions, keeps to the lemmatiser's lemmas.

English forms of a translation count as the same word: lemminflect's inflections (went, children) and the
regular endings of ``languages/inflection/<target>.toml`` (partner → partners, firm → firmly).

The parsed index is pickled in the user cache directory, keyed by the content hash of the data files and of the
lemmatiser's version, so a run after the first loads it in a few tens of milliseconds.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..cache import cached

_PARSER_VERSION = 5
_SEP = "\x1f"  # items of one field of a headword's record
_FIELD = "\x1e"  # the record's fields: parts of speech, translations, loose translations
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@lru_cache(maxsize=50_000)
def english_forms(word: str) -> frozenset[str]:
    """Inflected forms lemminflect knows for an English word (all parts of speech), the word itself included."""
    forms = {word}
    try:
        from lemminflect import getAllInflections
    except ImportError:  # pragma: no cover - a dependency; without it the regular endings still apply
        return frozenset(forms)
    for variants in getAllInflections(word).values():
        forms.update(variants)
    return frozenset(forms)


@dataclass
class Dictionary:
    """Source headword (lowercased) → its parts of speech, English translations and loose translations.

    One string per headword (three fields of items joined by separators, split on lookup): far fewer objects to
    unpickle. ``lemma_of`` maps a lowercased inflected form to its lemma (a headword)."""

    index: dict[str, str] = field(default_factory=dict)  # headword → "pos…␞translations…␞loose…"
    lemma_of: dict[str, str] = field(default_factory=dict)
    backup_rules: tuple[tuple[str, str], ...] = ()  # [suffix, replacement]: further readings for `covers`
    target_suffixes: tuple[str, ...] = ()
    target_y_suffixes: tuple[str, ...] = ()
    # Memos: the same words recur in every sentence.
    _lemmas: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)
    _readings: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)
    _translations: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)
    _phrases: dict[str, list[list[set[str]]]] = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.index)

    def __contains__(self, word: str) -> bool:
        return word.lower() in self.index

    def lemmas(self, word: str) -> list[str]:
        """Headwords a form may belong to: its lemma first ("millions" → "million"), then the form itself when
        it is a headword too ("soutenu" is an adjective and a form of "soutenir")."""
        found = self._lemmas.get(word)
        if found is None:
            w = word.lower()
            lemma = self.lemma_of.get(w)
            found = [lemma] if lemma else []
            if w in self.index and w != lemma:
                found.append(w)
            self._lemmas[word] = found
        return found

    def readings(self, word: str) -> list[str]:
        """The lemmas, then every further headword the backup suffix rules reach (``languages/inflection/<xx>.toml``):
        the lemmatiser gives one lemma per form, not always the one of the sense at hand ("différentes" →
        "différents", not "différent")."""
        found = self._readings.get(word)
        if found is None:
            found = list(self.lemmas(word))
            w = word.lower()
            for suffix, repl in self.backup_rules:
                if w.endswith(suffix) and len(w) > len(suffix) + 1:
                    cand = w[: -len(suffix)] + repl
                    if cand in self.index and cand not in found:
                        found.append(cand)
            self._readings[word] = found
        return found

    def translations(self, word_or_lemma: str) -> list[str]:
        """English translations of every lemma of the word, in the dictionary's order; the loose ones only
        when there is no other."""
        out = self._translations.get(word_or_lemma)
        if out is None:
            lemmas = self.lemmas(word_or_lemma)
            out = self._gather(lemmas, 1) or self._gather(lemmas, 2)
            self._translations[word_or_lemma] = out
        return out

    def senses(self, word_or_lemma: str) -> list[str]:
        """Every translation of every reading, strict then loose: what `covers` accepts."""
        lemmas = self.readings(word_or_lemma)
        strict = self._gather(lemmas, 1)
        return strict + [t for t in self._gather(lemmas, 2) if t not in strict]

    def parts_of_speech(self, lemma: str) -> set[str]:
        """The headword's parts of speech as the dictionary tags them (noun, verb, adj, propn …)."""
        record = self.index.get(lemma.lower())
        return set(record.split(_FIELD)[0].split(_SEP)) if record else set()

    def _gather(self, lemmas: list[str], column: int) -> list[str]:
        out: list[str] = []
        for lemma in lemmas:
            record = self.index.get(lemma)
            joined = record.split(_FIELD)[column] if record else ""
            if joined:
                out += [t for t in joined.split(_SEP) if t not in out]
        return out

    def _word_forms(self, word: str) -> set[str]:
        forms = set(english_forms(word))
        forms.update(word + s for s in self.target_suffixes)
        if word.endswith("e"):
            forms.update(word[:-1] + s for s in self.target_suffixes)
        if word.endswith("y"):
            forms.update(word[:-1] + s for s in self.target_y_suffixes)
        return forms

    def covers(self, source_word: str, target_words) -> bool:
        """Whether some translation of ``source_word``, strict or loose, occurs among ``target_words``
        (English inflection allowed; every word of a several-word translation must occur)."""
        phrases = self._phrases.get(source_word)
        if phrases is None:
            phrases = [[self._word_forms(w) for w in words] for phrase in self.senses(source_word)
                       if (words := _WORD.findall(phrase.lower()))]
            self._phrases[source_word] = phrases
        if not phrases:
            return False
        targets = {t.lower() for t in target_words}
        return any(all(targets & forms for forms in phrase) for phrase in phrases)


def _parse(text: str) -> dict[str, str]:
    records: dict[str, tuple[list[str], list[str], list[str]]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        head, tag, strict_list, loose_list = line.split("\t")
        tags, strict, loose = records.setdefault(head.lower(), ([], [], []))
        if tag not in tags:
            tags.append(tag)
        for known, joined in ((strict, strict_list), (loose, loose_list)):
            if joined:
                known += [t for t in joined.split("; ") if t not in known]
    return {head: _FIELD.join(_SEP.join(items) for items in record) for head, record in records.items()}


def _lemma_table(lang: str, headwords: dict[str, str]) -> dict[str, str]:
    """simplemma's form → lemma pairs whose lemma is a headword, for forms wordfreq knows (lowercased)."""
    try:
        from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory
    except ImportError:  # pragma: no cover - a pinned dependency; without it only exact headwords are found
        return {}
    try:
        forms = DefaultDictionaryFactory().get_dictionary(lang)
    except (ValueError, KeyError, OSError):
        return {}  # a language simplemma does not cover
    try:
        from wordfreq import get_frequency_dict

        known = get_frequency_dict(lang)
    except (LookupError, ImportError):
        known = None
    table: dict[str, str] = {}
    for form, lemma in forms.items():
        key, lemma = form.lower(), lemma.lower()
        if key == lemma or key in table or lemma not in headwords:
            continue
        if known is not None and key not in known:
            continue
        table[key] = headwords[lemma]  # the index's own key object: pickled once, shared
    return table


def _lemmatiser_version() -> str:
    try:
        from importlib.metadata import version

        return f"simplemma {version('simplemma')}"
    except Exception:  # noqa: BLE001 - not installed: the cache entry says so and is rebuilt once it is
        return "no lemmatiser"


def _build(raw: bytes, lang: str):
    index = _parse(raw.decode("utf-8"))
    return index, _lemma_table(lang, {head: head for head in index})


def load_dictionary(pair_dir: Path) -> Dictionary:
    pair_dir = Path(pair_dir)
    path = pair_dir / "dictionary.tsv"
    if not path.exists():
        return Dictionary()
    source_lang, _, target_lang = pair_dir.name.partition("-")
    folder = pair_dir.parents[1] / "languages" / "inflection"
    infl, backup = ({} if not (folder / f"{lang}.toml").exists() else
                    tomllib.loads((folder / f"{lang}.toml").read_text(encoding="utf-8"))
                    for lang in (target_lang, source_lang))
    raw = path.read_bytes()
    key = raw + f"|{_PARSER_VERSION}|{_lemmatiser_version()}".encode()
    index, lemma_of = cached(f"dictionary-{pair_dir.name}", key, lambda: _build(raw, source_lang))
    return Dictionary(
        index=index,
        lemma_of=lemma_of,
        backup_rules=tuple(tuple(r) for r in backup.get("source_lemma", {}).get("rules", ())),
        target_suffixes=tuple(infl.get("suffixes", ())),
        target_y_suffixes=tuple(infl.get("y_suffixes", ())),
    )
