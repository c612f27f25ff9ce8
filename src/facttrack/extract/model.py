"""Typed records that extraction yields. Frozen, with character offsets into ``Document.text``.

``to_json`` gives exactly the JSON contract of ``facttrack extract`` (design section 4).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from facttrack.document import Document

QUALIFIERS = ("exactly", "about", "approximately", "at_least", "more_than", "at_most", "less_than",
              "up_to", "range")
METRICS = ("killed", "injured", "hostages", "missing", "displaced", "detained", "people", "cases",
           "money", "percent", "votes", "other")
ACTOR_KINDS = ("person", "organization", "group")
CLAIM_KINDS = ("direct", "indirect", "according_to")


def number_json(value: float | None) -> int | float | None:
    """Integers without ".0" (JSON and CSV), other values as they are."""
    if value is None:
        return None
    if float(value).is_integer() and abs(value) < 2**63:
        return int(value)
    return value


@dataclass(frozen=True, slots=True)
class Period:
    """The time a figure refers to: ISO ``YYYY-MM-DD`` or ``YYYY-MM``; None when not resolvable."""

    start: str | None
    end: str | None
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Figure:
    value: float
    value_max: float | None
    qualifier: str
    metric: str
    counted: str | None
    unit: str | None
    text: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    hedged: bool = False
    vague: bool = False
    attributed_to: str | None = None
    attribution_text: str | None = None
    reported_by: str | None = None
    refers_to: Period | None = None
    claim_index: int | None = None  # index into Extraction.claims when the figure sits in a claim
    confidence: float = 1.0
    rule: str = ""
    evidence: tuple[str, ...] = ()
    place: str | None = None  # country, region or city it counts in (extract/places.py)

    def to_json(self, explain: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "value": number_json(self.value), "value_max": number_json(self.value_max),
            "qualifier": self.qualifier, "metric": self.metric, "counted": self.counted,
            "unit": self.unit, "text": self.text, "start": self.start, "end": self.end,
            "sentence_start": self.sentence_start, "sentence_end": self.sentence_end,
            "hedged": self.hedged, "attributed_to": self.attributed_to,
            "attribution_text": self.attribution_text, "reported_by": self.reported_by,
            "refers_to": self.refers_to.to_json() if self.refers_to else None,
            "rule": self.rule,
            "place": self.place,
        }
        if self.vague:
            out["vague"] = True
        if explain:
            out["evidence"] = list(self.evidence)
        return out


@dataclass(frozen=True, slots=True)
class Claim:
    speaker: str | None
    cue: str
    kind: str
    text: str
    said_on: str | None
    reported_by: str | None
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    rule: str = ""
    evidence: tuple[str, ...] = ()

    def to_json(self, explain: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "speaker": self.speaker, "cue": self.cue, "kind": self.kind, "text": self.text,
            "said_on": self.said_on, "reported_by": self.reported_by,
            "start": self.start, "end": self.end,
            "sentence_start": self.sentence_start, "sentence_end": self.sentence_end,
            "rule": self.rule,
        }
        if explain:
            out["evidence"] = list(self.evidence)
        return out


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    kind: str
    title: str | None = None
    aliases: tuple[str, ...] = ()
    rule: str = ""

    def to_json(self, explain: bool = False) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "title": self.title,
                "aliases": list(self.aliases), "rule": self.rule}


@dataclass(frozen=True, slots=True)
class Extraction:
    document: Document
    figures: tuple[Figure, ...] = ()
    claims: tuple[Claim, ...] = ()
    actors: tuple[Actor, ...] = ()

    def to_json(self, explain: bool = False) -> dict[str, Any]:
        doc = self.document
        return {
            "article": {
                "title": doc.title, "tags": list(doc.tags),
                "published": doc.published.isoformat() if doc.published else None,
                "outlet": doc.outlet, "url": doc.url, "sha256": doc.sha256, "text": doc.text,
                "language": doc.language,
            },
            "figures": [f.to_json(explain) for f in self.figures],
            "claims": [c.to_json(explain) for c in self.claims],
            "actors": [a.to_json(explain) for a in self.actors],
        }
