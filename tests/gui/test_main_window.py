"""The application frame: views, shortcuts, search, undoable status changes, errors, start-up."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from grantdesk.domain.vocab import CallStatus, LegalForm
from grantdesk.services import editing
from grantdesk.ui import database_dialogs
from grantdesk.ui.context import AppContext
from grantdesk.ui.main_window import MainWindow
from grantdesk.ui.settings import Settings
from grantdesk.ui.views import NAMES
from grantdesk.ui.views.records import RecordsView
from tests.helpers import factories as f

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path) -> Iterator[Path]:
    """QSettings of these tests live in a temporary folder, never in the desk's own."""
    folder = tmp_path / "settings"
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder
    QStandardPaths.setTestModeEnabled(False)


@pytest.fixture
def database(sqlite_db: Any) -> Any:
    """A SQLite file with a few calls and organizations (the window opens it by path)."""
    with sqlite_db.transaction() as s:
        f.call(s, "Welfare di comunità nelle città", code="WEL-26", status=CallStatus.NEW)
        f.call(s, "Contrasto alla povertà educativa", code="POV-26", status=CallStatus.GO)
        f.call(s, "Invecchiamento attivo", code="INV-26", funder="Regione Lombardia")
        f.organization(s, "Cooperativa Sociale KCS", LegalForm.SOCIAL_ENTERPRISE)
        f.organization(s, "Banca del Tempo “Ore Preziose”", LegalForm.APS)
    return sqlite_db


@pytest.fixture
def window(qtbot: Any, database: Any) -> MainWindow:
    main = MainWindow(AppContext(), Settings())
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    qtbot.waitExposed(main)
    with qtbot.waitSignal(main.data_shown, timeout=20_000):
        main.open_database(str(database.target.path))
    return main


def records(window: MainWindow, name: str) -> RecordsView:
    window.show_view(name)
    view = window.current_view()
    assert isinstance(view, RecordsView)
    return view


def call_status(db: Any, title: str) -> str:
    with db.reading() as s:
        from grantdesk.db.models import Call

        return s.query(Call).filter_by(title=title).one().status.value


def test_every_view_is_reached_from_the_sidebar_and_the_keyboard(
    window: MainWindow, qtbot: Any
) -> None:
    for row, name in enumerate(NAMES):
        window.sidebar.setCurrentRow(row)
        assert window.current_view_name() == name
    window.activateWindow()
    for number, name in reversed(list(enumerate(NAMES, start=1))):
        QTest.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.current_view_name() == name
        assert window.sidebar.currentRow() == number - 1
        assert window.menu_actions.views[name].isChecked()


def test_the_lists_show_the_databases_records(window: MainWindow) -> None:
    calls = records(window, "calls")
    assert calls.model.rowCount() == 3
    assert calls.count.text() == "3 calls"
    organizations = records(window, "organizations")
    assert organizations.model.rowCount() == 2


def test_search_filters_the_current_list_after_a_pause(window: MainWindow, qtbot: Any) -> None:
    calls = records(window, "calls")
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, "welfare")
    assert calls.model.rowCount() == 3  # debounced: nothing yet
    qtbot.waitUntil(lambda: calls.model.rowCount() == 1, timeout=2000)
    window.search.setText("povertà")  # non-ASCII is set, not typed (platform notes)
    qtbot.waitUntil(lambda: calls.model.search == "povertà", timeout=2000)
    assert calls.model.index(0, calls.model.column_index("title")).data() == (
        "Contrasto alla povertà educativa"
    )
    QTest.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == ""
    assert calls.model.rowCount() == 3


def test_each_list_keeps_its_own_search(window: MainWindow, qtbot: Any) -> None:
    calls = records(window, "calls")
    window.search.setText("zzz")
    qtbot.waitUntil(lambda: calls.model.rowCount() == 0, timeout=2000)
    assert calls.pages.currentWidget() is calls.empty
    assert calls.empty.title.text() == "No call matches “zzz”"
    organizations = records(window, "organizations")
    assert window.search.text() == ""
    assert organizations.model.rowCount() == 2
    window.show_view("home")
    assert not window.search.isEnabled()
    records(window, "calls")
    assert window.search.text() == "zzz"


def test_status_change_is_undone_and_redone_in_the_database(
    window: MainWindow, database: Any, qtbot: Any
) -> None:
    calls = records(window, "calls")
    title = "Welfare di comunità nelle città"
    calls.select_row(calls.model.row_for_id(_call_id(database, title)))
    pane = calls.detail
    assert pane.detail is not None and pane.detail.title == title
    # (no-go asks for its reason first: tests/gui/test_status_changes.py)
    index = pane.status_box.findData("go")
    pane.status_box.setCurrentIndex(index)
    pane.status_box.activated.emit(index)
    assert call_status(database, title) == "go"
    assert window.context.undo_stack.count() == 1
    assert pane.status_box.currentData() == "go"

    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert call_status(database, title) == "new"
    assert pane.detail.status == "new"
    window.menu_actions.redo.trigger()
    assert call_status(database, title) == "go"
    window.menu_actions.undo.trigger()
    assert call_status(database, title) == "new"


def test_a_change_made_meanwhile_elsewhere_is_not_overwritten(
    window: MainWindow, database: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    calls = records(window, "calls")
    title = "Welfare di comunità nelle città"
    record_id = _call_id(database, title)
    calls.select_row(calls.model.row_for_id(record_id))
    seen = calls.detail.detail
    assert seen is not None
    editing.set_status(database, "calls", record_id, "watching", seen.version)  # another desk

    index = calls.detail.status_box.findData("go")
    calls.detail.status_box.activated.emit(index)
    qtbot.waitUntil(lambda: bool(shown), timeout=2000)
    assert "Someone else changed this record" in shown[0]
    assert call_status(database, title) == "watching"
    assert window.context.undo_stack.count() == 0
    assert calls.detail.detail is not None and calls.detail.detail.status == "watching"


def test_status_bar_shows_the_open_database_and_counts(window: MainWindow, database: Any) -> None:
    assert window.db_label.text() == str(database.target.path)
    assert "3 calls" in window.counts_label.text()
    assert "2 organizations" in window.counts_label.text()


def test_enter_in_the_list_moves_to_the_detail(window: MainWindow, qtbot: Any) -> None:
    calls = records(window, "calls")
    calls.select_row(0)
    calls.table.setFocus()
    window.activateWindow()
    QTest.keyClick(calls.table, Qt.Key.Key_Return)
    assert calls.detail.status_box.hasFocus()


def test_a_database_error_is_a_sentence_not_a_traceback(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(f"{box.text()}\n{box.informativeText()}")
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    garbage = tmp_path / "notes.grantdesk"
    garbage.write_text("these are notes, not a database " * 200)
    main = MainWindow(AppContext(), Settings())
    qtbot.addWidget(main)
    main.show()
    with qtbot.waitSignal(main.opener.failed, timeout=20_000):
        main.open_database(str(garbage), create=False)
    qtbot.waitUntil(lambda: bool(shown), timeout=2000)
    assert "is not a GrantDesk database" in shown[0]
    assert "Traceback" not in shown[0]
    assert main.context.db is None
    host = main.hosts[main.current_view_name()]
    assert host.state.title.text() == "No database is open"
    assert "is not a GrantDesk database" in host.state.hint.text()
    assert main.db_label.text() == "No database open"


def test_a_shared_database_asks_for_its_password_before_opening(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def no_answer(_parent: Any, _title: str, label: str, *_args: Any) -> tuple[str, bool]:
        asked.append(label)
        return "", False

    monkeypatch.setattr(QInputDialog, "getText", no_answer)
    main = MainWindow(AppContext(), Settings(), interactive=True)
    qtbot.addWidget(main)
    monkeypatch.setattr(database_dialogs, "ask_after_failure", lambda *_a: "cancel")
    with qtbot.waitSignal(main.opener.failed) as failure:
        assert not main.open_database("postgresql+psycopg://giulia@db.invalid/grantdesk")
    assert asked == ["Password of giulia@db.invalid/grantdesk:"]
    assert failure.args[0] == (
        "No password was given for postgresql+psycopg://giulia@db.invalid/grantdesk."
    )
    assert not main.opener.busy


@pytest.mark.pg
def test_the_password_is_asked_once_then_kept_in_the_keyring(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, memory_keyring: Any
) -> None:
    from sqlalchemy.engine import make_url

    from tests.conftest import PG_URL

    if not PG_URL:
        pytest.skip("GRANTDESK_TEST_PG_URL not set")
    url = make_url(PG_URL)
    asked: list[str] = []

    def answer(*_args: Any) -> tuple[str, bool]:
        asked.append("password")
        return str(url.password), True

    monkeypatch.setattr(QInputDialog, "getText", answer)
    without = f"{url.drivername}://{url.username}@{url.host}/{url.database}"
    for _attempt in range(2):
        main = MainWindow(AppContext(), Settings())
        qtbot.addWidget(main)
        with qtbot.waitSignal(main.data_shown, timeout=20_000):
            main.open_database(without, create=False)
        assert main.context.db is not None
        assert main.db_label.text() == f"{url.username}@{url.host}/{url.database}"
        main.context.set_database(None)
    assert asked == ["password"]
    assert str(url.password) in memory_keyring.store.values()


def test_window_and_database_are_remembered(window: MainWindow, database: Any) -> None:
    records(window, "organizations")
    window.close()
    settings = Settings()
    assert settings.last_database == str(database.target.path)
    assert settings.recent_databases[0] == str(database.target.path)
    assert settings.last_view == "organizations"
    assert not settings.window_geometry.isEmpty()


def test_recent_databases_never_keep_a_password(private_settings: Path) -> None:
    settings = Settings()
    settings.add_recent("postgresql+psycopg://giulia:segreto@db.example:5433/grantdesk")
    settings.add_recent("/srv/a.grantdesk")
    assert settings.recent_databases == [
        "/srv/a.grantdesk",
        "postgresql+psycopg://giulia@db.example:5433/grantdesk",
    ]
    assert "segreto" not in "".join(p.read_text() for p in private_settings.rglob("*.ini"))


def test_settings_switch_the_whole_window_to_italian(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from grantdesk.ui.i18n import apply_language
    from grantdesk.ui.settings_dialog import SettingsDialog

    def choose_italian(dialog: SettingsDialog) -> int:
        dialog.language.setCurrentIndex(dialog.language.findData("it"))
        dialog.accept()
        return 1

    monkeypatch.setattr(SettingsDialog, "exec", choose_italian)
    records(window, "calls")
    try:
        window.edit_settings()
        assert Settings().language == "it"
        assert window.sidebar.item(1).text() == "Bandi"
        assert [a.text() for a in window.menuBar().actions()][:2] == ["&File", "&Modifica"]
        view = window.current_view()
        assert isinstance(view, RecordsView)
        assert view.title.text() == "Bandi"
        assert view.count.text() == "3 bandi"
        assert view.model.headerData(1, Qt.Orientation.Horizontal) == "Titolo"
        assert "3 bandi" in window.counts_label.text()
        assert window.search.placeholderText().startswith("Cerca bandi")
    finally:
        apply_language("en")


def test_about_names_version_python_qt_and_database(
    window: MainWindow, database: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platform

    from PySide6.QtCore import qVersion

    import grantdesk

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _parent, _title, text: shown.append(text))
    window.show_about()
    assert grantdesk.__version__ in shown[0]
    assert platform.python_version() in shown[0]
    assert qVersion() in shown[0]
    assert str(database.target.path) in shown[0]


def test_new_database_is_created_and_opened_but_never_over_a_file(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "ufficio di piano.grantdesk"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    with qtbot.waitSignal(window.data_shown, timeout=20_000):
        window.menu_actions.new_database.trigger()
    assert window.db_label.text() == str(target)
    assert window.windowTitle() == "ufficio di piano.grantdesk – GrantDesk"
    assert "0 calls" in window.counts_label.text()

    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    window.menu_actions.new_database.trigger()  # the same file again: refused
    assert warned and "already exists" in warned[0]
    assert not window.opener.busy


def test_recent_databases_menu_reopens_a_database(window: MainWindow, database: Any) -> None:
    menu = window.menu_actions.recent_menu
    window.fill_recent_menu(menu)
    entries = [a for a in menu.actions() if a.text().startswith("&1")]
    assert entries and str(database.target.path) in entries[0].text()


def test_undo_and_redo_have_standard_shortcuts(window: MainWindow) -> None:
    assert window.menu_actions.undo.shortcut().toString() == "Ctrl+Z"
    assert window.menu_actions.redo.shortcut().toString() in {"Ctrl+Y", "Ctrl+Shift+Z"}
    assert window.menu_actions.open_database.shortcut().toString() == "Ctrl+O"
    assert window.menu_actions.new_database.shortcut().toString() == "Ctrl+N"
    assert window.menu_actions.quit.shortcut().toString() == "Ctrl+Q"


def _call_id(db: Any, title: str) -> int:
    from grantdesk.db.models import Call

    with db.reading() as s:
        return s.query(Call).filter_by(title=title).one().id


# -- start-up and screenshots (separate processes: a fresh interpreter each) ---------------


def _env(tmp_path: Path) -> dict[str, str]:
    return os.environ | {
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "GRANTDESK_LANG": "en",
    }


def test_the_window_module_imports_no_heavy_library(tmp_path: Path) -> None:
    code = (
        "import sys, grantdesk.app, grantdesk.ui.main_window, grantdesk.ui.shoot\n"
        "print(sorted({m.split('.')[0] for m in sys.modules}"
        " & {'sqlalchemy', 'alembic', 'reportlab', 'keyring'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=_env(tmp_path), capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_exit_after_paint_reports_both_paints(tmp_path: Path, database: Any) -> None:
    code = "import sys; from grantdesk.app import run_gui; sys.exit(run_gui(sys.argv[1]))"
    env = _env(tmp_path) | {"GRANTDESK_EXIT_AFTER_PAINT": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code, str(database.target.path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    match = re.fullmatch(r"first-paint (\d+\.\d+) data-paint (\d+\.\d+)", out.stdout.strip())
    assert match, out.stdout
    assert 0 < float(match[1]) <= float(match[2])


def test_shoot_renders_a_view_at_1280_by_800(
    qtbot: Any, tmp_path: Path, database: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from grantdesk.ui.shoot import main

    assert main(str(database.target.path), tmp_path / "shots", "calls") == 0
    image = QImage(str(tmp_path / "shots" / "calls.png"))
    assert (image.width(), image.height()) == (1280, 800)


def test_shoot_refuses_an_unknown_view_in_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from grantdesk.ui.shoot import main

    assert main(None, tmp_path, "dashboard") == 2
    err = capsys.readouterr().err
    assert "there is no view called “dashboard”" in err
    assert len(err.strip().splitlines()) == 1


def test_file_menu_offers_import_and_calendar_export(window: MainWindow, qtbot: Any) -> None:
    from grantdesk.ui.import_wizard import ImportCallsWizard

    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "&Import calls…" in texts and any("calendar" in t.lower() for t in texts)
    assert window.menu_actions.import_calls.isEnabled()
    window.menu_actions.import_calls.trigger()
    wizard = window.findChild(ImportCallsWizard)
    assert wizard is not None and wizard.isVisible()
    wizard.reject()


def test_next_years_deadlines_only_for_recurring_calls(
    window: MainWindow, database: Any, qtbot: Any
) -> None:
    with database.transaction() as s:
        f.call(
            s,
            "Sessioni annuali Fondazione Vigevano",
            code="AAA-1",
            recurrence="FREQ=YEARLY;BYMONTH=3,6,10;BYMONTHDAY=15",
        )
    view = records(window, "calls")
    view.model.reload()
    pane = view.detail
    for row in range(view.model.rowCount()):
        view.table.setCurrentIndex(view.model.index(row, 0))
        qtbot.waitUntil(lambda: pane.detail is not None and pane.detail.id == view.current_id())
        recurring = pane.detail.title.startswith("Sessioni annuali")
        assert pane.roll_button.isVisibleTo(pane) == recurring
