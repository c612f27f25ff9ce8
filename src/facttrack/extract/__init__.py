"""Extraction: Document -> Extraction. Pure: no database, no I/O beyond the packaged lexicons.

The pipeline (facttrack.extract.pipeline) is imported on the first call, so code that only needs the
record types and vocabularies (the database, the CLI's listings) does not pay for loading the rules.
"""

from __future__ import annotations

from facttrack.document import Document
from facttrack.extract.model import Actor, Claim, Extraction, Figure, Period

__all__ = ["Actor", "Claim", "Extraction", "Figure", "Period", "extract"]


def extract(document: Document) -> Extraction:
    """Find figures, claims and actors in ``document.text``, every one with its character span."""
    from facttrack.extract.pipeline import extract as run

    return run(document)
