"""The Python API for notebooks and scripts: read, extract, ingest and query, as the CLI does.

    import facttrack
    result = facttrack.extract_text("At least 12 people were killed, police said.", published="2024-05-05")
    docs = facttrack.read("page.html")            # a file, a folder, a URL or a feed
    db = facttrack.open("facttrack.db")           # created and migrated when needed
    db.ingest(["data/"])
    rows = db.figures(metric="killed", since="2024-01-01")
    rows.to_pandas()                              # when pandas is installed

The command line calls these same functions (:func:`documents`, :func:`filters`, :meth:`Database.ingest`).
Everything that can go wrong with an input or a database raises a
:class:`~facttrack.errors.FacttrackError` with a one-line message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from facttrack.errors import InputError, QueryError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from facttrack.db.query import Filters
    from facttrack.document import Document
    from facttrack.extract.model import Extraction
    from facttrack.ingest import IngestOutcome, IngestSummary

DateLike = date | str | None


def _date(value: DateLike, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    from facttrack.readers import parse_date

    try:
        return parse_date(value)
    except ValueError:
        raise QueryError(f"{name}: {value!r} is not a date (use YYYY-MM-DD)") from None


def filters(*, metric: str | None = None, actor: str | None = None, source: str | None = None,
            search: str | None = None, since: DateLike = None, until: DateLike = None,
            place: str | None = None, articles: Sequence[int] | None = None,
            statuses: Sequence[str] | None = None, limit: int | None = None) -> Filters:
    """The CLI's query filters (``--metric``, ``--actor``, ``--source``, ``--search``, ``--since``,
    ``--until``, ``--place``, ``--article``, ``--status``, ``--limit``) as one value; dates may be
    ``YYYY-MM-DD`` strings."""
    from facttrack.db.query import Filters

    metric = getattr(metric, "value", metric)  # the CLI passes its Metric enum
    if limit is not None and limit < 1:
        raise QueryError(f"limit must be at least 1, not {limit}")
    return Filters(source=source, actor=actor, search=search, metric=metric, place=place,
                   since=_date(since, "since"), until=_date(until, "until"), articles=tuple(articles or ()),
                   statuses=tuple(statuses or ()), limit=limit)


def documents(inputs: Sequence[str], *, feeds: Sequence[str] = (), engine: Engine | None = None,
              input_format: str | None = None, follow_symlinks: bool = False, max_bytes: int | None = None,
              timeout: float = 20.0, language: str | None = None, stdin: Any = None) -> Iterator[Document | InputError]:
    """Every article of ``inputs`` (files, folders, http(s) URLs, "-" for stdin) and ``feeds``, or an
    InputError in the place of what cannot be read. With ``engine``, feed entries already stored are
    not fetched again; ``language`` replaces detection."""
    from facttrack.readers import DEFAULT_MAX_BYTES, iter_documents
    from facttrack.readers.common import apply_overrides
    from facttrack.readers.fetch import FetchOptions

    known: Callable[[str], bool] | None = None
    if engine is not None:
        def known(url: str) -> bool:
            from facttrack.db.query import article_url_stored  # feeds only: files never ask

            return article_url_stored(engine, url)

    items = iter_documents(inputs, feeds=feeds, input_format=input_format, stdin=stdin,
                           follow_symlinks=follow_symlinks, fetch=FetchOptions(timeout=timeout, known=known),
                           detect_language=language is None,
                           max_bytes=DEFAULT_MAX_BYTES if max_bytes is None else max_bytes)
    if language is None:
        return items
    return (i if isinstance(i, InputError) else apply_overrides(i, language=language) for i in items)


def read(source: str | Sequence[str], **options: Any) -> list[Document]:
    """The articles of a file, folder, URL or feed (or a list of them) as Documents; raises the
    first InputError (options as :func:`documents`: ``input_format``, ``max_bytes``, ``timeout``...)."""
    inputs = [source] if isinstance(source, str) else list(source)
    found: list[Document] = []
    for item in documents(inputs, **options):
        if isinstance(item, InputError):
            raise item
        found.append(item)
    return found


def extract_text(text: str, *, published: DateLike = None, title: str | None = None, outlet: str | None = None,
                 url: str | None = None, language: str | None = None) -> Extraction:
    """Figures, claims and actors of one article's text (cleaned as the readers clean it); relative
    dates ("on Sunday") resolve against ``published``. The language is detected unless given."""
    from facttrack.clean import clean_text
    from facttrack.document import Document
    from facttrack.extract import extract
    from facttrack.readers.language import with_language

    body = clean_text(text)
    if not body:
        raise InputError("<text>: no article text found")
    doc = Document(text=body, title=title, outlet=outlet, url=url, published=_date(published, "published"),
                   language=language, origin="<text>")
    return extract(doc if language else with_language(doc))


class Rows(list[dict[str, Any]]):
    """Query rows (dicts, JSON-able values) that know their columns; ``to_pandas()`` makes a DataFrame."""

    def __init__(self, rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> None:
        # only the listing's columns, as the CLI's JSON has them (queries carry helper keys too)
        super().__init__({c: row.get(c) for c in columns} for row in rows)
        self.columns = tuple(columns)

    def to_pandas(self) -> Any:
        """A pandas DataFrame of the rows (pandas is not a facttrack dependency: install it to use this)."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("to_pandas() needs pandas: pip install pandas") from None
        return pd.DataFrame.from_records(list(self), columns=list(self.columns))


@dataclass
class Database:
    """An open facttrack database (a SQLite path or a SQLAlchemy URL), migrated to the newest schema.
    Use it as a context manager, or call :meth:`close`."""

    engine: Engine

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    # -- writing -------------------------------------------------------------------------------
    def ingest(self, inputs: Sequence[str] | str = (), *, feeds: Sequence[str] = (), jobs: int = 1,
               published: DateLike = None, outlet: str | None = None, url: str | None = None,
               title: str | None = None, language: str | None = None,
               on_outcome: Callable[[IngestOutcome], None] | None = None, **read_options: Any) -> IngestSummary:
        """Read, extract and store ``inputs`` (as ``facttrack ingest``): one transaction per article.
        Returns the summary; ``on_outcome`` sees each article's outcome (failures included)."""
        from facttrack.ingest import IngestSummary, ingest_documents

        paths = [inputs] if isinstance(inputs, str) else list(inputs)
        items = documents(paths, feeds=feeds, engine=self.engine, language=language, **read_options)
        summary = IngestSummary()
        for outcome in ingest_documents(self.engine, items, published=_date(published, "published"),
                                        outlet=outlet, url=url, title=title, jobs=jobs, live="-" in paths):
            summary.add(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
        return summary

    # -- reading: the listings of the CLI, with its filters ------------------------------------
    def figures(self, **where: Any) -> Rows:
        """Figures with who gave them and where (``metric``, ``actor``, ``source``, ``since``,
        ``until``, ``limit``), newest first: the columns of ``facttrack figures``."""
        from facttrack.db.query import FIGURE_COLUMNS, figure_rows

        return self._rows(figure_rows, FIGURE_COLUMNS, where)

    def claims(self, **where: Any) -> Rows:
        """Claims (``actor``, ``source``, ``search``, ``since``, ``until``, ``limit``), newest first."""
        from facttrack.db.query import CLAIM_COLUMNS, claim_rows

        return self._rows(claim_rows, CLAIM_COLUMNS, where)

    def articles(self, **where: Any) -> Rows:
        """Ingested articles (``source``, ``since``, ``until``, ``limit``)."""
        from facttrack.db.query import ARTICLE_COLUMNS, article_rows

        return self._rows(article_rows, ARTICLE_COLUMNS, where)

    def actors(self, **where: Any) -> Rows:
        """Actors with their aliases (``search``, ``source``, ``limit``)."""
        from facttrack.db.query import ACTOR_COLUMNS, actor_rows

        return self._rows(actor_rows, ACTOR_COLUMNS, where)

    def sources(self) -> Rows:
        """Sources (outlets) with their article counts."""
        from facttrack.db.query import SOURCE_COLUMNS, source_rows

        with self.engine.connect() as conn:
            return Rows(source_rows(conn), SOURCE_COLUMNS)

    def series(self, **where: Any) -> Rows:
        """Figures in the order of the date they refer to (as ``facttrack series``), with the filters
        of :meth:`figures`; rejected figures are left out unless ``statuses`` asks for them."""
        from facttrack.analysis import desk
        from facttrack.analysis.series import SERIES_COLUMNS

        return self._rows(desk.series, SERIES_COLUMNS, where)

    def discrepancies(self, *, window: int = 3, jump_factor: float = 2.0, **where: Any) -> Rows:
        """Conflicts, decreases and jumps between figures (as ``facttrack discrepancies``)."""
        from facttrack.analysis import desk
        from facttrack.analysis.discrepancies import DISCREPANCY_COLUMNS

        query = filters(**where)
        with self.engine.connect() as conn:
            return Rows(desk.discrepancies(conn, query, window=window, jump_factor=jump_factor),
                        DISCREPANCY_COLUMNS)

    def _rows(self, rows_fn: Callable[..., Iterator[dict[str, Any]]], columns: Sequence[str],
              where: dict[str, Any]) -> Rows:
        query = filters(**where)
        with self.engine.connect() as conn:
            return Rows(rows_fn(conn, query), columns)


def open(db: str | None = None, *, create: bool = True) -> Database:  # noqa: A001 - facttrack.open(db)
    """Open (and migrate) a database: a SQLite file path or a SQLAlchemy URL (default: the
    ``FACTTRACK_DB`` environment variable, else ./facttrack.db). ``create=False`` never creates one."""
    from facttrack.db.engine import open_database

    return Database(open_database(db, create=create, notice=lambda message: print(message, file=_stderr())))


def _stderr() -> Any:
    import sys

    return sys.stderr


__all__ = ["Database", "Rows", "documents", "extract_text", "filters", "open", "read"]
