"""Co-design processes: editing, step deadlines, applications, commitments, undoing a delete."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from grantdesk.db.models import (
    AuditEntry,
    CoDesignProcess,
    Deadline,
    OrganizationDocument,
    Person,
)
from grantdesk.domain.dates import rome_to_utc
from grantdesk.domain.vocab import ApplicationOutcome, CoDesignStatus, CommitmentKind, LegalForm
from grantdesk.services import dashboard
from grantdesk.services.codesign_editing import (
    ProcessForm,
    create_process,
    delete_process,
    load_form,
    restore_process,
    update_process,
    validate,
    warnings,
)
from grantdesk.services.codesign_meetings import ActionEntry, MeetingForm, create_meeting
from grantdesk.services.codesign_monitoring import (
    IndicatorForm,
    MeasurementForm,
    create_indicator,
    create_measurement,
)
from grantdesk.services.codesign_parts import (
    ApplicationForm,
    CommitmentForm,
    create_application,
    create_commitment,
    delete_application,
    delete_commitment,
    load_application,
    load_commitment,
    parse_number,
    update_application,
    update_commitment,
)
from grantdesk.services.codesign_reading import load_overview
from grantdesk.services.codesign_steps import STEP_MARKER
from grantdesk.services.database import Database
from grantdesk.services.details import RecordNotFoundError
from grantdesk.services.editing import ConflictError
from grantdesk.services.reminders import due_reminders
from tests.helpers import factories as f

TODAY = date(2026, 3, 10)


def bodies(db: Database) -> dict[str, int]:
    with db.transaction() as s:
        made = {
            "union": f.organization(s, "Unione Reno Galliera", LegalForm.PUBLIC_BODY),
            "odv": f.organization(s, "Diritti al Cuore ODV", LegalForm.ODV, runts_number="123"),
            "coop": f.organization(s, "Accanto Cooperativa Sociale", LegalForm.SOCIAL_ENTERPRISE),
            "unions": f.organization(s, "Coordinamento sindacale", LegalForm.OTHER),
        }
        s.add(Person(organization=made["union"], first_name="Elena", last_name="Martelli"))
        s.add(Person(organization=made["odv"], first_name="Lucia", last_name="Mazzoni"))
        s.flush()
        return {k: v.id for k, v in made.items()}


def process_form(promoter: int, **kw: Any) -> ProcessForm:
    values: dict[str, Any] = {
        "title": "Accordo operativo contro la povertà",
        "promoter_id": promoter,
        "cup": "c44 d26 000000001",
        "rup": "Elena Martelli",
        "budget": Decimal("480000.00"),
        "duration_months": 36,
        "themes": ["povertà", "co-progettazione"],
        "status": CoDesignStatus.APPLICATIONS.value,
        "decided_on": TODAY - timedelta(days=40),
        "notice_published_on": TODAY - timedelta(days=10),
        "applications_due_at": rome_to_utc(TODAY + timedelta(days=12), time(12, 0)),
    }
    values.update(kw)
    return ProcessForm(**values)


def step_deadlines(db: Database, process_id: int) -> dict[str, Deadline]:
    with db.reading() as s:
        rows = s.scalars(select(Deadline).where(Deadline.codesign_id == process_id)).all()
        return {
            d.notes[len(STEP_MARKER) :]: d for d in rows if (d.notes or "").startswith(STEP_MARKER)
        }


# -- the process ------------------------------------------------------------------------------


def test_create_and_read_back(db: Database) -> None:
    ids = bodies(db)
    pid = create_process(db, process_form(ids["union"]))
    form, version = load_form(db, pid)
    assert form.cup == "C44D26000000001"
    assert form.themes == ["co-progettazione", "povertà"]
    assert form.budget == Decimal("480000.00") and version == 1
    with db.reading() as s:
        process = s.get(CoDesignProcess, pid)
        assert process is not None and "reno galliera" in process.search_text
        assert (
            s.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.entity_id == pid)
            )
            == 1
        )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "  "}, "title"),
        ({"promoter_id": None}, "promoter_id"),
        ({"cup": "C44D2600000000"}, "cup"),
        ({"budget": Decimal("-1")}, "budget"),
        ({"duration_months": 0}, "duration_months"),
        ({"notice_published_on": None}, "notice_published_on"),
        ({"applications_due_at": None}, "applications_due_at"),
        ({"status": CoDesignStatus.APPROVAL.value}, "approved_on"),
        ({"decided_on": TODAY}, "notice_published_on"),
        ({"status": "nowhere"}, "status"),
    ],
)
def test_validation_names_the_field(change: dict[str, Any], field: str) -> None:
    errors = validate(process_form(1, **change))
    assert field in [e.field for e in errors]


def test_refused_when_a_step_lacks_its_date(db: Database) -> None:
    ids = bodies(db)
    with pytest.raises(ValueError, match="approval act"):
        create_process(db, process_form(ids["union"], status=CoDesignStatus.APPROVAL.value))


def test_warnings_short_notice_cup_year_and_open_points() -> None:
    from grantdesk.services.codesign_editing import RecordCounts

    form = process_form(
        1,
        cup="C44D25000000001",
        notice_published_on=TODAY,
        applications_due_at=rome_to_utc(TODAY + timedelta(days=9)),
        status=CoDesignStatus.TABLES.value,
    )
    found = " ".join(warnings(form, RecordCounts(applications=2, pending=2)))
    assert "open 9 days" in found
    assert "2025" in found and "2026" in found
    assert "2 applications still to admit or exclude" in found


def test_stale_save_is_refused(db: Database) -> None:
    ids = bodies(db)
    pid = create_process(db, process_form(ids["union"]))
    form, version = load_form(db, pid)
    assert update_process(db, pid, replace(form, rup="Roberto Guidi"), version) == version + 1
    with pytest.raises(ConflictError):
        update_process(db, pid, replace(form, rup="Paola Benassi"), version)
    assert update_process(db, pid, replace(form, rup="Roberto Guidi"), version + 1) == version + 1


def test_step_dates_feed_the_calendar_and_reminders(db: Database) -> None:
    ids = bodies(db)
    pid = create_process(db, process_form(ids["union"]))
    steps = step_deadlines(db, pid)
    assert set(steps) == {"decision", "notice_published", "applications"}
    assert steps["decision"].done and steps["notice_published"].done
    closing = steps["applications"]
    assert not closing.done and closing.owner == "Elena Martelli"
    assert closing.stage == "Co-design: applications close"
    shown = dashboard.deadlines_between(db, TODAY, TODAY + timedelta(days=30), TODAY)
    assert [(i.codesign_id, i.title) for i in shown] == [
        (pid, "Accordo operativo contro la povertà")
    ]
    reminders = due_reminders(db, TODAY + timedelta(days=9))
    assert [r.stage for r in reminders] == ["Co-design: applications close"]


def test_moving_removing_and_reaching_steps(db: Database) -> None:
    ids = bodies(db)
    pid = create_process(db, process_form(ids["union"]))
    with db.transaction() as s:  # the user's own deadline of the process stays untouched
        s.add(
            Deadline(
                codesign_id=pid,
                kind="report",
                stage="Relazione semestrale",
                due_at=rome_to_utc(TODAY + timedelta(days=90)),
            )
        )
    form, version = load_form(db, pid)
    first_id = step_deadlines(db, pid)["applications"].id
    later = rome_to_utc(TODAY + timedelta(days=20), time(13, 0))
    version = update_process(db, pid, replace(form, applications_due_at=later), version)
    moved = step_deadlines(db, pid)["applications"]
    assert moved.id == first_id and moved.due_at == later and not moved.done
    form = replace(
        form,
        applications_due_at=later,
        decided_on=None,
        status=CoDesignStatus.EVALUATION.value,
        approved_on=TODAY + timedelta(days=60),
    )
    version = update_process(db, pid, form, version)
    steps = step_deadlines(db, pid)
    assert "decision" not in steps
    assert steps["applications"].done  # evaluation began
    assert not steps["approval"].done  # a date ahead, not reached yet
    with db.reading() as s:
        assert (
            s.scalar(
                select(func.count())
                .select_from(Deadline)
                .where(Deadline.stage == "Relazione semestrale")
            )
            == 1
        )


def test_delete_and_restore_brings_everything_back(db: Database) -> None:
    ids = bodies(db)
    pid = create_process(db, process_form(ids["union"], status=CoDesignStatus.DECISION.value))
    create_application(
        db, pid, ApplicationForm(ids["odv"], TODAY, ApplicationOutcome.ADMITTED.value)
    )
    create_commitment(
        db,
        pid,
        CommitmentForm(ids["odv"], "volunteer_hours", "Ascolto", Decimal(1200), "ore", Decimal(15)),
    )
    with db.reading() as s:
        elena = s.scalars(select(Person.id).where(Person.last_name == "Martelli")).one()
    create_meeting(
        db,
        pid,
        MeetingForm(
            rome_to_utc(TODAY, time(10, 0)),
            "Sala consiliare",
            attendees=(elena,),
            actions=(ActionEntry("Inviare la scheda", "Roberto Guidi", TODAY + timedelta(days=3)),),
        ),
    )
    indicator = create_indicator(
        db, pid, IndicatorForm("Nuclei intercettati", "nuclei", Decimal(0), Decimal(250))
    )
    create_measurement(db, indicator, MeasurementForm(TODAY, Decimal(64), "primo dato"))
    with db.transaction() as s:
        proposal = f.proposal(s, "Budget di Salute", None, None)
        proposal.codesign_id = pid
        proposal_id = proposal.id
    before = load_overview(db, pid, TODAY)
    snapshot = delete_process(db, pid, before.version)
    with pytest.raises(RecordNotFoundError):
        load_form(db, pid)
    assert step_deadlines(db, pid) == {}
    new_id = restore_process(db, snapshot)
    after = load_overview(db, new_id, TODAY)
    assert after.form == before.form
    assert after.counts == before.counts
    assert after.totals.total == before.totals.total == Decimal("18000.00")
    assert [i.latest for i in after.indicators] == [Decimal(64)]
    assert [a.description for a in after.open_actions] == ["Inviare la scheda"]
    assert after.proposals == ((proposal_id, "Budget di Salute"),)
    assert set(step_deadlines(db, new_id)) == {"decision", "notice_published", "applications"}


# -- applications -------------------------------------------------------------------------------


def test_applications_admit_exclude_and_papers(db: Database) -> None:
    ids = bodies(db)
    pid = create_process(db, process_form(ids["union"]))
    with db.transaction() as s:
        s.add(
            OrganizationDocument(
                organization_id=ids["coop"],
                kind="insurance",
                title="Polizza volontari",
                expires_on=TODAY - timedelta(days=2),
            )
        )
    odv = create_application(db, pid, ApplicationForm(ids["odv"], TODAY))
    coop = create_application(db, pid, ApplicationForm(ids["coop"], TODAY))
    with pytest.raises(ValueError, match="already applied"):
        create_application(db, pid, ApplicationForm(ids["odv"], TODAY))
    form, version = load_application(db, odv)
    update_application(db, odv, replace(form, outcome=ApplicationOutcome.ADMITTED.value), version)
    form, version = load_application(db, coop)
    excluded = replace(form, outcome=ApplicationOutcome.EXCLUDED.value)
    with pytest.raises(ValueError, match="Say why"):
        update_application(db, coop, excluded, version)
    update_application(
        db, coop, replace(excluded, exclusion_reason="Nessuna sede nel territorio"), version
    )
    with pytest.raises(ConflictError):
        update_application(db, coop, form, version)
    overview = load_overview(db, pid, TODAY)
    rows = {a.body: a for a in overview.applications}
    assert rows["Diritti al Cuore ODV"].outcome is ApplicationOutcome.ADMITTED
    assert rows["Accanto Cooperativa Sociale"].reason == "Nessuna sede nel territorio"
    papers = " ".join(rows["Accanto Cooperativa Sociale"].warnings)
    assert "RUNTS" in papers and "Statute: none on file." in papers and "expired on" in papers
    assert rows["Diritti al Cuore ODV"].warnings == ("Statute: none on file.",)
    assert overview.counts.admitted == 1 and overview.counts.pending == 0
    _form, version = load_application(db, odv)
    gone = delete_application(db, odv, version)
    assert gone.organization_id == ids["odv"]
    assert len(load_overview(db, pid, TODAY).applications) == 1


# -- commitments ----------------------------------------------------------------------------------


def test_commitments_are_valued_and_added_up(db: Database) -> None:
    ids = bodies(db)
    pid = create_process(db, process_form(ids["union"]))
    money = create_commitment(
        db,
        pid,
        CommitmentForm(
            ids["union"], "money", "Quota dell’Unione", Decimal(1), "", Decimal("120000")
        ),
    )
    hours = create_commitment(
        db,
        pid,
        CommitmentForm(
            ids["odv"], "volunteer_hours", "Ascolto", Decimal("37.5"), "ore", Decimal("15.33")
        ),
    )
    create_commitment(
        db,
        pid,
        CommitmentForm(
            ids["unions"], "services", "Sportello", Decimal(48), "aperture", Decimal(80)
        ),
    )
    with pytest.raises(ValueError, match="more than zero"):
        create_commitment(
            db, pid, CommitmentForm(ids["odv"], "goods", "", Decimal(0), "", Decimal(1))
        )
    totals = load_overview(db, pid, TODAY).totals
    assert totals.by_body[ids["odv"]] == Decimal("574.88")  # 37,5 × 15,33 = 574,875 → 574,88
    assert totals.total == Decimal("124414.88")
    assert totals.by_kind[CommitmentKind.MONEY] == Decimal("120000.00")
    form, version = load_commitment(db, hours)
    update_commitment(db, hours, replace(form, quantity=Decimal(40)), version)
    with pytest.raises(ConflictError):
        update_commitment(db, hours, form, version)
    _form, version = load_commitment(db, money)
    delete_commitment(db, money, version)
    totals = load_overview(db, pid, TODAY).totals
    assert totals.total == Decimal("613.20") + Decimal("3840.00")
    assert totals.public_share == 0


@pytest.mark.parametrize(
    ("text", "value"),
    [("12,5", "12.5"), ("1.234,125", "1234.125"), ("1.200", "1200"), ("3", "3"), ("0,5", "0.5")],
)
def test_numbers_typed_the_italian_way(text: str, value: str) -> None:
    from grantdesk.i18n import set_language

    set_language("it")
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "12,3456", "1.23.4"])
def test_unreadable_numbers_say_so(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


def test_gone_records_say_so(db: Database) -> None:
    with pytest.raises(RecordNotFoundError):
        load_application(db, 999)
    with pytest.raises(RecordNotFoundError):
        create_commitment(db, 999, CommitmentForm(1, "money", "", Decimal(1), "", Decimal(1)))


def test_datetime_of_deadlines_is_aware(db: Database) -> None:
    ids = bodies(db)
    pid = create_process(db, process_form(ids["union"]))
    assert all(
        isinstance(d.due_at, datetime) and d.due_at.tzinfo for d in step_deadlines(db, pid).values()
    )
