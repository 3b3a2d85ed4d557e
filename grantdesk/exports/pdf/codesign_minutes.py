"""The minutes (verbale) of one meeting of a co-design table.

``grantdesk report meeting ID --pdf FILE`` and the meeting editor's "Export minutes…".
The process heading, the meeting's date, time and place, who was present for which body
(and which participating bodies were absent), the agenda, the minutes, the decisions, the
action items with owner and due date, the next meeting, and lines for the chair and the
secretary to sign. Typed text is printed literally, line breaks kept.
"""

from __future__ import annotations

from itertools import groupby

from reportlab.platypus import Flowable, KeepTogether

from grantdesk.exports.pdf.blocks import Formats, gap, section, title_block
from grantdesk.exports.pdf.codesign_common import (
    process_pairs,
    shown,
    signature_lines,
    text_block,
)
from grantdesk.exports.pdf.styles import Stylesheet, stylesheet
from grantdesk.exports.pdf.tables import Column, Fit, Toned, data_table, key_value_table
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
from grantdesk.services.codesign_documents import MeetingMinutesData, meeting_minutes_data
from grantdesk.services.database import Database


def build_minutes(db: Database, meeting_id: int, options: BuildOptions) -> BuiltDocument:
    """Read meeting *meeting_id* and build its minutes (RecordNotFoundError if it is gone).

    The read happens inside the build, in the document's language (the process's step is
    a label in that language).
    """

    def compose(mid: int, opts: BuildOptions) -> Story:
        return minutes_story(meeting_minutes_data(db, mid), opts)

    return build(compose, meeting_id, options)


def minutes_story(data: MeetingMinutesData, options: BuildOptions) -> Story:
    """The minutes' pages for *data*."""
    st = stylesheet()
    fmt = Formats(options.lang)
    title = _("Minutes of meeting no. {n} of the co-design table").format(n=data.number)
    when = fmt.deadline(data.held_at)
    subtitle = " · ".join(p for p in (data.process.title, when, data.place) if p)
    story: list[Flowable] = title_block(title, subtitle, st)
    story += _meeting(data, fmt, st)
    story += _attendees(data, st)
    story += [*section(_("Agenda"), "", None, st), *text_block(data.agenda, st)]
    story += [*section(_("Minutes"), "", None, st), *text_block(data.minutes, st)]
    story += [*section(_("Decisions"), "", None, st), *text_block(data.decisions, st)]
    story += _actions(data, fmt, st)
    story += _signatures(data, fmt, st)
    kind = _("Minutes of the co-design table")
    info = DocumentInfo(
        title=f"{title} – {data.process.title}",
        subject=_("Attendees, agenda, minutes, decisions and action items of a meeting"),
        keywords=tuple(k for k in (kind, data.process.cup, data.process.promoter) if k),
        header_left=f"{kind} · {data.process.title}",
        header_right=_("Meeting no. {n} of {total} · {date}").format(
            n=data.number, total=data.total_meetings, date=fmt.date(data.held_at.date())
        ),
    )
    return info, story


def _meeting(data: MeetingMinutesData, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    pairs: list[tuple[str, object]] = [
        (_("Date and time"), fmt.deadline(data.held_at)),
        (_("Place"), data.place),
        (
            _("Meeting"),
            _("no. {n} of {total}").format(n=data.number, total=data.total_meetings),
        ),
        *process_pairs(data.process, fmt)[1:5],
    ]
    if data.next_meeting is not None:
        pairs.append((_("Next meeting"), fmt.deadline(data.next_meeting)))
    return section(_("The meeting"), "", key_value_table(shown(pairs), FRAME_WIDTH, st=st), st)


def _attendees(data: MeetingMinutesData, st: Stylesheet) -> list[Flowable]:
    title = _("Attendees")
    if not data.attendees:
        story = section(title, "", para(_("No attendees recorded."), st.empty), st)
    else:
        columns = [Column(_("Body"), weight=1.3), Column(_("Present for the body"), weight=1.7)]
        rows: list[list[object]] = []
        for body, people in groupby(data.attendees, key=lambda a: a.body):
            names = [f"{p.name} – {p.role}" if p.role else p.name for p in people]
            rows.append([body or _("No body"), "\n".join(names)])
        intro = _("Present for each participating body.")
        table = data_table(columns, rows, FRAME_WIDTH, st=st)
        story = section(title, intro, None, st, then=table)
    if data.bodies_absent:
        story.append(gap(4))
        story.append(
            para(_("Absent bodies: {names}.").format(names="; ".join(data.bodies_absent)), st.body)
        )
    return story


def _actions(data: MeetingMinutesData, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    title = _("Action items")
    if not data.actions:
        return section(title, "", para(_("No action items."), st.empty), st)
    columns = [
        Column(_("Action"), weight=2.6),
        Column(_("Owner"), weight=1.2),
        Column(_("Due"), Fit.COMPACT),
        Column(_("State"), Fit.COMPACT),
    ]
    rows = [
        [
            a.description,
            a.owner or "–",
            fmt.date(a.due_on) if a.due_on else "–",
            Toned(_("Done"), "good") if a.done else Toned(_("To do"), "warning"),
        ]
        for a in data.actions
    ]
    intro = _("Who does what, by when.")
    return section(title, intro, None, st, then=data_table(columns, rows, FRAME_WIDTH, st=st))


def _signatures(data: MeetingMinutesData, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    closing = _("Read, approved and signed on {date}.").format(date=fmt.date(data.held_at.date()))
    names = signature_lines(
        [_("The chair of the table"), _("The secretary taking the minutes")], st
    )
    lines = signature_lines([_("Signature"), _("Signature")], st)
    return [
        gap(10),
        KeepTogether(
            [para(_("Signatures"), st.h1), para(closing, st.body), gap(6), names, gap(8), lines]
        ),
    ]
