"""Importing calls from files: EU Funding & Tenders JSON, incentivi.gov.it JSON, CSV, XLSX.

Parsers are pure (no database): they read bytes and return :class:`CallRecord` values or
raise :class:`ImportRejected` listing every problem. ``grantdesk.services.call_import``
writes the records.
"""

from __future__ import annotations

from grantdesk.imports.calls.detect import FORMATS, detect_format, parse_file
from grantdesk.imports.calls.errors import ImportProblem, ImportRejected
from grantdesk.imports.calls.model import CallRecord, DeadlineRecord, Parsed

__all__ = [
    "FORMATS",
    "CallRecord",
    "DeadlineRecord",
    "ImportProblem",
    "ImportRejected",
    "Parsed",
    "detect_format",
    "parse_file",
]
