"""The bilingual dictionary of a pair (fr→en: English Wiktionary glosses), with a cheap lemma guess.

``dictionary.txt`` holds ``headword {pos} [labels] :: gloss`` lines. Glosses are cut into short English phrases
("to find (again); to rediscover" → "find", "rediscover"); long definitions ("A surname", "Used to …") are
dropped because no target word can match them. The parsed index is pickled in the user cache directory, keyed
by the content hash of the data files, so a run after the first loads it in a few tens of milliseconds.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..cache import cached

_PARSER_VERSION = 3
_SEP = "\x1f"  # phrases of one headword are stored joined: far fewer objects to unpickle
_MAX_PHRASE_WORDS = 4  # longer pieces are definitions, not translations
_LINE = re.compile(r"^(.+?) \{([^}]*)\}[^:]*?:: (.*)$")
_NOTES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\}")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def clean_gloss(gloss: str) -> list[str]:
    """English phrases from one gloss: notes in brackets removed, "to " dropped, definitions skipped."""
    text = gloss
    for _ in range(2):  # nested brackets
        text = _NOTES.sub("", text)
    out = []
    for piece in re.split(r"[;,]", text):
        piece = piece.strip().strip(".:").strip()
        if piece.startswith("to "):
            piece = piece[3:].strip()
        if not piece or len(piece.split()) > _MAX_PHRASE_WORDS:
            continue
        out.append(piece)
    return out


@dataclass
class Dictionary:
    """Source word (lowercased headword) → English phrases; ``pos`` keeps the part-of-speech tags seen.

    Both map a headword to a string of items joined by a unit separator, split on lookup."""

    entries: dict[str, str] = field(default_factory=dict)
    pos: dict[str, str] = field(default_factory=dict)
    lemma_rules: list[tuple[str, str]] = field(default_factory=list)
    target_suffixes: tuple[str, ...] = ()
    target_y_suffixes: tuple[str, ...] = ()
    # Memo of covers(): the same words recur in every sentence, and a lookup runs lemma rules and inflections.
    _phrases: dict[str, list[list[set[str]]]] = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, word: str) -> bool:
        return word.lower() in self.pos

    def lemmas(self, word: str) -> list[str]:
        """Headwords a form may belong to: itself when known, then every lemma the suffix rules reach
        ("soutenu" is an adjective headword and a form of "soutenir")."""
        w = word.lower()
        found = [w] if w in self.pos else []
        for suffix, repl in self.lemma_rules:
            if w.endswith(suffix) and len(w) > len(suffix) + 1:
                cand = w[: -len(suffix)] + repl
                if cand in self.pos and cand not in found:
                    found.append(cand)
        return found

    def translations(self, word_or_lemma: str) -> list[str]:
        out: list[str] = []
        for lemma in self.lemmas(word_or_lemma):
            joined = self.entries.get(lemma)
            if joined:
                out += [t for t in joined.split(_SEP) if t not in out]
        return out

    def _word_forms(self, word: str) -> set[str]:
        forms = {word}
        forms.update(word + s for s in self.target_suffixes)
        if word.endswith("e"):
            forms.update(word[:-1] + s for s in self.target_suffixes)
        if word.endswith("y"):
            forms.update(word[:-1] + s for s in self.target_y_suffixes)
        return forms

    def covers(self, source_word: str, target_words) -> bool:
        """Whether some translation of ``source_word`` occurs among ``target_words`` (inflection allowed)."""
        phrases = self._phrases.get(source_word)
        if phrases is None:
            phrases = [[self._word_forms(w) for w in words] for phrase in self.translations(source_word)
                       if (words := _WORD.findall(phrase.lower()))]
            self._phrases[source_word] = phrases
        if not phrases:
            return False
        targets = {t.lower() for t in target_words}
        return any(all(targets & forms for forms in phrase) for phrase in phrases)


def _parse(text: str) -> tuple[dict[str, str], dict[str, str]]:
    entries: dict[str, list[str]] = {}
    pos: dict[str, list[str]] = {}
    pieces = []
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        # ~100 lines of the upstream export hold wiki-table rows run together ("head {pos} | :: gloss |- |…")
        pieces += [p.replace(" | ::", " ::").strip() for p in line.split("|- |")] if "|- |" in line else [line]
    for line in pieces:
        m = _LINE.match(line)
        if not m:
            continue
        head = m.group(1).lower()
        phrases = clean_gloss(m.group(3))
        if phrases:
            known = entries.setdefault(head, [])
            known += [p for p in phrases if p not in known]
        tags = pos.setdefault(head, [])
        if m.group(2) not in tags:
            tags.append(m.group(2))
    return {k: _SEP.join(v) for k, v in entries.items()}, {k: _SEP.join(v) for k, v in pos.items()}


def load_dictionary(pair_dir: Path) -> Dictionary:
    pair_dir = Path(pair_dir)
    path = pair_dir / "dictionary.txt"
    morph_path = pair_dir / "dictionary.morphology.toml"
    if not path.exists():
        return Dictionary()
    morph = tomllib.loads(morph_path.read_text(encoding="utf-8")) if morph_path.exists() else {}
    rules = [tuple(r) for r in morph.get("source_lemma", {}).get("rules", [])]
    infl = morph.get("target_inflection", {})
    raw = path.read_bytes()
    entries, pos = cached(f"dictionary-{pair_dir.name}", raw + str(_PARSER_VERSION).encode(), lambda: _parse(raw.decode("utf-8")))
    return Dictionary(
        entries=entries,
        pos=pos,
        lemma_rules=rules,
        target_suffixes=tuple(infl.get("suffixes", ())),
        target_y_suffixes=tuple(infl.get("y_suffixes", ())),
    )
