"""Who says it: reporting cues, their speakers and the content they attribute.

Decided per unit (a sentence, or sentences held together by a quotation). Forms handled:
"according to X, ..." / "..., according to X", "X said (in a statement) (that) ...", "..., X said.",
"“...,” said X.", "X told Y ...", "X called on Y to ...", "X quoted/cited Y as saying ...",
"X reported, citing Y, ...", and data subjects ("figures from X show", "X's data indicated").
Speakers are kept as written here; actors.py resolves them to canonical names.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

from facttrack.extract.dates import DateMention
from facttrack.extract.scan import WordIndex, first_words, matches_at, starter_words
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
    verb_re: re.Pattern[str]
    according_re: re.Pattern[str]
    nested_re: re.Pattern[str]
    citing_re: re.Pattern[str]
    adverbial_re: re.Pattern[str]
    object_verbs: frozenset[str]
    directive_verbs: frozenset[str]
    data_subjects: frozenset[str]
    no_content: frozenset[str]
    speaker_heads: frozenset[str]
    person_roles: frozenset[str]
    pronouns: frozenset[str]
    ambiguous: frozenset[str]
    non_speakers: frozenset[str]
    needs_clause: frozenset[str]
    unnamed_re: re.Pattern[str]
    trigger_re: re.Pattern[str]
    trigger_starters: frozenset[str]


@cache
def _rules() -> _Rules:
    rep = load_json("reporting.json")
    actors = load_json("actors.json")
    verbs = alternation(rep["speech"])
    verb_re = re.compile(rf"(?<![\w-])(?:{verbs})(?![\w-])")
    according_re = re.compile(
        r"(?<![\w-])(?P<cue>[Aa]ccording to|[Cc]iting|[Aa]s per|Per)\s+"
        r"(?P<who>[^,.;:()“”\"]{2,120}?)"
        r"(?=\s*(?:[,.;:()“”\"?!]|$|\s(?:there|which|who|is|are|was|were|the \w+ said)\b))"
    )
    nested_re = re.compile(
        r"(?<![\w-])(?P<cue>quoted|cited|quoting|citing)\s+(?P<who>[^,.;:“”\"]{2,100}?)\s+as\s+"
        r"(?P<verb>saying|estimating|stating|reporting|putting|claiming|telling)\b"
    )
    citing_re = re.compile(r",\s*citing\s+(?P<who>[^,.;:“”\"]{2,100}?)\s*,")
    adverbials = [*rep["adverbials"]]
    adverbial_re = re.compile(rf"\s*(?:,\s*)?(?:{alternation(adverbials)})\b")
    heads = {w.lower() for w in (*actors["group_nouns"], *actors["org_words_lower"],
                                 *actors["person_role_nouns"])}
    heads |= {w.lower() for w in rep["data_subjects"]}
    heads |= {"spokesman", "spokeswoman", "spokesperson", "driver", "press", "agency", "officer",
              "organisers", "organizers", "unions", "broadcaster", "website", "team", "people"}
    return _Rules(
        verb_re, according_re, nested_re, citing_re, adverbial_re,
        frozenset(rep["object"]), frozenset(rep["directive"]),
        frozenset(w.lower() for w in rep["data_subjects"]), frozenset(rep["no_content"]),
        frozenset(heads), frozenset(w.lower() for w in actors["person_role_nouns"]),
        frozenset(actors["pronouns"]), frozenset(rep["ambiguous"]), frozenset(rep["non_speakers"]),
        frozenset(rep["needs_clause"]),
        re.compile(rf"\b(?:{alternation(rep['unnamed_cues'])})\b", re.IGNORECASE),
        re.compile(rf"(?<![\w-])(?:{verbs}|[Aa]ccording to|[Cc]iting|[Aa]s per|Per|quoted|cited|quoting)(?![\w-])"),
        starter_words([*first_words(rep["speech"]), "according", "citing", "as", "per", "quoted",
                       "cited", "quoting"]),
    )


_CLAUSE_BREAK = re.compile(r"[,;:()\[\]“”\"]|\s(?:and|but|while|whereas|as|because|although|that|after|"
                           r"before|when|where|which|who|so)\s")
_VERBISH = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has|have|had|do|does|did|will|would|can|could|should|may|"
    r"might|must|not|this|these|those|it|there|to|if|then|than|also|which|who)\b")
_TRAIL_ADVERB = re.compile(
    r"(?:\s+(?:also|likewise|later|earlier|previously|first|initially|separately|again|further|"
    r"publicly|repeatedly|reportedly|then|now|has|have|had|at first|once|since|just|subsequently|"
    r"officially|quickly|already|always|never|often|on \w+day|today|yesterday|on Twitter|in \w+|[a-z]+ly|"
    r"(?:issued|released|published|put out|posted)\s+(?:a|an)\s+(?:\w+\s+)?(?:statement|message|note|report)))+$")
_LEAD_WORDS = re.compile(r"^(?:(?:But|And|Yet|So|Meanwhile|However|Also|Still|Now|Today|Earlier|Later|"
                         r"Separately|Instead|Then|While|Although|Though|As|When|If|Since|Because),?\s+)+")
_NAMEISH = re.compile(r"^[A-Z][\w'’.&-]*$")
_AND_BEFORE = re.compile(r"(?:^|[\s,])and\s+(?:also\s+|then\s+|later\s+)?$")


def cue_words(text: str, index: WordIndex | None = None) -> list[int]:
    """Offsets of every word a reporting cue can begin with (the cue rules are tried only there).
    ``index``: the text's words, when the caller has them already."""
    return (index or WordIndex(text)).starts(_rules().trigger_starters)


def cue_positions(text: str, candidates: list[int]) -> list[int]:
    """Where a reporting cue starts (from ``cue_words``), so that units without any cue skip the cue
    rules entirely."""
    return [m.start() for m in matches_at(_rules().trigger_re, text, candidates)]


def find_cues(text: str, start: int, end: int, dates: list[DateMention],
              candidates: list[int] | None = None) -> list[Cue]:
    """All attribution cues in ``text[start:end]`` (one unit), outermost and inner ones alike.
    ``candidates``: the text's ``cue_words`` offsets; without them every offset is tried."""
    rules = _rules()
    unit = text[start:end]
    relative = None if candidates is None else \
        [c - start for c in candidates[bisect_left(candidates, start):bisect_left(candidates, end)]]

    def matches(pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        return pattern.finditer(unit) if relative is None else matches_at(pattern, unit, relative)

    cues: list[Cue] = []
    taken: list[tuple[int, int]] = []
    for m in matches(rules.nested_re):
        cue = _nested(text, start, end, m, dates)
        if cue:
            cues.extend(cue)
            taken.append((m.start() + start, m.end() + start))
    for m in matches(rules.according_re):
        s = m.start() + start
        if any(a <= s < b for a, b in taken):
            continue
        cue = _according(text, start, end, m, rules)
        if cue:
            cues.append(cue)
    for m in matches(rules.verb_re):
        s = m.start() + start
        if any(a <= s < b for a, b in taken):
            continue
        cue = _speech(text, start, end, m, rules, dates)
        if cue is None and _AND_BEFORE.search(unit, 0, m.start()):
            # "The mayor praised the volunteers and added that ...": the verbs share the subject
            subject = (cues[-1].speaker, cues[-1].speaker_start, cues[-1].speaker_end) if cues \
                else _opening_subject(text, start, s, rules)
            if subject:
                cue = _speech_after_subject(text, start, end, m.group(0), s, s + len(m.group(0)), subject,
                                            rules, dates, coordinated=True)
        if cue:
            cues.append(cue)
    linked = _link_reporters(text, cues)
    for i, cue in enumerate(linked):
        if cue.rule == "attribution.citing" and cue.reported_by is None:
            relay = next((o for o in linked if o is not cue and 0 <= cue.cue_start - o.cue_end <= 3), None)
            if relay is not None:
                linked[i] = replace(cue, reported_by=relay.speaker)
    return linked


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


_TRAILING_RULES = ("attribution.trailing", "attribution.inverted")


def _link_reporters(text: str, cues: list[Cue]) -> list[Cue]:
    """A cue whose speaker stands inside another cue's content is relayed by that outer speaker
    (``reported_by``), and its own content ends where the outer content ends."""
    out: list[Cue] = []
    for cue in cues:
        outer = [o for o in cues if o is not cue and o.kind != "according_to"
                 and o.content_start <= cue.speaker_start and cue.speaker_end <= o.content_end
                 and (o.rule in _TRAILING_RULES or not cue.content_start <= o.speaker_start < cue.content_end)]
        if outer and cue.reported_by is None:
            o = min(outer, key=lambda c: c.content_end - c.content_start)
            end = min(cue.content_end, o.content_end)
            start, end = _strip_quotes(text, cue.content_start, end)
            if end > start:
                cue = replace(cue, reported_by=o.speaker, content_end=end)
        out.append(cue)
    return out


def _strip(text: str, s: int, e: int, chars: str = " \t\n,.;:") -> tuple[int, int]:
    while s < e and text[s] in chars:
        s += 1
    while e > s and text[e - 1] in chars:
        e -= 1
    return s, e


def _strip_quotes(text: str, s: int, e: int) -> tuple[int, int]:
    s, e = _strip(text, s, e, " \t\n,.;:" + QUOTE_CHARS)
    return s, e


def _according(text: str, ustart: int, uend: int, m: re.Match[str], rules: _Rules) -> Cue | None:
    who = m.group("who").strip()
    ws = ustart + m.start("who")
    cue_text = m.group("cue")
    who, skipped = _data_source(who)
    if skipped:
        cue_text = f"{cue_text} {skipped}"
        ws += len(skipped) + 1
    words = who.split()
    if not words or words[-1].lower() in rules.non_speakers or who.lower() in ("you", "me", "us", "him", "her"):
        return None  # "as per the latest update" names no one
    cs, ce = ustart + m.start(), ustart + m.start("who") + len(m.group("who"))
    before = text[ustart:cs]
    after_start = ce
    # "According to X, CONTENT" / "CONTENT, according to X." / "A was, according to X, B"
    citing = cue_text.lower().startswith("citing")
    relayed = citing and before.rstrip().endswith(",") and text[after_start:uend].lstrip().startswith(",")
    if relayed:
        # "CBS reported, citing Y data, there were ...": Y is the source of what follows
        lead = re.match(r"\s*,\s*(?:that\s+)?", text[after_start:uend])
        content = _strip_quotes(text, after_start + (lead.end() if lead else 0), uend)
        if content[1] <= content[0]:
            return None
        return Cue(who, ws, ws + len(who), cue_text, cs, ce, content[0], content[1], "according_to",
                   "attribution.citing", makes_claim=False)
    if not before.strip(" \t\n,“\"") or re.fullmatch(r"\s*(?:But|And|Yet|However|So)\s*", before):
        content = _strip_quotes(text, after_start, uend)
    elif not text[after_start:uend].strip(" \t\n.,;”\""):
        content = _strip_quotes(text, ustart, cs)
        content = (content[0], content[1])
    else:
        content = _strip_quotes(text, ustart, uend)
    if content[1] <= content[0]:
        return None
    return Cue(who, ws, ws + len(who), cue_text, cs, ce, content[0], content[1],
               "according_to", "attribution.according_to")


_DATA_PREFIX = re.compile(r"(?:[Tt]he\s+)?(?:latest\s+|official\s+|preliminary\s+|new\s+)?(?:[Ee]stimates|[Ff]igures|"
                          r"[Dd]ata|[Ss]tatistics|[Nn]umbers|[Aa] report|[Aa] count|[Aa] tally)\s+"
                          r"(?:from|by|of|(?:published|compiled|released|reported|provided|collected|gathered) by)\s+")
_DATA_SUFFIX = re.compile(r"(?:'s|’s)?\s+(?:data|figures|statistics|estimates|count|tally|records|numbers)$")


def _data_source(who: str) -> tuple[str, str]:
    """"figures from the ministry" / "the ministry's data" -> ("the ministry", words set aside)."""
    prefix = _DATA_PREFIX.match(who)
    if prefix and who[prefix.end():].strip():
        return who[prefix.end():], who[: prefix.end()].strip()
    suffix = _DATA_SUFFIX.search(who)
    if suffix and who[: suffix.start()].strip():
        return who[: suffix.start()], ""
    return who, ""


def _nested(text: str, ustart: int, uend: int, m: re.Match[str], dates: list[DateMention]) -> list[Cue]:
    """ "Radio X quoted Mayor Y as saying ..." : one claim per level, Y the originator."""
    rules = _rules()
    vs = ustart + m.start()
    outer = _subject_before(text, ustart, vs, rules)
    who = m.group("who").strip()
    ws = ustart + m.start("who")
    content = _strip_quotes(text, ustart + m.end(), uend)
    if content[1] <= content[0] or len(who.split()) > 10:
        return []
    cue_text = f"{m.group('cue')} ... as {m.group('verb')}"
    reporter = outer[0] if outer else None
    inner = Cue(who, ws, ws + len(who), cue_text, vs, ustart + m.end(), content[0], content[1],
                "direct" if text[ustart + m.end():content[0]].strip() and text[content[0] - 1] in QUOTE_CHARS
                else "indirect", "attribution.nested", reported_by=reporter)
    out = [inner]
    if outer:
        out.append(Cue(outer[0], outer[1], outer[2], m.group("cue"), vs, vs + len(m.group("cue")),
                       ws, content[1], "indirect", "attribution.nested_outer"))
    return out


# A hearer: a short noun phrase that ends before a pronoun or determiner opens the reported clause
# ("told reporters he lost control", "told Fox News their investigation ...").
_HEARER_STOP = r"(?:he|she|they|it|we|i|there|the|a|an|his|her|their|its|that|this|to)\b"
_ADDRESSEE = re.compile(
    r"\s*(?:(?:the|a|an|his|her|their|its)\s+)?"
    rf"(?!{_HEARER_STOP})[\w'’.&-]+(?:\s+(?!{_HEARER_STOP})[\w'’.&-]+){{0,4}}?"  # words split only at spaces
    r"(?=\s+to\s|\s+that\s|\s*[,:;“\"]|\s*$|\.\s*$|\s+(?:he|she|they|it|we|I|there|the|a|an|his|her|their|its)\s)")
_NAME_RUN = re.compile(r"(?:[A-Z][\w'’.&-]*(?:\s+(?:(?:de|da|van|von|bin|al|of|for)\s+)?[A-Z][\w'’.&-]*)*)$")
_PREPOSITION = frozenset("""of in at on for from with by to into as about after before during since under among amongst
despite following including unlike like without within across against beyond toward towards upon via""".split())
_THAT_FOLLOWS = re.compile(r"\s+(?:(?:on|in|at)\s+\w+\s+)?that\b")
_PASSIVE_OR_RELATION = re.compile(r"\s+by\b|(?<=ing)\s+to\b")
_CLAUSE_START = re.compile(r"\s*(?:that\b|[:“\"‘]|[^.;]{0,40}?\d)")
_FUNCTION_WORDS = frozenset("the a an and or but some this that these those its his her their".split())


def _subject_before(text: str, ustart: int, vstart: int, rules: _Rules, strict: bool = True,
                    dates: list[DateMention] | None = None) -> tuple[str, int, int] | None:
    """The speaker phrase ending right before a reporting verb, or None when it is no speaker."""
    ustart = max(ustart, vstart - 300)  # a speaker phrase is a few words: never look further back
    left = text[ustart:vstart]
    stripped = left.rstrip()
    trail = _TRAIL_ADVERB.search(stripped)
    if trail:
        stripped = stripped[: trail.start()]
    stripped = stripped.rstrip(" ,")
    if not stripped:
        return None
    # the clause that ends at the verb: after the last clause break
    cut = 0
    for b in _CLAUSE_BREAK.finditer(stripped):
        piece = stripped[b.end():]
        # keep "Centres for Disease Control and Prevention": a break on " and " only before lowercase
        if b.group(0).strip() == "and" and piece[:1].isupper():
            continue
        cut = b.end()
    phrase = stripped[cut:]
    relative = re.search(r",?\s(?:who|which|whose)\s$", stripped[:cut]) if cut else None
    if relative or (re.match(r"(?:who|which|whose)\b", phrase) and cut):
        # "Ruth Chanda, who chairs the Commission, announced": the subject stands before the relative clause
        before_rel = stripped[: relative.start() if relative else cut].rstrip(" ,")
        return _subject_before(text, ustart, ustart + len(before_rel) + 1, rules, strict, dates) \
            if before_rel else None
    first = phrase.split(maxsplit=1)[0] if phrase.strip() else ""
    if cut and stripped[:cut].endswith(",") and first and (
            first[0].islower() and first not in ("the", "its", "his", "her", "their") or first in ("a", "an")):
        # "Keith Holloway, an NTSB spokesman, told": the name before the apposition is the speaker
        head = stripped[:cut - 1].rstrip()
        name = _NAME_RUN.search(head)
        if name and name.group(0) and name.group(0).split()[0].lower() not in _PREPOSITION \
                and _clause_start_before(head[: name.start()]):
            start = ustart + name.start()
            return name.group(0), start, start + len(name.group(0))
    while phrase[:1].isspace():
        phrase, cut = phrase[1:], cut + 1
    lead = _LEAD_WORDS.match(phrase) or re.match(r"with\s+", phrase)  # ", with engineers saying ..."
    if lead:
        cut += lead.end()
        phrase = phrase[lead.end():]
    for d in dates or ():
        # "On Thursday officials reported": a date that opens the phrase is not part of the speaker
        if d.start - ustart == cut and d.end <= vstart:
            cut = d.end - ustart
            phrase = stripped[cut:]
    phrase = phrase.strip(" ,")
    if not phrase:
        return None
    words = phrase.split()
    if len(words) > 12 or _VERBISH.search(phrase.lower()) and phrase.lower() not in rules.pronouns:
        return None
    if words[0].lower() in _PREPOSITION or all(w.lower() in _FUNCTION_WORDS for w in words):
        return None  # "in the eastern United States responded", "The states"
    if words[-1].endswith(("'", "’", "'s", "’s")):
        return None  # "Hamas’ demands": a possessive, so the verb is a noun
    head = _singular(words[-1].lower(), rules)
    prep = next((i for i, w in enumerate(words) if w in ("of", "in", "from", "at", "for", "with", "within")), None)
    if prep and _singular(words[prep - 1].lower(), rules) in rules.speaker_heads:
        head = _singular(words[prep - 1].lower(), rules)
    if head in rules.pronouns:
        if len(words) != 1:
            return None
    elif not (_NAMEISH.match(words[-1]) or head in rules.speaker_heads
              or not strict and len(words) <= 4 and all(w.isalpha() for w in words)):
        return None
    if not (words[0][0].isupper() or words[0].lower() in ("the", "a", "an", "some", "local", "its", "his",
                                                         "her", "their", "two", "three", "several",
                                                         "many", "one", "other", "senior", "district",
                                                         "provincial", "state", "police", "health",
                                                         "military", "government", "officials",
                                                         "witnesses", "residents", "sources")
            or head in rules.speaker_heads or not strict):
        return None
    start = ustart + left.index(phrase, cut) if phrase in left[cut:] else ustart + cut
    return phrase, start, start + len(phrase)


def _opening_subject(text: str, ustart: int, limit: int, rules: _Rules) -> tuple[str, int, int] | None:
    """The noun phrase that opens a sentence, ending at its first speaker noun or name: the subject a
    later coordinated reporting verb shares."""
    words = list(re.finditer(r"[\w'’.&-]+", text[ustart:limit]))[:7]
    for i, w in enumerate(words):
        word = w.group(0)
        if _singular(word.lower(), rules) in rules.speaker_heads or (
                i > 0 and word[:1].isupper() and (i + 1 == len(words) or not words[i + 1].group(0)[:1].isupper())):
            phrase = text[ustart + words[0].start():ustart + w.end()]
            if _VERBISH.search(phrase.lower()):
                return None
            return phrase, ustart + words[0].start(), ustart + w.end()
        if i > 0 and word[:1].islower() and word.lower() not in rules.speaker_heads and i >= 3:
            return None
    return None


def _singular(word: str, rules: _Rules) -> str:
    """"lawyers" -> "lawyer" when only the singular is a known speaker noun."""
    if word not in rules.speaker_heads and word.endswith("s") and word[:-1] in rules.speaker_heads:
        return word[:-1]
    return word


def _clause_start_before(text: str) -> bool:
    """True when ``text`` (what precedes a name) ends where a clause can begin."""
    tail = text.rstrip()
    return not tail or tail[-1] in ".;:!?“\"(" or bool(_LEAD_WORDS.fullmatch(tail + " "))


def _speech(text: str, ustart: int, uend: int, m: re.Match[str], rules: _Rules,
            dates: list[DateMention]) -> Cue | None:
    verb = m.group(0)
    vs, ve = ustart + m.start(), ustart + m.end()
    if _PASSIVE_OR_RELATION.match(text, ve, uend):
        return None  # "figures reported by X" (passive), "bishops reporting to themselves"
    # an ambiguous verb ("added", "claimed") needs a known speaker, unless "that" shows it reports
    strict = verb.split()[-1] in rules.ambiguous and not _THAT_FOLLOWS.match(text, ve, uend)
    subject = _subject_before(text, ustart, vs, rules, strict=strict, dates=dates)
    if subject is not None and any(d.start < subject[2] and subject[1] < d.end for d in dates):
        subject = None  # "as early as Monday, said the people": a date is no speaker
    if subject is not None:
        who, skipped = _data_source(subject[0])
        if who != subject[0]:
            offset = subject[0].index(who)
            subject = (who, subject[1] + offset, subject[1] + offset + len(who))
    if subject is not None:
        return _speech_after_subject(text, ustart, uend, verb, vs, ve, subject, rules, dates)
    return _speech_inverted(text, ustart, uend, verb, vs, ve, rules, dates)


def _skip_adverbials(text: str, pos: int, uend: int, rules: _Rules,
                     dates: list[DateMention]) -> tuple[int, DateMention | None, int]:
    """Skip "in a statement", "on Sunday"...: returns (position, date said, end of the cue words)."""
    said_on = None
    cue_end = pos
    while pos < uend:
        m = rules.adverbial_re.match(text, pos)
        if m and m.end() <= uend:
            pos = cue_end = m.end()
            continue
        d = next((d for d in dates if pos <= d.start <= pos + 3 and d.end <= uend
                  and not text[pos:d.start].strip(" ,")), None)
        if d is not None:
            said_on = said_on or d
            pos = d.end
            continue
        break
    return pos, said_on, cue_end


def _speech_after_subject(text: str, ustart: int, uend: int, verb: str, vs: int, ve: int,
                          subject: tuple[str, int, int], rules: _Rules,
                          dates: list[DateMention], coordinated: bool = False) -> Cue | None:
    speaker, ss, se = subject
    cue_end = ve
    pos, said_on, cue_text_end = _skip_adverbials(text, ve, uend, rules, dates)
    addressee = verb in rules.object_verbs or verb in rules.directive_verbs
    if addressee:
        # "told reporters", "called on Netanyahu to ...", "urged the government to ..."
        m = _ADDRESSEE.match(text, pos, uend)
        if m and verb in rules.directive_verbs:
            pos = m.end()
            to = re.match(r"\s+to\s+", text[pos:uend])
            if to:
                pos += to.end()
            cue_text_end = ve
        elif m and not re.match(r"\s*(?:that|the\s+\w+\s+(?:was|were|had|has|is|are))\b", text[pos:uend]):
            date = next((d for d in dates if pos <= d.start < m.end()), None)
            pos = date.start if date else m.end()  # "told reporters on Tuesday": the date is no hearer
            cue_text_end = pos
            more, d, _ = _skip_adverbials(text, pos, uend, rules, dates)
            pos, said_on = more, said_on or d
    rest = text[pos:uend]
    if verb.split()[-1] in rules.needs_clause and not coordinated and not _CLAUSE_START.match(rest) \
            and not _trailing_attribution(text, ustart, ss):
        return None  # "maintained a database": an action, not a report
    lead = re.match(r"\s*(?:,\s*(?:[^,]{1,40}),)?\s*(?:(?:for|in|on|at|over|during|since|after|before)\s+"
                    r"[\w ]{1,20}?\s+(?=that\b))?(?:that\s+|:\s*|,\s*)?", rest)
    cstart = pos + (lead.end() if lead else 0)
    cs, ce = _strip_quotes(text, cstart, uend)
    kind = "direct" if text[cstart:cstart + 1] in QUOTE_CHARS else "indirect"
    cue_text = text[vs:cue_text_end].strip(" ,.;:")
    if coordinated and (ce - cs < 3 or text[cs:ce].lower() in rules.no_content):
        return None
    if ce - cs < 3 or text[cs:ce].lower() in rules.no_content:
        # nothing after the verb: "“...,” the ministry added." or "..., officials said."
        before_end = ss
        bs, be = _strip(text, ustart, before_end, " \t\n,")
        opens = bs < be and text[bs] in QUOTE_CHARS
        closes = text[be - 1:be] in QUOTE_CHARS or text[be - 2:be] in (",”", ',"')
        kind = "direct" if opens and closes else "indirect"
        cs, ce = _strip_quotes(text, bs, be)
        if ce - cs < 3 or (before_end - ustart) < 3:
            return None
        if not text[ustart:ss].rstrip().endswith((",", "”", "\"", ",”", ":")):
            return None
        return Cue(speaker, ss, se, cue_text, vs, cue_end, cs, ce, kind, "attribution.trailing", said_on)
    first = text[cs:ce].split(maxsplit=1)[0].lower().strip(",.")
    if first in rules.no_content and (len(text[cs:ce].split()) <= 3 or first in ("this", "so", "nothing")):
        # "announced this on Monday": no content of its own, but the speaker is known for "she said"
        return Cue(speaker, ss, se, cue_text, vs, cue_end, cs, cs, kind, "attribution.no_content", said_on,
                   has_content=False)
    return Cue(speaker, ss, se, cue_text, vs, cue_end, cs, ce, kind,
               "attribution.speaker_verb" if not addressee else "attribution.speaker_verb_addressee",
               said_on)


def _trailing_attribution(text: str, ustart: int, speaker_start: int) -> bool:
    """True when the speaker follows the content: "..., the study found." / "“...,” she noted." """
    return text[ustart:speaker_start].rstrip().endswith((",", "”", "\"", ",”", ":"))


def _speech_inverted(text: str, ustart: int, uend: int, verb: str, vs: int, ve: int, rules: _Rules,
                     dates: list[DateMention]) -> Cue | None:
    """ '“...,” said Kamwendo.' / '..., said the people, who asked not to be named.' """
    before = text[ustart:vs].rstrip()
    if not before.endswith((",", ",”", ",\"", "”", "\"")):
        return None
    m = re.match(r"\s*(?P<who>(?:the\s+|a\s+|an\s+)?[^,.;:“”\"]{1,80}?)(?=\s*(?:[,.;:]|$|\s(?:on|in|at|late|"
                 r"earlier|after|before|when|who)\b))", text[ve:uend])
    if not m:
        return None
    who = m.group("who").strip()
    words = who.split()
    if not words or len(words) > 10 or _VERBISH.search(who.lower()):
        return None
    head = words[-1].lower().strip("'’")
    if not (_NAMEISH.match(words[-1]) or head in rules.speaker_heads or head in rules.pronouns):
        return None
    ws = ve + m.start("who") + (len(m.group("who")) - len(m.group("who").lstrip()))
    pos, said_on, _ = _skip_adverbials(text, ws + len(who), uend, rules, dates)
    cs, ce = _strip_quotes(text, ustart, vs)
    if ce - cs < 3:
        return None
    kind = "direct" if before.rstrip(",").endswith(("”", "\"")) or before.endswith(("”", "\"")) else "indirect"
    return Cue(who, ws, ws + len(who), verb, vs, ve, cs, ce, kind, "attribution.inverted", said_on)
