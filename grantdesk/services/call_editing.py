"""Creating, editing and deleting calls (and their funders) from the GUI.

A :class:`CallForm` holds what the editor shows, already parsed (amounts as ``Decimal``);
:func:`validate` says in one sentence per field what is wrong with it. Every write is one
transaction, checked against the version the user saw and written to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from grantdesk.db.models import (
    AuditEntry,
    Call,
    CallRequirement,
    Deadline,
    Funder,
    Proposal,
    Theme,
)
from grantdesk.domain.dates import now_utc
from grantdesk.domain.money import MoneyError, format_number, parse_amount
from grantdesk.domain.recurrence import RecurrenceError, normalize_rule
from grantdesk.domain.vocab import CallStatus, LegalForm
from grantdesk.i18n import _, current_language, ngettext
from grantdesk.services.call_parts import (
    CapEntry,
    DeadlineEntry,
    apply_caps,
    apply_deadlines,
    cap_entries,
    cap_problems,
    deadline_entries,
    deadline_problems,
)
from grantdesk.services.database import Database
from grantdesk.services.details import RecordNotFoundError
from grantdesk.services.editing import ConflictError, current_actor

AMOUNT_FIELDS = ("min_grant", "max_grant", "min_total_cost", "max_total_cost")
PERCENT_FIELDS = ("min_cofinancing_pct", "max_grant_pct", "overhead_cap_pct")
COUNT_FIELDS = (
    "min_partners",
    "min_third_sector_partners",
    "min_duration_months",
    "max_duration_months",
)
# Fields copied as they are between a form and a call.
_PLAIN = (
    "title",
    *AMOUNT_FIELDS,
    *PERCENT_FIELDS,
    "volunteer_time_allowed",
    "volunteer_hourly_value",
    *COUNT_FIELDS,
)
_OPTIONAL_TEXT = ("code", "description", "territory", "url", "no_go_reason")
MAX_LENGTHS = {"funder": 200, "title": 500, "code": 80, "territory": 300, "url": 1000}


class CallInUseError(RuntimeError):
    """The call cannot be deleted: proposals refer to it."""


@dataclass
class CallForm:
    """Every editable field of a call, as the editor holds it."""

    funder: str = ""
    title: str = ""
    code: str = ""
    description: str = ""
    territory: str = ""
    url: str = ""
    status: str = CallStatus.NEW.value
    no_go_reason: str = ""
    eligible_forms: list[str] = field(default_factory=list)
    min_grant: Decimal | None = None
    max_grant: Decimal | None = None
    min_total_cost: Decimal | None = None
    max_total_cost: Decimal | None = None
    min_cofinancing_pct: Decimal | None = None
    max_grant_pct: Decimal | None = None
    overhead_cap_pct: Decimal | None = None
    volunteer_time_allowed: bool | None = None
    volunteer_hourly_value: Decimal | None = None
    min_partners: int | None = None
    min_third_sector_partners: int | None = None
    min_duration_months: int | None = None
    max_duration_months: int | None = None
    recurrence: str = ""
    themes: list[str] = field(default_factory=list)
    # (name, mandatory), in the order the call lists them.
    attachments: list[tuple[str, bool]] = field(default_factory=list)
    # In date order; their times are Rome wall-clock times.
    deadlines: list[DeadlineEntry] = field(default_factory=list)
    caps: list[CapEntry] = field(default_factory=list)


@dataclass(frozen=True)
class FieldError:
    """What is wrong with one field, in one sentence."""

    field: str
    message: str


def validate(form: CallForm) -> list[FieldError]:
    """What keeps *form* from being saved, one sentence per field (empty: it can be saved)."""
    errors: list[FieldError] = []

    def add(name: str, message: str) -> None:
        if all(e.field != name for e in errors):
            errors.append(FieldError(name, message))

    if not form.funder.strip():
        add("funder", _("Name the funder that issues the call."))
    if not form.title.strip():
        add("title", _("The call needs a title."))
    for name, limit in MAX_LENGTHS.items():
        if len(getattr(form, name).strip()) > limit:
            add(name, _("Keep this under {limit} characters.").format(limit=limit))
    url = form.url.strip()
    if url and (not url.lower().startswith(("http://", "https://")) or " " in url):
        add("url", _("The address must start with http:// or https:// (no spaces)."))
    if form.status not in {s.value for s in CallStatus}:
        add("status", _("Choose one of the listed statuses."))
    elif form.status == CallStatus.NO_GO.value and not form.no_go_reason.strip():
        add("no_go_reason", _("Say why the call is a no-go, so the choice can be reviewed."))
    known = {f.value for f in LegalForm}
    if any(code not in known for code in form.eligible_forms):
        add("eligible_forms", _("Some applicant types are unknown: untick and choose again."))
    for name in (*AMOUNT_FIELDS, "volunteer_hourly_value"):
        value = getattr(form, name)
        if value is not None and value < 0:
            add(name, _("An amount cannot be negative."))
    for name in PERCENT_FIELDS:
        value = getattr(form, name)
        if value is not None and not Decimal(0) <= value <= Decimal(100):
            add(name, _("A percentage goes from 0 to 100."))
    for name in COUNT_FIELDS:
        value = getattr(form, name)
        if value is not None and value < 0:
            add(name, _("A number of partners or months cannot be negative."))
    pairs = (
        ("min_grant", "max_grant", _("The minimum grant is above the maximum.")),
        ("min_total_cost", "max_total_cost", _("The minimum total cost is above the maximum.")),
        (
            "min_duration_months",
            "max_duration_months",
            _("The minimum duration is longer than the maximum."),
        ),
    )
    for low, high, message in pairs:
        a, b = getattr(form, low), getattr(form, high)
        if a is not None and b is not None and a > b:
            add(high, message)
    if (
        form.min_partners is not None
        and form.min_third_sector_partners is not None
        and form.min_third_sector_partners > form.min_partners
    ):
        add(
            "min_third_sector_partners",
            _("More third-sector partners are required than partners in all."),
        )
    if form.volunteer_time_allowed is False and form.volunteer_hourly_value is not None:
        add("volunteer_hourly_value", _("Volunteer time is not allowed: leave its value empty."))
    if form.recurrence.strip():
        try:
            normalize_rule(form.recurrence)
        except RecurrenceError as exc:
            add("recurrence", str(exc))
    names = [name.strip().casefold() for name, _mandatory in form.attachments]
    if any(not n for n in names):
        add("attachments", _("Every required attachment needs a name."))
    elif len(set(names)) != len(names):
        add("attachments", _("An attachment is listed twice."))
    if any(len(t.strip()) > 80 for t in form.themes):
        add("themes", _("A theme is a few words: keep each under 80 characters."))
    problem = deadline_problems(form.deadlines)
    if problem:
        add("deadlines", problem)
    problem = cap_problems(form.caps)
    if problem:
        add("caps", problem)
    return errors


def funder_names(db: Database) -> list[str]:
    """Every funder's name, alphabetically (for the editor's completion)."""
    with db.reading() as s:
        return list(s.scalars(select(Funder.name).order_by(func.lower(Funder.name))))


def ensure_funder(
    session: Session, name: str, origin: str = "created from the call editor"
) -> Funder:
    """The funder called *name* (case and spaces aside), created when new."""
    clean = " ".join(name.split())
    found = session.scalars(select(Funder).where(func.lower(Funder.name) == clean.lower())).first()
    if found is not None:
        return found
    funder = Funder(name=clean)
    session.add(funder)
    session.flush()
    session.add(
        AuditEntry(
            actor=current_actor(),
            action="create",
            entity="funder",
            entity_id=funder.id,
            summary=origin,
        )
    )
    return funder


def ensure_themes(session: Session, names: list[str]) -> list[Theme]:
    wanted: dict[str, str] = {}
    for name in names:
        clean = " ".join(name.split())
        if clean:
            wanted.setdefault(clean.casefold(), clean)
    if not wanted:
        return []
    have = {t.name.casefold(): t for t in session.scalars(select(Theme))}
    result = []
    for key, clean in wanted.items():
        theme = have.get(key)
        if theme is None:
            theme = Theme(name=clean)
            session.add(theme)
            have[key] = theme
        result.append(theme)
    return result


def _load(session: Session, call_id: int) -> Call:
    call = session.scalars(
        select(Call)
        .where(Call.id == call_id)
        .options(
            selectinload(Call.themes),
            selectinload(Call.requirements),
            selectinload(Call.deadlines),
            selectinload(Call.rules),
            selectinload(Call.funder),
        )
    ).first()
    if call is None:
        raise RecordNotFoundError(
            _("This record no longer exists: it may have been deleted from another desk.")
        )
    return call


def _check_version(call: Call, expected_version: int) -> None:
    if call.version != expected_version:
        raise ConflictError(
            _("Someone else changed this call meanwhile: it has been reloaded, try again.")
        )


def _to_form(call: Call) -> CallForm:
    form = CallForm(
        funder=call.funder.name,
        status=call.status.value,
        eligible_forms=list(call.eligible_forms or []),
        recurrence=call.recurrence or "",
        themes=sorted((t.name for t in call.themes), key=str.casefold),
        attachments=[(r.name, r.mandatory) for r in call.requirements],
        deadlines=deadline_entries(call),
        caps=cap_entries(call),
    )
    for name in _PLAIN:
        setattr(form, name, getattr(call, name))
    for name in _OPTIONAL_TEXT:
        setattr(form, name, getattr(call, name) or "")
    return form


def _refuse_invalid(form: CallForm) -> None:
    errors = validate(form)
    if errors:
        raise ValueError(errors[0].message)


def _apply(session: Session, call: Call, form: CallForm) -> None:
    with session.no_autoflush:
        funder = ensure_funder(session, form.funder)
        if call.funder_id != funder.id:
            call.funder = funder
        for name in _PLAIN:
            value = getattr(form, name)
            if isinstance(value, str):
                value = value.strip()
            if getattr(call, name) != value:
                setattr(call, name, value)
        for name in _OPTIONAL_TEXT:
            value = getattr(form, name).strip() or None
            if getattr(call, name) != value:
                setattr(call, name, value)
        status = CallStatus(form.status)
        if call.status != status:
            call.status = status
        order = [f.value for f in LegalForm]
        forms = sorted(set(form.eligible_forms), key=order.index)
        if list(call.eligible_forms or []) != forms:
            call.eligible_forms = forms
        recurrence = normalize_rule(form.recurrence) if form.recurrence.strip() else None
        if call.recurrence != recurrence:
            call.recurrence = recurrence
        themes = ensure_themes(session, form.themes)
        if {t.name.casefold() for t in call.themes} != {t.name.casefold() for t in themes}:
            call.themes = themes
        wanted = [(" ".join(n.split()), bool(m)) for n, m in form.attachments]
        if [(r.name, r.mandatory) for r in call.requirements] != wanted:
            kept = {r.name.casefold(): r for r in call.requirements}
            new_list = []
            for position, (name, mandatory) in enumerate(wanted):
                requirement = kept.pop(name.casefold(), None)
                if requirement is None:
                    requirement = CallRequirement(name=name)
                requirement.name = name
                requirement.mandatory = mandatory
                requirement.position = position
                new_list.append(requirement)
            call.requirements = new_list
        apply_deadlines(session, call, form.deadlines)
        apply_caps(session, call, form.caps)


def load_form(db: Database, call_id: int) -> tuple[CallForm, int]:
    """The call's fields as the editor shows them, and the version they were read at."""
    with db.reading() as s:
        call = _load(s, call_id)
        return _to_form(call), call.version


def call_version(db: Database, call_id: int) -> int:
    """The call's current version (RecordNotFoundError when it is gone)."""
    with db.reading() as s:
        version = s.scalar(select(Call.version).where(Call.id == call_id))
    if version is None:
        raise RecordNotFoundError(
            _("This record no longer exists: it may have been deleted from another desk.")
        )
    return int(version)


def create_call(db: Database, form: CallForm) -> int:
    """Record a new call (its funder too, when new) with the form's deadlines; return its id.

    Undoing a deletion calls this with the deleted call's form: its deadlines come back.
    """
    _refuse_invalid(form)
    with db.transaction() as s:
        call = Call(
            title=form.title.strip(), funder=ensure_funder(s, form.funder), eligible_forms=[]
        )
        s.add(call)
        with s.no_autoflush:
            _apply(s, call, form)
        s.flush()
        s.add(
            AuditEntry(
                actor=current_actor(),
                action="create",
                entity="call",
                entity_id=call.id,
                summary=f"with {len(form.deadlines)} deadlines" if form.deadlines else "",
            )
        )
        return call.id


def update_call(db: Database, call_id: int, form: CallForm, expected_version: int) -> int:
    """Save *form* over the call, refusing if it changed since *expected_version*.

    Returns the call's new version (unchanged when nothing differed).
    """
    _refuse_invalid(form)
    with db.transaction() as s:
        call = _load(s, call_id)
        _check_version(call, expected_version)
        before = _to_form(call)
        _apply(s, call, form)
        s.flush()
        after = _to_form(call)
        changed = [
            name
            for name in before.__dataclass_fields__
            if getattr(before, name) != getattr(after, name)
        ]
        if not changed:
            return call.version
        if call.version == expected_version:
            # Only themes or attachments changed: the call row itself still moves on.
            call.updated_at = now_utc()
            s.flush()
        s.add(
            AuditEntry(
                actor=current_actor(),
                action="update",
                entity="call",
                entity_id=call_id,
                summary="changed " + ", ".join(changed),
            )
        )
        return call.version


def call_usage(db: Database, call_id: int) -> tuple[int, int]:
    """How many proposals refer to the call, and how many deadlines it has."""
    with db.reading() as s:
        proposals = s.scalar(
            select(func.count()).select_from(Proposal).where(Proposal.call_id == call_id)
        )
        deadlines = s.scalar(
            select(func.count()).select_from(Deadline).where(Deadline.call_id == call_id)
        )
    return int(proposals or 0), int(deadlines or 0)


def in_use_message(title: str, proposals: int) -> str:
    """Why a call that *proposals* refer to cannot be deleted, in one sentence."""
    return ngettext(
        "“{title}” cannot be deleted: {n} proposal refers to it. "
        "Move or delete that proposal first.",
        "“{title}” cannot be deleted: {n} proposals refer to it. "
        "Move or delete those proposals first.",
        proposals,
    ).format(title=title, n=proposals)


def delete_call(db: Database, call_id: int, expected_version: int) -> int:
    """Delete the call with its deadlines, rules and required attachments.

    Refused (``CallInUseError``) while proposals refer to it, and (``ConflictError``) when
    it changed since *expected_version*. Returns how many deadlines went with it.
    """
    with db.transaction() as s:
        call = _load(s, call_id)
        _check_version(call, expected_version)
        used = int(
            s.scalar(select(func.count()).select_from(Proposal).where(Proposal.call_id == call_id))
            or 0
        )
        if used:
            raise CallInUseError(in_use_message(call.title, used))
        deadlines = len(call.deadlines)
        s.delete(call)
        s.flush()
        s.add(
            AuditEntry(
                actor=current_actor(),
                action="delete",
                entity="call",
                entity_id=call_id,
                summary=f"with {deadlines} deadlines",
            )
        )
        return deadlines


# -- reading what the editor's fields hold -------------------------------------------


def parse_percent(text: str) -> Decimal:
    """A percentage typed as ``12,5``, ``12.5`` or ``12,5 %``."""
    raw = text.strip().rstrip("%").strip().replace(",", ".")
    if raw.count(".") > 1 or not raw.replace(".", "").isdigit():
        raise ValueError(text)
    try:
        return Decimal(raw)
    except InvalidOperation as exc:  # pragma: no cover - digits already checked
        raise ValueError(text) from exc


def parse_money(text: str) -> Decimal:
    """An amount typed in the current language: ``€ 1.234,56`` (it) or ``€1,234.56`` (en)."""
    if current_language() != "en":
        return parse_amount(text)
    raw = text.replace(",", "")
    if "." in raw:
        whole, _dot, frac = raw.rpartition(".")
        if "." in whole:
            raise MoneyError(f"unreadable amount: {text!r}")
        raw = f"{whole},{frac}"
    return parse_amount(raw)


def show_percent(value: Decimal | None) -> str:
    """A percentage as the editor shows it: ``12,5 %`` (it), ``12.5 %`` (en), no trailing zeros."""
    if value is None:
        return ""
    places = 0 if value == value.to_integral_value() else 2
    text = format_number(value, places, current_language())
    if places and current_language() == "it":
        text = text.rstrip("0").rstrip(",")
    elif places:
        text = text.rstrip("0").rstrip(".")
    return f"{text} %"


def split_themes(text: str) -> list[str]:
    """Themes typed in one line, separated by commas (or semicolons)."""
    return [t.strip() for t in text.replace(";", ",").split(",") if t.strip()]
