"""The publishing body of a file ("Landeshauptstadt Musterstadt", "Gemeinde Musterdorf").

Evidence, strongest first:

* a letterhead: a line, or a few short lines read together, that is nothing but
  "[Stadtverordnetenversammlung|Gemeinderat|… der] Landeshauptstadt/Stadt/Gemeinde X";
* mentions "Landeshauptstadt X" (a state capital is rarely anyone's partner),
  "Hansestadt X", "Stadt X", "Gemeinde X" in the text, weighted by type;
* a bare city name as the first line (a press release's dateline) supports the
  candidate with that name.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ahocorasick_rs import AhoCorasick, MatchKind

from ratsinfo.split.lines import Line

from .needles import matches_at

_TYPE = (
    r"(?:Landeshauptstadt|Freie\s+und\s+Hansestadt|Hansestadt|Universitätsstadt|Große\s+Kreisstadt"
    r"|Kreisstadt|Stadt|Gemeinde|Marktgemeinde|Markt|Samtgemeinde|Verbandsgemeinde|Landkreis"
    r"|Kreis|Bezirksamt|Bezirk)"
)
_NAME = (
    r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*(?:\s*\([A-ZÄÖÜ][\wäöüß ./]{1,20}\))?"
    r"(?:\s+(?:an\s+der|am|in\s+der|im|ob\s+der|bei)\s+[A-ZÄÖÜ][a-zäöüß]+)?"
)
_COUNCIL = (
    r"(?:Stadtverordnetenversammlung|Gemeindevertretung|Stadtvertretung|Stadtrat|Gemeinderat"
    r"|Kreistag|Rat|Magistrat|Bürgerschaft|Der\s+(?:Ober)?[Bb]ürgermeister(?:in)?)"
)
_LETTERHEAD = re.compile(
    rf"^(?:{_COUNCIL}\s+(?:der|des)\s+)?(?P<type>{_TYPE})\s+(?P<name>{_NAME})$"
)
# _TYPE for the scan of the whole text, "(?<![\w-])" in front: grouped by first letter, with
# the look-behind after that letter, so re skips through the text to the letters in C
# instead of trying the look-behind at every position (same matches, ~3x faster).
_NOT_AFTER = r"(?<![\w-].)"
_TYPE_SCAN = (
    rf"(?:L{_NOT_AFTER}(?:andeshauptstadt|andkreis)|F{_NOT_AFTER}reie\s+und\s+Hansestadt"
    rf"|H{_NOT_AFTER}ansestadt|U{_NOT_AFTER}niversitätsstadt|G{_NOT_AFTER}(?:roße\s+Kreisstadt|emeinde)"
    rf"|K{_NOT_AFTER}(?:reisstadt|reis)|S{_NOT_AFTER}(?:tadt|amtgemeinde)"
    rf"|M{_NOT_AFTER}(?:arktgemeinde|arkt)|V{_NOT_AFTER}erbandsgemeinde|B{_NOT_AFTER}(?:ezirksamt|ezirk))"
)
_MENTION = re.compile(rf"(?P<type>{_TYPE_SCAN})\s+(?P<name>{_NAME})")
# Literal words every _LETTERHEAD match starts with (a council or a type word), and those
# every _MENTION match starts with (a type word): a str test or one automaton pass finds
# where a match can start (tests check the lists against the patterns).
_LETTERHEAD_HEADS = (
    "Stadt", "Gemeinde", "Kreis", "Rat", "Magistrat", "Bürgerschaft", "Der", "Landeshauptstadt",
    "Landkreis", "Freie", "Hansestadt", "Universitätsstadt", "Große", "Markt", "Samtgemeinde",
    "Verbandsgemeinde", "Bezirk",
)  # fmt: skip
_TYPE_HEADS = (
    "Landeshauptstadt", "Landkreis", "Freie", "Hansestadt", "Universitätsstadt", "Große",
    "Gemeinde", "Kreis", "Stadt", "Samtgemeinde", "Markt", "Verbandsgemeinde", "Bezirk",
)  # fmt: skip
# Each head is a capital and lower-case letters, so no two occurrences overlap and a
# leftmost-longest pass finds every one.
_TYPE_HEAD_AC = AhoCorasick(list(_TYPE_HEADS), matchkind=MatchKind.LeftmostLongest)
_WEIGHT = {
    "landeshauptstadt": 3.0,
    "freie und hansestadt": 3.0,
    "hansestadt": 2.0,
    "universitätsstadt": 2.0,
    "große kreisstadt": 2.0,
    "kreisstadt": 1.5,
}
_NOT_NAMES = frozenset({"Der", "Die", "Das", "Und", "Mit", "Für", "Zur", "Zum", "Im", "In"})
_LETTERHEAD_LINES = 400
_TOP_LINES = 3
_TOP_BONUS = 100.0  # outweighs any number of mentions of partner towns
_MENTION_CHARS = 2_000_000


def _norm_type(t: str) -> str:
    return " ".join(t.split())


def _mentions(text: str) -> list[re.Match[str]]:
    """What ``_MENTION.finditer(text)`` gives, tried only where a type word begins."""
    return matches_at(_MENTION, text, (i for _, i, _ in _TYPE_HEAD_AC.find_matches_as_indexes(text)))


def find_body(text: str, lines: list[Line]) -> tuple[str, tuple[int, int]] | None:
    """(body name, span of the best evidence) or None."""
    score: dict[str, float] = defaultdict(float)
    where: dict[str, tuple[int, int]] = {}
    n = min(len(lines), _LETTERHEAD_LINES)
    for i in range(n):
        if not lines[i].clean.lstrip().startswith(_LETTERHEAD_HEADS):
            continue  # every joined text from here starts so: no letterhead
        # Read up to four short lines together: letterheads wrap ("Landeshauptstadt\nMusterstadt").
        joined = ""
        for j in range(i, min(n, i + 4)):
            ln = lines[j]
            if j > i and (ln.blank_before > 0 or ln.page_break):
                break
            if len(ln.clean) > 60 or "\t" in ln.clean:
                break
            joined = f"{joined} {ln.clean}".strip()
            m = _LETTERHEAD.match(joined)
            if m and m.group("name") not in _NOT_NAMES:
                key = f"{_norm_type(m.group('type'))} {m.group('name')}"
                # A letterhead opening the file names its publisher; one further down
                # may be a quoted letter or a partner's.
                score[key] += 5.0 + (_TOP_BONUS if i < _TOP_LINES else 0.0)
                where.setdefault(key, (lines[i].start, ln.end))
    for m in _mentions(text[:_MENTION_CHARS] if len(text) > _MENTION_CHARS else text):
        name = m.group("name")
        if name in _NOT_NAMES:
            continue
        t = _norm_type(m.group("type"))
        key = f"{t} {name}"
        score[key] += _WEIGHT.get(t.lower(), 1.0)
        where.setdefault(key, (m.start(), m.end()))
    if not score:
        return None
    if lines:
        first = lines[0].clean
        for key in score:
            if key.endswith(" " + first):
                score[key] += 3.0
    best = max(score.items(), key=lambda kv: (kv[1], -len(kv[0])))
    return best[0], where[best[0]]
