"""The parts of a proposal: partnership with document warnings, sections, objectives,
activities within the duration, indicators, SWOT and checklist — versioned and undo-safe."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from grantdesk.db.models import (
    AuditEntry,
    CallRequirement,
    IndicatorMeasurement,
    OrganizationDocument,
    ProposalSection,
)
from grantdesk.domain.vocab import LegalForm
from grantdesk.services.editing import ConflictError
from grantdesk.services.proposal_editing import ProposalForm, create_proposal, load_form
from grantdesk.services.proposal_partnership import (
    PartnerEntry,
    Partnership,
    add_partner,
    find_organizations,
    member_warnings,
    partner_usage,
    remove_partner,
    save_partnership,
    set_lead,
    set_partner_role,
)
from grantdesk.services.proposal_parts import (
    ActivityEntry,
    ChecklistEntry,
    IndicatorEntry,
    ObjectiveEntry,
    PartError,
    SectionEntry,
    Swot,
    add_call_requirements,
    add_section,
    load_parts,
    move_section,
    remove_section,
    save_activities,
    save_checklist,
    save_indicators,
    save_objectives,
    save_sections,
    save_swot,
    set_checklist_item,
    update_section,
)
from tests.helpers import factories as f

TODAY = date(2027, 1, 15)


def _setup(db: Any, duration: int | None = 12) -> tuple[int, dict[str, int]]:
    with db.transaction() as s:
        call = f.call(s, "Comunità che si prendono cura")
        call.requirements = [
            CallRequirement(position=1, name="Statuto", document_kind="statute"),
            CallRequirement(position=2, name="DURC", document_kind="durc", mandatory=False),
            CallRequirement(position=3, name="Lettere di partenariato"),
        ]
        orgs = {
            "kcs": f.organization(s, "Cooperativa Sociale KCS", LegalForm.SOCIAL_ENTERPRISE),
            "argento": f.organization(
                s, "Argento Vivo ODV", LegalForm.ODV, municipality="Vigevano"
            ),
            "parrocchia": f.organization(
                s, "Parrocchia di San Francesco d’Assisi", LegalForm.PARISH
            ),
        }
        orgs["argento"].documents = [
            OrganizationDocument(kind="statute", title="Statuto", expires_on=date(2026, 12, 31))
        ]
        orgs["kcs"].documents = [OrganizationDocument(kind="statute", title="Statuto")]
        s.flush()
        call_id = call.id
        ids = {k: o.id for k, o in orgs.items()}
    pid = create_proposal(
        db, ProposalForm(title="Cura", call_id=call_id, duration_months=duration), ids["kcs"]
    )
    return pid, ids


def test_adding_a_partner_reports_what_its_papers_lack(db: Any) -> None:
    pid, ids = _setup(db)
    version = load_form(db, pid)[1]
    added = add_partner(db, pid, ids["argento"], "Volontari", today=TODAY, expected_version=version)
    assert added.saved.version == version + 1
    assert added.warnings == (
        "Statute: expired on 2026-12-31.",
        "DURC (social security compliance): none on file.",
    )
    assert added.saved.value == Partnership(
        ids["kcs"], (PartnerEntry(ids["argento"], "Volontari"),)
    )
    parts = load_parts(db, pid)
    assert [(m.name, m.lead, m.role) for m in parts.members] == [
        ("Cooperativa Sociale KCS", True, ""),
        ("Argento Vivo ODV", False, "Volontari"),
    ]
    warnings = member_warnings(db, pid, TODAY)
    assert warnings[ids["kcs"]] == "Not on file: DURC (social security compliance)."
    assert warnings[ids["argento"]] == (
        "Not on file: DURC (social security compliance). Expired: Statute (2026-12-31)."
    )
    with pytest.raises(PartError, match="already a partner"):
        add_partner(db, pid, ids["argento"], today=TODAY)
    with pytest.raises(PartError, match="already the lead"):
        add_partner(db, pid, ids["kcs"], today=TODAY)
    with pytest.raises(ConflictError):
        add_partner(db, pid, ids["parrocchia"], today=TODAY, expected_version=version)


def test_roles_lead_and_removal(db: Any) -> None:
    pid, ids = _setup(db)
    add_partner(db, pid, ids["argento"], "Volontari", today=TODAY)
    add_partner(db, pid, ids["parrocchia"], today=TODAY)
    set_partner_role(db, pid, ids["parrocchia"], "  Spazi   e sala ")
    saved = set_lead(db, pid, ids["argento"])
    assert saved.value.lead_id == ids["argento"]
    # The old lead stays as a partner and takes the new lead's former role.
    assert saved.value.partners == (
        PartnerEntry(ids["parrocchia"], "Spazi e sala"),
        PartnerEntry(ids["kcs"], "Volontari"),
    )
    saved = remove_partner(db, pid, ids["kcs"])
    assert [p.organization_id for p in saved.value.partners] == [ids["parrocchia"]]
    with pytest.raises(PartError, match="not a partner"):
        remove_partner(db, pid, ids["kcs"])
    with pytest.raises(PartError, match="cannot also be one of the partners"):
        save_partnership(db, pid, Partnership(ids["argento"], (PartnerEntry(ids["argento"]),)))
    with db.reading() as s:
        audited = s.scalars(select(AuditEntry.summary).where(AuditEntry.action == "update")).all()
    assert audited.count("changed partners") == 5


def test_partner_usage_counts_its_activities(db: Any) -> None:
    pid, ids = _setup(db)
    save_activities(db, pid, [ActivityEntry("Ascolto", responsible_id=ids["kcs"], end_month=3)])
    assert partner_usage(db, pid, ids["kcs"]).activities == 1
    assert partner_usage(db, pid, ids["argento"]).activities == 0


def test_undo_compares_with_what_it_saw(db: Any) -> None:
    pid, _ids = _setup(db)
    before = load_parts(db, pid).sections
    after = (*before, SectionEntry("Valutazione", "Indicatori"))
    saved = save_sections(db, pid, after, expected=before)
    assert saved.value[-1].id is not None
    # Someone else edits meanwhile: an undo that expects the saved state is refused.
    update_section(db, pid, saved.value[0].id, body="Testo di un altro ufficio")
    with pytest.raises(ConflictError):
        save_sections(db, pid, before, expected=saved.value)


def test_sections_are_edited_added_moved_and_removed(db: Any) -> None:
    pid, _ids = _setup(db)
    sections = load_parts(db, pid).sections
    first = sections[0].id
    assert first is not None
    update_section(db, pid, first, title="Contesto", body="Due quartieri, 5.000 abitanti")
    add_section(db, pid, "Valutazione d’impatto", at=1)
    saved = move_section(db, pid, first, 2)
    titles = [s.title for s in saved.value]
    assert titles[:3] == ["Valutazione d’impatto", "Obiettivi", "Contesto"]
    assert saved.value[2].id == first  # moving keeps the row
    saved = remove_section(db, pid, first)
    assert "Contesto" not in [s.title for s in saved.value]
    with db.reading() as s:
        positions = s.scalars(
            select(ProposalSection.position)
            .where(ProposalSection.proposal_id == pid)
            .order_by(ProposalSection.position)
        ).all()
    assert positions == list(range(1, len(saved.value) + 1))
    with pytest.raises(PartError, match="Section 2 needs a title"):
        save_sections(db, pid, [SectionEntry("A"), SectionEntry(" ")])


def test_a_row_brought_back_by_undo_under_a_stale_id_is_found_again(db: Any) -> None:
    pid, _ids = _setup(db)
    saved = save_objectives(db, pid, [ObjectiveEntry("Ridurre l’isolamento")])
    stale = saved.value[0]
    save_objectives(db, pid, [])
    again = save_objectives(db, pid, [ObjectiveEntry("Altro")])
    # An entry whose id no longer exists takes the row that is there.
    result = save_objectives(db, pid, [stale])
    assert [(o.text, o.id) for o in result.value] == [("Ridurre l’isolamento", again.value[0].id)]
    with pytest.raises(PartError, match="Objective 1 is empty"):
        save_objectives(db, pid, [ObjectiveEntry("  ")])


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (ActivityEntry(" "), "Activity 1 needs a title."),
        (ActivityEntry("A", start_month=0), "Activity 1: months are counted from 1."),
        (
            ActivityEntry("A", start_month=5, end_month=3),
            "Activity 1 ends (month 3) before it starts (month 5).",
        ),
        (
            ActivityEntry("A", start_month=5, end_month=13),
            "Activity 1 ends in month 13, after the project's 12 months.",
        ),
    ],
)
def test_activities_stay_within_the_duration(db: Any, entry: ActivityEntry, message: str) -> None:
    pid, _ids = _setup(db)
    with pytest.raises(PartError) as refused:
        save_activities(db, pid, [entry])
    assert str(refused.value) == message


def test_without_a_duration_activities_may_run_up_to_ten_years(db: Any) -> None:
    pid, ids = _setup(db, duration=None)
    saved = save_activities(
        db, pid, [ActivityEntry("Lungo", "Descrizione", ids["argento"], 2, 120)]
    )
    assert saved.value[0].responsible_id == ids["argento"]
    assert load_parts(db, pid).names[ids["argento"]] == "Argento Vivo ODV"
    with pytest.raises(PartError, match="at most 120 months"):
        save_activities(db, pid, [ActivityEntry("Troppo", start_month=1, end_month=121)])


def test_indicators_keep_exact_numbers_and_their_measurements(db: Any) -> None:
    pid, _ids = _setup(db)
    saved = save_indicators(
        db,
        pid,
        [IndicatorEntry("Persone ascoltate", "persone", Decimal(0), Decimal("300.5"))],
    )
    indicator = saved.value[0]
    with db.transaction() as s:
        s.add(
            IndicatorMeasurement(
                indicator_id=indicator.id, measured_on=date(2027, 4, 1), value=Decimal(40)
            )
        )
    renamed = save_indicators(
        db,
        pid,
        [
            IndicatorEntry(
                "Persone ascoltate nei quartieri",
                "persone",
                Decimal(0),
                Decimal("300.5"),
                Decimal(40),
                indicator.id,
            )
        ],
    )
    assert renamed.value[0].actual == Decimal(40)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(IndicatorMeasurement)) == 1
    with pytest.raises(PartError, match="at most three decimals"):
        save_indicators(db, pid, [IndicatorEntry("X", target=Decimal("1.2345"))])


def test_swot_is_saved_and_emptied(db: Any) -> None:
    pid, _ids = _setup(db)
    swot = Swot("Rete solida", "Pochi volontari giovani", "Bando regionale", "Tagli ai servizi")
    assert save_swot(db, pid, swot).value == swot
    assert save_swot(db, pid, Swot(strengths="Solo questo")).value == Swot("Solo questo")


def test_checklist_items_are_marked_with_their_file(db: Any) -> None:
    pid, _ids = _setup(db)
    items = load_parts(db, pid).checklist
    statute = items[0]
    assert statute.id is not None
    saved = set_checklist_item(db, pid, statute.id, "attached", r"C:\Bandi\2027\statuto.pdf")
    assert saved.value[0].file_path == r"C:\Bandi\2027\statuto.pdf"
    from grantdesk.db.models import Attachment

    with db.reading() as s:
        row = s.get(Attachment, statute.id)
        assert row.file_name == "statuto.pdf"
        assert row.added_at is not None
    saved = set_checklist_item(db, pid, statute.id, "not_applicable", "ignored.pdf")
    assert (saved.value[0].state, saved.value[0].file_path) == ("not_applicable", "")
    with pytest.raises(PartError, match="already in the checklist"):
        save_checklist(db, pid, [ChecklistEntry("Statuto"), ChecklistEntry(" statuto ")])
    save_checklist(db, pid, [ChecklistEntry("Statuto", requirement_id=statute.requirement_id)])
    again = add_call_requirements(db, pid)
    assert [c.name for c in again.value] == ["Statuto", "DURC", "Lettere di partenariato"]
    parts = load_parts(db, pid)
    assert len(parts.mandatory) == 2


def test_find_organizations_ignores_accents_and_leaves_out_members(db: Any) -> None:
    _pid, ids = _setup(db)
    found = find_organizations(db, "assisi")
    assert [o.name for o in found] == ["Parrocchia di San Francesco d’Assisi"]
    assert [o.name for o in find_organizations(db, "vigevano")] == ["Argento Vivo ODV"]
    rest = find_organizations(db, "", exclude=[ids["kcs"]])
    assert ids["kcs"] not in [o.id for o in rest] and len(rest) == 2
    assert find_organizations(db, "50%_") == []
