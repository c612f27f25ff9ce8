"""What a worker runs for one task: read the task's input, extract every article, write one part.

It runs wherever the runner puts it (a Dask worker on another machine, a Spark executor, this
process): it takes everything it needs in a picklable :class:`TaskSpec`, touches no database, and
checks first that it is the facttrack version that planned the batch, since parts of two versions'
rules must not mix in one database.
"""

from __future__ import annotations

import json
import os
import resource
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from facttrack.batch.manifest import Options, Task
from facttrack.batch.parts import PartWriter
from facttrack.document import Document
from facttrack.errors import InputError, NotAnArticle


@dataclass(frozen=True, slots=True)
class TaskSpec:
    """A task as a worker gets it. ``out`` is absolute, and relative input paths are read from ``base``
    (the planning process's folder), yet named as given, so origins read as serial extract names them
    whatever folder the worker runs in."""

    task: Task
    out: str
    version: str
    options: Options
    base: str = ""


@dataclass(frozen=True, slots=True)
class TaskResult:
    """What a task did. ``refused`` is set (and nothing written) when the worker runs another
    facttrack version; ``worker`` names the process, for that message and the benchmark."""

    index: int
    articles: int = 0
    failures: tuple[str, ...] = ()
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    peak_rss_mb: float = 0.0
    worker: str = ""
    refused: str | None = None
    not_articles: tuple[str, ...] = ()  # web archive records that hold no article (reported, not failed)


def run_task(spec: TaskSpec) -> TaskResult:
    """Extract one task's input into its part; failed inputs are listed, never raised."""
    import facttrack
    from facttrack.extract.model import Extraction
    from facttrack.readers import apply_overrides
    from facttrack.readers.language import with_language
    from facttrack.runners.work import extract_item

    worker = _worker_name()
    if facttrack.__version__ != spec.version:
        return TaskResult(spec.task.index, worker=worker,
                          refused=f"runs facttrack {facttrack.__version__}, not {spec.version}")
    started, cpu_started = time.perf_counter(), time.process_time()
    published = spec.options.published
    writer = PartWriter(Path(spec.out), spec.task.index)
    failures: list[str] = []
    skipped: list[str] = []
    try:
        for item in _documents(spec):
            if isinstance(item, InputError):
                (skipped if isinstance(item, NotAnArticle) else failures).append(_one_line(str(item)))
                continue
            doc = with_language(item)  # as every reader's documents get it (iter_documents)
            result = extract_item(apply_overrides(doc, published=published) if published else doc)
            if isinstance(result, Extraction):
                writer.write(json.dumps(result.to_json(), ensure_ascii=False))
            else:
                failures.append(_one_line(str(result)))
        writer.commit(failures)
    except BaseException:
        writer.discard()
        raise
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    return TaskResult(spec.task.index, writer.lines, tuple(failures), time.perf_counter() - started,
                      time.process_time() - cpu_started, peak, worker, not_articles=tuple(skipped))


def _documents(spec: TaskSpec) -> Iterator[Document | InputError]:
    from facttrack.readers import read_jsonl_range, registry
    from facttrack.readers.files import read_file

    task, max_bytes = spec.task, spec.options.max_bytes
    path = os.path.join(spec.base, task.path) if spec.base else task.path
    if task.end is not None:
        return read_jsonl_range(path, task.start, task.end, task.first_line, max_bytes, name=task.path)
    return read_file(path, registry.get(task.input_format), max_bytes, name=task.path)


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return f"{socket.gethostname()}:{os.getpid()}"


def _one_line(text: str) -> str:
    return " ".join(text.split())
