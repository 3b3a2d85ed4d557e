"""Creating, editing and deleting calls: validated, versioned, audited, on both backends."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from grantdesk.db.models import AuditEntry, Call, CallRequirement, Deadline, Funder
from grantdesk.domain.dates import rome_to_utc
from grantdesk.domain.vocab import CallStatus, LegalForm
from grantdesk.services.call_editing import (
    CallForm,
    CallInUseError,
    create_call,
    delete_call,
    funder_names,
    load_form,
    update_call,
    validate,
)
from grantdesk.services.editing import ConflictError
from tests.helpers import factories as f


def _form(**kw: object) -> CallForm:
    base = CallForm(
        funder="Fondazione Cariplo",
        title="Welfare di comunità",
        code="WEL-27",
        min_grant=Decimal("10000.00"),
        max_grant=Decimal("150000.00"),
        min_cofinancing_pct=Decimal("20"),
        eligible_forms=[LegalForm.APS.value, LegalForm.ODV.value],
        themes=["anziani", "comunità"],
        attachments=[("Statuto", True), ("Lettere di partenariato", False)],
        recurrence="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=31",
    )
    for key, value in kw.items():
        setattr(base, key, value)
    return base


def _count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _messages(form: CallForm) -> dict[str, str]:
    return {e.field: e.message for e in validate(form)}


def test_a_good_form_has_no_errors() -> None:
    assert validate(_form()) == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "  "}, "title", "The call needs a title."),
        ({"funder": ""}, "funder", "Name the funder that issues the call."),
        ({"min_grant": Decimal("-1")}, "min_grant", "An amount cannot be negative."),
        ({"min_grant": Decimal("200000")}, "max_grant", "The minimum grant is above the maximum."),
        ({"max_grant_pct": Decimal("120")}, "max_grant_pct", "A percentage goes from 0 to 100."),
        (
            {"status": CallStatus.NO_GO.value},
            "no_go_reason",
            "Say why the call is a no-go, so the choice can be reviewed.",
        ),
        (
            {"url": "www.cariplo.it"},
            "url",
            "The address must start with http:// or https:// (no spaces).",
        ),
        (
            {"min_duration_months": 24, "max_duration_months": 12},
            "max_duration_months",
            "The minimum duration is longer than the maximum.",
        ),
        (
            {"attachments": [("Statuto", True), ("statuto", False)]},
            "attachments",
            "An attachment is listed twice.",
        ),
    ],
)
def test_each_problem_is_one_sentence_on_its_field(changes: dict, field: str, message: str) -> None:
    assert _messages(_form(**changes)) == {field: message}


def test_a_bad_recurrence_rule_is_explained() -> None:
    errors = _messages(_form(recurrence="FREQ=SOMETIMES"))
    assert list(errors) == ["recurrence"]
    assert "FREQ=SOMETIMES" in errors["recurrence"]


def test_create_makes_the_funder_themes_and_attachments(db) -> None:  # type: ignore[no-untyped-def]
    call_id = create_call(db, _form(funder="  Fondazione   Nuova "))
    form, version = load_form(db, call_id)
    assert version == 1
    assert form.funder == "Fondazione Nuova"
    assert form.eligible_forms == ["odv", "aps"]  # in the vocabulary's order
    assert form.themes == ["anziani", "comunità"]
    assert form.attachments == [("Statuto", True), ("Lettere di partenariato", False)]
    assert form.min_grant == Decimal("10000.00")
    assert form.min_cofinancing_pct == Decimal("20")
    assert funder_names(db) == ["Fondazione Nuova"]
    with db.reading() as s:
        actions = [
            (a.action, a.entity) for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]
    assert actions == [("create", "funder"), ("create", "call")]


def test_an_existing_funder_is_reused_whatever_its_case(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        f.call(s, "Altro bando", funder="Fondazione Cariplo")
    create_call(db, _form(funder="fondazione cariplo"))
    assert _count(db, Funder) == 1


def test_invalid_forms_are_refused_by_the_service(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="needs a title"):
        create_call(db, _form(title=""))
    assert _count(db, Call) == 0


def test_update_saves_changes_and_moves_the_version(db) -> None:  # type: ignore[no-untyped-def]
    call_id = create_call(db, _form())
    form, version = load_form(db, call_id)
    form.max_grant = Decimal("90000.50")
    form.attachments = [("Lettere di partenariato", True), ("Bilancio", True)]
    form.themes = ["giovani"]
    new_version = update_call(db, call_id, form, version)
    assert new_version > version
    again, again_version = load_form(db, call_id)
    assert again == form
    assert again_version == new_version
    assert _count(db, CallRequirement) == 2
    with db.reading() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "update")).one()
    assert audit.summary == "changed max_grant, themes, attachments"


def test_only_attachments_changing_still_moves_the_version(db) -> None:  # type: ignore[no-untyped-def]
    call_id = create_call(db, _form())
    form, version = load_form(db, call_id)
    form.attachments = [("Statuto", False)]
    assert update_call(db, call_id, form, version) > version


def test_saving_an_unchanged_form_writes_nothing(db) -> None:  # type: ignore[no-untyped-def]
    call_id = create_call(db, _form())
    form, version = load_form(db, call_id)
    assert update_call(db, call_id, form, version) == version
    assert _count(db, AuditEntry) == 2


def test_a_stale_version_is_refused(db) -> None:  # type: ignore[no-untyped-def]
    call_id = create_call(db, _form())
    form, version = load_form(db, call_id)
    with db.transaction() as s:
        s.get(Call, call_id).territory = "Milano"  # another desk
    form.title = "Mine"
    with pytest.raises(ConflictError):
        update_call(db, call_id, form, version)
    assert load_form(db, call_id)[0].title == "Welfare di comunità"


def test_delete_takes_deadlines_and_attachments_and_the_form_brings_them_back(db) -> None:  # type: ignore[no-untyped-def]
    call_id = create_call(db, _form())
    with db.transaction() as s:
        f.deadline(s, s.get(Call, call_id), date(2027, 3, 31), stage="Fase 1", notes="PEC")
    form, version = load_form(db, call_id)
    assert delete_call(db, call_id, version) == 1
    assert _count(db, Call) == _count(db, Deadline) == _count(db, CallRequirement) == 0
    restored = create_call(db, form)
    with db.reading() as s:
        deadline = s.scalars(select(Deadline)).one()
    assert deadline.call_id == restored
    assert deadline.due_at == rome_to_utc(date(2027, 3, 31), time(12, 0))
    assert (deadline.stage, deadline.notes) == ("Fase 1", "PEC")


def test_delete_is_refused_while_proposals_refer_to_the_call(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        c = f.call(s, "Bando usato")
        f.proposal(s, "Proposta A", c, None)
        f.proposal(s, "Proposta B", c, None)
        call_id, version = c.id, c.version
    with pytest.raises(CallInUseError) as refused:
        delete_call(db, call_id, version)
    assert str(refused.value) == (
        "“Bando usato” cannot be deleted: 2 proposals refer to it. "
        "Move or delete those proposals first."
    )
    assert _count(db, Call) == 1
    assert _count(db, AuditEntry) == 0


def test_delete_checks_the_version(db) -> None:  # type: ignore[no-untyped-def]
    call_id = create_call(db, _form())
    with pytest.raises(ConflictError):
        delete_call(db, call_id, 99)
    assert _count(db, Call) == 1
