"""Documents on file: one at a time, what expires, and what a call requires that is missing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from grantdesk.db.models import CallRequirement, OrganizationDocument
from grantdesk.services.editing import ConflictError
from grantdesk.services.org_documents import (
    DocumentEntry,
    DocumentStatus,
    add_document,
    delete_document,
    expiring_documents,
    list_documents,
    missing_or_expired_for_call,
    update_document,
)
from tests.helpers import factories as f

TODAY = date(2026, 5, 4)


def _org(db: Any, name: str = "ODV Il Ponte") -> int:
    with db.transaction() as s:
        return f.organization(s, name).id


def test_documents_are_added_edited_and_deleted_with_their_status(db: Any) -> None:
    org_id = _org(db)
    statute = add_document(db, org_id, DocumentEntry("statute", " Statuto  2021 "), TODAY)
    policy = add_document(
        db,
        org_id,
        DocumentEntry("insurance", "Polizza volontari", date(2025, 5, 20), TODAY + timedelta(10)),
        TODAY,
    )
    rows = list_documents(db, org_id, TODAY)
    assert [(r.kind_label, r.title, r.status) for r in rows] == [
        ("Statute", "Statuto 2021", DocumentStatus.NO_EXPIRY),
        ("Volunteers' insurance", "Polizza volontari", DocumentStatus.EXPIRING),
    ]
    version = rows[1].version
    renewed = DocumentEntry("insurance", "Polizza 2026", TODAY, TODAY + timedelta(365))
    assert update_document(db, policy, renewed, version, TODAY) == version + 1
    with pytest.raises(ConflictError):
        update_document(db, policy, renewed, version, TODAY)
    assert list_documents(db, org_id, TODAY)[1].status is DocumentStatus.VALID
    with pytest.raises(ValueError, match=r"The document expires before it was issued\."):
        add_document(db, org_id, DocumentEntry("durc", "DURC", TODAY, TODAY - timedelta(1)), TODAY)
    with pytest.raises(ValueError, match=r"Choose the kind of document\."):
        add_document(db, org_id, DocumentEntry("passport", "Passaporto"), TODAY)
    delete_document(db, statute, 1)
    assert [r.title for r in list_documents(db, org_id, TODAY)] == ["Polizza 2026"]


def test_expiring_documents_are_listed_soonest_first(db: Any) -> None:
    a, b = _org(db, "ODV Il Ponte"), _org(db, "APS Aurora")
    add_document(db, a, DocumentEntry("durc", "DURC", None, TODAY - timedelta(3)), TODAY)
    add_document(db, b, DocumentEntry("insurance", "Polizza", None, TODAY + timedelta(30)), TODAY)
    add_document(db, b, DocumentEntry("durc", "DURC", None, TODAY + timedelta(31)), TODAY)
    add_document(db, b, DocumentEntry("statute", "Statuto"), TODAY)
    found = expiring_documents(db, TODAY)
    assert [(d.organization_name, d.title, d.status) for d in found] == [
        ("ODV Il Ponte", "DURC", DocumentStatus.EXPIRED),
        ("APS Aurora", "Polizza", DocumentStatus.EXPIRING),
    ]
    assert len(expiring_documents(db, TODAY, days=31)) == 3


def test_a_call_s_required_papers_missing_or_expired_are_named(db: Any) -> None:
    org_id = _org(db)
    with db.transaction() as s:
        call = f.call(s, "Welfare di comunità")
        for i, (name, kind, mandatory) in enumerate(
            [
                ("Statuto e atto costitutivo", "statute", True),
                ("Ultimo bilancio approvato", "accounts", True),
                ("Lettere di partenariato", None, True),
                ("Polizza dei volontari", "insurance", True),
                ("DURC", "durc", False),
            ]
        ):
            s.add(
                CallRequirement(
                    call=call, position=i, name=name, document_kind=kind, mandatory=mandatory
                )
            )
        s.add_all(
            [
                OrganizationDocument(organization_id=org_id, kind="statute", title="Statuto"),
                OrganizationDocument(
                    organization_id=org_id,
                    kind="insurance",
                    title="Polizza 2025",
                    expires_on=TODAY - timedelta(1),
                ),
                OrganizationDocument(
                    organization_id=org_id,
                    kind="durc",
                    title="DURC",
                    expires_on=TODAY + timedelta(20),
                ),
            ]
        )
        call_id = call.id
    gaps = missing_or_expired_for_call(db, org_id, call_id, TODAY)
    assert [(g.kind, g.mandatory, g.status) for g in gaps] == [
        ("accounts", True, None),
        ("insurance", True, DocumentStatus.EXPIRED),
        ("durc", False, DocumentStatus.EXPIRING),
    ]
    assert [g.sentence() for g in gaps] == [
        "Approved accounts: none on file.",
        "Volunteers' insurance: expired on 2026-05-03.",
        "DURC (social security compliance): expires on 2026-05-24.",
    ]
    # A renewed policy on file satisfies the call again.
    add_document(
        db, org_id, DocumentEntry("insurance", "Polizza 2026", None, date(2027, 5, 1)), TODAY
    )
    assert [g.kind for g in missing_or_expired_for_call(db, org_id, call_id, TODAY)] == [
        "accounts",
        "durc",
    ]
