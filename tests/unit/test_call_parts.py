"""Checking a call's deadlines and caps as typed in the editor (no database)."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grantdesk.domain.dates import is_working_day
from grantdesk.services.call_parts import (
    CapEntry,
    DeadlineEntry,
    cap_problems,
    category_code,
    category_label,
    deadline_problems,
    exists_in_rome,
    internal_review_day,
    parse_reminders,
)


def test_reminders_are_read_largest_first_without_repeats() -> None:
    assert parse_reminders("3, 14; 3") == (14, 3)
    assert parse_reminders("") == ()
    assert parse_reminders(" 0 ") == (0,)
    for bad in ("due", "-1", "400", "1.5"):
        with pytest.raises(ValueError):
            parse_reminders(bad)


def test_the_hour_skipped_by_summer_time_does_not_exist() -> None:
    assert not exists_in_rome(date(2026, 3, 29), time(2, 30))
    assert exists_in_rome(date(2026, 3, 29), time(3, 30))
    # The hour repeated in October exists (the first of the two is meant).
    assert exists_in_rome(date(2026, 10, 25), time(2, 30))
    problem = deadline_problems([DeadlineEntry("application", date(2026, 3, 29), time(2, 30))])
    assert problem.startswith("Row 1: 02:30 does not exist on 2026-03-29 in Italy")


def test_deadline_problems_name_the_row() -> None:
    ok = DeadlineEntry("application", date(2027, 3, 31))
    assert deadline_problems([ok]) == ""
    assert deadline_problems([ok, DeadlineEntry("whatever", date(2027, 1, 1))]).startswith(
        "Row 2: choose the kind"
    )
    assert "Row 1: keep the owner" in deadline_problems(
        [DeadlineEntry("report", date(2027, 1, 1), owner="x" * 121)]
    )


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_the_internal_review_falls_on_a_working_day_before_the_funders_date(day: date) -> None:
    review = internal_review_day(day)
    assert is_working_day(review)
    # At most a long weekend plus a holiday or two further back (Christmas, Easter).
    assert timedelta(days=5) <= day - review <= timedelta(days=10)


def test_the_internal_review_skips_italian_holidays() -> None:
    # 6 Jan 2027 − 5 = Fri 1 Jan (New Year's Day) → Thu 31 Dec 2026.
    assert internal_review_day(date(2027, 1, 6)) == date(2026, 12, 31)
    # Easter Monday 2027 is 29 March: 3 April − 5 = 29 March → Friday 26 March.
    assert internal_review_day(date(2027, 4, 3)) == date(2027, 3, 26)
    assert not is_working_day(date(2026, 6, 2))  # Festa della Repubblica


def test_categories_are_stored_as_codes_when_known_and_as_typed_otherwise() -> None:
    assert category_code("  Overheads ") == "overheads"
    assert category_code("Coordination") == "coordination"
    assert category_code("Spese di  fideiussione") == "Spese di fideiussione"
    assert category_label("equipment") == "Equipment"
    assert category_label("Spese di fideiussione") == "Spese di fideiussione"


def test_cap_problems() -> None:
    assert cap_problems([CapEntry("overheads", Decimal("10"))]) == ""
    assert cap_problems([CapEntry("", Decimal("10"))]).startswith("Row 1: name the cost")
    assert cap_problems([CapEntry("overheads", Decimal("0"))]).startswith("Row 1: a percentage")
    assert cap_problems([CapEntry("overheads", None, Decimal("-1"))]).startswith(
        "Row 1: the amount must be above zero"
    )
    twice = [CapEntry("Overheads", Decimal("10")), CapEntry("overheads", None, Decimal("5"))]
    assert cap_problems(twice).startswith("Row 2: this category already has a cap")
