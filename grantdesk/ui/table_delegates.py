"""Cell editors shared by the editors' tables: a vocabulary picker and a day-first date.

Cells hold text (a label, a date written the user's way); the vocabulary code is kept in
``UserRole``. The date editor reads what the cell says and writes it back formatted, so a
pasted impossible date stays in the cell for the table's reader to name by row.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractItemModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from grantdesk.domain.dates import DateError, format_date, parse_date
from grantdesk.domain.vocab import Vocabulary
from grantdesk.i18n import current_language

Index = QModelIndex | QPersistentModelIndex


def date_format() -> str:
    """Qt's display format for a day in the current language (never month-first)."""
    return "dd/MM/yyyy" if current_language() == "it" else "yyyy-MM-dd"


class VocabularyDelegate(QStyledItemDelegate):
    """A combo of *vocabulary*'s labels; the chosen code goes to ``UserRole``."""

    def __init__(self, vocabulary: type[Vocabulary], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vocabulary = vocabulary

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        box = QComboBox(parent)
        for member in self.vocabulary:
            box.addItem(member.label, member.value)
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.UserRole))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.UserRole)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)


class DateDelegate(QStyledItemDelegate):
    """A date with a calendar popup, day-first; an unreadable cell opens on today."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        edit = QDateEdit(parent)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(date_format())
        return edit

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QDateEdit)
        try:
            day = parse_date(str(index.data() or ""))
        except DateError:
            day = date.today()
        editor.setDate(QDate(day.year, day.month, day.day))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QDateEdit)
        picked = editor.date()
        day = date(picked.year(), picked.month(), picked.day())
        model.setData(index, format_date(day, current_language()))
