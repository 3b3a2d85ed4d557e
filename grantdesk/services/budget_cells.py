"""What a budget grid cell holds: read from what was typed or pasted, written back.

Numbers read and show the Italian way (``12,5``, ``€ 1.234,56``; a lone ``.`` before three
digits is a thousands separator) or the English way when the language is English; a
category, a partner or a funding source is found by its code or its name (ignoring case,
accents and spacing). Blocks of cells travel as Excel and LibreOffice put them on the
clipboard: tab-separated lines. Each refusal is one sentence, without the cell's place (the
grid adds row and column).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from grantdesk.domain.budget import category_label, same_category
from grantdesk.domain.money import MoneyError, format_number
from grantdesk.domain.text import fold
from grantdesk.domain.vocab import BudgetCategory, FundingSource
from grantdesk.i18n import _, current_language
from grantdesk.services.budget_editing import MAX_LENGTHS, MAX_NUMBER, PartnerChoice
from grantdesk.services.call_editing import parse_money


class CellError(ValueError):
    """What a cell holds cannot be read (one sentence saying why, without the cell's place)."""


def _swap_marks(raw: str) -> str:
    """English ``1,234.5`` written the Italian way (``1.234,5``)."""
    return raw.replace(",", "\0").replace(".", ",").replace("\0", ".")


def parse_quantity(text: str) -> Decimal:
    """A quantity typed in the current language: ``12,5``, ``1.234,125``, ``3`` (it)."""
    raw = text.strip().replace("\u00a0", "").replace(" ", "")
    wrong = CellError(_("“{text}” is not a quantity: write it like 12.5.").format(text=text))
    if not raw:
        raise wrong
    if current_language() == "en":
        raw = _swap_marks(raw)
    if raw.startswith("-"):
        raise CellError(_("Quantities and costs cannot be negative."))
    if "," in raw:
        whole, _comma, frac = raw.rpartition(",")
        if "," in whole or "." in frac:
            raise wrong
    elif raw.count(".") == 1 and len(raw.split(".")[1]) != 3:
        whole, frac = raw.split(".")  # "12.5": a decimal point, not a thousands separator
    else:
        whole, frac = raw, ""
    if "." in whole:
        groups = whole.split(".")
        if not 0 < len(groups[0]) <= 3 or groups[0] == "0" or any(len(g) != 3 for g in groups[1:]):
            raise wrong
        whole = "".join(groups)
    if not whole.isdigit() or (frac and not frac.isdigit()):
        raise wrong
    if len(frac) > 3:
        raise CellError(_("Write the quantity with at most three decimals."))
    try:
        value = Decimal(f"{whole}.{frac}" if frac else whole)
    except InvalidOperation as exc:  # pragma: no cover - digits already checked
        raise wrong from exc
    if value > MAX_NUMBER:
        raise CellError(_("Keep numbers under a billion."))
    return value


def parse_cost(text: str) -> Decimal:
    """A unit cost typed in the current language: ``€ 1.234,56`` or ``22,5`` (it)."""
    try:
        value = parse_money(text)
    except (MoneyError, ValueError) as exc:
        raise CellError(
            _("“{text}” is not an amount in euros: write it like €1,234.56.").format(text=text)
        ) from exc
    if value < 0:
        raise CellError(_("Quantities and costs cannot be negative."))
    if value > MAX_NUMBER:
        raise CellError(_("Keep numbers under a billion."))
    return value


def show_quantity(value: Decimal) -> str:
    """A quantity with its decimals (at most three), none when whole: ``37,5``, ``1.200``."""
    places = 0
    for candidate in (0, 1, 2, 3):
        places = candidate
        if value == value.quantize(Decimal(1).scaleb(-candidate)):
            break
    return format_number(value, places, current_language())


def show_amount(value: Decimal) -> str:
    """An amount in a grid cell: ``1.234,56`` (it), ``1,234.56`` (en), no euro sign."""
    return format_number(value, 2, current_language())


def category_from_text(text: str, offered: Sequence[str]) -> str:
    """The category code or word a typed or pasted text stands for.

    An offered category whose code or label matches (ignoring case, accents and spacing)
    wins; then any usual category; otherwise the text itself, tidied (a call's own word).
    """
    clean = " ".join(text.split())
    if not clean:
        raise CellError(_("Every line needs a cost category."))
    needle = fold(clean)
    for code in offered:
        if needle in {fold(code), fold(category_label(code))}:
            return code
    try:
        return BudgetCategory.parse(clean).value
    except ValueError:
        pass
    for code in offered:
        if same_category(code, clean):
            return code
    if len(clean) > MAX_LENGTHS["category"]:
        raise CellError(_("Keep this under {limit} characters.").format(limit=80))
    return clean


def partner_from_text(text: str, partners: Sequence[PartnerChoice]) -> int | None:
    """The partner a typed or pasted name stands for (empty: no partner): the one so named,
    else the only one whose name starts with it, else the only one whose name holds it."""
    clean = " ".join(text.split())
    if not clean or clean in {"—", "-"}:
        return None
    needle = fold(clean)
    for partner in partners:
        if fold(partner.name) == needle:
            return partner.id
    for found in (
        [p for p in partners if fold(p.name).startswith(needle)],
        [p for p in partners if needle in fold(p.name)],
    ):
        if len(found) == 1:  # one partner only: "argento vivo" is Associazione Argento Vivo
            return found[0].id
    raise CellError(_("No partner of this proposal is called “{text}”.").format(text=clean))


def source_from_text(text: str) -> FundingSource:
    """The funding source a typed or pasted text stands for (empty: the requested grant)."""
    clean = " ".join(text.split())
    if not clean:
        return FundingSource.REQUESTED_GRANT
    try:
        return FundingSource(FundingSource.parse(clean))
    except ValueError:
        pass
    needle = fold(clean)
    starting = [s for s in FundingSource if fold(s.label).startswith(needle)]
    if len(starting) == 1:
        return starting[0]
    raise CellError(
        _("“{text}” is not a funding source: choose one of {sources}.").format(
            text=clean, sources=", ".join(s.label for s in FundingSource)
        )
    )


def parse_block(text: str) -> list[list[str]]:
    """Cells copied from Excel or LibreOffice: rows of tab-separated cells.

    A cell holding tabs, line breaks or quotes comes in quotes, its quotes doubled; the
    final line break and empty trailing lines are dropped.
    """
    if not text:
        return []
    rows = list(csv.reader(io.StringIO(text.replace("\r\n", "\n")), delimiter="\t"))
    while rows and all(not cell.strip() for cell in rows[-1]):
        rows.pop()
    return rows


def block_text(rows: Sequence[Sequence[str]]) -> str:
    """Rows of cells as Excel and LibreOffice paste them: tabs between cells, one line
    each, a cell holding a tab, a line break or a quote in quotes."""

    def cell(text: str) -> str:
        if any(mark in text for mark in ("\t", "\n", "\r", '"')):
            return '"' + text.replace('"', '""') + '"'
        return text

    return "".join("\t".join(cell(c) for c in row) + "\n" for row in rows)
