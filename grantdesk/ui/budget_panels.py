"""Beside and below the budget grid: the live totals and the rule findings.

:class:`TotalsPanel` shows the grand total, the requested grant and the co-financing with
their shares, then the totals by funding source, by category and by partner.
:class:`FindingsList` shows what the rule check found, most serious first, each with its
severity's icon; activating one asks to show where to fix it. Both are refreshed after
every edit, so they only change the labels whose text changed.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from decimal import Decimal

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPaintEvent, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from grantdesk.domain.budget import Totals, category_label
from grantdesk.domain.money import ZERO, format_eur, format_percent
from grantdesk.domain.rules import Finding, Severity
from grantdesk.domain.vocab import FundingSource
from grantdesk.i18n import _, current_language, ngettext

INK = "#1f2a37"
MUTED = "#5b6778"
LINE = "#dfe3ea"
SEVERITY_COLOURS = {
    Severity.BLOCKING: "#b3261e",
    Severity.WARNING: "#a15c00",
    Severity.INFO: "#1f63b5",
}
OK_COLOUR = "#23804a"
Index = QModelIndex | QPersistentModelIndex


@functools.cache
def severity_icon(severity: Severity | None, size: int = 16) -> QIcon:
    """A red disc with “!” (blocking), an amber triangle (warning), a blue disc with “i”
    (information), a green disc with a tick (None: nothing found)."""
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.fill(Qt.GlobalColor.transparent)
    pixmap.setDevicePixelRatio(2.0)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(SEVERITY_COLOURS[severity] if severity else OK_COLOUR)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    box = QRectF(1, 1, size - 2, size - 2)
    if severity is Severity.WARNING:
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(size / 2, 1),
                    QPointF(size - 1, size - 1.5),
                    QPointF(1, size - 1.5),
                ]
            )
        )
        box = QRectF(0, 3, size, size - 4)
    else:
        painter.drawEllipse(box)
    painter.setPen(QColor("white"))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * 0.7))
    painter.setFont(font)
    mark = {Severity.BLOCKING: "!", Severity.WARNING: "!", Severity.INFO: "i"}.get(
        severity,  # type: ignore[arg-type]
        "✓",
    )
    painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), mark)
    painter.end()
    return QIcon(pixmap)


class ElidedLabel(QLabel):
    """A one-line label that ends in “…” when narrow; the whole text is its tooltip."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        if text != self.text():
            self.setText(text)
            self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        return QSize(40, super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.setFont(self.font())
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(rect, int(self.alignment()), shown)
        painter.end()


def _label(text: str = "", colour: str = INK, right: bool = False, bold: bool = False) -> QLabel:
    label = QLabel(text)
    style = f"color: {colour};"
    if bold:
        style += " font-weight: 600;"
    label.setStyleSheet(style)
    if right:
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return label


def _set(label: QLabel, text: str) -> None:
    if label.text() != text:
        label.setText(text)


class AmountTable(QWidget):
    """Rows of name, amount and share of the total, reusing their labels as rows change."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(3)
        self.grid.setColumnStretch(0, 1)
        heading = _label(title, MUTED, bold=True)
        heading.setObjectName("TotalsHeading")
        self.grid.addWidget(heading, 0, 0, 1, 3)
        self._rows: list[tuple[ElidedLabel, QLabel, QLabel]] = []

    def set_rows(self, rows: Sequence[tuple[str, str, str]]) -> None:
        while len(self._rows) < len(rows):
            index = len(self._rows) + 1
            cells = (ElidedLabel(), _label(right=True), _label(colour=MUTED, right=True))
            for column, cell in enumerate(cells):
                self.grid.addWidget(cell, index, column)
            self._rows.append(cells)
        for i, (name, amount, share) in enumerate(rows):
            label, value, part = self._rows[i]
            label.set_full_text(name)
            _set(value, amount)
            _set(part, share)
            for cell in (label, value, part):
                cell.setVisible(True)
        for cells in self._rows[len(rows) :]:
            for cell in cells:
                cell.setVisible(False)

    def texts(self) -> list[tuple[str, str, str]]:
        """What the visible rows say (for tests)."""
        return [(a.text(), b.text(), c.text()) for a, b, c in self._rows if a.isVisibleTo(self)]


class TotalsPanel(QFrame):
    """The budget's totals in three columns: the grand total with the grant and
    co-financing shares and the sources; the categories; the partners."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BudgetTotals")
        self.setStyleSheet("QFrame#BudgetTotals { background: #f8f9fb; }")
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 10, 14, 10)
        row.setSpacing(22)
        first = QVBoxLayout()
        first.setSpacing(3)
        first.addWidget(_label(_("Total cost"), MUTED, bold=True))
        self.grand = _label("", INK)
        font = self.grand.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.grand.setFont(font)
        self.grand.setObjectName("GrandTotal")
        first.addWidget(self.grand)
        self.lines = _label("", MUTED)
        first.addWidget(self.lines)
        first.addSpacing(6)
        self.shares = AmountTable(_("Grant and co-financing"))
        self.sources = AmountTable(_("By funding source"))
        self.categories = AmountTable(_("By category"))
        self.partners = AmountTable(_("By partner"))
        first.addWidget(self.shares)
        first.addSpacing(6)
        first.addWidget(self.sources)
        first.addStretch(1)
        row.addLayout(first, 12)
        for table, stretch in ((self.categories, 11), (self.partners, 12)):
            column = QVBoxLayout()
            column.addWidget(table)
            column.addStretch(1)
            row.addLayout(column, stretch)

    def show_totals(
        self,
        totals: Totals,
        category_order: Sequence[str],
        partner_names: Mapping[int, str],
        partner_order: Sequence[int],
    ) -> None:
        lang = current_language()
        whole = totals.grand_total

        def pct(part: Decimal | None) -> str:
            if part is None or whole == 0:
                return ""
            return format_percent(part * 100 / whole, 1, lang)

        _set(self.grand, format_eur(whole, lang))
        count = totals.line_count
        _set(
            self.lines,
            ngettext("{n} line", "{n} lines", count).format(n=f"{count:,}".replace(",", ".")),
        )
        self.shares.set_rows(
            [
                (
                    _("Requested grant"),
                    format_eur(totals.requested_grant, lang),
                    format_percent(totals.grant_share, 2, lang),
                ),
                (
                    _("Co-financing"),
                    format_eur(totals.co_financing, lang),
                    format_percent(totals.co_financing_share, 2, lang),
                ),
            ]
        )
        self.sources.set_rows(
            [
                (source.label, format_eur(amount, lang), pct(amount))
                for source, amount in totals.by_source.items()
                if amount or source is FundingSource.REQUESTED_GRANT
            ]
        )
        order = {code: i for i, code in enumerate(category_order)}
        categories = sorted(
            totals.by_category.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])
        )
        self.categories.set_rows(
            [(category_label(k), format_eur(v, lang), pct(v)) for k, v in categories]
        )
        ranks = {org: i for i, org in enumerate(partner_order)}
        amounts: dict[int | None, Decimal] = {
            org: ZERO for org in partner_order
        }  # a partner without costs shows too
        amounts.update(totals.by_partner)
        partners = sorted(
            amounts.items(),
            key=lambda kv: (kv[0] is None, ranks.get(kv[0] or 0, len(ranks)), kv[0] or 0),
        )
        self.partners.set_rows(
            [
                (
                    _("No partner") if org is None else partner_names.get(org, str(org)),
                    format_eur(amount, lang),
                    pct(amount),
                )
                for org, amount in partners
            ]
        )


class _FindingDelegate(QStyledItemDelegate):
    """A finding: its icon, then its sentence wrapped to the list's width (never cut)."""

    PAD = 5
    ICON = 16

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QListWidget) else option.rect.width()
        return max(80, width - self.ICON - 4 * self.PAD)

    @staticmethod
    def _text(index: Index) -> str:
        # "€ 1.504,38" and "12,4 %" never break across lines.
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        return text.replace("€ ", "€\u00a0").replace(" %", "\u00a0%")

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        text = self._text(index)
        width = self._text_width(option)
        box = option.fontMetrics.boundingRect(
            QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), text
        )
        return QSize(width, max(self.ICON, box.height()) + 2 * self.PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        text = self._text(index)
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        item.text, item.icon = "", QIcon()
        style = item.widget.style() if item.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, item.widget)
        rect = option.rect
        left, top = rect.left() + self.PAD, rect.top() + self.PAD
        if isinstance(icon, QIcon):
            icon.paint(painter, QRect(left, top + 1, self.ICON, self.ICON))
        painter.save()
        painter.setPen(QColor(INK))
        text_rect = QRect(left + self.ICON + 2 * self.PAD, top, self._text_width(option), 10_000)
        painter.drawText(text_rect, int(Qt.TextFlag.TextWordWrap), text)
        painter.restore()


class FindingsList(QListWidget):
    """The rule check's findings; activating one emits ``target_activated(Target)``.

    Signals:
        target_activated(object): the ``Target`` of the finding clicked or activated.
    """

    target_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BudgetFindings")
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(False)
        self.setIconSize(QSize(16, 16))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setStyleSheet("QListWidget#BudgetFindings { border: none; background: white; }")
        self.setItemDelegate(_FindingDelegate(self))
        self._shown: tuple[tuple[str, str, str], ...] | None = None
        self.findings: tuple[Finding, ...] = ()
        self.itemActivated.connect(self._activated)
        self.itemClicked.connect(self._activated)

    def show_findings(self, findings: Sequence[Finding]) -> None:
        key = tuple((f.code.value, f.severity.value, f.message) for f in findings)
        if key == self._shown:
            return
        self._shown = key
        self.findings = tuple(findings)
        self.clear()
        if not findings:
            item = QListWidgetItem(
                severity_icon(None), _("No findings: the proposal respects the call's rules.")
            )
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addItem(item)
            return
        for number, finding in enumerate(findings):
            item = QListWidgetItem(severity_icon(finding.severity), finding.message)
            item.setData(Qt.ItemDataRole.UserRole, number)
            item.setToolTip(finding.message)
            self.addItem(item)

    def summary(self) -> str:
        """“2 blocking, 1 warning” (empty when nothing was found)."""
        counts = {s: sum(1 for f in self.findings if f.severity is s) for s in Severity}
        parts = []
        if counts[Severity.BLOCKING]:
            n = counts[Severity.BLOCKING]
            parts.append(ngettext("{n} blocking", "{n} blocking", n).format(n=n))
        if counts[Severity.WARNING]:
            n = counts[Severity.WARNING]
            parts.append(ngettext("{n} warning", "{n} warnings", n).format(n=n))
        if counts[Severity.INFO]:
            n = counts[Severity.INFO]
            parts.append(ngettext("{n} note", "{n} notes", n).format(n=n))
        return ", ".join(parts)

    def _activated(self, item: QListWidgetItem) -> None:
        number = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(number, int) and 0 <= number < len(self.findings):
            self.target_activated.emit(self.findings[number].target)
