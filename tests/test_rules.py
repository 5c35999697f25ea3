"""Every rule's documented examples, run through the whole real pipeline (as `checktrans rules CODE` shows them).

An example marks what the rule must flag as LanguageTool does, "this <marker>top</marker> is good": the finding's
target span must be exactly the marked one and its first suggestion the example's correction; an example without
a marker must get no finding. Lexicon-driven rules also draw examples from their data; those run in their own
tests on hand-built pairs.
"""
from __future__ import annotations

import json
import re

import pytest

from checker.checks import Check, Context, Example, all_checks
from checker.lexicons import load_lexicons
from checker.model import Finding, FixAvailability, FixSafety, Severity
from tests.helpers import assert_example

CASES = [
    pytest.param(cls, i, ex, id=f"{cls.code}-{i}-{'bad' if ex.flagged is not None else 'good'}")
    for cls in all_checks()
    for i, ex in enumerate(cls.examples)
]


HEADINGS = ("What it does", "Why is this bad?", "Example", "Use instead", "Fix safety")


def test_every_rule_has_a_code_a_five_part_doc_and_both_kinds_of_example():
    codes = [cls.code for cls in all_checks()]
    assert len(codes) == len(set(codes))
    for cls in all_checks():
        assert re.fullmatch(r"CT\d{3}", cls.code)
        lines = cls.doc().splitlines()
        # ruff's layout: a one-sentence summary, then each heading alone on its line (no colon), its text indented
        assert lines[0] == cls.summary() and lines[0].endswith((".", ")")) and lines[1] == "", cls.code
        headings = [line for line in lines[1:] if line and not line[0].isspace()]
        assert tuple(headings) == HEADINGS, f"{cls.code}: {headings}"
        assert isinstance(cls.fix, FixAvailability)
        kinds = {ex.flagged is not None for ex in cls().all_examples(Context(load_lexicons("fr", "en")))}
        assert kinds == {True, False}, f"{cls.code}: needs an incorrect and a correct example"


def test_one_rule_per_module_named_after_the_rule():
    """CT202 repeated-word is the class RepeatedWord in checker/checks/repeated_word.py: one name, three spellings."""
    for cls in all_checks():
        assert cls.__module__ == f"checker.checks.{cls.name.replace('-', '_')}", cls.code
        assert cls.__name__ == "".join(part.capitalize() for part in cls.name.split("-")), cls.code


@pytest.mark.parametrize("cls, i, example", CASES)
def test_rule_example(checker, cls, i, example):
    if cls.code == "CT300":
        pytest.skip("the glossary rule needs a glossary: tests/test_glossary.py runs its examples with one")
    if not cls.default:  # a rule that is off by default runs when selected
        from checker.pipeline import Checker, Options

        checker = Checker(Options(select=(cls.code,)), encoder=checker.encoder)
    pair = checker.check_texts(example.source, example.target, id="example", source_lang=example.source_lang)
    findings = [f for f in pair.findings if f.code == cls.code]
    assert_example(example, findings)
    hits = [f for f in findings if (f.target_start, f.target_end) == example.span]
    if cls.fix is FixAvailability.NEVER:
        assert not any(f.suggestions for f in hits), "a rule that never offers a fix made a suggestion"
    if cls.fix is FixAvailability.ALWAYS:
        assert all(f.suggestions for f in hits), "a rule that always offers a fix made no suggestion"


def test_an_example_marks_one_span_and_reads_back_clean():
    ex = Example("Ce sommet tombe bien.", "This <marker>top</marker> is good.", correction="summit")
    assert (ex.target, ex.span, ex.flagged, ex.correction) == ("This top is good.", (5, 8), "top", "summit")
    omission = Example("Il a démissionné hier.", "He resigned<marker></marker>.")
    assert (omission.target, omission.span, omission.flagged) == ("He resigned.", (11, 11), "")
    clean = Example("Il a démissionné.", "He resigned.")
    assert (clean.target, clean.span, clean.flagged, clean.marked) == ("He resigned.", None, None, "He resigned.")
    first = Example.flagging("Le sommet", "The top, the top", "top", "summit")
    assert first.marked == "The <marker>top</marker>, the top"
    for target, correction in (("<marker>a</marker> <marker>b</marker>", None), ("a <marker>b", None),
                               ("a b</marker>", None), ("a b", "c")):
        with pytest.raises(ValueError):
            Example("x", target, correction)
    with pytest.raises(ValueError):
        Example.flagging("Le sommet", "The top", "peak")


def test_thresholds_are_declared_once_with_a_default_and_a_doc():
    from checker.checks import declared_thresholds

    declared = declared_thresholds()
    assert declared["quality_threshold"][1] == "CT400"
    assert declared["similarity"][1] == "CT004"
    for name, (threshold, _code) in declared.items():
        assert threshold.name == name and threshold.doc
        assert threshold.default is None or isinstance(threshold.default, float)


def test_fix_safety_and_availability_are_their_words_and_nothing_else():
    finding = Finding("CT999", "test", "test/x", Severity.MINOR, 0, 0, 1, None, None, "m", fix="safe")
    assert finding.fix is FixSafety.SAFE and finding.to_dict()["fix"] == "safe"
    assert '"fix": "safe"' in json.dumps(finding.to_dict()) and json.dumps(FixSafety.REVIEW) == '"review"'
    assert f"{FixSafety.REVIEW}" == str(FixSafety.REVIEW) == "review" and f"{FixAvailability.NEVER}" == "never"
    with pytest.raises(ValueError):
        Finding("CT999", "test", "test/x", Severity.MINOR, 0, 0, 1, None, None, "m", fix="unsafe")
    with pytest.raises(ValueError):
        FixAvailability("often")
    with pytest.raises(TypeError):
        type("Typo", (Check,), {"code": "CT999", "fix": "always"})
