"""What attribution yields (``Cue``) and what a frame holds while a unit is read (``Frame``)."""

from __future__ import annotations

from dataclasses import dataclass

from facttrack.extract.dates import DateMention


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


@dataclass
class Frame:
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
