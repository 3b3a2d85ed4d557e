"""Contacts of organizations: validation, versioned and audited writes, lists, retention."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, update

from grantdesk.db.models import AuditEntry, Meeting, MeetingAttendee, Person
from grantdesk.db.models.codesign import CoDesignProcess
from grantdesk.services.database import Database
from grantdesk.services.details import RecordNotFoundError
from grantdesk.services.editing import ConflictError
from grantdesk.services.people import (
    PersonForm,
    PersonInUseError,
    create_person,
    delete_person,
    keep_person,
    list_people,
    load_person,
    people_for_review,
    person_usage,
    restore_activity,
    review_cutoff,
    update_person,
    validate,
)
from tests.helpers import factories as f

TODAY = date(2026, 6, 15)


def _form(**kw: object) -> PersonForm:
    values: dict[str, object] = {"first_name": "Maria Grazia", "last_name": "Santoro"}
    values.update(kw)
    return PersonForm(**values)  # type: ignore[arg-type]


def _org(db: Database, name: str = "ODV Il Melograno") -> int:
    with db.transaction() as s:
        return f.organization(s, name).id


def _problems(form: PersonForm) -> dict[str, str]:
    return {e.field: e.message for e in validate(form, today=TODAY)}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"first_name": "  "}, "first_name", "Write the contact's first name."),
        ({"last_name": ""}, "last_name", "Write the contact's last name."),
        ({"email": "maria.santoro"}, "email", "This is not an e-mail address"),
        ({"email": "maria@santoro"}, "email", "This is not an e-mail address"),
        ({"email": "maria @melograno.it"}, "email", "This is not an e-mail address"),
        ({"phone": "347-1234567"}, "phone", "Use digits and spaces only"),
        ({"phone": "347 12+34"}, "phone", "Use digits and spaces only"),
        ({"phone": "+39 12"}, "phone", "A phone number has at least 6 digits."),
        ({"role": "x" * 121}, "role", "Keep this under 120 characters."),
        ({"consent_on": date(2026, 6, 16), "consent_purpose": "Newsletter"}, "consent_on",
         "Consent cannot have been given in the future."),
        ({"consent_on": date(2026, 1, 10)}, "consent_purpose", "Say what the contact agreed to"),
        ({"consent_purpose": "Newsletter"}, "consent_on", "Give the date consent was given"),
    ],
)  # fmt: skip
def test_validation_says_what_is_wrong(
    changes: dict[str, object], field: str, message: str
) -> None:
    problems = _problems(_form(**changes))
    assert list(problems) == [field]
    assert problems[field].startswith(message)


def test_a_complete_contact_is_valid() -> None:
    form = _form(
        role="Presidente",
        email="mg.santoro@melograno.it",
        phone="+39 347 123 4567",
        consent_on=TODAY,
        consent_purpose="Contatti per bandi e tavoli di co-progettazione",
    )
    assert _problems(form) == {}


def test_create_update_and_audit_without_personal_data(db: Database) -> None:
    org = _org(db)
    person_id = create_person(db, _form(email="mg@melograno.it", organization_id=org))
    form, version = load_person(db, person_id)
    assert form.email == "mg@melograno.it" and form.organization_id == org and version == 1
    form.phone = "  0382   123456 "
    form.last_name = "Santoro  Bellini"
    new_version = update_person(db, person_id, form, version)
    assert new_version == 2
    saved, _version = load_person(db, person_id)
    assert saved.phone == "0382 123456" and saved.last_name == "Santoro Bellini"
    assert update_person(db, person_id, saved, new_version) == 2  # nothing changed
    with db.reading() as s:
        entries = s.scalars(
            select(AuditEntry).where(AuditEntry.entity == "person").order_by(AuditEntry.id)
        ).all()
    assert [(e.action, e.entity_id) for e in entries] == [
        ("create", person_id),
        ("update", person_id),
    ]
    assert entries[1].summary == "changed last_name, phone"
    assert all("Santoro" not in e.summary and "0382" not in e.summary for e in entries)


def test_stale_and_missing_records_are_refused(db: Database) -> None:
    person_id = create_person(db, _form())
    form, version = load_person(db, person_id)
    form.role = "Tesoriera"
    update_person(db, person_id, form, version)
    form.role = "Segretaria"
    with pytest.raises(ConflictError):
        update_person(db, person_id, form, version)
    with pytest.raises(ConflictError):
        delete_person(db, person_id, version)
    with pytest.raises(RecordNotFoundError):
        load_person(db, 999)
    with pytest.raises(ValueError, match="last name"):
        create_person(db, _form(last_name=""))
    with pytest.raises(RecordNotFoundError):
        create_person(db, _form(organization_id=999))


def test_delete_returns_the_form_and_refuses_meeting_attendees(db: Database) -> None:
    org = _org(db)
    kept = create_person(db, _form(organization_id=org, notes="Da richiamare"))
    attendee = create_person(db, _form(first_name="Luca", last_name="Ferri"))
    with db.transaction() as s:
        process = CoDesignProcess(title="Tavolo anziani soli")
        meeting = Meeting(process=process, held_at=datetime(2026, 2, 3, 9, tzinfo=UTC))
        meeting.attendees = [MeetingAttendee(person_id=attendee)]
        s.add(process)
    assert person_usage(db, attendee) == 1
    with pytest.raises(PersonInUseError, match="Luca Ferri attended 1 meeting"):
        delete_person(db, attendee, 1)
    form = delete_person(db, kept, 1)
    assert form.notes == "Da richiamare" and form.organization_id == org
    with db.reading() as s:
        assert s.get(Person, kept) is None


def test_list_people_by_organization_and_search(db: Database) -> None:
    melograno = _org(db)
    lanterna = _org(db, "Cooperativa Sociale La Lanterna")
    create_person(db, _form(last_name="Zanetti", role="Presidente", organization_id=melograno))
    create_person(db, _form(first_name="Niccolò", last_name="Bertè", organization_id=lanterna))
    create_person(db, _form(first_name="Anna", last_name="Àlberti", email="anna@lanterna.it"))
    assert [p.last_name for p in list_people(db)] == ["Àlberti", "Bertè", "Zanetti"]
    assert [p.last_name for p in list_people(db, organization_id=melograno)] == ["Zanetti"]
    assert [p.last_name for p in list_people(db, search="niccolo berte")] == ["Bertè"]
    assert [p.last_name for p in list_people(db, search="lanterna")] == ["Àlberti", "Bertè"]
    assert [p.full_name for p in list_people(db, search="presidente")] == ["Maria Grazia Zanetti"]
    row = list_people(db, search="berte")[0]
    assert row.organization == "Cooperativa Sociale La Lanterna"


def _set_activity(db: Database, person_id: int, **values: object) -> None:
    with db.transaction() as s:
        s.execute(update(Person).where(Person.id == person_id).values(**values))


def test_people_for_review(db: Database) -> None:
    recent = create_person(db, _form(last_name="Recente"))
    old = create_person(db, _form(last_name="Vecchia"))
    older = create_person(db, _form(last_name="Vecchissima"))
    never = create_person(db, _form(last_name="Mai"))
    met = create_person(db, _form(last_name="Riunita"))
    _set_activity(db, recent, last_activity_at=datetime(2025, 9, 1, tzinfo=UTC))
    _set_activity(db, old, last_activity_at=datetime(2024, 7, 1, tzinfo=UTC))
    _set_activity(db, older, last_activity_at=datetime(2019, 1, 1, tzinfo=UTC))
    _set_activity(db, met, last_activity_at=datetime(2019, 1, 1, tzinfo=UTC))
    # Never active: the last change counts.
    _set_activity(
        db,
        never,
        created_at=datetime(2020, 1, 1, tzinfo=UTC),
        updated_at=datetime(2023, 5, 1, tzinfo=UTC),
    )
    with db.transaction() as s:
        process = CoDesignProcess(title="Tavolo giovani")
        meeting = Meeting(process=process, held_at=datetime(2026, 1, 20, 9, tzinfo=UTC))
        meeting.attendees = [MeetingAttendee(person_id=met)]
        s.add(process)
    names = [p.last_name for p in people_for_review(db, TODAY, years=2)]
    assert names == ["Vecchissima", "Mai"]
    assert [p.last_name for p in people_for_review(db, TODAY, years=1)] == [
        "Vecchissima",
        "Mai",
        "Vecchia",
    ]
    assert [p.last_name for p in people_for_review(db, TODAY, years=5)] == ["Vecchissima"]
    with pytest.raises(ValueError):
        people_for_review(db, TODAY, years=0)


def test_keep_marks_activity_and_undo_restores_it(db: Database) -> None:
    person_id = create_person(db, _form())
    before = datetime(2019, 1, 1, tzinfo=UTC)
    _set_activity(db, person_id, last_activity_at=before)
    assert [p.id for p in people_for_review(db, TODAY)] == [person_id]
    now = datetime(2026, 6, 15, 10, tzinfo=UTC)
    previous, version = keep_person(db, person_id, 1, at=now)
    assert previous == before and version == 2
    assert people_for_review(db, TODAY) == []
    with pytest.raises(ConflictError):
        keep_person(db, person_id, 1)
    restore_activity(db, person_id, previous, version)
    assert [p.id for p in people_for_review(db, TODAY)] == [person_id]
    with db.reading() as s:
        actions = s.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.entity_id == person_id)
            .order_by(AuditEntry.id)
        ).all()
    assert actions == ["create", "keep", "update"]


def test_review_cutoff_on_29_february() -> None:
    assert review_cutoff(date(2028, 2, 29), 2).date() == date(2026, 2, 27)  # Rome midnight
