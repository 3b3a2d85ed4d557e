"""The application (domanda) PDF from the window: one proposal with a preview, or many at once.

- :func:`export_application` builds one proposal's application on a worker thread (the
  window stays live), then shows it in the in-app preview (QtPdf), where "Save…" writes it.
  Asking again while a build of the same proposal runs returns that build.
- :func:`export_applications` asks for a folder and writes one PDF per selected proposal
  in the background with a progress dialog that can cancel (``batch_export``); a proposal
  deleted meanwhile is listed at the end, the others are written.

Documents are built in the window's language. Wire them to a toolbar or menu action with
the selected proposal ids, e.g. ``export_application(self, self.context, proposal_id)``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from grantdesk.i18n import _, current_language
from grantdesk.services.database import Database
from grantdesk.ui.batch_export import (
    BatchExport,
    BatchResult,
    ExportJob,
    start_batch_export,
    summary,
)
from grantdesk.ui.context import AppContext
from grantdesk.ui.pdf_preview import (
    PdfPreviewDialog,
    documents_folder,
    file_name,
    preview_available,
    save_and_open,
    write_error,
)
from grantdesk.ui.tasks import Task

log = logging.getLogger(__name__)

_RUNNING: dict[tuple[int, int], ApplicationExport] = {}


def build_application_pdf(db: Database, proposal_id: int, lang: str, **_progress: object) -> Any:
    """One application (worker thread; the batch calls it without a progress)."""
    from grantdesk.exports.pdf.application import build_application
    from grantdesk.exports.pdf.templates import BuildOptions

    return build_application(db, proposal_id, BuildOptions(lang))


def application_file_name(proposal_id: int, acronym: str, title: str) -> str:
    """``domanda-12-cura.pdf`` (the acronym, else the title)."""
    return file_name(_("application"), str(proposal_id), acronym or title)


def application_jobs(
    db: Database, proposal_ids: Sequence[int], folder: Path, lang: str | None = None
) -> list[ExportJob]:
    """One job per proposal that exists: its application written into *folder*."""
    from grantdesk.services.application_data import proposal_names

    language = lang or current_language()
    jobs = []
    for p in proposal_names(db, proposal_ids):
        title = f"{p.acronym} – {p.title}" if p.acronym else p.title
        jobs.append(
            ExportJob(
                title,
                partial(build_application_pdf, db, p.id, language),
                folder / application_file_name(p.id, p.acronym, p.title),
            )
        )
    return jobs


class ApplicationExport(QObject):
    """One application built in the background, then previewed for saving.

    Signals:
        ready(object): the preview dialog (or, without QtPdf, the path it was saved to).
        failed(str): one sentence on why nothing could be built.
        finished(): after ready or failed.
    """

    ready = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, parent: QWidget, context: AppContext, proposal_id: int) -> None:
        super().__init__(parent)
        self.window = parent
        self.context = context
        self.proposal_id = proposal_id
        self.preview: PdfPreviewDialog | None = None
        self.task: Task | None = None

    def start(self, db: Database) -> ApplicationExport:
        task = Task(build_application_pdf, db, self.proposal_id, current_language())
        task.succeeded.connect(self._show)
        task.failed.connect(self._failed)
        task.finished.connect(self._done)
        self.task = task
        self.context.status_message.emit(_("Preparing the PDF…"))
        task.start()
        return self

    def is_busy(self) -> bool:
        return self.task is not None

    def _done(self) -> None:
        self.task = None
        _RUNNING.pop((id(self.context), self.proposal_id), None)
        self.finished.emit()

    def _failed(self, exc: object) -> None:
        from grantdesk.services.details import RecordNotFoundError

        log.warning("building the application of proposal %s failed: %r", self.proposal_id, exc)
        if isinstance(exc, RecordNotFoundError):
            message = _(
                "Proposal {id} no longer exists: it may have been deleted from another desk."
            )
            message = message.format(id=self.proposal_id)
            self.context.notify("proposals")
        else:
            message = _("The application could not be built: the database did not answer.")
        QMessageBox.warning(self.window, _("Export application"), message)
        self.failed.emit(message)

    def _show(self, document: Any) -> None:
        from grantdesk.services.application_data import proposal_names

        db = self.context.db
        names = proposal_names(db, [self.proposal_id]) if db is not None else []
        name = names[0] if names else None
        suggested = application_file_name(
            self.proposal_id, name.acronym if name else "", name.title if name else ""
        )
        title = _("Application {name}").format(name=(name.acronym or name.title) if name else "")
        if not preview_available():  # pragma: no cover - PySide6-Addons is a dependency
            path = documents_folder() / suggested
            try:
                save_and_open(document, path)
            except OSError as exc:
                QMessageBox.warning(self.window, _("Export application"), write_error(exc, path))
                return
            self.context.status_message.emit(_("PDF saved to {path}").format(path=path))
            self.ready.emit(path)
            return
        dialog = PdfPreviewDialog(document, title, suggested, self.window)
        dialog.saved.connect(
            lambda path: self.context.status_message.emit(
                _("PDF saved to {path}").format(path=path)
            )
        )
        dialog.finished.connect(dialog.deleteLater)
        self.preview = dialog
        dialog.open()
        self.ready.emit(dialog)


def export_application(
    parent: QWidget, context: AppContext, proposal_id: int
) -> ApplicationExport | None:
    """Build proposal *proposal_id*'s application in the background, then preview it.

    Returns at once (None without a database); the preview opens when the PDF is ready.
    """
    db = context.db
    if db is None:
        return None
    key = (id(context), proposal_id)
    running = _RUNNING.get(key)
    if running is not None:
        return running
    export = ApplicationExport(parent, context, proposal_id)
    _RUNNING[key] = export
    return export.start(db)


def choose_folder(parent: QWidget) -> Path | None:
    """Ask which folder the applications go to (tests replace this)."""
    chosen = QFileDialog.getExistingDirectory(
        parent, _("Folder for the applications"), str(documents_folder())
    )
    return Path(chosen) if chosen else None


def export_applications(
    parent: QWidget, context: AppContext, proposal_ids: Sequence[int]
) -> BatchExport | None:
    """One application per proposal of *proposal_ids* into a folder the user picks.

    Runs in the background with a progress dialog that can cancel; returns at once (None
    when there is nothing to do or the user chose no folder). At the end the status bar
    says how it went; problems are shown in a message box.
    """
    db = context.db
    if db is None or not proposal_ids:
        return None
    folder = choose_folder(parent)
    if folder is None:
        return None
    jobs = application_jobs(db, proposal_ids, folder)
    if not jobs:
        QMessageBox.information(
            parent, _("Export applications"), _("The selected proposals no longer exist.")
        )
        return None

    def finished(result: BatchResult) -> None:
        context.status_message.emit(summary(result))
        if result.failed:
            QMessageBox.warning(parent, _("Export applications"), summary(result))

    return start_batch_export(parent, jobs, finished)
