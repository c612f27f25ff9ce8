"""Storing an Extraction: source, article, actors (with aliases), claims and figures.

One article is one transaction. Rows go in with Core bulk inserts built once per dialect (not ORM
objects: the ingest path must keep up with extraction). Whatever two processes may insert at once (a
source, an article, an actor, an alias) is written with INSERT ... ON CONFLICT DO NOTHING against a
unique key and read back, so concurrent ingests of the same data neither fail nor duplicate, and an
actor another writer stored a moment ago is merged into as one writer would have matched it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any, Literal, cast

from sqlalchemy import Connection, Engine, Table, bindparam, delete, null, select, union_all, update
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.orm import Session

from facttrack.db.failures import database_error, error_kind, first_line
from facttrack.db.models import Actor, ActorAlias, Article, Claim, Figure, Source
from facttrack.db.names import normalize_name, url_domain
from facttrack.db.settings import WRITE_OPTION, engine_memo, lock_timeout
from facttrack.errors import FacttrackError
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
    source_id: int = 0


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
        # stored actors owning one of the forms as an alias (alias_norm set) or as their name (NULL):
        # one round trip
        self.actors_by_form = union_all(
            select(act.id, act.name, act.name_norm, act.kind, act.title, al.alias_norm)
            .join(_ALIASES, al.actor_id == act.id).where(al.alias_norm.in_(norms)),
            select(act.id, act.name, act.name_norm, act.kind, act.title, null().label("alias_norm"))
            .where(act.name_norm.in_(norms)))
        self.alias_owners = select(al.alias_norm, al.actor_id).where(al.alias_norm.in_(norms))
        self.actor_insert = (insert(_ACTORS).on_conflict_do_nothing(index_elements=["name_norm"])
                             .returning(act.id, act.name_norm))
        self.actor_ids_by_name = select(act.id, act.name_norm).where(act.name_norm.in_(norms))
        self.actors_by_id = (select(act.id, act.name, act.name_norm, act.kind, act.title)
                             .where(act.id.in_(bindparam("ids", expanding=True))))
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


def store_extraction(session: Session, extraction: Extraction, *, source_id: int | None = None) -> StoreResult:
    """Write one extraction inside the caller's transaction; a text already stored for the same
    source is skipped (the same text from another source is stored as another appearance).
    ``source_id``: the document's source when the caller knows it already (see ``source_key``)."""
    return _store(session.connection(), extraction, source_id)


def _store(conn: Connection, extraction: Extraction, source_id: int | None) -> StoreResult:
    """store_extraction on a connection: every statement is Core, and an ORM Session around them would
    add nothing but time (a sixth of the store's)."""
    st = _statements(conn.dialect.name)
    doc = extraction.document
    if source_id is None:
        source_id = _source_id(conn, st, doc.outlet, doc.url)

    article_id = conn.execute(st.article_insert, {
        "source_id": source_id, "title": doc.title, "url": doc.url, "published": doc.published,
        "ingested_at": datetime.now(UTC), "tags": list(doc.tags), "language": _clip(doc.language, 35),
        "text": doc.text, "sha256": doc.sha256, "input_format": doc.input_format[:16], "origin": doc.origin,
    }).scalar()
    if article_id is None:
        existing = conn.execute(st.article_existing, {"sid": source_id, "digest": doc.sha256}).scalar_one()
        return StoreResult("skipped", existing, 0, 0, 0, source_id)

    actor_ids = _actor_ids(conn, st, extraction.actors)

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
            claim_ids = list(conn.execute(st.claim_insert_returning, claim_rows).scalars())
        else:
            conn.execute(st.claim_insert, claim_rows)

    if extraction.figures:
        figure_rows = [
            {"article_id": article_id,
             "claim_id": claim_ids[f.claim_index]
             if f.claim_index is not None and 0 <= f.claim_index < len(claim_ids) else None,
             "published": doc.published, "value": f.value, "value_max": f.value_max,
             "qualifier": f.qualifier, "metric": f.metric, "counted": f.counted, "unit": f.unit,
             "text": f.text, "start": f.start, "end": f.end, "sentence_start": f.sentence_start,
             "sentence_end": f.sentence_end, "sentence": doc.text[f.sentence_start:f.sentence_end],
             "hedged": bool(f.hedged), "vague": bool(f.vague),
             "attributed_to_id": actor_of(f.attributed_to), "attributed_to": f.attributed_to,
             "attribution_text": f.attribution_text, "reported_by_id": actor_of(f.reported_by),
             "reported_by": f.reported_by,
             "refers_start": f.refers_to.start if f.refers_to else None,
             "refers_end": f.refers_to.end if f.refers_to else None,
             "refers_text": f.refers_to.text if f.refers_to else None,
             "confidence": f.confidence, "rule": f.rule}
            for f in extraction.figures
        ]
        conn.execute(st.figure_insert, figure_rows)

    return StoreResult("new", article_id, len(extraction.figures), len(extraction.claims),
                       len(set(actor_ids.values())), source_id)


class ArticleRejected(FacttrackError):
    """The database refused one article's data (a NUL byte on PostgreSQL, a value out of range or too
    long, a constraint), or kept losing races for it: that article fails, the database is fine and a
    batch goes on. A DatabaseError, by contrast, means the database itself cannot be written."""


def ingest_extraction(engine: Engine, extraction: Extraction, *, attempts: int = 8) -> StoreResult:
    """Store one extraction in its own transaction.

    Retries with exponential backoff (and jitter) while another writer holds the lock (SQLITE_BUSY,
    PostgreSQL lock timeout) until the lock timeout has passed, and a few times when a concurrent
    writer wins a race (PostgreSQL unique violation, deadlock, serialization failure). Raises
    ArticleRejected when the database refuses this article's data, DatabaseError (one line) when the
    database cannot be written at all: locked beyond the timeout, disk full, read-only, gone.
    """
    writer = engine.execution_options(**{WRITE_OPTION: True})
    # source key -> id of a committed source row: a batch from one outlet looks its source up once
    sources = engine_memo(engine)
    key = source_key(extraction.document.outlet, extraction.document.url)
    deadline = time.monotonic() + lock_timeout()
    delay = 0.05
    for attempt in range(1, attempts + 1):
        try:
            with writer.begin() as conn:
                result = _store(conn, extraction, sources.get(key) if key else None)
            if key:
                sources[key] = result.source_id  # committed: sources are never deleted or renamed
            return result
        except DBAPIError as exc:
            kind = error_kind(exc)
            pause = delay * random.uniform(0.5, 1.5)
            if kind == "busy" and time.monotonic() + pause < deadline:
                pass
            elif kind == "race" and attempt < attempts:
                pass
            elif kind == "busy" or kind == "database":
                raise database_error(engine.url, exc) from None
            else:
                raise ArticleRejected(f"the database refused this article: {first_line(exc)}") from None
        except (StatementError, OverflowError) as exc:
            # A value the driver could not even send (an integer beyond 64 bits, a wrong type).
            raise ArticleRejected(f"the database refused this article: {first_line(exc)}") from None
        time.sleep(pause)
        delay = min(delay * 2, 2.0)
    raise AssertionError("unreachable")


def _clip(text: str | None, limit: int = NAME_MAX) -> str | None:
    return text[:limit] if text is not None else None


# ------------------------------------------------------------------------------------------- sources

def source_key(outlet: str | None, url: str | None) -> tuple[str, str, bool] | None:
    """The cache key of a named outlet: its normalised name (which stays its row's for good) and
    whether the article has a domain (the first such article gives a source without one its domain).
    None without an outlet: a source found by URL domain can change as outlets gain domains."""
    name = _clip(" ".join(outlet.split())) if outlet else ""
    norm = normalize_name(name)[:NAME_MAX] if name else ""
    return ("source", norm, url_domain(url) is not None) if norm else None


def _source_id(conn: Connection, st: _Statements, outlet: str | None, url: str | None) -> int:
    """The outlet by name; else the site by the URL's domain; else the source named "unknown"."""
    domain = url_domain(url)
    outlet_name = " ".join(outlet.split()) if outlet else ""
    if outlet_name and normalize_name(outlet_name):
        name, kind = cast(str, _clip(outlet_name)), "outlet"
    elif domain:
        by_domain = conn.execute(st.source_by_domain, {"domain": domain}).scalar()
        if by_domain is not None:
            return int(by_domain)
        name, kind = cast(str, _clip(domain)), "site"
    else:
        name, kind = UNKNOWN_SOURCE, "unknown"
    norm = normalize_name(name)[:NAME_MAX]
    found = conn.execute(st.source_by_norm, {"norm": norm}).first()
    if found is None:
        conn.execute(st.source_insert, {"name": name, "name_norm": norm, "domain": domain, "kind": kind})
        found = conn.execute(st.source_by_norm, {"norm": norm}).one()
    if found.domain is None and domain:
        conn.execute(st.source_set_domain, {"sid": found.id, "new_domain": domain})
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


def _improve(conn: Connection, match: _Known, name: str, name_norm: str, title: str | None) -> None:
    """A fuller name (more words) becomes the canonical one; a first title is kept."""
    changes: dict[str, Any] = {}
    if len(name.split()) > len(match.name.split()):
        changes.update(name=name, name_norm=name_norm)
        match.name, match.name_norm = name, name_norm
    if title and not match.title:
        changes["title"] = match.title = title
    if changes:
        conn.execute(update(_ACTORS).where(_ACTORS.c.id == match.id).values(**changes))


def _actor_ids(conn: Connection, st: _Statements, actors: Sequence[ExtractedActor]) -> dict[str, int]:
    """normalised name or alias -> actor id for every actor of the article, matching stored actors
    (two queries for the whole article) and inserting the rest with their aliases."""
    prepared = [(actor, forms) for actor in actors if (forms := _forms(actor))]
    if not prepared:
        return {}
    norms = sorted({norm for _, forms in prepared for norm in forms})
    known: dict[int, _Known] = {}
    owned: set[str] = set()
    for row in conn.execute(st.actors_by_form, {"norms": norms}):
        entry = known.setdefault(row.id, _Known(row.id, row.name, row.name_norm, row.kind, row.title))
        if row.alias_norm is not None:
            entry.aliases.add(row.alias_norm)
            owned.add(row.alias_norm)

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
        _improve(conn, match, name, name_norm, actor.title)

    inserted: set[int] = set()
    if new:
        # One row per canonical name (two actors of an article may share one), in one order for every
        # writer. A name a concurrent writer stored first is not inserted again (the unique name_norm,
        # ON CONFLICT DO NOTHING): its id is read back and the article joins that actor.
        rows_by_norm: dict[str, dict[str, Any]] = {}
        for _, actor, forms in new:
            norm = next(iter(forms))
            rows_by_norm.setdefault(norm, {"name": forms[norm], "name_norm": norm, "kind": actor.kind,
                                           "title": actor.title})
        rows = [rows_by_norm[norm] for norm in sorted(rows_by_norm)]
        ids = {row.name_norm: row.id for row in conn.execute(st.actor_insert, rows)}
        inserted = set(ids.values())
        if len(ids) < len(rows_by_norm):
            missing = sorted(set(rows_by_norm) - set(ids))
            ids.update({row.name_norm: row.id for row in conn.execute(st.actor_ids_by_name, {"norms": missing})})
        for position, _, forms in new:
            actor_id = ids[next(iter(forms))]
            resolved[position] = actor_id
            alias_rows.extend({"actor_id": actor_id, "alias": written, "alias_norm": norm}
                              for norm, written in forms.items())
    if alias_rows:
        alias_rows.sort(key=lambda row: row["alias_norm"])  # one lock order for every writer
        conn.execute(st.alias_insert, alias_rows)

    if inserted:
        merged = _join_newcomers(conn, st, new, ids, inserted, known)
        resolved = [merged.get(r, r) if r is not None else None for r in resolved]

    ids_by_norm: dict[str, int] = {}
    for (_, forms), actor_id in zip(prepared, resolved, strict=True):
        assert actor_id is not None
        for norm in forms:
            ids_by_norm.setdefault(norm, actor_id)
    return ids_by_norm


def _join_newcomers(conn: Connection, st: _Statements, new: list[tuple[int, ExtractedActor, dict[str, str]]],
                    ids: dict[str, int], inserted: set[int], known: dict[int, _Known]) -> dict[int, int]:
    """Merge actors this transaction inserted into actors it could not see when it matched: ones a
    concurrent writer committed meanwhile, or an earlier new actor of this same article. The owners of
    every form we wrote are read back, and the same rules as for stored actors (``_match``) decide,
    so racing writers end up as one sequential writer would. Returns merged id -> surviving id."""
    forms_of: dict[int, tuple[ExtractedActor, dict[str, str]]] = {}
    for _, actor, forms in new:
        forms_of.setdefault(ids[next(iter(forms))], (actor, forms))
    norms = sorted({norm for _, forms in forms_of.values() for norm in forms})
    owners = {row.alias_norm: row.actor_id for row in conn.execute(st.alias_owners, {"norms": norms})}
    candidate_ids = sorted(set(owners.values()) - set(known))
    if len(candidate_ids) < 2 and set(candidate_ids) <= inserted:
        return {}  # only our own single new actor owns what we wrote
    candidates = {row.id: _Known(row.id, row.name, row.name_norm, row.kind, row.title)
                  for row in conn.execute(st.actors_by_id, {"ids": candidate_ids})}
    for norm, owner in owners.items():
        if owner in candidates:
            candidates[owner].aliases.add(norm)
    merged: dict[int, int] = {}
    for mine in sorted(actor_id for actor_id in forms_of if actor_id in inserted):
        actor, forms = forms_of[mine]
        others = {i: c for i, c in candidates.items() if i != mine and i not in merged}
        match = _match(others, next(iter(forms)), forms, actor.kind)
        if match is None:
            continue
        conn.execute(st.aliases_move, {"loser": mine, "winner": match.id})
        conn.execute(st.actor_delete, {"loser": mine})
        merged[mine] = match.id
        match.aliases.update(norm for norm, owner in owners.items() if owner == mine)
        name_norm, name = next(iter(forms.items()))
        _improve(conn, match, name, name_norm, actor.title)

    def survivor(actor_id: int) -> int:
        while actor_id in merged:
            actor_id = merged[actor_id]
        return actor_id

    return {actor_id: survivor(actor_id) for actor_id in merged}
