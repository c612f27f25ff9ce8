"""Figures about the same thing that disagree: conflicts between sources, running totals that go down,
and totals that jump. Pure functions over figure rows (the dicts of db.query.figure_rows).

Definitions (each applied per metric and place; a figure whose place is unknown is compared only with
others of unknown place):
- Appearances: copies of one figure are one figure. Figures with the same sentence text (a wire story
  in several outlets) or from the same attributed originator with the same value and qualifier are
  grouped, and so is an own-voice figure restating an attributed one (same value and qualifier,
  published within ``window`` days); the group's earliest appearance stands for it and the others
  are counted, never paired.
- The source of a figure is the actor it is attributed to, else the outlet that published it.
- conflict: two figures from different sources, not in one sentence (a sentence lists parts, it does
  not contradict itself), about the same period (their refers-to periods overlap
  when both have one; otherwise published within ``window`` days of each other) whose value intervals
  (analysis/intervals.py) share no number, and that count the same population (a figure counting a
  subgroup such as "children" is not compared with one counting everybody).
- decrease: a figure from the same source that is a running total (its sentence says "toll", "total",
  "so far"..., or it refers to a period that started before its day) and lies wholly below an earlier
  one, later in time.
- jump: a running total from the same source that, within one day, rises above ``jump_factor`` times
  the previous one (default 2: a toll that more than doubles overnight is worth a second look).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import groupby
from typing import Any

from facttrack.analysis.intervals import Interval, interval
from facttrack.lexicon import load_json

DISCREPANCY_COLUMNS = (
    "kind", "metric", "place",
    "a_figure_id", "a_value", "a_qualifier", "a_attributed_to", "a_source", "a_published", "a_sentence", "a_url",
    "b_figure_id", "b_value", "b_qualifier", "b_attributed_to", "b_source", "b_published", "b_sentence", "b_url",
    "ratio", "a_status", "b_status", "a_appearances", "b_appearances",
)
WINDOW_DAYS = 3
JUMP_FACTOR = 2.0
_FIGURE_KEYS = ("figure_id", "value", "qualifier", "attributed_to", "source", "published", "sentence", "url")
_WORD = re.compile(r"[^\W\d_]+")


def default_metrics() -> tuple[str, ...]:
    return tuple(load_json("discrepancies.json")["default_metrics"])


@dataclass
class Group:
    """One figure and its appearances (copies in other articles or outlets)."""

    row: Mapping[str, Any]
    interval: Interval
    source: str
    when: date | None  # the date the figure is about (end of its period), else its publication
    period: tuple[date, date] | None
    published: date | None
    cumulative: bool
    population: str | None  # the subgroup it counts, None for everybody
    appearances: list[Mapping[str, Any]] = field(default_factory=list)


def find_discrepancies(rows: Iterable[Mapping[str, Any]], *, window: int = WINDOW_DAYS,
                       jump_factor: float = JUMP_FACTOR) -> Iterator[dict[str, Any]]:
    """Discrepancy rows (keys DISCREPANCY_COLUMNS). ``rows`` must come ordered by metric then place
    (db.query order "place"), so each metric-and-place bucket is held in memory alone."""
    if window < 0:
        raise ValueError("window must be 0 or more days")
    if jump_factor <= 1:
        raise ValueError("the jump factor must be more than 1")
    for _, bucket in groupby(rows, key=lambda r: (r["metric"], r["place"])):
        groups = group_appearances(bucket, window)
        yield from _conflicts(groups, window)
        yield from _running_totals(groups, jump_factor)


def group_appearances(rows: Iterable[Mapping[str, Any]], window: int = WINDOW_DAYS) -> list[Group]:
    """Rows of one metric and place grouped into figures with appearances, earliest first."""
    lexicon = load_json("discrepancies.json")
    subgroups = frozenset(lexicon["subgroups"])
    cumulative_words = tuple(lexicon["cumulative_words"])
    ordered = sorted(rows, key=lambda r: (r.get("published") or "9999", r["figure_id"]))
    groups: list[Group] = []
    by_sentence: dict[tuple[str, Any], Group] = {}
    by_origin: dict[tuple[str, Any, Any, str], Group] = {}
    for row in ordered:
        sentence_key = (" ".join(str(row.get("sentence") or "").lower().split()), row["value"])
        origin = _norm(row.get("attributed_to"))
        origin_key = (origin, row["value"], row.get("value_max"), row["qualifier"]) if origin else None
        found = by_sentence.get(sentence_key) or (by_origin.get(origin_key) if origin_key else None)
        if found is not None:
            found.appearances.append(row)
        else:
            published = _day(row.get("published"))
            period = _period(row.get("refers_start"), row.get("refers_end"))
            found = Group(
                row=row,
                interval=interval(row["value"], row.get("value_max"), row["qualifier"], vague=bool(row.get("vague"))),
                source=origin or "outlet:" + _norm(row.get("source")),
                when=period[1] if period else published,
                period=period,
                published=published,
                cumulative=_cumulative(row, period, published, cumulative_words),
                population=_population(row.get("counted"), subgroups),
            )
            groups.append(found)
        by_sentence.setdefault(sentence_key, found)
        if origin_key:
            by_origin.setdefault(origin_key, found)
    return _restatements_joined(groups, window)


def _restatements_joined(groups: list[Group], window: int) -> list[Group]:
    """An own-voice figure that restates an attributed one (the same value and qualifier, published
    within ``window`` days) is an appearance of it, not a source of its own."""
    attributed: dict[tuple[Any, Any, Any], list[Group]] = {}
    for g in groups:
        if not g.source.startswith("outlet:"):
            attributed.setdefault(_value_key(g.row), []).append(g)
    out = []
    for g in groups:
        if g.source.startswith("outlet:"):
            host = next((a for a in attributed.get(_value_key(g.row), ())
                         if a.published and g.published and abs((a.published - g.published).days) <= window), None)
            if host is not None:
                host.appearances.extend([g.row, *g.appearances])
                continue
        out.append(g)
    return out


def _value_key(row: Mapping[str, Any]) -> tuple[Any, Any, Any]:
    return row["value"], row.get("value_max"), row["qualifier"]


def _conflicts(groups: list[Group], window: int) -> Iterator[dict[str, Any]]:
    for i, a in enumerate(groups):
        for b in groups[i + 1:]:
            if a.source == b.source or a.population != b.population or a.interval.overlaps(b.interval):
                continue
            if _same_sentence(a, b):
                continue  # "21 in Davao, 36 in Cotabato", "3,728 cases, 198 in the last day": parts, not rivals
            if _same_period(a, b, window):
                yield _pair("conflict", a, b)


def _same_sentence(a: Group, b: Group) -> bool:
    return a.row.get("article_id") == b.row.get("article_id") and a.row.get("sentence") == b.row.get("sentence")


def _same_period(a: Group, b: Group, window: int) -> bool:
    if a.period and b.period:
        return a.period[0] <= b.period[1] and b.period[0] <= a.period[1]
    if a.published is None or b.published is None:
        return False
    return abs((a.published - b.published).days) <= window


def _running_totals(groups: list[Group], jump_factor: float) -> Iterator[dict[str, Any]]:
    by_source: dict[tuple[str, str | None], list[Group]] = {}
    for g in groups:
        if g.when is not None and g.cumulative:
            by_source.setdefault((g.source, g.population), []).append(g)
    for series in by_source.values():
        series.sort(key=lambda g: (g.when, g.published or g.when, g.row["figure_id"]))
        for a, b in zip(series, series[1:], strict=False):
            assert a.when is not None and b.when is not None
            if b.when <= a.when or _same_sentence(a, b):
                continue  # the same day: a correction within the day is not a trend
            if b.interval.below(a.interval):
                yield _pair("decrease", a, b)
            elif (b.when - a.when).days <= 1 and b.interval.low > jump_factor * a.interval.high:
                yield _pair("jump", a, b)


def _pair(kind: str, a: Group, b: Group) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": kind, "metric": a.row["metric"], "place": a.row["place"]}
    for prefix, g in (("a_", a), ("b_", b)):
        for key in _FIGURE_KEYS:
            out[prefix + key] = g.row.get(key)
    av, bv = a.row["value"], b.row["value"]
    out["ratio"] = round(bv / av, 3) if av else None
    out["a_status"], out["b_status"] = a.row.get("status"), b.row.get("status")
    out["a_appearances"], out["b_appearances"] = 1 + len(a.appearances), 1 + len(b.appearances)
    return out


# ------------------------------------------------------------------------------------------ helpers


def _norm(text: Any) -> str:
    return " ".join(str(text).lower().split()) if text else ""


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _period(start: Any, end: Any) -> tuple[date, date] | None:
    """A refers-to period as days: "YYYY-MM" spans its month; a missing end is its start's end."""
    first = _bounds(start)
    last = _bounds(end) if end else first
    if first is None or last is None:
        return None
    low, high = first[0], last[1]
    return (low, high) if low <= high else (high, low)


def _bounds(value: Any) -> tuple[date, date] | None:
    text = str(value or "")
    try:
        if len(text) == 7:
            year, month = int(text[:4]), int(text[5:7])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        day = date.fromisoformat(text[:10])
        return day, day
    except ValueError:
        return None


def _cumulative(row: Mapping[str, Any], period: tuple[date, date] | None, published: date | None,
                words: tuple[str, ...]) -> bool:
    """A running total: its sentence says so, or it is about a period that began before its end day."""
    sentence = " " + " ".join(_WORD.findall(str(row.get("sentence") or "").lower())) + " "
    if any(f" {w} " in sentence for w in words):
        return True
    return period is not None and period[1] - period[0] > timedelta(days=1)


def _population(counted: Any, subgroups: frozenset[str]) -> str | None:
    """The subgroup the counted words name ("children"), or None for everybody ("people", "lives")."""
    for word in _WORD.findall(str(counted or "").lower()):
        if word in subgroups:
            return word.rstrip("s") if word.endswith("s") and word[:-1] in subgroups else word
    return None
