"""CT204 agreement: a verb, pronoun or noun whose number or form does not agree (Harper's agreement rules)."""
from __future__ import annotations

from .base import Example, keep_case
from .fluency import GrammarCheck


class Agreement(GrammarCheck):
    """A verb that does not agree with its subject, or a noun or pronoun in the wrong form.

    What it does
        Reports what Harper (the offline English grammar checker) finds with its agreement rules: a verb that
        does not agree with its pronoun subject ("they is", "he preach", "I are", "is there … reports"), "this
        kind of things", a plural of a mass noun ("violences", "informations"), "a criteria", and an object
        pronoun in a compound subject ("my sister and me were"). Harper's correction is the suggestion; a lone
        inflection is a safe fix. A lint Harper gives no correction for is not reported.

        Left out by data: "one of the top 10" (OneOfTheSingular) and an article before a noun Harper takes for
        a mass noun ("a relaxation of restrictions", MassNouns on a two-word span) were Harper's commonest
        agreement findings on 3,003 WMT newstest2014 human references (2 and 6), all wrong. With the rules
        here (`scripts/evaluate.py grammar --limit 3003`): 3 findings on those references (0.05 per 50
        sentences; two are the references' own slips, "they dogs have", "a criteria"), 3 on online-B's MT of
        the same lines and 48 on a rule-based MT's (rbmt1: "violences", "listenings", "it are").

    Why is this bad?
        Agreement errors are what a reader notices first in machine translation: French verbs agree in person
        and number where English has one form, and MT systems copy the French plural of mass nouns.

    Example
        Source: « Ils sont bon marché. »
        Target: "They is cheap."

    Use instead
        "They are cheap."

    Fix safety
        Safe when there is a single correction and it is a form of the flagged word (an inflection: "is" → "are",
        "cars" → "car"; `[grammar]` in ``languages/en.toml``); for review otherwise.
    """

    code = "CT204"
    name = "agreement"
    safe = True
    harper_rules = (
        "PronounInflectionBe",  # they is, it are; refs 0, rbmt1 3
        "PronounVerbAgreement",  # he preach, I diverts; refs 2 (1 without a suggestion, dropped), uedin 3
        "IAmAgreement",  # I are
        "ThereIsAgreement",  # is there … reports
        "ThisTypeOfThing",  # this kind of things
        "CompoundSubjectI",  # my sister and me were; rbmt1 2
        "MassNouns",  # violences; only one-word spans (see accept): refs 6 → 0, rbmt1 51 → 46
        "CriteriaPhenomena",  # a criteria; refs 1 (the reference's slip)
    )
    examples = (
        Example("Ils sont bon marché.", "They <marker>is</marker> cheap.", correction="are"),
        Example("Ils sont bon marché.", "They are cheap."),
        Example(
            "Il prêche chaque dimanche dans la cathédrale.",
            "He <marker>preach</marker> every Sunday in the cathedral.",
            correction="preaches",
        ),
        Example("Il prêche chaque dimanche dans la cathédrale.", "He preaches every Sunday in the cathedral."),
        Example(  # Harper offers "thing" for any noun here: the fix is the noun's singular
            "Il aime ce genre de voitures.", "He likes this kind of <marker>cars</marker>.", correction="car",
        ),
    )

    def corrected(self, text, lint, suggestions) -> tuple[str, ...]:
        # ThisTypeOfThing offers "thing" whatever the noun ("this kind of cars" → "this kind of thing"): the fix
        # is the noun's own singular ("car").
        if lint.rule != "ThisTypeOfThing":
            return suggestions
        from lemminflect import getLemma  # only when such a lint is found: 67 MB no other default rule loads

        noun = text[lint.start : lint.end]
        lemma = getLemma(noun.lower(), upos="NOUN")
        return (keep_case(noun, lemma[0]),) if lemma and lemma[0] != noun.lower() else suggestions

    def accept(self, text, lint, suggestions) -> bool:
        # MassNouns also reports an article before a noun it takes for a mass noun ("a relaxation of", "a
        # listing on"): on references these were all wrong. A plural mass noun is one word.
        return lint.rule != "MassNouns" or " " not in text[lint.start : lint.end].strip()
