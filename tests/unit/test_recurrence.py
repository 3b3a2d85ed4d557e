"""Recurring calls' dates: Rome wall-clock times across DST, year ends, invalid rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from grantdesk.domain.dates import ROME
from grantdesk.domain.recurrence import (
    RecurrenceError,
    normalize_rule,
    occurrences,
    occurrences_in_year,
)

SESSIONS = "FREQ=YEARLY;BYMONTH=3,6,10;BYMONTHDAY=15"


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def test_three_sessions_a_year() -> None:
    found = occurrences_in_year(SESSIONS, time(12, 0), 2026)
    assert [m.date() for m in found] == [date(2026, 3, 15), date(2026, 6, 15), date(2026, 10, 15)]
    assert all(m.tzinfo == ROME and m.time() == time(12, 0) for m in found)


def test_spring_forward_keeps_the_wall_clock() -> None:
    before, after = occurrences_in_year("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15,29", time(12), 2026)
    assert utc(before) == datetime(2026, 3, 15, 11, 0, tzinfo=UTC)  # CET, +01:00
    assert utc(after) == datetime(2026, 3, 29, 10, 0, tzinfo=UTC)  # CEST, +02:00 (DST that day)
    assert before.hour == after.hour == 12


def test_fall_back_keeps_the_wall_clock() -> None:
    before, after = occurrences_in_year("FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=15,25", time(12), 2026)
    assert utc(before) == datetime(2026, 10, 15, 10, 0, tzinfo=UTC)
    assert utc(after) == datetime(2026, 10, 25, 11, 0, tzinfo=UTC)  # back to CET that morning


def test_year_boundary_and_missing_31st() -> None:
    found = occurrences("FREQ=MONTHLY;BYMONTHDAY=31", time(9, 30), after=date(2026, 12, 1), count=3)
    assert [m.date() for m in found] == [date(2026, 12, 31), date(2027, 1, 31), date(2027, 3, 31)]
    assert [utc(m).hour for m in found] == [8, 8, 7]


def test_last_day_of_month_with_negative_monthday() -> None:
    found = occurrences("FREQ=MONTHLY;BYMONTHDAY=-1", time(12), after=date(2027, 1, 31), count=2)
    assert [m.date() for m in found] == [date(2027, 2, 28), date(2027, 3, 31)]


def test_29_february_only_in_leap_years() -> None:
    rule = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"
    assert occurrences_in_year(rule, time(12), 2027) == []
    assert [m.date() for m in occurrences_in_year(rule, time(12), 2028)] == [date(2028, 2, 29)]


def test_after_an_instant_is_strict() -> None:
    noon = datetime(2026, 6, 15, 12, 0, tzinfo=ROME)
    found = occurrences(SESSIONS, time(12), after=noon, count=1)
    assert found[0].date() == date(2026, 10, 15)
    found = occurrences(SESSIONS, time(12), after=noon.replace(hour=11), count=1)
    assert found[0].date() == date(2026, 6, 15)


def test_time_in_the_spring_gap_moves_forward() -> None:
    (moment,) = occurrences(
        "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=29", time(2, 30), after=date(2026, 1, 1), count=1
    )
    assert moment.time() == time(3, 30) and utc(moment) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_until_in_utc_is_accepted() -> None:
    rule = "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15;UNTIL=20271231T000000Z"
    found = occurrences(rule, time(12), after=date(2025, 12, 31), count=5)
    assert [m.year for m in found] == [2026, 2027]


def test_normalize_accepts_prefix_and_case() -> None:
    assert normalize_rule(" rrule:freq=yearly;bymonth=3 ") == "FREQ=YEARLY;BYMONTH=3"


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("", "empty"),
        ("BYMONTH=3", "FREQ is missing"),
        ("FREQ=SOMETIMES", "unknown FREQ"),
        ("FREQ=HOURLY", "within a day"),
        ("FREQ=DAILY;BYHOUR=9", "within a day"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH=13 is out of range"),
        ("FREQ=YEARLY;BYMONTHDAY=0", "out of range"),
        ("FREQ=YEARLY;BYMONTHDAY=32", "out of range"),
        ("FREQ=YEARLY;COLOUR=RED", "unknown part COLOUR"),
        ("FREQ=YEARLY;BYDAY=XX", "not a recurrence rule"),
        ("FREQ=YEARLY;INTERVAL=two", "not a recurrence rule"),
        ("FREQ=YEARLY;BYMONTH", "has no value"),
        ("FREQ=YEARLY;FREQ=MONTHLY", "appears twice"),
        ("DTSTART:20260101T000000\nRRULE:FREQ=YEARLY", "one RRULE line"),
    ],
)
def test_invalid_rules_are_explained(rule: str, words: str) -> None:
    with pytest.raises(RecurrenceError) as info:
        normalize_rule(rule)
    message = str(info.value)
    assert words in message and "\n" not in message


def test_italian_message() -> None:
    from grantdesk.i18n import set_language

    set_language("it")
    with pytest.raises(RecurrenceError, match="FREQ manca"):
        normalize_rule("BYMONTH=3")
