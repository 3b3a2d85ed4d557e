"""Building blocks shared by the Home, Calendar and Reports views.

``ContextView`` follows the ``AppContext`` (reloading when the database or its data change,
lazily while hidden, and again when Rome's date turns); ``Card`` is a rounded panel with a
title; ``StatePage`` is a centred message for the quiet states. The agenda lists are in
``entry_list``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from grantdesk.i18n import _, ngettext
from grantdesk.services import dashboard
from grantdesk.ui.context import AppContext
from grantdesk.ui.models.dashboard_models import Tone

log = logging.getLogger(__name__)

# Urgency colours, chosen to read on the light cards of app.qss (ACCENT is its accent).
TONE_COLOURS = {
    Tone.OVERDUE: "#c0392b",
    Tone.THIS_WEEK: "#c26a12",
    Tone.THIS_MONTH: "#1d4f91",
    Tone.LATER: "#5f7391",
    Tone.DONE: "#3d8b5a",
    Tone.NEUTRAL: "#8593a6",
}


def tone_colour(tone: Tone) -> QColor:
    return QColor(TONE_COLOURS[tone])


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """The colour *t* of the way from *a* to *b*."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def muted(palette: QPalette) -> QColor:
    """Secondary text: the text colour faded towards the background."""
    return mix(palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base), 0.42)


def scaled_font(base: QFont, factor: float = 1.0, weight: QFont.Weight | None = None) -> QFont:
    font = QFont(base)
    if base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * factor)
    else:
        font.setPixelSize(max(8, round(base.pixelSize() * factor)))
    if weight is not None:
        font.setWeight(weight)
    return font


def due_phrase(days: int) -> str:
    """How far a deadline is: ``tra 3 giorni``, ``oggi``, ``scaduta da 2 giorni``."""
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    if days == -1:
        return _("overdue since yesterday")
    if days < 0:
        return ngettext("overdue by {n} day", "overdue by {n} days", -days).format(n=-days)
    return ngettext("in {n} day", "in {n} days", days).format(n=days)


class Card(QFrame):
    """A rounded panel with a title row (title, optional count and tools) and a body."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardCard")
        self._outer = outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 14, 18, 14)
        outer.setSpacing(10)
        self.header = QHBoxLayout()
        self.header.setSpacing(8)
        self.title = QLabel(title)
        self.title.setObjectName("dashboardCardTitle")
        self.title.setFont(scaled_font(self.font(), 1.08, QFont.Weight.DemiBold))
        self.count = QLabel()
        self.count.setObjectName("dashboardCardCount")
        self.count.setVisible(False)
        self.header.addWidget(self.title)
        self.header.addWidget(self.count)
        self.header.addStretch(1)
        outer.addLayout(self.header)
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(8)
        outer.addLayout(self.body, 1)
        if not title:
            self.title.hide()

    def set_margins(self, left: int, top: int, right: int, bottom: int) -> None:
        """Space between the card's edge and its content."""
        self._outer.setContentsMargins(left, top, right, bottom)

    def set_count(self, count: int | None) -> None:
        """Show *count* next to the title as a small pill (None hides it)."""
        self.count.setVisible(count is not None)
        if count is not None:
            self.count.setText(str(count))
            colour = muted(self.palette()).name()
            self.count.setStyleSheet(
                f"QLabel#dashboardCardCount {{ color: {colour}; border: 1px solid {colour};"
                " border-radius: 8px; padding: 0 6px; }"
            )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        border = mix(base, pal.color(QPalette.ColorRole.Text), 0.13)
        painter.setPen(QPen(border, 1))
        painter.setBrush(base)
        painter.drawRoundedRect(self.rect().adjusted(0, 0, -1, -1).toRectF(), 8, 8)
        painter.end()


class ScrollPage(QWidget):
    """The content of a scrolling page that fills the viewport instead of growing to the
    preferred height of its word-wrapped labels (the page scrolls only below its minimum)."""

    def hasHeightForWidth(self) -> bool:
        return False

    def heightForWidth(self, width: int) -> int:
        # QScrollArea asks the layout directly; answering "no preference" here keeps the
        # page at the viewport's height whenever that is above the minimum.
        return -1


class StatePage(QWidget):
    """A centred, quiet message: opening the database, an error, nothing to show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = QLabel()
        self.title.setObjectName("dashboardStateTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setFont(scaled_font(self.font(), 1.25, QFont.Weight.DemiBold))
        self.text = QLabel()
        self.text.setObjectName("dashboardStateText")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        self.text.setMaximumWidth(520)
        self.text.setStyleSheet(f"color: {muted(self.palette()).name()};")
        layout.addWidget(self.title)
        layout.addWidget(self.text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def set_message(self, title: str, text: str = "") -> None:
        self.title.setText(title)
        self.text.setText(text)
        self.text.setVisible(bool(text))


class ContextView(QWidget):
    """A view that follows the ``AppContext`` and reloads itself when needed.

    Changes are coalesced: a burst of ``data_changed`` signals costs one reload, made once
    control returns to the event loop; a change while the view is hidden only marks it
    stale, and it reloads when shown. The view also reloads when the date in Rome turns, so
    "tomorrow" never lingers past midnight. Subclasses implement ``_reload()`` and list
    the ``data_changed`` kinds they show in ``KINDS`` (empty: every kind).
    """

    KINDS: frozenset[str] = frozenset()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.today: Callable[[], date] = dashboard.today_in_rome
        self._stale = True
        self._shown_day: date | None = None
        self.pages = QStackedWidget(self)
        self.state = StatePage()
        self.pages.addWidget(self.state)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self._pending = self._timer(0, self._deferred_refresh)
        self._clock = self._timer(60_000, self._check_day, single=False)
        self._clock.start()
        context.database_changed.connect(self._invalidate)
        context.data_changed.connect(self._on_data_changed)
        if context.db is None:
            self.show_state(_("Opening the database…"))

    def _timer(self, interval: int, slot: Callable[[], None], single: bool = True) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(interval)
        timer.setSingleShot(single)
        timer.timeout.connect(slot)
        return timer

    def refresh(self) -> None:
        """Reload everything shown from the database now."""
        self._pending.stop()
        self._stale = False
        self._shown_day = self.today()
        if self.context.db is None:
            self.show_state(_("Opening the database…"))
            return
        try:
            self._reload()
        except SQLAlchemyError as exc:
            log.exception("reading the dashboard failed")
            self.show_state(
                _("The data cannot be read right now."),
                _("The database did not answer: {reason}").format(reason=getattr(exc, "orig", exc)),
            )

    def _reload(self) -> None:
        """Read the data and fill the view; every dashboard view defines its own."""
        raise NotImplementedError  # abstract: HomeView, CalendarView and ReportsView override it

    def show_state(self, title: str, text: str = "") -> None:
        """Show a quiet centred message instead of the content."""
        self.state.set_message(title, text)
        self.pages.setCurrentWidget(self.state)

    def is_stale(self) -> bool:
        """True when the data changed since the last reload (and none is under way)."""
        return self._stale

    def _invalidate(self) -> None:
        self._stale = True
        if self.isVisible():
            self._pending.start()

    def _on_data_changed(self, kind: str) -> None:
        if kind == "*" or not self.KINDS or kind in self.KINDS:
            self._invalidate()

    def _deferred_refresh(self) -> None:
        if self._stale:
            self.refresh()

    def _check_day(self) -> None:
        if self._shown_day is not None and self.today() != self._shown_day:
            self._invalidate()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._pending.start()


# Proposal statuses by phase: preparing (blues), waiting (violet), won and under way
# (greens), lost (greys), closed (slate).
STATUS_COLOURS = {
    "idea": "#9db7dc",
    "drafting": "#5d8ccc",
    "review": "#1d4f91",
    "submitted": "#7a5cc0",
    "awarded": "#2f9e62",
    "rejected": "#c0675c",
    "withdrawn": "#a9b2bf",
    "running": "#4caf7d",
    "reporting": "#7cbf95",
    "closed": "#6b7a8f",
}


def status_colour(status: str) -> QColor:
    """The colour of a proposal status in the pipeline strip and the Reports chart."""
    return QColor(STATUS_COLOURS.get(str(status), TONE_COLOURS[Tone.NEUTRAL]))


def text_width(font: QFont, *samples: str) -> int:
    """The width of the widest of *samples* in *font*, in pixels."""
    metrics = QFontMetrics(font)
    return max((metrics.horizontalAdvance(s) for s in samples), default=0)
