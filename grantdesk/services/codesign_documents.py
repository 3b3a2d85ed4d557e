"""What the co-design documents print, as plain values: minutes, agreement, monitoring.

The PDF engine (:mod:`grantdesk.exports.pdf`) lays these out; nothing here knows about
pages. Amounts are ``Decimal``; the agreement's commitment totals come from
:func:`grantdesk.domain.codesign.commitment_totals` over the same rows the editor shows
(:func:`grantdesk.services.codesign_reading.commitment_rows`), so the printed totals equal
the on-screen ones to the cent.

- :func:`meeting_minutes_data`: the verbale of one meeting — the process, the meeting's
  number, date and place, who was present for which body and which participating bodies
  were absent, agenda, minutes, decisions, action items, the next meeting.
- :func:`agreement_data`: the partnership agreement — parties (promoter, then the other
  bodies) with tax code, address, signatory and each party's commitments with their value;
  object, duration, territory; totals by kind and by sector; governance (the co-design
  table: its meetings, members and decisions); monitoring indicators; signature blocks.
- :func:`monitoring_data`: each indicator with baseline, target, measurements over time
  and progress; the process's report deadlines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from grantdesk.db.models import CoDesignProcess, Deadline, Meeting, MeetingAttendee, Organization
from grantdesk.domain.codesign import CommitmentTotals, Sector, commitment_totals, sector_of
from grantdesk.domain.vocab import ApplicationOutcome, CommitmentKind
from grantdesk.i18n import _
from grantdesk.services.codesign_editing import gone
from grantdesk.services.codesign_meetings import participating_bodies
from grantdesk.services.codesign_reading import (
    CommitmentRow,
    commitment_rows,
    indicator_rows,
    load_full,
    pledges,
    process_indicators,
)
from grantdesk.services.codesign_steps import STEP_MARKER
from grantdesk.services.database import Database
from grantdesk.services.details import postal_address


@dataclass(frozen=True)
class ProcessHeading:
    """The process as every document's heading names it."""

    id: int
    title: str
    cup: str
    rup: str
    promoter: str
    territory: str
    themes: tuple[str, ...]
    duration_months: int | None
    budget: Decimal | None
    status: str
    description: str


@dataclass(frozen=True)
class AttendeeLine:
    name: str
    role: str
    body: str


@dataclass(frozen=True)
class ActionLine:
    description: str
    owner: str
    due_on: date | None
    done: bool


@dataclass(frozen=True)
class MeetingMinutesData:
    """Everything the minutes of one meeting list."""

    process: ProcessHeading
    meeting_id: int
    number: int
    total_meetings: int
    held_at: datetime
    place: str
    agenda: str
    minutes: str
    decisions: str
    attendees: tuple[AttendeeLine, ...]
    bodies_present: tuple[str, ...]
    bodies_absent: tuple[str, ...]
    actions: tuple[ActionLine, ...]
    next_meeting: datetime | None


@dataclass(frozen=True)
class CommitmentLine:
    kind: CommitmentKind
    kind_label: str
    description: str
    quantity: Decimal
    unit: str
    unit_value: Decimal
    value: Decimal


@dataclass(frozen=True)
class PartyData:
    """A party to the agreement and what it brings."""

    organization_id: int
    name: str
    legal_form: str
    sector: Sector
    role: str
    codice_fiscale: str
    address: str
    signatory: str
    signatory_role: str
    commitments: tuple[CommitmentLine, ...]
    total: Decimal


@dataclass(frozen=True)
class GovernanceData:
    """The co-design table: when it met, who sat at it, what it decided."""

    meetings: tuple[tuple[datetime, str], ...]
    members: tuple[AttendeeLine, ...]
    decisions: tuple[tuple[datetime, str], ...]


@dataclass(frozen=True)
class IndicatorLine:
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    latest: Decimal | None
    progress: Decimal | None


@dataclass(frozen=True)
class AgreementData:
    """Everything the partnership agreement lists."""

    process: ProcessHeading
    decided_on: date | None
    notice_published_on: date | None
    approved_on: date | None
    signed_on: date | None
    parties: tuple[PartyData, ...]
    totals: CommitmentTotals
    kind_totals: tuple[tuple[CommitmentKind, str, Decimal], ...]
    sector_totals: tuple[tuple[Sector, str, Decimal, Decimal | None], ...]
    governance: GovernanceData
    indicators: tuple[IndicatorLine, ...]


@dataclass(frozen=True)
class SeriesPoint:
    measured_on: date
    value: Decimal
    note: str


@dataclass(frozen=True)
class IndicatorSeries:
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    latest: Decimal | None
    progress: Decimal | None
    points: tuple[SeriesPoint, ...]


@dataclass(frozen=True)
class ReportDeadline:
    due_at: datetime
    stage: str
    owner: str
    done: bool


@dataclass(frozen=True)
class MonitoringData:
    """Everything the monitoring report shows."""

    process: ProcessHeading
    agreement_signed_on: date | None
    indicators: tuple[IndicatorSeries, ...]
    reports: tuple[ReportDeadline, ...]
    open_actions: int


def _heading(process: CoDesignProcess) -> ProcessHeading:
    return ProcessHeading(
        id=process.id,
        title=process.title,
        cup=process.cup or "",
        rup=process.rup or "",
        promoter=process.promoter.name if process.promoter else "",
        territory=process.territory or "",
        themes=tuple(sorted((t.name for t in process.themes), key=str.casefold)),
        duration_months=process.duration_months,
        budget=process.budget,
        status=process.status.label,
        description=process.description or "",
    )


def _attendee(a: MeetingAttendee) -> AttendeeLine:
    body = a.organization.name if a.organization else ""
    return AttendeeLine(a.person.full_name, a.person.role or "", body)


def _meetings(s: Session, process_id: int) -> list[Meeting]:
    return list(
        s.scalars(
            select(Meeting)
            .where(Meeting.process_id == process_id)
            .options(
                selectinload(Meeting.attendees).selectinload(MeetingAttendee.person),
                selectinload(Meeting.attendees).selectinload(MeetingAttendee.organization),
                selectinload(Meeting.action_items),
            )
            .order_by(Meeting.held_at, Meeting.id)
        )
    )


def _names(s: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = s.execute(select(Organization.id, Organization.name).where(Organization.id.in_(ids)))
    return {i: name for i, name in rows}


def meeting_minutes_data(db: Database, meeting_id: int) -> MeetingMinutesData:
    """The minutes of meeting *meeting_id* (RecordNotFoundError when it is gone)."""
    with db.reading() as s:
        process_id = s.scalar(select(Meeting.process_id).where(Meeting.id == meeting_id))
        if process_id is None:
            raise gone()
        process = load_full(s, process_id)
        meetings = _meetings(s, process_id)
        index = next(i for i, m in enumerate(meetings) if m.id == meeting_id)
        meeting = meetings[index]
        attendees = sorted(
            meeting.attendees,
            key=lambda a: (
                (a.organization.name if a.organization else "").casefold(),
                a.person.last_name.casefold(),
            ),
        )
        present_ids = {a.organization_id for a in attendees if a.organization_id is not None}
        names = _names(s, participating_bodies(s, process) | present_ids)
        absent = sorted((names[i] for i in names if i not in present_ids), key=str.casefold)
        present = sorted((names[i] for i in present_ids if i in names), key=str.casefold)
        actions = sorted(
            meeting.action_items,
            key=lambda a: (a.due_on is None, a.due_on or date.max, a.id),
        )
        return MeetingMinutesData(
            process=_heading(process),
            meeting_id=meeting.id,
            number=index + 1,
            total_meetings=len(meetings),
            held_at=meeting.held_at,
            place=meeting.place or "",
            agenda=meeting.agenda or "",
            minutes=meeting.minutes or "",
            decisions=meeting.decisions or "",
            attendees=tuple(_attendee(a) for a in attendees),
            bodies_present=tuple(present),
            bodies_absent=tuple(absent),
            actions=tuple(
                ActionLine(a.description, a.owner or "", a.due_on, a.done) for a in actions
            ),
            next_meeting=meetings[index + 1].held_at if index + 1 < len(meetings) else None,
        )


_SIGNATORY_WORDS = ("legale rappresentante", "legal representative", "president", "presidente")


def _signatory(org: Organization, process: CoDesignProcess) -> tuple[str, str]:
    """Who signs for *org*: the RUP for the promoter, else the legal representative or
    president among its contacts, else its first contact, else nobody (a blank line)."""
    if process.promoter is not None and org.id == process.promoter.id and process.rup:
        return process.rup, _("Person responsible (RUP)")
    people = sorted(org.people, key=lambda p: p.id)
    for word in _SIGNATORY_WORDS:
        for person in people:
            if word in (person.role or "").casefold():
                return person.full_name, person.role or ""
    if people:
        return people[0].full_name, people[0].role or ""
    return "", ""


def _commitment_lines(rows: list[CommitmentRow]) -> tuple[CommitmentLine, ...]:
    return tuple(
        CommitmentLine(
            r.kind, r.kind.label, r.description, r.quantity, r.unit, r.unit_value, r.value
        )
        for r in rows
    )


def agreement_data(db: Database, process_id: int) -> AgreementData:
    """The partnership agreement of the process (RecordNotFoundError when it is gone)."""
    with db.reading() as s:
        process = load_full(s, process_id)
        rows = commitment_rows(process)
        totals = commitment_totals(pledges(rows))
        admitted = {
            a.organization_id
            for a in process.applications
            if a.outcome is ApplicationOutcome.ADMITTED
        }
        party_ids = admitted | {r.organization_id for r in rows}
        promoter_id = process.promoter_id
        orgs = {
            o.id: o
            for o in s.scalars(
                select(Organization)
                .where(Organization.id.in_(party_ids | ({promoter_id} - {None})))
                .options(selectinload(Organization.people))
            )
        }
        ordered = sorted(
            orgs.values(), key=lambda o: (o.id != promoter_id, o.name.casefold(), o.id)
        )
        parties = []
        for org in ordered:
            mine = [r for r in rows if r.organization_id == org.id]
            who, role_of = _signatory(org, process)
            if org.id == promoter_id:
                role = _("Promoting body")
            elif org.id in admitted:
                role = _("Partner")
            else:
                role = _("Contributing body")
            parties.append(
                PartyData(
                    organization_id=org.id,
                    name=org.name,
                    legal_form=org.legal_form.label,
                    sector=sector_of(org.legal_form),
                    role=role,
                    codice_fiscale=org.codice_fiscale or "",
                    address=postal_address(
                        org.address, org.postal_code, org.municipality, org.province
                    ),
                    signatory=who,
                    signatory_role=role_of,
                    commitments=_commitment_lines(mine),
                    total=totals.by_body.get(org.id, Decimal("0.00")),
                )
            )
        meetings = _meetings(s, process_id)
        members: dict[int, AttendeeLine] = {}
        for meeting in meetings:
            for attendee in meeting.attendees:
                members.setdefault(attendee.person_id, _attendee(attendee))
        governance = GovernanceData(
            meetings=tuple((m.held_at, m.place or "") for m in meetings),
            members=tuple(sorted(members.values(), key=lambda a: (a.body.casefold(), a.name))),
            decisions=tuple((m.held_at, m.decisions) for m in meetings if m.decisions),
        )
        indicators = tuple(
            IndicatorLine(i.name, i.unit, i.baseline, i.target, i.latest, i.progress)
            for i in indicator_rows(process_indicators(s, process_id))
        )
        return AgreementData(
            process=_heading(process),
            decided_on=process.decided_on,
            notice_published_on=process.notice_published_on,
            approved_on=process.approved_on,
            signed_on=process.agreement_signed_on,
            parties=tuple(parties),
            totals=totals,
            kind_totals=tuple(
                (kind, kind.label, value) for kind, value in totals.by_kind.items() if value
            ),
            sector_totals=tuple(
                (sector, sector.label, totals.by_sector[sector], totals.share_of(sector))
                for sector in Sector
            ),
            governance=governance,
            indicators=indicators,
        )


def monitoring_data(db: Database, process_id: int) -> MonitoringData:
    """The monitoring report of the process (RecordNotFoundError when it is gone)."""
    with db.reading() as s:
        process = load_full(s, process_id)
        indicators = tuple(
            IndicatorSeries(
                i.name,
                i.unit,
                i.baseline,
                i.target,
                i.latest,
                i.progress,
                tuple(SeriesPoint(m.measured_on, m.value, m.note) for m in i.measurements),
            )
            for i in indicator_rows(process_indicators(s, process_id))
        )
        deadlines = s.scalars(
            select(Deadline)
            .where(Deadline.codesign_id == process_id)
            .order_by(Deadline.due_at, Deadline.id)
        ).all()
        reports = tuple(
            ReportDeadline(d.due_at, d.stage or d.kind.label, d.owner or "", d.done)
            for d in deadlines
            if not (d.notes or "").startswith(STEP_MARKER)
        )
        open_actions = sum(not a.done for m in process.meetings for a in m.action_items)
        return MonitoringData(
            process=_heading(process),
            agreement_signed_on=process.agreement_signed_on,
            indicators=indicators,
            reports=reports,
            open_actions=open_actions,
        )
