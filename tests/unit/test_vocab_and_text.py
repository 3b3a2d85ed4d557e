"""Vocabularies and search folding."""

from __future__ import annotations

import pytest

from grantdesk.domain.text import fold, search_document, search_terms
from grantdesk.domain.vocab import THIRD_SECTOR_FORMS, LegalForm, ProposalStatus
from grantdesk.i18n import set_language


def test_runts_sections_are_a_to_g() -> None:
    sections = sorted(f.runts_section for f in THIRD_SECTOR_FORMS)  # type: ignore[type-var]
    assert sections == list("abcdefg")
    assert LegalForm.ODV.runts_section == "a"
    assert LegalForm.APS.runts_section == "b"
    assert LegalForm.MUNICIPALITY.runts_section is None
    assert not LegalForm.PARISH.is_third_sector


def test_labels_follow_the_language() -> None:
    set_language("it")
    assert ProposalStatus.SUBMITTED.label == "Presentato"
    assert ProposalStatus.parse("presentato") is ProposalStatus.SUBMITTED
    set_language("en")
    assert ProposalStatus.SUBMITTED.label == "Submitted"
    with pytest.raises(ValueError):
        ProposalStatus.parse("nonsense")


def test_accent_insensitive_terms() -> None:
    assert fold("Università PERÙ") == "universita peru"
    assert search_terms("  università, Città  città ") == ["universita", "citta"]
    assert "poverta" in search_document("Contrasto alla povertà", None, "Fondazione")


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (
            ("Via Gramsci 190", "40013", "Castel Maggiore", "BO"),
            "Via Gramsci 190, 40013 Castel Maggiore (BO)",
        ),
        ((None, None, "Vigevano", "PV"), "Vigevano (PV)"),
        (("Piazza Ducale 1", None, None, None), "Piazza Ducale 1"),
        ((None, None, None, None), ""),
    ],
)
def test_italian_postal_address(parts: tuple[str | None, ...], expected: str) -> None:
    from grantdesk.services.details import postal_address

    assert postal_address(*parts) == expected


def test_every_member_of_every_vocabulary_has_its_own_label() -> None:
    """Codes shared between vocabularies ("other", "closed"…) must not share one entry."""
    from grantdesk.domain import vocab

    vocabularies = [
        v
        for v in vars(vocab).values()
        if isinstance(v, type) and issubclass(v, vocab.Vocabulary) and v is not vocab.Vocabulary
    ]
    members = [(type(m), m.value) for v in vocabularies for m in v]
    assert len(members) == len(vocab._LABELS)
    assert set(members) == set(vocab._LABELS)
    for v in vocabularies:
        for member in v:
            assert member.label
