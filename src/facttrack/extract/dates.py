"""Dates, times and periods in news text, resolved against the publication date.

A small grammar of our own covers the common news forms ("on Sunday", "October 7 last year",
"since October", "March 6", "last month"); dateparser (English only, one cached parser) is the
fallback for the odd forms the grammar finds but cannot resolve. Without a publication date,
relative and year-less dates stay unresolved: the text is kept, nothing is guessed from today.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Any

from facttrack.extract.scan import WordIndex, first_words, matches_at, starter_words, word_end
from facttrack.lexicon import alternation, load_json


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    kind: str  # "date" | "month" | "year" | "weekday" | "relative" | "time"
    first: str | None  # ISO start of the period it names (YYYY-MM-DD or YYYY-MM)
    last: str | None  # ISO end of that period
    relation: str | None = None  # "since" | "until" | None (a point or a span)

    # written out so that mypyc compiles it (the __init__ that @dataclass writes runs as Python);
    # tests/test_native.py checks that it takes and sets the fields, in order
    def __init__(self, start: int, end: int, text: str, kind: str, first: str | None, last: str | None,
                 relation: str | None = None) -> None:
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "first", first)
        object.__setattr__(self, "last", last)
        object.__setattr__(self, "relation", relation)


@dataclass(frozen=True)
class _Grammar:
    months: dict[str, int]
    weekdays: dict[str, int]
    relative_days: dict[str, int]
    relative_periods: dict[str, list]
    pattern: re.Pattern[str]
    starters: frozenset[str]  # the words a date expression can begin with (or a digit)
    relations: dict[str, str]  # prefix -> "since" | "until"
    # an opener (in lower case) -> the words after which alone it begins a date ("the" -> "day")
    openers: dict[str, frozenset[str]]
    opener_forms: frozenset[str]  # the openers as starter words
    number_openers: frozenset[str]  # the openers that also begin a date before a number ("in 2019")


@cache
def _grammar() -> _Grammar:
    lex = load_json("dates.json")
    months: dict[str, int] = lex["months"]
    month_names = [m.capitalize() for m in months] + [m.upper() for m in months if len(m) > 3]
    month = rf"(?P<month>{alternation(month_names)})\.?"
    month2 = rf"(?P<month2>{alternation(month_names)})\.?"
    ambiguous_bare = "May|March|Mar|Jan|Jun|Dec|Sat|Sun|Wed"
    weekday = rf"(?P<weekday>{alternation([w.capitalize() for w in lex['weekdays'] if len(w) > 3])})"
    rel_day = alternation(lex["relative_days"])
    rel_period = alternation(lex["relative_periods"])
    prefixes = [*lex["since_words"], *lex["until_words"], *lex["point_words"]]
    prefix = rf"(?P<prefix>(?i:{alternation(prefixes)}))\s+"
    suffix = r"(?:\s+(?P<suffix>last year|this year|next year))?"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    day2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<year>1[6-9]\d\d|20\d\d)"
    year2 = r"(?P<year2>1[6-9]\d\d|20\d\d)"
    weekday_alt = (rf"(?:(?P<wrel>(?i:{alternation(lex['weekday_relations'])}))\s+)?{weekday}"
                   r"(?:\s+(?P<part>morning|afternoon|evening|night))?")
    # Grouped by the first character so the engine rules out whole groups with one look-ahead.
    starts_with_digit = [
        r"(?P<iso>(?P<iy>\d{4})-(?P<im>[01]\d)-(?P<id>[0-3]\d))(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d)?)?\b",
        r"(?P<slash>(?P<sa>[0-3]?\d)/(?P<sb>[0-3]?\d)/(?P<sy>(?:19|20)?\d\d))\b",
        rf"{day2}\s+(?:of\s+)?{month2}(?:,?\s+{year2})?{suffix.replace('suffix', 'suffix2')}",
        # "14:30", "6.15 am": a full stop between hours and minutes only with a clock word after it ("3.27
        # percent" is a number)
        r"(?P<time>(?:[0-2]?\d:[0-5]\d\s?(?:am|pm|a\.m\.|p\.m\.)?"
        r"|[0-2]?\d\.[0-5]\d(?=\s?(?:am|pm|a\.m\.|p\.m\.|GMT|UTC|local time|EST|EDT|CET|BST|hrs|h\b))"
        r"\s?(?:am|pm|a\.m\.|p\.m\.)?)(?:\s?(?:GMT|UTC|local time|EST|EDT|CET|BST))?"
        r"|[01]?\d\s?(?:am|pm|a\.m\.|p\.m\.)|[0-2]\d[0-5]\d\s?(?:GMT|UTC|hrs|hours|local time)"
        r"|[0-2]?\d\s?(?:GMT|UTC))",
        rf"(?P<year_only>{year.replace('year', 'yo')})\b",
    ]
    starts_with_capital = [
        rf"{month}\s+{day}\b(?:,?\s+{year})?{suffix}",
        rf"(?P<my_month>{alternation(month_names)})\.?,?\s+(?P<my_year>1[6-9]\d\d|20\d\d)\b",
        weekday_alt,
        rf"(?P<bare_month>(?!(?:{ambiguous_bare})\b){alternation(month_names)})\b(?!\s*\d)",
    ]
    starts_with_word = [
        weekday_alt.replace("wrel", "wrel2").replace("weekday", "weekday2").replace("part", "part2"),
        rf"(?P<rel_period>(?i:{rel_period}))\b",
        rf"(?P<rel_day>(?i:{rel_day}))\b",
        rf"(?P<clock>{alternation(lex['clock_words'])})\b",
    ]
    body = "|".join([
        "(?=\\d)(?:" + "|".join(f"(?:{a})" for a in starts_with_digit) + ")",
        "(?=[A-Z])(?:" + "|".join(f"(?:{a})" for a in starts_with_capital) + ")",
        "(?=[A-Za-z])(?:" + "|".join(f"(?:{a})" for a in starts_with_word) + ")",
    ])
    pattern = re.compile(
        rf"(?<![\w-])(?:{prefix})?(?:{body})"
        rf"|(?<![\w-])(?P<pmonth_prefix>(?i:{alternation(lex['month_prefixes'])}))\s+"
        rf"(?P<pmonth>{alternation(month_names)})\b(?!\s*\d)",
    )
    phrases = [*lex["relative_days"], *lex["relative_periods"], *prefixes]
    openers, number_openers = _openers(lex)
    starters = starter_words([
        *months, *lex["weekdays"], *first_words(phrases), *lex["clock_words"], *first_words(lex["month_prefixes"]),
        *lex["weekday_relations"],
    ])
    opener_forms = starter_words(openers)
    relations = {**dict.fromkeys(lex["since_words"], "since"), **dict.fromkeys(lex["until_words"], "until")}
    return _Grammar(months, lex["weekdays"], lex["relative_days"], lex["relative_periods"], pattern,
                    starters - opener_forms, relations, openers, opener_forms, number_openers)


def _openers(lex: dict[str, Any]) -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """For each anchored opener, the words it must stand before (after whitespace) to begin a date: the
    second word of the grammar's phrases it opens; the month names when it is a month prefix; the
    weekdays when it is a weekday relation; and, when it is a prefix ("in", "since"), every word a date
    itself can begin with. Those prefixes also begin a date before a number ("in 2019"): the second
    value. An opener that begins a date by itself (a one-word phrase, a month, a weekday, a clock
    word) or before a hyphen ("mid-") cannot be anchored: a data error."""
    prefixes = [*lex["since_words"], *lex["until_words"], *lex["point_words"]]
    relative = [*lex["relative_days"], *lex["relative_periods"]]
    phrases = [*relative, *prefixes]
    dates_open_with = {*lex["months"], *lex["weekdays"], *lex["weekday_relations"], *lex["clock_words"],
                       *(p.split()[0].lower() for p in relative)}
    whole = [*relative, *lex["clock_words"], *lex["months"], *lex["weekdays"]]
    out: dict[str, frozenset[str]] = {}
    numbers: set[str] = set()
    for opener in lex["anchored_openers"]:
        after = {p.split()[1].lower() for p in phrases if " " in p and p.split()[0].lower() == opener}
        if opener in lex["month_prefixes"]:
            after |= set(lex["months"])
        if opener in lex["weekday_relations"]:
            after |= set(lex["weekdays"])
        if opener in prefixes:
            after |= dates_open_with
            numbers.add(opener)
        alone = [p for p in whole if p.lower() == opener]
        glued = [p for p in [*phrases, *lex["month_prefixes"]] if p.lower().startswith(opener + "-")]
        if alone or glued or not after:
            raise ValueError(f"dates.json: '{opener}' cannot be an anchored opener")
        out[opener] = frozenset(after)
    return out, frozenset(numbers)


def find_dates(text: str, published: date | None, spans: list[tuple[int, int]] | None = None,
               index: WordIndex | None = None) -> list[DateMention]:
    """Every date, time or period expression in ``text`` (or only within ``spans``, in order) with its
    resolution (or None). The grammar is tried only where a date can begin: a digit or a starter word.
    ``index``: the text's words, when the caller has them already."""
    g = _grammar()
    out: list[DateMention] = []
    index = index or WordIndex(text)
    candidates = index.starts(g.starters, digits=True)
    anchored = [at for at in index.starts(g.opener_forms) if _opens_a_date(text, at, g)]
    if anchored:
        candidates = sorted(candidates + anchored)
    for start, end in spans if spans is not None else [(0, len(text))]:
        window = candidates[bisect_left(candidates, start):bisect_left(candidates, end)]
        for m in matches_at(g.pattern, text, window):
            if m.end() > end:
                continue
            mention = _resolve(m, g, published)
            if mention is not None:
                out.append(mention)
    return out


def _opens_a_date(text: str, at: int, g: _Grammar) -> bool:
    """Whether the opener at ``at`` stands before one of the words it opens a date with, or before a
    number when it is a prefix (after whitespace, in any case: a superset of where the grammar can
    match)."""
    end = word_end(text, at)
    opener = text[at:end].lower()
    following = g.openers.get(opener)
    start = end
    while start < len(text) and text[start].isspace():
        start += 1
    if following is None or start == end or start == len(text):
        return False
    if text[start].isdecimal():
        return opener in g.number_openers
    return text[start:word_end(text, start)].lower() in following


def _month_start(year: int, month: int) -> date:
    return date(year, month, 1)


def _iso_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _latest_on_or_before(published: date, month: int, day: int) -> date | None:
    """The month-day most recently on or before the publication date."""
    for year in (published.year, published.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= published:
            return candidate
    return None


def _resolve(m: re.Match[str], g: _Grammar, published: date | None) -> DateMention | None:
    groups = m.groupdict()
    prefix = (groups.get("prefix") or groups.get("pmonth_prefix") or "").lower()
    relation = g.relations.get(prefix)
    text = m.group(0)
    start, end = m.start(), m.end()
    first = last = None
    kind = "date"
    try:
        if groups["iso"]:
            d = date(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
            first = last = d.isoformat()
        elif groups["slash"]:
            a, b, y = int(groups["sa"]), int(groups["sb"]), int(groups["sy"])
            y = y + 2000 if y < 100 else y
            # day/month unless that is impossible (month/day)
            d = date(y, b, a) if b <= 12 else date(y, a, b)
            first = last = d.isoformat()
        elif groups["month"] or groups["month2"]:
            month = g.months[(groups["month"] or groups["month2"]).lower().rstrip(".")]
            day = int(groups["day"] or groups["day2"])
            year = groups["year"] or groups["year2"]
            suffix = (groups["suffix"] or groups.get("suffix2") or "").lower()
            if not 1 <= day <= 31:
                return None
            if year:
                d = date(int(year), month, day)
            elif published is None:
                d = None
            elif suffix:
                offset = {"last year": -1, "this year": 0, "next year": 1}[suffix]
                d = date(published.year + offset, month, day)
            else:
                d = _latest_on_or_before(published, month, day)
            first = last = d.isoformat() if d else None
        elif groups["my_month"]:
            month = g.months[groups["my_month"].lower().rstrip(".")]
            first = last = _iso_month(int(groups["my_year"]), month)
            kind = "month"
        elif groups["weekday"] or groups["weekday2"]:
            kind = "weekday"
            if published is not None:
                target = g.weekdays[(groups["weekday"] or groups["weekday2"]).lower()]
                back = (published.weekday() - target) % 7
                rel = (groups["wrel"] or groups["wrel2"] or "").lower()
                if rel in ("last", "past") and back == 0:
                    back = 7
                d = published - timedelta(days=back)
                if rel == "next":
                    d = published + timedelta(days=(target - published.weekday()) % 7 or 7)
                first = last = d.isoformat()
        elif groups["rel_period"]:
            kind = "relative"
            if published is not None:
                unit, offset = g.relative_periods[groups["rel_period"].lower()]
                first, last = _relative_period(published, unit, offset)
        elif groups["rel_day"]:
            kind = "relative"
            if published is not None:
                d = published + timedelta(days=g.relative_days[groups["rel_day"].lower()])
                first = last = d.isoformat()
        elif groups["time"] or groups["clock"]:
            kind = "time"
        elif groups["bare_month"] or groups["pmonth"]:
            kind = "month"
            name = (groups["bare_month"] or groups["pmonth"]).lower().rstrip(".")
            month = g.months[name]
            if published is not None:
                word = (groups.get("pmonth_prefix") or "").lower()
                year = published.year if month <= published.month else published.year - 1
                if word == "next":
                    year = published.year if month > published.month else published.year + 1
                first = last = _iso_month(year, month)
        elif groups["yo"]:
            kind = "year"
            first, last = groups["yo"] + "-01", groups["yo"] + "-12"
        else:
            return None
    except ValueError:
        return None  # impossible dates ("February 30") are not dates
    if relation == "since" and first:
        last = published.isoformat() if published else None
    elif relation == "until" and last:
        first = None
    return DateMention(start, end, text, kind, first, last, relation)


def _relative_period(published: date, unit: str, offset: int) -> tuple[str, str]:
    if unit == "year":
        y = published.year + offset
        return f"{y}-01", f"{y}-12"
    if unit == "month":
        index = published.year * 12 + published.month - 1 + offset
        y, mo = divmod(index, 12)
        return _iso_month(y, mo + 1), _iso_month(y, mo + 1)
    monday = published - timedelta(days=published.weekday()) + timedelta(weeks=offset)
    return monday.isoformat(), (monday + timedelta(days=6)).isoformat()


@lru_cache(maxsize=4096)
def parse_loose(text: str, base: date | None = None) -> date | None:
    """Parse a free-form date string ("May 5, 2024", "Sun, 05 May 2024 10:00 GMT").

    The grammar first; dateparser (English only, past preferred, relative to ``base``) for the rest.
    Relative phrases without a base stay unresolved.
    """
    found = [d for d in find_dates(text, base) if d.first and d.kind in ("date", "weekday", "relative")]
    if found and len(found[0].first or "") == 10:
        return date.fromisoformat(found[0].first)  # type: ignore[arg-type]
    if base is None and re.search(r"\b(?:ago|yesterday|today|tomorrow|last|next)\b", text, re.I):
        return None
    parsed = _dateparser().get_date_data(text.strip()[:100])
    if parsed and parsed.date_obj:
        return parsed.date_obj.date()
    return None


@cache
def _dateparser():  # noqa: ANN202 - dateparser has no public type for it
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={"PREFER_DATES_FROM": "past",
                                                      "RETURN_AS_TIMEZONE_AWARE": False})
