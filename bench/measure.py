"""Timing helpers: child processes with their own peak memory, medians and percentiles, machine facts."""

from __future__ import annotations

import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path


@dataclass
class Child:
    """One finished command: wall time, CPU time (user + system), its own peak RSS, exit code, output."""

    wall: float
    cpu: float
    maxrss_mb: float
    returncode: int
    stdout: str
    stderr: str


# A small launcher between the benchmark and the command. Linux records the *old* address space's
# peak RSS when a process calls exec, and a child forked (or vforked) from this benchmark process
# starts as a copy of it: wait4 on it would report at least the benchmark's own size. The launcher is a
# bare interpreter (~10 MB), so the peak it reports is the command's own. It also times the command
# without its own start-up.
_LAUNCHER = """
import json, os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - started
with open(sys.argv[1], "w") as out:
    json.dump({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss,
               "status": status}, out)
"""


def run_child(cmd: Sequence[str], *, env: dict[str, str] | None = None, cwd: str | None = None) -> Child:
    """Run ``cmd`` through the launcher, stdout/stderr to temporary files; its wall time and peak RSS."""
    import json
    import sys
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r", suffix=".json") as report:
        subprocess.run([sys.executable, "-S", "-c", _LAUNCHER, report.name, *cmd], stdout=out, stderr=err,
                       stdin=subprocess.DEVNULL, env=env, cwd=cwd, check=False)
        facts = json.load(report)
        out.seek(0)
        err.seek(0)
        return Child(facts["wall"], facts["cpu"], facts["maxrss_kb"] / 1024, os.waitstatus_to_exitcode(facts["status"]),
                     out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


@dataclass
class Series:
    """Repeated measurements of one quantity (already in its display unit)."""

    values: list[float] = field(default_factory=list)

    def add(self, value: float) -> None:
        self.values.append(value)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (p50 = median of an odd count; p95 of 40 values = the 38th)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5 - 1e-9)))
    return ordered[rank - 1]


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def ram_gb() -> float | None:
    try:
        with open("/proc/meminfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return None


def version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def git_revision(root: Path) -> str:
    """The checkout's commit (and whether it has uncommitted changes), for the results header."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                              text=True, check=True).stdout.strip()
        # the results files are what a run rewrites: their changes say nothing about the code measured
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".",
                                ":!bench/RESULTS.md", ":!bench/RESULTS-quick.md"], cwd=root,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" + uncommitted changes" if dirty else "")


def load_average() -> str:
    try:
        return " / ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def machine_facts(root: Path) -> dict[str, str]:
    ram = ram_gb()
    return {
        "load average at start (1/5/15 min)": load_average(),
        "cpu": f"{cpu_model()}, {os.cpu_count()} cores",
        "ram": f"{ram:.1f} GB" if ram else "unknown",
        "os": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "sqlite": sqlite3.sqlite_version,
        "facttrack": f"{version('facttrack')} (git {git_revision(root)})",
        "packages": ", ".join(f"{name} {version(name)}" for name in
                              ("sqlalchemy", "alembic", "typer", "rich", "dateparser", "psycopg",
                               "quantulum3")),
    }


# ------------------------------------------------------------------------------------- SQLite files


def remove_database(path: Path) -> None:
    """A SQLite file and its -wal and -shm companions, where they exist."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def stored_rows(db: Path, tables: Sequence[str]) -> dict[str, tuple[str, list[tuple]]]:
    """Each table's rows, with an INSERT statement that puts them back (every column, in order)."""
    out: dict[str, tuple[str, list[tuple]]] = {}
    src = sqlite3.connect(db)
    try:
        for table in tables:
            cursor = src.execute(f'SELECT * FROM "{table}"')
            names = ", ".join(f'"{c[0]}"' for c in cursor.description)
            marks = ", ".join("?" for _ in cursor.description)
            out[table] = (f'INSERT INTO "{table}" ({names}) VALUES ({marks})', cursor.fetchall())
    finally:
        src.close()
    return out


def raw_writer(template: Path, target: Path) -> sqlite3.Connection:
    """A copy of a migrated empty database, opened with raw sqlite3 as facttrack sets SQLite up (WAL,
    synchronous=NORMAL); transactions are the caller's explicit BEGIN and COMMIT."""
    shutil.copy(template, target)
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn
