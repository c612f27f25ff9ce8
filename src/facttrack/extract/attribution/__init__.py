"""Who says it: reporting cues, their speakers and the content they attribute.

One small grammar, applied to each unit (a sentence, or sentences a quotation holds together). A cue is
a reporting verb in any of its forms (the lexicon in ``data/reporting.json``), "according to X" /
"citing X" / "as per X", a nested report ("X quoted Y as saying"), a passive with its agent ("as
reported by X") or a colon after a speaker ("The mayor: “...”"). Around a verb, speaker (S), verb (V)
and content (C) stand in one of three orders, tried in this order (``FRAMES``):

    S V C   "The agency said (in a statement on Sunday) (that) C" / "X told reporters C" /
            "Aminata Diallo, a spokeswoman for the ministry, told Reuters C" / "X, who heads ..., said C"
    C S V   "C, the statistics office said on Tuesday." / "“C,” Mayor Ruiz told a local radio station."
    C V S   "“C,” said Jane Okoro, who heads the regional health office."

and a participle continues the speaker's clause (", adding that C", ", saying C"). The speaker is a noun
phrase (``phrases.py``); the content of S V C runs to the end of the unit unless another frame of the
same sentence starts first (", adding ...", "; she said ..."). ``continue_quotations`` joins a quotation
that goes on in the next sentences without a cue of its own to the claim before it.
Speakers are kept as written here; the pipeline resolves pronouns and canonical names.

Modules: ``vocabulary`` (the lexicon), ``records`` (Cue, Frame), ``reading`` (one unit's tokens and
span helpers), ``speakers`` (who speaks), ``complements`` (what follows a verb), ``frames`` (the
grammar), ``finish`` (frames to cues), ``quotations`` (quotations across units). A new construction
is a frame in ``frames.FRAMES`` or a word in ``data/reporting.json``, plus its test table.
"""

from __future__ import annotations

import re
from typing import Final

from facttrack.extract.attribution.finish import finish_frames
from facttrack.extract.attribution.frames import FRAMES, colon_frame, is_title_case
from facttrack.extract.attribution.quotations import continue_quotations
from facttrack.extract.attribution.reading import Scan
from facttrack.extract.attribution.records import Cue
from facttrack.extract.attribution.vocabulary import Rules, load_rules
from facttrack.extract.dates import DateMention
from facttrack.extract.memo import word_set
from facttrack.extract.scan import Starts, WordIndex, is_word_char, word_end, word_start

__all__ = ["FRAMES", "Cue", "continue_quotations", "cue_positions", "cue_words", "find_cues", "unnamed_cues"]

_COLON_QUOTE: Final = re.compile(r":\s*[\"“«]")


def cue_words(text: str, index: WordIndex | None = None) -> list[int]:
    """Offsets of every word a reporting cue can begin with (the cue rules are tried only there).
    ``index``: the text's words, when the caller has them already."""
    return (index or WordIndex(text)).starts(load_rules().trigger_starters)


def cue_positions(text: str, candidates: list[int]) -> list[int]:
    """Where a reporting cue may stand (from ``cue_words``, plus colons before a quotation), so
    that units without any skip the cue rules entirely. A word that follows a determiner or a
    preposition ("the state", "of reports") is a noun there, and a word that only starts multi-word
    cues ("point" of "point out") needs its second word."""
    rules = load_rules()
    found = []
    for pos in candidates:
        end = word_end(text, pos)
        if end == pos:
            continue
        second = rules.second_words.get(text[pos:end].lower())
        if second is not None and text[end + 1:word_end(text, end + 1)].lower() not in second:
            continue  # (no word there: "" is in no set)
        if text[pos].islower() and _after_a_noun_opener(text, pos, rules) and not _quantifier_subject(text, pos):
            continue
        found.append(pos)
    found.extend(m.start() for m in _COLON_QUOTE.finditer(text))
    found.sort()
    return found


def _after_a_noun_opener(text: str, pos: int, rules: Rules) -> bool:
    """Whether ``rules.noun_before_re`` finds a determiner or preposition, a possessive 's or a digit,
    then whitespace up to ``pos``, in the 16 characters before it: read back from ``pos`` (a search
    tries the pattern at every one of the 16)."""
    start = max(0, pos - 16)
    end = pos
    while end > start and text[end - 1].isspace():
        end -= 1
    if end == pos or end == start:
        return False
    last = text[end - 1]
    if last.isdecimal() or last in "sS" and end - 2 >= start and text[end - 2] in "'’":
        return True
    word = word_start(text, end, start)
    if word == start and word > 0 and is_word_char(text[word - 1]):
        return False  # the word began before the 16 characters
    run = text[word:end]
    if not run.isascii():  # a letter that only matches ignoring case in Unicode's way
        return rules.noun_before_re.search(text, start, pos) is not None
    return run.lower() in rules.noun_openers


def _quantifier_subject(text: str, pos: int) -> bool:
    """A quantifier alone opens the sentence before ``pos`` ("Some said", "Many argued")."""
    m = _OPENING_WORD.search(text, max(0, pos - 12), pos)
    return m is not None and m.group(1).lower() in word_set("quantifier_speakers")


_OPENING_WORD: Final = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))([A-Z][a-z]+)\s+$")


def find_cues(text: str, start: int, end: int, dates: list[DateMention],
              candidates: list[int] | None = None) -> list[Cue]:
    """All attribution cues in ``text[start:end]`` (one unit), outermost and inner ones alike.
    ``candidates`` is accepted for symmetry with the other rules: the unit is tokenised once and
    every frame reads its tokens."""
    scan = Scan(text, start, end, dates)
    toks = scan.unit.tokens
    rules = load_rules()
    title_case = is_title_case(scan) and rules.title_case_re.search(text, start, end) is not None
    starts = rules.frame_starts
    # the tokens a frame can start at: a unit has a few among its dozens of tokens (a plain loop: compiled, it
    # reads each token's lower case without a call)
    for i in range(len(toks)):
        if toks[i].lower not in starts or scan.is_taken(i):
            continue
        for frame in FRAMES:
            if frame(scan, i, rules, title_case):
                break
    colon_frame(scan, rules)
    if text[start:end].rstrip(" )").endswith("?"):
        # "Which individuals would you ask to be in your cabinet?": a question reports nothing,
        # though it may quote someone (a quoted question, ending in ?", is someone's words)
        scan.frames = [f for f in scan.frames if f.kind == "direct" and not f.open_end]
    return finish_frames(scan)


def unnamed_cues(text: str, start: int, end: int, starts: Starts | None = None) -> list[tuple[int, int, Cue | None]]:
    """For each clause of a sentence (split at ";"): its span and the unnamed source it names, if any
    ("The crash reportedly killed seven": kept as written, no claim). One pass per sentence.
    ``starts``: the offsets of the rule's starter words in ``text``, when the caller keeps them."""
    out: list[tuple[int, int, Cue | None]] = []
    rule = load_rules().unnamed_re
    clause_start = start
    while clause_start < end:
        stop = text.find(";", clause_start, end)
        clause_end = end if stop < 0 else stop
        m = rule.search(text, clause_start, clause_end, starts)
        cue = None if m is None else Cue(m.group(0), m.start(), m.end(), m.group(0), m.start(), m.end(),
                                         start, end, "indirect", "attribution.unnamed", has_content=False)
        out.append((clause_start, clause_end, cue))
        clause_start = clause_end + 1
    return out
