"""Qualifiers read as intervals, and when two intervals share a number."""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from facttrack.analysis.intervals import Interval, interval

QUALIFIERS = ["exactly", "about", "approximately", "at_least", "more_than", "at_most", "less_than", "up_to", "range"]


@pytest.mark.parametrize("value, value_max, qualifier, expected", [
    (400, None, "more_than", "(400, inf)"),
    (400, None, "at_least", "[400, inf)"),
    (245, None, "about", "[220.5, 269.5]"),
    (245, None, "approximately", "[220.5, 269.5]"),
    (80, None, "up_to", "[0, 80]"),
    (80, None, "at_most", "[0, 80]"),
    (80, None, "less_than", "[0, 80)"),
    (20, 30, "range", "[20, 30]"),
    (400, None, "exactly", "[400, 400]"),
    (12, None, "exactly", "[12, 12]"),
])
def test_qualifier_intervals(value: float, value_max: float | None, qualifier: str, expected: str) -> None:
    assert interval(value, value_max, qualifier).text() == expected


def test_a_vague_figure_is_a_lower_bound() -> None:
    assert interval(24, None, "exactly", vague=True) == Interval(24, math.inf)


@pytest.mark.parametrize("a, b, overlap", [
    (interval(400, None, "more_than"), interval(400, None, "exactly"), False),  # open end excludes 400
    (interval(400, None, "at_least"), interval(400, None, "exactly"), True),
    (interval(400, None, "more_than"), interval(401, None, "exactly"), True),
    (interval(245, None, "about"), interval(260, None, "exactly"), True),
    (interval(245, None, "about"), interval(300, None, "exactly"), False),
    (interval(80, None, "up_to"), interval(60, None, "exactly"), True),
    (interval(80, None, "less_than"), interval(80, None, "exactly"), False),
    (interval(20, 30, "range"), interval(31, None, "exactly"), False),
    (interval(20, 30, "range"), interval(30, None, "exactly"), True),
    (interval(51, None, "exactly"), interval(60, None, "exactly"), False),
    (interval(47, None, "at_least"), interval(60, None, "exactly"), True),
])
def test_overlaps(a: Interval, b: Interval, overlap: bool) -> None:
    assert a.overlaps(b) is overlap and b.overlaps(a) is overlap
    assert (a.below(b) or b.below(a)) is (not overlap)


def test_an_empty_interval_is_refused() -> None:
    with pytest.raises(ValueError):
        Interval(5, 4)


values = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)  # changes and temperatures go below 0


@given(values, values, st.sampled_from(QUALIFIERS))
@example(0.0, 0.0, "less_than")
@example(-5.0, -5.0, "about")
def test_a_figure_overlaps_itself_and_its_own_value(value: float, other: float, qualifier: str) -> None:
    low, high = sorted((value, other))
    got = interval(low, high if qualifier == "range" else None, qualifier)
    assert got.overlaps(got)
    if qualifier not in ("more_than", "less_than"):
        assert got.overlaps(interval(low))


@given(values, values, st.sampled_from(QUALIFIERS), st.sampled_from(QUALIFIERS))
def test_overlap_is_symmetric(a: float, b: float, qa: str, qb: str) -> None:
    x, y = interval(a, None, qa), interval(b, None, qb)
    assert x.overlaps(y) == y.overlaps(x)
