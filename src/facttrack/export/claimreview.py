"""Reviewed claims as schema.org ClaimReview JSON-LD, the form fact-checkers publish verdicts in.

One object per reviewed claim (status verified, disputed or rejected): ``claimReviewed`` (the claim's
text, corrected where reviewed), ``itemReviewed`` (a Claim: its ``author``, a Person or an Organization
by the speaker's actor kind, the outlet when the article speaks in its own voice; ``datePublished``, the
date it was said, else the article's; ``appearance``, the article with its URL, headline, date and
publisher), ``reviewRating`` (a Rating whose ``alternateName`` is the status, with the reviewer's note
as ``ratingExplanation``), ``author`` (the reviewing organisation, ``--org``) and ``datePublished`` (the
day of the review).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, case, select

from facttrack.db.models import Actor, Claim, Review
from facttrack.db.query import Filters, claim_rows
from facttrack.errors import QueryError

REVIEWED = ("verified", "disputed", "rejected")
RATING_NAMES = {"verified": "Verified", "disputed": "Disputed", "rejected": "Rejected"}
CONTEXT = "https://schema.org"

_C = cast(Table, Claim.__table__)
_R = cast(Table, Review.__table__)
_ACT = cast(Table, Actor.__table__)


def claim_reviews(conn: Connection, filters: Filters, *, org: str) -> Iterator[dict[str, Any]]:
    """ClaimReview objects for the reviewed claims the filters keep, in stored order."""
    if not org.strip():
        raise QueryError("--org needs the name of the reviewing organisation")
    statuses = filters.statuses or REVIEWED
    if "unreviewed" in statuses:
        raise QueryError("ClaimReview covers reviewed claims: --status verified, disputed or rejected")
    reviews = _review_info(conn)
    for row in claim_rows(conn, replace(filters, statuses=tuple(statuses)), order="stored"):
        info = reviews.get(row["claim_id"])
        if info is not None:
            yield claim_review(row, info, org=" ".join(org.split()))


def _review_info(conn: Connection) -> dict[int, dict[str, Any]]:
    """claim id -> review date, note and the speaker's actor kind (reviewed claims are few)."""
    speaker_id = case((_R.c.corrected.like("%,speaker,%"), _R.c.speaker_id), else_=_C.c.speaker_id)
    rows = conn.execute(
        select(_R.c.claim_id, _R.c.reviewed_at, _R.c.note, _ACT.c.kind.label("kind"))
        .select_from(_R.join(_C, _C.c.id == _R.c.claim_id).outerjoin(_ACT, _ACT.c.id == speaker_id))
        .where(_R.c.claim_id.is_not(None))
    ).mappings()
    return {row["claim_id"]: dict(row) for row in rows}


def claim_review(row: Mapping[str, Any], review: Mapping[str, Any], *, org: str) -> dict[str, Any]:
    """One ClaimReview from a claim row (db.query CLAIM_COLUMNS) and its review."""
    publisher = {"@type": "Organization", "name": row["source"]}
    if row.get("speaker"):
        kind = "Person" if review.get("kind") == "person" else "Organization"
        author: dict[str, Any] = {"@type": kind, "name": row["speaker"]}
    else:
        author = dict(publisher)
    appearance: dict[str, Any] = {"@type": "NewsArticle", "publisher": publisher}
    for key, name in (("url", "url"), ("title", "headline"), ("published", "datePublished")):
        if row.get(key):
            appearance[name] = row[key]
    claim: dict[str, Any] = {"@type": "Claim", "author": author, "appearance": appearance}
    said = row.get("said_on") or row.get("published")
    if said:
        claim["datePublished"] = said
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": RATING_NAMES[row["status"]]}
    if review.get("note"):
        rating["ratingExplanation"] = review["note"]
    out: dict[str, Any] = {
        "@context": CONTEXT, "@type": "ClaimReview", "claimReviewed": row["text"], "itemReviewed": claim,
        "reviewRating": rating, "author": {"@type": "Organization", "name": org},
        "datePublished": _day(review.get("reviewed_at")),
    }
    return out


def _day(value: Any) -> str:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).date().isoformat()
    return str(value)[:10] if value else datetime.now(UTC).date().isoformat()
