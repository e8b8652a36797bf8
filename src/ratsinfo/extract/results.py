"""The result of one agenda item in the minutes, in the gold vocabulary.

beschlossen, geändert beschlossen, abgelehnt, zur Kenntnis genommen, erledigt, vertagt,
verwiesen, zurückgezogen, abgesetzt, gewählt — or None (a heading of sub-items, an opening,
"keine Themen"). Sources, strongest first: an explicit "Beschlussart:"/"Ergebnis:" value;
the last decisive event of the section (a vote on the item itself, or a phrase such as
"Erledigung … festgestellt", "wird vertagt"); a report without a vote (Kenntnisnahme).
"""

from __future__ import annotations

import re

from .records import VoteRecord
from .votes import PROCEDURAL

Span = tuple[int, int]

# Phrase → result; checked per unit, the last decisive one of a section wins.
_STRONG = [
    ("zurückgezogen", re.compile(r"\bzurückgezogen\b|\bzieht\b[^.]{0,80}\bzurück\b")),
    ("abgesetzt", re.compile(r"\babgesetzt\b|von der Tagesordnung (?:genommen|gestrichen)")),
    ("vertagt", re.compile(r"\bvertagt\b|\bzurückgestellt\b|in die nächste Sitzung verschoben")),
    ("verwiesen", re.compile(r"\b(?:zurück|über)?verwiesen\b|\büberwiesen\b")),
    (
        "erledigt",
        re.compile(
            r"\bErledigung\b[^.]{0,80}?\b(?:festgestellt|bestätigt|erklärt)"
            r"|\b(?:für|als) erledigt\b|\bhat sich\b[^.]{0,60}\berledigt\b|\bist erledigt\b"
        ),
    ),
    ("gewählt", re.compile(r"\bgewählt\b")),
]
_STRONG_CUE = re.compile(
    r"zurück|abgesetzt|Tagesordnung|vertagt|verschoben|verwiesen|überwiesen|rledig|gewählt"
)
_KENNTNIS = re.compile(r"\bzur Kenntnis\b|\bKenntnisnahme\b|\bKenntnis genommen\b")
_REPORT = re.compile(
    r"[Bb]ericht|\binformiert\b|\bteilt\b[^.]{0,80}?\bmit\b|\bPräsentation\b|\bSachstand\b"
    r"|\bstellt\b[^.]{0,80}?\bvor\b|\bgibt einen Überblick\b|\bMitteilung\b"
)
_REJECTED = re.compile(
    r"\babgelehnt\b|\bnicht (?:beschlossen|angenommen|zugestimmt|empfohlen)\b|\bAblehnung\b"
)
_ACCEPT_VERB = re.compile(
    r"beschlossen|angenommen|zugestimmt|bestätigt|genehmigt|empfohlen|empfiehlt|festgestellt"
    r"|gebilligt|befürwortet|abgelehnt|beschließt|zustimm"
)
_MODIFIED = re.compile(
    r"(?<!un)geändert\w*|\bPrüfauftrag|\bmit der Maßgabe\b|\bmit (?:der|den) (?:beschlossenen )?"
    r"(?:Änderung|Ergänzung)|\bin (?:der )?ergänzten Fassung\b|\bÄnderungen beschlossen\b"
)
# Explicit result values: "Beschlussart: geändert beschlossen", "Ergebnis: abgelehnt".
_EXPLICIT_LABEL = re.compile(
    r"^[ \t]*(?:Beschlussart|Ergebnis|Beschlussergebnis|Entscheidung|Status)[ \t]*:[ \t]*(?:\n[ \t]*)?"
    r"(?P<v>[^\n]{1,80})",
    re.MULTILINE,
)
_EXPLICIT_VALUES = [
    (
        "geändert beschlossen",
        re.compile(r"(?<!un)geändert|mit Änderungen?\b|Änderungen beschlossen", re.I),
    ),
    ("abgelehnt", re.compile(r"abgelehnt|Ablehnung", re.I)),
    ("zur Kenntnis genommen", re.compile(r"Kenntnis", re.I)),
    ("zurückgezogen", re.compile(r"zurückgezogen", re.I)),
    ("abgesetzt", re.compile(r"abgesetzt", re.I)),
    ("vertagt", re.compile(r"vertagt|zurückgestellt", re.I)),
    ("verwiesen", re.compile(r"verwiesen", re.I)),
    ("erledigt", re.compile(r"erledigt", re.I)),
    ("gewählt", re.compile(r"gewählt", re.I)),
    ("beschlossen", re.compile(r"beschlossen|angenommen|empfohlen|zugestimmt|Empfehlung", re.I)),
]


def explicit_result(text: str, start: int, end: int) -> tuple[str, Span] | None:
    """The value of a "Beschlussart:" / "Ergebnis:" label, if it is a result word."""
    found: tuple[str, Span] | None = None
    for m in _EXPLICIT_LABEL.finditer(text, start, end):
        value = m.group("v")
        # "Ergebnis: Die Vorlage wird … vertagt." is a sentence: the phrase rules read it.
        if len(value.split()) > 4:
            continue
        for result, rx in _EXPLICIT_VALUES:
            if rx.search(value):
                found = (result, m.span("v"))
                break
    return found


def vote_rejected(text: str, unit: Span, vote: VoteRecord) -> bool:
    if _REJECTED.search(text, unit[0], unit[1]):
        return True
    return vote.yes is not None and vote.no is not None and vote.no > vote.yes


def item_result(
    text: str,
    start: int,
    end: int,
    units: list[Span],
    unit_votes: list[list[VoteRecord]],
    main: list[bool],
) -> tuple[str | None, Span | None]:
    """Result of the section ``text[start:end]``.

    ``units`` are its sentences, ``unit_votes`` their votes, ``main[i]`` whether unit i
    holds a vote on the item itself (not on a procedural motion).
    """
    explicit = explicit_result(text, start, end)
    if explicit:
        return explicit
    last: tuple[str, Span] | None = None
    amended = False
    procedural_ok: Span | None = None
    kenntnis: Span | None = None
    prev: Span | None = None
    for (a, b), votes, is_main in zip(units, unit_votes, main, strict=False):
        before, prev = prev, (a, b)
        strong = None
        for result, rx in _STRONG if _STRONG_CUE.search(text, a, b) else ():
            m = rx.search(text, a, b)
            if m:
                strong = (result, (m.start(), m.end()))
                break
        if votes and not is_main:
            for v in votes:
                subject = v.subject or ""
                if not vote_rejected(text, (a, b), v):
                    if "antrag" in subject.lower() and not subject.startswith(
                        ("Vertagung", "Verweisung", "Geschäftsordnung", "Absetzung")
                    ):
                        amended = True  # an accepted amendment changes the resolution
                    if subject.startswith(PROCEDURAL) or not subject:
                        procedural_ok = v.spans.get("kind", (a, b))
            if strong and strong[0] != "vertagt":
                last = strong
            continue
        if strong:
            last = strong
            continue
        k = _KENNTNIS.search(text, a, b)
        if votes:
            v = votes[0]
            span = v.spans.get("kind", (a, b))
            if kenntnis is not None and not _ACCEPT_VERB.search(text, a, b):
                last = ("zur Kenntnis genommen", kenntnis)
            elif vote_rejected(text, (a, b), v) or (
                # "Beschluss: Der Antrag wird abgelehnt." / "Abstimmung: mehrheitlich"
                before is not None
                and not _ACCEPT_VERB.search(text, a, b)
                and _REJECTED.search(text, before[0], before[1])
            ):
                last = ("abgelehnt", span)
            else:
                if _MODIFIED.search(text, start, b):
                    amended = True
                last = ("geändert beschlossen" if amended else "beschlossen", span)
            continue
        if k:
            kenntnis = (k.start(), k.end())
            last = ("zur Kenntnis genommen", kenntnis)
    if last:
        return last
    if procedural_ok is not None:
        return "beschlossen", procedural_ok
    for a, b in units:
        m = _REPORT.search(text, a, b)
        if m:
            return "zur Kenntnis genommen", (m.start(), m.end())
    return None, None
