"""The date grammar is tried only where a date can begin; anchored openers ("the", "of") only before the
words they open a date with. Trying fewer places must find exactly what trying every word finds."""

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
    phrases = [*lex["relative_days"], *lex["relative_periods"], *lex["since_words"], *lex["until_words"],
               *lex["point_words"]]
    openers = _openers(lex["anchored_openers"], phrases, lex["month_prefixes"], lex["months"])
    assert openers["the"] == {"day"}
    assert openers["of"] == set(lex["months"])
    assert not {"the", "The", "THE", "of", "Of"} & _grammar().starters  # not tried at every "the" and "of"


@pytest.mark.parametrize("opener", ["in", "today", "since", "breaking"])
def test_a_word_that_begins_a_date_alone_cannot_be_anchored(opener: str) -> None:
    lex = load_json("dates.json")
    phrases = [*lex["relative_days"], *lex["relative_periods"], *lex["since_words"], *lex["until_words"],
               *lex["point_words"]]
    month_prefixes = [p for p in lex["month_prefixes"] if p != opener] if opener == "in" else lex["month_prefixes"]
    with pytest.raises(ValueError, match=opener):
        _openers([opener], phrases, month_prefixes, lex["months"])


PIECES = ["the", "The", "THE", "of", "Of", "day", "Day", "before", "yesterday", "March", "May", "may", "Friday",
          "last", "this", "in", "since", "end", "week", "2019", "5", "14:30", "noon", "morning", "talks", "day-long"]
GAPS = [" ", "  ", "\n", ", ", ". ", "-", " (", "'s "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(GAPS)), min_size=1, max_size=14))
def test_the_same_dates_as_trying_the_grammar_at_every_word(parts: list[tuple[str, str]]) -> None:
    text = "".join(word + gap for word, gap in parts)
    assert _found(text) == _everywhere(text)
