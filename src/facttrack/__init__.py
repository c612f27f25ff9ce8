"""facttrack: who says what number, about what, when, and where it was published.

The library API lives in submodules (imported lazily so the CLI starts fast):
``facttrack.readers`` (file -> Document), ``facttrack.extract`` (Document -> Extraction),
``facttrack.db`` (open, migrate, store, query, export).
"""

__version__ = "0.1.0"
