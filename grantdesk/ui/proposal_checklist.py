"""The Checklist tab: the attachments the call asks for, each missing, attached (with its
file) or not applicable, plus any the office adds itself.

A mandatory item still missing is red (the rule check says the bid is inadmissible
without it). "Attach file…" picks the file and marks the item attached in one undoable
step; the file stays where it is, GrantDesk keeps its path.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from grantdesk.domain.vocab import AttachmentState
from grantdesk.i18n import _, ngettext
from grantdesk.services.proposal_part_rows import ChecklistEntry, checklist_problem, file_name
from grantdesk.ui.commands import _short
from grantdesk.ui.palette import ERROR_COLOUR, MUTED_COLOUR
from grantdesk.ui.proposal_editor_tabs import EditorHost, error_line, intro, show_error
from grantdesk.ui.proposal_tables import Cell, ComboDelegate, EntryTable, RowButtons, without

if TYPE_CHECKING:
    from grantdesk.services.proposal_parts import ProposalParts

ITEM, MANDATORY, STATE, FILE = range(4)
POSITIVE = "#23804a"


class ChecklistTab(QWidget):
    """The proposal's attachment checklist."""

    def __init__(self, host: EditorHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.parts: ProposalParts | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 16, 16, 12)
        column.setSpacing(8)
        column.addWidget(
            intro(
                _(
                    "The documents to send with the application. A mandatory one still "
                    "missing makes the bid inadmissible. Choose the state in the list, or "
                    "attach the file."
                )
            )
        )
        self.table = EntryTable(
            [_("Document"), _("Mandatory"), _("State"), _("File")], stretch=ITEM
        )
        self.table.setObjectName("ChecklistTable")
        self.table.setColumnWidth(MANDATORY, 100)
        self.table.setColumnWidth(STATE, 150)
        self.table.setColumnWidth(FILE, 240)
        self.table.setItemDelegateForColumn(
            STATE, ComboDelegate(lambda: [(s.value, s.label) for s in AttachmentState], self)
        )
        self.table.committed.connect(self._committed)
        column.addWidget(self.table, 1)
        self.empty = QLabel(
            _("No checklist yet: the call asks for no attachment. Add the items yourself.")
        )
        self.empty.setObjectName("ChecklistEmpty")
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet(f"color: {MUTED_COLOUR}; padding: 16px;")
        column.addWidget(self.empty, 1)
        self.count = QLabel()
        self.count.setObjectName("ChecklistCount")
        column.addWidget(self.count)
        self.error = error_line()
        column.addWidget(self.error)
        self.buttons = RowButtons(self.table, _("Add item"))
        self.attach_button = QPushButton(_("Attach file…"))
        self.open_button = QPushButton(_("Open file"))
        self.call_button = QPushButton(_("Add the call's attachments"))
        self.call_button.setToolTip(_("Add the attachments the call requires that are not listed"))
        for button in (self.attach_button, self.open_button, self.call_button):
            self.buttons.extra.insertWidget(self.buttons.extra.count() - 1, button)
        self.buttons.add_requested.connect(self.add_item)
        self.buttons.remove_requested.connect(self._remove)
        # Checklist items keep the order they were added in (attachments have no position).
        self.buttons.up_button.hide()
        self.buttons.down_button.hide()
        self.attach_button.clicked.connect(self._choose_file)
        self.open_button.clicked.connect(self._open_file)
        self.call_button.clicked.connect(self.add_call_items)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        column.addWidget(self.buttons)

    def show_parts(self, parts: ProposalParts) -> None:
        self.parts = parts
        rows = []
        for entry in parts.checklist:
            mandatory = entry.requirement_id in parts.mandatory
            state = AttachmentState(entry.state)
            gap = mandatory and state is AttachmentState.MISSING
            colour = (
                ERROR_COLOUR if gap else POSITIVE if state is AttachmentState.ATTACHED else None
            )
            rows.append(
                [
                    Cell(entry.name, entry.id, colour=ERROR_COLOUR if gap else None),
                    Cell(_("Yes") if mandatory else "", entry.requirement_id, editable=False),
                    Cell(state.label, state.value, colour=colour),
                    Cell(
                        file_name(entry.file_path),
                        entry.file_path,
                        editable=False,
                        tooltip=entry.file_path,
                    ),
                ]
            )
        self.table.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        attached = sum(1 for e in parts.checklist if e.state == AttachmentState.ATTACHED.value)
        missing = sum(
            1
            for e in parts.checklist
            if e.state == AttachmentState.MISSING.value and e.requirement_id in parts.mandatory
        )
        text = _("{attached} of {total} attached.").format(attached=attached, total=len(rows))
        if missing:
            text += " " + ngettext(
                "{n} mandatory item still missing.", "{n} mandatory items still missing.", missing
            ).format(n=missing)
        self.count.setText(text if rows else "")
        self.count.setStyleSheet(f"color: {ERROR_COLOUR if missing else MUTED_COLOUR};")
        self.call_button.setEnabled(parts.call_id is not None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.buttons.update_enabled()
        entry = self._selected()
        self.attach_button.setEnabled(entry is not None)
        self.open_button.setEnabled(entry is not None and bool(entry.file_path))

    def _selected(self) -> ChecklistEntry | None:
        row = self.table.currentRow()
        if self.parts is None or not 0 <= row < len(self.parts.checklist):
            return None
        return self.parts.checklist[row]

    def entries(self) -> tuple[ChecklistEntry, ...]:
        found = []
        for row in range(self.table.rowCount()):
            found.append(
                ChecklistEntry(
                    name=self.table.text(row, ITEM),
                    state=str(self.table.value(row, STATE)),
                    file_path=str(self.table.value(row, FILE) or ""),
                    requirement_id=self.table.value(row, MANDATORY),
                    id=self.table.value(row, ITEM),
                )
            )
        return tuple(found)

    def save(self, new: tuple[ChecklistEntry, ...], text: str) -> bool:
        assert self.parts is not None
        failed = checklist_problem(None, new) or self.host.push_part(
            "checklist", self.parts.checklist, new, text
        )
        show_error(self.error, failed)
        if failed:
            self.show_parts(self.parts)
        return not failed

    def _committed(self) -> None:
        if self.parts is not None and self.entries() != self.parts.checklist:
            self.save(self.entries(), _("edit the checklist"))

    def set_state(self, row: int, state: str, path: str = "") -> bool:
        """Mark the item at *row* missing, attached (with *path*) or not applicable."""
        if self.parts is None or not 0 <= row < len(self.parts.checklist):
            return False
        items = list(self.parts.checklist)
        items[row] = replace(items[row], state=state, file_path=path)
        label = AttachmentState(state).label
        return self.save(
            tuple(items),
            _("“{item}”: {state}").format(item=_short(items[row].name), state=label.lower()),
        )

    def _choose_file(self) -> None:
        row = self.table.currentRow()
        entry = self._selected()
        if entry is None:
            return
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Attach “{item}”").format(item=entry.name), entry.file_path
        )
        if path:
            self.set_state(row, AttachmentState.ATTACHED.value, path)

    def _open_file(self) -> None:
        entry = self._selected()
        if entry is not None and entry.file_path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(entry.file_path))

    def add_item(self) -> None:
        if self.parts is None:
            return
        name = _("New document")
        taken = {e.name.casefold() for e in self.parts.checklist}
        number = 2
        while name.casefold() in taken:
            name = _("New document {n}").format(n=number)
            number += 1
        if self.save((*self.parts.checklist, ChecklistEntry(name)), _("add a document")):
            self.table.edit_cell(self.table.rowCount() - 1, ITEM)

    def add_call_items(self) -> bool:
        """Add the call's required attachments that the checklist does not list yet."""
        from grantdesk.services.proposal_editing import requirement_names

        if self.parts is None or self.parts.call_id is None or self.host.context.db is None:
            return False
        linked = {e.requirement_id for e in self.parts.checklist}
        names = {e.name.casefold() for e in self.parts.checklist}
        extra = tuple(
            ChecklistEntry(name, requirement_id=key)
            for key, name, _mandatory in requirement_names(self.host.context.db, self.parts.call_id)
            if key not in linked and name.casefold() not in names
        )
        if not extra:
            show_error(self.error, "")
            self.count.setText(_("Every attachment the call requires is already listed."))
            return False
        return self.save((*self.parts.checklist, *extra), _("add the call's attachments"))

    def _remove(self) -> None:
        row = self.table.currentRow()
        if self.parts is not None and 0 <= row < len(self.parts.checklist):
            self.save(without(self.parts.checklist, row), _("remove a document"))

    def select_item(self, name: str | None) -> None:
        """Select the item called *name* (a finding's target)."""
        for row in range(self.table.rowCount()):
            if name is not None and self.table.text(row, ITEM).casefold() == name.casefold():
                self.table.setCurrentCell(row, STATE)
                return
