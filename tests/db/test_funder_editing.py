"""Creating, editing, merging and deleting funders: validated, versioned, audited, on both
backends."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from grantdesk.db.models import AuditEntry, Call, Funder
from grantdesk.domain.vocab import FunderKind
from grantdesk.services.details import RecordNotFoundError
from grantdesk.services.editing import ConflictError
from grantdesk.services.funder_editing import (
    FunderForm,
    FunderInUseError,
    create_funder,
    delete_funder,
    funder_usage,
    list_funders,
    load_funder,
    merge_funders,
    unmerge_funder,
    update_funder,
    validate,
)
from grantdesk.services.search import search_call_ids
from tests.helpers import factories as f


def _form(**kw: str) -> FunderForm:
    base = FunderForm(
        name="Fondazione Cariplo",
        kind=FunderKind.BANK_FOUNDATION.value,
        website="https://www.fondazionecariplo.it",
        notes="Bandi a scadenza e a erogazione continuativa.",
    )
    for key, value in kw.items():
        setattr(base, key, value)
    return base


def _messages(form: FunderForm) -> dict[str, str]:
    return {e.field: e.message for e in validate(form)}


def _audit(db, entity: str = "funder") -> list[tuple[str, int, str]]:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        return [
            (a.action, a.entity_id, a.summary)
            for a in s.scalars(
                select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)
            )
        ]


def _funder_count(db) -> int:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(Funder)) or 0)


# -- validation ----------------------------------------------------------------------------


def test_a_complete_form_is_valid() -> None:
    assert validate(_form()) == []
    assert validate(FunderForm(name="Comune di Vigevano")) == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "   "}, "name", "Give the funder a name, as it signs its calls."),
        ({"name": "x" * 201}, "name", "Keep this under 200 characters."),
        (
            {"website": "www.fondazionecariplo.it"},
            "website",
            "The address must start with http:// or https:// (no spaces).",
        ),
        (
            {"website": "https://www.fondazione cariplo.it"},
            "website",
            "The address must start with http:// or https:// (no spaces).",
        ),
        ({"website": "https://" + "a" * 493}, "website", "Keep this under 500 characters."),
        ({"kind": "bank"}, "kind", "Choose one of the listed kinds of funder."),
    ],
)
def test_validation_says_what_is_wrong_in_one_sentence(
    changes: dict[str, str], field: str, message: str
) -> None:
    assert _messages(_form(**changes)) == {field: message}


def test_limits_are_exact() -> None:
    assert validate(_form(name="x" * 200, website="https://" + "a" * 492)) == []


def test_validation_is_translated() -> None:
    from grantdesk.i18n import set_language

    set_language("it")
    assert _messages(_form(name="")) == {
        "name": "Indica il nome dell’ente finanziatore, come firma i suoi bandi."
    }


# -- creating and listing ------------------------------------------------------------------


def test_create_cleans_the_form_and_audits(db) -> None:  # type: ignore[no-untyped-def]
    funder_id = create_funder(
        db, _form(name="  Fondazione   Cariplo ", website=" https://www.fondazionecariplo.it ")
    )
    form, version = load_funder(db, funder_id)
    assert form == _form()
    assert version == 1
    assert _audit(db) == [("create", funder_id, "")]


def test_empty_optional_fields_are_stored_as_null(db) -> None:  # type: ignore[no-untyped-def]
    funder_id = create_funder(db, FunderForm(name="Regione Lombardia", kind="region"))
    with db.reading() as s:
        funder = s.get(Funder, funder_id)
        assert funder is not None
        assert (funder.website, funder.notes, funder.kind) == (None, None, FunderKind.REGION)


def test_create_refuses_a_name_that_differs_only_by_case_or_spaces(db) -> None:  # type: ignore[no-untyped-def]
    create_funder(db, _form())
    with pytest.raises(ValueError, match="There is already a funder called “fondazione CARIPLO”"):
        create_funder(db, _form(name="fondazione  CARIPLO"))
    with pytest.raises(ValueError, match="already a funder"):
        create_funder(db, _form(name=" Fondazione Cariplo"))
    assert _funder_count(db) == 1


def test_duplicates_are_found_with_accented_capitals(db) -> None:  # type: ignore[no-untyped-def]
    create_funder(db, FunderForm(name="Éupolis Lombardia"))
    with pytest.raises(ValueError, match="already a funder"):
        create_funder(db, FunderForm(name="éupolis lombardia"))


def test_create_refuses_an_invalid_form(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="must start with http"):
        create_funder(db, _form(website="fondazionecariplo.it"))
    assert _funder_count(db) == 0


def test_list_funders_sorts_ignoring_case_and_accents_and_counts_calls(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        f.call(s, "Welfare di comunità", funder="Fondazione Cariplo")
        f.call(s, "Emblematici maggiori", funder="Fondazione Cariplo")
        f.call(s, "Bando periferie", funder="comune di Milano")
    create_funder(db, FunderForm(name="Éupolis Lombardia", website="https://eupolis.example"))
    create_funder(db, FunderForm(name="Unione europea", kind="eu"))
    rows = list_funders(db)
    assert [(r.name, r.calls) for r in rows] == [
        ("comune di Milano", 1),
        ("Éupolis Lombardia", 0),
        ("Fondazione Cariplo", 2),
        ("Unione europea", 0),
    ]
    assert rows[1].website == "https://eupolis.example"
    assert rows[3].kind == "eu"
    assert rows[3].kind_label == "European Union"
    assert all(r.version == 1 for r in rows)


def test_load_a_missing_funder(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RecordNotFoundError):
        load_funder(db, 999)


# -- updating ------------------------------------------------------------------------------


def test_update_saves_bumps_the_version_and_audits_the_fields(db) -> None:  # type: ignore[no-untyped-def]
    funder_id = create_funder(db, _form())
    version = update_funder(
        db, funder_id, _form(kind="community_foundation", notes="Solo area metropolitana"), 1
    )
    assert version == 2
    form, stored = load_funder(db, funder_id)
    assert (form.kind, form.notes, stored) == ("community_foundation", "Solo area metropolitana", 2)
    assert _audit(db)[-1] == ("update", funder_id, "changed kind, notes")


def test_saving_the_same_form_changes_nothing(db) -> None:  # type: ignore[no-untyped-def]
    funder_id = create_funder(db, _form())
    assert update_funder(db, funder_id, _form(name=" Fondazione Cariplo "), 1) == 1
    assert len(_audit(db)) == 1


def test_update_refuses_a_stale_version(db) -> None:  # type: ignore[no-untyped-def]
    funder_id = create_funder(db, _form())
    update_funder(db, funder_id, _form(notes="Prima modifica"), 1)
    with pytest.raises(ConflictError, match="Someone else changed this funder"):
        update_funder(db, funder_id, _form(notes="Seconda modifica"), 1)
    assert load_funder(db, funder_id)[0].notes == "Prima modifica"


def test_update_refuses_renaming_onto_another_funder(db) -> None:  # type: ignore[no-untyped-def]
    create_funder(db, _form())
    other = create_funder(db, FunderForm(name="Fondazione di Comunità Milano"))
    with pytest.raises(ValueError, match="already a funder called “FONDAZIONE CARIPLO”"):
        update_funder(db, other, FunderForm(name="FONDAZIONE CARIPLO"), 1)
    assert load_funder(db, other)[0].name == "Fondazione di Comunità Milano"


def test_changing_only_the_case_of_its_own_name_is_allowed(db) -> None:  # type: ignore[no-untyped-def]
    funder_id = create_funder(db, FunderForm(name="fondazione cariplo"))
    update_funder(db, funder_id, FunderForm(name="Fondazione Cariplo"), 1)
    assert load_funder(db, funder_id)[0].name == "Fondazione Cariplo"


def test_update_of_a_deleted_funder(db) -> None:  # type: ignore[no-untyped-def]
    funder_id = create_funder(db, _form())
    delete_funder(db, funder_id, 1)
    with pytest.raises(RecordNotFoundError):
        update_funder(db, funder_id, _form(notes="x"), 1)


def test_renaming_makes_its_calls_findable_by_the_new_name(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        call = f.call(s, "Welfare di comunità", funder="Fond. Cariplo")
        funder_id, call_id, call_version = call.funder_id, call.id, call.version
    update_funder(db, funder_id, FunderForm(name="Fondazione Cariplo"), 1)
    found = search_call_ids(db, "fondazione cariplo")
    with db.reading() as s:
        stored = s.get(Call, call_id)
        assert stored is not None
        # The call reads differently now: an editor open on it must reload before saving.
        assert stored.version == call_version + 1
    assert found == [call_id]
    assert "was “Fond. Cariplo”; 1 calls" in _audit(db)[-1][2]


# -- deleting ------------------------------------------------------------------------------


def test_delete_a_funder_no_call_uses(db) -> None:  # type: ignore[no-untyped-def]
    funder_id = create_funder(db, _form())
    assert delete_funder(db, funder_id, 1) == _form()
    assert _funder_count(db) == 0
    assert _audit(db)[-1] == ("delete", funder_id, "“Fondazione Cariplo”")


def test_delete_is_refused_while_calls_refer_to_it(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        for title in ("Welfare di comunità", "Emblematici", "Housing sociale"):
            funder_id = f.call(s, title).funder_id
    assert funder_usage(db, funder_id) == 3
    with pytest.raises(FunderInUseError) as caught:
        delete_funder(db, funder_id, 1)
    assert str(caught.value) == (
        "“Fondazione Cariplo” cannot be deleted: 3 calls refer to it. "
        "Move them to another funder or delete them first."
    )
    assert _funder_count(db) == 1
    assert _audit(db) == []


def test_in_use_message_has_a_singular(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        funder_id = f.call(s, "Welfare di comunità").funder_id
    with pytest.raises(FunderInUseError, match=r"1 call refers to it\. Move it to another"):
        delete_funder(db, funder_id, 1)


def test_delete_refuses_a_stale_version(db) -> None:  # type: ignore[no-untyped-def]
    funder_id = create_funder(db, _form())
    update_funder(db, funder_id, _form(notes="Cambiato altrove"), 1)
    with pytest.raises(ConflictError):
        delete_funder(db, funder_id, 1)
    assert _funder_count(db) == 1


# -- merging -------------------------------------------------------------------------------


def test_merge_moves_the_calls_then_deletes_the_duplicate(db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        a = f.call(s, "Welfare di comunità", funder="Fondazione Cariplo")
        b = f.call(s, "Housing sociale", funder="Fond. Cariplo")
        c = f.call(s, "Emblematici", funder="Fond. Cariplo")
        target_id, source_id, moved_ids = a.funder_id, b.funder_id, [b.id, c.id]
    moved = merge_funders(db, source_id, target_id, 1, 1)
    assert moved == moved_ids
    assert [(r.name, r.calls) for r in list_funders(db)] == [("Fondazione Cariplo", 3)]
    assert [a[0] for a in _audit(db)] == ["merge", "delete"]
    assert sorted(search_call_ids(db, "fondazione cariplo")) == sorted([a.id, *moved_ids])

    # Undoing the merge gives the duplicate its calls back.
    restored = unmerge_funder(db, FunderForm(name="Fond. Cariplo"), target_id, moved)
    assert [(r.name, r.calls) for r in list_funders(db)] == [
        ("Fond. Cariplo", 2),
        ("Fondazione Cariplo", 1),
    ]
    assert _audit(db)[-1] == ("create", restored, "merge undone: 2 calls moved back")


def test_merge_checks_both_versions_and_refuses_itself(db) -> None:  # type: ignore[no-untyped-def]
    source = create_funder(db, FunderForm(name="Fond. Cariplo"))
    target = create_funder(db, _form())
    update_funder(db, target, _form(notes="Cambiato"), 1)
    with pytest.raises(ConflictError):
        merge_funders(db, source, target, 1, 1)
    with pytest.raises(ValueError, match="Choose another funder"):
        merge_funders(db, source, source, 1, 1)
    assert _funder_count(db) == 2
