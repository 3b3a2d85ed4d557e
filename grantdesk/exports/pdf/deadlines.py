"""The deadlines report: what is due between two days, week by week, for one owner or all.

``grantdesk report deadlines --pdf FILE [--from DATE] [--to DATE] [--owner NAME]`` and the
Reports view's "Export PDF…". One table per week (Monday to Sunday, Rome days); each row
says what is due, for which call or proposal, who owns it and how far away it is.
"""

from __future__ import annotations

from datetime import date

from reportlab.platypus import Flowable

from grantdesk.exports.pdf.blocks import (
    Formats,
    deadline_tone,
    due_phrase,
    gap,
    section,
    title_block,
)
from grantdesk.exports.pdf.styles import Stylesheet, stylesheet, tone_hex
from grantdesk.exports.pdf.tables import (
    Column,
    Fit,
    Stacked,
    column_widths,
    data_table,
    figures_row,
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
from grantdesk.i18n import _, ngettext
from grantdesk.services.dashboard import DueItem
from grantdesk.services.database import Database
from grantdesk.services.report_data import DeadlinesReport, DeadlineWeek, deadlines_report


def build_deadlines(
    db: Database, first: date, last: date, owner: str | None, options: BuildOptions
) -> BuiltDocument:
    """Read the deadlines from *first* to *last* and build the report."""
    data = deadlines_report(db, first, last, options.today(), owner)
    return build(deadlines_story, data, options)


def _period(data: DeadlinesReport, fmt: Formats) -> str:
    return _("{first} – {last}").format(first=fmt.date(data.first), last=fmt.date(data.last))


def deadlines_story(data: DeadlinesReport, options: BuildOptions) -> Story:
    """The report's pages for *data*."""
    st = stylesheet()
    fmt = Formats(options.lang)
    period = _period(data, fmt)
    who = _("Owner: {owner}").format(owner=data.owner) if data.owner else _("Every owner")
    title = _("Deadlines")
    story: list[Flowable] = title_block(
        title,
        _("{period} · {who} · situation on {date}").format(
            period=period, who=who, date=fmt.date(data.today)
        ),
        st,
    )
    items = [d for w in data.weeks for d in w.items]
    done = sum(1 for d in items if d.done)
    overdue = sum(1 for d in items if not d.done and d.days_left < 0)
    story.append(
        figures_row(
            [
                (_("Deadlines"), fmt.number(len(items))),
                (_("Still to do"), fmt.number(len(items) - done)),
                (_("Of which overdue"), fmt.number(overdue)),
                (_("Done already"), fmt.number(done)),
            ],
            FRAME_WIDTH,
            st=st,
        )
    )
    story.append(gap(4))
    if not items:
        nothing = (
            _("Nothing is due for {owner} in this period.").format(owner=data.owner)
            if data.owner
            else _("Nothing is due in this period.")
        )
        story.append(para(nothing, st.empty))
    columns = _columns()
    rows = [[_row(d, fmt) for d in week.items] for week in data.weeks]  # in week order
    every = [row for week_rows in rows for row in week_rows]
    widths = column_widths(columns, every, FRAME_WIDTH, st)  # the weeks' tables line up
    for week, week_rows in zip(data.weeks, rows, strict=True):
        story += _week(week, week_rows, widths, fmt, st)
    info = DocumentInfo(
        title=f"{title} {period}",
        subject=_("Deadlines from {first} to {last}, by week").format(
            first=fmt.date(data.first), last=fmt.date(data.last)
        ),
        keywords=(_("deadlines"), *((data.owner,) if data.owner else ())),
        header_left=f"{title} · {who}",
        header_right=period,
    )
    return info, story


def _columns() -> list[Column]:
    return [
        Column(_("Due"), Fit.COMPACT),
        Column(_("What is due"), weight=3),
        Column(_("Funder"), weight=1.5),
        Column(_("Owner"), weight=1.1),
    ]


def _week(
    week: DeadlineWeek,
    rows: list[list[object]],
    widths: list[float],
    fmt: Formats,
    st: Stylesheet,
) -> list[Flowable]:
    number = week.monday.isocalendar().week
    heading = _("Week {number}: {first} – {last}").format(
        number=number, first=fmt.date(week.monday), last=fmt.date(week.sunday)
    )
    count = ngettext("{n} deadline", "{n} deadlines", len(week.items)).format(n=len(week.items))
    table = data_table(_columns(), rows, FRAME_WIDTH, st=st, widths=widths)
    return section(f"{heading} · {count}", "", None, st, heading=st.week, then=table)


def _row(d: DueItem, fmt: Formats) -> list[object]:
    state = _("done") if d.done else due_phrase(d.days_left)
    when = Stacked(fmt.deadline(d.due_at), state, tone_hex(deadline_tone(d.days_left, d.done)))
    what = d.title + (f" · {d.stage}" if d.stage else "")
    detail = d.kind.label + (f" · {', '.join(d.proposals)}" if d.proposals else "")
    return [when, Stacked(what, detail), d.funder, d.owner]
