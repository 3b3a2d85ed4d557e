"""Dates and deadlines: explicit formats, day-first Italian, Europe/Rome.

``05/04/2026`` is 5 April; ``2026-04-05`` is 5 April too; anything else, or an impossible
date such as ``31/02/2026``, is an error rather than a guess. Deadlines are stored in UTC
and shown in Europe/Rome ("entro le ore 12:00").
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ROME = ZoneInfo("Europe/Rome")

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_HM = re.compile(r"^(\d{1,2})[:.](\d{2})$")


class DateError(ValueError):
    """A date or time that is ambiguous or does not exist."""


def parse_date(text: str) -> date:
    """Parse ``dd/mm/yyyy`` (also ``.`` or ``-``) or ISO ``yyyy-mm-dd``."""
    raw = text.strip()
    match = _ISO.match(raw)
    if match:
        y, m, d = (int(g) for g in match.groups())
    else:
        match = _DMY.match(raw)
        if not match:
            raise DateError(f"not a date in dd/mm/yyyy or yyyy-mm-dd form: {text!r}")
        d, m, y = (int(g) for g in match.groups())
    try:
        return date(y, m, d)
    except ValueError as exc:
        raise DateError(f"no such date: {text!r}") from exc


def parse_time(text: str) -> time:
    """Parse ``hh:mm`` (24 hours; ``12.00`` accepted as Italians write it)."""
    match = _HM.match(text.strip())
    if not match:
        raise DateError(f"not a time in hh:mm form: {text!r}")
    h, m = (int(g) for g in match.groups())
    if h > 23 or m > 59:
        raise DateError(f"no such time: {text!r}")
    return time(h, m)


def rome_to_utc(day: date, at: time = time(12, 0)) -> datetime:
    """A wall-clock time in Rome (DST-aware) as an aware UTC datetime."""
    local = datetime.combine(day, at, tzinfo=ROME)
    return local.astimezone(UTC)


def utc_to_rome(moment: datetime) -> datetime:
    """An aware (or naive-UTC) datetime shown in Europe/Rome."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ROME)


def iso_utc(moment: datetime) -> str:
    """An aware (or naive-UTC) instant as ISO 8601 in UTC, to the microsecond when it has any."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


def now_utc() -> datetime:
    """The current instant, aware, in UTC."""
    return datetime.now(UTC)


def format_date(day: date | None, lang: str = "it") -> str:
    """``05/04/2026`` in Italian, ``2026-04-05`` in English (never month-first)."""
    if day is None:
        return ""
    return day.strftime("%d/%m/%Y") if lang == "it" else day.isoformat()


def format_deadline(moment: datetime | None, lang: str = "it") -> str:
    """A deadline in Rome time: ``05/04/2026 12:00``."""
    if moment is None:
        return ""
    local = utc_to_rome(moment)
    return f"{format_date(local.date(), lang)} {local:%H:%M}"


def days_until(moment: datetime, today: date) -> int:
    """Whole calendar days from *today* (Rome) to the deadline's Rome date."""
    return (utc_to_rome(moment).date() - today).days


def italian_holidays(year: int) -> frozenset[date]:
    """The national public holidays of *year* in Italy (Easter Monday included)."""
    from dateutil.easter import easter

    fixed = ((1, 1), (1, 6), (4, 25), (5, 1), (6, 2), (8, 15), (11, 1), (12, 8), (12, 25), (12, 26))
    days = {date(year, m, d) for m, d in fixed}
    days.add(easter(year) + timedelta(days=1))
    return frozenset(days)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a national holiday."""
    return day.weekday() < 5 and day not in italian_holidays(day.year)
