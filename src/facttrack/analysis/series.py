"""A figure series: every figure of a question (metric, place, actor, source, dates) in the order of the
date it refers to, and the data of its timeline plot. Pure functions over figure rows; drawing needs
matplotlib (the optional ``plot`` extra) and lives in ``draw``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

SERIES_COLUMNS = ("figure_id", "published", "refers_start", "refers_end", "value", "value_max", "qualifier",
                  "metric", "place", "counted", "attributed_to", "source", "status", "sentence", "url")

# how a point is drawn: the number itself, a lower bound (an arrow up), an upper bound (an arrow down),
# or a range (a bar from its low to its high end)
POINT, LOWER, UPPER, RANGE = "point", "lower_bound", "upper_bound", "range"
_LOWER = ("at_least", "more_than")
_UPPER = ("at_most", "less_than", "up_to")


def series_rows(rows: Iterable[Mapping[str, Any]]) -> Iterator[dict[str, Any]]:
    """Rows as series rows (keys SERIES_COLUMNS). The query orders them (db.query order "refers")."""
    for row in rows:
        yield {key: row.get(key) for key in SERIES_COLUMNS}


def series_date(row: Mapping[str, Any]) -> date | None:
    """The date a figure is placed at: the end of the period it refers to, else its start, else the
    publication date ("YYYY-MM" reads as the month's first day)."""
    for key in ("refers_end", "refers_start", "published"):
        text = str(row.get(key) or "")
        if len(text) >= 7:
            try:
                return date.fromisoformat(text[:10] if len(text) >= 10 else text + "-01")
            except ValueError:
                continue
    return None


def series_order(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """The series order as a sort key (what the query's "refers" order gives): dated first."""
    when = series_date(row)
    return (when is None, when or date.min, str(row.get("published") or "9999"), row.get("figure_id") or 0)


@dataclass
class Track:
    """One source's figures on the plot."""

    label: str
    dates: list[date] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    highs: list[float] = field(default_factory=list)  # a range's upper end, else the value
    shapes: list[str] = field(default_factory=list)
    figure_ids: list[int] = field(default_factory=list)


@dataclass
class PlotData:
    title: str
    tracks: list[Track]


def plot_data(rows: Iterable[Mapping[str, Any]], *, title: str = "") -> PlotData:
    """One track per attributed source (the outlet when a figure is in the article's own voice), in
    order of first appearance; undated figures are left out (they have no place on a time axis)."""
    tracks: dict[str, Track] = {}
    for row in rows:
        when = series_date(row)
        if when is None or row.get("value") is None:
            continue
        label = str(row.get("attributed_to") or row.get("source") or "unknown")
        track = tracks.setdefault(label, Track(label))
        value = float(row["value"])
        high = float(row["value_max"]) if row.get("value_max") is not None else value
        qualifier = row.get("qualifier")
        shape = RANGE if high > value else LOWER if qualifier in _LOWER else UPPER if qualifier in _UPPER else POINT
        track.dates.append(when)
        track.values.append(value)
        track.highs.append(high)
        track.shapes.append(shape)
        track.figure_ids.append(int(row["figure_id"]))
    return PlotData(title, list(tracks.values()))


class PlotUnavailable(Exception):
    """matplotlib is not installed."""


INSTALL_HINT = "--plot needs matplotlib: pip install 'facttrack[plot]'"
_MARKERS = "osD^v<>pPX*h"


def draw(data: PlotData, path: str) -> None:
    """Draw the timeline to ``path`` (.png or .svg): one marker and colour per source, lower bounds as
    arrows up, upper bounds as arrows down, ranges as bars, the legend naming the sources."""
    try:
        import matplotlib
    except ImportError:
        raise PlotUnavailable(INSTALL_HINT) from None
    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 5))
    try:
        for n, track in enumerate(data.tracks):
            colour = f"C{n % 10}"
            marker = _MARKERS[n % len(_MARKERS)]
            ax.plot(track.dates, track.values, linestyle="-", linewidth=0.8, marker=marker, color=colour,
                    label=track.label)
            span = max(track.highs + track.values) or 1.0
            for when, low, high, shape in zip(track.dates, track.values, track.highs, track.shapes, strict=True):
                if shape == RANGE:
                    ax.vlines(when, low, high, colors=colour, linewidth=3, alpha=0.6)
                elif shape in (LOWER, UPPER):
                    step = 0.08 * span * (1 if shape == LOWER else -1)
                    ax.annotate("", xy=(when, low + step), xytext=(when, low),
                                arrowprops={"arrowstyle": "->", "color": colour})
        ax.set_title(data.title or "figures over time")
        ax.set_ylabel("value")
        ax.set_ylim(bottom=0, top=_top(data))
        ax.legend(title="source", fontsize="small")
        fig.autofmt_xdate()
        fig.tight_layout()
        fig.savefig(path)
    finally:
        plt.close(fig)


def _top(data: PlotData) -> float:
    highest = max((max(t.highs + t.values) for t in data.tracks if t.values), default=1.0)
    return highest * 1.2 if highest > 0 and not math.isinf(highest) else 1.0
