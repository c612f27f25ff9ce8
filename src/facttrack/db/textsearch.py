"""Whole-word, case- and accent-insensitive search over claim text, the same on SQLite and PostgreSQL.

Both backends see the same words: runs of letters and digits. SQLite: an FTS5 table (unicode61,
remove_diacritics 2, no stemming) queried with every word of the search quoted, so nothing a user
types is FTS5 syntax. PostgreSQL: a GIN index on ``to_tsvector('simple', ...)`` ('simple' neither
stems nor drops stop words) over the text with accents folded by ``translate(FOLD_FROM, FOLD_TO)``
(the letters FTS5 folds, each checked against FTS5) and every run of other characters replaced by a
space, as FTS5's tokenizer splits there too; it is queried with ``plainto_tsquery`` on the same words.
So "3.5" finds "3.5 percent", "elysee" finds "Élysée", "cease" does not find "ceasefire", and every
word is required on both.

A first bulk load into an empty database may drop these objects and build them once at its end
(``defer_search_index``): the definitions travel through the database, so a killed load still puts
back exactly what the migrations created.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import (
    ColumnElement,
    Connection,
    Text,
    bindparam,
    cast,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)

from facttrack.db.settings import raw_execute
from facttrack.errors import QueryError

# Frozen: migration 0001 embeds these exact strings in the PostgreSQL index expression (a test checks
# they agree). Changing them needs a migration that recreates ix_claims_text_tsv.
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

FTS_TABLE = "claims_fts"
PG_INDEX = "ix_claims_text_tsv"
FIGURE_FTS_TABLE = "figures_fts"  # migration 0005: figures.sentence, the same tokenizer
FIGURE_PG_INDEX = "ix_figures_sentence_tsv"

_WORD = re.compile(r"[^\W_]+")
_HINT = "search matches whole words of letters and digits"
NON_WORD_PATTERN = "[^[:alnum:]]+"  # PostgreSQL regex: what separates words (FTS5 splits there too)


def search_words(text: str) -> list[str]:
    """The words of a search (runs of letters and digits); QueryError when there are none."""
    words = _WORD.findall(unicodedata.normalize("NFC", text))
    if not words:
        raise QueryError(f"search {text!r} has no words to look for ({_HINT})")
    return words


def fts5_query(text: str) -> str:
    """An FTS5 MATCH string: every word quoted (a string, never an operator), all of them required."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in search_words(text))


def _fold_sql(expr: ColumnElement[str]) -> ColumnElement[str]:
    return func.translate(expr, literal_column(f"'{FOLD_FROM}'"), literal_column(f"'{FOLD_TO}'"))


def pg_document(text_column: ColumnElement[str]) -> ColumnElement[object]:
    """The indexed tsvector expression (must match ix_claims_text_tsv exactly to use the index)."""
    words = func.regexp_replace(_fold_sql(text_column), literal_column(f"'{NON_WORD_PATTERN}'"),
                                literal_column("' '"), literal_column("'g'"))
    return func.to_tsvector(literal_column("'simple'::regconfig"), words)


def claim_search_condition(dialect: str, claim_id: ColumnElement[int], claim_text: ColumnElement[str],
                           text: str) -> ColumnElement[bool]:
    """A WHERE condition on claims for a user's search text; the text only ever travels as a bound
    parameter."""
    return search_condition(dialect, FTS_TABLE, claim_id, claim_text, text)


def figure_search_condition(dialect: str, figure_id: ColumnElement[int], sentence: ColumnElement[str],
                            text: str) -> ColumnElement[bool]:
    """A WHERE condition on figures: every word of ``text`` in the figure's sentence."""
    return search_condition(dialect, FIGURE_FTS_TABLE, figure_id, sentence, text)


def search_condition(dialect: str, fts_table: str, row_id: ColumnElement[int], row_text: ColumnElement[str],
                     text: str) -> ColumnElement[bool]:
    """Rows whose indexed text holds every word: the FTS5 table ``fts_table`` on SQLite, the tsvector
    expression index over ``row_text`` on PostgreSQL."""
    if dialect == "sqlite":
        fts = table(fts_table, column("rowid"))
        matches = select(fts.c.rowid).where(literal_column(fts_table).op("MATCH")(fts5_query(text)))
        return row_id.in_(matches)
    if dialect == "postgresql":
        words = " ".join(search_words(text))
        words_param = cast(bindparam("search_words", words, type_=Text), Text)
        query = func.plainto_tsquery(literal_column("'simple'::regconfig"), _fold_sql(words_param))
        return pg_document(row_text).op("@@")(query)
    raise QueryError(f"search is not available on {dialect} databases")


# -------------------------------------------------------------------- deferring the index (load)

def search_index_deferred(conn: Connection) -> bool:
    """Whether a bulk load dropped the text-search objects and has not put them back yet."""
    return bool(conn.execute(select(func.count()).select_from(table("deferred_ddl"))).scalar())


def defer_search_index(conn: Connection) -> int:
    """Drop the objects that keep claim search up to date row by row (SQLite's FTS triggers, the
    PostgreSQL GIN index), keeping each one's definition in ``deferred_ddl`` in the same transaction;
    returns how many. ``restore_search_index`` builds them again in one pass over the table."""
    if conn.dialect.name == "sqlite":
        found = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE :p "
                                  "ORDER BY name"), {"p": "%fts%"}).all()
        tables = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE :p "
                                   "ORDER BY name"), {"p": "CREATE VIRTUAL TABLE%fts5%"}).scalars().all()
        rebuild = "; ".join(f"INSERT INTO \"{t}\"(\"{t}\") VALUES ('rebuild')" for t in tables) or None
        drop = "DROP TRIGGER \"{}\""
    else:
        found = conn.execute(text("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                                  "AND indexdef LIKE :p ORDER BY indexname"), {"p": "%to_tsvector%"}).all()
        rebuild = None
        drop = "DROP INDEX \"{}\""
    for position, (name, sql) in enumerate(found):
        conn.execute(text("INSERT INTO deferred_ddl (name, definition, rebuild) VALUES (:n, :d, :r)"),
                     {"n": name, "d": sql, "r": rebuild if position == 0 else None})
        raw_execute(conn, drop.format(name))
    return len(found)


def restore_search_index(conn: Connection) -> None:
    """Create what ``defer_search_index`` dropped, from its kept definitions, and refill it."""
    rows = conn.execute(text("SELECT name, definition, rebuild FROM deferred_ddl ORDER BY name")).all()
    for _, definition, _ in rows:
        raw_execute(conn, definition)
    for _, _, rebuild in rows:
        for statement in (rebuild or "").split("; "):
            if statement:
                raw_execute(conn, statement)
    conn.execute(text("DELETE FROM deferred_ddl"))

