"""Dates: day-first Italian, ISO, no guessing; deadlines in Europe/Rome across DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grantdesk.domain.dates import (
    DateError,
    days_until,
    format_date,
    format_deadline,
    parse_date,
    parse_time,
    rome_to_utc,
    utc_to_rome,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/04/2026", date(2026, 4, 5)),
        ("2026-04-05", date(2026, 4, 5)),
        ("5.4.2026", date(2026, 4, 5)),
        ("29/02/2028", date(2028, 2, 29)),
    ],
)
def test_day_first_and_iso(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["31/02/2026", "2026/04/05", "04-05-26", "5 aprile 2026", "", "13/13/2026"]
)
def test_ambiguous_or_impossible_dates_are_errors(text: str) -> None:
    with pytest.raises(DateError):
        parse_date(text)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_format_then_parse_is_identity(day: date) -> None:
    assert parse_date(format_date(day, "it")) == day
    assert parse_date(format_date(day, "en")) == day


def test_times() -> None:
    assert parse_time("12:00") == time(12, 0)
    assert parse_time("9.30") == time(9, 30)
    with pytest.raises(DateError):
        parse_time("24:00")


def test_rome_noon_is_utc_eleven_in_winter_and_ten_in_summer() -> None:
    assert rome_to_utc(date(2026, 1, 15), time(12, 0)) == datetime(2026, 1, 15, 11, 0, tzinfo=UTC)
    assert rome_to_utc(date(2026, 7, 15), time(12, 0)) == datetime(2026, 7, 15, 10, 0, tzinfo=UTC)


def test_late_utc_evening_is_next_day_in_rome() -> None:
    moment = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)
    assert utc_to_rome(moment).date() == date(2026, 4, 1)
    assert format_deadline(moment) == "01/04/2026 01:30"
    assert days_until(moment, date(2026, 3, 31)) == 1


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)))
def test_rome_round_trip(local: datetime) -> None:
    moment = rome_to_utc(local.date(), local.time().replace(microsecond=0))
    back = utc_to_rome(moment)
    # Times inside the spring-forward gap do not exist and move by an hour; all others round-trip.
    assert abs((back.replace(tzinfo=None) - local.replace(microsecond=0)).total_seconds()) in {
        0,
        3600,
    }
