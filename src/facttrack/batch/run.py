"""Driving one batch: plan, write the manifest, skip complete parts, run the rest on a runner,
and say what happened (progress as it goes, failed inputs one line each, a summary at the end)."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from facttrack.batch.manifest import DEFAULT_TASK_BYTES, Options, Task, plan_batch, write_manifest
from facttrack.batch.parts import part_path, read_failures, remove_stale_temporaries
from facttrack.batch.task import TaskResult, TaskSpec, run_task
from facttrack.errors import FacttrackError
from facttrack.runners import Runner, TaskFailed


@dataclass(slots=True)
class BatchSummary:
    """Totals of a batch run; ``tasks`` = ``ran`` + ``complete`` (done by an earlier run) + unfinished."""

    out: str
    tasks: int = 0
    ran: int = 0
    complete: int = 0
    articles: int = 0
    failed: int = 0
    not_articles: int = 0
    refused: list[str] = field(default_factory=list)
    seconds: float = 0.0
    task_seconds: float = 0.0
    cpu_seconds: float = 0.0
    peak_worker_mb: float = 0.0
    started: float = field(default_factory=time.monotonic)

    @property
    def unfinished(self) -> int:
        return self.tasks - self.ran - self.complete

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.articles / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        parts = [f"{self.ran + self.complete} of {self.tasks} tasks done ({self.complete} already complete)",
                 f"{self.articles} articles", f"{self.failed} failed"]
        if self.unfinished:
            parts.append(f"{self.unfinished} tasks unfinished (run again to finish)")
        return "; ".join(parts) + f"; parts in {self.out}"

    def to_json(self) -> dict[str, Any]:
        return {"tasks": self.tasks, "ran": self.ran, "complete": self.complete, "unfinished": self.unfinished,
                "articles": self.articles, "failed": self.failed, "refused_workers": len(self.refused),
                "seconds": round(self.seconds, 3), "out": self.out, "not_articles": self.not_articles}


Report = Callable[..., None]  # (message) for a failure, (message, "skipped") for a record that is no article
Progress = Callable[[BatchSummary], None]


def extract_batch(inputs: Sequence[str], out: str, runner: Callable[[], Runner], *, version: str,
                  input_format: str | None = None, published: date | None = None, max_bytes: int,
                  follow_symlinks: bool = False, task_bytes: int = DEFAULT_TASK_BYTES,
                  report: Report, progress: Progress | None = None) -> BatchSummary:
    """Extract ``inputs`` into parts under ``out`` on the runner ``runner()`` makes (only made when some
    task is left to do). ``report`` gets each failed input, and each refused worker, as one line."""
    folder = Path(out)
    summary = BatchSummary(out)
    with _owned(folder):
        options = Options(published, max_bytes)
        plan = plan_batch(inputs, version=version, options=options, input_format=input_format,
                          follow_symlinks=follow_symlinks, task_bytes=task_bytes)
        for message in plan.errors:
            report(message)
        summary.failed += len(plan.errors)
        summary.tasks = len(plan.tasks)
        write_manifest(folder, plan)
        remove_stale_temporaries(folder)
        pending: list[Task] = []
        for task in plan.tasks:
            if part_path(folder, task.index).exists():
                summary.complete += 1
                earlier = read_failures(folder, task.index)  # reported again: the exit code says the same
                for message in earlier:
                    report(message)
                summary.failed += len(earlier)
            else:
                pending.append(task)
        if progress:
            progress(summary)
        if pending:
            _run(pending, runner, folder, version, options, summary, report, progress)
    summary.seconds = time.monotonic() - summary.started
    return summary


def _run(pending: list[Task], make_runner: Callable[[], Runner], folder: Path, version: str,
         options: Options, summary: BatchSummary, report: Report, progress: Progress | None) -> None:
    active = make_runner()
    try:
        check = getattr(active, "check_versions", None)
        if check is not None:
            for line in check(version):
                summary.refused.append(line)
                report(line)
        while pending:
            refused_again: list[Task] = []
            specs = (TaskSpec(task, str(folder.resolve()), version, options, os.getcwd()) for task in pending)
            for spec, result in active.map(run_task, specs, ordered=False):
                if isinstance(result, TaskFailed):
                    summary.failed += 1
                    report(f"{_describe(spec.task)}: {result.reason}")
                elif result.refused:
                    refused_again.append(spec.task)
                    _refuse(active, result, version, summary, report)
                else:
                    _count(result, summary, report)
                if progress:
                    progress(summary)
            pending = refused_again
            if pending and not active.workers:
                raise FacttrackError(f"no worker left that runs facttrack {version}: "
                                     f"{len(pending)} tasks not run")
    finally:
        active.close()


def _count(result: TaskResult, summary: BatchSummary, report: Report) -> None:
    summary.ran += 1
    summary.articles += result.articles
    summary.failed += len(result.failures)
    summary.task_seconds += result.seconds
    summary.cpu_seconds += result.cpu_seconds
    summary.peak_worker_mb = max(summary.peak_worker_mb, result.peak_rss_mb)
    for message in result.failures:
        report(message)
    summary.not_articles += len(result.not_articles)
    for message in result.not_articles:
        report(message, "skipped")


def _refuse(active: Runner, result: TaskResult, version: str, summary: BatchSummary, report: Report) -> None:
    line = f"worker {result.worker}: {result.refused}: refused (install facttrack {version} on every worker)"
    if line not in summary.refused:
        summary.refused.append(line)
        report(line)
    exclude = getattr(active, "exclude", None)
    if exclude is None:  # a runner that cannot leave a worker out: nothing else can run these tasks
        raise FacttrackError(line)
    exclude(result.worker)


def _describe(task: Task) -> str:
    return task.path if task.end is None else f"{task.path} (from line {task.first_line})"


@contextmanager
def _owned(folder: Path) -> Iterator[None]:
    """Create the output folder and hold its lock: one batch writes a folder at a time."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / ".lock", "a")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise FacttrackError(f"{folder}: cannot write the parts there ({exc.strerror or exc})") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise FacttrackError(f"{folder}: another extract-batch is writing there") from None
        yield
    finally:
        handle.close()
