"""Storing an Extraction: source, article, actors (with aliases), claims and figures.

One article is one transaction. Rows go in with Core bulk inserts built once per dialect (not ORM
objects: the ingest path must keep up with extraction). Whatever two processes may insert at once (a
source, an article, an alias) is written with INSERT ... ON CONFLICT DO NOTHING against a unique key
and read back, so concurrent ingests of the same data neither fail nor duplicate.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any, Literal, cast

from sqlalchemy import Engine, Table, bindparam, delete, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from facttrack.db.engine import WRITE_OPTION, database_error, display_name
from facttrack.db.models import Actor, ActorAlias, Article, Claim, Figure, Source
from facttrack.db.names import normalize_name, url_domain
from facttrack.extract.model import Actor as ExtractedActor
from facttrack.extract.model import Extraction

NAME_MAX = 300  # names, aliases and outlets longer than this are clipped (they are lookup keys)
UNKNOWN_SOURCE = "unknown"

_SOURCES = cast(Table, Source.__table__)
_ARTICLES = cast(Table, Article.__table__)
_ACTORS = cast(Table, Actor.__table__)
_ALIASES = cast(Table, ActorAlias.__table__)
_CLAIMS = cast(Table, Claim.__table__)
_FIGURES = cast(Table, Figure.__table__)


@dataclass(frozen=True)
class StoreResult:
    """What storing one article did. ``actors`` counts the distinct actors the article names (new or
    matched to ones already stored); a skipped article stored nothing, so its counts are 0."""

    status: Literal["new", "skipped"]
    article_id: int
    figures: int
    claims: int
    actors: int


# ---------------------------------------------------------------------------------------- statements


class _Statements:
    """Every statement of the ingest path, built once per dialect: building and cache-keying
    statements per article cost more than executing them."""

    def __init__(self, dialect: str) -> None:
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        elif dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            raise NotImplementedError(f"unsupported database dialect {dialect}")
        s, a, act, al = _SOURCES.c, _ARTICLES.c, _ACTORS.c, _ALIASES.c
        self.source_by_domain = select(s.id).where(s.domain == bindparam("domain")).order_by(s.id).limit(1)
        self.source_by_norm = select(s.id, s.domain).where(s.name_norm == bindparam("norm"))
        self.source_set_domain = update(_SOURCES).where(s.id == bindparam("sid")).values(
            domain=bindparam("new_domain"))
        self.source_insert = insert(_SOURCES).on_conflict_do_nothing(index_elements=["name_norm"])
        self.article_insert = (insert(_ARTICLES).on_conflict_do_nothing(index_elements=["source_id", "sha256"])
                               .returning(a.id))
        self.article_existing = select(a.id).where(a.source_id == bindparam("sid"),
                                                   a.sha256 == bindparam("digest"))
        norms = bindparam("norms", expanding=True)
        self.actors_by_alias = (select(act.id, act.name, act.name_norm, act.kind, act.title, al.alias_norm)
                                .join(_ALIASES, al.actor_id == act.id).where(al.alias_norm.in_(norms)))
        self.actors_by_name = (select(act.id, act.name, act.name_norm, act.kind, act.title)
                               .where(act.name_norm.in_(norms)))
        self.alias_owners = select(al.alias_norm, al.actor_id).where(al.alias_norm.in_(norms))
        self.actor_insert = _ACTORS.insert().returning(act.id, sort_by_parameter_order=True)
        self.alias_insert = insert(_ALIASES).on_conflict_do_nothing(index_elements=["alias_norm"])
        self.aliases_move = update(_ALIASES).where(al.actor_id == bindparam("loser")).values(
            actor_id=bindparam("winner"))
        self.actor_delete = delete(_ACTORS).where(act.id == bindparam("loser"))
        self.claim_insert_returning = _CLAIMS.insert().returning(_CLAIMS.c.id, sort_by_parameter_order=True)
        self.claim_insert = _CLAIMS.insert()
        self.figure_insert = _FIGURES.insert()


@cache
def _statements(dialect: str) -> _Statements:
    return _Statements(dialect)


# ------------------------------------------------------------------------------------------- storing


def store_extraction(session: Session, extraction: Extraction) -> StoreResult:
    """Write one extraction inside the caller's transaction; a text already stored for the same
    source is skipped (the same text from another source is stored as another appearance)."""
    st = _statements(session.get_bind().dialect.name)
    doc = extraction.document
    source_id = _source_id(session, st, doc.outlet, doc.url)

    article_id = session.execute(st.article_insert, {
        "source_id": source_id, "title": doc.title, "url": doc.url, "published": doc.published,
        "ingested_at": datetime.now(UTC), "tags": list(doc.tags), "language": _clip(doc.language, 35),
        "text": doc.text, "sha256": doc.sha256, "input_format": doc.input_format[:16], "origin": doc.origin,
    }).scalar()
    if article_id is None:
        existing = session.execute(st.article_existing, {"sid": source_id, "digest": doc.sha256}).scalar_one()
        return StoreResult("skipped", existing, 0, 0, 0)

    actor_ids = _actor_ids(session, st, extraction.actors)

    def actor_of(text: str | None) -> int | None:
        return actor_ids.get(normalize_name(text)) if text else None

    claim_ids: list[int] = []
    if extraction.claims:
        claim_rows = [
            {"article_id": article_id, "speaker_id": actor_of(c.speaker), "speaker": c.speaker, "cue": c.cue,
             "kind": c.kind, "text": c.text, "said_on": c.said_on, "reported_by_id": actor_of(c.reported_by),
             "reported_by": c.reported_by, "start": c.start, "end": c.end,
             "sentence_start": c.sentence_start, "sentence_end": c.sentence_end, "rule": c.rule}
            for c in extraction.claims
        ]
        if any(f.claim_index is not None for f in extraction.figures):
            claim_ids = list(session.execute(st.claim_insert_returning, claim_rows).scalars())
        else:
            session.execute(st.claim_insert, claim_rows)

    if extraction.figures:
        figure_rows = [
            {"article_id": article_id,
             "claim_id": claim_ids[f.claim_index]
             if f.claim_index is not None and 0 <= f.claim_index < len(claim_ids) else None,
             "published": doc.published, "value": f.value, "value_max": f.value_max,
             "qualifier": f.qualifier, "metric": f.metric, "counted": f.counted, "unit": f.unit,
             "text": f.text, "start": f.start, "end": f.end, "sentence_start": f.sentence_start,
             "sentence_end": f.sentence_end, "hedged": bool(f.hedged), "vague": bool(f.vague),
             "attributed_to_id": actor_of(f.attributed_to), "attributed_to": f.attributed_to,
             "attribution_text": f.attribution_text, "reported_by_id": actor_of(f.reported_by),
             "reported_by": f.reported_by,
             "refers_start": f.refers_to.start if f.refers_to else None,
             "refers_end": f.refers_to.end if f.refers_to else None,
             "refers_text": f.refers_to.text if f.refers_to else None,
             "confidence": f.confidence, "rule": f.rule}
            for f in extraction.figures
        ]
        session.execute(st.figure_insert, figure_rows)

    return StoreResult("new", article_id, len(extraction.figures), len(extraction.claims),
                       len(set(actor_ids.values())))


def ingest_extraction(engine: Engine, extraction: Extraction, *, attempts: int = 8) -> StoreResult:
    """Store one extraction in its own transaction, retrying with exponential backoff when another
    writer holds the lock (SQLITE_BUSY) or wins a race (PostgreSQL unique violation, deadlock,
    serialization failure). Raises DatabaseError (one line) when it cannot."""
    writer = engine.execution_options(**{WRITE_OPTION: True})
    delay = 0.05
    for attempt in range(1, attempts + 1):
        try:
            with Session(writer) as session, session.begin():
                return store_extraction(session, extraction)
        except DBAPIError as exc:
            if attempt == attempts or not _retryable(exc):
                raise database_error(display_name(engine.url), exc) from None
        time.sleep(delay * random.uniform(0.5, 1.5))
        delay = min(delay * 2, 2.0)
    raise AssertionError("unreachable")


_PG_RETRY_STATES = frozenset({"40001", "40P01", "23505", "55P03"})


def _retryable(exc: DBAPIError) -> bool:
    orig = exc.orig
    state = getattr(orig, "sqlstate", None)
    if state is not None:
        return state in _PG_RETRY_STATES
    message = str(orig).lower()
    return "database is locked" in message or "database is busy" in message or "table is locked" in message


def _clip(text: str | None, limit: int = NAME_MAX) -> str | None:
    return text[:limit] if text is not None else None


# ------------------------------------------------------------------------------------------- sources


def _source_id(session: Session, st: _Statements, outlet: str | None, url: str | None) -> int:
    """The outlet by name; else the site by the URL's domain; else the source named "unknown"."""
    domain = url_domain(url)
    outlet_name = " ".join(outlet.split()) if outlet else ""
    if outlet_name and normalize_name(outlet_name):
        name, kind = cast(str, _clip(outlet_name)), "outlet"
    elif domain:
        by_domain = session.execute(st.source_by_domain, {"domain": domain}).scalar()
        if by_domain is not None:
            return int(by_domain)
        name, kind = cast(str, _clip(domain)), "site"
    else:
        name, kind = UNKNOWN_SOURCE, "unknown"
    norm = normalize_name(name)[:NAME_MAX]
    found = session.execute(st.source_by_norm, {"norm": norm}).first()
    if found is None:
        session.execute(st.source_insert, {"name": name, "name_norm": norm, "domain": domain, "kind": kind})
        found = session.execute(st.source_by_norm, {"norm": norm}).one()
    if found.domain is None and domain:
        session.execute(st.source_set_domain, {"sid": found.id, "new_domain": domain})
    return int(found.id)


# -------------------------------------------------------------------------------------------- actors


@dataclass
class _Known:
    id: int
    name: str
    name_norm: str
    kind: str
    title: str | None
    aliases: set[str] = field(default_factory=set)


def _forms(actor: ExtractedActor) -> dict[str, str]:
    """normalised form -> form as written, the canonical name first."""
    forms: dict[str, str] = {}
    for written in (actor.name, *actor.aliases):
        text = " ".join(written.split())[:NAME_MAX]
        norm = normalize_name(text)[:NAME_MAX]
        if norm:
            forms.setdefault(norm, text)
    return forms


def _match(known: dict[int, _Known], name_norm: str, forms: dict[str, str], kind: str) -> _Known | None:
    """Which stored actor this one is, by the first rule that applies (lowest id on ties): the same
    canonical name; our canonical name is one of its aliases ("Netanyahu" -> Benjamin Netanyahu); its
    canonical name is one of our forms (a fuller name arrives). The last two also need the same kind,
    so "Jordan" the country does not become Lena Jordan."""
    ordered = sorted(known.values(), key=lambda k: k.id)
    for candidate in ordered:
        if candidate.name_norm == name_norm:
            return candidate
    for candidate in ordered:
        if candidate.kind == kind and name_norm in candidate.aliases:
            return candidate
    for candidate in ordered:
        if candidate.kind == kind and candidate.name_norm in forms:
            return candidate
    return None


def _actor_ids(session: Session, st: _Statements, actors: Sequence[ExtractedActor]) -> dict[str, int]:
    """normalised name or alias -> actor id for every actor of the article, matching stored actors
    (two queries for the whole article) and inserting the rest with their aliases."""
    prepared = [(actor, forms) for actor in actors if (forms := _forms(actor))]
    if not prepared:
        return {}
    norms = sorted({norm for _, forms in prepared for norm in forms})
    known: dict[int, _Known] = {}
    owned: set[str] = set()
    for row in session.execute(st.actors_by_alias, {"norms": norms}):
        known.setdefault(row.id, _Known(row.id, row.name, row.name_norm, row.kind, row.title)).aliases.add(
            row.alias_norm)
        owned.add(row.alias_norm)
    for row in session.execute(st.actors_by_name, {"norms": norms}):
        known.setdefault(row.id, _Known(row.id, row.name, row.name_norm, row.kind, row.title))

    resolved: list[int | None] = []
    new: list[tuple[int, ExtractedActor, dict[str, str]]] = []
    alias_rows: list[dict[str, Any]] = []
    for position, (actor, forms) in enumerate(prepared):
        name_norm, name = next(iter(forms.items()))
        match = _match(known, name_norm, forms, actor.kind)
        if match is None:
            resolved.append(None)
            new.append((position, actor, forms))
            continue
        resolved.append(match.id)
        for norm, written in forms.items():
            if norm not in owned:
                alias_rows.append({"actor_id": match.id, "alias": written, "alias_norm": norm})
                match.aliases.add(norm)
                owned.add(norm)
        changes: dict[str, Any] = {}
        if len(name.split()) > len(match.name.split()):
            changes.update(name=name, name_norm=name_norm)
            match.name, match.name_norm = name, name_norm
        if actor.title and not match.title:
            changes["title"] = match.title = actor.title
        if changes:
            session.execute(update(_ACTORS).where(_ACTORS.c.id == match.id).values(**changes))

    if new:
        rows = [{"name": forms[next(iter(forms))], "name_norm": next(iter(forms)), "kind": actor.kind,
                 "title": actor.title} for _, actor, forms in new]
        ids = list(session.execute(st.actor_insert, rows).scalars())
        for (position, _, forms), actor_id in zip(new, ids, strict=True):
            resolved[position] = actor_id
            alias_rows.extend({"actor_id": actor_id, "alias": written, "alias_norm": norm}
                              for norm, written in forms.items())
    if alias_rows:
        alias_rows.sort(key=lambda row: row["alias_norm"])  # one lock order for every writer
        session.execute(st.alias_insert, alias_rows)

    if new:
        # Read back who owns each new actor's canonical name. Someone we chose not to merge with may
        # own it (kept apart). An actor unknown a moment ago means another writer (or an earlier actor
        # of this article) stored the same actor: join it, moving any aliases ours won, drop ours.
        canonical = [next(iter(forms)) for _, _, forms in new]
        owners = {row.alias_norm: row.actor_id for row in session.execute(st.alias_owners, {"norms": canonical})}
        for (position, _, _), norm in zip(new, canonical, strict=True):
            mine, owner = resolved[position], owners.get(norm)
            if owner is not None and owner != mine and owner not in known:
                session.execute(st.aliases_move, {"loser": mine, "winner": owner})
                session.execute(st.actor_delete, {"loser": mine})
                resolved = [owner if r == mine else r for r in resolved]

    ids_by_norm: dict[str, int] = {}
    for (_, forms), actor_id in zip(prepared, resolved, strict=True):
        assert actor_id is not None
        for norm in forms:
            ids_by_norm.setdefault(norm, actor_id)
    return ids_by_norm
