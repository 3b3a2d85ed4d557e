"""The main lists: paging, SQL sorting, accent-insensitive search, budget sums to the cent."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from grantdesk.db.models import BudgetLine, Call, Proposal
from grantdesk.domain.money import ZERO
from grantdesk.domain.vocab import CallStatus, FundingSource
from grantdesk.services import listing
from tests.helpers import factories as f


@pytest.fixture
def calls_db(db):  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        f.call(s, "Contrasto alla povertà educativa", code="POV-26", themes=["povertà"])
        f.call(s, "Welfare di comunità nelle città", code="WEL-26", funder="Fondazione Vigevano")
        c = f.call(s, "Università e terzo settore", code="UNI-1", max_grant=Decimal("80000"))
        f.deadline(s, c, date.today() + timedelta(days=10))
        f.deadline(s, c, date.today() - timedelta(days=10))
        funder = c.funder
        s.add_all(
            Call(
                funder=funder,
                title=f"Bando generico numero {i:03d}",
                code=f"GEN-{i:03d}",
                status=CallStatus.WATCHING,
            )
            for i in range(450)
        )
    return db


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("universita", {"UNI-1"}),
        ("POVERTA", {"POV-26"}),
        ("citta vigevano", {"WEL-26"}),
        ("povert", {"POV-26"}),  # prefix
        ("comunità xyz", set()),
        ("100%_", set()),
    ],
)
def test_search_is_accent_insensitive_and_needs_every_word(calls_db, query, codes) -> None:  # type: ignore[no-untyped-def]
    rows = listing.fetch_rows(calls_db, "calls", search=query)
    assert {r.values[0] for r in rows} == codes
    assert listing.count_rows(calls_db, "calls", search=query) == len(codes)


def test_pages_cover_every_row_once(calls_db) -> None:  # type: ignore[no-untyped-def]
    seen: list[int] = []
    offset = 0
    while page := listing.fetch_rows(calls_db, "calls", sort="code", offset=offset, limit=200):
        seen += [r.id for r in page]
        offset += len(page)
    assert len(seen) == len(set(seen)) == listing.count_rows(calls_db, "calls") == 453


def test_sorting_in_sql(calls_db) -> None:  # type: ignore[no-untyped-def]
    asc = listing.fetch_rows(calls_db, "calls", sort="code", limit=3)
    desc = listing.fetch_rows(calls_db, "calls", sort="code", descending=True, limit=3)
    assert [r.values[0] for r in asc] == ["GEN-000", "GEN-001", "GEN-002"]
    assert desc[0].values[0] == "WEL-26"
    by_deadline = listing.fetch_rows(calls_db, "calls", sort="next_deadline", limit=1)
    assert by_deadline[0].values[0] == "UNI-1"  # the only future deadline; nulls last
    with pytest.raises(listing.UnknownListError):
        listing.fetch_rows(calls_db, "calls", sort="password")


def test_proposal_totals_match_python_to_the_cent(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        lead = f.organization(s, "Cooperativa Sociale KCS")
        f.proposal(
            s,
            "Punto per Te",
            None,
            lead,
            [
                ("personnel", "3", "0.10", FundingSource.REQUESTED_GRANT),
                ("personnel", "1.5", "33.33", FundingSource.REQUESTED_GRANT),  # 49.995 → 50.00
                ("volunteer_time", "120", "15.00", FundingSource.VOLUNTEER_IN_KIND),
                ("services", "0.333", "100.01", FundingSource.PARTNER_CASH),
            ],
            acronym="PPT",
        )
    with db.reading() as s:
        lines = s.query(BudgetLine).all()
        total = sum((ln.total for ln in lines), ZERO)
        grant = sum((ln.total for ln in lines if ln.source is FundingSource.REQUESTED_GRANT), ZERO)
        proposal_id = s.query(Proposal.id).scalar()
    (row,) = listing.fetch_rows(db, "proposals")
    assert row.id == proposal_id
    assert row.values[5] == total == Decimal("1883.60")
    assert row.values[6] == grant == Decimal("50.30")


@pytest.mark.parametrize("kind", listing.KINDS)
def test_every_list_answers_on_an_empty_database(db, kind: str) -> None:  # type: ignore[no-untyped-def]
    assert listing.fetch_rows(db, kind) == []
    assert listing.count_rows(db, kind, search="anything") == 0
    for column in listing.columns(kind):
        listing.fetch_rows(db, kind, sort=column.key, descending=True)
