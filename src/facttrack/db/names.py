"""Name normalisation shared by storage and queries: one function, so a lookup finds what a store wrote."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import urlsplit

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def normalize_name(name: str) -> str:
    """The key actors, aliases and outlets are matched on.

    Casefolded, accents stripped, whitespace collapsed and a leading "the " dropped, so "The  Élysée"
    and "elysee" are one key. Matching is equality on this key (an index lookup), never a pattern.
    Cached: an ingest normalises the same few thousand names again and again.
    """
    if name.isascii():
        stripped = name  # nothing to decompose
    else:
        decomposed = unicodedata.normalize("NFKD", name)
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    key = _SPACES.sub(" ", stripped.casefold()).strip()
    if key.startswith("the ") and len(key) > 4:
        key = key[4:]
    return key


HOST_MAX = 253  # DNS: a longer name is no host (and would not fit sources.domain)


def url_domain(url: str | None) -> str | None:
    """The host of an article URL without "www." (lower case), or None when there is none or it
    cannot be a host name (longer than DNS allows)."""
    if not url:
        return None
    text = url.strip()
    if "://" not in text and not text.startswith("//"):
        text = "//" + text
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    if not host or "." not in host or len(host) > HOST_MAX + 1:
        return None
    host = host.rstrip(".").lower()
    if len(host) > HOST_MAX or any(len(label) > 63 for label in host.split(".")):
        return None
    return host[4:] if host.startswith("www.") else host
