"""The text library: blocks created, edited, deleted, found by words and tags ignoring
accents, and inserted into a proposal's section."""

from __future__ import annotations

from typing import Any

import pytest

from grantdesk.services.editing import ConflictError
from grantdesk.services.proposal_editing import ProposalForm, create_proposal
from grantdesk.services.proposal_parts import load_parts, update_section
from grantdesk.services.text_library import (
    TextBlockForm,
    create_block,
    delete_block,
    insert_into_section,
    joined,
    load_block,
    search_blocks,
    split_tags,
    tag_counts,
    update_block,
    validate,
)
from tests.helpers import factories as f


def _library(db: Any) -> dict[str, int]:
    with db.transaction() as s:
        csv = f.organization(s, "CSV Lomellina").id
    return {
        "csv": create_block(
            db,
            TextBlockForm(
                "Presentazione del CSV Lomellina",
                "Il CSV sostiene le associazioni con consulenza e formazione.",
                ["presentazione", "ente"],
                organization_id=csv,
            ),
        ),
        "method": create_block(
            db,
            TextBlockForm(
                "Metodologia: co-progettazione",
                "Tavoli con l’università e verbali condivisi.",
                split_tags("metodologia, co-progettazione"),
            ),
        ),
        "privacy": create_block(
            db,
            TextBlockForm(
                "Clausola sul trattamento dei dati",
                "Regolamento (UE) 2016/679.",
                ["clausola", "privacy"],
                language="en",
            ),
        ),
    }


def test_tags_are_words_lower_case_each_once() -> None:
    assert split_tags(" Metodologia, co-progettazione;  metodologia  SWOT ") == [
        "metodologia",
        "co-progettazione",
        "swot",
    ]
    assert split_tags(["Ente", "ente privato"]) == ["ente", "privato"]


def test_validation_sentences() -> None:
    errors = {e.field: e.message for e in validate(TextBlockForm(" ", " ", language="xx"))}
    assert errors == {
        "title": "The block needs a title.",
        "body": "The block has no text yet.",
        "language": "Choose one of the listed languages.",
    }


def test_search_by_words_ignores_accents_and_case(db: Any) -> None:
    _library(db)
    assert [b.title for b in search_blocks(db, "UNIVERSITA")] == ["Metodologia: co-progettazione"]
    assert [b.title for b in search_blocks(db, "lomellina consulenza")] == [
        "Presentazione del CSV Lomellina"
    ]
    # The owning body's name is searched too.
    assert search_blocks(db, "csv")[0].organization_name == "CSV Lomellina"
    assert search_blocks(db, "nessuna parola") == []
    assert [b.title for b in search_blocks(db)] == [
        "Clausola sul trattamento dei dati",
        "Metodologia: co-progettazione",
        "Presentazione del CSV Lomellina",
    ]


def test_search_by_tags_wants_every_tag(db: Any) -> None:
    _library(db)
    assert [b.title for b in search_blocks(db, tags=["ente"])] == [
        "Presentazione del CSV Lomellina"
    ]
    assert search_blocks(db, tags=["ente", "privacy"]) == []
    assert [b.title for b in search_blocks(db, "dati", tags=["Privacy"])] == [
        "Clausola sul trattamento dei dati"
    ]
    assert [b.title for b in search_blocks(db, language="en")] == [
        "Clausola sul trattamento dei dati"
    ]
    assert tag_counts(db)[0][1] == 1
    assert ("metodologia", 1) in tag_counts(db)


def test_blocks_are_edited_versioned_and_deleted(db: Any) -> None:
    ids = _library(db)
    form, version = load_block(db, ids["method"])
    form.body = "Tavoli di co-progettazione ai sensi dell’art. 55."
    form.tags = ["metodologia", "art55"]
    new_version = update_block(db, ids["method"], form, version)
    assert new_version == version + 1
    assert load_block(db, ids["method"])[0].tags == ["metodologia", "art55"]
    with pytest.raises(ConflictError):
        update_block(db, ids["method"], form, version)
    assert update_block(db, ids["method"], form, new_version) == new_version  # unchanged
    kept = delete_block(db, ids["method"], new_version)
    assert kept.title == "Metodologia: co-progettazione"
    assert all(b.id != ids["method"] for b in search_blocks(db))
    with pytest.raises(ValueError, match="needs a title"):
        create_block(db, TextBlockForm("", "testo"))


def test_joined_keeps_paragraphs_apart() -> None:
    assert joined("", "Testo") == ("Testo", 5)
    assert joined("Prima.", "Testo") == ("Prima.\n\nTesto", 13)
    assert joined("Prima.\nDopo.", "Testo", 7) == ("Prima.\n\nTesto\n\nDopo.", 13)
    assert joined("AB", " Testo ", 1)[0] == "A\n\nTesto\n\nB"


def test_a_block_is_inserted_into_a_section(db: Any) -> None:
    ids = _library(db)
    pid = create_proposal(db, ProposalForm(title="Rete"))
    section = load_parts(db, pid).sections[4]
    assert section.title == "Partenariato" and section.id is not None
    update_section(db, pid, section.id, body="Il partenariato è composto da:")
    saved = insert_into_section(db, pid, section.id, ids["csv"])
    assert saved.value[4].body == (
        "Il partenariato è composto da:\n\n"
        "Il CSV sostiene le associazioni con consulenza e formazione."
    )
    saved = insert_into_section(db, pid, section.id, ids["privacy"], at=0)
    assert saved.value[4].body.startswith("Regolamento (UE) 2016/679.\n\nIl partenariato")
