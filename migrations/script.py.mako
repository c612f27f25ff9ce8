"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

SQLite: batch operations rebuild tables and drop their triggers; a migration that rebuilds ``claims``
must recreate the claims_fts triggers (see 0001). facttrack runs migrations with foreign keys off (a
rebuild's DROP TABLE would cascade) and rolls back one that leaves broken references or lost triggers.
Data changes use plain SQL on the tables as they are at this revision, never facttrack.db.models.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
${imports if imports else ""}

revision: str = ${repr(up_revision)}
down_revision: str | Sequence[str] | None = ${repr(down_revision)}
branch_labels: str | Sequence[str] | None = ${repr(branch_labels)}
depends_on: str | Sequence[str] | None = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
