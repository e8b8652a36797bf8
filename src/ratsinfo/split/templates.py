"""Layout quirks of particular RIS products and Word templates, one named rule each.

The generic start rules in :mod:`ratsinfo.split` find letterheads, meeting headers and
title slides. Some templates print things that look like a new document but belong to
the one before; those cases live here so the generic rules stay simple.
"""

from __future__ import annotations

import re

from .lines import Line

_ANNEX = re.compile(r"^(?:anlagen?|anhang|beilage)\b", re.IGNORECASE)


def is_annex_heading(line: Line) -> bool:
    """ "Anlage 1 …", "Anlage zur Mitteilungsvorlage …", "Anlagen:" open an annex, not a paper."""
    return bool(_ANNEX.match(line.clean))


def annex_precedes(lines: list[Line], i: int, lookback: int = 3) -> bool:
    """Is one of the few lines before ``i`` an annex heading (and no page break between)?"""
    for j in range(i - 1, max(-1, i - 1 - lookback), -1):
        if is_annex_heading(lines[j]):
            return True
        if lines[j].page_break:
            break
    return False


def same_paper_repeated(open_reference: str | None, reference: str | None) -> bool:
    """A header repeating the open document's number is its annex or back page (Anlage,
    Stellungnahme, Beschlussausfertigung printed with the Vorlage)."""
    return bool(open_reference and reference and open_reference == reference)
