"""Reviews of figures and claims, with an append-only audit trail.

A person sets a status (verified, disputed, rejected, unreviewed) and corrects fields; the machine's
values stay where extraction put them and queries read the corrections over them (db/query.py). Every
change appends one review_log row (item, field, before, after, status, note, by, at); no row of the log
is ever updated or deleted, so every earlier value stays readable with ``history``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal, cast

from sqlalchemy import Connection, Engine, Table, func, insert, select, union, update

from facttrack.db.models import Actor, ActorAlias, Claim, Figure, Review, ReviewLog
from facttrack.db.names import normalize_name
from facttrack.db.query import CLAIM_FIELDS, FIGURE_FIELDS, STATUSES, UNREVIEWED
from facttrack.db.settings import WRITE_OPTION
from facttrack.errors import QueryError
from facttrack.extract.model import METRICS, QUALIFIERS, number_json

Item = Literal["figure", "claim"]
HISTORY_COLUMNS = ("at", "by", "item", "item_id", "field", "before", "after", "status", "note")
TEXT_MAX = 10_000

_F = cast(Table, Figure.__table__)
_C = cast(Table, Claim.__table__)
_R = cast(Table, Review.__table__)
_L = cast(Table, ReviewLog.__table__)
_ACT = cast(Table, Actor.__table__)
_AL = cast(Table, ActorAlias.__table__)
_PARTIAL_DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")


@dataclass(frozen=True)
class ReviewResult:
    item: Item
    item_id: int
    status: str
    changes: int  # review_log rows appended


def fields_of(item: Item) -> tuple[str, ...]:
    return FIGURE_FIELDS if item == "figure" else CLAIM_FIELDS


def parse_sets(item: Item, assignments: list[str]) -> dict[str, Any]:
    """``FIELD=VALUE`` strings as typed corrections; an empty VALUE clears a field that may be empty."""
    out: dict[str, Any] = {}
    allowed = fields_of(item)
    for assignment in assignments:
        name, sep, raw = assignment.partition("=")
        name = name.strip().lower()
        if not sep or name not in allowed:
            raise QueryError(f"--set {assignment!r}: use FIELD=VALUE with FIELD one of {', '.join(allowed)}")
        out[name] = _parse(name, raw.strip())
    return out


def _parse(name: str, raw: str) -> Any:
    if name in ("value", "value_max"):
        if not raw and name == "value_max":
            return None
        try:
            number = float(raw.replace(",", ""))
        except ValueError:
            raise QueryError(f"--set {name}={raw!r}: not a number") from None
        if number != number or abs(number) > 1e18:
            raise QueryError(f"--set {name}={raw!r}: not a usable number")
        return number
    if name == "qualifier":
        if raw not in QUALIFIERS:
            raise QueryError(f"--set qualifier={raw!r}: one of {', '.join(QUALIFIERS)}")
        return raw
    if name == "metric":
        if raw not in METRICS:
            raise QueryError(f"--set metric={raw!r}: one of {', '.join(METRICS)}")
        return raw
    if name == "said_on":
        if raw and not _PARTIAL_DATE.fullmatch(raw):
            raise QueryError(f"--set said_on={raw!r}: use YYYY-MM-DD or YYYY-MM")
        if raw:
            try:
                date.fromisoformat(raw if len(raw) == 10 else raw + "-01")
            except ValueError:
                raise QueryError(f"--set said_on={raw!r}: no such date") from None
        return raw or None
    if len(raw) > TEXT_MAX:
        raise QueryError(f"--set {name}: longer than {TEXT_MAX} characters")
    if not raw and name in ("text", "cue"):
        raise QueryError(f"--set {name}: a claim's {name} cannot be empty")
    return raw or None


def review(engine: Engine, item: Item, item_id: int, *, status: str | None = None,
           sets: Mapping[str, Any] | None = None, note: str | None = None, by: str) -> ReviewResult:
    """Record one review action in one transaction: a status, corrected fields and/or a note."""
    sets = dict(sets or {})
    if status is not None and status not in STATUSES:
        raise QueryError(f"unknown status {status!r} (allowed: {', '.join(STATUSES)})")
    if status is None and not sets and not note:
        raise QueryError("nothing to record: give --status, --set FIELD=VALUE or --note")
    by = " ".join(by.split())[:200] or "unknown"
    with engine.execution_options(**{WRITE_OPTION: True}).begin() as conn:
        machine = machine_values(conn, item, item_id)
        if machine is None:
            raise QueryError(f"no {item} with id {item_id}")
        row = _review_row(conn, item, item_id)
        now = datetime.now(UTC)
        if row is None:
            review_id = conn.execute(insert(_R).values(
                item=item, figure_id=item_id if item == "figure" else None,
                claim_id=item_id if item == "claim" else None, status=UNREVIEWED, corrected="",
                reviewed_by=by, reviewed_at=now).returning(_R.c.id)).scalar_one()
            row = _review_row(conn, item, item_id)
            assert row is not None
        else:
            review_id = row["id"]
        corrected = {f for f in (row["corrected"] or "").split(",") if f}
        new_status = status or row["status"]
        log: list[dict[str, Any]] = []
        changes: dict[str, Any] = {}
        for name, value in sets.items():
            before = row[name] if name in corrected else machine[name]
            if name in corrected and _same(before, value):
                continue
            if name not in corrected and _same(before, value):
                continue
            changes[name] = value
            if name == "attributed_to":
                changes["attributed_to_id"] = _actor_id(conn, value)
            elif name == "speaker":
                changes["speaker_id"] = _actor_id(conn, value)
            corrected.add(name)
            log.append(_entry(name, before, value))
        if new_status != row["status"]:
            log.append(_entry("status", row["status"], new_status))
        if not log and note:
            log.append({"field": None, "before": None, "after": None})
        for entry in log:
            entry.update(review_id=review_id, item=item, item_id=item_id, status=new_status, note=note, by=by,
                         at=now)
        if log:
            conn.execute(insert(_L), log)
            conn.execute(update(_R).where(_R.c.id == review_id).values(
                status=new_status, corrected="," + ",".join(sorted(corrected)) + "," if corrected else "",
                note=note if note is not None else row["note"], reviewed_by=by, reviewed_at=now, **changes))
    return ReviewResult(item, item_id, new_status, len(log))


def _entry(field: str, before: Any, after: Any) -> dict[str, Any]:
    return {"field": field, "before": log_text(before), "after": log_text(after)}


def log_text(value: Any) -> str | None:
    """A value as the log keeps it: JSON text (integral numbers without ".0", dates as ISO)."""
    return None if value is None else json.dumps(number_json(value) if isinstance(value, float) else value,
                                                 ensure_ascii=False, default=str)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    return a == b


def machine_values(conn: Connection, item: Item, item_id: int) -> dict[str, Any] | None:
    """The item's fields as extraction stored them (actor names resolved), or None when no such item."""
    if item == "figure":
        actor = _ACT.alias()
        row = conn.execute(
            select(_F.c.value, _F.c.value_max, _F.c.qualifier, _F.c.metric, _F.c.place, _F.c.counted,
                   func.coalesce(actor.c.name, _F.c.attributed_to).label("attributed_to"))
            .select_from(_F.outerjoin(actor, actor.c.id == _F.c.attributed_to_id)).where(_F.c.id == item_id)
        ).mappings().first()
    else:
        actor = _ACT.alias()
        row = conn.execute(
            select(func.coalesce(actor.c.name, _C.c.speaker).label("speaker"), _C.c.cue, _C.c.text, _C.c.said_on)
            .select_from(_C.outerjoin(actor, actor.c.id == _C.c.speaker_id)).where(_C.c.id == item_id)
        ).mappings().first()
    return dict(row) if row is not None else None


def _review_row(conn: Connection, item: Item, item_id: int) -> dict[str, Any] | None:
    column = _R.c.figure_id if item == "figure" else _R.c.claim_id
    row = conn.execute(select(_R).where(column == item_id)).mappings().first()
    return dict(row) if row is not None else None


def _actor_id(conn: Connection, name: str | None) -> int | None:
    """The stored actor a corrected name names (canonical name or alias), so --actor finds it."""
    norm = normalize_name(name or "")
    if not norm:
        return None
    ids = union(select(_AL.c.actor_id).where(_AL.c.alias_norm == norm),
                select(_ACT.c.id).where(_ACT.c.name_norm == norm)).subquery()
    return conn.execute(select(func.min(ids.c[0]))).scalar()


def history(conn: Connection, item: Item, item_id: int) -> list[dict[str, Any]]:
    """Every logged change of the item's review, oldest first (keys HISTORY_COLUMNS); values are the
    JSON texts the log holds, decoded. Raises QueryError when there is no such item."""
    if machine_values(conn, item, item_id) is None:
        raise QueryError(f"no {item} with id {item_id}")
    column = _R.c.figure_id if item == "figure" else _R.c.claim_id
    rows = conn.execute(
        select(_L.c.at, _L.c.by, _L.c.item, _L.c.item_id, _L.c.field, _L.c.before, _L.c.after, _L.c.status,
               _L.c.note)
        .where(_L.c.review_id.in_(select(_R.c.id).where(column == item_id)))
        .order_by(_L.c.id)
    ).mappings()
    out = []
    for row in rows:
        entry = dict(row)
        at = entry["at"]
        if at is not None and at.tzinfo is None:
            at = at.replace(tzinfo=UTC)  # SQLite keeps no zone; it was stored as UTC
        entry["at"] = at.isoformat(timespec="seconds") if at is not None else None
        entry["before"] = json.loads(entry["before"]) if entry["before"] is not None else None
        entry["after"] = json.loads(entry["after"]) if entry["after"] is not None else None
        out.append(entry)
    return out
