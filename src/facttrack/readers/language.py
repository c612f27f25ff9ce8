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
from importlib import metadata
from pathlib import Path
from typing import Any

from facttrack.cache import cache_dir, read_pickle, write_atomically, write_pickle
from facttrack.document import Document
from facttrack.lexicon import load_lines

# Enough text to tell a language reliably; more costs time for nothing (the first paragraphs do).
SAMPLE_CHARS = 600
MIN_LETTERS = 30  # below this (a caption, a headline), the text is too short to tell
MIN_CONFIDENCE = 0.5  # normalised probability of the best language
# An opening in which English function words are this share of the words (and there are enough words)
# is English: the model would say so too, and asking it costs more than the rest of reading an article.
ENGLISH_SHARE = 0.10
MIN_WORDS = 30
_WORD = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")
# Han, kana and Hangul: one character is about a word, so each counts as three letters.
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


@cache
def _identifier() -> Any:
    """The model, loaded once per process on the first article. py3langid ships it xz-compressed, and
    unpacking it costs most of a second, so the unpacked model is kept in the cache folder (keyed by
    the py3langid version): later processes map its two large tables from disk (pages shared between
    worker processes, read only where a text needs them) and load the rest."""
    try:
        import numpy as np
        from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier, _load_model_file
    except ImportError:
        return None
    base = _model_cache_base()
    model = _read_model(base) if base is not None else None
    if model is None:
        model = _load_model_file(Path(MODEL_FILE) if Path(MODEL_FILE).is_absolute() else MODEL_DIR / MODEL_FILE)
        if base is not None:
            _write_model(base, model)
    ptc, pc, classes, nextmove, row, output = model
    return LanguageIdentifier(np.asarray(ptc), np.asarray(pc), classes, nextmove, output, norm_probs=True, tk_row=row)


def _model_cache_base() -> Path | None:
    try:
        version = metadata.version("py3langid")
    except metadata.PackageNotFoundError:
        return None
    return cache_dir() / f"langid-{version}"


def _write_model(base: Path, model: tuple[Any, ...]) -> None:
    import array
    import io

    import numpy as np

    table = io.BytesIO()
    np.save(table, np.asarray(model[0]))
    pc, classes, nextmove, row, output = model[1:]
    if not isinstance(nextmove, array.array):
        return  # not the layout this cache maps
    # the two big tables first: the rest's presence says the whole model is there
    if (write_atomically(base.with_name(f"{base.name}-table.npy"), table.getvalue())
            and write_atomically(base.with_name(f"{base.name}-nextmove.bin"), nextmove.tobytes())):
        write_pickle(base.with_name(f"{base.name}-mapped.pickle"),
                     (pc, classes, (nextmove.typecode, len(nextmove)), row, output))


def _read_model(base: Path) -> tuple[Any, ...] | None:
    """The unpacked model written by this module (the user's own cache), or None to unpack again.
    Both big tables are mapped, not read: the tokenizer's (tens of megabytes of integers that each
    text visits a few hundred of) is indexed as a memoryview over the file."""
    import mmap

    import numpy as np

    # "-mapped", not the "-rest.pickle" of earlier versions (the tokenizer's table inside), which
    # those versions, sharing the cache folder, still read
    rest = read_pickle(base.with_name(f"{base.name}-mapped.pickle"))
    if not (isinstance(rest, tuple) and len(rest) == 5 and isinstance(rest[2], tuple)):
        return None
    pc, classes, (typecode, count), row, output = rest
    try:
        table = np.load(base.with_name(f"{base.name}-table.npy"), mmap_mode="r")
        with open(base.with_name(f"{base.name}-nextmove.bin"), "rb") as handle:
            nextmove = memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)).cast(typecode)
    except (OSError, ValueError, TypeError):
        return None
    if len(nextmove) != count:
        return None
    return (table, pc, classes, nextmove, row, output)


def detect(text: str) -> str | None:
    """The language of ``text`` (ISO 639-1), or None when it cannot be told with confidence."""
    sample = text[:SAMPLE_CHARS]
    # the count only grows with the text, so a short head that has enough letters settles it
    if _letters(sample[:_HEAD_CHARS]) < MIN_LETTERS and _letters(sample) < MIN_LETTERS:
        return None
    if _plainly_english(sample):
        return "en"
    identifier = _identifier()
    if identifier is None:
        return None
    language, confidence = identifier.classify(sample)
    return str(language) if confidence >= MIN_CONFIDENCE else None


_HEAD_CHARS = 100


def _plainly_english(sample: str) -> bool:
    words = _WORD.findall(sample.lower())
    markers = _english_words()
    return len(words) >= MIN_WORDS and sum(word in markers for word in words) >= ENGLISH_SHARE * len(words)


@cache
def _english_words() -> frozenset[str]:
    return frozenset(load_lines("english_function_words.txt"))


def _letters(text: str) -> int:
    return len(_LETTER.findall(text)) + 2 * len(_CJK.findall(text))


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
