"""Turning values into the text users read, in the current language."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from grantdesk.domain.dates import format_date, format_deadline
from grantdesk.domain.money import format_eur, format_number, format_percent
from grantdesk.domain.vocab import Vocabulary
from grantdesk.i18n import _, current_language


def show(value: Any, kind: str = "text") -> str:
    """*value* as text: money as ``€ 1.234,56``, dates day-first, vocabularies by label."""
    lang = current_language()
    if value is None or value == "":
        return ""
    if isinstance(value, Vocabulary):
        return value.label
    if kind == "money" and isinstance(value, Decimal):
        return format_eur(value, lang)
    if kind == "percent" and isinstance(value, Decimal):
        return format_percent(value, 1, lang)
    if isinstance(value, datetime):
        return format_deadline(value, lang)
    if isinstance(value, date):
        return format_date(value, lang)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Decimal):
        places = 0 if value == value.to_integral_value() else 2
        return format_number(value, places, lang)
    if isinstance(value, int) and kind in {"int", "money"}:
        return format_number(Decimal(value), 0, lang)
    return str(value)
