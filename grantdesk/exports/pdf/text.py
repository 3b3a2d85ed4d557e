"""User text into a PDF: the only way a ``Paragraph`` is made from what people typed.

reportlab's ``Paragraph`` reads markup: ``a<b`` raises, ``R&S`` prints as ``R&S;``, a
typed ``<font size=99>`` or ``<img src="/etc/passwd">`` would take effect. So every string
goes through ``markup``: control characters dropped, line breaks kept as ``<br/>``,
characters the font cannot draw shown as U+FFFD (never as a wrong glyph), then escaped
(``&``, ``<``, ``>`` and both quotes). Very long words (a pasted URL, 5,000 letters
without a space) are broken at the column edge by the styles' ``splitLongWords``, and
tables split inside a row (see ``tables``), so nothing runs off the page.

``fit`` is the same cleaning for text drawn straight on the canvas (headers, chart
labels), elided with "…" to a width.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from grantdesk.exports.pdf.fonts import SANS, supported

REPLACEMENT = "\ufffd"
ELLIPSIS = "…"
_QUOTES = {'"': "&quot;", "'": "&#39;"}
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c\x85]")
# C0 and C1 controls (tab, newline kept), surrogates, and the two non-characters.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


@cache
def _unsupported(font_name: str) -> re.Pattern[str]:
    """A pattern matching every character *font_name* has no glyph for."""
    points = sorted(supported(font_name) | {0x0A, 0x20})
    ranges: list[tuple[int, int]] = []
    for cp in points:
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    body = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )
    return re.compile(f"[^{body}]")


def clean(text: object, font_name: str = SANS) -> str:
    """*text* as plain characters *font_name* can draw: controls out, ``\\n`` line breaks."""
    if text is None:
        return ""
    value = _LINE_BREAKS.sub("\n", str(text)).replace("\t", " ")
    value = _CONTROLS.sub("", value)
    return _unsupported(font_name).sub(REPLACEMENT, value)


def markup(text: object, font_name: str = SANS) -> str:
    """*text* as safe Paragraph markup that shows exactly what was typed."""
    return escape(clean(text, font_name), _QUOTES).replace("\n", "<br/>")


class TextParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph that remembers its last line breaking.

    A table wraps every cell again for each page it continues on; breaking the same text
    at the same width once is enough (a 300-row table would otherwise break each cell a
    dozen times).
    """

    _last_wrap: tuple[Any, ...] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        last = self._last_wrap
        if last is not None and last[0] == availWidth:
            _w, self.width, self._wrapWidths, self.blPara, self.height = last
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        self._last_wrap = (availWidth, self.width, self._wrapWidths, self.blPara, self.height)
        return width, height


def para(text: object, style: ParagraphStyle) -> Paragraph:
    """A Paragraph showing *text* literally in *style*."""
    return TextParagraph(markup(text, style.fontName), style)


def labelled(label: str, value: object, style: ParagraphStyle) -> Paragraph:
    """``Label: value`` with the label in bold; both are escaped."""
    return TextParagraph(
        f"<b>{markup(label, style.fontName)}</b> {markup(value, style.fontName)}", style
    )


def stacked(
    main: object, secondary: object, style: ParagraphStyle, colour: str = "#5b6778"
) -> Paragraph:
    """Two lines in one cell: *main*, and under it *secondary* smaller in *colour*."""
    text = markup(main, style.fontName)
    extra = markup(secondary, style.fontName)
    if extra:
        size = style.fontSize - 1
        text += f'<br/><font color="{colour}" size="{size:g}">{extra}</font>'
    return TextParagraph(text, style)


def fit(text: object, font_name: str, size: float, width: float) -> str:
    """*text* on one line, elided with "…" so it is at most *width* points wide."""
    value = " ".join(clean(text, font_name).split())
    if stringWidth(value, font_name, size) <= width:
        return value
    low, high = 0, len(value)
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if stringWidth(value[:middle] + ELLIPSIS, font_name, size) <= width:
            low = middle
        else:
            high = middle - 1
    return value[:low].rstrip() + ELLIPSIS if low else ""
