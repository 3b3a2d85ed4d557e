"""Editing budget lines in batches: positions, per-line conflicts, audit (each backend)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from grantdesk.db.models import AuditEntry, BudgetLine, Call
from grantdesk.domain.vocab import FundingSource, LegalForm
from grantdesk.i18n import set_language
from grantdesk.services.budget_cells import (
    CellError,
    block_text,
    category_from_text,
    parse_block,
    parse_cost,
    parse_quantity,
    partner_from_text,
    show_quantity,
    source_from_text,
)
from grantdesk.services.budget_editing import (
    BudgetLineError,
    DeleteLine,
    InsertLine,
    LineValues,
    MoveLine,
    PartnerChoice,
    UpdateLine,
    apply_changes,
    load_sheet,
)
from grantdesk.services.database import Database
from grantdesk.services.editing import ConflictError
from grantdesk.services.proposal_check import UnknownProposalError
from tests.helpers import factories as f

G = FundingSource.REQUESTED_GRANT
CASH = FundingSource.PARTNER_CASH
TODAY = date(2026, 3, 10)


def _proposal(db: Database, lines: int = 3, categories: list[str] | None = None) -> int:
    with db.transaction() as s:
        call = f.call(s, "Bando Welfare di comunità", overhead_cap_pct=Decimal(10))
        if categories:
            call.budget_categories = categories
        lead = f.organization(s, "Cooperativa Sociale Il Faro", LegalForm.SOCIAL_ENTERPRISE)
        partner = f.organization(s, "Associazione Argento Vivo ODV", LegalForm.ODV)
        f.organization(s, "Ente estraneo APS")
        p = f.proposal(
            s,
            "Punto per Te",
            call,
            lead,
            [("personnel", "10", "25.00", G)] * lines,
            [partner],
        )
        for i, line in enumerate(p.budget_lines, start=1):
            line.description = f"Voce {i}"
        return p.id


def _order(db: Database, pid: int) -> list[tuple[str, int]]:
    with db.reading() as s:
        rows = s.execute(
            select(BudgetLine.description, BudgetLine.position)
            .where(BudgetLine.proposal_id == pid)
            .order_by(BudgetLine.position, BudgetLine.id)
        )
        return [(d, p) for d, p in rows]


def test_load_sheet_reads_lines_partners_and_categories(db: Database) -> None:
    pid = _proposal(db)
    sheet = load_sheet(db, pid, TODAY)
    assert [ln.values.description for ln in sheet.lines] == ["Voce 1", "Voce 2", "Voce 3"]
    assert [(p.name, p.lead) for p in sheet.partners] == [
        ("Cooperativa Sociale Il Faro", True),
        ("Associazione Argento Vivo ODV", False),
    ]
    assert sheet.categories[0] == "personnel" and "overheads" in sheet.categories
    assert sheet.rules is not None and sheet.rules.overhead_cap_pct == Decimal(10)
    assert sheet.facts.lead is not None and sheet.facts.lines == ()
    with pytest.raises(UnknownProposalError):
        load_sheet(db, 999, TODAY)


def test_the_calls_own_categories_are_offered(db: Database) -> None:
    pid = _proposal(db, categories=["Risorse umane", " Beni  durevoli "])
    assert load_sheet(db, pid, TODAY).categories == ("Risorse umane", "Beni durevoli")


def test_a_batch_inserts_updates_moves_and_deletes_in_order(db: Database) -> None:
    pid = _proposal(db)
    lines = load_sheet(db, pid, TODAY).lines
    first, second, third = lines
    new = LineValues(
        "travel", "Rimborsi chilometrici", None, "km", Decimal("1234.5"), Decimal("0.35")
    )
    applied = apply_changes(
        db,
        pid,
        [
            InsertLine(1, new),
            UpdateLine(
                second.id,
                LineValues("services", " Voce  2 bis ", unit_cost=Decimal("9.90")),
                expected_version=second.version,
            ),
            MoveLine(third.id, 0),
            DeleteLine(first.id, expected_version=first.version),
        ],
    )
    assert applied.line_count == 3
    inserted, updated, moved, deleted = applied.lines
    assert deleted is None
    assert inserted is not None and inserted.version == 1 and inserted.values.unit == "km"
    assert updated is not None and updated.version == second.version + 1
    assert updated.values.description == "Voce 2 bis"  # spaces tidied
    assert moved is not None and moved.version == third.version  # moving is not editing
    assert _order(db, pid) == [("Voce 3", 1), ("Rimborsi chilometrici", 2), ("Voce 2 bis", 3)]
    with db.reading() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "budget")).one()
        assert audit.entity_id == pid
        assert audit.summary == "budget lines added 1, changed 1, deleted 1, moved 1"


def test_positions_past_the_end_append_and_renumbering_keeps_versions(db: Database) -> None:
    pid = _proposal(db)
    before = {ln.id: ln.version for ln in load_sheet(db, pid, TODAY).lines}
    apply_changes(db, pid, [InsertLine(0, LineValues("materials", "In cima"))])
    apply_changes(db, pid, [InsertLine(10_000, LineValues("materials", "In fondo"))])
    assert [d for d, _p in _order(db, pid)] == ["In cima", "Voce 1", "Voce 2", "Voce 3", "In fondo"]
    assert [p for _d, p in _order(db, pid)] == [1, 2, 3, 4, 5]
    after = {ln.id: ln.version for ln in load_sheet(db, pid, TODAY).lines}
    assert all(after[i] == v for i, v in before.items())


def test_a_stale_version_is_refused_and_nothing_is_written(db: Database) -> None:
    pid = _proposal(db)
    _a, second, _c = load_sheet(db, pid, TODAY).lines
    apply_changes(
        db, pid, [UpdateLine(second.id, LineValues("personnel", "Altra desk"), second.version)]
    )
    with pytest.raises(ConflictError, match="Line 2 was changed elsewhere"):
        apply_changes(
            db,
            pid,
            [
                InsertLine(0, LineValues("materials", "Non salvata")),
                UpdateLine(second.id, LineValues("personnel", "Mia"), second.version),
            ],
        )
    assert [d for d, _p in _order(db, pid)] == ["Voce 1", "Altra desk", "Voce 3"]


def test_expected_values_guard_undo_and_deletion(db: Database) -> None:
    pid = _proposal(db)
    first = load_sheet(db, pid, TODAY).lines[0]
    changed = LineValues("personnel", "Voce 1", None, None, Decimal(12), Decimal("25.00"))
    apply_changes(db, pid, [UpdateLine(first.id, changed, expected_values=first.values)])
    with pytest.raises(ConflictError):
        apply_changes(db, pid, [DeleteLine(first.id, expected_values=first.values)])
    apply_changes(db, pid, [DeleteLine(first.id, expected_values=changed)])
    with pytest.raises(ConflictError, match="deleted elsewhere"):
        apply_changes(db, pid, [UpdateLine(first.id, first.values, expected_values=changed)])
    assert len(_order(db, pid)) == 2


def test_invalid_values_and_strangers_are_refused(db: Database) -> None:
    pid = _proposal(db)
    with pytest.raises(BudgetLineError, match="category"):
        apply_changes(db, pid, [InsertLine(0, LineValues("  "))])
    with pytest.raises(BudgetLineError, match="three decimals"):
        apply_changes(db, pid, [InsertLine(0, LineValues("travel", quantity=Decimal("1.2345")))])
    with pytest.raises(BudgetLineError, match="negative"):
        apply_changes(db, pid, [InsertLine(0, LineValues("travel", unit_cost=Decimal("-1")))])
    with pytest.raises(BudgetLineError, match="no longer exists"):
        apply_changes(db, pid, [InsertLine(0, LineValues("travel", organization_id=9999))])
    with pytest.raises(UnknownProposalError):
        apply_changes(db, 9999, [InsertLine(0, LineValues("travel"))])
    other = _proposal(db, lines=1)
    stranger = load_sheet(db, other, TODAY).lines[0]
    with pytest.raises(ConflictError):  # a line of another proposal is not ours to delete
        apply_changes(db, pid, [DeleteLine(stranger.id, stranger.version)])
    assert len(_order(db, pid)) == 3
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Call)) == 2


def test_amounts_round_trip_exactly(db: Database) -> None:
    pid = _proposal(db, lines=0)
    values = LineValues("volunteer_time", "Ore", None, "ore", Decimal("37.125"), Decimal("12.34"))
    (saved,) = apply_changes(db, pid, [InsertLine(0, values)]).lines
    assert saved is not None and saved.values == values
    assert saved.line.total == Decimal("458.12")  # 458,1225 → half-up to the cent


# -- reading cells (no database) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12,5", "12.5"),
        ("1.234,125", "1234.125"),
        ("1.234", "1234"),
        ("3", "3"),
        ("12.5", "12.5"),
        (" 2 ", "2"),
    ],
)
def test_quantities_read_the_italian_way(text: str, expected: str) -> None:
    set_language("it")
    assert parse_quantity(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "0.125", "-2", "1,2345", "12.34.5"])
def test_unreadable_quantities_are_refused(text: str) -> None:
    set_language("it")
    with pytest.raises(CellError):
        parse_quantity(text)


def test_costs_and_their_display() -> None:
    set_language("it")
    assert parse_cost("€ 1.234,56") == Decimal("1234.56")
    assert parse_cost("22,5") == Decimal("22.50")
    with pytest.raises(CellError, match="non è un importo"):
        parse_cost("dodici")
    assert show_quantity(Decimal("37.500")) == "37,5"
    assert show_quantity(Decimal("1200")) == "1.200"
    set_language("en")
    assert parse_quantity("1,234.5") == Decimal("1234.5")
    assert parse_cost("€1,234.56") == Decimal("1234.56")


def test_categories_partners_and_sources_from_text() -> None:
    set_language("it")
    offered = ("personnel", "overheads", "Risorse umane")
    assert category_from_text("Spese generali", offered) == "overheads"
    assert category_from_text("risorse  UMANE", offered) == "Risorse umane"
    assert category_from_text("viaggi e trasferte", offered) == "travel"
    assert category_from_text("Beni durevoli", offered) == "Beni durevoli"
    with pytest.raises(CellError):
        category_from_text(" ", offered)
    partners = (
        PartnerChoice(1, "Cooperativa Sociale Il Faro", True),
        PartnerChoice(2, "Città Aperta APS"),
    )
    assert partner_from_text("citta aperta aps", partners) == 2
    assert partner_from_text("Cooperativa", partners) == 1
    assert partner_from_text("", partners) is None
    with pytest.raises(CellError, match="Nessun partner"):
        partner_from_text("Sconosciuto", partners)
    assert source_from_text("") is G
    assert source_from_text("partner_cash") is CASH
    assert (
        source_from_text(FundingSource.VOLUNTEER_IN_KIND.label) is FundingSource.VOLUNTEER_IN_KIND
    )
    with pytest.raises(CellError):
        source_from_text("boh")


def test_blocks_of_cells_travel_as_excel_puts_them_on_the_clipboard() -> None:
    copied = 'Personale\tEducatore\t"due\nrighe"\t1.234,5\r\nViaggi\t\t"detto ""così"""\t3\r\n\r\n'
    rows = parse_block(copied)
    assert rows == [
        ["Personale", "Educatore", "due\nrighe", "1.234,5"],
        ["Viaggi", "", 'detto "così"', "3"],
    ]
    assert parse_block(block_text(rows)) == rows
    assert parse_block("") == []


def test_deleting_leaves_a_gap_that_the_next_insertion_closes(db: Database) -> None:
    pid = _proposal(db, lines=4)
    lines = load_sheet(db, pid, TODAY).lines
    applied = apply_changes(db, pid, [DeleteLine(lines[1].id, lines[1].version)])
    assert applied.line_count == 3
    assert _order(db, pid) == [("Voce 1", 0), ("Voce 3", 2), ("Voce 4", 3)]  # as made: 0, 1…
    apply_changes(db, pid, [InsertLine(1, LineValues("travel", "Nuova"))])
    assert _order(db, pid) == [("Voce 1", 1), ("Nuova", 2), ("Voce 3", 3), ("Voce 4", 4)]
