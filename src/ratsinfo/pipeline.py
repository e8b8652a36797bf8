"""read → split → classify → extract for one file, in memory, without a database.

``parse_file`` is what ingest workers run; its result is plain picklable data that the
single writer process stores.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ratsinfo.extract.records import FileExtraction
from ratsinfo.read.base import ReadError, Reading


@dataclass(slots=True)
class ParsedFile:
    path: str
    sha256: str
    size: int
    reading: Reading
    extraction: FileExtraction


@dataclass(slots=True)
class FailedFile:
    path: str
    reason: str


def fingerprint(path: Path) -> tuple[str, int]:
    """sha256 and size of a file, streamed so big files do not sit in memory twice."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def load_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, or a ReadError naming why they cannot be had."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ReadError("file not found") from None
    except PermissionError:
        raise ReadError("permission denied") from None
    except OSError as exc:
        raise ReadError(f"cannot access file: {exc.strerror or exc}") from None
    if not Path(path).is_file():
        raise ReadError("not a regular file")
    if st.st_size > max_bytes:
        raise ReadError(
            f"file is larger than the limit of {max_bytes / 1024 / 1024:g} MB "
            f"({st.st_size / 1024 / 1024:.1f} MB)"
        )
    try:
        with open(path, "rb") as fh:
            return fh.read(max_bytes + 1)
    except PermissionError:
        raise ReadError("permission denied") from None
    except OSError as exc:
        raise ReadError(f"cannot read file: {exc.strerror or exc}") from None


def parse_bytes(data: bytes, *, max_bytes: int) -> tuple[Reading, FileExtraction]:
    from ratsinfo.extract import extract_file
    from ratsinfo.read import read_bytes

    reading = read_bytes(data, max_bytes=max_bytes)
    return reading, extract_file(reading)


def parse_file(path: str | Path, max_bytes: int) -> ParsedFile | FailedFile:
    """Parse one file; every failure becomes a FailedFile with a one-line reason."""
    p = Path(path)
    try:
        data = load_bytes(p, max_bytes)
        if len(data) > max_bytes:  # grew between stat and read
            raise ReadError(f"file is larger than the limit of {max_bytes / 1024 / 1024:g} MB")
        reading, extraction = parse_bytes(data, max_bytes=max_bytes)
    except ReadError as exc:
        return FailedFile(str(p), str(exc))
    except MemoryError:
        return FailedFile(str(p), "out of memory while reading")
    except Exception as exc:  # a bug in a reader or extractor must not stop the batch
        return FailedFile(str(p), f"internal error: {type(exc).__name__}: {exc}")
    return ParsedFile(
        path=str(p),
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        reading=reading,
        extraction=extraction,
    )


def parse_task(args: tuple[str, int]) -> ParsedFile | FailedFile:
    """``parse_file`` for a process pool: it lives here so workers never import Django."""
    path, max_bytes = args
    return parse_file(path, max_bytes)
