"""A co-design process's applications, commitments, indicators and measurements.

Each part has a form (what the editor's dialog holds, parsed), a ``validate`` giving one
sentence per field, and ``load``/``create``/``update``/``delete`` functions: one
transaction each, checked against the version the user saw (``ConflictError``), written to
the audit log. ``delete_*`` returns the form it deleted so an undo can record it again.

- Applications (manifestazioni di interesse): which body applied, when, and the outcome —
  admitted, or excluded with a reason (required).
- Commitments: what a body pledges (money, staff or volunteer hours, spaces, goods,
  services) as quantity × unit value; the euro value is computed, never typed.

Indicators and measurements are in :mod:`grantdesk.services.codesign_monitoring`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from grantdesk.db.models import (
    CoDesignApplication,
    Commitment,
    Organization,
)
from grantdesk.domain.money import format_number
from grantdesk.domain.vocab import ApplicationOutcome, CommitmentKind
from grantdesk.i18n import _, current_language
from grantdesk.services.call_editing import FieldError
from grantdesk.services.codesign_editing import audit, gone, load_process, stale
from grantdesk.services.database import Database

MAX_NUMBER = Decimal(1_000_000_000)


def refuse(errors: list[FieldError]) -> None:
    if errors:
        raise ValueError(errors[0].message)


def check_version(row: object, expected_version: int) -> None:
    if getattr(row, "version", None) != expected_version:
        raise stale()


def get_row(s: Session, model: type, row_id: int) -> object:
    row = s.get(model, row_id)
    if row is None:
        raise gone()
    return row


def _organization(s: Session, organization_id: int | None) -> Organization:
    org = s.get(Organization, organization_id) if organization_id is not None else None
    if org is None:
        raise ValueError(_("This body no longer exists: choose it again."))
    return org


# -- numbers as typed -----------------------------------------------------------------------


def parse_number(text: str, places: int = 3) -> Decimal:
    """A number typed in the current language (``1.234,5`` in Italian), at most *places*
    decimals; ValueError with a sentence otherwise."""
    raw = text.strip().replace("\u00a0", "").replace(" ", "")
    wrong = ValueError(_("“{text}” is not a number: write it like 12,5.").format(text=text))
    if not raw:
        raise wrong
    negative = raw.startswith("-")
    raw = raw.lstrip("+-")
    if current_language() == "en":
        raw = raw.replace(",", "_").replace(".", ",").replace("_", ".")
    if "," in raw:
        whole, _comma, frac = raw.rpartition(",")
        if "," in whole or "." in frac:
            raise wrong
    elif raw.count(".") == 1 and len(raw.split(".")[1]) != 3:
        whole, frac = raw.split(".")
    else:
        whole, frac = raw, ""
    if "." in whole:
        groups = whole.split(".")
        if not 0 < len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:]):
            raise wrong
        whole = "".join(groups)
    if not whole.isdigit() or (frac and not frac.isdigit()):
        raise wrong
    if len(frac) > places:
        raise ValueError(_("Write it with at most {n} decimals.").format(n=places))
    try:
        value = Decimal(f"{whole}.{frac}" if frac else whole)
    except InvalidOperation as exc:  # pragma: no cover - digits already checked
        raise wrong from exc
    if value >= MAX_NUMBER:
        raise ValueError(_("Keep numbers under a billion."))
    return -value if negative else value


def show_number(value: Decimal | None) -> str:
    """A quantity or measurement with the decimals it has (none when whole): ``37,5``."""
    if value is None:
        return ""
    places = next((p for p in (0, 1, 2, 3) if value == value.quantize(Decimal(1).scaleb(-p))), 3)
    return format_number(value, places, current_language())


# -- applications ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationForm:
    """A manifestazione di interesse as the editor holds it."""

    organization_id: int | None = None
    received_on: date | None = None
    outcome: str = ApplicationOutcome.PENDING.value
    exclusion_reason: str = ""


def validate_application(form: ApplicationForm) -> list[FieldError]:
    errors: list[FieldError] = []
    if form.organization_id is None:
        errors.append(FieldError("organization_id", _("Choose the body that applied.")))
    if form.outcome not in {o.value for o in ApplicationOutcome}:
        errors.append(FieldError("outcome", _("Choose one of the listed outcomes.")))
    elif form.outcome == ApplicationOutcome.EXCLUDED.value and not form.exclusion_reason.strip():
        errors.append(
            FieldError(
                "exclusion_reason", _("Say why the body is excluded: the reason is on record.")
            )
        )
    return errors


def _application_form(row: CoDesignApplication) -> ApplicationForm:
    return ApplicationForm(
        row.organization_id, row.received_on, row.outcome.value, row.exclusion_reason or ""
    )


def _refuse_duplicate(s: Session, process_id: int, org_id: int, except_id: int | None) -> None:
    query = select(CoDesignApplication.id).where(
        CoDesignApplication.process_id == process_id,
        CoDesignApplication.organization_id == org_id,
    )
    if except_id is not None:
        query = query.where(CoDesignApplication.id != except_id)
    if s.scalar(query) is not None:
        raise ValueError(_("This body has already applied to this process."))


def _fill_application(s: Session, row: CoDesignApplication, form: ApplicationForm) -> None:
    org = _organization(s, form.organization_id)
    if row.organization_id != org.id:
        row.organization = org
    outcome = ApplicationOutcome(form.outcome)
    reason = form.exclusion_reason.strip() if outcome is ApplicationOutcome.EXCLUDED else ""
    for name, value in (
        ("received_on", form.received_on),
        ("outcome", outcome),
        ("exclusion_reason", reason or None),
    ):
        if getattr(row, name) != value:
            setattr(row, name, value)


def load_application(db: Database, application_id: int) -> tuple[ApplicationForm, int]:
    with db.reading() as s:
        row = get_row(s, CoDesignApplication, application_id)
        assert isinstance(row, CoDesignApplication)
        return _application_form(row), row.version


def create_application(db: Database, process_id: int, form: ApplicationForm) -> int:
    """Record a body's application to the process; return its id."""
    refuse(validate_application(form))
    with db.transaction() as s:
        load_process(s, process_id)
        assert form.organization_id is not None
        _refuse_duplicate(s, process_id, form.organization_id, None)
        row = CoDesignApplication(process_id=process_id)
        s.add(row)
        with s.no_autoflush:
            _fill_application(s, row, form)
        s.flush()
        audit(s, "create", "codesign_application", row.id, f"process {process_id}")
        return row.id


def update_application(
    db: Database, application_id: int, form: ApplicationForm, expected_version: int
) -> int:
    """Save the application (admitted, excluded with a reason…); return its new version."""
    refuse(validate_application(form))
    with db.transaction() as s:
        row = get_row(s, CoDesignApplication, application_id)
        assert isinstance(row, CoDesignApplication) and form.organization_id is not None
        check_version(row, expected_version)
        _refuse_duplicate(s, row.process_id, form.organization_id, application_id)
        _fill_application(s, row, form)
        s.flush()
        audit(s, "update", "codesign_application", application_id, form.outcome)
        return row.version


def delete_application(db: Database, application_id: int, expected_version: int) -> ApplicationForm:
    """Delete the application; return what it held (for an undo)."""
    with db.transaction() as s:
        row = get_row(s, CoDesignApplication, application_id)
        assert isinstance(row, CoDesignApplication)
        check_version(row, expected_version)
        form = _application_form(row)
        s.delete(row)
        audit(s, "delete", "codesign_application", application_id)
        return form


# -- commitments ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CommitmentForm:
    """What a body pledges: its kind, a description, quantity × unit value."""

    organization_id: int | None = None
    kind: str = CommitmentKind.MONEY.value
    description: str = ""
    quantity: Decimal = Decimal(1)
    unit: str = ""
    unit_value: Decimal = Decimal(0)


def validate_commitment(form: CommitmentForm) -> list[FieldError]:
    errors: list[FieldError] = []
    if form.organization_id is None:
        errors.append(FieldError("organization_id", _("Choose the body that pledges it.")))
    if form.kind not in {k.value for k in CommitmentKind}:
        errors.append(FieldError("kind", _("Choose one of the listed kinds.")))
    if len(form.description.strip()) > 500:
        errors.append(FieldError("description", _("Keep this under 500 characters.")))
    if form.quantity <= 0:
        errors.append(FieldError("quantity", _("The quantity must be more than zero.")))
    elif form.quantity >= MAX_NUMBER or form.quantity.as_tuple().exponent < -3:  # type: ignore[operator]
        errors.append(FieldError("quantity", _("Write it with at most 3 decimals.")))
    if len(form.unit.strip()) > 40:
        errors.append(FieldError("unit", _("Keep this under 40 characters.")))
    if form.unit_value < 0:
        errors.append(FieldError("unit_value", _("An amount cannot be negative.")))
    elif form.unit_value >= MAX_NUMBER:
        errors.append(FieldError("unit_value", _("Keep numbers under a billion.")))
    return errors


def _commitment_form(row: Commitment) -> CommitmentForm:
    return CommitmentForm(
        row.organization_id,
        row.kind.value,
        row.description,
        row.quantity,
        row.unit or "",
        row.unit_value,
    )


def _fill_commitment(s: Session, row: Commitment, form: CommitmentForm) -> None:
    org = _organization(s, form.organization_id)
    if row.organization_id != org.id:
        row.organization = org
    for name, value in (
        ("kind", CommitmentKind(form.kind)),
        ("description", " ".join(form.description.split())),
        ("quantity", form.quantity),
        ("unit", form.unit.strip() or None),
        ("unit_value", form.unit_value),
    ):
        if getattr(row, name) != value:
            setattr(row, name, value)


def load_commitment(db: Database, commitment_id: int) -> tuple[CommitmentForm, int]:
    with db.reading() as s:
        row = get_row(s, Commitment, commitment_id)
        assert isinstance(row, Commitment)
        return _commitment_form(row), row.version


def create_commitment(db: Database, process_id: int, form: CommitmentForm) -> int:
    """Record a body's pledge to the process; return its id."""
    refuse(validate_commitment(form))
    with db.transaction() as s:
        load_process(s, process_id)
        row = Commitment(process_id=process_id)
        s.add(row)
        with s.no_autoflush:
            _fill_commitment(s, row, form)
        s.flush()
        audit(s, "create", "commitment", row.id, f"process {process_id}")
        return row.id


def update_commitment(
    db: Database, commitment_id: int, form: CommitmentForm, expected_version: int
) -> int:
    refuse(validate_commitment(form))
    with db.transaction() as s:
        row = get_row(s, Commitment, commitment_id)
        assert isinstance(row, Commitment)
        check_version(row, expected_version)
        _fill_commitment(s, row, form)
        s.flush()
        audit(s, "update", "commitment", commitment_id)
        return row.version


def delete_commitment(db: Database, commitment_id: int, expected_version: int) -> CommitmentForm:
    with db.transaction() as s:
        row = get_row(s, Commitment, commitment_id)
        assert isinstance(row, Commitment)
        check_version(row, expected_version)
        form = _commitment_form(row)
        s.delete(row)
        audit(s, "delete", "commitment", commitment_id)
        return form
