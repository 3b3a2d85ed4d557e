"""The co-design documents from the window: minutes, agreement, monitoring report.

- :func:`export_minutes` — the minutes (verbale) of one meeting;
- :func:`export_agreement` — the partnership agreement of a process;
- :func:`export_monitoring` — the monitoring report of a process.

Each builds the PDF on a worker thread (the window stays live), then shows it in the
in-app preview (QtPdf), where "Save…" writes it; nothing is written before. Asking again
for the same document while it is being built returns that build. Documents are built in
the window's language. Wire them to the co-design editor's actions, e.g.
``export_agreement(self, self.context, process_id)``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from grantdesk.i18n import _, current_language
from grantdesk.services.database import Database
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

_RUNNING: dict[tuple[int, str, int], CodesignExport] = {}


@dataclass(frozen=True)
class Built:
    """A document and what the preview calls it."""

    document: Any
    title: str
    file_name: str


def _build(
    db: Database, record_id: int, lang: str, read: Callable[[Database, int], Any], story: Any
) -> tuple[Any, Any]:
    """The document and the data it was written from, read once inside the build."""
    from grantdesk.exports.pdf.templates import BuildOptions, Story, build

    seen: list[Any] = []

    def compose(rid: int, options: BuildOptions) -> Story:
        seen.append(read(db, rid))
        result: Story = story(seen[-1], options)
        return result

    document = build(compose, record_id, BuildOptions(lang))
    return document, seen[-1]


def build_minutes_pdf(db: Database, meeting_id: int, lang: str, **_progress: object) -> Built:
    """The minutes of meeting *meeting_id* (worker thread)."""
    from grantdesk.exports.pdf.codesign_minutes import minutes_story
    from grantdesk.services.codesign_documents import meeting_minutes_data

    document, data = _build(db, meeting_id, lang, meeting_minutes_data, minutes_story)
    day = data.held_at.date().isoformat()
    return Built(
        document,
        _("Minutes of meeting no. {n}").format(n=data.number),
        file_name(_("minutes"), day, data.process.title),
    )


def build_agreement_pdf(db: Database, process_id: int, lang: str, **_progress: object) -> Built:
    """The partnership agreement of process *process_id* (worker thread)."""
    from grantdesk.exports.pdf.codesign_agreement import agreement_story
    from grantdesk.services.codesign_documents import agreement_data

    document, data = _build(db, process_id, lang, agreement_data, agreement_story)
    name = file_name(_("agreement"), str(process_id), data.process.title)
    return Built(document, _("Partnership agreement"), name)


def build_monitoring_pdf(db: Database, process_id: int, lang: str, **_progress: object) -> Built:
    """The monitoring report of process *process_id* (worker thread)."""
    from grantdesk.exports.pdf.codesign_monitoring import monitoring_story
    from grantdesk.services.codesign_documents import monitoring_data

    document, data = _build(db, process_id, lang, monitoring_data, monitoring_story)
    name = file_name(_("monitoring"), str(process_id), data.process.title)
    return Built(document, _("Monitoring report"), name)


BUILDERS: dict[str, Callable[..., Built]] = {
    "minutes": build_minutes_pdf,
    "agreement": build_agreement_pdf,
    "monitoring": build_monitoring_pdf,
}


class CodesignExport(QObject):
    """One co-design document built in the background, then previewed for saving.

    Signals:
        ready(object): the preview dialog (or, without QtPdf, the path it was saved to).
        failed(str): one sentence on why nothing could be built.
        finished(): after ready or failed.
    """

    ready = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, parent: QWidget, context: AppContext, kind: str, record_id: int) -> None:
        super().__init__(parent)
        self.window = parent
        self.context = context
        self.kind = kind
        self.record_id = record_id
        self.preview: PdfPreviewDialog | None = None
        self.task: Task | None = None

    def start(self, db: Database) -> CodesignExport:
        task = Task(BUILDERS[self.kind], db, self.record_id, current_language())
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
        _RUNNING.pop((id(self.context), self.kind, self.record_id), None)
        self.finished.emit()

    def _failed(self, exc: object) -> None:
        from grantdesk.services.details import RecordNotFoundError

        log.warning("building the %s of %s failed: %r", self.kind, self.record_id, exc)
        if isinstance(exc, RecordNotFoundError):
            if self.kind == "minutes":
                message = _("This meeting no longer exists: it may have been deleted elsewhere.")
            else:
                message = _("This process no longer exists: it may have been deleted elsewhere.")
        else:
            message = _("The document could not be built: the database did not answer.")
        QMessageBox.warning(self.window, _("Export PDF"), message)
        self.failed.emit(message)

    def _show(self, built: Built) -> None:
        if not preview_available():  # pragma: no cover - PySide6-Addons is a dependency
            path = documents_folder() / built.file_name
            try:
                save_and_open(built.document, path)
            except OSError as exc:
                QMessageBox.warning(self.window, _("Export PDF"), write_error(exc, path))
                return
            self.context.status_message.emit(_("PDF saved to {path}").format(path=path))
            self.ready.emit(path)
            return
        dialog = PdfPreviewDialog(built.document, built.title, built.file_name, self.window)
        dialog.saved.connect(
            lambda path: self.context.status_message.emit(
                _("PDF saved to {path}").format(path=path)
            )
        )
        dialog.finished.connect(dialog.deleteLater)
        self.preview = dialog
        dialog.open()
        self.ready.emit(dialog)


def _export(
    parent: QWidget, context: AppContext, kind: str, record_id: int
) -> CodesignExport | None:
    db = context.db
    if db is None:
        return None
    key = (id(context), kind, record_id)
    running = _RUNNING.get(key)
    if running is not None:
        return running
    export = CodesignExport(parent, context, kind, record_id)
    _RUNNING[key] = export
    return export.start(db)


def export_minutes(parent: QWidget, context: AppContext, meeting_id: int) -> CodesignExport | None:
    """Build the minutes of meeting *meeting_id* in the background, then preview them.

    Returns at once (None without a database); the preview opens when the PDF is ready.
    """
    return _export(parent, context, "minutes", meeting_id)


def export_agreement(
    parent: QWidget, context: AppContext, process_id: int
) -> CodesignExport | None:
    """Build the partnership agreement of process *process_id*, then preview it."""
    return _export(parent, context, "agreement", process_id)


def export_monitoring(
    parent: QWidget, context: AppContext, process_id: int
) -> CodesignExport | None:
    """Build the monitoring report of process *process_id*, then preview it."""
    return _export(parent, context, "monitoring", process_id)
