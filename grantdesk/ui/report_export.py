"""Export PDF… from the Reports view, and organization sheets for a batch.

``ReportExporter`` builds the pipeline or the deadlines report on a worker thread (the
window stays live; ``busy`` drives a progress indicator), then shows it in the preview
dialog, where "Save…" writes it. ``DeadlinesExportDialog`` asks for the period (day-first
dates, checked as typed) and the owner. ``organization_sheet_jobs`` turns selected
organizations into jobs for ``batch_export``.

Documents are built in the window's language, so building never switches the language
the window itself is drawn in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.dates import DateError, format_date, parse_date
from grantdesk.i18n import _, current_language
from grantdesk.services.database import Database
from grantdesk.ui.batch_export import ExportJob
from grantdesk.ui.context import AppContext
from grantdesk.ui.palette import ERROR_COLOUR
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

HINT_COLOUR = "#5b6778"
PERIOD_DAYS = 30


def _options(lang: str) -> Any:
    from grantdesk.exports.pdf.templates import BuildOptions

    return BuildOptions(lang)


def build_pipeline_pdf(db: Database, year: int | None, lang: str, *, progress: object) -> Any:
    """The pipeline report (worker thread)."""
    from grantdesk.exports.pdf.pipeline import build_pipeline

    return build_pipeline(db, year, _options(lang))


def build_deadlines_pdf(
    db: Database, first: date, last: date, owner: str | None, lang: str, *, progress: object
) -> Any:
    """The deadlines report (worker thread)."""
    from grantdesk.exports.pdf.deadlines import build_deadlines

    return build_deadlines(db, first, last, owner, _options(lang))


def build_organization_pdf(db: Database, org_id: int, lang: str) -> Any:
    """One organization sheet (worker thread)."""
    from grantdesk.exports.pdf.organization_sheet import build_organization_sheet

    return build_organization_sheet(db, org_id, _options(lang))


def organization_sheet_jobs(
    db: Database, organizations: Sequence[tuple[int, str]], folder: Path, lang: str | None = None
) -> list[ExportJob]:
    """One job per (id, name): the sheet written to *folder* as ``scheda-ente-<id>-<name>.pdf``."""
    language = lang or current_language()
    return [
        ExportJob(
            name,
            partial(build_organization_pdf, db, org_id, language),
            folder / file_name(_("organization-sheet"), str(org_id), name),
        )
        for org_id, name in organizations
    ]


class DeadlinesExportDialog(QDialog):
    """The deadlines report's period and owner, checked as typed."""

    def __init__(self, owners: Sequence[str], today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DeadlinesExportDialog")
        self.setWindowTitle(_("Deadlines report"))
        self.setMinimumWidth(440)
        lang = current_language()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(10)
        intro = QLabel(_("What is due between two days, week by week, as a PDF."))
        intro.setWordWrap(True)
        intro.setStyleSheet(f"color: {HINT_COLOUR};")
        layout.addWidget(intro)
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(4)
        self.first_edit, self.first_error = self._date_row(
            form, _("From:"), format_date(today, lang), "DeadlinesFrom"
        )
        self.last_edit, self.last_error = self._date_row(
            form, _("To:"), format_date(today + timedelta(days=PERIOD_DAYS), lang), "DeadlinesTo"
        )
        self.owner_box = QComboBox()
        self.owner_box.setObjectName("DeadlinesOwner")
        self.owner_box.addItem(_("All owners"), None)
        for name in owners:
            self.owner_box.addItem(name, name)
        form.addRow(_("Owner:"), self.owner_box)
        layout.addLayout(form)
        hint = QLabel(_("Dates as dd/mm/yyyy, like 05/04/2026."))
        hint.setStyleSheet(f"color: {HINT_COLOUR};")
        layout.addWidget(hint)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            _("Build PDF"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setObjectName("DeadlinesBuild")
        self.export_button.setDefault(True)
        self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._check()

    def _date_row(
        self, form: QFormLayout, label: str, text: str, name: str
    ) -> tuple[QLineEdit, QLabel]:
        edit = QLineEdit(text)
        edit.setObjectName(name)
        edit.setPlaceholderText(_("dd/mm/yyyy"))
        edit.textChanged.connect(self._check)
        error = QLabel()
        error.setObjectName(f"{name}Error")
        error.setStyleSheet(f"color: {ERROR_COLOUR};")
        error.setWordWrap(True)
        error.hide()
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(edit)
        column.addWidget(error)
        form.addRow(label, column)
        return edit, error

    @staticmethod
    def _parse(edit: QLineEdit) -> tuple[date | None, str]:
        text = edit.text().strip()
        if not text:
            return None, _("Write a date.")
        try:
            return parse_date(text), ""
        except DateError as exc:
            if str(exc).startswith("no such date"):
                return None, _("There is no such day in the calendar.")
            return None, _("Write the date as dd/mm/yyyy, like 12/05/2023.")

    def period(self) -> tuple[date, date] | None:
        """The first and last day, or None while they are not valid."""
        first, _e1 = self._parse(self.first_edit)
        last, _e2 = self._parse(self.last_edit)
        if first is None or last is None or last < first:
            return None
        return first, last

    def owner(self) -> str | None:
        value = self.owner_box.currentData()
        return value if isinstance(value, str) else None

    def _check(self) -> None:
        first, first_problem = self._parse(self.first_edit)
        last, last_problem = self._parse(self.last_edit)
        if first and last and last < first:
            last_problem = _("The period must end after it starts.")
        for label, problem in ((self.first_error, first_problem), (self.last_error, last_problem)):
            label.setText(problem)
            label.setVisible(bool(problem))
        self.export_button.setEnabled(not first_problem and not last_problem)


class ReportExporter(QObject):
    """Builds a report in the background, then previews it for saving.

    Signals:
        busy(bool): a build started (True) or ended (False).
        ready(object): the preview dialog (or the saved path without QtPdf) for a build.
    """

    busy = Signal(bool)
    ready = Signal(object)

    def __init__(self, context: AppContext, window: QWidget) -> None:
        super().__init__(window)
        self.context = context
        self.window = window
        self.task: Task | None = None
        self.preview: PdfPreviewDialog | None = None

    def is_busy(self) -> bool:
        return self.task is not None

    def export_pipeline(self, year: int | None) -> Task | None:
        """The pipeline report for *year* (None: every year)."""
        scope = str(year) if year is not None else _("all-years")
        return self._start(
            partial(build_pipeline_pdf, year=year),
            _("Proposals and results"),
            file_name(_("proposals-and-results"), scope),
        )

    def export_deadlines(self, first: date, last: date, owner: str | None) -> Task | None:
        """The deadlines report from *first* to *last* for *owner* (None: everyone)."""
        return self._start(
            partial(build_deadlines_pdf, first=first, last=last, owner=owner),
            _("Deadlines"),
            file_name(_("deadlines"), first.isoformat(), last.isoformat(), owner or ""),
        )

    def _start(self, build: Callable[..., Any], title: str, name: str) -> Task | None:
        db = self.context.db
        if db is None or self.task is not None:
            return None
        task = Task(build, db, lang=current_language())
        task.succeeded.connect(lambda document: self._show(document, title, name))
        task.failed.connect(self._failed)
        task.finished.connect(self._done)
        self.task = task
        self.busy.emit(True)
        self.context.status_message.emit(_("Preparing the PDF…"))
        return task.start()

    def _done(self) -> None:
        self.task = None
        self.busy.emit(False)

    def _failed(self, exc: object) -> None:
        log.warning("building a report failed: %r", exc)
        QMessageBox.warning(
            self.window,
            _("Export PDF"),
            _("The report could not be built: the database did not answer."),
        )

    def _show(self, document: Any, title: str, name: str) -> None:
        if not preview_available():  # pragma: no cover - PySide6-Addons is a dependency
            path = documents_folder() / name
            try:
                save_and_open(document, path)
            except OSError as exc:
                QMessageBox.warning(self.window, _("Export PDF"), write_error(exc, path))
                return
            self.context.status_message.emit(_("PDF saved to {path}").format(path=path))
            self.ready.emit(path)
            return
        dialog = PdfPreviewDialog(document, title, name, self.window)
        dialog.saved.connect(
            lambda path: self.context.status_message.emit(
                _("PDF saved to {path}").format(path=path)
            )
        )
        dialog.finished.connect(dialog.deleteLater)
        self.preview = dialog
        dialog.open()
        self.ready.emit(dialog)
