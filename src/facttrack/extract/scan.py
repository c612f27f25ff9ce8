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
import threading
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from itertools import compress, repeat
from operator import getitem
from typing import Final

_WORD: Final = re.compile(r"\w+")


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


def phrase_starters(phrases: Iterable[str], *, cased: bool = False) -> frozenset[str]:
    """The starter words of a pattern built from ``phrases`` (see Anchored): their first words, in the
    three forms of starter_words, or as written for a case-sensitive pattern."""
    firsts = first_words(phrases)
    forms = starter_words(firsts)  # (refuses a first word that is not one regex word)
    return frozenset(firsts) if cased else forms


class WordIndex:
    """Where each word (a run of regex word characters) of one text stands: built in one pass over
    the text's whitespace-separated chunks, then every rule's starter lookup is a few dictionary
    hits."""

    def __init__(self, text: str) -> None:
        self.text = text
        # The text is cut at single spaces, so each chunk's offset is the running sum of the chunks
        # before it (no search for it). Most chunks are one word, bare or with one mark after it
        # ("said,"): those are read with string methods. A chunk with punctuation before it ("“We",
        # "(AP)") is peeled; only one with punctuation or other whitespace inside ("U.S.", "2,000",
        # "end.\nThe") is read character by character. A word is a run of regex word characters, so the
        # words are the ones a regex scan of the whole text finds, at a fraction of the cost.
        positions: dict[str, list[int]] = {}
        at = 0
        for chunk in text.split(" "):
            size = len(chunk)
            if chunk.isalnum():
                _add(positions, chunk, at)
            elif size > 1 and chunk[size - 1] != "_" and chunk[:size - 1].isalnum():
                _add(positions, chunk[:size - 1], at)  # the mark after it is no word character
            elif size:
                lead, core = peel(chunk)
                if core.isalnum():
                    _add(positions, core, at + lead)
                elif core:
                    _add_words(positions, text, at, at + size)
            at += size + 1
        self._positions = positions
        # the offsets of each filed starter set's words and of the words opening with a digit, gathered
        # in one walk of the words (the bits of sets filed after this snapshot are left out)
        self._filed = len(_FILED)
        self._by_set: list[list[int]] = [[] for _ in range(self._filed)]
        self._digits: list[int] = []
        known = (1 << self._filed) - 1
        for key, found in positions.items():
            if key[0].isdigit():
                self._digits.extend(found)
            mask = _MASKS.get(key, 0) & known
            while mask:
                low = mask & -mask
                self._by_set[low.bit_length() - 1].extend(found)
                mask ^= low

    def starts(self, words: frozenset[str], *, digits: bool = False) -> list[int]:
        """Sorted offsets where one of ``words`` (see starter_words) stands as a whole word (and, with
        ``digits``, where a word beginning with a digit stands: "2024", "5th")."""
        bit = _FILED.get(words)
        if bit is not None and bit < self._filed:
            ready = self._by_set[bit] + self._digits if digits else self._by_set[bit][:]
            ready.sort()
            return ready
        if bit is None and len(words) >= FILED_FROM:
            _file(words)  # the next articles' indexes gather its words as they are built
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
            out.extend(self._digits)
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


# Punctuation that opens or closes a word in running text; none of it is a word character.
EDGE_PUNCTUATION: Final = ".,;:!?\"'“”‘’«»()[]{}<>—–-…/*&%$#@+=|\\~^`"


def peel(chunk: str) -> tuple[int, str]:
    """How many characters of edge punctuation open ``chunk``, and what stands between its edges."""
    left = chunk.lstrip(EDGE_PUNCTUATION)
    return len(chunk) - len(left), left.rstrip(EDGE_PUNCTUATION)


# A rule asks for the offsets of a big starter set (a lexicon's first words, thousands of given names) a
# dozen times per article, and finding them walks every word of the article. So a set of FILED_FROM words
# or more is filed the first time it is asked for: it gets a bit, each of its words carries that bit, and
# every index built afterwards gathers the offsets of each filed set's words while it is built. Sets are
# filed under a lock (Dask runs extraction in threads), each word's bits before the set's own entry, so an
# index that sees the entry sees every word's bit.
FILED_FROM: Final = 32
_MOST_FILED: Final = 48  # lexicons have about a dozen big sets; beyond this, sets are walked as before
_FILED: Final[dict[frozenset[str], int]] = {}  # a filed set -> its bit
_MASKS: Final[dict[str, int]] = {}  # a word -> the bits of the filed sets holding it
_FILING: Final = threading.Lock()


def _file(words: frozenset[str]) -> None:
    with _FILING:
        if words in _FILED or len(_FILED) >= _MOST_FILED:
            return
        index = len(_FILED)
        for word in words:
            _MASKS[word] = _MASKS.get(word, 0) | 1 << index
        _FILED[words] = index


def _add_words(positions: dict[str, list[int]], text: str, start: int, end: int) -> None:
    """Each word of ``text[start:end]``, a chunk with punctuation inside (a loop over a few characters:
    compiled, it costs a fraction of a regex scan and its match objects)."""
    word = -1  # where the word being read began
    for at in range(start, end):
        if is_word_char(text[at]):
            if word < 0:
                word = at
        elif word >= 0:
            _add(positions, text[word:at], word)
            word = -1
    if word >= 0:
        _add(positions, text[word:end], word)


def _add(positions: dict[str, list[int]], word: str, at: int) -> None:
    found = positions.get(word)
    if found is None:
        positions[word] = [at]
    else:
        found.append(at)


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
    President X" is anchored on "President"). Extra positions are harmless: a match is a match."""
    out: set[int] = set()
    for pos in positions:
        out.add(pos)
        first = pos  # where the first of those tokens starts: back over whitespace, then a token, each time
        for _ in range(words):
            gap = first
            while gap > 0 and text[gap - 1].isspace():
                gap -= 1
            token = gap
            while token > 0 and not text[token - 1].isspace():
                token -= 1
            if gap == first or token == gap:
                break
            first = token
        if first < pos:  # the word starts in text[first:pos] (a word character after a non-word one)
            inside = first > 0 and is_word_char(text[first - 1])
            for at in range(first, pos):
                word = is_word_char(text[at])
                if word and not inside:
                    out.add(at)
                inside = word
    return sorted(out)


class Starts:
    """The offsets of chosen starter sets in one text, read from its WordIndex: what Anchored patterns
    ask for once per number, kept when the index (the largest thing extraction builds) is let go."""

    __slots__ = ("text", "_offsets")

    def __init__(self, index: WordIndex, sets: Iterable[frozenset[str]]) -> None:
        self.text = index.text
        self._offsets = {words: index.starts(words) for words in sets}

    def offsets(self, words: frozenset[str]) -> list[int]:
        """The sorted offsets of ``words`` (one of the sets this was made for; the caller must not change
        the list)."""
        return self._offsets[words]


class Anchored:
    """A pattern each of whose matches opens with a whole word of ``starters`` (the first words of the
    phrases it was built from), searched in a window of an article. Given the offsets of those words
    (a Starts kept from the article's WordIndex), it is tried only there, which finds what the search
    finds. When the window ends inside a word, that word's first part is a word to the pattern but not
    to the index: then it searches."""

    __slots__ = ("pattern", "starters")

    def __init__(self, pattern: re.Pattern[str], starters: frozenset[str]) -> None:
        self.pattern = pattern
        self.starters = starters

    def search(self, text: str, start: int, end: int, index: Starts | None) -> re.Match[str] | None:
        """``pattern.search(text, start, end)``; ``index`` is text's or None."""
        if index is None or _cuts_a_word(text, end):
            return self.pattern.search(text, start, end)
        return self._at_starters(text, 0, start, end, index)

    def search_window(self, window: str, base: int, index: Starts | None) -> re.Match[str] | None:
        """``pattern.search(window)``, where ``window`` is ``text[base:base + len(window)]`` of the
        text ``index`` was made from (or None). In the window, a word cut at its start is a word: tried too."""
        if index is None:
            return self.pattern.search(window)
        text, end = index.text, base + len(window)
        if _cuts_a_word(text, end):
            return self.pattern.search(window)
        if _cuts_a_word(text, base):
            m = self.pattern.match(window)
            if m is not None:
                return m
        return self._at_starters(window, base, base, end, index)

    def _at_starters(self, string: str, base: int, start: int, end: int, index: Starts) -> re.Match[str] | None:
        """The first match at a starter word's offset in ``start..end`` of the text, ``string`` being
        that text from offset ``base`` on."""
        offsets = index.offsets(self.starters)
        k = bisect_left(offsets, start)
        while k < len(offsets) and offsets[k] < end:
            m = self.pattern.match(string, offsets[k] - base, end - base)
            if m is not None:
                return m
            k += 1
        return None


def _cuts_a_word(text: str, at: int) -> bool:
    return 0 < at < len(text) and is_word_char(text[at - 1]) and is_word_char(text[at])


def word_end(text: str, at: int, stop: int | None = None) -> int:
    """Where the run of word characters (as the regex ``\\w`` reads them) starting at ``at`` ends, at
    ``stop`` at the latest. A loop rather than a ``\\w*`` match: rules call it at thousands of candidate
    words, where two match objects per word cost more than the words they read."""
    limit = len(text) if stop is None else stop
    while at < limit and is_word_char(text[at]):
        at += 1
    return at


def word_start(text: str, at: int, start: int = 0) -> int:
    """Where the run of word characters ending at ``at`` begins, at ``start`` at the earliest: word_end
    read backwards."""
    while at > start and is_word_char(text[at - 1]):
        at -= 1
    return at


def is_word_char(ch: str) -> bool:
    """Whether ``ch`` is a regex word character (``\\w``: a letter, digit or underscore of any script)."""
    return ch.isalnum() or ch == "_"
