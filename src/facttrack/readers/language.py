"""Each article's language, told by py3langid (langid.py's model, shipped inside the package: no
download): an ISO 639-1 code such as "en", "de", "fr", or None when the text is too short or the
model unsure. Extraction rules are English, so an article in another language is stored without
figures or claims (facttrack.extract returns nothing for it) rather than read wrongly.

The page's own declaration (<html lang>) is a template's, often "en" on every page of a site in
any language: the text decides, and the declaration is used only when the text cannot.
"""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from typing import Any

from facttrack.document import Document

# Enough text to tell a language reliably; more costs time for nothing (the first paragraphs do).
SAMPLE_CHARS = 600
MIN_LETTERS = 30  # below this (a caption, a headline), the text is too short to tell
MIN_CONFIDENCE = 0.5  # normalised probability of the best language
_LETTER = re.compile(r"[^\W\d_]")
# Han, kana and Hangul: one character is about a word, so each counts as three letters.
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


@cache
def _identifier() -> Any:
    """The model, loaded once per process on the first article (about 0.3 s; it needs numpy)."""
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:
        return None
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> str | None:
    """The language of ``text`` (ISO 639-1), or None when it cannot be told with confidence."""
    sample = text[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) + 2 * len(_CJK.findall(sample)) < MIN_LETTERS:
        return None
    identifier = _identifier()
    if identifier is None:
        return None
    language, confidence = identifier.classify(sample)
    return str(language) if confidence >= MIN_CONFIDENCE else None


def with_language(doc: Document) -> Document:
    """The document with its detected language: its declared tag when the text agrees ("en-GB" for
    English text), the declared tag's primary subtag ("fr-FR" -> "fr") when the text cannot tell."""
    found = detect(doc.text)
    if doc.language and (found is None or found == primary(doc.language)):
        found = doc.language if found else primary(doc.language)  # "en-GB" kept when the text agrees
    return doc if found == doc.language else dataclasses.replace(doc, language=found)


def primary(tag: str) -> str:
    return tag.replace("_", "-").split("-", 1)[0].lower()


def is_english(language: str | None) -> bool:
    """True when extraction applies: English, or a language nobody could tell."""
    return not language or primary(language) == "en"
