"""The call editor's caps on cost categories: category, share of the total, amount, note."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from grantdesk.domain.money import MoneyError, format_eur
from grantdesk.domain.vocab import BudgetCategory
from grantdesk.i18n import _, current_language
from grantdesk.services.call_editing import parse_money, parse_percent, show_percent
from grantdesk.services.call_parts import CapEntry, category_code, category_label

CATEGORY, PERCENT, AMOUNT, NOTE = range(4)


class _CategoryDelegate(QStyledItemDelegate):
    """An editable list of the usual categories: pick one or type the call's own word."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        box = QComboBox(parent)
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        box.addItems([c.label for c in BudgetCategory])
        return box

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setEditText(str(index.data() or ""))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, " ".join(editor.currentText().split()))


class CapsTable(QTableWidget):
    """One row per capped category; ``changed`` fires on every edit, addition or removal."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setObjectName("CategoryCaps")
        self.setHorizontalHeaderLabels(
            [_("Cost category"), _("Max % of total"), _("Max amount"), _("Note")]
        )
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((CATEGORY, 190), (PERCENT, 110), (AMOUNT, 120)):
            self.setColumnWidth(column, width)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(28)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setItemDelegateForColumn(CATEGORY, _CategoryDelegate(self))
        self.itemChanged.connect(self._tidy)

    def set_rows(self, entries: list[CapEntry]) -> None:
        with QSignalBlocker(self):
            self.setRowCount(0)
            for entry in entries:
                self.append(entry)

    def append(self, entry: CapEntry | None = None) -> int:
        row = self.rowCount()
        lang = current_language()
        with QSignalBlocker(self):
            self.insertRow(row)
            cells = (
                category_label(entry.category) if entry else "",
                show_percent(entry.limit_pct) if entry else "",
                format_eur(entry.limit_amount, lang) if entry else "",
                entry.note if entry else "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (PERCENT, AMOUNT):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.setItem(row, column, item)
        self.changed.emit()
        return row

    def _text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text().strip() if item is not None else ""

    def _tidy(self, item: QTableWidgetItem) -> None:
        """Show a typed amount or percentage the way the editor writes them."""
        text = item.text().strip()
        with QSignalBlocker(self):
            try:
                if item.column() == PERCENT and text:
                    item.setText(show_percent(parse_percent(text)))
                elif item.column() == AMOUNT and text:
                    item.setText(format_eur(parse_money(text), current_language()))
            except (ValueError, MoneyError):
                pass
        self.changed.emit()

    def read(self) -> tuple[list[CapEntry], str]:
        """The rows as caps, and the first cell that cannot be read (a sentence)."""
        entries: list[CapEntry] = []
        for row in range(self.rowCount()):
            number = row + 1
            pct_text, amount_text = self._text(row, PERCENT), self._text(row, AMOUNT)
            try:
                pct = parse_percent(pct_text) if pct_text else None
            except ValueError:
                return entries, _("Row {row}: write the percentage like 12.5.").format(row=number)
            try:
                amount = parse_money(amount_text) if amount_text else None
            except MoneyError:
                return entries, _("Row {row}: write the amount in euros, like €1,234.56.").format(
                    row=number
                )
            entries.append(
                CapEntry(
                    category=category_code(self._text(row, CATEGORY)),
                    limit_pct=pct,
                    limit_amount=amount,
                    note=self._text(row, NOTE),
                )
            )
        return entries, ""

    def current(self) -> int:
        selected = self.selectionModel().selectedRows()
        return selected[0].row() if selected else -1


class CapButtons(QWidget):
    """Add and remove under a :class:`CapsTable`."""

    def __init__(self, table: CapsTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.add = QPushButton(_("Add ca&p"))
        self.remove = QPushButton(_("Remove cap"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.add)
        row.addWidget(self.remove)
        row.addStretch(1)
        self.add.clicked.connect(self._add)
        self.remove.clicked.connect(self._remove)
        table.itemSelectionChanged.connect(self.update_enabled)
        self.update_enabled()

    def update_enabled(self) -> None:
        self.remove.setEnabled(self.table.current() >= 0)

    def _add(self) -> None:
        row = self.table.append()
        self.table.setCurrentCell(row, CATEGORY)
        self.table.setFocus()
        item = self.table.item(row, CATEGORY)
        if item is not None:
            self.table.editItem(item)

    def _remove(self) -> None:
        row = self.table.current()
        if row >= 0:
            self.table.removeRow(row)
            self.table.changed.emit()
        self.update_enabled()
