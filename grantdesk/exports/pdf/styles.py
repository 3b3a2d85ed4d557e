"""The one stylesheet of GrantDesk's documents: every paragraph and table style, and colours.

Colours follow the window (``resources/style/app.qss`` and the Reports view): ink
``#1f2a37``, muted ``#5b6778``, accent ``#1d4f91``, rules ``#dfe3ea``, and the same status
colours as the pipeline strip. Body text is DejaVu Sans; tables use DejaVu Sans Condensed
so six columns of names and amounts fit an A4 page. No document tweaks a copy of a style:
a new need is a new entry here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import TableStyle

from grantdesk.exports.pdf.fonts import CONDENSED, CONDENSED_BOLD, SANS, SANS_BOLD, register_fonts

INK = colors.HexColor("#1f2a37")
MUTED_HEX = "#5b6778"
MUTED = colors.HexColor(MUTED_HEX)
ACCENT = colors.HexColor("#1d4f91")
ACCENT_SOFT = colors.HexColor("#dde8f6")
RULE = colors.HexColor("#dfe3ea")
ZEBRA = colors.HexColor("#f6f7f9")
ERROR = colors.HexColor("#b3261e")
WARNING = colors.HexColor("#c26a12")
GOOD = colors.HexColor("#3d8b5a")
REQUESTED = colors.HexColor("#5d8ccc")
OBTAINED = colors.HexColor("#2f9e62")
# The pipeline strip's colours (grantdesk/ui/views/dashboard_widgets.py), by status code.
STATUS_COLOURS = {
    "idea": colors.HexColor("#9db7dc"),
    "drafting": colors.HexColor("#5d8ccc"),
    "review": colors.HexColor("#1d4f91"),
    "submitted": colors.HexColor("#7a5cc0"),
    "awarded": colors.HexColor("#2f9e62"),
    "rejected": colors.HexColor("#c0675c"),
    "withdrawn": colors.HexColor("#a9b2bf"),
    "running": colors.HexColor("#4caf7d"),
    "reporting": colors.HexColor("#7cbf95"),
    "closed": colors.HexColor("#6b7a8f"),
}
TONES = {"good": GOOD, "warning": WARNING, "bad": ERROR, "muted": MUTED, "ink": INK}
# The timeline's colours by responsible body, the lead first: the proposal editor's Gantt
# (grantdesk/ui/gantt.py PALETTE), so the printed plan looks like the one on screen.
PARTNER_COLOURS = tuple(
    colors.HexColor(h)
    for h in (
        "#2f6fb0",
        "#2e8b57",
        "#c77d1a",
        "#8e44ad",
        "#c0392b",
        "#16a085",
        "#b5651d",
        "#5d6d7e",
        "#d4a017",
        "#6c3483",
        "#1f618d",
        "#7d8c2c",
    )
)
NO_PARTNER = colors.HexColor("#9aa4b2")


def partner_colour(index: int) -> colors.Color:
    """The colour of the body at *index* in the partnership (-1: no one responsible)."""
    return PARTNER_COLOURS[index % len(PARTNER_COLOURS)] if index >= 0 else NO_PARTNER


def tone_hex(tone: str) -> str:
    """A tone's colour as ``#rrggbb`` (for a line of a stacked cell)."""
    return "#" + str(TONES[tone].hexval())[2:]


CELL_PADDING = 3.5


def _style(name: str, **kw: object) -> ParagraphStyle:
    base: dict[str, object] = {
        "fontName": SANS,
        "fontSize": 9.5,
        "leading": 13.5,
        "textColor": INK,
        # A 5,000-letter word is cut at the column edge instead of running off the page.
        "splitLongWords": 1,
        "alignment": TA_LEFT,
    }
    return ParagraphStyle(name, **(base | kw))


@dataclass(frozen=True)
class Stylesheet:
    """Every style a document may use; build it with ``stylesheet()``."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    note: ParagraphStyle
    empty: ParagraphStyle
    figure: ParagraphStyle
    figure_label: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_bold_right: ParagraphStyle
    header: ParagraphStyle
    header_right: ParagraphStyle
    key: ParagraphStyle
    value: ParagraphStyle
    week: ParagraphStyle
    kicker: ParagraphStyle
    cover_title: ParagraphStyle

    def tone(self, tone: str) -> ParagraphStyle:
        """A table cell in one of ``TONES`` (document status: good, warning, bad)."""
        return _toned(tone)

    def table(self, rows: int, *, total: bool = False, zebra: bool = True) -> TableStyle:
        """A data table: tinted header row, light rules, zebra rows, optional totals row."""
        commands: list[tuple[object, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), CONDENSED),  # never Helvetica, even unused
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("BACKGROUND", (0, 0), (-1, 0), ACCENT_SOFT),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ]
        body_end = rows - 1 - (1 if total else 0)
        if zebra and body_end >= 2:
            commands.append(("ROWBACKGROUNDS", (0, 1), (-1, body_end), [None, ZEBRA]))
        if total:
            commands += [
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
                ("BACKGROUND", (0, -1), (-1, -1), ACCENT_SOFT),
            ]
        return TableStyle(commands)

    def key_values(self) -> TableStyle:
        """The label/value grid of a register entry or a cover page."""
        return TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
            ]
        )

    def signature(self, fields: int) -> TableStyle:
        """A signature block of *fields* labels above lines to write on; the columns between
        them (1, 3, …) are gaps, so each line stands apart."""
        commands: list[tuple[object, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), SANS),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
        commands += [("LINEBELOW", (2 * n, 1), (2 * n, 1), 0.6, INK) for n in range(fields)]
        return TableStyle(commands)

    def legend(self) -> TableStyle:
        """A chart's legend as a table: a colour swatch before each (wrapping) name."""
        return TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), CONDENSED),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )

    def figures(self) -> TableStyle:
        """A row of key figures (label above a large number), as on the Home view."""
        return TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, -1), ZEBRA),
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("LINEAFTER", (0, 0), (-2, -1), 0.5, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )


def _cell(name: str, **kw: object) -> ParagraphStyle:
    return _style(name, **({"fontName": CONDENSED, "fontSize": 8.5, "leading": 10.5} | kw))


@cache
def _toned(tone: str) -> ParagraphStyle:
    return _cell(f"cell-{tone}", textColor=TONES[tone], fontName=CONDENSED_BOLD)


@cache
def stylesheet() -> Stylesheet:
    """The stylesheet (fonts registered on first use)."""
    register_fonts()
    return Stylesheet(
        title=_style("title", fontName=SANS_BOLD, fontSize=18, leading=22, textColor=ACCENT),
        subtitle=_style("subtitle", fontSize=10, leading=14, textColor=MUTED, spaceAfter=10),
        h1=_style(
            "h1",
            fontName=SANS_BOLD,
            fontSize=13,
            leading=16,
            textColor=ACCENT,
            spaceBefore=14,
            spaceAfter=6,
            keepWithNext=1,
        ),
        h2=_style(
            "h2",
            fontName=SANS_BOLD,
            fontSize=10.5,
            leading=13,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,
        ),
        body=_style("body", spaceAfter=6),
        note=_style("note", fontSize=8, leading=10.5, textColor=MUTED, spaceBefore=3),
        empty=_style("empty", fontSize=9, leading=12, textColor=MUTED, spaceAfter=6),
        figure=_style("figure", fontName=SANS_BOLD, fontSize=14, leading=17, textColor=ACCENT),
        figure_label=_style("figure-label", fontSize=8, leading=10, textColor=MUTED),
        cell=_cell("cell"),
        cell_right=_cell("cell-right", alignment=TA_RIGHT),
        cell_bold=_cell("cell-bold", fontName=CONDENSED_BOLD),
        cell_bold_right=_cell("cell-bold-right", fontName=CONDENSED_BOLD, alignment=TA_RIGHT),
        header=_cell("header", fontName=CONDENSED_BOLD, fontSize=8, leading=10),
        header_right=_cell(
            "header-right", fontName=CONDENSED_BOLD, fontSize=8, leading=10, alignment=TA_RIGHT
        ),
        key=_style("key", fontSize=8.5, leading=11.5, textColor=MUTED),
        value=_style("value", fontSize=9.5, leading=12.5),
        week=_style(
            "week",
            fontName=SANS_BOLD,
            fontSize=10,
            leading=13,
            textColor=ACCENT,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,
        ),
        kicker=_style(
            "kicker", fontName=SANS_BOLD, fontSize=9, leading=12, textColor=MUTED, spaceAfter=6
        ),
        cover_title=_style(
            "cover-title",
            fontName=SANS_BOLD,
            fontSize=21,
            leading=26,
            textColor=ACCENT,
            spaceAfter=6,
        ),
    )
