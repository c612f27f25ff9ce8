"""Opening a database: checks, connection settings, and automatic migration to the newest schema.

Every command opens its database through ``open_database``, which refuses what it must not touch (a
file that is not SQLite, a schema newer than this facttrack, a read-only file for a writing command)
and otherwise migrates to the head revision (migrate.py), so users never migrate by hand. SQLite
connections get WAL, a busy timeout and foreign keys; PostgreSQL ones a lock timeout.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.exc import NoSuchModuleError

from facttrack.db.migrate import Notice, migrate_to_head
from facttrack.db.settings import (
    PG_CONNECT_TIMEOUT_S,
    READ_ONLY_OPTION,
    WRITE_OPTION,
    database_url,
    display_name,
    is_read_only,
    lock_timeout,
    mask_url,
)
from facttrack.db.sqlitefile import check_sqlite_file
from facttrack.errors import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy import Connection


def open_database(value: str | None, *, create: bool = True, backup: bool = True,
                  notice: Notice | None = None) -> Engine:
    """An Engine on the database, checked and migrated to head (raises DatabaseError, one line).

    ``create=True`` is for commands that write: a missing SQLite file is created, a read-only one is
    refused. ``create=False`` is for read-only commands: a missing SQLite file is an error, not a new
    database, and a file (or folder) that cannot be written is opened read-only. Before migrating a
    SQLite file that holds data, a copy is written next to it (``backup=False`` skips it); ``notice``
    (default: stderr) is told where.
    """
    engine = connect_database(value, create=create)
    try:
        migrate_to_head(engine, backup=backup, notice=notice)
        if engine.dialect.name == "sqlite" and not is_read_only(engine):
            _enable_wal(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def connect_database(value: str | None, *, create: bool = True) -> Engine:
    """open_database without the migration: the same checks and connection settings, the schema as
    it is (``db current``, ``db backup`` and migration tests)."""
    url = database_url(value)
    lock_timeout()  # a bad $FACTTRACK_LOCK_TIMEOUT is reported before anything is opened
    backend = url.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, create=create)
    if backend == "postgresql":
        return _postgresql_engine(url)
    raise DatabaseError(
        f"{display_name(url)}: unsupported database (use a SQLite file path or postgresql+psycopg://...)")


def _sqlite_engine(url: URL, *, create: bool) -> Engine:
    path = url.database
    uri_params: str | None = None
    if path and path != ":memory:" and not path.startswith("file:"):
        uri_params = check_sqlite_file(Path(path), create=create)
    if uri_params is None:
        engine = create_engine(url)
    else:
        import sqlite3

        uri = f"file:{quote(os.path.abspath(str(path)))}?{uri_params}"
        engine = create_engine(url, creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    if uri_params is not None:
        engine = engine.execution_options(**{READ_ONLY_OPTION: True})
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    """Per-connection settings. isolation_level=None hands BEGIN to us (see _sqlite_on_begin), so DDL
    is transactional and writers can BEGIN IMMEDIATE. WAL is persistent in the file: it is set once,
    by _enable_wal, after the file has been accepted as a facttrack database."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(lock_timeout() * 1000)}")
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
    # Server settings travel in libpq's "options"; ones the URL already carries are kept, ours added.
    given = url.query.get("options", ())
    ours = f"-c lock_timeout={int(lock_timeout() * 1000)}"
    options = " ".join([*((given,) if isinstance(given, str) else given), ours])
    try:
        return create_engine(url, connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S,
                                                "application_name": "facttrack",
                                                "options": options.strip()})
    except (ModuleNotFoundError, NoSuchModuleError):
        missing = "the PostgreSQL driver is missing (pip install 'facttrack[postgres]')"
        raise DatabaseError(f"{mask_url(url)}: {missing}") from None

