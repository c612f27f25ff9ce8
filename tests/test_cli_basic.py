"""The command line without a database: help, version, option errors, `extract`, the README."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from facttrack import __version__
from facttrack.cli import Metric, app

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
runner = CliRunner()


def run(*args: str, input: str | bytes | None = None):  # noqa: A002 - CliRunner's own name
    return runner.invoke(app, [str(a) for a in args], input=input)


def command_paths() -> list[str]:
    """Every leaf command as typed after `facttrack` ("ingest", "db upgrade", "export figures")."""
    root = get_command(app)
    paths: list[str] = []

    def walk(cmd, prefix: str) -> None:
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, f"{prefix} {name}".strip())
        else:
            paths.append(prefix)

    walk(root, "")
    return paths


def test_every_command_is_documented_in_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paths = command_paths()
    assert {"ingest", "extract", "sources", "articles", "actors", "claims", "figures", "show",
            "db upgrade", "db current", "export figures", "export claims"} <= set(paths)
    missing = [p for p in paths if f"facttrack {p}" not in readme]
    assert not missing, f"commands missing from README.md: {missing}"


def test_readme_opens_with_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", readme, re.S)
    assert block, "README has no code block"
    before = readme[: block.start()]
    assert before.count("\n") <= 6, "the two commands come first"
    lines = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(lines) == 2
    assert "facttrack ingest data/" in lines[0] and "facttrack figures" in lines[0]
    assert "pip install" in lines[1] and "[test]" in lines[1] and "pytest" in lines[1]


def test_help_lists_commands() -> None:
    result = run("--help")
    assert result.exit_code == 0, result.output
    for name in ("ingest", "extract", "sources", "articles", "actors", "claims", "figures", "show",
                 "export", "db"):
        assert name in result.stdout


def test_no_arguments_shows_help() -> None:
    result = run()
    assert "Usage" in result.output


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"facttrack {__version__}"


def test_python_m_facttrack_help() -> None:
    proc = subprocess.run([sys.executable, "-m", "facttrack", "--help"], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "ingest" in proc.stdout and "export" in proc.stdout
    assert proc.stderr == ""


def test_cli_module_imports_nothing_heavy() -> None:
    """--help must stay fast: the CLI module may import only typer and the standard library."""
    code = ("import sys; import facttrack.cli; "
            "heavy = [m for m in ('sqlalchemy', 'alembic', 'dateparser', 'rich', 'facttrack.db', "
            "'facttrack.readers', 'facttrack.extract', 'facttrack.render', 'facttrack.api', 'trafilatura', "
            "'feedparser', 'py3langid', 'urllib3', 'numpy') if m in sys.modules]; "
            "print(','.join(heavy))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""


def test_metric_choices_match_the_model() -> None:
    from facttrack.extract.model import METRICS

    assert tuple(m.value for m in Metric) == METRICS


@pytest.mark.parametrize("args, allowed", [
    (["figures", "--metric", "deaths"], "killed"),
    (["figures", "--format", "xml"], "table"),
    (["export", "figures", "--format", "xlsx"], "jsonl"),
    (["extract", "x.txt", "--input-format", "pdf"], "html"),
])
def test_bad_choice_is_a_usage_error_listing_choices(args: list[str], allowed: str) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert allowed in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("option", ["--since", "--until"])
def test_impossible_date_is_a_usage_error(option: str) -> None:
    result = run("claims", option, "2024-13-45")
    assert result.exit_code == 2, result.output
    assert "2024-13-45" in result.stderr and "not a date" in result.stderr
    assert "Traceback" not in result.output


def test_impossible_published_date_on_ingest(tmp_path: Path) -> None:
    result = run("ingest", DATA / "valdoria-floods.txt", "--published", "2024-02-30",
                 "--db", tmp_path / "x.db")
    assert result.exit_code == 2
    assert "not a date" in result.stderr
    assert not (tmp_path / "x.db").exists()


# ------------------------------------------------------------------------------------------ extract

def test_extract_one_file_prints_one_object() -> None:
    result = run("extract", DATA / "valdoria-floods.txt")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    assert set(data) == {"article", "figures", "claims", "actors"}
    article = data["article"]
    assert list(article) == ["title", "tags", "published", "outlet", "url", "sha256", "text",  # the contract,
                             "language", "input_format", "origin", "retrieved"]  # then fields added at its end
    assert article["input_format"] == "txt" and article["origin"] == str(DATA / "valdoria-floods.txt")
    figure_keys = ["value", "value_max", "qualifier", "metric", "counted", "unit", "text", "start", "end",
                   "sentence_start", "sentence_end", "hedged", "attributed_to", "attribution_text", "reported_by",
                   "refers_to", "rule", "place"]  # the contract and place (issue 11), then (only when true)
    assert data["figures"]
    for figure in data["figures"]:  # vague, then the fields added for load (issue 13)
        assert list(figure) == [*figure_keys, *(["vague"] if figure.get("vague") else []), "confidence", "claim_index"]
    assert article["title"] == "Floods in northern Valdoria leave dozens dead as rivers keep rising"
    assert any("Valdoria" in tag for tag in article["tags"])
    assert article["published"] is None
    assert "At least 42 people were killed" in article["text"]
    assert "Also Read" not in article["text"]


def test_extract_published_overrides() -> None:
    result = run("extract", DATA / "keldra-shelters.html", "--published", "2024-04-02")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["article"]["published"] == "2024-04-02"


def test_extract_html_metadata() -> None:
    result = run("extract", DATA / "keldra-shelters.html")
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)["article"]
    assert article["published"] == "2024-04-10"
    assert article["outlet"] == "The Keldra Courier"
    assert article["url"] == "https://courier.example/2024/04/10/keldra-shelters"
    assert "Share this article" not in article["text"]


def test_extract_folder_prints_an_array() -> None:
    result = run("extract", DATA)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 7
    assert all(set(item) == {"article", "figures", "claims", "actors"} for item in data)


def test_extract_jsonl_of_many_lines_prints_an_array() -> None:
    result = run("extract", DATA / "wire-roundup.jsonl")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["article"]["outlet"] for d in data] == ["Northern Wire", "Valdoria Today", "Radio Oster"]


def test_extract_jsonl_of_one_line_prints_an_object(tmp_path: Path) -> None:
    one = tmp_path / "one.jsonl"
    one.write_text((DATA / "wire-roundup.jsonl").read_text(encoding="utf-8").splitlines()[0] + "\n",
                   encoding="utf-8")
    result = run("extract", one)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["article"]["outlet"] == "Northern Wire"


def test_extract_stdin() -> None:
    text = "Harbour strike ends\n\nDock workers returned on Monday, the union said.\n"
    result = run("extract", "-", "--input-format", "txt", input=text)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["article"]["title"] == "Harbour strike ends"
    assert data["article"]["text"].startswith("Dock workers returned")


def test_extract_offsets_index_the_text() -> None:
    result = run("extract", DATA)
    assert result.exit_code == 0, result.output
    for item in json.loads(result.stdout):
        text = item["article"]["text"]
        for figure in item["figures"]:
            assert text[figure["start"]:figure["end"]] == figure["text"]
            assert figure["sentence_start"] <= figure["start"] <= figure["end"] <= figure["sentence_end"]
        for claim in item["claims"]:
            assert 0 <= claim["start"] < claim["end"] <= len(text)


def test_extract_table_format() -> None:
    result = run("extract", DATA / "wire-roundup.jsonl", "--format", "table")
    assert result.exit_code == 0, result.output
    for title in ("Death toll from Valdoria floods climbs", "Government pledges flood aid"):
        assert title in result.stdout


def test_extract_explain_adds_evidence() -> None:
    result = run("extract", DATA / "valdoria-floods.txt", "--explain")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert all("evidence" in f for f in data["figures"])


def test_extract_missing_file_is_one_line(tmp_path: Path) -> None:
    result = run("extract", tmp_path / "nowhere.txt")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "nowhere.txt" in lines[0]


def test_extract_finds_attributed_figures() -> None:
    """Needs the real extractor: the sample's first figure and who gave it."""
    result = run("extract", DATA / "valdoria-floods.txt")
    data = json.loads(result.stdout)
    if not data["figures"]:
        pytest.skip("extraction not landed yet (stub returns no figures)")
    killed = [f for f in data["figures"] if f["metric"] == "killed"]
    assert killed and killed[0]["value"] == 42 and killed[0]["qualifier"] == "at_least"
    assert "ministry" in (killed[0]["attributed_to"] or "").lower()
    fled = [f for f in data["figures"] if f["metric"] == "displaced"]
    assert fled and fled[0]["value"] == 12000 and fled[0]["qualifier"] == "more_than"
