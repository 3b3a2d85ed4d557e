"""Budget lines for the example proposals, drawn from a catalogue of typical costs.

Every proposal gets lines across categories and partners and all four funding sources:
requested grant, partner cash (enough to respect the call's grant share and co-financing
minimum), volunteer time (hours × the call's hourly value; listed at zero where the call
excludes volunteer time) and another funder (or a fundraising campaign). Overheads are a
share of the direct costs, rounded down. A :class:`BudgetPlan` can bend one of these on
purpose, so the example proposals break the call rules the check is meant to find.
Amounts are exact Decimals with two decimals; quantities may have decimals (37,5 hours).
"""

from __future__ import annotations

import random
from decimal import ROUND_DOWN, Decimal
from typing import NamedTuple

from grantdesk.db.models import BudgetLine, Call, Organization
from grantdesk.domain.money import round_cents
from grantdesk.domain.vocab import FundingSource


class CostItem(NamedTuple):
    category: str
    description: str
    unit: str
    qty_low: int
    qty_high: int
    cost_low: int  # cents
    cost_high: int
    scales: bool = True  # quantity grows with the size of the proposal


CATALOGUE = [
    CostItem("personnel", "Coordinamento di progetto", "ore", 150, 400, 2600, 3200),
    CostItem("personnel", "Educatore professionale", "ore", 300, 900, 2180, 2640),
    CostItem("personnel", "Assistente sociale", "ore", 120, 400, 2500, 3000),
    CostItem("personnel", "Psicologo – supervisione e sostegno", "ore", 40, 160, 3500, 4500),
    CostItem("personnel", "Operatore di comunità", "ore", 200, 700, 1950, 2300),
    CostItem("personnel", "Mediatore linguistico-culturale", "ore", 60, 240, 2200, 2800),
    CostItem("personnel", "Amministrazione e rendicontazione", "ore", 60, 200, 2300, 2700),
    CostItem("services", "Formazione dei volontari", "giornate", 3, 10, 35000, 60000),
    CostItem(
        "services",
        "Valutazione d’impatto indipendente",
        "incarico",
        1,
        1,
        300000,
        650000,
        scales=False,
    ),
    CostItem(
        "services", "Consulenza legale sull’accordo di partenariato", "ore", 10, 30, 6000, 9000
    ),
    CostItem("services", "Catering per gli eventi di quartiere", "eventi", 2, 6, 25000, 48000),
    CostItem("services", "Trasporto sociale con mezzo attrezzato", "viaggi", 40, 160, 1800, 3500),
    CostItem(
        "equipment",
        "Computer portatili per i punti di ascolto",
        "pezzi",
        2,
        5,
        54990,
        89900,
        scales=False,
    ),
    CostItem("equipment", "Arredi per lo sportello", "lotto", 1, 1, 120000, 350000, scales=False),
    CostItem("equipment", "Tablet per il monitoraggio", "pezzi", 2, 6, 22900, 39900, scales=False),
    CostItem("materials", "Cancelleria e materiale di consumo", "mesi", 6, 24, 3500, 9000),
    CostItem("materials", "Pacchi alimentari integrativi", "pacchi", 100, 400, 1850, 3200),
    CostItem("materials", "Materiali per i laboratori", "kit", 20, 80, 1200, 2500),
    CostItem("travel", "Rimborsi chilometrici degli operatori", "km", 1500, 8000, 42, 42),
    CostItem("travel", "Trasferte per gli incontri di rete", "trasferte", 6, 20, 4500, 12000),
    CostItem(
        "communication", "Grafica e stampa di volantini multilingue", "copie", 2000, 8000, 8, 22
    ),
    CostItem(
        "communication",
        "Sito web e pagine social del progetto",
        "incarico",
        1,
        1,
        150000,
        320000,
        scales=False,
    ),
    CostItem(
        "communication",
        "Evento pubblico di presentazione dei risultati",
        "evento",
        1,
        2,
        80000,
        180000,
        scales=False,
    ),
    CostItem(
        "volunteer_expenses", "Rimborsi spese documentate ai volontari", "mesi", 6, 24, 8000, 25000
    ),
    CostItem(
        "volunteer_expenses",
        "Assicurazione integrativa dei volontari",
        "polizza",
        1,
        1,
        30000,
        90000,
        scales=False,
    ),
]

VOLUNTEER_ITEM = CostItem(
    "volunteer_time", "Ore di volontariato – ascolto e accompagnamento", "ore", 300, 1500, 0, 0
)
OTHER_FUNDER_ITEM = CostItem(
    "services", "Sportello di orientamento al lavoro", "ore", 80, 200, 3000, 4000
)
FUNDRAISING_LINE = "Laboratori e materiali coperti dalla raccolta fondi"
FUNDRAISING_FUNDER = "Raccolta fondi di comunità – campagna “Un’ora per te”"
DEFAULT_HOURLY_VALUE = Decimal("15.00")
DEFAULT_GRANT_PCT = Decimal(80)
# How far below the call's limits an honest budget keeps its grant share.
MARGIN_PCT = Decimal(2)


class BudgetPlan(NamedTuple):
    """How to draw one proposal's budget; the optional fields bend the call's rules on purpose.

    *volunteer_rate*: € an hour for volunteer time (None: the call's own value, or zero —
    hours listed, not valued — when the call excludes volunteer time). *grant_pct*: the share
    of the total the grant may reach (None: within the call's limits); when it is above the
    call's limit the budget is drawn to break it. *fundraising_pct*: fundraising as a share
    of the grant. *extra*: lines added to the catalogue's (category, description, unit,
    quantity, unit cost in euro).
    """

    line_count: int
    factor: int
    overhead_pct: Decimal
    other_funder: str
    volunteer_rate: Decimal | None = None
    grant_pct: Decimal | None = None
    fundraising_pct: Decimal | None = None
    extra: tuple[tuple[str, str, str, str, str], ...] = ()


def _quantity(rng: random.Random, item: CostItem, factor: int) -> Decimal:
    base = rng.randint(item.qty_low, item.qty_high)
    if not item.scales:
        return Decimal(base)
    scaled = max(1, base * factor // 100)
    if item.unit == "ore" and rng.random() < 0.3:
        return Decimal(scaled) + Decimal("0.5")  # half hours are common on timesheets
    return Decimal(scaled)


def _cost(rng: random.Random, item: CostItem) -> Decimal:
    return Decimal(rng.randint(item.cost_low, item.cost_high)).scaleb(-2)


def grant_limit(call: Call) -> Decimal:
    """The largest grant share the call accepts (its grant maximum and co-financing minimum)."""
    limits = [DEFAULT_GRANT_PCT]
    if call.max_grant_pct is not None:
        limits.append(call.max_grant_pct)
    if call.min_cofinancing_pct is not None:
        limits.append(100 - call.min_cofinancing_pct)
    return min(limits)


def _volunteer_rate(call: Call, plan: BudgetPlan) -> Decimal:
    if plan.volunteer_rate is not None:
        return plan.volunteer_rate
    if call.volunteer_time_allowed is False:
        return Decimal("0.00")
    return call.volunteer_hourly_value or DEFAULT_HOURLY_VALUE


def budget_lines(
    rng: random.Random, call: Call, participants: list[Organization], plan: BudgetPlan
) -> list[BudgetLine]:
    """*plan.line_count* lines (8–25) for one proposal, the lead being ``participants[0]``."""
    lead = participants[0]
    with_volunteers = [o for o in participants if o.volunteers] or [lead]
    picks = rng.sample(range(len(CATALOGUE)), plan.line_count - 3 - len(plan.extra))
    picks.sort()
    lines = [_line(rng, CATALOGUE[i], rng.choice(participants), plan.factor) for i in picks]
    lines[0].organization_id = lead.id  # the lead coordinates
    for category, description, unit, quantity, unit_cost in plan.extra:
        lines.append(
            BudgetLine(
                category=category,
                description=description,
                organization_id=lead.id,
                unit=unit,
                quantity=Decimal(quantity),
                unit_cost=Decimal(unit_cost),
                source=FundingSource.REQUESTED_GRANT,
            )
        )
    volunteer = _line(rng, VOLUNTEER_ITEM, rng.choice(with_volunteers), plan.factor)
    volunteer.unit_cost = _volunteer_rate(call, plan)
    volunteer.source = FundingSource.VOLUNTEER_IN_KIND
    other = _line(rng, OTHER_FUNDER_ITEM, rng.choice(participants), plan.factor)
    other.source = FundingSource.OTHER_FUNDER
    other.other_funder = plan.other_funder
    lines += [volunteer, other]
    direct = sum((line.total for line in lines), Decimal(0))
    # Rounded down, so an overhead share meant to be within a cap never exceeds it.
    overheads = (direct * plan.overhead_pct / (100 - plan.overhead_pct)).quantize(
        Decimal("0.01"), rounding=ROUND_DOWN
    )
    lines.append(
        BudgetLine(
            category="overheads",
            description="Spese generali (utenze, amministrazione, sede)",
            organization_id=lead.id,
            unit="forfait",
            quantity=Decimal(1),
            unit_cost=overheads,
            source=FundingSource.REQUESTED_GRANT,
        )
    )
    if plan.fundraising_pct is not None:
        _fundraising(other, lines, plan.fundraising_pct)
    limit = grant_limit(call)
    if plan.grant_pct is not None and plan.grant_pct > limit:
        _share_costs(lines, plan.grant_pct, floor=limit)
    else:
        _share_costs(lines, (plan.grant_pct or limit) - MARGIN_PCT)
    if plan.fundraising_pct is not None:
        # Again on the final grant (it only shrank: the grant's share only grows).
        _fundraising(other, lines, plan.fundraising_pct)
    for position, line in enumerate(lines, start=1):
        line.position = position
    return lines


def _fundraising(line: BudgetLine, lines: list[BudgetLine], pct: Decimal) -> None:
    """Turn the other funder's line into costs paid by fundraising worth *pct* of the grant."""
    grant = sum(
        (li.total for li in lines if li.source is FundingSource.REQUESTED_GRANT), Decimal(0)
    )
    line.category = "materials"
    line.description = FUNDRAISING_LINE
    line.unit = "forfait"
    line.quantity = Decimal(1)
    line.unit_cost = round_cents(grant * pct / 100)
    line.other_funder = FUNDRAISING_FUNDER


def _line(rng: random.Random, item: CostItem, org: Organization, factor: int) -> BudgetLine:
    return BudgetLine(
        category=item.category,
        description=item.description,
        organization_id=org.id,
        unit=item.unit,
        quantity=_quantity(rng, item, factor),
        unit_cost=_cost(rng, item),
        source=FundingSource.REQUESTED_GRANT,
    )


def _share_costs(lines: list[BudgetLine], grant_pct: Decimal, floor: Decimal | None = None) -> None:
    """Move cash lines to the partners until the requested grant is within *grant_pct* of
    the total, never taking it to *floor* or below (a budget drawn to break the call's limit).
    """
    total = sum((line.total for line in lines), Decimal(0))
    grant = sum(
        (line.total for line in lines if line.source is FundingSource.REQUESTED_GRANT),
        Decimal(0),
    )
    limit = total * grant_pct / 100
    lowest = total * floor / 100 if floor is not None else Decimal(0)
    # The lead's coordination (first) and the overheads (last) stay on the grant.
    movable = [line for line in lines[1:-1] if line.source is FundingSource.REQUESTED_GRANT]
    for line in sorted(movable, key=lambda line: (-line.total, line.description)):
        if grant <= limit:
            break
        if grant - line.total <= lowest:
            continue
        line.source = FundingSource.PARTNER_CASH
        grant -= line.total
    if not any(line.source is FundingSource.PARTNER_CASH for line in lines):
        ordered = sorted(movable, key=lambda line: (line.total, line.description))
        keeps = [line for line in ordered if grant - line.total > lowest] or ordered
        keeps[0].source = FundingSource.PARTNER_CASH


def snapshot(lines: list[BudgetLine], names: dict[int, str]) -> list[dict[str, str | int | None]]:
    """A budget version's JSON: exact amounts as strings, never floats."""
    return [
        {
            "position": line.position,
            "category": line.category,
            "description": line.description,
            "organization": names.get(line.organization_id) if line.organization_id else None,
            "unit": line.unit,
            "quantity": str(line.quantity),
            "unit_cost": str(line.unit_cost),
            "source": line.source.value,
            "other_funder": line.other_funder,
        }
        for line in lines
    ]
