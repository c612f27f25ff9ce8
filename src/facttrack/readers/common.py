"""What every reader shares: size limits, input names and OS errors as messages, and metadata
cleaning (one-line strings, tags, language tags, web URLs, publication dates)."""

from __future__ import annotations

import dataclasses
import email.utils
import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, BinaryIO

from facttrack.clean import normalise
from facttrack.document import Document
from facttrack.errors import InputError

MB = 1024 * 1024
# Per input file (per line for JSON Lines). News articles are kilobytes; this stops accidents (a dump
# read as one article) and bounds memory: dense prose costs some 60 times its size while it is
# extracted and stored (about 300 MB at 5 MB; `extract`, printing it all as JSON, nearer 100 times).
# --max-size raises it.
DEFAULT_MAX_BYTES = 5 * MB
STDIN_NAME = "<stdin>"
MIN_PUBLISHED_YEAR = 1900  # earlier dates in page or feed metadata are placeholders
SNIFF = 8192

_ISO_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?[ ]?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?",
    re.IGNORECASE)
_LANG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,4}")
_CONTROL_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


# ------------------------------------------------------------------------------------ names, errors

def display(path: str) -> str:
    """A path as messages and ``Document.origin`` show it: one line, valid UTF-8 (a file name may hold
    a newline or bytes that are not UTF-8, which a database or a terminal would choke on)."""
    if not path.isascii():
        try:
            path.encode("utf-8")
        except UnicodeEncodeError:
            path = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _CONTROL_IN_NAME.sub("?", path)


def os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return (exc.strerror or str(exc) or type(exc).__name__).lower()


def os_error(name: str, exc: OSError) -> InputError:
    """The one-line message for a file problem: "NAME: reason"."""
    return InputError(f"{name}: {os_reason(exc)}")


def open_input(path: str, name: str) -> BinaryIO | InputError:
    """The file at ``path`` opened for reading bytes, or the one-line error naming it ``name``."""
    try:
        return open(path, "rb")
    except OSError as exc:
        return os_error(name, exc)


def size_text(n: int) -> str:
    if n < MB // 10:
        return f"{n:,} bytes"
    return f"{n / MB:.2f}".rstrip("0").rstrip(".") + " MB"


def too_big(name: str, what: str, size: int | None, max_bytes: int) -> InputError:
    size_part = f"is {size_text(size)}, over" if size is not None else "is over"
    return InputError(f"{name}: {what} {size_part} the {size_text(max_bytes)} limit (raise it with --max-size)")


# ------------------------------------------------------------------------------------------- dates

def parse_date(text: str) -> date:
    """An ISO date or datetime ("2024-05-05", "2024-05-05T10:00:00Z", "2024-05-05 10:00") -> its date.

    The date is the one written, in the timezone it is written in (no conversion to UTC). Raises
    ValueError for anything else, impossible dates and times included.
    """
    m = _ISO_DATE.fullmatch(text.strip())
    if m is None:
        raise ValueError(f"{text!r} is not an ISO date (YYYY-MM-DD)")
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in m.groups())
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"{text!r} has an impossible time")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None


def metadata_date(text: Any) -> date | None:
    """A publication date from page or feed metadata: ISO, else RFC 2822, else the date grammar and
    dateparser (English, cached) for forms such as "May 5, 2024"; None when unreadable or a
    placeholder (:func:`plausible_published`)."""
    if not isinstance(text, str) or not text.strip() or len(text) > 100:
        return None
    try:
        return plausible_published(parse_date(text))
    except ValueError:
        pass
    try:
        return plausible_published(email.utils.parsedate_to_datetime(text.strip()).date())
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    from facttrack.extract.dates import parse_loose

    return plausible_published(parse_loose(text.strip()))


def plausible_published(value: date | None) -> date | None:
    """The date, or None when it is a placeholder rather than a publication date: before 1900
    (content systems write 0001-01-01 for "unset") or more than a year after today (9999-12-31).
    Relative dates in
    the text resolve against the publication date, so a placeholder would put "last Tuesday" in
    year 1 (or past the end of the calendar) instead of leaving it unresolved."""
    if value is None or value.year < MIN_PUBLISHED_YEAR:
        return None
    return None if value > date.today() + timedelta(days=366) else value


def apply_overrides(doc: Document, *, published: date | None = None, outlet: str | None = None,
                    url: str | None = None, title: str | None = None, language: str | None = None) -> Document:
    """The document with the fields the user gave on the command line (None leaves a field as read).

    Text values get the same treatment as metadata read from files: one line, control and invisible
    characters out (an empty value clears the field).
    """
    changes: dict[str, Any] = {k: one_line(v) for k, v in (("outlet", outlet), ("url", url), ("title", title))
                               if v is not None}
    if published is not None:
        changes["published"] = published
    if language is not None:
        changes["language"] = language
    return dataclasses.replace(doc, **changes) if changes else doc


def one_line(value: str | None) -> str | None:
    """Metadata on one line, whitespace collapsed; None when nothing is left."""
    if value is None:
        return None
    text = " ".join(normalise(value).split())
    return text or None


def unique(values: Sequence[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        tag = one_line(value)
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    return tuple(out)


def language_tag(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value.replace("_", "-") if _LANG.fullmatch(value) else None


def web_url(value: str | None) -> str | None:
    """Only absolute http(s) URLs are kept: a relative or javascript: link says nothing reliable."""
    if not value:
        return None
    value = value.strip()
    if len(value) > 2048 or any(c.isspace() for c in value):
        return None
    return value if value.lower().startswith(("http://", "https://")) else None

