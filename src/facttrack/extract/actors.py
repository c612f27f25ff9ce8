"""People, organisations and unnamed groups: find them, tell their kind, merge their aliases.

Actors come from titled names ("French President Emmanuel Macron"), appositions ("the leader of
X, Ismail Haniyeh," / "the movement Hamas"), acronym definitions ("Central Intelligence Agency
(CIA)"), and every speaker or attribution. Surnames point to the full name given in the article,
acronyms to their expansion; pronouns are never turned into names.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Final

from facttrack.extract.memo import once, remember, word_set
from facttrack.extract.model import Actor
from facttrack.extract.people import names_a_person, person_names
from facttrack.extract.places import is_place_name
from facttrack.extract.scan import WordIndex, first_words, matches_at, starter_words, with_words_before
from facttrack.lexicon import alternation, load_json

NAME_TOKEN: Final = r"[A-Z][\w'’.-]*[\w]"
_NAME: Final = rf"{NAME_TOKEN}(?:\s+(?:(?:de|da|del|van|von|der|al|bin|ibn|la|le)\s+)?{NAME_TOKEN}){{0,3}}"


_NORMS: Final[dict[str, str]] = {}


def norm(name: str) -> str:
    """Case-fold, strip accents and punctuation, drop a leading "the": how names are compared."""
    found = _NORMS.get(name)
    return found if found is not None else remember(_NORMS, name, _norm(name))


def _norm(name: str) -> str:
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = re.sub(r"[^\w\s-]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"^the ", "", s)


@dataclass(frozen=True)
class _Lex:
    titled_re: re.Pattern[str]
    apposition_re: re.Pattern[str]
    org_type_re: re.Pattern[str]
    acronym_re: re.Pattern[str]
    org_heads: frozenset[str]
    org_words: frozenset[str]
    group_nouns: frozenset[str]
    person_roles: frozenset[str]
    metonyms: dict[str, str]
    known_orgs: frozenset[str]
    pronouns: frozenset[str]
    unnamed: frozenset[str]
    role_then_name_re: re.Pattern[str]
    title_starters: frozenset[str]
    role_starters: frozenset[str]
    org_type_starters: frozenset[str]
    not_acronyms: frozenset[str]
    apposition_openers: frozenset[str]  # the words apposition_re opens with, as written


_LEX_BUILT: Final[list[_Lex]] = []


def _lex() -> _Lex:
    return _LEX_BUILT[0] if _LEX_BUILT else once(_LEX_BUILT, _build_lex)


def _build_lex() -> _Lex:
    lex = load_json("actors.json")
    titles = alternation(lex["person_titles"])
    portfolios = alternation(lex["office_portfolios"])
    nationality = r"(?:[A-Z][a-z]+(?:an|ian|ese|ish|i|ic|ch|ni)\s+|U\.?S\.?\s+|US\s+|UK\s+|UN\s+|EU\s+)?"
    titled_re = re.compile(
        rf"(?<![\w-])(?P<title>{nationality}(?:(?:former|then|acting|deputy|interim)\s+)?"
        rf"(?i:(?:(?:{portfolios})\s+)?(?:{titles})))\s+"
        rf"(?P<name>{_NAME})")
    roles = alternation(lex["person_role_nouns"])
    openers = lex["apposition_openers"]  # "his deputy for health, Ann Ode,": lower case or capitalised
    apposition_re = re.compile(
        rf"(?<![\w-])(?P<title>(?:{'|'.join(f'[{w[0].upper()}{w[0]}]{w[1:]}' for w in openers)})\s+"
        rf"(?:[\w-]+\s+){{0,2}}(?:{roles})"
        rf"\s+(?:of|for|at)\s+[^,.;]{{2,80}}),\s+(?P<name>{_NAME}),")
    # "the broadcaster ABS-CBN", and capitalised where it opens a sentence or a title ("Broadcaster ABS-CBN")
    org_types = alternation([*lex["org_type_nouns"], *(w[:1].upper() + w[1:] for w in lex["org_type_nouns"])])
    org_type_re = re.compile(rf"\b(?:{org_types})\s+(?P<name>{NAME_TOKEN}(?:\s+{NAME_TOKEN}){{0,3}})")
    acronym_re = re.compile(
        r"(?P<long>(?:[A-Z][\w&'’-]*\s+(?:(?:of|for|and|the|de|du|on|in|des|la|el)\s+){0,2}){1,9})"
        r"\((?P<acr>[A-Z][A-Za-z&]{1,9})\)")
    metonyms = {norm(m): m for m in lex["metonyms"]}
    return _Lex(titled_re, apposition_re, org_type_re, acronym_re, frozenset(lex["org_heads"]),
                frozenset(lex["org_words_lower"]), frozenset(w.lower() for w in lex["group_nouns"]),
                frozenset(w.lower() for w in lex["person_role_nouns"]), metonyms,
                frozenset(lex["known_organizations"]), frozenset(lex["pronouns"]),
                frozenset(lex["unnamed_speakers"]),
                re.compile(rf"(?P<title>(?:[\w'’.-]+\s+){{0,4}}?(?i:{titles}|{roles}|medic|meteorologist|"
                           rf"scientist|engineer|physician|nurse|chef|pilot|driver))\s+"
                           rf"(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){{1,2}})$"),
                starter_words(first_words(lex["person_titles"])),
                starter_words(first_words(lex["person_role_nouns"])),
                starter_words(first_words(lex["org_type_nouns"])),
                frozenset(lex["not_acronyms"]),
                frozenset(f for w in openers for f in (w, w[:1].upper() + w[1:])))


@dataclass
class _Entry:
    names: Counter[str] = field(default_factory=Counter)
    kind: str = "person"
    title: str | None = None
    rules: set[str] = field(default_factory=set)
    order: int = 0
    surnamed: bool = False  # its mentions by surname alone are recorded
    sex: str = "a"  # "m", "f" or "a" (unknown or either): from a given name, for "he" and "she"


_FIRST_WORD: Final = re.compile(r"\w+")


class ActorRegistry:
    """The actors of one article, with alias lookup (surname -> full name, acronym <-> expansion)."""

    def __init__(self) -> None:
        self.entries: list[_Entry] = []
        self.by_alias: dict[str, _Entry] = {}
        self.mentions: list[tuple[int, _Entry]] = []  # (offset, actor) where the text names an actor

    # -- building ---------------------------------------------------------------------------------
    def add(self, name: str, kind: str, *, title: str | None = None, rule: str = "",
            aliases: tuple[str, ...] = (), at: int | None = None, sex: str = "a", counted: bool = True) -> _Entry:
        name = clean_name(name)
        titled = split_title(name)
        if titled:  # "French President Emmanuel Macron": the title is not part of the name
            # ("Deputy", "Health Minister Omar Sadiq"): the title read first goes before the rest of it
            name, title, kind = titled[0], f"{title} {titled[1]}" if title else titled[1], "person"
        if sex == "a" and kind == "person":
            sex = _role_sex().get((title or name).split()[-1].lower(), "a")  # "her husband", "Queen Elizabeth"
        entry = self._find(name, kind) or next(
            (e for a in aliases if (e := self.by_alias.get(norm(a)))), None)
        if entry is None:
            entry = _Entry(kind=kind, order=len(self.entries))
            self.entries.append(entry)
        elif entry.kind != kind and kind == "person" and title:
            entry.kind = kind
        entry.names[name] += 1 if counted else 0
        for alias in aliases:
            entry.names[clean_name(alias)] += 0
        if title and (not entry.title or _more_specific(title.strip(), entry.title)):
            entry.title = title.strip()
        if sex != "a" and entry.sex == "a":
            entry.sex = sex
        if rule:
            entry.rules.add(rule)
        self._index(entry)
        if at is not None:
            self.mentions.append((at, entry))
        return entry

    def latest(self, before: int, kinds: tuple[str, ...], *, after: int = 0, title: tuple[str, ...] = (),
               sex: str = "a", sentences: list[int] | None = None, named: bool = False) -> str | None:
        """The canonical name of the actor of one of ``kinds`` named last before offset ``before``
        (and not before ``after``); with ``title`` (lower-case words), only one whose title has that
        head and those words ("foreign minister" -> the actor titled "Mexican Foreign Minister",
        "president" -> "President of Argentina"); with ``sex`` "m" or "f", never one known to be of the
        other. With ``sentences`` (their start offsets), the one named first in the last sentence that
        names any: a sentence's subject comes first, and a pronoun that opens the next sentence takes
        it ("Mugabe agreed to a deal in which Tsvangirai became prime minister. He said ...").
        With ``named``, only an actor the text names with a capital ("Acme Corp", not "the company")."""
        fits = [(at, entry) for at, entry in self.mentions
                if after <= at < before and entry.kind in kinds
                and not (title and not (entry.title and _title_fits(entry.title, title)))
                and (sex == "a" or entry.sex in ("a", sex))
                and not (named and not _is_named(canonical(entry)))]
        if not fits:
            return None
        if sentences is None:
            return canonical(max(fits, key=lambda m: m[0])[1])
        # the latest sentence first, and in it the earliest mention
        return canonical(max(fits, key=lambda m: (bisect_right(sentences, m[0]), -m[0]))[1])

    def mention(self, name: str, kind: str, *, rule: str, at: int) -> None:
        """Where the text names an actor again (or first) without counting it as one more way of
        writing its name: the canonical name stays the one the text uses most."""
        entry = self._find(clean_name(name), kind)
        if entry is None:
            self.add(name, kind, rule=rule, at=at, counted=False)
        else:
            self.mentions.append((at, entry))

    def add_surname_mentions(self, index: WordIndex) -> None:
        """Where the text names a person known by full name by the surname alone ("Honcharuk filed his
        resignation"), so a later "he" finds them as the subject they are."""
        surnames: dict[str, _Entry] = {}
        for entry in self.entries:
            if entry.kind == "person":
                entry.surnamed = True
                for surname in self._surnames(entry):
                    surnames[surname] = entry
        for word, entry in surnames.items():
            self.mentions.extend((at, entry) for at in index.starts(frozenset((word,))))

    def add_organisation_mentions(self, text: str, index: WordIndex) -> None:
        """Where the text names an organisation again by a name it was found under ("broadcast corporation
        ABS-CBN ... ABS-CBN CEO Carlo Katigbak said ... as the network claims"), so a later "the network"
        finds the organisation the sentences before it name."""
        seen = {at for at, _ in self.mentions}
        for entry in self.entries:
            if entry.kind != "organization" or "actors.org_type" not in entry.rules:
                continue  # (only a name a kind of organisation introduced: "the broadcaster X", "firm X")
            for name in list(entry.names):
                word = _FIRST_WORD.match(name)  # the index's words are \w+ runs: "ABS" of "ABS-CBN"
                if word is None or not name[:1].isupper():
                    continue
                for at in index.starts(frozenset((word.group(),))):
                    if at not in seen and text.startswith(name, at):
                        self.mentions.append((at, entry))
                        seen.add(at)

    def add_speaker_surname_mentions(self, entry: _Entry, text: str) -> None:
        """The same for a person the text names in full only as a speaker, whose given name the name
        lists do not know ("Tak-Sing Wong said ... Wong and his co-authors started a company. He
        remarked ...": "He" is Wong)."""
        if entry.kind != "person" or entry.surnamed:
            return
        entry.surnamed = True
        for surname in self._surnames(entry):
            at = text.find(surname)
            while at >= 0:  # whole words only ("Wong", not "Wongsakul")
                end = at + len(surname)
                if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
                    self.mentions.append((at, entry))
                at = text.find(surname, end)

    def _surnames(self, entry: _Entry) -> list[str]:
        """The last words of a person's full names that name that person alone."""
        return [words[-1] for words in map(str.split, entry.names)
                if len(words) >= 2 and self.by_alias.get(norm(words[-1])) is entry]

    def _index(self, entry: _Entry) -> None:
        for n in list(entry.names):
            self.by_alias.setdefault(norm(n), entry)
            if entry.kind == "person":
                parts = n.split()
                if len(parts) >= 2 and not is_pronoun(parts[-1]):  # ("As I" must not make every "I" a name)
                    self.by_alias.setdefault(norm(parts[-1]), entry)

    def _find(self, name: str, kind: str) -> _Entry | None:
        key = norm(name)
        if key in self.by_alias:
            return self.by_alias[key]
        if kind == "person":
            parts = name.split()
            if len(parts) >= 2:
                # "Benjamin Netanyahu" after a bare "Netanyahu": one person
                entry = self.by_alias.get(norm(parts[-1]))
                if entry and entry.kind == "person" and all(len(n.split()) == 1 for n in entry.names):
                    return entry
        short = _short_form(name)
        if kind != "person" and short is None and sum(w[:1].isupper() for w in name.split()) >= 2:
            # "The NBA did not ..." earlier, "the National Basketball Association said" now: one actor
            found = next((e for e in self.entries if e.kind != "person" and e.names and all(
                (initials := _short_form(n)) is not None and _spells(name, *initials) for n in e.names)), None)
            if found is not None:
                return found
        if short is not None:
            # "Africa CDC", "WHO" after "Africa Centres for Disease Control and Prevention", "World Health
            # Organization": an organisation named earlier in full, by its initials
            return next((e for e in self.entries if e.kind != "person"
                         and any(_spells(n, *short) for n in e.names)), None)
        return None

    # -- reading ----------------------------------------------------------------------------------
    def resolve(self, mention: str | None) -> str | None:
        """Canonical name for a mention, or the mention as written when no actor fits."""
        if not mention:
            return None
        name = clean_name(mention)
        titled = split_title(name)
        entry = self.by_alias.get(norm(name)) or (titled and self.by_alias.get(norm(titled[0])))
        return canonical(entry) if entry else name

    def person_sex(self, name: str) -> str | None:
        """"m", "f" or "a" for a person the registry knows by ``name``; None for anyone else."""
        entry = self.by_alias.get(norm(clean_name(name)))
        return entry.sex if entry is not None and entry.kind == "person" else None

    def actors(self) -> list[Actor]:
        out = []
        for entry in sorted(self.entries, key=lambda e: e.order):
            name = canonical(entry)
            aliases = sorted({n for n in entry.names if n != name} | _surname(entry, name))
            out.append(Actor(name=name, kind=entry.kind, title=entry.title,
                             aliases=(name, *aliases), rule=",".join(sorted(entry.rules))))
        return out


def _is_named(name: str) -> bool:
    """A name written with a capital after any article ("the World Bank"), not a description ("The company")."""
    words = name.split()
    if len(words) > 1 and words[0].lower() in word_set("articles"):
        words = words[1:]
    return words[0][:1].isupper()


def _short_form(name: str) -> tuple[str | None, str] | None:
    """(leading word or None, initials) of "Africa CDC" or "WHO"; None for anything else."""
    words = name.split()
    if not 1 <= len(words) <= 2 or not (words[-1].isupper() and words[-1].isalpha() and 2 <= len(words[-1]) <= 6):
        return None
    if len(words) == 2 and not (words[0][:1].isupper() and not words[0].isupper()):
        return None
    return (words[0] if len(words) == 2 else None), words[-1]


def _spells(full: str, lead: str | None, letters: str) -> bool:
    """Whether the capitalised words of ``full`` (after ``lead``, its first word) have ``letters`` as
    their initials, all of them or all but the last ("Centers for Disease Control and Prevention": CDC)."""
    words = [w for w in full.split() if w[:1].isupper()]
    if lead is not None:
        if not words or words[0] != lead:
            return False
        words = words[1:]
    initials = "".join(w[0] for w in words)
    return len(letters) <= len(initials) <= len(letters) + 1 and initials.startswith(letters)


@cache
def _role_sex() -> dict[str, str]:
    return {word: sex for sex, words in load_json("people.json")["role_sex"].items() for word in words}


def _more_specific(title: str, held: str) -> bool:
    """Whether ``title`` says more of the same office than ``held`` ("Foreign Secretary" than the
    "Secretary" a title word found alone): a later, fuller writing of a title replaces it."""
    return len(title) > len(held) and title.lower().endswith(" " + held.lower())


def _title_fits(title: str, words: tuple[str, ...]) -> bool:
    """Whether a title ("Mexican Foreign Minister", "President of Argentina") is what a bare role
    says: the same head word (the last one, or the last before "of") and every other word in it."""
    held = title.lower().replace("-", " ").split()
    head = held[held.index("of") - 1] if "of" in held[1:] else held[-1]
    changed = (set(held) - set(words)) & word_set("office_modifiers", "actors.json")
    # "Foreign Secretary" fits "the foreign minister": heads that name one office
    same_head = head == words[-1] or words[-1] in load_json("actors.json")["title_synonyms"].get(head, ())
    return same_head and set(words[:-1]) <= set(held) and not changed


def _surname(entry: _Entry, name: str) -> set[str]:
    parts = name.split()
    return {parts[-1]} if entry.kind == "person" and len(parts) >= 2 else set()


def canonical(entry: _Entry) -> str:
    """A person's fullest name; for organisations and groups the form used most (then the longest)."""
    if entry.kind == "person":
        return max(entry.names, key=lambda n: (len(n.split()), entry.names[n], len(n)))
    return max(entry.names, key=lambda n: (entry.names[n], len(n)))


_AFFILIATION: Final = re.compile(
    r"(?P<person>.*?[A-Z][\w'’.-]+\s+[A-Z][\w'’.-]+)\s+(?P<affiliation>(?:of|from|at)\s+.+)$")


_TITLE_SPLITS: Final[dict[str, tuple[str, str] | None]] = {}


def split_title(name: str) -> tuple[str, str] | None:
    """("Tomas Ferrec", "Provincial governor") for "Provincial governor Tomas Ferrec", else None.
    An affiliation after a person's name belongs to the title: ("Tom Taylor", "ecologist of the
    University of Kansas") for "ecologist Tom Taylor of the University of Kansas"."""
    if name in _TITLE_SPLITS:
        return _TITLE_SPLITS[name]
    return remember(_TITLE_SPLITS, name, _split_title(name))


def _split_title(name: str) -> tuple[str, str] | None:
    m = _AFFILIATION.match(name)
    if m is not None:
        person, affiliation = m.group("person"), m.group("affiliation")
        inner = split_title(person)
        if inner is not None and not any(w.lower() in _lex().person_roles for w in inner[0].split()):
            return inner[0], f"{inner[1]} {affiliation}"  # (not "Chief Technological Officer of Red Hat")
        if names_a_person(person):
            return person, affiliation
    m = _lex().titled_re.search(name)
    if m is not None and m.end() == len(name) and m.group("name")[:1].isupper():
        return m.group("name"), name[: m.start("name")].strip()
    # "Chief medic Lars Holm", "Company meteorologist Evan Duffey": a role noun, then the name
    m = _lex().role_then_name_re.match(name)
    if m is not None:
        return m.group("name"), m.group("title")
    return None


_CLEAN_NAMES: Final[dict[str, str]] = {}


def clean_name(name: str) -> str:
    found = _CLEAN_NAMES.get(name)
    return found if found is not None else remember(_CLEAN_NAMES, name, _clean_name(name))


def _clean_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name.strip(" \t\n,.;:'\"“”‘’()"))
    name = re.sub(r"(?:'s|’s)$", "", name)
    words = name.split(" ")
    if len(words) > 1 and words[0].lower() == "the" and words[1][:1].isupper():
        name = " ".join(words[1:])
    return name


@lru_cache(maxsize=1 << 14)
def classify(name: str) -> str:
    """person | organization | group, from the words of a speaker or attribution phrase (cached: the
    same speakers recur)."""
    lex = _lex()
    cleaned = clean_name(name)
    words = cleaned.split()
    if not words:
        return "group"
    key = norm(cleaned)
    if key in lex.metonyms or cleaned in lex.known_orgs:
        return "organization"
    last = words[-1].lower().strip("'’")
    if is_place_name(cleaned):
        return "organization"  # "United States said", "China's Guangdong Province": its government
    if names_a_person(cleaned) or split_title(cleaned) is not None:  # "ecologist Chip Taylor of the UN"
        return "person"
    if any(w in lex.org_heads for w in words[1:]) or words[-1] in lex.org_heads:
        return "organization"
    if last in lex.person_roles and not any(w in lex.org_heads for w in words[-1:]):
        return "person"
    if any(w.lower().strip(",") in lex.org_words or w.lower().endswith("-controlled") for w in words) \
            and last not in lex.group_nouns - {"authorities"}:
        return "organization"
    if last in lex.group_nouns:
        return "group"
    if len(words) == 1 and (cleaned.isupper() and len(cleaned) >= 2 or "&" in cleaned):
        return "organization"
    if all(w[:1].isupper() or w.lower() in word_set("name_particles", "actors.json")
           for w in words):
        return "person"
    return "group"


def is_pronoun(mention: str) -> bool:
    return mention.strip().lower() in _lex().pronouns


def is_unnamed(mention: str) -> bool:
    return norm(mention) in _lex().unnamed


def find_named_actors(text: str, registry: ActorRegistry, index: WordIndex | None = None) -> None:
    """Titled names, appositions, "movement X" organisations, acronym definitions and people named by
    given name and surname in ``text``."""
    lex = _lex()
    index = index or WordIndex(text)
    for paren in _ACRONYM_OPEN.finditer(text):
        # look back from "(ABC)" only: the long form is at most nine words before it
        m = None
        for found in lex.acronym_re.finditer(text, max(0, paren.start() - 160), paren.end()):
            m = found
        if m is None or m.end() != paren.end():
            continue
        long_words = m.group("long").split()
        acronym = m.group("acr")
        expansion = _match_initials(long_words, acronym)
        if expansion:
            registry.add(expansion, "organization", rule="actors.acronym", aliases=(acronym,))
            registry.add(acronym, "organization", rule="actors.acronym")
    # each pattern is tried only around its anchor word (a title, a role, an organisation type):
    # scanning a whole article with these patterns costs ten times more
    titled = with_words_before(text, index.starts(lex.title_starters), 2)
    for m in matches_at(lex.titled_re, text, titled):
        name = _trim_name(m.group("name"))
        if name and len(name.split()) >= 1 and name.split()[-1] not in lex.org_heads:
            registry.add(name, "person", title=m.group("title"), rule="actors.title", at=m.start())
    openers = set(index.starts(lex.apposition_openers))  # where such a description can open
    appositions = [at for at in with_words_before(text, index.starts(lex.role_starters), 3) if at in openers]
    for m in matches_at(lex.apposition_re, text, appositions):
        name = _trim_name(m.group("name"))
        if name and len(name.split()) >= 2:
            registry.add(name, "person", title=m.group("title").split(" ", 1)[1], rule="actors.apposition",
                         at=m.start())
    for m in matches_at(lex.org_type_re, text, index.starts(lex.org_type_starters)):
        name = _trim_name(m.group("name"))
        if name and classify(name) != "group":
            registry.add(name, "organization", rule="actors.org_type", at=m.start())
    for start, end, sex in person_names(text, index):
        registry.add(text[start:end], "person", rule="actors.given_name", at=start, sex=sex)
    registry.add_surname_mentions(index)
    registry.add_organisation_mentions(text, index)
    for m in matches_at(_SUBJECT_ACRONYM, text, [0, *_sentence_gaps(text)]):
        # "The NBA did not release ... They said": an organisation by its initials opening a sentence
        word = m.group("acr")
        if word not in lex.not_acronyms and not is_place_name(word):
            registry.mention(word, "organization", rule="actors.acronym_subject", at=m.start("acr"))


_SUBJECT_ACRONYM: Final = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))(?:The\s+)?(?P<acr>[A-Z]{2,6})\s+(?=[a-z])")


def _sentence_gaps(text: str) -> list[int]:
    """Where _SUBJECT_ACRONYM can begin besides the text's start (its look-behinds cost at every
    character, so it is tried only here): after a line break, or after . ! ? and one whitespace
    character, before two capitals or "The" and whitespace. The marks are found with str.find."""
    marks: list[int] = []
    for mark in ".!?\n":
        at = text.find(mark)
        while at >= 0:
            marks.append(at)
            at = text.find(mark, at + 1)
    marks.sort()
    gaps: list[int] = []
    taken = 0  # where the last gap ends: a line break right after a full stop is part of its gap
    size = len(text)
    for at in marks:
        if at < taken:
            continue
        end = at + 1
        if text[at] != "\n":
            if end >= size or not text[end].isspace():
                continue
            end += 1
        if end + 1 < size and "A" <= text[end] <= "Z" and "A" <= text[end + 1] <= "Z" \
                or text.startswith("The", end) and end + 3 < size and text[end + 3].isspace():
            gaps.append(end)
            taken = end
    return gaps


_ACRONYM_OPEN: Final = re.compile(r"\([A-Z][A-Za-z&]{1,9}\)")
_STOP_NAME: Final = {"On", "In", "At", "The", "A", "An", "And", "But", "Of", "For", "To", "From", "By"}


def named_by_description(text: str, description: str, start: int, end: int) -> str | None:
    """The name the text gave right after the same description earlier in ``text[start:end]`` ("his
    daughter Nettie Baker ... his daughter said", "Her husband, Tom Reyes, ... her husband said"), the
    last one; None when it gave none."""
    words = description.split()
    rest = r"\s+".join(map(re.escape, words[1:]))
    pattern = re.compile(rf"(?i:{re.escape(words[0])})\s+{rest},?\s+(?P<name>{_NAME})")
    found = None
    for m in pattern.finditer(text, start, end):
        found = m
    if found is None:
        return None
    name = _trim_name(found.group("name"))
    return name if name and len(name.split()) >= 2 and classify(name) == "person" else None


def _trim_name(name: str) -> str:
    words = name.split()
    while words and (words[-1] in _STOP_NAME or words[-1].endswith(("day", "day.")) and len(words) > 1
                     and words[-1][:-3] in ("Mon", "Tues", "Wednes", "Thurs", "Fri", "Satur", "Sun")):
        words.pop()
    return " ".join(words)


def _match_initials(words: list[str], acronym: str) -> str | None:
    """The trailing words of ``words`` whose capitalised initials spell ``acronym``."""
    letters = [c for c in acronym if c.isupper()]
    caps = [i for i, w in enumerate(words) if w[:1].isupper()]
    if len(caps) < len(letters):
        return None
    for offset in range(len(caps) - len(letters), -1, -1):
        chosen = caps[offset: offset + len(letters)]
        if chosen[-1] != caps[-1]:
            continue
        if all(words[i][0] == letter for i, letter in zip(chosen, letters, strict=True)):
            return " ".join(words[chosen[0]:])
    return None
