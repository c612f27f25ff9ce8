"""Where work runs: in this process, in local worker processes (``ingest --jobs``), or on a Dask
cluster (``extract-batch``). Every runner has one small interface, :class:`Runner`: ``map`` a
picklable function over items and get ``(item, result)`` pairs back, a failed call arriving as a
:class:`TaskFailed` value in its place so that one bad item never stops a batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class TaskFailed:
    """A call that raised (or whose worker died too often): a one-line reason instead of a result."""

    reason: str


class Runner(Protocol):
    """Maps a function over items on some workers; ``ordered`` keeps the input order, otherwise results
    come as they finish. Reading ``items`` stays lazy: only a bounded window is in flight."""

    workers: int

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any], *,
            ordered: bool = True) -> Iterator[tuple[Any, Any]]: ...

    def close(self) -> None: ...


def call_safely(fn: Callable[[T], R], item: T) -> R | TaskFailed:
    """``fn(item)``, or TaskFailed with the exception's one-line reason (a bug must not stop a batch)."""
    try:
        return fn(item)
    except Exception as exc:  # noqa: BLE001 - reported per item; the batch goes on
        return TaskFailed(" ".join(f"{type(exc).__name__}: {exc}".split()))


class InlineRunner:
    """Runs every call in this process, in order: ``--jobs 1``, and the reference the others match.

    ``window`` items are read and worked on before the first of them goes back to the caller. When
    the caller does other heavy work per item (ingest stores each article), each step then runs over
    several items in a row and finds its tables and patterns still in the CPU's caches, instead of
    each step evicting the other's every item. One item at a time suits a live stream, whose next
    item may be long in coming."""

    workers = 1

    def __init__(self, *, window: int = 1) -> None:
        self.window = max(1, window)

    def map(self, fn: Callable[[T], R], items: Iterable[T], *,
            ordered: bool = True) -> Iterator[tuple[T, R | TaskFailed]]:
        iterator = iter(items)
        while batch := list(islice(iterator, self.window)):
            yield from [(item, call_safely(fn, item)) for item in batch]

    def close(self) -> None:
        pass


def default_jobs() -> int:
    """The CPUs this process may run on."""
    import os

    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
