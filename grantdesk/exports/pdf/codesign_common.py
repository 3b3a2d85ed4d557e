"""Pieces the three co-design documents share: the process's heading, quantities, and
signature lines.

A process heading (promoting body, CUP, RUP, territory…) opens the minutes, the agreement
and the monitoring report alike; quantities and indicator values are stored with three
decimals and printed with as many as they need (``900``, ``12,5``); a signature line is a
label above a line to write on, as in the application (``application._signature``).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportlab.platypus import Flowable, Table

from grantdesk.domain.money import format_number
from grantdesk.exports.pdf.blocks import Formats, gap
from grantdesk.exports.pdf.styles import Stylesheet
from grantdesk.exports.pdf.templates import FRAME_WIDTH
from grantdesk.exports.pdf.text import para
from grantdesk.i18n import _, ngettext
from grantdesk.services.codesign_documents import ProcessHeading

SIGNATURE_GAP = 18.0  # points between two lines to write on
SIGNATURE_ROOM = 30.0  # points above a line to sign on


def amount(value: Decimal | None, lang: str) -> str:
    """A quantity or an indicator value with the decimals it needs (at most three)."""
    if value is None:
        return "–"
    exponent = value.normalize().as_tuple().exponent
    places = min(3, -exponent) if isinstance(exponent, int) and exponent < 0 else 0
    return format_number(value, places, lang)


def with_unit(value: Decimal | None, unit: str, lang: str) -> str:
    """``900 ore``; the bare number when there is no unit or no value."""
    text = amount(value, lang)
    return f"{text} {unit}" if unit and value is not None else text


def months(count: int | None) -> str:
    if count is None:
        return ""
    return ngettext("{n} month", "{n} months", count).format(n=count)


def process_pairs(process: ProcessHeading, fmt: Formats) -> list[tuple[str, object]]:
    """The process's facts every document lists (empty ones left out by the caller)."""
    return [
        (_("Co-design process"), process.title),
        (_("Promoting body"), process.promoter),
        (_("CUP"), process.cup),
        (_("Person responsible (RUP)"), process.rup),
        (_("Territory"), process.territory),
        (_("Themes"), ", ".join(process.themes)),
        (_("Duration"), months(process.duration_months)),
        (_("Budget framework"), fmt.money(process.budget) if process.budget is not None else ""),
        (_("Current step"), process.status),
    ]


def shown(pairs: Sequence[tuple[str, object]]) -> list[tuple[str, object]]:
    """The pairs that have a value."""
    return [(label, value) for label, value in pairs if value not in ("", None)]


def signature_lines(labels: Sequence[str], st: Stylesheet) -> Table:
    """One line to write on under each label, side by side across the page."""
    room = FRAME_WIDTH - SIGNATURE_GAP * (len(labels) - 1)
    widths: list[float] = []
    cells: list[object] = []
    for n, label in enumerate(labels):
        if n:
            widths.append(SIGNATURE_GAP)
            cells.append("")
        widths.append(room / len(labels))
        cells.append(para(label, st.key))
    return Table(
        [cells, [""] * len(cells)],
        colWidths=widths,
        rowHeights=[None, SIGNATURE_ROOM],
        hAlign="LEFT",
        style=st.signature(len(labels)),
    )


def not_recorded(st: Stylesheet) -> Flowable:
    return para(_("Not recorded."), st.empty)


def text_block(text: str, st: Stylesheet) -> list[Flowable]:
    """Typed text as it was typed (line breaks kept), or "Not recorded."."""
    if not text.strip():
        return [not_recorded(st)]
    return [para(text, st.body), gap(2)]
