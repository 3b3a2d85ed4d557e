"""What the detail pane shows of an organization."""

from __future__ import annotations

from datetime import date

from grantdesk.domain.vocab import DeadlineKind, LegalForm, ProposalStatus
from grantdesk.services.database import Database
from grantdesk.services.details import detail
from tests.helpers import factories as f
from tests.helpers.org_codes import italian_iban


def test_the_iban_is_shown_in_groups_of_four(db: Database) -> None:
    compact = italian_iban(987654)
    with db.transaction() as s:
        org = f.organization(s, "Argento Vivo ODV", LegalForm.ODV)
        org.iban = compact
        s.flush()
        org_id = org.id
    fields = dict(detail(db, "organizations", org_id).fields)
    assert fields["IBAN"] == " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
    assert fields["IBAN"].startswith("IT") and len(fields["IBAN"]) == 27 + 6


def test_a_calls_deadlines_fit_three_columns_kind_and_stage_together(db: Database) -> None:
    with db.transaction() as s:
        call = f.call(s, "Patto di comunità")
        f.deadline(s, call, date(2026, 12, 14), stage="Manifestazioni di adesione", owner="Marco")
        f.deadline(s, call, date(2027, 3, 1), kind=DeadlineKind.REPORT)
        call_id = call.id
    [table] = [t for t in detail(db, "calls", call_id).tables if t.title == "Deadlines"]
    assert table.headers == ("Date", "Deadline", "Owner")
    assert [row[1:] for row in table.rows] == [
        ("Application – Manifestazioni di adesione", "Marco"),
        ("Report", ""),
    ]


def test_a_proposals_partnership_fits_two_columns_and_the_decision_day_shows(
    db: Database,
) -> None:
    with db.transaction() as s:
        lead = f.organization(s, "Banca del Tempo “Ore Preziose” APS", LegalForm.APS)
        coop = f.organization(s, "Cooperativa Sociale KCS", LegalForm.SOCIAL_ENTERPRISE)
        p = f.proposal(
            s,
            "Anziani connessi",
            None,
            lead,
            partners=[coop],
            status=ProposalStatus.REJECTED,
            submitted_on=date(2026, 3, 2),
            decided_on=date(2026, 6, 30),
        )
        pid = p.id
    shown = detail(db, "proposals", pid)
    [table] = [t for t in shown.tables if t.title == "Partnership"]
    assert table.headers == ("Organization", "Role")
    assert table.rows[0] == (
        "Banca del Tempo “Ore Preziose” APS\nAPS – social promotion association",
        "Lead applicant",
    )
    assert table.rows[1][0].startswith("Cooperativa Sociale KCS\n")
    assert dict(shown.fields)["Decided on"] == "2026-06-30"
