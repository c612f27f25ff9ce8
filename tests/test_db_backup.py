"""`facttrack db backup` and restore: the copy is a valid database with the same rows, taken while
writers work; existing files are kept unless --force; restoring goes through SQLite; PostgreSQL
points to pg_dump."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from facttrack.cli import app
from facttrack.db.migrate import HEAD_REVISION
from test_db_support import facttrack_command, generated_articles, sqlite_integrity, stored_content, write_jsonl

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SAMPLES = 7  # articles in data/
TABLES = ("sources", "articles", "actors", "actor_aliases", "claims", "figures", "alembic_version")


def run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args], env={"FACTTRACK_DB": None})


def rows(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr) for table in TABLES}
    finally:
        conn.close()


@pytest.fixture
def database(tmp_path: Path) -> Path:
    db = tmp_path / "news.db"
    result = run("ingest", DATA, "--db", db)
    assert result.exit_code == 0, result.output
    return db


def test_backup_is_a_valid_database_with_the_same_rows(database: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    result = run("db", "backup", copy, "--db", database)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith(f"backed up to {copy} (schema {HEAD_REVISION}, {SAMPLES} articles)")
    assert sqlite_integrity(copy) == "ok"
    assert rows(copy) == rows(database)
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
        assert conn.execute("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'ministry'").fetchone()[0] > 0
    finally:
        conn.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.db", "news.db"]  # no temporary files left
    # the copy is used as it is with --db
    listed = run("articles", "--db", copy, "--format", "json")
    assert listed.exit_code == 0 and len(json.loads(listed.stdout)) == SAMPLES


def test_backup_refuses_to_overwrite_without_force(database: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    copy.write_text("my notes\n")
    refused = run("db", "backup", copy, "--db", database)
    assert refused.exit_code == 1
    assert refused.stderr.strip() == f"error: {copy}: already exists (pass --force to replace it)"
    assert copy.read_text() == "my notes\n"
    forced = run("db", "backup", copy, "--force", "--db", database)
    assert forced.exit_code == 0, forced.output
    assert rows(copy) == rows(database)


@pytest.mark.parametrize("target, message", [
    ("{tmp}/missing/copy.db", "folder {tmp}/missing does not exist"),
    ("{tmp}", "is a folder (give the file name of the copy)"),
    ("{db}", "is the database itself"),
])
def test_backup_refusals_are_one_line(database: Path, tmp_path: Path, target: str, message: str) -> None:
    path = target.format(tmp=tmp_path, db=database)
    result = run("db", "backup", path, "--force", "--db", database)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {path}: {message.format(tmp=tmp_path)}"


def test_backup_of_a_missing_database_is_refused(tmp_path: Path) -> None:
    result = run("db", "backup", tmp_path / "copy.db", "--db", tmp_path / "none.db")
    assert result.exit_code == 1 and "no such database" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_restore_over_a_live_database_with_force(database: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    assert run("db", "backup", copy, "--db", database).exit_code == 0
    before = rows(database)
    later = run("ingest", DATA / "valdoria-floods.txt", "--outlet", "Another Outlet", "--db", database)
    assert later.exit_code == 0
    reader = sqlite3.connect(database)  # another process has it open: its -wal file stays
    reader.execute("SELECT count(*) FROM articles").fetchone()
    try:
        restored = run("db", "backup", database, "--db", copy, "--force")
        assert restored.exit_code == 0, restored.output
        assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == SAMPLES
    finally:
        reader.close()
    assert sqlite_integrity(database) == "ok"
    assert rows(database) == before  # the article ingested after the backup is gone again


def test_backup_while_processes_ingest_is_consistent(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", generated_articles(40, seed=9))
    db = tmp_path / "busy.db"
    assert run("db", "upgrade", "--db", db).exit_code == 0
    writer = subprocess.Popen(facttrack_command("ingest", corpus, "--db", db), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    copies = []
    try:
        while writer.poll() is None and len(copies) < 12:
            copy = tmp_path / f"copy-{len(copies)}.db"
            result = run("db", "backup", copy, "--db", db)
            assert result.exit_code == 0, result.output
            copies.append(copy)
            time.sleep(0.1)
    finally:
        writer.communicate(timeout=300)
    assert writer.returncode == 0
    final = stored_content(str(db))
    for copy in copies:
        assert sqlite_integrity(copy) == "ok"
        snapshot = stored_content(str(copy))
        assert all(final[sha] == content for sha, content in snapshot.items())  # whole articles only


def test_postgresql_backup_points_to_pg_dump(pg_url: str, tmp_path: Path) -> None:
    result = run("db", "backup", tmp_path / "copy.dump", "--db", pg_url)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "pg_dump" in lines[0] and ":***@" in lines[0]
    assert "facttrack:facttrack@" not in result.output
    assert list(tmp_path.iterdir()) == []
