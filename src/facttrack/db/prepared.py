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

import re
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Insert, func, select
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.expression import Executable

Row = Mapping[str, Any]
Process = Callable[[Any], Any] | None

_VALUES = re.compile(r" VALUES (\((?:\?, )*\?\))")
MAX_ROWID = 2**63 - 1


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
        # the values in placeholder order are picked in C; only the few with a processor are redone
        self._pick = itemgetter(*self.keys) if len(self.keys) > 1 else None
        self._processed = tuple((i, process) for i, process in enumerate(self.key_processors) if process is not None)
        self._expanded: dict[tuple[int, ...], tuple[str, tuple[tuple[str, int], ...]]] = {}
        # an INSERT of one row of placeholders can take several rows in one statement
        found = _VALUES.search(self.sql) if isinstance(statement, Insert) and not self.lists else None
        self._values = found if found is not None and found.group(1).count("?") == len(self.keys) else None
        self._multi: dict[int, str] = {}

    def multi_row_sql(self, count: int) -> str | None:
        """This INSERT with ``count`` rows of values (None when it is not a plain one-row INSERT)."""
        if self._values is None:
            return None
        sql = self._multi.get(count)
        if sql is None:
            head, group = self.sql[:self._values.start(1)], self._values.group(1)
            sql = self._multi[count] = head + ", ".join([group] * count) + self.sql[self._values.end(1):]
        return sql

    def sql_and_values(self, row: Row) -> tuple[str, tuple[Any, ...]]:
        if not self.lists:
            return self.sql, self.values(row)
        sql, places = self._expand(tuple(len(row[name]) for name in self.lists))
        values = []
        for name, item in places:
            value = row[name] if item < 0 else row[name][item]
            process = self.processors[name]
            values.append(value if process is None else process(value))
        return sql, tuple(values)

    def values(self, row: Row) -> tuple[Any, ...]:
        """A row's values in placeholder order, through the bind processors (no list parameters)."""
        if self._pick is None:
            return tuple(row[key] if process is None else process(row[key])
                         for key, process in zip(self.keys, self.key_processors, strict=True))
        if not self._processed:
            return self._pick(row)  # type: ignore[no-any-return]
        values = list(self._pick(row))
        for i, process in self._processed:
            values[i] = process(values[i])
        return tuple(values)

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
        self._max_id: str | None = None  # SQLite: the query for the table's largest id

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
        if not rows:
            return []
        compiled = self._for(conn, rows[0])
        if compiled.multi_row_sql(1) is None:
            returned: list[Any] = []
            for row in rows:
                returned.extend(self.rows(conn, row))
            return returned
        return self._multi_row(conn, compiled, rows, fetch=True)

    def many(self, conn: Connection, rows: Sequence[Row]) -> None:
        """Run with every row: rows without list parameters, all with the same keys. On SQLite an
        INSERT goes in as multi-row statements: a full-text index that a trigger fills writes one
        segment per statement, whatever its number of rows."""
        if not rows:
            return
        if conn.dialect.name != "sqlite":
            conn.execute(self.statement, list(rows))
            return
        compiled = self._for(conn, rows[0])
        if compiled.multi_row_sql(1) is not None:
            self._multi_row(conn, compiled, rows, fetch=False)
            return
        values = [compiled.sql_and_values(row)[1] for row in rows]
        cursor = _cursor(conn)
        try:
            cursor.executemany(compiled.sql, values)
        except sqlite3.Error as exc:
            raise _wrapped(compiled.sql, values, exc, conn) from exc
        finally:
            cursor.close()

    def _multi_row(self, conn: Connection, compiled: _Compiled, rows: Sequence[Row], *, fetch: bool) -> list[Any]:
        """The rows in as few INSERT statements as the driver's limit on parameters allows (SQLite
        inserts a multi-row VALUES list row by row, in its order, as separate statements would)."""
        cursor = _cursor(conn)
        limit = cursor.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        per = max(1, limit // max(1, len(compiled.keys)))
        returned: list[Any] = []
        sql: str = compiled.sql
        values: list[Any] = []
        try:
            for start in range(0, len(rows), per):
                chunk = rows[start:start + per]
                sql = compiled.multi_row_sql(len(chunk))  # type: ignore[assignment]
                values = []
                for row in chunk:
                    values.extend(compiled.values(row))
                cursor.execute(sql, values)
                if fetch:
                    returned.extend(cursor.fetchall())
        except sqlite3.Error as exc:
            raise _wrapped(sql, values, exc, conn) from exc
        finally:
            cursor.close()
        return returned

    def row_ids(self, conn: Connection, rows: Sequence[Row]) -> list[int]:
        """Insert the rows; the id the database gave each, in the rows' order.

        SQLite cannot return a multi-row insert's ids in order. It gives a new row the largest rowid
        plus one (without AUTOINCREMENT), so inside a transaction the ids the rows would get one by one
        are known, and the rows go in at once with those ids; near the largest rowid (SQLite then
        picks ids at random) or with AUTOINCREMENT, each row goes in alone and its rowid is read."""
        if not rows:
            return []
        if conn.dialect.name != "sqlite":
            if self._returning_ids is None:
                insert = self.statement
                assert isinstance(insert, Insert)
                self._returning_ids = insert.returning(insert.table.c.id, sort_by_parameter_order=True)
            return list(conn.execute(self._returning_ids, list(rows)).scalars())
        first = self._next_id(conn, rows)
        if first is not None:
            ids = list(range(first, first + len(rows)))
            with_ids = [{"id": i, **row} for i, row in zip(ids, rows, strict=True)]
            self._multi_row(conn, self._for(conn, with_ids[0]), with_ids, fetch=False)
            return ids
        compiled = self._for(conn, rows[0])
        cursor = _cursor(conn)
        ids = []
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

    def _next_id(self, conn: Connection, rows: Sequence[Row]) -> int | None:
        """The id SQLite would give the first of ``rows`` (the next ones follow), or None when that
        cannot be known here: ids given, ids near the largest rowid, AUTOINCREMENT in the database
        (its ids also skip those of deleted rows), or no transaction of the driver's own (the largest
        id read would not hold until the insert; inside one, SQLite lets the insert happen only if no
        other writer has committed since)."""
        insert = self.statement
        if not isinstance(insert, Insert) or "id" in rows[0]:
            return None
        if self._max_id is None:
            largest = select(func.max(insert.table.c.id)).compile(dialect=conn.dialect)
            self._max_id = (f"SELECT ({largest}), EXISTS (SELECT 1 FROM sqlite_master "
                            "WHERE type = 'table' AND name = 'sqlite_sequence')")
        cursor = _cursor(conn)
        try:
            if not cursor.connection.in_transaction:
                return None
            top, autoincrement = cursor.execute(self._max_id).fetchone()
        finally:
            cursor.close()
        if autoincrement:
            return None
        first = 1 if top is None else int(top) + 1
        return first if first + len(rows) - 1 <= MAX_ROWID else None


def _cursor(conn: Connection) -> sqlite3.Cursor:
    if not conn.in_transaction():
        conn.begin()  # as Connection.execute would: the driver itself would commit each statement alone
    return conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr,return-value]


def _wrapped(sql: str, values: Any, exc: sqlite3.Error, conn: Connection) -> BaseException:
    return DBAPIError.instance(sql, values, exc, sqlite3.Error, dialect=conn.dialect)
