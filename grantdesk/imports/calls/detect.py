"""Which format a file is in, from its content; and reading a file in any format.

JSON with ``fundingData`` is the EU portal's export, JSON with ``response.docs`` the
incentivi.gov.it catalogue; a ZIP (``PK``) is an XLSX workbook; anything else is CSV.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from grantdesk.i18n import _
from grantdesk.imports.calls.errors import whole_file
from grantdesk.imports.calls.eu import is_eu, parse_eu
from grantdesk.imports.calls.incentivi import is_incentivi, parse_incentivi
from grantdesk.imports.calls.model import Parsed
from grantdesk.imports.calls.tabular import XLSX_MAGIC, parse_rows, read_csv, read_xlsx

FORMATS = ("eu", "incentivi", "csv", "xlsx")


def _looks_json(data: bytes) -> bool:
    head = data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1]
    return head in (b"{", b"[")


def _load_json(data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError) as exc:
        raise whole_file(_("The file is not valid JSON.")) from exc


def detect_format(data: bytes) -> str:
    """``eu``, ``incentivi``, ``xlsx`` or ``csv``, judged from the bytes of a file."""
    if data.startswith(XLSX_MAGIC):
        return "xlsx"
    if _looks_json(data):
        document = _load_json(data)
        if is_eu(document):
            return "eu"
        if is_incentivi(document):
            return "incentivi"
        raise whole_file(
            _("This JSON file is neither an EU Funding & Tenders nor an incentivi.gov.it export.")
        )
    return "csv"


def parse_file(data: bytes, fmt: str | None = None, mapping: Sequence[str] = ()) -> Parsed:
    """Read the bytes of a file in *fmt* (detected when None) into call records.

    Raises ``ImportRejected`` listing every problem found.
    """
    fmt = fmt or detect_format(data)
    if fmt not in FORMATS:
        raise whole_file(_("Unknown format “{format}”.").format(format=fmt))
    if fmt in ("eu", "incentivi"):
        if mapping:
            raise whole_file(_("--map applies to CSV and XLSX files only."))
        document = _load_json(data)
        return parse_eu(document) if fmt == "eu" else parse_incentivi(document)
    if fmt == "xlsx":
        if not data.startswith(XLSX_MAGIC):
            raise whole_file(_("The file is not a readable XLSX workbook."))
        return parse_rows(read_xlsx(data), "xlsx", mapping)
    return parse_rows(read_csv(data), "csv", mapping)
