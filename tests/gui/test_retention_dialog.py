"""Edit ▸ Contacts to review…: contacts without activity for N years, kept or erased."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import update

from grantdesk.db.models import Person
from grantdesk.services.people import PersonForm, create_person, list_people
from grantdesk.ui.context import AppContext
from grantdesk.ui.people_erase import EraseDialog
from grantdesk.ui.retention_dialog import RetentionDialog
from grantdesk.ui.settings import Settings
from tests.helpers import factories as f

TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path) -> Iterator[Path]:
    """QSettings of these tests live in a temporary folder, never in the desk's own."""
    folder = tmp_path / "settings"
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder
    QStandardPaths.setTestModeEnabled(False)


def _seed(context: AppContext) -> dict[str, int]:
    """Contacts last active 1, 3 and 6 years before TODAY."""
    db = context.db
    assert db is not None
    with db.transaction() as s:
        org = f.organization(s, "Associazione Genitori Scuola Pascoli").id
    ids = {}
    for last, year in (("Recenti", 2025), ("Medi", 2023), ("Vecchi", 2020)):
        person_id = create_person(
            db, PersonForm(first_name="Carla", last_name=last, organization_id=org)
        )
        with db.transaction() as s:
            s.execute(
                update(Person)
                .where(Person.id == person_id)
                .values(last_activity_at=datetime(year, 3, 1, tzinfo=UTC))
            )
        ids[last] = person_id
    return ids


def _dialog(context: AppContext, qtbot: Any, settings: Settings | None = None) -> RetentionDialog:
    dialog = RetentionDialog(context, settings or Settings(), today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _listed(dialog: RetentionDialog) -> list[str]:
    rows = [dialog.model.person_at(r) for r in range(dialog.model.rowCount())]
    return [p.last_name for p in rows if p is not None]


def test_the_model_is_sound(context: AppContext, qtbot: Any, qtmodeltester: Any) -> None:
    _seed(context)
    dialog = _dialog(context, qtbot)
    qtmodeltester.check(dialog.model)
    assert dialog.model.index(0, dialog.model.ACTIVITY).data() == "2020-03-01"
    assert dialog.model.index(0, dialog.model.ORGANIZATION).data() == (
        "Associazione Genitori Scuola Pascoli"
    )


def test_lists_contacts_idle_for_the_stored_years_and_remembers_a_change(
    context: AppContext, qtbot: Any
) -> None:
    _seed(context)
    settings = Settings()
    assert settings.review_after_years == 2  # the default
    dialog = _dialog(context, qtbot, settings)
    assert dialog.years_box.value() == 2
    assert _listed(dialog) == ["Vecchi", "Medi"]  # the oldest first
    assert dialog.count.text() == "2 contacts to review"
    assert dialog.years_box.suffix() == " years"
    dialog.years_box.setValue(5)
    assert _listed(dialog) == ["Vecchi"]
    assert dialog.years_box.suffix() == " years"
    assert Settings().review_after_years == 5
    dialog.years_box.setValue(1)
    assert dialog.years_box.suffix() == " year"
    assert _listed(dialog) == ["Vecchi", "Medi", "Recenti"]
    again = _dialog(context, qtbot)
    assert again.years_box.value() == 1


def test_empty_state(context: AppContext, qtbot: Any) -> None:
    _seed(context)
    dialog = _dialog(context, qtbot)
    dialog.years_box.setValue(10)
    assert dialog.pages.currentWidget() is dialog.empty
    assert dialog.empty.title.text() == "No contact to review."
    assert dialog.empty.hint.text() == "Every contact has had some activity in the last 10 years."
    assert not dialog.keep_button.isEnabled() and not dialog.erase_button.isEnabled()


def test_keep_is_undoable_and_audited(context: AppContext, qtbot: Any) -> None:
    _seed(context)
    dialog = _dialog(context, qtbot)
    assert _listed(dialog) == ["Vecchi", "Medi"]
    dialog.table.selectAll()
    assert not dialog.erase_button.isEnabled()  # one at a time
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert _listed(dialog) == []
    assert dialog.status.text() == "2 contacts kept: Ctrl+Z undoes it."
    assert context.undo_stack.undoText() == "keep 2 contacts"
    context.undo_stack.undo()
    assert _listed(dialog) == ["Vecchi", "Medi"]
    context.undo_stack.redo()
    assert _listed(dialog) == []
    assert context.db is not None
    from grantdesk.db.models import AuditEntry

    with context.db.reading() as s:
        actions = [a.action for a in s.query(AuditEntry).filter_by(entity="person")]
    assert actions.count("keep") == 4


def test_erase_from_the_review(
    context: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _seed(context)
    dialog = _dialog(context, qtbot)
    assert dialog.selected()[0].last_name == "Vecchi"  # the first is chosen already
    assert dialog.erase_button.isEnabled()

    def confirm_and_erase(erase: EraseDialog) -> int:
        assert erase.last_name == "Vecchi"
        erase.confirm_edit.setText("vecchi")
        qtbot.waitUntil(lambda: erase.previewed, timeout=10_000)
        erase.erase()
        qtbot.waitUntil(lambda: erase.report is not None, timeout=10_000)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(EraseDialog, "exec", confirm_and_erase)
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    assert _listed(dialog) == ["Medi"]
    assert dialog.status.text().startswith("Contact erased")
    assert context.db is not None
    assert ids["Vecchi"] not in {p.id for p in list_people(context.db)}


def test_edit_menu_opens_the_review(qtbot: Any, sqlite_db: Any) -> None:
    from PySide6.QtGui import QAction

    from grantdesk.ui.main_window import MainWindow

    window = MainWindow(AppContext(), Settings())
    qtbot.addWidget(window)
    window.save_on_close = False
    action = window.findChild(QAction, "ReviewContactsAction")
    assert action is not None and not action.isEnabled()  # no database yet
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.data_shown, timeout=20_000):
        window.open_database(str(sqlite_db.target.path))
    action = window.findChild(QAction, "ReviewContactsAction")
    assert action is not None and action.isEnabled()
    edit_menu = window.menuBar().actions()[1].menu()
    assert "Contacts to &review…" in [a.text() for a in edit_menu.actions()]
    action.trigger()
    dialog = window.findChild(RetentionDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.empty.title.text() == "No contact to review."
    dialog.accept()
