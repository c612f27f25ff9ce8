"""Datasette out of the box: search tables it recognises (claims and articles) and two views.

Revision ID: 0006
Revises: 0005
Create Date: 2024-09-01

Datasette finds the full-text table of a table by reading its CREATE VIRTUAL TABLE statement for
content="claims" or content=[claims]; 0001 wrote content='claims', so `claims.json?_search=` silently
returned every row. On SQLite, claims_fts is made again with the same columns, tokenizer and triggers
and the quoting Datasette reads (facttrack's own search, textsearch.py, sees no difference), and
articles_fts (title and text) is added with its triggers, so `?_search=` works on both pages;
figures_fts (0005, over the figure's sentence) is made again the same way.
PostgreSQL has its own search (a GIN index over claims, textsearch.py) and gets no FTS table.

figures_view and claims_view are what a person opens first: the figure (a whole value shown as an
integer: values are stored as floats, so 39 showed as 39.0), its qualifier, metric, counted words,
who gave it, the outlet, date, title, URL and sentence, with offsets last. Both backends get them.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOKENIZE = "tokenize='unicode61 remove_diacritics 2'"


def fts_statements(table: str, columns: Sequence[str], quote: str = '"') -> list[str]:
    """The FTS5 table over ``columns`` of ``table`` (external content), its three triggers, a rebuild."""
    fts = f"{table}_fts"
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    content = f"content={quote}{table}{quote}" if quote == '"' else f"content='{table}'"
    changed = ", ".join(columns)
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, {content}, content_rowid='id', {TOKENIZE})",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {changed} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def drop_fts(table: str) -> list[str]:
    fts = f"{table}_fts"
    return [f"DROP TRIGGER IF EXISTS {fts}_au", f"DROP TRIGGER IF EXISTS {fts}_ad",
            f"DROP TRIGGER IF EXISTS {fts}_ai", f"DROP TABLE IF EXISTS {fts}"]


def whole(column: str, dialect: str) -> str:
    """A float column shown as an integer when it is whole (39.0 -> 39), else as it is."""
    if dialect == "postgresql":
        return f"CAST({column} AS numeric)"  # float8 -> numeric prints 39 for 39.0 and 39.5 for 39.5
    return (f"CASE WHEN {column} = CAST({column} AS INTEGER) AND abs({column}) < 9.0e18 "
            f"THEN CAST({column} AS INTEGER) ELSE {column} END")


def views(dialect: str) -> list[str]:
    return [
        "CREATE VIEW figures_view AS SELECT f.id AS id, "
        f"{whole('f.value', dialect)} AS value, {whole('f.value_max', dialect)} AS value_max, "
        "f.qualifier AS qualifier, f.metric AS metric, f.place AS place, f.counted AS counted, f.unit AS unit, "
        "f.attributed_to AS attributed_to, f.reported_by AS reported_by, s.name AS source, "
        "a.published AS published, a.title AS title, a.url AS url, f.sentence AS sentence, "
        "f.text AS figure_text, f.hedged AS hedged, f.vague AS vague, f.attribution_text AS attribution_text, "
        "f.refers_start AS refers_start, f.refers_end AS refers_end, a.language AS language, "
        "f.article_id AS article_id, f.claim_id AS claim_id, f.start AS start, f.\"end\" AS \"end\" "
        "FROM figures f JOIN articles a ON a.id = f.article_id JOIN sources s ON s.id = a.source_id",
        "CREATE VIEW claims_view AS SELECT c.id AS id, c.speaker AS speaker, c.cue AS cue, c.kind AS kind, "
        "c.text AS text, c.said_on AS said_on, c.reported_by AS reported_by, s.name AS source, "
        "a.published AS published, a.title AS title, a.url AS url, a.language AS language, "
        "c.article_id AS article_id, c.start AS start, c.\"end\" AS \"end\" "
        "FROM claims c JOIN articles a ON a.id = c.article_id JOIN sources s ON s.id = a.source_id",
    ]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in [*drop_fts("claims"), *fts_statements("claims", ["text"]),
                          *drop_fts("figures"), *fts_statements("figures", ["sentence"]),
                          *fts_statements("articles", ["title", "text"])]:
            op.execute(statement)
    for statement in views(dialect):
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS claims_view")
    op.execute("DROP VIEW IF EXISTS figures_view")
    if op.get_bind().dialect.name == "sqlite":
        for statement in [*drop_fts("articles"), *drop_fts("claims"), *fts_statements("claims", ["text"], "'"),
                          *drop_fts("figures"), *fts_statements("figures", ["sentence"], "'")]:
            op.execute(statement)
