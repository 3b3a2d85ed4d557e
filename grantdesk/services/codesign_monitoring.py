"""A co-design process's monitoring: indicators with baseline and target, and measurements.

Like :mod:`grantdesk.services.codesign_parts`: a form and a ``validate`` per part, one
transaction per write, checked against the version the user saw, audited. An indicator's
``actual`` is kept equal to its latest measurement (by date), so lists and the proposal
rules read it without the measurements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from grantdesk.db.models import Indicator, IndicatorMeasurement
from grantdesk.i18n import _
from grantdesk.services.call_editing import FieldError
from grantdesk.services.codesign_editing import audit, gone, load_process
from grantdesk.services.codesign_parts import check_version, get_row, refuse
from grantdesk.services.database import Database


@dataclass(frozen=True)
class IndicatorForm:
    """A monitoring indicator: what is measured, in which unit, from where to where."""

    name: str = ""
    unit: str = ""
    baseline: Decimal | None = None
    target: Decimal | None = None


@dataclass(frozen=True)
class MeasurementForm:
    """One measurement of an indicator."""

    measured_on: date | None = None
    value: Decimal | None = None
    note: str = ""


def validate_indicator(form: IndicatorForm) -> list[FieldError]:
    errors: list[FieldError] = []
    if not form.name.strip():
        errors.append(FieldError("name", _("Say what the indicator measures.")))
    elif len(form.name.strip()) > 300:
        errors.append(FieldError("name", _("Keep this under 300 characters.")))
    if len(form.unit.strip()) > 60:
        errors.append(FieldError("unit", _("Keep this under 60 characters.")))
    return errors


def validate_measurement(form: MeasurementForm) -> list[FieldError]:
    errors: list[FieldError] = []
    if form.measured_on is None:
        errors.append(FieldError("measured_on", _("Give the date of the measurement.")))
    if form.value is None:
        errors.append(FieldError("value", _("Give the value measured.")))
    return errors


def _indicator_form(row: Indicator) -> IndicatorForm:
    return IndicatorForm(row.name, row.unit or "", row.baseline, row.target)


def _fill_indicator(row: Indicator, form: IndicatorForm) -> None:
    for name, value in (
        ("name", " ".join(form.name.split())),
        ("unit", form.unit.strip() or None),
        ("baseline", form.baseline),
        ("target", form.target),
    ):
        if getattr(row, name) != value:
            setattr(row, name, value)


def _indicator(s: Session, indicator_id: int) -> Indicator:
    row = get_row(s, Indicator, indicator_id)
    assert isinstance(row, Indicator)
    if row.codesign_id is None:
        raise gone()
    return row


def load_indicator(db: Database, indicator_id: int) -> tuple[IndicatorForm, int]:
    with db.reading() as s:
        row = _indicator(s, indicator_id)
        return _indicator_form(row), row.version


def create_indicator(db: Database, process_id: int, form: IndicatorForm) -> int:
    """Add a monitoring indicator to the process (last in order); return its id."""
    refuse(validate_indicator(form))
    with db.transaction() as s:
        load_process(s, process_id)
        last = s.scalar(
            select(func.max(Indicator.position)).where(Indicator.codesign_id == process_id)
        )
        row = Indicator(codesign_id=process_id, position=(last or 0) + 1)
        _fill_indicator(row, form)
        s.add(row)
        s.flush()
        audit(s, "create", "indicator", row.id, f"process {process_id}")
        return row.id


def update_indicator(
    db: Database, indicator_id: int, form: IndicatorForm, expected_version: int
) -> int:
    refuse(validate_indicator(form))
    with db.transaction() as s:
        row = _indicator(s, indicator_id)
        check_version(row, expected_version)
        _fill_indicator(row, form)
        s.flush()
        audit(s, "update", "indicator", indicator_id)
        return row.version


@dataclass(frozen=True)
class DeletedIndicator:
    """An indicator and its measurements, as deleted (for an undo)."""

    form: IndicatorForm
    measurements: tuple[MeasurementForm, ...] = ()


def delete_indicator(db: Database, indicator_id: int, expected_version: int) -> DeletedIndicator:
    with db.transaction() as s:
        row = _indicator(s, indicator_id)
        check_version(row, expected_version)
        deleted = DeletedIndicator(
            _indicator_form(row),
            tuple(MeasurementForm(m.measured_on, m.value, m.note or "") for m in row.measurements),
        )
        s.delete(row)
        audit(s, "delete", "indicator", indicator_id, f"{len(deleted.measurements)} measurements")
        return deleted


def restore_indicator(db: Database, process_id: int, deleted: DeletedIndicator) -> int:
    """Record a deleted indicator again with its measurements; return its new id."""
    indicator_id = create_indicator(db, process_id, deleted.form)
    with db.transaction() as s:
        row = _indicator(s, indicator_id)
        row.measurements = [
            IndicatorMeasurement(measured_on=m.measured_on, value=m.value, note=m.note or None)
            for m in deleted.measurements
        ]
        s.flush()
        _refresh_actual(row)
    return indicator_id


def _refresh_actual(indicator: Indicator) -> None:
    """The indicator's actual value is its latest measurement's (None without any)."""
    latest = max(indicator.measurements, key=lambda m: (m.measured_on, m.id or 0), default=None)
    value = latest.value if latest is not None else None
    if indicator.actual != value:
        indicator.actual = value


def _measurement(s: Session, measurement_id: int) -> IndicatorMeasurement:
    row = get_row(s, IndicatorMeasurement, measurement_id)
    assert isinstance(row, IndicatorMeasurement)
    return row


def load_measurement(db: Database, measurement_id: int) -> tuple[MeasurementForm, int]:
    with db.reading() as s:
        row = _measurement(s, measurement_id)
        return MeasurementForm(row.measured_on, row.value, row.note or ""), row.version


def create_measurement(db: Database, indicator_id: int, form: MeasurementForm) -> int:
    """Record a measurement of the indicator; return its id."""
    refuse(validate_measurement(form))
    assert form.measured_on is not None and form.value is not None
    with db.transaction() as s:
        indicator = _indicator(s, indicator_id)
        row = IndicatorMeasurement(
            measured_on=form.measured_on, value=form.value, note=form.note.strip() or None
        )
        indicator.measurements.append(row)
        s.flush()
        _refresh_actual(indicator)
        audit(s, "create", "indicator_measurement", row.id, f"indicator {indicator_id}")
        return row.id


def update_measurement(
    db: Database, measurement_id: int, form: MeasurementForm, expected_version: int
) -> int:
    refuse(validate_measurement(form))
    with db.transaction() as s:
        row = _measurement(s, measurement_id)
        check_version(row, expected_version)
        for name, value in (
            ("measured_on", form.measured_on),
            ("value", form.value),
            ("note", form.note.strip() or None),
        ):
            if getattr(row, name) != value:
                setattr(row, name, value)
        s.flush()
        indicator = _indicator(s, row.indicator_id)
        s.refresh(indicator, ["measurements"])
        _refresh_actual(indicator)
        audit(s, "update", "indicator_measurement", measurement_id)
        return row.version


def delete_measurement(db: Database, measurement_id: int, expected_version: int) -> MeasurementForm:
    with db.transaction() as s:
        row = _measurement(s, measurement_id)
        check_version(row, expected_version)
        form = MeasurementForm(row.measured_on, row.value, row.note or "")
        indicator = _indicator(s, row.indicator_id)
        indicator.measurements.remove(row)
        s.delete(row)
        s.flush()
        _refresh_actual(indicator)
        audit(s, "delete", "indicator_measurement", measurement_id)
        return form
