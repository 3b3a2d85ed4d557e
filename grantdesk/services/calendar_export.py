"""Writing the deadlines to an .ics file for Outlook, Thunderbird or a phone.

Which deadlines: every deadline (done or not) whose Rome date is at most one year before
today, and everything after. Done ones are included on purpose: re-importing the file
then updates their event (ticked, alarms gone) instead of leaving a stale one; see
``grantdesk.exports.ics``. *owner* keeps only that person's deadlines.

The file is written atomically: a temporary file in the same folder, flushed and synced,
then renamed over the target, so a calendar never reads half a file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from grantdesk.db.models import Deadline
from grantdesk.domain.dates import now_utc
from grantdesk.exports.ics import CalendarDeadline, deadlines_to_ics
from grantdesk.i18n import _
from grantdesk.services.dashboard import deadlines_between, today_in_rome
from grantdesk.services.database import Database
from grantdesk.services.reminders import reminder_days_of

LOOKBACK_DAYS = 365
_FOREVER = date(9998, 12, 31)


def calendar_deadlines(
    db: Database, today: date, owner: str | None = None
) -> list[CalendarDeadline]:
    """The deadlines the calendar file holds, soonest first."""
    first = today - timedelta(days=LOOKBACK_DAYS)
    items = deadlines_between(db, first, _FOREVER, today, owner=owner)
    if not items:
        return []
    extra: dict[int, tuple[int, list[int]]] = {}
    ids = [i.id for i in items]
    with db.reading() as s:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for i, version, raw in s.execute(
                select(Deadline.id, Deadline.version, Deadline.reminder_days).where(
                    Deadline.id.in_(chunk)
                )
            ):
                extra[i] = (version, reminder_days_of(raw))
    return [
        CalendarDeadline(
            id=i.id,
            due_at=i.due_at,
            kind=i.kind,
            title=i.title,
            funder=i.funder,
            stage=i.stage,
            owner=i.owner,
            proposals=i.proposals,
            done=i.done,
            version=extra[i.id][0],
            reminder_days=tuple(extra[i.id][1]),
        )
        for i in items
        if i.id in extra
    ]


def calendar_name(owner: str | None) -> str:
    if owner:
        return _("GrantDesk deadlines – {owner}").format(owner=owner)
    return _("GrantDesk deadlines")


def write_atomically(path: Path, data: bytes) -> None:
    """Replace *path* with *data* in one step (temporary file in the same folder)."""
    folder = path.parent
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(OSError):
            os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def export_calendar(
    db: Database,
    path: str | Path,
    owner: str | None = None,
    generated_at: datetime | None = None,
    *,
    today: date | None = None,
) -> int:
    """Write the deadlines to the .ics file *path*; how many were written."""
    items = calendar_deadlines(db, today or today_in_rome(), owner)
    data = deadlines_to_ics(
        items,
        calendar_name=calendar_name(owner),
        generated_at=generated_at or now_utc(),
        database_label=db.label,
    )
    write_atomically(Path(path), data)
    return len(items)
