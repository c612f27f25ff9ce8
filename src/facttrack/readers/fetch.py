"""HTTP(S) fetching for URLs and feed entries: one GET with a timeout, a size limit (``--max-size``,
also on the decompressed body, so a gzip bomb stops at the limit), a redirect limit, an honest
User-Agent, gzip, and content-type checks. Every failure is an InputError naming the URL, in one line.

urllib3 (already installed with trafilatura) does the work; http and https only, nothing else is
opened. The settings for a batch are :class:`FetchOptions`, set by :func:`using` around a read.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from facttrack.errors import InputError
from facttrack.readers.common import DEFAULT_MAX_BYTES, too_big

SCHEMES = ("http", "https")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                        "application/xml", "text/xml", "application/feed+xml"})
TEXT_TYPES = frozenset({"text/plain", "text/markdown"})
_CHUNK = 64 * 1024


def user_agent() -> str:
    from facttrack import __version__

    return f"facttrack/{__version__} (news figure and claim tracker; one request per article)"


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How pages are fetched. ``timeout`` bounds connecting and each read, and the whole download;
    ``known`` (set by ingest) tells a feed entry's link already stored, which is then not fetched."""

    timeout: float = 20.0
    max_redirects: int = 5
    max_bytes: int = DEFAULT_MAX_BYTES
    known: Callable[[str], bool] | None = None


# The options of the read in progress (readers run in the thread that iterates them, one read at a
# time): a feed file found in a folder fetches its entries with the same settings as a URL argument.
_current = [FetchOptions()]


def options() -> FetchOptions:
    return _current[-1]


@contextmanager
def using(opts: FetchOptions) -> Iterator[FetchOptions]:
    _current.append(opts)
    try:
        yield opts
    finally:
        _current.remove(opts)


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response body with where it finally came from (after redirects) and what it says it is."""

    url: str
    requested: str
    content_type: str  # lower case, without parameters; "" when the server sent none
    charset: str | None
    data: bytes
    retrieved: datetime


def is_url(text: str) -> bool:
    """True for anything written as a URL ("scheme://..."): http(s) ones are fetched, others refused."""
    head, sep, _ = text.partition("://")
    return bool(sep) and head.isascii() and head.isalpha() and len(head) <= 10


def check_url(url: str) -> str:
    """The URL when it is one we fetch; InputError naming it otherwise."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise InputError(f"{url}: unsupported URL scheme {parts.scheme!r} (http and https only)")
    if not parts.hostname:
        raise InputError(f"{url}: no host in URL")
    return url


@cache
def _pool() -> Any:
    import urllib3

    return urllib3.PoolManager(num_pools=8, headers={
        "User-Agent": user_agent(),
        "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                  "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1",
        "Accept-Encoding": "gzip, deflate",
    })


def fetch(url: str, opts: FetchOptions | None = None) -> Fetched:
    """GET ``url``; raises InputError("URL: reason") for every failure: scheme, host, connection,
    timeout, redirects, HTTP status, size. Redirects are followed here, each one checked: only to
    http(s), at most ``max_redirects``."""
    opts = opts or options()
    deadline = time.monotonic() + opts.timeout
    current = check_url(url)
    for _ in range(opts.max_redirects + 1):
        response = _request(url, current, opts)
        if response.status in _REDIRECTS:
            location = response.headers.get("Location")
            response.release_conn()
            if not location:
                raise InputError(f"{url}: HTTP {response.status} without a Location")
            current = urljoin(current, location.strip())
            if urlsplit(current).scheme.lower() not in SCHEMES:
                raise InputError(f"{url}: redirected to an unsupported URL scheme")
            continue
        return _read_body(url, current, response, opts, deadline)
    raise InputError(f"{url}: more than {opts.max_redirects} redirects")


_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def _request(url: str, current: str, opts: FetchOptions) -> Any:
    import urllib3
    from urllib3.exceptions import HTTPError, MaxRetryError

    try:
        return _pool().request("GET", current, preload_content=False, decode_content=True, redirect=False,
                               retries=urllib3.Retry(total=0, redirect=False, raise_on_status=False),
                               timeout=urllib3.Timeout(connect=opts.timeout, read=opts.timeout))
    except MaxRetryError as exc:
        raise InputError(f"{url}: {_reason(exc.reason, opts)}") from None
    except (HTTPError, ValueError) as exc:
        raise InputError(f"{url}: {_reason(exc, opts)}") from None


def _read_body(url: str, final: str, response: Any, opts: FetchOptions, deadline: float) -> Fetched:
    from urllib3.exceptions import HTTPError

    try:
        if response.status >= 400:
            raise InputError(f"{url}: HTTP {response.status} {response.reason or ''}".rstrip())
        if response.status >= 300 or response.status < 200:
            raise InputError(f"{url}: HTTP {response.status} (no page)")
        content_type, charset = _content_type(response.headers.get("Content-Type", ""))
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > opts.max_bytes and not response.headers.get("Content-Encoding"):
            raise too_big(url, "response", int(declared), opts.max_bytes)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.stream(_CHUNK):
            size += len(chunk)
            if size > opts.max_bytes:
                raise too_big(url, "response", None, opts.max_bytes)
            if time.monotonic() > deadline:
                raise InputError(f"{url}: timed out after {opts.timeout:g} s")
            chunks.append(chunk)
    except HTTPError as exc:
        raise InputError(f"{url}: {_reason(exc, opts)}") from None
    finally:
        response.release_conn()
    return Fetched(url=final, requested=url, content_type=content_type, charset=charset, data=b"".join(chunks),
                   retrieved=datetime.now(UTC))


def _content_type(header: str) -> tuple[str, str | None]:
    kind, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return kind.strip().lower(), charset


def _reason(exc: BaseException | None, opts: FetchOptions) -> str:
    from urllib3.exceptions import (
        ConnectTimeoutError,
        NameResolutionError,
        NewConnectionError,
        ReadTimeoutError,
        ResponseError,
        SSLError,
    )

    if isinstance(exc, NameResolutionError):  # before its base classes: both are NewConnectionErrors
        return "host not found"
    if isinstance(exc, NewConnectionError) and "timed out" not in str(exc):  # a ConnectTimeoutError too
        return "connection refused" if "refused" in str(exc).lower() else "cannot connect"
    if isinstance(exc, ConnectTimeoutError | ReadTimeoutError) or "timed out" in str(exc):
        return f"timed out after {opts.timeout:g} s"
    if isinstance(exc, ResponseError) and "redirect" in str(exc):
        return f"more than {opts.max_redirects} redirects"
    if isinstance(exc, SSLError):
        return "TLS error (certificate or handshake)"
    text = " ".join(str(exc).split()) if exc is not None else "request failed"
    return text[:200] or type(exc).__name__


def limited(opts: FetchOptions, max_bytes: int) -> FetchOptions:
    """The options with this batch's size limit."""
    return replace(opts, max_bytes=max_bytes)

