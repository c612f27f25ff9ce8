"""SQLAlchemy 2.0 typed models: sources, articles, actors (+ aliases), claims and figures.

The schema itself is created and changed only by the Alembic migrations in ``facttrack.migrations``;
these models must match them (a test compares them with autogenerate). Every claim and figure keeps
its character span (``start``/``end``, Python string indices into ``Article.text``) and its sentence
span, so exports can quote the sentence and point at the exact characters.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Named constraints from the start: SQLite batch migrations can only alter what has a name."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Source(Base):
    """Who published: an outlet, agency or site. ``name_norm`` is the lookup key (see names.py)."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_norm: Mapped[str] = mapped_column(String(300), unique=True)
    domain: Mapped[str | None] = mapped_column(String(255), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # outlet | site | unknown


class Article(Base):
    """One stored appearance of a text: the same text from another source is another row."""

    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("source_id", "sha256"),
        Index("ix_articles_source_id_published", "source_id", "published"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    tags: Mapped[list[Any]] = mapped_column(JSON)
    language: Mapped[str | None] = mapped_column(String(35))
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    input_format: Mapped[str] = mapped_column(String(16))
    origin: Mapped[str | None] = mapped_column(Text)
    retrieved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # fetched (WARC date)


class Actor(Base):
    """A person, organisation or unnamed group; its canonical name is always one of its aliases.
    ``name_norm`` is unique (migration 0002): one normalised name is one actor, whoever stores it first."""

    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_norm: Mapped[str] = mapped_column(String(300), index=True, unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # person | organization | group
    title: Mapped[str | None] = mapped_column(Text)


class ActorAlias(Base):
    """alias -> actor. ``alias_norm`` is unique: one spelling names one actor, which makes upserts
    race-free (INSERT ... ON CONFLICT DO NOTHING, then read back who owns it)."""

    __tablename__ = "actor_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    alias_norm: Mapped[str] = mapped_column(String(300), unique=True)


class Claim(Base):
    """An attributed statement. ``speaker``/``reported_by`` keep the text as extracted ("She" stays
    "She"); the ``*_id`` columns link to an actor when the article resolved the mention."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id", ondelete="SET NULL"), index=True)
    speaker: Mapped[str | None] = mapped_column(Text)
    cue: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))  # direct | indirect | according_to
    text: Mapped[str] = mapped_column(Text)
    said_on: Mapped[str | None] = mapped_column(String(32))  # ISO YYYY-MM-DD or YYYY-MM
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id", ondelete="SET NULL"), index=True)
    reported_by: Mapped[str | None] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(Text)


class Figure(Base):
    """A number that counts something, with its qualifier, metric, attribution and period.

    ``published`` repeats the article's publication date so "metric in a date range" is one index
    range scan (ix_figures_metric_published) instead of a join; it is written once, with the article.
    ``sentence`` is the text of the sentence span (migration 0004): written once, read by every export
    and listing row, where cutting it out of ``Article.text`` in SQL read the whole article per figure.
    Its '' default is for that migration (SQLite adds a NOT NULL column only with one); the store
    always writes it.
    """

    __tablename__ = "figures"
    __table_args__ = (Index("ix_figures_metric_published", "metric", "published"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="SET NULL"), index=True)
    published: Mapped[date | None] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    value_max: Mapped[float | None] = mapped_column(Float)
    qualifier: Mapped[str] = mapped_column(String(16))
    metric: Mapped[str] = mapped_column(String(16))
    counted: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text, server_default="")
    hedged: Mapped[bool] = mapped_column(Boolean)
    vague: Mapped[bool] = mapped_column(Boolean)
    attributed_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="SET NULL"), index=True)
    attributed_to: Mapped[str | None] = mapped_column(Text)
    attribution_text: Mapped[str | None] = mapped_column(Text)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id", ondelete="SET NULL"), index=True)
    reported_by: Mapped[str | None] = mapped_column(Text)
    refers_start: Mapped[str | None] = mapped_column(String(32))
    refers_end: Mapped[str | None] = mapped_column(String(32))
    refers_text: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)
    rule: Mapped[str] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(200), index=True)  # migration 0005


class Review(Base):
    """A person's verdict on one figure or claim (migration 0005): its status and corrected fields.

    Queries read a corrected field instead of the machine's when ``corrected`` names it (",value,place,"),
    so setting a field to null is a correction too. A re-extraction re-points ``figure_id``/``claim_id``
    at the matching new item; the review row and its log keep their ids.
    """

    __tablename__ = "reviews"
    __table_args__ = (CheckConstraint("(figure_id IS NULL) <> (claim_id IS NULL)", name="one_item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item: Mapped[str] = mapped_column(String(8))  # figure | claim
    figure_id: Mapped[int | None] = mapped_column(ForeignKey("figures.id"), unique=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), unique=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    corrected: Mapped[str] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float)
    value_max: Mapped[float | None] = mapped_column(Float)
    qualifier: Mapped[str | None] = mapped_column(String(16))
    metric: Mapped[str | None] = mapped_column(String(16))
    place: Mapped[str | None] = mapped_column(String(200))
    counted: Mapped[str | None] = mapped_column(Text)
    attributed_to: Mapped[str | None] = mapped_column(Text)
    attributed_to_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id", ondelete="SET NULL"))
    speaker: Mapped[str | None] = mapped_column(Text)
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id", ondelete="SET NULL"))
    cue: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    said_on: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[str] = mapped_column(String(200))
    reviewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReviewLog(Base):
    """The audit trail: one row per change of a review, appended and never updated (migration 0005).
    ``item_id`` is the item's id when the change was made; ``before``/``after`` are JSON texts."""

    __tablename__ = "review_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id"), index=True)
    item: Mapped[str] = mapped_column(String(8))
    item_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str | None] = mapped_column(String(32))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LoadedPart(Base):
    """A part file ``facttrack load`` has loaded, by the SHA-256 of its bytes: ``lines`` of it are
    stored (written in the same transaction as their articles); ``complete`` once all are."""

    __tablename__ = "loaded_parts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(Text)
    lines: Mapped[int] = mapped_column(Integer)
    complete: Mapped[bool] = mapped_column(Boolean)
    articles: Mapped[int] = mapped_column(Integer)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DeferredDdl(Base):
    """A text-search object a first bulk load dropped, with the statement that puts it back and the
    one that refills it: kept in the database, so a killed load still restores it."""

    __tablename__ = "deferred_ddl"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    definition: Mapped[str] = mapped_column(Text)
    rebuild: Mapped[str | None] = mapped_column(Text)
