"""The call editor's field helpers and its tabs other than “General”.

:class:`EditorTabs` is mixed into :class:`grantdesk.ui.call_editor.CallEditorDialog`:
each field is registered under its :class:`~grantdesk.services.call_editing.CallForm`
name with an error line below it, which the dialog fills while the user types.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.money import MoneyError, format_eur
from grantdesk.domain.vocab import LegalForm
from grantdesk.i18n import _, current_language
from grantdesk.services.call_editing import (
    AMOUNT_FIELDS,
    PERCENT_FIELDS,
    parse_money,
    parse_percent,
    show_percent,
)
from grantdesk.ui.attachments_table import AttachmentButtons, AttachmentsTable
from grantdesk.ui.caps_table import CapButtons, CapsTable
from grantdesk.ui.deadlines_table import DeadlineButtons, DeadlinesTable
from grantdesk.ui.palette import MUTED_COLOUR, field_box


class EditorTabs:
    """Field helpers and the rules, caps, deadlines and attachments tabs of the call editor."""

    _inputs: dict[str, QWidget]
    _errors: dict[str, QLabel]
    save: Callable[[], None]
    reject: Callable[[], None]

    def _save_bar(self) -> QHBoxLayout:
        """The editor's bottom row: the summary of what is wrong, then Save and Cancel."""
        bottom = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("EditorSummary")
        self.summary.setWordWrap(True)
        bottom.addWidget(self.summary, 1)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(
            _("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        bottom.addWidget(self.buttons)
        return bottom

    def _field(self, name: str, widget: QWidget, hint: str = "") -> QWidget:
        """*widget* with its error line (and an optional grey hint) below it."""
        box, error = field_box(widget, hint)
        self._inputs[name] = widget
        self._errors[name] = error
        return box

    @staticmethod
    def _form_layout(parent: QWidget | None = None) -> QFormLayout:
        form = QFormLayout(parent)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        return form

    def _amount(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText("€ 0,00" if current_language() == "it" else "€0.00")
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        edit.setMinimumWidth(140)
        edit.editingFinished.connect(lambda: self._tidy_amount(edit))
        edit.setObjectName(name)
        return edit

    def _percent(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText("%")
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        edit.setMaximumWidth(110)
        edit.editingFinished.connect(lambda: self._tidy_percent(edit))
        edit.setObjectName(name)
        return edit

    def _count(self, suffix: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(0, 999)
        spin.setSpecialValueText(_("no rule"))
        spin.setSuffix(suffix)
        spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        spin.setMinimumWidth(120)
        return spin

    def _rules_tab(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setContentsMargins(16, 16, 16, 12)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(12)

        money = QGroupBox(_("Amounts"))
        money_form = self._form_layout(money)
        self.amount_edits = {name: self._amount(name) for name in AMOUNT_FIELDS}
        labels = {
            "min_grant": _("Minimum grant"),
            "max_grant": _("Maximum grant"),
            "min_total_cost": _("Minimum total cost"),
            "max_total_cost": _("Maximum total cost"),
        }
        for name, edit in self.amount_edits.items():
            money_form.addRow(labels[name], self._field(name, edit))
        grid.addWidget(money, 0, 0)

        shares = QGroupBox(_("Shares"))
        shares_form = self._form_layout(shares)
        self.percent_edits = {name: self._percent(name) for name in PERCENT_FIELDS}
        percent_labels = {
            "min_cofinancing_pct": _("Minimum co-financing"),
            "max_grant_pct": _("Maximum grant share"),
            "overhead_cap_pct": _("Overheads cap"),
        }
        for name, edit in self.percent_edits.items():
            shares_form.addRow(percent_labels[name], self._field(name, edit))
        grid.addWidget(shares, 1, 0)

        volunteers = QGroupBox(_("Volunteer time"))
        volunteer_form = self._form_layout(volunteers)
        self.volunteer_box = QComboBox()
        self.volunteer_box.addItem(_("The call does not say"), None)
        self.volunteer_box.addItem(_("Allowed as co-financing"), True)
        self.volunteer_box.addItem(_("Not allowed"), False)
        volunteer_form.addRow(
            _("Volunteer time"), self._field("volunteer_time_allowed", self.volunteer_box)
        )
        self.hourly_edit = self._amount("volunteer_hourly_value")
        volunteer_form.addRow(
            _("Value per hour"), self._field("volunteer_hourly_value", self.hourly_edit)
        )
        grid.addWidget(volunteers, 2, 0)

        partnership = QGroupBox(_("Partnership and duration"))
        partnership_form = self._form_layout(partnership)
        self.count_spins = {
            "min_partners": self._count(""),
            "min_third_sector_partners": self._count(""),
            "min_duration_months": self._count(_(" months")),
            "max_duration_months": self._count(_(" months")),
        }
        count_labels = {
            "min_partners": _("Minimum partners"),
            "min_third_sector_partners": _("of which third sector"),
            "min_duration_months": _("Minimum duration"),
            "max_duration_months": _("Maximum duration"),
        }
        for name, spin in self.count_spins.items():
            partnership_form.addRow(count_labels[name], self._field(name, spin))
        grid.addWidget(partnership, 0, 1)

        eligible = QGroupBox(_("Eligible applicants"))
        eligible_column = QVBoxLayout(eligible)
        self.forms_list = QListWidget()
        self.forms_list.setObjectName("EligibleForms")
        self.forms_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.forms_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        for legal_form in LegalForm:
            item = QListWidgetItem(legal_form.label)
            item.setToolTip(legal_form.label)
            item.setData(Qt.ItemDataRole.UserRole, legal_form.value)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.forms_list.addItem(item)
        eligible_column.addWidget(
            self._field(
                "eligible_forms",
                self.forms_list,
                _("Tick none when anyone may apply. Space ticks the selected line."),
            )
        )
        grid.addWidget(eligible, 1, 1, 2, 1)
        grid.setColumnStretch(0, 4)
        grid.setColumnStretch(1, 5)
        grid.setRowStretch(3, 1)
        return page

    def _caps_tab(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(16, 16, 16, 12)
        column.setSpacing(8)
        intro = QLabel(
            _(
                "Limits the call puts on single cost categories, as a share of the total "
                "cost, an amount or both (the overheads cap is on the previous tab). "
                "The budget check uses them."
            )
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(f"color: {MUTED_COLOUR};")
        column.addWidget(intro)
        self.caps = CapsTable()
        column.addWidget(self._field("caps", self.caps), 1)
        self.cap_buttons = CapButtons(self.caps)
        column.addWidget(self.cap_buttons)
        return page

    def _deadlines_tab(self, owners: list[str]) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(16, 16, 16, 12)
        column.setSpacing(8)
        intro = QLabel(
            _(
                "Every date of the call, in Italian time: pre-application, application, "
                "reports, payment claims and your own internal reviews. Reminders are the "
                "days before the date when GrantDesk warns you."
            )
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(f"color: {MUTED_COLOUR};")
        column.addWidget(intro)
        self.deadlines = DeadlinesTable(owners)
        column.addWidget(self._field("deadlines", self.deadlines), 1)
        self.deadline_buttons = DeadlineButtons(self.deadlines)
        column.addWidget(self.deadline_buttons)
        return page

    def _attachments_tab(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(16, 16, 16, 12)
        column.setSpacing(8)
        intro = QLabel(
            _(
                "The documents the call asks for with the application. "
                "Untick “Mandatory” for those it only recommends."
            )
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(f"color: {MUTED_COLOUR};")
        column.addWidget(intro)
        self.attachments = AttachmentsTable()
        column.addWidget(self._field("attachments", self.attachments), 1)
        buttons = self.attachment_buttons = AttachmentButtons(self.attachments)
        self.add_attachment, self.remove_attachment = buttons.add, buttons.remove
        self.up_attachment, self.down_attachment = buttons.up, buttons.down
        column.addWidget(buttons)
        return page

    def _tidy_amount(self, edit: QLineEdit) -> None:
        try:
            value = parse_money(edit.text())
        except MoneyError:
            return
        with QSignalBlocker(edit):
            edit.setText(format_eur(value, current_language()))

    def _tidy_percent(self, edit: QLineEdit) -> None:
        try:
            value = parse_percent(edit.text())
        except ValueError:
            return
        with QSignalBlocker(edit):
            edit.setText(show_percent(value))
