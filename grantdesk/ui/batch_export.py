"""Many PDFs at once, in the background, with a progress dialog that can cancel.

The caller gives a list of ``ExportJob`` — a title for the progress line, a function that
builds one document (it runs on a worker thread, so it reads the database itself and never
touches a widget) and the file to write::

    jobs = [ExportJob(name, partial(build_organization_sheet, db, org_id, options), path)
            for org_id, name, path in chosen]
    export = start_batch_export(window, jobs)   # returns at once; the window stays live

Documents are written one after the other, each all at once (never half a file). Cancel
stops before the next document; what was written stays. One document failing (a record
deleted from another desk, a full disk) does not stop the others: the summary lists it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressDialog, QWidget

from grantdesk.i18n import _, ngettext
from grantdesk.ui.tasks import Cancelled, Progress, Task

log = logging.getLogger(__name__)
TITLE_CHARS = 120  # a title longer than this is cut in the progress line


class Document(Protocol):
    """What a build function returns: a finished PDF that can write itself."""

    pages: int

    def write(self, target: Path) -> None: ...


@dataclass(frozen=True)
class ExportJob:
    """One document of a batch."""

    title: str
    build: Callable[[], Document]
    target: Path


@dataclass(frozen=True)
class BatchResult:
    """What a batch did: the files written, the documents that failed, whether cancelled."""

    written: tuple[Path, ...]
    failed: tuple[tuple[str, str], ...]  # (title, one sentence)
    cancelled: bool
    total: int


def _sentence(exc: BaseException, job: ExportJob) -> str:
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        return _("{file} could not be written: {reason}.").format(
            file=job.target.name, reason=reason.rstrip(".").lower()
        )
    if isinstance(exc, LookupError):  # RecordNotFoundError: deleted meanwhile
        return str(exc)
    return _("the document could not be built ({error}).").format(error=type(exc).__name__)


def run_jobs(jobs: Sequence[ExportJob], *, progress: Progress) -> BatchResult:
    """Build and write every job in order (on a worker thread); stops when cancelled."""
    written: list[Path] = []
    failed: list[tuple[str, str]] = []
    total = len(jobs)
    try:
        for done, job in enumerate(jobs):
            progress(done, total)
            try:
                document = job.build()
                if progress.cancelled:  # cancelled while building: do not write it
                    raise Cancelled
                document.write(job.target)
            except Cancelled:
                raise
            except Exception as exc:
                log.warning("batch export of %r failed", job.title, exc_info=True)
                failed.append((job.title, _sentence(exc, job)))
            else:
                written.append(job.target)
        progress(total, total)
    except Cancelled:
        return BatchResult(tuple(written), tuple(failed), True, total)
    return BatchResult(tuple(written), tuple(failed), False, total)


class BatchExport(QObject):
    """Runs a batch on the thread pool.

    Signals:
        progressed(int, int, str): documents done, total, title of the one being written.
        finished(object): the ``BatchResult``.
    """

    progressed = Signal(int, int, str)
    finished = Signal(object)

    def __init__(self, jobs: Sequence[ExportJob], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs = list(jobs)
        self.result: BatchResult | None = None
        self.dialog: BatchExportDialog | None = None  # set by start_batch_export
        self._task = Task(run_jobs, self.jobs)
        self._task.progressed.connect(self._on_progress)
        self._task.succeeded.connect(self._on_done)
        self._task.failed.connect(self._on_failed)

    def start(self) -> BatchExport:
        self._task.start()
        return self

    def cancel(self) -> None:
        """Stop before the next document."""
        self._task.cancel()

    @property
    def cancelled(self) -> bool:
        return self._task.progress.cancelled

    def _on_progress(self, done: int, total: int) -> None:
        title = self.jobs[done].title if done < total else ""
        self.progressed.emit(done, total, title)

    def _on_done(self, result: object) -> None:
        assert isinstance(result, BatchResult)
        self.result = result
        self.finished.emit(result)

    def _on_failed(self, exc: object) -> None:  # a bug in run_jobs itself
        self.result = BatchResult((), (("", str(exc)),), False, len(self.jobs))
        self.finished.emit(self.result)


def summary(result: BatchResult) -> str:
    """One or two sentences on how the batch went."""
    written = ngettext(
        "{n} PDF written of {total}.", "{n} PDFs written of {total}.", len(result.written)
    ).format(n=len(result.written), total=result.total)
    if result.cancelled:
        return _("Cancelled: {written}").format(written=written)
    if result.failed:
        return _("{written} Not written: {titles}.").format(
            written=written, titles="; ".join(f"{t}: {why}" for t, why in result.failed)
        )
    return written


class BatchExportDialog(QProgressDialog):
    """The progress of a batch: "Writing X (3 of 10)…", a bar, and Cancel."""

    def __init__(self, export: BatchExport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BatchExportDialog")
        self.setWindowTitle(_("Export PDF"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(460)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setRange(0, max(1, len(export.jobs)))
        self.setValue(0)
        self.setCancelButtonText(_("Cancel"))
        label = QLabel()
        label.setWordWrap(True)  # long organization names wrap instead of widening the dialog
        label.setMinimumWidth(420)
        self.setLabel(label)
        self.setLabelText(_("Preparing the documents…"))
        self.export = export
        export.progressed.connect(self._progressed)
        export.finished.connect(self._finished)
        self.canceled.connect(self._cancel)

    def _progressed(self, done: int, total: int, title: str) -> None:
        self.setMaximum(max(1, total))
        self.setValue(done)
        if title:
            short = title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"
            self.setLabelText(
                _("Writing {title} ({n} of {total})…").format(title=short, n=done + 1, total=total)
            )

    def _cancel(self) -> None:
        self.export.cancel()
        self.setLabelText(_("Stopping after the current document…"))

    def _finished(self, result: Any) -> None:
        self.canceled.disconnect(self._cancel)  # closing a progress dialog "cancels" it
        self.close()


def start_batch_export(
    parent: QWidget,
    jobs: Sequence[ExportJob],
    on_finished: Callable[[BatchResult], None] | None = None,
) -> BatchExport:
    """Run *jobs* in the background with a progress dialog; report the outcome at the end.

    Returns at once. Without *on_finished*, problems are shown in a message box and a
    clean run says nothing more (the dialog simply closes).
    """
    export = BatchExport(jobs, parent)
    dialog = BatchExportDialog(export, parent)
    export.dialog = dialog

    def finished(result: object) -> None:
        assert isinstance(result, BatchResult)
        if on_finished is not None:
            on_finished(result)
        elif result.failed:
            QMessageBox.warning(parent, _("Export PDF"), summary(result))

    export.finished.connect(finished)
    dialog.show()
    return export.start()
