"""CSV cells computed by the database, so a million-row export does no Python work per cell.

``csv_select`` turns a listing select into one whose cells are what ``render.write_csv`` would write for
the same row (the CSV rules of the README's Export section): text neutralised with a leading
apostrophe when it starts like a formula (render.FORMULA_START), booleans as true/false, integral
floats as integers. Dates need nothing: SQLite gives their ISO text, PostgreSQL a date that csv.writer
prints as ISO. csv.writer then writes the rows as they come. Expressions differ per dialect only
where one cannot serve both, and tests compare the output with render.write_csv on SQLite and
PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Float,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    not_,
)

from facttrack.render import FORMULA_START, number_text

_FORMULA_CHARS = sorted(FORMULA_START)
_INT64_LIMIT = 2.0**63  # number_text turns floats into integers below this magnitude only


def csv_select(stmt: Select[Any], dialect: str, *, neutralise: bool = True) -> Select[Any]:
    """The same select with each column replaced by its CSV cell, chosen by the column's type."""
    return stmt.with_only_columns(*(_cell(col, dialect, neutralise) for col in stmt.selected_columns))


def python_cells(stmt: Select[Any], dialect: str) -> Callable[[Sequence[Any]], list[Any]] | None:
    """The per-row conversion the database could not do, or None: PostgreSQL gives a CASE one type, so
    1200.0 cannot come back as 1200 there and its float cells go through number_text."""
    if dialect == "sqlite":
        return None
    floats = [i for i, col in enumerate(stmt.selected_columns) if isinstance(col.type, Float)]
    if not floats:
        return None

    def convert(row: Sequence[Any]) -> list[Any]:
        cells = list(row)
        for i in floats:
            cells[i] = number_text(cells[i])
        return cells

    return convert


def _cell(col: ColumnElement[Any], dialect: str, neutralise: bool) -> ColumnElement[Any]:
    kind = col.type
    if isinstance(kind, Boolean):
        return case((col, literal("true")), (not_(col), literal("false")))
    if isinstance(kind, Float):
        return _number(col) if dialect == "sqlite" else col
    if isinstance(kind, String) and neutralise:
        return case((_starts_like_formula(col, dialect), literal("'") + col), else_=col)
    return col


def _number(col: ColumnElement[Any]) -> ColumnElement[Any]:
    """SQLite: an integral float in 64-bit range as an integer (SQLite's CASE keeps each value's type)."""
    whole = and_(col == cast(col, Integer), func.abs(col) < _INT64_LIMIT)
    return case((whole, cast(col, Integer)), else_=col)


def _starts_like_formula(col: ColumnElement[Any], dialect: str) -> ColumnElement[bool]:
    """The first character is one of FORMULA_START. SQLite compares its code point: unicode() builds no
    substring, which took a sixth of the export's query time. PostgreSQL's ascii() gives the code point
    only in UTF-8 databases, so there the first character is compared."""
    if dialect == "sqlite":
        return func.unicode(col).in_([literal_column(str(ord(c))) for c in _FORMULA_CHARS])
    return func.substr(col, 1, 1).in_(_FORMULA_CHARS)
