"""The three reports on the example data, on SQLite and PostgreSQL: they build, they are
byte-identical with a fixed date, and every figure printed equals the services' to the cent."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from grantdesk.db.models import BudgetLine, Organization, Proposal, ProposalPartner
from grantdesk.domain.dates import utc_to_rome
from grantdesk.domain.money import ZERO, format_eur, format_percent
from grantdesk.domain.vocab import FundingSource
from grantdesk.exports.pdf.deadlines import build_deadlines
from grantdesk.exports.pdf.organization_sheet import build_organization_sheet
from grantdesk.exports.pdf.pipeline import build_pipeline
from grantdesk.exports.pdf.templates import BuildOptions, document_language
from grantdesk.services import dashboard, report_data
from grantdesk.services.dashboard import WON
from grantdesk.services.demo import load_demo
from grantdesk.services.details import RecordNotFoundError
from tests.helpers.pdf import pdf_info, pdf_text, squeeze

TODAY = date(2026, 11, 22)
IT = BuildOptions("it", TODAY)


@pytest.fixture
def demo(db: Any) -> Any:
    load_demo(db, "small", today=TODAY)
    return db


def busiest_organization(db: Any) -> int:
    """The organization in the most proposals (as lead or partner)."""
    with db.reading() as s:
        counts: dict[int, int] = {}
        for (org,) in s.execute(select(Proposal.lead_id).where(Proposal.lead_id.is_not(None))):
            counts[org] = counts.get(org, 0) + 1
        for (org,) in s.execute(select(ProposalPartner.organization_id)):
            counts[org] = counts.get(org, 0) + 1
    return max(counts, key=lambda k: (counts[k], -k))


def lines_with(text: str, *needles: str) -> list[str]:
    return [line for line in text.splitlines() if all(n in line for n in needles)]


@pytest.mark.parametrize("year", [None, 2024, 2025, 2026])
def test_pipeline_figures_equal_the_services_to_the_cent(demo: Any, year: int | None) -> None:
    document = build_pipeline(demo, year, IT)
    text = pdf_text(document.data, layout=True)
    results = dashboard.results_by_funder(demo, year)
    assert results, "the demo sends proposals every year"
    for r in results:  # each funder's row: both amounts and the rate, on one line
        rate = format_percent(r.success_rate, 1, "it")
        assert lines_with(text, format_eur(r.requested), format_eur(r.obtained), rate), r.funder
    requested = sum((r.requested for r in results), ZERO)
    obtained = sum((r.obtained for r in results), ZERO)
    submitted = sum(r.submitted for r in results)
    assert lines_with(text, "Totale", str(submitted), format_eur(requested), format_eur(obtained))
    statuses = dashboard.pipeline(demo)
    for s in statuses:
        if s.proposals:
            with document_language("it"):
                label = s.status.label
            assert lines_with(text, label, format_eur(s.requested)), s.status
    in_pipeline = sum((s.requested for s in statuses), ZERO)
    count = sum(s.proposals for s in statuses)
    assert lines_with(text, "Totale", str(count), format_eur(in_pipeline))


def test_pipeline_data_is_the_reports_view_data(demo: Any) -> None:
    for year in (None, *dashboard.submission_years(demo)):
        data = report_data.pipeline_report(demo, year=year, today=TODAY)
        assert list(data.funders) == dashboard.results_by_funder(demo, year)
        assert list(data.statuses) == dashboard.pipeline(demo)
    everything = report_data.pipeline_report(demo, year=None, today=TODAY)
    by_year = sum((y.results.requested for y in everything.years), ZERO)
    assert by_year == everything.total.requested
    assert all(not d.done for d in everything.upcoming)


def test_organization_sheet_totals_equal_the_database(demo: Any) -> None:
    org_id = busiest_organization(demo)
    with demo.reading() as s:
        org = s.get(Organization, org_id)
        assert org is not None
        partner_of = select(ProposalPartner.proposal_id).where(
            ProposalPartner.organization_id == org_id
        )
        proposals = list(
            s.scalars(
                select(Proposal).where((Proposal.lead_id == org_id) | Proposal.id.in_(partner_of))
            )
        )
        lines = list(
            s.scalars(
                select(BudgetLine).where(BudgetLine.proposal_id.in_([p.id for p in proposals]))
            )
        )
        requested = sum(
            (ln.total for ln in lines if ln.source is FundingSource.REQUESTED_GRANT), ZERO
        )
        own = sum((ln.total for ln in lines if ln.organization_id == org_id), ZERO)
        awarded = sum((p.awarded_amount or ZERO for p in proposals if p.status in WON), ZERO)
        name = org.name
    document = build_organization_sheet(demo, org_id, IT)
    text = pdf_text(document.data, layout=True)
    assert lines_with(text, "Totale", format_eur(requested), format_eur(awarded), format_eur(own))
    assert squeeze(name) in squeeze(pdf_text(document.data))
    sheet = report_data.organization_sheet(demo, org_id, TODAY)
    assert len(sheet.history) == len(proposals) >= 2


def test_document_states_follow_the_sheet_day(demo: Any) -> None:
    with demo.reading() as s:
        org_id = s.scalar(select(func.min(Organization.id)))
    sheet = report_data.organization_sheet(demo, org_id, TODAY)
    for d in sheet.documents:
        assert d.state is report_data.document_state(d.expires_on, TODAY)
    assert (
        report_data.document_state(TODAY - timedelta(days=1), TODAY)
        is report_data.DocumentState.EXPIRED
    )
    assert report_data.document_state(TODAY, TODAY) is report_data.DocumentState.EXPIRING
    assert (
        report_data.document_state(TODAY + timedelta(days=30), TODAY)
        is report_data.DocumentState.EXPIRING
    )
    assert (
        report_data.document_state(TODAY + timedelta(days=31), TODAY)
        is report_data.DocumentState.VALID
    )
    assert report_data.document_state(None, TODAY) is report_data.DocumentState.NO_EXPIRY


def test_deadlines_report_lists_every_deadline_by_week(demo: Any) -> None:
    first, last = TODAY - timedelta(days=10), TODAY + timedelta(days=60)
    items = dashboard.deadlines_between(demo, first, last, TODAY)
    assert len(items) > 5
    document = build_deadlines(demo, first, last, None, IT)
    text = squeeze(pdf_text(document.data, raw=True))  # drawing order: each cell whole
    for item in items:
        assert squeeze(item.title) in text, item.title
    mondays = {(d := utc_to_rome(i.due_at).date()) - timedelta(days=d.weekday()) for i in items}
    assert text.count("Settimana") == len(mondays)
    data = report_data.deadlines_report(demo, first, last, TODAY)
    assert data.count == len(items)
    assert all(w.monday.weekday() == 0 for w in data.weeks)


def test_deadlines_for_one_owner(demo: Any) -> None:
    first, last = TODAY, TODAY + timedelta(days=90)
    owner = dashboard.owners(demo)[0]
    mine = dashboard.deadlines_between(demo, first, last, TODAY, owner=owner)
    data = report_data.deadlines_report(demo, first, last, TODAY, owner)
    assert data.count == len(mine) and all(i.owner == owner for w in data.weeks for i in w.items)
    text = pdf_text(build_deadlines(demo, first, last, owner, IT).data)
    assert f"Responsabile: {owner}" in text


@pytest.mark.parametrize("which", ["pipeline", "deadlines", "organization"])
def test_each_report_is_byte_identical_with_a_fixed_date(demo: Any, which: str) -> None:
    org_id = busiest_organization(demo)
    builders = {
        "pipeline": lambda o: build_pipeline(demo, None, o),
        "deadlines": lambda o: build_deadlines(demo, TODAY, TODAY + timedelta(days=45), None, o),
        "organization": lambda o: build_organization_sheet(demo, org_id, o),
    }
    first = builders[which](IT)
    second = builders[which](IT)
    assert first.data == second.data
    assert first.pages >= 1 and pdf_info(first.data)["Pages"] == str(first.pages)
    english = builders[which](BuildOptions("en", TODAY))
    assert english.data != first.data


def test_an_organization_deleted_meanwhile_is_a_clear_error(demo: Any) -> None:
    with pytest.raises(RecordNotFoundError, match="no organization number 999999"):
        build_organization_sheet(demo, 999_999, IT)


def test_a_database_without_proposals_still_gives_a_calm_report(db: Any) -> None:
    text = pdf_text(build_pipeline(db, 2026, IT).data)
    assert "Ancora nessun progetto." in text
    assert "Nessun progetto presentato nel 2026." in text
    assert "Nessuna scadenza." in text
    empty = pdf_text(build_deadlines(db, TODAY, TODAY, "Nessuno", IT).data)
    assert "Nessuna scadenza per Nessuno in questo periodo." in empty


def test_amounts_are_decimals_to_the_cent(demo: Any) -> None:
    data = report_data.pipeline_report(demo, year=None, today=TODAY)
    for f in data.funders:
        assert f.requested == f.requested.quantize(Decimal("0.01"))
