"""Tables whose cells are Paragraphs: long names wrap, headers repeat on every page.

``data_table`` sizes number and date columns to their widest value (so an amount never
breaks across lines and ``pdftotext`` reads it whole) and shares the rest of the width
among the text columns; rows split across pages when one is taller than a page (a
5,000-character description) and the header row repeats on each continued page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table

from grantdesk.exports.pdf.styles import CELL_PADDING, MUTED_HEX, Stylesheet, stylesheet
from grantdesk.exports.pdf.templates import FRAME_HEIGHT
from grantdesk.exports.pdf.text import clean, para, stacked


class Fit(Enum):
    """How a column takes its width."""

    TEXT = "text"  # shares the free width, wraps
    NUMBER = "number"  # as wide as its widest value, right-aligned
    COMPACT = "compact"  # as wide as its widest value, left-aligned (dates, short codes)


@dataclass(frozen=True)
class Toned:
    """A cell whose text is coloured by its meaning (``styles.TONES``: good, warning, bad)."""

    text: str
    tone: str


@dataclass(frozen=True)
class Stacked:
    """A cell of two lines: *main*, and under it *secondary*, smaller, in *colour*."""

    main: str
    secondary: str
    colour: str = MUTED_HEX


@dataclass(frozen=True)
class Column:
    header: str
    fit: Fit = Fit.TEXT
    weight: float = 1.0  # share of the free width among TEXT columns


class DataTable(Table):  # type: ignore[misc]
    """A table that keeps ordinary rows whole and splits only a row no page could hold.

    reportlab's ``splitInRow`` would also cut a two-line row at the foot of a page, and put
    a second header in the middle of a page when a piece starts in the space left over.
    Here a row is cut only when it is taller than half a page (a pasted 5,000-character
    text), exactly where the page ends; every other split falls between rows.
    """

    tall_row = 0.5 * FRAME_HEIGHT

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._calc(availWidth, availHeight)
        heights = self._rowHeights
        n = self._getFirstPossibleSplitRowPosition(availHeight, ignoreSpans=1)
        if n < len(heights) and heights[n] > self.tall_row:
            parts: list[Flowable] = self._splitRows(availHeight, doInRowSplit=1)
            if parts:
                return parts
        return self._splitRows(availHeight, doInRowSplit=0)  # type: ignore[no-any-return]


MIN_TEXT_WIDTH = 56.0  # points: about eight characters of condensed text


def _plain(value: object) -> str:
    if isinstance(value, Toned):
        return value.text
    if isinstance(value, Stacked):
        return max(value.main, value.secondary, key=len)
    return str(value)


def _natural_width(values: Sequence[object], font: str, size: float, header: str) -> float:
    widest = max((stringWidth(clean(_plain(v), font), font, size) for v in values), default=0.0)
    words = clean(header, font).split() or [""]
    widest = max(widest, *(stringWidth(w, font, 8) for w in words))
    return float(widest) + 2 * CELL_PADDING + 1.5


def column_widths(
    columns: Sequence[Column], rows: Sequence[Sequence[object]], width: float, st: Stylesheet
) -> list[float]:
    """Widths summing to *width*: sized columns first, the rest by weight."""
    sized: dict[int, float] = {}
    for i, col in enumerate(columns):
        if col.fit is not Fit.TEXT:
            values = [row[i] for row in rows if not isinstance(row[i], Flowable)]
            sized[i] = _natural_width(values, st.cell_bold.fontName, st.cell.fontSize, col.header)
    text_cols = [i for i, c in enumerate(columns) if c.fit is Fit.TEXT]
    room = MIN_TEXT_WIDTH * len(text_cols)
    taken = sum(sized.values())
    if taken > width - room:  # too many figures: shrink them alike (they may then wrap)
        scale = (width - room) / taken
        sized = {i: w * scale for i, w in sized.items()}
        taken = width - room
    free = width - taken
    weights = sum(columns[i].weight for i in text_cols) or 1.0
    widths = []
    for i, col in enumerate(columns):
        widths.append(sized[i] if i in sized else free * col.weight / weights)
    if not text_cols and widths:  # spread the spare width over the last column
        widths[-1] += width - sum(widths)
    return widths


def _cell(value: object, style: ParagraphStyle, st: Stylesheet) -> Flowable:
    if isinstance(value, Flowable):
        return value
    if isinstance(value, Toned):
        return para(value.text, st.tone(value.tone))
    if isinstance(value, Stacked):
        return stacked(value.main, value.secondary, style, value.colour)
    return para(value, style)


def data_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[object]],
    width: float,
    *,
    total: Sequence[object] | None = None,
    st: Stylesheet | None = None,
    widths: Sequence[float] | None = None,
) -> Table:
    """A table of *rows* (strings or ready Paragraphs) under *columns*, with a totals row.

    *widths* (from ``column_widths`` over several tables) lines up tables one under another.
    """
    st = st or stylesheet()
    every = [*rows, *([total] if total is not None else [])]
    widths = list(widths) if widths is not None else column_widths(columns, every, width, st)
    header = [
        para(c.header, st.header_right if c.fit is Fit.NUMBER else st.header) for c in columns
    ]
    body: list[list[Flowable]] = [header]
    for row in rows:
        body.append(
            [
                _cell(v, st.cell_right if c.fit is Fit.NUMBER else st.cell, st)
                for c, v in zip(columns, row, strict=True)
            ]
        )
    if total is not None:
        body.append(
            [
                _cell(v, st.cell_bold_right if c.fit is Fit.NUMBER else st.cell_bold, st)
                for c, v in zip(columns, total, strict=True)
            ]
        )
    table = DataTable(
        body,
        colWidths=widths,
        repeatRows=1,
        splitInRow=1,
        hAlign="LEFT",
        style=st.table(len(body), total=total is not None),
    )
    return table


def key_value_table(
    pairs: Sequence[tuple[str, object]], width: float, *, st: Stylesheet | None = None
) -> Table:
    """Labels on the left, values on the right (a register entry, a cover page)."""
    st = st or stylesheet()
    labels = [label for label, _value in pairs]
    key_width = min(
        width * 0.36,
        max(
            (
                stringWidth(clean(k, st.key.fontName), st.key.fontName, st.key.fontSize)
                for k in labels
            ),
            default=40.0,
        )
        + 12,
    )
    data = [[para(label, st.key), _cell(value, st.value, st)] for label, value in pairs]
    return DataTable(
        data,
        colWidths=[key_width, width - key_width],
        splitInRow=1,
        hAlign="LEFT",
        style=st.key_values(),
    )


def figures_row(
    items: Sequence[tuple[str, str]], width: float, *, st: Stylesheet | None = None
) -> Table:
    """Key figures side by side: a large value above its label."""
    st = st or stylesheet()
    cells: list[list[Paragraph]] = [
        [para(value, st.figure), para(label, st.figure_label)] for label, value in items
    ]
    table = Table(
        [cells],
        colWidths=[width / len(items)] * len(items),
        hAlign="LEFT",
        style=st.figures(),
    )
    table.spaceAfter = 8
    return table
