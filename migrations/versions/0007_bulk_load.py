"""Bulk loading: loaded_parts, deferred_ddl, and articles.retrieved_at.

Revision ID: 0007
Revises: 0006
Create Date: 2024-09-01

``facttrack load`` records each part file it loads (by the SHA-256 of its bytes) with how many of its
lines are done, in the same transaction as each batch of articles: loading a part twice adds nothing
and a killed load resumes at the next batch. ``deferred_ddl`` keeps the definitions of text-search
objects (SQLite triggers, the PostgreSQL index) that a first load into an empty database dropped, so a
killed load still knows what to put back. ``articles.retrieved_at`` is when a page was fetched (a web
archive record's date): never the publication date. All three are additions: nothing is rebuilt, and
SQLite's search triggers stay.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "loaded_parts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_loaded_parts"),
        sa.UniqueConstraint("sha256", name="uq_loaded_parts_sha256"),
    )
    op.create_table(
        "deferred_ddl",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("rebuild", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("name", name="pk_deferred_ddl"),
    )
    op.add_column("articles", sa.Column("retrieved_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # A plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch rebuild of articles would drop the
    # tables that reference it first, and the search triggers with them.
    op.drop_column("articles", "retrieved_at")
    op.drop_table("deferred_ddl")
    op.drop_table("loaded_parts")
