"""Try each rule only where it can begin.

Python's regex engine spends tens of nanoseconds at every character for a pattern that opens with a
look-behind or a long alternation, and a full scan of a 4 KB article with such a pattern costs
0.1-0.5 ms; an article needs a dozen such rules. So a rule's pattern is tried only at the offsets
where one of its first words (its "starters") stands, and those offsets come from a ``WordIndex``:
every word of the text with its offsets, read once per article by one cheap regex pass. Results are
the same as scanning everywhere: the starters are a superset of where a match can begin, and the
pattern decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import compress, repeat
from operator import getitem

_WORD = re.compile(r"\w+")
_WORD_SPLIT = re.compile(r"(\w+)")
_WORD_START = re.compile(r"\b\w")


def first_words(phrases: Iterable[str]) -> set[str]:
    """The first word of each phrase, cut at a space or hyphen and without a trailing full stop
    ("Sen." -> "Sen", "Vice-President" -> "Vice", "last week" -> "last"): where a phrase's pattern
    can begin, as starter words."""
    return {re.split(r"[\s-]", p.strip(), maxsplit=1)[0].rstrip(".") for p in phrases}


def starter_words(words: Iterable[str]) -> frozenset[str]:
    """Starter words as written in lower case, Capitalised or UPPER case: the word index keeps words
    as written, and these are the forms a rule looks for ("said", "Said", "SAID"; not "sAid").
    Each must be one regex word (letters, digits, underscore)."""
    lowered = {w.lower() for w in words}
    bad = sorted(w for w in lowered if not _WORD.fullmatch(w))
    if bad:
        raise ValueError(f"starter words must be single words: {bad}")
    return frozenset(form for w in lowered for form in (w, w[:1].upper() + w[1:], w.upper()))


class WordIndex:
    """Where each word of one text stands: built in one regex pass (~0.25 ms for a 4 KB article),
    then every rule's starter lookup is a few dictionary hits."""

    def __init__(self, text: str) -> None:
        self.text = text
        # one split gives the words (odd places) and the gaps around them; a running sum of their lengths
        # gives each word's offset, with no match object (and its method calls) per word. An index loop:
        # compiled (mypyc), it keeps the sum a machine integer and builds no list of offsets or pairs
        parts = _WORD_SPLIT.split(text)
        positions: dict[str, list[int]] = {}
        at = len(parts[0])
        for i in range(1, len(parts), 2):
            key = parts[i]
            found = positions.get(key)
            if found is None:
                positions[key] = [at]
            else:
                found.append(at)
            at += len(key) + len(parts[i + 1])
        self._positions = positions

    def starts(self, words: frozenset[str], *, digits: bool = False) -> list[int]:
        """Sorted offsets where one of ``words`` (see starter_words) stands as a whole word (and, with
        ``digits``, where a word beginning with a digit stands: "2024", "5th")."""
        positions = self._positions
        out: list[int] = []
        # walk the smaller side: a lexicon of thousands of words against an article's few hundred (plain loops:
        # compiled, they build no set of the words in common)
        if len(words) <= len(positions):
            for key in words:
                found = positions.get(key)
                if found is not None:
                    out.extend(found)
        else:
            for key, found in positions.items():
                if key in words:
                    out.extend(found)
        if digits:  # the words that open with a digit
            for key, found in positions.items():
                if key[0].isdigit():
                    out.extend(found)
        out.sort()
        return out

    def starts_glued(self, prefixes: frozenset[str], length: int) -> list[int]:
        """Sorted offsets of the words whose first ``length`` characters are one of ``prefixes`` and whose
        next is a digit ("USD15"): the words with a digit there are picked in C, then their prefix read."""
        positions = self._positions
        digit = slice(length, length + 1)
        glued = compress(positions, map(str.isdigit, map(getitem, positions, repeat(digit))))  # type: ignore[arg-type]
        out = [at for key in glued if key[:length] in prefixes for at in positions[key]]
        out.sort()
        return out


def matches_at(pattern: re.Pattern[str], text: str, positions: Iterable[int]) -> Iterator[re.Match[str]]:
    """Non-overlapping matches of ``pattern`` that start at the given sorted positions."""
    end = -1
    for pos in positions:
        if pos < end:
            continue
        m = pattern.match(text, pos)
        if m is not None and m.end() > m.start():
            end = m.end()
            yield m


def with_words_before(text: str, positions: Iterable[int], words: int) -> list[int]:
    """``positions`` plus every word start in the ``words`` whitespace-separated tokens before each:
    where a pattern may begin when its anchor word can follow a few optional words ("French acting
    President X" is anchored on "President"). Extra positions are harmless: a match is a match.
    The tokens before a position are read forwards in the reversed text, by one regex match."""
    out: set[int] = set()
    backwards = text[::-1]
    tokens = _tokens_before(words)
    size = len(text)
    for pos in positions:
        out.add(pos)
        first = size - tokens.match(backwards, size - pos).end()  # where the first of those tokens starts
        if first < pos:
            out.update(m.start() for m in _WORD_START.finditer(text, first, pos))
    return sorted(out)


@cache
def _tokens_before(words: int) -> re.Pattern[str]:
    """Up to ``words`` tokens, each after its whitespace, in a reversed text."""
    return re.compile(rf"(?:\s+\S+){{0,{words}}}")
