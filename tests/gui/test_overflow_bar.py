"""The list headings' tool buttons: whole or under “More ▾”, never squeezed or clipped."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, QStandardPaths, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QWidget,
)

from grantdesk.i18n import set_language
from grantdesk.services.demo import load_demo
from grantdesk.ui.context import AppContext
from grantdesk.ui.main_window import MINIMUM_SIZE, MainWindow
from grantdesk.ui.overflow_bar import OverflowBar
from grantdesk.ui.settings import Settings
from grantdesk.ui.views.records import RecordsView

TODAY = date(2026, 11, 20)
KINDS = ("calls", "organizations", "proposals", "codesigns")


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path) -> Iterator[None]:
    """QSettings of these tests live in a temporary folder, never in the desk's own."""
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    yield
    QStandardPaths.setTestModeEnabled(False)


def open_window(qtbot: Any, sqlite_db: Any, width: int, height: int) -> MainWindow:
    load_demo(sqlite_db, "small", today=TODAY)
    window = MainWindow(AppContext(), Settings())
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.data_shown, timeout=20_000):
        window.open_database(str(sqlite_db.target.path))
    return window


def shown_view(window: MainWindow, qtbot: Any, kind: str) -> RecordsView:
    window.show_view(kind)
    view = window.current_view()
    assert isinstance(view, RecordsView)
    qtbot.waitUntil(lambda: view.heading_bar.width() > 0)
    qtbot.wait(20)  # the layout requests of the switch
    return view


def menu_entries(bar: OverflowBar) -> list[QAction]:
    bar.more_menu.aboutToShow.emit()  # as when it opens: entries as the buttons are now
    return [a for a in bar.more_menu.actions() if not a.isSeparator()]


def check_whole_or_under_more(view: RecordsView) -> list[str]:
    """Every button of the heading is whole and inside the view, or an entry of the More
    menu; the shown ones come first, the others follow in order. Their texts."""
    bar = view.heading_bar
    buttons = bar.buttons()
    assert buttons
    hidden = bar.overflowed()
    assert buttons[len(buttons) - len(hidden) :] == hidden  # the last ones, in order
    area = view.rect()
    for button in buttons[: len(buttons) - len(hidden)]:
        assert button.isVisible(), button.text()
        assert button.width() >= button.sizeHint().width(), button.text()
        where = QRect(button.mapTo(view, QPoint(0, 0)), button.size())
        assert area.contains(where), button.text()
    for button in hidden:
        assert not button.isVisible(), button.text()
    assert bar.more_button.isVisible() == bool(hidden)
    if hidden:
        more = bar.more_button
        assert more.width() >= more.sizeHint().width()
        assert area.contains(QRect(more.mapTo(view, QPoint(0, 0)), more.size()))
        entries = [a.text() for a in menu_entries(bar)]
        assert entries == [b.text() for b in hidden]
    return [b.text() for b in hidden]


@pytest.mark.parametrize("language", ["en", "it"])
def test_at_the_windows_minimum_width_no_button_is_squeezed(
    qtbot: Any, sqlite_db: Any, language: str
) -> None:
    set_language(language)
    window = open_window(qtbot, sqlite_db, MINIMUM_SIZE.width(), 640)
    assert window.width() == MINIMUM_SIZE.width()
    overflowed = {
        kind: check_whole_or_under_more(shown_view(window, qtbot, kind)) for kind in KINDS
    }
    assert overflowed["proposals"]  # ~1000 px of buttons do not fit in 960
    view = shown_view(window, qtbot, "proposals")
    window.resize(1280, 800)  # the window's default size: everything again
    qtbot.waitUntil(lambda: not view.heading_bar.more_button.isVisible())
    for kind in KINDS:
        assert check_whole_or_under_more(shown_view(window, qtbot, kind)) == [], kind
    window.resize(MINIMUM_SIZE.width(), 640)  # and back
    view = shown_view(window, qtbot, "proposals")
    qtbot.waitUntil(view.heading_bar.more_button.isVisible)
    assert check_whole_or_under_more(view) == overflowed["proposals"]


@pytest.fixture
def narrow(qtbot: Any, context: AppContext) -> RecordsView:
    """The proposals list, too narrow for all but the first buttons."""
    assert context.db is not None
    load_demo(context.db, "small", today=TODAY)
    view = RecordsView(context, "proposals")
    qtbot.addWidget(view)
    view.resize(620, 500)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.model.total > 0)
    view.table.clearSelection()
    view.table.selectionModel().clearCurrentIndex()
    view.proposal_toolbar.update_state()
    return view


def entry(bar: OverflowBar, text: str) -> QAction:
    found = [a for a in menu_entries(bar) if a.text() == text]
    assert len(found) == 1, [a.text() for a in menu_entries(bar)]
    return found[0]


def test_entries_follow_the_buttons_state_and_do_what_they_do(
    narrow: RecordsView, monkeypatch: pytest.MonkeyPatch
) -> None:
    bar = narrow.heading_bar
    toolbar = narrow.proposal_toolbar
    texts = [b.text() for b in bar.overflowed()]
    assert texts[-2:] == ["Exchange", "Budget…"]
    assert bar.buttons()[-1].nextInFocusChain() is bar.more_button  # Tab: More comes last
    assert "Delete" in texts and "Duplicate as new…" in texts
    assert not entry(bar, "Delete").isEnabled()  # nothing selected
    assert not entry(bar, "Duplicate as new…").isEnabled()
    assert entry(bar, "Delete").toolTip() == toolbar.delete_button.toolTip()

    narrow.select_first()
    assert entry(bar, "Delete").isEnabled()
    opened: list[str] = []

    def fake_exec(dialog: QDialog) -> int:
        opened.append(dialog.objectName())
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(QDialog, "exec", fake_exec)
    entry(bar, "Duplicate as new…").trigger()
    assert opened == ["DuplicateProposalDialog"]
    deleted: list[int] = []
    monkeypatch.setattr(
        "grantdesk.ui.proposal_actions.delete_with_confirmation",
        lambda _parent, _context, proposal_id: deleted.append(proposal_id) or False,
    )
    entry(bar, "Delete").trigger()
    assert deleted == [narrow.current_id()]


def test_a_button_with_a_menu_is_a_submenu_with_the_same_actions(
    narrow: RecordsView, monkeypatch: pytest.MonkeyPatch
) -> None:
    bar = narrow.heading_bar
    toolbar = narrow.proposal_toolbar
    assert toolbar.pdf_button in bar.overflowed()
    submenu = entry(bar, "PDF").menu()
    assert isinstance(submenu, QMenu)
    assert submenu.actions() == [toolbar.pdf_one, toolbar.pdf_listed]
    exchange = entry(bar, "Exchange").menu()
    own = toolbar.exchange_button.menu()
    assert isinstance(exchange, QMenu) and isinstance(own, QMenu)
    assert exchange.actions() == own.actions()
    assert not toolbar.pdf_one.isEnabled()  # enabled as in the button's own menu
    narrow.select_first()
    asked: list[int] = []
    monkeypatch.setattr(
        "grantdesk.ui.application_export.export_application",
        lambda _parent, _context, proposal_id: asked.append(proposal_id),
    )
    submenu.aboutToShow.emit()
    submenu.actions()[0].trigger()
    assert asked == [narrow.current_id()]


def test_the_shortcuts_work_while_their_buttons_are_under_more(
    narrow: RecordsView, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    toolbar = narrow.proposal_toolbar
    assert toolbar.delete_button in narrow.heading_bar.overflowed()
    assert toolbar.delete_action in narrow.table.actions()  # not the button's
    narrow.select_first()
    deleted: list[int] = []
    monkeypatch.setattr(
        "grantdesk.ui.proposal_actions.delete_with_confirmation",
        lambda _parent, _context, proposal_id: deleted.append(proposal_id) or False,
    )
    narrow.activateWindow()
    narrow.table.setFocus()
    qtbot.waitUntil(narrow.table.hasFocus)
    QTest.keyClick(narrow.table, Qt.Key.Key_Delete)
    assert deleted == [narrow.current_id()]


def test_widening_brings_the_buttons_back(narrow: RecordsView, qtbot: Any) -> None:
    bar = narrow.heading_bar
    assert bar.more_button.isVisible()
    narrow.resize(1600, 500)
    qtbot.waitUntil(lambda: not bar.more_button.isVisible())
    assert bar.overflowed() == []
    assert all(b.isVisible() and b.width() >= b.sizeHint().width() for b in bar.buttons())
    assert menu_entries(bar) == []


def bar_of(qtbot: Any, *texts: str) -> tuple[QWidget, OverflowBar, list[QPushButton]]:
    """A window whose bar holds a toolbar of *texts*, then 12 px, then a wider button."""
    host = QWidget()
    qtbot.addWidget(host)
    bar = OverflowBar(spacing=0)
    frame = QHBoxLayout(host)
    frame.setContentsMargins(0, 0, 0, 0)
    frame.addWidget(bar)
    group = QWidget()
    row = QHBoxLayout(group)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    buttons = [QPushButton(text) for text in texts]
    for button in buttons:
        row.addWidget(button)
    bar.row.addWidget(group)
    bar.row.addSpacing(12)
    last = QPushButton("Last, with a long text")
    bar.row.addWidget(last)
    host.resize(1000, 60)
    host.show()
    qtbot.waitExposed(host)
    return host, bar, [*buttons, last]


def needed(buttons: list[QPushButton]) -> int:
    return sum(b.sizeHint().width() for b in buttons)


def test_a_button_hidden_by_its_own_code_stays_hidden(qtbot: Any) -> None:
    host, bar, (one, two, three, last) = bar_of(qtbot, "One", "Two", "Three")
    two.hide()  # its own code's choice
    host.resize(needed([one]) + bar.more_button.sizeHint().width() + 40, 60)
    qtbot.waitUntil(bar.more_button.isVisible)
    assert bar.overflowed() == [three, last]
    assert [a.text() for a in menu_entries(bar)] == ["Three", last.text()]
    host.resize(1000, 60)
    qtbot.waitUntil(lambda: not bar.more_button.isVisible())
    assert not two.isVisible() and three.isVisible() and last.isVisible()
    two.show()  # its own code shows it again: it takes its place
    qtbot.waitUntil(two.isVisible)
    assert bar.overflowed() == []


def test_a_spacing_goes_with_the_button_after_it(qtbot: Any) -> None:
    host, bar, buttons = bar_of(qtbot, "One", "Two")
    one, two, last = buttons
    full = bar.row.sizeHint().width()
    assert full == needed(buttons) + 6 + 12  # the toolbar's gap, then the spacing
    host.resize(full - 10, 60)  # a little less than all
    qtbot.waitUntil(bar.more_button.isVisible)
    assert bar.overflowed() == [last]
    bar.row.invalidate()
    assert bar.row.sizeHint().width() == needed([one, two]) + 6  # no dangling 12 px
    host.resize(full + 40, 60)
    qtbot.waitUntil(lambda: not bar.more_button.isVisible())
    bar.row.invalidate()
    assert bar.row.sizeHint().width() == full


def test_a_disabled_or_checkable_button_gives_the_same_entry(qtbot: Any) -> None:
    host, bar, (one, two, last) = bar_of(qtbot, "One", "Two")
    two.setEnabled(False)
    last.setCheckable(True)
    clicked: list[bool] = []
    last.clicked.connect(lambda checked: clicked.append(checked))
    host.resize(needed([one]) + bar.more_button.sizeHint().width() + 30, 60)
    qtbot.waitUntil(bar.more_button.isVisible)
    first, second = menu_entries(bar)
    assert (first.text(), first.isEnabled()) == ("Two", False)
    assert second.isCheckable() and not second.isChecked()
    second.trigger()
    assert clicked == [True] and last.isChecked()
    assert menu_entries(bar)[1].isChecked()  # read again when the menu opens
    two.setEnabled(True)
    assert menu_entries(bar)[0].isEnabled()
    assert all(isinstance(b, QAbstractButton) for b in bar.buttons())


@pytest.mark.parametrize("size", [(1280, 800), None])  # None: the editor's minimum size
def test_the_proposal_editors_general_tab_never_scrolls_sideways(
    qtbot: Any, context: AppContext, size: tuple[int, int] | None
) -> None:
    from PySide6.QtWidgets import QScrollArea

    from grantdesk.ui.proposal_editor import ProposalEditor

    set_language("it")  # the longer labels
    assert context.db is not None
    load_demo(context.db, "small", today=TODAY)
    view = RecordsView(context, "proposals")
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.model.total > 0)
    view.select_first()
    pid = view.current_id()
    assert pid is not None
    editor = ProposalEditor(context, pid, today=TODAY)
    qtbot.addWidget(editor)
    width, height = size or (editor.minimumWidth(), editor.minimumHeight())
    editor.resize(width, height)
    editor.show()
    qtbot.waitExposed(editor)
    qtbot.wait(20)
    assert editor.width() == width
    scroll = editor.general.findChild(QScrollArea)
    assert scroll is not None
    assert scroll.horizontalScrollBar().maximum() == 0
    page = scroll.widget()
    assert page is not None and page.width() <= scroll.viewport().width()
    chips = list(editor.general.pipeline.buttons.values())
    for chip in chips:  # every status whole, inside the page
        where = QRect(chip.mapTo(page, QPoint(0, 0)), chip.size())
        assert page.rect().contains(where), chip.text()
    if size is None:  # eight statuses do not fit in one line here: they wrap
        assert len({chip.mapTo(page, QPoint(0, 0)).y() for chip in chips}) > 2
    editor.close()
