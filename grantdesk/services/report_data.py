"""The figures behind the PDF reports: one service call per report, plain dataclasses out.

- ``pipeline_report``: proposals by status (today), results by funder for a year (the same
  figures as the Reports view), results by submission year, and the open deadlines.
- ``deadlines_report``: what is due between two Rome days, grouped by week, for one owner
  or everyone.
- ``organization_sheet``: an organization's register entry, its contacts, its documents
  with their state on a given day, and every proposal it took part in.

Money is ``Decimal`` summed from integer cents in SQL, exactly as the dashboard does, so a
PDF and the window always agree to the cent. Nothing here formats or translates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from grantdesk.db.models import (
    BudgetLine,
    Call,
    Funder,
    Organization,
    Proposal,
    ProposalPartner,
)
from grantdesk.domain.dates import utc_to_rome
from grantdesk.domain.money import ZERO, from_cents, share
from grantdesk.domain.vocab import FundingSource, LegalForm, ProposalStatus
from grantdesk.i18n import _
from grantdesk.services import dashboard
from grantdesk.services.dashboard import (
    DECIDED_OR_SENT,
    WON,
    DueItem,
    FunderResult,
    StatusCount,
)
from grantdesk.services.database import Database
from grantdesk.services.details import RecordNotFoundError, postal_address

UPCOMING_DAYS = 60
UPCOMING_SHOWN = 50  # the pipeline report's list; the deadlines report has them all
EXPIRING_DAYS = 30
DEFAULT_PERIOD_DAYS = 30


def _line_cents(*conditions: Any) -> Any:
    """The sum of budget lines (quantity × unit cost, half-up to the cent) as a subquery."""
    t = BudgetLine.__table__.c
    return (
        select(func.coalesce(func.sum((t.quantity * t.unit_cost_cents + 500) // 1000), 0))
        .where(t.proposal_id == Proposal.id, *conditions)
        .scalar_subquery()
    )


# -- pipeline ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Results:
    """Proposals sent and what came of them (a funder, a year, or everything)."""

    submitted: int = 0
    awarded: int = 0
    rejected: int = 0
    requested: Decimal = ZERO
    obtained: Decimal = ZERO

    @property
    def pending(self) -> int:
        """Sent and not yet decided (or withdrawn after sending)."""
        return self.submitted - self.awarded - self.rejected

    @property
    def success_rate(self) -> Decimal | None:
        """Funded proposals as a percentage of those sent (the Reports view's rate)."""
        return share(Decimal(self.awarded), Decimal(self.submitted))

    def plus(self, status: ProposalStatus, requested: Decimal, awarded: Decimal | None) -> Results:
        won = status in WON
        return Results(
            self.submitted + 1,
            self.awarded + (1 if won else 0),
            self.rejected + (1 if status is ProposalStatus.REJECTED else 0),
            self.requested + requested,
            self.obtained + ((awarded or ZERO) if won else ZERO),
        )


@dataclass(frozen=True)
class YearResults:
    """Results of the proposals sent in one year (None: sent without a date)."""

    year: int | None
    results: Results


@dataclass(frozen=True)
class PipelineReport:
    """Everything the pipeline report prints."""

    today: date
    year: int | None
    statuses: tuple[StatusCount, ...]
    funders: tuple[FunderResult, ...]
    total: Results
    years: tuple[YearResults, ...]
    upcoming: tuple[DueItem, ...]  # the first UPCOMING_SHOWN open deadlines, soonest first
    horizon_days: int = UPCOMING_DAYS
    upcoming_total: int = 0  # how many there are in all

    @property
    def proposals(self) -> int:
        return sum(s.proposals for s in self.statuses)

    @property
    def requested_in_pipeline(self) -> Decimal:
        return sum((s.requested for s in self.statuses), ZERO)


def _statuses(s: Session) -> tuple[StatusCount, ...]:
    counts = dict(
        s.execute(select(Proposal.status, func.count(Proposal.id)).group_by(Proposal.status)).all()
    )
    requested = _line_cents(BudgetLine.source == FundingSource.REQUESTED_GRANT)
    sums: dict[ProposalStatus, int] = defaultdict(int)
    for status, cents in s.execute(select(Proposal.status, requested)):
        sums[status] += int(cents)
    return tuple(
        StatusCount(st, int(counts.get(st, 0)), from_cents(sums.get(st, 0)))
        for st in ProposalStatus
    )


def pipeline_report(
    db: Database, *, year: int | None, today: date, horizon_days: int = UPCOMING_DAYS
) -> PipelineReport:
    """The pipeline today, results for *year* (None: every year) and the open deadlines."""
    requested = _line_cents(BudgetLine.source == FundingSource.REQUESTED_GRANT)
    query = (
        select(
            Funder.name, Proposal.status, Proposal.submitted_on, requested, Proposal.awarded_amount
        )
        .join(Call, Call.funder_id == Funder.id)
        .join(Proposal, Proposal.call_id == Call.id)
        .where(Proposal.status.in_(DECIDED_OR_SENT))
    )
    by_funder: dict[str, Results] = {}
    by_year: dict[int | None, Results] = {}
    total = Results()
    with db.reading() as s:
        statuses = _statuses(s)
        for name, status, sent, cents, awarded in s.execute(query):
            amount = from_cents(int(cents))
            sent_year = sent.year if sent is not None else None
            by_year[sent_year] = by_year.get(sent_year, Results()).plus(status, amount, awarded)
            if year is not None and sent_year != year:
                continue
            by_funder[name] = by_funder.get(name, Results()).plus(status, amount, awarded)
            total = total.plus(status, amount, awarded)
    funders = sorted(
        (
            FunderResult(n, r.submitted, r.awarded, r.requested, r.obtained)
            for n, r in by_funder.items()
        ),
        key=lambda f: (-f.requested, f.funder),
    )
    years = sorted(by_year.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
    upcoming = [d for d in dashboard.upcoming(db, today, horizon_days, limit=100_000) if not d.done]
    return PipelineReport(
        today,
        year,
        statuses,
        tuple(funders),
        total,
        tuple(YearResults(y, r) for y, r in years),
        tuple(upcoming[:UPCOMING_SHOWN]),
        horizon_days,
        len(upcoming),
    )


# -- deadlines --------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineWeek:
    """The deadlines of one week, Monday to Sunday (Rome days)."""

    monday: date
    items: tuple[DueItem, ...]

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


@dataclass(frozen=True)
class DeadlinesReport:
    first: date
    last: date
    today: date
    owner: str | None
    weeks: tuple[DeadlineWeek, ...]

    @property
    def count(self) -> int:
        return sum(len(w.items) for w in self.weeks)


def default_period(today: date) -> tuple[date, date]:
    """The deadlines report's period when none is given: the next thirty days."""
    return today, today + timedelta(days=DEFAULT_PERIOD_DAYS)


def deadlines_report(
    db: Database, first: date, last: date, today: date, owner: str | None = None
) -> DeadlinesReport:
    """Every deadline from *first* to *last* (inclusive), for *owner* or everyone, by week."""
    items = dashboard.deadlines_between(db, first, last, today, owner=owner or None)
    weeks: dict[date, list[DueItem]] = defaultdict(list)
    for item in items:
        day = utc_to_rome(item.due_at).date()
        weeks[day - timedelta(days=day.weekday())].append(item)
    return DeadlinesReport(
        first,
        last,
        today,
        owner or None,
        tuple(DeadlineWeek(m, tuple(weeks[m])) for m in sorted(weeks)),
    )


# -- organization sheet -----------------------------------------------------------------


class DocumentState(StrEnum):
    """Whether a document on file is still good on the sheet's day."""

    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    NO_EXPIRY = "no_expiry"


def document_state(
    expires_on: date | None, today: date, within: int = EXPIRING_DAYS
) -> DocumentState:
    """Expired before *today*, expiring within *within* days, valid, or with no expiry."""
    if expires_on is None:
        return DocumentState.NO_EXPIRY
    if expires_on < today:
        return DocumentState.EXPIRED
    if expires_on <= today + timedelta(days=within):
        return DocumentState.EXPIRING
    return DocumentState.VALID


@dataclass(frozen=True)
class RegisterEntry:
    id: int
    name: str
    legal_form: LegalForm
    codice_fiscale: str
    partita_iva: str
    runts_number: str
    runts_registered_on: date | None
    address: str
    region: str
    neighbourhood: str
    email: str
    phone: str
    website: str
    iban: str
    volunteers: int | None
    staff: int | None
    themes: tuple[str, ...]
    notes: str


@dataclass(frozen=True)
class Contact:
    name: str
    role: str
    email: str
    phone: str


@dataclass(frozen=True)
class DocumentOnFile:
    title: str
    kind: str
    issued_on: date | None
    expires_on: date | None
    state: DocumentState


@dataclass(frozen=True)
class Participation:
    """One proposal the organization led or joined, with its outcome and money."""

    proposal_id: int
    acronym: str
    title: str
    call: str
    funder: str
    lead: bool
    role: str
    status: ProposalStatus
    submitted_on: date | None
    requested: Decimal  # the whole proposal's requested grant
    awarded: Decimal | None
    own_budget: Decimal  # the budget lines charged to this organization

    @property
    def obtained(self) -> Decimal | None:
        """The amount awarded, once the proposal was funded (None otherwise)."""
        return self.awarded if self.status in WON else None


@dataclass(frozen=True)
class OrganizationSheet:
    today: date
    entry: RegisterEntry
    contacts: tuple[Contact, ...]
    documents: tuple[DocumentOnFile, ...]
    history: tuple[Participation, ...] = field(default_factory=tuple)

    @property
    def as_lead(self) -> int:
        return sum(1 for p in self.history if p.lead)

    @property
    def funded(self) -> int:
        return sum(1 for p in self.history if p.status in WON)

    @property
    def requested(self) -> Decimal:
        return sum((p.requested for p in self.history), ZERO)

    @property
    def awarded(self) -> Decimal:
        return sum((p.obtained or ZERO for p in self.history), ZERO)

    @property
    def own_budget(self) -> Decimal:
        return sum((p.own_budget for p in self.history), ZERO)


def _entry(org: Organization) -> RegisterEntry:
    return RegisterEntry(
        org.id,
        org.name,
        org.legal_form,
        org.codice_fiscale or "",
        org.partita_iva or "",
        org.runts_number or "",
        org.runts_registered_on,
        postal_address(org.address, org.postal_code, org.municipality, org.province),
        org.region or "",
        org.neighbourhood or "",
        org.email or "",
        org.phone or "",
        org.website or "",
        org.iban or "",
        org.volunteers,
        org.staff,
        tuple(sorted(t.name for t in org.themes)),
        org.notes or "",
    )


def _history(s: Session, org_id: int) -> tuple[Participation, ...]:
    partner = and_(
        ProposalPartner.proposal_id == Proposal.id, ProposalPartner.organization_id == org_id
    )
    query = (
        select(
            Proposal.id,
            Proposal.acronym,
            Proposal.title,
            Proposal.status,
            Proposal.submitted_on,
            Proposal.awarded_amount,
            Proposal.lead_id,
            Call.title,
            Funder.name,
            ProposalPartner.role,
            _line_cents(BudgetLine.source == FundingSource.REQUESTED_GRANT),
            _line_cents(BudgetLine.organization_id == org_id),
        )
        .outerjoin(Call, Call.id == Proposal.call_id)
        .outerjoin(Funder, Funder.id == Call.funder_id)
        .outerjoin(ProposalPartner, partner)
        .where(or_(Proposal.lead_id == org_id, ProposalPartner.id.is_not(None)))
        .order_by(
            Proposal.submitted_on.is_(None).desc(),
            Proposal.submitted_on.desc(),
            Proposal.id.desc(),
        )
    )
    return tuple(
        Participation(
            pid,
            acronym or "",
            title,
            call or "",
            funder or "",
            lead_id == org_id,
            role or "",
            status,
            sent,
            from_cents(int(requested)),
            awarded,
            from_cents(int(own)),
        )
        for (
            pid,
            acronym,
            title,
            status,
            sent,
            awarded,
            lead_id,
            call,
            funder,
            role,
            requested,
            own,
        ) in s.execute(query)
    )


def organization_sheet(db: Database, org_id: int, today: date) -> OrganizationSheet:
    """Organization *org_id*'s sheet as of *today*; RecordNotFoundError when it is gone."""
    with db.reading() as s:
        org = s.scalars(
            select(Organization)
            .where(Organization.id == org_id)
            .options(
                selectinload(Organization.themes),
                selectinload(Organization.people),
                selectinload(Organization.documents),
            )
        ).first()
        if org is None:
            raise RecordNotFoundError(_("There is no organization number {id}.").format(id=org_id))
        contacts = tuple(
            Contact(p.full_name, p.role or "", p.email or "", p.phone or "")
            for p in sorted(org.people, key=lambda p: (p.last_name, p.first_name, p.id))
        )
        documents = tuple(
            DocumentOnFile(
                d.title, d.kind, d.issued_on, d.expires_on, document_state(d.expires_on, today)
            )
            for d in sorted(
                org.documents, key=lambda d: (d.expires_on is None, d.expires_on or today, d.id)
            )
        )
        return OrganizationSheet(today, _entry(org), contacts, documents, _history(s, org_id))
