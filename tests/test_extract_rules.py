"""One table per rule added for real news (own sentences): speakers in appositions and after dates,
coordinated and participle cues, nested and cited sources, metrics read from the sentence around the
number, and the non-figures that look like figures."""

from __future__ import annotations

from datetime import date

import pytest

from facttrack.document import Document
from facttrack.extract import extract

PUBLISHED = date(2023, 9, 14)  # a Thursday


def run(text: str):
    return extract(Document(text=text, published=PUBLISHED))


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Lena Ostrova, a spokeswoman for the port authority, said 14 cranes were damaged.", "Lena Ostrova"),
        ("Piet Damen, of the regional water board, told reporters that 60 dykes were checked.", "Piet Damen"),
        ("Omar Said, in an interview with local radio, claimed 300 homes were lost.", "Omar Said"),
        ("On Tuesday the coast guard reported that 12 boats had sunk.", "coast guard"),
        ("In Lagos, the state emergency agency said 40 people were rescued.", "state emergency agency"),
        ("Mara Quist, who leads the inquiry, said 31 witnesses had testified.", "Mara Quist"),
    ],
)
def test_speaker_of_the_figure(text: str, speaker: str) -> None:
    ex = run(text)
    assert ex.figures, text
    assert speaker.lower() in (ex.figures[0].attributed_to or "").lower(), ex.figures[0].to_json()


def test_coordinated_reporting_verbs_share_the_subject() -> None:
    claims = run("The mayor praised the volunteers and added that 70 families had been housed.").claims
    assert [(c.speaker, c.cue) for c in claims] == [("The mayor", "added")]


def test_participle_cue_takes_the_with_subject() -> None:
    text = "The bridge was closed, with engineers saying the cracks had widened."
    claims = run(text).claims
    assert [(c.speaker, c.text) for c in claims] == [("engineers", "the cracks had widened")]


def test_pronoun_resolves_to_a_speaker_without_content() -> None:
    text = ("Judge Hana Ruiz announced this on Monday. “The court heard 45 witnesses,” she said.")
    ex = run(text)
    assert ex.figures[0].attributed_to == "Hana Ruiz"


def test_hearer_ends_before_the_reported_clause() -> None:
    claim = run("The pilot told investigators he had lost an engine.").claims[0]
    assert (claim.cue, claim.text) == ("told investigators", "he had lost an engine")


def test_citing_names_the_originator() -> None:
    text = "Channel 9 reported, citing Red Cross data, that 210 people were missing."
    figure = run(text).figures[0]
    assert (figure.attributed_to, figure.metric) == ("Red Cross", "missing")


@pytest.mark.parametrize(
    "text, metric",
    [
        ("The number of people injured in the blast has risen to 48.", "injured"),
        ("Local officials put the death toll at 19.", "killed"),
        ("The army reported 30 soldiers, 12 police officers, and dozens of militants killed.", "killed"),
        ("At least 300 were hurt in the north and about 40 in the south.", "injured"),
        ("Of the 90 people on board, 12 were foreign nationals.", "people"),
        ("The quake left 2,000 residents without power.", "people"),
    ],
)
def test_metric_from_the_sentence(text: str, metric: str) -> None:
    figures = run(text).figures
    assert figures and all(f.metric == metric for f in figures), [f.to_json() for f in figures]


@pytest.mark.parametrize(
    "text",
    [
        "The meeting was held at 418 Harbour Street on Friday.",
        "Work on phase two of the project starts in spring.",
        "The patients, aged between 12 and 16, were discharged.",
        "She has worked for the agency since 2004 and was promoted.",
        "He was first elected in 1999 as a member of the council.",
        "The An-24 crashed shortly after take-off.",
        "CentOS 7 is expected to get updates until 2024.",
        "Astronomers studied the HR 6819 system.",
        "The officers, 40 and 49, were sentenced.",
        "On Friday the princess, 67, announced her candidacy.",
        "The firm was bought 7 or 8 years ago.",
        "The Four Opens guide the project.",
        "They found about a black hole per thousand stars.",
        "The star is 1010 ± 195 light years away.",
        "It runs on 32-bit processors.",
        "Most votes were cast in the 2018 midterm elections.",
    ],
)
def test_not_figures(text: str) -> None:
    assert run(text).figures == (), [f.to_json() for f in run(text).figures]


def test_figures_after_place_names_still_count() -> None:
    assert [f.value for f in run("In Ohio 300 people fled the floods.").figures] == [300]


def test_voters_are_people_not_votes() -> None:
    figure = run("Of the 9,120 people on the voters' roll, 7,004 turned out.").figures[0]
    assert figure.metric == "people"


@pytest.mark.parametrize(
    "text, source",
    [
        ("Figures from the health ministry show 340 new cases.", "the health ministry"),
        ("The health ministry's data indicated 340 new cases.", "The health ministry"),
        ("According to figures from the health ministry, 340 new cases were found.", "the health ministry"),
        ("As per the health ministry, 340 new cases were found.", "the health ministry"),
    ],
)
def test_data_sources(text: str, source: str) -> None:
    figure = run(text).figures[0]
    assert figure.attributed_to == source and figure.metric == "cases"


def test_unnamed_sources_are_kept_as_written() -> None:
    ex = run("The landslide reportedly buried 25 homes.")
    assert ex.figures[0].attributed_to == "reportedly"
    assert ex.claims == () and all(a.name != "reportedly" for a in ex.actors)


def test_relayed_report_citing_a_source() -> None:
    text = "Radio Nord reported, citing coastguard data, there were 17 people missing."
    ex = run(text)
    figure = ex.figures[0]
    assert (figure.attributed_to, figure.reported_by) == ("coastguard", "Radio Nord")
    assert [c.speaker for c in ex.claims] == ["Radio Nord"]


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("While one analyst stated that 40 firms had closed, others disagreed.", "one analyst"),
        ("Dr Ana Berg rightly said that 12 wards were full.", "Ana Berg"),
        ("Chief medic Lars Holm issued a statement saying 9 patients had recovered.", "Lars Holm"),
    ],
)
def test_speaker_without_leading_or_trailing_words(text: str, speaker: str) -> None:
    claim = run(text).claims[0]
    assert claim.speaker == speaker, claim.to_json()


def test_people_counts_keep_their_metric() -> None:
    text = "Curfews followed rising infections among the region's 2.5 million people."
    assert run(text).figures[0].metric == "people"


@pytest.mark.parametrize("text", ["The helicopter Marine One landed.", "According to 2016 census data, most rent."])
def test_more_names_and_years(text: str) -> None:
    assert run(text).figures == ()


@pytest.mark.parametrize(
    "text",
    [
        "Per numbers reported by the agency, the backlog fell.",
        "Amongst reported incidents, most were minor.",
        "The board maintains a register of members.",
        "The unit found a new site for the depot.",
        "Managers reporting to the board were replaced.",
    ],
)
def test_not_claims(text: str) -> None:
    claims = run(text).claims
    assert [c.cue for c in claims if not c.cue.startswith("Per")] == [], [c.to_json() for c in claims]


@pytest.mark.parametrize(
    "text, content",
    [
        ("The regulator maintained that 14 banks were at risk.", "14 banks were at risk"),
        ("Auditors found 30 contracts had been inflated.", "30 contracts had been inflated"),
        ("We have said for years that the dam was unsafe.", "the dam was unsafe"),
    ],
)
def test_reports_that_need_a_clause(text: str, content: str) -> None:
    assert [c.text for c in run(text).claims] == [content]


@pytest.mark.parametrize(
    "text, values",
    [
        # digits the article uses in a name name that thing again after "the" or a capitalised word
        ("A Boeing 707 cargo plane crashed, killing 15. The 707 was a freighter.", [15]),
        ("Flight 370 vanished in 2014. Searchers never found the 370 wreckage.", []),
        # ... but a count stays a count
        ("The Boeing 737 is popular. Officials said 737 passengers were stranded.", [737]),
        ("Under Article 50 rules, all 50 U.S. states voted.", [50]),
        ("The 707 was a freighter.", [707]),
    ],
)
def test_a_number_the_article_uses_as_a_name(text: str, values: list[float]) -> None:
    assert [f.value for f in extract(Document(text=text)).figures] == values
