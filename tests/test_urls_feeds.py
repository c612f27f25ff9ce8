"""URLs and feeds end to end: a real HTTP server on 127.0.0.1 that the tests start (never the
internet), the real CLI, real SQLite files and real RSS/Atom files."""

from __future__ import annotations

import gzip
import json
import socket
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from facttrack.cli import app

PAGES = Path(__file__).parent / "data" / "pages"
FEEDS = Path(__file__).parent / "data" / "feeds"


def article(title: str, body: str, canonical: str | None = None) -> bytes:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{link}'
            f'<meta property="og:site_name" content="Local Wire"></head><body><nav><a href="/">Home</a></nav>'
            f"<article><h1>{title}</h1><p>{body}</p></article></body></html>").encode()


ENTRY_BODY = ("The ministry of health said on Monday that {n} new clinics had opened in the north of the "
              "country this year, and that 1,200 nurses had been hired to staff them.")


def rss(base: str, full_content: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Local Wire</title><link>{base}/</link><description>News</description>
<item><title>Clinics open in the north</title><link>{base}/entries/1.html</link>
<pubDate>Mon, 04 Mar 2024 09:00:00 GMT</pubDate><description>Teaser only.</description></item>
<item><title>More clinics planned</title><link>{base}/entries/2.html</link>
<pubDate>Tue, 05 Mar 2024 09:00:00 GMT</pubDate></item>
<item><title>Bridge repairs finished</title><link>{base}/entries/3.html</link>
<pubDate>Wed, 06 Mar 2024 09:00:00 GMT</pubDate>
<content:encoded><![CDATA[{full_content}]]></content:encoded></item>
</channel></rss>""".encode()


FULL = "".join(f"<p>{s}</p>" for s in [
    "Engineers finished repairs on the old river bridge on Wednesday, eight months after it closed.",
    "About 12,000 cars are expected to cross it each day, the city council said in a statement.",
    "The work cost 3.4 million euros, some 400,000 more than planned, officials said.",
    "Cyclists will get a separate lane from next month, the council added.",
])

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title><id>urn:desk</id>
<updated>2024-03-07T10:00:00Z</updated>
<entry><title>Harbour strike ends</title><id>urn:1</id><link href="{base}/entries/4.html"/>
<published>2024-03-07T10:00:00Z</published><updated>2024-03-07T10:00:00Z</updated></entry>
</feed>"""


class Site(ThreadingHTTPServer):
    daemon_threads = True
    hits: Counter[str]
    base: str

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (the timeout test) is not the server's error to print


class Handler(BaseHTTPRequestHandler):
    server: Site

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass

    def send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: C901 - one route table
        path = self.path
        self.server.hits[path] += 1
        self.server.agents.append(self.headers.get("User-Agent", ""))  # type: ignore[attr-defined]
        base = self.server.base
        if path == "/story.html":
            self.send(200, article("Port strike ends", "Dockers ended a nine-day strike after winning a 6 percent "
                                   "pay rise, the union said.", canonical="https://wire.example/port-strike"))
        elif path == "/plain.html":
            self.send(200, article("Ferry fares", "Ferry fares will rise by 8 percent in May, the operator said."))
        elif path == "/gzip.html":
            body = gzip.compress(article("Gzip story", "At least 40 homes were flooded, the fire service said."))
            self.send(200, body, headers={"Content-Encoding": "gzip"})
        elif path == "/latin1.html":
            body = article("Caf\u00e9s", "The caf\u00e9 owners said 37 caf\u00e9s had closed.").replace(
                b'<meta charset="utf-8">', b"")
            self.send(200, body.decode().encode("latin-1"), content_type="text/html; charset=iso-8859-1")
        elif path == "/moved":
            self.send(301, b"", headers={"Location": f"{base}/plain.html"})
        elif path == "/loop":
            self.send(302, b"", headers={"Location": f"{base}/loop"})
        elif path == "/to-file":
            self.send(302, b"", headers={"Location": "file:///etc/passwd"})
        elif path == "/missing":
            self.send(404, b"<h1>Not found</h1>")
        elif path == "/slow":
            time.sleep(3)
            self.send(200, article("Slow", "Too late."))
        elif path == "/image.png":
            self.send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, content_type="image/png")
        elif path == "/big.html":
            self.send(200, article("Big", "Word " * 40_000))
        elif path == "/bomb.html":
            body = gzip.compress(b"<html><body><p>" + b" " * 20_000_000 + b"</p></body></html>")
            self.send(200, body, headers={"Content-Encoding": "gzip"})
        elif path == "/notes.txt":
            self.send(200, b"Water report\n\nThe utility said 2,500 homes had no water.", content_type="text/plain")
        elif path == "/feed.xml":
            self.send(200, rss(base, FULL), content_type="application/rss+xml")
        elif path == "/feed-as-html":
            self.send(200, rss(base, FULL), content_type="text/html")
        elif path == "/atom.xml":
            self.send(200, ATOM.format(base=base).encode(), content_type="application/atom+xml")
        elif path.startswith("/entries/"):
            n = path.removeprefix("/entries/").removesuffix(".html")
            if n == "2":
                self.send(500, b"oops")
                return
            self.send(200, article(f"Entry page {n}", ENTRY_BODY.format(n=int(n) * 10)))
        else:
            self.send(404, b"")


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site(("127.0.0.1", 0), Handler)
    server.hits = Counter()
    server.agents = []  # type: ignore[attr-defined]
    server.base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def ingest(*args: str | Path, db: Path) -> tuple[int, dict[str, int], list[str]]:
    result = CliRunner().invoke(app, ["ingest", *map(str, args), "--db", str(db), "--format", "json"])
    errors = [line for line in result.stderr.splitlines() if line]
    assert "Traceback" not in result.output, result.output
    return result.exit_code, json.loads(result.stdout), errors


def stored(db: Path, columns: str = "title, url, published, input_format") -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT {columns} FROM articles ORDER BY id").fetchall()


def unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_url_pages(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    code, summary, errors = ingest(f"{site.base}/story.html", f"{site.base}/moved", f"{site.base}/gzip.html",
                                   f"{site.base}/latin1.html", f"{site.base}/notes.txt", db=db)
    assert (code, summary["new"], summary["failed"], errors) == (0, 5, 0, [])
    rows = stored(db)
    assert rows[0] == ("Port strike ends", "https://wire.example/port-strike", None, "html")  # canonical wins
    assert rows[1][:2] == ("Ferry fares", f"{site.base}/plain.html")  # the URL after the redirect
    assert rows[2][0] == "Gzip story"
    assert stored(db, "text")[3][0] == "The café owners said 37 cafés had closed."  # the server's charset
    assert rows[4][:2] == ("Water report", f"{site.base}/notes.txt")
    assert all(a.startswith("facttrack/") for a in site.agents)  # type: ignore[attr-defined]
    code, summary, errors = ingest(f"{site.base}/story.html", db=db)
    assert (code, summary["new"], summary["skipped"]) == (0, 0, 1)


def test_url_failures_are_one_line_each(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    port = unused_port()
    code, summary, errors = ingest(
        f"{site.base}/missing", f"{site.base}/slow", f"{site.base}/loop", f"{site.base}/image.png",
        f"{site.base}/big.html", f"{site.base}/bomb.html", f"{site.base}/to-file", f"http://127.0.0.1:{port}/x",
        "ftp://127.0.0.1/file.html", "file:///etc/passwd", f"{site.base}/story.html",
        "--timeout", "1", "--max-size", "0.1", db=db)
    assert code == 1
    assert (summary["new"], summary["failed"]) == (1, 10)
    assert errors == [
        f"error: {site.base}/missing: HTTP 404 Not Found",
        f"error: {site.base}/slow: timed out after 1 s",
        f"error: {site.base}/loop: more than 5 redirects",
        f"error: {site.base}/image.png: not an article page (content type image/png)",
        f"error: {site.base}/big.html: response is 0.19 MB, over the 0.1 MB limit (raise it with --max-size)",
        f"error: {site.base}/bomb.html: response is over the 0.1 MB limit (raise it with --max-size)",
        f"error: {site.base}/to-file: redirected to an unsupported URL scheme",
        f"error: http://127.0.0.1:{port}/x: connection refused",
        "error: ftp://127.0.0.1/file.html: unsupported URL scheme 'ftp' (http and https only)",
        "error: file:///etc/passwd: unsupported URL scheme 'file' (http and https only)",
    ]


def test_feed_url_entries_and_reread(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    code, summary, errors = ingest("--feed", f"{site.base}/feed.xml", db=db)
    assert code == 1  # entry 2's page answers 500: one line, the other entries are stored
    assert errors == [f"error: {site.base}/entries/2.html: HTTP 500 Internal Server Error"]
    assert (summary["new"], summary["failed"]) == (2, 1)
    rows = stored(db, "title, url, published, input_format, origin")
    assert rows[0] == ("Clinics open in the north", f"{site.base}/entries/1.html", "2024-03-04", "feed",
                       f"{site.base}/entries/1.html")
    assert rows[1][:4] == ("Bridge repairs finished", f"{site.base}/entries/3.html", "2024-03-06", "feed")
    assert site.hits["/entries/3.html"] == 0  # full content in the feed: not fetched
    assert "12,000 cars" in stored(db, "text")[1][0]
    code, summary, errors = ingest("--feed", f"{site.base}/feed.xml", db=db)
    assert (summary["new"], summary["skipped"], summary["failed"]) == (0, 2, 1)
    assert site.hits["/entries/1.html"] == 1  # already stored: not fetched again


def test_feed_found_by_content_whatever_it_is_called(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "f.db"
    code, summary, _ = ingest(f"{site.base}/feed-as-html", f"{site.base}/atom.xml", db=db)
    assert (summary["new"], summary["failed"]) == (3, 1)
    titles = [r[0] for r in stored(db)]
    assert "Harbour strike ends" in titles and not any(t and t.startswith("<?xml") for t in titles)
    code, summary, errors = ingest("--feed", f"{site.base}/story.html", db=db)
    assert errors == [f"error: {site.base}/story.html: not a feed (content type text/html)"]


def test_feed_files(site: Site, tmp_path: Path) -> None:
    """A saved feed is read as a feed under any name (.xml, .rss, .html, .txt), its entries fetched
    from their links; an Atom file with full content needs no network at all."""
    db = tmp_path / "f.db"
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "wire.rss").write_bytes(rss(site.base, FULL))
    (saved / "wire-copy.txt").write_bytes(rss(site.base, FULL).replace(b"Local Wire", b"Local Wire copy"))
    code, summary, errors = ingest(saved, FEEDS / "desk.atom", db=db)
    assert summary["failed"] == 2 and len(errors) == 2  # entry 2, once per copy
    titles = [r[0] for r in stored(db)]
    assert titles.count("Clinics open in the north") == 1  # the copy's entry 1: already stored, not fetched
    assert {"Council approves budget", "Rail line reopens"} <= set(titles)
    assert not any(t and "<?xml" in t for t in titles)


def test_feed_file_without_network(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(FEEDS / "desk.atom")])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert [a["article"]["title"] for a in out] == ["Council approves budget", "Rail line reopens"]
    assert out[0]["article"]["published"] == "2024-03-08"
    assert {f["value"] for f in out[0]["figures"]} >= {41, 19}


@pytest.mark.parametrize(("name", "data", "message"), [
    ("empty.rss", b"", "empty file"),
    ("broken.rss", b'<?xml version="1.0"?><rss><channel><title>x</title>', "not a readable feed"),
    ("nothing.atom", b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>', "feed has no entries"),
])
def test_bad_feed_files(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = CliRunner().invoke(app, ["ingest", str(path), "--db", str(tmp_path / "f.db")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"error: {path}: {message}"


def test_feed_entities_never_read_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET 999")
    feed = tmp_path / "x.rss"
    feed.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}"><!ENTITY p SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>T &x;</title><item><title>A &p;</title>
<description>Police said 23 people were arrested &x; on Monday.</description></item></channel></rss>""")
    result = CliRunner().invoke(app, ["extract", str(feed)])
    assert result.exit_code == 0, result.output
    assert "TOP-SECRET" not in result.stdout and "root:" not in result.stdout
    assert "23 people were arrested" in json.loads(result.stdout)["article"]["text"]
