"""Index the columns that point at claims and actors but had no index.

Revision ID: 0003
Revises: 0002
Create Date: 2024-07-15

figures.claim_id, claims.reported_by_id and figures.reported_by_id are foreign keys with ON DELETE
SET NULL. Without an index, deleting one claim (every claim of a deleted article, by cascade) or one
actor (the store merges an actor another writer stored at the same moment) scans all of figures or
claims: the query plans of "figures of this claim" and "claims reported by this actor" showed a full
scan on both SQLite and PostgreSQL. Plain indexes: nothing is rebuilt, the search triggers stay.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_figures_claim_id", "figures", "claim_id"),
    ("ix_claims_reported_by_id", "claims", "reported_by_id"),
    ("ix_figures_reported_by_id", "figures", "reported_by_id"),
)


def upgrade() -> None:
    for name, table, column in INDEXES:
        op.create_index(name, table, [column])


def downgrade() -> None:
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
