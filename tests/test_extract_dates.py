"""German dates and times."""

from __future__ import annotations

import pytest

from ratsinfo.extract.dates import find_dates, parse_date, parse_datetime, parse_time


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("10.01.2023", "2023-01-10"),
        ("Dienstag, 10.01.2023, 18:00 Uhr", "2023-01-10"),
        ("7. Dezember 2022", "2022-12-07"),
        ("am 7. Dez. 2022", "2022-12-07"),
        ("14. Januar 2022 Außengestaltung", "2022-01-14"),
        ("10.1.23", "2023-01-10"),
        ("Stand: 2023-01-10", "2023-01-10"),
        ("im Dezember 2022", "2022-12"),
        ("Juni 2020", "2020-06"),
        ("vom 03.06.1998 wirksam", "1998-06-03"),
    ],
)
def test_parse_date(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["31.02.2023", "Raum 280 a", "18:00 Uhr", "79/81", "§ 8", ""])
def test_no_date(text: str) -> None:
    assert parse_date(text) is None


def test_month_only_can_be_refused() -> None:
    assert parse_date("im Dezember 2022", month_ok=False) is None


def test_find_dates_gives_offsets() -> None:
    text = "Sitzung vom 22.11.2022 und am 7. Dezember 2022"
    found = find_dates(text)
    assert [d.iso for d in found] == ["2022-11-22", "2022-12-07"]
    assert [text[d.start : d.end] for d in found] == ["22.11.2022", "7. Dezember 2022"]


@pytest.mark.parametrize(
    ("text", "time"),
    [("18:00 Uhr", "18:00"), ("18.30 Uhr", "18:30"), ("um 9 Uhr", "09:00"), ("20:27", "20:27")],
)
def test_parse_time(text: str, time: str) -> None:
    assert parse_time(text) == time


def test_a_date_is_not_a_time() -> None:
    assert parse_time("10.01.2023") is None


def test_parse_datetime() -> None:
    assert parse_datetime("Dienstag, 10.01.2023, 18:00 Uhr") == "2023-01-10T18:00"
    assert parse_datetime("Dienstag, 10.01.2023") == "2023-01-10"
    assert parse_datetime("18:00 Uhr") is None
