"""What every importer produces: plain call records, ready for the import service."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from grantdesk.domain.dates import rome_to_utc
from grantdesk.domain.vocab import DeadlineKind, FunderKind, LegalForm

# The shared text helpers, still importable from here by the call parsers.
from grantdesk.imports.tabular import clean as clean
from grantdesk.imports.tabular import clip as clip
from grantdesk.imports.tabular import unique as unique

# Column widths of the call and funder tables: longer text is cut (with "…") or refused.
TITLE_MAX = 500
CODE_MAX = 80
TERRITORY_MAX = 300
URL_MAX = 1000
EXTERNAL_ID_MAX = 200
FUNDER_MAX = 200
THEME_MAX = 80
STAGE_MAX = 200

# A deadline given as a date only (no time of day) is due at noon, Rome time: the usual
# "entro le ore 12:00" of Italian calls, and earlier rather than later when in doubt.
DATE_ONLY_TIME = time(12, 0)


@dataclass(frozen=True)
class DeadlineRecord:
    """A deadline of an imported call: an aware UTC instant, its kind and stage label."""

    due_at: datetime
    kind: DeadlineKind = DeadlineKind.APPLICATION
    stage: str | None = None


@dataclass
class CallRecord:
    """One call read from a file; matched to the database by (source, external_id)."""

    source: str
    external_id: str
    title: str
    funder: str
    funder_kind: FunderKind = FunderKind.OTHER
    code: str | None = None
    description: str | None = None
    territory: str | None = None
    url: str | None = None
    min_grant: Decimal | None = None
    max_grant: Decimal | None = None
    min_total_cost: Decimal | None = None
    max_total_cost: Decimal | None = None
    themes: list[str] = field(default_factory=list)
    eligible_forms: list[LegalForm] = field(default_factory=list)
    deadlines: list[DeadlineRecord] = field(default_factory=list)
    # True when the source says the call is closed (the EU portal's "Closed" status).
    closed: bool = False

    def __post_init__(self) -> None:
        # Control characters (NUL above all: PostgreSQL refuses it) never reach the database.
        for name in ("source", "external_id", "title", "funder", "code", "description"):
            setattr(self, name, clean(getattr(self, name)))
        for name in ("territory", "url"):
            setattr(self, name, clean(getattr(self, name)))
        self.themes = [t for t in (clean(t) for t in self.themes) if t]


@dataclass
class Parsed:
    """The result of reading a file: its records and what was deliberately left out."""

    format: str
    source: str
    records: list[CallRecord]
    skipped: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def date_only_deadline(day: date, at: time = DATE_ONLY_TIME, zone: str | None = None) -> datetime:
    """A deadline for a date without a time: *at* (noon by default) in Rome."""
    if zone is None:
        return rome_to_utc(day, at)
    from datetime import UTC

    return datetime.combine(day, at, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def sort_forms(forms: set[LegalForm]) -> list[LegalForm]:
    """Legal forms in the vocabulary's order."""
    order = list(LegalForm)
    return sorted(forms, key=order.index)
