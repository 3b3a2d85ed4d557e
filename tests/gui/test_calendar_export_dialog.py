"""File › Export calendar…: the dialog, the background export, its messages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QDialog, QMessageBox

from grantdesk.i18n import set_language
from grantdesk.services.dashboard import today_in_rome
from grantdesk.ui import calendar_export_dialog as ced
from grantdesk.ui.context import AppContext
from grantdesk.ui.main_window import MainWindow
from grantdesk.ui.settings import Settings
from tests.helpers import factories as f


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path) -> Iterator[None]:
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    yield
    QStandardPaths.setTestModeEnabled(False)


@pytest.fixture
def window(qtbot: Any, sqlite_db: Any) -> MainWindow:
    today = today_in_rome()
    with sqlite_db.transaction() as s:
        c = f.call(s, "Welfare di comunità", funder="Fondazione Vigevano")
        f.deadline(s, c, today + timedelta(days=5), owner="Giulia")
        f.deadline(s, c, today + timedelta(days=20), owner="Marco")
        f.deadline(s, c, today + timedelta(days=30), owner="Giulia")
    main = MainWindow(AppContext(), Settings())
    qtbot.addWidget(main)
    main.show()
    with qtbot.waitSignal(main.data_shown, timeout=20_000):
        main.open_database(str(sqlite_db.target.path))
    return main


def test_dialog_offers_a_default_file_and_every_owner(window: MainWindow) -> None:
    dialog = ced.CalendarExportDialog(window.context, window)
    assert Path(dialog.path()).name == "deadlines.ics"
    assert dialog.owner() is None
    box = dialog.owner_box
    assert [box.itemText(i) for i in range(box.count())] == ["All owners", "Giulia", "Marco"]
    box.setCurrentIndex(2)
    assert dialog.owner() == "Marco"
    dialog.path_edit.clear()
    assert not dialog.export_button.isEnabled()
    set_language("it")
    assert Path(ced.default_path()).name == "scadenze.ics"


def test_action_exports_in_the_background_and_says_how_many(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "mine.ics"

    def accept(dialog: ced.CalendarExportDialog) -> int:
        dialog.path_edit.setText(str(target))
        dialog.owner_box.setCurrentIndex(dialog.owner_box.findText("Giulia"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ced.CalendarExportDialog, "exec", accept)
    action = ced.add_export_action(window, window.menuBar().actions()[0].menu())
    assert action.isEnabled()
    messages: list[str] = []
    window.context.status_message.connect(messages.append)
    with qtbot.waitSignal(
        window.context.status_message, timeout=10_000, check_params_cb=lambda m: "exported" in m
    ):
        action.trigger()
    assert messages[-1] == f"2 deadlines exported to {target}"
    data = target.read_bytes()
    assert data.count(b"BEGIN:VEVENT") == 2
    assert b"Giulia" in data


def test_a_failed_export_is_one_sentence_in_a_message_box(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    task = ced.start_export(window, str(tmp_path / "missing" / "x.ics"), None)
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: bool(shown), timeout=5_000)
    assert shown == ["The calendar could not be written to x.ics: no such file or directory."]


def test_the_action_is_disabled_without_a_database(qtbot: Any) -> None:
    main = MainWindow(AppContext(), Settings(), interactive=False)
    qtbot.addWidget(main)
    action = ced.add_export_action(main)
    assert not action.isEnabled()
    assert ced.export_calendar_interactively(main) is None
