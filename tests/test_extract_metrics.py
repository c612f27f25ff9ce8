"""Metric, counted words, hedges and the period a figure refers to (own sentences)."""

from __future__ import annotations

from datetime import date

import pytest

from facttrack.document import Document
from facttrack.extract import extract


def only_figure(text: str, published: date | None = date(2024, 3, 10)):
    found = extract(Document(text=text, published=published)).figures
    assert len(found) == 1, [f.to_json() for f in found]
    return found[0]


@pytest.mark.parametrize(
    "text, metric",
    [
        ("The flood killed 23 people in the valley.", "killed"),
        ("At least 31 people died when the ferry sank.", "killed"),
        ("The death toll rose to 57 overnight.", "killed"),
        ("The fighting has claimed 900 lives.", "killed"),
        ("Doctors treated 45 wounded civilians.", "injured"),
        ("Eighty passengers were hospitalised.", "injured"),
        ("Gunmen abducted 17 students from a dormitory.", "hostages"),
        ("Twelve crew members were taken hostage.", "hostages"),
        ("Eight climbers are still missing.", "missing"),
        ("More than 3,000 residents fled the shelling.", "displaced"),
        ("Some 2,000 people were evacuated from the coast.", "displaced"),
        ("Police arrested 64 people after the match.", "detained"),
        ("The clinic reported 210 new cases of measles.", "cases"),
        ("The charity raised $4.2 million.", "money"),
        ("Inflation reached 7.4%.", "percent"),
        ("The mayor won 18,220 votes.", "votes"),
        ("About 15,000 fans attended the final.", "people"),
        ("The factory produced 400 tractors.", "other"),
    ],
)
def test_metric(text: str, metric: str) -> None:
    assert only_figure(text).metric == metric


def test_counted_keeps_the_texts_words() -> None:
    figure = only_figure("Storms have destroyed 1,300 fishing boats since May.")
    assert figure.counted == "fishing boats"


def test_anaphora_points_to_the_previous_sentence() -> None:
    text = "Rebels still hold the kidnapped aid workers. Their number may exceed 20, a mediator said."
    figure = only_figure(text)
    assert (figure.value, figure.metric, figure.qualifier) == (20, "hostages", "more_than")


def test_hedged() -> None:
    assert only_figure("The blast reportedly killed nine guards.").hedged is True
    assert only_figure("The blast killed nine guards.").hedged is False


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("Floods have displaced 8,000 people since January.", "2024-01", "2024-03-10"),
        ("On Friday, 40 people were arrested.", "2024-03-08", "2024-03-08"),
        ("On August 2 last year, 300 people were evacuated.", "2023-08-02", "2023-08-02"),
        ("Last month 75 people were detained.", "2024-02", "2024-02"),
    ],
)
def test_period_resolved_against_publication(text: str, start: str, end: str) -> None:
    period = only_figure(text).refers_to
    assert period is not None
    assert (period.start, period.end) == (start, end)


def test_relative_dates_stay_unresolved_without_publication_date() -> None:
    period = only_figure("On Friday, 40 people were arrested.", published=None).refers_to
    assert period is not None and period.start is None and period.text == "On Friday"


@pytest.mark.parametrize(
    "text, metrics",
    [
        # the governing predicate reaches over lists, breakdowns and asides
        ("Gunmen abducted 48 villagers, 30 of them women.", ["hostages", "hostages"]),
        ("Bandits kidnapped nine farmers, made up of 5 men and 4 boys.", ["hostages", "hostages", "hostages"]),
        ("At least nine, among them three children, drowned.", ["killed", "killed"]),
        ("The outbreak has killed 512 people and infected 20,400.", ["killed", "cases"]),
        ("Police arrested some 120 demonstrators.", ["detained"]),
        ("The collapse caused the deaths of 29 miners.", ["killed"]),
        ("Rescuers found the bodies of all 14 climbers.", ["killed"]),
        # a breakdown of a count of people stays people; a list without a marker keeps its own metric
        ("The team has 40 members, 12 of them women.", ["people", "people"]),
        ("The fire killed 6 people and destroyed 30 homes.", ["killed", "other"]),
        # counts of occasions are "other" whatever verb follows
        ("He was arrested 41 times.", ["other"]),
        ("The site was shelled three times.", ["other"]),
        # people named by a demonym
        ("Some 1,200 Hongkongers queued for visas.", ["people"]),
    ],
)
def test_metric_from_the_governing_predicate(text: str, metrics: list[str]) -> None:
    found = extract(Document(text=text, published=date(2024, 3, 10))).figures
    assert [f.metric for f in found] == metrics, [f.to_json() for f in found]


@pytest.mark.parametrize(
    "text, metrics",
    [
        # a metric word that modifies a noun after it is not what is counted
        ("Judges issued 36 arrest warrants.", ["other"]),
        ("Over 400 firefighters fought the blaze.", ["people"]),
        # a relative clause belongs to the noun right before it
        ("In 36 states most of the people who died were elderly.", ["other"]),
        ("There were 40 people who were injured.", ["injured"]),
        ("Police said 100 people attended, four of whom were injured.", ["people", "injured"]),
        # a list of people after the clause of a figure breaks that figure down
        ("By Tuesday 20 bodies had been found, eleven women and nine men.", ["killed", "killed", "killed"]),
        ("Three were killed, 40 people were at the vigil.", ["killed", "people"]),
        # money named after the number
        ("They offered a one million US dollar reward.", ["money"]),
        ("The suspects must face 36 murder charges.", ["other"]),
    ],
)
def test_metric_of_the_counted_noun(text: str, metrics: list[str]) -> None:
    found = extract(Document(text=text, published=date(2024, 3, 10))).figures
    assert [f.metric for f in found] == metrics, [f.to_json() for f in found]


@pytest.mark.parametrize(
    "text, metrics",
    [
        # "the number of X" before a verb names what the number after it counts, over a noun after it
        ("The number of deaths is 66 and the number of infections is 1,200.", ["killed", "cases"]),
        ("The total number of those infected so far is 1,501 and the number of deaths 66.", ["cases", "killed"]),
        ("The number of people killed has risen to 30.", ["killed"]),
        ("The tally of confirmed infections stood at 4,210 on Monday.", ["cases"]),
        ("The number of residents who fled was about 3,000.", ["displaced"]),
        ("The count of people held by police reached 80 arrests.", ["detained"]),
        # what the subject names nothing: the other rules decide
        ("The number of schools closed is 40.", ["other"]),
        ("The number of flights cancelled rose to 300 passengers stranded.", ["people"]),
    ],
)
def test_metric_from_the_number_of(text: str, metrics: list[str]) -> None:
    assert [f.metric for f in extract(Document(text=text)).figures] == metrics


@pytest.mark.parametrize(
    "text, metrics",
    [
        # a number that counts events counts no people, whatever verb follows
        ("Three attacks killed 40 people.", ["other", "killed"]),
        ("The shooting followed four deadly mass shootings that week.", ["other"]),
        ("Two suicide bombings at the market killed 30.", ["other", "killed"]),
        ("Three air strikes hit the town, killing 14 civilians.", ["other", "killed"]),
        # people first: the events only modify them
        ("Four shooting victims died.", ["killed"]),
        ("Twelve victims of the attacks died.", ["killed"]),
        ("Six bombing survivors were treated in hospital.", ["injured"]),
    ],
)
def test_a_count_of_events(text: str, metrics: list[str]) -> None:
    assert [f.metric for f in extract(Document(text=text)).figures] == metrics


@pytest.mark.parametrize(
    "text, metrics",
    [
        # victims count the dead where the sentence, or the one before, speaks of deaths
        ("A man killed four people in the office. Three of the victims were police officers.", ["killed", "killed"]),
        ("The gunman killed 12 people; all but one victim was found at home.", ["killed", "killed"]),
        ("Forty victims of the flood were treated in hospital.", ["injured"]),
        ("The scam had 300 victims across the country.", ["people"]),
        # a rate measures no people, and its denominator is no figure
        ("There were only four premature deaths per 100,000.", ["other"]),
        ("The rate rose to 12 cases per million people.", ["other"]),
        ("Alaska had fifteen youth suicides per 100,000 individuals.", ["other"]),
        ("Police arrested 12 people per day.", ["detained"]),
    ],
)
def test_victims_and_rates(text: str, metrics: list[str]) -> None:
    assert [f.metric for f in extract(Document(text=text)).figures] == metrics


@pytest.mark.parametrize(
    "text, metrics",
    [
        # holders of seats count seats, when no verb says what happened to them
        ("Two Democratic Representatives opposed both articles.", ["other"]),
        ("The resolution passed with 231 Democrats supporting it and 194 Republicans opposing it.",
         ["other", "other"]),
        ("One senator, Ana Ruiz, said she would sue.", ["other"]),
        ("Two senators were killed in the attack.", ["killed"]),
        ("Forty lawmakers were arrested.", ["detained"]),
        # a party name that modifies another noun of people leaves them people
        ("Over 100 Republican security experts signed a letter.", ["people"]),
    ],
)
def test_holders_of_seats(text: str, metrics: list[str]) -> None:
    assert [f.metric for f in extract(Document(text=text)).figures] == metrics


@pytest.mark.parametrize(
    "text, metrics",
    [
        # a count in apposition takes the metric of the noun phrase it describes
        ("The injured teenagers, three girls and a boy aged 14 to 18, were hospitalized.", ["injured"]),
        ("The dead, two children and a woman, were buried on Sunday.", ["killed"]),
        ("The team, three students and a teacher, won the prize.", ["people"]),
    ],
)
def test_a_count_in_apposition(text: str, metrics: list[str]) -> None:
    assert [f.metric for f in extract(Document(text=text)).figures] == metrics


@pytest.mark.parametrize(
    "text, metric",
    [
        # people "lost" are dead
        ("The army said it had killed 35 militants and lost 4 soldiers.", "killed"),
        ("The town lost more than 200 residents in the flood.", "killed"),
        # ... things lost are not, nor people too far from the verb
        ("The firm lost 3,000 jobs.", "other"),
        ("The team lost 3 games.", "other"),
    ],
)
def test_people_lost(text: str, metric: str) -> None:
    found = extract(Document(text=text, published=date(2024, 3, 10))).figures
    assert found[-1].metric == metric


@pytest.mark.parametrize(
    "text, metrics",
    [
        # the verb closing a list gives every item its metric, numbers in words too
        ("Seven soldiers and two civilians were killed.", ["killed", "killed"]),
        ("Seven soldiers, three police officers and two civilians died.", ["killed", "killed", "killed"]),
        ("Two boys and one girl were rescued.", ["people", "people"]),
        # "sickened" counts cases
        ("The fever killed more than 90 and sickened over 2,000.", ["killed", "cases"]),
    ],
)
def test_lists_in_words_and_sickened(text: str, metrics: list[str]) -> None:
    found = extract(Document(text=text, published=date(2024, 3, 10))).figures
    assert [f.metric for f in found] == metrics


@pytest.mark.parametrize(
    "text, metrics",
    [
        # a metric noun as the subject of "were", "included" names what the people after it count
        ("The dead were eleven farmers, two teachers and one nurse.", ["killed", "killed", "killed"]),
        ("The fatalities included 3 children.", ["killed"]),
        ("The injuries included 4 firefighters.", ["injured"]),
        # ... not things, nor people in another clause
        ("The dead were buried, and 40 people attended.", ["people"]),
    ],
)
def test_a_metric_noun_as_subject(text: str, metrics: list[str]) -> None:
    found = extract(Document(text=text, published=date(2024, 3, 10))).figures
    assert [f.metric for f in found] == metrics


@pytest.mark.parametrize(
    "text, metrics",
    [
        # "the" and a bare number count what the figure of that value counted before
        ("Iran issued arrest warrants for 36 people. The prosecutor said the 36 must face charges.",
         ["people", "people"]),
        ("Police arrested 12 men. The 12 were released on Monday.", ["detained", "detained"]),
        # ... not a number with its own noun, nor "the two" (as often things as people)
        ("Police arrested 12 men. The 12 trucks left.", ["detained", "other"]),
        ("Police arrested 2 men. The two were freed.", ["detained", "other"]),
    ],
)
def test_the_same_number_again(text: str, metrics: list[str]) -> None:
    found = extract(Document(text=text, published=date(2024, 3, 10))).figures
    assert [f.metric for f in found] == metrics


@pytest.mark.parametrize(
    "text, metrics",
    [
        # "they were" after a count opens its breakdown
        ("Four of the dead were foreigners; they were two Britons and one Swede.", ["killed", "killed", "killed"]),
        ("Nine miners were hurt; these were 5 drivers and 4 welders.", ["injured", "injured", "injured"]),
        # ... not a clause about something else
        ("Ten people were hurt. They were taken to 3 hospitals.", ["injured", "other"]),
    ],
)
def test_they_were_opens_a_breakdown(text: str, metrics: list[str]) -> None:
    found = extract(Document(text=text, published=date(2024, 3, 10))).figures
    assert [f.metric for f in found] == metrics


@pytest.mark.parametrize(
    "text, metric",
    [
        # a count after ", including" is a part of the metric noun right before it
        ("The government has reported more cases of measles, including 165 in a single day.", "cases"),
        ("Deaths rose sharply, including at least 40 in the capital.", "killed"),
        # ... not of a noun further back, nor of a word that only starts like one
        ("Four deadly shootings took place that week, including one in California.", "other"),
        ("The firm makes cars, including 40 models.", "other"),
    ],
)
def test_a_part_of_the_noun_before_including(text: str, metric: str) -> None:
    found = extract(Document(text=text, published=date(2024, 3, 10))).figures
    assert found[-1].metric == metric


@pytest.mark.parametrize(
    "text, metrics",
    [
        # a verb before "that" governs another clause: it gives no metric to a number after it
        ("Officials said 3,000 people had been evacuated and that 400 homes were flooded.", ["displaced", "other"]),
        ("Police said that 120 protesters were detained.", ["detained"]),
        # in the same clause the verb before the number still names it
        ("Police arrested some 120 demonstrators.", ["detained"]),
        ("The flood that killed 12 people destroyed 400 homes.", ["killed", "other"]),
    ],
)
def test_a_verb_before_that_governs_another_clause(text: str, metrics: list[str]) -> None:
    assert [f.metric for f in extract(Document(text=text)).figures] == metrics
