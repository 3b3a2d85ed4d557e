"""The editor's side panel: the proposal checked against its call, live.

Each finding is one sentence with its numbers, marked by severity (blocking in red,
warnings in amber, information in grey); activating one asks the editor to show the field
to fix (``target_activated``). Findings never block editing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from grantdesk.domain.rule_types import Severity, Target
from grantdesk.i18n import _, ngettext
from grantdesk.ui.palette import MUTED_COLOUR

if TYPE_CHECKING:
    from grantdesk.domain.rule_types import Finding

COLOURS = {Severity.BLOCKING: "#b3261e", Severity.WARNING: "#a15c00", Severity.INFO: "#5b6778"}
POSITIVE = "#23804a"
_TARGET = Qt.ItemDataRole.UserRole
_KEY = Qt.ItemDataRole.UserRole + 1


def _dot(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


class FindingsPanel(QWidget):
    """The findings of the rule check, most serious first.

    Signals:
        target_activated(object): a finding was activated; its :class:`Target`.
    """

    target_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FindingsPanel")
        self.setMinimumWidth(240)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 12, 12, 12)
        column.setSpacing(6)
        heading = QLabel(_("Check against the call"))
        heading.setObjectName("FindingsHeading")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        column.addWidget(heading)
        self.summary = QLabel()
        self.summary.setObjectName("FindingsSummary")
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)
        self.list = QListWidget()
        self.list.setObjectName("FindingsList")
        self.list.setWordWrap(True)
        self.list.setIconSize(QSize(12, 12))
        self.list.setSpacing(3)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemActivated.connect(self._activated)
        self.list.itemClicked.connect(self._activated)
        column.addWidget(self.list, 1)
        hint = QLabel(_("Click a finding to go to what to fix. Findings never stop you editing."))
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {MUTED_COLOUR};")
        column.addWidget(hint)
        self.findings: tuple[Finding, ...] = ()

    def show_findings(self, findings: Sequence[Finding]) -> None:
        """Show *findings* (as :func:`grantdesk.domain.rules.check` orders them)."""
        self.findings = tuple(findings)
        self.list.clear()
        for finding in self.findings:
            item = QListWidgetItem(_dot(COLOURS[finding.severity]), finding.message)
            item.setData(_TARGET, finding.target.area)
            item.setData(_KEY, finding.target.key)
            item.setToolTip(finding.message)
            if finding.severity is Severity.BLOCKING:
                item.setForeground(QColor(COLOURS[Severity.BLOCKING]))
            self.list.addItem(item)
        blocking = sum(1 for f in self.findings if f.severity is Severity.BLOCKING)
        warnings = sum(1 for f in self.findings if f.severity is Severity.WARNING)
        if blocking:
            text = ngettext(
                "{n} problem makes the bid inadmissible as it stands.",
                "{n} problems make the bid inadmissible as it stands.",
                blocking,
            ).format(n=blocking)
            colour = COLOURS[Severity.BLOCKING]
        elif warnings:
            text = ngettext(
                "No blocking problem; {n} thing to check.",
                "No blocking problem; {n} things to check.",
                warnings,
            ).format(n=warnings)
            colour = COLOURS[Severity.WARNING]
        else:
            text = _("Nothing to fix: the proposal respects every rule of its call.")
            colour = POSITIVE
        self.summary.setText(text)
        self.summary.setStyleSheet(f"color: {colour};")

    def show_error(self, message: str) -> None:
        self.findings = ()
        self.list.clear()
        self.summary.setText(message)
        self.summary.setStyleSheet(f"color: {MUTED_COLOUR};")

    def _activated(self, item: QListWidgetItem) -> None:
        area = item.data(_TARGET)
        if isinstance(area, str):
            key = item.data(_KEY)
            self.target_activated.emit(Target(area, None if key is None else str(key)))
