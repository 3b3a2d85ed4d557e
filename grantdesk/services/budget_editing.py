"""Editing a proposal's budget lines from the budget grid.

:func:`load_sheet` reads what the grid shows: the lines in order with their versions, the
categories and partners offered, and the proposal's facts and call rules for the live rule
check. :func:`apply_changes` writes a batch of changes — insert at a position, update,
delete, move — in one transaction, audited.

Optimistic locking is per line: an update or a deletion names the version the grid read
(``expected_version``) or, for undo and redo, the values it expects the line to hold
(``expected_values``). When another desk (or another window) changed or deleted the line
meanwhile, nothing is written and :class:`ConflictError` says so in one sentence. Positions
are not content: inserting or moving lines renumbers the others (1, 2, 3…) without
touching their versions, so two desks working on different lines never conflict; a
deletion leaves a gap until then.

What a cell holds (``12,5``, ``€ 1.234,56``, a partner's name) is read by
:mod:`grantdesk.services.budget_cells`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.orm import Session, joinedload, selectinload

from grantdesk.db.models import (
    AuditEntry,
    BudgetLine,
    Call,
    Organization,
    Proposal,
    ProposalPartner,
)
from grantdesk.domain.budget import Line
from grantdesk.domain.rules import CallRules, ProposalFacts
from grantdesk.domain.vocab import BudgetCategory, FundingSource
from grantdesk.i18n import _
from grantdesk.services.database import Database
from grantdesk.services.editing import ConflictError, current_actor
from grantdesk.services.proposal_check import UnknownProposalError, call_rules, proposal_facts

# Above a billion (euros or units) an amount is a typing slip, not a budget.
MAX_NUMBER = Decimal(1_000_000_000)
MAX_LENGTHS = {"category": 80, "description": 500, "unit": 40, "other_funder": 200}
ZERO_EUROS = Decimal("0.00")


class BudgetLineError(ValueError):
    """A line that cannot be saved as it is (one sentence saying why)."""


@dataclass(frozen=True)
class LineValues:
    """What a user edits on a budget line (*organization_id*: the partner the cost is for)."""

    category: str
    description: str = ""
    organization_id: int | None = None
    unit: str | None = None
    quantity: Decimal = Decimal(1)
    unit_cost: Decimal = ZERO_EUROS
    source: FundingSource = FundingSource.REQUESTED_GRANT
    other_funder: str | None = None

    def to_line(self, key: int | None = None, partner_name: str | None = None) -> Line:
        """The domain line (for totals and the rule check)."""
        return Line(
            category=self.category,
            quantity=self.quantity,
            unit_cost=self.unit_cost,
            source=self.source,
            partner=self.organization_id,
            description=self.description,
            unit=self.unit,
            other_funder=self.other_funder,
            key=key,
            partner_name=partner_name,
        )


@dataclass(frozen=True)
class SheetLine:
    """A saved line: its id, the version it was read at, its values and its partner's name."""

    id: int
    version: int
    values: LineValues
    partner_name: str | None = None

    @property
    def line(self) -> Line:
        return self.values.to_line(self.id, self.partner_name)


@dataclass(frozen=True)
class PartnerChoice:
    """An organization a line can be charged to: the lead (capofila) or a partner."""

    id: int
    name: str
    lead: bool = False


@dataclass(frozen=True)
class BudgetSheet:
    """What the budget grid shows of a proposal.

    *categories* are those the call names, else the usual ones (codes); *facts* hold the
    proposal without its lines (the grid adds them) and *rules* its call's rules (None
    when no call is chosen yet).
    """

    proposal_id: int
    title: str
    call_title: str | None
    lines: tuple[SheetLine, ...]
    categories: tuple[str, ...]
    partners: tuple[PartnerChoice, ...]
    facts: ProposalFacts
    rules: CallRules | None


@dataclass(frozen=True)
class InsertLine:
    """A new line at *position* (0 = first; past the end appends)."""

    position: int
    values: LineValues


@dataclass(frozen=True)
class UpdateLine:
    """New *values* for a line, if it still has *expected_version* / *expected_values*."""

    line_id: int
    values: LineValues
    expected_version: int | None = None
    expected_values: LineValues | None = None


@dataclass(frozen=True)
class DeleteLine:
    """Delete a line, if it still has *expected_version* / *expected_values*."""

    line_id: int
    expected_version: int | None = None
    expected_values: LineValues | None = None


@dataclass(frozen=True)
class MoveLine:
    """Move a line to *position* in the budget's order (0 = first)."""

    line_id: int
    position: int


Change = InsertLine | UpdateLine | DeleteLine | MoveLine


@dataclass(frozen=True)
class AppliedChanges:
    """What a batch did: for each change the line after it (None for a deletion), and how
    many lines the budget has now (a grid holding another count is out of date)."""

    lines: tuple[SheetLine | None, ...]
    line_count: int


# -- reading --------------------------------------------------------------------------


def _options() -> list[Any]:
    return [
        selectinload(Proposal.attachments),
        joinedload(Proposal.lead).selectinload(Organization.documents),
        selectinload(Proposal.partners)
        .joinedload(ProposalPartner.organization)
        .selectinload(Organization.documents),
        joinedload(Proposal.call).selectinload(Call.rules),
        joinedload(Proposal.call).selectinload(Call.requirements),
        joinedload(Proposal.call).selectinload(Call.deadlines),
    ]


def _values(line: BudgetLine) -> LineValues:
    return LineValues(
        category=line.category,
        description=line.description or "",
        organization_id=line.organization_id,
        unit=line.unit,
        quantity=line.quantity,
        unit_cost=line.unit_cost,
        source=line.source,
        other_funder=line.other_funder,
    )


def _sheet_lines(s: Session, proposal_id: int) -> list[SheetLine]:
    query = (
        select(BudgetLine, Organization.name)
        .outerjoin(Organization, Organization.id == BudgetLine.organization_id)
        .where(BudgetLine.proposal_id == proposal_id)
        .order_by(BudgetLine.position, BudgetLine.id)
    )
    return [SheetLine(b.id, b.version, _values(b), name) for b, name in s.execute(query)]


def offered_categories(call: Call | None) -> tuple[str, ...]:
    """The call's own cost categories when it names them, else the usual ones (codes)."""
    named = [" ".join(str(c).split()) for c in (call.budget_categories if call else None) or []]
    named = [c for c in named if c]
    if named:
        return tuple(dict.fromkeys(named))
    return tuple(c.value for c in BudgetCategory)


def _partners(proposal: Proposal) -> tuple[PartnerChoice, ...]:
    found: dict[int, PartnerChoice] = {}
    if proposal.lead is not None:
        found[proposal.lead.id] = PartnerChoice(proposal.lead.id, proposal.lead.name, True)
    for member in sorted(proposal.partners, key=lambda p: p.id or 0):
        org = member.organization
        found.setdefault(org.id, PartnerChoice(org.id, org.name))
    return tuple(found.values())


def load_sheet(db: Database, proposal_id: int, today: date) -> BudgetSheet:
    """The proposal's budget as the grid shows it (UnknownProposalError if it is gone)."""
    with db.reading() as s:
        proposal = s.scalars(
            select(Proposal).where(Proposal.id == proposal_id).options(*_options())
        ).first()
        if proposal is None:
            raise UnknownProposalError(_("No proposal has number {id}.").format(id=proposal_id))
        call = proposal.call
        return BudgetSheet(
            proposal_id=proposal.id,
            title=proposal.title,
            call_title=call.title if call is not None else None,
            lines=tuple(_sheet_lines(s, proposal_id)),
            categories=offered_categories(call),
            partners=_partners(proposal),
            facts=proposal_facts(proposal, ()),
            rules=call_rules(call, today) if call is not None else None,
        )


# -- writing --------------------------------------------------------------------------


def _optional(text: str | None) -> str | None:
    clean = " ".join((text or "").split())
    return clean or None


def clean_values(values: LineValues) -> LineValues:
    """*values* as they are saved: spaces tidied, empty texts as None, amounts exact."""
    return replace(
        values,
        category=" ".join(values.category.split()),
        description=" ".join(values.description.split()),
        unit=_optional(values.unit),
        other_funder=_optional(values.other_funder),
    )


def line_problem(values: LineValues) -> str | None:
    """Why *values* cannot be saved, in one sentence (None: they can)."""
    if not values.category.strip():
        return _("Every line needs a cost category.")
    for name, limit in MAX_LENGTHS.items():
        if len(getattr(values, name) or "") > limit:
            return _("Keep this under {limit} characters.").format(limit=limit)
    for number in (values.quantity, values.unit_cost):
        if not number.is_finite():
            return _("Write a number, like 12.5.")
        if number < 0:
            return _("Quantities and costs cannot be negative.")
        if number > MAX_NUMBER:
            return _("Keep numbers under a billion.")
    if values.quantity != values.quantity.quantize(Decimal("0.001")):
        return _("Write the quantity with at most three decimals.")
    if values.unit_cost != values.unit_cost.quantize(Decimal("0.01")):
        return _("Write the cost with at most two decimals (cents).")
    return None


def _row_conflict(row: int) -> ConflictError:
    return ConflictError(
        _(
            "Line {row} was changed elsewhere meanwhile (on another desk or in another "
            "window): the budget has been reloaded, check it and try again."
        ).format(row=row)
    )


def _gone() -> ConflictError:
    return ConflictError(
        _(
            "A budget line was deleted elsewhere meanwhile (on another desk or in another "
            "window): the budget has been reloaded, check it and try again."
        )
    )


class _Batch:
    """The lines a batch touches and, when it inserts or moves lines, the budget's order.

    Reading the order of 2,000 lines costs more than the rest of an edit: a batch that only
    updates or deletes lines never reads it (a deletion leaves a gap in the positions; the
    next insertion or move renumbers them).
    """

    def __init__(self, s: Session, proposal_id: int, changes: Sequence[Change]) -> None:
        self._s = s
        self._proposal_id = proposal_id
        touched = {c.line_id for c in changes if not isinstance(c, InsertLine)}
        self.objects = {
            line.id: line
            for line in s.scalars(
                select(BudgetLine).where(
                    BudgetLine.proposal_id == proposal_id, BudgetLine.id.in_(touched)
                )
            )
        }
        self.positions: dict[int, int] = {}
        self.order: list[int | BudgetLine] | None = None
        if any(isinstance(c, InsertLine | MoveLine) for c in changes):
            self.order = [line_id for line_id, _row in self._rows()]

    def _rows(self) -> list[tuple[int, int]]:
        rows = self._s.execute(
            select(BudgetLine.id, BudgetLine.position)
            .where(BudgetLine.proposal_id == self._proposal_id)
            .order_by(BudgetLine.position, BudgetLine.id)
        ).all()
        self.positions = {line_id: position for line_id, position in rows}
        return [(line_id, row) for row, (line_id, _position) in enumerate(rows, start=1)]

    def checked(self, line_id: int, version: int | None, values: LineValues | None) -> BudgetLine:
        line = self.objects.get(line_id)
        if line is None:
            raise _gone()
        if (version is not None and line.version != version) or (
            values is not None and _values(line) != clean_values(values)
        ):
            with self._s.no_autoflush:
                row = dict(self._rows()).get(line_id, 0)  # the row the user saw it on
            raise _row_conflict(row)
        return line

    def put(self, item: int | BudgetLine, position: int) -> None:
        assert self.order is not None
        self.order.insert(max(0, min(position, len(self.order))), item)

    def remove(self, line_id: int) -> None:
        del self.objects[line_id]
        if self.order is not None:
            self.order.remove(line_id)

    def renumber(self) -> list[dict[str, int]]:
        """Positions 1, 2, 3… for the new lines, and the moves of the others to write."""
        moved = []
        for index, item in enumerate(self.order or (), start=1):
            if isinstance(item, BudgetLine):
                item.position = index
            elif self.positions[item] != index:
                moved.append({"line_id": item, "new_position": index})
        return moved


def _assign(line: BudgetLine, values: LineValues) -> None:
    for name in LineValues.__dataclass_fields__:
        value = getattr(values, name)
        if getattr(line, name) != value:
            setattr(line, name, value)


def _check_partners(s: Session, changes: Sequence[Change]) -> None:
    wanted = {
        c.values.organization_id
        for c in changes
        if isinstance(c, InsertLine | UpdateLine) and c.values.organization_id is not None
    }
    if wanted:
        found = set(s.scalars(select(Organization.id).where(Organization.id.in_(wanted))))
        if wanted - found:
            raise BudgetLineError(_("The partner of a line no longer exists: choose another one."))


def _summary(changes: Sequence[Change]) -> str:
    counts = {"added": 0, "changed": 0, "deleted": 0, "moved": 0}
    for change in changes:
        if isinstance(change, InsertLine):
            counts["added"] += 1
        elif isinstance(change, UpdateLine):
            counts["changed"] += 1
        elif isinstance(change, DeleteLine):
            counts["deleted"] += 1
        else:
            counts["moved"] += 1
    return "budget lines " + ", ".join(f"{k} {n}" for k, n in counts.items() if n)


def _apply_one(s: Session, proposal_id: int, change: Change, batch: _Batch) -> BudgetLine | None:
    if isinstance(change, InsertLine):
        line = BudgetLine(proposal_id=proposal_id)
        _assign(line, change.values)
        s.add(line)
        batch.put(line, change.position)
        return line
    if isinstance(change, UpdateLine):
        line = batch.checked(change.line_id, change.expected_version, change.expected_values)
        _assign(line, change.values)
        return line
    if isinstance(change, DeleteLine):
        line = batch.checked(change.line_id, change.expected_version, change.expected_values)
        batch.remove(change.line_id)
        s.delete(line)
        return None
    line = batch.checked(change.line_id, None, None)
    assert batch.order is not None
    batch.order.remove(change.line_id)
    batch.put(change.line_id, change.position)
    return line


def apply_changes(db: Database, proposal_id: int, changes: Sequence[Change]) -> AppliedChanges:
    """Apply *changes* in order, all or nothing, and return the lines as saved.

    Each position counts in the budget's order as left by the changes before it. Raises
    :class:`BudgetLineError` for values that cannot be saved, :class:`ConflictError` when a
    line changed or went away meanwhile, UnknownProposalError when the proposal is gone.
    """
    changes = [
        replace(c, values=clean_values(c.values)) if isinstance(c, InsertLine | UpdateLine) else c
        for c in changes
    ]
    for change in changes:
        if isinstance(change, InsertLine | UpdateLine):
            problem = line_problem(change.values)
            if problem:
                raise BudgetLineError(problem)
    with db.transaction() as s:
        if s.scalar(select(Proposal.id).where(Proposal.id == proposal_id)) is None:
            raise UnknownProposalError(_("No proposal has number {id}.").format(id=proposal_id))
        _check_partners(s, changes)
        batch = _Batch(s, proposal_id, changes)
        results = [_apply_one(s, proposal_id, c, batch) for c in changes]
        moved = batch.renumber()
        s.flush()
        if moved:  # a plain UPDATE: renumbering is not an edit, versions stay
            table = cast(Table, BudgetLine.__table__)
            s.execute(
                update(table)
                .where(table.c.id == bindparam("line_id"))
                .values(position=bindparam("new_position")),
                moved,
            )
        if batch.order is not None:
            count = len(batch.order)
        else:
            count = (
                s.scalar(
                    select(func.count())
                    .select_from(BudgetLine)
                    .where(BudgetLine.proposal_id == proposal_id)
                )
                or 0
            )
        names = _names(s, [r for r in results if r is not None])
        s.add(
            AuditEntry(
                actor=current_actor(),
                action="budget",
                entity="proposal",
                entity_id=proposal_id,
                summary=_summary(changes),
            )
        )
        return AppliedChanges(
            tuple(
                None
                if r is None
                else SheetLine(r.id, r.version, _values(r), names.get(r.organization_id or 0))
                for r in results
            ),
            count,
        )


def _names(s: Session, lines: Sequence[BudgetLine]) -> dict[int, str]:
    ids = {line.organization_id for line in lines if line.organization_id is not None}
    if not ids:
        return {}
    rows = s.execute(select(Organization.id, Organization.name).where(Organization.id.in_(ids)))
    return {org_id: name for org_id, name in rows}
