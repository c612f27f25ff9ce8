"""RSS and Atom feeds (feedparser): each entry becomes an article, from its full content when the
feed carries it, else from its link (fetched), else from its summary; with the entry's title, date
and link. A feed is recognised by its first element, whatever its file name says, so a feed is never
read as article text. Entries whose link the database already holds are not fetched again.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from facttrack.document import Document
from facttrack.errors import AlreadyStored, InputError
from facttrack.readers.common import SNIFF, one_line, plausible_published, web_url
from facttrack.readers.registry import Reader

# Full content shorter than this (in characters of markup) is a teaser: the entry's link is read instead.
MIN_CONTENT = 300
# The first element of a feed: <rss>, Atom's <feed>, RSS 1.0's <rdf:RDF>; after an XML declaration,
# processing instructions, comments and a doctype.
_FEED_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?(?:\s+|<\?[^>]{0,500}\?>|<!--.{0,2000}?-->|<!DOCTYPE[^>]{0,2000}>)*"
    rb"<(?:rss|feed|rdf:RDF)[\s>/]", re.DOTALL | re.IGNORECASE)


def looks_like_feed(head: bytes) -> bool:
    """True when these first bytes open an RSS or Atom document (UTF-8 or ASCII; UTF-16 re-encoded)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            head = head.decode("utf-16", "ignore").encode("utf-8")
        except UnicodeError:
            return False
    return _FEED_START.match(head[:SNIFF]) is not None


def read_feed(data: bytes, name: str) -> Iterator[Document | InputError]:
    """The registry's entry point: a feed file's bytes (the caller keeps to --max-size) -> entries."""
    if not data.strip():
        raise InputError(f"{name}: empty file")
    return feed_documents(data, name)


def feed_documents(data: bytes, name: str, *, base_url: str | None = None) -> Iterator[Document | InputError]:
    """Each entry of the feed in ``data`` as a Document, or an InputError in its place."""
    import feedparser

    try:
        parsed = feedparser.parse(data, response_headers={"content-location": base_url} if base_url else None,
                                  resolve_relative_uris=False, sanitize_html=False)
    except Exception as exc:  # noqa: BLE001 - feedparser on hostile bytes: one line, the batch goes on
        yield InputError(f"{name}: not a readable feed ({type(exc).__name__})")
        return
    entries = parsed.get("entries") or []
    if not entries:
        reason = "not a readable feed" if parsed.get("bozo") else "feed has no entries"
        yield InputError(f"{name}: {reason}")
        return
    outlet = one_line(_text(parsed.get("feed", {}).get("title")))
    for number, entry in enumerate(entries, 1):
        try:
            yield from _entry_documents(entry, name, number, outlet)
        except InputError as exc:
            yield exc


def _entry_documents(entry: Any, name: str, number: int, outlet: str | None) -> Iterator[Document | InputError]:
    from facttrack.readers import fetch, url
    from facttrack.readers.html import read_html

    link = web_url(_text(entry.get("link")))
    origin = link or f"{name}#{number}"
    title = one_line(_text(entry.get("title")))
    published = _entry_date(entry)
    content = _full_content(entry)
    if content is None and link is not None:
        opts = fetch.options()
        if opts.known is not None and opts.known(link):
            yield AlreadyStored(f"{link}: already stored")
            return
        for item in url.read_url(link, opts):
            yield item if isinstance(item, InputError) else _with_entry(item, title, published, link, outlet)
        return
    markup = content if content is not None else _text(entry.get("summary"))
    if not markup or not markup.strip():
        raise InputError(f"{origin}: feed entry has no content and no link")
    doc = read_html(f"<html><body><article>{markup}</article></body></html>", origin)
    yield _with_entry(doc, title, published, link, outlet)


def _with_entry(doc: Document, title: str | None, published: date | None, link: str | None,
                outlet: str | None) -> Document:
    """The entry's title and date over the page's; the page's canonical URL over the entry's link."""
    return dataclasses.replace(doc, title=title or doc.title, published=published or doc.published,
                               url=doc.url or link, outlet=doc.outlet or outlet, input_format="feed")


def _full_content(entry: Any) -> str | None:
    best = None
    for part in entry.get("content") or []:
        value = _text(part.get("value") if isinstance(part, dict) else None)
        if value and len(value) >= MIN_CONTENT and (best is None or len(value) > len(best)):
            best = value
    return best


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return plausible_published(date(value.tm_year, value.tm_mon, value.tm_mday))
            except (ValueError, AttributeError, OverflowError):
                continue
    return None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


READER = Reader("feed", (".rss", ".atom", ".xml"), parse=read_feed, sniff=looks_like_feed,
                folder_extensions=(".rss", ".atom"))
