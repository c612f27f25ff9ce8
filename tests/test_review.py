"""Review with an audit trail, corrected values everywhere, and re-extraction that keeps reviews: through
the real command, on a SQLite file and on PostgreSQL (db_url)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from facttrack.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def ok(*args: object) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def rows(*args: object) -> list[dict]:
    return json.loads(ok(*args, "--format", "json"))


@pytest.fixture
def db(db_url: str) -> str:
    result = run("ingest", ROOT / "data", "--db", db_url)
    assert result.exit_code == 0, result.output
    return db_url


def killed(db: str) -> dict:
    return min(rows("figures", "--metric", "killed", "--db", db), key=lambda r: r["figure_id"])


def engine_for(db: str) -> sa.Engine:
    return sa.create_engine(db if "://" in db else f"sqlite:///{db}")


def test_review_corrects_listings_exports_and_keeps_a_history(db: str) -> None:
    fig = killed(db)
    out = run("review", "figure", fig["figure_id"], "--status", "disputed", "--set", "value=99",
              "--set", "place=Keldra", "--note", "count differs from the bulletin", "--by", "ana", "--db", db)
    assert out.exit_code == 0, out.output
    assert f"figure {fig['figure_id']}: disputed (3 changes recorded)" in out.stderr
    run("review", "figure", fig["figure_id"], "--status", "verified", "--set", "value=98", "--by", "bo", "--db", db)
    history = rows("history", "figure", fig["figure_id"], "--db", db)
    assert [(h["by"], h["field"], h["before"], h["after"], h["status"]) for h in history] == [
        ("ana", "value", fig["value"], 99, "disputed"),
        ("ana", "place", fig["place"], "Keldra", "disputed"),
        ("ana", "status", "unreviewed", "disputed", "disputed"),
        ("bo", "value", 99, 98, "verified"),
        ("bo", "status", "disputed", "verified", "verified"),
    ]
    assert history[0]["note"] == "count differs from the bulletin" and history[0]["at"]
    listed = {r["figure_id"]: r for r in rows("figures", "--db", db)}
    assert (listed[fig["figure_id"]]["value"], listed[fig["figure_id"]]["place"],
            listed[fig["figure_id"]]["status"]) == (98, "Keldra", "verified")
    assert [r["figure_id"] for r in rows("figures", "--status", "verified", "--db", db)] == [fig["figure_id"]]
    assert [r["figure_id"] for r in rows("figures", "--place", "keldra", "--db", db)] == [fig["figure_id"]]
    exported = list(csv.DictReader(io.StringIO(ok("export", "figures", "--db", db), newline="")))
    mine = next(r for r in exported if r["figure_id"] == str(fig["figure_id"]))
    assert (mine["value"], mine["place"], mine["status"]) == ("98", "Keldra", "verified")
    assert list(exported[0])[-2:] == ["place", "status"]
    assert all(r["status"] == "unreviewed" for r in exported if r is not mine)


def test_rejected_figures_leave_series_and_discrepancies_unless_asked(db: str) -> None:
    conflicts = rows("discrepancies", "--db", db)
    assert conflicts and conflicts[0]["kind"] == "conflict"
    rejected = conflicts[0]["a_figure_id"]
    ok("review", "figure", rejected, "--status", "rejected", "--db", db)
    assert rejected not in {r["figure_id"] for r in rows("series", "--db", db)}
    assert rejected in {r["figure_id"] for r in rows("series", "--status", "rejected", "--db", db)}
    assert all(rejected not in (d["a_figure_id"], d["b_figure_id"]) for d in rows("discrepancies", "--db", db))


def test_claim_review_and_actor_filter_follow_the_correction(db: str) -> None:
    claim = rows("claims", "--db", db)[0]
    ok("review", "claim", claim["claim_id"], "--status", "verified", "--set", "speaker=Mara Linde", "--db", db)
    found = rows("claims", "--actor", "Linde", "--db", db)
    assert claim["claim_id"] in {c["claim_id"] for c in found}
    mine = next(c for c in found if c["claim_id"] == claim["claim_id"])
    assert (mine["speaker"], mine["status"]) == ("Mara Linde", "verified")


@pytest.mark.parametrize("args, message", [
    (["figure", 999999, "--status", "verified"], "no figure with id 999999"),
    (["claim", 1, "--set", "value=3"], "--set 'value=3': use FIELD=VALUE with FIELD one of speaker"),
    (["figure", 1, "--set", "value=lots"], "not a number"),
    (["figure", 1, "--set", "metric=deaths"], "metric='deaths'"),
    (["figure", 1], "nothing to record"),
])
def test_review_mistakes_are_one_line(db: str, args: list[object], message: str) -> None:
    out = run("review", *args, "--db", db)
    assert out.exit_code == 1 and out.stderr.count("\n") == 1 and message in out.stderr, out.output


def test_reextract_keeps_reviews_and_is_idempotent(db: str) -> None:
    figures = rows("figures", "--db", db)
    reviewed = killed(db)
    ok("review", "figure", reviewed["figure_id"], "--status", "verified", "--set", "value=50", "--by", "ana",
       "--db", db)
    # what older rules left behind: a figure the current rules do not find (reviewed, so it must stay),
    # one they do not find either (unreviewed: it must go), and a stale machine value on a reviewed figure
    engine = engine_for(db)
    try:
        with engine.begin() as conn:
            me = {"i": reviewed["figure_id"]}
            conn.execute(sa.text("UPDATE figures SET counted = 'old words' WHERE id = :i"), me)
            names = [c["name"] for c in sa.inspect(conn).get_columns("figures") if c["name"] != "id"]
            for start in (9000, 9100):
                chosen = ", ".join(str(start) if n == "start" else f'"{n}"' for n in names)
                into = ", ".join(f'"{n}"' for n in names)
                conn.execute(sa.text(f"INSERT INTO figures ({into}) SELECT {chosen} FROM figures WHERE id = :i"), me)
            ghost, stale = conn.execute(sa.text("SELECT id FROM figures WHERE start IN (9000, 9100) ORDER BY start")
                                        ).scalars().all()
    finally:
        engine.dispose()
    ok("review", "figure", ghost, "--status", "disputed", "--db", db)

    first = json.loads(ok("reextract", "--all", "--format", "json", "--db", db))
    assert first["kept"] == [f"figure {ghost} (article {reviewed['article_id']})"]
    assert first["removed"] == 1 and first["updated"] >= 1 and first["articles"] == 7
    after = {r["figure_id"]: r for r in rows("figures", "--db", db)}
    assert stale not in after and ghost in after and after[ghost]["status"] == "disputed"
    kept = after[reviewed["figure_id"]]  # the same item: its review re-attached, the machine value refreshed
    assert (kept["value"], kept["status"], kept["counted"]) == (50, "verified", reviewed["counted"])
    assert len(after) == len(figures) + 1
    history = rows("history", "figure", reviewed["figure_id"], "--db", db)
    assert history[-1]["by"] == "facttrack reextract" and history[-1]["field"] == "counted"

    second = json.loads(ok("reextract", "--all", "--format", "json", "--db", db))
    assert (second["added"], second["updated"], second["removed"]) == (0, 0, 0)
    assert {r["figure_id"]: r for r in rows("figures", "--db", db)} == after
    assert len(rows("history", "figure", reviewed["figure_id"], "--db", db)) == len(history)


def test_reextract_needs_articles_or_all(db: str) -> None:
    assert run("reextract", "--db", db).exit_code == 2
    out = run("reextract", "424242", "--db", db)
    assert out.exit_code == 1 and "no article with id 424242" in out.stderr
    assert json.loads(ok("reextract", "1", "--format", "json", "--db", db))["articles"] == 1
