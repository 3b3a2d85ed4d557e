"""The Partners tab: the lead (capofila) and the partners with their roles and papers.

Organizations come from the register through a searchable picker that shows, before
adding, the papers the call requires that a body lacks; the same warnings stay on each
row in red. Roles are edited in place; every change is one undoable step.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from grantdesk.i18n import _
from grantdesk.services.proposal_partnership import PartnerEntry, Partnership, with_lead
from grantdesk.ui.commands import _short
from grantdesk.ui.palette import ERROR_COLOUR, MUTED_COLOUR
from grantdesk.ui.proposal_editor_tabs import EditorHost, error_line, intro, show_error
from grantdesk.ui.proposal_tables import fit_rows

if TYPE_CHECKING:
    from grantdesk.services.proposal_parts import ProposalParts

NAME, ROLE, FORM, PLACE, PAPERS = range(5)
POSITIVE = "#23804a"
_ID = Qt.ItemDataRole.UserRole


class PartnersTab(QWidget):
    """The lead and partners of the proposal (see the module's notes)."""

    def __init__(self, host: EditorHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.parts: ProposalParts | None = None
        self.warnings: dict[int, str] = {}
        self._warnings_key: tuple[object, ...] = ()
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 16, 16, 12)
        column.setSpacing(8)
        column.addWidget(
            intro(
                _(
                    "The lead (capofila) signs the application and receives the grant; the "
                    "partners share the activities and the budget. Papers the call requires "
                    "that a body lacks, or holds expired, are shown in red."
                )
            )
        )
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("PartnersTable")
        self.table.setHorizontalHeaderLabels(
            [
                _("Organization"),
                _("Role"),
                _("Legal form"),
                _("Municipality"),
                _("Papers for this call"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ROLE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(FORM, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(PLACE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(PAPERS, QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.setColumnWidth(ROLE, 170)
        self.table.setColumnWidth(FORM, 160)
        self.table.setColumnWidth(PLACE, 110)
        self.table.setColumnWidth(PAPERS, 300)
        self.table.verticalHeader().setMinimumSectionSize(30)
        fit_rows(self.table)
        self.table.itemChanged.connect(self._item_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        column.addWidget(self.table, 1)
        self.empty = QLabel(_("No lead and no partners yet: add them from the register."))
        self.empty.setObjectName("PartnersEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(f"color: {MUTED_COLOUR}; padding: 24px;")
        column.addWidget(self.empty, 1)
        self.message = QLabel()
        self.message.setObjectName("PartnersMessage")
        self.message.setWordWrap(True)
        column.addWidget(self.message)
        self.error = error_line()
        column.addWidget(self.error)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("Add partner…"))
        self.add_button.setObjectName("AddPartnerButton")
        self.lead_button = QPushButton(_("Choose the lead…"))
        self.make_lead_button = QPushButton(_("Make lead"))
        self.remove_button = QPushButton(_("Remove"))
        for button in (
            self.add_button,
            self.lead_button,
            self.make_lead_button,
            self.remove_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        self.add_button.clicked.connect(self.add_partner)
        self.lead_button.clicked.connect(self.choose_lead)
        self.make_lead_button.clicked.connect(self.make_lead)
        self.remove_button.clicked.connect(self.remove_selected)

    # -- showing ------------------------------------------------------------------------

    def show_parts(self, parts: ProposalParts) -> None:
        self.parts = parts
        key = (parts.call_id, tuple(m.organization_id for m in parts.members))
        if key != self._warnings_key and self.host.context.db is not None:
            from grantdesk.services.proposal_partnership import member_warnings

            self.warnings = member_warnings(
                self.host.context.db, parts.proposal_id, self.host.today()
            )
            self._warnings_key = key
        keep = self.selected_id()
        self.table.blockSignals(True)
        self.table.setRowCount(len(parts.members))
        for row, member in enumerate(parts.members):
            name = QTableWidgetItem(member.name)
            name.setData(_ID, member.organization_id)
            name.setToolTip(member.name)
            role = QTableWidgetItem(_("Lead (capofila)") if member.lead else member.role)
            if member.lead:
                bold = QFont(self.table.font())
                bold.setBold(True)
                name.setFont(bold)
                role.setFont(bold)
            form = QTableWidgetItem(member.legal_form.label)
            form.setToolTip(member.legal_form.label)
            place = QTableWidgetItem(member.municipality)
            papers = self._papers_item(member.organization_id, parts.call_id)
            for column, item in enumerate((name, role, form, place, papers)):
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if column == ROLE and not member.lead:
                    flags |= Qt.ItemFlag.ItemIsEditable
                item.setFlags(flags)
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()  # again once shown (fit_rows)
        self.table.setVisible(bool(parts.members))
        self.empty.setVisible(not parts.members)
        has_lead = any(m.lead for m in parts.members)
        self.lead_button.setText(_("Change the lead…") if has_lead else _("Choose the lead…"))
        self.select(keep)
        self._update_buttons()

    def _papers_item(self, organization_id: int, call_id: int | None) -> QTableWidgetItem:
        found = self.warnings.get(organization_id, "")
        if call_id is None:
            item = QTableWidgetItem(_("Choose a call to check the papers."))
            item.setForeground(QColor(MUTED_COLOUR))
        elif found:
            item = QTableWidgetItem(f"⚠ {found}")
            item.setForeground(QColor(ERROR_COLOUR))
        else:
            item = QTableWidgetItem(_("✓ Every paper the call asks for is on file."))
            item.setForeground(QColor(POSITIVE))
        item.setToolTip(item.text())
        return item

    def selected_id(self) -> int | None:
        row = self.table.currentRow()
        item = self.table.item(row, NAME) if row >= 0 else None
        value = item.data(_ID) if item is not None else None
        return value if isinstance(value, int) else None

    def select(self, organization_id: int | None) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, NAME)
            if item is not None and item.data(_ID) == organization_id:
                self.table.setCurrentCell(row, NAME)
                return

    def _update_buttons(self) -> None:
        chosen = self.selected_id()
        partnership = self._partnership()
        is_partner = (
            chosen is not None and partnership is not None and chosen != partnership.lead_id
        )
        self.make_lead_button.setEnabled(is_partner)
        self.remove_button.setEnabled(chosen is not None)

    # -- changing -----------------------------------------------------------------------

    def _partnership(self) -> Partnership | None:
        if self.parts is None:
            return None
        lead = next((m.organization_id for m in self.parts.members if m.lead), None)
        partners = tuple(
            PartnerEntry(m.organization_id, m.role) for m in self.parts.members if not m.lead
        )
        return Partnership(lead, partners)

    def _name(self, organization_id: int) -> str:
        assert self.parts is not None
        return next(
            (m.name for m in self.parts.members if m.organization_id == organization_id), ""
        )

    def _push(self, new: Partnership, text: str) -> bool:
        old = self._partnership()
        assert old is not None
        failed = self.host.push_part("partners", old, new, text)
        show_error(self.error, failed)
        return not failed

    def add_partner(self) -> None:
        from grantdesk.ui.proposal_pickers import OrganizationPickerDialog

        current = self._partnership()
        if current is None or self.parts is None:
            return
        dialog = OrganizationPickerDialog(
            self.host.context,
            self.parts.call_id,
            list(current.member_ids),
            self.host.today(),
            parent=self,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
            return
        chosen = dialog.chosen()
        assert chosen is not None
        self.add(chosen, dialog.role())

    def add(self, organization_id: int, role: str = "") -> bool:
        """Add *organization_id* as a partner (as the lead while there is none); say which
        papers the call requires that it lacks."""
        from grantdesk.services.eligibility import organization_name
        from grantdesk.services.proposal_partnership import document_summary

        current = self._partnership()
        db = self.host.context.db
        if current is None or self.parts is None or db is None:
            return False
        name = organization_name(db, organization_id) or ""
        if current.lead_id is None:
            new = Partnership(organization_id, current.partners)
            text = _("make “{name}” the lead").format(name=_short(name))
        else:
            new = replace(
                current, partners=(*current.partners, PartnerEntry(organization_id, role))
            )
            text = _("add partner “{name}”").format(name=_short(name))
        if not self._push(new, text):
            return False
        found = document_summary(db, organization_id, self.parts.call_id, self.host.today())
        if found:
            self.message.setStyleSheet(f"color: {ERROR_COLOUR};")
            self.message.setText(
                _("“{name}” added. Papers for this call — {problems}").format(
                    name=name, problems=found
                )
            )
        else:
            self.message.setStyleSheet(f"color: {MUTED_COLOUR};")
            self.message.setText(_("“{name}” added.").format(name=name))
        self.select(organization_id)
        return True

    def choose_lead(self) -> None:
        from grantdesk.ui.proposal_pickers import OrganizationPickerDialog

        current = self._partnership()
        if current is None or self.parts is None:
            return
        exclude = [current.lead_id] if current.lead_id is not None else []
        dialog = OrganizationPickerDialog(
            self.host.context,
            self.parts.call_id,
            exclude,
            self.host.today(),
            lead=True,
            parent=self,
        )
        chosen = dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
        if chosen is not None:
            self.set_lead(chosen)

    def make_lead(self) -> None:
        chosen = self.selected_id()
        if chosen is not None:
            self.set_lead(chosen)

    def set_lead(self, organization_id: int) -> bool:
        """Make *organization_id* the lead; the previous lead stays on as a partner."""
        from grantdesk.services.eligibility import organization_name

        current = self._partnership()
        db = self.host.context.db
        if current is None or db is None:
            return False
        name = organization_name(db, organization_id) or ""
        self.message.setText("")
        done = self._push(
            with_lead(current, organization_id),
            _("make “{name}” the lead").format(name=_short(name)),
        )
        if done:
            self.select(organization_id)
        return done

    def remove_selected(self) -> None:
        chosen = self.selected_id()
        if chosen is not None:
            self.remove(chosen, confirm=True)

    def remove(self, organization_id: int, confirm: bool = False) -> bool:
        """Take the organization out (asking first when *confirm*)."""
        from grantdesk.services.proposal_partnership import partner_usage

        current = self._partnership()
        db = self.host.context.db
        if current is None or self.parts is None or db is None:
            return False
        name = self._name(organization_id)
        if confirm:
            usage = partner_usage(db, self.parts.proposal_id, organization_id)
            details = [_("You can bring it back with Edit › Undo.")]
            if usage.activities or usage.budget_lines:
                details.insert(
                    0,
                    _(
                        "Its activities ({activities}) and budget lines ({lines}) keep naming it."
                    ).format(activities=usage.activities, lines=usage.budget_lines),
                )
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Icon.Question)
            box.setWindowTitle(_("Remove from the proposal"))
            box.setText(_("Remove “{name}” from the proposal?").format(name=name))
            box.setInformativeText(" ".join(details))
            box.setStandardButtons(
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
            )
            yes = box.button(QMessageBox.StandardButton.Yes)
            if yes is not None:
                yes.setText(_("Remove"))
            if box.exec() != QMessageBox.StandardButton.Yes:
                return False
        if organization_id == current.lead_id:
            new = Partnership(None, current.partners)
        else:
            new = replace(
                current,
                partners=tuple(p for p in current.partners if p.organization_id != organization_id),
            )
        self.message.setText("")
        return self._push(new, _("remove “{name}”").format(name=_short(name)))

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != ROLE:
            return
        name_item = self.table.item(item.row(), NAME)
        if name_item is None:
            return
        organization_id, name = name_item.data(_ID), name_item.text()
        role = " ".join(item.text().split())
        # Later, not inside the item's own signal: saving refills the table.
        QTimer.singleShot(0, lambda: self.set_role(organization_id, name, role))

    def set_role(self, organization_id: int, name: str, role: str) -> bool:
        """Give the partner *organization_id* its role in the project."""
        current = self._partnership()
        if current is None:
            return False
        new = replace(
            current,
            partners=tuple(
                PartnerEntry(p.organization_id, role) if p.organization_id == organization_id else p
                for p in current.partners
            ),
        )
        if new == current:
            return True
        return self._push(new, _("role of “{name}”").format(name=_short(name)))
