"""URLs: a page fetched over HTTP(S) (:mod:`.fetch`) and read by the kind its content says it is:
a feed (whatever its content type, when its first element is one), HTML, or plain text. The article
URL is the page's canonical one when it names one, else the URL it was finally fetched from.
"""

from __future__ import annotations

from collections.abc import Iterator

from facttrack.document import Document
from facttrack.errors import InputError
from facttrack.readers import fetch as http
from facttrack.readers.fetch import FEED_TYPES, HTML_TYPES, TEXT_TYPES, Fetched, FetchOptions


def read_url(url: str, opts: FetchOptions | None = None, *, feed_only: bool = False) -> Iterator[Document | InputError]:
    """The article (or, for a feed, the entries) at ``url``; each failure one InputError naming it."""
    try:
        got = http.fetch(url, opts)
    except InputError as exc:
        yield exc
        return
    yield from response_documents(got, feed_only=feed_only)


def response_documents(got: Fetched, *, feed_only: bool = False) -> Iterator[Document | InputError]:
    from facttrack.readers.feed import feed_documents, looks_like_feed
    from facttrack.readers.html import read_html
    from facttrack.readers.text import read_text

    name = got.requested
    if looks_like_feed(got.data[:8192]):
        yield from feed_documents(got.data, name, base_url=got.url)
        return
    if feed_only:
        yield InputError(f"{name}: not a feed ({_kind(got)})")
        return
    try:
        if got.content_type in HTML_TYPES or (not got.content_type and b"<" in got.data[:1024]):
            yield read_html(_decoded(got), name, url=got.url, retrieved=got.retrieved)
        elif got.content_type in TEXT_TYPES:
            yield _dated(read_text(_decoded(got), name), got)
        elif got.content_type in FEED_TYPES:
            yield InputError(f"{name}: not a readable feed ({got.content_type} without an RSS or Atom root)")
        else:
            yield InputError(f"{name}: not an article page ({_kind(got)})")
    except InputError as exc:
        yield exc


def _decoded(got: Fetched) -> bytes | str:
    """The text as the server's charset says, when it says one that decodes; else the bytes, for
    facttrack's own decoding (BOM, UTF-8, the page's declared charset, a confident guess)."""
    if got.charset:
        try:
            return got.data.decode(got.charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return got.data


def _dated(doc: Document, got: Fetched) -> Document:
    import dataclasses

    from facttrack.readers.common import web_url

    return dataclasses.replace(doc, url=doc.url or web_url(got.url), retrieved=got.retrieved)


def _kind(got: Fetched) -> str:
    return f"content type {got.content_type}" if got.content_type else "no content type"
