"""Storing extractions on a real SQLite file and a real PostgreSQL database: idempotency, appearances,
sources, actor matching across articles, and concurrent writers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from facttrack.db.engine import open_database
from facttrack.db.models import Actor, ActorAlias, Article, Claim, Figure, Source
from facttrack.db.query import Filters, claim_rows, figure_rows
from facttrack.db.store import ArticleRejected, StoreResult, ingest_extraction, store_extraction
from test_db_support import ArticleBuilder, corpus


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = open_database(db_url)
    yield engine
    engine.dispose()


def count(engine: Engine, model: type) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


def test_store_new_article_counts_rows(engine: Engine) -> None:
    builder = corpus()["a1"]
    result = ingest_extraction(engine, builder.build())
    with engine.connect() as conn:
        article = conn.execute(select(Article)).one()
    assert result == StoreResult("new", article.id, figures=2, claims=3, actors=2, source_id=article.source_id,
                                 new_actors=2)

    assert (count(engine, Article), count(engine, Figure), count(engine, Claim)) == (1, 2, 3)
    with engine.connect() as conn:
        assert article.text == builder.text
        assert article.tags == ["floods"]
        assert article.published == date(2024, 3, 10)
        assert article.sha256 == builder.build().document.sha256
    # the same actors named again by another outlet's copy: named, not new
    copy = builder.build()
    again = ingest_extraction(engine, replace(copy, document=replace(copy.document, outlet="Another Outlet")))
    assert (again.status, again.actors, again.new_actors) == ("new", 2, 0)


def test_same_text_same_source_is_skipped(engine: Engine) -> None:
    extraction = corpus()["a1"].build()
    first = ingest_extraction(engine, extraction)
    second = ingest_extraction(engine, extraction)
    assert second == StoreResult("skipped", first.article_id, 0, 0, 0, first.source_id)
    assert (count(engine, Article), count(engine, Figure), count(engine, Claim)) == (1, 2, 3)
    assert count(engine, Actor) == 2


def test_same_text_from_another_source_is_another_appearance(engine: Engine) -> None:
    builder = corpus()["a1"]
    first = ingest_extraction(engine, builder.build())
    builder._doc["outlet"] = "Inland Courier"
    second = ingest_extraction(engine, builder.build())
    assert second.status == "new" and second.article_id != first.article_id
    assert count(engine, Article) == 2 and count(engine, Claim) == 6
    assert count(engine, Actor) == 2  # the actors are the same people


def test_source_from_outlet_domain_or_unknown(engine: Engine) -> None:
    named = ArticleBuilder("Ten boats sank.", outlet="The  Harbour Gazette",
                           url="https://www.harbour-gazette.example/a")
    same_outlet = ArticleBuilder("Eleven boats sank.", outlet="harbour gazette")
    by_domain = ArticleBuilder("Twelve boats sank.", url="https://WWW.Harbour-Gazette.example/b")
    new_domain = ArticleBuilder("Thirteen boats sank.", url="http://www.river-news.example/c?x=1")
    nothing = ArticleBuilder("Fourteen boats sank.")
    ids = [ingest_extraction(engine, b.build()).article_id
           for b in (named, same_outlet, by_domain, new_domain, nothing)]
    with engine.connect() as conn:
        rows = conn.execute(select(Article.id, Source.name, Source.domain, Source.kind)
                            .join(Source, Source.id == Article.source_id).order_by(Article.id)).all()
    assert [r.id for r in rows] == ids
    assert [(r.name, r.domain, r.kind) for r in rows] == [
        ("The Harbour Gazette", "harbour-gazette.example", "outlet"),
        ("The Harbour Gazette", "harbour-gazette.example", "outlet"),
        ("The Harbour Gazette", "harbour-gazette.example", "outlet"),
        ("river-news.example", "river-news.example", "site"),
        ("unknown", None, "unknown"),
    ]


def test_known_sources_change_nothing_that_a_fresh_lookup_would_do(engine: Engine, tmp_path: Path) -> None:
    """Sources are looked up once per outlet and database: an outlet first seen without a URL still
    gets its domain from a later article, and another database keeps its own ids."""
    without_url = ArticleBuilder("Ten boats sank.", outlet="Harbour Gazette")
    with_url = ArticleBuilder("Eleven boats sank.", outlet="harbour gazette",
                              url="https://www.harbour-gazette.example/a")
    again = ArticleBuilder("Twelve boats sank.", outlet="Harbour Gazette", url="https://harbour-gazette.example/b")
    results = [ingest_extraction(engine, b.build()) for b in (without_url, with_url, again)]
    assert len({r.source_id for r in results}) == 1
    with engine.connect() as conn:
        assert conn.execute(select(Source.name, Source.domain)).all() == [
            ("Harbour Gazette", "harbour-gazette.example")]

    other = open_database(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        ingest_extraction(other, ArticleBuilder("Nine boats sank.", outlet="Inland Courier").build())
        elsewhere = ingest_extraction(other, again.build())
        with other.connect() as conn:
            assert conn.execute(select(Source.name).where(Source.id == elsewhere.source_id)).scalar_one() \
                == "Harbour Gazette"
        assert elsewhere.source_id != results[0].source_id
    finally:
        other.dispose()


def test_actor_found_by_alias_in_a_later_article(engine: Engine) -> None:
    articles = corpus()
    ingest_extraction(engine, articles["a1"].build())
    ingest_extraction(engine, articles["a2"].build())  # names only "Jensen"
    with engine.connect() as conn:
        jensen = conn.execute(select(Actor).where(Actor.name_norm == "clara jensen")).one()
        assert conn.execute(select(func.count()).select_from(Actor)
                            .where(Actor.name_norm == "jensen")).scalar_one() == 0
        speakers = conn.execute(select(Claim.speaker, Claim.speaker_id).order_by(Claim.id)).all()
    assert jensen.title == "Mayor"
    assert (speakers[1].speaker, speakers[1].speaker_id) == ("Jensen", jensen.id)
    assert (speakers[4].speaker, speakers[4].speaker_id) == ("Jensen", jensen.id)
    assert (speakers[5].speaker, speakers[5].speaker_id) == ("She", None)  # a pronoun stays text


def test_fuller_name_in_a_later_article_becomes_canonical(engine: Engine) -> None:
    short = ArticleBuilder("Okafor said 30 homes flooded.")
    short.actor("Okafor", "person")
    short.claim("30 homes flooded", speaker="Okafor")
    full = ArticleBuilder("Engineer Daniel Okafor said 40 roads closed.")
    full.actor("Daniel Okafor", "person", "Okafor", title="Engineer")
    full.claim("40 roads closed", speaker="Daniel Okafor")
    ingest_extraction(engine, short.build())
    ingest_extraction(engine, full.build())
    with engine.connect() as conn:
        actors = conn.execute(select(Actor.name, Actor.title)).all()
        aliases = sorted(conn.execute(select(ActorAlias.alias_norm)).scalars())
        rows = list(claim_rows(conn, Filters(actor="okafor")))
    assert [(a.name, a.title) for a in actors] == [("Daniel Okafor", "Engineer")]
    assert aliases == ["daniel okafor", "okafor"]
    assert [r["speaker"] for r in rows] == ["Daniel Okafor", "Daniel Okafor"]


def test_two_new_actors_of_one_article_that_are_one_person_are_merged(engine: Engine) -> None:
    """The rules' read-back after inserting (answered from the transaction's own record on SQLite)
    sees that "Okafor" is the newcomer "Daniel Okafor": one actor, both forms, every link to it; the
    next article naming him finds him by either form."""
    first = ArticleBuilder("Okafor said 30 homes flooded.", "Engineer Daniel Okafor said 40 roads closed.")
    first.actor("Okafor", "person")
    first.actor("Daniel Okafor", "person", "Okafor", title="Engineer")
    first.claim("30 homes flooded", speaker="Okafor")
    first.claim("40 roads closed", speaker="Daniel Okafor")
    result = ingest_extraction(engine, first.build())
    later = ArticleBuilder("Okafor said 50 bridges were checked.")
    later.actor("Okafor", "person")
    later.claim("50 bridges were checked", speaker="Okafor")
    again = ingest_extraction(engine, later.build())
    with engine.connect() as conn:
        actors = conn.execute(select(Actor.id, Actor.name, Actor.title)).all()
        aliases = conn.execute(select(ActorAlias.alias_norm, ActorAlias.actor_id).order_by(ActorAlias.alias_norm)).all()
        speakers = conn.execute(select(Claim.speaker_id).order_by(Claim.id)).scalars().all()
    assert [(a.name, a.title) for a in actors] == [("Daniel Okafor", "Engineer")]
    okafor = actors[0].id
    assert [tuple(a) for a in aliases] == [("daniel okafor", okafor), ("okafor", okafor)]
    assert speakers == [okafor, okafor, okafor]
    assert (result.actors, result.new_actors, again.actors, again.new_actors) == (1, 1, 1, 0)


def test_same_alias_different_kind_stays_apart(engine: Engine) -> None:
    person = ArticleBuilder("Lena Jordan said 8 people were rescued.")
    person.actor("Lena Jordan", "person", "Jordan")
    country = ArticleBuilder("Jordan said 9 trucks crossed.")
    country.actor("Jordan", "organization")
    ingest_extraction(engine, person.build())
    ingest_extraction(engine, country.build())
    with engine.connect() as conn:
        kinds = sorted(tuple(row) for row in conn.execute(select(Actor.name, Actor.kind)))
    assert kinds == [("Jordan", "organization"), ("Lena Jordan", "person")]


def test_claim_index_links_figure_to_claim_and_actor(engine: Engine) -> None:
    ingest_extraction(engine, corpus()["a2"].build())
    with engine.connect() as conn:
        figures = conn.execute(select(Figure.text, Figure.claim_id, Figure.attributed_to_id,
                                      Figure.attributed_to, Figure.refers_start, Figure.hedged)
                               .order_by(Figure.id)).all()
        claims = conn.execute(select(Claim.id, Claim.text).order_by(Claim.id)).all()
        jensen = conn.execute(select(Actor.id).where(Actor.name == "Jensen")).scalar_one()
    assert figures[0].claim_id == claims[1].id and figures[0].attributed_to_id == jensen
    assert figures[1].claim_id == claims[2].id
    assert (figures[1].attributed_to_id, figures[1].attributed_to) == (None, "She")
    assert (figures[1].refers_start, figures[1].hedged) == ("2024-04", True)


def test_figure_sentence_is_stored_as_the_text_of_its_span(engine: Engine) -> None:
    builder = corpus()["a2"]  # its second and third sentences follow an astral emoji and an "É"
    ingest_extraction(engine, builder.build())
    with engine.connect() as conn:
        stored = conn.execute(select(Figure.text, Figure.sentence).order_by(Figure.id)).all()
    assert stored == [("3.5 percent", "Jensen told reporters that 3.5 percent of homes still lacked power."),
                      ("$2 million", "She said the repairs would cost $2 million.")]
    assert all(sentence == builder.sentence(text) for text, sentence in stored)


@pytest.mark.parametrize("spoil", ["figure offset beyond 64 bits", "claim without a cue"])
def test_a_row_the_database_refuses_fails_its_article_whole(engine: Engine, spoil: str) -> None:
    """A value the driver cannot send, or a constraint the database enforces, in the last rows an
    article writes: ArticleRejected, and none of its rows (article, actors, claims) stay."""
    extraction = corpus()["a2"].build()
    if spoil.startswith("figure"):
        figures = (*extraction.figures[:-1], replace(extraction.figures[-1], end=1 << 70))
        extraction = replace(extraction, figures=figures)
    else:
        extraction = replace(extraction, claims=(*extraction.claims[:-1], replace(extraction.claims[-1], cue=None)))
    with pytest.raises(ArticleRejected, match="^the database refused this article: "):
        ingest_extraction(engine, extraction)
    assert [count(engine, model) for model in (Article, Claim, Figure, Actor, ActorAlias)] == [0, 0, 0, 0, 0]
    assert ingest_extraction(engine, corpus()["a2"].build()).status == "new"  # the batch goes on


def test_store_extraction_inside_callers_transaction(engine: Engine) -> None:
    with Session(engine) as session:
        with session.begin():
            store_extraction(session, corpus()["a3"].build())
            session.rollback()
    assert count(engine, Article) == 0
    with Session(engine) as session, session.begin():
        assert store_extraction(session, corpus()["a3"].build()).status == "new"
    assert count(engine, Article) == 1


def _run_together(engine: Engine, extractions: list, threads: int = 4) -> list[StoreResult]:
    """Ingest from several threads (separate connections) released at the same moment."""
    barrier = threading.Barrier(threads)
    results: list[StoreResult] = []
    errors: list[BaseException] = []

    def work(index: int) -> None:
        barrier.wait()
        try:
            for extraction in extractions[index::threads]:
                results.append(ingest_extraction(engine, extraction))
        except BaseException as exc:  # reported below
            errors.append(exc)

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert not errors, errors
    return results


def test_concurrent_ingest_of_the_same_article_stores_it_once(db_url: str) -> None:
    engines = [open_database(db_url) for _ in range(2)]
    try:
        extraction = corpus()["a1"].build()
        barrier = threading.Barrier(2)
        results: list[StoreResult] = []

        def work(engine: Engine) -> None:
            barrier.wait()
            results.append(ingest_extraction(engine, extraction))

        workers = [threading.Thread(target=work, args=(e,)) for e in engines]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        assert sorted(r.status for r in results) == ["new", "skipped"]
        assert len({r.article_id for r in results}) == 1
        assert count(engines[0], Article) == 1 and count(engines[0], Claim) == 3
        assert count(engines[0], Actor) == 2
    finally:
        for engine in engines:
            engine.dispose()


def test_concurrent_writers_share_actors_without_duplicates(engine: Engine) -> None:
    extractions = []
    for n in range(24):
        builder = ArticleBuilder(f"Mayor Clara Jensen said {n + 100} families were evacuated from district {n}.",
                                 outlet=f"Outlet {n % 3}", published=date(2024, 5, 1 + n % 28))
        builder.actor("Clara Jensen", "person", "Jensen", title="Mayor")
        index = builder.claim(f"{n + 100} families were evacuated from district {n}", speaker="Clara Jensen")
        builder.figure(f"{n + 100} families", n + 100, metric="displaced", attributed_to="Jensen",
                       claim_index=index)
        extractions.append(builder.build())
    results = _run_together(engine, extractions)
    assert sorted(r.status for r in results) == ["new"] * 24
    assert count(engine, Article) == 24 and count(engine, Actor) == 1 and count(engine, Source) == 3
    with engine.connect() as conn:
        assert len(list(figure_rows(conn, Filters(actor="JENSEN")))) == 24


def _process_worker(db_url: str, start: int, count: int, queue) -> None:  # runs in a spawned process
    engine = open_database(db_url)
    try:
        for n in range(start, start + count):
            builder = ArticleBuilder(f"Captain Ines Moreau said {n + 10} boats were missing near pier {n}.",
                                     outlet="Harbour Radio", published=date(2024, 6, 1 + n % 28))
            builder.actor("Ines Moreau", "person", "Moreau", title="Captain")
            index = builder.claim(f"{n + 10} boats were missing near pier {n}", speaker="Moreau")
            builder.figure(f"{n + 10} boats", n + 10, metric="missing", attributed_to="Moreau", claim_index=index)
            extraction = builder.build()
            queue.put(ingest_extraction(engine, extraction).status)
            queue.put(ingest_extraction(engine, extraction).status)  # a rerun duplicates nothing
    except BaseException as exc:  # reported to the parent
        queue.put(f"error: {exc}")
    finally:
        engine.dispose()


def test_processes_ingesting_into_one_database(db_url: str) -> None:
    import multiprocessing

    open_database(db_url).dispose()  # migrated once up front; the writers race on data only
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_process_worker, args=(db_url, i * 15, 15, queue)) for i in range(3)]
    for worker in workers:
        worker.start()
    statuses = [queue.get(timeout=120) for _ in range(90)]
    for worker in workers:
        worker.join(60)
    assert sorted(statuses) == ["new"] * 45 + ["skipped"] * 45
    engine = open_database(db_url)
    try:
        assert count(engine, Article) == 45 and count(engine, Actor) == 1 and count(engine, Figure) == 45
        with engine.connect() as conn:
            assert len(list(claim_rows(conn, Filters(actor="ines moreau")))) == 45
    finally:
        engine.dispose()
