"""The organization editor's tabs: general, identifiers and bank, documents, people.

:class:`OrganizationTabs` is mixed into
:class:`grantdesk.ui.organization_editor.OrganizationEditorDialog`: each field is
registered under its :class:`~grantdesk.services.organization_editing.OrganizationForm`
name with an error line below it (see :class:`grantdesk.ui.call_editor_tabs.EditorTabs`).
"""

from __future__ import annotations

import importlib.util

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.vocab import LegalForm
from grantdesk.i18n import _
from grantdesk.ui.call_editor_tabs import EditorTabs
from grantdesk.ui.context import AppContext
from grantdesk.ui.documents_table import DocumentButtons, DocumentsTable
from grantdesk.ui.palette import MUTED_COLOUR

NARROW = 110  # postal code, province, head counts: the width of a few characters
CODE_WIDTH = 300  # tax codes, RUNTS number


class ThemeCompleter(QCompleter):
    """Completes the theme being typed after the last comma, keeping those before it."""

    def __init__(self, themes: list[str], edit: QLineEdit) -> None:
        super().__init__(themes, edit)
        self.edit = edit
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)

    def splitPath(self, path: str) -> list[str]:
        return [path.split(",")[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        chosen = str(index.data())
        before = self.edit.text().rsplit(",", 1)
        kept = before[0].strip() + ", " if len(before) == 2 else ""
        return f"{kept}{chosen}, "


def legal_form_text(form: LegalForm) -> str:
    """A legal form with its RUNTS section, as the editor's list shows it."""
    section = form.runts_section
    return f"{form.label} ({_('RUNTS section')} {section})" if section else form.label


def _pair(
    left: QWidget, label_text: str, right: QWidget, buddy: QWidget, narrow: bool = False
) -> tuple[QWidget, QLabel]:
    """Two fields on one row: *left* (only as wide as it needs when *narrow*), then a
    label and *right*, the label level with the boxes. Returns the row and the label."""
    pair = QWidget()
    row = QHBoxLayout(pair)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(14)
    row.addWidget(left, 0 if narrow else 1)
    label = QLabel(label_text)
    label.setBuddy(buddy)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    lift = max(0, buddy.sizeHint().height() - label.sizeHint().height())
    label.setContentsMargins(0, lift // 2, 0, 0)
    row.addWidget(label, 0, Qt.AlignmentFlag.AlignTop)
    row.addWidget(right, 1)
    return pair, label


def _same_width(*labels: QLabel) -> None:
    """Give the labels in the middle of paired rows one width, so their fields line up."""
    width = max(label.sizeHint().width() for label in labels)
    for label in labels:
        label.setFixedWidth(width)


def _pad_labels(form: QFormLayout) -> None:
    """Two pixels more for each label: a word ending in a round letter ("Telefono") was
    clipped by a pixel in the label's own size hint."""
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item is not None else None
        if isinstance(label, QLabel):
            label.setMinimumWidth(label.sizeHint().width() + 2)


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 8, 0, 0)
    return label


def _muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {MUTED_COLOUR};")
    return label


class OrganizationTabs(EditorTabs):
    """Builds the editor's four tabs and keeps their widgets as attributes."""

    context: AppContext
    organization_id: int | None

    def _general_tab(self, themes: list[str]) -> QWidget:
        page = QWidget()
        form = self._form_layout(page)
        form.setContentsMargins(16, 16, 16, 12)

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(_("The name as in the statute"))
        form.addRow(_("&Name"), self._field("name", self.name_edit))

        self.legal_form_box = QComboBox()
        for legal_form in LegalForm:
            if legal_form is LegalForm.MUNICIPALITY:
                self.legal_form_box.insertSeparator(self.legal_form_box.count())
            self.legal_form_box.addItem(legal_form_text(legal_form), legal_form.value)
        form.addRow(_("&Legal form"), self._field("legal_form", self.legal_form_box))

        self.address_edit = QLineEdit()
        self.address_edit.setPlaceholderText(_("Street and number, e.g. Via Roma 12"))
        form.addRow(_("&Address"), self._field("address", self.address_edit))
        self.postal_edit = QLineEdit()
        self.postal_edit.setPlaceholderText("27029")
        self.postal_edit.setFixedWidth(NARROW)
        self.municipality_edit = QLineEdit()
        postal_label = QLabel(_("Postal &code"))
        postal_label.setBuddy(self.postal_edit)
        postal_row, municipality_label = _pair(
            self._field("postal_code", self.postal_edit),
            _("M&unicipality"),
            self._field("municipality", self.municipality_edit),
            self.municipality_edit,
            narrow=True,
        )
        form.addRow(postal_label, postal_row)
        self.province_edit = QLineEdit()
        self.province_edit.setPlaceholderText("PV")
        self.province_edit.setMaxLength(2)
        self.province_edit.setFixedWidth(NARROW)
        self.region_edit = QLineEdit()
        self.region_edit.setPlaceholderText(_("Filled in from the province"))
        province_label = QLabel(_("&Province"))
        province_label.setBuddy(self.province_edit)
        province_row, region_label = _pair(
            self._field("province", self.province_edit),
            _("Re&gion"),
            self._field("region", self.region_edit),
            self.region_edit,
            narrow=True,
        )
        form.addRow(province_label, province_row)
        self.neighbourhood_edit = QLineEdit()
        self.neighbourhood_edit.setPlaceholderText(_("e.g. Barona, Borgo San Siro"))
        form.addRow(_("Neigh&bourhood"), self._field("neighbourhood", self.neighbourhood_edit))

        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText("info@example.it")
        form.addRow(_("&E-mail"), self._field("email", self.email_edit))
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText("0381 123456")
        self.phone_edit.setMaximumWidth(240)
        form.addRow(_("Ph&one"), self._field("phone", self.phone_edit))
        self.website_edit = QLineEdit()
        self.website_edit.setPlaceholderText("www.example.it")
        form.addRow(_("&Website"), self._field("website", self.website_edit))

        self.themes_edit = QLineEdit()
        self.themes_edit.setPlaceholderText(_("Separated by commas: anziani, giovani, povertà"))
        self.themes_edit.setCompleter(ThemeCompleter(themes, self.themes_edit))
        form.addRow(
            _("T&hemes"),
            self._field("themes", self.themes_edit, _("The same list of themes the calls use.")),
        )
        self.volunteers_edit = self._count_edit()
        self.staff_edit = self._count_edit()
        volunteers_label = QLabel(_("&Volunteers"))
        volunteers_label.setBuddy(self.volunteers_edit)
        people_row, staff_label = _pair(
            self._field("volunteers", self.volunteers_edit),
            _("Paid s&taff"),
            self._field("staff", self.staff_edit),
            self.staff_edit,
            narrow=True,
        )
        people_row.layout().addStretch(2)  # type: ignore[union-attr]
        form.addRow(volunteers_label, people_row)
        _same_width(municipality_label, region_label, staff_label)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setPlaceholderText(_("What is worth knowing when working with them"))
        self.notes_edit.setMinimumHeight(60)
        form.addRow(_("Note&s"), self._field("notes", self.notes_edit))
        _pad_labels(form)
        return page

    @staticmethod
    def _count_edit() -> QLineEdit:
        edit = QLineEdit()
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        edit.setFixedWidth(NARROW)
        edit.setPlaceholderText(_("not known"))
        return edit

    def _identifiers_tab(self) -> QWidget:
        page = QWidget()
        form = self._form_layout(page)
        form.setContentsMargins(16, 8, 16, 12)

        form.addRow(_heading(_("Tax codes")))
        self.cf_edit = QLineEdit()
        self.cf_edit.setPlaceholderText(_("11 digits (16 characters for a person)"))
        self.cf_edit.setMaximumWidth(CODE_WIDTH)
        cf_field = self._field("codice_fiscale", self.cf_edit)
        self.open_duplicate = QLabel()
        self.open_duplicate.setObjectName("OpenDuplicate")
        self.open_duplicate.setTextFormat(Qt.TextFormat.RichText)
        self.open_duplicate.hide()
        cf_column = cf_field.layout()
        assert isinstance(cf_column, QVBoxLayout)
        cf_column.addWidget(self.open_duplicate)
        form.addRow(_("Codice &fiscale"), cf_field)
        self.piva_edit = QLineEdit()
        self.piva_edit.setPlaceholderText(_("11 digits, only if the body has one"))
        self.piva_edit.setMaximumWidth(CODE_WIDTH)
        form.addRow(_("&Partita IVA"), self._field("partita_iva", self.piva_edit))

        form.addRow(_heading(_("RUNTS – national register of the third sector")))
        self.runts_edit = QLineEdit()
        self.runts_edit.setPlaceholderText(_("Registration number (repertorio)"))
        self.runts_edit.setMaximumWidth(CODE_WIDTH)
        form.addRow(_("&Number"), self._field("runts_number", self.runts_edit))
        self.runts_date_edit = QLineEdit()
        self.runts_date_edit.setPlaceholderText(_("dd/mm/yyyy"))
        self.runts_date_edit.setMaximumWidth(140)
        form.addRow(
            _("&Registered on"),
            self._field(
                "runts_registered_on",
                self.runts_date_edit,
                _("Only bodies in RUNTS sections a–g are registered."),
            ),
        )

        form.addRow(_heading(_("Bank")))
        self.iban_edit = QLineEdit()
        self.iban_edit.setPlaceholderText("IT60 X054 2811 1010 0000 0123 456")
        self.iban_edit.setMaximumWidth(CODE_WIDTH + 120)
        form.addRow(
            _("&IBAN"),
            self._field("iban", self.iban_edit, _("Where a grant would be paid.")),
        )
        _pad_labels(form)
        return page

    def _documents_tab(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(16, 16, 16, 12)
        column.setSpacing(8)
        column.addWidget(
            _muted(
                _(
                    "The papers calls ask for: statute, last approved accounts, volunteers' "
                    "insurance, DURC, the legal representative's ID. A paper expiring within "
                    "30 days is flagged in the list, on Home and when the organization joins "
                    "a proposal."
                )
            )
        )
        self.documents = DocumentsTable()
        column.addWidget(self._field("documents", self.documents), 1)
        self.document_buttons = DocumentButtons(self.documents)
        column.addWidget(self.document_buttons)
        return page

    def _people_tab(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(16, 16, 16, 12)
        if self.organization_id is None:
            column.addWidget(_muted(_("People can be added once the organization is saved.")))
            column.addStretch(1)
            return page
        if importlib.util.find_spec("grantdesk.ui.people_panel") is not None:
            from grantdesk.ui.people_panel import PeoplePanel

            # >>> PeoplePanel is created here (grantdesk.ui.people_panel) <<<
            column.addWidget(PeoplePanel(self.context, self.organization_id, page))
            return page
        column.addWidget(_muted(_("The organization's contacts are shown in its details.")))
        column.addStretch(1)
        return page
