"""File ▸ Import organizations… and File ▸ Export organizations…

``add_import_action`` and ``add_export_action`` add the two menu actions (each keeps itself
enabled only while a database is open). The import opens
:class:`~grantdesk.ui.organization_import_wizard.ImportOrganizationsWizard`. The export asks
for a CSV or XLSX file and writes what the Organizations list shows for its current search,
in a background :class:`~grantdesk.ui.tasks.Task` that reports its progress and ends with
the count in the status bar (or one sentence in a message box).
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QStandardPaths, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from grantdesk.i18n import _, ngettext
from grantdesk.ui.tasks import Task

if TYPE_CHECKING:
    from grantdesk.ui.main_window import MainWindow
    from grantdesk.ui.organization_import_wizard import ImportOrganizationsWizard

log = logging.getLogger(__name__)


def _keep_enabled(window: MainWindow, action: QAction, busy: Any = None) -> None:
    def update() -> None:
        try:
            action.setEnabled(window.context.db is not None and not (busy and busy()))
        except RuntimeError:  # the menus were rebuilt (language change): action deleted
            window.context.database_changed.disconnect(update)

    window.context.database_changed.connect(update)
    update()


def import_organizations_interactively(
    window: MainWindow, path: str | None = None
) -> ImportOrganizationsWizard | None:
    """Open the organization import wizard on the open database."""
    if window.context.db is None:
        window.statusBar().showMessage(
            _("Open a database first, then import organizations into it."), 6000
        )
        return None
    from grantdesk.ui.organization_import_wizard import ImportOrganizationsWizard

    wizard = ImportOrganizationsWizard(window.context, window, path=path)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open()
    return wizard


def add_import_action(window: MainWindow, menu: QMenu) -> QAction:
    """The File ▸ Import organizations… action, added to (and owned by) *menu*."""
    action = QAction(_("Import or&ganizations…"), menu)
    action.setObjectName("ImportOrganizationsAction")
    action.setStatusTip(_("Read organizations from a CSV or XLSX file, the RUNTS open data too"))
    action.triggered.connect(lambda _checked=False: import_organizations_interactively(window))
    _keep_enabled(window, action)
    menu.addAction(action)
    return action


def current_search(window: MainWindow) -> str:
    """The search of the Organizations list, as its view applies it ("" when not built)."""
    host = window.hosts.get("organizations")
    view = host.view if host is not None else None
    search_text = getattr(view, "search_text", None)
    return str(search_text()).strip() if callable(search_text) else ""


def default_path(fmt: str = "xlsx") -> str:
    """``enti.xlsx`` (in the current language) in the Documents folder."""
    folder = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation
    ) or os.path.expanduser("~")
    return os.path.join(folder, f"{_('organizations')}.{fmt}")


def ask_path(window: MainWindow) -> tuple[str, str] | None:
    """The file to write and its format (``csv`` or ``xlsx``), or None if cancelled."""
    xlsx = _("Excel workbook (*.xlsx)")
    csv_filter = _("CSV for Excel and LibreOffice, ';' separated (*.csv)")
    path, chosen = QFileDialog.getSaveFileName(
        window, _("Export organizations"), default_path(), f"{xlsx};;{csv_filter}", xlsx
    )
    if not path:
        return None
    ext = os.path.splitext(path)[1].lower()
    if ext in (".csv", ".xlsx"):
        return path, ext[1:]
    fmt = "csv" if chosen == csv_filter else "xlsx"
    return f"{path}.{fmt}", fmt


def _export(db: Any, path: str, fmt: str, search: str, *, progress: Any) -> int:
    from pathlib import Path

    from grantdesk.services.organization_export import export_organizations

    return export_organizations(db, Path(path), fmt, search=search, progress=progress).count


def error_sentence(exc: BaseException, path: str) -> str:
    """One sentence for the user about a failed export."""
    name = os.path.basename(path) or path
    if isinstance(exc, OSError):
        reason = (exc.strerror or str(exc)).rstrip(".")
        return _("The organizations could not be written to {file}: {reason}.").format(
            file=name, reason=reason[:1].lower() + reason[1:]
        )
    return _("The organizations could not be exported: the database did not answer.")


class OrganizationExporter(QObject):
    """Runs one export of the organizations at a time for a window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("OrganizationExporter")
        self.window = window
        self.task: Task | None = None

    @classmethod
    def of(cls, window: MainWindow) -> OrganizationExporter:
        found = window.findChild(OrganizationExporter, "OrganizationExporter")
        return found if isinstance(found, OrganizationExporter) else cls(window)

    @property
    def busy(self) -> bool:
        return self.task is not None

    def start(self, path: str, fmt: str, search: str) -> Task | None:
        """Write the organizations matching *search* to *path* in the background."""
        context = self.window.context
        db = context.db
        if db is None or self.busy:
            return None
        path = os.path.abspath(os.path.expanduser(path))

        def progressed(done: int, total: int) -> None:
            percent = 100 * done // total if total else 100
            context.status_message.emit(
                _("Exporting the organizations… {percent}%").format(percent=percent)
            )

        def done(count: object) -> None:
            n = int(count)  # type: ignore[call-overload]
            if search:
                text = ngettext(
                    "{n} organization matching “{search}” exported to {file}",
                    "{n} organizations matching “{search}” exported to {file}",
                    n,
                )
            else:
                text = ngettext(
                    "{n} organization exported to {file}", "{n} organizations exported to {file}", n
                )
            context.status_message.emit(text.format(n=n, search=search, file=path))

        def failed(exc: object) -> None:
            error = exc if isinstance(exc, BaseException) else Exception()
            QMessageBox.warning(self.window, _("Export organizations"), error_sentence(error, path))

        task = Task(_export, db, path, fmt, search)
        task.progressed.connect(progressed)
        task.succeeded.connect(done)
        task.failed.connect(failed)
        task.finished.connect(self._finished)
        self.task = task
        self._update_actions()
        context.status_message.emit(_("Exporting the organizations…"))
        return task.start()

    def _finished(self) -> None:
        self.task = None
        self._update_actions()

    def _update_actions(self) -> None:
        action = self.window.findChild(QAction, "ExportOrganizationsAction")
        if action is not None:
            action.setEnabled(self.window.context.db is not None and not self.busy)


def export_organizations_interactively(window: MainWindow) -> Task | None:
    """Ask for the file, then export the Organizations list's current search to it."""
    exporter = OrganizationExporter.of(window)
    if window.context.db is None or exporter.busy:
        return None
    chosen = ask_path(window)
    if chosen is None:
        return None
    return exporter.start(*chosen, current_search(window))


def add_export_action(window: MainWindow, menu: QMenu) -> QAction:
    """The File ▸ Export organizations… action, added to (and owned by) *menu*."""
    action = QAction(_("E&xport organizations…"), menu)
    action.setObjectName("ExportOrganizationsAction")
    action.setStatusTip(
        _("Write the Organizations list, as its search shows it, to a CSV or XLSX file")
    )
    action.triggered.connect(lambda _checked=False: export_organizations_interactively(window))
    _keep_enabled(window, action, lambda: OrganizationExporter.of(window).busy)
    menu.addAction(action)
    return action
