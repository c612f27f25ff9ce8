"""Values that compiled rules read directly, built once or remembered per argument.

To mypyc, a function decorated with ``functools.cache`` or ``lru_cache`` stays a Python object: each
call looks its name up in the module's dictionary and goes through the cache's wrapper, which makes a
key of the arguments. The rules ask for their lexicons, their closed word classes and the same names
hundreds of times per article, so the hot ones keep their values in a list or a dictionary of their
module instead, which compiled code reads without a call. Threads may build a value at the same time:
each builds the same, and the first one stored is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Final, TypeVar

from facttrack import lexicon

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

MOST: int = 1 << 14  # a dictionary is emptied when it holds this many: a long run keeps meeting new names


def once(holder: list[T], build: Callable[[], T]) -> T:
    """The value ``holder`` keeps, built by ``build`` on first use."""
    if not holder:
        value = build()
        if not holder:
            holder.append(value)
    return holder[0]


def remember(memo: dict[K, T], key: K, value: T, most: int = MOST) -> T:
    """Keep ``value`` as the result for ``key`` (emptying ``memo`` first when it holds ``most``) and return it."""
    if len(memo) >= most:
        memo.clear()
    memo[key] = value
    return value


_SETS: Final[dict[str, dict[str, frozenset[str]]]] = {}  # lexicon file -> key -> words


def word_set(key: str, name: str = "grammar.json") -> frozenset[str]:
    """One word list of a lexicon as a set (``facttrack.lexicon.word_set``, kept here: the rules ask for
    closed word classes hundreds of times per article)."""
    sets = _SETS.get(name)
    if sets is None:
        sets = _SETS[name] = {}
    found = sets.get(key)
    if found is None:
        found = sets[key] = lexicon.word_set(key, name)
    return found
