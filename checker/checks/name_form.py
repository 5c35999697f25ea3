"""CT110 name-form: a name left in its source-language form in the translation ("Vladimir Poutine" in English)."""
from __future__ import annotations

from collections.abc import Iterator

from ..model import DocumentPair, Finding, FixAvailability, FixSafety, Severity
from .base import Check, Context, Example


class NameForm(Check):
    """A name left in its source-language form ("Vladimir Poutine" in an English text).

    What it does
        Looks in the target for the source-language forms of names the pair's name list spells differently in
        the target language (Poutine/Putin, Pékin/Beijing, Moscou/Moscow, OTAN/NATO). Forms that are the same in
        both languages (Paris) or that are ordinary target-language words (Chili, Maurice) are never flagged.

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
