"""Named snapshots of a budget and what changed between two of them (each backend)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from grantdesk.db.models import AuditEntry, BudgetLine, BudgetVersion, Proposal
from grantdesk.domain.vocab import FundingSource, LegalForm
from grantdesk.services.database import Database
from grantdesk.services.demo import load_demo
from grantdesk.services.proposal_check import (
    UnknownBudgetVersionError,
    UnknownProposalError,
    VersionNameError,
    budget_versions,
    compare_budget_versions,
    compare_with_current,
    save_budget_version,
)
from tests.helpers import factories as f

G = FundingSource.REQUESTED_GRANT
CASH = FundingSource.PARTNER_CASH


def _proposal(db: Database) -> int:
    with db.transaction() as s:
        call = f.call(s, "Fondo per il sociale")
        lead = f.organization(s, "Cooperativa Sociale KCS", LegalForm.SOCIAL_ENTERPRISE)
        partner = f.organization(s, "Argento Vivo ODV", LegalForm.ODV)
        p = f.proposal(
            s,
            "Punto per Te",
            call,
            lead,
            [("personnel", "37.5", "22.50", G), ("equipment", "2", "549.90", G)],
            [partner],
        )
        p.budget_lines[0].organization_id = lead.id
        p.budget_lines[1].organization_id = partner.id
        p.budget_lines[1].description = "Computer portatili"
        return p.id


def test_save_keeps_every_line_exactly(db: Database) -> None:
    pid = _proposal(db)
    info = save_budget_version(db, pid, "  Versione   presentata ")
    assert (info.name, info.line_count, info.grand_total) == (
        "Versione presentata",
        2,
        Decimal("1943.55"),
    )
    with db.reading() as s:
        version = s.get(BudgetVersion, info.id)
        assert version is not None
        rows = version.lines
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "budget_version")).one()
    assert Decimal(rows[0]["quantity"]) == Decimal("37.5")
    assert rows[0]["unit_cost"] == "22.50"
    assert rows[0]["organization"] == "Cooperativa Sociale KCS"
    assert rows[1]["organization"] == "Argento Vivo ODV"
    assert isinstance(rows[0]["id"], int)
    assert audit.entity_id == pid and "2 lines" in audit.summary
    assert [v.name for v in budget_versions(db, pid)] == ["Versione presentata"]


def test_what_changed_between_two_versions(db: Database) -> None:
    pid = _proposal(db)
    first = save_budget_version(db, pid, "Versione presentata")
    with db.transaction() as s:
        proposal = s.get(Proposal, pid)
        assert proposal is not None
        personnel, equipment = sorted(proposal.budget_lines, key=lambda li: li.position)
        personnel.quantity = Decimal("40")
        s.delete(equipment)
        proposal.budget_lines.append(
            BudgetLine(
                category="materials",
                description="Cancelleria",
                quantity=Decimal(1),
                unit_cost=Decimal("80.00"),
                source=CASH,
                position=3,
            )
        )
    assert not compare_with_current(db, first.id).is_empty
    second = save_budget_version(db, pid, "Dopo la rimodulazione")
    diff = compare_budget_versions(db, first.id, second.id)
    assert [line.description for line in diff.added] == ["Cancelleria"]
    assert [line.description for line in diff.removed] == ["Computer portatili"]
    (change,) = diff.changed
    assert change.fields == ("quantity",) and change.delta == Decimal("56.25")
    cats = {c.category: (c.before, c.after) for c in diff.categories}
    assert cats["equipment"] == (Decimal("1099.80"), Decimal("0"))
    assert cats["materials"] == (Decimal("0"), Decimal("80.00"))
    assert diff.before.grand_total == Decimal("1943.55")
    assert diff.after.grand_total == Decimal("980.00")
    assert diff.after.by_source[CASH] == Decimal("80.00")
    assert compare_with_current(db, second.id).is_empty


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("   ", "Give the version a name"),
        ("x" * 201, "under 200 characters"),
        ("versione PRESENTATA", "already has a budget version named"),
    ],
)
def test_bad_names_are_refused_and_nothing_is_saved(db: Database, name: str, message: str) -> None:
    pid = _proposal(db)
    save_budget_version(db, pid, "Versione presentata")
    with pytest.raises(VersionNameError, match=message):
        save_budget_version(db, pid, name)
    assert len(budget_versions(db, pid)) == 1


def test_unknown_proposal_and_version(db: Database) -> None:
    with pytest.raises(UnknownProposalError):
        save_budget_version(db, 404, "Bozza")
    with pytest.raises(UnknownBudgetVersionError, match="No budget version has number 7"):
        compare_budget_versions(db, 7, 8)
    with pytest.raises(UnknownBudgetVersionError):
        compare_with_current(db, 7)


def test_the_demo_versions_are_read_and_match_the_budget(db: Database) -> None:
    load_demo(db, "small", today=date(2026, 3, 10))
    with db.reading() as s:
        versions = s.scalars(select(BudgetVersion).order_by(BudgetVersion.id)).all()
        ids = [(v.id, v.proposal_id) for v in versions]
    assert len(ids) > 16
    for version_id, _pid in ids:
        assert compare_with_current(db, version_id).is_empty
    by_proposal: dict[int, list[int]] = {}
    for version_id, pid in ids:
        by_proposal.setdefault(pid, []).append(version_id)
    first, second, *_rest = max(by_proposal.values(), key=len)
    assert compare_budget_versions(db, first, second).is_empty  # same lines, other name
