"""Number forms and non-figures, one table per rule (own sentences)."""

from __future__ import annotations

from datetime import date

import pytest

from facttrack.document import Document
from facttrack.extract import extract
from facttrack.extract.numbers import find_numbers


def figures(text: str, published: date | None = date(2024, 3, 10)):
    return extract(Document(text=text, published=published)).figures


@pytest.mark.parametrize(
    "text, value, value_max",
    [
        ("Officials counted 4,350 ballots.", 4350, None),
        ("The survey reached 81 912 households.", 81912, None),
        ("The register lists 2,45,13,600 voters.", 24513600, None),
        ("The storm cost 2.7 million dollars.", 2700000, None),
        ("The port deal is worth $6 billion-plus.", 6000000000, None),
        ("Around 800k homes lost power.", 800000, None),
        ("Up to 415-thousand people joined.", 415000, None),
        ("Nineteen miners were rescued.", 19, None),
        ("Forty-two families returned.", 42, None),
        ("A dozen rescuers reached the site.", 12, None),
        ("Half a million residents were told to leave.", 500000, None),
        ("Turnout rose by four-point-two percent.", 4.2, None),
        ("Between 60 and 75 boats were damaged.", 60, 75),
        ("Some 30-45 trucks crossed the border.", 30, 45),
        ("Organisers expected 1,500 to 2,000 visitors.", 1500, 2000),
        ("The fine was set at 3.5 per cent of revenue.", 3.5, None),
        ("The council approved 12 million euros in aid.", 12000000, None),
    ],
)
def test_number_forms(text: str, value: float, value_max: float | None) -> None:
    found = [f for f in figures(text) if f.value == value]
    assert found, [f.to_json() for f in figures(text)]
    assert found[0].value_max == value_max
    assert text[found[0].start:found[0].end] == found[0].text


@pytest.mark.parametrize(
    "text",
    [
        "The vote took place on 12 June 2021 in the capital.",
        "By Sept. 3 the river had fallen.",
        "The talks resumed in 2019 after a pause.",
        "The train left at 6.40 am and arrived at 14:30 GMT.",
        "Rescuers searched for three days without rest.",
        "Over the past 48 hours the fire spread east.",
        "He served eight years as mayor.",
        "Akers, 67, was released on bail.",
        "A 34-year-old driver was questioned.",
        "She finished third in the final.",
        "People can call the hotline on 1190 for help.",
        "Soldiers of the 81 Brigade moved north.",
        "The COVID-19 wards reopened.",
        "The F-35 jets flew overhead.",
        "Two officials told the paper the plan had stalled.",
        "The quake had a magnitude of 6.1, the agency said.",
        "The tower is 40 storeys tall.",
        "The runners covered 42 km in the heat.",
        "It was one of the worst storms on record.",
        "The plant's Unit 3 was shut down.",
    ],
)
def test_non_figures(text: str) -> None:
    assert figures(text) == (), [f.to_json() for f in figures(text)]


@pytest.mark.parametrize(
    "text, qualifier",
    [
        ("More than 300 homes were flooded.", "more_than"),
        ("Over 90 people were hurt.", "more_than"),
        ("The count exceeded 2,000 votes.", "more_than"),
        ("The bill reached $40 million-plus.", "more_than"),
        ("At least 14 people died.", "at_least"),
        ("No fewer than 9 ships sank.", "at_least"),
        ("Up to 70 people may be trapped.", "up_to"),
        ("As many as 5,000 fled.", "up_to"),
        ("About 40 workers were hurt.", "about"),
        ("Around 120 houses burned.", "about"),
        ("Some 600 troops arrived.", "about"),
        ("Roughly 18% of voters abstained.", "about"),
        ("Approximately 310 cases were confirmed.", "approximately"),
        ("Nearly 900 people were evacuated.", "approximately"),
        ("Almost 50 shops closed.", "approximately"),
        ("Close to 700 students sat the exam.", "approximately"),
        ("Fewer than 20 protesters remained.", "less_than"),
        ("Less than 5% of the budget was spent.", "less_than"),
        ("Just 26 seats were won.", "exactly"),
        ("Between 10 and 15 boats capsized.", "range"),
    ],
)
def test_qualifiers(text: str, qualifier: str) -> None:
    found = figures(text)
    assert len(found) == 1, [f.to_json() for f in found]
    assert found[0].qualifier == qualifier


def test_hedge_applies_only_to_the_next_number() -> None:
    found = figures("At least 61 people were killed and 140 injured in the blast.")
    assert [(f.value, f.qualifier) for f in found] == [(61, "at_least"), (140, "exactly")]


def test_digit_cap_on_hostile_numbers() -> None:
    assert find_numbers("1" * 5000 + " people") == []
