"""Places, figure sentence search, and reviews with an audit log.

Revision ID: 0005
Revises: 0004
Create Date: 2024-08-20

- figures.place: the country, first-level region or city a figure counts in (extract/places.py),
  nullable (figures stored before this revision have none until `facttrack reextract`), indexed for
  `--place` and series.
- Whole-word search over each figure's sentence, the same words on both backends as the claim search
  of 0001 (see facttrack.db.textsearch): SQLite an external-content FTS5 table on figures.sentence
  kept in step by triggers, filled now from the stored sentences; PostgreSQL a GIN expression index.
- reviews: one row per reviewed figure or claim (status and the corrected fields; ``corrected`` lists
  which fields a person set, so a correction to null is a correction too); review_log: every change,
  appended, never updated (item, field, before, after, status, note, by, at). Reviews point at their
  item without cascading: a reviewed item cannot vanish with the review still pointing at it.
Adding columns and tables rebuilds nothing, so the FTS triggers of 0001 stay as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of 0001's fold strings and word pattern (a test checks they equal textsearch's).
FOLD_FROM = (
    "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜ"
    "ĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽ"
    "žƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱ"
    "ȲȳḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍ"
    "ṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẠạẢả"
    "ẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳ"
    "ỴỵỶỷỸỹ"
)
FOLD_TO = (
    "AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeG"
    "gGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZ"
    "zOoUuAaIiOoUuUuUuUuUuAaGgKkOoOojGgNnAaAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoOoOoOo"
    "YyAaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMmMmMmNnNnNnNnOo"
    "OoOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwyAaAa"
    "AaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYy"
    "YyYyYy"
)

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE figures_fts USING fts5(sentence, content='figures', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER figures_fts_ai AFTER INSERT ON figures BEGIN "
    "INSERT INTO figures_fts(rowid, sentence) VALUES (new.id, new.sentence); END",
    "CREATE TRIGGER figures_fts_ad AFTER DELETE ON figures BEGIN "
    "INSERT INTO figures_fts(figures_fts, rowid, sentence) VALUES ('delete', old.id, old.sentence); END",
    "CREATE TRIGGER figures_fts_au AFTER UPDATE OF sentence ON figures BEGIN "
    "INSERT INTO figures_fts(figures_fts, rowid, sentence) VALUES ('delete', old.id, old.sentence); "
    "INSERT INTO figures_fts(rowid, sentence) VALUES (new.id, new.sentence); END",
    "INSERT INTO figures_fts(figures_fts) VALUES ('rebuild')",
]
SQLITE_FTS_DROP = [
    "DROP TRIGGER IF EXISTS figures_fts_au",
    "DROP TRIGGER IF EXISTS figures_fts_ad",
    "DROP TRIGGER IF EXISTS figures_fts_ai",
    "DROP TABLE IF EXISTS figures_fts",
]
PG_FTS = (
    "CREATE INDEX ix_figures_sentence_tsv ON figures USING gin "
    "(to_tsvector('simple'::regconfig, regexp_replace("
    f"translate(sentence, '{FOLD_FROM}', '{FOLD_TO}'), '[^[:alnum:]]+', ' ', 'g')))"
)


def upgrade() -> None:
    op.add_column("figures", sa.Column("place", sa.String(length=200), nullable=True))
    op.create_index("ix_figures_place", "figures", ["place"])

    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=8), nullable=False),
        sa.Column("figure_id", sa.Integer(), nullable=True),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("corrected", sa.Text(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("value_max", sa.Float(), nullable=True),
        sa.Column("qualifier", sa.String(length=16), nullable=True),
        sa.Column("metric", sa.String(length=16), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("counted", sa.Text(), nullable=True),
        sa.Column("attributed_to", sa.Text(), nullable=True),
        sa.Column("attributed_to_id", sa.Integer(), nullable=True),
        sa.Column("speaker", sa.Text(), nullable=True),
        sa.Column("speaker_id", sa.Integer(), nullable=True),
        sa.Column("cue", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("said_on", sa.String(length=32), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reviewed_by", sa.String(length=200), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["figure_id"], ["figures.id"], name="fk_reviews_figure_id_figures"),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name="fk_reviews_claim_id_claims"),
        sa.ForeignKeyConstraint(["attributed_to_id"], ["actors.id"], name="fk_reviews_attributed_to_id_actors",
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["speaker_id"], ["actors.id"], name="fk_reviews_speaker_id_actors",
                                ondelete="SET NULL"),
        sa.CheckConstraint("(figure_id IS NULL) <> (claim_id IS NULL)", name="ck_reviews_one_item"),
        sa.PrimaryKeyConstraint("id", name="pk_reviews"),
        sa.UniqueConstraint("figure_id", name="uq_reviews_figure_id"),
        sa.UniqueConstraint("claim_id", name="uq_reviews_claim_id"),
    )
    op.create_index("ix_reviews_status", "reviews", ["status"])

    op.create_table(
        "review_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=8), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("by", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name="fk_review_log_review_id_reviews"),
        sa.PrimaryKeyConstraint("id", name="pk_review_log"),
    )
    op.create_index("ix_review_log_review_id", "review_log", ["review_id"])

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute(PG_FTS)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_FTS_DROP:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_figures_sentence_tsv")
    op.drop_table("review_log")
    op.drop_table("reviews")
    op.drop_index("ix_figures_place", table_name="figures")
    with op.batch_alter_table("figures") as batch:  # SQLite rebuilds figures: its triggers are gone already
        batch.drop_column("place")
