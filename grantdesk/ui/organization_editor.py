"""The organization editor (new or existing organization).

Four tabs: general (name, legal form, address, themes…), identifiers and bank (codice
fiscale, partita IVA, RUNTS, IBAN in groups of four), documents on file, people. Every
problem is one sentence under its field — a wrong check digit, a codice fiscale another
organization already has (with a link to open that one) — and Save stays disabled until
there is none. Saving pushes an undoable command (see :mod:`grantdesk.ui.organization_commands`).
"""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import QSignalBlocker
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.dates import DateError, format_date, parse_date
from grantdesk.domain.identifiers import IdentifierError, check_iban, format_iban
from grantdesk.domain.territory import region_of
from grantdesk.domain.vocab import LegalForm
from grantdesk.i18n import _, current_language, ngettext
from grantdesk.services.call_editing import split_themes
from grantdesk.services.organization_editing import (
    OrganizationForm,
    duplicate_message,
    validate,
)
from grantdesk.ui.context import AppContext
from grantdesk.ui.organization_editor_tabs import OrganizationTabs
from grantdesk.ui.palette import ERROR_COLOUR, MUTED_COLOUR

log = logging.getLogger(__name__)

GENERAL, IDENTIFIERS, DOCUMENTS, PEOPLE = range(4)
_IDENTIFIER_FIELDS = {
    "codice_fiscale",
    "partita_iva",
    "runts_number",
    "runts_registered_on",
    "iban",
}


class OrganizationEditorDialog(OrganizationTabs, QDialog):
    """Create an organization (*organization_id* None) or edit one.

    When the user follows the link to an organization that already has the codice
    fiscale typed, the dialog closes with ``open_instead`` set to that one's id.
    """

    def __init__(
        self,
        context: AppContext,
        organization_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from grantdesk.services.organization_editing import load_form, theme_names

        self.context = context
        self.organization_id = organization_id
        self.command: object | None = None
        self.open_instead: int | None = None
        self._inputs: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        self._touched: set[str] = set()
        self._duplicate: tuple[int, str] | None = None
        self._checked_code = ""
        self._region_was_filled = False
        db = context.db
        assert db is not None
        if organization_id is None:
            self.original = OrganizationForm(legal_form=LegalForm.APS.value)
            self.version = 0
        else:
            self.original, self.version = load_form(db, organization_id)

        self.setObjectName("OrganizationEditorDialog")
        self.setWindowTitle(
            _("New organization") if organization_id is None else _("Edit organization")
        )
        self.setMinimumSize(760, 600)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(10)
        self.heading = QLabel(
            _("New organization")
            if organization_id is None
            else _("Edit “{name}”").format(name=self.original.name)
        )
        self.heading.setObjectName("DialogHeading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._general_tab(theme_names(db)), _("General"))
        self.tabs.addTab(self._identifiers_tab(), _("Identifiers and bank"))
        self.tabs.addTab(self._documents_tab(), _("Documents"))
        self.tabs.addTab(self._people_tab(), _("People"))
        layout.addWidget(self.tabs, 1)

        layout.addLayout(self._save_bar())

        self._fill(self.original)
        if organization_id is not None:
            self._touched = set(OrganizationForm.__dataclass_fields__)
        self._connect()
        self.refresh_errors()
        self.name_edit.setFocus()
        self.resize(860, 700)

    # -- filling and reading -------------------------------------------------------------

    def _fill(self, form: OrganizationForm) -> None:
        lang = current_language()
        self.name_edit.setText(form.name)
        self.legal_form_box.setCurrentIndex(max(0, self.legal_form_box.findData(form.legal_form)))
        texts = {
            self.cf_edit: form.codice_fiscale,
            self.piva_edit: form.partita_iva,
            self.runts_edit: form.runts_number,
            self.iban_edit: format_iban(form.iban) if form.iban else "",
            self.address_edit: form.address,
            self.postal_edit: form.postal_code,
            self.municipality_edit: form.municipality,
            self.province_edit: form.province,
            self.region_edit: form.region,
            self.neighbourhood_edit: form.neighbourhood,
            self.email_edit: form.email,
            self.phone_edit: form.phone,
            self.website_edit: form.website,
            self.themes_edit: ", ".join(form.themes),
            self.runts_date_edit: format_date(form.runts_registered_on, lang),
            self.volunteers_edit: "" if form.volunteers is None else str(form.volunteers),
            self.staff_edit: "" if form.staff is None else str(form.staff),
        }
        for edit, text in texts.items():
            edit.setText(text)
        self.notes_edit.setPlainText(form.notes)
        self.documents.set_rows(form.documents)
        self.document_buttons.update_enabled()

    def read_form(self) -> tuple[OrganizationForm, dict[str, str]]:
        """The form as typed, and the fields that could not be read (field → sentence)."""
        problems: dict[str, str] = {}
        form = OrganizationForm(
            name=self.name_edit.text().strip(),
            legal_form=str(self.legal_form_box.currentData()),
            codice_fiscale=self.cf_edit.text().strip(),
            partita_iva=self.piva_edit.text().strip(),
            runts_number=self.runts_edit.text().strip(),
            iban=self.iban_edit.text().strip(),
            address=self.address_edit.text().strip(),
            postal_code=self.postal_edit.text().strip(),
            municipality=self.municipality_edit.text().strip(),
            province=self.province_edit.text().strip().upper(),
            region=self.region_edit.text().strip(),
            neighbourhood=self.neighbourhood_edit.text().strip(),
            email=self.email_edit.text().strip(),
            phone=self.phone_edit.text().strip(),
            website=self.website_edit.text().strip(),
            themes=split_themes(self.themes_edit.text()),
            notes=self.notes_edit.toPlainText().strip(),
        )
        day = self.runts_date_edit.text().strip()
        if day:
            try:
                form.runts_registered_on = parse_date(day)
            except DateError:
                problems["runts_registered_on"] = _(
                    "Write the date as dd/mm/yyyy, like 12/05/2023."
                )
        for name, edit in (("volunteers", self.volunteers_edit), ("staff", self.staff_edit)):
            text = edit.text().strip().replace(".", "").replace(",", "")
            if not text:
                continue
            if text.lstrip("-").isdigit():
                setattr(form, name, int(text))
            else:
                problems[name] = _("Write a whole number, like 25 (or leave it empty).")
        form.documents, problem = self.documents.read()
        if problem:
            problems["documents"] = problem
        return form, problems

    # -- checking ------------------------------------------------------------------------

    def _connect(self) -> None:
        def touch(name: str) -> None:
            self._touched.add(name)
            self.refresh_errors()

        edits: dict[str, QLineEdit] = {
            "name": self.name_edit,
            "codice_fiscale": self.cf_edit,
            "partita_iva": self.piva_edit,
            "runts_number": self.runts_edit,
            "runts_registered_on": self.runts_date_edit,
            "iban": self.iban_edit,
            "address": self.address_edit,
            "postal_code": self.postal_edit,
            "municipality": self.municipality_edit,
            "province": self.province_edit,
            "region": self.region_edit,
            "neighbourhood": self.neighbourhood_edit,
            "email": self.email_edit,
            "phone": self.phone_edit,
            "website": self.website_edit,
            "themes": self.themes_edit,
            "volunteers": self.volunteers_edit,
            "staff": self.staff_edit,
        }
        for name, edit in edits.items():
            edit.textChanged.connect(lambda *_a, n=name: touch(n))
        self.legal_form_box.currentIndexChanged.connect(lambda *_a: touch("legal_form"))
        self.notes_edit.textChanged.connect(lambda: touch("notes"))
        self.documents.changed.connect(lambda: touch("documents"))
        self.province_edit.textEdited.connect(self._fill_region)
        self.region_edit.textEdited.connect(self._region_typed)
        self.iban_edit.editingFinished.connect(self._tidy_iban)
        self.open_duplicate.linkActivated.connect(self._open_duplicate)

    def _fill_region(self, text: str) -> None:
        """Typing a province fills its region, unless the user typed a region himself."""
        if self.region_edit.text().strip() and not self._region_was_filled:
            return
        region = region_of(text) or ""
        self.region_edit.setText(region)
        self._region_was_filled = bool(region)

    def _region_typed(self, _text: str) -> None:
        self._region_was_filled = False

    def _tidy_iban(self) -> None:
        try:
            compact = check_iban(self.iban_edit.text())
        except IdentifierError:
            return
        with QSignalBlocker(self.iban_edit):
            self.iban_edit.setText(format_iban(compact))

    def _check_duplicate(self, code: str) -> None:
        """Ask the database (once per code typed) whether another body has *code*."""
        from grantdesk.services.organization_editing import organization_with_codice_fiscale

        if code == self._checked_code:
            return
        self._checked_code = code
        db = self.context.db
        self._duplicate = None
        if code and db is not None:
            self._duplicate = organization_with_codice_fiscale(db, code, self.organization_id)

    def errors(self) -> dict[str, str]:
        """Every problem of the form as typed (field → sentence)."""
        form, problems = self.read_form()
        for error in validate(form, date.today()):
            problems.setdefault(error.field, error.message)
        if "codice_fiscale" not in problems:
            self._check_duplicate(form.codice_fiscale)
            if self._duplicate is not None:
                from grantdesk.domain.identifiers import check_codice_fiscale

                problems["codice_fiscale"] = duplicate_message(
                    check_codice_fiscale(form.codice_fiscale), self._duplicate[1]
                )
        else:
            self._duplicate = None
        return problems

    def refresh_errors(self) -> None:
        """Show the problems of the fields the user has touched; enable Save when none."""
        problems = self.errors()
        shown: dict[int, int] = {}
        for name, label in self._errors.items():
            message = problems.get(name, "")
            visible = bool(message) and name in self._touched
            label.setText(message)
            label.setVisible(visible)
            if visible:
                tab = self._tab_of(name)
                shown[tab] = shown.get(tab, 0) + 1
        duplicate = self._duplicate is not None and "codice_fiscale" in self._touched
        if duplicate and self._duplicate is not None:
            self.open_duplicate.setText(
                f"<a href='{self._duplicate[0]}'>{_('Open that organization')}</a>"
            )
        self.open_duplicate.setVisible(duplicate)
        bar = self.tabs.tabBar()
        for tab in range(self.tabs.count()):
            bar.setTabTextColor(tab, QColor(ERROR_COLOUR) if tab in shown else QColor())
        self.save_button.setEnabled(not problems)
        visible_count = sum(shown.values())
        if visible_count:
            elsewhere = [t for t in shown if t != self.tabs.currentIndex()]
            text = ngettext(
                "{n} field to correct before saving.",
                "{n} fields to correct before saving.",
                visible_count,
            ).format(n=visible_count)
            if elsewhere:
                text += " " + _("See the tabs in red.")
            self.summary.setStyleSheet(f"color: {ERROR_COLOUR};")
            self.summary.setText(text)
        elif problems:
            self.summary.setStyleSheet(f"color: {MUTED_COLOUR};")
            self.summary.setText(next(iter(problems.values())))
        else:
            self.summary.setText("")

    @staticmethod
    def _tab_of(name: str) -> int:
        if name == "documents":
            return DOCUMENTS
        return IDENTIFIERS if name in _IDENTIFIER_FIELDS else GENERAL

    def _open_duplicate(self, link: str) -> None:
        self.open_instead = int(link)
        self.reject()

    # -- saving --------------------------------------------------------------------------

    def save(self) -> None:
        """Push the create or edit command; close when it was saved."""
        from grantdesk.services.organization_editing import DuplicateOrganizationError
        from grantdesk.ui.organization_commands import (
            CreateOrganizationCommand,
            EditOrganizationCommand,
        )

        self._touched = set(OrganizationForm.__dataclass_fields__)
        self.refresh_errors()
        if not self.save_button.isEnabled():
            return
        form, _problems = self.read_form()
        if self.organization_id is not None and form == self.original:
            self.accept()
            return
        command: CreateOrganizationCommand | EditOrganizationCommand
        if self.organization_id is None:
            command = CreateOrganizationCommand(self.context, form, self._ignore)
        else:
            command = EditOrganizationCommand(
                self.context, self.organization_id, self.original, form, self.version, self._ignore
            )
        self.context.undo_stack.push(command)
        self.command = command
        if command.failed:
            if isinstance(command.error, DuplicateOrganizationError):
                # Saved meanwhile from another desk: show it like the live check does.
                self._checked_code = ""
                self.refresh_errors()
            self.summary.setStyleSheet(f"color: {ERROR_COLOUR};")
            self.summary.setText(command.failed)
            return
        self.context.status_message.emit(_("Organization saved."))
        self.accept()

    def _ignore(self, _message: str) -> None:
        """The dialog shows a refused save itself (it stays open with the user's input)."""
