"""The budget grid: the table with spreadsheet keys, and its cell editors.

:class:`BudgetTable` moves like a spreadsheet (see :mod:`grantdesk.ui.budget_grid`); the
keys that act on the budget (copy, paste, clear, undo, redo, a new line) are passed on as
signals for the editor to carry out.

Cell editors: text and numbers, the category, the partner, the source.
Every cell draws a frame around the current one (the grid's cursor, as in a spreadsheet).
The category is an editable list (the call's categories or the usual ones; a call's own
word can be typed), the partner and the funding source plain lists: typing a letter picks
the first entry that starts with it, Alt+Down opens the list, Enter or Tab commits.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from grantdesk.domain.budget import category_label
from grantdesk.domain.vocab import FundingSource
from grantdesk.ui.budget_model import (
    CHOICE_ROLE,
    COLUMN_COUNT,
    DESCRIPTION,
    NUMERIC,
    TOTAL,
    BudgetModel,
)

CURSOR = QColor("#1d4f91")

Index = QModelIndex | QPersistentModelIndex


class CellDelegate(QStyledItemDelegate):
    """A plain text cell (numbers right-aligned) that frames the current cell."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.save()
            pen = QPen(CURSOR)
            pen.setWidth(2)
            painter.setPen(pen)
            painter.drawRect(option.rect.adjusted(1, 1, -1, -1))
            painter.restore()

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        if index.column() in NUMERIC:
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class CategoryDelegate(CellDelegate):
    """An editable list of the categories offered, and those already in use."""

    def __init__(self, model: BudgetModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.budget = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        box = QComboBox(parent)
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        box.setFrame(False)
        box.addItems([category_label(code) for code in self.budget.categories()])
        box.setMaxVisibleItems(14)
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        text = str(index.data(Qt.ItemDataRole.EditRole) or "")
        found = editor.findText(text)
        if found >= 0:
            editor.setCurrentIndex(found)
        editor.setEditText(text)
        line = editor.lineEdit()
        if line is not None:
            line.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class ChoiceDelegate(CellDelegate):
    """A fixed list: the proposal's lead and partners, or the four funding sources."""

    def __init__(self, model: BudgetModel, partners: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.budget = model
        self.partners = partners

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        from grantdesk.i18n import _

        box = QComboBox(parent)
        box.setFrame(False)
        if self.partners:
            box.addItem("—", None)
            sheet = self.budget.sheet
            for partner in sheet.partners if sheet else ():
                label = (
                    _("{name} (lead)").format(name=partner.name) if partner.lead else partner.name
                )
                box.addItem(label, partner.id)
            current = index.data(CHOICE_ROLE)
            if current is not None and box.findData(current) < 0:  # no longer a partner
                box.addItem(self.budget.partner_name(current), current)
        else:
            for source in FundingSource:
                box.addItem(source.label, source.value)
        box.view().setTextElideMode(Qt.TextElideMode.ElideRight)
        box.setMinimumContentsLength(12)
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        found = editor.findData(index.data(CHOICE_ROLE))
        editor.setCurrentIndex(max(found, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


_EDIT_KEYS = (
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
)


class BudgetTable(QTableView):
    """The grid itself: cell selection, spreadsheet keys.

    Signals:
        add_line_requested(): Tab on the very last cell.
        key_command(str): ``copy``, ``paste``, ``clear``, ``undo`` or ``redo``.
    """

    add_line_requested = Signal()
    key_command = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BudgetGrid")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setTabKeyNavigation(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setCornerButtonEnabled(True)
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(26)
        vertical.setMinimumWidth(36)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(48)
        header.setStretchLastSection(False)
        self.description_width = 240
        self.placeholder = ""  # what an empty grid says

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.model() is not None and self.model().rowCount() == 0 and self.placeholder:
            painter = QPainter(self.viewport())
            painter.setPen(QColor("#5b6778"))
            area = self.viewport().rect().adjusted(24, 24, -24, -24)
            flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            painter.drawText(area, flags | int(Qt.TextFlag.TextWordWrap), self.placeholder)
            painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_description()

    def fit_description(self) -> None:
        """The description takes the width the other columns leave (at least its own)."""
        header = self.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(COLUMN_COUNT) if c != DESCRIPTION)
        room = self.viewport().width() - others
        if room > self.description_width:
            header.resizeSection(DESCRIPTION, room)
        elif header.sectionSize(DESCRIPTION) > self.description_width:
            header.resizeSection(DESCRIPTION, self.description_width)

    def edit(self, index: Any, trigger: Any = None, event: Any = None) -> Any:
        if trigger is None:
            return super().edit(index)
        started = super().edit(index, trigger, event)
        triggers = QAbstractItemView.EditTrigger
        if started and trigger in (triggers.EditKeyPressed, triggers.DoubleClicked):
            editor = self.indexWidget(index)  # F2 edits in place: the cursor at the end
            if isinstance(editor, QLineEdit):
                editor.deselect()
                editor.end(False)
        return started

    # -- moving the cursor ----------------------------------------------------------------

    def _step(self, row: int, column: int, forward: bool) -> tuple[int, int]:
        column += 1 if forward else -1
        if column == TOTAL:  # computed: Tab passes over it
            column += 1 if forward else -1
        if column >= COLUMN_COUNT:
            return row + 1, 0
        if column < 0:
            return row - 1, COLUMN_COUNT - 1
        return row, column

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        action = QAbstractItemView.CursorAction
        if cursorAction not in (action.MoveNext, action.MovePrevious):
            return super().moveCursor(cursorAction, modifiers)
        current = self.currentIndex()
        model = self.model()
        if not current.isValid():
            return model.index(0, 0)
        row, column = self._step(current.row(), current.column(), cursorAction == action.MoveNext)
        if row < 0:
            return current
        if row >= model.rowCount():
            self.add_line_requested.emit()
            if row >= model.rowCount():  # refused: stay
                return current
        return model.index(row, column)

    def _go(self, index: QModelIndex) -> None:
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        hints = QAbstractItemDelegate.EndEditHint
        super().closeEditor(editor, hints.NoHint)
        modifiers = Qt.KeyboardModifier.NoModifier
        if hint == hints.EditNextItem:
            self._go(self.moveCursor(QAbstractItemView.CursorAction.MoveNext, modifiers))
        elif hint == hints.EditPreviousItem:
            self._go(self.moveCursor(QAbstractItemView.CursorAction.MovePrevious, modifiers))
        elif hint == hints.SubmitModelCache:  # Enter: down one row
            self._down()

    def _down(self) -> None:
        current = self.currentIndex()
        if current.isValid() and current.row() + 1 < self.model().rowCount():
            self._go(self.model().index(current.row() + 1, current.column()))

    # -- keys ----------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # Copy, paste, undo, redo and Delete belong to the grid while it has the focus, not
        # to the window's menus or the proposal editor's shortcuts.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            plain_delete = event.key() == Qt.Key.Key_Delete and not event.modifiers()
            if plain_delete or any(event.matches(k) for k in _EDIT_KEYS):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        names = {
            QKeySequence.StandardKey.Copy: "copy",
            QKeySequence.StandardKey.Paste: "paste",
            QKeySequence.StandardKey.Undo: "undo",
            QKeySequence.StandardKey.Redo: "redo",
        }
        for sequence, name in names.items():
            if event.matches(sequence):
                self.key_command.emit(name)
                event.accept()
                return
        if key == Qt.Key.Key_Delete and plain:
            self.key_command.emit("clear")
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            # From an open editor the key comes back here: closing it moves down instead.
            if self.state() != QAbstractItemView.State.EditingState:
                self._down()
            event.accept()  # never the dialog's default button
            return
        super().keyPressEvent(event)
