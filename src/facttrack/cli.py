"""The facttrack command line: parse options, call one library function, render the result.

Only typer and the standard library are imported here at start-up (``facttrack --help`` must stay
fast); each command imports the readers, extraction, database and rich when it runs. Library
errors (:class:`facttrack.errors.FacttrackError`) become one line on stderr and exit code 1.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from itertools import chain, islice
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

    from facttrack.db.query import Filters
    from facttrack.ingest import IngestOutcome, IngestSummary


class FacttrackGroup(TyperGroup):
    """Turns the library's own errors into one line on stderr and exit 1, with no traceback; coerces
    plain option values without pydantic (cliparams.py)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from facttrack.cliparams import install

        install(self, ctx)
        return super().parse_args(ctx, args)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        from facttrack.cliparams import install

        command = super().get_command(ctx, cmd_name)
        if command is not None:
            install(command, ctx)
        return command

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            from facttrack.errors import FacttrackError

            if not isinstance(exc, FacttrackError):
                raise
            error(str(exc))
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=FacttrackGroup,
    name="facttrack",
    no_args_is_help=True,
    add_completion=False,
    # Plain help and usage errors: rich's help renderer would add ~50 ms to every start-up.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
db_app = typer.Typer(help="Database operations: upgrade the schema, show its revision, back it up.",
                     no_args_is_help=True, rich_markup_mode=None)
export_app = typer.Typer(help="Export figures or claims as CSV or JSON Lines, streamed.",
                         no_args_is_help=True, rich_markup_mode=None)
app.add_typer(db_app, name="db")
app.add_typer(export_app, name="export")


# ---------------------------------------------------------------------------------------- options

class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class SummaryFormat(StrEnum):
    table = "table"
    json = "json"


class ExtractFormat(StrEnum):
    json = "json"
    table = "table"


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    claimreview = "claimreview"


class InputFormat(StrEnum):
    txt = "txt"
    html = "html"
    jsonl = "jsonl"
    feed = "feed"
    warc = "warc"


class Metric(StrEnum):
    """The metric names of the extraction JSON (kept equal to extract.model.METRICS by a test; not
    imported from there so that --help does not load the extractor)."""

    killed = "killed"
    injured = "injured"
    hostages = "hostages"
    missing = "missing"
    displaced = "displaced"
    detained = "detained"
    people = "people"
    cases = "cases"
    money = "money"
    percent = "percent"
    votes = "votes"
    other = "other"


def parse_date_option(value: str) -> date:
    """--published/--since/--until: the readers' date parser, as a usage error when impossible."""
    from facttrack.readers import parse_date

    try:
        return parse_date(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD)") from None


DbOption = Annotated[str | None, typer.Option(
    "--db", envvar="FACTTRACK_DB", show_envvar=True, metavar="PATH|URL",
    help="File path or SQLAlchemy URL (default ./facttrack.db).")]
FormatOption = Annotated[OutputFormat, typer.Option(
    "--format", "-f", case_sensitive=False, help="Output format.")]
LimitOption = Annotated[int | None, typer.Option(min=1, help="At most this many rows.")]
SourceOption = Annotated[str | None, typer.Option(
    metavar="NAME", help="Only this source (outlet name, exact, any case).")]
ActorOption = Annotated[str | None, typer.Option(
    metavar="NAME", help="Only this actor (canonical name or any alias, exact, any case).")]
SinceOption = Annotated[date | None, typer.Option(
    parser=parse_date_option, metavar="DATE", help="Published on or after this date.")]
UntilOption = Annotated[date | None, typer.Option(
    parser=parse_date_option, metavar="DATE", help="Published on or before this date.")]
MetricOption = Annotated[Metric | None, typer.Option(case_sensitive=False, help="Only this metric.")]
FigureSearchOption = Annotated[str | None, typer.Option(
    metavar="TEXT", help="Only figures whose sentence has these words (whole words, any case).")]
ClaimSearchOption = Annotated[str | None, typer.Option(
    metavar="TEXT", help="Only claims whose text has these words (whole words, any case).")]
ArticleOption = Annotated[list[int] | None, typer.Option(
    "--article", metavar="ID", min=1, help="Only this article (repeat for several).")]
PlaceOption = Annotated[str | None, typer.Option(
    metavar="PLACE", help="Only this place, or every place in this country (any case).")]


class Status(StrEnum):
    """Review statuses (equal to db.query.STATUSES, checked by a test)."""

    unreviewed = "unreviewed"
    verified = "verified"
    disputed = "disputed"
    rejected = "rejected"


StatusOption = Annotated[list[Status] | None, typer.Option(
    "--status", case_sensitive=False, help="Only items with this review status (repeat for several).")]
PublishedOption = Annotated[date | None, typer.Option(
    parser=parse_date_option, metavar="DATE",
    help="Publication date for every article (replaces its own; relative dates resolve against it).")]
InputFormatOption = Annotated[InputFormat | None, typer.Option(
    "--input-format", case_sensitive=False,
    help="Read inputs as this format instead of guessing from the file extension.")]
MaxSizeOption = Annotated[float | None, typer.Option(
    "--max-size", metavar="MB", min=0.0,
    help="Refuse input files and downloads larger than this many megabytes (default 5).")]
def parse_language_option(value: str) -> str:
    """--language: an ISO 639 code ("en", "de", "pt-BR"), kept as written in lower case."""
    import re

    if not re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?", value):
        raise typer.BadParameter(f"{value!r} is not a language code (use ISO 639, such as en, de, fr)")
    return value.replace("_", "-").lower()


LanguageOption = Annotated[str | None, typer.Option(
    "--language", parser=parse_language_option, metavar="CODE",
    help="The articles' language (replaces detection). Figures and claims are extracted from English only.")]
TimeoutOption = Annotated[float, typer.Option(
    "--timeout", metavar="SECONDS", min=0.1, max=3600.0,
    help="For URLs and feed entries: give up a download after this many seconds.")]


# ---------------------------------------------------------------------------------------- helpers

def error(message: str, kind: str = "error") -> None:
    """One line "error: ..." on stderr (or "skipped: ..." for what holds no article); control
    characters from file names or data neutralised."""
    from facttrack.render import safe_text

    typer.echo(f"{kind}: " + " ".join(safe_text(message).split()), err=True)


def report_input(message: str, item: object, report: Callable[..., None]) -> bool:
    """Report what a reader could not read; True when it counts as a failure (a record that is no
    article, such as a web archive's 404, is reported as skipped and does not)."""
    from facttrack.errors import NotAnArticle

    if isinstance(item, NotAnArticle):
        report(message, "skipped")
        return False
    report(message)
    return True


def warn(message: str) -> None:
    """One line "warning: ..." on stderr: something was done that the user should know of."""
    from facttrack.render import safe_text

    typer.echo("warning: " + " ".join(safe_text(message).split()), err=True)


def language_warning(origin: str, language: str | None) -> str:
    return (f"{origin}: language {language}: stored without figures or claims (the extraction rules are "
            "English; --language en overrides)")


def notice(message: str) -> None:
    """A message for the person at the terminal (never data): stderr."""
    from facttrack.render import safe_text

    typer.echo(safe_text(message), err=True)


def fail(message: str) -> NoReturn:
    from facttrack.errors import QueryError

    raise QueryError(message)


@contextmanager
def open_engine(db: str | None, *, create: bool) -> Iterator[Engine]:
    """Open (and migrate) the database; read-only commands never create one."""
    from facttrack.db.engine import open_database

    engine = open_database(db, create=create, notice=notice)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def connect(db: str | None) -> Iterator[Connection]:
    with open_engine(db, create=False) as engine, engine.connect() as conn:
        yield conn


@contextmanager
def closing_rows(rows: Iterator[Any]) -> Iterator[Iterator[Any]]:
    """Finish a row stream (and its cursor) before its connection closes, even when the reader
    stopped early: a capped table, a closed pipe, Ctrl-C."""
    try:
        yield rows
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()


def make_filters(*, articles: list[int] | None = None, statuses: list[Status] | None = None,
                 **values: Any) -> Filters:
    from facttrack.api import filters

    return filters(articles=articles, statuses=[getattr(s, "value", s) for s in statuses or ()], **values)


def max_bytes(max_size: float | None) -> dict[str, int]:
    return {} if max_size is None else {"max_bytes": int(max_size * 1024 * 1024)}


def input_format_value(value: InputFormat | None) -> str | None:
    return value.value if value is not None else None


def list_rows(rows_fn: Callable[..., Any], columns: str, kind: str, db: str | None,
              fmt: OutputFormat, filters: Filters) -> None:
    """Shared body of the listing commands: stream rows from one query into one renderer."""
    from facttrack import render
    from facttrack.db import query

    with connect(db) as conn:
        hint_source(conn, filters)
        with closing_rows(rows_fn(conn, filters)) as rows:
            render.write_rows(rows, fmt.value, sys.stdout, columns=getattr(query, columns), kind=kind,
                              notice=notice)


def hint_source(conn: Connection, filters: Filters) -> None:
    """A --source that names no outlet gets a line with the closest names (the result is empty)."""
    from facttrack.db.query import source_hint

    hint = source_hint(conn, filters)
    if hint:
        notice(hint)


@contextmanager
def stopping_cleanly(summary: Any, command: str, unit: str) -> Iterator[None]:
    """A writing command stopped by its database or by Ctrl-C: one line saying what was stored.

    A database that cannot be written (locked, full, read-only, gone) ends the command with how far
    it got; every stored article is complete, the ``unit`` in progress is not, and the same command
    run again finishes the work."""
    from facttrack.errors import DatabaseError

    try:
        yield
    except DatabaseError as exc:
        if summary.new or summary.skipped or summary.failed:
            raise DatabaseError(f"{exc} (stopped after {summary.line()})") from None
        raise
    except KeyboardInterrupt:
        notice(f"interrupted after {summary.line()} (the {unit} in progress was not stored; "
               f"run the same {command} again to finish)")
        raise typer.Exit(130) from None


def finish(summary: Any, fmt: SummaryFormat, verb: str, *, failed: bool) -> None:
    """A command's summary: one line on stderr, or a JSON object on stdout; exit 1 when ``failed``."""
    if fmt is SummaryFormat.json:
        import json

        typer.echo(json.dumps(summary.to_json()))
    else:
        notice(f"{verb}: {summary.line()}")
    if failed:
        raise typer.Exit(1)


def version_callback(value: bool) -> None:
    if value:
        from facttrack import __version__

        typer.echo(f"facttrack {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option(
        "--version", callback=version_callback, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """Track who says what number, about what, when: ingest articles, query claims and figures,
    export them."""


# ---------------------------------------------------------------------------------------- ingest

@contextmanager
def ingest_progress(enabled: bool, label: str = "ingesting") -> Iterator[tuple[Callable[[Any], None],
                                                                             Callable[[str], None]]]:
    """A transient progress line on stderr (only on a terminal); errors print above it."""
    if not enabled:
        yield (lambda _summary: None), error
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.text import Text

    from facttrack.render import console, safe_text

    con = console(stderr=True)
    columns = (SpinnerColumn(), TextColumn(label + ": {task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=con, transient=True) as progress:
        task = progress.add_task("starting", total=None)

        def update(summary: IngestSummary) -> None:
            progress.update(task, description=summary.line())

        def report(message: str, kind: str = "error") -> None:
            progress.console.print(Text(f"{kind}: " + " ".join(safe_text(message).split())))

        yield update, report


def settle_heap() -> None:
    """Move every object alive now out of the cycle collector's sight: in a batch, what start-up
    loaded (modules, lexicons, the gazetteer, the language model) lives until exit, and each full
    collection would walk all of it again. Garbage made later is collected as usual."""
    import gc

    gc.freeze()


@contextmanager
def settled_heap() -> Iterator[None]:
    """A batch with ``settle_heap`` at its start (call it again once the first article has loaded
    what extraction needs); afterwards the collector sees everything again, as a caller that runs
    the command in its own process (tests, notebooks) expects."""
    import gc

    settle_heap()
    try:
        yield
    finally:
        gc.unfreeze()


@app.command()
def ingest(
    paths: Annotated[list[str] | None, typer.Argument(
        metavar="PATH|URL...", help="Files, folders (read recursively), http(s) URLs or - for stdin.",
        show_default=False)] = None,
    feed: Annotated[list[str] | None, typer.Option(
        "--feed", metavar="URL", help="Read this RSS or Atom feed's entries (repeatable).")] = None,
    published: PublishedOption = None,
    outlet: Annotated[str | None, typer.Option(
        metavar="NAME", help="Outlet that published the articles (replaces their own).")] = None,
    url: Annotated[str | None, typer.Option(help="Article URL (replaces its own).")] = None,
    title: Annotated[str | None, typer.Option(metavar="TEXT", help="Article title (replaces its own).")]
    = None,
    language: LanguageOption = None,
    input_format: InputFormatOption = None,
    max_size: MaxSizeOption = None,
    timeout: TimeoutOption = 20.0,
    follow_symlinks: Annotated[bool, typer.Option(
        "--follow-symlinks",
        help="In folders, follow symbolic links that lead outside the folder (off: skipped).")] = False,
    fmt: Annotated[SummaryFormat, typer.Option(
        "--format", "-f", case_sensitive=False,
        help="Summary as a line on stderr (table) or a JSON object on stdout (json).")]
    = SummaryFormat.table,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", min=1, max=64,
        help="Extract in this many worker processes (one process stores). Default 1.")] = 1,
    db: DbOption = None,
) -> None:
    """Read, extract and store articles: one transaction each; re-ingesting is a no-op.

    Inputs are files, folders, http(s) URLs (pages or feeds), stdin, and --feed URLs. An input that
    cannot be read is reported as "error: NAME: reason" and the rest go on; the exit code is 1 when
    any failed.
    """
    from facttrack.api import Database
    from facttrack.ingest import IngestSummary

    paths, feeds = paths or [], feed or []
    if not paths and not feeds:
        raise typer.BadParameter("give at least one PATH or URL, or --feed URL", param_hint="PATH|URL...")
    many = len(paths) + len(feeds) > 1 or bool(feeds) or any(p != "-" and os.path.isdir(p) for p in paths)
    summary = IngestSummary()
    with stopping_cleanly(summary, "ingest", "article"), open_engine(db, create=True) as engine, \
            ingest_progress(many and sys.stderr.isatty()) as (advance, report), settled_heap():
        def seen(outcome: IngestOutcome) -> None:
            if not (summary.new or summary.skipped or summary.failed or summary.not_articles):
                settle_heap()  # the first article loaded the lexicons, the gazetteer and the language model
            summary.add(outcome)
            if outcome.status == "failed":
                report(outcome.message)
            elif outcome.status == "not_article":
                report(outcome.message, "skipped")
            elif outcome.status == "new" and not outcome.english:
                warn(language_warning(outcome.origin, outcome.language))
            advance(summary)

        Database(engine).ingest(paths, feeds=feeds, published=published, outlet=outlet, url=url,
                                title=title, language=language, jobs=jobs, on_outcome=seen,
                                input_format=input_format_value(input_format),
                                stdin=getattr(sys.stdin, "buffer", None), follow_symlinks=follow_symlinks,
                                timeout=timeout, **max_bytes(max_size))
    finish(summary, fmt, "ingested", failed=bool(summary.failed))


# ---------------------------------------------------------------------------------------- extract

@app.command()
def extract(
    path: Annotated[str, typer.Argument(
        metavar="PATH|URL|-", help="A file, a folder (read recursively), an http(s) URL or - for stdin.")],
    published: PublishedOption = None,
    fmt: Annotated[ExtractFormat, typer.Option(
        "--format", "-f", case_sensitive=False, help="Output format.")] = ExtractFormat.json,
    input_format: InputFormatOption = None,
    max_size: MaxSizeOption = None,
    timeout: TimeoutOption = 20.0,
    language: LanguageOption = None,
    explain: Annotated[bool, typer.Option("--explain", help="Add the evidence behind each item.")] = False,
) -> None:
    """Extract figures, claims and actors without a database (the JSON the README describes under
    "Extraction JSON").

    One article prints one JSON object; a folder or a JSON Lines file of several articles prints
    a JSON array.
    """
    import json

    from facttrack import render
    from facttrack.api import documents
    from facttrack.errors import FacttrackError, InputError
    from facttrack.extract import extract as run_extract
    from facttrack.readers import apply_overrides
    from facttrack.readers.language import is_english

    items = iter(documents([path], input_format=input_format_value(input_format),
                           stdin=getattr(sys.stdin, "buffer", None), timeout=timeout, language=language,
                           **max_bytes(max_size)))
    head = list(islice(items, 2))
    many = len(head) > 1 or (path != "-" and os.path.isdir(path))
    failed = 0

    def extractions() -> Iterator[Any]:
        nonlocal failed
        for item in chain(head, items):
            if isinstance(item, InputError):
                failed += report_input(str(item), item, error)
                continue
            doc = apply_overrides(item, published=published) if published else item
            if not is_english(doc.language):
                warn(language_warning(doc.origin, doc.language).replace("stored", "read"))
            try:
                yield run_extract(doc)
            except FacttrackError as exc:
                failed += 1
                error(f"{doc.origin}: {exc}")
            except Exception as exc:  # noqa: BLE001 - as in ingest: one article's extraction bug is one line
                failed += 1
                error(f"{doc.origin}: extraction failed ({type(exc).__name__}: {exc})")

    out = sys.stdout
    if fmt is ExtractFormat.table:
        for extraction in extractions():
            render.write_extraction_table(extraction, out, explain=explain)
    elif many:
        render.write_json_values((e.to_json(explain) for e in extractions()), out)
    else:
        for extraction in extractions():
            out.write(json.dumps(extraction.to_json(explain), ensure_ascii=False, indent=2))
            out.write("\n")
    if failed:
        raise typer.Exit(1)


@contextmanager
def batch_progress(enabled: bool) -> Iterator[tuple[Callable[[Any], None], Callable[[str], None]]]:
    """A progress bar on stderr (only on a terminal): tasks done, articles/s, failures."""
    if not enabled:
        yield (lambda _summary: None), error
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.text import Text

    from facttrack.render import console, safe_text

    columns = (TextColumn("tasks"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
               TimeElapsedColumn())
    with Progress(*columns, console=console(stderr=True), transient=True) as bar:
        task = bar.add_task("starting", total=None)

        def update(summary: Any) -> None:
            bar.update(task, total=summary.tasks, completed=summary.ran + summary.complete,
                       description=f"{summary.rate():,.0f} articles/s, {summary.failed} failed")

        def report(message: str, kind: str = "error") -> None:
            bar.console.print(Text(f"{kind}: " + " ".join(safe_text(message).split())))

        yield update, report


@app.command("extract-batch")
def extract_batch(
    inputs: Annotated[list[str], typer.Argument(
        metavar="INPUT...", help="Files and folders (read recursively) of articles: JSON Lines, text, HTML.")],
    out: Annotated[str, typer.Option("--out", "-o", metavar="DIR", help="Folder for the parts (created).")],
    scheduler: Annotated[str | None, typer.Option(
        metavar="tcp://HOST:PORT", help="Run on this Dask scheduler's workers.")] = None,
    local: Annotated[int | None, typer.Option(
        min=1, max=256, metavar="N",
        help="Start a local Dask cluster of N worker processes (default: one per CPU).")] = None,
    published: PublishedOption = None,
    input_format: InputFormatOption = None,
    max_size: MaxSizeOption = None,
    follow_symlinks: Annotated[bool, typer.Option(
        "--follow-symlinks", help="In folders, follow symbolic links that lead outside the folder.")] = False,
    task_mb: Annotated[float, typer.Option(
        "--task-mb", min=0.01, metavar="MB", help="Split JSON Lines files larger than this into tasks of "
        "about this size, at line boundaries.")] = 64.0,
    fmt: Annotated[SummaryFormat, typer.Option(
        "--format", "-f", case_sensitive=False,
        help="Summary as a line on stderr (table) or a JSON object on stdout (json).")] = SummaryFormat.table,
) -> None:
    """Extract archives on a Dask cluster into gzip JSON Lines parts (no database); load them with
    facttrack load. Parts already complete are skipped: run it again to resume.

    Each line of a part is exactly what facttrack extract prints for that article. Failed inputs are
    reported as "error: NAME: reason"; the exit code is 1 when any failed.
    """

    import facttrack
    from facttrack.batch.run import extract_batch as run_batch
    from facttrack.readers import DEFAULT_MAX_BYTES

    if scheduler and local:
        raise typer.BadParameter("give --scheduler or --local, not both", param_hint="--local")

    def runner() -> Any:
        from facttrack.runners import default_jobs
        from facttrack.runners.dask import DaskRunner

        return DaskRunner(scheduler=scheduler, local=None if scheduler else (local or default_jobs()))

    limit = max_bytes(max_size).get("max_bytes", DEFAULT_MAX_BYTES)
    with batch_progress(sys.stderr.isatty()) as (advance, report):
        summary = run_batch(inputs, out, runner, version=facttrack.__version__,
                            input_format=input_format_value(input_format), published=published, max_bytes=limit,
                            follow_symlinks=follow_symlinks, task_bytes=int(task_mb * 1024 * 1024),
                            report=report, progress=advance)
    finish(summary, fmt, "extracted", failed=bool(summary.failed or summary.refused or summary.unfinished))


@app.command()
def load(
    folders: Annotated[list[str], typer.Argument(metavar="DIR...", help="Folders of extract-batch parts.")],
    batch: Annotated[int, typer.Option(
        "--batch", min=1, max=100_000, metavar="N", help="Articles per transaction.")] = 1000,
    defer_search_index: Annotated[bool, typer.Option(
        "--defer-search-index",
        help="Empty database only: drop the claim search index, and build it once at the end.")] = False,
    fmt: Annotated[SummaryFormat, typer.Option(
        "--format", "-f", case_sensitive=False,
        help="Summary as a line on stderr (table) or a JSON object on stdout (json).")] = SummaryFormat.table,
    db: DbOption = None,
) -> None:
    """Store extract-batch parts: the same database as ingest of the same articles, written in bulk
    (PostgreSQL COPY), one transaction per batch. Loading twice adds nothing; a killed load resumes.
    """
    from facttrack.db.load import LoadSummary, load_parts

    summary = LoadSummary()
    with stopping_cleanly(summary, "load", "batch"), open_engine(db, create=True) as engine, \
            ingest_progress(sys.stderr.isatty(), "loading") as (advance, report):
        load_parts(engine, folders, batch_size=batch, defer_search=defer_search_index, report=report,
                   progress=advance, summary=summary)
    finish(summary, fmt, "loaded", failed=bool(summary.failed))


class EvalFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("eval")
def evaluate(
    gold: Annotated[str, typer.Argument(metavar="GOLD.jsonl", help="Hand-labelled documents (gold format).")],
    fmt: Annotated[EvalFormat, typer.Option("--format", "-f", case_sensitive=False,
                                            help="Output format.")] = EvalFormat.table,
    errors: Annotated[bool, typer.Option("--errors", help="List every miss and false positive with its "
                                         "sentence and the field that is wrong, grouped by kind.")] = False,
) -> None:
    """Measure extraction against hand-labelled documents: precision, recall and F1 of figures and
    claims, qualifier/metric/attribution accuracy, and how often non-figures are reported."""
    import json

    from facttrack.errors import FacttrackError
    from facttrack.evaluate import evaluate as run_evaluate
    from facttrack.evaluate import load_gold, render_errors

    try:
        tally = run_evaluate(load_gold(gold), errors=errors)
    except OSError as exc:
        fail(f"{gold}: {exc.strerror or exc}")
    except FacttrackError as exc:
        fail(str(exc))
    summary = tally.summary()
    if errors:
        if fmt is EvalFormat.json:
            print(json.dumps({"scores": {k: round(v, 3) for k, v in summary.items()},
                              "errors": [m.to_json() for m in tally.errors or []]}, indent=1))
        else:
            for line in render_errors(tally.errors or []):
                print(line)
        return
    if fmt is EvalFormat.json:
        print(json.dumps({k: round(v, 3) for k, v in summary.items()}, indent=1))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=os.path.basename(gold))
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in summary.items():
        table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    Console(width=80).print(table)


# ---------------------------------------------------------------------------------------- queries

@app.command()
def sources(fmt: FormatOption = OutputFormat.table, limit: LimitOption = None, db: DbOption = None) -> None:
    """List sources (outlets) with their article counts."""
    from facttrack.db.query import source_rows

    list_rows(source_rows, "SOURCE_COLUMNS", "sources", db, fmt, make_filters(limit=limit))


@app.command()
def articles(
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = None,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """List ingested articles."""
    from facttrack.db.query import article_rows

    filters = make_filters(source=source, since=since, until=until, limit=limit)
    list_rows(article_rows, "ARTICLE_COLUMNS", "articles", db, fmt, filters)


@app.command()
def actors(
    search: Annotated[str | None, typer.Option(
        metavar="NAME", help="Only actors whose name or an alias holds these words (whole words, any case).")]
    = None,
    source: Annotated[str | None, typer.Option(
        metavar="NAME", help="Only actors quoted or cited in articles of this source.")] = None,
    limit: LimitOption = None,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """List actors (people, organisations, groups) with their aliases."""
    from facttrack.db.query import actor_rows

    list_rows(actor_rows, "ACTOR_COLUMNS", "actors", db, fmt,
              make_filters(search=search, source=source, limit=limit))


@app.command()
def claims(
    source: SourceOption = None,
    actor: ActorOption = None,
    search: ClaimSearchOption = None,
    article: ArticleOption = None,
    status: StatusOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = None,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """List attributed claims: who said what, where (corrected where reviewed)."""
    from facttrack.db.query import claim_rows

    filters = make_filters(source=source, actor=actor, search=search, articles=article, statuses=status,
                           since=since, until=until, limit=limit)
    list_rows(claim_rows, "CLAIM_COLUMNS", "claims", db, fmt, filters)


@app.command()
def figures(
    metric: MetricOption = None,
    actor: ActorOption = None,
    source: SourceOption = None,
    place: PlaceOption = None,
    search: FigureSearchOption = None,
    article: ArticleOption = None,
    status: StatusOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = None,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """List figures with who gave them, where they count and where they were published (corrected
    where reviewed); the table shows each figure in its sentence."""
    from facttrack.db.query import figure_rows

    filters = make_filters(metric=metric, actor=actor, source=source, place=place, search=search,
                           articles=article, statuses=status, since=since, until=until, limit=limit)
    list_rows(figure_rows, "FIGURE_COLUMNS", "figures", db, fmt, filters)


@app.command()
def show(
    article_id: Annotated[int, typer.Argument(metavar="ARTICLE_ID", help="The article's id.")],
    db: DbOption = None,
) -> None:
    """Show one article with its figures and claims marked in the text and listed under it."""
    from facttrack import render
    from facttrack.db.query import article_detail

    with connect(db) as conn:
        detail = article_detail(conn, article_id)
    if detail is None:
        fail(f"no article with id {article_id}")
    render.show_article(detail, sys.stdout)


# ---------------------------------------------------------------------------------------- analysis

@app.command()
def series(
    metric: MetricOption = None,
    place: PlaceOption = None,
    actor: ActorOption = None,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    status: StatusOption = None,
    limit: LimitOption = None,
    fmt: FormatOption = OutputFormat.table,
    plot: Annotated[str | None, typer.Option(
        "--plot", metavar="FILE.png|FILE.svg",
        help="Also draw the timeline to this file (needs the plot extra: pip install 'facttrack[plot]').")]
    = None,
    db: DbOption = None,
) -> None:
    """List figures in the order of the date they refer to (else their publication date), and draw
    them over time with --plot. Rejected figures are left out unless --status asks for them."""
    from facttrack import render
    from facttrack.analysis import desk
    from facttrack.analysis.series import INSTALL_HINT, SERIES_COLUMNS, PlotUnavailable, draw, plot_data

    if plot is not None and not plot.lower().endswith((".png", ".svg")):
        raise typer.BadParameter("the plot file must end in .png or .svg", param_hint="--plot")
    filters = make_filters(metric=metric, place=place, actor=actor, source=source, since=since, until=until,
                           statuses=status, limit=limit)
    kept: list[dict[str, Any]] = []
    with connect(db) as conn:
        hint_source(conn, filters)
        with closing_rows(desk.series(conn, filters)) as rows:
            stream = rows if plot is None else _keeping(rows, kept)
            render.write_rows(stream, fmt.value, sys.stdout, columns=SERIES_COLUMNS, kind="series", notice=notice)
            if plot is not None:
                for _ in stream:  # a table shows 500 rows; the plot takes every one
                    pass
    if plot is not None:
        title = " ".join(str(v) for v in (metric.value if metric else None, place) if v) or "figures"
        try:
            draw(plot_data(kept, title=title), plot)
        except PlotUnavailable:
            fail(INSTALL_HINT)
        except OSError as exc:
            fail(f"{plot}: cannot write ({exc.strerror or exc})")
        notice(f"plotted {len(kept)} figures to {plot}")


def _keeping(rows: Iterator[dict[str, Any]], kept: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        kept.append(row)
        yield row


@app.command()
def discrepancies(
    metric: MetricOption = None,
    place: PlaceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    window: Annotated[int, typer.Option(
        min=0, metavar="DAYS", help="Figures without periods are about the same time when published this "
        "many days apart or less.")] = 3,
    jump_factor: Annotated[float, typer.Option(
        "--jump-factor", min=1.01, metavar="FACTOR",
        help="A running total that rises above this many times its previous value within a day is a jump.")]
    = 2.0,
    status: StatusOption = None,
    limit: LimitOption = None,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
) -> None:
    """Figures about the same thing that disagree: conflicts between sources, running totals that go
    down (decrease) and that jump. Copies of one figure count once. Rejected figures are left out
    unless --status asks for them."""
    from facttrack import render
    from facttrack.analysis import desk
    from facttrack.analysis.discrepancies import DISCREPANCY_COLUMNS

    filters = make_filters(metric=metric, place=place, since=since, until=until, statuses=status)
    with connect(db) as conn, closing_rows(desk.discrepancies(conn, filters, window=window,
                                                             jump_factor=jump_factor)) as rows:
        stream = islice(rows, limit) if limit is not None else rows
        render.write_rows(stream, fmt.value, sys.stdout, columns=DISCREPANCY_COLUMNS, kind="discrepancies",
                          notice=notice)


# ---------------------------------------------------------------------------------------- review

class ItemKind(StrEnum):
    figure = "figure"
    claim = "claim"


def login_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name for this uid (a container without /etc/passwd entry)
        return "unknown"


@app.command("review")
def review_item(
    item: Annotated[ItemKind, typer.Argument(case_sensitive=False, help="figure or claim.")],
    item_id: Annotated[int, typer.Argument(metavar="ID", help="The figure's or claim's id.")],
    status: Annotated[Status | None, typer.Option(case_sensitive=False, help="The review status.")] = None,
    set_: Annotated[list[str] | None, typer.Option(
        "--set", metavar="FIELD=VALUE",
        help="Correct a field (repeat for several): value, value_max, qualifier, metric, place, counted, "
             "attributed_to (figures); speaker, cue, text, said_on (claims). An empty VALUE clears it.")] = None,
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="Why (kept in the history).")] = None,
    by: Annotated[str | None, typer.Option(metavar="NAME", help="Who reviews (default: your login name).")]
    = None,
    db: DbOption = None,
) -> None:
    """Set a figure's or claim's review status and correct its fields; every change is kept in its
    history (facttrack history)."""
    from facttrack.review.audit import parse_sets, review

    sets = parse_sets(item.value, set_ or [])
    with open_engine(db, create=False) as engine:
        result = review(engine, item.value, item_id, status=status.value if status else None, sets=sets,
                        note=note, by=by or login_name())
    notice(f"{result.item} {result.item_id}: {result.status} ({result.changes} change"
           f"{'' if result.changes == 1 else 's'} recorded)")


class HistoryFormat(StrEnum):
    table = "table"
    json = "json"


@app.command()
def history(
    item: Annotated[ItemKind, typer.Argument(case_sensitive=False, help="figure or claim.")],
    item_id: Annotated[int, typer.Argument(metavar="ID", help="The figure's or claim's id.")],
    fmt: Annotated[HistoryFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")]
    = HistoryFormat.table,
    db: DbOption = None,
) -> None:
    """Print every recorded change of a figure's or claim's review, oldest first."""
    from facttrack import render
    from facttrack.review.audit import HISTORY_COLUMNS
    from facttrack.review.audit import history as read_history

    with connect(db) as conn:
        rows = read_history(conn, item.value, item_id)
    render.write_rows(iter(rows), fmt.value, sys.stdout, columns=HISTORY_COLUMNS, kind="changes", notice=notice)


@app.command()
def reextract(
    article_ids: Annotated[list[int] | None, typer.Argument(
        metavar="[ARTICLE_ID...]", help="The articles to re-extract.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Re-extract every article.")] = False,
    fmt: Annotated[SummaryFormat, typer.Option(
        "--format", "-f", case_sensitive=False,
        help="Summary as a line on stderr (table) or a JSON object on stdout (json).")] = SummaryFormat.table,
    db: DbOption = None,
) -> None:
    """Run the current extraction rules on stored articles: machine output is replaced, reviewed items
    keep their review (re-attached to the item that matches them). Running it twice changes nothing."""
    import json

    from facttrack.review.reextract import ReextractSummary
    from facttrack.review.reextract import article_ids as select_ids
    from facttrack.review.reextract import reextract as run_reextract

    if bool(article_ids) == all_:
        raise typer.BadParameter("give ARTICLE_ID... or --all (not both)", param_hint="ARTICLE_ID")
    total = ReextractSummary()
    with open_engine(db, create=False) as engine:
        with engine.connect() as conn:
            ids = select_ids(conn, None if all_ else article_ids)
        for summary in run_reextract(engine, ids):
            total.add(summary)
    if fmt is SummaryFormat.json:
        typer.echo(json.dumps(total.to_json()))
    else:
        notice(f"re-extracted: {total.line()}")


# ---------------------------------------------------------------------------------------- export

OutputOption = Annotated[str, typer.Option(
    "--output", "-o", metavar="FILE|-", help="Write to this file (replaced when complete) or - for stdout.")]
ExportFormatOption = Annotated[ExportFormat, typer.Option(
    "--format", "-f", case_sensitive=False,
    help="csv (RFC 4180, one header row), jsonl, or claimreview (claims: schema.org JSON-LD).")]
RawOption = Annotated[bool, typer.Option(
    "--raw", help="Write text cells as they are (no apostrophe before cells starting with = + - @).")]


def export_rows(kind: str, filters: Filters, output: str, fmt: ExportFormat, raw: bool, db: str | None) -> None:
    """Stream one query to stdout, or to a temporary file renamed over FILE once complete."""
    from facttrack import render
    from facttrack.db import query

    cols = query.FIGURE_COLUMNS if kind == "figures" else query.CLAIM_COLUMNS
    if fmt is ExportFormat.claimreview:
        raise typer.BadParameter("claimreview is a format for claims (export claims)", param_hint="--format")
    csv = fmt is ExportFormat.csv
    # exports stream in stored (id) order: no sort over every joined row before the first one is written
    if csv:
        rows_fn: Callable[..., Any] = query.figure_csv if kind == "figures" else query.claim_csv
        options: dict[str, Any] = {"neutralise": not raw}
    else:
        rows_fn = query.figure_rows if kind == "figures" else query.claim_rows
        options = {"order": "stored"}
    with connect(db) as conn, closing_rows(rows_fn(conn, filters, **options)) as rows:
        hint_source(conn, filters)

        def write(out: Any) -> int:
            if csv:
                return render.write_csv_cells(rows, cols, out)
            return render.write_jsonl(rows, out, columns=cols)

        if output == "-":
            write(sys.stdout)
            return
        count = write_atomically(output, write)
    notice(f"exported {count} {kind} to {output}")


def write_atomically(path: str, write: Callable[[Any], int]) -> int:
    """Write next to PATH and rename over it, so readers never see half a file."""
    import tempfile

    from facttrack.errors import FacttrackError

    target = os.path.abspath(path)
    try:
        handle = tempfile.NamedTemporaryFile(  # 1 MiB writes: exports run to hundreds of megabytes
            "w", buffering=1 << 20, encoding="utf-8", newline="", dir=os.path.dirname(target),
            prefix=f".{os.path.basename(target)}.", suffix=".tmp", delete=False)
    except OSError as exc:
        raise FacttrackError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        try:
            with handle:
                count = write(handle.file)  # the file itself: the wrapper adds a Python call to every write
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(handle.name, 0o666 & ~umask)
            os.replace(handle.name, target)
        except OSError as exc:
            raise FacttrackError(f"{path}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        try:
            os.unlink(handle.name)
        except OSError:
            pass
        raise
    return count


@export_app.command("figures")
def export_figures(
    output: OutputOption = "-",
    fmt: ExportFormatOption = ExportFormat.csv,
    raw: RawOption = False,
    metric: MetricOption = None,
    actor: ActorOption = None,
    source: SourceOption = None,
    place: PlaceOption = None,
    search: FigureSearchOption = None,
    article: ArticleOption = None,
    status: StatusOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = None,
    db: DbOption = None,
) -> None:
    """Export figures (the columns listed in the README under Export) with their sentence, offsets
    and URL, corrected where reviewed."""
    filters = make_filters(metric=metric, actor=actor, source=source, place=place, search=search,
                           articles=article, statuses=status, since=since, until=until, limit=limit)
    export_rows("figures", filters, output, fmt, raw, db)


@export_app.command("claims")
def export_claims(
    output: OutputOption = "-",
    fmt: ExportFormatOption = ExportFormat.csv,
    raw: RawOption = False,
    source: SourceOption = None,
    actor: ActorOption = None,
    search: ClaimSearchOption = None,
    article: ArticleOption = None,
    status: StatusOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = None,
    org: Annotated[str | None, typer.Option(
        metavar="NAME", help="With --format claimreview: the reviewing organisation (ClaimReview author).")]
    = None,
    db: DbOption = None,
) -> None:
    """Export claims (the columns listed in the README under Export) with their offsets and URL,
    corrected where reviewed; --format claimreview writes reviewed claims as schema.org ClaimReview."""
    filters = make_filters(source=source, actor=actor, search=search, articles=article, statuses=status,
                           since=since, until=until, limit=limit)
    if fmt is ExportFormat.claimreview:
        export_claimreview(filters, output, org, db)
        return
    export_rows("claims", filters, output, fmt, raw, db)


def export_claimreview(filters: Filters, output: str, org: str | None, db: str | None) -> None:
    """Reviewed claims as one JSON-LD array of schema.org ClaimReview objects."""
    from facttrack import render
    from facttrack.export.claimreview import claim_reviews

    if not org:
        raise typer.BadParameter("ClaimReview needs the reviewing organisation: --org NAME", param_hint="--org")
    with connect(db) as conn, closing_rows(claim_reviews(conn, filters, org=org)) as rows:
        hint_source(conn, filters)
        if output == "-":
            render.write_json_values(rows, sys.stdout)
            return
        count = write_atomically(output, lambda out: render.write_json_values(rows, out))
    notice(f"exported {count} claim reviews to {output}")


# ---------------------------------------------------------------------------------------- db

@db_app.command("upgrade")
def db_upgrade(
    no_backup: Annotated[bool, typer.Option(
        "--no-backup", help="Do not copy a SQLite file that holds data to NAME.bak-REVISION first.")] = False,
    db: DbOption = None,
) -> None:
    """Create the database if needed and migrate it to the newest schema (a SQLite file holding data
    is copied next to itself first)."""
    from facttrack.db.engine import open_database
    from facttrack.db.migrate import current_revision, head_revision
    from facttrack.db.settings import mask_url

    engine = open_database(db, create=True, backup=not no_backup, notice=notice)
    try:
        current = current_revision(engine)
        typer.echo(f"{mask_url(engine.url)}: at revision {current} (head {head_revision()})")
    finally:
        engine.dispose()


@db_app.command("current")
def db_current(db: DbOption = None) -> None:
    """Print the database's schema revision and the newest one this version knows (no migration)."""
    from facttrack.db.engine import connect_database
    from facttrack.db.migrate import current_revision, head_revision

    # Not open_database(): that would migrate first, and this command is how operators see whether
    # a migration is pending. Reading alembic_version writes nothing, even to a foreign file.
    engine = connect_database(db, create=False)
    try:
        current = current_revision(engine)
    finally:
        engine.dispose()
    head = head_revision()
    typer.echo(f"current: {current or 'none'}")
    typer.echo(f"head: {head}")


@db_app.command("backup")
def db_backup(
    path: Annotated[str, typer.Argument(metavar="PATH", help="The file to write the copy to.")],
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
    db: DbOption = None,
) -> None:
    """Copy a SQLite database to PATH while it stays in use (SQLite's online backup; PostgreSQL:
    use pg_dump). Restore by copying back the same way: db backup DB --db PATH --force."""
    from facttrack.db.backup import backup_database

    result = backup_database(db, path, force=force)
    typer.echo(f"{result.source}: backed up to {result.target} "
               f"(schema {result.revision or 'none'}, {result.articles} articles)")


# ---------------------------------------------------------------------------------------- datasette

@app.command("datasette-metadata")
def datasette_metadata(
    output: Annotated[str, typer.Option(
        "--output", "-o", metavar="FILE|-", help="Write to this file (replaced when complete) or - for stdout.")]
    = "-",
    database: Annotated[str | None, typer.Option(
        "--database", metavar="NAME", help="The name Datasette gives the database (default: the --db file's "
        "name without extension, facttrack for facttrack.db).")] = None,
    db: DbOption = None,
) -> None:
    """Write a Datasette metadata file: descriptions, labels, search on the views, facets and sort order.

    Use it as: datasette facttrack.db -m metadata.json
    """
    import json

    from facttrack.db.datasette import metadata

    name = database or os.path.splitext(os.path.basename(db or "facttrack.db"))[0] or "facttrack"
    text = json.dumps(metadata(name), indent=2, ensure_ascii=False) + "\n"
    if output == "-":
        sys.stdout.write(text)
        return
    write_atomically(output, lambda out: out.write(text))
    notice(f"wrote Datasette metadata for database {name!r} to {output} (use: datasette DB -m {output})")


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="facttrack")
    finally:
        # The interpreter's last collection would walk every object of a process about to end (the
        # gazetteer and the language model after an ingest): the operating system frees them anyway.
        settle_heap()
