"""The application's budget pages: key figures, totals by cost category, by partner and by
funding source, and every cost line.

The amounts and shares are those of ``grantdesk.services.application_data.Budget`` (the
totals of ``grantdesk check proposal``); nothing is added up here. Shares are printed with
two decimals, as the check prints them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from grantdesk.domain.budget import category_label
from grantdesk.domain.money import format_number, format_percent
from grantdesk.domain.vocab import FundingSource
from grantdesk.exports.pdf.blocks import Formats, section
from grantdesk.exports.pdf.styles import Stylesheet
from grantdesk.exports.pdf.tables import Column, Fit, Stacked, data_table, figures_row
from grantdesk.exports.pdf.templates import FRAME_HEIGHT, FRAME_WIDTH
from grantdesk.exports.pdf.text import para
from grantdesk.i18n import _
from grantdesk.services.application_data import ApplicationData, Budget, BudgetLineRow

# A table at most this tall (with its headings) is never split over two pages.
SMALL_TABLE = 0.45 * FRAME_HEIGHT


def table_section(
    title: str,
    intro: str,
    table: Table,
    st: Stylesheet,
    *,
    heading: ParagraphStyle | None = None,
    before: Sequence[Flowable] = (),
    after: Sequence[Flowable] = (),
) -> list[Flowable]:
    """A heading, its introduction and a table (*before* them, e.g. the heading of the
    chapter; *after* the table, a note).

    A short table (at most ``SMALL_TABLE`` tall) stays on one page with its headings; a
    longer one starts where its heading and first row fit and flows on, header repeated.
    """
    _width, height = table.wrap(FRAME_WIDTH, FRAME_HEIGHT)
    if height > SMALL_TABLE:
        head = [KeepTogether(list(before))] if before else []
        return [*head, *section(title, intro, None, st, heading=heading, then=table), *after]
    parts: list[Flowable] = [*before, para(title, heading or st.h1)]
    if intro:
        parts.append(para(intro, st.body))
    return [KeepTogether([*parts, table, *after])]


def totals_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[object]],
    total: Sequence[object],
    st: Stylesheet,
) -> Table:
    """A data table with a totals row that never starts a page alone: the last line goes
    with it (a continued table never shows only its header and "Total")."""
    table = data_table(columns, rows, FRAME_WIDTH, total=total, st=st)
    last = len(rows) + 1  # the header, the rows, then the totals row
    if rows:
        table.setStyle(TableStyle([("NOSPLIT", (0, last - 1), (-1, last))]))
    return table


def percent(value: Decimal | None, fmt: Formats) -> str:
    """A share of the total, two decimals (``44,50 %``), or a dash while the total is zero."""
    return format_percent(value, 2, fmt.lang) if value is not None else "–"


def co_financing_text(budget: Budget, fmt: Formats) -> str:
    """``€ 100.590,94 (55,50 % of the total cost)``."""
    if budget.co_financing_share is None:
        return fmt.money(budget.co_financing)
    return _("{amount} ({share} of the total cost)").format(
        amount=fmt.money(budget.co_financing), share=percent(budget.co_financing_share, fmt)
    )


def budget_section(data: ApplicationData, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    """The budget: key figures, then the three summaries and the lines."""
    budget = data.budget
    title = _("Budget")
    if not any((budget.lines, budget.by_category, budget.by_partner, budget.by_source)):
        return section(title, "", para(_("No budget lines yet."), st.empty), st)
    figures = figures_row(
        [
            (_("Total cost"), fmt.money(budget.grand_total)),
            (
                _("Requested grant ({share})").format(share=percent(budget.grant_share, fmt)),
                fmt.money(budget.requested_grant),
            ),
            (
                _("Co-financing ({share})").format(share=percent(budget.co_financing_share, fmt)),
                fmt.money(budget.co_financing),
            ),
        ],
        FRAME_WIDTH,
        st=st,
    )
    intro = _(
        "Co-financing is every cost not paid by the requested grant: partners' own money, "
        "volunteer time valued in kind and other funders."
    )
    # The chapter's heading and key figures stay with its first table.
    head: Sequence[Flowable] = [para(title, st.h1), para(intro, st.body), figures]
    parts = (
        (budget.by_category, _by_category),
        (budget.by_partner, _by_partner),
        (budget.by_source, _by_source),
        (budget.lines, _lines),
    )
    story: list[Flowable] = []
    for rows, table in parts:
        if rows:  # always, for a saved budget; a table of nothing is left out
            story += table(budget, fmt, st, head)
            head = ()
    return story


def _by_category(
    budget: Budget, fmt: Formats, st: Stylesheet, before: Sequence[Flowable] = ()
) -> list[Flowable]:
    columns = [
        Column(_("Cost category")),
        Column(_("Amount"), Fit.NUMBER),
        Column(_("Share"), Fit.NUMBER),
    ]
    rows = [
        [category_label(c.category), fmt.money(c.total.amount), percent(c.total.share, fmt)]
        for c in budget.by_category
    ]
    total = [_("Total"), fmt.money(budget.grand_total), ""]
    table = totals_table(columns, rows, total, st)
    title = _("By cost category")
    return table_section(title, "", table, st, heading=st.h2, before=before)


def _by_partner(
    budget: Budget, fmt: Formats, st: Stylesheet, before: Sequence[Flowable] = ()
) -> list[Flowable]:
    sources = {s.source: s.total.amount for s in budget.by_source}
    order = (
        FundingSource.REQUESTED_GRANT,
        FundingSource.PARTNER_CASH,
        FundingSource.VOLUNTEER_IN_KIND,
        FundingSource.OTHER_FUNDER,
    )
    columns = [
        Column(_("Organization")),
        *(Column(source.label, Fit.NUMBER) for source in order),
        Column(_("Total"), Fit.NUMBER),
        Column(_("Share"), Fit.NUMBER),
    ]
    rows: list[list[object]] = []
    for p in budget.by_partner:
        name: object = p.name or _("Not charged to any organization")
        if p.lead:
            name = Stacked(p.name, _("Lead applicant"))
        amounts = (p.grant, p.partner_cash, p.volunteer_time, p.other_funder)
        rows.append(
            [
                name,
                *(fmt.money(a) for a in amounts),
                fmt.money(p.total.amount),
                percent(p.total.share, fmt),
            ]
        )
    total = [
        _("Total"),
        *(fmt.money(sources.get(source)) for source in order),
        fmt.money(budget.grand_total),
        "",
    ]
    table = totals_table(columns, rows, total, st)
    title = _("By partner and funding source")
    return table_section(title, "", table, st, heading=st.h2, before=before)


def _by_source(
    budget: Budget, fmt: Formats, st: Stylesheet, before: Sequence[Flowable] = ()
) -> list[Flowable]:
    columns = [
        Column(_("Funding source")),
        Column(_("Amount"), Fit.NUMBER),
        Column(_("Share"), Fit.NUMBER),
    ]
    rows = [
        [s.source.label, fmt.money(s.total.amount), percent(s.total.share, fmt)]
        for s in budget.by_source
    ]
    total = [_("Total"), fmt.money(budget.grand_total), ""]
    table = totals_table(columns, rows, total, st)
    note = para(
        _("Co-financing: {amount}. Requested grant: {grant}.").format(
            amount=co_financing_text(budget, fmt),
            grant=_("{amount} ({share} of the total cost)").format(
                amount=fmt.money(budget.requested_grant), share=percent(budget.grant_share, fmt)
            ),
        ),
        st.note,
    )
    title = _("By funding source")
    return table_section(title, "", table, st, heading=st.h2, before=before, after=[note])


def _line(n: int, line: BudgetLineRow, fmt: Formats) -> list[object]:
    about = " · ".join(p for p in (category_label(line.category), line.partner) if p)
    source = line.source.label
    return [
        str(n),
        Stacked(line.description or "–", about),
        quantity_text(line.quantity, fmt.lang),
        line.unit,
        fmt.money(line.unit_cost),
        Stacked(source, line.other_funder) if line.other_funder else source,
        fmt.money(line.total),
    ]


def quantity_text(value: Decimal | None, lang: str) -> str:
    """A quantity with the decimals it has (at most three): ``12``, ``2,5``, ``0,125``."""
    if value is None:
        return "–"
    exponent = value.normalize().as_tuple().exponent
    places = min(3, max(0, -exponent)) if isinstance(exponent, int) else 0
    return format_number(value, places, lang)


def _lines(
    budget: Budget, fmt: Formats, st: Stylesheet, before: Sequence[Flowable] = ()
) -> list[Flowable]:
    columns = [
        Column(_("No."), Fit.COMPACT),
        Column(_("Cost line"), weight=2.6),
        Column(_("Quantity"), Fit.NUMBER),
        Column(_("Unit"), weight=0.7),
        Column(_("Unit cost"), Fit.NUMBER),
        Column(_("Funding source"), weight=1.25),
        Column(_("Total"), Fit.NUMBER),
    ]
    rows = [_line(n, line, fmt) for n, line in enumerate(budget.lines, start=1)]
    total = [_("Total"), "", "", "", "", "", fmt.money(budget.grand_total)]
    table = totals_table(columns, rows, total, st)
    intro = _(
        "Each line: quantity × unit cost, rounded to the cent; under it, its cost category "
        "and the organization that bears it."
    )
    title = _("Cost lines")
    return table_section(title, intro, table, st, heading=st.h2, before=before)
