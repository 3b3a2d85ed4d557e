"""The proposals board: every proposal as a card, in one column per status.

:func:`board_cards` reads the cards in one statement — the proposal with its call, funder
and lead, joined to grouped passes over the budget lines (total cost and requested grant),
the partners (how many) and the deadlines (the next one) — so the board of the large
example data (2,000 proposals, 200,000 budget lines) is read in a fraction of a second.
The rule check (:mod:`grantdesk.services.proposal_check`) is far slower and is left to the
caller, off the GUI thread and for the cards the user sees.

A card's next deadline is the earliest open deadline of the proposal itself (reports,
payment claims, overdue ones included) and, while the bid is still being prepared (idea,
drafting, review), the call's next application deadline from today on. Rejected,
withdrawn and closed proposals have none.

Filters (:class:`BoardFilters`): funder, owner (``""`` for proposals nobody owns), year and
the words of a search (accents ignored, as in the Proposals list). A proposal's year is the
year it was submitted, else the year it starts, else the year it was recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, case, extract, func, select, type_coerce
from sqlalchemy.orm import aliased

from grantdesk.db.models import BudgetLine, Call, Deadline, Funder, Organization, Proposal
from grantdesk.db.models import ProposalPartner as Partner
from grantdesk.db.types import Money, UTCDateTime
from grantdesk.domain.dates import rome_to_utc
from grantdesk.domain.money import ZERO
from grantdesk.domain.text import search_terms
from grantdesk.domain.vocab import DeadlineKind, FundingSource, ProposalStatus
from grantdesk.services.database import Database

# Statuses in which the call's application deadline is the one that matters.
PREPARING = frozenset({ProposalStatus.IDEA, ProposalStatus.DRAFTING, ProposalStatus.REVIEW})
# Statuses whose deadlines no longer concern anyone.
FINISHED = frozenset({ProposalStatus.REJECTED, ProposalStatus.WITHDRAWN, ProposalStatus.CLOSED})


@dataclass(frozen=True)
class BoardFilters:
    """What the board shows: None is "any"; *owner* ``""`` keeps proposals without owner."""

    funder_id: int | None = None
    owner: str | None = None
    year: int | None = None
    search: str = ""

    @property
    def active(self) -> bool:
        """True when any filter narrows the board."""
        return (
            self.funder_id is not None
            or self.owner is not None
            or self.year is not None
            or bool(search_terms(self.search))
        )


@dataclass(frozen=True)
class BoardCard:
    """One proposal as its card shows it (``version`` is what a status change expects)."""

    id: int
    version: int
    status: ProposalStatus
    title: str
    acronym: str
    call_title: str
    funder: str
    lead: str
    partners: int
    requested: Decimal
    total_cost: Decimal
    owner: str
    next_deadline: datetime | None


@dataclass(frozen=True)
class BoardColumn:
    """The cards of one status, most urgent deadline first."""

    status: ProposalStatus
    cards: tuple[BoardCard, ...]

    @property
    def count(self) -> int:
        return len(self.cards)

    @property
    def requested(self) -> Decimal:
        """The grants requested by the column's proposals, added up."""
        return sum((c.requested for c in self.cards), ZERO)


@dataclass(frozen=True)
class Board:
    """Every status's column, in pipeline order; *stored* counts every proposal, filtered
    or not (an empty board says "nothing yet" or "nothing matches")."""

    columns: tuple[BoardColumn, ...]
    stored: int

    @property
    def shown(self) -> int:
        return sum(c.count for c in self.columns)

    def column(self, status: ProposalStatus | str) -> BoardColumn:
        wanted = ProposalStatus(status)
        return next(c for c in self.columns if c.status is wanted)

    def card(self, proposal_id: int) -> BoardCard | None:
        for column in self.columns:
            for card in column.cards:
                if card.id == proposal_id:
                    return card
        return None


@dataclass(frozen=True)
class BoardOptions:
    """The choices of the filters: funders with proposals (id, name), owners, years."""

    funders: tuple[tuple[int, str], ...] = ()
    owners: tuple[str, ...] = ()
    unowned: bool = False
    years: tuple[int, ...] = field(default_factory=tuple)


def _line_cents() -> Any:
    """A line's total in cents: quantity (thousandths) × unit cost (cents), rounded half
    up away from zero to the cent, as :func:`grantdesk.domain.money.round_cents` does."""
    t = BudgetLine.__table__.c
    product = t.quantity * t.unit_cost_cents
    return case(
        (product >= 0, (product + 500) // 1000),
        else_=-((-product + 500) // 1000),
    )


def _year() -> Any:
    return func.coalesce(
        extract("year", Proposal.submitted_on),
        extract("year", Proposal.start_on),
        extract("year", Proposal.created_at),
    )


def _filtered(statement: Any, filters: BoardFilters) -> Any:
    if filters.funder_id is not None:
        statement = statement.where(Call.funder_id == filters.funder_id)
    if filters.owner == "":
        statement = statement.where(func.coalesce(Proposal.owner, "") == "")
    elif filters.owner is not None:
        statement = statement.where(Proposal.owner == filters.owner)
    if filters.year is not None:
        statement = statement.where(type_coerce(_year(), Integer) == filters.year)
    for term in search_terms(filters.search):
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        statement = statement.where(Proposal.search_text.like(f"%{escaped}%", escape="\\"))
    return statement


def _statement(filters: BoardFilters, today: date) -> Any:
    lines = BudgetLine.__table__.c
    cents = _line_cents()
    grant = FundingSource.REQUESTED_GRANT.value
    budget = (
        select(
            lines.proposal_id.label("owner"),
            func.sum(cents).label("total"),
            func.sum(case((lines.source == grant, cents), else_=0)).label("requested"),
        )
        .group_by(lines.proposal_id)
        .subquery()
    )
    partners = (
        select(Partner.proposal_id.label("owner"), func.count().label("n"))
        .group_by(Partner.proposal_id)
        .subquery()
    )
    deadlines = Deadline.__table__.c
    own = (
        select(deadlines.proposal_id.label("owner"), func.min(deadlines.due_at).label("due"))
        .where(deadlines.proposal_id.is_not(None), deadlines.done.is_(False))
        .group_by(deadlines.proposal_id)
        .subquery()
    )
    calls_with_proposals = select(Proposal.call_id).where(Proposal.call_id.is_not(None))
    of_call = (
        select(deadlines.call_id.label("owner"), func.min(deadlines.due_at).label("due"))
        .where(
            deadlines.call_id.in_(calls_with_proposals),
            deadlines.kind == DeadlineKind.APPLICATION.value,
            deadlines.done.is_(False),
            deadlines.due_at >= rome_to_utc(today, time(0, 0)),
        )
        .group_by(deadlines.call_id)
        .subquery()
    )
    lead = aliased(Organization)
    statement = (
        select(
            Proposal.id,
            Proposal.version,
            Proposal.status,
            Proposal.title,
            Proposal.acronym,
            Call.title,
            Funder.name,
            lead.name,
            partners.c.n,
            type_coerce(budget.c.requested, Money).label("requested"),
            type_coerce(budget.c.total, Money).label("total"),
            Proposal.owner,
            type_coerce(own.c.due, UTCDateTime).label("own_due"),
            type_coerce(of_call.c.due, UTCDateTime).label("call_due"),
        )
        .outerjoin(Call, Call.id == Proposal.call_id)
        .outerjoin(Funder, Funder.id == Call.funder_id)
        .outerjoin(lead, lead.id == Proposal.lead_id)
        .outerjoin(budget, budget.c.owner == Proposal.id)
        .outerjoin(partners, partners.c.owner == Proposal.id)
        .outerjoin(own, own.c.owner == Proposal.id)
        .outerjoin(of_call, of_call.c.owner == Proposal.call_id)
    )
    return _filtered(statement, filters)


def _next_deadline(
    status: ProposalStatus, own: datetime | None, of_call: datetime | None
) -> datetime | None:
    if status in FINISHED:
        return None
    candidates = [own] if own is not None else []
    if status in PREPARING and of_call is not None:
        candidates.append(of_call)
    return min(candidates) if candidates else None


def _sort_key(card: BoardCard) -> tuple[bool, datetime, str, int]:
    due = card.next_deadline or datetime.max.replace(tzinfo=None)
    return (card.next_deadline is None, due.replace(tzinfo=None), card.title.casefold(), card.id)


def board_cards(
    db: Database, filters: BoardFilters | None = None, today: date | None = None
) -> Board:
    """Every proposal matching *filters* as a card, grouped by status in pipeline order.

    *today* (a Rome day, default today) decides which of the call's deadlines are past.
    """
    from grantdesk.services.dashboard import today_in_rome

    chosen = filters or BoardFilters()
    day = today or today_in_rome()
    grouped: dict[ProposalStatus, list[BoardCard]] = {s: [] for s in ProposalStatus}
    with db.reading() as s:
        rows = s.execute(_statement(chosen, day)).all()
        stored = (
            len(rows) if not chosen.active else int(s.scalar(select(func.count(Proposal.id))) or 0)
        )
    for row in rows:
        (pid, version, status, title, acronym, call, funder, lead, partners) = row[:9]
        requested, total, owner, own_due, call_due = row[9:]
        grouped[status].append(
            BoardCard(
                id=pid,
                version=version,
                status=status,
                title=title,
                acronym=acronym or "",
                call_title=call or "",
                funder=funder or "",
                lead=lead or "",
                partners=int(partners or 0),
                requested=requested if requested is not None else ZERO,
                total_cost=total if total is not None else ZERO,
                owner=owner or "",
                next_deadline=_next_deadline(status, own_due, call_due),
            )
        )
    columns = tuple(
        BoardColumn(status, tuple(sorted(cards, key=_sort_key)))
        for status, cards in grouped.items()
    )
    return Board(columns, stored)


def board_options(db: Database) -> BoardOptions:
    """The funders, owners and years the board's filters offer (those with proposals)."""
    with db.reading() as s:
        funders = s.execute(
            select(Funder.id, Funder.name)
            .where(
                Funder.id.in_(select(Call.funder_id).join(Proposal, Proposal.call_id == Call.id))
            )
            .order_by(Funder.name, Funder.id)
        ).all()
        owners = s.scalars(select(func.coalesce(Proposal.owner, "")).distinct()).all()
        years = s.scalars(select(type_coerce(_year(), Integer)).distinct()).all()
    named = sorted({str(o).strip() for o in owners if str(o).strip()}, key=str.casefold)
    return BoardOptions(
        funders=tuple((int(i), str(n)) for i, n in funders),
        owners=tuple(named),
        unowned=any(not str(o).strip() for o in owners),
        years=tuple(sorted({int(y) for y in years if y is not None}, reverse=True)),
    )


def due_day(moment: datetime) -> date:
    """The Rome day of a deadline."""
    from grantdesk.domain.dates import utc_to_rome

    return utc_to_rome(moment).date()


def days_left(moment: datetime, today: date) -> int:
    """Whole Rome days from *today* to the deadline (negative: overdue)."""
    return (due_day(moment) - today).days
