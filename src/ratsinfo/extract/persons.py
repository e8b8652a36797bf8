"""Persons mentioned: signatories, speakers, officials with their roles and parties.

Where a person shows up, by German council convention:

* signature blocks under a motion: a line of names ("Laura Muster und Max Beispiel",
  "gez. A B<TAB>gez. C D"), then a role line ("Fraktionsvorsitzende DIE PARTEI"), maybe a
  party line below the role columns;
* a role in front of the name: "Oberbürgermeister Max Muster", "Landrat Dr. Erik Beispiel
  aus Musterkreis", "Stadtverordneter Max Muster (SPD)", "Stadtverordneter Muster als …";
* an apposition: "die Bürgermeisterin der Gemeinde X, Erika Muster,", "Die
  Ausschussvorsitzende, Frau Dr. Muster,", "Erika Muster, Bürgermeisterin von X";
* a salutation in minutes: "Frau Muster, Fachbereich Finanzen, erläutert …", "Herr Muster
  vom Seniorenbeirat", "Herr Muster (IT-Sicherheitsspezialist)".

Rows of an attendance list ("Herr Max Muster<TAB>SPD") are not mentions: the attendance
extractor owns them. They, and the attendance records, are the *candidates* that a
surname-only mention ("Frau Dr. Mustr") is linked to (:func:`link_mentions`). Persons are
merged by full name; a surname alone never merges two people who share it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ahocorasick_rs import AhoCorasick, MatchKind

from ratsinfo.split.lines import Line

from .names import ParsedName, match_person_name, name_may_start, parse_person_name
from .parties import canonical_party, find_parties, party_at
from .records import AttendanceRecord, DocumentRecord, PersonMention
from .roles import HEAD_ENDINGS, is_political, org_for_role, role_at
from .text import span_in_line

Span = tuple[int, int]

_SALUTATION = re.compile(r"\b(?:Herrn|Herr|Frau|Hrn?\.|Fr\.)\s+(?=[A-ZÄÖÜ])")
_TITLE_ANCHOR = re.compile(r"\b(?<!\.)(?:Prof|Dr)\.\s*(?=[A-ZÄÖÜ])")
_WHOLE_ROLES = frozenset(
    {"Gemeinderat", "Stadtverordnetenvorsteher", "Stadtverordnetenvorsteherin"}
)
# Stems that every role word contains (lower case inside compounds, capitalised alone).
_FIRST_WORD = re.compile(
    r"(?:(?:Der|Die|[Ss]tellv\.|[Ss]tellvertretende[rn]?|[Ee]rste[rn]?)\s+)?([\w-]+)"
)
_ROLE_STEMS = (
    "meister", "dezernent", "leiter", "beauftragt", "vorsitzend", "vorsteher", "direktor", "sprecher",
    "referent", "führer", "minister", "präsident", "ordnete", "kämmer", "rat", "rät", "ratsherr",
    "ratsfrau", "vertreter", "mitglied", "bearbeiter", "sekretär", "spezialist", "berater",
    "Leiter", "Dezernent", "Vorsitzend", "Beauftragt", "Vorsteher", "Direktor", "Sprecher", "Referent",
    "Minister", "Präsident", "Kämmer", "Abgeordnet", "Beigeordnet", "Berater", "Spezialist",
    "Ratsherr", "Ratsfrau", "Gemeindevertreter", "Schriftführer", "Sachbearbeiter", "Staatssekretär",
    "Landrat", "Landrät", "Stadtrat", "Stadträt", "Kreisrat", "Kreisrät", "Baurat", "Baurät",
    "Gemeinderat", "Gemeinderät", "Bürgermeister", "Geschäftsführer",
)  # fmt: skip
_ROLE_STEM_AC = AhoCorasick(list(_ROLE_STEMS), matchkind=MatchKind.LeftmostLongest)
_PREFIX_BEFORE = re.compile(
    r"(?:[Ss]tellvertretende[rn]?|[Ss]tellv\.|[Ee]rste[rn]?|[Zz]weite[rn]?|[Kk]ommissarische[rn]?"
    r"|[Aa]mtierende[rn]?|[Ee]hemalige[rn]?)\s+$"
)
# Abbreviations whose dot does not end a sentence (titles, salutations).
_ABBREV = frozenset(
    {"dr", "prof", "med", "rer", "nat", "phil", "jur", "dipl", "ing", "fr", "hr", "hrn", "h", "c"}
)
_SENT_DOT = re.compile(r"([A-Za-zÄÖÜäöüß]+)\.(?=\s|$)")
_NAME_WINDOW = 90
_NEXT_PERSON = re.compile(r"\s(?:Herrn?|Frau|Hrn?\.|Fr\.)\s")
_ARTICLE_MASC = re.compile(r"(?<!\w)[Dd]er\s+$")
_TITLE_BEFORE = re.compile(r"(?:Herrn?|Frau|Hrn?\.|Fr\.|Prof\.|Dr\.)\s*$")
_LAST_WORD = re.compile(r"(\S+)\s+$")
_WORDS = re.compile(r"[^\s]+")
# Words that make a capitalised pair an organization or place, not a name.
_NOT_NAME_WORD = re.compile(
    r"(?i)^(?:landkreis|kreis|stadt|gemeinde|amt|bezirk|fraktion|ausschuss|rat|land|bund|museum"
    r"|verwaltung|landeshauptstadt|hansestadt|herr|herrn|frau|der|die|das|den|dem|des|im|in|am)$"
    # Common-noun endings; only on long words, as short surnames end so too (Jung, Kaplan).
    r"|^(?=\w{8,}$)\w*(?:ung|heit|keit|schaft|tion|tät|verwaltung|ausschuss|museum|straße|zentrum|büro"
    r"|bereich|partei|fraktion|gesetz|konzept|rederecht|stimmrecht|antrag|bericht|vorlage|sitzung"
    r"|kreis|amt|rat|platz|gremium)$"
)
_ORG_PHRASE = re.compile(
    r"(?:[A-ZÄÖÜ][\w.&/-]*|E-[\w-]+)(?:\s+(?:und|u\.|der|des|für|im|am|von|vom|zur|zum|&|[A-ZÄÖÜ0-9][\w.&/-]*))*"
)
_PHRASE_STOP = re.compile(r"\s+(?:(?:und|sowie|u\.)\s+)?(?:Herrn?|Frau|Hrn?\.|Fr\.)(?=\s|$)")
_LOCATIVE = re.compile(r"\s+(?:vom|von der|von dem|aus dem|aus der|der|des)\s+(?=[A-ZÄÖÜ])")
_AUS = re.compile(
    r"\s+aus\s+(?P<place>[A-ZÄÖÜ][\wäöüß]+(?:-[A-ZÄÖÜ]?[\wäöüß]+)*(?:\s+\([^()\n]{1,20}\))?)"
)
_PAREN = re.compile(r"\s*\((?P<inner>[^()\n]{1,80})\)")
_ALS = re.compile(r"\s+als\s")
_LEAD_ARTICLE = re.compile(r"^(?:der|des|von|vom|im|in der|aus|beim)\s+", re.IGNORECASE)
_GEZ = re.compile(r"^(?:gez\.?|i\.\s?V\.|i\.\s?A\.|für)\s*", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*(?:,|\bund\b|\bsowie\b|&|\t)\s*")
_BULLET = re.compile(r"^[\s\-–•·*]*")
_UNIT_WORD = re.compile(
    r"(?i)fachbereich|geschäftsbereich|\bamt\b|beirat|büro|dezernat|abteilung|referat|sachgebiet"
    r"|stabsstelle|verwaltung|fachdienst|einwohner|anwohner|verein|verband|gmbh|e\.\s?v\.|ministerium"
    r"|landkreis|gemeinde|stadt|beirat|\brat\b|ausschuss"
)
_ROW_WORDS = frozenset(
    {"ab", "bis", "uhr", "f.", "für", "und", "u.", "entschuldigt", "nicht", "anwesend", "abwesend",
     "vertreten", "durch", "von", "der", "des", "vom", "i.v.", "i.", "v.", "–", "-", "stellv.", "zeitweise"}
)  # fmt: skip


@dataclass(slots=True)
class _Mention:
    name: ParsedName
    role: str | None = None
    party: str | None = None
    organization: str | None = None
    spans: dict[str, Span] = field(default_factory=dict)
    output: bool = True  # False: an attendance row, a candidate only


# ---------------------------------------------------------------- linking


def _lev(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, cut off above ``limit`` (names are short)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            best = min(best, cur[j])
        if best > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def _as_parsed(x: object) -> ParsedName | None:
    if isinstance(x, ParsedName):
        return x
    if isinstance(x, str):
        return parse_person_name(x)
    if isinstance(x, AttendanceRecord):
        p = parse_person_name(x.name)
        if p is not None and x.title and not p.title:
            p = ParsedName(
                p.salutation, x.title, p.given, p.family, p.full, p.start, p.end, p.name_start
            )
        return p
    if isinstance(x, PersonMention | _Mention):
        return x.name if isinstance(x, _Mention) else parse_person_name(x.name)
    return None


def _compatible(m: ParsedName, c: ParsedName) -> bool:
    """Salutation and title must not contradict (unknown on either side is no contradiction)."""
    if m.female is not None and c.female is not None and m.female != c.female:
        return False
    if (
        m.title
        and c.title
        and m.title.replace(" ", "").casefold() != c.title.replace(" ", "").casefold()
    ):
        return False
    # A candidate printed with salutation but without title has none.
    return not (m.title and c.title is None and c.salutation is not None)


def link_mentions(mentions: Sequence[object], candidates: Sequence[object]) -> dict[int, int]:
    """Link surname-only mentions to the one full-name candidate they denote.

    ``mentions`` and ``candidates`` are printed names ("Frau Dr. Muster"), ParsedName,
    PersonMention or AttendanceRecord. A mention with a given name links to a candidate with
    the same full name. A surname-only mention links to a candidate whose family name is
    equal or, for names of six letters or more, within edit distance 2, with compatible
    salutation and title — and only if exactly one distinct person qualifies (exact matches
    first). Returns {mention index: candidate index}.
    """
    cands: list[tuple[int, ParsedName]] = []
    seen: set[str] = set()
    for ci, c in enumerate(candidates):
        pc = _as_parsed(c)
        if pc is None or not pc.given or not pc.family:
            continue
        key = pc.full.casefold()
        if key in seen:
            continue
        seen.add(key)
        cands.append((ci, pc))
    by_family: dict[str, list[tuple[int, ParsedName]]] = {}
    by_initial: dict[str, list[tuple[int, ParsedName]]] = {}
    by_full: dict[str, int] = {}
    for ci, pc in cands:
        fam = (pc.family or "").casefold()
        by_family.setdefault(fam, []).append((ci, pc))
        by_initial.setdefault(fam[:1], []).append((ci, pc))
        by_full[pc.full.casefold()] = ci
    out: dict[int, int] = {}
    for mi, m in enumerate(mentions):
        pm = _as_parsed(m)
        if pm is None or not pm.family:
            continue
        fam = pm.family.casefold()
        if pm.given:
            hit = by_full.get(pm.full.casefold())
            if hit is not None:
                out[mi] = hit
            continue
        exact = [ci for ci, pc in by_family.get(fam, ()) if _compatible(pm, pc)]
        if exact:
            if len(exact) == 1:
                out[mi] = exact[0]
            continue
        if len(fam) < 6:
            continue
        # Typos rarely hit the first letter; comparing within it keeps this near-linear.
        near = [
            ci
            for ci, pc in by_initial.get(fam[:1], ())
            if len(pc.family or "") >= 6
            and abs(len(pc.family or "") - len(fam)) <= 2
            and _lev(fam, (pc.family or "").casefold(), 2) <= 2
            and _compatible(pm, pc)
        ]
        if len(near) == 1:
            out[mi] = near[0]
    return out


# ---------------------------------------------------------------- helpers


_SENT_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzÄÖÜäöüß")
_ABBREV_MAX = max(map(len, _ABBREV))


def _sentence_dot(text: str, pos: int, end: int) -> int:
    """Where ``_SENT_DOT`` first matches in ``text[pos:end]`` with a word not in _ABBREV
    (the offset of its dot), else ``end``. Found from the dots: the pattern, tried at every
    letter, rescans each word to its end."""
    q = pos
    d = text.find(".", q + 1, end)
    while d >= 0:
        # A match ends at this dot: a letter before it (at or after q), space or the end after.
        if text[d - 1] in _SENT_LETTERS and (d + 1 == end or text[d + 1].isspace()):
            k = d - 1
            lim = max(q, d - _ABBREV_MAX - 1)
            while k >= lim and text[k] in _SENT_LETTERS:
                k -= 1
            # casefold never shortens, so a longer word is no abbreviation.
            if d - k - 1 > _ABBREV_MAX or text[k + 1 : d].casefold() not in _ABBREV:
                return d
            q = d + 1
        d = text.find(".", max(q + 1, d + 1), end)
    return end


def _name_at(text: str, pos: int, *, need_salutation: bool = False) -> ParsedName | None:
    """A name starting at ``text[pos]``, on its line; a sentence-final dot ends it."""
    if not name_may_start(text, pos):
        return None  # what match_person_name below would say, before finding the end
    end = min(len(text), pos + _NAME_WINDOW)
    nl = text.find("\n", pos, end)
    if nl >= 0:
        end = nl
    end = _sentence_dot(text, pos, end)
    # A second salutation starts the next person ("stellt Herr A Herrn B vor"); a comma
    # here never means "Family, Given" in running text.
    sm = _NEXT_PERSON.search(text, pos + 1, end)
    if sm:
        end = sm.start()
    c = text.find(",", pos, end)
    if c >= 0:
        end = c
    p = match_person_name(text, pos, end, need_salutation=need_salutation)
    if p is None or not p.given:
        return p
    fam = p.family or ""
    if p.given and (fam.startswith(("vom ", "von der ", "aus ")) or _UNIT_WORD.search(fam)):
        # "Herr Muster vom Sportverein": a unit, not a family-name particle.
        return match_person_name(text, pos, p.spans["family"][0], need_salutation=need_salutation)
    # A name ends before a common noun: "beantragt Frau Dr. Muster Rederecht".
    words = list(_WORDS.finditer(text, p.name_start, p.end))
    for w in words[1:]:
        if _NOT_NAME_WORD.search(w.group()):
            return match_person_name(text, pos, w.start(), need_salutation=need_salutation)
    return p


def _party_of(value: str) -> str | None:
    canon = canonical_party(value)
    if canon:
        return canon
    found = find_parties(value)
    return found[0][2] if found else None


def _clean_party(value: str, role: str | None) -> tuple[str | None, str | None]:
    """(party, organization) of the words after a role ("DIE PARTEI", "FDP-Fraktion im Rat X")."""
    v = " ".join(value.split()).strip(" ,;:()")
    if not v:
        return None, None
    p = _party_of(v)
    if p:
        return p, None
    if is_political(role) and not _LEAD_ARTICLE.match(v):
        v2 = re.sub(r"\s+(?:im|in der|in)\s+.*$", "", v)
        v2 = re.sub(r"^(?:Fraktion|Gruppe)\s+|[\s-]Fraktion$", "", v2).strip()
        if v2 and len(v2.split()) <= 4:
            return v2, None
    return None, _LEAD_ARTICLE.sub("", v) or None


def _phrase(text: str, pos: int, limit: int = 120) -> tuple[str, int] | None:
    """A capitalised noun phrase at ``pos`` (an organization), ended by , . ; ) or line end."""
    m = _ORG_PHRASE.match(text, pos, min(len(text), pos + limit))
    if not m:
        return None
    value = m.group()
    cut = _PHRASE_STOP.search(value)
    if cut:
        value = value[: cut.start()]
    value = value.rstrip(" .")
    if not value or len(value.split()) > 12:
        return None
    return value, m.start() + len(value)


def _add_tail(text: str, e: int, m: _Mention) -> None:
    """Party, organization or role printed right after the name."""
    pm = _PAREN.match(text, e)
    if pm:
        inner = pm.group("inner").strip()
        s = (pm.start("inner"), pm.end("inner"))
        party = _party_of(inner) if len(inner) <= 40 else None
        r = role_at(inner, 0, female=m.name.female)
        if party and not m.party:
            m.party, m.spans["party"] = party, s
        elif r and r[1] == len(inner) and not m.role:
            m.role, m.spans["role"] = r[0], s
        elif not m.organization and not party:
            org = org_for_role(m.role, inner) if m.role else inner
            m.organization, m.spans["organization"] = org, s
        return
    am = _AUS.match(text, e)
    if am and m.role:
        if not m.organization:
            place = am.group("place")
            m.organization = org_for_role(m.role, place)
            m.spans["organization"] = (am.start("place"), am.end("place"))
        return
    if _ALS.match(text, e):
        return
    lm = _LOCATIVE.match(text, e)
    if lm and text[lm.start() : lm.end()].strip() in (
        "vom",
        "von der",
        "von dem",
        "aus dem",
        "aus der",
    ):
        ph = _phrase(text, lm.end())
        if ph and not m.organization:
            m.organization, m.spans["organization"] = ph[0], (lm.end(), ph[1])
        return
    if e < len(text) and text[e] == ",":
        k = e + 1
        while k < len(text) and text[k] == " ":
            k += 1
        r = role_at(text, k, min(len(text), k + 60), female=m.name.female)
        if r:
            if not m.role:
                m.role, m.spans["role"] = r[0], (k, r[1])
            k = r[1]
            while k < len(text) and text[k] == " ":
                k += 1
            ph = _phrase(text, k)
            if ph:
                party, org = _clean_party(ph[0], m.role)
                if party and not m.party:
                    m.party, m.spans["party"] = party, (k, ph[1])
                elif org and not m.organization:
                    m.organization, m.spans["organization"] = org, (k, ph[1])
            return
        ph = _phrase(text, k)
        # "Frau X, Fachbereich Y, erläutert": the phrase must be closed by a comma (or a
        # sentence end), else it is the start of the next clause.
        if ph and ph[1] < len(text) and text[ph[1]] in ",." and ph[0][0].isupper():
            first = ph[0].split()[0]
            if parse_person_name(ph[0]) is not None and parse_person_name(ph[0]).full == ph[0]:
                return  # "Herr A, Frau B": an enumeration of people
            party = _party_of(ph[0])
            if party and not m.party:
                m.party, m.spans["party"] = party, (k, ph[1])
            elif not m.organization and first not in ("Sie", "Er", "Es", "Die", "Der", "Das"):
                m.organization, m.spans["organization"] = ph[0], (k, ph[1])


def _mention(name: ParsedName) -> _Mention:
    m = _Mention(name)
    m.spans["name"] = (name.name_start, name.end)
    return m


class _LineMap:
    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.starts = [ln.start for ln in lines]

    def at(self, offset: int) -> Line | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i < 0:
            return None
        ln = self.lines[i]
        return ln if offset <= ln.end else None


def _is_row(text: str, ln: Line | None, pos: int, end: int) -> bool:
    """A list row: the name opens its line and the line holds nothing but cells/a party."""
    if ln is None or pos - ln.start > 12:
        return False
    head = text[ln.start : pos]
    if _BULLET.sub("", head).strip():
        return False
    rest = text[end : min(ln.end, end + 200)]
    if "\t" in rest or "|" in rest:
        return True
    rest = rest.strip(" :,")
    if not rest or _party_of(rest) is not None or party_at(rest, 0):
        return True
    # Columns a PDF converter joined with spaces: "Herr Max Muster SPD ab 17:20 Uhr",
    # "Frau Erika Muster Leiterin Fachbereich 3". A sentence has other lower-case words.
    if rest[0] in ",(":
        return False
    return all(w.casefold() in _ROW_WORDS or not w[0].islower() for w in rest.split())


def _row_fields(text: str, ln: Line, end: int, m: _Mention) -> None:
    """Party, role or organization from the cells after a list row's name."""
    rest = text[end : min(ln.end, end + 200)]
    k = end + len(rest) - len(rest.lstrip(" \t:,"))
    cell = re.split(r"\t| {2,}", rest.strip(" \t:,"), maxsplit=1)[0].strip() if rest.strip() else ""
    if not cell:
        return
    fm = _party_at_start(cell)
    if fm:
        m.party, m.spans["party"] = fm, (k, k + len(cell))
        return
    r = role_at(cell, 0, female=m.name.female)
    if r:
        m.role, m.spans["role"] = r[0], (k, k + r[1])
        org = cell[r[1] :].strip(" ,")
        if org:
            m.organization, m.spans["organization"] = (
                _LEAD_ARTICLE.sub("", org),
                (k + r[1], k + len(cell)),
            )
    elif _UNIT_WORD.search(cell):
        m.organization, m.spans["organization"] = cell, (k, k + len(cell))


def _party_at_start(cell: str) -> str | None:
    found = find_parties(cell, 0, min(len(cell), 60))
    return found[0][2] if found and found[0][0] == 0 else None


# ---------------------------------------------------------------- passes


# Literal openings of salutations and titles: one automaton pass finds them all (no two
# of them can overlap, so a non-overlapping pass misses none).
_LITERAL_ANCHORS = (
    ("Herr", _SALUTATION), ("Frau", _SALUTATION), ("Hr.", _SALUTATION), ("Hrn.", _SALUTATION),
    ("Fr.", _SALUTATION), ("Dr.", _TITLE_ANCHOR), ("Prof.", _TITLE_ANCHOR),
)  # fmt: skip
_LITERAL_AC = AhoCorasick([lit for lit, _ in _LITERAL_ANCHORS], matchkind=MatchKind.LeftmostFirst)
_LITERAL_PATTERNS = [pat for _, pat in _LITERAL_ANCHORS]
# The last letters of every role head word: most words fail this before the long endswith.
_TAIL = min(4, *map(len, HEAD_ENDINGS))
_HEAD_TAILS = frozenset(e[-_TAIL:] for e in HEAD_ENDINGS)
# … and of the whole role words (their words end so, whatever comes before).
_ROLE_TAILS = _HEAD_TAILS | {w[-_TAIL:].lower() for w in _WHOLE_ROLES}


def _is_head(low: str) -> bool:
    """``low.endswith(HEAD_ENDINGS)``."""
    return low[-_TAIL:] in _HEAD_TAILS and low.endswith(HEAD_ENDINGS)


def _word_bounds(text: str, i: int) -> tuple[int, int]:
    a = i
    while a > 0 and (text[a - 1].isalpha() or text[a - 1] == "-"):
        a -= 1
    b = i
    n = len(text)
    while b < n and text[b].isalpha():
        b += 1
    return a, b


# A run that holds the letters (and hyphens) before a word's stem, on the reversed text:
# if it is all letters, it is what _word_bounds walks back over; else walk.
_RUN_BEFORE = re.compile(r"[\w-]*")


def _stem_word_bounds(text: str, rev: str, i: int, e: int) -> tuple[int, int]:
    """``_word_bounds(text, i)`` for a stem (letters only) at ``text[i:e]``; ``rev`` is
    ``text[::-1]``."""
    b = e
    n = len(text)
    while b < n and text[b].isalpha():  # a few letters at most ("-in", "-s")
        b += 1
    back = _RUN_BEFORE.match(rev, n - i).group()
    if not back or back.isalpha():
        return i - len(back), b
    a = i
    while a > 0 and (text[a - 1].isalpha() or text[a - 1] == "-"):
        a -= 1
    return a, b


def _anchors(text: str) -> list[int]:
    """Offsets where a mention may begin: salutations, titles and role words.

    Role words are found by the stems of their head words (one Aho-Corasick pass), then
    checked word by word; one regular expression over all role forms is several times slower.
    """
    ev: list[int] = []
    pats = _LITERAL_PATTERNS
    for k, i, _ in _LITERAL_AC.find_matches_as_indexes(text):
        if pats[k].match(text, i):
            ev.append(i)
    starts: set[int] = set()
    rev = text[::-1]
    # One scan for all stems. It finds fewer occurrences than a search per stem, but a hit in
    # every word holding one (a stem is letters only, so a match that hides another lies in
    # the same word), and the test below depends only on that word.
    n = len(text)
    for _, i, e in _ROLE_STEM_AC.find_matches_as_indexes(text):
        b = e
        while b < n and text[b].isalpha():
            b += 1
        if b - i >= _TAIL:
            # The word's last letters decide most words before its start is looked for
            # (lower() is context-free but for "İ" and the final sigma, in no tail).
            t = text[b - _TAIL : b]
            if "İ" not in t and t.lower() not in _ROLE_TAILS:
                continue
        a, b = _stem_word_bounds(text, rev, i, e)
        if a not in starts and b > a and text[a].isupper():
            w = text[a:b]
            if _is_head(w.lower()) or w in _WHOLE_ROLES:
                starts.add(a)
    for a in starts:
        # The prefix ends in white space right before the word ("\s+$").
        pm = _PREFIX_BEFORE.search(text, max(0, a - 24), a) if a and text[a - 1].isspace() else None
        ev.append(pm.start() if pm else a)
    return sorted(set(ev))


def _inline(text: str, lmap: _LineMap) -> list[_Mention]:
    out: list[_Mention] = []
    n = len(text)
    for pos in _anchors(text):
        if _SALUTATION.match(text, pos):
            name = _name_at(text, pos, need_salutation=True)
            if name is None:
                # "Herr Bürgermeister Muster": salutation, role, then the name.
                k = _SALUTATION.match(text, pos).end()
                r = role_at(text, k, min(n, k + 60), female=text[pos] == "F")
                if not r:
                    continue
                k = r[1] + 1
                nm = _name_at(text, k)
                if nm is None:
                    continue
                m = _mention(nm)
                m.role, m.spans["role"] = r[0], (pos, r[1])
            else:
                m = _mention(name)
                ln = lmap.at(pos)
                if ln is not None and _is_row(text, ln, pos, name.end):
                    m.output = False
                    _row_fields(text, ln, name.end, m)
                    out.append(m)
                    continue
            # The role may stand just before: "Die Ausschussvorsitzende, Frau Dr. Muster".
            _role_before(text, pos, m)
            _add_tail(text, m.name.end, m)
            out.append(m)
            continue
        if _TITLE_ANCHOR.match(text, pos):
            # "Dr. Erika Muster" without salutation: a person if a given name follows; after a
            # salutation or role the other anchors have it already.
            before = text[max(0, pos - 40) : pos]
            if _TITLE_BEFORE.search(before):
                continue
            wb = _LAST_WORD.search(before)
            if wb and role_at(before, wb.start(1)) is not None:
                continue
            name = _name_at(text, pos)
            if name is None or not name.given:
                continue
            m = _mention(name)
            ln = lmap.at(pos)
            m.output = not _is_row(text, ln, pos, name.end)
            _add_tail(text, name.end, m)
            out.append(m)
            continue
        r = role_at(text, pos, min(n, pos + 80))
        if not r:
            continue
        k = r[1]
        org: tuple[str, Span] | None = None
        lm = _LOCATIVE.match(text, k)
        if lm and text[lm.start() : lm.end()].strip() in ("der", "des"):
            # "die Bürgermeisterin der Gemeinde X, Erika Muster"
            ph = _phrase(text, lm.end(), 80)
            if ph and ph[1] < n and text[ph[1]] == ",":
                org = (ph[0], (lm.end(), ph[1]))
                k = ph[1]
            else:
                continue
        apposition = k < n and text[k] == ","
        if apposition:
            k += 1
        while k < n and text[k] == " ":
            k += 1
        if _SALUTATION.match(text, k):
            continue  # the salutation anchor handles it (and looks back for this role)
        name = _name_at(text, k)
        if name is None or name.salutation:
            continue
        if not name.given:
            # A surname alone after a role: only "Stadtverordneter Muster als …", "… Muster (SPD)".
            if apposition or not (_ALS.match(text, name.end) or _PAREN.match(text, name.end)):
                continue
        elif apposition and org is None and not (name.end < n and text[name.end] in ",."):
            continue
        m = _mention(name)
        role = r[0]
        if role.endswith("e") and _ARTICLE_MASC.search(text, max(0, pos - 5), pos):
            role += "r"  # "der Beigeordnete Max Muster": weak masculine nominative
        m.role, m.spans["role"] = role, (pos, r[1])
        if org:
            m.organization, m.spans["organization"] = org[0], org[1]
        _add_tail(text, name.end, m)
        out.append(m)
    return out


_BEFORE = re.compile(r"(?P<role>\S+(?:\s+\S+)?)\s*,\s*$")


def _role_before(text: str, pos: int, m: _Mention) -> None:
    """ "Die Ausschussvorsitzende, Frau Dr. Muster" → role from before the comma."""
    if m.role:
        return
    k = pos - 1
    while k >= 0 and text[k] == " ":
        k -= 1
    if k < 0 or text[k] != ",":
        return
    j = k - 1
    while j >= 0 and text[j] == " ":
        j -= 1
    w = j
    while w >= 0 and (text[w].isalpha() or text[w] == "-"):
        w -= 1
    word_start = w + 1
    if word_start > j:
        return
    # The role word may carry an adjective in front ("den stellvertretenden Vorsitzenden").
    prev = word_start - 1
    while prev >= 0 and text[prev] == " ":
        prev -= 1
    ps = prev
    while ps >= 0 and text[ps].isalpha():
        ps -= 1
    for start in (ps + 1, word_start):
        r = role_at(text, start, j + 1, female=m.name.female)
        if r and r[1] == j + 1:
            m.role, m.spans["role"] = r[0], (start, j + 1)
            return


def _names_line(clean: str) -> list[str] | None:
    """The names of a signature line ("gez. A B<TAB>gez. C D", "A B und C D"), or None."""
    if not clean or len(clean) > 120 or ":" in clean:
        return None
    out: list[str] = []
    for col in clean.split("\t"):
        col = _GEZ.sub("", col.strip())
        if not col:
            continue
        for part in _NAME_SPLIT.split(col):
            part = _GEZ.sub("", part.strip())
            if not part:
                continue
            p = parse_person_name(part)
            if p is None or not p.given or p.end != len(part) or p.salutation:
                return None
            words = p.full.split()
            if any(_NOT_NAME_WORD.search(w) for w in words):
                return None
            out.append(part)
    return out or None


def _role_cols(clean: str) -> list[tuple[str, str]] | None:
    """[(role, rest)] per column of a role line, or None if a column is no role."""
    cols = [c.strip() for c in clean.split("\t") if c.strip()]
    if not cols:
        return None
    out = []
    for c in cols:
        c = re.sub(r"^(?:Der|Die)\s+", "", c)
        r = role_at(c, 0)
        if not r:
            return None
        rest = c[r[1] :].strip()
        # Columns joined by spaces: "Ausschussvorsitzende Schriftführerin".
        while rest:
            r2 = role_at(rest, 0)
            if not r2 or (r2[1] < len(rest) and rest[r2[1]] != " "):
                break
            out.append((r[0], ""))
            r, rest = r2, rest[r2[1] :].strip()
        out.append((r[0], rest))
    return out


def _split_joined(names: list[str], k: int) -> list[str]:
    """One space-joined line of ``k`` names ("Dr. Erika Muster Max Beispiel") split in pairs."""
    if len(names) != 1 or k < 2:
        return names
    words = names[0].split()
    out: list[str] = []
    cur: list[str] = []
    for w in words:
        cur.append(w)
        if not w.endswith(".") and len([x for x in cur if not x.endswith(".")]) == 2:
            out.append(" ".join(cur))
            cur = []
    return out if not cur and len(out) == k else names


def _signatures(text: str, lines: list[Line]) -> list[_Mention]:
    out: list[_Mention] = []
    n = len(lines)
    first_word = _FIRST_WORD.match
    for i in range(n - 1):
        nxt = lines[i + 1]
        if nxt.page_break or nxt.blank_before > 1:
            continue
        ln = lines[i]
        c = ln.clean
        if len(c) > 120 or not c or ":" in c:
            continue  # no signature line (_names_line finds no names)
        # Cheap test first: the next line must open with a role word.
        head = first_word(nxt.clean)
        if not head:
            continue
        low = head.group(1).lower()
        if low[-_TAIL:] not in _HEAD_TAILS or not low.endswith(HEAD_ENDINGS):  # _is_head
            continue
        names = _names_line(c)
        if not names:
            continue
        roles = _role_cols(nxt.clean)
        if roles:
            names = _split_joined(names, len(roles))
        if not roles or (len(roles) != len(names) and len(roles) != 1):
            continue
        parties: list[str] = []
        if all(not rest for _, rest in roles) and i + 2 < n and lines[i + 2].blank_before == 0:
            cols = [c.strip() for c in lines[i + 2].clean.split("\t") if c.strip()]
            if len(cols) == len(roles) and all(
                _clean_party(c, r)[0] or _clean_party(c, r)[1]
                for c, (r, _) in zip(cols, roles, strict=True)
            ):
                parties = cols
        for k, nm in enumerate(names):
            p = parse_person_name(nm)
            if p is None:
                continue
            col = k if len(roles) > 1 else 0
            role, rest = roles[col]
            if parties:
                rest = parties[col]
            m = _Mention(p)
            m.spans["name"] = span_in_line(text, ln, nm)
            m.role, m.spans["role"] = role, span_in_line(text, nxt, role.split()[-1])
            party, org = _clean_party(rest, role)
            src = lines[i + 2] if parties else nxt
            if party:
                m.party, m.spans["party"] = party, span_in_line(text, src, rest)
            elif org:
                m.organization, m.spans["organization"] = org, span_in_line(text, src, rest)
            out.append(m)
    return out


# ---------------------------------------------------------------- merging


def _merge(into: PersonMention, m: _Mention) -> None:
    for key in ("role", "party", "organization"):
        if getattr(into, key) is None and getattr(m, key) is not None:
            setattr(into, key, getattr(m, key))
            if key in m.spans:
                into.spans[key] = m.spans[key]


def extract_persons(
    text: str, lines: list[Line], documents: list[DocumentRecord]
) -> list[PersonMention]:
    """Persons the file names, merged per person, not by surname alone."""
    try:
        mentions = _signatures(text, lines) + _inline(text, _LineMap(lines))
    except RecursionError:  # pragma: no cover - defensive: never fail a file over persons
        return []
    attendance = [a for d in documents if d.meeting for a in d.meeting.attendance]
    persons: list[PersonMention] = []
    by_key: dict[str, PersonMention] = {}
    # Full names first: they define the people; surname-only mentions link to them.
    full = [m for m in mentions if m.name.given]
    for m in full:
        key = m.name.full.casefold()
        if not m.output and key not in by_key:
            continue
        p = by_key.get(key)
        if p is None:
            p = PersonMention(name=m.name.full, spans={"name": m.spans["name"]})
            by_key[key] = p
            persons.append(p)
        _merge(p, m)
    # Candidates: everyone printed with a full name — mentions, list rows, attendance.
    cand_names: list[ParsedName] = [m.name for m in full]
    cand_rows: list[_Mention | None] = list(full)
    for a in attendance:
        pa = _as_parsed(a)
        if pa is not None:
            cand_names.append(pa)
            cand_rows.append(None)
    short = [m for m in mentions if not m.name.given and m.output]
    links = link_mentions([m.name for m in short], cand_names)
    loose: dict[str, PersonMention] = {}
    for i, m in enumerate(short):
        ci = links.get(i)
        if ci is not None:
            target = cand_names[ci]
            key = target.full.casefold()
            p = by_key.get(key)
            if p is None:
                p = PersonMention(name=target.full, spans={"name": m.spans["name"]})
                by_key[key] = p
                persons.append(p)
            _merge(p, m)
            row = cand_rows[ci]
            if row is not None:
                _merge(p, row)
            continue
        key = f"{(m.name.salutation or '')[:1]}|{m.name.full.casefold()}"
        p = loose.get(key)
        if p is None:
            p = PersonMention(name=m.name.full, spans={"name": m.spans["name"]})
            loose[key] = p
            persons.append(p)
        _merge(p, m)
    return persons
