"""facttrack: who says what number, about what, when, and where it was published.

The API for notebooks and scripts (:mod:`facttrack.api`; imported on first use, so the CLI starts fast):

- ``facttrack.extract_text(text, published=...)`` -> an Extraction (figures, claims, actors);
- ``facttrack.read(path_or_url)`` -> the Documents of a file, folder, URL or feed;
- ``facttrack.open(db)`` -> a Database: ``ingest(...)``, ``figures(...)``, ``claims(...)``,
  ``articles(...)``, ``actors(...)``, ``sources()`` with the CLI's filters, returning rows that
  ``to_pandas()`` turns into a DataFrame when pandas is installed.

The layers below: ``facttrack.readers`` (inputs -> Document), ``facttrack.extract`` (Document ->
Extraction), ``facttrack.db`` (open, migrate, store, query, export).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from facttrack import native

native.install()  # before any module of facttrack.extract is imported: compiled, or all from source

__version__ = "0.1.0"

if TYPE_CHECKING:
    from facttrack.api import Database, Rows, extract_text, open, read

__all__ = ["Database", "Rows", "__version__", "extract_text", "open", "read"]
_API = frozenset({"Database", "Rows", "extract_text", "open", "read"})


def __getattr__(name: str) -> Any:
    """The API names, imported from facttrack.api when first used (PEP 562)."""
    if name in _API:
        from facttrack import api

        return getattr(api, name)
    raise AttributeError(f"module 'facttrack' has no attribute {name!r}")
