"""The main window's menus and their actions (File, Edit, View, Help).

Built by one function so that a change of language rebuilds them with new labels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from grantdesk.i18n import _
from grantdesk.ui import icons, organization_transfer
from grantdesk.ui.calendar_export_dialog import add_export_action
from grantdesk.ui.retention_dialog import add_review_action
from grantdesk.ui.views import VIEWS

if TYPE_CHECKING:
    from grantdesk.ui.main_window import MainWindow


@dataclass
class Actions:
    """The window's actions, for shortcuts, tests and enabling."""

    open_database: QAction
    new_database: QAction
    connect_server: QAction
    import_calls: QAction
    settings: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    find: QAction
    funders: QAction
    views: dict[str, QAction]
    about: QAction
    recent_menu: QMenu


def _action(
    menu: QMenu,
    text: str,
    slot: Callable[..., object],
    shortcut: QKeySequence | QKeySequence.StandardKey | None = None,
) -> QAction:
    """An action owned by *menu* (so rebuilding the menus drops the old shortcuts)."""
    action = QAction(text, menu)
    if shortcut is not None:
        action.setShortcut(shortcut)
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def build_menus(window: MainWindow) -> Actions:
    """Create the menu bar of *window* (replacing any previous one) and return its actions."""
    bar = window.menuBar()
    old = bar.findChildren(QMenu, options=Qt.FindChildOption.FindDirectChildrenOnly)
    bar.clear()
    for menu in old:
        menu.setParent(None)
        menu.deleteLater()
    undo_stack = window.context.undo_stack

    file_menu = bar.addMenu(_("&File"))
    open_db = _action(
        file_menu, _("&Open database…"), window.choose_database, QKeySequence.StandardKey.Open
    )
    open_db.setIcon(icons.icon("open"))
    new_db = _action(
        file_menu, _("&New database…"), window.new_database, QKeySequence.StandardKey.New
    )
    new_db.setIcon(icons.icon("new"))
    connect = _action(file_menu, _("Connect to a &shared database…"), window.connect_server)
    connect.setIcon(icons.icon("server"))
    import_calls = _action(
        file_menu, _("&Import calls…"), window.import_calls, QKeySequence("Ctrl+Shift+I")
    )
    import_calls.setEnabled(window.context.db is not None)
    organization_transfer.add_import_action(window, file_menu)
    recent = file_menu.addMenu(_("&Recent databases"))
    recent.aboutToShow.connect(lambda: window.fill_recent_menu(recent))
    window.fill_recent_menu(recent)
    file_menu.addSeparator()
    add_export_action(window, file_menu)
    organization_transfer.add_export_action(window, file_menu)
    file_menu.addSeparator()
    settings = _action(file_menu, _("&Settings…"), window.edit_settings, QKeySequence("Ctrl+,"))
    settings.setIcon(icons.icon("settings"))
    settings.setMenuRole(QAction.MenuRole.PreferencesRole)
    file_menu.addSeparator()
    quit_action = _action(file_menu, _("&Quit"), window.close, QKeySequence("Ctrl+Q"))
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)

    edit_menu = bar.addMenu(_("&Edit"))
    undo = undo_stack.createUndoAction(edit_menu, _("Undo"))
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = undo_stack.createRedoAction(edit_menu, _("Redo"))
    redo.setShortcut(QKeySequence.StandardKey.Redo)
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)
    edit_menu.addSeparator()
    find = _action(edit_menu, _("&Search"), window.focus_search, QKeySequence.StandardKey.Find)
    find.setIcon(icons.icon("search"))
    funders = _action(
        edit_menu, _("&Funders…"), window.manage_funders, QKeySequence("Ctrl+Shift+F")
    )
    funders.setEnabled(window.context.db is not None)
    add_review_action(window, edit_menu)

    view_menu = bar.addMenu(_("&View"))
    group = QActionGroup(view_menu)
    group.setExclusive(True)
    views: dict[str, QAction] = {}
    for number, spec in enumerate(VIEWS, start=1):
        action = _action(
            view_menu,
            _(spec.title),
            lambda _checked=False, name=spec.name: window.show_view(name),
            QKeySequence(f"Ctrl+{number}"),
        )
        action.setIcon(icons.icon(spec.icon))
        action.setCheckable(True)
        group.addAction(action)
        views[spec.name] = action

    help_menu = bar.addMenu(_("&Help"))
    about = _action(help_menu, _("&About GrantDesk"), window.show_about)
    about.setIcon(icons.icon("info"))
    about.setMenuRole(QAction.MenuRole.AboutRole)

    return Actions(
        open_database=open_db,
        new_database=new_db,
        connect_server=connect,
        import_calls=import_calls,
        settings=settings,
        quit=quit_action,
        undo=undo,
        redo=redo,
        find=find,
        funders=funders,
        views=views,
        about=about,
        recent_menu=recent,
    )
