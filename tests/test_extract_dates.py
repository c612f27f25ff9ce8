"""The date grammar is tried only where a date can begin; anchored openers ("the", "of", "in", "since") only
before the words they open a date with. Trying fewer places must find exactly what trying every word finds."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facttrack.extract.dates import _grammar, _openers, _resolve, find_dates
from facttrack.extract.scan import matches_at
from facttrack.lexicon import load_json

PUBLISHED = date(2026, 3, 18)


def _everywhere(text: str) -> list[tuple[int, int, str, str | None]]:
    """The grammar tried at every word start: what find_dates must find."""
    g = _grammar()
    starts = [m.start() for m in re.finditer(r"\b\w", text)]
    found = (_resolve(m, g, PUBLISHED) for m in matches_at(g.pattern, text, starts))
    return [(d.start, d.end, d.kind, d.first) for d in found if d is not None]


def _found(text: str) -> list[tuple[int, int, str, str | None]]:
    return [(d.start, d.end, d.kind, d.first) for d in find_dates(text, PUBLISHED)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The ferry had left the day before, the harbour master said.", "the day before"),
    ("Crews reached the valley THE DAY BEFORE YESTERDAY.", "THE DAY BEFORE YESTERDAY"),
    ("The day before, two bridges had gone.", "The day before"),
    ("Prices have risen since the end of March.", "of March"),  # "March" alone is too ambiguous a body
    ("The fund ran dry in the first week of May, officials said.", "of May"),
    ("The count of October showed 40 more dead.", "of October"),
])
def test_an_anchored_opener_still_begins_its_dates(text: str, expected: str) -> None:
    found = _found(text)
    assert any(text[start:end] == expected for start, end, _, _ in found), found
    assert found == _everywhere(text)


@pytest.mark.parametrize("text", [
    "The talks broke down and the mayor left.",
    "The day was long; the day-long strike ended.",
    "Most of the 300 staff were sent home.",
    "One of may's critics spoke of march routes and of the dayroom.",
])
def test_an_opener_before_other_words_begins_nothing(text: str) -> None:
    assert _found(text) == _everywhere(text) == []


def test_the_openers_come_from_the_grammar_data() -> None:
    lex = load_json("dates.json")
    openers, before_numbers = _openers(lex)
    assert openers["the"] == {"day"}
    assert openers["of"] == set(lex["months"])
    assert openers["as"] == {"of", "at"}  # "as of", "as at"
    assert {"may", "friday", "yesterday", "last", "noon", "the"} <= openers["in"]  # a prefix: any date's first word
    assert set(lex["weekdays"]) <= openers["last"]  # "last Friday"
    assert "in" in before_numbers and "the" not in before_numbers and "last" not in before_numbers
    assert not {"the", "The", "THE", "of", "Of", "in", "In", "since"} & _grammar().starters  # not tried everywhere


@pytest.mark.parametrize("opener", ["today", "may", "noon", "mid", "breaking", "overnight"])
def test_a_word_that_begins_a_date_alone_cannot_be_anchored(opener: str) -> None:
    """A one-word date, a month, a clock word, a prefix glued to its date by a hyphen ("mid-March") or
    a word that opens no date: refused."""
    lex = {**load_json("dates.json"), "anchored_openers": [opener]}
    with pytest.raises(ValueError, match=opener):
        _openers(lex)


@pytest.mark.parametrize(("text", "expected"), [
    ("Schools closed in March and reopened on 5 June.", ["in March", "on 5 June."]),
    ("The dam was built in 1958, long before the floods.", ["in 1958"]),
    ("Talks went on until Friday night.", ["until Friday night"]),
    ("The toll stood at 40 as of Sunday.", ["as of Sunday"]),
    ("Prices fell early last week.", ["early last week"]),
    ("By the day before, crews had left.", ["By the day before"]),
    ("Rescuers searched in the rubble and on foot, from dawn, since it rained.", []),
])
def test_a_prefix_begins_a_date_only_before_a_date(text: str, expected: list[str]) -> None:
    found = _found(text)
    assert [text[start:end] for start, end, _, _ in found] == expected
    assert found == _everywhere(text)


PIECES = ["the", "The", "THE", "of", "Of", "day", "Day", "before", "yesterday", "March", "May", "may", "Friday",
          "last", "this", "in", "since", "end", "week", "2019", "5", "14:30", "noon", "morning", "talks", "day-long",
          "on", "as", "at", "by", "early", "late", "mid-", "until", "June", "From", "IN", "tonight", "next", "earlier"]
GAPS = [" ", "  ", "\n", ", ", ". ", "-", " (", "'s "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(GAPS)), min_size=1, max_size=14))
def test_the_same_dates_as_trying_the_grammar_at_every_word(parts: list[tuple[str, str]]) -> None:
    text = "".join(word + gap for word, gap in parts)
    assert _found(text) == _everywhere(text)
