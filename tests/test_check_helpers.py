"""The helpers that keep checks linear in a story's length give the answers of the plain scans they replace."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checker.checks.base import SpanSet, text_before

spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda p: (p[0], p[0] + p[1])), max_size=25)


@given(spans, st.integers(0, 80), st.integers(0, 20))
def test_span_set_overlaps_as_a_scan_of_every_span_says(taken, start, length):
    end = start + length
    assert SpanSet(taken).overlaps(start, end) == any(a < end and start < b for a, b in taken)


@given(st.text(alphabet="ab. \n\u00a0«", max_size=200), st.integers(0, 200), st.sampled_from([None, " \u00a0"]))
def test_text_before_ends_as_the_stripped_prefix_does(text, pos, strip):
    pos = min(pos, len(text))
    whole = text[:pos].rstrip(strip)
    got = text_before(text, pos, strip, keep=10)
    assert got == whole[-10:]
    assert (got == "") == (whole == "")
