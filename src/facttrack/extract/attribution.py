"""Who says it: reporting cues, their speakers and the content they attribute.

One small grammar, applied to each unit (a sentence, or sentences a quotation holds together). A cue is
a reporting verb in any of its forms (the lexicon in ``data/reporting.json``), "according to X" /
"citing X" / "as per X", a nested report ("X quoted Y as saying"), a passive with its agent ("as
reported by X") or a colon after a speaker ("The mayor: “...”"). Around a verb, speaker (S), verb (V)
and content (C) stand in one of three orders, tried in this order (``FRAMES``):

    S V C   "The agency said (in a statement on Sunday) (that) C" / "X told reporters C" /
            "Aminata Diallo, a spokeswoman for the ministry, told Reuters C" / "X, who heads ..., said C"
    C S V   "C, the statistics office said on Tuesday." / "“C,” Mayor Ruiz told a local radio station."
    C V S   "“C,” said Jane Okoro, who heads the regional health office."

and a participle continues the speaker's clause (", adding that C", ", saying C"). The speaker is a noun
phrase (``phrases.py``); the content of S V C runs to the end of the unit unless another frame of the
same sentence starts first (", adding ...", "; she said ..."). ``continue_quotations`` joins a quotation
that goes on in the next sentences without a cue of its own to the claim before it.
Speakers are kept as written here; the pipeline resolves pronouns and canonical names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from facttrack.extract.dates import DateMention
from facttrack.extract.phrases import (
    CLOSE_QUOTES,
    OPEN_QUOTES,
    QUOTES,
    Unit,
    head_index,
    is_statement_noun,
    name_run,
    phrase_after,
    phrase_before,
    speaker_head,
    trim_opening,
)
from facttrack.extract.scan import WordIndex
from facttrack.lexicon import alternation, load_json

QUOTE_CHARS = "\"“”«»"


@dataclass(frozen=True, slots=True)
class Cue:
    """One attribution: ``speaker`` said ``text[content_start:content_end]`` through ``cue``."""

    speaker: str
    speaker_start: int
    speaker_end: int
    cue: str
    cue_start: int
    cue_end: int
    content_start: int
    content_end: int
    kind: str  # direct | indirect | according_to
    rule: str
    said_on: DateMention | None = None
    reported_by: str | None = None
    has_content: bool = True
    makes_claim: bool = True  # False for "citing Y" inside another's report: Y is the source, not a claim


@dataclass(frozen=True)
class _Rules:
    forms: dict[str, str]  # written form ("said", "called on") -> base form ("say", "call on")
    gerunds: frozenset[str]
    hearer: frozenset[str]
    directive: frozenset[str]
    as_verbs: frozenset[str]
    clause_verbs: frozenset[str]
    need_quote: frozenset[str]
    noun_forms: frozenset[str]
    statement_verbs: frozenset[str]
    infinitive_verbs: frozenset[str]
    speech_only: frozenset[str]
    number_verbs: frozenset[str]
    gerund_verbs: frozenset[str]
    number_words: frozenset[str]
    passive_by: _Phrases
    according: _Phrases
    nested_cues: frozenset[str]
    nested_verbs: frozenset[str]
    adverbs_before: _Phrases
    negations: _Phrases
    adverbials: _Phrases
    hearer_stop: frozenset[str]
    finite: frozenset[str]
    no_content: frozenset[str]
    title_case_cues: frozenset[str]
    determiners: frozenset[str]
    be_forms: frozenset[str]
    data_re: re.Pattern[str]
    data_suffix_re: re.Pattern[str]
    statement_re: re.Pattern[str]
    unnamed_re: re.Pattern[str]
    trigger_starters: frozenset[str]  # words as written where a cue can start (for the word index)
    title_case_re: re.Pattern[str]
    second_words: dict[str, frozenset[str]]  # first words that start only multi-word cues -> their second
    noun_before_re: re.Pattern[str]  # the end of a text where a verb cannot follow ("the", "his", "of")
    frame_starts: frozenset[str]  # the same in lower case: a frame is tried only at these tokens


class _Phrases:
    """Multi-word lexicon entries as token tuples, looked up by their first and by their last word;
    the longest match wins."""

    __slots__ = ("by_first", "by_last")

    def __init__(self, words: list[str]) -> None:
        entries = sorted({tuple(w.lower().split()) for w in words}, key=lambda t: -len(t))
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        self.by_last: dict[str, list[tuple[str, ...]]] = {}
        for entry in entries:
            self.by_first.setdefault(entry[0], []).append(entry)
            self.by_last.setdefault(entry[-1], []).append(entry)


def _phrases(words: list[str]) -> _Phrases:
    return _Phrases(words)


@cache
def _rules() -> _Rules:
    rep = load_json("reporting.json")
    actors = load_json("actors.json")
    numbers = load_json("numbers.json")
    forms = {form: lemma for lemma, written in rep["verbs"].items() for form in written}
    data_nouns = alternation(rep["data_nouns"])
    adjectives = alternation(rep["data_prefix_adjectives"])
    made_by = alternation(rep["data_prefix_verbs"])
    data_re = re.compile(
        rf"(?i:(?:the|a|an|its|their|his|her)\s+)?(?:(?i:{adjectives})\s+)*(?i:{data_nouns})\s+"
        rf"(?:(?:{made_by})\s+)?(?:from|by|of|on behalf of)\s+(?=\S)")
    data_suffix_re = re.compile(rf"(?:'s|’s|')?\s+(?:(?i:{adjectives})\s+)*(?i:{data_nouns})$")
    statement_re = re.compile(
        rf"^(?P<pre>(?i:(?:a|an|the|in\s+a|in\s+an)\s+)?(?:[\w-]+\s+)?(?i:{alternation(rep['statement_nouns'])})"
        rf"\s+(?:(?:{made_by})\s+)?(?:from|by|of)\s+)(?=\S)|(?P<post>(?:'s|’s|')\s+(?:[\w-]+\s+)?"
        rf"(?i:{alternation(rep['statement_nouns'])}))$")
    # Verbs are cues in lower case; "According to", "Citing", "Per", a participle opening a sentence
    # ("Calling it ...") and a headline's "Says" are the capitalised exceptions.
    verbs = {w.split()[0] for w in forms}
    capitalised = {w.split()[0] for w in [*rep["according"], *forms] if w.split()[0].endswith("ing") or w in
                   rep["according"]}
    lower = verbs | {w.split()[0] for w in [*rep["according"], *rep["nested_cues"]]} - {"as"} | {"per"}
    written = lower | {w[:1].upper() + w[1:] for w in capitalised | {"per"}} | set(rep["title_case_cues"])
    return _Rules(
        forms=forms,
        gerunds=frozenset(f for f in forms if f.split()[0].endswith("ing")),
        hearer=frozenset(rep["hearer_verbs"]),
        directive=frozenset(rep["directive_verbs"]),
        as_verbs=frozenset(rep["as_verbs"]),
        clause_verbs=frozenset(rep["clause_verbs"]),
        need_quote=frozenset(rep["need_quote"]),
        noun_forms=frozenset(rep["noun_forms"]),
        statement_verbs=frozenset(rep["statement_verbs"]),
        infinitive_verbs=frozenset(rep["infinitive_verbs"]),
        speech_only=frozenset(rep["speech_only_verbs"]),
        number_verbs=frozenset(rep["number_verbs"]),
        gerund_verbs=frozenset(rep["gerund_verbs"]),
        number_words=frozenset(w for key in ("units", "tens", "scales") for w in numbers[key]) | {"a", "an", "half"},
        passive_by=_phrases(rep["passive_by"]),
        according=_phrases(rep["according"]),
        nested_cues=frozenset(rep["nested_cues"]),
        nested_verbs=frozenset(rep["nested_verbs"]),
        adverbs_before=_phrases(rep["adverbs_before"]),
        negations=_phrases(rep["negations"]),
        adverbials=_phrases(rep["adverbials"]),
        hearer_stop=frozenset(rep["hearer_stop"]),
        finite=frozenset(rep["finite_words"]),
        no_content=frozenset(rep["no_content"]),
        title_case_cues=frozenset(rep["title_case_cues"]),
        determiners=frozenset(actors["determiners"]) - {"that"},
        be_forms=frozenset(rep["be_forms"]),
        data_re=data_re,
        data_suffix_re=data_suffix_re,
        statement_re=statement_re,
        unnamed_re=re.compile(rf"\b(?:{alternation(rep['unnamed_cues'])})\b", re.IGNORECASE),
        trigger_starters=frozenset(written),
        title_case_re=re.compile(rf"\b(?:{alternation(rep['title_case_cues'])})\b"),
        second_words={first: frozenset(w.split()[1] for w in [*forms, *rep["according"]] if w.split()[0] == first)
                      for first in {w.split()[0] for w in [*forms, *rep["according"]] if " " in w}
                      if all(" " in w for w in [*forms, *rep["according"]] if w.split()[0] == first)},
        noun_before_re=re.compile(rf"(?:\b(?:{alternation(set(actors['determiners']) - {'that'})}|of|with|for|from)"
                                  rf"|['’]s|\d)\s+$",
                                  re.IGNORECASE),
        frame_starts=frozenset(w.lower() for w in written) | {"as"},
    )


_COLON_QUOTE = re.compile(r":\s*[\"“«]")


def cue_words(text: str, index: WordIndex | None = None) -> list[int]:
    """Offsets of every word a reporting cue can begin with (the cue rules are tried only there).
    ``index``: the text's words, when the caller has them already."""
    return (index or WordIndex(text)).starts(_rules().trigger_starters)


def cue_positions(text: str, candidates: list[int]) -> list[int]:
    """Where a reporting cue may stand (from ``cue_words``, plus colons before a quotation), so
    that units without any skip the cue rules entirely. A word that follows a determiner or a
    preposition ("the state", "of reports") is a noun there, and a word that only starts multi-word
    cues ("point" of "point out") needs its second word."""
    rules = _rules()
    found = []
    for pos in candidates:
        word = _WORD_AT.match(text, pos)
        if word is None:
            continue
        second = rules.second_words.get(word.group().lower())
        if second is not None:
            nxt = _WORD_AT.match(text, word.end() + 1)
            if nxt is None or nxt.group().lower() not in second:
                continue
        if word.group()[0].islower() and rules.noun_before_re.search(text, max(0, pos - 16), pos):
            continue
        found.append(pos)
    found.extend(m.start() for m in _COLON_QUOTE.finditer(text))
    found.sort()
    return found


_WORD_AT = re.compile(r"\w+")


# ------------------------------------------------------------------------------------------ frames

@dataclass
class _Frame:
    """A cue found in a unit before its content is cut to size."""

    speaker: tuple[int, int]  # character span
    cue: tuple[int, int]
    content: tuple[int, int]
    region: tuple[int, int]  # the character span the frame occupies (speaker + cue words)
    kind: str
    rule: str
    open_end: bool = False  # S V C: content runs on until another frame starts
    said_on: DateMention | None = None
    reported_by: str | None = None
    makes_claim: bool = True
    separate: bool = False  # starts a new clause (", and X said", "; X said"): cuts an open content
    has_content: bool = True  # False for "announced this": the speaker is known, the content is not


class _Scan:
    """One unit being read: its tokens, dates and the frames found so far."""

    def __init__(self, text: str, start: int, end: int, dates: list[DateMention]) -> None:
        self.text = text
        self.unit = Unit(text, start, end)
        self.dates = dates
        self.frames: list[_Frame] = []
        self.taken: list[tuple[int, int]] = []  # token ranges already read as part of a cue
        self.opening = _dateline_end(self.unit)

    # --- small readers over tokens ---------------------------------------------------------------
    def match(self, i: int, phrases: _Phrases) -> int:
        """Length (in tokens) of the longest phrase of ``phrases`` that starts at token ``i``."""
        toks = self.unit.tokens
        if i >= len(toks):
            return 0
        for words in phrases.by_first.get(toks[i].lower, ()):
            n = len(words)
            if i + n <= len(toks) and all(toks[i + k].lower == words[k] for k in range(1, n)):
                return n
        return 0

    def match_ending(self, j: int, phrases: _Phrases) -> int:
        """Length of the longest phrase that ends at token ``j``."""
        toks = self.unit.tokens
        if j < 0:
            return 0
        for words in phrases.by_last.get(toks[j].lower, ()):
            n = len(words)
            if j - n + 1 >= 0 and all(toks[j - n + 1 + k].lower == words[k] for k in range(n - 1)):
                return n
        return 0

    def date_starting(self, i: int) -> DateMention | None:
        toks = self.unit.tokens
        if i >= len(toks):
            return None
        return next((d for d in self.dates if d.start == toks[i].start), None)

    def date_ending(self, j: int) -> DateMention | None:
        toks = self.unit.tokens
        if j < 0:
            return None
        return next((d for d in self.dates if d.end == toks[j].end), None)

    def is_taken(self, i: int) -> bool:
        return any(a <= i <= b for a, b in self.taken)


def _dateline_end(unit: Unit) -> int:
    """Index of the first token after a dateline ("WASHINGTON —", "DAKAR, March 9 (Meridian) -"),
    or 0: a dateline is neither a speaker nor part of the content."""
    toks = unit.tokens
    k = 0
    while k < len(toks) and toks[k].word and toks[k].text.isupper() and len(toks[k].text) > 1:
        k += 1
    if k == 0:
        return 0
    for j in range(k, min(len(toks), k + 12)):
        if toks[j].text in ("—", "–", "-"):
            return j + 1
        if toks[j].text in (".", ";", ":") or toks[j].word and not toks[j].capital and not toks[j].text[0].isdigit():
            return 0
    return 0


def find_cues(text: str, start: int, end: int, dates: list[DateMention],
              candidates: list[int] | None = None) -> list[Cue]:
    """All attribution cues in ``text[start:end]`` (one unit), outermost and inner ones alike.
    ``candidates`` is accepted for symmetry with the other rules: the unit is tokenised once and
    every frame reads its tokens."""
    scan = _Scan(text, start, end, dates)
    toks = scan.unit.tokens
    rules = _rules()
    title_case = rules.title_case_re.search(text, start, end) is not None and _title_case(scan)
    starts = rules.frame_starts
    for i, tok in enumerate(toks):
        if tok.lower not in starts or scan.is_taken(i):
            continue
        for frame in FRAMES:
            if frame(scan, i, rules, title_case):
                break
    _colon_frame(scan, rules)
    if text[start:end].rstrip(" ”\"'»)").endswith("?"):
        # "Which individuals would you ask to be in your cabinet?": a question reports nothing,
        # though it may quote someone
        scan.frames = [f for f in scan.frames if f.kind == "direct" and not f.open_end]
    return _finish(scan)


def _title_case(scan: _Scan) -> bool:
    """A headline-like line ("Minister Says Toll Will Rise"): most words capitalised, no full stop."""
    words = [t for t in scan.unit.tokens if t.word and t.text[0].isalpha()]
    if len(words) < 3 or scan.text[scan.unit.end - 1:scan.unit.end] == ".":
        return False
    return sum(t.capital for t in words) >= 0.75 * len(words)


# --- "according to X", "citing X", "as per X", "Per X," -----------------------------------------

def _according_frame(scan: _Scan, i: int, rules: _Rules, title_case: bool) -> bool:
    unit, toks = scan.unit, scan.unit.tokens
    n = scan.match(i, rules.according)
    if not n:
        return False
    words = " ".join(t.lower for t in toks[i:i + n])
    if words == "per" and not (toks[i].text == "Per" and _clause_opening(scan, i)):
        return False  # "per day", "per cent": only a sentence-opening "Per X," names a source
    if words == "as per" and i > 0 and toks[i - 1].lower in ("such",):
        return False
    phrase = phrase_after(unit, i + n)
    if phrase is None:
        return False
    first, last = phrase
    last = _cut_at_verbish(scan, first, last)
    speaker = _speaker_text(scan, first, last)
    if speaker is None:
        return False
    sp_first, sp_last = speaker
    # "according to the El Paso mayor, Dee Margo, during ...": the name in apposition is the speaker
    appositive = _appositive_name(scan, last + 1)
    if appositive is not None and speaker_head(unit, sp_first, sp_last) == "noun":
        sp_first, sp_last = appositive
        last = appositive[1] + (1 if appositive[1] + 1 < len(toks) and toks[appositive[1] + 1].text == "," else 0)
    cue_span = unit.span(i, i + n - 1)
    cue_text = scan.text[cue_span[0]:toks[sp_first].start].strip() if sp_first > i + n else \
        scan.text[cue_span[0]:cue_span[1]]
    before = _clause_start(scan, i)
    after_first = last + 1
    while after_first < len(toks) and toks[after_first].text in (",", ")"):
        after_first += 1
    citing = words == "citing"
    region = (cue_span[0], unit.span(last, last)[1])
    if citing and i > 0 and toks[i - 1].text == "," and last + 1 < len(toks) and toks[last + 1].text == ",":
        # "CBS reported, citing Y data, there were ...": Y is the source of what follows, no claim of its own
        if after_first < len(toks) and toks[after_first].lower == "that":
            after_first += 1
        content = _content(scan, after_first, len(toks) - 1)
        if content is None:
            return False
        scan.frames.append(_Frame(unit.span(sp_first, sp_last), cue_span, content, region, "according_to",
                                  "attribution.citing", makes_claim=False))
        scan.taken.append((i, last))
        return True
    opening = not any(t.word and t.lower not in ("but", "and", "yet", "however", "so")
                      for t in toks[before:i])
    closing = after_first >= len(toks) or all(not t.word for t in toks[after_first:])
    if opening:
        content = _content(scan, after_first, len(toks) - 1)
    elif closing:
        content = _content(scan, before, _before_comma(scan, i))
    else:
        content = _content(scan, before, len(toks) - 1, skip=(i, last))
    if content is None:
        return False
    scan.frames.append(_Frame(unit.span(sp_first, sp_last), (cue_span[0], unit.span(i + n - 1, i + n - 1)[1]),
                              content, region, "according_to", "attribution.according_to"))
    scan.frames[-1] = replace(scan.frames[-1], cue=cue_span)
    scan.taken.append((i, last))
    _ = cue_text
    return True


# --- "X quoted Y as saying C", "Y was quoted by X as saying C" -----------------------------------

def _nested_frame(scan: _Scan, i: int, rules: _Rules, title_case: bool) -> bool:
    unit, toks = scan.unit, scan.unit.tokens
    tok = toks[i]
    if tok.lower not in rules.nested_cues:
        return False
    # "quoted Y as saying" (active) or "was quoted by X as saying" (passive)
    passive = i > 0 and toks[i - 1].lower in rules.be_forms
    j = i + 1
    reporter: tuple[int, int] | None = None
    if passive and j < len(toks) and toks[j].lower == "by":
        agent = phrase_after(unit, j + 1)
        if agent is None:
            return False
        reporter = agent
        j = agent[1] + 1
    inner: tuple[int, int] | None = None
    if not passive:
        who = phrase_after(unit, j)
        if who is None:
            return False
        # the phrase runs into "as": cut it there
        k = next((k for k in range(who[0], who[1] + 1) if toks[k].lower == "as"), who[1] + 1)
        inner = (who[0], k - 1) if k - 1 >= who[0] else None
        j = k
        if j < len(toks) and toks[j].text == ",":
            # "cited Budi Gunawan, chief of the agency, as saying": step over the apposition
            close = next((m for m in range(j + 1, min(len(toks), j + 16)) if toks[m].text == ","), None)
            if close is not None and close + 1 < len(toks) and toks[close + 1].lower == "as":
                j = close + 1
    if j + 1 >= len(toks) or toks[j].lower != "as" or toks[j + 1].lower not in rules.nested_verbs:
        return False
    verb_end = j + 1
    content = _content(scan, verb_end + 1 + (1 if verb_end + 1 < len(toks) and toks[verb_end + 1].lower == "that"
                                             else 0), len(toks) - 1)
    if content is None:
        return False
    if passive:
        subject = _subject(scan, i - 2 if i >= 2 else -1, rules)
        if subject is None:
            return False
        inner = subject
    elif reporter is None:
        reporter = _subject(scan, i - 1, rules)
    if inner is None or speaker_head(unit, *inner) is None:
        return False
    cue_text_span = unit.span(i, verb_end)
    reporter_text = unit.words(*reporter) if reporter else None
    kind = "direct" if scan.text[content[0] - 1:content[0]] in QUOTE_CHARS else "indirect"
    scan.frames.append(_Frame(unit.span(*inner), cue_text_span, content, (unit.span(*inner)[0], cue_text_span[1]),
                              kind, "attribution.nested", reported_by=reporter_text))
    if reporter is not None and not passive:
        scan.frames.append(_Frame(unit.span(*reporter), unit.span(i, i), (unit.span(*inner)[0], content[1]),
                                  (unit.span(*reporter)[0], unit.span(i, i)[1]), "indirect",
                                  "attribution.nested_outer"))
    scan.taken.append((i, verb_end))
    return True


# --- passives with an agent: "as reported by X", "was claimed by X" ------------------------------

def _passive_frame(scan: _Scan, i: int, rules: _Rules, title_case: bool) -> bool:
    unit, toks = scan.unit, scan.unit.tokens
    n = scan.match(i, rules.passive_by)
    if not n:
        return False
    agent = phrase_after(unit, i + n)
    if agent is None:
        return False
    first, last = agent
    last = _cut_at_verbish(scan, first, last)
    speaker = _speaker_text(scan, first, last)
    if speaker is None:
        return False
    before = _clause_start(scan, i)
    lead = i - 1 if i > 0 and toks[i - 1].lower == "as" else i
    while lead > 0 and toks[lead - 1].lower in rules.be_forms:
        lead -= 1
    if lead == i and not (last + 1 >= len(toks) or not toks[last + 1].word):
        return False  # "a report published by the UN estimates ...": part of a subject, not a passive
    content = _content(scan, before, len(toks) - 1, skip=(lead, last))
    if content is None or all(t.lower in rules.no_content or not t.word
                              for t in toks[before:lead] + toks[last + 1:]):
        return False  # "This was announced by the ministry": bare anaphora
    scan.frames.append(_Frame(unit.span(*speaker), unit.span(lead, i + n - 1), content,
                              unit.span(lead, last), "indirect", "attribution.passive"))
    scan.taken.append((lead, last))
    return True


# --- reporting verbs in the three orders -------------------------------------------------------

def _verb_frame(scan: _Scan, i: int, rules: _Rules, title_case: bool) -> bool:
    unit, toks = scan.unit, scan.unit.tokens
    found = _verb_at(scan, i, rules, title_case)
    if found is None:
        return False
    lemma, last = found
    form = " ".join(t.lower for t in toks[i:last + 1])
    if form in rules.gerunds and _participle_frame(scan, i, last, lemma, rules):
        return True
    if form in rules.gerunds:
        return False
    left = _skip_before(scan, i - 1, rules)
    if any(toks[k].lower in rules.be_forms for k in range(max(0, left), i)) and not (
            last + 1 < len(toks) and toks[last + 1].lower == "by"):
        return False  # "was reported", "is said to", "I have been told": an agentless passive
    if any(scan.match(k, rules.negations) for k in range(left + 1, i)):
        return False  # "police did not confirm the number": a negated report is no claim
    if lemma in rules.statement_verbs and not _statement_subject(scan, left):
        return False  # "read" reports only after a statement: "the statement read: ..."
    complement = _complement(scan, last + 1, lemma, rules)
    noun_form = form in rules.noun_forms
    if complement is not None:
        cstart, cue_end, said_on = complement
        subject = _subject(scan, left, rules, loose=lemma in rules.speech_only)
        if subject is None:
            return _inverted(scan, i, last, left, rules)
        if _after_quotation(scan, subject[0]) and _trailing(scan, i, last, left, lemma, rules):
            return True  # "“A,” the mayor said, “B.”": a split quotation, not "said B"
        if noun_form and not _noun_form_is_verb(scan, subject, cstart, rules):
            return False
        content = _content(scan, cstart, len(toks) - 1)
        if content is None:
            return False
        sep = _separate(scan, subject[0])
        kind = "direct" if scan.text[content[0] - 1:content[0]] in QUOTE_CHARS else "indirect"
        speaker_span = unit.span(*subject)
        scan.frames.append(_Frame(speaker_span, (toks[i].start, cue_end), content,
                                  (min(speaker_span[0], toks[i].start), cue_end), kind,
                                  "attribution.speaker_verb", open_end=True, said_on=said_on, separate=sep))
        scan.taken.append((i, last))
        return True
    if noun_form and form not in ("said", "says", "told", "added", "stated", "noted", "reported", "claimed",
                                  "found", "continued", "placed", "put"):
        return False
    k = _skip_after(scan, last + 1, rules)
    if k < len(toks) and toks[k].lower in rules.no_content and _short_rest(scan, k):
        # "Ruth Chanda announced this on Monday": no content, but "she said" later may mean her
        subject = _subject(scan, left, rules)
        if subject is not None:
            span = unit.span(*subject)
            scan.frames.append(_Frame(span, unit.span(i, last), (toks[k].start, toks[k].start), span,
                                      "indirect", "attribution.no_content", has_content=False))
            scan.taken.append((i, last))
            return True
    if lemma in rules.as_verbs or lemma in rules.directive:
        return False  # "..., also called Easter Island": naming, not reporting
    # no content after the verb: "C, X said." / "“C,” said X."
    return _trailing(scan, i, last, left, lemma, rules) or _inverted(scan, i, last, left, rules)


def _verb_at(scan: _Scan, i: int, rules: _Rules, title_case: bool) -> tuple[str, int] | None:
    """(base form, last token) when a reporting verb form starts at token ``i`` and is a verb here."""
    toks = scan.unit.tokens
    tok = toks[i]
    low = tok.lower
    last = i
    lemma = None
    if i + 1 < len(toks) and f"{low} {toks[i + 1].lower}" in rules.forms:
        lemma, last = rules.forms[f"{low} {toks[i + 1].lower}"], i + 1
    elif low in rules.forms:
        lemma = rules.forms[low]
    if lemma is None:
        return None
    if tok.capital and not (title_case and tok.text in rules.title_case_cues) and not (
            low in rules.gerunds and _clause_opening(scan, i)):
        return None  # "Says" in running text is a name or a headline; verbs are lower case
    prev = toks[i - 1] if i > 0 else None
    if prev is not None and prev.word and (prev.lower in rules.determiners or prev.lower.endswith(("'s", "’s"))
                                           or prev.text[0].isdigit() or prev.lower in ("with", "of", "for", "from")):
        return None  # "the stated goals", "his claims", "the agency's report", "3 reports", "with said licence"
    nxt = toks[last + 1] if last + 1 < len(toks) else None
    if nxt is not None and nxt.lower in ("of",) and low in rules.noun_forms:
        return None  # "reports of", "claims of"
    return lemma, last


def _skip_before(scan: _Scan, j: int, rules: _Rules) -> int:
    """From the token before a verb, skip adverbs, auxiliaries and a date ("also", "has since",
    "on Tuesday"): the index of the last token of what stands before them."""
    toks = scan.unit.tokens
    while j >= 0:
        n = scan.match_ending(j, rules.adverbs_before)
        if n:
            j -= n
            continue
        d = scan.date_ending(j)
        if d is not None and d.start > scan.unit.start:
            j = scan.unit.at(d.start) - 1
            continue
        if toks[j].word and not toks[j].capital and toks[j].lower.endswith("ly") and len(toks[j].lower) > 3:
            j -= 1
            continue
        break
    return j


def _complement(scan: _Scan, k: int, lemma: str, rules: _Rules) -> tuple[int, int, DateMention | None] | None:
    """Where the content after a verb starts: (token index, end of the cue words, date said), or None
    when nothing that can be reported follows."""
    toks = scan.unit.tokens
    n = len(toks)
    said_on = None
    cue_end = toks[k - 1].end
    start = k
    k, words_end = _skip_after_cue(scan, k, rules)
    if words_end > start:
        cue_end = toks[words_end - 1].end
    d_seen = [d for d in scan.dates if toks[min(k, n) - 1].end >= d.end > cue_end - 200 and d.start >= cue_end - 200]
    if d_seen:
        said_on = d_seen[0]
    if k >= n:
        return None
    if lemma in rules.hearer and toks[k].lower not in ("that",) and toks[k].text not in (",", ":") \
            and toks[k].text not in QUOTES:
        hearer = _hearer(scan, k, rules)
        if hearer is not None:
            k, words_end = _skip_after_cue(scan, hearer + 1, rules)
            cue_end = toks[max(hearer, words_end - 1)].end
            if k >= n:
                return None
    if toks[k].text == "," and k > start and k + 1 < n and toks[k + 1].text not in QUOTES and toks[k + 1].word:
        k += 1  # "said on Saturday, about 20 buildings collapsed"
    tok = toks[k]
    if tok.lower == "that":
        return (k + 1, cue_end, said_on) if k + 1 < n else None
    if tok.text == ":":
        return (k + 1, cue_end, said_on) if k + 1 < n else None
    if tok.text == "," and k + 1 < n and toks[k + 1].text in QUOTES:
        return k + 1, cue_end, said_on
    if tok.text in QUOTES and tok.text not in CLOSE_QUOTES:
        return k, cue_end, said_on
    if lemma in rules.need_quote or not tok.word:
        return None
    if lemma in rules.directive:
        return k, cue_end, said_on  # "urged the government to ...": the content starts at the addressee
    if lemma in rules.as_verbs:
        if tok.lower.endswith("ing") and lemma in rules.gerund_verbs:
            return k, cue_end, said_on  # "described witnessing 35 bodies"
        return (k, cue_end, said_on) if _has_as(scan, k, lemma) else None
    if tok.lower == "to":
        return (k, cue_end, said_on) if lemma in rules.infinitive_verbs else None
    if tok.lower in _rules_prepositions() and not _number_follows(scan, k + 1, rules) \
            or tok.lower in rules.no_content and _short_rest(scan, k):
        return None  # "wrote for other artists", "announced this" (but "said over 100 people")
    if tok.lower.endswith("ing") and not tok.capital and lemma not in rules.gerund_verbs:
        return None  # "announced investigating ...", "promised cutting ...": an action, not a report
    if tok.lower in ("and", "or", "but", "nor"):
        return None  # "Third place and the bronze medal went to ...": no report begins with a conjunction
    if lemma in rules.clause_verbs and not _clause_follows(scan, k, rules, numbers=lemma in rules.number_verbs):
        return None  # "announced new rules", "declared a state of emergency"
    return k, cue_end, said_on


@cache
def _rules_prepositions() -> frozenset[str]:
    return frozenset(load_json("reporting.json")["complement_prepositions"])


def _skip_after(scan: _Scan, k: int, rules: _Rules) -> int:
    """Skip adverbials, dates and asides between a cue and its content."""
    return _skip_after_cue(scan, k, rules)[0]


def _skip_after_cue(scan: _Scan, k: int, rules: _Rules) -> tuple[int, int]:
    """Skip adverbials, dates and asides between a cue and its content: (index after them, index
    after the last adverbial, which the cue's words include: "said in a statement", not the date)."""
    toks = scan.unit.tokens
    n = len(toks)
    cue_words_end = k
    while k < n:
        m = scan.match(k, rules.adverbials)
        if m:
            k += m
            cue_words_end = k
            continue
        d = scan.date_starting(k)
        if d is not None:
            k = scan.unit.at(d.end)
            continue
        if toks[k].text == "," and k + 1 < n and toks[k + 1].lower == "citing":
            close = next((j for j in range(k + 2, min(n, k + 16)) if toks[j].text == ","), None)
            if close is not None:
                k = close + 1  # "reported, citing Y data, that ...": the source is read by its own frame
                continue
        if toks[k].text == "(":
            close = next((j for j in range(k + 1, min(n, k + 10)) if toks[j].text == ")"), None)
            if close is not None:
                k = close + 1  # "announced via Twitter around 11:30 am (1830 UTC), ..."
                continue
        if toks[k].text == "," and k + 1 < n and (scan.match(k + 1, rules.adverbials) or scan.date_starting(k + 1)):
            k += 1
            continue
        if toks[k].text in ("—", "–") or (toks[k].text == "," and k + 1 < n and toks[k + 1].lower in (
                "however", "though", "meanwhile", "too")):
            close = next((j for j in range(k + 1, min(n, k + 14)) if toks[j].text == toks[k].text), None)
            if close is not None and close > k + 1:
                k = close + 1
                continue
        if toks[k].lower in ("for", "in", "on", "at", "over", "during", "since", "after", "before"):
            that = next((j for j in range(k + 1, min(n, k + 6)) if toks[j].lower == "that"), None)
            if that is not None and all(t.word for t in toks[k + 1:that]):
                k = that  # "have said for years that ..."
                break
        if toks[k].lower in ("from", "on", "via", "in", "at", "to", "during", "through", "over", "of", "about"):
            # "tweeting from its official account: “...”", "wrote on his blog: ..."
            close = next((j for j in range(k + 1, min(n, k + 13))
                          if toks[j].text == ":" or toks[j].text in QUOTES), None)
            if close is not None and all(t.word and t.lower not in _rules().finite for t in toks[k + 1:close]):
                k = close if toks[close].text != ":" else close
                break
        if toks[k].word and not toks[k].capital and toks[k].lower.endswith("ly") and len(toks[k].lower) > 3 \
                and k + 1 < n and (toks[k + 1].lower == "that" or toks[k + 1].text in (",", ":")):
            k += 1
            continue
        break
    return k, cue_words_end


def _hearer(scan: _Scan, k: int, rules: _Rules) -> int | None:
    """The last token of a hearer phrase after "told" ("told reporters", "told the BBC", "told a local
    radio station"), or None when the content starts at once ("told him to ...")."""
    toks = scan.unit.tokens
    n = len(toks)
    j = k
    if toks[j].lower in ("the", "a", "an", "his", "her", "their", "its"):
        j += 1
    last = None
    while j < n and j - k < 6 and toks[j].word and toks[j].lower not in rules.hearer_stop \
            and toks[j].lower not in rules.finite \
            and toks[j].lower not in ("that", "to", "on", "in", "at", "after", "before"):
        last = j
        j += 1
        if j < n and (toks[j].text in (",", ":") or toks[j].text in QUOTES or toks[j].lower in (
                "that", "to") or toks[j].lower in rules.hearer_stop):
            break
    if last is None:
        if toks[k].lower in ("him", "her", "them", "me", "us", "you"):
            return k
        return None
    if toks[k].capital and last > k and last + 1 < n and toks[last + 1].lower in rules.finite:
        return k  # "told NPR Hamza bin Laden had ...": the hearer is one name, the content follows
    return last


def _has_as(scan: _Scan, k: int, lemma: str) -> bool:
    """"described X as Y", "accused X of Y", "called X Y" (with a quotation or an article after the
    object), "described X to Y: “...”"."""
    toks = scan.unit.tokens
    stop = min(len(toks), k + 14)
    marker = "of" if lemma == "accuse" else "as"
    for j in range(k, stop):
        if toks[j].text == ":" and j + 1 < len(toks) and toks[j + 1].text in QUOTES:
            return True
        if toks[j].text in (",", ";", "."):
            return False
        if toks[j].lower == marker and lemma != "call":
            return True
        if lemma == "call" and j > k and (toks[j].text in QUOTES and toks[j].text not in CLOSE_QUOTES
                                          or toks[j].lower in ("a", "an") and toks[k].lower not in ("a", "an")):
            return True
    return False


def _clause_follows(scan: _Scan, k: int, rules: _Rules, numbers: bool = False) -> bool:
    """A clause or a quotation (or, with ``numbers``, a count: "reported 36 infections") before the
    next clause break: the verb reports, it does not act ("announced new rules")."""
    toks = scan.unit.tokens
    j = k
    while j < min(len(toks), k + 30):
        tok = toks[j]
        if tok.text == "," and j + 1 < len(toks) and toks[j + 1].lower in ("which", "who", "whose"):
            close = next((m for m in range(j + 2, min(len(toks), j + 16)) if toks[m].text == ","), None)
            if close is not None:
                j = close + 1  # "a new feature, which had not ..., was forcing": look past the relative clause
                continue
        if tok.text in (",", ";", ":", ".", "(", ")") and j > k:
            return False
        if tok.lower in rules.finite or tok.text in QUOTES:
            return True
        if numbers and (tok.text.replace(",", "").replace(".", "").isdigit()
                        or tok.lower in rules.number_words and tok.lower not in ("a", "an")):
            return True
        j += 1
    return False


def _number_follows(scan: _Scan, k: int, rules: _Rules) -> bool:
    """A number within the next three words ("over 100", "at least 71", "more than half")."""
    toks = scan.unit.tokens
    return any(toks[j].text[:1].isdigit() or toks[j].lower in rules.number_words or toks[j].text in ("$", "€", "£")
               for j in range(k, min(len(toks), k + 3)))


def _short_rest(scan: _Scan, k: int) -> bool:
    """"announced this on Monday", "said so": the pronoun is the whole content (no verb follows)."""
    rest = [t for t in scan.unit.tokens[k + 1:k + 6] if t.word]
    return not any(t.lower in _rules().finite or t.lower.endswith("ed") for t in rest)


def _noun_form_is_verb(scan: _Scan, subject: tuple[int, int], cstart: int, rules: _Rules) -> bool:
    """"reports", "claims", "states" are verbs after a name or a pronoun, or before "that" or a quotation."""
    toks = scan.unit.tokens
    if cstart > 0 and (toks[cstart - 1].lower == "that" or toks[cstart - 1].text == ":"
                       or toks[cstart].text in QUOTES):
        return True
    head = toks[head_index(scan.unit, *subject)]
    return head.capital or head.lower in ("he", "she", "they", "it", "we", "i") or _institution(head.lower)


def _institution(word: str) -> bool:
    """An organisation or a body of data ("ministry", "agency", "figures", "poll"), not a person noun."""
    from facttrack.extract.phrases import _lex as phrase_lex
    from facttrack.extract.phrases import singular

    lex = phrase_lex()
    word = singular(word)
    return word in lex.data_nouns or word in lex.statement_nouns or word in lex.institution_nouns


def _subject(scan: _Scan, j: int, rules: _Rules, loose: bool = False) -> tuple[int, int] | None:
    """The speaker of a verb whose content follows it: the noun phrase that ends at token ``j``
    (after adverbs were skipped), or the clause's opening noun phrase when an apposition, a
    relative clause or a coordinated verb stands between them."""
    unit, toks = scan.unit, scan.unit.tokens
    if j < 0:
        return None
    tok = toks[j]
    if tok.lower in ("who", "which") and j >= 1:
        k = j - 1 if toks[j - 1].text == "," else j
        phrase = phrase_before(unit, k - 1) if k - 1 >= 0 else None
        if phrase is not None and is_statement_noun(toks[phrase[1]].lower):
            return _opening_subject(scan, phrase[0])  # "The group issued a statement, which said ..."
        return _speaker_text(scan, *phrase) if phrase else None
    if tok.lower in ("and", "but") or tok.text in (",", ")"):
        if tok.lower in ("and", "but"):
            # "The mayor praised the volunteers and added that ...": the verbs share the subject
            return _span_tokens(scan, scan.frames[-1].speaker) if scan.frames else _opening_subject(scan, j)
        opening = _opening_phrase(scan, j)
        if opening is not None:
            if speaker_head(unit, *opening) == "noun":
                # "The governor of Ohio, Mike DeWine, announced": the name in apposition is the speaker
                name = _appositive_name(scan, opening[1] + 1)
                if name is not None:
                    return name
            return opening
        if tok.text == ")":
            open_paren = next((k for k in range(j - 1, max(-1, j - 12), -1) if toks[k].text == "("), None)
            if open_paren is not None and open_paren > 0:
                phrase = phrase_before(unit, open_paren - 1)
                return _speaker_text(scan, *phrase) if phrase else None
        return None
    if tok.text in QUOTES or not tok.word:
        return None
    phrase = phrase_before(unit, j)
    if phrase is None:
        return None
    first, last = phrase
    first = trim_opening(unit, first, last)
    speaker = _speaker_text(scan, first, last, loose)
    if speaker is None:
        return None
    # "Carrie Lam, the chief executive of Hong Kong, announced": prefer the name before the apposition
    if speaker_head(unit, *speaker) == "noun" and speaker[0] >= 2 and toks[speaker[0] - 1].text == ",":
        name = _name_before_comma(scan, speaker[0] - 1)
        if name is not None:
            return name
    return speaker


def _after_quotation(scan: _Scan, first: int) -> bool:
    """True when a quotation closes right before token ``first`` (``“A,” X said``)."""
    toks = scan.unit.tokens
    k = first - 1
    if k >= 0 and toks[k].text == ",":
        k -= 1
    return k >= 0 and (toks[k].text in CLOSE_QUOTES or toks[k].text in ('"', "''")) and (
        k + 1 < len(toks) and toks[k + 1].text == "," or k - 1 >= 0 and toks[k - 1].text == ",")


def _span_tokens(scan: _Scan, span: tuple[int, int]) -> tuple[int, int]:
    unit = scan.unit
    first = unit.at(span[0])
    last = max(first, unit.at(span[1]) - 1)
    return first, last


def _opening_phrase(scan: _Scan, j: int) -> tuple[int, int] | None:
    """The noun phrase that opens the clause ending at token ``j`` (after openers and a leading
    adverbial segment), when it is a speaker and is followed by a comma or bracket (an apposition)."""
    unit, toks = scan.unit, scan.unit.tokens
    k = _after_lead(scan, _clause_start(scan, j), j)
    phrase = phrase_after(unit, k, j + 1)
    if phrase is None:
        return None
    first, last = phrase
    if last + 1 > j or toks[last + 1].text not in (",", "("):
        return None
    speaker = _speaker_text(scan, first, last)
    if speaker is None or speaker_head(unit, *speaker) is None:
        return None
    return speaker


def _name_before_comma(scan: _Scan, comma: int) -> tuple[int, int] | None:
    """"Carrie Lam, the chief executive ...": the capitalised name that ends right before ``comma``
    and opens its clause."""
    unit, toks = scan.unit, scan.unit.tokens
    phrase = phrase_before(unit, comma - 1)
    if phrase is None:
        return None
    run = name_run(unit, *phrase)
    if run is None or run[0] != trim_opening(unit, phrase[0], phrase[1]):
        return None
    before = run[0] - 1
    if before >= 0 and toks[before].word and toks[before].lower not in ("the",) and not _clause_opening(scan, run[0]):
        return None
    return run if speaker_head(unit, *run) == "name" else None


def _clause_opening(scan: _Scan, i: int) -> bool:
    """True when token ``i`` opens its clause (nothing but openers, a date or punctuation before it)."""
    toks = scan.unit.tokens
    start = _clause_start(scan, i)
    k = trim_opening(scan.unit, start, i)
    while k < i:
        d = scan.date_starting(k)
        if d is not None:
            k = scan.unit.at(d.end)
            continue
        if not toks[k].word:
            k += 1
            continue
        return False
    return True


def _clause_start(scan: _Scan, i: int) -> int:
    """The first token of the clause holding token ``i``: after the last semicolon, the last frame
    before it, or the unit's start."""
    toks = scan.unit.tokens
    start = scan.opening if i >= scan.opening else 0
    for f in scan.frames:
        if f.region[1] <= toks[i].start and not f.open_end and f.content[1] <= toks[i].start + 1 \
                or f.rule == "attribution.according_to" and f.region[1] <= toks[i].start:
            start = max(start, scan.unit.at(f.region[1]))
    for k in range(i - 1, start - 1, -1):
        if toks[k].text == ";":
            return k + 1
    return start


def _speaker_text(scan: _Scan, first: int, last: int, loose: bool = False) -> tuple[int, int] | None:
    """Trim a phrase to the part that names the speaker: no sentence openers, a name without the
    common nouns glued before it ("a process Zapata" -> "Zapata"), and only when it can speak.
    ``loose`` (after a verb that only reports speech: said, told, insisted): any common noun with a
    determiner can speak ("the bus driver said")."""
    unit, toks = scan.unit, scan.unit.tokens
    first = trim_opening(unit, first, last)
    while first < last and toks[first].lower in _ORDINARY_OPENERS:
        first += 1
    why = speaker_head(unit, first, last)
    if why is None and loose and _common_noun_phrase(scan, first, last):
        return first, last
    if why is None:
        # "the home of Prime Minister Tuilaepa" / "Johns Hopkins Center late today": the name in it
        runs = [k for k in range(first, last + 1) if toks[k].capital and (k == first or not toks[k - 1].capital)]
        for k in runs:
            run = name_run(unit, k, next((m - 1 for m in range(k + 1, last + 1) if not toks[m].capital
                                          and toks[m].lower not in ("of", "for", "and")), last))
            if run is not None and run[0] >= k and speaker_head(unit, *run) == "name" and (
                    k == first or toks[k - 1].lower in ("of", "at", "from", "for")):
                return run
        return None
    if why == "name" and not toks[first].capital and head_index(unit, first, last) == last:
        run = name_run(unit, first, last)
        if run is not None and run[0] > first and not _titles_before(scan, first, run[0]):
            first = run[0]
    return first, last


def _common_noun_phrase(scan: _Scan, first: int, last: int) -> bool:
    """"the bus driver", "a local shopkeeper": a determiner, then lower-case words."""
    from facttrack.extract.phrases import _lex as phrase_lex

    toks = scan.unit.tokens
    lex = phrase_lex()
    head = toks[head_index(scan.unit, first, last)]
    return (toks[first].lower in ("the", "a", "an", "one", "another", "his", "her", "their", "its", "our", "my")
            or toks[first].lower.endswith(("'s", "’s"))) \
        and head.word and head.lower.isalpha() and not head.capital and head.lower not in lex.non_speakers \
        and first < last


_ORDINARY_OPENERS = frozenset({"with", "for", "of", "from"})


def _titles_before(scan: _Scan, first: int, name_first: int) -> bool:
    """True when the lower-case words before a name are its title or role ("businessman and Trump
    loyalist", "the Wooster professor", "co-lead author")."""
    from facttrack.extract.phrases import _lex as phrase_lex

    lex = phrase_lex()
    words = [t for t in scan.unit.tokens[first:name_first] if t.word and not t.capital]
    return bool(words) and any(t.lower.split("-")[-1] in lex.role_nouns or t.lower in lex.speaker_nouns
                               for t in words)


def _appositive_name(scan: _Scan, k: int) -> tuple[int, int] | None:
    """", Dee Margo," after a description: the name in apposition."""
    toks = scan.unit.tokens
    if k >= len(toks) or toks[k].text != ",":
        return None
    phrase = phrase_after(scan.unit, k + 1)
    if phrase is None:
        return None
    run = name_run(scan.unit, *phrase)
    if run is None or run[0] != phrase[0] or phrase[1] + 1 >= len(toks) or toks[phrase[1] + 1].text != ",":
        return None
    return run


def _cut_at_verbish(scan: _Scan, first: int, last: int) -> int:
    """A phrase after "according to" ends before a word that opens the content ("according to police
    officers arrived" is rare; "according to X there were" is not)."""
    toks = scan.unit.tokens
    forms = _rules().forms
    for k in range(first + 1, last + 1):
        if toks[k].lower in ("there", "it", "he", "she", "they", "we"):
            return k - 1
        if toks[k].lower in forms and k + 1 < len(toks) and (
                toks[k + 1].lower == "that" or toks[k + 1].text in QUOTES or toks[k + 1].text[:1].isdigit()):
            return k - 1  # "by the UN estimates that ...": the verb of the next clause
    return last


def _statement_subject(scan: _Scan, j: int) -> bool:
    phrase = phrase_before(scan.unit, j) if j >= 0 else None
    if phrase is None:
        return False
    return is_statement_noun(scan.unit.tokens[phrase[1]].lower)


def _separate(scan: _Scan, first: int) -> bool:
    """True when the speaker opens a new clause (after "; " or ", and" / ", but"): such a frame ends
    the content of an earlier one instead of nesting in it."""
    toks = scan.unit.tokens
    k = first - 1
    while k >= 0 and toks[k].lower in ("and", "but", "while", "whereas", "although", "though"):
        k -= 1
    return k >= 0 and toks[k].text in (";",) or (k >= 0 and k < first - 1 and toks[k].text == ",")


def _before_comma(scan: _Scan, i: int) -> int:
    """The last token before the comma (or dash) that precedes token ``i``."""
    toks = scan.unit.tokens
    k = i - 1
    while k >= 0 and (not toks[k].word and toks[k].text not in QUOTES):
        k -= 1
    return k


def _content(scan: _Scan, first: int, last: int, skip: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """Character span of tokens ``first..last`` without outer punctuation and quotation marks
    (``skip``: a frame in the middle that the span goes over)."""
    toks = scan.unit.tokens
    if first > last or first >= len(toks):
        return None
    s, e = toks[first].start, toks[min(last, len(toks) - 1)].end
    s, e = _strip_quotes(scan.text, s, e)
    if e - s < 3:
        return None
    return s, e


def _trailing(scan: _Scan, i: int, last: int, left: int, lemma: str, rules: _Rules) -> bool:
    """C S V: "C, the statistics office said on Tuesday." / "“C,” Mayor Ruiz told a radio station."
    / "C, X, who heads the office, said." — the speaker stands between the content and the verb."""
    unit, toks = scan.unit, scan.unit.tokens
    if left < 0:
        return False
    j = left
    if toks[j].text == "," and j >= 2:
        # "C, Jane Okoro, who heads the office, said.": step back over the apposition or relative clause
        comma = next((k for k in range(j - 1, max(-1, j - 16), -1) if toks[k].text == ","), None)
        if comma is None:
            return False
        j = comma - 1
    if toks[j].text in QUOTES or not toks[j].word:
        return False
    phrase = phrase_before(unit, j)
    if phrase is None:
        return False
    first, plast = phrase
    speaker = _speaker_text(scan, first, plast)
    opening = trim_opening(unit, first, plast)
    if speaker is None or speaker[0] > opening and any(t.capital for t in toks[opening:speaker[0]]):
        return False
    k = opening - 1
    if k < 0 or not (toks[k].text in (",", "—", "–") or toks[k].text in CLOSE_QUOTES or toks[k].text in ('"', "''")):
        return False
    after, words_end = _skip_after_cue(scan, last + 1, rules)
    said_on = next((d for d in scan.dates
                    if toks[last].end <= d.start and (after >= len(toks) or d.end <= toks[after].start)), None)
    return _content_before(scan, k, speaker, (toks[i].start, toks[max(last, words_end - 1)].end), after,
                           "attribution.trailing", said_on, quote_only=lemma in rules.need_quote)


def _inverted(scan: _Scan, i: int, last: int, left: int, rules: _Rules) -> bool:
    """C V S: "“C,” said Jane Okoro." / "C, says the report, which ..." """
    unit, toks = scan.unit, scan.unit.tokens
    if left < 0 or not (toks[left].text in (",", "—") or toks[left].text in CLOSE_QUOTES
                        or toks[left].text in ('"', "''")):
        return False
    phrase = phrase_after(unit, last + 1)
    if phrase is None:
        return False
    first, plast = phrase
    plast = _cut_at_verbish(scan, first, plast)
    speaker = _speaker_text(scan, first, plast)
    if speaker is None:
        return False
    cue_end = _skip_after(scan, plast + 1, rules)
    if cue_end < len(toks) and toks[cue_end].text not in (",", ".", "!", "?", ";", "(", "—", "–"):
        return False  # "... says Zelensky “has ...”": the name opens the content, it does not speak
    if cue_end < len(toks) and toks[cue_end].text == ",":
        # ", who heads the office,": a relative clause or apposition after the speaker is frame, too
        nxt = next((k for k in range(cue_end + 1, len(toks)) if toks[k].text in (",", ".")), len(toks))
        if cue_end + 1 < len(toks) and toks[cue_end + 1].lower in ("who", "which", "a", "an", "the"):
            cue_end = nxt
    said_on = next((d for d in scan.dates
                    if toks[plast].end <= d.start and d.end <= toks[min(cue_end, len(toks)) - 1].end), None)
    return _content_before(scan, left, speaker, (toks[i].start, toks[last].end), cue_end,
                           "attribution.inverted", said_on)


def _content_before(scan: _Scan, k: int, speaker: tuple[int, int], cue: tuple[int, int], after: int,
                    rule: str, said_on: DateMention | None, quote_only: bool = False) -> bool:
    """Record a frame whose content ends at token ``k`` (the comma or quotation mark before the
    speaker or verb). A quotation is the content; otherwise the clause. A split quotation
    ("“A,” X said, “B.”") runs on to the end of its second part."""
    unit, toks = scan.unit, scan.unit.tokens
    end_tok = k - 1 if toks[k].text in (",", "—", "–") else k
    while end_tok >= 0 and not toks[end_tok].word and toks[end_tok].text not in QUOTES:
        end_tok -= 1
    if end_tok < 0:
        return False
    start_tok = _clause_start(scan, end_tok)
    closes = toks[end_tok].text in CLOSE_QUOTES or toks[end_tok].text in ('"', "''")
    if closes:
        opening = next((m for m in range(end_tok - 1, start_tok - 1, -1)
                        if toks[m].text in OPEN_QUOTES or toks[m].text in ('"', "''")), None)
        inner = opening is not None and any(toks[start_tok].start <= f.speaker[0] < toks[opening].start
                                            for f in scan.frames)
        if opening is not None and not inner:
            start_tok = opening  # the quotation is the content; with a cue before it the whole clause is
    if not closes and (quote_only or not _clause_like(scan, start_tok, end_tok)):
        return False  # "In his victory speech, Johnson stressed ...": a phrase, not a report
    content = _content(scan, start_tok, end_tok)
    if content is None:
        return False
    kind = "direct" if closes and scan.text[content[0] - 1:content[0]] in QUOTE_CHARS else "indirect"
    region_end = toks[min(after, len(toks)) - 1].end
    if after < len(toks) - 1 and toks[after].text == "," and toks[after + 1].text in QUOTES:
        second = next((m for m in range(after + 2, len(toks)) if toks[m].text in CLOSE_QUOTES
                       or toks[m].text in ('"', "''")), len(toks) - 1)
        content = (content[0], _strip_quotes(scan.text, toks[after + 1].start, toks[second].end)[1])
        region_end = toks[second].end
    sp = unit.span(*speaker)
    scan.frames.append(_Frame(sp, cue, content, (min(sp[0], cue[0]), max(region_end, sp[1], cue[1])), kind, rule,
                              said_on=said_on))
    scan.taken.append((unit.at(min(sp[0], cue[0])), max(unit.at(cue[1]) - 1, speaker[1])))
    return True


def _clause_like(scan: _Scan, first: int, last: int) -> bool:
    """Reported content before its speaker is a clause (a verb, a number or a quotation in it), or a
    few words that do not open with a preposition ("In his victory speech, X stressed" is no report)."""
    toks = scan.unit.tokens
    words = [t for t in toks[first:last + 1] if t.word]
    if any(t.lower in _rules().finite or t.text[:1].isdigit() for t in words) or any(
            t.text in QUOTES for t in toks[first:last + 1]):
        return True
    return len(words) >= 3 and words[0].lower not in _rules_prepositions() and words[0].lower not in (
        "early", "late", "later", "earlier")


def _participle_frame(scan: _Scan, i: int, last: int, lemma: str, rules: _Rules) -> bool:
    """", adding that C" / ", saying C" / "by saying C" / ", with X claiming C": the speaker is the
    subject of the clause the participle belongs to."""
    unit, toks = scan.unit, scan.unit.tokens
    prev = _skip_before(scan, i - 1, rules)
    subject: tuple[int, int] | None = None
    if prev >= 0 and toks[prev].word and toks[prev].lower not in ("by", "before", "after", "while", "and",
                                                                  "further", "also"):
        phrase = phrase_before(unit, prev)
        if phrase is not None and phrase[0] > 0 and toks[phrase[0] - 1].lower == "with":
            subject = _speaker_text(scan, *phrase)  # ", with some local press claiming C"
        elif not is_statement_noun(toks[prev].lower):  # "issued a statement saying C": the issuer speaks
            return False
        if subject is None and not is_statement_noun(toks[prev].lower):
            return False
    elif prev >= 0 and toks[prev].text not in (",", "—", "–") and toks[prev].lower not in (
            "by", "before", "after", "while", "and", "further", "also"):
        return False
    if subject is None:
        earlier = [f for f in scan.frames if f.speaker[1] <= toks[i].start and f.kind != "according_to"]
        if earlier:
            subject = _span_tokens(scan, earlier[-1].speaker)
        else:
            subject = _opening_subject(scan, i)
    if subject is None:
        return False
    complement = _complement(scan, last + 1, lemma, rules)
    if complement is None:
        return False
    cstart, cue_end, said_on = complement
    content = _content(scan, cstart, len(toks) - 1)
    if content is None:
        return False
    kind = "direct" if scan.text[content[0] - 1:content[0]] in QUOTE_CHARS else "indirect"
    cue_start = toks[i].start
    region_start = toks[prev].start if prev >= 0 and toks[prev].text in (",", "—", "–") else cue_start
    scan.frames.append(_Frame(unit.span(*subject), (cue_start, cue_end), content, (region_start, cue_end), kind,
                              "attribution.participle", open_end=True, said_on=said_on, separate=True))
    scan.taken.append((i, last))
    return True


def _after_lead(scan: _Scan, k: int, limit: int) -> int:
    """Skip what leads a clause before its subject: openers ("However,"), dates ("On Wednesday,"),
    and a leading phrase set off by a comma that opens with a preposition, a participle or a
    lower-case word ("In a livestream,", "Following the vote,", "Post-war,")."""
    unit, toks = scan.unit, scan.unit.tokens
    for _ in range(4):
        k = trim_opening(unit, k, limit)
        d = scan.date_starting(k)
        if d is not None:
            k = unit.at(d.end)
            continue
        if k < limit and toks[k].text == ",":
            k += 1
            continue
        seg_end = next((m for m in range(k, limit) if toks[m].text == ","), None)
        if seg_end is None or k >= len(toks) or seg_end >= limit:
            break
        first = toks[k]
        if not first.capital and first.lower not in ("the", "a", "an") or first.lower in _rules_prepositions() \
                or first.lower.endswith("ing") or "-" in first.lower and first.lower.split("-")[0] in (
                "post", "pre", "mid", "late", "early"):
            k = seg_end + 1
            continue
        break
    return k


def _opening_subject(scan: _Scan, limit: int) -> tuple[int, int] | None:
    """The noun phrase that opens the unit's first clause, when it can speak ("The ministry raised
    the toll, saying ...")."""
    unit = scan.unit
    k = _after_lead(scan, 0, limit)
    phrase = phrase_after(unit, k, limit)
    if phrase is None:
        return None
    first, last = phrase
    run = name_run(unit, first, last)
    speaker = _speaker_text(scan, first, last)
    if speaker is None and run is not None:
        speaker = run
    return speaker


def _colon_frame(scan: _Scan, rules: _Rules) -> None:
    """"The mayor: “We need help.”" — a speaker phrase that opens the unit, then a colon and a quotation."""
    unit, toks = scan.unit, scan.unit.tokens
    colon = next((k for k, t in enumerate(toks) if t.text == ":"), None)
    if colon is None or colon == 0 or colon + 1 >= len(toks) or toks[colon + 1].text not in QUOTES:
        return
    if any(f.cue[0] <= toks[colon].start <= f.content[1] or f.content[0] <= toks[colon].start < f.content[1]
           for f in scan.frames):
        return
    phrase = phrase_before(unit, colon - 1)
    if phrase is None or phrase[0] != trim_opening(unit, 0, phrase[1]) and not _clause_opening(scan, phrase[0]):
        return
    speaker = _speaker_text(scan, *phrase)
    if speaker is None or speaker_head(unit, *speaker) not in ("name", "noun"):
        return
    content = _content(scan, colon + 1, len(toks) - 1)
    if content is None:
        return
    scan.frames.append(_Frame(unit.span(*speaker), unit.span(colon, colon), content,
                              (unit.span(*speaker)[0], toks[colon].end), "direct", "attribution.colon"))


FRAMES: tuple[Callable[[_Scan, int, _Rules, bool], bool], ...] = (
    _according_frame,  # according to X / citing X / as per X
    _nested_frame,  # X quoted Y as saying / Y was quoted by X as saying
    _passive_frame,  # as reported by X / was claimed by X
    _verb_frame,  # S V C, then C S V, then C V S; participles continue the speaker's clause
)
"""The frames tried at each word of a unit, in this order; the first that reads a cue there wins.
A new construction is a new entry here (a function of the unit's tokens) plus its test table."""


def _finish(scan: _Scan) -> list[Cue]:
    """Cut open contents at the next frame, name the relays of nested reports, make Cues."""
    frames = sorted(scan.frames, key=lambda f: f.cue[0])
    text = scan.text
    out: list[Cue] = []
    for f in frames:
        content = f.content
        if f.open_end:
            for g in frames:
                if g is f or g.cue[0] <= f.cue[0]:
                    continue
                start = g.region[0]
                if content[0] < start < content[1] and (g.separate or g.rule in (
                        "attribution.participle", "attribution.trailing", "attribution.inverted")
                        and g.speaker[0] >= content[0] and _new_clause_before(text, content[0], start)):
                    content = _strip_quotes(text, content[0], _cut_point(text, start))
        if content[1] - content[0] < 2 and f.has_content:
            continue
        speaker = text[f.speaker[0]:f.speaker[1]]
        speaker, sp = _normalise_source(speaker, f.speaker)
        cue_text = text[f.cue[0]:f.cue[1]].strip(" ,.;:—–") or text[f.cue[0]:f.cue[1]].strip()
        out.append(Cue(speaker, sp[0], sp[1], cue_text, f.cue[0], f.cue[1], content[0], content[1], f.kind, f.rule,
                       f.said_on, f.reported_by, has_content=f.has_content, makes_claim=f.makes_claim))
    return _link_reporters(text, out)


def _new_clause_before(text: str, content_start: int, frame_start: int) -> bool:
    """True when a trailing frame inside an open content ends a clause of its own (its content
    starts after a sentence-internal break), so the open content stops before it."""
    return True


def _cut_point(text: str, start: int) -> int:
    """Where an open content ends before the frame starting at ``start``: before the comma or dash."""
    end = start
    while end > 0 and text[end - 1] in " ,;—–":
        end -= 1
    return end


def _normalise_source(speaker: str, span: tuple[int, int]) -> tuple[str, tuple[int, int]]:
    """"figures released by the ministry" / "the ministry's data" / "a statement from X" -> X."""
    rules = _rules()
    m = rules.data_re.match(speaker) or rules.statement_re.match(speaker)
    if m and m.group(0) and speaker[m.end():].strip():
        rest = speaker[m.end():]
        return rest, (span[0] + m.end(), span[1])
    suffix = rules.data_suffix_re.search(speaker) or rules.statement_re.search(speaker)
    rest = speaker[: suffix.start()].strip() if suffix else ""
    if suffix and suffix.start() > 0 and rest.lower() not in rules.determiners and (
            any(c.isupper() for c in rest) or _institution(rest.split()[-1].lower())):
        return speaker[: suffix.start()], (span[0], span[0] + suffix.start())
    return speaker, span


def unnamed_cues(text: str, start: int, end: int) -> list[tuple[int, int, Cue | None]]:
    """For each clause of a sentence (split at ";"): its span and the unnamed source it names, if any
    ("The crash reportedly killed seven": kept as written, no claim). One pass per sentence."""
    out: list[tuple[int, int, Cue | None]] = []
    pattern = _rules().unnamed_re
    clause_start = start
    while clause_start < end:
        stop = text.find(";", clause_start, end)
        clause_end = end if stop < 0 else stop
        m = pattern.search(text, clause_start, clause_end)
        cue = None if m is None else Cue(m.group(0), m.start(), m.end(), m.group(0), m.start(), m.end(),
                                         start, end, "indirect", "attribution.unnamed", has_content=False)
        out.append((clause_start, clause_end, cue))
        clause_start = clause_end + 1
    return out


def _link_reporters(text: str, cues: list[Cue]) -> list[Cue]:
    """A cue whose speaker stands inside another cue's content is relayed by that outer speaker
    (``reported_by``), and its own content ends where the outer content ends."""
    out: list[Cue] = []
    for cue in cues:
        outer = [o for o in cues if o is not cue and o.kind != "according_to" and o.makes_claim
                 and o.content_start <= cue.speaker_start and cue.speaker_end <= o.content_end
                 and not cue.content_start <= o.speaker_start < cue.content_end]
        if outer and cue.reported_by is None:
            o = min(outer, key=lambda c: c.content_end - c.content_start)
            end = min(cue.content_end, o.content_end)
            start, end = _strip_quotes(text, cue.content_start, end)
            if end > start:
                cue = replace(cue, reported_by=o.speaker, content_end=end)
        out.append(cue)
    for i, cue in enumerate(out):
        if cue.rule == "attribution.citing" and cue.reported_by is None:
            relay = next((o for o in out if o is not cue and o.cue_end <= cue.cue_start
                          and cue.cue_start - o.cue_end <= 40), None)
            if relay is not None:
                out[i] = replace(cue, reported_by=relay.speaker)
    return out


def _strip(text: str, s: int, e: int, chars: str = " \t\n,.;:") -> tuple[int, int]:
    while s < e and text[s] in chars:
        s += 1
    while e > s and text[e - 1] in chars:
        e -= 1
    return s, e


def _strip_quotes(text: str, s: int, e: int) -> tuple[int, int]:
    s, e = _strip(text, s, e, " \t\n,.;:—–" + QUOTE_CHARS + "‘’'")
    return s, e


# ----------------------------------------------------------------------- quotations across units

def continue_quotations(text: str, cues: list[Cue], units: list[tuple[int, int]], cued: set[int]) -> list[Cue]:
    """A direct claim whose quotation goes on in the next units ("“A,” X said. “B.”", or a new
    paragraph that opens with a quotation and has no cue of its own) covers them too: its content
    runs to the end of the last such quotation. ``units`` are the units' character spans in order;
    ``cued`` the indices of units that have a cue of their own."""
    if not cues:
        return cues
    out = list(cues)
    for index, cue in enumerate(out):
        if cue.kind != "direct" or not cue.makes_claim:
            continue
        k = next((u for u, (a, b) in enumerate(units) if a <= cue.content_start < b), None)
        if k is None:
            continue
        end = cue.content_end
        u = k + 1
        while u < len(units) and u not in cued:
            a, b = units[u]
            gap = text[units[u - 1][1]:a]
            chunk = text[a:b]
            if gap.count("\n") > 2 or chunk.lstrip()[:1] not in ("\"", "“", "«") or not _quote_closes(chunk):
                break
            end = _strip_quotes(text, a, b)[1]
            u += 1
        if end > cue.content_end:
            out[index] = replace(cue, content_end=end)
    return out


def _quote_closes(chunk: str) -> bool:
    """A unit that is one quotation: it opens with a quotation mark and ends with a closing one."""
    tail = chunk.rstrip().rstrip(".!?")
    return tail.endswith(("”", "\"", "»")) or chunk.rstrip().endswith(("”", "\"", "»", ".”", ".\""))
