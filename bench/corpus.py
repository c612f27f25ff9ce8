"""Benchmark corpora: synthetic news articles written from our own templates, and altered copies of a
real corpus so that thousands of texts stay distinct (identical texts deduplicate on ingest).

Run alone to write a corpus: ``python bench/corpus.py --articles 500 --seed 7 -o /tmp/corpus.jsonl``.
Every sentence template below is ours; nothing here is copied from any shared corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import random
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

Record = dict[str, Any]

# ------------------------------------------------------------------------------------- vocabulary

FIRST_NAMES = (
    "Amara", "Bruno", "Chiara", "Dmitri", "Elena", "Farid", "Greta", "Hassan", "Ines", "Jonas", "Kavya",
    "Lucas", "Mariam", "Nikolai", "Olga", "Pedro", "Quentin", "Rania", "Samuel", "Tamar", "Umar", "Vera",
    "Walter", "Ximena", "Yusuf", "Zofia", "Aisha", "Bjorn", "Carmen", "Daniel", "Esther", "Felix",
)
_SYLLABLES = ("ka", "lor", "ven", "ma", "dri", "sto", "bel", "nar", "vo", "tes", "gra", "lin", "mo",
              "ric", "sa", "thel", "du", "ban", "ko", "ler", "pa", "zim", "ha", "ros", "wen", "tu")
TITLES_PERSON = (
    "Health Minister", "Interior Minister", "President", "Prime Minister", "Governor", "Mayor",
    "Police Chief", "Foreign Minister", "Finance Minister", "Senator", "opposition leader",
    "Defence Minister", "regional governor", "spokeswoman", "spokesman", "Justice Minister",
)
ORG_KINDS = (
    "Ministry of Health", "Interior Ministry", "civil defence agency", "national police",
    "electoral commission", "Red Crescent society", "health authorities", "fire service",
    "statistics office", "central bank", "coast guard", "army", "regional government",
    "disaster management agency", "United Nations refugee agency", "World Food Programme",
)
AGENCIES = ("the Meridian Wire", "the Harbour Press Agency", "Northgate News Service", "the Continental Wire",
            "Radio Eastfield", "the state news agency")
GROUPS = ("officials", "witnesses", "local sources", "residents", "medical sources", "aid workers",
          "security sources", "analysts")
OUTLETS = (
    ("The Harbour Courier", "harbourcourier.example"), ("Meridian Daily", "meridiandaily.example"),
    ("Eastfield Times", "eastfieldtimes.example"), ("The Lantern", "thelantern.example"),
    ("Northgate Post", "northgatepost.example"), ("Riverside Herald", "riversideherald.example"),
    ("The Civic Ledger", "civicledger.example"), ("Atlas Report", "atlasreport.example"),
)
EVENTS = (
    ("an earthquake", "killed"), ("floods", "displaced"), ("a landslide", "missing"),
    ("an explosion at a fuel depot", "killed"), ("a factory fire", "injured"), ("heavy shelling", "killed"),
    ("a cholera outbreak", "cases"), ("a bus crash", "injured"), ("a storm", "displaced"),
    ("clashes with police", "detained"), ("a measles outbreak", "cases"), ("a ferry accident", "missing"),
)
METRIC_PHRASES = {
    "killed": ("people were killed", "people died", "civilians were killed", "deaths were recorded"),
    "injured": ("people were injured", "people were hurt", "passengers were wounded"),
    "displaced": ("people fled their homes", "families were evacuated", "residents were displaced"),
    "missing": ("people remain missing", "fishermen are still missing", "people are unaccounted for"),
    "detained": ("protesters were arrested", "people were detained", "suspects were taken into custody"),
    "cases": ("new cases were confirmed", "infections were reported", "suspected cases were recorded"),
}
QUALIFIERS = ("", "", "", "at least ", "more than ", "about ", "nearly ", "up to ", "around ",
              "almost ", "fewer than ", "some ", "as many as ", "over ", "roughly ")
HEDGES = ("", "", "", "", "reportedly ", "probably ")
CUES = ("said", "said on {weekday}", "told reporters", "said in a statement", "told local radio",
        "added", "estimated", "reported", "wrote on social media", "confirmed")
DIRECTIVES = ("urged", "called on", "warned", "demanded")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
SMALL_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
               "fifteen", "twenty", "thirty", "forty", "fifty")
FILLER = (
    "Rescue teams worked through the night with cranes and sniffer dogs.",
    "The road to the coast was closed while engineers inspected the bridge.",
    "Schools in the district stayed shut and exams were postponed.",
    "Volunteers handed out blankets and bottled water near the town hall.",
    "The government declared a state of emergency in the affected province.",
    "Talks between the two sides are expected to resume after the holiday.",
    "Opposition parties accused the cabinet of reacting too slowly.",
    "Electricity was restored to most neighbourhoods by the evening.",
    "The cause of the disaster is still under investigation.",
    "Neighbouring countries offered to send medical teams and supplies.",
    "Prices of bread and fuel have risen sharply since the start of the year.",
    "Observers described the vote as orderly despite long queues.",
    "The port reopened after divers cleared debris from the channel.",
    "Hospitals in the capital cancelled planned operations to free beds.",
    "A curfew remains in force in the old quarter of the city.",
)
PLACE_FILLER = (
    "Many families in {place} spent the night in their cars.",
    "The main hospital in {place} asked for blood donors.",
    "Roads into {place} were blocked by fallen trees and mud.",
    "Shops in the centre of {place} stayed closed for a second day.",
    "Engineers from across {country} were sent to inspect damaged buildings.",
    "The mood in {place} was tense but calm, according to people who live there.",
    "Local radio in {place} read out the names of missing relatives.",
    "Schools in {place} were turned into temporary shelters.",
    "The last time {place} saw anything like it, older residents recalled, was decades ago.",
    "Opposition politicians in {country} called for an independent inquiry.",
)
NON_FIGURES = (
    "The {age}-year-old {role} had served in the post since {year}.",
    "A magnitude {mag} tremor was felt {km} kilometres away.",
    "The convoy travelled along Route {route} for {small} hours.",
    "The building, completed in {year}, had {small} storeys.",
    "Flight KX{route} was diverted to a nearby airport.",
    "It was the worst disaster in the region since {year}.",
)
QUOTES = (
    "We will not rest until every family has a roof over its head.",
    "The situation is getting worse by the hour.",
    "Our teams are exhausted but they keep going.",
    "Nobody expected the water to rise so fast.",
    "This is a day of mourning for the whole country.",
    "We need more doctors, more beds and more time.",
    "The count is still going up and we fear the worst.",
    "Every vote will be counted, whatever it takes.",
)
CLAIM_CLAUSES = (
    "the government had ignored repeated warnings",
    "aid convoys were being blocked at the border",
    "the reconstruction would take years",
    "the ceasefire had largely held overnight",
    "the figures were likely to rise",
    "the election had been free and fair",
    "the dam had not been inspected for a decade",
    "the new measures would stay in place until spring",
    "the army had withdrawn from the northern villages",
    "talks with donors were progressing well",
)


def _syllable_name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def _cap(text: str) -> str:
    """Upper-case the first letter only (str.capitalize would lower-case the names after it)."""
    return text[:1].upper() + text[1:]


def _number_words(rng: random.Random, value: int) -> str:
    """A count written as news writers do: digits with commas, words, or millions."""
    if value <= 12 and rng.random() < 0.5:
        return ("zero one two three four five six seven eight nine ten eleven twelve").split()[value]
    if value >= 1_000_000 and rng.random() < 0.7:
        return f"{value / 1_000_000:.1f} million".replace(".0 ", " ")
    return f"{value:,}"


def _count(rng: random.Random) -> int:
    magnitude = rng.choice((1, 10, 10, 100, 100, 1000, 10_000, 1_000_000))
    return max(2, int(rng.uniform(1, 10) * magnitude))


def _money(rng: random.Random) -> str:
    amount = rng.choice((str(rng.randint(2, 900)), f"{rng.uniform(1, 9.9):.1f}"))
    scale = rng.choice(("million", "million", "billion"))
    form = rng.choice(("${a} {s}", "\u20ac{a} {s}", "{a} {s} dollars", "{a} {s} euros", "\u00a3{a} {s}"))
    return form.format(a=amount, s=scale)


class _Article:
    """State for one article: its cast of actors, place and dates, so sentences refer to each other."""

    def __init__(self, rng: random.Random, index: int) -> None:
        self.rng = rng
        self.index = index
        self.place = _syllable_name(rng, rng.choice((2, 3)))
        self.country = _syllable_name(rng, 3) + rng.choice(("ia", "land", "stan", ""))
        self.published = date(2019, 1, 1) + timedelta(days=rng.randrange(6 * 365))
        self.event, self.metric = rng.choice(EVENTS)
        self.people = [(rng.choice(TITLES_PERSON), f"{rng.choice(FIRST_NAMES)} {_syllable_name(rng, 2)}")
                       for _ in range(rng.randint(1, 3))]
        self.orgs = [f"the {self.country} {kind}" if rng.random() < 0.4 else f"the {kind}"
                     for kind in rng.sample(ORG_KINDS, 3)]
        self.mentioned: set[str] = set()

    def person(self) -> str:
        """Full title and name on first mention, surname afterwards (as news style does)."""
        title, name = self.rng.choice(self.people)
        if name in self.mentioned:
            return name.split()[-1]
        self.mentioned.add(name)
        return f"{title} {name}"

    def source(self) -> str:
        roll = self.rng.random()
        if roll < 0.45:
            return self.rng.choice(self.orgs)
        if roll < 0.75:
            return self.person()
        return self.rng.choice(GROUPS)

    def day(self) -> str:
        back = self.published - timedelta(days=self.rng.randint(1, 40))
        return self.rng.choice((f"on {WEEKDAYS[back.weekday()]}", f"on {MONTHS[back.month - 1]} {back.day}",
                                f"since {MONTHS[back.month - 1]}", "last week", "yesterday", ""))

    def figure_phrase(self, metric: str | None = None) -> str:
        metric = metric or self.metric
        if metric not in METRIC_PHRASES:
            metric = "killed"
        qualifier = self.rng.choice(QUALIFIERS)
        return f"{qualifier}{_number_words(self.rng, _count(self.rng))} {self.rng.choice(METRIC_PHRASES[metric])}"

    def sentence(self) -> str:
        rng = self.rng
        kind = rng.randrange(30)  # 14 kinds with numbers, names or quotes; the rest background prose
        cue = rng.choice(CUES).format(weekday=rng.choice(WEEKDAYS))
        if kind == 0:
            return f"{_cap(self.figure_phrase())} {self.day()}, {self.source()} {cue}.".replace(" ,", ",")
        if kind == 1:
            low = _count(rng)
            high = low + rng.randint(2, max(3, low))
            what = rng.choice(METRIC_PHRASES["displaced"])
            form = rng.choice(("Between {a:,} and {b:,} {w}", "{a:,}-{b:,} {w}", "From {a:,} to {b:,} {w}"))
            return f"{form.format(a=low, b=high, w=what)}, according to {self.source()}."
        if kind == 2:
            return (f"{_cap(self.person())} announced {_money(rng)} in emergency aid for {self.place}, "
                    f"and {rng.choice(self.orgs)} {rng.choice(('pledged', 'promised', 'added'))} a further "
                    f"{_money(rng)}.")
        if kind == 3:
            pct = round(rng.uniform(1, 95), rng.choice((0, 1)))
            pct_text = f"{pct:g}{rng.choice(('%', ' percent', ' per cent'))}"
            return (f"Turnout reached {pct_text}, up from {rng.randint(20, 70)}% in {rng.randint(2000, 2018)}, "
                    f"the electoral commission {cue}.")
        if kind == 4:
            return (f"\u201c{rng.choice(QUOTES)} {_cap(self.figure_phrase())},\u201d "
                    f"{self.source()} {cue}.")
        if kind == 5:
            return f"{_cap(self.source())} {cue} that {rng.choice(CLAIM_CLAUSES)}."
        if kind == 6:
            return (f"{_cap(rng.choice(AGENCIES))} quoted {rng.choice(self.orgs)} as saying that "
                    f"{self.figure_phrase('missing')}.")
        if kind == 7:
            vague = rng.choice(("Dozens of", "Hundreds of", "Thousands of", "Scores of", "A dozen"))
            return f"{vague} homes were destroyed in {self.place}, {rng.choice(GROUPS)} said."
        if kind == 8:
            return (f"{_cap(rng.choice(HEDGES)) or 'Officially, '}{self.figure_phrase('detained')} "
                    f"{self.day()} near the border.").replace("  ", " ")
        if kind == 9:
            new = _count(rng)
            return (f"Health authorities confirmed {new:,} new cases {self.day()}, bringing the total to "
                    f"{new * rng.randint(3, 40):,}.").replace("  ", " ")
        if kind == 10:
            cand = f"{rng.choice(FIRST_NAMES)} {_syllable_name(rng, 2)}"
            return (f"{cand} won {rng.randint(10_000, 2_000_000):,} votes, against "
                    f"{rng.randint(10_000, 2_000_000):,} for the incumbent, official results showed.")
        if kind == 11:
            return rng.choice(NON_FIGURES).format(
                age=rng.randint(30, 80), role=rng.choice(("mayor", "minister", "governor")),
                year=rng.randint(1950, 2018), mag=round(rng.uniform(4, 7.9), 1), km=rng.randint(10, 400),
                route=rng.randint(2, 99), small=rng.choice(SMALL_WORDS))
        if kind == 12:
            return (f"{_cap(self.person())} {rng.choice(DIRECTIVES)} the authorities to "
                    f"{rng.choice(('open the border', 'release the detainees', 'speed up the relief effort'))}.")
        if kind == 13:
            return (f"The toll has risen to {_count(rng):,}, {rng.choice(self.orgs)} {cue}, "
                    f"{rng.choice(('probably', 'reportedly', 'possibly'))} because of {self.event}.")
        if kind < 22:
            return rng.choice(FILLER)
        return rng.choice(PLACE_FILLER).format(place=self.place, country=self.country)

    def title(self) -> str:
        count = _count(self.rng)
        noun = {"killed": "dead", "injured": "injured", "displaced": "displaced", "missing": "missing",
                "detained": "arrested", "cases": "infected"}[self.metric]
        return self.rng.choice((
            f"{_cap(self.event)} in {self.place} leaves {count:,} {noun}",
            f"{self.place}: {self.event} \u2014 at least {count:,} {noun}",
            f"Officials in {self.country} respond to {self.event}",
        ))

    def record(self) -> Record:
        rng = self.rng
        lead = (f"{_cap(self.figure_phrase())} after {self.event} hit {self.place}, "
                f"{self.country}, {self.day()}, {self.source()} {rng.choice(CUES).format(weekday='Sunday')}.")
        paragraphs = [lead.replace(" ,", ",").replace(",,", ",")]
        for _ in range(rng.randint(5, 12)):
            paragraphs.append(" ".join(self.sentence() for _ in range(rng.randint(1, 5))))
        outlet, domain = rng.choice(OUTLETS)
        slug = self.place.lower()
        return {
            "id": f"synthetic-{self.index:06d}",
            "title": self.title(),
            "published": self.published.isoformat(),
            "outlet": outlet,
            "url": f"https://{domain}/{self.published:%Y/%m}/{slug}-{self.index}",
            "text": "\n\n".join(paragraphs),
        }


def generate_articles(count: int, seed: int = 7) -> list[Record]:
    """``count`` distinct synthetic articles, the same for the same seed."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[Record] = []
    index = 0
    while len(out) < count:
        record = _Article(rng, index).record()
        index += 1
        if record["text"] not in seen:
            seen.add(record["text"])
            out.append(record)
    return out


# ------------------------------------------------------------------------------- real corpora


def load_records(path: str) -> list[Record]:
    """Articles from a JSON Lines file or a folder (txt/html/jsonl), read by facttrack's own readers."""
    from facttrack.readers import iter_documents

    records: list[Record] = []
    for item in iter_documents([path], max_bytes=1 << 30):
        if isinstance(item, Exception):
            continue
        records.append({
            "id": item.origin,
            "title": item.title,
            "published": item.published.isoformat() if item.published else None,
            "outlet": item.outlet,
            "url": item.url,
            "text": item.text,
        })
    return records


def _letters(number: int) -> str:
    """A number spelled in letters only, so the unique tag adds no figure to the article."""
    alphabet = "bcdfghjklmnpqrstvwxz"
    out = ""
    number += 1
    while number:
        number, digit = divmod(number, len(alphabet))
        out += alphabet[digit]
    return out.capitalize()


def altered_copies(records: Sequence[Record], count: int, seed: int = 7) -> list[Record]:
    """``count`` distinct texts from ``records``: the originals first, then copies whose middle
    paragraphs are shuffled and which end with a sentence naming a unique archive code."""
    if not records:
        raise ValueError("no articles to copy")
    rng = random.Random(seed)
    out: list[Record] = []
    copy = 0
    while len(out) < count:
        for record in records:
            if len(out) >= count:
                break
            if copy == 0:
                out.append(dict(record))
                continue
            paragraphs = record["text"].split("\n\n")
            middle = paragraphs[1:-1]
            rng.shuffle(middle)
            paragraphs = paragraphs[:1] + middle + paragraphs[-1:] if len(paragraphs) > 1 else paragraphs
            paragraphs.append(f"This copy is filed in the archive under the code {_letters(len(out))}.")
            altered = dict(record)
            altered["text"] = "\n\n".join(paragraphs)
            altered["id"] = f"{record.get('id')}#copy{copy}"
            if altered.get("url"):
                altered["url"] = f"{altered['url']}#copy-{copy}"
            out.append(altered)
        copy += 1
    return out


def write_jsonl_parts(records: Iterable[Record], folder: Path, max_bytes: int = 8 << 20) -> list[Path]:
    """Write records as JSON Lines files of at most ``max_bytes`` each (the readers refuse huge files)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    handle = None
    size = 0
    try:
        for record in records:
            line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
            if handle is None or size + len(line) > max_bytes:
                if handle is not None:
                    handle.close()
                paths.append(folder / f"part-{len(paths) + 1:04d}.jsonl")
                handle = open(paths[-1], "wb")
                size = 0
            handle.write(line)
            size += len(line)
    finally:
        if handle is not None:
            handle.close()
    return paths


def iter_documents(paths: Sequence[Path]) -> Iterator[Any]:
    """Documents exactly as ``facttrack ingest`` reads them from the written files."""
    from facttrack.readers import iter_documents as read

    for item in read([str(p) for p in paths], max_bytes=1 << 30):
        if not isinstance(item, Exception):
            yield item


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="how many articles")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--from", dest="source", metavar="PATH",
                        help="make altered copies of these real articles instead of synthetic ones")
    parser.add_argument("-o", "--output", required=True, help="JSON Lines file to write")
    args = parser.parse_args(argv)
    if args.source:
        records = altered_copies(load_records(args.source), args.articles, args.seed)
    else:
        records = generate_articles(args.articles, args.seed)
    with open(args.output, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} articles to {os.path.abspath(args.output)}")


if __name__ == "__main__":
    main()
