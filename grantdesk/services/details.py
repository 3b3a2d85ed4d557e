"""The detail pane of each list: a record's fields and its related records, as text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from grantdesk.db.models import (
    BudgetLine,
    Call,
    CoDesignProcess,
    Organization,
    Proposal,
    ProposalPartner,
)
from grantdesk.domain.identifiers import format_iban
from grantdesk.domain.money import ZERO, round_cents, share
from grantdesk.domain.vocab import FundingSource, LegalForm
from grantdesk.i18n import _
from grantdesk.services.database import Database
from grantdesk.services.present import show


@dataclass(frozen=True)
class DetailTable:
    """A small table of related records (deadlines, partners, budget by source…)."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty_text: str = ""


@dataclass(frozen=True)
class Detail:
    """Everything the detail pane shows about one record."""

    kind: str
    id: int
    version: int
    title: str
    subtitle: str
    status: str | None  # the status code, for the status selector
    fields: tuple[tuple[str, str], ...]
    text: str = ""
    tables: tuple[DetailTable, ...] = field(default_factory=tuple)
    # What else can be done with the record ("roll_forward": a recurring call;
    # "find_partners": a call, who could partner on it).
    actions: tuple[str, ...] = ()


class RecordNotFoundError(LookupError):
    """The record was deleted (perhaps from another desk)."""


def _fields(pairs: Sequence[tuple[str, object, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(
        (label, show(value, kind)) for label, value, kind in pairs if value not in (None, "", [])
    )


def detail(db: Database, kind: str, record_id: int) -> Detail:
    """The detail of record *record_id* of list *kind*."""
    builders = {
        "calls": _call,
        "organizations": _organization,
        "proposals": _proposal,
        "codesigns": _codesign,
    }
    with db.reading() as s:
        return builders[kind](s, record_id)


def _get(s: Session, model: type, record_id: int, *options: Any) -> object:
    obj = s.scalars(select(model).where(model.id == record_id).options(*options)).first()  # type: ignore[attr-defined]
    if obj is None:
        raise RecordNotFoundError(
            _("This record no longer exists: it may have been deleted from another desk.")
        )
    return obj


def _call(s: Session, record_id: int) -> Detail:
    call = _get(
        s,
        Call,
        record_id,
        selectinload(Call.deadlines),
        selectinload(Call.requirements),
        selectinload(Call.themes),
    )
    assert isinstance(call, Call)
    forms = (
        ", ".join(LegalForm(f).label for f in call.eligible_forms) if call.eligible_forms else ""
    )
    volunteer = None
    if call.volunteer_time_allowed is not None:
        volunteer = (
            _("Allowed at {value}/hour").format(value=show(call.volunteer_hourly_value, "money"))
            if call.volunteer_time_allowed
            else _("Not allowed")
        )
    fields = _fields(
        [
            (_("Funder"), call.funder.name, "text"),
            (_("Code"), call.code, "text"),
            (_("Territory"), call.territory, "text"),
            (_("Themes"), ", ".join(t.name for t in call.themes), "text"),
            (_("Eligible applicants"), forms, "text"),
            (_("Minimum grant"), call.min_grant, "money"),
            (_("Maximum grant"), call.max_grant, "money"),
            (_("Minimum total cost"), call.min_total_cost, "money"),
            (_("Maximum total cost"), call.max_total_cost, "money"),
            (_("Minimum co-financing"), call.min_cofinancing_pct, "percent"),
            (_("Maximum grant share"), call.max_grant_pct, "percent"),
            (_("Overheads cap"), call.overhead_cap_pct, "percent"),
            (_("Volunteer time"), volunteer, "text"),
            (_("Minimum partners"), call.min_partners, "int"),
            (_("Of which third-sector"), call.min_third_sector_partners, "int"),
            (
                _("Duration (months)"),
                _duration(call.min_duration_months, call.max_duration_months),
                "text",
            ),
            (_("No-go reason"), call.no_go_reason, "text"),
            (_("Link"), call.url, "text"),
        ]
    )
    deadlines = DetailTable(
        _("Deadlines"),
        # Three columns: a detail pane is narrow, and four made Qt break words in half.
        (_("Date"), _("Deadline"), _("Owner")),
        tuple(
            (show(d.due_at), " – ".join(filter(None, (d.kind.label, d.stage))), d.owner or "")
            for d in call.deadlines
        ),
        _("No deadlines yet."),
    )
    requirements = DetailTable(
        _("Required attachments"),
        (_("Attachment"), _("Mandatory")),
        tuple((r.name, show(r.mandatory)) for r in call.requirements),
        _("The call asks for no attachments."),
    )
    return Detail(
        "calls",
        call.id,
        call.version,
        call.title,
        call.funder.name,
        call.status.value,
        fields,
        call.description or "",
        (deadlines, requirements),
        ("roll_forward", "find_partners") if call.recurrence else ("find_partners",),
    )


def _duration(low: int | None, high: int | None) -> str | None:
    if low and high:
        return f"{low}–{high}" if low != high else str(low)
    return str(low or high) if (low or high) else None


def postal_address(
    street: str | None, postal_code: str | None, municipality: str | None, province: str | None
) -> str:
    """An Italian address line: ``Via Gramsci 190, 40013 Castel Maggiore (BO)``."""
    town = " ".join(p for p in (postal_code, municipality) if p)
    if province:
        town = f"{town} ({province})" if town else f"({province})"
    return ", ".join(p for p in (street, town) if p)


def _organization(s: Session, record_id: int) -> Detail:
    org = _get(
        s,
        Organization,
        record_id,
        selectinload(Organization.people),
        selectinload(Organization.themes),
        selectinload(Organization.documents),
    )
    assert isinstance(org, Organization)
    section = org.legal_form.runts_section
    form = org.legal_form.label + (f" ({_('RUNTS section')} {section})" if section else "")
    place = postal_address(org.address, org.postal_code, org.municipality, org.province)
    fields = _fields(
        [
            (_("Legal form"), form, "text"),
            (_("Tax code"), org.codice_fiscale, "text"),
            (_("VAT number"), org.partita_iva, "text"),
            (_("RUNTS number"), org.runts_number, "text"),
            (_("Registered on"), org.runts_registered_on, "date"),
            (_("Address"), place, "text"),
            (_("Neighbourhood"), org.neighbourhood, "text"),
            (_("Themes"), ", ".join(t.name for t in org.themes), "text"),
            (_("Volunteers"), org.volunteers, "int"),
            (_("Staff"), org.staff, "int"),
            (_("E-mail"), org.email, "text"),
            (_("Phone"), org.phone, "text"),
            (_("IBAN"), format_iban(org.iban) if org.iban else None, "text"),
        ]
    )
    people = DetailTable(
        _("Contacts"),
        (_("Name"), _("Role"), _("E-mail"), _("Phone")),
        tuple((p.full_name, p.role or "", p.email or "", p.phone or "") for p in org.people),
        _("No contacts recorded."),
    )
    from grantdesk.services.org_documents import document_rows  # expired ones flagged

    docs = DetailTable(
        _("Documents on file"),
        (_("Document"), _("Issued"), _("Expires"), _("Status")),
        document_rows(org.documents),
        _("No documents on file."),
    )
    from grantdesk.services.partner_history import history_in, history_rows

    history = DetailTable(
        _("History"),
        (_("Year"), _("Proposal or co-design"), _("Outcome"), _("Obtained")),
        tuple(history_rows(history_in(s, org.id))),
        _("Not in any proposal or co-design process yet."),
    )
    return Detail(
        "organizations",
        org.id,
        org.version,
        org.name,
        org.municipality or "",
        None,
        fields,
        org.notes or "",
        (people, docs, history),
    )


def _proposal(s: Session, record_id: int) -> Detail:
    p = _get(
        s,
        Proposal,
        record_id,
        selectinload(Proposal.partners).selectinload(ProposalPartner.organization),
        selectinload(Proposal.budget_lines),
    )
    assert isinstance(p, Proposal)
    lines: list[BudgetLine] = list(p.budget_lines)
    total = sum((line.total for line in lines), ZERO)
    by_source = {
        src: sum((ln.total for ln in lines if ln.source is src), ZERO) for src in FundingSource
    }
    grant = by_source[FundingSource.REQUESTED_GRANT]
    fields = _fields(
        [
            (_("Call"), p.call.title if p.call else None, "text"),
            (_("Funder"), p.call.funder.name if p.call else None, "text"),
            (_("Lead applicant"), p.lead.name if p.lead else None, "text"),
            (_("Owner"), p.owner, "text"),
            (_("Start"), p.start_on, "date"),
            (_("Duration (months)"), p.duration_months, "int"),
            (_("Total cost"), total, "money"),
            (_("Requested grant"), grant, "money"),
            (_("Co-financing share"), share(total - grant, total), "percent"),
            (_("Submitted on"), p.submitted_on, "date"),
            (_("Decided on"), p.decided_on, "date"),
            (_("Awarded amount"), p.awarded_amount, "money"),
        ]
    )
    # Two columns, the legal form under the name: a detail pane is narrow, and a third
    # column made Qt break words in half.
    members = [(f"{p.lead.name}\n{p.lead.legal_form.label}", _("Lead applicant"))] if p.lead else []
    members += [
        (f"{pp.organization.name}\n{pp.organization.legal_form.label}", pp.role or "")
        for pp in p.partners
    ]
    partners = DetailTable(
        _("Partnership"),
        (_("Organization"), _("Role")),
        tuple(members),
        _("No partners yet."),
    )
    sources = DetailTable(
        _("Budget by funding source"),
        (_("Source"), _("Amount"), _("Share")),
        tuple(
            (src.label, show(amount, "money"), show(share(amount, total), "percent"))
            for src, amount in by_source.items()
            if amount
        ),
        _("No budget lines yet."),
    )
    return Detail(
        "proposals",
        p.id,
        p.version,
        p.title,
        p.acronym or "",
        p.status.value,
        fields,
        p.summary or "",
        (partners, sources),
    )


def _codesign(s: Session, record_id: int) -> Detail:
    c = _get(
        s,
        CoDesignProcess,
        record_id,
        selectinload(CoDesignProcess.commitments),
        selectinload(CoDesignProcess.meetings),
        selectinload(CoDesignProcess.applications),
    )
    assert isinstance(c, CoDesignProcess)
    fields = _fields(
        [
            (_("Promoting body"), c.promoter.name if c.promoter else None, "text"),
            (_("CUP"), c.cup, "text"),
            (_("Person responsible (RUP)"), c.rup, "text"),
            (_("Budget"), c.budget, "money"),
            (_("Duration (months)"), c.duration_months, "int"),
            (_("Territory"), c.territory, "text"),
            (_("Notice published"), c.notice_published_on, "date"),
            (_("Applications due"), c.applications_due_at, "date"),
            (_("Agreement signed"), c.agreement_signed_on, "date"),
        ]
    )
    by_body: dict[str, Decimal] = {}
    for cm in c.commitments:
        by_body[cm.organization.name] = by_body.get(cm.organization.name, ZERO) + cm.value
    commitments = DetailTable(
        _("Commitments by body"),
        (_("Body"), _("Value")),
        tuple((name, show(round_cents(v), "money")) for name, v in sorted(by_body.items())),
        _("No commitments yet."),
    )
    meetings = DetailTable(
        _("Co-design tables"),
        (_("When"), _("Place")),
        tuple((show(m.held_at), m.place or "") for m in c.meetings),
        _("No meetings yet."),
    )
    applications = DetailTable(
        _("Applications"),
        (_("Body"), _("Outcome"), _("Reason")),
        tuple(
            (a.organization.name, a.outcome.label, a.exclusion_reason or "") for a in c.applications
        ),
        _("No applications yet."),
    )
    return Detail(
        "codesigns",
        c.id,
        c.version,
        c.title,
        c.promoter.name if c.promoter else "",
        c.status.value,
        fields,
        c.description or "",
        (applications, meetings, commitments),
    )
