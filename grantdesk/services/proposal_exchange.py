"""Export one proposal to the exchange file and import such a file, never overwriting silently.

The file format is described in :mod:`grantdesk.exports.proposal_json`; reading and checking
a file is :mod:`grantdesk.imports.proposal_json`. Here the database side:

- :func:`read_proposal_file` / :func:`export_document` / :func:`export_proposal`: one read
  of the proposal with everything it holds. Refused (:class:`ExportRefusedError`, one
  sentence) when the file could not say who is who: a budget line or activity charged to a
  body outside the partnership, or two partners without codice fiscale with the same name.
- :func:`import_proposal` (and :func:`import_proposal_bytes`): one transaction, all or
  nothing; ``dry_run`` does the whole work and rolls it back. The call is found by its
  import source and id, else by code and funder, else by title and funder; not found, it is
  recorded from the terms the file carries (a version 1 file has none: the proposal is
  imported without a call and a warning says so). Each partner is found in the
  register by codice fiscale (one without it by its name among the bodies without one);
  a body not there is created from the file's data and listed in the report.

Never overwrite silently: when a proposal with the same call and the same title or acronym
exists, or the very record the file was written from (same id and creation instant: the
draft came back to the desk that sent it), the import creates a **new** proposal titled
"… (imported on 22/11/2026)". Only ``replace=(id, expected_version)`` writes over an
existing proposal — its fields, partnership, sections, objectives, activities, indicators,
budget lines and checklist — and only if nobody changed it since that version (else
:class:`ConflictError`); its budget versions, deadlines and co-design link stay.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from grantdesk.db.models import (
    Activity,
    Attachment,
    AuditEntry,
    Call,
    Indicator,
    Organization,
    Proposal,
    ProposalPartner,
)
from grantdesk.domain.dates import now_utc
from grantdesk.domain.text import fold
from grantdesk.exports.proposal_json import (
    ActivityEntry,
    ChecklistEntry,
    IndicatorEntry,
    LineEntry,
    MeasurementEntry,
    Origin,
    PartnerEntry,
    ProposalFields,
    ProposalFile,
    SectionEntry,
    Swot,
    digest,
    to_document,
    write_document,
)
from grantdesk.i18n import _
from grantdesk.imports.proposal_json import parse
from grantdesk.services.database import Database
from grantdesk.services.editing import ConflictError, current_actor
from grantdesk.services.proposal_check import UnknownProposalError, read_lines
from grantdesk.services.proposal_exchange_call import call_ref, record_call
from grantdesk.services.proposal_exchange_rows import (
    find_call,
    imported_title,
    matching_proposals,
    resolve_partners,
    write_parts,
)


class ExportRefusedError(ValueError):
    """The proposal cannot be written as a file as it stands; the message says what to fix."""


@dataclass(frozen=True)
class ExportSummary:
    """What was written: the proposal, where, how much, and the file's digest."""

    proposal_id: int
    title: str
    path: Path | None
    partners: int
    budget_lines: int
    sha256: str


@dataclass(frozen=True)
class OrganizationRef:
    """A body of the register the import used or created."""

    id: int | None
    name: str
    codice_fiscale: str | None


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    proposal_id: int | None
    title: str
    file_title: str
    replaced: bool
    matches: tuple[int, ...]
    call_id: int | None
    call_title: str | None
    organizations_created: tuple[OrganizationRef, ...]
    organizations_found: tuple[OrganizationRef, ...]
    counts: dict[str, int]
    warnings: tuple[str, ...] = ()
    dry_run: bool = False
    call_created: bool = False  # the call was not in the register: made from the file's terms

    @property
    def renamed(self) -> bool:
        """True when a matching proposal existed and the import got a new title."""
        return self.title != self.file_title

    def as_dict(self) -> dict[str, Any]:
        def org(o: OrganizationRef) -> dict[str, Any]:
            return {"id": o.id, "name": o.name, "codice_fiscale": o.codice_fiscale}

        return {
            "proposal_id": self.proposal_id,
            "title": self.title,
            "file_title": self.file_title,
            "replaced": self.replaced,
            "renamed": self.renamed,
            "matches": list(self.matches),
            "call_id": self.call_id,
            "call_title": self.call_title,
            "call_created": self.call_created,
            "organizations_created": [org(o) for o in self.organizations_created],
            "organizations_found": [org(o) for o in self.organizations_found],
            "counts": dict(self.counts),
            "warnings": list(self.warnings),
            "dry_run": self.dry_run,
        }


@dataclass(frozen=True)
class ReplaceTarget:
    """The proposal an import writes over, and the version the user saw."""

    proposal_id: int
    expected_version: int


# -- export ---------------------------------------------------------------------------


def _load(s: Session, proposal_id: int) -> Proposal:
    found = s.scalars(
        select(Proposal)
        .where(Proposal.id == proposal_id)
        .options(
            joinedload(Proposal.call).joinedload(Call.funder),
            joinedload(Proposal.call).selectinload(Call.rules),
            joinedload(Proposal.call).selectinload(Call.requirements),
            joinedload(Proposal.call).selectinload(Call.deadlines),
            joinedload(Proposal.call).selectinload(Call.themes),
            joinedload(Proposal.lead),
            selectinload(Proposal.partners).joinedload(ProposalPartner.organization),
            selectinload(Proposal.sections),
            selectinload(Proposal.objectives),
            selectinload(Proposal.activities).joinedload(Activity.responsible),
            selectinload(Proposal.indicators).selectinload(Indicator.measurements),
            selectinload(Proposal.attachments).joinedload(Attachment.requirement),
        )
    ).first()
    if found is None:
        raise UnknownProposalError(_("No proposal has number {id}.").format(id=proposal_id))
    return found


def _key(name: str) -> str:
    return " ".join(fold(name).split())


def _partner_entries(proposal: Proposal) -> tuple[list[PartnerEntry], dict[int, str]]:
    """The lead then the partners, and each member's reference by organization id."""
    members: list[tuple[Organization, str | None, bool]] = []
    if proposal.lead is not None:
        members.append((proposal.lead, None, True))
    for partner in sorted(proposal.partners, key=lambda p: p.id):
        members.append((partner.organization, partner.role, False))
    refs: dict[int, str] = {}
    nameless: dict[str, int] = {}
    entries = []
    for org, role, lead in members:
        if org.codice_fiscale is None:
            other = nameless.setdefault(_key(org.name), org.id)
            if other != org.id:
                raise ExportRefusedError(
                    _(
                        "Two partners without codice fiscale are both called “{name}”: add "
                        "the codice fiscale of at least one in the register, then export again."
                    ).format(name=org.name)
                )
        entry = PartnerEntry(org.name, org.codice_fiscale, org.legal_form, role, lead)
        refs[org.id] = entry.ref
        entries.append(entry)
    return entries, refs


def _outsider(what: str, name: str | None) -> ExportRefusedError:
    return ExportRefusedError(
        _(
            "{what} is charged to “{name}”, which is neither the lead nor a partner of this "
            "proposal: add it to the partnership or choose a partner, then export again."
        ).format(what=what, name=name or "?")
    )


def read_proposal_file(s: Session, proposal_id: int) -> ProposalFile:
    """Everything the exchange file holds of the proposal, read in session *s*."""
    proposal = _load(s, proposal_id)
    partners, refs = _partner_entries(proposal)
    activities = []
    for a in proposal.activities:
        if a.responsible_id is not None and a.responsible_id not in refs:
            name = a.responsible.name if a.responsible is not None else None
            raise _outsider(_("The activity “{title}”").format(title=a.title), name)
        responsible = refs[a.responsible_id] if a.responsible_id is not None else None
        activities.append(
            ActivityEntry(a.title, a.description, responsible, a.start_month, a.end_month)
        )
    lines = []
    for n, line in enumerate(read_lines(s, [proposal_id])[proposal_id], start=1):
        if line.partner is not None and line.partner not in refs:
            raise _outsider(_("Budget line {n}").format(n=n), line.partner_name)
        lines.append(
            LineEntry(
                category=line.category,
                quantity=line.quantity,
                unit_cost=line.unit_cost,
                source=line.source,
                description=line.description,
                partner=refs[line.partner] if line.partner is not None else None,
                unit=line.unit,
                other_funder=line.other_funder,
            )
        )
    call = proposal.call
    return ProposalFile(
        proposal=ProposalFields(
            title=proposal.title,
            acronym=proposal.acronym,
            summary=proposal.summary,
            status=proposal.status,
            owner=proposal.owner,
            start_on=proposal.start_on,
            duration_months=proposal.duration_months,
            submitted_on=proposal.submitted_on,
            decided_on=proposal.decided_on,
            awarded_amount=proposal.awarded_amount,
            swot=Swot(
                proposal.strengths, proposal.weaknesses, proposal.opportunities, proposal.threats
            ),
        ),
        call=None if call is None else call_ref(call),
        partners=tuple(partners),
        sections=tuple(SectionEntry(x.title, x.body) for x in proposal.sections),
        objectives=tuple(o.text for o in proposal.objectives),
        activities=tuple(activities),
        indicators=tuple(
            IndicatorEntry(
                i.name,
                i.unit,
                i.baseline,
                i.target,
                i.actual,
                tuple(MeasurementEntry(m.measured_on, m.value, m.note) for m in i.measurements),
            )
            for i in proposal.indicators
        ),
        budget_lines=tuple(lines),
        checklist=tuple(
            ChecklistEntry(
                a.name,
                a.state,
                a.requirement.name if a.requirement is not None else None,
                a.file_name,
            )
            for a in sorted(proposal.attachments, key=lambda a: a.id)
        ),
        origin=Origin(proposal.id, proposal.created_at),
    )


def export_document(db: Database, proposal_id: int) -> dict[str, Any]:
    """The sealed exchange document of the proposal (UnknownProposalError, ExportRefusedError)."""
    with db.reading() as s:
        file = read_proposal_file(s, proposal_id)
    return to_document(file, now_utc())


def export_proposal(db: Database, proposal_id: int, path: Path) -> ExportSummary:
    """Write the proposal's exchange file to *path* (all or nothing)."""
    document = export_document(db, proposal_id)
    write_document(path, document)
    return summarise(document, path)


def summarise(document: dict[str, Any], path: Path | None) -> ExportSummary:
    """What :func:`export_proposal` reports about *document*."""
    return ExportSummary(
        proposal_id=int(document["proposal"]["id"]),
        title=str(document["proposal"]["title"]),
        path=path,
        partners=len(document["partners"]),
        budget_lines=len(document["budget_lines"]),
        sha256=str(document["integrity"]["sha256"]),
    )


# -- import ---------------------------------------------------------------------------


class _Rollback(Exception):
    def __init__(self, report: ImportReport) -> None:
        super().__init__("dry run")
        self.report = report


def _audit(s: Session, action: str, entity: str, entity_id: int, summary: str) -> None:
    s.add(
        AuditEntry(
            actor=current_actor(),
            action=action,
            entity=entity,
            entity_id=entity_id,
            summary=summary,
        )
    )


def _target(s: Session, target: ReplaceTarget) -> Proposal:
    proposal = s.get(Proposal, target.proposal_id)
    if proposal is None:
        raise UnknownProposalError(_("No proposal has number {id}.").format(id=target.proposal_id))
    if proposal.version != target.expected_version:
        raise ConflictError(
            _(
                "Proposal {id} changed since version {expected} (it is at version {actual}): "
                "nothing was imported. Look at it again, then replace it."
            ).format(
                id=target.proposal_id, expected=target.expected_version, actual=proposal.version
            )
        )
    return proposal


def _import(
    s: Session, file: ProposalFile, today: date, target: ReplaceTarget | None, source: str
) -> ImportReport:
    warnings: list[str] = []
    call = find_call(s, file.call) if file.call is not None else None
    proposal = _target(s, target) if target is not None else None
    call_created = False
    if file.call is not None and call is None:
        if proposal is not None and proposal.call is not None:
            call = proposal.call
            warnings.append(
                _(
                    "The call “{title}” is not in the register: the proposal keeps its call "
                    "“{current}”."
                ).format(title=file.call.title, current=call.title)
            )
        elif file.call.terms is not None and file.call.funder:
            call = record_call(s, file.call, file.call.terms, file.proposal.title)
            call_created = True
        else:  # a version 1 file has no terms; a call without its funder cannot be recorded
            warnings.append(
                _(
                    "The call “{title}” ({funder}) is not in the register: the proposal was "
                    "imported without a call; choose it in the editor."
                ).format(title=file.call.title, funder=file.call.funder or "?")
            )
    partners = resolve_partners(s, file.partners, warnings)
    matches = [] if proposal is not None else matching_proposals(s, file, call)
    title = file.proposal.title
    if matches:
        title = imported_title(s, title, today)
    if proposal is None:
        proposal = Proposal(title=title)
        s.add(proposal)
    counts = write_parts(s, proposal, file, title, call, partners.by_ref)
    proposal.updated_at = now_utc()  # the version moves on even when only parts changed
    s.flush()
    for org in partners.created:
        _audit(
            s, "create", "organization", org.id, f"created by the import of proposal {proposal.id}"
        )
    action = "replace" if target is not None else "import"
    _audit(s, action, "proposal", proposal.id, f"from {source}")
    return ImportReport(
        proposal_id=proposal.id,
        title=title,
        file_title=file.proposal.title,
        replaced=target is not None,
        matches=tuple(matches),
        call_id=call.id if call is not None else None,
        call_title=call.title if call is not None else None,
        organizations_created=tuple(
            OrganizationRef(o.id, o.name, o.codice_fiscale) for o in partners.created
        ),
        organizations_found=tuple(
            OrganizationRef(o.id, o.name, o.codice_fiscale) for o in partners.found
        ),
        counts=counts,
        warnings=tuple(warnings),
        call_created=call_created,
    )


def import_proposal(
    db: Database,
    file: ProposalFile,
    today: date,
    *,
    replace_target: ReplaceTarget | None = None,
    dry_run: bool = False,
    source: str = "file",
) -> ImportReport:
    """Write *file* into the database in one transaction (see the module docstring).

    *today* dates the title of a proposal imported beside a matching one; *source* is
    recorded in the audit log. A dry run reports what would happen and writes nothing.
    """
    try:
        with db.transaction() as s:
            report = _import(s, file, today, replace_target, source)
            if dry_run:
                raise _Rollback(report)
    except _Rollback as done:
        created = tuple(
            OrganizationRef(None, o.name, o.codice_fiscale)
            for o in done.report.organizations_created
        )
        return replace(done.report, proposal_id=None, organizations_created=created, dry_run=True)
    return report


def import_proposal_bytes(
    db: Database,
    data: bytes,
    today: date,
    *,
    replace_target: ReplaceTarget | None = None,
    dry_run: bool = False,
    source: str = "file",
) -> ImportReport:
    """Check the file's bytes (ProposalFileError listing every problem), then import it."""
    file = parse(data)
    return import_proposal(
        db,
        file,
        today,
        replace_target=replace_target,
        dry_run=dry_run,
        source=f"{source} (sha256 {digest_of(data)[:12]})",
    )


def proposal_versions(db: Database, proposal_ids: Sequence[int]) -> dict[int, int]:
    """The current version of each proposal (what ``replace`` must be given), by id."""
    with db.reading() as s:
        rows = s.execute(
            select(Proposal.id, Proposal.version)
            .where(Proposal.id.in_(list(proposal_ids)))
            .order_by(Proposal.id)
        )
        return {pid: version for pid, version in rows}


def digest_of(data: bytes) -> str:
    """The SHA-256 of a file's bytes, for the audit log."""
    import hashlib

    return hashlib.sha256(data).hexdigest()


__all__ = [
    "ExportRefusedError",
    "ExportSummary",
    "ImportReport",
    "OrganizationRef",
    "ReplaceTarget",
    "digest",
    "export_document",
    "export_proposal",
    "find_call",
    "import_proposal",
    "import_proposal_bytes",
    "imported_title",
    "matching_proposals",
    "proposal_versions",
    "read_proposal_file",
    "summarise",
]
