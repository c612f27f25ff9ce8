"""Queries behind the listing and export commands: Core select() joins streamed as plain dicts.

Rows are never materialised all at once (``yield_per``: a server-side cursor on PostgreSQL), never
built as ORM objects, and every user value travels as a bound parameter. Name filters are equality
on normalised keys (index lookups), search goes through full-text indexes (see textsearch.py).
Row values are JSON-able: numbers through ``number_json``, dates as ISO strings.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    Table,
    exists,
    func,
    or_,
    select,
    union,
)
from sqlalchemy.exc import DBAPIError

from facttrack.db.csvcells import csv_select, python_cells
from facttrack.db.failures import database_error
from facttrack.db.models import Actor, ActorAlias, Article, Claim, Figure, Source
from facttrack.db.names import normalize_name
from facttrack.db.settings import display_name
from facttrack.db.textsearch import claim_search_condition
from facttrack.errors import QueryError
from facttrack.extract.model import METRICS, number_json

FIGURE_COLUMNS = ("figure_id", "value", "value_max", "qualifier", "metric", "counted", "unit", "text",
                  "hedged", "attributed_to", "attribution_text", "reported_by", "refers_start", "refers_end",
                  "article_id", "title", "source", "url", "published", "sentence", "start", "end")
CLAIM_COLUMNS = ("claim_id", "speaker", "cue", "kind", "text", "said_on", "reported_by", "article_id",
                 "title", "source", "url", "published", "start", "end")
SOURCE_COLUMNS = ("id", "name", "domain", "articles")
ARTICLE_COLUMNS = ("id", "title", "source", "url", "published", "figures", "claims")
ACTOR_COLUMNS = ("id", "name", "kind", "title", "aliases", "claims", "figures")

YIELD_PER = 1000
_ALIAS_SEPARATOR = "\x1f"
_WORD = re.compile(r"[^\W_]+")

_S = cast(Table, Source.__table__)
_A = cast(Table, Article.__table__)
_ACT = cast(Table, Actor.__table__)
_AL = cast(Table, ActorAlias.__table__)
_C = cast(Table, Claim.__table__)
_F = cast(Table, Figure.__table__)


@dataclass(frozen=True)
class Filters:
    """What a listing is narrowed to. Each listing applies the filters that make sense for it:

    figures: source, actor (attributed_to), metric, since/until, search (figures inside a claim whose
    text matches); claims: source, actor (speaker), search, since/until, metric (claims holding a
    figure of that metric); articles: an article matches when it holds a matching claim/figure;
    actors: actor and search on names, the others as "has a matching claim or figure".
    """

    source: str | None = None
    actor: str | None = None
    search: str | None = None
    metric: str | None = None
    since: date | None = None
    until: date | None = None
    limit: int | None = None


# ----------------------------------------------------------------------------------------- figures


def _figure_select() -> Select[Any]:
    attributed = _ACT.alias("attributed_actor")
    reporter = _ACT.alias("reporter_actor")
    return (
        select(
            _F.c.id, _F.c.value, _F.c.value_max, _F.c.qualifier, _F.c.metric, _F.c.counted, _F.c.unit,
            _F.c.text, _F.c.hedged, func.coalesce(attributed.c.name, _F.c.attributed_to),
            _F.c.attribution_text, func.coalesce(reporter.c.name, _F.c.reported_by), _F.c.refers_start,
            _F.c.refers_end, _F.c.article_id, _A.c.title, _S.c.name, _A.c.url, _A.c.published,
            _F.c.sentence, _F.c.start, _F.c.end,
        )
        .select_from(
            _F.join(_A, _A.c.id == _F.c.article_id)
            .join(_S, _S.c.id == _A.c.source_id)
            .outerjoin(attributed, attributed.c.id == _F.c.attributed_to_id)
            .outerjoin(reporter, reporter.c.id == _F.c.reported_by_id)
        )
    )


def _figure_dict(row: Sequence[Any]) -> dict[str, Any]:
    out = dict(zip(FIGURE_COLUMNS, row, strict=True))
    out["value"] = number_json(out["value"])
    out["value_max"] = number_json(out["value_max"])
    out["hedged"] = bool(out["hedged"])
    out["published"] = _iso(out["published"])
    return out


def figure_rows(conn: Connection, filters: Filters, *, newest_first: bool = True, csv: bool = False,
                neutralise: bool = True) -> Iterator[Any]:
    """Figures (keys FIGURE_COLUMNS), newest publication first (undated last), then by id; streamed.

    ``newest_first=False`` streams in id order (the order they were stored), which needs no sort:
    exports of millions of rows start at once instead of after sorting every joined row.
    ``csv`` yields sequences in FIGURE_COLUMNS order whose cells are already what the CSV writer writes
    (see csvcells.py; ``neutralise=False`` keeps text as it is): the export's hot loop converts nothing."""
    dialect = conn.dialect.name
    conditions: list[ColumnElement[bool]] = []
    if filters.source is not None:
        conditions.append(_A.c.source_id.in_(_source_ids(filters.source)))
    if filters.actor is not None:
        conditions.append(_F.c.attributed_to_id.in_(_actor_ids(filters.actor)))
    if filters.metric is not None:
        conditions.append(_F.c.metric == _metric(filters.metric))
    if filters.since is not None:
        conditions.append(_F.c.published >= filters.since)
    if filters.until is not None:
        conditions.append(_F.c.published <= filters.until)
    if filters.search is not None:
        matching = select(_C.c.id).where(claim_search_condition(dialect, _C.c.id, _C.c.text, filters.search))
        conditions.append(_F.c.claim_id.in_(matching))
    order = (_F.c.published.desc().nulls_last(), _F.c.id) if newest_first else (_F.c.id,)
    stmt = _figure_select().where(*conditions).order_by(*order)
    return _rows(conn, _limit(stmt, filters.limit), _figure_dict, filters, csv=csv, neutralise=neutralise)


# ------------------------------------------------------------------------------------------ claims


def _claim_select() -> Select[Any]:
    speaker = _ACT.alias("speaker_actor")
    reporter = _ACT.alias("reporter_actor")
    return (
        select(
            _C.c.id, func.coalesce(speaker.c.name, _C.c.speaker), _C.c.cue, _C.c.kind, _C.c.text,
            _C.c.said_on, func.coalesce(reporter.c.name, _C.c.reported_by), _C.c.article_id, _A.c.title,
            _S.c.name, _A.c.url, _A.c.published, _C.c.start, _C.c.end,
        )
        .select_from(
            _C.join(_A, _A.c.id == _C.c.article_id)
            .join(_S, _S.c.id == _A.c.source_id)
            .outerjoin(speaker, speaker.c.id == _C.c.speaker_id)
            .outerjoin(reporter, reporter.c.id == _C.c.reported_by_id)
        )
    )


def _claim_dict(row: Sequence[Any]) -> dict[str, Any]:
    out = dict(zip(CLAIM_COLUMNS, row, strict=True))
    out["published"] = _iso(out["published"])
    return out


def claim_rows(conn: Connection, filters: Filters, *, newest_first: bool = True, csv: bool = False,
               neutralise: bool = True) -> Iterator[Any]:
    """Claims (keys CLAIM_COLUMNS), newest publication first (undated last), then by id; streamed.
    ``newest_first=False``: id order, no sort (exports); ``csv``: CSV-ready cells, as for figures."""
    conditions: list[ColumnElement[bool]] = []
    if filters.source is not None:
        conditions.append(_A.c.source_id.in_(_source_ids(filters.source)))
    if filters.actor is not None:
        conditions.append(_C.c.speaker_id.in_(_actor_ids(filters.actor)))
    if filters.search is not None:
        conditions.append(claim_search_condition(conn.dialect.name, _C.c.id, _C.c.text, filters.search))
    if filters.metric is not None:
        metric = _metric(filters.metric)
        conditions.append(exists().where(_F.c.claim_id == _C.c.id, _F.c.metric == metric))
    if filters.since is not None:
        conditions.append(_A.c.published >= filters.since)
    if filters.until is not None:
        conditions.append(_A.c.published <= filters.until)
    order = (_A.c.published.desc().nulls_last(), _C.c.id) if newest_first else (_C.c.id,)
    stmt = _claim_select().where(*conditions).order_by(*order)
    return _rows(conn, _limit(stmt, filters.limit), _claim_dict, filters, csv=csv, neutralise=neutralise)


# ---------------------------------------------------------------------------- sources and articles


def source_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    """Sources (keys SOURCE_COLUMNS) with their article counts, by name."""
    articles = select(func.count()).where(_A.c.source_id == _S.c.id).scalar_subquery()
    stmt = select(_S.c.id, _S.c.name, _S.c.domain, articles).order_by(_S.c.name_norm, _S.c.id)
    return _stream(conn, stmt, lambda row: dict(zip(SOURCE_COLUMNS, row, strict=True)), Filters())


def article_rows(conn: Connection, filters: Filters) -> Iterator[dict[str, Any]]:
    """Articles (keys ARTICLE_COLUMNS) with figure and claim counts, newest first; an article passes
    actor/metric/search filters when it holds a matching figure or claim."""
    figures = select(func.count()).where(_F.c.article_id == _A.c.id).scalar_subquery()
    claims = select(func.count()).where(_C.c.article_id == _A.c.id).scalar_subquery()
    conditions: list[ColumnElement[bool]] = []
    if filters.source is not None:
        conditions.append(_A.c.source_id.in_(_source_ids(filters.source)))
    if filters.since is not None:
        conditions.append(_A.c.published >= filters.since)
    if filters.until is not None:
        conditions.append(_A.c.published <= filters.until)
    if filters.actor is not None:
        ids = _actor_ids(filters.actor)
        conditions.append(or_(_A.c.id.in_(select(_C.c.article_id).where(_C.c.speaker_id.in_(ids))),
                              _A.c.id.in_(select(_F.c.article_id).where(_F.c.attributed_to_id.in_(ids)))))
    if filters.metric is not None:
        metric = _metric(filters.metric)
        conditions.append(_A.c.id.in_(select(_F.c.article_id).where(_F.c.metric == metric)))
    if filters.search is not None:
        matching = claim_search_condition(conn.dialect.name, _C.c.id, _C.c.text, filters.search)
        conditions.append(_A.c.id.in_(select(_C.c.article_id).where(matching)))
    stmt = (
        select(_A.c.id, _A.c.title, _S.c.name, _A.c.url, _A.c.published, figures, claims)
        .select_from(_A.join(_S, _S.c.id == _A.c.source_id))
        .where(*conditions)
        .order_by(_A.c.published.desc().nulls_last(), _A.c.id)
    )

    def convert(row: Sequence[Any]) -> dict[str, Any]:
        out = dict(zip(ARTICLE_COLUMNS, row, strict=True))
        out["published"] = _iso(out["published"])
        return out

    return _stream(conn, _limit(stmt, filters.limit), convert, filters)


# ------------------------------------------------------------------------------------------ actors


def actor_rows(conn: Connection, filters: Filters) -> Iterator[dict[str, Any]]:
    """Actors (keys ACTOR_COLUMNS; aliases a sorted list) with claim and figure counts, by name.

    ``actor`` is an exact name/alias match; ``search`` keeps actors whose name or an alias holds every
    search word as a whole word (accents and case ignored). Other filters keep actors with a matching
    claim (as speaker) or figure (as attributed source).
    """
    claims = select(func.count()).where(_C.c.speaker_id == _ACT.c.id).scalar_subquery()
    figures = select(func.count()).where(_F.c.attributed_to_id == _ACT.c.id).scalar_subquery()
    aliases = (select(func.aggregate_strings(_AL.c.alias, _ALIAS_SEPARATOR))
               .where(_AL.c.actor_id == _ACT.c.id).scalar_subquery())
    conditions: list[ColumnElement[bool]] = []
    if filters.actor is not None:
        conditions.append(_ACT.c.id.in_(_actor_ids(filters.actor)))
    article_conditions: list[ColumnElement[bool]] = []
    if filters.source is not None:
        article_conditions.append(_A.c.source_id.in_(_source_ids(filters.source)))
    if filters.since is not None:
        article_conditions.append(_A.c.published >= filters.since)
    if filters.until is not None:
        article_conditions.append(_A.c.published <= filters.until)
    if filters.metric is not None:
        metric = _metric(filters.metric)
        conditions.append(_ACT.c.id.in_(
            select(_F.c.attributed_to_id).join(_A, _A.c.id == _F.c.article_id)
            .where(_F.c.metric == metric, *article_conditions)))
    elif article_conditions:
        conditions.append(or_(
            _ACT.c.id.in_(select(_C.c.speaker_id).join(_A, _A.c.id == _C.c.article_id)
                          .where(*article_conditions)),
            _ACT.c.id.in_(select(_F.c.attributed_to_id).join(_A, _A.c.id == _F.c.article_id)
                          .where(*article_conditions)),
        ))
    stmt = (select(_ACT.c.id, _ACT.c.name, _ACT.c.kind, _ACT.c.title, aliases, claims, figures)
            .where(*conditions).order_by(_ACT.c.name_norm, _ACT.c.id))
    words = _words(filters.search) if filters.search is not None else None
    if words is not None and not words:
        raise QueryError(f"search {filters.search!r} has no words to look for")
    if words is None:
        stmt = _limit(stmt, filters.limit)

    def convert(row: Sequence[Any]) -> dict[str, Any]:
        out = dict(zip(ACTOR_COLUMNS, row, strict=True))
        out["aliases"] = sorted(set(out["aliases"].split(_ALIAS_SEPARATOR))) if out["aliases"] else []
        return out

    rows = _stream(conn, stmt, convert, Filters())
    if words is None:
        return rows
    return _name_search(rows, words, filters.limit)


def _words(text: str) -> set[str]:
    return set(_WORD.findall(normalize_name(text)))


def _name_search(rows: Iterator[dict[str, Any]], words: set[str],
                 limit: int | None) -> Iterator[dict[str, Any]]:
    """Whole-word match over names and aliases, in Python: the actor table is small and names short."""
    found = 0
    try:
        for row in rows:
            if limit is not None and found >= limit:
                return
            if words <= set().union(*(_words(name) for name in (row["name"], *row["aliases"]))):
                yield row
                found += 1
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()  # release the cursor now, not when the generator is collected


# ---------------------------------------------------------------------------------------- detail


def article_detail(conn: Connection, article_id: int) -> dict[str, Any] | None:
    """One article with its figures and claims in text order, or None when there is no such id."""
    row = conn.execute(
        select(_A.c.id, _A.c.title, _S.c.name.label("source"), _A.c.url, _A.c.published, _A.c.tags,
               _A.c.language, _A.c.ingested_at, _A.c.sha256, _A.c.input_format, _A.c.origin, _A.c.text)
        .select_from(_A.join(_S, _S.c.id == _A.c.source_id))
        .where(_A.c.id == article_id)
    ).mappings().first()
    if row is None:
        return None
    article = dict(row)
    article["published"] = _iso(article["published"])
    ingested = article["ingested_at"]
    if ingested is not None and ingested.tzinfo is None:  # SQLite keeps no zone; it was stored as UTC
        ingested = ingested.replace(tzinfo=UTC)
    article["ingested_at"] = _iso(ingested)
    article["tags"] = list(article["tags"] or [])
    figures = [_figure_dict(r) for r in conn.execute(
        _figure_select().where(_F.c.article_id == article_id).order_by(_F.c.start, _F.c.id))]
    claims = [_claim_dict(r) for r in conn.execute(
        _claim_select().where(_C.c.article_id == article_id).order_by(_C.c.start, _C.c.id))]
    return {"article": article, "figures": figures, "claims": claims}


# --------------------------------------------------------------------------------------- helpers


def _iso(value: date | datetime | str | None) -> str | None:
    """ISO text of a date; SQLite rows read from the driver already hold it (see _stream)."""
    return value if value is None or isinstance(value, str) else value.isoformat()


def _metric(value: str) -> str:
    metric = value.strip().lower()
    if metric not in METRICS:
        raise QueryError(f"unknown metric {value!r} (allowed: {', '.join(METRICS)})")
    return metric


def _source_ids(name: str) -> Select[Any]:
    """Sources named so (outlet name, case- and accent-insensitive) or with that domain."""
    norm = normalize_name(name)
    if not norm:
        raise QueryError("--source needs an outlet name")
    domain = norm[4:] if norm.startswith("www.") else norm
    return select(_S.c.id).where(or_(_S.c.name_norm == norm, _S.c.domain == domain))


def _actor_ids(name: str) -> Any:
    """Actors whose canonical name or any alias equals ``name`` after normalisation (index lookups)."""
    norm = normalize_name(name)
    if not norm:
        raise QueryError("--actor needs a name")
    return union(select(_AL.c.actor_id).where(_AL.c.alias_norm == norm),
                 select(_ACT.c.id).where(_ACT.c.name_norm == norm))


def _limit(stmt: Select[Any], limit: int | None) -> Select[Any]:
    if limit is None:
        return stmt
    if limit < 0:
        raise QueryError(f"limit must be 0 or more, not {limit}")
    return stmt.limit(limit)


def _rows(conn: Connection, stmt: Select[Any], convert: Callable[[Sequence[Any]], dict[str, Any]],
          filters: Filters, *, csv: bool, neutralise: bool) -> Iterator[Any]:
    """Stream dicts, or with ``csv`` the CSV cells of the same select."""
    if not csv:
        return _stream(conn, stmt, convert, filters)
    dialect = conn.dialect.name
    return _stream(conn, csv_select(stmt, dialect, neutralise=neutralise), python_cells(stmt, dialect), filters)


def _stream(conn: Connection, stmt: Select[Any], convert: Callable[[Sequence[Any]], Any] | None,
            filters: Filters) -> Iterator[Any]:
    """Execute lazily (on first next()) and yield converted rows.

    SQLite rows are read straight from the driver's cursor, which steps the statement as rows are read
    (SQLAlchemy buffers nothing in between): building a Row for each took 15% of a listing's time and
    6% of an export's. Their result processors are skipped with them, so dates arrive as the ISO text
    SQLite stores and booleans as 0/1, as the converters and csvcells.py expect. PostgreSQL rows stream
    through a server-side cursor (``yield_per``)."""
    sqlite = conn.dialect.name == "sqlite"
    try:
        result = conn.execute(stmt if sqlite else stmt.execution_options(yield_per=YIELD_PER))
    except DBAPIError as exc:
        raise _query_error(conn, exc, filters) from None
    rows: Iterable[Any] = result.cursor if sqlite else result
    try:
        if convert is None:
            yield from rows
        else:
            for row in rows:
                yield convert(row)
    except (DBAPIError, sqlite3.Error) as exc:
        raise _query_error(conn, exc, filters) from None
    finally:
        result.close()


def _query_error(conn: Connection, exc: Exception, filters: Filters) -> Exception:
    message = str(getattr(exc, "orig", exc)).lower()
    if filters.search is not None and ("fts5" in message or "tsquery" in message or "syntax" in message):
        return QueryError(f"cannot search for {filters.search!r}: use plain words")
    return database_error(display_name(conn.engine.url), exc)

