"""Databases that are not what a command hopes for, through the real command line in a separate
process: not a database, read-only file or folder, an older schema, locked beyond the timeout, a full
disk, an unreachable or silent PostgreSQL server, an article the database refuses; and passwords,
which no error path may print."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from typer.testing import CliRunner

from facttrack.cli import app
from facttrack.db.engine import connect_database, open_database
from facttrack.db.failures import error_kind
from facttrack.db.migrate import head_revision
from facttrack.db.store import ArticleRejected, ingest_extraction
from facttrack.document import Document
from facttrack.errors import DatabaseError
from facttrack.ingest import IngestSummary, ingest_documents
from test_db_support import ArticleBuilder, facttrack_command, generated_articles, stored_content, write_jsonl
from test_migrations import old_database, revisions_in_order

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SAMPLES = 7  # articles in data/
NOBODY = 65534


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def run(*args: object, env: dict[str, str] | None = None, unprivileged: bool = False,
        preexec: Callable[[], None] | None = None, timeout: float = 120) -> Result:
    """`facttrack ARGS`: in a separate process when it must run as another user (``unprivileged``:
    as root, file permissions would not apply) or under limits (``preexec``), else in this process
    through Click's runner, which is quicker and just as real below the argument parsing."""
    settings = {"FACTTRACK_DB": None, "FACTTRACK_LOCK_TIMEOUT": None, **(env or {})}
    if not unprivileged and preexec is None:
        got = CliRunner().invoke(app, [str(a) for a in args], env=settings)
        if got.exception is not None and not isinstance(got.exception, SystemExit):
            raise got.exception
        return Result(got.exit_code, got.stdout, got.stderr)
    full_env = {k: v for k, v in os.environ.items() if k not in settings}
    full_env.update({k: v for k, v in settings.items() if v is not None}, PYTHONDONTWRITEBYTECODE="1")
    prefix = as_nobody() if unprivileged else []
    done = subprocess.run([*prefix, *facttrack_command(*args)], capture_output=True, text=True, env=full_env,
                          cwd="/", timeout=timeout, preexec_fn=preexec)
    return Result(done.returncode, done.stdout, done.stderr)


def as_nobody() -> list[str]:
    """The command prefix that runs a command as an unprivileged user (nothing when not root)."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


def error_lines(result: Result) -> list[str]:
    assert "Traceback" not in result.stderr, result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("error: ")]


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder every user can enter (pytest's own temporary folders are private to their owner)."""
    folder = Path(tempfile.mkdtemp(prefix="facttrack-ro-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in (folder, *folder.rglob("*")):
            path.chmod(0o755 if path.is_dir() else 0o644)
        shutil.rmtree(folder)


@pytest.fixture(scope="module")
def can_drop_privileges() -> None:
    """Skip where the tests run as root and cannot become another user (file modes would not apply)."""
    if os.geteuid() != 0:
        return
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot test file permissions")
    probe = subprocess.run([*as_nobody(), "test", "-w", "/etc/passwd"], capture_output=True, cwd="/", timeout=60)
    version = subprocess.run([*as_nobody(), *facttrack_command("--version")], capture_output=True, text=True,
                             cwd="/", timeout=60)
    if probe.returncode == 0 or version.returncode != 0:
        pytest.skip(f"cannot run facttrack as an unprivileged user here ({version.stderr.strip()[:200]})")


def ingested(db: Path | str, *inputs: object) -> dict[str, int]:
    result = run("ingest", *inputs, "--db", db, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ------------------------------------------------------------------------------- not a database

@pytest.mark.parametrize("command", [["ingest", str(DATA)], ["articles"], ["db", "upgrade"], ["db", "current"],
                                     ["db", "backup", "{folder}/copy.db"]])
def test_a_file_that_is_not_a_database_is_left_byte_for_byte(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "notes.db"
    content = b"Shopping: 12 eggs, 3 onions.\n" + bytes(range(256))
    path.write_bytes(content)
    stamp = path.stat().st_mtime_ns
    result = run(*(c.format(folder=tmp_path) for c in command), "--db", path)
    assert result.returncode == 1
    assert error_lines(result) == [f"error: {path}: not a SQLite database (left untouched)"]
    assert path.read_bytes() == content and path.stat().st_mtime_ns == stamp
    assert files_in(tmp_path) == ["notes.db"]


# ------------------------------------------------------------------------------ read-only file and folder

@pytest.mark.parametrize("what", ["file", "folder", "both"])
def test_read_only_database_can_be_queried_but_not_written(open_folder: Path, can_drop_privileges: None,
                                                          what: str) -> None:
    db = open_folder / "news.db"
    assert ingested(db, DATA)["new"] == SAMPLES
    content = db.read_bytes()
    file_mode, folder_mode = {"file": (0o444, 0o777), "folder": (0o666, 0o555), "both": (0o444, 0o555)}[what]
    db.chmod(file_mode)
    open_folder.chmod(folder_mode)
    before = files_in(open_folder)

    listed = run("articles", "--db", db, "--format", "json", unprivileged=True)
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == SAMPLES
    for query in (["claims", "--search", "ministry", "--format", "csv"], ["db", "current"]):
        result = run(*query, "--db", db, unprivileged=True)
        assert result.returncode == 0, (query, result.stderr)

    for write in (["ingest", DATA / "valdoria-floods.txt", "--outlet", "Elsewhere"], ["db", "upgrade"]):
        refused = run(*write, "--db", db, unprivileged=True)
        assert refused.returncode == 1
        lines = error_lines(refused)
        assert len(lines) == 1 and "read-only" in lines[0] and "writing is not possible" in lines[0], lines
    assert db.read_bytes() == content
    assert files_in(open_folder) == before  # no -wal or -shm left behind by the reader


def test_read_only_database_of_an_older_schema_is_refused_clearly(open_folder: Path,
                                                                  can_drop_privileges: None) -> None:
    db = open_folder / "old.db"
    old_database(db)
    db.chmod(0o444)
    open_folder.chmod(0o555)
    result = run("articles", "--db", db, unprivileged=True)
    assert result.returncode == 1
    assert error_lines(result) == [f"error: {db}: the database has schema {revisions_in_order()[0]} and needs "
                                   f"upgrading to {head_revision()}, but it is read-only"]


# --------------------------------------------------------------------------------- an older schema

def test_older_database_is_upgraded_in_place_by_any_command_with_one_notice(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    first = old_database(db)
    result = run("articles", "--db", db, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert {row["id"] for row in json.loads(result.stdout)} == {1, 2, 3}
    notices = [line for line in result.stderr.splitlines() if "backed up to" in line]
    assert len(notices) == 1 and f"{db}.bak-{first}" in notices[0]
    again = run("articles", "--db", db, "--format", "json")
    assert again.returncode == 0 and again.stderr == ""  # upgraded once, copied once
    assert sorted(p.name for p in tmp_path.iterdir() if ".bak" in p.name) == [f"old.db.bak-{first}"]


def test_several_processes_opening_an_old_database_upgrade_it_once(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    first = old_database(db)
    procs = [subprocess.Popen(facttrack_command("articles", "--db", db, "--format", "json"),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [proc.communicate(timeout=120) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0, 0], outputs
    assert all(len(json.loads(out)) == 3 for out, _ in outputs)
    assert sum(err.count("backed up to") for _, err in outputs) == 1
    assert sorted(p.name for p in tmp_path.iterdir() if ".bak" in p.name) == [f"old.db.bak-{first}"]


def test_a_failed_copy_stops_the_upgrade_and_changes_nothing(tmp_path: Path) -> None:
    """The copy before an upgrade cannot be written (a file size limit stands in for a full disk):
    the upgrade does not happen, the database is exactly as it was, no partial copy remains."""
    db = tmp_path / "old.db"
    old_database(db)
    content = db.read_bytes()
    result = run("db", "upgrade", "--db", db, preexec=file_size_limit(len(content) // 2))
    assert result.returncode == 1
    lines = error_lines(result)
    assert len(lines) == 1 and "not upgraded: the copy to" in lines[0] and "--no-backup" in lines[0], lines
    assert db.read_bytes() == content
    assert files_in(tmp_path) == ["old.db"]
    upgraded = run("db", "upgrade", "--no-backup", "--db", db)
    assert upgraded.returncode == 0, upgraded.stderr
    assert files_in(tmp_path) == ["old.db"]


# ------------------------------------------------------------------------------ locked beyond the timeout

def test_sqlite_locked_beyond_the_timeout_stops_with_one_line(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    open_database(str(db)).dispose()
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another writer that does not let go
        result = run("ingest", DATA, "--db", db, env={"FACTTRACK_LOCK_TIMEOUT": "1"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1
    lines = error_lines(result)
    assert lines == [f"error: {db}: the database is locked by another process (waited 1 s; try again, "
                     "or set FACTTRACK_LOCK_TIMEOUT to wait longer)"], lines
    assert ingested(db, DATA)["new"] == SAMPLES  # once the lock is gone, the same ingest completes


def test_sqlite_lock_held_for_a_moment_is_waited_for(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    open_database(str(db)).dispose()
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(1.0, lambda: holder.execute("ROLLBACK"))
    release.start()
    try:
        got = ingested(db, DATA)
    finally:
        release.join()
        holder.close()
    assert (got["new"], got["failed"]) == (SAMPLES, 0)


def test_postgresql_locked_beyond_the_timeout_stops_with_one_line(pg_url: str) -> None:
    open_database(pg_url).dispose()
    holder = connect_database(pg_url)
    try:
        with holder.connect() as conn:
            conn.execute(text("LOCK TABLE articles IN EXCLUSIVE MODE"))
            result = run("ingest", DATA, "--db", pg_url, env={"FACTTRACK_LOCK_TIMEOUT": "1"})
            conn.rollback()
    finally:
        holder.dispose()
    assert result.returncode == 1
    lines = error_lines(result)
    assert len(lines) == 1 and "locked by another process (waited 1 s" in lines[0], lines
    assert "facttrack:facttrack@" not in result.stderr and ":***@" in lines[0]
    assert ingested(pg_url, DATA)["new"] == SAMPLES


def test_lock_timeout_setting_must_be_a_number(tmp_path: Path) -> None:
    result = run("ingest", DATA, "--db", tmp_path / "x.db", env={"FACTTRACK_LOCK_TIMEOUT": "soon"})
    assert result.returncode == 1
    assert error_lines(result) == ["error: FACTTRACK_LOCK_TIMEOUT='soon': not a number of seconds between 0 "
                                   "and 86400"]


# -------------------------------------------------------------------------------------------- disk full

def file_size_limit(limit: int) -> Callable[[], None]:
    """preexec_fn: writes beyond ``limit`` bytes fail (EFBIG), as they would on a full disk."""
    import resource

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[tuple[Path, Callable[[], None] | None]]:
    """A folder on a real 512 KB file system when this process may mount one (ENOSPC, the real
    thing), else a normal folder and a file size limit for the ingest process."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = os.geteuid() == 0 and shutil.which("mount") is not None and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(folder)], capture_output=True).returncode == 0
    try:
        yield folder, None if mounted else file_size_limit(400_000)
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], check=True)


def test_full_disk_stops_the_batch_with_one_line_and_keeps_what_was_stored(
        small_disk: tuple[Path, Callable[[], None] | None], tmp_path: Path) -> None:
    folder, limit = small_disk
    corpus = write_jsonl(tmp_path / "corpus.jsonl", generated_articles(60, seed=11))
    db = folder / "news.db"
    result = run("ingest", corpus, "--db", db, "--format", "json", preexec=limit)
    assert result.returncode == 1
    lines = error_lines(result)
    assert len(lines) == 1 and ("disk is full" in lines[0] or "disk refused a write" in lines[0]), lines
    assert "stopped after" in lines[0]
    stored = stored_content(str(db))
    assert 0 < len(stored) < 60
    moved = tmp_path / "news.db"  # "free some space": move the database somewhere roomier
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{db}{suffix}").exists():
            shutil.copyfile(f"{db}{suffix}", f"{moved}{suffix}")
    reference = tmp_path / "reference.db"
    ingested(reference, corpus)
    expected = stored_content(str(reference))
    assert all(stored[sha] == expected[sha] for sha in stored)  # every stored article is complete
    again = ingested(moved, corpus)
    assert (again["new"], again["skipped"], again["failed"]) == (60 - len(stored), len(stored), 0)
    assert stored_content(str(moved)) == expected


# ------------------------------------------------------------------------------------ PostgreSQL servers

def test_silent_postgresql_server_gives_up_after_the_connect_timeout() -> None:
    """A server that accepts the connection and never answers: the connect timeout ends the wait."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    port = server.getsockname()[1]
    try:
        result = run("articles", "--db", f"postgresql+psycopg://reader:Sw0rdf1sh!@127.0.0.1:{port}/news",
                     timeout=60)
    finally:
        server.close()
    assert result.returncode == 1
    lines = error_lines(result)
    assert len(lines) == 1 and "cannot connect" in lines[0] and "reader:***@" in lines[0], lines
    assert "Sw0rdf1sh" not in result.stdout + result.stderr


@pytest.mark.parametrize("command", [["ingest", str(DATA)], ["articles"], ["figures"], ["db", "upgrade"],
                                     ["db", "current"], ["db", "backup", "copy.db"],
                                     ["export", "claims", "-o", "-"]])
def test_no_error_prints_a_password(command: list[str]) -> None:
    url = "postgresql+psycopg://reporter:Sw0rdf1sh!@127.0.0.1:1/news?sslpassword=Tr0ub4dor"
    result = run(*command, "--db", url)
    assert result.returncode == 1
    assert "Sw0rdf1sh" not in result.stdout + result.stderr and "Tr0ub4dor" not in result.stdout + result.stderr
    assert len(error_lines(result)) == 1


def test_no_error_from_a_real_server_prints_the_password(pg_url: str) -> None:
    """Real server, real failures: a database that does not exist, a newer schema, db backup."""
    secret = f"{make_url(pg_url).username}:{make_url(pg_url).password}@"
    missing = make_url(pg_url).set(database="no_such_database_here").render_as_string(hide_password=False)
    results = [run("articles", "--db", missing)]
    engine = open_database(pg_url)
    try:
        results.append(run("db", "backup", "copy.dump", "--db", pg_url))
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
        results.append(run("ingest", DATA, "--db", pg_url))
        results.append(run("db", "current", "--db", pg_url))
    finally:
        engine.dispose()
    codes = [r.returncode for r in results]
    assert codes == [1, 1, 1, 0], [r.stderr for r in results]
    for result in results:
        assert secret not in result.stdout + result.stderr
    assert "does not exist" in results[0].stderr
    assert "pg_dump" in results[1].stderr and len(error_lines(results[1])) == 1
    assert "newer than this facttrack" in results[2].stderr


# --------------------------------------------------------------------- one article the database refuses

def documents(*titles: str) -> list[Document]:
    return [Document(text=f"The harbour master said {40 + n} boats were missing after the storm.",
                     input_format="txt", origin=f"story-{n}.txt", title=title, outlet="Harbour Radio")
            for n, title in enumerate(titles)]


def test_postgresql_refuses_a_nul_byte_and_the_batch_goes_on(pg_url: str) -> None:
    engine = open_database(pg_url)
    try:
        outcomes = list(ingest_documents(engine, documents("Boats missing", "Boats\x00missing", "Storm over")))
        summary = IngestSummary()
        for outcome in outcomes:
            summary.add(outcome)
        assert [o.status for o in outcomes] == ["new", "failed", "new"]
        assert outcomes[1].message == ("story-1.txt: the database refused this article: "
                                       "PostgreSQL text fields cannot contain NUL (0x00) bytes")
        assert (summary.new, summary.failed) == (2, 1)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM articles")).scalar() == 2
    finally:
        engine.dispose()


def test_sqlite_keeps_a_nul_byte_in_a_title(db_path: Path) -> None:
    engine = open_database(str(db_path))
    try:
        assert [o.status for o in ingest_documents(engine, documents("Boats\x00missing"))] == ["new"]
        with engine.connect() as conn:
            assert conn.execute(text("SELECT title FROM articles")).scalar() == "Boats\x00missing"
    finally:
        engine.dispose()


def test_values_the_database_cannot_hold_fail_only_that_article(db_url: str) -> None:
    builder = ArticleBuilder("Twelve boats sank near the pier.", outlet="Harbour Radio")
    builder.figure("Twelve boats", 12.0, metric="missing")
    good = builder.build()
    engine = open_database(db_url)
    try:
        huge_offset = replace(good, figures=(replace(good.figures[0], start=2**70),))
        with pytest.raises(ArticleRejected, match="the database refused this article"):
            ingest_extraction(engine, huge_offset)
        if engine.dialect.name == "postgresql":
            too_long = replace(good, figures=(replace(good.figures[0], qualifier="q" * 40),))
            with pytest.raises(ArticleRejected, match="value too long"):
                ingest_extraction(engine, too_long)
        assert ingest_extraction(engine, good).status == "new"  # nothing half-stored was left in the way
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM figures")).scalar() == 1
    finally:
        engine.dispose()


def test_a_url_with_an_impossible_host_is_stored_without_a_domain(db_url: str) -> None:
    builder = ArticleBuilder("Nine boats sank.", url="https://" + "harbour" * 50 + ".example/story")
    engine = open_database(db_url)
    try:
        assert ingest_extraction(engine, builder.build()).status == "new"
        with engine.connect() as conn:
            assert conn.execute(text("SELECT domain FROM sources")).scalar() is None
    finally:
        engine.dispose()


def test_error_kinds_of_real_failures(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Which failures stop a batch: the classification on errors SQLite really raises."""
    from sqlalchemy.exc import DBAPIError

    open_database(str(db_path)).dispose()
    monkeypatch.setenv("FACTTRACK_LOCK_TIMEOUT", "0")
    engine = connect_database(str(db_path)).execution_options(facttrack_write=True)

    def kind_of(statement: str) -> str:
        try:
            with engine.begin() as conn:
                conn.exec_driver_sql(statement)
        except DBAPIError as exc:
            return error_kind(exc)
        raise AssertionError(f"{statement} did not fail")

    try:
        assert kind_of("INSERT INTO sources (name, name_norm, kind) VALUES (NULL, 'x', 'outlet')") == "article"
        assert kind_of("INSERT INTO no_such_table VALUES (1)") == "database"
        holder = sqlite3.connect(db_path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            assert kind_of("INSERT INTO sources (name, name_norm, kind) VALUES ('y', 'y', 'outlet')") == "busy"
        finally:
            holder.execute("ROLLBACK")
            holder.close()
    finally:
        engine.dispose()


def test_database_error_never_repeats_the_password() -> None:
    from facttrack.db.failures import database_error

    url = make_url("postgresql+psycopg://reporter:Sw0rdf1sh@db.example/news")
    error = database_error(url, RuntimeError('could not parse "password=Sw0rdf1sh host=db.example"'))
    assert isinstance(error, DatabaseError) and "Sw0rdf1sh" not in str(error) and "reporter:***@" in str(error)


def test_a_password_with_an_unescaped_at_sign_is_never_printed_in_part() -> None:
    result = run("articles", "--db", "postgresql+psycopg://reporter:Sw0rd@f1sh@127.0.0.1:1/news")
    assert result.returncode == 1
    assert "Sw0rd" not in result.stderr and "f1sh" not in result.stderr
    assert error_lines(result) == ["error: postgresql+psycopg://reporter:***@127.0.0.1:1/news: not a valid "
                                   "database URL (write @ in a password as %40)"]


def test_postgresql_sessions_wait_for_locks_only_so_long_and_keep_url_options(pg_url: str,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTTRACK_LOCK_TIMEOUT", "2.5")
    engine = open_database(pg_url + "?options=-c%20statement_timeout%3D654321")
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SHOW lock_timeout")).scalar() == "2500ms"
            assert conn.execute(text("SHOW statement_timeout")).scalar() == "654321ms"
            assert conn.execute(text("SHOW application_name")).scalar() == "facttrack"
    finally:
        engine.dispose()
