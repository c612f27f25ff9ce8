"""Bytes -> text: byte-order marks, UTF-8, a page's declared charset, else a confident guess."""

from __future__ import annotations

import codecs
import re

from facttrack.clean import is_blank
from facttrack.errors import InputError
from facttrack.readers.common import SNIFF

BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_WESTERN = ("cp1252", "latin_1", "iso8859_15")
_NON_TEXT = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f\ufffd]")
_HTML_CHARSET = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""",
                           re.IGNORECASE)
# A well-formed UTF-8 multi-byte character: text that has them is UTF-8, even where it is damaged.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_NOT_TEXT_CODECS = {"utf_7", "idna", "punycode", "unicode_escape", "raw_unicode_escape"}


def decode_bytes(data: bytes, name: str, *, html: bool = False) -> str:
    """Bytes -> text: BOM (UTF-8/16/32), else UTF-8, else (HTML) the declared charset, else a Western
    or other single-byte encoding that charset-normalizer tells with confidence; InputError otherwise.

    UTF-8 cut inside its last character (a truncated download) is read without that character; other
    damaged UTF-8 is refused rather than read as Windows-1252, which would store mojibake ("CafÃ©").
    """
    if not data.strip():
        raise InputError(f"{name}: empty file")
    text: str | None = None
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                if encoding == "utf-32":
                    continue  # FF FE 00 00 may also be UTF-16 LE starting with U+0000
                if encoding == "utf-8-sig" and _cut_short(exc):
                    text = exc.object[:exc.start].decode("utf-8")
                    break
                label = encoding.replace("-sig", "").upper()
                raise InputError(f"{name}: not valid {label} despite its byte-order mark") from None
            break
    if text is None:
        if b"\x00" in data:
            raise InputError(f"{name}: binary file, not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if _cut_short(exc):
                text = exc.object[:exc.start].decode("utf-8")
            else:
                text = _declared_charset(data) if html else None
                if text is None and _UTF8_SEQUENCE.search(data) is not None:
                    raise InputError(f"{name}: not valid UTF-8 (a bad byte at offset {exc.start:,})") from None
                text = text or _guess_encoding(data)
            if text is None:
                raise InputError(f"{name}: not valid UTF-8 and the encoding could not be told") from None
    head = text[:SNIFF]
    if head and len(_NON_TEXT.findall(head)) > len(head) // 10:
        raise InputError(f"{name}: binary file, not text")
    if is_blank(text):
        raise InputError(f"{name}: empty file")
    return text


def _cut_short(exc: UnicodeDecodeError) -> bool:
    """True when the only fault is an incomplete character at the very end."""
    size = len(exc.object)
    return exc.end == size and size - exc.start < 4 and exc.reason == "unexpected end of data"


def _declared_charset(data: bytes) -> str | None:
    """The text as the page's own <meta charset> says (only tried when it is not UTF-8)."""
    m = _HTML_CHARSET.search(data, 0, 4096)
    if m is None:
        return None
    try:
        info = codecs.lookup(m.group(1).decode("ascii"))
    except LookupError:
        return None
    if info.name.replace("-", "_") in _NOT_TEXT_CODECS:
        return None
    # Browsers read "iso-8859-1" and "us-ascii" as windows-1252 (WHATWG encoding standard).
    names = ["cp1252", "latin_1"] if info.name in ("latin-1", "iso8859-1", "ascii", "cp1252") else [info.name]
    for encoding in names:
        text = _decode_or_none(data, encoding)  # LookupError too: rot13, base64... are not text codecs
        if text is not None:
            return text
    return None


def _guess_encoding(data: bytes) -> str | None:
    """Windows-1252/Latin-1 first (mostly ASCII with some accents and curly quotes), then any
    encoding charset-normalizer is sure of (no mess and coherent language); else None."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_WESTERN)).best()
    if best is not None and best.chaos <= 0.2:
        text = _decode_or_none(data, best.encoding)
        if text is not None and sum(not c.isascii() for c in text[:SNIFF]) <= len(text[:SNIFF]) // 4:
            return text
    best = from_bytes(data).best()
    if best is not None and best.chaos <= 0.1 and best.coherence >= 0.3:
        return _decode_or_none(data, best.encoding)
    return None


def _decode_or_none(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None

