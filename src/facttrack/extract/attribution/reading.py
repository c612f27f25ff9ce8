"""One unit being read (``Scan``): its tokens, dates and frames, and the span helpers every frame uses
(where a clause starts, a content span without its quotation marks)."""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import Final

from facttrack.extract.attribution.records import Frame
from facttrack.extract.attribution.vocabulary import QUOTE_CHARS, Phrases
from facttrack.extract.dates import DateMention
from facttrack.extract.memo import word_set
from facttrack.extract.phrases import (
    CLOSE_QUOTES,
    Token,
    Unit,
    in_quotation,
    trim_opening,
)

_LOWER: Final = attrgetter("lower")


class Scan:
    """One unit being read: its tokens, dates and the frames found so far."""

    def __init__(self, text: str, start: int, end: int, dates: list[DateMention]) -> None:
        self.text = text
        self.unit = Unit(text, start, end)
        self.dates = dates
        self.frames: list[Frame] = []
        self.taken: list[tuple[int, int]] = []  # token ranges already read as part of a cue
        self.opening = _dateline_end(self.unit)

    # --- small readers over tokens ---------------------------------------------------------------
    def match(self, i: int, phrases: Phrases) -> int:
        """Length (in tokens) of the longest phrase of ``phrases`` that starts at token ``i``."""
        toks = self.unit.tokens
        if i >= len(toks):
            return 0
        for n in phrases.first_lengths.get(toks[i].lower, ()):
            if i + n <= len(toks) and tuple(map(_LOWER, toks[i:i + n])) in phrases.entries:
                return n
        return 0

    def match_ending(self, j: int, phrases: Phrases) -> int:
        """Length of the longest phrase that ends at token ``j``."""
        toks = self.unit.tokens
        if j < 0:
            return 0
        for n in phrases.last_lengths.get(toks[j].lower, ()):
            if j - n + 1 >= 0 and tuple(map(_LOWER, toks[j - n + 1:j + 1])) in phrases.entries:
                return n
        return 0

    def date_starting(self, i: int) -> DateMention | None:
        toks = self.unit.tokens
        if i >= len(toks) or not self.dates:  # most units hold no date
            return None
        return next((d for d in self.dates if d.start == toks[i].start), None)

    def date_ending(self, j: int) -> DateMention | None:
        toks = self.unit.tokens
        if j < 0 or not self.dates:
            return None
        return next((d for d in self.dates if d.end == toks[j].end), None)

    def is_taken(self, i: int) -> bool:
        return any(a <= i <= b for a, b in self.taken)


def _dateline_end(unit: Unit) -> int:
    """Index of the first token after a dateline ("WASHINGTON —", "DAKAR, March 9 (Meridian) -"),
    or 0: a dateline is neither a speaker nor part of the content."""
    toks = unit.tokens
    k = 0
    while k < len(toks) and toks[k].word and toks[k].text.isupper() and len(toks[k].text) > 1:
        k += 1
    if k == 0:
        return 0
    for j in range(k, min(len(toks), k + 12)):
        if toks[j].text in ("—", "–", "-"):
            return j + 1
        if toks[j].text in (".", ";", ":") or toks[j].word and not toks[j].capital and not toks[j].text[0].isdigit():
            return 0
    return 0


def inside_quotation(scan: Scan, k: int) -> bool:
    """True when token ``k`` stands inside a quotation opened earlier in the unit."""
    return in_quotation(scan.unit.tokens, k)


def clause_start_of(scan: Scan, i: int) -> int:
    """The first token of the clause holding token ``i``: after the last semicolon, the last frame
    before it, or the unit's start."""
    toks = scan.unit.tokens
    start = scan.opening if i >= scan.opening else 0
    for f in scan.frames:
        if f.region[1] <= toks[i].start and not f.open_end and f.content[1] <= toks[i].start + 1 \
                or f.rule == "attribution.according_to" and f.region[1] <= toks[i].start:
            start = max(start, scan.unit.at(f.region[1]))
    for k in range(i - 1, start - 1, -1):
        if toks[k].text == ";":
            return k + 1
    return start


def clause_opening(scan: Scan, i: int) -> bool:
    """True when token ``i`` opens its clause (nothing but openers, a date or punctuation before it)."""
    toks = scan.unit.tokens
    start = clause_start_of(scan, i)
    k = trim_opening(scan.unit, start, i)
    while k < i:
        d = scan.date_starting(k)
        if d is not None:
            k = scan.unit.at(d.end)
            continue
        if not toks[k].word:
            k += 1
            continue
        return False
    return True


def content_span(scan: Scan, first: int, last: int, skip: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """Character span of tokens ``first..last`` without outer punctuation and quotation marks
    (``skip``: a frame in the middle that the span goes over)."""
    toks = scan.unit.tokens
    if first > last or first >= len(toks):
        return None
    s, e = toks[first].start, toks[min(last, len(toks) - 1)].end
    s, e = strip_quotes(scan.text, s, e)
    if e - s < 3:
        return None
    return s, e


SEPARATORS: Final = frozenset({",", "—", "–", "-", "--", ";"})  # between content and its frame


def _strip(text: str, s: int, e: int, chars: str = " \t\n,.;:") -> tuple[int, int]:
    while s < e and text[s] in chars:
        s += 1
    while e > s and text[e - 1] in chars:
        e -= 1
    return s, e


def strip_quotes(text: str, s: int, e: int) -> tuple[int, int]:
    """Without outer punctuation and quotation marks; a mark that closes (or opens) a quotation inside
    the span stays ('it as “just another apology”', not 'it as “just another apology')."""
    s0, e0 = s, e
    s, e = _strip(text, s, e, " \t\n,.;:—–" + QUOTE_CHARS + "‘’'")
    inner = text[s:e]
    straight_open = inner.count('"') % 2 == 1
    if (straight_open or inner.count("“") > inner.count("”")) and e < e0 and text[e] in ('"', "”"):
        if not (straight_open and inner.startswith('"')):
            e += 1  # the quotation opened inside closes at the end
    elif (straight_open or inner.count("”") > inner.count("“")) and s > s0 and text[s - 1] in ('"', "“"):
        if not (straight_open and inner.endswith('"')):
            s -= 1  # the quotation closed inside opened at the start
    return s, e


def before_comma(scan: Scan, i: int) -> int:
    """The last token before the comma (or dash) that precedes token ``i``: a word, a quote mark, a
    closing bracket or a sign ("prices rose by 5%, officials said" keeps its per cent sign)."""
    return last_before_separators(scan.unit.tokens, i - 1)


def last_before_separators(toks: Sequence[Token], k: int) -> int:
    """Token ``k`` or, when it is a comma or dash, the last token before the run of them."""
    while k >= 0 and toks[k].text in SEPARATORS:
        k -= 1
    return k


def span_tokens(scan: Scan, span: tuple[int, int]) -> tuple[int, int]:
    unit = scan.unit
    first = unit.at(span[0])
    last = max(first, unit.at(span[1]) - 1)
    return first, last


def after_quotation(scan: Scan, first: int) -> bool:
    """True when a quotation closes right before token ``first`` (``“A,” X said``)."""
    toks = scan.unit.tokens
    k = first - 1
    if k >= 0 and toks[k].text == ",":
        k -= 1
    return k >= 0 and (toks[k].text in CLOSE_QUOTES or toks[k].text in ('"', "''")) and (
        k + 1 < len(toks) and toks[k + 1].text == "," or k - 1 >= 0 and toks[k - 1].text == ",")


def opens_new_clause(scan: Scan, first: int) -> bool:
    """True when the speaker opens a new clause (after "; " or ", and" / ", but"): such a frame ends
    the content of an earlier one instead of nesting in it."""
    toks = scan.unit.tokens
    k = first - 1
    while k >= 0 and toks[k].lower in word_set("clause_linkers"):
        k -= 1
    return k >= 0 and toks[k].text in (";",) or (k >= 0 and k < first - 1 and toks[k].text == ",")


def name_deictic(scan: Scan, d: DateMention) -> bool:
    """A date that is a capitalised "Today" or "Tonight" right after a capitalised word: part of a name
    ("USA Today", "Russia Today"), not when something was said."""
    unit = scan.unit
    at = unit.at(d.start)
    return 0 < at < len(unit.tokens) and unit.tokens[at].text in word_set("name_deictics") \
        and unit.tokens[at].end == d.end and unit.tokens[at - 1].capital
