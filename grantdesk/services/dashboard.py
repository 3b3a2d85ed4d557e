"""What is due and how the pipeline stands: the Home, Calendar and Reports views' data."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from grantdesk.db.models import (
    ActionItem,
    BudgetLine,
    Call,
    CoDesignProcess,
    Deadline,
    Funder,
    Meeting,
    Organization,
    OrganizationDocument,
    Proposal,
)
from grantdesk.domain.dates import ROME, rome_to_utc, utc_to_rome
from grantdesk.domain.money import ZERO, from_cents, share
from grantdesk.domain.vocab import CallStatus, DeadlineKind, FundingSource, ProposalStatus
from grantdesk.services.database import Database


class Urgency(StrEnum):
    OVERDUE = "overdue"
    THIS_WEEK = "this_week"
    THIS_MONTH = "this_month"
    LATER = "later"


@dataclass(frozen=True)
class DueItem:
    """A deadline with what it belongs to and how urgent it is."""

    id: int
    due_at: datetime
    kind: DeadlineKind
    stage: str
    title: str
    funder: str
    owner: str
    proposals: tuple[str, ...]
    days_left: int
    urgency: Urgency
    call_id: int | None
    proposal_id: int | None = None
    codesign_id: int | None = None
    done: bool = False


@dataclass(frozen=True)
class ActionDue:
    """An action item of a co-design table that is still open."""

    id: int
    description: str
    owner: str
    due_on: date | None
    process: str
    overdue: bool


@dataclass(frozen=True)
class ExpiringDocument:
    organization: str
    title: str
    expires_on: date
    expired: bool


@dataclass(frozen=True)
class Overview:
    """Counts for the Home view's header."""

    open_calls: int
    organizations: int
    active_proposals: int
    codesigns: int
    requested_open: Decimal


def urgency(days_left: int, due: date, today: date) -> Urgency:
    """How pressing a deadline *days_left* Rome days away is. "This week" means the next
    seven days, not the calendar week: on a Sunday, Monday's deadline is this week's."""
    if days_left < 0:
        return Urgency.OVERDUE
    if days_left <= 7:
        return Urgency.THIS_WEEK
    return Urgency.THIS_MONTH if days_left <= 31 else Urgency.LATER


_OwnerProposal = aliased(Proposal)
_ProposalCall = aliased(Call)


def _deadline_query() -> Select:  # type: ignore[type-arg]
    """Deadlines with the title and funder of what they belong to (call, proposal, process)."""
    return (
        select(
            Deadline,
            func.coalesce(Call.title, _OwnerProposal.title, CoDesignProcess.title),
            Funder.name,
            _OwnerProposal.acronym,
        )
        .outerjoin(Call, Call.id == Deadline.call_id)
        .outerjoin(_OwnerProposal, _OwnerProposal.id == Deadline.proposal_id)
        .outerjoin(_ProposalCall, _ProposalCall.id == _OwnerProposal.call_id)
        .outerjoin(CoDesignProcess, CoDesignProcess.id == Deadline.codesign_id)
        .outerjoin(Funder, Funder.id == func.coalesce(Call.funder_id, _ProposalCall.funder_id))
    )


def _due_items(db: Database, query: Select, today: date) -> list[DueItem]:  # type: ignore[type-arg]
    with db.reading() as s:
        rows = s.execute(query.order_by(Deadline.due_at, Deadline.id)).all()
        call_ids = {r[0].call_id for r in rows if r[0].call_id}
        acronyms: dict[int, list[str]] = defaultdict(list)
        if call_ids:
            active = [ProposalStatus.IDEA, ProposalStatus.DRAFTING, ProposalStatus.REVIEW]
            for call_id, acronym, title in s.execute(
                select(Proposal.call_id, Proposal.acronym, Proposal.title)
                .where(Proposal.call_id.in_(call_ids), Proposal.status.in_(active))
                .order_by(Proposal.id)
            ):
                acronyms[call_id or 0].append(acronym or title)
    items = []
    for d, title, funder, own_acronym in rows:
        local = utc_to_rome(d.due_at).date()
        days = (local - today).days
        items.append(
            DueItem(
                d.id,
                d.due_at,
                d.kind,
                d.stage or "",
                title or "",
                funder or "",
                d.owner or "",
                (own_acronym,) if own_acronym else tuple(acronyms.get(d.call_id or 0, ())),
                days,
                urgency(days, local, today),
                d.call_id,
                d.proposal_id,
                d.codesign_id,
                d.done,
            )
        )
    return items


def upcoming(db: Database, today: date, horizon_days: int = 31, limit: int = 200) -> list[DueItem]:
    """Open deadlines: every overdue one, then those within *horizon_days* of *today*."""
    start = rome_to_utc(today - timedelta(days=60), time(0, 0))
    end = rome_to_utc(today + timedelta(days=horizon_days + 1), time(0, 0))
    query = (
        _deadline_query()
        .where(Deadline.done.is_(False), Deadline.due_at >= start, Deadline.due_at < end)
        .limit(limit)
    )
    return _due_items(db, query, today)


def deadlines_between(
    db: Database,
    first: date,
    last: date,
    today: date,
    *,
    funder_id: int | None = None,
    owner: str | None = None,
    call_status: CallStatus | None = None,
) -> list[DueItem]:
    """Every deadline from *first* to *last* (Rome days, inclusive), filtered as asked."""
    query = _deadline_query().where(
        Deadline.due_at >= rome_to_utc(first, time(0, 0)),
        Deadline.due_at < rome_to_utc(last + timedelta(days=1), time(0, 0)),
    )
    if funder_id is not None:
        query = query.where(Funder.id == funder_id)
    if owner:
        query = query.where(Deadline.owner == owner)
    if call_status is not None:
        query = query.where(Call.status == call_status)
    return _due_items(db, query, today)


def owners(db: Database) -> list[str]:
    """Everyone who owns a deadline, for the Calendar's filter."""
    with db.reading() as s:
        return [
            o for o in s.scalars(select(Deadline.owner).distinct().order_by(Deadline.owner)) if o
        ]


def funders(db: Database) -> list[tuple[int, str]]:
    """Funders by name, for filters."""
    with db.reading() as s:
        return [(i, n) for i, n in s.execute(select(Funder.id, Funder.name).order_by(Funder.name))]


def open_actions(db: Database, today: date, limit: int = 50) -> list[ActionDue]:
    """Action items of co-design tables not yet done, soonest first."""
    with db.reading() as s:
        rows = s.execute(
            select(ActionItem, CoDesignProcess.title)
            .join(Meeting, Meeting.id == ActionItem.meeting_id)
            .join(CoDesignProcess, CoDesignProcess.id == Meeting.process_id)
            .where(ActionItem.done.is_(False))
            .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id)
            .limit(limit)
        ).all()
    return [
        ActionDue(
            a.id,
            a.description,
            a.owner or "",
            a.due_on,
            title,
            a.due_on is not None and a.due_on < today,
        )
        for a, title in rows
    ]


def expiring_documents(db: Database, today: date, within_days: int = 30) -> list[ExpiringDocument]:
    """Documents on file that expired or expire within *within_days*."""
    with db.reading() as s:
        rows = s.execute(
            select(Organization.name, OrganizationDocument.title, OrganizationDocument.expires_on)
            .join(Organization, Organization.id == OrganizationDocument.organization_id)
            .where(OrganizationDocument.expires_on <= today + timedelta(days=within_days))
            .order_by(OrganizationDocument.expires_on)
            .limit(100)
        ).all()
    return [ExpiringDocument(n, t, e, e < today) for n, t, e in rows if e is not None]


ACTIVE = (
    ProposalStatus.IDEA,
    ProposalStatus.DRAFTING,
    ProposalStatus.REVIEW,
    ProposalStatus.SUBMITTED,
)


def _requested_cents() -> object:
    t = BudgetLine.__table__.c
    return func.coalesce(func.sum((t.quantity * t.unit_cost_cents + 500) // 1000), 0)


def overview(db: Database) -> Overview:
    """The figures at the top of Home."""
    with db.reading() as s:
        open_calls = s.scalar(
            select(func.count(Call.id)).where(
                Call.status.in_([CallStatus.NEW, CallStatus.WATCHING, CallStatus.GO])
            )
        )
        orgs = s.scalar(select(func.count(Organization.id)))
        active = s.scalar(select(func.count(Proposal.id)).where(Proposal.status.in_(ACTIVE)))
        processes = s.scalar(select(func.count(CoDesignProcess.id)))
        requested = s.scalar(
            select(_requested_cents())  # type: ignore[call-overload]
            .select_from(BudgetLine)
            .join(Proposal, Proposal.id == BudgetLine.proposal_id)
            .where(
                Proposal.status.in_(ACTIVE),
                BudgetLine.source == FundingSource.REQUESTED_GRANT,
            )
        )
    return Overview(
        open_calls or 0, orgs or 0, active or 0, processes or 0, from_cents(int(requested or 0))
    )


@dataclass(frozen=True)
class StatusCount:
    status: ProposalStatus
    proposals: int
    requested: Decimal


def pipeline(db: Database) -> list[StatusCount]:
    """Proposals and requested grant per status, in pipeline order."""
    with db.reading() as s:
        counts = dict(
            s.execute(
                select(Proposal.status, func.count(Proposal.id)).group_by(Proposal.status)
            ).all()
        )
        sums: dict[ProposalStatus, int] = dict(
            s.execute(
                select(Proposal.status, _requested_cents())  # type: ignore[call-overload]
                .join(BudgetLine, BudgetLine.proposal_id == Proposal.id)
                .where(BudgetLine.source == FundingSource.REQUESTED_GRANT)
                .group_by(Proposal.status)
            ).all()
        )
    return [
        StatusCount(st, counts.get(st, 0), from_cents(int(sums.get(st, 0))))
        for st in ProposalStatus
    ]


@dataclass(frozen=True)
class FunderResult:
    funder: str
    submitted: int
    awarded: int
    requested: Decimal
    obtained: Decimal

    @property
    def success_rate(self) -> Decimal | None:
        return share(Decimal(self.awarded), Decimal(self.submitted))


DECIDED_OR_SENT = (
    ProposalStatus.SUBMITTED,
    ProposalStatus.AWARDED,
    ProposalStatus.REJECTED,
    ProposalStatus.RUNNING,
    ProposalStatus.REPORTING,
    ProposalStatus.CLOSED,
)
WON = (
    ProposalStatus.AWARDED,
    ProposalStatus.RUNNING,
    ProposalStatus.REPORTING,
    ProposalStatus.CLOSED,
)


def results_by_funder(db: Database, year: int | None = None) -> list[FunderResult]:
    """Per funder: proposals sent, proposals won, grant requested and obtained."""
    t = BudgetLine.__table__.c
    requested = (
        select(func.coalesce(func.sum((t.quantity * t.unit_cost_cents + 500) // 1000), 0))
        .where(t.proposal_id == Proposal.id, t.source == FundingSource.REQUESTED_GRANT.value)
        .scalar_subquery()
    )
    query = (
        select(Funder.name, Proposal.status, requested, Proposal.awarded_amount)
        .join(Call, Call.funder_id == Funder.id)
        .join(Proposal, Proposal.call_id == Call.id)
        .where(Proposal.status.in_(DECIDED_OR_SENT))
    )
    if year is not None:
        query = query.where(
            Proposal.submitted_on >= date(year, 1, 1),
            Proposal.submitted_on <= date(year, 12, 31),
        )
    table: dict[str, list[Decimal | int]] = {}
    with db.reading() as s:
        for name, status, req_cents, awarded in s.execute(query):
            row = table.setdefault(name, [0, 0, ZERO, ZERO])
            row[0] = int(row[0]) + 1
            row[2] = Decimal(row[2]) + from_cents(int(req_cents))
            if status in WON:
                row[1] = int(row[1]) + 1
                row[3] = Decimal(row[3]) + (awarded or ZERO)
    return sorted(
        (
            FunderResult(n, int(r[0]), int(r[1]), Decimal(r[2]), Decimal(r[3]))
            for n, r in table.items()
        ),
        key=lambda f: (-f.requested, f.funder),
    )


def submission_years(db: Database) -> list[int]:
    """Years in which proposals were sent, newest first (the Reports year selector)."""
    with db.reading() as s:
        days = s.scalars(
            select(Proposal.submitted_on)
            .where(Proposal.submitted_on.is_not(None), Proposal.status.in_(DECIDED_OR_SENT))
            .distinct()
        )
        return sorted({d.year for d in days if d is not None}, reverse=True)


def today_in_rome() -> date:
    """Today's date in Rome (deadlines are Rome days)."""
    return datetime.now(ROME).date()
