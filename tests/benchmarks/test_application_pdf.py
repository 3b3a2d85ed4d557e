"""Application PDF build speed: a 40-page application with 500 budget lines in ≤ 1.5 s.

Run with ``pytest tests/benchmarks/test_application_pdf.py --benchmark-only -s``; the figures
are printed. The first test times the story and the rendering alone (the data in memory);
the second the whole export of a proposal saved in a database (the read, the rule check,
the build).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from grantdesk.db.models import Activity, Objective, Person, ProposalSection
from grantdesk.domain.vocab import FundingSource, LegalForm
from grantdesk.exports.pdf.application import application_story, build_application
from grantdesk.exports.pdf.templates import BuildOptions, build
from grantdesk.services.database import open_database
from tests.benchmarks.test_pdf import report, timed
from tests.helpers import factories
from tests.helpers.application_sample import application_sample

OPTIONS = BuildOptions("it", date(2026, 11, 22))
LIMIT = 1.5
BIG = {"partners": 12, "lines": 500, "activities": 45, "paragraphs": 6, "sections": 8}


def test_forty_page_application_with_500_budget_lines(benchmark: Any) -> None:
    data = application_sample(**BIG)
    seconds, document = timed(lambda: build(application_story, data, OPTIONS))
    report(benchmark, "application, 500 budget lines, 45 activities", seconds, document)
    assert document.pages >= 40
    assert seconds <= LIMIT


def _big_proposal(path: Path) -> int:
    db = open_database(path)
    text = "\n\n".join(
        "Le attività si svolgono nei quartieri con i volontari delle associazioni della rete, "
        "in accordo con i servizi sociali del Comune e con le parrocchie. " * 6
        for _ in range(6)
    )
    try:
        with db.transaction() as s:
            call = factories.call(s, "Bando Comunità Solidali 2027", code="BCS-2027")
            orgs = [
                factories.organization(
                    s, f"Associazione di Promozione Sociale Rete {n} per la coesione", LegalForm.APS
                )
                for n in range(13)
            ]
            for n, org in enumerate(orgs):
                s.add(Person(organization=org, first_name="Anna", last_name=f"Rossi {n}",
                             role="Presidente", email=f"anna{n}@rete.example"))  # fmt: skip
            sources = list(FundingSource)
            lines = [
                ("personnel", str(n % 40 + 1), f"{25 + n % 60}.{n % 100:02d}", sources[n % 4])
                for n in range(500)
            ]
            proposal = factories.proposal(
                s, "Comunità solidali: una rete per i quartieri", call, orgs[0], lines,
                partners=orgs[1:], acronym="RETE", duration_months=36, start_on=date(2027, 3, 1),
            )  # fmt: skip
            for n, line in enumerate(proposal.budget_lines):
                line.organization_id = orgs[n % 13].id
                line.description = f"Voce di spesa numero {n + 1} per le attività della rete"
            for n in range(8):
                s.add(ProposalSection(proposal_id=proposal.id, position=n, title=f"Sezione {n}",
                                      body=text))  # fmt: skip
                s.add(Objective(proposal_id=proposal.id, position=n, text=f"Obiettivo {n}"))
            for n in range(45):
                s.add(Activity(proposal_id=proposal.id, position=n, title=f"Attività {n + 1}",
                               responsible_id=orgs[n % 13].id, start_month=n % 30 + 1,
                               end_month=min(36, n % 30 + 6)))  # fmt: skip
            return proposal.id
    finally:
        db.close()


def test_whole_export_of_a_saved_proposal(benchmark: Any, tmp_path: Path) -> None:
    path = tmp_path / "big.db"
    pid = _big_proposal(path)
    db = open_database(path)
    try:
        seconds, document = timed(lambda: build_application(db, pid, OPTIONS))
        report(benchmark, "application from the database (read + check + build)", seconds, document)
    finally:
        db.close()
    assert document.pages >= 30
    assert seconds <= LIMIT
