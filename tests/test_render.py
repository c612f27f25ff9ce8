"""Renderers: CSV cells as design section 6 says, formula neutralisation, streamed JSON, safe tables."""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from facttrack import render

COLUMNS = ("figure_id", "value", "value_max", "counted", "hedged", "published", "text")


def csv_of(rows: list[dict[str, Any]], **kw: Any) -> list[list[str]]:
    out = io.StringIO(newline="")
    render.write_csv(rows, COLUMNS, out, **kw)
    return list(csv.reader(io.StringIO(out.getvalue(), newline="")))


def test_csv_header_and_cell_forms() -> None:
    rows = [{"figure_id": 1, "value": 34600.0, "value_max": None, "counted": "displaced people",
             "hedged": False, "published": "2024-04-08", "text": "more than 34,600"},
            {"figure_id": 2, "value": 2.5, "value_max": 3.0, "counted": None, "hedged": True,
             "published": None, "text": 'the "official" count, as given'}]
    got = csv_of(rows)
    assert got[0] == list(COLUMNS)
    assert got[1] == ["1", "34600", "", "displaced people", "false", "2024-04-08", "more than 34,600"]
    assert got[2] == ["2", "2.5", "3", "", "true", "", 'the "official" count, as given']


def test_csv_is_rfc4180() -> None:
    out = io.StringIO(newline="")
    render.write_csv([{c: "a,b\nc" if c == "text" else None for c in COLUMNS}], COLUMNS, out)
    text = out.getvalue()
    assert text.startswith(",".join(COLUMNS) + "\r\n")
    assert text.endswith('"a,b\nc"\r\n')


@pytest.mark.parametrize("text", ["=1+2", "+33 1 555", "-negative", "@SUM(A1)", "\tx", "\rx",
                                  '=HYPERLINK("http://bad.example")'])
def test_formula_cells_are_neutralised(text: str) -> None:
    got = csv_of([{"figure_id": 7, "value": -5, "counted": text, "text": text}])
    assert got[1][3] == "'" + text
    assert got[1][6] == "'" + text
    assert got[1][1] == "-5", "numbers stay numbers, even negative ones"


def test_raw_csv_keeps_text() -> None:
    got = csv_of([{"figure_id": 7, "value": 1, "counted": "=1+2"}], neutralise_formulas=False)
    assert got[1][3] == "=1+2"


def test_harmless_text_untouched() -> None:
    got = csv_of([{"counted": "people = voters", "text": ""}])
    assert got[1][3] == "people = voters"
    assert got[1][6] == ""


def test_missing_keys_are_empty() -> None:
    got = csv_of([{"figure_id": 3}])
    assert got[1] == ["3", "", "", "", "", "", ""]


def test_csv_streams() -> None:
    """The writer pulls rows one batch at a time: nothing forces the whole iterator first."""
    pulled = 0

    def rows() -> Iterator[dict[str, Any]]:
        nonlocal pulled
        for i in range(10_000):
            pulled += 1
            yield {"figure_id": i, "value": i}

    class Spy(io.StringIO):
        max_seen_ahead = 0

        def write(self, s: str) -> int:
            written = self.getvalue().count("\r\n")
            Spy.max_seen_ahead = max(Spy.max_seen_ahead, pulled - written)
            return super().write(s)

    out = Spy(newline="")
    assert render.write_csv(rows(), COLUMNS, out) == 10_000
    assert Spy.max_seen_ahead <= 1024


def test_csv_cells_are_written_as_they_are_and_counted() -> None:
    """Rows a csv=True query made CSV-ready: written untouched (no second apostrophe), one header."""
    out = io.StringIO(newline="")
    rows = [(1, 1200, None, "'=1+2", "true", 'say "a,b"\nc'), (2, 3.5, 4, "=raw", "false", "")]
    assert render.write_csv_cells(iter(rows), ("id", "value", "value_max", "text", "hedged", "note"), out) == 2
    assert out.getvalue() == ('id,value,value_max,text,hedged,note\r\n1,1200,,\'=1+2,true,"say ""a,b""\nc"\r\n'
                              "2,3.5,4,=raw,false,\r\n")
    empty = io.StringIO(newline="")
    assert render.write_csv_cells(iter(()), ("id", "text"), empty) == 0
    assert empty.getvalue() == "id,text\r\n"


CELLS = ["plain", "", None, "a,b", 'say "hi"', '"', "line\nbreak", "cr\rhere", "\r\n", " lead space", "tab\there",
         "'=1+2", "é 🎉 naïve", ";semi", "x" * 300, 0, -7, 2**70, 3.5, -0.0, 1e20, float("inf"), float("nan"),
         date(2024, 5, 2), "true"]


@pytest.mark.parametrize("width", [1, 2, 3, 22])
def test_csv_cell_lines_are_what_csv_writer_writes(width: int) -> None:
    rng = random.Random(width)
    rows = [tuple(rng.choice(CELLS) for _ in range(width)) for _ in range(400)] + [(None,) * width, ("",) * width]
    ours = io.StringIO(newline="")
    assert render.write_csv_cells(iter(rows), [f"c{i}" for i in range(width)], ours) == len(rows)
    theirs = io.StringIO(newline="")
    writer = csv.writer(theirs, lineterminator="\r\n")
    writer.writerow([f"c{i}" for i in range(width)])
    writer.writerows(rows)
    assert ours.getvalue() == theirs.getvalue()


def test_json_array_streamed_and_valid() -> None:
    out = io.StringIO()
    n = render.write_json_array(({"a": i, "b": float(i), "c": None} for i in range(3)), out,
                                columns=("a", "b", "c"))
    assert n == 3
    assert json.loads(out.getvalue()) == [{"a": i, "b": i, "c": None} for i in range(3)]
    assert '"b": 1.0' not in out.getvalue()
    empty = io.StringIO()
    render.write_json_array(iter(()), empty)
    assert json.loads(empty.getvalue()) == []


def test_jsonl_one_object_per_line() -> None:
    out = io.StringIO()
    render.write_jsonl([{"x": "é", "n": 3.0}, {"x": None, "n": 1.5}], out)
    lines = out.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == [{"x": "é", "n": 3}, {"x": None, "n": 1.5}]
    assert "é" in lines[0], "UTF-8, not \\u escapes"


def test_json_values_array() -> None:
    out = io.StringIO()
    render.write_json_values([{"a": [1, 2]}, {"b": {"c": None}}], out)
    assert json.loads(out.getvalue()) == [{"a": [1, 2]}, {"b": {"c": None}}]


def test_safe_text_keeps_length_and_newlines() -> None:
    hostile = "ok\x1b[31mred\x07\r\nline\x9bx\ttab"
    cleaned = render.safe_text(hostile)
    assert len(cleaned) == len(hostile)
    assert "\x1b" not in cleaned and "\x07" not in cleaned and "\x9b" not in cleaned
    assert "\r" not in cleaned
    assert "\n" in cleaned and "\t" in cleaned


def test_table_prints_markup_and_controls_as_text() -> None:
    out = io.StringIO()
    rows = [{"speaker": "[bold]Mallory[/bold]", "text": "x\x1b]0;pwned\x07y"}]
    n = render.write_table(rows, ("speaker", "text"), out)
    assert n == 1
    got = out.getvalue()
    assert "[bold]Mallory[/bold]" in got
    assert "\x1b" not in got and "\x07" not in got


def test_table_caps_rows_and_says_so() -> None:
    notes: list[str] = []
    out = io.StringIO()
    n = render.write_table(({"n": i} for i in range(50)), ("n",), out, max_rows=10, notice=notes.append)
    assert n == 10
    assert notes and "first 10" in notes[0]


def test_write_rows_dispatch() -> None:
    for fmt in ("csv", "json", "jsonl", "table"):
        out = io.StringIO()
        assert render.write_rows([{"a": 1}], fmt, out, columns=("a",)) == 1
    with pytest.raises(ValueError):
        render.write_rows([], "xml", io.StringIO(), columns=("a",))


def test_marked_text_labels_and_styles() -> None:
    text = "Officials said [at least] 42 people died. Nothing else."
    start = text.index("42")
    claim_end = text.index(".") + 1
    marked = render._marked_text(text, [{"start": start, "end": start + 2}],
                                 [{"start": 0, "end": claim_end}])
    plain = marked.plain
    assert plain.startswith("Officials said [at least] 42[F1] people died.[C1] Nothing else.")
    spans = {(plain[s.start:s.end], str(s.style)) for s in marked.spans}
    assert ("42", render._FIGURE_STYLE) in spans
    assert ("Officials said [at least] 42[F1] people died.", render._CLAIM_STYLE) in spans


def test_marked_text_ignores_bad_offsets() -> None:
    marked = render._marked_text("short", [{"start": 3, "end": 99}, {"start": None, "end": 2}],
                                 [{"start": 9, "end": 4}])
    assert marked.plain == "short[F1]"


def test_show_article_renders_everything() -> None:
    out = io.StringIO()
    detail = {"article": {"id": 1, "title": "T [x]", "source": "Wire", "url": "https://w.example/a",
                          "published": "2024-04-08", "tags": ["floods"],
                          "text": "The ministry said 42 people died."},
              "figures": [{"start": 18, "end": 20, "value": 42, "metric": "killed",
                           "attributed_to": "ministry", "text": "42 people"}],
              "claims": [{"start": 0, "end": 33, "speaker": "ministry", "cue": "said",
                          "kind": "indirect", "text": "42 people died"}]}
    render.show_article(detail, out)
    got = out.getvalue()
    for expected in ("T [x]", "Wire", "https://w.example/a", "2024-04-08", "#floods", "42[F1]",
                     "[C1]", "figures (1)", "claims (1)", "killed"):
        assert expected in got


@pytest.mark.parametrize("sentence, figure, width, expected", [
    ("At least 42 people were killed.", "At least 42 people", 100, "[At least 42 people] were killed."),
    ("Officials said that " + "x " * 60 + "about 7 died" + " y" * 60, "about 7", 40,
     "…x x x x x x x x [about 7] died y y y y y y…"),
])
def test_in_sentence_cuts_around_the_figure(sentence: str, figure: str, width: int, expected: str) -> None:
    start = sentence.index(figure)
    row = {"sentence": sentence, "sentence_start": 100, "start": 100 + start, "end": 100 + start + len(figure)}
    assert render.in_sentence(row, width) == expected


def test_computed_table_columns_belong_to_their_kind() -> None:
    out = io.StringIO()
    assert render.write_rows([{"a": 1, "b": 2}], "table", out, columns=("a", "b")) == 1
    assert "1" in out.getvalue() and "2" in out.getvalue()
