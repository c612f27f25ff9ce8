"""A new SQLite file gets its schema by replaying what the migrations did to the last new file.

Migrating an empty SQLite file to head costs a command about a fifth of a second, mostly importing
Alembic and loading the migration scripts, for the same statements every time. So the first upgrade
of an empty file from nothing to head records every statement the migrations run on it; later
upgrades of an empty file run that recording in their place, in the same locked transaction and
followed by the same checks. The recording lives in the cache folder under a key of everything that
shapes those statements (the migration files, and the versions of Alembic, SQLAlchemy and the SQLite
library), so a changed migration or library is recorded afresh; a damaged file is ignored.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import metadata
from importlib.resources import files
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, event

from facttrack.cache import cache_dir, write_atomically

Statement = tuple[str, Any, bool]  # SQL, parameters, executemany


def is_empty(conn: Connection) -> bool:
    """Whether the SQLite database holds nothing at all (no table, index, view or trigger)."""
    return conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one() == 0


def _path() -> Path | None:
    """Where the recording for these migrations and libraries lives, None when a version is unknown."""
    key = _key()
    return cache_dir() / f"schema-sqlite-{key}.json" if key else None


@cache
def _key() -> str | None:
    digest = hashlib.sha256()
    root = files("facttrack.migrations")
    scripts = [root.joinpath("env.py"), *sorted((entry for entry in root.joinpath("versions").iterdir()
                                                 if entry.name.endswith(".py")), key=lambda entry: entry.name)]
    for script in scripts:
        digest.update(script.name.encode() + b"\0" + script.read_bytes() + b"\0")
    try:
        versions = [metadata.version("alembic"), metadata.version("sqlalchemy")]
    except metadata.PackageNotFoundError:
        return None
    digest.update("\0".join([*versions, sqlite3.sqlite_version]).encode())
    return digest.hexdigest()[:16]


def recording() -> list[Statement] | None:
    """The recorded statements, or None (none yet, unreadable, or damaged)."""
    path = _path()
    if path is None:
        return None
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        statements = saved["statements"]
        if saved["digest"] != _digest(statements):
            return None
        return [(str(sql), params, bool(many)) for sql, params, many in statements]
    except (OSError, ValueError, TypeError, KeyError):
        return None


def replay(conn: Connection, statements: list[Statement]) -> None:
    for sql, params, many in statements:
        conn.exec_driver_sql(sql, [tuple(p) for p in params] if many else tuple(params))


@contextmanager
def recorder(conn: Connection) -> Iterator[list[Statement]]:
    """Collect every statement run on ``conn`` meanwhile (save them once the transaction committed)."""
    statements: list[Statement] = []

    def seen(_conn: Any, _cursor: Any, sql: str, params: Any, _context: Any, many: bool) -> None:
        statements.append((sql, [list(p) for p in params] if many else list(params or ()), many))

    event.listen(conn, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(conn, "before_cursor_execute", seen)


def save(statements: list[Statement]) -> None:
    path = _path()
    if path is None:
        return
    try:
        text = json.dumps({"statements": statements, "digest": _digest(statements)})
    except (TypeError, ValueError):
        return  # a parameter JSON cannot hold: nothing recorded, the migrations keep running
    write_atomically(path, text.encode("utf-8"))


def _digest(statements: Any) -> str:
    return hashlib.sha256(json.dumps(statements, sort_keys=True).encode("utf-8")).hexdigest()
