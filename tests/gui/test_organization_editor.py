"""The organization editor, the organizations toolbar and the merge dialog, each undoable."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from grantdesk.db.models import Organization, Person, ProposalPartner
from grantdesk.domain.vocab import LegalForm
from grantdesk.services.organization_editing import load_form
from grantdesk.ui.context import AppContext
from grantdesk.ui.documents_table import EXPIRES, STATUS, TITLE
from grantdesk.ui.merge_dialog import MergeDialog
from grantdesk.ui.organization_actions import delete_with_confirmation
from grantdesk.ui.organization_editor import DOCUMENTS, IDENTIFIERS, OrganizationEditorDialog
from grantdesk.ui.views.records import RecordsView
from tests.helpers import factories as f
from tests.helpers.org_codes import body_code, italian_iban, wrong_check_digit

CODE = body_code(9123456, 18)
LONG = "Associazione di Promozione Sociale Il Melograno – Centro di quartiere Barona ETS"


def _names(context: AppContext) -> list[str]:
    assert context.db is not None
    with context.db.reading() as s:
        return sorted(s.scalars(select(Organization.name)))


def _seed(context: AppContext) -> dict[str, int]:
    """An organization with a tax code used by a proposal, and a free look-alike."""
    assert context.db is not None
    with context.db.transaction() as s:
        used = f.organization(s, LONG, codice_fiscale=CODE, municipality="Milano")
        twin = f.organization(s, "Il Melograno APS", LegalForm.OTHER, municipality="Milano")
        s.add(Person(organization=twin, first_name="Nadia", last_name="Prova"))
        call = f.call(s, "Welfare di comunità")
        f.proposal(s, "Quartieri solidali", call, used)
        f.proposal(s, "Spazio giovani", call, None, partners=[twin])
        return {"used": used.id, "twin": twin.id}


def test_an_invalid_codice_fiscale_is_explained_and_save_stays_disabled(
    context: AppContext, qtbot: Any
) -> None:
    dialog = OrganizationEditorDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.save_button.isEnabled()  # no name yet
    qtbot.keyClicks(dialog.name_edit, "Circolo Arci La Lanterna")
    assert dialog.save_button.isEnabled()
    dialog.tabs.setCurrentIndex(IDENTIFIERS)
    qtbot.keyClicks(dialog.cf_edit, wrong_check_digit(CODE))
    error = dialog._errors["codice_fiscale"]
    assert error.isVisible()
    assert error.text() == (
        "The codice fiscale is not valid: its check character does not match (a typo?)."
    )
    assert not dialog.save_button.isEnabled()
    assert dialog.tabs.tabBar().tabTextColor(IDENTIFIERS) == QColor("#b3261e")
    dialog.cf_edit.setText(CODE)
    assert not error.isVisible()
    dialog.iban_edit.setText(italian_iban(12).lower())
    dialog.iban_edit.editingFinished.emit()
    shown = dialog.iban_edit.text()
    assert shown.replace(" ", "") == italian_iban(12)
    assert [len(group) for group in shown.split()] == [4, 4, 4, 4, 4, 4, 3]  # grouped by four
    dialog.province_edit.setText("pv")
    dialog.province_edit.textEdited.emit("pv")
    assert dialog.region_edit.text() == "Lombardia"
    dialog.save_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert _names(context) == ["Circolo Arci La Lanterna"]

    stack = context.undo_stack
    assert stack.undoText() == "new organization “Circolo Arci La Lanterna”"
    with qtbot.waitSignal(context.data_changed):
        stack.undo()
    assert _names(context) == []
    stack.redo()
    stack.undo()
    stack.redo()  # the re-created record got a new id: the command follows it
    assert _names(context) == ["Circolo Arci La Lanterna"]


def test_a_duplicate_codice_fiscale_names_the_other_and_offers_to_open_it(
    context: AppContext, qtbot: Any
) -> None:
    ids = _seed(context)
    dialog = OrganizationEditorDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("APS Il Melograno")
    dialog.tabs.setCurrentIndex(IDENTIFIERS)
    dialog.cf_edit.setText(f"{CODE[:5]} {CODE[5:]}")
    error = dialog._errors["codice_fiscale"]
    assert error.isVisible()
    assert error.text() == (
        f"The codice fiscale {CODE} already belongs to “{LONG}”: open that organization "
        "instead of recording it twice."
    )
    assert not dialog.save_button.isEnabled()
    assert dialog.open_duplicate.isVisible()
    dialog.open_duplicate.linkActivated.emit(str(ids["used"]))
    assert dialog.open_instead == ids["used"]
    assert dialog.result() == dialog.DialogCode.Rejected
    assert _names(context) == [LONG, "Il Melograno APS"]


def test_editing_is_undone_and_redone_documents_included(context: AppContext, qtbot: Any) -> None:
    ids = _seed(context)
    dialog = OrganizationEditorDialog(context, ids["twin"])
    qtbot.addWidget(dialog)
    dialog.neighbourhood_edit.setText("Barona")
    dialog.tabs.setCurrentIndex(DOCUMENTS)
    dialog.document_buttons.add.click()
    table = dialog.documents
    table.item(0, TITLE).setText("Polizza volontari 2026")
    expired = (date.today() - timedelta(days=2)).isoformat()
    table.item(0, EXPIRES).setText(expired)
    assert table.item(0, STATUS).text() == "Expired"
    assert table.item(0, STATUS).foreground().color() == QColor("#b3261e")
    table.item(0, EXPIRES).setText("31/02/2027")
    assert dialog._errors["documents"].text() == "Row 1: “31/02/2027” is not a date (dd/mm/yyyy)."
    assert not dialog.save_button.isEnabled()
    table.item(0, EXPIRES).setText((date.today() + timedelta(days=200)).isoformat())
    assert table.item(0, STATUS).text() == "Valid"
    dialog.save_button.click()
    assert context.db is not None
    form, _v = load_form(context.db, ids["twin"])
    assert form.neighbourhood == "Barona"
    assert [d.title for d in form.documents] == ["Polizza volontari 2026"]
    context.undo_stack.undo()
    form, _v = load_form(context.db, ids["twin"])
    assert (form.neighbourhood, form.documents) == ("", [])
    context.undo_stack.redo()
    form, _v = load_form(context.db, ids["twin"])
    assert [d.title for d in form.documents] == ["Polizza volontari 2026"]


def test_deleting_an_organization_in_use_is_refused_with_a_sentence(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _seed(context)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    assert not delete_with_confirmation(QMessageBox(), context, ids["used"])
    assert warnings == [
        f"“{LONG}” cannot be deleted: it appears in 1 proposal. If it is a duplicate, merge it "
        "into the organization to keep instead (Merge…)."
    ]
    assert context.undo_stack.count() == 0


def test_deleting_a_free_organization_asks_then_undo_brings_it_back(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert context.db is not None
    with context.db.transaction() as s:
        org_id = f.organization(s, "Comitato di quartiere Cascame").id
        s.add(Person(organization_id=org_id, first_name="Ivo", last_name="Prova"))
    asked: list[str] = []

    def answer(box: QMessageBox) -> int:
        asked.append(box.text())
        yes = box.button(QMessageBox.StandardButton.Yes)
        asked.append(yes.text() if yes is not None else "")
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", answer)
    assert delete_with_confirmation(QMessageBox(), context, org_id)
    assert asked == ["Delete “Comitato di quartiere Cascame”?", "Delete"]
    assert _names(context) == []
    context.undo_stack.undo()
    assert _names(context) == ["Comitato di quartiere Cascame"]
    with context.db.reading() as s:
        assert s.scalars(select(Person.organization_id)).one() is not None  # attached again


def test_merging_through_the_dialog_is_undoable(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _seed(context)
    monkeypatch.setattr(MergeDialog, "confirm", lambda _self, _preview: True)
    dialog = MergeDialog(context, ids["used"])
    qtbot.addWidget(dialog)
    dialog._timer.stop()
    assert [dialog.candidates.item(i).text().split("\n")[0] for i in range(1)] == [
        "Il Melograno APS"  # a look-alike: "melograno"
    ]
    html = dialog.details.toPlainText()
    assert "Partnerships in proposals" in html and "Contacts" in html
    dialog.search.setText("zzz")
    dialog.reload()
    assert dialog.candidates.count() == 0
    assert not dialog.merge_button.isEnabled()
    assert dialog.list_note.text() == "No organization matches “zzz”."
    dialog.search.setText("melograno")
    dialog.reload()
    dialog.merge_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert _names(context) == [LONG]
    assert context.db is not None
    with context.db.reading() as s:
        assert s.scalars(select(ProposalPartner.organization_id)).one() == ids["used"]
        assert s.scalars(select(Person.organization_id)).one() == ids["used"]
    stack = context.undo_stack
    assert stack.undoText() == "merge “Il Melograno APS” into “Associazione di Promozione Soci…”"
    stack.undo()
    assert _names(context) == [LONG, "Il Melograno APS"]
    with context.db.reading() as s:
        twin = s.scalars(select(Organization.id).where(Organization.name == "Il Melograno APS"))
        twin_id = twin.one()
        assert s.scalars(select(ProposalPartner.organization_id)).one() == twin_id
        assert s.scalars(select(Person.organization_id)).one() == twin_id
    stack.redo()
    assert _names(context) == [LONG]


def test_the_organizations_list_has_the_toolbar(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(context)
    view = RecordsView(context, "organizations")
    qtbot.addWidget(view)
    toolbar = view.organization_toolbar
    assert [b.text() for b in (toolbar.new_button, toolbar.merge_button)] == [
        "New organization",
        "Merge…",
    ]
    assert toolbar.new_button.isEnabled() and not toolbar.edit_button.isEnabled()
    assert toolbar.new_action.shortcut().toString() == "Ctrl+Shift+N"
    assert toolbar.edit_action.shortcut().toString() == "F2"
    view.select_row(0)
    assert toolbar.edit_button.isEnabled() and toolbar.merge_button.isEnabled()
    opened: list[int | None] = []
    monkeypatch.setattr(
        "grantdesk.ui.organization_actions.open_organization_editor",
        lambda _parent, _context, org_id=None: opened.append(org_id),
    )
    view.table.doubleClicked.emit(view.model.index(0, 0))
    toolbar.edit_action.trigger()
    assert opened == [view.current_id(), view.current_id()]
    assert view.model.columns()[-1].key == "documents_due"
    assert view.table.model().index(0, 0).data(Qt.ItemDataRole.DisplayRole)


def test_themes_complete_the_word_after_the_last_comma(context: AppContext, qtbot: Any) -> None:
    assert context.db is not None
    with context.db.transaction() as s:
        f.call(s, "Bando anziani", themes=["anziani", "povertà"])
    dialog = OrganizationEditorDialog(context)
    qtbot.addWidget(dialog)
    completer = dialog.themes_edit.completer()
    dialog.themes_edit.setText("giovani, anz")
    assert completer.splitPath(dialog.themes_edit.text()) == ["anz"]
    completer.setCompletionPrefix("anz")
    assert completer.pathFromIndex(completer.currentIndex()) == "giovani, anziani, "
