"""File ▸ Import calls…: a wizard that reads a file, previews the import and then writes it.

It drives the same parsers and service as ``grantdesk import calls`` (``cli_import``):
``parse_file(data, format, mapping)`` then ``import_calls(db, records, source=…)``, first
as a dry run for the preview and then for real when the user presses Import. Both run in a
background :class:`~grantdesk.ui.tasks.Task`, so the window never freezes; the import is
one transaction, so a failure leaves the database as it was.

:class:`ImportWizard` holds what every import shares (the file, the columns page, the dry
run, the import, every problem listed); a subclass says what it imports: its formats,
fields, preview table and jobs. :class:`ImportCallsWizard` imports calls;
``grantdesk.ui.organization_import_wizard`` imports organizations.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from grantdesk.domain.dates import format_deadline
from grantdesk.domain.money import format_eur
from grantdesk.i18n import N_, _, current_language
from grantdesk.imports.calls import ImportRejected, Parsed, detect_format, parse_file
from grantdesk.imports.calls.tabular import FIELDS, HEADERS
from grantdesk.imports.tabular import IGNORE, fold, read_table, recogniser
from grantdesk.ui.context import AppContext
from grantdesk.ui.import_pages import (
    ERROR_STYLE,
    FIELD_LABELS,
    PAGE_COLUMNS,
    PAGE_FILE,
    PAGE_PREVIEW,
    TABULAR,
    Cell,
    ColumnsPage,
    PreviewPage,
    summary_text,
    wrapping,
)
from grantdesk.ui.tasks import Cancelled, Progress, Task

SAMPLE_ROWS = 3
log = logging.getLogger(__name__)


FORMAT_LABELS = {
    "eu": N_("EU Funding & Tenders portal"),
    "incentivi": "incentivi.gov.it",
    "csv": "CSV",
    "xlsx": "Excel (XLSX)",
}


class FilePage(QWizardPage):
    """Choose the file; shows the detected format, which a combo can override."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(_("Choose the file"))
        self.setSubTitle(wizard.file_subtitle())
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(_("Path of the file to import"))
        self.path_edit.editingFinished.connect(self._path_typed)
        self.browse_button = QPushButton(_("&Browse…"))
        self.browse_button.clicked.connect(self.browse)
        self.format_combo = QComboBox()
        for fmt, label in wizard.format_labels.items():
            self.format_combo.addItem(_(label), fmt)
        self.format_combo.setCurrentIndex(-1)
        self.format_combo.currentIndexChanged.connect(self._format_chosen)
        self.detected = wrapping()
        self.message = wrapping()
        self.message.setStyleSheet(ERROR_STYLE)

        file_label = QLabel(_("&File:"))
        file_label.setBuddy(self.path_edit)
        format_label = QLabel(_("F&ormat:"))
        format_label.setBuddy(self.format_combo)
        grid = QGridLayout()
        grid.addWidget(file_label, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        grid.addLayout(row, 0, 1)
        grid.addWidget(format_label, 1, 0)
        fmt_row = QHBoxLayout()
        fmt_row.addWidget(self.format_combo)
        fmt_row.addStretch(1)
        grid.addLayout(fmt_row, 1, 1)
        grid.addWidget(self.detected, 2, 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addSpacing(12)
        layout.addWidget(self.message)
        layout.addSpacing(12)
        hint = wrapping(wizard.file_hint())
        hint.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(hint)
        layout.addStretch(1)

    def browse(self) -> None:
        filters = ";;".join(self._wizard.file_filters())
        path, _chosen = QFileDialog.getOpenFileName(
            self, self._wizard.windowTitle(), self.path_edit.text(), filters
        )
        if path:
            self.show_path(path)

    def _path_typed(self) -> None:
        text = self.path_edit.text().strip()
        if text and text != self._wizard.path:
            self._wizard.load(text)

    def show_path(self, path: str) -> None:
        self.path_edit.setText(path)
        self._wizard.load(path)

    def show_loaded(self, detected: str | None, error: str | None) -> None:
        """Show what the wizard read: the detected format, or why the file is unusable."""
        self.message.setText(error or "")
        self.message.setVisible(bool(error))
        self.format_combo.blockSignals(True)
        self.format_combo.setCurrentIndex(self.format_combo.findData(detected))
        self.format_combo.blockSignals(False)
        if detected:
            label = self._wizard.format_labels[detected]
            self.detected.setText(_("Detected format: {format}.").format(format=_(label)))
        else:
            self.detected.setText("")
        self.completeChanged.emit()

    def _format_chosen(self) -> None:
        self._wizard.format = self.format_combo.currentData()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._wizard.data is not None and self.format_combo.currentIndex() >= 0

    def nextId(self) -> int:
        return PAGE_COLUMNS if self._wizard.format in TABULAR else PAGE_PREVIEW


def _read(path: Path) -> bytes:
    """The file's bytes, or ``OSError`` with a sentence the user understands."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise OSError(_("There is no file {path}.").format(path=path)) from None
    except IsADirectoryError:
        raise OSError(_("{path} is a folder, not a file.").format(path=path)) from None
    except PermissionError:
        raise OSError(_("Permission denied: {path}").format(path=path)) from None
    except OSError as exc:
        raise OSError(
            _("{path} cannot be read: {reason}").format(path=path, reason=exc.strerror)
        ) from None


def preview_import(
    db: Any, data: bytes, fmt: str, mapping: list[str], name: str, *, progress: Progress
) -> tuple[Parsed, Any] | ImportRejected:
    """Parse *data* and dry-run the import (in a worker thread); a rejection is returned."""
    from grantdesk.services.call_import import import_calls

    progress(0, 2)
    try:
        parsed = parse_file(data, fmt, mapping if fmt in TABULAR else ())
    except ImportRejected as exc:
        return exc  # an expected answer, not a failure of the task
    progress(1, 2)
    report = import_calls(
        db,
        parsed.records,
        source=f"{parsed.format}:{name}",
        dry_run=True,
        skipped=len(parsed.skipped),
    )
    progress(2, 2)
    return parsed, report


def run_import(db: Any, parsed: Parsed, name: str, *, progress: Progress) -> Any:
    """Write *parsed* to the database in one transaction (in a worker thread)."""
    from grantdesk.services.call_import import import_calls

    progress(0, 1)
    report = import_calls(
        db, parsed.records, source=f"{parsed.format}:{name}", skipped=len(parsed.skipped)
    )
    progress(1, 1)
    return report


class ImportWizard(QWizard):
    """Import records from a file into the open database: the steps every import shares.

    A subclass sets :attr:`kind` (the ``data_changed`` kind), :attr:`title`,
    :attr:`format_labels`, :attr:`fields` with :attr:`field_labels` and :attr:`headers`,
    the background jobs :attr:`dry_run_job` and :attr:`import_job`, and the texts and
    preview table below.
    """

    kind = ""
    title = ""  # msgid of the window title
    format_labels: dict[str, str] = {}
    fields: tuple[str, ...] = ()
    field_labels: dict[str, str] = {}
    headers: dict[str, tuple[str, ...]] = {}

    # job(db, data, fmt, mapping, name, *, progress) -> (parsed, report) | ImportRejected
    @staticmethod
    def dry_run_job(
        db: Any, data: bytes, fmt: str, mapping: list[str], name: str, *, progress: Progress
    ) -> Any:
        raise NotImplementedError

    # job(db, parsed, name, *, progress) -> report
    @staticmethod
    def import_job(db: Any, parsed: Any, name: str, *, progress: Progress) -> Any:
        raise NotImplementedError

    def file_subtitle(self) -> str:
        return ""

    def file_hint(self) -> str:
        return ""

    def file_filters(self) -> list[str]:
        return [_("CSV files (*.csv)"), _("Excel workbooks (*.xlsx)"), _("All files (*)")]

    def detect(self, data: bytes) -> str:
        """The format of *data*, or ``ImportRejected`` saying why it cannot be imported."""
        raise NotImplementedError

    def recognise(self, header: str) -> str:
        """The field a column named *header* is read as (``-``: not imported)."""
        return recogniser(self.headers).get(fold(header), IGNORE)

    def missing_columns(self, chosen: list[str]) -> str | None:
        """Why the chosen fields cannot make a record, in one sentence; None when they can."""
        return None

    def preview_headers(self) -> list[str]:
        """The preview table's column headers (translated)."""
        return []

    def preview_widths(self) -> list[int]:
        """Widths of the preview table's columns but the last."""
        return []

    def preview_cells(self, parsed: Any, report: Any, index: int) -> list[Cell]:
        """The preview table's cells for record *index* of *parsed*."""
        return []

    def preview_subtitle(self) -> str:
        return ""

    def records_name(self) -> str:
        """The preview table's accessible name."""
        return ""

    def more_records(self, shown: int, total: int) -> str:
        """The sentence under a preview table that shows only the first records."""
        return ""

    def summary(self, report: Any) -> str:
        """The counts of a (dry-run) report, in one line."""
        return ""

    def done_message(self, name: str, report: Any) -> str:
        """The status-bar message after the import of the file *name*."""
        return ""

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, path: str | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.path: str | None = None
        self.data: bytes | None = None
        self.format: str | None = None
        self.parsed: Any = None
        self.report: Any = None
        self.imported: Any = None
        self._preview_task: Task | None = None
        self._import_task: Task | None = None

        self.setWindowTitle(_(self.title))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoDefaultButton, False)
        self.setButtonText(QWizard.WizardButton.BackButton, _("< &Back"))
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Next >"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Import"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Cancel"))
        self.file_page = FilePage(self)
        self.columns_page = ColumnsPage(self)
        self.preview_page = PreviewPage(self)
        self.setPage(PAGE_FILE, self.file_page)
        self.setPage(PAGE_COLUMNS, self.columns_page)
        self.setPage(PAGE_PREVIEW, self.preview_page)
        self.setStartId(PAGE_FILE)
        self.resize(900, 600)
        self.setMinimumSize(640, 420)
        if path:
            self.file_page.show_path(str(path))

    # -- the file ---------------------------------------------------------------------
    def load(self, path: str) -> None:
        """Read *path* and detect its format; the file page shows the outcome."""
        self.path = path
        self.data = None
        self.format = None
        error: str | None = None
        try:
            self.data = _read(Path(path))
            self.format = self.detect(self.data)
        except OSError as exc:
            error = str(exc)
        except ImportRejected as exc:
            error = "\n".join(str(p) for p in exc.problems)
            error += "\n" + _("Choose the format below if you know it.")
        self.file_page.path_edit.setText(path)
        self.file_page.show_loaded(self.format, error)

    def read_columns(self) -> tuple[list[str], list[list[str]], str | None]:
        """The header of a CSV/XLSX file and a few rows below it, or why it cannot be read."""
        assert self.data is not None
        try:
            rows = read_table(self.data, self.format or "csv")
        except ImportRejected as exc:
            return [], [], "\n".join(str(p) for p in exc.problems)

        def cells(row: Any) -> list[str]:
            return ["" if v is None else " ".join(str(v).split()) for v in row]

        filled = [cells(r) for r in rows if any(c for c in cells(r))]
        if not filled:
            return [], [], _("The file has no rows.")
        return filled[0], filled[1 : 1 + SAMPLE_ROWS], None

    # -- the preview ------------------------------------------------------------------
    def start_preview(self) -> None:
        """Parse and dry-run in the background; the preview page shows the outcome."""
        self.cancel_preview()
        self.parsed = self.report = None
        page = self.preview_page
        db = self.context.db
        if db is None or self.data is None or self.format is None:
            page.show_failure(_("No database is open: open one, then import."))
            return
        page.show_busy(_("Reading the file and comparing it with the database…"))
        mapping = self.columns_page.mapping() if self.format in TABULAR else []
        name = Path(self.path or "").name
        task = Task(self.dry_run_job, db, self.data, self.format, mapping, name)
        task.progressed.connect(page.show_progress)
        task.succeeded.connect(lambda result, t=task: self._previewed(t, result))
        task.failed.connect(lambda exc, t=task: self._preview_failed(t, exc))
        self._preview_task = task
        task.start()

    def cancel_preview(self) -> None:
        if self._preview_task is not None:
            self._preview_task.cancel()
            self._preview_task = None

    def _previewed(self, task: Task, result: tuple[Any, Any] | ImportRejected) -> None:
        if task is not self._preview_task:
            return  # the user went back meanwhile: a newer preview is coming
        self._preview_task = None
        if isinstance(result, ImportRejected):
            self.preview_page.show_problems(result.problems, result.summary())
            return
        try:
            self.preview_page.show_preview(*result)
        except Exception as exc:  # a bug in showing must not leave the page busy forever
            log.exception("the import preview could not be shown")
            self._preview_failed(task, exc, current=True)
            return
        self.parsed, self.report = result

    def _preview_failed(self, task: Task, exc: BaseException, current: bool = False) -> None:
        if not current and task is not self._preview_task:
            return
        self._preview_task = None
        if isinstance(exc, Cancelled):
            return
        self.preview_page.show_failure(
            _("The file could not be checked: {reason}. Nothing was imported.").format(reason=exc)
        )

    # -- the import -------------------------------------------------------------------
    @property
    def importing(self) -> bool:
        return self._import_task is not None

    def accept(self) -> None:
        """Finish: write the previewed calls in the background, then close."""
        if self.importing:
            return
        db = self.context.db
        if self.parsed is None or db is None:
            return
        self._set_busy(True)
        self.preview_page.show_import_status(_("Importing…"), busy=True)
        task = Task(self.import_job, db, self.parsed, Path(self.path or "").name)
        task.progressed.connect(self.preview_page.show_import_progress)
        task.succeeded.connect(self._imported)
        task.failed.connect(self._import_failed)
        self._import_task = task
        task.start()

    def _set_busy(self, busy: bool) -> None:
        for which in (
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.CancelButton,
        ):
            self.button(which).setEnabled(not busy)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    def _imported(self, report: Any) -> None:
        self._import_task = None
        self.imported = report
        self._set_busy(False)
        self.context.notify(self.kind)
        self.context.status_message.emit(self.done_message(Path(self.path or "").name, report))
        super().accept()

    def _import_failed(self, exc: BaseException) -> None:
        self._import_task = None
        self._set_busy(False)
        self.preview_page.show_import_status(
            _("The import failed and nothing was imported: {reason}").format(reason=exc),
            error=True,
        )

    def reject(self) -> None:
        if self.importing:
            return  # one transaction is under way: it ends soon, either way
        self.cancel_preview()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.importing:
            event.ignore()
            return
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.importing and event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)


class ImportCallsWizard(ImportWizard):
    """Import calls from an EU, incentivi.gov.it, CSV or XLSX file into the open database."""

    kind = "calls"
    title = N_("Import calls")
    format_labels = FORMAT_LABELS
    fields = FIELDS
    field_labels = FIELD_LABELS
    headers = HEADERS
    dry_run_job = staticmethod(preview_import)
    import_job = staticmethod(run_import)

    def file_subtitle(self) -> str:
        return _(
            "Calls exported from the EU Funding & Tenders portal or incentivi.gov.it "
            "(JSON), or a spreadsheet of your own (CSV or Excel)."
        )

    def file_hint(self) -> str:
        return _(
            "A spreadsheet needs a first row with the column names (such as Titolo, "
            "Ente finanziatore, Scadenza, Contributo massimo): you can match them to "
            "GrantDesk's fields on the next page. Dates are read as 31/03/2026 or "
            "2026-03-31, amounts as 1.234,56."
        )

    def file_filters(self) -> list[str]:
        return [
            _("Calls (*.json *.csv *.xlsx)"),
            _("JSON exports (*.json)"),
            _("CSV files (*.csv)"),
            _("Excel workbooks (*.xlsx)"),
            _("All files (*)"),
        ]

    def detect(self, data: bytes) -> str:
        return detect_format(data)

    def missing_columns(self, chosen: list[str]) -> str | None:
        if "title" not in chosen and "funder" not in chosen:
            return _(
                "Choose which column holds the title of the call and which the funder: "
                "every call needs both."
            )
        if "title" not in chosen:
            return _("Choose which column holds the title of the call: every call needs one.")
        if "funder" not in chosen:
            return _("Choose which column holds the funder: every call needs one.")
        return None

    def preview_headers(self) -> list[str]:
        return [_("Title"), _("Funder"), _("Deadlines"), _("Maximum grant")]

    def preview_widths(self) -> list[int]:
        return [360, 190, 170]

    def preview_cells(self, parsed: Any, report: Any, index: int) -> list[Cell]:
        record = parsed.records[index]
        lang = current_language()
        dates = [format_deadline(d.due_at, lang) for d in record.deadlines]
        first = dates[0] if dates else ""
        return [
            Cell(record.title),
            Cell(record.funder),
            Cell(
                first + (f" (+{len(dates) - 1})" if len(dates) > 1 else ""),
                tooltip="\n".join(dates),
            ),
            Cell(format_eur(record.max_grant, lang), right=True),
        ]

    def preview_subtitle(self) -> str:
        return _("Nothing has been written yet: “Import” adds these calls.")

    def records_name(self) -> str:
        return _("Calls in the file")

    def more_records(self, shown: int, total: int) -> str:
        return _("The table shows the first {shown} of {total} calls.").format(
            shown=shown, total=total
        )

    def summary(self, report: Any) -> str:
        return summary_text(report)

    def done_message(self, name: str, report: Any) -> str:
        return _("Calls imported from {file}: {summary}.").format(
            file=name, summary=summary_text(report)
        )
