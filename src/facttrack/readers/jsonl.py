"""JSON Lines: one article per line (``text`` required; ``title``, ``url``, ``outlet``,
``published``, ``language``, ``tags``, ``id`` optional), streamed a line at a time so a file of any
size reads in the memory of its longest line. A bad line is reported with its number; the rest go on.
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Iterator
from typing import Any, BinaryIO

from facttrack.clean import clean_text, is_blank
from facttrack.document import Document
from facttrack.errors import InputError
from facttrack.readers.common import (
    DEFAULT_MAX_BYTES,
    MB,
    SNIFF,
    display,
    language_tag,
    metadata_date,
    one_line,
    open_input,
    os_error,
    too_big,
    unique,
)
from facttrack.readers.decode import BOMS, decode_bytes
from facttrack.readers.registry import Reader

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


def read_jsonl(stream: BinaryIO | _Range, name: str, max_bytes: int, *, first_line: int = 1,
               at_start: bool = True, whole: bool = True) -> Iterator[Document | InputError]:
    """One article per line, streamed: a bad line is reported with its number and the rest go on.
    A range of a file (:func:`read_jsonl_range`) numbers its lines from ``first_line``, sniffs for a
    byte-order mark or binary data only at the file's start, and is empty only as the whole file."""
    try:
        head = stream.read(SNIFF)
    except OSError as exc:
        yield os_error(name, exc)
        return
    for bom, encoding in BOMS if at_start else ():
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
            yield os_error(name, exc)
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
            yield too_big(f"{name}:{lineno}", "line", total, max_bytes)
            continue
        if not line.strip():
            continue
        articles += 1
        item = _jsonl_item(line, name, lineno)
        del line
        yield item
    if not articles and whole:
        yield InputError(f"{name}: empty file")


def read_jsonl_range(path: str, start: int, end: int, first_line: int, max_bytes: int = DEFAULT_MAX_BYTES, *,
                     name: str | None = None) -> Iterator[Document | InputError]:
    """The articles of bytes ``start`` to ``end`` of a UTF-8 JSON Lines file, a range that begins at
    the start of line ``first_line``: the same documents and errors, with the same line numbers, as
    reading the whole file gives for those lines (``extract-batch`` splits large files this way).
    ``name`` is how messages and origins call the file (default: the path)."""
    name = display(name or path)
    f = open_input(path, name)
    if isinstance(f, InputError):
        yield f
        return
    with f:  # closed also when the generator is dropped
        try:
            f.seek(start)
            whole = start == 0 and end >= os.fstat(f.fileno()).st_size
        except OSError as exc:
            yield os_error(name, exc)
            return
        yield from read_jsonl(_Range(f, end - start), name, max_bytes, first_line=first_line,
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
                yield too_big(f"{name}:{lineno}", "line", None, max_bytes)
            elif line.strip():
                articles += 1
                yield _jsonl_item(line, name, lineno)
        if final:
            break
        try:
            chunk = stream.read(64 * 1024)
        except OSError as exc:
            yield os_error(name, exc)
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
        fields[key] = one_line(value)
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
    return Document(text=body, title=fields["title"], tags=unique(tags), url=fields["url"],
                    outlet=fields["outlet"], published=metadata_date(fields["published"]),
                    language=language_tag(fields["language"]), input_format="jsonl", origin=where,
                    extra=extra)


def _json_type(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)




READER = Reader("jsonl", (".jsonl", ".ndjson"), stream=read_jsonl)
