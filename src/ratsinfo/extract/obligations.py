"""Duties with deadlines that a motion or resolution sets.

Only the operative part counts: the Beschlussvorschlag / Beschluss / Antragstext, from its
heading ("Beschlussvorschlag:", "Der Stadtrat möge beschließen:") to the next section
(Begründung, Sachverhalt, Finanzielle Auswirkungen, Anlagen, signatures …). The history in
a Begründung ("das im Januar 2019 vorgelegte Konzept") is no duty.

A sentence there is a duty when it carries a modal or mandate ("soll … informiert
werden", "wird beauftragt, … vorzulegen", "ist … vorzulegen", "berichtet … im September")
and a deadline that is not before the paper's own date:

* ``bis zum 30.06.2025`` → 2025-06-30; ``zum 31.12.`` → the next 31 December;
* ``im Dezember 2022`` → 2022-12; ``in der Sitzung im September`` → September after the
  paper's date; ``bis Ende 2023`` → 2023-12; ``Mitte 2024`` → 2024-06;
* ``im ersten Quartal 2024`` → 2024-03; ``im zweiten Halbjahr 2024`` → 2024-12.

``what`` is a compact infinitive paraphrase: the deadline, modal, mandate and the actor
are dropped, a passive becomes active ("Die Stadtverordnetenversammlung soll … über den
Sachstand informiert werden" → "Stadtverordnetenversammlung über den Sachstand
informieren"), a zu-infinitive loses its "zu" ("vorzulegen" → "vorlegen").
"""

from __future__ import annotations

import re

from ratsinfo.split.lines import Line

from .dates import MONTHS, find_dates
from .records import ObligationRecord

Span = tuple[int, int]

# ---------------------------------------------------------------- the operative part

_START_HEAD = (
    r"^(?:\d{1,2}\.?\s*)?(?:Beschlussvorschlag|Beschlussentwurf|Beschlusstext|Beschlussempfehlung"
    r"|Beschluss(?:\s+des\s+\w+)?|Antragstext|Empfehlung|Geänderter\s+Beschlussvorschlag"
    r"|Beschlussfassung|Tenor)\b\s*:?\s*(?P<rest>.*)$"
)
_START_PHRASE = (
    r"^.{0,80}\b(?:möge|wolle|möchte)\s+(?:folgendes\s+)?beschließen\b"
    r"|^(?:Der|Die|Das)\s+[\wäöüÄÖÜß-]+(?:\s+[\wäöüÄÖÜß-]+){0,6}\s+beschließt\s*:"
)
_START = re.compile(f"{_START_HEAD}|{_START_PHRASE}", re.IGNORECASE)
# _START in two, tried only on lines holding one of its words as IGNORECASE compares (the
# phrases are slow to try on every line): the heading first, as the alternation does.
_START_HEAD_RE = re.compile(_START_HEAD, re.IGNORECASE)
_START_PHRASE_RE = re.compile(_START_PHRASE, re.IGNORECASE)
_START_WORDS = ("beschl", "antragstext", "empfehlung", "tenor")  # every match holds one
_START_WORDS_B = tuple(w.encode() for w in _START_WORDS)
_PHRASE_WORD = "beschlie"  # both phrases hold it
# str.lower agrees with IGNORECASE but for these (see needles.lowered); "İ" is also the one
# character whose lower() is longer.
_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})


def _lower(s: str) -> str:
    return s.translate(_FOLD).lower() if ("İ" in s or "ı" in s or "ſ" in s) else s.lower()


def _start(c: str, low: str) -> tuple[bool, str | None]:
    """(whether ``_START`` matches ``c``, its group "rest"); ``low`` is ``_lower(c)``."""
    m = _START_HEAD_RE.match(c)
    if m:
        return True, m.group("rest")
    return (_PHRASE_WORD in low and _START_PHRASE_RE.match(c) is not None), None


def _start_candidates(cleans: list[str]) -> list[int]:
    """Indices of the lines that hold a word of _START (all others cannot match).

    The words are ASCII, and IGNORECASE takes no other character for their letters but
    "ſ" for "s": with that replaced, the UTF-8 bytes lowered (ASCII only, and fast) hold
    each word wherever the pattern could see it."""
    joined = "\n".join(cleans)  # no clean line holds "\n"
    if "ſ" in joined:
        joined = joined.replace("ſ", "s")
    low = joined.encode("utf-8", "surrogatepass").lower()
    hits: list[int] = []
    for w in _START_WORDS_B:
        k = low.find(w)
        while k >= 0:
            hits.append(k)
            k = low.find(w, k + 1)
    found: list[int] = []
    line = pos = 0
    for k in sorted(hits):
        line += low.count(b"\n", pos, k)
        pos = k
        if not found or found[-1] != line:
            found.append(line)
    return found


_END = re.compile(
    r"^(?:\d{1,2}\.?\s*)?(?:Begründung|Begruendung|Sachverhalt|Sachdarstellung|Erläuterung|Erläuterungen"
    r"|Problembeschreibung|Problemstellung|Finanzielle\s+Auswirkung|Finanzielle\s+Auswirkungen"
    r"|Auswirkungen|Ergebnisse?\s+der\s+Vorberatung|Anlage|Anlagen|Beschlussverfolgung"
    r"|Demografische|Klimatische|Unterschrift|gez\.|Mitzeichnung|Stellungnahme|Abstimmungsergebnis"
    r"|Datum/Unterschrift|Haushaltsrechtliche|Finanzierung|Sachstand|Kosten|Ausgangslage|Hintergrund"
    r"|Wir\s+bitten|Mit\s+freundlichen|Beratungsergebnis|Abstimmung)\b",
    re.IGNORECASE,
)
_MAX_LINES = 300


def _operative(lines: list[Line], i0: int, i1: int) -> list[tuple[int, int]]:
    """Line ranges [a, b) of the operative parts of ``lines[i0:i1]``."""
    out: list[tuple[int, int]] = []
    cleans = [lines[i].clean for i in range(i0, i1)]  # indexed as the lines are below
    i = i0
    for k in _start_candidates(cleans):
        if i0 + k < i:
            continue
        i = i0 + k
        found, rest = _start(cleans[k], _lower(cleans[k]))
        if not found:
            continue
        a = i if (rest or "").strip() or rest is None else i + 1
        j = i + 1
        while j < i1 and j - i < _MAX_LINES and not _END.match(lines[j].clean):
            j += 1
        if j > a:
            out.append((a, j))
        i = j
    return out


# ---------------------------------------------------------------- sentences

_ABBREV_DOT = re.compile(
    r"(?:\b(?:z|u|d|v|o|s|ggf|bzw|ca|gem|Nr|Abs|Art|inkl|usw|evtl|etc|vgl|bspw|insb|ff|lfd|Ziff|Dr|Prof|Hr|Fr|"
    r"Str|St|Pkt|TOP|Mio|Mrd|i|S|max|min|zzgl|sog|öffentl)\.)$"
)


_BOUNDARY = re.compile(r"[.!?;](?=\s|$)|\n[ \t]*\n")


def _sentences(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Sentence spans in ``text[a:b]``: a period, ! or ? before white space ends one, unless
    after a number or an abbreviation; a blank line ends one too."""
    out: list[tuple[int, int]] = []
    start = a
    for m in _BOUNDARY.finditer(text, a, b):
        i = m.start()
        if text[i] == ".":
            if i > a and text[i - 1].isdigit():
                continue
            if _ABBREV_DOT.search(text, max(a, i - 8), i + 1):
                continue
        end = m.end() if text[i] != "\n" else i
        if text[start:end].strip():
            out.append((start, end))
        start = m.end()
    if text[start:b].strip():
        out.append((start, b))
    return out


# ---------------------------------------------------------------- deadlines

_ORD = {
    "ersten": 1, "erste": 1, "1.": 1, "i.": 1, "zweiten": 2, "zweite": 2, "2.": 2, "ii.": 2,
    "dritten": 3, "dritte": 3, "3.": 3, "iii.": 3, "vierten": 4, "vierte": 4, "4.": 4, "iv.": 4,
}  # fmt: skip
_ORD_RE = (
    r"(?:ersten|erste|zweiten|zweite|dritten|dritte|vierten|vierte|[1-4]\.|IV\.|III\.|II\.|I\.)"
)
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_MONTH_NAMES = "|".join(sorted((k for k in MONTHS if len(k) > 3), key=len, reverse=True))
_QUARTER = re.compile(rf"(?i)\b(?P<o>{_ORD_RE})\s*Quartals?\s+(?:des\s+Jahres\s+)?{_YEAR}")
_HALF = re.compile(
    rf"(?i)\b(?P<o>{_ORD_RE})\s*(?:Halbjahr|Jahreshälfte)(?:es|s)?\s+(?:des\s+Jahres\s+)?{_YEAR}"
)
_PART_YEAR = re.compile(
    rf"(?i)\b(?P<p>Ende|Mitte|Anfang|Beginn)\s+(?:(?:des\s+)?(?:Jahres|Jahr)\s+)?(?:(?P<mn>{_MONTH_NAMES})\s+)?{_YEAR}"
)
_YEAR_END = re.compile(
    r"(?i)\b(?:bis\s+(?:zum\s+)?)?(?:Jahresende|Ende\s+des\s+(?:laufenden\s+)?Jahres)\b(?!\s+(?:19|20)\d\d)"
)
_DAY_MONTH = re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?!\d)")
_MONTH_ONLY = re.compile(
    rf"(?i)\b(?:im|bis\s+(?:zum|Ende)|zum|ab|Ende|Anfang|Mitte)\s+(?P<mn>{_MONTH_NAMES})\b(?!\s*\d)"
)
# Every month name of _MONTH_NAMES holds one of these (tests check it).
_MONTH_STEMS = (
    "jan",
    "jän",
    "feb",
    "mär",
    "maerz",
    "apr",
    "aug",
    "sep",
    "okt",
    "nov",
    "dez",
    "juli",
    "juni",
)
_BIS_YEAR = re.compile(rf"(?i)\bbis\s+(?:zum\s+Jahr(?:e)?\s+|spätestens\s+)?{_YEAR}\b(?![./\d])")
# Dates that point back, not forward: "Beschluss vom 14.11.2024", "seit 2019".
_BACK = re.compile(r"(?i)(?:\bvom|\bvon|\bseit|\bzuletzt|\bam)\s*$")
_PREP = re.compile(
    r"(?i)(?:\b(?:bis|spätestens|zum|zur|im|in|ab|am|jeweils|bis\s+spätestens|bis\s+zum|bis\s+zur"
    r"|in\s+der\s+Sitzung|in\s+seiner\s+Sitzung|in\s+ihrer\s+Sitzung)\s+)+$"
)
_ATTRIBUTIVE = re.compile(r"^\s+[a-zäöüß]+(?:te|ten|tes|ter|tem|ene|enen|enes|ener)\b")

_YM = tuple[int, int]
_DATE_LABEL = re.compile(r"(?i)datum|erstellt|vom\b|stand")


def _doc_date(lines: list[Line], i0: int, i1: int) -> str | None:
    """The paper's own date: a labelled date in its header, else the first full date."""
    first: str | None = None
    for ln in lines[i0 : min(i1, i0 + 60)]:
        c = ln.clean[:200]  # header lines are short; a long line is prose
        for d in find_dates(c)[:4]:
            if len(d.iso) != 10:
                continue
            if _DATE_LABEL.search(c, max(0, d.start - 40), d.start):
                return d.iso
            first = first or d.iso
    return first


def _deadline(text: str, a: int, b: int, doc: str | None) -> tuple[str, int, int] | None:
    """(due, start, end) of the first forward deadline in ``text[a:b]``."""
    cands: list[tuple[int, int, str]] = []
    doc_ym: _YM | None = (int(doc[:4]), int(doc[5:7])) if doc else None
    for d in find_dates(text, a, b):
        cands.append((d.start, d.end, d.iso))
    # Each pattern needs a word (as IGNORECASE compares): where it is missing, skip the scan.
    low = _lower(text[max(a, 0) : b])  # the range finditer searches (it clamps pos)
    has_ende = "ende" in low
    if "quartal" in low:
        for m in _QUARTER.finditer(text, a, b):
            q = _ORD[m.group("o").lower()]
            cands.append((m.start(), m.end(), f"{m.group('y')}-{q * 3:02d}"))
    if "halbjahr" in low or "jahreshälfte" in low:
        for m in _HALF.finditer(text, a, b):
            h = _ORD[m.group("o").lower()]
            cands.append((m.start(), m.end(), f"{m.group('y')}-{6 if h == 1 else 12:02d}"))
    if has_ende or "mitte" in low or "anfang" in low or "beginn" in low:
        for m in _PART_YEAR.finditer(text, a, b):
            if m.group("mn"):
                mo = MONTHS[m.group("mn").lower()]
            else:
                mo = {"ende": 12, "mitte": 6, "anfang": 1, "beginn": 1}[m.group("p").lower()]
            cands.append((m.start(), m.end(), f"{m.group('y')}-{mo:02d}"))
    if "bis" in low:
        for m in _BIS_YEAR.finditer(text, a, b):
            cands.append((m.start(), m.end(), f"{m.group('y')}-12"))
    if doc_ym:
        if has_ende:
            for m in _YEAR_END.finditer(text, a, b):
                cands.append((m.start(), m.end(), f"{doc_ym[0]}-12"))
        for m in _DAY_MONTH.finditer(text, a, b):
            d, mo = int(m.group("d")), int(m.group("m"))
            if 1 <= mo <= 12 and 1 <= d <= 31:
                y = (
                    doc_ym[0] + (1 if (mo, d) < (doc_ym[1], int(doc[8:10])) else 0)
                    if doc
                    else doc_ym[0]
                )
                cands.append((m.start(), m.end(), f"{y}-{mo:02d}-{d:02d}"))
        if any(w in low for w in _MONTH_STEMS):
            for m in _MONTH_ONLY.finditer(text, a, b):
                mo = MONTHS[m.group("mn").lower()]
                y = doc_ym[0] + (1 if mo < doc_ym[1] else 0)
                s = m.start("mn")
                cands.append((s, m.end(), f"{y}-{mo:02d}"))
    # Overlapping candidates: the longest wins ("bis Ende 2023" over "2023").
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    last_end = -1
    for s, e, iso in cands:
        if s < last_end:
            continue
        last_end = e
        before = text[max(a, s - 20) : s]
        if _BACK.search(before):
            continue
        if _ATTRIBUTIVE.match(text, e, b):
            continue  # "das im Januar 2019 vorgelegte Konzept"
        if doc and iso[: len(doc[:7])] < doc[:7]:
            continue  # before the paper itself: history
        return iso, s, e
    return None


# ---------------------------------------------------------------- duty cue

_DUTY = re.compile(
    r"(?i)\b(?:soll|sollen|sollte|sollten|muss|müssen|hat|haben|ist|sind|wird|werden|möge|mögen)\b"
    r"|\b(?:beauftragt|aufgefordert|gebeten|ersucht|verpflichtet)\b"
    r"|\b\w+zu(?:legen|stellen|setzen|führen|arbeiten|richten|nehmen|geben|schließen|werten|weisen)\b"
    r"|\bzu\s+\w+(?:en|ern|eln)\b"
    r"|\b(?:berichtet|berichten|legt|legen|informiert|informieren|unterrichtet|unterrichten|erstellt|prüft"
    r"|erarbeitet|veröffentlicht|stellt|gibt|führt|richtet)\b"
)
_NOT_DUTY = re.compile(r"(?i)\b(?:wurde|wurden|worden|war|waren|hatte|hatten|bereits)\b")
_NEG_END = re.compile(r"(?i)\b(?:in\s+Kraft|außer\s+Kraft)\b")


# ---------------------------------------------------------------- paraphrase

_SEP = (
    "zurück", "zusammen", "weiter", "vorbei", "bereit", "fertig", "statt", "teil", "fest", "fort",
    "dar", "durch", "nach", "voran", "vor", "weg", "hin", "her", "mit", "ein", "auf", "aus", "an", "ab",
    "bei", "um", "zu", "los", "frei",
)  # fmt: skip
_SEP_LONGEST_FIRST = tuple(sorted(_SEP, key=len, reverse=True))
_INSEP = ("be", "ver", "er", "ent", "zer", "emp", "miss", "über", "unter", "hinter", "wider", "ge")
_STRONG = {
    "schlossen": "schließen", "nommen": "nehmen", "schrieben": "schreiben", "geben": "geben",
    "laden": "laden", "schlagen": "schlagen", "griffen": "greifen", "troffen": "treffen",
    "boten": "bieten", "gonnen": "ginnen", "funden": "finden", "halten": "halten", "lassen": "lassen",
    "schieden": "scheiden", "zogen": "ziehen", "sprochen": "sprechen", "sandt": "senden",
    "bracht": "bringen", "nannt": "nennen", "wiesen": "weisen", "tragen": "tragen", "sehen": "sehen",
    "worfen": "werfen", "schaffen": "schaffen", "hoben": "heben", "stiegen": "steigen",
    "gangen": "gehen", "standen": "stehen", "wonnen": "winnen", "leitet": "leiten", "fahren": "fahren",
    "rufen": "rufen", "messen": "messen", "stoßen": "stoßen", "zeichnet": "zeichnen",
    "richtet": "richten", "arbeitet": "arbeiten", "wertet": "werten", "bildet": "bilden",
    "meldet": "melden", "wendet": "wenden", "startet": "starten", "gestaltet": "gestalten",
    "schlossene": "schließen",
}  # fmt: skip
_GE_VERBS = ("genehmig", "gewährleist", "gewähr", "gefährd", "gestalt", "gebrauch")


def _weak(stem_t: str) -> str | None:
    """ "leg" + t → "legen"; "arbeitet" → "arbeiten"; "informiert" → "informieren"."""
    w = stem_t
    if w.endswith("iert"):
        return w[:-1] + "en"
    if not w.endswith("t") or len(w) < 3:
        return None
    if w.endswith(("tet", "det")) or re.search(
        r"[^aeiouäöül r]n?et$|[cfgkp]net$|chnet$|ffnet$|dmet$|tmet$", w
    ):
        stem = w[:-2]
    else:
        stem = w[:-1]
    if stem.endswith(("er", "el")) and not stem.endswith(("ier",)) and len(stem) > 3:
        return stem + "n"
    return stem + "en"


def infinitive(word: str) -> str | None:
    """Infinitive of a past participle or a 3rd-person finite verb, or None.

    "vorgelegt" → "vorlegen", "informiert" → "informieren", "abgeschlossen" → "abschließen",
    "erarbeitet" → "erarbeiten", "berichtet" → "berichten", "vorzulegen" → "vorlegen".
    """
    w = word
    if not w or not w.isalpha() or not w.islower() or len(w) < 4:
        return None
    for p in _SEP_LONGEST_FIRST:
        if w.startswith(p + "zu") and len(w) > len(p) + 4 and w.endswith(("en", "ern", "eln")):
            return p + w[len(p) + 2 :]
    prefix = ""
    core = w
    for p in _SEP_LONGEST_FIRST:
        if w.startswith(p + "ge") and len(w) > len(p) + 4:
            prefix, core = p, w[len(p) + 2 :]
            break
    else:
        if w.startswith("ge") and not w.startswith(_GE_VERBS) and len(w) > 5:
            core = w[2:]
        elif w.startswith(_INSEP) or w.endswith("iert"):
            core = w
        else:
            core = w
    for k, v in _STRONG.items():
        if core.endswith(k):
            return prefix + core[: len(core) - len(k)] + v
    if core.endswith("en"):
        return prefix + core  # an unknown strong participle: its form is close to the infinitive
    inf = _weak(core)
    return prefix + inf if inf else None


_ARTICLE = re.compile(r"^(?:der|die|das|ein|eine|einen|eines)\s+(?=[A-ZÄÖÜ])", re.IGNORECASE)
_CONNECTOR = re.compile(
    r"^(?:(?:dazu|dabei|hierzu|hierbei|außerdem|ferner|zudem|weiterhin|zusätzlich|ebenso|auch|darüber\s+hinaus"
    r"|anschließend|insbesondere|darüber|ergänzend|dafür|hierfür|daher|deshalb|danach|ferner|schließlich)\s+)+",
    re.IGNORECASE,
)
_MANDATE = re.compile(
    r"(?i)\b(?:wird|werden)\s+(?:\w+\s+){0,3}?(?:beauftragt|aufgefordert|gebeten|ersucht|verpflichtet)\s*,?\s*"
)
_MODAL = re.compile(
    r"(?i)^(?:soll|sollen|sollte|sollten|muss|müssen|möge|mögen|wird|werden|ist|sind|hat|haben)$"
)
_AUX_END = re.compile(r"(?i)^(?:werden|sein|worden|wird|ist|sind)$")
_FUNC = frozenset(
    [
        "der",
        "die",
        "das",
        "des",
        "dem",
        "den",
        "und",
        "oder",
        "sowie",
        "bzw.",
        "für",
        "von",
        "vom",
        "im",
        "am",
        "in",
        "zur",
        "zum",
        "mit",
        "an",
        "auf",
        "aus",
        "bei",
        "über",
        "unter",
        "nach",
        "vor",
        "zu",
        "als",
        "ein",
        "eine",
        "einen",
        "einem",
        "einer",
        "eines",
        "je",
    ]
)
_DET = frozenset(
    [
        "jede",
        "jeder",
        "jedes",
        "jeden",
        "jedem",
        "alle",
        "allen",
        "aller",
        "diese",
        "dieser",
        "dieses",
        "diesen",
        "diesem",
        "beide",
        "beiden",
        "sämtliche",
        "mindestens",
        "insgesamt",
        "künftig",
        "zukünftig",
        "zeitnah",
        "umgehend",
        "rechtzeitig",
        "unverzüglich",
        "regelmäßig",
        "erneut",
        "spätestens",
        "jeweils",
    ]
)
_PARTICLES = frozenset(_SEP) | {"zurück", "bekannt", "vor"}
_COORD = frozenset({"und", "oder", "sowie", "bzw.", ","})
_NUMBERING = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|[-–•·*])\s+")
_YEAR_PHRASE = re.compile(r"\bim\s+Jahr(?:e)?\s+((?:19|20)\d\d)\b")
_MARKUP = re.compile(r"\*\*|__|<[^>]{1,40}>")


def _tokens(s: str) -> list[str]:
    return re.findall(r"[\wäöüÄÖÜß./§%-]+|,", s)


def _join(tokens: list[str]) -> str:
    return re.sub(r"\s+,", ",", " ".join(tokens)).strip(" ,")


def paraphrase(sentence: str, deadline: tuple[int, int] | None = None) -> str:
    """The duty of ``sentence`` as a compact infinitive phrase (see module doc).

    ``deadline`` is the (start, end) of the deadline phrase inside ``sentence``; it and its
    preposition ("bis zum", "im", "in der Sitzung im") are left out.
    """
    s = sentence
    if deadline:
        a, b = deadline
        pm = _PREP.search(s[:a])
        if pm:
            a = pm.start()
        s = s[:a] + " " + s[b:]
    s = _MARKUP.sub("", s)
    s = re.sub(r"-\s*\n\s*(?=[a-zäöüß])", "", s)  # hyphenation at a line break
    s = " ".join(s.split())
    s = _NUMBERING.sub("", s).strip(" .;:!?")
    # "Der Bürgermeister wird beauftragt, X vorzulegen": the duty is the clause after the comma.
    mm = _MANDATE.search(s)
    if mm:
        rest = s[mm.end() :].strip(" ,")
        if rest:
            s = rest
            s = re.sub(r"^(?:dass|daß)\s+", "", s)
    s = _CONNECTOR.sub("", s)
    toks = _tokens(s)
    if not toks:
        return ""
    passive = len(toks) >= 2 and _AUX_END.match(toks[-1]) is not None
    # Drop the finite modal/auxiliary (position 1 or 2) and, in the active, the actor before it.
    fin = next((i for i, t in enumerate(toks[:10]) if _MODAL.match(t)), None)
    if fin is None:
        fin = next(
            (
                i
                for i, t in enumerate(toks[:8])
                if t.islower() and t not in _FUNC and t not in _DET and t != ","
            ),
            None,
        )
    moved: str | None = None
    if fin is not None:
        t = toks[fin]
        if _MODAL.match(t):
            # "X soll … informiert werden", "X ist … abzustimmen": X is what is acted on.
            if passive or fin == 0 or t.lower() in ("ist", "sind"):
                toks = toks[:fin] + toks[fin + 1 :]
            else:
                toks = toks[fin + 1 :]
        elif fin > 0 and not mm:
            # Active present: "Der Bürgermeister berichtet … über X" → "… über X berichten".
            inf = infinitive(t)
            if inf:
                toks = toks[fin + 1 :]
                moved = inf
    if passive and toks:
        toks = toks[:-1]
    # A separable particle at the end joins the moved verb: "legt … vor" → "vorlegen".
    if moved and toks and toks[-1] in _PARTICLES:
        moved = toks[-1] + moved
        toks = toks[:-1]
    # Participles and zu-infinitives at the end (and coordinated before it) become infinitives.
    out: list[str] = []
    n = len(toks)
    for i, t in enumerate(toks):
        last = i == n - 1
        coord = i + 1 < n and toks[i + 1] in _COORD
        if (
            t == "zu"
            and i + 1 < n
            and toks[i + 1].islower()
            and (i + 2 == n or toks[i + 2] in _COORD)
        ):
            continue
        if (last or coord) and t.islower() and t not in _FUNC:
            inf = infinitive(t)
            if inf and (last or passive or "zu" in t or t.endswith(("t", "en"))):
                out.append(inf)
                continue
        out.append(t)
    if moved:
        out.append(moved)
    res = _join(out)
    res = _YEAR_PHRASE.sub(r"\1", res)
    res = _ARTICLE.sub("", res)
    return res.strip(" ,.;:")


# ---------------------------------------------------------------- entry point


def extract_obligations(text: str, lines: list[Line], i0: int, i1: int) -> list[ObligationRecord]:
    """Obligations in the document ``lines[i0:i1]`` (its Beschlussvorschlag or resolution)."""
    out: list[ObligationRecord] = []
    if i1 <= i0:
        return out
    doc = _doc_date(lines, i0, i1)
    seen: set[tuple[str, str]] = set()
    for a, b in _operative(lines, i0, i1):
        start, end = lines[a].start, lines[b - 1].end
        for s, e in _sentences(text, start, end):
            sent = text[s:e]
            if not _DUTY.search(sent) or _NOT_DUTY.search(sent) or _NEG_END.search(sent):
                continue
            dl = _deadline(text, s, e, doc)
            if dl is None:
                continue
            due, ds, de = dl
            what = paraphrase(sent, (ds - s, de - s))
            if not what:
                continue
            key = (due, what)
            if key in seen:
                continue
            seen.add(key)
            # The sentence's own span, without leading white space.
            lead = len(sent) - len(sent.lstrip())
            out.append(
                ObligationRecord(due=due, what=what, spans={"due": (ds, de), "what": (s + lead, e)})
            )
    return out
