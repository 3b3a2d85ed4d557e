"""Budget lines for the example proposals, drawn from a catalogue of typical costs.

Every proposal gets lines across categories and partners and all four funding sources:
requested grant, partner cash (enough to respect the call's grant share), volunteer time
(hours × the call's hourly value) and another funder. Amounts are exact Decimals with two
decimals; quantities may have decimals (37,5 hours).
"""

from __future__ import annotations

import random
from decimal import Decimal
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
DEFAULT_HOURLY_VALUE = Decimal("15.00")
DEFAULT_GRANT_PCT = Decimal(80)


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


def budget_lines(
    rng: random.Random,
    call: Call,
    participants: list[Organization],
    count: int,
    factor: int,
    overhead_pct: Decimal,
    other_funder: str,
) -> list[BudgetLine]:
    """*count* lines (8–25) for one proposal, the lead being ``participants[0]``."""
    lead = participants[0]
    with_volunteers = [o for o in participants if o.volunteers] or [lead]
    picks = rng.sample(range(len(CATALOGUE)), count - 3)
    picks.sort()
    lines = [_line(rng, CATALOGUE[i], rng.choice(participants), factor) for i in picks]
    lines[0].organization_id = lead.id  # the lead coordinates
    hourly = call.volunteer_hourly_value or DEFAULT_HOURLY_VALUE
    volunteer = _line(rng, VOLUNTEER_ITEM, rng.choice(with_volunteers), factor)
    volunteer.unit_cost = hourly
    volunteer.source = FundingSource.VOLUNTEER_IN_KIND
    other = _line(rng, OTHER_FUNDER_ITEM, rng.choice(participants), factor)
    other.source = FundingSource.OTHER_FUNDER
    other.other_funder = other_funder
    lines += [volunteer, other]
    direct = sum((line.total for line in lines), Decimal(0))
    overheads = round_cents(direct * overhead_pct / (100 - overhead_pct))
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
    _share_costs(lines, call.max_grant_pct or DEFAULT_GRANT_PCT)
    for position, line in enumerate(lines, start=1):
        line.position = position
    return lines


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


def _share_costs(lines: list[BudgetLine], grant_pct: Decimal) -> None:
    """Move cash lines to the partners until the requested grant fits the call's share."""
    total = sum((line.total for line in lines), Decimal(0))
    grant = sum(
        (line.total for line in lines if line.source is FundingSource.REQUESTED_GRANT),
        Decimal(0),
    )
    limit = total * grant_pct / 100
    # The lead's coordination (first) and the overheads (last) stay on the grant.
    movable = [line for line in lines[1:-1] if line.source is FundingSource.REQUESTED_GRANT]
    for line in sorted(movable, key=lambda line: (-line.total, line.description)):
        if grant <= limit:
            break
        if grant - line.total <= 0:
            continue
        line.source = FundingSource.PARTNER_CASH
        grant -= line.total
    if not any(line.source is FundingSource.PARTNER_CASH for line in lines):
        smallest = min(movable, key=lambda line: (line.total, line.description))
        smallest.source = FundingSource.PARTNER_CASH


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
