"""The call editor and the calls list's toolbar: create, edit, delete, each undoable."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from grantdesk.db.models import Call, Deadline
from grantdesk.domain.vocab import LegalForm
from grantdesk.services.call_editing import load_form
from grantdesk.ui.call_actions import delete_with_confirmation
from grantdesk.ui.call_editor import RULES, CallEditorDialog
from grantdesk.ui.context import AppContext
from grantdesk.ui.views.records import RecordsView
from tests.helpers import factories as f


def _titles(context: AppContext) -> list[str]:
    assert context.db is not None
    with context.db.reading() as s:
        return sorted(c.title for c in s.query(Call))


def _seed(context: AppContext) -> tuple[int, int]:
    """A free call with a deadline and a call a proposal uses."""
    from datetime import date

    assert context.db is not None
    with context.db.transaction() as s:
        free = f.call(s, "Invecchiamento attivo", code="INV-26", max_grant=Decimal("50000"))
        f.deadline(s, free, date(2027, 3, 31), stage="Domanda")
        used = f.call(s, "Welfare di comunità", code="WEL-26")
        f.proposal(s, "Rete di quartiere", used, None)
        return free.id, used.id


def test_creating_a_call_through_the_dialog_is_undoable(context: AppContext, qtbot: Any) -> None:
    dialog = CallEditorDialog(context)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()
    assert not dialog.findChild(type(dialog.summary), "FieldError").isVisible()
    dialog.funder_box.setEditText("Fondazione Nuova")
    qtbot.keyClicks(dialog.title_edit, "Giovani al centro")
    dialog.amount_edits["max_grant"].setText("€120,000.50")
    dialog.percent_edits["min_cofinancing_pct"].setText("20.5")
    dialog.forms_list.item(list(LegalForm).index(LegalForm.APS)).setCheckState(
        Qt.CheckState.Checked
    )
    dialog.add_attachment.click()
    dialog.attachments.item(0, 0).setText("Statuto")
    assert dialog.funder_note.text() == "A new funder: it will be added to the list."
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted

    assert _titles(context) == ["Giovani al centro"]
    assert context.db is not None
    with context.db.reading() as s:
        call_id = s.query(Call).one().id
    form, _version = load_form(context.db, call_id)
    assert form.funder == "Fondazione Nuova"
    assert form.max_grant == Decimal("120000.50")
    assert form.min_cofinancing_pct == Decimal("20.5")
    assert form.eligible_forms == ["aps"]
    assert form.attachments == [("Statuto", True)]

    stack = context.undo_stack
    assert stack.undoText() == "new call “Giovani al centro”"
    with qtbot.waitSignal(context.data_changed):
        stack.undo()
    assert _titles(context) == []
    stack.redo()
    assert _titles(context) == ["Giovani al centro"]
    stack.undo()
    stack.redo()  # the re-created call got a new id: the command follows it
    assert _titles(context) == ["Giovani al centro"]


def test_editing_a_field_is_undone_back_to_the_database_value(
    context: AppContext, qtbot: Any
) -> None:
    free, _used = _seed(context)
    dialog = CallEditorDialog(context, free)
    qtbot.addWidget(dialog)
    assert dialog.amount_edits["max_grant"].text() == "€50,000.00"  # English in tests
    dialog.title_edit.setText("Invecchiamento attivo 2027")
    dialog.amount_edits["max_grant"].setText("60,000")
    dialog.save_button.click()
    assert context.db is not None
    form, _v = load_form(context.db, free)
    assert (form.title, form.max_grant) == ("Invecchiamento attivo 2027", Decimal("60000.00"))
    context.undo_stack.undo()
    form, _v = load_form(context.db, free)
    assert (form.title, form.max_grant) == ("Invecchiamento attivo", Decimal("50000.00"))
    context.undo_stack.redo()
    assert load_form(context.db, free)[0].title == "Invecchiamento attivo 2027"


def test_an_edit_undone_after_another_desk_changed_the_call_is_refused(
    context: AppContext, qtbot: Any
) -> None:
    free, _used = _seed(context)
    dialog = CallEditorDialog(context, free)
    qtbot.addWidget(dialog)
    dialog.code_edit.setText("INV-27")
    dialog.save_button.click()
    assert context.db is not None
    with context.db.transaction() as s:
        s.get(Call, free).territory = "Bergamo"  # another desk
    context.undo_stack.undo()
    assert load_form(context.db, free)[0].code == "INV-27"
    assert context.undo_stack.count() == 0  # the refused command left the stack


def test_an_invalid_amount_is_explained_and_save_stays_disabled(
    context: AppContext, qtbot: Any
) -> None:
    dialog = CallEditorDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.funder_box.setEditText("Fondazione Cariplo")
    dialog.title_edit.setText("Bando")
    assert dialog.save_button.isEnabled()
    dialog.tabs.setCurrentIndex(RULES)
    qtbot.keyClicks(dialog.amount_edits["min_grant"], "12.34.5")
    error = dialog._errors["min_grant"]
    assert error.isVisible()
    assert error.text() == "Write an amount in euros, like €1,234.56."
    assert not dialog.save_button.isEnabled()
    dialog.amount_edits["min_grant"].setText("€ 90,000")
    dialog.amount_edits["max_grant"].setText("10000")
    assert dialog._errors["max_grant"].text() == "The minimum grant is above the maximum."
    assert not dialog._errors["min_grant"].isVisible()
    assert not dialog.save_button.isEnabled()
    dialog.amount_edits["max_grant"].setText("")
    assert dialog.save_button.isEnabled()


def test_a_no_go_needs_its_reason(context: AppContext, qtbot: Any) -> None:
    free, _used = _seed(context)
    dialog = CallEditorDialog(context, free)
    qtbot.addWidget(dialog)
    assert not dialog.no_go_edit.isEnabled()
    dialog.status_box.setCurrentIndex(dialog.status_box.findData("no_go"))
    assert dialog.no_go_edit.isEnabled()
    assert not dialog.save_button.isEnabled()
    dialog.no_go_edit.setText("Troppo cofinanziamento")
    assert dialog.save_button.isEnabled()


def test_deleting_a_call_with_proposals_is_refused_and_nothing_changes(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _free, used = _seed(context)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: pytest.fail("no confirmation"))
    assert not delete_with_confirmation(None, context, used)  # type: ignore[arg-type]
    assert said == [
        "“Welfare di comunità” cannot be deleted: 1 proposal refers to it. "
        "Move or delete that proposal first."
    ]
    assert _titles(context) == ["Invecchiamento attivo", "Welfare di comunità"]
    assert context.undo_stack.count() == 0


def test_deleting_a_free_call_asks_first_and_undo_brings_it_back_with_its_deadline(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    free, _used = _seed(context)
    asked: list[str] = []

    def answer(box: QMessageBox, reply: QMessageBox.StandardButton) -> Any:
        asked.append(f"{box.text()} {box.informativeText()}")
        return reply

    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: answer(box, QMessageBox.StandardButton.Cancel)
    )
    assert not delete_with_confirmation(None, context, free)  # type: ignore[arg-type]
    assert len(_titles(context)) == 2
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: answer(box, QMessageBox.StandardButton.Yes)
    )
    assert delete_with_confirmation(None, context, free)  # type: ignore[arg-type]
    assert asked[0] == (
        "Delete the call “Invecchiamento attivo”? "
        "Its 1 deadline is deleted with it. You can bring it back with Edit › Undo."
    )
    assert _titles(context) == ["Welfare di comunità"]
    context.undo_stack.undo()
    assert _titles(context) == ["Invecchiamento attivo", "Welfare di comunità"]
    assert context.db is not None
    with context.db.reading() as s:
        back = s.query(Call).filter_by(title="Invecchiamento attivo").one()
        assert back.max_grant == Decimal("50000.00")
        assert [d.stage for d in s.query(Deadline).filter_by(call_id=back.id)] == ["Domanda"]
    context.undo_stack.redo()
    assert _titles(context) == ["Welfare di comunità"]


def test_the_calls_list_has_a_toolbar_that_follows_the_selection(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(context)
    view = RecordsView(context, "calls")
    qtbot.addWidget(view)
    view.resize(1100, 600)
    view.show()
    qtbot.waitExposed(view)
    bar = view.call_toolbar
    assert bar.new_button.isEnabled()
    assert not bar.edit_button.isEnabled() and not bar.delete_button.isEnabled()
    view.select_row(0)
    assert bar.edit_button.isEnabled() and bar.delete_button.isEnabled()
    opened: list[int | None] = []
    monkeypatch.setattr(
        "grantdesk.ui.call_actions.open_call_editor",
        lambda _parent, _ctx, call_id=None: opened.append(call_id) or False,
    )
    deleted: list[int] = []
    monkeypatch.setattr(
        "grantdesk.ui.call_actions.delete_with_confirmation",
        lambda _parent, _ctx, call_id: deleted.append(call_id) or False,
    )
    view.activateWindow()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    QTest.keyClick(view.table, Qt.Key.Key_Delete)
    QTest.keyClick(view.table, Qt.Key.Key_F2)
    QTest.keyClick(view.table, Qt.Key.Key_Insert)
    QTest.keyClick(
        view.table,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert deleted == [view.current_id()]
    assert opened == [view.current_id(), None, None]


def test_attachments_are_added_moved_and_removed(context: AppContext, qtbot: Any) -> None:
    free, _used = _seed(context)
    dialog = CallEditorDialog(context, free)
    qtbot.addWidget(dialog)
    for name in ("Statuto", "Bilancio", "Lettere"):
        dialog.add_attachment.click()
        dialog.attachments.item(dialog.attachments.rowCount() - 1, 0).setText(name)
    dialog.attachments.item(1, 1).setCheckState(Qt.CheckState.Unchecked)
    dialog.attachments.selectRow(2)
    dialog.up_attachment.click()
    assert dialog.attachments.rows() == [("Statuto", True), ("Lettere", True), ("Bilancio", False)]
    dialog.remove_attachment.click()  # the moved row stays selected: “Lettere” goes
    assert dialog.attachments.rows() == [("Statuto", True), ("Bilancio", False)]
    dialog.attachments.item(1, 0).setText("statuto")
    assert dialog._errors["attachments"].text() == "An attachment is listed twice."
    assert not dialog.save_button.isEnabled()
    dialog.attachments.item(1, 0).setText("Lettere di partenariato")
    dialog.save_button.click()
    assert context.db is not None
    assert load_form(context.db, free)[0].attachments == [
        ("Statuto", True),
        ("Lettere di partenariato", False),
    ]


def test_in_italian_amounts_are_typed_and_shown_the_italian_way(
    context: AppContext, qtbot: Any
) -> None:
    from grantdesk.i18n import set_language

    free, _used = _seed(context)
    set_language("it")
    dialog = CallEditorDialog(context, free)
    qtbot.addWidget(dialog)
    assert dialog.tabs.tabText(RULES) == "Importi e regole"
    assert dialog.amount_edits["max_grant"].text() == "€ 50.000,00"
    dialog.amount_edits["min_grant"].setText("€ 1.234,5")
    dialog.percent_edits["overhead_cap_pct"].setText("7,5 %")
    dialog.amount_edits["min_grant"].editingFinished.emit()
    assert dialog.amount_edits["min_grant"].text() == "€ 1.234,50"
    dialog.amount_edits["max_total_cost"].setText("1,234.56")
    assert dialog._errors["max_total_cost"].text() == "Scrivi un importo in euro, come € 1.234,56."
    dialog.amount_edits["max_total_cost"].setText("")
    dialog.save_button.click()
    assert context.db is not None
    form = load_form(context.db, free)[0]
    assert (form.min_grant, form.overhead_cap_pct) == (Decimal("1234.50"), Decimal("7.5"))
