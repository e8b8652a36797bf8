"""Party and Fraktion names as German council documents print them, with variant folding.

Records keep a party *as printed* ("Bündnis 90/Die Grünen", "FDP-Fraktion"); use
:func:`canonical_party` to compare or link two spellings ("GRÜNE" = "B90/Grüne").

- :func:`canonical_party` — canonical name of a party/Fraktion string, or None.
- :func:`is_party` — whether a whole string names a party, Fraktion or Wählergruppe.
- :func:`find_parties` — (start, end, canonical) of every party name inside a text.
- :func:`party_suffix` — where a party name that ends a string begins (for rows such
  as "Herr Max Muster SPD" whose columns a PDF converter joined with spaces).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Canonical name → printed variants (matched case-insensitively, spaces and the
# separators / - flexible). Longer variants must win over their prefixes, which the
# alternation below ensures by sorting by length.
_VARIANTS: dict[str, tuple[str, ...]] = {
    "CDU/CSU": ("CDU/CSU", "Union"),
    "CDU": ("CDU", "Christlich Demokratische Union", "Christlich Demokratische Union Deutschlands"),
    "CSU": ("CSU", "Christlich-Soziale Union"),
    "SPD": ("SPD", "Sozialdemokratische Partei Deutschlands", "Sozialdemokraten"),
    "Bündnis 90/Die Grünen": (
        "Bündnis 90/Die Grünen",
        "Bündnis 90 / Die Grünen",
        "Bündnis 90 Die Grünen",
        "Bündnis 90-Die Grünen",
        "Bündnis90/Die Grünen",
        "Bündnis 90/Grüne",
        "B90/Grüne",
        "B 90/Grüne",
        "B90/Die Grünen",
        "B'90/Grüne",
        "Die Grünen",
        "Grüne",
        "GRÜNE",
        "Grünen",
        "Bündnisgrüne",
    ),
    "FDP": ("FDP", "F.D.P.", "Freie Demokraten", "Freie Demokratische Partei", "FDP/DVP"),
    "Die Linke": (
        "Die Linke",
        "DIE LINKE",
        "Linke",
        "Linkspartei",
        "PDS",
        "Die Linke.PDS",
        "Linkspartei.PDS",
    ),
    "AfD": ("AfD", "Alternative für Deutschland"),
    "BVB/Freie Wähler": ("BVB/Freie Wähler", "BVB / Freie Wähler", "BVB/FW", "BVB-FW", "BVB"),
    "Freie Wähler": ("Freie Wähler", "FREIE WÄHLER", "FW", "Freie Wählervereinigung", "FWV"),
    "ÖDP": ("ÖDP", "Ökologisch-Demokratische Partei"),
    "Die PARTEI": ("Die PARTEI", "PARTEI"),
    "Volt": ("Volt",),
    "Bürgerbündnis": ("Bürgerbündnis", "BürgerBündnis"),
    "BSW": ("BSW", "Bündnis Sahra Wagenknecht"),
    "Piraten": ("Piraten", "Piratenpartei", "PIRATEN"),
    "Tierschutzpartei": ("Tierschutzpartei", "Partei Mensch Umwelt Tierschutz"),
    "NPD": ("NPD", "Die Heimat"),
    "SSW": ("SSW", "Südschleswigscher Wählerverband"),
    "parteilos": (
        "parteilos",
        "fraktionslos",
        "Einzelbewerber",
        "Einzelbewerberin",
        "Einzelstadtverordneter",
    ),
}

# Local Wählergemeinschaften are named by pattern: a generic head word, then the place.
# "Bürgerliste Musterstadt", "Wählergemeinschaft Nordfeld", "Unabhängige Wählergemeinschaft …"
_LOCAL_HEAD = (
    r"(?:Freie\s+|Unabhängige\s+|Parteifreie\s+|Überparteiliche\s+)?"
    r"(?:Wählergemeinschaft|Wählergruppe|Wählervereinigung|Wählerinitiative|Bürgerliste|Bürgerinitiative|"
    r"Bürgergemeinschaft|Bürgervereinigung|Bürgerforum|Bürgerbewegung|Bürgerallianz|Bürgerunion)"
)
_PLACE_WORD = r"[A-ZÄÖÜ][\wäöüß]+(?:-[A-ZÄÖÜ]?[\wäöüß]+)*"
_LOCAL = (
    rf"{_LOCAL_HEAD}(?:\s+(?:für\s+|in\s+|im\s+)?{_PLACE_WORD}(?:\s+(?:e\.\s?V\.|\(\w+\)))?)?"
    r"|(?:[UF]WG|FWV|UBV|WIR|BfB|BIG|UWV)(?:[\s/-]" + _PLACE_WORD + r")?"
    rf"|Bürger\s+für\s+{_PLACE_WORD}"
)

_FRAKTION_AFFIX = re.compile(
    r"^(?:die\s+)?(?:Gruppe|Fraktion(?:sgemeinschaft)?|Ratsfraktion|Kreistagsfraktion|Stadtratsfraktion)\s+"
    r"|[\s-](?:Fraktion|Ratsfraktion|Kreistagsfraktion|Stadtratsfraktion|Gruppe)$",
    re.IGNORECASE,
)


def _fold(s: str) -> str:
    """Comparison key: NFC, casefold, no spaces, unified separators and apostrophes."""
    s = unicodedata.normalize("NFC", s).casefold()
    s = s.replace("’", "'").replace("–", "-").replace("—", "-")
    s = re.sub(r"\s*([/\-])\s*", r"\1", s)
    s = re.sub(r"\s+", "", s)
    return s.strip(".,;:()")


_LOOKUP: dict[str, str] = {}
for _canon, _vars in _VARIANTS.items():
    for _v in _vars:
        _LOOKUP[_fold(_v)] = _canon
# "BVB / FREIE WÄHLER" style and the slash-less "Bündnis 90 Die Grünen" fold the same way.
_LOOKUP[_fold("Bündnis 90 Die Grünen")] = "Bündnis 90/Die Grünen"
_LOCAL_RE = re.compile(rf"^(?:{_LOCAL})$")


def _variant_pattern(v: str) -> str:
    out = []
    for ch in v:
        if ch == " ":
            out.append(r"\s*")
        elif ch in "/-":
            out.append(r"\s*[/\-–]\s*")
        elif ch == ".":
            out.append(r"\.\s?")
        else:
            out.append(re.escape(ch))
    return "".join(out)


# Variants that are also ordinary words or abbreviations ("die Linke Seite", "grünen",
# "die Heimat", "FW") only count in their printed capitalisation (or all capitals).
def _is_loose(v: str) -> bool:
    return (
        any(c.isdigit() for c in v)
        or "/" in v
        or (len(v) >= 12 and " " in v and not v.startswith("Die "))
    )


_ALL = sorted({v for vs in _VARIANTS.values() for v in vs} - {"Union"}, key=len, reverse=True)
_ALTS: list[str] = []
for _v in _ALL:
    if _is_loose(_v):
        _ALTS.append(_variant_pattern(_v))
    else:
        _ALTS.append(f"(?-i:{_variant_pattern(_v)}|{_variant_pattern(_v.upper())})")
_FIND = re.compile(
    r"(?<![\wäöüÄÖÜß])(?:"
    + "|".join(_ALTS)
    + r"|(?-i:"
    + _LOCAL
    + r"))(?:[\s-]Fraktion)?(?![\wäöüÄÖÜß])",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def canonical_party(s: str | None) -> str | None:
    """Canonical party name of ``s`` ("GRÜNE" → "Bündnis 90/Die Grünen"), or None.

    Fraktion affixes are ignored ("SPD-Fraktion", "Fraktion DIE LINKE"); a local
    Wählergemeinschaft is returned as printed (spaces collapsed), as it has no other name.
    """
    if not s:
        return None
    t = " ".join(s.split()).strip(" .,;:()[]")
    if not t or len(t) > 80:
        return None
    for _ in range(2):
        t2 = _FRAKTION_AFFIX.sub("", t).strip()
        if t2 == t:
            break
        t = t2
    key = _fold(t)
    if key in _LOOKUP:
        return _LOOKUP[key]
    if key.startswith("fraktion") or (key.startswith("die") and key[3:] in _LOOKUP):
        return _LOOKUP.get(key[3:])
    if _LOCAL_RE.match(t):
        return t
    return None


def is_party(s: str | None) -> bool:
    """Whether the whole of ``s`` names a party, Fraktion or local Wählergruppe."""
    return canonical_party(s) is not None


def same_party(a: str | None, b: str | None) -> bool:
    """Whether two printed party names denote the same party (False if either is unknown)."""
    ca, cb = canonical_party(a), canonical_party(b)
    return ca is not None and ca == cb


def find_parties(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, canonical) of each party name in ``text[start:end]``, left to right."""
    out: list[tuple[int, int, str]] = []
    for m in _FIND.finditer(text, start, len(text) if end is None else end):
        canon = canonical_party(m.group())
        if canon is not None:
            out.append((m.start(), m.end(), canon))
    return out


def party_suffix(s: str) -> int | None:
    """Offset in ``s`` where a party name ending ``s`` (trailing spaces aside) begins."""
    t = s.rstrip()
    if not t:
        return None
    best: int | None = None
    # Only the last few words can hold the party; scan from a bounded window (linear).
    window = max(0, len(t) - 60)
    for m in _FIND.finditer(t, window):
        edge = m.start() == 0 or not t[m.start() - 1].isalnum()
        if m.end() == len(t) and edge and (best is None or m.start() < best):
            best = m.start()
    return best


def party_at(text: str, pos: int, end: int | None = None) -> bool:
    """Whether a party name begins at ``text[pos]``."""
    m = _FIND.match(text, pos, len(text) if end is None else end)
    return m is not None and canonical_party(m.group()) is not None
