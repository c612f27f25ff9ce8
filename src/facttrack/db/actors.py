"""The actor resolver shared by ``ingest`` and ``load``: which stored actor an article's actor is,
which aliases it adds, when a fuller name becomes the canonical one.

The rules are written once, over an :class:`ActorDirectory`: the few operations they need on the
actors and aliases tables. ``ingest`` runs them on :class:`SqlDirectory` (statements on the
connection, one article per transaction); ``load`` runs the very same code on :class:`BookDirectory`,
an in-memory copy of the rows a batch can touch, read under a lock at the batch's start and written
back in bulk at its end. Since both answer every operation alike, an archive loaded in batches gets
the actors an ingest of the same articles in the same order gets.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple, Protocol

from sqlalchemy import Connection, bindparam, delete, null, select, union_all, update

from facttrack.db.names import normalize_name
from facttrack.db.prepared import Prepared
from facttrack.db.tables import ACTOR_ALIASES as _ALIASES
from facttrack.db.tables import ACTORS as _ACTORS
from facttrack.extract.model import Actor as ExtractedActor

NAME_MAX = 300  # names, aliases and outlets longer than this are clipped (they are lookup keys)


class ActorRow(NamedTuple):
    id: int
    name: str
    name_norm: str
    kind: str
    title: str | None


class FormRow(NamedTuple):
    """An actor owning a looked-up form: as an alias (``alias_norm``) or as its name (None)."""

    id: int
    name: str
    name_norm: str
    kind: str
    title: str | None
    alias_norm: str | None


class NameConflict(Exception):
    """A rename would give two actors one normalised name (the unique key refuses it)."""


class ActorDirectory(Protocol):
    """The operations the rules need; each behaves as its SQL statement does (ON CONFLICT DO NOTHING
    where the statement has it)."""

    def find(self, norms: list[str]) -> Iterable[FormRow]: ...
    def alias_owners(self, norms: list[str]) -> dict[str, int]: ...
    def insert_actors(self, rows: list[dict[str, Any]]) -> dict[str, int]: ...
    def ids_by_name(self, norms: list[str]) -> dict[str, int]: ...
    def actors_by_id(self, ids: list[int]) -> Iterable[ActorRow]: ...
    def insert_aliases(self, rows: list[dict[str, Any]]) -> None: ...
    def update_actor(self, actor_id: int, changes: dict[str, Any]) -> None: ...
    def move_aliases(self, loser: int, winner: int) -> None: ...
    def delete_actor(self, actor_id: int) -> None: ...


# ---------------------------------------------------------------------------------------- the rules


@dataclass
class _Known:
    id: int
    name: str
    name_norm: str
    kind: str
    title: str | None
    aliases: set[str] = field(default_factory=set)


def actor_forms(actor: ExtractedActor) -> dict[str, str]:
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


def _improve(directory: ActorDirectory, match: _Known, name: str, name_norm: str, title: str | None) -> None:
    """A fuller name (more words) becomes the canonical one; a first title is kept."""
    changes: dict[str, Any] = {}
    if len(name.split()) > len(match.name.split()):
        changes.update(name=name, name_norm=name_norm)
        match.name, match.name_norm = name, name_norm
    if title and not match.title:
        changes["title"] = match.title = title
    if changes:
        directory.update_actor(match.id, changes)


def resolve_actors(directory: ActorDirectory, actors: Sequence[ExtractedActor]) -> dict[str, int]:
    """normalised name or alias -> actor id for every actor of the article, matching stored actors
    (two look-ups for the whole article) and inserting the rest with their aliases."""
    return resolve_and_count_actors(directory, actors)[0]


def resolve_and_count_actors(directory: ActorDirectory,
                             actors: Sequence[ExtractedActor]) -> tuple[dict[str, int], int]:
    """resolve_actors, and how many actors the article added (inserted and not merged into another):
    what the ingest summary counts as new actors."""
    prepared = [(actor, forms) for actor in actors if (forms := actor_forms(actor))]
    if not prepared:
        return {}, 0
    norms = sorted({norm for _, forms in prepared for norm in forms})
    known: dict[int, _Known] = {}
    owned: set[str] = set()
    for row in directory.find(norms):
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
        _improve(directory, match, name, name_norm, actor.title)

    inserted: set[int] = set()
    ids: dict[str, int] = {}
    if new:
        # One row per canonical name (two actors of an article may share one), in one order for every
        # writer. A name a concurrent writer stored first is not inserted again (the unique name_norm,
        # ON CONFLICT DO NOTHING): its id is read back and the article joins that actor.
        rows_by_norm: dict[str, dict[str, Any]] = {}
        for _, actor, forms in new:
            norm = next(iter(forms))
            rows_by_norm.setdefault(norm, {"name": forms[norm], "name_norm": norm, "kind": actor.kind,
                                           "title": actor.title})
        ids = directory.insert_actors([rows_by_norm[norm] for norm in sorted(rows_by_norm)])
        inserted = set(ids.values())
        if len(ids) < len(rows_by_norm):
            ids.update(directory.ids_by_name(sorted(set(rows_by_norm) - set(ids))))
        for position, _, forms in new:
            actor_id = ids[next(iter(forms))]
            resolved[position] = actor_id
            alias_rows.extend({"actor_id": actor_id, "alias": written, "alias_norm": norm}
                              for norm, written in forms.items())
    if alias_rows:
        alias_rows.sort(key=lambda row: row["alias_norm"])  # one lock order for every writer
        directory.insert_aliases(alias_rows)

    added = len(inserted)
    if inserted:
        merged = _join_newcomers(directory, new, ids, inserted, known)
        resolved = [merged.get(r, r) if r is not None else None for r in resolved]
        added -= len(merged.keys() & inserted)

    ids_by_norm: dict[str, int] = {}
    for (_, forms), actor_id in zip(prepared, resolved, strict=True):
        assert actor_id is not None
        for norm in forms:
            ids_by_norm.setdefault(norm, actor_id)
    return ids_by_norm, added


def _join_newcomers(directory: ActorDirectory, new: list[tuple[int, ExtractedActor, dict[str, str]]],
                    ids: dict[str, int], inserted: set[int], known: dict[int, _Known]) -> dict[int, int]:
    """Merge actors this transaction inserted into actors it could not see when it matched: ones a
    concurrent writer committed meanwhile, or an earlier new actor of this same article. The owners of
    every form we wrote are read back, and the same rules as for stored actors (``_match``) decide,
    so racing writers end up as one sequential writer would. Returns merged id -> surviving id."""
    forms_of: dict[int, tuple[ExtractedActor, dict[str, str]]] = {}
    for _, actor, forms in new:
        forms_of.setdefault(ids[next(iter(forms))], (actor, forms))
    norms = sorted({norm for _, forms in forms_of.values() for norm in forms})
    owners = directory.alias_owners(norms)
    candidate_ids = sorted(set(owners.values()) - set(known))
    if len(candidate_ids) < 2 and set(candidate_ids) <= inserted:
        return {}  # only our own single new actor owns what we wrote
    candidates = {row.id: _Known(row.id, row.name, row.name_norm, row.kind, row.title)
                  for row in directory.actors_by_id(candidate_ids)}
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
        directory.move_aliases(mine, match.id)
        directory.delete_actor(mine)
        merged[mine] = match.id
        match.aliases.update(norm for norm, owner in owners.items() if owner == mine)
        name_norm, name = next(iter(forms.items()))
        _improve(directory, match, name, name_norm, actor.title)

    def survivor(actor_id: int) -> int:
        while actor_id in merged:
            actor_id = merged[actor_id]
        return actor_id

    return {actor_id: survivor(actor_id) for actor_id in merged}


# ------------------------------------------------------------------------------ on the database


class _Statements:
    """The resolver's statements, built once per dialect; those run for every article are Prepared."""

    def __init__(self, dialect: str) -> None:
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        elif dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            raise NotImplementedError(f"unsupported database dialect {dialect}")
        act, al = _ACTORS.c, _ALIASES.c
        norms = bindparam("norms", expanding=True)
        # stored actors owning one of the forms as an alias (alias_norm set) or as their name (NULL):
        # one round trip
        self.actors_by_form = Prepared(union_all(
            select(act.id, act.name, act.name_norm, act.kind, act.title, al.alias_norm)
            .join(_ALIASES, al.actor_id == act.id).where(al.alias_norm.in_(norms)),
            select(act.id, act.name, act.name_norm, act.kind, act.title, null().label("alias_norm"))
            .where(act.name_norm.in_(norms))))
        self.alias_owners = select(al.alias_norm, al.actor_id).where(al.alias_norm.in_(norms))
        self.actor_insert = Prepared(insert(_ACTORS).on_conflict_do_nothing(index_elements=["name_norm"])
                                     .returning(act.id, act.name_norm))
        self.actor_ids_by_name = select(act.id, act.name_norm).where(act.name_norm.in_(norms))
        self.actors_by_id = (select(act.id, act.name, act.name_norm, act.kind, act.title)
                             .where(act.id.in_(bindparam("ids", expanding=True))))
        self.alias_insert = Prepared(insert(_ALIASES).on_conflict_do_nothing(index_elements=["alias_norm"]))
        self.alias_insert_returning = Prepared(insert(_ALIASES).on_conflict_do_nothing(
            index_elements=["alias_norm"]).returning(al.alias_norm, al.actor_id))
        self.aliases_move = update(_ALIASES).where(al.actor_id == bindparam("loser")).values(
            actor_id=bindparam("winner"))
        self.actor_delete = delete(_ACTORS).where(act.id == bindparam("loser"))


@cache
def statements(dialect: str) -> _Statements:
    return _Statements(dialect)


class SqlDirectory:
    """The directory as the database itself, inside the caller's transaction (``ingest``).

    The rules' last step reads back who owns the forms just written and the rows of the actors just
    inserted. What this transaction inserted no other writer can change before it commits, so the
    rows of its new actors, and the owner of every alias form it inserted (PostgreSQL says which with
    RETURNING), answer that without a query. On SQLite a transaction that has written (the article
    row, before any actor) is moreover the only writer until it ends, so the owners of every form it
    looked up are known too. Once actors are merged, the database answers again."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.st = statements(conn.dialect.name)
        self._only_writer = conn.dialect.name == "sqlite"
        self._known = True  # False after a merge: the database answers
        self._owners: dict[str, int] = {}  # alias form -> owner, for the forms below
        self._looked_up: set[str] = set()  # (only writer) forms looked up: absent from _owners, no alias
        self._inserted: dict[int, ActorRow] = {}

    def find(self, norms: list[str]) -> Iterable[FormRow]:
        rows = [FormRow(*row) for row in self.st.actors_by_form.rows(self.conn, {"norms": norms})]
        if self._only_writer:
            self._looked_up.update(norms)
            self._owners.update((row.alias_norm, row.id) for row in rows if row.alias_norm is not None)
        return rows

    def alias_owners(self, norms: list[str]) -> dict[str, int]:
        if self._known and (self._looked_up.issuperset(norms) if self._only_writer
                            else self._owners.keys() >= set(norms)):
            return {norm: self._owners[norm] for norm in norms if norm in self._owners}
        return {row.alias_norm: row.actor_id for row in self.conn.execute(self.st.alias_owners, {"norms": norms})}

    def insert_actors(self, rows: list[dict[str, Any]]) -> dict[str, int]:
        ids = {norm: actor_id for actor_id, norm in self.st.actor_insert.each(self.conn, rows)}
        for row in rows:
            actor_id = ids.get(row["name_norm"])
            if actor_id is not None:
                self._inserted[actor_id] = ActorRow(actor_id, row["name"], row["name_norm"], row["kind"], row["title"])
        return ids

    def ids_by_name(self, norms: list[str]) -> dict[str, int]:
        return {row.name_norm: row.id for row in self.conn.execute(self.st.actor_ids_by_name, {"norms": norms})}

    def actors_by_id(self, ids: list[int]) -> Iterable[ActorRow]:
        if self._known and all(i in self._inserted for i in ids):
            return [self._inserted[i] for i in ids]
        return (ActorRow(*row) for row in self.conn.execute(self.st.actors_by_id, {"ids": ids}))

    def insert_aliases(self, rows: list[dict[str, Any]]) -> None:
        if self._only_writer:
            self.st.alias_insert.many(self.conn, rows)
            for row in rows:  # ON CONFLICT DO NOTHING: a form's first row wins, an owned form stays
                self._owners.setdefault(row["alias_norm"], row["actor_id"])
        else:
            self._owners.update(self.st.alias_insert_returning.each(self.conn, rows))

    def update_actor(self, actor_id: int, changes: dict[str, Any]) -> None:
        self.conn.execute(update(_ACTORS).where(_ACTORS.c.id == actor_id).values(**changes))
        self._inserted.pop(actor_id, None)

    def move_aliases(self, loser: int, winner: int) -> None:
        self.conn.execute(self.st.aliases_move, {"loser": loser, "winner": winner})
        self._known = False  # rarely: the database answers from here on

    def delete_actor(self, actor_id: int) -> None:
        self.conn.execute(self.st.actor_delete, {"loser": actor_id})
        self._known = False


# ------------------------------------------------------------------------------------- in memory

PROVISIONAL_BASE = 1 << 62
"""New actors of a batch get ids from here up until the batch is written: above every stored id, in
insertion order, as the database's own ids would be, so "lowest id on ties" picks the same actor."""


class BookDirectory:
    """The directory as an in-memory copy of every row a batch can touch (actors owning one of the
    batch's forms, as an alias or as their name), which the caller reads with ``load`` while it holds
    the lock that keeps other writers out. Changes are kept, and ``changes()`` gives them for writing."""

    def __init__(self) -> None:
        self.actors: dict[int, list[Any]] = {}        # id -> [name, name_norm, kind, title]
        self.by_name: dict[str, int] = {}             # name_norm -> id
        self.aliases: dict[str, tuple[int, str]] = {}  # alias_norm -> (actor id, alias as written)
        self.new_actors: list[int] = []               # provisional ids, in insertion order
        self.new_aliases: list[str] = []              # alias_norms, in insertion order
        self.updates: list[tuple[int, dict[str, Any]]] = []  # stored actors' changes, in order
        self._next = PROVISIONAL_BASE

    def load(self, conn: Connection, norms: Iterable[str], chunk: int = 900) -> None:
        """Read the stored actors owning any of ``norms`` (as an alias or a name), with those aliases."""
        st = statements(conn.dialect.name)
        wanted = sorted(set(norms))
        for start in range(0, len(wanted), chunk):
            for row in conn.execute(st.actors_by_form.statement, {"norms": wanted[start:start + chunk]}):
                self.actors.setdefault(row.id, [row.name, row.name_norm, row.kind, row.title])
                self.by_name.setdefault(row.name_norm, row.id)
                if row.alias_norm is not None:
                    self.aliases[row.alias_norm] = (row.id, "")

    def find(self, norms: list[str]) -> Iterable[FormRow]:
        rows = []
        for norm in norms:
            owner = self.aliases.get(norm)
            if owner is not None:
                rows.append(FormRow(owner[0], *self.actors[owner[0]], norm))
            actor_id = self.by_name.get(norm)
            if actor_id is not None:
                rows.append(FormRow(actor_id, *self.actors[actor_id], None))
        return rows

    def alias_owners(self, norms: list[str]) -> dict[str, int]:
        return {norm: self.aliases[norm][0] for norm in norms if norm in self.aliases}

    def insert_actors(self, rows: list[dict[str, Any]]) -> dict[str, int]:
        ids: dict[str, int] = {}
        for row in rows:
            if row["name_norm"] in self.by_name:
                continue
            actor_id = self._next
            self._next += 1
            self.actors[actor_id] = [row["name"], row["name_norm"], row["kind"], row["title"]]
            self.by_name[row["name_norm"]] = actor_id
            self.new_actors.append(actor_id)
            ids[row["name_norm"]] = actor_id
        return ids

    def ids_by_name(self, norms: list[str]) -> dict[str, int]:
        return {norm: self.by_name[norm] for norm in norms if norm in self.by_name}

    def actors_by_id(self, ids: list[int]) -> Iterable[ActorRow]:
        return [ActorRow(i, *self.actors[i]) for i in ids if i in self.actors]

    def insert_aliases(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            if row["alias_norm"] not in self.aliases:
                self.aliases[row["alias_norm"]] = (row["actor_id"], row["alias"])
                self.new_aliases.append(row["alias_norm"])

    def update_actor(self, actor_id: int, changes: dict[str, Any]) -> None:
        entry = self.actors[actor_id]
        norm = changes.get("name_norm")
        if norm is not None and norm != entry[1]:
            if norm in self.by_name:
                raise NameConflict(f"two actors would be named {norm!r}")
            del self.by_name[entry[1]]
            self.by_name[norm] = actor_id
        for key, value in changes.items():
            entry[("name", "name_norm", "kind", "title").index(key)] = value
        if actor_id < PROVISIONAL_BASE:
            self.updates.append((actor_id, dict(changes)))

    def move_aliases(self, loser: int, winner: int) -> None:
        for norm, (owner, written) in list(self.aliases.items()):
            if owner == loser:
                self.aliases[norm] = (winner, written)

    def delete_actor(self, actor_id: int) -> None:
        name_norm = self.actors.pop(actor_id)[1]
        if self.by_name.get(name_norm) == actor_id:
            del self.by_name[name_norm]
        if actor_id in self.new_actors:
            self.new_actors.remove(actor_id)
        for norm in [n for n, (owner, _) in self.aliases.items() if owner == actor_id]:
            del self.aliases[norm]  # ON DELETE CASCADE (none left after a move)

    def new_actor_rows(self) -> list[tuple[int, str, str, str, str | None]]:
        """(provisional id, name, name_norm, kind, title) of the actors the batch adds, in order."""
        return [(i, *self.actors[i]) for i in self.new_actors]

    def new_alias_rows(self) -> list[tuple[int, str, str]]:
        """(actor id, alias, alias_norm) of the aliases the batch adds, in insertion order."""
        return [(self.aliases[norm][0], self.aliases[norm][1], norm) for norm in self.new_aliases
                if norm in self.aliases]
