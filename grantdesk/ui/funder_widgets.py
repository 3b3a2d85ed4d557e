"""The two halves of Edit ▸ Funders…: the filtered list and the form (layout only).

The behaviour lives in :class:`grantdesk.ui.funders_dialog.FundersDialog`. Funders are few
(tens, a few hundred after imports), so the whole list is read at once and filtered in
Python on folded text ("comunita" finds "Comunità").
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.text import fold
from grantdesk.domain.vocab import FunderKind
from grantdesk.i18n import _, ngettext
from grantdesk.services.funder_editing import FunderForm, FunderRow
from grantdesk.ui import icons
from grantdesk.ui.palette import ERROR_COLOUR, MUTED_COLOUR

Index = QModelIndex | QPersistentModelIndex


class FunderTableModel(QAbstractTableModel):
    """The funders (name, kind, number of calls), filtered by a folded text, sortable."""

    NAME, KIND, CALLS = range(3)
    IdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[FunderRow] = []
        self._rows: list[FunderRow] = []
        self._filter = ""
        self._sort: tuple[int, Qt.SortOrder] = (self.NAME, Qt.SortOrder.AscendingOrder)

    @property
    def total(self) -> int:
        """How many funders there are, filter aside."""
        return len(self._all)

    def all_rows(self) -> list[FunderRow]:
        """Every funder, filter aside."""
        return list(self._all)

    def find(self, funder_id: int) -> FunderRow | None:
        """The funder *funder_id*, even when the filter hides it."""
        return next((r for r in self._all if r.id == funder_id), None)

    def set_rows(self, rows: list[FunderRow]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._rows = self._filtered()
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        self.beginResetModel()
        self._filter = fold(" ".join(text.split()))
        self._rows = self._filtered()
        self.endResetModel()

    def _filtered(self) -> list[FunderRow]:
        rows = [
            r
            for r in self._all
            if not self._filter or self._filter in fold(f"{r.name} {r.kind_label} {r.website}")
        ]
        column, order = self._sort
        if column == self.KIND:
            rows.sort(key=lambda r: (fold(r.kind_label), fold(r.name), r.id))
        elif column == self.CALLS:
            rows.sort(key=lambda r: (r.calls, fold(r.name), r.id))
        else:
            rows.sort(key=lambda r: (fold(r.name), r.id))
        if order == Qt.SortOrder.DescendingOrder:
            rows.reverse()
        return rows

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._rows = self._filtered()
        self.layoutChanged.emit()

    def row_for_id(self, funder_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == funder_id), -1)

    def funder_at(self, row: int) -> FunderRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, row.kind_label, str(row.calls))[column]
        if role == self.IdRole:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.CALLS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column != self.NAME:
            return QColor(MUTED_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (row.website or row.name, row.kind_label, None)[column]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < 3:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (_("Name"), _("Kind"), _("Calls"))[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = (
                Qt.AlignmentFlag.AlignRight if section == self.CALLS else Qt.AlignmentFlag.AlignLeft
            )
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        return None


class FunderListPane(QWidget):
    """The filter box, the funders table, a “no match” line and New / Merge / Delete."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 14, 0)
        column.setSpacing(8)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("SearchBox")
        self.filter_edit.setPlaceholderText(_("Filter by name, kind or website (Ctrl+F)"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter_edit.installEventFilter(self)
        column.addWidget(self.filter_edit)
        self.no_match = QLabel()
        self.no_match.setObjectName("HintText")
        self.no_match.setWordWrap(True)
        self.no_match.hide()
        column.addWidget(self.no_match)

        self.model = FunderTableModel(self)
        self.table = table = QTableView()
        table.setObjectName("FundersTable")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setStyleSheet("QTableView::item { padding: 0 6px; }")
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(30)
        header = table.horizontalHeader()
        header.setSectionResizeMode(FunderTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(FunderTableModel.KIND, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(FunderTableModel.CALLS, QHeaderView.ResizeMode.ResizeToContents)
        header.setHighlightSections(False)
        table.setSortingEnabled(True)
        table.sortByColumn(FunderTableModel.NAME, Qt.SortOrder.AscendingOrder)
        column.addWidget(table, 1)

        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        self.new_button = QPushButton(icons.icon("new"), _("New funder"))
        self.new_button.setToolTip(_("Add a funder (Ctrl+N or Insert)"))
        self.merge_button = QPushButton(_("Merge into…"))
        self.merge_button.setToolTip(
            _("Move this funder's calls to another funder, then delete it (for duplicates)")
        )
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.setToolTip(_("Delete the selected funder (Delete)"))
        for button in (self.new_button, self.merge_button, self.delete_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down or Enter in the filter goes to the list (Enter would otherwise press Save);
        # Esc empties a filter before it closes the dialog.
        if watched is self.filter_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape and self.filter_edit.text():
                self.filter_edit.clear()
                return True
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.model.rowCount():
                    self.table.setFocus()
                    if not self.table.currentIndex().isValid():
                        self.table.selectRow(0)
                return True
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """The kind as wide as its longest label, but never more than a third of the list."""
        want = self.table.sizeHintForColumn(FunderTableModel.KIND) + 12
        cap = self.table.viewport().width() // 3
        self.table.horizontalHeader().resizeSection(FunderTableModel.KIND, max(90, min(want, cap)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def show_no_match(self, text: str) -> None:
        """Say that the filter *text* hides every funder (nothing when it does not)."""
        empty = bool(text.strip()) and self.model.rowCount() == 0 and self.model.total > 0
        self.no_match.setText(
            _("No funder matches “{text}”.").format(text=text.strip()) if empty else ""
        )
        self.no_match.setVisible(empty)


class FunderFormPane(QWidget):
    """A heading, the funder's fields each with its error line, Discard and Save."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DetailPane")
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        column = QVBoxLayout(self)
        column.setContentsMargins(18, 2, 0, 0)
        column.setSpacing(4)
        self.title = QLabel()
        self.title.setObjectName("DetailTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.usage = QLabel()
        self.usage.setObjectName("DetailSubtitle")
        self.usage.setWordWrap(True)
        self.usage.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.title)
        column.addWidget(self.usage)
        column.addSpacing(12)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(10)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(_("e.g. Fondazione Cariplo"))
        form.addRow(_("&Name"), self._field("name", self.name_edit))
        self.kind_box = QComboBox()
        for kind in FunderKind:
            self.kind_box.addItem(kind.label, kind.value)
        form.addRow(_("&Kind"), self._field("kind", self.kind_box))
        self.website_edit = QLineEdit()
        self.website_edit.setPlaceholderText("https://")
        self.website_link = QLabel()
        self.website_link.setObjectName("WebsiteLink")
        self.website_link.setTextFormat(Qt.TextFormat.RichText)
        self.website_link.setOpenExternalLinks(True)
        self.website_link.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.website_link.hide()
        form.addRow(_("&Website"), self._field("website", self.website_edit, self.website_link))
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setPlaceholderText(
            _("How it funds, whom to ask, what to remember for the next call")
        )
        self.notes_edit.setMinimumHeight(90)
        form.addRow(_("N&otes"), self._field("notes", self.notes_edit))
        column.addLayout(form, 1)

        row = QHBoxLayout()
        row.setSpacing(6)
        row.addStretch(1)
        self.discard_button = QPushButton(_("Revert"))
        self.discard_button.setToolTip(_("Show the saved values again, forgetting what you typed"))
        self.discard_button.setAutoDefault(False)
        self.save_button = QPushButton(_("Save"))
        self.save_button.setDefault(True)
        self.save_button.setToolTip(_("Save the funder (Enter or Ctrl+S)"))
        row.addWidget(self.discard_button)
        row.addWidget(self.save_button)
        column.addLayout(row)

    def _field(self, name: str, widget: QWidget, extra: QWidget | None = None) -> QWidget:
        """*widget* with its error line (and an optional line, such as a link) below it."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        column.addWidget(widget)
        if extra is not None:
            column.addWidget(extra)
        error = QLabel()
        error.setObjectName("FieldError")
        error.setWordWrap(True)
        error.setStyleSheet(f"color: {ERROR_COLOUR};")
        error.hide()
        column.addWidget(error)
        self.inputs[name] = widget
        self.errors[name] = error
        return box

    def fill(self, form: FunderForm) -> None:
        """Show *form* (without counting it as typing)."""
        widgets = (self.name_edit, self.kind_box, self.website_edit, self.notes_edit)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.name_edit.setText(form.name)
            self.kind_box.setCurrentIndex(max(self.kind_box.findData(form.kind), 0))
            self.website_edit.setText(form.website)
            self.notes_edit.setPlainText(form.notes)
            self.name_edit.setCursorPosition(0)  # a long name shows its beginning
            self.website_edit.setCursorPosition(0)
        finally:
            for widget in widgets:
                widget.blockSignals(False)

    def read(self) -> FunderForm:
        """The form as typed, spaces tidied."""
        return FunderForm(
            name=" ".join(self.name_edit.text().split()),
            kind=str(self.kind_box.currentData()),
            website=self.website_edit.text().strip(),
            notes=self.notes_edit.toPlainText().strip(),
        )

    def show_errors(self, problems: dict[str, str], touched: set[str]) -> None:
        """One sentence under each touched field that has a problem."""
        for name, label in self.errors.items():
            message = problems.get(name, "")
            label.setText(message)
            label.setVisible(bool(message) and name in touched)
        website = self.website_edit.text().strip()
        if website and "website" not in problems:
            link = escape(_("Open the website"))
            self.website_link.setText(f'<a href="{escape(website, quote=True)}">{link} ↗</a>')
            self.website_link.setToolTip(website)
            self.website_link.show()
        else:
            self.website_link.hide()

    def set_editable(self, editable: bool) -> None:
        for widget in self.inputs.values():
            widget.setEnabled(editable)

    def show_heading(self, title: str, row: FunderRow | None) -> None:
        """*title*, and below it the funder's kind and how many calls name it."""
        self.title.setText(title)
        if row is None:
            self.usage.setText("")
        elif row.calls:
            self.usage.setText(
                ngettext(
                    "{kind} · named by {n} call", "{kind} · named by {n} calls", row.calls
                ).format(kind=row.kind_label, n=row.calls)
            )
        else:
            self.usage.setText(_("{kind} · no call names it yet").format(kind=row.kind_label))
