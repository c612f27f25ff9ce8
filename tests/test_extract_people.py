"""People named by given name and surname (extract/people.py), and "he"/"she" resolved through them."""

from __future__ import annotations

import datetime

import pytest

from facttrack.document import Document
from facttrack.extract import extract
from facttrack.extract.actors import classify
from facttrack.extract.people import person_names


def names(text: str) -> list[tuple[str, str]]:
    return [(text[a:b], sex) for a, b, sex in person_names(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a name wherever it stands: subject, object, after a title, a role, a place or a possessive
        ("Laura Pinto, the city's fire chief, spoke first.", [("Laura Pinto", "f")]),
        ("The board met Kevin O'Brien and Sarah Lindqvist on Friday.",
         [("Kevin O'Brien", "m"), ("Sarah Lindqvist", "f")]),
        ("Senator Robert Hale voted against it.", [("Robert Hale", "m")]),
        ("Chief engineer Diane Mbeki-Walsh resigned.", [("Diane Mbeki-Walsh", "f")]),
        ("Nigeria's Peter Okafor won the race.", [("Peter Okafor", "m")]),
        ("The envoy for Sudan Thomas Greer arrived.", [("Thomas Greer", "m")]),
        ("A letter from Maria de la Cruz was read.", [("Maria de la Cruz", "f")]),
        ("Judge Anne W. Foster ruled.", [("Anne W. Foster", "f")]),
        ("It rained. Carlos Mendes stayed home.", [("Carlos Mendes", "m")]),
        # places, buildings, organisations and events named after people are not people
        ("Flooding closed Virginia Beach and Lake Victoria.", []),
        ("The Michael J. Fox Foundation gave a grant.", []),
        ("Crowds gathered outside John Hopkins Hospital.", []),
        ("Traffic stopped on Martin Street.", []),
        ("Ships left Port Elizabeth at dawn.", []),
        ("In Hong Kong, protests went on.", []),
        ("Exports to Costa Rica fell.", []),
        # months, countries and plain words that are also given names
        ("May Day parades were held. Jordan Valley farmers protested.", []),
        ("Will Britain agree? China Daily did not say.", []),
        ("The channel Al Jazeera reported it first.", []),
        # a single capitalised word, or capitals only, is no name
        ("Michael said nothing.", []),
        ("Officers from the USA AND NATO attended.", []),
        # a name stands on one line
        ("Guests: Helen Brandt\n\nCaptain Marvel drew crowds.", [("Helen Brandt", "f")]),
    ],
)
def test_person_names(text: str, expected: list[tuple[str, str]]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("ecologist Karen Miles of the University of Leeds", "person"),
        ("Daniel Ortiz from the Health Ministry", "person"),
        ("the Edward Blake Foundation", "organization"),
        ("the University of Leeds", "organization"),
        ("Henry Ford Hospital", "organization"),
    ],
)
def test_a_speaker_phrase_headed_by_a_name_is_a_person(phrase: str, kind: str) -> None:
    assert classify(phrase) == kind


def run(text: str) -> list[str]:
    ex = extract(Document(text=text, published=datetime.date(2024, 3, 4)))
    return [c.speaker for c in ex.claims]


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # the person named last, of the pronoun's sex, however they were introduced
        ("Mark Lowell, the party's chairman, called a vote. He said the result was clear.",
         ["Mark Lowell"]),
        ("The airline hired Janet Kruger in May. After the hearing, she told reporters that fares would rise.",
         ["Janet Kruger"]),
        ("Anna Becker married the conductor Paul Wendt. She later said the marriage was her happiest.",
         ["Anna Becker"]),
        ("Paul Wendt married Anna Becker. He later said the marriage was his happiest.", ["Paul Wendt"]),
        ('Minister Ruth Adeyemi said, "We are ready." She added, "The roads are open."',
         ["Ruth Adeyemi", "Ruth Adeyemi"]),
        # a place or a foundation named like a person is no one to resolve to
        ("Floods hit Virginia Beach. She said the damage was severe.", ["She"]),
        ("The Edward Blake Foundation gave a grant. He said the money was welcome.", ["He"]),
        # a pronoun of the other sex than everyone named stays as written
        ("George Palmer arrived late. She said the meeting had ended.", ["She"]),
        # the subject of the last sentence naming a person, not the person named last in it
        ("Refusing to resign, Samuel Okoye agreed to a deal in which Peter Lang became deputy. He said the deal "
         "would hold.", ["Samuel Okoye"]),
        ("Laura Chen met the mayor, Diana Ross-Hill, on Monday. She said the talks went well.", ["Laura Chen"]),
        # a person known by full name and then by surname alone is the subject where the surname stands
        ("Premier Victor Aldana met Thomas Reed in May. In June, Aldana resigned after a leak. He said the "
         "leak was false.", ["Victor Aldana"]),
    ],
)
def test_pronouns_resolve_to_the_person_named_last_of_their_sex(text: str, speakers: list[str]) -> None:
    assert run(text) == speakers


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("President Ana Vidal opened the summit. The president said the talks would last two days.", "Ana Vidal"),
        ("President Ana Vidal arrived. Vice President Omar Lutz spoke. The president said it was over.", "Ana Vidal"),
        # another office with the same head word: a former or elected president, a vice president
        ("Vice President Omar Lutz spoke. The president said it was over.", "The president"),
        ("President-elect Ana Vidal spoke. The president said it was over.", "The president"),
        ("Deputy Minister Omar Lutz spoke. The minister said it was over.", "The minister"),
        ("Deputy Minister Omar Lutz spoke. The deputy minister said it was over.", "Omar Lutz"),
    ],
)
def test_a_bare_role_names_the_holder_of_that_office(text: str, speaker: str) -> None:
    assert run(text) == [speaker]


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # an organisation by its initials opening a sentence is what a later "they" or "it" means
        ("The NBA did not name the player. They did say he was not present.", ["NBA"]),
        ("The WFP cut rations in May. It said 2 million people faced hunger.", ["WFP"]),
        # capitals that name no organisation, and places, are never what "they" means
        ("The GDP figures were revised. They said growth was slower.", ["They"]),
        ("The US sent aid. They said 40 planes had landed.", ["They"]),
    ],
)
def test_they_and_it_after_an_organisation_by_its_initials(text: str, speakers: list[str]) -> None:
    assert run(text) == speakers
