"""The proposal editor: one window per proposal, its parts in tabs, the rule check beside.

Tabs: General (call, title, acronym, owner, start, duration, summary, status pipeline),
Partners, Sections, Objectives, Activities (with the timeline), Indicators, SWOT,
Checklist and Budget (the budget grid of :mod:`grantdesk.ui.budget_grid`). Every change
is an undoable command on the application's undo stack (see
:mod:`grantdesk.ui.proposal_commands`); the General tab is a form saved with Ctrl+S,
every other tab saves as you go. After each change the window reads the proposal again
and checks it against its call: the findings panel on the right lists what to fix, and
activating a finding shows the tab and field concerned.

Keys: Ctrl+PgUp / Ctrl+PgDown switch tabs, Ctrl+S saves the General tab, Ctrl+Z and
Ctrl+Shift+Z undo and redo.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.rule_types import Target
from grantdesk.domain.vocab import ProposalStatus
from grantdesk.i18n import _
from grantdesk.ui.commands import _short
from grantdesk.ui.context import AppContext
from grantdesk.ui.palette import MUTED_COLOUR
from grantdesk.ui.proposal_activities import ActivitiesTab
from grantdesk.ui.proposal_checklist import ChecklistTab
from grantdesk.ui.proposal_commands import EditProposalCommand, PartCommand, current_proposal_id
from grantdesk.ui.proposal_editor_tabs import GeneralTab
from grantdesk.ui.proposal_findings import FindingsPanel
from grantdesk.ui.proposal_lists import IndicatorsTab, ObjectivesTab, SwotTab
from grantdesk.ui.proposal_partners import PartnersTab
from grantdesk.ui.proposal_sections import SectionsTab

log = logging.getLogger(__name__)

(GENERAL, PARTNERS, SECTIONS, OBJECTIVES, ACTIVITIES, INDICATORS, SWOT, CHECKLIST, BUDGET) = range(
    9
)
_AREAS = {
    "budget": BUDGET,
    "budget_line": BUDGET,
    "partners": PARTNERS,
    "lead": PARTNERS,
    "documents": PARTNERS,
    "attachments": CHECKLIST,
    "proposal_field": GENERAL,
}


def budget_tab(context: AppContext, proposal_id: int, parent: QWidget, today: date) -> QWidget:
    """The budget grid of :mod:`grantdesk.ui.budget_grid`, or a note while it is missing."""
    try:
        from grantdesk.ui.budget_grid import BudgetEditor
    except ImportError:  # the budget grid ships separately; the editor works without it
        note = QLabel(_("The budget editor is not available in this version."))
        note.setObjectName("BudgetPlaceholder")
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        note.setStyleSheet(f"color: {MUTED_COLOUR};")
        return note
    return BudgetEditor(context, proposal_id, parent, today)


class ProposalEditor(QWidget):
    """Edit one proposal (see the module's notes). *today* fixes the day the rule check
    and the document warnings judge by (tests, screenshots); None: the real today."""

    def __init__(
        self,
        context: AppContext,
        proposal_id: int,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        from grantdesk.services.proposal_editing import load_form, owner_names

        self.context = context
        self.proposal_id = proposal_id
        self._today = today
        self._calls: dict[int, str] = {}
        self.gone = False
        db = context.db
        assert db is not None
        self.original, self.version = load_form(db, proposal_id)  # RecordNotFoundError: gone
        self.parts: Any = None
        self.setObjectName("ProposalEditor")
        self.setMinimumSize(900, 620)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 10)
        layout.setSpacing(8)
        top = QHBoxLayout()
        headings = QVBoxLayout()
        headings.setSpacing(2)
        self.heading = QLabel()
        self.heading.setObjectName("DialogHeading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("EditorSubtitle")
        self.subtitle.setWordWrap(True)
        self.subtitle.setStyleSheet(f"color: {MUTED_COLOUR};")
        headings.addWidget(self.heading)
        headings.addWidget(self.subtitle)
        top.addLayout(headings, 1)
        from grantdesk.ui.proposal_exchange_actions import add_editor_button

        top.addWidget(add_editor_button(self), 0, Qt.AlignmentFlag.AlignTop)  # Ctrl+E
        self.undo_action = context.undo_stack.createUndoAction(self, _("Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = context.undo_stack.createRedoAction(self, _("Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.undo_action, self.redo_action):
            self.addAction(action)
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("ProposalTabs")
        self.tabs.setUsesScrollButtons(True)
        self.general = GeneralTab(owner_names(db))
        self.general.call_text = self._call_text
        self.general.save_requested.connect(self.save_general)
        self.general.choose_call.connect(self.choose_call)
        self.general.status_chosen.connect(self.request_status)
        self.partners = PartnersTab(self)
        self.sections = SectionsTab(self)
        self.objectives = ObjectivesTab(self)
        self.activities = ActivitiesTab(self)
        self.indicators = IndicatorsTab(self)
        self.swot = SwotTab(self)
        self.checklist = ChecklistTab(self)
        self.budget = budget_tab(context, proposal_id, self, self.today())
        target_requested = getattr(self.budget, "target_requested", None)
        if target_requested is not None:  # a budget finding about partners, attachments…
            target_requested.connect(lambda area, key: self.jump_to(Target(area, key)))
        pages = (
            (self.general, _("General")),
            (self.partners, _("Partners")),
            (self.sections, _("Sections")),
            (self.objectives, _("Objectives")),
            (self.activities, _("Activities")),
            (self.indicators, _("Indicators")),
            (self.swot, _("SWOT")),
            (self.checklist, _("Checklist")),
            (self.budget, _("Budget")),
        )
        for page, title in pages:
            self.tabs.addTab(page, title)
        self.findings = FindingsPanel()
        self.findings.target_activated.connect(self.jump_to)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.findings)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([940, 320])
        layout.addWidget(self.splitter, 1)

        # The budget grid has its own findings and needs the width: the panel steps aside.
        self.tabs.currentChanged.connect(lambda index: self.findings.setVisible(index != BUDGET))
        self._shortcut("Ctrl+PgDown", lambda: self.switch_tab(1))
        self._shortcut("Ctrl+PgUp", lambda: self.switch_tab(-1))
        self._shortcut("Ctrl+S", self.save_general)
        context.data_changed.connect(self._data_changed)
        context.database_changed.connect(self._database_changed)
        self.general.fill(self.original)
        self.reload()
        self.resize(1280, 840)

    def _shortcut(self, keys: str, slot: Any) -> None:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)

    # -- what the tabs ask of the editor (EditorHost) -----------------------------------

    def today(self) -> date:
        from grantdesk.services.dashboard import today_in_rome

        return self._today or today_in_rome()

    def push_part(self, key: str, old: Any, new: Any, text: str, merge_key: object = None) -> str:
        """Save *new* over part *key* as one undoable step; the refusal's sentence or ""."""
        if self.gone or self.context.db is None:
            return _("This proposal no longer exists: it may have been deleted from another desk.")
        command = PartCommand(
            self.context, self.proposal_id, key, old, new, text, self._ignore, merge_key
        )
        self.context.undo_stack.push(command)
        return command.failed

    def _ignore(self, _message: str) -> None:
        """Tabs show a refused change themselves, next to what was refused."""

    # -- reading the proposal again -----------------------------------------------------

    def _data_changed(self, kind: str) -> None:
        if kind in ("proposals", "*", "budget", "organizations", "calls") and not self.gone:
            self.reload()

    def reload(self) -> None:
        """Read the proposal again, show it in every tab, and check it against its call."""
        from grantdesk.services.details import RecordNotFoundError
        from grantdesk.services.proposal_editing import load_form
        from grantdesk.services.proposal_parts import load_parts

        db = self.context.db
        if db is None:
            return
        self.proposal_id = current_proposal_id(self.context, self.proposal_id)
        try:
            form, self.version = load_form(db, self.proposal_id)
            parts = load_parts(db, self.proposal_id)
        except RecordNotFoundError:
            self._mark_gone()
            return
        except Exception:  # the window stays; the panel says what happened
            log.exception("reading proposal %s failed", self.proposal_id)
            self.findings.show_error(_("The proposal could not be read from the database."))
            return
        self.original = form
        self.parts = parts
        self.general.latest_month = max((a.end_month for a in parts.activities), default=0)
        self.general.merge(form)
        for tab in (
            self.partners,
            self.sections,
            self.objectives,
            self.activities,
            self.indicators,
            self.swot,
            self.checklist,
        ):
            tab.show_parts(parts)
        self._update_heading()
        self.check()

    def check(self) -> None:
        """Run the rule check and show its findings."""
        from grantdesk.services.proposal_check import check_proposal

        db = self.context.db
        if db is None or self.gone:
            return
        try:
            result = check_proposal(db, self.proposal_id, self.today())
        except Exception:
            log.exception("checking proposal %s failed", self.proposal_id)
            self.findings.show_error(_("The proposal could not be checked."))
            return
        self.findings.show_findings(result.findings)

    def _update_heading(self) -> None:
        form = self.original
        title = f"{form.acronym} – {form.title}" if form.acronym else form.title
        self.heading.setText(title)
        self.setWindowTitle(_("{title} — proposal").format(title=_short(title, 70)))
        lead = next((m.name for m in self.parts.members if m.lead), "") if self.parts else ""
        bits = [
            _("Call: {call}").format(call=self.parts.call_title)
            if self.parts and self.parts.call_title
            else _("No call chosen yet"),
            _("Lead: {lead}").format(lead=lead) if lead else _("No lead yet"),
            ProposalStatus(form.status).label,
        ]
        self.subtitle.setText(" · ".join(bits))

    def _call_text(self, call_id: int | None) -> str:
        from grantdesk.services.proposal_editing import call_choice

        if call_id is None or self.context.db is None:
            return ""
        if call_id not in self._calls:
            found = call_choice(self.context.db, call_id)
            self._calls[call_id] = (
                f"{found.title}\n{found.funder}" + (f" · {found.code}" if found.code else "")
                if found is not None
                else ""
            )
        return self._calls[call_id]

    def _database_changed(self) -> None:
        # Another database is open: this proposal is not in it, nothing more is saved.
        self.gone = True
        self.close()

    def _mark_gone(self) -> None:
        self.gone = True
        self.tabs.setEnabled(False)
        self.findings.show_error(
            _("This proposal no longer exists: it may have been deleted from another desk.")
        )
        self.subtitle.setText(_("Deleted."))

    # -- the General tab ----------------------------------------------------------------

    def save_general(self) -> bool:
        """Save the General tab's fields (Ctrl+S); also what was typed in a section."""
        self.sections.commit()
        self.swot.commit()
        if self.gone:
            return False
        self.general.refresh_errors()
        form, problems = self.general.read_form()
        if problems or self.general.errors():
            return False
        if form == self.original:
            return True
        return self._push_form(form, "")

    def _push_form(self, form: Any, text: str) -> bool:
        command = EditProposalCommand(
            self.context, self.proposal_id, self.original, form, self.version, self._ignore, text
        )
        self.context.undo_stack.push(command)
        if command.failed:
            self.general.note_status(command.failed)
            return False
        self.context.status_message.emit(_("Proposal saved."))
        return True

    def change_status(self, status: str, **data: Any) -> bool:
        """Move the proposal to *status* with the data given (else the data typed or
        saved); refused with the sentence of what is missing."""
        from dataclasses import replace

        from grantdesk.services.proposal_editing import status_problems

        typed, _problems = self.general.read_form()
        values = {
            name: data.get(name, getattr(typed, name) or getattr(self.original, name))
            for name in ("submitted_on", "decided_on", "awarded_amount")
        }
        missing = status_problems(status, **values)
        label = ProposalStatus(status).label
        if missing:
            self.general.note_status(
                _("Status not changed: {reason}").format(reason=next(iter(missing.values())))
            )
            return False
        form = replace(self.original, status=status, **values)
        text = _("change status of “{title}” to {status}").format(
            title=_short(self.original.title), status=label
        )
        if not self._push_form(form, text):
            return False
        self.general.note_status("")
        return True

    def request_status(self, status: str) -> None:
        """A chip of the pipeline was clicked: ask for what the status needs, then move."""
        from dataclasses import replace

        from grantdesk.services.proposal_editing import status_needs, status_problems
        from grantdesk.ui.proposal_status import StatusDataDialog, requested_grant

        typed, _problems = self.general.read_form()
        values = {
            name: getattr(typed, name) or getattr(self.original, name)
            for name in ("submitted_on", "decided_on", "awarded_amount")
        }
        if not status_problems(status, **values):
            self.change_status(status)
            return
        db = self.context.db
        requested = (
            requested_grant(db, self.proposal_id)
            if db is not None and "awarded_amount" in status_needs(status)
            else None
        )
        form = replace(self.original, **values)
        dialog = StatusDataDialog(form.title, status, form, self.today(), requested, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.values():
            self.change_status(status, **dialog.values())

    def choose_call(self) -> None:
        from grantdesk.ui.proposal_pickers import CallPickerDialog

        dialog = CallPickerDialog(self.context, self.original.call_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.change_call(dialog.chosen())

    def change_call(self, call_id: int | None) -> bool:
        """Move the proposal to another call (one undo step); an empty checklist takes the
        new call's required attachments."""
        from dataclasses import replace

        from grantdesk.services.proposal_editing import requirement_names
        from grantdesk.services.proposal_part_rows import ChecklistEntry

        if call_id == self.original.call_id or self.context.db is None:
            return True
        stack = self.context.undo_stack
        text = _("change the call of “{title}”").format(title=_short(self.original.title))
        stack.beginMacro(text)
        try:
            done = self._push_form(replace(self.original, call_id=call_id), text)
            if done and call_id is not None and self.parts is not None and not self.parts.checklist:
                items = tuple(
                    ChecklistEntry(name, requirement_id=key)
                    for key, name, _m in requirement_names(self.context.db, call_id)
                )
                if items:
                    self.push_part("checklist", (), items, text)
        finally:
            stack.endMacro()
        return done

    # -- moving around ------------------------------------------------------------------

    def switch_tab(self, step: int) -> None:
        """The next (*step* 1) or previous (-1) tab, round the end."""
        count = self.tabs.count()
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % count)

    def jump_to(self, target: Target) -> None:
        """Show the tab and field a finding's *target* points to."""
        tab = _AREAS.get(target.area)
        if tab is None:
            return
        self.tabs.setCurrentIndex(tab)
        if target.area == "proposal_field" and target.key:
            self.general.focus_field(target.key)
        elif target.area == "attachments":
            self.checklist.select_item(target.key)
            self.checklist.table.setFocus()
        elif target.area == "documents" and target.key and target.key.isdigit():
            self.partners.select(int(target.key))
            self.partners.table.setFocus()
        elif target.area in ("partners", "lead"):
            lead = next((m.organization_id for m in self.parts.members if m.lead), None)
            if lead is not None:
                self.partners.select(lead)
            self.partners.table.setFocus()
        elif tab == BUDGET:
            show = getattr(self.budget, "show_target", None)
            if callable(show):
                show(target)

    # -- closing ------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.gone and self.context.db is not None:
            self.sections.commit()
            self.swot.commit()
            if self.general.dirty() and not self._ask_to_save():
                event.ignore()
                return
        try:
            self.context.data_changed.disconnect(self._data_changed)
            self.context.database_changed.disconnect(self._database_changed)
        except (RuntimeError, TypeError):  # already disconnected
            pass
        super().closeEvent(event)

    def _ask_to_save(self) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Unsaved changes"))
        box.setText(_("Save the changes on the General tab?"))
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        for button, text in (
            (QMessageBox.StandardButton.Save, _("Save")),
            (QMessageBox.StandardButton.Discard, _("Don't save")),
            (QMessageBox.StandardButton.Cancel, _("Cancel")),
        ):
            found = box.button(button)
            if found is not None:
                found.setText(text)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save_general()
        return answer == QMessageBox.StandardButton.Discard
