"""extract/places.py: where a figure counts, from its sentence, else its article. Measured on labelled
sentences written for this test (tests/data/places.jsonl), and each rule checked on its own."""

from __future__ import annotations

import json
import pickle
import re
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facttrack.document import Document
from facttrack.extract import extract
from facttrack.extract.model import Figure
from facttrack.extract.places import Gazetteer, assign_places, dominant_place, find_places, gazetteer
from facttrack.extract.segment import sentences

DATA = Path(__file__).parent / "data"
# places.jsonl was the development set (the rules were tuned on it: measured 1.000); places-heldout.jsonl
# was written afterwards and measured once, untouched by tuning (0.950: "Derna" is "Darnah" in geonames)
FLOORS = {"places.jsonl": 0.95, "places-heldout.jsonl": 0.9}


def figure_at(text: str, number: str) -> Figure:
    start = text.index(number)
    sentence = next(s for s in sentences(text) if s.start <= start < s.end)
    return Figure(value=1, value_max=None, qualifier="exactly", metric="other", counted=None, unit=None,
                  text=number, start=start, end=start + len(number), sentence_start=sentence.start,
                  sentence_end=sentence.end)


def place_of(text: str, number: str) -> str | None:
    (figure,) = assign_places(text, [figure_at(text, number)])
    return figure.place


def labelled(name: str) -> list[dict]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_accuracy_on_labelled_figures(name: str) -> None:
    rows = labelled(name)
    wrong = [(r["text"], r["figure"], r["place"], got) for r in rows
             if (got := place_of(r["text"], r["figure"])) != r["place"]]
    accuracy = 1 - len(wrong) / len(rows)
    print(f"{name}: place accuracy {accuracy:.3f} on {len(rows)} labelled figures; wrong: {wrong}")
    assert len(rows) >= 20
    assert accuracy >= FLOORS[name], wrong


@pytest.mark.parametrize("text, expected", [
    ("Killed in Gaza.", ["Gaza Strip, Palestinian Territories"]),                       # alias merge
    ("Deaths in the Gaza Strip.", ["Gaza Strip, Palestinian Territories"]),
    ("Peru's Ancash region", ["Peru", "Ancash, Peru"]),                                  # a country's possessive
    ("Us Weekly said", []),                                                              # "US" needs capitals
    ("She said the US and the UK agreed", ["United States", "United Kingdom"]),          # "She" is no city
    ("Jordan Peterson spoke.", []),                                                      # part of a name
    ("Bosnia and Herzegovina voted.", ["Bosnia and Herzegovina"]),                       # connector inside a name
    ("Ancash and Peru", ["Peru"]),                                                       # a region needs context
    ("in Ancash and Peru", ["Ancash, Peru", "Peru"]),
    ("Lombardy and Italy", ["Lombardy, Italy", "Italy"]),                                # unless places.json names it
    ("Police said so.", []),                                                             # not a place here
    ("Keldra reported it.", []),                                                         # a small city needs context
    ("Tokyo reported it.", ["Tokyo, Japan"]),                                            # a big one does not
    ("Kepler's laws and Newton's laws", []),                                             # a possessive is no context
    ("White House officials said", []),                                                  # not an other name here
    ("dedicated to Stanislav Novak", []),                                                # a city inside a name
    ("In Khartoum, 300 died", ["Khartoum, Sudan"]),                                      # "In" is no name
])
def test_explicit_places(text: str, expected: list[str]) -> None:
    assert [m.place.name for m in find_places(text) if not m.demonym] == expected


def test_demonyms_count_only_without_a_named_place() -> None:
    assert place_of("Sudanese refugees numbered 8,000.", "8,000") == "Sudan"
    assert place_of("Sudanese refugees numbered 8,000 in Chad.", "8,000") == "Chad"


def test_nearest_place_wins_and_ties_go_to_the_place_after() -> None:
    text = "Officials in Kenya said 12 died in Uganda."
    assert place_of(text, "12") == "Uganda"


def test_article_dominant_place_is_the_fallback() -> None:
    text = "Floods hit Malawi again. Malawi has asked for help. Aid reached Zambia. Crews said 9 died."
    assert dominant_place(text) == "Malawi"
    assert place_of(text, "9") == "Malawi"
    assert place_of("Crews said 9 died.", "9") is None


def test_extraction_json_has_place_last_and_keeps_the_contract() -> None:
    extraction = extract(Document(text="At least 12 people were killed in Kenya, the police said."))
    for figure in extraction.figures:
        data = figure.to_json()
        keys = list(data)  # place ends the contract's fields; only the fields load needs (issue 13) follow
        assert keys[keys.index("rule") + 1:] == ["place", "confidence", "claim_index"]
        assert data["place"] == "Kenya"


def test_worldwide_figures_count_in_the_world_not_the_article_place() -> None:
    text = "Samoa counted 81 deaths. The WHO said 140,000 died of measles worldwide in 2018."
    assert place_of(text, "140,000") == "World"
    assert place_of(text, "81") == "Samoa"


def test_the_gazetteer_is_cached_and_a_damaged_cache_is_rebuilt(tmp_path) -> None:
    """A first process builds the tables and the lookup dictionaries into the cache folder; later
    processes load them and place figures alike; a damaged file is built again, not trusted (real
    processes, a cache folder of the test's own)."""
    import json
    import os
    import subprocess
    import sys

    code = ("import json; from facttrack.document import Document; from facttrack.extract import extract;"
            "ex = extract(Document(text='Floods killed 12 people in Kenya. In Mombasa, 40 homes were lost.'));"
            "print(json.dumps([f.place for f in ex.figures]))")
    env = {**os.environ, "FACTTRACK_CACHE_DIR": str(tmp_path)}

    def places() -> list[str | None]:
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        return json.loads(out.stdout)

    first = places()
    assert {p.suffix for p in tmp_path.iterdir()} == {".json", ".pickle"}
    # the pickle is named by the classes it holds too: one made by other classes is never read for them
    [pickled] = [p for p in tmp_path.iterdir() if p.suffix == ".pickle"]
    [tables] = [p for p in tmp_path.iterdir() if p.suffix == ".json"]
    assert pickled.name.startswith(tables.stem + "-") and pickled.name != tables.stem + ".pickle"
    (tmp_path / f"{tables.stem}.pickle").write_bytes(pickled.read_bytes()[:-20])  # an older build's name
    assert places() == first == ["Kenya", "Mombasa, Kenya"]
    for p in tmp_path.iterdir():
        p.write_bytes(b"damaged")
    assert places() == first


def test_gazetteer_pickles_as_built() -> None:
    """The gazetteer cache holds it pickled: it must read back whole, compiled (mypyc) or not."""
    gaz = gazetteer()
    back = pickle.loads(pickle.dumps(gaz, protocol=pickle.HIGHEST_PROTOCOL))
    assert type(back) is Gazetteer and back.names == gaz.names and back.demonyms == gaz.demonyms
    assert [getattr(back, f.name) for f in fields(Gazetteer)] == [getattr(gaz, f.name) for f in fields(Gazetteer)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab é_-.,’'\n2", max_size=30), st.data())
def test_the_words_around_a_name_are_the_regex_words(text: str, data: st.DataObject) -> None:
    """The words read back before a place name and on after it: what the last and the first match of
    ``\\w+`` in the same stretch give."""
    from facttrack.extract.places import _first_word, _last_word

    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    end = data.draw(st.integers(min_value=start, max_value=len(text)))
    words = list(re.compile(r"\w+").finditer(text, start, end))
    assert _last_word(text, start, end) == (words[-1].span() if words else None)
    assert _first_word(text, start, end) == (words[0].group() if words else "")
