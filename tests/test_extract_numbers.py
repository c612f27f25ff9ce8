"""Number forms and non-figures, one table per rule (own sentences)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
        # qualifiers after the number
        ("Events where four or more people are killed count.", "at_least"),
        ("The quake killed 12 or more people.", "at_least"),
        ("Groups of 10 or fewer people may meet.", "at_most"),
        ("Crowds of 50 or less are allowed.", "at_most"),
        ("Forty or so houses burned.", "about"),
        ("Sixteen passengers and more were hurt.", "exactly"),
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


@pytest.mark.parametrize(
    "text, found",
    [
        # a fraction of a whole is a percentage; of a scale, a number
        ("Floods covered about a third of the province.", [(33.33, None, "%")]),
        ("More than half of the deputies voted against.", [(50, None, "%")]),
        ("The motion needed a two-thirds majority.", [(66.67, None, "%")]),
        ("Two-thirds of the wells are dry.", [(66.67, None, "%")]),
        ("Three-quarters of a million people lack water.", [(750000, None, None)]),
        ("She kept her half of the winnings.", [(50, None, "%")]),
        ("Rain stopped play in the second half.", []),
        ("He was the third of five children.", [(5, None, None)]),
        ("The siren sounded for a quarter of an hour.", []),
        # currencies written as codes before the digits, and subunits
        ("The minimum wage rose to USD15 an hour.", [(15, None, "USD")]),
        ("The prize is SEK9 million.", [(9000000, None, "SEK")]),
        ("A ticket costs 75 cents.", [(0.75, None, "USD")]),
        ("Form ABC123 was filed.", []),
        # scores and tallies are two numbers; codes are none
        ("Harbour City won 43–5 at home.", [(43, None, None), (5, None, None)]),
        ("The bill passed 230-to-197.", [(230, None, None), (197, None, None)]),
        ("The A320-200 landed safely.", []),
        # ranges: scale and currency shared, "or" between small counts
        ("An estimated two to three hundred cars burned.", [(200, 300, None)]),
        ("We hope for one or two hundred bison.", [(100, 200, None)]),
        ("Three or four boats capsized.", [(3, 4, None)]),
        ("The repairs will cost between €20 and 25 million.", [(20000000, 25000000, "EUR")]),
        ("Support was put at 30% to 35%.", [(30, 35, "%")]),
        ("Support rose from 30% to 35%.", [(30, None, "%"), (35, None, "%")]),
        ("The law changed in 2019 or 2020.", []),
        # counts of times
        ("He was twice questioned by police.", [(2, None, None)]),
    ],
)
def test_more_number_forms(text: str, found: list[tuple[float, float | None, str | None]]) -> None:
    got = [(f.value, f.value_max, f.unit) for f in figures(text)]
    assert got == [(pytest.approx(v), pytest.approx(m) if m is not None else None, u) for v, m, u in found]


@pytest.mark.parametrize(
    "text, is_figure",
    [
        ("She was 58.", False),
        ("He was 101 and died at home.", False),
        ("Lund, aged about 70, retired in May.", False),
        ("The toll was 40.", True),
        ("Turnout was 65%.", True),
        ("Mr Okafor turned 80 last week.", False),
        ("The ratio fell to 3.27 percent.", True),
        ("The ferry left at 6.15 am.", False),
        ("The region keeps its one country, two systems model.", False),
        ("She won 55% of the two-party-preferred vote.", True),
        ("Two parties won seats.", True),
        ("One of the drones failed.", True),
        ("One of the advisers said the plan failed.", False),
        ("It was one of the few towns spared.", False),
    ],
)
def test_ages_idioms_and_one(text: str, is_figure: bool) -> None:
    found = [f for f in figures(text) if f.value in (58, 101, 70, 40, 80, 3.27, 6.15, 1, 2, 65, 55)]
    if text.startswith(("Turnout", "She won")):
        found = [f for f in found if f.unit == "%"]
    assert bool(found) is is_figure, [f.to_json() for f in figures(text)]


@pytest.mark.parametrize(
    "text, values",
    [
        # "and a half" inside a number before its scale, and before a unit of time
        ("Over three-and-a-half million people voted.", [3_500_000]),
        ("Some two and a half million people fled.", [2_500_000]),
        ("He has two and a half years left.", []),
        # a unit's name after capitalised words is a name, not a count
        ("The 12 Signals Battalion moved north.", []),
        ("The 40 Premier League clubs agreed.", [40]),
    ],
)
def test_and_a_half_and_unit_names(text: str, values: list[float]) -> None:
    assert [f.value for f in extract(Document(text=text)).figures] == values


@pytest.mark.parametrize(
    "text, figure",
    [
        # a date after a number ("last year", "next month") is when, not how long: the number counts
        ("The company lost $1.2bn last year.", "$1.2bn"),
        ("Prices rose 4% last month.", "4%"),
        ("The firm will hire 500 next year.", "500"),
    ],
)
def test_a_number_before_a_date_counts(text: str, figure: str) -> None:
    assert [f.text for f in figures(text)] == [figure]


@pytest.mark.parametrize(
    "text",
    [
        # ... while a number of time units stays a duration
        "He spent three years in jail.",
        "The rebels held the town for two straight weeks.",
        "In the two previous days the river rose.",
        # ... and an age said of a person before a date stays an age
        "Mr Okafor turned 80 last week.",
        "She turned 90 on Sunday.",
    ],
)
def test_durations_stay_durations(text: str) -> None:
    assert figures(text) == ()


@pytest.mark.parametrize(
    "text, value",
    [
        # a bare "m" before a plural noun counts millions of them
        ("Some 2.5m people need aid.", 2500000),
        ("The plan will cut 1.2m jobs.", 1200000),
        ("About 30m voters backed him.", 30000000),
    ],
)
def test_a_bare_m_before_a_plural_counts_millions(text: str, value: float) -> None:
    assert [f.value for f in figures(text)] == [value]


@pytest.mark.parametrize(
    "text",
    [
        # ... and is metres anywhere else
        "She won the 100m hurdles.",
        "A 10m wall collapsed.",
        "A 12m is planned.",
        "The 2m tall fence fell.",
    ],
)
def test_a_bare_m_is_metres(text: str) -> None:
    assert figures(text) == ()


@pytest.mark.parametrize(
    "text, value, value_max",
    [
        # a short scale after a space ("$1.2 bn") scales the number as one glued to it does
        ("It lost $1.2 bn.", 1.2e9, None),
        ("It cost 12 mn euros.", 12e6, None),
        ("Between $2 and $3 bn was lost.", 2e9, 3e9),
    ],
)
def test_a_spaced_short_scale(text: str, value: float, value_max: float | None) -> None:
    assert [(f.value, f.value_max) for f in figures(text)] == [(value, value_max)]


@pytest.mark.parametrize(
    "text, qualifier",
    [
        # a verb hedge qualifies a number when a quantity passes it
        ("The toll passed 1,000 on Monday.", "more_than"),
        ("Sales topped $1 billion.", "more_than"),
        ("Deaths in the region have surpassed 300.", "more_than"),
        ("Some estimated tolls, given anonymously by officials to journalists, exceeded 100.", "more_than"),
        # ... not when a person or a name does something to that many things
        ("The House passed two different articles of impeachment.", "exactly"),
        ("She surpassed two rivals.", "exactly"),
        ("Lawmakers passed 12 bills.", "exactly"),
    ],
)
def test_a_verb_hedge_needs_a_quantity(text: str, qualifier: str) -> None:
    assert [f.qualifier for f in figures(text)] == [qualifier]


@pytest.mark.parametrize(
    "text, kept",
    [
        # "at" and a number after a verb of death, a few words on, is an age
        ("A statement from the family said he had died peacefully at 84.", []),
        ("Hagan died on Monday at 66.", []),
        # ... not a count of dead at places, nor a rate
        ("Twelve people died at 3 sites.", ["Twelve", "3"]),
    ],
)
def test_an_age_at_death(text: str, kept: list[str]) -> None:
    assert [f.text for f in figures(text)] == kept


@pytest.mark.parametrize(
    "text, kept",
    [
        # a range said of people with "were between" is their ages
        ("Three of the victims were between 40 and 49.", ["Three"]),
        ("Between 40 and 49 people died.", ["Between 40 and 49"]),
        # inline list numbers are no figures; a number that ends a sentence is one
        ("The plan has three steps: 1. evacuate, 2. count, 3. rebuild.", ["three"]),
        ("The toll rose to 3. Then it rose again.", ["3"]),
        ("I was about 18, 19. And then I left.", ["about 18", "19"]),
    ],
)
def test_ages_in_ranges_and_list_numbers(text: str, kept: list[str]) -> None:
    assert [f.text for f in figures(text)] == kept


@pytest.mark.parametrize(
    "text, figures_metrics",
    [
        # "all but one" counts the one left out, who was spared what the others suffered
        ("All but one of the 55 member states have signed.", [("one", "other"), ("55", "other")]),
        ("All but one of the sixteen on board died.", [("one", "people"), ("sixteen", "killed")]),
        ("One of the advisers said the plan had failed.", []),
    ],
)
def test_all_but_one(text: str, figures_metrics: list[tuple[str, str]]) -> None:
    assert [(f.text, f.metric) for f in figures(text)] == figures_metrics


@pytest.mark.parametrize(
    "text, values",
    [
        # the end of a span of years is a year, written short
        ("It led to the period known as Prohibition (1919–33).", []),
        ("The coaching ran in 2012-13 and in 2009–11.", []),
        ("The war (1914–18) killed 20 million people.", [20_000_000]),
        # a year before a preposition is a year, not a count of what follows
        ("He founded the party in 2004 with supporters of the general.", []),
        ("He left the service in 2007 after a review.", []),
        # ... while a count before a plural noun, with an adjective or not, counts
        ("There were 1885 aftershocks.", [1885]),
        ("There were 1885 strong aftershocks.", [1885]),
        ("The score was 12-13 at half-time.", [12]),  # a range (12 to 13), after no year
    ],
)
def test_years_in_spans_and_before_prepositions(text: str, values: list[float]) -> None:
    assert [f.value for f in figures(text)] == values


@pytest.mark.parametrize(
    "text, values",
    [
        # "scores" counts only before "of"
        ("Scores of people were hurt.", [40]),
        ("Test scores rose.", []),
        ("Scores rose sharply after the reform.", []),
        # the other vague counts stand alone too
        ("Dozens were hurt.", [24]),
        ("Hundreds fled the town.", [200]),
    ],
)
def test_scores_counts_only_before_of(text: str, values: list[float]) -> None:
    assert [f.value for f in figures(text)] == values


FRACTION_PIECES = ["a", "A", "an", "one", "two", "Three", "third", "thirds", "half", "Half", "quarter", "quarters",
                   "of", "the", "voters", "majority", "million", "an hour", "another", "athird", "fifth", "2", "—"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FRACTION_PIECES), st.sampled_from([" ", "-", "", "  ", ", "])), max_size=20))
def test_fractions_are_tried_where_a_try_at_every_starter_finds_them(parts: list[tuple[str, str]]) -> None:
    """Fractions are tried at the fraction words and a starter word just before one: the matches must be
    those of trying at every starter word ("a", "one", "third" ...), as the rule did."""
    from facttrack.extract import numbers
    from facttrack.extract.scan import WordIndex

    text = "".join(piece + gap for piece, gap in parts)
    lex = numbers._lexicon()
    index = WordIndex(text)

    def spans(positions: list[int]) -> list[tuple[int, int]]:
        out, end = [], -1
        for pos in positions:
            m = lex.fraction_re.match(text, pos) if pos >= end else None
            if m is None or m.group("count") is None and not m.group("frac").lower().startswith("hal"):
                continue
            end = m.end()
            out.append(m.span())
        return out

    assert spans(numbers._fraction_starts(text, index, lex)) == spans(index.starts(lex.fraction_starters))
