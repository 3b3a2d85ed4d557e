"""The budget grid with 2,000 lines: from an edit to the totals and findings on screen.

Run with ``pytest tests/benchmarks/test_budget_grid.py --benchmark-only -s``; the normal run
skips benchmarks. Two figures: the whole edit as the user makes it (the undoable command
writes the line in its own transaction, the model replays it, totals and the rule check are
refreshed on screen), and the part after the write (model, running totals, rule check,
totals panel and findings list), which must stay within 10 ms.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from grantdesk.domain.vocab import BudgetCategory, FundingSource, LegalForm
from grantdesk.services.budget_editing import InsertLine, LineValues, apply_changes
from tests.helpers import factories as f

LINES = 2_000
LIMIT_MS = 10.0
TODAY = date(2026, 3, 10)


@pytest.fixture(scope="module")
def budget_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    from grantdesk.services.database import open_database

    path = tmp_path_factory.mktemp("grid") / "budget.db"
    db = open_database(path)
    rng = random.Random("budget-grid")
    with db.transaction() as s:
        call = f.call(
            s,
            "Bando Welfare di comunità 2026",
            overhead_cap_pct=Decimal(10),
            min_cofinancing_pct=Decimal(20),
            max_grant=Decimal("2500000"),
            volunteer_time_allowed=True,
            volunteer_hourly_value=Decimal(15),
            min_partners=3,
        )
        lead = f.organization(s, "Cooperativa Sociale Il Faro", LegalForm.SOCIAL_ENTERPRISE)
        partners = [f.organization(s, f"Associazione partner {i} APS") for i in range(11)]
        proposal = f.proposal(s, "Rete di comunità", call, lead, [], partners)
        members = [lead.id, *(p.id for p in partners)]
        pid = proposal.id
    categories = [c.value for c in BudgetCategory]
    apply_changes(
        db,
        pid,
        [
            InsertLine(
                i,
                LineValues(
                    rng.choice(categories),
                    f"Voce di costo {i}",
                    rng.choice(members),
                    "ore",
                    Decimal(rng.randint(1, 400_000)).scaleb(-3),
                    Decimal(rng.randint(100, 500_000)).scaleb(-2),
                    rng.choice(list(FundingSource)),
                ),
            )
            for i in range(LINES)
        ],
    )
    db.close()
    return path, pid


@pytest.fixture
def editor(budget_db: tuple[Path, int], qtbot: Any) -> Any:
    from grantdesk.services.database import open_database
    from grantdesk.ui.budget_grid import BudgetEditor
    from grantdesk.ui.context import AppContext

    path, pid = budget_db
    context = AppContext()
    context.set_database(open_database(path))
    widget = BudgetEditor(context, pid, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.model.rowCount() == LINES
    yield widget
    context.set_database(None)


def _median_ms(benchmark: Any) -> float:
    return float(benchmark.stats.stats.median) * 1000


def test_an_edit_written_and_shown(benchmark: Any, editor: Any) -> None:
    counter = iter(range(10**9))

    def edit() -> None:
        row = next(counter) * 37 % LINES
        values = editor.model.line(row).values
        editor.push_edits("bench", [(row, replace(values, quantity=values.quantity + 1))])

    benchmark.pedantic(edit, rounds=100, warmup_rounds=3)
    print(
        f"\n{LINES} lines, edit → written → totals and findings shown: {_median_ms(benchmark):.2f} ms"
    )
    assert editor.model.totals().line_count == LINES


def test_totals_and_findings_after_the_write(benchmark: Any, editor: Any) -> None:
    """What follows the database write: the model replays the line, totals and findings."""
    from grantdesk.domain.budget import compute_totals
    from grantdesk.services.budget_editing import SheetLine

    counter = iter(range(10**9))

    def after_the_write() -> None:
        row = next(counter) * 37 % LINES
        line = editor.model.line(row)
        values = replace(line.values, unit_cost=line.values.unit_cost + Decimal("0.01"))
        editor.model.replace_line(SheetLine(line.id, line.version, values, line.partner_name))
        editor.model.budget_changed.emit()

    benchmark.pedantic(after_the_write, rounds=300, warmup_rounds=5)
    median = _median_ms(benchmark)
    print(f"\n{LINES} lines, replay + totals + rule check + panels: {median:.2f} ms (median)")
    assert editor.model.totals() == compute_totals(editor.model.lines())
    assert median <= LIMIT_MS
