"""Official roles of German local government as documents print them.

A role word names one person's office: "Oberbürgermeister", "Landrätin", "Erste
Beigeordnete", "Fraktionsvorsitzender", "stellvertretende Ausschussvorsitzende",
"Fachbereichsleiterin", "Bezirksstadtrat". Plurals ("Bezirksstadträte",
"Bürgermeisterinnen und Bürgermeister") and template forms ("Fraktionsvorsitzende/r")
are *not* roles of a person and are not matched.

- :data:`ROLE_RE` — a compiled pattern for one role word (with an optional
  "stellvertretende(r)" / "Erste(r)" in front); use ``.match``/``.finditer``.
- :func:`role_at` — the role beginning at an offset, normalised to the nominative.
- :func:`is_political` — whether the role is a council mandate (then the word after it is a
  party or Fraktion, not an organization).
- :func:`org_for_role` — the organization a role implies for a place ("Landrat … aus X" →
  "Landkreis X").
"""

from __future__ import annotations

import re

# Compound heads: any word ending in one of these is a role ("Baudezernent",
# "Gleichstellungsbeauftragte", "Fachbereichsleiterin"). Each alternative lists the
# singular forms only, nominative first; "-en" forms of adjectival nouns are inflected
# singulars ("des Beigeordneten", "dem Vorsitzenden") and are accepted too.
_HEADS = (
    r"bürgermeister(?:in)?s?|dezernent(?:in)?|leiter(?:in)?s?|beauftragte[rn]?|vorsitzende[rn]?"
    r"|vorsteher(?:in)?s?|direktor(?:in)?s?|sprecher(?:in)?s?|referent(?:in)?|geschäftsführer(?:in)?s?"
    r"|minister(?:in)?s?|präsident(?:in)?|abgeordnete[rn]?|verordnete[rn]?|beigeordnete[rn]?"
    r"|kämmerer|kämmerin|stadtrat|stadträtin|baurat|baurätin|landrat|landrätin|kreisrat|kreisrätin"
    r"|gemeinderätin|ratsherr|ratsfrau|gemeindevertreter(?:in)?|kreistagsmitglied|ratsmitglied"
    r"|schriftführer(?:in)?|sachbearbeiter(?:in)?|staatssekretär(?:in)?|ortsvorsteher(?:in)?"
    r"|amtsleiter(?:in)?|stadtbaurat|stadtbaurätin|spezialist(?:in)?|berater(?:in)?"
)
# Whole words that are roles only as a whole (their head is too generic to be a suffix).
_WHOLE = r"Gemeinderat|Stadtverordnetenvorsteher(?:in)?|Einzelstadtverordnete[rn]?"
_PREFIX = (
    r"(?:(?:[Ss]tellvertretende[rn]?|[Ss]tellv\.|[Ee]rste[rn]?|[Zz]weite[rn]?|[Kk]ommissarische[rn]?|"
    r"[Aa]mtierende[rn]?|[Ee]hemalige[rn]?)\s+)?"
)

def _by_first_letter(alts: str) -> str:
    """``alts`` (an alternation of words, each beginning with a plain letter) grouped by that
    letter, in order: "bürgermeister|dezernent|beauftragte" → "b(?:ürgermeister|eauftragte)
    |d(?:ezernent)". re tries the alternatives of an IGNORECASE alternation one by one at
    every position (no quick first-character test for them); grouped, a position fails after
    a dozen letters instead of some fifty words. The same matches: no character is taken
    for two different letters, so at most one group can go on at a position, and within
    it the words keep their order."""
    groups: dict[str, list[str]] = {}
    for alt in alts.split("|"):
        groups.setdefault(alt[0], []).append(alt[1:])
    return "|".join(f"{c}(?:{'|'.join(rest)})" for c, rest in groups.items())


_HEADS_GROUPED = _by_first_letter(_HEADS)
ROLE_RE = re.compile(
    rf"(?<![\w/-]){_PREFIX}(?P<word>(?:{_WHOLE})|[A-ZÄÖÜ][A-Za-zÄÖÜäöüß]*?(?:-[A-ZÄÖÜ]?[a-zäöüß]+)*?"
    rf"(?i:{_HEADS_GROUPED})|(?i:{_HEADS_GROUPED}))(?![\wäöüß/])"
)

# A compound head alone must still start with a capital ("Leiter"), handled by the
# capital check in role_at; these words end in a head but are no office.
_NOT_ROLES = frozenset(
    {
        "werksleiter", "leiter", "sprecher", "berater", "spezialist", "referent", "minister",
        "präsident", "direktor", "ausschussmitglied",
    }
)  # fmt: skip
_ALONE_OK = frozenset({"leiter", "leiterin", "sprecher", "sprecherin", "referent", "referentin",
                       "direktor", "direktorin", "präsident", "präsidentin", "minister", "ministerin",
                       "berater", "beraterin"})  # fmt: skip


def _expand(alt: str) -> list[str]:
    """All words one head alternative matches: "leiter(?:in)?s?" → leiter, leiterin, leiters …"""
    forms = [""]
    i = 0
    while i < len(alt):
        if alt.startswith("(?:", i):
            j = alt.index(")?", i)
            opt = alt[i + 3 : j]
            forms = forms + [f + opt for f in forms]
            i = j + 2
        elif alt[i] == "[":
            j = alt.index("]", i)
            chars = alt[i + 1 : j]
            optional = j + 1 < len(alt) and alt[j + 1] == "?"
            forms = (forms if optional else []) + [f + c for f in forms for c in chars]
            i = j + (2 if optional else 1)
        elif i + 1 < len(alt) and alt[i + 1] == "?":
            forms = forms + [f + alt[i] for f in forms]
            i += 2
        else:
            forms = [f + alt[i] for f in forms]
            i += 1
    return forms


# Every form of every head word, lower case: a quick test before the pattern runs.
HEAD_ENDINGS: tuple[str, ...] = tuple(
    sorted({w for alt in _HEADS.split("|") for w in _expand(alt)})
)


_POLITICAL = re.compile(
    r"(?i:fraktionsvorsitzende|fraktionsgeschäftsführer|stadtverordnete|einzelstadtverordnete|stadtrat"
    r"|stadträtin|gemeinderat|gemeinderätin|kreisrat|kreisrätin|ratsherr|ratsfrau|ratsmitglied"
    r"|gemeindevertreter|abgeordnete|bezirksverordnete|kreistagsmitglied|kreistagsabgeordnete"
    r"|sprecher)"
)


_ADJECTIVAL = re.compile(r"(?i)(?:vorsitzende|ordnete|beauftragte|abgeordnete)[rn]?$")
_GENITIVE_S = re.compile(
    r"(?i)(?:meister|leiter|vorsteher|direktor|führer|sprecher|minister|kämmerer)s$"
)


def _nominative(word: str, female: bool | None) -> str:
    """ "Beigeordneten" → "Beigeordneter"/"Beigeordnete"; "Oberbürgermeisters" → "…meister"."""
    if _ADJECTIVAL.search(word) and word.endswith("n"):
        stem = word[:-1]  # "dem Vorsitzenden" → "Vorsitzende(r)"
        return stem + "r" if female is False else stem
    if _ADJECTIVAL.search(word) and word.endswith("e") and female is False:
        return word + "r"  # "Der Vorsitzende, Herr Muster" → "Vorsitzender"
    if _GENITIVE_S.search(word):
        return word[:-1]
    return word


def role_at(
    text: str, pos: int, end: int | None = None, *, female: bool | None = None
) -> tuple[str, int] | None:
    """(role in the nominative, end offset) of a role word starting at ``text[pos]``."""
    m = ROLE_RE.match(text, pos, len(text) if end is None else end)
    if not m:
        return None
    word = m.group("word")
    if not word[0].isupper():
        return None
    low = word.lower()
    if low in _NOT_ROLES and low not in _ALONE_OK:
        return None
    prefix = text[m.start() : m.start("word")]
    role = _nominative(word, female)
    if prefix.strip():
        p = prefix.strip()
        if word.endswith("n") and p.endswith("en"):
            # An inflected adjective before an inflected noun: "dem stellvertretenden Vorsitzenden".
            p = p[:-1] + ("r" if female is False else "")
        role = f"{p} {role}"
    return role, m.end()


def is_role(s: str) -> bool:
    """Whether the whole of ``s`` is one role word (with an optional prefix)."""
    s = s.strip()
    r = role_at(s, 0)
    return r is not None and r[1] == len(s)


def is_political(role: str | None) -> bool:
    return bool(role) and _POLITICAL.search(role or "") is not None


_ORG_TYPE = (
    (re.compile(r"(?i)landr(?:at|ätin)"), "Landkreis"),
    (re.compile(r"(?i)bezirks(?:bürgermeister|stadtr)"), "Bezirk"),
    (re.compile(r"(?i)^(?:\w+\s+)?oberbürgermeister"), "Stadt"),
)
_HAS_TYPE = re.compile(
    r"^(?:Landkreis|Kreis|Stadt|Gemeinde|Bezirk|Landeshauptstadt|Hansestadt|Samtgemeinde|Amt|Markt"
    r"|Verbandsgemeinde|Stadtbezirk|Ortsteil|Ortschaft)\b"
)


def org_for_role(role: str, place: str) -> str:
    """ "Landrat", "Musterkreis-Süd" → "Landkreis Musterkreis-Süd"; a place that
    already carries its type, or a role without a fixed type, is returned as printed."""
    place = " ".join(place.split())
    if _HAS_TYPE.match(place):
        return place
    for pat, kind in _ORG_TYPE:
        if pat.search(role):
            return f"{kind} {place}"
    return place
