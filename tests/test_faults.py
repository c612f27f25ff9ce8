"""Crashes. A real `facttrack ingest` process is killed with SIGKILL, again and again on the same
database: at random moments, and at moments it is known to be inside a write transaction (it holds
SQLite's write lock; its PostgreSQL session has written rows). After every kill the database must pass
its integrity checks and hold only complete articles, each exactly as a clean ingest of the same input
stores it; the same ingest run again completes it and duplicates nothing. The same for a schema
upgrade killed halfway, and for Ctrl-C.
"""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from conftest import drop_database
from facttrack.db.engine import connect_database
from facttrack.db.migrate import current_revision, head_revision
from test_db_support import facttrack_command, generated_articles, sqlite_integrity, stored_content, write_jsonl
from test_migrations import old_database, revisions_in_order, snapshot

ARTICLES = 24
ITERATIONS = 6  # databases per backend, each killed KILLS times before the final run
KILLS = 3


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    return write_jsonl(folder / "corpus.jsonl", generated_articles(ARTICLES, sentences=16, seed=5))


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, tuple], set[str], float]:
    """What a clean ingest stores (per article), its actors, and how long it takes (only to choose
    kill moments inside the run; never asserted)."""
    db = tmp_path_factory.mktemp("reference") / "reference.db"
    started = time.monotonic()
    done = subprocess.run(facttrack_command("ingest", corpus, "--db", db, "--format", "json"),
                          capture_output=True, text=True, timeout=300)
    duration = time.monotonic() - started
    assert done.returncode == 0 and json.loads(done.stdout)["new"] == ARTICLES, done.stderr
    return stored_content(str(db)), actor_names(str(db)), duration


def actor_names(db: str) -> set[str]:
    engine = connect_database(db, create=False)
    try:
        with engine.connect() as conn:
            return set(conn.execute(sa.text("SELECT name_norm FROM actors")).scalars())
    finally:
        engine.dispose()


def start_ingest(corpus: Path, db: str) -> subprocess.Popen[str]:
    return subprocess.Popen(facttrack_command("ingest", corpus, "--db", db, "--format", "json"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def kill9(proc: subprocess.Popen[str]) -> bool:
    """SIGKILL the process; False when it had already finished."""
    alive = proc.poll() is None
    if alive:
        proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    return alive and proc.returncode == -signal.SIGKILL


def wait_for_nth_write(proc: subprocess.Popen[str], writing: Callable[[], bool], nth: int, pause: float) -> bool:
    """Poll ``writing()`` while ``proc`` runs; True once it has turned true for the ``nth`` time (the
    ``nth`` distinct write transaction), False when the process finished first."""
    seen, writing_before = 0, False
    while proc.poll() is None:
        now = writing()
        if now and not writing_before:
            seen += 1
            if seen >= nth:
                return True
        writing_before = now
        time.sleep(pause)
    return False


def wait_for_sqlite_writer(db: Path, proc: subprocess.Popen[str], nth: int) -> bool:
    """Return once ``proc`` is seen holding the write lock in its ``nth`` distinct write transaction
    (a probe's BEGIN IMMEDIATE finds the database locked), or False when it finished first."""

    def locked() -> bool:
        if not db.exists():
            return False
        probe = sqlite3.connect(db, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
        except sqlite3.OperationalError as exc:
            return "locked" in str(exc) or "busy" in str(exc)
        finally:
            probe.close()
        return False

    return wait_for_nth_write(proc, locked, nth, 0.002)


def wait_for_pg_writer(pg_url: str, proc: subprocess.Popen[str], nth: int) -> bool:
    """Return once ``proc``'s session is seen inside a transaction that has written (it has a
    transaction id), in its ``nth`` distinct such transaction, or False when it finished first."""
    name = sa.make_url(pg_url).database
    watcher = sa.create_engine(sa.make_url(pg_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    query = sa.text("SELECT count(*) FROM pg_stat_activity WHERE datname = :name "
                    "AND application_name = 'facttrack' AND backend_xid IS NOT NULL")
    try:
        with watcher.connect() as conn:
            return wait_for_nth_write(proc, lambda: bool(conn.execute(query, {"name": name}).scalar()), nth, 0.001)
    finally:
        watcher.dispose()


def schema_complete(db: str) -> bool:
    """True at the newest schema; False with no schema at all (a schema half made fails the test)."""
    engine = connect_database(db, create=False)
    try:
        revision = current_revision(engine)
        with engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names())
    finally:
        engine.dispose()
    assert revision in (None, head_revision())
    assert revision is not None or not tables & {"articles", "claims", "figures"}, "a schema half created"
    return revision is not None


def check_after_crash(db: str, expected: dict[str, tuple], sqlite_path: Path | None) -> int:
    """Integrity, schema either absent or complete, every stored article complete; returns how many."""
    if sqlite_path is not None:
        if not sqlite_path.exists():
            return 0
        assert sqlite_integrity(sqlite_path) == "ok"
    if not schema_complete(db):
        return 0
    stored = stored_content(db)
    partial = [sha for sha, content in stored.items() if content != expected[sha]]
    assert partial == [], f"{len(partial)} articles stored incompletely"
    return len(stored)


def crash_loop(db: str, sqlite_path: Path | None, corpus: Path,
               reference: tuple[dict[str, tuple], set[str], float],
               wait_for_writer: Callable[[subprocess.Popen[str], int], bool], seed_value: int) -> Counter[str]:
    expected, actors, duration = reference
    rng = random.Random(seed_value)
    tally: Counter[str] = Counter()
    for attempt in range(KILLS):
        proc = start_ingest(corpus, db)
        if attempt % 2 == 0:
            time.sleep(rng.uniform(0.0, duration))
            moment = "random moment"
        else:
            moment = "inside a write transaction" if wait_for_writer(proc, rng.randint(1, ARTICLES)) else "finished"
        if kill9(proc):
            tally[f"killed at a {moment}" if moment == "random moment" else f"killed {moment}"] += 1
        stored = check_after_crash(db, expected, sqlite_path)
        tally["complete articles found after kills"] += stored
        tally["kills that left a partly ingested batch"] += int(0 < stored < ARTICLES and proc.returncode != 0)
    final = subprocess.run(facttrack_command("ingest", corpus, "--db", db, "--format", "json"),
                           capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr
    summary = json.loads(final.stdout)
    assert summary["new"] + summary["skipped"] == ARTICLES and summary["failed"] == 0
    assert stored_content(db) == expected  # complete, and nothing twice
    assert actor_names(db) == actors
    return tally


@pytest.mark.slow
def test_kill_9_during_sqlite_ingest_loses_nothing_stored(corpus: Path, reference, tmp_path: Path,
                                                          record_property) -> None:
    tally: Counter[str] = Counter()
    for iteration in range(ITERATIONS):
        path = tmp_path / f"crash-{iteration}.db"
        tally += crash_loop(str(path), path, corpus, reference,
                            lambda proc, nth, path=path: wait_for_sqlite_writer(path, proc, nth), iteration)
    record_property("kills", dict(tally))
    print(f"\nSQLite kill -9: {dict(tally)}")
    assert tally["killed inside a write transaction"] >= 1 and tally["killed at a random moment"] >= 1


def recreate(admin: sa.Engine, name: str) -> None:
    """Drop and create database ``name`` again."""
    drop_database(admin, name)
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))


@pytest.mark.slow
def test_kill_9_during_postgresql_ingest_loses_nothing_stored(corpus: Path, reference, pg_url: str,
                                                              record_property) -> None:
    tally: Counter[str] = Counter()
    admin = sa.create_engine(sa.make_url(pg_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        for iteration in range(ITERATIONS // 2):
            if iteration:  # a fresh database for each loop, on the fixture's own
                recreate(admin, str(sa.make_url(pg_url).database))
            tally += crash_loop(pg_url, None, corpus, reference,
                                lambda proc, nth: wait_for_pg_writer(pg_url, proc, nth), 100 + iteration)
    finally:
        admin.dispose()
    record_property("kills", dict(tally))
    print(f"\nPostgreSQL kill -9: {dict(tally)}")
    assert tally["killed inside a write transaction"] >= 1


@pytest.mark.slow
def test_kill_9_during_a_schema_upgrade(tmp_path: Path) -> None:
    """An old database upgraded by `db upgrade`, killed while it holds the write lock (copying the
    database, migrating): the schema is the old one or the new one, never half, the data is intact,
    and a copy under the backup name is always complete."""
    first = revisions_in_order()[0]
    rng = random.Random(7)
    outcomes: Counter[str] = Counter()
    for iteration in range(6):
        db = tmp_path / f"old-{iteration}.db"
        old_database(db, first)
        engine = connect_database(str(db))
        try:
            with engine.connect() as conn:
                before = snapshot(conn)
        finally:
            engine.dispose()
        proc = subprocess.Popen(facttrack_command("db", "upgrade", "--db", db), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        wait_for_sqlite_writer(db, proc, 1)
        time.sleep(rng.uniform(0, 0.3))
        killed = kill9(proc)
        assert sqlite_integrity(db) == "ok"
        engine = connect_database(str(db))
        try:
            revision = current_revision(engine)
            with engine.connect() as conn:
                assert snapshot(conn) == before
        finally:
            engine.dispose()
        assert revision in (first, head_revision())
        outcomes[f"killed={killed} revision={revision}"] += 1
        for copy in tmp_path.glob(f"{db.name}.bak-*"):
            assert sqlite_integrity(copy) == "ok"  # a copy under its name is complete
        finished = subprocess.run(facttrack_command("db", "upgrade", "--db", db), capture_output=True, text=True,
                                  timeout=120)
        assert finished.returncode == 0, finished.stderr
        engine = connect_database(str(db))
        try:
            assert current_revision(engine) == head_revision()
            with engine.connect() as conn:
                assert snapshot(conn) == before
        finally:
            engine.dispose()
    print(f"\nkill -9 during upgrade: {dict(outcomes)}")


@pytest.mark.slow
def test_ctrl_c_stops_ingest_with_one_line_and_a_rerun_completes(corpus: Path, reference, tmp_path: Path) -> None:
    expected = reference[0]
    db = tmp_path / "interrupted.db"
    proc = start_ingest(corpus, str(db))
    if wait_for_sqlite_writer(db, proc, ARTICLES // 2):
        proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    if proc.returncode != 0:  # it was interrupted (not finished first)
        assert proc.returncode == 130, err
        assert "Traceback" not in err
        assert [line for line in err.splitlines() if line.strip()][-1].startswith("interrupted after ")
    check_after_crash(str(db), expected, db)
    done = subprocess.run(facttrack_command("ingest", corpus, "--db", db, "--format", "json"), capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0 and stored_content(str(db)) == expected
