"""Deadlines as an iCalendar file (RFC 5545) that Outlook, Thunderbird and phones import.

Choices:

- One VEVENT per deadline, 30 minutes from the Rome due time (``DTSTART;TZID=Europe/Rome``
  plus ``DURATION:PT30M``). The VTIMEZONE is written by hand with the EU rules (last
  Sunday of March and of October) rather than with ``add_missing_timezones()``, which
  lists every transition and stops at 2038.
- The UID is ``deadline-<id>@<first 12 hex of sha1(database label)>.grantdesk``: the same
  database exported twice gives the same UIDs, so a calendar updates its events instead of
  duplicating them. SEQUENCE is the deadline's ``version`` minus one (0 for a new record),
  so an edited deadline replaces the older copy.
- A deadline marked done stays in the file (importing a file never deletes events, so
  dropping it would leave a stale event with live alarms): its summary starts with "✓ ",
  it has no alarm, and its STATUS stays CONFIRMED (CANCELLED would read as "the funder
  cancelled it").
- One VALARM (ACTION:DISPLAY, TRIGGER:-P<n>D before the start) per reminder day.
- DTSTAMP is *generated_at*, so a fixed time gives byte-identical output; icalendar
  escapes commas, semicolons and newlines and folds long lines.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from grantdesk.domain.dates import ROME
from grantdesk.domain.vocab import DeadlineKind
from grantdesk.i18n import _

PRODID = "-//GrantDesk//GrantDesk 0.1//IT"
DURATION = timedelta(minutes=30)
DONE_MARK = "✓ "


@dataclass(frozen=True)
class CalendarDeadline:
    """What the calendar needs to know about one deadline."""

    id: int
    due_at: datetime
    kind: DeadlineKind
    title: str
    funder: str = ""
    stage: str = ""
    owner: str = ""
    proposals: tuple[str, ...] = ()
    done: bool = False
    version: int = 1
    reminder_days: tuple[int, ...] = (14, 3)


def uid_domain(database_label: str) -> str:
    """The UID host part for one database: stable across exports, no path or host leaked."""
    digest = hashlib.sha1(database_label.encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"{digest[:12]}.grantdesk"


def deadline_uid(deadline_id: int, database_label: str) -> str:
    return f"deadline-{deadline_id}@{uid_domain(database_label)}"


def _rome_timezone() -> Timezone:
    """Europe/Rome with the EU summer-time rules (in force since 1996)."""
    tz = Timezone()
    tz.add("tzid", "Europe/Rome")
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("dtstart", datetime(1981, 3, 29, 2, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    summer.add("tzoffsetfrom", timedelta(hours=1))
    summer.add("tzoffsetto", timedelta(hours=2))
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("dtstart", datetime(1996, 10, 27, 3, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    winter.add("tzoffsetfrom", timedelta(hours=2))
    winter.add("tzoffsetto", timedelta(hours=1))
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def summary(item: CalendarDeadline) -> str:
    text = f"{item.kind.label}: {item.title}"
    return DONE_MARK + text if item.done else text


def description(item: CalendarDeadline) -> str:
    lines = []
    if item.funder:
        lines.append(_("Funder: {value}").format(value=item.funder))
    if item.stage:
        lines.append(_("Stage: {value}").format(value=item.stage))
    if item.owner:
        lines.append(_("Owner: {value}").format(value=item.owner))
    if item.proposals:
        lines.append(_("Proposals: {value}").format(value=", ".join(item.proposals)))
    if item.done:
        lines.append(_("Done."))
    return "\n".join(lines)


def _event(item: CalendarDeadline, domain: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"deadline-{item.id}@{domain}")
    event.add("sequence", max(item.version - 1, 0))
    event.add("dtstamp", stamp)
    event.add("dtstart", item.due_at.astimezone(ROME))
    event.add("duration", DURATION)
    event.add("summary", summary(item))
    text = description(item)
    if text:
        event.add("description", text)
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    event.add("categories", [item.kind.label])
    if not item.done:
        for days in sorted(set(item.reminder_days), reverse=True):
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", summary(item))
            alarm.add("trigger", timedelta(days=-days))
            event.add_component(alarm)
    return event


def deadlines_to_ics(
    items: Iterable[CalendarDeadline],
    *,
    calendar_name: str,
    generated_at: datetime,
    database_label: str = "",
) -> bytes:
    """The iCalendar bytes (UTF-8, CRLF) of *items*, in the order given."""
    if generated_at.tzinfo is None:
        raise ValueError("generated_at must be aware")
    stamp = generated_at.astimezone(UTC).replace(microsecond=0)
    domain = uid_domain(database_label)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", calendar_name)
    cal.add("x-wr-timezone", "Europe/Rome")
    cal.add_component(_rome_timezone())
    for item in items:
        cal.add_component(_event(item, domain, stamp))
    return bytes(cal.to_ical())
