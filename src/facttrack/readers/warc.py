"""Web archives: WARC and ARC files (plain or as gzip members, as Common Crawl ships them), read a
record at a time with warcio.

Each HTTP response with status 200 and an HTML body becomes an article through the same HTML reader
as files (:func:`~facttrack.readers.html.read_html`), with the record's target URI as its URL and
the record's date as when it was retrieved (never as its publication date). Other responses (a 404,
an image) are not articles: each is reported as a :class:`~facttrack.errors.NotAnArticle` line and
the reading goes on. Request, metadata and warcinfo records are the archive's bookkeeping and pass
silently. A record cut short (a truncated download, a damaged gzip member) is an error, and the
records after it cannot be found: the file stops there, with what came before it kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime
from typing import Any, BinaryIO

from facttrack.document import Document
from facttrack.errors import InputError, NotAnArticle
from facttrack.readers.common import too_big
from facttrack.readers.html import read_html
from facttrack.readers.registry import Reader

HTML_TYPES = ("text/html", "application/xhtml+xml")
_BOOKKEEPING = frozenset({"warcinfo", "request", "metadata", "conversion", "continuation"})
_DRAIN = 1 << 16


def read_warc(stream: BinaryIO, name: str, max_bytes: int) -> Iterator[Document | InputError]:
    """The articles of a WARC/ARC stream; ``max_bytes`` limits each record's body."""
    try:
        records = _records(stream)
    except ImportError:  # pragma: no cover - a core dependency; a broken install
        yield InputError(f"{name}: reading WARC files needs warcio (pip install warcio)")
        return
    number = 0
    try:
        for record in records:
            number += 1
            where = f"{name}:{number}"
            item = _record_item(record, where, max_bytes)
            if _left_unread(record):
                yield InputError(f"{where}: record cut short (a truncated or damaged archive); "
                                 "the records after it cannot be read")
                return
            if item is not None:
                yield item
    except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on damaged input; one line each
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        yield InputError(f"{name}: not a readable WARC/ARC archive after record {number} ({reason})")
        return
    if number == 0 and not records.bytes_read:
        yield InputError(f"{name}: empty archive (no WARC/ARC records)")
    elif records.cut_short:
        yield InputError(f"{name}:{number + 1}: record cut short (a truncated or damaged archive); "
                         "the records after it cannot be read")
    elif number == 0:
        yield InputError(f"{name}: empty archive (no WARC/ARC records)")


def _records(stream: BinaryIO) -> Any:
    """warcio's record iterator, told to keep quiet (it writes warnings to stderr itself) and to say
    whether its last gzip member ended before its end (warcio then just stops, as at a clean end)."""
    from warcio.archiveiterator import ArchiveIterator

    class Counting:
        def __init__(self) -> None:
            self.total = 0

        def read(self, size: int = -1) -> bytes:
            data = stream.read(size)
            self.total += len(data)
            return data

    class Records(ArchiveIterator):
        INC_RECORD = ""
        cut_short = False

        @property
        def bytes_read(self) -> int:
            return counting.total

        def close(self) -> None:
            decompressor = getattr(self.reader, "decompressor", None) if self.reader else None
            if decompressor is not None and not getattr(decompressor, "eof", True):
                self.cut_short = True
            super().close()

    counting = Counting()
    return Records(counting, arc2warc=True)


def _record_item(record: Any, where: str, max_bytes: int) -> Document | InputError | None:
    """The article of a record, a NotAnArticle line for another response, None for bookkeeping."""
    if record.rec_type in _BOOKKEEPING:
        return None
    if record.rec_type == "revisit":
        return NotAnArticle(f"{where}: a revisit record (the page was not stored again), not an article")
    if record.rec_type not in ("response", "resource"):
        return InputError(f"{where}: not a WARC record (type {str(record.rec_type)[:40]!r})")
    uri = record.rec_headers.get_header("WARC-Target-URI") or None
    label = f"{where}: {uri}" if uri else where
    ctype = ""
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode() or "?"
        if status != "200":
            return NotAnArticle(f"{label}: HTTP status {status}, not an article")
        ctype = record.http_headers.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        ctype = record.rec_headers.get_header("Content-Type") or ""
    else:
        return NotAnArticle(f"{label}: a response without HTTP headers, not an article")
    media = ctype.split(";", 1)[0].strip().lower()
    if media not in HTML_TYPES:
        return NotAnArticle(f"{label}: {media or 'no content type'}, not HTML")
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return too_big(label, "record", None, max_bytes)
    try:
        doc = read_html(body, where, url=uri, retrieved=_record_date(record))
    except InputError as exc:
        return exc
    return dataclasses.replace(doc, url=uri) if uri else doc


def _left_unread(record: Any) -> bool:
    """Drain the record and say whether its stream ended before its declared length (warcio itself
    returns a short body quietly)."""
    raw = record.raw_stream
    while raw.read(_DRAIN):
        pass
    return bool(getattr(raw, "limit", 0))


def _record_date(record: Any) -> datetime | None:
    value = record.rec_headers.get_header("WARC-Date")
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


READER = Reader("warc", (".warc", ".warc.gz", ".arc", ".arc.gz"), stream=read_warc)
