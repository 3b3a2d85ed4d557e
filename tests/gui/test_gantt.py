"""The timeline widget: months, bars, partner colours, legend, today line, interaction."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from grantdesk.i18n import set_language
from grantdesk.services.proposal_parts import ActivityEntry
from grantdesk.ui.gantt import PALETTE, GanttBar, GanttChart, bars_from_activities, months_between

NAMES = {1: "Cooperativa Sociale KCS", 2: "Argento Vivo ODV", 3: "Comune di Vigevano"}


def _chart(qtbot: Any, bars: list[GanttBar], months: int | None = 24, **kw: Any) -> GanttChart:
    chart = GanttChart()
    qtbot.addWidget(chart)
    chart.set_plan(bars, months, **kw)
    chart.resize(900, chart.heightForWidth(900))
    return chart


def _bars() -> list[GanttBar]:
    activities = [
        ActivityEntry("Mappatura dei quartieri", responsible_id=2, start_month=1, end_month=3),
        ActivityEntry("Punti di ascolto", responsible_id=1, start_month=4, end_month=24),
        ActivityEntry("Valutazione", responsible_id=None, start_month=20, end_month=24),
        ActivityEntry("Laboratori", responsible_id=2, start_month=6, end_month=12),
    ]
    return bars_from_activities(activities, NAMES)


def test_bars_come_from_activities_with_their_partner() -> None:
    bars = _bars()
    assert [(b.title, b.start_month, b.end_month, b.partner, b.key) for b in bars] == [
        ("Mappatura dei quartieri", 1, 3, "Argento Vivo ODV", 2),
        ("Punti di ascolto", 4, 24, "Cooperativa Sociale KCS", 1),
        ("Valutazione", 20, 24, "", None),
        ("Laboratori", 6, 12, "Argento Vivo ODV", 2),
    ]


def test_colours_follow_the_partners_order_lead_first(qtbot: Any) -> None:
    chart = _chart(qtbot, _bars(), keys=[1, 2, 3])
    colours = [chart.colour_of(b).name() for b in chart.bars]
    assert colours[0] == QColor(PALETTE[1]).name()  # Argento, second member
    assert colours[1] == QColor(PALETTE[0]).name()  # the lead
    assert colours[3] == colours[0]  # same partner, same colour
    assert colours[2] == QColor("#9aa4b2").name()  # no one responsible
    assert [name for name, _colour in chart.legend()] == [
        "Cooperativa Sociale KCS",
        "Argento Vivo ODV",
        "No one responsible yet",
    ]


def test_bars_stand_on_their_months(qtbot: Any) -> None:
    chart = _chart(qtbot, _bars(), months=24)
    first, second = chart.bar_rect(0), chart.bar_rect(1)
    column = (first.width() + 2) / 3
    assert second.left() == pytest.approx(first.left() + 3 * column, abs=1)
    assert second.width() == pytest.approx(21 * column - 2, abs=1)
    assert second.top() > first.top()
    # The project lasts as long as its last bar when no duration is given.
    chart.set_plan([GanttBar("Oltre", 2, 30)], None)
    assert chart.months == 30


def test_today_line_only_with_a_start_inside_the_project(qtbot: Any) -> None:
    chart = _chart(qtbot, _bars(), 24, start_on=date(2026, 6, 1), today=date(2026, 11, 16))
    assert chart.today_offset() == pytest.approx(5 + 15 / 30)
    chart.set_plan(_bars(), 24, start_on=date(2027, 6, 1), today=date(2026, 11, 16))
    assert chart.today_offset() is None  # not started yet
    chart.set_plan(_bars(), 24, start_on=None, today=date(2026, 11, 16))
    assert chart.today_offset() is None
    assert months_between(date(2026, 6, 1), date(2028, 6, 1)) == 24


def test_calendar_months_in_italian(qtbot: Any) -> None:
    set_language("it")
    chart = _chart(qtbot, [GanttBar("A", 1, 3)], 14, start_on=date(2026, 11, 1))
    labels = chart._month_labels()
    assert labels[0] == ("nov", "2026")
    assert labels[2] == ("gen", "2027")
    assert "Mesi 1–3" in chart.describe(0)
    assert "(nov 2026 – gen 2027)" in chart.describe(0)
    chart.set_plan([GanttBar("A", 1, 3)], 14)
    assert chart._month_labels()[:3] == [("1", ""), ("2", ""), ("3", "")]


def test_double_click_names_the_activity(qtbot: Any) -> None:
    chart = _chart(qtbot, _bars())
    chart.show()
    rect = chart.bar_rect(1)
    with qtbot.waitSignal(chart.bar_activated) as signal:
        QTest.mouseDClick(
            chart,
            Qt.MouseButton.LeftButton,
            pos=QPoint(int(rect.center().x()), int(rect.center().y())),
        )
    assert signal.args == [1]
    assert chart.row_at(QPoint(5, 2)) == -1  # the header


def test_many_activities_grow_the_chart_and_paint(qtbot: Any) -> None:
    bars = [GanttBar(f"Attività {n}", n, n + 6, NAMES[1 + n % 3], 1 + n % 3) for n in range(1, 15)]
    few = _chart(qtbot, bars[:2], 24)
    many = _chart(qtbot, bars, 24, start_on=date(2026, 1, 1), today=date(2026, 7, 1))
    assert many.heightForWidth(900) > few.heightForWidth(900) + 11 * GanttChart.ROW
    image = many.grab().toImage()
    # A bar's colour is on screen where the first bar is.
    rect = many.bar_rect(0)
    pixel = image.pixelColor(int(rect.center().x()) + 12, int(rect.center().y()) - 5)
    assert pixel.name() == many.colour_of(bars[0]).name()


def test_empty_chart_says_what_to_do(qtbot: Any) -> None:
    chart = _chart(qtbot, [], 12)
    assert chart.months == 12
    assert chart.legend() == []
    assert chart.empty_text.startswith("No activities yet")
    assert not chart.grab().isNull()
