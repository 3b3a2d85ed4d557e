"""A layout that puts its widgets side by side in as many lines as the width needs.

Used by the status pipeline (eight statuses in one row are wider than a 1280 px window's
editor tab); an item added with ``glue=True`` stays on the line of the one before it.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Items side by side, in as many lines as the width needs. An item added with
    ``glue=True`` stays on the line of the one before it (an arrow after its status)."""

    def __init__(self, spacing: int = 2, line_spacing: int = 6) -> None:
        super().__init__()
        self._items: list[QLayoutItem] = []
        self._glue: list[bool] = []
        self._gap = spacing
        self._line_gap = line_spacing
        self.setContentsMargins(0, 0, 0, 0)

    def add_widget(self, widget: QWidget, glue: bool = False) -> None:
        self.addWidget(widget)
        self._glue[-1] = glue

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self._glue.append(False)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if not 0 <= index < len(self._items):
            return None
        self._glue.pop(index)
        return self._items.pop(index)

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._lay_out(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._lay_out(rect, apply=True)

    def sizeHint(self) -> QSize:  # all on one line
        units = self._units()
        width = sum(self._unit_width(u) for u in units) + self._gap * max(0, len(units) - 1)
        height = max((i.sizeHint().height() for u in units for i in u), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:  # the widest status with its arrow
        units = self._units()
        width = max((self._unit_width(u) for u in units), default=0)
        height = max((i.sizeHint().height() for u in units for i in u), default=0)
        return QSize(width, height)

    def _units(self) -> list[list[QLayoutItem]]:
        """The shown items, glued ones with the item before them."""
        units: list[list[QLayoutItem]] = []
        for item, glue in zip(self._items, self._glue, strict=True):
            if item.isEmpty():
                continue
            if glue and units:
                units[-1].append(item)
            else:
                units.append([item])
        return units

    def _unit_width(self, unit: list[QLayoutItem]) -> int:
        return sum(i.sizeHint().width() for i in unit) + self._gap * (len(unit) - 1)

    def _lay_out(self, rect: QRect, apply: bool) -> int:
        """Place the items in lines within *rect* (when *apply*); the height they take."""
        lines: list[list[list[QLayoutItem]]] = [[]]
        used = 0
        for unit in self._units():
            width = self._unit_width(unit)
            if lines[-1] and used + self._gap + width > rect.width():
                lines.append([])
                used = 0
            used += (self._gap if lines[-1] else 0) + width
            lines[-1].append(unit)
        y = rect.y()
        for line in lines:
            height = max((i.sizeHint().height() for u in line for i in u), default=0)
            x = rect.x()
            for unit in line:
                for item in unit:
                    hint = item.sizeHint()
                    if apply:
                        top = y + (height - hint.height()) // 2
                        item.setGeometry(QRect(QPoint(x, top), hint))
                    x += hint.width() + self._gap
            y += height + self._line_gap
        return max(0, y - self._line_gap - rect.y())
