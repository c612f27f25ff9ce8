"""Opening databases: URL resolution, masking, SQLite settings, refusals that leave files untouched,
an unreachable server, and several processes' worth of connections opening a new database at once."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from facttrack.db.engine import open_database
from facttrack.db.migrate import current_revision, head_revision
from facttrack.db.settings import database_url, mask_url
from facttrack.errors import DatabaseError


def test_database_url_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("FACTTRACK_DB", raising=False)
    assert database_url(None).database == "facttrack.db"
    assert database_url(str(tmp_path / "x.db")).get_backend_name() == "sqlite"
    assert database_url(str(tmp_path / "x.db")).database == str(tmp_path / "x.db")
    monkeypatch.setenv("FACTTRACK_DB", str(tmp_path / "env.db"))
    assert database_url(None).database == str(tmp_path / "env.db")
    assert database_url("other.db").database == "other.db"  # --db wins over the environment
    url = database_url("postgresql+psycopg://someone:pw@db.example:5433/news")
    assert (url.get_backend_name(), url.host, url.port, url.database) == ("postgresql", "db.example", 5433,
                                                                         "news")


def test_mask_url_hides_passwords() -> None:
    masked = mask_url("postgresql+psycopg://reporter:s3cr3t@db.example/news")
    assert "s3cr3t" not in masked and "***" in masked and "reporter" in masked
    masked = mask_url("postgresql+psycopg://db.example/news?user=a&password=s3cr3t")
    assert "s3cr3t" not in masked
    assert "s3cr3t" not in mask_url("post gres://reporter:s3cr3t@db.example:notaport/news")


def test_new_sqlite_database_settings(db_path: Path) -> None:
    engine = open_database(str(db_path))
    try:
        assert current_revision(engine) == head_revision()
        with engine.connect() as first, engine.connect() as second:
            for conn in (first, second):  # every pooled connection, not just the first
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
                assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    finally:
        engine.dispose()


def test_opening_prints_nothing(db_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    open_database(str(db_path)).dispose()
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")


def test_missing_file_is_not_created_for_read_only_use(db_path: Path) -> None:
    with pytest.raises(DatabaseError, match="no such database"):
        open_database(str(db_path), create=False)
    assert not db_path.exists()


@pytest.mark.parametrize("content", [
    b"Mayor said 40 homes flooded.\n",
    b"\x00\x01\x02\xff" * 64,
    b"SQLite",                       # shorter than the header
    b"SQLite format 2\x00" + b"\x00" * 200,
    "caf\u00e9 \u2014 text\n".encode("utf-16"),
])
def test_non_database_file_refused_and_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    before = path.stat()
    with pytest.raises(DatabaseError) as info:
        open_database(str(path))
    message = str(info.value)
    assert "\n" not in message and str(path) in message and "not a SQLite database" in message
    assert path.read_bytes() == content
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]  # no -wal, -shm or -journal


def test_foreign_sqlite_database_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    raw.execute("INSERT INTO recipes (name) VALUES ('soup')")
    raw.commit()
    raw.close()
    content = path.read_bytes()
    with pytest.raises(DatabaseError, match="not a facttrack database"):
        open_database(str(path))
    assert path.read_bytes() == content


def test_folder_and_missing_parent_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="folder"):
        open_database(str(tmp_path))
    with pytest.raises(DatabaseError, match="does not exist"):
        open_database(str(tmp_path / "missing" / "x.db"))
    assert not (tmp_path / "missing").exists()


def test_unsupported_url_refused() -> None:
    with pytest.raises(DatabaseError, match="unsupported database"):
        open_database("mysql://someone:pw@127.0.0.1/news")


def test_unreachable_postgresql_is_a_one_line_error_without_password() -> None:
    with pytest.raises(DatabaseError) as info:
        open_database("postgresql+psycopg://facttrack:hunter2@127.0.0.1:1/facttrack")
    message = str(info.value)
    assert "hunter2" not in message and "***" in message and "\n" not in message
    assert "cannot connect" in message


def test_wrong_postgresql_password_is_a_one_line_error(pg_url: str) -> None:
    from sqlalchemy import make_url

    url = make_url(pg_url).set(password="not-the-password").render_as_string(hide_password=False)
    with pytest.raises(DatabaseError) as info:
        open_database(url)
    assert "not-the-password" not in str(info.value) and "\n" not in str(info.value)


def test_new_database_opened_by_many_at_once_migrates_once(db_url: str) -> None:
    barrier = threading.Barrier(4)
    engines = []
    errors: list[BaseException] = []

    def work() -> None:
        barrier.wait()
        try:
            engines.append(open_database(db_url))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    try:
        assert not errors, errors
        assert len(engines) == 4
        with engines[0].connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
        assert current_revision(engines[0]) == head_revision()
    finally:
        for engine in engines:
            engine.dispose()
