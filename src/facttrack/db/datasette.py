"""Metadata for Datasette (``facttrack datasette-metadata``): titles, table and column descriptions,
the labels of foreign keys, search on the views, and the facets and sort order a person wants first.

Datasette keys a database's settings by the file's name without its extension, so the metadata is
made for one database name (``facttrack`` for ``facttrack.db``). Licence and source fields are left
empty for the user to fill in: facttrack cannot know under what terms the articles were collected.
"""

from __future__ import annotations

from typing import Any

from facttrack.extract.model import METRICS

FIGURE_COLUMNS = {
    "id": "The figure's id (figures.id).",
    "value": "The number (a whole number is shown without decimals); the lower bound of a range or of "
             "a vague figure such as \"dozens\".",
    "value_max": "The upper bound of a range (\"between 20 and 30\"), else empty.",
    "qualifier": "exactly, about, approximately, at_least, more_than, at_most, less_than, up_to or range.",
    "metric": "What is counted: " + ", ".join(METRICS) + ".",
    "counted": "The counted words as the text wrote them (\"Palestinian lives\").",
    "unit": "A unit or currency, when the figure has one.",
    "attributed_to": "Who gave the figure (canonical actor name, or the mention as written); empty when "
                     "the article says it in its own voice.",
    "reported_by": "Who relayed it (\"AFP reported\"), when the article names a relay.",
    "source": "The outlet that published the article.",
    "published": "The article's publication date.",
    "title": "The article's title.",
    "url": "The article's URL.",
    "sentence": "The sentence the figure stands in.",
    "figure_text": "The figure's own words in the text (start to end).",
    "hedged": "1 when the text hedges the figure (\"reportedly\", \"probably\").",
    "vague": "1 for vague figures (\"dozens\", \"hundreds\"): value is a lower bound.",
    "attribution_text": "The words that attribute the figure (\"according to the ministry\").",
    "refers_start": "Start of the period the figure is about (YYYY-MM-DD or YYYY-MM).",
    "refers_end": "End of the period the figure is about.",
    "language": "The article's language (ISO 639-1).",
    "article_id": "The article (articles.id).",
    "claim_id": "The claim the figure stands in, when it is part of one.",
    "start": "Character offset of the figure in the article text (Python string index).",
    "end": "Character offset just after the figure.",
}
CLAIM_COLUMNS = {
    "id": "The claim's id (claims.id).",
    "speaker": "Who made the claim (canonical actor name, or the mention as written).",
    "cue": "The reporting words as written (\"said in a statement\", \"according to\").",
    "kind": "direct (a quotation), indirect (reported speech) or according_to.",
    "text": "What was claimed.",
    "said_on": "The date the text gives for the statement, when it gives one.",
    "reported_by": "Who relayed the claim, when the article names a relay.",
    "source": "The outlet that published the article.",
    "published": "The article's publication date.",
    "title": "The article's title.",
    "url": "The article's URL.",
    "language": "The article's language (ISO 639-1).",
    "article_id": "The article (articles.id).",
    "start": "Character offset of the claim in the article text (Python string index).",
    "end": "Character offset just after the claim.",
}
TABLES: dict[str, dict[str, Any]] = {
    "figures_view": {
        "description": "Every figure with who gave it, where and when it was published, and its sentence. "
                       "Start here.",
        "columns": FIGURE_COLUMNS,
        "facets": ["metric", "qualifier", "source", "attributed_to"],
        "sort_desc": "published",
    },
    "claims_view": {
        "description": "Every attributed claim with its speaker, outlet and date. Search its text.",
        "columns": CLAIM_COLUMNS,
        "facets": ["kind", "source", "speaker"],
        "sort_desc": "published",
        "fts_table": "claims_fts",
        "fts_pk": "id",
        "searchmode": "escaped",
    },
    "figures": {
        "description": "Figures as stored, with their offsets and the rule that found them "
                       "(figures_view is easier to read).",
        "facets": ["metric", "qualifier"],
    },
    "claims": {"description": "Claims as stored (claims_view is easier to read). Search their text.",
               "facets": ["kind"]},
    "articles": {"description": "Ingested articles: cleaned text (every offset indexes it), title, URL, "
                                "publication date, language. Search titles and text.",
                 "label_column": "title", "facets": ["language", "input_format"]},
    "sources": {"description": "Outlets, agencies and sites that published the articles.", "label_column": "name"},
    "actors": {"description": "People, organisations and unnamed groups that gave figures or made claims.",
               "label_column": "name", "facets": ["kind"]},
    "actor_aliases": {"description": "Other names of each actor (\"Netanyahu\" for Benjamin Netanyahu).",
                      "label_column": "alias"},
}
HIDDEN = ("claims_fts", "articles_fts")


def metadata(database: str = "facttrack") -> dict[str, Any]:
    """The metadata document for a database Datasette names ``database``."""
    tables: dict[str, Any] = {name: dict(settings) for name, settings in TABLES.items()}
    for fts in HIDDEN:
        tables[fts] = {"hidden": True}
    return {
        "title": "facttrack",
        "description": "Who says what number, about what, when: figures and claims extracted from news "
                       "articles, each with its sentence, offsets and URL.",
        "license": "",
        "license_url": "",
        "source": "",
        "source_url": "",
        "databases": {database: {"tables": tables}},
    }
