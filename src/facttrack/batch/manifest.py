"""The plan of a batch: one task per input file, large UTF-8 JSON Lines files split at line
boundaries, written to ``DIR/manifest.json``.

The manifest is what makes a rerun a resume: the same inputs, options and facttrack version give the
same tasks, so parts already written are theirs. Other inputs (or a file changed since) give another
plan, which is refused rather than mixed with parts of the old one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from facttrack.errors import FacttrackError, InputError

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1
DEFAULT_TASK_BYTES = 64 * 1024 * 1024
_COUNT_BLOCK = 1 << 20


@dataclass(frozen=True, slots=True)
class Task:
    """One unit of work: a whole file, or bytes ``start``-``end`` of a JSON Lines file starting at line
    ``first_line``. ``size`` and ``mtime_ns`` identify the file's version the plan was made from."""

    index: int
    path: str
    input_format: str
    size: int
    mtime_ns: int
    start: int = 0
    end: int | None = None
    first_line: int = 1


@dataclass(frozen=True, slots=True)
class Options:
    """What every task of a batch shares (``--published``, ``--max-size``)."""

    published: date | None
    max_bytes: int

    def to_json(self) -> dict[str, Any]:
        return {"published": self.published.isoformat() if self.published else None, "max_bytes": self.max_bytes}


@dataclass(slots=True)
class Plan:
    """The tasks of a batch, and the inputs that could not even be listed (one line each)."""

    version: str
    options: Options
    tasks: list[Task] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"format": MANIFEST_FORMAT, "facttrack": self.version, "options": self.options.to_json(),
                "tasks": [asdict(t) for t in self.tasks]}


def plan_batch(inputs: Sequence[str], *, version: str, options: Options, input_format: str | None = None,
               follow_symlinks: bool = False, task_bytes: int = DEFAULT_TASK_BYTES) -> Plan:
    """Tasks for ``inputs`` (files and folders, read in the order ``ingest`` reads them)."""
    from facttrack.readers import input_files

    if "-" in inputs:
        raise FacttrackError("extract-batch reads files and folders, not standard input (-)")
    plan = Plan(version, options)
    for entry in input_files(inputs, input_format=input_format, follow_symlinks=follow_symlinks):
        if isinstance(entry, InputError):
            plan.errors.append(str(entry))
            continue
        path, reader = entry
        fmt = reader.name
        try:
            st = os.stat(path)
        except OSError as exc:
            plan.errors.append(f"{path}: {(exc.strerror or str(exc)).lower()}")
            continue
        if fmt == "jsonl" and st.st_size > task_bytes:
            try:
                ranges = split_lines(path, st.st_size, task_bytes)
            except OSError as exc:
                plan.errors.append(f"{path}: {(exc.strerror or str(exc)).lower()}")
                continue
            for start, end, first_line in ranges:
                plan.tasks.append(Task(len(plan.tasks), path, fmt, st.st_size, st.st_mtime_ns, start, end, first_line))
        else:
            plan.tasks.append(Task(len(plan.tasks), path, fmt, st.st_size, st.st_mtime_ns))
    return plan


def split_lines(path: str, size: int, task_bytes: int) -> list[tuple[int, int, int]]:
    """``(start, end, first_line)`` ranges of about ``task_bytes``, each starting at a line's start.

    Line numbers are counted on the way (one pass over the file) so that every task names its lines as
    reading the whole file would. A file that starts with a UTF-16/32 byte-order mark stays whole.
    """
    with open(path, "rb") as f:
        head = f.read(4)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head.startswith(b"\x00\x00\xfe\xff"):
            return [(0, size, 1)]
        f.seek(0)
        ranges: list[tuple[int, int, int]] = []
        start, first_line, position, lines = 0, 1, 0, 0
        while start < size:
            target = start + task_bytes
            if target >= size:
                ranges.append((start, size, first_line))
                break
            while position < target:  # count the newlines up to the target, then go to the next one
                block = f.read(min(_COUNT_BLOCK, target - position))
                if not block:
                    break
                lines += block.count(b"\n")
                position += len(block)
            rest = f.readline()
            position += len(rest)
            lines += rest.endswith(b"\n")
            ranges.append((start, position, first_line))
            start, first_line = position, lines + 1
    return ranges


def write_manifest(folder: Path, plan: Plan) -> None:
    """Write the plan, or check it equals the one already there (a resume); FacttrackError when not."""
    path = folder / MANIFEST
    wanted = plan.to_json()
    if path.exists():
        try:
            existing = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise FacttrackError(f"{path}: cannot read the manifest of the earlier run ({exc})") from None
        if existing != wanted:
            raise FacttrackError(f"{folder}: holds parts of another batch ({_difference(existing, wanted)}); "
                                 "use another --out folder, or empty this one")
        return
    temp = folder / f".{MANIFEST}.{os.getpid()}.tmp"
    temp.write_text(json.dumps(wanted, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temp, path)


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of a parts folder, None when it has none (parts copied without it)."""
    path = folder / MANIFEST
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FacttrackError(f"{path}: not a readable manifest ({exc})") from None


def _difference(old: dict[str, Any], new: dict[str, Any]) -> str:
    if old.get("facttrack") != new["facttrack"]:
        return f"written by facttrack {old.get('facttrack')}, this is {new['facttrack']}"
    if old.get("options") != new["options"]:
        return "other options"
    old_tasks, new_tasks = old.get("tasks") or [], new["tasks"]
    for a, b in zip(old_tasks, new_tasks, strict=False):
        if a != b:
            changed = "changed since" if a.get("path") == b["path"] else "other inputs than"
            return f"{b['path']}: {changed} the earlier run"
    return f"{len(old_tasks)} tasks planned then, {len(new_tasks)} now"
