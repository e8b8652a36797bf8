"""Person names as council documents print them: salutation, academic title, given and family name.

- :func:`parse_person_name` — "Frau Prof. Dr. Karin Schwarz" → ParsedName(salutation="Frau",
  title="Prof. Dr.", given="Karin", family="Schwarz", full="Karin Schwarz").
- :func:`match_person_name` — the same, anchored at an offset of a longer string, returning
  where the name ends (for rows like "Herr Max Muster\tSPD" or "Herr Max Muster SPD").
- :func:`normalize_title` — "Dr.med." → "Dr. med.", "Prof.Dr." → "Prof. Dr.".

Family-name particles (von, van, de, zu, von der …) belong to the family name:
"Eva von Heyden-Hendricks" → given "Eva", family "von Heyden-Hendricks". "Muster, Max"
(family first, comma) is understood too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .parties import party_at as _party_at

Span = tuple[int, int]

_SALUTATION = re.compile(r"(?:Herrn|Herr|Hrn\.|Hr\.|Frau|Fr\.)(?=\s|$)")
# One academic title piece; several may follow each other ("Prof. Dr. Dr. h.c.").
_TITLE_PIECE = re.compile(
    r"(?:Prof\.|Professor(?:in)?(?=\s)|PD(?=\s)|Priv\.-Doz\.|Dr\.(?:[-\s]?(?:med|rer|phil|jur|oec|habil|Ing|iur|pol|nat|paed|theol|agr|vet|dent|sc|h\.\s?c)\.?)*"
    r"|Dipl\.-[A-ZÄÖÜ][\wäöü]*\.?(?:\s?\([A-Z]{2,3}\))?|Mag\.|Ing\.|h\.\s?c\.|Dres\.)"
)
# Every title piece starts with one of these letters: others need no pattern call.
_TITLE_FIRST = frozenset("PDMIh")
# Office words printed between salutation and name ("Herr Stadtrat Max Muster", "Frau
# Erste Beigeordnete Eva Beispiel", "Gemeinderätin Anna Schulz"). Kept as ``role``.
_ROLE = re.compile(
    r"(?:(?:Erste[rn]?|Zweite[rn]?|Dritte[rn]?|stellv\.|stellvertretende[rn]?)\s+)?"
    r"(?:(?:Ober|Bezirks)?[bB]ürgermeister(?:in)?|Beigeordnete[rn]?|Stadträtin|Stadtrat|Stadtverordnete[rn]?|"
    r"Gemeinderätin|Gemeinderat|Gemeindevertreter(?:in)?|Kreisrätin|Kreisrat|Ratsherr(?:in)?|Ratsfrau|"
    r"Ratsmitglied|Ortsvorsteher(?:in)?|Ortschaftsrätin|Ortschaftsrat|Bezirksverordnete[rn]?|"
    r"Kreistagsabgeordnete[rn]?|Abgeordnete[rn]?|Dezernent(?:in)?|Landrätin|Landrat|Amtsdirektor(?:in)?|"
    r"Stadtbaurätin|Stadtbaurat|Stadtkämmerer(?:in)?|Kämmerer(?:in)?|"
    r"Beirätin|Beirat|Bezirksstadträtin|Bezirksstadtrat)(?=\s)"
)
_TITLE_SUB = re.compile(
    r"\b(rer|med|phil|jur|oec|habil|iur|pol|nat|paed|theol|agr|vet|dent|sc)\.?\s*(?=\w|$)"
)
_PARTICLES = frozenset(
    {
        "von",
        "van",
        "de",
        "der",
        "den",
        "zu",
        "zur",
        "vom",
        "von der",
        "ten",
        "ter",
        "da",
        "di",
        "del",
        "du",
        "le",
        "la",
        "al",
        "el",
    }
)
# A name word: a capital, then letters, apostrophes or hyphen-joined parts ("Timo-Daniel",
# "O'Neill", "Heyden-Hendricks"). All-capital words of two to four letters are party or
# unit abbreviations ("SPD", "CDU", "AfD" is mixed but listed), not names.
_WORD = re.compile(
    r"[A-ZÄÖÜÀ-ÞŁŚŻ][a-zäöüßà-ÿłśżćńęąčřšžğı'’A-ZÄÖÜÀ-Þ]*(?:-[A-ZÄÖÜÀ-Þa-zäöüß][a-zäöüßà-ÿłśżćńęąčřšžğı'’A-ZÄÖÜÀ-Þ]*)*"
)
_PARTICLE_RE = re.compile(
    r"(?:von und zu|de la|de los|van de|von der|von dem|van der|van den|von|van|de|zu|zur|vom|ten|ter|da|di|del|du|le|la)(?=\s)"
)
_SPACE = re.compile(r"[ \u00a0]+")
# The characters a salutation, an office word or a particle begins with: elsewhere their
# patterns need no call (tests check the sets against the patterns).
_SALUTATION_FIRST = frozenset("HF")
_ROLE_FIRST = frozenset("ABDEGKLORSZbs")
_PARTICLE_FIRST = frozenset("dltvz")
# Every character a name can begin with: a salutation (H, F), an office word, a title
# piece, a particle or a name word (the capitals of _WORD). Tests check it against them.
_NAME_FIRST = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜŁŚŻ"
    + "".join(map(chr, range(ord("À"), ord("Þ") + 1)))
    + "sb"  # stellv., stellvertretende, bürgermeister
    + "h"  # h. c.
    + "vdztl"  # von, de, zu, ten, la …
)
# Words that look like name words but end a name: function words and common row content.
_STOP = frozenset(
    {
        "Uhr",
        "Ab",
        "Bis",
        "Für",
        "Fraktion",
        "Vertretung",
        "Vorsitz",
        "Vorsitzende",
        "Vorsitzender",
        "Mitglied",
        "Mitglieder",
        "Stadtrat",
        "Stadträtin",
        "Stadtverordneter",
        "Stadtverordnete",
        "Beigeordneter",
        "Beigeordnete",
        "Bürgermeister",
        "Bürgermeisterin",
        "Oberbürgermeister",
        "Oberbürgermeisterin",
        "Fachbereich",
        "Geschäftsbereich",
        "Dezernat",
        "Amt",
        "Leiter",
        "Leiterin",
        "Seniorenbeirat",
        "Behindertenbeirat",
        "Migrantenbeirat",
        "Beirat",
        "Verwaltung",
        "Entschuldigt",
        "Anwesend",
        "Abwesend",
        "Die",
        "Der",
        "Das",
        "Und",
        "TOP",
        "Protokoll",
        "Schriftführer",
        "Schriftführerin",
        "Sachkundiger",
        "Sachkundige",
        "Einwohner",
        "Einwohnerin",
        "Gast",
        "Gäste",
        "Bündnis",
        "Freie",
        "Piraten",
        "Bürgerliste",
        "Wählergemeinschaft",
        "Ortsvorsteher",
        "Ortsvorsteherin",
        "Büro",
        "Sachgebiet",
        "Abteilung",
        "Referat",
        "Stabsstelle",
    }
)


@dataclass(slots=True, frozen=True)
class ParsedName:
    """One person's name split into its parts; ``full`` is "given family" without title."""

    salutation: str | None
    title: str | None
    given: str | None
    family: str | None
    full: str
    role: str | None = None  # office printed before the name ("Stadtrat")
    start: int = 0  # offsets in the parsed string: the whole match …
    end: int = 0
    name_start: int = 0  # … and where the given (or family) name begins
    spans: dict[str, Span] = field(default_factory=dict, compare=False, hash=False)

    @property
    def female(self) -> bool | None:
        """True/False from the salutation, None without one."""
        if self.salutation is None:
            return None
        return self.salutation.startswith("F")


_DOT_LETTER = re.compile(r"\.(?=[A-Za-zÄÖÜ])")
_DIPL_DASH = re.compile(r"Dipl\.\s+-")
_DR_ING = re.compile(r"Dr\.\s*-\s*Ing")
_HC = re.compile(r"h\.\s*c\.")


def normalize_title(t: str) -> str:
    """ "Dr.med." → "Dr. med.", "Prof.Dr." → "Prof. Dr.", "Dr. rer. nat." kept."""
    s = _DOT_LETTER.sub(". ", t.strip())
    s = s.replace("Dipl. -", "Dipl.-").replace(". -", ".-").replace("Priv. -", "Priv.-")
    s = _DIPL_DASH.sub("Dipl.-", s)
    s = _DR_ING.sub("Dr.-Ing", s)
    s = _HC.sub("h. c.", s)
    s = _TITLE_SUB.sub(lambda m: m.group(1) + ". ", s)
    return _SPACE.sub(" ", s).strip()


def _skip_space(s: str, i: int, end: int) -> int:
    while i < end and s[i] in " \u00a0":
        i += 1
    return i


def name_may_start(s: str, pos: int) -> bool:
    """False where :func:`match_person_name` at ``pos`` (with any ``end``) surely finds no
    name: the first character after spaces begins none."""
    n = len(s)
    i = _skip_space(s, pos, n)
    return i < n and s[i] in _NAME_FIRST


def match_person_name(
    s: str,
    pos: int = 0,
    end: int | None = None,
    *,
    need_salutation: bool = False,
    max_words: int = 5,
) -> ParsedName | None:
    """Parse a name starting at ``s[pos]``: [salutation] [titles] given… family.

    Stops at the first word that cannot be part of a name (lower case other than a
    particle, digits, punctuation other than the hyphen, a known stop word, or an all-caps
    abbreviation). Returns None unless at least one name word is found (and a salutation,
    if ``need_salutation``). Offsets in the result are offsets into ``s``.
    """
    n = len(s) if end is None else min(end, len(s))
    i = _skip_space(s, pos, n)
    if i >= n or s[i] not in _NAME_FIRST:
        return None  # nothing a name begins with: no word would be found
    start = i
    spans: dict[str, Span] = {}
    salutation = None
    m = _SALUTATION.match(s, i, n) if s[i] in _SALUTATION_FIRST else None
    if m:
        salutation = m.group()
        spans["salutation"] = (m.start(), m.end())
        i = _skip_space(s, m.end(), n)
    elif need_salutation:
        return None
    role = None
    for _ in range(2):
        # "Herr Dr. Stadtrat …" and "Herr Stadtrat Dr. …" both occur; roles come before titles
        # more often, so look for one before and after the titles.
        rm = _ROLE.match(s, i, n) if i < n and s[i] in _ROLE_FIRST else None
        if not rm:
            break
        role = rm.group()
        spans["role"] = (rm.start(), rm.end())
        i = _skip_space(s, rm.end(), n)
    t0 = i
    t_end = i
    while i < n and s[i] in _TITLE_FIRST:
        m = _TITLE_PIECE.match(s, i, n)
        if not m:
            break
        t_end = m.end()
        i = _skip_space(s, m.end(), n)
    title = normalize_title(s[t0:t_end]) if t_end > t0 else None
    if title:
        spans["title"] = (t0, t_end)
        rm = _ROLE.match(s, i, n) if role is None and i < n and s[i] in _ROLE_FIRST else None
        if rm:
            role = rm.group()
            spans["role"] = (rm.start(), rm.end())
            i = _skip_space(s, rm.end(), n)
    words: list[tuple[int, int]] = []
    name_start = i
    while i < n and len(words) < max_words:
        pm = _PARTICLE_RE.match(s, i, n) if s[i] in _PARTICLE_FIRST else None
        if pm:
            j = _skip_space(s, pm.end(), n)
            wm = _WORD.match(s, j, n)
            if wm and _is_name_word(wm.group()):
                words.append((pm.start(), wm.end()))
                i = _skip_space(s, wm.end(), n)
                continue
            break
        wm = _WORD.match(s, i, n)
        if not wm:
            break
        w = wm.group()
        after = wm.end()
        if len(words) >= 2 and _party_at(s, i, n):
            # "Herr Cem Yildirim BÜNDNIS 90/DIE GRÜNEN": the party column begins. With only
            # one word so far, "Linke" or "Grüne" is the family name ("Herr Hans Linke").
            break
        if after < n and (s[after].isalnum() or s[after] in "./&"):
            # "Dr.Müller", "B90/Grüne", "Fr.": not a plain name word.
            break
        if not _is_name_word(w):
            break
        words.append((wm.start(), after))
        i = after
        while i < n and s[i] in " \u00a0":  # _skip_space, inline in this hot loop
            i += 1
    if not words:
        return None
    # Family-first with a comma: "Muster, Max" (only when nothing came before).
    if len(words) == 1 and salutation is None and title is None and role is None:
        j = words[0][1]
        if j < n and s[j] == ",":
            k = _skip_space(s, j + 1, n)
            given_words: list[tuple[int, int]] = []
            while k < n and len(given_words) < 3:
                wm = _WORD.match(s, k, n)
                if (
                    not wm
                    or not _is_name_word(wm.group())
                    or (wm.end() < n and s[wm.end()] in "./")
                ):
                    break
                given_words.append((wm.start(), wm.end()))
                k = _skip_space(s, wm.end(), n)
            if given_words:
                family = s[words[0][0] : words[0][1]]
                given = _SPACE.sub(" ", s[given_words[0][0] : given_words[-1][1]])
                spans["family"] = words[0]
                spans["given"] = (given_words[0][0], given_words[-1][1])
                return ParsedName(
                    salutation=None,
                    title=None,
                    given=given,
                    family=family,
                    full=f"{given} {family}",
                    start=start,
                    end=given_words[-1][1],
                    name_start=start,
                    spans=spans,
                )
    # The family name is the last word, with any particles that lead into it.
    fam_i = len(words) - 1
    first_fam = words[fam_i][0]
    family = _SPACE.sub(" ", s[first_fam : words[-1][1]])
    given = _SPACE.sub(" ", s[words[0][0] : words[fam_i - 1][1]]) if fam_i > 0 else None
    spans["family"] = (first_fam, words[-1][1])
    if given:
        spans["given"] = (words[0][0], words[fam_i - 1][1])
    full = f"{given} {family}" if given else family
    return ParsedName(
        salutation=salutation,
        title=title,
        given=given,
        family=family,
        full=full,
        role=role,
        start=start,
        end=words[-1][1],
        name_start=name_start,
        spans=spans,
    )


def _is_name_word(w: str) -> bool:
    if w in _STOP:
        return False
    if len(w) > 4 and w.isalpha():
        return True  # more than four letters: no abbreviation (nor "AfD")
    letters = [c for c in w if c.isalpha()]
    # All-capital short words are abbreviations (SPD, CDU, FDP, TOP, AG) — but capitalised
    # family names printed in capitals ("MÜLLER") are longer.
    if len(letters) >= 2 and all(c.isupper() for c in letters) and len(letters) <= 4:
        return False
    return w != "AfD"


def parse_person_name(s: str) -> ParsedName | None:
    """Parse a whole string as one person's name ("Frau Dr.med. Carmen Muster").

    Trailing material after the name (a party in brackets, a comma and a role) is ignored;
    returns None if no name word is found.
    """
    if not s:
        return None
    return match_person_name(s, 0, len(s))


def same_person(a: str, b: str, *, threshold: float = 0.85) -> bool:
    """Whether two printed names can denote one person: same family name (allowing a typo)
    and compatible given names. A family name alone matches only a full name with that
    family name — callers decide whether that is enough (it is not for merging people)."""
    from difflib import SequenceMatcher

    pa, pb = parse_person_name(a), parse_person_name(b)
    if pa is None or pb is None or not pa.family or not pb.family:
        return False
    fa, fb = pa.family.casefold(), pb.family.casefold()
    if fa != fb and SequenceMatcher(None, fa, fb).ratio() < threshold:
        return False
    if pa.given and pb.given:
        ga, gb = pa.given.casefold(), pb.given.casefold()
        return ga == gb or ga.startswith(gb.rstrip(".")) or gb.startswith(ga.rstrip("."))
    return True
