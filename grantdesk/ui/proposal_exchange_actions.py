"""Where the proposal exchange file is offered: File ▸ Import proposal from file… and
Export proposal for partners… (Ctrl+E), the “Exchange” button above the Proposals list, and
“Export for partners…” in a proposal's editor. The flows themselves are
:mod:`grantdesk.ui.proposal_exchange_dialog`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QPushButton, QToolButton, QWidget

from grantdesk.i18n import _
from grantdesk.ui import proposal_exchange_dialog as flows
from grantdesk.ui.context import AppContext
from grantdesk.ui.tasks import Task

if TYPE_CHECKING:
    from grantdesk.ui.main_window import MainWindow

EXPORT_SHORTCUT = flows.EXPORT_SHORTCUT


def selected_proposal(window: MainWindow) -> int | None:
    """The proposal selected in the Proposals list, when that list is shown."""
    if window.current_view_name() != "proposals":
        return None
    current = getattr(window.current_view(), "current_id", None)
    value = current() if callable(current) else None
    return value if isinstance(value, int) else None


def export_from_window(window: MainWindow) -> Task | None:
    """File ▸ Export proposal for partners…: the selected proposal, else one chosen."""
    context = window.context
    if context.db is None:
        return None
    proposal_id = selected_proposal(window)
    if proposal_id is None:
        from grantdesk.ui.proposal_exchange_picker import ProposalChoiceDialog

        dialog = ProposalChoiceDialog(context, window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        proposal_id = dialog.chosen()
    if proposal_id is None:
        return None
    return flows.export_proposal_file(window, context, proposal_id)


def _keep_enabled(context: AppContext, action: QAction) -> None:
    def update() -> None:
        try:
            action.setEnabled(context.db is not None)
        except RuntimeError:  # the menus were rebuilt (language change): action deleted
            context.database_changed.disconnect(update)

    context.database_changed.connect(update)
    update()


def _insert_after(menu: QMenu, anchor_name: str, action: QAction) -> None:
    actions = menu.actions()
    anchor = next((i for i, a in enumerate(actions) if a.objectName() == anchor_name), None)
    if anchor is None or anchor + 1 >= len(actions):
        menu.addAction(action)
    else:
        menu.insertAction(actions[anchor + 1], action)


def add_file_actions(window: MainWindow) -> tuple[QAction, QAction]:
    """File ▸ Import proposal from file… and Export proposal for partners…, placed after
    the organizations' import and export (call again after the menus are rebuilt)."""
    menu = window.menuBar().actions()[0].menu()
    assert isinstance(menu, QMenu)
    importing = QAction(_("Import &proposal from file…"), menu)
    importing.setObjectName("ImportProposalAction")
    importing.setStatusTip(_("Import a proposal a partner association sent you as a file"))
    importing.triggered.connect(
        lambda _checked=False: flows.import_proposal_file(window, window.context)
    )
    exporting = QAction(_("Expor&t proposal for partners…"), menu)
    exporting.setObjectName("ExportProposalAction")
    exporting.setShortcut(QKeySequence(EXPORT_SHORTCUT))
    exporting.setStatusTip(
        _("Write the selected proposal to a file to send to the partner associations")
    )
    exporting.triggered.connect(lambda _checked=False: export_from_window(window))
    _insert_after(menu, "ImportOrganizationsAction", importing)
    _insert_after(menu, "ExportOrganizationsAction", exporting)
    for action in (importing, exporting):
        _keep_enabled(window.context, action)
    return importing, exporting


class ExchangeButton(QPushButton):
    """“Exchange ▾” above the Proposals list: export the selected proposal, import
    a file. *current_id* gives the selected proposal (None: none)."""

    def __init__(self, view: Any, parent: QWidget | None = None) -> None:
        super().__init__(_("Exchange"), parent)  # short: the list's heading is crowded
        self.view = view
        self.setObjectName("ProposalExchangeButton")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setToolTip(
            _(
                "Exchange with the partners: send the selected proposal as a file, or import "
                "the one they send back"
            )
        )
        menu = QMenu(self)
        self.export_action = menu.addAction(
            _("Export the selected proposal for partners… ({keys})").format(keys=EXPORT_SHORTCUT)
        )
        self.import_action = menu.addAction(_("Import proposal from file…"))
        self.setMenu(menu)
        self.export_action.triggered.connect(self.export_selected)
        self.import_action.triggered.connect(
            lambda _c=False: flows.import_proposal_file(self.view, self.view.context)
        )

    def update_state(self, has_db: bool, selected: bool) -> None:
        self.setEnabled(has_db)
        self.export_action.setEnabled(selected)
        self.import_action.setEnabled(has_db)

    def export_selected(self) -> Task | None:
        proposal_id = self.view.current_id()
        if proposal_id is None:
            return None
        return flows.export_proposal_file(self.view, self.view.context, proposal_id)


def add_editor_button(editor: Any) -> QToolButton:
    """“Export for partners…” for a proposal's editor (Ctrl+E in its window)."""
    action = QAction(_("Export for partners…"), editor)
    action.setShortcut(QKeySequence(EXPORT_SHORTCUT))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setToolTip(
        _("Write this proposal, as saved, to a file to send to the partners ({keys})").format(
            keys=EXPORT_SHORTCUT
        )
    )

    def export() -> None:
        general = getattr(editor, "general", None)
        if general is not None and general.dirty():
            QMessageBox.information(
                editor,
                _("Export for partners"),
                _("Save the General tab first (Ctrl+S): the file holds what is saved."),
            )
            return
        flows.export_proposal_file(
            editor,
            editor.context,
            editor.proposal_id,
            lambda text: QMessageBox.information(editor, _("Export for partners"), text),
        )

    action.triggered.connect(lambda _checked=False: export())
    editor.addAction(action)
    button = QToolButton()
    button.setObjectName("EditorExportButton")
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button
