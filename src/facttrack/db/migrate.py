"""Schema migrations: the packaged Alembic revisions, reading a database's revision, and upgrading
(or downgrading) it in one locked transaction.

Alembic is imported only when a migration is actually needed or asked about, which keeps start-up
fast: ``HEAD_REVISION`` lets an up-to-date database be recognised without it, and a new SQLite file
gets the recording of what the migrations did to the last one (newschema.py). A SQLite file that
holds data is backed up next to itself (backup.py) before its schema changes.
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from facttrack.db import newschema
from facttrack.db.backup import backup_before_upgrade
from facttrack.db.failures import database_error
from facttrack.db.settings import WRITE_OPTION, display_name, engine_memo, is_read_only, raw_execute
from facttrack.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Connection

HEAD_REVISION = "0007"
"""The newest migration, kept here so opening an up-to-date database never imports Alembic (a test
checks it equals the head of the packaged migrations)."""
Notice = Callable[[str], None]

# pg_advisory_xact_lock key serialising concurrent migrations of one PostgreSQL database.
_PG_MIGRATION_LOCK = zlib.crc32(b"facttrack.migrations")

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


def migrate_to_head(engine: Engine, *, backup: bool = True, notice: Notice | None = None) -> None:
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
    unless ``backup=False``; ``notice`` (default: one line on stderr) says where. An empty SQLite
    file upgraded to head runs the statements the migrations ran on the last one (newschema.py).
    """
    display = display_name(engine.url)
    sqlite = engine.dialect.name == "sqlite"
    # an empty SQLite file migrated to head replays the recording of the last one (newschema.py)
    recorded = newschema.recording() if sqlite and revision == "head" else None
    if recorded is None:
        known_revisions()  # load Alembic and the migration scripts before taking the lock, not while holding it
    recording: list[newschema.Statement] | None = None
    try:
        with engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            if sqlite:
                # Alembic's batch operations rebuild a table with DROP TABLE, which with foreign keys on
                # would cascade into its children; references are checked before committing instead.
                raw_execute(conn, "PRAGMA foreign_keys = OFF")  # outside a transaction, or it is ignored
            try:
                with conn.begin():
                    _lock_for_migration(conn)
                    current = _read_revision(conn)
                    empty = sqlite and current is None and newschema.is_empty(conn)
                    if empty and recorded is not None:
                        newschema.replay(conn, recorded)
                        if _read_revision(conn) != HEAD_REVISION:
                            raise DatabaseError(f"{display}: the recorded schema is not at {HEAD_REVISION}")
                    elif revision == "head" and current == HEAD_REVISION:
                        return  # another process migrated it meanwhile
                    else:
                        _check_known(current, display)
                        if current is None and sqlite:
                            _refuse_foreign_sqlite(conn, display)
                        target = head_revision() if revision == "head" else revision
                        if current == target:
                            return
                        if backup and sqlite and current is not None and _holds_data(conn):
                            _backup_before_upgrade(engine, current, target, notice)
                        if empty and target == HEAD_REVISION:
                            with newschema.recorder(conn) as recording:
                                _run_alembic(conn, "upgrade", revision)
                        else:
                            _run_alembic(conn, "upgrade", revision)
                    if sqlite:
                        _check_sqlite_after_migration(conn, display)
            finally:
                if sqlite:
                    raw_execute(conn, "PRAGMA foreign_keys = ON")
    except DBAPIError as exc:
        raise database_error(engine.url, exc) from None
    if recording:
        newschema.save(recording)  # committed and checked: later empty files replay it


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


def _lock_for_migration(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})


def _holds_data(conn: Connection) -> bool:
    tables = set(inspect(conn).get_table_names())
    return any(conn.execute(text(f"SELECT EXISTS (SELECT 1 FROM {table})")).scalar()
               for table in ("articles", "actors", "sources") if table in tables)


def _backup_before_upgrade(engine: Engine, current: str, target: str, notice: Notice | None) -> None:
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
