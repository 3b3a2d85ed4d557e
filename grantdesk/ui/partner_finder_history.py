"""The finder's side panel as HTML: why a body matches a call, its papers, and its history
(totals, proposals as lead or partner, co-design processes), in the detail pane's look."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from grantdesk.i18n import _, ngettext
from grantdesk.services.details import DetailTable
from grantdesk.services.present import show
from grantdesk.ui.partner_finder_widgets import documents_text
from grantdesk.ui.views.detail_pane import MUTED, fields_html, table_html

if TYPE_CHECKING:
    from grantdesk.services.partner_history import History
    from grantdesk.services.partners import CallPartner, PartnerRow

CAPTION_WIDTH = 190


def intro_html(row: PartnerRow, match: CallPartner | None) -> str:
    """Why the body could partner on the call (when asked for one), its themes and papers."""
    parts = []
    if match is not None:
        items = "".join(f"<li>{escape(reason)}</li>" for reason in match.reasons)
        parts.append(f"<h4>{escape(_('Why it could partner'))}</h4><ul>{items}</ul>")
    fields = [
        (_("Themes"), ", ".join(row.themes) or _("None recorded")),
        (_("Documents on file"), documents_text(row)),
    ]
    parts.append(fields_html(tuple(fields), CAPTION_WIDTH))
    return "".join(parts)


def _taking_part(n: int, lead: int) -> str:
    """ "5, all as partner", "3, all as lead applicant", "7, of which 2 as lead applicant"."""
    if lead == 0:
        return ngettext("{n}, as partner", "{n}, all as partner", n).format(n=n)
    if lead == n:
        return ngettext("{n}, as lead applicant", "{n}, all as lead applicant", n).format(n=n)
    return _("{n}, of which {lead} as lead applicant").format(n=n, lead=lead)


def _role(label: str, written: str | None) -> str:
    """ "Partner (communication)": the role written on the proposal, when it says more."""
    plain = {"partner", _("Partner").casefold(), ""}
    return f"{label} ({written})" if written and written.strip().casefold() not in plain else label


_OUTCOME_COLOURS = {"funded": "#23804a", "not_funded": "#b3261e", "pending": "#6a4bb0"}


def _proposals_table(history: History) -> str:
    """One entry per proposal, newest first: the year; the proposal; the body's role, the
    call and the funder (muted); the outcome with the body's share requested and obtained.
    Entries rather than columns, so a narrow panel never squeezes a title to one word."""
    title = f"<h4>{escape(_('Proposals'))}</h4>"
    if not history.proposals:
        return f'{title}<p class="empty">{escape(_("Not in any proposal yet."))}</p>'
    rows = []
    for p in history.proposals:
        below = " · ".join(x for x in (_role(p.role_label, p.role), p.call, p.funder) if x)
        colour = _OUTCOME_COLOURS.get(p.outcome.value, MUTED)
        amounts = _("requested {requested} · obtained {obtained}").format(
            requested=show(p.own_requested, "money"), obtained=_money(p.obtained)
        )
        rows.append(
            "<tr>"
            f'<td class="cell" style="white-space: nowrap; color: {MUTED};">{p.year or ""}</td>'
            f'<td class="cell">{escape(p.name)}<br>'
            f'<span style="color: {MUTED};">{escape(below)}</span><br>'
            f'<span style="color: {colour}; font-weight: 600;">{escape(p.outcome.label)}</span>'
            f" · {escape(amounts)}</td>"
            "</tr>"
        )
    return (
        f'{title}<table width="100%" cellspacing="0" cellpadding="0" '
        f'style="border-collapse: collapse;">{"".join(rows)}</table>'
    )


def _money(value: object) -> str:
    return show(value, "money") if value is not None else "—"


def history_html(history: History) -> str:
    """Totals, then the proposals and the co-design processes, newest first."""
    proposals = history.proposals
    totals: list[tuple[str, str]] = []
    if proposals:
        totals.append((_("Proposals"), _taking_part(len(proposals), history.as_lead)))
        totals.append(
            (
                _("Outcomes"),
                _("{funded} funded out of {decided} decided").format(
                    funded=history.funded, decided=history.decided
                ),
            )
        )
        totals.append((_("Its share requested"), show(history.requested, "money")))
        totals.append((_("Its share obtained"), show(history.obtained, "money")))
        if history.led_grants:
            totals.append((_("Grants received as lead"), show(history.led_grants, "money")))
    if history.codesigns:
        totals.append(
            (
                _("Co-design"),
                ngettext("{n} process", "{n} processes", len(history.codesigns)).format(
                    n=len(history.codesigns)
                )
                + (
                    " · " + _("{value} pledged").format(value=show(history.pledged, "money"))
                    if history.pledged
                    else ""
                ),
            )
        )
    parts = [f"<h4>{escape(_('History'))}</h4>"]
    if totals:
        parts.append(fields_html(tuple(totals), CAPTION_WIDTH))
    parts.append(_proposals_table(history))
    parts.append(
        table_html(
            DetailTable(
                _("Co-design processes"),
                (_("Year"), _("Process"), _("Role"), _("Outcome"), _("Pledged")),
                tuple(
                    (
                        str(c.year or ""),
                        c.title,
                        c.role_label,
                        c.outcome_label,
                        show(c.pledged, "money") if c.pledged else "",
                    )
                    for c in history.codesigns
                ),
                _("Not in any co-design process yet."),
            )
        )
    )
    if proposals:
        note = _(
            "Amounts are the organization's share: the requested grant of the cost lines "
            "charged to it (the lead also takes the lines charged to nobody) and the same "
            "share of the amount awarded."
        )
        parts.append(f'<p class="empty">{escape(note)}</p>')
    return "".join(parts)
