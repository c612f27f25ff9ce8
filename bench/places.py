"""What the place step (extract/places.py) costs: extraction articles/s on the shared Wikinews corpus
with and without it, warm (the gazetteer loaded once first), median of several alternating runs, in
pure Python (compiled extraction calls the step directly, past the swap). The one-time gazetteer load is
timed on its own, in a fresh process.

    .venv/bin/python bench/places.py [--corpus PATH] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus" / "wikinews" / "articles.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    # the run without places swaps pipeline.figure_places, which compiled extraction calls directly
    os.environ["FACTTRACK_PURE_PYTHON"] = "1"
    from facttrack.document import Document
    from facttrack.extract import pipeline
    from facttrack.extract.places import figure_places, gazetteer

    docs = []
    for line in args.corpus.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        docs.append(Document(text=row["text"], title=row.get("title")))
    gazetteer()
    rates: dict[str, list[float]] = {"with places": [], "without places": []}
    for _ in range(args.runs):
        for label, step in (("with places", figure_places),
                            ("without places", lambda _text, figures: [None] * len(figures))):
            pipeline.figure_places = step  # type: ignore[assignment]
            start = time.perf_counter()
            for doc in docs:
                pipeline.extract(doc)
            rates[label].append(len(docs) / (time.perf_counter() - start))
    pipeline.figure_places = figure_places  # type: ignore[assignment]
    load = subprocess.run([sys.executable, "-c", "import time; t = time.perf_counter(); "
                           "from facttrack.extract.places import gazetteer; gazetteer(); "
                           "print(time.perf_counter() - t)"], capture_output=True, text=True, check=True)
    print(f"{len(docs)} articles, {args.runs} alternating runs, median (min-max) articles/s:")
    for label, values in rates.items():
        print(f"  {label:15} {statistics.median(values):7.1f} ({min(values):.1f}-{max(values):.1f})")
    print(f"  gazetteer load, once per process: {float(load.stdout):.2f} s")


if __name__ == "__main__":
    main()
