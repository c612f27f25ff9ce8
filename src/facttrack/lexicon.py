"""Load the lexicons in ``facttrack/data`` once per process.

Rules read their vocabulary from here so that adding a word is a data change, not a code branch.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_json(name: str) -> dict[str, Any]:
    """A JSON lexicon from facttrack/data (keys starting with '_' are comments)."""
    text = resources.files("facttrack.data").joinpath(name).read_text(encoding="utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """A line-per-entry lexicon: blank lines and lines starting with '#' are skipped."""
    text = resources.files("facttrack.data").joinpath(name).read_text(encoding="utf-8")
    return tuple(s for line in text.splitlines() if (s := line.strip()) and not s.startswith("#"))


def alternation(words: list[str] | tuple[str, ...] | set[str], *, escape: bool = True) -> str:
    """A regex alternation of ``words``, longest first so the longest match wins."""
    items = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) if escape else w for w in items)
