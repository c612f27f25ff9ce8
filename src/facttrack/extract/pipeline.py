"""The extraction pipeline behind facttrack.extract.extract.

Stages, in this order: sentences and attribution units (segment) -> dates (dates) -> numbers
(numbers) -> named actors (actors) -> per unit: reporting cues (attribution), then figures
(figures) attributed to the innermost cue whose content holds them -> names resolved to
canonical actors at the end, when every alias of the article is known.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

from facttrack.document import Document
from facttrack.extract.actors import ActorRegistry, classify, find_named_actors, is_pronoun, is_unnamed
from facttrack.extract.attribution import Cue, cue_positions, cue_words, find_cues, unnamed_cues
from facttrack.extract.dates import DateMention, find_dates
from facttrack.extract.figures import FigureReading, non_figure_reason, read_figure
from facttrack.extract.model import Claim, Extraction, Figure, Period
from facttrack.extract.numbers import NumberMention, find_numbers
from facttrack.extract.places import assign_places
from facttrack.extract.scan import WordIndex
from facttrack.extract.segment import sentences, units

_PERIOD_KINDS = ("date", "month", "weekday", "relative", "year")


def extract(document: Document) -> Extraction:
    """Find figures, claims and actors in ``document.text``, every one with its character span."""
    text = document.text
    spans = sentences(text)
    groups = units(text, spans)
    words = WordIndex(text)
    numbers = find_numbers(text, words)
    cue_candidates = cue_words(text, words)
    cue_starts = cue_positions(text, cue_candidates)
    number_starts = [n.start for n in numbers]
    # dates matter only where a number or a cue is: scan just those units
    busy = [(spans[a].start, spans[b].end) for a, b in groups
            if _any_between(number_starts, spans[a].start, spans[b].end)
            or _any_between(cue_starts, spans[a].start, spans[b].end)]
    dates = find_dates(text, document.published, busy, words)
    registry = ActorRegistry()
    find_named_actors(text, registry, words)

    date_starts = [d.start for d in dates]
    pending_claims: list[tuple[Cue, int, int]] = []
    pending_figures: list[tuple[NumberMention, FigureReading, Cue | None, DateMention | None, int, int]] = []
    previous_speakers: list[str] = []

    for first, last in groups:
        ustart, uend = spans[first].start, spans[last].end
        udates = dates[bisect_left(date_starts, ustart):bisect_left(date_starts, uend)]
        cues = find_cues(text, ustart, uend, udates, cue_candidates) if _any_between(cue_starts, ustart, uend) else []
        for index, cue in enumerate(cues):
            speaker = _speaker_name(cue.speaker, previous_speakers)
            if speaker != cue.speaker:
                cue = cues[index] = replace(cue, speaker=speaker)
            if not is_pronoun(speaker) and not is_unnamed(speaker):
                registry.add(speaker, classify(speaker), rule="actors.speaker")
                previous_speakers.append(speaker)
            if cue.reported_by and not is_pronoun(cue.reported_by):
                registry.add(cue.reported_by, classify(cue.reported_by), rule="actors.reporter")
            if cue.has_content and cue.makes_claim:
                pending_claims.append((cue, ustart, uend))
        cues = [c for c in cues if c.has_content]
        for k in range(first, last + 1):
            s = spans[k]
            lo, hi = bisect_left(number_starts, s.start), bisect_left(number_starts, s.end)
            if lo == hi:
                continue  # no number, no figure
            prev = (spans[k - 1].start, spans[k - 1].end) if k > 0 else None
            sdates = [d for d in udates if s.start <= d.start < s.end]
            earlier = None
            unnamed = unnamed_cues(text, s.start, s.end)
            for n in numbers[lo:hi]:
                if n.end > s.end or non_figure_reason(text, n, sdates, s.start):
                    continue
                reading = read_figure(text, n, (s.start, s.end), prev)
                if reading.metric == "other" and reading.counted is None and earlier is not None \
                        and earlier.metric != "other" and not n.unit:
                    # "at least 1,035 in Turkey and about 19 in Greece": a bare number counts what the
                    # figure before it in the sentence counts
                    reading = replace(reading, metric=earlier.metric,
                                      rule=reading.rule.replace("metric.none", "metric.previous_figure"),
                                      evidence=(*reading.evidence, "metric of the figure before it"))
                earlier = reading
                cue = _covering_cue(cues, n) or next(
                    (c for a, b, c in unnamed if a <= n.start <= b), None)
                period = _period(sdates, n, cue)
                pending_figures.append((n, reading, cue, period, s.start, s.end))

    claims: list[Claim] = []
    claim_index: dict[int, int] = {}
    seen: set[tuple[int, int, str]] = set()
    for cue, ustart, uend in pending_claims:
        key = (cue.content_start, cue.content_end, cue.speaker)
        if key in seen:
            continue
        seen.add(key)
        claim_index[id(cue)] = len(claims)
        claims.append(Claim(
            speaker=registry.resolve(cue.speaker), cue=cue.cue, kind=cue.kind,
            text=text[cue.content_start:cue.content_end],
            said_on=cue.said_on.first if cue.said_on and cue.said_on.first else None,
            reported_by=registry.resolve(cue.reported_by), start=cue.content_start,
            end=cue.content_end, sentence_start=ustart, sentence_end=uend, rule=cue.rule,
            evidence=(f"cue '{cue.cue}'", f"speaker '{cue.speaker}'"),
        ))

    figures: list[Figure] = []
    for n, reading, cue, period, s_start, s_end in pending_figures:
        evidence = list(reading.evidence)
        a_start, a_end = _attr_span(cue) if cue else (0, 0)
        if cue is not None:
            evidence.append(f"attributed by '{text[a_start:a_end]}'")
        figures.append(Figure(
            value=n.value, value_max=n.value_max, qualifier=reading.qualifier,
            metric=reading.metric, counted=reading.counted, unit=n.unit,
            text=text[reading.start:reading.end], start=reading.start,
            end=reading.end, sentence_start=s_start, sentence_end=s_end,
            hedged=reading.hedged, vague=n.vague,
            attributed_to=registry.resolve(cue.speaker) if cue else None,
            attribution_text=text[a_start:a_end] if cue else None,
            reported_by=registry.resolve(cue.reported_by) if cue else None,
            refers_to=Period(period.first, period.last, period.text) if period else None,
            claim_index=claim_index.get(id(cue)) if cue else None,
            rule=reading.rule + (f"+{cue.rule}" if cue else ""),
            evidence=tuple(evidence),
        ))
    figures = list(assign_places(text, figures))
    return Extraction(document=document, figures=tuple(figures), claims=tuple(claims),
                      actors=tuple(registry.actors()))


def _any_between(starts: list[int], start: int, end: int) -> bool:
    k = bisect_left(starts, start)
    return k < len(starts) and starts[k] < end


def _speaker_name(speaker: str, previous: list[str]) -> str:
    """"He"/"she" resolve to the nearest earlier named speaker when that is a person; "they" and
    every other case stay as written: a name is never invented."""
    if speaker.lower() in ("he", "she") and previous and classify(previous[-1]) == "person":
        return previous[-1]
    return speaker


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
