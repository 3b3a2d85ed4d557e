"""The migrations build the models' schema on both backends, and the head constant is right."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm.exc import StaleDataError

from grantdesk.db import migrate
from grantdesk.db.models import Base, BudgetLine, Call, Funder, Proposal
from grantdesk.domain.vocab import FundingSource


def test_head_constant_matches_migration_scripts() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate._alembic_config())
    assert scripts.get_current_head() == migrate.HEAD


def test_migrated_schema_matches_models(db) -> None:  # type: ignore[no-untyped-def]
    report = migrate.check(db.engine)
    assert report.state is migrate.SchemaState.CURRENT
    assert report.drift == []
    assert report.ok


def test_every_editable_table_has_a_version_counter() -> None:
    unversioned = {"theme", "audit_entry", "meeting_attendee"}
    for table in Base.metadata.sorted_tables:
        if table.name.endswith("_theme") or table.name in unversioned:
            continue
        assert "version" in table.c, table.name


def test_money_round_trips_exactly_as_integer_cents(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        funder = Funder(name="Fondazione Cariplo")
        call = Call(funder=funder, title="Welfare di comunità", max_grant=Decimal("99999999999.99"))
        proposal = Proposal(title="Rete", call=call)
        s.add_all(
            [
                BudgetLine(
                    proposal=proposal,
                    category="services",
                    quantity=Decimal("3"),
                    unit_cost=Decimal("0.10"),
                    source=FundingSource.PARTNER_CASH,
                )
                for _ in range(3)
            ]
        )
    with db.reading() as s:
        stored = s.scalar(select(Call.max_grant))
        raw = s.execute(text("SELECT SUM(unit_cost_cents) FROM budget_line")).scalar()
    assert stored == Decimal("99999999999.99")
    assert raw == 30


def test_float_amounts_are_refused(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Exception, match="Decimal"), db.transaction() as s:
        s.add(Funder(name="X"))
        s.add(Call(funder=Funder(name="Y"), title="t", max_grant=0.1))  # type: ignore[arg-type]
    with db.reading() as s:
        assert s.scalar(select(Funder).where(Funder.name == "X")) is None


def test_stale_save_is_detected(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        s.add(Funder(name="Regione Emilia-Romagna"))
    first, second = db.sessions(), db.sessions()
    a = first.scalars(select(Funder)).one()
    b = second.scalars(select(Funder)).one()
    second.commit()  # desk B keeps its copy on screen; its read transaction ends
    a.notes = "desk A"
    first.commit()
    b.notes = "desk B"
    with pytest.raises(StaleDataError):
        second.commit()
    second.rollback()
    with db.reading() as s:
        assert s.scalars(select(Funder)).one().notes == "desk A"
    first.close()
    second.close()
