"""CT130 negation-mismatch: the translation says the opposite of the source."""
from __future__ import annotations

import re
from typing import Iterator

from ..model import DocumentPair, Finding, Segment, Severity
from .base import Check, Context, Example, excerpt


class NegationMismatch(Check):
    """A negation of the source is missing from the translation, or the translation adds one.

    What it does
        Finds the negation cues of each aligned segment on both sides ("ne … pas", "jamais", "aucun … ne" /
        "not", "n't", "never", "no") from the languages' data, and flags a segment where one side has a clear
        negation and the other has no negation at all, not even a weak one ("sans", "without", "fail to").
        Non-negations are skipped as data says: "ne … que" (only), "non seulement" (not only), "sans doute"
        (probably), rhetorical questions ("n'est-il pas … ?"), expletive "ne".

    Why is this bad?
        A lost "not" reverses the meaning while the sentence stays perfectly fluent: it is the most damaging
        error an editor can miss ("the minister did not resign" published as "the minister resigned").

    Example
        Source: « Le ministre n'a pas démissionné. »
        Target: "The minister has resigned."

    Use instead
        "The minister has not resigned."
    """

    code = "CT130"
    name = "negation-mismatch"
    category = "accuracy/mistranslation"
    severity = Severity.CRITICAL
    fix = "sometimes"
    examples = (
        Example("Le ministre n'a pas démissionné jeudi.", "The minister has resigned on Thursday.",
                flagged="has", correction="has not"),
        Example("Le ministre n'a pas démissionné jeudi.", "The minister did not resign on Thursday."),
        Example("Le ministre a démissionné jeudi.", "The minister never resigned on Thursday.", flagged="never"),
        Example("Il n'a que deux semaines pour convaincre.", "He only has two weeks to convince."),
        Example("Ce sommet n'est-il pas là pour afficher un soutien ?", "Is this summit there to show support?"),
        Example("Il viendra sans doute demain.", "He will probably come tomorrow."),
        Example("Non seulement il a menti, mais il a triché.", "Not only did he lie, he cheated."),
        Example("Le gouvernement ne veut ni augmenter les impôts ni réduire les dépenses.",
                "The government wants neither to raise taxes nor to cut spending."),
        Example("La ministra no ha dimitido.", "The minister has resigned.",
                flagged="has", correction="has not", source_lang="es"),
        Example("No solo mintió, también hizo trampa.", "Not only did he lie, he also cheated.", source_lang="es"),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        src_lang, tgt_lang = ctx.lexicons.source, ctx.lexicons.target
        if not src_lang.negation_cues or not tgt_lang.negation_cues:
            return  # a language without negation data: a cue seen on one side only is no evidence
        for seg in pair.segments:
            if not seg.source_sentences or not seg.target_sentences:
                continue
            src = pair.source.text[seg.source_start : seg.source_end]
            tgt = pair.target.text[seg.target_start : seg.target_end]
            s_cues, t_cues = src_lang.negations_in(src), tgt_lang.negations_in(tgt)
            s_strong = [c for c in s_cues if c.strong]
            t_strong = [c for c in t_cues if c.strong]
            if s_strong and len(s_strong) > len(t_cues):
                cue = s_strong[0]
                cue_span = (seg.source_start + cue.start, seg.source_start + cue.end)
                span = self._target_span(pair, seg, cue_span, cue.start / max(1, len(src)), tgt_lang)
                text = pair.target.text[span[0] : span[1]]
                suggestion = _insert_negation(text, tgt_lang.negation_grammar)
                yield self.finding(
                    seg, span, cue_span,
                    f"The source is negative («{excerpt(src[cue.start:cue.end], 40)}») but the translation "
                    f"«{excerpt(text, 50)}» has no negation",
                    suggestions=[suggestion] if suggestion else [],
                    confidence=0.75 if len(s_strong) == 1 else 0.85,
                )
            elif t_strong and not s_cues:
                cue = t_strong[0]
                span = (seg.target_start + cue.start, seg.target_start + cue.end)
                yield self.finding(
                    seg, span, (seg.source_start, seg.source_end),
                    f"The translation adds a negation «{tgt[cue.start:cue.end]}» that the source does not have",
                    confidence=0.7,
                )

    def _target_span(self, pair: DocumentPair, seg: Segment, cue_span: tuple[int, int], rel: float, tgt_lang) -> tuple[int, int]:
        """The English words linked to the negated source words, else the clause at the same relative place."""
        if seg.links:
            linked = [l for l in seg.links if l.source_start < cue_span[1] + 25 and cue_span[0] < l.source_end]
            # French puts the verb inside the cue ("n'a pas"): take the best link inside it. A cue before the
            # verb (Spanish "no han identificado") negates the word right after it: take the first link there.
            inside = [l for l in linked if cue_span[0] <= l.source_start and l.source_end <= cue_span[1]]
            after = sorted((l for l in linked if l.source_start >= cue_span[1]), key=lambda l: l.source_start)
            if inside:
                best = max(inside, key=lambda l: l.score)
                return best.target_start, best.target_end
            if after:
                return after[0].target_start, after[0].target_end
        tgt = pair.target.text[seg.target_start : seg.target_end]
        breaks = tgt_lang.negation_grammar.get("clause_breaks", [",", ";"])
        cuts = sorted({0, len(tgt)} | {m.start() for b in breaks for m in re.finditer(re.escape(b), tgt)})
        pos = rel * len(tgt)
        for a, b in zip(cuts, cuts[1:]):
            if a <= pos < b or b == len(tgt):
                piece = tgt[a:b]
                lead = len(piece) - len(piece.lstrip(" ,;:"))
                trail = len(piece.rstrip(" .,;:!?")) if piece.strip(" .,;:!?") else len(piece)
                if trail > lead:
                    return seg.target_start + a + lead, seg.target_start + a + trail
                break
        return seg.target_start, seg.target_end


def _insert_negation(clause: str, grammar: dict) -> str | None:
    """Insert the negation word after the clause's first auxiliary ("has resigned" -> "has not resigned")."""
    aux = grammar.get("auxiliaries", [])
    word = grammar.get("insert")
    if not aux or not word:
        return None
    m = re.search(r"\b(?:" + "|".join(re.escape(a) for a in aux) + r")\b", clause, re.I)
    if not m:
        return None
    return f"{clause[: m.end()]} {word}{clause[m.end():]}"
