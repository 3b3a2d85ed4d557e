"""The budget editor in a window of its own, opened from the proposals list (Budget…, Ctrl+B).

The proposal editor shows the same :class:`~grantdesk.ui.budget_grid.BudgetEditor` as its
“Budget” tab; this window lets a budget be edited straight from the list.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from grantdesk.i18n import _
from grantdesk.ui.budget_grid import BudgetEditor
from grantdesk.ui.context import AppContext

log = logging.getLogger(__name__)


class BudgetDialog(QDialog):
    """A proposal's budget: the grid, its totals and findings, a Close button.

    Every edit is already saved when made; closing tells the lists to show the new totals.
    """

    def __init__(self, context: AppContext, proposal_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.changed = False
        self.setObjectName("BudgetDialog")
        screen = self.screen().availableGeometry()  # a 1366 × 768 laptop too
        self.resize(min(1320, int(screen.width() * 0.94)), min(820, int(screen.height() * 0.92)))
        self.editor = BudgetEditor(context, proposal_id, self)
        sheet = self.editor.model.sheet
        title = sheet.title if sheet else ""
        self.setWindowTitle(_("Budget — {title}").format(title=title))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(6)
        self.heading = QLabel(title)
        self.heading.setObjectName("DialogHeading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        call = sheet.call_title if sheet else None
        self.subtitle = QLabel(
            _("Call: {title}").format(title=call)
            if call
            else _("No call chosen yet: only the lead and the budget are checked.")
        )
        self.subtitle.setWordWrap(True)
        self.subtitle.setStyleSheet("color: #5b6778;")
        layout.addWidget(self.subtitle)
        hint = QLabel(
            _(
                "Every change is saved at once. Tab and Enter move, typing replaces a cell, "
                "Delete clears, Ctrl+V pastes cells copied from a spreadsheet, Ctrl+Z undoes."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5b6778;")
        layout.addWidget(hint)
        layout.addWidget(self.editor, 1)
        buttons = QDialogButtonBox()
        close = QPushButton(_("Close"))
        close.setAutoDefault(False)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.editor.edited.connect(self._edited)
        self.finished.connect(self._finished)
        self.editor.table.setFocus()

    def _edited(self) -> None:
        self.changed = True

    def _finished(self, _result: int) -> None:
        self.editor.model.closed = True  # undo from the main window now refreshes the lists
        if self.changed:
            self.context.notify("proposals")


def open_budget(parent: QWidget, context: AppContext, proposal_id: int) -> None:
    """Show the budget of *proposal_id* in its window (a sentence when it is gone)."""
    from grantdesk.services.details import RecordNotFoundError
    from grantdesk.services.proposal_check import UnknownProposalError

    if context.db is None:
        return
    try:
        dialog = BudgetDialog(context, proposal_id, parent)
    except (RecordNotFoundError, UnknownProposalError) as exc:
        QMessageBox.warning(parent, _("Proposal not found"), str(exc))
        context.notify("proposals")
        return
    dialog.exec()


def attach_budget_action(view: QWidget, heading: QBoxLayout) -> QAction:
    """“Budget…” (Ctrl+B) on the proposals list: a button in its heading and a shortcut."""
    from grantdesk.ui.views.records import RecordsView

    assert isinstance(view, RecordsView)
    button = QPushButton(_("Budget…"))
    button.setObjectName("BudgetButton")
    button.setToolTip(_("Edit the budget of the selected proposal (Ctrl+B)"))
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    heading.addWidget(button)
    action = QAction(_("Budget…"), view)
    action.setObjectName("BudgetAction")
    action.setShortcut(QKeySequence("Ctrl+B"))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    view.addAction(action)

    def open_selected() -> None:
        proposal_id = view.current_id()
        if proposal_id is not None:
            open_budget(view, view.context, proposal_id)

    def update() -> None:
        enabled = view.context.db is not None and view.current_id() is not None
        button.setEnabled(enabled)
        action.setEnabled(enabled)

    button.clicked.connect(open_selected)
    action.triggered.connect(open_selected)
    view.table.selectionModel().currentRowChanged.connect(lambda *_a: update())
    view.model.modelReset.connect(update)
    view.context.database_changed.connect(update)
    update()
    return action
