"""Properties that hold for any text: extraction never raises, is deterministic, spans index the text."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from facttrack.document import Document
from facttrack.extract import extract

NEWSY = st.lists(
    st.sampled_from([
        "At least", "more than", "1,200", "people", "died", "said", "the ministry", "“", "”", ",", ".",
        "according to", "Officials", "on Sunday", "between", "and", "30", "$4 billion", "percent",
        "President Ana Kol", "(UN)", "United Nations", "seventeen", "half a million", "since October",
        "\n\n", "'", "\"", "-", "told", "reporters", "that", "12%", "2023", "9:30", "Brigade",
    ]),
    max_size=60,
).map(" ".join)


def check(text: str) -> None:
    doc = Document(text=text, published=date(2024, 5, 5))
    first = extract(doc)
    assert first == extract(doc)
    for item in (*first.figures, *first.claims):
        assert 0 <= item.start <= item.end <= len(text)
        assert text[item.start:item.end] == item.text


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text(text: str) -> None:
    check(text)


@settings(max_examples=300, deadline=None)
@given(NEWSY)
def test_news_like_text(text: str) -> None:
    check(text)
