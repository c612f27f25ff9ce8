"""Migrations on a real SQLite file and a real PostgreSQL database: upgrade from empty, downgrade and
upgrade again, models equal to migrations, newer schemas refused, full-text objects in place."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from datetime import UTC, date, datetime
from importlib.resources import files
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine, inspect, text

from facttrack.db import textsearch
from facttrack.db.engine import connect_database, open_database
from facttrack.db.migrate import (
    HEAD_REVISION,
    current_revision,
    downgrade,
    head_revision,
    include_object,
    known_revisions,
    upgrade,
)
from facttrack.db.models import Base
from facttrack.db.query import Filters, claim_rows, figure_rows
from facttrack.db.store import ingest_extraction
from facttrack.errors import DatabaseError
from test_db_support import corpus

TABLES = {"sources", "articles", "actors", "actor_aliases", "claims", "figures", "reviews", "review_log"}
# The search triggers at head: claims' since 0001, figures' since 0005, articles' since 0006.
SEARCH_TRIGGERS = {f"{table}_fts_{when}" for table in ("claims", "figures", "articles") for when in ("ai", "ad", "au")}


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
                assert {"claims_fts", "figures_fts", "articles_fts"} <= tables
                assert triggers == SEARCH_TRIGGERS
            else:
                indexes = {ix["name"] for ix in inspect(conn).get_indexes("claims")}
                assert textsearch.PG_INDEX in indexes
                indexes = {ix["name"] for ix in inspect(conn).get_indexes("figures")}
                assert textsearch.FIGURE_PG_INDEX in indexes
    finally:
        engine.dispose()


def test_downgrade_to_base_and_upgrade_again(db_url: str) -> None:
    engine = open_database(db_url)
    try:
        ingest_extraction(engine, corpus()["a1"].build())
        downgrade(engine, "base")
        assert current_revision(engine) is None
        assert table_names(engine) & (TABLES | {"claims_fts", "figures_fts"}) == set()
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

        from facttrack.db.models import Claim, Figure

        condition = textsearch.claim_search_condition("postgresql", Claim.id, Claim.text, "ceasefire")
        stmt = select(Claim.id).where(condition)
        with engine.connect() as conn:
            conn.execute(text("SET enable_seqscan = off"))
            compiled = stmt.compile(conn, compile_kwargs={"literal_binds": True})
            plan = "\n".join(conn.execute(text(f"EXPLAIN {compiled}")).scalars())
        assert textsearch.PG_INDEX in plan
        condition = textsearch.figure_search_condition("postgresql", Figure.id, Figure.sentence, "killed")
        with engine.connect() as conn:
            conn.execute(text("SET enable_seqscan = off"))
            compiled = select(Figure.id).where(condition).compile(conn, compile_kwargs={"literal_binds": True})
            plan = "\n".join(conn.execute(text(f"EXPLAIN {compiled}")).scalars())
        assert textsearch.FIGURE_PG_INDEX in plan
    finally:
        engine.dispose()


@pytest.mark.parametrize("name", ["0001_initial.py", "0005_places_search_reviews.py"])
def test_migration_keeps_frozen_copies_of_the_search_expression(name: str) -> None:
    path = files("facttrack.migrations").joinpath("versions", name)
    spec = importlib.util.spec_from_file_location(f"facttrack_migration_{name[:4]}", str(path))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (module.FOLD_FROM, module.FOLD_TO) == (textsearch.FOLD_FROM, textsearch.FOLD_TO)
    assert f"'{textsearch.NON_WORD_PATTERN}', ' ', 'g'" in module.PG_FTS


# --------------------------------------------------------------------- every earlier revision to head

def revisions_in_order() -> list[str]:
    """Every packaged revision, oldest first."""
    from facttrack.db.migrate import _script_directory

    return [script.revision for script in reversed(list(_script_directory().walk_revisions()))]


def test_there_are_several_revisions_in_one_line() -> None:
    order = revisions_in_order()
    assert len(order) >= 3 and order[-1] == head_revision() and len(set(order)) == len(order)


def _tables() -> dict[str, sa.TableClause]:
    """The columns every revision has (0004 added figures.sentence, derived from the others and
    checked on its own by check_sentences)."""
    return {
        "sources": sa.table("sources", *(sa.column(c) for c in ("id", "name", "name_norm", "domain", "kind"))),
        "articles": sa.table(
            "articles", sa.column("id"), sa.column("source_id"), sa.column("title"), sa.column("url"),
            sa.column("published", sa.Date), sa.column("ingested_at", sa.DateTime(timezone=True)),
            sa.column("tags", sa.JSON), sa.column("language"), sa.column("text"), sa.column("sha256"),
            sa.column("input_format"), sa.column("origin")),
        "actors": sa.table("actors", *(sa.column(c) for c in ("id", "name", "name_norm", "kind", "title"))),
        "actor_aliases": sa.table("actor_aliases", *(sa.column(c) for c in ("id", "actor_id", "alias",
                                                                            "alias_norm"))),
        "claims": sa.table("claims", *(sa.column(c) for c in (
            "id", "article_id", "speaker_id", "speaker", "cue", "kind", "text", "said_on", "reported_by_id",
            "reported_by", "start", "end", "sentence_start", "sentence_end", "rule"))),
        "figures": sa.table(
            "figures", *(sa.column(c) for c in (
                "id", "article_id", "claim_id", "value", "value_max", "qualifier", "metric", "counted",
                "unit", "text", "start", "end", "sentence_start", "sentence_end", "attributed_to_id",
                "attributed_to", "attribution_text", "reported_by_id", "reported_by", "refers_start",
                "refers_end", "refers_text", "confidence", "rule")),
            sa.column("published", sa.Date), sa.column("hedged", sa.Boolean), sa.column("vague", sa.Boolean)),
    }


FLOOD_TEXT = ("Mayor Clara Jensen said about 1,200 residents were displaced. "
              "Jensen added that the ceasefire between the river councils was holding.")
STORM_TEXT = ("Storm toll \U0001f30a at Éloise. "
              "The coast guard said five fishermen were killed when the storm hit the Éloise bay.")
STORM_SENTENCE = STORM_TEXT.index("The coast guard")  # after an astral emoji and an accented letter


def old_database(path: Path, revision: str | None = None) -> str:
    """A SQLite file at ``revision`` (the first one by default) holding the representative rows of
    ``seed``; returns the revision."""
    revision = revision or revisions_in_order()[0]
    engine = connect_database(str(path))
    try:
        upgrade(engine, revision)
        with engine.begin() as conn:
            seed(conn, revision)
    finally:
        engine.dispose()
    return revision


def seed(conn: sa.Connection, revision: str) -> None:
    """Representative rows written with plain SQL as they would exist at ``revision``: two sources,
    three articles (accents, tags, no date), actors with aliases, claims with and without speakers,
    figures tied to claims and actors. Before 0002 an actor could be stored twice under one name by
    two concurrent writers: that case is seeded too, for the upgrade to merge."""
    t = _tables()
    conn.execute(sa.insert(t["sources"]), [
        {"id": 1, "name": "The Harbour Gazette", "name_norm": "harbour gazette", "domain": "harbour.example",
         "kind": "outlet"},
        {"id": 2, "name": "unknown", "name_norm": "unknown", "domain": None, "kind": "unknown"}])
    stamp = datetime(2024, 6, 1, 12, 30, tzinfo=UTC)
    conn.execute(sa.insert(t["articles"]), [
        {"id": 1, "source_id": 1, "title": "Floods reach the harbour", "url": "https://harbour.example/floods",
         "published": date(2024, 3, 10), "ingested_at": stamp, "tags": ["floods", "météo"], "language": "en",
         "text": FLOOD_TEXT, "sha256": "a" * 64, "input_format": "txt", "origin": "floods.txt"},
        {"id": 2, "source_id": 1, "title": "Storm toll — Éloise", "url": None, "published": date(2024, 3, 20),
         "ingested_at": stamp, "tags": [], "language": None, "text": STORM_TEXT, "sha256": "b" * 64,
         "input_format": "jsonl", "origin": "wire.jsonl:2"},
        {"id": 3, "source_id": 2, "title": None, "url": None, "published": None, "ingested_at": stamp,
         "tags": [], "language": None, "text": "Nothing was counted here.", "sha256": "c" * 64,
         "input_format": "txt", "origin": None}])
    actors = [{"id": 1, "name": "Clara Jensen", "name_norm": "clara jensen", "kind": "person", "title": None},
              {"id": 2, "name": "coast guard", "name_norm": "coast guard", "kind": "organization", "title": None}]
    aliases = [{"id": 1, "actor_id": 1, "alias": "Clara Jensen", "alias_norm": "clara jensen"},
               {"id": 2, "actor_id": 2, "alias": "coast guard", "alias_norm": "coast guard"}]
    jensen_again = 1
    if revisions_in_order().index(revision) < revisions_in_order().index("0002"):
        actors.append({"id": 3, "name": "Clara  Jensen", "name_norm": "clara jensen", "kind": "person",
                       "title": "Mayor"})
        aliases.append({"id": 3, "actor_id": 3, "alias": "Jensen", "alias_norm": "jensen"})
        jensen_again = 3
    else:
        aliases.append({"id": 3, "actor_id": 1, "alias": "Jensen", "alias_norm": "jensen"})
    conn.execute(sa.insert(t["actors"]), actors)
    conn.execute(sa.insert(t["actor_aliases"]), aliases)

    def span(text: str, part: str) -> dict[str, int]:
        start = text.index(part)
        return {"start": start, "end": start + len(part)}

    claim = {"cue": "said", "kind": "indirect", "said_on": None, "reported_by_id": None, "reported_by": None,
             "sentence_start": 0, "rule": "seed"}
    conn.execute(sa.insert(t["claims"]), [
        {**claim, "id": 1, "article_id": 1, "speaker_id": 1, "speaker": "Clara Jensen",
         "text": "about 1,200 residents were displaced", "sentence_end": 61,
         **span(FLOOD_TEXT, "about 1,200 residents were displaced")},
        {**claim, "id": 2, "article_id": 1, "speaker_id": jensen_again, "speaker": "Jensen", "cue": "added",
         "text": "the ceasefire between the river councils was holding", "sentence_end": len(FLOOD_TEXT),
         "said_on": "2024-03", **span(FLOOD_TEXT, "the ceasefire between the river councils was holding")},
        {**claim, "id": 3, "article_id": 2, "speaker_id": 2, "speaker": "The coast guard",
         "text": "five fishermen were killed when the storm hit the Éloise bay",
         "sentence_start": STORM_SENTENCE, "sentence_end": len(STORM_TEXT),
         "reported_by_id": jensen_again, "reported_by": "Jensen",
         **span(STORM_TEXT, "five fishermen were killed when the storm hit the Éloise bay")}])
    figure = {"value_max": None, "unit": None, "sentence_start": 0, "attribution_text": None, "reported_by_id": None,
              "reported_by": None, "refers_start": None, "refers_end": None, "refers_text": None,
              "confidence": 0.9, "rule": "seed", "hedged": False, "vague": False}
    conn.execute(sa.insert(t["figures"]), [
        {**figure, "id": 1, "article_id": 1, "claim_id": 1, "published": date(2024, 3, 10), "value": 1200.0,
         "qualifier": "about", "metric": "displaced", "counted": "residents", "text": "about 1,200 residents",
         "sentence_end": 61, "attributed_to_id": jensen_again, "attributed_to": "Jensen",
         "refers_start": "2024-03", "refers_end": "2024-03-10", "refers_text": "this month",
         **span(FLOOD_TEXT, "about 1,200 residents")},
        {**figure, "id": 2, "article_id": 2, "claim_id": 3, "published": date(2024, 3, 20), "value": 5.0,
         "value_max": 7.5, "qualifier": "exactly", "metric": "killed", "counted": "fishermen",
         "text": "five fishermen", "sentence_start": STORM_SENTENCE, "sentence_end": len(STORM_TEXT),
         "attributed_to_id": 2, "attributed_to": "coast guard", "reported_by_id": 1, "reported_by": "Clara Jensen",
         "hedged": True, **span(STORM_TEXT, "five fishermen")}])
    if revisions_in_order().index(revision) >= revisions_in_order().index("0004"):  # the store writes it
        conn.execute(sa.text("UPDATE figures SET sentence = :sentence WHERE id = :id"), [
            {"id": 1, "sentence": FLOOD_TEXT[0:61]}, {"id": 2, "sentence": STORM_TEXT[STORM_SENTENCE:]}])
    if conn.dialect.name == "postgresql":  # explicit ids: move the sequences past them
        for table in ("sources", "articles", "actors", "actor_aliases", "claims", "figures"):
            conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"(SELECT max(id) FROM {table}))"))


# Columns that point at actors: compared through the actor's normalised name, which survives a merge.
ACTOR_REFERENCES = {"claims": ("speaker_id", "reported_by_id"),
                    "figures": ("attributed_to_id", "reported_by_id"), "actor_aliases": ("actor_id",)}


def seeded_engine(db_url: str, revision: str) -> Engine:
    """An engine on the database migrated to ``revision`` and holding ``seed``'s rows; the caller disposes."""
    engine = connect_database(db_url)
    try:
        upgrade(engine, revision)
        with engine.begin() as conn:
            seed(conn, revision)
    except BaseException:
        engine.dispose()
        raise
    return engine


def snapshot(conn: sa.Connection) -> dict[str, list[tuple]]:
    """Every row of every table, as comparable values (dates as ISO text, floats as floats, actor
    references as the actor's name_norm, actors as their set of names)."""
    names = dict(conn.execute(sa.text("SELECT id, name_norm FROM actors")).all())

    def plain(value: object) -> object:
        if isinstance(value, datetime):
            return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, str) and value.startswith("["):  # JSON as SQLite returns it raw
            return json.loads(value)
        return value

    out: dict[str, list[tuple]] = {}
    for table, cols in ((name, [c.name for c in t.columns]) for name, t in _tables().items()):
        if table == "actors":
            out[table] = sorted({(norm,) for norm in names.values()})
            continue
        select_cols = ", ".join(f'"{c}"' for c in cols)
        rows = conn.execute(sa.text(f"SELECT {select_cols} FROM {table} ORDER BY id")).mappings().all()
        refs = ACTOR_REFERENCES.get(table, ())
        converted = []
        for row in rows:
            values = {c: plain(row[c]) for c in cols if not (table == "actor_aliases" and c == "id")}
            for ref in refs:
                values[ref] = names.get(row[ref]) if row[ref] is not None else None
            if table in ("articles",) and isinstance(values["tags"], str):
                values["tags"] = json.loads(values["tags"])
            if table == "figures":
                values["hedged"], values["vague"] = bool(values["hedged"]), bool(values["vague"])
            converted.append(tuple(sorted(values.items())))
        out[table] = sorted(converted, key=repr)
    return out


@pytest.mark.parametrize("revision", revisions_in_order()[:-1])
def test_every_earlier_revision_upgrades_to_head_with_data_intact(db_url: str, revision: str) -> None:
    engine = seeded_engine(db_url, revision)
    try:
        with engine.connect() as conn:
            before = snapshot(conn)
    finally:
        engine.dispose()
    notices: list[str] = []
    engine = open_database(db_url, notice=notices.append)  # what any command does with an old database
    try:
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            after = snapshot(conn)
            assert after == before
            assert check_sentences(conn) == 2
            # merged duplicates (seeded before 0002): one Clara Jensen, holding both titles' best
            jensen = conn.execute(sa.text("SELECT id, name, title FROM actors WHERE name_norm = 'clara jensen'")).all()
            assert len(jensen) == 1 and jensen[0].title == ("Mayor" if revision < "0002" else None)
            assert {r["claim_id"] for r in claim_rows(conn, Filters(actor="jensen"))} == {1, 2}
            assert [r["claim_id"] for r in claim_rows(conn, Filters(search="ceasefire"))] == [2]
            assert [r["claim_id"] for r in claim_rows(conn, Filters(search="eloise"))] == [3]
            assert [r["figure_id"] for r in figure_rows(conn, Filters(actor="Clara Jensen"))] == [1]
            if conn.dialect.name == "sqlite":
                triggers = set(conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars())
                assert triggers == SEARCH_TRIGGERS
                conn.exec_driver_sql("INSERT INTO claims_fts(claims_fts) VALUES ('integrity-check')")
                conn.exec_driver_sql("INSERT INTO figures_fts(figures_fts) VALUES ('integrity-check')")
                conn.exec_driver_sql("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
            # 0005 indexed the sentences stored before it
            sentence = next(figure_rows(conn, Filters(actor="Clara Jensen")))["sentence"]
            word = max(sentence.split(), key=len).strip(".,")
            assert [r["figure_id"] for r in figure_rows(conn, Filters(search=word))] == [1]
        # the upgraded database takes new articles, and their claims are searchable at once
        builder = corpus()["a3"]
        assert ingest_extraction(engine, builder.build()).status == "new"
        with engine.connect() as conn:
            assert len(list(claim_rows(conn, Filters(search="ceasefire")))) == 2
            assert len(list(claim_rows(conn, Filters(actor="valley council")))) == 1
    finally:
        engine.dispose()
    if "://" in db_url:
        assert notices == []  # PostgreSQL: back up with pg_dump; nothing is copied
        return
    copy = Path(f"{db_url}.bak-{revision}")
    assert len(notices) == 1 and str(copy) in notices[0] and f"from {revision} to {head_revision()}" in notices[0]
    raw = sqlite3.connect(copy)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == revision
        assert raw.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
        assert raw.execute("SELECT count(*) FROM actors").fetchone()[0] == len(before["actors"]) + (
            1 if revision < "0002" else 0)
    finally:
        raw.close()
    backup_engine = connect_database(str(copy), create=False)
    try:
        with backup_engine.connect() as conn:
            assert snapshot(conn) == before  # the copy holds the data exactly as it was
    finally:
        backup_engine.dispose()


def check_sentences(conn: sa.Connection) -> int:
    """Every figure's stored sentence is its article's text sliced at the sentence offsets (Python string
    indices, so characters); returns how many figures were checked."""
    texts = dict(conn.execute(sa.text("SELECT id, text FROM articles")).all())
    figures = conn.execute(sa.text(
        "SELECT id, article_id, sentence_start, sentence_end, sentence FROM figures ORDER BY id")).all()
    for figure_id, article_id, start, end, sentence in figures:
        assert sentence == texts[article_id][start:end], figure_id
    return len(figures)


# Spans the 0004 backfill must cut as Python slices do: (sentence_start, sentence_end) into EDGE_TEXT.
EDGE_TEXT = "Café 🎉 — naïve 𝔘 start. Then 12 people were counted, officials said."
EDGE_SPANS = [(EDGE_TEXT.index("Then"), len(EDGE_TEXT)), (EDGE_TEXT.index("naïve"), EDGE_TEXT.index("start")),
              (0, 4), (10, 10), (12, 5), (EDGE_TEXT.index("officials"), len(EDGE_TEXT) + 40),
              (len(EDGE_TEXT) + 5, len(EDGE_TEXT) + 9)]


def test_0004_fills_each_figure_sentence_from_its_article_text(db_url: str) -> None:
    engine = seeded_engine(db_url, "0003")
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO articles (id, source_id, title, published, ingested_at, tags, text, sha256, "
                "input_format) VALUES (4, 1, 'Edges', NULL, :stamp, '[]', :text, :sha, 'txt')"),
                {"stamp": datetime(2024, 6, 2, tzinfo=UTC), "text": EDGE_TEXT, "sha": "d" * 64})
            conn.execute(sa.text(
                "INSERT INTO figures (id, article_id, value, qualifier, metric, text, start, \"end\", "
                "sentence_start, sentence_end, hedged, vague, confidence, rule) VALUES (:id, 4, 12.0, "
                "'exactly', 'people', '12 people', 0, 9, :start, :end, false, false, 0.5, 'edge')"),
                [{"id": 10 + n, "start": start, "end": end} for n, (start, end) in enumerate(EDGE_SPANS)])
        upgrade(engine)
        with engine.connect() as conn:
            assert check_sentences(conn) == 2 + len(EDGE_SPANS)
            stored = dict(conn.execute(sa.text("SELECT id, sentence FROM figures")).all())
            assert stored[10] == "Then 12 people were counted, officials said."
            assert stored[11] == "naïve 𝔘 " and stored[2].startswith("The coast guard said five")
            assert [stored[13], stored[14], stored[16]] == ["", "", ""]  # empty, reversed, past the end
            assert [r["sentence"] for r in figure_rows(conn, Filters(metric="killed"))] == [stored[2]]
    finally:
        engine.dispose()


def test_0004_downgrade_drops_the_sentence_and_upgrade_fills_it_again(db_url: str) -> None:
    engine = seeded_engine(db_url, "0003")
    try:
        with engine.connect() as conn:
            before = snapshot(conn)
        upgrade(engine)
        downgrade(engine, "0003")
        with engine.connect() as conn:
            assert "sentence" not in {c["name"] for c in inspect(conn).get_columns("figures")}
            assert snapshot(conn) == before
            indexes = {ix["name"] for ix in inspect(conn).get_indexes("figures")}
            assert {"ix_figures_metric_published", "ix_figures_claim_id", "ix_figures_reported_by_id"} <= indexes
        upgrade(engine)
        with engine.connect() as conn:
            assert snapshot(conn) == before and check_sentences(conn) == 2
    finally:
        engine.dispose()


def test_upgrading_an_old_empty_database_takes_no_copy(db_path: Path) -> None:
    engine = connect_database(str(db_path))
    try:
        upgrade(engine, revisions_in_order()[0])
    finally:
        engine.dispose()
    notices: list[str] = []
    open_database(str(db_path), notice=notices.append).dispose()
    assert notices == [] and sorted(p.name for p in db_path.parent.iterdir() if ".bak" in p.name) == []


def test_an_existing_copy_is_never_overwritten(db_path: Path) -> None:
    first = old_database(db_path)
    taken = Path(f"{db_path}.bak-{first}")
    taken.write_bytes(b"an older copy someone keeps")
    notices: list[str] = []
    open_database(str(db_path), notice=notices.append).dispose()
    assert taken.read_bytes() == b"an older copy someone keeps"
    assert Path(f"{db_path}.bak-{first}.1").exists() and f"{taken}.1" in notices[0]


REFERENCE_LOOKUPS = {  # what deleting a claim or an actor makes the database look up (ON DELETE SET NULL)
    "ix_figures_claim_id": "SELECT id FROM figures WHERE claim_id = 1",
    "ix_claims_reported_by_id": "SELECT id FROM claims WHERE reported_by_id = 1",
    "ix_figures_reported_by_id": "SELECT id FROM figures WHERE reported_by_id = 1",
}


def plan(conn: sa.Connection, query: str) -> str:
    if conn.dialect.name == "sqlite":
        return " ".join(str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {query}"))
    conn.execute(text("SET enable_seqscan = off"))  # tiny tables: ask what the planner can use
    return " ".join(conn.execute(text(f"EXPLAIN {query}")).scalars())


def test_reference_lookups_use_the_indexes_of_0003(db_url: str) -> None:
    engine = connect_database(db_url)
    try:
        upgrade(engine, "0002")
        with engine.connect() as conn:
            before = {name: plan(conn, query) for name, query in REFERENCE_LOOKUPS.items()}
        upgrade(engine, "0003")
        with engine.connect() as conn:
            after = {name: plan(conn, query) for name, query in REFERENCE_LOOKUPS.items()}
    finally:
        engine.dispose()
    for name in REFERENCE_LOOKUPS:
        assert name not in before[name] and name in after[name], (before[name], after[name])


def test_actor_names_are_unique_in_the_schema(db_url: str) -> None:
    insert = text("INSERT INTO actors (name, name_norm, kind) VALUES (:name, 'ada brook', 'person')")
    engine = open_database(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(insert, {"name": "Ada Brook"})
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
            conn.execute(insert, {"name": "Ada  Brook"})
    finally:
        engine.dispose()


def sqlite_schema(path: Path) -> list[tuple]:
    """Every schema object of a SQLite file as stored: type, name, table, root page and SQL."""
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT type, name, tbl_name, rootpage, sql FROM sqlite_master ORDER BY rowid").fetchall()


def test_a_new_file_replays_what_the_migrations_did_to_the_last_one(tmp_path: Path) -> None:
    """Real processes with a cache folder of the test's own: the first new file runs the migrations
    (Alembic) and records them, the second replays the recording without importing Alembic and gets
    the very same schema; a damaged recording is not trusted (the migrations run and record again)."""
    import os
    import subprocess
    import sys

    cache = tmp_path / "cache"
    code = ("import sys; from facttrack.db.engine import open_database;"
            "from facttrack.db.migrate import current_revision; engine = open_database(sys.argv[1]);"
            "print(current_revision(engine), 'alembic' in sys.modules)")
    env = {**os.environ, "FACTTRACK_CACHE_DIR": str(cache)}

    def new_file(name: str) -> str:
        return subprocess.run([sys.executable, "-c", code, str(tmp_path / name)], env=env, capture_output=True,
                              text=True, check=True).stdout.split()

    assert new_file("first.db") == [HEAD_REVISION, "True"]
    recordings = list(cache.glob("schema-sqlite-*.json"))
    assert len(recordings) == 1
    assert new_file("second.db") == [HEAD_REVISION, "False"]
    assert sqlite_schema(tmp_path / "second.db") == sqlite_schema(tmp_path / "first.db")
    engine = open_database(str(tmp_path / "second.db"))
    try:
        assert ingest_extraction(engine, corpus()["a1"].build()).status == "new"
        with engine.connect() as conn:
            assert len(list(claim_rows(conn, Filters(search="ceasefire")))) == 1
    finally:
        engine.dispose()

    saved = json.loads(recordings[0].read_text())
    saved["statements"] = saved["statements"][:3]  # cut short, its digest left as it was
    recordings[0].write_text(json.dumps(saved))
    assert new_file("third.db") == [HEAD_REVISION, "True"]
    assert sqlite_schema(tmp_path / "third.db") == sqlite_schema(tmp_path / "first.db")
    assert new_file("fourth.db") == [HEAD_REVISION, "False"]  # recorded again
