"""Beratungsfolge in the layouts RIS exports and converters produce."""

from __future__ import annotations

from ratsinfo.extract.consultations import find_block, parse_consultations, role_of
from ratsinfo.split.lines import build_lines


def _parse(text: str) -> list[tuple[str | None, str | None, str | None]]:
    idx = build_lines(text)
    i = find_block(idx.lines, 0, len(idx.lines))
    assert i is not None
    recs = parse_consultations(text, idx.lines, i, len(idx.lines))
    for r in recs:
        for s, e in r.spans.values():
            assert 0 <= s <= e <= len(text)
        assert text[slice(*r.spans["organization"])] == r.organization
    return [(r.date, r.organization, r.role) for r in recs]


def test_table_rows_with_tabs() -> None:
    text = (
        "Beratungsfolge:\t\t\n"
        "Datum der Sitzung\tGremium\tZuständigkeit\n"
        "05.10.2022\tStadtverordnetenversammlung\tEntscheidung\n"
        "\nBeschlussvorschlag:\n\nDie Stadtverordnetenversammlung möge beschließen:\n"
    )
    assert _parse(text) == [("2022-10-05", "Stadtverordnetenversammlung", "Entscheidung")]


def test_one_value_per_line_without_role() -> None:
    text = (
        "Beratungsfolge:\n\nDatum der Sitzung\n\nGremium\n\n"
        "14.12.2022\n\nHauptausschuss\n\n10.01.2023\n\nAusschuss für Bildung und Sport\n\n"
        "Inhalt der Mitteilung:\n\nDer Hauptausschuss nimmt zur Kenntnis:\n"
    )
    assert _parse(text) == [
        ("2022-12-14", "Hauptausschuss", None),
        ("2023-01-10", "Ausschuss für Bildung und Sport", None),
    ]


def test_one_value_per_line_with_role_column() -> None:
    text = (
        "Beratungsfolge:\nDatum der Sitzung\nGremium\nZuständigkeit\n"
        "07.12.2022\nStadtrat\nEntscheidung\n\nBegründung:\nText.\n"
    )
    assert _parse(text) == [("2022-12-07", "Stadtrat", "Entscheidung")]


def test_allris_columns_in_other_order_with_status() -> None:
    text = (
        "Beratungsfolge:\n"
        "Gremium\tDatum\tSitzung\tZuständigkeit\n"
        "Bau- und Umweltausschuss\t05.04.2016\töffentlich\tVorberatung\n"
        "Rat der Stadt\t21.04.2016\tnicht öffentlich\tEntscheidung\n"
        "\nSachverhalt:\n"
    )
    assert _parse(text) == [
        ("2016-04-05", "Bau- und Umweltausschuss", "Vorberatung"),
        ("2016-04-21", "Rat der Stadt", "Entscheidung"),
    ]


def test_label_and_value_in_one_cell() -> None:
    text = (
        "geplante Sitzungstermine 13.11.2024\tGremium Hauptausschuss\tZuständigkeit zur Kenntnis\n"
        "\nDer Hauptausschuss nimmt zur Kenntnis:\n"
    )
    assert _parse(text) == [("2024-11-13", "Hauptausschuss", "Kenntnisnahme")]


def test_role_in_brackets_without_dates() -> None:
    text = "Beratungsfolge:\nFinanzausschuss (Vorberatung)\nGemeinderat (Entscheidung)\n\nSachverhalt:\n"
    assert _parse(text) == [
        (None, "Finanzausschuss", "Vorberatung"),
        (None, "Gemeinderat", "Entscheidung"),
    ]


def test_roles() -> None:
    assert role_of("zur Kenntnis") == "Kenntnisnahme"
    assert role_of("Kenntnisnahme") == "Kenntnisnahme"
    assert role_of("Beschlussfassung") == "Entscheidung"
    assert role_of("vorberatend") == "Vorberatung"
    assert role_of("Hauptausschuss") is None
