#!/usr/bin/env python3
"""Build corpora/pairs/<src>-en/names.tsv from CLDR (through Babel) and the hand-curated names.curated.tsv.

    python scripts/build_names.py            # rebuild fr-en and es-en
    python scripts/build_names.py fr         # one pair

CLDR gives territory names and time-zone exemplar cities in both languages; we keep every such pair (same-form
rows too: they serve entity-presence checks) and turn CLDR's display forms into the forms news text uses
("Bosnia & Herzegovina" also as "Bosnia and Herzegovina", "Myanmar (Burma)" as "Myanmar" and "Burma").
Curated rows replace CLDR rows with the same source form. The output is sorted, so a rebuild with the same Babel
version gives the same file byte for byte.

Gender of CLDR country and region names (French only; Babel has no gender) follows the rule documented in
names.SOURCE.md: look at the head word (first word of the name) — ends in "es" → feminine plural, other final
"s"/"x" → masculine plural, final "e" → feminine, else masculine. The curated file lists the exceptions.
A source form that is also a common English word ("Chili", "Grenade", "Maurice") is marked ``en-word`` so the
name-form check does not flag it in English text.
"""
from __future__ import annotations

import re
import sys
import zoneinfo
from pathlib import Path

import babel
from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone_location
from wordfreq import zipf_frequency

ROOT = Path(__file__).resolve().parents[1]
TARGET = "en"
# A source form this frequent as an English word (Zipf scale) is ambiguous in English text.
EN_WORD_ZIPF = 3.3
# CLDR pseudo-territories that are no place a text names.
SKIP_TERRITORIES = {"ZZ", "QO", "XA", "XB", "001", "AQ"}
ORG_TERRITORIES = {"UN", "EU"}
TZ_AREAS = {"Africa", "America", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"}
GENDER_LANGS = {"fr"}


def english_variants(form: str) -> list[str]:
    """The forms English news writes for one CLDR display name, preferred first."""
    out = [form]
    m = re.fullmatch(r"(.+?) \((.+)\)", form)
    if m:  # "Myanmar (Burma)"
        out = [m.group(1), m.group(2)]
    more = []
    for f in out:
        if "&" in f:
            more.append(f.replace("&", "and"))
        if f.startswith("St. "):
            more += ["Saint " + f[4:], "St " + f[4:]]
        if " - " in f:  # "Congo - Kinshasa"
            more += [f.replace(" - ", "-"), f.split(" - ")[0]]
        if f.endswith(" SAR China"):
            more.append(f[: -len(" SAR China")])
        if "’" in f:
            more.append(f.replace("’", "'"))
    return list(dict.fromkeys(out + more))


def source_variants(form: str) -> list[str]:
    m = re.fullmatch(r"(.+?) \((.+)\)", form)
    forms = [m.group(1), m.group(2)] if m and " " not in m.group(2) else [m.group(1)] if m else [form]
    return [f.replace("’", "'") for f in forms]


def guess_gender(name: str) -> str:
    head = name.split(" ")[0].lower()
    if head.endswith("es"):
        return "fp"
    if head.endswith(("s", "x")):
        return "mp"
    if head.endswith("e"):
        return "f"
    return "m"


def cldr_rows(src: str) -> dict[str, dict]:
    s_loc, t_loc = Locale(src), Locale(TARGET)
    rows: dict[str, dict] = {}

    def add(source: str, targets: list[str], kind: str, origin: str) -> None:
        row = rows.get(source)
        if row is None:
            gender = guess_gender(source) if src in GENDER_LANGS and kind in ("country", "region") else ""
            rows[source] = {"targets": list(targets), "kind": kind, "gender": gender, "origin": origin}
        else:  # two codes with one source form: keep both readings
            row["targets"] += [t for t in targets if t not in row["targets"]]

    for code in sorted(s_loc.territories):
        if code in SKIP_TERRITORIES or code not in t_loc.territories:
            continue
        kind = "org" if code in ORG_TERRITORIES else "region" if code.isdigit() or code == "EZ" else "country"
        targets = english_variants(t_loc.territories[code])
        for source in source_variants(s_loc.territories[code]):
            add(source, targets, kind, "cldr-territory")
    for tz in sorted(zoneinfo.available_timezones()):
        if tz.split("/")[0] not in TZ_AREAS:
            continue
        try:
            s_city = get_timezone_location(tz, locale=src, return_city=True)
            t_city = get_timezone_location(tz, locale=TARGET, return_city=True)
        except LookupError:
            continue
        # "Knox [Indiana]", "Beulah (Dakota du Nord)": qualified forms no running text uses
        if s_city and t_city and not re.search(r"[\[(]", s_city + t_city):
            add(s_city.replace("’", "'"), english_variants(t_city), "city", "cldr-city")
    return rows


def curated_rows(path: Path) -> dict[str, dict]:
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        source, targets, kind = parts[0], parts[1].split("|"), parts[2]
        gender = parts[3] if len(parts) > 3 else ""
        rows[source] = {"targets": targets, "kind": kind, "gender": gender, "origin": "curated"}
    return rows


def build(src: str) -> Path:
    pair_dir = ROOT / "corpora" / "pairs" / f"{src}-{TARGET}"
    rows = cldr_rows(src)
    rows.update(curated_rows(pair_dir / "names.curated.tsv"))
    out = pair_dir / "names.tsv"
    lines = [
        f"# {src} → {TARGET} name forms. GENERATED by scripts/build_names.py "
        f"from CLDR {get_global('cldr')['version']} (Babel {babel.__version__})",
        "# and names.curated.tsv; edit those, not this file. Provenance and licences: names.SOURCE.md.",
        "# source\ttargets (| separated, preferred first)\tkind\tgender\torigin\tflags",
    ]
    for source in sorted(rows):
        row = rows[source]
        flags = []
        single_word = re.fullmatch(r"\w+", source) is not None
        if single_word and source not in row["targets"] and zipf_frequency(source.lower(), TARGET) >= EN_WORD_ZIPF:
            flags.append("en-word")
        lines.append(
            "\t".join([source, "|".join(row["targets"]), row["kind"], row["gender"], row["origin"], ",".join(flags)])
        )
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def main(argv: list[str]) -> None:
    for src in argv or ["fr", "es"]:
        path = build(src)
        n = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
        print(f"{path.relative_to(ROOT)}: {n} rows")


if __name__ == "__main__":
    main(sys.argv[1:])
