"""The example data: every table filled, identical on every run and backend, all-or-nothing."""

from __future__ import annotations

import datetime
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from stdnum import iban
from stdnum.it import codicefiscale, iva

import grantdesk.services.demo as demo
from grantdesk.db.models import (
    ActionItem,
    AuditEntry,
    Base,
    BudgetLine,
    Call,
    CoDesignProcess,
    Deadline,
    Funder,
    Organization,
    Proposal,
)
from grantdesk.db.types import Money
from grantdesk.domain.dates import rome_to_utc
from grantdesk.domain.money import from_cents, round_cents
from grantdesk.domain.vocab import FundingSource, ProposalStatus
from grantdesk.services.database import Database, open_database
from grantdesk.services.demo import DemoRefusedError, DemoSummary, load_demo

TODAY = datetime.date(2026, 3, 10)
CUP = re.compile(r"^[A-Z]\d{2}[A-Z]\d{11}$")


def dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every table, every column, ordered by primary key (the audit entry's clock excluded)."""
    out = {}
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.c if not (table.name == "audit_entry" and c.name == "at")]
            query = select(*columns).order_by(*table.primary_key.columns)
            out[table.name] = [tuple(row) for row in conn.execute(query)]
    return out


@pytest.fixture
def second_sqlite(tmp_path: Path, sqlite_template: Path):  # type: ignore[no-untyped-def]
    target = tmp_path / "second.db"
    shutil.copy(sqlite_template, target)
    database = open_database(target)
    yield database
    database.close()


def test_small_fills_every_table(db: Database) -> None:
    summary = load_demo(db, "small", today=TODAY)
    assert isinstance(summary, DemoSummary)
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            count = conn.execute(select(func.count()).select_from(table)).scalar_one()
            assert count > 0, table.name
            assert summary.counts[table.name] == count
    assert summary.seconds > 0


def test_small_is_identical_on_every_run_and_backend(db: Database, second_sqlite: Database) -> None:
    load_demo(db, "small", today=TODAY)
    load_demo(second_sqlite, "small", today=TODAY)
    first, second = dump(db), dump(second_sqlite)
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], name


def test_dates_follow_today(db: Database, second_sqlite: Database) -> None:
    load_demo(db, "small", today=TODAY)
    load_demo(second_sqlite, "small", today=TODAY + datetime.timedelta(days=7))
    with db.reading() as s, second_sqlite.reading() as t:
        a = s.scalars(select(Deadline.due_at).order_by(Deadline.id)).all()
        b = t.scalars(select(Deadline.due_at).order_by(Deadline.id)).all()
    shifted = [x for x, y in zip(a, b, strict=True) if y - x == datetime.timedelta(days=7)]
    assert len(shifted) > len(a) // 2


def test_something_is_due_around_today(db: Database) -> None:
    load_demo(db, "small", today=TODAY)
    noon = rome_to_utc(TODAY)
    with db.reading() as s:
        open_deadlines = s.scalars(select(Deadline).where(Deadline.done.is_(False))).all()
        actions = s.scalars(select(ActionItem).where(ActionItem.done.is_(False))).all()
        call = s.scalars(select(Call).where(Call.recurrence.is_not(None))).first()
    days = [(d.due_at - noon).days for d in open_deadlines]
    assert any(-7 <= n < 0 for n in days), "something overdue"
    assert any(0 <= n <= 7 for n in days), "something this week"
    assert any(7 < n <= 31 for n in days), "something this month"
    assert any(n > 31 for n in days), "something later"
    assert all(d.due_at.tzinfo is not None for d in open_deadlines)
    assert any(a.due_on is not None and 0 <= (a.due_on - TODAY).days <= 7 for a in actions)
    assert call is not None and call.recurrence is not None
    assert "BYMONTH=3,6,10" in call.recurrence


def test_refuses_without_force_and_leaves_data_intact(db: Database) -> None:
    load_demo(db, "small", today=TODAY)
    before = dump(db)
    with pytest.raises(DemoRefusedError, match="already holds data"):
        load_demo(db, "small", today=TODAY)
    assert dump(db) == before


def test_refuses_when_only_a_funder_exists(db: Database) -> None:
    with db.transaction() as s:
        s.add(Funder(name="Fondazione inserita a mano"))
    with pytest.raises(DemoRefusedError):
        load_demo(db, "small", today=TODAY)


def test_force_replaces_the_data(db: Database, second_sqlite: Database) -> None:
    load_demo(db, "small", today=TODAY - datetime.timedelta(days=40))
    with db.transaction() as s:
        s.add(Funder(name="Fondazione inserita a mano"))
    load_demo(db, "small", today=TODAY, force=True)
    load_demo(second_sqlite, "small", today=TODAY)
    with db.reading() as s:
        assert s.scalar(select(Funder).where(Funder.name == "Fondazione inserita a mano")) is None
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 1
    # Same rows and ids as a load into a new database (sequences restarted on PostgreSQL).
    assert dump(db) == dump(second_sqlite)


def test_ids_start_from_one_after_rows_were_deleted(db: Database, second_sqlite: Database) -> None:
    with db.transaction() as s:
        s.add_all([Funder(name=f"Finanziatore {i}") for i in range(5)])
    with db.transaction() as s:
        s.execute(Funder.__table__.delete())
    load_demo(db, "small", today=TODAY)
    load_demo(second_sqlite, "small", today=TODAY)
    assert dump(db) == dump(second_sqlite)


def test_failure_midway_leaves_previous_data_intact(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_demo(db, "small", today=TODAY)
    with db.transaction() as s:
        s.add(Funder(name="Fondazione inserita a mano"))
    before = dump(db)

    def broken(ctx: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo, "SMALL_BUILDERS", (*demo.SMALL_BUILDERS[:3], broken))
    with pytest.raises(RuntimeError, match="disk full"):
        load_demo(db, "small", today=TODAY, force=True)
    assert dump(db) == before


def test_tax_codes_vat_numbers_ibans_and_cups_are_valid(db: Database) -> None:
    load_demo(db, "large", today=TODAY, scale=0.01)
    with db.reading() as s:
        orgs = s.scalars(select(Organization)).all()
        cups = s.scalars(select(CoDesignProcess.cup)).all()
    assert sum(o.codice_fiscale is not None for o in orgs) > 50
    for org in orgs:
        if org.codice_fiscale is not None:
            assert len(org.codice_fiscale) == 11, org.name
            assert iva.is_valid(org.codice_fiscale), org.name
            assert codicefiscale.is_valid(org.codice_fiscale), org.name
        if org.partita_iva is not None:
            assert iva.is_valid(org.partita_iva), org.name
        if org.iban is not None:
            assert iban.validate(org.iban).startswith("IT"), org.name
    assert cups and all(c is not None and CUP.match(c) for c in cups)


def test_names_with_accents_apostrophes_and_euro_sign(db: Database) -> None:
    load_demo(db, "small", today=TODAY)
    with db.reading() as s:
        names = s.scalars(select(Organization.name)).all()
        titles = s.scalars(select(Call.title)).all()
        statuses = set(s.scalars(select(Proposal.status)).all())
    assert max(len(n) for n in names) >= 115
    assert any("’" in t for t in titles) and any("€" in t for t in titles)
    assert any(ch in t for t in titles for ch in "àèéìòù")
    assert statuses == set(ProposalStatus)


def _money_columns() -> list[tuple[str, str]]:
    return [
        (table.name, column.name)
        for table in Base.metadata.sorted_tables
        for column in table.c
        if isinstance(column.type, Money)
    ]


def test_budget_maths_is_exact(db: Database) -> None:
    load_demo(db, "small", today=TODAY)
    with db.engine.connect() as conn:
        for table_name, column in _money_columns():
            table = Base.metadata.tables[table_name]
            values = conn.execute(select(table.c[column])).scalars().all()
            amounts = [v for v in values if v is not None]
            assert all(isinstance(v, Decimal) for v in amounts)
            assert all(v.as_tuple().exponent >= -2 for v in amounts), (table_name, column)
            cents = conn.execute(text(f'SELECT SUM({column}) FROM "{table_name}"')).scalar()
            assert from_cents(int(cents or 0)) == sum(amounts, Decimal(0)), (table_name, column)
        # Line totals: quantity (thousandths) × unit cost (cents), rounded half-up per line.
        in_sql = conn.execute(
            text("SELECT SUM((quantity * unit_cost_cents + 500) / 1000) FROM budget_line")
        ).scalar()
    with db.reading() as s:
        lines = s.scalars(select(BudgetLine)).all()
        proposals = s.scalars(select(Proposal)).all()
        by_proposal = {
            p.id: [line for line in lines if line.proposal_id == p.id] for p in proposals
        }
        for proposal in proposals:
            mine = by_proposal[proposal.id]
            assert 8 <= len(mine) <= 25, proposal.title
            assert {line.source for line in mine} == set(FundingSource), proposal.title
            assert 2 <= len(proposal.partners) <= 5, proposal.title
            if proposal.awarded_amount is not None:
                grant = sum(
                    (li.total for li in mine if li.source is FundingSource.REQUESTED_GRANT),
                    Decimal(0),
                )
                assert proposal.awarded_amount == grant
    assert from_cents(int(in_sql)) == sum((round_cents(li.total) for li in lines), Decimal(0))


def test_large_at_small_scale_has_proportional_counts_and_working_sequences(
    db: Database,
) -> None:
    small = load_demo(db, "small", today=TODAY).counts
    steps: list[tuple[int, int]] = []
    large = load_demo(
        db, "large", today=TODAY, force=True, scale=0.01, progress=lambda d, t: steps.append((d, t))
    ).counts
    assert large["call"] == small["call"] + 200
    assert large["organization"] == small["organization"] + 50
    assert large["proposal"] == small["proposal"] + 20
    assert large["budget_line"] == small["budget_line"] + 20 * 100
    assert large["person"] == small["person"] + 30
    assert large["funder"] == small["funder"] + 1
    assert (
        small["proposal_partner"] + 40
        <= large["proposal_partner"]
        <= small["proposal_partner"] + 80
    )
    assert small["deadline"] + 200 <= large["deadline"] <= small["deadline"] + 600
    assert steps[-1][0] == steps[-1][1]
    assert [d for d, _t in steps] == sorted(d for d, _t in steps)
    with db.transaction() as s:
        funder = s.scalars(select(Funder).order_by(Funder.id)).first()
        assert funder is not None
        call = Call(funder=funder, title="Bando aggiunto dopo il caricamento")
        org = Organization(name="Associazione aggiunta dopo il caricamento")
        proposal = Proposal(title="Progetto aggiunto", call=call, lead=org)
        s.add_all([call, org, proposal, BudgetLine(proposal=proposal, category="services")])
    with db.reading() as s:
        assert call.id == s.scalar(select(func.max(Call.id)))
        assert call.id > large["call"] - 1
        hits = s.scalar(
            select(func.count()).select_from(Call).where(Call.search_text.like("%anziani%"))
        )
        assert hits and 0 < hits < large["call"]


def test_unknown_size_is_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="small or large"):
        load_demo(db, "medium")
