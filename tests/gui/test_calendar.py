"""The Calendar view: Rome days, filters, month navigation and the agenda."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from PySide6.QtCore import Qt

from grantdesk.db.models import Deadline
from grantdesk.domain.vocab import CallStatus, DeadlineKind
from grantdesk.i18n import set_language
from grantdesk.services import dashboard
from grantdesk.ui.context import AppContext
from grantdesk.ui.models.dashboard_models import MonthModel, Tone
from grantdesk.ui.views.calendar import CalendarView, month_title
from tests.helpers import factories as f


@pytest.fixture
def calendar(qtbot: Any, context: AppContext) -> CalendarView:
    view = CalendarView(context)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.refresh()
    return view


def seed_april(db: Any) -> dict[str, int]:
    """Deadlines in April 2026 for two funders, two owners and two call statuses."""
    with db.transaction() as s:
        cariplo = f.call(s, "Welfare di comunità", "Fondazione Cariplo", status=CallStatus.GO)
        region = f.call(s, "Invecchiamento attivo", "Regione Lombardia", status=CallStatus.NEW)
        f.deadline(s, cariplo, date(2026, 4, 7), owner="Giulia Ferraris")
        f.deadline(s, cariplo, date(2026, 4, 21), owner="Marco Bellini", kind=DeadlineKind.REPORT)
        f.deadline(s, region, date(2026, 4, 14), time(9, 0), owner="Giulia Ferraris")
        f.deadline(s, region, date(2026, 5, 12), owner="Giulia Ferraris")
        return {"cariplo": cariplo.id, "region": region.id, "funder": cariplo.funder_id}


def test_a_deadline_late_on_31_march_utc_is_on_1_april_in_rome(
    calendar: CalendarView, context: AppContext
) -> None:
    # 23:30 UTC on 31 March 2026 is 01:30 on 1 April in Rome (summer time since 29 March).
    with context.db.transaction() as s:  # type: ignore[union-attr]
        call = f.call(s, "Bando Emblematici Provinciali")
        s.add(
            Deadline(
                call=call,
                kind=DeadlineKind.APPLICATION,
                due_at=datetime(2026, 3, 31, 23, 30, tzinfo=UTC),
                owner="Marco Bellini",
            )
        )
    calendar.show_month(2026, 4)
    model = calendar.month_model
    assert [i.title for i in model.items_on(date(2026, 4, 1))] == ["Bando Emblematici Provinciali"]
    assert model.items_on(date(2026, 3, 31)) == []
    assert [i.title for i in calendar.month_items()] == ["Bando Emblematici Provinciali"]
    [header, row] = calendar.agenda.model.entries()
    assert header.header and header.day == date(2026, 4, 1)
    assert row.badge == "01:30"

    calendar.show_month(2026, 3)  # March's grid shows 1 April greyed, with the deadline
    assert model.items_on(date(2026, 3, 31)) == []
    assert len(model.items_on(date(2026, 4, 1))) == 1
    assert not model.data(model.index_of(date(2026, 4, 1)), MonthModel.InMonthRole)
    assert calendar.month_items() == []
    assert calendar.agenda.is_empty()


def test_the_grid_starts_on_monday_and_names_the_days(
    calendar: CalendarView, context: AppContext
) -> None:
    calendar.show_month(2026, 4)
    model = calendar.month_model
    assert model.first_day() == date(2026, 3, 30)  # a Monday
    assert model.last_day() == date(2026, 5, 10)
    assert model.data(model.index(0, 2), MonthModel.DateRole) == date(2026, 4, 1)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Mon"
    assert model.headerData(6, Qt.Orientation.Horizontal) == "Sun"
    set_language("it")
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Lun"
    assert month_title(2026, 4) == "Aprile 2026"


def test_the_month_shows_its_deadlines_in_date_order(
    calendar: CalendarView, context: AppContext
) -> None:
    seed_april(context.db)
    calendar.show_month(2026, 4)
    assert [i.due_at.day for i in calendar.month_items()] == [7, 14, 21]
    assert calendar.title.text() == "April 2026"
    assert calendar.agenda_card.count.text() == "3"
    days = [e.day for e in calendar.agenda.model.entries() if e.header]
    assert days == [date(2026, 4, 7), date(2026, 4, 14), date(2026, 4, 21)]
    assert len(calendar.month_model.items_on(date(2026, 5, 10))) == 0
    assert len(calendar.month_model.items_on(date(2026, 4, 14))) == 1


FILTERS = [
    ("funder_combo", "Fondazione Cariplo", [7, 21]),
    ("funder_combo", "Regione Lombardia", [14]),
    ("owner_combo", "Giulia Ferraris", [7, 14]),
    ("owner_combo", "Marco Bellini", [21]),
    ("status_combo", "New", [14]),
    ("status_combo", "Go", [7, 21]),
    ("status_combo", "Closed", []),
]


@pytest.mark.parametrize(("combo", "text", "days"), FILTERS)
def test_filters_reduce_the_month(
    calendar: CalendarView, context: AppContext, combo: str, text: str, days: list[int]
) -> None:
    seed_april(context.db)
    calendar.refresh()  # the funders and owners now exist
    calendar.show_month(2026, 4)
    box = getattr(calendar, combo)
    index = box.findText(text)
    assert index > 0
    box.setCurrentIndex(index)
    assert [i.due_at.day for i in calendar.month_items()] == days
    shown = sum(len(calendar.month_model.items_on(date(2026, 4, d))) for d in range(1, 31))
    assert shown == len(days)
    if not days:
        assert calendar.agenda.is_empty()
        assert "filters" in calendar.agenda.empty.text()
    box.setCurrentIndex(0)
    assert len(calendar.month_items()) == 3


def test_the_calendar_speaks_italian(calendar: CalendarView, context: AppContext) -> None:
    seed_april(context.db)
    set_language("it")
    calendar.show_month(2026, 4)
    assert calendar.title.text() == "Aprile 2026"
    assert calendar.agenda_card.title.text() == "Scadenze di aprile 2026"
    headers = [e.title for e in calendar.agenda.model.entries() if e.header]
    assert headers[0] == "martedì 7 aprile"
    calendar.status_combo.setCurrentIndex(calendar.status_combo.count() - 1)  # Closed
    assert calendar.agenda.empty.text() == (
        "Nessuna scadenza di aprile 2026 corrisponde a questi filtri."
    )


def test_filters_survive_a_reload(calendar: CalendarView, context: AppContext) -> None:
    seed_april(context.db)
    calendar.refresh()
    calendar.show_month(2026, 4)
    calendar.owner_combo.setCurrentIndex(calendar.owner_combo.findText("Marco Bellini"))
    calendar.refresh()
    assert calendar.owner_combo.currentText() == "Marco Bellini"
    assert [i.due_at.day for i in calendar.month_items()] == [21]


def test_month_navigation(qtbot: Any, calendar: CalendarView, context: AppContext) -> None:
    seed_april(context.db)
    calendar.show_month(2026, 4)
    calendar.next_month()
    assert calendar.shown_month() == (2026, 5)
    assert [i.due_at.day for i in calendar.month_items()] == [12]
    calendar.previous_month()
    calendar.previous_month()
    assert calendar.shown_month() == (2026, 3)
    calendar.show_month(2026, 12)
    calendar.next_month()
    assert calendar.shown_month() == (2027, 1)
    qtbot.mouseClick(calendar.today_button, Qt.MouseButton.LeftButton)
    today = dashboard.today_in_rome()
    assert calendar.shown_month() == (today.year, today.month)
    assert calendar.selected_day() == today
    current = calendar.grid.currentIndex()
    assert current.data(MonthModel.TodayRole)


def test_keyboard_navigation(qtbot: Any, calendar: CalendarView, context: AppContext) -> None:
    seed_april(context.db)
    calendar.show()
    calendar.show_month(2026, 4, date(2026, 4, 29))
    grid = calendar.grid
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert calendar.selected_day() == date(2026, 4, 30)
    qtbot.keyClick(grid, Qt.Key.Key_Down)  # 7 May: the calendar follows into May
    qtbot.waitUntil(lambda: calendar.shown_month() == (2026, 5))
    assert calendar.selected_day() == date(2026, 5, 7)
    assert grid.currentIndex().data(MonthModel.DateRole) == date(2026, 5, 7)
    qtbot.keyClick(grid, Qt.Key.Key_PageUp)
    assert calendar.shown_month() == (2026, 4)
    qtbot.keyClick(grid, Qt.Key.Key_PageDown)
    assert calendar.shown_month() == (2026, 5)


def test_activating_a_deadline_asks_to_open_its_call(
    qtbot: Any, calendar: CalendarView, context: AppContext
) -> None:
    ids = seed_april(context.db)
    calendar.show()
    calendar.show_month(2026, 4)
    rows = calendar.agenda.model.entries()
    row = next(i for i, e in enumerate(rows) if e.record == ("call", ids["region"]))
    calendar.agenda.view.setFocus()
    calendar.agenda.view.setCurrentIndex(calendar.agenda.model.index(row))
    with qtbot.waitSignal(calendar.open_record, timeout=1000) as blocker:
        qtbot.keyClick(calendar.agenda.view, Qt.Key.Key_Return)
    assert blocker.args == ["call", ids["region"]]
    # Enter on a day with one deadline opens it too.
    calendar.grid.setFocus()
    calendar.grid.setCurrentIndex(calendar.month_model.index_of(date(2026, 4, 7)))
    with qtbot.waitSignal(calendar.open_record, timeout=1000) as blocker:
        qtbot.keyClick(calendar.grid, Qt.Key.Key_Return)
    assert blocker.args == ["call", ids["cariplo"]]


def test_done_deadlines_are_marked_done(calendar: CalendarView, context: AppContext) -> None:
    with context.db.transaction() as s:  # type: ignore[union-attr]
        call = f.call(s, "Fondo Unico Volontariato")
        f.deadline(s, call, date(2026, 4, 2), owner="Sara Conti", done=True)
        f.deadline(s, call, date(2026, 4, 3), owner="Sara Conti")
    calendar.today = lambda: date(2026, 4, 20)
    calendar.show_month(2026, 4)
    done, missed = calendar.agenda.model.items()
    assert (done.tone, done.badge_sub) == (Tone.DONE, "done")
    assert (missed.tone, missed.badge_sub) == (Tone.OVERDUE, "overdue by 17 days")


def test_an_empty_month_says_so(calendar: CalendarView) -> None:
    calendar.show_month(2026, 2)
    assert calendar.agenda.is_empty()
    assert calendar.agenda.empty.text() == "No deadline in February 2026."
    assert not calendar.agenda_card.count.isVisible()


def test_without_a_database_the_calendar_waits(qtbot: Any) -> None:
    view = CalendarView(AppContext())
    qtbot.addWidget(view)
    view.refresh()
    assert view.state.title.text() == "Opening the database…"
    view.next_month()  # navigation before the database opens does not fail
    assert view.pages.currentWidget() is view.state


def test_models_pass_the_model_tester(
    qtmodeltester: Any, calendar: CalendarView, context: AppContext
) -> None:
    seed_april(context.db)
    calendar.show_month(2026, 4)
    qtmodeltester.check(calendar.month_model)
    qtmodeltester.check(calendar.agenda.model)


def test_the_agenda_follows_the_selected_day(calendar: CalendarView, context: AppContext) -> None:
    seed_april(context.db)
    calendar.show_month(2026, 4)
    calendar.grid.setCurrentIndex(calendar.month_model.index_of(date(2026, 4, 21)))
    assert calendar.selected_day() == date(2026, 4, 21)
    assert calendar.agenda.model.row_of_day(date(2026, 4, 21)) > 0


def test_chip_titles_wrap_on_two_lines(qtbot: Any) -> None:
    from PySide6.QtGui import QFont, QFontMetrics

    from grantdesk.ui.views.calendar_grid import wrap

    metrics = QFontMetrics(QFont())
    width = metrics.horizontalAdvance("Welfare di comunità")
    rows = wrap(metrics, "Welfare di comunità 2026 – reti di prossimità", width, 2)
    assert rows[0] == "Welfare di comunità"
    assert rows[1].endswith("…")
    assert wrap(metrics, "Breve", width, 2) == ["Breve"]
    long_word = wrap(
        metrics, "Invecchiamentoattivoinrete 2026", metrics.horizontalAdvance("Invecchia"), 2
    )
    assert len(long_word) == 2 and long_word[0].startswith("Invec")
