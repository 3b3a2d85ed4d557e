"""What merging two organizations will do, before it is done, and who could be a duplicate.

:func:`preview_merge` counts every link that will move (found from the schema's foreign
keys, see :func:`organization_links`), the links that will be combined because both
records hold them, the fields the kept record will take from the other one and those
where both differ (the kept value stays). :func:`merge_candidates` lists possible
duplicates of an organization for the merge dialog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, ForeignKey, Table, func, or_, select
from sqlalchemy.orm import Mapper, Session

from grantdesk.db.models import (
    Base,
    CoDesignApplication,
    Organization,
    Proposal,
    ProposalPartner,
)
from grantdesk.db.models.organizations import organization_theme
from grantdesk.domain.identifiers import format_iban
from grantdesk.domain.vocab import LegalForm
from grantdesk.i18n import N_, _, ngettext
from grantdesk.services.database import Database
from grantdesk.services.details import RecordNotFoundError
from grantdesk.services.organization_editing import (
    TEXT_FIELDS,
    OrganizationForm,
    _load,
    to_form,
)

# What each link is called in the preview (msgids, translated when shown).
LINK_LABELS: dict[tuple[str, str], str] = {
    ("proposal", "lead_id"): N_("Proposals as lead applicant"),
    ("proposal_partner", "organization_id"): N_("Partnerships in proposals"),
    ("activity", "responsible_id"): N_("Proposal activities it is responsible for"),
    ("budget_line", "organization_id"): N_("Budget lines"),
    ("codesign_process", "promoter_id"): N_("Co-design processes it promotes"),
    ("codesign_application", "organization_id"): N_("Co-design applications"),
    ("commitment", "organization_id"): N_("Co-design commitments"),
    ("meeting_attendee", "organization_id"): N_("Attendances at co-design tables"),
    ("person", "organization_id"): N_("Contacts"),
    ("organization_document", "organization_id"): N_("Documents on file"),
    ("practice", "organization_id"): N_("Good practices"),
    ("text_block", "organization_id"): N_("Text blocks"),
    ("organization_theme", "organization_id"): N_("Themes"),
}
# Where the organization is part of a unique key: combined first (see _combine), or (the
# themes) united; every other link simply moves.
COMBINED = {"proposal_partner", "codesign_application", "organization_theme"}
# Fields that describe where the body is: filled from the other record only together.
_PLACE = ("address", "postal_code", "municipality", "province", "region", "neighbourhood")
_FIELD_LABELS = {
    "legal_form": N_("Legal form"),
    "codice_fiscale": N_("Tax code"),
    "partita_iva": N_("VAT number"),
    "runts_number": N_("RUNTS number"),
    "runts_registered_on": N_("Registered on"),
    "iban": N_("IBAN"),
    "address": N_("Address"),
    "postal_code": N_("Postal code"),
    "municipality": N_("Municipality"),
    "province": N_("Province"),
    "region": N_("Region"),
    "neighbourhood": N_("Neighbourhood"),
    "email": N_("E-mail"),
    "phone": N_("Phone"),
    "website": N_("Website"),
    "volunteers": N_("Volunteers"),
    "staff": N_("Staff"),
    "notes": N_("Notes"),
}


def organization_links() -> list[tuple[Table, str]]:
    """Every (table, column) whose foreign key points at ``organization.id``."""
    links = []
    for table in Base.metadata.sorted_tables:
        for fk in sorted(table.foreign_keys, key=lambda k: k.parent.name):
            assert isinstance(fk, ForeignKey)
            if fk.column.table.name == "organization" and fk.column.name == "id":
                links.append((table, fk.parent.name))
    return links


def _mapper_of(table: Table) -> Mapper[Any]:
    for mapper in Base.registry.mappers:
        if mapper.local_table is table:
            return mapper
    raise LookupError(table.name)


def _gone() -> RecordNotFoundError:
    return RecordNotFoundError(
        _("This record no longer exists: it may have been deleted from another desk.")
    )


# -- what will happen -------------------------------------------------------------------


@dataclass(frozen=True)
class MergePreview:
    """What merging *drop* into *keep* will do, for the confirmation dialog."""

    keep_id: int
    keep_name: str
    keep_version: int
    drop_id: int
    drop_name: str
    drop_version: int
    # (what, how many) links that move to the kept record, in schema order.
    moves: tuple[tuple[str, int], ...]
    # Sentences about links combined because both records had them.
    combined: tuple[str, ...]
    # (field, value) the kept record takes from the other, having none.
    filled: tuple[tuple[str, str], ...]
    # (field, kept value, dropped value) where both differ: the kept value stays.
    conflicts: tuple[tuple[str, str, str], ...]

    @property
    def total_moves(self) -> int:
        return sum(n for _label, n in self.moves)


def _shown(name: str, value: object) -> str:
    from grantdesk.services.present import show

    if name == "legal_form" and isinstance(value, str):
        return LegalForm(value).label
    if name == "iban" and isinstance(value, str):
        return format_iban(value)
    return show(value)


def _filled_values(keep: OrganizationForm, drop: OrganizationForm) -> dict[str, object]:
    """Field → value the kept record takes from the dropped one (where it has none)."""
    taken: dict[str, object] = {}
    same_place = not keep.municipality or (
        keep.municipality.casefold() == drop.municipality.casefold()
    )
    for name in (*TEXT_FIELDS, "runts_registered_on", "volunteers", "staff"):
        mine, theirs = getattr(keep, name), getattr(drop, name)
        if name == "notes" or theirs in (None, "") or mine not in (None, ""):
            continue
        if name in _PLACE and not same_place:
            continue
        if name == "runts_registered_on" and keep.runts_number:
            continue  # a date belongs with its number
        taken[name] = theirs
    if keep.legal_form == LegalForm.OTHER.value and drop.legal_form != LegalForm.OTHER.value:
        taken["legal_form"] = drop.legal_form
    notes = drop.notes.strip()
    if notes and notes not in keep.notes:
        taken["notes"] = f"{keep.notes.strip()}\n\n{notes}".strip()
    return taken


def _conflicts(
    keep: OrganizationForm, drop: OrganizationForm, taken: dict[str, object]
) -> list[tuple[str, str, str]]:
    found = []
    for name in _FIELD_LABELS:
        mine, theirs = getattr(keep, name), getattr(drop, name)
        if name in taken or name == "notes" or theirs in (None, "") or mine in (None, ""):
            continue
        if name == "legal_form" and theirs == LegalForm.OTHER.value:
            continue
        if str(mine).casefold() != str(theirs).casefold():
            found.append((_(_FIELD_LABELS[name]), _shown(name, mine), _shown(name, theirs)))
    return found


def _pairs(s: Session, keep_id: int, drop_id: int) -> tuple[list[Any], list[Any], list[Any]]:
    """Partnerships and applications both records hold, and partnerships made redundant
    by the other record leading the same proposal."""
    mine = {
        p.proposal_id: p
        for p in s.scalars(
            select(ProposalPartner).where(ProposalPartner.organization_id == keep_id)
        )
    }
    theirs = {
        p.proposal_id: p
        for p in s.scalars(
            select(ProposalPartner).where(ProposalPartner.organization_id == drop_id)
        )
    }
    leads = dict(
        s.execute(
            select(Proposal.id, Proposal.lead_id).where(Proposal.lead_id.in_([keep_id, drop_id]))
        ).all()
    )
    both_partners = [(mine[p], theirs[p]) for p in sorted(mine.keys() & theirs.keys())]
    redundant = [theirs[p] for p in sorted(theirs) if leads.get(p) == keep_id]
    redundant += [mine[p] for p in sorted(mine) if leads.get(p) == drop_id]
    apps_mine = {
        a.process_id: a
        for a in s.scalars(
            select(CoDesignApplication).where(CoDesignApplication.organization_id == keep_id)
        )
    }
    apps_theirs = {
        a.process_id: a
        for a in s.scalars(
            select(CoDesignApplication).where(CoDesignApplication.organization_id == drop_id)
        )
    }
    both_applied = [
        (apps_mine[p], apps_theirs[p]) for p in sorted(apps_mine.keys() & apps_theirs.keys())
    ]
    return both_partners, redundant, both_applied


def preview_merge(db: Database, keep_id: int, drop_id: int) -> MergePreview:
    """What merging *drop_id* into *keep_id* would move, combine and fill in."""
    if keep_id == drop_id:
        raise ValueError(_("Choose two different organizations to merge."))
    with db.reading() as s:
        keep, drop = _load(s, keep_id), _load(s, drop_id)
        both_partners, redundant, both_applied = _pairs(s, keep_id, drop_id)
        # The dropped record's rows that are combined rather than moved.
        not_moved = {
            ("proposal_partner", "organization_id"): len(both_partners)
            + sum(1 for r in redundant if r.organization_id == drop_id and r not in both_partners),
            ("codesign_application", "organization_id"): len(both_applied),
        }
        moves: list[tuple[int, str, int]] = []
        order = list(LINK_LABELS)
        for table, column in organization_links():
            link = (table.name, column)
            count = int(
                s.scalar(select(func.count()).select_from(table).where(table.c[column] == drop_id))
                or 0
            )
            count -= not_moved.get(link, 0)
            if table is organization_theme:
                mine = {t.id for t in keep.themes}
                count = sum(1 for t in drop.themes if t.id not in mine)
            if count > 0:
                rank = order.index(link) if link in order else len(order)
                moves.append((rank, _(LINK_LABELS.get(link, table.name)), count))
        moves.sort()
        combined = []
        if both_partners:
            n = len(both_partners)
            combined.append(
                ngettext(
                    "Both are partners of {n} proposal: one partnership remains, with both roles.",
                    "Both are partners of {n} proposals: one partnership each remains, "
                    "with both roles.",
                    n,
                ).format(n=n)
            )
        if redundant:
            n = len(redundant)
            combined.append(
                ngettext(
                    "{n} partnership ends: the merged organization leads that proposal.",
                    "{n} partnerships end: the merged organization leads those proposals.",
                    n,
                ).format(n=n)
            )
        if both_applied:
            n = len(both_applied)
            combined.append(
                ngettext(
                    "Both applied to {n} co-design process: one application remains, "
                    "with the better outcome.",
                    "Both applied to {n} co-design processes: one application each "
                    "remains, with the better outcome.",
                    n,
                ).format(n=n)
            )
        keep_form, drop_form = to_form(keep), to_form(drop)
        taken = _filled_values(keep_form, drop_form)
        filled = [
            (_(_FIELD_LABELS[name]), _shown(name, value if name != "notes" else drop_form.notes))
            for name, value in taken.items()
        ]
        return MergePreview(
            keep.id,
            keep.name,
            keep.version,
            drop.id,
            drop.name,
            drop.version,
            tuple((label, n) for _rank, label, n in moves),
            tuple(combined),
            tuple(filled),
            tuple(_conflicts(keep_form, drop_form, taken)),
        )


def merge_candidates(
    db: Database, keep_id: int, search: str = "", limit: int = 200
) -> list[tuple[int, str, str, str]]:
    """Organizations that could be a duplicate of *keep_id*: (id, name, place, tax code).

    With *search*, those matching every word of it; without, those sharing a word of the
    name (or the tax code, VAT number, e-mail or phone) with the kept one, best first.
    """
    from grantdesk.domain.text import search_terms

    with db.reading() as s:
        keep = s.get(Organization, keep_id)
        if keep is None:
            raise _gone()
        columns = (
            Organization.id,
            Organization.name,
            Organization.municipality,
            Organization.province,
            Organization.codice_fiscale,
        )
        query = select(*columns).where(Organization.id != keep_id)
        terms = search_terms(search)
        for term in terms:
            escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(Organization.search_text.like(f"%{escaped}%", escape="\\"))
        if terms:
            rows = s.execute(query.order_by(func.lower(Organization.name)).limit(limit)).all()
            return [_candidate(r) for r in rows]
        # The town in a name ("La Lanterna – Milano") says nothing about being the same body.
        words = _name_words(keep.name) - _name_words(keep.municipality or "")
        same = {v for v in (keep.partita_iva, keep.email, keep.phone, keep.codice_fiscale) if v}
        # Only bodies that could score: a distinctive word in their (folded) search text,
        # or one of the same codes. The scoring below then reads a handful of rows.
        could: list[ColumnElement[bool]] = [Organization.search_text.like(f"%{w}%") for w in words]
        could += [
            column == value
            for column, value in (
                (Organization.partita_iva, keep.partita_iva),
                (Organization.email, keep.email),
                (Organization.phone, keep.phone),
                (Organization.codice_fiscale, keep.codice_fiscale),
            )
            if value
        ]
        if not could:
            return []
        scored = []
        for row in s.execute(
            select(*columns, Organization.partita_iva, Organization.email, Organization.phone)
            .where(Organization.id != keep_id)
            .where(or_(*could))
        ):
            shared = len(words & _name_words(row[1]))
            if same & {row[4], row[5], row[6], row[7]} - {None}:
                shared += 10
            if keep.municipality and row[2] == keep.municipality:
                shared += 1 if shared else 0
            if shared:
                scored.append((-shared, str(row[1]).casefold(), row))
        scored.sort(key=lambda item: (item[0], item[1]))
        return [_candidate(row) for _score, _name, row in scored[:limit]]


# Words in many bodies' names: sharing one says nothing about being the same body.
_COMMON_WORDS = frozenset(
    {
        "associazione",
        "associazioni",
        "promozione",
        "sociale",
        "sociali",
        "cooperativa",
        "cooperative",
        "onlus",
        "centro",
        "comitato",
        "gruppo",
        "circolo",
        "comune",
        "fondazione",
        "impresa",
        "volontariato",
        "volontari",
        "della",
        "delle",
        "degli",
        "dello",
        "dell",
        "quartiere",
        "servizi",
        "servizio",
        "terzo",
        "settore",
        "comunita",
        "distretto",
        "ufficio",
        "istituto",
        "rete",
        "tipo",
        "informale",
        "mutuo",
        "soccorso",
        "societa",
        "parrocchia",
        "scuola",
        "comprensivo",
        "filantropico",
    }
)
_WORD = re.compile(r"[^\W_]+")


def _name_words(name: str) -> set[str]:
    """The distinctive words of a name (accents, short and common words aside)."""
    from grantdesk.domain.text import fold

    return {w for w in _WORD.findall(fold(name)) if len(w) > 3 and w not in _COMMON_WORDS}


def _candidate(row: Any) -> tuple[int, str, str, str]:
    place = row[2] or ""
    if row[3]:
        place = f"{place} ({row[3]})" if place else f"({row[3]})"
    return int(row[0]), str(row[1]), place, str(row[4] or "")
