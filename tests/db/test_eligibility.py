"""Eligibility on a real database (each backend): the small demo, the open-date rule on
deadlines, one query for the calls, and the large demo scaled down."""

from __future__ import annotations

import datetime
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from grantdesk.db.models import Call, Organization
from grantdesk.domain.eligibility import ReasonCode
from grantdesk.domain.vocab import CallStatus, DeadlineKind, LegalForm
from grantdesk.i18n import set_language
from grantdesk.services.database import Database
from grantdesk.services.demo import load_demo
from grantdesk.services.eligibility import (
    CallEligibility,
    UnknownOrganizationError,
    eligible_call_ids,
    eligible_calls,
)
from tests.helpers import factories as f

TODAY = datetime.date(2026, 5, 10)


def _ids(db: Database, model: type, name_start: str) -> int:
    with db.reading() as s:
        column = model.name if model is Organization else model.title  # type: ignore[attr-defined]
        return int(s.scalars(select(model.id).where(column.startswith(name_start))).one())  # type: ignore[attr-defined]


def _by_id(items: list[CallEligibility]) -> dict[int, CallEligibility]:
    return {c.call_id: c for c in items}


@pytest.fixture
def demo(db: Database) -> Database:
    load_demo(db, "small", today=TODAY)
    return db


def test_a_parish_is_excluded_from_an_odv_aps_call(demo: Database) -> None:
    parish = _ids(demo, Organization, "Parrocchia")
    tempo = _ids(demo, Call, "Bando “Tempo che conta”")
    found = _by_id(eligible_calls(demo, parish, TODAY, include_excluded=True))[tempo]
    assert not found.eligible
    assert found.reasons[0].code is ReasonCode.APPLICANT_TYPE
    assert found.reasons[0].message == (
        "The call admits only ODV, APS: the organization is a parish."
    )
    assert tempo not in eligible_call_ids(demo, parish, TODAY)


def test_in_italian(demo: Database) -> None:
    set_language("it")
    parish = _ids(demo, Organization, "Parrocchia")
    tempo = _ids(demo, Call, "Bando “Tempo che conta”")
    found = _by_id(eligible_calls(demo, parish, TODAY, include_excluded=True))[tempo]
    assert found.reasons[0].message == "Il bando ammette solo ODV, APS: l’ente è una parrocchia."


def test_an_odv_in_vigevano(demo: Database) -> None:
    odv = _ids(demo, Organization, "Argento Vivo")
    every = _by_id(eligible_calls(demo, odv, TODAY, include_excluded=True))
    eligible = eligible_calls(demo, odv, TODAY)
    assert [c.call_id for c in eligible] == eligible_call_ids(demo, odv, TODAY)
    assert {c.call_id for c in eligible} == {i for i, c in every.items() if c.eligible}
    assert all(c.eligible for c in eligible)
    # Lomellina (Vigevano is one of its towns), ODV admitted: no reason at all.
    assert every[_ids(demo, Call, "Bando “Tempo che conta”")].reasons == ()
    # Ravenna's pact is for another area.
    pact = every[_ids(demo, Call, "Avviso per il “Patto di comunità”")]
    assert [r.code for r in pact.reasons] == [ReasonCode.TERRITORY]
    assert "Vigevano (PV)" in pact.reasons[0].message
    # Messina's closed call: outside and closed.
    messina = every[_ids(demo, Call, "Avviso “Welfare integrato")]
    assert {r.code for r in messina.reasons} >= {ReasonCode.TERRITORY, ReasonCode.CLOSED}
    # The national fund and the EU call are open to everyone.
    assert every[_ids(demo, Call, "Fondo per il contrasto")].eligible


def test_ravenna_food_bank_sees_its_own_calls(demo: Database) -> None:
    bank = _ids(demo, Organization, "Banco Alimentare")
    every = _by_id(eligible_calls(demo, bank, TODAY, include_excluded=True))
    pact = every[_ids(demo, Call, "Avviso per il “Patto di comunità”")]
    assert not any(r.code is ReasonCode.TERRITORY for r in pact.reasons)
    lombardy = every[_ids(demo, Call, "Avviso regionale “Abitare solidale”")]
    assert [r.code for r in lombardy.reasons] == [ReasonCode.TERRITORY]


def test_open_date_follows_the_deadlines(db: Database) -> None:
    with db.transaction() as s:
        org = f.organization(s, "Argento Vivo ODV", LegalForm.ODV, municipality="Vigevano",
                             province="PV", region="Lombardia")  # fmt: skip
        past = f.call(s, "A – scaduto", status=CallStatus.GO)
        f.deadline(s, past, TODAY - timedelta(days=1))
        f.deadline(s, past, TODAY + timedelta(days=90), kind=DeadlineKind.REPORT)
        today = f.call(s, "B – scade oggi", status=CallStatus.GO)
        f.deadline(s, today, TODAY, datetime.time(0, 30))
        closed = f.call(s, "C – chiuso, sessione futura già fatta", status=CallStatus.CLOSED)
        f.deadline(s, closed, TODAY + timedelta(days=30), done=True)
        reopened = f.call(s, "D – chiuso ma con preiscrizione", status=CallStatus.CLOSED)
        f.deadline(s, reopened, TODAY + timedelta(days=5), kind=DeadlineKind.PRE_APPLICATION)
        undated = f.call(s, "E – senza scadenze", status=CallStatus.NEW)
        shut = f.call(s, "F – chiuso senza scadenze", status=CallStatus.CLOSED)
        ids = {"past": past.id, "today": today.id, "closed": closed.id,
               "reopened": reopened.id, "undated": undated.id, "shut": shut.id}  # fmt: skip
        org_id = org.id
    every = _by_id(eligible_calls(db, org_id, TODAY, include_excluded=True))
    assert list(every) == sorted(every, key=lambda i: every[i].title)
    open_ = {k for k, i in ids.items() if every[i].eligible}
    assert open_ == {"today", "reopened", "undated"}
    assert every[ids["past"]].reasons[0].message == (
        f"The last application deadline passed on {(TODAY - timedelta(days=1)).isoformat()}."
    )
    assert every[ids["shut"]].reasons[0].message == (
        "The call is closed and has no open application deadline."
    )
    # The day after, B is past too.
    later = eligible_call_ids(db, org_id, TODAY + timedelta(days=1))
    assert ids["today"] not in later


def test_one_query_for_the_calls(demo: Database) -> None:
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(demo.engine, "before_cursor_execute", count)
    try:
        eligible_calls(demo, 1, TODAY, include_excluded=True)
    finally:
        event.remove(demo.engine, "before_cursor_execute", count)
    reads = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    assert len(reads) == 2  # the organization, then every call with its dates


def test_unknown_organization(db: Database) -> None:
    with pytest.raises(UnknownOrganizationError, match="No organization has number 42"):
        eligible_calls(db, 42, TODAY)


def test_scaled_large_demo(db: Database) -> None:
    load_demo(db, "large", today=TODAY, scale=0.02)
    with db.reading() as s:
        org = s.scalars(select(Organization.id).order_by(Organization.id).limit(1)).one()
        calls = len(s.scalars(select(Call.id)).all())
    every = eligible_calls(db, org, TODAY, include_excluded=True)
    assert len(every) == calls
    assert all(c.reasons for c in every if not c.eligible)
    assert eligible_call_ids(db, org, TODAY) == [c.call_id for c in every if c.eligible]
