"""The write path's Prepared statements on a real SQLite file and a real PostgreSQL database: the
values stored are the ones Connection.execute stores, list parameters of any length, the caller's
transaction (begun by the first statement when the caller has not), and errors as SQLAlchemy's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, bindparam, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.exc import DBAPIError, IntegrityError

from facttrack.db.engine import open_database
from facttrack.db.failures import error_kind
from facttrack.db.models import Article, Figure, Source
from facttrack.db.prepared import Prepared

ARTICLES = Article.__table__
FIGURES = Figure.__table__


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = open_database(db_url)
    yield engine
    engine.dispose()


def article(source_id: int, digest: str) -> dict:
    return {"source_id": source_id, "title": "Storm toll", "url": None, "published": date(2024, 3, 10),
            "ingested_at": datetime(2024, 3, 11, 8, 30, 15, 250, tzinfo=UTC), "tags": ["storms", "ä"],
            "language": "en", "text": "Twelve people died.", "sha256": digest, "input_format": "txt",
            "origin": "test", "retrieved_at": None}


def figure(article_id: int, hedged: bool) -> dict:
    return {"article_id": article_id, "claim_id": None, "published": date(2024, 3, 10), "value": 12.0,
            "value_max": None, "qualifier": "exactly", "metric": "killed", "counted": "people", "unit": None,
            "text": "Twelve", "start": 0, "end": 6, "sentence_start": 0, "sentence_end": 19,
            "sentence": "Twelve people died.", "hedged": hedged, "vague": not hedged, "attributed_to_id": None,
            "attributed_to": None, "attribution_text": None, "reported_by_id": None, "reported_by": None,
            "refers_start": "2024-03-09", "refers_end": None, "refers_text": None, "confidence": 0.75,
            "rule": "test", "place": None}


def stored(engine: Engine, table, key) -> list[tuple]:
    with engine.connect() as conn:  # raw values as stored, the driver's own view of them
        return [tuple(row) for row in conn.exec_driver_sql(f"SELECT * FROM {table.name} ORDER BY {key}")]


def test_values_are_stored_as_connection_execute_stores_them(engine: Engine) -> None:
    with engine.begin() as conn:
        source = conn.execute(Source.__table__.insert().returning(Source.id),
                              {"name": "Gazette", "name_norm": "gazette", "domain": None, "kind": "outlet"}).scalar()
        one = conn.execute(ARTICLES.insert().returning(ARTICLES.c.id), article(source, "a" * 64)).scalar()
        two = Prepared(ARTICLES.insert().returning(ARTICLES.c.id)).rows(conn, article(source, "b" * 64))[0][0]
        conn.execute(FIGURES.insert(), [figure(one, True), figure(one, False)])
        Prepared(FIGURES.insert()).many(conn, [figure(two, True), figure(two, False)])
    articles = stored(engine, ARTICLES, "id")
    assert [row[1:9] + row[10:] for row in articles[:1]] == [row[1:9] + row[10:] for row in articles[1:]]
    figures = stored(engine, FIGURES, "id")
    assert [row[2:] for row in figures[:2]] == [row[2:] for row in figures[2:]]


@pytest.mark.parametrize("count", [1, 2, 7])
def test_a_list_parameter_takes_any_length(engine: Engine, count: int) -> None:
    names = [f"source {i}" for i in range(count)]
    with engine.begin() as conn:
        Prepared(Source.__table__.insert()).many(conn, [{"name": n, "name_norm": n, "domain": None, "kind": "outlet"}
                                                        for n in names])
        query = Prepared(select(Source.name).where(Source.name_norm.in_(bindparam("norms", expanding=True)),
                                                   Source.kind == bindparam("kind")).order_by(Source.name))
        assert [row[0] for row in query.rows(conn, {"norms": names[::-1], "kind": "outlet"})] == names
        assert query.rows(conn, {"norms": names[:1], "kind": "site"}) == []


def test_row_ids_are_the_ids_given_in_order(engine: Engine) -> None:
    with engine.begin() as conn:
        source = Prepared(Source.__table__.insert())
        ids = source.row_ids(conn, [{"name": n, "name_norm": n, "domain": None, "kind": "outlet"} for n in "cab"])
        names = dict(conn.execute(select(Source.id, Source.name)).all())
    assert [names[i] for i in ids] == ["c", "a", "b"]


def test_a_connection_not_yet_begun_begins_at_the_first_statement(engine: Engine) -> None:
    """On SQLite the driver would commit a statement run outside a transaction on its own."""
    rows = [{"name": "Gazette", "name_norm": "gazette", "domain": None, "kind": "outlet"}]
    with engine.connect() as conn:
        Prepared(Source.__table__.insert()).many(conn, rows)
        assert conn.in_transaction()
        conn.rollback()
    assert stored(engine, Source.__table__, "id") == []


def test_a_refused_row_raises_what_sqlalchemy_raises(engine: Engine) -> None:
    row = {"name": "Gazette", "name_norm": "gazette", "domain": None, "kind": None}  # kind is NOT NULL
    with engine.connect() as conn, pytest.raises(IntegrityError) as info:
        Prepared(Source.__table__.insert()).many(conn, [row])
    assert isinstance(info.value, DBAPIError) and error_kind(info.value) == "article"


def sources(names: str) -> list[dict]:
    return [{"name": n, "name_norm": n, "domain": None, "kind": "outlet"} for n in names]


def test_row_ids_follow_the_largest_id_as_one_by_one_inserts_would(db_path) -> None:
    engine = open_database(str(db_path))
    try:
        with engine.begin() as conn:
            conn.execute(Source.__table__.insert(), [{"id": 5, **sources("x")[0]}, {"id": 9, **sources("y")[0]}])
            conn.execute(Source.__table__.delete().where(Source.id == 9))
            ids = Prepared(Source.__table__.insert()).row_ids(conn, sources("cab"))
            names = dict(conn.execute(select(Source.id, Source.name)).all())
        assert ids == [6, 7, 8]  # what SQLite gives rows inserted alone: the largest id plus one
        assert [names[i] for i in ids] == ["c", "a", "b"]
    finally:
        engine.dispose()


def test_row_ids_near_the_largest_rowid_go_in_one_by_one(db_path) -> None:
    """SQLite then picks unused ids at random: only inserting each row alone tells which is which."""
    engine = open_database(str(db_path))
    try:
        with engine.begin() as conn:
            conn.execute(Source.__table__.insert(), {"id": 2**63 - 2, **sources("x")[0]})
            ids = Prepared(Source.__table__.insert()).row_ids(conn, sources("cab"))
            names = dict(conn.execute(select(Source.id, Source.name)).all())
        assert ids[0] == 2**63 - 1 and len(set(ids)) == 3
        assert [names[i] for i in ids] == ["c", "a", "b"]
    finally:
        engine.dispose()


def test_more_rows_than_one_statement_takes_go_in_several(db_path) -> None:
    """A multi-row INSERT is cut where SQLite's limit on parameters would refuse it."""
    import sqlite3

    engine = open_database(str(db_path))
    try:
        with engine.begin() as conn:
            conn.connection.dbapi_connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 10)
            names = [f"s{i:02d}" for i in range(7)]  # 4 parameters a row: 2 rows a statement
            Prepared(Source.__table__.insert()).many(conn, sources(names))
            ids = Prepared(Source.__table__.insert()).row_ids(conn, sources(["t1", "t2", "t3"]))
            returned = Prepared(insert(Source.__table__).on_conflict_do_nothing(index_elements=["name_norm"])
                                .returning(Source.id, Source.name_norm)).each(conn, sources(["s01", "u1", "u2"]))
            stored_names = [row[0] for row in conn.execute(select(Source.name).order_by(Source.id))]
        assert stored_names == [*names, "t1", "t2", "t3", "u1", "u2"]
        assert ids == [8, 9, 10]
        assert sorted(returned) == [(11, "u1"), (12, "u2")]  # the row already stored returns nothing
    finally:
        engine.dispose()


def test_row_ids_with_autoincrement_go_in_one_by_one(db_path) -> None:
    """AUTOINCREMENT never gives a deleted row's id again: the largest id plus one would be wrong."""
    from sqlalchemy import Column, Integer, MetaData, Table, Text

    auto = Table("t_auto", MetaData(), Column("id", Integer, primary_key=True), Column("name", Text))
    engine = open_database(str(db_path))
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE t_auto (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT)")
            conn.execute(auto.insert(), [{"name": n} for n in "xyz"])
            conn.execute(auto.delete().where(auto.c.id == 3))
            ids = Prepared(auto.insert()).row_ids(conn, [{"name": "c"}, {"name": "a"}])
            names = dict(conn.execute(select(auto.c.id, auto.c.name)).all())
        assert ids == [4, 5] and [names[i] for i in ids] == ["c", "a"]
    finally:
        engine.dispose()
