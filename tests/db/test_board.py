"""The proposals board: cards grouped by status, their numbers, next deadlines and filters."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any

import pytest

from grantdesk.db.models import BudgetLine, Deadline
from grantdesk.domain.dates import rome_to_utc
from grantdesk.domain.vocab import DeadlineKind, FundingSource, LegalForm, ProposalStatus
from grantdesk.services.board import BoardFilters, board_cards, board_options
from grantdesk.services.demo import load_demo
from grantdesk.services.proposal_check import budget_totals
from tests.helpers import factories as f

TODAY = date(2026, 3, 10)
G = FundingSource.REQUESTED_GRANT
CASH = FundingSource.PARTNER_CASH
VOLUNTEERS = FundingSource.VOLUNTEER_IN_KIND
S = ProposalStatus


@pytest.fixture
def seeded(db: Any) -> dict[str, int]:
    """Four proposals to two funders, three owners, three years, every deadline case."""
    with db.transaction() as s:
        cariplo = f.call(s, "Welfare di comunità 2026", funder="Fondazione Cariplo")
        region = f.call(s, "Invecchiamento attivo", funder="Regione Lombardia")
        f.deadline(s, cariplo, date(2026, 3, 1))  # past: not the next one
        f.deadline(s, cariplo, date(2026, 3, 20), done=True)  # done: not either
        f.deadline(s, cariplo, date(2026, 4, 15), time(12, 0))
        f.deadline(s, cariplo, date(2026, 5, 1), kind=DeadlineKind.REPORT)  # not an application
        f.deadline(s, region, date(2026, 6, 30))
        kcs = f.organization(s, "Cooperativa Sociale KCS", LegalForm.SOCIAL_ENTERPRISE)
        ore = f.organization(s, "Banca del Tempo “Ore Preziose”", LegalForm.APS)
        auser = f.organization(s, "Auser Vigevano ODV", LegalForm.ODV)
        case = f.proposal(
            s,
            "Case del Sociale nei quartieri di Vigevano",
            cariplo,
            kcs,
            lines=[
                ("personnel", "2", "1000.00", G),
                ("services", "1.5", "0.33", G),  # 0.495 → 0.50, half up as the budget does
                ("materials", "1", "400.00", CASH),
                ("volunteer_time", "10", "15.00", VOLUNTEERS),
            ],
            partners=[ore, auser],
            status=S.DRAFTING,
            acronym="CASE",
            owner="Giulia Ferraris",
            start_on=date(2026, 9, 1),
        )
        povera = f.proposal(
            s,
            "Contrasto alla povertà educativa",
            cariplo,
            ore,
            lines=[("personnel", "1", "5000.00", G)],
            status=S.IDEA,
            owner="Marco Bellini",
            start_on=date(2027, 1, 1),
        )
        sent = f.proposal(
            s,
            "Anziani connessi",
            region,
            auser,
            status=S.SUBMITTED,
            submitted_on=date(2025, 11, 30),
            start_on=date(2026, 2, 1),
        )
        s.add(
            Deadline(
                proposal=sent,
                kind=DeadlineKind.REPORT,
                due_at=rome_to_utc(date(2026, 3, 5), time(12, 0)),  # overdue, still open
            )
        )
        closed = f.proposal(
            s,
            "Dispensa solidale Darsena",
            None,
            None,
            status=S.CLOSED,
            owner="Giulia Ferraris",
            start_on=date(2024, 1, 1),
        )
        s.add(
            Deadline(
                proposal=closed,
                kind=DeadlineKind.REPORT,
                due_at=rome_to_utc(date(2026, 3, 1), time(12, 0)),
            )
        )
        s.flush()
        return {
            "case": case.id,
            "povera": povera.id,
            "sent": sent.id,
            "closed": closed.id,
            "cariplo": cariplo.funder_id,
            "region": region.funder_id,
        }


def _ids(board: Any, status: ProposalStatus) -> list[int]:
    return [c.id for c in board.column(status).cards]


def test_every_status_has_a_column_in_pipeline_order(db: Any, seeded: dict[str, int]) -> None:
    board = board_cards(db, today=TODAY)
    assert [c.status for c in board.columns] == list(ProposalStatus)
    assert _ids(board, S.IDEA) == [seeded["povera"]]
    assert _ids(board, S.DRAFTING) == [seeded["case"]]
    assert _ids(board, S.SUBMITTED) == [seeded["sent"]]
    assert _ids(board, S.CLOSED) == [seeded["closed"]]
    assert board.column(S.AWARDED).cards == ()
    assert board.shown == board.stored == 4


def test_a_card_holds_what_it_shows(db: Any, seeded: dict[str, int]) -> None:
    card = board_cards(db, today=TODAY).card(seeded["case"])
    assert card is not None
    assert card.title == "Case del Sociale nei quartieri di Vigevano"
    assert card.acronym == "CASE"
    assert card.call_title == "Welfare di comunità 2026"
    assert card.funder == "Fondazione Cariplo"
    assert card.lead == "Cooperativa Sociale KCS"
    assert card.partners == 2
    assert card.owner == "Giulia Ferraris"
    assert card.version == 1
    assert card.requested == Decimal("2000.50")
    assert card.total_cost == Decimal("2550.50")
    totals = budget_totals(db, seeded["case"])
    assert (card.total_cost, card.requested) == (
        totals.grand_total,
        totals.by_source[FundingSource.REQUESTED_GRANT],
    )


def test_a_proposal_without_call_lead_or_budget_still_has_a_card(
    db: Any, seeded: dict[str, int]
) -> None:
    card = board_cards(db, today=TODAY).card(seeded["closed"])
    assert card is not None
    assert (card.call_title, card.funder, card.lead, card.acronym) == ("", "", "", "")
    assert card.partners == 0
    assert card.requested == card.total_cost == Decimal("0.00")


def test_next_deadline_depends_on_where_the_bid_stands(db: Any, seeded: dict[str, int]) -> None:
    board = board_cards(db, today=TODAY)
    preparing = board.card(seeded["case"])
    assert preparing is not None
    assert preparing.next_deadline == rome_to_utc(date(2026, 4, 15), time(12, 0))
    sent = board.card(seeded["sent"])
    assert sent is not None  # the call's deadline no longer matters; its own overdue one does
    assert sent.next_deadline == rome_to_utc(date(2026, 3, 5), time(12, 0))
    closed = board.card(seeded["closed"])
    assert closed is not None and closed.next_deadline is None
    later = board_cards(db, today=date(2026, 4, 16)).card(seeded["case"])
    assert later is not None and later.next_deadline is None  # the call's deadline passed


def test_cards_come_most_urgent_first_then_by_title(db: Any, seeded: dict[str, int]) -> None:
    with db.transaction() as s:
        from grantdesk.db.models import Proposal

        for title in ("Zattere solidali", "Abitare leggero"):
            s.add(Proposal(title=title, status=S.IDEA))
    board = board_cards(db, today=TODAY)
    titles = [c.title for c in board.column(S.IDEA).cards]
    assert titles == ["Contrasto alla povertà educativa", "Abitare leggero", "Zattere solidali"]
    assert board.column(S.IDEA).requested == Decimal("5000.00")


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (BoardFilters(owner="Giulia Ferraris"), {"case", "closed"}),
        (BoardFilters(owner=""), {"sent"}),
        (BoardFilters(year=2026), {"case"}),  # starts in 2026 (submitted ones count by that)
        (BoardFilters(year=2025), {"sent"}),
        (BoardFilters(year=2027), {"povera"}),
        (BoardFilters(search="poverta"), {"povera"}),  # accents ignored
        (BoardFilters(search="ore preziose"), {"povera"}),  # the lead, as the list searches
        (BoardFilters(search="CASE vigevano"), {"case"}),
        (BoardFilters(search="nessuno"), set()),
        (BoardFilters(owner="Giulia Ferraris", year=2024), {"closed"}),
    ],
)
def test_filters_narrow_the_board(
    db: Any, seeded: dict[str, int], filters: BoardFilters, expected: set[str]
) -> None:
    board = board_cards(db, filters, today=TODAY)
    shown = {c.id for column in board.columns for c in column.cards}
    assert shown == {seeded[name] for name in expected}
    assert board.stored == 4  # so an empty board can say "nothing matches"
    assert filters.active


def test_the_funder_filter(db: Any, seeded: dict[str, int]) -> None:
    cariplo = board_cards(db, BoardFilters(funder_id=seeded["cariplo"]), today=TODAY)
    assert {c.id for col in cariplo.columns for c in col.cards} == {
        seeded["case"],
        seeded["povera"],
    }
    region = board_cards(db, BoardFilters(funder_id=seeded["region"]), today=TODAY)
    assert region.shown == 1 and region.card(seeded["sent"]) is not None
    assert not BoardFilters(search="  ").active


def test_options_offer_what_the_proposals_use(db: Any, seeded: dict[str, int]) -> None:
    with db.transaction() as s:
        f.call(s, "Un bando senza progetti", funder="Fondazione senza progetti")
    options = board_options(db)
    assert [name for _id, name in options.funders] == ["Fondazione Cariplo", "Regione Lombardia"]
    assert options.owners == ("Giulia Ferraris", "Marco Bellini")
    assert options.unowned
    assert options.years == (2027, 2026, 2025, 2024)


def test_an_empty_database_has_an_empty_board(db: Any) -> None:
    board = board_cards(db, today=TODAY)
    assert board.shown == board.stored == 0
    assert len(board.columns) == len(ProposalStatus)
    assert board_options(db).funders == ()


def test_negative_and_fractional_lines_round_like_the_budget(db: Any) -> None:
    with db.transaction() as s:
        p = f.proposal(
            s,
            "Rimborsi e storni",
            None,
            None,
            lines=[
                ("personnel", "1", "100.00", G),
                ("services", "0.5", "0.01", G),  # 0.005 → 0.01
                ("services", "1.5", "-0.01", G),  # a refund: -0.015 → -0.02
                ("travel", "0.333", "10.00", CASH),  # 3.33
                ("travel", "2.5", "-1.01", CASH),  # -2.525 → -2.53
            ],
        )
        s.flush()
        pid = p.id
    card = board_cards(db, today=TODAY).card(pid)
    totals = budget_totals(db, pid)
    assert card is not None
    assert card.total_cost == totals.grand_total == Decimal("100.79")
    assert card.requested == totals.by_source[FundingSource.REQUESTED_GRANT] == Decimal("99.99")


def test_the_example_data_adds_up_as_the_rule_check_does(db: Any) -> None:
    load_demo(db, "small", today=TODAY)
    board = board_cards(db, today=TODAY)
    assert board.shown == board.stored > 10
    with db.reading() as s:
        from sqlalchemy import func, select

        lines = s.scalar(select(func.count()).select_from(BudgetLine))
    assert lines
    for column in board.columns:
        for card in column.cards:
            totals = budget_totals(db, card.id)
            assert card.total_cost == totals.grand_total, card.title
            assert card.requested == totals.by_source.get(G, Decimal("0.00")), card.title
            assert card.status is column.status
