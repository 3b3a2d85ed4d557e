"""Reading the values of an organization's spreadsheet cells: legal form, province, region.

Pure functions for :mod:`grantdesk.imports.organizations`; each returns the stored value
or raises ``ValueError`` (the importer turns it into a row problem naming the value).

A legal form is read from a RUNTS section as the register's open data writes it
(``a) Organizzazioni di volontariato``, ``Sezione B``, ``b``), from its acronym (``ODV``,
``A.P.S.``, ``ETS``), from its Italian or English name (``Imprese sociali``, ``Cooperativa
sociale``, ``Parrocchia``, ``School``), or from GrantDesk's own code or label (what an
export writes). A section letter wins over the words after it only when those words name
no other form: ``a) Imprese sociali`` is refused as contradictory.
"""

from __future__ import annotations

import re
from functools import lru_cache

from grantdesk.domain.territory import PROVINCES, REGION_PROVINCES, normalize
from grantdesk.domain.vocab import LegalForm
from grantdesk.imports.tabular import fold

_NAMES: dict[LegalForm, tuple[str, ...]] = {
    LegalForm.ODV: (
        "odv",
        "o d v",
        "organizzazione di volontariato",
        "organizzazioni di volontariato",
        "organizzazione del volontariato",
        "odv organizzazione di volontariato",
        "volunteer organisation",
        "volunteer organization",
    ),
    LegalForm.APS: (
        "aps",
        "a p s",
        "associazione di promozione sociale",
        "associazioni di promozione sociale",
        "aps associazione di promozione sociale",
        "social promotion association",
    ),
    LegalForm.PHILANTHROPIC: ("ente filantropico", "enti filantropici", "philanthropic body"),
    LegalForm.SOCIAL_ENTERPRISE: (
        "impresa sociale",
        "imprese sociali",
        "imprese sociali incluse le cooperative sociali",
        "impresa sociale o cooperativa sociale",
        "cooperativa sociale",
        "cooperative sociali",
        "is",
        "social enterprise",
        "social enterprise or cooperative",
        "social cooperative",
    ),
    LegalForm.NETWORK: ("rete associativa", "reti associative", "association network"),
    LegalForm.MUTUAL_AID: (
        "societa di mutuo soccorso",
        "societa mutuo soccorso",
        "sms",
        "mutual aid society",
    ),
    LegalForm.OTHER_ETS: (
        "altro ente del terzo settore",
        "altri enti del terzo settore",
        "ets",
        "e t s",
        "ente del terzo settore",
        "other third sector body",
    ),
    LegalForm.MUNICIPALITY: ("comune", "ente locale", "municipality"),
    LegalForm.PUBLIC_BODY: (
        "ente pubblico",
        "altro ente pubblico",
        "pubblica amministrazione",
        "public body",
        "other public body",
    ),
    LegalForm.SCHOOL: ("scuola", "istituto scolastico", "istituto comprensivo", "school"),
    LegalForm.PARISH: ("parrocchia", "ente ecclesiastico", "parish"),
    LegalForm.COMPANY: ("impresa", "azienda", "societa", "company", "business"),
    LegalForm.INFORMAL_GROUP: ("gruppo informale", "informal group"),
    LegalForm.OTHER: ("altro", "altri", "other"),
}
_SECTION = re.compile(r"^(?:sezione |section )?([a-g])(?: (.*))?$")

_REGION_ALIASES = {
    "friuli": "Friuli-Venezia Giulia",
    "trentino": "Trentino-Alto Adige",
    "alto adige": "Trentino-Alto Adige",
    "sudtirol": "Trentino-Alto Adige",
    "trentino alto adige sudtirol": "Trentino-Alto Adige",
    "provincia autonoma di trento": "Trentino-Alto Adige",
    "provincia autonoma di bolzano": "Trentino-Alto Adige",
    "vallee d aoste": "Valle d’Aosta",
    "valle d aosta vallee d aoste": "Valle d’Aosta",
}
_PROVINCE_ALIASES = {
    "monza e della brianza": "MB",
    "monza brianza": "MB",
    "bozen": "BZ",
    "bolzano bozen": "BZ",
    "reggio nell emilia": "RE",
    "reggio di calabria": "RC",
    "pesaro urbino": "PU",
    "aquila": "AQ",
    "sud sardegna": "SU",
    "carbonia iglesias": "SU",
    "medio campidano": "SU",
}
_PROVINCE_WORDS = re.compile(r"^(?:provincia (?:autonoma )?di |citta metropolitana di )")


@lru_cache(maxsize=1)
def _form_names() -> dict[str, LegalForm]:
    table = {fold(name): form for form, names in _NAMES.items() for name in names}
    for form in LegalForm:
        table.setdefault(fold(form.value), form)
    return table


def parse_legal_form(text: str) -> LegalForm:
    """The legal form a cell names (a RUNTS section, an acronym, a name); ``ValueError``."""
    try:
        return LegalForm(LegalForm.parse(text))
    except ValueError:
        pass
    folded = fold(text)
    names = _form_names()
    if folded in names:
        return names[folded]
    match = _SECTION.match(folded)
    if match is None:
        raise ValueError(text)
    by_letter = {form.runts_section: form for form in LegalForm if form.runts_section}
    form = by_letter[match.group(1)]
    rest = match.group(2)
    if rest and names.get(rest, form) is not form:
        raise ValueError(text)
    return form


@lru_cache(maxsize=1)
def _province_names() -> dict[str, str]:
    table = {normalize(name): code for code, name in PROVINCES.items()}
    table.update(_PROVINCE_ALIASES)
    return table


def parse_province(text: str) -> str:
    """A province's two-letter code from its code (``PV``, ``(PV)``) or name (``Pavia``)."""
    raw = text.strip().strip("()").strip()
    if raw.upper() in PROVINCES:
        return raw.upper()
    name = _PROVINCE_WORDS.sub("", normalize(raw))
    code = _province_names().get(name)
    if code is None:
        raise ValueError(text)
    return code


@lru_cache(maxsize=1)
def _region_names() -> dict[str, str]:
    table = {normalize(name): name for name in REGION_PROVINCES}
    table.update(_REGION_ALIASES)
    return table


def parse_region(text: str) -> str | None:
    """A region's name as GrantDesk writes it (``Emilia-Romagna``); None when unknown."""
    return _region_names().get(normalize(text.removeprefix("Regione ").strip()))
