"""Opening a database: URL resolution, safety checks, connection settings and automatic migration.

Every command opens its database through ``open_database``, which refuses what it must not touch (a
file that is not SQLite, a schema newer than this facttrack) and otherwise migrates to the head
revision, so users never migrate by hand. Alembic is imported only when a migration is actually
needed or asked about, which keeps start-up fast.
"""

from __future__ import annotations

import os
import re
import zlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from facttrack.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Connection

ENV_VAR = "FACTTRACK_DB"
DEFAULT_DB = "facttrack.db"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000
PG_CONNECT_TIMEOUT_S = 5
HEAD_REVISION = "0001"
"""The newest migration, kept here so opening an up-to-date database never imports Alembic (a test
checks it equals the head of the packaged migrations)."""
WRITE_OPTION = "facttrack_write"
"""Execution option: a connection carrying it starts SQLite transactions with BEGIN IMMEDIATE, so a
writer waits for the write lock up front (busy_timeout applies) instead of failing mid-transaction."""

# pg_advisory_xact_lock key serialising concurrent migrations of one PostgreSQL database.
_PG_MIGRATION_LOCK = zlib.crc32(b"facttrack.migrations")


def database_url(value: str | None) -> URL:
    """--db value, else $FACTTRACK_DB, else ./facttrack.db; "://" makes it a URL, else a SQLite path."""
    raw = value or os.environ.get(ENV_VAR) or DEFAULT_DB
    if "://" in raw:
        try:
            return make_url(raw)
        except (ArgumentError, ValueError):
            raise DatabaseError(f"{mask_url(raw)}: not a valid database URL") from None
    return URL.create("sqlite", database=os.path.expanduser(raw))


def mask_url(url: str | URL) -> str:
    """The URL with its password (and any password query parameter) replaced by ***."""
    if isinstance(url, str):
        try:
            url = make_url(url)
        except (ArgumentError, ValueError):
            return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)
    if url.query:
        url = url.update_query_dict(
            {key: "***" for key in url.query if "password" in key.lower() or key.lower() == "sslpassword"})
    return url.render_as_string(hide_password=True)


def display_name(url: URL) -> str:
    """How messages name a database: the file path for SQLite, the masked URL otherwise."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return mask_url(url)


def open_database(value: str | None, *, create: bool = True) -> Engine:
    """An Engine on the database, checked and migrated to head (raises DatabaseError, one line).

    ``create=False`` is for read-only commands: a missing SQLite file is an error, not a new database.
    """
    url = database_url(value)
    backend = url.get_backend_name()
    if backend == "sqlite":
        engine = _sqlite_engine(url, create=create)
    elif backend == "postgresql":
        engine = _postgresql_engine(url)
    else:
        raise DatabaseError(
            f"{display_name(url)}: unsupported database (use a SQLite file path or postgresql+psycopg://...)")
    try:
        _migrate(engine, display_name(url))
        if backend == "sqlite":
            _enable_wal(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def _sqlite_engine(url: URL, *, create: bool) -> Engine:
    path = url.database
    if path and path != ":memory:" and not path.startswith("file:"):
        _check_sqlite_file(Path(path), create=create)
    engine = create_engine(url)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _check_sqlite_file(path: Path, *, create: bool) -> None:
    """Refuse, without writing a byte, anything that is not a SQLite database (or nothing, if allowed)."""
    if path.is_dir():
        raise DatabaseError(f"{path}: is a folder, not a database file")
    if not path.exists():
        if not create:
            raise DatabaseError(f"{path}: no such database (ingest articles first)")
        if not path.parent.is_dir():
            raise DatabaseError(f"{path}: folder {path.parent} does not exist")
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if header and header != SQLITE_HEADER:
        raise DatabaseError(f"{path}: not a SQLite database (left untouched)")


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    """Per-connection settings. isolation_level=None hands BEGIN to us (see _sqlite_on_begin), so DDL
    is transactional and writers can BEGIN IMMEDIATE. WAL is persistent in the file: it is set once,
    by _enable_wal, after the file has been accepted as a facttrack database."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _enable_wal(engine: Engine) -> None:
    """Switch the file to WAL (outside any transaction: on the raw connection, where BEGIN is ours).
    A read-only file keeps its journal mode; reading still works."""
    import sqlite3

    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        try:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() not in ("wal", "memory"):
                cursor.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError:
            pass
        finally:
            cursor.close()
    finally:
        raw.close()


def _sqlite_on_begin(conn: Connection) -> None:
    if conn.get_execution_options().get(WRITE_OPTION):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def _postgresql_engine(url: URL) -> Engine:
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    try:
        return create_engine(url, connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S,
                                                "application_name": "facttrack"})
    except (ModuleNotFoundError, NoSuchModuleError):
        missing = "the PostgreSQL driver is missing (pip install 'facttrack[postgres]')"
        raise DatabaseError(f"{mask_url(url)}: {missing}") from None


def database_error(display: str, exc: BaseException) -> DatabaseError:
    """A one-line DatabaseError naming the database and the driver's reason (never the password)."""
    orig = getattr(exc, "orig", None) or exc
    reason = " ".join(str(orig).split()) or type(orig).__name__
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        reason = f"connection lost ({reason})"
    lowered = reason.lower()
    if "file is not a database" in lowered:
        reason = "not a SQLite database (left untouched)"
    elif "readonly database" in lowered or "read-only" in lowered:
        reason = "the database is read-only: writing is not possible"
    elif "connection" in lowered and ("refused" in lowered or "timeout" in lowered or "failed" in lowered):
        reason = f"cannot connect ({reason})"
    return DatabaseError(f"{display}: {reason}")


# ---------------------------------------------------------------------------------------------- Alembic

# Objects the models leave out on purpose: the SQLite FTS5 table (and its shadow tables) and the
# PostgreSQL full-text expression index, both created by the migrations (see textsearch.py).
_UNMODELLED_TABLE_PREFIX = "claims_fts"
_UNMODELLED_INDEXES = frozenset({"ix_claims_text_tsv"})


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic filter keeping full-text search objects out of autogenerate comparisons."""
    if type_ == "table" and name and name.startswith(_UNMODELLED_TABLE_PREFIX):
        return False
    return not (type_ == "index" and name in _UNMODELLED_INDEXES)



def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic Config on the packaged migrations (no alembic.ini, no logging configuration).

    Developers can autogenerate a new revision with
    ``command.revision(alembic_config(conn), message=..., autogenerate=True)``.
    """
    from importlib.resources import files

    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(files("facttrack.migrations")))
    cfg.attributes["connection"] = connection
    return cfg


@cache
def _script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The newest revision this facttrack knows."""
    head = _script_directory().get_current_head()
    assert head is not None, "no migrations packaged"
    return head


def known_revisions() -> frozenset[str]:
    """Every revision this facttrack can upgrade from."""
    return frozenset(script.revision for script in _script_directory().walk_revisions())


def _read_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) > 1:
        raise DatabaseError(f"database has several schema revisions ({', '.join(sorted(rows))})")
    return rows[0] if rows else None


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision (None for an empty database)."""
    display = display_name(engine.url)
    try:
        with engine.connect() as conn:
            return _read_revision(conn)
    except DBAPIError as exc:
        raise database_error(display, exc) from None


def _check_known(revision: str | None, display: str) -> None:
    if revision is not None and revision not in known_revisions():
        raise DatabaseError(
            f"{display}: database schema {revision} is newer than this facttrack (upgrade facttrack)")


def _migrate(engine: Engine, display: str) -> None:
    """Bring the schema to head, unless it already is (a read, no lock) or is unknown (refused)."""
    try:
        with engine.connect() as conn:
            revision = _read_revision(conn)
    except DBAPIError as exc:
        raise database_error(display, exc) from None
    if revision == HEAD_REVISION:
        return
    _check_known(revision, display)
    upgrade(engine, "head")


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema in one transaction, holding the write lock (SQLite) or an advisory lock
    (PostgreSQL) so concurrent processes opening a new database migrate it once."""
    display = display_name(engine.url)
    try:
        with engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                _lock_for_migration(conn)
                current = _read_revision(conn)
                _check_known(current, display)
                if current is None and conn.dialect.name == "sqlite":
                    _refuse_foreign_sqlite(conn, display)
                _run_alembic(conn, "upgrade", revision)
    except DBAPIError as exc:
        raise database_error(display, exc) from None


def downgrade(engine: Engine, revision: str) -> None:
    """Downgrade the schema (operators and migration tests); data in dropped tables is lost."""
    display = display_name(engine.url)
    try:
        with engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                _lock_for_migration(conn)
                _check_known(_read_revision(conn), display)
                _run_alembic(conn, "downgrade", revision)
    except DBAPIError as exc:
        raise database_error(display, exc) from None


def _lock_for_migration(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})


def _refuse_foreign_sqlite(conn: Connection, display: str) -> None:
    """A SQLite file holding other tables and no facttrack schema belongs to something else."""
    tables = sorted(name for name in inspect(conn).get_table_names()
                    if not name.startswith("sqlite_") and name != "alembic_version")
    if tables:
        raise DatabaseError(f"{display}: not a facttrack database (it holds other tables: {', '.join(tables[:3])})")


def _run_alembic(conn: Connection, direction: str, revision: str) -> None:
    from alembic import command

    cfg = alembic_config(conn)
    if direction == "upgrade":
        command.upgrade(cfg, revision)
    else:
        command.downgrade(cfg, revision)
