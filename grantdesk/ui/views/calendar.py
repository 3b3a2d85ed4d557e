"""The Calendar view: a month of deadlines (Rome days) beside the month's agenda."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.dates import utc_to_rome
from grantdesk.domain.vocab import CallStatus
from grantdesk.i18n import N_, _
from grantdesk.services import dashboard
from grantdesk.services.dashboard import DueItem
from grantdesk.services.database import Database
from grantdesk.ui.context import AppContext
from grantdesk.ui.models.dashboard_models import (
    Entry,
    MonthModel,
    Tone,
    grid_start,
    item_day,
    ui_locale,
)
from grantdesk.ui.views.calendar_grid import MonthView
from grantdesk.ui.views.dashboard_widgets import (
    Card,
    ContextView,
    due_phrase,
    muted,
    scaled_font,
    text_width,
    tone_colour,
)
from grantdesk.ui.views.entry_list import EntryList
from grantdesk.ui.views.home_widgets import deadline_entry, deadline_record, deadline_title

LEGEND = (
    (Tone.OVERDUE, N_("Overdue")),
    (Tone.THIS_WEEK, N_("Next 7 days")),
    (Tone.THIS_MONTH, N_("Within a month")),
    (Tone.LATER, N_("Later")),
    (Tone.DONE, N_("Completed")),
)


def month_name(year: int, month: int) -> str:
    """``aprile 2026`` in Italian, ``April 2026`` in English (for use inside a sentence)."""
    return f"{ui_locale().standaloneMonthName(month)} {year}"


def month_title(year: int, month: int) -> str:
    """``Aprile 2026``: the month as a title, capitalised."""
    name = month_name(year, month)
    return name[:1].upper() + name[1:]


def day_title(day: date) -> str:
    """``mercoledì 1 aprile``."""
    return ui_locale().toString(QDate(day.year, day.month, day.day), "dddd d MMMM")


def agenda_entries(items: list[DueItem], today: date) -> list[Entry]:
    """The month's deadlines in date order, under one header per day."""
    rows: list[Entry] = []
    current: date | None = None
    for item in items:
        day = item_day(item)
        if day != current:
            current = day
            title = day_title(day) + (f" · {_('today')}" if day == today else "")
            rows.append(
                Entry(
                    title=title,
                    header=True,
                    tone=Tone.THIS_MONTH if day == today else Tone.NEUTRAL,
                    day=day,
                )
            )
        entry = deadline_entry(item, badge=utc_to_rome(item.due_at).strftime("%H:%M"))
        tone = Tone.DONE if item.done else entry.tone
        subtitle = " · ".join(p for p in (item.owner, entry.subtitle) if p)
        rows.append(
            Entry(
                title=entry.title,
                subtitle=subtitle,
                badge=entry.badge,
                badge_sub=_("done") if tone == Tone.DONE else due_phrase(item.days_left),
                tone=tone,
                record=entry.record,
                tooltip=entry.tooltip,
                day=day,
            )
        )
    return rows


class CalendarView(ContextView):
    """Deadlines by month: a Monday-first grid and the month's agenda, with filters.

    Days are Rome days: a deadline at 23:30 UTC on 31 March falls on 1 April.

    Signals:
        open_record(str, int): the user asked to open what a deadline belongs to: its kind
            ("call", "proposal" or "codesign") and id.
    """

    open_record = Signal(str, int)
    KINDS = frozenset({"calls", "deadlines", "proposals", "codesigns"})

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("calendarView")
        self.month_model = MonthModel(self)
        self._month: tuple[int, int] | None = None
        self._selected: date | None = None
        self._items: list[DueItem] = []
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(14)
        layout.addLayout(self._build_toolbar())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.setHandleWidth(16)
        splitter.addWidget(self._build_grid())
        splitter.addWidget(self._build_agenda())
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([640, 380])
        layout.addWidget(splitter, 1)
        self.pages.addWidget(content)
        self.content = content

    # -- layout ---------------------------------------------------------------------------

    def _build_toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.previous_button = QToolButton()
        self.previous_button.setText("‹")
        self.previous_button.setToolTip(_("Previous month (Page Up)"))
        self.previous_button.setAccessibleName(_("Previous month"))
        self.next_button = QToolButton()
        self.next_button.setText("›")
        self.next_button.setToolTip(_("Next month (Page Down)"))
        self.next_button.setAccessibleName(_("Next month"))
        for button in (self.previous_button, self.next_button):
            button.setFont(scaled_font(self.font(), 1.4, QFont.Weight.Bold))
            button.setAutoRaise(True)
            button.setFixedSize(34, 34)
        self.previous_button.clicked.connect(self.previous_month)
        self.next_button.clicked.connect(self.next_month)
        self.today_button = QPushButton(_("Today"))
        self.today_button.setObjectName("calendarTodayButton")
        self.today_button.setToolTip(_("Show the current month"))
        self.today_button.clicked.connect(self.go_to_today)
        self.title = QLabel()
        self.title.setObjectName("calendarTitle")
        self.title.setFont(scaled_font(self.font(), 1.6, QFont.Weight.Bold))
        bar.addWidget(self.today_button)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.next_button)
        bar.addSpacing(8)
        bar.addWidget(self.title)
        bar.addStretch(1)

        self.funder_combo = self._combo(_("All funders"), "calendarFunderFilter")
        self.owner_combo = self._combo(_("All owners"), "calendarOwnerFilter")
        self.status_combo = self._combo(_("Any call status"), "calendarStatusFilter")
        for status in CallStatus:
            self.status_combo.addItem(status.label, status)
        filters = QLabel(_("Show:"))
        filters.setStyleSheet(f"color: {muted(self.palette()).name()};")
        bar.addWidget(filters)
        for combo in (self.funder_combo, self.owner_combo, self.status_combo):
            bar.addWidget(combo)
            combo.currentIndexChanged.connect(self._filters_changed)
        return bar

    @staticmethod
    def _combo(everything: str, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.addItem(everything, None)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setMaximumWidth(230)
        combo.setToolTip(everything)
        return combo

    def _build_grid(self) -> QWidget:
        card = Card("")
        card.setObjectName("calendarGridCard")
        card.set_margins(8, 8, 8, 10)
        self.grid = MonthView()
        self.grid.setModel(self.month_model)
        self.grid.month_step.connect(self.step_month)
        self.grid.selectionModel().currentChanged.connect(self._current_changed)
        self.grid.activated.connect(self._day_activated)
        card.body.addWidget(self.grid, 1)
        legend = QHBoxLayout()
        legend.setContentsMargins(12, 0, 12, 0)
        legend.setSpacing(14)
        for tone, label in LEGEND:
            item = QLabel(f"<span style='color:{tone_colour(tone).name()}'>●</span> {_(label)}")
            item.setStyleSheet(f"color: {muted(self.palette()).name()};")
            legend.addWidget(item)
        legend.addStretch(1)
        card.body.addLayout(legend)
        return card

    def _build_agenda(self) -> QWidget:
        card = Card(_("Deadlines of the month"))
        card.setObjectName("calendarAgendaCard")
        bold = scaled_font(self.font(), 1.0, QFont.Weight.DemiBold)
        self.agenda = EntryList(
            _("No deadline this month."),
            badge_width=text_width(bold, "00:00") + 8,
            compact=True,
        )
        self.agenda.setObjectName("calendarAgenda")
        self.agenda.record_activated.connect(self.open_record)
        card.body.addWidget(self.agenda, 1)
        self.agenda_card = card
        return card

    # -- navigation -----------------------------------------------------------------------

    def shown_month(self) -> tuple[int, int]:
        """The (year, month) on screen."""
        return self._month or (self.today().year, self.today().month)

    def show_month(self, year: int, month: int, select: date | None = None) -> None:
        """Show *month* of *year*, selecting *select* (default: today or the 1st)."""
        self._month = (year, month)
        today = self.today()
        if select is None:
            same = (today.year, today.month) == (year, month)
            select = today if same else date(year, month, 1)
        self._selected = select
        if self.context.db is not None and self.pages.currentWidget() is self.content:
            self._load_month()
        else:
            self.refresh()

    def step_month(self, step: int) -> None:
        """Move *step* months forward (negative: back)."""
        year, month = self.shown_month()
        index = year * 12 + month - 1 + step
        self.show_month(index // 12, index % 12 + 1)

    def previous_month(self) -> None:
        self.step_month(-1)

    def next_month(self) -> None:
        self.step_month(1)

    def go_to_today(self) -> None:
        today = self.today()
        self.show_month(today.year, today.month, today)

    def selected_day(self) -> date | None:
        return self._selected

    # -- data -----------------------------------------------------------------------------

    def _reload(self) -> None:
        db = self.context.db
        assert db is not None
        self._fill_filters(db)
        self.pages.setCurrentWidget(self.content)
        self._load_month()

    def _fill_filters(self, db: Database) -> None:
        funder = self.funder_combo.currentData()
        owner = self.owner_combo.currentData()
        for combo in (self.funder_combo, self.owner_combo):
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
        for funder_id, name in dashboard.funders(db):
            self.funder_combo.addItem(name, funder_id)
        for name in dashboard.owners(db):
            self.owner_combo.addItem(name, name)
        for combo, value in ((self.funder_combo, funder), (self.owner_combo, owner)):
            found = combo.findData(value) if value is not None else 0
            combo.setCurrentIndex(max(0, found))
            combo.blockSignals(False)

    def _filters_active(self) -> bool:
        return any(
            c.currentData() is not None
            for c in (self.funder_combo, self.owner_combo, self.status_combo)
        )

    def _filters_changed(self) -> None:
        if self.context.db is not None and self.pages.currentWidget() is self.content:
            self._load_month()

    def _load_month(self) -> None:
        db = self.context.db
        if db is None:
            return
        today = self.today()
        year, month = self.shown_month()
        self._month = (year, month)
        first = grid_start(year, month)
        items = dashboard.deadlines_between(
            db,
            first,
            first + timedelta(days=MonthModel.WEEKS * 7 - 1),
            today,
            funder_id=self.funder_combo.currentData(),
            owner=self.owner_combo.currentData(),
            call_status=self.status_combo.currentData(),
        )
        done = frozenset(i.id for i in items if i.done)
        titles = {i.id: deadline_title(i) for i in items if not i.title}
        self.month_model.set_month(year, month, today, items, done, titles)
        self._items = [i for i in items if (d := item_day(i)).year == year and d.month == month]
        self.title.setText(month_title(year, month))
        in_month = month_name(year, month)
        self.agenda_card.title.setText(_("Deadlines in {month}").format(month=in_month))
        self.agenda_card.set_count(len(self._items) if self._items else None)
        if self._filters_active():
            empty = _("No deadline in {month} matches these filters.")
        else:
            empty = _("No deadline in {month}.")
        self.agenda.set_entries(agenda_entries(self._items, today), empty.format(month=in_month))
        selected = self._selected
        if selected is None or (selected.year, selected.month) != (year, month):
            selected = today if (today.year, today.month) == (year, month) else date(year, month, 1)
        self._select(selected)

    def month_items(self) -> list[DueItem]:
        """The deadlines of the shown month (filters applied), in date order."""
        return list(self._items)

    def _select(self, day: date) -> None:
        self._selected = day
        index = self.month_model.index_of(day)
        if index.isValid():
            self.grid.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        self._scroll_agenda(day)

    def _scroll_agenda(self, day: date) -> None:
        row = self.agenda.model.row_of_day(day)
        if row >= 0:
            self.agenda.view.scrollTo(
                self.agenda.model.index(row), QAbstractItemView.ScrollHint.PositionAtTop
            )

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        day: date = current.data(MonthModel.DateRole)
        if day == self._selected:
            return
        self._selected = day
        if (day.year, day.month) != self.shown_month():
            # Arrow keys or a click left the month: follow them, after this signal returns.
            QTimer.singleShot(0, lambda: self.show_month(day.year, day.month, day))
        else:
            self._scroll_agenda(day)

    def _day_activated(self, index: QModelIndex) -> None:
        items: list[DueItem] = index.data(MonthModel.ItemsRole) or []
        if len(items) == 1:
            record = deadline_record(items[0])
            if record is not None:
                self.open_record.emit(*record)
                return
        row = self.agenda.model.row_of_day(index.data(MonthModel.DateRole))
        if row >= 0:
            self.agenda.view.setFocus()
            self.agenda.view.setCurrentIndex(self.agenda.model.index(row + 1))
