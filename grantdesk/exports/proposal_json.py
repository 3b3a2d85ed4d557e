"""The proposal exchange file: one proposal as versioned JSON, so a draft can travel between
associations by e-mail and come back.

``grantdesk export proposal ID --json FILE`` writes it; ``grantdesk import proposal FILE``
reads it back (:mod:`grantdesk.imports.proposal_json` checks it,
:mod:`grantdesk.services.proposal_exchange` writes it into the database). This module holds
the plain values a file is made of (:class:`ProposalFile` and its entries), turns them into
the JSON document and seals it.

The format, version 2
=====================

A UTF-8 JSON object (written indented; any layout is read)::

    {
      "format": "grantdesk.proposal",      always this string
      "version": 2,                        an integer; a newer number is refused
      "generator": "GrantDesk 0.1.0",      who wrote it (informative)
      "exported_at": "2026-11-22T09:15:02+00:00",
      "call": {"title", "code", "funder", "source", "external_id", "terms"}  or null,
      "proposal": {"id", "created_at", "title", "acronym", "summary", "status", "owner",
                   "start_on", "duration_months", "submitted_on", "decided_on",
                   "awarded_amount_cents",
                   "swot": {"strengths", "weaknesses", "opportunities", "threats"}},
      "partners": [{"codice_fiscale", "name", "legal_form", "role", "lead"}],
      "sections": [{"title", "body"}],
      "objectives": [{"text"}],
      "activities": [{"title", "description", "responsible", "start_month", "end_month"}],
      "indicators": [{"name", "unit", "baseline_thousandths", "target_thousandths",
                      "actual_thousandths",
                      "measurements": [{"measured_on", "value_thousandths", "note"}]}],
      "budget_lines": [{"category", "description", "partner", "unit",
                        "quantity_thousandths", "unit_cost_cents", "total_cents",
                        "source", "other_funder"}],
      "checklist": [{"name", "state", "requirement", "file_name"}],
      "integrity": {"sha256": "…64 hexadecimal digits…"}
    }

Every key is always present (``null`` when empty); no other key is allowed. Lists keep the
proposal's order. Texts are stored as typed; dates are ISO ``YYYY-MM-DD`` and instants ISO
8601 with their UTC offset.

Numbers are integers, never fractions: **amounts in euro cents** (``unit_cost_cents``: 1250
is € 12,50), **quantities in thousandths** (``quantity_thousandths``: 2500 is 2,5 hours).
A line's ``total_cents`` is quantity × unit cost rounded half-up to the cent, as GrantDesk
computes it; a file whose total disagrees is refused.

Codes (values of vocabularies, never translated): ``status`` idea, drafting, review,
submitted, awarded, rejected, withdrawn, running, reporting, closed; ``legal_form`` odv,
aps, philanthropic, social_enterprise, network, mutual_aid, other_ets, municipality,
public_body, school, parish, company, informal_group, other; ``source`` requested_grant,
partner_cash, volunteer_in_kind, other_funder; checklist ``state`` missing, attached,
not_applicable. ``category`` is a GrantDesk category code (personnel, coordination,
professional_fees, volunteer_expenses, volunteer_time, services, equipment, materials,
travel, communication, overheads) or the call's own word.

Who is who
    ``partners`` lists the lead (``"lead": true``, ``role`` null) and the partners, each
    with its **codice fiscale** — how the importing desk finds the body in its register.
    A partner without a codice fiscale (informal groups often have none) has ``null``
    there and is found by its name. An activity's ``responsible`` and a budget line's
    ``partner`` name one of them: by codice fiscale, or by name for one without it (null:
    nobody). ``call`` identifies the call by its import source and id when it came from a
    portal, else by code and funder, else by title and funder.

The call's terms
    ``call.terms`` carries what the rule check and the checklist read of the call (limits,
    shares, caps, partnership, eligible applicants, required attachments, the funder's
    dates), so a desk that does not track the call records it from the file and checks the
    draft against the same rules; it is described in
    :mod:`grantdesk.exports.proposal_call_terms`. Version 1 files have no ``terms`` and
    are still read.

``proposal.id`` and ``proposal.created_at`` say which record the file was written from, so
the desk it came from recognises it when it comes back. Budget versions, the proposal's
deadlines, the co-design link and the attached files themselves stay on the desk
(``file_name`` only says what was attached).

Integrity
    ``integrity.sha256`` is the SHA-256 of the document *without* its ``integrity`` member
    in canonical form — keys sorted, no whitespace, UTF-8, non-ASCII characters as they
    are: RFC 8785 (JCS), which for these documents (ASCII keys, integer numbers) is
    exactly ``json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)``.
    A file cut short in transfer, damaged, or edited by hand (an amount changed in a text
    editor) no longer matches and is refused. It detects accidents, **not forgery**: anyone
    can recompute the digest of a changed file. Send the file by a channel you trust.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from grantdesk import __version__
from grantdesk.domain.dates import iso_utc
from grantdesk.domain.money import round_cents, to_cents
from grantdesk.domain.vocab import AttachmentState, FundingSource, LegalForm, ProposalStatus
from grantdesk.exports.proposal_call_terms import CallTerms, terms_document

FORMAT = "grantdesk.proposal"
VERSION = 2
INTEGRITY = "integrity"
QUANTITY_SCALE = 3  # quantities travel as integer thousandths


# -- the plain values a file holds ----------------------------------------------------


@dataclass(frozen=True)
class CallRef:
    """How the file names its call (the importing desk looks it up in its register)."""

    title: str
    code: str | None = None
    funder: str | None = None
    source: str | None = None
    external_id: str | None = None
    terms: CallTerms | None = None


@dataclass(frozen=True)
class PartnerEntry:
    """The lead (``lead`` True) or a partner, named by codice fiscale (else by name)."""

    name: str
    codice_fiscale: str | None = None
    legal_form: LegalForm = LegalForm.OTHER
    role: str | None = None
    lead: bool = False

    @property
    def ref(self) -> str:
        """How activities and budget lines refer to it."""
        return self.codice_fiscale or self.name


@dataclass(frozen=True)
class Swot:
    strengths: str | None = None
    weaknesses: str | None = None
    opportunities: str | None = None
    threats: str | None = None


@dataclass(frozen=True)
class ProposalFields:
    """The proposal's own fields."""

    title: str
    acronym: str | None = None
    summary: str | None = None
    status: ProposalStatus = ProposalStatus.IDEA
    owner: str | None = None
    start_on: date | None = None
    duration_months: int | None = None
    submitted_on: date | None = None
    decided_on: date | None = None
    awarded_amount: Decimal | None = None
    swot: Swot = Swot()


@dataclass(frozen=True)
class Origin:
    """The record a file was written from, on the desk that wrote it."""

    proposal_id: int
    created_at: datetime


@dataclass(frozen=True)
class SectionEntry:
    title: str
    body: str = ""


@dataclass(frozen=True)
class ActivityEntry:
    """A work package; *responsible* is a partner's :attr:`PartnerEntry.ref` or None."""

    title: str
    description: str | None = None
    responsible: str | None = None
    start_month: int = 1
    end_month: int = 1


@dataclass(frozen=True)
class MeasurementEntry:
    measured_on: date
    value: Decimal
    note: str | None = None


@dataclass(frozen=True)
class IndicatorEntry:
    name: str
    unit: str | None = None
    baseline: Decimal | None = None
    target: Decimal | None = None
    actual: Decimal | None = None
    measurements: tuple[MeasurementEntry, ...] = ()


@dataclass(frozen=True)
class LineEntry:
    """A budget line; *partner* is a partner's :attr:`PartnerEntry.ref` or None."""

    category: str
    quantity: Decimal
    unit_cost: Decimal
    source: FundingSource = FundingSource.REQUESTED_GRANT
    description: str = ""
    partner: str | None = None
    unit: str | None = None
    other_funder: str | None = None

    @property
    def total(self) -> Decimal:
        return round_cents(self.quantity * self.unit_cost)


@dataclass(frozen=True)
class ChecklistEntry:
    """An attachment checklist item; *requirement* names the call's requirement it answers."""

    name: str
    state: AttachmentState = AttachmentState.MISSING
    requirement: str | None = None
    file_name: str | None = None


@dataclass(frozen=True)
class ProposalFile:
    """Everything one exchange file holds."""

    proposal: ProposalFields
    call: CallRef | None = None
    partners: tuple[PartnerEntry, ...] = ()
    sections: tuple[SectionEntry, ...] = ()
    objectives: tuple[str, ...] = ()
    activities: tuple[ActivityEntry, ...] = ()
    indicators: tuple[IndicatorEntry, ...] = ()
    budget_lines: tuple[LineEntry, ...] = ()
    checklist: tuple[ChecklistEntry, ...] = ()
    origin: Origin | None = None
    exported_at: datetime | None = None

    @property
    def lead(self) -> PartnerEntry | None:
        return next((p for p in self.partners if p.lead), None)


# -- to JSON --------------------------------------------------------------------------


def thousandths(value: Decimal | None) -> int | None:
    """A quantity as integer thousandths (2,5 → 2500); more decimals is an error."""
    if value is None:
        return None
    scaled = value.scaleb(QUANTITY_SCALE)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{value} has more than {QUANTITY_SCALE} decimals")
    return int(scaled)


def _cents(value: Decimal | None) -> int | None:
    return None if value is None else to_cents(value)


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _call(call: CallRef | None) -> dict[str, Any] | None:
    if call is None:
        return None
    return {
        "title": call.title,
        "code": call.code,
        "funder": call.funder,
        "source": call.source,
        "external_id": call.external_id,
        "terms": terms_document(call.terms),
    }


def _proposal(fields: ProposalFields, origin: Origin | None) -> dict[str, Any]:
    return {
        "id": origin.proposal_id if origin is not None else None,
        "created_at": iso_utc(origin.created_at) if origin is not None else None,
        "title": fields.title,
        "acronym": fields.acronym,
        "summary": fields.summary,
        "status": fields.status.value,
        "owner": fields.owner,
        "start_on": _day(fields.start_on),
        "duration_months": fields.duration_months,
        "submitted_on": _day(fields.submitted_on),
        "decided_on": _day(fields.decided_on),
        "awarded_amount_cents": _cents(fields.awarded_amount),
        "swot": {
            "strengths": fields.swot.strengths,
            "weaknesses": fields.swot.weaknesses,
            "opportunities": fields.swot.opportunities,
            "threats": fields.swot.threats,
        },
    }


def _indicator(entry: IndicatorEntry) -> dict[str, Any]:
    return {
        "name": entry.name,
        "unit": entry.unit,
        "baseline_thousandths": thousandths(entry.baseline),
        "target_thousandths": thousandths(entry.target),
        "actual_thousandths": thousandths(entry.actual),
        "measurements": [
            {
                "measured_on": m.measured_on.isoformat(),
                "value_thousandths": thousandths(m.value),
                "note": m.note,
            }
            for m in entry.measurements
        ],
    }


def _line(entry: LineEntry) -> dict[str, Any]:
    return {
        "category": entry.category,
        "description": entry.description,
        "partner": entry.partner,
        "unit": entry.unit,
        "quantity_thousandths": thousandths(entry.quantity),
        "unit_cost_cents": to_cents(entry.unit_cost),
        "total_cents": to_cents(entry.total),
        "source": entry.source.value,
        "other_funder": entry.other_funder,
    }


def content(file: ProposalFile, exported_at: datetime) -> dict[str, Any]:
    """The document of *file* without its integrity member, in the documented key order."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "generator": f"GrantDesk {__version__}",
        "exported_at": iso_utc(exported_at.replace(microsecond=0)),
        "call": _call(file.call),
        "proposal": _proposal(file.proposal, file.origin),
        "partners": [
            {
                "codice_fiscale": p.codice_fiscale,
                "name": p.name,
                "legal_form": p.legal_form.value,
                "role": p.role,
                "lead": p.lead,
            }
            for p in file.partners
        ],
        "sections": [{"title": s.title, "body": s.body} for s in file.sections],
        "objectives": [{"text": text} for text in file.objectives],
        "activities": [
            {
                "title": a.title,
                "description": a.description,
                "responsible": a.responsible,
                "start_month": a.start_month,
                "end_month": a.end_month,
            }
            for a in file.activities
        ],
        "indicators": [_indicator(i) for i in file.indicators],
        "budget_lines": [_line(line) for line in file.budget_lines],
        "checklist": [
            {
                "name": c.name,
                "state": c.state.value,
                "requirement": c.requirement,
                "file_name": c.file_name,
            }
            for c in file.checklist
        ],
    }


def canonical_bytes(document: Mapping[str, Any]) -> bytes:
    """*document* without its integrity member, canonical (RFC 8785 for these documents)."""
    body = {k: v for k, v in document.items() if k != INTEGRITY}
    return json.dumps(
        body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode("utf-8")


def digest(document: Mapping[str, Any]) -> str:
    """The SHA-256 (hexadecimal) the integrity member holds."""
    return hashlib.sha256(canonical_bytes(document)).hexdigest()


def to_document(file: ProposalFile, exported_at: datetime) -> dict[str, Any]:
    """The sealed JSON document of *file*."""
    document = content(file, exported_at)
    document[INTEGRITY] = {"sha256": digest(document)}
    return document


def dumps(document: Mapping[str, Any]) -> str:
    """The document as the file holds it: indented UTF-8 text, ending with a newline."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_document(path: Path, document: Mapping[str, Any]) -> None:
    """Write *document* to *path*, all or nothing (a temporary file replaces it at the end)."""
    data = dumps(document).encode("utf-8")
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        with open(temporary, "xb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
