"""Copies of a proposal's rows: a snapshot to undo a deletion, next year's edition.

A :class:`ProposalSnapshot` keeps the column values of the proposal and of every row that
belongs to it (partners, sections, objectives, activities, budget lines and versions,
indicators with their measurements, checklist, deadlines), so a deleted proposal can be
written back whole. :func:`copy_for_next_edition` writes a fresh proposal from an existing
one, keeping the content and resetting what belongs to one edition only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from grantdesk.db.models import (
    Activity,
    Attachment,
    BudgetLine,
    BudgetVersion,
    Deadline,
    Indicator,
    IndicatorMeasurement,
    Objective,
    Proposal,
    ProposalPartner,
    ProposalSection,
)
from grantdesk.domain.vocab import AttachmentState, ProposalStatus

# Columns a copy never takes over: identity, ownership and bookkeeping.
_SKIP = frozenset(
    {
        "id",
        "proposal_id",
        "indicator_id",
        "version",
        "created_at",
        "updated_at",
        "search_text",
    }
)
# The proposal's collections, with the model of their rows.
CHILDREN: dict[str, type] = {
    "partners": ProposalPartner,
    "sections": ProposalSection,
    "objectives": Objective,
    "activities": Activity,
    "budget_lines": BudgetLine,
    "indicators": Indicator,
    "attachments": Attachment,
    "budget_versions": BudgetVersion,
}
Row = dict[str, Any]


@dataclass(frozen=True)
class ProposalSnapshot:
    """Everything a proposal held, as column values (see :func:`take_snapshot`)."""

    original_id: int
    proposal: Row
    rows: dict[str, tuple[Row, ...]] = field(default_factory=dict)
    measurements: dict[int, tuple[Row, ...]] = field(default_factory=dict)  # by indicator index
    deadlines: tuple[Row, ...] = ()


def values(obj: Any) -> Row:
    """The column values of *obj*, without its id, owner keys and bookkeeping."""
    mapper = inspect(type(obj))
    return {
        attr.key: getattr(obj, attr.key) for attr in mapper.column_attrs if attr.key not in _SKIP
    }


def take_snapshot(session: Session, proposal: Proposal) -> ProposalSnapshot:
    """Every row of *proposal*, to write it back later."""
    rows = {name: tuple(values(row) for row in getattr(proposal, name)) for name in CHILDREN}
    measurements = {
        index: tuple(values(m) for m in indicator.measurements)
        for index, indicator in enumerate(proposal.indicators)
        if indicator.measurements
    }
    deadlines = tuple(
        values(d)
        for d in session.scalars(select(Deadline).where(Deadline.proposal_id == proposal.id))
    )
    return ProposalSnapshot(proposal.id, values(proposal), rows, measurements, deadlines)


def restore_snapshot(session: Session, snapshot: ProposalSnapshot) -> Proposal:
    """Write *snapshot* back as a new proposal (flushed: it has its id)."""
    proposal = Proposal(**snapshot.proposal)
    for name, model in CHILDREN.items():
        setattr(proposal, name, [model(**row) for row in snapshot.rows.get(name, ())])
    for index, rows in snapshot.measurements.items():
        proposal.indicators[index].measurements = [IndicatorMeasurement(**row) for row in rows]
    session.add(proposal)
    session.flush()
    session.add_all(Deadline(proposal_id=proposal.id, **row) for row in snapshot.deadlines)
    return proposal


def copy_for_next_edition(session: Session, original: Proposal, title: str) -> Proposal:
    """A new proposal holding *original*'s content under *title*, ready for a new edition.

    Status back to idea; start, submission, decision and award cleared; indicators keep
    baseline and target but no actual value; checklist items all missing, without files;
    budget versions and deadlines stay with the original.
    """
    data = values(original)
    data.update(
        title=title,
        status=ProposalStatus.IDEA,
        start_on=None,
        submitted_on=None,
        decided_on=None,
        awarded_amount=None,
    )
    copy = Proposal(**data)
    for name in ("partners", "sections", "objectives", "activities", "budget_lines"):
        model = CHILDREN[name]
        setattr(copy, name, [model(**values(row)) for row in getattr(original, name)])
    copy.indicators = [
        Indicator(**{**values(row), "actual": None, "codesign_id": None})
        for row in original.indicators
    ]
    copy.attachments = [
        Attachment(
            name=item.name,
            requirement_id=item.requirement_id,
            state=AttachmentState.MISSING,
        )
        for item in original.attachments
    ]
    session.add(copy)
    return copy
