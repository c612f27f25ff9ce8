"""Which database, and how facttrack uses it: URL resolution, password masking, the lock timeout,
the execution options facttrack sets on its engines, and a per-engine memo.

Every other database module depends on this one and it depends on none of them, so the modules that
open, check, migrate and copy databases never import each other in a circle.
"""

from __future__ import annotations

import math
import os
import re
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError

from facttrack.errors import DatabaseError

ENV_VAR = "FACTTRACK_DB"
DEFAULT_DB = "facttrack.db"
LOCK_TIMEOUT_ENV = "FACTTRACK_LOCK_TIMEOUT"
BUSY_TIMEOUT_MS = 30_000
"""How long a writer waits for another writer's lock by default ($FACTTRACK_LOCK_TIMEOUT, seconds,
changes it): SQLite's busy_timeout, PostgreSQL's lock_timeout, and the deadline of the retries."""
PG_CONNECT_TIMEOUT_S = 5
WRITE_OPTION = "facttrack_write"
"""Execution option: a connection carrying it starts SQLite transactions with BEGIN IMMEDIATE, so a
writer waits for the write lock up front (busy_timeout applies) instead of failing mid-transaction."""
READ_ONLY_OPTION = "facttrack_read_only"
"""Execution option set on engines over a SQLite file this process cannot write (read-only file or
folder): queries work, the schema is not migrated, writes are refused."""

_memos: WeakKeyDictionary[Engine, dict[Any, Any]] = WeakKeyDictionary()


def engine_memo(engine: Engine) -> dict[Any, Any]:
    """A per-database memo for facts about committed rows that are never deleted (e.g. a source's
    id): emptied when a downgrade drops tables, the one way such rows disappear."""
    return _memos.setdefault(engine, {})


def raw_execute(conn: Connection, sql: str) -> None:
    """Run a statement as written on the driver's cursor: no automatic BEGIN, no parameters (so a
    '%' in it is a '%', not a placeholder)."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
    finally:
        cursor.close()


def is_read_only(engine: Engine) -> bool:
    """Whether the engine was opened read-only (a SQLite file or folder this process cannot write)."""
    return bool(engine.get_execution_options().get(READ_ONLY_OPTION))


def database_url(value: str | None) -> URL:
    """--db value, else $FACTTRACK_DB, else ./facttrack.db; "://" makes it a URL, else a SQLite path."""
    raw = value or os.environ.get(ENV_VAR) or DEFAULT_DB
    if "://" in raw:
        userinfo = _RAW_PASSWORD.match(raw.split("?", 1)[0])
        if userinfo and "@" in userinfo.group(2):
            raise DatabaseError(f"{mask_url(raw)}: not a valid database URL (write @ in a password as %40)")
        try:
            return make_url(raw)
        except (ArgumentError, ValueError):
            raise DatabaseError(f"{mask_url(raw)}: not a valid database URL") from None
    return URL.create("sqlite", database=os.path.expanduser(raw))


# scheme://user:PASSWORD@ up to the last "@" before any query: a password with an unescaped "@"
# is masked whole.
_RAW_PASSWORD = re.compile(r"([^:/]+://[^:/@]*:)([^?]*)@")


def mask_url(url: str | URL) -> str:
    """The URL with its password (and any password query parameter) replaced by ***."""
    if isinstance(url, str):
        raw = url
        try:
            url = make_url(raw)
        except (ArgumentError, ValueError):
            return _RAW_PASSWORD.sub(r"\1***@", raw, count=1)
        if raw.split("?", 1)[0].count("@") > 1 and _RAW_PASSWORD.match(raw):
            return mask_url(_RAW_PASSWORD.sub(r"\1***@", raw, count=1))
    if url.query:
        url = url.update_query_dict(
            {key: "***" for key in url.query if "password" in key.lower() or key.lower() == "sslpassword"})
    return url.render_as_string(hide_password=True)


def display_name(url: URL) -> str:
    """How messages name a database: the file path for SQLite, the masked URL otherwise."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return mask_url(url)


def lock_timeout() -> float:
    """Seconds a writer waits for another process's lock before giving up ($FACTTRACK_LOCK_TIMEOUT)."""
    raw = os.environ.get(LOCK_TIMEOUT_ENV, "").strip()
    if not raw:
        return BUSY_TIMEOUT_MS / 1000
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not 0 <= value <= 86_400:
        raise DatabaseError(f"{LOCK_TIMEOUT_ENV}={raw!r}: not a number of seconds between 0 and 86400")
    return value
