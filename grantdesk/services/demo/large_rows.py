"""Row builders for the large dataset: bodies, contacts and budget lines as plain dicts.

Keys are the tables' column names (``unit_cost_cents``…); values are what the column types
take (``Decimal`` euros for money), so the same types convert them as for ORM writes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from grantdesk.domain.text import fold
from grantdesk.domain.vocab import FundingSource, LegalForm
from grantdesk.services.demo import words as w
from grantdesk.services.demo.budget import CATALOGUE, OTHER_FUNDER_ITEM, VOLUNTEER_ITEM
from grantdesk.services.demo.identifiers import body_tax_code, random_iban

# Large-dataset bodies take tax-code serials from here up; the small ones never do.
LARGE_SERIAL_BASE = 8_000_000

_WITH_VAT = {LegalForm.SOCIAL_ENTERPRISE, LegalForm.COMPANY}
_ITEMS = [*CATALOGUE, VOLUNTEER_ITEM, OTHER_FUNDER_ITEM]
_OTHER_FUNDERS = ["Comune", "Fondazione di Comunità", "Regione", "Impresa del territorio"]
_HOURLY = Decimal("15.00")


def _slug(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())[:24]


def organization_row(rng: random.Random, org_id: int, index: int, today: date) -> dict[str, Any]:
    """A body somewhere in Italy, of any legal form; ``search_text`` is added by the caller."""
    form_code, template = rng.choice(w.ORG_TEMPLATES)
    form = LegalForm(form_code)
    city, province, region, postal_code = rng.choice(w.PLACES)
    name = template.format(name=rng.choice(w.ORG_NAMES), saint=rng.choice(w.SAINTS))
    if rng.random() < 0.6:
        name = f"{name} – {city}"
    tax_code = None
    if form is not LegalForm.INFORMAL_GROUP:
        office = f"{rng.randint(1, 100):03d}"
        tax_code = body_tax_code(LARGE_SERIAL_BASE + index, office)
    third_sector = form.is_third_sector
    slug = _slug(name)
    return {
        "id": org_id,
        "name": name,
        "legal_form": form,
        "codice_fiscale": tax_code,
        "partita_iva": tax_code if form in _WITH_VAT else None,
        "runts_number": str(200_000 + index) if third_sector else None,
        "runts_registered_on": today - timedelta(days=rng.randint(100, 1500))
        if third_sector
        else None,
        "iban": random_iban(rng) if tax_code else None,
        "address": f"Via {rng.choice(w.LAST_NAMES)} {rng.randint(1, 200)}",
        "postal_code": postal_code,
        "municipality": city,
        "province": province,
        "region": region,
        "neighbourhood": rng.choice(w.NEIGHBOURHOODS) if rng.random() < 0.4 else None,
        "email": f"info@{slug}{index}.example",
        "phone": f"0{rng.randint(10, 99)} {rng.randint(100_000, 999_999)}",
        "website": None,
        "volunteers": rng.randint(3, 300) if third_sector else None,
        "staff": rng.randint(0, 80),
        "notes": None,
    }


def person_row(rng: random.Random, person_id: int, org_id: int, today: date) -> dict[str, Any]:
    """A fictitious contact of a body (no tax code: never real people's data)."""
    first, last = rng.choice(w.FIRST_NAMES), rng.choice(w.LAST_NAMES)
    return {
        "id": person_id,
        "organization_id": org_id,
        "first_name": first,
        "last_name": last,
        "role": rng.choice(w.ROLES),
        "email": f"{_slug(first)}.{_slug(last)}{person_id}@persone.example",
        "phone": None,
        "consent_on": today - timedelta(days=rng.randint(1, 900)),
        "consent_purpose": "Contatti per bandi e progetti di rete",
        "last_activity_at": None,
        "notes": None,
    }


def budget_line_rows(
    rng: random.Random,
    first_proposal: int,
    participants: list[list[int]],
    first_id: int,
    per_proposal: int,
    stamps: dict[str, Any],
) -> Iterator[dict[str, Any]]:
    """*per_proposal* lines for each proposal, across categories, partners and sources."""
    line_id = first_id
    randrange, choice = rng.randrange, rng.choice
    cash, grant = FundingSource.PARTNER_CASH, FundingSource.REQUESTED_GRANT
    for k, orgs in enumerate(participants):
        proposal_id = first_proposal + k
        for position in range(1, per_proposal + 1):
            item = _ITEMS[randrange(len(_ITEMS))]
            other_funder = None
            if item is VOLUNTEER_ITEM:
                source, unit_cost = FundingSource.VOLUNTEER_IN_KIND, _HOURLY
            else:
                unit_cost = Decimal(randrange(item.cost_low, item.cost_high + 1)).scaleb(-2)
                if item is OTHER_FUNDER_ITEM:
                    source, other_funder = FundingSource.OTHER_FUNDER, choice(_OTHER_FUNDERS)
                else:
                    source = cash if randrange(4) == 0 else grant
            yield {
                "id": line_id,
                "proposal_id": proposal_id,
                "position": position,
                "category": item.category,
                "description": item.description,
                "organization_id": choice(orgs),
                "unit": item.unit,
                "quantity": Decimal(randrange(item.qty_low, item.qty_high + 1)),
                "unit_cost_cents": unit_cost,
                "source": source,
                "other_funder": other_funder,
                **stamps,
            }
            line_id += 1
