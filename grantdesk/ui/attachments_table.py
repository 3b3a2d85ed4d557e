"""The editable table of a call's required attachments (name, mandatory), in the editor."""

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from grantdesk.i18n import _


class AttachmentsTable(QTableWidget):
    """The call editor's required attachments: a name and a “Mandatory” tick per row.

    Emits ``changed`` whenever a name or a tick changes, or a row is removed or moved.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.setObjectName("RequiredAttachments")
        self.setHorizontalHeaderLabels([_("Attachment"), _("Mandatory")])
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(28)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def set_rows(self, rows: list[tuple[str, bool]]) -> None:
        with QSignalBlocker(self):
            self.setRowCount(0)
            for name, mandatory in rows:
                self.append(name, mandatory)

    def append(self, name: str, mandatory: bool) -> int:
        """Add a row at the end; return its number."""
        row = self.rowCount()
        self.insertRow(row)
        self.setItem(row, 0, QTableWidgetItem(name))
        check = QTableWidgetItem()
        check.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        check.setCheckState(Qt.CheckState.Checked if mandatory else Qt.CheckState.Unchecked)
        self.setItem(row, 1, check)
        return row

    def rows(self) -> list[tuple[str, bool]]:
        """(name, mandatory) of every row, in order."""
        result = []
        for row in range(self.rowCount()):
            name, check = self.item(row, 0), self.item(row, 1)
            mandatory = check is not None and check.checkState() == Qt.CheckState.Checked
            result.append((name.text().strip() if name else "", mandatory))
        return result

    def current(self) -> int:
        """The selected row, or -1."""
        selected = self.selectionModel().selectedRows()
        return selected[0].row() if selected else -1

    def remove_current(self) -> None:
        row = self.current()
        if row >= 0:
            self.removeRow(row)
            self.changed.emit()

    def move_current(self, step: int) -> None:
        row = self.current()
        target = row + step
        if row < 0 or not 0 <= target < self.rowCount():
            return
        with QSignalBlocker(self):
            mine = [self.takeItem(row, c) for c in range(2)]
            theirs = [self.takeItem(target, c) for c in range(2)]
            for c in range(2):
                self.setItem(target, c, mine[c])
                self.setItem(row, c, theirs[c])
        self.selectRow(target)
        self.changed.emit()


class AttachmentButtons(QWidget):
    """Add, remove and move buttons under an :class:`AttachmentsTable`, enabled by selection."""

    def __init__(self, table: AttachmentsTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.add = QPushButton(_("&Add attachment"))
        self.remove = QPushButton(_("Re&move"))
        self.up = QPushButton(_("Move &up"))
        self.down = QPushButton(_("Move do&wn"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for button in (self.add, self.remove, self.up, self.down):
            row.addWidget(button)
        row.addStretch(1)
        self.add.clicked.connect(self._add)
        self.remove.clicked.connect(self._remove)
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(1))
        table.itemSelectionChanged.connect(self.update_enabled)

    def update_enabled(self) -> None:
        row = self.table.current()
        self.remove.setEnabled(row >= 0)
        self.up.setEnabled(row > 0)
        self.down.setEnabled(0 <= row < self.table.rowCount() - 1)

    def _add(self) -> None:
        row = self.table.append("", True)
        self.table.setCurrentCell(row, 0)
        self.table.setFocus()
        item = self.table.item(row, 0)
        if item is not None:
            self.table.editItem(item)

    def _remove(self) -> None:
        self.table.remove_current()
        self.update_enabled()

    def _move(self, step: int) -> None:
        self.table.move_current(step)
        self.update_enabled()
