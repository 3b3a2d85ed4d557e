"""Deleting an organization, refused while proposals or co-design processes use it.

Its documents go with it; its contacts, good practices and text blocks stay (their key
is SET NULL) and are re-attached when the deletion is undone
(:func:`restore_organization`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import func, select, union, update
from sqlalchemy.orm import Session

from grantdesk.db.models import (
    Activity,
    BudgetLine,
    CoDesignApplication,
    CoDesignProcess,
    Commitment,
    Meeting,
    MeetingAttendee,
    Person,
    Practice,
    Proposal,
    ProposalPartner,
    TextBlock,
)
from grantdesk.i18n import _, ngettext
from grantdesk.services.database import Database
from grantdesk.services.organization_editing import (
    OrganizationForm,
    _audit,
    _check_version,
    _insert,
    _load,
    to_form,
)


class OrganizationInUseError(RuntimeError):
    """The organization cannot be deleted: proposals or co-design processes refer to it."""


@dataclass(frozen=True)
class OrganizationUsage:
    """How many proposals and co-design processes refer to an organization."""

    proposals: int
    codesigns: int

    def __bool__(self) -> bool:
        return bool(self.proposals or self.codesigns)


def _usage(s: Session, organization_id: int) -> OrganizationUsage:
    o = organization_id
    proposal_ids = union(
        select(Proposal.id.label("id")).where(Proposal.lead_id == o),
        select(ProposalPartner.proposal_id).where(ProposalPartner.organization_id == o),
        select(BudgetLine.proposal_id).where(BudgetLine.organization_id == o),
        select(Activity.proposal_id).where(Activity.responsible_id == o),
    ).subquery()
    process_ids = union(
        select(CoDesignProcess.id.label("id")).where(CoDesignProcess.promoter_id == o),
        select(CoDesignApplication.process_id).where(CoDesignApplication.organization_id == o),
        select(Commitment.process_id).where(Commitment.organization_id == o),
        select(Meeting.process_id)
        .join(MeetingAttendee, MeetingAttendee.meeting_id == Meeting.id)
        .where(MeetingAttendee.organization_id == o),
    ).subquery()
    proposals = s.scalar(select(func.count()).select_from(proposal_ids))
    processes = s.scalar(select(func.count()).select_from(process_ids))
    return OrganizationUsage(int(proposals or 0), int(processes or 0))


def organization_usage(db: Database, organization_id: int) -> OrganizationUsage:
    """The proposals (as lead, partner, budget or activity) and co-design processes
    (as promoter, applicant, pledger or at a meeting) that refer to the organization."""
    with db.reading() as s:
        return _usage(s, organization_id)


def in_use_message(name: str, usage: OrganizationUsage) -> str:
    """Why an organization in use cannot be deleted, in one sentence, suggesting a merge."""
    parts = []
    if usage.proposals:
        parts.append(
            ngettext("{n} proposal", "{n} proposals", usage.proposals).format(n=usage.proposals)
        )
    if usage.codesigns:
        parts.append(
            ngettext("{n} co-design process", "{n} co-design processes", usage.codesigns).format(
                n=usage.codesigns
            )
        )
    where = parts[0]
    if len(parts) == 2:
        where = _("{first} and {second}").format(first=parts[0], second=parts[1])
    return _(
        "“{name}” cannot be deleted: it appears in {where}. If it is a duplicate, merge it "
        "into the organization to keep instead (Merge…)."
    ).format(name=name, where=where)


@dataclass(frozen=True)
class DeletedOrganization:
    """What deleting an organization took away, so that undo can bring it back."""

    organization_id: int
    form: OrganizationForm
    # Records that kept pointing at it and were detached (their key is SET NULL).
    people: tuple[int, ...] = ()
    practices: tuple[int, ...] = ()
    text_blocks: tuple[int, ...] = ()


_DETACHED = (
    ("people", Person, Person.organization_id),
    ("practices", Practice, Practice.organization_id),
    ("text_blocks", TextBlock, TextBlock.organization_id),
)


def delete_organization(
    db: Database, organization_id: int, expected_version: int
) -> DeletedOrganization:
    """Delete the organization with its documents; its contacts, practices and text
    blocks stay, detached (and are re-attached by :func:`restore_organization`).

    Refused (``OrganizationInUseError``) while proposals or co-design processes refer
    to it, and (``ConflictError``) when it changed since *expected_version*.
    """
    with db.transaction() as s:
        org = _load(s, organization_id)
        _check_version(org, expected_version)
        usage = _usage(s, organization_id)
        if usage:
            raise OrganizationInUseError(in_use_message(org.name, usage))
        form = to_form(org)
        detached = {
            key: tuple(s.scalars(select(model.id).where(column == organization_id)))
            for key, model, column in _DETACHED
        }
        s.delete(org)
        s.flush()
        _audit(s, "delete", organization_id, f"with {len(form.documents)} documents")
        return DeletedOrganization(organization_id, form, **detached)


def restore_organization(db: Database, deleted: DeletedOrganization) -> int:
    """Record a deleted organization again (new id), documents included, and re-attach
    the contacts, practices and text blocks it had that are still unattached."""
    form = replace(deleted.form, documents=[replace(d, id=None) for d in deleted.form.documents])
    with db.transaction() as s:
        new_id = _insert(s, form).id
        for key, model, column in _DETACHED:
            ids = getattr(deleted, key)
            if ids:
                s.execute(
                    update(model)
                    .where(model.id.in_(ids), column.is_(None))
                    .values({column.key: new_id, "version": model.version + 1})
                    .execution_options(synchronize_session=False)
                )
        _audit(s, "restore", new_id, f"was organization {deleted.organization_id}")
    return new_id
