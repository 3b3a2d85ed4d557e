"""The two halves of an organization's contacts: the table and the form (layout only).

The behaviour lives in :class:`grantdesk.ui.people_panel.PeoplePanel`. An organization has
a handful of contacts (rarely more than twenty), so they are read at once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
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

from grantdesk.domain.dates import DateError, format_date, parse_date
from grantdesk.i18n import _, current_language
from grantdesk.services.people import PersonForm, PersonRow
from grantdesk.ui import icons
from grantdesk.ui.palette import ERROR_COLOUR, MUTED_COLOUR

Index = QModelIndex | QPersistentModelIndex


class PeopleTableModel(QAbstractTableModel):
    """An organization's contacts: name, role, e-mail, phone, consent date."""

    NAME, ROLE, EMAIL, PHONE, CONSENT = range(5)
    IdRole = Qt.ItemDataRole.UserRole + 1
    _HEADINGS = ("Name", "Role", "E-mail", "Phone", "Consent")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PersonRow] = []

    def set_rows(self, rows: list[PersonRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[PersonRow]:
        return list(self._rows)

    def person_at(self, row: int) -> PersonRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_for_id(self, person_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == person_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.CONSENT:
                return format_date(row.consent_on, current_language()) if row.consent_on else "—"
            return (row.full_name, row.role, row.email, row.phone)[column]
        if role == self.IdRole:
            return row.id
        if role == Qt.ItemDataRole.ForegroundRole and column != self.NAME:
            return QColor(MUTED_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.CONSENT:
                if row.consent_on is None:
                    return _("No consent recorded")
                return row.consent_purpose
            return (row.full_name, row.role, row.email, row.phone)[column] or None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < 5:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (_("Name"), _("Role"), _("E-mail"), _("Phone"), _("Consent"))[section]
        return None


class PeopleListPane(QWidget):
    """The contacts table and New / Delete / Export data… / Erase…."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self.model = PeopleTableModel(self)
        self.table = table = QTableView()
        table.setObjectName("PeopleTable")
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
        table.verticalHeader().setDefaultSectionSize(28)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(PeopleTableModel.EMAIL, QHeaderView.ResizeMode.Stretch)
        for section in (PeopleTableModel.PHONE, PeopleTableModel.CONSENT):
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(PeopleTableModel.NAME, 200)
        header.resizeSection(PeopleTableModel.ROLE, 160)
        column.addWidget(table, 1)

        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        self.new_button = QPushButton(icons.icon("new"), _("New contact"))
        self.new_button.setToolTip(_("Add a contact of this organization (Ctrl+N)"))
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.setToolTip(_("Remove the contact from the list (Ctrl+Z brings it back)"))
        self.export_button = QPushButton(_("Export data…"))
        self.export_button.setToolTip(
            _("Save everything held on this person to a JSON file (for an access request)")
        )
        self.erase_button = QPushButton(_("Erase…"))
        self.erase_button.setObjectName("EraseButton")
        self.erase_button.setToolTip(
            _("Destroy this person's data everywhere, for good (right to erasure)")
        )
        for button in (self.new_button, self.delete_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.export_button, self.erase_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        column.addLayout(buttons)


class PersonFormPane(QWidget):
    """A heading and the contact's fields, each with its error line; Discard and Save."""

    FIELDS = (
        "first_name",
        "last_name",
        "role",
        "email",
        "phone",
        "consent_on",
        "consent_purpose",
        "notes",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PersonForm")
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 4, 0, 0)
        column.setSpacing(6)
        self.title = QLabel()
        self.title.setObjectName("DetailTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        column.addWidget(self.title)

        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.first_name_edit = QLineEdit()
        self.last_name_edit = QLineEdit()
        self.role_edit = QLineEdit()
        self.role_edit.setPlaceholderText(_("e.g. President, project officer"))
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText(_("name@example.it"))
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText("+39 …")
        self.consent_edit = QLineEdit()
        self.consent_edit.setPlaceholderText(_("dd/mm/yyyy"))
        self.consent_edit.setMaximumWidth(130)
        self.purpose_edit = QLineEdit()
        self.purpose_edit.setPlaceholderText(_("What they agreed to be contacted for"))
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(54)
        self.notes_edit.setPlaceholderText(_("Only what the work needs: no sensitive data"))
        rows = (
            ((_("First &name"), "first_name", self.first_name_edit),
             (_("&Last name"), "last_name", self.last_name_edit)),
            ((_("&Role"), "role", self.role_edit), None),
            ((_("&E-mail"), "email", self.email_edit), (_("&Phone"), "phone", self.phone_edit)),
            ((_("&Consent on"), "consent_on", self.consent_edit),
             (_("P&urpose"), "consent_purpose", self.purpose_edit)),
        )  # fmt: skip
        for number, (left, right) in enumerate(rows):
            self._place(grid, number, 0, *left, span=3 if right is None else 1)
            if right is not None:
                self._place(grid, number, 2, *right)
        self._place(grid, len(rows), 0, _("N&otes"), "notes", self.notes_edit, span=3)
        column.addLayout(grid)
        why = _("The date and purpose of the consent are what allows keeping these data.")
        self.consent_edit.setToolTip(why)
        self.purpose_edit.setToolTip(why)

        row = QHBoxLayout()
        row.setSpacing(6)
        self.activity = QLabel()
        self.activity.setStyleSheet(f"color: {MUTED_COLOUR};")
        row.addWidget(self.activity, 1)
        self.discard_button = QPushButton(_("Discard changes"))
        self.save_button = QPushButton(_("Save contact"))
        self.save_button.setToolTip(_("Save the contact (Enter or Ctrl+S)"))
        for button in (self.discard_button, self.save_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        column.addLayout(row)

    def _place(
        self, grid: QGridLayout, row: int, col: int, label: str, name: str, widget: QWidget,
        span: int = 1,
    ) -> None:  # fmt: skip
        caption = QLabel(label)
        caption.setBuddy(widget)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(2)
        inner.addWidget(widget)
        error = QLabel()
        error.setObjectName("FieldError")
        error.setWordWrap(True)
        error.setStyleSheet(f"color: {ERROR_COLOUR};")
        error.hide()
        inner.addWidget(error)
        inner.addStretch(1)  # the field stays at the top when a neighbour's error grows the row
        grid.addWidget(caption, row, col, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(box, row, col + 1, 1, span)
        caption.setContentsMargins(0, 4, 0, 0)
        self.inputs[name] = widget
        self.errors[name] = error

    def fill(self, form: PersonForm) -> None:
        """Show *form* (without counting it as typing)."""
        for widget in self.inputs.values():
            widget.blockSignals(True)
        try:
            self.first_name_edit.setText(form.first_name)
            self.last_name_edit.setText(form.last_name)
            self.role_edit.setText(form.role)
            self.email_edit.setText(form.email)
            self.phone_edit.setText(form.phone)
            self.consent_edit.setText(format_date(form.consent_on, current_language()))
            self.purpose_edit.setText(form.consent_purpose)
            self.notes_edit.setPlainText(form.notes)
            for widget in self.inputs.values():
                if isinstance(widget, QLineEdit):
                    widget.setCursorPosition(0)  # show the start of a long value
        finally:
            for widget in self.inputs.values():
                widget.blockSignals(False)

    def consent_day(self) -> tuple[date | None, str]:
        """The consent date typed, and the sentence saying why it is not a date ("" if it is)."""
        text = self.consent_edit.text().strip()
        if not text:
            return None, ""
        try:
            return parse_date(text), ""
        except DateError:
            return None, _("Write the date as dd/mm/yyyy, like 12/05/2023.")

    def read(self, organization_id: int | None) -> PersonForm:
        """The form as typed, spaces tidied."""
        return PersonForm(
            first_name=" ".join(self.first_name_edit.text().split()),
            last_name=" ".join(self.last_name_edit.text().split()),
            role=" ".join(self.role_edit.text().split()),
            email=self.email_edit.text().strip(),
            phone=" ".join(self.phone_edit.text().split()),
            consent_on=self.consent_day()[0],
            consent_purpose=" ".join(self.purpose_edit.text().split()),
            notes=self.notes_edit.toPlainText().strip(),
            organization_id=organization_id,
        )

    def show_errors(self, problems: dict[str, str], touched: set[str]) -> None:
        """One sentence under each touched field that has a problem."""
        for name, label in self.errors.items():
            message = problems.get(name, "")
            label.setText(message)
            label.setVisible(bool(message) and name in touched)

    def set_editable(self, editable: bool) -> None:
        for widget in self.inputs.values():
            widget.setEnabled(editable)
