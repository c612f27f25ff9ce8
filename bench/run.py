"""facttrack benchmark suite (issue 5): one command, a table on the terminal, bench/RESULTS.md.

    .venv/bin/python bench/run.py            # full run: 2,000 articles, 1M figures (~5 min on 2 cores,
                                             # plus ~40 s once to build the cached query database)
    .venv/bin/python bench/run.py --quick    # 300 articles, 100k figures (~1-2 min)

Every measurement is the median of several runs with min-max. Nothing here is a pass/fail test:
targets are printed next to the figures, never asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import bigdb
import corpus
import limits
from measure import (
    Child,
    Series,
    load_average,
    machine_facts,
    percentile,
    raw_writer,
    remove_database,
    run_child,
    stored_rows,
)

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DEFAULT_REAL = ROOT.parent / "shared" / "corpus" / "wikinews" / "articles.jsonl"
PARTS = ("startup", "extraction", "peer", "ingest", "jobs", "raw", "pg", "queries", "export", "profile")


@dataclass
class Row:
    """One line of the results table."""

    section: str
    name: str
    value: str
    spread: str = ""
    runs: str = ""
    target: str = ""
    status: str = ""
    cpu: str = ""  # the same rate by CPU time: less sensitive to other work on the machine


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    numbers: dict[str, float] = field(default_factory=dict)
    profile: str = ""
    failures: int = 0

    def add(self, *args: str, **kwargs: str) -> None:
        self.rows.append(Row(*args, **kwargs))


CLOCK_START = time.perf_counter()


def log(message: str) -> None:
    """Progress on stderr, with seconds since the run began."""
    print(f"[{time.perf_counter() - CLOCK_START:6.1f}s] {message}", file=sys.stderr, flush=True)


def fmt(value: float, digits: int | None = None) -> str:
    if digits is None:
        digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    return f"{value:,.{digits}f}"


def spread(series: Series, digits: int | None = None) -> str:
    return f"{fmt(series.low, digits)}-{fmt(series.high, digits)}"


def status(ok: bool | None) -> str:
    return "n/a" if ok is None else "met" if ok else "MISSED"


# ------------------------------------------------------------------------------------------ setup


def facttrack_command() -> list[str]:
    """The installed console script next to this interpreter (what users run), else ``-m facttrack``."""
    script = Path(sys.executable).parent / "facttrack"
    if script.exists():
        return [str(script)]
    found = shutil.which("facttrack")
    return [found] if found else [sys.executable, "-m", "facttrack"]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("FACTTRACK_DB", None)
    env["NO_COLOR"] = "1"
    return env


def prepare_corpus(args: argparse.Namespace, work: Path) -> tuple[str, bool, list[Path], list[Any]]:
    """Write the benchmark corpus as JSON Lines parts and read it back as facttrack Documents."""
    source = args.corpus
    if source is None and DEFAULT_REAL.exists():
        source = str(DEFAULT_REAL)
    if source and source != "synthetic":
        originals = corpus.load_records(source)
        records = corpus.altered_copies(originals, args.articles, args.seed)
        label = (f"{len(originals)} real articles from {source}, altered copies to {len(records)} distinct "
                 "texts (middle paragraphs shuffled, a unique closing sentence)")
        real = True
    else:
        records = corpus.generate_articles(args.articles, args.seed)
        label = f"{len(records)} synthetic articles (bench/corpus.py, seed {args.seed})"
        real = False
    parts = corpus.write_jsonl_parts(records, work / "corpus")
    docs = list(corpus.iter_documents(parts))
    return label, real, parts, docs


# ------------------------------------------------------------------------------------ measurements


def bench_startup(res: Results, cli: list[str], work: Path, runs: int) -> None:
    empty = work / "empty.db"
    run_child([*cli, "db", "upgrade", "--db", str(empty)], env=child_env())
    for name, cmd, target in (
        ("facttrack --help", [*cli, "--help"], 150.0),
        ("facttrack figures (empty db)", [*cli, "figures", "--db", str(empty)], None),
    ):
        run_child(cmd, env=child_env())  # warm the page cache
        series = Series()
        for _ in range(runs):
            child = run_child(cmd, env=child_env())
            if child.returncode != 0:
                raise RuntimeError(f"{' '.join(cmd)} failed: {child.stderr.strip()}")
            series.add(child.wall * 1000)
        res.numbers[f"startup:{name}"] = series.median
        res.add("start-up", name, fmt(series.median) + " ms", spread(series), str(runs),
                f"<= {target:.0f} ms" if target else "", status(series.median <= target if target else None))
        log(f"start-up {name}: {series.median:.0f} ms")


def time_extraction(docs: Sequence[Any], runs: int) -> tuple[Series, Series]:
    """Warm extraction rate in articles/s (by wall and by CPU time): one untimed pass over a few
    articles, then full passes."""
    from facttrack.extract import extract

    for doc in docs[:20]:
        extract(doc)
    wall, cpu = Series(), Series()
    for _ in range(runs):
        gc.collect()
        started, started_cpu = time.perf_counter(), time.process_time()
        for doc in docs:
            extract(doc)
        wall.add(len(docs) / (time.perf_counter() - started))
        cpu.add(len(docs) / (time.process_time() - started_cpu))
    return wall, cpu


def bench_extraction(res: Results, docs: list[Any], runs: int, real: bool, work: Path, seed: int,
                     quick: bool) -> None:
    from facttrack.extract import extract

    totals = [extract(doc) for doc in docs]
    figures = sum(len(e.figures) for e in totals) / len(docs)
    claims = sum(len(e.claims) for e in totals) / len(docs)
    series, cpu = time_extraction(docs, runs)
    label = "real articles + altered copies" if real else "synthetic articles"
    res.numbers["extraction"] = series.median
    res.numbers["extraction:cpu"] = cpu.median
    res.add("extraction", f"extract(), {label} ({len(docs)}, warm, no database)",
            fmt(series.median) + " articles/s", spread(series), str(runs), ">= 1,000/s",
            status(series.median >= 1000), cpu=fmt(cpu.median))
    res.notes.append(f"Extraction found {figures:.1f} figures and {claims:.1f} claims per article "
                     f"({label}); mean text {statistics.mean(len(d.text) for d in docs) / 1000:.1f} KB, "
                     f"median {statistics.median(len(d.text) for d in docs) / 1000:.1f} KB.")
    log(f"extraction ({label}): {series.median:.0f} articles/s")
    if real:
        count = min(len(docs), 300 if quick else 600)
        synthetic = list(corpus.iter_documents(corpus.write_jsonl_parts(
            corpus.generate_articles(count, seed), work / "synthetic")))
        series, cpu = time_extraction(synthetic, runs)
        res.numbers["extraction:synthetic"] = series.median
        found = [extract(doc) for doc in synthetic]
        res.notes.append(f"The synthetic articles are denser: {sum(len(e.figures) for e in found) / len(found):.1f} "
                         f"figures and {sum(len(e.claims) for e in found) / len(found):.1f} claims per article, "
                         f"mean text {statistics.mean(len(d.text) for d in synthetic) / 1000:.1f} KB.")
        res.add("extraction", f"extract(), synthetic articles ({len(synthetic)}, warm, no database)",
                fmt(series.median) + " articles/s", spread(series), str(runs), ">= 1,000/s",
                status(series.median >= 1000), cpu=fmt(cpu.median))
        log(f"extraction (synthetic): {series.median:.0f} articles/s")


def bench_peer(res: Results, docs: list[Any], runs: int) -> None:
    """quantulum3 over the same articles, and facttrack's extraction on exactly that sample."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            started = time.perf_counter()
            from quantulum3 import parser as q3

            q3.parse(docs[0].text)
            load = time.perf_counter() - started
    except ImportError:
        res.add("peer", "quantulum3", "not installed", target="pip install quantulum3", status="n/a")
        return
    series = Series()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(runs):
            started = time.perf_counter()
            for doc in docs:
                q3.parse(doc.text)
            series.add(len(docs) / (time.perf_counter() - started))
    ours, _ = time_extraction(docs, runs)
    res.numbers["quantulum3"] = series.median
    res.numbers["extraction:peer-sample"] = ours.median
    res.add("peer", f"quantulum3 parser.parse ({len(docs)} of the same articles)",
            fmt(series.median) + " articles/s", spread(series), str(runs), f"load {load:.1f} s")
    ratio = ours.median / series.median
    res.add("peer", "facttrack extraction / quantulum3 (same sample)", f"{ratio:.0f}x",
            f"{ours.median:,.0f} vs {series.median:.1f}/s", str(runs))
    log(f"quantulum3: {series.median:.1f} articles/s (facttrack {ours.median:.0f} on the same sample)")


def ingest_once(cli: list[str], parts_dir: Path, db: str, jobs: int | None = None) -> tuple[Child, dict]:
    cmd = [*cli, "ingest", str(parts_dir), "--db", db, "--format", "json"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    child = run_child(cmd, env=child_env())
    if child.returncode != 0:
        raise RuntimeError(f"ingest failed ({child.returncode}): {child.stderr.strip()[-500:]}")
    summary = json.loads(child.stdout.strip().splitlines()[-1])
    return child, summary


def bench_ingest_sqlite(res: Results, cli: list[str], parts_dir: Path, work: Path, count: int, runs: int,
                        jobs: int | None = None) -> Path:
    rate, cpu, memory = Series(), Series(), Series()
    keep = work / "ingested.db"
    summary: dict = {}
    for run in range(runs):
        db = work / f"ingest-{run}.db"
        child, summary = ingest_once(cli, parts_dir, str(db), jobs)
        if summary["new"] != count:
            raise RuntimeError(f"ingest stored {summary['new']} of {count} articles: {summary}")
        rate.add(count / child.wall)
        cpu.add(count / child.cpu)
        memory.add(child.maxrss_mb)
        if run == 0 and not jobs:
            for suffix in ("", "-wal", "-shm"):
                if Path(f"{db}{suffix}").exists():
                    os.replace(f"{db}{suffix}", f"{keep}{suffix}")
        remove_database(db)
    name = f"facttrack ingest --jobs {jobs}" if jobs else "facttrack ingest"
    key = f"ingest:jobs{jobs}" if jobs else "ingest:sqlite"
    res.numbers[key] = rate.median
    res.numbers[f"{key}:rss"] = memory.median
    if jobs:
        ratio = rate.median / res.numbers["ingest:sqlite"]
        res.add("ingest", f"{name}, SQLite ({count} articles)", fmt(rate.median) + " articles/s",
                spread(rate), str(runs), ">= 1.6x single", f"{status(ratio >= 1.6)} ({ratio:.2f}x)",
                cpu=fmt(cpu.median))
    else:
        res.add("ingest", f"{name}, new SQLite file ({count} articles, wall incl. start-up)",
                fmt(rate.median) + " articles/s", spread(rate), str(runs), ">= 500/s",
                status(rate.median >= 500), cpu=fmt(cpu.median))
        res.notes.append(f"One ingest stored {summary['figures']} figures, {summary['claims']} claims and "
                         f"{summary['actors']} actors.")
    res.add("ingest", f"{name}, peak memory (ru_maxrss)", fmt(memory.median) + " MB", spread(memory), str(runs))
    log(f"{name} sqlite: {rate.median:.1f} articles/s, {memory.median:.0f} MB")
    return keep


def bench_raw_storage(res: Results, source_db: Path, work: Path, count: int, runs: int) -> None:
    """The storage limit: the same rows the ingest stored, re-inserted with raw sqlite3 executemany
    (one transaction, WAL + synchronous=NORMAL as the app sets) into a freshly migrated file."""
    from facttrack.db.engine import open_database

    template = work / "raw-template.db"
    open_database(str(template)).dispose()
    data = stored_rows(source_db, ("sources", "articles", "actors", "actor_aliases", "claims", "figures"))
    rows_total = sum(len(rows) for _, rows in data.values())
    figure_rows = len(data["figures"][1])
    rate, fig_rate = Series(), Series()
    for run in range(runs):
        target = work / f"raw-{run}.db"
        conn = raw_writer(template, target)
        started = time.perf_counter()
        conn.execute("BEGIN")
        for insert, rows in data.values():
            conn.executemany(insert, rows)
        conn.execute("COMMIT")
        elapsed = time.perf_counter() - started
        conn.close()
        remove_database(target)
        rate.add(count / elapsed)
        fig_rate.add(rows_total / elapsed)
    res.numbers["raw"] = rate.median
    per_article = limits.raw_per_article_rate(data, template, work, runs)
    res.numbers["raw:per-article"] = per_article.median
    res.add("storage limit", f"raw sqlite3 executemany of the same {rows_total:,} rows "
            f"({figure_rows:,} figures), real schema", fmt(fig_rate.median) + " rows/s", spread(fig_rate),
            str(runs))
    res.add("storage limit", "  = articles/s if storing were all ingest did", fmt(rate.median) + " articles/s",
            spread(rate), str(runs))
    res.add("storage limit", "  one transaction per article, as ingest must (same rows, raw sqlite3)",
            fmt(per_article.median) + " articles/s", spread(per_article), str(runs))
    log(f"raw executemany: {fig_rate.median:,.0f} rows/s = {rate.median:,.0f} articles/s "
        f"({per_article.median:,.0f} with a transaction per article)")


def bench_ingest_pg(res: Results, cli: list[str], parts_dir: Path, url: str, count: int, runs: int) -> None:
    from sqlalchemy import create_engine, make_url, text

    admin_url = make_url(url)
    if admin_url.drivername == "postgresql":
        admin_url = admin_url.set(drivername="postgresql+psycopg")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    rate, cpu, memory = Series(), Series(), Series()
    try:
        with admin.connect() as conn:
            server = conn.execute(text("SHOW server_version")).scalar()
        for run in range(runs):
            name = f"facttrack_bench_{os.getpid()}_{run}"
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                target = admin_url.set(database=name).render_as_string(hide_password=False)
                child, summary = ingest_once(cli, parts_dir, target)
                if summary["new"] != count:
                    raise RuntimeError(f"ingest stored {summary['new']} of {count} articles: {summary}")
                rate.add(count / child.wall)
                cpu.add(count / child.cpu)
                memory.add(child.maxrss_mb)
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
    res.numbers["ingest:pg"] = rate.median
    res.add("ingest", f"facttrack ingest, new PostgreSQL {server} database ({count} articles)",
            fmt(rate.median) + " articles/s", spread(rate), str(runs), cpu=fmt(cpu.median) + " (client)")
    res.add("ingest", "facttrack ingest PostgreSQL, peak memory (ru_maxrss)", fmt(memory.median) + " MB",
            spread(memory), str(runs))
    log(f"ingest postgresql: {rate.median:.1f} articles/s")


QUERY_TARGETS = {
    "claims by actor (alias)": 2.0,
    "claims by source": 25.0,
    "figures by metric, 30-day range": 15.0,
    "text search over claims": 5.0,
    "count by metric (group by)": 60.0,
}


def bench_queries(res: Results, big: bigdb.BigDatabase, samples: int, runs: int) -> None:
    """facttrack.db.query functions on the big database, timed by bench/queries.py in a fresh process
    per run; each run gives a p50 and p95 over ``samples`` lookups, and the table shows their medians."""
    import subprocess

    meta = Path(big.path).with_suffix(".json")
    per_run: list[dict[str, dict[str, list[float]]]] = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, str(BENCH / "queries.py"), "--db", big.path, "--meta", str(meta),
                               "--samples", str(samples)], capture_output=True, text=True, env=child_env(),
                              check=False)
        if done.returncode != 0:
            raise RuntimeError(f"query benchmark failed: {done.stderr.strip()[-800:]}")
        per_run.append(json.loads(done.stdout))
    for name in per_run[0]:
        p50s, p95s, cpu50s = Series(), Series(), Series()
        for found in per_run:
            p50s.add(percentile(found[name]["wall_ms"], 0.5))
            p95s.add(percentile(found[name]["wall_ms"], 0.95))
            cpu50s.add(percentile(found[name]["cpu_ms"], 0.5))
        sizes = per_run[0][name]["rows"]
        p50, p95 = p50s.median, p95s.median
        target = QUERY_TARGETS[name]
        ok = p50 <= target and p95 <= 5 * p50
        res.numbers[f"query:{name}:p50"] = p50
        res.numbers[f"query:{name}:p95"] = p95
        res.add("queries", f"{name} (rows: median {statistics.median(sizes):,.0f}, max {max(sizes):,})",
                f"p50 {fmt(p50)} / p95 {fmt(p95)} ms", f"p50 {spread(p50s)}", f"{runs}x{len(sizes)}",
                f"p50 <= {target:g} ms, p95 <= 5x", status(ok), cpu=f"p50 {fmt(cpu50s.median)} ms")
        log(f"query {name}: p50 {p50:.2f} ms, p95 {p95:.2f} ms")


def bench_export(res: Results, cli: list[str], big: bigdb.BigDatabase, work: Path, runs: int) -> None:
    out = work / "figures.csv"
    rate, cpu, memory = Series(), Series(), Series()
    rows = big.figures
    for _ in range(runs):
        child = run_child([*cli, "export", "figures", "--format", "csv", "-o", str(out), "--db", big.path],
                          env=child_env())
        if child.returncode != 0:
            raise RuntimeError(f"export failed: {child.stderr.strip()}")
        words = child.stderr.split()
        if "exported" in words:
            rows = int(words[words.index("exported") + 1])
        rate.add(rows / child.wall)
        cpu.add(rows / child.cpu)
        memory.add(child.maxrss_mb)
        size = out.stat().st_size
        out.unlink()
    res.numbers["export"] = rate.median
    res.numbers["export:rss"] = memory.median
    res.add("export", f"facttrack export figures --format csv ({rows:,} rows, {size / 1e6:.0f} MB, "
            "formula neutralisation on, wall incl. start-up)", fmt(rate.median) + " rows/s", spread(rate),
            str(runs), ">= 100,000 rows/s", status(rate.median >= 100_000), cpu=fmt(cpu.median))
    res.add("export", "export peak memory (ru_maxrss)", fmt(memory.median) + " MB", spread(memory), str(runs),
            "<= 100 MB", status(memory.median <= 100))
    log(f"export: {rate.median:,.0f} rows/s, {memory.median:.0f} MB")


def _where(key: tuple[str, int, str]) -> str:
    filename, line, func = key
    if filename == "~":
        return func
    path = filename.replace("\\", "/")
    for marker in ("/src/", "/site-packages/", "/lib/python3.11/", "/lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{path}:{line}({func})"


def _module(filename: str) -> str:
    path = filename.replace("\\", "/")
    if filename == "~":
        return "built-ins (re, str, sqlite3, csv, ...)"
    if "/facttrack/" in path:
        return "facttrack." + path.split("/facttrack/", 1)[1].removesuffix(".py").replace("/", ".")
    if "/site-packages/" in path:
        return path.split("/site-packages/", 1)[1].split("/", 1)[0]
    return "stdlib " + Path(path).stem


def profile_markdown(title: str, run: Callable[[], int], unit: str, top: int = 15) -> str:
    """cProfile ``run`` (which returns how many units it processed): own time by module, the top
    functions by own time, and the facttrack functions by cumulative time, all per unit."""
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    units = run()
    profiler.disable()
    elapsed = time.perf_counter() - started
    entries = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(tt for (_, _, tt, _, _) in entries.values()) or 1.0
    scale = 1000 / max(units, 1)
    per_module: dict[str, float] = {}
    for (filename, _, _), (_, _, tt, _, _) in entries.items():
        per_module[_module(filename)] = per_module.get(_module(filename), 0.0) + tt
    lines = [f"### {title}", "",
             f"cProfile over {units:,} {unit}s: {elapsed * scale:.3f} ms per {unit} under the profiler "
             f"({units / elapsed:,.0f} {unit}s/s; the profiler itself slows Python-heavy code).", "",
             f"| own time per {unit} | share | module |", "|---:|---:|---|"]
    for name, tt in sorted(per_module.items(), key=lambda item: -item[1])[:10]:
        lines.append(f"| {tt * scale:.3f} ms | {tt / total:.0%} | {name} |")
    lines += ["", f"| calls per {unit} | own ms/{unit} | cumulative ms/{unit} | function |", "|---:|---:|---:|---|"]
    for key, (_, calls, tt, ct, _) in sorted(entries.items(), key=lambda item: -item[1][2])[:top]:
        lines.append(f"| {calls / max(units, 1):.3g} | {tt * scale:.3f} | {ct * scale:.3f} | `{_where(key)}` |")
    ours = [(key, value) for key, value in entries.items() if "/facttrack/" in key[0].replace("\\", "/")]
    lines += ["", f"facttrack functions by cumulative time (ms/{unit}): " + ", ".join(
        f"`{_where(key).split('facttrack/', 1)[-1]}` {value[3] * scale:.3f}"
        for key, value in sorted(ours, key=lambda item: -item[1][3])[:10])]
    return "\n".join(lines)


def profile_extraction(docs: Sequence[Any]) -> str:
    from facttrack.extract import extract

    for doc in docs[:20]:
        extract(doc)

    def run() -> int:
        for doc in docs:
            extract(doc)
        return len(docs)

    return profile_markdown("Extraction (warm, no database)", run, "article") + (
        "\n\nThe own time of the `find_*` scanners includes iterating `re.finditer` (cProfile does not "
        "see iterator steps as calls), so it is mostly regular-expression scanning.")


def profile_ingest(docs: Sequence[Any], work: Path) -> str:
    """In-process ingest (extract + store, one transaction per article) into a new SQLite file."""
    from facttrack.db.engine import open_database
    from facttrack.ingest import ingest_documents

    engine = open_database(str(work / "profile-ingest.db"))
    try:
        def run() -> int:
            return sum(1 for outcome in ingest_documents(engine, docs) if outcome.status == "new")

        return profile_markdown("Ingest without process start-up (extract + store into SQLite)", run, "article")
    finally:
        engine.dispose()


def profile_export(big: bigdb.BigDatabase, rows: int | None, work: Path) -> str:
    """In-process export of ``rows`` figure rows (None: all) to CSV through the same query and writer as
    ``facttrack export figures``: id order, cells computed by the database."""
    from facttrack import render
    from facttrack.db.engine import open_database
    from facttrack.db.query import FIGURE_COLUMNS, Filters, figure_csv

    engine = open_database(big.path, create=False)
    try:
        with engine.connect() as conn, open(work / "profile.csv", "w", encoding="utf-8", newline="") as out:
            def run() -> int:
                return render.write_csv_cells(figure_csv(conn, Filters(limit=rows)),
                                              FIGURE_COLUMNS, out)

            return profile_markdown("Export to CSV without process start-up", run, "row")
    finally:
        engine.dispose()


# --------------------------------------------------------------------------------------- reporting


def print_table(res: Results) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="facttrack benchmark", show_lines=False)
    for column, justify in (("section", "left"), ("measurement", "left"), ("median", "right"),
                            ("min-max", "right"), ("runs", "right"), ("by CPU time", "right"),
                            ("target", "left"), ("status", "left")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    previous = None
    for row in res.rows:
        if previous is not None and row.section != previous:
            table.add_section()
        previous = row.section
        style = ("bold red" if row.status.startswith(("MISSED", "ERROR"))
                 else "green" if row.status.startswith("met") else "")
        table.add_row(row.section, row.name, row.value, row.spread, row.runs, row.cpu, row.target, row.status,
                      style=style)
    Console(width=max(150, shutil.get_terminal_size().columns)).print(table)
    for note in res.notes:
        print(note)


def markdown(res: Results, args: argparse.Namespace, facts: dict[str, str], corpus_label: str,
             big: bigdb.BigDatabase | None, elapsed: float) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = " ".join(["python bench/run.py", *sys.argv[1:]])
    lines = [
        "# facttrack benchmark results", "",
        f"Latest run: {now}, `{command}` ({'quick' if args.quick else 'full'} run, {elapsed / 60:.1f} min).", "",
        "## Machine", "",
        *(f"- {key}: {value}" for key, value in facts.items()), "",
        "## Data", "",
        f"- Corpus: {corpus_label}.",
    ]
    if big is not None:
        lines.append(f"- Query/export database: {big.articles:,} articles, {big.figures:,} figures, "
                     f"{big.claims:,} claims, {big.actors:,} actors, {big.sources} sources; synthetic rows "
                     f"inserted with raw sqlite3 into the schema the migrations created (built in "
                     f"{big.build_seconds:.0f} s{', reused from the cache' if big.reused else ''}; its figure rows "
                     f"went in at {big.figure_insert_rows_per_s:,.0f} rows/s by executemany with every index "
                     "in place).")
    lines += ["- Every figure is the median of the runs shown, with min-max; rates include process start-up "
              "where a CLI command is timed. \"by CPU time\" is the same rate from the process's user + "
              "system CPU time, which other work on the machine disturbs less (compare the load averages "
              "above; the wall-clock rates are the ones the targets speak of).",
              "- Peak memory is the command's own ru_maxrss, taken by a small launcher process (a child "
              "forked from the benchmark would report the benchmark's size: Linux keeps the pre-exec peak).",
              *(["- A quick run is a smoke test at a tenth of the targets' sizes: process start-up weighs on "
                 "every rate, so its statuses say little; the targets are judged on the full run "
                 "(bench/RESULTS.md)."] if args.quick else []),
              "", "## Results", "",
              "| section | measurement | median | min-max | runs | by CPU time | target | status |",
              "|---|---|---:|---:|---:|---:|---|---|"]
    for row in res.rows:
        cells = [row.section, row.name, row.value, row.spread, row.runs, row.cpu, row.target, row.status]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    lines += ["", "## Ratios", ""]
    n = res.numbers
    if "ingest:sqlite" in n and "quantulum3" in n:
        lines.append(f"- ingest (SQLite, end to end) / quantulum3 parsing alone: "
                     f"{n['ingest:sqlite'] / n['quantulum3']:.0f}x (target >= 30x).")
    if "extraction:peer-sample" in n and "quantulum3" in n:
        lines.append(f"- extraction / quantulum3 on the same articles: "
                     f"{n['extraction:peer-sample'] / n['quantulum3']:.0f}x.")
    if "ingest:sqlite" in n and "raw" in n:
        lines.append(f"- ingest / raw sqlite3 executemany of the same rows: {n['ingest:sqlite'] / n['raw']:.3f} "
                     f"(the storage limit is {n['raw'] / n['ingest:sqlite']:.0f}x the ingest rate).")
    if "ingest:sqlite" in n and "extraction" in n:
        per_article = 1000 / n["ingest:sqlite"] - 1000 / n["extraction"]
        lines.append(f"- ingest time per article not spent in extraction (start-up, reading, cleaning, "
                     f"storing): {per_article:.2f} ms of {1000 / n['ingest:sqlite']:.2f} ms.")
    if res.notes:
        lines += ["", "## Notes", "", *(f"- {note}" for note in res.notes)]
    if res.profile:
        lines += ["", "## Where the time goes (missed throughput targets)", "", res.profile]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="facttrack benchmark suite (never part of the tests).")
    parser.add_argument("--quick", action="store_true", help="small corpus and database (~2 minutes)")
    parser.add_argument("--articles", type=int, help="corpus size (default 2000, quick 300)")
    parser.add_argument("--corpus", metavar="PATH|synthetic",
                        help=f"JSON Lines file or folder of real articles (default {DEFAULT_REAL} when it "
                             "exists, else synthetic)")
    parser.add_argument("--scale", type=int, metavar="ARTICLES",
                        help="articles in the query/export database, ~10 figures each (default 100000, "
                             "quick 10000)")
    parser.add_argument("--runs", type=int, help="runs per measurement (default 3)")
    parser.add_argument("--pg", metavar="URL", default=os.environ.get("FACTTRACK_TEST_DATABASE_URL"),
                        help="PostgreSQL URL whose role may CREATE DATABASE (default "
                             "$FACTTRACK_TEST_DATABASE_URL); a fresh database per run, dropped after")
    parser.add_argument("--jobs", type=int, default=2, help="--jobs value to compare, when ingest has it")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip", default="", help=f"comma-separated parts to skip: {','.join(PARTS)}")
    parser.add_argument("--cache", type=Path, default=BENCH / ".cache",
                        help="where the big database is kept between runs (default bench/.cache)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the big database even if cached")
    parser.add_argument("--results", type=Path,
                        help="Markdown file to write (default bench/RESULTS.md, quick runs "
                             "bench/RESULTS-quick.md so they never replace the full results)")
    parser.add_argument("--no-results", action="store_true", help="print only, do not write RESULTS.md")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    args = parser.parse_args(argv)
    args.articles = args.articles or (300 if args.quick else 2000)
    args.scale = args.scale or (10_000 if args.quick else 100_000)
    args.runs = args.runs or 3
    args.results = args.results or BENCH / ("RESULTS-quick.md" if args.quick else "RESULTS.md")
    args.skip = {part.strip() for part in args.skip.split(",") if part.strip()}
    unknown = args.skip - set(PARTS)
    if unknown:
        parser.error(f"unknown --skip parts: {', '.join(sorted(unknown))} (known: {', '.join(PARTS)})")
    return args


def kept_section(path: Path) -> str:
    """The archive-scale section bench/scale.py wrote into the results file, kept when this run rewrites
    the rest of it."""
    from scale import BEGIN, END

    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN not in text or END not in text:
        return ""
    return "\n" + text[text.index(BEGIN):text.index(END) + len(END)] + "\n"


def guarded(res: Results, section: str, name: str, run: Callable[[], Any]) -> Any:
    """Run one part; a failure becomes a table row (and exit status 1), not the end of the run."""
    try:
        return run()
    except Exception as exc:  # noqa: BLE001 - report and go on with the other measurements
        message = " ".join(str(exc).split())[-300:] or type(exc).__name__
        log(f"{section}: {name} FAILED: {message}")
        res.failures += 1
        res.add(section, name, "failed", target=message, status="ERROR")
        return None


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="facttrack-bench-"))
    cli = facttrack_command()
    res = Results()
    facts = machine_facts(ROOT)
    big: bigdb.BigDatabase | None = None
    corpus_args = (work / "corpus", work)
    try:
        log(f"work folder {work}; writing the corpus ({args.articles} articles)")
        corpus_label, real, parts, docs = prepare_corpus(args, work)
        log(corpus_label)
        count = len(docs)
        if "startup" not in args.skip:
            guarded(res, "start-up", "facttrack --help / figures",
                    lambda: bench_startup(res, cli, work, 5 if args.quick else 10))
        if "extraction" not in args.skip:
            guarded(res, "extraction", "extract()",
                    lambda: bench_extraction(res, docs, args.runs, real, work, args.seed, args.quick))
        if "peer" not in args.skip:
            guarded(res, "peer", "quantulum3", lambda: bench_peer(res, docs[: 15 if args.quick else 40], args.runs))
        ingested = None
        if "ingest" not in args.skip:
            ingested = guarded(res, "ingest", "facttrack ingest, SQLite",
                               lambda: bench_ingest_sqlite(res, cli, *corpus_args, count, args.runs))
            if ingested is not None and "jobs" not in args.skip:
                help_text = run_child([*cli, "ingest", "--help"], env=child_env()).stdout
                if "--jobs" in help_text:
                    guarded(res, "ingest", f"facttrack ingest --jobs {args.jobs}",
                            lambda: bench_ingest_sqlite(res, cli, *corpus_args, count, args.runs, args.jobs))
                else:
                    res.add("ingest", f"facttrack ingest --jobs {args.jobs}", "no --jobs option yet",
                            target=">= 1.6x single", status="n/a")
        if ingested is not None and "raw" not in args.skip:
            guarded(res, "storage limit", "raw sqlite3 executemany",
                    lambda: bench_raw_storage(res, ingested, work, count, args.runs))
        if "pg" not in args.skip:
            if args.pg:
                guarded(res, "ingest", "facttrack ingest, PostgreSQL",
                        lambda: bench_ingest_pg(res, cli, work / "corpus", args.pg, count, args.runs))
            else:
                res.add("ingest", "facttrack ingest, PostgreSQL", "skipped",
                        target="set FACTTRACK_TEST_DATABASE_URL or --pg URL", status="n/a")
        if not {"queries", "export"} <= args.skip:
            log(f"building the query database ({args.scale:,} articles) in {args.cache}")
            big = guarded(res, "queries", "building the query database", lambda: bigdb.build(
                args.cache / f"big-{args.scale}.db", args.scale, seed=args.seed, reuse=not args.rebuild))
        if big is not None:
            log(f"query database ready: {big.figures:,} figures "
                f"({'reused' if big.reused else f'built in {big.build_seconds:.0f} s'})")
            if "queries" not in args.skip:
                guarded(res, "queries", "facttrack.db.query",
                        lambda: bench_queries(res, big, 20 if args.quick else 40, args.runs))
            if "export" not in args.skip:
                guarded(res, "export", "facttrack export figures",
                        lambda: bench_export(res, cli, big, work, args.runs))
        if "profile" not in args.skip:
            profiles = []
            if res.numbers.get("extraction", 1e9) < 1000:
                log("profiling extraction (its target is missed)")
                profiles.append(guarded(res, "profile", "extraction",
                                        lambda: profile_extraction(docs[: 100 if args.quick else 400])))
            if res.numbers.get("ingest:sqlite", 1e9) < 500:
                log("profiling ingest (its target is missed)")
                profiles.append(guarded(res, "profile", "ingest",
                                        lambda: profile_ingest(docs[: 100 if args.quick else 300], work)))
            if big is not None and res.numbers.get("export", 1e9) < 100_000:
                log("profiling export (its target is missed)")
                profiles.append(guarded(res, "profile", "export",
                                        lambda: profile_export(big, None if args.quick else 200_000, work)))
            if res.numbers.get("extraction", 1e9) < 1000 or res.numbers.get("ingest:sqlite", 1e9) < 500:
                log("measuring the limits behind the missed targets")
                found = guarded(res, "profile", "limits", lambda: limits.measure(
                    docs, parts, cli, child_env(), work, args.runs))
                if found is not None:
                    profiles.insert(0, limits.markdown(found, res.numbers, count))
            res.profile = "\n\n".join(p for p in profiles if p)
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    elapsed = time.perf_counter() - started
    facts["load average at end (1/5/15 min)"] = load_average()
    print_table(res)
    if res.profile:
        print()
        print(res.profile)
    if not args.no_results:
        args.results.write_text(markdown(res, args, facts, corpus_label, big, elapsed) + kept_section(args.results),
                                encoding="utf-8")
        log(f"wrote {args.results}")
    log(f"done in {elapsed / 60:.1f} min" + (f"; {res.failures} part(s) failed" if res.failures else ""))
    return 1 if res.failures else 0


if __name__ == "__main__":
    sys.exit(main())
