"""The organization sheet: the register entry, contacts, documents on file, participation.

``grantdesk report organization ID --pdf FILE`` and the batch export of several
organizations. Documents show their state on the sheet's day (valid, expiring within 30
days, expired); the participation history lists every proposal the organization led or
joined, with the outcome and the amounts, and their totals.
"""

from __future__ import annotations

from datetime import date

from reportlab.platypus import Flowable

from grantdesk.exports.pdf.blocks import Formats, section, title_block
from grantdesk.exports.pdf.styles import Stylesheet, stylesheet
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
from grantdesk.services.database import Database
from grantdesk.services.report_data import (
    EXPIRING_DAYS,
    DocumentState,
    OrganizationSheet,
    RegisterEntry,
    organization_sheet,
)


def build_organization_sheet(db: Database, org_id: int, options: BuildOptions) -> BuiltDocument:
    """Read organization *org_id* and build its sheet (RecordNotFoundError if it is gone)."""
    data = organization_sheet(db, org_id, options.today())
    return build(organization_story, data, options)


def _state(state: DocumentState) -> Toned:
    labels = {
        DocumentState.VALID: (_("Valid"), "good"),
        DocumentState.EXPIRING: (_("Expiring"), "warning"),
        DocumentState.EXPIRED: (_("Expired"), "bad"),
        DocumentState.NO_EXPIRY: (_("No expiry"), "muted"),
    }
    text, tone = labels[state]
    return Toned(text, tone)


def _form(entry: RegisterEntry) -> str:
    section_letter = entry.legal_form.runts_section
    label = entry.legal_form.label
    if section_letter:
        return _("{form} (RUNTS section {section})").format(form=label, section=section_letter)
    return label


def organization_story(data: OrganizationSheet, options: BuildOptions) -> Story:
    """The sheet's pages for *data*."""
    st = stylesheet()
    fmt = Formats(options.lang)
    entry = data.entry
    kind = _("Organization sheet")
    subtitle = " · ".join(
        p
        for p in (
            _form(entry),
            entry.address,
            _("situation on {date}").format(date=fmt.date(data.today)),
        )
        if p
    )
    story: list[Flowable] = title_block(entry.name, subtitle, st)
    story += _register(entry, fmt, st)
    story += _contacts(data, st)
    story += _documents(data, fmt, st)
    story += _history(data, fmt, st)
    info = DocumentInfo(
        title=f"{kind}: {entry.name}",
        subject=_("Register entry, documents on file and participation in proposals"),
        keywords=tuple(k for k in (kind, entry.codice_fiscale, entry.legal_form.label) if k),
        header_left=f"{kind} · {entry.name}",
        header_right=(
            _("Tax code {code}").format(code=entry.codice_fiscale) if entry.codice_fiscale else ""
        ),
    )
    return info, story


def _register(entry: RegisterEntry, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    pairs: list[tuple[str, object]] = [
        (_("Legal form"), _form(entry)),
        (_("Tax code"), entry.codice_fiscale),
        (_("VAT number"), entry.partita_iva),
        (_("RUNTS number"), entry.runts_number),
        (_("Registered on"), fmt.date(entry.runts_registered_on)),
        (_("Address"), entry.address),
        (_("Region"), entry.region),
        (_("Neighbourhood"), entry.neighbourhood),
        (_("Themes"), ", ".join(entry.themes)),
        (_("Volunteers"), fmt.number(entry.volunteers) if entry.volunteers is not None else ""),
        (_("Staff"), fmt.number(entry.staff) if entry.staff is not None else ""),
        (_("E-mail"), entry.email),
        (_("Phone"), entry.phone),
        (_("Website"), entry.website),
        (_("IBAN"), entry.iban),
    ]
    shown = [(label, value) for label, value in pairs if value]
    story = section(_("Register entry"), "", key_value_table(shown, FRAME_WIDTH, st=st), st)
    if entry.notes:
        story += [para(_("Notes"), st.h2), para(entry.notes, st.body)]
    return story


def _contacts(data: OrganizationSheet, st: Stylesheet) -> list[Flowable]:
    title = _("Contacts")
    if not data.contacts:
        return section(title, "", para(_("No contacts recorded."), st.empty), st)
    columns = [
        Column(_("Name"), weight=1.4),
        Column(_("Role"), weight=1.2),
        Column(_("E-mail"), weight=1.6),
        Column(_("Phone"), Fit.COMPACT),
    ]
    rows = [[c.name, c.role, c.email, c.phone] for c in data.contacts]
    return section(title, "", None, st, then=data_table(columns, rows, FRAME_WIDTH, st=st))


def _documents(data: OrganizationSheet, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    title = _("Documents on file")
    if not data.documents:
        return section(title, "", para(_("No documents on file."), st.empty), st)
    intro = _("Expiring: the document expires within {days} days of {date}.").format(
        days=EXPIRING_DAYS, date=fmt.date(data.today)
    )
    columns = [
        Column(_("Document"), weight=3),
        Column(_("Issued"), Fit.COMPACT),
        Column(_("Expires"), Fit.COMPACT),
        Column(_("State"), Fit.COMPACT),
    ]
    rows = [
        [d.title, fmt.date(d.issued_on), fmt.date(d.expires_on), _state(d.state)]
        for d in data.documents
    ]
    return section(title, intro, None, st, then=data_table(columns, rows, FRAME_WIDTH, st=st))


def _submitted(day: date | None, fmt: Formats) -> str:
    return _("submitted on {date}").format(date=fmt.date(day)) if day else ""


def _history(data: OrganizationSheet, fmt: Formats, st: Stylesheet) -> list[Flowable]:
    title = _("Participation in proposals")
    if not data.history:
        return section(title, "", para(_("Not in any proposal yet."), st.empty), st)
    intro = _(
        "Requested and awarded: the grant of the whole proposal; own share: the cost lines "
        "charged to this organization."
    )
    figures = figures_row(
        [
            (_("Proposals"), fmt.number(len(data.history))),
            (_("As lead applicant"), fmt.number(data.as_lead)),
            (_("Funded proposals"), fmt.number(data.funded)),
            (_("Grant awarded"), fmt.money(data.awarded)),
        ],
        FRAME_WIDTH,
        st=st,
    )
    columns = [
        Column(_("Proposal"), weight=2.2),
        Column(_("Call"), weight=1.8),
        Column(_("Status"), Fit.COMPACT),
        Column(_("Requested"), Fit.NUMBER),
        Column(_("Awarded amount"), Fit.NUMBER),
        Column(_("Own share"), Fit.NUMBER),
    ]
    rows = []
    for p in data.history:
        name = f"{p.acronym} – {p.title}" if p.acronym else p.title
        role = _("Lead applicant") if p.lead else (p.role or _("Partner"))
        rows.append(
            [
                Stacked(name, role),
                Stacked(p.call, p.funder),
                Stacked(p.status.label, _submitted(p.submitted_on, fmt)),
                fmt.money(p.requested),
                fmt.money(p.obtained) if p.obtained is not None else "",
                fmt.money(p.own_budget),
            ]
        )
    total = [
        _("Total"),
        "",
        "",
        fmt.money(data.requested),
        fmt.money(data.awarded),
        fmt.money(data.own_budget),
    ]
    table = data_table(columns, rows, FRAME_WIDTH, total=total, st=st)
    return section(title, intro, figures, st, then=table)
