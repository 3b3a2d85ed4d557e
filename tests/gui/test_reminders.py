"""Reminders in the app: a banner at start, one notification per (deadline, day)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtWidgets import QMainWindow, QStatusBar

from grantdesk.ui.context import AppContext
from grantdesk.ui.reminders import ReminderBanner, ReminderWatcher, install_reminders
from tests.helpers import factories as f

TODAY = date(2026, 11, 18)


def seed(db: Any) -> dict[str, int]:
    with db.transaction() as s:
        c = f.call(s, "Welfare di comunità", funder="Fondazione Vigevano")
        fires = f.deadline(s, c, TODAY + timedelta(days=3), owner="Giulia")  # a reminder day
        listed = f.deadline(s, c, TODAY + timedelta(days=10))  # within 14 days, not its day
        late = f.deadline(s, c, TODAY - timedelta(days=2), owner="Marco")
        f.deadline(s, c, TODAY + timedelta(days=40))
        return {"fires": fires.id, "listed": listed.id, "late": late.id}


class Clock:
    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


def wait_check(qtbot: Any, watcher: ReminderWatcher, start: Any) -> list[Any]:
    with qtbot.waitSignal(watcher.checked, timeout=10_000) as blocker:
        start()
    return list(blocker.args[0])


def test_reminders_of_the_database_show_in_the_banner_and_dismiss(
    qtbot: Any, sqlite_db: Any
) -> None:
    ids = seed(sqlite_db)
    context = AppContext()
    banner = ReminderBanner()
    qtbot.addWidget(banner)
    status = QStatusBar()
    qtbot.addWidget(status)
    watcher = ReminderWatcher(context, banner, status, today=Clock(TODAY), tray_available=False)
    assert banner.isHidden()
    found = wait_check(qtbot, watcher, lambda: context.set_database(sqlite_db))
    assert {r.id for r in found} == {ids["fires"], ids["listed"], ids["late"]}
    assert [r.id for r in banner.reminders] == [ids["late"], ids["fires"]]
    assert not banner.isHidden()
    text = banner.summary.text()
    assert text.startswith("2 deadlines to remember today (1 overdue): Welfare di comunità")
    banner.show_button.click()
    assert not banner.details.isHidden()
    assert "2 days overdue" in banner.details.text()
    assert "in 3 days" in banner.details.text()
    assert "Giulia" in banner.details.text()
    banner.close_button.click()
    assert banner.isHidden()
    assert status.currentMessage() == ""  # the banner is enough at start


def test_without_a_tray_each_reminder_is_notified_once_in_the_status_bar(
    qtbot: Any, sqlite_db: Any
) -> None:
    ids = seed(sqlite_db)
    context = AppContext()
    status = QStatusBar()
    qtbot.addWidget(status)
    clock = Clock(TODAY)
    watcher = ReminderWatcher(context, None, status, today=clock)  # offscreen: no tray
    assert not watcher.uses_tray
    notified: list[list[Any]] = []
    watcher.notified.connect(notified.append)
    wait_check(qtbot, watcher, lambda: context.set_database(sqlite_db))
    assert notified == []  # at start, the banner shows them
    with sqlite_db.transaction() as s:  # added during the day, reminding today
        from grantdesk.db.models import Call

        new = f.deadline(s, s.get(Call, 1), TODAY + timedelta(days=14))
    wait_check(qtbot, watcher, watcher.check)
    assert [[r.id for r in batch] for batch in notified] == [[new.id]]
    assert "1 deadline to remember today" in status.currentMessage()
    wait_check(qtbot, watcher, watcher.check)  # the 30-minute check: nothing new
    assert len(notified) == 1
    clock.day = TODAY + timedelta(days=7)  # a week later "listed" (10 days) is due in 3
    wait_check(qtbot, watcher, watcher._tick)
    assert [r.id for r in notified[-1]] == [ids["listed"]]  # "new" is 7 days away: silent
    wait_check(qtbot, watcher, watcher.check)
    assert len(notified) == 2
    assert watcher.timer.interval() == 30 * 60 * 1000


def test_install_puts_the_banner_above_the_views(qtbot: Any, sqlite_db: Any) -> None:
    seed(sqlite_db)
    window = QMainWindow()
    qtbot.addWidget(window)
    views = QStatusBar()  # any widget stands for the views
    window.setCentralWidget(views)
    context = AppContext()
    watcher = install_reminders(window, context)
    watcher._today = Clock(TODAY)
    wait_check(qtbot, watcher, lambda: context.set_database(sqlite_db))
    assert watcher.banner is not None and not watcher.banner.isHidden()
    assert views.parent() is window.centralWidget()
    assert watcher.banner.parent() is window.centralWidget()


@pytest.mark.qt_log_ignore("systemTrayWindowChanged")  # offscreen Qt has no real tray
def test_with_a_tray_the_notification_is_a_desktop_message(qtbot: Any, sqlite_db: Any) -> None:
    seed(sqlite_db)
    context = AppContext()
    status = QStatusBar()
    qtbot.addWidget(status)
    watcher = ReminderWatcher(context, None, status, today=Clock(TODAY), tray_available=True)
    assert watcher.tray is not None
    messages: list[tuple[Any, ...]] = []
    watcher.tray.showMessage = lambda *args: messages.append(args)  # type: ignore[method-assign]
    found = wait_check(qtbot, watcher, lambda: context.set_database(sqlite_db))
    watcher.notify([r for r in found if r.fires_today])
    assert messages[0][0] == "1 deadline to remember today"
    assert messages[0][1] == "Welfare di comunità — in 3 days"
    assert status.currentMessage() == ""
