"""The closed word classes as the rules read them, hundreds of times per article.

``facttrack.lexicon.word_set`` is plain Python behind ``functools.cache``: from compiled code each call
looks the name up in the module's globals and goes through the cache's wrapper. Here the sets are kept
in a dictionary of this module, which compiled code reads directly (and calls this function natively).
"""

from __future__ import annotations

from typing import Final

from facttrack import lexicon

_SETS: Final[dict[str, dict[str, frozenset[str]]]] = {}  # lexicon file -> key -> words


def word_set(key: str, name: str = "grammar.json") -> frozenset[str]:
    """One word list of a lexicon as a set (see ``facttrack.lexicon.word_set``)."""
    sets = _SETS.get(name)
    if sets is None:
        sets = _SETS[name] = {}
    found = sets.get(key)
    if found is None:
        found = sets[key] = lexicon.word_set(key, name)
    return found
