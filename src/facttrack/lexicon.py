"""Load the lexicons in ``facttrack/data`` once per process.

Rules read their vocabulary from here so that adding a word is a data change, not a code branch.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_json(name: str) -> dict[str, Any]:
    """A JSON lexicon from facttrack/data (keys starting with '_' are comments)."""
    text = resources.files("facttrack.data").joinpath(name).read_text(encoding="utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


@cache
def word_set(key: str, name: str = "grammar.json") -> frozenset[str]:
    """One word list of a lexicon as a set (by default a closed class of ``grammar.json``)."""
    return frozenset(load_json(name)[key])


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """A line-per-entry lexicon: blank lines and lines starting with '#' are skipped."""
    text = resources.files("facttrack.data").joinpath(name).read_text(encoding="utf-8")
    return tuple(s for line in text.splitlines() if (s := line.strip()) and not s.startswith("#"))


def alternation(words: Iterable[str], *, escape: bool = True) -> str:
    """A regex alternation of ``words`` in which the longest match wins.

    Literal words are compiled into a trie ("Prime Minister|President" -> "P(?:rime Minister|resident)"):
    the regex engine then decides by one character at each step instead of trying every word in turn,
    which makes lexicon-sized alternations several times faster and keeps them linear.
    """
    items = sorted(set(words), key=lambda w: (-len(w), w))
    if not escape:
        return "|".join(items)
    trie: dict[str, Any] = {}
    for word in items:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict[str, Any]) -> str:
    terminal = "" in node
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if terminal:
        return (f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?") if body else ""
    return body
