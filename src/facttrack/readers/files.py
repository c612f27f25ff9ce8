"""Files, folders and stdin: where inputs are found, opened and size-checked, then handed to the
reader of their kind (:mod:`facttrack.readers.registry`).

A bad input never stops the others: :func:`iter_documents` yields the error in its place and goes on.
Folders are read recursively in sorted order, hidden entries skipped, and are not left through
symbolic links unless asked; FIFOs, sockets and devices are never opened.
"""

from __future__ import annotations

import dataclasses
import os
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import BinaryIO

from facttrack.document import Document
from facttrack.errors import InputError
from facttrack.readers import registry
from facttrack.readers.common import DEFAULT_MAX_BYTES, SNIFF, STDIN_NAME, display, open_input, os_error, too_big
from facttrack.readers.fetch import FetchOptions, is_url, using
from facttrack.readers.language import with_language
from facttrack.readers.registry import Reader

DEFAULT_FORMAT = "txt"  # stdin, and files whose extension no reader claims


def iter_documents(paths: Sequence[str], *, input_format: str | None = None,
                   stdin: BinaryIO | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                   follow_symlinks: bool = False, feeds: Sequence[str] = (),
                   fetch: FetchOptions | None = None, detect_language: bool = True) -> Iterator[Document | InputError]:
    """Each article of ``paths`` in order, or an InputError in the place of what cannot be read.

    ``paths`` are files, folders (recursive, sorted, supported extensions only), http(s) URLs or "-"
    for stdin; ``feeds`` are URLs that must be RSS or Atom feeds, read after the paths.
    ``input_format`` overrides the file extension (stdin defaults to txt); a feed is read as a feed
    whatever it is named. ``fetch`` sets timeouts and which feed entries are already stored. Each
    document's language is detected from its text (:mod:`.language`) unless ``detect_language`` is off.
    """
    items = _iter_inputs(paths, input_format, stdin, max_bytes, follow_symlinks, feeds, fetch)
    if not detect_language:
        return items
    return (item if isinstance(item, InputError) else with_language(item) for item in items)


def _iter_inputs(paths: Sequence[str], input_format: str | None, stdin: BinaryIO | None, max_bytes: int,
                 follow_symlinks: bool, feeds: Sequence[str],
                 fetch: FetchOptions | None) -> Iterator[Document | InputError]:
    opts = dataclasses.replace(fetch or FetchOptions(), max_bytes=max_bytes)
    with using(opts):
        for given in paths:
            if is_url(given):
                yield from _read_url(given, opts)
                continue
            for entry in input_files([given], input_format=input_format, follow_symlinks=follow_symlinks):
                if isinstance(entry, InputError):
                    yield entry
                    continue
                path, reader = entry
                if path == "-":
                    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
                    if stream is None:
                        yield InputError(f"{STDIN_NAME}: no standard input")
                        continue
                    yield from read_stream(stream, STDIN_NAME, reader, max_bytes)
                else:
                    yield from read_file(path, reader, max_bytes)
        for given in feeds:
            yield from _read_url(given, opts, feed_only=True)


def _read_url(given: str, opts: FetchOptions, *, feed_only: bool = False) -> Iterator[Document | InputError]:
    from facttrack.readers.url import read_url

    name = display(given)
    if name != given or any(c.isspace() for c in given):
        yield InputError(f"{name}: not a valid URL")
        return
    yield from read_url(given, opts, feed_only=feed_only)


def input_files(paths: Sequence[str], *, input_format: str | None = None,
                follow_symlinks: bool = False) -> Iterator[tuple[str, Reader] | InputError]:
    """``(path, reader)`` of every file :func:`iter_documents` reads, in its order ("-" for stdin),
    and an InputError in the place of what cannot be listed: how ``extract-batch`` plans its tasks.
    URLs are not files: they are fetched by :func:`iter_documents` only."""
    forced = registry.get(input_format) if input_format is not None else None
    for given in paths:
        if given == "-":
            yield given, forced or registry.get(DEFAULT_FORMAT)
            continue
        if is_url(given):
            yield InputError(f"{display(given)}: a URL, not a file or folder (ingest and extract fetch URLs)")
            continue
        try:
            st = os.stat(given)
        except OSError as exc:
            yield os_error(display(given), exc)
            continue
        if not stat.S_ISDIR(st.st_mode):
            yield given, forced or _reader_of(given)
            continue
        files, errors = _folder_files(given, follow_symlinks)
        yield from errors
        if not files and not errors:
            yield InputError(f"{display(given)}: no {registry.folder_extensions()} files")
        for rel in files:
            path = os.path.join(given, *rel)
            yield path, forced or _reader_of(path)


def _reader_of(path: str) -> Reader:
    return registry.for_path(path) or registry.get(DEFAULT_FORMAT)


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
            errors.append(os_error(display(dir_path), exc))
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
                if registry.in_folders(entry.name) is None:
                    continue
                if is_link and not os.path.exists(entry.path):
                    found.append(rel)  # a dangling link inside: reported when read
                elif entry.is_file(follow_symlinks=True):
                    found.append(rel)  # FIFOs, sockets and devices are never opened
            except OSError as exc:
                errors.append(os_error(display(os.path.join(root, *rel)), exc))
    found.sort()
    return found, errors


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


# -------------------------------------------------------------------------------------------- files

def read_file(path: str, reader: Reader, max_bytes: int, *, name: str | None = None) -> Iterator[Document | InputError]:
    """The articles of one file as ``reader`` reads them; whole-input readers get at most
    ``max_bytes`` (checked before reading where the size is known). ``name`` is how messages and
    origins call it (default: the path)."""
    name = display(name or path)
    f = open_input(path, name)
    if isinstance(f, InputError):
        yield f
        return
    with f:  # closed also when the generator is dropped
        if reader.stream is None:
            try:
                st = os.fstat(f.fileno())
            except OSError as exc:
                yield os_error(name, exc)
                return
            if stat.S_ISREG(st.st_mode) and st.st_size > max_bytes:
                yield too_big(name, "file", st.st_size, max_bytes)
                return
        yield from read_stream(f, name, reader, max_bytes, what="file")


def read_stream(stream: BinaryIO, name: str, reader: Reader, max_bytes: int, *,
                what: str = "input") -> Iterator[Document | InputError]:
    """The articles of an open binary stream as ``reader`` reads them (``what`` names the input in
    the too-large message: "file", "input")."""
    if reader.stream is not None:
        yield from reader.stream(stream, name, max_bytes)
        return
    try:
        data = stream.read(max_bytes + 1)
    except OSError as exc:
        yield os_error(name, exc)
        return
    if len(data) > max_bytes:
        yield too_big(name, what, None, max_bytes)
        return
    sniffed = registry.sniffed(data[:SNIFF])
    if sniffed is not None and sniffed.parse is not None:  # a feed is read as one, whatever its name says
        reader = sniffed
    items = parse_items(reader, data, name)
    del data  # not kept alive while the caller extracts and stores the article
    yield from items


def parse_items(reader: Reader, data: bytes, name: str) -> Iterable[Document | InputError]:
    """A whole-input reader's result as items; an InputError it raises becomes an item too."""
    assert reader.parse is not None
    try:
        result = reader.parse(data, name)
    except InputError as exc:
        return [exc]
    return [result] if isinstance(result, Document) else _guarded(result)


def _guarded(items: Iterable[Document | InputError]) -> Iterator[Document | InputError]:
    try:
        yield from items
    except InputError as exc:
        yield exc


def read_bytes(data: bytes, name: str, input_format: str = DEFAULT_FORMAT) -> Document:
    """One article from bytes already in memory (a whole-input kind: txt or html); raises InputError."""
    reader = registry.get(input_format)
    if reader.parse is None:
        raise InputError(f"{name}: {input_format} is read from a stream, not from bytes in memory")
    result = reader.parse(data, name)
    if isinstance(result, Document):
        return result
    for item in result:
        if isinstance(item, InputError):
            raise item
        return item
    raise InputError(f"{name}: no article text found")
