"""Extraction in worker processes gives the same results, in the same order, as in one process."""

from __future__ import annotations

import multiprocessing
import os
from typing import Any

from facttrack.document import Document
from facttrack.errors import InputError
from facttrack.extract import extract
from facttrack.parallel import WORKER_NICENESS, _yield_to_writer, extract_in_parallel


def test_parallel_results_match_sequential_and_keep_order() -> None:
    items: list[Document | InputError] = [
        Document(text=f"At least {n} people were evacuated, the council said.", origin=f"doc{n}")
        for n in range(3, 60)
    ]
    items.insert(5, InputError("broken.txt: binary file, not text"))
    results = list(extract_in_parallel(items, jobs=2, chunk=2))  # four windows of 16: two in flight
    assert [item for item, _ in results] == items
    for item, result in results:
        if isinstance(item, InputError):
            assert result is item
        else:
            assert result == extract(item)


def test_one_job_runs_in_process() -> None:
    doc = Document(text="Nine boats sank.")
    assert list(extract_in_parallel([doc], jobs=1)) == [(doc, extract(doc))]


def _niceness_after_setup(queue: Any) -> None:
    _yield_to_writer()
    queue.put(os.nice(0))


def test_workers_yield_the_cpu_to_the_writer() -> None:
    """The writer is the bottleneck: workers run at a lower priority than the process that stores."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_niceness_after_setup, args=(queue,))
    child.start()
    child.join(30)
    assert queue.get(timeout=5) == min(19, os.nice(0) + WORKER_NICENESS)
