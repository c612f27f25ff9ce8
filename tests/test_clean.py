"""Cleaning: normalisation, boilerplate removal and the plain-text split, as (input, expected) tables."""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facttrack import clean
from facttrack.clean import clean_text, default_rules, hashtags, is_blank, normalise, parse_rules, split_plain

NORMALISE = [
    ("windows newlines", "Rain fell.\r\nThe river rose.", "Rain fell.\nThe river rose."),
    ("old mac newlines", "Rain fell.\rThe river rose.", "Rain fell.\nThe river rose."),
    ("trailing spaces and tabs", "Rain fell.   \nThe river rose.\t ", "Rain fell.\nThe river rose."),
    ("runs of blank lines", "One ferry sank.\n\n\n\n\nTwo crews swam.", "One ferry sank.\n\nTwo crews swam."),
    ("two blank lines", "One ferry sank.\n\n\nTwo crews swam.", "One ferry sank.\n\nTwo crews swam."),
    ("whitespace-only lines are blank", "One ferry.\n  \n\t\n \nTwo crews.", "One ferry.\n\nTwo crews."),
    ("blank lines at both ends", "\n\n  \nOne ferry.\n\nTwo crews.\n\n\n", "One ferry.\n\nTwo crews."),
    ("control characters", "Fif\x00ty\x07 boats\x1b[31m left\x7f.", "Fifty boats left."),
    ("terminal escapes taken out whole", "Red\x1b[1;31m alert\x1b[0m, title\x1b]0;owned\x07 set, link "
     "\x1b]8;;http://x.example\x1b\\here\x1b]8;;\x1b\\ and\x9b2J clear\x1bc.",
     "Red alert, title set, link here and clear."),
    ("tab kept inside a line", "Column\tvalue", "Column\tvalue"),
    ("single line breaks kept", "Line one\nline two", "Line one\nline two"),
    ("zero-width space", "Mayor Ren\u200bata Volk", "Mayor Renata Volk"),
    ("zero-width joiner in a Latin name", "Mayor Ren\u200data Volk", "Mayor Renata Volk"),
    ("word joiner", "forty\u2060two", "fortytwo"),
    ("byte-order mark", "\ufeffThe dam held.", "The dam held."),
    ("bidi override around a number", "Total: \u202e120\u202c cases", "Total: 120 cases"),
    ("right-to-left mark", "Total\u200f: 9", "Total: 9"),
    ("soft hyphen", "cease\xadfire", "ceasefire"),
    ("no-break space", "34\xa0600 people", "34 600 people"),
    ("narrow no-break space", "12\u202f000 homes", "12 000 homes"),
    ("ideographic space", "a\u3000b", "a b"),
    ("form feed is a line break", "Page one.\x0cPage two.", "Page one.\nPage two."),
    ("vertical tab is a line break", "Page one.\x0bPage two.", "Page one.\nPage two."),
    ("Unicode line separator", "North\u2028South", "North\nSouth"),
    ("Unicode paragraph separator", "North\u2029South", "North\n\nSouth"),
    ("next-line control", "North\x85South", "North\nSouth"),
    ("decomposed accent composed (NFC)", "Cafe\u0301 owners", "Café owners"),
    ("Persian zero-width non-joiner kept", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
     "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"),
    ("emoji joiner kept", "\U0001f468\u200d\U0001f469", "\U0001f468\u200d\U0001f469"),
    ("indentation removed", "  Indented line.\n\tNext one.\n    and on.", "Indented line.\nNext one.\nand on."),
    ("curly quotes untouched", "“Not yet,” she said.", "“Not yet,” she said."),
    ("empty", "", ""),
    ("only invisible", "\u200b\ufeff\u00ad", ""),
]


@pytest.mark.parametrize(("label", "raw", "expected"), NORMALISE, ids=[n[0] for n in NORMALISE])
def test_clean_text_normalises(label: str, raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


DROPPED = [
    # (label, raw, expected): our own sentences around each kind of boilerplate.
    ("also read", "Rain closed the port.\n\nAlso Read: Ferry fares rise again\n\nThe mayor spoke.",
     "Rain closed the port.\n\nThe mayor spoke."),
    ("also read upper case with bar", "Rain closed the port.\n\nALSO READ | Ferry fares rise\n\nEnd.",
     "Rain closed the port.\n\nEnd."),
    ("also read with no-break space", "Rain closed the port.\n\nAlso Read:\xa0 Ferry fares\n\nEnd.",
     "Rain closed the port.\n\nEnd."),
    ("read more colon", "Rain closed the port.\n\nRead more: Why ferries stop\n\nEnd.",
     "Rain closed the port.\n\nEnd."),
    ("read more alone", "Rain closed the port.\n\nRead more\n\nEnd.", "Rain closed the port.\n\nEnd."),
    ("related colon", "Rain closed the port.\n\nRelated: Storm season ahead\n\nEnd.", "Rain closed the port.\n\nEnd."),
    ("related articles", "Rain closed the port.\n\nRelated Articles\n\nEnd.", "Rain closed the port.\n\nEnd."),
    ("see also", "Rain closed the port.\n\nSee also: Tides explained\n\nEnd.", "Rain closed the port.\n\nEnd."),
    ("recommended", "Rain closed the port.\n\nRecommended for you\n\nEnd.", "Rain closed the port.\n\nEnd."),
    ("you may also like", "Rain closed the port.\n\nYou may also like:\n\nEnd.", "Rain closed the port.\n\nEnd."),
    ("don't miss", "Rain closed the port.\n\nDon’t miss: the tide tables\n\nEnd.",
     "Rain closed the port.\n\nEnd."),
    ("share this", "Rain closed the port.\n\nShare this:\n\nEnd.", "Rain closed the port.\n\nEnd."),
    ("share on", "Rain closed the port.\n\nShare on Facebook\n\nEnd.", "Rain closed the port.\n\nEnd."),
    ("click to share", "Rain closed the port.\n\nClick to share on X (Opens in new window)\n\nEnd.",
     "Rain closed the port.\n\nEnd."),
    ("button bar", "Rain closed the port.\n\nFacebook | Twitter · WhatsApp / Email\n\nEnd.",
     "Rain closed the port.\n\nEnd."),
    ("button words one per line", "Rain closed the port.\n\nFacebook\nTwitter\nPrint\n\nEnd.",
     "Rain closed the port.\n\nEnd."),
    ("follow us", "Rain closed the port.\n\nFollow us on Instagram for updates\n\nEnd.",
     "Rain closed the port.\n\nEnd."),
    ("newsletter", "Rain closed the port.\n\nSubscribe to our newsletter for daily updates\n\nEnd.",
     "Rain closed the port.\n\nEnd."),
    ("sign up newsletter", "Rain closed the port.\n\nSign up for our free weekly newsletter\n\nEnd.",
     "Rain closed the port.\n\nEnd."),
    ("advertisement", "Rain closed the port.\n\nAdvertisement\n\nEnd.", "Rain closed the port.\n\nEnd."),
    ("advertisement upper case", "Rain closed the port.\n\nADVERTISEMENT\n\nEnd.", "Rain closed the port.\n\nEnd."),
    ("story continues", "Rain closed the port.\n\nStory continues below advertisement\n\nEnd.",
     "Rain closed the port.\n\nEnd."),
    ("scroll to continue", "Rain closed the port.\n\nScroll to continue with content\n\nEnd.",
     "Rain closed the port.\n\nEnd."),
    ("copyright sign", "Rain closed the port.\n\n© 2024 Harbour Times. All rights reserved.",
     "Rain closed the port."),
    ("copyright word", "Rain closed the port.\n\nCopyright 2023 Lakeside Media\n\nEnd.",
     "Rain closed the port.\n\nEnd."),
    ("copyright word and sign", "Rain closed the port.\n\nCopyright © Lakeside Media Ltd, all rights reserved",
     "Rain closed the port."),
    ("photo credit", "Rain closed the port.\n\nPhoto: Marta Lind / Harbour Times\n\nEnd.",
     "Rain closed the port.\n\nEnd."),
    ("tags row", "Rain closed the port.\n\nTags: floods, ferries, harbour\n\nEnd.", "Rain closed the port.\n\nEnd."),
    ("indented boilerplate", "Rain closed the port.\n\n   Read more: ferries\n\nEnd.", "Rain closed the port.\n\nEnd."),
]

FOOTERS = [
    ("leave a reply", "Rain closed the port.\n\nLeave a Reply\n\nName\n\nA reader wrote that 50 boats sank.",
     "Rain closed the port."),
    ("email not published", "Rain closed the port.\n\nYour email address will not be published. "
     "Required fields are marked *", "Rain closed the port."),
    ("required fields", "Rain closed the port.\n\nRequired fields are marked *\n\nComment text",
     "Rain closed the port."),
    ("comment count", "Rain closed the port.\n\n3 Comments\n\nGreat piece, 12 stars.", "Rain closed the port."),
    ("comments heading", "Rain closed the port.\n\nComments\n\nFirst!", "Rain closed the port."),
    ("leave a comment mid paragraph", "Rain closed the port.\nLeave a comment\nYour name", "Rain closed the port."),
    ("footer first", "Leave a Reply\n\nRain closed the port.", ""),
]

KEPT = [
    # Text that looks like boilerplate at first sight but is article text.
    "Related talks will resume on Friday, officials said.",
    "Advertisement revenue fell by 8% last year.",
    "Share prices rose 3% on Tuesday.",
    "Copyright law changed in 2019, the minister said.",
    "Email records show 40 messages were sent.",
    "Print runs of the paper fell to 9,000.",
    "Comments from the mayor followed the vote.",
    "Photographers were kept 200 metres away.",
    "Readers may leave a reply below the story, the editor said.",
    "Tags on 300 cattle were checked.",
    "Read the report: it says 14 bridges failed.",
    "Following the storm, 60 homes were empty.",
    "Subscribers to the service rose 12%.",
]


@pytest.mark.parametrize(("label", "raw", "expected"), DROPPED, ids=[d[0] for d in DROPPED])
def test_boilerplate_paragraphs_are_dropped(label: str, raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(("label", "raw", "expected"), FOOTERS, ids=[f[0] for f in FOOTERS])
def test_comment_form_ends_the_text(label: str, raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize("sentence", KEPT)
def test_lookalike_text_is_kept(sentence: str) -> None:
    raw = f"Storm hits the coast.\n\n{sentence}\n\nThe end."
    assert clean_text(raw) == raw


STRUCTURE = [
    ("a wrapped boilerplate paragraph goes whole",
     "Rain closed the port.\n\nAlso Read: Ferry fares rise for the third time\nthis year across the region\n\nEnd.",
     "Rain closed the port.\n\nEnd."),
    ("a boilerplate line inside a paragraph goes alone",
     "Rain closed the port.\nAdvertisement\nCrews waited.\n\nEnd.",
     "Rain closed the port.\nCrews waited.\n\nEnd."),
    ("one paragraph per line when there is no blank line",
     "Rain closed the port.\nAlso Read: Ferry fares\nCrews waited.\nShare this:\nEnd.",
     "Rain closed the port.\nCrews waited.\nEnd."),
    ("one paragraph per line: a leading boilerplate line does not take the rest",
     "Also Read: Ferry fares\nRain closed the port.\nCrews waited.",
     "Rain closed the port.\nCrews waited."),
    ("nothing but boilerplate", "Advertisement\n\nShare this:\n\nRead more", ""),
]


@pytest.mark.parametrize(("label", "raw", "expected"), STRUCTURE, ids=[s[0] for s in STRUCTURE])
def test_paragraph_structure(label: str, raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


SPLIT = [
    ("title, tags, body",
     "Harbour cranes idle\n\n#port #strike #Harbour\n\nDockers walked out on Monday.\n\nTalks resume Friday.",
     ("Harbour cranes idle", ("port", "strike", "Harbour"), "Dockers walked out on Monday.\n\nTalks resume Friday.")),
    ("blank lines and spaces before the title",
     "\n\n   Harbour cranes idle  \r\n\r\nDockers walked out.",
     ("Harbour cranes idle", (), "Dockers walked out.")),
    ("Markdown heading as title", "# Harbour cranes idle\n\nDockers walked out.",
     ("Harbour cranes idle", (), "Dockers walked out.")),
    ("tags with commas, duplicates once", "Cranes idle\n#port, #Port, #strike\n\nDockers walked out.",
     ("Cranes idle", ("port", "strike"), "Dockers walked out.")),
    ("tag line at the end", "Cranes idle\n\nDockers walked out.\n\n#port #strike",
     ("Cranes idle", ("port", "strike"), "Dockers walked out.")),
    ("a tag line before the title", "#port #strike\nCranes idle\n\nDockers walked out.",
     ("Cranes idle", ("port", "strike"), "Dockers walked out.")),
    ("a heading is not a tag line", "Cranes idle\n\n# Background\n\nDockers walked out.",
     ("Cranes idle", (), "# Background\n\nDockers walked out.")),
    ("a ranking is not a tag line", "Cranes idle\n\n#1 port in the region\n\nDockers walked out.",
     ("Cranes idle", (), "#1 port in the region\n\nDockers walked out.")),
    ("boilerplate dropped from the body", "Cranes idle\n\nDockers walked out.\n\nRead more: strikes\n\nLeave a Reply",
     ("Cranes idle", (), "Dockers walked out.")),
    ("a single line is body, not title", "Forty homes were flooded, officials said.\n",
     (None, (), "Forty homes were flooded, officials said.")),
    ("a single line with tags", "Forty homes were flooded.\n#flood",
     (None, ("flood",), "Forty homes were flooded.")),
    ("empty", "", (None, (), "")),
    ("only whitespace", " \n\t\n", (None, (), "")),
    ("title then only boilerplate", "Cranes idle\n\nAdvertisement", ("Cranes idle", (), "")),
    ("title whitespace collapsed", "Cranes   idle\tagain\n\nDockers walked out.",
     ("Cranes idle again", (), "Dockers walked out.")),
]


@pytest.mark.parametrize(("label", "raw", "expected"), SPLIT, ids=[s[0] for s in SPLIT])
def test_split_plain(label: str, raw: str, expected: tuple[str | None, tuple[str, ...], str]) -> None:
    assert split_plain(raw) == expected


HASHTAG_LINES = [
    ("#port #strike", ("port", "strike")),
    ("  #port\t#strike  ", ("port", "strike")),
    ("#covid_19 #ceasefire-talks", ("covid_19", "ceasefire-talks")),
    ("#Ölpreis", ("Ölpreis",)),
    ("# port", None),
    ("#", None),
    ("## Section", None),
    ("#port and more", None),
    ("port #strike", None),
]


@pytest.mark.parametrize(("line", "expected"), HASHTAG_LINES)
def test_hashtag_lines(line: str, expected: tuple[str, ...] | None) -> None:
    assert hashtags(line) == expected


def test_is_blank() -> None:
    assert is_blank(" \n\t\u200b\ufeff")
    assert not is_blank("\u200bx")


# ------------------------------------------------------------------------------ the patterns file

def _nested_repeat(items: sre_parse.SubPattern, inside: bool = False) -> bool:
    """True when a quantifier that can repeat more than once sits inside another one."""
    for op, av in items:
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
            _lo, hi, sub = av
            repeats = hi > 1
            if inside and repeats:
                return True
            if _nested_repeat(sub, inside or repeats):
                return True
        elif op == sre_constants.SUBPATTERN:
            if _nested_repeat(av[-1], inside):
                return True
        elif op == sre_constants.BRANCH:
            if any(_nested_repeat(branch, inside) for branch in av[1]):
                return True
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            if _nested_repeat(av[1], inside):
                return True
        elif op == sre_constants.ATOMIC_GROUP:
            if _nested_repeat(av, inside):
                return True
    return False


def _patterns() -> list[tuple[int, str]]:
    from importlib import resources

    text = resources.files("facttrack.data").joinpath("boilerplate.txt").read_text(encoding="utf-8")
    out = []
    section = None
    for lineno, line in enumerate(text.splitlines(), 1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if entry.startswith("["):
            section = entry
            continue
        if section != "[buttons]":
            out.append((lineno, entry))
    return out


def test_nested_repeat_checker_catches_the_classic_forms() -> None:
    for bad in (r"(a+)+", r"(?:\s*x)*", r"(?:a|b{0,9}){2,}"):
        assert _nested_repeat(sre_parse.parse(bad)), bad
    for good in (r"(?:\d+\s)?comments", r"also read\s*[:|]", r"[^.]{0,60}$"):
        assert not _nested_repeat(sre_parse.parse(good)), good


def test_every_pattern_is_linear_by_construction() -> None:
    patterns = _patterns()
    assert len(patterns) > 20
    for lineno, pattern in patterns:
        assert not _nested_repeat(sre_parse.parse(pattern)), f"boilerplate.txt:{lineno}: nested quantifier"
        assert re.compile(pattern, re.IGNORECASE).match("") is None, f"boilerplate.txt:{lineno}"


def test_default_rules_are_compiled_once() -> None:
    assert default_rules() is default_rules()
    assert default_rules().pattern is not None
    assert "facebook" in default_rules().buttons


RULE_ERRORS = [
    ("[drop]\nalso read(\n", "rules.txt:2: bad pattern"),
    ("also read:\n", "rules.txt:1: entry before any [section]"),
    ("[remove]\nx\n", "rules.txt:1: unknown section [remove]"),
    ("[drop]\n(?P<x>ad)$\n", "rules.txt:2: named groups are not allowed"),
    ("# comment\n[footer]\n\\s*\n", "rules.txt:3: pattern matches an empty line"),
]


@pytest.mark.parametrize(("text", "message"), RULE_ERRORS)
def test_rule_file_errors_name_the_line(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_rules(text, "rules.txt")


def test_custom_rules() -> None:
    rules = parse_rules("[drop]\nsponsor message\\b\n[footer]\nend of page$\n[buttons]\nsms\n")
    raw = "Rain fell.\n\nSponsor message from a bank\n\nSMS\n\nDry by noon.\n\nEnd of page\n\nMenu"
    assert clean_text(raw, rules) == "Rain fell.\n\nDry by noon."
    assert parse_rules("").pattern is None
    assert clean_text("Advertisement\n\nRain fell.", parse_rules("")) == "Advertisement\n\nRain fell."


# ------------------------------------------------------------------------------------- robustness

@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """A generous guard against a hang (catastrophic backtracking), not a speed threshold."""

    def _expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds}s")

    old = signal.signal(signal.SIGALRM, _expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


HOSTILE = [
    "also read" + " " * 200_000 + "x",
    "Share the" + " word" * 50_000,
    "a" * 2_000_000,
    (" " * 100_000 + "x\n") * 5,
    "©" + "x" * 500_000,
    "\n".join(["Facebook"] * 100_000),
    "#a " * 100_000,
    "x" + "\n" * 300_000 + "y",
    "\u0645" + "\u200d" * 200_000 + "\u0645",
    "Subscribe " + "to " * 100_000 + "newsletter",
    "\r" * 300_000,
    "1" * 5_000 + " people",
    "\x1b[" * 200_000,
    "\x1b]" + "x" * 500_000,
    "\x9b" + "0;" * 300_000,
    ("\x1b[" + "1;" * 1_000) * 200,
]


@pytest.mark.parametrize("raw", HOSTILE, ids=[f"hostile-{i}" for i in range(len(HOSTILE))])
def test_hostile_text_finishes(raw: str) -> None:
    with _deadline(60):
        clean_text(raw)
        split_plain(raw)


_PIECES = st.sampled_from(
    list("ab #:\n\r\t .") + ["Also Read:", "Leave a Reply", "Advertisement", "Facebook", "\u200b",
                             "\u200d", "\xa0", "\x00", "\ufeff", "e\u0301", "\u2029", "\x85", "©", "ж"])
_TEXT = st.lists(_PIECES, max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_clean_text_is_idempotent_and_tidy(raw: str) -> None:
    once = clean_text(raw)
    assert clean_text(once) == once
    assert "\r" not in once and "\x00" not in once and "\ufeff" not in once and "\u200b" not in once
    assert "\n\n\n" not in once
    assert once == once.strip("\n")
    assert all(line == line.strip() for line in once.split("\n"))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_cleans_without_error(raw: str) -> None:
    once = clean_text(raw)
    assert clean_text(once) == once
    assert normalise(normalise(raw)) == normalise(raw)
    title, tags, body = split_plain(raw)
    assert body == clean_text(body)
    assert title is None or "\n" not in title
    assert all(tag and "#" not in tag for tag in tags)


def test_module_exports() -> None:
    assert set(clean.__all__) >= {"clean_text", "split_plain"}
