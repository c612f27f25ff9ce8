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
            if gap.count("\n") > 2 or chunk.lstrip()[:1] not in ("\"", "“", "«") \
                    or not (_quote_closes(chunk) or _runs_on(text, units, u, cued)):
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


def _runs_on(text: str, units: list[tuple[int, int]], u: int, cued: set[int]) -> bool:
    """A paragraph that opens a quotation and leaves it open, the next paragraph opening with a
    quotation mark again: the newspaper way of running one quotation over several paragraphs."""
    a, b = units[u]
    chunk = text[a:b]
    if chunk.count("\"") % 2 == 0 and chunk.count("“") <= chunk.count("”"):
        return False  # its marks are balanced: a quotation that closed, or none
    if u + 1 >= len(units) or u + 1 in cued:
        return False
    nxt_a, _ = units[u + 1]
    return "\n" in text[b:nxt_a] and text[nxt_a:nxt_a + 1] in ("\"", "“", "«")

