"""The calls list narrowed to a set of calls (the ones an organization may apply to), on each
backend: composing with search, sorting and paging, small and large id sets, eligible
calls first; and what the list reads of eligibility (a few calls, the overview, the short
texts of a cell)."""

from __future__ import annotations

import datetime
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event

from grantdesk.domain.vocab import CallStatus, LegalForm
from grantdesk.i18n import set_language
from grantdesk.services import listing
from grantdesk.services.database import Database
from grantdesk.services.eligibility import (
    UnknownOrganizationError,
    eligibility_of,
    eligible_call_ids,
    eligible_calls,
    explanation,
    organization_choices,
    overview,
    summary,
)
from tests.helpers import factories as f

TODAY = datetime.date.today()  # the list's next deadline is read against the clock
GENERIC = 300  # more than listing.INLINE_IDS: the one-parameter id set is used


@pytest.fixture
def desk(db: Database) -> dict[str, Any]:
    """An APS in Bari and a parish; calls it may and may not apply to, and many open ones."""
    assert GENERIC > listing.INLINE_IDS
    with db.transaction() as s:
        aps = f.organization(s, "APS Il Melograno", LegalForm.APS, municipality="Bari",
                             province="BA", region="Puglia")  # fmt: skip
        parish = f.organization(s, "Parrocchia San Nicola", LegalForm.PARISH,
                                municipality="Bari", province="BA", region="Puglia")  # fmt: skip
        f.organization(s, "Università popolare di Bari", LegalForm.OTHER_ETS)
        f.organization(s, "associazione Zefiro", LegalForm.ODV)
        puglia = f.call(s, "Puglia solidale", code="PUG-1", territory="Puglia",
                        eligible_forms=["aps", "odv"], status=CallStatus.GO)  # fmt: skip
        f.deadline(s, puglia, TODAY + timedelta(days=20))
        lombardy = f.call(s, "Lombardia in rete", code="LOM-1", territory="Lombardia",
                          eligible_forms=["odv"])  # fmt: skip
        closed = f.call(s, "Comunità che cura 2024", code="OLD-1", territory="Puglia")
        f.deadline(s, closed, TODAY - timedelta(days=30))
        unsure = f.call(s, "Ambito di Fasano: comunità", code="FAS-1",
                        territory="Ambito territoriale sociale di Fasano")  # fmt: skip
        generic = [
            f.call(s, f"Bando aperto numero {i:03d}", code=f"GEN-{i:03d}") for i in range(GENERIC)
        ]
        return {
            "aps": aps.id,
            "parish": parish.id,
            "puglia": puglia.id,
            "lombardy": lombardy.id,
            "closed": closed.id,
            "unsure": unsure.id,
            "generic": [c.id for c in generic],
        }


def _all_pages(db: Database, **kw: Any) -> list[listing.ListRow]:
    rows: list[listing.ListRow] = []
    while page := listing.fetch_rows(db, "calls", offset=len(rows), limit=100, **kw):
        rows += page
    return rows


def test_only_ids_keeps_those_calls(db: Database, desk: dict[str, Any]) -> None:
    few = {desk["puglia"], desk["closed"]}
    rows = listing.fetch_rows(db, "calls", only_ids=few, sort="code")
    assert [r.values[0] for r in rows] == ["OLD-1", "PUG-1"]
    assert listing.count_rows(db, "calls", only_ids=few) == 2
    assert listing.fetch_rows(db, "calls", only_ids=set()) == []
    assert listing.count_rows(db, "calls", only_ids=[]) == 0
    # Ids of no call are only ignored; None means every call.
    assert listing.count_rows(db, "calls", only_ids=[*few, 999_999]) == 2
    assert listing.count_rows(db, "calls", only_ids=None) == GENERIC + 4


@pytest.mark.parametrize("size", [5, GENERIC])  # bound one by one; one parameter
def test_only_ids_composes_with_search_sort_and_pages(
    db: Database, desk: dict[str, Any], size: int
) -> None:
    chosen = set(desk["generic"][:size]) | {desk["puglia"]}
    rows = _all_pages(db, only_ids=chosen, sort="code", descending=True)
    assert {r.id for r in rows} == chosen
    assert len(rows) == len(chosen) == listing.count_rows(db, "calls", only_ids=chosen)
    codes = [r.values[0] for r in rows]
    assert codes == sorted(codes, reverse=True)
    found = listing.fetch_rows(db, "calls", search="aperto 001", only_ids=chosen)
    assert [r.values[0] for r in found] == ["GEN-001"]
    assert listing.count_rows(db, "calls", search="puglia", only_ids=chosen) == 1
    assert listing.count_rows(db, "calls", search="lombardia", only_ids=chosen) == 0


def test_first_ids_come_first_then_the_sort(db: Database, desk: dict[str, Any]) -> None:
    first = {desk["lombardy"], desk["closed"], *desk["generic"][250:]}
    rows = _all_pages(db, sort="code", first_ids=first)
    assert [r.id in first for r in rows] == [True] * len(first) + [False] * (len(rows) - len(first))
    assert [r.values[0] for r in rows[:3]] == ["GEN-250", "GEN-251", "GEN-252"]
    backwards = listing.fetch_rows(db, "calls", sort="code", descending=True, first_ids=first)
    assert backwards[0].values[0] == "PUG-1"  # the others first, each group Z to A
    assert listing.fetch_rows(db, "calls", sort="code", first_ids=set(), limit=1)[0].values[0] == (
        "FAS-1"
    )


def test_the_eligible_calls_as_the_list_shows_them(db: Database, desk: dict[str, Any]) -> None:
    seen = overview(db, desk["aps"], TODAY)
    assert seen.organization_name == "APS Il Melograno"
    assert len(seen.calls) == GENERIC + 4
    assert seen.eligible_ids == set(eligible_call_ids(db, desk["aps"], TODAY))
    assert seen.eligible_ids == {desk["puglia"], desk["unsure"], *desk["generic"]}
    assert seen.eligible_count == GENERIC + 2
    # Narrowed and sorted by title in SQL: the same calls, in the same order.
    rows = _all_pages(db, only_ids=seen.eligible_ids)
    assert [r.id for r in rows] == [c.call_id for c in eligible_calls(db, desk["aps"], TODAY)]
    assert listing.count_rows(db, "calls", search="comunita", only_ids=seen.eligible_ids) == 1


def test_a_few_calls_are_judged_with_one_query(db: Database, desk: dict[str, Any]) -> None:
    wanted = [desk["puglia"], desk["lombardy"], desk["closed"], 999_999]
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        judged = eligibility_of(db, desk["aps"], wanted, TODAY)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 2
    assert set(judged) == set(wanted[:3])
    every = {c.call_id: c for c in eligible_calls(db, desk["aps"], TODAY, include_excluded=True)}
    assert all(judged[i] == every[i] for i in judged)
    assert eligibility_of(db, desk["aps"], [], TODAY) == {}


def test_cell_texts_in_english_and_italian(db: Database, desk: dict[str, Any]) -> None:
    def texts() -> dict[str, str]:
        calls = eligibility_of(db, desk["aps"], [desk[k] for k in keys], TODAY)
        return {k: summary(calls[desk[k]]) for k in keys}

    keys = ("puglia", "lombardy", "closed", "unsure")
    assert texts() == {
        "puglia": "Eligible",
        "lombardy": "Not eligible: applicant type, territory (Lombardia)",
        "closed": "Not eligible: closed",
        "unsure": "Eligible, check: territory (Ambito territoriale soc…)",
    }
    lombardy = eligibility_of(db, desk["aps"], [desk["lombardy"]], TODAY)[desk["lombardy"]]
    assert explanation(lombardy, "APS Il Melograno").splitlines() == [
        "APS Il Melograno may not apply:",
        "• The call admits only ODV: the organization is an APS.",
        "• Territory «Lombardia»: the organization is based in Bari (BA), outside the call's area.",
    ]
    set_language("it")
    assert texts() == {
        "puglia": "Ammissibile",
        "lombardy": "Non ammissibile: tipo di ente, territorio (Lombardia)",
        "closed": "Non ammissibile: bando chiuso",
        "unsure": "Ammissibile, da verificare: territorio (Ambito territoriale soc…)",
    }
    assert explanation(lombardy, "APS Il Melograno").startswith(
        "APS Il Melograno non può partecipare:"
    )


def test_organizations_to_choose_from(db: Database, desk: dict[str, Any]) -> None:
    names = [o.name for o in organization_choices(db)]
    # By name as people read it: case and accents ignored.
    assert names == [
        "APS Il Melograno",
        "associazione Zefiro",
        "Parrocchia San Nicola",
        "Università popolare di Bari",
    ]


def test_a_deleted_organization(db: Database) -> None:
    with pytest.raises(UnknownOrganizationError, match="No organization has number 42"):
        overview(db, 42, TODAY)
    with pytest.raises(UnknownOrganizationError):
        eligibility_of(db, 42, [1], TODAY)
