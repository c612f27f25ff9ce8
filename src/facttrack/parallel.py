"""Extraction in worker processes, for `ingest --jobs N`: the workers extract, the caller stores.

SQLite takes one writer at a time, so storing stays in the calling process (one transaction per
article, as always); extraction, which is pure and CPU-bound, is spread over N processes that yield
the CPU to the writer. Results come back in input order, and a read error or an extraction failure
travels through unchanged.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from facttrack.document import Document
from facttrack.errors import FacttrackError, InputError
from facttrack.extract.model import Extraction


class ExtractionFailed(Exception):
    """An unexpected error while extracting one article (a bug); carries a one-line reason."""


Item = Document | InputError
Result = Extraction | InputError | ExtractionFailed


def _extract_one(item: Item) -> Result:
    if isinstance(item, InputError):
        return item
    from facttrack.extract import extract

    try:
        return extract(item)
    except FacttrackError as exc:
        return ExtractionFailed(f"{item.origin}: {exc}")
    except Exception as exc:  # noqa: BLE001 - one article's extraction bug must not stop a batch
        return ExtractionFailed(f"{item.origin}: extraction failed ({type(exc).__name__}: {exc})")


def _warm_up() -> None:
    """Compile every lexicon pattern once, before the workers fork, so they start warm."""
    from facttrack.extract import extract

    extract(Document(text="At least 2 people died on Monday, officials said."))


WORKER_NICENESS = 10


def _yield_to_writer() -> None:
    """Workers run at a lower CPU priority. The one writer is the pipeline's bottleneck, and with as
    many workers as cores the scheduler gave it only a third of the CPU time, not a core: with
    ``--jobs 2`` on two cores, 380 articles/s at equal priority, 450-470 like this (1,000 articles)."""
    try:
        os.nice(WORKER_NICENESS)
    except OSError:
        pass  # not permitted here: run at the same priority


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def extract_in_parallel(items: Iterable[Item], jobs: int, *, chunk: int = 16) -> Iterator[tuple[Item, Result]]:
    """Yield ``(item, result)`` in input order, extracting in ``jobs`` worker processes.

    Reading stays lazy: two windows of a few chunks per worker are in flight, so memory stays bounded
    for any number of inputs, and the next window is already being extracted while the caller stores
    the current one (with one window at a time, the workers would idle at every window's end).
    ``jobs <= 1`` extracts in this process.
    """
    iterator = iter(items)
    if jobs <= 1:
        for item in iterator:
            yield item, _extract_one(item)
        return
    _warm_up()
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    window = jobs * chunk * 4
    with context.Pool(jobs, initializer=_yield_to_writer) as pool:

        def submit() -> tuple[list[Item], Iterator[Result]] | None:
            batch = list(islice(iterator, window))
            return (batch, pool.imap(_extract_one, batch, chunksize=chunk)) if batch else None

        pending = deque(w for w in (submit(), submit()) if w is not None)
        while pending:
            batch, results = pending.popleft()
            for item, result in zip(batch, results, strict=True):
                yield item, item if isinstance(item, InputError) else result
            following = submit()
            if following is not None:
                pending.append(following)
