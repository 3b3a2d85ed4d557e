"""Status changes from the lists' detail pane, by the rules of each record's own editor.

The pane's status selector asks :class:`StatusChanges` (one per list) to move the record;
what happens depends on the kind, so the list never lets through what the editor or the
Board would refuse:

- a **proposal** goes the Board's way: :class:`~grantdesk.ui.proposal_status.StatusDataDialog`
  asks for the days and the amount the status needs, then
  :class:`~grantdesk.ui.views.board_actions.MoveProposalCommand` writes them with the
  status, so undo puts the dates and the amount back too;
- a **call** moved to *no-go* asks why (:class:`NoGoReasonDialog`) and saves the status
  and the reason in one undoable step through :mod:`grantdesk.services.call_editing`;
- everything else is checked first (:func:`grantdesk.services.editing.check_status`) and
  then written by :class:`~grantdesk.ui.commands.SetStatusCommand`. A **co-design
  process** refused at a step (a date of that step is missing) says the sentence and
  offers to open the process's editor at that step, where the missing date is marked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.vocab import CallStatus, CoDesignStatus, ProposalStatus
from grantdesk.i18n import _
from grantdesk.services.call_editing import CallForm, validate
from grantdesk.services.details import Detail
from grantdesk.services.editing import StatusRefusedError
from grantdesk.ui.commands import SetStatusCommand, _short
from grantdesk.ui.palette import ERROR_COLOUR, MUTED_COLOUR

if TYPE_CHECKING:
    from grantdesk.ui.views.records import RecordsView

log = logging.getLogger(__name__)


def _stale() -> Exception:
    from grantdesk.services.editing import ConflictError

    return ConflictError(
        _("Someone else changed this record meanwhile: it has been reloaded, try again.")
    )


class NoGoReasonDialog(QDialog):
    """Asks why a call is a no-go, filled with the reason it already has (if any).

    The button stays disabled while the reason is empty; once the field has been touched
    an empty reason is said in one red sentence (the call editor's) under it.
    """

    def __init__(self, title: str, form: CallForm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NoGoReasonDialog")
        self._form = form
        self._touched = False
        self.setWindowTitle(_("Move to “{status}”").format(status=CallStatus.NO_GO.label))
        self.setMinimumWidth(500)
        intro = QLabel(
            _("“{title}” becomes a no-go. Say why, so the choice can be reviewed later:").format(
                title=_short(title, 80)
            )
        )
        intro.setWordWrap(True)
        self.reason_edit = QPlainTextEdit(form.no_go_reason)
        self.reason_edit.setObjectName("no_go_reason")
        self.reason_edit.setPlaceholderText(_("Why the call is not worth a bid"))
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setMinimumHeight(96)
        self.reason_edit.textChanged.connect(self._edited)
        hint = QLabel(
            _(
                "For example: co-financing too high for us, outside our territory, "
                "too little time to build the partnership."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.error = QLabel()
        self.error.setObjectName("FieldError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Change status"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.accept)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(8)
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addWidget(self.reason_edit, 1)
        layout.addWidget(self.error)
        layout.addWidget(hint)
        layout.addSpacing(6)
        layout.addWidget(self.buttons)
        self._check()
        self.reason_edit.setFocus()
        self.reason_edit.moveCursor(self.reason_edit.textCursor().MoveOperation.End)

    def reason(self) -> str:
        """The reason as typed, without the spaces around it."""
        return self.reason_edit.toPlainText().strip()

    def problem(self) -> str:
        """What keeps the call from being a no-go with this reason ("" when nothing)."""
        form = replace(self._form, status=CallStatus.NO_GO.value, no_go_reason=self.reason())
        return next((e.message for e in validate(form) if e.field == "no_go_reason"), "")

    def _edited(self) -> None:
        self._touched = True
        self._check()

    def _check(self) -> None:
        problem = self.problem()
        self.error.setText(problem)
        self.error.setVisible(bool(problem) and self._touched)
        self.ok_button.setEnabled(not problem)

    def accept(self) -> None:
        if not self.problem():
            super().accept()
        else:
            self._touched = True
            self._check()


class StatusChanges(QObject):
    """The status changes asked from one list's detail pane (see the module's notes).

    ``pending_dialog`` is the dialog waiting for an answer (tests and screenshots reach it
    there); ``editor`` the co-design editor last opened from a refusal.
    """

    def __init__(self, view: RecordsView) -> None:
        super().__init__(view)
        self.view = view
        self.context = view.context
        self.kind = view.kind
        self.pending_dialog: QDialog | None = None
        self.editor: QDialog | None = None
        self.open_button: QPushButton | None = None  # the refusal's "Open the editor"

    def request(self, status: str) -> None:
        """Move the record shown in the pane to *status*, asking first what it needs."""
        shown = self.view.detail.detail
        if shown is None or self.context.db is None or self.pending_dialog is not None:
            return
        try:
            if self.kind == "proposals":
                self._proposal(shown, ProposalStatus(status))
            elif self.kind == "calls" and status == CallStatus.NO_GO.value:
                self._no_go(shown)
            else:
                self._other(shown, status)
        except Exception as exc:  # a refusal, a lost record, a lost connection: one sentence
            self._failed(exc)

    # -- each kind's way ----------------------------------------------------------------

    def _proposal(self, shown: Detail, target: ProposalStatus) -> None:
        from grantdesk.services.dashboard import today_in_rome
        from grantdesk.services.proposal_editing import load_form, status_needs
        from grantdesk.ui.proposal_status import StatusDataDialog, requested_grant

        db = self.context.db
        assert db is not None
        needs = status_needs(target.value)
        if not needs:
            self._move(shown, target, {})
            return
        form, version = load_form(db, shown.id)
        if version != shown.version:  # said now, not after the dialog was filled in
            raise _stale()
        requested = requested_grant(db, shown.id) if "awarded_amount" in needs else None
        dialog = StatusDataDialog(shown.title, target, form, today_in_rome(), requested, self.view)
        self._ask(dialog, lambda: self._move(shown, target, dialog.values()))

    def _move(self, shown: Detail, target: ProposalStatus, data: dict[str, Any]) -> None:
        from grantdesk.ui.views.board_actions import MoveProposalCommand

        self.context.undo_stack.push(
            MoveProposalCommand(
                self.context, shown.id, shown.title, shown.version, target, data, self.refused
            )
        )

    def _no_go(self, shown: Detail) -> None:
        from grantdesk.services.call_editing import load_form

        db = self.context.db
        assert db is not None
        form, version = load_form(db, shown.id)
        if version != shown.version:
            raise _stale()
        dialog = NoGoReasonDialog(shown.title, form, self.view)
        self._ask(dialog, lambda: self._save_no_go(shown, form, version, dialog.reason()))

    def _save_no_go(self, shown: Detail, form: CallForm, version: int, reason: str) -> None:
        from grantdesk.ui.call_commands import EditCallCommand

        wanted = replace(form, status=CallStatus.NO_GO.value, no_go_reason=reason)
        command = EditCallCommand(self.context, shown.id, form, wanted, version, self.refused)
        command.setText(self._text(shown, CallStatus.NO_GO.label))
        self.context.undo_stack.push(command)

    def _other(self, shown: Detail, status: str) -> None:
        from grantdesk.services.editing import check_status

        db = self.context.db
        assert db is not None
        try:
            check_status(db, self.kind, shown.id, status, shown.version)
        except StatusRefusedError as exc:
            if self.kind == "codesigns":
                self._offer_editor(shown, CoDesignStatus(status), exc)
                return
            raise
        self.context.undo_stack.push(
            SetStatusCommand(
                self.context, self.kind, shown.id, shown.title, status, shown.version, self.refused
            )
        )

    # -- a co-design step refused ---------------------------------------------------------

    def _offer_editor(
        self, shown: Detail, step: CoDesignStatus, refusal: StatusRefusedError
    ) -> None:
        self._show_current()  # the selector says at once the record did not move
        box = QMessageBox(self.view)
        box.setObjectName("StatusRefusedBox")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Status not changed"))
        box.setText(str(refusal))
        box.setInformativeText(
            _(
                "“{title}” stays at “{current}”. Open the process editor to record what "
                "is missing for “{step}”."
            ).format(
                title=_short(shown.title),
                current=CoDesignStatus(shown.status).label if shown.status else "",
                step=step.label,
            )
        )
        open_button = box.addButton(_("Open the editor"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(open_button)
        self.open_button = open_button
        self._ask(
            box,
            lambda: self.open_editor(shown.id, step, refusal.field),
            accepted=lambda: box.clickedButton() is open_button,
        )

    def open_editor(self, process_id: int, step: CoDesignStatus, field: str = "") -> None:
        """Open the process's editor moved to *step*: the missing date shows in red there,
        and saving records the step with it (one undo step, as any save)."""
        from grantdesk.services.details import RecordNotFoundError
        from grantdesk.ui.codesign_editor import CodesignEditorDialog

        try:
            dialog = CodesignEditorDialog(self.context, process_id, self.view)
        except RecordNotFoundError as exc:
            self.refused(str(exc))
            return
        general = dialog.general
        # The step as chosen in the editor: the dates it needs show in red at once.
        general.status_box.setCurrentIndex(max(0, general.status_box.findData(step.value)))
        edits: dict[str, QWidget] = {
            **general.date_edits,
            "applications_due_at": general.due_day_edit,
        }
        self.editor = dialog
        dialog.open()
        target = edits.get(field)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- shared ---------------------------------------------------------------------------

    def _ask(
        self,
        dialog: QDialog,
        then: Callable[[], None],
        accepted: Callable[[], bool] | None = None,
    ) -> None:
        """Show *dialog* (window-modal, not blocking); run *then* when it is accepted."""
        self.pending_dialog = dialog

        def finished(result: int) -> None:
            self.pending_dialog = None
            ok = accepted() if accepted is not None else result == QDialog.DialogCode.Accepted
            try:
                if ok:
                    then()
                else:
                    self._show_current()
            except Exception as exc:
                self._failed(exc)
            finally:
                dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()

    def _text(self, shown: Detail, label: str) -> str:
        return _("change status of “{title}” to {status}").format(
            title=_short(shown.title), status=label
        )

    def _show_current(self) -> None:
        """Put the pane's status selector back on the record's status."""
        pane = self.view.detail
        if pane.detail is not None:
            pane.show_detail(pane.detail)

    def _failed(self, exc: Exception) -> None:
        from grantdesk.services.details import RecordNotFoundError
        from grantdesk.services.editing import ConflictError

        if isinstance(exc, (ConflictError, RecordNotFoundError, ValueError)):
            message = str(exc)
        else:  # a lost connection, a locked file: say so, never a traceback
            log.exception("status change of %s failed", self.kind, exc_info=exc)
            message = _("The change could not be saved: the database did not answer.")
        self.context.notify(self.kind)  # read again what another desk may have changed
        self.refused(message)

    def refused(self, message: str) -> None:
        """Say why the status did not change, in one sentence; the pane shows the record
        as it is."""
        QMessageBox.warning(self.view, _("Status not changed"), message)
        self._show_current()
