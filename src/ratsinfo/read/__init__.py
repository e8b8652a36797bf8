"""Read stage: the bytes of one source file → one :class:`Reading`.

``read_bytes`` / ``read_path`` detect the format from the content (see
:mod:`ratsinfo.read.detect`) and return normalised text with blocks and a source map;
anything that is not a readable document raises :class:`ReadError` with a one-line
reason for the user.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ratsinfo.read.base import Block, Cell, ReadError, Reading, Row, SourceLocation
from ratsinfo.read.detect import Probe, choose, detect_format

DEFAULT_MAX_BYTES = 100 * 1024 * 1024

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Block",
    "Cell",
    "ReadError",
    "Reading",
    "Row",
    "SourceLocation",
    "detect_format",
    "read_bytes",
    "read_path",
]


def _mb(n: int) -> str:
    mb = n / (1024 * 1024)
    return f"{mb:.0f}" if mb >= 10 or mb == int(mb) else f"{mb:.1f}"


def _too_large(max_bytes: int) -> ReadError:
    return ReadError(f"file is larger than the limit of {_mb(max_bytes)} MB")


def read_bytes(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Reading:
    """Read one document from its bytes."""
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    if not isinstance(data, bytes):
        data = bytes(data)  # bytearray, memoryview
    if not data.strip():
        raise ReadError("empty file")
    probe = Probe(data, max_bytes)
    fmt = choose(probe)
    reading = fmt.read(probe)
    if not reading.text.strip():
        raise ReadError("empty file" if not fmt.binary else f"{fmt.name.upper()} contains no text")
    return reading


def read_path(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Reading:
    """Read one document from a file; the size is checked before anything is read."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError as exc:
        raise ReadError("file not found") from exc
    except PermissionError as exc:
        raise ReadError("permission denied") from exc
    except OSError as exc:
        raise ReadError(f"cannot access file: {exc.strerror or type(exc).__name__}") from exc
    if stat.S_ISDIR(st.st_mode):
        raise ReadError("is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise ReadError("not a regular file")
    if st.st_size > max_bytes:
        raise _too_large(max_bytes)
    try:
        with p.open("rb") as fh:
            data = fh.read(max_bytes + 1)  # the file may have grown since stat
    except PermissionError as exc:
        raise ReadError("permission denied") from exc
    except IsADirectoryError as exc:
        raise ReadError("is a directory, not a file") from exc
    except OSError as exc:
        raise ReadError(f"cannot read file: {exc.strerror or type(exc).__name__}") from exc
    return read_bytes(data, max_bytes=max_bytes)
