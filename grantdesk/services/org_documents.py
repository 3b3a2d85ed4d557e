"""An organization's documents on file: statute, approved accounts, insurance, DURC…

Each document has a kind (:class:`~grantdesk.domain.vocab.DocumentKind`), a title and
optional issue and expiry dates. :func:`document_status` says whether it is still good;
:func:`expiring_documents` feeds the Home view; :func:`missing_or_expired_for_call` says
which of a call's required papers an organization lacks, before it joins a proposal.

The editor carries the documents inside the organization's form as
:class:`DocumentEntry` rows (so one Save, and one undo, covers the organization and its
papers); the single-document functions below serve everything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from grantdesk.db.models import (
    AuditEntry,
    Call,
    CallRequirement,
    Organization,
    OrganizationDocument,
)
from grantdesk.domain.vocab import DocumentKind
from grantdesk.i18n import _
from grantdesk.services.database import Database
from grantdesk.services.details import RecordNotFoundError
from grantdesk.services.editing import ConflictError, current_actor

EXPIRING_DAYS = 30
MAX_TITLE = 300


class DocumentStatus(StrEnum):
    """Whether a document on file is still good on a given day."""

    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    NO_EXPIRY = "no_expiry"

    @property
    def label(self) -> str:
        """The status in the user's language."""
        labels = {
            DocumentStatus.VALID: _("Valid"),
            DocumentStatus.EXPIRING: _("Expiring"),
            DocumentStatus.EXPIRED: _("Expired"),
            DocumentStatus.NO_EXPIRY: _("No expiry"),
        }
        return labels[self]

    @property
    def needs_attention(self) -> bool:
        """Expired, or expiring within the warning window."""
        return self in (DocumentStatus.EXPIRED, DocumentStatus.EXPIRING)


def document_status(
    expires_on: date | None, today: date, days: int = EXPIRING_DAYS
) -> DocumentStatus:
    """Valid, expiring (within *days*, the expiry day included), expired, or no expiry.

    A document is good through its expiry day: it is expired from the day after.
    """
    if expires_on is None:
        return DocumentStatus.NO_EXPIRY
    if expires_on < today:
        return DocumentStatus.EXPIRED
    if expires_on <= today + timedelta(days=days):
        return DocumentStatus.EXPIRING
    return DocumentStatus.VALID


def kind_label(code: str) -> str:
    """A kind as the user reads it (an unknown code as it is)."""
    try:
        return DocumentKind(code).label
    except ValueError:
        return code


@dataclass(frozen=True)
class DocumentEntry:
    """One document as the editor holds it; *id* is None until it is saved."""

    kind: str
    title: str
    issued_on: date | None = None
    expires_on: date | None = None
    file_path: str = ""
    id: int | None = None


def _problem(entry: DocumentEntry, today: date) -> str:
    """What is wrong with one document, as a short code ("" when nothing)."""
    title = entry.title.strip()
    if entry.kind not in {k.value for k in DocumentKind}:
        return "kind"
    if not title:
        return "title"
    if len(title) > MAX_TITLE:
        return "long"
    if entry.issued_on is not None and entry.issued_on > today:
        return "future"
    if entry.issued_on and entry.expires_on and entry.expires_on < entry.issued_on:
        return "order"
    return ""


def _sentence(code: str, row: int | None) -> str:
    """The problem *code* in one sentence, naming the table's row when there is one."""
    if row is None:
        plain = {
            "kind": _("Choose the kind of document."),
            "title": _("Give the document a title."),
            "long": _("Keep the title under {n} characters."),
            "future": _("The issue date is in the future."),
            "order": _("The document expires before it was issued."),
        }
        return plain[code].format(n=MAX_TITLE)
    in_row = {
        "kind": _("Row {row}: choose the kind of document."),
        "title": _("Row {row}: give the document a title."),
        "long": _("Row {row}: keep the title under {n} characters."),
        "future": _("Row {row}: the issue date is in the future."),
        "order": _("Row {row}: the document expires before it was issued."),
    }
    return in_row[code].format(row=row, n=MAX_TITLE)


def document_problems(entries: list[DocumentEntry], today: date) -> str:
    """The first thing wrong with the documents, naming its row; empty when none."""
    for row, entry in enumerate(entries, start=1):
        code = _problem(entry, today)
        if code:
            return _sentence(code, row)
    return ""


def _order(doc: OrganizationDocument) -> tuple[int, str, int]:
    kinds = [k.value for k in DocumentKind]
    rank = kinds.index(doc.kind) if doc.kind in kinds else len(kinds)
    return rank, doc.title.casefold(), doc.id or 0


def document_entries(org: Organization) -> list[DocumentEntry]:
    """The organization's documents in kind order, as the editor shows them."""
    return [
        DocumentEntry(
            kind=d.kind,
            title=d.title,
            issued_on=d.issued_on,
            expires_on=d.expires_on,
            file_path=d.file_path or "",
            id=d.id,
        )
        for d in sorted(org.documents, key=_order)
    ]


def document_rows(
    docs: list[OrganizationDocument], today: date | None = None
) -> tuple[tuple[str, str, str, str], ...]:
    """Title, issued, expires and status of each document, in kind order, for the detail
    pane; an expired or expiring one is marked with ⚠."""
    from grantdesk.services.present import show

    today = today or date.today()
    rows = []
    for doc in sorted(docs, key=_order):
        status = document_status(doc.expires_on, today)
        mark = f"⚠ {status.label}" if status.needs_attention else status.label
        rows.append((doc.title, show(doc.issued_on), show(doc.expires_on), mark))
    return tuple(rows)


def _fill(doc: OrganizationDocument, entry: DocumentEntry) -> None:
    values = {
        "kind": entry.kind,
        "title": " ".join(entry.title.split()),
        "issued_on": entry.issued_on,
        "expires_on": entry.expires_on,
        "file_path": entry.file_path.strip() or None,
    }
    for name, value in values.items():
        if getattr(doc, name) != value:
            setattr(doc, name, value)


def apply_documents(session: Session, org: Organization, entries: list[DocumentEntry]) -> None:
    """Make the organization's documents those of *entries*, matched by id.

    An entry whose id is gone (deleted, then the deletion undone) is added again;
    documents no entry names are deleted.
    """
    existing = {d.id: d for d in org.documents}
    kept: list[OrganizationDocument] = []
    for entry in entries:
        doc = existing.pop(entry.id, None) if entry.id is not None else None
        if doc is None:
            doc = OrganizationDocument(kind=entry.kind, title=entry.title)
        _fill(doc, entry)
        kept.append(doc)
    if {id(d) for d in org.documents} != {id(d) for d in kept}:
        org.documents = kept
    for gone in existing.values():
        if gone in session:
            session.delete(gone)


# -- one document at a time -------------------------------------------------------------


@dataclass(frozen=True)
class DocumentRow:
    """A document on file with its status on the day asked."""

    id: int
    version: int
    organization_id: int
    kind: str
    title: str
    issued_on: date | None
    expires_on: date | None
    status: DocumentStatus

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


def _row(doc: OrganizationDocument, today: date) -> DocumentRow:
    return DocumentRow(
        doc.id,
        doc.version,
        doc.organization_id,
        doc.kind,
        doc.title,
        doc.issued_on,
        doc.expires_on,
        document_status(doc.expires_on, today),
    )


def _gone() -> RecordNotFoundError:
    return RecordNotFoundError(
        _("This record no longer exists: it may have been deleted from another desk.")
    )


def _refuse(entry: DocumentEntry, today: date) -> None:
    code = _problem(entry, today)
    if code:
        raise ValueError(_sentence(code, None))


def _audit(s: Session, action: str, doc: OrganizationDocument) -> None:
    s.add(
        AuditEntry(
            actor=current_actor(),
            action=action,
            entity="organization_document",
            entity_id=doc.id,
            summary=f"{doc.kind} of organization {doc.organization_id}",
        )
    )


def list_documents(db: Database, organization_id: int, today: date) -> list[DocumentRow]:
    """The organization's documents, in kind order, with their status on *today*."""
    with db.reading() as s:
        docs = s.scalars(
            select(OrganizationDocument).where(
                OrganizationDocument.organization_id == organization_id
            )
        ).all()
        return [_row(d, today) for d in sorted(docs, key=_order)]


def add_document(db: Database, organization_id: int, entry: DocumentEntry, today: date) -> int:
    """Put a document on the organization's file; return its id."""
    _refuse(entry, today)
    with db.transaction() as s:
        if s.get(Organization, organization_id) is None:
            raise _gone()
        doc = OrganizationDocument(organization_id=organization_id, kind=entry.kind, title="")
        _fill(doc, entry)
        s.add(doc)
        s.flush()
        _audit(s, "create", doc)
        return doc.id


def update_document(
    db: Database, document_id: int, entry: DocumentEntry, expected_version: int, today: date
) -> int:
    """Save *entry* over the document unless it changed since *expected_version*."""
    _refuse(entry, today)
    with db.transaction() as s:
        doc = s.get(OrganizationDocument, document_id)
        if doc is None:
            raise _gone()
        if doc.version != expected_version:
            raise ConflictError(
                _("Someone else changed this document meanwhile: it has been reloaded, try again.")
            )
        _fill(doc, entry)
        s.flush()
        _audit(s, "update", doc)
        return doc.version


def delete_document(db: Database, document_id: int, expected_version: int) -> None:
    """Take the document off file unless it changed since *expected_version*."""
    with db.transaction() as s:
        doc = s.get(OrganizationDocument, document_id)
        if doc is None:
            raise _gone()
        if doc.version != expected_version:
            raise ConflictError(
                _("Someone else changed this document meanwhile: it has been reloaded, try again.")
            )
        _audit(s, "delete", doc)
        s.delete(doc)


# -- warnings ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpiringDocument:
    """A document that expired or expires soon, with its organization (for Home)."""

    organization_id: int
    organization_name: str
    document_id: int
    kind: str
    title: str
    expires_on: date
    status: DocumentStatus


def expiring_documents(
    db: Database, today: date, days: int = EXPIRING_DAYS
) -> list[ExpiringDocument]:
    """Every document that expired or expires within *days*, soonest first."""
    limit = today + timedelta(days=days)
    with db.reading() as s:
        rows = s.execute(
            select(
                Organization.id,
                Organization.name,
                OrganizationDocument.id,
                OrganizationDocument.kind,
                OrganizationDocument.title,
                OrganizationDocument.expires_on,
            )
            .join(Organization, Organization.id == OrganizationDocument.organization_id)
            .where(OrganizationDocument.expires_on.is_not(None))
            .where(OrganizationDocument.expires_on <= limit)
            .order_by(OrganizationDocument.expires_on, Organization.name, OrganizationDocument.id)
        ).all()
    return [
        ExpiringDocument(o, n, d, k, t, e, document_status(e, today, days))
        for o, n, d, k, t, e in rows
        if e is not None
    ]


@dataclass(frozen=True)
class DocumentGap:
    """A paper a call requires that the organization lacks, or holds expired or expiring.

    *status* is None when the organization has no document of that kind at all.
    """

    requirement: str
    kind: str
    mandatory: bool
    status: DocumentStatus | None
    expires_on: date | None = None

    def sentence(self) -> str:
        """What is wrong, in one sentence."""
        from grantdesk.services.present import show

        name = kind_label(self.kind)
        if self.status is None:
            return _("{document}: none on file.").format(document=name)
        when = show(self.expires_on)
        if self.status is DocumentStatus.EXPIRED:
            return _("{document}: expired on {date}.").format(document=name, date=when)
        return _("{document}: expires on {date}.").format(document=name, date=when)


def missing_or_expired_for_call(
    db: Database, organization_id: int, call_id: int, today: date
) -> list[DocumentGap]:
    """The call's required document kinds the organization lacks or holds expired.

    Kinds held but expiring within 30 days come too (status ``EXPIRING``): the bid may be
    submitted after they lapse. Requirements without a document kind (partnership
    letters…) are not the organization's file and are skipped.
    """
    with db.reading() as s:
        if s.get(Call, call_id) is None or s.get(Organization, organization_id) is None:
            raise _gone()
        requirements = s.execute(
            select(CallRequirement.name, CallRequirement.document_kind, CallRequirement.mandatory)
            .where(CallRequirement.call_id == call_id)
            .where(CallRequirement.document_kind.is_not(None))
            .order_by(CallRequirement.position, CallRequirement.id)
        ).all()
        held = s.execute(
            select(OrganizationDocument.kind, OrganizationDocument.expires_on).where(
                OrganizationDocument.organization_id == organization_id
            )
        ).all()
    best: dict[str, date | None] = {}
    for kind, expires in held:
        if kind not in best:
            best[kind] = expires
        else:
            previous = best[kind]
            # No expiry beats any date; a later expiry beats an earlier one.
            if previous is not None and (expires is None or expires > previous):
                best[kind] = expires
    gaps: list[DocumentGap] = []
    seen: set[str] = set()
    for name, wanted, mandatory in requirements:
        kind = str(wanted)
        if kind in seen:
            continue
        seen.add(kind)
        if kind not in best:
            gaps.append(DocumentGap(name, kind, mandatory, None))
            continue
        status = document_status(best[kind], today)
        if status.needs_attention:
            gaps.append(DocumentGap(name, kind, mandatory, status, best[kind]))
    return gaps
