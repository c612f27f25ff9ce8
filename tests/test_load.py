"""`facttrack load`: parts written by `extract-batch`, stored in bulk, give the very database `ingest`
of the same files gives (sources, articles, actors, aliases, claims, figures and who each is
attributed to), on SQLite and on a real PostgreSQL server; loading twice adds nothing; a refused
article fails alone; a damaged part is one line; the search index deferred for a first load comes
back as the migrations made it; and `load` killed with SIGKILL resumes and completes.

Parts come from `extract-batch` on the real Dask cluster when FACTTRACK_TEST_DASK_SCHEDULER is set, else
from the same batch code run in this process (a runner without Dask), so the loader is always tested.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from conftest import fresh_pg_database
from facttrack.db.engine import connect_database
from test_db_support import facttrack_command, generated_articles, sqlite_integrity, write_jsonl
from test_faults import kill9, schema_complete, wait_for_pg_writer, wait_for_sqlite_writer

ROOT = Path(__file__).resolve().parents[1]
DASK_ENV = "FACTTRACK_TEST_DASK_SCHEDULER"


def make_corpus(folder: Path) -> Path:
    """Articles from a shared pool of people and groups (so later articles meet earlier actors, and
    fuller names and titles arrive late), a repeated article, a syndicated copy from another outlet,
    an article whose figures have places, one in German (stored without figures), and the bundled
    sample files."""
    folder.mkdir(parents=True)
    records = generated_articles(60, sentences=10, seed=21)
    records.insert(30, dict(records[4]))                        # the same article again: skipped
    records.insert(40, {**records[7], "outlet": "Other Wire"})  # syndicated: another appearance
    write_jsonl(folder / "a-wire.jsonl", records[:45])
    write_jsonl(folder / "b-wire.jsonl", records[45:])
    write_jsonl(folder / "c-world.jsonl", [
        {"title": "Storms cross two countries", "outlet": "Northern Wire", "published": "2024-05-02",
         "text": "At least 14 people were killed in Lyon, France, on Tuesday, the regional prefect said. "
                 "In Kenya, officials said more than 300 families were evacuated from Kisumu."},
        {"title": "Hochwasser im Norden", "outlet": "Northern Wire", "published": "2024-05-03",
         "text": "Nach den starken Regenfällen mussten am Dienstag mehr als 300 Familien ihre Häuser "
                 "verlassen, teilte die Polizei mit. Die Feuerwehr war die ganze Nacht im Einsatz."},
    ])
    for name in ("valdoria-floods.txt", "keldra-shelters.html", "wire-roundup.jsonl"):
        shutil.copy(ROOT / "data" / name, folder / name)
    return folder


def make_parts(corpus: Path, out: Path) -> Path:
    """extract-batch on the real cluster if there is one, else the same batch code in this process."""
    scheduler = os.environ.get(DASK_ENV)
    if scheduler:
        done = subprocess.run(facttrack_command("extract-batch", corpus, "--out", out, "--scheduler", scheduler,
                                                "--task-mb", "0.02"), capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return out
    import facttrack
    from facttrack.batch.run import extract_batch
    from facttrack.readers import DEFAULT_MAX_BYTES
    from facttrack.runners import InlineRunner

    failures: list[str] = []

    def report(message: str, kind: str = "error") -> None:
        if kind == "error":
            failures.append(message)

    extract_batch([str(corpus)], str(out), InlineRunner, version=facttrack.__version__,
                  max_bytes=DEFAULT_MAX_BYTES, task_bytes=20_000, report=report)
    assert failures == []
    return out


def run(*args: object, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(facttrack_command(*args), capture_output=True, text=True, timeout=timeout)


def database_content(db: str) -> dict[str, Any]:
    """Every stored row, in values that do not depend on row ids: actors by normalised name, claims and
    figures by their article's source and text hash and their own spans. Articles keep their order."""
    engine = connect_database(db, create=False)
    try:
        with engine.connect() as conn:
            def rows(sql: str) -> list[tuple[Any, ...]]:
                return [tuple(row) for row in conn.execute(sa.text(sql))]

            article = "(SELECT s.name_norm || '/' || a.sha256 FROM articles a JOIN sources s ON s.id = a.source_id " \
                      "WHERE a.id = {}.article_id)"
            actor = "(SELECT name_norm FROM actors WHERE id = {})"
            return {
                "sources": sorted(rows("SELECT name, name_norm, domain, kind FROM sources")),
                "articles": rows("SELECT s.name_norm, a.title, a.url, a.published, a.tags, a.language, a.text, "
                                 "a.sha256, a.input_format, a.origin, a.retrieved_at FROM articles a "
                                 "JOIN sources s ON s.id = a.source_id ORDER BY a.id"),
                "actors": sorted(rows("SELECT name, name_norm, kind, title FROM actors")),
                "aliases": sorted(rows(f"SELECT alias, alias_norm, {actor.format('actor_id')} FROM actor_aliases")),
                "claims": sorted(rows(
                    f"SELECT {article.format('c')}, start, \"end\", speaker, {actor.format('speaker_id')}, cue, kind, "
                    f"text, said_on, reported_by, {actor.format('reported_by_id')}, sentence_start, sentence_end, "
                    "rule FROM claims c"), key=repr),
                "figures": sorted(rows(
                    f"SELECT {article.format('f')}, f.start, f.\"end\", f.value, f.value_max, f.qualifier, f.metric, "
                    "f.counted, f.unit, f.text, f.sentence_start, f.sentence_end, f.sentence, f.hedged, f.vague, "
                    f"f.attributed_to, {actor.format('f.attributed_to_id')}, f.attribution_text, f.reported_by, "
                    f"{actor.format('f.reported_by_id')}, f.refers_start, f.refers_end, f.refers_text, f.confidence, "
                    "f.rule, f.place, f.published, (SELECT c.start FROM claims c WHERE c.id = f.claim_id) "
                    "FROM figures f"),
                    key=repr),
            }
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("load") / "corpus")


@pytest.fixture(scope="module")
def parts(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_parts(corpus, tmp_path_factory.mktemp("load-parts") / "parts")


def ingested(corpus: Path, db: str) -> dict[str, Any]:
    done = run("ingest", corpus, "--db", db)
    assert done.returncode == 0, done.stderr
    return database_content(db)


@pytest.fixture(scope="module")
def sqlite_reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What `ingest` of the same files stores in a SQLite file."""
    return ingested(corpus, str(tmp_path_factory.mktemp("reference") / "ingest.db"))


@pytest.fixture(scope="module")
def pg_reference(corpus: Path) -> Iterator[dict[str, Any]]:
    """What `ingest` of the same files stores in a PostgreSQL database (of its own)."""
    with fresh_pg_database() as url:
        yield ingested(corpus, url)


@pytest.fixture
def reference(db_url: str, request: pytest.FixtureRequest) -> dict[str, Any]:
    """What `ingest` stores on the backend of ``db_url`` (values as that backend returns them)."""
    return request.getfixturevalue("pg_reference" if db_url.startswith("postgresql") else "sqlite_reference")


def test_load_gives_the_database_ingest_gives(db_url: str, parts: Path, reference: dict[str, Any]) -> None:
    done = run("load", parts, "--db", db_url, "--batch", "7", "--format", "json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    content = database_content(db_url)
    assert summary["new"] == len(content["articles"]) and summary["skipped"] == 1
    assert {row[5] for row in content["articles"]} >= {"en", "de"}  # languages, detected by the workers too
    assert any(row[-3] for row in content["figures"])  # figures with a place
    for table in ("sources", "articles", "actors", "aliases", "claims", "figures"):
        assert content[table] == reference[table], table
    assert any(row[3] for row in content["actors"])  # titles arrived
    assert len({row[2] for row in content["aliases"]}) < len(content["aliases"])  # actors with several aliases

    again = run("load", parts, "--db", db_url, "--format", "json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["already"] == json.loads(again.stdout)["parts"]
    assert database_content(db_url) == content  # loading twice adds nothing


def test_load_after_ingest_adds_nothing_and_search_works(db_url: str, corpus: Path, parts: Path,
                                                         reference: dict[str, Any]) -> None:
    assert run("ingest", corpus, "--db", db_url).returncode == 0
    done = run("load", parts, "--db", db_url, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["new"] == 0
    assert database_content(db_url) == reference
    found = run("claims", "--search", "counted", "--format", "json", "--db", db_url)
    assert found.returncode == 0 and json.loads(found.stdout)


def write_part(folder: Path, index: int, lines: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"part-{index:06d}.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.writelines(line + "\n" for line in lines)
    return path


def extract_lines(path: Path) -> list[str]:
    done = run("extract", path)
    data = json.loads(done.stdout)
    return [json.dumps(item, ensure_ascii=False) for item in (data if isinstance(data, list) else [data])]


def test_bad_lines_and_damaged_parts_are_one_line_each(db_path: Path, tmp_path: Path) -> None:
    lines = extract_lines(ROOT / "data" / "wire-roundup.jsonl")
    folder = tmp_path / "parts"
    write_part(folder, 0, [lines[0], '{"article": "not one"}', "{", lines[1]])
    damaged = write_part(folder, 1, lines[2:] * 20)
    damaged.write_bytes(damaged.read_bytes()[:-40])  # cut short: no gzip trailer
    done = run("load", folder, "--db", db_path, "--format", "json")
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 3, done.stderr
    assert errors[0].startswith("error: part-000000.jsonl.gz:2: not a facttrack extract object")
    assert errors[1].startswith("error: part-000000.jsonl.gz:3: not a facttrack extract object")
    assert "part-000001.jsonl.gz: damaged after line" in errors[2]
    assert "Traceback" not in done.stderr
    assert json.loads(done.stdout)["new"] == 3


def test_a_refused_article_fails_alone(pg_url: str, tmp_path: Path) -> None:
    """PostgreSQL refuses a NUL character: the batch is stored again article by article through the
    store, and only that article fails."""
    lines = extract_lines(ROOT / "data" / "wire-roundup.jsonl")
    poisoned = json.loads(lines[1])
    poisoned["article"]["title"] = "Nul\u0000 title"
    folder = tmp_path / "parts"
    write_part(folder, 0, [lines[0], json.dumps(poisoned), lines[2]])
    done = run("load", folder, "--db", pg_url, "--format", "json")
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "the database refused this article" in errors[0], done.stderr
    summary = json.loads(done.stdout)
    assert (summary["new"], summary["failed"]) == (2, 1)
    assert run("load", folder, "--db", pg_url, "--format", "json").returncode == 0  # the part is done


def search_objects(db: str) -> list[tuple[Any, ...]]:
    engine = connect_database(db, create=False)
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                sql = "SELECT name, sql FROM sqlite_master WHERE name LIKE '%fts%' ORDER BY name"
            else:
                sql = "SELECT indexname, indexdef FROM pg_indexes WHERE indexdef LIKE '%to_tsvector%'"
            return [tuple(row) for row in conn.execute(sa.text(sql))]
    finally:
        engine.dispose()


def test_deferred_search_index_comes_back_as_migrated(db_url: str, parts: Path, reference: dict[str, Any]) -> None:
    assert run("db", "upgrade", "--db", db_url).returncode == 0
    migrated = search_objects(db_url)
    assert migrated
    done = run("load", parts, "--db", db_url, "--defer-search-index", "--batch", "50")
    assert done.returncode == 0, done.stderr
    assert search_objects(db_url) == migrated
    assert database_content(db_url) == reference
    if not db_url.startswith("postgresql"):
        assert sqlite_integrity(Path(db_url)) == "ok"  # includes the FTS index against its table
    hits = run("claims", "--search", "counted", "--format", "json", "--db", db_url)
    assert json.loads(hits.stdout)
    refused = run("load", parts, "--db", db_url, "--defer-search-index")
    assert refused.returncode == 1
    assert refused.stderr.strip() == ("error: --defer-search-index is for a first load into an empty database; "
                                      f"this one holds {len(reference['articles'])} articles")


def test_missing_parts_are_reported(db_path: Path, parts: Path, tmp_path: Path) -> None:
    partial = tmp_path / "partial"
    shutil.copytree(parts, partial)
    sorted(partial.glob("part-*.jsonl.gz"))[-1].unlink()
    done = run("load", partial, "--db", db_path)
    assert done.returncode == 1
    assert "tasks have no part yet (run extract-batch again to finish, then load again)" in done.stderr


# ----------------------------------------------------------------------------------------- kill -9

@pytest.fixture(scope="module")
def load_seconds(parts: Path, tmp_path_factory: pytest.TempPathFactory) -> float:
    """How long one whole load into a new SQLite file takes here: random kills are drawn inside it, so
    they land while the load runs however fast the machine and the code are."""
    started = time.perf_counter()
    done = run("load", parts, "--db", tmp_path_factory.mktemp("timed") / "timed.db", "--batch", "5")
    assert done.returncode == 0, done.stderr
    return time.perf_counter() - started


def crash_and_finish(db: str, parts: Path, reference: dict[str, Any], wait_for_writer: Any,
                     sqlite_path: Path | None, seed: int, window: float,
                     extra: tuple[str, ...] = ()) -> Counter[str]:
    rng = random.Random(seed)
    tally: Counter[str] = Counter()
    expected = {(row[0], row[7]): row for row in reference["articles"]}  # by source and text hash
    for attempt in range(3):
        proc = subprocess.Popen(facttrack_command("load", parts, "--db", db, "--batch", "5", *extra),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if attempt % 2 == 0:
            time.sleep(rng.uniform(0.1, 0.9) * window)
            moment = "killed at a random moment"
        else:
            moment = "killed inside a write transaction" if wait_for_writer(proc, rng.randint(1, 8)) else "finished"
        if kill9(proc):
            tally[moment] += 1
        if sqlite_path is not None and not sqlite_path.exists():
            continue  # killed before it created the database
        if sqlite_path is not None:
            assert sqlite_integrity(sqlite_path) == "ok"
        if not schema_complete(db):
            continue  # killed before (or while) the schema was made: none of it is there
        content = database_content(db)
        stored = content["articles"]
        assert all(expected[row[0], row[7]] == row for row in stored)  # whole articles, as ingest stores them
        figures = Counter(row[0] for row in content["figures"])
        ref_figures = Counter(row[0] for row in reference["figures"])
        assert all(figures[f"{row[0]}/{row[7]}"] == ref_figures[f"{row[0]}/{row[7]}"] for row in stored)
        tally["articles found after kills"] += len(stored)
    done = run("load", parts, "--db", db)
    assert done.returncode == 0, done.stderr
    assert database_content(db) == reference
    return tally


@pytest.mark.slow
def test_kill_9_during_sqlite_load_resumes(parts: Path, sqlite_reference: dict[str, Any], load_seconds: float,
                                           tmp_path: Path) -> None:
    reference = sqlite_reference
    tally: Counter[str] = Counter()
    for iteration in range(3):
        path = tmp_path / f"crash-{iteration}.db"
        tally += crash_and_finish(str(path), parts, reference,
                                  lambda proc, nth, path=path: wait_for_sqlite_writer(path, proc, nth), path,
                                  iteration, load_seconds, ("--defer-search-index",) if iteration == 2 else ())
    print(f"\nSQLite load kill -9: {dict(tally)}")
    assert tally["killed inside a write transaction"] >= 1 and tally["killed at a random moment"] >= 1


@pytest.mark.slow
def test_kill_9_during_postgresql_load_resumes(parts: Path, pg_reference: dict[str, Any], load_seconds: float,
                                               pg_url: str) -> None:
    reference = pg_reference
    tally = crash_and_finish(pg_url, parts, reference, lambda proc, nth: wait_for_pg_writer(pg_url, proc, nth),
                             None, 7, load_seconds)
    print(f"\nPostgreSQL load kill -9: {dict(tally)}")
    assert tally["killed inside a write transaction"] + tally["killed at a random moment"] >= 1
