"""Datasette out of the box: a real Datasette server on 127.0.0.1, started by the test against a
database the tests build with the real CLI, with the metadata `facttrack datasette-metadata` writes;
checked through its JSON API (a search, a view, a label, facets)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from facttrack.cli import app

pytest.importorskip("datasette", reason="datasette is a test dependency: pip install '.[test]'")

DATA = Path(__file__).resolve().parents[1] / "data"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def datasette(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("datasette")
    db = folder / "facttrack.db"
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(DATA), "--db", str(db)])
    assert result.exit_code == 0, result.output
    meta = folder / "metadata.json"
    result = runner.invoke(app, ["datasette-metadata", "-o", str(meta), "--db", str(db)])
    assert result.exit_code == 0, result.output
    port = free_port()
    log = open(folder / "datasette.log", "wb")  # noqa: SIM115 - closed after the server stops
    server = subprocess.Popen([sys.executable, "-m", "datasette", "serve", str(db), "-m", str(meta),
                               "--host", "127.0.0.1", "--port", str(port)],
                              stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("datasette did not start: " + (folder / "datasette.log").read_text())
                time.sleep(0.2)
        yield f"{base}/facttrack"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def get(url: str, **params: str) -> Any:
    with urllib.request.urlopen(f"{url}?{urllib.parse.urlencode(params)}", timeout=30) as response:
        return json.load(response)


def test_search_on_claims_and_articles(datasette: str) -> None:
    every = get(f"{datasette}/claims.json", _shape="array", _size="max")
    found = get(f"{datasette}/claims.json", _search="killed", _shape="array", _size="max")
    assert 0 < len(found) < len(every)  # before migration 0006, every row came back
    assert all("killed" in row["text"].lower() for row in found)
    articles = get(f"{datasette}/articles.json", _search="shelters", _shape="array")
    assert articles and all("shelter" in (row["text"] + row["title"]).lower() for row in articles)
    view = get(f"{datasette}/claims_view.json", _search="killed", _shape="array", _size="max")
    assert sorted(r["id"] for r in view) == sorted(r["id"] for r in found)


def test_figures_view(datasette: str) -> None:
    page = get(f"{datasette}/figures_view.json", _size="max")
    columns = page["columns"]
    assert columns[:14] == ["id", "value", "value_max", "qualifier", "metric", "place", "counted", "unit",
                            "attributed_to", "reported_by", "source", "published", "title", "url"]
    assert columns.index("start") > columns.index("sentence")  # offsets last
    rows = [dict(zip(columns, row, strict=True)) for row in page["rows"]]
    assert rows and all(isinstance(r["value"], int) for r in rows if float(r["value"]).is_integer())
    assert {"metric", "qualifier", "source", "attributed_to"} <= set(page["facet_results"])
    dates = [r["published"] for r in rows if r["published"]]
    assert dates == sorted(dates, reverse=True)  # the metadata's sort order


def test_labels(datasette: str) -> None:
    rows = get(f"{datasette}/claims.json", _labels="on", _shape="array", _size="5")
    titles = {r["title"] for r in get(f"{datasette}/articles.json", _shape="array", _size="max")}
    assert rows and all(r["article_id"]["label"] in titles for r in rows)
    with_speaker = [r for r in rows if r["speaker_id"]]
    assert with_speaker and all(isinstance(r["speaker_id"]["label"], str) for r in with_speaker)


def test_metadata_command(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["datasette-metadata", "--db", str(tmp_path / "news.db")])
    assert result.exit_code == 0, result.output
    meta = json.loads(result.stdout)
    tables = meta["databases"]["news"]["tables"]
    assert tables["figures_view"]["facets"] == ["metric", "qualifier", "source", "attributed_to"]
    assert tables["articles"]["label_column"] == "title"
    assert (meta["license"], meta["source"]) == ("", "")  # left for the user
    assert set(tables["figures_view"]["columns"]) >= {"value", "attributed_to", "sentence", "start"}


def test_views_on_both_backends(db_url: str) -> None:
    """figures_view and claims_view exist on SQLite and PostgreSQL alike, whole values shown whole."""
    import sqlalchemy as sa

    from facttrack.db.engine import open_database

    result = CliRunner().invoke(app, ["ingest", str(DATA), "--db", db_url])
    assert result.exit_code == 0, result.output
    engine = open_database(db_url, create=False)
    try:
        with engine.connect() as conn:
            values = conn.execute(sa.text("SELECT value, metric, source, sentence FROM figures_view")).all()
            claims = conn.execute(sa.text("SELECT speaker, text, source FROM claims_view")).all()
    finally:
        engine.dispose()
    assert values and claims
    assert all(str(v.value) == str(int(v.value)) for v in values if float(v.value).is_integer())
    assert all(v.source and v.sentence for v in values)
