"""Re-extraction: run the current rules on stored articles and replace their machine output, keeping
what people reviewed.

Items are matched, old to new, on their span and what they are: a figure by (start, end, value), a claim
by (start, end, speaker as extracted). A matched item keeps its id (so its review, its log and links to
it stay) and takes the new machine values; an unmatched old item is deleted, unless it was reviewed:
then it stays, with its review, and is listed in the summary; an unmatched new item is inserted. So
running it twice changes nothing the second time. Each article is one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import Connection, Engine, Table, bindparam, delete, insert, select, update

from facttrack.db.actors import SqlDirectory, resolve_actors
from facttrack.db.models import Article, Claim, Figure, Review, ReviewLog, Source
from facttrack.db.settings import WRITE_OPTION
from facttrack.db.store import claim_rows, figure_rows
from facttrack.document import Document
from facttrack.errors import QueryError
from facttrack.extract.model import Extraction
from facttrack.review.audit import log_text

_A = cast(Table, Article.__table__)
_S = cast(Table, Source.__table__)
_F = cast(Table, Figure.__table__)
_C = cast(Table, Claim.__table__)
_R = cast(Table, Review.__table__)
_L = cast(Table, ReviewLog.__table__)
REEXTRACT_BY = "facttrack reextract"
_LOGGED_FIGURE_FIELDS = ("value", "value_max", "qualifier", "metric", "place", "counted", "attributed_to")
_LOGGED_CLAIM_FIELDS = ("speaker", "cue", "text", "said_on")


@dataclass
class ReextractSummary:
    articles: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)  # reviewed items the new rules no longer find

    def add(self, other: ReextractSummary) -> None:
        self.articles += other.articles
        self.added += other.added
        self.updated += other.updated
        self.removed += other.removed
        self.unchanged += other.unchanged
        self.kept.extend(other.kept)

    def line(self) -> str:
        kept = f"; {len(self.kept)} reviewed items no longer found, kept: {', '.join(self.kept)}" if self.kept else ""
        return (f"{self.articles} articles: {self.added} items added, {self.updated} updated, "
                f"{self.removed} removed, {self.unchanged} unchanged{kept}")

    def to_json(self) -> dict[str, Any]:
        return {"articles": self.articles, "added": self.added, "updated": self.updated, "removed": self.removed,
                "unchanged": self.unchanged, "kept": self.kept}


def article_ids(conn: Connection, ids: Sequence[int] | None) -> list[int]:
    """The articles to re-extract: the given ids (each must exist) or, for None, every article."""
    if ids is None:
        return list(conn.execute(select(_A.c.id).order_by(_A.c.id)).scalars())
    found = set(conn.execute(select(_A.c.id).where(_A.c.id.in_(list(ids)))).scalars())
    missing = [i for i in ids if i not in found]
    if missing:
        raise QueryError(f"no article with id {', '.join(map(str, missing))}")
    return list(dict.fromkeys(ids))


def reextract(engine: Engine, ids: Iterable[int]) -> Iterator[ReextractSummary]:
    """Re-extract each article in its own transaction; one summary per article."""
    from facttrack.extract import extract

    writer = engine.execution_options(**{WRITE_OPTION: True})
    for article_id in ids:
        with writer.begin() as conn:
            document = _document(conn, article_id)
            yield _replace(conn, article_id, extract(document))


def _document(conn: Connection, article_id: int) -> Document:
    row = conn.execute(
        select(_A.c.text, _A.c.title, _A.c.tags, _A.c.url, _S.c.name, _A.c.published, _A.c.language,
               _A.c.input_format, _A.c.origin)
        .select_from(_A.join(_S, _S.c.id == _A.c.source_id)).where(_A.c.id == article_id)
    ).one()
    published = row.published if isinstance(row.published, date | None) else date.fromisoformat(row.published)
    return Document(text=row.text, title=row.title, tags=tuple(row.tags or ()), url=row.url, outlet=row.name,
                    published=published, language=row.language, input_format=row.input_format,
                    origin=row.origin or f"article {article_id}")


def _replace(conn: Connection, article_id: int, extraction: Extraction) -> ReextractSummary:
    summary = ReextractSummary(articles=1)
    actor_ids = resolve_actors(SqlDirectory(conn), extraction.actors)
    reviewed_claims = _reviewed(conn, _R.c.claim_id, _C, article_id)
    reviewed_figures = _reviewed(conn, _R.c.figure_id, _F, article_id)
    now = datetime.now(UTC)

    new_claims = list(claim_rows(extraction, article_id, actor_ids))
    claim_ids = _reconcile(conn, _C, article_id, new_claims, ("start", "end", "speaker"), reviewed_claims,
                           _LOGGED_CLAIM_FIELDS, "claim", summary, now)
    new_figures = list(figure_rows(extraction, article_id, claim_ids, actor_ids))
    _reconcile(conn, _F, article_id, new_figures, ("start", "end", "value"), reviewed_figures,
               _LOGGED_FIGURE_FIELDS, "figure", summary, now)
    return summary


def _reviewed(conn: Connection, review_item: Any, table: Table, article_id: int) -> dict[int, tuple[int, str]]:
    """item id -> (review id, status) for the article's reviewed items."""
    rows = conn.execute(select(review_item, _R.c.id, _R.c.status).where(
        review_item.in_(select(table.c.id).where(table.c.article_id == article_id))))
    return {row[0]: (row[1], row[2]) for row in rows}


def _reconcile(conn: Connection, table: Table, article_id: int, new_rows: list[dict[str, Any]],
               key_columns: tuple[str, ...], reviewed: dict[int, tuple[int, str]], logged: tuple[str, ...],
               item: str, summary: ReextractSummary, now: datetime) -> list[int]:
    """Make the article's rows of ``table`` the new ones; returns the id of each new row, in order."""
    columns = list(new_rows[0]) if new_rows else []
    old = {row["id"]: dict(row) for row in conn.execute(
        select(table).where(table.c.article_id == article_id).order_by(table.c.id)).mappings()}
    by_key: dict[tuple[Any, ...], list[int]] = {}
    for old_id, row in old.items():
        by_key.setdefault(_key(row, key_columns), []).append(old_id)
    ids: list[int] = []
    matched: set[int] = set()
    for row in new_rows:
        candidates = by_key.get(_key(row, key_columns)) or []
        old_id = next((i for i in candidates if i not in matched), None)
        if old_id is None:
            ids.append(conn.execute(insert(table).values(**row).returning(table.c.id)).scalar_one())
            summary.added += 1
            continue
        matched.add(old_id)
        ids.append(old_id)
        before = old[old_id]
        changed = {c: row[c] for c in columns if not _same(before.get(c), row[c])}
        if not changed:
            summary.unchanged += 1
            continue
        conn.execute(update(table).where(table.c.id == old_id).values(**changed))
        summary.updated += 1
        if old_id in reviewed:
            review_id, status = reviewed[old_id]
            log = [{"field": c, "before": log_text(before.get(c)), "after": log_text(row[c])}
                   for c in logged if c in changed]
            _log(conn, review_id, item, old_id, status, log, "re-extracted: machine value changed", now)
    gone = [i for i in old if i not in matched]
    unreviewed = [i for i in gone if i not in reviewed]
    if unreviewed:
        if table is _C:  # figures of the new extraction may still point at claims about to go
            conn.execute(update(_F).where(_F.c.claim_id.in_(unreviewed)).values(claim_id=None))
        conn.execute(delete(table).where(table.c.id.in_(bindparam("ids", expanding=True))), {"ids": unreviewed})
        summary.removed += len(unreviewed)
    for old_id in gone:
        if old_id in reviewed:
            review_id, status = reviewed[old_id]
            summary.kept.append(f"{item} {old_id} (article {article_id})")
            _log(conn, review_id, item, old_id, status, [{"field": None, "before": None, "after": None}],
                 "re-extraction no longer finds this item; kept as reviewed", now)
    return ids


def _log(conn: Connection, review_id: int, item: str, item_id: int, status: str, entries: list[dict[str, Any]],
         note: str, now: datetime) -> None:
    if not entries:
        return
    for entry in entries:
        entry.update(review_id=review_id, item=item, item_id=item_id, status=status, note=note, by=REEXTRACT_BY,
                     at=now)
    conn.execute(insert(_L), entries)


def _key(row: dict[str, Any], columns: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(float(row[c]) if isinstance(row[c], int | float) and not isinstance(row[c], bool) else row[c]
                 for c in columns)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    if isinstance(a, date) or isinstance(b, date):
        return str(a) == str(b)
    if isinstance(a, str) and isinstance(b, date):
        return a == b.isoformat()
    return bool(a == b)
