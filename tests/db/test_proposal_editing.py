"""Creating, editing, moving along the pipeline, deleting and duplicating proposals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from grantdesk.db.models import (
    Attachment,
    AuditEntry,
    BudgetLine,
    Call,
    CallRequirement,
    CallRule,
    Deadline,
    Indicator,
    IndicatorMeasurement,
    Proposal,
    ProposalSection,
)
from grantdesk.domain.vocab import AttachmentState, FundingSource, ProposalStatus
from grantdesk.services.details import RecordNotFoundError
from grantdesk.services.editing import ConflictError
from grantdesk.services.proposal_editing import (
    DEFAULT_SECTIONS,
    ProposalForm,
    StatusDataError,
    change_status,
    create_proposal,
    delete_proposal,
    duplicate_proposal,
    find_calls,
    load_form,
    proposal_usage,
    restore_proposal,
    status_problems,
    update_proposal,
    validate,
)
from grantdesk.services.proposal_parts import (
    ActivityEntry,
    load_parts,
    save_activities,
)
from tests.helpers import factories as f


def _count(db: Any, model: Any) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _call(db: Any, **kw: Any) -> int:
    with db.transaction() as s:
        call = f.call(s, "Welfare di comunità 2027", code="WEL-27", **kw)
        call.requirements = [
            CallRequirement(position=1, name="Statuto del capofila", document_kind="statute"),
            CallRequirement(position=2, name="Lettere di partenariato", mandatory=False),
        ]
        s.flush()
        return call.id


def _messages(form: ProposalForm, latest: int = 0) -> dict[str, str]:
    return {e.field: e.message for e in validate(form, latest)}


def test_a_new_proposal_takes_the_default_sections_and_the_calls_checklist(db: Any) -> None:
    call_id = _call(db)
    with db.transaction() as s:
        lead = f.organization(s, "Banca del Tempo “Ore Preziose” APS").id
    pid = create_proposal(db, ProposalForm(title="  Anziani connessi ", call_id=call_id), lead)
    parts = load_parts(db, pid)
    assert [s.title for s in parts.sections] == list(DEFAULT_SECTIONS)
    assert parts.sections[0].title == "Contesto e bisogni"
    assert [(c.name, c.state, c.requirement_id is not None) for c in parts.checklist] == [
        ("Statuto del capofila", "missing", True),
        ("Lettere di partenariato", "missing", True),
    ]
    assert parts.members[0].name == "Banca del Tempo “Ore Preziose” APS"
    form, version = load_form(db, pid)
    assert form.title == "Anziani connessi"
    assert form.status == "idea"
    assert version == 1
    with db.reading() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "proposal")).one()
        assert entry.action == "create"


def test_a_calls_section_template_replaces_the_default(db: Any) -> None:
    call_id = _call(db)
    with db.transaction() as s:
        s.add(
            CallRule(
                call_id=call_id,
                kind="section_template",
                params={"sections": ["Analisi del contesto", " Piano  delle attività ", ""]},
            )
        )
    pid = create_proposal(db, ProposalForm(title="Rete", call_id=call_id))
    assert [s.title for s in load_parts(db, pid).sections] == [
        "Analisi del contesto",
        "Piano delle attività",
    ]


def test_without_a_call_there_is_no_checklist(db: Any) -> None:
    pid = create_proposal(db, ProposalForm(title="Idea senza bando"))
    parts = load_parts(db, pid)
    assert parts.checklist == ()
    assert len(parts.sections) == 7


@pytest.mark.parametrize(
    ("changes", "latest", "field", "message"),
    [
        ({"title": " "}, 0, "title", "The proposal needs a title."),
        ({"acronym": "X" * 41}, 0, "acronym", "Keep this under 40 characters."),
        ({"duration_months": 0}, 0, "duration_months", "A duration goes from 1 to 120 months."),
        (
            {"duration_months": 12},
            18,
            "duration_months",
            "An activity runs until month 18: the duration cannot be shorter "
            "(move the activity first).",
        ),
        (
            {"status": "submitted"},
            0,
            "submitted_on",
            "“Submitted” needs the day the proposal was submitted.",
        ),
        (
            {"status": "awarded", "decided_on": date(2027, 1, 10)},
            0,
            "awarded_amount",
            "“Awarded” needs the amount the funder awarded.",
        ),
        (
            {"status": "rejected"},
            0,
            "decided_on",
            "“Rejected” needs the day of the funder's decision.",
        ),
        (
            {"submitted_on": date(2027, 3, 1), "decided_on": date(2027, 2, 1)},
            0,
            "decided_on",
            "The decision cannot come before the submission.",
        ),
        ({"awarded_amount": Decimal("-1")}, 0, "awarded_amount", "An amount cannot be negative."),
    ],
)
def test_each_problem_is_one_sentence_on_its_field(
    changes: dict[str, Any], latest: int, field: str, message: str
) -> None:
    form = ProposalForm(title="Rete")
    for key, value in changes.items():
        setattr(form, key, value)
    assert _messages(form, latest)[field] == message


def test_status_problems_name_every_missing_field() -> None:
    assert set(status_problems("awarded", None, None, None)) == {"decided_on", "awarded_amount"}
    assert status_problems("withdrawn", None, None, None) == {}
    assert status_problems("drafting", None, None, None) == {}


def test_update_is_versioned_and_refuses_a_stale_copy(db: Any) -> None:
    call_id = _call(db)
    pid = create_proposal(db, ProposalForm(title="Rete"))
    form, version = load_form(db, pid)
    form.call_id = call_id
    form.acronym = "RETE"
    form.duration_months = 24
    new_version = update_proposal(db, pid, form, version)
    assert new_version == version + 1
    assert load_form(db, pid)[0].acronym == "RETE"
    with db.reading() as s:
        assert s.get(Proposal, pid).search_text.count("welfare") == 1  # the call's title
    with pytest.raises(ConflictError):
        update_proposal(db, pid, form, version)
    # Nothing changed: the version stays.
    assert update_proposal(db, pid, form, new_version) == new_version


def test_the_duration_cannot_end_before_an_activity(db: Any) -> None:
    pid = create_proposal(db, ProposalForm(title="Rete", duration_months=24))
    save_activities(db, pid, [ActivityEntry("Ascolto", start_month=3, end_month=20)])
    form, version = load_form(db, pid)
    form.duration_months = 12
    with pytest.raises(ValueError, match="until month 20"):
        update_proposal(db, pid, form, version)


def test_a_status_that_needs_a_date_is_refused_with_the_sentence(db: Any) -> None:
    pid = create_proposal(db, ProposalForm(title="Rete"))
    version = load_form(db, pid)[1]
    with pytest.raises(StatusDataError) as refused:
        change_status(db, pid, "submitted", version)
    assert str(refused.value) == "“Submitted” needs the day the proposal was submitted."
    assert load_form(db, pid)[0].status == "idea"
    version = change_status(db, pid, "submitted", version, submitted_on=date(2027, 3, 31))
    with pytest.raises(StatusDataError, match="amount the funder awarded"):
        change_status(db, pid, "awarded", version, decided_on=date(2027, 6, 1))
    version = change_status(
        db,
        pid,
        "awarded",
        version,
        decided_on=date(2027, 6, 1),
        awarded_amount=Decimal("48000.50"),
    )
    form = load_form(db, pid)[0]
    assert (form.status, form.submitted_on, form.awarded_amount) == (
        "awarded",
        date(2027, 3, 31),
        Decimal("48000.50"),
    )
    with db.reading() as s:
        actions = s.scalars(
            select(AuditEntry.summary).where(AuditEntry.action == "status").order_by(AuditEntry.id)
        ).all()
    assert actions == ["idea → submitted", "submitted → awarded"]


def test_undo_may_put_back_a_status_without_its_data(db: Any) -> None:
    with db.transaction() as s:
        pid = f.proposal(s, "Vecchia", None, None, status=ProposalStatus.SUBMITTED).id
    form, version = load_form(db, pid)
    form.title = "Vecchia pratica"
    with pytest.raises(StatusDataError):
        update_proposal(db, pid, form, version)
    assert update_proposal(db, pid, form, version, restoring=True) == version + 1


def _full_proposal(db: Any) -> int:
    call_id = _call(db)
    with db.transaction() as s:
        lead = f.organization(s, "Cooperativa Sociale KCS")
        partner = f.organization(s, "Argento Vivo ODV")
        p = f.proposal(
            s,
            "Punto per Te 2026",
            s.get(Call, call_id),
            lead,
            lines=[("personnel", "100", "25.50", FundingSource.REQUESTED_GRANT)],
            partners=[partner],
            status=ProposalStatus.AWARDED,
            start_on=date(2026, 6, 1),
            duration_months=24,
            submitted_on=date(2026, 3, 1),
            decided_on=date(2026, 5, 1),
            awarded_amount=Decimal("2550"),
            strengths="Rete già attiva",
        )
        p.sections = [ProposalSection(position=1, title="Contesto", body="Due quartieri")]
        p.indicators = [
            Indicator(
                position=1,
                name="Persone ascoltate",
                unit="persone",
                baseline=Decimal(0),
                target=Decimal(300),
                actual=Decimal(120),
                measurements=[
                    IndicatorMeasurement(measured_on=date(2026, 9, 1), value=Decimal(120))
                ],
            )
        ]
        p.attachments = [
            Attachment(
                name="Statuto del capofila",
                state=AttachmentState.ATTACHED,
                file_path="allegati/statuto.pdf",
                file_name="statuto.pdf",
            )
        ]
        f.deadline(s, None, date(2026, 12, 1), proposal_id=p.id, stage="Relazione intermedia")
        return p.id


def test_duplicating_starts_next_years_edition(db: Any) -> None:
    pid = _full_proposal(db)
    save_activities(db, pid, [ActivityEntry("Sportello", start_month=1, end_month=24)])
    copy = duplicate_proposal(db, pid, "  Punto per Te 2027 ")
    form = load_form(db, copy)[0]
    assert form.title == "Punto per Te 2027"
    assert (form.status, form.start_on, form.submitted_on, form.decided_on) == (
        "idea",
        None,
        None,
        None,
    )
    assert form.awarded_amount is None
    assert form.duration_months == 24
    parts = load_parts(db, copy)
    assert [m.name for m in parts.members] == ["Cooperativa Sociale KCS", "Argento Vivo ODV"]
    assert [s.body for s in parts.sections] == ["Due quartieri"]
    assert [(a.title, a.end_month) for a in parts.activities] == [("Sportello", 24)]
    assert [(i.name, i.target, i.actual) for i in parts.indicators] == [
        ("Persone ascoltate", Decimal(300), None)
    ]
    assert [(c.name, c.state, c.file_path) for c in parts.checklist] == [
        ("Statuto del capofila", "missing", "")
    ]
    assert parts.swot.strengths == "Rete già attiva"
    with db.reading() as s:
        lines = s.scalars(select(BudgetLine).where(BudgetLine.proposal_id == copy)).all()
        assert [(line.quantity, line.unit_cost) for line in lines] == [
            (Decimal(100), Decimal("25.50"))
        ]
        assert s.scalar(select(func.count()).where(Deadline.proposal_id == copy)) == 0
    with pytest.raises(ValueError, match="needs a title"):
        duplicate_proposal(db, pid, "   ")


def test_deleting_keeps_a_snapshot_that_brings_everything_back(db: Any) -> None:
    pid = _full_proposal(db)
    usage = proposal_usage(db, pid)
    assert (usage.partners, usage.budget_lines, usage.deadlines, usage.sections) == (1, 1, 1, 1)
    version = load_form(db, pid)[1]
    with pytest.raises(ConflictError):
        delete_proposal(db, pid, version + 1)
    snapshot = delete_proposal(db, pid, version)
    assert _count(db, Proposal) == 0
    assert _count(db, Deadline) == 0
    assert _count(db, IndicatorMeasurement) == 0
    with pytest.raises(RecordNotFoundError):
        load_form(db, pid)
    back = restore_proposal(db, snapshot)  # SQLite may give the same id again
    form = load_form(db, back)[0]
    assert (form.title, form.status, form.awarded_amount) == (
        "Punto per Te 2026",
        "awarded",
        Decimal("2550.00"),
    )
    parts = load_parts(db, back)
    assert [c.file_path for c in parts.checklist] == ["allegati/statuto.pdf"]
    assert parts.indicators[0].actual == Decimal(120)
    assert (_count(db, Deadline), _count(db, IndicatorMeasurement), _count(db, BudgetLine)) == (
        1,
        1,
        1,
    )


def test_find_calls_searches_like_the_calls_list(db: Any) -> None:
    _call(db)
    with db.transaction() as s:
        f.call(s, "Giovani e università", funder="Fondazione di Comunità")
    assert [c.title for c in find_calls(db, "universita")] == ["Giovani e università"]
    assert len(find_calls(db)) == 2
    assert find_calls(db, "WEL-27")[0].funder == "Fondazione Cariplo"
