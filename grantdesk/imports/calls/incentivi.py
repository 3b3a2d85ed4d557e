"""The Italian incentives catalogue open data (incentivi.gov.it, Solr ``response.docs[]``).

What is imported, and how:

- ``ID_Incentivo`` is the external id; source ``incentivi``.
- Amounts arrive as strings written the machine way, with a dot for decimals and no
  thousands separator (``"1000000"``, ``"39840.39"``); they are read as such, never as
  Italian amounts. ``Agevolazione_Concedibile_min/max`` are the grant limits,
  ``Spesa_Ammessa_min/max`` the total-cost limits; ``"0"`` means "no limit" and is left
  empty. ``Stanziamento_incentivo`` (the measure's whole budget) has no field on a call.
- ``Data_chiusura`` becomes the application deadline. The catalogue writes Rome times in
  UTC: ``T11:00:00`` in winter and ``T10:00:00`` in summer are noon in Rome (record 175's
  note: "prorogata alle ore 12 del 25 novembre 2022" with ``2022-11-25T11:00:00``) and are
  kept as that instant. ``T00:00:00``, and ``T22:00:00``/``T23:00:00`` (midnight in Rome, a
  date typed without a time: ``2022-12-30T23:00:00`` is 31 December, like the openings on
  ``2015-12-31T23:00:00`` that mean 1 January), carry a date only: the deadline is noon
  (Rome) of that Rome date. ``Data_apertura`` has no field on a call and is not imported.
- ``Tipologia_Soggetto`` becomes the eligible legal forms ("Cooperative/Associazioni Non
  Profit" → every third-sector form; companies, public bodies…); ``Regioni`` the territory;
  ``Obiettivo_Finalita`` the themes; ``Soggetto_Concedente`` the funder (kind by name:
  Regione → region, Ministero → ministry, Comune → municipality, else other);
  ``Link_istituzionale`` the URL; ``Note_di_apertura_chiusura`` is added to the description.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from grantdesk.domain.dates import ROME, rome_to_utc
from grantdesk.domain.vocab import THIRD_SECTOR_FORMS, DeadlineKind, FunderKind, LegalForm
from grantdesk.i18n import _
from grantdesk.imports.calls.errors import Problems, whole_file
from grantdesk.imports.calls.model import (
    DATE_ONLY_TIME,
    EXTERNAL_ID_MAX,
    FUNDER_MAX,
    TERRITORY_MAX,
    THEME_MAX,
    TITLE_MAX,
    URL_MAX,
    CallRecord,
    DeadlineRecord,
    Parsed,
    clip,
    sort_forms,
    unique,
)

SOURCE = "incentivi"
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z)?$")
_PLAIN_AMOUNT = re.compile(r"^\d{1,15}(\.\d{1,2})?$")
_AMOUNTS = {
    "min_grant": "Agevolazione_Concedibile_min",
    "max_grant": "Agevolazione_Concedibile_max",
    "min_total_cost": "Spesa_Ammessa_min",
    "max_total_cost": "Spesa_Ammessa_max",
}
_COMPANY = LegalForm.COMPANY
_FORMS: list[tuple[str, set[LegalForm]]] = [
    ("non profit", set(THIRD_SECTOR_FORMS)),
    ("associazion", set(THIRD_SECTOR_FORMS)),
    ("impres", {_COMPANY}),
    ("consorzio", {_COMPANY}),
    ("professionista", {_COMPANY}),
    ("ente pubblico", {LegalForm.MUNICIPALITY, LegalForm.PUBLIC_BODY}),
    ("universit", {LegalForm.PUBLIC_BODY}),
    ("ricerca", {LegalForm.PUBLIC_BODY}),
]


def is_incentivi(data: Any) -> bool:
    """True for a JSON document shaped like the catalogue's Solr response."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("response"), dict)
        and isinstance(data["response"].get("docs"), list)
    )


def parse_incentivi(data: Any) -> Parsed:
    """Read the catalogue's open data into call records."""
    if not is_incentivi(data):
        raise whole_file(_("This is not an incentivi.gov.it export (no response.docs)."))
    problems = Problems(unit="record")
    records: list[CallRecord] = []
    seen: dict[str, int] = {}
    for n, doc in enumerate(data["response"]["docs"], start=1):
        if not isinstance(doc, dict):
            problems.add(n, None, _("not an object"))
            continue
        record = _record(n, doc, problems)
        if record is None:
            continue
        if record.external_id in seen:
            problems.add(
                n,
                "ID_Incentivo",
                _("the same call is already in record {row}").format(row=seen[record.external_id]),
            )
            continue
        seen[record.external_id] = n
        records.append(record)
    problems.raise_if_any()
    return Parsed("incentivi", SOURCE, records)


def read_datetime(text: str) -> datetime | date:
    """An ISO value from the catalogue: a date (date only) or an aware UTC instant.

    Raises ValueError for anything that is not an existing ISO date or date-time.
    """
    match = _ISO.match(text.strip())
    if not match:
        raise ValueError(text)
    y, m, d = (int(g) for g in match.groups()[:3])
    hh, mm, ss = (int(g) if g else 0 for g in match.groups()[3:6])
    day = date(y, m, d)
    if match.group(4) is None or (hh, mm, ss) == (0, 0, 0):
        return day
    moment = datetime(y, m, d, hh, mm, ss, tzinfo=UTC)
    local = moment.astimezone(ROME)
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        return local.date()
    return moment


def closing_deadline(text: str) -> datetime:
    """``Data_chiusura`` as the deadline instant (see the module's documentation)."""
    value = read_datetime(text)
    if isinstance(value, datetime):
        return value
    return rome_to_utc(value, DATE_ONLY_TIME)


def funder_kind(name: str) -> FunderKind:
    """A guess at the kind of body from its name."""
    folded = name.casefold()
    if folded.startswith("regione"):
        return FunderKind.REGION
    if folded.startswith("ministero"):
        return FunderKind.MINISTRY
    if folded.startswith("comune"):
        return FunderKind.MUNICIPALITY
    return FunderKind.OTHER


def eligible_forms(kinds: list[str]) -> list[LegalForm]:
    """Legal forms for the catalogue's ``Tipologia_Soggetto`` values."""
    forms: set[LegalForm] = set()
    for kind in kinds:
        folded = kind.casefold()
        matched = [f for key, f in _FORMS if key in folded]
        if matched:
            forms.update(*matched)
        else:
            forms.add(LegalForm.OTHER)
    return sort_forms(forms)


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _strings(value: Any) -> list[str]:
    if isinstance(value, list):
        return [v.strip() for v in value if isinstance(v, str) and v.strip()]
    if isinstance(value, str) and value.strip():
        return [value.strip()]
    return []


def _amount(n: int, doc: dict[str, Any], key: str, problems: Problems) -> Decimal | None:
    raw = doc.get(key)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        problems.add(n, key, _("“{value}” is not an amount").format(value=raw))
        return None
    text = str(raw).strip()
    if not _PLAIN_AMOUNT.match(text):
        problems.add(n, key, _("“{value}” is not an amount").format(value=raw))
        return None
    value = Decimal(text).quantize(Decimal("0.01"))
    return value or None


def _record(n: int, doc: dict[str, Any], problems: Problems) -> CallRecord | None:
    before = len(problems.items)
    ident = _text(doc.get("ID_Incentivo"))
    if not ident:
        problems.add(n, "ID_Incentivo", _("an identifier is required"))
    elif len(ident) > EXTERNAL_ID_MAX:
        problems.add(
            n, "ID_Incentivo", _("longer than {limit} characters").format(limit=EXTERNAL_ID_MAX)
        )
    title = _text(doc.get("Titolo"))
    if not title:
        problems.add(n, "Titolo", _("a title is required"))
    funder = clip(_text(doc.get("Soggetto_Concedente")), FUNDER_MAX)
    if not funder:
        problems.add(n, "Soggetto_Concedente", _("a funder is required"))
    amounts = {field: _amount(n, doc, key, problems) for field, key in _AMOUNTS.items()}
    deadlines: list[DeadlineRecord] = []
    closing = doc.get("Data_chiusura")
    if isinstance(closing, str) and closing.strip():
        try:
            deadlines.append(DeadlineRecord(closing_deadline(closing), DeadlineKind.APPLICATION))
        except ValueError:
            problems.add(n, "Data_chiusura", _("“{value}” is not a date").format(value=closing))
    elif closing is not None and not isinstance(closing, str):
        problems.add(n, "Data_chiusura", _("“{value}” is not a date").format(value=closing))
    url = _text(doc.get("Link_istituzionale")) or None
    if url is not None and len(url) > URL_MAX:
        problems.add(
            n, "Link_istituzionale", _("longer than {limit} characters").format(limit=URL_MAX)
        )
    if len(problems.items) > before or not funder:
        return None
    description = "\n\n".join(
        t for t in (_text(doc.get("Descrizione")), _text(doc.get("Note_di_apertura_chiusura"))) if t
    )
    return CallRecord(
        source=SOURCE,
        external_id=ident,
        title=clip(title, TITLE_MAX) or title,
        funder=funder,
        funder_kind=funder_kind(funder),
        description=description or None,
        territory=clip(", ".join(_strings(doc.get("Regioni"))), TERRITORY_MAX),
        url=url,
        themes=unique([clip(t, THEME_MAX) or "" for t in _strings(doc.get("Obiettivo_Finalita"))]),
        eligible_forms=eligible_forms(_strings(doc.get("Tipologia_Soggetto"))),
        deadlines=deadlines,
        min_grant=amounts["min_grant"],
        max_grant=amounts["max_grant"],
        min_total_cost=amounts["min_total_cost"],
        max_total_cost=amounts["max_total_cost"],
    )
