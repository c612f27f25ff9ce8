"""Article bodies from HTML pages: token F1 of each extractor against hand-made bodies, and pages/s.

    .venv/bin/python bench/bodies.py [FOLDER] [--repeat N]

FOLDER (default tests/data/pages) holds NAME.html pages and NAME.body, the article body a person
would copy out of the page. Each extractor's body is scored with a bag-of-words token F1 (precision:
the share of its tokens that are in the gold body, counted with multiplicity; recall: the share of
the gold body's tokens it found), averaged over pages, the way article-extraction benchmarks score.
Extractors: facttrack as it reads pages (decoding, extractor, metadata and cleaning), facttrack's own
paragraph pass alone (the reader before a maintained extractor), and trafilatura and readability-lxml
on the same decoded text, each when installed. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

_TOKEN = re.compile(r"\w+")
HERE = Path(__file__).resolve().parent


def tokens(text: str) -> Counter[str]:
    return Counter(t.lower() for t in _TOKEN.findall(text))


def token_f1(predicted: str, gold: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of the predicted body's tokens against the gold body's."""
    p, g = tokens(predicted), tokens(gold)
    common = sum((p & g).values())
    if not p or not g:
        return (1.0, 1.0, 1.0) if p == g else (0.0, 0.0, 0.0)
    precision, recall = common / sum(p.values()), common / sum(g.values())
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return precision, recall, f1


def extractors() -> dict[str, Callable[[bytes, str], str]]:
    """name -> (page bytes, page name) -> body text; only those whose packages are installed."""
    from facttrack.readers.decode import decode_bytes
    from facttrack.readers.html import own_body, read_html

    def facttrack(data: bytes, name: str) -> str:
        return read_html(data, name).text

    def own(data: bytes, name: str) -> str:
        return own_body(decode_bytes(data, name, html=True))

    found: dict[str, Callable[[bytes, str], str]] = {"facttrack": facttrack, "facttrack own pass": own}
    try:
        import trafilatura

        def traf(data: bytes, name: str) -> str:
            return trafilatura.extract(decode_bytes(data, name, html=True), include_comments=False,
                                      include_tables=False) or ""

        found["trafilatura"] = traf
    except ImportError:
        pass
    try:
        import lxml.html
        from readability import Document as Readable

        def readability(data: bytes, name: str) -> str:
            summary = Readable(decode_bytes(data, name, html=True)).summary(html_partial=True)
            return lxml.html.fromstring(summary).text_content() if summary.strip() else ""

        found["readability-lxml"] = readability
    except ImportError:
        pass
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default=str(HERE.parent / "tests" / "data" / "pages"))
    parser.add_argument("--repeat", type=int, default=5, help="timed passes over all pages (median)")
    parser.add_argument("--pages", action="store_true", help="also print each page's F1")
    args = parser.parse_args(argv)
    pages = sorted(Path(args.folder).glob("*.html"))
    if not pages:
        print(f"no pages in {args.folder}", file=sys.stderr)
        return 1
    data = [(p.name, p.read_bytes(), p.with_name(p.stem + ".body").read_text("utf-8")) for p in pages]
    print(f"{len(data)} pages from {args.folder}")
    print(f"{'extractor':<22}{'P':>7}{'R':>7}{'F1':>7}{'pages/s':>10}   worst pages (F1)")
    for name, fn in extractors().items():
        scores = []
        for page, raw, gold in data:
            scores.append((page, *token_f1(fn(raw, page), gold)))
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            for page, raw, _gold in data:
                fn(raw, page)
            times.append(time.perf_counter() - start)
        times.sort()
        rate = len(data) / times[len(times) // 2]
        n = len(scores)
        avg = [sum(s[i] for s in scores) / n for i in (1, 2, 3)]
        worst = ", ".join(f"{p.removesuffix('.html')} {f:.2f}" for p, _, _, f in sorted(scores, key=lambda s: s[3])[:3])
        print(f"{name:<22}{avg[0]:>7.3f}{avg[1]:>7.3f}{avg[2]:>7.3f}{rate:>10.1f}   {worst}")
        if args.pages:
            for page, precision, recall, f1 in scores:
                print(f"    {page:<34}P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
