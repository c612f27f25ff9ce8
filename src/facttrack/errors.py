"""Errors of the domain. The CLI turns each into a one-line message and a non-zero exit."""

from __future__ import annotations


class FacttrackError(Exception):
    """Base class: its message is shown to the user as is, on one line."""


class InputError(FacttrackError):
    """A file, folder or stream that cannot be read as an article (names the input and the reason)."""


class NotAnArticle(InputError):
    """A part of an input that holds no article by design (a web archive's 404 response, an image):
    reported in one line, and not a failure."""


class DatabaseError(FacttrackError):
    """A database that cannot be opened, migrated or written (locked, newer schema, not a database)."""


class QueryError(FacttrackError):
    """A query the user asked for that cannot be answered as given (bad search syntax, unknown metric)."""


class AlreadyStored(InputError):
    """An input left unread because the database already holds it (a feed entry whose link is a
    stored article): counted as skipped, not failed."""
