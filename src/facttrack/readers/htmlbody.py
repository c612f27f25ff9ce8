"""An HTML page's article body through trafilatura, a maintained extractor that weighs link
density, class and id names and the page's structure (bodies in <div>/<br> text, teaser cards and
reader comments in <article>, share bars), with facttrack's own paragraph pass as the fallback.

trafilatura gets the text facttrack has already decoded (so a page's charset is read one way), with
comments and tables left out: a layout table would come back as one line of cells, and a data table
holds no sentences to extract from. Its blocks become paragraphs; a first one that repeats the
headline goes (the title is kept apart, as for plain text). Whatever trafilatura raises on a page,
the page is read by the fallback instead: no page stops a batch.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

_log = logging.getLogger(__name__)
# Below this many characters the extractor's choice is a guess (trafilatura itself calls a result
# under 250 characters a failure and tries its fallbacks): a tiny page is read by our own pass, which
# keeps to its <article> or <main> and to paragraph elements.
MIN_BODY_CHARS = 250
# Elements the page hides are never article text.
_HIDDEN = "//*[@hidden or @aria-hidden='true']"


@cache
def _extractor() -> Any:
    """trafilatura.bare_extraction, imported on the first page (it takes a while to import, and the
    CLI's start-up must stay fast); its log messages (warnings about odd pages) are kept off stderr."""
    try:
        import trafilatura
    except ImportError:  # an install without it still reads pages, by the fallback
        return None
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    return trafilatura.bare_extraction


def extracted_body(page: str, titles: Iterable[str | None]) -> str | None:
    """The article body of ``page`` as paragraphs separated by blank lines (line breaks inside a
    paragraph kept), or None when the extractor is missing, fails or finds less than a short
    article (the caller falls back to its own pass)."""
    extract = _extractor()
    if extract is None:
        return None
    try:
        result = extract(page, include_comments=False, include_tables=False, deduplicate=False,
                         with_metadata=False, prune_xpath=_HIDDEN)
        paragraphs = list(_paragraphs(result.body)) if result is not None and result.body is not None else []
    except Exception as exc:  # noqa: BLE001 - an extractor bug on one page: read it by the fallback
        _log.debug("trafilatura failed: %s: %s", type(exc).__name__, exc)
        return None
    known = {_key(t) for t in titles if t}
    if paragraphs and _key(paragraphs[0]) in known:
        paragraphs = paragraphs[1:]
    body = "\n\n".join(paragraphs)
    return body if len(body) >= MIN_BODY_CHARS else None


def _paragraphs(body: Any) -> Iterator[str]:
    """trafilatura's body tree (p, head, quote, list/item, lb...) as paragraph texts: each block
    one paragraph, each list item one, <lb/> a line break."""
    for element in body:
        if element.tag == "list":
            for item in element.iter("item"):
                yield from _block_text(item)
        else:
            yield from _block_text(element)


def _block_text(element: Any) -> Iterator[str]:
    parts: list[str] = []
    for node in element.iter():
        if node.tag == "lb":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
        if node is not element and node.tail:
            parts.append(node.tail)
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    text = "\n".join(line for line in lines if line)
    if text:
        yield text


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())
