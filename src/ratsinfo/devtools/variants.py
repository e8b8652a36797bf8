"""Variants of real documents: the same layout, new numbers and dates.

Benchmarks and crash tests need many *different* files that still look like council
documents. A variant keeps the text and shifts every Drucksache number and every
German date, so each copy has its own sha256, its own papers and its own meetings.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

# "12/ABC/0345", "VO/2025/0117"-like references: letters between numbers.
_REFERENCE = re.compile(r"\b(\d{2,4})/([A-Z]{1,6})/(\d{3,5})\b")
_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")


def vary(text: str, i: int) -> str:
    """Copy ``i`` of ``text``: references made unique per copy (for i < 1000), dates
    shifted by ``i`` days."""

    def reference(m: re.Match[str]) -> str:
        # Keep the shape of the number (extractors know the scheme): the year part walks
        # through 100 values, the serial number moves on every 100 copies.
        year = (int(m[1]) + i) % 10 ** len(m[1])
        serial = (int(m[3]) + 1000 * (i // 100)) % 10 ** len(m[3])
        return f"{year:0{len(m[1])}d}/{m[2]}/{serial:0{len(m[3])}d}"

    def date(m: re.Match[str]) -> str:
        try:
            d = dt.date(int(m[3]), int(m[2]), int(m[1])) + dt.timedelta(days=i)
        except ValueError:
            return m[0]
        return d.strftime("%d.%m.%Y")

    return _DATE.sub(date, _REFERENCE.sub(reference, text))


def write_variants(sources: list[Path], target: Path, min_bytes: int) -> Iterator[Path]:
    """Write variants of ``sources`` into ``target`` until they hold ``min_bytes``."""
    texts = [(p, p.read_text(encoding="utf-8")) for p in sources]
    target.mkdir(parents=True, exist_ok=True)
    written = 0
    i = 0
    while written < min_bytes:
        for path, text in texts:
            out = target / f"{path.stem}__v{i:05d}{path.suffix}"
            data = vary(text, i + 1).encode("utf-8")
            out.write_bytes(data)
            written += len(data)
            yield out
        i += 1
