"""The bilingual dictionary of a pair (Wiktionary 2015: fr, es, it, de → en), looked up by lemma.

``corpora/pairs/<xx>-en/dictionary.tsv`` (built by ``scripts/build_dictionaries.py``) holds one line per headword
and part of speech: ``headword, pos, translations, loose translations``. Loose translations come only from an
inverted English entry ("millions" → "billion"): they count as coverage (`covers`), and are suggested
(`translations`) only for a word that has no other (German, whose file is all inverted rows).

Source words are looked up by lemma. The lemmatiser is simplemma (PyPI, MIT), chosen by measurement on the 3,003
French sources of WMT newstest2014 (67,209 alphabetic tokens as spaCy cuts them; share whose lemma is a headword
of fr-en.tsv; speed on this machine's shared 2 cores):

    lookup                                  lemma is a headword   (lemma or form)   speed
    surface form only                       0.784                                   —
    the former hand-written suffix rules    0.930 *                                 457,000 words/s
    spaCy fr_core_news_sm 3.8.0, in context 0.950                 (0.953)           3,600 words/s (no parser, NER)
    simplemma 2.0.0                         0.948                 (0.948)           126,000 words/s (940,000 memoised)

    * a guess, not a lemma: a rule takes any headword it reaches ("sont" may become "sot").

spaCy's edge is 0.2 points at 1/35 the speed; it has no current small models for Spanish (es 3.1 needs spaCy 3.1)
and none on PyPI for Italian or German, and it needs the sentence. simplemma covers all four languages. Its
word → lemma table is read once per language, kept only for forms whose lemma is a headword and that wordfreq
knows (fr: 62,980 of 249,548 forms; on newstest2014 words cut by a regular expression, coverage 0.9166 against
0.9168 with every form),
and cached with the parsed dictionary: a run after the first imports neither simplemma nor wordfreq's lists.

`covers` is generous: it also accepts the translations of the headwords that the former hand-written suffix rules
reach (``languages/inflection/fr.toml``, a backup: simplemma gives one lemma per form, "secondes" → "seconder");
`translations`, which feeds suggestions, keeps to the lemmatiser's lemmas.

English forms of a translation count as the same word: the regular endings of
``languages/inflection/<target>.toml`` (partner → partners, firm → firmly) and, computed once into the cache,
the irregular forms lemminflect knows (went, children), so that a run does not load lemminflect.

The parsed index, the lemma table and the irregular forms are pickled in the user cache directory, keyed by the
content hash of the data files. Measured on this machine (busy, 2 cores; fr-en, load and a first lookup, in a
fresh process): from the cache 0.077 s (the truncated 2014 export with suffix rules: 0.047 s); the one-time
build with an empty cache 3.3–3.6 s (simplemma's and wordfreq's lists; 2014 export: 0.5–0.9 s).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..cache import cached

_PARSER_VERSION = 6
_SEP = "\x1f"  # items of one field of a headword's record
_FIELD = "\x1e"  # the record's fields: parts of speech, translations, loose translations
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def _headword_key(word: str) -> str:
    """A source word as headwords are written: lower case, with the typewriter apostrophe (press copy often has ’)."""
    return word.lower().replace("’", "'")


def regular_forms(word: str, suffixes: tuple[str, ...], y_suffixes: tuple[str, ...]) -> set[str]:
    """The word with each regular ending (``languages/inflection/<target>.toml``): "partner" → "partners"."""
    forms = {word}
    forms.update(word + s for s in suffixes)
    if word.endswith("e"):
        forms.update(word[:-1] + s for s in suffixes)
    if word.endswith("y"):
        forms.update(word[:-1] + s for s in y_suffixes)
    return forms


def _irregular_forms(index: dict[str, str], suffixes, y_suffixes) -> dict[str, str]:
    """For every word of a translation, the inflected forms lemminflect knows that the regular endings do not
    make ("go" → "went", "gone"; "child" → "children"), computed once with the cache so that a run does not
    load lemminflect (0.4 s)."""
    try:
        from lemminflect import getAllInflections
    except ImportError:  # pragma: no cover - a dependency; without it the regular endings still apply
        return {}
    words: set[str] = set()
    for record in index.values():
        for joined in record.split(_FIELD)[1:]:
            if joined:
                for phrase in joined.split(_SEP):
                    words.update(_WORD.findall(phrase.lower()))
    out: dict[str, str] = {}
    for word in sorted(words):
        forms = {f for variants in getAllInflections(word).values() for f in variants}
        extra = sorted(forms - regular_forms(word, suffixes, y_suffixes))
        if extra:
            out[word] = _SEP.join(extra)
    return out


@dataclass
class Dictionary:
    """Source headword (lowercased) → its parts of speech, English translations and loose translations.

    One string per headword (three fields of items joined by separators, split on lookup): far fewer objects to
    unpickle. ``lemma_of`` maps a lowercased inflected form to its lemma (a headword)."""

    index: dict[str, str] = field(default_factory=dict)  # headword → "pos…␞translations…␞loose…"
    lemma_of: dict[str, str] = field(default_factory=dict)
    irregular: dict[str, str] = field(default_factory=dict)  # English word → forms the endings do not make
    backup_rules: tuple[tuple[str, str], ...] = ()  # [suffix, replacement]: further readings for `covers`
    elisions: tuple[str, ...] = ()  # "l'", "qu'": looked through when the whole form is no headword
    enclitics: tuple[str, ...] = ()  # "-t-il", "-ci": likewise, at the end ("a-t-il", "ce jour-là")
    plural_endings: tuple[tuple[str, str], ...] = ()  # [plural, singular] endings of the source's nouns
    target_suffixes: tuple[str, ...] = ()
    target_y_suffixes: tuple[str, ...] = ()
    target_possessives: tuple[str, ...] = ()  # "'s": "Canada's" is matched as "Canada"
    # Memos: the same words recur in every sentence.
    _lemmas: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)
    _readings: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)
    _translations: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)
    _phrases: dict[str, list[list[frozenset[str]]]] = field(default_factory=dict, repr=False, compare=False)
    _forms: dict[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)
    _covers_word: dict[tuple[str, str], bool] = field(default_factory=dict, repr=False, compare=False)
    _translation_words: dict[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.index)

    def __contains__(self, word: str) -> bool:
        return _headword_key(word) in self.index

    def lemmas(self, word: str) -> list[str]:
        """Headwords a form may belong to: its lemma first ("millions" → "million"), then the form itself when
        it is a headword too ("soutenu" is an adjective and a form of "soutenir")."""
        found = self._lemmas.get(word)
        if found is None:
            w = _headword_key(word)
            lemma = self.lemma_of.get(w)
            found = [lemma] if lemma else []
            if w in self.index and w != lemma:
                found.append(w)
            if not found and self.elisions:
                # The aligner keeps "l'amphithéâtre" one word; the dictionary has "amphithéâtre" (and keeps
                # "aujourd'hui", found above).
                elided = next((e for e in self.elisions if w.startswith(e) and len(w) > len(e)), None)
                if elided:
                    found = self.lemmas(w[len(elided):])
            if not found and self.enclitics:
                attached = next((e for e in self.enclitics if w.endswith(e) and len(w) > len(e)), None)
                if attached:
                    found = self.lemmas(w[: -len(attached)])
            self._lemmas[word] = found
        return found

    def plural_noun(self, word: str) -> bool:
        """Whether the source word is the plural of a headword that is only a noun ("buts" of « but »): the
        ending rules of ``languages/inflection/<xx>.toml`` [number] lead from the form to its lemma."""
        lemmas = self.lemmas(word)
        if not lemmas or self.parts_of_speech(lemmas[0]) != {"noun"}:
            return False
        w = _headword_key(word)
        return w != lemmas[0] and any(w.endswith(plural) and w[: len(w) - len(plural)] + singular == lemmas[0]
                                      for plural, singular in self.plural_endings)

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

    def word_parts_of_speech(self, word: str) -> set[str]:
        """The parts of speech of every headword the form may belong to (its lemmas, else itself)."""
        return {pos for lemma in self.lemmas(word) or [word] for pos in self.parts_of_speech(lemma)}

    def _gather(self, lemmas: list[str], column: int) -> list[str]:
        out: list[str] = []
        for lemma in lemmas:
            record = self.index.get(lemma)
            joined = record.split(_FIELD)[column] if record else ""
            if joined:
                out += [t for t in joined.split(_SEP) if t not in out]
        return out

    def _word_forms(self, word: str) -> frozenset[str]:
        """The English word and its inflections (memoised: 9,000 distinct words make 38,000 requests on 1,000
        newstest pairs, "the", "of", "make" in the senses of most source words)."""
        found = self._forms.get(word)
        if found is None:
            forms = regular_forms(word, self.target_suffixes, self.target_y_suffixes)
            extra = self.irregular.get(word)
            if extra:
                forms.update(extra.split(_SEP))
            found = self._forms[word] = frozenset(forms)
        return found

    def forms(self, word: str) -> frozenset[str]:
        """The English word and its inflections, as `covers` matches them ("low" → "lower", "lows" …)."""
        return self._word_forms(word.lower())

    def covers_word(self, source_word: str, target_word: str) -> bool:
        """`covers(source_word, [target_word])`, memoised: the quality model asks it of every word link, and the
        same pairs (de/of, le/the) recur in every sentence."""
        key = (source_word, target_word.lower())
        found = self._covers_word.get(key)
        if found is None:
            found = self._covers_word[key] = self.covers(source_word, [target_word])
        return found

    def translation_words(self, word: str) -> frozenset[str]:
        """Every lower-cased word of the word's translations (memoised)."""
        found = self._translation_words.get(word)
        if found is None:
            found = self._translation_words[word] = frozenset(
                w for phrase in self.translations(word) for w in phrase.lower().split())
        return found

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
        targets = {t.lower() for t in target_words} | {self.target_key(t) for t in target_words}
        return any(all(targets & forms for forms in phrase) for phrase in phrases)

    def target_key(self, word: str) -> str:
        """A target word as translations are matched: lower case, without a possessive ending (the aligner keeps
        "government's" one word; the dictionary says "government")."""
        w = word.lower()
        for ending in self.target_possessives:
            if w.endswith(ending) and len(w) > len(ending):
                return w[: -len(ending)]
        return w


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


def _build(raw: bytes, lang: str, suffixes: tuple[str, ...], y_suffixes: tuple[str, ...]):
    index = _parse(raw.decode("utf-8"))
    return index, _lemma_table(lang, {head: head for head in index}), _irregular_forms(index, suffixes, y_suffixes)


@lru_cache(maxsize=16)
def inflection_data(folder: Path, lang: str) -> dict:
    """``<folder>/<lang>.toml`` (languages/inflection), {} when the language has none."""
    path = folder / f"{lang}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


@lru_cache(maxsize=16)  # asked on every match of a rule: corpora_path() is not free
def possessive_endings(lang: str) -> tuple[str, ...]:
    """The endings that make a word possessive in `lang` ("'s"), for rules that run without a dictionary."""
    from . import corpora_path

    return tuple(inflection_data(corpora_path() / "languages" / "inflection", lang).get("possessives", ()))


def load_dictionary(pair_dir: Path) -> Dictionary:
    pair_dir = Path(pair_dir)
    path = pair_dir / "dictionary.tsv"
    if not path.exists():
        return Dictionary()
    source_lang, _, target_lang = pair_dir.name.partition("-")
    folder = pair_dir.parents[1] / "languages" / "inflection"
    infl, backup = inflection_data(folder, target_lang), inflection_data(folder, source_lang)
    raw = path.read_bytes()
    suffixes, y_suffixes = tuple(infl.get("suffixes", ())), tuple(infl.get("y_suffixes", ()))
    # simplemma is pinned (pyproject.toml) and lemminflect's irregular forms are settled English: a new pin bumps
    # _PARSER_VERSION. Asking their versions here would cost a metadata scan (~40 ms) on every run.
    key = raw + f"|{_PARSER_VERSION}|{suffixes}|{y_suffixes}".encode()
    index, lemma_of, irregular = cached(f"dictionary-{pair_dir.name}", key,
                                        lambda: _build(raw, source_lang, suffixes, y_suffixes))
    return Dictionary(
        index=index,
        lemma_of=lemma_of,
        irregular=irregular,
        backup_rules=tuple(tuple(r) for r in backup.get("source_lemma", {}).get("rules", ())),
        elisions=tuple(backup.get("source_lemma", {}).get("elisions", ())),
        enclitics=tuple(backup.get("source_lemma", {}).get("enclitics", ())),
        plural_endings=tuple(tuple(e) for e in backup.get("number", {}).get("plural_endings", ())),
        target_suffixes=suffixes,
        target_y_suffixes=y_suffixes,
        target_possessives=tuple(infl.get("possessives", ())),
    )
