"""The co-design tables (meetings, attendees, action items, minutes) and monitoring."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from grantdesk.db.models import ActionItem, MeetingAttendee, Person
from grantdesk.domain.dates import rome_to_utc
from grantdesk.domain.vocab import ApplicationOutcome, CoDesignStatus, LegalForm
from grantdesk.services import dashboard
from grantdesk.services.codesign_editing import ProcessForm, create_process
from grantdesk.services.codesign_meetings import (
    ActionEntry,
    MeetingForm,
    attendee_choices,
    create_meeting,
    delete_meeting,
    draft_minutes,
    load_meeting,
    update_meeting,
    validate_meeting,
)
from grantdesk.services.codesign_monitoring import (
    IndicatorForm,
    MeasurementForm,
    create_indicator,
    create_measurement,
    delete_indicator,
    delete_measurement,
    load_indicator,
    load_measurement,
    restore_indicator,
    update_indicator,
    update_measurement,
)
from grantdesk.services.codesign_parts import ApplicationForm, create_application
from grantdesk.services.codesign_reading import load_overview
from grantdesk.services.database import Database
from grantdesk.services.editing import ConflictError
from tests.helpers import factories as f

TODAY = date(2026, 3, 10)


def setting(db: Database) -> tuple[int, dict[str, int]]:
    """A process of the Comune di Vigevano with KCS admitted, and a few people."""
    with db.transaction() as s:
        comune = f.organization(s, "Comune di Vigevano", LegalForm.MUNICIPALITY)
        kcs = f.organization(s, "Cooperativa Sociale KCS", LegalForm.SOCIAL_ENTERPRISE)
        other = f.organization(s, "Associazione lontana", LegalForm.APS)
        people = {
            "paolo": Person(
                organization=comune, first_name="Paolo", last_name="Ranzani", role="Dirigente"
            ),
            "sara": Person(
                organization=kcs, first_name="Sara", last_name="Invernizzi", role="Coordinatrice"
            ),
            "ugo": Person(organization=other, first_name="Ugo", last_name="Lontano"),
        }
        s.add_all(people.values())
        s.flush()
        ids = {k: p.id for k, p in people.items()} | {"kcs": kcs.id, "comune": comune.id}
    pid = create_process(
        db,
        ProcessForm(
            title="“Punto per Te” – punti di ascolto",
            promoter_id=ids["comune"],
            cup="B21H26000000007",
            rup="Paolo Ranzani",
            status=CoDesignStatus.DECISION.value,
        ),
    )
    create_application(
        db, pid, ApplicationForm(ids["kcs"], TODAY, ApplicationOutcome.ADMITTED.value)
    )
    return pid, ids


def meeting_form(ids: dict[str, int], **kw: object) -> MeetingForm:
    base = MeetingForm(
        held_at=rome_to_utc(TODAY - timedelta(days=2), time(17, 0)),
        place="Casa del Sociale Piccolini",
        agenda="1. Profili di quartiere\n2. Orari dei punti di ascolto",
        minutes="Emergono solitudine degli anziani e difficoltà di accesso ai servizi.",
        decisions="Un’ora di ascolto a settimana per quartiere.",
        attendees=(ids["sara"], ids["paolo"]),
        actions=(
            ActionEntry(
                "Completare i profili di quartiere", "Sara Invernizzi", TODAY + timedelta(days=4)
            ),
            ActionEntry("Stampare i volantini", "Elena Moroni", TODAY - timedelta(days=1)),
        ),
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def test_a_meeting_with_attendees_and_actions(db: Database) -> None:
    pid, ids = setting(db)
    mid = create_meeting(db, pid, meeting_form(ids))
    form, _version = load_meeting(db, mid)
    assert form.attendees == tuple(sorted((ids["sara"], ids["paolo"])))
    assert [a.description for a in form.actions] == [
        "Stampare i volantini",
        "Completare i profili di quartiere",
    ]
    with db.reading() as s:
        rows = s.execute(select(MeetingAttendee.person_id, MeetingAttendee.organization_id))
        bodies = {person: body for person, body in rows}
    assert bodies[ids["sara"]] == ids["kcs"]
    # Home's “what is due” reads the open action items.
    due = dashboard.open_actions(db, TODAY)
    assert [(a.description, a.overdue) for a in due] == [
        ("Stampare i volantini", True),
        ("Completare i profili di quartiere", False),
    ]
    overview = load_overview(db, pid, TODAY)
    assert overview.meetings[0].actions_open == 2 and overview.meetings[0].actions_overdue == 1
    assert [a.overdue for a in overview.open_actions] == [True, False]


def test_editing_keeps_the_action_items_that_stay(db: Database) -> None:
    pid, ids = setting(db)
    mid = create_meeting(db, pid, meeting_form(ids))
    form, version = load_meeting(db, mid)
    kept = form.actions[1]
    changed = replace(
        form,
        attendees=(ids["paolo"],),
        actions=(replace(kept, done=True), ActionEntry("Nuova azione", "Paolo Ranzani")),
    )
    new_version = update_meeting(db, mid, changed, version)
    assert new_version == version + 1
    again, _v = load_meeting(db, mid)
    assert again.attendees == (ids["paolo"],)
    assert [
        (a.id == kept.id, a.done) for a in again.actions if a.description == kept.description
    ] == [(True, True)]
    with pytest.raises(ConflictError):
        update_meeting(db, mid, form, version)
    assert [a.description for a in dashboard.open_actions(db, TODAY)] == ["Nuova azione"]
    deleted = delete_meeting(db, mid, new_version)
    assert all(a.id is None for a in deleted.actions)
    with db.reading() as s:
        assert s.scalars(select(ActionItem)).all() == []
    back = create_meeting(db, pid, deleted)  # what undo does
    restored = load_meeting(db, back)[0]
    assert restored.place == deleted.place and restored.attendees == deleted.attendees
    assert {a.description for a in restored.actions} == {a.description for a in deleted.actions}


def test_validation_of_a_meeting() -> None:
    errors = validate_meeting(MeetingForm(actions=(ActionEntry(" "),)))
    assert {e.field for e in errors} == {"held_at", "actions"}
    assert "Action 1" in next(e.message for e in errors if e.field == "actions")


def test_attendees_offered_are_the_participating_bodies_people(db: Database) -> None:
    pid, ids = setting(db)
    offered = attendee_choices(db, pid)
    assert {c.person_id for c in offered} == {ids["paolo"], ids["sara"]}
    assert all(c.participating for c in offered)
    kept = attendee_choices(db, pid, keep=(ids["ugo"],))
    assert {c.person_id: c.participating for c in kept}[ids["ugo"]] is False
    assert len(attendee_choices(db, pid, everyone=True)) == 3


def test_minutes_drafted_from_the_template(db: Database) -> None:
    pid, ids = setting(db)
    create_meeting(
        db, pid, meeting_form(ids, held_at=rome_to_utc(TODAY - timedelta(days=20), time(17, 0)))
    )
    text = draft_minutes(db, pid, meeting_form(ids))
    assert text.startswith("MINUTES OF CO-DESIGN MEETING NO. 2")
    assert "CUP B21H26000000007" in text
    assert "- Sara Invernizzi, Coordinatrice (Cooperativa Sociale KCS)" in text
    assert "Emergono solitudine degli anziani" in text
    assert "- Completare i profili di quartiere — Sara Invernizzi, by 2026-03-14" in text
    assert "The person responsible (RUP): Paolo Ranzani" in text
    empty = draft_minutes(db, pid, MeetingForm(held_at=rome_to_utc(TODAY)))
    assert "[A summary of the discussion, item by item]" in empty and "None." in empty


def test_indicators_and_measurements(db: Database) -> None:
    pid, _ids = setting(db)
    iid = create_indicator(
        db,
        pid,
        IndicatorForm(
            "Cittadini che hanno ricevuto un servizio", "persone", Decimal(0), Decimal(400)
        ),
    )
    first = create_measurement(
        db, iid, MeasurementForm(TODAY - timedelta(days=60), Decimal(118), "dopo tre mesi")
    )
    second = create_measurement(db, iid, MeasurementForm(TODAY, Decimal(205)))
    [row] = load_overview(db, pid, TODAY).indicators
    assert [m.value for m in row.measurements] == [Decimal(118), Decimal(205)]
    assert row.latest == Decimal(205) and row.progress == Decimal("51.25")
    form, version = load_measurement(db, second)
    update_measurement(db, second, replace(form, measured_on=TODAY - timedelta(days=90)), version)
    [row] = load_overview(db, pid, TODAY).indicators
    assert row.latest == Decimal(118)  # the latest by date
    _form, version = load_measurement(db, first)
    delete_measurement(db, first, version)
    [row] = load_overview(db, pid, TODAY).indicators
    assert row.latest == Decimal(205)
    form, version = load_indicator(db, iid)
    update_indicator(db, iid, replace(form, target=Decimal(500)), version)
    with pytest.raises(ConflictError):
        update_indicator(db, iid, form, version)
    _form, version = load_indicator(db, iid)
    deleted = delete_indicator(db, iid, version)
    assert load_overview(db, pid, TODAY).indicators == ()
    back = restore_indicator(db, pid, deleted)
    [row] = load_overview(db, pid, TODAY).indicators
    assert row.id == back and row.target == Decimal(500) and row.latest == Decimal(205)
    with pytest.raises(ValueError, match="date"):
        create_measurement(db, back, MeasurementForm(None, Decimal(1)))
