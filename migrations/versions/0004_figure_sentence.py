"""Store each figure's sentence: figures.sentence, filled from the article text.

Revision ID: 0004
Revises: 0003
Create Date: 2024-08-01

Exports and listings quoted the sentence with substr(articles.text, ...), which reads the whole article
text (its overflow pages on SQLite) once per figure: about a third of a full export's query time. The
text is now written once, with the figure. Existing figures are filled by the same substr, so they read
exactly as before; sentence_start/sentence_end are character offsets (Python string indices), and substr
counts characters on SQLite and PostgreSQL alike. NOT NULL with DEFAULT '' (an empty span is ''): a
sentence stays a string, as substr always gave, and SQLite adds such a column without rebuilding figures
(with a rebuild, `db upgrade` of a million figures took 17 s instead of 8 s and left 370 MB of pages
free). Downgrading rebuilds figures on SQLite (it has no triggers to recreate).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BACKFILL = (
    "UPDATE figures SET sentence = coalesce((SELECT substr(articles.text, figures.sentence_start + 1, "
    "CASE WHEN figures.sentence_end > figures.sentence_start "
    "THEN figures.sentence_end - figures.sentence_start ELSE 0 END) "
    "FROM articles WHERE articles.id = figures.article_id), '')"
)


def upgrade() -> None:
    op.add_column("figures", sa.Column("sentence", sa.Text(), nullable=False, server_default=""))
    op.execute(BACKFILL)


def downgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        batch.drop_column("sentence")
