"""Extraction in worker processes gives the same results, in the same order, as in one process."""

from __future__ import annotations

from facttrack.document import Document
from facttrack.errors import InputError
from facttrack.extract import extract
from facttrack.parallel import extract_in_parallel


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
