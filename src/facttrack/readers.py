"""Readers: files, folders and stdin -> :class:`Document`, or a one-line :class:`InputError`.

Plain text, HTML and JSON Lines. A bad input never stops the others: :func:`iter_documents` yields
the error in its place and goes on. Nothing is fetched: HTML is read by a small tokenizer of our own,
which loads no entity, image or URL, and folders are not left through symlinks unless asked.
"""

from __future__ import annotations

import codecs
import dataclasses
import email.utils
import json
import os
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from html import unescape
from typing import Any, BinaryIO

from facttrack.clean import clean_text, is_blank, normalise, split_plain
from facttrack.document import Document
from facttrack.errors import InputError

__all__ = ["DEFAULT_MAX_BYTES", "EXTENSIONS", "INPUT_FORMATS", "apply_overrides", "decode_bytes",
           "input_files", "iter_documents", "iter_jsonl_range", "parse_date", "parse_html", "read_bytes"]

INPUT_FORMATS = ("txt", "html", "jsonl")
EXTENSIONS = {".txt": "txt", ".text": "txt", ".md": "txt", ".markdown": "txt",
              ".html": "html", ".htm": "html", ".xhtml": "html",
              ".jsonl": "jsonl", ".ndjson": "jsonl"}
MB = 1024 * 1024
# Per input file (per line for JSON Lines). News articles are kilobytes; this stops accidents (a dump
# read as one article) and bounds memory: dense prose costs some 60 times its size while it is
# extracted and stored (about 300 MB at 5 MB; `extract`, printing it all as JSON, nearer 100 times).
# --max-size raises it.
DEFAULT_MAX_BYTES = 5 * MB
STDIN_NAME = "<stdin>"

_SNIFF = 8192
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_WESTERN = ("cp1252", "latin_1", "iso8859_15")
_NON_TEXT = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f\ufffd]")
_ISO_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?[ ]?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?",
    re.IGNORECASE)
_HTML_CHARSET = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""",
                           re.IGNORECASE)
# A well-formed UTF-8 multi-byte character: text that has them is UTF-8, even where it is damaged.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_NOT_TEXT_CODECS = {"utf_7", "idna", "punycode", "unicode_escape", "raw_unicode_escape"}
_LANG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,4}")
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
_CONTROL_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


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


def _metadata_date(text: Any) -> date | None:
    """A publication date from page or feed metadata: ISO, else RFC 2822, else the date grammar and
    dateparser (English, cached) for forms such as "May 5, 2024"; None when unreadable."""
    if not isinstance(text, str) or not text.strip() or len(text) > 100:
        return None
    try:
        return parse_date(text)
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text.strip()).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    from facttrack.extract.dates import parse_loose

    return parse_loose(text.strip())


def apply_overrides(doc: Document, *, published: date | None = None, outlet: str | None = None,
                    url: str | None = None, title: str | None = None) -> Document:
    """The document with the fields the user gave on the command line (None leaves a field as read).

    Text values get the same treatment as metadata read from files: one line, control and invisible
    characters out (an empty value clears the field).
    """
    changes: dict[str, Any] = {k: _one_line(v) for k, v in (("outlet", outlet), ("url", url), ("title", title))
                               if v is not None}
    if published is not None:
        changes["published"] = published
    return dataclasses.replace(doc, **changes) if changes else doc


# -------------------------------------------------------------------------------------- entry point

def iter_documents(paths: Sequence[str], *, input_format: str | None = None,
                   stdin: BinaryIO | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                   follow_symlinks: bool = False) -> Iterator[Document | InputError]:
    """Each article of ``paths`` in order, or an InputError in the place of what cannot be read.

    ``paths`` are files, folders (recursive, sorted, supported extensions only) or "-" for stdin.
    ``input_format`` overrides the file extension (stdin defaults to txt).
    """
    for entry in input_files(paths, input_format=input_format, follow_symlinks=follow_symlinks):
        if isinstance(entry, InputError):
            yield entry
            continue
        path, fmt = entry
        if path == "-":
            stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
            if stream is None:
                yield InputError(f"{STDIN_NAME}: no standard input")
                continue
            yield from _read_stream(stream, STDIN_NAME, fmt, max_bytes)
        else:
            yield from _read_file(path, fmt, max_bytes)


def input_files(paths: Sequence[str], *, input_format: str | None = None,
                follow_symlinks: bool = False) -> Iterator[tuple[str, str] | InputError]:
    """``(path, format)`` of every file :func:`iter_documents` reads, in its order ("-" for stdin),
    and an InputError in the place of what cannot be listed: how ``extract-batch`` plans its tasks."""
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise InputError(f"unknown input format {input_format!r} (use txt, html or jsonl)")
    for given in paths:
        if given == "-":
            yield given, input_format or "txt"
            continue
        try:
            st = os.stat(given)
        except OSError as exc:
            yield InputError(f"{_display(given)}: {_os_reason(exc)}")
            continue
        if stat.S_ISDIR(st.st_mode):
            files, errors = _folder_files(given, follow_symlinks)
            yield from errors
            if not files and not errors:
                yield InputError(f"{_display(given)}: no .txt, .html or .jsonl files")
            for rel in files:
                path = os.path.join(given, *rel)
                yield path, input_format or _format_of(path) or "txt"
        else:
            yield given, input_format or _format_of(given) or "txt"


def _display(path: str) -> str:
    """A path as messages and ``Document.origin`` show it: one line, valid UTF-8 (a file name may hold
    a newline or bytes that are not UTF-8, which a database or a terminal would choke on)."""
    if not path.isascii():
        try:
            path.encode("utf-8")
        except UnicodeEncodeError:
            path = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _CONTROL_IN_NAME.sub("?", path)


def _format_of(path: str) -> str | None:
    return EXTENSIONS.get(os.path.splitext(path)[1].lower())


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return (exc.strerror or str(exc) or type(exc).__name__).lower()


def _size(n: int) -> str:
    if n < MB // 10:
        return f"{n:,} bytes"
    return f"{n / MB:.2f}".rstrip("0").rstrip(".") + " MB"


def _too_big(name: str, what: str, size: int | None, max_bytes: int) -> InputError:
    size_text = f"is {_size(size)}, over" if size is not None else "is over"
    return InputError(f"{name}: {what} {size_text} the {_size(max_bytes)} limit (raise it with --max-size)")


# ------------------------------------------------------------------------------------------ folders

def _folder_files(root: str, follow_symlinks: bool) -> tuple[list[tuple[str, ...]], list[InputError]]:
    """Supported regular files under ``root`` as sorted path-part tuples, and unreadable folders.

    Hidden entries (".name") are skipped; so are symlinks that resolve outside ``root`` unless
    ``follow_symlinks``, and a symlinked folder is only entered then (each real folder once).
    """
    root_real = os.path.realpath(root)
    found: list[tuple[str, ...]] = []
    errors: list[InputError] = []
    seen_dirs = {root_real}
    pending: list[tuple[str, ...]] = [()]
    while pending:
        rel_dir = pending.pop()
        dir_path = os.path.join(root, *rel_dir)
        try:
            with os.scandir(dir_path) as it:
                entries = list(it)
        except OSError as exc:
            errors.append(InputError(f"{_display(dir_path)}: {_os_reason(exc)}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = (*rel_dir, entry.name)
            try:
                is_link = entry.is_symlink()
                if is_link:
                    real = os.path.realpath(entry.path)
                    if not follow_symlinks and not _inside(real, root_real):
                        continue
                if entry.is_dir(follow_symlinks=True):
                    if is_link and not follow_symlinks:
                        continue
                    real_dir = os.path.realpath(entry.path)
                    if real_dir not in seen_dirs:
                        seen_dirs.add(real_dir)
                        pending.append(rel)
                    continue
                if _format_of(entry.name) is None:
                    continue
                if is_link and not os.path.exists(entry.path):
                    found.append(rel)  # a dangling link inside: reported when read
                elif entry.is_file(follow_symlinks=True):
                    found.append(rel)  # FIFOs, sockets and devices are never opened
            except OSError as exc:
                errors.append(InputError(f"{_display(os.path.join(root, *rel))}: {_os_reason(exc)}"))
    found.sort()
    return found, errors


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


# -------------------------------------------------------------------------------------------- files

def _read_file(path: str, fmt: str, max_bytes: int) -> Iterator[Document | InputError]:
    name = _display(path)
    try:
        f = open(path, "rb")  # closed by the "with" below, also when the generator is dropped
    except OSError as exc:
        yield InputError(f"{name}: {_os_reason(exc)}")
        return
    with f:
        if fmt == "jsonl":
            yield from _iter_jsonl(f, name, max_bytes)
            return
        try:
            st = os.fstat(f.fileno())
            if stat.S_ISREG(st.st_mode) and st.st_size > max_bytes:
                yield _too_big(name, "file", st.st_size, max_bytes)
                return
            data = f.read(max_bytes + 1)
        except OSError as exc:
            yield InputError(f"{name}: {_os_reason(exc)}")
            return
    if len(data) > max_bytes:
        yield _too_big(name, "file", None, max_bytes)
        return
    item = _parse_item(data, name, fmt)
    del data  # not kept alive while the caller extracts and stores the article
    yield item


def _read_stream(stream: BinaryIO, name: str, fmt: str, max_bytes: int) -> Iterator[Document | InputError]:
    if fmt == "jsonl":
        yield from _iter_jsonl(stream, name, max_bytes)
        return
    try:
        data = stream.read(max_bytes + 1)
    except OSError as exc:
        yield InputError(f"{name}: {_os_reason(exc)}")
        return
    if len(data) > max_bytes:
        yield _too_big(name, "input", None, max_bytes)
        return
    item = _parse_item(data, name, fmt)
    del data  # not kept alive while the caller extracts and stores the article
    yield item


def read_bytes(data: bytes, name: str, input_format: str = "txt") -> Document:
    """One article from bytes already in memory (txt or html); raises InputError."""
    item = _parse_item(data, name, input_format)
    if isinstance(item, InputError):
        raise item
    return item


def _parse_item(data: bytes, name: str, fmt: str) -> Document | InputError:
    try:
        text = decode_bytes(data, name, html=fmt == "html")
        if fmt == "html":
            return parse_html(text, name)
        return _plain_document(text, name)
    except InputError as exc:
        return exc


def _plain_document(text: str, name: str) -> Document:
    title, tags, body = split_plain(text)
    if not body:
        raise InputError(f"{name}: no article text found")
    return Document(text=body, title=title, tags=tags, input_format="txt", origin=name)


# ----------------------------------------------------------------------------------------- decoding

def decode_bytes(data: bytes, name: str, *, html: bool = False) -> str:
    """Bytes -> text: BOM (UTF-8/16/32), else UTF-8, else (HTML) the declared charset, else a Western
    or other single-byte encoding that charset-normalizer tells with confidence; InputError otherwise.

    UTF-8 cut inside its last character (a truncated download) is read without that character; other
    damaged UTF-8 is refused rather than read as Windows-1252, which would store mojibake ("CafÃ©").
    """
    if not data.strip():
        raise InputError(f"{name}: empty file")
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                if encoding == "utf-32":
                    continue  # FF FE 00 00 may also be UTF-16 LE starting with U+0000
                if encoding == "utf-8-sig" and _cut_short(exc):
                    text = exc.object[:exc.start].decode("utf-8")
                    break
                label = encoding.replace("-sig", "").upper()
                raise InputError(f"{name}: not valid {label} despite its byte-order mark") from None
            break
    if text is None:
        if b"\x00" in data:
            raise InputError(f"{name}: binary file, not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if _cut_short(exc):
                text = exc.object[:exc.start].decode("utf-8")
            else:
                text = _declared_charset(data) if html else None
                if text is None and _UTF8_SEQUENCE.search(data) is not None:
                    raise InputError(f"{name}: not valid UTF-8 (a bad byte at offset {exc.start:,})") from None
                text = text or _guess_encoding(data)
            if text is None:
                raise InputError(f"{name}: not valid UTF-8 and the encoding could not be told") from None
    head = text[:_SNIFF]
    if head and len(_NON_TEXT.findall(head)) > len(head) // 10:
        raise InputError(f"{name}: binary file, not text")
    if is_blank(text):
        raise InputError(f"{name}: empty file")
    return text


def _cut_short(exc: UnicodeDecodeError) -> bool:
    """True when the only fault is an incomplete character at the very end."""
    size = len(exc.object)
    return exc.end == size and size - exc.start < 4 and exc.reason == "unexpected end of data"


def _declared_charset(data: bytes) -> str | None:
    """The text as the page's own <meta charset> says (only tried when it is not UTF-8)."""
    m = _HTML_CHARSET.search(data, 0, 4096)
    if m is None:
        return None
    try:
        info = codecs.lookup(m.group(1).decode("ascii"))
    except LookupError:
        return None
    if info.name.replace("-", "_") in _NOT_TEXT_CODECS:
        return None
    # Browsers read "iso-8859-1" and "us-ascii" as windows-1252 (WHATWG encoding standard).
    names = ["cp1252", "latin_1"] if info.name in ("latin-1", "iso8859-1", "ascii", "cp1252") else [info.name]
    for encoding in names:
        text = _decode_or_none(data, encoding)  # LookupError too: rot13, base64... are not text codecs
        if text is not None:
            return text
    return None


def _guess_encoding(data: bytes) -> str | None:
    """Windows-1252/Latin-1 first (mostly ASCII with some accents and curly quotes), then any
    encoding charset-normalizer is sure of (no mess and coherent language); else None."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_WESTERN)).best()
    if best is not None and best.chaos <= 0.2:
        text = _decode_or_none(data, best.encoding)
        if text is not None and sum(not c.isascii() for c in text[:_SNIFF]) <= len(text[:_SNIFF]) // 4:
            return text
    best = from_bytes(data).best()
    if best is not None and best.chaos <= 0.1 and best.coherence >= 0.3:
        return _decode_or_none(data, best.encoding)
    return None


def _decode_or_none(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


# ------------------------------------------------------------------------------------- JSON Lines

_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", int: "a number", float: "a number",
               bool: "a boolean", type(None): "null"}
_JSONL_STRINGS = ("title", "url", "outlet", "published", "language")


class _LineReader:
    """readline(limit) over bytes already read (the sniffed head) followed by the rest of a stream."""

    def __init__(self, head: bytes, stream: BinaryIO | _Range) -> None:
        self._head = head
        self._stream = stream

    def readline(self, limit: int) -> bytes:
        if self._head:
            end = self._head.find(b"\n", 0, limit)
            cut = end + 1 if end >= 0 else min(limit, len(self._head))
            line, self._head = self._head[:cut], self._head[cut:]
            if line.endswith(b"\n") or len(line) >= limit or self._head:
                return line
            return line + self._stream.readline(limit - len(line))
        return self._stream.readline(limit)


def iter_jsonl_range(path: str, start: int, end: int, first_line: int,
                     max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | InputError]:
    """The articles of bytes ``start`` to ``end`` of a UTF-8 JSON Lines file, a range that begins at
    the start of line ``first_line``: the same documents and errors, with the same line numbers, as
    reading the whole file gives for those lines (``extract-batch`` splits large files this way)."""
    name = _display(path)
    try:
        f = open(path, "rb")
    except OSError as exc:
        yield InputError(f"{name}: {_os_reason(exc)}")
        return
    with f:
        try:
            f.seek(start)
            whole = start == 0 and end >= os.fstat(f.fileno()).st_size
        except OSError as exc:
            yield InputError(f"{name}: {_os_reason(exc)}")
            return
        yield from _iter_jsonl(_Range(f, end - start), name, max_bytes, first_line=first_line,
                               at_start=start == 0, whole=whole)


class _Range:
    """read/readline over the next ``size`` bytes of a stream, and no further."""

    def __init__(self, stream: BinaryIO, size: int) -> None:
        self._stream = stream
        self._left = size

    def read(self, n: int = -1) -> bytes:
        data = self._stream.read(self._left if n < 0 else min(n, self._left))
        self._left -= len(data)
        return data

    def readline(self, limit: int = -1) -> bytes:
        data = self._stream.readline(self._left if limit < 0 else min(limit, self._left))
        self._left -= len(data)
        return data


def _iter_jsonl(stream: BinaryIO | _Range, name: str, max_bytes: int, *, first_line: int = 1,
                at_start: bool = True, whole: bool = True) -> Iterator[Document | InputError]:
    """One article per line, streamed: a bad line is reported with its number and the rest go on.
    A range of a file (``first_line``) sniffs for a byte-order mark or binary data only at the
    file's start (``at_start``) and reports an empty file only when it is the whole file."""
    try:
        head = stream.read(_SNIFF)
    except OSError as exc:
        yield InputError(f"{name}: {_os_reason(exc)}")
        return
    for bom, encoding in _BOMS if at_start else ():
        if encoding != "utf-8-sig" and head.startswith(bom):
            # UTF-16/32 JSON Lines are rare: decoded whole (within the limit), then split.
            yield from _iter_jsonl_wide(head, stream, name, encoding, max_bytes)
            return
    if at_start and b"\x00" in head:
        yield InputError(f"{name}: binary file, not text")
        return
    if at_start and head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8):]
    reader = _LineReader(head, stream)
    lineno = first_line - 1
    articles = 0
    while True:
        try:
            line = reader.readline(max_bytes + 1)
        except OSError as exc:
            yield InputError(f"{name}: {_os_reason(exc)}")
            return
        if not line:
            break
        lineno += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            total = len(line)
            while chunk := reader.readline(MB):
                total += len(chunk)
                if chunk.endswith(b"\n"):
                    break
            articles += 1
            yield _too_big(f"{name}:{lineno}", "line", total, max_bytes)
            continue
        if not line.strip():
            continue
        articles += 1
        item = _jsonl_item(line, name, lineno)
        del line
        yield item
    if not articles and whole:
        yield InputError(f"{name}: empty file")


def _iter_jsonl_wide(head: bytes, stream: BinaryIO, name: str, encoding: str,
                     max_bytes: int) -> Iterator[Document | InputError]:
    """UTF-16/32 JSON Lines, decoded incrementally: one line in memory at a time, as for UTF-8."""
    decoder = codecs.getincrementaldecoder(encoding)()
    max_chars = max_bytes // (2 if encoding == "utf-16" else 4)
    pending: list[str] = []  # the start of the current line (dropped once it is over the limit)
    pending_chars = 0
    lineno = articles = 0
    chunk = head
    while True:
        final = not chunk
        try:
            text = decoder.decode(chunk, final)
        except UnicodeDecodeError:
            yield InputError(f"{name}:{lineno + 1}: not valid {encoding.upper()} despite its byte-order mark")
            return
        pieces = text.split("\n")
        complete = len(pieces) if final else len(pieces) - 1  # else the last piece goes on in the next chunk
        for k, piece in enumerate(pieces):
            pending_chars += len(piece)
            if pending_chars <= max_chars:
                pending.append(piece)
            if k == complete:
                break
            lineno += 1
            line = "".join(pending) if pending_chars <= max_chars else None
            pending, pending_chars = [], 0
            if line is None:
                articles += 1
                yield _too_big(f"{name}:{lineno}", "line", None, max_bytes)
            elif line.strip():
                articles += 1
                yield _jsonl_item(line, name, lineno)
        if final:
            break
        try:
            chunk = stream.read(64 * 1024)
        except OSError as exc:
            yield InputError(f"{name}: {_os_reason(exc)}")
            return
    if not articles:
        yield InputError(f"{name}: empty file")


def _jsonl_item(line: bytes | str, name: str, lineno: int) -> Document | InputError:
    where = f"{name}:{lineno}"
    try:
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError:
                line = decode_bytes(line, where)
        return _jsonl_document(line, where)
    except InputError as exc:
        return exc


def _jsonl_document(line: str, where: str) -> Document:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: invalid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise InputError(f"{where}: invalid JSON (nested too deeply)") from None
    except ValueError as exc:  # e.g. an integer longer than Python converts
        raise InputError(f"{where}: invalid JSON ({str(exc).splitlines()[0]})") from None
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a JSON object, got {_json_type(obj)}")
    text = obj.get("text")
    if text is None:
        raise InputError(f'{where}: missing required field "text"')
    if not isinstance(text, str):
        raise InputError(f'{where}: field "text" must be a string, not {_json_type(text)}')
    if not text.strip():
        raise InputError(f'{where}: field "text" is empty')
    fields: dict[str, str | None] = {}
    for key in _JSONL_STRINGS:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f'{where}: field "{key}" must be a string or null, not {_json_type(value)}')
        fields[key] = _one_line(value)
    tags = obj.get("tags")
    if tags is None:
        tags = []
    elif not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise InputError(f'{where}: field "tags" must be an array of strings')
    body = clean_text(text)
    if not body:
        if is_blank(text):
            raise InputError(f'{where}: field "text" is empty')
        raise InputError(f"{where}: no article text found")
    extra = {"id": str(obj["id"])} if isinstance(obj.get("id"), str | int) else {}
    return Document(text=body, title=fields["title"], tags=_unique(tags), url=fields["url"],
                    outlet=fields["outlet"], published=_metadata_date(fields["published"]),
                    language=_language(fields["language"]), input_format="jsonl", origin=where,
                    extra=extra)


def _json_type(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _one_line(value: str | None) -> str | None:
    """Metadata on one line, whitespace collapsed; None when nothing is left."""
    if value is None:
        return None
    text = " ".join(normalise(value).split())
    return text or None


def _unique(values: Sequence[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        tag = _one_line(value)
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    return tuple(out)


def _language(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value.replace("_", "-") if _LANG.fullmatch(value) else None


def _web_url(value: str | None) -> str | None:
    """Only absolute http(s) URLs are kept: a relative or javascript: link says nothing reliable."""
    if not value:
        return None
    value = value.strip()
    if len(value) > 2048 or any(c.isspace() for c in value):
        return None
    return value if value.lower().startswith(("http://", "https://")) else None


# -------------------------------------------------------------------------------------------- HTML

_VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
# Never text of the article: code, navigation, page chrome, forms, captions, widgets.
_SKIP = frozenset("script style noscript template svg math iframe object canvas select textarea button "
                  "nav header footer aside figure figcaption dialog".split())
# Paragraph-like elements whose text is article text.
_CONTENT = frozenset("p h2 h3 h4 h5 h6 li blockquote pre dd".split())
# Elements that end a run of inline text (a paragraph boundary).
_BLOCKS = frozenset(
    "address article aside blockquote body center dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html li main menu nav ol p pre "
    "section summary table tbody td tfoot th thead title tr ul".split())
# Elements whose start closes an open <p> (HTML's implied end tags), and the scope they stop at.
_CLOSES_P = frozenset(
    "address article aside blockquote details dialog div dl fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section table ul".split())
_P_SCOPE = frozenset("td th table button object html caption marquee applet".split())
_PUBLISHED_KEYS = ("article:published_time", "og:article:published_time", "datepublished",
                   "date", "pubdate", "publish-date", "publish_date", "publishdate", "dc.date",
                   "dc.date.issued", "dcterms.date", "dcterms.issued", "dcterms.created",
                   "sailthru.date", "parsely-pub-date")
_ARTICLE_TYPES = frozenset({"article", "newsarticle", "reportagenewsarticle", "blogposting",
                            "analysisnewsarticle", "backgroundnewsarticle", "opinionnewsarticle",
                            "report", "webpage", "liveblogposting"})
_HEAD_ELEMENTS = frozenset("html head title meta link script style noscript base template".split())
_MAX_JSONLD = 1 * MB
_IMPLIED_SCOPE = 64


@dataclasses.dataclass(slots=True)
class _Paragraph:
    text: str
    article: int | None
    in_main: bool
    content: bool
    in_form: bool


# A linear-time HTML tokenizer (the HTML5 rules, simplified). The standard library's parser rescans
# the rest of the page for every "<" that opens a construct it cannot finish ("<a <a <a ...",
# '<a href="x' repeated, "<!--" repeated): quadratic time, minutes for a 60 KB page. Here every
# construct is read forward once: a tag, comment or declaration left open at the end of the page is
# dropped (as browsers do), and each search for a terminator starts where the last one stopped.
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_HTML_SPACE = re.compile(r"[\t\n\f\r ]*")
_TAG_NAME_REST = re.compile(r"[^\t\n\f\r />]*")
_ATTR_NAME = re.compile(r"[^\t\n\f\r />][^\t\n\f\r /=>]*")
_UNQUOTED_VALUE = re.compile(r"[^\t\n\f\r >]*")
_COMMENT_END = re.compile(r"--!?>")
# Elements whose content is raw text up to their own end tag (as in the standard library's parser).
_RAW_TEXT_END = {tag: re.compile(rf"</{tag}(?=[\t\n\f\r />])", re.IGNORECASE) for tag in ("script", "style")}


def _tag_attributes(text: str, pos: int) -> tuple[int, list[tuple[str, str | None]], bool] | None:
    """The attributes of a tag from ``pos`` (just after its name) to its ">": (position after the
    tag, attributes, self-closing), or None when the page ends inside the tag."""
    n = len(text)
    attrs: list[tuple[str, str | None]] = []
    while True:
        pos = _HTML_SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if pos >= n:
            return None
        char = text[pos]
        if char == ">":
            return pos + 1, attrs, False
        if char == "/":
            if text.startswith("/>", pos):
                return pos + 2, attrs, True
            pos += 1
            continue
        name = _ATTR_NAME.match(text, pos)
        assert name is not None  # the first character is neither space, "/" nor ">"
        pos = _HTML_SPACE.match(text, name.end()).end()  # type: ignore[union-attr]
        value: str | None = None
        if pos < n and text[pos] == "=":
            pos = _HTML_SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
            if pos >= n:
                return None
            quote = text[pos]
            if quote in "\"'":
                end = text.find(quote, pos + 1)
                if end < 0:
                    return None
                value, pos = unescape(text[pos + 1:end]), end + 1
            elif quote == ">":
                value = ""
            else:
                unquoted = _UNQUOTED_VALUE.match(text, pos)
                assert unquoted is not None
                value, pos = unescape(unquoted.group()), unquoted.end()
        attrs.append((name.group().lower(), value))


class _Tokenizer:
    """Calls handle_starttag/handle_startendtag/handle_endtag/handle_data (character references
    decoded, except in <script> and <style>) for one whole page; comments and declarations are
    skipped. Linear in the size of the page."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None: ...

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None: ...

    def handle_endtag(self, tag: str) -> None: ...

    def handle_data(self, data: str) -> None: ...

    def feed(self, text: str) -> None:
        n = len(text)
        pos = 0
        raw: str | None = None
        while pos < n:
            if raw is not None:
                end_tag = _RAW_TEXT_END[raw].search(text, pos)
                end = end_tag.start() if end_tag else n
                if end > pos:
                    self.handle_data(text[pos:end])
                pos, raw = end, None
                continue
            lt = text.find("<", pos)
            if lt < 0:
                lt = n
            if lt > pos:
                self.handle_data(unescape(text[pos:lt]))
            if lt >= n:
                break
            pos, raw = self._markup(text, lt)

    def _markup(self, text: str, i: int) -> tuple[int, str | None]:
        """Read the construct opened by the "<" at ``i``: (where reading goes on, raw-text element)."""
        n = len(text)
        following = text[i + 1:i + 2]
        if following in _ASCII_LETTERS:
            name_end = _TAG_NAME_REST.match(text, i + 2).end()  # type: ignore[union-attr]
            tag = text[i + 1:name_end].lower()
            read = _tag_attributes(text, name_end)
            if read is None:
                return n, None
            end, attrs, self_closing = read
            if self_closing:
                self.handle_startendtag(tag, attrs)
                return end, None
            self.handle_starttag(tag, attrs)
            return end, tag if tag in _RAW_TEXT_END else None
        if following == "/":
            after = text[i + 2:i + 3]
            if after in _ASCII_LETTERS:
                name_end = _TAG_NAME_REST.match(text, i + 3).end()  # type: ignore[union-attr]
                read = _tag_attributes(text, name_end)
                if read is None:
                    return n, None
                self.handle_endtag(text[i + 2:name_end].lower())
                return read[0], None
            if after == ">":
                return i + 3, None
            if not after:
                self.handle_data("</")
                return n, None
            return _bogus_comment_end(text, i + 2), None
        if following == "!":
            if text.startswith("<!--", i):
                for empty in ("<!-->", "<!--->"):
                    if text.startswith(empty, i):
                        return i + len(empty), None
                end_mark = _COMMENT_END.search(text, i + 4)
                return (end_mark.end() if end_mark else n), None
            return _bogus_comment_end(text, i + 2), None  # <!DOCTYPE>, <![CDATA[...]>, <![if ...]>
        if following == "?":
            return _bogus_comment_end(text, i + 1), None
        self.handle_data("<")
        return i + 1, None


def _bogus_comment_end(text: str, pos: int) -> int:
    end = text.find(">", pos)
    return len(text) if end < 0 else end + 1


class _PageParser(_Tokenizer):
    """One pass over the page: metadata, and article paragraphs with where they stood."""

    def __init__(self) -> None:
        self.meta: dict[str, str] = {}
        self.meta_tags: list[str] = []
        self.lang: str | None = None
        self.canonical: str | None = None
        self.title: str | None = None
        self.h1: str | None = None
        self.time_in_article: str | None = None
        self.jsonld: list[str] = []
        self.paragraphs: list[_Paragraph] = []
        self._stack: list[str] = []
        self._open: dict[str, int] = {}
        self._articles: list[int] = []  # ids of the open <article> elements, outermost first
        self._article_count = 0
        self._skip = 0
        self._lines: list[list[str]] = [[]]
        self._title_parts: list[str] | None = None
        self._h1_parts: list[str] | None = None
        self._jsonld_parts: list[str] | None = None
        self._jsonld_size = 0

    # -- element stack ------------------------------------------------------------------------
    def _push(self, tag: str, attrs: dict[str, str | None]) -> None:
        self._stack.append(tag)
        self._open[tag] = self._open.get(tag, 0) + 1
        hidden = "hidden" in attrs or (attrs.get("aria-hidden") or "").lower() == "true"
        skipping = tag in _SKIP or hidden
        self._stack.append("1" if skipping else "0")  # paired marker: this element skips its content
        if skipping:
            self._skip += 1
        if tag == "article":
            self._article_count += 1
            self._articles.append(self._article_count)

    def _pop(self) -> str:
        skipping = self._stack.pop() == "1"
        tag = self._stack.pop()
        self._open[tag] -= 1
        if skipping:
            self._skip -= 1
        if tag == "article" and self._articles:
            self._articles.pop()
        return tag

    def _close(self, tag: str) -> None:
        """Pop open elements up to and including ``tag`` (implied end tags of what it contains)."""
        if not self._open.get(tag):
            return
        while self._stack and self._pop() != tag:
            pass

    def _close_implied(self, tag: str, scope: frozenset[str]) -> None:
        if not self._open.get(tag):
            return
        for i in range(len(self._stack) - 2, max(-1, len(self._stack) - 2 * _IMPLIED_SCOPE - 2), -2):
            name = self._stack[i]
            if name == tag:
                self._close(tag)
                return
            if name in scope:
                return

    # -- text -----------------------------------------------------------------------------------
    def _flush(self) -> None:
        if len(self._lines) == 1 and not self._lines[0]:
            return
        lines = [_WHITESPACE.sub(" ", "".join(parts)).strip() for parts in self._lines]
        self._lines = [[]]
        text = "\n".join(line for line in lines if line)
        if not text:
            return
        self.paragraphs.append(_Paragraph(
            text=text,
            article=self._articles[0] if self._articles else None,
            in_main=bool(self._open.get("main")),
            content=any(self._open.get(tag) for tag in _CONTENT),
            in_form=bool(self._open.get("form")),
        ))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): v for k, v in attrs}
        if tag == "meta":
            self._meta(a)
            return
        if tag == "link":
            rel = (a.get("rel") or "").lower().split()
            if "canonical" in rel and self.canonical is None:
                self.canonical = a.get("href")
            return
        if tag == "html" and self.lang is None:
            self.lang = a.get("lang") or a.get("xml:lang")
        if tag == "time" and self.time_in_article is None and (self._articles or self._open.get("main")):
            self.time_in_article = a.get("datetime")
        if tag == "br":
            self._lines.append([])
            return
        if tag not in _HEAD_ELEMENTS:
            self._close("head")  # the body has begun, whether or not the page says <body>
        if tag in _BLOCKS:
            self._flush()
            # A title or h1 holds only inline text: a block starting means its end tag is missing.
            if self._title_parts is not None:
                self.title, self._title_parts = "".join(self._title_parts), None
            if self._h1_parts is not None and tag != "h1":
                self.h1, self._h1_parts = "".join(self._h1_parts), None
        if tag in _VOID:
            return
        if tag in _CLOSES_P:
            self._close_implied("p", _P_SCOPE)
        if tag == "li":
            self._close_implied("li", frozenset({"ul", "ol", "menu"}))
        elif tag in ("dd", "dt"):
            self._close_implied("dd", frozenset({"dl"}))
            self._close_implied("dt", frozenset({"dl"}))
        self._push(tag, a)
        if tag == "title" and self._title_parts is None and self.title is None and not self._skip:
            self._title_parts = []
        elif tag == "h1" and self.h1 is None:
            self._h1_parts = []
        elif tag == "script" and (a.get("type") or "").lower() == "application/ld+json":
            self._jsonld_parts = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if tag in _BLOCKS:
            self._flush()
        if tag == "title" and self._title_parts is not None:
            self.title = "".join(self._title_parts)
            self._title_parts = None
        elif tag == "h1" and self._h1_parts is not None:
            self.h1 = "".join(self._h1_parts)
            self._h1_parts = None
        elif tag == "script" and self._jsonld_parts is not None:
            self.jsonld.append("".join(self._jsonld_parts))
            self._jsonld_parts = None
        self._close(tag)

    def handle_data(self, data: str) -> None:
        if self._jsonld_parts is not None:
            self._jsonld_size += len(data)
            if self._jsonld_size <= _MAX_JSONLD:
                self._jsonld_parts.append(data)
            return
        if self._title_parts is not None:
            self._title_parts.append(data)
            return
        if self._skip:
            if self._h1_parts is not None and not self._open.get("script") and not self._open.get("style"):
                self._h1_parts.append(data)
            return
        if self._h1_parts is not None:
            self._h1_parts.append(data)
            return
        if self._open.get("head"):
            return
        self._lines[-1].append(data)

    def _meta(self, a: dict[str, str | None]) -> None:
        content = a.get("content")
        if a.get("charset") is not None or content is None:
            return
        key = (a.get("property") or a.get("name") or a.get("itemprop") or a.get("http-equiv") or "")
        key = key.strip().lower()
        if not key:
            return
        if key == "article:tag":
            self.meta_tags.append(content)
        self.meta.setdefault(key, content)

    def close(self) -> None:
        self._flush()
        if self._title_parts is not None:
            self.title = "".join(self._title_parts)
        if self._h1_parts is not None:
            self.h1 = "".join(self._h1_parts)


def parse_html(text: str, name: str) -> Document:
    """An article from an HTML page: metadata from <meta>/<link>/JSON-LD, text from the <article>
    holding the most text (else <main>, else <body>), then the same cleaning as plain text."""
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    body = clean_text("\n\n".join(p.text for p in _article_paragraphs(parser.paragraphs)))
    if not body:
        raise InputError(f"{name}: no article text found")
    meta = parser.meta
    ld = _jsonld_article(parser.jsonld)
    outlet = _one_line(meta.get("og:site_name")) or _one_line(_ld_name(ld.get("publisher")))
    title = (_one_line(meta.get("og:title"))
             or _strip_site(_one_line(parser.title), outlet)
             or _one_line(ld.get("headline") if isinstance(ld.get("headline"), str) else None)
             or _one_line(parser.h1))
    published = None
    for candidate in (*(meta.get(k) for k in _PUBLISHED_KEYS), ld.get("datePublished"),
                      parser.time_in_article):
        published = _metadata_date(candidate)
        if published is not None:
            break
    tags = parser.meta_tags or _split_keywords(meta.get("keywords")) or _split_keywords(ld.get("keywords"))
    language = (_language(parser.lang) or _language(meta.get("content-language"))
                or _language(meta.get("og:locale")))
    return Document(text=body, title=title, tags=_unique(tags),
                    url=_web_url(parser.canonical) or _web_url(meta.get("og:url")),
                    outlet=outlet, published=published, language=language, input_format="html",
                    origin=name)


def _article_paragraphs(paragraphs: list[_Paragraph]) -> list[_Paragraph]:
    """Outside forms first (a whole-page ASP.NET <form> is the fallback); within that, the <article>
    with the most text, else <main>, else everything; paragraph elements, else loose text."""
    for pool in ([p for p in paragraphs if not p.in_form], paragraphs):
        if not pool:
            continue
        sizes: dict[int, int] = {}
        for p in pool:
            if p.article is not None:
                sizes[p.article] = sizes.get(p.article, 0) + len(p.text) * (2 if p.content else 1)
        if sizes:
            best = max(sizes, key=lambda k: (sizes[k], -k))
            chosen = [p for p in pool if p.article == best]
        elif any(p.in_main for p in pool):
            chosen = [p for p in pool if p.in_main]
        else:
            chosen = pool
        content = [p for p in chosen if p.content]
        return content or chosen
    return []


def _strip_site(title: str | None, outlet: str | None) -> str | None:
    """"Headline | Outlet" -> "Headline" when the outlet is known."""
    if not title or not outlet:
        return title
    for sep in (" | ", " - ", " – ", " — ", " :: ", " · "):
        if title.endswith(sep + outlet) and len(title) > len(sep + outlet):
            return title[: -len(sep + outlet)].strip() or title
    return title


def _split_keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str) and v.strip()]
    return []


def _ld_name(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("name")
    return value if isinstance(value, str) else None


def _jsonld_article(blocks: list[str]) -> dict[str, Any]:
    """The first schema.org article object in the page's JSON-LD blocks ({} when none or unreadable)."""
    for block in blocks:
        try:
            data = json.loads(block)
        except (ValueError, RecursionError):
            continue
        pending = [data]
        visited = 0
        while pending and visited < 200:
            item = pending.pop(0)
            visited += 1
            if isinstance(item, list):
                pending.extend(item)
            elif isinstance(item, dict):
                kinds = item.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds) and (
                        "headline" in item or "datePublished" in item):
                    return item
                graph = item.get("@graph")
                if isinstance(graph, list):
                    pending.extend(graph)
    return {}
