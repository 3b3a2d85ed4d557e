"""Exporting the database's deadlines to an .ics file."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from grantdesk.db.models import Deadline
from grantdesk.domain.vocab import DeadlineKind, ProposalStatus
from grantdesk.services.calendar_export import export_calendar
from grantdesk.services.dashboard import today_in_rome
from tests.helpers import factories as f

TODAY = date(2026, 11, 18)
STAMP = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)
# A call title is at most 500 characters; the 5,000-character case is in tests/unit/test_ics.py.
HOSTILE = 'Bando "Welfare", fase 2; zona Nord\nseconda riga 🎉 ' + "è" * 440


def seed(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        c = f.call(s, HOSTILE, funder="Fondazione; Cariplo, Milano")
        lead = f.organization(s, "Auser")
        f.proposal(s, "Case del Sociale", c, lead, acronym="CDS", status=ProposalStatus.DRAFTING)
        spring = f.deadline(s, c, date(2027, 3, 29), owner="Giulia", reminder_days=[30, 7])
        winter = f.deadline(s, c, date(2027, 3, 15), owner="Marco", stage="Idea")
        done = f.deadline(s, c, TODAY - timedelta(days=30), kind=DeadlineKind.REPORT, done=True)
        f.deadline(s, c, TODAY - timedelta(days=400))  # more than a year ago: not exported
        return {"spring": spring.id, "winter": winter.id, "done": done.id}


def events(path: Path) -> dict[str, object]:
    cal = Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}


def test_export_writes_one_event_per_deadline(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = seed(db)
    path = tmp_path / "scadenze.ics"
    assert export_calendar(db, path, generated_at=STAMP, today=TODAY) == 3
    found = events(path)
    assert set(found) == {f"deadline-{i}" for i in ids.values()}
    spring = found[f"deadline-{ids['spring']}"]
    winter = found[f"deadline-{ids['winter']}"]
    assert spring.decoded("DTSTART").astimezone(UTC) == datetime(2027, 3, 29, 10, 0, tzinfo=UTC)
    assert winter.decoded("DTSTART").astimezone(UTC) == datetime(2027, 3, 15, 11, 0, tzinfo=UTC)
    assert str(spring["DTSTART"].params["TZID"]) == "Europe/Rome"
    assert [a.decoded("TRIGGER") for a in spring.walk("VALARM")] == [
        timedelta(days=-30),
        timedelta(days=-7),
    ]
    assert [a.decoded("TRIGGER") for a in winter.walk("VALARM")] == [
        timedelta(days=-14),
        timedelta(days=-3),
    ]
    assert str(spring["SUMMARY"]) == f"Application: {HOSTILE}"
    description = str(winter["DESCRIPTION"])
    assert "Fondazione; Cariplo, Milano" in description and "CDS" in description
    assert "Idea" in description and "Marco" in description
    done = found[f"deadline-{ids['done']}"]
    assert str(done["SUMMARY"]).startswith("✓ Report: ") and done.walk("VALARM") == []
    assert not list(tmp_path.glob(".*.tmp"))


def test_same_database_gives_same_uids_and_bytes(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = seed(db)
    one, two = tmp_path / "one.ics", tmp_path / "two.ics"
    export_calendar(db, one, generated_at=STAMP, today=TODAY)
    export_calendar(db, two, generated_at=STAMP, today=TODAY)
    assert one.read_bytes() == two.read_bytes()
    with db.transaction() as s:
        s.get(Deadline, ids["winter"]).owner = "Anna"  # type: ignore[union-attr]
    export_calendar(db, two, generated_at=STAMP, today=TODAY)
    before, after = events(one), events(two)
    assert set(before) == set(after)
    assert [str(e["UID"]) for e in before.values()] == [str(e["UID"]) for e in after.values()]
    key = f"deadline-{ids['winter']}"
    assert int(after[key]["SEQUENCE"]) == int(before[key]["SEQUENCE"]) + 1


def test_owner_filter(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = seed(db)
    path = tmp_path / "giulia.ics"
    assert export_calendar(db, path, owner="Giulia", generated_at=STAMP, today=TODAY) == 1
    assert set(events(path)) == {f"deadline-{ids['spring']}"}
    assert "Giulia" in str(Calendar.from_ical(path.read_bytes())["X-WR-CALNAME"])


def test_replaces_atomically_and_fails_cleanly(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seed(db)
    path = tmp_path / "cal.ics"
    path.write_text("old")
    export_calendar(db, path, generated_at=STAMP, today=TODAY)
    assert path.read_bytes().startswith(b"BEGIN:VCALENDAR")
    with pytest.raises(OSError):
        export_calendar(db, tmp_path / "missing" / "cal.ics", generated_at=STAMP, today=TODAY)
    assert not (tmp_path / "missing").exists()
    assert not list(tmp_path.glob(".*.tmp"))


def test_empty_database_exports_an_empty_calendar(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "empty.ics"
    assert export_calendar(db, path, generated_at=STAMP, today=TODAY) == 0
    assert Calendar.from_ical(path.read_bytes()).walk("VEVENT") == []


def test_default_stamp_is_now(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        f.deadline(s, f.call(s, "Bando"), today_in_rome() + timedelta(days=3), time(9, 0))
    path = tmp_path / "now.ics"
    export_calendar(db, path)
    (event,) = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert abs(event.decoded("DTSTAMP") - datetime.now(UTC)) < timedelta(minutes=5)
