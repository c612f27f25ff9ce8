"""Find numbers in text: digits with separators, decimals, scale words, number words, ranges,
percentages and money. Pure and linear-time: every pattern is a flat alternation without nested
quantifiers, and a number longer than ``MAX_DIGITS`` digits is ignored rather than parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from facttrack.extract.scan import WordIndex, first_words, matches_at, starter_words
from facttrack.lexicon import alternation, load_json

MAX_DIGITS = 24  # beyond this a "number" is an identifier or noise; int() and SQLite would choke


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


@dataclass(frozen=True)
class _Lexicon:
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    short_scales: dict[str, int]
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
    digit_re = re.compile(
        rf"(?P<num>{number})"
        rf"(?:[-–](?P<hi>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?![\d-]))?"
        rf"(?:(?P<sep>[ -]?)(?P<scale>{scale})\b|(?P<short>k|K|mn|mln|bn|m|b|tn)\b)?"
        rf"(?P<plus>-plus\b|\+(?!\d))?"
        rf"(?:[ ]?(?P<pct>%|per[ ]?cent\b|percent\b))?"
    )
    word = alternation([*units, *tens], escape=True)
    # "seventeen", "Fifty-five", "two hundred and fifty", "half a million", "a dozen", "three-point-six"
    word_re = re.compile(
        rf"\b(?:(?P<half>half[ -](?:a[ -])?)|(?P<a>an?[ -]))?"
        rf"(?P<body>(?:{word}|{scale})(?:(?:[ -]|[ -]and[ -])(?:{word}|{scale}))*"
        rf"(?:-point-(?:{word})(?:-(?:{word}))*)?)"
        rf"(?P<plus>-plus\b)?(?:[ ]?(?P<pct>per[ ]?cent\b|percent\b|%))?\b",
        re.IGNORECASE,
    )
    vague_re = re.compile(rf"\b(?:{alternation(lex['vague'])})\b", re.IGNORECASE)
    currency_after_re = re.compile(rf"[ ]?(?:{alternation(lex['currency_words'])})\b")
    currency_before_re = re.compile(rf"(?P<cur>{alternation(symbols)})[ ]?$")
    word_starters = starter_words([*units, *tens, *scales, "a", "an", "half"])
    vague_starters = starter_words(first_words(lex["vague"]))
    return _Lexicon(units, tens, scales, lex["short_scales"], lex["vague"], symbols,
                    lex["currency_words"], digit_re, word_re, vague_re, currency_after_re,
                    currency_before_re, word_starters, vague_starters)


def find_numbers(text: str, index: WordIndex | None = None) -> list[NumberMention]:
    """Every number mention in ``text``, in order, ranges merged (``value_max`` set). ``index``: the
    text's words, when the caller has them already."""
    lex = _lexicon()
    index = index or WordIndex(text)
    found: list[NumberMention] = []
    for m in lex.digit_re.finditer(text):
        mention = _digit_mention(m, text, lex)
        if mention:
            found.append(mention)
    taken = [(f.start, f.end) for f in found]
    for m in matches_at(lex.word_re, text, index.starts(lex.word_starters)):
        if _overlaps(m.start(), m.end(), taken):
            continue
        mention = _word_mention(m, text, lex)
        if mention:
            found.append(mention)
    for m in matches_at(lex.vague_re, text, index.starts(lex.vague_starters)):
        if not _overlaps(m.start(), m.end(), taken):
            key = re.sub(r"\s+", " ", m.group(0).lower())
            found.append(NumberMention(m.start(), m.end(), float(lex.vague[key]), vague=True, words=True))
    found.sort(key=lambda n: n.start)
    return _merge_ranges(text, found)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _digit_mention(m: re.Match[str], text: str, lex: _Lexicon) -> NumberMention | None:
    raw = m.group("num")
    digits = re.sub(r"[,  ]", "", raw)
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
        return None  # "12-4" is a score or a code, not a range
    factor = 1
    if m.group("scale"):
        factor = lex.scales[m.group("scale").lower()]
    elif m.group("short"):
        short = m.group("short").lower()
        if short in ("m", "b") and not unit:
            return None  # "100m" is metres, "5b" a label: only money takes bare m/b
        factor = lex.short_scales[short]
    value *= factor
    if high is not None:
        high *= factor
    if m.group("pct"):
        unit = "%"
    elif unit is None:
        after = lex.currency_after_re.match(text, end)
        if after and not m.group("plus"):
            unit = lex.currency_words[after.group(0).strip()]
            end = after.end()
    return NumberMention(start, end, value, high, unit=unit, plus=bool(m.group("plus")))


def _word_mention(m: re.Match[str], text: str, lex: _Lexicon) -> NumberMention | None:
    body = m.group("body").lower()
    if "-point-" in body:
        whole, _, frac = body.partition("-point-")
        value = _words_value(whole, lex)
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
    if m.group("a") and not any(s in body for s in ("hundred", "thousand", "million", "billion", "dozen")):
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


def _words_value(body: str, lex: _Lexicon) -> float | None:
    """Value of "two hundred and fifty thousand" style phrases."""
    total = 0.0
    current = 0.0
    seen = False
    for token in re.split(r"[ -]+", body):
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
                current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


_BETWEEN = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)


def _merge_ranges(text: str, found: list[NumberMention]) -> list[NumberMention]:
    """Join "between 20 and 30", "20-30", "200 to 250" into one mention with ``value_max``."""
    out: list[NumberMention] = []
    i = 0
    while i < len(found):
        a = found[i]
        if i + 1 < len(found) and not a.vague and not found[i + 1].vague:
            b = found[i + 1]
            gap = text[a.end : b.start]
            joiner = gap.strip().lower()
            before = text[max(0, a.start - 12) : a.start]
            between = bool(_BETWEEN.search(before)) and before.rstrip().lower().endswith("between")
            is_range = (
                (joiner == "and" and between)
                or (joiner in ("-", "–", "—") and len(gap) <= 3)
                or (joiner == "to" and not _BETWEEN.search(before) and a.value < b.value)
            )
            if is_range and a.value <= _scaled_like(a, b) and (a.unit == b.unit or a.unit is None):
                low = _scaled_like(a, b)
                if low <= b.value:
                    out.append(NumberMention(a.start, b.end, low, b.value, unit=b.unit,
                                             words=a.words and b.words))
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


def _scaled_like(a: NumberMention, b: NumberMention) -> float:
    """In "20 to 30 million" the low end takes the high end's scale."""
    if a.value < 1000 <= b.value and b.value >= 1_000_000 and a.value * 1_000_000 <= b.value:
        for scale in (1_000_000_000, 1_000_000):
            if b.value % scale == 0 and a.value * scale <= b.value:
                return a.value * scale
    return a.value
