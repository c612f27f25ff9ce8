"""Runners: extraction in worker processes gives the same results, in the same order, as in one
process; a call that raises becomes a TaskFailed value in its place; workers yield the CPU."""

from __future__ import annotations

import multiprocessing
import os
from typing import Any

from facttrack.document import Document
from facttrack.errors import InputError
from facttrack.extract import extract
from facttrack.runners import InlineRunner, TaskFailed
from facttrack.runners.processes import WORKER_NICENESS, ProcessRunner, yield_to_writer
from facttrack.runners.work import extract_item


def test_process_results_match_sequential_and_keep_order() -> None:
    items: list[Document | InputError] = [
        Document(text=f"At least {n} people were evacuated, the council said.", origin=f"doc{n}")
        for n in range(3, 60)
    ]
    items.insert(5, InputError("broken.txt: binary file, not text"))
    with ProcessRunner(2, chunk=2) as runner:  # four windows of 16: two in flight
        results = list(runner.map(extract_item, items))
    assert [item for item, _ in results] == items
    for item, result in results:
        if isinstance(item, InputError):
            assert type(result) is InputError and str(result) == str(item)
        else:
            assert result == extract(item)


def test_unordered_map_pairs_each_result_with_its_item() -> None:
    with ProcessRunner(2, chunk=1) as runner:
        results = list(runner.map(abs, range(-40, 0), ordered=False))
    assert sorted(results) == [(n, -n) for n in range(-40, 0)]


def test_a_call_that_raises_is_a_value_not_an_exception() -> None:
    with ProcessRunner(2, chunk=1) as runner:
        results = dict(runner.map(int, ["7", "seven", "9"]))
    assert results["7"] == 7 and results["9"] == 9
    assert results["seven"] == TaskFailed("ValueError: invalid literal for int() with base 10: 'seven'")
    assert list(InlineRunner().map(int, ["x"])) == [("x", TaskFailed(
        "ValueError: invalid literal for int() with base 10: 'x'"))]


def test_one_job_runs_in_process() -> None:
    doc = Document(text="Nine boats sank.")
    assert list(InlineRunner().map(extract_item, [doc])) == [(doc, extract(doc))]


def test_a_window_works_on_a_few_items_ahead_and_keeps_order_and_failures() -> None:
    pulled: list[str] = []

    def items() -> Any:
        for text in ["1", "2", "x", "4", "5", "6", "7"]:
            pulled.append(text)
            yield text

    results = InlineRunner(window=3).map(int, items())
    assert next(results) == ("1", 1)
    assert pulled == ["1", "2", "x"]  # one window read, no more
    rest = list(results)
    assert [item for item, _ in rest] == ["2", "x", "4", "5", "6", "7"]
    assert rest[1][1] == TaskFailed("ValueError: invalid literal for int() with base 10: 'x'")
    assert pulled == ["1", "2", "x", "4", "5", "6", "7"]
    one: list[int] = []
    assert next(InlineRunner().map(one.append, iter([1, 2, 3]))) == (1, None) and one == [1]


def _niceness_after_setup(queue: Any) -> None:
    yield_to_writer()
    queue.put(os.nice(0))


def test_workers_yield_the_cpu_to_the_writer() -> None:
    """The writer is the bottleneck: workers run at a lower priority than the process that stores."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_niceness_after_setup, args=(queue,))
    child.start()
    child.join(30)
    assert queue.get(timeout=5) == min(19, os.nice(0) + WORKER_NICENESS)
