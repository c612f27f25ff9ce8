"""CSV cells computed by the database (csvcells.py) are exactly what render.write_csv makes of the same
rows, on SQLite and PostgreSQL: formula neutralisation, numbers, booleans, dates, empty cells."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Connection

from facttrack import render
from facttrack.db.engine import open_database
from facttrack.db.query import CLAIM_COLUMNS, FIGURE_COLUMNS, Filters, claim_csv, claim_rows, figure_csv, figure_rows
from facttrack.db.store import ingest_extraction
from facttrack.extract.model import Period
from test_db_support import ArticleBuilder

STARTS = ("=", "+", "-", "@", "\t", "\r")
# (value, value_max) -> their CSV cells: integers without ".0", floats as Python writes them, null empty.
NUMBERS = [((1200.0, None), ("1200", "")), ((3.5, 4.0), ("3.5", "4")), ((-2.0, -0.0), ("-2", "0")),
           ((0.1 + 0.2, 2.0**53 + 2), ("0.30000000000000004", "9007199254740994")),
           ((2.0**63, -(2.0**63)), ("9.223372036854776e+18", "-9.223372036854776e+18")),
           ((1e20, 123456789.125), ("1e+20", "123456789.125"))]


def hostile_articles() -> list[ArticleBuilder]:
    """One article per formula start: it begins a sentence, a figure's text and every free-text field."""
    articles = []
    for n, start in enumerate(STARTS):
        builder = ArticleBuilder(
            f"{start}SUM(A{n}) opened the report.", f"Officials said {n + 10} people were hurt, police said.",
            title=f"{start}Title {n}", outlet=f"{start}Outlet {n}", url=f"{start}https://example.org/{n}",
            published=date(2024, 5, n + 1) if n % 2 else None)
        builder.actor(f"{start}Agency {n}", "organization")
        claim = builder.claim(f"{n + 10} people were hurt", speaker=f"{start}Agency {n}", cue=f"{start}said",
                              said_on=f"{start}2024", reported_by=f"{start}Wire")
        (value, value_max), _ = NUMBERS[n]
        builder.figure(f"{n + 10} people", value, value_max=value_max, counted=f"{start}people",
                       unit=f"{start}unit", attributed_to=f"{start}Agency {n}",
                       attribution_text=f"{start}police said", reported_by=f"{start}Wire", hedged=bool(n % 2),
                       refers_to=Period(f"{start}2024", f"{start}2025", "then"), claim_index=claim)
        builder.figure(f"{start}SUM(A{n})", 1.0, qualifier="about")
        articles.append(builder)
    return articles


@pytest.fixture
def hostile(db_url: str) -> Iterator[Connection]:
    engine = open_database(db_url)
    for builder in hostile_articles():
        assert ingest_extraction(engine, builder.build()).status == "new"
    with engine.connect() as conn:
        yield conn
    engine.dispose()


def written(rows: Iterator[object], columns: tuple[str, ...], *, cells: bool, neutralise: bool) -> str:
    out = io.StringIO(newline="")
    if cells:
        render.write_csv_cells(rows, columns, out)  # type: ignore[arg-type]
    else:
        render.write_csv(rows, columns, out, neutralise_formulas=neutralise)  # type: ignore[arg-type]
    return out.getvalue()


@pytest.mark.parametrize("neutralise", [True, False], ids=["neutralised", "raw"])
def test_database_cells_equal_the_python_renderer(hostile: Connection, neutralise: bool) -> None:
    for rows_fn, cells_fn, columns in ((figure_rows, figure_csv, FIGURE_COLUMNS),
                                       (claim_rows, claim_csv, CLAIM_COLUMNS)):
        expected = written(rows_fn(hostile, Filters(), order="stored"), columns, cells=False,
                           neutralise=neutralise)
        got = written(cells_fn(hostile, Filters(), neutralise=neutralise), columns,
                      cells=True, neutralise=neutralise)
        assert got == expected
        assert got.count("\r\n") > len(STARTS)  # header and rows, several of them multi-line cells


def parsed(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_each_formula_start_is_neutralised_and_numbers_stay_numbers(hostile: Connection) -> None:
    figures = parsed(written(figure_csv(hostile, Filters()), FIGURE_COLUMNS,
                             cells=True, neutralise=True))
    assert len(figures) == 2 * len(STARTS)
    for n, start in enumerate(STARTS):
        counted, formula = figures[2 * n], figures[2 * n + 1]
        # actor names are stored without surrounding whitespace: a tab or CR start leaves attributed_to
        names = ("attributed_to",) if not start.isspace() else ()
        for name in ("counted", "unit", "attribution_text", "reported_by", "refers_start", "refers_end", "title",
                     *names):
            assert counted[name].startswith("'" + start), (start, name, counted[name])
        assert formula["text"] == f"'{start}SUM(A{n})"
        assert formula["sentence"] == f"'{start}SUM(A{n}) opened the report."
        assert counted["sentence"] == f"Officials said {n + 10} people were hurt, police said."
        assert (counted["value"], counted["value_max"]) == NUMBERS[n][1]
        assert (formula["value"], formula["value_max"]) == ("1", "")
        assert counted["hedged"] == ("true" if n % 2 else "false") and formula["hedged"] == "false"
        assert counted["published"] == (f"2024-05-{n + 1:02d}" if n % 2 else "")
    claims = parsed(written(claim_csv(hostile, Filters()), CLAIM_COLUMNS,
                            cells=True, neutralise=True))
    for start, claim in zip(STARTS, claims, strict=True):
        names = ("speaker",) if not start.isspace() else ()
        for name in ("cue", "said_on", "reported_by", "title", *names):
            assert claim[name].startswith("'" + start), (start, name, claim[name])


def test_raw_cells_keep_text_as_it_is(hostile: Connection) -> None:
    figures = parsed(written(figure_csv(hostile, Filters(), neutralise=False),
                             FIGURE_COLUMNS, cells=True, neutralise=False))
    assert [row["text"] for row in figures[1::2]] == [f"{start}SUM(A{n})" for n, start in enumerate(STARTS)]
    assert [row["value"] for row in figures[::2]] == [cells[0] for _, cells in NUMBERS]


def test_filters_apply_to_database_cells(hostile: Connection) -> None:
    rows = list(figure_csv(hostile, Filters(since=date(2024, 5, 1), limit=2)))
    assert [row[FIGURE_COLUMNS.index("published")] for row in rows] in (
        [date(2024, 5, 2)] * 2, ["2024-05-02"] * 2)  # a date from PostgreSQL's driver, ISO text from SQLite
