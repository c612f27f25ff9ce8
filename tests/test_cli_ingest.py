"""`facttrack ingest` through the real command, on a SQLite file and on PostgreSQL (db_url)."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from facttrack.cli import app

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SAMPLES = 7  # articles in data/: one .txt, one .html, five JSON Lines (two files)
runner = CliRunner()


def run(*args: object, input: str | bytes | None = None, env: dict[str, str] | None = None):  # noqa: A002
    return runner.invoke(app, [str(a) for a in args], input=input, env=env)


def summary(result) -> dict[str, int]:
    assert result.stdout.strip(), result.output
    return json.loads(result.stdout)


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error: ")]


def test_ingest_samples_then_reingest_is_skipped(db_url: str) -> None:
    first = run("ingest", DATA, "--db", db_url, "--format", "json")
    assert first.exit_code == 0, first.output
    got = summary(first)
    assert got["new"] == SAMPLES and got["skipped"] == 0 and got["failed"] == 0
    assert list(got) == ["new", "skipped", "failed", "figures", "claims", "actors", "actor_mentions", "not_english",
                         "not_articles"]
    # "actors" counts what this ingest added, so it agrees with what `facttrack actors` lists
    listed = json.loads(run("actors", "--db", db_url, "--format", "json").stdout)
    assert got["actors"] == len(listed) and got["actor_mentions"] >= got["actors"]
    again = run("ingest", DATA, "--db", db_url, "--format", "json")
    assert again.exit_code == 0, again.output
    got = summary(again)
    assert (got["new"], got["skipped"], got["failed"]) == (0, SAMPLES, 0)
    assert (got["figures"], got["claims"], got["actors"]) == (0, 0, 0)


def test_human_summary_goes_to_stderr(db_url: str) -> None:
    result = run("ingest", DATA / "wire-roundup.jsonl", "--db", db_url)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "3 new, 0 skipped, 0 failed" in result.stderr


def test_same_text_from_another_outlet_is_another_appearance(db_url: str) -> None:
    path = DATA / "valdoria-floods.txt"
    assert summary(run("ingest", path, "--db", db_url, "--format", "json"))["new"] == 1
    other = run("ingest", path, "--outlet", "Keldra Evening Post", "--db", db_url, "--format", "json")
    assert summary(other)["new"] == 1
    again = run("ingest", path, "--outlet", "Keldra Evening Post", "--db", db_url, "--format", "json")
    assert summary(again)["skipped"] == 1
    listed = run("articles", "--db", db_url, "--format", "json")
    assert listed.exit_code == 0, listed.output
    assert len(json.loads(listed.stdout)) == 2


def test_overrides_and_stdin(db_url: str) -> None:
    text = "Ferry service resumes\n\nThe port authority said 14 ferries were back in service.\n"
    result = run("ingest", "-", "--input-format", "txt", "--outlet", "Harbour Radio",
                 "--published", "2024-05-01", "--url", "https://harbour.example/ferries",
                 "--db", db_url, "--format", "json", input=text)
    assert result.exit_code == 0, result.output
    assert summary(result)["new"] == 1
    rows = json.loads(run("articles", "--db", db_url, "--format", "json").stdout)
    assert len(rows) == 1
    row = rows[0]
    assert row["title"] == "Ferry service resumes"
    assert row["published"] == "2024-05-01"
    assert row["source"] == "Harbour Radio"
    assert row["url"] == "https://harbour.example/ferries"


def test_bad_file_is_reported_and_the_rest_go_on(db_url: str, tmp_path: Path) -> None:
    missing = tmp_path / "not-here.txt"
    result = run("ingest", DATA / "valdoria-floods.txt", missing, "--db", db_url, "--format", "json")
    assert result.exit_code == 1
    got = summary(result)
    assert (got["new"], got["failed"]) == (1, 1)
    errors = error_lines(result)
    assert len(errors) == 1 and "not-here.txt" in errors[0]
    assert "Traceback" not in result.output


def write_bad(tmp_path: Path, kind: str) -> Path:
    if kind == "missing":
        return tmp_path / "missing.txt"
    if kind == "binary":
        path = tmp_path / "photo.txt"
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
        return path
    if kind == "empty":
        path = tmp_path / "empty.txt"
        path.write_bytes(b"")
        return path
    if kind == "blank":
        path = tmp_path / "blank.txt"
        path.write_text("  \n\n\t \n", encoding="utf-8")
        return path
    if kind == "broken-jsonl":
        path = tmp_path / "broken.jsonl"
        path.write_text('{"title": "x", "text": \n', encoding="utf-8")
        return path
    if kind == "folder-without-articles":
        folder = tmp_path / "nothing-here"
        folder.mkdir()
        (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
        return folder
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["missing", "binary", "empty", "blank", "broken-jsonl",
                                  "folder-without-articles"])
def test_bad_input_is_one_line(kind: str, tmp_path: Path) -> None:
    path = write_bad(tmp_path, kind)
    result = run("ingest", path, "--db", tmp_path / "facttrack.db")
    assert result.exit_code == 1, result.output
    errors = error_lines(result)
    assert len(errors) == 1, result.stderr
    assert path.name in errors[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""


@pytest.mark.parametrize("command", [["ingest", str(DATA / "valdoria-floods.txt")], ["figures"],
                                     ["claims"], ["articles"], ["show", "1"], ["db", "upgrade"],
                                     ["db", "current"], ["export", "figures"]])
def test_file_that_is_not_a_database(command: list[str], tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    content = b"shopping list: bread, milk, 12 eggs\n" * 20
    notes.write_bytes(content)
    result = run(*command, "--db", notes)
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "notes.db" in lines[0], result.stderr
    assert "Traceback" not in result.output
    assert notes.read_bytes() == content, "left byte for byte untouched"


@pytest.mark.parametrize("command", [["figures"], ["claims"], ["sources"], ["actors"], ["articles"],
                                     ["show", "1"], ["export", "claims"], ["db", "current"]])
def test_read_only_commands_do_not_create_a_database(command: list[str], tmp_path: Path) -> None:
    path = tmp_path / "absent.db"
    result = run(*command, "--db", path)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("error: ")
    assert not path.exists()


def test_default_database_and_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FACTTRACK_DB", raising=False)
    result = run("ingest", DATA / "wire-roundup.jsonl")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "facttrack.db").exists()
    other = tmp_path / "from-env.db"
    result = run("ingest", DATA / "valdoria-floods.txt", env={"FACTTRACK_DB": str(other)})
    assert result.exit_code == 0, result.output
    assert other.exists()
    rows = json.loads(run("articles", "--format", "json", env={"FACTTRACK_DB": str(other)}).stdout)
    assert [r["title"] for r in rows] == [
        "Floods in northern Valdoria leave dozens dead as rivers keep rising"]


def test_db_upgrade_and_current(db_url: str) -> None:
    from facttrack.db.migrate import head_revision

    if "://" in db_url:  # an empty PostgreSQL database: no schema yet, and current does not migrate
        before = run("db", "current", "--db", db_url)
        assert before.exit_code == 0, before.output
        assert before.stdout.splitlines()[0] == "current: none"
    result = run("db", "upgrade", "--db", db_url)
    assert result.exit_code == 0, result.output
    assert head_revision() in result.stdout
    assert "facttrack:facttrack@" not in result.stdout, "password masked"
    current = run("db", "current", "--db", db_url)
    assert current.exit_code == 0, current.output
    assert current.stdout.splitlines() == [f"current: {head_revision()}", f"head: {head_revision()}"]


def test_unreachable_postgresql_is_one_line(tmp_path: Path) -> None:
    url = "postgresql+psycopg://someone:secret@127.0.0.1:1/nothing"
    result = run("figures", "--db", url)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "secret" not in result.output


@pytest.mark.parametrize("live", [False, True])
def test_one_job_reads_a_few_documents_ahead_unless_live(tmp_path: Path, live: bool) -> None:
    """Files: a few documents are extracted in a row before they are stored (warm caches). A live
    stream (stdin): each document is stored as soon as it comes, without waiting for the next."""
    from facttrack.db.engine import open_database
    from facttrack.document import Document
    from facttrack.ingest import READ_AHEAD, ingest_documents

    pulled: list[int] = []

    def documents() -> Iterator[Document]:
        for n in range(READ_AHEAD + 4):
            pulled.append(n)
            yield Document(text=f"Officials said {n + 2} bridges were closed.", origin=f"doc{n}")

    engine = open_database(str(tmp_path / "ahead.db"))
    try:
        outcomes = ingest_documents(engine, documents(), live=live)
        assert next(outcomes).status == "new"
        assert len(pulled) == (1 if live else READ_AHEAD)
        assert [o.status for o in outcomes] == ["new"] * (READ_AHEAD + 3)
    finally:
        engine.dispose()


def test_stdin_is_stored_as_it_comes(tmp_path: Path) -> None:
    """The library's ingest of "-": the first article is stored (and reported) before the second
    line is written, as a live pipe needs. (The first line is longer than the head that is read
    to sniff the input's kind.)"""
    import facttrack
    from facttrack.readers.common import SNIFF

    read_end, write_end = os.pipe()
    padding = " The bridges are on the coast road." * (SNIFF // 30)
    lines = [json.dumps({"text": f"Officials said {n} bridges were closed.{padding}", "title": f"Bridges {n}"})
             + "\n" for n in (3, 4)]
    seen: list[str] = []
    open_end = [True]

    def finish_input() -> None:
        if open_end[0]:
            open_end[0] = False
            os.close(write_end)

    def on_outcome(outcome: object) -> None:
        seen.append(outcome.status)
        if len(seen) == 1:  # only now does the second article come, then the end of input
            os.write(write_end, lines[1].encode())
            finish_input()

    os.write(write_end, lines[0].encode())
    with open(read_end, "rb") as stdin, facttrack.open(str(tmp_path / "live.db")) as db:
        worker = threading.Thread(target=db.ingest, args=("-",), daemon=True,
                                  kwargs={"stdin": stdin, "input_format": "jsonl", "on_outcome": on_outcome})
        worker.start()
        worker.join(timeout=30)
        waited = worker.is_alive()
        finish_input()  # lets a reader that waited for more finish
        worker.join()
    assert not waited, "the first article waited for the next line"
    assert seen == ["new", "new"]


def test_ingest_documents_library() -> None:
    """The ingest loop works without the command line."""
    from facttrack.document import Document
    from facttrack.errors import InputError
    from facttrack.ingest import IngestSummary, ingest_documents

    pytest.importorskip("facttrack.db.store")
    import tempfile

    from facttrack.db.engine import open_database

    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(str(Path(tmp) / "lib.db"))
        try:
            doc = Document(text="The coast guard said 9 sailors were rescued.", title="Rescue",
                           outlet="Bay News", origin="rescue.txt")
            items = [doc, InputError("bad.txt: not text (binary data)"), doc]
            outcomes = list(ingest_documents(engine, items, outlet="Bay Radio"))
        finally:
            engine.dispose()
    assert [o.status for o in outcomes] == ["new", "failed", "skipped"]
    assert outcomes[1].origin == "bad.txt" and outcomes[1].reason == "not text (binary data)"
    assert outcomes[1].message == "bad.txt: not text (binary data)"
    assert outcomes[0].article_id is not None
    total = IngestSummary()
    for outcome in outcomes:
        total.add(outcome)
    assert (total.new, total.skipped, total.failed) == (1, 1, 1)


def test_ingest_with_jobs_stores_the_same_as_one_process(tmp_path: Path) -> None:
    """`--jobs 2` extracts in worker processes; what is stored is the same as with one process."""
    import sqlite3

    feed = tmp_path / "feed.jsonl"
    lines = [json.dumps({"title": f"Story {n}", "outlet": "Wire", "published": f"2024-02-0{1 + n % 9}",
                         "text": f"At least {n + 3} people were evacuated, the council said on Monday."})
             for n in range(40)]
    lines.insert(7, "{broken")
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stored = []
    for jobs in ("1", "2"):
        db = tmp_path / f"jobs{jobs}.db"
        result = CliRunner().invoke(app, ["ingest", str(feed), "--jobs", jobs, "--db", str(db), "--format", "json"])
        assert result.exit_code == 1, result.output  # the broken line is a counted failure
        assert json.loads(result.stdout)["new"] == 40
        with sqlite3.connect(db) as conn:
            stored.append(conn.execute(
                "SELECT a.title, f.value, f.metric, f.attributed_to FROM figures f "
                "JOIN articles a ON a.id = f.article_id ORDER BY a.title").fetchall())
    assert stored[0] == stored[1] and len(stored[0]) == 40
