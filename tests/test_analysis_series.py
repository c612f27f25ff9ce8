"""Series order, the plot's data (not its pixels) and the plot file, and --plot without matplotlib."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from facttrack.analysis.series import LOWER, POINT, RANGE, UPPER, draw, plot_data, series_date, series_order
from facttrack.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def row(fid: int, value: float, who: str | None, published: str | None, refers: tuple[Any, Any] = (None, None),
        qualifier: str = "exactly", value_max: float | None = None, source: str = "Wire") -> dict[str, Any]:
    return {"figure_id": fid, "value": value, "value_max": value_max, "qualifier": qualifier, "attributed_to": who,
            "source": source, "published": published, "refers_start": refers[0], "refers_end": refers[1]}


ROWS = [
    row(1, 42, "ministry", None),                                            # undated: last
    row(2, 47, "ministry", "2024-04-08", ("2024-04-01", "2024-04-07"), "at_least"),
    row(3, 60, "officials", "2024-04-09"),
    row(4, 51, None, "2024-04-10", ("2024-04-10", "2024-04-10"), source="Courier"),
    row(5, 20, "agency", "2024-04-02", ("2024-03", None), "range", 30),   # March: before everything
    row(6, 80, "agency", "2024-04-09", qualifier="up_to"),
]


def test_series_order_is_the_date_referred_to_else_published() -> None:
    assert series_date(ROWS[1]) == date(2024, 4, 7)
    assert series_date(ROWS[4]) == date(2024, 3, 1)
    assert [r["figure_id"] for r in sorted(ROWS, key=series_order)] == [5, 2, 3, 6, 4, 1]


def test_plot_data_has_one_track_per_source_with_bounds_as_bounds() -> None:
    data = plot_data(sorted(ROWS, key=series_order), title="killed")
    tracks = {t.label: t for t in data.tracks}
    assert list(tracks) == ["agency", "ministry", "officials", "Courier"]  # first appearance order
    assert tracks["agency"].shapes == [RANGE, UPPER] and tracks["agency"].highs == [30, 80]
    assert tracks["ministry"].shapes == [LOWER] and tracks["ministry"].figure_ids == [2]  # undated 1 left out
    assert tracks["Courier"].shapes == [POINT] and tracks["Courier"].dates == [date(2024, 4, 10)]


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_draw_writes_the_file(tmp_path: Path, suffix: str, magic: bytes) -> None:
    pytest.importorskip("matplotlib")
    target = tmp_path / f"plot{suffix}"
    draw(plot_data(sorted(ROWS, key=series_order), title="killed in Valdoria"), str(target))
    content = target.read_bytes()
    assert content.startswith(magic)
    if suffix == ".svg":
        for label in ("agency", "ministry", "officials", "Courier", "killed in Valdoria"):
            assert label.encode() in content


@pytest.fixture
def samples(tmp_path: Path) -> str:
    db = str(tmp_path / "f.db")
    assert runner.invoke(app, ["ingest", str(ROOT / "data"), "--db", db]).exit_code == 0
    return db


def test_series_command_orders_rows_and_plots_every_one(samples: str, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = runner.invoke(app, ["series", "--metric", "killed", "--format", "json", "--db", samples,
                              "--plot", str(tmp_path / "s.svg")])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout)
    assert rows and list(rows[0]) == ["figure_id", "published", "refers_start", "refers_end", "value", "value_max",
                                      "qualifier", "metric", "place", "counted", "attributed_to", "source",
                                      "status", "sentence", "url"]
    assert [r["figure_id"] for r in rows] == [r["figure_id"] for r in sorted(rows, key=series_order)]
    assert f"plotted {len(rows)} figures" in out.stderr and (tmp_path / "s.svg").stat().st_size > 0


def test_plot_without_matplotlib_says_how_to_install_it(samples: str, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    out = runner.invoke(app, ["series", "--db", samples, "--plot", str(tmp_path / "s.png")])
    assert out.exit_code == 1
    assert out.stderr.strip().splitlines()[-1] == "error: --plot needs matplotlib: pip install 'facttrack[plot]'"
    assert not (tmp_path / "s.png").exists()


def test_plot_file_must_be_png_or_svg(samples: str) -> None:
    out = runner.invoke(app, ["series", "--db", samples, "--plot", "x.gif"])
    assert out.exit_code == 2 and "png or .svg" in out.output


def test_bundled_data_shows_a_conflict_and_a_decrease(samples: str) -> None:
    out = runner.invoke(app, ["discrepancies", "--format", "json", "--db", samples])
    assert out.exit_code == 0, out.output
    found = {(d["kind"], d["a_value"], d["b_value"]) for d in json.loads(out.stdout)}
    assert ("decrease", 51, 49) in found
    assert any(kind == "conflict" for kind, _, _ in found)
