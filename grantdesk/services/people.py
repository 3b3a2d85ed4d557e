"""The contacts of organizations: personal data, kept with the consent it rests on.

A :class:`PersonForm` holds what the editor shows; :func:`validate` says in one sentence
per field what is wrong with it. Every write is one transaction, checked against the
version the user saw and written to the audit log — which records *that* a contact was
created, changed or deleted and which fields changed, never the values (names, e-mails and
phone numbers stay out of the log).

Deleting a contact is the everyday "remove from the list" and can be undone; erasing one
for good (GDPR art. 17) is :func:`grantdesk.services.gdpr.erase_person`.

A contact's *last activity* is ``last_activity_at`` or, when never set, the last time the
record changed; a meeting they attended later counts too. :func:`people_for_review` lists
the contacts without activity for a number of years, for the retention review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from grantdesk.db.models import AuditEntry, Meeting, MeetingAttendee, Organization, Person
from grantdesk.domain.dates import now_utc, rome_to_utc, utc_to_rome
from grantdesk.domain.text import fold, search_terms
from grantdesk.i18n import _, ngettext
from grantdesk.services.call_editing import FieldError
from grantdesk.services.database import Database
from grantdesk.services.details import RecordNotFoundError
from grantdesk.services.editing import ConflictError, current_actor

MAX_LENGTHS = {
    "first_name": 120,
    "last_name": 120,
    "role": 120,
    "email": 200,
    "phone": 40,
    "consent_purpose": 300,
}
DEFAULT_REVIEW_YEARS = 2
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
_PHONE = re.compile(r"^\+?[0-9 ]+$")
_TEXT_FIELDS = ("first_name", "last_name", "role", "email", "phone", "consent_purpose", "notes")


class PersonInUseError(RuntimeError):
    """The contact cannot simply be deleted: meeting records name them."""


@dataclass
class PersonForm:
    """Every editable field of a contact, as the editor holds it."""

    first_name: str = ""
    last_name: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    consent_on: date | None = None
    consent_purpose: str = ""
    notes: str = ""
    organization_id: int | None = None


@dataclass(frozen=True)
class PersonRow:
    """One contact as the lists show it."""

    id: int
    first_name: str
    last_name: str
    role: str
    email: str
    phone: str
    consent_on: date | None
    consent_purpose: str
    organization_id: int | None
    organization: str
    last_activity: datetime
    version: int

    @property
    def full_name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}".strip()


def validate(form: PersonForm, today: date | None = None) -> list[FieldError]:
    """What keeps *form* from being saved, one sentence per field (empty: it can be saved).

    *today* (Rome) is the latest date consent can have been given; default: today.
    """
    from grantdesk.services.dashboard import today_in_rome

    errors: list[FieldError] = []

    def add(name: str, message: str) -> None:
        if all(e.field != name for e in errors):
            errors.append(FieldError(name, message))

    if not form.first_name.strip():
        add("first_name", _("Write the contact's first name."))
    if not form.last_name.strip():
        add("last_name", _("Write the contact's last name."))
    email = form.email.strip()
    if email and not _EMAIL.match(email):
        add("email", _("This is not an e-mail address: it looks like name@example.it."))
    phone = form.phone.strip()
    if phone:
        digits = sum(ch.isdigit() for ch in phone)
        if not _PHONE.match(phone):
            add("phone", _("Use digits and spaces only, with + before the country code."))
        elif digits < 6:
            add("phone", _("A phone number has at least 6 digits."))
    for name, limit in MAX_LENGTHS.items():
        if len(getattr(form, name).strip()) > limit:
            add(name, _("Keep this under {limit} characters.").format(limit=limit))
    purpose = form.consent_purpose.strip()
    if form.consent_on is not None:
        if form.consent_on > (today or today_in_rome()):
            add("consent_on", _("Consent cannot have been given in the future."))
        if not purpose:
            add(
                "consent_purpose",
                _("Say what the contact agreed to: the purpose is part of the consent."),
            )
    elif purpose:
        add("consent_on", _("Give the date consent was given, or leave the purpose empty."))
    return errors


def refuse_invalid(form: PersonForm) -> None:
    """Raise ``ValueError`` with the first problem of *form*, if any."""
    errors = validate(form)
    if errors:
        raise ValueError(errors[0].message)


def not_found() -> RecordNotFoundError:
    return RecordNotFoundError(
        _("This contact no longer exists: it may have been deleted from another desk.")
    )


def load(session: Session, person_id: int) -> Person:
    """The contact *person_id* (``RecordNotFoundError`` when gone)."""
    person = session.get(Person, person_id)
    if person is None:
        raise not_found()
    return person


def check_version(person: Person, expected_version: int) -> None:
    if person.version != expected_version:
        raise ConflictError(
            _("Someone else changed this contact meanwhile: it has been reloaded, try again.")
        )


def audit(session: Session, action: str, person_id: int, summary: str = "") -> None:
    """Record that *action* happened to contact *person_id* (never their data)."""
    session.add(
        AuditEntry(
            actor=current_actor(),
            action=action,
            entity="person",
            entity_id=person_id,
            summary=summary,
        )
    )


def _to_form(person: Person) -> PersonForm:
    return PersonForm(
        first_name=person.first_name,
        last_name=person.last_name,
        role=person.role or "",
        email=person.email or "",
        phone=person.phone or "",
        consent_on=person.consent_on,
        consent_purpose=person.consent_purpose or "",
        notes=person.notes or "",
        organization_id=person.organization_id,
    )


def _apply(person: Person, form: PersonForm) -> None:
    for name in _TEXT_FIELDS:
        raw = getattr(form, name).strip()
        value: str | None = " ".join(raw.split()) if name != "notes" else raw
        if name not in ("first_name", "last_name"):
            value = value or None
        if getattr(person, name) != value:
            setattr(person, name, value)
    if person.consent_on != form.consent_on:
        person.consent_on = form.consent_on
    if person.organization_id != form.organization_id:
        person.organization_id = form.organization_id


def _check_organization(session: Session, organization_id: int | None) -> None:
    if organization_id is not None and session.get(Organization, organization_id) is None:
        raise RecordNotFoundError(
            _("The organization no longer exists: it may have been deleted from another desk.")
        )


# -- reading -------------------------------------------------------------------------------


def load_person(db: Database, person_id: int) -> tuple[PersonForm, int]:
    """The contact's fields as the editor shows them, and the version they were read at."""
    with db.reading() as s:
        person = load(s, person_id)
        return _to_form(person), person.version


def _last_meetings(session: Session) -> dict[int, datetime]:
    query = (
        select(MeetingAttendee.person_id, func.max(Meeting.held_at))
        .join(Meeting, Meeting.id == MeetingAttendee.meeting_id)
        .group_by(MeetingAttendee.person_id)
    )
    return {pid: held for pid, held in session.execute(query) if held is not None}


def _rows(session: Session, organization_id: int | None = None) -> list[PersonRow]:
    # Columns, not ORM objects: a desk may hold thousands of contacts.
    query = select(
        Person.id,
        Person.first_name,
        Person.last_name,
        Person.role,
        Person.email,
        Person.phone,
        Person.consent_on,
        Person.consent_purpose,
        Person.organization_id,
        Organization.name,
        Person.last_activity_at,
        Person.updated_at,
        Person.version,
    ).outerjoin(Organization, Organization.id == Person.organization_id)
    if organization_id is not None:
        query = query.where(Person.organization_id == organization_id)
    meetings = _last_meetings(session)
    rows = []
    for r in session.execute(query):
        activity = r.last_activity_at or r.updated_at
        met = meetings.get(r.id)
        if met is not None and met > activity:
            activity = met
        rows.append(
            PersonRow(
                id=r.id,
                first_name=r.first_name,
                last_name=r.last_name,
                role=r.role or "",
                email=r.email or "",
                phone=r.phone or "",
                consent_on=r.consent_on,
                consent_purpose=r.consent_purpose or "",
                organization_id=r.organization_id,
                organization=r.name or "",
                last_activity=activity,
                version=r.version,
            )
        )
    rows.sort(key=lambda r: (fold(r.last_name), fold(r.first_name), r.id))
    return rows


def _matches(row: PersonRow, terms: list[str]) -> bool:
    text = fold(f"{row.first_name} {row.last_name} {row.role} {row.email} {row.organization}")
    return all(term in text for term in terms)


def list_people(
    db: Database, search: str = "", organization_id: int | None = None
) -> list[PersonRow]:
    """The contacts (of one organization, when given) by last name; *search* keeps those
    whose name, role, e-mail or organization holds every word (accents aside)."""
    terms = search_terms(search)
    with db.reading() as s:
        rows = _rows(s, organization_id)
    return [r for r in rows if _matches(r, terms)] if terms else rows


def review_cutoff(today: date, years: int) -> datetime:
    """The instant (UTC) before which a contact's last activity is *years* old on *today*."""
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return rome_to_utc(day, time(0, 0))


def people_for_review(
    db: Database, today: date, years: int = DEFAULT_REVIEW_YEARS, search: str = ""
) -> list[PersonRow]:
    """The contacts without activity for *years* years on *today*, the oldest first."""
    if years < 1:
        raise ValueError(_("The review period is at least one year."))
    cutoff = review_cutoff(today, years)
    rows = [r for r in list_people(db, search) if r.last_activity < cutoff]
    rows.sort(key=lambda r: (r.last_activity, r.id))
    return rows


def activity_day(row: PersonRow) -> date:
    """The Rome day of the contact's last activity."""
    return utc_to_rome(row.last_activity).date()


def person_usage(db: Database, person_id: int) -> int:
    """How many meetings the contact attended."""
    with db.reading() as s:
        count = s.scalar(
            select(func.count())
            .select_from(MeetingAttendee)
            .where(MeetingAttendee.person_id == person_id)
        )
    return int(count or 0)


# -- writing -------------------------------------------------------------------------------


def create_person(db: Database, form: PersonForm) -> int:
    """Record a new contact; return its id."""
    refuse_invalid(form)
    with db.transaction() as s:
        _check_organization(s, form.organization_id)
        person = Person(first_name="", last_name="")
        _apply(person, form)
        s.add(person)
        s.flush()
        where = f"organization {form.organization_id}" if form.organization_id else ""
        audit(s, "create", person.id, where)
        return person.id


def update_person(db: Database, person_id: int, form: PersonForm, expected_version: int) -> int:
    """Save *form* over the contact, refusing if it changed since *expected_version*.

    Returns the contact's new version (unchanged when nothing differed). The audit log
    names the fields that changed, not their values.
    """
    refuse_invalid(form)
    with db.transaction() as s:
        person = load(s, person_id)
        check_version(person, expected_version)
        _check_organization(s, form.organization_id)
        before = _to_form(person)
        _apply(person, form)
        after = _to_form(person)
        changed = [
            f.name for f in fields(before) if getattr(before, f.name) != getattr(after, f.name)
        ]
        if not changed:
            return person.version
        s.flush()
        audit(s, "update", person_id, "changed " + ", ".join(changed))
        return person.version


def in_use_message(name: str, meetings: int) -> str:
    """Why a contact who attended *meetings* meetings is not simply deleted."""
    return ngettext(
        "{name} attended {n} meeting: deleting them would change its record. "
        "To forget them for good, use “Erase…”.",
        "{name} attended {n} meetings: deleting them would change their records. "
        "To forget them for good, use “Erase…”.",
        meetings,
    ).format(name=name, n=meetings)


def delete_person(db: Database, person_id: int, expected_version: int) -> PersonForm:
    """Delete the contact; return what it held (so undoing can record it again).

    Refused (``PersonInUseError``) while meetings name them, and (``ConflictError``) when
    the contact changed since *expected_version*.
    """
    with db.transaction() as s:
        person = load(s, person_id)
        check_version(person, expected_version)
        meetings = int(
            s.scalar(
                select(func.count())
                .select_from(MeetingAttendee)
                .where(MeetingAttendee.person_id == person_id)
            )
            or 0
        )
        if meetings:
            raise PersonInUseError(in_use_message(person.full_name, meetings))
        form = _to_form(person)
        s.delete(person)
        s.flush()
        audit(s, "delete", person_id)
        return form


def keep_person(
    db: Database, person_id: int, expected_version: int, at: datetime | None = None
) -> tuple[datetime | None, int]:
    """The retention review keeps the contact: their last activity becomes *at* (now).

    Returns the previous ``last_activity_at`` (for undo) and the new version.
    """
    with db.transaction() as s:
        person = load(s, person_id)
        check_version(person, expected_version)
        previous = person.last_activity_at
        person.last_activity_at = at or now_utc()
        s.flush()
        audit(s, "keep", person_id, "kept after the retention review")
        return previous, person.version


def restore_activity(
    db: Database, person_id: int, value: datetime | None, expected_version: int
) -> int:
    """Put back a previous ``last_activity_at`` (undoing :func:`keep_person`)."""
    with db.transaction() as s:
        person = load(s, person_id)
        check_version(person, expected_version)
        person.last_activity_at = value
        s.flush()
        audit(s, "update", person_id, "changed last_activity_at (undo)")
        return person.version
