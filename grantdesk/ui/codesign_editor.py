"""The co-design editor: one process in five tabs, from the notice to monitoring.

“General” holds the process's own fields and its step pipeline; they are saved with Save
(an undoable command), and the dialog asks before closing over unsaved changes.
“Applications”, “Meetings”, “Commitments” and “Monitoring” change their rows at once,
each change an undoable command (Ctrl+Z / Ctrl+Shift+Z here, Edit ▸ Undo later); they
open once the process is saved. “Create proposal from this process…” writes a proposal
pre-filled with the partners and the commitments as co-financing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QColor, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from grantdesk.i18n import _, ngettext
from grantdesk.services.codesign_editing import ProcessForm, validate
from grantdesk.services.codesign_reading import CodesignOverview
from grantdesk.ui.codesign_widgets import ERROR, MUTED
from grantdesk.ui.context import AppContext

log = logging.getLogger(__name__)

GENERAL, APPLICATIONS, MEETINGS, COMMITMENTS, MONITORING = range(5)
STEP_DATE_FIELDS = (
    "decided_on",
    "notice_published_on",
    "applications_due_at",
    "approved_on",
    "agreement_signed_on",
    "closed_on",
)


class CodesignEditorDialog(QDialog):
    """Create a process (*process_id* None) or work on one."""

    def __init__(
        self,
        context: AppContext,
        process_id: int | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        from grantdesk.services.codesign_editing import body_choices, load_form
        from grantdesk.ui.codesign_general import GeneralTab
        from grantdesk.ui.codesign_meetings_tab import MeetingsTab
        from grantdesk.ui.codesign_monitoring_tab import MonitoringTab
        from grantdesk.ui.codesign_tabs import ApplicationsTab, CommitmentsTab

        self.context = context
        self._process_id = process_id
        self.today = today or date.today()
        self.overview: CodesignOverview | None = None
        self.command: object | None = None
        self._touched: set[str] = set()
        db = context.db
        assert db is not None
        self.bodies = body_choices(db)
        if process_id is None:
            self.original, self.version = ProcessForm(), 0
        else:
            self.original, self.version = load_form(db, process_id)
        self.setObjectName("CodesignEditorDialog")
        self.setWindowTitle(
            _("New co-design process") if process_id is None else _("Co-design process")
        )
        self.setMinimumSize(960, 640)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(8)
        self.heading = QLabel()
        self.heading.setObjectName("DialogHeading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.heading.setFont(font)
        self.subheading = QLabel()
        self.subheading.setStyleSheet(f"color: {MUTED};")
        self.subheading.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)

        self.general = GeneralTab(self.bodies)
        self.applications = ApplicationsTab(self)
        self.meetings = MeetingsTab(self)
        self.commitments = CommitmentsTab(self)
        self.monitoring = MonitoringTab(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.general, _("General"))
        self.tabs.addTab(self.applications, _("Applications"))
        self.tabs.addTab(self.meetings, _("Meetings"))
        self.tabs.addTab(self.commitments, _("Commitments"))
        self.tabs.addTab(self.monitoring, _("Monitoring"))
        layout.addWidget(self.tabs, 1)

        bottom = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("EditorSummary")
        self.summary.setWordWrap(True)
        bottom.addWidget(self.summary, 1)
        self.proposal_button = QPushButton(_("Create proposal from this process…"))
        self.proposal_button.setToolTip(
            _(
                "A new proposal with the admitted bodies as partners and the commitments "
                "as co-financing"
            )
        )
        bottom.addWidget(self.proposal_button)
        self.documents_button = QPushButton(_("Documents"))
        self.documents_button.setToolTip(
            _("The partnership agreement and the monitoring report, to preview and save as PDF")
        )
        documents = QMenu(self.documents_button)
        self.agreement_action = documents.addAction(_("Partnership agreement (PDF)…"))
        self.monitoring_action = documents.addAction(_("Monitoring report (PDF)…"))
        self.documents_button.setMenu(documents)
        bottom.addWidget(self.documents_button)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.close_button = self.buttons.addButton(
            _("Close"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.close)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

        self._undo_actions()
        self.general.fill(self.original)
        if process_id is not None:
            self._touched = set(ProcessForm.__dataclass_fields__)
        self.general.changed.connect(self._general_changed)
        self.proposal_button.clicked.connect(self.create_proposal)
        self.agreement_action.triggered.connect(lambda: self.export_document("agreement"))
        self.monitoring_action.triggered.connect(lambda: self.export_document("monitoring"))
        context.data_changed.connect(self._data_changed)
        self._following = True
        self.reload()
        if process_id is None:
            self.general.title_edit.setFocus()
        else:  # the focus in the title would select it and show only its end
            self.tabs.tabBar().setFocus()
        self.resize(1120, 780)

    # -- what the tabs use ---------------------------------------------------------------

    @property
    def process_id(self) -> int:
        """The process's id now (it changes when undo and redo bring it back)."""
        from grantdesk.ui.codesign_commands import current_id

        assert self._process_id is not None
        return current_id(self.context, "process", self._process_id)

    def push(self, command: Any) -> bool:
        """Push *command* on the undo stack; True when it was saved."""
        self.summary.setText("")
        self.context.undo_stack.push(command)
        self.command = command
        return not command.failed

    def command_failed(self, message: str) -> None:
        """A change was refused: say why, and show what is in the database now."""
        self.summary.setStyleSheet(f"color: {ERROR};")
        self.summary.setText(message)
        self.reload()

    def load(self, read: Callable[[Any, int], Any], key: int) -> Any:
        """*read*(db, *key*), or None (with a sentence) when the record is gone."""
        from grantdesk.services.details import RecordNotFoundError

        try:
            return read(self.context.db, key)
        except RecordNotFoundError as exc:
            self.command_failed(str(exc))
            return None

    def paper_warnings(self, organization_id: int) -> tuple[str, ...]:
        from grantdesk.services.codesign_reading import body_paper_warnings

        db = self.context.db
        return body_paper_warnings(db, organization_id, self.today) if db is not None else ()

    # -- reading -------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the process again and refresh every tab (the general fields only when they
        hold no unsaved change)."""
        from grantdesk.services.codesign_reading import load_overview
        from grantdesk.services.details import RecordNotFoundError

        db = self.context.db
        if db is None or self._process_id is None:
            self.overview = None
            self._enable_tabs(False)
            self._show_heading()
            self.refresh_errors()
            return
        try:
            overview = load_overview(db, self.process_id, self.today)
        except RecordNotFoundError:
            self.overview = None
            self._enable_tabs(False)
            self.heading.setText(_("This process no longer exists"))
            self.subheading.setText(
                _("It was deleted; Edit › Redo or Ctrl+Shift+Z may bring it back.")
            )
            self.save_button.setEnabled(False)
            return
        dirty = self.dirty()
        self.overview = overview
        self.version = overview.version
        if not dirty:
            self.original = overview.form
            self.general.fill(overview.form)
        self.general.set_counts(overview.counts)
        for tab in (self.applications, self.meetings, self.commitments, self.monitoring):
            tab.set_overview(overview)
        self._enable_tabs(True)
        self._show_heading()
        self.refresh_errors()

    def _enable_tabs(self, enabled: bool) -> None:
        for index in range(APPLICATIONS, MONITORING + 1):
            self.tabs.setTabEnabled(index, enabled)
            self.tabs.setTabToolTip(index, "" if enabled else _("Save the process first."))
        self.proposal_button.setEnabled(enabled)
        self.documents_button.setEnabled(enabled)

    def _show_heading(self) -> None:
        overview = self.overview
        if overview is None:
            self.heading.setText(_("New co-design process"))
            self.subheading.setText(
                _(
                    "Fill in the general fields and save: applications, meetings, commitments "
                    "and monitoring open then."
                )
            )
            return
        self.heading.setText(overview.form.title)
        counts = overview.counts
        parts = [
            overview.promoter,
            ngettext("{n} application", "{n} applications", counts.applications).format(
                n=counts.applications
            ),
            ngettext("{n} meeting", "{n} meetings", counts.meetings).format(n=counts.meetings),
            ngettext("{n} commitment", "{n} commitments", counts.commitments).format(
                n=counts.commitments
            ),
        ]
        if overview.proposals:
            parts.append(
                ngettext("{n} proposal", "{n} proposals", len(overview.proposals)).format(
                    n=len(overview.proposals)
                )
            )
        self.subheading.setText(" · ".join(p for p in parts if p))
        bar = self.tabs.tabBar()
        bar.setTabText(APPLICATIONS, _("Applications ({n})").format(n=counts.applications))
        bar.setTabText(MEETINGS, _("Meetings ({n})").format(n=counts.meetings))
        bar.setTabText(COMMITMENTS, _("Commitments ({n})").format(n=counts.commitments))
        bar.setTabText(MONITORING, _("Monitoring ({n})").format(n=counts.indicators))

    # -- the general fields --------------------------------------------------------------

    def dirty(self) -> bool:
        return self.general.read_form()[0] != self.original

    def _general_changed(self) -> None:
        form, _problems = self.general.read_form()
        for name in ProcessForm.__dataclass_fields__:
            if getattr(form, name) != getattr(self.original, name):
                self._touched.add(name)
        if "status" in self._touched:  # a step shows at once which dates it needs
            self._touched.update(STEP_DATE_FIELDS)
        self.refresh_errors()

    def errors(self) -> dict[str, str]:
        form, problems = self.general.read_form()
        for error in validate(form):
            problems.setdefault(error.field, error.message)
        return problems

    def refresh_errors(self) -> None:
        """Show the general fields' problems once touched; Save needs a change and none."""
        problems = self.errors()
        visible = 0
        for name, label in self.general._errors.items():
            message = problems.get(name, "")
            shown = bool(message) and name in self._touched
            label.setText(message)
            label.setVisible(shown)
            visible += shown
        bar = self.tabs.tabBar()
        bar.setTabTextColor(GENERAL, QColor(ERROR) if visible else QColor())
        new = self._process_id is None
        self.save_button.setEnabled(not problems and (new or self.dirty()))
        if visible:
            self.summary.setStyleSheet(f"color: {ERROR};")
            self.summary.setText(
                ngettext(
                    "{n} field to correct before saving.",
                    "{n} fields to correct before saving.",
                    visible,
                ).format(n=visible)
            )
        elif new and problems:
            self.summary.setStyleSheet(f"color: {MUTED};")
            self.summary.setText(next(iter(problems.values())))
        elif self.summary.styleSheet() != f"color: {ERROR};" or not self.summary.text():
            self.summary.setStyleSheet(f"color: {MUTED};")
            self.summary.setText(_("Unsaved changes on the General tab.") if self.dirty() else "")

    def save(self) -> bool:
        """Push the create or edit command of the general fields; True when saved."""
        from grantdesk.ui.codesign_commands import CreateProcessCommand, EditProcessCommand

        self._touched = set(ProcessForm.__dataclass_fields__)
        self.summary.setText("")
        self.refresh_errors()
        form, problems = self.general.read_form()
        if problems or validate(form):
            self.tabs.setCurrentIndex(GENERAL)
            return False
        if self._process_id is not None and form == self.original:
            return True
        command: CreateProcessCommand | EditProcessCommand
        if self._process_id is None:
            command = CreateProcessCommand(self.context, form, self.command_failed)
        else:
            command = EditProcessCommand(
                self.context,
                self.process_id,
                self.original,
                form,
                self.version,
                self.command_failed,
            )
        if not self.push(command):
            return False
        if isinstance(command, CreateProcessCommand):
            self._process_id = command.process_id
            self.setWindowTitle(_("Co-design process"))
        self.original = form
        self.reload()
        self.context.status_message.emit(_("Co-design process saved."))
        return True

    # -- closing, undo ---------------------------------------------------------------------

    def _undo_actions(self) -> None:
        stack = self.context.undo_stack
        for action, shortcut in (
            (stack.createUndoAction(self, _("Undo")), QKeySequence.StandardKey.Undo),
            (stack.createRedoAction(self, _("Redo")), QKeySequence.StandardKey.Redo),
        ):
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

    def _data_changed(self, kind: str) -> None:
        if kind in ("codesigns", "*") and self.isVisible():
            self.reload()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close():
            self._detach()
            event.accept()
            super().closeEvent(event)
        else:
            event.ignore()

    def reject(self) -> None:
        if self._may_close():
            self._detach()
            super().reject()

    def _detach(self) -> None:
        """Stop following the database's changes (once: close may follow reject)."""
        if self._following:
            self._following = False
            self.context.data_changed.disconnect(self._data_changed)

    def _may_close(self) -> bool:
        if not self.dirty() or self._gone():
            return True
        answer = QMessageBox.question(
            self,
            _("Unsaved changes"),
            _("Save the changes to the general fields before closing?"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def _gone(self) -> bool:
        return self._process_id is not None and self.overview is None

    # -- a proposal from the process -------------------------------------------------------

    def create_proposal(self) -> None:
        from grantdesk.ui.codesign_proposal_dialog import ProposalFromProcessDialog

        if self.overview is None:
            return
        dialog = ProposalFromProcessDialog(self.context, self.overview, self)
        dialog.exec()

    def export_document(self, which: str) -> None:
        """Build the agreement or the monitoring report (PDF) and preview it."""
        from grantdesk.ui.codesign_export import export_agreement, export_monitoring

        if self.overview is None:
            return
        export = export_agreement if which == "agreement" else export_monitoring
        self._export = export(self, self.context, self.process_id)
