"""The extraction pipeline behind facttrack.extract.extract.

Stages, in this order: sentences and attribution units (segment) -> dates (dates) -> numbers
(numbers) -> named actors (actors) -> reporting cues per unit (attribution), their pronoun speakers
resolved and their quotations continued into the next units -> figures (figures), each attributed
to the innermost cue whose content holds it -> names resolved to canonical actors at the end, when
every alias of the article is known.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import cache
from typing import Final

from facttrack.document import Document
from facttrack.extract.actors import (
    ActorRegistry,
    classify,
    find_named_actors,
    is_pronoun,
    is_unnamed,
    named_by_description,
)
from facttrack.extract.attribution import Cue, continue_quotations, cue_positions, cue_words, find_cues, unnamed_cues
from facttrack.extract.attribution.speakers import organisation_subject, person_subject, plural_subject
from facttrack.extract.attribution.vocabulary import load_rules
from facttrack.extract.dates import DateMention, find_dates
from facttrack.extract.figures import (
    FigureReading,
    echo_metric,
    echoes_a_name,
    inherit_metric,
    non_figure_reason,
    read_figure,
    starter_sets,
)
from facttrack.extract.memo import word_set
from facttrack.extract.model import Claim, Extraction, Figure, Period
from facttrack.extract.numbers import NumberMention, find_numbers
from facttrack.extract.phrases import is_age_noun, is_data_noun, is_statement_noun
from facttrack.extract.places import FigureSpan, figure_places
from facttrack.extract.scan import Starts, WordIndex
from facttrack.extract.segment import Span, sentences, units
from facttrack.lexicon import load_json

_PERIOD_KINDS: Final = ("date", "month", "weekday", "relative", "year")


@dataclass(frozen=True, slots=True)
class _FoundFigure:
    """A figure as read, before actor names are resolved."""

    number: NumberMention
    reading: FigureReading
    cue: Cue | None
    period: DateMention | None
    sentence: Span

    # written out so that mypyc compiles it (the __init__ that @dataclass writes runs as Python);
    # tests/test_native.py checks that it takes and sets the fields, in order
    def __init__(self, number: NumberMention, reading: FigureReading, cue: Cue | None, period: DateMention | None,
                 sentence: Span) -> None:
        object.__setattr__(self, "number", number)
        object.__setattr__(self, "reading", reading)
        object.__setattr__(self, "cue", cue)
        object.__setattr__(self, "period", period)
        object.__setattr__(self, "sentence", sentence)


def extract(document: Document) -> Extraction:
    """Find figures, claims and actors in ``document.text``, every one with its character span."""
    if document.language and document.language.replace("_", "-").split("-")[0].lower() != "en":
        return Extraction(document=document)  # the rules are English: nothing rather than wrong figures
    text = document.text
    spans = sentences(text)
    groups = units(text, spans)
    unit_spans = [(spans[a].start, spans[b].end) for a, b in groups]
    numbers, cue_starts, dates, registry, starts = _mentions(document, unit_spans)
    number_starts = [n.start for n in numbers]
    date_starts = [d.start for d in dates]

    unit_cues = _find_unit_cues(text, unit_spans, dates, date_starts, cue_starts, registry,
                                [span.start for span in spans])
    claims, claim_index = _claims(text, unit_cues, unit_spans, registry)
    found = _find_figures(text, spans, groups, numbers, number_starts, dates, date_starts, unit_cues, starts)
    places = figure_places(text, [FigureSpan(f.reading.start, f.reading.end, f.sentence.start, f.sentence.end)
                                  for f in found])
    figures = [_figure(text, f, registry, claim_index, place) for f, place in zip(found, places, strict=True)]
    return Extraction(document=document, figures=tuple(figures), claims=tuple(claims), actors=tuple(registry.actors()))


def _mentions(document: Document, unit_spans: list[tuple[int, int]]
              ) -> tuple[list[NumberMention], list[int], list[DateMention], ActorRegistry, Starts]:
    """Numbers, where cues may stand, dates and named actors, all found through one word index (which
    is gone when this returns: on a long report it is the largest thing extraction builds), and the
    offsets of the figure rules' starter words, kept from it."""
    text = document.text
    words = WordIndex(text)
    numbers = find_numbers(text, words)
    cue_starts = cue_positions(text, cue_words(text, words))
    number_starts = [n.start for n in numbers]
    # dates matter only where a number or a cue is: scan just those units
    busy = [(a, b) for a, b in unit_spans if _any_between(number_starts, a, b) or _any_between(cue_starts, a, b)]
    dates = find_dates(text, document.published, busy, words)
    registry = ActorRegistry()
    find_named_actors(text, registry, words)
    kept = Starts(words, [*starter_sets(), load_rules().unnamed_re.starters])
    return numbers, cue_starts, dates, registry, kept


def _find_unit_cues(text: str, unit_spans: list[tuple[int, int]], dates: list[DateMention], date_starts: list[int],
                    cue_starts: list[int], registry: ActorRegistry, sentence_starts: list[int]) -> list[list[Cue]]:
    """The cues of every unit, speakers that are pronouns resolved where the text makes it plain,
    and direct quotations continued into the units that go on quoting without a cue."""
    per_unit: list[list[Cue]] = []
    speakers: list[tuple[int, str]] = []  # (offset, name) of each person who has spoken so far
    for ustart, uend in unit_spans:
        if not _any_between(cue_starts, ustart, uend):
            per_unit.append([])
            continue
        udates = dates[bisect_left(date_starts, ustart):bisect_left(date_starts, uend)]
        cues = find_cues(text, ustart, uend, udates)
        for index, cue in enumerate(cues):
            speaker, reported_by = _resolve_speaker(cue, registry, sentence_starts, speakers, text)
            if speaker == cue.reported_by and reported_by is None:
                # "I"/"we" inside X's quotation is X, as X's own cue resolves ("“I told them C,” she said")
                outer = next((c for c in cues if c.speaker == speaker and c is not cue), None)
                if outer is not None:
                    speaker = _resolve_speaker(outer, registry, sentence_starts, speakers, text)[0]
            if (speaker, reported_by) != (cue.speaker, cue.reported_by):
                cue = cues[index] = replace(cue, speaker=speaker, reported_by=reported_by)
            if not is_pronoun(speaker) and not is_pronoun(speaker.split()[-1]) and not is_unnamed(speaker) \
                    and speaker.split()[0].lower() not in word_set("interlocutor_possessives"):
                entry = registry.add(speaker, classify(speaker), rule="actors.speaker", at=cue.speaker_start)
                registry.add_speaker_surname_mentions(entry, text)
                if cue.has_content and cue.makes_claim:
                    speakers.append((cue.speaker_start, speaker))
            if cue.reported_by and not is_pronoun(cue.reported_by):
                registry.add(cue.reported_by, classify(cue.reported_by), rule="actors.reporter")
        per_unit.append(cues)
    cued = {k for k, cues in enumerate(per_unit) if cues}
    for k, cues in enumerate(per_unit):
        if cues:
            per_unit[k] = continue_quotations(text, cues, unit_spans, cued)
    return per_unit


def _claims(text: str, unit_cues: list[list[Cue]], unit_spans: list[tuple[int, int]],
            registry: ActorRegistry) -> tuple[list[Claim], dict[tuple[int, int, str], int]]:
    """One claim per cue with content (the same content and speaker once), and where each is."""
    claims: list[Claim] = []
    index: dict[tuple[int, int, str], int] = {}
    for cues, (ustart, uend) in zip(unit_cues, unit_spans, strict=True):
        for cue in cues:
            if not (cue.has_content and cue.makes_claim) or is_unnamed(cue.speaker):
                continue
            key = _claim_key(cue)
            if key in index:
                continue
            index[key] = len(claims)
            claims.append(Claim(
                speaker=registry.resolve(cue.speaker), cue=cue.cue, kind=cue.kind,
                text=text[cue.content_start:cue.content_end],
                said_on=cue.said_on.first if cue.said_on and cue.said_on.first else None,
                reported_by=registry.resolve(cue.reported_by), start=cue.content_start,
                end=cue.content_end, sentence_start=ustart, sentence_end=max(uend, cue.content_end),
                rule=cue.rule, evidence=(f"cue '{cue.cue}'", f"speaker '{cue.speaker}'"),
            ))
    return claims, index


def _claim_key(cue: Cue) -> tuple[int, int, str]:
    return cue.content_start, cue.content_end, cue.speaker


def _find_figures(text: str, spans: list[Span], groups: list[tuple[int, int]], numbers: list[NumberMention],
                  number_starts: list[int], dates: list[DateMention], date_starts: list[int],
                  unit_cues: list[list[Cue]], starts: Starts) -> list[_FoundFigure]:
    """Every number that is a figure, read in its sentence and attributed to the innermost cue whose
    content holds it (else an unnamed source such as "reportedly" in its clause, else nobody)."""
    found: list[_FoundFigure] = []
    named: set[str] = set()  # numbers the article uses in a name ("Boeing 707"): "the 707" is that name again
    running: list[Cue] = []  # cues whose content goes on into later units (a quotation continued)
    by_value: dict[float, FigureReading] = {}  # the last figure of each value: "the 36" counts it again
    for (first, last), cues in zip(groups, unit_cues, strict=True):
        ustart = spans[first].start
        running = [c for c in running if c.content_end > ustart]
        with_content = [c for c in cues if c.has_content] + running
        running += [c for c in cues if c.has_content and c.content_end > spans[last].end]
        for k in range(first, last + 1):
            s = spans[k]
            lo, hi = bisect_left(number_starts, s.start), bisect_left(number_starts, s.end)
            if lo == hi:
                continue  # no number, no figure
            prev = (spans[k - 1].start, spans[k - 1].end) if k > 0 else None
            sdates = dates[bisect_left(date_starts, s.start):bisect_left(date_starts, s.end)]
            earlier = None
            unnamed = None  # the sentence's unnamed sources, read when a figure has no cue of its own
            for n in numbers[lo:hi]:
                reason = None if n.end > s.end else non_figure_reason(text, n, sdates, s.start, starts)
                if reason == "name":
                    named.add(text[n.start:n.end])
                if n.end > s.end or reason or _counts_a_speaker(cues, n):
                    continue
                reading = inherit_metric(text, n, read_figure(text, n, (s.start, s.end), prev, starts), earlier)
                reading = echo_metric(text, n, reading, by_value)
                earlier = by_value[n.value] = reading
                cue = _covering_cue(with_content, n)
                if cue is None:
                    unnamed = unnamed_cues(text, s.start, s.end, starts) if unnamed is None else unnamed
                    cue = next((c for a, b, c in unnamed if a <= n.start <= b), None)
                found.append(_FoundFigure(n, reading, cue, _period(sdates, n, cue), s))
    return [f for f in found if not echoes_a_name(text, f.number, named)]


def _figure(text: str, f: _FoundFigure, registry: ActorRegistry,
            claim_index: dict[tuple[int, int, str], int], place: str | None) -> Figure:
    n, reading, cue, period = f.number, f.reading, f.cue, f.period
    evidence = list(reading.evidence)
    a_start, a_end = _attr_span(cue) if cue else (0, 0)
    if cue is not None:
        evidence.append(f"attributed by '{text[a_start:a_end]}'")
    return Figure(
        value=n.value, value_max=n.value_max, qualifier=reading.qualifier,
        metric=reading.metric, counted=reading.counted, unit=n.unit,
        text=text[reading.start:reading.end], start=reading.start,
        end=reading.end, sentence_start=f.sentence.start, sentence_end=f.sentence.end,
        hedged=reading.hedged, vague=n.vague,
        attributed_to=registry.resolve(cue.speaker) if cue else None,
        attribution_text=text[a_start:a_end] if cue else None,
        reported_by=registry.resolve(cue.reported_by) if cue else None,
        refers_to=Period(period.first, period.last, period.text) if period else None,
        claim_index=claim_index.get(_claim_key(cue)) if cue else None,
        rule=reading.rule + (f"+{cue.rule}" if cue else ""),
        evidence=tuple(evidence),
        place=place,
    )


def _any_between(starts: list[int], start: int, end: int) -> bool:
    k = bisect_left(starts, start)
    return k < len(starts) and starts[k] < end


_PRONOUN_WINDOW: Final = 2500  # characters: a pronoun looks back a few paragraphs, never to the article's start


def _subject_before(text: str, at: int, sentence_starts: list[int], *, plural: bool = True,
                    opening: bool = True) -> str | None:
    """"The Montreal team used the data. They found ...": "they" opening a sentence (after at most an
    opener) is the group that opens the sentence before, when one does; "it" the organisation
    ("The Health Ministry issued figures. It said ..."). With ``opening`` False the pronoun may stand
    anywhere in its sentence ("According to its report": a possessive before the source noun)."""
    before = _sentence_before(text, at, sentence_starts, opening)
    if before is None:
        return None
    span = (plural_subject if plural else organisation_subject)(text, *before)
    return text[span[0]:span[1]] if span else None


def _described_before(text: str, at: int, sentence_starts: list[int], registry: ActorRegistry) -> str | None:
    """"One of the victims decided to speak. She said ...": "he"/"she" opening a sentence is the person
    described (not named) as the subject of the sentence before, when no person is named since."""
    before = _sentence_before(text, at, sentence_starts, opening=True)
    if before is None or registry.latest(at, ("person",), after=before[0]) is not None:
        return None
    span = person_subject(text, *before)
    return text[span[0]:span[1]] if span else None


def _sentence_before(text: str, at: int, sentence_starts: list[int], opening: bool) -> tuple[int, int] | None:
    """The span of the sentence before the one holding offset ``at``; with ``opening``, only when what
    stands at ``at`` opens its sentence (after at most an opener: "And it said")."""
    k = bisect_right(sentence_starts, at) - 1
    if k < 1 or opening and len(text[sentence_starts[k]:at].split()) > 1:
        return None
    return sentence_starts[k - 1], sentence_starts[k]


def _two_sentences_back(sentence_starts: list[int], at: int) -> int:
    """The start of the sentence two before the one holding offset ``at``: how far back a description
    ("the company", "the 45-year-old") looks for the actor it stands in for."""
    k = bisect_right(sentence_starts, at) - 1
    return sentence_starts[max(0, k - 2)] if k >= 0 else 0


def _elegant_variation(speaker: str) -> bool:
    """"the 45-year-old", "the Wooster professor": "the" and an age, or a capitalised word before a
    role noun; such a description names someone the text has just named."""
    words = speaker.split()
    if len(words) < 2 or words[0].lower() != "the":
        return False
    if len(words) == 2:
        return is_age_noun(words[1].lower())
    return len(words) == 3 and (words[1][:1].isupper() or is_age_noun(words[1].lower())) \
        and not words[2][:1].isupper() and classify(" ".join(words[1:])) == "person"


def _resolve_speaker(cue: Cue, registry: ActorRegistry, sentence_starts: list[int],
                     speakers: list[tuple[int, str]], text: str) -> tuple[str, str | None]:
    """(speaker, reported_by) with a pronoun or a bare role ("the foreign minister") resolved to an
    actor the text named before it, when one of the right kind was named within a few paragraphs:
    "he"/"she" after a quotation to the person who spoke last, when named and of a compatible sex ("X talked
    of ... “...,” she recalls"), else to the person of a compatible sex named first in the last
    sentence naming one (its subject, as a rule), roles to the person last given that title,
    "they"/"it" after the content to the content's subject when a group or an organisation, "they"
    opening a sentence to the group opening the sentence before, "they"/"it" to an organisation or
    group named last, "its"/"their" before a document ("its report") as "it"/"they", "I"/"we" inside
    a quotation to the person quoted
    (``speakers``: offset and name of each person who spoke before). Otherwise the words stay as
    written: a name is never invented."""
    speaker, at = cue.speaker, cue.speaker_start
    low = _CONTRACTION.sub("", speaker.lower())  # "I've", "they've"
    words = low.split()
    possessive = 2 <= len(words) <= 3 and words[0] in _possessive_subjects() \
        and (is_statement_noun(words[-1]) or is_data_noun(words[-1]))
    if possessive:  # "According to its report", "its press release", "Their statement said": the pronoun's source
        low = _possessive_subjects()[words[0]]
    after = max(0, at - _PRONOUN_WINDOW)
    found = None
    if low in word_set("first_person_pronouns") and cue.reported_by:
        return cue.reported_by, None
    if low in ("he", "she") and cue.kind == "direct" and cue.content_end <= cue.speaker_start and speakers:
        last_at, last = speakers[-1]
        sex = registry.person_sex(last)
        named = all(w[:1].isupper() for w in last.split())  # "Emma Hart", not "His daughter"
        if last_at >= after and named and sex in ("a", "m" if low == "he" else "f"):
            return last, cue.reported_by
    if low in ("he", "she"):
        found = _described_before(text, at, sentence_starts, registry)
        found = found or registry.latest(at, ("person",), after=after, sex="m" if low == "he" else "f",
                                         sentences=sentence_starts)
    elif low in ("they", "it"):
        if cue.content_end <= cue.speaker_start and not possessive:
            # "Prosecutors charged the suspect, they said": after the content, the pronoun names its
            # subject when that is a group ("they") or an organisation ("it")
            span = (plural_subject if low == "they" else organisation_subject)(text, cue.content_start,
                                                                              cue.content_end)
            found = text[span[0]:span[1]] if span else None
        found = found or _subject_before(text, at, sentence_starts, plural=low == "they", opening=not possessive)
        # ("it" is one body, never a group of people: "investigators ... It hit the ocean after asking")
        kinds = ("organization", "group") if low == "they" else ("organization",)
        found = found or registry.latest(at, kinds, after=after, sentences=sentence_starts)
    else:
        words = low.split()
        if 2 <= len(words) <= 4 and words[0] == "the" and classify(speaker) == "person":
            found = registry.latest(at, ("person",), after=after, title=tuple(words[1:]))
        if found is None and 2 <= len(words) <= 3 and words[0] in word_set("possessive_determiners") \
                and classify(speaker) == "person":
            # "his daughter Nettie Baker ... his daughter said": the name given with the same description
            found = named_by_description(text, speaker, after, at)
            found = registry.resolve(found) if found else None
        if found is None and _elegant_variation(speaker):
            # "The 45-year-old said", "The Wooster professor added": a description standing in for the
            # person the sentence before (or the one before it) named
            found = registry.latest(at, ("person",), after=_two_sentences_back(sentence_starts, at),
                                    sentences=sentence_starts)
        elif 2 <= len(words) <= 3 and words[0] == "the" and words[-1] in word_set("organisation_roles", "actors.json"):
            # "Acme Corp reported its results. The company said ...": a bare kind of organisation is the
            # organisation named first in the last sentence (of the two before) that names one
            found = registry.latest(at, ("organization",), after=_two_sentences_back(sentence_starts, at),
                                    sentences=sentence_starts, named=True)
    return (found or speaker), cue.reported_by


_CONTRACTION: Final = re.compile(r"['’](?:ve|d|ll|re|m|s)$")


@cache
def _possessive_subjects() -> dict[str, str]:
    return load_json("grammar.json")["possessive_subjects"]


def _counts_a_speaker(cues: list[Cue], n: NumberMention) -> bool:
    """"according to two people familiar with the matter", "..., said one official": a number inside a
    cue's speaker counts the sources, which is no figure."""
    return n.value < _MOST_SOURCES and not n.unit \
        and any(c.speaker_start <= n.start and n.end <= c.speaker_end for c in cues)


# a cue names a few sources ("two officials", "fifty former officials"), never "a million people"
_MOST_SOURCES: Final = 100


def _covering_cue(cues: list[Cue], n: NumberMention) -> Cue | None:
    """The innermost cue whose content holds the number (the originator of a nested report)."""
    holding = [c for c in cues if c.content_start <= n.start and n.end <= c.content_end + 1]
    if not holding:
        return None
    # the innermost; on a tie the source a report cites (the originator) wins over the relayer
    return min(holding, key=lambda c: (c.content_end - c.content_start, c.rule != "attribution.citing"))


def _attr_span(cue: Cue) -> tuple[int, int]:
    return min(cue.speaker_start, cue.cue_start), max(cue.speaker_end, cue.cue_end)


def _period(sdates: list[DateMention], n: NumberMention, cue: Cue | None) -> DateMention | None:
    """The date expression in the sentence nearest the number, other than when it was said."""
    best = None
    best_distance = 1 << 30
    for d in sdates:
        if d.kind not in _PERIOD_KINDS or (cue is not None and cue.said_on is d):
            continue
        if cue is not None and cue.cue_start <= d.start <= cue.cue_end + 30 and d.start >= cue.cue_start:
            continue
        distance = n.start - d.end if d.end <= n.start else d.start - n.end
        if distance < best_distance:
            best, best_distance = d, distance
    return best
