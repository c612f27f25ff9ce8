"""Readers: real files in tmp_path (bytes included), folders, stdin, HTML and JSON Lines; errors as items."""

from __future__ import annotations

import io
import json
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import as_nobody, shared_path
from facttrack.document import Document
from facttrack.errors import InputError
from facttrack.readers import (
    DEFAULT_MAX_BYTES,
    INPUT_FORMATS,
    apply_overrides,
    iter_documents,
    parse_date,
    parse_html,
    read_bytes,
)

ARTICLE = (
    "Harbour cranes stand idle\n\n#port #strike\n\n"
    "Dockers at Port Amsel walked out on Monday, the union said.\n\n"
    "About 1,400 workers joined the strike, according to the port authority.\n\n"
    "Also Read: Ferry fares rise again\n\n"
    "Talks resume on Friday.\n\n"
    "Leave a Reply\n\n"
    "Your email address will not be published. Required fields are marked *\n"
)
BODY = (
    "Dockers at Port Amsel walked out on Monday, the union said.\n\n"
    "About 1,400 workers joined the strike, according to the port authority.\n\n"
    "Talks resume on Friday."
)


def write(folder: Path, name: str, data: bytes | str) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def read(paths: list[str], **options: object) -> list[Document | InputError]:
    return list(iter_documents(paths, **options))  # type: ignore[arg-type]


def one(path: str, **options: object) -> Document:
    items = read([path], **options)
    assert len(items) == 1, items
    assert isinstance(items[0], Document), items[0]
    return items[0]


def error(path: str, **options: object) -> str:
    items = read([path], **options)
    assert len(items) == 1, items
    assert isinstance(items[0], InputError), items[0]
    return str(items[0])


# ------------------------------------------------------------------------------------ plain text

def test_plain_text_article(tmp_path: Path) -> None:
    path = write(tmp_path, "strike.txt", ARTICLE)
    doc = one(path)
    assert doc.title == "Harbour cranes stand idle"
    assert doc.tags == ("port", "strike")
    assert doc.text == BODY
    assert (doc.input_format, doc.origin) == ("txt", path)
    assert (doc.url, doc.outlet, doc.published, doc.language) == (None, None, None, "en")  # detected


@pytest.mark.parametrize("name", ["a.text", "a.md", "a.TXT", "a.markdown", "article"])
def test_plain_text_extensions(tmp_path: Path, name: str) -> None:
    assert one(write(tmp_path, name, ARTICLE)).text == BODY


def test_input_format_overrides_the_extension(tmp_path: Path) -> None:
    path = write(tmp_path, "page.txt", "<html><body><p>Forty homes were flooded.</p></body></html>")
    assert one(path, input_format="html").text == "Forty homes were flooded."
    assert one(path).text == "<html><body><p>Forty homes were flooded.</p></body></html>"


def test_read_bytes_in_memory() -> None:
    doc = read_bytes(ARTICLE.encode("utf-16"), "memo.txt")
    assert (doc.title, doc.text, doc.origin) == ("Harbour cranes stand idle", BODY, "memo.txt")
    assert read_bytes(b"<p>Forty homes.</p>", "memo.html", "html").input_format == "html"
    with pytest.raises(InputError, match="^memo.txt: empty file$"):
        read_bytes(b" ", "memo.txt")


def test_unknown_input_format_is_refused() -> None:
    with pytest.raises(InputError, match="unknown input format 'pdf'"):
        read(["-"], input_format="pdf")
    assert INPUT_FORMATS == ("txt", "html", "jsonl", "feed", "warc")


# ------------------------------------------------------------------------------------ encodings

ENCODED = [
    ("utf-8", ARTICLE.encode("utf-8")),
    ("utf-8 with BOM", b"\xef\xbb\xbf" + ARTICLE.encode("utf-8")),
    ("utf-16 LE with BOM", ARTICLE.encode("utf-16")),
    ("utf-16 BE with BOM", b"\xfe\xff" + ARTICLE.encode("utf-16-be")),
    ("utf-32 with BOM", ARTICLE.encode("utf-32")),
    ("windows newlines", ARTICLE.replace("\n", "\r\n").encode("utf-8")),
]


@pytest.mark.parametrize(("label", "data"), ENCODED, ids=[e[0] for e in ENCODED])
def test_encodings_with_a_byte_order_mark(tmp_path: Path, label: str, data: bytes) -> None:
    doc = one(write(tmp_path, "a.txt", data))
    assert doc.title == "Harbour cranes stand idle"
    assert doc.text == BODY


LEGACY = [
    ("cp1252 curly quotes and accents",
     "Café owners protest\n\nThe café owner said “we will reopen” on Monday – and 40 staff agreed.",
     "cp1252", "The café owner said “we will reopen” on Monday – and 40 staff agreed."),
    ("latin-1 accents", "Résumé\n\nThe naïve plan cost €0 and saved 12 jobs in Málaga.".replace("€", "EUR "),
     "latin-1", "The naïve plan cost EUR 0 and saved 12 jobs in Málaga."),
    ("cp1251 Cyrillic",
     "Наводнение\n\nМосква заявила о новых мерах по защите города после наводнения, в результате "
     "которого пострадали 120 человек. Спасатели продолжают работу.", "cp1251",
     "Москва заявила о новых мерах по защите города после наводнения, в результате которого "
     "пострадали 120 человек. Спасатели продолжают работу."),
]


@pytest.mark.parametrize(("label", "text", "encoding", "body"), LEGACY, ids=[c[0] for c in LEGACY])
def test_legacy_encodings_are_told_and_decoded(tmp_path: Path, label: str, text: str, encoding: str,
                                               body: str) -> None:
    assert one(write(tmp_path, "a.txt", text.encode(encoding))).text == body


BAD_BYTES = [
    ("empty", b"", "empty file"),
    ("whitespace only", b"  \n\t\r\n  ", "empty file"),
    ("BOM only", b"\xef\xbb\xbf", "empty file"),
    ("BOM and whitespace", b"\xef\xbb\xbf \n ", "empty file"),
    ("UTF-16 spaces", " \n ".encode("utf-16"), "empty file"),
    ("zero-width only", "\u200b\u200b\n".encode("utf-8"), "empty file"),
    ("PNG header", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file, not text"),
    ("NUL inside text", b"The dam held.\x00\nWater fell.", "binary file, not text"),
    ("NUL after 8 KB", b"The dam held. " * 1000 + b"\x00", "binary file, not text"),
    ("mostly control bytes", bytes(range(1, 32)) * 20, "binary file, not text"),
    ("undecidable high bytes", bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 40,
     "not valid UTF-8 and the encoding could not be told"),
    ("every high byte", bytes(range(0x80, 0x100)) * 3, "not valid UTF-8 and the encoding could not be told"),
    ("broken UTF-16", b"\xff\xfeA\x00\x00\xd8", "not valid UTF-16 despite its byte-order mark"),
]


@pytest.mark.parametrize(("label", "data", "reason"), BAD_BYTES, ids=[b[0] for b in BAD_BYTES])
@pytest.mark.parametrize("fmt", ["txt", "html"])
def test_bad_bytes_are_one_line_errors(tmp_path: Path, label: str, data: bytes, reason: str, fmt: str) -> None:
    path = write(tmp_path, f"bad.{fmt}", data)
    assert error(path) == f"{path}: {reason}"


def test_control_characters_in_text_are_cleaned(tmp_path: Path) -> None:
    data = "Dam holds\n\nThe dam\x07 held\u200b after 3\u00a0days\x1b[0m of rain.".encode()
    assert one(write(tmp_path, "a.txt", data)).text == "The dam held after 3 days of rain."


# ------------------------------------------------------------------------------------ file system

def test_missing_path(tmp_path: Path) -> None:
    path = str(tmp_path / "nowhere.txt")
    assert error(path) == f"{path}: no such file or directory"
    assert error(str(tmp_path / "a.txt" / "b.txt")) == f"{tmp_path / 'a.txt' / 'b.txt'}: no such file or directory"


def _summary(item: Document | InputError) -> str:
    return str(item) if isinstance(item, InputError) else f"document {item.origin}"


def _as_nobody(paths: list[str]) -> list[str]:
    """Read ``paths`` as an unprivileged user: root reads everything, so a forked child drops to nobody."""
    if os.geteuid() != 0:
        return [_summary(item) for item in iter_documents(paths)]
    return as_nobody(lambda: [_summary(item) for item in iter_documents(paths)])  # type: ignore[no-any-return]


def test_permission_denied(open_dir: Path) -> None:
    secret = write(open_dir, "secret.txt", ARTICLE)
    os.chmod(secret, 0)
    closed = open_dir / "closed"
    write(closed, "inside.txt", ARTICLE)
    closed.chmod(0)
    assert _as_nobody([secret]) == [f"{secret}: permission denied"]
    assert _as_nobody([str(closed)]) == [f"{closed}: permission denied"]
    open_file = write(open_dir, "open.txt", ARTICLE)
    os.chmod(open_file, 0o644)
    assert _as_nobody([str(open_dir)]) == [f"{closed}: permission denied", f"document {open_file}",
                                           f"{secret}: permission denied"]


def test_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "long.txt", ARTICLE * 20)
    size = os.path.getsize(path)
    assert error(path, max_bytes=1000) == (
        f"{path}: file is {size:,} bytes, over the 1,000 bytes limit (raise it with --max-size)")
    assert one(path, max_bytes=size).title == "Harbour cranes stand idle"


def test_size_limit_in_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(25 * 1024 * 1024)  # sparse: nothing is written or read
    assert error(str(path)) == f"{path}: file is 25 MB, over the 5 MB limit (raise it with --max-size)"
    assert DEFAULT_MAX_BYTES == 5 * 1024 * 1024


# ----------------------------------------------------------------------------------------- folders

def test_folder_is_read_recursively_in_order(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", "Second\n\nBody of b.")
    write(tmp_path, "a/z.html", "<p>Body of z.</p>")
    write(tmp_path, "a/y.md", "Third\n\nBody of y.")
    write(tmp_path, "c.jsonl", '{"text": "Body of c one."}\n{"text": "Body of c two."}\n')
    write(tmp_path, "notes.pdf", b"%PDF-1.4 \x00")
    write(tmp_path, "image.png", b"\x89PNG\x00")
    write(tmp_path, ".hidden.txt", "Hidden\n\nNot read.")
    write(tmp_path, ".git/x.txt", "Hidden\n\nNot read.")
    docs = read([str(tmp_path)])
    assert all(isinstance(d, Document) for d in docs)
    assert [d.text for d in docs] == ["Body of y.", "Body of z.", "Body of b.", "Body of c one.", "Body of c two."]
    assert [d.origin for d in docs] == [str(tmp_path / "a" / "y.md"), str(tmp_path / "a" / "z.html"),
                                        str(tmp_path / "b.txt"), f"{tmp_path / 'c.jsonl'}:1",
                                        f"{tmp_path / 'c.jsonl'}:2"]
    assert [d.input_format for d in docs] == ["txt", "html", "txt", "jsonl", "jsonl"]


def test_folder_errors_do_not_stop_the_rest(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", b"")
    write(tmp_path, "b.txt", "Fine\n\nForty homes were flooded.")
    items = read([str(tmp_path), str(tmp_path / "missing.txt")])
    assert [str(i) if isinstance(i, InputError) else i.text for i in items] == [
        f"{tmp_path / 'a.txt'}: empty file", "Forty homes were flooded.",
        f"{tmp_path / 'missing.txt'}: no such file or directory"]


def test_folder_without_supported_files(tmp_path: Path) -> None:
    write(tmp_path, "photo.jpg", b"\xff\xd8\xff")
    assert error(str(tmp_path)) == f"{tmp_path}: no .txt, .html, .jsonl, .rss or .warc files"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert error(str(empty)) == f"{empty}: no .txt, .html, .jsonl, .rss or .warc files"


def test_input_format_applies_to_folder_files(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "<p>Forty homes.</p>")
    assert [d.text for d in read([str(tmp_path)], input_format="html")] == ["Forty homes."]  # type: ignore[union-attr]


def test_symlinks_out_of_the_folder_are_skipped(tmp_path: Path) -> None:
    inside = tmp_path / "in"
    outside = tmp_path / "out"
    write(inside, "own.txt", "Own\n\nOwn text.")
    write(outside, "far.txt", "Far\n\nFar text.")
    (inside / "far-link.txt").symlink_to(outside / "far.txt")
    (inside / "far-dir").symlink_to(outside)
    (inside / "own-link.txt").symlink_to(inside / "own.txt")
    (inside / "loop").symlink_to(inside)
    texts = [d.text for d in read([str(inside)])]  # type: ignore[union-attr]
    assert texts == ["Own text.", "Own text."]
    followed = [d.text for d in read([str(inside)], follow_symlinks=True)]  # type: ignore[union-attr]
    assert followed == ["Far text.", "Far text.", "Own text.", "Own text."]


def test_a_named_symlink_is_read(tmp_path: Path) -> None:
    target = write(tmp_path, "real.txt", "Real\n\nReal text.")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert one(str(link)).text == "Real text."
    dangling = tmp_path / "gone.txt"
    dangling.symlink_to(tmp_path / "never.txt")
    assert error(str(dangling)) == f"{dangling}: no such file or directory"


def test_odd_file_names_give_one_line_utf8_origins(tmp_path: Path) -> None:
    write(tmp_path, "two\nlines.txt", "A\n\nText a.")
    (tmp_path / os.fsdecode(b"caf\xe9.txt")).write_bytes(b"B\n\nText b.")
    write(tmp_path, "empty\rname.txt", b"")
    items = read([str(tmp_path)])
    shown = [str(i) if isinstance(i, InputError) else i.origin for i in items]
    assert shown == [f"{tmp_path}/caf\ufffd.txt", f"{tmp_path}/empty?name.txt: empty file", f"{tmp_path}/two?lines.txt"]
    for text in shown:
        text.encode("utf-8")


def test_fifo_in_a_folder_is_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    write(tmp_path, "a.txt", "A\n\nText a.")
    assert [d.text for d in read([str(tmp_path)])] == ["Text a."]  # type: ignore[union-attr]


# ------------------------------------------------------------------------------------------- stdin

def test_stdin_plain_text() -> None:
    items = read(["-"], stdin=io.BytesIO(ARTICLE.encode()))
    assert len(items) == 1 and isinstance(items[0], Document)
    assert (items[0].origin, items[0].input_format, items[0].text) == ("<stdin>", "txt", BODY)


def test_stdin_one_sentence_is_the_body() -> None:
    doc = read(["-"], stdin=io.BytesIO(b"Officials said 40 people were hurt.\n"))[0]
    assert isinstance(doc, Document)
    assert (doc.title, doc.text) == (None, "Officials said 40 people were hurt.")


def test_stdin_formats_and_limits() -> None:
    lines = b'{"text": "First one."}\n{"text": "Second one."}\n'
    docs = read(["-"], stdin=io.BytesIO(lines), input_format="jsonl")
    assert [(d.origin, d.text) for d in docs] == [("<stdin>:1", "First one."), ("<stdin>:2", "Second one.")]  # type: ignore[union-attr]
    html = b"<article><p>Forty homes.</p></article>"
    assert read(["-"], stdin=io.BytesIO(html), input_format="html")[0].text == "Forty homes."  # type: ignore[union-attr]
    assert [str(e) for e in read(["-"], stdin=io.BytesIO(b"x" * 50), max_bytes=10)] == [
        "<stdin>: input is over the 10 bytes limit (raise it with --max-size)"]
    assert [str(e) for e in read(["-"], stdin=io.BytesIO(b""))] == ["<stdin>: empty file"]


# -------------------------------------------------------------------------------------------- HTML

PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Bridge reopens after repairs | Riverside Gazette</title>
  <meta property="og:title" content="Bridge reopens after eight months">
  <meta property="og:site_name" content="Riverside Gazette">
  <meta property="og:url" content="https://gazette.example/og-bridge">
  <meta property="article:published_time" content="2023-03-14T08:30:00+01:00">
  <meta property="article:tag" content="Transport">
  <meta property="article:tag" content="Repairs">
  <meta name="keywords" content="ignored, because, article tags exist">
  <link rel="stylesheet" href="https://cdn.example/site.css">
  <link rel="canonical" href="https://gazette.example/bridge">
  <script>var promo = "<p>Not article text</p>";</script>
  <style>p { color: red }</style>
</head>
<body>
  <nav><ul><li>Home</li><li>News</li></ul></nav>
  <header><h1>Bridge reopens</h1><p>By A. Writer</p></header>
  <article>
    <p>The old bridge reopened on Monday after &ldquo;eight months&rdquo; of work &amp; tests.</p>
    <figure><img src="https://cdn.example/deck.jpg" alt="deck"><figcaption>Workers on the deck.</figcaption></figure>
    <p>About 12,000 cars cross it each day, the council said.<br>Traffic was light.</p>
    <p>Also Read: Ferry fares rise again</p>
    <aside><p>Sidebar promotion</p></aside>
    <noscript><p>Enable scripts</p></noscript>
    <p>Share this:</p>
    <h2>Next steps</h2>
    <ul><li>Paint the rails</li><li>Fix 40 lamps</li></ul>
    <blockquote>&quot;We are glad,&quot; a driver said.</blockquote>
    <form><p>Sign in to comment</p><input name="q"></form>
  </article>
  <section><h3>Leave a Reply</h3><p>Your email address will not be published.</p></section>
  <footer><p>Copyright 2023 Riverside Gazette</p></footer>
</body>
</html>"""
PAGE_TEXT = (
    "The old bridge reopened on Monday after “eight months” of work & tests.\n\n"
    "About 12,000 cars cross it each day, the council said.\nTraffic was light.\n\n"
    "Next steps\n\n"
    "Paint the rails\n\n"
    "Fix 40 lamps\n\n"
    "\"We are glad,\" a driver said."
)


def test_html_article_and_metadata(tmp_path: Path) -> None:
    path = write(tmp_path, "bridge.html", PAGE)
    doc = one(path)
    assert doc.text == PAGE_TEXT
    assert doc.title == "Bridge reopens after eight months"
    assert doc.outlet == "Riverside Gazette"
    assert doc.published == date(2023, 3, 14)
    assert doc.url == "https://gazette.example/bridge"
    assert doc.tags == ("Transport", "Repairs")
    assert doc.language == "en-GB"
    assert (doc.input_format, doc.origin) == ("html", path)


HTML_CASES = [
    # (label, page, expected fields)
    ("title tag without the site name",
     '<title>Dam holds | Lake Post</title><meta property="og:site_name" content="Lake Post"><p>Text.</p>',
     {"title": "Dam holds", "outlet": "Lake Post"}),
    ("title tag kept when no site name", "<title>Dam holds - Lake Post</title><p>Text.</p>",
     {"title": "Dam holds - Lake Post"}),
    ("first h1 when there is no title", "<body><h1>Dam  holds</h1><h1>Other</h1><p>Text.</p></body>",
     {"title": "Dam holds", "text": "Text."}),
    ("no title at all", "<p>Text.</p>", {"title": None}),
    ("published from meta name=date", '<meta name="date" content="2022-11-02"><p>Text.</p>',
     {"published": date(2022, 11, 2)}),
    ("published from time inside the article",
     '<time datetime="2001-01-01">x</time><article><time datetime="2021-06-30T12:00Z">June 30</time>'
     "<p>Text.</p></article>", {"published": date(2021, 6, 30)}),
    ("published RFC 2822", '<meta name="pubdate" content="Sun, 05 May 2024 10:00:00 GMT"><p>Text.</p>',
     {"published": date(2024, 5, 5)}),
    ("unreadable published is None", '<meta property="article:published_time" content="last Tuesday"><p>T.</p>',
     {"published": None}),
    ("impossible published is None", '<meta name="date" content="2024-02-30"><p>T.</p>', {"published": None}),
    ("og:url when no canonical", '<meta property="og:url" content="https://lake.example/a"><p>T.</p>',
     {"url": "https://lake.example/a"}),
    ("relative canonical ignored", '<link rel="canonical" href="/a"><p>T.</p>', {"url": None}),
    ("javascript canonical ignored", '<link rel="canonical" href="javascript:alert(1)"><p>T.</p>',
     {"url": None}),
    ("keywords as tags", '<meta name="keywords" content="dams, floods , ,Lake"><p>T.</p>',
     {"tags": ("dams", "floods", "Lake")}),
    ("language from og:locale", '<meta property="og:locale" content="fr_FR"><p>T.</p>', {"language": "fr-FR"}),
    ("junk language ignored", '<html lang="<script>"><p>T.</p></html>', {"language": None}),
    ("JSON-LD metadata",
     '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "WebSite"},'
     '{"@type": "NewsArticle", "headline": "Dam holds", "datePublished": "2020-04-01T09:00:00Z",'
     '"publisher": {"@type": "Organization", "name": "Lake Post"}, "keywords": ["dams", "rain"]}]}</script>'
     "<p>T.</p>",
     {"title": "Dam holds", "published": date(2020, 4, 1), "outlet": "Lake Post", "tags": ("dams", "rain")}),
    ("broken JSON-LD ignored", '<script type="application/ld+json">{"headline": </script><p>T.</p>',
     {"title": None, "text": "T."}),
    ("main when there is no article",
     "<body><div><p>Menu text</p></div><main><p>Main text.</p></main></body>", {"text": "Main text."}),
    ("the article with the most text",
     "<article><p>Short teaser.</p></article><article><p>The long story has 300 words in it.</p>"
     "<p>And more.</p></article>", {"text": "The long story has 300 words in it.\n\nAnd more."}),
    ("loose text when there are no paragraphs", "<body><div>First line<br>second line</div><div>Next</div></body>",
     {"text": "First line\nsecond line\n\nNext"}),
    ("entities decoded", "<p>Caf&eacute; &#8220;open&#8221; &#x2014; 5&nbsp;tables &lt;3</p>",
     {"text": "Café “open” — 5 tables <3"}),
    ("hidden elements skipped", '<p>Seen.</p><p hidden>Unseen.</p><div aria-hidden="true"><p>No.</p></div>',
     {"text": "Seen."}),
    ("Word conditional comments", "<p>One <![if !supportLists]>-<![endif]> two <![bogus x]> three</p>",
     {"text": "One - two three"}),
    ("whole-page form as a fallback", "<body><form><div><p>Text in a form.</p></div></form></body>",
     {"text": "Text in a form."}),
    ("implied paragraph ends", "<article><p>One<p>Two<div>Three</div><ul><li>Four<li>Five</ul></article>",
     {"text": "One\n\nTwo\n\nFour\n\nFive"}),
    ("unclosed title does not swallow the page", "<title>Dam holds<body><p>Text.</p>",
     {"title": "Dam holds", "text": "Text."}),
    ("no external loading", '<!DOCTYPE html SYSTEM "http://example.invalid/x.dtd"><img src="http://example.invalid/x">'
     '<iframe src="http://example.invalid/"></iframe><p>Local only.</p>', {"text": "Local only."}),
]


@pytest.mark.parametrize(("label", "page", "expected"), HTML_CASES, ids=[c[0] for c in HTML_CASES])
def test_html_cases(label: str, page: str, expected: dict[str, object]) -> None:
    doc = parse_html(page, "page.html")
    for key, value in expected.items():
        assert getattr(doc, key) == value, key


HTML_ERRORS = [
    ("mostly script", "<html><head><script>" + "var a = 1;\n" * 500 + "</script></head><body>"
     "<script>document.write('<p>x</p>')</script></body></html>"),
    ("only navigation", "<body><nav><ul><li>Home</li><li>About</li></ul></nav><footer>Contact</footer></body>"),
    ("only boilerplate", "<article><p>Advertisement</p><p>Share this:</p></article>"),
    ("only tags", "<html><head><title>Nothing here</title></head><body><div><span></span></div></body></html>"),
    ("comment only", "<!-- <p>Not shown</p> -->"),
]


@pytest.mark.parametrize(("label", "page"), HTML_ERRORS, ids=[e[0] for e in HTML_ERRORS])
def test_html_without_article_text(tmp_path: Path, label: str, page: str) -> None:
    path = write(tmp_path, "page.html", page)
    assert error(path) == f"{path}: no article text found"


def test_malformed_html_still_reads(tmp_path: Path) -> None:
    page = ("<html><body><article><p>Rain <b>fell <i>hard</b> on</i> Monday.</p></span></div></p>"
            "<p>Rivers <a href='#'>rose <p>Fifty homes flooded.</article></body><p>After the end")
    doc = one(write(tmp_path, "bad.html", page))
    assert doc.text == "Rain fell hard on Monday.\n\nRivers rose\n\nFifty homes flooded."


def test_html_declared_charset(tmp_path: Path) -> None:
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
            "</head><body><p>The café sold “40” cakes.</p></body></html>")
    doc = one(write(tmp_path, "old.htm", page.encode("cp1252")))
    assert doc.text == "The café sold “40” cakes."


def test_deeply_nested_html(tmp_path: Path) -> None:
    page = "<div>" * 20_000 + "<p>Deep text.</p>" + "</div>" * 20_000 + "</span>" * 20_000
    assert one(write(tmp_path, "deep.html", page)).text == "Deep text."


TOKENIZER_CASES = [
    ("unclosed comment hides the rest", "<p>Seen.</p><!-- <p>Hidden.</p>", "Seen."),
    ("end of page inside a tag drops the tag", "<p>Seen.</p><p>Cut <a href='x>never shown", "Seen.\n\nCut"),
    ("quoted '>' stays inside the attribute", '<p title="a > b">Text &gt; more.</p>', "Text > more."),
    ("a '<' that opens nothing is text", "<p>3 < 4 and 5 <= 6 <</p>", "3 < 4 and 5 <= 6 <"),
    ("bogus end tags and declarations are skipped", "<p>One</ p> two</> three<!x> four<?php echo 1 ?> five</p>",
     "One two three four five"),
    ("script ends only at its own end tag", "<script>if (a</b) {'</scriptx>'}</script ><p>After.</p>", "After."),
    ("upper-case tags", "<P>Upper <B>case</B>.</P><SCRIPT>x</SCRIPT>", "Upper case."),
    ("self-closing and unquoted attributes", "<p class=lead data-x=1>Lead<br/>line</p>", "Lead\nline"),
    ("empty comments", "<p>A<!---->B<!-->C</p>", "ABC"),
]


@pytest.mark.parametrize(("label", "page", "text"), TOKENIZER_CASES, ids=[t[0] for t in TOKENIZER_CASES])
def test_html_tokenizer_follows_the_html5_rules(label: str, page: str, text: str) -> None:
    assert parse_html(page, "page.html").text == text


# -------------------------------------------------------------------------------------- JSON Lines

def test_jsonl_articles_and_errors(tmp_path: Path) -> None:
    lines = [
        json.dumps({"title": "Dam holds", "text": "The dam held.\n\nAlso Read: other\n\nRain stopped.",
                    "url": "https://lake.example/dam", "outlet": "Lake Post", "published": "2024-05-05",
                    "tags": ["dams", "Dams", "rain"], "id": "lp-1", "language": "en", "unknown": [1, 2]}),
        "",
        "{broken",
        json.dumps({"title": "No text"}),
        json.dumps({"text": 42}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "   "}),
        json.dumps({"text": "Advertisement"}),
        json.dumps({"text": "Fine.", "url": 7}),
        json.dumps({"text": "Fine.", "tags": "a,b"}),
        json.dumps({"text": "Fine.", "published": "someday", "title": None}),
        "[" * 100_000 + "]" * 100_000,
        '{"text": "Big.", "n": ' + "9" * 5000 + "}",
        json.dumps({"text": "Last one."}),
    ]
    path = write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    items = read([path])
    first = items[0]
    assert isinstance(first, Document)
    assert first.text == "The dam held.\n\nRain stopped."
    assert (first.title, first.url, first.outlet, first.published, first.language) == (
        "Dam holds", "https://lake.example/dam", "Lake Post", date(2024, 5, 5), "en")
    assert first.tags == ("dams", "rain")
    assert (first.origin, first.input_format, first.extra) == (f"{path}:1", "jsonl", {"id": "lp-1"})
    rest = [str(i) if isinstance(i, InputError) else (i.origin, i.text, i.published) for i in items[1:]]
    assert rest == [
        f"{path}:3: invalid JSON (Expecting property name enclosed in double quotes at column 2)",
        f'{path}:4: missing required field "text"',
        f'{path}:5: field "text" must be a string, not a number',
        f"{path}:6: expected a JSON object, got an array",
        f'{path}:7: field "text" is empty',
        f"{path}:8: no article text found",
        f'{path}:9: field "url" must be a string or null, not a number',
        f'{path}:10: field "tags" must be an array of strings',
        (f"{path}:11", "Fine.", None),
        f"{path}:12: invalid JSON (nested too deeply)",
        rest[10],
        (f"{path}:14", "Last one.", None),
    ]
    assert rest[10].startswith(f"{path}:13: invalid JSON (") and "\n" not in rest[10]


JSONL_FILES = [
    ("BOM on the first line", b'\xef\xbb\xbf{"text": "One."}\n', ["One."]),
    ("CRLF lines", b'{"text": "One."}\r\n{"text": "Two."}\r\n', ["One.", "Two."]),
    ("no final newline", b'{"text": "One."}\n{"text": "Two."}', ["One.", "Two."]),
    ("UTF-16 with BOM", '{"text": "One."}\n{"text": "Twó."}\n'.encode("utf-16"), ["One.", "Twó."]),
    ("cp1252 line", '{"text": "The café sold “40” cakes."}\n'.encode("cp1252"), ["The café sold “40” cakes."]),
]


@pytest.mark.parametrize(("label", "data", "texts"), JSONL_FILES, ids=[j[0] for j in JSONL_FILES])
def test_jsonl_files(tmp_path: Path, label: str, data: bytes, texts: list[str]) -> None:
    docs = read([write(tmp_path, "a.ndjson", data)])
    assert [d.text for d in docs] == texts  # type: ignore[union-attr]


@pytest.mark.parametrize(("label", "data", "reason"), [
    ("empty", b"", "empty file"),
    ("blank lines", b"\n  \n\r\n", "empty file"),
    ("binary", b'{"text": "x"}\n\x00\x01\x02', "binary file, not text"),
])
def test_jsonl_file_errors(tmp_path: Path, label: str, data: bytes, reason: str) -> None:
    path = write(tmp_path, "a.jsonl", data)
    assert error(path) == f"{path}: {reason}"


def test_jsonl_line_limit(tmp_path: Path) -> None:
    big = json.dumps({"text": "x " * 5000})
    path = write(tmp_path, "a.jsonl", f'{{"text": "Before."}}\n{big}\n{{"text": "After."}}\n')
    items = read([path], max_bytes=1000)
    assert [str(i) if isinstance(i, InputError) else i.text for i in items] == [
        "Before.",
        f"{path}:2: line is {len(big) + 1:,} bytes, over the 1,000 bytes limit (raise it with --max-size)",
        "After.",
    ]


def test_jsonl_streams_many_lines(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for i in range(20_000):
            f.write(json.dumps({"text": f"Report {i} counts {i * 3} boats."}) + "\n")
    items = iter_documents([str(path)])
    first = next(items)
    assert isinstance(first, Document) and first.origin == f"{path}:1"
    assert sum(1 for _ in items) == 19_999


# ------------------------------------------------------------------------------------------- dates

DATES = [
    ("2024-05-05", date(2024, 5, 5)),
    (" 2024-05-05 ", date(2024, 5, 5)),
    ("2024-05-05T10:00:00Z", date(2024, 5, 5)),
    ("2024-05-05T23:30:00-05:00", date(2024, 5, 5)),
    ("2024-05-05T10:00:00.123456+0200", date(2024, 5, 5)),
    ("2024-05-05 10:00", date(2024, 5, 5)),
    ("2024-02-29", date(2024, 2, 29)),
]
BAD_DATES = ["2024-13-45", "2024-02-30", "2023-02-29", "2024-00-10", "2024-05-05T25:00", "2024-05-05T10:61",
             "yesterday", "", "2024-5-5", "05/05/2024", "2024-05", "20240505", "2024-05-05 and more"]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", BAD_DATES)
def test_parse_date_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


def test_apply_overrides() -> None:
    doc = Document(text="Body.", title="Old", outlet="Lake Post", url="https://lake.example/a")
    assert apply_overrides(doc) is doc
    new = apply_overrides(doc, published=date(2024, 5, 5), outlet="River News", title="New")
    assert (new.text, new.title, new.outlet, new.url, new.published) == (
        "Body.", "New", "River News", "https://lake.example/a", date(2024, 5, 5))
    assert doc.title == "Old"


# -------------------------------------------------------------------------------------- robustness

def _check(items: list[Document | InputError], name: str) -> None:
    for item in items:
        assert isinstance(item, Document | InputError)
        if isinstance(item, InputError):
            message = str(item)
            assert message.startswith(name) and "\n" not in message
        else:
            assert item.text and item.text == item.text.strip()


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=600), fmt=st.sampled_from(INPUT_FORMATS))
def test_random_bytes_only_give_documents_or_input_errors(data: bytes, fmt: str) -> None:
    _check(read(["-"], stdin=io.BytesIO(data), input_format=fmt, max_bytes=400), "<stdin>")


_MARKUP = st.lists(st.sampled_from(
    ["<p>", "</p>", "<article>", "</article>", "<script>", "</script>", "<![", "]]>", "<!--", "-->", "<?x",
     "&amp;", "&#x", ";", "<br/>", "<title>", "<h1>", "<nav>", "</", ">", "<", "Rain fell.", " 40 homes ",
     '<meta name="date" content="2024-01-01">', "<![if x]>", "<![endif]>", "\x00", "é", "\n"]),
    max_size=40).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=_MARKUP)
def test_random_markup_never_raises_anything_else(tmp_path: Path, page: str) -> None:
    path = write(tmp_path, "fuzz.html", page.encode("utf-8"))
    _check(read([path]), path)
    _check(read([path], input_format="jsonl"), path)


# ------------------------------------------------------------------------------- shared material

def test_seed_article_reads_as_expected() -> None:
    seed = shared_path("seed", "ceasefire-talks.txt")
    expected = json.loads(shared_path("seed", "ceasefire-talks.expected.json").read_text(encoding="utf-8"))
    doc = one(str(seed))
    assert doc.title == expected["source"]["title"]
    assert list(doc.tags) == expected["source"]["tags"]
    for text in expected["forbidden_text"]:
        assert text not in doc.text
    assert doc.text.count("\n\n") == 5  # six paragraphs of article text
    assert doc.title not in doc.text and "#" not in doc.text


def test_shared_corpus_reads_without_errors() -> None:
    corpus = shared_path("corpus", "wikinews", "articles.jsonl")
    with open(corpus, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    docs = read([str(corpus)])
    assert len(docs) == len(rows)
    assert all(isinstance(d, Document) and d.text for d in docs)
    assert [d.title for d in docs] == [r["title"] for r in rows]  # type: ignore[union-attr]
    assert [d.published.isoformat() if d.published else None for d in docs] == [  # type: ignore[union-attr]
        r["published"] for r in rows]


@pytest.mark.parametrize("written, expected", [("June 3, 2022", date(2022, 6, 3)),
                                               ("3 June 2022", date(2022, 6, 3)),
                                               ("yesterday", None), ("not a date", None)])
def test_free_form_metadata_dates(tmp_path: Path, written: str, expected: date | None) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"title": "T", "text": "Nine boats sank.", "published": written}) + "\n")
    (doc,) = list(iter_documents([str(path)]))
    assert doc.published == expected
