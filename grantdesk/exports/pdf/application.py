"""The application (domanda): what a legal representative signs and a funder reads.

``grantdesk export proposal ID --pdf FILE`` and the Proposals list's export. A cover page
(call, funder, title, acronym, lead, the money asked and the date), then the summary, the
partnership, the sections the writers drafted, objectives, activities with their timeline
(a Gantt chart coloured by responsible body), indicators, the SWOT analysis, the budget
(``application_budget``), the check against the call's rules, the attachment checklist
and a signature block for the legal representative of the lead and of each partner.

Every figure comes from ``grantdesk.services.application_data`` — the totals of
``grantdesk check proposal`` to the cent; the story only lays them out. The header names
the call's code and the proposal's acronym.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table

from grantdesk.domain.rules import Severity
from grantdesk.domain.vocab import AttachmentState
from grantdesk.exports.pdf import charts
from grantdesk.exports.pdf.application_budget import (
    budget_section,
    co_financing_text,
    quantity_text,
    table_section,
)
from grantdesk.exports.pdf.blocks import Formats, gap, section
from grantdesk.exports.pdf.styles import Stylesheet, partner_colour, stylesheet
from grantdesk.exports.pdf.tables import (
    Column,
    DataTable,
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
from grantdesk.exports.pdf.text import clean, labelled, para
from grantdesk.i18n import _, ngettext
from grantdesk.services.application_data import (
    ActivityRow,
    ApplicationData,
    Member,
    Signatory,
    application_data,
)
from grantdesk.services.database import Database

MAX_MONTHS = 120  # a timeline longer than ten years is drawn to its tenth year
GANTT_ROWS = 30  # activities per chart; a longer plan continues on the next page
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def build_application(db: Database, proposal_id: int, options: BuildOptions) -> BuiltDocument:
    """Read proposal *proposal_id* and build its application (UnknownProposalError if gone).

    The read happens inside the build, in the document's language: the rule check's
    findings are sentences in that language.
    """

    def compose(pid: int, opts: BuildOptions) -> Story:
        return application_story(application_data(db, pid, opts.today()), opts)

    return build(compose, proposal_id, options)


def application_story(data: ApplicationData, options: BuildOptions) -> Story:
    """The application's pages for *data*."""
    st = stylesheet()
    fmt = Formats(options.lang)
    cover = data.cover
    story = _cover(data, fmt, st)
    story += _summary(data, st)
    story += _partnership(data.members, st)
    story += _sections(data, st)
    story += _objectives(data, st)
    story += _activities(data, fmt, st)
    story += _indicators(data, fmt, st)
    story += _swot(data, st)
    story += budget_section(data, fmt, st)
    story += _rule_check(data, fmt, st)
    story += _checklist(data, st)
    story += _signatures(data.signatories, st)
    kind = _("Application")
    name = cover.acronym or cover.title
    info = DocumentInfo(
        title=f"{kind}: {cover.title}",
        subject=cover.call_title or kind,
        keywords=tuple(k for k in (kind, cover.acronym, cover.call_code, cover.funder) if k),
        header_left=cover.call_code or cover.call_title,
        header_right=f"{kind} · {name}" if name else kind,
        author=cover.lead or "GrantDesk",
    )
    return info, story


def text_block(text: str, st: Stylesheet) -> list[Flowable]:
    """User text as paragraphs: a blank line starts a new one, a line break stays."""
    pieces = _PARAGRAPH_BREAK.split(clean(text).strip("\n"))
    return [para(piece.strip("\n"), st.body) for piece in pieces if piece.strip()]


def _two(main: str, secondary: str) -> Stacked | str:
    """One cell of two lines, or one line when either is empty."""
    if main and secondary:
        return Stacked(main, secondary)
    return main or secondary


def _form(member: Member) -> str:
    letter = member.legal_form.runts_section
    label = member.legal_form.label
    return (
        _("{form} (RUNTS section {section})").format(form=label, section=letter)
        if letter
        else label
    )


def _months(duration: int | None) -> str:
    if duration is None:
        return ""
    return ngettext("{n} month", "{n} months", duration).format(n=duration)


# -- cover, summary, partnership --------------------------------------------------------


def _cover(data: ApplicationData, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    cover, budget = data.cover, data.budget
    partners = sum(1 for m in data.members if not m.lead)
    pairs: list[tuple[str, object]] = [
        (_("Call"), _two(cover.call_title, cover.call_code) or _("No call chosen yet")),
        (_("Funder"), cover.funder),
        (_("Lead applicant"), cover.lead or _("No lead applicant chosen yet")),
        (_("Partners"), ngettext("{n} partner", "{n} partners", partners).format(n=partners)),
        (_("Start"), fmt.date(cover.start_on) if cover.start_on else ""),
        (_("Duration"), _months(cover.duration_months)),
        (_("Requested grant"), fmt.money(budget.requested_grant)),
        (_("Total cost"), fmt.money(budget.grand_total)),
        (_("Co-financing"), co_financing_text(budget, fmt)),
        (_("Date"), fmt.date(cover.today)),
    ]
    figures = figures_row(
        [
            (_("Total cost"), fmt.money(budget.grand_total)),
            (_("Requested grant"), fmt.money(budget.requested_grant)),
            (_("Co-financing"), fmt.money(budget.co_financing)),
        ],
        FRAME_WIDTH,
        st=st,
    )
    story: list[Flowable] = [
        Spacer(1, 36),
        para(_("Application for funding"), st.kicker),
        para(cover.title, st.cover_title),
    ]
    if cover.acronym:
        story.append(para(cover.acronym, st.subtitle))
    story += [
        gap(14),
        figures,
        gap(10),
        key_value_table([(k, v) for k, v in pairs if v], FRAME_WIDTH, st=st),
        PageBreak(),
    ]
    return story


def _summary(data: ApplicationData, st: Stylesheet) -> list[Flowable]:
    body = text_block(data.summary, st) or [para(_("No summary written yet."), st.empty)]
    return [para(_("Summary"), st.h1), *body]


def _partnership(members: Sequence[Member], st: Stylesheet) -> list[Flowable]:
    title = _("Partnership")
    if not members:
        return section(title, "", para(_("No lead applicant or partner chosen yet."), st.empty), st)
    partners = sum(1 for m in members if not m.lead)
    intro = ngettext(
        "The lead applicant and {n} partner.", "The lead applicant and {n} partners.", partners
    ).format(n=partners)
    if not any(m.lead for m in members):
        intro = _("No lead applicant chosen yet.")
    columns = [
        Column(_("Organization"), weight=2.0),
        Column(_("Tax code"), Fit.COMPACT),
        Column(_("Role"), weight=1.0),
        Column(_("Contact"), weight=2.1),
    ]
    rows = []
    for m in members:
        role = Toned(_("Lead applicant"), "ink") if m.lead else (m.role or _("Partner"))
        about = "\n".join(p for p in (_form(m), m.address) if p)
        reach = "\n".join(p for p in (m.email, m.phone) if p)
        rows.append([_two(m.name, about), m.codice_fiscale, role, _two(m.contact, reach)])
    table = data_table(columns, rows, FRAME_WIDTH, st=st)
    return table_section(title, intro, table, st)


# -- the project ------------------------------------------------------------------------


def _sections(data: ApplicationData, st: Stylesheet) -> list[Flowable]:
    story: list[Flowable] = [para(_("The project"), st.h1)]
    if not data.sections:
        return [*story, para(_("No section written yet."), st.empty)]
    for part in data.sections:
        body = text_block(part.body, st) or [para(_("Not written yet."), st.empty)]
        story += [para(part.title, st.h2), *body]
    return story


def _objectives(data: ApplicationData, st: Stylesheet) -> list[Flowable]:
    title = _("Objectives")
    if not data.objectives:
        return section(title, "", para(_("No objectives written yet."), st.empty), st)
    columns = [Column(_("No."), Fit.COMPACT), Column(_("Objective"))]
    rows = [[str(n), text] for n, text in enumerate(data.objectives, start=1)]
    table = data_table(columns, rows, FRAME_WIDTH, st=st)
    return table_section(title, "", table, st)


def _span(activity: ActivityRow) -> str:
    if activity.end_month <= activity.start_month:
        return str(activity.start_month)
    return f"{activity.start_month}–{activity.end_month}"


def _activities(data: ApplicationData, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    title = _("Activities and timeline")
    if not data.activities:
        return section(title, "", para(_("No activities planned yet."), st.empty), st)
    columns = [
        Column(_("No."), Fit.COMPACT),
        Column(_("Activity"), weight=2.6),
        Column(_("Responsible"), weight=1.5),
        Column(_("Months"), Fit.COMPACT),
    ]
    rows = [
        [str(n), _two(a.title, a.description), a.responsible or _("No one yet"), _span(a)]
        for n, a in enumerate(data.activities, start=1)
    ]
    story = section(title, "", None, st, then=data_table(columns, rows, FRAME_WIDTH, st=st))
    return story + _timeline(data, fmt, st)


def _month(months: int, month: int) -> str:
    """A month's label: every month of a short plan; in a longer one M1 and every third, so
    "M10M11M12" never run together."""
    return f"M{month}" if months <= 18 or month == 1 or month % 3 == 0 else ""


def _timeline(data: ApplicationData, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    activities = data.activities
    last = max(a.end_month for a in activities)
    months = min(MAX_MONTHS, max(1, data.cover.duration_months or 0, last))
    bars = [
        charts.GanttRow(
            f"{n}. {a.title}", a.start_month, a.end_month, partner_colour(a.colour_index)
        )
        for n, a in enumerate(activities, start=1)
    ]
    drawings = charts.gantt(
        bars, months, FRAME_WIDTH, month_label=partial(_month, months), rows_per_chart=GANTT_ROWS
    )
    note = _("Months counted from the start of the project.")
    start = data.cover.start_on
    if start is not None:
        first = f"{start.month:02d}/{start.year}" if fmt.lang == "it" else f"{start:%Y-%m}"
        note = _("Months counted from the start of the project (M1 = {month}).").format(month=first)
    # The legend above the chart, so it stays with the chart's first page.
    legend = _legend(activities, st)
    head = [para(_("Timeline"), st.h2), para(note, st.note), *legend, gap(6), drawings[0]]
    return [KeepTogether(head), *drawings[1:]]


def _swatch(index: int) -> Drawing:
    drawing = Drawing(9, 9)
    drawing.add(Rect(0, 0.5, 8, 8, fillColor=partner_colour(index), strokeColor=None))
    return drawing


def _legend(activities: Sequence[ActivityRow], st: Stylesheet) -> list[Flowable]:
    """Who each colour is: the responsible bodies, three to a row; names wrap."""
    seen: dict[int, str] = {}
    for a in activities:
        seen.setdefault(a.colour_index, a.responsible or _("No one responsible yet"))
    entries = sorted(seen.items(), key=lambda kv: (kv[0] < 0, kv[0]))
    per_row = 3
    cells: list[list[object]] = []
    for first in range(0, len(entries), per_row):
        row: list[object] = []
        for index, name in entries[first : first + per_row]:
            row += [_swatch(index), para(name, st.cell)]
        row += [""] * (2 * per_row - len(row))
        cells.append(row)
    room = FRAME_WIDTH / per_row
    # A DataTable: a 5,000-letter name makes a row taller than a page, which it can split.
    table = DataTable(
        cells, colWidths=[12, room - 12] * per_row, splitInRow=1, hAlign="LEFT", style=st.legend()
    )
    return [para(_("Responsible bodies"), st.note), table]


def _indicators(data: ApplicationData, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    title = _("Indicators")
    if not data.indicators:
        return section(title, "", para(_("No indicators defined yet."), st.empty), st)
    columns = [
        Column(_("Indicator"), weight=3),
        Column(_("Unit"), weight=1),
        Column(_("Baseline"), Fit.NUMBER),
        Column(_("Target"), Fit.NUMBER),
    ]
    rows = [
        [i.name, i.unit, quantity_text(i.baseline, fmt.lang), quantity_text(i.target, fmt.lang)]
        for i in data.indicators
    ]
    table = data_table(columns, rows, FRAME_WIDTH, st=st)
    return table_section(title, "", table, st)


def _swot(data: ApplicationData, st: Stylesheet) -> list[Flowable]:
    title = _("SWOT analysis")
    swot = data.swot
    if not any((swot.strengths, swot.weaknesses, swot.opportunities, swot.threats)):
        return section(title, "", para(_("No SWOT analysis written yet."), st.empty), st)
    width = FRAME_WIDTH / 2
    top = data_table(
        [Column(_("Strengths")), Column(_("Weaknesses"))],
        [[swot.strengths or "–", swot.weaknesses or "–"]],
        FRAME_WIDTH,
        st=st,
        widths=[width, width],
    )
    bottom = data_table(
        [Column(_("Opportunities")), Column(_("Threats"))],
        [[swot.opportunities or "–", swot.threats or "–"]],
        FRAME_WIDTH,
        st=st,
        widths=[width, width],
    )
    intro = _("Internal strengths and weaknesses; opportunities and threats around the project.")
    return [*section(title, intro, None, st, then=top), gap(6), bottom]


# -- check, checklist, signatures -------------------------------------------------------

_TONE = {Severity.BLOCKING: "bad", Severity.WARNING: "warning", Severity.INFO: "muted"}


def _severity(severity: Severity) -> Toned:
    labels = {
        Severity.BLOCKING: _("Blocking"),
        Severity.WARNING: _("To check"),
        Severity.INFO: _("Information"),
    }
    return Toned(labels[severity], _TONE[severity])


def _rule_check(data: ApplicationData, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    title = _("Check against the call's rules")
    day = fmt.date(data.cover.today)
    if data.has_call:
        intro = _("Checked by GrantDesk on {date} against the rules of the call.").format(date=day)
    else:
        intro = _("Checked by GrantDesk on {date}.").format(date=day)
    if not data.findings:
        ok = para(_("No rule of the call is broken."), st.tone("good"))
        return section(title, intro, ok, st)
    blocking = sum(1 for f in data.findings if f.severity is Severity.BLOCKING)
    if blocking:
        intro += " " + ngettext(
            "{n} finding makes the application inadmissible as it stands.",
            "{n} findings make the application inadmissible as it stands.",
            blocking,
        ).format(n=blocking)
    columns = [Column(_("Severity"), Fit.COMPACT), Column(_("Finding"))]
    rows = [[_severity(f.severity), f.message] for f in data.findings]
    table = data_table(columns, rows, FRAME_WIDTH, st=st)
    return table_section(title, intro, table, st)


def _state(state: AttachmentState, mandatory: bool) -> Toned:
    if state is AttachmentState.ATTACHED:
        return Toned(state.label, "good")
    if state is AttachmentState.MISSING:
        return Toned(state.label, "bad" if mandatory else "warning")
    return Toned(state.label, "muted")


def _checklist(data: ApplicationData, st: Stylesheet) -> list[Flowable]:
    title = _("Attachments")
    if not data.checklist:
        return section(title, "", para(_("No attachments listed."), st.empty), st)
    columns = [
        Column(_("Attachment"), weight=2.4),
        Column(_("Mandatory"), Fit.COMPACT),
        Column(_("State"), Fit.COMPACT),
        Column(_("File"), weight=1.4),
    ]
    rows = [
        [c.name, _("Yes") if c.mandatory else _("No"), _state(c.state, c.mandatory), c.file_name]
        for c in data.checklist
    ]
    table = data_table(columns, rows, FRAME_WIDTH, st=st)
    return table_section(title, "", table, st)


SIGNATURE_GAP = 18.0  # points between two lines to write on


def _signature(person: Signatory, st: Stylesheet) -> list[Flowable]:
    role = _("Lead applicant") if person.lead else _("Partner")
    parts: list[Flowable] = [para(person.organization or "–", st.h2), para(role, st.note)]
    labels = [_("Place and date"), _("Signature of the legal representative")]
    shares = [0.38, 0.62]
    if person.name:
        name = f"{person.name} ({person.role})" if person.role else person.name
        parts.append(labelled(_("Legal representative:"), name, st.body))
    else:
        labels.insert(0, _("Name of the legal representative"))
        shares = [0.36, 0.26, 0.38]
    room = FRAME_WIDTH - SIGNATURE_GAP * (len(labels) - 1)
    widths: list[float] = []
    cells: list[object] = []
    for n, (label, part) in enumerate(zip(labels, shares, strict=True)):
        if n:
            widths.append(SIGNATURE_GAP)
            cells.append("")
        widths.append(room * part)
        cells.append(para(label, st.key))
    table = Table(
        [cells, [""] * len(cells)],
        colWidths=widths,
        rowHeights=[None, 30],
        hAlign="LEFT",
        style=st.signature(len(labels)),
    )
    return [*parts, gap(4), table, gap(12)]


def _signatures(signatories: Sequence[Signatory], st: Stylesheet) -> list[Flowable]:
    title = _("Signatures")
    if not signatories:
        return section(title, "", para(_("No lead applicant or partner chosen yet."), st.empty), st)
    intro = _(
        "The legal representatives of the lead applicant and of each partner confirm, by "
        "signing, that this application is true and complete."
    )
    head = [para(title, st.h1), para(intro, st.body)]
    blocks = [_signature(person, st) for person in signatories]
    return [KeepTogether([*head, *blocks[0]]), *(KeepTogether(b) for b in blocks[1:])]
