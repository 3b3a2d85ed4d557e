"""The co-design editor's “Meetings” tab: the tables held and to come, and what is open.

Above, the meetings in date order with how many were present, the action items still open
and whether the minutes are written; New, Edit (double click, Enter) and Delete open the
meeting editor (:mod:`grantdesk.ui.codesign_meeting_editor`) and push undoable commands.
Below, every action item not yet done across the meetings, soonest first, overdue in red:
what is still open, at a glance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QSplitter, QVBoxLayout, QWidget

from grantdesk.domain.dates import now_utc
from grantdesk.i18n import _
from grantdesk.services.codesign_reading import CodesignOverview
from grantdesk.services.present import show
from grantdesk.ui import icons
from grantdesk.ui.codesign_tabs import confirm_delete
from grantdesk.ui.codesign_widgets import ERROR, MUTED, POSITIVE, Row, TablePane, hint_label

if TYPE_CHECKING:
    from grantdesk.ui.codesign_editor import CodesignEditorDialog


class MeetingsTab(QWidget):
    """The co-design tables of the process and the action items still open."""

    def __init__(self, editor: CodesignEditorDialog) -> None:
        super().__init__()
        self.editor = editor
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 8)
        column.setSpacing(8)
        column.addWidget(
            hint_label(
                _(
                    "The tavoli di co-progettazione: who came, what was discussed and decided, "
                    "who does what by when. Open a meeting to tick those present and draft "
                    "the minutes from the template."
                )
            )
        )
        self.pane = TablePane(
            (
                _("No."),
                _("Date"),
                _("Place"),
                _("Present"),
                _("Open actions"),
                _("Minutes"),
                _("Decisions"),
            ),
            6,
            "MeetingsTable",
            right=(0, 3, 4),
        )
        self.pane.set_empty_texts(
            _("No meetings yet"),
            _("Record each co-design meeting: attendees, agenda, minutes and decisions."),
        )
        p = self.pane
        self.new_button = p.add_button(
            _("New meeting"), _("Record a meeting of the co-design table"), icons.icon("new")
        )
        self.edit_button = p.add_button(_("Edit"), _("Open the selected meeting (Enter)"))
        self.delete_button = p.add_button(_("Delete"))
        self.minutes_button = p.add_button(
            _("Minutes (PDF)…"), _("The minutes of the selected meeting, to preview and save")
        )
        p.finish_buttons()
        self.open_actions = TablePane(
            (_("Due"), _("Action"), _("Owner"), _("Meeting")), 1, "OpenActionsTable"
        )
        self.open_actions.set_empty_texts(
            _("Nothing open"), _("Every action item decided at the meetings is done.")
        )
        lower = QWidget()
        lower_column = QVBoxLayout(lower)
        lower_column.setContentsMargins(0, 6, 0, 0)
        lower_column.setSpacing(4)
        title = QLabel(_("Open action items"))
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        lower_column.addWidget(title)
        lower_column.addWidget(self.open_actions, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(p)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        column.addWidget(splitter, 1)
        self.new_button.clicked.connect(lambda: self.open_meeting(None))
        self.edit_button.clicked.connect(self._edit_current)
        self.delete_button.clicked.connect(self.delete_meeting)
        self.minutes_button.clicked.connect(self.export_minutes)
        p.activated.connect(self.open_meeting)
        self.open_actions.activated.connect(self._open_action)
        p.table.selectionModel().currentRowChanged.connect(lambda *_a: self._selection())

    def set_overview(self, overview: CodesignOverview) -> None:
        now = now_utc()
        rows = []
        for number, m in enumerate(overview.meetings, start=1):
            future = m.held_at > now
            rows.append(
                Row(
                    m.id,
                    (
                        str(number),
                        show(m.held_at),
                        m.place,
                        str(m.attendees) if m.attendees else "—",
                        f"{m.actions_open} / {m.actions}" if m.actions else "—",
                        _("Written")
                        if m.has_minutes
                        else (_("To come") if future else _("Missing")),
                        " ".join(m.decisions.split()),
                    ),
                    m.version,
                    colours=(
                        MUTED,
                        None,
                        None,
                        MUTED,
                        ERROR if m.actions_overdue else MUTED,
                        POSITIVE if m.has_minutes else (MUTED if future else ERROR),
                        MUTED,
                    ),
                    tooltips=("", "", "", "", "", "", m.decisions),
                    payload=m,
                )
            )
        self.pane.set_rows(rows)
        numbers = {m.id: i for i, m in enumerate(overview.meetings, start=1)}
        self.open_actions.set_rows(
            [
                Row(
                    a.id,
                    (
                        show(a.due_on) if a.due_on else "—",
                        a.description,
                        a.owner,
                        _("No. {n}, {date}").format(
                            n=numbers.get(a.meeting_id, "?"), date=show(a.held_at.date())
                        ),
                    ),
                    colours=(ERROR if a.overdue else None, None, MUTED, MUTED),
                    tooltips=(_("Overdue") if a.overdue else "", a.description, "", ""),
                    payload=a.meeting_id,
                )
                for a in overview.open_actions
            ]
        )
        self._selection()

    def _selection(self) -> None:
        selected = self.pane.current() is not None
        self.edit_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)
        self.minutes_button.setEnabled(selected)

    def _edit_current(self) -> None:
        key = self.pane.current_key()
        if key is not None:
            self.open_meeting(key)

    def _open_action(self, key: int) -> None:
        row = self.open_actions.model.row_at(self.open_actions.model.row_for_key(key))
        if row is not None:
            self.open_meeting(int(row.payload))

    def open_meeting(self, meeting_id: int | None) -> None:
        """Show the meeting editor (a new meeting when *meeting_id* is None); push the save."""
        from grantdesk.services.codesign_meetings import load_meeting
        from grantdesk.ui.codesign_commands import CreateRowCommand, EditRowCommand
        from grantdesk.ui.codesign_meeting_editor import MeetingEditorDialog

        context = self.editor.context
        old, version = None, 0
        if meeting_id is not None:
            loaded = self.editor.load(load_meeting, meeting_id)
            if loaded is None:
                return
            old, version = loaded
        dialog = MeetingEditorDialog(context, self.editor.process_id, meeting_id, old, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        form = dialog.form()
        if meeting_id is None:
            self.editor.push(
                CreateRowCommand(
                    context, "meeting", self.editor.process_id, form, self.editor.command_failed
                )
            )
        elif form != old:
            self.editor.push(
                EditRowCommand(
                    context, "meeting", meeting_id, old, form, version, self.editor.command_failed
                )
            )

    def delete_meeting(self) -> None:
        from grantdesk.ui.codesign_commands import DeleteRowCommand

        row = self.pane.current()
        if row is None:
            return
        text = _("Delete the meeting of {date}, with its attendees and action items?").format(
            date=show(row.payload.held_at)
        )
        if confirm_delete(self, _("Delete meeting"), text):
            self.editor.push(
                DeleteRowCommand(
                    self.editor.context,
                    "meeting",
                    self.editor.process_id,
                    row.key,
                    row.version,
                    self.editor.command_failed,
                )
            )

    def export_minutes(self) -> None:
        """Build the minutes of the selected meeting (PDF) and preview them."""
        from grantdesk.ui.codesign_export import export_minutes

        key = self.pane.current_key()
        if key is not None:
            self._export = export_minutes(self, self.editor.context, key)
