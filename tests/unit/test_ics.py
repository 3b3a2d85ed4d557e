"""The iCalendar file: structure, Rome times, alarms, stable UIDs, hostile text, determinism."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from grantdesk.domain.dates import ROME
from grantdesk.domain.vocab import DeadlineKind
from grantdesk.exports.ics import CalendarDeadline, deadline_uid, deadlines_to_ics

STAMP = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
HOSTILE = 'Bando, "welfare"; fase 2\nriga due \\ 🎉 àèìòù €' + "x" * 5000


def items() -> list[CalendarDeadline]:
    return [
        CalendarDeadline(
            1,
            datetime(2026, 3, 15, 11, 0, tzinfo=UTC),
            DeadlineKind.APPLICATION,
            "Welfare di comunità",
            funder="Fondazione Cariplo",
            stage="Full application",
            owner="Giulia Ferraris",
            proposals=("CDS", "OLD"),
            version=3,
            reminder_days=(14, 3),
        ),
        CalendarDeadline(
            2,
            datetime(2026, 3, 29, 10, 0, tzinfo=UTC),
            DeadlineKind.INTERNAL,
            HOSTILE,
            funder="Fondazione; Vigevano, ONLUS",
            owner="Marco\nBellini",
            reminder_days=(30, 7, 1),
        ),
        CalendarDeadline(
            3,
            datetime(2026, 10, 25, 11, 0, tzinfo=UTC),
            DeadlineKind.REPORT,
            "Rendiconto",
            done=True,
            reminder_days=(14,),
        ),
    ]


def events(data: bytes) -> list:  # type: ignore[type-arg]
    return Calendar.from_ical(data).walk("VEVENT")


def test_calendar_header_and_timezone() -> None:
    data = deadlines_to_ics(items(), calendar_name="Scadenze", generated_at=STAMP)
    cal = Calendar.from_ical(data)
    assert str(cal["PRODID"]) == "-//GrantDesk//GrantDesk 0.1//IT"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["X-WR-CALNAME"]) == "Scadenze"
    (tz,) = cal.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Europe/Rome"
    assert b"\r\n" in data and all(len(line) <= 75 for line in data.split(b"\r\n"))


def test_one_event_per_deadline_in_rome_time() -> None:
    data = deadlines_to_ics(items(), calendar_name="x", generated_at=STAMP)
    found = events(data)
    assert len(found) == 3
    starts = [e.decoded("DTSTART") for e in found]
    assert [s.astimezone(UTC) for s in starts] == [i.due_at for i in items()]
    assert [s.astimezone(ROME).hour for s in starts] == [12, 12, 12]
    assert b"DTSTART;TZID=Europe/Rome:20260315T120000" in data
    assert b"DTSTART;TZID=Europe/Rome:20260329T120000" in data
    assert all(e.decoded("DURATION") == timedelta(minutes=30) for e in found)
    assert all(e.decoded("DTSTAMP") == STAMP for e in found)


def test_alarms_match_reminder_days_and_done_has_none() -> None:
    found = events(deadlines_to_ics(items(), calendar_name="x", generated_at=STAMP))
    triggers = [[a.decoded("TRIGGER") for a in e.walk("VALARM")] for e in found]
    assert triggers == [
        [timedelta(days=-14), timedelta(days=-3)],
        [timedelta(days=-30), timedelta(days=-7), timedelta(days=-1)],
        [],
    ]
    assert all(str(a["ACTION"]) == "DISPLAY" for e in found for a in e.walk("VALARM"))


def test_summary_description_sequence_and_done_mark() -> None:
    first, _second, done = events(deadlines_to_ics(items(), calendar_name="x", generated_at=STAMP))
    assert str(first["SUMMARY"]) == "Application: Welfare di comunità"
    description = str(first["DESCRIPTION"])
    for text in ("Fondazione Cariplo", "Full application", "Giulia Ferraris", "CDS, OLD"):
        assert text in description
    assert int(first["SEQUENCE"]) == 2
    assert str(done["SUMMARY"]) == "✓ Report: Rendiconto"
    assert str(done["STATUS"]) == "CONFIRMED"


def test_hostile_text_round_trips() -> None:
    data = deadlines_to_ics(items(), calendar_name="Scadenze, 2026; tutte", generated_at=STAMP)
    second = events(data)[1]
    assert str(second["SUMMARY"]) == f"Internal review: {HOSTILE}"
    assert "Fondazione; Vigevano, ONLUS" in str(second["DESCRIPTION"])
    assert "Marco\nBellini" in str(second["DESCRIPTION"])
    assert str(Calendar.from_ical(data)["X-WR-CALNAME"]) == "Scadenze, 2026; tutte"
    assert "🎉".encode() in data


def test_uids_are_stable_per_database_and_differ_between_databases() -> None:
    one = deadlines_to_ics(items(), calendar_name="x", generated_at=STAMP, database_label="/a.db")
    two = deadlines_to_ics(items(), calendar_name="x", generated_at=STAMP, database_label="/a.db")
    other = deadlines_to_ics(items(), calendar_name="x", generated_at=STAMP, database_label="/b.db")
    uids = [str(e["UID"]) for e in events(one)]
    assert uids == [str(e["UID"]) for e in events(two)]
    assert uids[0] == deadline_uid(1, "/a.db")
    assert uids[0].startswith("deadline-1@") and uids[0].endswith(".grantdesk")
    assert len(uids[0].split("@")[1]) == len("0123456789ab.grantdesk")
    assert not set(uids) & {str(e["UID"]) for e in events(other)}


def test_fixed_stamp_gives_identical_bytes() -> None:
    one = deadlines_to_ics(items(), calendar_name="x", generated_at=STAMP)
    two = deadlines_to_ics(items(), calendar_name="x", generated_at=STAMP.astimezone(ROME))
    assert one == two


def test_empty_calendar_is_valid() -> None:
    cal = Calendar.from_ical(deadlines_to_ics([], calendar_name="x", generated_at=STAMP))
    assert cal.walk("VEVENT") == []
