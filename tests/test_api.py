"""The Python API (facttrack.extract_text, read, open): the README's example runs as written, the
listings take the CLI's filters and agree with the CLI, errors are the library's one-line errors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import facttrack
from facttrack.cli import app
from facttrack.db.query import FIGURE_COLUMNS
from facttrack.errors import DatabaseError, InputError, QueryError

ROOT = Path(__file__).resolve().parents[1]


def test_readme_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pandas", reason="the example ends with to_pandas(): pandas is in the test extra")
    code = re.search(r"### Python API.*?```python\n(.*?)```", (ROOT / "README.md").read_text("utf-8"), re.S)
    assert code is not None, "README has a Python API example"
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    exec(compile(code.group(1), "README.md", "exec"), {})  # noqa: S102 - the README's own example
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "12.0 at_least killed the fire service"
    assert out[2].startswith("7 new, 0 skipped, 0 failed")  # the seven articles of data/
    assert (tmp_path / "facttrack.db").exists()


def test_import_is_lazy() -> None:
    code = ("import sys, facttrack; print('facttrack.api' in sys.modules); facttrack.open; "
            "print('facttrack.api' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.split() == ["False", "True"], proc.stderr


def test_listings_match_the_cli(tmp_path: Path) -> None:
    db_path = tmp_path / "f.db"
    with facttrack.open(str(db_path)) as db:
        summary = db.ingest([str(ROOT / "data")])
        assert summary.new == 7 and summary.failed == 0
        rows = db.figures(metric="killed", since="2024-04-01")
        assert rows and rows.columns == FIGURE_COLUMNS
        assert {r["metric"] for r in rows} == {"killed"}
        claims = db.claims(search="floods", limit=2)
        assert 0 < len(claims) <= 2
        assert db.sources() and db.articles(limit=1) and db.actors(limit=3)
        with pytest.raises(QueryError, match="not a date"):
            db.figures(since="yesterday")
        with pytest.raises(QueryError):
            db.figures(metric="weather")
        series = db.series(metric="killed")
        assert series and [r["metric"] for r in series] == ["killed"] * len(series)
        assert {r["kind"] for r in db.discrepancies(metric="killed")} >= {"conflict", "decrease"}
    cli = CliRunner().invoke(app, ["figures", "--metric", "killed", "--since", "2024-04-01", "--format", "json",
                                   "--db", str(db_path)])
    assert json.loads(cli.stdout) == list(rows)


def test_read_and_extract_text(tmp_path: Path) -> None:
    docs = facttrack.read(str(ROOT / "data"))
    assert len(docs) == 7 and all(d.language == "en" for d in docs)
    with pytest.raises(InputError, match="no such file or directory"):
        facttrack.read(str(tmp_path / "missing.html"))
    german = facttrack.extract_text("Rund 3.000 Menschen mussten ihre Häuser verlassen, teilte die Polizei am "
                                    "Sonntag mit.")
    assert german.document.language == "de" and german.figures == ()
    english = facttrack.extract_text("Police said 23 people were arrested on Sunday.", published="2024-05-07")
    assert [f.value for f in english.figures] == [23]
    with pytest.raises(InputError):
        facttrack.extract_text("   ")


def test_open_without_create(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError):
        facttrack.open(str(tmp_path / "none.db"), create=False)
    assert not (tmp_path / "none.db").exists()
