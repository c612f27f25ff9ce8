"""Concurrent writers: several `facttrack ingest` processes on one SQLite file or one PostgreSQL
database, each with the whole corpus in its own order; processes released together on the very same
article; and actor upserts raced on purpose. Every article lands exactly once, complete, with no
"database is locked" failure, and one name is one actor."""

from __future__ import annotations

import json
import multiprocessing
import random
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from facttrack.db.engine import open_database
from facttrack.db.store import ingest_extraction
from test_db_support import (
    ArticleBuilder,
    facttrack_command,
    generated_articles,
    sqlite_integrity,
    stored_content,
    write_jsonl,
)

ARTICLES = 30


@pytest.fixture(scope="module")
def articles() -> list[dict[str, str]]:
    return generated_articles(ARTICLES, sentences=12, seed=42)


@pytest.fixture(scope="module")
def expected(articles: list[dict[str, str]], tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple]:
    """What one process alone stores from the corpus."""
    folder = tmp_path_factory.mktemp("reference")
    corpus = write_jsonl(folder / "corpus.jsonl", articles)
    db = folder / "reference.db"
    done = subprocess.run(facttrack_command("ingest", corpus, "--db", db, "--format", "json"),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return stored_content(str(db))


def ingest_together(db: str, articles: list[dict[str, str]], folder: Path, processes: int) -> list[dict[str, int]]:
    """Start ``processes`` ingests of the whole corpus at once, each reading it in its own order."""
    procs = []
    for number in range(processes):
        shuffled = list(articles)
        random.Random(number).shuffle(shuffled)
        corpus = write_jsonl(folder / f"corpus-{number}.jsonl", shuffled)
        procs.append(subprocess.Popen(facttrack_command("ingest", corpus, "--db", db, "--format", "json"),
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    outputs = [proc.communicate(timeout=300) for proc in procs]
    for proc, (_, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err and "error" not in err, err
    return [json.loads(out) for out, _ in outputs]


def check_actors(db: str) -> None:
    """One row per normalised actor name and per alias; every resolved speaker is a stored actor."""
    engine = open_database(db, create=False)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text(
                "SELECT count(*) FROM (SELECT name_norm FROM actors GROUP BY name_norm HAVING count(*) > 1) d"
            )).scalar() == 0
            assert conn.execute(sa.text(
                "SELECT count(*) FROM (SELECT alias_norm FROM actor_aliases GROUP BY alias_norm "
                "HAVING count(*) > 1) d")).scalar() == 0
            assert conn.execute(sa.text(
                "SELECT count(*) FROM claims c LEFT JOIN actors a ON a.id = c.speaker_id "
                "WHERE c.speaker_id IS NOT NULL AND a.id IS NULL")).scalar() == 0
    finally:
        engine.dispose()


@pytest.mark.slow
def test_four_processes_ingest_one_corpus_into_one_sqlite_file(articles: list[dict[str, str]],
                                                               expected: dict[str, tuple], tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    summaries = ingest_together(str(db), articles, tmp_path, 4)
    assert sum(s["new"] for s in summaries) == ARTICLES
    assert all(s["new"] + s["skipped"] == ARTICLES and s["failed"] == 0 for s in summaries)
    assert stored_content(str(db)) == expected  # each article exactly once, and complete
    assert sqlite_integrity(db) == "ok"
    check_actors(str(db))


@pytest.mark.slow
def test_three_processes_ingest_one_corpus_into_one_postgresql_database(
        articles: list[dict[str, str]], expected: dict[str, tuple], tmp_path: Path, pg_url: str) -> None:
    summaries = ingest_together(pg_url, articles, tmp_path, 3)
    assert sum(s["new"] for s in summaries) == ARTICLES
    assert all(s["new"] + s["skipped"] == ARTICLES and s["failed"] == 0 for s in summaries)
    assert stored_content(pg_url) == expected
    check_actors(pg_url)


# ------------------------------------------------------------------ the same article at the same moment

ROUNDS = 10


def round_article(number: int) -> Any:
    """Article ``number``: every one names Nadia Brennan (and Rui Santos), new to the database when
    round 0 starts, so every process inserts them at the same moment."""
    builder = ArticleBuilder(
        f"Commissioner Nadia Brennan said {number + 20} ferries were cancelled at berth {number}.",
        f"Brennan added that {number + 3} crews were missing.",
        f"Inspector Rui Santos said {number + 7} cars were stuck.",
        outlet="Harbour Radio", published=date(2024, 7, 1 + number % 28))
    builder.actor("Nadia Brennan", "person", "Brennan", title="Commissioner").actor("Rui Santos", "person", "Santos")
    builder.claim(f"{number + 20} ferries were cancelled at berth {number}", speaker="Nadia Brennan")
    builder.claim(f"{number + 3} crews were missing", speaker="Brennan", cue="added")
    builder.figure(f"{number + 20} ferries", number + 20, metric="other", attributed_to="Brennan", claim_index=0)
    return builder.build()


def _race_worker(db_url: str, barrier: Any, queue: Any) -> None:  # runs in a spawned process
    engine = open_database(db_url)
    try:
        for number in range(ROUNDS):
            extraction = round_article(number)
            barrier.wait(timeout=120)  # every process stores the same article at the same moment
            result = ingest_extraction(engine, extraction)
            queue.put((number, result.status, result.article_id))
    except BaseException as exc:  # reported to the parent
        queue.put(("error", repr(exc), 0))
    finally:
        engine.dispose()


def name_article(worker: int, number: int) -> Any:
    """Different articles naming one person differently: surname only, full name, full name with a
    title. One writer alone merges them into one actor (named in full); racing writers must too."""
    form = ("Okafor", "Daniel Okafor", "Engineer Daniel Okafor")[(worker + number) % 3]
    name = form.removeprefix("Engineer ")
    builder = ArticleBuilder(f"{form} said {worker * 100 + number + 5} roads were closed in sector {worker}.",
                             outlet=f"Outlet {worker}")
    builder.actor(name, "person", *(("Okafor",) if name != "Okafor" else ()),
                  title="Engineer" if form.startswith("Engineer") else None)
    builder.claim(f"{worker * 100 + number + 5} roads were closed in sector {worker}", speaker=name)
    return builder.build()


def _name_worker(db_url: str, barrier: Any, queue: Any, worker: int) -> None:  # runs in a spawned process
    engine = open_database(db_url)
    try:
        for number in range(ROUNDS):
            extraction = name_article(worker, number)
            barrier.wait(timeout=120)
            queue.put((number, ingest_extraction(engine, extraction).status, 0))
    except BaseException as exc:  # reported to the parent
        queue.put(("error", repr(exc), 0))
    finally:
        engine.dispose()


def run_workers(target: Any, db_url: str, processes: int, *, numbered: bool = False) -> list[tuple[Any, str, int]]:
    """Run ``target`` in ``processes`` spawned processes sharing a barrier; ``numbered`` passes each
    its number as well."""
    open_database(db_url).dispose()
    context = multiprocessing.get_context("spawn")
    barrier, queue = context.Barrier(processes), context.Queue()
    workers = [context.Process(target=target, args=(db_url, barrier, queue, *((n,) if numbered else ())))
               for n in range(processes)]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=300) for _ in range(ROUNDS * processes)]
    for worker in workers:
        worker.join(60)
    assert not [r for r in results if r[0] == "error"], results
    return results


@pytest.mark.slow
@pytest.mark.parametrize("processes", [2, 4])
def test_processes_storing_the_same_article_at_once_store_it_once(db_url: str, processes: int) -> None:
    results = run_workers(_race_worker, db_url, processes)
    for number in range(ROUNDS):
        mine = [r for r in results if r[0] == number]
        assert sorted(status for _, status, _ in mine) == ["new"] + ["skipped"] * (processes - 1)
        assert len({article_id for _, _, article_id in mine}) == 1
    engine = open_database(db_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM articles")).scalar() == ROUNDS
            assert conn.execute(sa.text("SELECT count(*) FROM claims")).scalar() == 2 * ROUNDS
            brennan = conn.execute(sa.text("SELECT id FROM actors WHERE name_norm = 'nadia brennan'")).scalars().all()
            assert len(brennan) == 1  # raced into existence by every process at once, stored once
            speakers = set(conn.execute(sa.text("SELECT speaker_id FROM claims")).scalars())
            assert speakers == set(brennan)
            owners = dict(conn.execute(sa.text("SELECT alias_norm, actor_id FROM actor_aliases")).all())
            assert owners["brennan"] == owners["nadia brennan"] == brennan[0]
    finally:
        engine.dispose()
    if "://" not in db_url:
        assert sqlite_integrity(Path(db_url)) == "ok"
    check_actors(db_url)


@pytest.mark.slow
def test_racing_writers_merge_actors_as_one_writer_would(db_url: str) -> None:
    results = run_workers(_name_worker, db_url, 3, numbered=True)
    assert sorted({status for _, status, _ in results}) == ["new"]
    engine = open_database(db_url)
    try:
        with engine.connect() as conn:
            actors = conn.execute(sa.text("SELECT id, name, title FROM actors")).all()
            aliases = dict(conn.execute(sa.text("SELECT alias_norm, actor_id FROM actor_aliases")).all())
            speakers = set(conn.execute(sa.text("SELECT speaker_id FROM claims")).scalars())
    finally:
        engine.dispose()
    assert [(a.name, a.title) for a in actors] == [("Daniel Okafor", "Engineer")]
    assert aliases == {"okafor": actors[0].id, "daniel okafor": actors[0].id}
    assert speakers == {actors[0].id}
    check_actors(db_url)
