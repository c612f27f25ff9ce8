"""Issue 4, the input side: bad, huge and hostile inputs, and output safety, through the real command.

Every test runs the real `facttrack` command (in process through CliRunner, or as a subprocess when
memory, hangs or the network are at stake) on real files in a temporary folder, into a real SQLite
file that is read back afterwards with the standard library's sqlite3. Hangs are guarded by generous
timeouts; nothing here asserts on speed.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import as_nobody
from facttrack.cli import app
from facttrack.readers import DEFAULT_MAX_BYTES

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
MB = 1024 * 1024
runner = CliRunner()

# Prose in the project's own words: dense with figures and claims, like a wire report.
PARAGRAPHS = [
    "Storms closed the coastal road near Ostmark on Friday, and 23 villages lost power, the grid "
    "operator said.",
    "At least 14 people were injured when a roof gave way at the market, according to the fire "
    "service.",
    "The regional council said more than 2,300 homes had been flooded since Monday.",
    '"We have never seen the river this high," said Ilse Varga, who runs the harbour office.',
    "Officials estimated the damage at $40 million, and the province asked for federal help.",
]
ARTICLE = "Storm closes coastal road\n\n" + "\n\n".join(PARAGRAPHS) + "\n"


# ------------------------------------------------------------------------------------------ helpers

def cli(*args: object, input: str | bytes | None = None):  # noqa: A002 - CliRunner's own name
    return runner.invoke(app, [str(a) for a in args], input=input)


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error: ")]


def no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


def dump(db: Path) -> list[str]:
    """The database's whole content as SQL: equal dumps mean nothing stored was touched."""
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def assert_spans_index_stored_text(db: Path) -> int:
    """Every stored figure and claim span is a slice of its stored article text; returns how many."""
    checked = 0
    with sqlite3.connect(db) as conn:
        texts = dict(conn.execute("SELECT id, text FROM articles"))
        for table in ("figures", "claims"):
            rows = conn.execute(
                f"SELECT article_id, start, \"end\", text, sentence_start, sentence_end FROM {table}")
            for article_id, start, end, text, s_start, s_end in rows:
                body = texts[article_id]
                assert 0 <= start <= end <= len(body), (table, start, end, len(body))
                assert body[start:end] == text, (table, start, end)
                assert 0 <= s_start <= start and end <= s_end + 1 and s_end <= len(body), (table, s_start, s_end)
                checked += 1
    return checked


def assert_spans_index_extract_output(data: dict) -> None:
    text = data["article"]["text"]
    for item in (*data["figures"], *data["claims"]):
        assert 0 <= item["start"] <= item["end"] <= len(text)
        assert text[item["start"]:item["end"]] == item["text"]


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    """A SQLite database that already holds one article (so "untouched" means something)."""
    db = tmp_path / "facttrack.db"
    result = cli("ingest", DATA / "valdoria-floods.txt", "--db", db)
    assert result.exit_code == 0, result.output
    assert count(db, "articles") == 1 and count(db, "figures") > 0
    return db


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    peak_mb: float  # peak resident set size of the command, from the kernel's rusage
    timed_out: bool


# A small go-between process runs the command and reports its peak memory. Measured from the test
# process itself, the figure would include the test process: a child started by vfork/fork carries
# the parent's high-water mark until exec (Linux accounts it to the child), and pytest is large.
MEASURE = r"""
import json, resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as f:
    json.dump({"code": code, "peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}, f)
"""


def run_measured(*args: object, timeout: float = 60, stdout_path: Path | None = None,
                 script: Path | None = None) -> Run:
    """Run `python -m facttrack ARGS` (or `python SCRIPT ARGS`) and report its exit code, output and
    peak resident memory (getrusage(RUSAGE_CHILDREN) in a go-between that runs nothing else). The
    whole process group is killed after ``timeout`` seconds: a generous guard against a hang, never
    a speed assertion."""
    command = [sys.executable, *([str(script)] if script else ["-m", "facttrack"]), *map(str, args)]
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "measure.json"
        with open(Path(tmp) / "stderr", "w+b") as err, \
                open(stdout_path or Path(tmp) / "stdout", "w+b") as out:
            proc = subprocess.Popen([sys.executable, "-c", MEASURE, str(report), *command],
                                    stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True)
            timed_out = False
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            err.seek(0)
            stderr = err.read().decode("utf-8", "replace")
            stdout = ""
            if stdout_path is None:
                out.seek(0)
                stdout = out.read().decode("utf-8", "replace")
        measured = json.loads(report.read_text()) if report.exists() else {"code": -9, "peak_kb": 0}
    return Run(measured["code"], stdout, stderr, measured["peak_kb"] / 1024, timed_out)


def write_prose(path: Path, size: int, *, paragraph_break: str = "\n\n", title: bool = True) -> int:
    """``size`` bytes (about) of article prose; returns the bytes written."""
    block = paragraph_break.join(PARAGRAPHS) + paragraph_break
    data = block.encode("utf-8")
    written = 0
    with open(path, "wb") as f:
        if title:
            f.write(b"A long report\n\n")
        while written < size:
            f.write(data)
            written += len(data)
    return written


# ---------------------------------------------------------------------------------- bad input files

def _missing(tmp: Path) -> Path:
    return tmp / "gone" / "missing.txt"


def _folder_of_other_files(tmp: Path) -> Path:
    folder = tmp / "scans"
    folder.mkdir()
    (folder / "page1.pdf").write_bytes(b"%PDF-1.7\n")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (folder / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def _empty_folder(tmp: Path) -> Path:
    folder = tmp / "empty-folder"
    folder.mkdir()
    return folder


def _file(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(data)
        return path

    return make


BAD_INPUTS: list[tuple[str, Callable[[Path], Path], str]] = [
    ("missing path", _missing, "no such file or directory"),
    ("folder without supported files", _folder_of_other_files, "no .txt, .html, .jsonl, .rss or .warc files"),
    ("empty folder", _empty_folder, "no .txt, .html, .jsonl, .rss or .warc files"),
    ("PNG named .txt", _file("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8),
     "binary file, not text"),
    ("ELF binary named .html", _file("tool.html", b"\x7fELF\x02\x01\x01" + bytes(2000)), "binary file, not text"),
    ("empty file", _file("empty.txt", b""), "empty file"),
    ("whitespace only", _file("blank.md", b" \t\r\n\r\n   \n\f"), "empty file"),
    ("invisible characters only", _file("invisible.txt", "\ufeff\u200b\u00a0\u2060\n\u200d".encode()),
     "empty file"),
    ("NUL byte in text", _file("nul.txt", b"Dam report\n\nThe dam held\x00 after 3 days of rain."),
     "binary file, not text"),
    ("NUL byte in a JSON Lines file", _file("nul.jsonl", b'{"text": "The dam held."}\n\x00\n'),
     "binary file, not text"),
    ("invalid UTF-8 that no encoding explains", _file("mojibake.txt", bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 60),
     "not valid UTF-8 and the encoding could not be told"),
    ("UTF-8 with a stray byte", _file("stray.txt", "Café owners said “we reopen”.".encode() + b"\xff tail"),
     "not valid UTF-8 (a bad byte at offset"),
    ("UTF-16 BOM then an odd byte count", _file("half.txt", b"\xff\xfeA\x00B\x00\x00\xd8"),
     "not valid UTF-16 despite its byte-order mark"),
    ("HTML without a body", _file("head.html", b"<html><head><title>Only a title</title></head></html>"),
     "no article text found"),
    ("HTML that is mostly script", _file(
        "app.html", b"<html><head><script>" + b"var data = [1, 2, 3];\n" * 4000 + b"</script></head><body>"
        b"<div id=app></div><script>render('<p>40 people</p>')</script><noscript>Enable JavaScript</noscript>"
        b"</body></html>"), "no article text found"),
    ("HTML of navigation and footer only", _file(
        "nav.html", b"<body><nav><a href=/>Home</a><a href=/news>News</a></nav><footer>(c) 2024</footer></body>"),
     "no article text found"),
    ("HTML that is an unclosed comment", _file("comment.html", b"<p>" + b"<!-- " * 1000 + b"40 people"),
     "no article text found"),
    ("JSON Lines of blank lines", _file("blank.jsonl", b"\n \n\r\n"), "empty file"),
    ("JSON Lines of one broken line", _file("broken.jsonl", b'{"title": "x", "text": \n'),
     "broken.jsonl:1: invalid JSON"),
    ("file over --max-size", _file("long.txt", ARTICLE.encode() * 500),
     "over the 0.2 MB limit (raise it with --max-size)"),
    ("file name with a newline", _file("two\nlines.txt", b""), "two?lines.txt: empty file"),
]


@pytest.mark.parametrize(("label", "make", "reason"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_one_line_and_touches_nothing(seeded: Path, tmp_path: Path, label: str,
                                                   make: Callable[[Path], Path], reason: str) -> None:
    path = make(tmp_path)
    before = dump(seeded)
    options = ["--max-size", "0.2"] if "max-size" in label else []
    result = cli("ingest", path, *options, "--db", seeded)
    assert result.exit_code == 1, result.output
    no_traceback(result)
    lines = error_lines(result)
    assert len(lines) == 1, result.stderr
    name = path.name.replace("\n", "?")
    assert name in lines[0] and reason in lines[0], lines[0]
    assert "ingested: 0 new, 0 skipped, 1 failed" in result.stderr
    assert result.stdout == ""
    assert dump(seeded) == before


@pytest.mark.parametrize(("device", "reason"), [
    ("/dev/null", "empty file"),
    ("/dev/zero", "file is over the 5 MB limit (raise it with --max-size)"),
])
def test_devices_are_read_within_the_limit(seeded: Path, device: str, reason: str) -> None:
    """A character device named on the command line is read like a pipe: never more than the limit."""
    if not os.path.exists(device):
        pytest.skip(f"{device} not present")
    before = dump(seeded)
    result = cli("ingest", device, "--db", seeded)
    assert result.exit_code == 1
    no_traceback(result)
    lines = error_lines(result)
    assert len(lines) == 1 and device in lines[0], result.stderr
    assert lines[0] == f"error: {device}: {reason}"
    assert dump(seeded) == before


def test_bad_inputs_in_a_batch_are_counted_and_the_rest_stored(seeded: Path, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a-good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b-empty.txt").write_bytes(b"")
    (folder / "c-binary.html").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "d-script.html").write_text("<script>var x = 1;</script>", encoding="utf-8")
    (folder / "e-good.html").write_text(
        "<html><body><article><p>Rescuers said 31 fishermen were brought ashore on Sunday.</p>"
        "</article></body></html>", encoding="utf-8")
    result = cli("ingest", folder, tmp_path / "absent.txt", "--db", seeded, "--format", "json")
    assert result.exit_code == 1
    no_traceback(result)
    summary = json.loads(result.stdout)
    assert (summary["new"], summary["skipped"], summary["failed"]) == (2, 0, 4)
    assert len(error_lines(result)) == 4
    for name in ("b-empty.txt", "c-binary.html", "d-script.html", "absent.txt"):
        assert sum(name in line for line in error_lines(result)) == 1, name
    assert count(seeded, "articles") == 3
    assert_spans_index_stored_text(seeded)


# -------------------------------------------------------------------------------------- permissions

def _ingest_as_nobody(args: list[str]) -> dict:
    """Run `facttrack ingest ARGS` as nobody (see conftest.as_nobody): the exit code and output."""

    def ingest() -> dict:
        result = cli("ingest", *args)
        return {"code": result.exit_code, "stdout": result.stdout, "stderr": result.stderr,
                "exception": repr(result.exception)}

    return as_nobody(ingest)  # type: ignore[no-any-return]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_unreadable_file_and_folder_are_counted_failures(open_dir: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("drops privileges from root; as another user a chmod 000 file is unreadable anyway")
    db = open_dir / "facttrack.db"
    warm = cli("ingest", DATA / "valdoria-floods.txt", "--db", db)  # also loads every module the child needs
    assert warm.exit_code == 0, warm.output
    good = open_dir / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    good.chmod(0o644)
    secret = open_dir / "secret.txt"
    secret.write_text(ARTICLE.replace("Storm", "Secret storm"), encoding="utf-8")
    secret.chmod(0)
    closed = open_dir / "closed"
    closed.mkdir()
    (closed / "inside.txt").write_text(ARTICLE.replace("Storm", "Hidden storm"), encoding="utf-8")
    closed.chmod(0)
    for path in open_dir.iterdir():
        if path.name.startswith("facttrack.db"):
            os.chown(path, 65534, 65534)
    before = count(db, "articles")
    got = _ingest_as_nobody([str(secret), str(closed), str(good), "--db", str(db), "--format", "json"])
    assert got["code"] == 1, got
    assert "Traceback" not in got["stderr"] + got["stdout"]
    assert got["exception"] in ("None", "SystemExit(1)"), got["exception"]
    errors = [line for line in got["stderr"].splitlines() if line.startswith("error: ")]
    assert errors == [f"error: {secret}: permission denied", f"error: {closed}: permission denied"], got["stderr"]
    summary = json.loads(got["stdout"])
    assert (summary["new"], summary["failed"]) == (1, 2)
    assert count(db, "articles") == before + 1


# ---------------------------------------------------------------------------------------- encodings

TEXT_CP1252 = "Café prices\n\nThe café owner said “we will reopen” – and €40 in fines was waived for 12 staff."
TEXT_LATIN1 = "Señor Muñoz\n\nSeñor Muñoz said 40 people were hurt in Zürich and the Straße was closed."
TEXT_UNICODE = "Ölpreis steigt\n\nDer Ölpreis stieg um 12 Prozent, sagte die Agentur – „vorläufig“, 東京 too."
ENCODINGS = [
    ("UTF-8 with BOM", "a.txt", b"\xef\xbb\xbf" + TEXT_UNICODE.encode("utf-8"), TEXT_UNICODE),
    ("UTF-16 LE with BOM", "a.txt", TEXT_UNICODE.encode("utf-16"), TEXT_UNICODE),
    ("UTF-16 BE with BOM", "a.txt", b"\xfe\xff" + TEXT_UNICODE.encode("utf-16-be"), TEXT_UNICODE),
    ("UTF-32 with BOM", "a.txt", TEXT_UNICODE.encode("utf-32"), TEXT_UNICODE),
    ("Windows-1252", "a.txt", TEXT_CP1252.encode("cp1252"), TEXT_CP1252),
    ("Latin-1", "a.txt", TEXT_LATIN1.encode("latin-1"), TEXT_LATIN1),
    ("Windows-1252 with CRLF", "a.txt", TEXT_CP1252.replace("\n", "\r\n").encode("cp1252"), TEXT_CP1252),
    ("UTF-8 cut inside the last character", "a.txt", (TEXT_UNICODE + "”").encode("utf-8")[:-1], TEXT_UNICODE),
    ("HTML declaring windows-1252", "a.html",
     ('<html><head><meta charset="windows-1252"><title>Café prices</title></head><body><article><p>'
      + TEXT_CP1252.split("\n\n")[1] + "</p></article></body></html>").encode("cp1252"), TEXT_CP1252),
    ("JSON Lines in UTF-16", "a.jsonl",
     json.dumps({"title": TEXT_UNICODE.split("\n\n")[0], "text": TEXT_UNICODE.split("\n\n")[1]},
                ensure_ascii=False).encode("utf-16"), TEXT_UNICODE),
    ("JSON Lines line in Windows-1252", "a.jsonl",
     json.dumps({"title": "Café prices", "text": TEXT_CP1252.split("\n\n")[1]},
                ensure_ascii=False).encode("cp1252") + b"\n", TEXT_CP1252),
]


@pytest.mark.parametrize(("label", "name", "data", "expected"), ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_encodings_are_decoded_into_the_database(tmp_path: Path, label: str, name: str, data: bytes,
                                                 expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    db = tmp_path / "facttrack.db"
    result = cli("ingest", path, "--db", db)
    assert result.exit_code == 0, result.output
    title, body = expected.split("\n\n")
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT title, text FROM articles").fetchall()
    assert rows == [(title, body)]
    assert_spans_index_stored_text(db)


# ------------------------------------------------------------------------------------- JSON Lines

def test_jsonl_bad_lines_are_reported_by_number_and_good_lines_stored(seeded: Path, tmp_path: Path) -> None:
    lines = [
        json.dumps({"title": "Ferry back", "text": "The port said 14 ferries were back in service.",
                    "outlet": "Harbour Radio", "published": "2024-05-01"}),
        '{"title": "Cut off", "text": "The line ends',
        json.dumps({"title": "No text here"}),
        json.dumps({"text": ["a", "list"]}),
        json.dumps({"text": "Fine text.", "published": 20240501}),
        json.dumps({"text": "Fine text.", "tags": [1, 2]}),
        json.dumps({"text": "Fine text.", "outlet": {"name": "x"}}),
        "[1, 2, 3]",
        "null",
        "",
        json.dumps({"title": "Bridge shut", "text": "Engineers said 3 bridges would stay shut until June.",
                    "outlet": "Harbour Radio"}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = count(seeded, "articles")
    result = cli("ingest", path, "--db", seeded, "--format", "json")
    assert result.exit_code == 1
    no_traceback(result)
    summary = json.loads(result.stdout)
    assert (summary["new"], summary["failed"]) == (2, 8)
    errors = error_lines(result)
    assert [e.split(": ", 2)[1] for e in errors] == [f"{path}:{n}" for n in (2, 3, 4, 5, 6, 7, 8, 9)]
    reasons = [e.split(": ", 2)[2] for e in errors]
    assert reasons[0].startswith("invalid JSON (")
    assert reasons[1] == 'missing required field "text"'
    assert reasons[2] == 'field "text" must be a string, not an array'
    assert reasons[3] == 'field "published" must be a string or null, not a number'
    assert reasons[4] == 'field "tags" must be an array of strings'
    assert reasons[5] == 'field "outlet" must be a string or null, not an object'
    assert reasons[6] == "expected a JSON object, got an array"
    assert reasons[7] == "expected a JSON object, got null"
    assert count(seeded, "articles") == before + 2
    with sqlite3.connect(seeded) as conn:
        origins = sorted(r[0] for r in conn.execute("SELECT origin FROM articles WHERE origin LIKE ?", (f"{path}%",)))
    assert origins == [f"{path}:1", f"{path}:11"]


# ---------------------------------------------------------------------------------------------- HTML

def test_malformed_html_is_read_and_stored(tmp_path: Path) -> None:
    page = ("<html><body><article><p>Rescue teams said <b>31 <i>fishermen</b> were</i> found alive.</p></span>"
            "<p>The coast guard said 2 boats <a href='x>were</a> still missing.<p>Search ends <u>Friday"
            "</article></body><p>after the end <div")
    path = tmp_path / "bad.html"
    path.write_text(page, encoding="utf-8")
    db = tmp_path / "facttrack.db"
    result = cli("ingest", path, "--db", db)
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        (text,) = conn.execute("SELECT text FROM articles").fetchone()
    assert text.startswith("Rescue teams said 31 fishermen were found alive.\n\nThe coast guard said 2 boats")
    assert "<" not in text and ">" not in text
    assert count(db, "figures") >= 1
    assert_spans_index_stored_text(db)


HOSTILE_HTML = [
    ("unclosed tags", "<p>Text 40 people.</p>" + "<a " * 100_000),
    ("unclosed attribute quotes", "<p>Text 40 people.</p>" + '<a href="x' * 50_000),
    ("unclosed comments", "<p>Text 40 people.</p>" + "<!--" * 100_000),
    ("unclosed end tags", "<p>Text 40 people.</p>" + "</" * 100_000),
    ("unclosed declarations", "<p>Text 40 people.</p>" + "<!" * 100_000 + "<?" * 100_000),
    ("tag names without end", "<p>Text 40 people.</p>" + "<p" * 100_000),
    ("deep nesting", "<div>" * 50_000 + "<p>Text 40 people.</p>" + "</div>" * 50_000),
    ("many paragraphs", "<p>Text 40 people.</p>" * 10_000),
]


@pytest.mark.parametrize(("label", "page"), HOSTILE_HTML, ids=[h[0] for h in HOSTILE_HTML])
def test_hostile_html_is_read_in_linear_time(tmp_path: Path, label: str, page: str) -> None:
    """The standard library's HTML parser takes minutes on 60 KB of "<a " (it rescans the rest of the
    page for every unfinished tag); the readers' own tokenizer reads each construct once."""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    run = run_measured("extract", path, timeout=60)
    assert not run.timed_out, f"{label}: still running after 60 s"
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    items = data if isinstance(data, list) else [data]
    assert items[0]["article"]["text"].startswith("Text 40 people.")
    for item in items:
        assert_spans_index_extract_output(item)


# ------------------------------------------------------------------------------------------- huge

def test_fifty_megabyte_file_is_refused_without_reading_it(seeded: Path, tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    size = write_prose(path, 50 * MB)
    before = dump(seeded)
    run = run_measured("ingest", path, "--db", seeded, timeout=120)
    assert not run.timed_out
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [f"error: {path}: file is {size / MB:.2f} MB, over the 5 MB limit "
                      "(raise it with --max-size)".replace(".00 MB", " MB")], run.stderr
    assert run.peak_mb < 400, f"peak RSS {run.peak_mb:.0f} MB"
    assert dump(seeded) == before


def test_max_size_raises_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    size = write_prose(path, 300 * 1024)
    db = tmp_path / "facttrack.db"
    refused = cli("ingest", path, "--max-size", "0.25", "--db", db)
    assert refused.exit_code == 1
    shown = f"{size / MB:.2f}".rstrip("0").rstrip(".")
    assert error_lines(refused) == [
        f"error: {path}: file is {shown} MB, over the 0.25 MB limit (raise it with --max-size)"]
    assert not db.exists() or count(db, "articles") == 0
    accepted = cli("ingest", path, "--max-size", "0.5", "--db", db, "--format", "json")
    assert accepted.exit_code == 0, accepted.output
    assert json.loads(accepted.stdout)["new"] == 1
    assert count(db, "articles") == 1


def test_fifty_megabyte_jsonl_line_is_refused_and_the_other_lines_stored(tmp_path: Path) -> None:
    """A JSON Lines file is streamed line by line: one line over the limit is skipped in 1 MB reads."""
    path = tmp_path / "feed.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps({"text": "The port said 14 ferries were back in service."}) + "\n")
        f.write('{"text": "' + "storm " * (50 * MB // 6) + '"}\n')
        f.write(json.dumps({"text": "Engineers said 3 bridges would stay shut."}) + "\n")
    db = tmp_path / "facttrack.db"
    run = run_measured("ingest", path, "--db", db, "--format", "json", timeout=120)
    assert not run.timed_out
    assert run.returncode == 1, run.stderr
    assert json.loads(run.stdout)["new"] == 2
    errors = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and f"{path}:2: line is 50" in errors[0] and "5 MB limit" in errors[0], errors
    assert run.peak_mb < 400, f"peak RSS {run.peak_mb:.0f} MB"
    assert count(db, "articles") == 2


@pytest.mark.slow
def test_two_megabyte_paragraph(tmp_path: Path) -> None:
    """One paragraph of 2 MB (sentences, no line break): extracted and stored whole, in bounded memory."""
    path = tmp_path / "paragraph.txt"
    written = write_prose(path, 2 * MB, paragraph_break=" ")
    out = tmp_path / "out.json"
    extracted = run_measured("extract", path, timeout=120, stdout_path=out)
    assert not extracted.timed_out, "extract still running after 120 s"
    assert extracted.returncode == 0, extracted.stderr
    assert extracted.peak_mb < 400, f"extract: peak RSS {extracted.peak_mb:.0f} MB"
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["figures"]) > 1000
    assert_spans_index_extract_output(data)
    db = tmp_path / "facttrack.db"
    run = run_measured("ingest", path, "--db", db, timeout=120)
    assert not run.timed_out, "ingest still running after 120 s"
    assert run.returncode == 0, run.stderr
    assert run.peak_mb < 400, f"ingest: peak RSS {run.peak_mb:.0f} MB"
    with sqlite3.connect(db) as conn:
        (text,) = conn.execute("SELECT text FROM articles").fetchone()
    assert text == data["article"]["text"]
    assert "\n" not in text and len(text.encode("utf-8")) == written - 1  # the final space is stripped
    assert count(db, "figures") == len(data["figures"])
    assert assert_spans_index_stored_text(db) > 1000


@pytest.mark.slow
def test_document_at_the_default_limit_stays_in_bounded_memory(tmp_path: Path) -> None:
    """The default size limit is what bounds memory for one article: just under it, dense prose is
    extracted and stored in a few hundred megabytes."""
    path = tmp_path / "report.txt"
    write_prose(path, DEFAULT_MAX_BYTES - 64 * 1024)
    db = tmp_path / "facttrack.db"
    run = run_measured("ingest", path, "--db", db, timeout=300)
    assert not run.timed_out
    assert run.returncode == 0, run.stderr
    assert run.peak_mb < 400, f"peak RSS {run.peak_mb:.0f} MB"
    assert count(db, "articles") == 1


def _jsonl(path: Path, lines: int) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for i in range(lines):
            f.write(json.dumps({"title": f"Storm report {i}", "outlet": "Coast Wire",
                                "text": f"The fire service said {i % 700 + 2} people were hurt in storm {i}."}))
            f.write("\n")


@pytest.mark.slow
def test_hundred_thousand_line_jsonl_is_streamed(tmp_path: Path) -> None:
    """Streaming, shown by memory that does not grow with the file: 100,000 lines peak within a
    few megabytes of 10,000 lines (holding the documents or their extractions would add far more)."""
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    _jsonl(small, 10_000)
    _jsonl(large, 100_000)
    out = tmp_path / "out.json"
    first = run_measured("extract", small, timeout=120, stdout_path=out)
    assert first.returncode == 0, first.stderr
    second = run_measured("extract", large, timeout=600, stdout_path=out)
    assert not second.timed_out
    assert second.returncode == 0, second.stderr
    with open(out, encoding="utf-8") as f:
        head = f.read(200)
    assert head.startswith("[\n  {")
    assert out.stat().st_size > 100_000 * 200
    assert second.peak_mb < 400, f"peak RSS {second.peak_mb:.0f} MB"
    assert second.peak_mb - first.peak_mb < 40, (first.peak_mb, second.peak_mb)


def test_jsonl_ingest_stores_every_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    _jsonl(path, 2_000)
    db = tmp_path / "facttrack.db"
    run = run_measured("ingest", path, "--db", db, "--format", "json", timeout=300)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["new"] == 2_000
    assert count(db, "articles") == 2_000
    assert run.peak_mb < 400, f"peak RSS {run.peak_mb:.0f} MB"


# ---------------------------------------------------------------------------------- hostile text

CONTROL_TEXT = (
    "Flood\x07 report\n\n"
    "Officials\u200b said\u202e 4\u200d0 people\x1b[31m were\x1b[0m killed,\u2066 according\u2069 to the "
    "U\u200cN.\u200f The\x01 ministry\x7f said\x85 1\u2060,200 homes\u00ad were\u2028destroyed.\n\n"
    "\u202bمسؤولون\u202c said 12 people were hurt, \u061cthe\ufeff agency\u200e reported.\x9b2J\r\n"
)
HOSTILE_TEXT: list[tuple[str, str]] = [
    ("5,000-digit number", "Toll\n\nThe ministry said " + "1" * 5001 + " people were killed, officials said."),
    ("5,000 digits with separators", "Toll\n\nThe ministry said " + "1," * 2500 + "000 people were killed."),
    ('"1," x 50,000', "1," * 50_000),
    ('"according to " x 20,000', "according to " * 20_000),
    ('"“" x 100,000', "“" * 100_000),
    ('"Mr. " x 50,000', "Mr. " * 50_000),
    ("capitalised words", "Alpha Beta Gamma Delta " * 40_000 + "said 40 people died."),
    ("2 MB without spaces", "x" * 2_000_000),
    ("2 MB of digits", "7" * 2_000_000),
    ("repeated dots and dashes", ".-" * 200_000 + " 40 people died."),
    ("control, bidi and zero-width characters", CONTROL_TEXT),
    # Found by these tests and fixed in the extractor: quadratic per sentence before sentences were
    # capped (minutes at these sizes), and the hearer after "told" split a long word five ways.
    ('"said " x 20,000', "said " * 20_000),
    ("8,000 quotes in one unit", '"a," he said. ' * 8_000),
    ('"5 people " x 15,000', "5 people " * 15_000),
    ("a 1,900-letter word after 'told'", "The mayor told " + "b" * 1_900 + "/ 5 people died."),
    ("300-letter words after 'told'", "The mayor told " + ("b" * 300 + " ") * 5 + "/ 5 people died."),
]


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for n, (_, text) in enumerate(HOSTILE_TEXT):
        (folder / f"{n:02d}.txt").write_text(text, encoding="utf-8", newline="")
    return folder


@pytest.mark.parametrize("index", range(len(HOSTILE_TEXT)), ids=[h[0] for h in HOSTILE_TEXT])
def test_hostile_text_through_extract(hostile_folder: Path, tmp_path: Path, index: int) -> None:
    path = hostile_folder / f"{index:02d}.txt"
    out = tmp_path / "out.json"
    run = run_measured("extract", path, timeout=60, stdout_path=out)
    assert not run.timed_out, f"{HOSTILE_TEXT[index][0]}: still running after 60 s"
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert_spans_index_extract_output(data)
    for figure in data["figures"]:
        assert abs(figure["value"]) < 1e25, "numbers longer than the digit cap are not figures"
    text = data["article"]["text"]
    for char in "\x00\x07\x1b\x7f\x85\x9b\u200b\u202e\u2066\ufeff":
        assert char not in text


def test_hostile_text_through_ingest(hostile_folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "facttrack.db"
    run = run_measured("ingest", hostile_folder, "--db", db, "--format", "json", timeout=300)
    assert not run.timed_out, "ingest of the hostile texts still running after 300 s"
    assert "Traceback" not in run.stderr
    summary = json.loads(run.stdout)
    assert (summary["new"], summary["failed"]) == (len(HOSTILE_TEXT), 0), run.stderr
    assert_spans_index_stored_text(db)
    with sqlite3.connect(db) as conn:
        values = [v for (v,) in conn.execute("SELECT value FROM figures")]
        texts = [t for (t,) in conn.execute("SELECT text FROM articles")]
    assert all(abs(v) < 1e25 for v in values)
    assert any("40 people were killed" in t for t in texts), "the control-character text keeps its words"
    for text in texts:
        assert not any(c in text for c in "\x00\x07\x1b\x7f\x85\x9b\u200b\u202e\ufeff")


# ----------------------------------------------------------------------------------------- safety

GUARD = r'''
"""python guard.py LOG ARGS...: `facttrack ARGS` with the network cut off and every file open recorded
(audit hooks, PEP 578), then the record written to LOG as JSON. Reaching the network is a connection,
a name lookup or a datagram sent; a socket made and never used (urllib3 probes for IPv6 support with
one when it is imported) reaches nothing."""
import json, os, socket, sys

LOG = sys.argv[1]
record = {"network": [], "opened": []}
NETWORK = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
           "socket.sendto", "socket.sendmsg", "urllib.Request", "http.client.connect", "ftplib.connect")


def hook(event, args):
    if event in NETWORK:
        record["network"].append(event)
        raise OSError("network access blocked by the test: " + event)
    if event == "open" and isinstance(args[0], (str, bytes)):
        record["opened"].append(os.path.abspath(os.fsdecode(args[0])))


class NoSocket(socket.socket):
    def connect(self, *args, **kwargs):
        record["network"].append("socket.connect()")
        raise OSError("network access blocked by the test")

    connect_ex = connect


socket.socket = NoSocket
sys.addaudithook(hook)
sys.argv = ["facttrack", *sys.argv[2:]]
try:
    from facttrack.cli import main

    main()
finally:
    with open(LOG, "w") as f:
        json.dump(record, f)
'''


def _guard_script(tmp_path: Path) -> Path:
    script = tmp_path / "guard.py"
    script.write_text(GUARD, encoding="utf-8")
    return script


def test_html_never_reaches_the_network_or_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    secret = folder / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT 999 people", encoding="utf-8")
    page = folder / "page.html"
    page.write_text(f"""<!DOCTYPE html SYSTEM "file:///etc/passwd" [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY sibling SYSTEM "{secret}">
  <!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;
]>
<?xml-stylesheet href="file:///etc/passwd"?>
<html><head>
<base href="http://127.0.0.1:9/">
<link rel="stylesheet" href="http://127.0.0.1:9/site.css"><link rel="import" href="secret.txt">
<script src="http://127.0.0.1:9/app.js"></script>
<meta http-equiv="refresh" content="0; url=file:///etc/passwd">
</head><body><article>
<p>Rescuers said 31 fishermen were found alive &xxe; &sibling; on Sunday.</p>
<img src="http://127.0.0.1:9/pixel.png" srcset="file:///etc/passwd 2x">
<iframe src="file:///etc/passwd"></iframe><iframe src="secret.txt"></iframe>
<object data="secret.txt"></object><embed src="file:///etc/passwd"><video src="secret.txt"></video>
<svg><image href="file:///etc/passwd"/><use href="secret.txt#x"/></svg>
<p style="background: url(http://127.0.0.1:9/bg.png)">The coast guard said 2 boats were still missing.</p>
</article></body></html>""", encoding="utf-8")
    db = tmp_path / "facttrack.db"
    log = tmp_path / "guard.json"
    run = run_measured(log, "ingest", page, "--db", db, timeout=60, script=_guard_script(tmp_path))
    assert run.returncode == 0, run.stderr
    got = json.loads(log.read_text(encoding="utf-8"))
    assert got["network"] == []
    opened = set(got["opened"])
    assert "/etc/passwd" not in opened
    assert str(secret) not in opened
    assert not [p for p in opened if p.startswith(str(folder)) and p != str(page)], opened
    with sqlite3.connect(db) as conn:
        (text,) = conn.execute("SELECT text FROM articles").fetchone()
    assert "root:" not in text and "TOP-SECRET" not in text and "999" not in text
    assert "Rescuers said 31 fishermen were found alive" in text
    assert "The coast guard said 2 boats were still missing." in text


def test_symlinks_out_of_the_folder_need_follow_symlinks(tmp_path: Path) -> None:
    inside, outside = tmp_path / "inbox", tmp_path / "elsewhere"
    inside.mkdir()
    outside.mkdir()
    (inside / "own.txt").write_text(ARTICLE, encoding="utf-8")
    (outside / "far.txt").write_text("Far report\n\nThe far council said 8 roads were closed.", encoding="utf-8")
    (outside / "deep").mkdir()
    (outside / "deep" / "deeper.txt").write_text("Deep report\n\nThe deep council said 9 bridges were shut.",
                                                 encoding="utf-8")
    (inside / "far-link.txt").symlink_to(outside / "far.txt")
    (inside / "far-folder").symlink_to(outside / "deep")
    (inside / "passwd.txt").symlink_to("/etc/passwd")
    (inside / "loop").symlink_to(inside)
    db = tmp_path / "facttrack.db"
    result = cli("ingest", inside, "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["new"], summary["failed"]) == (1, 0)
    with sqlite3.connect(db) as conn:
        titles = sorted(t for (t,) in conn.execute("SELECT title FROM articles"))
        texts = [t for (t,) in conn.execute("SELECT text FROM articles")]
    assert titles == ["Storm closes coastal road"]
    assert not any("root:" in t for t in texts)
    (inside / "passwd.txt").unlink()  # asked for, a link is followed wherever it leads
    followed = cli("ingest", inside, "--follow-symlinks", "--db", db, "--format", "json")
    assert followed.exit_code == 0, followed.output
    assert json.loads(followed.stdout)["new"] == 2
    with sqlite3.connect(db) as conn:
        titles = sorted(t for (t,) in conn.execute("SELECT title FROM articles"))
    assert titles == ["Deep report", "Far report", "Storm closes coastal road"]


def _replace_in_db(db: Path, sql: str, *params: object) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute(sql, params)


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    """A database holding an article whose text and metadata carry terminal escapes and rich markup.

    The readers already drop control characters, so raw escapes are then written into the stored
    rows directly (as an older version or another tool could have), keeping every length the same so
    the stored spans stay valid.
    """
    text = ("[bold red]Alarm[/bold red] QQQQ officials said 40 people were killed in the blast, "
            "according to the [link=http://127.0.0.1:9/]UN[/link]. [/] ZZZZZZZZZZ The ministry said 12 homes "
            "burned.\x1b[2J\x1b]0;owned\x07")
    path = tmp_path / "hostile.jsonl"
    path.write_text(json.dumps({"title": "[blink]Title[/blink] TTTT", "outlet": "[red]Wire[/red]",
                                "published": "2024-06-01", "text": text}) + "\n", encoding="utf-8")
    db = tmp_path / "facttrack.db"
    result = cli("ingest", path, "--db", db)
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        (stored,) = conn.execute("SELECT text FROM articles").fetchone()
    assert "\x1b" not in stored and "\x07" not in stored, "control characters are dropped when read"
    for table in ("articles", "claims", "figures"):  # the same characters in the text and its slices
        _replace_in_db(db, f"UPDATE {table} SET text = replace(replace(text, 'QQQQ', ?), 'ZZZZZZZZZZ', ?)",
                       "\x1b[2J", "\x1b]0;pwn!\x07\x9b")
    _replace_in_db(db, "UPDATE articles SET title = replace(title, 'TTTT', ?)", "\x1b[5m")
    _replace_in_db(db, "UPDATE claims SET speaker = ? WHERE id = (SELECT min(id) FROM claims)", "\x1b[31mUN")
    assert_spans_index_stored_text(db)
    return db


ESCAPES = ("\x1b", "\x07", "\x9b")


@pytest.mark.parametrize("command", [["show", "1"], ["articles"], ["claims"], ["figures"], ["sources"],
                                     ["actors"]])
def test_terminal_escapes_and_markup_are_printed_as_text(hostile_db: Path, command: list[str]) -> None:
    result = cli(*command, "--db", hostile_db)
    assert result.exit_code == 0, result.output
    for escape in ESCAPES:
        assert escape not in result.stdout and escape not in result.stderr, (command, escape)
    if command[0] in ("show", "articles"):
        assert "[blink]Title[/blink]" in result.stdout
    if command[0] == "show":
        assert "[bold red]Alarm[/bold red]" in result.stdout
        assert "[link=http://127.0.0.1:9/]UN[/link]" in result.stdout and "[/]" in result.stdout
    if command[0] == "sources":
        assert "[red]Wire[/red]" in result.stdout


def test_extract_table_prints_markup_as_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("[bold]Headline[/bold]\n\n[/] The [red]ministry[/red] said 40 people were killed in the "
                    "[b]blast[/b], police said.\x1b[2J\n", encoding="utf-8")
    result = cli("extract", path, "--format", "table")
    assert result.exit_code == 0, result.output
    assert "[bold]Headline[/bold]" in result.stdout
    assert "[/] The [red]ministry[/red] said 40 people were killed in the [b]blast[/b]" in result.stdout
    assert "\x1b" not in result.stdout


def test_csv_export_neutralises_formulas_and_keeps_numbers(hostile_db: Path) -> None:
    import csv
    import io

    _replace_in_db(hostile_db, "UPDATE articles SET title = ?, url = ?", "\t=1+2", "\r=HYPERLINK(\"x\")")
    _replace_in_db(hostile_db, "UPDATE sources SET name = ?", "-2+3")
    _replace_in_db(hostile_db, "UPDATE figures SET counted = ?", "+people")
    _replace_in_db(hostile_db, "UPDATE claims SET cue = ?", "@said")
    for kind in ("figures", "claims"):
        result = cli("export", kind, "--db", hostile_db)
        assert result.exit_code == 0, result.output
        rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
        assert rows
        for row in rows:
            assert row["title"] == "'\t=1+2" and row["url"] == "'\r=HYPERLINK(\"x\")" and row["source"] == "'-2+3"
            for name, cell in row.items():
                if name not in ("value", "value_max", "start", "end", "article_id", "figure_id", "claim_id"):
                    assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), (name, cell)
            assert int(row["start"]) >= 0 and int(row["article_id"]) == 1
            if kind == "figures":
                assert row["counted"] == "'+people"
                assert float(row["value"]) > 0 and not row["value"].startswith("'")
            else:
                assert row["cue"] == "'@said"
        raw = cli("export", kind, "--raw", "--db", hostile_db)
        raw_rows = list(csv.DictReader(io.StringIO(raw.stdout, newline="")))
        assert raw_rows[0]["title"] == "\t=1+2" and raw_rows[0]["source"] == "-2+3"


def test_command_line_metadata_is_one_clean_line(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "facttrack.db"
    result = cli("ingest", path, "--title", "\x1b]0;pwn\x07Two\nlines\u202e", "--outlet", " Coast\tWire\x00 ",
                 "--url", "https://coast.example/a\r\n", "--db", db)
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT a.title, s.name, a.url FROM articles a JOIN sources s ON s.id = a.source_id"
                           ).fetchone()
    assert row == ("Two lines", "Coast Wire", "https://coast.example/a")


# ------------------------------------------------------------------------------------- bad options

BAD_OPTIONS = [
    (["ingest", "x.txt", "--published", "2024-13-45"], ["'2024-13-45' is not a date", "YYYY-MM-DD"]),
    (["ingest", "x.txt", "--published", "yesterday"], ["'yesterday' is not a date", "YYYY-MM-DD"]),
    (["extract", "x.txt", "--published", "2024-02-30"], ["'2024-02-30' is not a date", "YYYY-MM-DD"]),
    (["figures", "--since", "2024-00-10"], ["'2024-00-10' is not a date", "YYYY-MM-DD"]),
    (["export", "figures", "--until", "13/45/2024"], ["'13/45/2024' is not a date", "YYYY-MM-DD"]),
    (["export", "claims", "--since", "2024-05-05T25:00"], ["is not a date", "YYYY-MM-DD"]),
    (["articles", "--until", "2023-02-29"], ["'2023-02-29' is not a date"]),
    (["ingest", "x.txt", "--input-format", "pdf"], ["'pdf' is not one of", "txt", "html", "jsonl"]),
    (["extract", "x.txt", "--format", "yaml"], ["'yaml' is not one of", "json", "table"]),
    (["ingest", "x.txt", "--format", "xml"], ["'xml' is not one of", "table", "json"]),
    (["figures", "--format", "xlsx"], ["'xlsx' is not one of", "table", "csv", "json"]),
    (["export", "claims", "--format", "xlsx"], ["'xlsx' is not one of", "csv", "jsonl"]),
    (["export", "figures", "--metric", "deaths"], ["'deaths' is not one of", "killed", "injured", "other"]),
    (["figures", "--metric", "casualties"], ["'casualties' is not one of", "killed", "money", "percent"]),
    (["ingest", "x.txt", "--max-size", "-1"], ["--max-size"]),
    (["ingest", "x.txt", "--max-size", "lots"], ["--max-size"]),
    (["claims", "--limit", "0"], ["--limit"]),
    (["show", "first"], ["ARTICLE_ID"]),
]
NO_DB_OPTION = {"extract"}


@pytest.mark.parametrize(("args", "allowed"), BAD_OPTIONS, ids=[" ".join(a) for a, _ in BAD_OPTIONS])
def test_bad_option_is_a_usage_error_listing_what_is_allowed(tmp_path: Path, args: list[str],
                                                            allowed: list[str]) -> None:
    db = tmp_path / "facttrack.db"
    result = cli(*args, *([] if args[0] in NO_DB_OPTION else ["--db", db]))
    assert result.exit_code == 2, result.output
    no_traceback(result)
    assert "Usage:" in result.stderr
    for word in allowed:
        assert word in result.stderr, (word, result.stderr)
    assert result.stdout == ""
    assert not db.exists()
