"""Charts drawn with ``reportlab.graphics``, every figure in the document's number format.

Bars (horizontal, for long names such as funders; vertical, for years), a pie with its
legend beside it, and a line with a value at each point. Category names are user text:
they are cleaned and elided to the room they have (the tables next to the charts show
them whole). Values arrive as ``Decimal`` or ``int``; they become floats here only as
drawing coordinates, never as amounts anyone reads — the labels are formatted from the
axis values with ``format_eur``/``format_number``/``format_percent``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from grantdesk.domain.money import format_eur, format_number, format_percent
from grantdesk.exports.pdf.fonts import SANS, register_fonts
from grantdesk.exports.pdf.styles import INK, MUTED, REQUESTED, RULE, ZEBRA
from grantdesk.exports.pdf.text import fit

LABEL_SIZE = 7.5
Label = Callable[[float], str]


@dataclass(frozen=True)
class Series:
    """One coloured series of values, one per category."""

    name: str
    values: Sequence[Decimal | int]
    colour: colors.Color


def _drawing(width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    drawing.initialFontName = SANS  # not reportlab's default Helvetica, which is not embedded
    return drawing


def _decimal(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def money_label(lang: str) -> Label:
    """Axis and bar labels in whole euros: ``€ 120.000`` / ``€120,000``."""
    return lambda v: format_eur(_decimal(v), lang, places=0)


def count_label(lang: str) -> Label:
    return lambda v: format_number(_decimal(v), 0, lang)


def percent_label(lang: str) -> Label:
    return lambda v: format_percent(_decimal(v), 0, lang)


def _coordinates(values: Sequence[Decimal | int]) -> list[float]:
    return [float(v) for v in values]  # drawing positions only


def _top(series: Sequence[Series]) -> float:
    top = max((float(v) for s in series for v in s.values), default=0.0)
    return top if top > 0 else 1.0


def _legend(series: Sequence[Series], x: float, y: float, width: float) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.alignment = "right"
    legend.fontName = SANS
    legend.fontSize = LABEL_SIZE
    legend.fillColor = INK
    legend.columnMaximum = 1
    legend.boxAnchor = "nw"
    legend.dx = legend.dy = 7
    legend.yGap = 0
    legend.deltay = 10
    legend.strokeWidth = 0
    legend.strokeColor = None
    names = [fit(s.name, SANS, LABEL_SIZE, width / max(1, len(series)) - 24) for s in series]
    legend.deltax = max((stringWidth(n, SANS, LABEL_SIZE) for n in names), default=40) + 24
    legend.colorNamePairs = [(s.colour, n) for s, n in zip(series, names, strict=True)]
    return legend


def _style_value_axis(axis: object, top: float, label: Label) -> None:
    axis.valueMin = 0  # type: ignore[attr-defined]
    axis.valueMax = top * 1.04  # type: ignore[attr-defined]
    axis.labelTextFormat = label  # type: ignore[attr-defined]
    axis.labels.fontName = SANS  # type: ignore[attr-defined]
    axis.labels.fontSize = LABEL_SIZE - 0.5  # type: ignore[attr-defined]
    axis.labels.fillColor = MUTED  # type: ignore[attr-defined]
    axis.visibleGrid = 1  # type: ignore[attr-defined]
    axis.gridStrokeColor = RULE  # type: ignore[attr-defined]
    axis.gridStrokeWidth = 0.5  # type: ignore[attr-defined]
    axis.strokeColor = RULE  # type: ignore[attr-defined]
    axis.maximumTicks = 6  # type: ignore[attr-defined]


def horizontal_bars(
    labels: Sequence[str],
    series: Sequence[Series],
    width: float,
    *,
    value_label: Label,
    bar_colours: Sequence[colors.Color] | None = None,
) -> Drawing:
    """One row per category (first at the top), a bar per series, the value at its end."""
    register_fonts()
    bar = 9.0 if len(series) > 1 else 11.0
    row = bar * len(series) + 7
    legend_h = 16 if len(series) > 1 else 0
    axis_h = 14
    height = row * max(1, len(labels)) + axis_h + legend_h
    label_w = min(
        width * 0.34, max((stringWidth(str(x), SANS, LABEL_SIZE) for x in labels), default=20) + 8
    )
    top = _top(series)
    value_room = stringWidth(value_label(top), SANS, LABEL_SIZE) + 10
    drawing = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_w + 4, axis_h
    chart.width = max(40.0, width - chart.x - value_room)
    chart.height = height - axis_h - legend_h
    # reportlab stacks a group's bars bottom-up: reversed, the first series is on top.
    drawn = list(reversed(series))
    chart.data = [_coordinates(s.values) for s in drawn]
    chart.barWidth = bar
    chart.groupSpacing = 7
    chart.barSpacing = 0
    chart.strokeColor = None
    for i, s in enumerate(drawn):
        chart.bars[i].fillColor = s.colour
        chart.bars[i].strokeColor = None
    if bar_colours and len(series) == 1:
        for j, colour in enumerate(bar_colours):
            chart.bars[(0, j)].fillColor = colour
    cat = chart.categoryAxis
    cat.categoryNames = [fit(x, SANS, LABEL_SIZE, label_w - 6) for x in labels]
    cat.reverseDirection = 1
    cat.labels.fontName = SANS
    cat.labels.fontSize = LABEL_SIZE
    cat.labels.boxAnchor = "e"
    cat.labels.dx = -5
    cat.labels.fillColor = INK
    cat.strokeColor = RULE
    cat.visibleTicks = 0
    _style_value_axis(chart.valueAxis, top, value_label)
    chart.barLabelFormat = lambda v: value_label(v) if v else ""
    chart.barLabels.fontName = SANS
    chart.barLabels.fontSize = LABEL_SIZE - 0.5
    chart.barLabels.fillColor = MUTED
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    if legend_h:
        drawing.add(_legend(series, chart.x, height - 2, width - chart.x))
    return drawing


def vertical_bars(
    labels: Sequence[str],
    series: Sequence[Series],
    width: float,
    height: float,
    *,
    value_label: Label,
) -> Drawing:
    """Columns per category (years, months), with a legend above."""
    register_fonts()
    top = _top(series)
    axis_w = stringWidth(value_label(top), SANS, LABEL_SIZE) + 8
    legend_h = 16 if len(series) > 1 else 0
    drawing = _drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = axis_w + 2, 16
    chart.width = width - chart.x - 4
    chart.height = height - chart.y - legend_h - 4
    chart.data = [_coordinates(s.values) for s in series]
    chart.strokeColor = None
    chart.groupSpacing = 10
    chart.barSpacing = 1
    for i, s in enumerate(series):
        chart.bars[i].fillColor = s.colour
        chart.bars[i].strokeColor = None
    cat = chart.categoryAxis
    slot = chart.width / max(1, len(labels))
    cat.categoryNames = [fit(x, SANS, LABEL_SIZE, slot - 4) for x in labels]
    cat.labels.fontName = SANS
    cat.labels.fontSize = LABEL_SIZE
    cat.labels.fillColor = INK
    cat.labels.boxAnchor = "n"
    cat.labels.dy = -3
    cat.strokeColor = RULE
    cat.visibleTicks = 0
    _style_value_axis(chart.valueAxis, top, value_label)
    drawing.add(chart)
    if legend_h:
        drawing.add(_legend(series, chart.x, height - 2, width - chart.x))
    return drawing


def pie(
    slices: Sequence[tuple[str, Decimal | int, colors.Color]],
    width: float,
    *,
    value_label: Label,
    percent: Label,
) -> Drawing:
    """A pie with a legend beside it giving each slice's value and share."""
    register_fonts()
    diameter = 96.0
    total = sum((Decimal(v) for _n, v, _c in slices), Decimal(0))
    height = max(diameter + 8, len(slices) * 14.0 + 8)
    drawing = _drawing(width, height)
    shown = [(n, v, c) for n, v, c in slices if v]
    if shown and total > 0:
        chart = Pie()
        chart.x, chart.y = 4, (height - diameter) / 2
        chart.width = chart.height = diameter
        chart.data = _coordinates([v for _n, v, _c in shown])
        chart.labels = None
        chart.simpleLabels = 1
        chart.startAngle = 90
        chart.direction = "clockwise"
        chart.slices.strokeColor = colors.white
        chart.slices.strokeWidth = 1
        for i, (_n, _v, colour) in enumerate(shown):
            chart.slices[i].fillColor = colour
        drawing.add(chart)
    x = diameter + 22
    y = height - 12
    for name, value, colour in slices:
        share = Decimal(value) * 100 / total if total else Decimal(0)
        drawing.add(Rect(x, y - 1, 8, 8, fillColor=colour, strokeColor=None))
        text = f"{name}: {value_label(float(value))} ({percent(float(share))})"
        drawing.add(
            String(
                x + 13,
                y,
                fit(text, SANS, LABEL_SIZE + 0.5, width - x - 16),
                fontName=SANS,
                fontSize=LABEL_SIZE + 0.5,
                fillColor=INK,
            )
        )
        y -= 14
    return drawing


def line(
    labels: Sequence[str],
    series: Sequence[Series],
    width: float,
    height: float,
    *,
    value_label: Label,
    top: float | None = None,
) -> Drawing:
    """Lines across categories (years), a dot and its value at each point."""
    register_fonts()
    ceiling = top if top is not None else _top(series)
    axis_w = stringWidth(value_label(ceiling), SANS, LABEL_SIZE) + 8
    legend_h = 16 if len(series) > 1 else 0
    drawing = _drawing(width, height)
    chart = HorizontalLineChart()
    chart.x, chart.y = axis_w + 2, 16
    chart.width = width - chart.x - 12
    chart.height = height - chart.y - legend_h - 12
    chart.data = [_coordinates(s.values) for s in series]
    chart.joinedLines = 1
    for i, s in enumerate(series):
        chart.lines[i].strokeColor = s.colour
        chart.lines[i].strokeWidth = 1.6
        chart.lines[i].symbol = makeMarker("FilledCircle", size=4, fillColor=s.colour)
    chart.lineLabelFormat = value_label
    chart.lineLabels.fontName = SANS
    chart.lineLabels.fontSize = LABEL_SIZE - 0.5
    chart.lineLabels.fillColor = MUTED
    chart.lineLabels.dy = 6
    cat = chart.categoryAxis
    slot = chart.width / max(1, len(labels))
    cat.categoryNames = [fit(x, SANS, LABEL_SIZE, slot - 4) for x in labels]
    cat.labels.fontName = SANS
    cat.labels.fontSize = LABEL_SIZE
    cat.labels.fillColor = INK
    cat.labels.boxAnchor = "n"
    cat.labels.dy = -3
    cat.strokeColor = RULE
    cat.visibleTicks = 0
    _style_value_axis(chart.valueAxis, ceiling, value_label)
    drawing.add(chart)
    if legend_h:
        drawing.add(_legend(series, chart.x, height - 2, width - chart.x))
    return drawing


@dataclass(frozen=True)
class GanttRow:
    """An activity from *start* to *end* month (1-based, inclusive) of the project."""

    label: str
    start: int
    end: int
    colour: colors.Color = REQUESTED


def gantt(
    rows: Sequence[GanttRow],
    months: int,
    width: float,
    *,
    month_label: Callable[[int], str] = str,
    rows_per_chart: int = 30,
) -> list[Drawing]:
    """A timeline (cronoprogramma): one bar per activity across the project's months.

    Returned as several drawings of at most *rows_per_chart* rows each, every one with its
    month header, so a long plan flows over pages like a table.
    """
    register_fonts()
    months = max(1, months)
    row_h, header_h = 14.0, 14.0
    label_w = min(
        width * 0.32, max((stringWidth(r.label, SANS, LABEL_SIZE) for r in rows), default=40) + 8
    )
    cell = (width - label_w) / months
    drawings = []
    for first in range(0, max(1, len(rows)), rows_per_chart):
        chunk = rows[first : first + rows_per_chart]
        height = header_h + row_h * len(chunk) + 2
        drawing = _drawing(width, height)
        for m in range(months):
            x = label_w + m * cell
            if m % 2:
                drawing.add(
                    Rect(
                        x,
                        0,
                        cell,
                        height - header_h,
                        fillColor=ZEBRA,
                        strokeColor=None,
                    )
                )
            step = 1 if cell >= 14 else 3 if cell >= 5 else 6
            if (m + 1) % step == 0 or m == 0:
                drawing.add(
                    String(
                        x + cell / 2,
                        height - header_h + 4,
                        month_label(m + 1),
                        fontName=SANS,
                        fontSize=LABEL_SIZE - 1,
                        fillColor=MUTED,
                        textAnchor="middle",
                    )
                )
        for n, row in enumerate(chunk):
            y = height - header_h - (n + 1) * row_h
            drawing.add(
                String(
                    0,
                    y + 4,
                    fit(row.label, SANS, LABEL_SIZE, label_w - 6),
                    fontName=SANS,
                    fontSize=LABEL_SIZE,
                    fillColor=INK,
                )
            )
            start = min(max(row.start, 1), months)
            end = min(max(row.end, start), months)
            drawing.add(
                Rect(
                    label_w + (start - 1) * cell + 0.5,
                    y + 3,
                    (end - start + 1) * cell - 1,
                    row_h - 6,
                    fillColor=row.colour,
                    strokeColor=None,
                )
            )
        drawings.append(drawing)
    return drawings
