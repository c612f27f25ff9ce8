"""From frames to cues: open contents cut where the next frame starts, data and document sources
named by their institution, nested reports relayed by the outer speaker."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache, lru_cache
from typing import Final

from facttrack.extract.actors import is_pronoun
from facttrack.extract.attribution.reading import Scan, strip_quotes
from facttrack.extract.attribution.records import Cue
from facttrack.extract.attribution.speakers import is_institution
from facttrack.extract.attribution.vocabulary import load_rules, prepositions
from facttrack.extract.memo import word_set
from facttrack.extract.phrases import (
    is_data_noun,
    is_statement_noun,
)
from facttrack.extract.segment import sentences


def finish_frames(scan: Scan) -> list[Cue]:
    """Cut open contents at the next frame, name the relays of nested reports, make Cues."""
    frames = sorted(scan.frames, key=lambda f: f.cue[0])
    text = scan.text
    out: list[Cue] = []
    for f in frames:
        content = f.content
        if f.open_end:
            for g in frames:
                if g is f or g.cue[0] <= f.cue[0]:
                    continue
                start = g.region[0]
                ends = g.separate or g.rule in (
                    "attribution.participle", "attribution.trailing", "attribution.inverted",
                    "attribution.according_to", "attribution.citing") \
                    and g.speaker[0] >= content[0] and _new_clause_before(text, content[0], start)
                if f.kind == "according_to":  # an opening "according to X" covers the reports in its clause
                    ends = g.separate and g.rule != "attribution.participle"  # ("; the government says D")
                if content[0] < start < content[1] and ends:
                    content = strip_quotes(text, content[0], _cut_point(text, start))
                elif g.speaker == f.speaker and content[0] < g.cue[0] < content[1] and g.kind != "according_to":
                    # "The mayor denied the report and said C": a second verb of the same subject ends
                    # the first verb's content
                    content = strip_quotes(text, content[0], _cut_point(text, g.cue[0]))
        if content[1] - content[0] < 2 and f.has_content or f.kind == "direct" and _a_title(text, content):
            continue
        speaker = text[f.speaker[0]:f.speaker[1]]
        speaker, sp = _normalise_source(speaker, f.speaker)
        cue_text = text[f.cue[0]:f.cue[1]].strip(" ,.;:—–") or text[f.cue[0]:f.cue[1]].strip()
        out.append(Cue(speaker, sp[0], sp[1], cue_text, f.cue[0], f.cue[1], content[0], content[1], f.kind, f.rule,
                       f.said_on, f.reported_by, has_content=f.has_content, makes_claim=f.makes_claim))
    return _link_reporters(text, out)


_TITLE_WORD: Final = re.compile(r"[^\W\d_][\w'’-]*")


def _a_title(text: str, content: tuple[int, int]) -> bool:
    """“Breaking Into Comics” after "the panel", “Learning Together” after "called": a short quotation
    in title case after a naming word or a lower-case word that reports nothing names a thing."""
    words = _TITLE_WORD.findall(text, content[0], content[1])
    if not 1 <= len(words) <= 6 or sum(w[0].isupper() for w in words) < 0.75 * len(words) \
            or re.search(r"[.!?;,]\s", text[content[0]:content[1]]):
        return False
    before = re.search(r"([A-Za-z]+)\s*[\"“‘']$", text[max(0, content[0] - 30):content[0]])
    if before is None:
        return False  # after a colon or a comma: words said ("she shouted: “Allahu Akbar”")
    word = before.group(1)
    return word in word_set("naming_words", "reporting.json") or word.islower() and word not in load_rules().forms


def _new_clause_before(text: str, content_start: int, frame_start: int) -> bool:
    """True when a trailing frame inside an open content ends a clause of its own (its content
    starts after a sentence-internal break), so the open content stops before it."""
    return True


def _cut_point(text: str, start: int) -> int:
    """Where an open content ends before the frame starting at ``start``: before the comma or dash,
    and before a conjunction that joins the next clause ("C, while the army said ...")."""
    end = start
    while end > 0 and text[end - 1] in " ,;—–":
        end -= 1
    for _ in range(2):  # "C but also warned": the conjunction and its adverb go with the next frame
        m = re.search(r"[\s,;—–]+(\w+)$", text[max(0, end - 30):end])
        if not (m and m.group(1).lower() in _joining_words()):  # "..., further saying": the adverb goes too
            break
        end -= len(m.group(0))
    return end


@cache
def _joining_words() -> frozenset[str]:
    """Words that join the next clause or frame to an open content: its end comes before them."""
    return word_set("coordinators") | word_set("subordinators") | word_set("participle_preceders") \
        | word_set("clause_linkers")


def _normalise_source(speaker: str, span: tuple[int, int]) -> tuple[str, tuple[int, int]]:
    """"figures released by the ministry" / "the ministry's data" / "a statement from X" /
    "the family's statement on the death" -> X."""
    first, last = _source_in(speaker)
    return speaker[first:last], (span[0] + first, span[0] + last)


@lru_cache(maxsize=1 << 14)
def _source_in(speaker: str) -> tuple[int, int]:
    """Where the source stands in a speaker phrase (``_normalise_source``), as offsets into it: a function
    of the words alone, and the same speakers ("police", "the ministry's data") recur across articles."""
    rules = load_rules()
    owner = _POSSESSOR.match(speaker)
    if owner and (is_statement_noun(owner.group("noun").lower()) or is_data_noun(owner.group("noun").lower())):
        part = re.match(r"(\w+) of\s+", owner.group("who"))
        first = part.end() if part and part.group(1).lower() in word_set("partitive_words") else 0
        return first, owner.end("who")  # ("Part of the judge's statement": the judge)
    m = rules.data_re.match(speaker) or rules.statement_re.match(speaker)
    if m and m.group(0) and speaker[m.end():].strip():
        return m.end(), len(speaker)
    suffix = rules.data_suffix_re.search(speaker) or rules.statement_re.search(speaker)
    if suffix and suffix.group().split()[-1][:1].isupper() and "'" not in suffix.group() \
            and "’" not in suffix.group():
        suffix = None  # "Office for National Statistics", "Bureau of Labor Statistics": part of a name
    rest = speaker[: suffix.start()].strip() if suffix else ""
    last = rest.split()[-1].lower() if rest else ""
    if last in rules.determiners or last in prepositions():
        suffix = None  # "Sources close to the investigation": the noun closes a phrase, no maker before it
    if suffix and suffix.start() > 0 and rest.lower() not in rules.determiners \
            and rest.lower() not in word_set("data_modifiers", "reporting.json") and (
            any(c.isupper() for c in rest) or is_institution(rest.split()[-1].lower())):
        lead = _NAME_AFTER_ARTICLE.match(speaker)  # "An Amnesty report": the maker is Amnesty
        return (lead.end() if lead else 0), suffix.start()
    return 0, len(speaker)


_NAME_AFTER_ARTICLE: Final = re.compile(r"[Aa]n?\s+(?=[A-Z])")


_POSSESSOR: Final = re.compile(r"(?P<who>[^,;]+?)(?:'s|’s|(?<=s)['’])\s+(?:[a-z-]+\s+)?(?P<noun>[a-z]+)\b"
                               r"(?:\s+(?:on|about|of|in)\b.*)?$")


def _reports_own_speech(text: str, cue: Cue) -> bool:
    """"I told them C", "we have said for years that C": the first person and a past form of the verb,
    with no modal before it ("we could have found C" was never said)."""
    before = text[max(0, cue.cue_start - 24):cue.cue_start].lower().split()[-2:]
    return cue.speaker.lower() in word_set("first_person_pronouns") \
        and cue.cue.split()[0].lower() in load_rules().past_forms \
        and not any(w in word_set("hypothetical_modals") for w in before)


def _link_reporters(text: str, cues: list[Cue]) -> list[Cue]:
    """A cue whose speaker stands inside another cue's content is relayed by that outer speaker
    (``reported_by``), and its own content ends where the outer content ends; when that speaker is a
    pronoun, the cue claims nothing beside the outer claim."""
    out: list[Cue] = []
    for k, cue in enumerate(cues):
        # the cues before are taken as linked, their contents cut to their own report: in "X said, “I
        # always said C. I have said, ‘D’”", D is X's, not inside the first "I said"
        outer = [o for o in out + cues[k + 1:] if o.kind != "according_to" and o.makes_claim
                 and o.content_start <= cue.speaker_start and cue.speaker_end <= o.content_end
                 and not cue.content_start <= o.speaker_start < cue.content_end]
        if outer and cue.reported_by is None:
            o = min(outer, key=lambda c: c.content_end - c.content_start)
            end = min(cue.content_end, o.content_end)
            first = sentences(text[cue.content_start:end])[:1] if cue.kind == "indirect" else ()
            if first:  # "“I always said C. Nobody listened.”": a report ends with its sentence
                end = cue.content_start + first[0].end
            start, end = strip_quotes(text, cue.content_start, end)
            if end > start:
                # "Police said they found C": a third-person pronoun inside another's words is that
                # speaker's own report, no claim of its own (figures still follow it); "“I told them C,”
                # Reyes said" reports speech Reyes made before, a claim one level down (the pipeline
                # names "I" and "we" by the speaker quoted), while "“I urge C,” Reyes said" is the act
                # the quotation itself performs, no second claim
                own = not is_pronoun(cue.speaker) or _reports_own_speech(text, cue)
                cue = replace(cue, reported_by=o.speaker, content_end=end, makes_claim=cue.makes_claim and own)
        out.append(cue)
    for i, cue in enumerate(out):
        if cue.kind == "according_to" and cue.cue.lower() == "citing" and cue.rule != "attribution.citing":
            # "Citing hospital officials, the agency reported that C": the officials are the source of
            # C and the agency relays it, as in "the agency reported C, citing hospital officials"
            relay = next((o for o in out if o.kind != "according_to" and o.makes_claim
                          and cue.cue_end <= cue.content_start <= o.speaker_start <= cue.content_start + 2
                          and o.content_start > o.speaker_start), None)
            if relay is not None:
                out[i] = replace(cue, content_start=relay.content_start, content_end=relay.content_end,
                                 rule="attribution.citing", reported_by=relay.speaker)
            continue
        if cue.rule == "attribution.citing" and cue.reported_by is None:
            relay = next((o for o in out if o is not cue and o.cue_end <= cue.cue_start
                          and cue.cue_start - o.cue_end <= 40), None)
            if relay is not None:
                out[i] = replace(cue, reported_by=relay.speaker)
    return out
