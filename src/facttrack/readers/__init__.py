"""Readers: inputs -> :class:`~facttrack.document.Document`, or a one-line
:class:`~facttrack.errors.InputError` in the place of what cannot be read.

One module per source kind, behind one registry (:mod:`.registry`):

- :mod:`.files`: files, folders and stdin (:func:`iter_documents`), handing each input to its kind;
- :mod:`.text`: plain text; :mod:`.html`: HTML pages (:func:`read_html`, the entry point for pages
  from any source); :mod:`.jsonl`: JSON Lines, streamed; :mod:`.feed`: RSS and Atom feeds;
  :mod:`.warc`: WARC/ARC web archives;
- :mod:`.url`: http(s) URLs, fetched by :mod:`.fetch` and read by the kind their content says;
- shared: :mod:`.decode` (bytes -> text), :mod:`.common` (limits, messages, metadata cleaning),
  :mod:`.htmlpage` (the one-pass HTML tokenizer and page parser), :mod:`.htmlbody` (the body
  through trafilatura).

A new input kind is one module that defines a :class:`Reader`, and one line below registering it.
"""

from __future__ import annotations

from facttrack.readers import feed, html, jsonl, registry, text, warc
from facttrack.readers.common import (
    DEFAULT_MAX_BYTES,
    apply_overrides,
    parse_date,
)
from facttrack.readers.decode import decode_bytes
from facttrack.readers.files import input_files, iter_documents, read_bytes
from facttrack.readers.html import parse_html, read_html
from facttrack.readers.jsonl import read_jsonl_range
from facttrack.readers.registry import Reader, register

__all__ = ["DEFAULT_MAX_BYTES", "EXTENSIONS", "INPUT_FORMATS", "Reader", "apply_overrides", "decode_bytes",
           "input_files", "iter_documents", "parse_date", "parse_html", "read_bytes", "read_html",
           "read_jsonl_range", "register"]

# Registration order is the order of --input-format values and of messages (".txt, .html or .jsonl").
for _reader in (text.READER, html.READER, jsonl.READER, feed.READER, warc.READER):
    register(_reader)

# The built-in kinds (--input-format values) and the file extensions that select them.
INPUT_FORMATS = ("txt", "html", "jsonl", "feed", "warc")
EXTENSIONS = {ext: name for name in INPUT_FORMATS for ext in registry.get(name).extensions}
