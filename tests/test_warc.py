"""Web archives: a WARC file written here with warcio (gzip members, as Common Crawl ships them) holding
HTML responses, a 404, an image, bookkeeping records and a member cut short. `ingest`, `extract` and
`extract-batch` + `load` store the HTML pages (the record's target URI as their URL, its date as when
they were retrieved) and report each of the others in one line."""

from __future__ import annotations

import io
import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from facttrack.db.engine import connect_database
from facttrack.errors import InputError, NotAnArticle
from facttrack.readers import iter_documents
from test_db_support import facttrack_command

pytest.importorskip("warcio")

PAGES = {
    "https://valley.example/2024/05/floods": (
        "<html><head><title>Floods reach Oster</title><meta property='og:site_name' content='Valley Today'>"
        "<meta property='article:published_time' content='2024-05-04'></head><body><article>"
        "<p>At least 40 families were evacuated from Oster on Friday, the valley council said.</p>"
        "<p>Mayor Clara Jensen said 300 homes were flooded.</p></article></body></html>"),
    "https://harbour.example/storm": (
        "<html><head><title>Storm toll</title></head><body><main>"
        "<p>Five fishermen were killed when the storm hit, the coast guard said.</p></main></body></html>"),
}
WHEN = "2024-05-06T08:30:00Z"


def write_warc(path: Path, *, gzip: bool = True, cut: bool = True) -> Path:
    """Records: warcinfo, a request, two HTML pages, a 404, an image, then (``cut``) a page whose
    gzip member is cut short."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "facttrack tests"}))

    def response(uri: str, status: str, ctype: str, body: bytes) -> None:
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                      http_headers=headers,
                                                      warc_headers_dict={"WARC-Date": WHEN}))

    request = StatusAndHeaders("GET /storm HTTP/1.1", [("Host", "harbour.example")], is_http_request=True)
    writer.write_record(writer.create_warc_record("https://harbour.example/storm", "request",
                                                  http_headers=request))
    uris = list(PAGES)
    response(uris[0], "200 OK", "text/html; charset=utf-8", PAGES[uris[0]].encode())
    response("https://valley.example/missing", "404 Not Found", "text/html", b"<html><p>Not here.</p></html>")
    response("https://valley.example/map.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(200))
    response(uris[1], "200 OK", "text/html", PAGES[uris[1]].encode())
    data = buffer.getvalue()
    if cut:
        tail = io.BytesIO()
        last = WARCWriter(tail, gzip=gzip)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        body = b"<html><body><p>" + b"Nine boats sank near the harbour. " * 40 + b"</p></body></html>"
        last.write_record(last.create_warc_record("https://harbour.example/boats", "response",
                                                  payload=io.BytesIO(body), http_headers=headers,
                                                  warc_headers_dict={"WARC-Date": WHEN}))
        data += tail.getvalue()[:-200]  # a download cut short inside the last member
    path.write_bytes(data)
    return path


def test_reader_takes_html_responses_and_reports_the_rest(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz")
    items = list(iter_documents([str(path)]))
    docs = [i for i in items if not isinstance(i, InputError)]
    assert [d.url for d in docs] == list(PAGES)
    assert {d.retrieved for d in docs} == {datetime(2024, 5, 6, 8, 30, tzinfo=UTC)}
    assert docs[0].outlet == "Valley Today" and docs[0].published.isoformat() == "2024-05-04"
    assert docs[0].input_format == "html" and docs[0].origin == f"{path}:3"
    assert "40 families were evacuated" in docs[0].text
    skipped = [str(i) for i in items if isinstance(i, NotAnArticle)]
    assert skipped == [f"{path}:4: https://valley.example/missing: HTTP status 404, not an article",
                       f"{path}:5: https://valley.example/map.png: image/png, not HTML"]
    errors = [str(i) for i in items if isinstance(i, InputError) and not isinstance(i, NotAnArticle)]
    assert errors == [f"{path}:7: record cut short (a truncated or damaged archive); the records after it "
                      "cannot be read"]


def test_an_uncompressed_warc_reads_the_same(tmp_path: Path) -> None:
    plain = list(iter_documents([str(write_warc(tmp_path / "crawl.warc", gzip=False, cut=False))]))
    packed = list(iter_documents([str(write_warc(tmp_path / "crawl.warc.gz", cut=False))]))
    assert [(d.url, d.text) for d in plain if not isinstance(d, InputError)] == \
           [(d.url, d.text) for d in packed if not isinstance(d, InputError)]
    assert len(plain) == len(packed) == 4


@pytest.mark.parametrize("data, message", [
    (bytes(range(256)) * 4, ": not a readable WARC/ARC archive after record 0 ("),
    (b"WARC/1.0\r\nthis is not a record\r\n\r\n", ":1: not a WARC record (type 'None')"),
    (b"", ": empty archive (no WARC/ARC records)"),
])
def test_garbage_is_one_line(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(data)
    items = list(iter_documents([str(path)]))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert str(items[0]).startswith(f"{path}{message}")


def test_ingest_and_extract_read_warc_files(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz")
    db = tmp_path / "warc.db"
    done = subprocess.run(facttrack_command("ingest", path, "--db", db, "--format", "json"),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1  # the member cut short failed
    summary = json.loads(done.stdout)
    assert (summary["new"], summary["failed"], summary["not_articles"]) == (2, 1, 2)
    lines = done.stderr.strip().splitlines()
    assert [line.split(":", 1)[0] for line in lines] == ["skipped", "skipped", "error"]
    assert "Traceback" not in done.stderr
    engine = connect_database(str(db), create=False)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT url, retrieved_at, published FROM articles ORDER BY id")).all()
    finally:
        engine.dispose()
    assert [r.url for r in rows] == list(PAGES)
    assert all(str(r.retrieved_at).startswith("2024-05-06 08:30:00") for r in rows)
    assert rows[0].published is not None

    extracted = subprocess.run(facttrack_command("extract", path), capture_output=True, text=True, timeout=120)
    assert extracted.returncode == 1
    data = json.loads(extracted.stdout)
    assert [d["article"]["url"] for d in data] == list(PAGES)
    assert data[0]["article"]["retrieved"] == "2024-05-06T08:30:00+00:00"
    assert extracted.stderr.count("skipped: ") == 2 and extracted.stderr.count("error: ") == 1


def test_extract_batch_and_load_of_warc_equal_ingest(tmp_path: Path) -> None:
    from test_load import database_content, make_parts

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_warc(corpus / "a.warc.gz", cut=False)
    write_warc(corpus / "b.warc", gzip=False, cut=False)
    parts = make_parts(corpus, tmp_path / "parts")
    loaded, ingested = tmp_path / "load.db", tmp_path / "ingest.db"
    assert subprocess.run(facttrack_command("load", parts, "--db", loaded), capture_output=True,
                          timeout=120).returncode == 0
    assert subprocess.run(facttrack_command("ingest", corpus, "--db", ingested), capture_output=True,
                          timeout=120).returncode == 0
    content = database_content(str(loaded))
    assert content == database_content(str(ingested))
    assert len(content["articles"]) == 2 and content["figures"]  # the second archive repeats the first
