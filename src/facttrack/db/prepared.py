"""The write path's statements, run on SQLite's own cursor and through SQLAlchemy elsewhere.

For a row of an article, SQLAlchemy spends more time on each execution (the statement's cache key,
the parameters, a result object, events) than SQLite spends storing it. So on SQLite the store's
statements, still Core statements, are compiled by the connection's dialect once per set of row keys
and run on the driver's cursor inside the transaction the SQLAlchemy connection began. Values go
through the column types' own bind processors (a date, a time, JSON, a boolean is stored exactly as
``Connection.execute`` stores it), and a driver error is raised as the DBAPIError SQLAlchemy would
raise, so callers tell a busy database from a refused article as before. On a server database the
round trip is what costs, and SQLAlchemy runs the statement (batching the rows of an insert).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Insert
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.expression import Executable

Row = Mapping[str, Any]
Process = Callable[[Any], Any] | None


class _Compiled:
    """The statement compiled for one set of row keys. A list parameter (``IN`` a list) is rendered
    with as many placeholders as the list has items, once per length (SQLAlchemy's expanded state)."""

    def __init__(self, statement: Executable, dialect: Dialect, keys: Sequence[str]) -> None:
        self.compiled = statement.compile(dialect=dialect, column_keys=list(keys))
        binds = self.compiled.binds
        self.processors: dict[str, Process] = {
            name: bind.type.dialect_impl(dialect).bind_processor(dialect) for name, bind in binds.items()}
        self.lists = tuple(sorted(name for name, bind in binds.items() if bind.expanding))
        self.sql = self.compiled.string
        self.keys = tuple(self.compiled.positiontup or ())
        self.key_processors = tuple(self.processors[name] for name in self.keys)
        self._expanded: dict[tuple[int, ...], tuple[str, tuple[tuple[str, int], ...]]] = {}

    def sql_and_values(self, row: Row) -> tuple[str, tuple[Any, ...]]:
        if not self.lists:
            return self.sql, tuple(row[key] if process is None else process(row[key])
                                   for key, process in zip(self.keys, self.key_processors, strict=True))
        sql, places = self._expand(tuple(len(row[name]) for name in self.lists))
        values = []
        for name, item in places:
            value = row[name] if item < 0 else row[name][item]
            process = self.processors[name]
            values.append(value if process is None else process(value))
        return sql, tuple(values)

    def _expand(self, sizes: tuple[int, ...]) -> tuple[str, tuple[tuple[str, int], ...]]:
        """The SQL for lists of these sizes and, for each placeholder, the parameter (and the list
        item, or -1) it takes: learnt by expanding with markers in place of the values."""
        found = self._expanded.get(sizes)
        if found is None:
            markers: dict[str, Any] = {name: (name, -1) for name in self.compiled.binds}
            markers.update({name: [(name, i) for i in range(size)]
                            for name, size in zip(self.lists, sizes, strict=True)})
            state = self.compiled.construct_expanded_state(markers)
            found = self._expanded[sizes] = (state.statement, tuple(state.positional_parameters))
        return found


class Prepared:
    """A Core statement whose parameters are a row dict's keys."""

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._compiled: dict[tuple[str, ...], _Compiled] = {}
        self._returning_ids: Executable | None = None

    def _for(self, conn: Connection, row: Row) -> _Compiled:
        keys = tuple(row)
        compiled = self._compiled.get(keys)
        if compiled is None:
            compiled = self._compiled[keys] = _Compiled(self.statement, conn.dialect, keys)
        return compiled

    def rows(self, conn: Connection, params: Row) -> list[Any]:
        """Run once; every row it gave (a query's, or an insert's RETURNING)."""
        if conn.dialect.name != "sqlite":
            return list(conn.execute(self.statement, params).all())
        sql, values = self._for(conn, params).sql_and_values(params)
        cursor = _cursor(conn)
        try:
            return cursor.execute(sql, values).fetchall()
        except sqlite3.Error as exc:
            raise _wrapped(sql, values, exc, conn) from exc
        finally:
            cursor.close()

    def each(self, conn: Connection, rows: Sequence[Row]) -> list[Any]:
        """Run with every row; the rows their RETURNING clause gave (in no promised order)."""
        if conn.dialect.name != "sqlite":
            return list(conn.execute(self.statement, list(rows)).all()) if rows else []
        returned: list[Any] = []
        for row in rows:
            returned.extend(self.rows(conn, row))
        return returned

    def many(self, conn: Connection, rows: Sequence[Row]) -> None:
        """Run with every row (executemany): rows without list parameters, all with the same keys."""
        if not rows:
            return
        if conn.dialect.name != "sqlite":
            conn.execute(self.statement, list(rows))
            return
        compiled = self._for(conn, rows[0])
        values = [compiled.sql_and_values(row)[1] for row in rows]
        cursor = _cursor(conn)
        try:
            cursor.executemany(compiled.sql, values)
        except sqlite3.Error as exc:
            raise _wrapped(compiled.sql, values, exc, conn) from exc
        finally:
            cursor.close()

    def row_ids(self, conn: Connection, rows: Sequence[Row]) -> list[int]:
        """Insert the rows; the id the database gave each, in the rows' order. SQLite cannot return
        a multi-row insert's ids in order: there each row goes in alone and its rowid is read."""
        if not rows:
            return []
        if conn.dialect.name != "sqlite":
            if self._returning_ids is None:
                insert = self.statement
                assert isinstance(insert, Insert)
                self._returning_ids = insert.returning(insert.table.c.id, sort_by_parameter_order=True)
            return list(conn.execute(self._returning_ids, list(rows)).scalars())
        compiled = self._for(conn, rows[0])
        cursor = _cursor(conn)
        ids: list[int] = []
        sql, values = compiled.sql, ()
        try:
            for row in rows:
                sql, values = compiled.sql_and_values(row)
                cursor.execute(sql, values)
                ids.append(cursor.lastrowid)  # type: ignore[arg-type]
        except sqlite3.Error as exc:
            raise _wrapped(sql, values, exc, conn) from exc
        finally:
            cursor.close()
        return ids


def _cursor(conn: Connection) -> sqlite3.Cursor:
    if not conn.in_transaction():
        conn.begin()  # as Connection.execute would: the driver itself would commit each statement alone
    return conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr,return-value]


def _wrapped(sql: str, values: Any, exc: sqlite3.Error, conn: Connection) -> BaseException:
    return DBAPIError.instance(sql, values, exc, sqlite3.Error, dialect=conn.dialect)
