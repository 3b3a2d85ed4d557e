"""The proposal exchange file: round trip, refusals that change nothing, never overwriting."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import String, Text, func, select

from grantdesk.db.models import (
    Activity,
    Attachment,
    AuditEntry,
    BudgetLine,
    BudgetVersion,
    Call,
    CallRequirement,
    CallRule,
    Deadline,
    Funder,
    Indicator,
    Organization,
    Proposal,
    ProposalPartner,
    ProposalSection,
    Theme,
)
from grantdesk.domain.vocab import CallStatus
from grantdesk.exports.proposal_json import dumps
from grantdesk.imports.proposal_json import LIMITS, ProposalFileError, parse
from grantdesk.services import proposal_exchange_rows
from grantdesk.services.database import Database, open_database
from grantdesk.services.editing import ConflictError
from grantdesk.services.proposal_check import budget_totals, check_proposal
from grantdesk.services.proposal_exchange import (
    ExportRefusedError,
    ReplaceTarget,
    export_document,
    import_proposal_bytes,
)
from tests.conftest import truncate_all
from tests.helpers.exchange_samples import (
    COOP_CF,
    GROUP_NAME,
    LEAD_CF,
    comparable,
    reseal,
    row_counts,
    sample_call,
    sample_proposal,
)

TODAY = date(2026, 11, 22)


def as_bytes(document: dict[str, Any]) -> bytes:
    return dumps(document).encode("utf-8")


@pytest.fixture
def exported(db: Database) -> tuple[int, dict[str, Any]]:
    with db.transaction() as s:
        pid = sample_proposal(s)
    return pid, export_document(db, pid)


@pytest.fixture
def empty_database(
    db: Database, tmp_path: Path, sqlite_template: Path
) -> Iterator[Callable[[], Database]]:
    """A function giving an empty database on the same backend as *db* (on PostgreSQL the
    same one, emptied: take what you need from it first)."""
    opened: list[Database] = []

    def make() -> Database:
        if db.dialect == "postgresql":
            truncate_all(db)
            return db
        target = tmp_path / f"empty{len(opened)}.db"
        shutil.copy(sqlite_template, target)
        opened.append(open_database(target))
        return opened[-1]

    yield make
    for other in opened:
        other.close()


# -- round trip -------------------------------------------------------------------------


def test_round_trip_with_the_same_call_on_both_desks_is_identical(
    exported: tuple[int, dict[str, Any]], empty_database: Callable[[], Database]
) -> None:
    _pid, document = exported
    target = empty_database()
    with target.transaction() as s:
        sample_call(s)  # the other desk tracks the same call, and nothing else
    report = import_proposal_bytes(target, as_bytes(document), TODAY)
    assert report.proposal_id is not None and not report.renamed
    assert len(report.warnings) == 1 and GROUP_NAME in report.warnings[0]  # no codice fiscale
    assert [o.codice_fiscale for o in report.organizations_created] == [LEAD_CF, COOP_CF, None]
    again = export_document(target, report.proposal_id)
    assert comparable(again) == comparable(document)
    assert again["proposal"]["created_at"] != document["proposal"]["created_at"]


def test_round_trip_into_an_empty_database_is_identical_call_and_rules_included(
    exported: tuple[int, dict[str, Any]],
    empty_database: Callable[[], Database],
    db: Database,
) -> None:
    pid, document = exported
    findings_here = [(f.code, f.message) for f in check_proposal(db, pid, TODAY).findings]
    target = empty_database()
    report = import_proposal_bytes(target, as_bytes(document), TODAY)
    assert report.call_created and report.call_id is not None
    assert len(report.organizations_created) == 3
    assert not any("without a call" in w for w in report.warnings)
    again = export_document(target, report.proposal_id or 0)
    assert comparable(again) == comparable(document)
    # The partner's desk checks the draft against the same rules and sees the same findings.
    there = check_proposal(target, report.proposal_id or 0, TODAY)
    assert [(f.code, f.message) for f in there.findings] == findings_here
    assert findings_here  # the sample breaks some of the call's rules
    with target.reading() as s:
        call = s.get(Call, report.call_id)
        assert call is not None and call.status is CallStatus.GO
        assert [t.name for t in call.themes] and call.funder.name == document["call"]["funder"]
        kinds = sorted(d.kind.value for d in call.deadlines)
        assert kinds == ["application", "report"]  # the desk's internal review stayed home
        audit = s.scalars(
            select(AuditEntry).where(AuditEntry.entity == "call", AuditEntry.action == "create")
        ).all()
        assert [a.entity_id for a in audit] == [report.call_id]


def test_the_call_terms_travel_in_the_documented_units(
    exported: tuple[int, dict[str, Any]],
) -> None:
    terms = exported[1]["call"]["terms"]
    assert terms["min_cofinancing_basis_points"] == 1250
    assert terms["overhead_cap_basis_points"] == 700
    assert terms["max_grant_cents"] == 6_000_000
    assert terms["volunteer_hourly_value_cents"] == 1633
    assert terms["eligible_forms"] == ["odv", "aps", "network"]
    assert terms["themes"] == ["anziani soli", "Prossimità"]
    assert terms["rules"][1]["params"] == {
        "min_pct": "15",
        "max_pct": "20",
        "of": "grant",
        "strict": True,
    }
    assert terms["rules"][2]["limit_cents"] == 250050
    assert terms["requirements"][2] == {
        "name": "Preventivi",
        "mandatory": False,
        "document_kind": None,
    }
    assert terms["deadlines"] == [
        {"kind": "application", "stage": "Prima sessione", "due_at": "2027-03-31T15:00:00+00:00"},
        {"kind": "report", "stage": None, "due_at": "2028-09-30T21:59:00+00:00"},
    ]


def test_a_call_already_in_the_register_is_never_changed_by_a_file(
    exported: tuple[int, dict[str, Any]], empty_database: Callable[[], Database]
) -> None:
    _pid, document = exported
    target = empty_database()
    with target.transaction() as s:
        own = sample_call(s)
        own.max_grant = Decimal("50000.00")  # this desk read the call differently
        own_id = own.id
    report = import_proposal_bytes(target, as_bytes(document), TODAY)
    assert report.call_id == own_id and not report.call_created
    with target.reading() as s:
        assert s.scalar(select(func.count()).select_from(Call)) == 1
        kept = s.get(Call, own_id)
        assert kept is not None and kept.max_grant == Decimal("50000.00")


def test_a_call_without_its_funder_is_not_recorded(
    exported: tuple[int, dict[str, Any]], empty_database: Callable[[], Database]
) -> None:
    document = json.loads(as_bytes(exported[1]))
    document["call"]["funder"] = None
    target = empty_database()
    report = import_proposal_bytes(target, as_bytes(reseal(document)), TODAY)
    assert report.call_id is None and not report.call_created
    assert any("imported without a call" in w for w in report.warnings)
    with target.reading() as s:
        assert s.scalar(select(func.count()).select_from(Call)) == 0
        assert s.scalar(select(func.count()).select_from(Funder)) == 0


def version_1(document: dict[str, Any]) -> dict[str, Any]:
    """*document* as GrantDesk's first format wrote it: the call without its terms."""
    old = json.loads(as_bytes(document))
    old["version"] = 1
    old["call"].pop("terms")
    return reseal(old)


def test_a_version_1_file_is_read_and_its_unknown_call_is_left_to_choose(
    exported: tuple[int, dict[str, Any]], empty_database: Callable[[], Database]
) -> None:
    _pid, document = exported
    target = empty_database()
    report = import_proposal_bytes(target, as_bytes(version_1(document)), TODAY)
    assert report.call_id is None and not report.call_created
    assert any("imported without a call" in w for w in report.warnings)
    again = comparable(export_document(target, report.proposal_id or 0))
    original = comparable(document)
    # No call in an empty register: the proposal is unlinked, its checklist items too.
    assert again.pop("call") is None and original.pop("call") is not None
    assert [c.pop("requirement") for c in again["checklist"]] == [None, None, None]
    assert [c.pop("requirement") for c in original["checklist"]] == [
        "Statuto",
        "Lettere di partenariato firmate",
        None,
    ]
    assert again == original


def test_a_version_1_file_with_terms_is_refused(
    db: Database, exported: tuple[int, dict[str, Any]]
) -> None:
    old = version_1(exported[1])
    old["call"]["terms"] = exported[1]["call"]["terms"]
    problems = [str(p) for p in refused(db, as_bytes(reseal(old))).problems]
    assert problems == ["call, terms: is not part of the proposal format."]


def test_every_problem_of_hand_made_call_terms_is_listed(
    db: Database, exported: tuple[int, dict[str, Any]]
) -> None:
    document = json.loads(as_bytes(exported[1]))
    terms = document["call"]["terms"]
    terms["eligible_forms"].append("srl")
    terms["min_cofinancing_basis_points"] = 12000
    terms["max_grant_cents"] = -5
    terms["volunteer_time_allowed"] = "yes"
    terms["rules"][0]["params"] = {"nested": {"a": 1}}
    terms["rules"][1]["kind"] = ""
    terms["requirements"][0]["mandatory"] = None
    terms["deadlines"][0]["kind"] = "internal"
    terms["deadlines"][1]["due_at"] = "30/09/2028"
    del terms["themes"]
    messages = [str(p) for p in refused(db, as_bytes(reseal(document))).problems]
    expected = [
        "call, terms, themes: is missing.",
    ]
    assert messages == expected
    terms["themes"] = []
    messages = [str(p) for p in refused(db, as_bytes(reseal(document))).problems]
    expected = [
        "call, terms, min_cofinancing_basis_points: must be between 0 and 10000.",
        "call, terms, max_grant_cents: must not be negative.",
        "call, terms, eligible_forms: “srl” is not one of",
        "call, terms, volunteer_time_allowed: must be true or false.",
        "call, rule 1, params.nested: must be short text, a whole number, true/false or null.",
        "call, rule 2, kind: must not be empty.",
        "call, requirement 1, mandatory: must be true or false.",
        "call, deadline 1, kind: a desk's internal deadlines do not travel in the file.",
        "call, deadline 2, due_at: “30/09/2028” is not an ISO 8601 instant with its offset.",
    ]
    for text in expected:
        assert any(m.startswith(text) for m in messages), (text, messages)
    assert len(messages) == len(expected), messages


def test_the_file_keeps_amounts_as_integers_and_partners_by_codice_fiscale(
    exported: tuple[int, dict[str, Any]],
) -> None:
    _pid, document = exported
    text = dumps(document)
    lines = document["budget_lines"]
    assert lines[0] == {
        "category": "personnel",
        "description": "Educatore professionale",
        "partner": COOP_CF,
        "unit": "ore",
        "quantity_thousandths": 631500,
        "unit_cost_cents": 2303,
        "total_cents": 1454345,
        "source": "requested_grant",
        "other_funder": None,
    }
    assert lines[3]["total_cents"] == 38  # 2,5 × € 0,15 = 0,375 → half-up 0,38
    assert lines[2]["partner"] == GROUP_NAME  # no codice fiscale: by name
    assert lines[3]["partner"] is None
    assert [p["codice_fiscale"] for p in document["partners"]] == [LEAD_CF, COOP_CF, None]
    assert [p["lead"] for p in document["partners"]] == [True, False, False]
    assert document["activities"][1]["responsible"] == GROUP_NAME
    assert all(
        isinstance(v, int)
        for line in lines
        for k, v in line.items()
        if k.endswith(("_cents", "_thousandths"))
    )
    assert json.loads(text) == document


def test_totals_survive_the_trip_to_the_cent(
    exported: tuple[int, dict[str, Any]], empty_database: Callable[[], Database], db: Database
) -> None:
    pid, document = exported
    before = budget_totals(db, pid)
    target = empty_database()
    report = import_proposal_bytes(target, as_bytes(document), TODAY)
    after = budget_totals(target, report.proposal_id or 0)
    assert after.grand_total == before.grand_total
    assert dict(after.by_source) == dict(before.by_source)
    assert dict(after.by_category) == dict(before.by_category)


# -- refusals that change nothing ---------------------------------------------------------


def refused(db: Database, data: bytes) -> ProposalFileError:
    before = row_counts(db)
    with pytest.raises(ProposalFileError) as caught:
        import_proposal_bytes(db, data, TODAY)
    assert row_counts(db) == before
    return caught.value


def test_a_truncated_file_is_refused_wherever_it_was_cut(
    db: Database, exported: tuple[int, dict[str, Any]]
) -> None:
    data = as_bytes(exported[1])
    for end in [1, 2, 40, *range(97, len(data) - 1, 211), len(data) - 2]:
        error = refused(db, data[:end])
        assert "cut short" in str(error), (end, str(error))


def test_a_tampered_amount_is_refused_by_the_integrity_code(
    db: Database, exported: tuple[int, dict[str, Any]]
) -> None:
    data = as_bytes(exported[1]).replace(b'"unit_cost_cents": 2303', b'"unit_cost_cents": 2403')
    assert b"2403" in data
    error = refused(db, data)
    assert "changed after GrantDesk wrote it" in str(error)


def test_a_resealed_file_with_a_wrong_total_is_still_refused(
    db: Database, exported: tuple[int, dict[str, Any]]
) -> None:
    document = json.loads(as_bytes(exported[1]))
    document["budget_lines"][0]["unit_cost_cents"] = 2403
    error = refused(db, as_bytes(reseal(document)))
    assert str(error.problems[0]).startswith("budget line 1, total_cents: is 1454345")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(format="other.thing"), "not a GrantDesk proposal file"),
        (lambda d: d.update(version=3), "version 3 of the proposal format"),
        (lambda d: d.update(version="1"), "does not say which version"),
        (lambda d: d.pop("integrity"), "no integrity code"),
    ],
)
def test_wrong_format_or_version_is_refused(
    db: Database, exported: tuple[int, dict[str, Any]], change: Any, expected: str
) -> None:
    document = json.loads(as_bytes(exported[1]))
    change(document)
    assert expected in str(refused(db, as_bytes(document)))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty"),
        (b"[1, 2]", "not a GrantDesk proposal file"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"format": "grantdesk.proposal", "format": "x"}', "appears twice"),
        (b"{nope}", "not valid JSON (line 1, column 2)"),
        (b'{"version": NaN}', "not a number JSON allows"),
    ],
)
def test_files_that_are_not_proposal_files(db: Database, data: bytes, expected: str) -> None:
    assert expected in str(refused(db, data))


def test_every_problem_of_a_resealed_hand_made_file_is_listed(
    db: Database, exported: tuple[int, dict[str, Any]]
) -> None:
    document = json.loads(as_bytes(exported[1]))
    document["budget_lines"][1]["quantity_thousandths"] = "1500"
    document["budget_lines"][2]["source"] = "grant"
    document["budget_lines"][3]["partner"] = "99999999999"
    document["partners"][1]["codice_fiscale"] = "12345678901"
    document["activities"][0]["end_month"] = 0
    document["sections"][0]["colour"] = "red"
    document["proposal"]["title"] = " "
    del document["checklist"][0]["file_name"]
    messages = [str(p) for p in refused(db, as_bytes(reseal(document))).problems]
    expected = [
        "proposal, title: must not be empty.",
        "partner 2, codice_fiscale: “12345678901”: The codice fiscale is not valid",
        "section 1, colour: is not part of the proposal format.",
        "activity 1, end_month: must be between 1 and 120.",
        "budget line 2, quantity_thousandths: must be a whole number.",
        "budget line 3, source: “grant” is not one of",
        "budget line 4, partner: “99999999999” is neither the codice fiscale nor the name",
        "checklist item 1, file_name: is missing.",
    ]
    for text in expected:
        assert any(m.startswith(text) for m in messages), (text, messages)


def test_a_fraction_is_refused_before_anything_else(
    db: Database, exported: tuple[int, dict[str, Any]]
) -> None:
    document = json.loads(as_bytes(exported[1]))
    document["budget_lines"][1]["unit_cost_cents"] = 366659.5
    error = refused(db, as_bytes(reseal(document)))
    assert str(error) == (
        "budget_lines[2].unit_cost_cents holds 366659.5: the format has whole numbers only "
        "(amounts in cents, quantities in thousandths)."
    )


def test_a_reference_to_a_partner_not_in_the_file_is_refused(
    db: Database, exported: tuple[int, dict[str, Any]]
) -> None:
    document = json.loads(as_bytes(exported[1]))
    document["partners"] = [p for p in document["partners"] if p["codice_fiscale"] is not None]
    problems = [str(p) for p in refused(db, as_bytes(reseal(document))).problems]
    assert any(GROUP_NAME in p and "activity 2, responsible" in p for p in problems)
    assert any("budget line 3, partner" in p for p in problems)


def test_a_failure_while_writing_rolls_everything_back(
    db: Database, exported: tuple[int, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    document = exported[1]
    with db.transaction() as s:  # the organizations are new to the register again
        s.query(ProposalPartner).delete()
        s.query(BudgetLine).delete()
        s.query(Activity).delete()
        s.query(Proposal).delete()
        s.query(Organization).delete()
    before = row_counts(db)

    def broken(*args: Any, **kwargs: Any) -> dict[str, int]:
        raise RuntimeError("disk full")

    monkeypatch.setattr("grantdesk.services.proposal_exchange.write_parts", broken)
    with pytest.raises(RuntimeError):
        import_proposal_bytes(db, as_bytes(document), TODAY)
    assert row_counts(db) == before


# -- partners without codice fiscale --------------------------------------------------


def test_a_partner_without_codice_fiscale_is_found_by_name(
    db: Database, exported: tuple[int, dict[str, Any]]
) -> None:
    _pid, document = exported
    report = import_proposal_bytes(db, as_bytes(document), TODAY)
    assert not report.organizations_created
    assert {o.name for o in report.organizations_found} >= {GROUP_NAME}
    with db.reading() as s:
        groups = s.scalars(select(Organization).where(Organization.name == GROUP_NAME)).all()
        assert len(groups) == 1
        line = s.scalars(
            select(BudgetLine).where(
                BudgetLine.proposal_id == report.proposal_id, BudgetLine.position == 3
            )
        ).one()
        assert line.organization_id == groups[0].id


def test_a_partner_without_codice_fiscale_not_in_the_register_is_created_and_flagged(
    exported: tuple[int, dict[str, Any]], empty_database: Callable[[], Database]
) -> None:
    document = exported[1]
    target = empty_database()
    report = import_proposal_bytes(target, as_bytes(document), TODAY)
    created = {o.name: o for o in report.organizations_created}
    assert created[GROUP_NAME].codice_fiscale is None and created[GROUP_NAME].id is not None
    assert any(GROUP_NAME in w and "no codice fiscale" in w for w in report.warnings)


def test_a_partner_known_under_another_name_keeps_the_register_name(
    db: Database, exported: tuple[int, dict[str, Any]]
) -> None:
    document = json.loads(as_bytes(exported[1]))
    document["partners"][1]["name"] = "Il Germoglio"
    document["proposal"]["title"] = "Altro titolo"
    document["proposal"]["acronym"] = None
    document["proposal"]["id"] = None
    report = import_proposal_bytes(db, as_bytes(reseal(document)), TODAY)
    assert any("“Il Germoglio”" in w and "in the register as" in w for w in report.warnings)
    assert not report.organizations_created


def test_export_refuses_a_line_charged_to_a_body_outside_the_partnership(
    db: Database, exported: tuple[int, dict[str, Any]]
) -> None:
    pid, _document = exported
    with db.transaction() as s:
        stranger = Organization(name="Pro Loco di Mortara")
        s.add(stranger)
        s.flush()
        s.scalars(
            select(BudgetLine).where(BudgetLine.position == 2)
        ).one().organization_id = stranger.id
    with pytest.raises(
        ExportRefusedError, match="Budget line 2 is charged to “Pro Loco di Mortara”"
    ):
        export_document(db, pid)


# -- never overwrite ------------------------------------------------------------------


def test_coming_back_to_its_desk_the_file_becomes_a_new_proposal(
    db: Database, exported: tuple[int, dict[str, Any]]
) -> None:
    pid, document = exported
    first = import_proposal_bytes(db, as_bytes(document), TODAY)
    second = import_proposal_bytes(db, as_bytes(document), TODAY)
    assert first.matches == (pid,) and first.proposal_id != pid
    title = document["proposal"]["title"]
    assert first.title == f"{title} (imported on 2026-11-22)"
    assert second.title == f"{title} (imported on 2026-11-22, 2)"
    assert comparable(export_document(db, pid)) == comparable(document)  # untouched
    assert not first.organizations_created  # found by codice fiscale and by name


def test_the_imported_title_is_italian_in_italian(
    db: Database, exported: tuple[int, dict[str, Any]]
) -> None:
    from grantdesk.i18n import set_language

    set_language("it")
    report = import_proposal_bytes(db, as_bytes(exported[1]), TODAY)
    assert report.title.endswith(" (importato il 22/11/2026)")


def test_the_same_acronym_on_the_same_call_is_a_match(
    db: Database, exported: tuple[int, dict[str, Any]]
) -> None:
    pid, document = exported
    changed = json.loads(as_bytes(document))
    changed["proposal"]["title"] = "Titolo nuovo"
    changed["proposal"]["id"] = None
    changed["proposal"]["created_at"] = None
    report = import_proposal_bytes(db, as_bytes(reseal(changed)), TODAY)
    assert report.matches == (pid,) and report.renamed


def test_the_origin_is_recognised_after_a_rename(
    db: Database, exported: tuple[int, dict[str, Any]]
) -> None:
    pid, document = exported
    with db.transaction() as s:
        p = s.get(Proposal, pid)
        assert p is not None
        p.title, p.acronym, p.call_id = "Rinominato", "RIN", None
    report = import_proposal_bytes(db, as_bytes(document), TODAY)
    assert report.matches == (pid,) and report.renamed


def test_replace_needs_the_version_the_user_saw(
    db: Database, exported: tuple[int, dict[str, Any]]
) -> None:
    pid, document = exported
    with db.transaction() as s:
        p = s.get(Proposal, pid)
        assert p is not None
        p.summary = "cambiato da un'altra scrivania"
        version = p.version
        s.add(BudgetVersion(proposal_id=pid, name="Versione presentata", lines=[]))
    stale = ReplaceTarget(pid, version - 1)
    before = row_counts(db)
    with pytest.raises(ConflictError, match="changed since version"):
        import_proposal_bytes(db, as_bytes(document), TODAY, replace_target=stale)
    assert row_counts(db) == before
    changed = json.loads(as_bytes(document))
    changed["budget_lines"] = changed["budget_lines"][:2]
    changed["sections"].append({"title": "Sostenibilità", "body": "Dopo il bando…"})
    with db.reading() as s:
        version = s.get(Proposal, pid).version  # type: ignore[union-attr]
    report = import_proposal_bytes(
        db, as_bytes(reseal(changed)), TODAY, replace_target=ReplaceTarget(pid, version)
    )
    assert (
        report.replaced
        and report.proposal_id == pid
        and report.title == changed["proposal"]["title"]
    )
    assert comparable(export_document(db, pid)) == comparable(reseal(changed))
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(BudgetVersion)) == 1  # history stays
        statute = s.scalars(select(Attachment).where(Attachment.proposal_id == pid)).first()
        assert statute is not None and statute.file_path == "/home/giulia/bandi/statuto.pdf"
        assert s.get(Proposal, pid).version > version  # type: ignore[union-attr]


def test_a_dry_run_reports_and_writes_nothing(
    exported: tuple[int, dict[str, Any]], empty_database: Callable[[], Database]
) -> None:
    document = exported[1]
    target = empty_database()
    before = row_counts(target)
    report = import_proposal_bytes(target, as_bytes(document), TODAY, dry_run=True)
    assert report.dry_run and report.proposal_id is None
    assert [o.id for o in report.organizations_created] == [None, None, None]
    assert report.counts["budget_lines"] == 6
    assert row_counts(target) == before


def test_the_call_is_found_by_code_and_funder_without_a_source(
    exported: tuple[int, dict[str, Any]], empty_database: Callable[[], Database]
) -> None:
    document = exported[1]
    target = empty_database()
    with target.transaction() as s:
        call = sample_call(s)
        call.source = call.external_id = None
        call.code = "wia-pv-2026"
        call_id = call.id
    report = import_proposal_bytes(target, as_bytes(document), TODAY)
    assert report.call_id == call_id


# -- format details ---------------------------------------------------------------------


def test_limits_match_the_database_columns() -> None:
    tables = {
        "call": Call,
        "proposal": Proposal,
        "partner": (Organization, ProposalPartner),
        "section": ProposalSection,
        "activity": Activity,
        "indicator": Indicator,
        "line": BudgetLine,
        "checklist": Attachment,
        "terms": Call,
        "rule": CallRule,
        "requirement": CallRequirement,
        "deadline": Deadline,
    }
    renamed = {
        "call.funder": Funder.__table__.c.name,
        "checklist.requirement": None,
        "terms.category": BudgetLine.__table__.c.category,
        "terms.theme": Theme.__table__.c.name,
    }
    for key, limit in LIMITS.items():
        owner, name = key.split(".")
        if key in renamed:
            column = renamed[key]
            if column is None:
                continue
        else:
            models = tables[owner] if isinstance(tables[owner], tuple) else (tables[owner],)
            column = next(m.__table__.c[name] for m in models if name in m.__table__.c)  # type: ignore[union-attr]
        assert isinstance(column.type, String) and not isinstance(column.type, Text), key
        assert column.type.length == limit, key


def test_the_parser_gives_back_the_values_written(exported: tuple[int, dict[str, Any]]) -> None:
    file = parse(as_bytes(exported[1]))
    assert file.lead is not None and file.lead.codice_fiscale == LEAD_CF
    assert (
        str(file.budget_lines[3].quantity) == "2.500" and str(file.budget_lines[3].total) == "0.38"
    )
    assert file.origin is not None and file.origin.proposal_id == exported[0]
    assert file.proposal.summary is not None and "=SUM(A1:A9)" in file.proposal.summary
    assert file.indicators[1].target is not None and str(file.indicators[1].target) == "4.125"


def test_title_marked_imported_stays_within_the_column(db: Database) -> None:
    with db.transaction() as s:
        title = proposal_exchange_rows.imported_title(s, "x" * 500, TODAY)
    assert len(title) == 500 and title.endswith("… (imported on 2026-11-22)")
