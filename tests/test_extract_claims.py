"""Claims, attribution and actors (own sentences)."""

from __future__ import annotations

from datetime import date

import pytest

from facttrack.document import Document
from facttrack.extract import extract

PUBLISHED = date(2024, 3, 10)  # a Sunday


def run(text: str):
    return extract(Document(text=text, published=PUBLISHED))


@pytest.mark.parametrize(
    "text, speaker, cue, kind, content",
    [
        ("The coastguard said 14 fishermen had been rescued.", "coastguard", "said", "indirect",
         "14 fishermen had been rescued"),
        ("Mayor Lina Okafor said in a statement that the bridge would reopen.", "Lina Okafor",
         "said in a statement", "indirect", "the bridge would reopen"),
        ("“We will rebuild every school,” said Okafor.", "Okafor", "said", "direct",
         "We will rebuild every school"),
        ("The dam is safe, engineers said on Friday.", "engineers", "said", "indirect", "The dam is safe"),
        ("According to the fire service, the blaze started in a kitchen.", "fire service",
         "According to", "according_to", "the blaze started in a kitchen"),
        ("Turnout was low, according to the election board.", "election board", "according to",
         "according_to", "Turnout was low"),
        ("Senator Tomas Reyes urged the cabinet to publish the contracts.", "Tomas Reyes", "urged",
         "indirect", "the cabinet to publish the contracts"),
        ("A ministry spokeswoman told reporters that talks had resumed.", "A ministry spokeswoman",
         "told reporters", "indirect", "talks had resumed"),
    ],
)
def test_claim_forms(text: str, speaker: str, cue: str, kind: str, content: str) -> None:
    claims = run(text).claims
    assert len(claims) == 1, [c.to_json() for c in claims]
    claim = claims[0]
    assert speaker.lower() in (claim.speaker or "").lower()
    assert (claim.cue, claim.kind, claim.text) == (cue, kind, content)
    assert text[claim.start:claim.end] == claim.text


def test_not_claims() -> None:
    for text in ["This was announced by the ministry.", "Their economy added 9,000 jobs.",
                 "The rebels’ demands were rejected."]:
        assert run(text).claims == (), text


def test_quotation_over_several_sentences_is_one_unit() -> None:
    text = "“The shelters are full. We counted 2,400 people last night,” the relief agency added."
    ex = run(text)
    assert [c.speaker for c in ex.claims] == ["the relief agency"]
    assert ex.figures[0].attributed_to == "the relief agency"


def test_nested_attribution_names_the_originator() -> None:
    text = "Radio Kivu quoted Governor Amani Bahati as saying 36 villagers had died."
    ex = run(text)
    figure = ex.figures[0]
    assert figure.attributed_to == "Amani Bahati"
    assert figure.reported_by == "Radio Kivu"


def test_trailing_agency_relays_inner_claim() -> None:
    text = "Minister Ada Lund called on donors to “act before the winter”, Reuters reported."
    claims = {c.speaker: c for c in run(text).claims}
    assert claims["Ada Lund"].reported_by == "Reuters"
    assert claims["Ada Lund"].cue == "called on"


def test_said_on_resolves_weekdays() -> None:
    claim = run("Gomez insisted on Thursday that the figures were correct.").claims[0]
    assert claim.said_on == "2024-03-07"


def test_figure_in_own_voice_has_no_attribution() -> None:
    ex = run("The ministry said prices would rise. The storm destroyed 230 homes.")
    assert ex.figures[0].attributed_to is None


def test_actor_aliases_and_kinds() -> None:
    text = ("Chilean Interior Minister Rosa Vidal met the World Food Programme (WFP) on Monday. "
            "Vidal said 40 trucks had arrived. The WFP said more were coming.")
    actors = {a.name: a for a in run(text).actors}
    assert actors["Rosa Vidal"].kind == "person"
    assert "Vidal" in actors["Rosa Vidal"].aliases
    assert "Minister" in (actors["Rosa Vidal"].title or "")
    wfp = next(a for a in actors.values() if "WFP" in a.aliases)
    assert wfp.kind == "organization" and "World Food Programme" in wfp.aliases
    assert [c.speaker for c in run(text).claims] == ["Rosa Vidal", wfp.name]


def test_pronoun_speaker_is_never_invented() -> None:
    claim = run("She explained that the road was closed.").claims[0]
    assert claim.speaker == "She"


def test_unnamed_groups() -> None:
    ex = run("More than 70 people were killed, officials said.")
    assert ex.figures[0].attributed_to == "officials"
    assert {a.name: a.kind for a in ex.actors}["officials"] == "group"
