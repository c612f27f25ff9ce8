"""Local worker processes (``ingest --jobs N``): a forked pool that maps a function over a lazy
stream of items, with a bounded window in flight.

The caller usually stores what the workers extract, and SQLite takes one writer at a time, so the
workers run at a lower CPU priority: the one writer, which every article goes through, keeps a core.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import islice
from typing import Any

from facttrack.runners import TaskFailed, call_safely

WORKER_NICENESS = 10


def yield_to_writer() -> None:
    """Workers run at a lower CPU priority. The one writer is the pipeline's bottleneck, and with as
    many workers as cores the scheduler gave it only a third of the CPU time, not a core: with
    ``--jobs 2`` on two cores, 380 articles/s at equal priority, 450-470 like this (1,000 articles)."""
    try:
        os.nice(WORKER_NICENESS)
    except OSError:
        pass  # not permitted here: run at the same priority


def _indexed(fn: Callable[[Any], Any], pair: tuple[int, Any]) -> tuple[int, Any]:
    index, item = pair
    return index, call_safely(fn, item)


class ProcessRunner:
    """``jobs`` forked worker processes. ``warm_up`` runs once in this process before the fork (so
    the workers start with compiled lexicons); ``chunk`` items travel to a worker at a time."""

    def __init__(self, jobs: int, *, chunk: int = 16, warm_up: Callable[[], None] | None = None) -> None:
        self.workers = jobs
        self.chunk = chunk
        if warm_up is not None:
            warm_up()
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self._pool = context.Pool(jobs, initializer=yield_to_writer)

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any], *,
            ordered: bool = True) -> Iterator[tuple[Any, Any | TaskFailed]]:
        """Two windows of a few chunks per worker are in flight, so memory stays bounded for any
        number of items, and the next window is being worked on while the caller handles the current
        one (with one window at a time, the workers would idle at every window's end)."""
        iterator = iter(items)
        window = self.workers * self.chunk * 4
        call = partial(_indexed, fn)
        imap = self._pool.imap if ordered else self._pool.imap_unordered

        def submit() -> tuple[list[Any], Iterator[tuple[int, Any]]] | None:
            batch = list(islice(iterator, window))
            return (batch, imap(call, enumerate(batch), chunksize=self.chunk)) if batch else None

        pending = deque(w for w in (submit(), submit()) if w is not None)
        while pending:
            batch, results = pending.popleft()
            for index, result in results:
                yield batch[index], result
            following = submit()
            if following is not None:
                pending.append(following)

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()

    def __enter__(self) -> ProcessRunner:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
