"""Discrepancies as pure functions over figure rows: each kind, wire copies, windows, populations."""

from __future__ import annotations

from typing import Any

import pytest

from facttrack.analysis.discrepancies import find_discrepancies, group_appearances


def fig(fid: int, value: float, source: str, published: str | None, *, who: str | None = None,
        qualifier: str = "exactly", sentence: str | None = None, metric: str = "killed",
        place: str | None = "Valdoria", refers: tuple[str | None, str | None] = (None, None),
        counted: str | None = "people", value_max: float | None = None) -> dict[str, Any]:
    return {"figure_id": fid, "value": value, "value_max": value_max, "qualifier": qualifier, "metric": metric,
            "place": place, "attributed_to": who, "source": source, "published": published,
            "sentence": sentence or f"The toll stood at {value} ({fid}).", "url": f"https://x.example/{fid}",
            "refers_start": refers[0], "refers_end": refers[1], "counted": counted, "status": "unreviewed",
            "vague": False}


def kinds(rows: list[dict[str, Any]], **options: Any) -> list[tuple[str, int, int]]:
    ordered = sorted(rows, key=lambda r: (r["metric"], r["place"] or ""))
    return [(d["kind"], d["a_figure_id"], d["b_figure_id"]) for d in find_discrepancies(ordered, **options)]


def test_conflict_between_sources_about_the_same_days() -> None:
    rows = [fig(1, 51, "Courier", "2024-04-10", who="health ministry"),
            fig(2, 60, "Today", "2024-04-09", who="regional officials")]
    assert kinds(rows) == [("conflict", 2, 1)]  # a is the earlier publication
    (row,) = find_discrepancies(rows)
    assert row["ratio"] == 0.85 and row["a_value"] == 60 and row["b_source"] == "Courier"


@pytest.mark.parametrize("a, b", [
    ({"value": 47, "qualifier": "at_least"}, {"value": 60}),       # "at least 47" allows 60
    ({"value": 245, "qualifier": "about"}, {"value": 260}),        # about = plus or minus 10%
    ({"value": 50, "value_max": 70, "qualifier": "range"}, {"value": 60}),
    ({"value": 80, "qualifier": "up_to"}, {"value": 60}),
])
def test_intervals_that_overlap_do_not_conflict(a: dict[str, Any], b: dict[str, Any]) -> None:
    rows = [fig(1, source="A", published="2024-04-08", who="x", **a),
            fig(2, source="B", published="2024-04-09", who="y", **b)]
    assert kinds(rows) == []


def test_more_than_excludes_its_own_number() -> None:
    rows = [fig(1, 400, "A", "2024-04-08", who="x", qualifier="more_than"), fig(2, 400, "B", "2024-04-08", who="y")]
    assert kinds(rows) == [("conflict", 1, 2)]


def test_same_source_never_conflicts_and_outside_the_window_is_another_time() -> None:
    same = [fig(1, 51, "A", "2024-04-08", who="ministry"), fig(2, 60, "B", "2024-04-08", who="Ministry")]
    assert [k for k in kinds(same) if k[0] == "conflict"] == []
    apart = [fig(1, 51, "A", "2024-04-01", who="x"), fig(2, 60, "B", "2024-04-05", who="y")]
    assert kinds(apart) == [] and kinds(apart, window=4) == [("conflict", 1, 2)]


def test_refers_periods_decide_when_both_have_one() -> None:
    monday = fig(1, 5, "A", "2024-04-09", who="x", refers=("2024-04-08", "2024-04-08"))
    tuesday = fig(2, 12, "B", "2024-04-09", who="y", refers=("2024-04-09", "2024-04-09"))
    assert kinds([monday, tuesday]) == []  # published together, but about different days
    april = fig(3, 40, "C", "2024-05-20", who="z", refers=("2024-04", "2024-04"))
    assert kinds([monday, april]) == [("conflict", 1, 3)]  # published weeks apart, about overlapping days


def test_wire_copies_are_one_figure_with_appearances() -> None:
    wire = "Floods killed 60 people, regional officials said."
    rows = [fig(i, 60, outlet, "2024-04-09", sentence=wire) for i, outlet in enumerate(["A", "B", "C", "D"], 1)]
    rows.append(fig(9, 51, "E", "2024-04-10", who="health ministry"))
    assert kinds(rows) == [("conflict", 1, 9)]  # not four conflicts, and no copy conflicts with another
    (row,) = find_discrepancies(rows)
    assert row["a_appearances"] == 4 and row["b_appearances"] == 1
    groups = group_appearances(rows)
    assert [(g.row["figure_id"], len(g.appearances)) for g in groups] == [(1, 3), (9, 0)]


def test_one_originator_restated_in_other_words_is_one_figure() -> None:
    rows = [fig(1, 60, "A", "2024-04-09", who="Regional officials", sentence="Officials said 60 died."),
            fig(2, 60, "B", "2024-04-09", who="regional officials", sentence="60 dead, officials say."),
            fig(3, 40, "C", "2024-04-09", who="police")]
    assert kinds(rows) == [("conflict", 1, 3)]


def test_a_subgroup_is_not_compared_with_everybody() -> None:
    rows = [fig(1, 60, "A", "2024-04-09", who="x"), fig(2, 12, "B", "2024-04-09", who="y", counted="children")]
    assert kinds(rows) == []
    rows.append(fig(3, 20, "C", "2024-04-09", who="z", counted="children"))
    assert kinds(rows) == [("conflict", 2, 3)]


def test_places_and_metrics_apart_never_meet() -> None:
    rows = [fig(1, 60, "A", "2024-04-09", who="x", place="Sudan"), fig(2, 12, "B", "2024-04-09", who="y", place="Chad"),
            fig(3, 12, "B", "2024-04-09", who="y", place="Sudan", metric="injured")]
    assert kinds(rows) == []


def test_decrease_of_a_running_total_from_one_source() -> None:
    rows = [fig(1, 51, "A", "2024-04-10", who="health ministry", sentence="The toll rose to 51."),
            fig(2, 49, "B", "2024-04-12", who="health ministry", sentence="The ministry revised the toll to 49.")]
    assert kinds(rows) == [("decrease", 1, 2)]
    daily = [fig(1, 51, "A", "2024-04-10", who="m", sentence="51 died on Monday."),
             fig(2, 12, "A", "2024-04-12", who="m", sentence="12 died on Wednesday.")]
    assert kinds(daily) == []  # daily counts are not a running total


def test_jump_above_the_factor_within_a_day() -> None:
    rows = [fig(1, 50, "A", "2024-04-10", who="m", sentence="The toll reached 50."),
            fig(2, 120, "A", "2024-04-11", who="m", sentence="The toll reached 120.")]
    assert kinds(rows) == [("jump", 1, 2)]
    assert kinds(rows, jump_factor=3) == []
    later = [rows[0], fig(2, 120, "A", "2024-04-13", who="m", sentence="The toll reached 120.")]
    assert kinds(later) == []  # more than a day apart


def test_bad_options_are_refused() -> None:
    with pytest.raises(ValueError):
        list(find_discrepancies([], window=-1))
    with pytest.raises(ValueError):
        list(find_discrepancies([], jump_factor=1))


def test_an_own_voice_restatement_joins_the_attributed_figure() -> None:
    rows = [fig(1, 51, "Courier", "2024-04-10", sentence="The ministry raised its toll to 51."),
            fig(2, 51, "Wire", "2024-04-10", who="health ministry"),
            fig(3, 60, "Today", "2024-04-09", who="regional officials")]
    assert kinds(rows) == [("conflict", 3, 2)]
    (row,) = find_discrepancies(rows)
    assert row["b_appearances"] == 2


def test_figures_of_one_sentence_are_parts_not_rivals() -> None:
    sentence = "The report counted 21 injured in Davao and 36 in Cotabato."
    rows = [fig(1, 21, "A", "2024-04-09", who="report", sentence=sentence),
            fig(2, 36, "A", "2024-04-09", sentence=sentence)]
    for row in rows:
        row["article_id"] = 7
    assert kinds(rows) == []
