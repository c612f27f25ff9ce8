"""Storing an Extraction: source, article, actors (with aliases), claims and figures.

One article is one transaction. Rows go in with Core bulk inserts built once per dialect (not ORM
objects: the ingest path must keep up with extraction). Whatever two processes may insert at once (a
source, an article, an actor, an alias) is written with INSERT ... ON CONFLICT DO NOTHING against a
unique key and read back, so concurrent ingests of the same data neither fail nor duplicate, and an
actor another writer stored a moment ago is merged into as one writer would have matched it (the
actor rules are in actors.py, shared with the bulk loader, as are the row builders below).
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal, cast

from sqlalchemy import Connection, Engine, bindparam, select, update
from sqlalchemy.exc import DBAPIError, StatementError

from facttrack.db.actors import NAME_MAX, SqlDirectory, resolve_and_count_actors
from facttrack.db.failures import database_error, error_kind, first_line
from facttrack.db.names import normalize_name, url_domain
from facttrack.db.prepared import Prepared
from facttrack.db.settings import WRITE_OPTION, engine_memo, lock_timeout
from facttrack.db.tables import ARTICLES as _ARTICLES
from facttrack.db.tables import CLAIMS as _CLAIMS
from facttrack.db.tables import FIGURES as _FIGURES
from facttrack.db.tables import SOURCES as _SOURCES
from facttrack.document import Document
from facttrack.errors import FacttrackError
from facttrack.extract.model import Extraction

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

UNKNOWN_SOURCE = "unknown"


@dataclass(frozen=True)
class StoreResult:
    """What storing one article did. ``actors`` counts the distinct actors the article names (new or
    matched to ones already stored); ``new_actors`` those it added to the actors table (what `facttrack
    actors` lists); a skipped article stored nothing, so its counts are 0."""

    status: Literal["new", "skipped"]
    article_id: int
    figures: int
    claims: int
    actors: int
    source_id: int = 0
    new_actors: int = 0


# ---------------------------------------------------------------------------------------- statements


class _Statements:
    """Every statement of the ingest path, built once per dialect: building and cache-keying
    statements per article cost more than executing them. Those run for every article are Prepared
    (prepared.py: on SQLite they run on the driver's cursor)."""

    def __init__(self, dialect: str) -> None:
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        elif dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            raise NotImplementedError(f"unsupported database dialect {dialect}")
        s, a = _SOURCES.c, _ARTICLES.c
        self.source_by_domain = select(s.id).where(s.domain == bindparam("domain")).order_by(s.id).limit(1)
        self.source_by_norm = select(s.id, s.domain).where(s.name_norm == bindparam("norm"))
        self.source_set_domain = update(_SOURCES).where(s.id == bindparam("sid")).values(
            domain=bindparam("new_domain"))
        self.source_insert = insert(_SOURCES).on_conflict_do_nothing(index_elements=["name_norm"])
        self.article_insert = Prepared(insert(_ARTICLES).on_conflict_do_nothing(
            index_elements=["source_id", "sha256"]).returning(a.id))
        self.article_existing = select(a.id).where(a.source_id == bindparam("sid"),
                                                   a.sha256 == bindparam("digest"))
        self.claim_insert = Prepared(_CLAIMS.insert())
        self.figure_insert = Prepared(_FIGURES.insert())


@cache
def statements(dialect: str) -> _Statements:
    return _Statements(dialect)


# ------------------------------------------------------------------------------------------- storing


def store_extraction(session: Session, extraction: Extraction, *, source_id: int | None = None) -> StoreResult:
    """Write one extraction inside the caller's transaction; a text already stored for the same
    source is skipped (the same text from another source is stored as another appearance).
    ``source_id``: the document's source when the caller knows it already (see ``source_key``)."""
    return _store(session.connection(), extraction, source_id)


def _store(conn: Connection, extraction: Extraction, source_id: int | None) -> StoreResult:
    """store_extraction on a connection: every statement is Core, and an ORM Session around them would
    add nothing but time (a sixth of the store's)."""
    st = statements(conn.dialect.name)
    doc = extraction.document
    if source_id is None:
        source_id = resolve_source(conn, st, doc.outlet, doc.url)

    returned = st.article_insert.rows(conn, article_row(doc, source_id, datetime.now(UTC)))
    if not returned:
        existing = conn.execute(st.article_existing, {"sid": source_id, "digest": doc.sha256}).scalar_one()
        return StoreResult("skipped", existing, 0, 0, 0, source_id)
    article_id = int(returned[0][0])

    actor_ids, new_actors = resolve_and_count_actors(SqlDirectory(conn), extraction.actors)
    claim_ids: list[int] = []
    if extraction.claims:
        returning = any(f.claim_index is not None for f in extraction.figures)
        for batch in _batches(claim_rows(extraction, article_id, actor_ids)):
            if returning:
                claim_ids.extend(st.claim_insert.row_ids(conn, batch))
            else:
                st.claim_insert.many(conn, batch)
    for batch in _batches(figure_rows(extraction, article_id, claim_ids, actor_ids)):
        st.figure_insert.many(conn, batch)
    return StoreResult("new", article_id, len(extraction.figures), len(extraction.claims),
                       len(set(actor_ids.values())), source_id, new_actors)


# ---------------------------------------------------------------------------------------- rows

def article_row(doc: Document, source_id: int, ingested_at: datetime) -> dict[str, Any]:
    """The articles row of a document (the same for ``ingest`` and ``load``)."""
    return {"source_id": source_id, "title": doc.title, "url": doc.url, "published": doc.published,
            "ingested_at": ingested_at, "tags": list(doc.tags), "language": _clip(doc.language, 35),
            "text": doc.text, "sha256": doc.sha256, "input_format": doc.input_format[:16], "origin": doc.origin,
            "retrieved_at": doc.retrieved}


def _actor_of(actor_ids: dict[str, int], text: str | None) -> int | None:
    return actor_ids.get(normalize_name(text)) if text else None


def _batches(rows: Iterable[dict[str, Any]], size: int = 2000) -> Iterator[list[dict[str, Any]]]:
    """Rows a few thousand at a time: a long report's rows are never all in memory at once."""
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def claim_rows(extraction: Extraction, article_id: int, actor_ids: dict[str, int]) -> Iterator[dict[str, Any]]:
    """The claims rows of an article, in extraction order; ``actor_ids`` is what resolve_actors gave."""
    return (
        {"article_id": article_id, "speaker_id": _actor_of(actor_ids, c.speaker), "speaker": c.speaker,
         "cue": c.cue, "kind": c.kind, "text": c.text, "said_on": c.said_on,
         "reported_by_id": _actor_of(actor_ids, c.reported_by), "reported_by": c.reported_by,
         "start": c.start, "end": c.end, "sentence_start": c.sentence_start, "sentence_end": c.sentence_end,
         "rule": c.rule}
        for c in extraction.claims
    )


def figure_rows(extraction: Extraction, article_id: int, claim_ids: Sequence[int],
                actor_ids: dict[str, int]) -> Iterator[dict[str, Any]]:
    """The figures rows of an article; ``claim_ids`` are the ids of its claims, in order."""
    doc = extraction.document
    return (
        {"article_id": article_id,
         "claim_id": claim_ids[f.claim_index]
         if f.claim_index is not None and 0 <= f.claim_index < len(claim_ids) else None,
         "published": doc.published, "value": f.value, "value_max": f.value_max,
         "qualifier": f.qualifier, "metric": f.metric, "counted": f.counted, "unit": f.unit,
         "text": f.text, "start": f.start, "end": f.end, "sentence_start": f.sentence_start,
         "sentence_end": f.sentence_end, "sentence": doc.text[f.sentence_start:f.sentence_end],
         "hedged": bool(f.hedged), "vague": bool(f.vague),
         "attributed_to_id": _actor_of(actor_ids, f.attributed_to), "attributed_to": f.attributed_to,
         "attribution_text": f.attribution_text, "reported_by_id": _actor_of(actor_ids, f.reported_by),
         "reported_by": f.reported_by,
         "refers_start": f.refers_to.start if f.refers_to else None,
         "refers_end": f.refers_to.end if f.refers_to else None,
         "refers_text": f.refers_to.text if f.refers_to else None,
         "confidence": f.confidence, "rule": f.rule, "place": f.place}
        for f in extraction.figures
    )


class ArticleRejected(FacttrackError):
    """The database refused one article's data (a NUL byte on PostgreSQL, a value out of range or too
    long, a constraint), or kept losing races for it: that article fails, the database is fine and a
    batch goes on. A DatabaseError, by contrast, means the database itself cannot be written."""


def ingest_extraction(engine: Engine, extraction: Extraction, *, attempts: int = 8) -> StoreResult:
    """Store one extraction in its own transaction (see :meth:`Writer.store`)."""
    with Writer(engine) as writer:
        return writer.store(extraction, attempts=attempts)


class Writer:
    """Stores extractions, each in its own transaction, over one connection kept for a batch (taking
    a connection from the pool and giving it back cost more than a small article's inserts)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer = engine.execution_options(**{WRITE_OPTION: True})
        # source key -> id of a committed source row: a batch from one outlet looks its source up once
        self._sources = engine_memo(engine)
        self._conn: Connection | None = None

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def store(self, extraction: Extraction, *, attempts: int = 8) -> StoreResult:
        """Store one extraction in its own transaction.

        Retries with exponential backoff (and jitter) while another writer holds the lock (SQLITE_BUSY,
        PostgreSQL lock timeout) until the lock timeout has passed, and a few times when a concurrent
        writer wins a race (PostgreSQL unique violation, deadlock, serialization failure). Raises
        ArticleRejected when the database refuses this article's data, DatabaseError (one line) when
        the database cannot be written at all: locked beyond the timeout, disk full, read-only, gone.
        """
        key = source_key(extraction.document.outlet, extraction.document.url)
        deadline = time.monotonic() + lock_timeout()
        delay = 0.05
        for attempt in range(1, attempts + 1):
            try:
                if self._conn is None or self._conn.invalidated:
                    self.close()
                    self._conn = self._writer.connect()
                with self._conn.begin():
                    result = _store(self._conn, extraction, self._sources.get(key) if key else None)
                if key:
                    self._sources[key] = result.source_id  # committed: sources are never deleted or renamed
                return result
            except DBAPIError as exc:
                kind = error_kind(exc)
                pause = delay * random.uniform(0.5, 1.5)
                if kind == "busy" and time.monotonic() + pause < deadline:
                    pass
                elif kind == "race" and attempt < attempts:
                    pass
                elif kind == "busy" or kind == "database":
                    raise database_error(self.engine.url, exc) from None
                else:
                    raise ArticleRejected(f"the database refused this article: {first_line(exc)}") from None
            except (StatementError, OverflowError) as exc:
                # A value the driver could not even send (an integer beyond 64 bits, a wrong type).
                raise ArticleRejected(f"the database refused this article: {first_line(exc)}") from None
            time.sleep(pause)
            delay = min(delay * 2, 2.0)
        raise AssertionError("unreachable")


def _clip(text: str | None, limit: int = NAME_MAX) -> str | None:
    return text[:limit] if text is not None else None


# ------------------------------------------------------------------------------------------- sources

def source_key(outlet: str | None, url: str | None) -> tuple[str, str, bool] | None:
    """The cache key of a named outlet: its normalised name (which stays its row's for good) and
    whether the article has a domain (the first such article gives a source without one its domain).
    None without an outlet: a source found by URL domain can change as outlets gain domains."""
    name = _clip(" ".join(outlet.split())) if outlet else ""
    norm = normalize_name(name)[:NAME_MAX] if name else ""
    return ("source", norm, url_domain(url) is not None) if norm else None


def resolve_source(conn: Connection, st: _Statements, outlet: str | None, url: str | None) -> int:
    """The outlet by name; else the site by the URL's domain; else the source named "unknown"."""
    domain = url_domain(url)
    outlet_name = " ".join(outlet.split()) if outlet else ""
    if outlet_name and normalize_name(outlet_name):
        name, kind = cast(str, _clip(outlet_name)), "outlet"
    elif domain:
        by_domain = conn.execute(st.source_by_domain, {"domain": domain}).scalar()
        if by_domain is not None:
            return int(by_domain)
        name, kind = cast(str, _clip(domain)), "site"
    else:
        name, kind = UNKNOWN_SOURCE, "unknown"
    norm = normalize_name(name)[:NAME_MAX]
    found = conn.execute(st.source_by_norm, {"norm": norm}).first()
    if found is None:
        conn.execute(st.source_insert, {"name": name, "name_norm": norm, "domain": domain, "kind": kind})
        found = conn.execute(st.source_by_norm, {"norm": norm}).one()
    if found.domain is None and domain:
        conn.execute(st.source_set_domain, {"sid": found.id, "new_domain": domain})
    return int(found.id)
