"""Deadline reminders inside the running app: a banner at start, notifications while it runs.

Right after a database opens, the deadlines that remind today (``fires_today``) or are
overdue are shown once in a slim, dismissable banner above the views — never a dialog.
While the app runs, the reminders that fire today are checked every 30 minutes and when
the Rome date changes; each (deadline, day) is notified once per session, as a desktop
notification when a system tray exists, otherwise in the status bar. Every query runs in
a background ``Task``.

``install_reminders(window)`` puts the banner into the main window and returns the watcher.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStatusBar,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from grantdesk.i18n import _, current_language, ngettext
from grantdesk.ui import icons
from grantdesk.ui.context import AppContext
from grantdesk.ui.tasks import Task

if TYPE_CHECKING:
    from grantdesk.services.reminders import Reminder

log = logging.getLogger(__name__)

CHECK_INTERVAL_MS = 30 * 60 * 1000
CLOCK_INTERVAL_MS = 60 * 1000  # how often the Rome date is compared (no query)
SUMMARY_TITLES = 2
DETAIL_LIMIT = 12

BANNER_CSS = """
#ReminderBanner { background: #fff6e0; border-bottom: 1px solid #f0d9a4; }
#ReminderBanner QLabel { color: #4a3b12; }
#ReminderBanner QPushButton { background: transparent; border: 1px solid #d9bf7f;
    border-radius: 4px; padding: 3px 12px; color: #4a3b12; }
#ReminderBanner QPushButton:hover { background: #fbe9bd; }
#ReminderBanner QPushButton#ReminderClose { border: none; padding: 3px 8px; }
"""


def _today() -> date:
    from grantdesk.services.dashboard import today_in_rome

    return today_in_rome()


def _query(db: object, today: date, *, progress: object) -> list[Reminder]:
    from grantdesk.services.reminders import due_reminders

    return due_reminders(db, today)  # type: ignore[arg-type]


def when_text(reminder: Reminder) -> str:
    """How far the deadline is: "due today", "in 3 days", "2 days overdue"."""
    days = reminder.days_left
    if days == 0:
        return _("due today")
    if days == 1:
        return _("due tomorrow")
    if days > 0:
        return _("in {n} days").format(n=days)
    return ngettext("{n} day overdue", "{n} days overdue", -days).format(n=-days)


def detail_row(reminder: Reminder) -> str:
    """One reminder as a rich-text table row: date, how far, title, what, who."""
    from grantdesk.domain.dates import format_deadline

    what = reminder.stage or reminder.kind.label
    if reminder.funder:
        what += f" · {reminder.funder}"
    colour = "#a3261b" if reminder.overdue else "#8a5a00"
    return (
        f"<tr><td style='padding:2px 14px 2px 0'><b>"
        f"{escape(format_deadline(reminder.due_at, current_language()))}</b></td>"
        f"<td style='padding:2px 14px 2px 0; color:{colour}'>{escape(when_text(reminder))}</td>"
        f"<td style='padding:2px 14px 2px 0'>{escape(reminder.title)}"
        f"<br><span style='color:#7a6a3d'>{escape(what)}</span></td>"
        f"<td style='padding:2px 0'>{escape(reminder.owner)}</td></tr>"
    )


def summary_text(reminders: list[Reminder]) -> str:
    """``3 deadlines to remember today (1 overdue): A, B, …``"""
    n = len(reminders)
    text = ngettext("{n} deadline to remember today", "{n} deadlines to remember today", n).format(
        n=n
    )
    late = sum(1 for r in reminders if r.overdue)
    if late:
        text += " " + ngettext("(1 overdue)", "({n} overdue)", late).format(n=late)
    titles = [r.title for r in reminders[:SUMMARY_TITLES]]
    more = "…" if n > SUMMARY_TITLES else ""
    return f"{text}: {', '.join(titles)}{more}"


class ElidedLabel(QLabel):
    """One line of plain text that ends in "…" when the window is narrower than it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def minimumSizeHint(self) -> QSize:
        return QSize(40, super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width()
        )
        painter.drawText(self.contentsRect(), int(self.alignment()), shown)
        painter.end()


class ReminderBanner(QFrame):
    """A slim bar above the views: a summary, [Show] for the list, [×] to dismiss.

    Signals:
        dismissed(): the user closed the banner.
    """

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReminderBanner")
        self.setStyleSheet(BANNER_CSS)
        self.reminders: list[Reminder] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 7, 10, 7)
        outer.setSpacing(6)
        row = QHBoxLayout()
        row.setSpacing(8)
        self.icon = QLabel()
        self.icon.setPixmap(icons.icon("calendar", "#8a5a00").pixmap(QSize(18, 18)))
        self.summary = ElidedLabel()
        self.summary.setObjectName("ReminderSummary")
        self.show_button = QPushButton()
        self.show_button.setObjectName("ReminderShow")
        self.show_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.show_button.clicked.connect(self.toggle_details)
        self.close_button = QPushButton("✕")
        self.close_button.setObjectName("ReminderClose")
        self.close_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.close_button.clicked.connect(self.dismiss)
        row.addWidget(self.icon)
        row.addWidget(self.summary, 1)
        row.addWidget(self.show_button)
        row.addWidget(self.close_button)
        outer.addLayout(row)
        self.details = QLabel()
        self.details.setObjectName("ReminderDetails")
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setWordWrap(True)
        self.details.setContentsMargins(26, 0, 0, 2)
        self.details.hide()
        outer.addWidget(self.details)
        self._retranslate()
        self.hide()

    def _retranslate(self) -> None:
        self.show_button.setText(_("Hide") if self.details.isVisible() else _("Show"))
        self.close_button.setToolTip(_("Close"))

    def show_reminders(self, reminders: list[Reminder]) -> None:
        """Show *reminders* (hidden when there are none)."""
        self.reminders = list(reminders)
        if not reminders:
            self.hide()
            return
        self.summary.setText(summary_text(self.reminders))
        self.summary.setToolTip(summary_text(self.reminders))
        rows = "".join(detail_row(r) for r in self.reminders[:DETAIL_LIMIT])
        html = f"<table cellspacing='0'>{rows}</table>"
        if len(self.reminders) > DETAIL_LIMIT:
            extra = len(self.reminders) - DETAIL_LIMIT
            html += escape(_("…and {n} more in the Calendar.").format(n=extra))
        self.details.setText(html)
        self.details.hide()
        self._retranslate()
        self.show()

    def toggle_details(self) -> None:
        self.details.setVisible(not self.details.isVisible())
        self._retranslate()

    def dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()


class ReminderWatcher(QObject):
    """Checks the open database's reminders and brings them to the user's attention.

    Signals:
        checked(list): the reminders of a finished check (every ``Reminder`` of the day).
        notified(list): the reminders just notified (tray or status bar).
    """

    checked = Signal(list)
    notified = Signal(list)

    def __init__(
        self,
        context: AppContext,
        banner: ReminderBanner | None = None,
        status_bar: QStatusBar | None = None,
        parent: QObject | None = None,
        *,
        today: Callable[[], date] = _today,
        tray_available: bool | None = None,
        interval_ms: int = CHECK_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.banner = banner
        self.status_bar = status_bar
        self._today = today
        self._day = today()
        self._generation = 0  # a check started for another database is ignored
        self._startup_pending = False
        self.notified_keys: set[tuple[int, date]] = set()
        self.task: Task | None = None
        if tray_available is None:
            tray_available = QSystemTrayIcon.isSystemTrayAvailable()
        self.tray: QSystemTrayIcon | None = None
        if tray_available:
            self.tray = QSystemTrayIcon(icons.app_icon(), self)
            self.tray.setToolTip("GrantDesk")
            self.tray.show()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.clock = QTimer(self)
        self.clock.setInterval(CLOCK_INTERVAL_MS)
        self.clock.timeout.connect(self._tick)
        context.database_changed.connect(self._database_changed)
        if context.db is not None:
            self._database_changed()

    @property
    def uses_tray(self) -> bool:
        return self.tray is not None

    def _database_changed(self) -> None:
        self._generation += 1
        if self.banner is not None:
            self.banner.hide()
        if self.context.db is None:
            self.timer.stop()
            self.clock.stop()
            return
        self._startup_pending = True
        self.timer.start()
        self.clock.start()
        self.check()

    def _tick(self) -> None:
        day = self._today()
        if day != self._day:
            self._day = day
            self.check()

    def check(self) -> Task | None:
        """Query today's reminders in the background (results arrive in ``_checked``)."""
        db = self.context.db
        if db is None:
            return None
        self._day = self._today()
        generation = self._generation
        day = self._day
        task = Task(_query, db, day)
        task.succeeded.connect(lambda result: self._checked(generation, day, result))
        task.failed.connect(lambda exc: log.warning("checking reminders failed: %s", exc))
        self.task = task
        return task.start()

    def _checked(self, generation: int, day: date, reminders: object) -> None:
        if generation != self._generation or not isinstance(reminders, list):
            return  # another database was opened meanwhile
        self.checked.emit(reminders)
        if self._startup_pending:
            self._startup_pending = False
            wanted = [r for r in reminders if r.fires_today or r.overdue]
            if self.banner is not None:
                self.banner.show_reminders(wanted)
            # Shown in the banner: the desktop notification is for what comes up later.
            self.notified_keys.update((r.id, day) for r in reminders if r.fires_today)
            return
        fresh = [r for r in reminders if r.fires_today and (r.id, day) not in self.notified_keys]
        if not fresh:
            return
        self.notified_keys.update((r.id, day) for r in fresh)
        self.notify(fresh)

    def notify(self, reminders: list[Reminder]) -> None:
        """A desktop notification (or a status-bar message) for *reminders*."""
        title = ngettext(
            "{n} deadline to remember today", "{n} deadlines to remember today", len(reminders)
        ).format(n=len(reminders))
        lines = [f"{r.title} — {when_text(r)}" for r in reminders[:5]]
        if len(reminders) > 5:
            lines.append(_("…and {n} more in the Calendar.").format(n=len(reminders) - 5))
        if self.tray is not None:
            self.tray.showMessage(
                title, "\n".join(lines), QSystemTrayIcon.MessageIcon.Information, 15_000
            )
        elif self.status_bar is not None:
            self.status_bar.showMessage(f"{title}: {'; '.join(lines)}", 60_000)
        self.notified.emit(reminders)


def install_reminders(window: QMainWindow, context: AppContext) -> ReminderWatcher:
    """Put a reminder banner above *window*'s views and start watching *context*.

    The banner goes on top of the window's central widget (it wraps the current central
    widget in a column), so no view needs to know about it.
    """
    banner = ReminderBanner()
    old = window.takeCentralWidget()
    column = QWidget()
    column.setObjectName("ReminderColumn")
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(banner)
    if old is not None:
        layout.addWidget(old, 1)
    window.setCentralWidget(column)
    return ReminderWatcher(context, banner, window.statusBar(), window)
