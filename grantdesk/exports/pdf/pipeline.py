"""The pipeline report: proposals by status, results by funder and by year, open deadlines.

``grantdesk report pipeline --pdf FILE [--year YYYY]`` and the Reports view's "Export PDF…".
The figures are those of ``grantdesk.services.report_data.pipeline_report`` (the same as
the Reports view's table, to the cent); charts show what is easier seen than read, and
every chart has its table.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from grantdesk.exports.pdf import charts
from grantdesk.exports.pdf.blocks import (
    Formats,
    deadline_tone,
    due_phrase,
    gap,
    section,
    title_block,
)
from grantdesk.exports.pdf.styles import (
    OBTAINED,
    REQUESTED,
    STATUS_COLOURS,
    Stylesheet,
    stylesheet,
    tone_hex,
)
from grantdesk.exports.pdf.tables import Column, Fit, Stacked, data_table, figures_row
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
from grantdesk.services.database import Database
from grantdesk.services.report_data import PipelineReport, Results, pipeline_report

CHART_FUNDERS = 10


def build_pipeline(db: Database, year: int | None, options: BuildOptions) -> BuiltDocument:
    """Read the figures and build the report (in the options' language)."""
    data = pipeline_report(db, year=year, today=options.today())
    return build(pipeline_story, data, options)


def _scope(year: int | None) -> str:
    return _("Year {year}").format(year=year) if year is not None else _("All years")


def pipeline_story(data: PipelineReport, options: BuildOptions) -> Story:
    """The report's pages for *data*."""
    st = stylesheet()
    fmt = Formats(options.lang)
    title = _("Proposals and results")
    scope = _scope(data.year)
    story: list[Flowable] = title_block(
        title,
        _("{scope} · situation on {date}").format(scope=scope, date=fmt.date(data.today)),
        st,
    )
    story.append(_key_figures(data.total, fmt, st))
    story += _statuses(data, fmt, st)
    story += _funders(data, fmt, st)
    story += _years(data, fmt, st)
    story += _deadlines(data, fmt, st)
    info = DocumentInfo(
        title=f"{title} – {scope}",
        subject=_("Proposals by status, results by funder and by year, open deadlines"),
        keywords=(_("proposals"), _("funders"), _("success rate"), _("deadlines")),
        header_left=title,
        header_right=scope,
    )
    return info, story


def _key_figures(total: Results, fmt: Formats, st: Stylesheet) -> Flowable:
    return figures_row(
        [
            (_("Sent"), fmt.number(total.submitted)),
            (_("Funded"), fmt.number(total.awarded)),
            (_("Success rate"), fmt.percent(total.success_rate)),
            (_("Grant obtained"), fmt.money(total.obtained)),
        ],
        FRAME_WIDTH,
        st=st,
    )


def _statuses(data: PipelineReport, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    title = _("Proposals by status")
    intro = _("Every proposal by its status today, with the grant requested in its budget.")
    if not data.proposals:
        return section(title, intro, para(_("No proposals yet."), st.empty), st)
    rows = [s for s in data.statuses if s.proposals]
    chart = charts.horizontal_bars(
        [f"{s.status.label} ({fmt.number(s.proposals)})" for s in rows],
        [charts.Series(_("Requested grant"), [s.requested for s in rows], REQUESTED)],
        FRAME_WIDTH,
        value_label=charts.money_label(fmt.lang),
        bar_colours=[STATUS_COLOURS[s.status.value] for s in rows],
    )
    columns = [
        Column(_("Status"), weight=2),
        Column(_("Proposals"), Fit.NUMBER),
        Column(_("Requested grant"), Fit.NUMBER),
    ]
    table_rows = [[s.status.label, fmt.number(s.proposals), fmt.money(s.requested)] for s in rows]
    total = [_("Total"), fmt.number(data.proposals), fmt.money(data.requested_in_pipeline)]
    table = data_table(columns, table_rows, FRAME_WIDTH * 0.7, total=total, st=st)
    return [*section(title, intro, chart, st), gap(), table]


def _funders(data: PipelineReport, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    title = _("Results by funder")
    if not data.funders:
        empty = (
            _("No proposal was submitted in {year}.").format(year=data.year)
            if data.year is not None
            else _("No proposal has been submitted yet.")
        )
        return section(title, "", para(empty, st.empty), st)
    intro = _(
        "Sent: proposals submitted in the period (by submission date), whatever the "
        "outcome. Requested: the grant asked for in each budget; obtained: the amount "
        "awarded."
    )
    shown = data.funders[:CHART_FUNDERS]
    chart = charts.horizontal_bars(
        [f.funder for f in shown],
        [
            charts.Series(_("Requested"), [f.requested for f in shown], REQUESTED),
            charts.Series(_("Obtained"), [f.obtained for f in shown], OBTAINED),
        ],
        FRAME_WIDTH,
        value_label=charts.money_label(fmt.lang),
    )
    story = section(title, intro, chart, st)
    if len(data.funders) > CHART_FUNDERS:
        note = _("The chart shows the {n} funders asked for the most; the table lists all {total}.")
        story.append(para(note.format(n=CHART_FUNDERS, total=len(data.funders)), st.note))
    columns = [
        Column(_("Funder"), weight=3),
        Column(_("Sent"), Fit.NUMBER),
        Column(_("Funded"), Fit.NUMBER),
        Column(_("Success rate"), Fit.NUMBER),
        Column(_("Requested"), Fit.NUMBER),
        Column(_("Obtained"), Fit.NUMBER),
    ]
    rows = [
        [
            f.funder,
            fmt.number(f.submitted),
            fmt.number(f.awarded),
            fmt.percent(f.success_rate),
            fmt.money(f.requested),
            fmt.money(f.obtained),
        ]
        for f in data.funders
    ]
    t = data.total
    total = [
        _("Total"),
        fmt.number(t.submitted),
        fmt.number(t.awarded),
        fmt.percent(t.success_rate),
        fmt.money(t.requested),
        fmt.money(t.obtained),
    ]
    story += [gap(), data_table(columns, rows, FRAME_WIDTH, total=total, st=st)]
    outcome = charts.pie(
        [
            (_("Funded"), t.awarded, OBTAINED),
            (_("Turned down"), t.rejected, STATUS_COLOURS["rejected"]),
            (_("Awaiting a decision"), t.pending, STATUS_COLOURS["submitted"]),
        ],
        FRAME_WIDTH,
        value_label=charts.count_label(fmt.lang),
        percent=charts.percent_label(fmt.lang),
    )
    story.append(KeepTogether([para(_("Outcome of the proposals submitted"), st.h2), outcome]))
    return story


def _years(data: PipelineReport, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    title = _("Results by year")
    if not data.years:
        return section(title, "", para(_("No proposal has been submitted yet."), st.empty), st)
    intro = _("Every year in which proposals were submitted, whatever the period chosen above.")
    dated = [y for y in data.years if y.year is not None]
    labels = [str(y.year) for y in dated]
    chart = None
    if dated:
        chart = charts.vertical_bars(
            labels,
            [
                charts.Series(_("Requested"), [y.results.requested for y in dated], REQUESTED),
                charts.Series(_("Obtained"), [y.results.obtained for y in dated], OBTAINED),
            ],
            FRAME_WIDTH,
            150,
            value_label=charts.money_label(fmt.lang),
        )
    story = section(title, intro, chart, st)
    if len(dated) > 1:
        rates = charts.line(
            labels,
            [
                charts.Series(
                    _("Success rate"), [y.results.success_rate or 0 for y in dated], OBTAINED
                )
            ],
            FRAME_WIDTH * 0.75,
            130,
            value_label=charts.percent_label(fmt.lang),
            top=100.0,
        )
        story.append(KeepTogether([para(_("Success rate by year"), st.h2), rates]))
    columns = [
        Column(_("Year"), weight=2),
        Column(_("Sent"), Fit.NUMBER),
        Column(_("Funded"), Fit.NUMBER),
        Column(_("Turned down"), Fit.NUMBER),
        Column(_("Awaiting"), Fit.NUMBER),
        Column(_("Success rate"), Fit.NUMBER),
        Column(_("Requested"), Fit.NUMBER),
        Column(_("Obtained"), Fit.NUMBER),
    ]
    rows = []
    for y in data.years:
        r = y.results
        rows.append(
            [
                str(y.year) if y.year is not None else _("No submission date"),
                fmt.number(r.submitted),
                fmt.number(r.awarded),
                fmt.number(r.rejected),
                fmt.number(r.pending),
                fmt.percent(r.success_rate),
                fmt.money(r.requested),
                fmt.money(r.obtained),
            ]
        )
    story += [gap(), data_table(columns, rows, FRAME_WIDTH, st=st)]
    return story


def _deadlines(data: PipelineReport, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    title = _("Open deadlines")
    intro = _("Overdue, and due in the next {days} days.").format(days=data.horizon_days)
    if not data.upcoming:
        return section(title, intro, para(_("Nothing is due."), st.empty), st)
    columns = [
        Column(_("Due"), Fit.COMPACT),
        Column(_("Call or proposal"), weight=3),
        Column(_("Funder"), weight=1.6),
        Column(_("Owner"), weight=1.1),
    ]
    rows: list[list[object]] = []
    for d in data.upcoming:
        what = d.title + (f" · {d.stage}" if d.stage else "")
        kind = d.kind.label + (f" · {', '.join(d.proposals)}" if d.proposals else "")
        when = Stacked(
            fmt.deadline(d.due_at), due_phrase(d.days_left), tone_hex(deadline_tone(d.days_left))
        )
        rows.append([when, Stacked(what, kind), d.funder, d.owner])
    story = section(title, intro, None, st, then=data_table(columns, rows, FRAME_WIDTH, st=st))
    if data.upcoming_total > len(data.upcoming):
        note = _("The first {shown} of {total} deadlines: the deadlines report lists them all.")
        story.append(
            para(note.format(shown=len(data.upcoming), total=data.upcoming_total), st.note)
        )
    return story
