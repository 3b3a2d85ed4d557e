"""The pages of the import wizards: file, columns, preview (or the file's problems).

The pages hold widgets only; the wizard (``grantdesk.ui.import_wizard.ImportWizard``)
holds the file's bytes, the chosen format and mapping, says which fields and preview
columns there are, and runs the background work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from grantdesk.i18n import N_, _
from grantdesk.imports.errors import ImportProblem
from grantdesk.imports.tabular import IGNORE

if TYPE_CHECKING:
    from grantdesk.ui.import_wizard import ImportWizard

PAGE_FILE, PAGE_COLUMNS, PAGE_PREVIEW = range(3)
PREVIEW_ROWS = 200
WRAPPED_PROBLEMS = 500
TABULAR = ("csv", "xlsx")


@dataclass(frozen=True)
class Cell:
    """A cell of the preview table: its text, alignment and tooltip (the text if none)."""

    text: str
    right: bool = False
    tooltip: str | None = None


FIELD_LABELS = {
    "external_id": N_("Identifier"),
    "code": N_("Call code"),
    "title": N_("Title"),
    "description": N_("Description"),
    "funder": N_("Funder"),
    "funder_kind": N_("Funder kind"),
    "territory": N_("Territory"),
    "url": N_("Link"),
    "deadline": N_("Deadline"),
    "deadline_time": N_("Deadline time"),
    "min_grant": N_("Minimum grant"),
    "max_grant": N_("Maximum grant"),
    "min_total_cost": N_("Minimum total cost"),
    "max_total_cost": N_("Maximum total cost"),
    "themes": N_("Themes"),
    "eligible_forms": N_("Eligible applicants"),
}
ERROR_STYLE = "color: #b3261e;"


def wrapping(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    return table


def _short(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _item(text: str, align_right: bool = False, tooltip: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text if tooltip is None else tooltip)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class ColumnsPage(QWizardPage):
    """One row per column of the spreadsheet: its first values and the field it fills."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(_("Columns"))
        self.setSubTitle(
            _(
                "Choose what each column of the file holds. Columns recognised by their "
                "name are already set; the others are not imported."
            )
        )
        self.combos: list[QComboBox] = []
        self.headers: list[str] = []
        self._inner = QWidget()
        self._grid = QGridLayout(self._inner)
        self._grid.setColumnStretch(1, 1)
        self._grid.setHorizontalSpacing(16)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        scroll.setWidget(self._inner)
        self.message = wrapping()
        self.message.setStyleSheet(ERROR_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        self._shown_for: object = None

    def initializePage(self) -> None:
        key = (id(self._wizard.data), self._wizard.format)
        if key == self._shown_for:
            return  # back and forth keeps the user's choices
        self._shown_for = key
        self.show_columns(*self._wizard.read_columns())

    def show_columns(self, headers: list[str], samples: list[list[str]], error: str | None) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.combos = []
        self.headers = headers
        if error:
            self.message.setText(error)
            self.completeChanged.emit()
            return
        for col, text in enumerate((_("Column of the file"), _("First values"), _("Field"))):
            title = QLabel(f"<b>{text}</b>")
            self._grid.addWidget(title, 0, col)
        for index, name in enumerate(headers):
            values = [_short(s[index]) for s in samples if index < len(s) and s[index]]
            name_label = QLabel(name or _("(no name)"))
            name_label.setToolTip(name)
            sample = QLabel(" · ".join(values) or "—")
            sample.setToolTip("\n".join(values))
            sample.setMinimumWidth(120)
            sample.setStyleSheet("color: palette(placeholder-text);")
            combo = QComboBox()
            combo.addItem(_("— do not import —"), IGNORE)
            for field in self._wizard.fields:
                combo.addItem(_(self._wizard.field_labels[field]), field)
            combo.setCurrentIndex(max(0, combo.findData(self._wizard.recognise(name))))
            combo.setEnabled(bool(name.strip()))
            combo.currentIndexChanged.connect(self._changed)
            name_label.setBuddy(combo)
            self._grid.addWidget(name_label, index + 1, 0)
            self._grid.addWidget(sample, index + 1, 1)
            self._grid.addWidget(combo, index + 1, 2)
            self.combos.append(combo)
        self._grid.setRowStretch(len(headers) + 1, 1)
        self._changed()

    def mapping(self) -> list[str]:
        """``COLUMN=FIELD`` for every named column, as ``grantdesk import --map`` takes it."""
        return [
            f"{name}={combo.currentData()}"
            for name, combo in zip(self.headers, self.combos, strict=True)
            if name.strip()
        ]

    def problem(self) -> str | None:
        """Why Next is disabled, in one sentence; None when the mapping is usable."""
        if not self.combos:
            return self.message.text() or _("The file has no columns.")
        chosen = [c.currentData() for c in self.combos if c.currentData() != IGNORE]
        missing = self._wizard.missing_columns(chosen)
        if missing:
            return missing
        for field in dict.fromkeys(chosen):
            if chosen.count(field) > 1:
                return _("“{field}” is chosen for more than one column: keep only one.").format(
                    field=_(self._wizard.field_labels[field])
                )
        return None

    def _changed(self) -> None:
        self.message.setText(self.problem() or "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.problem() is None

    def nextId(self) -> int:
        return PAGE_PREVIEW


class PreviewPage(QWizardPage):
    """What the import would do: the calls and the counts, or every problem of the file."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(_("Preview"))
        self.setFinalPage(True)
        self.ready = False
        self.problems: list[ImportProblem] = []

        self.progress_label = QLabel(_("Reading the file…"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        busy = QWidget()
        busy_layout = QVBoxLayout(busy)
        busy_layout.addStretch(1)
        busy_layout.addWidget(self.progress_label)
        busy_layout.addWidget(self.progress)
        busy_layout.addStretch(1)

        self.summary = wrapping()
        self.summary.setStyleSheet("font-weight: bold;")
        self.details = wrapping()
        self.records = _table(wizard.preview_headers())
        self.records.setAccessibleName(wizard.records_name())
        self.records.setSortingEnabled(False)
        self.calls = self.records  # the name the call wizard's callers know
        self.import_status = wrapping()
        self.import_progress = QProgressBar()
        self.import_progress.setRange(0, 0)
        self.import_progress.setTextVisible(False)
        self.import_progress.hide()
        preview = QWidget()
        preview_layout = QVBoxLayout(preview)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(self.summary)
        preview_layout.addWidget(self.records, 1)
        preview_layout.addWidget(self.details)
        preview_layout.addWidget(self.import_status)
        preview_layout.addWidget(self.import_progress)

        self.error_summary = wrapping()
        self.error_summary.setStyleSheet(ERROR_STYLE + " font-weight: bold;")
        self.problem_table = _table([_("Row"), _("Column"), _("Problem")])
        self.problem_table.setAccessibleName(_("Problems in the file"))
        # Room above and below a sentence when rows are sized to their (wrapped) text.
        self.problem_table.setStyleSheet("QTableWidget::item { padding: 3px 2px; }")
        self.copy_button = QPushButton(_("&Copy the problems"))
        self.copy_button.clicked.connect(self.copy_problems)
        error = QWidget()
        error_layout = QVBoxLayout(error)
        error_layout.setContentsMargins(0, 0, 0, 0)
        error_layout.addWidget(self.error_summary)
        error_layout.addWidget(self.problem_table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        error_layout.addLayout(buttons)

        self.stack = QStackedWidget()
        self.busy_panel, self.preview_panel, self.error_panel = busy, preview, error
        for panel in (busy, preview, error):
            self.stack.addWidget(panel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

    def initializePage(self) -> None:
        self._wizard.start_preview()

    def cleanupPage(self) -> None:
        self._wizard.cancel_preview()

    def show_busy(self, text: str) -> None:
        self.ready = False
        self.progress_label.setText(text)
        self.progress.setRange(0, 0)
        self.stack.setCurrentWidget(self.busy_panel)
        self.completeChanged.emit()

    def show_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def show_preview(self, parsed: Any, report: Any) -> None:
        self.setTitle(_("Preview"))
        self.setSubTitle(self._wizard.preview_subtitle())
        self.summary.setText(self._wizard.summary(report))
        count = min(len(parsed.records), PREVIEW_ROWS)
        self.records.setRowCount(count)
        for row in range(count):
            for col, cell in enumerate(self._wizard.preview_cells(parsed, report, row)):
                self.records.setItem(row, col, _item(cell.text, cell.right, cell.tooltip))
        header = self.records.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate(self._wizard.preview_widths()):
            self.records.setColumnWidth(col, width)
        notes = []
        if len(parsed.records) > PREVIEW_ROWS:
            notes.append(self._wizard.more_records(PREVIEW_ROWS, len(parsed.records)))
        if getattr(parsed, "skipped", None):
            notes.append(_("Skipped: {items}").format(items="; ".join(parsed.skipped)))
        if parsed.ignored_columns:
            notes.append(
                _("Columns not imported: {names}").format(names=", ".join(parsed.ignored_columns))
            )
        self.details.setText("\n".join(notes))
        self.details.setVisible(bool(notes))
        self.import_status.setText("")
        self.import_status.setStyleSheet("")
        self.stack.setCurrentWidget(self.preview_panel)
        self.ready = True
        self.completeChanged.emit()

    def show_problems(self, problems: list[ImportProblem], summary: str) -> None:
        self.setTitle(_("The file cannot be imported"))
        self.setSubTitle(_("Correct the file (or go back and change the columns), then try again."))
        self.problems = list(problems)
        self.copy_button.setText(_("&Copy the problems"))
        self.error_summary.setText(summary)
        self.problem_table.setRowCount(len(problems))
        for row, p in enumerate(problems):
            where = "" if p.row is None else str(p.row)
            self.problem_table.setItem(row, 0, _item(where, True))
            whole = "" if p.row is not None else _("whole file")
            self.problem_table.setItem(row, 1, _item(p.column or whole))
            self.problem_table.setItem(row, 2, _item(p.message))
        self.problem_table.setColumnWidth(0, 70)
        self.problem_table.setColumnWidth(1, 200)
        # Whole sentences, wrapped, while rows are few enough to measure at once.
        wrap = len(problems) <= WRAPPED_PROBLEMS
        self.problem_table.setWordWrap(wrap)
        self.problem_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents if wrap else QHeaderView.ResizeMode.Interactive
        )
        self.stack.setCurrentWidget(self.error_panel)
        self.ready = False
        self.completeChanged.emit()
        self.copy_button.setFocus()

    def show_failure(self, message: str) -> None:
        self.show_busy("")
        self.error_summary.setText(message)
        self.problems = []
        self.problem_table.setRowCount(0)
        self.stack.setCurrentWidget(self.error_panel)
        self.setTitle(_("The file cannot be imported"))

    def copy_problems(self) -> None:
        lines = [self.error_summary.text(), *(str(p) for p in self.problems)]
        QGuiApplication.clipboard().setText("\n".join(lines))
        self.copy_button.setText(_("Copied"))

    def show_import_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.import_progress.setRange(0, total)
            self.import_progress.setValue(done)

    def show_import_status(self, text: str, error: bool = False, busy: bool = False) -> None:
        if busy:
            self.import_progress.setRange(0, 0)
        self.import_progress.setVisible(busy)
        self.import_status.setText(text)
        self.import_status.setStyleSheet(ERROR_STYLE if error else "")

    def isComplete(self) -> bool:
        return self.ready


def summary_text(report: Any) -> str:
    """``37 new calls, 0 updated, 0 unchanged, 4 skipped`` in the current language."""
    return _(
        "{created} new calls, {updated} updated, {unchanged} unchanged, {skipped} skipped"
    ).format(
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        skipped=report.skipped,
    )
