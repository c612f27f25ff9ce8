"""The Document: what a reader hands to extraction, whatever the input format was."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Document:
    """One article after reading and cleaning.

    ``text`` is the cleaned body that every extracted span indexes; the title and the hashtag line
    are kept apart in ``title`` and ``tags``. ``origin`` names where it came from ("file.txt",
    "feed.jsonl:12", "<stdin>") for messages and for the article's stored path. ``retrieved`` is when
    a page was fetched (a URL, a feed entry, a web archive record): never a publication date.
    """

    text: str
    title: str | None = None
    tags: tuple[str, ...] = ()
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    language: str | None = None
    input_format: str = "txt"
    origin: str = "<memory>"
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    retrieved: datetime | None = None

    @property
    def sha256(self) -> str:
        """Identity of the cleaned text: the same text from the same source is stored once."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()
