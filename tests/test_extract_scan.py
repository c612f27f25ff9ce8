"""The starter-word index must find exactly what a whole-word regex scan finds (the rules rely on
it to be a superset of where a match can begin)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facttrack.extract import scan
from facttrack.extract.scan import WordIndex, matches_at, starter_words, with_words_before

WORDS = ["said", "in", "May", "two", "per"]


def regex_starts(words: frozenset[str], text: str) -> list[int]:
    pattern = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b")
    return [m.start() for m in pattern.finditer(text)]


def test_forms_are_lower_capitalised_and_upper() -> None:
    assert starter_words(["May"]) == {"may", "May", "MAY"}


def test_a_phrase_is_not_a_starter_word() -> None:
    with pytest.raises(ValueError, match="single words"):
        starter_words(["according to"])


def test_whole_words_only_in_the_three_forms() -> None:
    text = "Saidi said in Mayo in May; IN two-thirds, per cent SAID Per mAy 2two 2024 5th"
    index = WordIndex(text)
    found = [text[at:at + 4] for at in index.starts(starter_words(WORDS))]
    assert found == ["said", "in M", "in M", "May;", "IN t", "two-", "per ", "SAID", "Per "]


def test_digits_add_words_that_begin_with_a_digit() -> None:
    text = "On 5th May 2024 the A380 and 2two landed"
    starts = WordIndex(text).starts(starter_words(["may"]), digits=True)
    assert [text[at:text.find(" ", at)] for at in starts] == ["5th", "May", "2024", "2two"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, "MAY", "Said", "sa", "id", " ", ", ", "-", "é", "_", "\n", "2", "IN"]),
                max_size=40))
def test_same_offsets_as_a_whole_word_regex_scan(parts: list[str]) -> None:
    text = "".join(parts)
    words = starter_words(WORDS)
    assert WordIndex(text).starts(words) == regex_starts(words, text)


PIECES = ["said", "May", "U.S.", "2,000", "al-Qaeda", "“We", "here,”", "(AP)", "’s", "_x", "a_b", "é", "½", "٣",
          "—", "…", "→", "'", "co-op", "x2", "...", "said,", "x_", "days.", "Jones'", "ok\u00a0", "नमे"]
GAPS = [" ", "  ", "\n", "\t", "\u00a0", "\u2028", "\x1c", "", ",", "-"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(GAPS)), max_size=30))
def test_every_word_at_the_offsets_a_whole_text_regex_scan_gives(parts: list[tuple[str, str]]) -> None:
    """The index reads whitespace-separated chunks with string methods: every word and offset must
    be what one regex scan for word-character runs finds, whatever the spacing and punctuation."""
    text = "".join(piece + gap for piece, gap in parts)
    expected: dict[str, list[int]] = {}
    for m in re.finditer(r"\w+", text):
        expected.setdefault(m.group(), []).append(m.start())
    assert WordIndex(text)._positions == expected


def test_words_before_an_anchor_are_candidates() -> None:
    text = "Yesterday (French acting President Marie Dubois) spoke"
    anchor = text.index("President")
    starts = with_words_before(text, [anchor], 2)
    assert [text[at:at + 6] for at in starts] == ["French", "acting", "Presid"]
    pattern = re.compile(r"(?:French\s+)?(?:acting\s+)?President\s+\w+")
    assert [m.group() for m in matches_at(pattern, text, starts)] == ["French acting President Marie"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(GAPS)), min_size=1, max_size=20),
       st.integers(min_value=0, max_value=4), st.data())
def test_words_before_are_the_word_starts_in_the_tokens_before(parts: list[tuple[str, str]], words: int,
                                                                data: st.DataObject) -> None:
    """The same positions as reading up to ``words`` whitespace-separated tokens back by a regex."""
    text = "".join(piece + gap for piece, gap in parts)
    anchors = sorted(data.draw(st.sets(st.integers(min_value=0, max_value=len(text)), max_size=4)))
    expected: set[int] = set()
    for pos in anchors:
        back = re.compile(rf"(?:\s+\S+){{0,{words}}}").match(text[::-1], len(text) - pos)
        first = len(text) - back.end() if back else pos
        expected.update([pos, *(m.start() for m in re.finditer(r"\b\w", text[:pos]) if m.start() >= first)])
    assert with_words_before(text, anchors, words) == sorted(expected)



TOKEN_PIECES = [*PIECES, "workers'", "James’", "''", "'We", "’s", "Gov.", "J.", "U.S.-led", "1,000km", "it’s", "and/or",
                "A&M", "$5", "5%", "(", ")", "“", "”", "«", "'", "s", "U.", "—", "…", "e.g.", "No.", "’", "s'"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(TOKEN_PIECES), st.sampled_from(GAPS)), min_size=1, max_size=25),
       st.data())
def test_unit_tokens_are_the_tokenizer_regex_tokens(parts: list[tuple[str, str]], data: st.DataObject) -> None:
    """A unit is tokenized chunk by chunk, most chunks without the regex: the tokens must be those of
    one regex split of the unit (then the same joining of abbreviations and pairing of quotes)."""
    from facttrack.extract import phrases

    text = "".join(piece + gap for piece, gap in parts)
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    end = data.draw(st.integers(min_value=start, max_value=len(text)))
    pieces = phrases._TOKEN_SPLIT.split(text[start:end])
    expected, at = [], start + len(pieces[0])
    for i in range(1, len(pieces), 2):
        expected.append(phrases._token(pieces[i], at))
        at += len(pieces[i]) + len(pieces[i + 1])
    dots = [k for k, t in enumerate(expected) if t.text == "."]
    if dots:
        expected = phrases._join_abbreviations(expected, dots, phrases._lex().abbreviations)
    if any(t.text == "'" for t in expected):
        expected = phrases._single_quotation_marks(expected, text)
    unit = phrases.Unit(text, start, end)
    assert unit.tokens == expected
    assert unit.starts == [t.start for t in expected]


# a big starter set (FILED_FROM words or more) is filed on first use; the indexes built after gather its
# offsets as they read the words, and must give what the walk of every word gives
BIG = [*WORDS, "flood", "river", "bank", "levee", "storm", "rain", "dam", "bridge", "road", "town", "farm", "field",
       "school", "clinic", "shelter", "camp", "truck", "boat", "pump", "sandbag", "siren", "radio", "mayor", "crew",
       "medic", "nurse", "pilot", "driver", "farmer", "teacher", "pupil", "worker", "officer", "guard", "5th"]


def walked(text: str, words: frozenset[str], *, digits: bool = False) -> list[int]:
    """The offsets as an index that has filed nothing finds them, by walking the words."""
    index = WordIndex(text)
    index._filed = 0
    return index.starts(words, digits=digits)


def test_a_big_set_is_filed_on_first_use_and_read_ready_after() -> None:
    words = starter_words([*BIG, "typhoon"])  # a set no other test files
    assert len(words) >= scan.FILED_FROM and words not in scan._FILED
    text = "The river rose; RIVER crews, 5th Street and the Levee held. Rivers and a dam-burst in May 2024."
    first = WordIndex(text).starts(words, digits=True)  # files the set: this index walks its words
    assert words in scan._FILED
    after = WordIndex(text)
    assert after._by_set[scan._FILED[words]]  # gathered while the index was built
    assert after.starts(words, digits=True) == first == walked(text, words, digits=True)
    assert after.starts(words) == regex_starts(words, text)


def test_a_small_set_is_not_filed() -> None:
    words = starter_words(["monsoon", "cyclone"])
    WordIndex("A cyclone, then the monsoon.").starts(words)
    assert words not in scan._FILED


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*BIG, "Flood", "RIVER", "banks", "2", "x9", " ", ", ", "-", "\n", "é"]), max_size=40))
def test_a_filed_set_gives_what_walking_the_words_gives(parts: list[str]) -> None:
    words = starter_words(BIG)
    text = "".join(parts)
    WordIndex("").starts(words)  # filed from here on
    index = WordIndex(text)
    assert index.starts(words) == walked(text, words) == regex_starts(words, text)
    assert index.starts(words, digits=True) == walked(text, words, digits=True)


# Two scans written with string methods in place of a regex that tried every position: each must give
# what its regex gave, whatever the text.
CLAUSE_PIECES = ["that", "That", "thats", "athat", "that's", "_that", "t", "hat", "12", "٣", "½", ",", ";", ":", "(",
                 ")", "x", "é", "_", " ", "  ", "\n", "the", "said", "-"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(CLAUSE_PIECES), max_size=40), st.data())
def test_clause_start_is_the_end_of_the_last_regex_mark(parts: list[str], data: st.DataObject) -> None:
    from facttrack.extract.figures import _clause_start

    text = "".join(parts)
    pos = data.draw(st.integers(min_value=0, max_value=len(text)))
    limit = data.draw(st.integers(min_value=0, max_value=pos))
    start = max(limit, pos - 60)
    expected = start
    for m in re.compile(r"[,;:()]|\d|\bthat\b").finditer(text, start, pos):
        expected = m.end()
    assert _clause_start(text, pos, limit) == expected


GAP_PIECES = [".", "!", "?", "\n", " ", "\t", "\u00a0", "The", "The ", "Thé", "UN", "U", "N", "UNHCR", "the", "x", "..",
              ".\n", "A", "B", "é"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(GAP_PIECES), max_size=40))
def test_sentence_gaps_are_the_regex_gap_ends(parts: list[str]) -> None:
    from facttrack.extract.actors import _sentence_gaps

    text = "".join(parts)
    expected = [m.end() for m in re.finditer(r"[.!?\n](?:(?<=\n)|(?<=[.!?])\s)(?=[A-Z]{2}|The\s)", text)]
    assert _sentence_gaps(text) == expected


def _anchored_rules() -> list[scan.Anchored]:
    from facttrack.extract import figures

    lex = figures._lex()
    from facttrack.extract.attribution.vocabulary import load_rules

    return [lex.qualifier_before, lex.hedge_re, lex.name_before, lex.noun_of_before, lex.phone_before,
            lex.rise_before, lex.count_subject, lex.denominator_before, figures._DIED_AT, load_rules().unnamed_re]


# words that open the figure rules' phrases, in the forms the index looks for, among words that do not
ANCHOR_PIECES = ["more than", "More than", "MORE THAN", "about", "About", "at least", "nearly", "allegedly",
                 "may have", "Route", "Flight", "number of", "deaths of", "call", "hotline", "rose to", "reached",
                 "per", "out of every", "died", "passed away", "at", "the", "of", "aged", "5", "12", "1,200", "x", "é",
                 "_", "-", "—", "(", ",", ".", "said", "abouts", "per5", "Routes", "iPhone", "Iphone", "FLIGHT", "No.",
                 "reportedly", "it is believed", "It was reported", "is said to", "itis"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ANCHOR_PIECES), st.sampled_from([" ", "", "  ", "\n", "-", ", "])),
                min_size=1, max_size=25), st.data())
def test_an_anchored_rule_finds_what_its_search_finds(parts: list[tuple[str, str]], data: st.DataObject) -> None:
    """Tried only at its starter words, a rule must find the same match as a search of the same range
    (of the text, or of a window cut from it: words cut at either end included)."""
    text = "".join(piece + gap for piece, gap in parts)
    rules = _anchored_rules()
    starts = scan.Starts(WordIndex(text), [rule.starters for rule in rules])
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    end = data.draw(st.integers(min_value=start, max_value=len(text)))
    window = text[start:end]

    def found(m: re.Match[str] | None) -> tuple[tuple[int, int], dict[str, str | None]] | None:
        return None if m is None else (m.span(), m.groupdict())

    for rule in rules:
        assert found(rule.search(text, start, end, starts)) == found(rule.pattern.search(text, start, end))
        assert found(rule.search_window(window, start, starts)) == found(rule.pattern.search(window))
        assert found(rule.search_window(window, start, None)) == found(rule.pattern.search(window))


def test_an_anchored_rule_is_tried_only_at_its_starter_words() -> None:
    """Only the starter words' offsets are tried: a phrase whose first word is not a starter is not
    found (which is why the starters must be the phrases' first words)."""
    rule = scan.Anchored(re.compile(r"\b(?:at least|nearly)\s+$", re.IGNORECASE), scan.phrase_starters(["at least"]))
    text = "nearly 40"
    starts = scan.Starts(WordIndex(text), [rule.starters])
    assert rule.search_window(text[:7], 0, None) is not None
    assert rule.search_window(text[:7], 0, starts) is None


@pytest.mark.parametrize(("text", "start", "end", "found"), [
    ("xabout 5", 1, 7, "about"),  # the window cuts "xabout": in the window, "about" is a word
    ("an about-turn 5", 3, 9, None),  # "about" whole, but "-turn" follows it: no match
    ("at about5", 0, 8, "about"),  # the window ends inside "about5": the rule searches
    ("nearly 5", 0, 7, "nearly"),
])
def test_an_anchored_rule_reads_a_window_cut_from_the_text(text: str, start: int, end: int, found: str | None) -> None:
    rule = scan.Anchored(re.compile(r"(?<![\w-])(?P<q>about|nearly)\s*$", re.IGNORECASE),
                         scan.phrase_starters(["about", "nearly"]))
    starts = scan.Starts(WordIndex(text), [rule.starters])
    m = rule.search_window(text[start:end], start, starts)
    expected = rule.pattern.search(text[start:end])
    assert (m.group("q") if m else None) == found
    assert (m.span() if m else None) == (expected.span() if expected else None)


NOUN_OPENER_TEXTS = ["the state", "xthe state", "The  reports", "tHe\nstate", "of reports", "others said", "'s state",
                     "’S report", "s report", "2 reports", "٣ x", "thiſ state", "İts state", "ıts state", "Kx", "the",
                     "with\tx", "that state", "the_ x", "é the x", "athe x", "'ſ state", "xthe" + " " * 13 + "state"]


@pytest.mark.parametrize("sentence", NOUN_OPENER_TEXTS)
def test_a_noun_opener_before_is_what_its_regex_finds(sentence: str) -> None:
    """Cue positions skip a lower-case word after "the", "of", "’s" or a digit: read back from the
    word, that must be what the search of the 16 characters before it finds (at every offset, the
    opener placed at every distance from the start of those 16)."""
    from facttrack.extract.attribution import _after_a_noun_opener
    from facttrack.extract.attribution.vocabulary import load_rules

    rules = load_rules()
    for lead in ("", "a" * 7, "a" * 15, "a" * 16, " " * 12, "a b c d e f g h"):
        text = lead + sentence
        for pos in range(len(text) + 1):
            expected = rules.noun_before_re.search(text, max(0, pos - 16), pos) is not None
            assert _after_a_noun_opener(text, pos, rules) == expected, (text, pos)
