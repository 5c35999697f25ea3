"""CT121 number-format: a number of the translation written in the source language's format."""
from __future__ import annotations

import re
from collections.abc import Iterator

from babel import Locale
from babel.dates import get_month_names
from babel.numbers import format_decimal, get_currency_symbol

from ..lexicons.language import LanguageData, NumberMention
from ..model import DocumentPair, Finding, FixAvailability, FixSafety, Severity
from .base import Check, Context, Example


def format_like(value: float, src: NumberMention, like: NumberMention | None, lang: LanguageData) -> str:
    """``value`` written as ``lang`` writes it, in the shape of the target mention ``like`` when there is one."""
    locale = lang.data.get("babel_locale") or "en"
    kind = src.kind
    if kind == "time":
        time = lang.number_format.get("time", {})
        h, mi = int(value) % 24, int(round((value % 1) * 60))
        if time.get("am") and time.get("pm"):
            ampm = time["pm"][0] if h >= 12 else time["am"][0]
            h12 = h % 12 or 12
            return f"{h12}:{mi:02d} {ampm}" if mi else f"{h12} {ampm}"
        return f"{h:02d}:{mi:02d}"
    if kind == "year":
        return str(int(value))
    if kind == "ordinal":  # "22e" → "22nd": the target's suffix for the figure's CLDR ordinal form
        suffixes = lang.number_format.get("ordinals", {}).get("suffix_by_form", {})
        return f"{int(value)}{suffixes.get(Locale.parse(locale).ordinal_form(int(value)), '')}"
    if kind == "date" and src.unit and src.unit.startswith("month="):
        month = get_month_names("wide", locale=locale)[int(src.unit.split("=")[1])]
        day_first = lang.section("dates").get("day_first", True)
        return f"{int(value)} {month}" if day_first else f"{month} {int(value)}"
    scales = {k: v for k, v in lang.number_format.get("scales", {}).items() if len(k) > 3 and not k.endswith("s")}
    scale_word, scale = "", 1.0
    # a spelled figure keeps its scale word in its value ("two billion"): the fix names a scale as it does
    spelled_scale = like is not None and like.spelled and any(
        w in lang.number_format.get("scales", {}) for w in re.findall(r"\w+", like.raw.lower()))
    if (like is not None and (like.scale > 1 or spelled_scale)) or (like is None and src.scale > 1):
        # news style writes figures under a million in full ("500,000", not "500 thousand")
        fitting = [(v, k) for k, v in scales.items() if value >= v >= 1e6]
        if fitting:
            scale, scale_word = max(fitting)
    # every digit written stays: Babel would round 1.3517 to 1.352
    number = format_decimal(value / scale, locale=locale, decimal_quantization=False)
    number += f" {scale_word}" if scale_word else ""
    if like is not None:
        words = sorted(lang.number_format.get("scales", {}), key=len, reverse=True)
        scale_alt = "|".join(re.escape(w) for w in words) or "(?!x)x"
        core = re.search(rf"\d(?:[\d.,\u00a0\u202f ]*\d)?(?:[ \u00a0\u202f]*(?:{scale_alt})\b)?", like.raw, re.I)
        if core:
            return like.raw[: core.start()] + number + like.raw[core.end() :]
    if kind == "percent":
        return number + ("\u00a0%" if lang.number_format.get("percent_space") else "%")
    return number


def _target_value(m: NumberMention, source: LanguageData, target_scales: dict[str, float]) -> float | None:
    """The value a number of the translation has in the translation's language. Read in the source language's
    format, its scale word took the source's meaning: "1,38 billion" in English copy is 1.38 × 10^9, not the
    French billion (10^12); a scale word only the source writes ("Md") leaves it unknown."""
    if m.scale == 1.0:
        return m.value
    words = [w for w in re.findall(r"[^\W\d_]+", m.raw) if w.lower() in source.number_format.get("scales", {})]
    if not words:
        return m.value
    target = target_scales.get(words[-1].lower())
    return None if target is None else m.value / m.scale * target


def duration_cue_before(text: str, at: int, lang: LanguageData) -> bool:
    """One of the language's duration cues among the three words before `at`."""
    cues = {c.lower() for c in lang.number_format.get("time", {}).get("duration_cues", [])}
    return bool(cues & {w.lower() for w in re.findall(r"[^\W\d_]+", text[max(0, at - 60) : at])[-3:]})


def _time_of_day(m: NumberMention, target: str, source: str, source_numbers: list[NumberMention],
                 src_lang: LanguageData, tgt_lang: LanguageData) -> float | None:
    """The 24-hour time a French-style time of the translation stands for, read off the same time in the source
    segment ("8h du soir" → 20:00 where the English kept "8h the evening"); None for a duration ("le film dure
    2h45", "for 1h30"). Without the time in the source, the source language's own reading. `source_numbers` are
    the numbers of `source`."""
    if duration_cue_before(target, m.start, tgt_lang):
        return None
    same = [n for n in source_numbers if n.kind == "time" and abs(n.value % 12 - m.value % 12) < 1e-6]
    if any(duration_cue_before(source, n.start, src_lang) for n in same):
        return None
    exact = {n.value for n in same if n.meridiem}
    return exact.pop() if len(exact) == 1 else m.value


def _linker_before_noun(text: str, at: int, number_format: dict) -> int:
    """The length of the "of" after a scale word at `at` that the French "120 millions de personnes" put there, when
    a noun follows ("120 million people"); 0 before a determiner or a pronoun ("120 million of the country's
    people", "of them"), which keep it."""
    m = re.match(r"[ \u00a0]+(\w+)[ \u00a0]+([\w'’-]+)", text[at:])
    if m is None or m.group(1).lower() not in number_format.get("scale_linkers", ()) \
            or m.group(2).lower() in number_format.get("scale_linker_kept_before", ()):
        return 0
    return m.end(1)


def _symbol_after(m: NumberMention, *langs: LanguageData) -> bool:
    """A sum written with its currency symbol after the figure ("250 000 $", "12 €", "50 Md$")."""
    if m.kind != "money" or not m.unit or not m.raw[:1].isdigit():
        return False
    tail = m.raw.rstrip()
    return any(tail.endswith(sym) for lang in langs for sym in lang.section("currency").get("symbols", {}))


def _range_start(m: NumberMention, native, text: str, joiners: list[str]) -> NumberMention | None:
    """The bare first figure of a range that ends with the sum `m` ("4" of "4 to 5 million $"), if any."""
    if not joiners:
        return None
    joined = re.compile(r"\s*(?:" + "|".join(re.escape(j) for j in joiners) + r")\s*$", re.IGNORECASE)
    for n in native:
        if (n.end <= m.start and n.kind == "plain" and not n.unit and n.raw[:1].isdigit()
                and joined.fullmatch(text[n.end : m.start])):
            return n
    return None


def _symbol_first(lang: LanguageData) -> bool:
    """Whether the language writes the currency symbol before the figure (CLDR's currency pattern, via Babel)."""
    pattern = Locale.parse(lang.data.get("babel_locale") or "en").currency_formats["standard"].pattern
    return pattern.lstrip().startswith("¤")


def _read_natively(m: NumberMention, native) -> NumberMention | None:
    """The target-language number that holds all the digits of `m`, if the target's format reads them as one."""
    digits = re.search(r"\d(?:[\d.,\u00a0\u202f ]*\d)?", m.raw)
    if digits is None:
        return None
    start, end = m.start + digits.start(), m.start + digits.end()
    return next((n for n in native if n.start <= start and end <= n.end), None)


class NumberFormat(Check):
    """A number is written in the source language's format in the translation.

    What it does
        Finds numbers in the translation that follow the source language's conventions instead of the target's,
        as both languages' data describe them: a decimal comma ("1,5 %"), a space between thousands
        ("15 000"), a space before the percent sign, the French clock ("14 h 30"), a plural scale word after a
        figure ("3.5 millions", and its "of" before a noun: "120 millions of people"), an ordinal suffix ("22e",
        "3ème", "XXe" → "22nd", "3rd", "20th"), a currency symbol after the figure where the target writes it
        before ("250 000 $" → "$250,000"; a range whole: "4 to 5 million $" → "$4 million to $5 million"). A
        time is given the half of the day the source says ("8h du soir" kept as "8h the evening" → "8 pm"); a
        duration ("le film dure 2h45", "for 1h30") gets no clock time, and no finding.

    Why is this bad?
        English readers take "1,5" for a list or a typo and "15 000" for two numbers; the wire's style book
        prescribes one form.

    Example
        "Unemployment fell by 1,5 % to 15 000 jobseekers at 14 h 30."

    Use instead
        "Unemployment fell by 1.5% to 15,000 jobseekers at 2:30 pm."

    Fix safety
        Safe. The suggestion is the same value in the target language's format ("1,5 %" → "1.5%", "14 h 30" →
        "2:30 pm"): the figure does not change.
    """

    code = "CT121"
    name = "number-format"
    category = "fluency/number-format"
    severity = Severity.MINOR
    fix = FixAvailability.ALWAYS
    examples = (
        Example("Le chômage a reculé de 1,5 %.", "Unemployment fell by <marker>1,5 %</marker>.", correction="1.5%"),
        Example("15 000 policiers seront déployés.", "<marker>15 000</marker> police officers will be deployed.",
                correction="15,000"),
        Example(
            "La séance reprend à 14 h 30.",
            "The session resumes at <marker>14 h 30</marker>.",
            correction="2:30 pm",
        ),
        Example(
            "La dette atteint 3,5 millions.",
            "The debt reaches <marker>3.5 millions</marker>.",
            correction="3.5 million",
        ),
        Example(
            "Le pays compte 120 millions d'habitants, dont 3 millions de ces réfugiés.",
            "The country has <marker>120 millions of</marker> inhabitants, including 3 million of these refugees.",
            correction="120 million",
        ),
        Example(
            "Il a fêté le 22e anniversaire de la chute du mur.",
            "He celebrated the <marker>22e</marker> anniversary of the fall of the wall.",
            correction="22nd",
        ),
        Example("En 2013, 450 personnes ont été arrêtées.", "In 2013, 450 people were arrested."),
        Example("Le musée 21er Haus rouvre.", "The 21er Haus museum reopens."),
        Example(
            "L'euro valait 1,3517 dollar.",
            "The euro was worth <marker>1,3517 dollar</marker>.",
            correction="1.3517 dollar",
        ),
        Example("La dette a augmenté de 5 000 milliards de yens.", "The debt rose by 5,000 billion yens."),
        Example(
            "Le projet attirerait plus de 50 Md$ d'investissements.",
            "The project would attract more than <marker>50 Md$</marker> of investment.",
            correction="$50 billion",
        ),
        Example(
            "Le chantier coûtera de 4 à 5 millions $.",
            "The work will cost <marker>4 to 5 million $</marker>.",
            correction="$4 million to $5 million",
        ),
        Example(
            "Les ventes ont atteint 1,38 milliard d'actions.",
            "Sales reached <marker>1,38 billion</marker> shares.",
            correction="1.38 billion",
        ),
        Example("Le chômage a reculé de 1,5 %.", "Unemployment fell by 1.5%, or 1,500 jobs."),
        Example(
            "El paro bajó un 5,2 % en 2013.",
            "Unemployment fell by <marker>5,2 %</marker> in 2013.",
            correction="5.2%", source_lang="es",
        ),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        src_lang, tgt_lang = ctx.lexicons.source, ctx.lexicons.target
        tnf = tgt_lang.number_format
        tgt_scales = tnf.get("scales", {})
        symbol_first = _symbol_first(tgt_lang)
        for seg in pair.segments:
            if not seg.target_sentences:
                continue
            tgt = pair.target.text[seg.target_start : seg.target_end]
            native = {(m.start, m.end): m for m in tgt_lang.numbers_in(tgt)}
            found: dict[tuple[int, int], tuple[NumberMention, str]] = {}
            tails: dict[tuple[int, int], int] = {}  # characters after a number that its fix drops too
            if src_lang.lang != tgt_lang.lang:
                ordinals = bool(tnf.get("ordinals", {}).get("suffix_by_form"))
                for m in src_lang.numbers_in(tgt):
                    if m.spelled or (m.start, m.end) in native or m.kind in ("date", "year"):
                        continue
                    if m.kind == "ordinal" and not ordinals:
                        continue
                    if any(n.start <= m.start and m.end <= n.end for n in native.values()):
                        continue  # part of a longer native number
                    found[(m.start, m.end)] = (m, "written in the source language's format")
            for m in native.values():
                if m.spelled:
                    continue
                if symbol_first and _symbol_after(m, src_lang, tgt_lang) and not any(
                        a <= m.start and m.end <= b for a, b in found):  # "500 €" of a French "1 500 €"
                    found.setdefault((m.start, m.end), (m, "the currency symbol goes before the figure here"))
                if m.kind == "percent" and not tnf.get("percent_space", False) and re.search(r"\s%", m.raw):
                    found.setdefault((m.start, m.end), (m, "no space before % in this language"))
                if m.scale > 1 and tnf.get("scale_plural_after_number") is False:
                    plural = re.search(r"\b([A-Za-z]+s)\b", m.raw)
                    if plural and plural.group(1).lower() in tgt_scales and plural.group(1).lower()[:-1] in tgt_scales:
                        tail = tails[(m.start, m.end)] = _linker_before_noun(tgt, m.end, tnf)
                        found.setdefault((m.start, m.end), (m, f"'{plural.group(1)}' stays singular after a figure"
                                                               + (f", with no '{tgt[m.end:m.end + tail].strip()}' "
                                                                  "before a noun" if tail else "")))
            source = pair.source.text[seg.source_start : seg.source_end]
            source_numbers = src_lang.numbers_in(source) if found else []  # read once, for the two tests below
            for (start, end), (m, why) in sorted(found.items()):
                value = _target_value(m, src_lang, tgt_scales)
                moved = symbol_first and _symbol_after(m, src_lang, tgt_lang)
                if value is None and moved:
                    value = m.value  # "50 Md$": the source's own abbreviation, so the source's scale
                if value is None:
                    continue  # a scale word the target does not write: no fix to be sure of
                read = None if (m.start, m.end) in native else _read_natively(m, native.values())
                if read is not None and round(read.value / read.scale, 6) != round(m.value / m.scale, 6):
                    # The target's own format reads these digits too ("5,000 billion yens": 5 × 10^12 or 5 ×
                    # 10^9?): a finding only when the source's figure says the source's reading is meant.
                    source_values = {round(n.value, 6) for n in source_numbers}
                    if round(value, 6) not in source_values or round(read.value, 6) in source_values:
                        continue
                if m.kind == "time" and not m.meridiem:
                    value = _time_of_day(m, tgt, source, source_numbers, src_lang, tgt_lang)
                    if value is None:
                        continue  # a duration ("for 1h30"), or an hour the source does not settle
                if moved:  # "250 000 $" → "$250,000", "50 Md$" → "$50 billion"
                    locale = tgt_lang.data.get("babel_locale") or "en"
                    symbol = get_currency_symbol(m.unit, locale=locale)
                    fixed = symbol + format_like(value, m, None, tgt_lang)
                    first = _range_start(m, native.values(), tgt, tnf.get("range_joiners", []))
                    if first is not None and not any(a <= first.start < b for a, b in found):
                        # "4 to 5 million $": the whole range, each figure with its symbol and scale
                        worth = first.value * (m.scale if first.scale == 1 else 1)
                        fixed = (symbol + format_like(worth, m, None, tgt_lang) + tgt[first.end : m.start]
                                 + fixed)
                        start = first.start
                else:
                    fixed = format_like(value, m, None if m.kind in ("time", "percent") else m, tgt_lang)
                if fixed == m.raw:
                    continue
                end += tails.get((m.start, m.end), 0)  # "120 millions of people" → "120 million people"
                yield self.finding(
                    seg, (seg.target_start + start, seg.target_start + end), None,
                    f"'{tgt[start:end]}': {why}; write '{fixed}'",
                    suggestions=[fixed], fix=FixSafety.SAFE, confidence=0.85,
                )
