"""The call editor's deadlines: kind, stage, Rome date and time, owner, reminders, done.

Dates and times are typed the Italian way (``31/03/2027``, ``17:00``) or picked from a
calendar; every cell is text until the form is read, so a pasted ``31/02/2027`` is caught
and named by row rather than silently changed.
"""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QWidget,
)

from grantdesk.domain.dates import DateError, format_date, parse_date, parse_time
from grantdesk.domain.vocab import DeadlineKind
from grantdesk.i18n import _, current_language
from grantdesk.services.call_parts import (
    DEFAULT_REMINDERS,
    DEFAULT_TIME,
    DeadlineEntry,
    internal_review_day,
    parse_reminders,
    show_reminders,
)
from grantdesk.ui.table_delegates import DateDelegate, VocabularyDelegate

KIND, STAGE, DAY, AT, OWNER, REMINDERS, DONE = range(7)
# Kept on the stage cell: the deadline's id and notes, which the table does not show.
_KEPT = Qt.ItemDataRole.UserRole + 1


class _TimeDelegate(QStyledItemDelegate):
    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        edit = QTimeEdit(parent)
        edit.setDisplayFormat("HH:mm")
        return edit

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QTimeEdit)
        try:
            at = parse_time(str(index.data() or ""))
        except DateError:
            at = DEFAULT_TIME
        editor.setTime(QTime(at.hour, at.minute))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QTimeEdit)
        model.setData(index, editor.time().toString("HH:mm"))


class _OwnerDelegate(QStyledItemDelegate):
    """A line edit that completes the names already used as owners."""

    def __init__(self, table: DeadlinesTable) -> None:
        super().__init__(table)
        self.table = table

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        edit = QLineEdit(parent)
        completer = QCompleter(self.table.owner_names(), edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        edit.setCompleter(completer)
        return edit


class DeadlinesTable(QTableWidget):
    """One row per deadline; ``changed`` fires on every edit, addition or removal."""

    changed = Signal()

    def __init__(self, owners: list[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(0, 7, parent)
        self.setObjectName("CallDeadlines")
        self._owners = list(owners or [])
        self.setHorizontalHeaderLabels(
            [_("Kind"), _("Stage"), _("Date"), _("Time"), _("Owner"), _("Reminders"), _("Done")]
        )
        tips = {
            DAY: _("The funder's date, in Italian time"),
            AT: _("Time of day in Italy (Europe/Rome)"),
            REMINDERS: _("Days before the deadline when GrantDesk reminds you, e.g. 14, 3"),
        }
        for column, tip in tips.items():
            header_item = self.horizontalHeaderItem(column)
            if header_item is not None:
                header_item.setToolTip(tip)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(STAGE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(OWNER, QHeaderView.ResizeMode.Interactive)
        for column, width in ((KIND, 150), (DAY, 108), (AT, 64), (OWNER, 120), (REMINDERS, 96)):
            self.setColumnWidth(column, width)
        header.setSectionResizeMode(DONE, QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(30)
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
        self.setItemDelegateForColumn(KIND, VocabularyDelegate(DeadlineKind, self))
        self.setItemDelegateForColumn(DAY, DateDelegate(self))
        self.setItemDelegateForColumn(AT, _TimeDelegate(self))
        self.setItemDelegateForColumn(OWNER, _OwnerDelegate(self))
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def owner_names(self) -> list[str]:
        """Owners known to the database and those typed in this table, alphabetically."""
        names = {n for n in self._owners if n}
        names.update(self._text(row, OWNER) for row in range(self.rowCount()))
        return sorted((n for n in names if n), key=str.casefold)

    # -- rows -------------------------------------------------------------------------

    def set_rows(self, entries: list[DeadlineEntry]) -> None:
        with QSignalBlocker(self):
            self.setRowCount(0)
            for entry in entries:
                self.append(entry)

    def append(self, entry: DeadlineEntry | None = None) -> int:
        """Add a row (an empty application deadline when *entry* is None); its number."""
        lang = current_language()
        row = self.rowCount()
        with QSignalBlocker(self):
            self.insertRow(row)
            kind = DeadlineKind(entry.kind if entry else DeadlineKind.APPLICATION.value)
            kind_item = QTableWidgetItem(kind.label)
            kind_item.setData(Qt.ItemDataRole.UserRole, kind.value)
            self.setItem(row, KIND, kind_item)
            stage = QTableWidgetItem(entry.stage if entry else "")
            stage.setData(_KEPT, (entry.id, entry.notes) if entry else (None, ""))
            self.setItem(row, STAGE, stage)
            self.setItem(row, DAY, QTableWidgetItem(format_date(entry.day, lang) if entry else ""))
            at = entry.at if entry else DEFAULT_TIME
            self.setItem(row, AT, QTableWidgetItem(at.strftime("%H:%M")))
            self.setItem(row, OWNER, QTableWidgetItem(entry.owner if entry else ""))
            days = entry.reminder_days if entry else DEFAULT_REMINDERS
            self.setItem(row, REMINDERS, QTableWidgetItem(show_reminders(days)))
            done = QTableWidgetItem()
            done.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            checked = entry is not None and entry.done
            done.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.setItem(row, DONE, done)
        self.changed.emit()
        return row

    def _text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text().strip() if item is not None else ""

    def read(self) -> tuple[list[DeadlineEntry], str]:
        """The rows as deadlines, and the first row that cannot be read (a sentence)."""
        entries: list[DeadlineEntry] = []
        for row in range(self.rowCount()):
            number = row + 1
            day_text = self._text(row, DAY)
            if not day_text:
                return entries, _("Row {row}: give the date of the deadline.").format(row=number)
            try:
                day = parse_date(day_text)
            except DateError:
                return entries, _("Row {row}: “{text}” is not a date (dd/mm/yyyy).").format(
                    row=number, text=day_text
                )
            time_text = self._text(row, AT)
            try:
                at = parse_time(time_text) if time_text else DEFAULT_TIME
            except DateError:
                return entries, _("Row {row}: “{text}” is not a time (hh:mm).").format(
                    row=number, text=time_text
                )
            try:
                reminders = parse_reminders(self._text(row, REMINDERS))
            except ValueError:
                return entries, _(
                    "Row {row}: write the reminder days as numbers separated by commas, like 14, 3."
                ).format(row=number)
            kind_item, stage_item, done_item = (
                self.item(row, KIND),
                self.item(row, STAGE),
                self.item(row, DONE),
            )
            kept = stage_item.data(_KEPT) if stage_item is not None else None
            deadline_id, notes = kept if kept else (None, "")
            entries.append(
                DeadlineEntry(
                    kind=str(kind_item.data(Qt.ItemDataRole.UserRole)) if kind_item else "",
                    day=day,
                    at=at,
                    stage=self._text(row, STAGE),
                    owner=self._text(row, OWNER),
                    reminder_days=reminders,
                    done=done_item is not None and done_item.checkState() == Qt.CheckState.Checked,
                    notes=notes or "",
                    id=deadline_id,
                )
            )
        return entries, ""

    def current(self) -> int:
        """The selected row, or -1."""
        selected = self.selectionModel().selectedRows()
        return selected[0].row() if selected else -1

    def remove_current(self) -> None:
        row = self.current()
        if row >= 0:
            self.removeRow(row)
            self.changed.emit()

    def selected_funder_date(self) -> tuple[date, time, str, str] | None:
        """Day, time, stage and owner of the selected deadline when it is the funder's."""
        row = self.current()
        if row < 0:
            return None
        kind = self.item(row, KIND)
        if kind is None or kind.data(Qt.ItemDataRole.UserRole) == DeadlineKind.INTERNAL.value:
            return None
        try:
            day = parse_date(self._text(row, DAY))
        except DateError:
            return None
        return day, DEFAULT_TIME, self._text(row, STAGE), self._text(row, OWNER)


class DeadlineButtons(QWidget):
    """Add, add an internal review, remove: under a :class:`DeadlinesTable`."""

    def __init__(self, table: DeadlinesTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.add = QPushButton(_("&Add deadline"))
        self.review = QPushButton(_("Add internal &review"))
        self.review.setToolTip(
            _("An internal check a few working days before the selected funder's date")
        )
        self.remove = QPushButton(_("Re&move"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for button in (self.add, self.review, self.remove):
            row.addWidget(button)
        row.addStretch(1)
        self.add.clicked.connect(self._add)
        self.review.clicked.connect(self._add_review)
        self.remove.clicked.connect(self._remove)
        table.itemSelectionChanged.connect(self.update_enabled)
        table.changed.connect(self.update_enabled)

    def update_enabled(self) -> None:
        self.remove.setEnabled(self.table.current() >= 0)
        self.review.setEnabled(self.table.selected_funder_date() is not None)

    def _add(self) -> None:
        row = self.table.append()
        self.table.setCurrentCell(row, DAY)
        self.table.setFocus()
        item = self.table.item(row, DAY)
        if item is not None:
            self.table.editItem(item)

    def _add_review(self) -> None:
        picked = self.table.selected_funder_date()
        if picked is None:
            return
        day, at, stage, owner = picked
        label = _("Internal review")
        entry = DeadlineEntry(
            kind=DeadlineKind.INTERNAL.value,
            day=internal_review_day(day),
            at=at,
            stage=f"{label}: {stage}" if stage else label,
            owner=owner,
            reminder_days=(3,),
        )
        row = self.table.append(entry)
        self.table.setCurrentCell(row, STAGE)
        self.table.setFocus()

    def _remove(self) -> None:
        self.table.remove_current()
        self.update_enabled()
