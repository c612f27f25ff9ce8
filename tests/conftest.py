"""Named fixtures for real databases: SQLite files in a temp folder, and a fresh database on the real
PostgreSQL server named by FACTTRACK_TEST_DATABASE_URL (those tests skip only when it is unset)."""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
PG_ENV = "FACTTRACK_TEST_DATABASE_URL"


def shared_path(*parts: str) -> Path:
    """A file under ../shared/, or skip the test cleanly when shared/ is not beside the checkout."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path


@pytest.fixture
def open_dir() -> Iterator[Path]:
    """A folder any user may enter and write (pytest's tmp_path is closed to everyone but its owner):
    for tests that read or write as an unprivileged user (``as_nobody``)."""
    folder = Path(tempfile.mkdtemp(prefix="facttrack-open-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        for path in sorted(folder.rglob("*"), reverse=True):
            path.chmod(0o700)
            path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()
        folder.rmdir()


def as_nobody(work: Callable[[], Any]) -> Any:
    """``work()`` run in a forked child that dropped root to nobody (root reads every file, so an
    unreadable file needs another user to be unreadable); its JSON-able result comes back by a pipe.
    The parent must already have imported what ``work`` loads: nobody cannot read the interpreter's
    own folder."""
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child process
        status = 1
        try:
            os.close(rfd)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            os.write(wfd, json.dumps(work()).encode())
            status = 0
        finally:
            os._exit(status)
    os.close(wfd)
    with os.fdopen(rfd, "rb") as f:
        data = f.read()
    _, status = os.waitpid(pid, 0)
    assert status == 0, "the unprivileged child failed"
    return json.loads(data)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a new SQLite database file (not created yet)."""
    return tmp_path / "facttrack.db"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A new, empty PostgreSQL database on the real server, dropped afterwards."""
    with fresh_pg_database() as url:
        yield url


@contextmanager
def fresh_pg_database() -> Iterator[str]:
    """The URL of a new, empty database on the real server (skip when none is set), dropped after."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} not set: no PostgreSQL server to test against")
    import sqlalchemy as sa

    name = f"facttrack_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        drop_database(admin, name)
        admin.dispose()


def drop_database(admin, name: str) -> None:  # noqa: ANN001 - an SQLAlchemy engine
    """Drop a test database. DROP ... WITH (FORCE) cannot end an autovacuum worker that a non-superuser
    does not own, so it is retried (up to 10 s) until the worker is done."""
    import time

    import sqlalchemy as sa

    for attempt in range(40):
        try:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except sa.exc.DBAPIError:
            if attempt == 39:
                raise
            time.sleep(0.25)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on a SQLite file and on a real PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "facttrack.db")
    return request.getfixturevalue("pg_url")
