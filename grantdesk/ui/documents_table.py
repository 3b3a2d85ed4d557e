"""The organization editor's documents on file: kind, title, issued, expires, status.

Dates are typed the Italian way (``30/06/2027``) or picked from a calendar; every cell is
text until the form is read, so a pasted ``31/02/2027`` is named by row rather than
silently changed. The status (valid, expiring within 30 days, expired, no expiry) follows
the expiry date as it is typed, in colour.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QSignalBlocker,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from grantdesk.domain.dates import DateError, format_date, parse_date
from grantdesk.domain.vocab import DocumentKind
from grantdesk.i18n import _, current_language
from grantdesk.services.org_documents import DocumentEntry, DocumentStatus, document_status
from grantdesk.ui.table_delegates import DateDelegate, VocabularyDelegate

KIND, TITLE, ISSUED, EXPIRES, STATUS = range(5)
# Kept on the title cell: the document's id and file path, which the table does not show.
_KEPT = Qt.ItemDataRole.UserRole + 1
STATUS_COLOURS = {
    DocumentStatus.EXPIRED: "#b3261e",
    DocumentStatus.EXPIRING: "#a15c00",
    DocumentStatus.VALID: "#2f7d4f",
    DocumentStatus.NO_EXPIRY: "#5b6778",
}


class DocumentsTable(QTableWidget):
    """One row per document on file; ``changed`` fires on every edit, addition or removal."""

    changed = Signal()

    def __init__(self, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.setObjectName("OrganizationDocuments")
        self.today = today or date.today()
        self.setHorizontalHeaderLabels(
            [_("Kind"), _("Title"), _("Issued"), _("Expires"), _("Status")]
        )
        tip = self.horizontalHeaderItem(EXPIRES)
        if tip is not None:
            tip.setToolTip(_("Leave empty for papers that do not expire (a statute)"))
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((KIND, 190), (ISSUED, 100), (EXPIRES, 100), (STATUS, 128)):
            self.setColumnWidth(column, width)
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
        self.setItemDelegateForColumn(KIND, VocabularyDelegate(DocumentKind, self))
        self.setItemDelegateForColumn(ISSUED, DateDelegate(self))
        self.setItemDelegateForColumn(EXPIRES, DateDelegate(self))
        self.itemChanged.connect(self._item_changed)

    # -- rows -------------------------------------------------------------------------

    def set_rows(self, entries: list[DocumentEntry]) -> None:
        with QSignalBlocker(self):
            self.setRowCount(0)
            for entry in entries:
                self.append(entry)

    def append(self, entry: DocumentEntry | None = None) -> int:
        """Add a row (an empty statute when *entry* is None); return its number."""
        lang = current_language()
        row = self.rowCount()
        with QSignalBlocker(self):
            self.insertRow(row)
            kind = DocumentKind(entry.kind if entry else DocumentKind.STATUTE.value)
            kind_item = QTableWidgetItem(kind.label)
            kind_item.setData(Qt.ItemDataRole.UserRole, kind.value)
            self.setItem(row, KIND, kind_item)
            title = QTableWidgetItem(entry.title if entry else "")
            title.setData(_KEPT, (entry.id, entry.file_path) if entry else (None, ""))
            if entry and entry.file_path:
                title.setToolTip(entry.file_path)
            self.setItem(row, TITLE, title)
            issued = format_date(entry.issued_on, lang) if entry else ""
            expires = format_date(entry.expires_on, lang) if entry else ""
            self.setItem(row, ISSUED, QTableWidgetItem(issued))
            self.setItem(row, EXPIRES, QTableWidgetItem(expires))
            status = QTableWidgetItem()
            status.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.setItem(row, STATUS, status)
            self._show_status(row)
        self.changed.emit()
        return row

    def _text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text().strip() if item is not None else ""

    def status_of(self, row: int) -> DocumentStatus | None:
        """The row's status from its expiry date as typed (None when it is unreadable)."""
        text = self._text(row, EXPIRES)
        try:
            expires = parse_date(text) if text else None
        except DateError:
            return None
        return document_status(expires, self.today)

    def _show_status(self, row: int) -> None:
        item = self.item(row, STATUS)
        if item is None:
            return
        status = self.status_of(row)
        with QSignalBlocker(self):
            item.setText(status.label if status is not None else "")
            colour = STATUS_COLOURS.get(status) if status is not None else None
            item.setForeground(QColor(colour) if colour else QColor())
            font = item.font()
            font.setBold(status is not None and status.needs_attention)
            item.setFont(font)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == EXPIRES:
            self._show_status(item.row())
        self.changed.emit()

    def read(self) -> tuple[list[DocumentEntry], str]:
        """The rows as documents, and the first date that cannot be read (a sentence)."""
        entries: list[DocumentEntry] = []
        for row in range(self.rowCount()):
            days: list[date | None] = []
            for column in (ISSUED, EXPIRES):
                text = self._text(row, column)
                try:
                    days.append(parse_date(text) if text else None)
                except DateError:
                    return entries, _("Row {row}: “{text}” is not a date (dd/mm/yyyy).").format(
                        row=row + 1, text=text
                    )
            kind_item, title_item = self.item(row, KIND), self.item(row, TITLE)
            kept = title_item.data(_KEPT) if title_item is not None else None
            document_id, file_path = kept if kept else (None, "")
            entries.append(
                DocumentEntry(
                    kind=str(kind_item.data(Qt.ItemDataRole.UserRole)) if kind_item else "",
                    title=self._text(row, TITLE),
                    issued_on=days[0],
                    expires_on=days[1],
                    file_path=file_path or "",
                    id=document_id,
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


class DocumentButtons(QWidget):
    """“Add document” and “Remove” under a :class:`DocumentsTable`."""

    def __init__(self, table: DocumentsTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.add = QPushButton(_("&Add document"))
        self.remove = QPushButton(_("Re&move"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.add)
        row.addWidget(self.remove)
        row.addStretch(1)
        self.add.clicked.connect(self._add)
        self.remove.clicked.connect(self._remove)
        table.itemSelectionChanged.connect(self.update_enabled)
        table.changed.connect(self.update_enabled)
        self.update_enabled()

    def update_enabled(self) -> None:
        self.remove.setEnabled(self.table.current() >= 0)

    def _add(self) -> None:
        row = self.table.append()
        self.table.setCurrentCell(row, TITLE)
        self.table.setFocus()
        item = self.table.item(row, TITLE)
        if item is not None:
            self.table.editItem(item)

    def _remove(self) -> None:
        self.table.remove_current()
        self.update_enabled()
