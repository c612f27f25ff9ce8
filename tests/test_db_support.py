"""Hand-built extractions for the database tests (the extractor is not involved), and a small corpus.

Sentences are our own. Spans are found by substring, so every offset indexes the text exactly as the
extraction contract requires.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from facttrack.document import Document
from facttrack.extract.model import Actor, Claim, Extraction, Figure, Period


class ArticleBuilder:
    """Sentences joined by single spaces; ``figure``/``claim`` locate their text in it."""

    def __init__(self, *sentences: str, title: str | None = None, outlet: str | None = None,
                 url: str | None = None, published: date | None = None, tags: tuple[str, ...] = ()) -> None:
        self.text = " ".join(sentences)
        self._bounds: list[tuple[int, int]] = []
        pos = 0
        for sentence in sentences:
            self._bounds.append((pos, pos + len(sentence)))
            pos += len(sentence) + 1
        self._doc = {"title": title, "outlet": outlet, "url": url, "published": published, "tags": tags}
        self.figures: list[Figure] = []
        self.claims: list[Claim] = []
        self.actors: list[Actor] = []

    def span(self, part: str) -> tuple[int, int, int, int]:
        """(start, end, sentence_start, sentence_end) of the first occurrence of ``part``."""
        start = self.text.index(part)
        end = start + len(part)
        sentence = next((s, e) for s, e in self._bounds if s <= start < e)
        return start, end, sentence[0], sentence[1]

    def sentence(self, part: str) -> str:
        _, _, s, e = self.span(part)
        return self.text[s:e]

    def claim(self, part: str, *, speaker: str | None, cue: str = "said", kind: str = "indirect",
              said_on: str | None = None, reported_by: str | None = None) -> int:
        start, end, s, e = self.span(part)
        self.claims.append(Claim(speaker=speaker, cue=cue, kind=kind, text=part, said_on=said_on,
                                 reported_by=reported_by, start=start, end=end, sentence_start=s,
                                 sentence_end=e, rule="test.claim"))
        return len(self.claims) - 1

    def figure(self, part: str, value: float, *, metric: str = "people", qualifier: str = "exactly",
               **extra: Any) -> ArticleBuilder:
        start, end, s, e = self.span(part)
        self.figures.append(Figure(value=value, value_max=extra.pop("value_max", None), qualifier=qualifier,
                                   metric=metric, counted=extra.pop("counted", None),
                                   unit=extra.pop("unit", None), text=part, start=start, end=end,
                                   sentence_start=s, sentence_end=e, rule="test.figure", **extra))
        return self

    def actor(self, name: str, kind: str = "person", *aliases: str, title: str | None = None) -> ArticleBuilder:
        self.actors.append(Actor(name=name, kind=kind, title=title, aliases=(name, *aliases)))
        return self

    def build(self) -> Extraction:
        doc = Document(text=self.text, input_format="txt", origin="test", **self._doc)
        return Extraction(document=doc, figures=tuple(self.figures), claims=tuple(self.claims),
                          actors=tuple(self.actors))


def corpus() -> dict[str, ArticleBuilder]:
    """Four articles over two outlets, one with neither outlet, URL nor date."""
    a1 = ArticleBuilder(
        "Mayor Clara Jensen said about 1,200 residents were displaced by the floods.",
        "Jensen added that the ceasefire between the two river councils was holding.",
        "Regional health officials said at least 42 people were injured.",
        title="Floods reach the harbour", outlet="The Harbour Gazette",
        url="https://www.harbour-gazette.example/floods", published=date(2024, 3, 10), tags=("floods",))
    a1.actor("Clara Jensen", "person", "Jensen", title="Mayor").actor("Regional health officials", "group")
    c0 = a1.claim("about 1,200 residents were displaced by the floods", speaker="Clara Jensen")
    a1.claim("the ceasefire between the two river councils was holding", speaker="Jensen", cue="added")
    c2 = a1.claim("at least 42 people were injured", speaker="Regional health officials")
    a1.figure("about 1,200 residents", 1200.0, metric="displaced", qualifier="about", counted="residents",
              attributed_to="Clara Jensen", attribution_text="Mayor Clara Jensen said", claim_index=c0)
    a1.figure("at least 42 people", 42.0, metric="injured", qualifier="at_least", counted="people",
              attributed_to="Regional health officials", claim_index=c2)

    a2 = ArticleBuilder(
        "Update \U0001f30a from the capital: a cease order from the Élysée would follow, a spokesperson said.",
        "Jensen told reporters that 3.5 percent of homes still lacked power.",
        "She said the repairs would cost $2 million.",
        title="Power cuts linger", outlet="Coastline Wire", url="https://coastline.example/power",
        published=date(2024, 4, 2))
    a2.actor("Jensen", "person").actor("a spokesperson", "group")
    a2.claim("a cease order from the Élysée would follow", speaker="a spokesperson")
    c1 = a2.claim("3.5 percent of homes still lacked power", speaker="Jensen", cue="told reporters")
    c2 = a2.claim("the repairs would cost $2 million", speaker="She")
    a2.figure("3.5 percent", 3.5, metric="percent", attributed_to="Jensen", claim_index=c1)
    a2.figure("$2 million", 2_000_000.0, metric="money", unit="USD", attributed_to="She", claim_index=c2,
              hedged=True, refers_to=Period("2024-04", None, "this month"))

    a3 = ArticleBuilder(
        "Rescuers counted 17 bodies near the dam.",
        "The ceasefire talks resumed on Friday, the valley council said.")
    a3.actor("valley council", "organization")
    a3.claim("The ceasefire talks resumed on Friday", speaker="valley council")
    a3.figure("17 bodies", 17.0, metric="killed", counted="bodies")

    a4 = ArticleBuilder(
        "Five fishermen were killed when the storm hit, the coast guard said.",
        title="Storm toll", outlet="coastline wire", url="https://coastline.example/storm",
        published=date(2024, 3, 20))
    a4.actor("coast guard", "organization")
    a4.claim("Five fishermen were killed when the storm hit", speaker="coast guard", kind="indirect")
    a4.figure("Five fishermen", 5.0, metric="killed", counted="fishermen", attributed_to="coast guard",
              claim_index=0)
    return {"a1": a1, "a2": a2, "a3": a3, "a4": a4}


def test_builder_spans_index_the_text() -> None:
    for builder in corpus().values():
        extraction = builder.build()
        text = extraction.document.text
        for item in (*extraction.figures, *extraction.claims):
            assert text[item.start:item.end] == item.text
            assert text[item.sentence_start:item.sentence_end].startswith(text[item.sentence_start])
            assert item.sentence_start <= item.start < item.end <= item.sentence_end


# ------------------------------------------------------------------ generated corpora for real ingests

_FIRST = ("Clara", "Tomas", "Ines", "Daniel", "Petra", "Lena", "Marek", "Sofia", "Amir", "Hana")
_LAST = ("Jensen", "Ferrec", "Moreau", "Okafor", "Holm", "Jordan", "Varga", "Lindqvist", "Haddad", "Kovač")
_TITLES = ("Mayor", "Governor", "Captain", "Minister", "Spokeswoman", "Engineer")
_GROUPS = ("the health ministry", "the coast guard", "the valley council", "the farmers' union",
           "the fire brigade", "the port authority")
_PLACES = ("Keldra", "Oster", "Valmont", "the harbour district", "the northern villages", "Lorn")
_THINGS = (("families", "evacuated"), ("people", "injured"), ("homes", "flooded"), ("boats", "missing"),
           ("workers", "detained"), ("residents", "displaced"))
_OUTLETS = ("Harbour Gazette", "Northern Wire", "Valley Today", "Radio Oster", "Coastline Post")


def generated_articles(count: int, *, sentences: int = 12, seed: int = 1) -> list[dict[str, str]]:
    """``count`` articles (JSON Lines records) in our own words, each with many figures and claims by
    people from a shared pool, so that concurrent writers meet the same actors."""
    import random

    rng = random.Random(seed)
    articles = []
    for number in range(count):
        lines = []
        for _ in range(sentences):
            first, last = rng.choice(_FIRST), rng.choice(_LAST)
            amount, (things, verb) = rng.randint(2, 9000), rng.choice(_THINGS)
            place, group = rng.choice(_PLACES), rng.choice(_GROUPS)
            lines.append(rng.choice((
                f"{rng.choice(_TITLES)} {first} {last} said {amount} {things} were {verb} in {place} on Tuesday.",
                f"About {amount} {things} were {verb} near {place}, according to {group}.",
                f"{last} told reporters that at least {amount} {things} had been {verb} since Monday.",
                f"\"We counted {amount} {things} in {place},\" {first} {last} said.",
                f"{group.capitalize()} said more than {amount} {things} were {verb} in {place}.",
            )))
        articles.append({
            "title": f"Report {number}: {rng.choice(_PLACES)} after the storm",
            "outlet": rng.choice(_OUTLETS),
            "published": f"2024-0{rng.randint(1, 9)}-{rng.randint(10, 28)}",
            "url": f"https://news{number % 7}.example/report-{number}",
            "text": " ".join(lines[:4]) + "\n\n" + " ".join(lines[4:]),
        })
    return articles


def write_jsonl(path: Path, articles: list[dict[str, str]]) -> Path:
    import json

    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    return path


def facttrack_command(*args: object) -> list[str]:
    """The real command line, run as a separate process (``python -m facttrack``)."""
    import sys

    return [sys.executable, "-m", "facttrack", *(str(a) for a in args)]


def stored_content(db: str) -> dict[str, tuple]:
    """sha256 -> (title, figures, claims) of every stored article, in values that do not depend on
    row ids or on the order articles arrived in (whether a speaker resolved to an actor, not which id)."""
    from sqlalchemy import text

    from facttrack.db.engine import connect_database

    engine = connect_database(db, create=False)
    try:
        with engine.connect() as conn:
            articles = {row.id: row for row in conn.execute(text("SELECT id, sha256, title FROM articles"))}
            figures: dict[int, list[tuple]] = {i: [] for i in articles}
            for row in conn.execute(text(
                    'SELECT article_id, start, "end", value, value_max, qualifier, metric, counted, text, hedged, '
                    "attributed_to, attributed_to_id IS NOT NULL, claim_id IS NOT NULL FROM figures")):
                figures[row[0]].append(tuple(row[1:]))
            claims: dict[int, list[tuple]] = {i: [] for i in articles}
            for row in conn.execute(text(
                    'SELECT article_id, start, "end", speaker, cue, kind, text, speaker_id IS NOT NULL FROM claims')):
                claims[row[0]].append(tuple(row[1:]))
    finally:
        engine.dispose()
    shas = [a.sha256 for a in articles.values()]
    assert len(shas) == len(set(shas)), "an article is stored twice"
    return {a.sha256: (a.title, sorted(figures[i], key=repr), sorted(claims[i], key=repr))
            for i, a in articles.items()}


def sqlite_integrity(path: Path) -> str:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchall()
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'claims_fts'").fetchone()[0]:
            conn.execute("INSERT INTO claims_fts(claims_fts) VALUES ('integrity-check')")  # raises if broken
    finally:
        conn.close()
    return "ok" if result == [("ok",)] and not broken else f"{result} {broken}"
