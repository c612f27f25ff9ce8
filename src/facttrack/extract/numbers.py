"""Find numbers in text: digits with separators, decimals, scale words, number words, ranges,
percentages and money. Pure and linear-time: every pattern is a flat alternation without nested
quantifiers, and a number longer than ``MAX_DIGITS`` digits is ignored rather than parsed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import accumulate
from typing import Final

from facttrack.extract.memo import word_set
from facttrack.extract.scan import WordIndex, first_words, matches_at, starter_words, word_start
from facttrack.lexicon import alternation, load_json

MAX_DIGITS: Final = 24  # beyond this a "number" is an identifier or noise; int() and SQLite would choke


@dataclass(frozen=True, slots=True)
class NumberMention:
    start: int
    end: int
    value: float
    value_max: float | None = None
    unit: str | None = None  # "%" or an ISO currency code
    vague: bool = False
    words: bool = False  # spelled out ("seventeen") rather than digits
    plus: bool = False  # "-plus" / "+" written after it

    # written out so that mypyc compiles it (the __init__ that @dataclass writes runs as Python);
    # tests/test_native.py checks that it takes and sets the fields, in order
    def __init__(self, start: int, end: int, value: float, value_max: float | None = None, unit: str | None = None,
                 vague: bool = False, words: bool = False, plus: bool = False) -> None:
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "value_max", value_max)
        object.__setattr__(self, "unit", unit)
        object.__setattr__(self, "vague", vague)
        object.__setattr__(self, "words", words)
        object.__setattr__(self, "plus", plus)


@dataclass(frozen=True)
class _Lexicon:
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, float]
    short_scales: dict[str, float]
    vague: dict[str, int]
    currency_symbols: dict[str, str]
    currency_words: dict[str, str]
    digit_re: re.Pattern[str]
    word_re: re.Pattern[str]
    vague_re: re.Pattern[str]
    currency_after_re: re.Pattern[str]
    currency_before_re: re.Pattern[str]
    word_starters: frozenset[str]
    vague_starters: frozenset[str]
    fractions: dict[str, float]
    fraction_re: re.Pattern[str]
    fraction_starters: frozenset[str]
    times: dict[str, int]
    times_starters: frozenset[str]
    code_re: re.Pattern[str]  # three capitals before a digit; a currency code when in ``codes``
    codes: frozenset[str]
    digits_after_code_re: re.Pattern[str]
    subunit_re: re.Pattern[str]
    subunits: dict[str, tuple[str, float]]
    fraction_words: frozenset[str]  # the fraction words alone: where fraction_re is anchored


@cache
def _lexicon() -> _Lexicon:
    lex = load_json("numbers.json")
    units, tens, scales = lex["units"], lex["tens"], lex["scales"]
    symbols = lex["currency_symbols"]
    # The pattern opens with the first digit (a character class the engine skips to in C); the
    # alternatives continue after it. A currency sign in front is read by _currency_before.
    number = (r"\d(?<![\w.,/+-]\d)(?:"
              r"\d{0,2}(?:,\d{3})+(?:\.\d+)?"  # 34,600 / 1,234.5
              r"|\d?(?:,\d{2})+,\d{3}"  # Indian grouping 1,01,87,850
              r"|\d{0,2}(?:[  ]\d{3})+(?![\d,.])"  # space grouping 78 784
              r"|\d*(?:\.\d+)?)")  # 1200 / 3.5
    scale = alternation(scales)
    # "%", "per cent", "percent", "percentage points" (a space inside a word is optional: "per cent")
    percent = "|".join(rf"{re.escape(w).replace(chr(92) + ' ', '[ ]?')}" + ("" if w == "%" else r"\b")
                       for w in sorted(lex["percent_words"], key=len, reverse=True))
    digit_re = re.compile(
        rf"(?P<num>{number})"
        rf"(?:[-–](?P<hi>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?![\d-]))?"
        rf"(?:(?P<sep>[ -]?)(?P<scale>(?i:{scale}))\b|(?P<short>k|K|mn|mln|bn|m|b|tn)\b"
        rf"|[ ](?P<short_spaced>mn|mln|bn|tn)\b)?"
        rf"(?P<plus>-plus\b|\+(?!\d))?"
        rf"(?:[ ]?(?P<pct>{percent}))?"
    )
    word = alternation([*units, *tens], escape=True)
    # "seventeen", "Fifty-five", "two hundred and fifty", "half a million", "a dozen", "three-point-six"
    word_re = re.compile(
        rf"\b(?:(?P<half>half[ -](?:a[ -])?)|(?P<a>an?[ -]))?"
        rf"(?P<body>(?:{word}|{scale})(?:(?:[ -]|[ -]and[ -])(?:{word}|{scale}))*"
        rf"(?:[ -]and[ -]a[ -]half[ -](?:{scale}))?"  # "three-and-a-half million"
        rf"(?:-point-(?:{word})(?:-(?:{word}))*)?)"
        rf"(?P<plus>-plus\b)?(?:[ ]?(?P<pct>{percent}))?\b",
        re.IGNORECASE,
    )
    vague_re = re.compile(rf"\b(?:{alternation(lex['vague'])})\b", re.IGNORECASE)
    currency_after_re = re.compile(rf"[ ]?(?:{alternation(lex['currency_words'])})\b")
    currency_before_re = re.compile(rf"(?P<cur>{alternation(symbols)})[ ]?$")
    word_starters = starter_words([*units, *tens, *scales, "a", "an", "half"])
    vague_starters = starter_words(first_words(lex["vague"]))
    fractions = lex["fractions"]
    counts = lex["fraction_counts"]
    # "two-thirds of voters" (a share: a percentage), "three-quarters of a million" (a number),
    # "a two-thirds majority"; the fraction word is the anchor, its count is read back from it
    time_units = alternation(load_json("nonfigures.json")["time_units"])
    fraction_re = re.compile(
        rf"(?:(?P<count>{alternation(counts)})[ -])?(?P<frac>{alternation(fractions)})\b"
        rf"(?!\s+of\s+(?:an?|the|that|this)\s+(?:{time_units})\b)"  # "a quarter of an hour" is a duration
        rf"(?=(?P<of_scale>\s+of\s+an?\s+(?P<scale>{scale})\b)|\s+of\b|[ -]majority\b)", re.IGNORECASE)
    subunits = {w: (c, f) for w, (c, f) in lex["subunit_words"].items()}
    return _Lexicon(units, tens, scales, lex["short_scales"], lex["vague"], symbols,
                    lex["currency_words"], digit_re, word_re, vague_re, currency_after_re,
                    currency_before_re, word_starters, vague_starters, fractions, fraction_re,
                    starter_words([*fractions, *counts]), lex["times_words"], starter_words(lex["times_words"]),
                    re.compile(r"(?P<code>[A-Z]{3})(?=\d)"), frozenset(lex["currency_codes"]),
                    re.compile(digit_re.pattern.replace(r"\d(?<![\w.,/+-]\d)", r"\d", 1)),
                    re.compile(rf"[ ]?(?:{alternation(subunits)})\b"), subunits, starter_words(fractions))


_OF_AFTER: Final = re.compile(r"\s+of\b")
_SPACES: Final = re.compile(r"\s+")


def find_numbers(text: str, index: WordIndex | None = None) -> list[NumberMention]:
    """Every number mention in ``text``, in order, ranges merged (``value_max`` set). ``index``: the
    text's words, when the caller has them already."""
    lex = _lexicon()
    index = index or WordIndex(text)
    found: list[NumberMention] = []
    # a number opens with a digit that no word character precedes (digit_re's look-behind), that is at a
    # word of the index that opens with a digit: tried there only, not at every character of the text
    for m in matches_at(lex.digit_re, text, index.starts(frozenset(), digits=True)):
        mention = _digit_mention(m, text, lex)
        if mention:
            found.append(mention)
        elif m.group("hi") and (m.end() >= len(text) or not (text[m.end()].isalnum() or text[m.end()] == "_")) \
                and not text[max(0, m.start() - 1):m.start()].isalpha():
            found.extend(_score_sides(m))
    for m in _TO_SECOND.finditer(text) if "-to-" in text else ():
        # "passed by votes of 230-to-197": the second number of a tally
        if m.start() >= 5 and text[m.start() - 5].isdigit():
            found.append(NumberMention(m.start(), m.end(), float(m.group().replace(",", ""))))
    codes = lex.codes
    for at in index.starts_glued(codes, 3):
        code = lex.code_re.match(text, at)  # "USD15", "SEK9": a word that opens with a currency code
        if code is None:
            continue
        # "USD15", "SEK9 million": an ISO currency code written before the digits
        digits = lex.digits_after_code_re.match(text, code.end())
        mention = _digit_mention(digits, text, lex) if digits else None
        if mention:
            found.append(NumberMention(code.start(), mention.end, mention.value, mention.value_max,
                                       unit=code.group("code"), plus=mention.plus))
    found.extend(_fraction_mentions(text, index, lex))
    for m in matches_at(_WORD, text, index.starts(lex.times_starters)):
        found.append(NumberMention(m.start(), m.end(), float(lex.times[m.group().lower()]), words=True))
    taken = _Spans([(f.start, f.end) for f in found])
    for m in matches_at(lex.word_re, text, index.starts(lex.word_starters)):
        if taken.overlap(m.start(), m.end()):
            continue
        mention = _word_mention(m, text, lex)
        if mention:
            found.append(mention)
    for m in matches_at(lex.vague_re, text, index.starts(lex.vague_starters)):
        if not taken.overlap(m.start(), m.end()):
            key = _SPACES.sub(" ", m.group(0).lower())
            if key in word_set("vague_with_of", "numbers.json") and not _OF_AFTER.match(text, m.end()):
                continue  # "test scores rose": no count without "of"
            found.append(NumberMention(m.start(), m.end(), float(lex.vague[key]), vague=True, words=True))
    found.sort(key=lambda n: n.start)
    return _merge_ranges(text, found)


def _fraction_mentions(text: str, index: WordIndex, lex: _Lexicon) -> list[NumberMention]:
    """"two-thirds of voters" -> 66.67 (%), "about a third of the country" -> 33.33 (%), "more than half of"
    -> 50 (%), "three-quarters of a million" -> 750000. A fraction needs "of" or "majority" after it: "in
    the second half" counts nothing."""
    out: list[NumberMention] = []
    end = -1
    for pos in _fraction_starts(text, index, lex):
        m = lex.fraction_re.match(text, pos) if pos >= end else None
        if m is None or m.group("count") is None and not m.group("frac").lower().startswith("hal"):
            continue  # "the third of five children" is an ordinal: a share needs "a", "one", "two" ... or "half"
        end = m.end()
        count = float(lex.units.get(m.group("count").lower(), 1)) if m.group("count") else 1.0
        share = count * lex.fractions[m.group("frac").lower()]
        if m.group("scale"):
            out.append(NumberMention(m.start(), m.end() + len(m.group("of_scale")),
                                     share * lex.scales[m.group("scale").lower()], words=True))
        else:
            out.append(NumberMention(m.start(), m.end(), round(share * 100, 2), unit="%", words=True))
    return out


def _fraction_starts(text: str, index: WordIndex, lex: _Lexicon) -> list[int]:
    """Where fraction_re can match: at each fraction word, and at a starter word right before one with a
    space or hyphen between ("two-thirds", "a third"): the pattern tried at every "a", "an" and "one" of
    the text finds the same."""
    found: set[int] = set()
    for pos in index.starts(lex.fraction_words):
        found.add(pos)
        if pos > 1 and text[pos - 1] in " -":
            start = word_start(text, pos - 1)
            if start < pos - 1 and text[start:pos - 1] in lex.fraction_starters:
                found.add(start)
    return sorted(found)


def _score_sides(m: re.Match[str]) -> list[NumberMention]:
    """A pair whose second number is not larger ("won 43–5", "by 230-to-197") is a score or a tally:
    two numbers. A scale, a percentage or a currency makes it something else."""
    if m.group("scale") or m.group("short") or m.group("short_spaced") or m.group("pct") or m.group("plus"):
        return []
    low, high = m.group("num"), m.group("hi")
    if not low.isdigit() or not high.isdigit() or len(low) > 4 or len(high) > 4:
        return []
    second = m.start("hi")
    return [NumberMention(m.start("num"), m.end("num"), float(low)), NumberMention(second, m.end("hi"), float(high))]


_TO_SECOND: Final = re.compile(r"(?<=-to-)\d{1,4}(?![\w,.]\d)")  # after "230-to-": checked to follow a digit below


_WORD: Final = re.compile(r"\w+")
_DIGIT_SEPARATORS: Final = re.compile(r"[,  ]")


class _Spans:
    """Spans asked whether any overlaps ``start..end``: a number word is tried against every digit
    mention of the article, so the spans are sorted once and each question is one bisection."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach = list(accumulate((e for _, e in spans), max))  # the furthest end among the first k

    def overlap(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, end)  # the spans that begin before ``end``
        return k > 0 and self.reach[k - 1] > start


_WORD_AFTER: Final = re.compile(r" ([a-z]+)\b")


def _counted_plural_after(text: str, end: int) -> bool:
    """"2.5m people", "1.2m jobs": a plural noun right after a bare "m" makes it millions of them
    (but "100m hurdles" is a distance, and "a 10m wall" is metres)."""
    m = _WORD_AFTER.match(text, end)
    if m is None:
        return False
    word = m.group(1)
    plural = word.endswith("s") and not word.endswith("ss") and word not in word_set("s_final_non_plurals") \
        or word in word_set("irregular_plurals")
    return plural and word not in word_set("metre_nouns", "nonfigures.json")


def _digit_mention(m: re.Match[str], text: str, lex: _Lexicon) -> NumberMention | None:
    raw = m.group("num")
    digits = _DIGIT_SEPARATORS.sub("", raw)
    if len(digits.replace(".", "")) > MAX_DIGITS:
        return None
    end = m.end()
    # a number glued to letters or a following digit-hyphen is a name or code (COVID-19, A320-200, 5G)
    if end < len(text) and (text[end].isalnum() or text[end] == "_"):
        return None
    if end + 1 < len(text) and text[end] == "-" and text[end + 1].isdigit() and not m.group("scale"):
        return None
    value = float(digits)
    start = m.start()
    unit = None
    before = lex.currency_before_re.search(text, max(0, start - 4), start)
    if before and (before.start() == 0 or not (text[before.start() - 1].isalnum()
                                               or text[before.start() - 1] in "_.,/+-")):
        unit = lex.currency_symbols[before.group("cur")]
        start = before.start()
    high = float(m.group("hi").replace(",", "")) if m.group("hi") else None
    if high is not None and high <= value:
        return None  # "43–5" is a score or a code, not a range: _score_sides reads it
    factor = 1.0
    if m.group("scale"):
        factor = lex.scales[m.group("scale").lower()]
    elif m.group("short") or m.group("short_spaced"):
        short = (m.group("short") or m.group("short_spaced")).lower()  # "$1.2bn", "$1.2 bn"
        if short in ("m", "b") and not unit and not (short == "m" and _counted_plural_after(text, end)):
            return None  # "100m" is metres, "5b" a label: only money, or "2.5m people", takes bare m/b
        factor = lex.short_scales[short]
    value = _times(value, factor)
    if high is not None:
        high = _times(high, factor)
    if m.group("pct"):
        unit = "%"
    elif unit is None:
        after = lex.currency_after_re.match(text, end)
        sub = lex.subunit_re.match(text, end) if after is None else None
        if after and not m.group("plus"):
            unit = lex.currency_words[after.group(0).strip()]
            end = after.end()
        elif sub and not m.group("plus"):
            unit, factor = lex.subunits[sub.group(0).strip()]  # "75 cents" = 0.75 dollars
            value, high = _times(value, factor), _times(high, factor) if high is not None else None
            end = sub.end()
    return NumberMention(start, end, value, high, unit=unit, plus=bool(m.group("plus")))


def _times(value: float, factor: float) -> float:
    """``value * factor`` as written in decimal: "$4.1 billion" is 4100000000, not the binary product
    4099999999.9999995."""
    if factor == 1.0:
        return value
    return float(Decimal(repr(value)) * Decimal(repr(factor)))


def _word_mention(m: re.Match[str], text: str, lex: _Lexicon) -> NumberMention | None:
    body = m.group("body").lower()
    half = _AND_A_HALF.search(body)
    if half:  # "three-and-a-half million": (3 + 0.5) x 1,000,000
        whole, scale = _words_value(body[:half.start()], lex), _words_value(body[half.end():], lex)
        if whole is None or scale is None:
            return None
        return NumberMention(m.start(), m.end(), (whole + 0.5) * scale, words=True, plus=bool(m.group("plus")))
    if "-point-" in body:
        whole_words, _, frac = body.partition("-point-")
        value = _words_value(whole_words, lex)
        frac_digits = "".join(str(lex.units.get(w, 0)) for w in frac.split("-"))
        if value is None:
            return None
        value = float(f"{int(value)}.{frac_digits}")
    else:
        value = _words_value(body, lex)
    if value is None:
        return None
    if m.group("half"):
        value /= 2
    if m.group("a") and not any(s in body for s in (*lex.scales, "dozen")):
        return None  # "a" alone only counts before a scale ("a million", "a dozen")
    if not m.group("a") and not m.group("half") and body in lex.scales:
        return None  # bare "thousand" / "million" without a number in front
    unit = "%" if m.group("pct") else None
    end = m.end()
    if unit is None:
        after = lex.currency_after_re.match(text, end)
        if after:
            unit = lex.currency_words[after.group(0).strip()]
            end = after.end()
    return NumberMention(m.start(), end, value, unit=unit, words=True, plus=bool(m.group("plus")))


_AND_A_HALF: Final = re.compile(r"[ -]and[ -]a[ -]half[ -]")
_WORD_GAPS: Final = re.compile(r"[ -]+")


def _words_value(body: str, lex: _Lexicon) -> float | None:
    """Value of "two hundred and fifty thousand" style phrases."""
    total = 0.0
    current = 0.0
    seen = False
    for token in _WORD_GAPS.split(body):
        if token in ("and", ""):
            continue
        if token in lex.units:
            current += lex.units[token]
            seen = True
        elif token in lex.tens:
            current += lex.tens[token]
            seen = True
        elif token in lex.scales:
            scale = lex.scales[token]
            current = (current or 1) * scale
            if scale >= 1000:
                total += current
                current = 0.0
            seen = True
        else:
            return None
    return total + current if seen else None


_BETWEEN: Final = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)


def _merge_ranges(text: str, found: list[NumberMention]) -> list[NumberMention]:
    """Join "between 20 and 30", "20-30", "200 to 250", "three or four", "two to three hundred",
    "between €20 and 25 million" into one mention with ``value_max`` (the low end takes the high
    end's scale and currency)."""
    out: list[NumberMention] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        gap = text[a.end : b.start] if b is not None else ""
        joiner = gap.strip()
        # most numbers stand far from the next: only a short joining word between them makes a range
        if b is not None and len(joiner) <= 3 and not a.vague and not b.vague and not _year_like(text, a):
            joiner = joiner.lower()
            before = text[max(0, a.start - 12) : a.start]
            between = bool(_BETWEEN.search(before)) and before.rstrip().lower().endswith("between")
            is_range = not _year_like(text, b) and (
                (joiner == "and" and between)
                or (joiner in ("-", "–", "—") and len(gap) <= 3)
                or (joiner == "to" and not _BETWEEN.search(before) and a.value < b.value)
                or (joiner == "or" and a.value < b.value and a.value < 100 and (a.words == b.words)))
            units_agree = a.unit == b.unit or a.unit is None or b.unit is None
            low = _scaled_like(text, a, b) if is_range and units_agree else b.value + 1
            if low <= b.value:
                out.append(NumberMention(a.start, b.end, low, b.value, unit=b.unit or a.unit,
                                         words=a.words and b.words))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _year_like(text: str, n: NumberMention) -> bool:
    """"2019 or 2020", "from 2019 to 2020": years are never the ends of a range of figures."""
    return n.unit is None and n.value_max is None and bool(_YEAR_TEXT.fullmatch(text[n.start:n.end]))


_YEAR_TEXT: Final = re.compile(r"1[6-9]\d\d|20\d\d")


def _scaled_like(text: str, a: NumberMention, b: NumberMention) -> float:
    """In "20 to 30 million" and "two to three hundred" the low end takes the scale the high end
    wrote out."""
    lex = _lexicon()
    own = text[a.start:a.end].lower()
    if any(w in own for w in lex.scales) or own[-1:] in ("k", "m", "n"):
        return a.value
    high = text[b.start:b.end].lower()
    words = set(_WORD.findall(high))
    written = [lex.scales[w] for w in lex.scales if w in words]
    written += [lex.short_scales[w] for w in lex.short_scales if re.search(rf"\d ?{w}\b", high)]
    for scale in sorted(written, reverse=True):
        if a.value * scale <= b.value:
            return a.value * scale
    return a.value
