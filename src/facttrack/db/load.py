"""Bulk loading of ``extract-batch`` parts: ``facttrack load DIR...``, one writer, one transaction per
batch of articles.

Each batch stores what ``ingest`` would store for the same articles in the same order, with far
fewer statements: sources through the store's own code, which articles are new with one query, their
actors through the resolver ``ingest`` uses (actors.py) run on an in-memory book of the rows the batch
can touch, read while the actor tables are locked (PostgreSQL; SQLite's write lock does it there),
then every row written in bulk: on PostgreSQL psycopg COPY into temporary staging tables and
``INSERT ... SELECT ... ON CONFLICT``, on SQLite ``executemany``. The part's progress is recorded in
the same transaction, so loading twice adds nothing and a killed load resumes at the next batch. A
batch the database refuses is stored again article by article through the store (``ingest``'s path),
so one bad article fails alone.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, text, update
from sqlalchemy.exc import DBAPIError, StatementError

from facttrack.db.actors import BookDirectory, NameConflict, actor_forms, resolve_actors
from facttrack.db.failures import database_error, error_kind
from facttrack.db.settings import WRITE_OPTION, engine_memo, lock_timeout
from facttrack.db.store import (
    ArticleRejected,
    article_row,
    claim_rows,
    figure_rows,
    ingest_extraction,
    resolve_source,
    source_key,
    statements,
)
from facttrack.db.tables import ACTORS as _ACTORS
from facttrack.db.tables import LOADED_PARTS as _PARTS
from facttrack.errors import FacttrackError
from facttrack.extract.model import Extraction
from facttrack.ingest import IngestSummary

DEFAULT_BATCH = 1000
ATTEMPTS = 8

ARTICLE_COLUMNS = ("id", "source_id", "title", "url", "published", "ingested_at", "tags", "language", "text",
                   "sha256", "input_format", "origin", "retrieved_at")
CLAIM_COLUMNS = ("id", "article_id", "speaker_id", "speaker", "cue", "kind", "text", "said_on", "reported_by_id",
                 "reported_by", "start", "end", "sentence_start", "sentence_end", "rule")
FIGURE_COLUMNS = ("article_id", "claim_id", "published", "value", "value_max", "qualifier", "metric", "counted",
                  "unit", "text", "start", "end", "sentence_start", "sentence_end", "sentence", "hedged", "vague",
                  "attributed_to_id", "attributed_to", "attribution_text", "reported_by_id", "reported_by",
                  "refers_start", "refers_end", "refers_text", "confidence", "rule", "place")
ACTOR_COLUMNS = ("id", "name", "name_norm", "kind", "title")
ALIAS_COLUMNS = ("actor_id", "alias", "alias_norm")


@dataclass(slots=True)
class LoadSummary(IngestSummary):
    """What a load did: ingest's totals (``actors`` counts the actors it added), and the parts;
    ``rows`` counts every row written (articles, claims, figures, actors, aliases)."""

    parts: int = 0
    loaded: int = 0
    already: int = 0
    rows: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    def line(self) -> str:
        return (f"{self.loaded} of {self.parts} parts loaded ({self.already} loaded before); {self.new} new, "
                f"{self.skipped} skipped, {self.failed} failed; {self.figures} figures, {self.claims} claims, "
                f"{self.actors} new actors; {self.rows} rows in {self.seconds:.1f} s")

    def to_json(self) -> dict[str, Any]:
        return {"parts": self.parts, "loaded": self.loaded, "already": self.already, "new": self.new,
                "skipped": self.skipped, "failed": self.failed, "figures": self.figures, "claims": self.claims,
                "actors": self.actors, "rows": self.rows, "seconds": round(self.seconds, 3)}


@dataclass(slots=True)
class _Entry:
    lineno: int
    extraction: Extraction
    digest: str  # of the part it comes from
    source_id: int = 0
    actor_ids: dict[str, int] = field(default_factory=dict)


class _Race(Exception):
    """Another writer stored a row this batch counted on writing (retry the batch)."""


Report = Callable[[str], None]


# ------------------------------------------------------------------------------------------- entry

def load_parts(engine: Engine, folders: Sequence[str], *, batch_size: int = DEFAULT_BATCH,
               defer_search: bool = False, report: Report, progress: Callable[[LoadSummary], None] | None = None,
               summary: LoadSummary | None = None) -> LoadSummary:
    """Load every part of ``folders`` (in task order, folder after folder) and return the totals (kept
    in ``summary`` as they grow, when given). ``report`` gets one line per failed article or damaged
    part; a DatabaseError (the database cannot be written) stops the load."""
    from facttrack.batch.parts import list_parts

    summary = summary if summary is not None else LoadSummary()
    parts: list[Path] = []
    for folder in folders:
        parts.extend(_parts_of(Path(folder), list_parts, report, summary))
    summary.parts = len(parts)
    try:
        with engine.connect() as conn:
            conn = conn.execution_options(**{WRITE_OPTION: True})
            deferred = _prepare_search(conn, defer_search)
            loader = _Loader(engine, conn, batch_size, summary, report, progress)
            for path in parts:
                loader.part(path)
            loader.flush()
            if deferred:
                with conn.begin():
                    from facttrack.db.textsearch import restore_search_index

                    restore_search_index(conn)
    except DBAPIError as exc:
        raise database_error(engine.url, exc) from None
    return summary


def _parts_of(folder: Path, list_parts: Callable[[Path], list[Path]], report: Report,
              summary: LoadSummary) -> list[Path]:
    from facttrack.batch.manifest import read_manifest

    if not folder.is_dir():
        raise FacttrackError(f"{folder}: no such folder of parts")
    found = list_parts(folder)
    manifest = read_manifest(folder)
    if manifest is not None:
        missing = len(manifest.get("tasks") or []) - len(found)
        if missing > 0:
            summary.failed += missing
            report(f"{folder}: {missing} of {len(manifest['tasks'])} tasks have no part yet "
                   "(run extract-batch again to finish, then load again)")
    elif not found:
        raise FacttrackError(f"{folder}: no parts (part-NNNNNN.jsonl.gz) in it")
    return found


def _prepare_search(conn: Connection, defer: bool) -> bool:
    """Drop the search index for a first load when asked (empty database only); True when it is
    dropped, by this load or by an earlier one that was killed."""
    from facttrack.db.textsearch import defer_search_index, search_index_deferred

    with conn.begin():
        if search_index_deferred(conn):
            return True
        if not defer:
            return False
        count = conn.execute(text("SELECT count(*) FROM articles")).scalar()
        if count:
            raise FacttrackError(f"--defer-search-index is for a first load into an empty database; this one "
                                 f"holds {count} articles")
        return defer_search_index(conn) > 0


# -------------------------------------------------------------------------------------------- parts

@dataclass(slots=True)
class _Batch:
    """Articles on their way to one transaction, from one part or several (small parts still make
    large transactions), and how far each of those parts will be stored once it commits."""

    entries: list[_Entry] = field(default_factory=list)
    progress: dict[str, tuple[Path, int, bool]] = field(default_factory=dict)  # digest -> (path, line, done)


class _Loader:
    def __init__(self, engine: Engine, conn: Connection, batch_size: int, summary: LoadSummary, report: Report,
                 progress: Callable[[LoadSummary], None] | None) -> None:
        self.engine, self.conn, self.batch_size = engine, conn, batch_size
        self.summary, self.report, self.progress = summary, report, progress
        self.writer: _Writer = _PostgresWriter() if engine.dialect.name == "postgresql" else _SqliteWriter()
        self.batch = _Batch()

    def part(self, path: Path) -> None:
        """Read one part into the batches (committing each full one); skip it if it is loaded."""
        summary = self.summary
        try:
            digest = _file_digest(path)
        except OSError as exc:
            summary.failed += 1
            self.report(f"{path}: cannot read ({exc.strerror or exc})")
            return
        with self.conn.begin():
            state = self.conn.execute(text("SELECT lines, complete FROM loaded_parts WHERE sha256 = :d"),
                                      {"d": digest}).first()
        if state is not None and state.complete:
            summary.already += 1
            return
        done = state.lines if state is not None else 0
        lineno = done
        try:
            for lineno, line in _numbered_lines(path, done):
                entry = _parse(path, lineno, line, digest, summary, self.report)
                if entry is not None:
                    self.batch.entries.append(entry)
                self.batch.progress[digest] = (path, lineno, False)
                if len(self.batch.entries) >= self.batch_size:
                    self.flush()
        except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
            summary.failed += 1
            self.report(f"{path}: damaged after line {lineno} ({type(exc).__name__}: {exc}); "
                        "the lines before it are loaded")
            return
        self.batch.progress[digest] = (path, lineno, True)
        summary.loaded += 1

    def flush(self) -> None:
        if self.batch.entries or self.batch.progress:
            _commit(self.engine, self.conn, self.writer, self.batch, self.summary, self.report)
            self.batch = _Batch()
            if self.progress:
                self.progress(self.summary)


def _file_digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            sha.update(block)
    return sha.hexdigest()


def _numbered_lines(path: Path, skip: int) -> Iterator[tuple[int, str]]:
    from facttrack.batch.parts import read_part

    for lineno, line in enumerate(read_part(path), 1):
        if lineno > skip:
            yield lineno, line


def _parse(path: Path, lineno: int, line: str, digest: str, summary: LoadSummary, report: Report) -> _Entry | None:
    try:
        return _Entry(lineno, Extraction.from_json(json.loads(line)), digest)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        summary.failed += 1
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        report(f"{path.name}:{lineno}: not a facttrack extract object ({reason})")
        return None


# ------------------------------------------------------------------------------------------ batches

def _commit(engine: Engine, conn: Connection, writer: _Writer, batch: _Batch, summary: LoadSummary,
            report: Report) -> None:
    """Write one batch and its parts' progress in one transaction, retrying as the store does; a batch
    the database refuses goes article by article through the store."""
    deadline = time.monotonic() + lock_timeout()
    delay = 0.05
    memo = engine_memo(engine)
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with conn.begin():
                counts, sources, new_by_part = writer.write(conn, batch.entries, memo)
                _record(conn, batch, new_by_part)
            memo.update(sources)  # committed: sources are never deleted or renamed
            _add(summary, counts)
            return
        except _Race:
            kind = "race"
        except NameConflict:
            kind = "article"
        except DBAPIError as exc:
            kind = error_kind(exc)
            pause_fits = time.monotonic() + delay < deadline
            if kind == "database" or (kind == "busy" and not pause_fits):
                raise database_error(engine.url, exc) from None
        except (StatementError, OverflowError):
            kind = "article"
        if kind == "article" or attempt == ATTEMPTS:
            break  # refused (or lost every race): the store's own path, one article at a time
        time.sleep(delay * random.uniform(0.5, 1.5))
        delay = min(delay * 2, 2.0)
    _one_by_one(engine, conn, batch, summary, report)


def _one_by_one(engine: Engine, conn: Connection, batch: _Batch, summary: LoadSummary, report: Report) -> None:
    new_by_part: dict[str, int] = {}
    for entry in batch.entries:
        try:
            result = ingest_extraction(engine, entry.extraction)
        except ArticleRejected as exc:
            summary.failed += 1
            report(f"{entry.extraction.document.origin}: {exc}")
            continue
        if result.status == "new":
            new_by_part[entry.digest] = new_by_part.get(entry.digest, 0) + 1
            _add(summary, {"new": 1, "figures": result.figures, "claims": result.claims,
                           "rows": 1 + result.figures + result.claims})
        else:
            summary.skipped += 1
    with conn.begin():
        _record(conn, batch, new_by_part)


def _add(summary: LoadSummary, counts: dict[str, int]) -> None:
    for key, value in counts.items():
        setattr(summary, key, getattr(summary, key) + value)


def _record(conn: Connection, batch: _Batch, new_by_part: dict[str, int]) -> None:
    """How far each part of the batch is stored (in the batch's own transaction)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    now = datetime.now(UTC)
    for digest, (path, lineno, complete) in batch.progress.items():
        statement = insert(_PARTS).values(sha256=digest, name=str(path), lines=lineno, complete=complete,
                                          articles=new_by_part.get(digest, 0), loaded_at=now)
        conn.execute(statement.on_conflict_do_update(index_elements=["sha256"], set_={
            "lines": statement.excluded.lines, "complete": statement.excluded.complete,
            "articles": _PARTS.c.articles + statement.excluded.articles, "loaded_at": statement.excluded.loaded_at,
            "name": statement.excluded.name}))


# ------------------------------------------------------------------------------------------ writers

class _Writer:
    """The batch algorithm; subclasses say how ids are taken and how rows go in on their database."""

    def lock(self, conn: Connection) -> None:
        """Keep other writers away from the actor tables until commit."""

    def allocate(self, conn: Connection, table: str, count: int) -> list[int]:
        raise NotImplementedError

    def existing(self, conn: Connection, keys: list[tuple[int, str]]) -> set[tuple[int, str]]:
        raise NotImplementedError

    def insert(self, conn: Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]], *,
               conflict: Sequence[str] = ()) -> int:
        """Insert rows (ON CONFLICT DO NOTHING on ``conflict``); returns how many went in."""
        raise NotImplementedError

    def write(self, conn: Connection, batch: list[_Entry],
              memo: dict[Any, Any]) -> tuple[dict[str, int], dict[Any, int], dict[str, int]]:
        """Store the batch; returns its counts, the sources it resolved, and new articles per part."""
        self.lock(conn)
        st = statements(conn.dialect.name)
        sources: dict[Any, int] = {}
        for entry in batch:
            doc = entry.extraction.document
            key = source_key(doc.outlet, doc.url)
            known = (sources.get(key) or memo.get(key)) if key else None
            entry.source_id = known if known is not None else resolve_source(conn, st, doc.outlet, doc.url)
            if key:
                sources[key] = entry.source_id
        seen: set[tuple[int, str]] = set()
        candidates = []
        for entry in batch:
            key = (entry.source_id, entry.extraction.document.sha256)
            if key not in seen:
                seen.add(key)
                candidates.append(entry)
        stored = self.existing(conn, [(e.source_id, e.extraction.document.sha256) for e in candidates])
        new = [e for e in candidates if (e.source_id, e.extraction.document.sha256) not in stored]

        book = BookDirectory()
        book.load(conn, (norm for e in new for actor in e.extraction.actors for norm in actor_forms(actor)))
        for entry in new:
            entry.actor_ids = resolve_actors(book, entry.extraction.actors)
        real_ids, actors, aliases = self._write_actors(conn, book)
        counts = {"new": len(new), "skipped": len(batch) - len(new), "actors": actors, "rows": actors + aliases}
        for key, value in self._write_articles(conn, new, real_ids).items():
            counts[key] = counts.get(key, 0) + value
        new_by_part: dict[str, int] = {}
        for entry in new:
            new_by_part[entry.digest] = new_by_part.get(entry.digest, 0) + 1
        return counts, sources, new_by_part

    def _write_actors(self, conn: Connection, book: BookDirectory) -> tuple[dict[int, int], int, int]:
        """The book's changes, written: updates in the order they were made, then the new actors (their
        provisional ids replaced by real ones, in the same order) and aliases. Returns the id map."""
        for actor_id, changes in book.updates:
            conn.execute(update(_ACTORS).where(_ACTORS.c.id == actor_id).values(**changes))
        new_actors = book.new_actor_rows()
        ids = dict(zip((row[0] for row in new_actors), self.allocate(conn, "actors", len(new_actors)), strict=True))
        actor_rows = [(ids[row[0]], *row[1:]) for row in new_actors]
        if self.insert(conn, "actors", ACTOR_COLUMNS, actor_rows, conflict=("name_norm",)) != len(actor_rows):
            raise _Race
        alias_rows = [(ids.get(owner, owner), alias, norm) for owner, alias, norm in book.new_alias_rows()]
        if self.insert(conn, "actor_aliases", ALIAS_COLUMNS, alias_rows, conflict=("alias_norm",)) != len(alias_rows):
            raise _Race
        return ids, len(actor_rows), len(alias_rows)

    def _write_articles(self, conn: Connection, new: list[_Entry], real_ids: dict[int, int]) -> dict[str, int]:
        article_ids = self.allocate(conn, "articles", len(new))
        claim_ids = iter(self.allocate(conn, "claims", sum(len(e.extraction.claims) for e in new)))
        now = datetime.now(UTC)
        articles, claims, figures = [], [], []
        for entry, article_id in zip(new, article_ids, strict=True):
            extraction = entry.extraction
            actor_ids = {norm: real_ids.get(i, i) for norm, i in entry.actor_ids.items()}
            row = article_row(extraction.document, entry.source_id, now)
            row["id"] = article_id
            articles.append(tuple(row[c] for c in ARTICLE_COLUMNS))
            ids = [next(claim_ids) for _ in extraction.claims]
            for claim_id, claim in zip(ids, claim_rows(extraction, article_id, actor_ids), strict=True):
                claim["id"] = claim_id
                claims.append(tuple(claim[c] for c in CLAIM_COLUMNS))
            figures.extend(tuple(f[c] for c in FIGURE_COLUMNS)
                           for f in figure_rows(extraction, article_id, ids, actor_ids))
        if self.insert(conn, "articles", ARTICLE_COLUMNS, articles, conflict=("source_id", "sha256")) != len(articles):
            raise _Race  # another writer stored one of them since we looked: do the batch again
        self.insert(conn, "claims", CLAIM_COLUMNS, claims)
        self.insert(conn, "figures", FIGURE_COLUMNS, figures)
        return {"figures": len(figures), "claims": len(claims),
                "rows": len(articles) + len(claims) + len(figures)}


def _quoted(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


class _SqliteWriter(_Writer):
    """SQLite: the batch transaction holds the write lock (BEGIN IMMEDIATE), so ids are simply the next
    ones and rows go in with executemany."""

    def allocate(self, conn: Connection, table: str, count: int) -> list[int]:
        if not count:
            return []
        top = conn.exec_driver_sql(f'SELECT coalesce(max(id), 0) FROM "{table}"').scalar_one()
        return list(range(top + 1, top + 1 + count))

    def existing(self, conn: Connection, keys: list[tuple[int, str]]) -> set[tuple[int, str]]:
        found: set[tuple[int, str]] = set()
        for start in range(0, len(keys), 400):
            chunk = keys[start:start + 400]
            values = ", ".join("(?, ?)" for _ in chunk)
            params = tuple(v for key in chunk for v in key)
            found.update((row[0], row[1]) for row in conn.exec_driver_sql(
                f"SELECT source_id, sha256 FROM articles WHERE (source_id, sha256) IN (VALUES {values})", params))
        return found

    def insert(self, conn: Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]], *,
               conflict: Sequence[str] = ()) -> int:
        if not rows:
            return 0
        processors = _bind_processors(conn, table, columns)
        if processors:  # values stored exactly as SQLAlchemy stores them (dates, times, JSON, booleans)
            rows = [tuple(value if value is None or i not in processors else processors[i](value)
                          for i, value in enumerate(row)) for row in rows]
        on_conflict = f" ON CONFLICT ({_quoted(conflict)}) DO NOTHING" if conflict else ""
        sql = (f'INSERT INTO "{table}" ({_quoted(columns)}) VALUES ({", ".join("?" for _ in columns)})'
               f"{on_conflict}")
        return conn.exec_driver_sql(sql, rows).rowcount


def _bind_processors(conn: Connection, table: str, columns: Sequence[str]) -> dict[int, Callable[[Any], Any]]:
    """Position -> the column type's own bind processor, for the columns that have one."""
    from facttrack.db.tables import METADATA

    found = {}
    for i, name in enumerate(columns):
        processor = METADATA.tables[table].c[name].type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
        if processor is not None:
            found[i] = processor
    return found


class _PostgresWriter(_Writer):
    """PostgreSQL: ids from the tables' sequences, rows by COPY into temporary staging tables, then
    INSERT ... SELECT ... ON CONFLICT DO NOTHING into the real ones (in staging order)."""

    def lock(self, conn: Connection) -> None:
        conn.exec_driver_sql("LOCK TABLE actors, actor_aliases IN SHARE ROW EXCLUSIVE MODE")

    def allocate(self, conn: Connection, table: str, count: int) -> list[int]:
        if not count:
            return []
        return list(conn.execute(text(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) "
                                      "FROM generate_series(1, :n)"), {"n": count}).scalars())

    def existing(self, conn: Connection, keys: list[tuple[int, str]]) -> set[tuple[int, str]]:
        if not keys:
            return set()
        rows = conn.execute(text(
            "SELECT a.source_id, a.sha256 FROM articles a JOIN unnest(CAST(:sids AS integer[]), "
            "CAST(:shas AS text[])) AS k(sid, sha) ON a.source_id = k.sid AND a.sha256 = k.sha"),
            {"sids": [k[0] for k in keys], "shas": [k[1] for k in keys]})
        return {(row[0], row[1]) for row in rows}

    def insert(self, conn: Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]], *,
               conflict: Sequence[str] = ()) -> int:
        if not rows:
            return 0
        import psycopg
        from psycopg.types.json import Json

        stage = f"ft_stage_{table}"  # temporary: emptied at every commit, gone with the connection
        conn.exec_driver_sql(f"CREATE TEMP TABLE IF NOT EXISTS {stage} ON COMMIT DELETE ROWS AS "
                             f"SELECT 0::bigint AS ft_seq, {_quoted(columns)} FROM {table} WITH NO DATA")
        json_column = columns.index("tags") if "tags" in columns else -1
        statement = f"COPY {stage} (ft_seq, {_quoted(columns)}) FROM STDIN"
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            with cursor.copy(statement) as copy:
                for seq, row in enumerate(rows):
                    if json_column >= 0:
                        row = (*row[:json_column], Json(row[json_column]), *row[json_column + 1:])
                    copy.write_row((seq, *row))
        except psycopg.Error as exc:  # raw driver errors, as SQLAlchemy would have wrapped them
            raise DBAPIError.instance(statement, None, exc, psycopg.Error) from exc
        finally:
            cursor.close()
        on_conflict = f" ON CONFLICT ({_quoted(conflict)}) DO NOTHING" if conflict else ""
        result = conn.exec_driver_sql(f"INSERT INTO {table} ({_quoted(columns)}) SELECT {_quoted(columns)} "
                                      f"FROM {stage} ORDER BY ft_seq{on_conflict}")
        return result.rowcount
