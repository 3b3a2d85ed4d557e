"""The monitoring report of a co-design process: each indicator over time.

``grantdesk report monitoring ID --pdf FILE`` and the Monitoring tab's "Export report…".
A summary of every indicator (baseline, target, latest value, progress), then for each one
a line chart of its measurements with the target and the baseline as dashed lines, and the
table of measurements (date, value, change on the previous one, note); finally the
process's report deadlines. Progress is the one ``monitoring_data`` computes (as on
screen).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, KeepTogether

from grantdesk.domain.dates import days_until
from grantdesk.exports.pdf import charts
from grantdesk.exports.pdf.blocks import Formats, deadline_tone, due_phrase, section, title_block
from grantdesk.exports.pdf.codesign_common import amount, process_pairs, shown
from grantdesk.exports.pdf.styles import (
    MUTED,
    OBTAINED,
    REQUESTED,
    Stylesheet,
    stylesheet,
    tone_hex,
)
from grantdesk.exports.pdf.tables import (
    Column,
    Fit,
    Stacked,
    Toned,
    data_table,
    figures_row,
    key_value_table,
)
from grantdesk.exports.pdf.templates import (
    FRAME_WIDTH,
    BuildOptions,
    BuiltDocument,
    DocumentInfo,
    Story,
    build,
)
from grantdesk.exports.pdf.text import para
from grantdesk.i18n import _
from grantdesk.services.codesign_documents import IndicatorSeries, MonitoringData, monitoring_data
from grantdesk.services.database import Database

CHART_HEIGHT = 150.0


def build_monitoring(db: Database, process_id: int, options: BuildOptions) -> BuiltDocument:
    """Read process *process_id* and build its monitoring report (RecordNotFoundError if it
    is gone). The read happens inside the build, in the document's language."""

    def compose(pid: int, opts: BuildOptions) -> Story:
        return monitoring_story(monitoring_data(db, pid), opts)

    return build(compose, process_id, options)


def monitoring_story(data: MonitoringData, options: BuildOptions) -> Story:
    """The report's pages for *data*."""
    st = stylesheet()
    fmt = Formats(options.lang)
    title = _("Monitoring report")
    today = options.today()
    subtitle = " · ".join(
        p
        for p in (
            data.process.title,
            data.process.promoter if data.process.promoter not in data.process.title else "",
            _("situation on {date}").format(date=fmt.date(today)),
        )
        if p
    )
    story: list[Flowable] = title_block(title, subtitle, st)
    story += _overview(data, fmt, st)
    story += _summary(data, fmt, st)
    for n, indicator in enumerate(data.indicators, start=1):
        story += _indicator(n, indicator, fmt, st)
    story += _reports(data, fmt, st, options)
    info = DocumentInfo(
        title=f"{title} – {data.process.title}",
        subject=_("Indicators of a co-design process: baseline, target and measurements"),
        keywords=tuple(k for k in (title, data.process.cup, data.process.promoter) if k),
        header_left=f"{title} · {data.process.title}",
        header_right=_("situation on {date}").format(date=fmt.date(today)),
    )
    return info, story


def _overview(data: MonitoringData, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    pairs = process_pairs(data.process, fmt)[1:5]
    signed = fmt.date(data.agreement_signed_on) if data.agreement_signed_on else _("not yet")
    pairs += [
        (_("Agreement signed on"), signed),
        (_("Open action items"), fmt.number(data.open_actions)),
    ]
    return section(_("The process"), "", key_value_table(shown(pairs), FRAME_WIDTH, st=st), st)


def _progress(value: Decimal | None, fmt: Formats) -> object:
    if value is None:
        return "–"
    tone = "good" if value >= 100 else "ink"
    return Toned(fmt.percent(value), tone)


def _summary(data: MonitoringData, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    title = _("Indicators")
    intro = _(
        "Progress: how far the latest measurement has come from the baseline towards the target."
    )
    if not data.indicators:
        return section(title, "", para(_("No indicators set yet."), st.empty), st)
    columns = [
        Column(_("Indicator"), weight=2.4),
        Column(_("Baseline"), Fit.NUMBER),
        Column(_("Target"), Fit.NUMBER),
        Column(_("Latest value"), Fit.NUMBER),
        Column(_("Progress"), Fit.NUMBER),
    ]
    rows = [
        [
            Stacked(i.name, i.unit),
            amount(i.baseline, fmt.lang),
            amount(i.target, fmt.lang),
            amount(i.latest, fmt.lang),
            _progress(i.progress, fmt),
        ]
        for i in data.indicators
    ]
    return section(title, intro, None, st, then=data_table(columns, rows, FRAME_WIDTH, st=st))


def _label(lang: str) -> Callable[[float], str]:
    """Axis and point labels with up to one decimal (drawing positions only)."""

    def label(value: float) -> str:
        return amount(Decimal(repr(value)).quantize(Decimal("0.1")), lang)

    return label


def _chart(indicator: IndicatorSeries, fmt: Formats) -> Drawing:
    labels = [fmt.date(p.measured_on) for p in indicator.points]
    values = [p.value for p in indicator.points]
    series = [charts.Series(_("Measured"), values, REQUESTED)]
    references = [
        (_("Target"), indicator.target, OBTAINED),
        (_("Baseline"), indicator.baseline, MUTED),
    ]
    for name, level, colour in references:
        if level is not None:
            series.append(charts.Series(name, [level] * len(values), colour))
    drawing = charts.line(labels, series, FRAME_WIDTH, CHART_HEIGHT, value_label=_label(fmt.lang))
    for chart in drawing.contents:
        if isinstance(chart, HorizontalLineChart):
            _dash_references(chart, len(series), [_label(fmt.lang)(float(v)) for v in values])
    return drawing


def _dash_references(chart: HorizontalLineChart, count: int, measured: list[str]) -> None:
    """The target and baseline as dashed lines without dots or labels."""
    for i in range(1, count):
        chart.lines[i].strokeDashArray = (4, 3)
        chart.lines[i].strokeWidth = 1
        chart.lines[i].symbol = None
    chart.lineLabelFormat = "values"
    chart.lineLabelArray = [measured, *([""] * len(measured) for _i in range(1, count))]


def _indicator(n: int, indicator: IndicatorSeries, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    title = _("{n}. {name}").format(n=n, name=indicator.name)
    unit = _("Unit: {unit}").format(unit=indicator.unit) if indicator.unit else ""
    figures = figures_row(
        [
            (_("Baseline"), amount(indicator.baseline, fmt.lang)),
            (_("Target"), amount(indicator.target, fmt.lang)),
            (_("Latest value"), amount(indicator.latest, fmt.lang)),
            (_("Progress"), fmt.percent(indicator.progress)),
        ],
        FRAME_WIDTH,
        st=st,
    )
    if not indicator.points:
        story = section(title, unit, figures, st)
        story.append(para(_("No measurements yet."), st.empty))
        return story
    if len(indicator.points) > 1:
        chart = KeepTogether([figures, para(_("Over time"), st.h2), _chart(indicator, fmt)])
        story = section(title, unit, chart, st)
    else:  # one measurement makes no line: its table says it all
        story = section(title, unit, figures, st)
    columns = [
        Column(_("Date"), Fit.COMPACT),
        Column(_("Value"), Fit.NUMBER),
        Column(_("Difference"), Fit.NUMBER),
        Column(_("Note"), weight=3),
    ]
    rows: list[list[object]] = []
    previous = indicator.baseline
    for point in indicator.points:
        change = "–" if previous is None else _signed(point.value - previous, fmt)
        rows.append(
            [fmt.date(point.measured_on), amount(point.value, fmt.lang), change, point.note]
        )
        previous = point.value
    table = data_table(columns, rows, FRAME_WIDTH, st=st)
    intro = _("Difference: on the previous measurement (the first one: on the baseline).")
    return [*story, *section(_("Measurements"), intro, None, st, heading=st.h2, then=table)]


def _signed(value: Decimal, fmt: Formats) -> str:
    text = amount(abs(value), fmt.lang)
    if value > 0:
        return f"+{text}"
    return f"−{text}" if value < 0 else text


def _reports(
    data: MonitoringData, fmt: Formats, st: Stylesheet, options: BuildOptions
) -> list[Flowable]:
    title = _("Report deadlines")
    if not data.reports:
        return section(title, "", para(_("No report deadlines."), st.empty), st)
    columns = [
        Column(_("Due"), Fit.COMPACT),
        Column(_("Report"), weight=2.2),
        Column(_("Owner"), weight=1.2),
        Column(_("State"), Fit.COMPACT),
    ]
    today = options.today()
    rows: list[list[object]] = []
    for r in data.reports:
        days = days_until(r.due_at, today)
        when = Stacked(
            fmt.deadline(r.due_at),
            "" if r.done else due_phrase(days),
            tone_hex(deadline_tone(days, r.done)),
        )
        state = Toned(_("Done"), "good") if r.done else Toned(_("To do"), "warning")
        rows.append([when, r.stage, r.owner or "–", state])
    return section(title, "", None, st, then=data_table(columns, rows, FRAME_WIDTH, st=st))
