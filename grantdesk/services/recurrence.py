"""Rolling a recurring call forward: next year's deadlines from this year's pattern.

The pattern is the call's own deadlines (not those of its proposals) in the latest Rome
year before the target year that has funder deadlines (every kind but internal review).
Each funder deadline is tied to the nearest date the call's RRULE gives in that year and
keeps its distance from it (0 days for a deadline on the rule's date, -30 for a
pre-application a month earlier); the target year's matching rule date is found by
position when both years have as many dates, otherwise by the same month and day (a
date that does not exist in the target year, such as 29 February, is skipped). Each
internal review keeps its distance in days before the funder deadline it precedes (the
first funder deadline on or after it), even across New Year. Kind, stage, owner, Rome
wall-clock time and reminder days are copied; notes and "done" are not.

Idempotent: a deadline of the same kind and stage already on the same Rome day of the
target year is not created again. Everything happens in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select

from grantdesk.db.models import Call, Deadline
from grantdesk.domain.dates import rome_to_utc, utc_to_rome
from grantdesk.domain.recurrence import RecurrenceError, normalize_rule, occurrences_in_year
from grantdesk.domain.vocab import DeadlineKind
from grantdesk.i18n import _
from grantdesk.services.database import Database


class RollForwardError(Exception):
    """A call cannot be rolled forward; the message is one sentence for the user."""


@dataclass(frozen=True)
class _Planned:
    kind: DeadlineKind
    stage: str | None
    day: date
    at: time
    owner: str | None
    reminder_days: list[int]


def _local(d: Deadline) -> datetime:
    return utc_to_rome(d.due_at)


def _nearest(day: date, candidates: list[date]) -> int:
    return min(range(len(candidates)), key=lambda i: (abs((day - candidates[i]).days), i))


def _target_index(index: int, source: list[date], target: list[date]) -> int | None:
    if len(source) == len(target):
        return index
    wanted = (source[index].month, source[index].day)
    for j, day in enumerate(target):
        if (day.month, day.day) == wanted:
            return j
    return None


def plan(call: Call, deadlines: list[Deadline], year: int) -> list[_Planned]:
    """The deadlines *year* should have, from the pattern year's (no database access)."""
    if not call.recurrence:
        raise RollForwardError(
            _("“{call}” is not a recurring call: give it a recurrence rule first.").format(
                call=call.title
            )
        )
    try:
        rule = normalize_rule(call.recurrence)
    except RecurrenceError as exc:
        raise RollForwardError(str(exc)) from exc
    funder = [d for d in deadlines if d.kind != DeadlineKind.INTERNAL]
    earlier = [d for d in funder if _local(d).year < year]
    if not earlier:
        raise RollForwardError(
            _("“{call}” has no deadlines before {year} to copy.").format(call=call.title, year=year)
        )
    source_year = max(_local(d).year for d in earlier)
    pattern = sorted(
        (d for d in earlier if _local(d).year == source_year), key=lambda d: (d.due_at, d.id)
    )
    anchor = min(_local(d).date() for d in funder)
    noon = time(12, 0)
    source_dates = [m.date() for m in occurrences_in_year(rule, noon, source_year, anchor=anchor)]
    target_dates = [m.date() for m in occurrences_in_year(rule, noon, year, anchor=anchor)]
    if not source_dates or not target_dates:
        raise RollForwardError(
            _("The recurrence rule of “{call}” gives no date in {year}.").format(
                call=call.title, year=year if not target_dates else source_year
            )
        )
    planned: list[_Planned] = []
    moved: dict[int, date] = {}
    for d in pattern:
        local = _local(d)
        i = _nearest(local.date(), source_dates)
        j = _target_index(i, source_dates, target_dates)
        if j is None:
            continue
        day = target_dates[j] + (local.date() - source_dates[i])
        moved[d.id] = day
        planned.append(_copy(d, day))
    for review in (d for d in deadlines if d.kind == DeadlineKind.INTERNAL):
        review_local = _local(review)
        following = [
            d for d in sorted(funder, key=lambda d: (d.due_at, d.id)) if d.due_at >= review.due_at
        ]
        if not following or following[0].id not in moved:
            continue
        before = _local(following[0]).date() - review_local.date()
        planned.append(_copy(review, moved[following[0].id] - before))
    return planned


def _copy(d: Deadline, day: date) -> _Planned:
    local = _local(d)
    days = [int(n) for n in (d.reminder_days or [])]
    return _Planned(d.kind, d.stage, day, local.time().replace(tzinfo=None), d.owner, days)


def roll_forward(db: Database, call_id: int, year: int) -> list[int]:
    """Create *year*'s deadlines of the recurring call *call_id*; the new deadlines' ids."""
    with db.transaction() as s:
        call = s.get(Call, call_id)
        if call is None:
            raise RollForwardError(_("There is no call with id {id}.").format(id=call_id))
        deadlines = list(
            s.scalars(select(Deadline).where(Deadline.call_id == call_id).order_by(Deadline.due_at))
        )
        existing = {(d.kind, d.stage or "", _local(d).date()) for d in deadlines}
        created: list[Deadline] = []
        for p in plan(call, deadlines, year):
            key = (p.kind, p.stage or "", p.day)
            if key in existing:
                continue
            existing.add(key)
            new = Deadline(
                call_id=call_id,
                kind=p.kind,
                stage=p.stage,
                due_at=rome_to_utc(p.day, p.at),
                owner=p.owner,
                reminder_days=list(p.reminder_days),
                done=False,
            )
            s.add(new)
            created.append(new)
        s.flush()
        ids = [d.id for d in created]
    return ids
