"""Reminders: each deadline's own reminder days, --days override, done and overdue ones."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from grantdesk.domain.vocab import DeadlineKind, ProposalStatus
from grantdesk.services.reminders import OVERDUE_DAYS, due_reminders
from tests.helpers import factories as f

TODAY = date(2026, 11, 18)


def test_reminder_windows_and_fields(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        c = f.call(s, "Welfare di comunità", funder="Fondazione Vigevano")
        lead = f.organization(s, "Auser Vigevano")
        f.proposal(s, "Case del Sociale", c, lead, acronym="CDS", status=ProposalStatus.DRAFTING)
        in_14 = f.deadline(s, c, TODAY + timedelta(days=14), owner="Giulia")
        in_10 = f.deadline(s, c, TODAY + timedelta(days=10), kind=DeadlineKind.REPORT)
        f.deadline(s, c, TODAY + timedelta(days=15))  # outside the 14-day window
        short = f.deadline(s, c, TODAY + timedelta(days=2), reminder_days=[1])  # not yet
        custom = f.deadline(s, c, TODAY + timedelta(days=30), reminder_days=[30])
        silent = f.deadline(s, c, TODAY + timedelta(days=1), reminder_days=[])
        late = f.deadline(s, c, TODAY - timedelta(days=3), owner="Marco")
        f.deadline(s, c, TODAY - timedelta(days=OVERDUE_DAYS + 1))  # forgotten long ago
        done = f.deadline(s, c, TODAY + timedelta(days=3))
        done.done = True
        ids = {
            "in_14": in_14.id,
            "in_10": in_10.id,
            "short": short.id,
            "custom": custom.id,
            "silent": silent.id,
            "late": late.id,
        }
    found = due_reminders(db, TODAY)
    assert [r.id for r in found] == [ids["late"], ids["in_10"], ids["in_14"], ids["custom"]]
    late_r, in_10_r, in_14_r, custom_r = found
    assert late_r.overdue and late_r.days_left == -3 and late_r.owner == "Marco"
    assert not in_14_r.overdue and in_14_r.days_left == 14 and in_14_r.fires_today
    assert not in_10_r.fires_today and in_10_r.kind is DeadlineKind.REPORT
    assert custom_r.days_left == 30 and custom_r.fires_today
    assert in_14_r.title == "Welfare di comunità" and in_14_r.funder == "Fondazione Vigevano"
    assert in_14_r.proposals == ("CDS",)
    assert in_14_r.due_at.utcoffset() == timedelta(0)


def test_days_overrides_the_per_deadline_setting(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        c = f.call(s, "Bando")
        soon = f.deadline(s, c, TODAY + timedelta(days=2), reminder_days=[1])
        silent = f.deadline(s, c, TODAY + timedelta(days=5), reminder_days=[])
        f.deadline(s, c, TODAY + timedelta(days=6))
        done = f.deadline(s, c, TODAY + timedelta(days=1))
        done.done = True
        expected = [soon.id, silent.id]
    assert [r.id for r in due_reminders(db, TODAY, days=5)] == expected
    assert [r.id for r in due_reminders(db, TODAY, days=0)] == []


def test_rome_day_decides_days_left(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        c = f.call(s, "Bando")
        # 00:30 in Rome on the 21st is still the 20th in UTC.
        d = f.deadline(s, c, TODAY + timedelta(days=3), time(0, 30), reminder_days=[3])
        wanted = d.id
    (r,) = due_reminders(db, TODAY)
    assert r.id == wanted and r.days_left == 3 and r.fires_today


def test_due_today_is_not_overdue(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        f.deadline(s, f.call(s, "Bando"), TODAY, time(18, 0))
    (r,) = due_reminders(db, TODAY)
    assert r.days_left == 0 and not r.overdue and r.fires_today


def test_empty_database_and_bad_days(db) -> None:  # type: ignore[no-untyped-def]
    assert due_reminders(db, TODAY) == []
    with pytest.raises(ValueError):
        due_reminders(db, TODAY, days=-1)
