"""The analyst's questions as library calls: a query (db.query) fed to the pure functions of this
package. Rejected figures are left out unless the filters ask for a status explicitly."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection

from facttrack.analysis.discrepancies import JUMP_FACTOR, WINDOW_DAYS, default_metrics, find_discrepancies
from facttrack.analysis.series import series_rows
from facttrack.db.query import STATUSES, Filters, figure_rows

NOT_REJECTED = tuple(s for s in STATUSES if s != "rejected")


def _without_rejected(filters: Filters) -> Filters:
    return filters if filters.statuses else replace(filters, statuses=NOT_REJECTED)


def series(conn: Connection, filters: Filters) -> Iterator[dict[str, Any]]:
    """Every matching figure, ordered by the date it refers to (series.SERIES_COLUMNS)."""
    return series_rows(figure_rows(conn, _without_rejected(filters), order="refers"))


def discrepancies(conn: Connection, filters: Filters, *, window: int = WINDOW_DAYS,
                  jump_factor: float = JUMP_FACTOR) -> Iterator[dict[str, Any]]:
    """Conflicts, decreases and jumps among the matching figures, metric by metric (the default
    metrics, discrepancies.json, when the filters name none)."""
    filters = _without_rejected(filters)
    metrics: Sequence[str | None] = [filters.metric] if filters.metric else list(default_metrics())
    for metric in metrics:
        rows = figure_rows(conn, replace(filters, metric=metric, limit=None), order="place")
        try:
            yield from find_discrepancies(rows, window=window, jump_factor=jump_factor)
        finally:
            rows.close()
