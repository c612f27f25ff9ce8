"""The unit of work the runners run for ``ingest`` and ``extract-batch``: extract one document.

A read error travels through unchanged; an extraction that raises becomes an ExtractionFailed value
with a one-line reason naming the document, so the batch goes on and the caller reports it.
"""

from __future__ import annotations

from facttrack.document import Document
from facttrack.errors import FacttrackError, InputError
from facttrack.extract.model import Extraction


class ExtractionFailed(Exception):
    """An unexpected error while extracting one article (a bug); carries a one-line reason."""


Item = Document | InputError
Result = Extraction | InputError | ExtractionFailed


def extract_item(item: Item) -> Result:
    """Extract a document (never raises for the document's sake); pass a read error through."""
    if isinstance(item, InputError):
        return item
    from facttrack.extract import extract

    try:
        return extract(item)
    except FacttrackError as exc:
        return ExtractionFailed(f"{item.origin}: {exc}")
    except Exception as exc:  # noqa: BLE001 - one article's extraction bug must not stop a batch
        return ExtractionFailed(f"{item.origin}: extraction failed ({type(exc).__name__}: {exc})")


def warm_up() -> None:
    """Compile every lexicon pattern once (before workers fork, so they start warm)."""
    from facttrack.extract import extract

    extract(Document(text="At least 2 people died on Monday, officials said."))
