"""The application PDF of every example proposal, on SQLite and PostgreSQL: the totals it
prints equal ``grantdesk check proposal`` and ``budget_totals`` to the cent, the rule check's
findings are printed as the check words them, the output is reproducible, and who signs is
the body's legal representative (or a blank line)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from sqlalchemy import select

from grantdesk.db.models import Organization, Person, Proposal
from grantdesk.domain.budget import category_label
from grantdesk.domain.money import ZERO, format_eur, format_percent
from grantdesk.domain.vocab import FundingSource, LegalForm
from grantdesk.exports.pdf.application import build_application
from grantdesk.exports.pdf.templates import BuildOptions, document_language
from grantdesk.services.application_data import application_data, legal_representative
from grantdesk.services.demo import load_demo
from grantdesk.services.proposal_check import (
    UnknownProposalError,
    budget_totals,
    check_proposal,
    proposal_budget,
)
from tests.helpers import factories
from tests.helpers.pdf import pdf_info, pdf_text, squeeze

TODAY = date(2026, 11, 22)
IT = BuildOptions("it", TODAY)
SOURCES = (
    FundingSource.REQUESTED_GRANT,
    FundingSource.PARTNER_CASH,
    FundingSource.VOLUNTEER_IN_KIND,
    FundingSource.OTHER_FUNDER,
)


@pytest.fixture
def demo(db: Any) -> Any:
    load_demo(db, "small", today=TODAY)
    return db


def proposal_ids(db: Any) -> list[int]:
    with db.reading() as s:
        return list(s.scalars(select(Proposal.id).order_by(Proposal.id)))


def lines_with(text: str, *needles: str) -> list[str]:
    return [line for line in text.splitlines() if all(n in line for n in needles)]


def pct(value: Decimal | None) -> str:
    assert value is not None
    return format_percent(value, 2, "it")


def test_every_demo_application_prints_the_checks_totals_to_the_cent(demo: Any) -> None:
    ids = proposal_ids(demo)
    assert len(ids) == 16
    for pid in ids:
        checked = check_proposal(demo, pid, TODAY)
        totals = budget_totals(demo, pid)
        assert totals == checked.totals
        names = proposal_budget(demo, pid).partner_names
        document = build_application(demo, pid, IT)
        text = pdf_text(document.data, layout=True)
        flat = squeeze(pdf_text(document.data, raw=True))
        where = f"proposal {pid}"
        grand = format_eur(totals.grand_total)

        def part(amount: Decimal, whole: Decimal = totals.grand_total) -> Decimal:
            return (amount * 100 / whole).quantize(Decimal("0.01"), ROUND_HALF_UP)

        # The cover and the key figures.
        assert lines_with(text, "Contributo richiesto", format_eur(totals.requested_grant)), where
        assert lines_with(text, "Costo totale", grand), where
        co_financing = f"{format_eur(totals.co_financing)} ({pct(totals.co_financing_share)}"
        assert lines_with(text, "Cofinanziamento", co_financing), where
        assert squeeze(f"Contributo richiesto ({pct(totals.grant_share)})") in flat, where
        # By cost category: each category with its amount and share; the total.
        for category, amount in totals.by_category.items():
            assert lines_with(text, format_eur(amount), pct(part(amount))), (where, category)
            with document_language("it"):
                assert squeeze(category_label(category)) in flat, (where, category)
        assert len(lines_with(text, "Totale", grand)) >= 4, (
            where
        )  # category, partner, source, lines
        # By partner: every source column, the partner's total and share on one line.
        for partner, amount in totals.by_partner.items():
            cells = [format_eur(totals.by_partner_source.get((partner, s), ZERO)) for s in SOURCES]
            assert lines_with(text, *cells, format_eur(amount)), (where, partner)
            if partner is not None:
                assert squeeze(names[partner]) in flat, (where, partner)
        columns = [format_eur(totals.by_source[s]) for s in SOURCES]
        assert lines_with(text, "Totale", *columns, grand), where
        # By source.
        for source in SOURCES:
            amount = totals.by_source[source]
            with document_language("it"):
                label = source.label
            share = totals.grant_share if source is FundingSource.REQUESTED_GRANT else part(amount)
            assert lines_with(text, label, format_eur(amount), pct(share)), (where, source)
        # The rule check, as the check words it (in the document's language).
        with document_language("it"):
            findings = check_proposal(demo, pid, TODAY).findings
        for finding in findings:
            assert squeeze(finding.message) in flat, (where, finding.code)
        if not findings:
            assert "Nessunaregoladelbandoèviolata." in flat, where


def test_the_data_is_the_checks_data(demo: Any) -> None:
    for pid in proposal_ids(demo):
        data = application_data(demo, pid, TODAY)
        totals = check_proposal(demo, pid, TODAY).totals
        budget = data.budget
        assert budget.grand_total == totals.grand_total
        assert budget.requested_grant == totals.requested_grant
        assert budget.co_financing == totals.co_financing
        assert budget.grant_share == totals.grant_share
        assert budget.co_financing_share == totals.co_financing_share
        assert {c.category: c.total.amount for c in budget.by_category} == dict(totals.by_category)
        assert {s.source: s.total.amount for s in budget.by_source} == dict(totals.by_source)
        assert sum((p.total.amount for p in budget.by_partner), ZERO) == totals.grand_total
        assert sum((line.total for line in budget.lines), ZERO) == totals.grand_total
        assert len(budget.lines) == totals.line_count
        assert [f.message for f in data.findings] == [
            f.message for f in check_proposal(demo, pid, TODAY).findings
        ]
        assert data.members[0].lead and not any(m.lead for m in data.members[1:])
        assert len(data.signatories) == len(data.members)


def test_same_data_and_date_give_the_same_bytes(demo: Any) -> None:
    pid = proposal_ids(demo)[2]
    first = build_application(demo, pid, IT)
    second = build_application(demo, pid, IT)
    assert first.data == second.data and first.pages >= 5
    info = pdf_info(first.data)
    assert info["Title"].startswith("Domanda: ")
    assert "Domanda di contributo" in pdf_text(first.data)


def test_english_on_request(demo: Any) -> None:
    pid = proposal_ids(demo)[2]
    totals = budget_totals(demo, pid)
    text = pdf_text(build_application(demo, pid, BuildOptions("en", TODAY)).data)
    assert "Application for funding" in text and "Signature of the legal representative" in text
    assert format_eur(totals.grand_total, "en") in text and "2026-11-22" in text
    assert "Domanda di contributo" not in text and "Firma del legale" not in text


def test_an_unknown_proposal_is_refused(demo: Any) -> None:
    with pytest.raises(UnknownProposalError):
        build_application(demo, 999_999, IT)


def test_signatories_are_the_legal_representatives_or_a_blank(db: Any) -> None:
    with db.transaction() as s:
        lead = factories.organization(
            s, "Cooperativa Sociale L’Aquilone", LegalForm.SOCIAL_ENTERPRISE
        )
        partner = factories.organization(s, "Parrocchia di San Rocco", LegalForm.PARISH)
        nobody = factories.organization(s, "Comitato Via Roma", LegalForm.INFORMAL_GROUP)
        for org, first, last, role in [
            (lead, "Marta", "Riva", "Coordinatrice"),
            (lead, "Paolo", "Neri", "Vicepresidente"),
            (lead, "Lucia", "Conti", "Presidente e legale rappresentante"),
            (partner, "Don Carlo", "Sala", "Parroco"),
            (nobody, "Ada", "Villa", "Portavoce"),
        ]:
            s.add(Person(organization=org, first_name=first, last_name=last, role=role))
        call = factories.call(s, "Bando Comunità 2027", code="BC-2027")
        proposal = factories.proposal(
            s,
            "Quartieri che curano",
            call,
            lead,
            [("personnel", "10", "25.50", FundingSource.REQUESTED_GRANT)],
            partners=[partner, nobody],
            acronym="QC",
        )
        pid = proposal.id
    data = application_data(db, pid, TODAY)
    assert [(p.organization, p.name, p.role) for p in data.signatories] == [
        ("Cooperativa Sociale L’Aquilone", "Lucia Conti", "Presidente e legale rappresentante"),
        ("Parrocchia di San Rocco", "Don Carlo Sala", "Parroco"),
        ("Comitato Via Roma", "", ""),
    ]
    assert data.members[0].contact == "Marta Riva"  # the first contact recorded
    text = pdf_text(build_application(db, pid, IT).data)
    assert "Legale rappresentante: Lucia Conti (Presidente e legale rappresentante)" in text
    assert squeeze(text).count(squeeze("Nome e cognome del legale rappresentante")) == 1
    assert "BC-2027" in text and "Domanda · QC" in text  # the header


def test_the_strongest_role_wins() -> None:
    def person(pid: int, role: str) -> Person:
        return Person(id=pid, first_name="A", last_name=str(pid), role=role)

    people = [person(1, "Presidente onorario"), person(2, "Legale rappresentante")]
    assert legal_representative(people) is people[1]
    assert legal_representative([person(3, "Vice-presidente"), person(4, "Tesoriere")]) is None
    assert legal_representative([person(5, "Sindaca")]) is not None
    assert legal_representative([]) is None


def test_a_proposal_without_call_lead_or_budget_still_builds(db: Any) -> None:
    with db.transaction() as s:
        pid = factories.proposal(s, "Idea senza bando", None, None).id
    document = build_application(db, pid, IT)
    flat = squeeze(pdf_text(document.data))
    assert squeeze("Bando non ancora scelto") in flat
    assert squeeze("Ancora nessuna voce di spesa.") in flat
    assert squeeze("Il capofila e i partner non sono ancora stati scelti.") in flat
    with db.reading() as s:
        assert s.scalar(select(Organization.id)) is None
