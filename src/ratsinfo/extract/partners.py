"""Cooperation partners: places from the gazetteer, named organisations, count phrases.

One entry point, :func:`find_partners`, takes a stretch of a cooperation's text and returns
the partners it names as canonical names with spans, plus phrases that only *count*
partners ("mit insgesamt 17 Vertragspartnern (…)"), kept as written and never turned into
names.

* Places come from :mod:`ratsinfo.gazetteer` (Kreise, Gemeinden, kreisfreie Städte,
  Berlin's and Hamburg's Bezirke, registration codes "LK PM"). A Land counts only as a
  party in its own right ("mit dem Land Berlin"), not where it merely locates ("im Land
  Brandenburg", "Verbund Brandenburg"). A place that only says where something happens
  ("Neubau in Werder", "am Standort X") is not a partner.
* Places the gazetteer does not know are kept when the text types them ("der Stadt
  Krakau", "Gemeinde Musterbach") or marks them as foreign ("Daugavpils/Lettland",
  "Vejle (DK)"); a foreign city learnt once in a file is recognised there again.
* Organisations (Verbände, Vereine, companies, Senatsverwaltungen, Zweckverbände) count
  where the sentence says they take part: after "mit", "zwischen", "Partner:",
  "Mitglied(schaft) in", in a quoted name of a Verein or Bündnis.

The reporting body itself is never its own partner.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

from ahocorasick_rs import AhoCorasick

from .needles import Words, lowercase

Span = tuple[int, int]

# Countries written after a foreign partner city ("Rom/Italien", "Vejle (DK)").
COUNTRIES = frozenset({
    "Albanien", "Belgien", "Bulgarien", "Dänemark", "Estland", "Finnland", "Frankreich",
    "Griechenland", "Großbritannien", "Irland", "Island", "Italien", "Kroatien", "Lettland",
    "Liechtenstein", "Litauen", "Luxemburg", "Niederlande", "Norwegen", "Österreich", "Polen",
    "Portugal", "Rumänien", "Russland", "Schweden", "Schweiz", "Serbien", "Slowakei",
    "Slowenien", "Spanien", "Tschechien", "Türkei", "Ukraine", "Ungarn", "Belarus", "Israel",
    "China", "Japan", "USA", "Kanada", "Moldau", "Georgien", "Armenien",
})
_CC = r"(?:AT|BE|BG|CH|CZ|DK|EE|ES|FI|FR|GB|GR|HR|HU|IE|IT|LT|LU|LV|NL|NO|PL|PT|RO|SE|SI|SK|UA|UK)"
_CAPWORD = r"[A-ZÄÖÜ][\w\-ÄÖÜäöüßéèáóíëç']+"
# "Daugavpils/Lettland", "Wiener Neustadt/Österreich", "Vejle Kommune (DK)", "Novara (IT)".
# The words are possessive ("++"): what follows one is a space, "/" or "(", never a word
# character, so giving characters back cannot help a match; it only cost time on every word.
_CAPWORD_P = _CAPWORD + "+"
# Read as "\b((?:Le |La |Los |Las |San |St\. )?{_CAPWORD_P}(?: {_CAPWORD_P})?)…". Written with
# the first capital letter in front and "\b" as a look-behind after it, re skips through
# the text to capitals in C instead of trying every position (same matches, ~2x faster).
_CAPREST_P = r"[\w\-ÄÖÜäöüßéèáóíëç']++"
_FOREIGN = re.compile(
    rf"([A-ZÄÖÜ](?<!\w.)(?:(?<=L)(?:e |a |os |as ){_CAPWORD_P}|(?<=S)(?:an |t\. ){_CAPWORD_P}"
    rf"|{_CAPREST_P})(?: {_CAPWORD_P})?)"
    rf"(?:\s*/\s*({_CAPWORD_P})|\s+\(({_CC})\))"
)
_FOREIGN_NOISE = frozenset({"Kommune", "Kommunen", "Stadt", "Region"})
# Where a _FOREIGN match has its "/" or "(": each match holds one. Two patterns with a literal
# first character, which re finds fast (the whole file is scanned; a class is 10x slower).
_FOREIGN_SLASH = re.compile(r"/\s*[A-ZÄÖÜ]")
_FOREIGN_PAREN = re.compile(r"\([A-Z]{2}\)")
_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ")


def _foreign_marked(s: str) -> Iterator[re.Match[str]]:
    """``_FOREIGN.finditer(s)``, tried only just before its separators: a match's name (at
    most three words: "Le Havre", "Wiener Neustadt", "St. Gallen X") runs up to the blanks
    before its separator, of word characters, "." and single spaces only, so it starts after
    the separator before and no earlier than :func:`_name_start` finds; matches are tried at
    each capital there, in order, as the scan would."""
    if "/" not in s and "(" not in s:
        return
    pos = 0
    seps = [m.start() for m in _FOREIGN_SLASH.finditer(s)]
    seps += [m.start() for m in _FOREIGN_PAREN.finditer(s)]
    seps.sort()
    for y in seps:
        if y < pos:
            continue  # inside the match found last
        for i in range(max(_name_start(s, y), pos), y):
            if s[i] in _CAPITALS:
                m = _FOREIGN.match(s, i)
                if m:
                    yield m
                    pos = m.end()
                    break


def _name_start(s: str, y: int) -> int:
    """No _FOREIGN name ending in blanks before ``y`` starts before this offset."""
    i = y
    while i > 0 and s[i - 1].isspace():
        i -= 1
    for _ in range(3):  # the words, back to front
        i = _run_start(s, i)
        while i > 0 and s[i - 1] == ".":  # "St."
            i = _run_start(s, i - 1)
        if i > 0 and s[i - 1] == " ":
            i -= 1
        else:
            break
    return i

# Count phrases: a number of partners, kept as written.
_COUNT = re.compile(
    r"(?<![\w.,])(?:(?:mit|von|aus)\s+)?(?:insgesamt\s+|rund\s+|ca\.\s+|über\s+|weiteren\s+)*"
    r"(?:\d{1,3}|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)\s+"
    r"(?:weitere[n]?\s+|anderen?\s+|kreisfreie[n]?\s+|benachbarte[n]?\s+)?"
    r"(?:Vertragspartner\w*|Kooperationspartner\w*|Partner\w*|Kommunen|Städte\w*|"
    r"Gemeinden|Landkreis\w*|Kreise\w*|Mitglied\w*|Bibliotheksträger\w*|Träger\w*|"
    r"Mitgliedskommunen|Gebietskörperschaften)"
    r"(?:\s+und\s+(?:Gemeinden|Städte|Kommunen|Landkreise|Märkte|Verbände))?"
    r"(?:\s*\([^()\n]{0,160}\))?"
)
# Words one of which every _COUNT match holds, as written (the pattern is case-sensitive).
_DIGIT = re.compile(r"\d")
_COUNT_NUMBERS = Words(("zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn",
                        "elf", "zwölf"))
_COUNT_NOUNS = Words(("artner", "Kommunen", "Städte", "Gemeinden", "Landkreis", "Kreise",
                      "Mitglied", "räger", "Gebietskörperschaften"))

# Organisation head words: a name containing one names an organisation. Only ever asked
# *whether* a string holds one, so "(?<=\w)kasse" stands for "\w+kasse" (same yes/no; the
# "\w+" form backtracked over every word at every position and was slow). The lookahead
# (every first letter, any case) rejects most positions with one test: 5x faster.
_ORG_HEAD = re.compile(
    r"(?=[abcfghiklmnsuvwz])"
    r"(?:verband|verein|bündnis|netzwerk|akademie|gesellschaft|senatsverwaltung|ministerium|"
    r"landesbetrieb|agentur|kammer|universität|hochschule|institut|stiftung|forum|verbund|"
    r"städtetag|landkreistag|gemeindebund|zweckverband|arbeitsgemeinschaft|(?<=\w)kasse|"
    r"(?<=\w)werke?\b|(?<=\w)betrieb|union|allianz|vereinigung|initiative|zentrum|cluster|"
    r"genossenschaft)",
    re.IGNORECASE,
)
# The words of _ORG_HEAD: one of them starts every match (see :mod:`.needles`).
_ORG_HEAD_WORDS = Words((
    "verband", "verein", "bündnis", "netzwerk", "akademie", "gesellschaft", "senatsverwaltung",
    "ministerium", "landesbetrieb", "agentur", "kammer", "universität", "hochschule", "institut",
    "stiftung", "forum", "verbund", "städtetag", "landkreistag", "gemeindebund", "zweckverband",
    "arbeitsgemeinschaft", "kasse", "werk", "betrieb", "union", "allianz", "vereinigung",
    "initiative", "zentrum", "cluster", "genossenschaft",
))


def has_org_head(s: str) -> bool:
    """``bool(_ORG_HEAD.search(s))``, several times faster even on one word (the pattern, an
    IGNORECASE alternation, costs microseconds a word): it runs only from the first of its
    words, if any (lowered as ``lowered`` does, offsets kept; not through its memo, which
    keeps the ranges of the file's text and a word would clear)."""
    i = _ORG_HEAD_WORDS.first_at(lowercase(s, 0, None))
    return i >= 0 and _ORG_HEAD.search(s, i) is not None
_LEGAL_SUFFIX = r"(?:e\.\s?V\.|gGmbH|GmbH(?:\s*&\s*Co\.\s*KG)?|mbH|AG|eG|e\.\s?G\.?|KG|AöR|gAöR)"
_LEGAL_RX = re.compile(_LEGAL_SUFFIX)
_CONNECT = frozenset({"für", "der", "des", "von", "und", "im", "am", "an", "zur", "zum", "&"})
_ORG_STOP_SINGLE = frozenset({
    "präsidium", "präsidiums", "vorstand", "vorstands", "ausschuss", "ausschusses",
    "beirat", "beirats", "arbeitsgruppe", "arbeitskreis", "arbeitskreises", "gremium",
    "gremien", "rahmen", "region", "regionen", "verein", "vereins", "vereines", "verband",
    "zweckverband", "zweckverbandes", "bündnis", "bündnisses", "netzwerk", "netzwerkes",
    "forum", "landes", "bundes", "stadt", "gemeinde", "kommunen", "lhp", "oberbürgermeister",
})
# Cues that the following names take part ("gemeinsam mit", "Projektpartner:").
_CUE = re.compile(
    r"\b(?:mit|zwischen|\w*[Pp]artner\w*|Mitglied\w*|\w+mitglied\w*|Arbeitskreis\w*|"
    r"beteiligt\w*|Beteiligung|Verkehrsunternehmen|Unternehmen|Austritt\w*|Beitritt\w*|"
    r"austreten|beitreten)\b",
)
# The literal core of each _CUE alternative ("artner" in "Projektpartnern"), as written.
_CUE_CORES = Words(("mit", "zwischen", "artner", "itglied", "Arbeitskreis", "beteiligt",
                    "Beteiligung", "nternehmen", "Austritt", "Beitritt", "austreten", "beitreten"))


def _first_cue(seg: str, core_at: int) -> re.Match[str] | None:
    """``_CUE.search(seg)``, started late: every match starts at the start of the word that
    holds its core, so none starts before the word of the first core in the text
    (``core_at``, as :func:`seg_needles` finds it)."""
    i = core_at
    if i < 0:
        return None
    while i > 0 and (seg[i - 1].isalnum() or seg[i - 1] == "_"):  # re's \w
        i -= 1
    return _CUE.search(seg, i)


_QUOTED_ORG = re.compile(
    r"\b(Bündnis(?:ses)?|Netzwerk(?:es|s)?|Verbund(?:es|s)?|Verein(?:es|s)?|Verband(?:es|s)?|"
    r"Forum(?:s)?|Initiative)\s+[„\"»]\s*([^“”\"«\n]{3,120}?)\s*[“”\"«]"
)
_SENAT_ADJ = re.compile(r"\b(Berliner|Hamburger|Bremer)\s+(Senatsverwaltung|Senat)\b")
_SENAT_LAND = {"Berliner": "Berlin", "Hamburger": "Hamburg", "Bremer": "Bremen"}
_MEMBER = re.compile(
    r"\b(?:Mitglied(?:schaft)?|Gründungsmitglied)\s+(?:in\s+der|im|in\s+den|der|des|bei\s+der|beim)\s+"
    r"((?:Zweckverband\s+)?" + _CAPWORD + r"(?:\s+" + _CAPWORD + r"){0,5})"
)
_ARTICLE_BEFORE = re.compile(r"\b(?:der|dem|des|den|im|am|vom|zum|zur|beim)\s+$")
_LOCATIVE_PREP = re.compile(r"(?:^|\s)(?:in|im|aus|nach|bei|nahe|nähe|unweit)\s+$", re.IGNORECASE)
_LOCATIVE_NOUN = re.compile(  # the first letters looked ahead for first: re skips in C
    r"(?=[SRGNO])\b(?:Standort|Raum|Gebiet|Stadtgebiet|Gemeindegebiet|Nähe|Sitz|Ortsteil|Ort)\s+$"
)
# "Museen in Halle", "Ämtern in X": institutions of the places named are the partners.
_INSTITUTIONS = re.compile(
    r"(?:ämter|ämtern|museen|bibliotheken|verwaltungen|städten|kommunen|gemeinden|kreisen|"
    r"schulen|archiven|behörden|einrichtungen|hochschulen|universitäten|stellen|diensten|"
    r"werken|betrieben|partnern|partnerstädten)$", re.IGNORECASE,
)
_LAND_PARTY = re.compile(
    r"(?:\b(?:mit|und|sowie|zwischen)|,)\s+(?:dem\s+|das\s+)?(?:Land|Freistaat|Bundesland)\s+$"
)
# A place inside a word compound is part of a name ("Havelland-Fläming", "Elbe-Börde-Heide").
# Read as "\b(der|die|dem|den|des|mit)\s+…": the first letter in front and "\b" as a
# look-behind after it, so re skips through the text to "d" and "m" in C (same matches).
_TYPED_UNKNOWN = re.compile(
    r"([dm](?<!\w.)(?:(?<=d)(?:er|ie|em|en|es)|(?<=m)it))\s+"
    r"(Stadt|Gemeinde|Bezirk|Landkreis|Markt|Ortsgemeinde|Verbandsgemeinde|Samtgemeinde|"
    r"Kreisstadt|Partnerstadt)\s+(" + _CAPWORD + r")(?=[\s,.;:)]|$)"
)
# One of these is in every match of _TYPED_UNKNOWN ("stadt" for "Kreisstadt", "Partnerstadt").
_TYPED_WORDS = ("Stadt", "stadt", "Gemeinde", "gemeinde", "Bezirk", "Landkreis", "Markt")
_PLURAL_LIST = re.compile(  # the first letters looked ahead for first: re skips in C
    r"(?=[SPKGB])\b(?:Städte[n]?|Partnerstädte[n]?|Kommunen|Gemeinden|Bezirke[n]?)\s+(?=[A-ZÄÖÜ])"
)
_PLURAL_WORDS = ("Städte", "städte", "Kommunen", "Gemeinden", "Bezirke")  # one in each match
_ADJ_END = re.compile(r"^([A-ZÄÖÜ][a-zäöüß]+?)(ischen|en)$")
_GEN = re.compile(r"(tag|bund|verband|verein|verbund|betrieb|forum|netzwerk|institut|zentrum|"
                  r"ministerium|rat|kreis)(?:e?s)$")
_FEM = ("akademie", "agentur", "gesellschaft", "verwaltung", "kammer", "stiftung", "universität",
        "hochschule", "gemeinschaft", "union", "initiative", "allianz", "vereinigung", "kasse")
_NEUT = ("bündnis", "netzwerk", "forum", "institut", "zentrum", "amt", "cluster")


@dataclass(slots=True)
class Partners:
    names: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    phrase_spans: list[Span] = field(default_factory=list)

    def add(self, name: str, span: Span) -> None:
        names = self.names
        if names:
            key = name.casefold()
            key_sp = key + " "
            for i, old in enumerate(names):
                o = old.casefold()
                if o == key:
                    return
                # "Landesbetrieb Straßenwesen" and "… Brandenburg": keep the longer form.
                if key.startswith(o + " ") and has_org_head(o):
                    names[i], self.spans[i] = name, span
                    return
                if o.startswith(key_sp) and has_org_head(key):
                    return
        names.append(name)
        self.spans.append(span)

    def extend(self, other: Partners) -> None:
        for n, s in zip(other.names, other.spans, strict=True):
            self.add(n, s)
        for p, s in zip(other.phrases, other.phrase_spans, strict=True):
            if p not in self.phrases:
                self.phrases.append(p)
                self.phrase_spans.append(s)


@dataclass(slots=True)
class PartnerContext:
    """What is known about the file: the body (never a partner) and its Land."""

    body_keys: frozenset[str] = frozenset()
    body_words: frozenset[str] = frozenset()
    land: str | None = None
    foreign: set[str] = field(default_factory=set)
    # The pattern and words of ``foreign`` as last built, with the names they were built of:
    # every range of the file asks for them.
    _foreign_memo: tuple[frozenset[str], re.Pattern[str], Words] | None = field(
        default=None, init=False, repr=False, compare=False)


@cache  # asked for every partner range
def _gazetteer() -> object | None:
    try:
        from ratsinfo import gazetteer
    except ImportError:  # the gazetteer package is optional for this module
        return None
    return gazetteer


@lru_cache(maxsize=4096)
def lookup_place(name: str, land: str | None = None) -> tuple[str, str, str] | None:
    """(canonical name, kind, key) of a place name, or None: the one normalisation point."""
    gz = _gazetteer()
    if gz is None:
        return None
    try:
        found = gz.lookup(name, land=land)  # type: ignore[attr-defined]
    except Exception:  # a broken gazetteer must not break extraction
        return None
    if not found:
        return None
    p = found[0]
    return p.name, p.kind, p.key


def make_context(body: str | None, text: str) -> PartnerContext:
    """The partner context of a file: its body and Land, foreign cities it names."""
    ctx = PartnerContext()
    if body:
        words = {w for w in re.findall(r"[A-ZÄÖÜ][\w\-]+", body)}
        words -= {"Landeshauptstadt", "Stadt", "Gemeinde", "Landkreis", "Hansestadt", "Kreis",
                  "Markt", "Bezirk", "Der", "Die", "Das"}
        ctx.body_words = frozenset(words)
        gz = _gazetteer()
        if gz is not None:
            try:
                found = gz.lookup(body)  # type: ignore[attr-defined]
            except Exception:
                found = []
            if found:
                ctx.body_keys = frozenset({found[0].key})
                ctx.land = found[0].land or None
    for m in _foreign_marked(text):
        name, country, cc = m.group(1), m.group(2), m.group(3)
        if country and country not in COUNTRIES:
            continue
        name = _strip_foreign(name)
        if name and (cc or country):
            ctx.foreign.add(name)
    return ctx


def _strip_foreign(name: str) -> str:
    parts = [p for p in name.split() if p not in _FOREIGN_NOISE]
    return " ".join(parts)


_GENITIVE_BEFORE = re.compile(r"\b(?:des|eines)\s+$")
# Patterns used on every candidate are compiled once: ``re.search(str, …)`` looks each up in
# re's cache first, which costs as much as a short search.
_ABBREV_END = re.compile(r"\s*\((?:[A-ZÄÖÜ][\w.\-]*)\)$")
_GENERIC_HEAD = re.compile(r"^(?:Zweckverband|Verband|Verein)\s+(.+)$")


def _uninflect(name: str, before: str) -> str:
    """"(mit der) Brandenburgischen Kommunalakademie" → "Brandenburgische Kommunalakademie"."""
    if not _ARTICLE_BEFORE.search(before):
        return name
    words = name.split(" ")
    if _GENITIVE_BEFORE.search(before):
        # Genitive: "des Deutschen Städtetages" → "Deutscher Städtetag".
        for i, w in enumerate(words):
            if has_org_head(w):
                words[i] = _GEN.sub(r"\1", w)
                break
        name = " ".join(words)
    if len(words) < 2:
        return name
    head = words[-1].lower()
    for w in words[1:]:
        if has_org_head(w):
            head = w.lower()
            break
    ending = "er"
    if head.endswith(_FEM) or head.endswith("e") or head.endswith("ung"):
        ending = "e"
    elif head.endswith(_NEUT):
        ending = "es"
    out = []
    for i, w in enumerate(words):
        m = _ADJ_END.match(w)
        if m and i < len(words) - 1 and not has_org_head(w):
            stem = m.group(1) + ("isch" if m.group(2) == "ischen" else "")
            out.append(stem + ending)
        else:
            out.append(w)
            if has_org_head(w):
                out.extend(words[i + 1 :])
                break
    return " ".join(out)


def _clean_org(name: str) -> str:
    name = " ".join(name.split()).strip(" ,;:-–")
    name = _ABBREV_END.sub("", name)  # "(DIKOM)" abbreviation
    # "Zweckverband Brandenburgische Kommunalakademie": the rest names itself.
    m = _GENERIC_HEAD.match(name)
    if m and has_org_head(m.group(1)):
        name = m.group(1)
    return name


_ELLIPSIS_AND = re.compile(r"-?\s+(?:und|oder)\s+")  # "Städte- und Gemeindebund"
_HYPHEN_WORD = re.compile(r"-([\wÄÖÜäöüß]+)")
_ORG_TOKEN = re.compile(r"\s*(,\s*|\s+|-)?(" + _LEGAL_SUFFIX + r"|[\w\-.&ÄÖÜäöüß]+)")
_ELLIPSIS_NEXT = re.compile(r"-\s+(?:und|oder)\s+[A-ZÄÖÜ]")
_INFLECTED = re.compile(r"[a-zäöüß]+(?:er|en|es|e)")
_SPACE_CAP = re.compile(r"\s+[A-ZÄÖÜ]")


def _org_end(text: str, i: int, end: int) -> int:
    """End of an organisation name starting at ``i``: capitalised words, connectors, a legal
    suffix; a "für"-complement may list several nouns ("für Umwelt, Verkehr und Klimaschutz")."""
    pos = i
    last_good = i
    in_fuer = False
    first = True
    while pos < end:
        m = _ORG_TOKEN.match(text, pos, end)
        if not m:
            break
        sep, word = m.group(1) or "", m.group(2)
        if text.find("\n", pos, m.start(2)) >= 0:
            break
        if first:
            sep = " "
        if "," in sep and not in_fuer:
            break
        if _LEGAL_RX.fullmatch(word):
            pos = last_good = m.end()
            break
        if word[:1].isupper():
            if "," in sep and word in {"Stadt", "Gemeinde", "Landkreis", "Bezirk", "Kreis"}:
                break
            ell = (_ELLIPSIS_NEXT.match(text, m.end(), m.end() + 12)
                   if word.endswith("-") is False else None)
            if word.endswith("-") or ell:
                # Matched in place: slicing text[i:] copied the rest of the file each time.
                nx = _ELLIPSIS_AND.match(text, m.end() - (1 if word.endswith("-") else 0))
                if nx:
                    pos = last_good = nx.end()
                    first = False
                    continue
            pos = last_good = m.end()
            if word.endswith("."):
                last_good = m.end() - 1
                break
        elif _INFLECTED.fullmatch(word) and _SPACE_CAP.match(
            text, m.end(), m.end() + 2
        ) and word not in {"der", "den", "des", "die", "oder", "aber", "sowie", "über", "unter",
                           "wieder", "seine", "ihre", "eine", "einer", "einen", "diese", "dieser",
                           "jeder", "jede", "alle", "andere", "anderen", "weitere", "weiteren"}:
            pos = m.end()  # "Zweckverband Komplexsanierung mittlerer Süden"
        elif word in _CONNECT:
            if word == "für":
                in_fuer = True
            elif word == "und" and not in_fuer:
                break
            pos = m.end()
        else:
            break
        first = False
    return last_good


def _orgs(text: str, start: int, end: int, out: Partners, taken: list[Span],
          ctx: PartnerContext, seg: str, needles: SegNeedles) -> None:
    """Organisations ``seg`` (``text[start:end]``) names; ``needles`` are its words."""
    # Each pattern below needs a word or character: segments without it skip the scan.
    quoted = _QUOTED_ORG.finditer(seg) if ("„" in seg or '"' in seg or "»" in seg) else ()
    for m in quoted:
        head, name = m.group(1), " ".join(m.group(2).split())
        s, e = start + m.start(), start + m.end()
        if head.startswith("Verein") or _LEGAL_END.search(name):
            full = name
        else:
            base = _QUOTED_BASE.match(head)
            full = f"{base.group(0) if base else head} {name}"
        out.add(_clean_org(full), (s, e))
        taken.append((s, e))
    for m in _SENAT_ADJ.finditer(seg) if needles.bits & _NB_SENAT else ():
        e2 = _org_end(text, start + m.start(2), end)
        name = text[start + m.start(2) : e2]
        s = start + m.start()
        if _inside(s, taken):
            continue
        land = _SENAT_LAND[m.group(1)]
        full = _clean_org(name)
        if not full.endswith(land):
            full = f"{full} {land}"
        out.add(full, (s, e2))
        taken.append((s, e2))
    for m in _MEMBER.finditer(seg) if needles.bits & _NB_MEMBER else ():
        s = start + m.start(1)
        if _inside(s, taken):
            continue
        e2 = _org_end(text, s, end)
        gen = _MEMBER_OF.match(text[s:e2])
        if gen and gen.group(1).casefold() in _ORG_STOP_SINGLE:
            s += gen.end()  # "Mitglied des Präsidiums im Städte- und Gemeindebund"
        name = _clean_org(text[s:e2])
        if not name or name.casefold() in _ORG_STOP_SINGLE or _is_place_word(name, ctx):
            continue
        if " " not in name and not has_org_head(name) and len(name) < 3:
            continue
        out.add(_uninflect(name, text[max(start, s - 12) : s]), (s, e2))
        taken.append((s, e2))
    companies = _COMPANY_LIST.finditer(seg) if needles.bits & _NB_COMPANY else ()
    for m in companies:
        _company_list(text, start + m.end(), end, out, taken)
    # Named organisations after the first cue: a head word with a name, or a name ending in a
    # legal suffix ("Havelbus Verkehrsgesellschaft mbH").
    cue = _first_cue(seg, needles.cue_at)
    if cue is None:
        return
    cstart = start + cue.start()
    for ms, me, name, _ in _named_orgs(text, cstart, end):
        s = cstart + ms
        if _inside(s, taken):
            continue
        if name:
            if _apposition(text, s, taken):
                continue
            # A lowercase first word belongs to a company name only right after the list's
            # category ("den Verkehrsunternehmen regiobus …").
            if name[:1].islower():
                first, _, rest = name.partition(" ")
                before = text[max(start, s - 40) : s]
                if not _COMPANY_BEFORE.search(before):
                    name, s = rest, s + len(first) + 1
            e2 = cstart + me
            out.add(_clean_org(name), (s, e2))
            taken.append((s, e2))
            continue
        if _apposition(text, s, taken):
            continue
        # Extend backwards over adjectives ("Brandenburgischen Kommunalakademie").
        b = s
        prev = _PREV_CAPWORD.search(text[max(start, s - 40) : s])
        if prev and _ADJ_END.match(prev.group(1)) and not has_org_head(prev.group(1)):
            b = s - len(prev.group(0))
        e2 = _org_end(text, s, end)
        name = _clean_org(text[b:e2])
        if " " not in name and not _LEGAL_RX.search(name):
            continue  # a bare "Zweckverband" names no partner
        if text[e2 : e2 + 1] == "-":
            continue  # part of a compound ("Bündnis-Partner")
        before = text[max(start, b - 12) : b]
        # A Senatsverwaltung or Ministerium belongs to its Land when the text says so.
        mland = _LAND_AFTER.match(text[e2 : e2 + 10])
        if mland and name.startswith(("Senatsverwaltung", "Senat")):
            name = f"{name} {mland.group(1)}"
            e2 += mland.end()
        out.add(_uninflect(name, before), (b, e2))
        taken.append((b, e2))


_LEGAL_END = re.compile(_LEGAL_SUFFIX + r"$")
_QUOTED_BASE = re.compile(r"Bündnis|Netzwerk|Verbund|Verband|Forum|Initiative")
_MEMBER_OF = re.compile(r"(\w+)\s+(?:im|in der|des|der|beim)\s+")
_COMPANY_BEFORE = re.compile(r"(?:unternehmen|Unternehmen|Gesellschaften|Firmen)\s+$")
_PREV_CAPWORD = re.compile(r"(" + _CAPWORD + r")\s+$")
_LAND_AFTER = re.compile(r"\s+(Berlin|Hamburg|Bremen)\b")

# A company name with a legal suffix, or any capitalised word (an organisation's head word?).
_NAMED_ORG = re.compile(
    r"(?:(?<=\s)|^)((?:(?!(?:der|die|das|den|dem|des|und|mit)\s)[a-zäöü][\w\-]*\s+)?"
    r"(?:[A-ZÄÖÜ][\w]*-\s+(?:und|oder)\s+)?(?:" + _CAPWORD + r"\s+(?:(?:von|zu|am|für)\s+)?){0,4}"
    + _CAPWORD
    + r"\s+" + _LEGAL_SUFFIX + r")|\b(" + _CAPWORD + r")"
)
# _NAMED_ORG with its words possessive: each is followed by a blank, never a word character,
# so giving characters back cannot help a match; it only cost time (same matches, about 1.5x
# faster; tests/test_partners.py compares them).
_NAMED_ORG_P = re.compile(
    r"(?:(?<=\s)|^)((?:(?!(?:der|die|das|den|dem|des|und|mit)\s)[a-zäöü][\w\-]*+\s++)?"
    r"(?:[A-ZÄÖÜ][\w]*+-\s++(?:und|oder)\s++)?(?:" + _CAPWORD_P + r"\s++(?:(?:von|zu|am|für)\s++)?)"
    r"{0,4}" + _CAPWORD_P + r"\s++" + _LEGAL_SUFFIX + r")|\b(" + _CAPWORD + r")"
)
# Its word alternative alone, the capital looked ahead for first: what _NAMED_ORG yields where
# the first alternative cannot match (no legal suffix in the text).
_CAPWORD_AT = re.compile(r"(?=[A-ZÄÖÜ])\b(" + _CAPWORD + r")")
# The words of _LEGAL_SUFFIX, as written: one of them is in every match.
_LEGAL_WORDS = ("e.", "mbH", "AG", "eG", "KG", "AöR")
# Every occurrence of a head word (overlapping ones too), by its offsets.
_ORG_HEAD_AC = AhoCorasick(_ORG_HEAD_WORDS.words)


def _any_of(s: str, words: Iterable[str]) -> bool:
    """``any(w in s for w in words)`` without a generator: asked of every range."""
    for w in words:  # noqa: SIM110
        if w in s:
            return True
    return False


def _named_orgs(text: str, start: int, end: int) -> Iterator[tuple[int, int, str | None, str]]:
    """The matches of _NAMED_ORG in ``text[start:end]`` (offsets in it, group 1, group 2) that
    can name an organisation: a name with a legal suffix, or a capitalised word that holds a
    head word. The others (nine in ten) are never made: a word's head word starts inside it,
    at an offset the lowered range shows (one character for one); without a legal suffix
    only the word alternative can match, each within its run of word characters."""
    # A slice, not finditer(text, pos): the lookbehinds must not see before ``start``.
    sub = text[start:end]
    heads = _head_starts(text, start, end)
    legal = _any_of(sub, _LEGAL_WORDS) and _LEGAL_RX.search(sub) is not None
    k, nh = 0, len(heads)
    if not legal:
        # Only the word alternative can match: within a run of word characters, from its first
        # capital after a boundary to the run's end. One search in each run with a head word.
        while k < nh:
            rs, re_ = _run_start(sub, heads[k]), _RUN.match(sub, heads[k]).end()
            while k < nh and heads[k] < re_:
                k += 1
            m = _CAPWORD_AT.search(sub, rs, re_)
            if m and heads[k - 1] >= m.start() and has_org_head(m.group(1)):
                yield m.start(), m.end(), None, m.group(1)
        return
    for m in _NAMED_ORG_P.finditer(sub):
        if m.group(1):
            yield m.start(), m.end(), m.group(1), m.group(2)
            continue
        ms = m.start()
        while k < nh and heads[k] < ms:
            k += 1
        if k < nh and heads[k] < m.end() and has_org_head(m.group(2)):
            yield ms, m.end(), None, m.group(2)


_RUN = re.compile(r"[\w\-ÄÖÜäöüßéèáóíëç']*")  # _CAPWORD's characters


def _run_start(s: str, i: int) -> int:
    """Start of the run of _CAPWORD characters that reaches up to ``i`` (re's ``\\w`` is
    ``isalnum`` or "_"; the other letters of the class are ``isalnum``)."""
    while i > 0:
        c = s[i - 1]
        if not (c.isalnum() or c in "_-'"):
            break
        i -= 1
    return i


def _head_starts(text: str, start: int, end: int) -> list[int]:
    """Offsets in ``text[start:end]`` at which a head word of _ORG_HEAD starts, ascending:
    wherever _ORG_HEAD matches, one does (lowered as IGNORECASE folds, one character for
    one; not through the memo of ``needles.lowered``, whose ranges these are not)."""
    hits = _ORG_HEAD_AC.find_matches_as_indexes(lowercase(text, start, end), overlapping=True)
    if not hits:
        return []
    return sorted({i for _, i, _ in hits})


_COMPANY_WORDS = ("nternehmen", "Firmen", "Betrieben", "Gesellschaften")  # one in each match
_COMPANY_LIST = re.compile(r"\b\w*(?:unternehmen|Unternehmen|Firmen|Betrieben|Gesellschaften)\s+")
_COMPANY_ITEM = re.compile(
    r"(?!(?:der|die|das|den|dem|des|mit|im|in|zur|zum|und|oder|sowie|für|zu|von|bei)\s)([\w][\w\-.]*(?:\s+[A-ZÄÖÜ][\w\-.]*){0,5}"
    r"(?:\s+" + _LEGAL_SUFFIX + r")?)"
)
_ITEM_SEP = re.compile(r"\s*(?:,|und|sowie)\s*(?:und\s+|sowie\s+)?")


def _company_list(text: str, i: int, end: int, out: Partners, taken: list[Span]) -> None:
    """Companies named after their category ("den Verkehrsunternehmen regiobus … und X mbH")."""
    pos = i
    for _ in range(12):
        m = _COMPANY_ITEM.match(text, pos, end)
        if not m or "\n" in m.group(1):
            return
        name = m.group(1).strip()
        # A company name is more than one lowercase word.
        if not (" " in name or name[:1].isupper()) or _inside(m.start(1), taken):
            return
        out.add(_clean_org(name), (m.start(1), m.end(1)))
        taken.append((m.start(1), m.end(1)))
        s = _ITEM_SEP.match(text, m.end(), end)
        if not s or s.end() == m.end():
            return
        pos = s.end()


def _apposition(text: str, s: int, taken: list[Span]) -> bool:
    """"Mitglied der Vitako, - der Bundes-Arbeitsgemeinschaft …": the second name explains
    the first."""
    for _, e in taken:
        if e <= s and s - e < 120:
            between = text[e:s]
            if _APPOSITION_JOIN.fullmatch(between) or _APPOSITION_CLAUSE.match(between):
                return True
    return False


_APPOSITION_JOIN = re.compile(r"\s*,?\s*[-–]?\s*(?:der|die|das|des|dem)?\s*")
_APPOSITION_CLAUSE = re.compile(r"\s*,\s*[-–]?\s*(?:der|die|das|des)\s[^.\n]*$")


def _inside(pos: int, spans: Iterable[Span]) -> bool:
    for s, e in spans:  # noqa: SIM110 (no generator: asked for every candidate)
        if s <= pos < e:
            return True
    return False


def _is_place_word(name: str, ctx: PartnerContext) -> bool:
    return name in ctx.body_words


def _places(text: str, start: int, end: int, out: Partners, taken: list[Span],
            ctx: PartnerContext, seg: str) -> None:
    """Places ``seg`` (``text[start:end]``) names as partners."""
    gz = _gazetteer()
    matches = []
    if gz is not None:
        try:
            # The stretch in place: the file's one reading of its words is sliced, not redone.
            matches = gz.find_places_in(text, start, end, land=ctx.land)  # type: ignore[attr-defined]
        except Exception:
            matches = []
    prev_end = -10
    prev_place = False
    for mt in matches:
        s, e = mt.start, mt.end
        if _inside(s, taken):
            continue
        p = mt.place
        if p.key in ctx.body_keys:
            prev_end, prev_place = e, True
            continue
        before = text[max(start, s - 40) : s]
        name = p.name
        if p.kind == "Land":
            # "Brandenburg/Havel": a city written with its river, not the Land.
            q = _RIVER_AFTER.match(text[e : min(end, e + 30)])
            if q:
                alt = (lookup_place(f"{text[s:e]} an der {q.group(1)}", ctx.land)
                       or lookup_place(f"{text[s:e]} ({q.group(1)})", ctx.land))
                if alt and alt[2] not in ctx.body_keys:
                    out.add(alt[0], (s, e + q.end()))
                    prev_end, prev_place = e + q.end(), True
                continue
            if not _LAND_PARTY.search(before):
                continue
        elif p.kind == "Regierungsbezirk":
            continue
        # Sub-sites in brackets after a place ("Halle (Arche Nebra, Moritzburg)").
        if prev_place and text.find("(", prev_end, s) >= 0 and text.find(")", prev_end, s) < 0:
            continue
        # Part of a word compound that is no place ("Havelland-Fläming").
        if _HYPHEN_CAP.match(text, e, e + 2):
            nxt = _HYPHEN_WORD.match(text, e)  # in place: text[e:] copied the rest of the file
            if nxt and not lookup_place(nxt.group(1), ctx.land):
                continue
        if s > 0 and text[s - 1] == "-" and s - 1 != prev_end:
            continue
        if _locative_noun(before):
            continue
        if _locative_prep(before) and not _typed_before(before):
            # "Neubau in Werder" locates; "Museen in Halle", "Landkreisen in X" name partners.
            w = _PREP_AFTER_WORD.search(before)
            if not (w and _INSTITUTIONS.search(w.group(1))):
                continue
        out.add(name, (s, e))
        taken.append((s, e))
        prev_end, prev_place = e, True
    # Hyphen/slash compounds of places ("Werder-Potsdam/Schwielowsee"): parts the scan missed.
    for m in _compound_heads(seg):
        s = start + m.start(1)
        if _inside(s, taken) or m.group(1) in ctx.body_words:
            continue
        comp = _COMPOUND.match(text, s, end)  # in place: no copy of the rest of the range
        if not comp:
            continue
        # Every part a place (or the body's word); looked up up to the first that is not.
        h0: tuple[str, str, str] | None = None
        for k, pt in enumerate(_COMPOUND_SEP.split(comp.group(0))):
            h = lookup_place(pt, ctx.land)
            if k == 0:
                h0 = h
            if h is None and pt not in ctx.body_words:
                break
        else:
            if h0 and h0[1] not in ("Land", "Regierungsbezirk") and h0[2] not in ctx.body_keys:
                out.add(h0[0], (s, s + len(m.group(1))))
                taken.append((s, s + len(m.group(1))))


_RIVER_AFTER = re.compile(r"\s*/\s*([A-ZÄÖÜ]\w+)")
_HYPHEN_CAP = re.compile(r"-[A-ZÄÖÜ]")
_PREP_AFTER_WORD = re.compile(r"([\wÄÖÜäöüß]+)\s+(?:in|im|aus|nach|bei)\s+$")


def _locative_noun(before: str) -> bool:
    """``bool(_LOCATIVE_NOUN.search(before))``, searched from the last word on (the nouns
    have at most 14 letters, nothing but blanks follow them)."""
    return _LOCATIVE_NOUN.search(before, max(0, len(before.rstrip()) - 14)) is not None


def _locative_prep(before: str) -> bool:
    """``bool(_LOCATIVE_PREP.search(before))``, searched from near the end: a match is the last
    word (at most 6 letters, IGNORECASE folds letter for letter) with the blank before it and
    nothing but blanks after it (``str.isspace`` is re's ``\\s``)."""
    return _LOCATIVE_PREP.search(before, max(0, len(before.rstrip()) - 7)) is not None


# The capital looked ahead for first: re then skips to capitals in C (same matches).
_COMPOUND_HEAD = re.compile(r"(?=[A-ZÄÖÜ])\b(" + _CAPWORD + r")(?=[-/]" + r"[A-ZÄÖÜ])")
_DASH_CAP = re.compile(r"[-/][A-ZÄÖÜ]")
_COMPOUND = re.compile(r"[\wÄÖÜäöüß\-/]+")
_COMPOUND_SEP = re.compile(r"[-/]")


def _compound_heads(seg: str) -> Iterator[re.Match[str]]:
    """``_COMPOUND_HEAD.finditer(seg)``, searched only where it can match: a match is (the end
    of) a run of word characters ended by "-X" or "/X" (_DASH_CAP), one at most in each run,
    the first that a search of the run finds. The scan over the whole range backtracked over
    every capitalised word."""
    if "-" not in seg and "/" not in seg:
        return
    last = -1
    for d in _DASH_CAP.finditer(seg):
        x = d.start()
        if x <= last:
            continue  # in the run searched last
        last = x if seg[x] == "/" else _RUN.match(seg, x).end()
        m = _COMPOUND_HEAD.search(seg, _run_start(seg, x), last + 2)
        if m:
            yield m


_TYPED_BEFORE = re.compile(
    r"(?:Landkreis\w*|Kreis\w*|Städte\w*|Stadt|Gemeinde\w*|Bezirk\w*|Kommunen|LK)\s+$"
)


def _typed_before(before: str) -> bool:
    return bool(_TYPED_BEFORE.search(before))


def _unknown_places(text: str, start: int, end: int, out: Partners, taken: list[Span],
                    ctx: PartnerContext, seg: str, needles: SegNeedles) -> None:
    """Places the gazetteer does not know that ``seg`` (``text[start:end]``) names;
    ``needles`` are its words."""
    # Both patterns need a word or character that most ranges lack: skip their scans there.
    typed = _TYPED_UNKNOWN.finditer(seg) if needles.bits & _NB_TYPED else ()
    for m in typed:
        s, e = start + m.start(3), start + m.end(3)
        name = m.group(3)
        if _inside(s, taken) or name in ctx.body_words:
            continue
        if lookup_place(name, ctx.land):
            continue  # the gazetteer scan decided on it already
        typ = m.group(2)
        if typ == "Partnerstadt":
            typ = "Stadt"
        out.add(f"{typ} {name}", (start + m.start(2), e))
        taken.append((start + m.start(2), e))
    # Foreign cities: marked ("Rom/Italien", "Novara (IT)") or learnt elsewhere in the file.
    for m in _foreign_marked(seg):
        country = m.group(2)
        if country and country not in COUNTRIES:
            continue
        name = _strip_foreign(m.group(1))
        s = start + m.start(1)
        if not name or _inside(s, taken) or name in ctx.body_words:
            continue
        out.add(name, (s, start + m.end()))
        taken.append((s, start + m.end()))
    if ctx.foreign:
        for m in _PLURAL_LIST.finditer(seg) if needles.bits & _NB_PLURAL else ():
            _foreign_list(text, start + m.end(), end, out, taken, ctx)
        rx, names = _foreign_of(ctx)
        for m in rx.finditer(seg) if names.any_in(seg) else ():
            s = start + m.start()
            if _inside(s, taken):
                continue
            out.add(m.group(0), (s, start + m.end()))
            taken.append((s, start + m.end()))


def _foreign_list(text: str, i: int, end: int, out: Partners, taken: list[Span],
                  ctx: PartnerContext) -> None:
    """Unmarked names in a list of foreign cities ("Städten Bozen, Rom/Italien, …, Wien")."""
    item = re.compile(r"((?:Le |La |San )?" + _CAPWORD + r"(?: " + _CAPWORD + r")?)"
                      r"(?:\s*/\s*" + _CAPWORD + r"|\s+\(" + _CC + r"\))?")
    sep = re.compile(r"\s*(?:,|und|sowie)\s*(?:und\s+|sowie\s+)?")
    pos = i
    found: list[tuple[str, Span]] = []
    known = 0
    for _ in range(30):
        m = item.match(text, pos, end)
        if not m:
            break
        name = m.group(1)
        if name in ctx.foreign or m.end() > m.end(1):
            known += 1
        found.append((name, (m.start(1), m.end(1))))
        pos = m.end()
        s2 = sep.match(text, pos, end)
        if not s2 or s2.end() == pos:
            break
        pos = s2.end()
    if known < 2:
        return
    for name, span in found:
        if _inside(span[0], taken) or name in ctx.body_words or lookup_place(name, ctx.land):
            continue
        out.add(name, span)
        taken.append(span)


def _foreign_of(ctx: PartnerContext) -> tuple[re.Pattern[str], Words]:
    """The pattern of the file's foreign cities and their words (each match holds one, so a
    range without any skips the pattern); built again only if the names changed."""
    memo = ctx._foreign_memo
    if memo is None or memo[0] != ctx.foreign:
        names = frozenset(ctx.foreign)
        memo = ctx._foreign_memo = (names, _foreign_rx(names), Words(names))
    return memo[1], memo[2]


@lru_cache(maxsize=64)
def _foreign_rx(names: frozenset[str]) -> re.Pattern[str]:
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(r"(?<![\w\-])(?:" + alts + r")(?![\w\-])")


# The words the finders below test a range for before their scans (case-sensitive, as the
# tests are written), each with the bits of the tests that look for it.
_NB_COUNT_NOUN, _NB_COUNT_NUMBER, _NB_CUE, _NB_SENAT, _NB_MEMBER = 1, 2, 4, 8, 16
_NB_COMPANY, _NB_TYPED, _NB_PLURAL = 32, 64, 128
_NEEDLE_GROUPS: tuple[tuple[int, Iterable[str]], ...] = (
    (_NB_COUNT_NOUN, _COUNT_NOUNS.words), (_NB_COUNT_NUMBER, _COUNT_NUMBERS.words),
    (_NB_CUE, _CUE_CORES.words), (_NB_SENAT, ("Senat",)), (_NB_MEMBER, ("itglied",)),
    (_NB_COMPANY, _COMPANY_WORDS), (_NB_TYPED, _TYPED_WORDS), (_NB_PLURAL, _PLURAL_WORDS),
)
_NEEDLES = Words(w for _, ws in _NEEDLE_GROUPS for w in ws)
_NEEDLE_BITS = [sum({b for b, ws in _NEEDLE_GROUPS if w in ws}) for w in _NEEDLES.words]


@dataclass(slots=True)
class SegNeedles:
    """Which of the finders' words a range holds (``bits``: a test's bit is set iff one of
    its words occurs), and where the first count word and the first cue core begin (-1 if
    none): what ``in`` tests and ``first_at`` calls per test would find."""

    bits: int
    number_at: int
    cue_at: int


def seg_needles(seg: str) -> SegNeedles:
    """The finders' words in ``seg``, in one pass (every occurrence of every word, so a
    word's bit is set iff it occurs, and the least start of a group's words is where
    its leftmost-first search would find the first): one automaton call instead of some
    twenty ``in`` tests and three automaton calls per range."""
    bits, number_at, cue_at = 0, -1, -1
    nb = _NEEDLE_BITS
    for k, i, _ in _NEEDLES.hits(seg):
        b = nb[k]
        bits |= b
        if b & _NB_COUNT_NUMBER and (number_at < 0 or i < number_at):
            number_at = i
        if b & _NB_CUE and (cue_at < 0 or i < cue_at):
            cue_at = i
    return SegNeedles(bits, number_at, cue_at)


def find_partners(text: str, start: int, end: int, ctx: PartnerContext) -> Partners:
    """The partners ``text[start:end]`` names, canonical, with spans; count phrases apart."""
    out = Partners()
    end = min(end, len(text))
    start = max(0, min(start, end))
    if start >= end:
        return out
    taken: list[Span] = []
    seg = text[start:end]
    needles = seg_needles(seg)
    for m in _count_phrases(seg, needles):
        phrase = " ".join(m.group(0).split())
        if not _COUNT_WORD.search(phrase):
            continue
        s, e = start + m.start(), start + m.end()
        if phrase not in out.phrases:
            out.phrases.append(phrase)
            out.phrase_spans.append((s, e))
        taken.append((s, e))
    _orgs(text, start, end, out, taken, ctx, seg, needles)
    _places(text, start, end, out, taken, ctx, seg)
    _unknown_places(text, start, end, out, taken, ctx, seg, needles)
    # Keep the order of appearance.
    if len(out.names) > 1:
        spans = out.spans
        order = sorted(range(len(out.names)), key=lambda k: spans[k][0])
        out.names = [out.names[k] for k in order]
        out.spans = [spans[k] for k in order]
    return out


def _count_phrases(seg: str, needles: SegNeedles) -> Iterable[re.Match[str]]:
    """``_COUNT.finditer(seg)``, started late. A count phrase needs a count and a noun: most
    ranges lack one and skip the scan (the noun first, the cheaper test and the rarer). None
    starts before the first count but for the words that may lead it ("mit insgesamt rund"),
    so the scan starts where the letters of those words and blanks before the count end.
    ``needles`` are ``seg``'s (:func:`seg_needles`)."""
    if not needles.bits & _NB_COUNT_NOUN:
        return ()
    d = _DIGIT.search(seg)
    w = needles.number_at
    if d is None and w < 0:
        return ()
    i = w if d is None else d.start() if w < 0 else min(w, d.start())
    while i > 0 and (seg[i - 1] in _COUNT_LEAD or seg[i - 1].isspace()):
        i -= 1
    return _COUNT.finditer(seg, i)


# The characters of the words _COUNT allows before the count.
_COUNT_LEAD = frozenset("mit von aus insgesamt rund ca. über weiteren".replace(" ", ""))
_COUNT_WORD = re.compile(r"\d|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf")


_CELL_SPLIT = re.compile(r"\s*(?:[;\n]|,(?!\s*(?:Verkehr|Umwelt|Bauen|Wohnen|Klimaschutz)\b))\s*")
_AND_SPLIT = re.compile(r"\s+(?:und|sowie)\s+(?=[A-ZÄÖÜ\d]|(?:zwei|drei|vier|fünf|sechs|sieben|acht|"
                        r"neun|zehn|elf|zwölf|weitere)\b)")
_TYPE_START = re.compile(r"^(?:Landkreis|LK|Kreis|Stadt|Gemeinde|Markt|Bezirk|Land|Freistaat|"
                         r"Landeshauptstadt|Hansestadt|Samtgemeinde|Verbandsgemeinde|Amt)\s+(.+)$")


def partners_from_cell(text: str, start: int, end: int, ctx: PartnerContext) -> Partners:
    """A partner column: one partner per item ("Landkreis A, Gemeinde B und 14 weitere
    Kommunen"); places normalised, other items kept as the organisations they name."""
    out = Partners()
    pos = start
    items: list[tuple[int, int]] = []
    for m in _CELL_SPLIT.finditer(text, start, end):
        items.append((pos, m.start()))
        pos = m.end()
    items.append((pos, end))
    # "Stadt A und neun weitere Träger": split at "und" unless the chunk is a category
    # phrase ("kreisangehörige Städte und Gemeinden des Landes").
    split: list[tuple[int, int]] = []
    for s, e in items:
        chunk = text[s:e].strip()
        if not chunk or chunk[:1].islower():
            split.append((s, e))
            continue
        p = s
        for m in _AND_SPLIT.finditer(text, s, e):
            if re.match(r"\s*(?:\d|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|weitere)",
                        text[p:e]):
                break  # "38 weitere Städte und Gemeinden" is one phrase
            split.append((p, m.start()))
            p = m.end()
        split.append((p, e))
    for s, e in split:
        raw = text[s:e]
        lead = len(raw) - len(raw.lstrip())
        item = raw.strip().rstrip(".")
        if not item:
            continue
        s += lead
        e = s + len(item)
        if _COUNT.fullmatch(item) or re.match(r"^(?:\d+|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn)\s", item):
            out.phrases.append(item)
            out.phrase_spans.append((s, e))
            continue
        # A note in brackets says what the partner does, not who it is.
        name = re.sub(r"\s*\([^()]*\)\s*$", "", item).strip()
        if not name or name in ctx.body_words:
            continue
        hit = lookup_place(name, ctx.land)
        if hit is not None and hit[1] not in ("Regierungsbezirk",):
            if hit[2] not in ctx.body_keys:
                out.add(hit[0], (s, e))
            continue
        if not name[:1].isupper():
            out.phrases.append(item)  # "kreisangehörige Städte und Gemeinden des Landes"
            out.phrase_spans.append((s, e))
            continue
        found = find_partners(text, s, e, ctx)
        if found.names and len(found.names) == 1 and _TYPE_START.match(name) is None:
            out.add(found.names[0], found.spans[0])
            continue
        t = _TYPE_START.match(name)
        if t and not lookup_place(t.group(1), ctx.land):
            out.add(name, (s, e))  # a typed place the gazetteer does not know
            continue
        if found.names:
            for n, sp in zip(found.names, found.spans, strict=True):
                out.add(n, sp)
            continue
        out.add(_clean_org(name), (s, e))
    return out
