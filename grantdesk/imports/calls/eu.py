"""The EU Funding & Tenders portal's bulk JSON (``fundingData.GrantTenderObj[]``).

What is imported, and how:

- Grant topics (``type`` 1) become calls; tenders (``type`` 0) are procurement notices, not
  grants a third-sector body applies for: they are skipped and reported as skipped.
- ``identifier`` (the topic id) is the external id and the call's code; source ``eu``.
- ``deadlineDatesLong`` are epoch milliseconds, UTC; every cut-off becomes a deadline. A
  value at exactly 00:00 UTC carries a date only: the portal's cut-off time on that date is
  17:00 Brussels time (the sample's own notices say "closed on the 24/03/2026 17:00"), so
  that is the deadline; other values are kept as the instant they are. A two-stage topic's
  first cut-off is a pre-application deadline.
- ``status.abbreviation`` Closed marks the call closed; Forthcoming and Open leave it new.
- The funder is the European Commission (kind EU); the programme goes in the description.
- ``tags`` become themes. ``latestInfos`` (editors' HTML, exported as Python reprs rather
  than JSON) is not imported.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from grantdesk.domain.vocab import DeadlineKind, FunderKind
from grantdesk.i18n import _
from grantdesk.imports.calls.errors import Problems, whole_file
from grantdesk.imports.calls.model import (
    CODE_MAX,
    EXTERNAL_ID_MAX,
    THEME_MAX,
    TITLE_MAX,
    CallRecord,
    DeadlineRecord,
    Parsed,
    clip,
    date_only_deadline,
    unique,
)

SOURCE = "eu"
FUNDER = "European Commission"
TOPIC_URL = (
    "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/"
    "topic-details/{id}"
)
CUTOFF_TIME = time(17, 0)
CUTOFF_ZONE = "Europe/Brussels"
_MS_PER_DAY = 86_400_000
# Epoch milliseconds between 1990 and 2100: anything else is not a real deadline.
_MS_RANGE = (631_152_000_000, 4_102_444_800_000)


def is_eu(data: Any) -> bool:
    """True for a JSON document shaped like the portal's bulk export."""
    return isinstance(data, dict) and isinstance(data.get("fundingData"), dict)


def parse_eu(data: Any) -> Parsed:
    """Read the portal's export into call records (grants only)."""
    if not is_eu(data) or not isinstance(data["fundingData"].get("GrantTenderObj"), list):
        raise whole_file(_("This is not an EU Funding & Tenders export (no fundingData)."))
    problems = Problems(unit="record")
    records: list[CallRecord] = []
    skipped: list[str] = []
    seen: dict[str, int] = {}
    for n, obj in enumerate(data["fundingData"]["GrantTenderObj"], start=1):
        if not isinstance(obj, dict):
            problems.add(n, None, _("not an object"))
            continue
        kind = obj.get("type")
        ident = _text(obj.get("identifier"))
        if kind == 0:
            skipped.append(_("{id}: a tender (procurement), not a grant").format(id=ident or n))
            continue
        if kind != 1:
            problems.add(n, "type", _("unknown type “{value}”").format(value=kind))
            continue
        record = _grant(n, obj, problems)
        if record is None:
            continue
        if record.external_id in seen:
            problems.add(
                n,
                "identifier",
                _("the same call is already in record {row}").format(row=seen[record.external_id]),
            )
            continue
        seen[record.external_id] = n
        records.append(record)
    problems.raise_if_any()
    return Parsed("eu", SOURCE, records, skipped)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _grant(n: int, obj: dict[str, Any], problems: Problems) -> CallRecord | None:
    before = len(problems.items)
    ident = _text(obj.get("identifier"))
    if not ident:
        problems.add(n, "identifier", _("an identifier is required"))
    elif len(ident) > min(CODE_MAX, EXTERNAL_ID_MAX):
        problems.add(n, "identifier", _("longer than {limit} characters").format(limit=CODE_MAX))
    title = _text(obj.get("title"))
    if not title:
        problems.add(n, "title", _("a title is required"))
    deadlines = _deadlines(n, obj, problems)
    if len(problems.items) > before:
        return None
    programme = obj.get("frameworkProgramme")
    programme_name = _text(programme.get("description")) if isinstance(programme, dict) else ""
    call_title = _text(obj.get("callTitle"))
    call_id = _text(obj.get("callIdentifier"))
    lines = [
        f"{call_title} ({call_id})" if call_title and call_id else call_title or call_id,
        programme_name,
    ]
    status = obj.get("status")
    abbreviation = _text(status.get("abbreviation")) if isinstance(status, dict) else ""
    tags = obj.get("tags")
    tags = tags if isinstance(tags, list) else []
    return CallRecord(
        source=SOURCE,
        external_id=ident,
        title=clip(title, TITLE_MAX) or title,
        funder=FUNDER,
        funder_kind=FunderKind.EU,
        code=ident,
        description="\n".join(line for line in lines if line) or None,
        url=TOPIC_URL.format(id=ident.lower()),
        themes=unique([clip(t, THEME_MAX) or "" for t in tags if isinstance(t, str)]),
        deadlines=deadlines,
        closed=abbreviation.casefold() == "closed",
    )


def _deadlines(n: int, obj: dict[str, Any], problems: Problems) -> list[DeadlineRecord]:
    values = obj.get("deadlineDatesLong", [])
    if values is None:
        return []
    if not isinstance(values, list):
        problems.add(n, "deadlineDatesLong", _("not a list of dates"))
        return []
    moments: list[datetime] = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int | str):
            problems.add(n, "deadlineDatesLong", _("“{value}” is not a date").format(value=value))
            continue
        try:
            ms = int(value)
        except ValueError:
            problems.add(n, "deadlineDatesLong", _("“{value}” is not a date").format(value=value))
            continue
        if not _MS_RANGE[0] <= ms <= _MS_RANGE[1]:
            problems.add(n, "deadlineDatesLong", _("“{value}” is not a date").format(value=value))
            continue
        moment = datetime.fromtimestamp(ms / 1000, tz=UTC)
        if ms % _MS_PER_DAY == 0:
            moment = date_only_deadline(moment.date(), CUTOFF_TIME, CUTOFF_ZONE)
        moments.append(moment)
    moments = sorted(set(moments))
    model = obj.get("deadlineModel")
    two_stage = isinstance(model, dict) and "two" in _text(model.get("abbreviation")).casefold()
    out = []
    for i, moment in enumerate(moments):
        kind = DeadlineKind.APPLICATION
        if two_stage and len(moments) == 2 and i == 0:
            kind = DeadlineKind.PRE_APPLICATION
        out.append(DeadlineRecord(moment, kind))
    return out
