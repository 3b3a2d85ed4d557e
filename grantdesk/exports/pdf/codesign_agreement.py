"""The partnership agreement (accordo di collaborazione, patto) of a co-design process.

``grantdesk report agreement ID --pdf FILE`` and the process editor's "Export agreement…".
The parties with tax code and legal representative; the object and duration; what each
party commits (kind, quantity, unit value, euro value) and its total; the totals by party,
by kind and by sector (the public and the third-sector share); the governance (the
co-design table: members, meetings, decisions); the monitoring indicators with baseline and
target; a signature block for every party.

Every total is the one of ``agreement_data`` (``commitment_totals``, as on screen), so the
printed figures equal the editor's to the cent; nothing is added up here.
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.platypus import Flowable, KeepTogether

from grantdesk.domain.codesign import Sector
from grantdesk.exports.pdf.blocks import Formats, gap, section, title_block
from grantdesk.exports.pdf.codesign_common import (
    amount,
    months,
    process_pairs,
    shown,
    signature_lines,
    with_unit,
)
from grantdesk.exports.pdf.styles import Stylesheet, stylesheet
from grantdesk.exports.pdf.tables import (
    Column,
    Fit,
    Stacked,
    column_widths,
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
from grantdesk.exports.pdf.text import labelled, para
from grantdesk.i18n import _
from grantdesk.services.codesign_documents import AgreementData, PartyData, agreement_data
from grantdesk.services.database import Database


def build_agreement(db: Database, process_id: int, options: BuildOptions) -> BuiltDocument:
    """Read process *process_id* and build its agreement (RecordNotFoundError if it is gone).

    The read happens inside the build, in the document's language (roles and kinds are
    labels in that language).
    """

    def compose(pid: int, opts: BuildOptions) -> Story:
        return agreement_story(agreement_data(db, pid), opts)

    return build(compose, process_id, options)


def sector_label(sector: Sector) -> str:
    """Whose resources: the heading of a sector's share."""
    labels = {
        Sector.PUBLIC: _("Public resources"),
        Sector.THIRD_SECTOR: _("Third-sector resources"),
        Sector.OTHER: _("Resources of other bodies"),
    }
    return labels[sector]


def agreement_story(data: AgreementData, options: BuildOptions) -> Story:
    """The agreement's pages for *data*."""
    st = stylesheet()
    fmt = Formats(options.lang)
    title = _("Partnership agreement")
    if data.signed_on is not None:
        state = _("signed on {date}").format(date=fmt.date(data.signed_on))
    else:
        state = _("draft to be signed")
    promoter = data.process.promoter if data.process.promoter not in data.process.title else ""
    subtitle = " · ".join(p for p in (data.process.title, promoter, state) if p)
    story: list[Flowable] = title_block(title, subtitle, st)
    story += _premises(data, fmt, st)
    story += _parties(data, st)
    story += _object(data, fmt, st)
    story += _commitments(data, fmt, st)
    story += _totals(data, fmt, st)
    story += _governance(data, fmt, st)
    story += _indicators(data, fmt, st)
    story += _signatures(data, st)
    info = DocumentInfo(
        title=f"{title} – {data.process.title}",
        subject=_("Parties, commitments, governance and monitoring of a co-design process"),
        keywords=tuple(k for k in (title, data.process.cup, data.process.promoter) if k),
        header_left=f"{title} · {data.process.title}",
        header_right=_("CUP {cup}").format(cup=data.process.cup) if data.process.cup else "",
    )
    return info, story


def _premises(data: AgreementData, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    pairs = process_pairs(data.process, fmt)[1:8]
    pairs += [
        (_("Decision to start"), fmt.date(data.decided_on) if data.decided_on else ""),
        (
            _("Notice published on"),
            fmt.date(data.notice_published_on) if data.notice_published_on else "",
        ),
        (_("Approved on"), fmt.date(data.approved_on) if data.approved_on else ""),
        (_("Signed on"), fmt.date(data.signed_on) if data.signed_on else _("to be signed")),
    ]
    intro = _(
        "Agreement between the promoting body and the bodies that took part in the "
        "co-design (Art. 55 of the Third Sector Code, Legislative Decree 117/2017)."
    )
    table = key_value_table(shown(pairs), FRAME_WIDTH, st=st)
    return section(_("Premises"), intro, table, st)


def _parties(data: AgreementData, st: Stylesheet) -> list[Flowable]:
    title = _("1. The parties")
    columns = [
        Column(_("Party"), weight=2.2),
        Column(_("Role"), weight=0.9),
        Column(_("Tax code"), Fit.COMPACT),
        Column(_("Legal representative"), weight=1.4),
    ]
    rows = [
        [
            Stacked(p.name, " · ".join(x for x in (p.legal_form, p.address) if x)),
            p.role,
            p.codice_fiscale or "–",
            Stacked(p.signatory or "–", p.signatory_role),
        ]
        for p in data.parties
    ]
    if not rows:
        return section(title, "", para(_("No parties yet."), st.empty), st)
    table = data_table(columns, rows, FRAME_WIDTH, st=st)
    return section(title, "", None, st, then=table)


def _object(data: AgreementData, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    story = section(_("2. Object"), "", None, st)
    purpose = data.process.description or data.process.title
    story.append(para(purpose, st.body))
    if data.process.territory:
        story.append(labelled(_("Territory:"), data.process.territory, st.body))
    story += section(_("3. Duration"), "", None, st)
    if data.process.duration_months:
        start = (
            _("from {date}").format(date=fmt.date(data.signed_on))
            if data.signed_on
            else _("from the date of signing")
        )
        text = _("The agreement lasts {duration}, {start}.").format(
            duration=months(data.process.duration_months), start=start
        )
    else:
        text = _("The duration has not been set yet.")
    story.append(para(text, st.body))
    return story


def _commitment_columns() -> list[Column]:
    return [
        Column(_("Kind"), Fit.COMPACT),
        Column(_("Description"), weight=2.0),
        Column(_("Quantity"), Fit.NUMBER),
        Column(_("Unit value"), Fit.NUMBER),
        Column(_("Value"), Fit.NUMBER),
    ]


def _commitment_rows(party: PartyData, fmt: Formats) -> list[list[object]]:
    return [
        [
            c.kind.label,
            c.description,
            with_unit(c.quantity, c.unit, fmt.lang),
            fmt.money(c.unit_value),
            fmt.money(c.value),
        ]
        for c in party.commitments
    ]


def _party_total(party: PartyData, fmt: Formats) -> list[object]:
    return [_("Total"), "", "", "", fmt.money(party.total)]


def _commitments(data: AgreementData, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    title = _("4. Commitments of the parties")
    intro = _(
        "What each party brings to the shared design: money, staff and volunteer hours, "
        "spaces, goods and services, each valued in euro (quantity × unit value)."
    )
    committed = [p for p in data.parties if p.commitments]
    if not committed:
        return section(title, intro, para(_("No commitments recorded yet."), st.empty), st)
    columns = _commitment_columns()
    every = [row for p in committed for row in _commitment_rows(p, fmt)]
    every += [_party_total(p, fmt) for p in committed]
    widths = column_widths(columns, every, FRAME_WIDTH, st)
    story: list[Flowable] = []
    for n, party in enumerate(data.parties):
        heading = para(party.name, st.h2)
        if not party.commitments:
            block: list[Flowable] = [heading, para(_("No commitments recorded."), st.empty)]
            story.append(KeepTogether(block))
            continue
        table = data_table(
            columns,
            _commitment_rows(party, fmt),
            FRAME_WIDTH,
            total=_party_total(party, fmt),
            st=st,
            widths=widths,
        )
        if n == 0:
            # The chapter's heading goes with this party's heading and the table's first
            # rows (``section``); a long table then flows on, its header repeated.
            heading.keepWithNext = 0
            story += section(title, intro, heading, st, then=table)
        else:
            story += section(party.name, "", None, st, heading=st.h2, then=table)
    if not data.parties[0].commitments:
        story = [*section(title, intro, None, st), *story]
    return story


def _share(value: Decimal | None, fmt: Formats) -> str:
    return fmt.percent(value)


def _totals(data: AgreementData, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    title = _("5. Value of the commitments")
    totals = data.totals
    if not totals.count:
        return section(title, "", para(_("No commitments recorded yet."), st.empty), st)
    figures = figures_row(
        [
            (_("Total value"), fmt.money(totals.total)),
            (sector_label(Sector.PUBLIC), _share(totals.public_share, fmt)),
            (sector_label(Sector.THIRD_SECTOR), _share(totals.third_sector_share, fmt)),
            (_("Commitments"), fmt.number(totals.count)),
        ],
        FRAME_WIDTH,
        st=st,
    )
    intro = _("Totals by party, by kind of resource and by sector; shares of the total value.")
    by_party = data_table(
        [
            Column(_("Party"), weight=2.4),
            Column(_("Sector"), weight=1.0),
            Column(_("Value"), Fit.NUMBER),
            Column(_("Share"), Fit.NUMBER),
        ],
        [
            [
                p.name,
                sector_label(p.sector),
                fmt.money(p.total),
                _share(totals.body_share(p.organization_id), fmt),
            ]
            for p in data.parties
        ],
        FRAME_WIDTH,
        total=[_("Total"), "", fmt.money(totals.total), fmt.percent(Decimal(100))],
        st=st,
    )
    by_kind = data_table(
        [
            Column(_("Kind of resource"), weight=2),
            Column(_("Value"), Fit.NUMBER),
            Column(_("Share"), Fit.NUMBER),
        ],
        [
            [kind.label, fmt.money(value), _share(_ratio(value, totals.total), fmt)]
            for kind, _label, value in data.kind_totals
        ],
        FRAME_WIDTH * 0.62,
        total=[_("Total"), fmt.money(totals.total), fmt.percent(Decimal(100))],
        st=st,
    )
    by_sector = data_table(
        [
            Column(_("Sector"), weight=2),
            Column(_("Value"), Fit.NUMBER),
            Column(_("Share"), Fit.NUMBER),
        ],
        [
            [sector_label(sector), fmt.money(value), _share(part, fmt)]
            for sector, _label, value, part in data.sector_totals
        ],
        FRAME_WIDTH * 0.62,
        total=[_("Total"), fmt.money(totals.total), fmt.percent(Decimal(100))],
        st=st,
    )
    story = section(title, intro, figures, st)
    story += [para(_("By party"), st.h2), by_party]
    story.append(KeepTogether([para(_("By kind of resource"), st.h2), by_kind]))
    story.append(KeepTogether([para(_("Public and third-sector share"), st.h2), by_sector]))
    return story


def _ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    return part * 100 / whole if whole else None


def _governance(data: AgreementData, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    title = _("6. Governance: the co-design table")
    gov = data.governance
    intro = _(
        "The parties steer the agreement together through the co-design table, made up of "
        "their representatives listed below."
    )
    if not gov.members and not gov.meetings:
        return section(title, intro, para(_("The table has not met yet."), st.empty), st)
    story: list[Flowable] = []
    if gov.members:
        members = data_table(
            [
                Column(_("Body"), weight=1.4),
                Column(_("Member"), weight=1.0),
                Column(_("Role"), weight=1.2),
            ],
            [[m.body or _("No body"), m.name, m.role] for m in gov.members],
            FRAME_WIDTH,
            st=st,
        )
        story += section(title, intro, para(_("Members of the table"), st.h2), st, then=members)
    else:
        story += section(title, intro, None, st)
    if gov.meetings:
        decided = dict(gov.decisions)
        meetings = data_table(
            [
                Column(_("Meeting"), Fit.COMPACT),
                Column(_("Place"), weight=1.0),
                Column(_("Decisions"), weight=2.0),
            ],
            [[fmt.deadline(at), place, decided.get(at, "")] for at, place in gov.meetings],
            FRAME_WIDTH,
            st=st,
        )
        story += section(_("Meetings and decisions"), "", None, st, heading=st.h2, then=meetings)
    return story


def _indicators(data: AgreementData, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    title = _("7. Monitoring")
    intro = _(
        "The parties measure the effects of the agreement with these indicators, against "
        "the starting value (baseline) and the value to reach (target)."
    )
    if not data.indicators:
        return section(title, intro, para(_("No indicators set yet."), st.empty), st)
    table = data_table(
        [
            Column(_("Indicator"), weight=2.4),
            Column(_("Unit"), weight=0.7),
            Column(_("Baseline"), Fit.NUMBER),
            Column(_("Target"), Fit.NUMBER),
        ],
        [
            [i.name, i.unit, amount(i.baseline, fmt.lang), amount(i.target, fmt.lang)]
            for i in data.indicators
        ],
        FRAME_WIDTH,
        st=st,
    )
    return section(title, intro, None, st, then=table)


def _signature(party: PartyData, st: Stylesheet) -> list[Flowable]:
    parts: list[Flowable] = [para(party.name, st.h2), para(party.role, st.note)]
    if party.signatory:
        who = (
            f"{party.signatory} ({party.signatory_role})"
            if party.signatory_role
            else party.signatory
        )
        parts.append(labelled(_("For the party:"), who, st.body))
        labels = [_("Place and date"), _("Signature")]
    else:
        labels = [_("Name of the signatory"), _("Place and date"), _("Signature")]
    return [*parts, gap(4), signature_lines(labels, st), gap(12)]


def _signatures(data: AgreementData, st: Stylesheet) -> list[Flowable]:
    title = _("8. Signatures")
    if not data.parties:
        return section(title, "", para(_("No parties yet."), st.empty), st)
    intro = _("Read, approved and signed by the parties.")
    blocks = [_signature(p, st) for p in data.parties]
    head = [para(title, st.h1), para(intro, st.body)]
    return [KeepTogether([*head, *blocks[0]]), *(KeepTogether(b) for b in blocks[1:])]
