"""Merging two records of the same body keeps every link: no row is lost, undo splits them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from grantdesk.db.models import (
    Activity,
    AuditEntry,
    Base,
    BudgetLine,
    CoDesignApplication,
    CoDesignProcess,
    Commitment,
    Meeting,
    MeetingAttendee,
    Organization,
    OrganizationDocument,
    Person,
    Practice,
    ProposalPartner,
    TextBlock,
    Theme,
)
from grantdesk.domain.vocab import ApplicationOutcome, CommitmentKind, FundingSource, LegalForm
from grantdesk.services.editing import ConflictError
from grantdesk.services.organization_editing import OrganizationForm, load_form, update_organization
from grantdesk.services.organization_merge import merge_organizations, undo_merge
from grantdesk.services.organization_merge_preview import (
    LINK_LABELS,
    merge_candidates,
    organization_links,
    preview_merge,
)
from tests.helpers import factories as f
from tests.helpers.org_codes import body_code, italian_iban

DROP_CODE = body_code(7654321, 18)


def _seed(db: Any) -> dict[str, int]:
    """Two records of the same association, linked from every table that can point at one."""
    with db.transaction() as s:
        anziani, giovani, poverta = (
            Theme(name="anziani"),
            Theme(name="giovani"),
            Theme(name="povertà"),
        )
        keep = f.organization(
            s,
            "Il Melograno APS",
            LegalForm.OTHER,
            municipality="Milano",
            province="MI",
            phone="02 1234567",
            volunteers=40,
            themes=[anziani, giovani],
        )
        drop = f.organization(
            s,
            "Associazione Il Melograno",
            LegalForm.APS,
            codice_fiscale=DROP_CODE,
            iban=italian_iban(42),
            address="Via Boffalora 3",
            postal_code="20142",
            municipality="Milano",
            province="MI",
            phone="02 7654321",
            email="info@melograno.example",
            notes="Sede operativa al piano terra.",
            themes=[giovani, poverta],
        )
        other = f.organization(s, "Cooperativa Sociale Aurora", LegalForm.SOCIAL_ENTERPRISE)
        call = f.call(s, "Welfare di comunità")
        # Drop leads p1 (other partners); keep leads p2 where drop is partner (redundant);
        # both partners of p3; drop leads p4 where keep is partner (redundant the other way).
        p1 = f.proposal(s, "Quartieri solidali", call, drop, partners=[other])
        p2 = f.proposal(s, "Anziani in rete", call, keep, partners=[drop])
        p3 = f.proposal(s, "Spazio giovani", call, other, partners=[keep, drop])
        p4 = f.proposal(s, "Orti condivisi", call, drop, partners=[keep])
        p5 = f.proposal(s, "Doposcuola", call, other, partners=[drop])
        p3.partners[0].role = "formazione"
        p3.partners[1].role = "animazione"
        for p in (p1, p5):
            p.budget_lines.append(
                BudgetLine(
                    category="personnel",
                    organization_id=drop.id,
                    quantity=Decimal(10),
                    unit_cost=Decimal("25.00"),
                    source=FundingSource.REQUESTED_GRANT,
                )
            )
        p1.activities.append(Activity(title="Mappatura", responsible_id=drop.id))
        process = CoDesignProcess(title="Co-progettazione anziani", promoter=drop)
        other_process = CoDesignProcess(title="Tavolo povertà", promoter=other)
        s.add_all([process, other_process])
        s.flush()
        s.add_all(
            [
                CoDesignApplication(
                    process=process,
                    organization_id=keep.id,
                    outcome=ApplicationOutcome.EXCLUDED,
                    exclusion_reason="documenti incompleti",
                    received_on=date(2026, 3, 2),
                ),
                CoDesignApplication(
                    process=process,
                    organization_id=drop.id,
                    outcome=ApplicationOutcome.ADMITTED,
                    received_on=date(2026, 2, 27),
                ),
                CoDesignApplication(process=other_process, organization_id=drop.id),
                Commitment(
                    process=process,
                    organization_id=drop.id,
                    kind=CommitmentKind.VOLUNTEER_HOURS,
                    quantity=Decimal(120),
                    unit_value=Decimal("15.00"),
                ),
            ]
        )
        person_d = Person(organization=drop, first_name="Nadia", last_name="Test")
        person_k = Person(organization=keep, first_name="Ivo", last_name="Prova")
        s.add_all(
            [person_d, person_k, Person(organization=drop, first_name="Ada", last_name="Uno")]
        )
        meeting = Meeting(process=process, held_at=datetime(2026, 4, 9, 15, 0, tzinfo=UTC))
        s.add(meeting)
        s.flush()
        s.add(
            MeetingAttendee(meeting_id=meeting.id, person_id=person_d.id, organization_id=drop.id)
        )
        s.add(
            MeetingAttendee(meeting_id=meeting.id, person_id=person_k.id, organization_id=keep.id)
        )
        s.add_all(
            [
                OrganizationDocument(organization=drop, kind="statute", title="Statuto"),
                OrganizationDocument(
                    organization=drop,
                    kind="insurance",
                    title="Polizza",
                    expires_on=date(2027, 1, 1),
                ),
                OrganizationDocument(organization=keep, kind="accounts", title="Bilancio 2025"),
                Practice(title="Portierato sociale", organization_id=drop.id),
                TextBlock(title="Presentazione", body="Dal 1998…", organization_id=drop.id),
            ]
        )
        s.flush()
        return {
            "keep": keep.id,
            "drop": drop.id,
            "other": other.id,
            "p2": p2.id,
            "p3": p3.id,
            "p4": p4.id,
            "process": process.id,
        }


def _table_counts(db: Any) -> dict[str, int]:
    with db.reading() as s:
        return {
            t.name: int(s.scalar(select(func.count()).select_from(t)) or 0)
            for t in Base.metadata.sorted_tables
        }


def _link_counts(db: Any, org_id: int) -> dict[tuple[str, str], int]:
    with db.reading() as s:
        return {
            (t.name, c): int(
                s.scalar(select(func.count()).select_from(t).where(t.c[c] == org_id)) or 0
            )
            for t, c in organization_links()
        }


def _versions(db: Any, *ids: int) -> list[int]:
    with db.reading() as s:
        return [s.get(Organization, i).version for i in ids]


def test_every_link_to_an_organization_has_a_label() -> None:
    links = {(t.name, c) for t, c in organization_links()}
    assert links == set(LINK_LABELS)


def test_merging_moves_every_link_and_loses_no_row(db: Any) -> None:
    ids = _seed(db)
    keep, drop = ids["keep"], ids["drop"]
    tables_before = _table_counts(db)
    keep_before, drop_before = _link_counts(db, keep), _link_counts(db, drop)
    assert all(drop_before.values()), "the seed must link the dropped record from every table"

    preview = preview_merge(db, keep, drop)
    moves = dict(preview.moves)
    assert moves["Proposals as lead applicant"] == 2
    assert moves["Partnerships in proposals"] == 1  # p5; p2 and p3 are combined
    assert moves["Themes"] == 1  # povertà; giovani is already on the kept record
    assert len(preview.combined) == 3
    filled = dict(preview.filled)
    assert filled["Tax code"] == DROP_CODE
    assert filled["Legal form"] == "APS – social promotion association"
    assert ("Phone", "02 1234567", "02 7654321") in preview.conflicts

    result = merge_organizations(db, keep, drop, *_versions(db, keep, drop))

    tables_after = _table_counts(db)
    # Combined rows: p3 (both partners), p2 (drop partner of keep's bid), p4 (keep partner
    # of drop's bid); one co-design application; the shared theme's link.
    expected_loss = {
        "organization": 1,
        "proposal_partner": 3,
        "codesign_application": 1,
        "organization_theme": 1,
        "audit_entry": -1,  # the merge is written down
    }
    for table, before in tables_before.items():
        assert tables_after[table] == before - expected_loss.get(table, 0), table
    assert _link_counts(db, drop) == dict.fromkeys(drop_before, 0)
    keep_after = _link_counts(db, keep)
    for link, before in keep_before.items():
        combined = {
            ("proposal_partner", "organization_id"): 3,
            ("codesign_application", "organization_id"): 1,
            ("organization_theme", "organization_id"): 1,
        }.get(link, 0)
        assert keep_after[link] == before + drop_before[link] - combined, link
    # The dropped record's own links all moved, but two partnerships, one application and
    # its two themes, which were combined instead.
    assert result.moved_count == sum(drop_before.values()) - 2 - 1 - 2
    assert result.moved_count == preview.total_moves - moves["Themes"]  # as announced

    with db.reading() as s:
        kept = s.get(Organization, keep)
        assert kept.codice_fiscale == DROP_CODE  # filled from the dropped record
        assert kept.legal_form is LegalForm.APS
        assert kept.phone == "02 1234567"  # both had one: the kept one stays
        assert kept.address == "Via Boffalora 3"
        assert kept.notes == "Sede operativa al piano terra."
        assert sorted(t.name for t in kept.themes) == ["anziani", "giovani", "povertà"]
        p3_partners = s.scalars(
            select(ProposalPartner).where(ProposalPartner.proposal_id == ids["p3"])
        ).all()
        assert [(p.organization_id, p.role) for p in p3_partners] == [
            (keep, "formazione; animazione")
        ]
        for bid in ("p2", "p4"):  # the kept body leads both: it is not also their partner
            assert not s.scalars(
                select(ProposalPartner).where(ProposalPartner.proposal_id == ids[bid])
            ).all()
        app = s.scalars(
            select(CoDesignApplication).where(CoDesignApplication.process_id == ids["process"])
        ).one()
        assert (app.organization_id, app.outcome, app.received_on) == (
            keep,
            ApplicationOutcome.ADMITTED,
            date(2026, 2, 27),
        )
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "merge")).one()
        assert audit.entity_id == keep and "Associazione Il Melograno" in audit.summary
        assert "melograno" in s.get(CoDesignProcess, ids["process"]).search_text

    undone = undo_merge(db, result)
    assert _table_counts(db) == {**tables_before, "audit_entry": 3}  # merge, create, unmerge
    assert _link_counts(db, keep) == keep_before
    assert _link_counts(db, undone.drop_id) == drop_before
    with db.reading() as s:
        roles = s.scalars(
            select(ProposalPartner.role)
            .where(ProposalPartner.proposal_id == ids["p3"])
            .order_by(ProposalPartner.role)
        ).all()
        assert roles == ["animazione", "formazione"]
        apps = {
            a.organization_id: a.outcome
            for a in s.scalars(
                select(CoDesignApplication).where(CoDesignApplication.process_id == ids["process"])
            )
        }
        assert apps == {
            keep: ApplicationOutcome.EXCLUDED,
            undone.drop_id: ApplicationOutcome.ADMITTED,
        }
        back = s.get(Organization, undone.drop_id)
        assert (back.name, back.codice_fiscale) == ("Associazione Il Melograno", DROP_CODE)
        assert s.get(Organization, keep).codice_fiscale is None


def test_a_merge_is_refused_when_either_record_changed(db: Any) -> None:
    ids = _seed(db)
    keep, drop = ids["keep"], ids["drop"]
    versions = _versions(db, keep, drop)
    form, version = load_form(db, drop)
    update_organization(db, drop, OrganizationForm(**{**form.__dict__, "staff": 3}), version)
    with pytest.raises(ConflictError):
        merge_organizations(db, keep, drop, *versions)
    with pytest.raises(ValueError, match="two different"):
        merge_organizations(db, keep, keep, versions[0], versions[0])


def test_undoing_a_merge_is_refused_once_the_kept_record_changed(db: Any) -> None:
    ids = _seed(db)
    keep, drop = ids["keep"], ids["drop"]
    result = merge_organizations(db, keep, drop, *_versions(db, keep, drop))
    form, version = load_form(db, keep)
    update_organization(db, keep, OrganizationForm(**{**form.__dict__, "staff": 9}), version)
    with pytest.raises(ConflictError, match="can no longer be undone"):
        undo_merge(db, result)


def test_candidates_are_the_look_alikes_first_and_search_narrows_them(db: Any) -> None:
    ids = _seed(db)
    names = [name for _id, name, _place, _code in merge_candidates(db, ids["keep"])]
    assert names == ["Associazione Il Melograno"]
    found = merge_candidates(db, ids["keep"], "aurora")
    assert [(i, n) for i, n, _p, _c in found] == [(ids["other"], "Cooperativa Sociale Aurora")]
