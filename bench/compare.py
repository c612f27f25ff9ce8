"""Speed against another revision, measured at the same moment: extraction and ingest of the bench corpus.

    .venv/bin/python bench/compare.py 34621dd                 # 8 rounds of 2,000 articles
    .venv/bin/python bench/compare.py 34621dd --rounds 12 --articles 1000 --part ingest

On a shared machine the speed of a core changes by a third from one minute to the next, so a rate from
bench/run.py today cannot be set against one in RESULTS.md from another day. Here both builds work on
the same input at the same moment. Each round runs this checkout and REV side by side, one per CPU,
swapping CPUs from round to round (on a single CPU, one after the other, in alternating order). What
slows the machine slows both, and the median of the per-round ratios is the figure to read.

REV is built as pip installs it (a wheel: its extraction compiled when its setup.py compiles it) and
kept in the cache folder, so each side runs as it ships. Rates are by CPU time (user + system) of the
process; the wall-clock rates of side-by-side runs include the other's share of the memory bus.
Nothing here passes or fails: it prints figures and writes bench/COMPARE.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import corpus
from measure import Child, git_revision, load_average, machine_facts, remove_database, run_child

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DEFAULT_REAL = ROOT.parent / "shared" / "corpus" / "wikinews" / "articles.jsonl"
PARTS = ("extraction", "ingest")

# Pins the process to one CPU, then becomes the command (so the launcher's CPU time is the command's).
_PIN = "import os, sys; os.sched_setaffinity(0, {int(sys.argv[1])}); os.execvp(sys.argv[2], sys.argv[2:])"

# Extraction in the build on PYTHONPATH: documents made from each JSON line's text and title only (the
# one constructor every revision shares), a few warm-up articles, then timed passes; prints JSON.
_EXTRACT = """
import json, sys, time
from facttrack.document import Document
from facttrack.extract import extract
docs = []
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as lines:
        docs += [Document(text=r["text"], title=r.get("title")) for r in map(json.loads, lines)]
for doc in docs[:20]:
    extract(doc)
started = time.process_time()
for _ in range(int(sys.argv[1])):
    for doc in docs:
        extract(doc)
import facttrack.extract
print(json.dumps({"articles": len(docs) * int(sys.argv[1]), "cpu": time.process_time() - started,
                  "compiled": not facttrack.extract.__file__.endswith(".py")}))
"""


@dataclass
class Side:
    """One build: what to call it and where its package is (None: this checkout, as installed)."""

    name: str
    pythonpath: Path | None
    compiled: bool | None = None


@dataclass
class Part:
    """One measurement over the rounds: each side's rates and the per-round ratios (this / REV)."""

    name: str
    unit: str
    rates: dict[str, list[float]] = field(default_factory=dict)
    ratios: list[float] = field(default_factory=list)


def log(message: str) -> None:
    print(f"[compare] {message}", file=sys.stderr, flush=True)


def build_revision(rev: str, cache: Path) -> Side:
    """REV's package as a pip-built wheel unpacked into the cache (built once per commit)."""
    commit = subprocess.run(["git", "rev-parse", "--verify", f"{rev}^{{commit}}"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.strip()
    site = cache / commit
    if not (site / "facttrack").is_dir():
        with tempfile.TemporaryDirectory() as tmp:
            tree, wheels = Path(tmp, "tree"), Path(tmp, "wheels")
            tree.mkdir()
            archive = subprocess.run(["git", "archive", commit], cwd=ROOT, capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
            log(f"building {rev} ({commit[:10]}) as a wheel, compiling where its setup compiles (a few minutes)")
            subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(tree)],
                           check=True)
            (wheel,) = wheels.glob("facttrack-*.whl")
            partial = site.with_name(site.name + ".partial")
            shutil.rmtree(partial, ignore_errors=True)
            with zipfile.ZipFile(wheel) as unpacked:
                unpacked.extractall(partial)
            os.replace(partial, site)
    return Side(f"{rev} ({commit[:10]})", site)


def pinned(cmd: Sequence[str], cpu: int | None) -> list[str]:
    return list(cmd) if cpu is None else [sys.executable, "-S", "-c", _PIN, str(cpu), *cmd]


def run_side(side: Side, part: str, parts: Sequence[Path], articles: int, work: Path, cpu: int | None,
             passes: int) -> float:
    """One run of ``part`` in ``side``'s build over the ``articles`` of ``parts``: articles per CPU second."""
    env = dict(os.environ, NO_COLOR="1")
    env.pop("FACTTRACK_DB", None)
    python = [sys.executable]
    if side.pythonpath is not None:
        # -S: no site hooks, so this checkout's editable install cannot lend REV a module it lacks
        paths = dict.fromkeys([str(side.pythonpath), sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
        env["PYTHONPATH"] = os.pathsep.join(paths)
        python.append("-S")
    if part == "extraction":
        child = run_child(pinned([*python, "-c", _EXTRACT, str(passes), *map(str, parts)], cpu), env=env)
        _check(side, part, child)
        report = json.loads(child.stdout.strip().splitlines()[-1])
        side.compiled = report["compiled"]
        return float(report["articles"] / report["cpu"])
    db = work / f"ingest-{'this' if side.pythonpath is None else 'other'}.db"
    remove_database(db)
    child = run_child(pinned([*python, "-m", "facttrack", "ingest", *map(str, parts), "--db", str(db)], cpu), env=env)
    _check(side, part, child)
    remove_database(db)
    return articles / child.cpu


def _check(side: Side, part: str, child: Child) -> None:
    if child.returncode != 0:
        raise SystemExit(f"compare: {part} failed in {side.name}: {child.stderr.strip().splitlines()[-1:]}")


def measure(sides: tuple[Side, Side], part: Part, parts: Sequence[Path], articles: int, work: Path, rounds: int,
            passes: int) -> None:
    """``rounds`` rounds of ``part``: side by side on two CPUs when there are two, else in turn."""
    cpus = sorted(os.sched_getaffinity(0))
    for number in range(rounds):
        if len(cpus) >= 2:
            first, second = (cpus[0], cpus[1]) if number % 2 == 0 else (cpus[1], cpus[0])
            with ThreadPoolExecutor(2) as pool:
                futures = [pool.submit(run_side, side, part.name, parts, articles, work, cpu, passes)
                           for side, cpu in zip(sides, (first, second), strict=True)]
                rates = [future.result() for future in futures]
        else:
            order = sides if number % 2 == 0 else sides[::-1]
            found = {side.name: run_side(side, part.name, parts, articles, work, None, passes) for side in order}
            rates = [found[side.name] for side in sides]
        for side, rate in zip(sides, rates, strict=True):
            part.rates.setdefault(side.name, []).append(rate)
        part.ratios.append(rates[0] / rates[1])
        log(f"{part.name} round {number + 1}/{rounds}: {rates[0]:.0f} / {rates[1]:.0f} {part.unit} "
            f"= {part.ratios[-1]:.3f}")


def report(sides: tuple[Side, Side], results: Sequence[Part], facts: dict[str, str], label: str,
           started: datetime, side_by_side: bool) -> str:
    this, other = sides
    lines = ["# facttrack speed against another revision", "",
             f"Run: {started:%Y-%m-%d %H:%M} UTC, `python bench/compare.py` (bench/compare.py says how).", "",
             f"- this checkout: {this.name}, extraction {'compiled' if this.compiled else 'pure Python'}",
             f"- against: {other.name}, extraction {'compiled' if other.compiled else 'pure Python'}",
             f"- corpus: {label}",
             f"- rounds: {'side by side, one build per CPU, CPUs swapped each round' if side_by_side else 'in turn'}",
             *(f"- {key}: {value}" for key, value in facts.items()), "",
             "| measure | this checkout | against | ratio this/against: median | min-max | rounds |",
             "|---|---:|---:|---:|---:|---:|"]
    for part in results:
        mine, theirs = part.rates[this.name], part.rates[other.name]
        lines.append(f"| {part.name} ({part.unit}, by CPU time) | {statistics.median(mine):.0f} | "
                     f"{statistics.median(theirs):.0f} | {statistics.median(part.ratios):.3f} | "
                     f"{min(part.ratios):.3f}-{max(part.ratios):.3f} | {len(part.ratios)} |")
    lines += ["", "Per round (this / against):", ""]
    for part in results:
        pairs = zip(part.rates[this.name], part.rates[other.name], part.ratios, strict=True)
        lines.append(f"- {part.name}: " + ", ".join(f"{a:.0f}/{b:.0f} ({r:.3f})" for a, b, r in pairs))
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="the git revision to compare with (a commit, tag or branch)")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--articles", type=int, default=2000, help="articles in the corpus (as bench/run.py)")
    parser.add_argument("--passes", type=int, default=2, help="extraction passes over the corpus per round")
    parser.add_argument("--part", action="append", choices=PARTS, help="what to measure (default: both)")
    parser.add_argument("--corpus", default=str(DEFAULT_REAL), help="real articles to make the corpus from")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", default=str(BENCH / "COMPARE.md"))
    args = parser.parse_args(argv)
    if not Path(args.corpus).exists():
        raise SystemExit(f"compare: {args.corpus}: no such corpus (give --corpus FILE)")
    started = datetime.now(UTC)
    facts = machine_facts(ROOT)
    from facttrack.cache import cache_dir

    other = build_revision(args.rev, cache_dir() / "bench-builds")
    sides = (Side(f"{git_revision(ROOT)} (this checkout)", None), other)
    with tempfile.TemporaryDirectory(prefix="facttrack-compare-") as tmp:
        work = Path(tmp)
        records = corpus.altered_copies(corpus.load_records(args.corpus), args.articles, args.seed)
        parts = corpus.write_jsonl_parts(records, work / "corpus")
        label = f"{len(records)} texts: the articles of {args.corpus} and altered copies (as bench/run.py)"
        results = []
        for name in args.part or PARTS:
            part = Part(name, "articles/s")
            measure(sides, part, parts, len(records), work, args.rounds, args.passes)
            results.append(part)
    facts["load average at end (1/5/15 min)"] = load_average()
    text = report(sides, results, facts, label, started, len(os.sched_getaffinity(0)) >= 2)
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)
    log(f"written to {args.output}")


if __name__ == "__main__":
    main()
