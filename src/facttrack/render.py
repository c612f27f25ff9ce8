"""Write rows (dicts) as a rich table, CSV, a JSON array or JSON Lines.

Every writer except the table consumes its rows one at a time, so a million-row export costs no more
memory than one row. CSV follows the README (Export): RFC 4180 quoting, integers without ".0", empty
cells for null, true/false for booleans, and text cells that a spreadsheet would run as a formula
neutralised with a leading apostrophe (numbers stay numbers).
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from operator import itemgetter
from typing import Any, TextIO

# Characters that make a spreadsheet read a text cell as a formula (OWASP "CSV injection").
FORMULA_START = frozenset("=+-@\t\r")

# C0 controls (except tab and newline), DEL and C1 controls: a document or a query result must not
# be able to move the cursor, recolour the terminal or retitle the window. Replaced one-for-one so
# character offsets into the text stay valid.
_CONTROL = dict.fromkeys((*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)), "\ufffd")

# The columns a table shows for the wide kinds; the machine formats always carry every column.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "figures": ("figure_id", "value", "qualifier", "metric", "place", "attributed_to", "source", "published",
                "status", "in_sentence"),
    "claims": ("claim_id", "speaker", "cue", "kind", "text", "said_on", "source", "published",
               "status", "article_id"),
    "articles": ("article_id", "id", "title", "source", "published", "url", "figures", "claims"),
    "series": ("figure_id", "published", "refers_start", "refers_end", "value", "qualifier", "metric", "place",
               "attributed_to", "source", "status"),
    "discrepancies": ("kind", "metric", "place", "a", "b", "ratio"),
}
SNIPPET_CHARS = 100  # a figure's sentence in a table is cut to about this many characters
_MIN_WIDTHS = {"in_sentence": 40}  # wide enough to read the sentence on two or three lines


def in_sentence(row: Mapping[str, Any], width: int = SNIPPET_CHARS) -> str:
    """The figure's sentence cut around the figure, the figure in [brackets]: enough to judge it in a
    table without opening the article. Needs ``sentence``, ``sentence_start``, ``start`` and ``end``."""
    sentence = str(row.get("sentence") or "")
    offset = row.get("sentence_start")
    start, end = row.get("start"), row.get("end")
    if not isinstance(offset, int) or not isinstance(start, int) or not isinstance(end, int):
        return sentence
    a, b = max(0, start - offset), max(0, min(len(sentence), end - offset))
    if a >= b:
        return sentence[:width]
    before, figure, after = sentence[:a], sentence[a:b], sentence[b:]
    room = max(0, width - len(figure))
    left = min(len(before), room // 2 + max(0, room // 2 - len(after)))
    right = max(0, room - left)
    head = before[len(before) - left:] if left else ""
    tail = after[:right]
    head = ("…" + head.lstrip()) if left < len(before) else head
    tail = (tail.rstrip() + "…") if right < len(after) else tail
    return " ".join(f"{head}[{figure}]{tail}".split())


def pair_side(prefix: str) -> Callable[[Mapping[str, Any]], str]:
    """One figure of a discrepancy in a cell: "60 exactly, Regional officials (Valdoria Today,
    2024-04-09) #12"."""

    def cell(row: Mapping[str, Any]) -> str:
        def get(key: str) -> Any:
            return row.get(prefix + key)

        who = get("attributed_to")
        where = ", ".join(str(v) for v in (get("source"), get("published")) if v)
        copies = get("appearances")
        return (f"{number_text(get('value'))} {get('qualifier')}, {who or 'own voice'} ({where}) #{get('figure_id')}"
                + (f", {copies} appearances" if copies and copies > 1 else ""))

    return cell


# Table columns computed from a row's other keys, per kind (the machine formats never carry them).
DERIVED_COLUMNS: dict[str, dict[str, Callable[[Mapping[str, Any]], Any]]] = {
    "figures": {"in_sentence": in_sentence},
    "discrepancies": {"a": pair_side("a_"), "b": pair_side("b_")},
}

DEFAULT_TABLE_ROWS = 500


def safe_text(text: str) -> str:
    """Neutralise terminal control characters, keeping the length (offsets stay valid)."""
    return text.translate(_CONTROL)


def neutralise(text: str) -> str:
    """Prefix an apostrophe to a text cell a spreadsheet would run as a formula."""
    return "'" + text if text[:1] in FORMULA_START else text


def number_text(value: Any) -> Any:
    """Integers without ".0"; other values unchanged."""
    if type(value) is float and value.is_integer() and abs(value) < 2**63:
        return int(value)
    return value


def _csv_other(value: Any) -> Any:
    """Cells that are neither text nor None: booleans as true/false, integral floats as integers."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, list | tuple):
        return neutralise(", ".join(str(v) for v in value))
    return number_text(value)


def _csv_other_raw(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return _csv_other(value)


def _getter(columns: Sequence[str]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """Fast row -> tuple of values in column order (itemgetter returns a bare value for one key)."""
    if len(columns) == 1:
        key = columns[0]
        return lambda row: (row.get(key),)
    get = itemgetter(*columns)

    def values(row: Mapping[str, Any]) -> tuple[Any, ...]:
        try:
            return get(row)  # type: ignore[no-any-return]
        except KeyError:
            return tuple(row.get(c) for c in columns)

    return values


def csv_rows(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], *,
             neutralise_formulas: bool = True) -> Iterator[list[Any]]:
    """Rows as CSV cell lists (header first), for listings; exports get their cells from the database
    (write_csv_cells). Checks are inlined: a listing can run to every row."""
    yield list(columns)
    get = _getter(columns)
    start = FORMULA_START if neutralise_formulas else frozenset()
    other = _csv_other if neutralise_formulas else _csv_other_raw
    for row in rows:
        values = get(row)
        yield [("'" + v if v[:1] in start else v) if v.__class__ is str
               else (v if v is None or v.__class__ is int else other(v))
               for v in values]


def write_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], out: TextIO, *,
              neutralise_formulas: bool = True) -> int:
    """Write one header row and every row; returns the number of data rows written."""
    writer = csv.writer(out, lineterminator="\r\n")
    it = csv_rows(rows, columns, neutralise_formulas=neutralise_formulas)
    writer.writerow(next(it))
    count = 0

    def counted() -> Iterator[list[Any]]:
        nonlocal count
        for cells in it:
            count += 1
            yield cells

    writer.writerows(counted())
    return count


def csv_cell(value: Any) -> str:
    """One cell as csv.writer writes it (RFC 4180, QUOTE_MINIMAL, CRLF lines): empty for null, the str()
    of anything else, in double quotes with inner quotes doubled when it holds a comma, quote, CR or LF."""
    if value is None:
        return ""
    text = value if value.__class__ is str else str(value)
    if "," in text or '"' in text or "\r" in text or "\n" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def write_csv_cells(rows: Iterable[Sequence[Any]], columns: Sequence[str], out: TextIO) -> int:
    """Write one header row and rows whose cells are already CSV cells (``csv=True`` queries, see
    db/csvcells.py); returns the number of data rows written.

    The lines are those csv.writer writes (tests compare them), joined here: csv.writer examines every
    character through a function call, half the time of a million-row export, where ``in`` scans a cell
    at C speed and most cells need no quotes."""
    write = out.write
    write(",".join(map(csv_cell, columns)) + "\r\n")
    count = 0
    for row in rows:
        line = ",".join([cell if cell.__class__ is str and not (
            "," in cell or '"' in cell or "\r" in cell or "\n" in cell) else csv_cell(cell) for cell in row])
        write(line + "\r\n" if line or len(row) != 1 else '""\r\n')  # csv.writer quotes a lone empty cell
        count += 1
    return count


def _json_default(value: Any) -> Any:
    """Dates and other non-JSON values as strings (rows should already be plain JSON values)."""
    iso = getattr(value, "isoformat", None)
    return iso() if iso else str(value)


def _dumps(row: Mapping[str, Any], columns: Sequence[str] | None, indent: int | None = None) -> str:
    data = {c: number_text(row.get(c)) for c in columns} if columns else {
        k: number_text(v) for k, v in row.items()}
    return json.dumps(data, ensure_ascii=False, default=_json_default, indent=indent)


def write_json_array(rows: Iterable[Mapping[str, Any]], out: TextIO, *,
                     columns: Sequence[str] | None = None) -> int:
    """A JSON array written element by element: "[", rows separated by ",\\n", "]"."""
    count = 0
    out.write("[")
    for row in rows:
        out.write(",\n" if count else "\n")
        out.write(_dumps(row, columns))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def write_jsonl(rows: Iterable[Mapping[str, Any]], out: TextIO, *,
                columns: Sequence[str] | None = None) -> int:
    """One JSON object per line."""
    count = 0
    for row in rows:
        out.write(_dumps(row, columns))
        out.write("\n")
        count += 1
    return count


def write_json_values(values: Iterable[Any], out: TextIO, *, indent: int | None = 2) -> int:
    """A JSON array of already-built values (``extract`` output), streamed element by element."""
    count = 0
    out.write("[")
    for value in values:
        text = json.dumps(value, ensure_ascii=False, indent=indent, default=_json_default)
        if indent:
            text = text.replace("\n", "\n" + " " * indent)
            out.write(",\n" + " " * indent if count else "\n" + " " * indent)
        else:
            out.write(",\n" if count else "\n")
        out.write(text)
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def console(out: TextIO | None = None, *, stderr: bool = False) -> Any:
    """A rich Console that never interprets markup or emoji from data; width pinned off a terminal."""
    import sys

    from rich.console import Console

    target = out
    stream = target if target is not None else (sys.stderr if stderr else sys.stdout)
    isatty = getattr(stream, "isatty", None)
    tty = bool(isatty and isatty())
    width = None
    if not tty:
        try:
            width = int(os.environ.get("COLUMNS", "")) or None
        except ValueError:
            width = None
        width = width or 160
    return Console(file=target, stderr=stderr and target is None, width=width, markup=False,
                   emoji=False, highlight=False)


def cell_text(value: Any) -> Any:
    """A table cell: a rich Text (never markup), numbers as written, empty for null."""
    from rich.text import Text

    if value is None:
        return Text("")
    if value is True:
        return Text("yes")
    if value is False:
        return Text("no")
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    return Text(safe_text(str(number_text(value))))


def make_table(columns: Sequence[str], *, title: str | None = None) -> Any:
    """An empty rich Table with one column per name (numbers right-aligned by name)."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(safe_text(title)) if title else None, show_lines=False)
    for name in columns:
        numeric = name in {"value", "value_max", "start", "end"} or name.endswith(("_id", "id")) or \
            name in {"figures", "claims", "articles", "actors"}
        table.add_column(name, justify="right" if numeric else "left",
                         overflow="fold", no_wrap=False, min_width=_MIN_WIDTHS.get(name))
    return table


def write_table(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], out: TextIO, *,
                kind: str | None = None, title: str | None = None,
                max_rows: int = DEFAULT_TABLE_ROWS, notice: Callable[[str], None] | None = None) -> int:
    """A rich table of at most ``max_rows`` rows (tables are for reading; exports are for data)."""
    computed = DERIVED_COLUMNS.get(kind or "", {})
    shown = [c for c in TABLE_COLUMNS.get(kind or "", ()) if c in columns or c in computed] or list(columns)
    table = make_table(shown, title=title)
    plain = _getter([c for c in shown if c not in computed])
    derived = [(i, computed[c]) for i, c in enumerate(shown) if c in computed]

    def values(row: Mapping[str, Any]) -> list[Any]:
        out = list(plain(row))
        for i, compute in derived:
            out.insert(i, compute(row))
        return out

    count = 0
    more = False
    for row in rows:
        if count >= max_rows:
            more = True
            break
        table.add_row(*(cell_text(v) for v in values(row)))
        count += 1
    con = console(out)
    if count:
        con.print(table)
    elif notice:
        notice(f"no {kind or 'rows'} found")
    if more and notice:
        notice(f"showing the first {max_rows} rows; use --limit, --format csv or export for more")
    return count


def write_rows(rows: Iterable[Mapping[str, Any]], fmt: str, out: TextIO, *, columns: Sequence[str],
               kind: str | None = None, neutralise_formulas: bool = True,
               notice: Callable[[str], None] | None = None, max_rows: int = DEFAULT_TABLE_ROWS) -> int:
    """Dispatch on the output format: table | csv | json | jsonl."""
    if fmt == "csv":
        return write_csv(rows, columns, out, neutralise_formulas=neutralise_formulas)
    if fmt == "json":
        return write_json_array(rows, out, columns=columns)
    if fmt == "jsonl":
        return write_jsonl(rows, out, columns=columns)
    if fmt == "table":
        return write_table(rows, columns, out, kind=kind, notice=notice, max_rows=max_rows)
    raise ValueError(f"unknown output format {fmt!r}")


# ------------------------------------------------------------------------------ extract and show

_FIGURE_STYLE = "bold black on yellow"
_CLAIM_STYLE = "underline"
_TAG_STYLE = "dim"


def _period_text(period: Any) -> str | None:
    """A figure's period as "start..end (text)" from a Period or its JSON form."""
    if period is None:
        return None
    data = period if isinstance(period, Mapping) else period.to_json()
    start, end = data.get("start"), data.get("end")
    span = start if start == end else "..".join(p for p in (start, end) if p)
    return f"{span} ({data.get('text')})" if span else data.get("text")


def write_extraction_table(extraction: Any, out: TextIO, *, explain: bool = False) -> None:
    """``extract --format table``: the article's metadata, then its figures, claims and actors; with
    ``explain`` each figure and claim also shows its rule and evidence."""
    from rich.text import Text

    con = console(out)
    doc = extraction.document
    head = Text(safe_text(doc.title or doc.origin), style="bold")
    meta = [("published", doc.published.isoformat() if doc.published else None),
            ("outlet", doc.outlet), ("url", doc.url)]
    for name, value in meta:
        if value:
            head.append(f"\n{name}: ", style="dim")
            head.append(safe_text(str(value)))
    con.print(head)
    figure_rows = [
        {"value": f.value, "value_max": f.value_max, "qualifier": f.qualifier, "metric": f.metric,
         "counted": f.counted, "attributed_to": f.attributed_to, "reported_by": f.reported_by,
         "refers_to": _period_text(f.refers_to), "place": getattr(f, "place", None), "text": f.text,
         **_evidence(f, explain)}
        for f in extraction.figures]
    claim_rows = [
        {"speaker": c.speaker, "cue": c.cue, "kind": c.kind, "said_on": c.said_on,
         "reported_by": c.reported_by, "text": c.text, **_evidence(c, explain)}
        for c in extraction.claims]
    actor_rows = [
        {"name": a.name, "kind": a.kind, "title": a.title, "aliases": list(a.aliases)}
        for a in extraction.actors]
    for title, rows in (("figures", figure_rows), ("claims", claim_rows), ("actors", actor_rows)):
        if not rows:
            con.print(Text(f"no {title}", style="dim"))
            continue
        table = make_table(list(rows[0]), title=f"{title} ({len(rows)})")
        for row in rows:
            table.add_row(*(cell_text(v) for v in row.values()))
        con.print(table)


def _evidence(item: Any, explain: bool) -> dict[str, Any]:
    """The rule and evidence columns of ``--explain`` (nothing without it)."""
    if not explain:
        return {}
    return {"rule": item.rule, "evidence": "; ".join(item.evidence)}


def _marked_text(text: str, figures: Sequence[Mapping[str, Any]],
                 claims: Sequence[Mapping[str, Any]]) -> Any:
    """The article text as a rich Text: figures highlighted, claims underlined, each followed by
    its label ([F1], [C1]) so the marks survive without colour. Built from Text pieces, never
    from markup, so brackets in the document are printed as they are."""
    from bisect import bisect_left, bisect_right

    from rich.text import Text

    size = len(text)

    def span(row: Mapping[str, Any]) -> tuple[int, int] | None:
        start, end = row.get("start"), row.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            return None
        start, end = max(0, min(start, size)), max(0, min(end, size))
        return (start, end) if end > start else None

    marks: list[tuple[int, int, str, str]] = []  # (start, end, label, style)
    for prefix, rows, style in (("C", claims, _CLAIM_STYLE), ("F", figures, _FIGURE_STYLE)):
        for n, row in enumerate(rows, 1):
            where = span(row)
            if where:
                marks.append((*where, f"[{prefix}{n}]", style))
    labels = sorted((end, label) for _, end, label, _ in marks)
    positions = [at for at, _ in labels]
    shifts = [0]
    for _, label in labels:
        shifts.append(shifts[-1] + len(label))

    out = Text()
    pos = 0
    for at, label in labels:
        out.append(safe_text(text[pos:at]))
        out.append(label, style=_TAG_STYLE)
        pos = at
    out.append(safe_text(text[pos:]))
    for start, end, _, style in marks:
        # A label inserted at a position lies before a span starting there, after one ending there.
        new_start = start + shifts[bisect_right(positions, start)]
        new_end = end + shifts[bisect_left(positions, end)]
        out.stylize(style, new_start, new_end)
    return out


def show_article(detail: Mapping[str, Any], out: TextIO) -> None:
    """``show``: header, marked text, then the figures and claims listed under it."""
    from rich.text import Text

    con = console(out)
    article = detail.get("article") or {}
    figures = list(detail.get("figures") or ())
    claims = list(detail.get("claims") or ())
    head = Text(safe_text(str(article.get("title") or "(untitled)")), style="bold")
    for name in ("id", "source", "url", "published", "tags"):
        value = article.get(name)
        if value in (None, "", [], ()):
            continue
        if isinstance(value, list | tuple):
            value = " ".join(f"#{v}" for v in value)
        head.append(f"\n{name}: ", style="dim")
        head.append(safe_text(str(value)))
    con.print(head)
    con.print()
    con.print(_marked_text(str(article.get("text") or ""), figures, claims))
    con.print()
    if figures:
        cols = ("label", "value", "value_max", "qualifier", "metric", "counted", "place", "attributed_to",
                "refers", "status", "text")
        table = make_table(cols, title=f"figures ({len(figures)})")
        for n, f in enumerate(figures, 1):
            refers = "..".join(str(p) for p in (f.get("refers_start"), f.get("refers_end")) if p)
            table.add_row(*(cell_text(v) for v in (
                f"F{n}", f.get("value"), f.get("value_max"), f.get("qualifier"), f.get("metric"),
                f.get("counted"), f.get("place"), f.get("attributed_to"), refers or None, f.get("status"),
                f.get("text"))))
        con.print(table)
    else:
        con.print(Text("no figures", style="dim"))
    if claims:
        cols = ("label", "speaker", "cue", "kind", "said_on", "status", "text")
        table = make_table(cols, title=f"claims ({len(claims)})")
        for n, c in enumerate(claims, 1):
            table.add_row(*(cell_text(v) for v in (
                f"C{n}", c.get("speaker"), c.get("cue"), c.get("kind"), c.get("said_on"), c.get("status"),
                c.get("text"))))
        con.print(table)
    else:
        con.print(Text("no claims", style="dim"))
