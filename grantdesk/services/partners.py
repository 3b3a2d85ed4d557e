"""Finding partners: bodies by theme, territory, legal form and papers, and who could
partner on a call, ranked, with the reasons.

:func:`find_partners` pages through the register in SQL: themes (any of them), a place typed
as people type it ("PV", "Pavia", "Lombardia", "Vigevano", "Comune di Ravenna", read with
:mod:`grantdesk.domain.territory`), legal forms, the state of the documents on file and
free words over the folded ``search_text``. Only the page's rows get their themes, papers
and past proposals (two more statements), so a page costs a few milliseconds on the large
example data (5,000 bodies) and few round trips to a server.

:func:`partners_for_call` turns the question around from :mod:`grantdesk.services.eligibility`:
not "which calls may this body apply to" but "which bodies may join this call" — the
call's eligible applicant types and territory (a place the text cannot decide is "to
check", never an exclusion) — ranked by shared themes, documents in order and past
collaborations, each with the reasons in full sentences.

A body's documents are in one of four states: ``expired`` (one expired before today),
``expiring`` (one expires within 30 days), ``none`` (nothing on file) and ``ok``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, exists, false, func, or_, select, union_all
from sqlalchemy.orm import Session

from grantdesk.db.models import (
    Organization,
    OrganizationDocument,
    Proposal,
    ProposalPartner,
    Theme,
)
from grantdesk.db.models.organizations import organization_theme
from grantdesk.domain.territory import (
    AREA_TOWNS,
    AREAS,
    PROVINCES,
    REGION_PROVINCES,
    TOWNS,
    normalize,
    parse,
)
from grantdesk.domain.text import fold, search_terms
from grantdesk.domain.vocab import LegalForm, ProposalStatus
from grantdesk.i18n import N_, _
from grantdesk.services.database import Database
from grantdesk.services.search import like_pattern

PAGE = 200
EXPIRY_WARNING_DAYS = 30
# A proposal counts as funded when an amount was awarded or its status says so.
FUNDED_STATUSES = (ProposalStatus.AWARDED, ProposalStatus.RUNNING, ProposalStatus.REPORTING)


class DocumentState(StrEnum):
    """The state of a body's documents on file, worst first when ranking backwards."""

    OK = "ok"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    NONE = "none"

    @property
    def label(self) -> str:
        return _(_DOCUMENT_LABELS[self])


_DOCUMENT_LABELS = {
    DocumentState.OK: N_("All in order"),
    DocumentState.EXPIRING: N_("One expiring within 30 days"),
    DocumentState.EXPIRED: N_("One expired"),
    DocumentState.NONE: N_("None on file"),
}


def document_state(count: int, first_expiry: date | None, today: date) -> DocumentState:
    """The state of *count* documents whose earliest expiry is *first_expiry*."""
    if not count:
        return DocumentState.NONE
    if first_expiry is None:
        return DocumentState.OK
    if first_expiry < today:
        return DocumentState.EXPIRED
    if first_expiry <= today + timedelta(days=EXPIRY_WARNING_DAYS):
        return DocumentState.EXPIRING
    return DocumentState.OK


@dataclass(frozen=True)
class PartnerFilter:
    """What the finder asks: every part is optional, and all given parts must hold.

    *themes*: theme names, any of them (accents and case ignored); *territory*: a place as
    typed; *legal_forms*: any of them; *documents*: one state; *search*: free words.
    """

    themes: tuple[str, ...] = ()
    territory: str = ""
    legal_forms: tuple[LegalForm, ...] = ()
    documents: DocumentState | None = None
    search: str = ""

    @property
    def empty(self) -> bool:
        return not (
            self.themes
            or self.territory.strip()
            or self.legal_forms
            or self.documents
            or self.search.strip()
        )


@dataclass(frozen=True)
class PartnerRow:
    """One body as the finder lists it."""

    id: int
    name: str
    legal_form: LegalForm
    municipality: str | None
    province: str | None
    neighbourhood: str | None
    themes: tuple[str, ...]
    documents: DocumentState
    first_expiry: date | None  # the earliest expiry on file
    proposals: int  # as lead or partner
    funded: int

    @property
    def place(self) -> str:
        """ "Vigevano (PV)", with the neighbourhood when known."""
        town = self.municipality or ""
        if self.province:
            town = f"{town} ({self.province})" if town else self.province
        return f"{town} – {self.neighbourhood}" if self.neighbourhood and town else town


# -- territory -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceFilter:
    """A territory typed in the finder, read into places.

    *towns*: (normalized name, province or None) — a municipality or a neighbourhood;
    *unknown*: the names no table knows (they may still be a municipality on record).
    """

    text: str = ""
    everywhere: bool = True
    provinces: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    towns: frozenset[tuple[str, str | None]] = frozenset()
    unknown: tuple[str, ...] = ()


_PARTS = re.compile(r"[,;/]+")
_BRACKETS = re.compile(r"\(\s*[A-Za-z]{2}\s*\)")


def resolve_territory(text: str) -> PlaceFilter:
    """Read *text* into places: a province code or name (its province), a region, a
    municipality, a known area (its towns) or a neighbourhood; several separated by commas.

    "Pavia" means the province (the town is in it); "Comune di Pavia" the town only;
    a bracketed code ("Tromello (PV)") keeps the rest of the part within that province.
    """
    raw = text.strip()
    if not raw or parse(raw).nationwide:
        return PlaceFilter(raw)
    provinces: set[str] = set()
    regions: set[str] = set()
    towns: set[tuple[str, str | None]] = set()
    unknown: list[str] = []
    for part in (p.strip() for p in _PARTS.split(raw)):
        if len(part) == 2 and part.upper() in PROVINCES:
            provinces.add(part.upper())
            continue
        parsed = parse(part)
        bound = next((p.name for p in parsed.places if p.kind.value == "bound"), None)
        places = [p for p in parsed.places if p.kind.value != "bound"]
        for place in places:
            kind = place.kind.value
            if kind == "region" and bound is None:
                regions.add(place.name)
            elif kind in ("province", "town_or_province", "region") and place.province:
                if bound in (None, place.province):
                    provinces.add(place.province)
            elif kind == "town":
                towns.add((place.name, bound))
            elif kind == "area" and place.name in AREA_TOWNS:
                towns.update((t, AREAS[place.name]) for t in AREA_TOWNS[place.name])
            elif kind == "area":
                provinces.add(AREAS[place.name])
        if places:
            continue
        name = normalize(_BRACKETS.sub(" ", part))
        if name:  # not a place the tables know: a municipality or a neighbourhood?
            towns.add((name, bound))
            unknown.append(_BRACKETS.sub(" ", part).strip())
        elif bound is not None:
            provinces.add(bound)
    return PlaceFilter(
        raw, False, frozenset(provinces), frozenset(regions), frozenset(towns), tuple(unknown)
    )


def _by_normal(values: Iterable[str | None]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for value in values:
        if value:
            found.setdefault(normalize(value), []).append(value)
    return found


def _place_condition(s: Session, places: PlaceFilter) -> tuple[Any, tuple[str, ...]]:
    """The SQL condition for *places*, and the unknown names no body is based in."""
    org = Organization
    conditions: list[Any] = []
    if places.provinces:
        conditions.append(org.province.in_(sorted(places.provinces)))
    if places.regions:
        codes = sorted({c for r in places.regions for c in REGION_PROVINCES[r]})
        wanted = {normalize(r) for r in places.regions}
        stored = s.scalars(select(org.region).distinct().where(org.region.is_not(None)))
        names = sorted(r for r in stored if r and normalize(r) in wanted)
        conditions.append(or_(org.province.in_(codes), org.region.in_(names)))
    missing: list[str] = []
    if places.towns:
        municipalities = _by_normal(s.scalars(select(org.municipality).distinct()))
        hoods = _by_normal(s.scalars(select(org.neighbourhood).distinct()))
        shown = {normalize(u): u for u in places.unknown}
        for name, province in sorted(places.towns, key=lambda t: (t[0], t[1] or "")):
            towns, quarters = municipalities.get(name, []), hoods.get(name, [])
            if not towns and not quarters and name in shown:
                missing.append(shown[name])
            condition = or_(org.municipality.in_(towns), org.neighbourhood.in_(quarters))
            conditions.append(
                condition if province is None else and_(condition, org.province == province)
            )
    return (or_(*conditions) if conditions else false()), tuple(missing)


# -- the filter in SQL ---------------------------------------------------------------------


def _document_condition(state: DocumentState, today: date) -> Any:
    doc = OrganizationDocument
    soon = today + timedelta(days=EXPIRY_WARNING_DAYS)

    def on_file(*where: Any) -> Any:
        return exists().where(doc.organization_id == Organization.id, *where)

    expired = on_file(doc.expires_on < today)
    if state is DocumentState.EXPIRED:
        return expired
    if state is DocumentState.EXPIRING:
        return and_(~expired, on_file(doc.expires_on <= soon))
    if state is DocumentState.NONE:
        return ~on_file()
    return and_(on_file(), ~on_file(doc.expires_on <= soon))


def _theme_ids(s: Session, names: Sequence[str]) -> list[int]:
    wanted = {fold(n).strip() for n in names if n.strip()}
    return [i for i, name in s.execute(select(Theme.id, Theme.name)) if fold(name) in wanted]


def filter_conditions(
    s: Session, wanted: PartnerFilter, today: date
) -> tuple[list[Any], tuple[str, ...]]:
    """The WHERE conditions of *wanted*, and the places typed that no body is based in."""
    conditions: list[Any] = []
    missing: tuple[str, ...] = ()
    if wanted.themes:
        ids = _theme_ids(s, wanted.themes)
        link = organization_theme.c
        conditions.append(
            Organization.id.in_(select(link.organization_id).where(link.theme_id.in_(ids)))
            if ids
            else false()
        )
    places = resolve_territory(wanted.territory)
    if not places.everywhere:
        condition, missing = _place_condition(s, places)
        conditions.append(condition)
    if wanted.legal_forms:
        conditions.append(Organization.legal_form.in_(sorted(set(wanted.legal_forms))))
    if wanted.documents is not None:
        conditions.append(_document_condition(wanted.documents, today))
    for term in search_terms(wanted.search):
        conditions.append(Organization.search_text.like(like_pattern(term), escape="\\"))
    return conditions, missing


# -- the finder ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerResults:
    """A page of the finder, the number of bodies matching, and the places typed that no
    body is based in (for the sentence of an empty result)."""

    rows: tuple[PartnerRow, ...]
    total: int
    unknown_places: tuple[str, ...] = ()


_ROW_COLUMNS = (
    Organization.id,
    Organization.name,
    Organization.legal_form,
    Organization.municipality,
    Organization.province,
    Organization.neighbourhood,
)


def find_partners(
    db: Database, wanted: PartnerFilter, today: date, limit: int = PAGE, offset: int = 0
) -> list[PartnerRow]:
    """The bodies matching *wanted*, by name, from *offset*."""
    with db.reading() as s:
        conditions, _missing = filter_conditions(s, wanted, today)
        return _page(s, conditions, today, limit, offset)


def count_partners(db: Database, wanted: PartnerFilter, today: date) -> int:
    """How many bodies match *wanted*."""
    with db.reading() as s:
        conditions, _missing = filter_conditions(s, wanted, today)
        return _count(s, conditions)


def search_partners(
    db: Database, wanted: PartnerFilter, today: date, limit: int = PAGE, offset: int = 0
) -> PartnerResults:
    """A page, the count and the unknown places in one read (what the finder shows)."""
    with db.reading() as s:
        conditions, missing = filter_conditions(s, wanted, today)
        rows = _page(s, conditions, today, limit, offset)
        total = _count(s, conditions) if offset or len(rows) == limit else len(rows)
        return PartnerResults(tuple(rows), total, missing)


def _count(s: Session, conditions: list[Any]) -> int:
    return int(s.scalar(select(func.count(Organization.id)).where(*conditions)) or 0)


def _page(
    s: Session, conditions: list[Any], today: date, limit: int, offset: int
) -> list[PartnerRow]:
    query = (
        select(*_ROW_COLUMNS)
        .where(*conditions)
        .order_by(Organization.name, Organization.id)
        .offset(offset)
        .limit(limit)
    )
    found = s.connection().execute(query).all()
    return partner_rows(s, [tuple(r) for r in found], today)


def partner_rows(
    s: Session,
    found: Sequence[tuple[Any, ...]],
    today: date,
    docs: dict[int, tuple[int, date | None]] | None = None,
    past: dict[int, tuple[int, int]] | None = None,
) -> list[PartnerRow]:
    """PartnerRows for *found* (id, name, form, municipality, province, neighbourhood);
    *docs* and *past* when the caller already read them for these bodies."""
    ids = [r[0] for r in found]
    if not ids:
        return []
    themes = _themes_of(s, ids)
    if docs is None or past is None:
        docs, past = papers_and_past(s, ids)
    rows = []
    for org_id, name, form, municipality, province, neighbourhood in found:
        count, first = docs.get(org_id, (0, None))
        proposals, funded = past.get(org_id, (0, 0))
        rows.append(
            PartnerRow(
                org_id,
                name,
                LegalForm(form),
                municipality,
                province,
                neighbourhood,
                themes.get(org_id, ()),
                document_state(count, first, today),
                first,
                proposals,
                funded,
            )
        )
    return rows


def _themes_of(s: Session, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    link = organization_theme.c
    query = (
        select(link.organization_id, Theme.name)
        .join(Theme, Theme.id == link.theme_id)
        .where(link.organization_id.in_(ids))
        .order_by(link.organization_id, Theme.name)
    )
    found: dict[int, list[str]] = {}
    for org_id, name in s.connection().execute(query).all():
        found.setdefault(org_id, []).append(name)
    return {k: tuple(v) for k, v in found.items()}


def taking_part() -> Any:
    """Every (body, proposal) pair, as lead or as partner."""
    return union_all(
        select(Proposal.lead_id.label("org"), Proposal.id.label("proposal")).where(
            Proposal.lead_id.is_not(None)
        ),
        select(ProposalPartner.organization_id, ProposalPartner.proposal_id),
    ).subquery()


def funded_condition() -> Any:
    return or_(Proposal.awarded_amount.is_not(None), Proposal.status.in_(FUNDED_STATUSES))


def papers_and_past(
    s: Session, ids: Sequence[int]
) -> tuple[dict[int, tuple[int, date | None]], dict[int, tuple[int, int]]]:
    """Per body of *ids*: its documents (how many, the earliest expiry) and its proposals
    (how many as lead or partner, how many funded) — one statement, a few correlated
    counts per body, so a page costs one round trip to a server."""
    org, doc, partner = Organization, OrganizationDocument, ProposalPartner

    def count(*where: Any, joined: bool = False) -> Any:
        query = select(func.count()).select_from(partner if joined else Proposal)
        if joined:
            query = query.join(Proposal, Proposal.id == partner.proposal_id)
        return query.where(*where).scalar_subquery()

    led, with_partners = Proposal.lead_id == org.id, partner.organization_id == org.id
    query = select(
        org.id,
        select(func.count(doc.id)).where(doc.organization_id == org.id).scalar_subquery(),
        select(func.min(doc.expires_on)).where(doc.organization_id == org.id).scalar_subquery(),
        count(led),
        count(led, funded_condition()),
        count(with_partners, joined=True),
        count(with_partners, funded_condition(), joined=True),
    ).where(org.id.in_(ids))
    docs: dict[int, tuple[int, date | None]] = {}
    past: dict[int, tuple[int, int]] = {}
    for org_id, n_docs, first, leads, leads_won, partners, partners_won in (
        s.connection().execute(query).all()
    ):
        docs[org_id] = (int(n_docs or 0), first)
        past[org_id] = (
            int(leads or 0) + int(partners or 0),
            int(leads_won or 0) + int(partners_won or 0),
        )
    return docs, past


# -- choices for the finder's boxes -----------------------------------------------------------


def theme_choices(db: Database) -> list[str]:
    """Every theme name, as people read them (accents and case ignored)."""
    with db.reading() as s:
        names = list(s.scalars(select(Theme.name)))
    return sorted(names, key=lambda n: (fold(n), n))


def territory_choices(db: Database) -> list[str]:
    """Regions, provinces as "Pavia (PV)" and the municipalities bodies are based in."""
    with db.reading() as s:
        seats = s.execute(
            select(Organization.municipality, Organization.province)
            .distinct()
            .where(Organization.municipality.is_not(None))
        ).all()
    provinces = {normalize(name) for name in PROVINCES.values()}
    towns = {
        f"{town} ({province})" if province else town
        for town, province in seats
        if town and normalize(town) not in provinces
    }
    towns.update(f"{town} ({province})" for town, province in TOWNS.items())
    choices = list(REGION_PROVINCES) + [f"{n} ({c})" for c, n in PROVINCES.items()]
    return sorted(set(choices), key=fold) + sorted(towns, key=fold)


# -- who could partner on a call ------------------------------------------------------------


@dataclass(frozen=True)
class CallPartner:
    """A body that may join a call, why, and what to check."""

    row: PartnerRow
    shared_themes: tuple[str, ...]
    reasons: tuple[str, ...]  # full sentences, in the order of the ranking
    summary: str  # one line for a list cell
    to_check: bool  # the territory text cannot decide


@dataclass(frozen=True)
class CallPartners:
    """The call, and the bodies that may partner on it, best first."""

    call_id: int
    title: str
    funder: str
    territory: str
    forms: tuple[LegalForm, ...]
    themes: tuple[str, ...]
    partners: tuple[CallPartner, ...] = ()
    total: int = 0
    unknown_places: tuple[str, ...] = field(default=())


def partners_for_call(
    db: Database,
    call_id: int,
    today: date,
    wanted: PartnerFilter | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> CallPartners:
    """The bodies that match *call_id*'s eligible applicant types and territory (and
    *wanted*, when given), ranked: shared themes, documents in order, past proposals,
    then a territory that is certain before one to check. RecordNotFoundError when the
    call is gone."""
    from grantdesk.services.partner_ranking import rank_for_call

    with db.reading() as s:
        return rank_for_call(s, call_id, today, wanted or PartnerFilter(), limit, offset)
