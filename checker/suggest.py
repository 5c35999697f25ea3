"""Suggest: rank each finding's candidate fixes by how well the corrected target matches its source.

Checks propose candidates (lexicon renderings, dictionary translations, reformatted numbers, exonyms); here
each candidate is substituted into the target segment and the pair is re-scored with the encoder (the pipeline
encodes a whole chunk's candidates in one call). Grammar that the substitution breaks next to the span (a/an)
is repaired first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .model import DocumentPair, Finding

_ARTICLE_BEFORE = re.compile(r"\b(a|an|A|An)\s+$")
# Vowel letters that are not vowel sounds (a university, a one-off) and silent h (an hour) are the exceptions.
_AN_EXCEPTIONS = re.compile(r"^(uni|use|usu|eu|one|once|ur)", re.I)
_SILENT_H = re.compile(r"^(hour|honest|honou?r|heir)", re.I)


def _wants_an(word: str) -> bool:
    if _SILENT_H.match(word):
        return True
    return bool(word) and word[0].lower() in "aeiou" and not _AN_EXCEPTIONS.match(word)


def fix_article(text: str, finding: Finding) -> None:
    """Widen the span over a preceding a/an when a suggestion needs the other article."""
    m = _ARTICLE_BEFORE.search(text[: finding.target_start])
    if not m or not finding.suggestions:
        return
    article = m.group(1)
    fixed = []
    changed = False
    for s in finding.suggestions:
        want = ("an" if _wants_an(s) else "a")
        want = want.capitalize() if article[0].isupper() else want
        changed |= want != article
        fixed.append(f"{want} {s}")
    if changed:
        finding.target_start = m.start(1)
        finding.suggestions = fixed


def ranking_jobs(pair: DocumentPair) -> list[tuple[Finding, list[str]]]:
    """Each finding whose candidates need ranking, with the target segment rewritten by each candidate (a/an
    repaired first). Findings with a mechanical fix or a single candidate are left as they are."""
    target = pair.target.text
    jobs: list[tuple[Finding, list[str]]] = []
    for f in pair.findings:
        if f.suggestions and f.target_end > f.target_start:
            fix_article(target, f)
        seg = pair.segments[f.segment] if f.segment is not None and f.segment < len(pair.segments) else None
        # Mechanical fixes (safe) need no ranking; a lone candidate has no rival.
        if seg is None or len(f.suggestions) < 2 or f.fix == "safe" or not seg.source_sentences:
            continue
        if not (seg.target_start <= f.target_start <= f.target_end <= seg.target_end):
            continue
        before = target[seg.target_start : f.target_start]
        after = target[f.target_end : seg.target_end]
        jobs.append((f, [before + s + after for s in f.suggestions]))
    return jobs


def rank_suggestions(pair: DocumentPair, encoder, jobs: list[tuple[Finding, list[str]]]) -> None:
    """Order each finding's candidates by the cosine of the corrected segment to its source; `jobs` are
    `ranking_jobs(pair)` (made first, so that a caller can encode many documents' candidates at once)."""
    if not jobs:
        return
    embedded = encoder.encode([t for _, candidates in jobs for t in candidates]).embeddings
    row = 0
    for f, candidates in jobs:
        seg = pair.segments[f.segment]
        src = pair.source.embeddings[list(seg.source_sentences)].mean(axis=0)
        src /= np.linalg.norm(src) or 1.0
        sims = embedded[row : row + len(candidates)] @ src
        row += len(candidates)
        # Stable: equal scores keep the checker's own order (lexicon order encodes editors' preference).
        order = sorted(range(len(candidates)), key=lambda i: (-round(float(sims[i]), 2), i))
        f.suggestions = [f.suggestions[i] for i in order]


@lru_cache(maxsize=20_000)
def inflect_like(option: str, original: str) -> str:
    """``option`` in the inflection ``original`` has ("evaluations" → a plural, "passed" → a past): the head word
    of a noun phrase is its last, of a verb phrase its first."""
    from lemminflect import getAllInflections, getAllLemmas, getInflection

    low = original.lower()
    words = option.split()
    for upos, lemmas in getAllLemmas(low).items():
        at = 0 if upos == "VERB" else len(words) - 1
        if not getAllInflections(words[at], upos=upos):
            continue  # the option is not a word of that class ("arrival" is no verb to put in the past)
        for lemma in lemmas:
            if lemma == low:
                continue
            tags = [tag for tag, forms in getAllInflections(lemma, upos=upos).items() if low in forms]
            for tag in tags:
                inflected = getInflection(words[at], tag=tag)
                if inflected:
                    words[at] = inflected[0]
                    return " ".join(words)
    return option


def commonest_first(options: list[str], lang: str) -> list[str]:
    """A dictionary's senses, the commonest word first: the encoder's ranking (rank_suggestions) keeps this order
    between senses it scores alike. On newstest2013's references (600 lines, 1,902 linked words put back into
    French, CT140's three senses offered), the translator's word came first 0.478 of the time in the
    dictionary's order, 0.603 ranked by the encoder, 0.712 ranked by the encoder with this order on its ties."""
    from .checks.wordstats import zipf

    return sorted(options, key=lambda o: -zipf(o.lower(), lang))


# The dictionaries (all into English) give some names a gloss in place of a translation: « Valentin » → "male given
# name", a surname → "surname". A gloss put in the text would be worse than no fix.
_NAME_GLOSS = re.compile(r"\b(?:given name|surname|family name|place ?name|patronymic|diminutive of)\b", re.I)


def word_options(dictionary, word: str, translations: list[str], lang: str, n: int = 3) -> list[str]:
    """The English a source word may be put back as (CT140's left-over word, CT150's missing one): common nouns
    before proper ones ("pacifique": peaceful before Pacific) and single words before phrases, the first ``n``,
    in the plural after a plural source noun (« ordinateurs »: "computers"), the commonest first."""
    options = sorted((t for t in translations if not _NAME_GLOSS.search(t)),
                     key=lambda t: (t[:1].isupper(), len(t.split()) > 1))[:n]
    if dictionary.plural_noun(word):
        options = list(dict.fromkeys(plural(t) for t in options))
    return commonest_first(options, lang)


# A noun phrase's head comes before the first of these ("point of view", "person from Île-de-France").
_POSTMODIFIER = frozenset(("of", "from", "in", "for", "with", "at", "on", "to", "by"))


@lru_cache(maxsize=20_000)
def plural(option: str) -> str:
    """The English noun phrase in the plural: its head, the last word or the one before a preposition ("goal" →
    "goals", "frequency counter" → "frequency counters", "point of view" → "points of view", "person from
    Île-de-France" → "persons from Île-de-France", not "person from Île-de-frances"); a word already plural or
    with no plural ("news", "police") stays. The head keeps its own case ("Parisian" → "Parisians")."""
    from .checks.base import keep_case
    from .lexicons.word_classes import noun_plural

    words = option.split()
    at = next((i - 1 for i, w in enumerate(words) if i and w in _POSTMODIFIER), len(words) - 1)
    head = words[at]
    made = noun_plural(head.lower())  # the head itself when it is plural already or a gerund
    if made != head.lower():
        if made.startswith(head.lower()):  # a suffix: the head as written, plus it
            words[at] = head + made[len(head):]
        else:  # an irregular plural ("man" → "men")
            words[at] = keep_case(head, made)
    return " ".join(words)


@dataclass(frozen=True)
class Guard:
    """What a suggestion must not change: the magnitude of a number, a negation (a name is kept out by the callers,
    which offer no capitalised sense).

    A grammatical negation ("not", "never", "no": the strong cues) must stay as the original word has it. A weak
    one (a lexical or implicit negative: "deny", "forbid", "fail", "stop") must be what the source word carries,
    when the source language lists such words: the wrong sense may be the one with the negative reading, as
    "stopped" for "arrêté" (arrested) or "denies" for "défend" (defends), and the original's reading kept the fix
    out. Without the source, as the original has it."""

    numbers: dict[str, float]
    strong: tuple[re.Pattern, ...]
    weak: tuple[re.Pattern, ...]

    @classmethod
    def for_language(cls, data) -> Guard:
        guard = _GUARDS.get(data.lang)
        if guard is None:
            fmt = data.number_format or {}
            numbers = {**{k: float(v) for k, v in (fmt.get("words") or {}).items()},
                       **{k: float(v) for k, v in (fmt.get("scales") or {}).items() if len(k) > 2}}
            cues = [c for c in data.negation_cues if c.get("pattern")]
            strong = [c["pattern"] for c in cues if c.get("strong", True)]
            weak = [c["pattern"] for c in cues if not c.get("strong", True)]
            weak += [c["pattern"] for c in data.section("negation").get("lexical") or () if c.get("pattern")]
            guard = _GUARDS[data.lang] = cls(numbers, tuple(re.compile(p, re.I) for p in strong),
                                             tuple(re.compile(p, re.I) for p in weak))
        return guard

    def _marks(self, text: str) -> tuple[frozenset, bool, bool]:
        words = re.findall(r"\w+", text.lower())
        values = frozenset(self.numbers[w] for w in words if w in self.numbers)
        return values, any(p.search(text) for p in self.strong), any(p.search(text) for p in self.weak)

    def weak_at(self, text: str, start: int, end: int) -> bool | None:
        """Whether a weak negative of this language covers part of text[start:end], read in its context ("faute
        de" is a lack, "faute" alone is not); None when the language lists none."""
        if not self.weak:
            return None
        window = (max(0, start - 40), min(len(text), end + 40))
        return any(m.start() < end and start < m.end() for p in self.weak for m in p.finditer(text, *window))

    def same(self, option: str, original: str, source_weak: bool | None = None) -> bool:
        """Whether `option` may stand in for `original`; `source_weak` is the source word's `weak_at`."""
        values, strong, weak = self._marks(option)
        o_values, o_strong, o_weak = self._marks(original)
        return values == o_values and strong == o_strong and weak == (o_weak if source_weak is None else source_weak)

    def allows(self, sense: str, original: str, source_weak: bool | None = None) -> bool:
        """Whether a dictionary sense may be offered in place of `original` (CT170, CT400): a word or two, not
        capitalised (no name), and `same` as it."""
        return len(sense.split()) <= 2 and sense[:1].islower() and self.same(sense, original, source_weak)


_GUARDS: dict[str, Guard] = {}
