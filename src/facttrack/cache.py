"""The per-user cache folder: data facttrack derives from its dependencies once (the gazetteer's
tables, the language model unpacked) so that a later process loads it in a fraction of the time.

``$FACTTRACK_CACHE_DIR``, else ``$XDG_CACHE_HOME/facttrack``, else ``~/.cache/facttrack``. Files are
written under a temporary name and renamed when complete, so a reader never sees half a file; a cache
that cannot be written costs only time (each process then derives its own).
"""

from __future__ import annotations

import gc
import os
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def cache_dir() -> Path:
    base = os.environ.get("FACTTRACK_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "facttrack")
    return Path(base)


def write_atomically(target: Path, data: bytes) -> bool:
    """Write ``data`` to ``target`` through a temporary file renamed into place; False when the cache
    cannot be written."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError:
        return False
    return True


def write_pickle(target: Path, value: Any) -> bool:
    """Pickle ``value`` to ``target`` (see ``write_atomically``)."""
    return write_atomically(target, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def read_pickle(path: Path) -> Any | None:
    """What ``write_pickle`` wrote to ``path`` (the user's own cache), or None when it is missing or
    damaged: the caller derives it again."""
    try:
        with open(path, "rb") as handle, _collector_paused():
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        return None


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Unpickling makes tens of thousands of objects that all stay alive, and each allocation
    threshold crossed meanwhile would start a collection that walks every one of them again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
