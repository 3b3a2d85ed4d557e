"""The members of a proposal exchange file, read strictly (used by
:mod:`grantdesk.imports.proposal_json`, which checks the file as a whole first).

:func:`read_document` reads every member of a document whose format, version and integrity
are already checked, and raises :class:`ProposalFileError` listing every problem at once,
each named by where it is ("budget line 4, unit_cost_cents: must be a whole number.").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from grantdesk.domain.identifiers import IdentifierError, check_codice_fiscale
from grantdesk.domain.money import from_cents
from grantdesk.domain.text import fold
from grantdesk.domain.vocab import (
    AttachmentState,
    FundingSource,
    LegalForm,
    ProposalStatus,
    Vocabulary,
)
from grantdesk.exports.proposal_json import (
    INTEGRITY,
    QUANTITY_SCALE,
    ActivityEntry,
    CallRef,
    ChecklistEntry,
    IndicatorEntry,
    LineEntry,
    MeasurementEntry,
    Origin,
    PartnerEntry,
    ProposalFields,
    ProposalFile,
    SectionEntry,
    Swot,
)
from grantdesk.i18n import N_, _, ngettext
from grantdesk.imports.proposal_call_terms import TERM_LIMITS, read_terms

MAX_MONTHS = 120
MAX_INTEGER = 10**15  # cents or thousandths: a thousand billion euro is not a budget line
# The lengths the database columns keep (tests/db/test_proposal_exchange.py checks them).
LIMITS = {
    "call.title": 500,
    "call.code": 80,
    "call.funder": 200,
    "call.source": 40,
    "call.external_id": 200,
    "proposal.title": 500,
    "proposal.acronym": 40,
    "proposal.owner": 120,
    "partner.name": 300,
    "partner.role": 200,
    "section.title": 300,
    "activity.title": 300,
    "indicator.name": 300,
    "indicator.unit": 60,
    "line.category": 80,
    "line.description": 500,
    "line.unit": 40,
    "line.other_funder": 200,
    "checklist.name": 300,
    "checklist.requirement": 300,
    "checklist.file_name": 300,
    **TERM_LIMITS,
}
_PLACES = {
    "partners": N_("partner {n}"),
    "sections": N_("section {n}"),
    "objectives": N_("objective {n}"),
    "activities": N_("activity {n}"),
    "indicators": N_("indicator {n}"),
    "measurements": N_("measurement {n}"),
    "budget_lines": N_("budget line {n}"),
    "checklist": N_("checklist item {n}"),
}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
V = TypeVar("V", bound=Vocabulary)


@dataclass(frozen=True)
class FileProblem:
    """One problem: where in the file (empty for the file as a whole) and what."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class ProposalFileError(ValueError):
    """The file was refused as a whole; nothing was imported. Lists every problem."""

    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = problems
        super().__init__(self.lines()[0] if len(problems) == 1 else self.summary())

    def summary(self) -> str:
        n = len(self.problems)
        return ngettext(
            "{count} problem in the proposal file: nothing was imported.",
            "{count} problems in the proposal file: nothing was imported.",
            n,
        ).format(count=n)

    def lines(self) -> list[str]:
        """One line per problem (preceded by the count when there are several)."""
        if len(self.problems) == 1:
            return [str(self.problems[0])]
        return [self.summary(), *(str(p) for p in self.problems)]


def refuse(message: str) -> ProposalFileError:
    return ProposalFileError([FileProblem("", message)])


# -- members --------------------------------------------------------------------------


class _Reader:
    """Reads members, collecting every problem with where it was found."""

    def __init__(self) -> None:
        self.problems: list[FileProblem] = []

    def add(self, where: str, field: str | None, message: str) -> None:
        place = ", ".join(p for p in (where, field) if p)
        self.problems.append(FileProblem(place, message))

    def obj(self, value: Any, where: str, keys: tuple[str, ...]) -> dict[str, Any] | None:
        """*value* as an object with exactly *keys*; None (problem noted) otherwise."""
        if not isinstance(value, dict):
            self.add(where, None, _("must be a JSON object."))
            return None
        missing = [k for k in keys if k not in value]
        extra = sorted(k for k in value if k not in keys)
        for key in missing:
            self.add(where, key, _("is missing."))
        for key in extra:
            self.add(where, key, _("is not part of the proposal format."))
        return None if missing or extra else value

    def items(self, value: Any, name: str) -> list[tuple[str, Any]]:
        """The elements of the list *name* with their place names ("budget line 4")."""
        if not isinstance(value, list):
            self.add("", name, _("must be a list."))
            return []
        return [(_(_PLACES[name]).format(n=n), item) for n, item in enumerate(value, start=1)]

    def text(
        self, o: Mapping[str, Any], key: str, where: str, limit: str | None = None, *, null: bool
    ) -> str | None:
        value = o[key]
        if value is None and null:
            return None
        if not isinstance(value, str):
            message = _("must be text or null.") if null else _("must be text.")
            self.add(where, key, message)
            return None
        size = LIMITS.get(limit or "")
        if size is not None and len(value) > size:
            self.add(where, key, _("is longer than {limit} characters.").format(limit=size))
        return value

    def required(self, o: Mapping[str, Any], key: str, where: str, limit: str | None = None) -> str:
        value = self.text(o, key, where, limit, null=False)
        if value is not None and not value.strip():
            self.add(where, key, _("must not be empty."))
        return value or ""

    def integer(
        self,
        o: Mapping[str, Any],
        key: str,
        where: str,
        low: int = -MAX_INTEGER,
        high: int = MAX_INTEGER,
        *,
        null: bool = False,
    ) -> int | None:
        value = o[key]
        if value is None and null:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self.add(where, key, _("must be a whole number."))
            return None
        if not low <= value <= high:
            self.add(where, key, _("must be between {low} and {high}.").format(low=low, high=high))
            return None
        return value

    def cents(
        self, o: Mapping[str, Any], key: str, where: str, null: bool = False
    ) -> Decimal | None:
        value = self.integer(o, key, where, null=null)
        return None if value is None else from_cents(value)

    def scaled(
        self, o: Mapping[str, Any], key: str, where: str, null: bool = False
    ) -> Decimal | None:
        value = self.integer(o, key, where, null=null)
        return None if value is None else Decimal(value).scaleb(-QUANTITY_SCALE)

    def flag(self, o: Mapping[str, Any], key: str, where: str) -> bool:
        value = o[key]
        if not isinstance(value, bool):
            self.add(where, key, _("must be true or false."))
            return False
        return value

    def code(self, o: Mapping[str, Any], key: str, where: str, vocabulary: type[V]) -> V | None:
        value = o[key]
        for member in vocabulary:
            if isinstance(value, str) and value == member.value:
                return member
        codes = ", ".join(m.value for m in vocabulary)
        self.add(
            where, key, _("“{value}” is not one of: {codes}.").format(value=value, codes=codes)
        )
        return None

    def day(self, o: Mapping[str, Any], key: str, where: str, null: bool = True) -> date | None:
        value = o[key]
        if value is None and null:
            return None
        if isinstance(value, str) and _DAY.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.add(where, key, _("“{value}” is not a date written YYYY-MM-DD.").format(value=value))
        return None

    def moment(self, o: Mapping[str, Any], key: str, where: str) -> datetime | None:
        value = o[key]
        if value is None:
            return None
        if isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                parsed = None
            if parsed is not None and parsed.tzinfo is not None:
                return parsed
        self.add(
            where,
            key,
            _("“{value}” is not an ISO 8601 instant with its offset.").format(value=value),
        )
        return None


_CALL_KEYS = ("title", "code", "funder", "source", "external_id", "terms")
_PROPOSAL_KEYS = (
    "id",
    "created_at",
    "title",
    "acronym",
    "summary",
    "status",
    "owner",
    "start_on",
    "duration_months",
    "submitted_on",
    "decided_on",
    "awarded_amount_cents",
    "swot",
)
_SWOT_KEYS = ("strengths", "weaknesses", "opportunities", "threats")
_TOP_KEYS = (
    "format",
    "version",
    "generator",
    "exported_at",
    "call",
    "proposal",
    "partners",
    "sections",
    "objectives",
    "activities",
    "indicators",
    "budget_lines",
    "checklist",
    INTEGRITY,
)


def _call(r: _Reader, value: Any, version: int) -> CallRef | None:
    if value is None:
        return None
    o = r.obj(value, "call", _CALL_KEYS if version >= 2 else _CALL_KEYS[:-1])
    if o is None:
        return None
    return CallRef(
        title=r.required(o, "title", "call", "call.title"),
        code=r.text(o, "code", "call", "call.code", null=True),
        funder=r.text(o, "funder", "call", "call.funder", null=True),
        source=r.text(o, "source", "call", "call.source", null=True),
        external_id=r.text(o, "external_id", "call", "call.external_id", null=True),
        terms=read_terms(r, o["terms"]) if version >= 2 else None,
    )


def _proposal(r: _Reader, value: Any) -> tuple[ProposalFields, Origin | None]:
    where = "proposal"
    o = r.obj(value, where, _PROPOSAL_KEYS)
    if o is None:
        return ProposalFields(title=""), None
    swot_value = r.obj(o["swot"], "proposal, swot", _SWOT_KEYS)
    swot = Swot()
    if swot_value is not None:
        swot = Swot(*(r.text(swot_value, k, "proposal, swot", null=True) for k in _SWOT_KEYS))
    original = r.integer(o, "id", where, 1, 2**63 - 1, null=True)
    created = r.moment(o, "created_at", where)
    origin = Origin(original, created) if original is not None and created is not None else None
    fields = ProposalFields(
        title=r.required(o, "title", where, "proposal.title"),
        acronym=r.text(o, "acronym", where, "proposal.acronym", null=True),
        summary=r.text(o, "summary", where, null=True),
        status=r.code(o, "status", where, ProposalStatus) or ProposalStatus.IDEA,
        owner=r.text(o, "owner", where, "proposal.owner", null=True),
        start_on=r.day(o, "start_on", where),
        duration_months=r.integer(o, "duration_months", where, 1, MAX_MONTHS, null=True),
        submitted_on=r.day(o, "submitted_on", where),
        decided_on=r.day(o, "decided_on", where),
        awarded_amount=r.cents(o, "awarded_amount_cents", where, null=True),
        swot=swot,
    )
    return fields, origin


def _partners(r: _Reader, value: Any) -> tuple[PartnerEntry, ...]:
    keys = ("codice_fiscale", "name", "legal_form", "role", "lead")
    found: list[PartnerEntry] = []
    for where, item in r.items(value, "partners"):
        o = r.obj(item, where, keys)
        if o is None:
            continue
        code = r.text(o, "codice_fiscale", where, null=True)
        if code is not None:
            try:
                code = check_codice_fiscale(code)
            except IdentifierError as exc:
                r.add(where, "codice_fiscale", f"“{o['codice_fiscale']}”: {exc}")
        lead = r.flag(o, "lead", where)
        role = r.text(o, "role", where, "partner.role", null=True)
        if lead and role is not None:
            r.add(where, "role", _("must be null for the lead."))
        form = r.code(o, "legal_form", where, LegalForm) or LegalForm.OTHER
        name = r.required(o, "name", where, "partner.name")
        found.append(PartnerEntry(name, code, form, role, lead))
    _check_partnership(r, found)
    return tuple(found)


def _check_partnership(r: _Reader, partners: list[PartnerEntry]) -> None:
    if sum(1 for p in partners if p.lead) > 1:
        r.add("", "partners", _("more than one partner is marked as the lead."))
    seen: set[tuple[bool, str]] = set()
    codes = {p.codice_fiscale for p in partners if p.codice_fiscale}
    for n, p in enumerate(partners, start=1):
        where = _(_PLACES["partners"]).format(n=n)
        key = (p.lead, p.codice_fiscale or f"name:{fold(p.name)}")
        if key in seen:
            r.add(where, None, _("this body is listed twice."))
        seen.add(key)
        if p.codice_fiscale is None and p.name in codes:
            r.add(where, "name", _("is the codice fiscale of another partner."))


def _reference(
    r: _Reader, o: Mapping[str, Any], key: str, where: str, refs: set[str]
) -> str | None:
    value = r.text(o, key, where, null=True)
    if value is not None and value not in refs:
        r.add(
            where,
            key,
            _(
                "“{value}” is neither the codice fiscale nor the name of a partner in the file."
            ).format(value=value),
        )
    return value


def _sections(r: _Reader, value: Any) -> tuple[SectionEntry, ...]:
    found = []
    for where, item in r.items(value, "sections"):
        o = r.obj(item, where, ("title", "body"))
        if o is not None:
            title = r.required(o, "title", where, "section.title")
            found.append(SectionEntry(title, r.text(o, "body", where, null=False) or ""))
    return tuple(found)


def _objectives(r: _Reader, value: Any) -> tuple[str, ...]:
    found = []
    for where, item in r.items(value, "objectives"):
        o = r.obj(item, where, ("text",))
        if o is not None:
            found.append(r.required(o, "text", where))
    return tuple(found)


def _activities(r: _Reader, value: Any, refs: set[str]) -> tuple[ActivityEntry, ...]:
    keys = ("title", "description", "responsible", "start_month", "end_month")
    found = []
    for where, item in r.items(value, "activities"):
        o = r.obj(item, where, keys)
        if o is None:
            continue
        start = r.integer(o, "start_month", where, 1, MAX_MONTHS)
        end = r.integer(o, "end_month", where, 1, MAX_MONTHS)
        if start is not None and end is not None and end < start:
            r.add(where, "end_month", _("comes before start_month."))
        found.append(
            ActivityEntry(
                title=r.required(o, "title", where, "activity.title"),
                description=r.text(o, "description", where, null=True),
                responsible=_reference(r, o, "responsible", where, refs),
                start_month=start or 1,
                end_month=end or 1,
            )
        )
    return tuple(found)


def _indicators(r: _Reader, value: Any) -> tuple[IndicatorEntry, ...]:
    keys = (
        "name",
        "unit",
        "baseline_thousandths",
        "target_thousandths",
        "actual_thousandths",
        "measurements",
    )
    found = []
    for where, item in r.items(value, "indicators"):
        o = r.obj(item, where, keys)
        if o is None:
            continue
        measurements = []
        for inner, m in r.items(o["measurements"], "measurements"):
            place = f"{where}, {inner}"
            mo = r.obj(m, place, ("measured_on", "value_thousandths", "note"))
            if mo is None:
                continue
            day = r.day(mo, "measured_on", place, null=False)
            amount = r.scaled(mo, "value_thousandths", place)
            note = r.text(mo, "note", place, null=True)
            if day is not None and amount is not None:
                measurements.append(MeasurementEntry(day, amount, note))
        found.append(
            IndicatorEntry(
                name=r.required(o, "name", where, "indicator.name"),
                unit=r.text(o, "unit", where, "indicator.unit", null=True),
                baseline=r.scaled(o, "baseline_thousandths", where, null=True),
                target=r.scaled(o, "target_thousandths", where, null=True),
                actual=r.scaled(o, "actual_thousandths", where, null=True),
                measurements=tuple(measurements),
            )
        )
    return tuple(found)


_LINE_KEYS = (
    "category",
    "description",
    "partner",
    "unit",
    "quantity_thousandths",
    "unit_cost_cents",
    "total_cents",
    "source",
    "other_funder",
)


def _lines(r: _Reader, value: Any, refs: set[str]) -> tuple[LineEntry, ...]:
    found = []
    for where, item in r.items(value, "budget_lines"):
        o = r.obj(item, where, _LINE_KEYS)
        if o is None:
            continue
        quantity = r.scaled(o, "quantity_thousandths", where)
        unit_cost = r.cents(o, "unit_cost_cents", where)
        total = r.cents(o, "total_cents", where)
        line = LineEntry(
            category=r.required(o, "category", where, "line.category"),
            quantity=quantity if quantity is not None else Decimal(0),
            unit_cost=unit_cost if unit_cost is not None else Decimal(0),
            source=r.code(o, "source", where, FundingSource) or FundingSource.REQUESTED_GRANT,
            description=r.text(o, "description", where, "line.description", null=False) or "",
            partner=_reference(r, o, "partner", where, refs),
            unit=r.text(o, "unit", where, "line.unit", null=True),
            other_funder=r.text(o, "other_funder", where, "line.other_funder", null=True),
        )
        if None not in (quantity, unit_cost, total) and total != line.total:
            r.add(
                where,
                "total_cents",
                _("is {given} but quantity × unit cost makes {expected}.").format(
                    given=o["total_cents"], expected=int(line.total * 100)
                ),
            )
        found.append(line)
    return tuple(found)


def _checklist(r: _Reader, value: Any) -> tuple[ChecklistEntry, ...]:
    found = []
    for where, item in r.items(value, "checklist"):
        o = r.obj(item, where, ("name", "state", "requirement", "file_name"))
        if o is None:
            continue
        found.append(
            ChecklistEntry(
                name=r.required(o, "name", where, "checklist.name"),
                state=r.code(o, "state", where, AttachmentState) or AttachmentState.MISSING,
                requirement=r.text(o, "requirement", where, "checklist.requirement", null=True),
                file_name=r.text(o, "file_name", where, "checklist.file_name", null=True),
            )
        )
    return tuple(found)


def read_document(document: Mapping[str, Any]) -> ProposalFile:
    """The :class:`ProposalFile` in a document whose envelope is checked; every problem of
    its members is raised at once."""
    r = _Reader()
    top = r.obj(dict(document), "", _TOP_KEYS)
    if top is None:
        raise ProposalFileError(r.problems)
    exported_at = r.moment(top, "exported_at", "")
    if not isinstance(top["generator"], str | None):
        r.add("", "generator", _("must be text or null."))
    call = _call(r, top["call"], top["version"])
    fields, origin = _proposal(r, top["proposal"])
    partners = _partners(r, top["partners"])
    refs = {p.ref for p in partners}
    parsers: dict[str, Callable[[], tuple[Any, ...]]] = {
        "sections": lambda: _sections(r, top["sections"]),
        "objectives": lambda: _objectives(r, top["objectives"]),
        "activities": lambda: _activities(r, top["activities"], refs),
        "indicators": lambda: _indicators(r, top["indicators"]),
        "budget_lines": lambda: _lines(r, top["budget_lines"], refs),
        "checklist": lambda: _checklist(r, top["checklist"]),
    }
    parts = {name: parse() for name, parse in parsers.items()}
    if r.problems:
        raise ProposalFileError(r.problems)
    return ProposalFile(
        proposal=fields,
        call=call,
        partners=partners,
        origin=origin,
        exported_at=exported_at,
        **parts,
    )
