"""One linear pass over an HTML page: its metadata (<meta>, <link rel=canonical>, <title>, <h1>,
JSON-LD, <time>) and its text as paragraphs, each marked with where it stood (which <article>,
inside <main>, a paragraph element or loose text, inside a <form>).

A linear-time tokenizer of our own (the HTML5 rules, simplified). The standard library's parser
rescans the rest of the page for every "<" that opens a construct it cannot finish ("<a <a <a ...",
'<a href="x' repeated, "<!--" repeated): quadratic time, minutes for a 60 KB page. Here every
construct is read forward once: a tag, comment or declaration left open at the end of the page is
dropped (as browsers do), and each search for a terminator starts where the last one stopped. It
loads no entity, image or URL.
"""

from __future__ import annotations

import dataclasses
import re
from html import unescape

from facttrack.readers.common import MB

_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
_VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
# Never text of the article: code, navigation, page chrome, forms, captions, widgets.
_SKIP = frozenset("script style noscript template svg math iframe object canvas select textarea button "
                  "nav header footer aside figure figcaption dialog".split())
# Paragraph-like elements whose text is article text.
_CONTENT = frozenset("p h2 h3 h4 h5 h6 li blockquote pre dd".split())
# Elements that end a run of inline text (a paragraph boundary).
_BLOCKS = frozenset(
    "address article aside blockquote body center dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html li main menu nav ol p pre "
    "section summary table tbody td tfoot th thead title tr ul".split())
# Elements whose start closes an open <p> (HTML's implied end tags), and the scope they stop at.
_CLOSES_P = frozenset(
    "address article aside blockquote details dialog div dl fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section table ul".split())
_P_SCOPE = frozenset("td th table button object html caption marquee applet".split())
_HEAD_ELEMENTS = frozenset("html head title meta link script style noscript base template".split())
_MAX_JSONLD = 1 * MB
_IMPLIED_SCOPE = 64


@dataclasses.dataclass(slots=True)
class Paragraph:
    text: str
    article: int | None
    in_main: bool
    content: bool
    in_form: bool


_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_HTML_SPACE = re.compile(r"[\t\n\f\r ]*")
_TAG_NAME_REST = re.compile(r"[^\t\n\f\r />]*")
_ATTR_NAME = re.compile(r"[^\t\n\f\r />][^\t\n\f\r /=>]*")
_UNQUOTED_VALUE = re.compile(r"[^\t\n\f\r >]*")
_COMMENT_END = re.compile(r"--!?>")
# Elements whose content is raw text up to their own end tag (as in the standard library's parser).
_RAW_TEXT_END = {tag: re.compile(rf"</{tag}(?=[\t\n\f\r />])", re.IGNORECASE) for tag in ("script", "style")}


def _tag_attributes(text: str, pos: int) -> tuple[int, list[tuple[str, str | None]], bool] | None:
    """The attributes of a tag from ``pos`` (just after its name) to its ">": (position after the
    tag, attributes, self-closing), or None when the page ends inside the tag."""
    n = len(text)
    attrs: list[tuple[str, str | None]] = []
    while True:
        pos = _HTML_SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if pos >= n:
            return None
        char = text[pos]
        if char == ">":
            return pos + 1, attrs, False
        if char == "/":
            if text.startswith("/>", pos):
                return pos + 2, attrs, True
            pos += 1
            continue
        name = _ATTR_NAME.match(text, pos)
        assert name is not None  # the first character is neither space, "/" nor ">"
        pos = _HTML_SPACE.match(text, name.end()).end()  # type: ignore[union-attr]
        value: str | None = None
        if pos < n and text[pos] == "=":
            pos = _HTML_SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
            if pos >= n:
                return None
            quote = text[pos]
            if quote in "\"'":
                end = text.find(quote, pos + 1)
                if end < 0:
                    return None
                value, pos = unescape(text[pos + 1:end]), end + 1
            elif quote == ">":
                value = ""
            else:
                unquoted = _UNQUOTED_VALUE.match(text, pos)
                assert unquoted is not None
                value, pos = unescape(unquoted.group()), unquoted.end()
        attrs.append((name.group().lower(), value))


class Tokenizer:
    """Calls handle_starttag/handle_startendtag/handle_endtag/handle_data (character references
    decoded, except in <script> and <style>) for one whole page; comments and declarations are
    skipped. Linear in the size of the page."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None: ...

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None: ...

    def handle_endtag(self, tag: str) -> None: ...

    def handle_data(self, data: str) -> None: ...

    def feed(self, text: str) -> None:
        n = len(text)
        pos = 0
        raw: str | None = None
        while pos < n:
            if raw is not None:
                end_tag = _RAW_TEXT_END[raw].search(text, pos)
                end = end_tag.start() if end_tag else n
                if end > pos:
                    self.handle_data(text[pos:end])
                pos, raw = end, None
                continue
            lt = text.find("<", pos)
            if lt < 0:
                lt = n
            if lt > pos:
                self.handle_data(unescape(text[pos:lt]))
            if lt >= n:
                break
            pos, raw = self._markup(text, lt)

    def _markup(self, text: str, i: int) -> tuple[int, str | None]:
        """Read the construct opened by the "<" at ``i``: (where reading goes on, raw-text element)."""
        n = len(text)
        following = text[i + 1:i + 2]
        if following in _ASCII_LETTERS:
            name_end = _TAG_NAME_REST.match(text, i + 2).end()  # type: ignore[union-attr]
            tag = text[i + 1:name_end].lower()
            read = _tag_attributes(text, name_end)
            if read is None:
                return n, None
            end, attrs, self_closing = read
            if self_closing:
                self.handle_startendtag(tag, attrs)
                return end, None
            self.handle_starttag(tag, attrs)
            return end, tag if tag in _RAW_TEXT_END else None
        if following == "/":
            after = text[i + 2:i + 3]
            if after in _ASCII_LETTERS:
                name_end = _TAG_NAME_REST.match(text, i + 3).end()  # type: ignore[union-attr]
                read = _tag_attributes(text, name_end)
                if read is None:
                    return n, None
                self.handle_endtag(text[i + 2:name_end].lower())
                return read[0], None
            if after == ">":
                return i + 3, None
            if not after:
                self.handle_data("</")
                return n, None
            return _bogus_comment_end(text, i + 2), None
        if following == "!":
            if text.startswith("<!--", i):
                for empty in ("<!-->", "<!--->"):
                    if text.startswith(empty, i):
                        return i + len(empty), None
                end_mark = _COMMENT_END.search(text, i + 4)
                return (end_mark.end() if end_mark else n), None
            return _bogus_comment_end(text, i + 2), None  # <!DOCTYPE>, <![CDATA[...]>, <![if ...]>
        if following == "?":
            return _bogus_comment_end(text, i + 1), None
        self.handle_data("<")
        return i + 1, None


def _bogus_comment_end(text: str, pos: int) -> int:
    end = text.find(">", pos)
    return len(text) if end < 0 else end + 1


class PageParser(Tokenizer):
    """One pass over the page: metadata, and article paragraphs with where they stood."""

    def __init__(self) -> None:
        self.meta: dict[str, str] = {}
        self.meta_tags: list[str] = []
        self.lang: str | None = None
        self.canonical: str | None = None
        self.title: str | None = None
        self.h1: str | None = None
        self.time_in_article: str | None = None
        self.jsonld: list[str] = []
        self.paragraphs: list[Paragraph] = []
        self._stack: list[str] = []
        self._open: dict[str, int] = {}
        self._articles: list[int] = []  # ids of the open <article> elements, outermost first
        self._article_count = 0
        self._skip = 0
        self._lines: list[list[str]] = [[]]
        self._title_parts: list[str] | None = None
        self._h1_parts: list[str] | None = None
        self._jsonld_parts: list[str] | None = None
        self._jsonld_size = 0

    # -- element stack ------------------------------------------------------------------------
    def _push(self, tag: str, attrs: dict[str, str | None]) -> None:
        self._stack.append(tag)
        self._open[tag] = self._open.get(tag, 0) + 1
        hidden = "hidden" in attrs or (attrs.get("aria-hidden") or "").lower() == "true"
        skipping = tag in _SKIP or hidden
        self._stack.append("1" if skipping else "0")  # paired marker: this element skips its content
        if skipping:
            self._skip += 1
        if tag == "article":
            self._article_count += 1
            self._articles.append(self._article_count)

    def _pop(self) -> str:
        skipping = self._stack.pop() == "1"
        tag = self._stack.pop()
        self._open[tag] -= 1
        if skipping:
            self._skip -= 1
        if tag == "article" and self._articles:
            self._articles.pop()
        return tag

    def _close(self, tag: str) -> None:
        """Pop open elements up to and including ``tag`` (implied end tags of what it contains)."""
        if not self._open.get(tag):
            return
        while self._stack and self._pop() != tag:
            pass

    def _close_implied(self, tag: str, scope: frozenset[str]) -> None:
        if not self._open.get(tag):
            return
        for i in range(len(self._stack) - 2, max(-1, len(self._stack) - 2 * _IMPLIED_SCOPE - 2), -2):
            name = self._stack[i]
            if name == tag:
                self._close(tag)
                return
            if name in scope:
                return

    # -- text -----------------------------------------------------------------------------------
    def _flush(self) -> None:
        if len(self._lines) == 1 and not self._lines[0]:
            return
        lines = [_WHITESPACE.sub(" ", "".join(parts)).strip() for parts in self._lines]
        self._lines = [[]]
        text = "\n".join(line for line in lines if line)
        if not text:
            return
        self.paragraphs.append(Paragraph(
            text=text,
            article=self._articles[0] if self._articles else None,
            in_main=bool(self._open.get("main")),
            content=any(self._open.get(tag) for tag in _CONTENT),
            in_form=bool(self._open.get("form")),
        ))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): v for k, v in attrs}
        if tag == "meta":
            self._meta(a)
            return
        if tag == "link":
            rel = (a.get("rel") or "").lower().split()
            if "canonical" in rel and self.canonical is None:
                self.canonical = a.get("href")
            return
        if tag == "html" and self.lang is None:
            self.lang = a.get("lang") or a.get("xml:lang")
        if tag == "time" and self.time_in_article is None and (self._articles or self._open.get("main")):
            self.time_in_article = a.get("datetime")
        if tag == "br":
            self._lines.append([])
            return
        if tag not in _HEAD_ELEMENTS:
            self._close("head")  # the body has begun, whether or not the page says <body>
        if tag in _BLOCKS:
            self._flush()
            # A title or h1 holds only inline text: a block starting means its end tag is missing.
            if self._title_parts is not None:
                self.title, self._title_parts = "".join(self._title_parts), None
            if self._h1_parts is not None and tag != "h1":
                self.h1, self._h1_parts = "".join(self._h1_parts), None
        if tag in _VOID:
            return
        if tag in _CLOSES_P:
            self._close_implied("p", _P_SCOPE)
        if tag == "li":
            self._close_implied("li", frozenset({"ul", "ol", "menu"}))
        elif tag in ("dd", "dt"):
            self._close_implied("dd", frozenset({"dl"}))
            self._close_implied("dt", frozenset({"dl"}))
        self._push(tag, a)
        if tag == "title" and self._title_parts is None and self.title is None and not self._skip:
            self._title_parts = []
        elif tag == "h1" and self.h1 is None:
            self._h1_parts = []
        elif tag == "script" and (a.get("type") or "").lower() == "application/ld+json":
            self._jsonld_parts = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if tag in _BLOCKS:
            self._flush()
        if tag == "title" and self._title_parts is not None:
            self.title = "".join(self._title_parts)
            self._title_parts = None
        elif tag == "h1" and self._h1_parts is not None:
            self.h1 = "".join(self._h1_parts)
            self._h1_parts = None
        elif tag == "script" and self._jsonld_parts is not None:
            self.jsonld.append("".join(self._jsonld_parts))
            self._jsonld_parts = None
        self._close(tag)

    def handle_data(self, data: str) -> None:
        if self._jsonld_parts is not None:
            self._jsonld_size += len(data)
            if self._jsonld_size <= _MAX_JSONLD:
                self._jsonld_parts.append(data)
            return
        if self._title_parts is not None:
            self._title_parts.append(data)
            return
        if self._skip:
            if self._h1_parts is not None and not self._open.get("script") and not self._open.get("style"):
                self._h1_parts.append(data)
            return
        if self._h1_parts is not None:
            self._h1_parts.append(data)
            return
        if self._open.get("head"):
            return
        self._lines[-1].append(data)

    def _meta(self, a: dict[str, str | None]) -> None:
        content = a.get("content")
        if a.get("charset") is not None or content is None:
            return
        key = (a.get("property") or a.get("name") or a.get("itemprop") or a.get("http-equiv") or "")
        key = key.strip().lower()
        if not key:
            return
        if key == "article:tag":
            self.meta_tags.append(content)
        self.meta.setdefault(key, content)

    def close(self) -> None:
        self._flush()
        if self._title_parts is not None:
            self.title = "".join(self._title_parts)
        if self._h1_parts is not None:
            self.h1 = "".join(self._h1_parts)
