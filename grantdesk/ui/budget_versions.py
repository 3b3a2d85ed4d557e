"""Named versions of a budget: saving one (“as submitted”, “after negotiation”) and
comparing two — or one with the budget as it is now.

The comparison shows the lines added, removed and changed with their amounts, and each
category's total before and after with the difference: increases in green, cuts in red.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.budget import BudgetDiff, Line, category_label
from grantdesk.domain.dates import format_date, utc_to_rome
from grantdesk.domain.money import format_eur
from grantdesk.i18n import N_, _, current_language
from grantdesk.services.proposal_check import BudgetVersionInfo
from grantdesk.ui.context import AppContext
from grantdesk.ui.palette import ERROR_COLOUR, MUTED_COLOUR

log = logging.getLogger(__name__)

UP_COLOUR = "#23804a"
DOWN_COLOUR = "#b3261e"
CURRENT = -1  # the budget as it is now, in the second list
FIELD_NAMES = {
    "category": N_("category"),
    "description": N_("description"),
    "partner": N_("partner"),
    "unit": N_("unit"),
    "quantity": N_("quantity"),
    "unit_cost": N_("unit cost"),
    "source": N_("funding source"),
    "other_funder": N_("other funder"),
}


def _version_label(info: BudgetVersionInfo) -> str:
    lang = current_language()
    return _("{name} — {date}, {total}").format(
        name=info.name,
        date=format_date(utc_to_rome(info.created_at).date(), lang),
        total=format_eur(info.grand_total, lang),
    )


class SaveVersionDialog(QDialog):
    """Ask a name and save the budget as it is now under it."""

    def __init__(self, context: AppContext, proposal_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        from grantdesk.services.proposal_check import budget_versions

        self.context = context
        self.proposal_id = proposal_id
        self.saved: BudgetVersionInfo | None = None
        assert context.db is not None
        existing = budget_versions(context.db, proposal_id)
        self.setWindowTitle(_("Save budget version"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(6)
        intro = QLabel(_("The budget is kept as it is now; later you can see what changed since."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addSpacing(6)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("VersionName")
        self.name.setPlaceholderText(_("e.g. as submitted, after negotiation"))
        self.name.setMaxLength(200)
        form.addRow(_("Name"), self.name)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("VersionError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error.hide()
        layout.addWidget(self.error)
        if existing:
            names = ", ".join(f"“{v.name}”" for v in existing)
            hint = QLabel(_("Versions already saved: {names}.").format(names=names))
            hint.setWordWrap(True)
            hint.setStyleSheet(f"color: {MUTED_COLOUR};")
            layout.addWidget(hint)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(_("Save version"))
        save.setEnabled(False)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout.addSpacing(8)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._typed)

    def _typed(self, text: str) -> None:
        self.error.hide()
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(bool(text.strip()))

    def _save(self) -> None:
        from grantdesk.services.details import RecordNotFoundError
        from grantdesk.services.proposal_check import VersionNameError, save_budget_version

        assert self.context.db is not None
        try:
            self.saved = save_budget_version(self.context.db, self.proposal_id, self.name.text())
        except (VersionNameError, RecordNotFoundError) as exc:
            self.error.setText(str(exc))
            self.error.show()
            self.name.setFocus()
            return
        except Exception:  # a lost connection, a locked file: say so, never a traceback
            log.exception("saving a budget version failed")
            self.error.setText(_("The version could not be saved: the database did not answer."))
            self.error.show()
            return
        self.accept()


def ask_version_name(
    parent: QWidget, context: AppContext, proposal_id: int
) -> BudgetVersionInfo | None:
    """Show :class:`SaveVersionDialog`; the version saved, or None."""
    if context.db is None:
        return None
    dialog = SaveVersionDialog(context, proposal_id, parent)
    dialog.exec()
    return dialog.saved


def _item(text: str, right: bool = False, colour: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if colour:
        item.setForeground(QBrush(QColor(colour)))
    if text:
        item.setToolTip(text)
    return item


def signed_eur(amount: Decimal) -> str:
    """A difference: ``+€ 1.200,00``, ``−€ 350,00``, ``€ 0,00``."""
    text = format_eur(abs(amount), current_language())
    return f"+{text}" if amount > 0 else f"−{text}" if amount < 0 else text


def _delta_colour(amount: Decimal) -> str | None:
    return UP_COLOUR if amount > 0 else DOWN_COLOUR if amount < 0 else None


def _table(headers: list[str], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(24)
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    for column, title in enumerate(headers):
        if title.endswith("(€)") or title == _("Difference"):
            item = QTableWidgetItem(title)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setHorizontalHeaderItem(column, item)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class CompareVersionsDialog(QDialog):
    """Two versions of a budget side by side: version A, and version B or the current one."""

    def __init__(self, context: AppContext, proposal_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        from grantdesk.services.proposal_check import budget_versions

        self.context = context
        self.proposal_id = proposal_id
        self.diff: BudgetDiff | None = None
        assert context.db is not None
        self.versions = budget_versions(context.db, proposal_id)
        self.setWindowTitle(_("Compare budget versions"))
        self.resize(1180, 720)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(8)

        choose = QHBoxLayout()
        self.before = QComboBox()
        self.before.setObjectName("VersionA")
        self.after = QComboBox()
        self.after.setObjectName("VersionB")
        for info in self.versions:
            self.before.addItem(_version_label(info), info.id)
            self.after.addItem(_version_label(info), info.id)
        self.after.addItem(_("The budget as it is now"), CURRENT)
        for box in (self.before, self.after):
            box.setMinimumContentsLength(24)
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        if self.versions:
            self.before.setCurrentIndex(len(self.versions) - 1)
        self.after.setCurrentIndex(self.after.count() - 1)
        choose.addWidget(QLabel(_("Version A")))
        choose.addWidget(self.before, 1)
        choose.addSpacing(12)
        choose.addWidget(QLabel(_("Version B")))
        choose.addWidget(self.after, 1)
        layout.addLayout(choose)

        self.summary = QLabel()
        self.summary.setObjectName("CompareSummary")
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        layout.addWidget(self.summary)

        self.lines = _table(
            [
                _("Change"),
                _("Category"),
                _("Description"),
                _("Partner"),
                _("A (€)"),
                _("B (€)"),
                _("Difference"),
                _("What changed"),
            ],
            2,
        )
        self.lines.setObjectName("CompareLines")
        self.categories = _table([_("Category"), _("A (€)"), _("B (€)"), _("Difference")], 0)
        self.categories.setObjectName("CompareCategories")
        for table, widths in (
            (self.lines, (84, 130, 260, 180, 100, 100, 110, 140)),
            (self.categories, (260, 130, 130, 130)),
        ):
            for column, width in enumerate(widths):
                table.setColumnWidth(column, width)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self._titled(_("Lines added, removed and changed"), self.lines))
        split.addWidget(self._titled(_("Totals by category"), self.categories))
        split.setSizes([300, 330])
        layout.addWidget(split, 1)

        buttons = QDialogButtonBox()
        close = QPushButton(_("Close"))
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.before.currentIndexChanged.connect(self.refresh)
        self.after.currentIndexChanged.connect(self.refresh)
        self.refresh()

    @staticmethod
    def _titled(title: str, table: QTableWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 6, 0, 0)
        column.setSpacing(4)
        label = QLabel(title)
        label.setStyleSheet(f"color: {MUTED_COLOUR}; font-weight: 600;")
        column.addWidget(label)
        column.addWidget(table, 1)
        return box

    def refresh(self) -> None:
        from grantdesk.services.proposal_check import (
            compare_budget_versions,
            compare_with_current,
        )

        self.diff = None
        self.lines.setRowCount(0)
        self.categories.setRowCount(0)
        db = self.context.db
        if not self.versions or db is None:
            self.summary.setText(_("No version is saved yet: save one first with “Save version…”."))
            self.before.setEnabled(False)
            self.after.setEnabled(False)
            return
        first, second = self.before.currentData(), self.after.currentData()
        if first == second:
            self.summary.setText(_("Choose two different versions to compare."))
            return
        try:
            if second == CURRENT:
                self.diff = compare_with_current(db, first)
            else:
                self.diff = compare_budget_versions(db, first, second)
        except Exception as exc:  # an unreadable snapshot, a lost connection
            log.exception("comparing budget versions failed")
            self.summary.setText(
                _("The versions could not be compared: {reason}").format(reason=str(exc))
            )
            return
        self._show(self.diff)

    def _show(self, diff: BudgetDiff) -> None:
        lang = current_language()
        before, after = diff.before.grand_total, diff.after.grand_total
        total = _("Total: {a} → {b} ({delta}).").format(
            a=format_eur(before, lang), b=format_eur(after, lang), delta=signed_eur(after - before)
        )
        if diff.is_empty:
            total += " " + _("No line changed.")
        self.summary.setText(total)
        rows: list[tuple[str, Line, Decimal | None, Decimal | None, str]] = []
        rows += [(_("Added"), line, None, line.total, "") for line in diff.added]
        rows += [(_("Removed"), line, line.total, None, "") for line in diff.removed]
        rows += [
            (
                _("Changed"),
                change.after,
                change.before.total,
                change.after.total,
                ", ".join(_(FIELD_NAMES[name]) for name in change.fields),
            )
            for change in diff.changed
        ]
        self.lines.setRowCount(len(rows))
        for row, (kind, line, a, b, fields) in enumerate(rows):
            delta = (b or Decimal(0)) - (a or Decimal(0))
            cells = [
                _item(kind),
                _item(category_label(line.category)),
                _item(line.description),
                _item(line.partner_name or ""),
                _item(format_eur(a, lang) if a is not None else "—", right=True),
                _item(format_eur(b, lang) if b is not None else "—", right=True),
                _item(signed_eur(delta), right=True, colour=_delta_colour(delta)),
                _item(fields),
            ]
            for column, cell in enumerate(cells):
                self.lines.setItem(row, column, cell)
        changes = [c for c in diff.categories if c.before or c.after]
        self.categories.setRowCount(len(changes) + 1)
        for row, change in enumerate(changes):
            self._category_row(row, category_label(change.category), change.before, change.after)
        self._category_row(len(changes), _("Total"), before, after, bold=True)

    def _category_row(
        self, row: int, name: str, before: Decimal, after: Decimal, bold: bool = False
    ) -> None:
        lang = current_language()
        delta = after - before
        cells = [
            _item(name),
            _item(format_eur(before, lang), right=True),
            _item(format_eur(after, lang), right=True),
            _item(signed_eur(delta), right=True, colour=_delta_colour(delta)),
        ]
        for column, cell in enumerate(cells):
            if bold:
                font = cell.font()
                font.setBold(True)
                cell.setFont(font)
            self.categories.setItem(row, column, cell)
