"""Which reader reads these bytes: decided from the content, never from the file name.

Each reader scores itself for the bytes (0 = not mine); the best score wins. Binary
formats look at magic bytes; the text formats share one decoding of the bytes.

- ``%PDF-`` in the first KiB → pdf
- a zip archive holding ``word/document.xml`` → docx
- a full HTML document (doctype, ``<html>``, or a leading ``<head>``/``<body>``) → html
- text with converter markup (markdown headings, ``**bold**``, HTML fragments, pipe or
  pandoc tables, entities) → converted
- any other decodable text → text
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ratsinfo.read.base import ReadError, Reading
from ratsinfo.read.converted import markup_score, read_converted
from ratsinfo.read.decode import NOT_TEXT, decode
from ratsinfo.read.docx import docx_score, is_zip, read_docx, zip_names
from ratsinfo.read.html import html_score, read_html
from ratsinfo.read.pdf import pdf_score, read_pdf
from ratsinfo.read.text import read_text


@dataclass
class Probe:
    """The bytes under test, with their text decoding done at most once."""

    data: bytes
    max_bytes: int
    _text: tuple[str, str] | None = field(default=None, repr=False)

    def decoded(self) -> tuple[str, str]:
        if self._text is None:
            self._text = decode(self.data)
        return self._text


@dataclass(frozen=True)
class Format:
    name: str
    score: Callable[[Probe], float]
    read: Callable[[Probe], Reading]
    binary: bool  # a binary format: its score never needs the text decoding


def _text_score(probe: Probe, scorer: Callable[[str], float]) -> float:
    return scorer(probe.decoded()[0])


FORMATS: tuple[Format, ...] = (
    Format("pdf", lambda p: pdf_score(p.data), lambda p: read_pdf(p.data), True),
    Format("docx", lambda p: docx_score(p.data), lambda p: read_docx(p.data, p.max_bytes), True),
    Format("html", lambda p: _text_score(p, html_score), lambda p: read_html(*p.decoded()), False),
    Format(
        "converted",
        lambda p: _text_score(p, markup_score),
        lambda p: read_converted(*p.decoded()),
        False,
    ),
    Format("text", lambda p: 0.1, lambda p: read_text(*p.decoded()), False),
)

# Binary formats we recognise but do not read: a clear message beats "binary data".
_UNSUPPORTED: tuple[tuple[bytes, str], ...] = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "legacy Office file (.doc/.xls) or password-protected Office document",
    ),
    (b"{\\rtf", "RTF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!", "RAR archive"),
)


def unsupported(data: bytes) -> str | None:
    for magic, what in _UNSUPPORTED:
        if data.startswith(magic):
            return what
    if is_zip(data):
        names = zip_names(data)
        if names is None:
            return None  # a damaged zip: the docx reader says so
        if "mimetype" in names and any(n == "content.xml" for n in names):
            return "OpenDocument file (ODT/ODS)"
        if "word/document.xml" not in names:
            return "ZIP archive (not a DOCX)"
    return None


def choose(probe: Probe) -> Format:
    """The best-scoring format for the probe's bytes."""
    data = probe.data
    for fmt in FORMATS:
        if fmt.binary and fmt.score(probe) >= 1.0:
            return fmt  # magic bytes are conclusive
    what = unsupported(data)
    if what is not None:
        raise ReadError(f"unsupported format: {what}")
    if is_zip(data):
        raise ReadError("DOCX is damaged: not a valid zip archive")
    best: Format | None = None
    best_score = 0.0
    for fmt in FORMATS:
        if fmt.binary:
            continue
        score = fmt.score(probe)
        if score > best_score:
            best, best_score = fmt, score
    if best is None:  # pragma: no cover - "text" always scores
        raise ReadError(NOT_TEXT)
    return best


def detect_format(data: bytes) -> str:
    """Name of the format ``data`` would be read as (raises ReadError like the readers)."""
    return choose(Probe(data, max(len(data), 1))).name
