"""CT110 name-form: a name left in its source-language form in the translation ("Vladimir Poutine" in English)."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import DocumentPair, Finding, FixAvailability, FixSafety, Severity
from .base import Check, Context, Example
from .untranslated_words import quoted_copy
from .wordstats import fold

_WORD = re.compile(r"[^\W\d_][\w'’]*")
# After a place name that is also a given name: a surname, so the name is a person's ("Dominique de Villepin").
_PERSON_AFTER = re.compile(r"\s+(?:(?:de|du|d'|d’|van|von|da|di|del|la|le)\s*)?[A-Z][a-zà-ÿ]")


def _inside_copied_name(text: str, start: int, end: int, source: str) -> bool:
    """The place name at text[start:end] is one word of a longer name the source writes the same way: a bank
    ("Credit Suisse"), a surname ("Mathieu-Froment-Savoie"). Translating that word would break the name."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, max(0, start - 80), min(len(text), end + 80))]
    at = next((k for k, (a, _) in enumerate(words) if a == start), None)
    if at is None:
        return False
    lo = hi = at
    while hi + 1 < len(words) and words[hi][1] < end:  # the name's own words ("Nouvelle-Zélande")
        hi += 1

    def joined(k: int, j: int) -> bool:  # words k and j touch through one space or hyphen, and j is capitalised
        return text[words[k][1] : words[j][0]] in (" ", "-") and text[words[j][0]].isupper()

    while lo > 0 and joined(lo - 1, lo) and text[words[lo - 1][0]].isupper():
        lo -= 1
    while hi + 1 < len(words) and joined(hi, hi + 1):
        hi += 1
    span = text[words[lo][0] : words[hi][1]]
    return (lo, hi) != (at, at) and len(span) > end - start and fold(span) in fold(source)  # Crédit/Credit


class NameForm(Check):
    """A name left in its source-language form ("Vladimir Poutine" in an English text).

    What it does
        Looks in the target for the source-language forms of names the pair's name list spells differently in
        the target language (Poutine/Putin, Pékin/Beijing, Moscou/Moscow, OTAN/NATO). Forms that are the same in
        both languages (Paris) or that are ordinary target-language words (Chili, Maurice) are never flagged, nor
        is a place name inside a longer name the source writes the same way ("Credit Suisse", a bank, is no
        "Credit Switzerland"), a form the target name holds whole ("Pitcairn" of "Pitcairn Islands"), or a place
        that is also a given name before a surname ("Dominique de Villepin" is no Dominica).

    Why is this bad?
        A reader of English news knows Putin and Beijing; "Poutine" and "Pékin" look like typos and show that
        the copy was machine-translated and not edited.

    Example
        Source: « La rencontre entre Xi Jinping et Vladimir Poutine. »
        Target: "The meeting between Xi Jinping and Vladimir Poutine."

    Use instead
        "The meeting between Xi Jinping and Vladimir Putin."

    Fix safety
        Safe. The suggestion is the name list's target-language form of the same name (Putin for Poutine): one
        spelling of a name replaces another and nothing else changes.
    """

    code = "CT110"
    name = "name-form"
    category = "accuracy/named-entity"
    severity = Severity.MAJOR
    fix = FixAvailability.ALWAYS
    examples = (
        Example("Il a soutenu Dominique de Villepin.", "He supported Dominique de Villepin."),  # no Dominica
        Example("Pitcairn veut créer une réserve marine.", "Pitcairn wants to create a marine reserve."),
        Example("Il est allé en Dominique.", "He went to <marker>Dominique</marker>.", correction="Dominica"),
        Example(
            source="La rencontre entre Xi Jinping et Vladimir Poutine, jeudi.",
            target="The meeting between Xi Jinping and <marker>Vladimir Poutine</marker> on Thursday.",
            correction="Vladimir Putin",
        ),
        Example(
            source="Le sommet de l'OTAN s'ouvre à Londres.",
            target="The <marker>OTAN</marker> summit opens in London.",
            correction="NATO",
        ),
        Example(
            source="La rencontre entre Xi Jinping et Vladimir Poutine, jeudi.",
            target="The meeting between Xi Jinping and Vladimir Putin on Thursday.",
        ),
        Example(source="Il est arrivé à Paris puis au Chili.", target="He arrived in Paris, then in Chile."),
        Example(source="Le Crédit Suisse a annoncé des pertes.", target="Credit Suisse announced losses."),
        Example(source="La banque suisse a annoncé des pertes en Suisse.",
                target="The Swiss bank announced losses in <marker>Suisse</marker>.", correction="Switzerland"),
        # a title kept as it is, quoted as the source writes it; the city outside it is still English's
        Example(source="Il avait raconté l'attaque dans \"Le Chemin de Damas\", écrit à Damas.",
                target="He had told of the attack in \"Le Chemin de Damas\", written in <marker>Damas</marker>.",
                correction="Damascus"),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        names = ctx.lexicons.names
        if not len(names):
            return
        document_forms = {m.form for m in names.find_sources(pair.source.text)}
        findings = []
        for seg in pair.segments:
            target = pair.target.text[seg.target_start : seg.target_end]
            if not target.strip():
                continue
            source = pair.source.text[seg.source_start : seg.source_end]
            source_mentions = {m.form: m for m in names.find_sources(source)}
            for m in names.find_differing(target):
                entry = names.entry(m.form)
                if entry.is_place and _inside_copied_name(target, m.start, m.end, pair.source.text):
                    continue
                if quoted_copy(pair.target.text, seg.target_start, seg.target_end, seg.target_start + m.start,
                               seg.target_start + m.end, source):
                    continue  # a title kept as it is ("Le complot du Caire"): CT140 says so if it is a remark
                if any(re.search(rf"(?<!\w){re.escape(m.text)}(?!\w)", t) for t in entry.targets):
                    continue  # "Pitcairn" for "Pitcairn Islands": English uses the short form too
                if entry.is_place and m.text in ctx.lexicons.given_names and _PERSON_AFTER.match(target, m.end):
                    continue  # "Dominique de Villepin": a given name, not Dominica
                here = source_mentions.get(m.form)
                if here is not None:
                    confidence, src = 0.95, (seg.source_start + here.start, seg.source_start + here.end)
                elif m.form in document_forms:
                    confidence, src = 0.85, None
                else:  # no source form anywhere: a French form in English copy is still suspect, if less so
                    confidence, src = 0.6, None
                preferred = entry.targets[0]
                findings.append(self.finding(
                    seg,
                    (seg.target_start + m.start, seg.target_start + m.end),
                    src,
                    f"'{m.text}' is the {pair.source.lang} form of this name; {pair.target.lang} writes '{preferred}'",
                    suggestions=entry.targets,
                    fix=FixSafety.SAFE,
                    confidence=confidence,
                ))
        yield from sorted(findings, key=Finding.sort_key)
