"""Bytes → str for the text formats, and the check that the bytes are text at all.

German council text comes as UTF-8 (with or without BOM), as Windows-1252 / Latin-1
from older Word and RIS exports, and now and then as UTF-16 from Windows tools. UTF-8
wins whenever it decodes cleanly: real cp1252 text with umlauts is never valid UTF-8.
"""

from __future__ import annotations

import codecs
import re

from ratsinfo.read.base import ReadError

NOT_TEXT = "binary data, not a document"

# C0/C1 control characters that never occur in a text document (tab, LF, FF, CR and
# VT are fine). A few stray ones happen in converter output; many mean binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x9f]")
_CONTROL_RATIO = 0.01
# Non-ASCII characters a German cp1252 text plausibly contains.
_PLAUSIBLE_HIGH = set(
    "äöüÄÖÜßéèêëàáâçñíìîïóòôúùûÉÈÀÁÂÇ€„“”‚‘’–—…•§°²³µ·«»×÷¼½¾©®™\u00a0\u00ad¶†‡‰¢£¥¤¦¨ª¬¯±´¸¹º¿æøåÆØÅœŒšŠžŽÿŸãõÃÕðÐþÞýÝ"
)


def _control_check(text: str) -> None:
    if not text:
        return
    sample = text if len(text) <= 2_000_000 else text[:1_000_000] + text[-1_000_000:]
    bad = sum(1 for _ in _CONTROL.finditer(sample))
    if bad > max(2, len(sample) * _CONTROL_RATIO):
        raise ReadError(NOT_TEXT)


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: every other byte is NUL for Latin text."""
    n = min(len(data), 4096) & ~1
    if n < 4:
        return None
    head = data[:n]
    even_nul = head[0::2].count(0)
    odd_nul = head[1::2].count(0)
    half = n // 2
    if odd_nul > 0.6 * half and even_nul < 0.1 * half:
        return "utf-16-le"
    if even_nul > 0.6 * half and odd_nul < 0.1 * half:
        return "utf-16-be"
    return None


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _cp1252_plausible(text: str) -> bool:
    high = _NON_ASCII.findall(text[:1_000_000])
    if not high:
        return True
    odd = sum(1 for ch in high if ch not in _PLAUSIBLE_HIGH)
    return odd <= 0.05 * len(high)


def decode(data: bytes) -> tuple[str, str]:
    """Decode ``data`` as text; return ``(text, encoding)`` or raise ReadError."""
    if not data:
        raise ReadError("empty file")
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise ReadError(NOT_TEXT) from exc
            _control_check(text)
            return text, enc
    if b"\x00" in data:
        enc16 = _looks_utf16(data)
        if enc16 is None:
            raise ReadError(NOT_TEXT)
        try:
            text = data.decode(enc16)
        except UnicodeDecodeError as exc:
            raise ReadError(NOT_TEXT) from exc
        _control_check(text)
        return text, enc16
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _control_check(text)
        return text, "utf-8"
    # Not UTF-8. In German documents that is nearly always Windows-1252 / Latin-1
    # (identical for umlauts and ß); ask charset-normalizer only when cp1252 looks wrong.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if text and _cp1252_plausible(text):
        _control_check(text)
        return text, "cp1252"
    guess = _charset_normalizer_guess(data)
    if guess is not None:
        _control_check(guess[0])
        return guess
    text = data.decode("latin-1")
    _control_check(text)
    return text, "latin-1"


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    # A prefix is enough to pick the code page; decode the whole file with the answer.
    best = from_bytes(data[:200_000]).best()
    if best is None or not best.encoding:
        return None
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        return None
