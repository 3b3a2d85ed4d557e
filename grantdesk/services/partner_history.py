"""An organization's history: proposals as lead or partner with their outcome and the
amounts it requested and obtained, and the co-design processes it promoted, applied to or
pledged resources to.

Amounts are the body's share of each budget, summed as the proposal's detail sums them
(each line quantity × unit cost rounded half-up to the cent, by funding source): what it
*requested* is the requested grant of the cost lines charged to it — the lead also takes
the lines charged to nobody — and what it *obtained* is the same share of the amount
awarded (of the requested grant when the award was not recorded). A proposal not funded
or withdrawn obtained nothing; one still undecided has no amount obtained yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from grantdesk.db.models import (
    BudgetLine,
    Call,
    CoDesignApplication,
    CoDesignProcess,
    Commitment,
    Funder,
    Organization,
    Proposal,
    ProposalPartner,
)
from grantdesk.domain.money import ZERO, from_cents, round_cents
from grantdesk.domain.vocab import (
    ApplicationOutcome,
    CoDesignStatus,
    FundingSource,
    ProposalStatus,
)
from grantdesk.i18n import N_, _
from grantdesk.services.database import Database
from grantdesk.services.present import show


class Outcome(StrEnum):
    """Where a proposal ended, as a history reads it."""

    PREPARING = "preparing"
    PENDING = "pending"
    FUNDED = "funded"
    NOT_FUNDED = "not_funded"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return _(_OUTCOME_LABELS[self])


_OUTCOME_LABELS = {
    Outcome.PREPARING: N_("In preparation"),
    Outcome.PENDING: N_("Awaiting decision"),
    Outcome.FUNDED: N_("Awarded"),
    Outcome.NOT_FUNDED: N_("Not funded"),
    Outcome.WITHDRAWN: N_("Withdrawn"),
    Outcome.CLOSED: N_("Closed"),
}
_FUNDED = {ProposalStatus.AWARDED, ProposalStatus.RUNNING, ProposalStatus.REPORTING}
_PREPARING = {ProposalStatus.IDEA, ProposalStatus.DRAFTING, ProposalStatus.REVIEW}


def outcome_of(status: ProposalStatus, awarded: Decimal | None) -> Outcome:
    """The outcome a proposal's status and award say."""
    if status in _FUNDED or (status is ProposalStatus.CLOSED and awarded is not None):
        return Outcome.FUNDED
    if status in _PREPARING:
        return Outcome.PREPARING
    if status is ProposalStatus.SUBMITTED:
        return Outcome.PENDING
    if status is ProposalStatus.REJECTED:
        return Outcome.NOT_FUNDED
    if status is ProposalStatus.WITHDRAWN:
        return Outcome.WITHDRAWN
    return Outcome.CLOSED


@dataclass(frozen=True)
class ProposalRecord:
    """One proposal the body took part in."""

    proposal_id: int
    title: str
    acronym: str | None
    call: str | None
    funder: str | None
    year: int
    as_lead: bool
    role: str | None  # a partner's role as written on the proposal
    status: ProposalStatus
    outcome: Outcome
    requested: Decimal  # the whole proposal's requested grant
    own_requested: Decimal  # the body's share of it
    awarded: Decimal | None  # the whole award, when recorded
    obtained: Decimal | None  # the body's share of the award; None while undecided

    @property
    def name(self) -> str:
        """ "ACRONYM – Title", or the title."""
        return f"{self.acronym} – {self.title}" if self.acronym else self.title

    @property
    def role_label(self) -> str:
        return _("Lead applicant") if self.as_lead else _("Partner")


@dataclass(frozen=True)
class CoDesignRecord:
    """One co-design process the body promoted, applied to or pledged resources to."""

    process_id: int
    title: str
    year: int
    status: CoDesignStatus
    promoter: bool
    application: ApplicationOutcome | None
    exclusion_reason: str | None
    pledged: Decimal  # the value of its commitments

    @property
    def role_label(self) -> str:
        roles = []
        if self.promoter:
            roles.append(_("Promoting body"))
        if self.application is not None:
            roles.append(_("Applicant"))
        if self.pledged or not roles:
            roles.append(_("Pledged resources"))
        return ", ".join(roles)

    @property
    def outcome_label(self) -> str:
        """The application's outcome, or the process's step for its promoter."""
        if self.application is not None and not self.promoter:
            return self.application.label
        return self.status.label


@dataclass(frozen=True)
class History:
    """Everything an organization took part in, newest first, with the totals."""

    organization_id: int
    name: str
    proposals: tuple[ProposalRecord, ...]
    codesigns: tuple[CoDesignRecord, ...]

    @property
    def as_lead(self) -> int:
        return sum(1 for p in self.proposals if p.as_lead)

    @property
    def funded(self) -> int:
        return sum(1 for p in self.proposals if p.outcome is Outcome.FUNDED)

    @property
    def decided(self) -> int:
        """Proposals with a decision: funded or not."""
        return sum(1 for p in self.proposals if p.outcome in (Outcome.FUNDED, Outcome.NOT_FUNDED))

    @property
    def requested(self) -> Decimal:
        return sum((p.own_requested for p in self.proposals), ZERO)

    @property
    def obtained(self) -> Decimal:
        return sum((p.obtained or ZERO for p in self.proposals), ZERO)

    @property
    def led_grants(self) -> Decimal:
        """The whole grants of the funded proposals it led (it received and managed them)."""
        return sum(
            (
                p.awarded if p.awarded is not None else p.requested
                for p in self.proposals
                if p.as_lead and p.outcome is Outcome.FUNDED
            ),
            ZERO,
        )

    @property
    def pledged(self) -> Decimal:
        return sum((c.pledged for c in self.codesigns), ZERO)


def organization_history(db: Database, organization_id: int) -> History:
    """The history of *organization_id* (RecordNotFoundError when it is gone)."""
    with db.reading() as s:
        return history_in(s, organization_id)


def history_in(s: Session, organization_id: int) -> History:
    """:func:`organization_history` inside an open session (the detail pane's)."""
    from grantdesk.services.details import RecordNotFoundError

    name = s.scalar(select(Organization.name).where(Organization.id == organization_id))
    if name is None:
        raise RecordNotFoundError(
            _("This record no longer exists: it may have been deleted from another desk.")
        )
    return History(
        organization_id, name, _proposals(s, organization_id), _codesigns(s, organization_id)
    )


def _year(*moments: date | datetime | None) -> int:
    return next((m.year for m in moments if m is not None), 0)


def _proposals(s: Session, org_id: int) -> tuple[ProposalRecord, ...]:
    roles: dict[int, str | None] = {
        pid: role
        for pid, role in s.execute(
            select(ProposalPartner.proposal_id, ProposalPartner.role).where(
                ProposalPartner.organization_id == org_id
            )
        )
    }
    led = set(s.scalars(select(Proposal.id).where(Proposal.lead_id == org_id)))
    ids = sorted(led | set(roles))
    if not ids:
        return ()
    query = (
        select(
            Proposal.id,
            Proposal.title,
            Proposal.acronym,
            Call.title,
            Funder.name,
            Proposal.status,
            Proposal.awarded_amount,
            Proposal.submitted_on,
            Proposal.decided_on,
            Proposal.start_on,
            Proposal.created_at,
        )
        .outerjoin(Call, Call.id == Proposal.call_id)
        .outerjoin(Funder, Funder.id == Call.funder_id)
        .where(Proposal.id.in_(ids))
    )
    grants = _requested_grants(s, ids)
    records = []
    for pid, title, acronym, call, funder, status, awarded, sent, decided, start, made in s.execute(
        query
    ):
        as_lead = pid in led
        by_body = grants.get(pid, {})
        requested = sum(by_body.values(), ZERO)
        own = by_body.get(org_id, ZERO) + (by_body.get(None, ZERO) if as_lead else ZERO)
        outcome = outcome_of(ProposalStatus(status), awarded)
        records.append(
            ProposalRecord(
                pid,
                title,
                acronym,
                call,
                funder,
                _year(sent, decided, start, made),
                as_lead,
                None if as_lead else roles.get(pid),
                ProposalStatus(status),
                outcome,
                requested,
                own,
                awarded,
                _obtained(outcome, awarded, requested, own, as_lead),
            )
        )
    records.sort(key=lambda r: (-r.year, -r.proposal_id))
    return tuple(records)


def _requested_grants(s: Session, ids: list[int]) -> dict[int, dict[int | None, Decimal]]:
    """Per proposal and per body charged (None: nobody), the requested grant."""
    t = BudgetLine.__table__.c
    line_cents = (t.quantity * t.unit_cost_cents + 500) // 1000  # half-up, as in the domain
    query = (
        select(t.proposal_id, t.organization_id, func.sum(line_cents).label("cents"))
        .where(t.proposal_id.in_(ids), t.source == FundingSource.REQUESTED_GRANT.value)
        .group_by(t.proposal_id, t.organization_id)
    )
    found: dict[int, dict[int | None, Decimal]] = {}
    for pid, org, cents in s.execute(query):
        found.setdefault(pid, {})[org] = from_cents(int(cents or 0))
    return found


def _obtained(
    outcome: Outcome, awarded: Decimal | None, requested: Decimal, own: Decimal, as_lead: bool
) -> Decimal | None:
    if outcome in (Outcome.NOT_FUNDED, Outcome.WITHDRAWN):
        return ZERO
    if outcome is not Outcome.FUNDED:
        return None
    award = awarded if awarded is not None else requested
    if requested == 0:
        return award if as_lead else ZERO
    return round_cents(award * own / requested)


def _codesigns(s: Session, org_id: int) -> tuple[CoDesignRecord, ...]:
    promoted = set(
        s.scalars(select(CoDesignProcess.id).where(CoDesignProcess.promoter_id == org_id))
    )
    applied: dict[int, tuple[Any, str | None]] = {
        pid: (outcome, reason)
        for pid, outcome, reason in s.execute(
            select(
                CoDesignApplication.process_id,
                CoDesignApplication.outcome,
                CoDesignApplication.exclusion_reason,
            ).where(CoDesignApplication.organization_id == org_id)
        )
    }
    pledged: dict[int, Decimal] = {}
    for pid, quantity, unit_value in s.execute(
        select(Commitment.process_id, Commitment.quantity, Commitment.unit_value).where(
            Commitment.organization_id == org_id
        )
    ):
        pledged[pid] = pledged.get(pid, ZERO) + round_cents(quantity * unit_value)
    ids = promoted | set(applied) | set(pledged)
    if not ids:
        return ()
    records = [
        CoDesignRecord(
            pid,
            title,
            _year(decided, published, made),
            CoDesignStatus(status),
            pid in promoted,
            ApplicationOutcome(applied[pid][0]) if pid in applied else None,
            applied[pid][1] if pid in applied else None,
            pledged.get(pid, ZERO),
        )
        for pid, title, status, decided, published, made in s.execute(
            select(
                CoDesignProcess.id,
                CoDesignProcess.title,
                CoDesignProcess.status,
                CoDesignProcess.decided_on,
                CoDesignProcess.notice_published_on,
                CoDesignProcess.created_at,
            ).where(CoDesignProcess.id.in_(sorted(ids)))
        )
    ]
    records.sort(key=lambda r: (-r.year, -r.process_id))
    return tuple(records)


def history_rows(history: History) -> Iterable[tuple[str, ...]]:
    """The detail pane's rows: year; the proposal or process with the body's role below it;
    the outcome; the amount obtained (proposals only)."""
    for p in history.proposals:
        obtained = show(p.obtained, "money") if p.obtained is not None else ""
        yield (str(p.year or ""), f"{p.name}\n{p.role_label}", p.outcome.label, obtained)
    for c in history.codesigns:
        name = _("Co-design: {title}").format(title=c.title)
        yield (str(c.year or ""), f"{name}\n{c.role_label}", c.outcome_label, "")
