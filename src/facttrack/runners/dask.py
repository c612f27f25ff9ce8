"""A Dask distributed cluster as a runner (``extract-batch``): an existing scheduler by address
(``tcp://host:8786``: workers on other machines, SLURM, Kubernetes, SSH) or a local cluster of N
worker processes. Dask is an optional extra (``pip install 'facttrack[dask]'``).

Only a window of tasks is submitted at a time, so planning a million tasks does not mean a million
futures. A worker that dies mid-task is Dask's business: its tasks run again elsewhere. Workers that
run another facttrack version are refused (``check_versions``) and given no task.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from importlib import metadata
from itertools import islice
from typing import Any

from facttrack.errors import FacttrackError
from facttrack.runners import TaskFailed

INSTALL_HINT = "pip install 'facttrack[dask]'"
CONNECT_TIMEOUT_S = 10
WAIT_FOR_WORKERS_S = 60


def _quiet() -> None:
    """Dask logs worker comings and goings at INFO/WARNING on stderr; our messages are our own."""
    for name in ("distributed", "tornado", "bokeh"):
        logging.getLogger(name).setLevel(logging.ERROR)


class DaskRunner:
    """Tasks on a Dask cluster: ``scheduler`` is an address; without one, a local cluster of
    ``local`` single-threaded worker processes is started (and stopped by ``close``)."""

    def __init__(self, scheduler: str | None = None, local: int | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise FacttrackError(f"extract-batch runs on Dask, which is not installed ({INSTALL_HINT})") from None
        _quiet()
        self._cluster: Any = None
        self.address = scheduler or "local cluster"
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
            else:
                self._cluster = LocalCluster(n_workers=local or 1, threads_per_worker=1, processes=True,
                                             dashboard_address=":0", silence_logs=logging.ERROR)
                self.client = Client(self._cluster, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            self._shutdown()
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise FacttrackError(f"{self.address}: cannot connect to the Dask scheduler ({reason})") from None
        try:
            self.client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS_S)
        except (OSError, TimeoutError):
            self.close()
            raise FacttrackError(f"{self.address}: no Dask worker joined within {WAIT_FOR_WORKERS_S} s") from None
        self.allowed: set[str] | None = None  # None: every worker

    @property
    def workers(self) -> int:
        known = set(self.client.scheduler_info().get("workers", {}))
        return len(known if self.allowed is None else known & self.allowed)

    def check_versions(self, version: str) -> list[str]:
        """Refuse workers whose facttrack is not ``version`` (or missing): one line each. Raises when
        no worker is left."""
        versions = self.client.run(metadata.version, "facttrack", on_error="return")
        refused = []
        for worker, found in sorted(versions.items()):
            if isinstance(found, BaseException):
                refused.append(f"worker {worker}: cannot run facttrack ({type(found).__name__}: {found}): refused")
            elif found != version:
                refused.append(f"worker {worker}: runs facttrack {found}, not {version}: refused "
                               "(install the same version on every worker)")
        self.allowed = {w for w, found in versions.items() if found == version}
        if not self.allowed:
            raise FacttrackError(f"{self.address}: no worker runs facttrack {version}")
        return refused

    def exclude(self, worker: str) -> None:
        """Give ``worker`` no more tasks (it refused one)."""
        known = set(self.client.scheduler_info().get("workers", {}))
        self.allowed = (known if self.allowed is None else self.allowed) - {worker}

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any], *,
            ordered: bool = True) -> Iterator[tuple[Any, Any | TaskFailed]]:
        from distributed import as_completed

        iterator = iter(items)
        window = max(4, 4 * self.workers)
        waiting: dict[str, tuple[int, Any]] = {}
        done: dict[int, tuple[Any, Any]] = {}
        completed = as_completed(loop=self.client.loop)
        sequence = 0

        def submit(count: int) -> None:
            nonlocal sequence
            for item in islice(iterator, count):
                workers = sorted(self.allowed) if self.allowed is not None else None
                future = self.client.submit(fn, item, pure=False, workers=workers, allow_other_workers=False)
                waiting[future.key] = (sequence, item)
                sequence += 1
                completed.add(future)

        submit(window)
        following = 0
        for future in completed:
            number, item = waiting.pop(future.key)
            result = _outcome(future)
            future.release()
            submit(1)
            if not ordered:
                yield item, result
                continue
            done[number] = (item, result)
            while following in done:
                yield done.pop(following)
                following += 1

    def close(self) -> None:
        self._shutdown()

    def _shutdown(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> DaskRunner:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _outcome(future: Any) -> Any:
    if future.status == "finished":
        return future.result()
    if future.status == "cancelled":
        return TaskFailed("cancelled (the scheduler lost it)")
    exc = future.exception()
    name = type(exc).__name__
    if name == "KilledWorker":
        return TaskFailed("every worker that ran it died (KilledWorker): the input may crash the extractor")
    return TaskFailed(" ".join(f"{name}: {exc}".split()))
