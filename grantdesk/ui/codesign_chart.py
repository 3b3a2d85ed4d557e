"""An indicator's measurements over time, as a QtCharts line chart.

The measured values are a line with dots; the baseline and the target are dashed
horizontal lines across the same span, so how far the network has come (and how far is
left) reads at a glance. Without measurements the chart says so instead of drawing axes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDateTime, QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from grantdesk.domain.dates import ROME
from grantdesk.i18n import _, current_language
from grantdesk.services.codesign_reading import IndicatorRow
from grantdesk.ui.codesign_widgets import ACCENT, MUTED, POSITIVE

BASELINE_COLOUR = "#8a94a3"


def _msecs(day: date) -> float:
    moment = datetime.combine(day, time(12, 0), tzinfo=ROME)
    return float(QDateTime.fromSecsSinceEpoch(int(moment.timestamp())).toMSecsSinceEpoch())


def _flat(name: str, value: Decimal, first: date, last: date, colour: str) -> QLineSeries:
    series = QLineSeries()
    series.setName(name)
    series.append(_msecs(first), float(value))
    series.append(_msecs(last), float(value))
    pen = QPen(QColor(colour), 1.5, Qt.PenStyle.DashLine)
    series.setPen(pen)
    return series


class IndicatorChart(QChartView):
    """The chart of one indicator (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("IndicatorChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(320, 220)
        self.show_indicator(None)

    def show_indicator(self, indicator: IndicatorRow | None) -> None:
        """Draw *indicator*'s measurements (None or no measurements: a sentence instead)."""
        chart = QChart()
        chart.setBackgroundRoundness(0)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        title_font = QFont(self.font())
        title_font.setBold(True)
        chart.setTitleFont(title_font)
        if indicator is None or not indicator.measurements:
            chart.setTitle(
                _("Choose an indicator to see its measurements over time.")
                if indicator is None
                else _("“{name}”: no measurements yet.").format(name=indicator.name)
            )
            chart.legend().hide()
            self._replace(chart)
            return
        chart.setTitle(indicator.name)
        days = [m.measured_on for m in indicator.measurements]
        first, last = min(days), max(days)
        if first == last:  # one measurement: a week either side, so it is not on the border
            first, last = first - timedelta(days=7), last + timedelta(days=7)
        measured = QLineSeries()
        measured.setName(_("Measured") + (f" ({indicator.unit})" if indicator.unit else ""))
        measured.setPointsVisible(True)
        measured.setPen(QPen(QColor(ACCENT), 2.5))
        values = [m.value for m in indicator.measurements]
        for m in indicator.measurements:
            measured.append(_msecs(m.measured_on), float(m.value))
        chart.addSeries(measured)
        extra = []
        if indicator.baseline is not None:
            extra.append(_flat(_("Baseline"), indicator.baseline, first, last, BASELINE_COLOUR))
            values.append(indicator.baseline)
        if indicator.target is not None:
            extra.append(_flat(_("Target"), indicator.target, first, last, POSITIVE))
            values.append(indicator.target)
        for series in extra:
            chart.addSeries(series)
        x_axis = QDateTimeAxis()
        x_axis.setFormat("dd/MM/yyyy" if current_language() == "it" else "yyyy-MM-dd")
        x_axis.setTickCount(min(6, max(2, len(set(days)) + 1)))
        pad = (_msecs(last) - _msecs(first)) * 0.03  # the first and last dots stay whole
        x_axis.setRange(
            QDateTime.fromMSecsSinceEpoch(int(_msecs(first) - pad)),
            QDateTime.fromMSecsSinceEpoch(int(_msecs(last) + pad)),
        )
        x_axis.setLabelsColor(QColor(MUTED))
        y_axis = QValueAxis()
        low = min(min(values), Decimal(0))
        high = max(values)
        y_axis.setRange(float(low), float(high) * 1.1 if high > 0 else 1.0)
        y_axis.applyNiceNumbers()
        y_axis.setLabelFormat("%.0f" if all(v == v.to_integral_value() for v in values) else "%.1f")
        y_axis.setLabelsColor(QColor(MUTED))
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for series in (measured, *extra):
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        self._replace(chart)

    def _replace(self, chart: QChart) -> None:
        old = self.chart()
        self.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()  # the view does not delete a chart it no longer shows
