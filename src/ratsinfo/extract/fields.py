"""Field of activity of a cooperation, from a small taxonomy, with the deciding words.

The taxonomy follows how council reports group inter-municipal cooperation. Each field has
word stems; the field whose stems occur most often in the cooperation's title (weighted
double) and description wins, and the stems found are kept as evidence.
"""

from __future__ import annotations

from ahocorasick_rs import AhoCorasick, Implementation, MatchKind

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


_STEMS = list(_STEM_FIELD)
# One pass over the text: leftmost stem, the longest there, non-overlapping (what a
# longest-first alternation of the stems matches), by an Aho-Corasick automaton: several
# times faster than that regex, and this runs for every cooperation. As a DFA it runs twice
# as fast again (the matches do not depend on the implementation).
_AC = AhoCorasick(_STEMS, matchkind=MatchKind.LeftmostLongest, implementation=Implementation.DFA)
_DESC_CHARS = 300
_ORDER = {name: i for i, name in enumerate(FIELDS)}
_NAMES = list(FIELDS)
# Per stem (by its index in _STEMS): its field's index in FIELDS, and its evidence word.
_STEM_INDEX = [_ORDER[_STEM_FIELD[stem]] for stem in _STEMS]
_STEM_WORD = [stem.strip(" -") for stem in _STEMS]


def classify_field(title: str, description: str | None = None) -> tuple[str | None, str | None]:
    """(field, evidence) of a cooperation; evidence lists the stems found, best field first."""
    # The opening of a description names its subject; reading it all only costs time.
    desc = (description or "")[:_DESC_CHARS]
    # Title and description in one pass: no stem holds "\0", so none runs across it, and
    # each side is matched as alone. Stems found in the title (before ``cut``) weigh double.
    low_title = title.casefold()
    t = f" {low_title} \0 {desc.casefold()} "
    cut = len(low_title) + 2
    hits = _AC.find_matches_as_indexes(t)
    if not hits:
        return None, None
    score = [0.0] * len(_NAMES)
    for k, start, _ in hits:
        score[_STEM_INDEX[k]] += 2.0 if start < cut else 1.0
    # The highest score; on a tie the field listed first.
    best, top = 0, 0.0
    for f, sc in enumerate(score):
        if sc > top:
            best, top = f, sc
    words = [_STEM_WORD[k] for k, _, _ in hits if _STEM_INDEX[k] == best]
    return _NAMES[best], ", ".join(list(dict.fromkeys(words))[:6])
