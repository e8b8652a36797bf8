"""Field of activity of a cooperation, from a small taxonomy, with the deciding words.

The taxonomy follows how council reports group inter-municipal cooperation. Each field has
word stems; the field whose stems occur most often in the cooperation's title (weighted
double) and description wins, and the stems found are kept as evidence.
"""

from __future__ import annotations

import re

FIELDS: dict[str, tuple[str, ...]] = {
    "Mobilität": (
        "verkehr", "mobilität", "radweg", "radverkehr", "radschnell", "rad-", "öpnv", "bus",
        "bahn", "straße", "brücke", "fahrzeug", "parken", "nahverkehr", "fahrrad", "tarif",
    ),
    "Digitalisierung/IT": (
        "digital", "e-government", "it-", " it ", "software", "online", "smart", "daten",
        "fachverfahren", "informationstechn", "rechenzentrum", "portal", "cyber", "ozg",
        "e-book", "e-ausleihe", "onleihe", "internet",
    ),
    "Soziales": (
        "sozial", "wohnungslos", "pflege", "integration", "geflüchtet", "flüchtling", "senior",
        "frauenhaus", "eingliederung", "armut", "wohnhilfe", "behindert", "migration",
    ),
    "Jugend/Familie": (
        "jugend", "kinder", "kita", "familie", "adoption", "vormund", "elterngeld",
        "unterhaltsvorschuss", "schulsozial",
    ),
    "Gesundheit": (
        "gesundheit", "veterinär", "lebensmittel", "fleischhygiene", "hygiene", "psychiatr",
        "infektion", "krankenhaus", "klinik", "medizin", "tierarzt",
    ),
    "Umwelt/Klima/Wasser": (
        "umwelt", "klima", "wasser", "hochwasser", "energie", "natur", "abwasser", "gewässer",
        "niedrigwasser", "lärm", "grünfläche", "baum", "wald", "landwirtschaft",
    ),
    "Wirtschaft": (
        "wirtschaft", "gewerbe", "ansiedlung", "tourismus", "marketing", "standort", "messe",
        "unternehmen", "fachkräfte", "innovation", "arbeitsmarkt", "regionalentwicklung",
    ),
    "Sicherheit/Feuerwehr/Rettung": (
        "feuerwehr", "rettung", "leitstelle", "katastrophenschutz", "brandschutz",
        "ordnungsamt", "ordnung und sicherheit", "sicherheit", "vollzugsdienst", "kriminal",
        "zivilschutz", "einsatz",
    ),
    "Verwaltung/Personal": (
        "verwaltung", "personal", "ausbildung", "fortbildung", "standesamt", "personenstand",
        "zulassung", "statistik", "vergabe", "vollstreckung", "haushalt", "finanz", "kasse",
        "beschaffung", "archiv", "recht", "führungskräfte", "kommunalakademie", "wahlen",
        "bürgerservice", "meldewesen",
    ),
    "Kultur/Bildung": (
        "kultur", "bildung", "schule", "bibliothek", "museum", "musik", "theater", "volkshoch",
        "sport", "kunst", "ausstellung", "festival", "wissenschaft", "hochschule",
        "städtepartnerschaft",
    ),
    "Abfall": (
        "abfall", "bioabf", "müll", "entsorgung", "wertstoff", "kreislaufwirtschaft",
        "recycling", "kompost", "winterdienst", "straßenreinigung",
    ),
    "Planung": (
        "planung", "flächennutzung", "bauleit", "regionalplan", "stadtentwicklung", "städtebau",
        "entwicklungskonzept", "raumordnung", "wohnbau", "bauland", "isek", "leitbild",
    ),
}

_STEM_FIELD = {stem: name for name, stems in FIELDS.items() for stem in stems}


def _trie_pattern(stems: list[str]) -> str:
    """One regex for the stems, factored as a trie: it matches the longest stem at the
    leftmost position, like a longest-first alternation, but tries one branch per character
    instead of every stem at every position (a flat alternation of ~170 stems was slow)."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for stem in stems:
        node = trie
        for ch in stem:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        group = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        # A stem may end here: the greedy "?" tries the longer stems first.
        return f"(?:{group})?" if "" in node else group

    return build(trie)


# One pass over the text, longest stem first.
_RX = re.compile(_trie_pattern(list(_STEM_FIELD)))
_DESC_CHARS = 300
_ORDER = {name: i for i, name in enumerate(FIELDS)}


def classify_field(title: str, description: str | None = None) -> tuple[str | None, str | None]:
    """(field, evidence) of a cooperation; evidence lists the stems found, best field first."""
    score: dict[str, float] = {}
    words: dict[str, list[str]] = {}
    # The opening of a description names its subject; reading it all only costs time.
    desc = (description or "")[:_DESC_CHARS]
    for weight, t in ((2.0, f" {title.casefold()} "), (1.0, f" {desc.casefold()} ")):
        for m in _RX.finditer(t):
            f = _STEM_FIELD[m.group(0)]
            score[f] = score.get(f, 0.0) + weight
            words.setdefault(f, []).append(m.group(0).strip(" -"))
    if not score:
        return None, None
    best = max(score, key=lambda f: (score[f], -_ORDER[f]))
    return best, ", ".join(list(dict.fromkeys(words[best]))[:6])
