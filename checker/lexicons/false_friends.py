"""False friends and calques of one language pair, read from ``corpora/pairs/<src>-<tgt>/false_friends.toml``.

Schema (one ``[[entry]]`` per source word or phrase; the file header repeats it for editors):

    id            unique name, used in error messages and test ids
    source        list of regexes for the source forms; ``\\b``-style word edges are added around each.
                  A space matches any run of whitespace; ``'`` matches ’ and '. A group ``(?P<m>…)``
                  narrows the flagged source span. Slots ``{weekday}`` and ``{month}`` are filled from
                  babel's names for the source language (the entry is expanded once per name).
    wrong         table: wrong target rendering → its replacement, e.g. ``{ "get angry" = "fall out" }``.
                  Slots are filled from the target language's names, in the same order as the source.
    inflect       "verb" (inflect the first word of both sides: getting angry → falling out), "noun"
                  (the last word: tops → summits) or absent (forms listed literally).
    right         right renderings, best first: the suggestions, and words that never count as wrong.
    antipatterns  source regexes: a match overlapping the source form cancels it (LanguageTool style).
    context       optional table: ``requires`` (regexes that must all occur in the source segment),
                  ``initial`` (source form must open a sentence), ``target_initial`` (the wrong
                  rendering must open a sentence), ``target_antipatterns`` (target regexes that cancel
                  a wrong occurrence they overlap).
    category      accuracy/mistranslation | accuracy/false-friend | style/calque (default false-friend)
    severity      minor | major | critical (default major)
    confidence    0–1, default 0.7
    note          the message editors read
    examples      inline tables ``{ source, target, flagged, correction }``; without ``flagged`` the
                  example is correct and nothing may be flagged. Every entry has at least one of each.

Top-level ``[[claim]]`` tables (``source`` regexes, ``target`` strings) list ordinary renderings that
are right, so that e.g. the "even" of "même si" is not taken for the wrong "even" of a nearby "y compris".
Any other key, of the file, an entry, its context or an example, is an error naming the file and its line.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..cache import cached
from .schema import LexiconError, TomlText, check_keys, check_tables

CATEGORIES = ("accuracy/mistranslation", "accuracy/false-friend", "style/calque")
SEVERITIES = ("minor", "major", "critical")
_APOSTROPHES = "’ʼ‘`´"
_SPACES = "\u00a0\u202f\u2009\u2007\u2002\u2003"
_SENTENCE_END = re.compile(r"[.!?…:;]\s*[«»\"“”'’)\]]*\s*$|^\s*[-–—«\"“]*\s*$")
_VERB_TAGS = ("VB", "VBZ", "VBP", "VBD", "VBN", "VBG")
_NOUN_TAGS = ("NN", "NNS")


class FalseFriendsError(LexiconError):
    """A malformed false-friends file; the message names the file and the entry, and the line of an unknown key."""


ENTRY_KEYS = ("id", "source", "wrong", "inflect", "right", "antipatterns", "context", "category", "severity",
              "confidence", "note", "examples")
CONTEXT_KEYS = ("requires", "initial", "target_initial", "target_antipatterns")
EXAMPLE_KEYS = ("source", "target", "flagged", "correction")
CLAIM_KEYS = ("source", "target")


def normalise(text: str) -> tuple[str, list[int]]:
    """NFC, one apostrophe, plain spaces; returns the text and, per character, its index in the original."""
    out: list[str] = []
    index: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        chunk = text[i:j]
        if j - i > 1:
            chunk = unicodedata.normalize("NFC", chunk)
        for ch in chunk:
            if ch in _APOSTROPHES:
                ch = "'"
            elif ch in _SPACES:
                ch = " "
            out.append(ch)
            index.append(i)
        i = j
    index.append(n)
    return "".join(out), index


def _pattern(text: str, *, literal: bool = False) -> str:
    text = text.strip()
    body = re.escape(text) if literal else text
    body = body.replace("\\ ", " ").replace(" ?", r"\s*")
    # after an elided article (l', d', "l." in a pattern) the space is optional: "l'opportunité"
    body = re.sub(r"(?<=[.')]) ", lambda _: r"\s*", body).replace(" ", r"\s+")
    body = body.replace("’", "'")
    # word edges only where the pattern starts or ends on a letter ("d'" may end a pattern)
    return rf"(?:(?<!\w)|(?=\W))(?:{body})(?:(?<=\W)|(?!\w))"


class LazyPattern:
    """A regex compiled on first use. Most entries never match a given story, and compiling all of them
    cost more than a second of every cold start; the loader compiles everything once when it builds the
    cache (so a bad pattern still fails at load), and later runs only compile what they use."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int = re.IGNORECASE):
        self.pattern, self.flags, self._compiled = pattern, flags, None

    def compiled(self) -> LazyPattern:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def __getattr__(self, name: str):  # finditer, search, match, sub … of the compiled pattern
        return getattr(self.compiled(), name)

    def __getstate__(self):
        return self.pattern, self.flags

    def __setstate__(self, state):
        self.pattern, self.flags = state
        self._compiled = None


def _compile(patterns: list[str], where: str) -> list[LazyPattern]:
    """One regex per pattern: each may name its own ``(?P<m>…)`` group."""
    if isinstance(patterns, str) or not all(isinstance(p, str) for p in patterns):
        raise FalseFriendsError(f"{where}: patterns must be a list of strings")
    try:
        return [_checked(LazyPattern(_pattern(p))) for p in patterns]
    except re.error as e:
        raise FalseFriendsError(f"{where}: bad regex ({e})") from None


def _checked(pattern: LazyPattern) -> LazyPattern:
    pattern.compiled()  # raises re.error now, where the entry is known
    return pattern


def finditer(patterns: list[LazyPattern], text: str):
    for pattern in patterns:
        yield from pattern.finditer(text)


def required_literal(pattern: str) -> str | None:
    """The longest run of letters every match must contain (outside groups, classes, optional parts).

    Lets ``match_source`` skip a regex with a substring test: most entries are absent from most sentences.
    """
    if re.search(r"(?<!\\)\|", _strip_groups(pattern)):
        return None  # alternation at top level: no single required run
    runs, run, depth, i = [], "", 0, 0
    while i < len(pattern):
        ch = pattern[i]
        nxt = pattern[i + 1] if i + 1 < len(pattern) else ""
        if ch == "\\":
            runs.append(run)
            run = ""
            i += 2
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if depth == 0 and ch.isalpha() and not (nxt and nxt in "?*{"):
            run += ch
        else:
            runs.append(run)
            run = ""
        i += 1
    runs.append(run)
    best = max(runs, key=len)
    return best.lower() if len(best) >= 3 else None


def _strip_groups(pattern: str) -> str:
    out, depth, i = [], 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0:
            out.append(ch)
        i += 1
    return "".join(out)


@cache
def _slot_names(lang: str) -> dict[str, list[str]]:
    from babel import Locale

    loc = Locale.parse(lang)
    return {
        "weekday": [loc.days["format"]["wide"][i] for i in range(7)],
        "month": [loc.months["format"]["wide"][i] for i in range(1, 13)],
    }


def _inflections(phrase: str, kind: str | None) -> dict[str, str]:
    """tag → inflected phrase (the first word for verbs, the last for nouns); {"": phrase} when not inflected."""
    if not kind:
        return {"": phrase}
    from lemminflect import getInflection

    words = phrase.split(" ")
    head = 0 if kind == "verb" else len(words) - 1
    out: dict[str, str] = {}
    for tag in _VERB_TAGS if kind == "verb" else _NOUN_TAGS:
        forms = getInflection(words[head], tag=tag) or (words[head],)
        out[tag] = " ".join(words[:head] + [forms[0]] + words[head + 1 :])
    return out


def _all_forms(phrase: str, kind: str | None) -> list[tuple[str, str]]:
    """(tag, surface form) for every form a phrase takes, irregular variants included."""
    if not kind:
        return [("", phrase)]
    from lemminflect import getInflection

    words = phrase.split(" ")
    head = 0 if kind == "verb" else len(words) - 1
    seen: list[tuple[str, str]] = []
    for tag in _VERB_TAGS if kind == "verb" else _NOUN_TAGS:
        for form in getInflection(words[head], tag=tag) or (words[head],):
            surface = " ".join(words[:head] + [form] + words[head + 1 :])
            if all(s != surface for _, s in seen):
                seen.append((tag, surface))
    return seen


@dataclass(eq=False)
class FalseFriend:
    """One entry (one slot value of a templated entry), compiled."""

    id: str
    source: list[LazyPattern]
    source_literals: list[str | None]
    wrong: dict[str, str]  # lower-cased surface form → replacement (same inflection)
    wrong_tags: dict[str, str]  # lower-cased surface form → inflection tag ("" when none)
    right: list[str]
    right_forms: dict[str, list[str]]  # tag → right renderings in that inflection
    category: str
    severity: str
    confidence: float
    note: str
    examples: list[dict]
    antipatterns: list[LazyPattern] = field(default_factory=list)
    requires: list[list[LazyPattern]] = field(default_factory=list)
    initial: bool = False
    target_initial: bool = False
    target_antipatterns: list[LazyPattern] = field(default_factory=list)
    wrong_pattern: LazyPattern | None = None
    right_pattern: LazyPattern | None = None

    def __repr__(self) -> str:
        return f"FalseFriend({self.id!r})"

    def suggestions(self, wrong_text: str) -> list[str]:
        """Replacements for a wrong surface form, the entry's own mapping first, inflection kept."""
        key = " ".join(wrong_text.lower().split())
        tag = self.wrong_tags.get(key, "")
        first = self.wrong.get(key)
        rest = self.right_forms.get(tag) or self.right
        return list(dict.fromkeys(([first] if first else []) + rest))


@dataclass
class Claim:
    source: list[LazyPattern]
    target: LazyPattern


@dataclass
class FalseFriends:
    """All entries of one pair. ``entries`` are the file's entries after slot expansion."""

    entries: list[FalseFriend] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    path: Path | None = None
    # Built on first use (see `_by_literal`), not stored in the cache.
    _index: tuple[list[int], dict[str, list[int]]] | None = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return len({e.id for e in self.entries})

    def __bool__(self) -> bool:
        return bool(self.entries)

    def match_source(self, sentence: str) -> list[tuple[FalseFriend, int, int]]:
        """Every entry whose source form occurs in ``sentence`` (context honoured, antipatterns applied).

        Offsets index ``sentence`` as given, before normalisation.
        """
        norm, index = normalise(sentence)
        lowered = norm.lower()
        always, by_literal = self._by_literal()
        present = {lit for lit in by_literal if lit in lowered}
        found: list[tuple[FalseFriend, int, int]] = []
        for k in sorted({*always, *(k for lit in present for k in by_literal[lit])}):
            entry = self.entries[k]
            sources = [p for p, lit in zip(entry.source, entry.source_literals, strict=False)
                       if lit is None or lit in present]
            if not sources:
                continue
            if not all(any(r.search(norm) for r in req) for req in entry.requires):
                continue
            anti = [m.span() for m in finditer(entry.antipatterns, norm)]
            for m in finditer(sources, norm):
                start, end = _focus(m)
                if any(a < end and start < b for a, b in anti):
                    continue
                if entry.initial and not at_sentence_start(norm, start):
                    continue
                found.append((entry, index[start], index[end]))
        found = sorted(set(found), key=lambda t: (t[1], t[2], t[0].id, id(t[0])))
        return found

    def _by_literal(self) -> tuple[list[int], dict[str, list[int]]]:
        """The entries that may occur in any sentence (a source pattern without a required literal), and the
        others by the literals their patterns require. A sentence then tests each distinct literal once instead
        of every entry's: the loop over all entries was a third of CT101's time."""
        if self._index is None:
            always: list[int] = []
            by_literal: dict[str, list[int]] = {}
            for k, entry in enumerate(self.entries):
                if None in entry.source_literals:
                    always.append(k)
                for lit in dict.fromkeys(entry.source_literals):
                    if lit is not None:  # every literal is indexed: an entry in `always` filters its patterns too
                        by_literal.setdefault(lit, []).append(k)
            self._index = (always, by_literal)
        return self._index

    def by_id(self, entry_id: str) -> list[FalseFriend]:
        return [e for e in self.entries if e.id == entry_id]


def _focus(m: re.Match) -> tuple[int, int]:
    groups = {k: v for k, v in m.groupdict().items() if v is not None}
    for name, _ in groups.items():
        if name.startswith("m"):
            return m.span(name)
    return m.span()


def at_sentence_start(text: str, pos: int) -> bool:
    """True when only punctuation that ends a sentence (or opening quotes/dashes) precede ``pos``."""
    before = text[max(0, pos - 40) : pos]
    if pos <= 40 and not before.strip(" \t\n-–—«\"“'"):
        return True
    return bool(_SENTENCE_END.search(before)) and bool(before.strip())


def _fill(template: str, slot: str | None, value: str | None) -> str:
    return template if slot is None else template.replace("{" + slot + "}", value)


def _expand(raw: dict, source_lang: str, target_lang: str) -> list[tuple[dict, str | None, int]]:
    """One (raw entry, slot, index) per slot value; entries without slots come back once."""
    text = " ".join(map(str, raw.get("source", []))) + " " + " ".join(raw.get("wrong", {}))
    for slot in ("weekday", "month"):
        if "{" + slot + "}" in text:
            n = len(_slot_names(source_lang)[slot])
            return [(raw, slot, i) for i in range(n)]
    return [(raw, None, 0)]


def _check_keys(raw: dict, text: TomlText, start: int | None, what: str) -> None:
    """An entry, its context and its examples use only the schema's keys (FalseFriendsError with the line)."""
    check_keys(raw, ENTRY_KEYS, text, what, start, FalseFriendsError)
    if isinstance(raw.get("context"), dict):
        check_keys(raw["context"], CONTEXT_KEYS, text, f"{what} context", start, FalseFriendsError)
    for ex in raw.get("examples", []):
        if isinstance(ex, dict):
            check_keys(ex, EXAMPLE_KEYS, text, f"{what} example", start, FalseFriendsError)


def _build(raw: dict, where: str, source_lang: str, target_lang: str) -> list[FalseFriend]:
    for key in ("id", "source", "wrong", "right", "examples"):
        if not raw.get(key):
            raise FalseFriendsError(f"{where}: missing '{key}'")
    if not isinstance(raw["source"], list) or not isinstance(raw["right"], list):
        raise FalseFriendsError(f"{where}: 'source' and 'right' must be lists")
    if not isinstance(raw["wrong"], dict):
        raise FalseFriendsError(f"{where}: 'wrong' must be a table of wrong → replacement")
    category = raw.get("category", "accuracy/false-friend")
    severity = raw.get("severity", "major")
    inflect = raw.get("inflect")
    if category not in CATEGORIES:
        raise FalseFriendsError(f"{where}: category {category!r} not in {CATEGORIES}")
    if severity not in SEVERITIES:
        raise FalseFriendsError(f"{where}: severity {severity!r} not in {SEVERITIES}")
    if inflect not in (None, "verb", "noun"):
        raise FalseFriendsError(f"{where}: inflect must be 'verb' or 'noun'")
    examples = raw["examples"]
    for ex in examples:
        if not isinstance(ex, dict) or not ex.get("source") or not ex.get("target"):
            raise FalseFriendsError(f"{where}: every example needs 'source' and 'target'")
        if ex.get("flagged") and ex["flagged"] not in ex["target"]:
            raise FalseFriendsError(f"{where}: flagged {ex['flagged']!r} is not in its target")
    if not any(ex.get("flagged") for ex in examples) or all(ex.get("flagged") for ex in examples):
        raise FalseFriendsError(f"{where}: needs at least one incorrect and one correct example")
    context = raw.get("context", {})

    out = []
    for _, slot, i in _expand(raw, source_lang, target_lang):
        src_val = _slot_names(source_lang)[slot][i] if slot else None
        tgt_val = _slot_names(target_lang)[slot][i] if slot else None
        wrong: dict[str, str] = {}
        tags: dict[str, str] = {}
        right_forms: dict[str, list[str]] = {}
        for bad, good in raw["wrong"].items():
            bad, good = _fill(bad, slot, tgt_val), _fill(str(good), slot, tgt_val)
            good_forms = _inflections(good, inflect)
            for tag, surface in _all_forms(bad, inflect):
                key = surface.lower()
                wrong.setdefault(key, good_forms.get(tag, good))
                tags.setdefault(key, tag)
        right = [_fill(r, slot, tgt_val) for r in raw["right"]]
        for r in right:
            for tag, surface in _inflections(r, inflect).items():
                right_forms.setdefault(tag, []).append(surface)
        all_right = sorted({s for r in right for _, s in _all_forms(r, inflect)}, key=len, reverse=True)
        entry = FalseFriend(
            id=raw["id"],
            source=_compile([_fill(s, slot, src_val) for s in raw["source"]], where),
            source_literals=[required_literal(_fill(s, slot, src_val)) for s in raw["source"]],
            wrong=wrong,
            wrong_tags=tags,
            right=right,
            right_forms=right_forms,
            category=category,
            severity=severity,
            confidence=float(raw.get("confidence", 0.7)),
            note=raw.get("note", ""),
            examples=examples,
            antipatterns=_compile(raw.get("antipatterns", []), where + " antipatterns"),
            requires=[_compile([r], where + " requires") for r in context.get("requires", [])],
            initial=bool(context.get("initial", False)),
            target_initial=bool(context.get("target_initial", False)),
            target_antipatterns=_compile(context.get("target_antipatterns", []), where + " target_antipatterns"),
        )
        entry.wrong_pattern = _wrong_regex(sorted(wrong, key=len, reverse=True), where)
        entry.right_pattern = LazyPattern("|".join(_pattern(r, literal=True) for r in all_right))
        out.append(entry)
    return out


def _wrong_regex(forms: list[str], where: str) -> LazyPattern:
    """Wrong forms; between two words an optional -ly adverb may stand ("getting really angry")."""
    alts = []
    for form in forms:
        words = [re.escape(w) for w in form.split()]
        body = words[0] + "".join(rf"\s+(?:(?P<adv{len(alts)}>\w+ly)\s+)?" + w if k == 0 else r"\s+" + w
                                  for k, w in enumerate(words[1:]))
        alts.append(rf"(?<!\w){body}(?!\w)")
    try:
        return _checked(LazyPattern("|".join(alts)))
    except re.error as e:  # pragma: no cover - forms are escaped
        raise FalseFriendsError(f"{where}: bad wrong form ({e})") from None


# Bump when the parsed structure or its validation changes: the cache key includes it.
_FORMAT = 2


# Entries mined from post-edited MT (scripts/mine_postedits.py writes it), read after the hand-written file.
MINED = "false_friends.mined.toml"


def load_false_friends(pair_dir: Path) -> FalseFriends:
    """Read and validate ``pair_dir/false_friends.toml`` and the mined entries beside it (``MINED``); an empty
    ``FalseFriends`` when there is neither. Ids are unique across both files.

    The parsed and validated result is cached (checker.cache) under a hash of the files: building it
    inflects every rendering and checks every pattern, which takes about a second."""
    paths = [p for p in (Path(pair_dir) / "false_friends.toml", Path(pair_dir) / MINED) if p.is_file()]
    if not paths:
        return FalseFriends()
    key = b"|".join(p.read_bytes() for p in paths) + f"|{_FORMAT}|{Path(pair_dir).name}".encode()
    return cached(f"false-friends-{Path(pair_dir).name}", key, lambda: _load(paths, pair_dir))


def _load(paths: list[Path], pair_dir: Path) -> FalseFriends:
    source_lang, _, target_lang = Path(pair_dir).name.partition("-")
    entries: list[FalseFriend] = []
    claims = []
    seen: set[str] = set()
    for path in paths:
        content = path.read_text(encoding="utf-8")
        try:
            data = tomllib.loads(content)
        except tomllib.TOMLDecodeError as e:
            raise FalseFriendsError(f"{path}: {e}") from None
        text = TomlText(path, content)
        check_tables(data, ("entry", "claim"), text, FalseFriendsError)
        for n, raw in enumerate(data.get("entry", [])):
            where = f"{path.name}: entry {raw.get('id') or '#' + str(n + 1)}"
            _check_keys(raw, text, text.table_line("entry", n), f"entry {raw.get('id') or '#' + str(n + 1)}")
            if raw.get("id") in seen:
                raise FalseFriendsError(f"{where}: duplicate id")
            seen.add(raw.get("id"))
            entries.extend(_build(raw, where, source_lang, target_lang or "en"))
        for n, raw in enumerate(data.get("claim", [])):
            where = f"{path.name}: claim #{n + 1}"
            check_keys(raw, CLAIM_KEYS, text, f"claim #{n + 1}", text.table_line("claim", n), FalseFriendsError)
            if not raw.get("source") or not raw.get("target"):
                raise FalseFriendsError(f"{where}: needs 'source' and 'target'")
            claims.append(Claim(
                source=_compile(raw["source"], where),
                target=LazyPattern("|".join(_pattern(t, literal=True) for t in raw["target"])),
            ))
    return FalseFriends(entries=entries, claims=claims, path=paths[0])
