"""Typed records that extraction yields. Frozen, with character offsets into ``Document.text``.

``to_json`` gives exactly the JSON contract of ``facttrack extract`` (design section 4), and
``Extraction.from_json`` reads it back whole: ``facttrack load`` stores parts written by
``extract-batch`` exactly as ``ingest`` stores the same articles, so every stored field is in the JSON
(the fields after ``rule``/``text`` were added at the end of the contract for that).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Period:
        return cls(data["start"], data["end"], data["text"])


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
        out["confidence"] = self.confidence
        out["claim_index"] = self.claim_index
        if explain:
            out["evidence"] = list(self.evidence)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Figure:
        refers = data["refers_to"]
        return cls(
            value=float(data["value"]), value_max=_float(data["value_max"]), qualifier=data["qualifier"],
            metric=data["metric"], counted=data["counted"], unit=data["unit"], text=data["text"],
            start=data["start"], end=data["end"], sentence_start=data["sentence_start"],
            sentence_end=data["sentence_end"], hedged=bool(data["hedged"]), vague=bool(data.get("vague")),
            attributed_to=data["attributed_to"], attribution_text=data["attribution_text"],
            reported_by=data["reported_by"], refers_to=Period.from_json(refers) if refers else None,
            claim_index=data.get("claim_index"), confidence=float(data.get("confidence", 1.0)),
            rule=data["rule"], evidence=tuple(data.get("evidence", ())), place=data.get("place"))


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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Claim:
        return cls(
            speaker=data["speaker"], cue=data["cue"], kind=data["kind"], text=data["text"],
            said_on=data["said_on"], reported_by=data["reported_by"], start=data["start"], end=data["end"],
            sentence_start=data["sentence_start"], sentence_end=data["sentence_end"], rule=data["rule"],
            evidence=tuple(data.get("evidence", ())))


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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Actor:
        return cls(name=data["name"], kind=data["kind"], title=data["title"], aliases=tuple(data["aliases"]),
                   rule=data["rule"])


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
                "language": doc.language, "input_format": doc.input_format, "origin": doc.origin,
                "retrieved": doc.retrieved.isoformat() if doc.retrieved else None,
            },
            "figures": [f.to_json(explain) for f in self.figures],
            "claims": [c.to_json(explain) for c in self.claims],
            "actors": [a.to_json(explain) for a in self.actors],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Extraction:
        """The extraction ``to_json`` wrote (KeyError, TypeError or ValueError when it is not one); the
        text must still hash to the ``sha256`` written with it."""
        art = data["article"]
        published, retrieved = art["published"], art.get("retrieved")
        document = Document(
            text=art["text"], title=art["title"], tags=tuple(art["tags"]), url=art["url"], outlet=art["outlet"],
            published=date.fromisoformat(published) if published else None, language=art.get("language"),
            input_format=art.get("input_format") or "txt", origin=art.get("origin") or "<memory>",
            retrieved=datetime.fromisoformat(retrieved) if retrieved else None)
        if document.sha256 != art["sha256"]:
            raise ValueError("the text does not match its sha256")
        return cls(document=document,
                   figures=tuple(Figure.from_json(f) for f in data["figures"]),
                   claims=tuple(Claim.from_json(c) for c in data["claims"]),
                   actors=tuple(Actor.from_json(a) for a in data["actors"]))


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
