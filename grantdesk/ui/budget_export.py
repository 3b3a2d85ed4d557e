"""Export a proposal's budget to an Excel workbook with live formulas, from the window.

:func:`export_budget_action` asks where to save (proposing "Budget – ACRONYM.xlsx" in the
Documents folder), writes the workbook in a background :class:`~grantdesk.ui.tasks.Task`
(:func:`grantdesk.services.budget_export.export_budget`) and ends with a line in the
status bar — or, when it fails, one sentence in a message box. Wire it to a menu item or a
button of the proposal editor::

    action.triggered.connect(lambda: export_budget_action(window, window.context, proposal_id))
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from grantdesk.i18n import _, current_language, ngettext
from grantdesk.ui.context import AppContext
from grantdesk.ui.tasks import Task

log = logging.getLogger(__name__)


def default_budget_path(context: AppContext, proposal_id: int) -> str:
    """Where the save dialog starts: the Documents folder, a name from the proposal."""
    from grantdesk.services.budget_export import budget_file_name

    folder = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation
    ) or os.path.expanduser("~")
    name = f"{_('Budget')}.xlsx"
    if context.db is not None:
        with contextlib.suppress(LookupError):
            name = budget_file_name(context.db, proposal_id)
    return os.path.join(folder, name)


def ask_budget_path(parent: QWidget | None, start: str) -> str | None:
    """The .xlsx file the user chose (extension added when missing), or None."""
    workbook = _("Excel workbook (*.xlsx)")
    path, _chosen = QFileDialog.getSaveFileName(parent, _("Export budget"), start, workbook)
    if not path:
        return None
    return path if path.lower().endswith(".xlsx") else f"{path}.xlsx"


def failure_sentence(exc: BaseException, path: str) -> str:
    """One sentence for the user about an export that failed."""
    name = os.path.basename(path) or path
    if isinstance(exc, OSError):
        reason = (exc.strerror or str(exc)).rstrip(".")
        return _("The budget could not be written to {file}: {reason}.").format(
            file=name, reason=reason[:1].lower() + reason[1:]
        )
    if isinstance(exc, LookupError):  # the proposal was deleted meanwhile
        return str(exc)
    return _("The budget could not be exported: the database did not answer.")


def _export(db: Any, proposal_id: int, path: str, *, progress: Any) -> Any:
    from grantdesk.services.budget_export import export_budget
    from grantdesk.services.dashboard import today_in_rome

    return export_budget(db, proposal_id, Path(path), today_in_rome(), progress)


def export_budget_action(
    parent: QWidget | None, context: AppContext, proposal_id: int
) -> Task | None:
    """Ask for a file, then write the proposal's budget workbook to it in the background.

    Returns the running task (None when no database is open or the user cancelled).
    """
    db = context.db
    if db is None:
        context.status_message.emit(_("Open a database first."))
        return None
    path = ask_budget_path(parent, default_budget_path(context, proposal_id))
    if path is None:
        return None
    path = os.path.abspath(os.path.expanduser(path))

    def done(result: object) -> None:
        from grantdesk.domain.money import format_eur

        count = int(getattr(result, "line_count", 0))
        text = ngettext(
            "Budget of “{title}” saved to {path}: {count} line, total {total}.",
            "Budget of “{title}” saved to {path}: {count} lines, total {total}.",
            count,
        )
        total = format_eur(getattr(result, "grand_total", None), current_language())
        title = getattr(result, "title", "")
        context.status_message.emit(text.format(title=title, path=path, count=count, total=total))

    def failed(exc: object) -> None:
        error = exc if isinstance(exc, BaseException) else Exception()
        context.status_message.emit(_("The budget was not exported."))
        try:
            QMessageBox.warning(parent, _("Export budget"), failure_sentence(error, path))
        except RuntimeError:  # the window that asked is gone
            QMessageBox.warning(None, _("Export budget"), failure_sentence(error, path))

    task = Task(_export, db, proposal_id, path)
    task.succeeded.connect(done)
    task.failed.connect(failed)
    context.status_message.emit(_("Exporting the budget…"))
    return task.start()
