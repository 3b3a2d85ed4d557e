"""File › Export calendar…: the deadlines as an .ics file, for everyone or one owner.

``add_export_action(window)`` returns the menu action; the export itself runs in a
background ``Task`` and ends with a status-bar message, or one sentence in a message box.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from grantdesk.i18n import _, ngettext
from grantdesk.ui.context import AppContext
from grantdesk.ui.tasks import Task

if TYPE_CHECKING:
    from grantdesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def default_path() -> str:
    """``scadenze.ics`` (in the current language) in the Documents folder."""
    folder = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation
    ) or os.path.expanduser("~")
    return os.path.join(folder, _("deadlines.ics"))


class CalendarExportDialog(QDialog):
    """Asks where to write the calendar and whose deadlines it holds."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CalendarExportDialog")
        self.setWindowTitle(_("Export calendar"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(12)
        intro = QLabel(
            _(
                "Writes the deadlines to an .ics file that Outlook, Thunderbird or a phone "
                "can import; importing it again updates the same events."
            )
        )
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #5b6778;")
        layout.addWidget(intro)
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(10)
        self.path_edit = QLineEdit(default_path())
        self.path_edit.setObjectName("CalendarFile")
        self.path_edit.textChanged.connect(self._update_ok)
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form.addRow(_("File:"), row)
        self.owner_box = QComboBox()
        self.owner_box.setObjectName("CalendarOwner")
        self.owner_box.addItem(_("All owners"), None)
        for name in self._owners(context):
            self.owner_box.addItem(name, name)
        form.addRow(_("Owner:"), self.owner_box)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            _("Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setDefault(True)
        self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_ok()

    @staticmethod
    def _owners(context: AppContext) -> list[str]:
        db = context.db
        if db is None:
            return []
        from grantdesk.services.dashboard import owners

        try:
            return owners(db)  # one small DISTINCT query
        except Exception:
            log.exception("reading the owners failed")
            return []

    def path(self) -> str:
        return self.path_edit.text().strip()

    def owner(self) -> str | None:
        value = self.owner_box.currentData()
        return value if isinstance(value, str) else None

    def _update_ok(self) -> None:
        self.export_button.setEnabled(bool(self.path()))

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export calendar"),
            self.path() or default_path(),
            _("Calendar files (*.ics)"),
        )
        if chosen:
            if not chosen.lower().endswith(".ics"):
                chosen += ".ics"
            self.path_edit.setText(chosen)


def _export(db: object, path: str, owner: str | None, *, progress: object) -> int:
    from grantdesk.services.calendar_export import export_calendar

    return export_calendar(db, path, owner)  # type: ignore[arg-type]


def error_sentence(exc: BaseException, path: str) -> str:
    """One sentence for the user about a failed export."""
    name = os.path.basename(path) or path
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        return _("The calendar could not be written to {file}: {reason}.").format(
            file=name, reason=reason.rstrip(".").lower()
        )
    return _("The calendar could not be exported: the database did not answer.")


def start_export(window: MainWindow, path: str, owner: str | None) -> Task | None:
    """Write the calendar in the background; a status message or a message box at the end."""
    context = window.context
    db = context.db
    if db is None:
        return None
    path = os.path.abspath(os.path.expanduser(path))

    def done(count: object) -> None:
        n = int(count)  # type: ignore[call-overload]
        context.status_message.emit(
            ngettext(
                "{n} deadline exported to {file}", "{n} deadlines exported to {file}", n
            ).format(n=n, file=path)
        )

    def failed(exc: object) -> None:
        message = error_sentence(exc if isinstance(exc, BaseException) else Exception(), path)
        QMessageBox.warning(window, _("Export calendar"), message)

    task = Task(_export, db, path, owner)
    task.succeeded.connect(done)
    task.failed.connect(failed)
    context.status_message.emit(_("Exporting the calendar…"))
    return task.start()


def export_calendar_interactively(window: MainWindow) -> Task | None:
    """Ask for the file and the owner, then export."""
    if window.context.db is None:
        return None
    dialog = CalendarExportDialog(window.context, window)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.path():
        return None
    return start_export(window, dialog.path(), dialog.owner())


def add_export_action(window: MainWindow, menu: QMenu | None = None) -> QAction:
    """The File › Export calendar… action (added to *menu* when given, which owns it)."""
    action = QAction(_("Export &calendar…"), menu or window)
    action.setObjectName("ExportCalendarAction")
    action.setStatusTip(
        _("Write the deadlines to an .ics file for Outlook, Thunderbird or a phone")
    )
    action.triggered.connect(lambda _checked=False: export_calendar_interactively(window))

    def update() -> None:
        try:
            action.setEnabled(window.context.db is not None)
        except RuntimeError:  # the menus were rebuilt (language change): action deleted
            window.context.database_changed.disconnect(update)

    window.context.database_changed.connect(update)
    update()
    if menu is not None:
        menu.addAction(action)
    return action
