"""Query latency, timed in a fresh process: ``python bench/queries.py --db FILE --meta FILE.json``.

run.py starts this as its own process so the timings see a heap like the CLI's, not the benchmark's
(whose documents, extractions and quantulum3 models would make every garbage collection slower).
Prints one JSON object: for each query, wall and CPU milliseconds per sample and the rows returned.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from bigdb import DAYS, FIRST_DAY, METRIC_WEIGHTS


def count_by_metric(conn: Any, _: Any) -> list[Any]:
    """The group-by the query module has no function for: a Core select over the figures table."""
    from sqlalchemy import Table, func, select

    from facttrack.db.models import Figure

    figures: Table = Figure.__table__  # type: ignore[assignment]
    return list(conn.execute(select(figures.c.metric, func.count()).group_by(figures.c.metric)))


def cases(meta: dict[str, Any], samples: int) -> dict[str, tuple[Callable[[Any, Any], Any], list[Any]]]:
    from facttrack.db.query import Filters, claim_rows, figure_rows

    metrics = list(METRIC_WEIGHTS)
    days = [FIRST_DAY + timedelta(days=i * 37 % DAYS) for i in range(samples)]

    def metric_range(conn: Any, value: tuple[str, date]) -> list[Any]:
        metric, since = value
        return list(figure_rows(conn, Filters(metric=metric, since=since, until=since + timedelta(days=29))))

    return {
        "claims by actor (alias)": (lambda c, v: list(claim_rows(c, Filters(actor=v))),
                                    meta["actor_aliases"][:samples]),
        "claims by source": (lambda c, v: list(claim_rows(c, Filters(source=v))), meta["source_names"][:samples]),
        "figures by metric, 30-day range": (metric_range,
                                            [(metrics[i % len(metrics)], days[i]) for i in range(samples)]),
        "text search over claims": (lambda c, v: list(claim_rows(c, Filters(search=v))),
                                    meta["search_words"][:samples]),
        "count by metric (group by)": (count_by_metric, [None] * samples),
    }


def time_queries(db: str, meta: dict[str, Any], samples: int) -> dict[str, dict[str, list[float]]]:
    from facttrack.db.engine import open_database

    out: dict[str, dict[str, list[float]]] = {}
    engine = open_database(db, create=False)
    try:
        with engine.connect() as conn:
            for name, (run, values) in cases(meta, samples).items():
                run(conn, values[-1])  # warm: statement cache, page cache
                wall, cpu, rows = [], [], []
                for value in values:
                    started, started_cpu = time.perf_counter(), time.process_time()
                    result = run(conn, value)
                    wall.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - started_cpu) * 1000)
                    rows.append(len(result))
                out[name] = {"wall_ms": wall, "cpu_ms": cpu, "rows": rows}
    finally:
        engine.dispose()
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--meta", required=True, help="the .json file bigdb.build wrote next to the database")
    parser.add_argument("--samples", type=int, default=40)
    args = parser.parse_args(argv)
    with open(args.meta, encoding="utf-8") as handle:
        meta = json.load(handle)["info"]
    print(json.dumps(time_queries(args.db, meta, args.samples)))


if __name__ == "__main__":
    main()
