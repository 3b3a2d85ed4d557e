"""Creating, editing and deleting organizations (bodies of the register) from the GUI.

An :class:`OrganizationForm` holds what the editor shows, already parsed; :func:`validate`
says in one sentence per field what is wrong (codice fiscale, partita IVA and IBAN are
checked with python-stdnum through :mod:`grantdesk.domain.identifiers`). Every write is one
transaction, checked against the version the user saw and written to the audit log.
Deleting is in :mod:`grantdesk.services.organization_deletion`, merging duplicates in
:mod:`grantdesk.services.organization_merge`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from grantdesk.db.models import (
    AuditEntry,
    CoDesignProcess,
    Organization,
    Proposal,
)
from grantdesk.domain.dates import now_utc
from grantdesk.domain.identifiers import (
    IdentifierError,
    check_codice_fiscale,
    check_iban,
    check_partita_iva,
)
from grantdesk.domain.territory import PROVINCE_REGION, PROVINCES, REGION_PROVINCES
from grantdesk.domain.vocab import LegalForm
from grantdesk.i18n import _
from grantdesk.services.call_editing import FieldError, ensure_themes
from grantdesk.services.database import Database
from grantdesk.services.details import RecordNotFoundError
from grantdesk.services.editing import ConflictError, current_actor
from grantdesk.services.org_documents import (
    DocumentEntry,
    apply_documents,
    document_entries,
    document_problems,
)

# Text fields copied between a form and an organization (empty text is stored as NULL).
TEXT_FIELDS = (
    "codice_fiscale",
    "partita_iva",
    "runts_number",
    "iban",
    "address",
    "postal_code",
    "municipality",
    "province",
    "region",
    "neighbourhood",
    "email",
    "phone",
    "website",
    "notes",
)
PLAIN_FIELDS = ("runts_registered_on", "volunteers", "staff")
MAX_LENGTHS = {
    "name": 300,
    "runts_number": 40,
    "address": 300,
    "municipality": 120,
    "neighbourhood": 120,
    "email": 200,
    "phone": 40,
    "website": 500,
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_PHONE = re.compile(r"^\+?[0-9 ./()\-]+$")
_WEBSITE = re.compile(r"^(https?://)?[^\s/]+\.[^\s/]{2,}(/\S*)?$", re.IGNORECASE)


class DuplicateOrganizationError(ValueError):
    """Another organization already has this codice fiscale (its id and name are kept)."""

    def __init__(self, message: str, organization_id: int, name: str) -> None:
        super().__init__(message)
        self.organization_id = organization_id
        self.name = name


@dataclass
class OrganizationForm:
    """Every editable field of an organization, as the editor holds it."""

    name: str = ""
    legal_form: str = LegalForm.OTHER.value
    codice_fiscale: str = ""
    partita_iva: str = ""
    runts_number: str = ""
    runts_registered_on: date | None = None
    iban: str = ""
    address: str = ""
    postal_code: str = ""
    municipality: str = ""
    province: str = ""
    region: str = ""
    neighbourhood: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    themes: list[str] = field(default_factory=list)
    volunteers: int | None = None
    staff: int | None = None
    notes: str = ""
    documents: list[DocumentEntry] = field(default_factory=list)


def _region_named(text: str) -> str | None:
    """The region's official name for *text*, case, spaces and dashes aside."""
    wanted = re.sub(r"[\s\-’']+", " ", text).strip().casefold()
    for region in REGION_PROVINCES:
        if re.sub(r"[\s\-’']+", " ", region).casefold() == wanted:
            return region
    return None


def validate(form: OrganizationForm, today: date | None = None) -> list[FieldError]:
    """What keeps *form* from being saved, one sentence per field (empty: it can be saved)."""
    today = today or date.today()
    errors: list[FieldError] = []

    def add(name: str, message: str) -> None:
        if all(e.field != name for e in errors):
            errors.append(FieldError(name, message))

    if not form.name.strip():
        add("name", _("The organization needs a name."))
    for name, limit in MAX_LENGTHS.items():
        if len(getattr(form, name).strip()) > limit:
            add(name, _("Keep this under {limit} characters.").format(limit=limit))
    if form.legal_form not in {f.value for f in LegalForm}:
        add("legal_form", _("Choose one of the listed legal forms."))
    checks = (
        ("codice_fiscale", check_codice_fiscale),
        ("partita_iva", check_partita_iva),
        ("iban", check_iban),
    )
    for name, check in checks:
        text = getattr(form, name).strip()
        if text:
            try:
                check(text)
            except IdentifierError as exc:
                add(name, str(exc))
    if form.runts_registered_on is not None:
        if form.runts_registered_on > today:
            add("runts_registered_on", _("The registration date cannot be in the future."))
        elif not form.runts_number.strip():
            add("runts_number", _("Give the RUNTS number of this registration."))
    postal = form.postal_code.strip()
    if postal and not (len(postal) == 5 and postal.isdigit()):
        add("postal_code", _("An Italian postal code (CAP) has five digits, like 27029."))
    province = form.province.strip().upper()
    if province and province not in PROVINCES:
        add(
            "province",
            _("“{code}” is not the code of an Italian province (like PV, MI or RM).").format(
                code=form.province.strip()
            ),
        )
    region_text = form.region.strip()
    if region_text:
        region = _region_named(region_text)
        if region is None:
            add("region", _("This is not the name of an Italian region (like Lombardia)."))
        elif province in PROVINCE_REGION and PROVINCE_REGION[province] != region:
            add(
                "region",
                _("The province {code} is in {region}.").format(
                    code=province, region=PROVINCE_REGION[province]
                ),
            )
    email = form.email.strip()
    if email and not _EMAIL.match(email):
        add("email", _("This does not look like an e-mail address (name@example.it)."))
    phone = form.phone.strip()
    if phone and (not _PHONE.match(phone) or sum(ch.isdigit() for ch in phone) < 6):
        add("phone", _("Write the phone number with digits only, like 0381 123456."))
    website = form.website.strip()
    if website and not _WEBSITE.match(website):
        add("website", _("Write a web address like www.example.it (no spaces)."))
    for name in ("volunteers", "staff"):
        value = getattr(form, name)
        if value is not None and value < 0:
            add(name, _("A number of people cannot be negative."))
    if any(len(t.strip()) > 80 for t in form.themes):
        add("themes", _("A theme is a few words: keep each under 80 characters."))
    problem = document_problems(form.documents, today)
    if problem:
        add("documents", problem)
    return errors


def normalized(form: OrganizationForm) -> OrganizationForm:
    """*form* as it is stored: codes compact and upper case, names of places tidied.

    Call only on a form :func:`validate` accepts.
    """
    clean = replace(form, themes=list(form.themes), documents=list(form.documents))
    for name in ("name", *TEXT_FIELDS):
        value = getattr(clean, name)
        setattr(clean, name, value.strip() if name == "notes" else " ".join(value.split()))
    if clean.codice_fiscale:
        clean.codice_fiscale = check_codice_fiscale(clean.codice_fiscale)
    if clean.partita_iva:
        clean.partita_iva = check_partita_iva(clean.partita_iva)
    if clean.iban:
        clean.iban = check_iban(clean.iban)
    clean.province = clean.province.upper()
    if clean.region:
        clean.region = _region_named(clean.region) or clean.region
    elif clean.province in PROVINCE_REGION:
        clean.region = PROVINCE_REGION[clean.province]
    return clean


# -- between the database and the form ------------------------------------------------


def _gone() -> RecordNotFoundError:
    return RecordNotFoundError(
        _("This record no longer exists: it may have been deleted from another desk.")
    )


def _load(session: Session, organization_id: int) -> Organization:
    org = session.scalars(
        select(Organization)
        .where(Organization.id == organization_id)
        .options(selectinload(Organization.themes), selectinload(Organization.documents))
    ).first()
    if org is None:
        raise _gone()
    return org


def _check_version(org: Organization, expected_version: int) -> None:
    if org.version != expected_version:
        raise ConflictError(
            _("Someone else changed this organization meanwhile: it has been reloaded, try again.")
        )


def to_form(org: Organization) -> OrganizationForm:
    """The organization's fields as the editor shows them."""
    form = OrganizationForm(
        name=org.name,
        legal_form=org.legal_form.value,
        themes=sorted((t.name for t in org.themes), key=str.casefold),
        documents=document_entries(org),
    )
    for name in TEXT_FIELDS:
        setattr(form, name, getattr(org, name) or "")
    for name in PLAIN_FIELDS:
        setattr(form, name, getattr(org, name))
    return form


def apply_fields(session: Session, org: Organization, form: OrganizationForm) -> None:
    """Write the form's fields and themes (not its documents) over *org*."""
    clean = normalized(form)
    with session.no_autoflush:
        if org.name != clean.name:
            org.name = clean.name
        legal_form = LegalForm(clean.legal_form)
        if org.legal_form != legal_form:
            org.legal_form = legal_form
        for name in TEXT_FIELDS:
            value = getattr(clean, name) or None
            if getattr(org, name) != value:
                setattr(org, name, value)
        for name in PLAIN_FIELDS:
            value = getattr(clean, name)
            if getattr(org, name) != value:
                setattr(org, name, value)
        themes = ensure_themes(session, clean.themes)
        if {t.name.casefold() for t in org.themes} != {t.name.casefold() for t in themes}:
            org.themes = themes


def _refuse_invalid(form: OrganizationForm, today: date | None = None) -> None:
    errors = validate(form, today)
    if errors:
        raise ValueError(errors[0].message)


def duplicate_message(codice_fiscale: str, name: str) -> str:
    """Why a codice fiscale already on file is refused, naming who holds it."""
    return _(
        "The codice fiscale {code} already belongs to “{name}”: open that organization "
        "instead of recording it twice."
    ).format(code=codice_fiscale, name=name)


def organization_with_codice_fiscale(
    db: Database, codice_fiscale: str, except_id: int | None = None
) -> tuple[int, str] | None:
    """The (id, name) of the organization holding *codice_fiscale* (compact or as typed)."""
    try:
        code = check_codice_fiscale(codice_fiscale)
    except IdentifierError:
        return None
    with db.reading() as s:
        return _holder(s, code, except_id)


def _holder(s: Session, code: str, except_id: int | None) -> tuple[int, str] | None:
    query = select(Organization.id, Organization.name).where(Organization.codice_fiscale == code)
    if except_id is not None:
        query = query.where(Organization.id != except_id)
    row = s.execute(query).first()
    return (row[0], row[1]) if row is not None else None


def _refuse_duplicate(s: Session, form: OrganizationForm, except_id: int | None) -> None:
    code = normalized(form).codice_fiscale
    holder = _holder(s, code, except_id) if code else None
    if holder is not None:
        raise DuplicateOrganizationError(duplicate_message(code, holder[1]), *holder)


def load_form(db: Database, organization_id: int) -> tuple[OrganizationForm, int]:
    """The organization's fields as the editor shows them, and the version they were read at."""
    with db.reading() as s:
        org = _load(s, organization_id)
        return to_form(org), org.version


def organization_version(db: Database, organization_id: int) -> int:
    """The organization's current version (RecordNotFoundError when it is gone)."""
    with db.reading() as s:
        version = s.scalar(select(Organization.version).where(Organization.id == organization_id))
    if version is None:
        raise _gone()
    return int(version)


def theme_names(db: Database) -> list[str]:
    """Every theme already used (by calls, bodies, processes), alphabetically."""
    from grantdesk.db.models import Theme

    with db.reading() as s:
        return list(s.scalars(select(Theme.name).order_by(func.lower(Theme.name))))


def _audit(s: Session, action: str, organization_id: int, summary: str) -> None:
    s.add(
        AuditEntry(
            actor=current_actor(),
            action=action,
            entity="organization",
            entity_id=organization_id,
            summary=summary,
        )
    )


def _refresh_referrers(s: Session, organization_id: int) -> None:
    """Proposals and processes search by their lead's or promoter's name: re-read it."""
    # Touching them makes them dirty, so the flush refreshes their search text.
    for proposal in s.scalars(select(Proposal).where(Proposal.lead_id == organization_id)):
        proposal.updated_at = now_utc()
    for process in s.scalars(
        select(CoDesignProcess).where(CoDesignProcess.promoter_id == organization_id)
    ):
        process.updated_at = now_utc()


def create_organization(db: Database, form: OrganizationForm, today: date | None = None) -> int:
    """Record a new organization with the form's documents; return its id.

    A codice fiscale already on file is refused (:class:`DuplicateOrganizationError`).
    """
    _refuse_invalid(form, today)
    with db.transaction() as s:
        return _insert(s, form).id


def _insert(s: Session, form: OrganizationForm) -> Organization:
    _refuse_duplicate(s, form, None)
    org = Organization(name=form.name.strip(), themes=[], documents=[])
    s.add(org)
    apply_fields(s, org, form)
    apply_documents(s, org, form.documents)
    s.flush()
    _audit(s, "create", org.id, f"with {len(form.documents)} documents")
    return org


def update_organization(
    db: Database,
    organization_id: int,
    form: OrganizationForm,
    expected_version: int,
    today: date | None = None,
) -> int:
    """Save *form* over the organization, refusing if it changed since *expected_version*.

    Returns the organization's new version (unchanged when nothing differed).
    """
    _refuse_invalid(form, today)
    with db.transaction() as s:
        org = _load(s, organization_id)
        _check_version(org, expected_version)
        _refuse_duplicate(s, form, organization_id)
        before = to_form(org)
        apply_fields(s, org, form)
        apply_documents(s, org, form.documents)
        s.flush()
        after = to_form(org)
        changed = [
            n for n in before.__dataclass_fields__ if getattr(before, n) != getattr(after, n)
        ]
        if not changed:
            return org.version
        if org.version == expected_version:
            # Only themes or documents changed: the organization row still moves on.
            org.updated_at = now_utc()
            s.flush()
        if before.name != after.name:
            _refresh_referrers(s, organization_id)
        _audit(s, "update", organization_id, "changed " + ", ".join(changed))
        return org.version
