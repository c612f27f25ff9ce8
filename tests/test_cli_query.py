"""Query, show and export through the real command, on a SQLite file and on PostgreSQL (db_url)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from facttrack.cli import app

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
runner = CliRunner()

# Design section 6: fixed interfaces, spelled out here on purpose (not imported from the code).
FIGURE_HEADER = ["figure_id", "value", "value_max", "qualifier", "metric", "counted", "unit", "text",
                 "hedged", "attributed_to", "attribution_text", "reported_by", "refers_start",
                 "refers_end", "article_id", "title", "source", "url", "published", "sentence",
                 "start", "end", "place", "status"]
CLAIM_HEADER = ["claim_id", "speaker", "cue", "kind", "text", "said_on", "reported_by", "article_id",
                "title", "source", "url", "published", "start", "end", "status"]
TITLES = {
    "Floods in northern Valdoria leave dozens dead as rivers keep rising",
    "Shelters in Keldra fill up as flood waters spread",
    "Death toll from Valdoria floods climbs, ministry says",
    "Officials dispute flood figures as water recedes",
    "Government pledges flood aid for farmers",
    "Valdoria flood toll rises to 51 as searches go on",
    "Ministry lowers Valdoria flood toll after double count",
}


def run(*args: object, input: str | None = None):  # noqa: A002
    return runner.invoke(app, [str(a) for a in args], input=input)


def ok(*args: object) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def as_json(*args: object) -> list[dict]:
    data = json.loads(ok(*args, "--format", "json"))
    assert isinstance(data, list)
    return data


def as_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.fixture
def samples(db_url: str) -> str:
    """A database holding the bundled data/ articles."""
    result = run("ingest", DATA, "--db", db_url)
    assert result.exit_code == 0, result.output
    return db_url


def extraction_landed() -> bool:
    from facttrack.document import Document
    from facttrack.extract import extract

    return bool(extract(Document(text="At least 12 people were killed, the ministry said.")).figures)


needs_extraction = pytest.mark.skipif(not extraction_landed(),
                                      reason="extraction not landed yet (stub returns no figures)")


def test_articles_and_filters(samples: str) -> None:
    rows = as_json("articles", "--db", samples)
    assert {r["title"] for r in rows} == TITLES
    assert [r["title"] for r in as_json("articles", "--source", "northern WIRE", "--db", samples)] == [
        "Valdoria flood toll rises to 51 as searches go on", "Death toll from Valdoria floods climbs, ministry says"]
    since = {r["published"] for r in as_json("articles", "--since", "2024-04-09", "--db", samples)}
    assert since == {"2024-04-09", "2024-04-10", "2024-04-11", "2024-04-12"}
    until = as_json("articles", "--until", "2024-04-08", "--db", samples)
    assert [r["published"] for r in until] == ["2024-04-08"]
    assert len(as_json("articles", "--limit", "2", "--db", samples)) == 2
    assert as_json("articles", "--source", "Nobody Weekly", "--db", samples) == []


def test_sources(samples: str) -> None:
    names = {r.get("name") or r.get("source") for r in as_json("sources", "--db", samples)}
    assert {"Northern Wire", "Valdoria Today", "Radio Oster", "The Keldra Courier"} <= names
    assert len(as_json("sources", "--limit", "1", "--db", samples)) == 1


def test_csv_listing_and_table(samples: str) -> None:
    rows = as_csv(ok("articles", "--format", "csv", "--db", samples))
    assert len(rows) == 1 + len(TITLES)
    table = ok("articles", "--db", samples)
    assert "Radio Oster" in table and "Government pledges flood aid" in table


def test_figures_and_claims_empty_listings_are_valid(samples: str) -> None:
    for command in ("figures", "claims", "actors"):
        assert isinstance(as_json(command, "--db", samples), list)
    empty = run("figures", "--metric", "votes", "--db", samples)
    assert empty.exit_code == 0 and empty.stdout == ""
    assert "no figures" in empty.stderr


def test_figures_csv_header_is_design_section_6(samples: str) -> None:
    rows = as_csv(ok("figures", "--format", "csv", "--db", samples))
    assert rows[0] == FIGURE_HEADER
    assert all(len(r) == len(FIGURE_HEADER) for r in rows)


@pytest.mark.parametrize("kind, header", [("figures", FIGURE_HEADER), ("claims", CLAIM_HEADER)])
def test_export_csv_header_and_rows(samples: str, kind: str, header: list[str]) -> None:
    rows = as_csv(ok("export", kind, "--db", samples))
    assert rows[0] == header
    assert all(len(r) == len(header) for r in rows[1:])
    listed = as_json(kind, "--db", samples)
    assert len(rows) - 1 == len(listed)


@pytest.mark.parametrize("kind, header", [("figures", FIGURE_HEADER), ("claims", CLAIM_HEADER)])
def test_export_jsonl(samples: str, kind: str, header: list[str]) -> None:
    out = ok("export", kind, "--format", "jsonl", "--db", samples)
    for line in out.splitlines():
        assert list(json.loads(line)) == header


def test_export_to_file_atomically(samples: str, tmp_path: Path) -> None:
    target = tmp_path / "out" / "figures.csv"
    target.parent.mkdir()
    target.write_text("old content\n", encoding="utf-8")
    result = run("export", "figures", "-o", target, "--db", samples)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "figures.csv" in result.stderr
    assert as_csv(target.read_text(encoding="utf-8"))[0] == FIGURE_HEADER
    assert sorted(p.name for p in target.parent.iterdir()) == ["figures.csv"], "no temporary file left"


def test_export_to_missing_folder_is_one_line(samples: str, tmp_path: Path) -> None:
    result = run("export", "claims", "-o", tmp_path / "no" / "such" / "claims.csv", "--db", samples)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1


def test_show_article(samples: str) -> None:
    rows = as_json("articles", "--source", "Radio Oster", "--db", samples)
    article_id = rows[0].get("article_id", rows[0].get("id"))
    out = ok("show", article_id, "--db", samples)
    assert "Government pledges flood aid for farmers" in out
    assert "Radio Oster" in out and "https://radiooster.example/aid-pledge" in out
    assert "Finance Minister Petra Holm" in out


def test_show_unknown_article(samples: str) -> None:
    result = run("show", "999999", "--db", samples)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["error: no article with id 999999"]


HOSTILE = {"title": '=HYPERLINK("http://attacker.example","click")', "outlet": "@Prank Gazette",
           "published": "2024-06-01", "url": "https://prank.example/1",
           "text": "=SUM(A1) At least 12 people were killed in the blast, the interior ministry said on "
                   "Saturday."}
NUMERIC = {"figure_id", "claim_id", "value", "value_max", "article_id", "start", "end"}


def assert_no_formula_cells(rows: list[list[str]]) -> None:
    for row in rows[1:]:
        for name, cell in zip(rows[0], row, strict=True):
            if name not in NUMERIC:
                assert cell[:1] not in set("=+-@\t\r"), (name, cell)


@pytest.fixture
def hostile(db_url: str, tmp_path: Path) -> str:
    path = tmp_path / "hostile.jsonl"
    path.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    result = run("ingest", path, "--db", db_url)
    assert result.exit_code == 0, result.output
    return db_url


def test_listing_csv_neutralises_formulas(hostile: str) -> None:
    rows = as_csv(ok("articles", "--format", "csv", "--db", hostile))
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["title"] == "'" + HOSTILE["title"]
    assert cells["source"] == "'@Prank Gazette"
    assert_no_formula_cells(rows)


@needs_extraction
def test_export_neutralises_formulas_numbers_stay_numeric(hostile: str) -> None:
    rows = as_csv(ok("export", "figures", "--db", hostile))
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["title"] == "'" + HOSTILE["title"]
    assert cells["source"] == "'@Prank Gazette"
    assert cells["value"] == "12"
    assert cells["hedged"] == "false"
    assert int(cells["start"]) >= 0 and int(cells["article_id"]) >= 1
    assert cells["sentence"].startswith("'=SUM(A1) At least 12")
    assert_no_formula_cells(rows)
    claims = as_csv(ok("export", "claims", "--db", hostile))
    assert len(claims) > 1
    assert_no_formula_cells(claims)
    raw = as_csv(ok("export", "figures", "--raw", "--db", hostile))
    raw_cells = dict(zip(raw[0], raw[1], strict=True))
    assert raw_cells["title"] == HOSTILE["title"]
    assert raw_cells["sentence"].startswith("=SUM(A1)")


@needs_extraction
def test_figures_side_by_side(samples: str) -> None:
    killed = as_json("figures", "--metric", "killed", "--db", samples)
    by_source = {(r["source"], r["value"]) for r in killed}
    assert {("Northern Wire", 47), ("Valdoria Today", 60), ("The Keldra Courier", 51)} <= by_source
    assert 42 in {r["value"] for r in killed}
    wire = as_json("figures", "--metric", "killed", "--source", "Northern Wire", "--db", samples)
    assert [r["value"] for r in wire] == [51, 47]  # newest first
    recent = as_json("figures", "--since", "2024-04-10", "--db", samples)
    assert recent and all(r["published"] >= "2024-04-10" for r in recent)
    assert len(as_json("figures", "--limit", "1", "--db", samples)) == 1


@needs_extraction
def test_claims_by_actor_alias_and_search(samples: str) -> None:
    full = as_json("claims", "--actor", "Tomas Ferrec", "--db", samples)
    assert full, "the governor's claims"
    by_surname = as_json("claims", "--actor", "ferrec", "--db", samples)
    assert {r["claim_id"] for r in by_surname} == {r["claim_id"] for r in full}
    found = as_json("claims", "--search", "names", "--db", samples)
    assert any("names" in r["text"] for r in found)


@needs_extraction
def test_show_marks_figures(samples: str) -> None:
    rows = as_json("articles", "--source", "Northern Wire", "--db", samples)
    out = ok("show", rows[0].get("article_id", rows[0].get("id")), "--db", samples)
    assert "[F1]" in out and "figures (" in out


@needs_extraction
def test_actors_search_and_source(samples: str) -> None:
    found = as_json("actors", "--search", "linde", "--db", samples)
    assert [a["name"] for a in found] == ["Mara Linde"]
    assert "Linde" in found[0]["aliases"]
    oster = {a["name"] for a in as_json("actors", "--source", "Radio Oster", "--db", samples)}
    assert "Petra Holm" in oster and "Mara Linde" not in oster


# ------------------------------------------------------------------ search, article, hints, explain


def test_figures_search_matches_whole_words_of_the_sentence(samples: str) -> None:
    rows = as_json("figures", "--search", "refugee AGENCY", "--db", samples)
    assert rows and all({"refugee", "agency"} <= set(r["sentence"].lower().replace(",", " ").split())
                        for r in rows)
    assert as_json("figures", "--search", "refuge", "--db", samples) == []  # whole words only
    everything = as_json("figures", "--db", samples)
    expected = {r["figure_id"] for r in everything if "keldra" in re.findall(r"\w+", r["sentence"].lower())}
    assert expected
    assert {r["figure_id"] for r in as_json("figures", "--search", "keldra", "--db", samples)} == expected


def test_article_option_narrows_figures_and_claims(samples: str) -> None:
    articles = as_json("articles", "--db", samples)
    chosen = next(a for a in articles if a["figures"] and a["claims"])
    figures = as_json("figures", "--article", chosen["id"], "--db", samples)
    claims = as_json("claims", "--article", chosen["id"], "--db", samples)
    assert len(figures) == chosen["figures"] and {f["article_id"] for f in figures} == {chosen["id"]}
    assert len(claims) == chosen["claims"] and {c["article_id"] for c in claims} == {chosen["id"]}
    other = next(a for a in articles if a["id"] != chosen["id"] and a["figures"])
    both = as_json("figures", "--article", chosen["id"], "--article", other["id"], "--db", samples)
    assert len(both) == chosen["figures"] + other["figures"]


def test_unknown_source_prints_the_closest_outlet_names(samples: str) -> None:
    result = run("figures", "--source", "Nothern Wire", "--db", samples)
    assert result.exit_code == 0, result.output
    assert "no source named 'Nothern Wire'; closest: Northern Wire" in result.stderr
    result = run("export", "claims", "--source", "valdoria", "--db", samples)
    assert result.exit_code == 0 and "closest: Valdoria Today" in result.stderr
    assert as_csv(result.stdout) == [CLAIM_HEADER]


def test_figures_table_shows_each_figure_in_its_sentence(samples: str) -> None:
    table = ok("figures", "--metric", "killed", "--db", samples)
    assert "in_sentence" in table and "[60]" in table


def test_extract_table_explain_shows_the_evidence() -> None:
    plain = runner.invoke(app, ["extract", str(DATA / "valdoria-floods.txt"), "--format", "table"])
    explained = runner.invoke(app, ["extract", str(DATA / "valdoria-floods.txt"), "--format", "table",
                                    "--explain"])
    assert plain.exit_code == 0 and explained.exit_code == 0, explained.output
    assert "evidence" not in plain.stdout and "evidence" in explained.stdout and "rule" in explained.stdout


def test_help_points_at_documents_in_the_repository() -> None:
    for command in (["extract"], ["export", "figures"], ["export", "claims"], ["figures"]):
        text = runner.invoke(app, [*command, "--help"]).stdout
        assert "design" not in text.lower() and "section 4" not in text and "section 6" not in text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Extraction JSON" in readme or "### Extraction JSON" in readme
