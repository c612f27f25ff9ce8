"""The words of one attribution unit, and the noun phrases that can name a speaker.

A speaker is a noun phrase: a name ("Jane Okoro", "the Ministry of Health"), a title and a name, an
institution or a group noun with its modifiers ("the regional health office", "people familiar with
the talks", "a spokeswoman for the ministry"), or a pronoun. It is never a clause fragment ("When",
"Trump accused Biden of") and never a number ("000 rescuers"). Phrases are read off the unit's
tokens leftwards from a reporting verb (``phrase_before``) or rightwards from a cue
(``phrase_after``), and ``speaker_head`` says whether what was read can speak.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Final

from facttrack.extract.memo import once, remember, word_set
from facttrack.extract.scan import EDGE_PUNCTUATION, peel
from facttrack.lexicon import load_json, load_lines

# A token: an initialism ("U.S."), a word with inner apostrophes, dots, ampersands or hyphens
# ("governor's", "al-Qaeda", "AT&T", "the Philippines'"), two apostrophes used as a quotation mark, or
# one character.
# That is (?:[A-Z]\.){2,}|\w+(?:['’.&-]\w+|,\d{3})*(?:(?<=s)['’](?![\w'’]))?|''|[^\w\s] (a number's thousands
# separators stay inside it: "2,000" is one token), written as its first character
# (any but a space) and then, by a look-behind at that character, the rest of each kind: a pattern that opens
# with a class is tried only where the class matches. Captured: a split gives the tokens at the odd places and
# the gaps between them at the even.
_TOKEN_SPLIT: Final = re.compile(r"([^\s](?:(?<=[A-Z])\.(?:[A-Z]\.)+(?:['’]s(?!\w))?"
                                 r"|(?<=\w)\w*(?:['’.&-]\w+|(?<=\d),\d{3}(?!\d))*"
                                 r"(?:(?<=s)['’](?![\w'’]))?"
                                 r"|(?<=')'|(?<=[^\w\s])))")
_PARTICLE_NAME: Final = re.compile(r"(?:al|el|ad|as|ash|at|bin|ibn|abu|da|de|di|du|van|von|d|l)[-’'][A-Z]")
OPEN_QUOTES: Final = frozenset({"“", "«", "‘"})
CLOSE_QUOTES: Final = frozenset({"”", "»", "’"})
QUOTES: Final = frozenset({'"', "''", "'", *OPEN_QUOTES, *CLOSE_QUOTES})


class Token:
    """One token of a unit. A plain class rather than a named tuple: compiled (mypyc), reading a field
    is a load from the object, where a named tuple's field is looked up by name at every read, and the
    rules read token fields more than they do anything else."""

    __slots__ = ("start", "end", "text", "lower", "word", "capital")

    def __init__(self, start: int, end: int, text: str, lower: str, word: bool, capital: bool) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.lower = lower
        self.word = word  # a word (letters or digits), not punctuation
        self.capital = capital  # capitalised, or a name with a lower-case particle glued on ("el-Sisi")

    def fields(self) -> tuple[int, int, str, str, bool, bool]:
        return self.start, self.end, self.text, self.lower, self.word, self.capital

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and self.fields() == other.fields()

    def __hash__(self) -> int:
        return hash(self.fields())

    def __repr__(self) -> str:
        return f"Token{self.fields()!r}"


def _join_abbreviations(tokens: list[Token], dots: list[int], abbreviations: frozenset[str]) -> list[Token]:
    """"Dr.", "Gov." and initials ("Wayne A. I. Frederick") are one word: the full stop after them ends no
    phrase. ``dots``: the indexes of the full-stop tokens, in order (only they can join)."""
    out: list[Token] = []
    done = 0
    for k in dots:
        out.extend(tokens[done:k])
        done = k + 1
        tok = tokens[k]
        if out and out[-1].end == tok.start and (
                out[-1].text + "." in abbreviations or len(out[-1].text) == 1 and out[-1].text.isupper()):
            prev = out.pop()
            text = prev.text + "."
            tok = Token(prev.start, tok.end, text, text.lower(), True, prev.capital)
        out.append(tok)
    out.extend(tokens[done:])
    return out


def _single_quotation_marks(tokens: list[Token], text: str) -> list[Token]:
    """British style quotes with single marks ("'We need 200 tents,' a UN official said."): a lone
    apostrophe that opens (after a space, at the start, after a colon or bracket, before a letter or
    digit) pairs with the last lone apostrophe that closes before the next opening one, and both read
    as straight double quotation marks. An apostrophe left without a partner stays as it is, and so
    does one inside a quotation with double marks (nested: British marks are the outer ones only)."""
    lone = [k for k, t in enumerate(tokens) if t.text == "'"]
    opening = [k for k in lone if (tokens[k].start == 0 or not text[tokens[k].start - 1].isalnum())
               and tokens[k].end < len(text) and text[tokens[k].end].isalnum() and not in_quotation(tokens, k)]
    if not opening:
        return tokens
    closing = [k for k in lone if k not in opening and tokens[k].start > 0
               and not text[tokens[k].start - 1].isspace()
               and (tokens[k].end >= len(text) or not text[tokens[k].end].isalnum())]
    out = list(tokens)
    for n, k in enumerate(opening):
        limit = opening[n + 1] if n + 1 < len(opening) else len(tokens)
        partner = [c for c in closing if k < c < limit]
        if partner:
            for m in (k, partner[-1]):
                out[m] = Token(out[m].start, out[m].end, '"', '"', out[m].word, out[m].capital)
    return out


def in_quotation(tokens: Sequence[Token], k: int) -> bool:
    """Token ``k`` stands inside a quotation opened earlier among ``tokens`` (curly marks by depth,
    straight ones by parity)."""
    depth = straight = 0
    for tok in tokens[:k]:
        if tok.text in OPEN_QUOTES:
            depth += 1
        elif tok.text in CLOSE_QUOTES and depth:
            depth -= 1
        elif tok.text in ('"', "''"):
            straight ^= 1
    return depth > 0 or straight == 1


def _token(text: str, at: int) -> Token:
    lower, word, capital = _token_facts(text)
    return Token(at, at + len(text), text, lower, word, capital)


_FACTS: Final[dict[str, tuple[str, bool, bool]]] = {}  # _token_facts' cache
_MOST_FACTS: Final = 1 << 16  # emptied when full: a long run keeps meeting new rare words


def _token_facts(text: str) -> tuple[str, bool, bool]:
    """``Token.lower``, ``word`` and ``capital`` of a token's text (the same words recur in every unit).
    A function word in capitals is an acronym and keeps them: "WHO chief Tedros said" has no "who".
    Remembered in a plain dictionary (see memo.py)."""
    facts = _FACTS.get(text)
    if facts is None:
        c = text[0]
        facts = remember(_FACTS, text, (text if text in _acronyms() else text.lower(), c.isalnum() or c == "_",
                                        c.isupper() or c.islower() and ("-" in text or "'" in text or "’" in text)
                                        and _PARTICLE_NAME.match(text) is not None), _MOST_FACTS)
    return facts


class Unit:
    """The tokens of ``text[start:end]`` (a sentence, or sentences held together by a quotation)."""

    __slots__ = ("text", "start", "end", "tokens", "starts")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        # A token never spans whitespace, and the tokenizer looks at nothing outside a token but whether
        # a word character follows: so the unit is read chunk by chunk. It is cut at single spaces, so a
        # chunk's offset is the running sum of the ones before it; a chunk that is a word, or a word and
        # one mark ("said,"), is read with string methods; the rest is cut at its other whitespace, and a
        # word with punctuation at its ends ("(AP)", "“We") is peeled; only what is left ("U.S.",
        # "2,000", "governor's", "workers'") goes to the regex.
        # Index loops: compiled (mypyc), the offsets stay machine integers.
        tokens: list[Token] = []
        piece_at = start
        dots = apostrophes = False
        for piece in text[start:end].split(" "):
            size = len(piece)
            if piece.isalnum():
                tokens.append(_token(piece, piece_at))
                piece_at += size + 1
                continue
            if size > 1:
                mark = piece[size - 1]
                core = piece[:size - 1]
                if mark in EDGE_PUNCTUATION and core.isalnum() and not (mark in "'’" and core[size - 2] == "s"):
                    tokens.append(_token(core, piece_at))
                    tokens.append(_token(mark, piece_at + size - 1))
                    dots = dots or mark == "."
                    apostrophes = apostrophes or mark == "'"
                    piece_at += size + 1
                    continue
            at = piece_at
            for chunk in piece.split():
                at = text.find(chunk, at)
                lead, core = peel(chunk)
                tail = lead + len(core)
                if core.isalnum() and "''" not in chunk and not (
                        core[-1] == "s" and tail < len(chunk) and chunk[tail] in "'’"):
                    for k in range(lead):
                        tokens.append(_token(chunk[k], at + k))
                    tokens.append(_token(core, at + lead))
                    for k in range(tail, len(chunk)):
                        tokens.append(_token(chunk[k], at + k))
                else:
                    parts = _TOKEN_SPLIT.split(chunk)  # tokens at the odd places, empty gaps between them
                    offset = at
                    for i in range(1, len(parts), 2):
                        tokens.append(_token(parts[i], offset))
                        offset += len(parts[i])
                dots = dots or "." in chunk
                apostrophes = apostrophes or "'" in chunk
                at += len(chunk)
            piece_at += size + 1
        count = len(tokens)
        if dots:
            dot_indexes = [k for k in range(count) if tokens[k].text == "."]
            if dot_indexes:
                tokens = _join_abbreviations(tokens, dot_indexes, _lex().abbreviations)
        if apostrophes and any(t.text == "'" for t in tokens):
            tokens = _single_quotation_marks(tokens, text)
        self.tokens = tokens
        self.starts = [t.start for t in tokens]

    def at(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        return bisect_left(self.starts, offset)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character span of tokens ``first..last`` (inclusive)."""
        return self.tokens[first].start, self.tokens[last].end

    def words(self, first: int, last: int) -> str:
        s, e = self.span(first, last)
        return self.text[s:e]


@cache
def _acronyms() -> frozenset[str]:
    return frozenset(w.upper() for w in word_set("acronym_function_words"))


@dataclass(frozen=True)
class _Lex:
    abbreviations: frozenset[str]
    stop: frozenset[str]
    discourse: frozenset[str]
    determiners: frozenset[str]
    np_prepositions: frozenset[str]
    speaker_nouns: frozenset[str]
    role_nouns: frozenset[str]
    institution_nouns: frozenset[str]
    data_nouns: frozenset[str]
    statement_nouns: frozenset[str]
    pronouns: frozenset[str]
    name_particles: frozenset[str]
    months_days: frozenset[str]
    non_speakers: frozenset[str]
    postmodifiers: tuple[tuple[str, ...], ...]
    postmodifier_starts: frozenset[str]
    finite: frozenset[str]
    ed_adjectives: frozenset[str]
    number_words: frozenset[str]
    verb_forms: frozenset[str]


_LEX_BUILT: Final[list[_Lex]] = []


def _lex() -> _Lex:
    return _LEX_BUILT[0] if _LEX_BUILT else once(_LEX_BUILT, _build_lex)


def _build_lex() -> _Lex:
    rep = load_json("reporting.json")
    actors = load_json("actors.json")
    dates = load_json("dates.json")
    numbers = load_json("numbers.json")
    roles = {w.lower() for w in actors["person_role_nouns"]}
    groups = {w.lower() for w in actors["group_nouns"]}
    orgs = {w.lower() for w in (*actors["org_words_lower"], *actors["org_type_nouns"])}
    data = {w.lower() for w in rep["data_nouns"]}
    statements = {w.lower() for w in rep["statement_nouns"]}
    return _Lex(
        abbreviations=frozenset(load_lines("abbreviations.txt")),
        stop=frozenset(rep["stop_words"]),
        discourse=frozenset(rep["discourse_words"]),
        determiners=frozenset(actors["determiners"]),
        np_prepositions=frozenset(rep["np_prepositions"]),
        speaker_nouns=frozenset(roles | groups | orgs | data | statements),
        role_nouns=frozenset(roles),
        institution_nouns=frozenset(orgs),
        data_nouns=frozenset(data),
        statement_nouns=frozenset(statements),
        pronouns=frozenset(actors["pronouns"]),
        name_particles=frozenset(actors["name_particles"]),
        months_days=frozenset(w.lower() for w in (*dates["months"], *dates["weekdays"])),
        non_speakers=frozenset(rep["non_speakers"]),
        postmodifiers=tuple(tuple(p.split()) for p in rep["postmodifiers"]),
        postmodifier_starts=frozenset(p.split()[0] for p in rep["postmodifiers"]),
        finite=frozenset(rep["finite_words"]),
        ed_adjectives=frozenset(rep["ed_adjectives"]),
        number_words=frozenset(w for key in ("units", "tens", "scales") for w in numbers[key]),
        verb_forms=frozenset(f for forms in rep["verbs"].values() for f in forms if " " not in f)
        - {w.lower() for w in (*actors["group_nouns"], *actors["person_role_nouns"], *rep["data_nouns"],
                               *rep["statement_nouns"], *rep["noun_forms"])},
    )


def singular(word: str) -> str:
    """"lawyers" -> "lawyer" when only the singular is a known speaker noun."""
    nouns = _lex().speaker_nouns
    if word not in nouns and word.endswith("s") and word[:-1] in nouns:
        return word[:-1]
    return word


_AGED: Final = re.compile(r"\d{1,3}-years?-olds?")


def is_age_noun(word: str) -> bool:
    """"the 45-year-old": a person named by their age."""
    return _AGED.fullmatch(word) is not None


def _np_word(tok: Token, lex: _Lex, before: Token | None = None) -> bool:
    """Can this token stand inside a noun phrase? ``before`` is the token before it, which tells a
    past participle used as an adjective ("the newly elected", "an unnamed") from a verb ("the group
    issued", "the ministry raised")."""
    if not tok.word:
        return tok.text in ("&",)
    if tok.capital:
        return True
    low = tok.lower
    if low[0].isdigit():
        # "Channel 9", "Radio 1"; "the 45-year-old" is a person
        return before is not None and (before.capital and low.isdigit()
                                       or before.lower in lex.determiners and is_age_noun(low))
    if low in lex.stop or is_adverb(low) or "." in low and low in word_set("clock_words"):
        return False  # ("At about 5:17 p.m. his daughter reported": a time of day ends the phrase)
    if low in word_set("time_openers") and (before is None or before.lower not in lex.determiners):
        return False  # "The coastguard later revised": an adverb ("the later report" is an adjective)
    if low in lex.verb_forms and (before is None or before.lower not in lex.determiners):
        return False  # "The study notes the ...": a reporting verb ends a phrase, "the notes" does not
    return not _verbish(low, before, lex)


def _verbish(low: str, before: Token | None, lex: _Lex) -> bool:
    if "-" in low or low in lex.speaker_nouns:
        return False
    if low in lex.finite:
        return True
    if low.endswith("ed") and len(low) >= 5 and low not in lex.ed_adjectives:
        return before is None or not (before.lower in lex.determiners or not before.word)
    return False


def phrase_before(unit: Unit, last: int, first_allowed: int = 0) -> tuple[int, int] | None:
    """The noun phrase that ends at token ``last``: ``(first, last)`` or None.

    Walks left over words that can stand in a noun phrase, across "of/for/at/in/with ..." between
    two such words ("a spokeswoman for the ministry", "people familiar with the talks"), and stops
    at punctuation, the closed class of verbs and conjunctions, and "-ly" adverbs.
    """
    lex = _lex()
    toks = unit.tokens
    if last < first_allowed or not _np_word(toks[last], lex, toks[last - 1] if last else None):
        return None
    first = last
    count = 1
    while first - 1 >= first_allowed and count < 14:
        tok = toks[first - 1]
        if tok.lower in word_set("subject_pronouns"):
            break  # "She opposes the police": a pronoun never opens a longer phrase (but "her son" does)
        if _np_word(tok, lex, toks[first - 2] if first >= 2 else None):
            if tok.capital and tok.lower in lex.discourse and not toks[first].capital:
                break  # "However the ministry": a sentence opener is no part of the speaker
            first -= 1
            count += 1
            continue
        if tok.lower in ("by", "from") and first - 3 >= first_allowed and toks[first - 2].lower.endswith("ed") \
                and _np_word(toks[first - 3], lex, toks[first - 4] if first >= 4 else None):
            first -= 3  # "figures published by X": a participle that names who made the figures
            count += 2
            continue
        if tok.lower in ("by", "from") and first - 5 >= first_allowed and toks[first - 3].lower in ("in", "on") \
                and (toks[first - 2].text[:1].isdigit() or toks[first - 2].lower in lex.months_days) \
                and toks[first - 4].lower.endswith("ed") \
                and _np_word(toks[first - 5], lex, toks[first - 6] if first >= 6 else None):
            first -= 5  # "figures released on Monday by X", "a survey published in 2017 by X"
            count += 4
            continue
        if tok.lower in word_set("demonstratives") and first - 2 >= first_allowed \
                and toks[first - 2].lower in lex.np_prepositions and toks[first].word and not toks[first].capital:
            first -= 1  # "the judge in that case": a demonstrative after a preposition opens a noun phrase
            continue
        if tok.lower in lex.np_prepositions and first - 2 >= first_allowed \
                and _np_word(toks[first - 2], lex, toks[first - 3] if first >= 3 else None) \
                and toks[first - 2].lower not in lex.determiners:
            first -= 1  # "head of the agency": the preposition joins two noun phrases
            continue
        if tok.lower == "and" and toks[first].capital and first - 2 >= first_allowed \
                and (toks[first - 2].capital or toks[first - 2].text == ")"):
            first -= 1  # "Centers for Disease Control and Prevention", "the Georgia Institute (GT) and Lund"
            continue
        if tok.text == ")" and first - 3 >= first_allowed:
            # "the University of Colorado (CU Boulder) in Colorado": a short name in brackets after a name
            opening = next((k for k in range(first - 2, max(first_allowed, first - 6) - 1, -1)
                            if toks[k].text == "("), None)
            if opening is not None and opening - 1 >= first_allowed and toks[opening - 1].capital \
                    and all(t.capital for t in toks[opening + 1:first - 1]):
                first = opening
                continue
        if tok.lower == "and" and toks[first].lower in lex.determiners and first + 1 <= last \
                and toks[first + 1].capital and first - 2 >= first_allowed \
                and (toks[first - 2].capital or toks[first - 2].text == ")") \
                and any(t.lower in word_set("affiliation_prepositions") for t in toks[max(0, first - 12):first - 1]):
            first -= 1  # "researchers from the University of Hawaii and the College of Wooster": two places
            count -= 4  # of one affiliation make one long phrase
            continue
        break
    while first < last and (toks[first].lower in lex.np_prepositions or toks[first].lower == "and"):
        first += 1
    return first, last


def phrase_after(unit: Unit, first: int, limit: int | None = None) -> tuple[int, int] | None:
    """The noun phrase that starts at token ``first``: ``(first, last)`` or None. Crosses
    prepositions between noun words ("the latest count by the UN refugee agency", "people familiar
    with the talks")."""
    lex = _lex()
    toks = unit.tokens
    stop = len(toks) if limit is None else min(limit, len(toks))
    if first >= stop or not _np_word(toks[first], lex, toks[first - 1] if first else None):
        return None
    last = first
    count = 1
    while last + 1 < stop and count < 14:
        tok = toks[last + 1]
        if _np_word(tok, lex, toks[last]):
            last += 1
            count += 1
            continue
        if tok.word and tok.lower.endswith("ed") and last + 3 < stop \
                and toks[last + 2].lower in word_set("participle_prepositions") \
                and _np_word(toks[last + 3], lex, toks[last + 2]):
            last += 2  # "numbers reported by the agency"
            continue
        if tok.word and tok.lower.endswith("ed") and last + 5 < stop and toks[last + 2].lower in ("in", "on") \
                and (toks[last + 3].text[:1].isdigit() or toks[last + 3].lower in lex.months_days) \
                and toks[last + 4].lower in word_set("participle_prepositions") \
                and _np_word(toks[last + 5], lex, toks[last + 4]):
            last += 4  # "a survey published in 2017 by the society"
            continue
        if (tok.lower in lex.np_prepositions or tok.lower == "by") and last + 2 < stop \
                and _np_word(toks[last + 2], lex, tok):
            last += 1
            continue
        closing = bracketed_short_name(toks, last, stop) if tok.text == "(" else None
        if closing is not None and closing + 2 < stop and toks[closing + 1].lower == "and":
            last = closing  # "the Georgia Institute of Technology (GT) and ...": a short name in brackets
            continue
        named = toks[last].capital or toks[last].text == ")"
        if tok.lower == "and" and named and last + 2 < stop and toks[last + 2].capital:
            last += 1
            continue
        if tok.lower == "and" and named and last + 3 < stop and toks[last + 2].lower == "the" \
                and toks[last + 3].capital:
            last += 2  # "Georgia Tech and the University of Oslo"
            continue
        break
    while last > first and (toks[last].lower in lex.np_prepositions or toks[last].lower == "and"):
        last -= 1
    return first, last


def bracketed_short_name(toks: Sequence[Token], last: int, stop: int) -> int | None:
    """The closing bracket of a short name in brackets right after the name that ends at token ``last``
    ("the World Health Organization (WHO)", "the University of Colorado (CU Boulder)"), before ``stop``;
    None when no such brackets follow."""
    if not toks[last].capital or last + 1 >= stop or toks[last + 1].text != "(":
        return None
    closing = next((k for k in range(last + 2, min(stop, last + 6)) if toks[k].text == ")"), None)
    if closing is None or closing == last + 2 or not all(t.capital for t in toks[last + 2:closing]):
        return None
    return closing


def is_day_or_month(word: str) -> bool:
    """"thursday", "may" (lower case): a weekday or a month name."""
    return word in _lex().months_days


def trim_opening(unit: Unit, first: int, last: int) -> int:
    """Skip sentence openers and leading prepositional words ("However", "Rather", "Additionally")."""
    lex = _lex()
    toks = unit.tokens
    while first < last and toks[first].lower in lex.discourse and toks[first].lower not in lex.determiners:
        first += 1
    return first


def name_run(unit: Unit, first: int, last: int) -> tuple[int, int] | None:
    """The run of capitalised words that ends the phrase ("businessman Stephen Schwarzman" ->
    "Stephen Schwarzman"), with particles and "of/for/and" inside it ("University of Hawaii")."""
    lex = _lex()
    toks = unit.tokens
    if not toks[last].capital:
        return None
    k = last
    while k - 1 >= first:
        tok = toks[k - 1]
        if tok.capital or tok.text == "&":
            k -= 1
        elif (tok.lower in lex.name_particles or tok.lower in word_set("name_joiners")) \
                and k - 2 >= first and toks[k - 2].capital:
            k -= 1
        else:
            break
    return k, last


def head_index(unit: Unit, first: int, last: int) -> int:
    """The head word of a phrase: the last word before its first preposition or postmodifier
    ("head of the agency" -> head; "people familiar with the talks" -> people), else the last word.
    Inside a run of capitalised words the prepositions are part of a name ("Ministry of Health")."""
    lex = _lex()
    toks = unit.tokens
    for k in range(first + 1, last + 1):
        if toks[k].lower in lex.postmodifier_starts and any(
                toks[k].lower == w[0] and k + len(w) - 1 <= last
                and all(toks[k + i].lower == w[i] for i in range(1, len(w))) for w in lex.postmodifiers):
            return k - 1  # "people familiar with the talks"
        tok = toks[k]
        if tok.lower in lex.np_prepositions or tok.lower == "by":
            if toks[k - 1].capital and k + 1 <= last and toks[k + 1].capital and tok.lower in ("of", "for"):
                continue  # "Ministry of Health", "Centers for Disease Control"
            if k - 2 >= first and toks[k - 1].lower.endswith("ed") and not toks[k - 1].capital:
                return k - 2  # "figures released by X": the noun before the participle
            return k - 1
    return last


def speaker_head(unit: Unit, first: int, last: int) -> str | None:
    """Why the phrase ``first..last`` can name a speaker ("name", "pronoun", "noun"), or None."""
    lex = _lex()
    toks = unit.tokens
    if toks[first].text[:1].isdigit():
        return None  # "000 rescuers", "12 said"
    if first == last and (toks[first].lower in lex.pronouns or _contracted_pronoun(toks[first].lower)):
        return "pronoun"
    h = head_index(unit, first, last)
    if h > first and toks[h].text.isdigit() and toks[h - 1].capital:
        h -= 1  # "Channel 9": the name before the number
    head = toks[h]
    low = head.lower.rstrip("'’")
    if low.endswith(("'s", "’s")):
        return None  # "the ministry's": a possessive, so the verb after it is a noun
    if low in lex.non_speakers and not head.capital:
        return None
    if first == last == 0 and head.capital and low in word_set("quantifier_speakers"):
        return "noun"  # "Some called for younger leadership": a quantifier opening the sentence is a group
    if head.capital:
        if head.text.isupper() and len(head.text) > 1:
            return "name"  # "WHO", "UNHCR": an acronym, even when it spells a word
        alone = not any(t.capital for t in toks[first:h])
        if alone and (low in lex.discourse or low in lex.months_days or low in lex.determiners
                      or low in lex.number_words or low in lex.stop or first == h and is_adverb(low)):
            return None  # "However", "Sunday", "Seven", "Nearly" ("USA Today" is a name)
        return "name"
    if singular(low) in lex.speaker_nouns:
        return "noun"
    return None


def _contracted_pronoun(word: str) -> bool:
    """"they've", "we'd", "you're": a pronoun with its auxiliary glued on."""
    return any(word.endswith(c) and word[: -len(c)] in _lex().pronouns for c in word_set("contractions"))


def is_adverb(word: str) -> bool:
    """"reportedly", "publicly": an -ly word that is no noun or adjective ("family", "daily", "elderly")."""
    return word.endswith("ly") and len(word) > 3 and word not in word_set("ly_not_adverbs")


def is_pronoun(word: str) -> bool:
    return word.lower() in _lex().pronouns


def is_statement_noun(word: str) -> bool:
    return word.lower() in _lex().statement_nouns


def is_data_noun(word: str) -> bool:
    return word.lower() in _lex().data_nouns
