"""The limits behind missed throughput targets, measured in the same run (issue 5: "where a target
cannot be met, show ... the limit that stops it").

cProfile explains where time goes but inflates Python-heavy code 1.5-2x; the figures here are plain
wall-clock times: each extraction stage timed as the pipeline calls it, and the floors every ingest
pays whatever facttrack does (one bare regex pass over each word, reading the input, process
start-up with migrations, raw sqlite3 writes with one transaction per article).
"""

from __future__ import annotations

import gc
import re
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from measure import Series, raw_writer, remove_database, run_child

# pipeline-level name -> the stage it belongs to (every function extract() calls per article or unit)
STAGES = {
    "sentences": "sentences and attribution units (segment)",
    "units": "sentences and attribution units (segment)",
    "WordIndex": "word index: one regex pass over every word (scan)",
    "find_numbers": "numbers (numbers)",
    "cue_words": "reporting-cue words (attribution)",
    "cue_positions": "reporting-cue words (attribution)",
    "find_dates": "dates (dates)",
    "find_named_actors": "named actors (actors)",
    "find_cues": "reporting cues and speakers (attribution)",
    "unnamed_cues": "reporting cues and speakers (attribution)",
    "non_figure_reason": "figure reading: qualifier, metric, counted (figures)",
    "read_figure": "figure reading: qualifier, metric, counted (figures)",
    "figure_places": "places of figures (places)",
}
GLUE = "pipeline glue: loops, speakers, results (pipeline)"
_WORD = re.compile(r"\w+")


@dataclass
class Limits:
    """Per-article costs in milliseconds, each the median of its runs."""

    stages: dict[str, float] = field(default_factory=dict)
    stage_total: float = 0.0  # extraction with the stage timers in place
    word_pass: float = 0.0
    read: float = 0.0
    store: float = 0.0
    loop: float = 0.0  # ingest_documents in-process: extraction and store interleaved, as ingest runs them
    startup_s: float = 0.0


def _median_of(runs: int, once: Callable[[], float]) -> float:
    return statistics.median(once() for _ in range(runs))


def extraction_stages(docs: Sequence[Any], runs: int) -> tuple[dict[str, float], float]:
    """ms per article of each stage, and of the whole extraction, with a timer around every stage
    function the pipeline calls (the timers add ~1 microsecond per call). Nothing when the extraction
    modules run compiled: they call each other directly, past any timer set on the module."""
    from facttrack import native
    from facttrack.extract import extract, pipeline

    if native.active():
        return {}, 0.0

    spent: dict[str, float] = {}
    originals = {name: getattr(pipeline, name) for name in STAGES}

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        label = STAGES[name]

        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - started
        return run

    for name, function in originals.items():
        setattr(pipeline, name, timed(name, function))
    per_run: list[tuple[dict[str, float], float]] = []
    try:
        for doc in docs[:20]:
            extract(doc)
        for _ in range(runs):
            spent.clear()
            gc.collect()
            started = time.perf_counter()
            for doc in docs:
                extract(doc)
            total = time.perf_counter() - started
            per_run.append((dict(spent), total))
    finally:
        for name, function in originals.items():
            setattr(pipeline, name, function)
    scale = 1000 / len(docs)
    stages = {label: statistics.median(r[0][label] for r in per_run) * scale for label in per_run[0][0]}
    total = statistics.median(r[1] for r in per_run) * scale
    stages[GLUE] = max(0.0, total - sum(stages.values()))
    return dict(sorted(stages.items(), key=lambda item: -item[1])), total


def word_pass_ms(docs: Sequence[Any], runs: int) -> float:
    """One bare ``\\w+`` regex pass reading every word's offset: the cheapest look at each word."""
    def once() -> float:
        started = time.perf_counter()
        for doc in docs:
            for m in _WORD.finditer(doc.text):
                m.start()
        return (time.perf_counter() - started) * 1000 / len(docs)
    return _median_of(runs, once)


def read_ms(parts: Sequence[Path], count: int, runs: int) -> float:
    """Reading and cleaning the input files into Documents, as ingest does."""
    from facttrack.readers import iter_documents

    def once() -> float:
        started = time.perf_counter()
        for _ in iter_documents([str(p) for p in parts], max_bytes=1 << 30):
            pass
        return (time.perf_counter() - started) * 1000 / count
    return _median_of(runs, once)


@contextmanager
def _new_database(path: Path) -> Iterator[Any]:
    """An engine on a new SQLite file (migrated as ingest migrates it), disposed after."""
    from facttrack.db.engine import open_database

    remove_database(path)
    engine = open_database(str(path))
    try:
        yield engine
    finally:
        engine.dispose()


def store_ms(docs: Sequence[Any], work: Path, runs: int) -> float:
    """facttrack's store alone (ingest_extraction: one transaction per article) of every article into
    a new SQLite file, as the ingest fills it; the extractions are made beforehand."""
    from facttrack.db.store import ingest_extraction
    from facttrack.extract import extract

    extractions = [extract(doc) for doc in docs]

    def once() -> float:
        with _new_database(work / "limits-store.db") as engine:
            ingest_extraction(engine, extractions[0])  # first statements compile: not timed
            started = time.perf_counter()
            for extraction in extractions[1:]:
                ingest_extraction(engine, extraction)
            return (time.perf_counter() - started) * 1000 / (len(extractions) - 1)
    return _median_of(runs, once)


def ingest_loop_ms(docs: Sequence[Any], work: Path, runs: int) -> float:
    """The library's ingest loop (ingest_documents: extract, then store in its own transaction, article
    after article) into a new SQLite file: extraction and store as they run together."""
    from facttrack.ingest import ingest_documents

    def once() -> float:
        with _new_database(work / "limits-loop.db") as engine:
            gc.collect()
            started = time.perf_counter()
            for _ in ingest_documents(engine, docs):
                pass
            return (time.perf_counter() - started) * 1000 / len(docs)
    return _median_of(runs, once)


def ingest_startup_s(cli: list[str], env: dict[str, str], work: Path, runs: int) -> float:
    """``facttrack ingest`` of one short article into a new SQLite file: imports, migrations, exit."""
    one = work / "limits-one.txt"
    one.write_text("Officials said 12 people were hurt on Monday.\n", encoding="utf-8")

    def once() -> float:
        db = work / "limits-startup.db"
        remove_database(db)
        child = run_child([*cli, "ingest", str(one), "--db", str(db)], env=env)
        if child.returncode != 0:
            raise RuntimeError(f"ingest failed: {child.stderr.strip()[-300:]}")
        return child.wall
    return _median_of(runs, once)


def raw_per_article_rate(data: dict[str, tuple[str, list[tuple]]], template: Path, work: Path,
                         runs: int) -> Series:
    """Raw sqlite3 executemany of the rows an ingest stored (``measure.stored_rows``), one transaction
    per article as ingest must (the article, its claims and figures, and an equal share of the actors
    and aliases): articles/s if storing were all ingest did."""
    sources, articles = data["sources"], data["articles"]
    actors, aliases = data["actors"], data["actor_aliases"]
    claims, figures = data["claims"], data["figures"]
    count = len(articles[1])

    def by_article(rows: list[tuple], column: int = 1) -> dict[int, list[tuple]]:
        grouped: dict[int, list[tuple]] = {}
        for row in rows:
            grouped.setdefault(row[column], []).append(row)
        return grouped

    claims_of, figures_of = by_article(claims[1]), by_article(figures[1])  # article_id is column 1

    def share(rows: list[tuple], k: int) -> list[tuple]:
        return rows[k * len(rows) // count:(k + 1) * len(rows) // count]

    rates = Series()
    for run in range(runs):
        target = work / f"raw-per-article-{run}.db"
        conn = raw_writer(template, target)
        conn.executemany(*sources)
        started = time.perf_counter()
        for k, article in enumerate(articles[1]):
            conn.execute("BEGIN")
            conn.execute(articles[0], article)
            conn.executemany(actors[0], share(actors[1], k))
            conn.executemany(aliases[0], share(aliases[1], k))
            conn.executemany(claims[0], claims_of.get(article[0], []))
            conn.executemany(figures[0], figures_of.get(article[0], []))
            conn.execute("COMMIT")
        rates.add(count / (time.perf_counter() - started))
        conn.close()
        remove_database(target)
    return rates


def measure(docs: Sequence[Any], parts: Sequence[Path], cli: list[str], env: dict[str, str], work: Path,
            runs: int) -> Limits:
    """Every per-article cost the limits section reports, each the median of ``runs``."""
    limits = Limits()
    limits.stages, limits.stage_total = extraction_stages(docs, runs)
    limits.word_pass = word_pass_ms(docs, runs)
    limits.read = read_ms(parts, len(docs), runs)
    limits.store = store_ms(docs, work, runs)
    limits.loop = ingest_loop_ms(docs, work, runs)
    limits.startup_s = ingest_startup_s(cli, env, work, runs)
    return limits


def markdown(limits: Limits, numbers: dict[str, float], count: int) -> str:
    """The limits section of RESULTS.md: each missed target's budget against what this run measured."""
    lines = ["### The limits that stop them (wall-clock, measured in this run)", ""]
    extraction_rate = numbers.get("extraction")
    if extraction_rate and not limits.stages:
        lines += ["The extraction stages are not timed in this run: the extraction modules ran compiled (mypyc), "
                  "and their calls to each other pass no timer; `FACTTRACK_PURE_PYTHON=1` times the Python ones.",
                  ""]
    if extraction_rate and limits.stages:
        measured = 1000 / extraction_rate
        lines += [f"**Extraction >= 1,000 articles/s is a budget of 1.00 ms per article; extraction takes "
                  f"{measured:.2f} ms** ({limits.stage_total:.2f} ms with a timer around each stage).", "",
                  "| stage | ms/article | share |", "|---|---:|---:|"]
        for label, ms in limits.stages.items():
            lines.append(f"| {label} | {ms:.3f} | {ms / limits.stage_total:.0%} |")
        ordered = list(limits.stages.values())
        removed, left = 0, limits.stage_total
        while left > 1.0 and removed < len(ordered):
            left -= ordered[removed]
            removed += 1
        lines += ["",
                  f"- No stage is more than {ordered[0] / limits.stage_total:.0%} of the time. To fit 1 ms, the "
                  f"{removed} most expensive stages would have to cost nothing at all; dropping only the "
                  f"largest leaves {limits.stage_total - ordered[0]:.2f} ms "
                  f"({1000 / (limits.stage_total - ordered[0]):,.0f} articles/s).",
                  f"- One bare `\\w+` regex pass that reads each word's offset and nothing else costs "
                  f"{limits.word_pass:.3f} ms per article on these texts ({1000 / limits.word_pass:,.0f} "
                  "articles/s): the 1 ms budget is about "
                  f"{1 / limits.word_pass:.0f} such passes, while the rules (figures with qualifier, metric "
                  "and counted noun, dates, claims, speakers, reporters, actors) are dozens of pattern "
                  "evaluations and decisions per sentence, each already tried only where its first word "
                  "stands (the word index). The remaining factor is CPython's cost per rule, not a "
                  "stage that could be removed."]
    ingest_rate = numbers.get("ingest:sqlite")
    if ingest_rate and extraction_rate:
        measured = 1000 / ingest_rate
        startup_ms = limits.startup_s * 1000 / count
        extraction_ms = 1000 / extraction_rate
        raw = numbers.get("raw:per-article")
        raw_ms = 1000 / raw if raw else 0.0
        lines += ["", f"**Ingest >= 500 articles/s is a budget of 2.00 ms per article; ingest takes "
                  f"{measured:.2f} ms** ({count:,} articles, wall including start-up).", "",
                  "| part of one article's ingest | ms/article |", "|---|---:|",
                  f"| extraction (as above) | {extraction_ms:.3f} |",
                  f"| facttrack's store: ~8 SQLAlchemy Core statements and the commit, one transaction | "
                  f"{limits.store:.3f} |",
                  f"| both in one loop, in-process (`ingest_documents`: extract, store, next article) | "
                  f"{limits.loop:.3f} |",
                  f"| reading and cleaning the JSON Lines input | {limits.read:.3f} |",
                  f"| start-up: imports and migrations of a new file, {limits.startup_s:.2f} s over "
                  f"{count:,} articles | {startup_ms:.3f} |",
                  f"| the rest: end to end minus loop, reading and start-up (the end-to-end rate above "
                  f"varies between runs) | {measured - limits.loop - limits.read - startup_ms:.3f} |",
                  "",
                  f"- Extraction alone ({extraction_ms:.2f} ms) exceeds the 2 ms budget: even if storing, reading "
                  f"and start-up cost nothing, single-process ingest could not pass {extraction_rate:,.0f} "
                  "articles/s; `ingest --jobs N` moves extraction to worker processes (the rate above)."]
        if raw:
            lines.append(f"- The storage floor: raw sqlite3 executemany of the same rows, one transaction per "
                         f"article as ingest must, takes {raw_ms:.3f} ms per article ({raw:,.0f} articles/s); "
                         f"facttrack's store takes {limits.store:.3f} ms for the same work plus what raw "
                         "inserts skip (matching actors and aliases against stored ones, merging races, "
                         "reading ids back).")
        quantulum = numbers.get("quantulum3")
        if quantulum and raw:
            budget = 1000 / (30 * quantulum)
            as_raw = measured - max(0.0, limits.store - raw_ms)  # the same ingest, storing at raw cost
            verdict = ("out of reach without faster extraction" if as_raw > budget else
                       "so this one is within reach of a store as cheap as raw inserts: the gap is facttrack's "
                       "store")
            lines.append(
                f"- 30x quantulum3 ({quantulum:.1f} articles/s here) is {30 * quantulum:,.0f} articles/s, "
                f"{budget:.2f} ms per article. Even if facttrack's store cost no more than those raw inserts "
                f"({limits.store:.2f} -> {raw_ms:.2f} ms), ingest would take {as_raw:.2f} ms per article: "
                f"{1000 / as_raw:,.0f} articles/s, {1000 / as_raw / quantulum:.0f}x quantulum3; {verdict}.")
    return "\n".join(lines)
