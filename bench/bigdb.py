"""A large facttrack database built fast: the real schema (created by the migrations through
``open_database``), filled with synthetic rows by raw sqlite3 ``executemany``.

Ingesting 100k articles through the CLI would take far longer than the benchmark budget; the queries
only need rows shaped like the ones the store writes (same column formats, same indexes, the FTS5
triggers fire for every claim). Builds are cached by scale, seed and schema revision.
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

from corpus import FIRST_NAMES, METRIC_PHRASES, _letters, _syllable_name, generate_articles

BUILD_VERSION = 2  # 2: figures.sentence (migration 0004) holds the sentence text
CHUNK = 50_000
FIRST_DAY = date(2019, 1, 1)
DAYS = 6 * 365
METRIC_WEIGHTS = {"killed": 20, "injured": 10, "hostages": 2, "missing": 4, "displaced": 8, "detained": 6,
                  "people": 15, "cases": 8, "money": 10, "percent": 9, "votes": 3, "other": 5}
QUALIFIERS = ("exactly", "exactly", "exactly", "about", "approximately", "at_least", "more_than", "at_most",
              "less_than", "up_to", "range")
CUES = ("said", "told reporters", "said in a statement", "according to", "added", "warned", "urged")
CLAIM_TEMPLATES = (
    "the situation in {place} was getting worse by the hour",
    "aid convoys to {place} were being held at the checkpoint",
    "the reconstruction of {place} would take at least two years",
    "talks on {place} had made real progress overnight",
    "residents of {place} had been warned about the dam for years",
    "the curfew in {place} would be lifted at the weekend",
    "more doctors were needed in {place} and the nearby villages",
    "the vote count in {place} had been delayed by the storm",
)


@dataclass
class BigDatabase:
    """What was built, and the values the query benchmark looks up."""

    path: str
    articles: int
    figures: int
    claims: int
    actors: int
    sources: int
    build_seconds: float
    figure_insert_rows_per_s: float
    actor_aliases: list[str] = field(default_factory=list)
    source_names: list[str] = field(default_factory=list)
    search_words: list[str] = field(default_factory=list)
    reused: bool = False


def _weighted(rng: random.Random, weights: dict[str, int]) -> Iterator[str]:
    names = list(weights)
    cumulative = []
    total = 0
    for name in names:
        total += weights[name]
        cumulative.append(total)
    while True:
        yield from rng.choices(names, cum_weights=cumulative, k=10_000)


def build(path: Path, articles: int, *, seed: int = 7, figures_per_article: int = 10,
          claims_per_article: int = 5, reuse: bool = True) -> BigDatabase:
    """Build (or reuse) a database of ``articles`` articles with about 10 figures and 5 claims each."""
    from facttrack.db.engine import open_database
    from facttrack.db.migrate import head_revision
    from facttrack.db.names import normalize_name

    path.parent.mkdir(parents=True, exist_ok=True)
    meta_path = path.with_suffix(".json")
    key = {"articles": articles, "seed": seed, "figures_per_article": figures_per_article,
           "claims_per_article": claims_per_article, "revision": head_revision(), "version": BUILD_VERSION}
    if reuse and path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("key") == key:
            info = BigDatabase(**meta["info"])
            info.reused = True
            return info
    for stale in (path, meta_path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)

    started = time.perf_counter()
    engine = open_database(str(path))  # the migrations create the schema, indexes and FTS triggers
    engine.dispose()

    rng = random.Random(seed)
    n_sources = max(20, min(300, articles // 300))
    n_actors = max(500, articles // 2)
    n_places = max(200, articles // 50)
    places = [_syllable_name(rng, 2) + _letters(i).lower() for i in range(n_places)]
    pool = [record["text"] for record in generate_articles(400, seed)]

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-262144")
    conn.execute("BEGIN")

    sources = []
    for i in range(n_sources):
        name = f"{_syllable_name(rng, 2)}{_letters(i).lower()} {rng.choice(('Times', 'Courier', 'Post', 'Wire'))}"
        sources.append((i + 1, name, normalize_name(name), f"{normalize_name(name).replace(' ', '')}.example",
                        "outlet"))
    conn.executemany("INSERT INTO sources (id, name, name_norm, domain, kind) VALUES (?, ?, ?, ?, ?)", sources)

    actors = []
    aliases = []
    for i in range(n_actors):
        actor_id = i + 1
        if i % 5 == 4:
            words = [_syllable_name(rng, 2) + _letters(i).lower(), "National", "Agency"]
            name = " ".join(words)
            short = "".join(w[0] for w in words).upper() + _letters(i).upper()
            kind = "organization"
        else:
            surname = _syllable_name(rng, 2) + _letters(i).lower()
            name = f"{rng.choice(FIRST_NAMES)} {surname}"
            short = surname
            kind = "person"
        actors.append((actor_id, name, normalize_name(name), kind, None))
        aliases.append((actor_id, name, normalize_name(name)))
        aliases.append((actor_id, short, normalize_name(short)))
    conn.executemany("INSERT INTO actors (id, name, name_norm, kind, title) VALUES (?, ?, ?, ?, ?)", actors)
    conn.executemany("INSERT INTO actor_aliases (actor_id, alias, alias_norm) VALUES (?, ?, ?)", aliases)

    published = [FIRST_DAY + timedelta(days=rng.randrange(DAYS)) for _ in range(articles)]
    lengths: list[int] = []

    def article_text(i: int) -> str:
        return f"{pool[i % len(pool)]}\n\nArchive code {_letters(i)}."

    def article_rows() -> Iterator[tuple[object, ...]]:
        for i in range(articles):
            text = article_text(i)
            lengths.append(len(text))
            yield (i + 1, rng.randrange(n_sources) + 1, f"Article {_letters(i)}", f"https://example.org/a/{i}",
                   published[i].isoformat(), "2025-01-01 00:00:00.000000", "[]", "en", text,
                   hashlib.sha256(text.encode()).hexdigest(), "jsonl", f"bench:{i}")

    _insert(conn, "INSERT INTO articles (id, source_id, title, url, published, ingested_at, tags, language, "
                  "text, sha256, input_format, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            article_rows())

    claim_ids: list[int] = []

    def claim_rows() -> Iterator[tuple[object, ...]]:
        claim_id = 0
        for article in range(1, articles + 1):
            first = claim_id + 1
            for _ in range(rng.randint(claims_per_article - 2, claims_per_article + 2)):
                claim_id += 1
                speaker = rng.randrange(n_actors)
                start = rng.randrange(max(1, lengths[article - 1] - 200))
                text = rng.choice(CLAIM_TEMPLATES).format(place=rng.choice(places))
                yield (claim_id, article, speaker + 1, actors[speaker][1], rng.choice(CUES), "indirect", text,
                       published[article - 1].isoformat(), None, None, start, start + len(text), start,
                       start + 150, "bench.synthetic")
            claim_ids.append(first if claim_id >= first else 0)
            claim_ids.append(claim_id)

    _insert(conn, "INSERT INTO claims (id, article_id, speaker_id, speaker, cue, kind, text, said_on, "
                  "reported_by_id, reported_by, start, \"end\", sentence_start, sentence_end, rule) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", claim_rows())

    metrics = _weighted(rng, METRIC_WEIGHTS)
    phrases = [p for group in METRIC_PHRASES.values() for p in group]

    def figure_rows() -> Iterator[tuple[object, ...]]:
        figure_id = 0
        for article in range(1, articles + 1):
            day = published[article - 1].isoformat()
            article_body = article_text(article - 1)
            first_claim, last_claim = claim_ids[2 * article - 2], claim_ids[2 * article - 1]
            for _ in range(rng.randint(figures_per_article - 3, figures_per_article + 3)):
                figure_id += 1
                value = float(rng.randint(2, 50_000))
                qualifier = rng.choice(QUALIFIERS)
                attributed = rng.randrange(n_actors) if rng.random() < 0.6 else None
                claim = (rng.randint(first_claim, last_claim)
                         if first_claim and rng.random() < 0.4 else None)
                start = rng.randrange(max(1, lengths[article - 1] - 200))
                text = f"{int(value):,} {rng.choice(phrases)}"
                yield (figure_id, article, claim, day, value, value + 10 if qualifier == "range" else None,
                       qualifier, next(metrics), text.split(" ", 1)[1], None, text, start, start + len(text),
                       start, start + 150, article_body[start:start + 150], 0, 0,
                       None if attributed is None else attributed + 1,
                       None if attributed is None else actors[attributed][1],
                       None if attributed is None else f"according to {actors[attributed][1]}", None, None,
                       day, day, "on that day", 1.0, "bench.synthetic")

    figure_seconds = _insert(
        conn, "INSERT INTO figures (id, article_id, claim_id, published, value, value_max, qualifier, metric, "
              "counted, unit, text, start, \"end\", sentence_start, sentence_end, sentence, hedged, vague, "
              "attributed_to_id, attributed_to, attribution_text, reported_by_id, reported_by, refers_start, "
              "refers_end, refers_text, confidence, rule) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        figure_rows())
    conn.execute("COMMIT")
    counts = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
              for table in ("articles", "figures", "claims", "actors", "sources")}
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()

    lookup = random.Random(seed + 1)
    info = BigDatabase(
        path=str(path), articles=counts["articles"], figures=counts["figures"], claims=counts["claims"],
        actors=counts["actors"], sources=counts["sources"], build_seconds=time.perf_counter() - started,
        figure_insert_rows_per_s=counts["figures"] / figure_seconds,
        actor_aliases=[lookup.choice(aliases)[1] for _ in range(200)],
        source_names=[lookup.choice(sources)[1] for _ in range(200)],
        search_words=[lookup.choice(places) for _ in range(200)],
    )
    meta_path.write_text(json.dumps({"key": key, "info": asdict(info)}))
    return info


def _insert(conn: sqlite3.Connection, sql: str, rows: Iterator[tuple[object, ...]]) -> float:
    """executemany in chunks (bounded memory); returns the seconds spent inside SQLite."""
    spent = 0.0
    while True:
        chunk = [row for _, row in zip(range(CHUNK), rows, strict=False)]
        if not chunk:
            return spent
        started = time.perf_counter()
        conn.executemany(sql, chunk)
        spent += time.perf_counter() - started
