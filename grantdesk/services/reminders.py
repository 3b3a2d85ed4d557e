"""What should be brought to someone's attention today: deadline reminders.

A deadline reminds on each of its ``reminder_days`` before its Rome due date (14 and 3 by
default) and stays listed from the first of those days until the due date, so a reminder
missed on its day is still seen the next morning. A deadline that is past and not marked
done is listed as overdue for ``OVERDUE_DAYS`` days (as on the Home view), so a forgotten
one is not silently dropped. Done deadlines never remind; an empty ``reminder_days``
silences a deadline. ``days`` overrides every deadline's setting: everything not done and
due within *days* days (plus the overdue ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from grantdesk.db.models import Deadline
from grantdesk.domain.dates import rome_to_utc
from grantdesk.domain.vocab import DeadlineKind
from grantdesk.services.dashboard import deadlines_between
from grantdesk.services.database import Database

OVERDUE_DAYS = 60


@dataclass(frozen=True)
class Reminder:
    """A deadline to be reminded of, with how many Rome days are left."""

    id: int
    due_at: datetime
    days_left: int
    kind: DeadlineKind
    title: str
    funder: str
    owner: str
    overdue: bool
    stage: str = ""
    proposals: tuple[str, ...] = ()
    # True on one of the deadline's own reminder days (or the due day itself).
    fires_today: bool = False


def reminder_days_of(raw: object) -> list[int]:
    """The usable reminder days of a stored JSON value (non-negative integers, sorted)."""
    if not isinstance(raw, list):
        return []
    days: set[int] = set()
    for value in raw:
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if number >= 0:
            days.add(number)
    return sorted(days, reverse=True)


def due_reminders(
    db: Database, today: date, days: int | None = None, *, owner: str | None = None
) -> list[Reminder]:
    """Deadlines that remind on *today* (a Rome day), soonest first."""
    if days is not None and days < 0:
        raise ValueError("days must not be negative")
    first = today - timedelta(days=OVERDUE_DAYS)
    with db.reading() as s:
        settings = {
            i: reminder_days_of(r)
            for i, r in s.execute(
                select(Deadline.id, Deadline.reminder_days).where(
                    Deadline.done.is_(False), Deadline.due_at >= rome_to_utc(first, time(0, 0))
                )
            )
        }
    if not settings:
        return []
    horizon = days if days is not None else max(max(d, default=0) for d in settings.values())
    reminders = []
    for item in deadlines_between(db, first, today + timedelta(days=horizon), today, owner=owner):
        if item.done or item.id not in settings:
            continue
        own = settings[item.id]
        window = days if days is not None else (max(own) if own else None)
        if window is None:
            continue
        overdue = item.days_left < 0
        if not overdue and item.days_left > window:
            continue
        reminders.append(
            Reminder(
                id=item.id,
                due_at=item.due_at,
                days_left=item.days_left,
                kind=item.kind,
                title=item.title,
                funder=item.funder,
                owner=item.owner,
                overdue=overdue,
                stage=item.stage,
                proposals=item.proposals,
                fires_today=item.days_left in own or item.days_left == 0,
            )
        )
    return reminders
