"""Checks on SQLite files before anything opens them: is it a SQLite database, may this process
write it and its folder, and how to open it read-only when it may not. Nothing here writes a byte."""

from __future__ import annotations

import os
from pathlib import Path

from facttrack.errors import DatabaseError

SQLITE_HEADER = b"SQLite format 3\x00"


def can_write(path: Path) -> bool:
    """Whether this process may write ``path`` (as its effective user: root may write anything)."""
    if os.access in os.supports_effective_ids:
        return os.access(path, os.W_OK, effective_ids=True)
    return os.access(path, os.W_OK)


def is_sqlite_file(path: Path) -> bool:
    """Whether ``path`` starts with SQLite's header (False when it cannot be read)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


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
