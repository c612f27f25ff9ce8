"""Actor names unique: one actor per normalised name, so concurrent writers cannot store one twice.

Revision ID: 0002
Revises: 0001
Create Date: 2024-07-01

Until now only aliases were unique: two writers that met a new name at the same moment could each
store an actor with it. Duplicates are merged into the oldest actor (lowest id) first: claims,
figures and aliases move to it, it takes a title if it had none, then the unique index replaces the
plain one. Nothing is rebuilt (SQLite keeps its tables and the claims_fts triggers as they are).
Downgrading keeps the merged actors merged.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column) pairs that point at actors, frozen as of this revision.
REFERENCES = (
    ("claims", "speaker_id"),
    ("claims", "reported_by_id"),
    ("figures", "attributed_to_id"),
    ("figures", "reported_by_id"),
    ("actor_aliases", "actor_id"),
)


def merge_duplicate_actors(conn: sa.Connection) -> int:
    """Merge actors sharing a name_norm into the lowest id; returns how many actors were removed."""
    rows = conn.execute(sa.text(
        "SELECT id, name_norm, title FROM actors WHERE name_norm IN "
        "(SELECT name_norm FROM actors GROUP BY name_norm HAVING count(*) > 1) ORDER BY name_norm, id")).all()
    keeper: dict[str, tuple[int, str | None]] = {}
    moves: list[dict[str, int]] = []
    titles: list[dict[str, object]] = []
    for actor_id, norm, title in rows:
        if norm not in keeper:
            keeper[norm] = (actor_id, title)
            continue
        winner, winner_title = keeper[norm]
        moves.append({"loser": actor_id, "winner": winner})
        if winner_title is None and title is not None:
            keeper[norm] = (winner, title)
            titles.append({"winner": winner, "title": title})
    if not moves:
        return 0
    for table, column in REFERENCES:
        conn.execute(sa.text(f"UPDATE {table} SET {column} = :winner WHERE {column} = :loser"), moves)
    if titles:
        conn.execute(sa.text("UPDATE actors SET title = :title WHERE id = :winner"), titles)
    conn.execute(sa.text("DELETE FROM actors WHERE id = :loser"), moves)
    return len(moves)


def upgrade() -> None:
    merge_duplicate_actors(op.get_bind())
    op.drop_index("ix_actors_name_norm", table_name="actors")
    op.create_index("ix_actors_name_norm", "actors", ["name_norm"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_actors_name_norm", table_name="actors")
    op.create_index("ix_actors_name_norm", "actors", ["name_norm"])
