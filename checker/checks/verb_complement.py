"""CT209 verb-complement: a verb English does not follow with a to-infinitive ("he avoided to answer")."""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..lexicons.dictionary import possessive_endings
from ..lexicons.word_classes import has_word_classes, verb_forms, word_classes
from ..model import DocumentPair, Finding, FixAvailability, FixSafety, Severity
from .base import Check, Context, Example, keep_case, target_matches

# The verb's forms in the order the data lists them, as lemminflect's tags: a replacement's first word
# ("agree") takes the tag of the form it replaces.
_TAGS = ("VB", "VBZ", "VBD", "VBG")
_WORD_BEFORE = re.compile(r"([\w'’-]+)\W*$")


@lru_cache(maxsize=8)  # once per language pair: a Context lives for one document
def _verbs(lexicons) -> dict | None:
    """The target language's verb_complements section compiled: one pattern over every form, and for each form
    its entry's `use` and its tag; None when the language lists none or has no table of word classes."""
    target = lexicons.target
    section = target.section("verb_complements")
    verbs = section.get("verbs", {})
    if not verbs or not has_word_classes(target.lang):
        return None
    forms = {form.lower(): (entry["use"], _TAGS[k], bool(entry.get("passive"))) for entry in verbs.values()
             for k, form in enumerate(entry["forms"])}
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    # the verb, one optional adverb ("accept indeed to talk"), "to", and a lower-case word (no name)
    pattern = re.compile(rf"\b({alternation})(?:[ \t]+((?-i:[a-z]+)))?[ \t]+to[ \t]+((?-i:[a-z]+))\b", re.IGNORECASE)
    return {"pattern": pattern, "forms": forms,
            "subjects": frozenset(w.lower() for w in section.get("subjects", ())),
            "noun_markers": frozenset(w.lower() for w in section.get("noun_markers", ()))}


def _inflected(word: str, tag: str, lang: str) -> str:
    forms = verb_forms(word, lang)
    return word if forms is None else forms[tag]


class VerbComplement(Check):
    """A verb that English follows with a gerund or a preposition, written with a to-infinitive.

    What it does
        Finds a verb of ``verb_complements.verbs`` in the target language's data file (``en.toml``) followed by
        "to" and a verb in its base form ("avoided to answer", "risks to be", "insist to say", "accepts to
        recruit", "allows to reduce"), with at most one adverb between ("accept indeed to talk"). Those are
        French "verbe + de/à + infinitif" copied word for word. The fix writes what the entry says English
        uses: a gerund ("avoided answering", "risks being"), a preposition and a gerund ("insist on saying",
        "succeeded in convincing"), or another verb ("agrees to recruit", "makes it possible to reduce").

        A form that reads as a noun is left alone: after an article, a possessive or an adjective ("the risk to
        be", "anyone's mind to rest", "the high risks to price stability"). The past of a verb whose passive takes
        a to-infinitive ("was allowed to vote", "the measures recommended to cut costs": ``passive = true``) is
        read only after a subject pronoun ("it allowed to reduce").

        Measured through the pipeline, in ten-line stories. WMT newstest2012–2014 human references (9,006
        lines): 6 findings, every one a slip of the reference ("this will allow to reduce", "succeeded to
        maintain", "abstaining to vote"). newstest2014's MT (3,003 lines each): online-B none, uedin 5, the
        rule-based rbmt1 18 ("deny to have", "envisages to organize"), all real. LIG's 10,881 SMT lines with their
        post-edits: 10 findings in the MT, 6 of them changed by the post-editor, the other 4 real errors left
        ("contribute to reduce"); the post-edits themselves keep 9 ("considers to give", "succeed to decide").

    Why is this bad?
        It is ungrammatical English that any reader notices, and it tells the reader the text is a translation.

    Example
        Source: « Le ministre a évité de répondre aux questions. »
        Target: "The minister avoided to answer the questions."

    Use instead
        "The minister avoided answering the questions."

    Fix safety
        Safe for a gerund or a preposition (the verb and its meaning stay); for review when another verb is put in
        ("accepts to" → "agrees to", "allows to" → "makes it possible to").
    """

    code = "CT209"
    name = "verb-complement"
    category = "fluency/grammar"
    severity = Severity.MINOR
    fix = FixAvailability.ALWAYS
    examples = (
        Example("Le ministre a évité de répondre aux questions.",
                "The minister <marker>avoided to answer</marker> the questions.", correction="avoided answering"),
        Example("Il a évité de répondre aux questions.",
                "He <marker>avoided to answer</marker> the questions.", correction="avoided answering"),
        Example("Le syndicat accepte de négocier avec la direction.",
                "The union <marker>accepts to negotiate</marker> with management.", correction="agrees to negotiate"),
        Example("Ce système permet de réduire les coûts.",
                "This system <marker>allows to reduce</marker> costs.", correction="makes it possible to reduce"),
        Example("Les grévistes ont insisté pour parler au ministre.",
                "The strikers <marker>insisted to speak</marker> to the minister.", correction="insisted on speaking"),
        Example("Les détenus ont été autorisés à voter.", "The prisoners were allowed to vote."),
        Example("Le gouvernement prend le risque de perdre la majorité.",
                "The government takes the risk to lose its majority."),
        Example("Le ministre a évité de répondre aux questions.", "The minister avoided answering the questions."),
        Example("El ministro evitó responder a las preguntas.",
                "The minister <marker>avoided to answer</marker> the questions.", correction="avoided answering",
                source_lang="es"),
    )

    def run(self, pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
        verbs = _verbs(ctx.lexicons)
        if verbs is None:
            return
        text, lang = pair.target.text, pair.target.lang
        for seg, m in target_matches(pair, verbs["pattern"]):
            verb, adverb, infinitive = m.group(1), m.group(2), m.group(3)
            use, tag, passive = verbs["forms"][verb.lower()]
            if adverb is not None and word_classes(adverb, lang) != {"ADV"}:
                continue
            before = _WORD_BEFORE.search(text, seg.target_start, m.start())
            previous = before.group(1).lower() if before and not text[before.end(1):m.start()].strip() else ""
            if passive and tag == "VBD" and previous not in verbs["subjects"]:
                continue  # a passive or a participle: "was allowed to vote"
            if "NOUN" in word_classes(verb, lang) and (
                    previous in verbs["noun_markers"] or previous.endswith(possessive_endings(lang))
                    or "ADJ" in word_classes(previous, lang)):
                continue  # a noun: "the risk to be", "high risks to price stability"
            if verb_forms(infinitive, lang) is None:
                continue  # not a verb's base form: "risk to the", "recommends to schools"
            negation = adverb is not None and any(c.strong for c in ctx.lexicons.target.negations_in(adverb))
            fixed = self._fixed(use, verb, tag, infinitive, adverb, negation, lang)
            yield self.finding(
                seg, (m.start(), m.end()), self._source_span(seg, m.start(1)),
                f"'{m.group(0)}': English does not follow '{verb}' with a to-infinitive; "
                f"write '{fixed}'",
                suggestions=[fixed],
                fix=FixSafety.SAFE if use.startswith("{verb}") else FixSafety.REVIEW,
                confidence=0.75,
            )

    @staticmethod
    def _fixed(use: str, verb: str, tag: str, infinitive: str, adverb: str | None, negation: bool,
               lang: str) -> str:
        first, _, rest = use.partition(" ")
        head = verb if first == "{verb}" else keep_case(verb, _inflected(first, tag, lang))
        if adverb is not None and negation:
            # the negation stays with the infinitive's verb: "risk not to be" → "risk not being", not "not risk"
            rest = rest.replace("to {inf}", f"{adverb} to {{inf}}").replace("{ing}", f"{adverb} {{ing}}")
            adverb = None
        rest = rest.replace("{ing}", _inflected(infinitive, "VBG", lang)).replace("{inf}", infinitive)
        fixed = f"{head} {rest}"
        if adverb is None:
            return fixed
        # another adverb goes before the verb: "accept indeed to talk" → "indeed agree to talk"
        if verb[:1].isupper():
            return f"{adverb.capitalize()} {fixed[:1].lower()}{fixed[1:]}"
        return f"{adverb} {fixed}"

    @staticmethod
    def _source_span(seg, start: int) -> tuple[int, int] | None:
        """The source word the verb is linked to, when the word links give one."""
        for link in seg.links or ():
            if link.target_start == start:
                return (link.source_start, link.source_end)
        return None
