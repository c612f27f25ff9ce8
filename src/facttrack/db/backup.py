"""Copies of SQLite databases through SQLite's online backup API: ``facttrack db backup`` and the copy
taken before a schema upgrade.

The API copies one consistent snapshot even while other processes write. A new copy is written to a
hidden temporary file in the target's folder, synced, and only then linked to its name, so a crash
never leaves half a backup under the name a person would restore from. Replacing an existing
database (``--force``, which is also how a backup is restored) goes through SQLite as well, so the
target's write-ahead log stays consistent and a reader sees either the old or the new content.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from facttrack.db.settings import database_url, display_name, lock_timeout
from facttrack.db.sqlitefile import can_write, check_sqlite_file, is_sqlite_file
from facttrack.errors import DatabaseError


@dataclass(frozen=True)
class BackupResult:
    """What ``db backup`` copied: the source, the copy, its schema revision and article count."""

    source: str
    target: str
    revision: str | None
    articles: int
    replaced: bool


def backup_database(value: str | None, target: str, *, force: bool = False) -> BackupResult:
    """Copy the SQLite database named by ``value`` (as ``--db``) to ``target`` without migrating it.

    An existing target is refused unless ``force``. PostgreSQL is refused with a pointer to pg_dump.
    """
    url = database_url(value)
    backend = url.get_backend_name()
    if backend == "postgresql":
        raise DatabaseError(f"{display_name(url)}: db backup copies SQLite files; back up PostgreSQL with "
                            "pg_dump (e.g. pg_dump --format=custom --file=BACKUP.dump DBNAME)")
    path = url.database
    if backend != "sqlite" or not path or path == ":memory:" or path.startswith("file:"):
        raise DatabaseError(f"{display_name(url)}: db backup needs a SQLite file path")
    source = Path(path)
    uri_params = check_sqlite_file(source, create=False) or "mode=ro"
    destination = Path(target)
    if destination.is_dir():
        raise DatabaseError(f"{target}: is a folder (give the file name of the copy)")
    if destination.exists() and os.path.samefile(source, destination):
        raise DatabaseError(f"{target}: is the database itself")
    if destination.exists() and not force:
        raise DatabaseError(f"{target}: already exists (pass --force to replace it)")
    folder = destination.absolute().parent
    if not folder.is_dir():
        raise DatabaseError(f"{target}: folder {destination.parent} does not exist")
    if not can_write(folder):
        raise DatabaseError(f"{target}: cannot write the copy: folder {folder} is read-only")

    src = _connect(f"file:{quote(os.path.abspath(source))}?{uri_params}")
    try:
        revision, articles = _describe(src)
        replaced = destination.exists()
        if replaced and is_sqlite_file(destination):
            _copy_into(src, destination)
        else:
            _copy_to_new(src, destination, replace=replaced)
    except sqlite3.Error as exc:
        raise DatabaseError(f"{source}: cannot read it to make a copy ({_reason(exc)})") from None
    finally:
        src.close()
    return BackupResult(str(source), str(destination), revision, articles, replaced)


def backup_before_upgrade(path: Path, revision: str) -> Path:
    """Copy ``path`` to the first free NAME.bak-REVISION[.N] beside it; returns the copy's path.

    Called while the migrating connection holds the write lock, from a second connection: it reads
    the last committed state, which nobody can change until the upgrade commits.
    """
    target = Path(f"{path}.bak-{revision}")
    number = 0
    while target.exists() or Path(f"{target}-wal").exists():
        number += 1
        target = Path(f"{path}.bak-{revision}.{number}")
    src = _connect(f"file:{quote(os.path.abspath(path))}?mode=ro")
    try:
        _copy_to_new(src, target, replace=False)
    except (sqlite3.Error, DatabaseError) as exc:
        reason = _reason(exc) if isinstance(exc, sqlite3.Error) else str(exc)
        raise DatabaseError(f"{path}: not upgraded: the copy to {target} failed ({reason}); free some space, "
                            "or upgrade without a copy: facttrack db upgrade --no-backup") from None
    finally:
        src.close()
    return target


def _connect(uri: str) -> sqlite3.Connection:
    conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {int(lock_timeout() * 1000)}")
    return conn


def _describe(conn: sqlite3.Connection) -> tuple[str | None, int]:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    revision = None
    if "alembic_version" in tables:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0] if "articles" in tables else 0
    return revision, int(articles)


def _copy_to_new(src: sqlite3.Connection, target: Path, *, replace: bool) -> None:
    """Back up into a temporary file, sync it, then give it its name (never clobbering unless asked)."""
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    _remove_stale_copies(target)
    try:
        for leftover in (temp, Path(f"{temp}-journal")):
            leftover.unlink(missing_ok=True)
        dst = sqlite3.connect(temp, isolation_level=None)
        try:
            src.backup(dst)
            # A plain single-file database: readable from read-only media, no -wal file to carry along.
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        if replace:
            os.replace(temp, target)
        else:
            try:
                os.link(temp, target)  # fails if the name was taken meanwhile: nothing is overwritten
            except FileExistsError:
                raise DatabaseError(f"{target}: already exists (pass --force to replace it)") from None
            except OSError:
                if target.exists():
                    raise DatabaseError(f"{target}: already exists (pass --force to replace it)") from None
                os.replace(temp, target)  # a file system without hard links
        _sync_folder(target.absolute().parent)
    except OSError as exc:
        raise DatabaseError(f"{target}: cannot write the copy ({exc.strerror or exc})") from None
    except sqlite3.Error as exc:
        raise DatabaseError(f"{target}: cannot write the copy ({_reason(exc)})") from None
    finally:
        temp.unlink(missing_ok=True)


def _remove_stale_copies(target: Path) -> None:
    """Temporary files of copies to ``target`` whose process is gone (killed before it could clean up)."""
    for temp in target.absolute().parent.glob(f".{target.name}.*.tmp*"):
        pid = temp.name[len(target.name) + 2:].split(".", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            temp.unlink(missing_ok=True)
        except OSError:
            pass  # alive (another user's process): leave it


def _copy_into(src: sqlite3.Connection, target: Path) -> None:
    """Overwrite an existing SQLite database through SQLite (one step: all or nothing)."""
    try:
        dst = _connect(f"file:{quote(os.path.abspath(target))}")
        try:
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise DatabaseError(f"{target}: cannot replace it with the copy ({_reason(exc)})") from None


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _reason(exc: sqlite3.Error) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
