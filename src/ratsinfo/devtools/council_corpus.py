"""Synthetic council documents for the search benchmark: realistic vocabulary, Zipf-like
term frequencies, Drucksache numbers, dates, kinds and Gremien. Deterministic per seed."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

STEMS = ["Antrag", "Vorlage", "Beschluss", "Sitzung", "Ausschuss", "Stadtverordnetenversammlung", "Verwaltung", "Haushalt", "Bürgerhaushalt", "Bebauungsplan", "Verkehr", "Radweg", "Radschnellverbindung", "Schule", "Kita", "Jugend", "Senioren", "Beirat", "Transparenz", "Digitalisierung", "Onlinezugangsgesetz", "Klimaschutz", "Wasserstrategie", "Baumpflege", "Straße", "Platz", "Park", "Spielplatz", "Sanierung", "Neubau", "Feuerwehr", "Rettungsdienst", "Wohnungsbau", "Mieten", "Stadtentwicklung", "Stadtteil", "Stadtteildialog", "Bürgerbeteiligung", "Partizipation", "Kooperation", "Zusammenarbeit", "Landkreis", "Gemeinde", "Oberbürgermeister", "Beigeordneter", "Fraktion", "Stadtverordneter", "Anfrage", "Mitteilung", "Bericht", "Niederschrift", "Einladung", "Tagesordnung", "Abstimmung", "Ergebnis", "Kosten", "Förderung", "Zuschuss", "Finanzierung", "Investition", "Grundstück", "Gebäude", "Denkmal", "Kultur", "Museum", "Bibliothek", "Sport", "Schwimmhalle", "Friedhof", "Abfall", "Entsorgung", "Energie", "Wärmeplanung", "Photovoltaik", "Mobilität", "Nahverkehr", "Straßenbahn", "Bus", "Parkplatz", "Lärmschutz", "Umwelt", "Naturschutz", "Wasser", "Abwasser", "Hochwasser", "Gesundheit", "Integration", "Migration", "Sozialhilfe", "Wohngeld", "Obdachlosigkeit", "Sicherheit", "Ordnung", "Satzung", "Gebührensatzung", "Hauptsatzung", "Geschäftsordnung", "Vergabe", "Ausschreibung", "Vertrag", "Gutachten", "Konzept", "Strategie", "Maßnahme", "Umsetzung", "Prüfung", "Evaluation", "Zeitplan", "Frist", "Stellungnahme"]
FILLER = ["der", "die", "das", "und", "in", "zu", "den", "von", "mit", "für", "auf", "ist", "im", "dem", "nicht", "ein", "eine", "als", "auch", "es", "an", "werden", "aus", "er", "hat", "dass", "sie", "nach", "wird", "bei", "einer", "um", "am", "sind", "noch", "wie", "einem", "über", "einen", "so", "zum", "war", "haben", "nur", "oder", "aber", "vor", "zur", "bis", "mehr", "durch", "man", "sein", "wurde", "sei", "soll", "sollen", "kann", "können", "wurden", "dabei"]
VERBS = ["beschließt", "beauftragt", "prüft", "berichtet", "empfiehlt", "lehnt", "ab", "nimmt", "zur", "Kenntnis", "vertagt", "ändert", "ergänzt", "fordert", "unterstützt", "beantragt", "erläutert", "stellt", "fest", "informiert"]
KINDS = ("Antrag", "Beschlussvorlage", "Mitteilungsvorlage", "Anfrage", "Niederschrift", "Einladung")
GREMIEN = (
    "Hauptausschuss", "Finanzausschuss", "Bauausschuss", "Ausschuss für Klima, Umwelt und Mobilität",
    "Ausschuss für Partizipation, Transparenz und Digitalisierung", "Jugendhilfeausschuss",
    "Kulturausschuss", "Sozialausschuss", "Ortsbeirat Nord", "Stadtverordnetenversammlung",
)
PARTIES = ("SPD", "CDU", "Bündnis 90/Die Grünen", "DIE LINKE", "FDP", "AfD", "Freie Wähler")


@dataclass
class SyntheticDoc:
    id: int
    kind: str
    reference: str
    title: str
    text: str
    date: int  # yyyymmdd
    organization: str
    party: str


def _zipf_weights(n: int, s: float = 1.07) -> list[float]:
    return [1.0 / (rank**s) for rank in range(1, n + 1)]


def generate(count: int, seed: int = 7, mean_words: int = 120) -> Iterator[SyntheticDoc]:
    rnd = random.Random(seed)
    # Inflected and compound forms widen the vocabulary the way real documents do.
    suffixes = ("", "", "", "s", "es", "en", "n", "e")
    vocab = list(FILLER)
    vocab += STEMS
    vocab += [s + suf for s in STEMS for suf in suffixes[3:]]
    vocab += [a + b.lower() for a in STEMS[:60] for b in STEMS[60:120]]
    vocab += VERBS
    rnd.shuffle(vocab[len(FILLER):])  # filler words stay the most frequent
    weights = _zipf_weights(len(vocab))
    cum = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)
    for i in range(count):
        year = 2014 + (i * 11) % 12
        ref = f"{year % 100:02d}/SVV/{rnd.randrange(1, 2000):04d}"
        n = max(20, int(rnd.expovariate(1 / mean_words)))
        words = rnd.choices(vocab, cum_weights=cum, k=n)
        for j in range(0, n, 13):
            words[j] = words[j].capitalize()
        title_words = rnd.choices(STEMS, k=rnd.randrange(3, 8))
        text = " ".join(words)
        text = f"Drucksache {ref}\n{' '.join(title_words)}\n{text}."
        yield SyntheticDoc(
            id=i,
            kind=rnd.choice(KINDS),
            reference=ref,
            title=" ".join(title_words),
            text=text,
            date=year * 10000 + rnd.randrange(1, 13) * 100 + rnd.randrange(1, 29),
            organization=rnd.choice(GREMIEN),
            party=rnd.choice(PARTIES),
        )
