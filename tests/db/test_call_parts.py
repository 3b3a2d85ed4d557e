"""A call's deadlines and category caps saved through the call editor's form, both backends."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from decimal import Decimal

import pytest
from sqlalchemy import select

from grantdesk.db.models import Call, CallRule, Deadline
from grantdesk.domain.dates import rome_to_utc
from grantdesk.services.call_editing import (
    CallForm,
    create_call,
    load_form,
    update_call,
)
from grantdesk.services.call_parts import CapEntry, DeadlineEntry
from tests.helpers import factories as f


def _form(**kw: object) -> CallForm:
    base = CallForm(funder="Fondazione Cariplo", title="Welfare di comunità")
    for key, value in kw.items():
        setattr(base, key, value)
    return base


APPLICATION = DeadlineEntry(
    kind="application", day=date(2027, 3, 31), at=time(17, 0), stage="Domanda", owner="Giulia"
)
REVIEW = DeadlineEntry(
    kind="internal", day=date(2027, 3, 26), stage="Revisione interna", reminder_days=(2,)
)


def test_deadlines_are_saved_in_rome_time_and_read_back_in_date_order(db) -> None:  # type: ignore[no-untyped-def]
    call_id = create_call(db, _form(deadlines=[APPLICATION, REVIEW]))
    form, _version = load_form(db, call_id)
    assert [(d.stage, d.day, d.at) for d in form.deadlines] == [
        ("Revisione interna", date(2027, 3, 26), time(12, 0)),
        ("Domanda", date(2027, 3, 31), time(17, 0)),
    ]
    assert all(d.id is not None for d in form.deadlines)
    with db.reading() as s:
        stored = s.scalars(select(Deadline).where(Deadline.stage == "Domanda")).one()
        # 31 March 2027 is summer time: 17:00 in Rome is 15:00 UTC.
        assert stored.due_at == rome_to_utc(date(2027, 3, 31), time(17, 0))
        assert stored.due_at.hour == 15
        assert (stored.owner, stored.reminder_days) == ("Giulia", [14, 3])


def test_editing_keeps_unchanged_deadlines_and_their_notes(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        c = f.call(s, "Bando")
        kept = f.deadline(s, c, date(2027, 1, 15), stage="Prima fase", notes="Inviare via PEC")
        gone = f.deadline(s, c, date(2027, 6, 15), stage="Seconda fase")
        call_id, kept_id, gone_id = c.id, kept.id, gone.id
    form, version = load_form(db, call_id)
    first = replace(form.deadlines[0], owner="Marco", done=True)
    form.deadlines = [first, REVIEW]
    update_call(db, call_id, form, version)
    with db.reading() as s:
        rows = {d.stage: d for d in s.scalars(select(Deadline))}
        assert set(rows) == {"Prima fase", "Revisione interna"}
        assert rows["Prima fase"].id == kept_id
        assert (rows["Prima fase"].owner, rows["Prima fase"].done) == ("Marco", True)
        assert rows["Prima fase"].notes == "Inviare via PEC"
        assert s.get(Deadline, gone_id) is None


def test_changing_only_a_deadline_moves_the_call_version_on(db) -> None:  # type: ignore[no-untyped-def]
    call_id = create_call(db, _form(deadlines=[APPLICATION]))
    form, version = load_form(db, call_id)
    form.deadlines = [replace(form.deadlines[0], at=time(12, 0))]
    assert update_call(db, call_id, form, version) > version


def test_a_deadline_whose_row_was_deleted_meanwhile_comes_back(db) -> None:  # type: ignore[no-untyped-def]
    """Undoing an edit that removed a deadline: the form names an id that is gone."""
    call_id = create_call(db, _form(deadlines=[APPLICATION]))
    before, version = load_form(db, call_id)
    after = replace(before, deadlines=[])
    version = update_call(db, call_id, after, version)
    assert load_form(db, call_id)[0].deadlines == []
    update_call(db, call_id, before, version)
    back = load_form(db, call_id)[0].deadlines
    assert [(d.stage, d.day, d.at, d.owner) for d in back] == [
        ("Domanda", date(2027, 3, 31), time(17, 0), "Giulia")
    ]


def test_category_caps_are_saved_and_other_rules_are_left_alone(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        c = f.call(s, "Bando")
        c.rules = [
            CallRule(kind="fundraising_target", limit_pct=Decimal("15"), params={}),
            CallRule(kind="category_cap", scope="coordination", limit_pct=Decimal("10")),
        ]
        call_id = c.id
    form, version = load_form(db, call_id)
    assert form.caps == [CapEntry("coordination", Decimal("10.00"), None, "")]
    form.caps = [
        CapEntry("Coordination", Decimal("8")),
        CapEntry("equipment", Decimal("15"), Decimal("30000.00"), "Attrezzature ≤ 15 %"),
    ]
    update_call(db, call_id, form, version)
    with db.reading() as s:
        rules = {(r.kind, r.scope): r for r in s.scalars(select(CallRule))}
    assert set(rules) == {
        ("fundraising_target", None),
        ("category_cap", "coordination"),
        ("category_cap", "equipment"),
    }
    assert rules[("category_cap", "coordination")].limit_pct == Decimal("8")
    assert rules[("category_cap", "equipment")].limit_amount == Decimal("30000.00")
    form, version = load_form(db, call_id)
    form.caps = []
    update_call(db, call_id, form, version)
    with db.reading() as s:
        assert [r.kind for r in s.scalars(select(CallRule))] == ["fundraising_target"]


def test_invalid_deadlines_or_caps_are_refused_before_writing(db) -> None:  # type: ignore[no-untyped-def]
    twice = _form(deadlines=[APPLICATION, APPLICATION])
    with pytest.raises(ValueError, match="Row 2: the same deadline is listed twice"):
        create_call(db, twice)
    no_limit = _form(caps=[CapEntry("Personale")])
    with pytest.raises(ValueError, match="Row 1: give a percentage, an amount or both"):
        create_call(db, no_limit)
    with db.reading() as s:
        assert s.scalars(select(Call)).first() is None
