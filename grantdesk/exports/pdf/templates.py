"""The page every document is printed on, and the build that makes the bytes.

A4 with generous margins; a header with two document-specific texts (the call code and
the proposal acronym, a report's subject and period) above a rule; a footer with the
generation date and "Pagina X di Y" (the canvas keeps each page until the last one is
known, then numbers them all). PDF metadata — title, author, subject, keywords, language —
is set from ``DocumentInfo``. With ``BuildOptions.fixed_date`` the build is reproducible:
reportlab's invariant mode plus that date as creation date, so the same data gives the
same bytes (tests compare them).

``build`` runs one document's story function in the document's language (Italian unless
asked otherwise) and holds a lock, because the language and reportlab's settings are
process-wide: two documents are never built at the same time.
"""

from __future__ import annotations

import calendar
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from io import BytesIO
from pathlib import Path
from typing import Any, TypeVar

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from grantdesk import __version__
from grantdesk.domain.dates import ROME, format_date
from grantdesk.exports.pdf.fonts import SANS, register_fonts
from grantdesk.exports.pdf.styles import MUTED, RULE
from grantdesk.exports.pdf.text import clean, fit
from grantdesk.i18n import _, current_language, set_language

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
HEADER_SIZE = 7.5
LANGUAGES = ("it", "en")

T = TypeVar("T")
Story = tuple["DocumentInfo", list[Flowable]]


@dataclass(frozen=True)
class DocumentInfo:
    """What a document says about itself: metadata and the header's two texts."""

    title: str
    subject: str = ""
    keywords: tuple[str, ...] = ()
    header_left: str = ""
    header_right: str = ""
    author: str = "GrantDesk"


@dataclass(frozen=True)
class BuildOptions:
    """How to build: the document's language and, for reproducible output, a fixed date.

    The fixed date is also the report's "today" (what is overdue, what expires soon), so a
    rebuild on another day gives the same bytes.
    """

    lang: str = "it"
    fixed_date: date | None = None

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(f"unsupported document language: {self.lang!r}")

    def today(self) -> date:
        """The fixed date, or today in Rome."""
        return self.fixed_date or datetime.now(ROME).date()


@dataclass(frozen=True)
class BuiltDocument:
    """A finished PDF in memory."""

    data: bytes
    pages: int

    def write(self, target: Path) -> None:
        """Write the PDF to *target* all at once: never a half-written file."""
        folder = target.parent
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(self.data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


_build_lock = threading.RLock()


def lock_down() -> None:
    """reportlab may fetch nothing: no host or scheme is trusted for images or fonts.

    User text is escaped before it becomes markup, so ``<img src=…>`` never reaches the
    parser; this is the second wall behind that one.
    """
    rl_config.trustedHosts = []
    rl_config.trustedSchemes = []


@contextmanager
def document_language(lang: str) -> Iterator[str]:
    """Translate into *lang* for one document build, then restore the previous language."""
    previous = current_language()
    if lang == previous:
        yield lang
        return
    set_language(lang)
    try:
        yield lang
    finally:
        set_language(previous)


def build(
    compose: Callable[[T, BuildOptions], Story], data: T, options: BuildOptions
) -> BuiltDocument:
    """Write *data*'s story with *compose* and render it, in the options' language."""
    with _build_lock, document_language(options.lang):
        info, story = compose(data, options)
        return render(info, story, options)


def _metadata(text: str) -> str:
    return " ".join(clean(text).split())[:500]


def _timestamp(day: date) -> TimeStamp:
    stamp = TimeStamp(invariant=1)
    stamp.t = calendar.timegm((day.year, day.month, day.day, 12, 0, 0))
    stamp.lt = time.gmtime(stamp.t)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


class _PageDecorator:
    """Draws the header and the footer once the number of pages is known."""

    def __init__(self, info: DocumentInfo, options: BuildOptions) -> None:
        self.left = info.header_left
        self.right = info.header_right
        self.generated = _("Generated on {date} with GrantDesk").format(
            date=format_date(options.today(), options.lang)
        )

    def __call__(self, canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.setFillColor(MUTED)
        canvas.setFont(SANS, HEADER_SIZE)
        left, right = MARGIN_X, PAGE_WIDTH - MARGIN_X
        top = PAGE_HEIGHT - 13 * mm
        right_text = fit(self.right, SANS, HEADER_SIZE, FRAME_WIDTH * 0.38)
        room = FRAME_WIDTH - canvas.stringWidth(right_text, SANS, HEADER_SIZE) - 12
        canvas.drawString(left, top, fit(self.left, SANS, HEADER_SIZE, room))
        canvas.drawRightString(right, top, right_text)
        canvas.line(left, top - 4, right, top - 4)
        bottom = 12 * mm
        canvas.line(left, bottom + 9, right, bottom + 9)
        canvas.drawString(left, bottom, fit(self.generated, SANS, HEADER_SIZE, FRAME_WIDTH * 0.6))
        canvas.drawRightString(
            right, bottom, _("Page {page} of {pages}").format(page=page, pages=pages)
        )
        canvas.restoreState()


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Keeps every page until ``save`` so each footer can say "of Y"."""

    def __init__(
        self,
        *args: Any,
        decorate: _PageDecorator,
        fixed: date | None,
        pages: list[int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._decorate = decorate
        self._pages_out = pages
        self._kept: list[dict[str, Any]] = []
        if fixed is not None:
            self._doc._timeStamp = _timestamp(fixed)

    def showPage(self) -> None:
        self._kept.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._kept)
        for number, state in enumerate(self._kept, start=1):
            self.__dict__.update(state)
            self._decorate(self, number, total)
            super().showPage()
        self._pages_out.append(total)
        super().save()


def render(info: DocumentInfo, story: list[Flowable], options: BuildOptions) -> BuiltDocument:
    """Lay *story* out on A4 pages and return the PDF."""
    register_fonts()
    lock_down()
    buffer = BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=_metadata(info.title),
        author=_metadata(info.author),
        subject=_metadata(info.subject),
        keywords=[_metadata(k) for k in info.keywords if k.strip()],
        creator=f"GrantDesk {__version__}",
        lang=options.lang,
        invariant=1 if options.fixed_date else 0,
        initialFontName=SANS,
    )
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        FRAME_WIDTH,
        FRAME_HEIGHT,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    pages: list[int] = []
    maker = partial(
        _NumberedCanvas,
        decorate=_PageDecorator(info, options),
        fixed=options.fixed_date,
        pages=pages,
    )
    doc.build(list(story), canvasmaker=maker)
    return BuiltDocument(buffer.getvalue(), pages[-1] if pages else 0)
