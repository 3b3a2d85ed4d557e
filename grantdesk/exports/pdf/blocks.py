"""Pieces every report's story uses: the title block, sections, figures in the document's
language (``Formats``), and how far away a deadline is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from grantdesk.domain.dates import format_date, format_deadline
from grantdesk.domain.money import format_eur, format_number, format_percent
from grantdesk.exports.pdf.styles import Stylesheet
from grantdesk.exports.pdf.templates import FRAME_HEIGHT, FRAME_WIDTH
from grantdesk.exports.pdf.text import para
from grantdesk.i18n import _, ngettext


@dataclass(frozen=True)
class Formats:
    """Numbers and dates the way the document's language writes them."""

    lang: str

    def money(self, amount: Decimal | None) -> str:
        return format_eur(amount, self.lang) if amount is not None else "–"

    def number(self, value: int) -> str:
        return format_number(Decimal(value), 0, self.lang)

    def percent(self, value: Decimal | None) -> str:
        return format_percent(value, 1, self.lang) if value is not None else "–"

    def date(self, day: date | None) -> str:
        return format_date(day, self.lang)

    def deadline(self, moment: datetime) -> str:
        return format_deadline(moment, self.lang)


def title_block(title: str, subtitle: str, st: Stylesheet) -> list[Flowable]:
    """The document's title and the line under it."""
    return [para(title, st.title), Spacer(1, 3), para(subtitle, st.subtitle)]


SECTION_ROOM = 110.0  # points: a heading never ends a page without a few lines under it


def _height(flowable: Flowable) -> float:
    _w, h = flowable.wrap(FRAME_WIDTH, FRAME_HEIGHT)
    return float(h + flowable.getSpaceBefore() + flowable.getSpaceAfter())


def section(
    title: str,
    intro: str,
    first: Flowable | None,
    st: Stylesheet,
    heading: ParagraphStyle | None = None,
    then: Table | None = None,
) -> list[Flowable]:
    """A section's heading, its introduction and its first block (a chart), kept together.

    With a table *then*, the section starts on a new page unless its heading, introduction,
    first block and the table's first row fit on this one.
    """
    parts: list[Flowable] = [para(title, heading or st.h1)]
    if intro:
        parts.append(para(intro, st.body))
    if first is not None:
        parts.append(first)
    room = SECTION_ROOM
    if then is not None:
        then.wrap(FRAME_WIDTH, FRAME_HEIGHT)
        rows = float(sum(then._rowHeights[:2]))  # the header and the first row
        room = min(FRAME_HEIGHT / 3, sum(_height(p) for p in parts) + rows + 6)
    return [CondPageBreak(room), KeepTogether(parts), *([then] if then is not None else [])]


def deadline_tone(days_left: int, done: bool = False) -> str:
    """Red when overdue, amber within a week, green when done, ink otherwise."""
    if done:
        return "good"
    if days_left < 0:
        return "bad"
    return "warning" if days_left <= 7 else "ink"


def gap(height: float = 8) -> Spacer:
    return Spacer(1, height)


def due_phrase(days: int) -> str:
    """How far a deadline is: ``tra 3 giorni``, ``oggi``, ``scaduta da 2 giorni``."""
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    if days == -1:
        return _("overdue since yesterday")
    if days < 0:
        return ngettext("overdue by {n} day", "overdue by {n} days", -days).format(n=-days)
    return ngettext("in {n} day", "in {n} days", days).format(n=days)
