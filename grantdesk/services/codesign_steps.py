"""The step dates of a co-design process in the Calendar, Home and the reminders.

Each dated step of a process (decision, notice published, applications close, approval
act, agreement signed, closed) is mirrored by one :class:`~grantdesk.db.models.Deadline`
of the process, recognised by a marker in its notes (``codesign-step:<step>``) so the
user's own deadlines of the process (reports, data collections) are never touched.
A step's deadline is done once the process has reached the step — the applications'
closing date once evaluation began — so only the steps still ahead remind.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from grantdesk.db.models import CoDesignProcess, Deadline
from grantdesk.domain.codesign import reached
from grantdesk.domain.dates import rome_to_utc
from grantdesk.domain.vocab import CoDesignStatus, DeadlineKind
from grantdesk.i18n import N_, _

STEP_MARKER = "codesign-step:"

# The stage each step date shows in the Calendar, and its kind of deadline.
STEP_STAGES: dict[CoDesignStatus, tuple[str, DeadlineKind]] = {
    CoDesignStatus.DECISION: (N_("Co-design: decision to start"), DeadlineKind.INTERNAL),
    CoDesignStatus.NOTICE_PUBLISHED: (
        N_("Co-design: public notice published"),
        DeadlineKind.INTERNAL,
    ),
    CoDesignStatus.APPLICATIONS: (
        N_("Co-design: applications close"),
        DeadlineKind.APPLICATION,
    ),
    CoDesignStatus.APPROVAL: (N_("Co-design: approval act"), DeadlineKind.INTERNAL),
    CoDesignStatus.AGREEMENT_SIGNED: (
        N_("Co-design: agreement signed"),
        DeadlineKind.INTERNAL,
    ),
    CoDesignStatus.CLOSED: (N_("Co-design: process closed"), DeadlineKind.REPORT),
}
_STEP_COLUMN = {
    CoDesignStatus.DECISION: "decided_on",
    CoDesignStatus.NOTICE_PUBLISHED: "notice_published_on",
    CoDesignStatus.APPLICATIONS: "applications_due_at",
    CoDesignStatus.APPROVAL: "approved_on",
    CoDesignStatus.AGREEMENT_SIGNED: "agreement_signed_on",
    CoDesignStatus.CLOSED: "closed_on",
}


def _step_deadline_done(status: CoDesignStatus, step: CoDesignStatus) -> bool:
    if step is CoDesignStatus.APPLICATIONS:  # the closing date: done once evaluation began
        return reached(status, CoDesignStatus.EVALUATION)
    return reached(status, step)


def sync_step_deadlines(
    s: Session, process: CoDesignProcess, translate: Callable[[str], str] | None = None
) -> None:
    """One deadline per dated step of *process* (added, moved or removed as the dates are).

    *translate* (a callable msgid → text; default: the current language) names the stages.
    A deadline whose date did not change keeps its reminders and its done mark, except that
    reaching the step marks it done.
    """
    tr = translate or _
    existing: dict[str, Deadline] = {}
    for deadline in s.scalars(select(Deadline).where(Deadline.codesign_id == process.id)):
        if deadline.notes and deadline.notes.startswith(STEP_MARKER):
            existing[deadline.notes] = deadline
    for step, column in _STEP_COLUMN.items():
        marker = STEP_MARKER + step.value
        value = getattr(process, column)
        found = existing.pop(marker, None)
        if value is None:
            if found is not None:
                s.delete(found)
            continue
        due = value if isinstance(value, datetime) else rome_to_utc(value)
        stage, kind = STEP_STAGES[step]
        done = _step_deadline_done(process.status, step)
        if found is None:
            s.add(
                Deadline(
                    codesign_id=process.id,
                    kind=kind,
                    stage=tr(stage),
                    due_at=due,
                    owner=process.rup,
                    done=done,
                    notes=marker,
                )
            )
            continue
        moved = found.due_at != due
        if moved:
            found.due_at = due
        if found.owner != process.rup:
            found.owner = process.rup
        wanted_done = done or (found.done and not moved)
        if found.done != wanted_done:
            found.done = wanted_done
    for leftover in existing.values():
        s.delete(leftover)
