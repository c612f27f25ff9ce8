"""Named fixtures for real databases: SQLite files in a temp folder, and a fresh database on the real
PostgreSQL server named by FACTTRACK_TEST_DATABASE_URL (those tests skip only when it is unset)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

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
def db_path(tmp_path: Path) -> Path:
    """A path for a new SQLite database file (not created yet)."""
    return tmp_path / "facttrack.db"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A new, empty PostgreSQL database on the real server, dropped afterwards."""
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
