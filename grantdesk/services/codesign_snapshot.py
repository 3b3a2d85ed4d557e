"""Everything a co-design process holds, as column values: deleting one can be undone.

A :class:`CodesignSnapshot` keeps the process row and every row that belongs to it
(applications, meetings with attendees and action items, commitments, indicators with
their measurements, deadlines) and which proposals came from it. :func:`restore_snapshot`
writes it back under a new id; rows pointing to something deleted meanwhile (a body, a
person, a budget line) are left out or unlinked rather than failing the whole undo.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from grantdesk.db.models import (
    ActionItem,
    BudgetLine,
    CoDesignApplication,
    CoDesignProcess,
    Commitment,
    Deadline,
    Indicator,
    IndicatorMeasurement,
    Meeting,
    MeetingAttendee,
    Organization,
    Person,
    Proposal,
    Theme,
)

# Columns a snapshot never keeps: identity, ownership and bookkeeping.
_SKIP = frozenset(
    {
        "id",
        "process_id",
        "meeting_id",
        "indicator_id",
        "codesign_id",
        "version",
        "created_at",
        "updated_at",
        "search_text",
    }
)
Row = dict[str, Any]


@dataclass(frozen=True)
class MeetingRows:
    """A meeting with its attendees and action items."""

    meeting: Row
    attendees: tuple[Row, ...] = ()
    actions: tuple[Row, ...] = ()


@dataclass(frozen=True)
class CodesignSnapshot:
    """Every row of a deleted process (see :func:`take_snapshot`)."""

    original_id: int
    process: Row
    theme_ids: tuple[int, ...] = ()
    applications: tuple[Row, ...] = ()
    meetings: tuple[MeetingRows, ...] = ()
    commitments: tuple[Row, ...] = ()
    indicators: tuple[tuple[Row, tuple[Row, ...]], ...] = ()
    deadlines: tuple[Row, ...] = ()
    proposal_ids: tuple[int, ...] = ()


def values(obj: Any) -> Row:
    """The column values of *obj*, without its id, owner keys and bookkeeping."""
    mapper = inspect(type(obj))
    return {
        attr.key: getattr(obj, attr.key) for attr in mapper.column_attrs if attr.key not in _SKIP
    }


def take_snapshot(s: Session, process: CoDesignProcess) -> CodesignSnapshot:
    """Every row of *process*, to write it back later."""
    meetings = tuple(
        MeetingRows(
            values(m),
            tuple(
                {"person_id": a.person_id, "organization_id": a.organization_id}
                for a in m.attendees
            ),
            tuple(values(a) for a in m.action_items),
        )
        for m in process.meetings
    )
    indicators = s.scalars(
        select(Indicator).where(Indicator.codesign_id == process.id).order_by(Indicator.position)
    ).all()
    deadlines = s.scalars(select(Deadline).where(Deadline.codesign_id == process.id)).all()
    proposals = s.scalars(select(Proposal.id).where(Proposal.codesign_id == process.id)).all()
    return CodesignSnapshot(
        original_id=process.id,
        process=values(process),
        theme_ids=tuple(t.id for t in process.themes),
        applications=tuple(values(a) for a in process.applications),
        meetings=meetings,
        commitments=tuple(values(c) for c in process.commitments),
        indicators=tuple((values(i), tuple(values(m) for m in i.measurements)) for i in indicators),
        deadlines=tuple(values(d) for d in deadlines),
        proposal_ids=tuple(proposals),
    )


def _existing(s: Session, model: type, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return set(s.scalars(select(model.id).where(model.id.in_(ids))))  # type: ignore[attr-defined]


def _linked(row: Row, lines: set[int]) -> Row:
    """*row* of a commitment, unlinked from a budget line deleted meanwhile."""
    return {
        **row,
        "budget_line_id": row["budget_line_id"] if row["budget_line_id"] in lines else None,
    }


def restore_snapshot(s: Session, snapshot: CodesignSnapshot) -> CoDesignProcess:
    """Write *snapshot* back as a new process (flushed: it has its id)."""
    orgs = _existing(
        s,
        Organization,
        {r["organization_id"] for r in (*snapshot.applications, *snapshot.commitments)}
        | {a["organization_id"] for m in snapshot.meetings for a in m.attendees}
        | ({snapshot.process["promoter_id"]} - {None}),
    )
    people = _existing(s, Person, {a["person_id"] for m in snapshot.meetings for a in m.attendees})
    lines = _existing(s, BudgetLine, {c["budget_line_id"] for c in snapshot.commitments} - {None})
    row = dict(snapshot.process)
    if row.get("promoter_id") not in orgs:
        row["promoter_id"] = None
    process = CoDesignProcess(**row)
    process.themes = [t for t in (s.get(Theme, i) for i in snapshot.theme_ids) if t is not None]
    process.applications = [
        CoDesignApplication(**a) for a in snapshot.applications if a["organization_id"] in orgs
    ]
    process.commitments = [
        Commitment(
            **{**c, "budget_line_id": c["budget_line_id"] if c["budget_line_id"] in lines else None}
        )
        for c in snapshot.commitments
        if c["organization_id"] in orgs
    ]
    meetings = []
    for rows in snapshot.meetings:
        meeting = Meeting(**rows.meeting)
        meeting.attendees = [
            MeetingAttendee(
                person_id=a["person_id"],
                organization_id=a["organization_id"] if a["organization_id"] in orgs else None,
            )
            for a in rows.attendees
            if a["person_id"] in people
        ]
        meeting.action_items = [ActionItem(**a) for a in rows.actions]
        meetings.append(meeting)
    process.meetings = meetings
    s.add(process)
    s.flush()
    for indicator_row, measurement_rows in snapshot.indicators:
        indicator = Indicator(**{**indicator_row, "codesign_id": process.id})
        indicator.measurements = [IndicatorMeasurement(**m) for m in measurement_rows]
        s.add(indicator)
    s.add_all(Deadline(codesign_id=process.id, **d) for d in snapshot.deadlines)
    if snapshot.proposal_ids:
        for proposal in s.scalars(
            select(Proposal).where(
                Proposal.id.in_(snapshot.proposal_ids), Proposal.codesign_id.is_(None)
            )
        ):
            proposal.codesign_id = process.id
    s.flush()
    return process
