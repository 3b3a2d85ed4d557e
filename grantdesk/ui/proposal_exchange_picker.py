"""Choosing the proposal to send to the partners, when File ▸ Export proposal for partners…
is used with no proposal selected in the Proposals list."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from grantdesk.i18n import _
from grantdesk.ui.context import AppContext
from grantdesk.ui.proposal_pickers import LIMIT, _SearchList


class ProposalPicker(_SearchList):
    """Search the proposals as the Proposals list does (title, acronym, lead, funder)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Search proposals by title, acronym, lead or funder"), parent)
        self.setObjectName("ProposalPicker")
        self.context = context
        self.refresh()

    def refresh(self) -> None:
        from grantdesk.services.listing import fetch_rows

        if self.context.db is None:
            return
        rows = fetch_rows(self.context.db, "proposals", search=self.search.text(), limit=LIMIT)
        entries: list[tuple[object, str, str]] = []
        for row in rows:
            acronym, title, lead, funder, status = row.values[:5]
            name = f"{acronym} – {title}" if acronym else str(title)
            detail = " · ".join(
                str(p) for p in (lead, funder, status.label if status else None) if p
            )
            entries.append((row.id, name, detail))
        self.fill(entries)


class ProposalChoiceDialog(QDialog):
    """Choose the proposal to export."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ExportProposalChoice")
        self.setWindowTitle(_("Export proposal for partners"))
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 14, 16, 12)
        column.addWidget(QLabel(_("Which proposal do you want to send to the partners?")))
        self.picker = ProposalPicker(context)
        self.picker.activated.connect(lambda _id: self.accept())
        column.addWidget(self.picker, 1)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(_("Export…"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.picker.current_changed.connect(lambda pid: self.ok.setEnabled(pid is not None))
        self.ok.setEnabled(self.chosen() is not None)
        column.addWidget(buttons)
        self.resize(620, 520)
        self.picker.search.setFocus()

    def chosen(self) -> int | None:
        value = self.picker.chosen()
        return value if isinstance(value, int) else None
