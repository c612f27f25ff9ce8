"""HTML pages: the article body and its metadata (title, outlet, published, canonical URL, tags,
language) as one :class:`Document`.

:func:`read_html` is the entry point for every source of pages (files, URLs, feeds, web archives):
bytes or text in, with the address it came from and when it was retrieved, a Document out.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from typing import Any

from facttrack.clean import clean_text
from facttrack.document import Document
from facttrack.errors import InputError
from facttrack.readers.common import language_tag, metadata_date, one_line, unique, web_url
from facttrack.readers.decode import decode_bytes
from facttrack.readers.htmlpage import PageParser, Paragraph
from facttrack.readers.registry import Reader

_PUBLISHED_KEYS = ("article:published_time", "og:article:published_time", "datepublished",
                   "date", "pubdate", "publish-date", "publish_date", "publishdate", "dc.date",
                   "dc.date.issued", "dcterms.date", "dcterms.issued", "dcterms.created",
                   "sailthru.date", "parsely-pub-date")
_ARTICLE_TYPES = frozenset({"article", "newsarticle", "reportagenewsarticle", "blogposting",
                            "analysisnewsarticle", "backgroundnewsarticle", "opinionnewsarticle",
                            "report", "webpage", "liveblogposting"})


def read_html(data: bytes | str, name: str, *, url: str | None = None,
              retrieved: datetime | None = None) -> Document:
    """An article from a page's bytes (decoded by BOM, UTF-8 or the page's declared charset) or text.

    ``url`` is where the page was fetched from: stored when the page names no canonical URL of its
    own. ``retrieved`` is when it was fetched (a web archive's record date, say). Raises InputError
    (naming ``name``) when the page cannot be decoded or holds no article text.
    """
    text = decode_bytes(data, name, html=True) if isinstance(data, bytes) else data
    doc = parse_html(text, name)
    if doc.url is None and web_url(url) is not None:
        doc = dataclasses.replace(doc, url=web_url(url))
    if retrieved is not None:
        doc = dataclasses.replace(doc, retrieved=retrieved)
    return doc


def parse_html(text: str, name: str) -> Document:
    """An article from an HTML page: metadata from <meta>/<link>/JSON-LD, text from the <article>
    holding the most text (else <main>, else <body>), then the same cleaning as plain text."""
    parser = PageParser()
    parser.feed(text)
    parser.close()
    body = clean_text("\n\n".join(p.text for p in _article_paragraphs(parser.paragraphs)))
    if not body:
        raise InputError(f"{name}: no article text found")
    meta = parser.meta
    ld = _jsonld_article(parser.jsonld)
    outlet = one_line(meta.get("og:site_name")) or one_line(_ld_name(ld.get("publisher")))
    title = (one_line(meta.get("og:title"))
             or _strip_site(one_line(parser.title), outlet)
             or one_line(ld.get("headline") if isinstance(ld.get("headline"), str) else None)
             or one_line(parser.h1))
    published = None
    for candidate in (*(meta.get(k) for k in _PUBLISHED_KEYS), ld.get("datePublished"),
                      parser.time_in_article):
        published = metadata_date(candidate)
        if published is not None:
            break
    tags = parser.meta_tags or _split_keywords(meta.get("keywords")) or _split_keywords(ld.get("keywords"))
    language = (language_tag(parser.lang) or language_tag(meta.get("content-language"))
                or language_tag(meta.get("og:locale")))
    return Document(text=body, title=title, tags=unique(tags),
                    url=web_url(parser.canonical) or web_url(meta.get("og:url")),
                    outlet=outlet, published=published, language=language, input_format="html",
                    origin=name)


def _article_paragraphs(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Outside forms first (a whole-page ASP.NET <form> is the fallback); within that, the <article>
    with the most text, else <main>, else everything; paragraph elements, else loose text."""
    for pool in ([p for p in paragraphs if not p.in_form], paragraphs):
        if not pool:
            continue
        sizes: dict[int, int] = {}
        for p in pool:
            if p.article is not None:
                sizes[p.article] = sizes.get(p.article, 0) + len(p.text) * (2 if p.content else 1)
        if sizes:
            best = max(sizes, key=lambda k: (sizes[k], -k))
            chosen = [p for p in pool if p.article == best]
        elif any(p.in_main for p in pool):
            chosen = [p for p in pool if p.in_main]
        else:
            chosen = pool
        content = [p for p in chosen if p.content]
        return content or chosen
    return []


def _strip_site(title: str | None, outlet: str | None) -> str | None:
    """"Headline | Outlet" -> "Headline" when the outlet is known."""
    if not title or not outlet:
        return title
    for sep in (" | ", " - ", " – ", " — ", " :: ", " · "):
        if title.endswith(sep + outlet) and len(title) > len(sep + outlet):
            return title[: -len(sep + outlet)].strip() or title
    return title


def _split_keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str) and v.strip()]
    return []


def _ld_name(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("name")
    return value if isinstance(value, str) else None


def _jsonld_article(blocks: list[str]) -> dict[str, Any]:
    """The first schema.org article object in the page's JSON-LD blocks ({} when none or unreadable)."""
    for block in blocks:
        try:
            data = json.loads(block)
        except (ValueError, RecursionError):
            continue
        pending = [data]
        visited = 0
        while pending and visited < 200:
            item = pending.pop(0)
            visited += 1
            if isinstance(item, list):
                pending.extend(item)
            elif isinstance(item, dict):
                kinds = item.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds) and (
                        "headline" in item or "datePublished" in item):
                    return item
                graph = item.get("@graph")
                if isinstance(graph, list):
                    pending.extend(graph)
    return {}


READER = Reader("html", (".html", ".htm", ".xhtml"), parse=read_html)
