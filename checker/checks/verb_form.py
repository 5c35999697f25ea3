"""CT205 verb-form: the wrong form of a verb after an auxiliary, a modal or "to", or a wrong irregular plural."""
from __future__ import annotations

from .base import Example
from .fluency import GrammarCheck


class VerbForm(GrammarCheck):
    """The wrong form of a verb after an auxiliary or a modal, or a regular ending on an irregular word.

    What it does
        Reports what Harper (the offline English grammar checker) finds with its verb-form rules: a past form
        after "did" ("did not caused") or "helped", a non-base form after "will" or a modal ("will contains",
        "would have they makes"), a simple past where a participle is needed ("had ran"), two modals in a row,
        "is been", a progressive without "be" ("they've updating"), "worth to do", "looking forward to meet",
        "had of", and a regular plural of an irregular word ("aircrafts", "rallys"). Harper's correction is
        the suggestion, for an editor to confirm: a verb form can be right in a construction Harper misreads.

        Harper's other verb rules were left out by data: "to" + an inflected verb (InflectedVerbAfterTo: "to
        overcrowded clinics", "to injured soldiers" on the references, nothing on MT), "be" missing after a
        modal (ModalBeAdjective: "will later explain", "must first agree") and a missing "to" (MissingTo:
        "expects record results") were wrong more often than right. With the rules here (`scripts/evaluate.py
        grammar --limit 3003`): 6 findings on 3,003 WMT newstest2014 human references (0.10 per 50 sentences;
        half are the references' own: "they've updating", "aircrafts"; "porticos" and "is broke" are not), 1 on
        online-B's MT of the same lines, 6 on a rule-based MT's (rbmt1).

    Why is this bad?
        A wrong verb form reads as a careless translation; "did not caused" and "will contains" are typical of
        MT that inflects the French tense twice.

    Example
        Source: « Le ministre n'a pas répondu à la question. »
        Target: "The minister did not answered the question."

    Use instead
        "The minister did not answer the question."

    Fix safety
        For review. Harper's corrections are the suggestions; a verb form can be right in a construction Harper
        misreads.
    """

    code = "CT205"
    name = "verb-form"
    harper_rules = (
        "DidPast",  # did not caused; uedin 2
        "HelpedPast",
        "WillNonLemma",  # will contains
        "WillContain",
        "SimplePastToPastParticiple",  # had ran; refs 2 ("is broke" is wrong, "had ran" right)
        "DoubleModal",
        "IsBeenAuxSequence",
        "ProgressiveNeedsBe",  # they've updating; refs 1, online-B 1
        "LookingForwardTo",
        "WorthToDo",
        "WentAheadAndAgreement",
        "HadOf",  # one had of it; rbmt1 1
        "ModalOf",
        "RegularIrregulars",  # aircrafts, rallys; refs 3, rbmt1 2
    )
    examples = (
        Example(
            "Le ministre n'a pas répondu à la question.",
            "The minister did not <marker>answered</marker> the question.",
            correction="answer",
        ),
        Example("Le ministre n'a pas répondu à la question.", "The minister did not answer the question."),
    )
