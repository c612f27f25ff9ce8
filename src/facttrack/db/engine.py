"""Opening a database: URL resolution, safety checks, connection settings and automatic migration.

Every command opens its database through ``open_database``, which refuses what it must not touch (a
file that is not SQLite, a schema newer than this facttrack, a read-only file for a writing command)
and otherwise migrates to the head revision, so users never migrate by hand; a SQLite file holding
data is backed up next to itself before its schema changes. Alembic is imported only when a
migration is actually needed or asked about, which keeps start-up fast.
"""

from __future__ import annotations

import math
import os
import re
import sys
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote
from weakref import WeakKeyDictionary

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
LOCK_TIMEOUT_ENV = "FACTTRACK_LOCK_TIMEOUT"
BUSY_TIMEOUT_MS = 30_000
"""How long a writer waits for another writer's lock by default ($FACTTRACK_LOCK_TIMEOUT, seconds,
changes it): SQLite's busy_timeout, PostgreSQL's lock_timeout, and the deadline of the retries."""
PG_CONNECT_TIMEOUT_S = 5
HEAD_REVISION = "0006"
"""The newest migration, kept here so opening an up-to-date database never imports Alembic (a test
checks it equals the head of the packaged migrations)."""
WRITE_OPTION = "facttrack_write"
"""Execution option: a connection carrying it starts SQLite transactions with BEGIN IMMEDIATE, so a
writer waits for the write lock up front (busy_timeout applies) instead of failing mid-transaction."""
READ_ONLY_OPTION = "facttrack_read_only"
"""Execution option set on engines over a SQLite file this process cannot write (read-only file or
folder): queries work, the schema is not migrated, writes are refused."""
Notice = Callable[[str], None]

_memos: WeakKeyDictionary[Engine, dict[Any, Any]] = WeakKeyDictionary()


def engine_memo(engine: Engine) -> dict[Any, Any]:
    """A per-database memo for facts about committed rows that are never deleted (e.g. a source's
    id): emptied when a downgrade drops tables, the one way such rows disappear."""
    return _memos.setdefault(engine, {})

# pg_advisory_xact_lock key serialising concurrent migrations of one PostgreSQL database.
_PG_MIGRATION_LOCK = zlib.crc32(b"facttrack.migrations")


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
        _migrate(engine, backup=backup, notice=notice)
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


def is_read_only(engine: Engine) -> bool:
    """Whether the engine was opened read-only (a SQLite file or folder this process cannot write)."""
    return bool(engine.get_execution_options().get(READ_ONLY_OPTION))


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


def can_write(path: Path) -> bool:
    """Whether this process may write ``path`` (as its effective user: root may write anything)."""
    if os.access in os.supports_effective_ids:
        return os.access(path, os.W_OK, effective_ids=True)
    return os.access(path, os.W_OK)


def check_sqlite_file(path: Path, *, create: bool) -> str | None:
    """Refuse, without writing a byte, anything that is not a SQLite database (or nothing, if allowed).

    Returns None for a normal read-write open, or the URI parameters of a read-only open when this
    process cannot write the file or its folder (SQLite needs the folder for its -wal/-shm files):
    ``mode=ro&immutable=1`` when there is no write-ahead log to read, so that SQLite neither needs
    nor leaves -wal/-shm files it could not create (read-only folder) or that would belong to the
    wrong user (read-only file); plain ``mode=ro`` when another process is writing through its log.
    """
    if path.is_dir():
        raise DatabaseError(f"{path}: is a folder, not a database file")
    folder = path.absolute().parent
    if not path.exists():
        if not create:
            raise DatabaseError(f"{path}: no such database (ingest articles first)")
        if not folder.is_dir():
            raise DatabaseError(f"{path}: folder {path.parent} does not exist")
        if not can_write(folder):
            raise DatabaseError(f"{path}: cannot create the database: folder {folder} is read-only")
        return None
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if header and header != SQLITE_HEADER:
        raise DatabaseError(f"{path}: not a SQLite database (left untouched)")
    file_writable, folder_writable = can_write(path), can_write(folder)
    if file_writable and folder_writable:
        return None
    if create:
        what = "file" if not file_writable else f"folder {folder}"
        raise DatabaseError(f"{path}: the database is read-only (the {what} cannot be written): "
                            "writing is not possible")
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0 and Path(f"{path}-shm").exists():
        return "mode=ro"  # a writer with more rights is at work: read through its log
    return "mode=ro&immutable=1"


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


def database_error(where: str | URL, exc: BaseException) -> DatabaseError:
    """A one-line DatabaseError naming the database and the driver's reason.

    Given the URL, the message names it masked and scrubs its password from the driver's text too,
    should a driver ever echo connection settings back.
    """
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()  # PostgreSQL adds DETAIL, HINT and CONTEXT lines
    reason = " ".join(lines[0].split()) if lines else ""
    reason = reason or type(orig).__name__
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        reason = f"connection lost ({reason})"
    lowered = reason.lower()
    if "file is not a database" in lowered:
        reason = "not a SQLite database (left untouched)"
    elif "readonly database" in lowered or "read-only" in lowered:
        reason = "the database is read-only: writing is not possible"
    elif "database is locked" in lowered or "lock timeout" in lowered or "table is locked" in lowered:
        reason = (f"the database is locked by another process (waited {lock_timeout():g} s; "
                  f"try again, or set {LOCK_TIMEOUT_ENV} to wait longer)")
    elif "database or disk is full" in lowered or "no space left" in lowered or "could not extend file" in lowered:
        reason = "the disk is full (or the database reached its size limit): nothing more can be written"
    elif "disk i/o error" in lowered:
        reason = "the disk refused a write (disk I/O error: it may be full, over a size limit, or failing)"
    elif "connection" in lowered and ("refused" in lowered or "timeout" in lowered or "failed" in lowered):
        reason = f"cannot connect ({reason})"
    if isinstance(where, URL):
        if where.password:
            reason = reason.replace(str(where.password), "***")
        where = display_name(where)
    return DatabaseError(f"{where}: {reason}")


# ---------------------------------------------------------------------------------------------- Alembic

# Objects the models leave out on purpose: the SQLite FTS5 tables (and their shadow tables), the
# PostgreSQL full-text expression indexes, and the views for Datasette and readers, all created by the
# migrations (see textsearch.py, migrations 0001, 0005 and 0006).
_UNMODELLED_TABLE_PREFIXES = ("claims_fts", "articles_fts", "figures_fts")
_UNMODELLED_TABLES = frozenset({"figures_view", "claims_view"})
_UNMODELLED_INDEXES = frozenset({"ix_claims_text_tsv", "ix_figures_sentence_tsv"})
SEARCH_TRIGGERS = {"claims": {"claims_fts_ai", "claims_fts_ad", "claims_fts_au"},
                   "articles": {"articles_fts_ai", "articles_fts_ad", "articles_fts_au"},
                   "figures": {"figures_fts_ai", "figures_fts_ad", "figures_fts_au"}}


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic filter keeping full-text search objects and views out of autogenerate comparisons."""
    if type_ == "table" and name and (name.startswith(_UNMODELLED_TABLE_PREFIXES) or name in _UNMODELLED_TABLES):
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
    try:
        with engine.connect() as conn:
            return _read_revision(conn)
    except DBAPIError as exc:
        raise database_error(engine.url, exc) from None


def _check_known(revision: str | None, display: str) -> None:
    if revision is not None and revision not in known_revisions():
        raise DatabaseError(
            f"{display}: database schema {revision} is newer than this facttrack (upgrade facttrack)")


def _migrate(engine: Engine, *, backup: bool, notice: Notice | None) -> None:
    """Bring the schema to head, unless it already is (a read, no lock) or is unknown (refused)."""
    display = display_name(engine.url)
    try:
        with engine.connect() as conn:
            revision = _read_revision(conn)
    except DBAPIError as exc:
        raise database_error(engine.url, exc) from None
    if revision == HEAD_REVISION:
        return
    _check_known(revision, display)
    if is_read_only(engine):
        have = f"schema {revision}" if revision else "no schema"
        raise DatabaseError(f"{display}: the database has {have} and needs upgrading to {HEAD_REVISION}, "
                            "but it is read-only")
    upgrade(engine, "head", backup=backup, notice=notice)


def upgrade(engine: Engine, revision: str = "head", *, backup: bool = True,
            notice: Notice | None = None) -> None:
    """Upgrade the schema in one transaction, holding the write lock (SQLite) or an advisory lock
    (PostgreSQL) so concurrent processes opening an old or new database migrate it once.

    A SQLite file that holds data is first copied next to itself (NAME.bak-REVISION, see backup.py)
    unless ``backup=False``; ``notice`` (default: one line on stderr) says where.
    """
    display = display_name(engine.url)
    known_revisions()  # load Alembic and the migration scripts before taking the lock, not while holding it
    try:
        with engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            sqlite = conn.dialect.name == "sqlite"
            if sqlite:
                # Alembic's batch operations rebuild a table with DROP TABLE, which with foreign keys on
                # would cascade into its children; references are checked before committing instead.
                _raw_execute(conn, "PRAGMA foreign_keys = OFF")  # outside a transaction, or it is ignored
            try:
                with conn.begin():
                    _lock_for_migration(conn)
                    current = _read_revision(conn)
                    _check_known(current, display)
                    if current is None and sqlite:
                        _refuse_foreign_sqlite(conn, display)
                    target = head_revision() if revision == "head" else revision
                    if current == target:
                        return
                    if backup and sqlite and current is not None and _holds_data(conn):
                        _backup_before_upgrade(engine, current, target, notice)
                    _run_alembic(conn, "upgrade", revision)
                    if sqlite:
                        _check_sqlite_after_migration(conn, display)
            finally:
                if sqlite:
                    _raw_execute(conn, "PRAGMA foreign_keys = ON")
    except DBAPIError as exc:
        raise database_error(engine.url, exc) from None


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
        raise database_error(engine.url, exc) from None
    finally:
        engine_memo(engine).clear()


def _raw_execute(conn: Connection, sql: str) -> None:
    """Run a statement on the driver connection, bypassing SQLAlchemy's automatic BEGIN."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
    finally:
        cursor.close()


def _lock_for_migration(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})


def _holds_data(conn: Connection) -> bool:
    tables = set(inspect(conn).get_table_names())
    return any(conn.execute(text(f"SELECT EXISTS (SELECT 1 FROM {table})")).scalar()
               for table in ("articles", "actors", "sources") if table in tables)


def _backup_before_upgrade(engine: Engine, current: str, target: str, notice: Notice | None) -> None:
    from facttrack.db.backup import backup_before_upgrade

    path = Path(str(engine.url.database))
    copy = backup_before_upgrade(path, current)
    (notice or _stderr)(f"{path}: backed up to {copy} before upgrading its schema from {current} to "
                        f"{target} (to go back: facttrack db backup {path} --db {copy} --force)")


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _check_sqlite_after_migration(conn: Connection, display: str) -> None:
    """Roll back a migration that broke references (foreign keys were off) or lost the search
    triggers (a table rebuild drops them)."""
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = ", ".join(sorted({str(row[0]) for row in broken}))
        raise DatabaseError(f"{display}: migration rolled back: it left {len(broken)} broken references in {tables}")
    if _read_revision(conn) is None:
        return
    rows = conn.exec_driver_sql("SELECT tbl_name, name FROM sqlite_master WHERE type IN ('trigger', 'table') "
                                "AND name LIKE '%fts%'").fetchall()
    names = {name for _, name in rows}
    triggers = {name for table, name in rows if table in SEARCH_TRIGGERS}
    # articles_fts exists from 0006 on: its triggers are checked once the table is there
    expected = set().union(*(t for table, t in SEARCH_TRIGGERS.items() if f"{table}_fts" in names))
    missing = sorted(expected - triggers)
    if missing:
        raise DatabaseError(f"{display}: migration rolled back: it dropped the search triggers {', '.join(missing)}")


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
