"""`facttrack extract-batch` on a real Dask cluster on 127.0.0.1: the parts hold exactly what serial
`facttrack extract` prints, in the same order, failures are one line each, a rerun resumes, a worker
killed with SIGKILL costs nothing, and a worker on another facttrack version is refused.

The cluster is the one `.ci/run` starts (its scheduler address in FACTTRACK_TEST_DASK_SCHEDULER); the
tests that need it skip when it is unset. Splitting JSON Lines files needs no cluster and always runs.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from facttrack.batch.manifest import split_lines
from facttrack.batch.parts import list_parts, read_part
from facttrack.errors import InputError
from facttrack.readers import iter_documents, read_jsonl_range
from facttrack.readers.language import with_language
from test_db_support import facttrack_command, generated_articles, write_jsonl

ROOT = Path(__file__).resolve().parents[1]
DASK_ENV = "FACTTRACK_TEST_DASK_SCHEDULER"


@pytest.fixture(scope="session")
def scheduler() -> str:
    """The address of the real Dask scheduler .ci/run started (two workers attached)."""
    address = os.environ.get(DASK_ENV)
    if not address:
        pytest.skip(f"{DASK_ENV} not set: no Dask scheduler to test against")
    pytest.importorskip("distributed")
    return address


def make_corpus(folder: Path, articles: int = 40) -> Path:
    """A folder of every input kind: a JSON Lines file large enough to split (with a bad line in
    it), plain text, HTML, and a file that cannot be read as an article."""
    folder.mkdir(parents=True, exist_ok=True)
    records = generated_articles(articles, sentences=8, seed=13)
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(17, '{"title": "broken", "text": ')
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name in ("valdoria-floods.txt", "keldra-shelters.html"):
        (folder / name).write_bytes((ROOT / "data" / name).read_bytes())
    (folder / "sub").mkdir(exist_ok=True)
    write_jsonl(folder / "sub" / "more.jsonl", generated_articles(6, sentences=5, seed=14))
    (folder / "sub" / "binary.txt").write_bytes(b"\x00\x01\x02 not text at all \x00" * 20)
    return folder


def batch(*args: object, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(facttrack_command("extract-batch", *args), capture_output=True, text=True,
                          timeout=timeout)


def parts_content(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for part in list_parts(out) for line in read_part(part)]


def serial_extract(path: Path) -> tuple[list[dict[str, Any]], set[str]]:
    """What `facttrack extract` prints for the same inputs, and its error lines."""
    done = subprocess.run(facttrack_command("extract", path), capture_output=True, text=True, timeout=300)
    data = json.loads(done.stdout)
    errors = {line for line in done.stderr.splitlines() if line.startswith("error: ")}
    return (data if isinstance(data, list) else [data]), errors


# --------------------------------------------------------------------------- splitting (no cluster)

@pytest.mark.parametrize("task_bytes", [1, 300, 2_000, 10**9])
def test_ranges_of_a_jsonl_file_read_as_the_whole_file(tmp_path: Path, task_bytes: int) -> None:
    records = generated_articles(12, sentences=3, seed=2)
    lines = [json.dumps(r) for r in records]
    lines[3:3] = ["", "   ", "[1, 2]", '{"text": "x" ' + "y" * 3_000 + "}"]  # blank, not an object, too long
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode() + b"\n")  # with a UTF-8 byte-order mark
    size = path.stat().st_size
    whole = list(iter_documents([str(path)], max_bytes=2_000))
    ranges = split_lines(str(path), size, task_bytes)
    assert ranges[0][0] == 0 and ranges[-1][1] == size
    assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:], strict=False))
    pieces = [item for start, end, first in ranges for item in read_jsonl_range(str(path), start, end, first, 2_000)]
    # iter_documents detects each document's language after reading; a worker does the same (batch/task.py)
    pieces = [item if isinstance(item, InputError) else with_language(item) for item in pieces]
    assert [repr(item) for item in pieces] == [repr(item) for item in whole]
    assert len(ranges) > 1 or task_bytes > size


def test_extraction_json_reads_back_whole() -> None:
    """A part line is all `load` has: reading it back gives every field `ingest` stores."""
    from facttrack.extract import extract
    from facttrack.extract.model import Extraction

    docs = [d for d in iter_documents([str(ROOT / "data")]) if not isinstance(d, Exception)]
    extractions = [extract(d) for d in docs]
    assert any(f.claim_index is not None for e in extractions for f in e.figures)
    for extraction in extractions:
        data = json.loads(json.dumps(extraction.to_json()))
        again = Extraction.from_json(data)
        assert again.to_json() == data
        assert again.document == extraction.document
        assert [(f.claim_index, f.confidence, f.vague) for f in again.figures] == \
               [(f.claim_index, f.confidence, f.vague) for f in extraction.figures]
    data["article"]["text"] += " Altered."
    with pytest.raises(ValueError, match="sha256"):
        Extraction.from_json(data)


# ------------------------------------------------------------------------------------ on a cluster

def test_parts_equal_serial_extract(scheduler: str, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    out = tmp_path / "parts"
    done = batch(corpus, "--out", out, "--scheduler", scheduler, "--task-mb", "0.01", "--format", "json")
    assert done.returncode == 1, done.stderr  # the broken line and the binary file failed
    summary = json.loads(done.stdout)
    manifest = json.loads((out / "manifest.json").read_text())
    assert summary["tasks"] == len(manifest["tasks"]) > 5  # wire.jsonl was split
    assert summary["ran"] == summary["tasks"] and summary["unfinished"] == 0
    expected, expected_errors = serial_extract(corpus)
    assert parts_content(out) == expected
    assert summary["articles"] == len(expected) == 40 + 6 + 2
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert set(errors) == expected_errors and len(errors) == len(expected_errors) == 2
    assert "Traceback" not in done.stderr
    assert not list(out.glob(".*.tmp"))


def test_rerun_resumes_and_other_inputs_are_refused(scheduler: str, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", articles=12)
    out = tmp_path / "parts"
    first = batch(corpus, "--out", out, "--scheduler", scheduler, "--task-mb", "0.01", "--format", "json")
    before = parts_content(out)
    removed = list_parts(out)[1]
    removed.unlink()
    again = batch(corpus, "--out", out, "--scheduler", scheduler, "--task-mb", "0.01", "--format", "json")
    summary = json.loads(again.stdout)
    assert summary["ran"] == 1 and summary["complete"] == summary["tasks"] - 1
    assert parts_content(out) == before
    assert again.stderr.count("error: ") == first.stderr.count("error: ")  # earlier failures said again
    (corpus / "late.txt").write_text("Late news\n\nNine boats sank near the harbour, the coast guard said.\n")
    other = batch(corpus, "--out", out, "--scheduler", scheduler, "--task-mb", "0.01")
    assert other.returncode == 1
    assert other.stderr.strip().splitlines()[-1].startswith(f"error: {out}: holds parts of another batch")


def test_local_cluster(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    out = tmp_path / "parts"
    done = batch(ROOT / "data", "--out", out, "--local", "2", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert parts_content(out) == serial_extract(ROOT / "data")[0]


def test_no_scheduler_is_one_line(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    done = batch(ROOT / "data", "--out", tmp_path / "parts", "--scheduler", "tcp://127.0.0.1:9")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: tcp://127.0.0.1:9: cannot connect to the Dask scheduler")


# ----------------------------------------------------------------------------- workers of our own

def start_worker(scheduler: str, *, env: dict[str, str] | None = None, name: str) -> subprocess.Popen[str]:
    """A real `dask worker` process attached to the scheduler; returns once the scheduler lists it."""
    from distributed import Client

    dask = Path(sys.executable).with_name("dask")
    proc = subprocess.Popen([str(dask), "worker", scheduler, "--nthreads", "1", "--name", name, "--no-dashboard"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
                            env={**os.environ, **(env or {})})
    with Client(scheduler, timeout=10) as client:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if any(w.get("name") == name for w in client.scheduler_info()["workers"].values()):
                return proc
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("the worker did not join")


def stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=30)


def test_a_worker_on_another_version_is_refused(scheduler: str, tmp_path: Path) -> None:
    site = tmp_path / "old-site"
    (site / "facttrack").mkdir(parents=True)
    (site / "facttrack" / "__init__.py").write_text('__version__ = "0.0.1"\n')
    (site / "facttrack-0.0.1.dist-info").mkdir()
    (site / "facttrack-0.0.1.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: facttrack\n"
                                                                 "Version: 0.0.1\n")
    old = start_worker(scheduler, env={"PYTHONPATH": str(site)}, name="old-facttrack")
    try:
        done = batch(ROOT / "data", "--out", tmp_path / "parts", "--scheduler", scheduler, "--format", "json")
    finally:
        stop(old)
    refused = [line for line in done.stderr.splitlines() if "refused" in line]
    assert len(refused) == 1 and refused[0].startswith("error: worker tcp://")
    assert "runs facttrack 0.0.1, not " in refused[0]
    assert done.returncode == 1 and json.loads(done.stdout)["unfinished"] == 0  # the others did the work
    assert parts_content(tmp_path / "parts") == serial_extract(ROOT / "data")[0]


@pytest.mark.slow
def test_kill_9_of_a_worker_and_of_the_client(scheduler: str, tmp_path: Path) -> None:
    """A worker killed while it runs a task: Dask runs the task elsewhere and the batch completes. The
    command itself killed: its complete parts stay, and a rerun does only what is missing."""
    from distributed import Client

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(12):
        write_jsonl(corpus / f"f{number:02d}.jsonl", generated_articles(12, sentences=10, seed=number))
    expected, _ = serial_extract(corpus)
    out = tmp_path / "parts"
    victim = start_worker(scheduler, name="victim")
    try:
        proc = subprocess.Popen(facttrack_command("extract-batch", corpus, "--out", out, "--scheduler", scheduler,
                                                  "--format", "json"),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        killed = False
        with Client(scheduler, timeout=10) as client:
            address = next(a for a, w in client.scheduler_info()["workers"].items() if w.get("name") == "victim")
            deadline = time.monotonic() + 120
            while not killed and proc.poll() is None and time.monotonic() < deadline:
                if client.processing(workers=[address]).get(address):
                    victim.send_signal(signal.SIGKILL)
                    killed = True
                time.sleep(0.005)
        out_text, err = proc.communicate(timeout=300)
    finally:
        stop(victim)
    assert killed, "the victim never ran a task"
    assert proc.returncode == 0, err
    assert json.loads(out_text)["unfinished"] == 0
    assert parts_content(out) == expected

    out2 = tmp_path / "parts-2"
    proc = subprocess.Popen(facttrack_command("extract-batch", corpus, "--out", out2, "--scheduler", scheduler),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and not (out2.exists() and list_parts(out2)):
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    for part in list_parts(out2):
        list(read_part(part))  # every part under its name is whole
    rerun = batch(corpus, "--out", out2, "--scheduler", scheduler, "--format", "json")
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["complete"] + summary["ran"] == summary["tasks"] == 12
    assert parts_content(out2) == expected
