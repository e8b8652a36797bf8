"""Originators of a paper (Einreicher, Antragsteller, Federführend …) as a list.

The gold wants Fraktionen as printed ("Fraktion DIE LINKE"), persons by name without
title or role ("Stadtverordnete Erika Muster (XY)" → "Erika Muster";
"Stadtverordneter Beispiel als Vorsitzender der StVV" → "Beispiel") and administrative
units ("Amt für Zentrale Dienste"). A unit field that names the hierarchy
("Bürgermeister, Amt für Zentrale Dienste") yields its most specific unit.
"""

from __future__ import annotations

import re

_ROLE = (
    r"(?:(?:der|die)\s+)?(?:stadtverordnete[rn]?|stadtverordnetenvorsteher(?:in)?|stadträtin"
    r"|stadtrat|stadträte|ratsherr(?:in)?|ratsfrau|ratsmitglied(?:er)?|gemeinderat|gemeinderätin"
    r"|gemeindevertreter(?:in)?|kreistagsabgeordnete[rn]?|kreisrat|kreisrätin|bezirksverordnete[rn]?"
    r"|bezirksvertreter(?:in)?|ortsbürgermeister(?:in)?|ortsvorsteher(?:in)?|abgeordnete[rn]?"
    r"|mitglied(?:er)?\s+(?:des|der)\s+\w+|einzelstadtverordnete[rn]?|sachkundige[rn]?\s+einwohner(?:in)?"
    r"|vorsitzende[rn]?|fraktionsvorsitzende[rn]?|herrn?|frau|dr\.|prof\.|dipl\.-\w+\.?)"
)
_ROLE_PREFIX = re.compile(rf"^(?:{_ROLE}\s+)+", re.IGNORECASE)
_AS_CLAUSE = re.compile(r"\s+(?:als|in seiner|in ihrer|i\.\s*v\.|im auftrag)\b.*$", re.IGNORECASE)
_PARTY_TAIL = re.compile(r"\s*\([^()]{1,40}\)\s*$")
_FRACTION = re.compile(r"^(?:die\s+)?fraktion(?:en)?\b", re.IGNORECASE)
_FRACTIONS_PLURAL = re.compile(r"^(?:die\s+)?fraktionen\s+", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:;|,|\s+und\s+|\s+sowie\s+|\s*&\s*|\s+u\.\s+)\s*")
_UNIT_HEAD = re.compile(
    r"^(?:der\s+|die\s+)?(?:ober)?bürgermeister(?:in)?$|^(?:geschäftsbereich|dezernat|dezernent(?:in)?"
    r"|beigeordnete[rn]?|bereich|gb)\s*[\dIVX]*$",
    re.IGNORECASE,
)
_PERSON = re.compile(r"^[A-ZÄÖÜ][a-zäöüß'-]+(?:[ -][A-ZÄÖÜ][a-zäöüß'-]+){0,3}$")


_UNIT_SPLIT = re.compile(r"\s*[;,]\s*")


def _parts(value: str, split: re.Pattern[str] = _SPLIT) -> list[str]:
    """Split on ',', ';', 'und' — but not inside parentheses nor after an Ergänzungsstrich."""
    out: list[str] = []
    depth = 0
    buf = ""
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if depth == 0:
            m = split.match(value, i)
            if m and m.end() > i and not buf.rstrip().endswith("-"):
                out.append(buf)
                buf = ""
                i = m.end()
                continue
        buf += ch
        i += 1
    out.append(buf)
    return [p.strip(" .:") for p in out if p.strip(" .:")]


def clean_person(part: str) -> str:
    """ "Stadtverordnete Erika Muster (XY)" → "Erika Muster"."""
    p = _AS_CLAUSE.sub("", part)
    p = _PARTY_TAIL.sub("", p)
    p = _ROLE_PREFIX.sub("", p)
    return p.strip(" ,")


def split_originators(value: str, *, unit_field: bool = False) -> list[str]:
    """The originators named in one field value."""
    value = " ".join(value.split()).strip(" :")
    if not value:
        return []
    plural = _FRACTIONS_PLURAL.match(value)
    if plural:
        # "Fraktionen SPD und CDU" → "Fraktion SPD", "Fraktion CDU".
        return [f"Fraktion {p}" for p in _parts(value[plural.end() :])]
    # In a unit field "und" belongs to a unit's name ("Amt für Umwelt und Grünflächen");
    # only commas separate the levels of the hierarchy.
    parts = _parts(value, _UNIT_SPLIT) if unit_field else _parts(value)
    if unit_field and len(parts) > 1:
        # "Bürgermeister, Amt für Zentrale Dienste": a hierarchy, keep the unit.
        specific = [p for p in parts if not _UNIT_HEAD.match(p)]
        return specific[-1:] if specific else parts[-1:]
    out: list[str] = []
    for p in parts:
        if _FRACTION.match(p):
            out.append(_AS_CLAUSE.sub("", p).strip())
            continue
        had_role = bool(_ROLE_PREFIX.match(p)) or bool(_AS_CLAUSE.search(p))
        person = clean_person(p)
        if had_role and person:
            out.append(person)
        elif (_PERSON.match(p) and len(p.split()) <= 4 and not _UNIT_HEAD.match(p)) or p:
            out.append(p)
    return out
