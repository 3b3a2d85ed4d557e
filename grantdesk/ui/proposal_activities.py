"""The Activities tab: a table of activities (who is responsible, from which month to
which) above their timeline (:class:`grantdesk.ui.gantt.GanttChart`).

Months are counted from the project's start and stay within its duration; a row that
breaks that is refused with one sentence and put back as it was. Every change is one
undoable step, and the timeline follows it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QSplitter, QVBoxLayout, QWidget

from grantdesk.i18n import _
from grantdesk.services.proposal_part_rows import MAX_MONTHS, ActivityEntry, activity_problems
from grantdesk.ui.commands import _short
from grantdesk.ui.gantt import GanttChart, bars_from_activities
from grantdesk.ui.proposal_editor_tabs import EditorHost, error_line, intro, show_error
from grantdesk.ui.proposal_tables import (
    Cell,
    ComboDelegate,
    EntryTable,
    RowButtons,
    SpinDelegate,
    moved,
    without,
)

if TYPE_CHECKING:
    from grantdesk.services.proposal_parts import ProposalParts

TITLE, RESPONSIBLE, START, END, DESCRIPTION = range(5)


class ActivitiesTab(QWidget):
    """The activities of the proposal and their timeline."""

    def __init__(self, host: EditorHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.parts: ProposalParts | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 16, 16, 12)
        column.setSpacing(8)
        self.intro = intro("")
        column.addWidget(self.intro)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        top = QWidget()
        top_column = QVBoxLayout(top)
        top_column.setContentsMargins(0, 0, 0, 0)
        self.table = EntryTable(
            [_("Activity"), _("Responsible"), _("From month"), _("To month"), _("Description")],
            stretch=TITLE,
        )
        self.table.setObjectName("ActivitiesTable")
        self.table.setColumnWidth(RESPONSIBLE, 220)
        self.table.setColumnWidth(START, 100)
        self.table.setColumnWidth(END, 100)
        self.table.setColumnWidth(DESCRIPTION, 260)
        self.table.setItemDelegateForColumn(RESPONSIBLE, ComboDelegate(self._responsibles, self))
        self.table.setItemDelegateForColumn(START, SpinDelegate(self._months, self))
        self.table.setItemDelegateForColumn(END, SpinDelegate(self._months, self))
        self.table.committed.connect(self._committed)
        top_column.addWidget(self.table, 1)
        self.error = error_line()
        top_column.addWidget(self.error)
        self.buttons = RowButtons(self.table, _("Add activity"))
        self.buttons.add_requested.connect(self.add_activity)
        self.buttons.remove_requested.connect(self._remove)
        self.buttons.move_requested.connect(self._move)
        top_column.addWidget(self.buttons)
        splitter.addWidget(top)
        self.gantt = GanttChart()
        self.gantt.bar_activated.connect(lambda row: self.table.setCurrentCell(row, TITLE))
        self.gantt_scroll = QScrollArea()
        self.gantt_scroll.setObjectName("GanttScroll")
        self.gantt_scroll.setWidgetResizable(True)
        self.gantt_scroll.setWidget(self.gantt)
        splitter.addWidget(self.gantt_scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        column.addWidget(splitter, 1)

    # -- choices for the delegates ------------------------------------------------------

    def _responsibles(self) -> list[tuple[object, str]]:
        choices: list[tuple[object, str]] = [(None, _("— no one yet —"))]
        if self.parts is not None:
            choices += [(m.organization_id, m.name) for m in self.parts.members]
        return choices

    def _months(self) -> int:
        if self.parts is not None and self.parts.duration_months:
            return self.parts.duration_months
        return MAX_MONTHS

    # -- showing ------------------------------------------------------------------------

    def show_parts(self, parts: ProposalParts) -> None:
        self.parts = parts
        months = parts.duration_months
        self.intro.setText(
            _("Months are counted from the start of the project, which lasts {n} months.").format(
                n=months
            )
            if months
            else _(
                "Months are counted from the start of the project. Set its duration on the "
                "General tab to keep the activities within it."
            )
        )
        self.table.set_rows([self._row(a) for a in parts.activities])
        self.buttons.update_enabled()
        self.gantt.set_plan(
            bars_from_activities(parts.activities, parts.names),
            months,
            parts.start_on,
            self.host.today(),
            keys=[m.organization_id for m in parts.members],
        )

    def _row(self, activity: ActivityEntry) -> list[Cell]:
        assert self.parts is not None
        who = activity.responsible_id
        name = self.parts.names.get(who, "") if who is not None else _("— no one yet —")
        return [
            Cell(activity.title, activity.id),
            Cell(name, who),
            Cell(str(activity.start_month), activity.start_month),
            Cell(str(activity.end_month), activity.end_month),
            Cell(activity.description),
        ]

    def entries(self) -> tuple[ActivityEntry, ...]:
        """The activities as the table holds them now."""
        found = []
        for row in range(self.table.rowCount()):
            start = self.table.value(row, START)
            end = self.table.value(row, END)
            found.append(
                ActivityEntry(
                    title=self.table.text(row, TITLE),
                    description=self.table.text(row, DESCRIPTION),
                    responsible_id=self.table.value(row, RESPONSIBLE),
                    start_month=start if isinstance(start, int) else 1,
                    end_month=end if isinstance(end, int) else 1,
                    id=self.table.value(row, TITLE),
                )
            )
        return tuple(found)

    # -- changing -----------------------------------------------------------------------

    def save(self, new: tuple[ActivityEntry, ...], text: str) -> bool:
        """Check *new*, then save it undoably; on a refusal put the table back."""
        assert self.parts is not None
        problems = activity_problems(new, self.parts.duration_months)
        failed = problems[min(problems)] if problems else ""
        if not failed:
            failed = self.host.push_part("activities", self.parts.activities, new, text)
        show_error(self.error, failed)
        if failed:
            self.show_parts(self.parts)
        return not failed

    def _committed(self) -> None:
        if self.parts is None:
            return
        new = self.entries()
        if new == self.parts.activities:
            return
        row = max(self.table.currentRow(), 0)
        title = new[row].title if row < len(new) else ""
        self.save(new, _("edit activity “{title}”").format(title=_short(title)))

    def add_activity(self) -> None:
        if self.parts is None:
            return
        lead = next((m.organization_id for m in self.parts.members if m.lead), None)
        last = min(3, self._months())
        entry = ActivityEntry(_("New activity"), responsible_id=lead, start_month=1, end_month=last)
        if self.save((*self.parts.activities, entry), _("add an activity")):
            self.table.edit_cell(self.table.rowCount() - 1, TITLE)

    def _remove(self) -> None:
        row = self.table.currentRow()
        if self.parts is None or not 0 <= row < len(self.parts.activities):
            return
        title = self.parts.activities[row].title
        self.save(
            without(self.parts.activities, row),
            _("remove activity “{title}”").format(title=_short(title)),
        )

    def _move(self, offset: int) -> None:
        row = self.table.currentRow()
        if self.parts is None or not 0 <= row < len(self.parts.activities):
            return
        if self.save(moved(self.parts.activities, row, offset), _("move an activity")):
            self.table.setCurrentCell(row + offset, self.table.currentColumn())

    def set_responsible(self, row: int, organization_id: int | None) -> bool:
        """Make *organization_id* responsible for the activity at *row*."""
        if self.parts is None or not 0 <= row < len(self.parts.activities):
            return False
        activities = list(self.parts.activities)
        activities[row] = replace(activities[row], responsible_id=organization_id)
        return self.save(tuple(activities), _("change who is responsible"))
