"""The tables as SQLAlchemy Core: what models.py maps to classes and the write path uses directly.

The schema itself is created and changed only by the Alembic migrations in ``facttrack.migrations``;
these tables must match them (a test compares the models with autogenerate). ``ingest`` stores with
Core statements on these tables and never needs the ORM, whose import would cost every ingest more
than storing a small article; models.py gives queries the mapped classes over the very same tables.
Every claim and figure keeps its character span (``start``/``end``, Python string indices into the
article's text) and its sentence span, so exports can quote the sentence and point at the exact
characters.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Named constraints from the start: SQLite batch migrations can only alter what has a name.
METADATA = MetaData(naming_convention=NAMING_CONVENTION)


SOURCES = Table(
    "sources", METADATA,
    Column("id", Integer, primary_key=True),
    Column("name", String(300), nullable=False),
    Column("name_norm", String(300), unique=True, nullable=False),
    Column("domain", String(255), index=True),
    Column("kind", String(16), nullable=False),  # outlet | site | unknown
)

ARTICLES = Table(
    "articles", METADATA,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("title", Text),
    Column("url", Text),
    Column("published", Date, index=True),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("tags", JSON, nullable=False),
    Column("language", String(35)),
    Column("text", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("input_format", String(16), nullable=False),
    Column("origin", Text),
    Column("retrieved_at", DateTime(timezone=True)),  # fetched (WARC date)
    UniqueConstraint("source_id", "sha256"),
    Index("ix_articles_source_id_published", "source_id", "published"),
)

ACTORS = Table(
    "actors", METADATA,
    Column("id", Integer, primary_key=True),
    Column("name", String(300), nullable=False),
    Column("name_norm", String(300), index=True, unique=True, nullable=False),
    Column("kind", String(16), nullable=False),  # person | organization | group
    Column("title", Text),
)

ACTOR_ALIASES = Table(
    "actor_aliases", METADATA,
    Column("id", Integer, primary_key=True),
    Column("actor_id", Integer, ForeignKey("actors.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("alias", String(300), nullable=False),
    Column("alias_norm", String(300), unique=True, nullable=False),
)

CLAIMS = Table(
    "claims", METADATA,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("speaker_id", Integer, ForeignKey("actors.id", ondelete="SET NULL"), index=True),
    Column("speaker", Text),
    Column("cue", Text, nullable=False),
    Column("kind", String(16), nullable=False),  # direct | indirect | according_to
    Column("text", Text, nullable=False),
    Column("said_on", String(32)),  # ISO YYYY-MM-DD or YYYY-MM
    Column("reported_by_id", Integer, ForeignKey("actors.id", ondelete="SET NULL"), index=True),
    Column("reported_by", Text),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("rule", Text, nullable=False),
)

FIGURES = Table(
    "figures", METADATA,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("claim_id", Integer, ForeignKey("claims.id", ondelete="SET NULL"), index=True),
    Column("published", Date),
    Column("value", Float, nullable=False),
    Column("value_max", Float),
    Column("qualifier", String(16), nullable=False),
    Column("metric", String(16), nullable=False),
    Column("counted", Text),
    Column("unit", Text),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("sentence", Text, server_default="", nullable=False),
    Column("hedged", Boolean, nullable=False),
    Column("vague", Boolean, nullable=False),
    Column("attributed_to_id", Integer, ForeignKey("actors.id", ondelete="SET NULL"), index=True),
    Column("attributed_to", Text),
    Column("attribution_text", Text),
    Column("reported_by_id", Integer, ForeignKey("actors.id", ondelete="SET NULL"), index=True),
    Column("reported_by", Text),
    Column("refers_start", String(32)),
    Column("refers_end", String(32)),
    Column("refers_text", Text),
    Column("confidence", Float, nullable=False),
    Column("rule", Text, nullable=False),
    Column("place", String(200), index=True),  # migration 0005
    Index("ix_figures_metric_published", "metric", "published"),
)

REVIEWS = Table(
    "reviews", METADATA,
    Column("id", Integer, primary_key=True),
    Column("item", String(8), nullable=False),  # figure | claim
    Column("figure_id", Integer, ForeignKey("figures.id"), unique=True),
    Column("claim_id", Integer, ForeignKey("claims.id"), unique=True),
    Column("status", String(16), index=True, nullable=False),
    Column("corrected", Text, nullable=False),
    Column("value", Float),
    Column("value_max", Float),
    Column("qualifier", String(16)),
    Column("metric", String(16)),
    Column("place", String(200)),
    Column("counted", Text),
    Column("attributed_to", Text),
    Column("attributed_to_id", Integer, ForeignKey("actors.id", ondelete="SET NULL")),
    Column("speaker", Text),
    Column("speaker_id", Integer, ForeignKey("actors.id", ondelete="SET NULL")),
    Column("cue", Text),
    Column("text", Text),
    Column("said_on", String(32)),
    Column("note", Text),
    Column("reviewed_by", String(200), nullable=False),
    Column("reviewed_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("(figure_id IS NULL) <> (claim_id IS NULL)", name="one_item"),
)

REVIEW_LOG = Table(
    "review_log", METADATA,
    Column("id", Integer, primary_key=True),
    Column("review_id", Integer, ForeignKey("reviews.id"), index=True, nullable=False),
    Column("item", String(8), nullable=False),
    Column("item_id", Integer, nullable=False),
    Column("field", String(32)),
    Column("before", Text),
    Column("after", Text),
    Column("status", String(16), nullable=False),
    Column("note", Text),
    Column("by", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

LOADED_PARTS = Table(
    "loaded_parts", METADATA,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), unique=True, nullable=False),
    Column("name", Text, nullable=False),
    Column("lines", Integer, nullable=False),
    Column("complete", Boolean, nullable=False),
    Column("articles", Integer, nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
)

DEFERRED_DDL = Table(
    "deferred_ddl", METADATA,
    Column("name", String(200), primary_key=True, nullable=False),
    Column("definition", Text, nullable=False),
    Column("rebuild", Text),
)
