"""Plain text (.txt, .md, stdin): the first non-empty line is the title, a line of #hashtags the tags."""

from __future__ import annotations

from facttrack.clean import split_plain
from facttrack.document import Document
from facttrack.errors import InputError
from facttrack.readers.decode import decode_bytes
from facttrack.readers.registry import Reader


def read_text(data: bytes | str, name: str) -> Document:
    """One article from a plain-text file's bytes (or text already decoded); raises InputError."""
    text = decode_bytes(data, name) if isinstance(data, bytes) else data
    title, tags, body = split_plain(text)
    if not body:
        raise InputError(f"{name}: no article text found")
    return Document(text=body, title=title, tags=tags, input_format="txt", origin=name)


READER = Reader("txt", (".txt", ".text", ".md", ".markdown"), parse=read_text)
