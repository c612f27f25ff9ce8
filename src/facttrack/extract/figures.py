"""Decide which numbers are figures, and read each figure's qualifier, counted thing and metric.

Order of decisions for a number: (1) not a figure when it is part of a date, time, duration, age,
ordinal, phone number, measurement, name or a count of sources; (2) qualifier from the hedge words
right before it ("more than"), or after it ("-plus", "or more"); (3) counted words after it;
(4) metric from the counted words, then the verb after, then the verb before, then anaphora
("their number" -> the previous sentence's counted noun).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Final

from facttrack.extract.dates import DateMention
from facttrack.extract.memo import once, word_set
from facttrack.extract.numbers import NumberMention
from facttrack.extract.phrases import is_adverb
from facttrack.extract.scan import Anchored, Starts, is_word_char, phrase_starters
from facttrack.lexicon import alternation, load_json


@dataclass(frozen=True, slots=True)
class FigureReading:
    """What the text says around one number that is a figure."""

    start: int
    end: int
    qualifier: str
    metric: str
    counted: str | None
    hedged: bool
    rule: str
    evidence: tuple[str, ...]

    # written out so that mypyc compiles it (the __init__ that @dataclass writes runs as Python);
    # tests/test_native.py checks that it takes and sets the fields, in order
    def __init__(self, start: int, end: int, qualifier: str, metric: str, counted: str | None, hedged: bool, rule: str,
                 evidence: tuple[str, ...]) -> None:
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "qualifier", qualifier)
        object.__setattr__(self, "metric", metric)
        object.__setattr__(self, "counted", counted)
        object.__setattr__(self, "hedged", hedged)
        object.__setattr__(self, "rule", rule)
        object.__setattr__(self, "evidence", evidence)


@dataclass(frozen=True)
class _Lex:
    qualifier_before: Anchored
    qualifier_after: re.Pattern[str]
    qualifiers: dict[str, str]
    qualifiers_after: dict[str, str]
    hedge_re: Anchored
    time_after: re.Pattern[str]
    measure_after: re.Pattern[str]
    measure_before: re.Pattern[str]
    name_before: Anchored
    name_after: re.Pattern[str]
    source_after: re.Pattern[str]
    age_before: re.Pattern[str]
    age_after: re.Pattern[str]
    age_predicate: re.Pattern[str]
    idioms: re.Pattern[str]
    report_verb_after: re.Pattern[str]
    breakdown: re.Pattern[str]
    breakdown_after: re.Pattern[str]
    noun_of_before: Anchored
    demonym: re.Pattern[str]
    apposition: re.Pattern[str]
    occasions: frozenset[str]
    not_names: frozenset[str]
    list_next: re.Pattern[str]  # another number of a list follows ("eleven women and nine men")
    counted_stop: frozenset[str]
    not_count_after: re.Pattern[str]
    phone_before: Anchored
    noun_metric: list[tuple[re.Pattern[str], str]]
    after_metric: re.Pattern[str]
    after_map: dict[str, str]
    before_metric: re.Pattern[str]
    before_map: dict[str, str]
    anaphora: re.Pattern[str]
    toll: re.Pattern[str]
    all_nouns: re.Pattern[str]
    rise_before: Anchored
    name_words: frozenset[str]
    months: frozenset[str]
    noun_before_metric: re.Pattern[str]
    noun_before_map: dict[str, str]
    count_subject: Anchored  # "the number of deaths is 66": what the number counts, before it
    events: frozenset[str]  # "four deadly shootings": a count of events, not of people
    victims: frozenset[str]  # "three of the victims": the dead, where the sentences speak of deaths
    seat_holders: re.Pattern[str]  # "two Democratic Representatives": seats, not people
    death_words: re.Pattern[str]
    rate_after: re.Pattern[str]  # "four deaths per 100,000": a rate
    denominator_before: Anchored  # "per 100,000": the denominator of a rate


def _noun_alternation(words: list[str]) -> str:
    """Whole words with an optional plural ending; "injur*" matches every word it begins."""
    whole = [w for w in words if not w.endswith("*")]
    prefixes = [w[:-1] for w in words if w.endswith("*")]
    parts = []
    if whole:
        parts.append(rf"(?:{alternation(whole)})(?:s|es)?(?![\w-])")
    if prefixes:
        parts.append(rf"(?:{alternation(prefixes)})[\w-]*")
    return "|".join(parts)


_LEX_BUILT: Final[list[_Lex]] = []


def _lex() -> _Lex:
    return _LEX_BUILT[0] if _LEX_BUILT else once(_LEX_BUILT, _build_lex)


def _build_lex() -> _Lex:
    q = load_json("qualifiers.json")
    nf = load_json("nonfigures.json")
    mx = load_json("metrics.json")
    numbers = load_json("numbers.json")
    rep = load_json("reporting.json")
    before = q["before"]
    qualifier_before = Anchored(re.compile(rf"(?<![\w-])(?P<q>{alternation(before)})\s*$", re.IGNORECASE),
                                phrase_starters(before))
    qualifier_after = re.compile(rf"\s*(?P<q>{alternation(q['after'])})\b", re.IGNORECASE)  # matched at a number's end
    hedge_re = Anchored(re.compile(rf"\b(?:{alternation(q['hedges'])})\b", re.IGNORECASE), phrase_starters(q["hedges"]))
    time_after = re.compile(rf"^(?:[ -]and[ -]a[ -]half)?(?:\s+|-)"
                            rf"(?:more\s+|full\s+|long\s+|straight\s+|consecutive\s+|"
                            rf"additional\s+|further\s+|whole\s+|past\s+|previous\s+)?"
                            rf"(?:{alternation(nf['time_units'])})\b(?!-old)", re.IGNORECASE)
    measure_after = re.compile(rf"^\s?-?(?:{alternation(nf['measure_units'])})(?![\w])", re.IGNORECASE)
    measure_before = re.compile(rf"\b(?:{alternation(nf['measure_before'])})\s*(?:of\s+)?$", re.IGNORECASE)
    name_before = Anchored(re.compile(rf"(?<![\w-])(?:{alternation(nf['name_before'])})\s?$"),
                           phrase_starters(nf["name_before"], cased=True))
    name_after = re.compile(rf"^\s(?:[A-Z][\w'’-]*\s){{0,2}}(?:{alternation(nf['name_after'])})\b"
                            rf"|^\s(?:[A-Z][\w'’-]*\s){{1,3}}(?:{alternation(nf['street_suffixes'])})(?!\w)")
    verbs = alternation([form for forms in rep["verbs"].values() for form in forms])
    source_after = re.compile(rf"^\s+(?:[a-z]+\s+)?(?:{alternation(nf['source_nouns'])})\b"
                              rf"(?:\s+(?:familiar with [\w\s]{{1,30}}?|close to [\w\s]{{1,30}}?|[a-z]+ly))?"
                              rf"\s+(?:{verbs})\b")
    hedge_words = alternation([w for w in before if " " not in w or w.count(" ") < 2])
    age_before = re.compile(rf"\b(?:{alternation(nf['age_before'])})\s*(?:between\s+)?(?:(?:{hedge_words})\s+)?"
                            r"(?:\d{1,3}\s*(?:and|to|-|–)\s*)?$", re.IGNORECASE)
    age_words_after = alternation([w.replace(" ", "[ -]") for w in nf["age_after"]], escape=False)
    age_after = re.compile(rf"^(?:-|\s)(?:{age_words_after})\b|^-year\b|^(?:,\s|\))(?!\d)", re.IGNORECASE)
    # "She was 58.", "He was 101 and died of pneumonia": a bare number said of a person is an age
    age_predicate = re.compile(rf"(?:\b(?:he|she|[Hh]e|[Ss]he)|[A-Z][\w'’-]+)\s+(?:{alternation(nf['age_verbs'])})\s+"
                               rf"(?:(?:{hedge_words})\s+)?$")
    idioms = re.compile(rf"(?:{alternation(nf['idioms'])})", re.IGNORECASE)
    phone_before = Anchored(re.compile(rf"\b(?:{alternation(nf['phone_cues'])})\b[\w\s]{{0,20}}[(:]?\s*"
                              rf"(?:\d[\d\s]*(?:and|or|,)\s*)?$", re.IGNORECASE),
                            phrase_starters(nf["phone_cues"]))
    noun_metric = []
    for metric, words in mx["nouns"].items():
        exclude = mx["not_nouns"].get(metric)
        guard = rf"(?!{alternation(exclude)})" if exclude else ""
        noun_metric.append((re.compile(rf"\b{guard}(?:{_noun_alternation(words)})", re.IGNORECASE), metric))
    after_map = {w.lower().strip(): m for m, ws in mx["verbs_after"].items() for w in ws}
    after_metric = re.compile(rf"\b(?P<v>{alternation([w.strip() for w in after_map])})", re.IGNORECASE)
    before_map = {w.lower(): m for m, ws in mx["verbs_before"].items() for w in ws}
    before_metric = re.compile(rf"\b(?P<v>{alternation(before_map)})", re.IGNORECASE)
    noun_before_map = {w.lower(): m for m, ws in mx["nouns_before"].items() for w in ws}
    noun_before_metric = re.compile(rf"\b(?P<v>{alternation(noun_before_map)})", re.IGNORECASE)
    anaphora = re.compile(rf"\b(?:{alternation(mx['anaphora']['phrases'])})\b[^.,;]{{0,40}}$", re.IGNORECASE)
    toll = re.compile(rf"\b(?:{alternation(mx['anaphora']['toll'])})\b", re.IGNORECASE)
    all_nouns = re.compile(
        rf"\b(?:{alternation([w.rstrip('*') for m, ws in mx['nouns'].items() if m != 'people' for w in ws])})\w*",
        re.IGNORECASE)
    rise_before = Anchored(re.compile(rf"\b(?:{alternation(mx['rise_verbs'])})\s+(?:(?:{alternation(before)})\s+)?$",
                             re.IGNORECASE),
                           phrase_starters(mx["rise_verbs"]))
    of_nouns = [w for w in noun_before_map if w.endswith(" of")]
    noun_of_before = Anchored(re.compile(rf"\b(?P<v>{alternation(of_nouns)})\s+"
                                         rf"(?:(?:all|the|some|at least|more than|about|nearly|over)\s+)*$",
                                         re.IGNORECASE), phrase_starters(of_nouns))
    count_subject = Anchored(re.compile(rf"\b(?:{alternation(mx['count_nouns'])})\s+of\s+"
                                        rf"(?P<what>[^,;:()\d]{{1,50}}?)\s+(?:{alternation(mx['count_verbs'])})\s+"
                                        rf"(?:(?:{alternation(before)})\s+)?$", re.IGNORECASE),
                             phrase_starters(mx["count_nouns"]))
    denominator_before = Anchored(re.compile(rf"\b(?:{alternation(nf['denominator_before'])})\s+$", re.IGNORECASE),
                                  phrase_starters(nf["denominator_before"]))
    return _Lex(qualifier_before, qualifier_after, {k.lower(): v for k, v in before.items()},
                {k.lower(): v for k, v in q["after"].items()}, hedge_re, time_after, measure_after,
                measure_before, name_before, name_after, source_after, age_before, age_after, age_predicate, idioms,
                re.compile(rf"(?:^|[\s,])(?:{verbs})\b"),
                re.compile(rf"(?:{alternation(mx['breakdown_markers'])})", re.IGNORECASE),
                re.compile(rf"\s+(?:{alternation([w for w in mx['breakdown_markers'] if w.startswith('of ')])})\b",
                           re.IGNORECASE),
                noun_of_before,
                re.compile(rf"[A-Z][a-z]+(?:{alternation(mx['demonym_endings'])})"),
                re.compile(rf",\s*(?:{alternation(mx['apposition_openers'])})\b", re.IGNORECASE),
                frozenset(mx["occasion_nouns"]), frozenset(nf["not_names"]),
                re.compile(rf"\s+[A-Za-z][\w'’-]*(?:\s[A-Za-z][\w'’-]*)?\s*(?:,\s*(?:and\s+)?|\s+and\s+)"
                           rf"(?:\d|(?:{alternation([*numbers['units'], *numbers['tens']])})\b)", re.IGNORECASE),
                frozenset(mx["counted_stop"]),
                re.compile(rf"^\s*(?:{alternation(nf['non_count_after'])})\b", re.IGNORECASE),
                phone_before, noun_metric, after_metric, after_map, before_metric, before_map,
                anaphora, toll, all_nouns, rise_before, frozenset(nf["name_words_after_number"]),
                frozenset(load_json("dates.json")["months"]), noun_before_metric, noun_before_map,
                count_subject,
                frozenset(w for noun in mx["event_nouns"] for w in noun.split()[-1:]),
                frozenset(mx["victim_nouns"]),
                re.compile(rf"\b(?:{_noun_alternation(mx['seat_holder_nouns'])})", re.IGNORECASE),
                re.compile(rf"\b(?:{_noun_alternation(mx['death_words'])})", re.IGNORECASE),
                re.compile(rf"\s+(?:{alternation(mx['rate_after'])})\s+(?:\d|(?:{alternation(mx['rate_denominators'])})\b)",
                           re.IGNORECASE),
                denominator_before)


def starter_sets() -> list[frozenset[str]]:
    """The starter words of the rules that non_figure_reason and read_figure try only where one of
    their first words stands (see scan.Anchored): the offsets a caller keeps for them."""
    lex = _lex()
    return [p.starters for p in (lex.qualifier_before, lex.hedge_re, lex.name_before, lex.noun_of_before,
                                 lex.phone_before, lex.rise_before, lex.count_subject, lex.denominator_before,
                                 _DIED_AT)]


_YEAR: Final = re.compile(r"^(?:1[6-9]\d\d|20\d\d)$")
_OR_DURATION: Final = re.compile(r"^\s*(?:or|to|-|–)\s*\d+")
_NAME_COMMA: Final = re.compile(r"[A-Za-z][\w'’-]*,\s*$")
_AGE_END: Final = re.compile(r"^\s*(?:[.;]|$|,?\s+(?:and|when|but|at the time|last|this|on)\b)")
_AGE_PAIR: Final = re.compile(r"^\s+and\s+\d{1,3},")
_AGE_PAIR_BEFORE: Final = re.compile(r"[A-Za-z][\w'’-]*,\s*\d{1,3}\s+and\s*$")
_CAPITAL_BEFORE: Final = re.compile(r"(?:^|[\s(\[])(?P<word>\[?[A-Z][\w.&]*\]?)\s$")
_YEAR_RANGE_BEFORE: Final = re.compile(r"\b(?:1[6-9]|20)\d\d\s?[–-]\s?$")  # "(1919–33)": the end of a span of years


@cache
def _plural_noun_after() -> re.Pattern[str]:
    """A plural noun right after a number ("1885 aftershocks", "1885 strong aftershocks"); a word before it
    is an adjective, never a preposition ("in 2004 with supporters" is a year)."""
    prepositions = alternation(load_json("reporting.json")["complement_prepositions"])
    return re.compile(rf"^\s+(?:(?!(?:and|as|was|has|is|its|his|this|thus|plus|was|{prepositions})\b)[a-z][\w-]*\s+)?"
                      r"(?!(?:and|as|was|has|is|its|his|this|thus|plus|does|goes|was)\b)[a-z][\w-]*[^sui\W]s\b")
_THE_END: Final = re.compile(r"\bthe\s+$")
_COMPOUND: Final = re.compile(r"^-[a-z]+-")
_YEARS_OLD: Final = re.compile(r"^(?:-|\s)(?:years?|yrs?)(?:-|\s)old\b|^-year\b", re.IGNORECASE)
_PLUS_MINUS_AFTER: Final = re.compile(r"^\s*(?:±|\+/-)")
_PLUS_MINUS_BEFORE: Final = re.compile(r"(?:±|\+/-)\s*$")
_CAPITAL_NEXT: Final = re.compile(r"^\s[A-Z]")
_OR_ANOTHER: Final = re.compile(r"^\s*(?:or|and)\s+(?:two|another|other)\b")
_RATIO: Final = re.compile(r"^\s*[:/]\d")
_LABEL: Final = re.compile(r"(?:No\.|#|nr\.)\s*$")
_DETERMINER_END: Final = re.compile(r"\b(?:no|any|every|the|this|that)\s*$", re.IGNORECASE)
# "all but one of the states": the one left out is counted
_ALL_BUT: Final = re.compile(rf"\b(?:{alternation(load_json('nonfigures.json')['exception_openers'])})\s+$",
                             re.IGNORECASE)
_HARMED: Final = frozenset({"killed", "injured", "missing", "hostages", "detained"})  # metrics a person may be spared
_ONE_NOT_COUNT: Final = re.compile(r"^\s*(?:another\b|day\b|time\b|way\b|thing\b|-)", re.IGNORECASE)
_COUNT_WORD: Final = re.compile(r"[A-Za-z][\w'’-]*")
_OF_THE: Final = re.compile(r"\s*(?:of\s+(?:the|them|those|these|its|their)\s+)?")  # "12 of the ...": skipped
_SPACES: Final = re.compile(" *")
_SPACE_RUN: Final = re.compile(r"\s+")


def non_figure_reason(text: str, n: NumberMention, dates: list[DateMention], sentence_start: int,
                      index: Starts | None = None) -> str | None:
    """Why a number mention is not a figure, or None when it is one. ``index``: the offsets of
    starter_sets() in ``text``, when the caller has them (those rules are then tried only there)."""
    lex = _lex()
    raw = text[n.start:n.end]
    window = max(sentence_start, n.start - 40)
    before = text[window:n.start]
    after = text[n.end:n.end + 60]
    for d in dates:
        if d.start < n.end and n.start < d.end:
            if d.kind == "year" and _plural_noun_after().match(after) and not lex.time_after.match(after):
                break  # "1885 aftershocks" counts; "in 2018" does not
            return f"date:{d.kind}"
    if n.unit is None and not n.words and n.value_max is None and len(raw) == 2 and _YEAR_RANGE_BEFORE.search(before) \
            and not after[:1].isdigit():
        return "year"  # "Prohibition (1919–33)", "the 2014-15 season"
    if n.unit is None and not n.words and n.value_max is None and _YEAR.match(raw) and \
            (not _plural_noun_after().match(after) or _THE_END.search(before)):
        return "year"  # "in 2018", "the 2018 midterm elections" (but "1885 aftershocks" counts)
    if lex.time_after.match(after) or _OR_DURATION.match(after) and lex.time_after.match(
            after[_OR_DURATION.match(after).end():]):  # type: ignore[union-attr]
        return "duration"  # "three days", "7 or 8 years"
    if n.unit is None and n.value <= 120 and (n.value_max or 0) <= 120 and (
            lex.age_before.search(before)
            or (lex.age_after.match(after) or _AGE_PAIR.match(after)) and _NAME_COMMA.search(before)
            or lex.age_after.match(after) and _AGE_PAIR_BEFORE.search(before)):
        return "age"  # "Okoro, 52,", "the princess, 67,", "Quirin and Redouane, 40 and 49,"
    if n.unit is None and n.value <= 120 and n.value_max is None and _AGE_END.match(after) \
            and lex.age_predicate.search(before):
        return "age"  # "She was 58.", "He was 101 and died ..."
    if n.unit is None and n.value_max is not None and n.value_max <= 120 and _RANGE_OF_AGES_BEFORE.search(before) \
            and _AGE_END.match(after):
        return "age"  # "Three of the victims were between 40 and 49."
    listed = _LIST_NUMBER_BEFORE.search(before) if n.unit is None and n.value_max is None and n.value <= 20 \
        and not n.words else None
    item = _LIST_NUMBER_AFTER if listed is None or listed.group("line") is None else _LINE_NUMBER_AFTER
    if listed and item.match(after):
        return "list number"  # "three steps: 1. evacuate, 2. count, 3. rebuild"; "\n2. Count the dead"
    if n.unit is None and n.value <= 120 and n.value_max is None and _DIED_AT.search_window(before, window, index) \
            and _AGE_END.match(after):
        return "age"  # "died peacefully at 84", "Hagan died on Monday at 66"
    idiom = next((m for m in lex.idioms.finditer(text, max(sentence_start, n.start - 30), n.end + 30)
                  if m.start() <= n.start and n.end <= m.end()), None)
    if idiom is not None or n.words and _COMPOUND.match(after):
        return "idiom"  # "one country, two systems", "the two-party-preferred vote"
    if _YEARS_OLD.match(after):
        return "age"
    if n.unit is None and lex.measure_after.match(after):
        return "measurement"
    if _PLUS_MINUS_AFTER.match(after) or _PLUS_MINUS_BEFORE.search(before):
        return "measurement"  # "1010 ± 195": a measured value with its uncertainty
    if lex.measure_before.search(before):
        return "measurement"
    if n.unit is None and lex.name_before.search_window(before, window, index):
        return "name"
    if lex.name_after.match(after):
        return "name"
    if n.unit is None and not n.words and _product_name(before, after, lex):
        return "name"  # "CentOS 7 is", "HR 6819", "RHEL 7."
    if n.words and text[n.start].isupper() and n.start > sentence_start and (
            _CAPITAL_NEXT.match(after)
            or (capital := _CAPITAL_BEFORE.search(before)) and capital.group("word") not in lex.not_names):
        return "name"  # "the Four Opens", "Marine One"
    if lex.source_after.match(after) and not n.unit:
        return "source count"
    if n.unit is None and not n.words and lex.phone_before.search_window(before, window, index):
        return "phone"
    if n.words and n.value == 1 and (_ONE_NOT_COUNT.match(after) or _DETERMINER_END.search(before)):
        return "pronoun one"
    if n.words and n.value == 1 and not _ALL_BUT.search(before) and _one_identifies(text, n, after):
        return "pronoun one"  # "one of the advisers said": a speaker picked out, not a count
    if n.words and _OR_ANOTHER.match(after):
        return "idiom"
    if not n.words and not n.unit and _RATIO.match(after):
        return "ratio or time"
    if _LABEL.search(before):
        return "number label"
    if lex.denominator_before.search_window(before, window, index):
        return "rate denominator"  # "six per 100,000", "one out of every thousand children"
    return None


def echoes_a_name(text: str, n: NumberMention, named: set[str]) -> bool:
    """"The 707 was a freighter" after "a Boeing 707": digits the article uses in a name, after "the"
    or a capitalised word and counting no noun after them, name that thing again (not "707
    passengers", "all 50 U.S. states")."""
    raw = text[n.start:n.end]
    if raw not in named or len(raw) < 2 or not raw.isdigit() or n.unit is not None \
            or _plural_noun_after().match(text[n.end:n.end + 40]):
        return False
    before = re.search(r"(\S+)\s+$", text[max(0, n.start - 30):n.start])
    return before is not None and (before.group(1).lower() == "the" or before.group(1)[:1].isupper())


_OF_PHRASE: Final = re.compile(r"^\s*of\s+[^,.;]{1,60}")
_SUPERLATIVE_AFTER: Final = re.compile(r"^\s*of\s+(?:the|its|his|her|their|our)\s+(?:\w+est|best|worst)\b")


def _one_identifies(text: str, n: NumberMention, after: str) -> bool:
    """"one of the advisers said", "one of Vanderbilt's sons, stated": "one of ..." as the subject of
    a reporting verb identifies a speaker; "one of them died" counts."""
    lex = _lex()
    if lex.not_count_after.match(after) or _SUPERLATIVE_AFTER.match(after):
        return True  # "one of the few countries", "one of the worst storms", "one by one"
    m = _OF_PHRASE.match(after)
    if m is None:
        return False
    return bool(lex.report_verb_after.search(after, m.start(), min(len(after), m.end() + 25)))


def _product_name(before: str, after: str, lex: _Lex) -> bool:
    """A number right after a capitalised name that is not followed by a counted noun is part of the
    name: "CentOS 7 is", "Windows 11.", "HR 6819" (an all-capitals code takes any number)."""
    m = _CAPITAL_BEFORE.search(before)
    if m is None:
        return False
    word = m.group("word").strip("[]")
    if word in lex.not_names or word.endswith(("'s", "’s")) or word.lower() in lex.months:
        return False
    if word.isupper() and 1 < len(word) <= 5 and word.isalpha():
        return True
    nxt = re.match(r"^\s*([\w'’]+|[^\w\s])", after)
    if nxt is None:
        return True
    token = nxt.group(1)
    return not token[0].isalnum() or token in lex.name_words or token.startswith(("'", "’"))


_LAST_WORD: Final = re.compile(r"([\w'’-]+)\W*$")


_RANGE_OF_AGES_BEFORE: Final = re.compile(r"\b(?:were|are)\s+(?:aged\s+)?(?:between\s+)?$", re.IGNORECASE)
_LIST_NUMBER_BEFORE: Final = re.compile(r"(?:[:;,]\s*|(?P<line>^|\n)\s*)$")
_LIST_NUMBER_AFTER: Final = re.compile(r"^[.)]\s+[a-z]")  # an item inside a sentence opens in lower case
_LINE_NUMBER_AFTER: Final = re.compile(r"^[.)]\s+[A-Za-z]")
_DIED_AT: Final = Anchored(re.compile(
    rf"\b(?:{alternation(load_json('nonfigures.json')['death_verbs'])})\b[^.;:,]{{0,40}}?\bat\s+$", re.IGNORECASE),
    phrase_starters(load_json("nonfigures.json")["death_verbs"]))
_LOST_BEFORE: Final = re.compile(
    rf"\b(?:{alternation(load_json('metrics.json')['loss_verbs'])})\s+(?:[\w-]+\s+){{0,2}}$", re.IGNORECASE)


def _quantity_subject(before: str) -> bool:
    """Whether the words before a verb such as "passed" or "topped" end with a quantity that can pass a
    number ("the toll passed 1,000", "Sales topped $1 billion"), not a person or a name that passes
    something ("The House passed two articles", "she surpassed two rivals")."""
    words = before.split()
    while words and words[-1].lower() in word_set("hedge_auxiliaries", "qualifiers.json"):
        words.pop()
    if not words or words[-1].endswith(","):
        return True  # an aside ends before the verb: its subject stands further back, as a rule a quantity
    m = _LAST_WORD.search(words[-1])
    word = m.group(1) if m else words[-1]
    low = word.lower()
    if low in word_set("quantity_subjects", "qualifiers.json"):
        return True  # "Sales topped $1 billion", "Cases exceeded 5,000" (a capital opening the sentence)
    people = word_set("person_role_nouns", "actors.json") | word_set("group_nouns", "actors.json")
    return not (word[:1].isupper() or low in word_set("subject_pronouns") or low in people
                or low.endswith("s") and low[:-1] in people)


def read_figure(text: str, n: NumberMention, sentence: tuple[int, int],
                previous_sentence: tuple[int, int] | None, index: Starts | None = None) -> FigureReading:
    """Qualifier, counted words, metric and hedge for a number that is a figure (``index``: as for
    non_figure_reason)."""
    lex = _lex()
    s_start, s_end = sentence
    start, end = n.start, n.end
    evidence: list[str] = []
    window = max(s_start, start - 40)
    before = text[window:start]
    qualifier = "exactly"
    rule = "figure.range" if n.value_max is not None else "figure.vague" if n.vague else "figure.number"
    if n.value_max is not None:
        qualifier = "range"
        b = re.search(r"(?<![\w-])between\s+$", text[max(s_start, start - 9):start], re.IGNORECASE)
        if b:
            start = start - (len(text[max(s_start, start - 9):start]) - b.start())
    elif n.vague:
        qualifier = "at_least"
    else:
        q = lex.qualifier_before.search_window(before, window, index)
        if q and q.group("q").lower() in word_set("verb_hedges", "qualifiers.json") \
                and not _quantity_subject(before[:q.start("q")]):
            q = None  # "The House passed two articles": a verb with a person or a name as its subject
        if q:
            qualifier = lex.qualifiers[_SPACE_RUN.sub(" ", q.group("q").lower())]
            start = start - (len(before) - q.start("q"))
            evidence.append(f"qualifier '{q.group('q')}'")
        elif n.plus:
            qualifier = "more_than"
            evidence.append("qualifier '-plus'")
        else:
            qa = lex.qualifier_after.match(text, end, s_end)
            if qa:
                qualifier = lex.qualifiers_after[qa.group("q").lower()]
                end = qa.end()
                evidence.append(f"qualifier '{qa.group('q')}'")
    if n.unit == "%":
        metric, counted, metric_rule = "percent", _counted(text, n.end, s_end), "metric.percent_sign"
        evidence.append("metric from '%'")
    elif n.unit:
        metric, counted, metric_rule = "money", None, "metric.currency"
        evidence.append(f"metric from currency {n.unit}")
    else:
        counted = _counted(text, n.end, s_end)
        metric, metric_rule, why = _metric(text, n, counted, (s_start, s_end), previous_sentence, index)
        if metric in _HARMED and metric_rule == "metric.verb_after" \
                and _ALL_BUT.search(text, max(s_start, n.start - 20), n.start):
            # "All but one of the sixteen on board died": the one left out was spared what the verb says
            # (not "all but one victim was found dismembered": a victim all the same)
            why = f"spared from '{metric}' ('all but ...')"
            metric, metric_rule = "people", "metric.spared"
        evidence.append(why)
    clause_start = max(s_start, n.start - 80)
    hedge = lex.hedge_re.search(text, clause_start, n.start, index)
    hedged = bool(hedge)
    if hedge:
        evidence.append(f"hedge '{hedge.group(0)}'")
    return FigureReading(start, end, qualifier, metric, counted, hedged, f"{rule}+{metric_rule}", tuple(evidence))


_THE_BEFORE: Final = re.compile(r"\bthe\s+$", re.IGNORECASE)


def echo_metric(text: str, n: NumberMention, reading: FigureReading,
                earlier: dict[float, FigureReading]) -> FigureReading:
    """"Warrants were issued for 36 people. ... the 36 must face charges": "the" and a bare number count
    what the article's figure of that value counted before (``earlier``: the last reading per value)."""
    before = earlier.get(n.value) if n.value > 2 else None  # ("the two" are as often two things as two people)
    if before is None or n.unit or n.value_max is not None or reading.metric != "other" or reading.counted \
            or before.metric == "other" or not _THE_BEFORE.search(text, max(0, n.start - 8), n.start):
        return reading
    return replace(reading, metric=before.metric, rule=reading.rule.replace("metric.none", "metric.echo"),
                   evidence=(*reading.evidence, f"'the {text[n.start:n.end]}' again: metric of that figure before"))


def inherit_metric(text: str, n: NumberMention, reading: FigureReading,
                   earlier: FigureReading | None) -> FigureReading:
    """A number counts what the figure before it in the sentence counts when it has no metric of its
    own: a bare number ("at least 1,035 in Turkey and about 19 in Greece"), or a breakdown of that
    figure ("kidnapped eleven villagers, made up of 6 women, 4 children and 1 man", "nine drowned,
    among them three children")."""
    if earlier is None or n.unit or earlier.metric == "other":
        return reading
    if reading.metric == "other" and reading.counted is None:
        return replace(reading, metric=earlier.metric,
                       rule=reading.rule.replace("metric.none", "metric.previous_figure"),
                       evidence=(*reading.evidence, "metric of the figure before it"))
    if reading.metric not in ("other", "people") or n.start < earlier.end or earlier.metric == "people":
        return reading
    between = text[earlier.end:n.start]
    lex = _lex()
    breakdown = (lex.breakdown.search(between) or lex.breakdown_after.match(text, n.end)) and len(between) < 60
    listed = "metric.breakdown" in earlier.rule and _LIST_GAP.fullmatch(between)
    # "20 bodies had been recovered, eleven women and nine men": a list of people after the clause
    appended = "metric.people_counted" in reading.rule and _CLAUSE_THEN_LIST.fullmatch(between) \
        and lex.list_next.match(text, n.end)
    if not (breakdown or listed or appended):
        return reading
    rule = re.sub(r"metric\.[\w_]+", "metric.breakdown", reading.rule, count=1)
    return replace(reading, metric=earlier.metric, rule=rule,
                   evidence=(*reading.evidence, f"a breakdown of the '{earlier.metric}' figure before it"))


_CLAUSE_THEN_LIST: Final = re.compile(r"[^,;.\d]{1,60},\s*")
_LIST_GAP: Final = re.compile(r"\s*[A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){0,2}\s*(?:,|,?\s+and|,?\s+or)\s*")


def _counted(text: str, pos: int, limit: int) -> str | None:
    """The words a figure counts: up to four words after it, stopping at verbs and function words."""
    if pos > limit:
        return None  # no words of the sentence after the number
    stop = _lex().counted_stop
    words: list[tuple[int, int]] = []
    i = pos
    m = _OF_THE.match(text, i, limit)
    if m and m.group(0).strip():
        i = m.end()
    while len(words) < 4:
        m = _COUNT_WORD.match(text, _SPACES.match(text, i, limit).end(), limit)
        if not m or m.start() - i > 1:
            break
        w = m.group(0)
        if w.lower() in stop or is_adverb(w.lower()):
            break
        words.append((m.start(), m.end()))
        i = m.end()
        if i < limit and text[i] not in " ":
            break
    if not words:
        return None
    return text[words[0][0]:words[-1][1]]


def _counted_noun(pattern: re.Pattern[str], counted: str) -> bool:
    """True when a word of the counted phrase is a metric noun and not a modifier of a plural noun
    after it ("36 arrest warrants" counts warrants; "400 firefighters participated" firefighters)."""
    for m in pattern.finditer(counted):
        nxt = counted[m.end():].split(maxsplit=1)
        if not (nxt and nxt[0][:1].islower() and nxt[0].endswith("s") and not nxt[0].endswith("ss")):
            return True
    return False


@lru_cache(maxsize=1 << 14)
def _counted_metrics(words: str) -> tuple[str, ...]:
    """The metrics whose nouns ``_counted_noun`` finds in ``words``, in the lexicon's order (the same
    few words follow numbers across articles: "people", "cases", "were killed")."""
    return tuple(metric for pattern, metric in _lex().noun_metric if _counted_noun(pattern, words))


def _metric(text: str, n: NumberMention, counted: str | None, sentence: tuple[int, int],
            previous: tuple[int, int] | None, index: Starts | None = None) -> tuple[str, str, str]:
    """(metric, rule id, evidence) in the stated order of rules; the first that applies wins."""
    lex = _lex()
    s_start, s_end = sentence
    people = False
    if counted and counted.split()[0].lower() in lex.occasions:
        return "other", "metric.occasions", f"counts occasions ('{counted}')"
    if counted and _counts_events(counted, lex):
        return "other", "metric.events", f"counts events ('{counted}')"
    # where the number's own words end ("12 cases"): a rate or a relative clause starts after them
    own = n.end + (text.find(counted, n.end, n.end + 40) - n.end + len(counted) if counted else 0)
    if lex.rate_after.match(text, own, min(s_end, own + 20)):
        return "other", "metric.rate", "a rate ('per ...' after the count)"
    of = lex.noun_of_before.search(text, max(s_start, n.start - 40), n.start, index)
    if of:
        # "the deaths of 29 miners", "the killing of all 33 passengers": the noun governs what is counted
        metric = lex.noun_before_map[_SPACE_RUN.sub(" ", of.group("v").lower())]
        return metric, "metric.noun_of", f"metric '{metric}' from '{of.group('v')}' before"
    subject = lex.count_subject.search(text, max(s_start, n.start - 90), n.start, index)
    found = _metric_of_words(subject.group("what"), lex) if subject else None
    if found:
        # "the number of deaths is 66 and the number of infections 1,200": the subject names what is counted
        return found, "metric.count_subject", f"metric '{found}' from 'number of {subject.group('what')}'"
    copula = _copular_subject().search(text, _clause_start(text, n.start, s_start), n.start)
    if copula and (not counted or lex.demonym.fullmatch(counted.split()[0])
                   or "people" in _counted_metrics(counted)):  # (not "Deaths were reported in 12 districts")
        # "The dead were eleven farmers, two teachers and one nurse": the subject says what is counted
        metric = lex.noun_before_map[copula.group("v").lower()]
        return metric, "metric.copular_subject", f"metric '{metric}' from '{copula.group('v')}' the subject"
    if counted and counted[:1].isupper() and lex.demonym.fullmatch(counted.split()[0]):
        people = True  # "1.7 million Hongkongers", "300 Palestinians"
    if counted:
        for metric in _counted_metrics(counted):
            if metric == "people":
                people = True
                continue
            return metric, "metric.counted", f"metric '{metric}' from counted '{counted}'"
    # a metric noun a few words on ("63,784 confirmed and suspected cases", '2,318 "excess deaths"'),
    # unless the number already counts people ("512 people and infected ...")
    near = "" if people else _near_cut().split(text[n.end:min(s_end, n.end + 45)], maxsplit=1)[0]
    for metric in _counted_metrics(near):
        if metric != "people":
            return metric, "metric.noun_after", f"metric '{metric}' from '{near.strip()}'"
    # the verb after: up to the next clause break or number, over an aside ("nine, among them three
    # children, drowned")
    after_end = _clause_end(text, n.end, s_end)
    relative = _relative().search(text, own + 1, after_end)
    if relative and text[own:relative.start()].strip() not in ("", "of"):  # "four of whom were injured"
        # "36 states, most of the people who died": a relative clause belongs to the noun before it
        after_end = relative.start()
    m = lex.after_metric.search(text, n.end, after_end)
    aside = lex.apposition.match(text, after_end) if m is None else None
    if aside:
        close = text.find(",", aside.end(), s_end)
        if close > 0:
            m = lex.after_metric.search(text, close, _clause_end(text, close + 1, s_end))
    if m:
        metric = lex.after_map[m.group("v").lower()]
        return metric, "metric.verb_after", f"metric '{metric}' from '{m.group('v')}' after"
    listed = _list_tail().match(text, after_end, min(s_end, after_end + 160))
    if listed:
        # "150 security forces, 95 civilians, and hundreds of fighters killed": the verb closing a list
        closing = list(lex.after_metric.finditer(text, after_end, min(s_end, listed.end() + 25)))
        m = closing[-1] if closing else None
        if m and (m.start() >= listed.end() and not text[listed.end():m.start()].strip(" ")
                  or m.start() < listed.end() and not text[m.end():listed.end()].strip(" ")):
            metric = lex.after_map[m.group("v").lower()]
            return metric, "metric.list_verb", f"metric '{metric}' from '{m.group('v')}' closing the list"
    before_start = _clause_start(text, n.start, s_start)
    last = None
    for m in lex.before_metric.finditer(text, before_start, n.start):
        last = m
    if last:
        metric = lex.before_map[last.group("v").lower()]
        return metric, "metric.verb_before", f"metric '{metric}' from '{last.group('v')}' before"
    if people and _LOST_BEFORE.search(text, max(before_start, n.start - 40), n.start):
        return "killed", "metric.lost_people", "people 'lost' (an army's, a town's dead)"
    if not people:
        # "the death toll rose to 57", "infections reached 300": a noun before the number names its metric,
        # unless the number counts people ("infections among the nation's 5.5 million people")
        for m in lex.noun_before_metric.finditer(text, before_start, n.start):
            last = m
        if last:
            metric = lex.noun_before_map[last.group("v").lower()]
            return metric, "metric.noun_before", f"metric '{metric}' from '{last.group('v')}' before"
    if lex.rise_before.search(text, max(s_start, n.start - 40), n.start, index):
        # "the number of casualties rose to at least 1,035", "put the death toll at 87"
        before_sentence = text[s_start:n.start]
        for pattern, metric in lex.noun_metric:
            if metric != "people" and pattern.search(before_sentence):
                words = before_sentence[-30:].strip()
                return metric, "metric.subject_of_rise", f"metric '{metric}' from the subject of '{words}'"
        for m in lex.before_metric.finditer(before_sentence):
            last = m
        if last:
            metric = lex.before_map[last.group("v").lower()]
            return metric, "metric.subject_of_rise", f"metric '{metric}' from '{last.group('v')}' in the sentence"
        for m in lex.noun_before_metric.finditer(before_sentence):
            last = m
        if last:
            metric = lex.noun_before_map[last.group("v").lower()]
            return metric, "metric.subject_of_rise", f"metric '{metric}' from '{last.group('v')}' in the sentence"
    window = text[max(s_start, n.start - 45):n.start]
    if previous and (lex.anaphora.search(window) or lex.toll.search(window)):
        if lex.toll.search(window):
            return "killed", "metric.toll", "metric 'killed' from 'toll'"
        noun = None
        for m in lex.all_nouns.finditer(text, previous[0], previous[1]):
            noun = m
        if noun:
            for pattern, metric in lex.noun_metric:
                if pattern.search(noun.group(0)):
                    word = noun.group(0)
                    return metric, "metric.anaphora", f"metric '{metric}' from '{word}' in the previous sentence"
    if people and counted and any(w in lex.victims for w in counted.lower().split()) and (
            lex.death_words.search(text, s_start, s_end) or previous and lex.death_words.search(text, *previous)):
        return "killed", "metric.victims", f"victims where deaths are spoken of ('{counted}')"
    described = _APPOSITION_OF.search(text, max(s_start, n.start - 60), n.start)
    found = _metric_of_words(described.group("np"), lex) if described else None
    if found and found != "people":
        # "The injured teenagers, three girls and a boy, were ...": the noun phrase the count describes
        return found, "metric.apposition_of", f"metric '{found}' from '{described.group('np')}'"
    if people and counted and _holds_seats(counted, lex):
        return "other", "metric.seat_holders", f"holders of seats ('{counted}')"
    if people:
        return "people", "metric.people_counted", f"metric 'people' from counted '{counted}'"
    for pattern, metric in lex.noun_metric:
        if metric == "people" and not counted and pattern.search(near):
            return "people", "metric.people_after", f"metric 'people' from '{near.strip()}'"
    part = None if counted else _part_of().search(text, s_start, n.start)
    if part:
        # "more cases of measles, including 165 in a single day": a part of the noun before "including"
        for m in lex.noun_before_metric.finditer(text, max(s_start, part.start() - 25), part.start()):
            if not text[m.end():m.end() + 1].isalpha():  # a whole word ("deadly", "deadline" are none)
                last = m
        if last:
            metric = lex.noun_before_map[last.group("v").lower()]
            return metric, "metric.part_of", f"metric '{metric}' from '{last.group('v')}' before '{part.group(1)}'"
    return "other", "metric.none", "no metric word"


def _counts_events(counted: str, lex: _Lex) -> bool:
    """"deadly mass shootings", "attacks killed": a plural event noun before any noun of people or of a
    metric ("victims of attacks" counts victims)."""
    for word in counted.lower().split():
        if word in lex.events:
            return True
        if any(pattern.fullmatch(word) for pattern, _ in lex.noun_metric):
            return False
    return False


_APPOSITION_OF: Final = re.compile(r"\b[Tt]he\s+(?P<np>(?:[\w-]+\s+){0,2}[\w-]+),\s*$")


def _holds_seats(counted: str, lex: _Lex) -> bool:
    """"Democratic Representatives", "199 Republicans": a holder of seats is the counted noun, not a
    modifier of another noun of people ("Republican security experts")."""
    words = counted.split()
    last = max((k for k, w in enumerate(words) if lex.seat_holders.fullmatch(w)), default=None)
    people = [p for p, metric in lex.noun_metric if metric == "people"]
    return last is not None and not any(p.fullmatch(w) for w in words[last + 1:] for p in people)


def _metric_of_words(words: str, lex: _Lex) -> str | None:
    """The metric that words name ("people killed", "those infected", "deaths", "residents"), else None."""
    verb = lex.before_metric.search(words)
    if verb:
        return lex.before_map[verb.group("v").lower()]
    verb = lex.after_metric.search(words)  # "the number of people who died"
    if verb:
        return lex.after_map[verb.group("v").lower()]
    found = [metric for pattern, metric in lex.noun_metric if pattern.search(words)]
    return next((m for m in found if m != "people"), found[0] if found else None)


@cache
def _part_of() -> re.Pattern[str]:
    """", including" (or another breakdown word) right before a count, after a hedge if any."""
    mx, q = load_json("metrics.json"), load_json("qualifiers.json")
    words = alternation([w for w in mx["breakdown_markers"] if w[:1].isalpha()])
    return re.compile(rf",\s+({words})\s+(?:(?:{alternation(q['before'])})\s+)?$", re.IGNORECASE)


@cache
def _copular_subject() -> re.Pattern[str]:
    """A metric noun as the subject of "were", "included" ... before a count ("The dead were ...",
    "the injured included ...")."""
    mx = load_json("metrics.json")
    nouns = alternation([w for words in mx["nouns_before"].values() for w in words if " " not in w])
    verbs = alternation(mx["copular_verbs"])
    return re.compile(rf"\b(?P<v>{nouns})\s+(?:{verbs})\s+[^.;:]*$", re.IGNORECASE)


@cache
def _list_tail() -> re.Pattern[str]:
    """The rest of a list of counts after its first item ("..., 95 civilians, and hundreds of fighters
    killed", "Seven soldiers and two civilians were killed"): digits, number words or vague counts."""
    nums = load_json("numbers.json")
    counts = alternation([*nums["units"], *nums["tens"], *nums["vague"], *nums["list_quantifiers"]])
    return re.compile(rf"(?:\s*(?:,\s*)?(?:and\s+)?(?:\d[\d,.]*|(?i:{counts})\b)"
                      r"(?:\s+of)?(?:\s+[A-Za-z][\w-]*){1,3}){1,6}")
@cache
def _near_cut() -> re.Pattern[str]:
    """Where the words after a number stop naming what it counts: punctuation, a digit or a verb."""
    return re.compile(rf"[,;:().!?\d]|\b(?:{alternation(word_set('near_noun_stops'))})\b")


@cache
def _clause_break() -> re.Pattern[str]:
    return re.compile(rf"[,;:()]|\s(?:{alternation(word_set('clause_break_words'))})\s|\d")


@cache
def _relative() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation(word_set('relative_words'))})\b")


def _clause_end(text: str, pos: int, limit: int) -> int:
    m = _clause_break().search(text, pos, min(limit, pos + 70))
    return m.start() if m else min(limit, pos + 70)


def _clause_start(text: str, pos: int, limit: int) -> int:
    """Where the clause holding offset ``pos`` starts: after the last punctuation mark, digit or whole
    word "that" in the 60 characters before it ("had been evacuated and that 400 homes were flooded":
    the verb before "that" governs another clause). Read backwards, character by character: the
    first mark met from the right is the last one, and a regex would try every position from the left."""
    start = max(limit, pos - 60)
    at = pos
    while at > start:
        ch = text[at - 1]
        if ch in _CLAUSE_MARKS or ch > "\x7f" and ch.isdecimal():
            return at
        if ch == "t" and at - 4 >= start and text.startswith("that", at - 4) \
                and (at == pos or not is_word_char(text[at])) and (at == 4 or not is_word_char(text[at - 5])):
            return at
        at -= 1
    return start


_CLAUSE_MARKS: Final = ",;:()0123456789"
