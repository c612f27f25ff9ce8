"""Fuzzing (hypothesis): random and half-structured bytes to every reader, random text to cleaning and
extraction. Nothing escapes but the project's own errors; extraction is deterministic and every span
indexes the text it was taken from."""

from __future__ import annotations

import codecs
import io
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from facttrack.clean import clean_text, normalise
from facttrack.document import Document
from facttrack.errors import FacttrackError, InputError
from facttrack.extract import extract
from facttrack.readers import INPUT_FORMATS, iter_documents

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MAX_BYTES = 4096


# --------------------------------------------------------------------------------------- checks

def check_items(items: list[Document | InputError], name: str) -> list[Document]:
    """Only documents and one-line errors naming the input; documents hold clean, non-empty text."""
    docs = []
    for item in items:
        assert isinstance(item, Document | InputError), type(item)
        if isinstance(item, InputError):
            message = str(item)
            assert message.startswith(name) and "\n" not in message and "\r" not in message, message
            continue
        assert item.text and item.text == item.text.strip()
        assert clean_text(item.text) == item.text, "reading gives text that cleaning leaves alone"
        assert "\x00" not in item.text and "\x1b" not in item.text
        for value in (item.title, item.outlet, item.url, *item.tags):
            assert value is None or (value and "\n" not in value and value == value.strip())
        docs.append(item)
    return docs


def check_extraction(doc: Document) -> None:
    """Extraction on any text: only project errors escape, the same result twice, spans index the text."""
    try:
        first = extract(doc)
    except FacttrackError:
        return
    assert first == extract(doc), "extraction is deterministic"
    text = doc.text
    for item in (*first.figures, *first.claims):
        assert 0 <= item.start <= item.end <= len(text), (item.start, item.end, len(text))
        assert text[item.start:item.end] == item.text
        assert 0 <= item.sentence_start <= item.start and item.end <= item.sentence_end + 1
        assert item.sentence_end <= len(text)
    for figure in first.figures:
        assert abs(figure.value) < 1e25 and (figure.value_max is None or abs(figure.value_max) < 1e25)
    for claim in first.claims:
        assert claim.text == text[claim.start:claim.end]


def read_stdin(data: bytes, fmt: str) -> list[Document | InputError]:
    return list(iter_documents(["-"], stdin=io.BytesIO(data), input_format=fmt, max_bytes=MAX_BYTES))


# ------------------------------------------------------------------------------------ strategies

# Pieces that steer random bytes into the readers' branches: byte-order marks, NULs and control
# bytes, broken and valid UTF-8, Windows-1252 punctuation, JSON and HTML fragments, numbers and cues.
_BYTE_PIECES = st.sampled_from([
    codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, b"\x00", b"\x00\x00",
    b"\x1b[31m", b"\x9b", b"\x07", b"\r\n", b"\n", b"\n\n", b" ", b"\t", b"\xff", b"\xfe", b"\xc3", b"\xa9",
    b"\xe2\x80\x9c", b"\xe2\x80", b"\x93", b"\x94", b"\x80", "é".encode(), "東".encode(), "\u202e".encode(),
    "\u200b".encode(), b'{"text": "', b'"}', b'{"text": "A boat sank."}\n', b'"title": ', b"null", b"[",
    b"]", b"{", b"}", b",", b'\\u0000', b'\\ud800', b"<p>", b"</p>", b"<a href='", b"<!--", b"-->",
    b"<script>", b"</script>", b"<article>", b"&amp;", b"&#x", b";", b"<", b">", b"#tag ", b"Title",
    b"Officials said 40 people were killed.", b"1,200", b"according to the UN", b"\xef\xbb\xbf",
])
HALF_STRUCTURED = st.one_of(st.binary(max_size=600), st.lists(_BYTE_PIECES, max_size=40).map(b"".join))


def _json_value(depth: int = 2) -> st.SearchStrategy:
    leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=40))
    return st.recursive(leaves, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.text(max_size=8), inner, max_size=3), max_leaves=6)


JSON_OBJECTS = st.fixed_dictionaries({}, optional={
    "text": st.one_of(st.text(max_size=200), _json_value()), "title": st.one_of(st.text(max_size=40), _json_value()),
    "url": st.one_of(st.text(max_size=40), _json_value()), "outlet": st.one_of(st.text(max_size=40), _json_value()),
    "published": st.one_of(st.text(max_size=30), st.dates().map(str), _json_value()),
    "tags": st.one_of(st.lists(st.text(max_size=10), max_size=4), _json_value()),
    "language": st.one_of(st.text(max_size=10), _json_value()), "id": _json_value(),
})
JSONL_LINES = st.lists(st.one_of(JSON_OBJECTS.map(json.dumps), _json_value().map(json.dumps),
                                 st.text(max_size=60)), max_size=8)

_MARKUP = st.sampled_from([
    "<p>", "</p>", "<article>", "</article>", "<main>", "<div>", "</div>", "<script>", "</script>", "<style>",
    "</style>", "<br/>", "<title>", "</title>", "<h1>", "</h1>", "<li>", "<ul>", "<form>", "<nav>", "<a ",
    "<a href='x", '<a href="x">', "<p hidden>", "<!--", "-->", "<!DOCTYPE html>", "<![CDATA[", "]]>", "<?x ",
    "<!", "</", "<", ">", "/>", "=", "'", '"', "&amp;", "&#x41;", "&#99999999;", "&", ";", "\x00", "\n",
    "<meta name='date' content='2024-05-05'>", '<script type="application/ld+json">{"@type":"NewsArticle",',
    "Rain fell.", " 40 homes were flooded, the mayor said. ", "é", "\u202e", "\u200b", "\x1b[2J",
])
HTML_PAGES = st.lists(_MARKUP, max_size=50).map("".join)

# Text the extractor finds hard: numbers of every form, cue words, quotes, names, controls, bidi
# and zero-width characters, in random order.
_HOSTILE_PIECES = st.sampled_from([
    "said", "told", "according to", "citing", "quoted", "as saying", "Mr.", "Dr.", "U.S.", "the ministry",
    "Officials", "President Ana Kol", "(UN)", "United Nations", "he", "she", "they", "reporters", "that",
    "1", "12", "1,200", "3.5", "40%", "$4 billion", "€5bn", "1-2", "5+", "between 20 and 30", "seventeen",
    "half a million", "dozens of", "9" * 30, "2023", "May 5", "on Monday", "since October", "9:30",
    "people", "killed", "injured", "were", "homes", "“", "”", '"', "'", "«", "»", "(", ")", "[", "]", ",",
    ".", ";", ":", "!", "?", "-", "—", "\n", "\n\n", "\t", "\x00", "\x07", "\x1b[31m", "\x85", "\u2028",
    "\u200b", "\u200d", "\u202e", "\u2066", "\u061c", "\ufeff", "\u00ad", "e\u0301", "ж", "東京", "#tag",
])
HOSTILE_TEXT = st.lists(_HOSTILE_PIECES, max_size=80).map(" ".join)


# ---------------------------------------------------------------------------------------- readers

@pytest.mark.parametrize("fmt", INPUT_FORMATS)
@FUZZ
@given(data=HALF_STRUCTURED)
def test_stdin_bytes_give_documents_or_input_errors(fmt: str, data: bytes) -> None:
    for doc in check_items(read_stdin(data, fmt), "<stdin>"):
        check_extraction(doc)


@pytest.mark.parametrize("name", ["fuzz.txt", "fuzz.html", "fuzz.jsonl", "fuzz.md"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=HALF_STRUCTURED)
def test_file_bytes_give_documents_or_input_errors(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    check_items(list(iter_documents([str(path)], max_bytes=MAX_BYTES)), str(path))


@FUZZ
@given(lines=JSONL_LINES, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252"]))
def test_jsonl_of_any_json_gives_numbered_errors(lines: list[str], encoding: str) -> None:
    data = "\n".join(lines).encode(encoding, "replace")
    items = read_stdin(data, "jsonl")
    docs = check_items(items, "<stdin>")
    for item in items:
        if isinstance(item, InputError) and str(item) not in ("<stdin>: empty file", "<stdin>: binary file, not text"):
            where = str(item).split(": ", 1)[0]  # anything else is about one line, named by its number
            assert where.startswith("<stdin>:") and where.split(":")[1].isdigit(), str(item)
    for doc in docs:
        assert doc.origin.startswith("<stdin>:")
        check_extraction(doc)


@FUZZ
@given(page=HTML_PAGES)
def test_any_markup_reads_as_html(page: str) -> None:
    for doc in check_items(read_stdin(page.encode("utf-8"), "html"), "<stdin>"):
        assert "<script" not in doc.text.lower() or "<script" in page.lower()
        check_extraction(doc)


@FUZZ
@given(text=st.text(max_size=300))
def test_any_text_reads_as_plain_text(text: str) -> None:
    for doc in check_items(read_stdin(text.encode("utf-8", "surrogatepass"), "txt"), "<stdin>"):
        check_extraction(doc)


# ------------------------------------------------------------------------------------- extraction

@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=500))
def test_extraction_of_any_text(text: str) -> None:
    check_extraction(Document(text=text, published=date(2024, 5, 5)))


@settings(max_examples=200, deadline=None)
@given(text=HOSTILE_TEXT, published=st.one_of(st.none(), st.dates()))
def test_extraction_of_hostile_text(text: str, published: date | None) -> None:
    check_extraction(Document(text=text, published=published))
    cleaned = clean_text(text)
    assume(cleaned)
    check_extraction(Document(text=cleaned, published=published))


@FUZZ
@given(text=HOSTILE_TEXT)
def test_cleaning_is_stable(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert normalise(once) == once
