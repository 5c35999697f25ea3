"""One language's data (corpora/languages/<lang>.toml) and the parsers built from it: numbers and negation cues.

Everything language-specific comes from the TOML file or from Babel's CLDR data (month names, number symbols);
this module only turns that data into regular expressions. A language without a file gets an empty
LanguageData: digits and the symbols shared by all languages still parse, and no negation is found.
The module is long because numbers need several cooperating patterns (digits, words, dates, clock times) that
must resolve their overlaps together.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

SPACES = " \u00a0\u202f\u2009"


@dataclass(frozen=True)
class NumberMention:
    """A number in a text: ``text[start:end] == raw``; ``value`` is normalised (scales applied, times in hours)."""

    start: int
    end: int
    value: float
    kind: str  # plain | percent | money | time | year | date | ordinal
    unit: str | None
    raw: str
    spelled: bool = False  # written in words ("deux", "une dizaine")
    approx: bool = False  # "une dizaine", "des centaines"
    decimals: int = 0  # digits after the decimal separator as written
    scale: float = 1.0  # the scale word's value ("milliards" -> 1e9), 1 when none
    meridiem: bool = False  # a time with am/pm (no 12-hour ambiguity)


@dataclass(frozen=True)
class NegationCue:
    start: int
    end: int
    cue: str
    strong: bool
    # weakened by an exception that allows a positive rewording ("ne … plus": "stopped"), not a word-for-word
    # rendering without any negation ("nous ne connaissons plus" → "we know")
    literal: bool = False
    # weakened by a first negation it is coordinated with (« ne … pas et ne … pas »: "not … or …"), unless the
    # English restates the second verb with its own auxiliary ("will not cut … and will reduce")
    coordinated: bool = False
    # a strong cue an exception weakened (« ce n'est pas que », a rhetorical question): still no plain affirmative
    weakened: bool = False


@dataclass(frozen=True)
class PolarityWord:
    """A lexically negative word ("deny", "nier", "ne manquera pas de"'s "manquera") and, when a negation cue
    scopes over it, that cue: together a litotes, a double negative that reads positive."""

    start: int
    end: int
    name: str
    group: str
    litotes: str  # "keep": render the pair by a double negative again; "positive": a positive wording is right
    negated_by: NegationCue | None = None


@dataclass(frozen=True)
class Reading:
    """A span whose meaning the data names: a quantifier under a negation ("not-all", "none"), or a
    restrictive construction that only looks negative ("ne … que" = "only")."""

    start: int
    end: int
    name: str
    reading: str


def _alt(words, boundary: bool | str = True) -> str:
    """A regex alternation, longest first so that "milliards" wins over "milliard"."""
    items = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    if not items:
        return r"(?!x)x"
    body = "|".join(re.escape(w) for w in items)
    if not boundary:
        return rf"(?:{body})"
    return rf"(?:{body})" + (boundary if isinstance(boundary, str) else r"(?![\w])")


NUMBERS_MEMO = 256  # texts whose numbers a LanguageData remembers


@dataclass
class LanguageData:
    lang: str
    data: dict[str, Any] = field(default_factory=dict)
    folder: str = ""  # where the TOML file is: word lists beside it (antonyms/<lang>.tsv …) are read from there

    # ---- plain views of the data ---------------------------------------------------------------------------
    def section(self, *path: str) -> Any:
        node: Any = self.data
        for key in path:
            node = node.get(key, {}) if isinstance(node, dict) else {}
        return node

    @property
    def typography(self) -> dict[str, Any]:
        return self.section("typography")

    @property
    def number_format(self) -> dict[str, Any]:
        return self.section("numbers")

    @property
    def negation_cues(self) -> list[dict[str, Any]]:
        return self.section("negation").get("cues", [])

    @property
    def negation_grammar(self) -> dict[str, Any]:
        return self.section("negation", "grammar")

    @cached_property
    def negation_rewordings(self) -> re.Pattern[str] | None:
        """Words that say a source's "no longer" positively ("quit", "used to", "former"): no negation cue, since
        « il n'a pas quitté » rendered "he quit" is a reversal, but the trace of a reworded one."""
        pattern = self.section("negation").get("rewordings")
        return re.compile(pattern, re.I) if pattern else None

    @cached_property
    def negation_restated(self) -> re.Pattern[str] | None:
        """A coordinated verb with its own auxiliary ("and will reduce", "and that he would leave"), no negation
        after it: a first "not" does not reach it, so a second source negation has no rendering there."""
        pattern = self.section("negation").get("restated")
        return re.compile(pattern, re.I) if pattern else None

    @cached_property
    def negation_restated_negated(self) -> re.Pattern[str] | None:
        """A coordinated verb with its own auxiliary and its own negation ("and will not retire"): where it holds
        the translation's only "not", the first of two coordinated source negations has none."""
        pattern = self.section("negation").get("restated_negated")
        return re.compile(pattern, re.I) if pattern else None

    @cached_property
    def months(self) -> dict[str, int]:
        """Month names (wide and abbreviated, from Babel) -> month number."""
        out: dict[str, int] = {}
        locale = self.data.get("babel_locale")
        if not locale:
            return out
        from babel.dates import get_month_names

        for width in ("wide", "abbreviated"):
            for num, name in get_month_names(width, locale=locale).items():
                name = name.rstrip(".")
                if len(name) >= 3:
                    out[name.lower()] = num
                    out[name[:1].upper() + name[1:]] = num
        return out

    @cached_property
    def weekdays(self) -> list[str]:
        locale = self.data.get("babel_locale")
        if not locale:
            return []
        from babel.dates import get_day_names

        return sorted(get_day_names("wide", locale=locale).values())

    def _word_list(self, name: str) -> list[list[str]]:
        """The tab-separated rows of the word list `<name>/<lang>.tsv` beside the TOML file; none without it."""
        path = Path(self.folder) / name / f"{self.lang}.tsv"
        if not self.folder or not path.is_file():
            return []
        return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]

    @cached_property
    def _antonyms(self) -> dict[str, tuple[tuple[str, str], ...]]:
        table: dict[str, tuple[tuple[str, str], ...]] = {}
        for word, pos, opposites in self._word_list("antonyms"):
            table[word] = table.get(word, ()) + tuple((o, pos) for o in opposites.split("|"))
        return table

    def antonyms(self, lemma: str) -> tuple[tuple[str, str], ...]:
        """The lemma's direct antonyms, each with the part of speech they are opposed in (a, r, n, v):
        "increase" → ("decrease", "n"), ("decrease", "v"); antonyms/<lang>.tsv, from WordNet; or none."""
        return self._antonyms.get(lemma.lower(), ())

    @cached_property
    def _name_adjectives(self) -> dict[str, tuple[str, ...]]:
        return {name: tuple(adjectives.split("|")) for name, adjectives in self._word_list("name_adjectives")}

    def name_adjectives(self, name: str) -> tuple[str, ...]:
        """The adjectives of a place's or a people's name: "France" → ("French", "Gallic");
        name_adjectives/<lang>.tsv, from WordNet; or none."""
        return self._name_adjectives.get(name, ())

    # ---- numbers -------------------------------------------------------------------------------------------
    def currency_forms(self, code: str) -> frozenset[str]:
        """How the language writes a currency's ISO code in copy: its symbols and words ("USD" → "$", "US$",
        "dollars"); none for a code it does not know."""
        n = self._num
        return frozenset(k for table in (n["symbols"], n["cur_words"]) for k, v in table.items() if v == code)

    @cached_property
    def _num(self) -> dict[str, Any]:
        nf = self.number_format
        dec = nf.get("decimal", ["."])
        grp = nf.get("group", [","])
        words = {k.lower(): float(v) for k, v in nf.get("words", {}).items()}
        approx = {k.lower(): float(v) for k, v in nf.get("approx", {}).items()}
        scales = {k.lower(): float(v) for k, v in nf.get("scales", {}).items()}
        cur = self.section("currency")
        symbols = dict(cur.get("symbols", {}))
        for shared, code in (("€", "EUR"), ("$", "USD"), ("£", "GBP")):
            symbols.setdefault(shared, code)
        cur_words = {k.lower(): v for k, v in cur.get("words", {}).items()}
        linkers = cur.get("linkers", [])
        time = nf.get("time", {})
        sp = f"[{SPACES}]"
        digits = (
            rf"\d{{1,3}}(?:(?:{'|'.join(re.escape(g) for g in grp)})\d{{3}})+"
            rf"(?:(?:{'|'.join(re.escape(d) for d in dec)})\d+)?(?!\d)"
            rf"|\d+(?:(?:{'|'.join(re.escape(d) for d in dec)})\d+)?"
        )
        # long scale words need a space; abbreviations ("bn", "m", "Md") must touch the number
        long_scales = [s for s in scales if len(s) > 3 or s in ("mil", "mille")]
        short_scales = [s for s in scales if s not in long_scales]
        # "4,5 Md$", "900 M$": an abbreviation may stand apart when a currency symbol closes it
        short = _alt(short_scales)
        sym_alt = _alt(symbols, boundary=False)
        # « 100 autres milliards », « deux nouveaux millions »: an adjective between a figure and its scale word
        scale_adjs = [a.lower() for a in nf.get("scale_adjectives", [])]
        adj = rf"(?:{_alt(scale_adjs)}{sp}+)?" if scale_adjs else ""
        scale_re = (rf"(?:{sp}+{adj}(?P<scale>{_alt(long_scales)})"
                    rf"|(?:{sp}(?={short}{sp}?{sym_alt}))?(?P<sscale>{short}))")
        pct_re = rf"(?:{sp}?(?P<pct>%)|{sp}+(?P<pctw>{_alt([w.lower() for w in nf.get('percent_words', [])])}))"
        link = _alt(linkers, boundary=False)
        cur_post = (
            rf"(?:{sp}?(?P<sym_post>{_alt(symbols, boundary=False)})"
            rf"|{sp}+(?:{link}{sp}*)?(?P<cur_word>{_alt(cur_words)}))"
        )
        number = (
            rf"(?:(?P<sym_pre>{_alt(symbols, boundary=False)}){sp}?)?(?<![\w])(?<!\d[.,])(?P<num>(?>{digits}))"
            rf"(?:{scale_re})?(?:{pct_re}|{cur_post})?"
            r"(?!(?-i:[A-Z])|x\d)"  # "33T", "4x4", "3D" are names, not figures
        )
        marks = _alt(time.get("hour_marks", []), boundary=r"(?![^\W\d])")  # "14h30": a digit may follow
        am, pm = time.get("am", []), time.get("pm", [])
        seps = time.get("clock_separators", []) + ([":"] if time.get("accept_colon") else [])
        clock = (rf"(?<![\w.,:])(?P<h>[01]?\d|2[0-3])(?:{_alt(seps, boundary=False)})(?P<m>[0-5]\d)(?![\d.,]\d)"
                 rf"(?:{sp}?(?P<ampm>{_alt(am + pm)}))?")
        # not after a word and a hyphen: "Meteor-2H" is a name; "8h-12h" stays a range of times
        hour = (rf"(?<![\w.,])(?<![^\W\d_]{{2}}-)(?P<h>[01]?\d|2[0-3]){sp}?"
                rf"(?:(?P<ampm>{_alt(am + pm)})|(?P<mark>{marks})(?:{sp}?(?P<m>[0-5]\d)(?!\d))?)")
        fractions = {k.lower(): float(v) for k, v in nf.get("fractions", {}).items()}
        word_alt = _alt(list(words) + long_scales + list(approx) + list(fractions)
                        + [a.lower() for a in nf.get("article_one", [])])
        ands = _alt(nf.get("and_words", []))
        before_scale = rf"|{sp}+{_alt(scale_adjs)}{sp}+(?={_alt(long_scales)})" if scale_adjs else ""
        spelled = rf"(?<![\w-])(?P<w>{word_alt}(?:(?:[{SPACES}-]+|{sp}+{ands}{sp}+{before_scale}){word_alt})*)"
        ordw = {k.lower(): int(v) for k, v in nf.get("ordinals", {}).get("words", {}).items()}
        # compound ordinals: a spelled number with an ordinal ending (« vingt-et-unième », "twentieth") or a spelled
        # number hyphened to an ordinal word ("twenty-first")
        ord_endings = {k.lower(): list(v) for k, v in nf.get("ordinals", {}).get("word_endings", {}).items()}
        ord_ending = rf"[^\W\d_][\w-]*?(?:{_alt(ord_endings, boundary=False)})"
        ord_compound = "|".join(
            # « vingt et unième », « soixante et onzième »: the « et » written with spaces, not hyphens
            ([rf"{word_alt}(?:[{SPACES}-]+{word_alt})*{sp}+{ands}{sp}+{ord_ending}"] if ord_endings and ands else [])
            + ([ord_ending] if ord_endings else [])
            + ([rf"[^\W\d_][\w]*(?:-[\w]+)*-(?:{_alt(ordw, boundary=False)})"] if ordw else []))
        roman_suf = nf.get("ordinals", {}).get("roman_suffixes", [])
        # capital Roman numerals with an ordinal suffix ("XIVe", "Ve"); a lone C, D, L or M before "e" is a word
        # ("Ce", "Le"), so the numeral must hold an I, V or X or have two letters
        roman = (rf"(?<![\w])(?P<r>(?=[IVX]|[MDCL]{{2}})"
                 rf"M{{0,3}}(?:CM|CD|D?C{{0,3}})(?:XC|XL|L?X{{0,3}})(?:IX|IV|V?I{{0,3}}))"
                 rf"(?P<suf>{_alt(roman_suf)})")
        clock24 = time.get("clock") == 24

        def phrases(key: str) -> re.Pattern | None:
            words = time.get(key, [])
            return re.compile(rf"(?<![\w]){_alt(words)}", re.I) if words else None
        suffixes = nf.get("ordinals", {}).get("suffixes", [])
        months = self.months
        mon = _alt(months) if months else r"(?!x)x"
        day_link = _alt(self.section("dates").get("day_month_linker", []))
        date_dm = (rf"(?<![\w])(?P<d>[0-3]?\d)(?:{_alt(suffixes, boundary=False)})?"
                   rf"{sp}+(?:{day_link}{sp}+)?(?P<mon>{mon})\.?")
        date_md = rf"(?<![\w])(?P<mon>{mon})\.?{sp}+(?P<d>[0-3]?\d)(?:{_alt(suffixes, boundary=False)})?(?![\w])"
        return {
            "dec": dec,
            "grp": grp,
            "words": words,
            "approx": approx,
            "scales": scales,
            "symbols": symbols,
            "cur_words": cur_words,
            "ands": [a.lower() for a in nf.get("and_words", [])],
            # an "and" between two words of a spelled number, and one that ends the words read so far
            "re_and": re.compile(rf"[{SPACES}]+{ands}[{SPACES}]+", re.I) if nf.get("and_words") else None,
            "re_and_end": re.compile(rf"[{SPACES}]+{ands}$", re.I) if nf.get("and_words") else None,
            "article": {a.lower() for a in nf.get("article_one", [])},
            "fractions": fractions,
            "am": {a.lower() for a in am},
            "ordw": ordw,
            # suffixes only the first takes ("1er", "Ier"): "21er Haus" is no French ordinal
            "first_only": {f.lower() for f in nf.get("ordinals", {}).get("first_suffixes", [])},
            "re_number": re.compile(number, re.I),
            "re_clock": re.compile(clock, re.I),
            "re_hour": re.compile(hour, re.I) if time.get("hour_marks") or am else None,
            "re_spelled": re.compile(spelled, re.I) if words else None,
            "re_ordinal": re.compile(rf"(?<![\w])(?P<n>\d+)(?P<suf>{_alt(suffixes)})", re.I) if suffixes else None,
            "re_ordword": re.compile(rf"(?<![\w-]){_alt(ordw)}", re.I) if ordw else None,
            "re_ordcompound": re.compile(rf"(?<![\w-])(?:{ord_compound})(?![\w-])", re.I) if ord_compound else None,
            "ord_endings": ord_endings,
            "ord_stem_fixes": {k.lower(): v for k, v in nf.get("ordinals", {}).get("stem_fixes", {}).items()},
            "re_date": [re.compile(date_dm), re.compile(date_md)] if months else [],
            "re_chain": re.compile(r"(?<![\w])\d+(?:[./-]\d+){2,}(?![\w])"),
            "re_idiom": re.compile(rf"(?<![\w]){_alt([i.lower() for i in nf.get('idioms', [])])}", re.I),
            "half": [h.lower() for h in nf.get("half_words", [])],
            "re_half": [re.compile(rf"(?P<noun>[{SPACES}-]+\w+)?[{SPACES}-]+"
                                   + rf"[{SPACES}-]+".join(re.escape(w) for w in h.lower().split()) + r"\b"
                                   + rf"(?:[{SPACES}]+(?P<scale>{_alt(long_scales)}))?", re.I)
                        for h in nf.get("half_words", [])],
            "scale_adjs": set(scale_adjs),
            "re_roman": re.compile(roman) if roman_suf else None,
            "clock24": clock24,
            "pm_after": phrases("pm_after"), "am_after": phrases("am_after"),
            "am_context": phrases("am_context"), "pm_context": phrases("pm_context"),
        }

    def _day_half(self, text: str, h: int, end: int) -> tuple[int, bool]:
        """(hour, exact) of a time written without am/pm: on a 24-hour clock an hour from 12 (and 0) is exact, and
        a small one is where the words after it ("du soir") or the sentence ("dans la nuit") say which half of
        the day it is; elsewhere a small hour may be either."""
        n = self._num
        if not n["clock24"]:
            return h, False
        if h == 0 or h >= 12:
            return h, True
        after = re.match(rf"[{SPACES}]*(?:[{SPACES}]*\d\d)?[{SPACES}]+", text[end:])
        rest = text[end + (after.end() if after else 0) :]
        if n["pm_after"] is not None and n["pm_after"].match(rest):
            return h + 12, True
        if n["am_after"] is not None and n["am_after"].match(rest):
            return h, True
        am = n["am_context"] is not None and n["am_context"].search(text)
        pm = n["pm_context"] is not None and n["pm_context"].search(text)
        if am and not pm:
            return h, True
        if pm and not am:
            return h + 12, True
        return h, False

    def is_ordinal(self, word: str) -> bool:
        """A word that is an ordinal number as this language writes it ("XIVe", "3e"): no name."""
        n = self._num
        return any(rx is not None and rx.fullmatch(word) for rx in (n["re_roman"], n["re_ordinal"]))

    def parse_digits(self, raw: str) -> tuple[float, int]:
        """'1 234,5' -> (1234.5, 1) in this language's format."""
        n = self._num
        s = raw
        for g in n["grp"]:
            if re.fullmatch(rf"\d{{1,3}}(?:{re.escape(g)}\d{{3}})+(?:\D\d+)?", s):
                s = s.replace(g, "")
        decimals = 0
        for d in n["dec"]:
            if d in s:
                head, _, tail = s.rpartition(d)
                s, decimals = f"{head}.{tail}", len(tail)
        return float(s), decimals

    def _spelled_value(self, text: str) -> tuple[float, bool] | None:
        n = self._num
        tokens = [t for t in re.split(rf"[{SPACES}]+", text.lower())
                  if t and t not in n["ands"] and t not in n["scale_adjs"]]  # « deux autres milliards »
        parts: list[str] = []
        for tok in tokens:  # "quatre-vingt-dix": longest known hyphenated prefix first
            pieces = [p for p in tok.split("-") if p not in n["ands"]]  # « vingt-et-un »
            while pieces:
                for k in range(len(pieces), 0, -1):
                    cand = "-".join(pieces[:k])
                    if cand in n["words"] or cand in n["scales"] or cand in n["approx"] or k == 1:
                        parts.append(cand)
                        pieces = pieces[k:]
                        break
        if len(parts) == 1 and parts[0] in n["article"]:
            return None  # the article, not a count
        total, current, approx = 0.0, 0.0, False
        fraction = None  # "half a million", « un demi-million »: a fraction of the scale word that follows
        for p in parts:
            if p in n["fractions"]:
                fraction = n["fractions"][p]
                continue
            if fraction is not None and p in n["article"]:
                continue
            if fraction is not None and not (p in n["scales"] and p not in n["words"]):
                return None
            if p in n["approx"] and p not in n["words"]:
                current, approx = max(current, 1) * n["approx"][p], True
            elif p in n["scales"] and p not in n["words"]:
                if current == 0 and total > 0:  # "seven thousand million"
                    total *= n["scales"][p]
                else:
                    total += max(current, 1) * (fraction or 1.0) * n["scales"][p]
                current, fraction = 0, None
            elif p in n["words"]:
                v = n["words"][p]
                current = max(current, 1) * v if v == 100 else current + v
            elif p in n["article"]:  # "a billion", "un million"
                current += 1
            else:
                return None
        if fraction is not None:
            return None
        return total + current, approx

    @cached_property
    def _numbers_memo(self) -> dict[str, tuple[NumberMention, ...]]:
        return {}

    def numbers_in(self, text: str) -> list[NumberMention]:
        """Every number in ``text`` as this language writes it, sorted, non-overlapping. The last few texts'
        answers are kept: CT120 and CT121 read the same sentences in both languages' number formats."""
        memo = self._numbers_memo
        found = memo.get(text)
        if found is None:
            if len(memo) >= NUMBERS_MEMO:
                memo.clear()
            found = memo[text] = tuple(self._numbers_in(text))
        return list(found)

    def shared_scales(self, text: str, found: list[NumberMention]) -> list[NumberMention]:
        """`found` (numbers_in(text)) with the first figure of a range given the scale and the currency written
        once after the second ("entre 325 et 340 M$", "$4.1 to 4.2 billion", « quinze à dix-sept millions »):
        [numbers] range_joiners between them, nothing else. What the figures are worth, for comparing them; not
        how they are written (CT121 reads the range as written)."""
        joiners = {j.lower() for j in self.number_format.get("range_joiners", [])}
        if not joiners:
            return found
        out = list(found)
        for i, (a, b) in enumerate(zip(found, found[1:], strict=False)):
            if b.spelled and b.scale == 1.0:  # a spelled figure's scale word is in its value: « dix-sept millions »
                b = replace(b, scale=self._last_scale(b.raw))
            if (a.kind in ("plain", "money") and b.kind in ("plain", "money") and a.scale == 1.0
                    and (b.scale != 1.0 or (b.kind == "money" and a.kind == "plain"))
                    and (a.unit is None or b.unit in (None, a.unit))
                    and text[a.end : b.start].strip().lower() in joiners):
                kind = "money" if "money" in (a.kind, b.kind) else "plain"
                scale = b.scale
                # "£10-11 000 million" (British copy): the second figure's thousands are shared too, 10 000 million
                figure = b.value / b.scale
                if b.scale > 1.0 and figure >= 1000 and 0.1 <= a.value * 1000 / figure <= 10:
                    scale *= 1000
                out[i] = replace(a, value=a.value * scale, kind=kind, unit=b.unit or a.unit, scale=scale)
        return out

    def _numbers_in(self, text: str) -> list[NumberMention]:
        n = self._num
        cands: list[tuple[int, int, int, NumberMention | None]] = []  # (start, -len, priority, mention)

        def add(m: re.Match, mention: NumberMention | None, prio: int, span: tuple[int, int] | None = None):
            s, e = span or m.span()
            cands.append((s, -(e - s), prio, mention))

        for m in n["re_chain"].finditer(text):  # phone numbers, numeric dates: not quantities
            add(m, None, 0)
        for m in n["re_idiom"].finditer(text):
            add(m, None, 0)
        for rx in n["re_date"]:
            for m in rx.finditer(text):
                day = int(m.group("d"))
                if 1 <= day <= 31:
                    mon = self.months.get(m.group("mon")) or self.months.get(m.group("mon").lower())
                    add(m, NumberMention(m.start(), m.end(), float(day), "date", f"month={mon}", m.group()), 1)
        for m in n["re_clock"].finditer(text):
            h, mi = int(m.group("h")), int(m.group("m"))
            ampm = (m.group("ampm") or "").lower()
            if ":" not in m.group() and not ampm:
                continue  # "14.30" alone is a decimal, not a time
            h = _meridiem(h, ampm, n["am"])
            exact = bool(ampm)
            if not ampm:
                h, exact = self._day_half(text, h, m.end())
            add(m, NumberMention(m.start(), m.end(), h + mi / 60, "time", None, m.group(), meridiem=exact), 2)
        if n["re_hour"] is not None:
            for m in n["re_hour"].finditer(text):
                h = int(m.group("h"))
                ampm = (m.group("ampm") or "").lower()
                h = _meridiem(h, ampm, n["am"])
                exact = bool(ampm)
                if not ampm:
                    h, exact = self._day_half(text, h, m.end())
                mi = int(m.group("m")) if m.group("m") else 0
                add(m, NumberMention(m.start(), m.end(), h + mi / 60, "time", None, m.group(), meridiem=exact), 2)
        for m in n["re_number"].finditer(text):
            add(m, self._digit_mention(m), 3, (m.start("sym_pre") if m.group("sym_pre") else m.start(), m.end()))
        if n["re_ordinal"] is not None:
            for m in n["re_ordinal"].finditer(text):
                if int(m.group("n")) == 1 or m.group("suf").lower() not in n["first_only"]:
                    add(m, NumberMention(m.start(), m.end(), float(m.group("n")), "ordinal", None, m.group()), 2)
        if n["re_roman"] is not None:
            for m in n["re_roman"].finditer(text):
                if _roman(m.group("r")) == 1 or m.group("suf").lower() not in n["first_only"]:
                    add(m, NumberMention(m.start(), m.end(), float(_roman(m.group("r"))), "ordinal", None,
                                         m.group()), 2)
        if n["re_ordword"] is not None:
            for m in n["re_ordword"].finditer(text):
                v = n["ordw"][m.group().lower()]
                add(m, NumberMention(m.start(), m.end(), float(v), "ordinal", None, m.group(), spelled=True), 4)
        if n["re_ordcompound"] is not None:
            for m in n["re_ordcompound"].finditer(text):
                v = self._compound_ordinal(m.group())
                if v is not None:
                    add(m, NumberMention(m.start(), m.end(), float(v), "ordinal", None, m.group(), spelled=True), 4)
        if n["re_spelled"] is not None:
            for m in n["re_spelled"].finditer(text):
                for start, words in self._spelled_pieces(m.start("w"), m.group("w")):
                    mention = self._spelled_mention(text, start, words)
                    if mention is not None:
                        add(m, mention, 4, (mention.start, mention.end))
        cands.sort(key=lambda c: (c[0], c[1], c[2]))
        out: list[NumberMention] = []
        taken_end = -1
        for start, neg_len, _prio, mention in cands:
            if start < taken_end:
                continue
            taken_end = start - neg_len
            if mention is not None:
                out.append(mention)
        return out

    def _digit_mention(self, m: re.Match) -> NumberMention | None:
        n = self._num
        value, decimals = self.parse_digits(m.group("num"))
        scale_word = (m.group("scale") or m.group("sscale") or "").lower()
        scale = n["scales"].get(scale_word, 1.0)
        unit, kind = None, "plain"
        if m.group("pct") or m.group("pctw"):
            kind, unit = "percent", "%"
        sym = m.group("sym_pre") or m.group("sym_post")
        if sym:
            kind, unit = "money", n["symbols"].get(sym) or n["symbols"].get(sym.upper())
        elif m.group("cur_word"):
            kind, unit = "money", n["cur_words"].get(m.group("cur_word").lower())
        raw_num = m.group("num")
        if re.fullmatch(r"0+", raw_num) and len(raw_num) > 1:
            return None  # the tail of a number glued to a word ("de1 000")
        if kind == "plain" and scale == 1.0 and re.fullmatch(r"1\d{3}|20\d{2}", raw_num):
            kind = "year"
        start = m.start("sym_pre") if m.group("sym_pre") else m.start()
        total, end = value * scale, m.end()
        if kind != "year" and not (m.group("sym_post") or m.group("cur_word") or kind == "percent"):
            total, scale, end, half = self._half(m.string, end, total, scale)  # « 2 milliards et demi »
            decimals = max(decimals, int(half))
        return NumberMention(start, end, total, kind, unit, m.string[start:end], decimals=decimals, scale=scale)

    def _compound_ordinal(self, word: str) -> int | None:
        """The value of a compound ordinal ("twenty-first", "twentieth", « vingt-et-unième », « trente-deuxième »),
        None for any other word ("month": no number before its "th")."""
        n, w = self._num, word.lower()
        spaced = re.split(rf"[{SPACES}]+", w)
        if len(spaced) > 1:  # « vingt et unième » is « vingt-et-unième »; « deux et troisième » are two ordinals
            if self._addend_bound(spaced[-3].split("-")[-1] if len(spaced) >= 3 else "") is None:
                return None
            w = "-".join(spaced)
        *head, last = w.split("-")
        if head and last in n["ordw"]:
            parsed = self._spelled_value("-".join(head))
            if parsed and parsed[0] >= 20 and not parsed[1]:  # "twenty-first"; « dix-neuvième » is read below
                return int(parsed[0]) + n["ordw"][last]
        for ending, restores in n["ord_endings"].items():
            if not w.endswith(ending) or len(w) == len(ending):
                continue
            *head, stem = w[: -len(ending)].split("-")
            stem = n["ord_stem_fixes"].get(stem, stem)
            for restore in restores:
                parsed = self._spelled_value("-".join([*head, stem + restore]))
                if parsed and not parsed[1] and parsed[0] == int(parsed[0]) and parsed[0] >= 1:
                    return int(parsed[0])
        return None

    def _addend_bound(self, before: str) -> float | None:
        """What an "and" after the number word `before` may add to it, exclusive: a scale or a hundred takes
        anything smaller (one hundred and five), a round ten a unit (vingt et un); None when no "and" joins an
        addend there ("five and eight" are two numbers)."""
        n = self._num
        value = n["scales"].get(before) or n["words"].get(before)
        if before in n["scales"] or value == 100:
            return value
        return 20 if value and 20 <= value < 100 and value % 10 == 0 else None

    def _spelled_pieces(self, start: int, words: str) -> list[tuple[int, str]]:
        """`words` cut at each "and" that joins no addend: "one hundred and five", "vingt et un" are one number
        (a hundred, a scale or a round ten before it); "five and eight" are two."""
        n = self._num
        joint = n["re_and"]
        if joint is None:
            return [(start, words)]
        pieces, at = [], 0
        for m in joint.finditer(words):
            before = re.split(rf"[{SPACES}-]+", words[at : m.start()].lower())[-1]
            rest = joint.split(words[m.end() :], maxsplit=1)[0]
            after = rest.split()[0].lower() if rest.split() else ""
            parsed = (1.0, False) if after in n["article"] and len(rest.split()) == 1 else self._spelled_value(rest)
            addend = parsed[0] if parsed else None
            # the addend is smaller than the word before the "and": one hundred and five, vingt et un, soixante
            # et onze; not « deux cent et quatre cent mille » (a range), nor "five and eight"
            bound = self._addend_bound(before)
            if bound is not None and addend is not None and addend < bound:
                continue
            pieces.append((start + at, words[at : m.start()]))
            at = m.end()
        return [*pieces, (start + at, words[at:])]

    def _spelled_mention(self, text: str, start: int, words: str) -> NumberMention | None:
        n = self._num
        head = re.match(rf"(\w+)[{SPACES}]+(\w+)", words)
        if head and head.group(1).lower() in n["article"] and head.group(2).lower() not in n["scales"] \
                and head.group(2).lower() not in n["approx"]:
            start += head.start(2)  # "a three-year term": the article counts only before "million", "dozen"
            words = words[head.start(2) :]
        while True:  # "five and a half": a trailing "and", "a" belongs to what follows ("vingt et un" is 21)
            last = re.search(rf"[{SPACES}]+(\w+)$", words)
            if not last or last.group(1).lower() not in n["article"] | set(n["ands"]) | set(n["fractions"]):
                break
            # `words` is one piece of _spelled_pieces: an article after its "and" is the addend one (« vingt et un »),
            # unless a half follows ("twenty and a half")
            following = text[start + len(words) :].lstrip().lower()
            if (last.group(1).lower() in n["article"] and n["re_and_end"].search(words[: last.start()])
                    and not any(following.startswith(h.split()[-1]) for h in n["half"])):
                break
            words = words[: last.start()]
        parsed = self._spelled_value(words)
        if parsed is None:
            return None
        value, approx = parsed
        end = start + len(words)
        value, scale, end, half = self._half(text, end, value, self._last_scale(words))
        # a half is a decimal's worth of precision: "two billion" is not « deux milliards et demi »
        return NumberMention(start, end, value, "plain", None, text[start:end], spelled=True, approx=approx,
                             scale=scale if half else 1.0, decimals=int(half))

    def _last_scale(self, words: str) -> float:
        """The value of the scale word that ends a spelled figure (« dix-sept millions »: 1e6), else 1."""
        last = re.findall(r"\w+", words.lower())
        return self._num["scales"].get(last[-1], 1.0) if last else 1.0

    def _half(self, text: str, end: int, value: float, scale: float) -> tuple[float, float, int, bool]:
        """A figure ending at `end` with a half after it: half of its scale word (« deux milliards et demi » is
        2.5 billion, « deux ans et demi » 2.5) or, when a scale word follows the half ("two and a half billion"),
        that many of it. A half right after the figure is part of the mention, so that a fix replaces it too;
        one after a noun (« deux ans et demi ») is not. (value, scale, end, whether there was a half)."""
        for rx in self._num["re_half"]:  # "eight-and-a-half" hyphened
            h = rx.match(text, end)
            if h:
                if h.group("scale"):
                    after = self._num["scales"][h.group("scale").lower()]
                    return (value + 0.5) * after, after, h.end(), True
                return value + 0.5 * scale, scale, end if h.group("noun") else h.end(), True
        return value, scale, end, False

    # ---- dates: decades, month and weekday names -----------------------------------------------------------
    @cached_property
    def _calendar(self) -> dict[str, Any]:
        dates = self.section("dates")
        out: dict[str, Any] = {"names": None, "decade": None, "calque": None}
        locale = self.data.get("babel_locale")
        if locale:
            from babel.dates import get_day_names, get_month_names

            case = dates.get("names_case")
            names: dict[str, tuple[str, int]] = {}
            for kind, table in (("month", get_month_names("wide", locale=locale)),
                                ("weekday", get_day_names("wide", locale=locale))):
                for index, name in table.items():
                    name = (name.lower() if case == "lower"
                            else name[:1].upper() + name[1:].lower() if case == "title" else name)
                    names[name] = (kind, int(index))
            out["names"] = names
            alternation = _alt(names, boundary=r"(?![\w-])")
            out["re_names"] = re.compile(rf"(?<![\w-]){alternation}", 0 if case else re.I)
        if dates.get("decade"):
            out["decade"] = re.compile(dates["decade"], re.I)
        if dates.get("decade_calque"):
            out["calque"] = re.compile(dates["decade_calque"], re.I)
        out["decade_words"] = {k.lower(): int(v) for k, v in dates.get("decade_words", {}).items()}
        return out

    def calendar_names(self, text: str) -> list[tuple[int, int, str, int]]:
        """Month and weekday names written as this language writes them: (start, end, "month"|"weekday", index)."""
        cal = self._calendar
        if not cal["names"]:
            return []
        return [(m.start(), m.end(), *cal["names"][m.group()]) for m in cal["re_names"].finditer(text)
                if m.group() in cal["names"]]

    def decades_in(self, text: str) -> list[tuple[int, int, int]]:
        """Decades ("les années 80", "the 1980s", "the eighties"): (start, end, decade as written: 80 or 1980)."""
        cal = self._calendar
        if cal["decade"] is None:
            return []
        out = []
        for m in cal["decade"].finditer(text):
            groups = m.groupdict()
            raw = groups.get("n") or groups.get("n2")
            if groups.get("w"):
                value = cal["decade_words"].get(groups["w"].lower())
            elif raw and raw.isdigit():
                value = int(raw)
            elif raw:
                parsed = self._spelled_value(raw)
                value = int(parsed[0]) if parsed and parsed[0] % 10 == 0 and 10 <= parsed[0] < 100 else None
            else:
                value = None
            if value is not None:
                out.append((m.start(), m.end(), value))
        return out

    def decade_calques(self, text: str) -> list[tuple[int, int, int]]:
        """A decade written word for word in the source's order ("the years 80")."""
        rx = self._calendar["calque"]
        return [] if rx is None else [(m.start(), m.end(), int(m.group("n"))) for m in rx.finditer(text)]

    # ---- negation ------------------------------------------------------------------------------------------
    @cached_property
    def _closers(self) -> str:
        """The alternation of [negation].closers, longest first, that "{closers}" in a negation pattern stands for
        (a pattern that never matches when the language lists none)."""
        closers = self.section("negation").get("closers", [])
        return "|".join(re.escape(c) for c in sorted(closers, key=len, reverse=True)) or r"(?!x)x"

    def _negation_pattern(self, pattern: str) -> re.Pattern:
        return re.compile(pattern.replace("{closers}", self._closers), re.I)

    @cached_property
    def _negation(self) -> tuple[list, list]:
        neg = self.section("negation")
        comp = self._negation_pattern
        cues = [(c["name"], comp(c["pattern"]), bool(c.get("strong", True))) for c in neg.get("cues", [])]
        exc = [(e["name"], comp(e["pattern"]), e.get("effect", "cancel")) for e in neg.get("exceptions", [])]
        return cues, exc

    @cached_property
    def _polarity(self) -> tuple[list, list, list, int, re.Pattern | None]:
        neg = self.section("negation")
        comp = self._negation_pattern
        lexical = [(e["name"], comp(e["pattern"]), e.get("group", e["name"]), e.get("litotes", "keep"))
                   for e in neg.get("lexical", [])]
        # one pass over the text says whether any lexical negative is there at all (most sentences have none)
        lexical_any = comp("|".join(f"(?:{e['pattern']})" for e in neg.get("lexical", []))) if lexical else None
        quantifiers = [(q["name"], comp(q["pattern"]), q["reading"]) for q in neg.get("quantifiers", [])]
        restrictive = [(e["name"], comp(e["pattern"]), e["means"]) for e in neg.get("exceptions", []) if e.get("means")]
        return lexical, quantifiers, restrictive, int(neg.get("polarity", {}).get("scope_words", 3)), lexical_any

    @property
    def has_polarity_data(self) -> bool:
        return bool(self._polarity[0])

    def polarity_words(self, text: str, cues: list[NegationCue] | None = None) -> list[PolarityWord]:
        """Lexically negative words, each with the negation cue that scopes over it, if any: a grammatical one
        (strong before any exception weakens it: "il n'est pas exclu que") that holds the word ("ne manquera
        pas de") or ends at most scope_words words before it ("n'a pas nié", "did not deny")."""
        lexical, _q, _r, scope, lexical_any = self._polarity
        if lexical_any is None or not lexical_any.search(text):
            return []
        scoping = {c["name"] for c in self.negation_cues if c.get("scopes")}
        cues = [c for c in (self.negations_in(text, weaken=False) if cues is None else cues)
                if c.strong or c.cue in scoping]
        out: list[PolarityWord] = []
        for name, rx, group, litotes in lexical:
            for m in rx.finditer(text):
                if any(w.start < m.end() and m.start() < w.end for w in out):
                    continue
                neg = None
                for c in cues:
                    holds = c.start <= m.start() and m.end() <= c.end and (c.start, c.end) != m.span()
                    gap = text[c.end : m.start()] if c.end <= m.start() else None
                    if holds or (gap is not None and len(re.findall(r"[\w'’-]+", gap)) <= scope
                                 and not re.search(r"[.;:!?]", gap)):
                        neg = c
                out.append(PolarityWord(m.start(), m.end(), name, group, litotes, neg))
        return sorted(out, key=lambda w: w.start)

    @cached_property
    def _polarity_patterns(self) -> dict[str, re.Pattern]:
        pol = self.section("negation", "polarity")
        return {k: re.compile(pol[k], re.I) for k in ("guard", "restrictive") if pol.get(k)}

    def polarity_pattern(self, key: str) -> re.Pattern | None:
        """[negation.polarity]'s ``guard`` (words that may render a negated lexical negative) or ``restrictive``
        (words that say "only"), compiled once; None when the language has none."""
        return self._polarity_patterns.get(key)

    def quantifier_readings(self, text: str) -> list[Reading]:
        return [Reading(m.start(), m.end(), name, reading)
                for name, rx, reading in self._polarity[1] for m in rx.finditer(text)]

    def restrictives_in(self, text: str) -> list[Reading]:
        """Constructions that look negative and are not ("n'a que" = only), with what they mean."""
        return [Reading(m.start(), m.end(), name, means)
                for name, rx, means in self._polarity[2] for m in rx.finditer(text)]

    def negations_in(self, text: str, weaken: bool = True) -> list[NegationCue]:
        """Negation cues, strongest reading first where cues overlap; exceptions cancel or (unless ``weaken`` is
        False) weaken them."""
        cues, exceptions = self._negation
        found: list[NegationCue] = []
        for name, rx, strong in cues:
            for m in rx.finditer(text):
                if m.end() > m.start() and not any(c.start <= m.start() < c.end or m.start() <= c.start < m.end()
                                                   for c in found):
                    found.append(NegationCue(m.start(), m.end(), name, strong))
        spans = [(m.start(), m.end(), effect) for _n, rx, effect in exceptions for m in rx.finditer(text)]
        effects_of = [{eff for s, e, eff in spans if s < c.end and c.start < e} for c in found]
        # what a coordinated cue shares its "not" with: a strong cue before it that no exception weakens
        firsts = [c.end for c, effects in zip(found, effects_of, strict=True)
                  if c.strong and not effects & {"cancel", "weak", "coordinated"}]
        out: list[NegationCue] = []
        for c, effects in zip(found, effects_of, strict=True):
            if "cancel" in effects:
                continue
            if "coordinated" in effects and not any(end <= c.start for end in firsts):
                effects.discard("coordinated")  # « sans compter … et qu'il n'y aura pas »: the only negation
            weak = bool(effects & {"weak", "literal", "coordinated"}) and weaken
            out.append(NegationCue(c.start, c.end, c.cue, c.strong and not weak,
                                   c.strong and weak and effects <= {"literal"},
                                   c.strong and weak and effects <= {"coordinated"}, c.strong and weak))
        return sorted(out, key=lambda c: (c.start, c.end))


def _roman(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for a, b in zip(numeral, numeral[1:] + " ", strict=False):
        total += -values[a] if values.get(b, 0) > values[a] else values[a]
    return total


def _meridiem(h: int, ampm: str, am_words: set[str]) -> int:
    if not ampm:
        return h
    if ampm in am_words:
        return 0 if h == 12 else h
    return h if h >= 12 else h + 12


def load_language(languages_dir: Path, lang: str) -> LanguageData:
    return _load(str(languages_dir), lang)


@cache
def _load(languages_dir: str, lang: str) -> LanguageData:
    path = Path(languages_dir) / f"{lang}.toml"
    if not path.is_file():
        return LanguageData(lang, _cldr_numbers(lang))
    with path.open("rb") as fh:
        return LanguageData(lang, tomllib.load(fh), languages_dir)


def _cldr_numbers(lang: str) -> dict[str, Any]:
    """For a language with no data file, its number punctuation from CLDR (Babel), so that German "3,2" is
    3.2 and not 3; everything else (number words, negation) stays unknown."""
    from babel import Locale, UnknownLocaleError

    try:
        symbols = Locale.parse(lang).number_symbols.get("latn", {})
    except (UnknownLocaleError, ValueError, TypeError):
        return {}
    decimal, group = symbols.get("decimal"), symbols.get("group")
    if not decimal or not group or decimal == group:
        return {}
    groups = [group] + (["\u00a0", "\u202f"] if group in (" ", "\u00a0", "\u202f") else [])
    return {"numbers": {"decimal": [decimal], "group": groups}}
