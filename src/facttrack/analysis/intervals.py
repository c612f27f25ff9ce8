"""A figure's value read as an interval of the true number, from its qualifier.

"more than 400" is (400, inf), "at least 400" [400, inf), "about 245" [220.5, 269.5] (plus or minus
ABOUT_MARGIN), "up to 80" [0, 80], "20 to 30" [20, 30], "400" [400, 400]. A vague figure ("dozens",
"hundreds": the value is the lower bound) reads as at least its value. Two figures can only disagree
when their intervals share no number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

ABOUT_MARGIN = 0.10  # "about", "around", "approximately", "nearly": within 10% either way
INF = math.inf


@dataclass(frozen=True, slots=True)
class Interval:
    low: float
    high: float
    low_open: bool = False  # (low, ...: low itself excluded
    high_open: bool = False

    def __post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError(f"empty interval [{self.low}, {self.high}]")

    def overlaps(self, other: Interval) -> bool:
        """Whether some number lies in both."""
        return _before(self, other) and _before(other, self)

    def below(self, other: Interval) -> bool:
        """Every number of this interval is smaller than every number of ``other``."""
        return not _before(other, self)

    def text(self) -> str:
        return (f"{'(' if self.low_open else '['}{_num(self.low)}, {_num(self.high)}"
                f"{')' if self.high_open or self.high == INF else ']'}")


def _before(a: Interval, b: Interval) -> bool:
    """a's low end does not lie beyond b's high end (so they may share a number)."""
    if a.low < b.high:
        return True
    return a.low == b.high and not a.low_open and not b.high_open


def _num(value: float) -> str:
    if value == INF:
        return "inf"
    return str(int(value)) if float(value).is_integer() else str(value)


def interval(value: float, value_max: float | None = None, qualifier: str = "exactly", *,
             vague: bool = False) -> Interval:
    """The interval a stated figure allows (see the module docstring for each qualifier)."""
    low, high = (value, value_max) if value_max is not None and value_max >= value else (value, value)
    if vague:
        return Interval(low, INF)
    if qualifier in ("about", "approximately"):
        return Interval(low - abs(low) * ABOUT_MARGIN, high + abs(high) * ABOUT_MARGIN)  # also below zero
    if qualifier == "at_least":
        return Interval(low, INF)
    if qualifier == "more_than":
        return Interval(low, INF, low_open=True)
    if qualifier in ("at_most", "up_to"):
        return Interval(min(0.0, low), high)
    if qualifier == "less_than":
        # "fewer than 0" (or below a negative value) has no natural floor: unbounded, never empty
        return Interval(0.0 if low > 0 else -INF, high, high_open=True)
    return Interval(low, high)  # exactly, range
