"""Part files: ``part-NNNNNN.jsonl.gz`` (gzip JSON Lines, one ``facttrack extract`` object a line)
and, when some of its inputs failed, ``part-NNNNNN.failed`` beside it (one line each).

A part is written under a temporary name, synced, and renamed when complete, after its failures
file: a part under its name is always whole, and its presence is what "this task is done" means.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import socket
from collections.abc import Iterator
from pathlib import Path

PART_SUFFIX = ".jsonl.gz"
FAILED_SUFFIX = ".failed"
_PART = re.compile(r"part-(\d+)\.jsonl\.gz")
COMPRESS_LEVEL = 4  # text compresses about as well as at 6, in half the time


def part_name(index: int) -> str:
    return f"part-{index:06d}{PART_SUFFIX}"


def part_path(folder: Path, index: int) -> Path:
    return folder / part_name(index)


def failed_path(folder: Path, index: int) -> Path:
    return folder / f"part-{index:06d}{FAILED_SUFFIX}"


def part_index(path: Path) -> int | None:
    """The task index of a part file name, None for any other file."""
    match = _PART.fullmatch(path.name)
    return int(match.group(1)) if match else None


def list_parts(folder: Path) -> list[Path]:
    """Complete parts of a folder in task order (temporary files are not parts)."""
    found = [(index, p) for p in folder.iterdir() if (index := part_index(p)) is not None]
    return [p for _, p in sorted(found)]


def read_failures(folder: Path, index: int) -> list[str]:
    try:
        return failed_path(folder, index).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []


def remove_stale_temporaries(folder: Path) -> None:
    """Temporary files of parts whose writer was killed (a run owns its folder: see run.py's lock)."""
    for temp in folder.glob(".part-*.tmp"):
        temp.unlink(missing_ok=True)


class PartWriter:
    """Writes one part: lines go to a hidden temporary file; ``commit`` writes the failures file,
    then renames the part into place. Without ``commit`` (an error, a kill) nothing appears."""

    def __init__(self, folder: Path, index: int) -> None:
        self.folder, self.index = folder, index
        self._tag = f"{socket.gethostname()}-{os.getpid()}"
        self._temp = folder / f".{part_name(index)}.{self._tag}.tmp"
        self._raw = open(self._temp, "wb")  # noqa: SIM115 - closed by commit() or discard()
        self._gzip = gzip.GzipFile(fileobj=self._raw, mode="wb", compresslevel=COMPRESS_LEVEL, mtime=0)
        self._text = io.TextIOWrapper(self._gzip, encoding="utf-8", newline="\n", write_through=False)
        self.lines = 0

    def write(self, line: str) -> None:
        self._text.write(line)
        self._text.write("\n")
        self.lines += 1

    def commit(self, failures: list[str]) -> Path:
        self._text.close()  # closes the gzip stream, which writes its trailer
        self._raw.flush()
        os.fsync(self._raw.fileno())
        self._raw.close()
        failed = failed_path(self.folder, self.index)
        if failures:
            temp_failed = failed.with_name(f".{failed.name}.{self._tag}.tmp")
            temp_failed.write_text("".join(f"{line}\n" for line in failures), encoding="utf-8")
            os.replace(temp_failed, failed)
        else:
            failed.unlink(missing_ok=True)  # left by an earlier attempt at this task
        target = part_path(self.folder, self.index)
        os.replace(self._temp, target)
        return target

    def discard(self) -> None:
        for stream in (self._text, self._raw):
            try:
                stream.close()
            except (OSError, ValueError):
                pass
        self._temp.unlink(missing_ok=True)


def read_part(path: Path) -> Iterator[str]:
    """The lines of a part (without their newline); raises OSError or EOFError when it is damaged."""
    with gzip.open(path, "rt", encoding="utf-8", newline="\n") as lines:
        for line in lines:
            yield line.rstrip("\n")
