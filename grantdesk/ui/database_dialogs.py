"""The questions the window asks about databases: which file, which server, what now.

Each function shows one standard dialog and returns the answer; opening is left to the
caller (``MainWindow.open_database``).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMenu, QMessageBox, QWidget

from grantdesk.i18n import _
from grantdesk.ui.settings import Settings

FILE_PATTERNS = "*.grantdesk *.db *.sqlite *.sqlite3"


def _file_filter() -> str:
    return ";;".join((f"GrantDesk ({FILE_PATTERNS})", _("All files (*)")))


def _start_folder(settings: Settings) -> str:
    last = settings.last_database
    if last and "://" not in last:
        return os.path.dirname(last)
    return os.path.expanduser("~")


def choose_existing(parent: QWidget, settings: Settings) -> str | None:
    """File › Open database…: the GrantDesk file the user picked, or None."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Open database"), _start_folder(settings), _file_filter()
    )
    return path or None


def choose_new(parent: QWidget, settings: Settings) -> str | None:
    """File › New database…: where to create an empty file, or None.

    An existing file is refused (with a message): creating never overwrites data.
    """
    path, _filter = QFileDialog.getSaveFileName(
        parent,
        _("New database"),
        os.path.join(_start_folder(settings), "grantdesk.grantdesk"),
        _file_filter(),
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    if not path:
        return None
    if os.path.exists(path):
        QMessageBox.warning(
            parent,
            _("Database not created"),
            _("{path} already exists: use Open database… to open it.").format(path=path),
        )
        return None
    return path


def ask_server_url(parent: QWidget) -> str | None:
    """File › Connect to a shared database…: a PostgreSQL URL (without password), or None."""
    url, ok = QInputDialog.getText(
        parent,
        _("Shared database"),
        _("Address of the shared database (the password is asked separately):"),
        QLineEdit.EchoMode.Normal,
        "postgresql://user@server/grantdesk",
    )
    return url.strip() if ok and url.strip() else None


def fill_recent_menu(menu: QMenu, settings: Settings, open_location: Callable[[str], None]) -> None:
    """List the recent databases in *menu*; choosing one calls *open_location*."""
    menu.clear()
    recent = settings.recent_databases
    for number, location in enumerate(recent, start=1):
        action = menu.addAction(f"&{number}  {location}")
        action.triggered.connect(lambda _checked=False, loc=location: open_location(loc))
    if not recent:
        menu.addAction(_("No recent databases")).setEnabled(False)
        return
    menu.addSeparator()
    menu.addAction(_("Clear the list"), lambda: setattr(settings, "recent_databases", []))


def ask_after_failure(parent: QWidget, message: str, nothing_open: bool) -> str:
    """Explain that a database did not open: "open" (choose another), "quit" or "cancel"."""
    box = QMessageBox(QMessageBox.Icon.Critical, _("Database not opened"), message, parent=parent)
    box.setInformativeText(
        _("You can open another database or quit GrantDesk.")
        if nothing_open
        else _("The database you were using is still open.")
    )
    other = box.addButton(_("Open another database…"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Quit") if nothing_open else _("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(other)
    box.exec()
    clicked = box.clickedButton()
    if clicked is other:
        return "open"
    return "quit" if nothing_open and clicked is not None else "cancel"
