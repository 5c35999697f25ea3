"""CT131 reported-as-fact: the reportative conditional of French journalism rendered as an assertion.

CT131 sits beside CT130 (negation-mismatch) in the accuracy range because both rules guard the same thing, what
a sentence asserts: a lost "not" reverses a fact, a lost conditional turns an allegation into one.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..model import DocumentPair, Finding, FixAvailability, Segment, Severity
from .base import Check, Context, Example, excerpt
from .negation_mismatch import target_span
from .wordstats import zipf

_WORD = re.compile(r"[\w'’-]+")
# A stem plus an infinitive ending at or above this Zipf frequency is a verb ("préparer" 4.7, "souffrir" 4.3);
# no future stem makes one ("prendrer", "serer": 0).
KNOWN_WORD_ZIPF = 2.0


@dataclass(frozen=True)
class Conditional:
    """A conditional verb of the source: [start, end) covers the auxiliary and its participle ("aurait tué")."""

    start: int
    end: int
    compound: bool  # aurait/serait + past participle (the conditionnel passé)
    head: int  # where the word that carries the meaning starts: the participle, or the verb itself


@cache
def _source_rules(data_id: int, modality: tuple) -> dict[str, Any] | None:
    m = dict(modality)
    if not m.get("endings") and not m.get("auxiliaries"):
        return None

    def rx(key: str, flags=re.I) -> re.Pattern | None:
        return re.compile(m[key], flags) if m.get(key) else None

    endings = "|".join(re.escape(e) for e in sorted(m.get("endings", []), key=len, reverse=True)) or r"(?!x)x"
    return {
        "verb": re.compile(rf"(?<![\w'’-])\w{{2,}}(?:{endings})(?![\w-])", re.I),
        "aux": {a.lower() for a in m.get("auxiliaries", [])},
        "not_conditional": rx("not_conditional"),
        "participle": rx("participle"),
        "window": int(m.get("participle_window", 3)),
        "not_participles": {w.lower() for w in m.get("not_participles", [])},
        "modal_participles": {w.lower() for w in m.get("modal_participles", [])},
        "passive": {w.lower() for w in m.get("passive_participles", [])},
        "imperfect_endings": sorted(m.get("imperfect_endings", []), key=len, reverse=True),
        "imperfect_infinitives": list(m.get("imperfect_infinitives", [])),
        "modal": rx("modal_conditionals"),
        "hypothetical": rx("hypothetical"),
        "subordinate": rx("subordinate"),
        "attribution": rx("attribution"),
        "accusation": rx("accusation"),
    }


@cache
def _target_rules(data_id: int, modality: tuple) -> dict[str, Any] | None:
    m = dict(modality)
    if not m.get("hedges"):
        return None
    return {
        "hedges": re.compile(m["hedges"], re.I),
        "counterfactual": re.compile(m["counterfactual"], re.I) if m.get("counterfactual") else None,
        "insert": m.get("insert"),
        "insert_accusation": m.get("insert_accusation") or m.get("insert"),
        "said_to": list(m.get("said_to", [])),
    }


def _frozen(section: dict) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in section.items()))


def _imperfect(word: str, rules: dict[str, Any], lang: str) -> bool:
    """"préparait" is préparer's imperfect, not a conditional: its stem plus an infinitive ending is a word."""
    for ending in rules["imperfect_endings"]:
        if word.endswith(ending):
            stem = word[: -len(ending)]
            return any(zipf(stem + inf, lang) >= KNOWN_WORD_ZIPF for inf in rules["imperfect_infinitives"])
    return False


def conditionals_in(text: str, rules: dict[str, Any], lang: str) -> list[Conditional]:
    """Third-person conditionals by morphology: avoir/être + a past participle (a modal's, "aurait dû", is a
    counterfactual and skipped), or any verb with a conditional ending ("pourrait", "seraient")."""
    out: list[Conditional] = []
    for m in rules["verb"].finditer(text):
        word = m.group().lower()
        if rules["not_conditional"] is not None and rules["not_conditional"].match(word):
            continue
        if re.match(r"-(?:t-)?(?:il|elle|on|ils|elles)\b", text[m.end():]):
            continue  # "aurait-il …?": a question
        if word not in rules["aux"] and (_imperfect(word, rules, lang) or
                                         (rules["modal"] is not None and rules["modal"].match(word))):
            continue
        end, compound, head = m.end(), False, m.start()
        if word in rules["aux"]:
            for k, w in enumerate(_WORD.finditer(text, m.end())):
                if k >= rules["window"] or re.search(r"[,;:.!?«»\"“”()]", text[end : w.start()]):
                    break
                token = w.group().lower()
                if token in rules["modal_participles"]:
                    end = -1
                    break
                if token not in rules["not_participles"] and rules["participle"] is not None \
                        and rules["participle"].match(token):
                    end, compound, head = w.end(), True, w.start()
                    if token not in rules["passive"]:
                        break
            if end < 0:
                continue
        out.append(Conditional(m.start(), end, compound, head))
    return out


class ReportedAsFact(Check):
    """An allegation the source reports in the conditional is printed as a fact, or as a counterfactual.

    What it does
        Finds the reportative conditional of the source by morphology (the languages' data): "il aurait tué",
        "ils seraient morts" (avoir/être in the conditional before a past participle) and any verb with a
        conditional ending ("le bilan serait de 20 morts", "il pourrait"), in a sentence that is no hypothesis
        ("si …", "au cas où") and not a clause after "que" (reported speech: "il a dit qu'il serait là" is
        "he said he would be there") unless a source is named ("selon la police, …"). It then reports a
        translation that keeps no trace of the report: no hedge ("reportedly", "allegedly", "is said to",
        "according to", "police said", "may have", "is believed to", "apparently") and no modal verb; and a
        compound conditional rendered "would have" ("he would have killed": a counterfactual). Critical when
        the sentence accuses someone (a verb or noun of crime or wrongdoing, from the data), major otherwise.

    Why is this bad?
        French news puts an unproven claim in the conditional; "the mayor would have embezzled" or "the mayor
        embezzled" states it as a fact the paper vouches for or as nonsense. An allegation printed as fact is
        a legal risk (defamation) and a correction waiting to happen.

    Example
        Source: « Le maire aurait détourné 2 millions d'euros. »
        Target: "The mayor embezzled 2 million euros."

    Use instead
        "The mayor allegedly embezzled 2 million euros." (or "is said to have embezzled", "according to …")

    Fix safety
        For review. The suggestion adds a hedge to a short flagged phrase ("embezzled" → "allegedly embezzled")
        or, for a counterfactual, offers the language's "is said to" forms; how to word an allegation is an
        editorial and legal choice.
    """

    # On WMT newstest2014's 3,003 human references (one segment a line, every finding a false alarm): 7 findings
    # (0.23 %), about half of them the reference's own dropped hedge ("se serait produit" → "occurred"); 25
    # before imperfects ("préparait") and modal verbs' present conditionals ("devrait" → "is meant to") were
    # told apart. On news-mt-errors: 1 finding, right (its 1 reportative error in the 100 pairs).
    code = "CT131"
    name = "reported-as-fact"
    category = "accuracy/modality"
    severity = Severity.MAJOR
    fix = FixAvailability.SOMETIMES
    examples = (
        Example(
            "Le maire aurait détourné deux millions d'euros.",
            "The mayor <marker>embezzled</marker> two million euros.",
            correction="allegedly embezzled",
        ),
        Example("Le maire aurait détourné deux millions d'euros.", "The mayor allegedly embezzled two million euros."),
        Example("Selon la police, le suspect serait mort sur le coup.", "The suspect <marker>died</marker> instantly."),
        Example("Selon la police, le suspect serait mort sur le coup.",
                "According to the police, the suspect died instantly."),
        Example(
            "Les archéologues auraient mis au jour une nécropole.",
            "The archaeologists <marker>would have</marker> uncovered a necropolis.",
        ),
        Example("Il a dit qu'il serait là demain.", "He said he would be there tomorrow."),
        Example("S'il avait su, il serait venu plus tôt.", "Had he known, he would have come earlier."),
        # a judgement of what would have been, and a concession: counterfactuals, not reports
        Example("Avec lui, un accord aurait été facile à conclure.", "With him, a deal would have been easy to reach."),
        Example("Même sans le tsunami, cette dette aurait représenté un handicap.",
                "Even without the tsunami, this debt would have been a handicap."),
        Example("Dans le cas contraire, ils auraient été écartés.", "Otherwise they would have been removed."),
        # an adjective in -ique is no participle, "have" before a noun no auxiliary, and "would have deserved"
        # says what should have been (all three kept by LIG's post-editors)
        Example("Cela serait catastrophique pour l'Europe, car la banque n'aurait pas d'autre choix.",
                "It would be catastrophic for Europe, as the bank would have no other choice."),
        Example("D'après lui, ils auraient mérité beaucoup plus de soutien.",
                "According to him, they would have deserved a lot more support."),
        Example("Les juges trancheraient en faveur du maire.", "The judges trancheraient in favour of the mayor."),
        Example("Il serait pourtant ironique que les pays riches reculent.",
                "It would be ironic, though, if rich countries backed down."),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        src_lang, tgt_lang = ctx.lexicons.source, ctx.lexicons.target
        src_rules = _source_rules(id(src_lang), _frozen(src_lang.section("modality")))
        tgt_rules = _target_rules(id(tgt_lang), _frozen(tgt_lang.section("modality")))
        if src_rules is None or tgt_rules is None:
            return
        typo = src_lang.typography
        quotes = (tuple(tuple(q) for q in typo.get("quotes", []))
                  + tuple((q, q) for q in typo.get("straight_quotes", [])))
        for seg in pair.segments:
            if not seg.source_sentences or not seg.target_sentences:
                continue
            src = pair.source.text[seg.source_start : seg.source_end]
            if not src_rules["verb"].search(src):
                continue
            tgt = pair.target.text[seg.target_start : seg.target_end]
            finding = self._segment(pair, seg, src, tgt, src_rules, tgt_rules, tgt_lang, quotes)
            if finding is not None:
                yield finding

    def _segment(self, pair, seg: Segment, src: str, tgt: str, rules, trules, tgt_lang, quotes=()) -> Finding | None:
        reports = []
        for sent in _sentences(pair.source, seg):
            text = pair.source.text[sent[0] : sent[1]]
            if rules["hypothetical"] is not None and rules["hypothetical"].search(text):
                continue
            quoted = _quoted(text, quotes)
            named = rules["attribution"] is not None and rules["attribution"].search(text) is not None
            for c in conditionals_in(text, rules, pair.source.lang):
                if any(a <= c.start < b for a, b in quoted):
                    continue  # a speaker's own conditional, quoted: not the paper's report
                if rules["subordinate"] is not None and rules["subordinate"].search(text[: c.start]) and not named:
                    continue
                reports.append((sent[0] - seg.source_start + c.start, sent[0] - seg.source_start + c.end, c, text,
                                named))
        if not reports:
            return None
        a, b, cond, sentence, named = reports[0]
        accuses = rules["accusation"] is not None and rules["accusation"].search(sentence) is not None
        severity = Severity.CRITICAL if accuses else Severity.MAJOR
        src_span = (seg.source_start + a, seg.source_start + b)
        verb = excerpt(src[a:b], 40)
        compound = [r for r in reports if r[2].compound]
        counter = trules["counterfactual"]
        if compound and counter is not None:
            # "aurait mis au jour" rendered "would have uncovered": a counterfactual, not a report
            hits = list(counter.finditer(tgt))
            if hits:
                a, b, cond, sentence, _ = compound[0]
                h = min(hits, key=lambda h: abs(h.start() / max(1, len(tgt)) - a / max(1, len(src))))
                return self.finding(
                    seg, (seg.target_start + h.start(), seg.target_start + h.end()),
                    (seg.source_start + a, seg.source_start + b),
                    f"«{excerpt(src[a:b], 40)}» is the reportative conditional (an unconfirmed report), but "
                    f"'{h.group()}' reads as a counterfactual", severity=severity,
                    suggestions=trules["said_to"], confidence=0.7,
                )
        if trules["hedges"].search(tgt):
            return None
        if not cond.compound and src[a:b].lower() not in rules["aux"] and not named and not accuses:
            # A full verb's present conditional ("répondrait", "permettrait") is as often a hypothesis ("would
            # solve", "would allow") as a report: on newstest2014's references both such findings were
            # rewordings of a hypothesis, while the compound ones ("se serait produit" → "occurred") lost a hedge.
            severity = Severity.MINOR
        head = (seg.source_start + a + cond.head - cond.start, seg.source_start + b)
        span = target_span(pair, seg, head, a / max(1, len(src)), tgt_lang)
        text = pair.target.text[span[0] : span[1]]
        if text.strip().lower() in src.lower().split():
            return None  # the French verb itself left in the English ("trancheraient"): CT140 says so
        insert = trules["insert_accusation"] if accuses else trules["insert"]
        return self.finding(
            seg, span, src_span,
            f"«{verb}» is in the conditional: the source reports {'an allegation' if accuses else 'a claim'} "
            f"without vouching for it, but the translation «{excerpt(text, 50)}» states it as a fact",
            severity=severity, suggestions=[f"{insert} {text}"] if insert and len(text.split()) <= 3 else [],
            confidence=0.6,
        )


def _quoted(text: str, quotes) -> list[tuple[int, int]]:
    """Spans between an opening and a closing quotation mark of the language (a straight quote pairs with the
    next one); an unclosed quotation runs to the end of the sentence."""
    out = []
    for opening, closing in quotes:
        at = 0
        while (a := text.find(opening, at)) >= 0:
            b = text.find(closing, a + 1)
            out.append((a, len(text) if b < 0 else b + 1))
            at = len(text) if b < 0 else b + 1
    return out


def _sentences(side, seg: Segment) -> list[tuple[int, int]]:
    return [(side.sentences[i].start, side.sentences[i].end) for i in seg.source_sentences]
