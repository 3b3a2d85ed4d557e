"""Recurring calls: a funder's RRULE turned into Rome deadlines (pure, no database).

A call that comes back every year stores an RFC 5545 RRULE such as
``FREQ=YEARLY;BYMONTH=3,6,10;BYMONTHDAY=15`` (three sessions a year on the 15th). The rule
gives *dates*; the time of day is the Rome wall-clock time of the deadline ("entro le ore
12:00"), so 12:00 stays 12:00 on both sides of a daylight-saving change: 15 March 2026
12:00 is 11:00 UTC, 29 March 2026 12:00 is 10:00 UTC.

How it is computed: ``dateutil.rrule`` runs on *naive* Rome wall-clock datetimes, and
each occurrence then gets ``ZoneInfo("Europe/Rome")`` attached. Letting rrule step over
aware datetimes would keep the UTC offset of the start instead and drift by an hour.

Dates that do not exist are skipped, as rrule (and RFC 5545) do: ``BYMONTHDAY=31`` gives
no date in April, ``BYMONTH=2;BYMONTHDAY=29`` gives one only in leap years. Use
``BYMONTHDAY=-1`` for "the last day of the month". A wall-clock time that does not exist
in Rome (02:30 on the spring-forward night) is moved forward by the gap (03:30); an
ambiguous one (02:30 on the fall-back night) is the first, summer-time, instant.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from dateutil.rrule import rrule, rrulestr

from grantdesk.domain.dates import ROME
from grantdesk.i18n import _

_FREQS = {"YEARLY", "MONTHLY", "WEEKLY", "DAILY"}
_SUB_DAILY = {"HOURLY", "MINUTELY", "SECONDLY"}
_TIME_PARTS = {"BYHOUR", "BYMINUTE", "BYSECOND"}
_KNOWN = {
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "WKST",
    "BYMONTH",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYDAY",
    "BYSETPOS",
    "BYEASTER",
}
_RANGES = {
    "BYMONTH": (1, 12, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYSETPOS": (1, 366, True),
}
# The first date rrule starts from when no anchor is given.
_DEFAULT_ANCHOR = date(2000, 1, 1)


class RecurrenceError(ValueError):
    """A recurrence rule GrantDesk cannot use; the message is one sentence for the user."""


def _parts(text: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for chunk in text.split(";"):
        if not chunk:
            continue
        key, sep, value = chunk.partition("=")
        if not sep or not value:
            raise RecurrenceError(
                _("“{rule}” is not a recurrence rule: “{part}” has no value.").format(
                    rule=text, part=chunk
                )
            )
        if key in parts:
            raise RecurrenceError(
                _("“{rule}” is not a recurrence rule: {part} appears twice.").format(
                    rule=text, part=key
                )
            )
        parts[key] = value
    return parts


def normalize_rule(text: str) -> str:
    """The rule in canonical form (upper case, no ``RRULE:`` prefix), or RecurrenceError.

    Only day-level rules are accepted: deadlines take their time of day from the deadline
    itself, so FREQ=HOURLY or BYHOUR are refused, as are DTSTART and multi-line rules.
    """
    rule = text.strip().upper()
    if rule.startswith("RRULE:"):
        rule = rule[len("RRULE:") :]
    if not rule:
        raise RecurrenceError(_("The recurrence rule is empty."))
    if "\n" in rule or "\r" in rule or "DTSTART" in rule or ":" in rule:
        raise RecurrenceError(
            _("“{rule}” is not a recurrence rule: give one RRULE line, without DTSTART.").format(
                rule=" ".join(text.split())
            )
        )
    parts = _parts(rule)
    freq = parts.get("FREQ")
    if freq is None:
        raise RecurrenceError(
            _("“{rule}” is not a recurrence rule: FREQ is missing.").format(rule=rule)
        )
    if freq in _SUB_DAILY or _TIME_PARTS & parts.keys():
        raise RecurrenceError(
            _("“{rule}” repeats within a day: deadlines recur by date, at most daily.").format(
                rule=rule
            )
        )
    if freq not in _FREQS:
        raise RecurrenceError(
            _("“{rule}” is not a recurrence rule: unknown FREQ {value}.").format(
                rule=rule, value=freq
            )
        )
    unknown = sorted(parts.keys() - _KNOWN)
    if unknown:
        raise RecurrenceError(
            _("“{rule}” is not a recurrence rule: unknown part {part}.").format(
                rule=rule, part=unknown[0]
            )
        )
    for key, (low, high, negative) in _RANGES.items():
        for raw in parts.get(key, "").split(",") if key in parts else ():
            try:
                number = int(raw)
            except ValueError:
                number = 0
            if not (low <= number <= high or (negative and -high <= number <= -low)):
                raise RecurrenceError(
                    _("“{rule}” is not a recurrence rule: {part}={value} is out of range.").format(
                        rule=rule, part=key, value=raw
                    )
                )
    try:
        _build(rule, datetime.combine(_DEFAULT_ANCHOR, time(12, 0)))
    except (ValueError, TypeError, IndexError, KeyError) as exc:
        raise RecurrenceError(
            _("“{rule}” is not a recurrence rule: {reason}.").format(rule=rule, reason=exc)
        ) from exc
    return rule


def _build(rule: str, dtstart: datetime) -> rrule:
    if "UNTIL=" in rule:
        # dateutil refuses a UTC UNTIL with a naive start: compare in wall-clock days.
        parts = _parts(rule)
        until = parts["UNTIL"].rstrip("Z")
        parts["UNTIL"] = until if "T" in until else until + "T235959"
        rule = ";".join(f"{k}={v}" for k, v in parts.items())
    result = rrulestr(rule, dtstart=dtstart)
    if not isinstance(result, rrule):  # pragma: no cover - rrulestr without forceset
        raise ValueError("not a single rule")
    return result


def _rome(naive: datetime) -> datetime:
    """Attach Rome to a wall-clock time; a time in the spring gap moves forward by the gap."""
    aware = naive.replace(tzinfo=ROME)
    return aware.astimezone(UTC).astimezone(ROME)


def occurrences(
    rule: str,
    at: time,
    *,
    after: date | datetime,
    until: date | None = None,
    count: int | None = None,
    anchor: date | None = None,
) -> list[datetime]:
    """Occurrences strictly after *after*, as aware Europe/Rome datetimes at *at*.

    *after* is a Rome day (occurrences from the next day on) or an aware instant. Stops
    after *count* occurrences or at the end of the Rome day *until*, whichever comes first
    (one of them is required). *anchor* is the rule's DTSTART date: it matters for rules
    that take their month, day or weekday from the start (``FREQ=YEARLY`` alone) and for
    INTERVAL and COUNT; by default 1 January 2000.
    """
    if count is None and until is None:
        raise ValueError("give count or until")
    canonical = normalize_rule(rule)
    start = datetime.combine(anchor or _DEFAULT_ANCHOR, at)
    recurrence = _build(canonical, start)
    if isinstance(after, datetime):
        if after.tzinfo is None:
            raise ValueError("after must be aware")
        threshold = after.astimezone(ROME)
        cursor = threshold.replace(tzinfo=None) - timedelta(days=1)
    else:
        threshold = None
        cursor = datetime.combine(after, time.max)
    found: list[datetime] = []
    for naive in recurrence.xafter(cursor, inc=False):
        if until is not None and naive.date() > until:
            break
        moment = _rome(naive)
        if threshold is not None and moment <= threshold:
            continue
        found.append(moment)
        if count is not None and len(found) >= count:
            break
    return found


def occurrences_in_year(
    rule: str, at: time, year: int, *, anchor: date | None = None
) -> list[datetime]:
    """Every occurrence whose Rome date falls in *year*."""
    return occurrences(
        rule, at, after=date(year - 1, 12, 31), until=date(year, 12, 31), anchor=anchor
    )
