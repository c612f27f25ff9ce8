"""SQLAlchemy 2.0 typed models: sources, articles, actors (+ aliases), claims and figures, mapped over
the Core tables of tables.py (where the columns, constraints and their comments are).

The schema itself is created and changed only by the Alembic migrations in ``facttrack.migrations``;
the tables must match them (a test compares these models with autogenerate). Every claim and figure
keeps its character span (``start``/``end``, Python string indices into ``Article.text``) and its
sentence span, so exports can quote the sentence and point at the exact characters.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import DeclarativeBase, Mapped

from facttrack.db import tables
from facttrack.db.tables import NAMING_CONVENTION

__all__ = ["NAMING_CONVENTION", "Actor", "ActorAlias", "Article", "Base", "Claim", "DeferredDdl", "Figure",
           "LoadedPart", "Review", "ReviewLog", "Source"]


class Base(DeclarativeBase):
    """Named constraints from the start: SQLite batch migrations can only alter what has a name."""

    metadata = tables.METADATA


class Source(Base):
    """Who published: an outlet, agency or site. ``name_norm`` is the lookup key (see names.py)."""

    __table__ = tables.SOURCES

    id: Mapped[int]
    name: Mapped[str]
    name_norm: Mapped[str]
    domain: Mapped[str | None]
    kind: Mapped[str]


class Article(Base):
    """One stored appearance of a text: the same text from another source is another row."""

    __table__ = tables.ARTICLES

    id: Mapped[int]
    source_id: Mapped[int]
    title: Mapped[str | None]
    url: Mapped[str | None]
    published: Mapped[date | None]
    ingested_at: Mapped[datetime]
    tags: Mapped[list[Any]]
    language: Mapped[str | None]
    text: Mapped[str]
    sha256: Mapped[str]
    input_format: Mapped[str]
    origin: Mapped[str | None]
    retrieved_at: Mapped[datetime | None]


class Actor(Base):
    """A person, organisation or unnamed group; its canonical name is always one of its aliases.
    ``name_norm`` is unique (migration 0002): one normalised name is one actor, whoever stores it first."""

    __table__ = tables.ACTORS

    id: Mapped[int]
    name: Mapped[str]
    name_norm: Mapped[str]
    kind: Mapped[str]
    title: Mapped[str | None]


class ActorAlias(Base):
    """alias -> actor. ``alias_norm`` is unique: one spelling names one actor, which makes upserts
    race-free (INSERT ... ON CONFLICT DO NOTHING, then read back who owns it)."""

    __table__ = tables.ACTOR_ALIASES

    id: Mapped[int]
    actor_id: Mapped[int]
    alias: Mapped[str]
    alias_norm: Mapped[str]


class Claim(Base):
    """An attributed statement. ``speaker``/``reported_by`` keep the text as extracted ("She" stays
    "She"); the ``*_id`` columns link to an actor when the article resolved the mention."""

    __table__ = tables.CLAIMS

    id: Mapped[int]
    article_id: Mapped[int]
    speaker_id: Mapped[int | None]
    speaker: Mapped[str | None]
    cue: Mapped[str]
    kind: Mapped[str]
    text: Mapped[str]
    said_on: Mapped[str | None]
    reported_by_id: Mapped[int | None]
    reported_by: Mapped[str | None]
    start: Mapped[int]
    end: Mapped[int]
    sentence_start: Mapped[int]
    sentence_end: Mapped[int]
    rule: Mapped[str]


class Figure(Base):
    """A number that counts something, with its qualifier, metric, attribution and period.

    ``published`` repeats the article's publication date so "metric in a date range" is one index
    range scan (ix_figures_metric_published) instead of a join; it is written once, with the article.
    ``sentence`` is the text of the sentence span (migration 0004): written once, read by every export
    and listing row, where cutting it out of ``Article.text`` in SQL read the whole article per figure.
    Its '' default is for that migration (SQLite adds a NOT NULL column only with one); the store
    always writes it.
    """

    __table__ = tables.FIGURES

    id: Mapped[int]
    article_id: Mapped[int]
    claim_id: Mapped[int | None]
    published: Mapped[date | None]
    value: Mapped[float]
    value_max: Mapped[float | None]
    qualifier: Mapped[str]
    metric: Mapped[str]
    counted: Mapped[str | None]
    unit: Mapped[str | None]
    text: Mapped[str]
    start: Mapped[int]
    end: Mapped[int]
    sentence_start: Mapped[int]
    sentence_end: Mapped[int]
    sentence: Mapped[str]
    hedged: Mapped[bool]
    vague: Mapped[bool]
    attributed_to_id: Mapped[int | None]
    attributed_to: Mapped[str | None]
    attribution_text: Mapped[str | None]
    reported_by_id: Mapped[int | None]
    reported_by: Mapped[str | None]
    refers_start: Mapped[str | None]
    refers_end: Mapped[str | None]
    refers_text: Mapped[str | None]
    confidence: Mapped[float]
    rule: Mapped[str]
    place: Mapped[str | None]


class Review(Base):
    """A person's verdict on one figure or claim (migration 0005): its status and corrected fields.

    Queries read a corrected field instead of the machine's when ``corrected`` names it (",value,place,"),
    so setting a field to null is a correction too. A re-extraction re-points ``figure_id``/``claim_id``
    at the matching new item; the review row and its log keep their ids.
    """

    __table__ = tables.REVIEWS

    id: Mapped[int]
    item: Mapped[str]
    figure_id: Mapped[int | None]
    claim_id: Mapped[int | None]
    status: Mapped[str]
    corrected: Mapped[str]
    value: Mapped[float | None]
    value_max: Mapped[float | None]
    qualifier: Mapped[str | None]
    metric: Mapped[str | None]
    place: Mapped[str | None]
    counted: Mapped[str | None]
    attributed_to: Mapped[str | None]
    attributed_to_id: Mapped[int | None]
    speaker: Mapped[str | None]
    speaker_id: Mapped[int | None]
    cue: Mapped[str | None]
    text: Mapped[str | None]
    said_on: Mapped[str | None]
    note: Mapped[str | None]
    reviewed_by: Mapped[str]
    reviewed_at: Mapped[datetime]


class ReviewLog(Base):
    """The audit trail: one row per change of a review, appended and never updated (migration 0005).
    ``item_id`` is the item's id when the change was made; ``before``/``after`` are JSON texts."""

    __table__ = tables.REVIEW_LOG

    id: Mapped[int]
    review_id: Mapped[int]
    item: Mapped[str]
    item_id: Mapped[int]
    field: Mapped[str | None]
    before: Mapped[str | None]
    after: Mapped[str | None]
    status: Mapped[str]
    note: Mapped[str | None]
    by: Mapped[str]
    at: Mapped[datetime]


class LoadedPart(Base):
    """A part file ``facttrack load`` has loaded, by the SHA-256 of its bytes: ``lines`` of it are
    stored (written in the same transaction as their articles); ``complete`` once all are."""

    __table__ = tables.LOADED_PARTS

    id: Mapped[int]
    sha256: Mapped[str]
    name: Mapped[str]
    lines: Mapped[int]
    complete: Mapped[bool]
    articles: Mapped[int]
    loaded_at: Mapped[datetime]


class DeferredDdl(Base):
    """A text-search object a first bulk load dropped, with the statement that puts it back and the
    one that refills it: kept in the database, so a killed load still restores it."""

    __table__ = tables.DEFERRED_DDL

    name: Mapped[str]
    definition: Mapped[str]
    rebuild: Mapped[str | None]
