"""What a driver's error means: one line naming the database for people, and a kind for writers
(wait and retry, retry, fail this article, or stop) shared by the store and the bulk loader."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import URL
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError

from facttrack.db.settings import LOCK_TIMEOUT_ENV, display_name, lock_timeout
from facttrack.errors import DatabaseError


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


ErrorKind = Literal["busy", "race", "article", "database"]

_PG_RACE_STATES = frozenset({"40001", "40P01", "23505"})  # serialization failure, deadlock, unique race
_PG_BUSY_STATES = frozenset({"55P03"})                    # lock_not_available (lock_timeout)
_PG_ARTICLE_CLASSES = ("22", "23", "54")                  # data exception, constraint, program limit
_SQLITE_ARTICLE_CODES = ("SQLITE_CONSTRAINT", "SQLITE_TOOBIG", "SQLITE_MISMATCH", "SQLITE_RANGE")


def error_kind(exc: DBAPIError) -> ErrorKind:
    """What a failed write means: wait and retry (busy), retry (race), fail the article, or stop."""
    orig = exc.orig
    state = getattr(orig, "sqlstate", None)
    if state:
        if state in _PG_BUSY_STATES:
            return "busy"
        if state in _PG_RACE_STATES:
            return "race"
        return "article" if state[:2] in _PG_ARTICLE_CLASSES else "database"
    code = str(getattr(orig, "sqlite_errorname", "") or "")
    message = str(orig).lower()
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in message \
            or "table is locked" in message:
        return "busy"
    if code.startswith(_SQLITE_ARTICLE_CODES):
        return "article"
    if not code and isinstance(exc, DataError | IntegrityError):
        return "article"  # refused by the driver before the server saw it (psycopg: NUL in text)
    return "database"


def first_line(exc: BaseException) -> str:
    """The first line of a driver's message, whitespace collapsed."""
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return " ".join(lines[0].split()) if lines else type(orig).__name__
