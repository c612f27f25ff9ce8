"""Split cleaned text into sentences with character offsets, and group sentences into units.

A unit is a sentence, or several sentences held together by a quotation that runs across them
("“A. B,” the ministry added"): attribution is decided once per unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Final

from facttrack.lexicon import load_lines

OPEN_QUOTES: Final = "“«"
CLOSE_QUOTES: Final = "”»"


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    # written out so that mypyc compiles it (the __init__ that @dataclass writes runs as Python);
    # tests/test_native.py checks that it takes and sets the fields, in order
    def __init__(self, start: int, end: int) -> None:
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)


@cache
def _boundary_re() -> re.Pattern[str]:
    # A sentence ends at . ! ? (optionally followed by closing quotes/brackets), then whitespace,
    # then something that can start a sentence. Paragraph breaks always end a sentence.
    # A full stop of another script (Devanagari, Chinese and Japanese, Arabic and Urdu) ends a
    # sentence wherever it stands; so does a full stop before a line break.
    # The pattern opens with the class of every mark that can begin a boundary, each alternative then
    # checking (by a look-behind) which mark it was: a pattern that opens with a class is tried only
    # where that class matches, one that opens with alternatives at every character.
    return re.compile(r"[.!?\n।॥。！？؟۔](?:(?<=[.!?])[\"'”’»)\]]*(?:[ \t]+|[ \t]*\n\s*)(?=[\"'“‘«(\[]?[A-Z0-9])"
                      r"|(?<=\n)\s*\n|(?<=\n)(?=\s*[-•*]\s)"
                      r"|(?<=[।॥。！？؟۔])[\"'”’»)\]]*\s*|(?<=\n)(?=[ \t]*[\"“A-Z]))")


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(load_lines("abbreviations.txt"))


_INITIALS: Final = re.compile(r"(?:[A-Z]\.)+")  # "U.S.", "J.": a last word of initials ends no sentence


def sentences(text: str) -> list[Span]:
    """Sentence spans covering ``text`` without surrounding whitespace."""
    spans: list[Span] = []
    abbreviations = _abbreviations()
    start = 0
    for m in _boundary_re().finditer(text):
        mark = text[m.start()]
        if mark == "\n" and "\n" not in text[m.start() + 1:m.end()] and not _headline(text, start, m.start()):
            continue  # a single line break inside a paragraph, unless it ends a headline
        stop = m.start() + 1 if mark in _FULL_STOPS else m.start()
        if text[m.start()] == ".":
            tail = text[max(start, m.start() - 24) : m.start() + 1]  # enough for "U.S." or "Lt. Gen."
            words = tail.split()
            if words and (words[-1] in abbreviations
                          or "A" <= words[-1][0] <= "Z" and _INITIALS.fullmatch(words[-1])):
                continue
        if mark in _FULL_STOPS:
            stop = m.start() + 1
            # keep closing quotes/brackets with the sentence they close
            while stop < len(text) and text[stop] in "\"'”’»)]":
                stop += 1
        _append(text, start, stop, spans)
        start = m.end()
    _append(text, start, len(text), spans)
    return spans


_FULL_STOPS: Final = ".!?।॥。！？؟۔"


def _headline(text: str, start: int, end: int) -> bool:
    """A line without a full stop whose words are mostly capitalised ("Minister Says Toll Will Rise")."""
    line = text[max(start, text.rfind("\n", start, end) + 1):end].strip()
    words = [w for w in line.split() if w[:1].isalpha()]
    if not words or len(words) > 16 or line[-1:] in ".,;:!?":
        return False
    return sum(w[0].isupper() for w in words) >= 0.7 * len(words)


MAX_SENTENCE: Final = 2000  # characters: longer "sentences" (tables, lists, junk) are cut at a space


def _append(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        # every rule looks at one sentence at a time, so bounding its length bounds every rule's work
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        spans.append(Span(start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append(Span(start, end))


def units(text: str, spans: list[Span]) -> list[tuple[int, int]]:
    """Group sentence indices into attribution units: ``(first, last)`` inclusive.

    Sentences are joined while a curly or straight double quotation opened in them is still open,
    within one paragraph.
    """
    out: list[tuple[int, int]] = []
    i = 0
    n = len(spans)
    while i < n:
        j = i
        curly, straight = _quote_balance(text, spans[i], 0, 0)
        single = _single_opens(text, spans[i])
        while (curly > 0 or straight or single) and j + 1 < n \
                and "\n" not in text[spans[j].end : spans[j + 1].start] \
                and spans[j + 1].end - spans[i].start <= 2 * MAX_SENTENCE:
            j += 1
            curly, straight = _quote_balance(text, spans[j], curly, straight)
            single = single and not _SINGLE_CLOSE.search(text, spans[j].start, spans[j].end)
        out.append((i, j))
        i = j + 1
    return out


# British style: "'We lost everything. The water came fast,' she said." (a closing single mark follows
# punctuation, so "the workers' union" closes nothing)
_SINGLE_OPEN: Final = re.compile(r"'(?=\w)")
_SINGLE_CLOSE: Final = re.compile(r"(?<=[,.!?])'(?=\s|$)")


def _single_opens(text: str, span: Span) -> bool:
    """The sentence opens a quotation with a single mark and does not close it."""
    return text.startswith("'", span.start) and _SINGLE_OPEN.match(text, span.start) is not None \
        and _SINGLE_CLOSE.search(text, span.start + 1, span.end) is None


def _quote_balance(text: str, span: Span, curly: int, straight: int) -> tuple[int, int]:
    """Open curly quotations (a depth) and whether a straight one is open (a parity: the same mark
    opens and closes) after the sentence ``span``."""
    chunk = text[span.start : span.end]
    if '"' not in chunk and "''" not in chunk and not any(mark in chunk for mark in _CURLY):
        return curly, straight  # most sentences quote nothing
    curly = max(0, curly + sum(chunk.count(c) for c in OPEN_QUOTES) - sum(chunk.count(c) for c in CLOSE_QUOTES))
    straight = (straight + chunk.count('"') + chunk.count("''")) % 2
    return curly, straight


_CURLY: Final = OPEN_QUOTES + CLOSE_QUOTES
