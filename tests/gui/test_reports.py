"""The Reports view: the pipeline chart and the results by funder, with their totals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt

from grantdesk.domain.vocab import FundingSource, ProposalStatus
from grantdesk.i18n import set_language
from grantdesk.services import dashboard
from grantdesk.ui.context import AppContext
from grantdesk.ui.models.dashboard_models import FunderResultsModel
from grantdesk.ui.views.reports import ReportsView, nice_step
from tests.helpers import factories as f

GRANT = FundingSource.REQUESTED_GRANT


@pytest.fixture
def reports(qtbot: Any, context: AppContext) -> ReportsView:
    view = ReportsView(context)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.today = lambda: date(2026, 6, 15)
    return view


def seed_results(db: Any) -> None:
    """Proposals to three funders over 2024–2026, won, lost and still in the drawer."""
    won, lost = ProposalStatus.AWARDED, ProposalStatus.REJECTED
    rows = [
        ("Fondazione Cariplo", "Quartieri in rete", won, "2025-03-14", "80000", "75000"),
        ("Fondazione Cariplo", "Orti di quartiere", lost, "2025-09-30", "45000.50", None),
        ("Fondazione Cariplo", "Tempo condiviso", ProposalStatus.CLOSED, "2024-02-02", "52000",
         "50000"),
        ("Con i Bambini", "Comunità che educa", ProposalStatus.RUNNING, "2025-05-20", "200000",
         "185000"),
        ("Regione Lombardia", "Argento vivo", ProposalStatus.SUBMITTED, "2026-01-31", "35000",
         None),
        ("Regione Lombardia", "Spesa sospesa", ProposalStatus.DRAFTING, None, "70000", None),
    ]  # fmt: skip
    partner_cash = ("services", "1", "5000", FundingSource.PARTNER_CASH)
    with db.transaction() as s:
        lead = f.organization(s, "Associazione Auser Vigevano")
        for funder, title, status, sent, grant, awarded in rows:
            call = f.call(s, f"Bando per {title}", funder)
            f.proposal(
                s,
                title,
                call,
                lead,
                [("personnel", "1", grant, GRANT), partner_cash],
                status=status,
                submitted_on=date.fromisoformat(sent) if sent else None,
                awarded_amount=Decimal(awarded) if awarded else None,
            )


def test_years_offer_every_submission_year_and_all(reports: ReportsView, context: AppContext):
    seed_results(context.db)
    reports.refresh()
    combo = reports.year_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All years",
        "2026",
        "2025",
        "2024",
    ]
    assert reports.selected_year() == 2026  # this year, since something was sent in it


@pytest.mark.parametrize("year", [None, 2024, 2025, 2026])
def test_totals_equal_the_service(reports: ReportsView, context: AppContext, year: int | None):
    seed_results(context.db)
    reports.refresh()
    reports.set_year(year)
    expected = dashboard.results_by_funder(context.db, year)  # type: ignore[arg-type]
    model = reports.results_model
    assert model.rowCount() == len(expected) + 1
    rows = [
        model.data(model.index(r, 0), FunderResultsModel.ResultRole) for r in range(len(expected))
    ]
    assert rows == expected
    total = model.total
    assert total is not None
    assert total.submitted == sum(r.submitted for r in expected)
    assert total.awarded == sum(r.awarded for r in expected)
    assert total.requested == sum(r.requested for r in expected)
    assert total.obtained == sum(r.obtained for r in expected)
    last = model.rowCount() - 1
    assert model.data(model.index(last, 0)) == "Total"
    assert model.data(model.index(last, 0), FunderResultsModel.TotalRole)


def test_the_table_shows_money_and_rates_in_italian(reports: ReportsView, context: AppContext):
    seed_results(context.db)
    set_language("it")
    reports.refresh()
    reports.set_year(2025)
    model = reports.results_model
    texts = [[model.data(model.index(r, c)) for c in range(6)] for r in range(model.rowCount())]
    assert texts == [
        ["Con i Bambini", "1", "1", "100,0 %", "€ 200.000,00", "€ 185.000,00"],
        ["Fondazione Cariplo", "2", "1", "50,0 %", "€ 125.000,50", "€ 75.000,00"],
        ["Totale", "3", "2", "66,7 %", "€ 325.000,50", "€ 260.000,00"],
    ]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert headers == [
        "Ente finanziatore",
        "Presentate",
        "Finanziate",
        "Tasso di successo",
        "Richiesto",
        "Ottenuto",
    ]
    assert reports.results_caption.text().startswith(
        "Nel 2025: 3 progetti presentati, 2 finanziati"
    )


def test_all_years_includes_everything_sent(reports: ReportsView, context: AppContext) -> None:
    seed_results(context.db)
    reports.refresh()
    reports.set_year(None)
    total = reports.results_model.total
    assert total is not None
    assert (total.submitted, total.awarded) == (5, 3)
    assert total.obtained == Decimal("310000.00")


def test_the_chart_has_every_status_with_the_service_figures(
    reports: ReportsView, context: AppContext
) -> None:
    seed_results(context.db)
    reports.refresh()
    assert reports.chart._rows == dashboard.pipeline(context.db)  # type: ignore[arg-type]
    assert reports.chart_stack.currentWidget() is reports.chart
    assert "6 proposals" in reports.pipeline_caption.text()


def test_a_database_without_proposals_shows_calm_messages(
    reports: ReportsView, context: AppContext
) -> None:
    with context.db.transaction() as s:  # type: ignore[union-attr]
        f.call(s, "Welfare di comunità")
    reports.refresh()
    assert reports.chart_stack.currentWidget() is reports.chart_empty
    assert reports.results_stack.currentWidget() is reports.results_empty
    assert reports.results_empty.text() == "No proposal has been submitted yet."
    assert [reports.year_combo.itemText(i) for i in range(reports.year_combo.count())] == [
        "All years"
    ]


def test_a_year_without_submissions_says_so(reports: ReportsView, context: AppContext) -> None:
    seed_results(context.db)
    reports.refresh()
    reports.results_model.set_results([])
    reports.year_combo.addItem("2019", 2019)
    reports.set_year(2019)
    assert reports.results_empty.text() == "No proposal was submitted in 2019."


def test_the_view_follows_new_proposals(qtbot: Any, reports: ReportsView, context: AppContext):
    seed_results(context.db)
    reports.show()
    qtbot.waitUntil(lambda: reports.results_model.rowCount() > 0)
    reports.set_year(None)
    before = reports.results_model.total
    with context.db.transaction() as s:  # type: ignore[union-attr]
        call = f.call(s, "Empori solidali", "Fondazione Cariplo")
        f.proposal(
            s,
            "Emporio",
            call,
            None,
            [("services", "1", "10000", GRANT)],
            status=ProposalStatus.REJECTED,
            submitted_on=date(2025, 11, 3),
        )
    context.notify("proposals")
    qtbot.waitUntil(lambda: reports.results_model.total != before)
    assert reports.results_model.total.submitted == before.submitted + 1  # type: ignore[union-attr]


def test_the_results_model_passes_the_model_tester(
    qtmodeltester: Any, reports: ReportsView, context: AppContext
) -> None:
    seed_results(context.db)
    reports.refresh()
    qtmodeltester.check(reports.results_model)


@pytest.mark.parametrize(
    ("top", "step"),
    [("420000", "100000"), ("95000", "20000"), ("1000", "200"), ("7", "2"), ("0", "1")],
)
def test_axis_steps_are_round(top: str, step: str) -> None:
    assert nice_step(Decimal(top)) == Decimal(step)
