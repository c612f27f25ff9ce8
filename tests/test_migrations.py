"""Migrations on a real SQLite file and a real PostgreSQL database: upgrade from empty, downgrade and
upgrade again, models equal to migrations, newer schemas refused, full-text objects in place."""

from __future__ import annotations

import importlib.util
from importlib.resources import files
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from facttrack.db import textsearch
from facttrack.db.engine import (
    HEAD_REVISION,
    current_revision,
    downgrade,
    head_revision,
    include_object,
    known_revisions,
    open_database,
    upgrade,
)
from facttrack.db.models import Base
from facttrack.db.query import Filters, claim_rows
from facttrack.db.store import ingest_extraction
from facttrack.errors import DatabaseError
from test_db_support import corpus

TABLES = {"sources", "articles", "actors", "actor_aliases", "claims", "figures"}


def table_names(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def test_packaged_migrations_are_found() -> None:
    root = files("facttrack.migrations")
    assert root.joinpath("env.py").is_file() and root.joinpath("script.py.mako").is_file()
    assert head_revision() in known_revisions()
    assert HEAD_REVISION == head_revision()  # opening a database at head skips Alembic on this constant


def test_upgrade_from_empty(db_url: str) -> None:
    engine = open_database(db_url)
    try:
        assert current_revision(engine) == head_revision()
        tables = table_names(engine)
        assert TABLES | {"alembic_version"} <= tables
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                triggers = set(conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars())
                assert "claims_fts" in tables
                assert triggers == {"claims_fts_ai", "claims_fts_ad", "claims_fts_au"}
            else:
                indexes = {ix["name"] for ix in inspect(conn).get_indexes("claims")}
                assert textsearch.PG_INDEX in indexes
    finally:
        engine.dispose()


def test_downgrade_to_base_and_upgrade_again(db_url: str) -> None:
    engine = open_database(db_url)
    try:
        ingest_extraction(engine, corpus()["a1"].build())
        downgrade(engine, "base")
        assert current_revision(engine) is None
        assert table_names(engine) & (TABLES | {"claims_fts"}) == set()
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        assert ingest_extraction(engine, corpus()["a1"].build()).status == "new"
        with engine.connect() as conn:
            assert len(list(claim_rows(conn, Filters(search="ceasefire")))) == 1
    finally:
        engine.dispose()


def test_models_match_migrations(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = open_database(db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={
                "include_object": include_object, "compare_type": True, "target_metadata": Base.metadata})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_newer_schema_is_refused(db_url: str) -> None:
    engine = open_database(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_from_the_future'"))
    engine.dispose()
    path = Path(db_url) if "://" not in db_url else None
    content = path.read_bytes() if path else None
    with pytest.raises(DatabaseError) as info:
        open_database(db_url)
    message = str(info.value)
    assert "ffff_from_the_future is newer than this facttrack (upgrade facttrack)" in message
    assert "\n" not in message
    if path is not None:
        assert path.read_bytes() == content


def test_fts_follows_claim_updates_and_deletes(db_path: Path) -> None:
    engine = open_database(str(db_path))
    try:
        ingest_extraction(engine, corpus()["a1"].build())
        with engine.begin() as conn:
            conn.execute(text("UPDATE claims SET text = 'the truce was holding' WHERE text LIKE '%ceasefire%'"))
        with engine.connect() as conn:
            assert list(claim_rows(conn, Filters(search="ceasefire"))) == []
            assert len(list(claim_rows(conn, Filters(search="truce")))) == 1
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM articles"))
            assert conn.execute(text("SELECT count(*) FROM claims")).scalar() == 0  # cascaded
        with engine.connect() as conn:
            assert list(claim_rows(conn, Filters(search="truce"))) == []
            assert conn.exec_driver_sql("INSERT INTO claims_fts(claims_fts) VALUES ('integrity-check')") is not None
    finally:
        engine.dispose()


def test_postgresql_search_uses_the_gin_index(pg_url: str) -> None:
    engine = open_database(pg_url)
    try:
        ingest_extraction(engine, corpus()["a1"].build())
        from sqlalchemy import select

        from facttrack.db.models import Claim

        condition = textsearch.claim_search_condition("postgresql", Claim.id, Claim.text, "ceasefire")
        stmt = select(Claim.id).where(condition)
        with engine.connect() as conn:
            conn.execute(text("SET enable_seqscan = off"))
            compiled = stmt.compile(conn, compile_kwargs={"literal_binds": True})
            plan = "\n".join(conn.execute(text(f"EXPLAIN {compiled}")).scalars())
        assert textsearch.PG_INDEX in plan
    finally:
        engine.dispose()


def test_migration_keeps_frozen_copies_of_the_search_expression() -> None:
    path = files("facttrack.migrations").joinpath("versions", "0001_initial.py")
    spec = importlib.util.spec_from_file_location("facttrack_migration_0001", str(path))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (module.FOLD_FROM, module.FOLD_TO) == (textsearch.FOLD_FROM, textsearch.FOLD_TO)
    assert f"'{textsearch.NON_WORD_PATTERN}', ' ', 'g'" in module.PG_FTS
