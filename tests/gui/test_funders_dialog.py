"""Edit ▸ Funders…: create, edit, merge and delete funders, each undoable, by mouse and keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from grantdesk.db.models import Call, Funder
from grantdesk.domain.vocab import FunderKind
from grantdesk.services.funder_editing import FunderForm, create_funder, load_funder
from grantdesk.ui.context import AppContext
from grantdesk.ui.funders_dialog import FundersDialog
from tests.helpers import factories as f


def _names(context: AppContext) -> list[str]:
    assert context.db is not None
    with context.db.reading() as s:
        return sorted(x.name for x in s.query(Funder))


def _seed(context: AppContext) -> dict[str, int]:
    """Two funders with calls, two without."""
    assert context.db is not None
    with context.db.transaction() as s:
        welfare = f.call(s, "Welfare di comunità", funder="Fondazione Cariplo")
        welfare.funder.kind = FunderKind.BANK_FOUNDATION
        cariplo = welfare.funder_id
        f.call(s, "Emblematici maggiori", funder="Fondazione Cariplo")
        f.call(s, "Housing sociale", funder="Fond. Cariplo")
    db = context.db
    ids = {
        "Fondazione Cariplo": cariplo,
        "Regione Lombardia": create_funder(db, FunderForm(name="Regione Lombardia", kind="region")),
        "Comune di Vigevano": create_funder(
            db, FunderForm(name="Comune di Vigevano", kind="municipality")
        ),
    }
    return ids


def _dialog(context: AppContext, qtbot: Any) -> FundersDialog:
    dialog = FundersDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _select(dialog: FundersDialog, name: str) -> None:
    for row in range(dialog.model.rowCount()):
        funder = dialog.model.funder_at(row)
        if funder is not None and funder.name == name:
            dialog.table.setCurrentIndex(dialog.model.index(row, 0))
            assert dialog.name_edit.text() == name
            return
    pytest.fail(f"{name} is not listed")


@pytest.fixture(autouse=True)
def no_blocking_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A message box nobody expected fails the test instead of waiting for a click."""

    def unexpected(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("unexpected message box")

    for name in ("question", "warning", "exec"):
        monkeypatch.setattr(QMessageBox, name, unexpected)
    monkeypatch.setattr(QInputDialog, "getItem", unexpected)


def test_the_model_is_sound(context: AppContext, qtbot: Any, qtmodeltester: Any) -> None:
    _seed(context)
    dialog = _dialog(context, qtbot)
    qtmodeltester.check(dialog.model)
    dialog.filter_edit.setText("cariplo")
    qtmodeltester.check(dialog.model)


def test_empty_state_offers_to_add_the_first_funder(context: AppContext, qtbot: Any) -> None:
    dialog = _dialog(context, qtbot)
    assert dialog.pages.currentWidget() is dialog.empty
    assert dialog.empty.title.text() == "No funders yet."
    assert dialog.empty.button.isVisible()
    dialog.empty.button.click()
    assert dialog.pages.currentWidget() is dialog.splitter
    assert dialog.creating and dialog.name_edit.hasFocus()
    assert not dialog.save_button.isEnabled()


def test_list_shows_name_kind_and_calls_sorted(context: AppContext, qtbot: Any) -> None:
    _seed(context)
    dialog = _dialog(context, qtbot)
    shown = [
        tuple(dialog.model.index(r, c).data() for c in range(3))
        for r in range(dialog.model.rowCount())
    ]
    assert shown == [
        ("Comune di Vigevano", "Municipality", "0"),
        ("Fond. Cariplo", FunderKind.OTHER.label, "1"),
        ("Fondazione Cariplo", "Bank foundation", "2"),
        ("Regione Lombardia", "Region", "0"),
    ]
    # The first funder is selected and shown.
    assert dialog.name_edit.text() == "Comune di Vigevano"
    assert dialog.form_pane.usage.text() == "Municipality · no call names it yet"
    _select(dialog, "Fondazione Cariplo")
    assert dialog.form_pane.usage.text() == "Bank foundation · named by 2 calls"


def test_creating_a_funder_is_undoable(context: AppContext, qtbot: Any) -> None:
    _seed(context)
    dialog = _dialog(context, qtbot)
    qtbot.keyClick(dialog.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert dialog.creating and dialog.form_pane.title.text() == "New funder"
    dialog.name_edit.setText("Fondazione di Comunità di Messina")  # accented: no keyClicks
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("community_foundation"))
    qtbot.keyClicks(dialog.website_edit, "https://www.fdcmessina.org")
    assert dialog.form_pane.website_link.isVisible()
    assert "https://www.fdcmessina.org" in dialog.form_pane.website_link.text()
    qtbot.keyClick(dialog.website_edit, Qt.Key.Key_Return)  # Enter saves

    assert "Fondazione di Comunità di Messina" in _names(context)
    assert dialog.status.text() == "“Fondazione di Comunità di Messina” saved."
    assert not dialog.creating and dialog.name_edit.text() == "Fondazione di Comunità di Messina"
    assert dialog.table.currentIndex().data() == "Fondazione di Comunità di Messina"

    stack = context.undo_stack
    assert stack.undoText() == "new funder “Fondazione di Comunità di Messina”"
    stack.undo()
    assert "Fondazione di Comunità di Messina" not in _names(context)
    assert dialog.model.total == 4
    stack.redo()
    assert "Fondazione di Comunità di Messina" in _names(context)
    stack.undo()
    stack.redo()  # the re-created funder got a new id: the command follows it
    assert _names(context).count("Fondazione di Comunità di Messina") == 1


def test_errors_show_under_their_field_and_keep_save_disabled(
    context: AppContext, qtbot: Any
) -> None:
    _seed(context)
    dialog = _dialog(context, qtbot)
    dialog.new_funder()
    errors = dialog.form_pane.errors
    assert not dialog.save_button.isEnabled()
    assert not any(label.isVisible() for label in errors.values())  # nothing typed yet
    qtbot.keyClicks(dialog.name_edit, "regione  LOMBARDIA")
    assert errors["name"].isVisible()
    assert errors["name"].text() == (
        "There is already a funder called “regione LOMBARDIA”: choose another name."
    )
    assert not dialog.save_button.isEnabled()
    dialog.name_edit.setText("Regione Siciliana")
    assert not errors["name"].isVisible()
    assert dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.website_edit, "www.regione.sicilia.it")
    assert errors["website"].isVisible()
    assert errors["website"].text() == (
        "The address must start with http:// or https:// (no spaces)."
    )
    assert not dialog.form_pane.website_link.isVisible()
    assert not dialog.save_button.isEnabled()
    dialog.name_edit.clear()
    assert errors["name"].text() == "Give the funder a name, as it signs its calls."
    assert not dialog.save() and _names(context).count("Regione Siciliana") == 0
    dialog.discard()
    assert not dialog.creating and dialog.name_edit.text() == "Comune di Vigevano"


def test_editing_a_funder_is_undoable(context: AppContext, qtbot: Any) -> None:
    ids = _seed(context)
    dialog = _dialog(context, qtbot)
    _select(dialog, "Regione Lombardia")
    assert not dialog.save_button.isEnabled()  # nothing changed yet
    dialog.notes_edit.setPlainText("Bandi su Bandi online; referente: ufficio welfare")
    dialog.website_edit.setText("https://www.regione.lombardia.it")
    assert dialog.save_button.isEnabled()
    qtbot.keyClick(dialog.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert context.db is not None
    form, version = load_funder(context.db, ids["Regione Lombardia"])
    assert form.website == "https://www.regione.lombardia.it"
    assert version == 2
    assert not dialog.save_button.isEnabled()

    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(dialog.table, Qt.Key.Key_Z, ctrl)  # Ctrl+Z works inside the dialog
    assert load_funder(context.db, ids["Regione Lombardia"])[0].website == ""
    assert dialog.website_edit.text() == ""  # the form follows the undo
    QTest.keySequence(dialog.table, QKeySequence(QKeySequence.StandardKey.Redo))
    assert dialog.website_edit.text() == "https://www.regione.lombardia.it"


def test_renaming_onto_another_name_is_refused_in_the_form(context: AppContext, qtbot: Any) -> None:
    _seed(context)
    dialog = _dialog(context, qtbot)
    _select(dialog, "Fond. Cariplo")
    dialog.name_edit.setText("Fondazione  Cariplo")
    assert dialog.form_pane.errors["name"].isVisible()
    assert not dialog.save_button.isEnabled()
    dialog.discard()
    assert dialog.name_edit.text() == "Fond. Cariplo"


def test_a_stale_save_is_refused_and_reloaded(context: AppContext, qtbot: Any) -> None:
    from grantdesk.services.funder_editing import update_funder

    ids = _seed(context)
    dialog = _dialog(context, qtbot)
    _select(dialog, "Regione Lombardia")
    assert context.db is not None
    update_funder(  # another desk
        context.db, ids["Regione Lombardia"], FunderForm("Regione Lombardia", "region", "", "X"), 1
    )
    dialog.notes_edit.setPlainText("Mine")
    assert not dialog.save()
    assert "Someone else changed this funder" in dialog.status.text()
    assert dialog.notes_edit.toPlainText() == "X"


def test_deleting_a_funder_is_confirmed_and_undoable(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(context)
    asked: list[str] = []

    def answer(box: QMessageBox) -> QMessageBox.StandardButton:
        asked.append(box.text())
        yes = box.button(QMessageBox.StandardButton.Yes)
        assert yes is not None and yes.text() == "Delete"
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", answer)
    dialog = _dialog(context, qtbot)
    _select(dialog, "Comune di Vigevano")
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert asked == ["Delete the funder “Comune di Vigevano”?"]
    assert "Comune di Vigevano" not in _names(context)
    assert dialog.status.text() == "“Comune di Vigevano” deleted: Ctrl+Z brings it back."
    assert dialog.name_edit.text() == "Fond. Cariplo"  # the next one is shown

    stack = context.undo_stack
    assert stack.undoText() == "delete funder “Comune di Vigevano”"
    dialog.undo_button.click()
    assert "Comune di Vigevano" in _names(context)
    stack.redo()  # deletes the re-created funder (a new id)
    assert "Comune di Vigevano" not in _names(context)
    stack.undo()
    assert context.db is not None
    with context.db.reading() as s:
        kind = s.query(Funder).filter_by(name="Comune di Vigevano").one().kind
    assert kind == FunderKind.MUNICIPALITY


def test_cancelling_the_confirmation_deletes_nothing(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(context)
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: QMessageBox.StandardButton.Cancel)
    dialog = _dialog(context, qtbot)
    _select(dialog, "Comune di Vigevano")
    dialog.delete_button.click()
    assert "Comune di Vigevano" in _names(context)
    assert not context.undo_stack.canUndo()


def test_a_funder_with_calls_is_not_deleted(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(context)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: pytest.fail("no confirmation"))
    dialog = _dialog(context, qtbot)
    _select(dialog, "Fondazione Cariplo")
    dialog.delete_button.click()
    assert said and said[0].startswith(
        "“Fondazione Cariplo” cannot be deleted: 2 calls refer to it. "
        "Move them to another funder or delete them first."
    )
    assert "Merge into…" in said[0]
    assert "Fondazione Cariplo" in _names(context)
    assert not context.undo_stack.canUndo()


def test_merging_a_duplicate_is_undoable(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(context)
    offered: list[list[str]] = []

    def choose(_parent: Any, _title: str, label: str, items: list[str], *_a: Any) -> Any:
        offered.append(items)
        assert "Move the 1 call of “Fond. Cariplo” to which funder?" in label
        return "Fondazione Cariplo", True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    dialog = _dialog(context, qtbot)
    _select(dialog, "Fond. Cariplo")
    dialog.list_pane.merge_button.click()
    assert "Fond. Cariplo" not in offered[0]
    assert "Fond. Cariplo" not in _names(context)
    assert dialog.name_edit.text() == "Fondazione Cariplo"
    assert dialog.form_pane.usage.text() == "Bank foundation · named by 3 calls"

    context.undo_stack.undo()
    assert context.db is not None
    with context.db.reading() as s:
        housing = s.query(Call).filter_by(title="Housing sociale").one()
        assert housing.funder.name == "Fond. Cariplo"


def test_filter_arrows_and_enter(context: AppContext, qtbot: Any) -> None:
    _seed(context)
    dialog = _dialog(context, qtbot)
    qtbot.keyClick(dialog.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert dialog.filter_edit.hasFocus()
    qtbot.keyClicks(dialog.filter_edit, "cariplo")
    assert dialog.model.rowCount() == 2
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)
    assert dialog.table.hasFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    assert dialog.name_edit.text() == "Fondazione Cariplo"
    qtbot.keyClick(dialog.table, Qt.Key.Key_Up)
    assert dialog.name_edit.text() == "Fond. Cariplo"
    dialog.filter_edit.setText("nessuno")
    assert dialog.model.rowCount() == 0
    assert dialog.list_pane.no_match.isVisible()
    assert dialog.list_pane.no_match.text() == "No funder matches “nessuno”."
    assert context.db is not None
    create_funder(context.db, FunderForm(name="Fondazione di Comunità di Messina"))
    dialog.reload()
    dialog.filter_edit.setText("comunita")  # accents aside
    assert [dialog.model.index(0, 0).data()] == ["Fondazione di Comunità di Messina"]
    assert dialog.model.rowCount() == 1
    dialog.filter_edit.setText("LOMBARDIA")  # case aside
    assert dialog.model.rowCount() == 1
    dialog.filter_edit.setText("municipality")  # the kind's label counts too
    assert [dialog.model.index(0, 0).data()] == ["Comune di Vigevano"]
    assert dialog.model.rowCount() == 1
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Escape)  # Esc empties the filter first
    assert dialog.filter_edit.text() == "" and dialog.model.rowCount() == 5
    assert dialog.isVisible()


def test_insert_starts_a_new_funder_and_escape_closes(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(context)
    dialog = _dialog(context, qtbot)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Insert)
    assert dialog.creating and dialog.name_edit.hasFocus()
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_unsaved_input_is_not_lost_silently(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(context)
    dialog = _dialog(context, qtbot)
    _select(dialog, "Regione Lombardia")
    dialog.notes_edit.setPlainText("Da ricontattare")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save]
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *_a: Any) -> Any:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # Cancel: stay
    assert asked == ["Save the changes to “Regione Lombardia”?"]
    dialog.table.setCurrentIndex(dialog.model.index(0, 0))  # answered Save: saves, then moves
    assert context.db is not None
    with context.db.reading() as s:
        assert s.query(Funder).filter_by(name="Regione Lombardia").one().notes == (
            "Da ricontattare"
        )
    assert dialog.name_edit.text() == "Comune di Vigevano"


def test_strings_are_italian(context: AppContext, qtbot: Any) -> None:
    from grantdesk.i18n import set_language

    set_language("it")
    dialog = _dialog(context, qtbot)
    assert dialog.windowTitle() == "Enti finanziatori"
    assert dialog.empty.title.text() == "Nessun ente finanziatore, per ora."


# -- the main window's Edit menu -------------------------------------------------------------


@pytest.fixture
def private_settings(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "settings"
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder
    QStandardPaths.setTestModeEnabled(False)


def test_edit_menu_opens_the_funders_dialog(
    qtbot: Any, sqlite_db: Any, private_settings: Path
) -> None:
    from grantdesk.ui.main_window import MainWindow
    from grantdesk.ui.settings import Settings

    with sqlite_db.transaction() as s:
        f.call(s, "Welfare di comunità")
    window = MainWindow(AppContext(), Settings())
    qtbot.addWidget(window)
    window.save_on_close = False
    assert not window.menu_actions.funders.isEnabled()  # no database yet
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.data_shown, timeout=20_000):
        window.open_database(str(sqlite_db.target.path))
    action = window.menu_actions.funders
    assert action.isEnabled()
    assert action.text() == "&Funders…"
    assert action.shortcut().toString() == "Ctrl+Shift+F"
    edit_menu = window.menuBar().actions()[1].menu()
    texts = [a.text() for a in edit_menu.actions()]
    assert texts.index("&Funders…") == texts.index("&Search") + 1
    action.trigger()
    dialog = window.findChild(FundersDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.model.total == 1
    dialog.reject()
