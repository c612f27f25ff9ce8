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

    # written out so that mypyc compiles it (the __init__ that @dataclass writes runs as Python);
    # tests/test_native.py checks that it takes and sets the fields, in order
    def __init__(self, speaker: str, speaker_start: int, speaker_end: int, cue: str, cue_start: int, cue_end: int,
                 content_start: int, content_end: int, kind: str, rule: str, said_on: DateMention | None = None,
                 reported_by: str | None = None, has_content: bool = True, makes_claim: bool = True) -> None:
        object.__setattr__(self, "speaker", speaker)
        object.__setattr__(self, "speaker_start", speaker_start)
        object.__setattr__(self, "speaker_end", speaker_end)
        object.__setattr__(self, "cue", cue)
        object.__setattr__(self, "cue_start", cue_start)
        object.__setattr__(self, "cue_end", cue_end)
        object.__setattr__(self, "content_start", content_start)
        object.__setattr__(self, "content_end", content_end)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "rule", rule)
        object.__setattr__(self, "said_on", said_on)
        object.__setattr__(self, "reported_by", reported_by)
        object.__setattr__(self, "has_content", has_content)
        object.__setattr__(self, "makes_claim", makes_claim)


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

    # written out so that mypyc compiles it (the __init__ that @dataclass writes runs as Python);
    # tests/test_native.py checks that it takes and sets the fields, in order
    def __init__(self, speaker: tuple[int, int], cue: tuple[int, int], content: tuple[int, int],
                 region: tuple[int, int], kind: str, rule: str, open_end: bool = False,
                 said_on: DateMention | None = None, reported_by: str | None = None, makes_claim: bool = True,
                 separate: bool = False, has_content: bool = True) -> None:
        self.speaker = speaker
        self.cue = cue
        self.content = content
        self.region = region
        self.kind = kind
        self.rule = rule
        self.open_end = open_end
        self.said_on = said_on
        self.reported_by = reported_by
        self.makes_claim = makes_claim
        self.separate = separate
        self.has_content = has_content
