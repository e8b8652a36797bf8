"""Layout quirks of particular RIS products and Word templates, one named rule each.

The generic start rules in :mod:`ratsinfo.split` find letterheads, meeting headers and
title slides. Some templates print things that look like a new document but belong to
the one before; those cases live here so the generic rules stay simple:

* annexes ("Anlage 3" over a copied Antrag, "Anlage zur Mitteilungsvorlage …");
* a header repeating the open paper's number (the Stellungnahme page a Word Antrag
  template carries on its back, a Beschlussausfertigung printed with the Vorlage).
  A *blank* Stellungnahme form has no number and no filled labels and never opens a
  document (see ``_filled_labels`` in the splitter).
"""

from __future__ import annotations

import re

from .lines import Line

_ANNEX = re.compile(r"^(?:anlagen?|anhang|beilage)\b", re.IGNORECASE)


def is_annex_heading(line: Line) -> bool:
    """ "Anlage 1 …", "Anlage zur Mitteilungsvorlage …", "Anlagen:" open an annex, not a paper."""
    return bool(_ANNEX.match(line.clean))


def annex_precedes(lines: list[Line], begin: int, anchor: int, lookback: int = 3) -> bool:
    """Does an annex heading stand in the header block ``lines[begin:anchor]`` or, without
    a page break between, in the few lines above it? ("Anlage 3" over a copied Antrag.)"""
    if any(is_annex_heading(lines[j]) for j in range(begin, anchor)):
        return True
    j = begin
    while j > 0 and not lines[j].page_break and begin - j < lookback:
        j -= 1
        if is_annex_heading(lines[j]):
            return True
    return False


def same_paper_repeated(open_reference: str | None, reference: str | None) -> bool:
    """A header repeating the open document's number is its annex or back page (Anlage,
    Stellungnahme, Beschlussausfertigung printed with the Vorlage)."""
    return bool(open_reference and reference and open_reference == reference)
