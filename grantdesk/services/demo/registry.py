"""Themes, funders, the register of bodies, their contacts and their papers on file.

The bodies come from the seed situations: Vigevano and the Lomellina, Ravenna's social-plan
office, Messina's integrated welfare, the Unione Reno Galliera / Distretto Pianura Est.
Names of bodies and people are fictitious; tax codes and IBANs are made up with valid
check digits.
"""

from __future__ import annotations

import random
import re

from grantdesk.db.models import Funder, Organization, OrganizationDocument, Person, Theme
from grantdesk.domain.text import fold
from grantdesk.domain.vocab import LegalForm
from grantdesk.services.demo.context import DemoContext, seeded
from grantdesk.services.demo.identifiers import OFFICE_CODES, body_tax_code, random_iban
from grantdesk.services.demo.registry_data import (
    FUNDER_NOTES,
    FUNDERS,
    ORGANIZATIONS,
    PEOPLE,
    REGIONS,
    THEMES,
    OrgSpec,
)

_ADDRESS = re.compile(r"^(?P<street>.+), (?P<cap>\d{5}) (?P<town>.+) \((?P<prov>[A-Z]{2})\)$")


def _ascii_slug(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


def _tax_serial(spec: OrgSpec, rng_value: int) -> int:
    """Serial ranges by kind of body, so codes look plausible and never collide."""
    if spec.form in {LegalForm.MUNICIPALITY, LegalForm.PUBLIC_BODY}:
        return 10_000 + rng_value % 90_000
    if spec.vat:
        return 2_000_000 + rng_value % 1_000_000
    return 9_000_000 + rng_value % 100_000


def build_registry(ctx: DemoContext) -> None:
    """Themes, funders, organizations with documents, and their contact people."""
    for name in THEMES:
        ctx.themes[name] = Theme(name=name)
    for key, name, kind, website in FUNDERS:
        ctx.funders[key] = Funder(
            name=name, kind=kind, website=website, notes=FUNDER_NOTES.get(key)
        )
    ctx.add(*ctx.themes.values(), *ctx.funders.values())

    rng = seeded("registry")
    used: set[int] = set()
    for spec in ORGANIZATIONS:
        org = _organization(ctx, spec, rng, used)
        ctx.orgs[spec.key] = org
        ctx.add(org)
    for key, org_key, first, last, role in PEOPLE:
        org = ctx.orgs[org_key]
        person = Person(
            organization=org,
            first_name=first,
            last_name=last,
            role=role,
            email=f"{_ascii_slug(first)}.{_ascii_slug(last)}@{_ascii_slug(org.name)[:18]}.example",
            phone=f"+39 3{rng.randrange(20, 49)} {rng.randrange(100, 999)} "
            f"{rng.randrange(1000, 9999)}",
            consent_on=ctx.day(-rng.randrange(30, 700)),
            consent_purpose="Contatti per bandi, tavoli di co-progettazione e progetti di rete",
            last_activity_at=ctx.due(-rng.randrange(0, 60)),
        )
        ctx.people[key] = person
        ctx.add(person)
    ctx.flush()


def _organization(
    ctx: DemoContext, spec: OrgSpec, rng: random.Random, used: set[int]
) -> Organization:
    where = _ADDRESS.match(spec.address)
    assert where is not None, spec.address
    province = where["prov"]
    office = OFFICE_CODES[province]
    tax_code: str | None = None
    if spec.form is not LegalForm.INFORMAL_GROUP:
        serial = _tax_serial(spec, rng.randrange(0, 10**7))
        while serial in used:
            serial += 1
        used.add(serial)
        tax_code = body_tax_code(serial, office)
    third_sector = spec.form.is_third_sector
    slug = _ascii_slug(spec.name)[:24]
    org = Organization(
        name=spec.name,
        legal_form=spec.form,
        codice_fiscale=tax_code,
        partita_iva=tax_code if spec.vat else None,
        runts_number=f"{rng.randrange(10_000, 199_999)}" if third_sector else None,
        runts_registered_on=ctx.day(-rng.randrange(400, 1300)) if third_sector else None,
        iban=random_iban(rng) if tax_code is not None else None,
        address=where["street"],
        postal_code=where["cap"],
        municipality=where["town"],
        province=province,
        region=REGIONS[province],
        neighbourhood=spec.neighbourhood,
        email=f"info@{slug}.example",
        phone=f"0{rng.randrange(10, 99)} {rng.randrange(100_000, 999_999)}",
        website=f"https://{slug}.example",
        volunteers=spec.volunteers,
        staff=spec.staff,
        themes=ctx.theme_list(*spec.themes),
    )
    ctx.add(*_documents(ctx, spec, org, rng))
    return org


def _documents(
    ctx: DemoContext, spec: OrgSpec, org: Organization, rng: random.Random
) -> list[OrganizationDocument]:
    """Statute and accounts for everyone on the register; insurance, DURC where they apply."""
    if spec.form in {LegalForm.INFORMAL_GROUP, LegalForm.MUNICIPALITY, LegalForm.PUBLIC_BODY}:
        return []
    slug = _ascii_slug(spec.name)[:20]
    year = ctx.today.year - 1
    docs = [
        OrganizationDocument(
            organization=org,
            kind="statute",
            title="Statuto vigente (adeguato al Codice del Terzo settore)",
            issued_on=ctx.day(-rng.randrange(900, 2500)),
            file_path=f"documenti/{slug}/statuto.pdf",
        ),
        OrganizationDocument(
            organization=org,
            kind="accounts",
            title=f"Bilancio d’esercizio {year - 1} approvato dall’assemblea",
            issued_on=ctx.day(-rng.randrange(200, 320)),
            file_path=f"documenti/{slug}/bilancio-{year - 1}.pdf",
        ),
    ]
    if spec.volunteers:
        # Some policies lapse soon, one has already lapsed: the register shows warnings.
        offset = rng.choice([-5, 9, 25, 140, 220])
        expiry = ctx.day(offset)
        docs.append(
            OrganizationDocument(
                organization=org,
                kind="insurance",
                title="Polizza infortuni e responsabilità civile dei volontari",
                issued_on=ctx.day(offset - 365),
                expires_on=expiry,
                file_path=f"documenti/{slug}/polizza-volontari.pdf",
            )
        )
    if spec.vat:
        expiry = ctx.day(rng.choice([12, 48, 95]))
        docs.append(
            OrganizationDocument(
                organization=org,
                kind="durc",
                title="DURC – Documento unico di regolarità contributiva",
                issued_on=ctx.day(-rng.randrange(20, 60)),
                expires_on=expiry,
                file_path=f"documenti/{slug}/durc.pdf",
            )
        )
    return docs
