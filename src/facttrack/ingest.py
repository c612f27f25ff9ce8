"""The ingest loop as library code: documents (or read errors) in, one outcome per article out.

Each article is extracted and stored in its own transaction, so a bad article costs only itself:
it is reported as ``failed`` with a reason and the loop goes on, also when the database refuses that
article's data (:class:`~facttrack.db.store.ArticleRejected`: a NUL byte on PostgreSQL, a value out
of range). Only a database that cannot be written at all (:class:`~facttrack.errors.DatabaseError`:
locked beyond the timeout, disk full, read-only, connection lost) stops the loop, since every later
article would fail the same way. A crash between articles loses nothing stored, and a crash inside
one loses only that article's uncommitted transaction: rerunning the same input completes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from facttrack.document import Document
from facttrack.errors import AlreadyStored, DatabaseError, FacttrackError, InputError, NotAnArticle

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from facttrack.db.store import Writer
    from facttrack.runners import Runner

Status = Literal["new", "skipped", "failed", "not_article"]


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """What happened to one article (or one input that could not be read)."""

    status: Status
    origin: str
    reason: str | None = None
    article_id: int | None = None
    figures: int = 0
    claims: int = 0
    actors: int = 0
    new_actors: int = 0
    language: str | None = None

    @property
    def english(self) -> bool:
        """False for an article stored without extraction because its language is not English."""
        from facttrack.readers.language import is_english

        return is_english(self.language)

    @property
    def message(self) -> str:
        """"NAME: reason" for a failure, as the CLI prints it after "error: "."""
        return f"{self.origin}: {self.reason}" if self.reason else self.origin


@dataclass(slots=True)
class IngestSummary:
    """Running totals over outcomes; figures/claims count what new articles stored. ``actors`` counts
    the actors this ingest added to the database (what `facttrack actors` lists, when it started
    empty); ``actor_mentions`` adds up, article by article, the distinct actors each one names, so an
    actor named in ten articles counts ten times there."""

    new: int = 0
    skipped: int = 0
    failed: int = 0
    figures: int = 0
    claims: int = 0
    actors: int = 0
    actor_mentions: int = 0
    not_english: int = 0  # new articles stored without figures or claims: their language is not English
    not_articles: int = 0  # web archive records that hold no article (reported, not failed)

    def add(self, outcome: IngestOutcome) -> None:
        if outcome.status == "new":
            self.new += 1
            self.not_english += not outcome.english
            self.figures += outcome.figures
            self.claims += outcome.claims
            self.actors += outcome.new_actors
            self.actor_mentions += outcome.actors
        elif outcome.status == "skipped":
            self.skipped += 1
        elif outcome.status == "not_article":
            self.not_articles += 1
        else:
            self.failed += 1

    def to_json(self) -> dict[str, Any]:
        return {"new": self.new, "skipped": self.skipped, "failed": self.failed,
                "figures": self.figures, "claims": self.claims, "actors": self.actors,
                "actor_mentions": self.actor_mentions, "not_english": self.not_english,
                "not_articles": self.not_articles}

    def line(self) -> str:
        """The one-line human summary."""
        line = (f"{self.new} new, {self.skipped} skipped, {self.failed} failed; "
                f"{self.figures} figures, {self.claims} claims, {self.actors} new actors "
                f"({self.actor_mentions} named, counted once per article)")
        if self.not_english:
            line += f"; {self.not_english} not in English (stored without figures or claims)"
        if self.not_articles:
            line += f"; {self.not_articles} records not articles"
        return line


def _split_message(message: str) -> tuple[str, str]:
    """Readers' errors read "NAME: reason"; keep the two parts apart for callers."""
    origin, sep, reason = message.partition(": ")
    if not sep:
        return "<input>", message
    return origin, reason


def failed_outcome(error: InputError) -> IngestOutcome:
    """The outcome of what a reader could not turn into an article: a failure, or (a web archive's
    404 or image) a record that is no article, reported but not failed."""
    origin, reason = _split_message(str(error))
    return IngestOutcome("not_article" if isinstance(error, NotAnArticle) else "failed", origin, reason)


def ingest_documents(engine: Engine, items: Iterable[Document | InputError], *,
                     published: date | None = None, outlet: str | None = None,
                     url: str | None = None, title: str | None = None, language: str | None = None,
                     jobs: int = 1, live: bool = False) -> Iterator[IngestOutcome]:
    """Extract and store each document in its own transaction; yield one outcome per item.

    ``items`` is what :func:`facttrack.readers.iter_documents` yields. The overrides replace the
    document's own metadata (``--published`` and friends). ``jobs`` > 1 extracts in that many worker
    processes (facttrack.runners.processes) while this process stores, one writer as SQLite wants.
    With one job, a few documents are extracted in a row before they are stored (see InlineRunner);
    ``live`` (items from a stream such as stdin, which may come slowly) stores each one at once.
    """
    from facttrack.readers import apply_overrides
    from facttrack.runners.work import extract_item

    override = any(v is not None for v in (published, outlet, url, title, language))
    if override:
        items = (item if isinstance(item, InputError)
                 else apply_overrides(item, published=published, outlet=outlet, url=url, title=title,
                                      language=language)
                 for item in items)
    from facttrack.db.store import Writer

    runner = _runner(jobs, live)
    try:
        with Writer(engine) as writer:
            for item, extraction in runner.map(extract_item, items):
                if isinstance(item, AlreadyStored):
                    yield IngestOutcome("skipped", *_split_message(str(item)))
                elif isinstance(item, InputError):
                    yield failed_outcome(item)
                else:
                    yield _store_one(writer, item, extraction)
    finally:
        runner.close()


READ_AHEAD = 16  # documents extracted in a row, then stored in a row, with one job


def _runner(jobs: int, live: bool = False) -> Runner:
    """Extraction in this process, or in ``jobs`` local worker processes (one process stores)."""
    if jobs <= 1:
        from facttrack.runners import InlineRunner

        return InlineRunner(window=1 if live else READ_AHEAD)
    from facttrack.runners.processes import ProcessRunner
    from facttrack.runners.work import warm_up

    return ProcessRunner(jobs, warm_up=warm_up)


def _store_one(writer: Writer, doc: Document, extraction: object) -> IngestOutcome:
    """Store one extraction (or report why there is none); only a DatabaseError propagates."""
    from facttrack.db.store import ArticleRejected
    from facttrack.extract.model import Extraction

    if not isinstance(extraction, Extraction):  # ExtractionFailed, or TaskFailed from a runner
        text = str(getattr(extraction, "reason", extraction))
        origin, reason = _split_message(text)
        return IngestOutcome("failed", doc.origin, _one_line(reason if origin == doc.origin else text))
    try:
        result = writer.store(extraction)
    except ArticleRejected as exc:
        return IngestOutcome("failed", doc.origin, _one_line(str(exc)))
    except DatabaseError:
        raise
    except FacttrackError as exc:
        return IngestOutcome("failed", doc.origin, _one_line(str(exc)))
    return IngestOutcome(result.status, doc.origin, None, result.article_id,
                         result.figures, result.claims, result.actors, result.new_actors, doc.language)


def _one_line(text: str) -> str:
    return " ".join(text.split())
