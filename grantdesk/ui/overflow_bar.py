"""A row of tool buttons that never squeezes them: what does not fit goes under “More ▾”.

The way Qt's own toolbar extension (“»”) and the office suites' “More” do it: the bar
takes whatever width its row leaves it, shows as many of its buttons as fit from the
left at their natural width, and puts the rest, in order, in the menu of a “More ▾”
button at its end, shown only while something is hidden (a push button with a menu,
like “PDF ▾” beside it). In that menu a button with a menu of its own (“PDF ▾”) is a
submenu holding the same actions; any other button is an entry with its text, icon
and tooltip that clicks it. Entries are enabled as their buttons are, read again each
time the menu opens.

Tool widgets go into :attr:`OverflowBar.row`, an ordinary :class:`QHBoxLayout`: single
buttons, toolbars (widgets whose own layout holds buttons, each of which may overflow
on its own), fixed spacings. Keyboard shortcuts are not affected: they belong to
actions on the view, not to the buttons, so they work whether a button shows or not.

A button hidden by its own code stays hidden: the bar only shows again what it hid.
"""

from __future__ import annotations

from collections.abc import Iterator

import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QHBoxLayout,
    QLayout,
    QLayoutItem,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSpacerItem,
    QStyle,
    QToolButton,
    QWidget,
)

from grantdesk.i18n import _

SPACING = 6  # between the tool widgets, as inside the toolbars


def _spacing(layout: QLayout, widget: QWidget) -> int:
    """The horizontal gap *layout* leaves between two items."""
    gap = layout.spacing()
    if gap < 0:
        style = widget.style()
        gap = style.pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing, None, widget)
    return max(0, gap)


def _width(widget: QWidget) -> int:
    """The width a box layout gives *widget* when it has room: its size hint, as
    QWidgetItem computes it."""
    hint = max(widget.sizeHint().width(), widget.minimumSizeHint().width())
    return max(widget.minimumWidth(), min(hint, widget.maximumWidth()))


def _key(spacer: QSpacerItem) -> int:
    """A spacing's identity (its Python wrapper may be a new one at each look)."""
    return int(shiboken6.getCppPointer(spacer)[0])


def _button_menu(button: QAbstractButton) -> QMenu | None:
    if isinstance(button, QPushButton | QToolButton):
        return button.menu()
    return None


class OverflowBar(QWidget):
    """The tool widgets of a heading; those that do not fit are in :attr:`more_menu`.

    Add tool widgets to :attr:`row`, *spacing* apart (0: toolbars keep their own
    margins, spacings are added with ``row.addSpacing``). :meth:`buttons` lists every
    button the bar holds, in order; :meth:`overflowed` those it has moved into the menu.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = SPACING) -> None:
        super().__init__(parent)
        self.setObjectName("OverflowBar")
        # Whatever width the heading leaves: the window may shrink, the bar never asks.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(0)
        self._hidden: list[QAbstractButton] = []  # what the bar hid, nothing else
        self._hidden_groups: list[QWidget] = []
        self._spacers: dict[int, int] = {}  # spacing (its _key) → its own width
        self._busy = False
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(SPACING)
        outer.addStretch(1)  # the buttons keep to the right, as before
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(spacing)  # between the tool widgets of the row
        outer.addLayout(self.row)
        self.more_menu = QMenu(self)
        self.more_menu.setObjectName("OverflowMenu")
        self.more_menu.setToolTipsVisible(True)
        self.more_menu.aboutToShow.connect(self._fill_menu)
        # A push button with a menu, like “PDF ▾” beside it (a QToolButton would draw its
        # arrow in a corner and stand slimmer than its neighbours).
        self.more_button = QPushButton(_("More"))
        self.more_button.setObjectName("OverflowButton")
        self.more_button.setToolTip(_("The actions that do not fit in the window’s width"))
        self.more_button.setMenu(self.more_menu)
        self.more_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.more_button.hide()
        outer.addWidget(self.more_button)

    # -- what the bar holds --------------------------------------------------------------

    def _entries(self) -> Iterator[tuple[QLayoutItem, QWidget | None, list[QAbstractButton]]]:
        """Each item of the row with its widget (None: a spacing) and its buttons."""
        for index in range(self.row.count()):
            item = self.row.itemAt(index)
            if item is None:
                continue
            widget = item.widget()
            if widget is None:
                yield item, None, []
            elif isinstance(widget, QAbstractButton):
                yield item, widget, [widget]
            else:
                yield item, widget, self._group_buttons(widget)

    @staticmethod
    def _group_buttons(group: QWidget) -> list[QAbstractButton]:
        layout = group.layout()
        found: list[QAbstractButton] = []
        if layout is None:
            return found
        for index in range(layout.count()):
            item = layout.itemAt(index)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QAbstractButton):
                found.append(widget)
        return found

    def buttons(self) -> list[QAbstractButton]:
        """Every button of the bar, in order (hidden ones too), without “More”."""
        return [button for _item, _widget, buttons in self._entries() for button in buttons]

    def overflowed(self) -> list[QAbstractButton]:
        """The buttons the bar has moved into the “More” menu, in order."""
        return [button for button in self.buttons() if button in self._hidden]

    def _wanted(self, button: QAbstractButton) -> bool:
        """False for a button hidden by its own code (the bar leaves it hidden)."""
        return not button.isHidden() or button in self._hidden

    def _group_wanted(self, group: QWidget) -> bool:
        return not group.isHidden() or group in self._hidden_groups

    # -- fitting -------------------------------------------------------------------------

    def _candidates(self) -> list[QAbstractButton]:
        """The buttons that may show, in order."""
        found: list[QAbstractButton] = []
        for _item, widget, buttons in self._entries():
            if widget is None or (widget not in buttons and not self._group_wanted(widget)):
                continue
            found.extend(button for button in buttons if self._wanted(button))
        return found

    def _row_width(self, shown: set[QAbstractButton]) -> tuple[int, dict[int, bool]]:
        """How wide the row is with only *shown* of its buttons, and which spacings count
        (those between two visible widgets)."""
        widths: list[int | None] = []  # None: a spacing, then settled below
        spacers: list[tuple[int, QSpacerItem]] = []
        for item, widget, buttons in self._entries():
            if widget is None:
                spacer = item.spacerItem()
                if spacer is not None:
                    spacers.append((len(widths), spacer))
                    widths.append(None)
                continue
            if widget in buttons:  # a single button
                if widget in shown:
                    widths.append(_width(widget))
                continue
            if not self._group_wanted(widget):
                continue
            width = self._group_width(widget, shown)
            if width is not None:
                widths.append(width)
        counted: dict[int, bool] = {}
        total = 0
        for position, spacer in spacers:
            before = any(w is not None for w in widths[:position])
            after = any(w is not None for w in widths[position + 1 :])
            counted[_key(spacer)] = before and after
            if before and after:
                total += self._spacers.get(_key(spacer), spacer.sizeHint().width())
        visible = [w for w in widths if w is not None]
        total += sum(visible) + _spacing(self.row, self) * max(0, len(visible) - 1)
        return total, counted

    def _group_width(self, group: QWidget, shown: set[QAbstractButton]) -> int | None:
        """The width of a toolbar showing only *shown* of its buttons; None when it
        shows nothing at all."""
        layout = group.layout()
        if layout is None:
            return _width(group)
        parts: list[int] = []
        fixed = 0
        for index in range(layout.count()):
            item = layout.itemAt(index)
            if item is None:
                continue
            widget = item.widget()
            if widget is None:
                spacer = item.spacerItem()
                fixed += spacer.sizeHint().width() if spacer is not None else 0
            elif isinstance(widget, QAbstractButton):
                if widget in shown:
                    parts.append(_width(widget))
            elif not widget.isHidden():
                parts.append(_width(widget))
        if not parts:
            return None
        margins = layout.contentsMargins()
        gaps = _spacing(layout, group) * (len(parts) - 1)
        return margins.left() + margins.right() + fixed + sum(parts) + gaps

    def _fit(self) -> None:
        """Show as many buttons as fit from the left; the rest go under “More”."""
        candidates = self._candidates()
        room = self.width()
        more = _width(self.more_button) + SPACING
        count = len(candidates)
        while count > 0:
            shown = set(candidates[:count])
            width, _counted = self._row_width(shown)
            if width + (more if count < len(candidates) else 0) <= room:
                break
            count -= 1
        shown = set(candidates[:count])
        _width_used, counted = self._row_width(shown)
        changed = False
        for button in candidates:
            if button in shown and button in self._hidden:
                self._hidden.remove(button)
                button.show()
                changed = True
            elif button not in shown and button not in self._hidden:
                self._hidden.append(button)
                button.hide()
                changed = True
        for item, widget, buttons in self._entries():
            if widget is None:
                spacer = item.spacerItem()
                if spacer is not None:
                    self._set_spacer(spacer, counted.get(_key(spacer), False))
            elif widget not in buttons and self._group_wanted(widget):
                self._show_group(widget, self._group_width(widget, shown) is not None)
        overflowing = count < len(candidates)
        if overflowing and not self.more_button.isVisibleTo(self):
            # Tab reaches “More” after the buttons, not before them (made first).
            QWidget.setTabOrder(candidates[-1], self.more_button)
        self.more_button.setVisible(overflowing)
        if changed:
            self._fill_menu()

    def _set_spacer(self, spacer: QSpacerItem, counts: bool) -> None:
        own = self._spacers.setdefault(_key(spacer), spacer.sizeHint().width())
        width = own if counts else 0
        if spacer.sizeHint().width() != width:
            spacer.changeSize(width, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)
            self.row.invalidate()

    def _show_group(self, group: QWidget, visible: bool) -> None:
        if visible and group in self._hidden_groups:
            self._hidden_groups.remove(group)
            group.show()
        elif not visible and group not in self._hidden_groups:
            self._hidden_groups.append(group)
            group.hide()

    def refit(self) -> None:
        """Fit the buttons to the bar's width again (also done on every resize)."""
        if self._busy:
            return
        self._busy = True
        try:
            self._fit()
        finally:
            self._busy = False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.refit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refit()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        # A button shown, hidden or renamed by its own code: fit again.
        if event.type() == QEvent.Type.LayoutRequest and self.isVisible():
            self.refit()
        return handled

    # -- the menu ------------------------------------------------------------------------

    def _fill_menu(self) -> None:
        """The hidden buttons as entries, enabled as the buttons are now."""
        for submenu in self.more_menu.findChildren(QMenu, "OverflowSubmenu"):
            submenu.deleteLater()
        self.more_menu.clear()
        for button in self.overflowed():
            source = _button_menu(button)
            if source is not None:
                self._add_submenu(button, source)
            elif isinstance(button, QToolButton) and button.defaultAction() is not None:
                self.more_menu.addAction(button.defaultAction())
            else:
                self._add_entry(button)

    def _add_submenu(self, button: QAbstractButton, source: QMenu) -> None:
        submenu = QMenu(button.text(), self.more_menu)
        submenu.setObjectName("OverflowSubmenu")
        submenu.setIcon(button.icon())
        submenu.setToolTipsVisible(True)
        submenu.setEnabled(button.isEnabled())
        submenu.menuAction().setToolTip(button.toolTip())

        def refresh() -> None:  # a menu filled when it opens is filled here too
            source.aboutToShow.emit()
            submenu.clear()
            submenu.addActions(source.actions())

        submenu.addActions(source.actions())
        submenu.aboutToShow.connect(refresh)
        self.more_menu.addMenu(submenu)

    def _add_entry(self, button: QAbstractButton) -> None:
        action = QAction(button.icon(), button.text(), self.more_menu)
        action.setToolTip(button.toolTip())
        action.setEnabled(button.isEnabled())
        if button.isCheckable():
            action.setCheckable(True)
            action.setChecked(button.isChecked())
        action.triggered.connect(lambda _checked=False, b=button: b.click())
        self.more_menu.addAction(action)
