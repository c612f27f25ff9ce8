"""Quotations that go on in the next units without a cue of their own belong to the claim before."""

from __future__ import annotations

from dataclasses import replace

from facttrack.extract.attribution.reading import strip_quotes
from facttrack.extract.attribution.records import Cue


def continue_quotations(text: str, cues: list[Cue], units: list[tuple[int, int]], cued: set[int]) -> list[Cue]:
    """A direct claim whose quotation goes on in the next units ("“A,” X said. “B.”", or a new
    paragraph that opens with a quotation and has no cue of its own) covers them too: its content
    runs to the end of the last such quotation. ``units`` are the units' character spans in order;
    ``cued`` the indices of units that have a cue of their own."""
    if not cues:
        return cues
    out = list(cues)
    for index, cue in enumerate(out):
        if cue.kind != "direct" or not cue.makes_claim:
            continue
        k = next((u for u, (a, b) in enumerate(units) if a <= cue.content_start < b), None)
        if k is None:
            continue
        end = cue.content_end
        u = k + 1
        while u < len(units) and u not in cued:
            a, b = units[u]
            gap = text[units[u - 1][1]:a]
            chunk = text[a:b]
            if gap.count("\n") > 2 or chunk.lstrip()[:1] not in ("\"", "“", "«") or not _quote_closes(chunk):
                break
            end = strip_quotes(text, a, b)[1]
            u += 1
        if end > cue.content_end:
            out[index] = replace(cue, content_end=end)
    return out


def _quote_closes(chunk: str) -> bool:
    """A unit that is one quotation: it opens with a quotation mark and ends with a closing one."""
    tail = chunk.rstrip().rstrip(".!?")
    return tail.endswith(("”", "\"", "»")) or chunk.rstrip().endswith(("”", "\"", "»", ".”", ".\""))
