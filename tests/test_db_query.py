"""Queries on a stored corpus, with the same expectations on SQLite and PostgreSQL: row keys and order
(design section 6), filters, whole-word search, escaping of hostile search text, streaming."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Connection

from facttrack.db.engine import open_database
from facttrack.db.query import (
    ACTOR_COLUMNS,
    ARTICLE_COLUMNS,
    CLAIM_COLUMNS,
    FIGURE_COLUMNS,
    FIGURE_EXTRA,
    SOURCE_COLUMNS,
    Filters,
    actor_rows,
    article_detail,
    article_rows,
    claim_rows,
    figure_csv,
    figure_rows,
    source_hint,
    source_rows,
)
from facttrack.db.store import ingest_extraction
from facttrack.errors import DatabaseError, QueryError
from facttrack.extract.model import METRICS
from test_db_support import ArticleBuilder, corpus


@pytest.fixture
def stored(db_url: str) -> Iterator[tuple[Connection, dict[str, ArticleBuilder], dict[str, int]]]:
    """The corpus stored in order a1..a4; yields a connection, the builders and the article ids."""
    engine = open_database(db_url)
    builders = corpus()
    ids = {key: ingest_extraction(engine, b.build()).article_id for key, b in builders.items()}
    with engine.connect() as conn:
        yield conn, builders, ids
    engine.dispose()


def figures(conn: Connection, **filters: object) -> list[dict]:
    return list(figure_rows(conn, Filters(**filters)))  # type: ignore[arg-type]


def claims(conn: Connection, **filters: object) -> list[dict]:
    return list(claim_rows(conn, Filters(**filters)))  # type: ignore[arg-type]


def test_figure_row_keys_values_and_order(stored) -> None:
    conn, builders, ids = stored
    rows = figures(conn)
    assert FIGURE_COLUMNS == (
        "figure_id", "value", "value_max", "qualifier", "metric", "counted", "unit", "text", "hedged",
        "attributed_to", "attribution_text", "reported_by", "refers_start", "refers_end", "article_id",
        "title", "source", "url", "published", "sentence", "start", "end", "place", "status")
    assert FIGURE_EXTRA == ("sentence_start", "vague", "reviewed")
    assert all(tuple(row) == FIGURE_COLUMNS + FIGURE_EXTRA for row in rows)
    # newest publication first (a2, a4, a1), the undated article last, then by id
    assert [(r["article_id"], r["text"]) for r in rows] == [
        (ids["a2"], "3.5 percent"), (ids["a2"], "$2 million"), (ids["a4"], "Five fishermen"),
        (ids["a1"], "about 1,200 residents"), (ids["a1"], "at least 42 people"), (ids["a3"], "17 bodies")]
    money = rows[1]
    assert money == {
        "figure_id": money["figure_id"], "value": 2000000, "value_max": None, "qualifier": "exactly",
        "metric": "money", "counted": None, "unit": "USD", "text": "$2 million", "hedged": True,
        "attributed_to": "She", "attribution_text": None, "reported_by": None, "refers_start": "2024-04",
        "refers_end": None, "article_id": ids["a2"], "title": "Power cuts linger", "source": "Coastline Wire",
        "url": "https://coastline.example/power", "published": "2024-04-02",
        "sentence": "She said the repairs would cost $2 million.",
        "start": builders["a2"].span("$2 million")[0], "end": builders["a2"].span("$2 million")[1],
        "place": None, "status": "unreviewed",
        "sentence_start": builders["a2"].text.index("She said the repairs"), "vague": False, "reviewed": False}
    assert type(money["value"]) is int and type(rows[0]["value"]) is float and rows[0]["value"] == 3.5
    assert type(rows[3]["value"]) is int and rows[3]["value"] == 1200
    # the sentence is sliced by characters even after an astral emoji and an accented word
    assert rows[0]["sentence"] == builders["a2"].sentence("3.5 percent")
    assert rows[0]["attributed_to"] == "Clara Jensen"  # "Jensen" resolved to the stored actor
    assert rows[5]["published"] is None and rows[5]["source"] == "unknown"


def test_claim_row_keys_and_order(stored) -> None:
    conn, builders, ids = stored
    rows = claims(conn)
    assert CLAIM_COLUMNS == ("claim_id", "speaker", "cue", "kind", "text", "said_on", "reported_by",
                             "article_id", "title", "source", "url", "published", "start", "end", "status")
    assert all(tuple(row) == CLAIM_COLUMNS for row in rows)
    assert [r["article_id"] for r in rows] == [ids["a2"]] * 3 + [ids["a4"]] + [ids["a1"]] * 3 + [ids["a3"]]
    assert [r["claim_id"] for r in rows[:3]] == sorted(r["claim_id"] for r in rows[:3])
    assert [r["speaker"] for r in rows[:3]] == ["a spokesperson", "Clara Jensen", "She"]
    text = builders["a2"].text
    assert all(text[r["start"]:r["end"]] == r["text"] for r in rows[:3])
    assert rows[1]["cue"] == "told reporters" and rows[1]["published"] == "2024-04-02"


@pytest.mark.parametrize("name", ["Jensen", "JENSEN", "clara jensen", "  Clara   Jensen "])
def test_actor_filter_matches_any_alias_case_insensitively(stored, name: str) -> None:
    conn, _, ids = stored
    assert [(r["article_id"], r["cue"]) for r in claims(conn, actor=name)] == [
        (ids["a2"], "told reporters"), (ids["a1"], "said"), (ids["a1"], "added")]
    assert [r["text"] for r in figures(conn, actor=name)] == ["3.5 percent", "about 1,200 residents"]


@pytest.mark.parametrize("name", ["Clara", "Jens", "%", "Jensen%", "_ensen", "*"])
def test_actor_filter_is_exact_never_a_pattern(stored, name: str) -> None:
    conn, _, _ = stored
    assert claims(conn, actor=name) == [] and figures(conn, actor=name) == []


def test_source_filter_by_outlet_name_or_domain(stored) -> None:
    conn, _, ids = stored
    assert {r["article_id"] for r in claims(conn, source="coastline WIRE")} == {ids["a2"], ids["a4"]}
    assert {r["article_id"] for r in figures(conn, source="harbour gazette")} == {ids["a1"]}
    assert {r["article_id"] for r in figures(conn, source="The Harbour Gazette")} == {ids["a1"]}
    assert {r["article_id"] for r in figures(conn, source="harbour-gazette.example")} == {ids["a1"]}
    assert {r["article_id"] for r in claims(conn, source="unknown")} == {ids["a3"]}
    assert claims(conn, source="Coastline") == []
    assert source_hint(conn, Filters(source="Coastline")) == "no source named 'Coastline'; closest: Coastline Wire"
    assert source_hint(conn, Filters(source="Harbor Gazete")) == (
        "no source named 'Harbor Gazete'; closest: The Harbour Gazette")
    assert source_hint(conn, Filters(source="harbour gazette")) is None
    assert source_hint(conn, Filters(source="zzz")) == "no source named 'zzz'; `facttrack sources` lists them"


def test_since_until_on_publication_date(stored) -> None:
    conn, _, ids = stored
    assert {r["article_id"] for r in figures(conn, since=date(2024, 3, 20))} == {ids["a2"], ids["a4"]}
    assert {r["article_id"] for r in claims(conn, until=date(2024, 3, 20))} == {ids["a1"], ids["a4"]}
    assert {r["article_id"] for r in claims(conn, since=date(2024, 3, 10), until=date(2024, 3, 10))} == {
        ids["a1"]}
    assert figures(conn, since=date(2024, 5, 1)) == []


def test_metric_filter_and_unknown_metric(stored) -> None:
    conn, _, ids = stored
    assert [r["text"] for r in figures(conn, metric="killed")] == ["Five fishermen", "17 bodies"]
    assert [r["text"] for r in figures(conn, metric="injured", source="harbour gazette")] == [
        "at least 42 people"]
    assert [r["article_id"] for r in claims(conn, metric="money")] == [ids["a2"]]
    with pytest.raises(QueryError) as info:
        figure_rows(conn, Filters(metric="deaths"))
    message = str(info.value)
    assert "deaths" in message and all(metric in message for metric in METRICS) and "\n" not in message


@pytest.mark.parametrize(("search", "expected"), [
    ("ceasefire", ["the ceasefire between the two river councils was holding",
                   "The ceasefire talks resumed on Friday"]),
    ("cease", ["a cease order from the Élysée would follow"]),       # whole words: not "ceasefire"
    ("CEASE Order", ["a cease order from the Élysée would follow"]),  # case-insensitive, all words
    ("cease talks", []),
    ("elysee", ["a cease order from the Élysée would follow"]),      # accents ignored on both backends
    ("ÉLYSÉE", ["a cease order from the Élysée would follow"]),
    ("repairs", ["the repairs would cost $2 million"]),
    ("repair", []),                                                   # no stemming
    ("3.5", ["3.5 percent of homes still lacked power"]),
    ("ceasefire AND talks", []),                                      # AND is a word, not an operator
    ("ceasefire OR cease", []),
    ('"ceasefire', ["the ceasefire between the two river councils was holding",
                    "The ceasefire talks resumed on Friday"]),
    ("ceasefire*", ["the ceasefire between the two river councils was holding",
                    "The ceasefire talks resumed on Friday"]),
    ("NEAR(cease order)", []),                                        # "near" is a word to find too
    ("cease-order", ["a cease order from the Élysée would follow"]),  # punctuation separates words
    ("Élysée's order", []),
    ("text:cease", []),
])
def test_search_whole_words_same_on_both_backends(stored, search: str, expected: list[str]) -> None:
    conn, _, _ = stored
    assert [r["text"] for r in claims(conn, search=search)] == expected


@pytest.mark.parametrize("search", ['"', "*", "AND", "(", ")", "'", "-", "^", ":", "NOT", "OR", "NEAR",
                                    '"" ""', "a'b", "x AND (y", "-cease", "+cease", "cease\\", "%", "_",
                                    "\x00", "🌊", "cease\" OR \"x", "{col}:x", "ce*se"])
def test_hostile_search_text_never_raises_a_database_error(stored, search: str) -> None:
    conn, _, _ = stored
    try:
        rows = claims(conn, search=search)
    except QueryError as exc:  # only for text without any word: a clear one-line message
        assert "\n" not in str(exc)
    else:
        assert isinstance(rows, list)


def test_search_with_no_words_explains(stored) -> None:
    conn, _, _ = stored
    with pytest.raises(QueryError, match="no words"):
        claim_rows(conn, Filters(search=" *** "))


def test_figures_search_through_their_claim(stored) -> None:
    conn, _, _ = stored
    assert [r["text"] for r in figures(conn, search="repairs")] == ["$2 million"]


def test_limit_and_streaming(stored) -> None:
    conn, _, _ = stored
    rows = figure_rows(conn, Filters(limit=2))
    assert iter(rows) is rows  # an iterator, not a list
    assert [r["text"] for r in rows] == ["3.5 percent", "$2 million"]
    assert claims(conn, limit=0) == []
    with pytest.raises(QueryError):
        claim_rows(conn, Filters(limit=-1))


@pytest.mark.parametrize("csv", [False, True], ids=["dicts", "csv-cells"])
def test_a_database_error_while_rows_stream_is_one_line(db_path, csv: bool) -> None:
    """SQLite rows are read from the driver's cursor: its errors still become the one-line DatabaseError."""
    engine = open_database(str(db_path))
    for builder in corpus().values():
        ingest_extraction(engine, builder.build())
    try:
        with engine.connect() as conn:
            rows = figure_csv(conn, Filters()) if csv else figure_rows(conn, Filters(), order="stored")
            next(rows)
            driver = conn.connection.driver_connection
            driver.set_progress_handler(lambda: 1, 1)  # interrupt SQLite's next step
            with pytest.raises(DatabaseError, match="interrupted") as info:
                list(rows)
            driver.set_progress_handler(None, 1)
            assert "\n" not in str(info.value)
    finally:
        engine.dispose()


def test_source_rows(stored) -> None:
    conn, _, _ = stored
    rows = list(source_rows(conn))
    assert all(tuple(r) == SOURCE_COLUMNS for r in rows)
    assert [(r["name"], r["domain"], r["articles"]) for r in rows] == [
        ("Coastline Wire", "coastline.example", 2), ("The Harbour Gazette", "harbour-gazette.example", 1),
        ("unknown", None, 1)]


def test_article_rows(stored) -> None:
    conn, _, ids = stored
    rows = list(article_rows(conn, Filters()))
    assert all(tuple(r) == ARTICLE_COLUMNS for r in rows)
    assert [(r["id"], r["figures"], r["claims"]) for r in rows] == [
        (ids["a2"], 2, 3), (ids["a4"], 1, 1), (ids["a1"], 2, 3), (ids["a3"], 1, 1)]
    assert rows[0]["published"] == "2024-04-02" and rows[0]["source"] == "Coastline Wire"
    assert [r["id"] for r in article_rows(conn, Filters(actor="jensen"))] == [ids["a2"], ids["a1"]]
    assert [r["id"] for r in article_rows(conn, Filters(search="ceasefire"))] == [ids["a1"], ids["a3"]]
    assert [r["id"] for r in article_rows(conn, Filters(metric="killed", source="coastline wire"))] == [
        ids["a4"]]


def test_actor_rows(stored) -> None:
    conn, _, _ = stored
    rows = list(actor_rows(conn, Filters()))
    assert all(tuple(r) == ACTOR_COLUMNS for r in rows)
    by_name = {r["name"]: r for r in rows}
    assert sorted(by_name, key=str.casefold) == [
        "a spokesperson", "Clara Jensen", "coast guard", "Regional health officials", "valley council"]
    jensen = by_name["Clara Jensen"]
    assert (jensen["kind"], jensen["title"], jensen["aliases"], jensen["claims"], jensen["figures"]) == (
        "person", "Mayor", ["Clara Jensen", "Jensen"], 3, 2)
    assert [r["name"] for r in actor_rows(conn, Filters(actor="JENSEN"))] == ["Clara Jensen"]
    assert [r["name"] for r in actor_rows(conn, Filters(search="jensen"))] == ["Clara Jensen"]
    assert [r["name"] for r in actor_rows(conn, Filters(search="council"))] == ["valley council"]
    assert list(actor_rows(conn, Filters(search="jens"))) == []
    assert [r["name"] for r in actor_rows(conn, Filters(source="coastline wire"))] == [
        "a spokesperson", "Clara Jensen", "coast guard"]


def test_article_detail(stored) -> None:
    conn, builders, ids = stored
    detail = article_detail(conn, ids["a1"])
    assert detail is not None
    article = detail["article"]
    assert (article["id"], article["title"], article["source"], article["published"], article["tags"]) == (
        ids["a1"], "Floods reach the harbour", "The Harbour Gazette", "2024-03-10", ["floods"])
    assert article["text"] == builders["a1"].text
    assert [f["text"] for f in detail["figures"]] == ["about 1,200 residents", "at least 42 people"]
    assert all(tuple(f) == FIGURE_COLUMNS + FIGURE_EXTRA for f in detail["figures"])
    assert [c["speaker"] for c in detail["claims"]] == ["Clara Jensen", "Clara Jensen",
                                                       "Regional health officials"]
    assert article_detail(conn, 999_999) is None
