"""Everything the co-design editor shows about one process, read in one transaction.

:func:`load_overview` returns plain rows for each tab — applications with the applying
bodies' document warnings, meetings and the action items still open, commitments with
their totals, indicators with their measurements — and the counts the step pipeline reads.
:func:`commitment_rows` and :func:`pledges` are shared with the documents
(:mod:`grantdesk.services.codesign_documents`): the agreement adds up the commitments
with the same function, so its totals equal the editor's to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from grantdesk.db.models import (
    CoDesignApplication,
    CoDesignProcess,
    Commitment,
    Indicator,
    Meeting,
    Organization,
    Proposal,
)
from grantdesk.domain.codesign import (
    CommitmentTotals,
    Pledge,
    Sector,
    commitment_totals,
    indicator_progress,
    sector_of,
)
from grantdesk.domain.dates import utc_to_rome
from grantdesk.domain.vocab import (
    ApplicationOutcome,
    CommitmentKind,
    DocumentKind,
    LegalForm,
)
from grantdesk.i18n import _
from grantdesk.services.codesign_editing import ProcessForm, RecordCounts, gone, to_form
from grantdesk.services.database import Database
from grantdesk.services.org_documents import DocumentGap, document_status

# Papers a third-sector body is expected to hold when it applies to a co-design.
EXPECTED_PAPERS = (DocumentKind.STATUTE,)


@dataclass(frozen=True)
class ApplicationRow:
    id: int
    version: int
    organization_id: int
    body: str
    legal_form: LegalForm
    received_on: date | None
    outcome: ApplicationOutcome
    reason: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeetingRow:
    id: int
    version: int
    held_at: datetime
    place: str
    attendees: int
    actions: int
    actions_open: int
    actions_overdue: int
    has_minutes: bool
    decisions: str


@dataclass(frozen=True)
class ActionRow:
    id: int
    meeting_id: int
    held_at: datetime
    description: str
    owner: str
    due_on: date | None
    done: bool
    overdue: bool


@dataclass(frozen=True)
class CommitmentRow:
    id: int
    version: int
    organization_id: int
    body: str
    sector: Sector
    kind: CommitmentKind
    description: str
    quantity: Decimal
    unit: str
    unit_value: Decimal
    value: Decimal
    budget_line_id: int | None


@dataclass(frozen=True)
class MeasurementRow:
    id: int
    version: int
    measured_on: date
    value: Decimal
    note: str


@dataclass(frozen=True)
class IndicatorRow:
    id: int
    version: int
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    measurements: tuple[MeasurementRow, ...]

    @property
    def latest(self) -> Decimal | None:
        """The value of the latest measurement (None before the first)."""
        return self.measurements[-1].value if self.measurements else None

    @property
    def progress(self) -> Decimal | None:
        """How far the latest value went from the baseline toward the target (percent)."""
        return indicator_progress(self.baseline, self.latest, self.target)


@dataclass(frozen=True)
class CodesignOverview:
    """One process as the editor's tabs show it."""

    id: int
    version: int
    form: ProcessForm
    promoter: str
    counts: RecordCounts
    applications: tuple[ApplicationRow, ...]
    meetings: tuple[MeetingRow, ...]
    open_actions: tuple[ActionRow, ...]
    commitments: tuple[CommitmentRow, ...]
    totals: CommitmentTotals
    indicators: tuple[IndicatorRow, ...]
    proposals: tuple[tuple[int, str], ...]


def paper_warnings(org: Organization, today: date) -> tuple[str, ...]:
    """The applying body's papers to look at: for a third-sector body, a statute and a RUNTS
    registration number; for anyone, the newest paper of each kind expired or expiring."""
    newest: dict[str, date | None] = {}
    for doc in org.documents:
        if doc.kind not in newest:
            newest[doc.kind] = doc.expires_on
        else:
            previous = newest[doc.kind]
            if previous is not None and (doc.expires_on is None or doc.expires_on > previous):
                newest[doc.kind] = doc.expires_on
    found: list[str] = []
    if org.legal_form.is_third_sector:
        if not org.runts_number:
            found.append(_("No RUNTS registration number on file."))
        for expected in EXPECTED_PAPERS:
            if expected.value not in newest:
                found.append(DocumentGap("", expected.value, True, None).sentence())
    for code, expires in newest.items():
        status = document_status(expires, today)
        if status.needs_attention:
            found.append(DocumentGap("", code, True, status, expires).sentence())
    return tuple(found)


def ordered_commitments(process: CoDesignProcess) -> list[Commitment]:
    """The process's commitments by body name, then kind, then as recorded."""
    kinds = list(CommitmentKind)
    return sorted(
        process.commitments,
        key=lambda c: (c.organization.name.casefold(), kinds.index(c.kind), c.id or 0),
    )


def commitment_rows(process: CoDesignProcess) -> tuple[CommitmentRow, ...]:
    """The commitments as rows (organizations loaded), in :func:`ordered_commitments` order."""
    return tuple(
        CommitmentRow(
            c.id,
            c.version,
            c.organization_id,
            c.organization.name,
            sector_of(c.organization.legal_form),
            c.kind,
            c.description,
            c.quantity,
            c.unit or "",
            c.unit_value,
            c.value,
            c.budget_line_id,
        )
        for c in ordered_commitments(process)
    )


def pledges(rows: tuple[CommitmentRow, ...]) -> list[Pledge]:
    """The rows as the domain adds them up."""
    return [
        Pledge(r.organization_id, r.body, r.sector, r.kind, r.quantity, r.unit_value) for r in rows
    ]


def load_full(s: Session, process_id: int) -> CoDesignProcess:
    """The process with everything the editor and the documents read, loaded at once."""
    process = s.scalars(
        select(CoDesignProcess)
        .where(CoDesignProcess.id == process_id)
        .options(
            selectinload(CoDesignProcess.themes),
            selectinload(CoDesignProcess.promoter).selectinload(Organization.people),
            selectinload(CoDesignProcess.applications)
            .selectinload(CoDesignApplication.organization)
            .selectinload(Organization.documents),
            selectinload(CoDesignProcess.commitments).selectinload(Commitment.organization),
            selectinload(CoDesignProcess.meetings).selectinload(Meeting.attendees),
            selectinload(CoDesignProcess.meetings).selectinload(Meeting.action_items),
        )
    ).first()
    if process is None:
        raise gone()
    return process


def process_indicators(s: Session, process_id: int) -> list[Indicator]:
    """The process's indicators in order, with their measurements (by date)."""
    return list(
        s.scalars(
            select(Indicator)
            .where(Indicator.codesign_id == process_id)
            .options(selectinload(Indicator.measurements))
            .order_by(Indicator.position, Indicator.id)
        )
    )


def indicator_rows(indicators: list[Indicator]) -> tuple[IndicatorRow, ...]:
    return tuple(
        IndicatorRow(
            i.id,
            i.version,
            i.name,
            i.unit or "",
            i.baseline,
            i.target,
            tuple(
                MeasurementRow(m.id, m.version, m.measured_on, m.value, m.note or "")
                for m in sorted(i.measurements, key=lambda m: (m.measured_on, m.id))
            ),
        )
        for i in indicators
    )


def _applications(process: CoDesignProcess, today: date) -> tuple[ApplicationRow, ...]:
    ordered = sorted(
        process.applications,
        key=lambda a: (a.received_on or date.max, a.organization.name.casefold(), a.id),
    )
    return tuple(
        ApplicationRow(
            a.id,
            a.version,
            a.organization_id,
            a.organization.name,
            a.organization.legal_form,
            a.received_on,
            a.outcome,
            a.exclusion_reason or "",
            paper_warnings(a.organization, today),
        )
        for a in ordered
    )


def _meetings(
    process: CoDesignProcess, today: date
) -> tuple[tuple[MeetingRow, ...], tuple[ActionRow, ...]]:
    meetings = sorted(process.meetings, key=lambda m: (m.held_at, m.id))
    rows = tuple(
        MeetingRow(
            m.id,
            m.version,
            m.held_at,
            m.place or "",
            len(m.attendees),
            len(m.action_items),
            sum(not a.done for a in m.action_items),
            sum(not a.done and a.due_on is not None and a.due_on < today for a in m.action_items),
            bool((m.minutes or "").strip()),
            m.decisions or "",
        )
        for m in meetings
    )
    actions = [
        ActionRow(
            a.id,
            m.id,
            m.held_at,
            a.description,
            a.owner or "",
            a.due_on,
            a.done,
            a.due_on is not None and a.due_on < today,
        )
        for m in meetings
        for a in m.action_items
        if not a.done
    ]
    actions.sort(key=lambda a: (a.due_on is None, a.due_on or date.max, a.id))
    return rows, tuple(actions)


def load_overview(db: Database, process_id: int, today: date) -> CodesignOverview:
    """Everything the editor shows about the process (RecordNotFoundError when gone)."""
    with db.reading() as s:
        process = load_full(s, process_id)
        applications = _applications(process, today)
        meetings, actions = _meetings(process, today)
        commitments = commitment_rows(process)
        indicators = indicator_rows(process_indicators(s, process_id))
        proposals = tuple(
            (i, t)
            for i, t in s.execute(
                select(Proposal.id, Proposal.title)
                .where(Proposal.codesign_id == process_id)
                .order_by(Proposal.id)
            )
        )
        firsts = [m.measured_on for i in indicators for m in i.measurements]
        counts = RecordCounts(
            applications=len(applications),
            admitted=sum(a.outcome is ApplicationOutcome.ADMITTED for a in applications),
            pending=sum(a.outcome is ApplicationOutcome.PENDING for a in applications),
            meetings=len(meetings),
            first_meeting_on=utc_to_rome(meetings[0].held_at).date() if meetings else None,
            commitments=len(commitments),
            indicators=len(indicators),
            first_measurement_on=min(firsts) if firsts else None,
        )
        return CodesignOverview(
            id=process.id,
            version=process.version,
            form=to_form(process),
            promoter=process.promoter.name if process.promoter else "",
            counts=counts,
            applications=applications,
            meetings=meetings,
            open_actions=actions,
            commitments=commitments,
            totals=commitment_totals(pledges(commitments)),
            indicators=indicators,
            proposals=proposals,
        )


def body_paper_warnings(db: Database, organization_id: int, today: date) -> tuple[str, ...]:
    """:func:`paper_warnings` of one organization (nothing when it is gone)."""
    with db.reading() as s:
        org = s.scalars(
            select(Organization)
            .where(Organization.id == organization_id)
            .options(selectinload(Organization.documents))
        ).first()
        return paper_warnings(org, today) if org is not None else ()
