"""Queries behind the listing, analysis and export commands: Core select() joins streamed as plain dicts.

Every listing is built the same way: its select (``_figure_select``...), the conditions of one filter
builder (``_Scope`` says how each filter applies to that listing), one row shape (a dict keyed by the
listing's columns). Exports read the same select as CSV cells computed by the database
(``figure_csv``/``claim_csv``, see csvcells.py); they are separate functions, not a flag that changes
what a function yields.

Rows are never materialised all at once (SQLite: the driver's cursor; PostgreSQL: a server-side cursor),
never built as ORM objects, and every user value travels as a bound parameter. Name filters are equality
on normalised keys (index lookups), search goes through full-text indexes (textsearch.py). Reviewed
figures and claims show their corrected fields and status (the reviews table, migration 0005); a
database without reviews skips that join altogether. Row values are JSON-able: numbers through
``number_json``, dates as ISO strings.
"""

from __future__ import annotations

import difflib
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    FromClause,
    Select,
    String,
    Table,
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    union,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.exc import DBAPIError

from facttrack.db.csvcells import csv_select, python_cells
from facttrack.db.failures import database_error
from facttrack.db.models import Actor, ActorAlias, Article, Claim, Figure, Review, Source
from facttrack.db.names import normalize_name
from facttrack.db.settings import display_name
from facttrack.db.textsearch import claim_search_condition, figure_search_condition
from facttrack.errors import QueryError
from facttrack.extract.model import METRICS, number_json

# Design section 6 order, then the columns added since, at the end only.
FIGURE_COLUMNS = ("figure_id", "value", "value_max", "qualifier", "metric", "counted", "unit", "text",
                  "hedged", "attributed_to", "attribution_text", "reported_by", "refers_start", "refers_end",
                  "article_id", "title", "source", "url", "published", "sentence", "start", "end",
                  "place", "status")
CLAIM_COLUMNS = ("claim_id", "speaker", "cue", "kind", "text", "said_on", "reported_by", "article_id",
                 "title", "source", "url", "published", "start", "end", "status")
SOURCE_COLUMNS = ("id", "name", "domain", "articles")
ARTICLE_COLUMNS = ("id", "title", "source", "url", "published", "figures", "claims")
ACTOR_COLUMNS = ("id", "name", "kind", "title", "aliases", "claims", "figures")
# Keys a figure row carries beyond its columns (listings and analysis use them; exports do not).
FIGURE_EXTRA = ("sentence_start", "vague", "reviewed")

STATUSES = ("unreviewed", "verified", "disputed", "rejected")
UNREVIEWED = "unreviewed"
FIGURE_FIELDS = ("value", "value_max", "qualifier", "metric", "place", "counted", "attributed_to")
CLAIM_FIELDS = ("speaker", "cue", "text", "said_on")

Order = Literal["newest", "stored", "refers", "place"]

YIELD_PER = 1000
_ALIAS_SEPARATOR = "\x1f"
_WORD = re.compile(r"[^\W_]+")

_S = cast(Table, Source.__table__)
_A = cast(Table, Article.__table__)
_ACT = cast(Table, Actor.__table__)
_AL = cast(Table, ActorAlias.__table__)
_C = cast(Table, Claim.__table__)
_F = cast(Table, Figure.__table__)
_R = cast(Table, Review.__table__)


@dataclass(frozen=True)
class Filters:
    """What a listing is narrowed to. Each listing applies the filters that make sense for it (``_Scope``):

    figures: source, actor (attributed_to), metric, place, since/until, search (whole words of the
    figure's sentence), articles, status; claims: source, actor (speaker), search (claim text),
    since/until, metric (claims holding a figure of that metric), articles, status; articles: an article
    matches when it holds a matching claim/figure; actors: actor and search on names, the others as
    "has a matching claim or figure". ``statuses`` empty means every status.
    """

    source: str | None = None
    actor: str | None = None
    search: str | None = None
    metric: str | None = None
    place: str | None = None
    since: date | None = None
    until: date | None = None
    articles: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    limit: int | None = None


@dataclass(frozen=True)
class _Reviews:
    """What the reviews table holds, read once per query: whether any row exists (else no join) and
    which fields some review corrects (else filters stay plain index lookups on machine columns)."""

    present: bool = False
    corrected: frozenset[str] = field(default_factory=frozenset)


def _reviews(conn: Connection) -> _Reviews:
    try:
        values = conn.execute(select(_R.c.corrected).distinct()).scalars().all()
    except DBAPIError as exc:
        raise database_error(display_name(conn.engine.url), exc) from None
    if not values:
        return _Reviews()
    return _Reviews(True, frozenset(f for v in values for f in (v or "").split(",") if f))


def _corrected(field_name: str, machine: ColumnElement[Any], reviews: _Reviews) -> ColumnElement[Any]:
    """The field as a person corrected it, else as extracted."""
    if field_name not in reviews.corrected:
        return machine
    return case((_R.c.corrected.like(f"%,{field_name},%"), _R.c[field_name]), else_=machine)


def _status(reviews: _Reviews) -> ColumnElement[Any]:
    if not reviews.present:
        return literal(UNREVIEWED, String)
    return func.coalesce(_R.c.status, UNREVIEWED)


# ------------------------------------------------------------------------------------ filter builder


@dataclass(frozen=True)
class _Scope:
    """How the filters apply to one listing: the columns they test, and conditions for the filters
    that are not a plain column test (None: the filter does not apply to this listing)."""

    published: ColumnElement[Any]
    article_id: ColumnElement[Any] | None
    actor: Callable[[Any], ColumnElement[bool]] | None = None
    metric: Callable[[str], ColumnElement[bool]] | None = None
    place: Callable[[list[str]], ColumnElement[bool]] | None = None
    search: Callable[[str], ColumnElement[bool]] | None = None
    status: ColumnElement[Any] | None = None
    source: Callable[[Any], ColumnElement[bool]] | None = None


def _conditions(conn: Connection, filters: Filters, scope: _Scope) -> list[ColumnElement[bool]]:
    """The one filter builder: every listing's WHERE clause comes from here."""
    out: list[ColumnElement[bool]] = []
    if filters.source is not None:
        ids = _source_ids(conn, filters.source)
        out.append(scope.source(ids) if scope.source is not None else _A.c.source_id.in_(ids))
    if filters.actor is not None and scope.actor is not None:
        out.append(scope.actor(_actor_ids(filters.actor)))
    if filters.metric is not None and scope.metric is not None:
        out.append(scope.metric(_metric(filters.metric)))
    if filters.place is not None and scope.place is not None:
        out.append(scope.place(_places(conn, filters.place)))
    if filters.since is not None:
        out.append(scope.published >= filters.since)
    if filters.until is not None:
        out.append(scope.published <= filters.until)
    if filters.articles and scope.article_id is not None:
        out.append(scope.article_id.in_(list(filters.articles)))
    if filters.statuses and scope.status is not None:
        out.append(scope.status.in_([_status_value(s) for s in filters.statuses]))
    if filters.search is not None and scope.search is not None:
        out.append(scope.search(filters.search))
    return out


def _reviewed_filter(item: ColumnElement[int], review_item: ColumnElement[Any], field_name: str,
                     machine: ColumnElement[bool], corrected: Callable[[], ColumnElement[bool]],
                     reviews: _Reviews) -> ColumnElement[bool]:
    """A filter on a field people may correct, kept an index lookup on the machine column: items
    whose review corrects the field are tested on the correction instead (reviews are few)."""
    if field_name not in reviews.corrected:
        return machine
    fixed = select(review_item).where(review_item.is_not(None), _R.c.corrected.like(f"%,{field_name},%"))
    return or_(and_(machine, item.not_in(fixed)), item.in_(fixed.where(corrected())))


def _item_join(item: Table, actors: Sequence[tuple[FromClause, ColumnElement[Any]]],
               review_item: ColumnElement[Any], reviews: _Reviews) -> FromClause:
    """A figure or claim with its article, source, named actors and (when any exist) its review."""
    joined: FromClause = item.join(_A, _A.c.id == item.c.article_id).join(_S, _S.c.id == _A.c.source_id)
    for actor, column in actors:
        joined = joined.outerjoin(actor, actor.c.id == column)
    if reviews.present:
        joined = joined.outerjoin(_R, review_item == item.c.id)
    return joined


# ----------------------------------------------------------------------------------------- figures


def _figure_statement(conn: Connection, filters: Filters, order: Order) -> tuple[Select[Any], _Reviews]:
    reviews = _reviews(conn)
    attributed = _ACT.alias("attributed_actor")
    reporter = _ACT.alias("reporter_actor")
    machine_attributed = func.coalesce(attributed.c.name, _F.c.attributed_to)
    columns: list[ColumnElement[Any]] = [
        _F.c.id.label("figure_id"),
        _corrected("value", _F.c.value, reviews).label("value"),
        _corrected("value_max", _F.c.value_max, reviews).label("value_max"),
        _corrected("qualifier", _F.c.qualifier, reviews).label("qualifier"),
        _corrected("metric", _F.c.metric, reviews).label("metric"),
        _corrected("counted", _F.c.counted, reviews).label("counted"),
        _F.c.unit, _F.c.text, _F.c.hedged,
        _corrected("attributed_to", machine_attributed, reviews).label("attributed_to"),
        _F.c.attribution_text,
        func.coalesce(reporter.c.name, _F.c.reported_by).label("reported_by"),
        _F.c.refers_start, _F.c.refers_end, _F.c.article_id, _A.c.title, _S.c.name.label("source"), _A.c.url,
        _A.c.published, _F.c.sentence, _F.c.start, _F.c.end,
        _corrected("place", _F.c.place, reviews).label("place"),
        _status(reviews).label("status"),
        _F.c.sentence_start, _F.c.vague,
        (_R.c.id.is_not(None) if reviews.present else literal(False)).label("reviewed"),
    ]
    joined = _item_join(_F, ((attributed, _F.c.attributed_to_id), (reporter, _F.c.reported_by_id)),
                        _R.c.figure_id, reviews)
    dialect = conn.dialect.name

    def on(field_name: str, machine: ColumnElement[bool],
           corrected: Callable[[], ColumnElement[bool]]) -> ColumnElement[bool]:
        return _reviewed_filter(_F.c.id, _R.c.figure_id, field_name, machine, corrected, reviews)

    scope = _Scope(
        published=_F.c.published,
        article_id=_F.c.article_id,
        actor=lambda ids: on("attributed_to", _F.c.attributed_to_id.in_(ids), lambda: _R.c.attributed_to_id.in_(ids)),
        metric=lambda m: on("metric", _F.c.metric == m, lambda: _R.c.metric == m),
        place=lambda places: on("place", _F.c.place.in_(places), lambda: _R.c.place.in_(places)),
        search=lambda text: figure_search_condition(dialect, _F.c.id, _F.c.sentence, text),
        status=_status(reviews),
    )
    if order == "newest":
        ordering: tuple[Any, ...] = (_F.c.published.desc().nulls_last(), _F.c.id)
    elif order == "place":  # by metric and place, then time: one bucket after another (discrepancies)
        metric, place = columns[4], columns[22]
        ordering = (metric, place.asc().nulls_first(), _F.c.published.asc().nulls_last(), _F.c.id)
    elif order == "refers":
        when = func.coalesce(_F.c.refers_end, _F.c.refers_start, sql_cast(_F.c.published, String))
        ordering = (when.asc().nulls_last(), _F.c.published.asc().nulls_last(), _F.c.id)
    else:
        ordering = (_F.c.id,)
    stmt = select(*columns).select_from(joined).where(*_conditions(conn, filters, scope)).order_by(*ordering)
    return _limit(stmt, filters.limit), reviews


def _figure_dict(row: Sequence[Any]) -> dict[str, Any]:
    out = dict(zip(_FIGURE_KEYS, row, strict=True))
    out["value"] = number_json(out["value"])
    out["value_max"] = number_json(out["value_max"])
    out["hedged"] = bool(out["hedged"])
    out["vague"] = bool(out["vague"])
    out["reviewed"] = bool(out["reviewed"])
    out["published"] = _iso(out["published"])
    return out


_FIGURE_KEYS = FIGURE_COLUMNS + FIGURE_EXTRA


def figure_rows(conn: Connection, filters: Filters, *, order: Order = "newest") -> Iterator[dict[str, Any]]:
    """Figures as dicts (FIGURE_COLUMNS plus FIGURE_EXTRA), corrected where reviewed; streamed.

    ``order``: "newest" publication first (undated last), then by id; "stored" in id order, which needs
    no sort (exports of millions of rows start at once); "refers" by the date the figure refers to (the
    end of its period, else its start, else the publication date), the series order; "place" by
    (corrected) metric and place, then publication date."""
    stmt, _ = _figure_statement(conn, filters, order)
    return _stream(conn, stmt, _figure_dict, filters)


def figure_csv(conn: Connection, filters: Filters, *, neutralise: bool = True) -> Iterator[Sequence[Any]]:
    """Figures in stored order as CSV cells in FIGURE_COLUMNS order (see csvcells.py; ``neutralise=False``
    keeps text as it is): the export's hot loop converts nothing."""
    stmt, _ = _figure_statement(conn, filters, "stored")
    return _cells(conn, _only(stmt, FIGURE_COLUMNS), filters, neutralise)


# ------------------------------------------------------------------------------------------ claims


def _claim_statement(conn: Connection, filters: Filters, order: Order) -> Select[Any]:
    reviews = _reviews(conn)
    speaker = _ACT.alias("speaker_actor")
    reporter = _ACT.alias("reporter_actor")
    columns = [
        _C.c.id.label("claim_id"),
        _corrected("speaker", func.coalesce(speaker.c.name, _C.c.speaker), reviews).label("speaker"),
        _corrected("cue", _C.c.cue, reviews).label("cue"), _C.c.kind,
        _corrected("text", _C.c.text, reviews).label("text"),
        _corrected("said_on", _C.c.said_on, reviews).label("said_on"),
        func.coalesce(reporter.c.name, _C.c.reported_by).label("reported_by"), _C.c.article_id, _A.c.title,
        _S.c.name.label("source"), _A.c.url, _A.c.published, _C.c.start, _C.c.end,
        _status(reviews).label("status"),
    ]
    joined = _item_join(_C, ((speaker, _C.c.speaker_id), (reporter, _C.c.reported_by_id)), _R.c.claim_id, reviews)
    dialect = conn.dialect.name
    scope = _Scope(
        published=_A.c.published,
        article_id=_C.c.article_id,
        actor=lambda ids: _reviewed_filter(_C.c.id, _R.c.claim_id, "speaker", _C.c.speaker_id.in_(ids),
                                           lambda: _R.c.speaker_id.in_(ids), reviews),
        metric=lambda m: exists().where(_F.c.claim_id == _C.c.id, _F.c.metric == m),
        search=lambda text: claim_search_condition(dialect, _C.c.id, _C.c.text, text),
        status=_status(reviews),
    )
    ordering = (_A.c.published.desc().nulls_last(), _C.c.id) if order == "newest" else (_C.c.id,)
    stmt = select(*columns).select_from(joined).where(*_conditions(conn, filters, scope)).order_by(*ordering)
    return _limit(stmt, filters.limit)


def _claim_dict(row: Sequence[Any]) -> dict[str, Any]:
    out = dict(zip(CLAIM_COLUMNS, row, strict=True))
    out["published"] = _iso(out["published"])
    return out


def claim_rows(conn: Connection, filters: Filters, *, order: Order = "newest") -> Iterator[dict[str, Any]]:
    """Claims as dicts (CLAIM_COLUMNS), corrected where reviewed, newest publication first (undated
    last) then by id, or in stored order (``order="stored"``); streamed."""
    return _stream(conn, _claim_statement(conn, filters, order), _claim_dict, filters)


def claim_csv(conn: Connection, filters: Filters, *, neutralise: bool = True) -> Iterator[Sequence[Any]]:
    """Claims in stored order as CSV cells in CLAIM_COLUMNS order."""
    return _cells(conn, _claim_statement(conn, filters, "stored"), filters, neutralise)


# ---------------------------------------------------------------------------- sources and articles


def source_rows(conn: Connection, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
    """Sources (keys SOURCE_COLUMNS) with their article counts, by name."""
    articles = select(func.count()).where(_A.c.source_id == _S.c.id).scalar_subquery()
    stmt = select(_S.c.id, _S.c.name, _S.c.domain, articles).order_by(_S.c.name_norm, _S.c.id)
    limit = filters.limit if filters is not None else None
    return _stream(conn, _limit(stmt, limit), lambda row: dict(zip(SOURCE_COLUMNS, row, strict=True)), Filters())


def article_rows(conn: Connection, filters: Filters) -> Iterator[dict[str, Any]]:
    """Articles (keys ARTICLE_COLUMNS) with figure and claim counts, newest first; an article passes
    actor/metric/search filters when it holds a matching figure or claim."""
    figures = select(func.count()).where(_F.c.article_id == _A.c.id).scalar_subquery()
    claims = select(func.count()).where(_C.c.article_id == _A.c.id).scalar_subquery()
    dialect = conn.dialect.name

    def holding_claim(condition: ColumnElement[bool]) -> ColumnElement[bool]:
        return _A.c.id.in_(select(_C.c.article_id).where(condition))

    def holding_figure(condition: ColumnElement[bool]) -> ColumnElement[bool]:
        return _A.c.id.in_(select(_F.c.article_id).where(condition))

    scope = _Scope(
        published=_A.c.published,
        article_id=_A.c.id,
        actor=lambda ids: or_(holding_claim(_C.c.speaker_id.in_(ids)), holding_figure(_F.c.attributed_to_id.in_(ids))),
        metric=lambda m: holding_figure(_F.c.metric == m),
        place=lambda places: holding_figure(_F.c.place.in_(places)),
        search=lambda text: holding_claim(claim_search_condition(dialect, _C.c.id, _C.c.text, text)),
    )
    stmt = (
        select(_A.c.id, _A.c.title, _S.c.name, _A.c.url, _A.c.published, figures, claims)
        .select_from(_A.join(_S, _S.c.id == _A.c.source_id))
        .where(*_conditions(conn, filters, scope))
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
    # the other filters select articles; an actor passes when it speaks in one or is cited by a figure
    article_filters = Filters(source=filters.source, since=filters.since, until=filters.until,
                              articles=filters.articles)
    article_conditions = _conditions(conn, article_filters, _Scope(published=_A.c.published, article_id=_A.c.id))
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


def article_url_stored(engine: Any, url: str) -> bool:
    """True when an article stored from ``url`` exists (its URL or its origin): a feed read again
    does not fetch the entries it already stored."""
    stmt = select(exists().where(or_(_A.c.url == url, _A.c.origin == url)))
    with engine.connect() as conn:
        return bool(conn.execute(stmt).scalar())


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
    only = Filters(articles=(article_id,))
    figures = sorted(figure_rows(conn, only, order="stored"), key=lambda f: (f["start"], f["figure_id"]))
    claims = sorted(claim_rows(conn, only, order="stored"), key=lambda c: (c["start"], c["claim_id"]))
    return {"article": article, "figures": figures, "claims": claims}


# --------------------------------------------------------------------------------------- names


def source_names(conn: Connection) -> list[str]:
    """Every outlet name (the sources table is small: one row per outlet)."""
    return list(conn.execute(select(_S.c.name).order_by(_S.c.name_norm)).scalars())


def closest_names(name: str, names: Iterable[str], n: int = 3) -> list[str]:
    """Names that contain every word of ``name`` first, then the closest spellings (difflib)."""
    wanted = _words(name)
    by_key = {normalize_name(x): x for x in names}
    containing = [x for key, x in by_key.items() if wanted and wanted <= set(_WORD.findall(key))]
    similar = [by_key[k] for k in difflib.get_close_matches(normalize_name(name), list(by_key), n=n, cutoff=0.5)]
    out: list[str] = []
    for x in containing + similar:
        if x not in out:
            out.append(x)
    return out[:n]


def source_hint(conn: Connection, filters: Filters) -> str | None:
    """When ``--source`` names no outlet, a line saying so with the closest outlet names (the listing
    is then empty: a typo, more often than not); None when it names one or is not given."""
    if filters.source is None:
        return None
    if conn.execute(select(exists(_source_ids(conn, filters.source)))).scalar():
        return None
    hint = closest_names(filters.source, source_names(conn))
    also = f"; closest: {', '.join(hint)}" if hint else "; `facttrack sources` lists them"
    return f"no source named {filters.source!r}{also}"


# --------------------------------------------------------------------------------------- helpers


def _iso(value: date | datetime | str | None) -> str | None:
    """ISO text of a date; SQLite rows read from the driver already hold it (see _stream)."""
    return value if value is None or isinstance(value, str) else value.isoformat()


def _metric(value: str) -> str:
    metric = value.strip().lower()
    if metric not in METRICS:
        raise QueryError(f"unknown metric {value!r} (allowed: {', '.join(METRICS)})")
    return metric


def _status_value(value: str) -> str:
    status = value.strip().lower()
    if status not in STATUSES:
        raise QueryError(f"unknown status {value!r} (allowed: {', '.join(STATUSES)})")
    return status


def _source_ids(conn: Connection, name: str) -> Select[Any]:
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


def _places(conn: Connection, name: str) -> list[str]:
    """The stored place names ``name`` selects: the place itself, or, for a country, every place in it
    ("Sudan" also selects "Khartoum, Sudan"). Compared on normalised names over the distinct places
    stored (figures and corrections), so case and accents do not matter."""
    norm = normalize_name(name)
    if not norm:
        raise QueryError("--place needs a place name")
    stored = set(conn.execute(select(_F.c.place).where(_F.c.place.is_not(None)).distinct()).scalars())
    stored |= set(conn.execute(select(_R.c.place).where(_R.c.place.is_not(None)).distinct()).scalars())
    return sorted(p for p in stored if place_matches(p, norm))


def place_matches(place: str, norm: str) -> bool:
    """Whether the stored ``place`` ("City, Country" or "Country") is, or lies in, the place ``norm``
    (a normalised name)."""
    parts = [normalize_name(p) for p in place.split(", ")]
    return norm == normalize_name(place) or norm in (parts[0], parts[-1])


def _limit(stmt: Select[Any], limit: int | None) -> Select[Any]:
    if limit is None:
        return stmt
    if limit < 0:
        raise QueryError(f"limit must be 0 or more, not {limit}")
    return stmt.limit(limit)


def _only(stmt: Select[Any], columns: Sequence[str]) -> Select[Any]:
    """The same select reduced to the named columns, in that order."""
    by_name = {col.key: col for col in stmt.selected_columns}
    return stmt.with_only_columns(*(by_name[name] for name in columns))


def _cells(conn: Connection, stmt: Select[Any], filters: Filters, neutralise: bool) -> Iterator[Sequence[Any]]:
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

