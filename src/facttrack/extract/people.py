"""Personal names by their given name: "Mitch McConnell", "Gloria Vanderbilt", "Brian Hook".

Titles and appositions (actors.py) find the people a text introduces with a role; many are named with
no role at all ("Mitch McConnell, the Senate leader, ..."). A capitalised run that opens with a common
given name and goes on with a capitalised surname names a person wherever it stands, and the given
name tells "he" from "she" when the text goes on with a pronoun. The names are the US Census given
names (data/given_names.txt): people named otherwise are still found through titles and roles.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Final

from facttrack.extract.memo import word_set
from facttrack.extract.places import is_place_name
from facttrack.extract.scan import WordIndex, matches_at
from facttrack.lexicon import alternation, load_json, load_lines

# a surname: capitalised, with a lower-case letter ("McConnell", "Rhys-Davies", "O'Brien"; not "USA")
_SURNAME: Final = r"[A-Z][\w'’-]*[a-z][\w'’-]*"
_GAP: Final = r"[ \u00a0]+"  # the words of a name stand on one line: "Lauren Landa\n\nYouTuber" is two things
_WORD_BEFORE: Final = re.compile(r"([A-Za-z][\w.-]*)(['’]s)?\s+$")  # the word before a name, and its "'s"
_SENTENCE_END: Final = re.compile(r"[.!?\"“”]\s*$")
_NEXT_WORD: Final = re.compile(rf"{_GAP}([A-Z][\w'’-]*)")
_RUN_WORD: Final = re.compile(r"[\w'’.-]+")
_POSSESSIVE_END: Final = re.compile(r"['’]s$")


@cache
def given_names() -> dict[str, str]:
    """Given name (as written, "Michael") -> "m", "f" or "a" (either), less the words that are more
    often something else ("May", "Jordan")."""
    excluded = word_set("not_given_names", "people.json")
    out: dict[str, str] = {}
    for line in load_lines("given_names.txt"):
        name, _, sex = line.partition("\t")
        if name not in excluded:
            out[name] = sex
    return out


@cache
def _starters() -> frozenset[str]:
    return frozenset(given_names())


_WORD: Final = re.compile(r"\w+")  # as the word index reads words


@cache
def _run_re() -> re.Pattern[str]:
    particles = alternation(load_json("actors.json")["name_particles"])
    return re.compile(rf"(?P<given>[A-Z][a-z]+)(?:{_GAP}[A-Z]\.)*"
                      rf"(?P<rest>(?:{_GAP}(?:(?:{particles}){_GAP}){{0,2}}{_SURNAME}){{1,3}})")


@cache
def _not_surnames() -> frozenset[str]:
    lex = load_json("actors.json")
    return word_set("not_surnames", "people.json") | frozenset(lex["org_heads"]) | frozenset(
        w for title in lex["person_titles"] for w in title.split())


def person_names(text: str, index: WordIndex | None = None) -> list[tuple[int, int, str]]:
    """(start, end, sex) of each run of words naming a person by given name and surname."""
    starters = _starters()
    if index is not None:
        starts = index.starts(starters)
    else:  # a speaker phrase: reading its few words costs less than indexing them
        starts = [w.start() for w in _WORD.finditer(text) if w.group() in starters]
    names = given_names()
    stop = _not_surnames()
    found: list[tuple[int, int, str]] = []
    last_end = -1
    for m in matches_at(_run_re(), text, starts):
        if m.start() < last_end or _inside_a_name(text, m.start()) or _opens_a_place(m) or _quoted_title(text, m):
            continue
        if _names_a_thing(m, stop):
            continue
        found.append((m.start(), m.end(), names.get(m.group("given"), "a")))
        last_end = m.end()
    return found


def _names_a_thing(m: re.Match[str], stop: frozenset[str]) -> bool:
    """A word of the run, or the capitalised word right after it, ends places and things: "Virginia
    Beach", "Michael J. Fox Foundation" name no person."""
    after = _NEXT_WORD.match(m.string[m.end():m.end() + 40])
    words = _RUN_WORD.findall(m.group("rest")) + ([after.group(1)] if after else [])
    return any(w in stop for w in words)


_QUOTED_TITLE: Final = re.compile(r"(?:\s+(?:of|the|and|in|[A-Z][\w'’-]*))*[,.!?]?[\"”’]")


def _quoted_title(text: str, m: re.Match[str]) -> bool:
    """Nicknamed the “Kim Kardashian of Pakistan”: a name that opens a short quotation of capitalised
    words (and "of", "the") is a title or a nickname, not the person a later "she" means."""
    opened = text[m.start() - 1:m.start()] in ('"', "“", "‘")
    return opened and _QUOTED_TITLE.match(text, m.end(), m.end() + 40) is not None


def _opens_a_place(m: re.Match[str]) -> bool:
    """"Hong Kong", "Costa Rica", "Sierra Leone": the given name and the next word name a place."""
    words = _POSSESSIVE_END.sub("", m.group()).split()
    return is_place_name(" ".join(words[:2])) or is_place_name(" ".join(words[:3]))


def _inside_a_name(text: str, start: int) -> bool:
    """"Port Elizabeth", "Lake Victoria": a capitalised word just before, in the same sentence, makes
    the given name part of a longer name. A title ("Senator John Smith"), a place or a possessive
    ("for Iran Brian Hook", "Kenya's Grace Wanjiru") and the first word of a sentence leave it a name."""
    before = text[max(0, start - 40):start]
    kept = before.rstrip()
    words = kept.split()
    # the word can only be the last one before the spaces: searched from there (from the start, the
    # pattern would try every letter of the forty characters)
    m = _WORD_BEFORE.search(before, len(kept) - len(words[-1])) if words else None
    if m is None or not m.group(1)[:1].isupper() or m.group(2) or m.group(1).endswith("."):
        return False  # a possessive, or a full stop: "... director Sidney Lumet. Gloria Vanderbilt wrote"
    word = m.group(1)
    if word in _title_words() or _SENTENCE_END.search(before, 0, m.start(1)):
        return False
    return not is_place_name(word)


@cache
def _title_words() -> frozenset[str]:
    lex = load_json("actors.json")
    return frozenset(w.rstrip(".") for t in lex["person_titles"] for w in t.split()) | frozenset(
        w.capitalize() for w in lex["person_role_nouns"])


@lru_cache(maxsize=1 << 14)
def names_a_person(phrase: str) -> bool:
    """Whether a speaker phrase is a person named by given name and surname, that name closing the
    phrase or followed by "of"/"from"/"at"/a comma ("ecologist Jane Fuller of the University of Kansas";
    not "the Bill Gates Foundation")."""
    for _start, end, _sex in person_names(phrase):
        rest = phrase[end:].lstrip()
        if not rest or rest[:1] in ",(" or rest.split(" ", 1)[0] in word_set("after_name", "people.json"):
            return True
    return False
