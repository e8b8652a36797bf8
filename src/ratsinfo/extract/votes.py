"""Vote results in minutes: "einstimmig", "mit Stimmenmehrheit, bei zwei Stimmenthaltungen",
"mit 7 Ja-Stimmen, 2 Nein-Stimmen und 1 Enthaltung", "Ja: 7 Nein: 2 Enthaltung: 1",
"dafür 3 / dagegen 8", "(40 Ja, 2 Nein)", "mit 5:3:1 Stimmen", small Ja/Nein/Enthaltung tables.

The region is cut into *units*: sentences, and blocks that start at a label line
("Abstimmungsergebnis:", "Abstimmung über den Änderungsantrag der CDU-Fraktion:"), so a
label and the result below it stay together. A unit holds zero or more votes; each vote
gets kind einstimmig / mehrheitlich / counts, the counts where stated and a ``subject``
when the unit names what was voted on besides the item itself (Tagesordnung,
Niederschrift, Rederecht, an Änderungsantrag …). Everything is a linear regex scan.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from .records import VoteRecord

Span = tuple[int, int]

NUMBER_WORDS = {
    "null": 0, "keine": 0, "keiner": 0, "keinen": 0, "ein": 1, "eine": 1, "einer": 1,
    "einem": 1, "einen": 1, "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5,
    "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12,
}  # fmt: skip
_WORDS = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))

# Count labels; "Ja" only capitalised ("ja" is a particle).
_YES = (
    r"(?:Ja|JA)(?:-?[Ss]timmen?)?(?![\w-])|Jastimmen?|Für-?[Ss]timmen?|[Dd]afür(?:stimmen)?"
    r"|Zustimmungen|Pro-Stimmen"
)
_YES_DIGIT_ONLY = r"Zustimmung"  # "findet eine Zustimmung" must not read as yes=1
_NO = r"(?:Nein|NEIN)(?:-?[Ss]timmen?)?(?![\w-])|Neinstimmen?|Gegenstimmen?|[Dd]agegen|Contra"
_NO_DIGIT_ONLY = r"Ablehnungen|Ablehnung"
_ABST = r"(?:Stimm)?[Ee]nthaltung(?:en)?|Stimmenthaltung(?:en)?|Enth\.|[Ee]nthalten"
_IGNORED = r"[Bb]efangen(?:e|heit)?|[Nn]icht (?:an der Abstimmung )?teilgenommen"

_TOKEN = re.compile(
    rf"(?<![\w-])(?:(?P<yes>{_YES})|(?P<yesd>{_YES_DIGIT_ONLY})|(?P<no>{_NO})"
    rf"|(?P<nod>{_NO_DIGIT_ONLY})|(?P<ab>{_ABST})|(?P<ign>{_IGNORED}))(?![\w-])"
    r"|(?P<num>(?<![\d.,:/])\d{1,3}(?![\d]|[.,:/]\d))"
    rf"|(?P<word>(?<!\w)(?:{_WORDS})(?!\w))"
    r"|(?P<ratio>(?<![\d:.])(?P<r1>\d{1,3})\s?:\s?(?P<r2>\d{1,3})(?:\s?:\s?(?P<r3>\d{1,3}))?"
    r"\s+Stimmen)"
    r"|(?P<einst>(?<!\w)[Ee]instimmig\w*|(?<!\w)EINSTIMMIG|ohne Gegenstimmen?)"
    r"|(?P<mehr>(?<!\w)[Mm]ehrheitlich\w*|(?<!\w)MEHRHEITLICH|[Ss]timmenmehrheit"
    r"|(?<!\w)(?:mit|der|einfacher|großer|knapper|deutlicher|breiter|überwiegender)\s+"
    r"(?:großer\s+|knapper\s+)?Mehrheit|ansonsten Zustimmung|im Übrigen Zustimmung)"
)

# A unit must speak of a decision for "einstimmig"/"mehrheitlich" to be a vote.
_DECISION = re.compile(
    r"beschlossen|beschließ|angenommen|abgelehnt|zugestimmt|zustimm|Zustimmung|bestätigt"
    r"|genehmigt|festgestellt|empfohlen|empfiehlt|gewählt|abgestimmt|Abstimmung|[Ss]timme"
    r"|votiert|befürwortet|vertagt|verwiesen|Beschluss|Ergebnis|Ablehnung|gebilligt"
    r"|entschieden|beauftragt|Kenntnis|abgesetzt|zurückgestellt|einstimmig|Einstimmig"
)

# Label lines that open a new unit: they end with ":" (the result follows below).
_LABEL_LINE = re.compile(r"[^\n]{0,120}:[ \t]*$")
# Sentence ends; abbreviations ("Dr.", "Nr.", "z.B.") and ordinals ("6. Sitzung") are not.
_SENT_END = re.compile(r"(?<=[.!?;])\s+(?=[A-ZÄÖÜ„\"(])|\n[ \t]*\n")
_ABBREV = re.compile(
    r"(?:\b(?:Dr|Nr|Prof|St|Abs|bzw|ca|vgl|Hr|Fr|Str|gem|ggf|z\.B|u\.a|d\.h|i\.V|lt|sog|Ziff"
    r"|TOP|Pkt|Anl|Bd|[A-ZÄÖÜ])|(?<![\d.])\d{1,2})\.$"
)

# What a vote is about when not the item itself.
_SUBJECT = re.compile(
    r"Abstimmung\s+über\s+(?:den|die|das)\s+(?P<over>[^:\n.;]{3,80}?)\s*(?::|$|\.|;|\n)"
    r"|(?P<motion>(?:Änderungs|Ergänzungs|Zusatz|Vertagungs|Geschäftsordnungs|Verweisungs"
    r"|Dringlichkeits|Ersetzungs|Rückstellungs|Absetzungs)antrag(?:es|s)?)"
    r"(?P<of>\s+(?:der|des|von|vom)\s+(?:Frau\s+|Herrn?\s+|Fraktion\s+)?"
    r"[A-ZÄÖÜ][\w./-]*(?:\s+[A-ZÄÖÜ][\w./-]*){0,2})?"
    r"|Antrag\s+auf\s+(?P<on>[A-ZÄÖÜ][\w-]+)"
    r"|(?P<word>Tagesordnung|Niederschrift|Protokoll|Rederecht|Dringlichkeit"
    r"|Nichtöffentlichkeit|Sitzungsordnung)"
)
_DATE = re.compile(r"(?<![\d.])[0-3]?\d\.[01]?\d\.(?:19|20)?\d\d(?!\d)")
# Subjects that are procedure rather than substance: a vote on them decides no paper.
PROCEDURAL = ("Tagesordnung", "Niederschrift", "Protokoll", "Rederecht", "Nichtöffentlichkeit")


@dataclass(slots=True)
class _Tok:
    kind: str  # yes, no, ab, ign, num, einst, mehr, ratio
    start: int
    end: int
    value: int | None = None
    digit: bool = False
    ratio: tuple[int | None, ...] = ()


def units(text: str, start: int, end: int) -> list[Span]:
    """Sentences and label blocks of ``text[start:end]`` as spans."""
    cuts: list[int] = [start]
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        line = text[pos:line_end]
        if pos > start and _LABEL_LINE.fullmatch(line) and line.strip():
            cuts.append(pos)
        pos = line_end + 1
    for m in _SENT_END.finditer(text, start, end):
        before = text[max(start, m.start() - 8) : m.start()]
        if before.endswith(".") and _ABBREV.search(before):
            continue
        cuts.append(m.end())
    cuts.append(end)
    cuts = sorted(set(cuts))
    out: list[Span] = []
    for a, b in itertools.pairwise(cuts):
        # Trim white space so spans point at text.
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN.finditer(text, start, end):
        kind = m.lastgroup or ""
        if kind in ("r1", "r2", "r3"):
            kind = "ratio"
        if m.group("ratio"):
            vals = tuple(
                int(g) if g else None for g in (m.group("r1"), m.group("r2"), m.group("r3"))
            )
            toks.append(_Tok("ratio", m.start(), m.end(), ratio=vals))
        elif kind == "num":
            toks.append(_Tok("num", m.start(), m.end(), int(m.group(0)), digit=True))
        elif kind == "word":
            toks.append(_Tok("num", m.start(), m.end(), NUMBER_WORDS[m.group(0).lower()]))
        elif kind in ("yesd", "nod"):
            toks.append(_Tok(kind[:-1], m.start(), m.end(), digit=True))
        else:
            toks.append(_Tok(kind, m.start(), m.end()))
    return toks


_GAP_BEFORE = re.compile(r"[ \t]*(?:-[ \t]*)?")  # "7 Ja-Stimmen", "7 - Ja"
_GAP_AFTER = re.compile(r"[ \t]*[:=]?[ \t]*")  # "Ja: 7", "Ja 7", "dafür = 3"


def _adjacent(text: str, a: int, b: int, gap: re.Pattern[str]) -> bool:
    return b - a <= 4 and gap.fullmatch(text, a, b) is not None


def _table(text: str, toks: list[_Tok]) -> dict[int, int]:
    """Header line of labels, next line of numbers: label token index → number value."""
    out: dict[int, int] = {}
    labels = [i for i, t in enumerate(toks) if t.kind in ("yes", "no", "ab", "ign")]
    if len(labels) < 2:
        return out
    first, last = toks[labels[0]], toks[labels[-1]]
    if "\n" in text[first.start : last.end]:
        return out
    nums = [t for t in toks if t.kind == "num" and t.start > last.end and t.digit]
    if len(nums) < len(labels):
        return out
    nl = text.find("\n", last.end)
    if nl < 0 or nums[0].start < nl or "\n" in text[nums[0].start : nums[len(labels) - 1].end]:
        return out
    if any(t.kind == "num" and first.start <= t.start <= last.end for t in toks):
        return out
    for k, i in enumerate(labels):
        out[i] = nums[k].value or 0
    return out


# Cheap pre-check: most sentences of minutes hold no vote and skip the tokeniser.
_CUE = re.compile(
    r"instimm|INSTIMM|ehrheit|EHRHEIT|Ja|JA|Nein|NEIN|nthalt|Enth|afür|agegen|Gegenstimm|Stimmen|Zustimmung"
)


def votes_in_unit(text: str, start: int, end: int) -> list[VoteRecord]:
    """The votes of one unit (usually zero or one)."""
    if _CUE.search(text, start, end) is None:
        return []
    toks = _tokens(text, start, end)
    if not toks:
        return []
    if not any(t.kind in ("yes", "no", "ab", "einst", "mehr", "ratio") for t in toks):
        return []
    decided = _DECISION.search(text, start, end) is not None
    table = _table(text, toks)
    votes: list[VoteRecord] = []
    cur: VoteRecord | None = None
    used: set[int] = set()

    def new() -> VoteRecord:
        v = VoteRecord(kind=None)
        votes.append(v)
        return v

    for i, t in enumerate(toks):
        if t.kind in ("einst", "mehr"):
            if not decided:
                continue
            kind = "einstimmig" if t.kind == "einst" else "mehrheitlich"
            if cur is None or cur.kind is not None:
                cur = new()
            cur.kind = kind
            cur.spans["kind"] = (t.start, t.end)
        elif t.kind == "ratio":
            if cur is None or cur.yes is not None or cur.no is not None:
                cur = new()
            names = ("yes", "no", "abstain")
            for name, val in zip(names, t.ratio, strict=False):
                if val is not None:
                    setattr(cur, name, val)
                    cur.spans[name] = (t.start, t.end)
        elif t.kind in ("yes", "no", "ab", "ign"):
            value: int | None = None
            span: Span | None = None
            if i in table:
                value, span = table[i], (t.start, t.end)
            else:
                prev = toks[i - 1] if i > 0 else None
                nxt = toks[i + 1] if i + 1 < len(toks) else None
                colon_after = nxt is not None and ":" in text[t.end : nxt.start]
                if (
                    prev is not None
                    and prev.kind == "num"
                    and i - 1 not in used
                    and not colon_after
                    and (prev.digit or not t.digit)
                    and _adjacent(text, prev.end, t.start, _GAP_BEFORE)
                ):
                    value, span = prev.value, (prev.start, t.end)
                    used.add(i - 1)
                elif (
                    nxt is not None
                    and nxt.kind == "num"
                    and nxt.digit
                    and _adjacent(text, t.end, nxt.start, _GAP_AFTER)
                ):
                    value, span = nxt.value, (t.start, nxt.end)
                    used.add(i + 1)
            if value is None or span is None or t.kind == "ign":
                continue
            name = {"yes": "yes", "no": "no", "ab": "abstain"}[t.kind]
            if cur is None or getattr(cur, name) is not None:
                cur = new()
            setattr(cur, name, value)
            cur.spans[name] = span
    out: list[VoteRecord] = []
    for v in votes:
        if v.kind is None:
            if v.yes is None and v.no is None and v.abstain is None:
                continue
            # Only abstentions ("bei 2 Enthaltungen") are a vote only with a decision.
            if v.yes is None and v.no is None and not decided:
                continue
            v.kind = "counts"
            first = min(s for s, _ in v.spans.values())
            last = max(e for _, e in v.spans.values())
            v.spans["kind"] = (first, last)
        out.append(v)
    if out:
        subject = find_subject(text, start, min(end, out[0].spans["kind"][1]) if out else end)
        if subject is not None:
            out[0].subject, out[0].spans["subject"] = subject
    return out


def find_subject(text: str, start: int, end: int) -> tuple[str, Span] | None:
    """What the unit ``text[start:end]`` votes on when it is a motion of its own."""
    best: re.Match[str] | None = None
    for m in _SUBJECT.finditer(text, start, end):
        if m.group("over"):
            best = m
            break
        if best is None:
            best = m
        elif best.group("word") and not m.group("word"):
            best = m  # "Antrag auf Rederecht" beats a passing "Tagesordnung"
    if best is None:
        return None
    if best.group("over"):
        value = " ".join(best.group("over").split())
        return value, best.span("over")
    if best.group("motion"):
        value = best.group("motion")
        value = (
            re.sub(r"(?:es|s)$", "", value) if value.endswith(("antrages", "antrags")) else value
        )
        s, e = best.span("motion")
        if best.group("of"):
            value += " " + " ".join(best.group("of").split())
            e = best.end("of")
        return value, (s, e)
    if best.group("on"):
        return best.group("on"), best.span("on")
    word = best.group("word")
    s, e = best.span("word")
    if word in ("Niederschrift", "Protokoll"):
        d = _DATE.search(text, e, end)
        if d:
            return f"{word} vom {d.group(0)}", (s, d.end())
    return word, (s, e)


def find_votes(text: str, start: int = 0, end: int | None = None) -> list[VoteRecord]:
    """Every vote in ``text[start:end]``, in order, with spans into ``text``."""
    end = len(text) if end is None else max(0, min(end, len(text)))
    start = max(0, min(start, end))
    out: list[VoteRecord] = []
    for a, b in units(text, start, end):
        out.extend(votes_in_unit(text, a, b))
    return out


def parse_vote(phrase: str) -> VoteRecord | None:
    """The first vote in ``phrase`` (a convenience for single result lines)."""
    found = find_votes(phrase)
    return found[0] if found else None
