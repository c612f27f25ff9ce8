"""The registry of input kinds: one :class:`Reader` per kind, found by name or file extension.

A new input kind is one module that builds a Reader and calls :func:`register` (the package imports
the built-in ones). A reader either takes the whole input at once (``parse``: bytes and a display
name in, documents out; the caller enforces ``--max-size`` on the whole input) or streams it
(``stream``: an open binary stream, for inputs read a record at a time such as JSON Lines or WARC;
the reader enforces the limit per record). Either way a bad input or record comes out as an
:class:`~facttrack.errors.InputError` item in its place, so the rest of a batch goes on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from facttrack.document import Document
from facttrack.errors import InputError

Items = Iterator[Document | InputError]
# Whole-input parser: a Document, or several documents / errors (a feed file holds many articles).
Parse = Callable[[bytes, str], Document | Iterable[Document | InputError]]
# Streaming reader: (stream, display name, max bytes per record) -> documents and errors.
Stream = Callable[[BinaryIO, str, int], Items]


@dataclass(frozen=True, slots=True)
class Reader:
    """One input kind. ``extensions`` are lower-case and may be compound (".warc.gz"). ``sniff``,
    when given, claims an input by its first bytes whatever its extension says (a feed saved as
    .html is still a feed); readers are asked in registration order."""

    name: str
    extensions: tuple[str, ...]
    parse: Parse | None = None
    stream: Stream | None = None
    sniff: Callable[[bytes], bool] | None = None
    in_folders: bool = True  # files with these extensions are picked up when a folder is read

    def __post_init__(self) -> None:
        if (self.parse is None) == (self.stream is None):
            raise ValueError(f"reader {self.name!r} needs exactly one of parse or stream")


_READERS: dict[str, Reader] = {}


def register(reader: Reader) -> Reader:
    """Add (or replace) an input kind; returns it so a module can keep a reference."""
    _READERS[reader.name] = reader
    return reader


def names() -> tuple[str, ...]:
    """Registered input kinds, in registration order (the values of ``--input-format``)."""
    return tuple(_READERS)


def get(name: str) -> Reader:
    try:
        return _READERS[name]
    except KeyError:
        raise InputError(f"unknown input format {name!r} (use {_or_list(names())})") from None


def for_path(path: str) -> Reader | None:
    """The reader whose extension ends ``path`` (the longest one wins: ".warc.gz" before ".gz")."""
    base = os.path.basename(path).lower()  # ".txt" alone is a hidden file's name, not an extension
    best: tuple[int, Reader] | None = None
    for reader in _READERS.values():
        for ext in reader.extensions:
            if base.endswith(ext) and len(base) > len(ext) and (best is None or len(ext) > best[0]):
                best = (len(ext), reader)
    return best[1] if best else None


def sniffed(head: bytes) -> Reader | None:
    """The first reader that recognises these leading bytes, if any."""
    for reader in _READERS.values():
        if reader.sniff is not None and reader.sniff(head):
            return reader
    return None


def folder_extensions() -> str:
    """".txt, .html or .jsonl": each folder-read kind's first extension, for messages."""
    return _or_list(tuple(r.extensions[0] for r in _READERS.values() if r.in_folders and r.extensions))


def _or_list(items: tuple[str, ...]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]
