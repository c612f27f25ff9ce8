"""Archive-scale benchmark (issue 13): extraction on Dask against --jobs and serial, the task-size sweep,
WARC records/s, `load` against a raw COPY of the same rows and against `ingest`, loader memory against
distinct actors, and a labelled projection for 10 million articles. Never part of the tests.

    .venv/bin/python bench/scale.py --pg postgresql+psycopg://facttrack:facttrack@127.0.0.1:5432/facttrack

It writes its section of bench/RESULTS.md (between the scale markers; bench/run.py keeps it) and prints
the same table. Every row carries the load average when it was measured: on a shared machine the
figures are contended, and the load says by how much.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import corpus
from measure import load_average, machine_facts, run_child

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DEFAULT_REAL = ROOT.parent / "shared" / "corpus" / "wikinews" / "articles.jsonl"
BEGIN, END = "<!-- scale:begin -->", "<!-- scale:end -->"
TABLES = ("sources", "actors", "actor_aliases", "articles", "claims", "figures")  # in foreign-key order


class Table:
    """Rows of the results: what, value, how it was measured, and the load average at that moment."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, what: str, value: str, how: str = "") -> None:
        row = (what, value, how, load_average())
        self.rows.append(row)
        print(" | ".join(row), flush=True)


def cli() -> list[str]:
    return [str(Path(sys.executable).with_name("facttrack"))]


def env() -> dict[str, str]:
    out = dict(os.environ)
    out.pop("FACTTRACK_DB", None)
    return out


def run(*args: object) -> Any:
    child = run_child([*cli(), *(str(a) for a in args)], env=env())
    if child.returncode not in (0, 1):
        raise RuntimeError(f"facttrack {args[0]} failed: {child.stderr.strip()[-500:]}")
    return child


# ----------------------------------------------------------------------------------------- corpus

def make_corpus(work: Path, articles: int, per_file: int) -> tuple[Path, str]:
    source = str(DEFAULT_REAL) if DEFAULT_REAL.exists() else None
    if source:
        records = corpus.altered_copies(corpus.load_records(source), articles, 7)
        label = f"{articles} articles: the {source.split('/')[-2]} corpus with altered copies"
    else:
        records = corpus.generate_articles(articles, 7)
        label = f"{articles} synthetic articles (bench/corpus.py)"
    folder = work / "corpus"
    folder.mkdir()
    for start in range(0, len(records), per_file):
        with open(folder / f"part-{start // per_file:04d}.jsonl", "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records[start:start + per_file])
    one = work / "one.jsonl"
    with open(one, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return folder, label + f", {per_file} a file"


# ------------------------------------------------------------------------------------- extraction

def dask_run(corpus_dir: Path, out: Path, workers: int, task_bytes: int) -> dict[str, float]:
    """extract-batch through the library on a fresh local cluster, timed from outside: start-up, first
    task, whole run; CPU from the tasks' own process time; the workers' peak RSS."""
    import facttrack
    from facttrack.batch.manifest import Options, plan_batch
    from facttrack.batch.task import TaskResult, TaskSpec, run_task
    from facttrack.readers import DEFAULT_MAX_BYTES
    from facttrack.runners.dask import DaskRunner

    options = Options(None, DEFAULT_MAX_BYTES)
    plan = plan_batch([str(corpus_dir)], version=facttrack.__version__, options=options, task_bytes=task_bytes)
    out.mkdir(parents=True)
    t0 = time.perf_counter()
    runner = DaskRunner(local=workers)
    ready = time.perf_counter()
    first = None
    results: list[TaskResult] = []
    try:
        specs = (TaskSpec(t, str(out), facttrack.__version__, options) for t in plan.tasks)
        for _, result in runner.map(run_task, specs, ordered=False):
            if first is None:
                first = time.perf_counter()
            results.append(result)
    finally:
        done = time.perf_counter()
        runner.close()
    articles = sum(r.articles for r in results)
    return {"startup": ready - t0, "first_task": (first or done) - ready, "wall": done - ready,
            "cpu": sum(r.cpu_seconds for r in results), "articles": articles, "tasks": len(plan.tasks),
            "peak_mb": max((r.peak_rss_mb for r in results), default=0.0), "rate": articles / (done - ready)}


def bench_extraction(table: Table, corpus_dir: Path, one: Path, work: Path, cores: int) -> dict[str, float]:
    serial = run("extract", corpus_dir)
    count = sum(1 for p in corpus_dir.glob("*.jsonl") for _ in open(p, encoding="utf-8"))
    base_rate = count / serial.wall
    table.add("serial `facttrack extract` (one process)", f"{base_rate:.0f} articles/s",
              f"wall {serial.wall:.1f} s, CPU {serial.cpu:.1f} s ({count / serial.cpu:.0f} articles per CPU-s), "
              f"peak {serial.maxrss_mb:.0f} MB")
    numbers: dict[str, float] = {"serial_rate": base_rate, "serial_cpu_rate": count / serial.cpu}
    db = work / "jobs.db"
    for jobs in (1, 2):
        child = run("ingest", corpus_dir, "--db", db, "--jobs", jobs)
        os.unlink(db)
        table.add(f"`ingest --jobs {jobs}` into SQLite (extract + store)", f"{count / child.wall:.0f} articles/s",
                  f"wall {child.wall:.1f} s, CPU {child.cpu:.1f} s")
    single = None
    for workers in sorted({1, 2, cores, 2 * cores}):
        r = dask_run(corpus_dir, work / f"dask-{workers}", workers, 64 << 20)
        if workers == 1:
            single = r
        assert single is not None
        wall_eff = (r["rate"] / single["rate"]) / workers
        cpu_eff = (single["cpu"] / single["articles"]) / (r["cpu"] / r["articles"])
        table.add(f"extract-batch, local Dask cluster of {workers}", f"{r['rate']:.0f} articles/s "
                  f"({r['rate'] / min(workers, cores):.0f} per core)",
                  f"{r['tasks']:.0f} tasks; scaling efficiency by wall {wall_eff:.2f}, by CPU {cpu_eff:.2f}; "
                  f"start-up {r['startup']:.1f} s, first task {r['first_task']:.2f} s; worker peak "
                  f"{r['peak_mb']:.0f} MB; CPU {r['cpu']:.1f} s")
        numbers[f"dask_rate_{workers}"] = r["rate"]
        numbers[f"dask_cpu_rate_{workers}"] = r["articles"] / r["cpu"]
        numbers[f"dask_eff_{workers}"] = wall_eff
        numbers[f"dask_startup_{workers}"] = r["startup"]
    for mb in (0.25, 1, 4, 16):
        r = dask_run(_single(one), work / f"sweep-{mb}", 2, int(mb * (1 << 20)))
        table.add(f"task-size sweep: one {one.stat().st_size / (1 << 20):.0f} MB JSON Lines file, "
                  f"--task-mb {mb}, 2 workers", f"{r['rate']:.0f} articles/s", f"{r['tasks']:.0f} tasks, first task "
                  f"{r['first_task']:.2f} s, CPU {r['cpu']:.1f} s")
    return numbers


def _single(one: Path) -> Path:
    folder = one.parent / "single"
    if not folder.exists():
        folder.mkdir()
        os.link(one, folder / one.name)
    return folder


# ------------------------------------------------------------------------------------------- WARC

def bench_warc(table: Table, work: Path, records: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from facttrack.readers import iter_documents

    texts = corpus.generate_articles(min(records, 500), 11)
    path = work / "bench.warc.gz"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for number in range(records):
            record = texts[number % len(texts)]
            body = "".join(f"<p>{p}</p>" for p in record["text"].split("\n\n"))
            html = (f"<html><head><title>{record.get('title') or ''}</title></head><body><article>{body}"
                    f"<p>Record {number}.</p></article></body></html>").encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://bench.example/{number}", "response",
                                                          payload=io.BytesIO(html), http_headers=headers))
    started, cpu = time.perf_counter(), time.process_time()
    read = sum(1 for item in iter_documents([str(path)]) if not isinstance(item, Exception))
    wall = time.perf_counter() - started
    table.add("WARC read (warcio + the HTML reader, no extraction)", f"{read / wall:.0f} records/s",
              f"{records} gzip records, {path.stat().st_size / (1 << 20):.1f} MB, in this process, CPU "
              f"{time.process_time() - cpu:.1f} s")


# ------------------------------------------------------------------------------------------- load

@contextmanager
def pg_database(base: str) -> Iterator[str]:
    import sqlalchemy as sa

    name = f"facttrack_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        for attempt in range(40):  # an autovacuum worker a non-superuser cannot end may hold it a moment
            try:
                with admin.connect() as conn:
                    conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                break
            except sa.exc.DBAPIError:
                if attempt == 39:
                    raise
                time.sleep(0.25)
        admin.dispose()


def row_count(url: str) -> int:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return sum(conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES)
    finally:
        engine.dispose()


def raw_copy(source: str, target: str, *, without_search_index: bool = False) -> tuple[int, float]:
    """COPY every row of ``source``'s tables, as stored, into the same tables of ``target`` (migrated,
    empty, indexes and triggers in place, or without the claim search index and then building it,
    timed too); returns rows and seconds, reading excluded."""
    import psycopg
    import sqlalchemy as sa

    from facttrack.db.engine import open_database

    open_database(target).dispose()
    plain = sa.make_url(target).set(drivername="postgresql").render_as_string(hide_password=False)
    rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {}
    with psycopg.connect(sa.make_url(source).set(drivername="postgresql").render_as_string(hide_password=False)) as src:
        for t in TABLES:
            cur = src.execute(f"SELECT * FROM {t} ORDER BY id")
            rows[t] = ([d.name for d in cur.description or ()], cur.fetchall())
    from psycopg.types.json import Json

    if without_search_index:
        with psycopg.connect(plain) as dst:
            dst.execute("DROP INDEX ix_claims_text_tsv")
    started = time.perf_counter()
    with psycopg.connect(plain) as dst:
        for t in TABLES:
            columns, data = rows[t]
            tags = columns.index("tags") if "tags" in columns else -1
            with dst.cursor().copy(f"COPY {t} ({', '.join(chr(34) + c + chr(34) for c in columns)}) FROM STDIN") as cp:
                for row in data:
                    cp.write_row(row if tags < 0 else (*row[:tags], Json(row[tags]), *row[tags + 1:]))
        dst.commit()
    if without_search_index:
        with psycopg.connect(plain) as dst:
            dst.execute(_search_index_sql())
            dst.commit()
    return sum(len(d) for _, d in rows.values()), time.perf_counter() - started


def bench_load(table: Table, parts: Path, corpus_dir: Path, work: Path, pg: str | None) -> dict[str, float]:
    numbers: dict[str, float] = {}
    db = work / "load.db"
    run("db", "upgrade", "--db", db)
    child = run("load", parts, "--db", db, "--format", "json")
    summary = json.loads(child.stdout)
    table.add("`load` into SQLite", f"{summary['rows'] / child.wall:,.0f} rows/s",
              f"{summary['new']} articles, {summary['rows']} rows in {child.wall:.1f} s; peak {child.maxrss_mb:.0f} MB")
    db2 = work / "ingest.db"
    run("db", "upgrade", "--db", db2)
    child2 = run("ingest", corpus_dir, "--db", db2, "--format", "json")
    table.add("`ingest` into SQLite (extraction included)", f"{summary['rows'] / child2.wall:,.0f} rows/s",
              f"the same articles in {child2.wall:.1f} s")
    if not pg:
        table.add("PostgreSQL load, raw COPY, ingest", "not measured", "no --pg URL")
        return numbers
    with pg_database(pg) as url:
        run("db", "upgrade", "--db", url)
        child = run("load", parts, "--db", url, "--format", "json")
        summary = json.loads(child.stdout)
        rows = row_count(url)
        load_rate = rows / child.wall
        table.add("`load` into PostgreSQL (COPY + INSERT ... SELECT)", f"{load_rate:,.0f} rows/s",
                  f"{summary['new']} articles, {rows} rows in {child.wall:.1f} s (process start and "
                  f"migration check included); peak {child.maxrss_mb:.0f} MB")
        numbers["pg_load_rows"] = load_rate
        numbers["pg_load_articles"] = summary["new"] / child.wall
        with pg_database(pg) as copy_url:
            copied, seconds = raw_copy(url, copy_url)
        copy_rate = copied / seconds
        table.add("raw psycopg COPY of the same rows into the same tables", f"{copy_rate:,.0f} rows/s",
                  f"{copied} rows in {seconds:.2f} s (rows already in memory; one transaction)")
        table.add("load / raw COPY", f"{load_rate / copy_rate:.2f}x", "target >= 0.5x")
        numbers["copy_rows"] = copy_rate
    with pg_database(pg) as url:
        run("db", "upgrade", "--db", url)
        child = run("ingest", corpus_dir, "--db", url, "--format", "json")
        rows = row_count(url)
        ingest_rate = rows / child.wall
        table.add("`ingest` into PostgreSQL (extraction included)", f"{ingest_rate:,.0f} rows/s",
                  f"{rows} rows in {child.wall:.1f} s")
        table.add("load / ingest on PostgreSQL", f"{load_rate / ingest_rate:.1f}x",
                  "target >= 20x ingest's rows/s (ingest also extracts: its store alone is faster)")
        numbers["pg_ingest_rows"] = ingest_rate
    return numbers


def _search_index_sql() -> str:
    import importlib.util

    path = ROOT / "migrations" / "versions" / "0001_initial.py"
    spec = importlib.util.spec_from_file_location("m0001", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.PG_FTS)


def bench_load_limits(table: Table, parts: Path, pg: str | None) -> None:
    """Where PostgreSQL's time goes: the claim search index (a GIN index over an accent-folded
    tsvector of every claim) deferred to the end, for load and for the raw COPY alike."""
    if not pg:
        return
    with pg_database(pg) as url:
        run("db", "upgrade", "--db", url)
        child = run("load", parts, "--db", url, "--defer-search-index", "--format", "json")
        rows = row_count(url)
        table.add("`load --defer-search-index` into an empty PostgreSQL database", f"{rows / child.wall:,.0f} rows/s",
                  f"{rows} rows in {child.wall:.1f} s, the index built once at the end (included)")
        with pg_database(pg) as copy_url:
            copied, seconds = raw_copy(url, copy_url, without_search_index=True)
        table.add("raw COPY without the search index, then building it", f"{copied / seconds:,.0f} rows/s",
                  f"{copied} rows in {seconds:.2f} s (index build included)")


def synthetic_parts(folder: Path, articles: int, distinct: int, seed: int = 3) -> None:
    """Parts of extraction lines whose actors come from a pool of ``distinct`` names (no extractor
    needed): the loader's memory as the number of actors grows."""
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    with gzip.open(folder / "part-000000.jsonl.gz", "wt", encoding="utf-8") as out:
        for number in range(articles):
            names = [f"Person{rng.randrange(distinct)} Name{number % 7}" for _ in range(8)]
            text = " ".join(f"{n} said {i + 2} people were hurt." for i, n in enumerate(names))
            article = {"title": f"A{number}", "tags": [], "published": None, "outlet": "Bench Wire",
                       "url": None, "sha256": hashlib.sha256(text.encode()).hexdigest(), "text": text,
                       "language": None, "input_format": "txt", "origin": f"synthetic:{number}", "retrieved": None}
            actors = [{"name": n, "kind": "person", "title": None, "aliases": [n, n.split()[1]], "rule": "bench"}
                      for n in dict.fromkeys(names)]
            out.write(json.dumps({"article": article, "figures": [], "claims": [], "actors": actors}) + "\n")


def bench_loader_memory(table: Table, work: Path, pg: str | None, articles: int) -> None:
    for distinct in (1_000, 10_000, 100_000):
        parts = work / f"actors-{distinct}"
        synthetic_parts(parts, articles, distinct)
        target = pg_database(pg) if pg else None
        if target is not None:
            with target as url:
                run("db", "upgrade", "--db", url)
                child = run("load", parts, "--db", url, "--format", "json")
                actors = json.loads(child.stdout)["actors"]
        else:
            db = work / f"actors-{distinct}.db"
            child = run("load", parts, "--db", db, "--format", "json")
            actors = json.loads(child.stdout)["actors"]
        table.add(f"loader peak memory, {distinct:,} names in the pool", f"{child.maxrss_mb:.0f} MB",
                  f"{articles} synthetic articles of 8 actors, {actors:,} distinct actors stored, "
                  f"{'PostgreSQL' if pg else 'SQLite'}, {child.wall:.1f} s")


def projection(table: Table, numbers: dict[str, float], cores: int) -> None:
    """Hours for 10 million articles: extraction spread over N machines of C cores at the measured
    per-core rate and efficiency; the load is one writer whatever N is."""
    per_core = numbers.get(f"dask_cpu_rate_{min(cores, 2)}") or numbers["serial_cpu_rate"]
    eff = min(1.0, numbers.get(f"dask_eff_{min(cores, 2)}", 1.0))
    load = numbers.get("pg_load_articles")
    for machines, machine_cores in ((1, 8), (4, 8), (16, 8)):
        extract_h = 10_000_000 / (per_core * eff * machines * machine_cores) / 3600
        load_h = 10_000_000 / load / 3600 if load else float("nan")
        table.add(f"PROJECTION: 10M articles, {machines} machine(s) x {machine_cores} cores",
                  f"extract {extract_h:.1f} h, load {load_h:.1f} h",
                  f"assumes {per_core:.0f} articles per CPU-second and efficiency {eff:.2f} as measured here, "
                  "and the single PostgreSQL writer at the rate measured here; extraction and load can overlap "
                  "(load parts as they land), so the total is about the larger of the two")


# -------------------------------------------------------------------------------------------- main

def write_results(table: Table, facts: dict[str, str], label: str, elapsed: float) -> None:
    lines = [BEGIN, "", "## Archive scale (bench/scale.py, issue 13)", "",
             f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, facttrack {facts['facttrack']}, "
             f"{facts['cpu']}, {facts['ram']} RAM, shared with three other agents: **every figure is "
             f"contended**; the load average (1/5/15 min) at each row says by how much. {label}. "
             f"One run of each ({elapsed / 60:.1f} min in all).", "",
             "| measurement | value | how | load average |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in table.rows]
    lines += ["", END, ""]
    path = BENCH / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + text[text.index(END) + len(END):].lstrip("\n")
    path.write_text(text.rstrip("\n") + "\n\n" + "\n".join(lines), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--per-file", type=int, default=100)
    parser.add_argument("--pg", default=os.environ.get("FACTTRACK_TEST_DATABASE_URL"))
    parser.add_argument("--no-results", action="store_true")
    parser.add_argument("--parts", default="extraction,warc,load,limits,memory,projection",
                        help="which measurements to run (comma-separated)")
    parser.add_argument("--rows-from", type=Path,
                        help="keep the rows an earlier, interrupted run printed (its log) before this run's")
    parser.add_argument("--numbers", default="",
                        help="k=v,... measured figures for the projection when their parts do not run")
    args = parser.parse_args(argv)
    wanted = set(args.parts.split(","))
    started = time.perf_counter()
    cores = len(os.sched_getaffinity(0))
    table = Table()
    if args.rows_from:
        table.rows += [tuple(line.rstrip("\n").split(" | ")) for line in  # type: ignore[misc]
                       args.rows_from.read_text(encoding="utf-8").splitlines() if line.count(" | ") == 3]
    facts = machine_facts(ROOT)
    numbers = {k: float(v) for k, v in (item.split("=") for item in args.numbers.split(",") if item)}
    with tempfile.TemporaryDirectory(prefix="facttrack-scale-") as tmp:
        work = Path(tmp)
        corpus_dir, label = make_corpus(work, args.articles, args.per_file)
        print(label, flush=True)
        if "extraction" in wanted:
            numbers |= bench_extraction(table, corpus_dir, work / "one.jsonl", work, cores)
        if "warc" in wanted:
            bench_warc(table, work, 2000)
        if "load" in wanted:
            if not (work / "dask-2").exists():
                dask_run(corpus_dir, work / "dask-2", 2, 64 << 20)
            numbers |= bench_load(table, work / "dask-2", corpus_dir, work, args.pg)
        if "limits" in wanted:
            if not (work / "dask-2").exists():
                dask_run(corpus_dir, work / "dask-2", 2, 64 << 20)
            bench_load_limits(table, work / "dask-2", args.pg)
        if "memory" in wanted:
            bench_loader_memory(table, work, args.pg, 4000)
        if "projection" in wanted:
            projection(table, numbers, cores)
    if not args.no_results:
        write_results(table, facts, label, time.perf_counter() - started)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
