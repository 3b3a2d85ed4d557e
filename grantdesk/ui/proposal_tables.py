"""Editable tables for the lists of a proposal (objectives, activities, indicators,
checklist): cells edited in place, a row of buttons to add, remove and move rows.

A tab fills an :class:`EntryTable` from its entries and, on ``committed``, reads the rows
back into entries and pushes one undoable change; the table is then refilled from what was
saved, keeping the current cell. Cells may carry a value (``Qt.UserRole``: a month, an
organization's id, a state code) besides the text shown, set by the delegates below.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from grantdesk.i18n import _

VALUE = Qt.ItemDataRole.UserRole
Index = QModelIndex | QPersistentModelIndex


class Cell:
    """What one cell shows: its *text*, an optional *value*, whether it can be edited."""

    __slots__ = ("colour", "editable", "text", "tooltip", "value")

    def __init__(
        self,
        text: str,
        value: object = None,
        editable: bool = True,
        colour: str | None = None,
        tooltip: str = "",
    ) -> None:
        self.text = text
        self.value = value
        self.editable = editable
        self.colour = colour
        self.tooltip = tooltip


def fit_rows(table: QTableWidget) -> None:
    """Keep *table*'s rows as tall as their wrapped text at the columns' current widths.

    Qt measures rows once; a table filled before it is shown (or narrowed later) would keep
    rows measured at the wrong width, so they are measured again whenever a column or the
    table changes size.
    """
    timer = QTimer(table)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(table.resizeRowsToContents)
    table.horizontalHeader().sectionResized.connect(lambda *_a: timer.start())
    table.horizontalHeader().geometriesChanged.connect(timer.start)
    table.model().rowsInserted.connect(lambda *_a: timer.start())
    table.model().dataChanged.connect(lambda *_a: timer.start())


class EntryTable(QTableWidget):
    """A table of entries edited in place.

    Signals:
        committed(): the user changed a cell (not emitted while the table is filled).
    """

    committed = Signal()

    def __init__(
        self, headers: Sequence[str], stretch: int = 0, parent: QWidget | None = None
    ) -> None:
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(list(headers))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.verticalHeader().setDefaultSectionSize(30)
        self.verticalHeader().setMinimumSectionSize(30)
        fit_rows(self)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self._filling = False
        self._pending = False
        self.itemChanged.connect(self._changed)

    def set_rows(self, rows: Sequence[Sequence[Cell]]) -> None:
        """Show *rows*, keeping the current cell where it was."""
        row, column = self.currentRow(), self.currentColumn()
        self._filling = True
        self.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, cell in enumerate(cells):
                item = QTableWidgetItem(cell.text)
                item.setData(VALUE, cell.value)
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if cell.editable:
                    flags |= Qt.ItemFlag.ItemIsEditable
                item.setFlags(flags)
                if cell.colour:
                    item.setForeground(QColor(cell.colour))
                item.setToolTip(cell.tooltip or cell.text)
                self.setItem(r, c, item)
        self._filling = False
        if rows:
            self.setCurrentCell(min(max(row, 0), len(rows) - 1), max(column, 0))

    def text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text().strip() if item is not None else ""

    def value(self, row: int, column: int) -> Any:
        item = self.item(row, column)
        return item.data(VALUE) if item is not None else None

    def _changed(self, _item: QTableWidgetItem) -> None:
        # Later, not inside the item's own signal: saving refills the table.
        if not self._filling and not self._pending:
            self._pending = True
            QTimer.singleShot(0, self._commit)

    def _commit(self) -> None:
        self._pending = False
        self.committed.emit()

    def edit_cell(self, row: int, column: int) -> None:
        """Select a cell and open its editor (a new row's title)."""
        if 0 <= row < self.rowCount():
            self.setCurrentCell(row, column)
            item = self.item(row, column)
            if item is not None:
                self.editItem(item)


class ComboDelegate(QStyledItemDelegate):
    """Edit a cell by choosing among *choices()* (value, label)."""

    def __init__(
        self, choices: Callable[[], list[tuple[object, str]]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(
        self, parent: QWidget, _option: QStyleOptionViewItem, _index: Index
    ) -> QWidget:
        box = QComboBox(parent)
        for value, label in self.choices():
            box.addItem(label, value)
        box.activated.connect(lambda _i: self.commitData.emit(box))
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        found = editor.findData(index.data(VALUE))
        editor.setCurrentIndex(max(found, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        if editor.currentData() == index.data(VALUE):
            return
        model.setData(index, editor.currentData(), VALUE)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)


class SpinDelegate(QStyledItemDelegate):
    """Edit a whole number from 1 to *maximum()*."""

    def __init__(self, maximum: Callable[[], int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.maximum = maximum

    def createEditor(
        self, parent: QWidget, _option: QStyleOptionViewItem, _index: Index
    ) -> QWidget:
        spin = QSpinBox(parent)
        spin.setRange(1, max(1, self.maximum()))
        return spin

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QSpinBox)
        value = index.data(VALUE)
        editor.setValue(int(value) if isinstance(value, int) else 1)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QSpinBox)
        editor.interpretText()
        if editor.value() == index.data(VALUE):
            return
        model.setData(index, editor.value(), VALUE)
        model.setData(index, str(editor.value()), Qt.ItemDataRole.DisplayRole)


class RowButtons(QWidget):
    """Add, remove, move up and move down, for the table's current row.

    Signals:
        add_requested(), remove_requested(), move_requested(int): the user asked for it
            (move: -1 up, +1 down).
    """

    add_requested = Signal()
    remove_requested = Signal()
    move_requested = Signal(int)

    def __init__(self, table: QTableWidget, add_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(add_text)
        self.remove_button = QPushButton(_("Remove"))
        self.up_button = QPushButton(_("Move up"))
        self.down_button = QPushButton(_("Move down"))
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            row.addWidget(button)
        row.addStretch(1)
        self.extra = row
        self.add_button.clicked.connect(self.add_requested)
        self.remove_button.clicked.connect(self.remove_requested)
        self.up_button.clicked.connect(lambda: self.move_requested.emit(-1))
        self.down_button.clicked.connect(lambda: self.move_requested.emit(1))
        table.itemSelectionChanged.connect(self.update_enabled)
        self.update_enabled()

    def update_enabled(self) -> None:
        row = self.table.currentRow()
        count = self.table.rowCount()
        self.remove_button.setEnabled(0 <= row < count)
        self.up_button.setEnabled(0 < row < count)
        self.down_button.setEnabled(0 <= row < count - 1)


def moved(entries: Sequence[Any], row: int, offset: int) -> tuple[Any, ...]:
    """*entries* with the one at *row* moved *offset* places."""
    items = list(entries)
    if not 0 <= row < len(items):
        return tuple(items)
    entry = items.pop(row)
    items.insert(max(0, min(row + offset, len(items))), entry)
    return tuple(items)


def without(entries: Sequence[Any], row: int) -> tuple[Any, ...]:
    """*entries* without the one at *row*."""
    return tuple(e for i, e in enumerate(entries) if i != row)
