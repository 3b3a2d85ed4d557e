"""Creating, editing and deleting organizations: checked codes, no duplicates, audited."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from grantdesk.db.models import (
    AuditEntry,
    Call,
    CoDesignApplication,
    CoDesignProcess,
    Organization,
    OrganizationDocument,
    Person,
    Practice,
    Proposal,
    Theme,
)
from grantdesk.domain.vocab import LegalForm
from grantdesk.services.editing import ConflictError
from grantdesk.services.org_documents import DocumentEntry
from grantdesk.services.organization_deletion import (
    OrganizationInUseError,
    delete_organization,
    organization_usage,
    restore_organization,
)
from grantdesk.services.organization_editing import (
    DuplicateOrganizationError,
    OrganizationForm,
    create_organization,
    load_form,
    organization_with_codice_fiscale,
    theme_names,
    update_organization,
)
from tests.helpers import factories as f
from tests.helpers.org_codes import body_code, italian_iban, wrong_check_digit

CODE = body_code(9012345, 18)


def _form(**kw: Any) -> OrganizationForm:
    values: dict[str, Any] = {
        "name": "Associazione di Promozione Sociale Il Melograno – Centro di quartiere Barona ETS",
        "legal_form": LegalForm.APS.value,
        "codice_fiscale": CODE,
        "partita_iva": "",
        "runts_number": "123456",
        "runts_registered_on": date(2023, 5, 12),
        "iban": italian_iban(77).lower(),
        "address": "Via Boffalora 3",
        "postal_code": "20142",
        "municipality": "Milano",
        "province": "mi",
        "neighbourhood": "Barona",
        "email": "info@melograno.example",
        "phone": "02 8912345",
        "website": "www.melograno.example",
        "themes": ["anziani", "Povertà educativa"],
        "volunteers": 45,
        "staff": 3,
        "documents": [
            DocumentEntry("statute", "Statuto 2021", date(2021, 6, 3)),
            DocumentEntry("insurance", "Polizza volontari", date(2025, 7, 1), date(2026, 6, 30)),
        ],
    }
    values.update(kw)
    return OrganizationForm(**values)


def test_a_new_organization_is_stored_with_compact_codes_and_audited(db: Any) -> None:
    with db.transaction() as s:
        f.call(s, "Bando anziani", themes=["anziani"])
    org_id = create_organization(db, _form(codice_fiscale=f" {CODE[:5]} {CODE[5:]} "))
    form, version = load_form(db, org_id)
    assert version == 1
    assert form.codice_fiscale == CODE
    assert form.iban == italian_iban(77)
    assert (form.province, form.region) == ("MI", "Lombardia")  # region from the province
    assert [d.title for d in form.documents] == ["Statuto 2021", "Polizza volontari"]
    assert form.themes == ["anziani", "Povertà educativa"]
    with db.reading() as s:
        # The theme list is shared with calls: "anziani" is the call's theme, not a copy.
        assert s.scalar(select(Theme.id).where(Theme.name == "anziani")) is not None
        assert len(s.scalars(select(Theme)).all()) == 2
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity == "organization")).one()
        assert (audit.action, audit.entity_id) == ("create", org_id)
    assert theme_names(db) == ["anziani", "Povertà educativa"]


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("codice_fiscale", wrong_check_digit(CODE), "check character does not match"),
        ("partita_iva", wrong_check_digit(CODE), "check digit does not match"),
        ("iban", wrong_check_digit(italian_iban(77)), "check digits do not match"),
        ("runts_registered_on", date(2999, 1, 1), "cannot be in the future"),
        ("volunteers", -1, "cannot be negative"),
    ],
)
def test_wrong_codes_and_figures_are_refused_with_the_reason(
    db: Any, field: str, value: object, reason: str
) -> None:
    with pytest.raises(ValueError, match=reason):
        create_organization(db, _form(**{field: value}))
    with db.reading() as s:
        assert s.scalars(select(Organization)).all() == []


def test_a_duplicate_codice_fiscale_is_refused_naming_the_other_record(db: Any) -> None:
    first = create_organization(db, _form())
    with pytest.raises(DuplicateOrganizationError) as caught:
        create_organization(
            db, _form(name="Il Melograno", codice_fiscale=CODE[:6] + " " + CODE[6:])
        )
    assert caught.value.organization_id == first
    assert "already belongs to “Associazione di Promozione Sociale Il Melograno" in str(
        caught.value
    )
    assert organization_with_codice_fiscale(db, CODE) == (first, _form().name)
    assert organization_with_codice_fiscale(db, CODE, except_id=first) is None

    other = create_organization(db, _form(name="Altro ente", codice_fiscale=body_code(1111111)))
    form, version = load_form(db, other)
    with pytest.raises(DuplicateOrganizationError):
        update_organization(db, other, replace(form, codice_fiscale=CODE), version)


def test_an_edit_from_a_stale_copy_is_refused(db: Any) -> None:
    org_id = create_organization(db, _form())
    form, version = load_form(db, org_id)
    new_version = update_organization(db, org_id, replace(form, staff=4), version)
    assert new_version == version + 1
    assert update_organization(db, org_id, replace(form, staff=4), new_version) == new_version
    with pytest.raises(ConflictError):
        update_organization(db, org_id, replace(form, staff=5), version)
    # Only a document changed: the organization still moves on a version.
    docs = [*form.documents[:1]]
    after_docs = update_organization(
        db, org_id, replace(form, staff=4, documents=docs), new_version
    )
    assert after_docs == new_version + 1
    assert len(load_form(db, org_id)[0].documents) == 1


def test_renaming_the_lead_refreshes_what_its_proposals_are_found_by(db: Any) -> None:
    org_id = create_organization(db, _form())
    with db.transaction() as s:
        f.proposal(s, "Quartieri solidali", None, s.get(Organization, org_id))
    form, version = load_form(db, org_id)
    update_organization(db, org_id, replace(form, name="Circolo Barona"), version)
    with db.reading() as s:
        assert "circolo barona" in s.scalars(select(Proposal.search_text)).one()


def test_deleting_a_used_organization_is_refused_saying_where_it_is_used(db: Any) -> None:
    org_id = create_organization(db, _form(name="Il Melograno"))
    with db.transaction() as s:
        org = s.get(Organization, org_id)
        call = f.call(s, "Welfare")
        f.proposal(s, "Quartieri solidali", call, org)
        f.proposal(s, "Spazio giovani", call, None, partners=[org])
        process = CoDesignProcess(title="Co-progettazione anziani")
        s.add(process)
        s.flush()
        s.add(CoDesignApplication(process_id=process.id, organization_id=org_id))
    usage = organization_usage(db, org_id)
    assert (usage.proposals, usage.codesigns) == (2, 1)
    version = load_form(db, org_id)[1]
    with pytest.raises(OrganizationInUseError) as caught:
        delete_organization(db, org_id, version)
    assert str(caught.value) == (
        "“Il Melograno” cannot be deleted: it appears in 2 proposals and 1 co-design process. "
        "If it is a duplicate, merge it into the organization to keep instead (Merge…)."
    )
    with db.reading() as s:
        assert s.get(Organization, org_id) is not None
        assert s.scalars(select(Call)).one() is not None


def test_deleting_and_restoring_brings_back_documents_and_contacts(db: Any) -> None:
    org_id = create_organization(db, _form())
    with db.transaction() as s:
        s.add(Person(organization_id=org_id, first_name="Nadia", last_name="Prova"))
        s.add(Practice(title="Portierato sociale", organization_id=org_id))
    form, version = load_form(db, org_id)
    with pytest.raises(ConflictError):
        delete_organization(db, org_id, version - 1)
    deleted = delete_organization(db, org_id, version)
    with db.reading() as s:
        assert s.get(Organization, org_id) is None
        assert s.scalars(select(OrganizationDocument)).all() == []
        assert s.scalars(select(Person.organization_id)).one() is None  # kept, detached
    new_id = restore_organization(db, deleted)
    restored, _v = load_form(db, new_id)
    assert [(d.kind, d.title) for d in restored.documents] == [
        (d.kind, d.title) for d in form.documents
    ]
    assert replace(restored, documents=[]) == replace(form, documents=[])
    with db.reading() as s:
        assert s.scalars(select(Person.organization_id)).one() == new_id
        assert s.scalars(select(Practice.organization_id)).one() == new_id
        actions = s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["create", "delete", "create", "restore"]
