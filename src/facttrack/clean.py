"""Cleaning: one canonical form of an article's text, without page boilerplate.

Every span that extraction reports indexes the text returned here, so it is made once, by a few
compiled regexes and one pass over the lines, and never touched again. The boilerplate vocabulary
("Also Read:", comment forms, share bars) lives in ``facttrack/data/boilerplate.txt``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

__all__ = ["BoilerplateRules", "clean_text", "default_rules", "hashtags", "is_blank", "normalise", "parse_rules",
           "split_plain"]

# Every character that normalisation changes, in one class: a single scan finds them all (and most
# texts have none). C0/C1 controls but \t and \n; "\r", vertical tab, form feed, the C0 separators,
# NEL and the Unicode line/paragraph separators; soft hyphen; odd spaces; zero-width characters; bidi
# marks and overrides; word joiner and invisible operators; BOM; interlinear annotation marks.
_UNUSUAL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00a0\u00ad\u061c\u1680\u180e\u2000-\u200f\u2028-\u202f"
    "\u205f-\u2064\u2066-\u206f\u3000\ufeff\ufff9-\ufffb]"
)
# Terminal escape sequences (text pasted from a terminal or a log): taken out whole, so that no
# "[31m" is left behind once the ESC itself is dropped. CSI (ESC [ or the C1 byte), OSC titles and
# hyperlinks up to BEL/ST or the end of the line, and the short ESC forms; the classes are disjoint,
# so every match is read forward once.
_TERMINAL_ESCAPE = re.compile(
    "(?:\x1b\\[|\x9b)[0-?]*[ -/]*[@-~]"
    "|(?:\x1b\\]|\x9d)[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\\\|\x9c)?"
    "|\x1b[ -/]*[0-~]"
)
_LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028"
# Spaces other than " " (no-break, en/em, thin, narrow no-break, ideographic...) become " ".
_ODD_SPACES = "\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_REPLACEMENT = {**dict.fromkeys(_LINE_BREAKS, "\n"), **dict.fromkeys(_ODD_SPACES, " "), "\u2029": "\n\n"}
_JOINERS = "\u200c\u200d"  # kept between two letters (see _replace), dropped elsewhere
_HASHTAG = re.compile(r"#\w[\w'’-]*")
_TAG_SEPARATORS = re.compile(r"[\s,;]+")
_MARKDOWN_HEADING = re.compile(r"#{1,6}[ \t]+")
_BUTTON_SPLIT = re.compile(r"[\s|·•,/]+")
_MAX_BUTTON_LINE = 160

Kind = Literal["drop", "footer"]


@dataclass(frozen=True, slots=True)
class BoilerplateRules:
    """The compiled boilerplate vocabulary: one alternation for all patterns, plus the button words."""

    pattern: re.Pattern[str] | None
    buttons: frozenset[str]
    button_start: re.Pattern[str] | None = None  # a line must start with a button word to be a share bar

    def classify(self, line: str) -> Kind | None:
        """'footer' (the page footer starts here), 'drop' (a boilerplate line) or None (text)."""
        stripped = line.lstrip()  # lines from clean_text are stripped already; others may not be
        if not stripped:
            return None
        if self.pattern is not None:
            m = self.pattern.match(stripped)
            if m is not None:
                return "footer" if m.group("ft_footer") is not None else "drop"
        if (self.button_start is not None and len(stripped) <= _MAX_BUTTON_LINE
                and self.button_start.match(stripped) is not None):
            words = [w for w in _BUTTON_SPLIT.split(stripped.casefold()) if w]
            if words and all(w in self.buttons for w in words):
                return "drop"
        return None


def parse_rules(text: str, source: str = "boilerplate.txt") -> BoilerplateRules:
    """Compile a boilerplate file: ``[drop]``/``[footer]`` regexes, ``[buttons]`` words (see the file).

    Each pattern is checked on its own first, so a bad one is reported with its line number, then all
    are joined into one case-insensitive alternation: one ``match`` per line, whatever their number.
    """
    sections: dict[str, list[str]] = {"drop": [], "footer": [], "buttons": []}
    section: str | None = None
    for lineno, line in enumerate(text.splitlines(), 1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if entry.startswith("[") and entry.endswith("]"):
            section = entry[1:-1].strip().lower()
            if section not in sections:
                raise ValueError(f"{source}:{lineno}: unknown section [{section}] "
                                 "(use [drop], [footer] or [buttons])")
            continue
        if section is None:
            raise ValueError(f"{source}:{lineno}: entry before any [section]")
        if section == "buttons":
            sections["buttons"].extend(w.casefold() for w in entry.split())
            continue
        try:
            compiled = re.compile(entry, re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"{source}:{lineno}: bad pattern ({exc})") from None
        if compiled.groupindex:
            raise ValueError(f"{source}:{lineno}: named groups are not allowed")
        if compiled.match("") is not None:
            raise ValueError(f"{source}:{lineno}: pattern matches an empty line")
        sections[section].append(entry)
    parts = []
    if sections["footer"]:
        parts.append("(?P<ft_footer>" + "|".join(f"(?:{p})" for p in sections["footer"]) + ")")
    parts.extend(f"(?:{p})" for p in sections["drop"])
    pattern = re.compile("|".join(parts), re.IGNORECASE) if parts else None
    buttons = frozenset(sections["buttons"])
    button_start = None
    if buttons:
        words = sorted(buttons, key=lambda w: (-len(w), w))
        button_start = re.compile("(?:" + "|".join(map(re.escape, words)) + r")(?![\w-])", re.IGNORECASE)
    return BoilerplateRules(pattern, buttons, button_start)


@cache
def default_rules() -> BoilerplateRules:
    """The packaged rules, compiled on first use and kept for the life of the process."""
    text = resources.files("facttrack.data").joinpath("boilerplate.txt").read_text(encoding="utf-8")
    return parse_rules(text)


def normalise(raw: str) -> str:
    """Newlines to "\\n", odd spaces to " ", invisible and control characters out, NFC.

    Line-level work (trailing spaces, blank lines) is done by :func:`clean_text`.
    """
    text = raw
    if _UNUSUAL.search(text) is not None:
        if "\x1b" in text or "\x9b" in text or "\x9d" in text:
            text = _TERMINAL_ESCAPE.sub("", text)
        if "\r\n" in text:
            text = text.replace("\r\n", "\n")
        if "\xa0" in text:
            text = text.replace("\xa0", " ")
        text = _UNUSUAL.sub(_replace, text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _replace(m: re.Match[str]) -> str:
    char = m.group()
    if char in _JOINERS:
        # Zero-width (non-)joiners shape letters in Persian, Indic scripts and emoji, so they stay
        # between two such letters; next to Latin text or spaces they only hide words from matching.
        s, i = m.string, m.start()
        before = s[i - 1] if i else "a"
        after = s[i + 1] if i + 1 < len(s) else "a"
        shaping = not before.isascii() and not after.isascii()
        return char if shaping and not _UNUSUAL.match(before) and not _UNUSUAL.match(after) else ""
    return _REPLACEMENT.get(char, "")


def is_blank(text: str) -> bool:
    """True when nothing visible is left once invisible characters are taken out."""
    return not normalise(text).strip()


def clean_text(raw: str, rules: BoilerplateRules | None = None) -> str:
    """The cleaned body: normalised, lines stripped of outer spaces, paragraphs one blank line apart,
    boilerplate lines and paragraphs dropped, and everything from a comment-form marker on cut."""
    return _clean_lines(normalise(raw).split("\n"), rules or default_rules())


def _clean_lines(lines: list[str], rules: BoilerplateRules) -> str:
    """Group lines into paragraphs and drop boilerplate in one pass.

    Paragraphs are separated by blank lines; a text with no blank line at all is taken to have one
    paragraph per line. A paragraph whose first line is boilerplate is dropped whole (a wrapped
    "Also Read: ..." line); a later boilerplate line is dropped alone; a footer line ends the text.
    """
    lines = [line.strip() for line in lines]  # indentation is layout, not text
    one_per_line = "" not in _trim_blank_ends(lines)
    paragraphs: list[str] = []
    current: list[str] = []
    starts_paragraph = True
    dropping = False
    for line in lines:
        if not line:
            if current:
                paragraphs.append("\n".join(current))
                current = []
            starts_paragraph, dropping = True, False
            continue
        kind = rules.classify(line)
        if kind == "footer":
            break
        if starts_paragraph or one_per_line:
            starts_paragraph = False
            dropping = kind == "drop"
        if dropping or kind == "drop":
            continue
        current.append(line)
    if current:
        paragraphs.append("\n".join(current))
    return ("\n" if one_per_line else "\n\n").join(paragraphs)


def _trim_blank_ends(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return lines[start:end]


def hashtags(line: str) -> tuple[str, ...] | None:
    """The tags of a line made only of #hashtags (without '#'), else None ("# Heading" is not one)."""
    stripped = line.strip()
    if not stripped.startswith("#"):
        return None
    words = [w for w in _TAG_SEPARATORS.split(stripped) if w]
    if not words or not all(_HASHTAG.fullmatch(w) for w in words):
        return None
    return tuple(w[1:] for w in words)


def split_plain(raw: str, rules: BoilerplateRules | None = None) -> tuple[str | None, tuple[str, ...], str]:
    """(title, tags, cleaned body) of a plain-text article.

    The first non-empty line that is not a hashtag line is the title (a Markdown "# " is taken off);
    every line made only of #hashtags gives tags and leaves the body. A file of a single line has no
    title: that line is the body, so a one-sentence stdin still gets extracted.
    """
    lines = normalise(raw).split("\n")
    title: str | None = None
    title_line = ""
    tags: list[str] = []
    seen: set[str] = set()
    body: list[str] = []
    for line in lines:
        found = hashtags(line) if "#" in line else None
        if found is not None:
            for tag in found:
                if tag.casefold() not in seen:
                    seen.add(tag.casefold())
                    tags.append(tag)
            # Keep the paragraph break the tag line stood in, so neighbours do not merge.
            body.append("")
            continue
        if title is None and line.strip():
            title_line = line
            title = " ".join(_MARKDOWN_HEADING.sub("", line.strip(), count=1).split()) or line.strip()
            continue
        body.append(line)
    rules = rules or default_rules()
    if title is not None and not any(line.strip() for line in body):
        return None, tuple(tags), _clean_lines([title_line], rules)
    return title, tuple(tags), _clean_lines(body, rules)
