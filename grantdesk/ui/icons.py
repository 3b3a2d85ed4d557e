"""Icons and the stylesheet, read from the installed ``grantdesk.resources`` package.

Icons are hand-written line SVGs drawn with ``currentColor``; they are tinted here, so one
file gives the normal, selected and disabled looks without a second drawing.
"""

from __future__ import annotations

import functools
from importlib import resources
from importlib.abc import Traversable

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QPainter, QPixmap

# The colours of the stylesheet (resources/style/app.qss), for the tinted icons.
INK = "#3b4a5e"
ACCENT = "#1d4f91"
MUTED = "#8593a6"
DISABLED = "#b3bcc8"


def resource_root() -> Traversable:
    """The folder of data files installed as ``grantdesk.resources``."""
    return resources.files("grantdesk.resources")


def _svg(name: str) -> str:
    return resource_root().joinpath("icons", f"{name}.svg").read_text(encoding="utf-8")


def _render(svg: str, colour: str, size: int, ratio: float) -> QPixmap:
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", colour).encode("utf-8")))
    pixmap = QPixmap(QSize(round(size * ratio), round(size * ratio)))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter, QRectF(0, 0, pixmap.width(), pixmap.height()))
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


class _TintedSvg(QIconEngine):
    """Renders a line icon on demand, at the size and in the colour of each mode.

    Rendering only the pixmaps Qt asks for keeps the window's start-up fast.
    """

    def __init__(self, svg: str, colours: dict[QIcon.Mode, str]) -> None:
        super().__init__()
        self._svg = svg
        self._colours = colours
        self._cache: dict[tuple[int, QIcon.Mode, float], QPixmap] = {}

    def _pixmap(self, size: int, mode: QIcon.Mode, ratio: float) -> QPixmap:
        key = (size, mode, ratio)
        if key not in self._cache:
            colour = self._colours.get(mode, self._colours[QIcon.Mode.Normal])
            self._cache[key] = _render(self._svg, colour, size, ratio)
        return self._cache[key]

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self._pixmap(min(size.width(), size.height()), mode, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        return self._pixmap(min(size.width(), size.height()), mode, scale)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        side = min(rect.width(), rect.height())
        painter.drawPixmap(rect.topLeft(), self._pixmap(side, mode, ratio))

    def clone(self) -> QIconEngine:
        return _TintedSvg(self._svg, self._colours)


@functools.cache
def icon(name: str, colour: str = INK, selected: str = ACCENT) -> QIcon:
    """The icon *name* (``resources/icons/<name>.svg``) tinted for each mode."""
    colours = {
        QIcon.Mode.Normal: colour,
        QIcon.Mode.Active: colour,
        QIcon.Mode.Selected: selected,
        QIcon.Mode.Disabled: DISABLED,
    }
    return QIcon(_TintedSvg(_svg(name), colours))


@functools.cache
def app_icon() -> QIcon:
    """GrantDesk's own (coloured) icon, for windows and the About box."""
    svg = _svg("grantdesk")
    result = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        result.addPixmap(_render(svg, INK, size, 1.0))
    return result


def pixmap(name: str, size: int, colour: str = MUTED) -> QPixmap:
    """A single tinted rendering, for large illustrations such as empty states."""
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen()
    return _render(_svg(name), colour, size, screen.devicePixelRatio() if screen else 1.0)


def stylesheet() -> str:
    """The application's stylesheet (``resources/style/app.qss``)."""
    return resource_root().joinpath("style", "app.qss").read_text(encoding="utf-8")
